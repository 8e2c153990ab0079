//! The strict age header check on arbitrary input: errors, never panics;
//! what it passes comes back byte for byte, and is a header the age crate
//! parses too (the check only narrows what age reads).
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok((mut reader, _)) = chopvault::store::file::header::check(data) else {
        return;
    };
    let mut all = Vec::new();
    reader.read_to_end(&mut all).unwrap();
    assert_eq!(all, data);
    if let Err(age::DecryptError::InvalidHeader | age::DecryptError::UnknownFormat) =
        age::Decryptor::new_buffered(data)
    {
        panic!("passed a header the age crate refuses");
    }
});
