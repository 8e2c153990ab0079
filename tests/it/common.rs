//! Shared set-up for the integration tests: a private HOME/XDG sandbox per
//! test, the real binary, and real helper services (a private D-Bus with
//! gnome-keyring) that each test starts and stops by pid.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A token-shaped test value; tests grep outputs for it.
pub const TOKEN: &str = "y0_AgAAAAB4xNoTLeAkThIsTokEnQwErTy1234567890abcdefGHIJ";

/// One test's private world.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
    /// D-Bus address to hand to chopvault (keyring tests only).
    pub bus: Option<String>,
    /// Extra environment for every command (e.g. the Yandex double's URLs).
    pub env: Vec<(String, String)>,
}

impl Sandbox {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["home", "config", "data", "state"] {
            fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        // The agent's socket folder, private to this test.
        fs::create_dir_all(dir.path().join("run")).unwrap();
        fs::set_permissions(dir.path().join("run"), fs::Permissions::from_mode(0o700)).unwrap();
        Sandbox {
            dir,
            bus: None,
            env: Vec::new(),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The default vault path.
    pub fn vault(&self) -> PathBuf {
        self.path("data/chopvault/vault.age")
    }

    pub fn event_log(&self) -> PathBuf {
        self.path("state/chopvault/events.jsonl")
    }

    /// This sandbox's environment (folders and the pinned scrypt cost),
    /// without PATH or the extra `env`.
    pub fn base_env(&self) -> Vec<(&'static str, std::ffi::OsString)> {
        let d = self.dir.path();
        vec![
            ("HOME", d.join("home").into()),
            ("XDG_CONFIG_HOME", d.join("config").into()),
            ("XDG_DATA_HOME", d.join("data").into()),
            ("XDG_STATE_HOME", d.join("state").into()),
            ("XDG_RUNTIME_DIR", d.join("run").into()),
            // Tests pin a small scrypt cost for their own passphrase vaults:
            // 16, the lowest chopvault accepts from the environment.
            ("CHOPVAULT_SCRYPT_WORK_FACTOR", "16".into()),
        ]
    }

    /// Clears `cmd`'s environment and gives it this sandbox's, with `path`
    /// as PATH (for commands that wrap chopvault: `script`, shells).
    pub fn env_into<'c>(&self, cmd: &'c mut Command, path: &str) -> &'c mut Command {
        cmd.env_clear().env("PATH", path).envs(self.base_env());
        if let Some(bus) = &self.bus {
            cmd.env("DBUS_SESSION_BUS_ADDRESS", bus);
        }
        cmd.envs(self.env.iter().map(|(k, v)| (k, v)))
    }

    /// The chopvault binary with this sandbox's environment only.
    pub fn cmd(&self) -> assert_cmd::Command {
        assert_cmd::Command::from_std(self.std_cmd())
    }

