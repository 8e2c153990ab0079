//! Reading secrets from a person or a pipe: hidden terminal prompts, stdin,
//! passphrase files. Everything lands in zeroizing buffers.

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use age::secrecy::SecretString;
use zeroize::Zeroizing;

use crate::fsutil::{self, FsError};
use crate::secret::MAX_LEN;
use crate::store::file::{AskError, Busy, Passphrases};

/// Why a secret could not be read.
#[derive(Debug)]
pub enum PromptError {
    /// No terminal to prompt on (CI, cron, a pipe).
    NoTerminal,
    /// The two entries at the prompt differ.
    Mismatch,
    /// Nothing was entered, or the file is empty.
    Empty,
    /// Reading stdin or the terminal failed.
    Io(io::Error),
    /// Reading a passphrase file failed (including a too-open mode).
    Fs(FsError),
}

impl std::fmt::Display for PromptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PromptError::NoTerminal => f.write_str(&t!("prompt-no-terminal")),
            PromptError::Mismatch => f.write_str(&t!("prompt-mismatch")),
            PromptError::Empty => f.write_str(&t!("prompt-nothing-entered")),
            PromptError::Io(e) => f.write_str(&t!("prompt-read-failed", error = e)),
            PromptError::Fs(e) => f.write_str(&crate::say::Explain::explain(e).text),
        }
    }
}

impl std::error::Error for PromptError {}

impl From<PromptError> for AskError {
    fn from(e: PromptError) -> Self {
        match e {
            PromptError::NoTerminal => AskError::NoTerminal,
            PromptError::Mismatch => AskError::Mismatch,
            PromptError::Empty => AskError::Empty,
            PromptError::Io(e) => AskError::Io(e),
            PromptError::Fs(e) => AskError::Fs(e),
        }
    }
}

/// True when a person can be asked: stdin is a terminal.
pub fn interactive() -> bool {
    io::stdin().is_terminal()
}

/// Asks a yes/no question on the terminal: only `y` or `yes` is yes, and
/// `д` or `да` (the question may be in Russian). Not `н`, although a
/// Russian keyboard layout types it for `y`: it is also how «нет» starts.
pub fn confirm(question: &str) -> Result<bool, PromptError> {
    if !interactive() {
        return Err(PromptError::NoTerminal);
    }
    say_partial!("prompt-y-n", question = question);
    let mut line = String::new();
    io::stdin().read_line(&mut line).map_err(PromptError::Io)?;
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "д" | "да"
    ))
}

/// Asks at a hidden prompt on the terminal (`/dev/tty`).
pub fn hidden(prompt: &str) -> Result<Zeroizing<String>, PromptError> {
    match rpassword::prompt_password(prompt) {
        Ok(s) => Ok(Zeroizing::new(s)),
        // ENXIO / ENOTTY / no /dev/tty: nobody to ask.
        Err(e)
            if e.raw_os_error() == Some(6)
                || e.raw_os_error() == Some(25)
                || e.kind() == io::ErrorKind::NotFound =>
        {
            Err(PromptError::NoTerminal)
        }
        Err(e) => Err(PromptError::Io(e)),
    }
}

/// Asks twice at a hidden prompt and insists the two agree.
pub fn hidden_twice(prompt: &str, again: &str) -> Result<Zeroizing<String>, PromptError> {
    let first = hidden(prompt)?;
    let second = hidden(again)?;
    if first != second {
        return Err(PromptError::Mismatch);
    }
    Ok(first)
}

/// A spinner with a message on stderr while slow work runs (the scrypt
/// key derivation), shown only on a terminal; cleared when dropped.
pub struct Spinner(Option<indicatif::ProgressBar>);

impl Spinner {
    /// Starts it (nothing happens when stderr is not a terminal; the
    /// message, from the catalog, is made only when shown).
    pub fn start(message: impl FnOnce() -> String) -> Spinner {
        if !io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = indicatif::ProgressBar::new_spinner().with_message(message());
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        Spinner(Some(bar))
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(bar) = self.0.take() {
            bar.finish_and_clear();
        }
    }
}

