//! `scripts/package`: the .deb (cargo-deb) passes lintian with no error and
//! holds what a Debian admin expects; the tarball and SHA256SUMS check out.
//! It packages the binary under test (the shipped build is the same code,
//! built with the `dist` profile).

use crate::common;

use std::path::Path;
use std::process::Command;

#[test]
fn the_deb_passes_lintian_and_holds_pages_completions_and_licences() {
    for tool in ["lintian", "dpkg-deb", "cargo-deb", "sha256sum"] {
        if !common::require(tool) {
            return;
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(root.join("scripts/package"))
        .arg("--binary")
        .arg(assert_cmd::cargo::cargo_bin!("chopvault"))
        .current_dir(root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "scripts/package failed:\n{stderr}");
    // lintian's findings go to stderr; not one error.
    assert!(
        !stderr.lines().any(|l| l.starts_with("E: ")),
        "lintian errors:\n{stderr}"
    );
    let dir = root.join("target/package/out");
    let deb = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "deb"))
        .expect("a .deb");

    let field = |name: &str| {
        let out = Command::new("dpkg-deb")
            .args(["--field"])
            .arg(&deb)
            .arg(name)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    assert!(field("Maintainer").contains('@'), "no maintainer");
    assert_eq!(field("Section"), "utils");
    assert!(field("Description").starts_with("Command-line vault"));

    let list = Command::new("dpkg-deb")
        .arg("-c")
        .arg(&deb)
        .output()
        .unwrap();
    let list = String::from_utf8(list.stdout).unwrap();
    for path in [
        "./usr/bin/chopvault",
        "./usr/share/man/man1/chopvault.1.gz",
        "./usr/share/man/man1/chopvault-export.1.gz",
        "./usr/share/man/man1/chopvault-migrate.1.gz",
        "./usr/share/bash-completion/completions/chopvault",
        "./usr/share/zsh/vendor-completions/_chopvault",
        "./usr/share/fish/vendor_completions.d/chopvault.fish",
        "./usr/share/doc/chopvault/copyright",
        "./usr/share/doc/chopvault/changelog.Debian.gz",
    ] {
        assert!(
            list.lines().any(|l| l.ends_with(path)),
            "{path} missing:\n{list}"
        );
    }
    // Both licences are in the copyright file.
    let x = tempfile::tempdir().unwrap();
    let status = Command::new("dpkg-deb")
        .arg("-x")
        .arg(&deb)
        .arg(x.path())
        .status()
        .unwrap();
    assert!(status.success());
    let copyright =
        std::fs::read_to_string(x.path().join("usr/share/doc/chopvault/copyright")).unwrap();
    assert!(copyright.contains("License: MIT"), "{copyright}");
    assert!(copyright.contains("License: Apache-2.0"), "{copyright}");

    // SHA256SUMS covers the .deb and the tarball, and checks.
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).unwrap();
    assert!(sums.contains(".deb") && sums.contains(".tar.gz"), "{sums}");
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
    let tarball = sums
        .lines()
        .find_map(|l| {
            l.split_whitespace()
                .nth(1)
                .filter(|f| f.ends_with(".tar.gz"))
        })
        .unwrap();
    let tar = Command::new("tar")
        .arg("-tzf")
        .arg(dir.join(tarball))
        .output()
        .unwrap();
    let tar = String::from_utf8(tar.stdout).unwrap();
    for file in [
        "/chopvault",
        "/LICENSE-MIT",
        "/LICENSE-APACHE",
        "/man/chopvault.1.gz",
        "/completions/_chopvault",
    ] {
        assert!(tar.lines().any(|l| l.ends_with(file)), "{file}:\n{tar}");
    }
}
