//! Export journal records as found on disk: arbitrary bytes must never make
//! the sweep panic or wipe a file that is not the recorded token.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<chopvault::export::journal::Record>(data);
});
