//! The command-line definition (clap derive types), and the parser the
//! binary uses on them. The man page and shell completions are generated
//! from these types.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::config::StoreKind;

/// A vault for deployment tokens: OS keyring or age file, never plaintext.
#[derive(Debug, Parser)]
#[command(name = "chopvault", version, about, long_about = None)]
#[command(
    after_help = "Exit codes: 0 ok, 1 error, 2 usage, 3 no such entry, 4 store unavailable or locked, \
5 wrong passphrase or identity, 10 a token expires soon, 11 a token has expired, \
14 the store could not be asked (figures are cached)."
)]
pub struct Cli {
    /// Options shared by every command.
    #[command(flatten)]
    pub global: Global,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Paths that override the config file and the XDG defaults.
#[derive(Debug, Args, Clone, Default)]
pub struct Global {
    /// The age vault file (file store).
    #[arg(long, global = true, env = "CHOPVAULT_VAULT", value_name = "FILE")]
    pub vault: Option<PathBuf>,
    /// age identity file that unlocks the vault.
    #[arg(long, global = true, env = "CHOPVAULT_IDENTITY", value_name = "FILE")]
    pub identity: Option<PathBuf>,
    /// File whose first line is the vault passphrase (must be mode 0600).
    #[arg(
        long,
        global = true,
        env = "CHOPVAULT_PASSPHRASE_FILE",
        value_name = "FILE"
    )]
    pub passphrase_file: Option<PathBuf>,
    /// The config file [default: $XDG_CONFIG_HOME/chopvault/config.toml].
    #[arg(long, global = true, env = "CHOPVAULT_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// How long an OpenBao request may take, failover and retries included [default: config timeout, else 10s].
    #[arg(long, global = true, env = "CHOPVAULT_TIMEOUT", value_name = "DURATION", value_parser = duration_text)]
    pub timeout: Option<String>,
}

/// The subcommand a command line names (the first word that is one), for
/// pointing an error at its help. Builds clap's whole tree: error path only.
pub fn subcommand_named(args: &[OsString]) -> Option<String> {
    let cmd = Cli::command();
    args.iter().skip(1).find_map(|a| {
        let a = a.to_str()?;
        cmd.get_subcommands()
            .find(|s| s.get_name() == a || s.get_all_aliases().any(|x| x == a))
            .map(|s| s.get_name().to_string())
    })
}

/// The longest duration any option or setting takes (see
/// [`crate::config::MAX_DURATION`]).
pub const MAX_DURATION: std::time::Duration = crate::config::MAX_DURATION;

/// `90`, `90s`, `5m`, `1h30m`, `1h 30m`: a positive duration of at most
/// [`MAX_DURATION`] ([`crate::config::parse_duration`]), or why not in words.
pub fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    crate::config::parse_duration(text).map_err(bad_duration)
}

/// Why a text is not a duration, in words.
pub fn bad_duration(why: crate::config::BadDuration) -> String {
    match why {
        // A duration, but nothing would last for it: say that, not "not a
        // duration".
        crate::config::BadDuration::Zero => t!("cli-duration-not-zero"),
        crate::config::BadDuration::NotADuration => t!(
            "cli-expected-duration",
            days = MAX_DURATION.as_secs() / 86_400
        ),
    }
}

/// A scrypt work factor for a new key file. Said as a range, not with
/// clap's ranged parser, whose message quotes the value back.
fn work_factor(text: &str) -> Result<u8, String> {
    use crate::store::file::{MAX_WORK_FACTOR, MIN_WORK_FACTOR};
    text.parse::<u8>()
        .ok()
        .filter(|n| (MIN_WORK_FACTOR..=MAX_WORK_FACTOR).contains(n))
        .ok_or_else(|| {
            t!(
                "cli-work-factor",
                min = MIN_WORK_FACTOR,
                max = MAX_WORK_FACTOR
            )
        })
}

/// A duration kept as it was written (saved in the config as such).
fn duration_text(text: &str) -> Result<String, String> {
    parse_duration(text).map(|_| text.to_string())
}

/// An expiry date: `YYYY-MM-DD` (midnight UTC), an RFC 3339 time, or
/// `never` (`None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExpiryArg(pub Option<jiff::Timestamp>);

fn expiry(text: &str) -> Result<ExpiryArg, String> {
    if text == "never" {
        return Ok(ExpiryArg(None));
    }
    if let Ok(ts) = text.parse::<jiff::Timestamp>() {
        return Ok(ExpiryArg(Some(ts)));
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|d| d.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|z| ExpiryArg(Some(z.timestamp())))
        .ok_or_else(|| t!("cli-expected-date"))
}

/// A Yandex OAuth ClientID: 32 hexadecimal characters (one check for
/// `set`, `login` and `rotate`: rotate would refuse a stored one it
/// cannot use).
fn client_id(text: &str) -> Result<String, String> {
    if crate::yandex::oauth::valid_client_id(text) {
        Ok(text.to_string())
    } else {
        Err(t!("cli-expected-client-id"))
    }
}

/// A plain file name inside the export folder.
fn file_name(text: &str) -> Result<String, String> {
    if text.is_empty() || text == "." || text == ".." || text.contains('/') || text.contains('\0') {
        Err(t!("cli-expected-file-name"))
    } else {
        Ok(text.to_string())
    }
}

/// A note: free text, but nothing in it that shows as nothing (a reader
/// must see all of what a teammate wrote).
fn note(text: &str) -> Result<String, String> {
    match text
        .chars()
        .enumerate()
        .find(|(_, c)| crate::secret::invisible(*c))
    {
        Some((pos, c)) => Err(t!(
            "cli-expected-visible-text",
            code = format!("U+{:04X}", c as u32),
            position = pos + 1
        )),
        None => Ok(text.to_string()),
    }
}

/// An environment variable's name.
fn env_name(text: &str) -> Result<String, String> {
    if text.is_empty() || text.contains('=') || text.contains('\0') {
        Err(t!("cli-variable-name"))
    } else {
        Ok(text.to_string())
    }
}

