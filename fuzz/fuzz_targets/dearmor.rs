//! The streaming armor decoder on arbitrary input: errors, never panics.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut out = Vec::new();
    let _ = chopvault::store::armor::Dearmor::new(data, data.len()).read_to_end(&mut out);
});
