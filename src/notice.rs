//! What the core has to tell the person while it works, as facts: a vault
//! that is not signed yet, a pinned member list that changed, an index
//! older than its vault. The core never prints and never makes a sentence
//! (issue 23); it hands a [`Notice`] to the sink the program installed,
//! and the command line words it in the user's language (`say::notice`).
//!
//! A global sink, as the `log` crate has one: notices come from deep in a
//! store's read path, and threading a callback through every call would
//! put the command line's concern into every signature. Without a sink
//! (unit tests, another program using the library) notices are dropped.

use std::sync::OnceLock;

/// One thing the person should know; never holds a secret value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {}

type Sink = Box<dyn Fn(&Notice) + Send + Sync>;

static SINK: OnceLock<Sink> = OnceLock::new();

/// Installs the function that shows notices; the first call wins (the
/// program installs it once, before any command runs).
pub fn set_sink(sink: impl Fn(&Notice) + Send + Sync + 'static) {
    let _ = SINK.set(Box::new(sink));
}

/// Hands a notice to the sink, if one is installed.
pub fn emit(notice: Notice) {
    if let Some(sink) = SINK.get() {
        sink(&notice);
    }
}