/// An entry name, checked where it comes in (the same rule the vault
/// parser applies to names it reads).
fn entry_name(text: &str) -> Result<String, String> {
    crate::entry::check_name(text)
        .map(|()| text.to_string())
        .map_err(|why| crate::say::Explain::explain(&why).text)
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the store and remember it in the config file.
    Init(InitArgs),
    /// Store a value (hidden prompt, --stdin or --from-file; never an argument).
    Set(SetArgs),
    /// Print a value to stdout, or its metadata with --json.
    Get(GetArgs),
    /// List entries (reads only the metadata index: unlocks nothing).
    #[command(visible_alias = "ls")]
    List(ListArgs),
    /// Remove an entry.
    #[command(visible_alias = "remove")]
    Rm(RmArgs),
    /// The store, and every entry's expiry; exit 10/11 when one expires soon / has expired.
    Status(StatusArgs),
    /// Write DIR/token.txt only while the installer runs, then wipe it.
    Export(ExportArgs),
    /// Wipe token files left behind by an export that was killed.
    Cleanup(CleanupArgs),
    /// Obtain a first Yandex.Disk token through Yandex OAuth and store it.
    Login(LoginArgs),
    /// Replace a lost or leaked token: new token, verify, same account, swap, revoke the old.
    Rotate(RotateArgs),
    /// Ask Yandex whether a token works and whose it is (exit 12 rejected, 13 unreachable).
    Verify(VerifyArgs),
    /// Renew a token with its stored refresh token.
    Refresh(RefreshArgs),
    /// One line per entry and a combined exit code, for cron and monitoring.
    Check(CheckArgs),
    /// What happened to an entry: its events, and its KV versions on OpenBao.
    History(HistoryArgs),
    /// Who can open a team vault and who can write it: list, add, remove.
    Recipients(RecipientsArgs),
    /// The members pinned for a vault on this machine: show them, or accept a change you know about.
    Members(MembersArgs),
    /// Print your member card (age1… ssh-ed25519 AAAA… name) for a team vault's writers to add.
    Whoami(WhoamiArgs),
    /// Move every entry (value, metadata, history) to another store, check each, switch the config, then remove the old copies.
    Migrate(MigrateArgs),
    /// Ask for the vault's passphrase once and let an agent hold the key, so later commands in any terminal ask no more.
    Unlock(UnlockArgs),
    /// End the agent: the next command asks for the passphrase again.
    Lock,
    /// Convert a passphrase vault to a passphrase-protected key (vault.key.age), change the passphrase, or replace the key itself (--new-key).
    Rekey(RekeyArgs),
    /// The agent process itself (started by unlock).
    #[command(hide = true, name = "agent-serve")]
    AgentServe,
    /// Rebuild the metadata index from the store (e.g. after a git pull of a team vault).
    Reindex,
    /// What is wrong with this setup, and how to fix it (exit 1 if anything fails).
    Doctor {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print shell completions.
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write one page per subcommand into a folder.
    Man(ManArgs),
}

impl Command {
    /// The command's name as typed (for the OpenBao User-Agent).
    pub fn name(&self) -> &'static str {
        match self {
            Command::Init(_) => "init",
            Command::Set(_) => "set",
            Command::Get(_) => "get",
            Command::List(_) => "list",
            Command::Rm(_) => "rm",
            Command::Status(_) => "status",
            Command::Export(_) => "export",
            Command::Cleanup(_) => "cleanup",
            Command::Login(_) => "login",
            Command::Rotate(_) => "rotate",
            Command::Verify(_) => "verify",
            Command::Refresh(_) => "refresh",
            Command::Check(_) => "check",
            Command::History(_) => "history",
            Command::Recipients(_) => "recipients",
            Command::Members(_) => "members",
            Command::Whoami(_) => "whoami",
            Command::Migrate(_) => "migrate",
            Command::Unlock(_) => "unlock",
            Command::Lock => "lock",
            Command::Rekey(_) => "rekey",
            Command::AgentServe => "agent-serve",
            Command::Reindex => "reindex",
            Command::Doctor { .. } => "doctor",
            Command::Completions(_) => "completions",
            Command::Man(_) => "man",
        }
    }
}

/// `man`
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write chopvault.1 and a chopvault-COMMAND.1 for every subcommand into DIR (created if missing).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// Which store `init` creates: `auto`, or a kind of store by its word.
/// The values come from `StoreKind::ALL`, each with its help from the
/// catalogs (`help-chopvault-init--store--WORD`), so a new kind is offered
/// with nothing to add here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoreChoice(Option<StoreKind>);

impl StoreChoice {
    /// `--store auto`.
    pub const AUTO: StoreChoice = StoreChoice(None);

    /// The kind of store asked for; `None` for `auto`.
    pub fn kind(self) -> Option<StoreKind> {
        self.0
    }
}

impl ValueEnum for StoreChoice {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<StoreChoice>> = std::sync::LazyLock::new(|| {
            std::iter::once(StoreChoice::AUTO)
                .chain(StoreKind::ALL.iter().map(|&k| StoreChoice(Some(k))))
                .collect()
        });
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(match self.0 {
            None => clap::builder::PossibleValue::new("auto")
                .help("The keyring when it answers within 3 s, else the age file"),
            Some(kind) => kind_value(kind, "init--store"),
        })
    }
}

/// A kind of store as a value of `--OPTION` (`init--store`, `migrate--to`):
/// its word, and its help in English from the catalog (translated with the
/// rest of the help by `ui::clap`).
fn kind_value(kind: StoreKind, option: &str) -> clap::builder::PossibleValue {
    let key = format!("help-chopvault-{option}--{}", kind.word());
    clap::builder::PossibleValue::new(kind.word()).help(crate::ui::catalog::text_in(
        crate::ui::lang::Lang::En,
        &key,
        &[],
    ))
}

