//! An entry's non-secret metadata: kind, dates, owner, fingerprint, history.

use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Aux key: an OAuth refresh token.
pub const REFRESH_TOKEN: &str = "refresh_token";
/// Aux key: the OAuth app's client secret.
pub const CLIENT_SECRET: &str = "client_secret";

/// Days before expiry from which a token is reported as expiring soon.
pub const WARN_DAYS: i64 = 30;

/// Days a Yandex OAuth token lives when Yandex did not say (`expires_in`
/// 31536000 in every recorded grant).
pub const YANDEX_DEFAULT_DAYS: i64 = 365;

/// What kind of secret an entry holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A Yandex.Disk OAuth token (expires, can be verified and rotated).
    YandexDisk,
    /// Anything else.
    #[default]
    Generic,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::YandexDisk => "yandex-disk",
            Kind::Generic => "generic",
        })
    }
}

/// Defines a word-valued enum: stored as its word, and a word this
/// version does not know (written by a newer one) kept as it is, so
/// reading and writing back never loses it.
macro_rules! words {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $word:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(from = "String", into = "String")]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// A word this version does not know.
            Other(String),
        }

        impl $name {
            /// The stored word.
            pub fn word(&self) -> &str {
                match self {
                    $($name::$variant => $word,)*
                    $name::Other(w) => w,
                }
            }
        }

        impl From<String> for $name {
            fn from(w: String) -> Self {
                match w.as_str() {
                    $($word => $name::$variant,)*
                    _ => $name::Other(w),
                }
            }
        }

        impl From<$name> for String {
            fn from(e: $name) -> String {
                e.word().to_string()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.word())
            }
        }
    };
}

words! {
    /// What happened to an entry, as its history records it.
    Event {
        /// A value stored with `set`.
        Set = "set",
        /// A value imported from a file with `set --from-file`.
        Import = "import",
        /// A first token obtained with `login`.
        Login = "login",
        /// A token replaced with `rotate`.
        Rotate = "rotate",
        /// `rotate` got the same token back; nothing was replaced.
        Unchanged = "unchanged",
        /// A token renewed with its refresh token.
        Refresh = "refresh",
        /// Checked against Yandex.
        Verify = "verify",
        /// Checked against Yandex, writing a probe file.
        VerifyWrite = "verify-write",
        /// Moved from another store.
        Migrated = "migrated",
    }
}

impl Event {
    /// Whether the event issued the token now stored (for `check
    /// --refresh-due`).
    pub fn issued(&self) -> bool {
        matches!(
            self,
            Event::Set | Event::Import | Event::Login | Event::Rotate | Event::Refresh
        )
    }
}

words! {
    /// What the token's provider said at a verification.
    Verdict {
        /// The token works.
        Valid = "valid",
        /// The provider refused it.
        Rejected = "rejected",
        /// The provider could not be reached.
        Unreachable = "unreachable",
    }
}

/// The result of the last check against the token's provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// When it was checked.
    pub at: Timestamp,
    /// What the provider said.
    pub result: Verdict,
}

/// One line of an entry's history. Fingerprints only, never values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEvent {
    /// When.
    pub at: Timestamp,
    /// What happened.
    pub event: Event,
    /// Fingerprint of the value after the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fingerprint: Option<String>,
    /// Free detail (e.g. the source of an import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Metadata of one entry. Safe to store unencrypted in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    /// What the value is.
    #[serde(default)]
    pub kind: Kind,
    /// When the entry was first stored.
    pub created: Timestamp,
    /// When the value last changed.
    pub updated: Timestamp,
    /// When the value stops working, if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<Timestamp>,
    /// OAuth client (application) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// The provider account the token belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// The last verification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_verified: Option<Verification>,
    /// Short hash of the value.
    pub fingerprint: String,
    /// A free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The OAuth device_id the token was issued for (makes it revocable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_id: Option<String>,
    /// Names of the secrets kept beside the value (e.g. `refresh_token`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aux: Vec<String>,
    /// What happened to the entry, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<HistoryEvent>,
}