    /// The same, as a std Command (for spawning and killing).
    pub fn std_cmd(&self) -> Command {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("chopvault"));
        let path = std::env::var("PATH").unwrap_or_default();
        self.env_into(&mut cmd, &path);
        cmd
    }

    /// Starts chopvault with `stdin` written to it (stdout discarded,
    /// stderr kept), for tests that run several at once.
    pub fn spawn(&self, args: &[&str], stdin: &str) -> Child {
        use std::io::Write;
        let mut child = self
            .std_cmd()
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The command may exit before reading everything (e.g. refused).
        let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
        child
    }

    /// Runs a command that must succeed and parses its JSON stdout.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self
            .cmd()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }

    /// A 0600 passphrase file.
    pub fn passphrase_file(&self, text: &str) -> PathBuf {
        let p = self.path(&format!("pass-{}", text.len()));
        fs::write(&p, format!("{text}\n")).unwrap();
        fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
        p
    }

    /// `init --store file --generate-identity`; returns the identity path.
    pub fn init_identity(&self) -> PathBuf {
        let id = self.path("keys/identity.txt");
        self.cmd()
            .args([
                "init",
                "--store",
                "file",
                "--generate-identity",
                "--identity",
            ])
            .arg(&id)
            .assert()
            .success();
        id
    }

    /// `init --store file` with a passphrase file; returns it.
    pub fn init_passphrase(&self) -> PathBuf {
        let pass = self.passphrase_file("correct horse battery staple");
        self.cmd()
            .args(["init", "--store", "file", "--passphrase-file"])
            .arg(&pass)
            .assert()
            .success();
        pass
    }

    /// A passphrase vault as chopvault wrote them before key files
    /// (scrypt work factor 10), at `rel`, holding `yd` = TOKEN.
    pub fn old_passphrase_vault(&self, rel: &str, pass: &str) -> PathBuf {
        use std::io::Write;
        let vault = self.path(rel);
        let doc = format!(
            r#"{{"format":"chopvault-vault","version":1,"recipients":[],"entries":{{"yd":{{"value":"{TOKEN}","meta":{{"kind":"generic","created":"2026-01-01T00:00:00Z","updated":"2026-01-01T00:00:00Z","fingerprint":"sha256:000000000000"}}}}}}}}"#
        );
        let mut r = age::scrypt::Recipient::new(age::secrecy::SecretString::from(pass.to_owned()));
        r.set_work_factor(10);
        let enc =
            age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
        let mut out = Vec::new();
        let armor =
            age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor)
                .unwrap();
        let mut w = enc.wrap_output(armor).unwrap();
        w.write_all(doc.as_bytes()).unwrap();
        w.finish().unwrap().finish().unwrap();
        fs::write(&vault, out).unwrap();
        fs::set_permissions(&vault, fs::Permissions::from_mode(0o600)).unwrap();
        vault
    }

    /// The member card of an identity file (`whoami`), named `name`.
    pub fn card(&self, id: &Path, name: &str) -> String {
        let out = self
            .cmd()
            .arg("--identity")
            .arg(id)
            .args(["whoami", "--name", name])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// `set NAME --stdin` with `value`.
    /// (With --force: tests set up and overwrite entries freely; the
    /// question itself is tested on its own.)
    pub fn set(&self, name: &str, value: &str) -> assert_cmd::assert::Assert {
        self.cmd()
            .args(["set", name, "--stdin", "--force"])
            .write_stdin(value)
            .assert()
    }

    /// Every file under the sandbox, as (path, bytes).
    pub fn all_files(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.dir.path().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in fs::read_dir(&dir).unwrap().flatten() {
                let p = e.path();
                let ft = e.file_type().unwrap();
                if ft.is_dir() {
                    stack.push(p);
                } else if ft.is_file() {
                    out.push((p.clone(), fs::read(&p).unwrap_or_default()));
                }
            }
        }
        out
    }
}

/// A sandbox wired to a fresh private Secret Service (None: skipped).
/// Keep the returned service alive for as long as the sandbox is used.
pub fn keyring_sandbox() -> Option<(Sandbox, SecretService)> {
    let ss = SecretService::start()?;
    if !require("secret-tool") {
        return None;
    }
    let mut sb = Sandbox::new();
    sb.bus = Some(ss.address.clone());
    Some((sb, ss))
}

/// As [`keyring_sandbox`], with `init --store keyring` done.
pub fn keyring_store() -> Option<(Sandbox, SecretService)> {
    let (sb, ss) = keyring_sandbox()?;
    sb.cmd()
        .args(["init", "--store", "keyring"])
        .assert()
        .success();
    Some((sb, ss))
}

/// True when `tool` is on PATH. Without it the test skips with a printed
/// reason on a developer's machine, and fails under CI=true.
pub fn require(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !found {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("{tool} is required under CI=true; scripts/test installs it");
        }
        eprintln!("SKIPPED: {tool} is not installed (scripts/test installs it)");
    }
    found
}

/// A private session bus with an unlocked gnome-keyring Secret Service,
/// stopped (by pid) when dropped.
pub struct SecretService {
    pub address: String,
    dbus: Child,
    keyring: Child,
    _dir: tempfile::TempDir,
}