/// `cleanup`
#[derive(Debug, Args)]
pub struct CleanupArgs {
    /// Also act on exports recorded on another machine or in another PID namespace (a container), whose process cannot be checked from here.
    #[arg(long)]
    pub force: bool,
}

/// `init`
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where values live.
    // `default_value`, not `_t`: the default's help is then not looked
    // up (from the catalog) by commands that never see `init`'s help.
    #[arg(long, value_enum, default_value = "auto")]
    pub store: StoreChoice,
    /// How the new store is made.
    #[command(flatten)]
    pub new: NewStoreArgs,
}

/// How a new store is made (`init`, `migrate`).
#[derive(Debug, Args, Clone)]
pub struct NewStoreArgs {
    /// Create a new age identity (at --identity, or in the config folder) and encrypt the vault to it.
    #[arg(long)]
    pub generate_identity: bool,
    /// Also make this person a member (repeatable; for a team): their card from chopvault whoami (age1… ssh-ed25519 AAAA… name, quoted) can read and write; a bare age1… recipient reads only.
    #[arg(long = "recipient", value_name = "CARD")]
    pub recipients: Vec<String>,
    /// Unlock on the first prompt: the agent holds the vault's key this long after each passphrase prompt (saved as unlock_for in the config; e.g. 15m).
    #[arg(long, value_name = "DURATION", value_parser = duration_text)]
    pub unlock_for: Option<String>,
    /// The name on your member card in an identity vault [default: user@host].
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
    /// scrypt work factor (log2 N) of a passphrase vault, kept for every later write [default: 18, 256 MiB].
    #[arg(long, value_name = "N", value_parser = work_factor)]
    pub work_factor: Option<u8>,
    /// OpenBao / Vault address; repeat it for each node of a cluster [default: $BAO_ADDR, then $VAULT_ADDR].
    #[arg(long, value_name = "URL")]
    pub addr: Vec<String>,
    /// OpenBao / Vault namespace [default: $BAO_NAMESPACE at run time].
    #[arg(long, value_name = "NAMESPACE")]
    pub namespace: Option<String>,
    /// KV version 2 mount on the server; a nested path such as team/kv is fine.
    #[arg(long, default_value = "secret")]
    pub mount: String,
    /// Path prefix of chopvault's entries inside the mount.
    #[arg(long, default_value = "chopvault/")]
    pub prefix: String,
    /// Extra CA certificate (PEM) to trust for the server.
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// A 0600 file holding the OpenBao token (otherwise BAO_TOKEN / VAULT_TOKEN or the keyring).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Read the OpenBao token (prompt, or stdin when piped) and keep it in the OS keyring.
    #[arg(long, conflicts_with = "token_file")]
    pub token_to_keyring: bool,
    /// Log in to OpenBao instead of being given a token; the login token is cached, renewed and replaced.
    #[arg(long, value_enum, value_name = "METHOD", conflicts_with_all = ["token_file", "token_to_keyring"])]
    pub auth: Option<AuthArg>,
    /// Where the login method is mounted [default: the method's name].
    #[arg(long, value_name = "PATH", requires = "auth")]
    pub auth_mount: Option<String>,
    /// The login role (jwt, kubernetes; cert: the certificate role).
    #[arg(long, value_name = "ROLE", requires = "auth")]
    pub role: Option<String>,
    /// AppRole: the file holding the role id.
    #[arg(long, value_name = "FILE", requires = "auth")]
    pub role_id_file: Option<PathBuf>,
    /// AppRole: the 0600 file holding the secret id, or a response-wrapping token for it (unwrapped once).
    #[arg(long, value_name = "FILE", requires = "auth")]
    pub secret_id_file: Option<PathBuf>,
    /// JWT or Kubernetes: the file holding the JWT [kubernetes default: the pod's service-account token].
    #[arg(long, value_name = "FILE", requires = "auth")]
    pub jwt_file: Option<PathBuf>,
    /// Cert: the client certificate (PEM).
    #[arg(long, value_name = "FILE", requires = "auth")]
    pub client_cert: Option<PathBuf>,
    /// Cert: the client certificate's 0600 private key (PEM).
    #[arg(long, value_name = "FILE", requires = "auth")]
    pub client_key: Option<PathBuf>,
}

/// OpenBao login methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    /// AppRole: --role-id-file and --secret-id-file.
    #[value(name = "approle")]
    AppRole,
    /// TLS client certificate: --client-cert and --client-key.
    Cert,
    /// A JWT: --role and --jwt-file.
    Jwt,
    /// Kubernetes service account: --role [--jwt-file].
    Kubernetes,
}

/// `migrate`
#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// The store to move every entry to.
    #[arg(long, value_enum, value_name = "STORE")]
    pub to: MigrateTo,
    /// With --to file: the new vault [default: the default vault path].
    #[arg(long, value_name = "FILE")]
    pub to_vault: Option<PathBuf>,
    /// With --to file: the age identity that will unlock the new vault (with --generate-identity: where to create it).
    #[arg(long, value_name = "FILE")]
    pub to_identity: Option<PathBuf>,
    /// With --to file and no identity: a 0600 file holding the new vault's passphrase (otherwise asked for).
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
    /// Keep the entries in the old store after the move (they are removed otherwise).
    #[arg(long)]
    pub keep_old: bool,
    /// Overwrite entries of the same name that the new store already holds with another value.
    #[arg(long)]
    pub force: bool,
    /// How the new store is made.
    #[command(flatten)]
    pub new: NewStoreArgs,
}

/// The stores `migrate` moves to: every kind, by its word (as
/// [`StoreChoice`], without `auto`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MigrateTo(StoreKind);

impl MigrateTo {
    /// The kind of store asked for.
    pub fn kind(self) -> StoreKind {
        self.0
    }
}

