//! The reader's time zone, found cheaply.
//!
//! jiff's `TimeZone::system()` reads the name `/etc/localtime` links to and
//! looks it up in its zoneinfo database, which first lists every file under
//! `/usr/share/zoneinfo` (about 600 files in 30 folders): about 1 ms of a
//! 7 ms `export` on the benchmark machine, for a day count. The link's
//! target is itself the zone's TZif file, so it is read directly. `TZ`, when
//! set, is jiff's to interpret (a name, a path or a POSIX rule), as is a
//! system without `/etc/localtime`.

use std::path::Path;
use std::sync::OnceLock;

use jiff::tz::TimeZone;

/// A TZif file is a few KiB; anything larger is not one.
const MAX_TZIF: u64 = 256 * 1024;

/// The zone dates are counted and shown in: `TZ`, else `/etc/localtime`,
/// else UTC. Found once per process.
pub fn local() -> TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        if std::env::var_os("TZ").is_some() {
            return TimeZone::system();
        }
        from_localtime(Path::new("/etc/localtime")).unwrap_or_else(TimeZone::system)
    })
    .clone()
}

/// The zone in the TZif file at `path`, named after the zoneinfo path its
/// link points to (`Europe/Moscow`), or `Local` when it is no link.
fn from_localtime(path: &Path) -> Option<TimeZone> {
    let data = crate::fsutil::read_bounded(path, MAX_TZIF).ok()?;
    let name = std::fs::read_link(path)
        .ok()
        .and_then(|target| {
            let target = target.to_string_lossy().into_owned();
            target
                .split_once("zoneinfo/")
                .map(|(_, name)| name.to_owned())
        })
        .unwrap_or_else(|| "Local".to_owned());
    TimeZone::tzif(&name, &data).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    /// The zone read from the TZif file is the zone jiff finds by name:
    /// same offsets on dates either side of a transition, same name.
    #[test]
    fn a_linked_tzif_file_is_the_named_zone() {
        let moscow = TimeZone::get("Europe/Moscow").expect("tzdata (scripts/install-test-deps)");
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("localtime");
        std::os::unix::fs::symlink("/usr/share/zoneinfo/Europe/Moscow", &link).unwrap();
        let read = from_localtime(&link).expect("a TZif file");
        assert_eq!(read.iana_name(), Some("Europe/Moscow"));
        for at in [
            "2010-01-15T12:00:00Z",
            "2010-07-15T12:00:00Z",
            "2026-12-03T12:00:00Z",
        ] {
            let ts: Timestamp = at.parse().unwrap();
            assert_eq!(read.to_offset(ts), moscow.to_offset(ts), "{at}");
        }
    }

    /// A file that is not TZif, or too large to be one, gives no zone (the
    /// caller falls back to jiff's own search).
    #[test]
    fn what_is_not_tzif_gives_no_zone() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("localtime");
        std::fs::write(&bad, b"not a zone").unwrap();
        assert!(from_localtime(&bad).is_none());
        assert!(from_localtime(&dir.path().join("missing")).is_none());
    }
}
