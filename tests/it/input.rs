//! Hostile input (issue 25): test knobs set in production, files and
//! durations of absurd size, invisible characters in values, and file
//! names chosen by an installer that carry terminal escape sequences.

use crate::common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use common::{Sandbox, TOKEN};

const PASS: &str = "orbit velvet candle harbor";

/// stdout and stderr of a run, and its exit code (`None`: killed by a
/// signal, which none of these may be).
fn run(cmd: &mut assert_cmd::Command) -> (Option<i32>, String, String) {
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A 1 TiB file that takes no disk (sparse), mode 0600.
fn sparse_tebibyte(path: &Path) {
    let f = fs::File::create(path).unwrap();
    f.set_len(1 << 40).unwrap();
    fs::set_permissions(path, fs::Permissions::from_mode(0o600)).unwrap();
}

/// Regression: `CHOPVAULT_SCRYPT_WORK_FACTOR=1` wrote a key file at work
/// factor 1 (and 23 or `abc` were silently ignored).
#[test]
fn the_scrypt_work_factor_from_the_environment_is_bounded() {
    for factor in ["1", "15", "23", "abc"] {
        let sb = Sandbox::new();
        let pass = sb.passphrase_file(PASS);
        let (code, _, stderr) = run(sb
            .cmd()
            .env("CHOPVAULT_SCRYPT_WORK_FACTOR", factor)
            .arg("--passphrase-file")
            .arg(&pass)
            .args(["init", "--store", "file"]));
        assert_eq!(code, Some(2), "{factor}: {stderr}");
        assert!(
            stderr.contains("CHOPVAULT_SCRYPT_WORK_FACTOR") && stderr.contains("16 to 22"),
            "{factor}: {stderr}"
        );
        assert!(
            !sb.path("data/chopvault/vault.key.age").exists(),
            "{factor}"
        );
    }
    // The sandbox's own value (16) is the lowest one accepted.
    let sb = Sandbox::new();
    sb.init_passphrase();
}

/// Regression: `CHOPVAULT_YANDEX_API_URL=http://…` sent every token over
/// plain HTTP. Plain HTTP is for a loopback double only.
#[test]
fn a_yandex_url_knob_must_be_https_or_loopback() {
    for var in ["CHOPVAULT_YANDEX_API_URL", "CHOPVAULT_YANDEX_OAUTH_URL"] {
        for url in [
            "http://192.0.2.1:9",
            "http://127.0.0.1.example.com",
            "http://127.0.0.1@192.0.2.1",
            "ftp://127.0.0.1",
        ] {
            let mut sb = Sandbox::new();
            sb.init_identity();
            sb.set("yd", TOKEN).success();
            sb.env = vec![
                (var.into(), url.into()),
                ("CHOPVAULT_YANDEX_DEADLINE".into(), "2".into()),
                ("CHOPVAULT_HTTP_BACKOFF_MS".into(), "5".into()),
            ];
            let (code, _, stderr) = run(sb.cmd().args(["verify", "yd"]));
            assert_eq!(code, Some(2), "{var}={url}: {stderr}");
            assert!(
                stderr.contains(var) && stderr.contains("https://"),
                "{var}={url}: {stderr}"
            );
        }
    }
    // Loopback may be plain (the tests' doubles): nothing listens on port
    // 1, so the network is merely "down".
    for url in [
        "http://127.0.0.1:1",
        "http://127.3.4.5:1",
        "http://[::1]:1",
        "http://localhost:1",
    ] {
        let mut sb = Sandbox::new();
        sb.init_identity();
        sb.set("yd", TOKEN).success();
        sb.env = vec![
            ("CHOPVAULT_YANDEX_API_URL".into(), url.into()),
            ("CHOPVAULT_HTTP_BACKOFF_MS".into(), "5".into()),
        ];
        let (code, _, stderr) = run(sb.cmd().args(["verify", "yd"]));
        assert_eq!(code, Some(13), "{url}: {stderr}");
    }
}

/// Regression: `CHOPVAULT_HTTP_TIMEOUT=inf` (or a deadline of 1e300 s)
/// panicked converting it to a timer.
#[test]
fn yandex_timer_knobs_are_bounded() {
    for (var, value) in [
        ("CHOPVAULT_HTTP_TIMEOUT", "inf"),
        ("CHOPVAULT_YANDEX_DEADLINE", "1e300"),
        ("CHOPVAULT_YANDEX_DEADLINE", "NaN"),
        ("CHOPVAULT_HTTP_BACKOFF_MS", "18446744073709551615"),
    ] {
        let mut sb = Sandbox::new();
        sb.init_identity();
        sb.set("yd", TOKEN).success();
        sb.env = vec![
            (var.into(), value.into()),
            (
                "CHOPVAULT_YANDEX_API_URL".into(),
                "http://127.0.0.1:1".into(),
            ),
        ];
        let (code, _, stderr) = run(sb.cmd().args(["verify", "yd"]));
        assert_eq!(code, Some(2), "{var}={value}: {stderr}");
        assert!(stderr.contains(var), "{var}={value}: {stderr}");
    }
}

/// Regression: a sparse 1 TiB `--from-file` aborted the process
/// (`memory allocation of 1099511627777 bytes failed`).
#[test]
fn a_huge_from_file_is_refused_not_a_crash() {
    let sb = Sandbox::new();
    sb.init_identity();
    let big = sb.path("token.txt");
    sparse_tebibyte(&big);
    let (code, _, stderr) = run(sb.cmd().args(["set", "yd", "--from-file"]).arg(&big));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("larger than 64 KiB") && stderr.contains("hint:"),
        "{stderr}"
    );
    // Refused before anything was done: the source is left as it was.
    assert_eq!(fs::metadata(&big).unwrap().len(), 1 << 40);
    let (code, _, stderr) = run(sb
        .cmd()
        .env("CHOPVAULT_LANG", "ru")
        .args(["set", "yd", "--from-file"])
        .arg(&big));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("больше 64 КиБ"), "{stderr}");
}

