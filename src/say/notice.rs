//! The core's notices, worded and shown on stderr. `install` is called
//! once by the program before any command runs.

use crate::notice::Notice;

/// Makes the core's notices appear on stderr, in the user's language.
pub fn install() {
    crate::notice::set_sink(show);
}

fn show(notice: &Notice) {
    match *notice {}
}
