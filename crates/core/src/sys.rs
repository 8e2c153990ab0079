//! Process hardening done once at start: no core dumps, not dumpable.
//!
//! A core file or a ptrace attach by another process of the same user would
//! expose every secret in memory, so both are switched off before any store
//! is opened.

/// Disables core dumps (RLIMIT_CORE = 0) and, on Linux, marks the process
/// not dumpable. Failures are ignored: hardening must not stop the tool.
pub fn harden() {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let _ = setrlimit(
        Resource::Core,
        Rlimit {
            current: Some(0),
            maximum: Some(0),
        },
    );
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let _ =
            rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable);
    }
}
