//! The integration tests: one binary (one link of the crate and of
//! `common`), a module per area. Each test runs the real `chopvault`
//! binary in a private sandbox; `common` holds the sandbox and the real
//! services (a private D-Bus with gnome-keyring, KeePassXC) they start and
//! stop by pid.

// Tests report what they measured and what they skipped to the person
// running them.
#![allow(clippy::print_stderr, clippy::print_stdout)]

mod common;

mod agent;
mod cli;
mod cpu_probes;
mod doctor;
mod export;
mod faults;
mod file_store;
mod hygiene;
mod input;
mod keepassxc;
mod keyring_store;
mod lang;
mod layers;
mod messages;
mod migrate;
mod openbao;
mod openbao_auth;
mod openbao_cluster;
mod openbao_fleet;
mod owner;
mod package;
mod properties;
mod recipients;
mod recreate;
mod rekey;
mod signed;
mod sshsig;
mod team;
mod terminal;
mod what_happened;
mod yandex;
