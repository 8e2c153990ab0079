//! Times, durations, decimals and signals as a reader says them, in the
//! user's language: one format for a moment (`2026-12-03 20:32 MSK`, local
//! time with its zone, as the reader's clock shows it), durations in
//! seconds, minutes and hours (`15 мин`, not `900 с`), a decimal comma in
//! Russian (`1,1 с`), a signal by its name (`SIGINT (Ctrl-C)`, not `2`).
//!
//! Only text for people goes through here: JSON and the event log keep
//! RFC 3339 in UTC, the same for every reader.

use std::time::Duration;

use jiff::Timestamp;
use jiff::tz::TimeZone;

/// A moment in the reader's time zone (`TZ`, else the system's), with the
/// zone's abbreviation: `2026-12-03 20:32 MSK`. Where the zone has no
/// abbreviation, jiff writes its offset (`+03`).
pub fn local_time(ts: Timestamp) -> String {
    local_time_in(ts, &chopvault_core::zone::local())
}

/// [`local_time`] in `tz` (for tests).
pub fn local_time_in(ts: Timestamp, tz: &TimeZone) -> String {
    ts.to_zoned(tz.clone())
        .strftime("%Y-%m-%d %H:%M %Z")
        .to_string()
}

/// A moment written as data (RFC 3339, as the agent and OpenBao give it)
/// in the reader's words; the text itself when it does not parse.
pub fn local_time_text(text: &str) -> String {
    text.parse::<Timestamp>()
        .map_or_else(|_| text.to_owned(), local_time)
}

/// `x` with one decimal, in the user's notation (`1,1` in Russian).
pub fn decimal(x: f64) -> String {
    let text = format!("{x:.1}");
    if super::lang::current() == super::lang::Lang::Ru {
        text.replace('.', ",")
    } else {
        text
    }
}

/// A duration as people say it: seconds (with a decimal under ten:
/// `1,0 с`, as a measured time reads),
/// minutes, or hours and minutes; days for a day and more.
pub fn duration(d: Duration) -> String {
    let secs = d.as_secs();
    if secs < 10 {
        return t!("duration-seconds", seconds = decimal(d.as_secs_f64()));
    }
    if secs < 60 {
        return t!("duration-seconds", seconds = secs);
    }
    // Rounded to the minute: `14 мин 59 с` says nothing `15 мин` does not.
    let minutes = (secs + 30) / 60;
    if minutes < 60 {
        return t!("duration-minutes", minutes = minutes);
    }
    let (hours, minutes) = (minutes / 60, minutes % 60);
    if hours >= 24 && hours % 24 == 0 && minutes == 0 {
        return t!("duration-days", days = hours / 24);
    }
    if minutes == 0 {
        t!("duration-hours", hours = hours)
    } else {
        t!("duration-hours-minutes", hours = hours, minutes = minutes)
    }
}

/// A signal by its name, with the key that sends it where there is one:
/// `SIGINT (Ctrl-C)`; a number chopvault has no name for stays a number.
pub fn signal(n: i32) -> String {
    match n {
        1 => "SIGHUP".to_owned(),
        2 => t!("signal-int"),
        3 => t!("signal-quit"),
        9 => "SIGKILL".to_owned(),
        13 => "SIGPIPE".to_owned(),
        15 => "SIGTERM".to_owned(),
        other => t!("signal-number", number = other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::lang::{Lang, with};

    /// Issue 24: UTC in three formats; a reader in Tokyo sees Tokyo time.
    #[test]
    fn a_moment_is_local_time_with_its_zone() {
        let ts: Timestamp = "2026-12-03T17:54:15Z".parse().unwrap();
        let tokyo = TimeZone::get("Asia/Tokyo").unwrap();
        assert_eq!(local_time_in(ts, &tokyo), "2026-12-04 02:54 JST");
        let moscow = TimeZone::get("Europe/Moscow").unwrap();
        assert_eq!(local_time_in(ts, &moscow), "2026-12-03 20:54 MSK");
        assert_eq!(local_time_in(ts, &TimeZone::UTC), "2026-12-03 17:54 UTC");
    }

    /// Issue 24: `на 900 с`, `1.1 с`.
    #[test]
    fn durations_in_minutes_and_hours_with_a_russian_comma() {
        let ru = |secs: f64| with(Lang::Ru, || duration(Duration::from_secs_f64(secs)));
        let en = |secs: f64| with(Lang::En, || duration(Duration::from_secs_f64(secs)));
        assert_eq!(ru(1.1), "1,1 с");
        assert_eq!(en(1.1), "1.1 s");
        assert_eq!(ru(45.0), "45 с");
        assert_eq!(ru(900.0), "15 мин");
        assert_eq!(en(900.0), "15 min");
        assert_eq!(ru(3600.0), "1 ч");
        assert_eq!(ru(5400.0), "1 ч 30 мин");
        assert_eq!(en(5400.0), "1 h 30 min");
        assert_eq!(ru(86400.0), "1 день");
        assert_eq!(ru(3.0 * 86400.0), "3 дня");
    }

    #[test]
    fn signals_by_name() {
        assert_eq!(with(Lang::Ru, || signal(2)), "SIGINT (Ctrl-C)");
        assert_eq!(with(Lang::En, || signal(15)), "SIGTERM");
        assert_eq!(with(Lang::Ru, || signal(40)), "сигнал 40");
    }
}