/// The same for a passphrase file.
#[test]
fn a_huge_passphrase_file_is_refused_not_a_crash() {
    let sb = Sandbox::new();
    sb.init_passphrase();
    let big = sb.path("pass-big");
    sparse_tebibyte(&big);
    let (code, _, stderr) = run(sb
        .cmd()
        .arg("--passphrase-file")
        .arg(&big)
        .args(["set", "yd", "--stdin"])
        .write_stdin(TOKEN));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("larger than 64 KiB"), "{stderr}");
    assert!(!stderr.contains("memory allocation"), "{stderr}");
}

/// Regression: a huge `unlock --for` crashed the agent (and the message
/// blamed the peer check). Every duration has an upper bound, checked
/// before use.
#[test]
fn huge_durations_are_refused_before_use() {
    let sb = Sandbox::new();
    let pass = sb.init_passphrase();
    for args in [
        &["unlock", "--for", "99999999999999"][..],
        &["unlock", "--for", "99999999999d"],
        &["unlock", "--for", "8d"],
        &["unlock", "--idle", "99999999999d"],
        &["export", "yd", "--ttl", "99999999999d", "--", "true"],
    ] {
        let (code, _, stderr) = run(sb.cmd().arg("--passphrase-file").arg(&pass).args(args));
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("at most 7 days"), "{args:?}: {stderr}");
    }
    // No agent was started by any of them.
    let (_, stdout, stderr) = run(sb.cmd().args(["status"]));
    assert!(!stdout.contains("unlocked") && !stderr.contains("unlocked"));

    // The config's unlock_for, checked when read.
    let config = sb.path("config/chopvault/config.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(&config, format!("{text}unlock_for = \"99999999999d\"\n")).unwrap();
    let (code, _, stderr) = run(sb
        .cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["set", "yd", "--stdin"])
        .write_stdin(TOKEN));
    assert_ne!(code, Some(0), "{stderr}");
    assert!(code.is_some());
    assert!(stderr.contains("at most 7 days"), "{stderr}");
}

/// Regression: a Hangul filler, a variation selector and a tag character
/// were stored in a value. Refused with code point and position, as a
/// zero-width space is.
#[test]
fn invisible_characters_in_values_are_refused() {
    let sb = Sandbox::new();
    sb.init_identity();
    for (c, code_point) in [
        ('\u{3164}', "U+3164"),
        ('\u{FE0F}', "U+FE0F"),
        ('\u{E0041}', "U+E0041"),
        ('\u{FFA0}', "U+FFA0"),
        ('\u{115F}', "U+115F"),
        ('\u{034F}', "U+034F"),
        ('\u{E0100}', "U+E0100"),
        ('\u{1D173}', "U+1D173"),
        ('\u{2800}', "U+2800"),
    ] {
        let value = format!("abcd{c}efgh");
        let (code, _, stderr) = run(sb
            .cmd()
            .args(["set", "v", "--kind", "generic", "--stdin"])
            .write_stdin(value));
        assert_eq!(code, Some(1), "{code_point}: {stderr}");
        assert!(
            stderr.contains(&format!("invisible character {code_point} at position 5")),
            "{code_point}: {stderr}"
        );
    }
    let listed = sb.json(&["list", "--json"]);
    assert_eq!(
        listed["entries"].as_array().map(Vec::len),
        Some(0),
        "{listed}"
    );

    // A note and a member name are values too.
    let (code, _, stderr) = run(sb
        .cmd()
        .args(["set", "n", "--stdin", "--note", "deploy\u{3164}key"])
        .write_stdin(TOKEN));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("U+3164"), "{stderr}");
    let other = Sandbox::new();
    let (code, _, stderr) = run(other.cmd().args([
        "init",
        "--store",
        "file",
        "--generate-identity",
        "--name",
        "ann\u{E0041}",
    ]));
    assert_eq!(code, Some(2), "{stderr}");
}