impl ValueEnum for MigrateTo {
    fn value_variants<'a>() -> &'a [Self] {
        static ALL: std::sync::LazyLock<Vec<MigrateTo>> =
            std::sync::LazyLock::new(|| StoreKind::ALL.iter().map(|&k| MigrateTo(k)).collect());
        &ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(kind_value(self.0, "migrate--to"))
    }
}

/// Kinds of entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A Yandex.Disk OAuth token (365 days unless --expires).
    YandexDisk,
    /// Anything else.
    Generic,
}

/// `set`
#[derive(Debug, Args)]
pub struct SetArgs {
    /// Entry name (letters, digits, . _ - /).
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// Read the value from standard input.
    #[arg(long, conflicts_with = "from_file")]
    pub stdin: bool,
    /// Import the value from a plaintext file (e.g. token.txt), then wipe that file.
    #[arg(long, value_name = "PATH")]
    pub from_file: Option<PathBuf>,
    /// With --from-file: leave the source file in place.
    #[arg(long, requires = "from_file")]
    pub keep_source: bool,
    /// What the value is [default: yandex-disk for a new entry].
    #[arg(long, value_enum)]
    pub kind: Option<KindArg>,
    /// Expiry date (YYYY-MM-DD or RFC 3339), or "never".
    #[arg(long, value_name = "DATE", value_parser = expiry)]
    pub expires: Option<ExpiryArg>,
    /// OAuth client (application) id.
    #[arg(long, value_name = "ID", value_parser = client_id)]
    pub client_id: Option<String>,
    /// A free note.
    #[arg(long, value_parser = note)]
    pub note: Option<String>,
    /// Replace an existing entry without being asked, and accept an --expires date in the past.
    #[arg(long)]
    pub force: bool,
}

/// `get`
#[derive(Debug, Args)]
pub struct GetArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// Print metadata as JSON instead of the value.
    #[arg(long)]
    pub json: bool,
    /// With --json: include the value.
    #[arg(long, requires = "json")]
    pub reveal: bool,
}

/// `list`
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Names only, one per line, from the local index, quietly (for shell completion; never unlocks or asks a server).
    #[arg(long, conflicts_with = "json")]
    pub names: bool,
}

/// `rm`
#[derive(Debug, Args)]
pub struct RmArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// Remove without being asked (needed when there is no terminal).
    #[arg(long)]
    pub force: bool,
    /// Print what was removed as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `status`
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Warn about tokens expiring within this many days.
    #[arg(long, default_value_t = crate::entry::WARN_DAYS as u32, value_name = "DAYS")]
    pub warn_days: u32,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `export`
#[derive(Debug, Args)]
#[command(
    after_help = "Example: chopvault export yandex-disk --dir ./CHOP_DEPLOY -- ./install.sh\n\
The exit code is the installer's (128 + signal number if it was killed)."
)]
pub struct ExportArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// The folder to write into [default: $CHOP_DEPLOY].
    #[arg(long, env = "CHOP_DEPLOY", value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// The file name inside DIR.
    #[arg(long, default_value = "token.txt", value_name = "NAME", value_parser = file_name)]
    pub file: String,
    /// No installer: keep the file until Enter is pressed or a signal arrives.
    #[arg(long)]
    pub wait: bool,
    /// Wipe the file after this long even if the installer still runs (e.g. 90s, 5m, 1h).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub ttl: Option<std::time::Duration>,
    /// Wipe the file as soon as the installer has read it once (Linux).
    #[arg(long)]
    pub remove_after_read: bool,
    /// End the file with a newline (default: exactly the token).
    #[arg(long)]
    pub newline: bool,
    /// Replace an existing file at the target (its name is replaced; the file itself is never written through; never a symlink).
    #[arg(long)]
    pub replace: bool,
    /// If another export is using the same file, refuse instead of waiting for it.
    #[arg(long)]
    pub no_wait: bool,
    /// Export a token whose expiry date has passed (normally refused, exit 11).
    #[arg(long)]
    pub allow_expired: bool,
    /// Run the installer only when the token differs from the one this host last exported (its fingerprint is kept in the state folder); otherwise say so and exit 0.
    #[arg(long, conflicts_with = "wait")]
    pub if_changed: bool,
    /// Also give the token to the installer in this environment variable.
    #[arg(long, value_name = "VAR", value_parser = env_name)]
    pub env: Option<String>,
    /// Hand this variable to the installer although it unlocks a store (BAO_TOKEN, VAULT_TOKEN, CHOPVAULT_*); repeatable.
    #[arg(long, value_name = "VAR")]
    pub keep_env: Vec<String>,
    /// Let the installer use the unlocked agent (normally refused while the export runs).
    #[arg(long)]
    pub allow_agent: bool,
    /// Run the installer as this user, with a minimal environment; the file is given to them (root only).
    #[arg(long, value_name = "USER", conflicts_with = "wait")]
    pub as_user: Option<String>,
    /// Run the installer without the session bus and the runtime folder (refused where the system cannot).
    #[arg(long, conflicts_with = "wait")]
    pub sandbox: bool,
    /// The installer and its arguments, after --.
    #[arg(
        last = true,
        value_name = "INSTALLER",
        required_unless_present = "wait",
        conflicts_with = "wait"
    )]
    pub command: Vec<std::ffi::OsString>,
}

/// How to obtain a token from Yandex.
#[derive(Debug, Args, Clone)]
pub struct FlowArgs {
    /// Device flow: type a short code on any device (for headless servers); needs the client secret.
    #[arg(long, conflicts_with = "code")]
    pub device: bool,
    /// Confirmation-code flow: also yields a refresh token; needs the client secret.
    #[arg(long)]
    pub code: bool,
    /// Read what would be typed (token or redirect URL, client secret, code) from stdin, one per line.
    #[arg(long)]
    pub stdin: bool,
    /// Do not try to open a browser.
    #[arg(long)]
    pub no_browser: bool,
}

