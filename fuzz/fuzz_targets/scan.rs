//! The streaming entry lookup on arbitrary decrypted bytes: never panics,
//! and gives exactly the full parser's answer (same value, same absence, or
//! both refuse), whatever the chunking.
#![no_main]

use std::io::Read;

use libfuzzer_sys::fuzz_target;

/// Feeds the document in chunks of a size taken from the input.
struct Chunked<'a>(&'a [u8], usize);

impl Read for Chunked<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.1.min(buf.len()).min(self.0.len());
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&size, data)) = data.split_first() else {
        return;
    };
    let (name, doc) = match data.iter().position(|&b| b == 0) {
        Some(i) => (String::from_utf8_lossy(&data[..i]).into_owned(), &data[i + 1..]),
        None => ("t".to_string(), data),
    };
    let streamed = chopvault::store::file::scan::find_entry_stream(Chunked(doc, usize::from(size) + 1), &name)
        .map(|e| e.map(|e| e.value.to_string()))
        .ok();
    let full = chopvault::store::file::document::Document::parse(doc)
        .map(|d| d.entries.get(&name).map(|e| e.value.to_string()))
        .ok();
    assert_eq!(streamed, full);
});