const HOSTILE: &str = "copy\u{1b}]0;PWNED\u{7}\u{1b}[2J";

/// Regression: a copy of the token that an installer named with escape
/// sequences was printed raw by `set --from-file`'s warning.
#[test]
fn a_copy_named_with_escapes_is_shown_escaped() {
    let sb = Sandbox::new();
    sb.init_identity();
    let deploy = sb.path("deploy");
    fs::create_dir(&deploy).unwrap();
    fs::write(deploy.join("token.txt"), TOKEN).unwrap();
    fs::write(deploy.join(HOSTILE), TOKEN).unwrap();
    let (code, stdout, stderr) = run(sb
        .cmd()
        .args(["set", "yd", "--from-file"])
        .arg(deploy.join("token.txt")));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stderr.contains("also appears in"), "{stderr}");
    assert!(
        stderr.contains("copy\\u{1b}]0;PWNED\\u{7}\\u{1b}[2J"),
        "{stderr:?}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stdout.contains('\u{1b}'),
        "{stderr:?}"
    );
}

/// Regression: `export`'s end line printed DIR and --file raw.
#[test]
fn an_export_folder_named_with_escapes_is_shown_escaped() {
    let sb = Sandbox::new();
    sb.init_identity();
    sb.set("yd", TOKEN).success();
    let deploy = sb.path(HOSTILE);
    fs::create_dir(&deploy).unwrap();
    let (code, stdout, stderr) = run(sb
        .cmd()
        .args(["export", "yd", "--file", "t\u{1b}[2J.txt", "--dir"])
        .arg(&deploy)
        .args(["--", "true"]));
    assert_eq!(code, Some(0), "{stderr}");
    assert!(
        stderr.contains("PWNED"),
        "the end line names the folder: {stderr:?}"
    );
    assert!(
        !stderr.contains('\u{1b}') && !stdout.contains('\u{1b}'),
        "{stderr:?}"
    );
    assert!(!stderr.contains('\u{7}'), "{stderr:?}");
}

/// A key file made at a low work factor (by the knob, before it was
/// bounded) is not kept that weak when its passphrase changes.
#[test]
fn rekey_raises_a_weak_key_file_to_the_lowest_factor_written() {
    use std::io::{Read, Write};
    let sb = Sandbox::new();
    let pass = sb.init_passphrase();
    let key = sb.path("data/chopvault/vault.key.age");
    let old = "correct horse battery staple";
    // The same identity, sealed again at work factor 10.
    let bytes = fs::read(&key).unwrap();
    let d = age::Decryptor::new(age::armor::ArmoredReader::new(&bytes[..])).unwrap();
    let id = age::scrypt::Identity::new(age::secrecy::SecretString::from(old.to_owned()));
    let mut text = Vec::new();
    d.decrypt(std::iter::once(&id as &dyn age::Identity))
        .unwrap()
        .read_to_end(&mut text)
        .unwrap();
    let mut r = age::scrypt::Recipient::new(age::secrecy::SecretString::from(old.to_owned()));
    r.set_work_factor(10);
    let e = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let armor =
        age::armor::ArmoredWriter::wrap_output(&mut out, age::armor::Format::AsciiArmor).unwrap();
    let mut w = e.wrap_output(armor).unwrap();
    w.write_all(&text).unwrap();
    w.finish().unwrap().finish().unwrap();
    fs::write(&key, out).unwrap();
    let header = |key: &Path| {
        let mut bin = Vec::new();
        age::armor::ArmoredReader::new(&fs::read(key).unwrap()[..])
            .read_to_end(&mut bin)
            .unwrap();
        String::from_utf8_lossy(&bin)
            .lines()
            .find_map(|l| l.strip_prefix("-> scrypt "))
            .and_then(|a| a.rsplit(' ').next())
            .unwrap()
            .to_string()
    };
    assert_eq!(header(&key), "10");
    let new = sb.passphrase_file(PASS);
    let (code, _, stderr) = run(sb
        .cmd()
        .arg("--passphrase-file")
        .arg(&pass)
        .args(["rekey", "--new-passphrase-file"])
        .arg(&new));
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(header(&key), "16", "{stderr}");
}