/// A spinner that appears only if the work takes longer than a moment
/// (on a terminal): "waiting for Yandex…" for a slow network.
pub struct Waiting {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Waiting {
    /// Shows `message` after `delay`, until dropped.
    pub fn after(delay: std::time::Duration, message: fn() -> String) -> Waiting {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        if !io::stderr().is_terminal() {
            return Waiting { stop, thread: None };
        }
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let step = std::time::Duration::from_millis(50);
            let mut waited = std::time::Duration::ZERO;
            while waited < delay {
                if flag.load(Ordering::Relaxed) {
                    return;
                }
                std::thread::sleep(step);
                waited += step;
            }
            let bar = indicatif::ProgressBar::new_spinner().with_message(message());
            while !flag.load(Ordering::Relaxed) {
                bar.tick();
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            bar.finish_and_clear();
        });
        Waiting {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Common passphrases, lower-cased: a short list catches the worst.
const COMMON: &[&str] = &[
    "123456",
    "password",
    "12345678",
    "qwerty",
    "123456789",
    "12345",
    "1234",
    "111111",
    "1234567",
    "dragon",
    "123123",
    "baseball",
    "abc123",
    "football",
    "monkey",
    "letmein",
    "696969",
    "shadow",
    "master",
    "666666",
    "qwertyuiop",
    "123321",
    "mustang",
    "1234567890",
    "michael",
    "654321",
    "superman",
    "1qaz2wsx",
    "7777777",
    "121212",
    "000000",
    "qazwsx",
    "123qwe",
    "killer",
    "trustno1",
    "jordan",
    "jennifer",
    "zxcvbnm",
    "asdfgh",
    "hunter",
    "buster",
    "soccer",
    "harley",
    "batman",
    "andrew",
    "tigger",
    "sunshine",
    "iloveyou",
    "2000",
    "charlie",
    "robert",
    "thomas",
    "hockey",
    "ranger",
    "daniel",
    "starwars",
    "klaster",
    "112233",
    "george",
    "computer",
    "michelle",
    "jessica",
    "pepper",
    "1111",
    "zxcvbn",
    "555555",
    "11111111",
    "131313",
    "freedom",
    "777777",
    "pass",
    "maggie",
    "159753",
    "aaaaaa",
    "ginger",
    "princess",
    "joshua",
    "cheese",
    "amanda",
    "summer",
    "love",
    "ashley",
    "nicole",
    "chelsea",
    "biteme",
    "matthew",
    "access",
    "yankees",
    "987654321",
    "dallas",
    "austin",
    "thunder",
    "taylor",
    "matrix",
    "admin",
    "password1",
    "welcome",
    "passw0rd",
    "p@ssw0rd",
    "qwerty123",
    "changeme",
    "secret",
    "test",
    "root",
    "toor",
    "parol",
    "parol123",
    "privet",
    "qwe123",
    "1q2w3e",
    "1q2w3e4r",
    "1q2w3e4r5t",
    "йцукен",
    "пароль",
    "chopvault",
    "ricoder",
    "yandex",
    "correct horse battery staple",
];

/// Why a new passphrase is weak (short, or a common one), if it is.
pub fn weak_passphrase(pass: &str) -> Option<String> {
    let lower = pass.trim().to_lowercase();
    if COMMON.contains(&lower.as_str()) {
        return Some(t!("prompt-weak-common"));
    }
    if pass.chars().count() < 12 {
        return Some(t!("prompt-weak-short"));
    }
    let distinct: std::collections::HashSet<char> = pass.chars().collect();
    if distinct.len() < 5 {
        return Some(t!("prompt-weak-repeats"));
    }
    None
}

/// Reads all of stdin (at most [`MAX_LEN`] + 1 bytes) into a buffer that
/// is reserved once and never grows.
pub fn read_stdin() -> Result<Zeroizing<Vec<u8>>, PromptError> {
    let mut buf = Zeroizing::new(Vec::with_capacity(MAX_LEN + 2));
    io::stdin()
        .lock()
        .take(MAX_LEN as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(PromptError::Io)?;
    Ok(buf)
}

/// Reads a passphrase from a 0600 file: its first line, without the line end.
pub fn passphrase_from_file(path: &Path) -> Result<SecretString, PromptError> {
    let bytes = fsutil::read_private(path, fsutil::MAX_SECRET_FILE).map_err(PromptError::Fs)?;
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        PromptError::Io(io::Error::new(
            io::ErrorKind::InvalidData,
            t!("prompt-not-utf8-text"),
        ))
    })?;
    let line = text.lines().next().unwrap_or("");
    if line.is_empty() {
        return Err(PromptError::Empty);
    }
    Ok(SecretString::from(line.to_owned()))
}

/// The command line's passphrase source for the file store (it implements
/// the store's [`Passphrases`], so the store needs nothing of this module):
/// the first line
/// of `--passphrase-file` when one is given, else a hidden prompt on the
/// terminal (three tries, a new one asked twice, a weak one warned about
/// and questioned).
pub struct Asker {
    file: Option<std::path::PathBuf>,
}

impl Asker {
    /// Reads `file` when given, else asks.
    pub fn new(file: Option<std::path::PathBuf>) -> Box<Asker> {
        Box::new(Asker { file })
    }
}

impl Passphrases for Asker {
    fn current(&self) -> Result<SecretString, AskError> {
        Ok(match &self.file {
            Some(file) => passphrase_from_file(file)?,
            None => hidden(&t!("prompt-vault-passphrase"))
                .map(|p| SecretString::from(p.as_str().to_owned()))?,
        })
    }