impl SecretService {
    /// Starts one, or returns None (skip) where the tools are missing.
    pub fn start() -> Option<SecretService> {
        if !(require("dbus-daemon") && require("gnome-keyring-daemon") && require("dbus-send")) {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("bus");
        let address = format!("unix:path={}", socket.display());
        let dbus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        wait_for(|| socket.exists(), "the D-Bus socket");
        fs::create_dir_all(dir.path().join("data")).unwrap();
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .env("HOME", dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start gnome-keyring-daemon");
        {
            use std::io::Write;
            // A non-empty password, or no login keyring is created.
            let mut stdin = keyring.stdin.take().unwrap();
            stdin.write_all(b"test-keyring-password").unwrap();
        }
        let this = SecretService {
            address,
            dbus,
            keyring,
            _dir: dir,
        };
        wait_for(|| this.has_secrets_name(), "the Secret Service on the bus");
        Some(this)
    }

    fn dbus_send(&self, args: &[&str]) -> std::process::Output {
        Command::new("dbus-send")
            .args(["--session", "--print-reply"])
            .args(args)
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap()
    }

    fn has_secrets_name(&self) -> bool {
        let out = self.dbus_send(&[
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ]);
        String::from_utf8_lossy(&out.stdout).contains("true")
    }

    /// Locks the login collection, as a screen lock would.
    pub fn lock(&self) {
        let out = self.dbus_send(&[
            "--dest=org.freedesktop.secrets",
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/collection/login",
        ]);
        assert!(out.status.success(), "{out:?}");
    }

    /// `secret-tool lookup service chopvault username NAME`.
    pub fn lookup(&self, name: &str) -> Option<String> {
        self.lookup_in("chopvault", name)
    }

    /// `secret-tool lookup service SERVICE username NAME`.
    pub fn lookup_in(&self, service: &str, name: &str) -> Option<String> {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", service, "username", name])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .unwrap();
        out.status
            .success()
            .then(|| String::from_utf8(out.stdout).unwrap())
    }

    /// `secret-tool store` a value for NAME.
    pub fn store(&self, name: &str, value: &str) {
        use std::io::Write;
        let mut child = Command::new("secret-tool")
            .args([
                "store",
                "--label=test",
                "service",
                "chopvault",
                "username",
                name,
            ])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(value.as_bytes())
            .unwrap();
        assert!(child.wait().unwrap().success());
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.dbus.kill();
        let _ = self.dbus.wait();
    }
}

/// Polls `ready` for up to 10 s.
pub fn wait_for(mut ready: impl FnMut() -> bool, what: &str) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The octal permission bits of a path.
pub fn mode(p: &Path) -> u32 {
    fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// KeePassXC serving the Secret Service from a fresh database, headless
/// (`QT_QPA_PLATFORM=offscreen`) on a private bus with no service folders
/// (so nothing else can be started in its place); stopped by pid on drop.
pub struct KeePassXc {
    pub address: String,
    pub db: PathBuf,
    dbus: Child,
    keepassxc: Child,
    _dir: tempfile::TempDir,
}

const KP_PASSWORD: &str = "kp-test-password";

impl KeePassXc {
    /// Starts one, or returns None (skip) where the tools are missing.
    pub fn start() -> Option<KeePassXc> {
        if !(require("keepassxc")
            && require("keepassxc-cli")
            && require("dbus-daemon")
            && require("dbus-send"))
        {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        let cli = |args: &[&str], input: String| {
            tool_output(Command::new("keepassxc-cli").args(args), &input)
        };
        let twice = format!("{KP_PASSWORD}\n{KP_PASSWORD}\n");
        let once = format!("{KP_PASSWORD}\n");
        let raw = d.join("raw.kdbx");
        let raw_s = raw.to_str().unwrap();
        cli(&["db-create", "--set-password", raw_s], twice.clone());
        cli(&["mkdir", raw_s, "SecretService"], once.clone());
        // The exposed group is database metadata with no CLI switch:
        // export, add it, import.
        let xml = cli(&["export", "--format", "xml", raw_s], once);
        let at = xml.find("<Name>SecretService</Name>").unwrap();
        let open = xml[..at].rfind("<UUID>").unwrap() + "<UUID>".len();
        let close = open + xml[open..].find("</UUID>").unwrap();
        use base64::Engine;
        let b = base64::engine::general_purpose::STANDARD
            .decode(&xml[open..close])
            .unwrap();
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        let uuid = format!(
            "{}-{}-{}-{}-{}",
            &hex[0..8],
            &hex[8..12],
            &hex[12..16],
            &hex[16..20],
            &hex[20..32]
        );
        let xml = xml.replacen(
            "</Meta>",
            &format!(
                "<CustomData><Item><Key>FDO_SECRETS_EXPOSED_GROUP</Key><Value>{{{uuid}}}</Value></Item></CustomData></Meta>"
            ),
            1,
        );
        fs::write(d.join("exposed.xml"), xml).unwrap();
        let db = d.join("db.kdbx");
        cli(
            &[
                "import",
                "--set-password",
                d.join("exposed.xml").to_str().unwrap(),
                db.to_str().unwrap(),
            ],
            twice,
        );

        fs::write(
            d.join("bus.conf"),
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
        )
        .unwrap();
        let socket = d.join("bus");
        let address = format!("unix:path={}", socket.display());
        let dbus = Command::new("dbus-daemon")
            .arg(format!("--config-file={}", d.join("bus.conf").display()))
            .args(["--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start dbus-daemon");
        wait_for(|| socket.exists(), "the D-Bus socket");
        fs::write(
            d.join("keepassxc.ini"),
            "[General]\nConfigVersion=2\nSingleInstance=false\nRememberLastDatabases=false\n\
             OpenPreviousDatabasesOnStartup=false\nAutoSaveAfterEveryChange=true\n\
             [GUI]\nMinimizeOnStartup=true\nShowTrayIcon=false\nCheckForUpdates=false\n\
             [FdoSecrets]\nEnabled=true\nShowNotification=false\nConfirmDeleteItem=false\n\
             ConfirmAccessItem=false\n",
        )
        .unwrap();
        fs::create_dir_all(d.join("home")).unwrap();
        let mut keepassxc = Command::new("keepassxc")
            .arg("--config")
            .arg(d.join("keepassxc.ini"))
            .arg("--pw-stdin")
            .arg(&db)
            .env("QT_QPA_PLATFORM", "offscreen")
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", d.join("home"))
            .env("XDG_CONFIG_HOME", d.join("home/config"))
            .env("XDG_DATA_HOME", d.join("home/data"))
            .env("XDG_CACHE_HOME", d.join("home/cache"))
            .env("XDG_RUNTIME_DIR", d)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start keepassxc");
        {
            use std::io::Write;
            let mut stdin = keepassxc.stdin.take().unwrap();
            stdin
                .write_all(format!("{KP_PASSWORD}\n").as_bytes())
                .unwrap();
        }
        let this = KeePassXc {
            address,
            db,
            dbus,
            keepassxc,
            _dir: dir,
        };
        let mut ready = false;
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            // The name is taken before the database is open: wait until
            // the exposed collection reports itself unlocked.
            let out = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.secrets",
                ])
                .args([
                    "/org/freedesktop/secrets/aliases/default",
                    "org.freedesktop.DBus.Properties.Get",
                    "string:org.freedesktop.Secret.Collection",
                    "string:Locked",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &this.address)
                .output()
                .unwrap();
            if String::from_utf8_lossy(&out.stdout).contains("boolean false") {
                ready = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        assert!(ready, "KeePassXC did not serve an unlocked collection");
        Some(this)
    }

    /// The database once `ready` holds for it (KeePassXC saves a moment
    /// after each change); panics after 10 s.
    pub fn dump_when(&self, ready: impl Fn(&str) -> bool, what: &str) -> String {
        let start = Instant::now();
        loop {
            let dump = self.dump();
            if ready(&dump) {
                return dump;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "KeePassXC's database never showed {what}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every entry in the database, Recycle Bin included, with each entry's
    /// title and password (`keepassxc-cli` reads the autosaved file).
    pub fn dump(&self) -> String {
        use std::io::Write;
        let mut child = Command::new("keepassxc-cli")
            .args(["export", "--format", "xml"])
            .arg(&self.db)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(format!("{KP_PASSWORD}\n").as_bytes())
            .unwrap();
        String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap()
    }

    /// Locks the exposed collection through the Secret Service API (KeePassXC
    /// answers Lock with a prompt, which has to be run).
    pub fn lock(&self) {
        let send = |args: &[&str]| {
            let out = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.secrets",
                ])
                .args(args)
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .output()
                .unwrap();
            assert!(out.status.success(), "{out:?}");
            String::from_utf8(out.stdout).unwrap()
        };
        let reply = send(&[
            "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock",
            "array:objpath:/org/freedesktop/secrets/aliases/default",
        ]);
        if let Some(at) = reply.find("/org/freedesktop/secrets/prompt/") {
            let prompt = reply[at..].split('"').next().unwrap().to_string();
            send(&[&prompt, "org.freedesktop.Secret.Prompt.Prompt", "string:"]);
        }
        wait_for(
            || {
                send(&[
                    "/org/freedesktop/secrets/aliases/default",
                    "org.freedesktop.DBus.Properties.Get",
                    "string:org.freedesktop.Secret.Collection",
                    "string:Locked",
                ])
                .contains("boolean true")
            },
            "KeePassXC to lock",
        );
    }
}

impl Drop for KeePassXc {
    fn drop(&mut self) {
        let _ = self.keepassxc.kill();
        let _ = self.keepassxc.wait();
        let _ = self.dbus.kill();
        let _ = self.dbus.wait();
    }
}

/// A small deterministic generator, so a failing round can be replayed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Runs a helper tool of the tests (`bao`, `keepassxc-cli`) with `stdin`,
/// asserts that it succeeded (its stderr in the message), and returns its
/// standard output.
pub fn tool_output(cmd: &mut Command, stdin: &str) -> String {
    use std::io::Write;
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