/// How an entry stands against its expiry date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    /// No expiry date is known.
    Unknown,
    /// More than the warning window left.
    Ok(i64),
    /// Expires within the warning window (days left).
    Soon(i64),
    /// Already expired (days ago, ≥ 0).
    Expired(i64),
}

impl Meta {
    /// Calendar days from `now` to expiry in the reader's time zone
    /// (negative once expired): a token that expired yesterday evening
    /// expired "1 day ago" whatever the hour now, one that expires later
    /// today has 0 days left, one set today for 365 days shows 365.
    pub fn days_left(&self, now: Timestamp) -> Option<i64> {
        self.days_left_in(now, &crate::zone::local())
    }

    /// [`Meta::days_left`] counted in the zone `tz`.
    pub fn days_left_in(&self, now: Timestamp, tz: &jiff::tz::TimeZone) -> Option<i64> {
        let at = self.expires_at?.to_zoned(tz.clone()).date();
        let today = now.to_zoned(tz.clone()).date();
        Some(
            at.since((jiff::Unit::Day, today))
                .map(|span| i64::from(span.get_days()))
                .unwrap_or(0),
        )
    }

    /// Classifies the entry against a warning window of `warn_days`.
    pub fn expiry(&self, now: Timestamp, warn_days: i64) -> Expiry {
        match self.expires_at {
            None => Expiry::Unknown,
            Some(at) if at <= now => Expiry::Expired(-self.days_left(now).unwrap_or(0)),
            Some(_) => {
                let days = self.days_left(now).unwrap_or(0);
                if days < warn_days {
                    Expiry::Soon(days)
                } else {
                    Expiry::Ok(days)
                }
            }
        }
    }
}

impl Meta {
    /// The metadata of a value first stored `now`, with fingerprint
    /// `fingerprint`: no expiry, owner, note or history yet.
    pub fn new(kind: Kind, fingerprint: String, now: Timestamp) -> Meta {
        Meta {
            kind,
            created: now,
            updated: now,
            expires_at: None,
            client_id: None,
            login: None,
            last_verified: None,
            fingerprint,
            note: None,
            device_id: None,
            aux: Vec::new(),
            history: Vec::new(),
        }
    }

    /// Records `event` in the history, with the current fingerprint.
    pub fn record(&mut self, event: Event, at: Timestamp, detail: Option<String>) {
        let fingerprint = Some(self.fingerprint.clone());
        push_history(
            &mut self.history,
            HistoryEvent {
                at,
                event,
                fingerprint,
                detail,
            },
        );
    }
}

/// History kept per entry; older events are dropped.
pub const HISTORY_LIMIT: usize = 100;

/// Appends to an entry's history, dropping the oldest beyond the limit.
pub fn push_history(history: &mut Vec<HistoryEvent>, event: HistoryEvent) {
    history.push(event);
    if history.len() > HISTORY_LIMIT {
        history.drain(..history.len() - HISTORY_LIMIT);
    }
}

/// Why a name is not an entry name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameError {
    /// Empty, or longer than 128 characters.
    Length,
    /// A character outside `A–Z a–z 0–9 . _ - /` (the first one).
    Char(char),
    /// An empty, `.` or `..` part between slashes.
    Part,
}