impl From<&FlowArgs> for crate::lifecycle::Flow {
    fn from(a: &FlowArgs) -> Self {
        use crate::lifecycle::Flow;
        if a.device {
            Flow::Device
        } else if a.code {
            Flow::Code {
                browser: !a.no_browser,
            }
        } else {
            Flow::Manual {
                browser: !a.no_browser,
            }
        }
    }
}

/// `login`
#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// The ClientID of your Yandex OAuth app (without it, a guide helps you create one).
    #[arg(long, value_name = "ID", value_parser = client_id)]
    pub client_id: Option<String>,
    /// How to obtain the token.
    #[command(flatten)]
    pub flow: FlowArgs,
}

/// `rotate`
#[derive(Debug, Args)]
pub struct RotateArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// Use this ClientID instead of the stored one.
    #[arg(long, value_name = "ID", value_parser = client_id)]
    pub client_id: Option<String>,
    /// Accept a new token that belongs to another Yandex account.
    #[arg(long)]
    pub allow_account_change: bool,
    /// How to obtain the token.
    #[command(flatten)]
    pub flow: FlowArgs,
}

/// `verify`
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// Also prove the token can write: upload a small file into app:/ and delete it.
    #[arg(long)]
    pub write: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `refresh`
#[derive(Debug, Args)]
pub struct RefreshArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
}

/// `check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Warn about tokens expiring within this many days.
    #[arg(long, default_value_t = crate::entry::WARN_DAYS as u32, value_name = "DAYS")]
    pub warn_days: u32,
    /// Also ask Yandex about every yandex-disk token (unlocks the store).
    #[arg(long)]
    pub verify: bool,
    /// Report tokens whose refresh token has not been used for 90 days.
    #[arg(long)]
    pub refresh_due: bool,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `history`
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Entry name.
    #[arg(value_parser = entry_name)]
    pub name: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

/// `recipients`
#[derive(Debug, Args)]
pub struct RecipientsArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: RecipientsAction,
}

/// `recipients` actions.
#[derive(Debug, Subcommand)]
pub enum RecipientsAction {
    /// List the recipients: names, keys, and who can write ("you" marks yours).
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Add a member: with a card (from chopvault whoami) they can read and write; with a bare age1… recipient, read only.
    Add {
        /// A member card: age1… ssh-ed25519 AAAA… [name] (quoted or not), or age1… alone.
        #[arg(required = true, num_args = 1.., value_name = "CARD")]
        card: Vec<String>,
    },
    /// Remove a member: they can no longer open new versions, and a vault they sign is refused.
    Remove {
        /// Their card (age1… ssh-ed25519 AAAA… name, quoted or not), their age recipient (age1…), or the name on their card.
        #[arg(required = true, num_args = 1.., value_name = "MEMBER")]
        recipient: Vec<String>,
        /// Allow removing your own identity's recipient.
        #[arg(long)]
        force: bool,
    },
}

/// `members`
#[derive(Debug, Args)]
pub struct MembersArgs {
    /// What to do.
    #[command(subcommand)]
    pub action: MembersAction,
}

/// `members` actions.
#[derive(Debug, Subcommand)]
pub enum MembersAction {
    /// Show the members pinned on this machine and the vault's own list.
    Show,
    /// Trust the vault's current members and signer (after showing the change): for a change you know about.
    Accept {
        /// Accept without asking (needed when there is no terminal): only after checking the change shown.
        #[arg(long)]
        yes: bool,
        /// Also accept an older generation than the one pinned here (a rollback; writes made since are lost to this machine).
        #[arg(long)]
        rollback: bool,
    },
    /// Trust these members before first use: an OpenSSH allowed_signers file (name ssh-ed25519 AAAA…), as for ssh-keygen -Y verify.
    Trust {
        /// The allowed_signers file.
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
    },
}

/// `unlock`
#[derive(Debug, Args)]
pub struct UnlockArgs {
    /// How long the agent holds the key at most (90s, 15m, 1h).
    #[arg(long = "for", value_name = "DURATION", default_value = "15m", value_parser = parse_duration)]
    pub for_: std::time::Duration,
    /// Drop the key after this long without a request [default: the --for duration].
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub idle: Option<std::time::Duration>,
}

/// `rekey`
#[derive(Debug, Args)]
pub struct RekeyArgs {
    /// Read the new passphrase from the first line of this 0600 file (else asked twice).
    #[arg(long, value_name = "FILE")]
    pub new_passphrase_file: Option<PathBuf>,
    /// scrypt work factor (log2 N) of the key file [default: 18, or the current one].
    #[arg(long, value_name = "N", value_parser = work_factor)]
    pub work_factor: Option<u8>,
    /// Replace the key itself: a new identity, the vault re-encrypted to it, so that copies of the old key file open only what was written before.
    #[arg(long)]
    pub new_key: bool,
}

/// `whoami`
#[derive(Debug, Args)]
pub struct WhoamiArgs {
    /// The name on the card [default: user@host].
    #[arg(long)]
    pub name: Option<String>,
    /// Also write your member signing key to FILE, an unencrypted OpenSSH private key (0600, never overwrites), to sign the vault with ssh-keygen -Y sign.
    #[arg(long, value_name = "FILE")]
    pub ssh_key: Option<PathBuf>,
    /// Make a new age identity in FILE (0600, never overwrites) and print its card: for joining a team vault when you have no identity yet.
    #[arg(long, value_name = "FILE", conflicts_with = "ssh_key")]
    pub generate: Option<PathBuf>,
}

/// `completions`
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

