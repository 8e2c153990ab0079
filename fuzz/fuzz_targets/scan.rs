//! The streaming entry lookup on arbitrary decrypted bytes: never panics,
//! and agrees with the full parser when the document parses.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (name, doc) = match data.iter().position(|&b| b == 0) {
        Some(i) => (String::from_utf8_lossy(&data[..i]).into_owned(), &data[i + 1..]),
        None => ("t".to_string(), data),
    };
    let streamed = chopvault::vault::scan::find_entry_stream(doc, &name);
    if let Ok(full) = chopvault::vault::document::Document::parse(doc) {
        // Whatever the full parser accepts with format and version first,
        // the scanner must find the same value.
        if let (Some(e), Ok(Some(s))) = (full.entries.get(&name), &streamed) {
            assert_eq!(e.value.as_str(), s.value.as_str());
        }
    }
});
