//! The streaming armor decoder on arbitrary input: errors, never panics,
//! refuses whatever the age crate's reader refuses (but for whitespace
//! before BEGIN, which the specification allows and that reader does not),
//! and decodes what both accept to the same bytes.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut ours = Vec::new();
    let ours = chopvault::store::file::armor::Dearmor::new(data, data.len())
        .read_to_end(&mut ours)
        .map(|_| ours);
    if !data.starts_with(b"-----BEGIN AGE ENCRYPTED FILE-----") {
        return;
    }
    let mut theirs = Vec::new();
    let theirs = age::armor::ArmoredReader::new(data)
        .read_to_end(&mut theirs)
        .map(|_| theirs);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Ok(_), Err(_)) => panic!("accepted armor the age crate refuses"),
        _ => {}
    }
});