impl Cli {
    /// Parses the process's arguments, as `Cli::parse()` would.
    pub fn from_env() -> Cli {
        let args: Vec<OsString> = std::env::args_os().collect();
        // `--version` alone: clap would build every subcommand's arguments
        // to print one line (a third of the command's own time). The same
        // line as clap's; a test compares them.
        if let [_, flag] = args.as_slice()
            && (flag == "--version" || flag == "-V")
        {
            let _ = std::io::Write::write_all(&mut std::io::stdout(), version_line().as_bytes());
            std::process::exit(0);
        }
        Self::try_parse_args(args.clone()).unwrap_or_else(|e| {
            if let Some(message) = forgotten_dashes(&e, &args).or_else(|| unechoed(&e)) {
                use std::io::Write;
                let _ = std::io::stderr().write_all(message.as_bytes());
                std::process::exit(2);
            }
            // In another language than English, clap's words are replaced
            // by the catalog's (help, usage errors); English keeps clap's.
            let foreign = crate::ui::lang::current() != crate::ui::lang::Lang::En;
            if !e.use_stderr() {
                if foreign && e.kind() != clap::error::ErrorKind::DisplayVersion {
                    let text = crate::ui::clap::error_text(&e, &args, Cli::command());
                    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
                    std::process::exit(0);
                }
                e.exit() // --help, --version
            }
            // clap's own words, with its closing pointer made our hint line
            // (every error has one).
            let name_arg = matches!(
                e.get(clap::error::ContextKind::InvalidArg),
                Some(clap::error::ContextValue::String(a)) if a == "<NAME>"
            );
            let hint = if e.kind() == clap::error::ErrorKind::ValueValidation && name_arg {
                t!("cli-entry-name-hint")
            } else {
                t!("cli-more-help-hint")
            };
            let refused_value = e.kind() == clap::error::ErrorKind::ValueValidation && !name_arg;
            let text = if refused_value {
                let arg = match e.get(clap::error::ContextKind::InvalidArg) {
                    Some(clap::error::ContextValue::String(a)) => a.clone(),
                    _ => t!("cli-option"),
                };
                let why = std::error::Error::source(&e)
                    .map(|s| t!("cli-it-takes", expected = expected(s)))
                    .unwrap_or_default();
                let value = match e.get(clap::error::ContextKind::InvalidValue) {
                    Some(clap::error::ContextValue::String(v)) => v.clone(),
                    _ => String::new(),
                };
                refused(&arg, &value, &why, &hint)
            } else if foreign {
                let text = crate::ui::clap::error_text(&e, &args, Cli::command());
                if e.kind() == clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                    text
                } else {
                    format!("{text}\n{hint}\n")
                }
            } else {
                e.render().to_string().replace(
                    "\nFor more information, try '--help'.",
                    &format!("\n{hint}"),
                )
            };
            let _ = std::io::Write::write_all(&mut std::io::stderr(), text.as_bytes());
            std::process::exit(e.exit_code())
        })
    }

    /// Parses `args` (program name first) exactly as `Cli::try_parse_from`
    /// would, but cheaper for the commands that scripts and cron run often.
    ///
    /// clap's derive builds the whole tree (22 subcommands, the global
    /// options copied into each) before it looks at the arguments: about
    /// 0.1 ms of a 1.5 ms `get` here, mostly heap pages touched once. When the command line names one of the hot commands and asks
    /// for no help or version, a tree holding only that subcommand is built
    /// from the same derive types; anything else takes the full tree. A test
    /// holds the two parsers to the same answers, errors included.
    pub fn try_parse_args(args: Vec<OsString>) -> Result<Cli, clap::Error> {
        match lean_command(&args) {
            Some(cmd) => {
                let matches = cmd.try_get_matches_from(args)?;
                <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
            }
            None => <Cli as Parser>::try_parse_from(args),
        }
    }
}

/// What `chopvault --version` prints.
pub fn version_line() -> String {
    format!("chopvault {}\n", env!("CARGO_PKG_VERSION"))
}

/// What a refused value should have been, in words: a parser's own
/// message, or for a number std's English ("invalid digit found in
/// string") replaced by the catalog's.
fn expected(source: &(dyn std::error::Error + 'static)) -> String {
    if source.downcast_ref::<std::num::ParseIntError>().is_some() {
        t!("cli-whole-number")
    } else {
        source.to_string()
    }
}

/// Whether a refused option value may be a token, and so is not quoted
/// back (a token pasted into `--client-id` would land in scrollback and
/// CI logs). Durations, numbers, names and ClientIDs with a typo are short
/// and are shown, so that the user sees what was wrong: a token is long
/// and unbroken, or starts the way Yandex's and OpenBao's tokens do.
pub fn may_be_secret(value: &str) -> bool {
    const PREFIXES: [&str; 7] = ["y0_", "y1_", "y2_", "y3_", "AQAAAA", "hvs.", "s."];
    let long = value.chars().count() >= 40 && !value.contains(char::is_whitespace);
    long || PREFIXES
        .iter()
        .any(|p| value.starts_with(p) && value.len() > p.len() + 8)
}

/// The error for a refused option value: quoted when it cannot be a
/// token, with a note when it holds Cyrillic letters (typed on the
/// Russian keyboard layout: `15м` for `15m`).
fn refused(arg: &str, value: &str, why: &str, hint: &str) -> String {
    if may_be_secret(value) {
        return t!(
            "cli-secret-value-refused",
            arg = arg,
            why = why,
            hint = hint
        );
    }
    let is_cyrillic = |c: &char| matches!(c, '\u{400}'..='\u{4ff}');
    let mut cyrillic: Vec<String> = Vec::new();
    for c in value.chars().filter(is_cyrillic) {
        let quoted = format!("«{c}»");
        if !cyrillic.contains(&quoted) {
            cyrillic.push(quoted);
        }
    }
    // Only a value that mixes layouts (`15м`, `5мин`) was typed with the
    // wrong one; a Russian word (`тридцать`) is answered by what is expected.
    let mixed = value.chars().any(|c| c.is_ascii_alphanumeric());
    let layout = if cyrillic.is_empty() || !mixed {
        String::new()
    } else {
        t!(
            "cli-value-cyrillic",
            letters = cyrillic.join(", "),
            count = cyrillic.len()
        )
    };
    t!(
        "cli-value-refused",
        arg = arg,
        given = crate::text::shown(value),
        why = why,
        layout = layout,
        hint = hint
    )
}

/// clap quotes the word it did not expect. That word is often a token typed
/// where it does not belong (`chopvault set NAME y0_…`): echoing it would
/// put it in scrollback and CI logs. For a stray word (not an option), and
/// for a long "subcommand", the error is said without it.
fn unechoed(e: &clap::Error) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let quoted = e
        .get(ContextKind::InvalidArg)
        .or_else(|| e.get(ContextKind::InvalidSubcommand));
    let Some(ContextValue::String(word)) = quoted else {
        return None;
    };
    let hide = match e.kind() {
        ErrorKind::UnknownArgument => !word.starts_with('-'),
        ErrorKind::InvalidSubcommand => word.chars().count() >= 16,
        _ => false,
    };
    // The error and its hint, each with its prefix, as clap ends a usage
    // error: with a newline.
    hide.then(|| {
        format!(
            "{}\n{}\n",
            t!("cli-secret-argument"),
            t!("cli-secret-argument-hint")
        )
    })
}

