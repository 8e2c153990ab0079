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
    // Built by a Russian-speaking admin (issue 24): what is installed for
    // everyone must not take the builder's language.
    let out = Command::new(root.join("scripts/package"))
        .arg("--binary")
        .arg(assert_cmd::cargo::cargo_bin!("chopvault"))
        .current_dir(root)
        .env("LANG", "ru_RU.UTF-8")
        .env_remove("CHOPVAULT_LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
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
    assert!(
        field("Recommends").contains("bash-completion"),
        "{}",
        field("Recommends")
    );
    // lintian: no empty Depends (a static build has no library to name).
    assert!(!field("Depends").is_empty(), "an empty Depends");
    for tag in ["empty-field", "shared-library-lacks-prerequisites"] {
        assert!(!stderr.contains(tag), "lintian: {tag}:\n{stderr}");
    }

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
        "./usr/share/man/ru/man1/chopvault.1.gz",
        "./usr/share/man/ru/man1/chopvault-export.1.gz",
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

    // Man pages: English in man1, Russian in man/ru/man1, whatever the
    // builder's locale; completions in English.
    let cyrillic = |t: &str| t.chars().any(|c| ('\u{400}'..='\u{4ff}').contains(&c));
    let gunzip = |p: &Path| {
        let out = Command::new("gzip").arg("-dc").arg(p).output().unwrap();
        assert!(out.status.success(), "{p:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let man = x.path().join("usr/share/man");
    for page in [
        "chopvault.1.gz",
        "chopvault-export.1.gz",
        "chopvault-set.1.gz",
    ] {
        let en = gunzip(&man.join("man1").join(page));
        assert!(!cyrillic(&en), "man1/{page} is not English:\n{en}");
        assert!(en.contains(".SH DESCRIPTION"), "{page}");
        let ru = gunzip(&man.join("ru/man1").join(page));
        assert!(
            ru.contains("ОПИСАНИЕ"),
            "ru/man1/{page} is not Russian:\n{ru}"
        );
    }
    let en_pages = std::fs::read_dir(man.join("man1")).unwrap().count();
    let ru_pages = std::fs::read_dir(man.join("ru/man1")).unwrap().count();
    assert_eq!(en_pages, ru_pages, "a page in one language only");
    for file in [
        "usr/share/bash-completion/completions/chopvault",
        "usr/share/zsh/vendor-completions/_chopvault",
        "usr/share/fish/vendor_completions.d/chopvault.fish",
    ] {
        let text = std::fs::read_to_string(x.path().join(file)).unwrap();
        assert!(!cyrillic(&text), "{file} is not English");
    }
    let fish = std::fs::read_to_string(
        x.path()
            .join("usr/share/fish/vendor_completions.d/chopvault.fish"),
    )
    .unwrap();
    assert!(fish.contains("token.txt"), "{fish}");

    // prerm: in the package, executable, and quiet when no agent runs.
    let control = tempfile::tempdir().unwrap();
    let status = Command::new("dpkg-deb")
        .arg("-e")
        .arg(&deb)
        .arg(control.path())
        .status()
        .unwrap();
    assert!(status.success());
    let prerm = control.path().join("prerm");
    assert!(common::mode(&prerm) & 0o111 != 0, "prerm is not executable");
    for arg in ["remove", "upgrade", "deconfigure", "failed-upgrade"] {
        let out = Command::new(&prerm).arg(arg).output().unwrap();
        assert!(out.status.success(), "prerm {arg}: {out:?}");
        assert!(out.stdout.is_empty() && out.stderr.is_empty(), "{out:?}");
    }

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
        "/man/man1/chopvault.1.gz",
        "/man/ru/man1/chopvault.1.gz",
        "/completions/_chopvault",
    ] {
        assert!(tar.lines().any(|l| l.ends_with(file)), "{file}:\n{tar}");
    }
}

/// `apt remove` left a running agent holding the key (issue 24): the
/// package's prerm ends every agent of its binary, whoever's, and nothing
/// else. Run against an agent started from a copy of the binary under
/// test (so that no other test's agent is touched).
#[test]
fn prerm_ends_a_running_agent_and_nothing_else() {
    use crate::common::Sandbox;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sb = Sandbox::new();
    let copy = sb.path("bin/chopvault");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    std::fs::copy(assert_cmd::cargo::cargo_bin!("chopvault"), &copy).unwrap();
    let pass = sb.init_passphrase();
    let mut unlock = Command::new(&copy);
    sb.env_into(&mut unlock, &std::env::var("PATH").unwrap_or_default());
    let out = unlock
        .args(["unlock", "--for", "10m", "--passphrase-file"])
        .arg(&pass)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let agents = || -> Vec<u32> {
        std::fs::read_dir("/proc")
            .unwrap()
            .flatten()
            .filter_map(|e| {
                let pid: u32 = e.file_name().to_str()?.parse().ok()?;
                let exe = std::fs::read_link(e.path().join("exe")).ok()?;
                (exe == copy).then_some(pid)
            })
            .collect()
    };
    let agent = agents();
    assert_eq!(agent.len(), 1, "one agent from the copy: {agent:?}");
    // A process of the same binary that is not an agent (a `set` waiting
    // for its value on stdin) is left alone.
    let mut set = Command::new(&copy);
    sb.env_into(&mut set, &std::env::var("PATH").unwrap_or_default());
    let mut bystander = set
        .args(["set", "other", "--stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    common::wait_for(|| agents().len() == 2, "the bystander to start");
    let out = Command::new("sh")
        .arg(root.join("packaging/debian/prerm"))
        .arg("remove")
        .env("CHOPVAULT_PRERM_BINARY", &copy)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    common::wait_for(|| !agents().contains(&agent[0]), "the agent to end");
    assert!(
        bystander.try_wait().unwrap().is_none(),
        "prerm ended a chopvault that is no agent"
    );
    assert_eq!(agents(), vec![bystander.id()]);
    let _ = bystander.kill();
    let _ = bystander.wait();
}
