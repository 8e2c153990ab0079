//! The vault document parser and writer on arbitrary bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = chopvault::store::file::document::Document::parse(data) {
        let again = chopvault::store::file::document::Document::parse(&doc.to_bytes()).expect("what we write, we read");
        assert_eq!(again.entries.len(), doc.entries.len());
    }
});