/// `chopvault export NAME ./install.sh`: the installer given without the
/// `--` before it. clap sees a stray word; saying it "is not shown, in case
/// it is a secret" sends the person to rotate a token they never typed.
/// A word that names a program or a path (starts with `./`, `../`, `/` or
/// `~/`, exists as a file, or is found on PATH) is no token: it is named,
/// with the command as it should have been.
fn forgotten_dashes(e: &clap::Error, args: &[OsString]) -> Option<String> {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    if e.kind() != ErrorKind::UnknownArgument {
        return None;
    }
    let Some(ContextValue::String(word)) = e.get(ContextKind::InvalidArg) else {
        return None;
    };
    // Only export runs a program; elsewhere a stray path is just a stray
    // word (and a word on PATH, "sh", may well be a typo of something else).
    if word.starts_with('-')
        || subcommand_named(args).as_deref() != Some("export")
        || !looks_like_program(word)
    {
        return None;
    }
    let at = args
        .iter()
        .skip(1)
        .position(|a| a.to_str() == Some(word.as_str()))?
        + 1;
    if args[1..at].iter().any(|a| a == "--") {
        return None;
    }
    // The words before it were chopvault's own and accepted; those after
    // it are the installer's, not repeated (they are not ours to show).
    let mut line = vec!["chopvault".to_string()];
    line.extend(args[1..at].iter().map(|a| a.to_string_lossy().into_owned()));
    line.push("--".into());
    line.push(word.clone());
    if args.len() > at + 1 {
        line.push("…".into());
    }
    Some(format!(
        "{}\n{}\n",
        t!("cli-forgotten-dashes", program = word.clone()),
        t!("cli-forgotten-dashes-hint", line = line.join(" "))
    ))
}

/// True for a word that names a program or a file rather than a value.
fn looks_like_program(word: &str) -> bool {
    if ["./", "../", "/", "~/"].iter().any(|p| word.starts_with(p)) {
        return true;
    }
    let path = std::path::Path::new(word);
    if path.exists() {
        return true;
    }
    !word.contains('/')
        && std::env::var_os("PATH").is_some_and(|dirs| {
            std::env::split_paths(&dirs).any(|d| {
                std::fs::metadata(d.join(word)).is_ok_and(|m| {
                    use std::os::unix::fs::PermissionsExt;
                    m.is_file() && m.permissions().mode() & 0o111 != 0
                })
            })
        })
}

