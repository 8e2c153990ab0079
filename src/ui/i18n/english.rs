//! The rule for "English left in Russian text", shared by the catalog's
//! unit tests and the integration tests of help and man pages (each
//! includes this file with `#[path]`; it is no part of the program).

use std::collections::BTreeSet;

/// Latin words of `text` that are not on the list of technical words
/// (`technical-words.txt`) and not one of `names` (the terms whose Russian
/// is their English: `chopvault`, `OpenBao`): English left in Russian.
pub fn english_words(text: &str, names: &BTreeSet<String>) -> Vec<String> {
    let allowed: BTreeSet<&str> = include_str!("technical-words.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(str::split_whitespace)
        .collect();
    // Options (`--force`), paths, `key=value` and `name.ext` are
    // technical as written; a word is what is left.
    text.split_whitespace()
        .map(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .filter(|w| !w.starts_with('-') && !w.contains(['/', '_', '=', '*']))
        .map(|w| w.trim_end_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.contains([':', '.']))
        .filter(|w| w.len() > 1 && w.chars().all(|c| c.is_ascii_alphabetic()))
        .filter(|w| !allowed.contains(w) && !names.contains(*w))
        .map(str::to_owned)
        .collect()
}
