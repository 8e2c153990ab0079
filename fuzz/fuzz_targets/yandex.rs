//! What Yandex (or a person pasting) may send: token grants, Disk answers,
//! pasted tokens and redirect URLs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = chopvault::yandex::oauth::parse_grant(200, data);
    let _ = chopvault::yandex::oauth::parse_grant(400, data);
    let _ = chopvault::yandex::disk::parse_info(data);
    if let Ok(pasted) = chopvault::secret::Secret::parse(data) {
        let _ = chopvault::yandex::oauth::parse_pasted(&pasted);
    }
});