    /// On a terminal, two entries that differ or a weak passphrase
    /// declined are asked again, three times in all: a slip of the finger
    /// should not end an `init` or a `rekey` half-way through its questions.
    fn new_one(&self) -> Result<Option<SecretString>, AskError> {
        self.ask_new().map_err(AskError::from)
    }

    fn tries(&self) -> u32 {
        if self.file.is_none() && interactive() {
            3
        } else {
            1
        }
    }

    fn busy(&self, what: Busy) -> Box<dyn std::any::Any> {
        Box::new(Spinner::start(|| match what {
            Busy::ProtectingKey => t!("file-protecting-key"),
            Busy::Unlocking => t!("file-unlocking"),
        }))
    }

    fn typed(&self) -> bool {
        self.file.is_none()
    }
}

impl Asker {
    /// A new passphrase: from the file, or asked twice (see
    /// [`Passphrases::new_one`]).
    fn ask_new(&self) -> Result<Option<SecretString>, PromptError> {
        if let Some(file) = &self.file {
            let pass = passphrase_from_file(file)?;
            if let Some(why) = weak_passphrase(age::secrecy::ExposeSecret::expose_secret(&pass)) {
                say!("prompt-weak-passphrase", why = why);
            }
            return Ok(Some(pass));
        }
        const TRIES: u32 = 3;
        let mut left = TRIES;
        loop {
            left -= 1;
            let pass = match hidden_twice(
                &t!("prompt-new-vault-passphrase"),
                &t!("prompt-same-passphrase-again"),
            ) {
                Ok(p) => SecretString::from(p.as_str().to_owned()),
                Err(PromptError::Mismatch) if left > 0 => {
                    say!("prompt-mismatch-try-again", left = left);
                    continue;
                }
                Err(e) => return Err(e),
            };
            let Some(why) = weak_passphrase(age::secrecy::ExposeSecret::expose_secret(&pass))
            else {
                return Ok(Some(pass));
            };
            say!("prompt-weak-passphrase", why = why);
            if !interactive() || confirm(&t!("prompt-use-anyway"))? {
                return Ok(Some(pass));
            }
            if left == 0 {
                return Ok(None);
            }
            say!("prompt-choose-another", left = left);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_passphrases() {
        assert!(weak_passphrase("abc").is_some());
        assert!(weak_passphrase("Password").is_some());
        assert!(weak_passphrase("aaaaaaaaaaaaaaaa").is_some());
        assert!(weak_passphrase("пароль").is_some());
        assert!(weak_passphrase("orbit velvet candle harbor").is_none());
    }
}
