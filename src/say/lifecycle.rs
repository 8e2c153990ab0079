//! A token's life in words: what a flow asks and tells the person, whose a
//! token is, what this machine is called in the person's Yandex account,
//! and why a flow failed.

use crate::lifecycle::{Question, Tell};
use crate::yandex::disk::DiskInfo;

/// "owner example-login (Name), Disk 37.2 GiB of 42.0 GiB used"
pub fn owner(info: &DiskInfo) -> String {
    let mut out = match (&info.login, &info.display_name) {
        (Some(l), Some(d)) if d != l => t!("lifecycle-owner-named", login = l, name = d),
        (Some(l), _) => t!("lifecycle-owner", login = l),
        _ => t!("lifecycle-owner-unknown"),
    };
    if let (Some(used), Some(total)) = (info.used_space, info.total_space) {
        out.push_str(&t!(
            "lifecycle-disk-used",
            used = gib(used),
            total = gib(total)
        ));
    }
    out
}

fn gib(bytes: u64) -> String {
    t!(
        "lifecycle-gib",
        size = crate::ui::words::decimal(bytes as f64 / (1u64 << 30) as f64)
    )
}

/// The name a new token's device gets: "chopvault on HOST".
pub fn device_name(host: Option<&str>) -> String {
    let host = host.map_or_else(|| t!("lifecycle-machine"), str::to_owned);
    t!("lifecycle-device-name", host = host)
}

/// The prompt for a question.
pub fn prompt(q: Question) -> String {
    match q {
        Question::ClientSecret => t!("lifecycle-prompt-client-secret"),
        Question::Code => t!("lifecycle-prompt-code"),
        Question::TokenOrAddress => t!("lifecycle-prompt-token-or-address"),
    }
}

/// What a question asks for, in a sentence ("the { $what } is needed").
pub fn what(q: Question) -> String {
    match q {
        Question::ClientSecret => t!("lifecycle-what-client-secret"),
        Question::Code => t!("lifecycle-what-code"),
        // As it always was: the word the person pastes.
        Question::TokenOrAddress => "token".to_owned(),
    }
}

/// What the person must do now.
pub fn tell(what: Tell<'_>) -> String {
    match what {
        Tell::OpenForCode(url) => t!("lifecycle-open-address-for-code", url = url),
        Tell::OpenForToken(url) => t!("lifecycle-open-address-for-token", url = url),
        Tell::EnterCode { url, code } => t!(
            "lifecycle-device-code",
            verification_url = url,
            user_code = code
        ),
    }
}

/// What the spinner says while Yandex waits for the person.
pub fn waiting() -> String {
    t!("lifecycle-waiting-confirm")
}

/// Why the device flow's code lapsed, in the words of an OAuth error's
/// description (the error is shown as Yandex's `expired_token`).
pub fn not_confirmed(expires_in: u64) -> String {
    t!("lifecycle-not-confirmed-in-time", expires_in = expires_in)
}