/// Checks an entry name: 1–128 characters of `A–Z a–z 0–9 . _ - /`, no
/// empty, `.` or `..` path segment. Names become keyring attributes and
/// OpenBao paths, so they are kept plain.
pub fn check_name(name: &str) -> Result<(), NameError> {
    if name.is_empty() || name.len() > 128 {
        return Err(NameError::Length);
    }
    // Bytes, not chars: the strict vault reader calls this for every entry.
    let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/');
    if name.bytes().any(|b| !allowed(b)) {
        let c = name.chars().find(|c| !c.is_ascii() || !allowed(*c as u8));
        return Err(NameError::Char(c.unwrap_or('?')));
    }
    if name
        .as_bytes()
        .split(|&b| b == b'/')
        .any(|seg| seg.is_empty() || seg == b"." || seg == b"..")
    {
        return Err(NameError::Part);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_and_verdicts_keep_their_words_even_unknown_ones() {
        for word in ["set", "import", "verify-write", "migrated", "unchanged"] {
            let e = Event::from(word.to_string());
            assert!(!matches!(e, Event::Other(_)), "{word}");
            assert_eq!(serde_json::to_string(&e).unwrap(), format!("\"{word}\""));
        }
        // A word from a newer chopvault is kept, and written back as it was.
        let h: HistoryEvent =
            serde_json::from_str(r#"{"at":"2026-01-01T00:00:00Z","event":"teleported"}"#).unwrap();
        assert_eq!(h.event, Event::Other("teleported".into()));
        assert!(
            serde_json::to_string(&h)
                .unwrap()
                .contains(r#""event":"teleported""#)
        );
        assert!(Event::Rotate.issued() && !Event::Verify.issued());
        let v: Verification =
            serde_json::from_str(r#"{"at":"2026-01-01T00:00:00Z","result":"rejected"}"#).unwrap();
        assert_eq!(v.result, Verdict::Rejected);
    }

    #[test]
    fn record_appends_with_the_current_fingerprint() {
        let now = Timestamp::now();
        let mut m = Meta::new(Kind::Generic, "sha256:abc".into(), now);
        m.record(Event::Set, now, None);
        let last = m.history.last().unwrap();
        assert_eq!(last.event, Event::Set);
        assert_eq!(last.fingerprint.as_deref(), Some("sha256:abc"));
    }

    fn meta(expires: Option<&str>) -> Meta {
        let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        Meta {
            kind: Kind::Generic,
            created: now,
            updated: now,
            expires_at: expires.map(|e| e.parse().unwrap()),
            client_id: None,
            login: None,
            last_verified: None,
            fingerprint: "sha256:000000000000".into(),
            note: None,
            device_id: None,
            aux: vec![],
            history: vec![],
        }
    }

    #[test]
    fn expiry_classes() {
        let now: Timestamp = "2026-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(meta(None).expiry(now, 30), Expiry::Unknown);
        assert_eq!(
            meta(Some("2026-03-01T00:00:00Z")).expiry(now, 30),
            Expiry::Ok(59)
        );
        assert_eq!(
            meta(Some("2026-01-11T00:00:00Z")).expiry(now, 30),
            Expiry::Soon(10)
        );
        assert_eq!(
            meta(Some("2025-12-30T00:00:00Z")).expiry(now, 30),
            Expiry::Expired(2)
        );
    }

    /// Issue 24: an expiry of yesterday said "2 days ago" (whole 24-hour
    /// periods rounded up); days are the reader's calendar days.
    #[test]
    fn days_are_calendar_days_in_the_readers_zone() {
        let utc = jiff::tz::TimeZone::UTC;
        let tokyo = jiff::tz::TimeZone::get("Asia/Tokyo").unwrap();
        let now: Timestamp = "2026-01-02T08:30:00Z".parse().unwrap();
        let yesterday = meta(Some("2026-01-01T00:00:00Z"));
        assert_eq!(yesterday.days_left_in(now, &utc), Some(-1));
        assert_eq!(yesterday.days_left_in(now, &tokyo), Some(-1));
        // 20:00 UTC yesterday is 05:00 today in Tokyo.
        let evening = meta(Some("2026-01-01T20:00:00Z"));
        assert_eq!(evening.days_left_in(now, &utc), Some(-1));
        assert_eq!(evening.days_left_in(now, &tokyo), Some(0));
        let next_year = meta(Some("2027-01-02T08:30:00Z"));
        assert_eq!(next_year.days_left_in(now, &utc), Some(365));
        // Later today: 0 days left, not 1.
        let tonight = meta(Some("2026-01-02T23:00:00Z"));
        assert_eq!(tonight.days_left_in(now, &utc), Some(0));
    }

    #[test]
    fn names() {
        for ok in ["yandex-disk", "site-kazan/yandex-disk", "a.b_c"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "a b",
            "/a",
            "a//b",
            "a/../b",
            "a/",
            "ä",
            &"x".repeat(129),
        ] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
    }
}