/// The command tree for `args` holding only the subcommand they name, or
/// `None` when the full tree is needed (help, version, an option before the
/// subcommand that is not a global one, a command that is not hot).
fn lean_command(args: &[OsString]) -> Option<clap::Command> {
    let mut rest = args.iter().skip(1);
    let name = loop {
        let arg = rest.next()?.to_str()?;
        match arg {
            "--vault" | "--identity" | "--passphrase-file" | "--config" => {
                rest.next()?;
            }
            _ if ["--vault=", "--identity=", "--passphrase-file=", "--config="]
                .iter()
                .any(|p| arg.starts_with(p)) => {}
            _ if arg.starts_with('-') => return None,
            _ => break arg,
        }
    };
    // Help anywhere, even in an installer's arguments, takes the full tree:
    // always right, only slower.
    if args.iter().any(|a| {
        matches!(
            a.to_str(),
            Some("-h" | "--help" | "-V" | "--version") | None
        )
    }) {
        return None;
    }
    let sub = clap::Command::new;
    let sub = match name {
        "get" => GetArgs::augment_args(sub("get")),
        "set" => SetArgs::augment_args(sub("set")),
        "list" | "ls" => ListArgs::augment_args(sub("list").visible_alias("ls")),
        "status" => StatusArgs::augment_args(sub("status")),
        "check" => CheckArgs::augment_args(sub("check")),
        "export" => ExportArgs::augment_args(sub("export")),
        _ => return None,
    };
    let top = clap::Command::new("chopvault")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .subcommand(sub);
    Some(Global::augment_args(top))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The short way for `--version` prints clap's line, byte for byte.
    #[test]
    fn the_version_line_is_claps() {
        assert_eq!(version_line(), Cli::command().render_version().to_string());
        let err = Cli::try_parse_args(vec!["chopvault".into(), "--version".into()])
            .expect_err("--version stops the parse");
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayVersion);
        assert_eq!(err.render().to_string(), version_line());
    }

    /// `init --store` and `migrate --to` offer every kind of store, each
    /// by its word (`StoreKind` is the registration; these follow it).
    #[test]
    fn every_kind_of_store_can_be_chosen_by_its_word() {
        let name = |v: &dyn Fn() -> Option<clap::builder::PossibleValue>| {
            v().map(|p| p.get_name().to_owned())
        };
        for &kind in StoreKind::ALL {
            let choice = StoreChoice::value_variants()
                .iter()
                .find(|c| c.kind() == Some(kind))
                .unwrap_or_else(|| panic!("init --store offers no {kind}"));
            assert_eq!(
                name(&|| choice.to_possible_value()).as_deref(),
                Some(kind.word())
            );
            let to = MigrateTo::value_variants()
                .iter()
                .find(|t| t.kind() == kind)
                .unwrap_or_else(|| panic!("migrate --to offers no {kind}"));
            assert_eq!(
                name(&|| to.to_possible_value()).as_deref(),
                Some(kind.word())
            );
        }
        assert_eq!(
            StoreChoice::value_variants().len(),
            StoreKind::ALL.len() + 1
        );
        assert_eq!(MigrateTo::value_variants().len(), StoreKind::ALL.len());
        // Each value's help is in both catalogs (a new kind needs its two
        // lines there; nothing else on the command line names it).
        for &kind in StoreKind::ALL {
            for option in ["init--store", "migrate--to"] {
                let key = format!("help-chopvault-{option}--{}", kind.word());
                for lang in [crate::ui::lang::Lang::En, crate::ui::lang::Lang::Ru] {
                    assert!(
                        crate::ui::catalog::message(lang, &key, &[]).is_some(),
                        "{key} is missing from the {lang:?} catalog"
                    );
                }
            }
        }
    }

    #[test]
    fn the_subcommand_is_found_for_its_help() {
        let named =
            |a: &[&str]| subcommand_named(&a.iter().map(OsString::from).collect::<Vec<_>>());
        assert_eq!(
            named(&["chopvault", "--vault", "v.age", "set", "yd"]).as_deref(),
            Some("set")
        );
        assert_eq!(named(&["chopvault", "ls"]).as_deref(), Some("list"));
        assert_eq!(named(&["chopvault", "--help"]), None);
    }

    /// Issue 24: `--unlock-for 15м`, `--ttl 5мин` and a ClientID with a
    /// typo were hidden "in case they are a secret"; only what may be a
    /// token is.
    #[test]
    fn only_token_like_refused_values_are_hidden() {
        for shown in [
            "15м",
            "5мин",
            "тридцать",
            "cid123",
            "0123456789abcdef0123456789abcdeg",
            "s.x",
        ] {
            assert!(!may_be_secret(shown), "{shown}");
        }
        for hidden in [
            "y0_AgAAAAB4xNoTLeAkThIsTokEnQwErTy1234567890abcdefGHIJ",
            "y0_AgAAAAB4xNo",
            "hvs.CAESIJlWh0dVbdN",
            "AQAAAAAQwErTy12345",
            "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5",
        ] {
            assert!(may_be_secret(hidden), "{hidden}");
        }
    }

    #[test]
    fn durations_expiries_and_names_parse_at_the_boundary() {
        use std::time::Duration;
        assert_eq!(parse_duration("90").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_duration("5m").unwrap(), Duration::from_secs(300));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        for bad in ["0", "soon", "-5s", ""] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(expiry("never").unwrap(), ExpiryArg(None));
        assert_eq!(
            expiry("2027-01-02").unwrap().0.unwrap().to_string(),
            "2027-01-02T00:00:00Z"
        );
        assert!(expiry("2027-01-02T10:00:00Z").unwrap().0.is_some());
        assert!(expiry("next year").is_err());
        assert!(client_id("0123456789abcdef0123456789abcdef").is_ok());
        assert!(client_id("cid123").is_err());
        for bad in ["", ".", "..", "a/b", "a\0b"] {
            assert!(file_name(bad).is_err(), "{bad:?}");
        }
        assert!(file_name("token.txt").is_ok());
        assert!(env_name("A=B").is_err() && env_name("").is_err());
        assert!(env_name("YADISK_TOKEN").is_ok());
        assert!(entry_name("a b").is_err() && entry_name("kazan/yandex-disk").is_ok());
    }
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    /// The lean parser (one subcommand) gives what the full tree gives:
    /// the same values, or the same error, word for word.
    #[test]
    fn lean_parsing_agrees_with_the_full_tree() {
        let lean = [
            "get yd",
            "get",
            "get yd --json",
            "get yd --reveal",
            "get yd --json --reveal",
            "get a b",
            "get --bogus",
            "get yd --vault v",
            "--vault v get yd",
            "--vault=v --identity i get yd",
            "--config c --passphrase-file p get yd",
            "set yd --stdin --kind yandex-disk --expires 2027-01-01 --note n",
            "set yd --kind other",
            "set yd --stdin --from-file f",
            "set",
            "list",
            "ls",
            "ls --json",
            "list extra",
            "status",
            "status --warn-days 5 --json",
            "status --warn-days x",
            "check --verify --json --refresh-due",
            "check --warn-days -1",
            "export yd --dir d -- ./inst.sh a --flag",
            "export yd --wait",
            "export yd --wait -- ./inst.sh",
            "export yd",
            "export yd --ttl 5m --newline --replace --env T --file f -- x",
            "export yd --remove-after-read -- x y",
        ];
        let full_only = [
            "",
            "--vault",
            "--help",
            "get --help",
            "get yd -h",
            "--version",
            "-V",
            "init --store file",
            "rm yd",
            "help get",
            "--bogus get yd",
            "export yd -- ./inst.sh --help",
        ];
        let argv = |line: &str| {
            std::iter::once("chopvault")
                .chain(line.split_whitespace())
                .map(OsString::from)
                .collect::<Vec<_>>()
        };
        let render = |r: Result<Cli, clap::Error>| match r {
            Ok(cli) => format!("{cli:?}"),
            Err(e) => format!("{:?}: {}", e.kind(), e.render()),
        };
        for line in lean.iter().chain(&full_only) {
            let args = argv(line);
            assert_eq!(
                lean_command(&args).is_some(),
                lean.contains(line),
                "which parser takes `{line}`"
            );
            assert_eq!(
                render(Cli::try_parse_args(args.clone())),
                render(<Cli as Parser>::try_parse_from(args)),
                "`{line}`"
            );
        }
    }
}
