//! chopvault's core: where deployment tokens are kept, moved and checked.
//! It returns typed results, typed errors and typed notices, and never
//! makes a sentence or prints: the `chopvault` command line words what it
//! returns, in the user's language (issue 23). Nothing here depends on
//! clap, Fluent, a terminal or a progress bar; the compiler keeps it so.
//!
//! Layers, each importing only those below it:
//!
//! - [`lifecycle`] (a Yandex token's life, with a [`lifecycle::Person`] the
//!   caller supplies for what must be asked) and [`migrate`];
//! - [`vault`] (a store joined with its metadata [`vault::index`]) and
//!   [`export`] (`token.txt` only while the installer runs: the protocol in
//!   [`export::run`], the file written and wiped in [`export::tokenfile`]);
//! - [`store`] (keyring, age file in [`store::file`], OpenBao; with
//!   [`store::StoreKind`], the one registration of the stores, each
//!   answering for itself through [`store::backend`]), [`yandex`] (the
//!   HTTP client), [`agent`] (protocol, client and server), [`owner`];
//! - [`config`] (which store, by its kind's word), [`entry`] (an entry's
//!   metadata), [`events`], [`notice`],
//!   [`secret`], [`sign`], [`fsutil`], [`paths`], [`text`], [`tls`], [`sys`].

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod agent;
mod bytes;
pub mod config;
pub mod entry;
pub mod events;
pub mod export;
pub mod fsutil;
pub mod lifecycle;
pub mod migrate;
pub mod notice;
pub mod owner;
pub mod paths;
pub mod secret;
pub mod sign;
pub mod store;
pub mod sys;
pub mod text;
pub mod tls;
pub mod vault;
pub mod yandex;
pub mod zone;
