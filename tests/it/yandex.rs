//! The Yandex token lifecycle against a local double of Yandex OAuth and
//! the Disk API (mockito on a loopback port), answering with the shapes and
//! status codes of the exchanges recorded from Yandex in
//! `tests/fixtures/yandex/` (bodies are loaded from there, placeholders
//! replaced). Every command's output is checked for token text.

use crate::common;

use std::time::Duration;

use common::Sandbox;
use mockito::{Matcher, Mock, Server, ServerGuard};

const CLIENT_ID: &str = "0123456789abcdef0123456789abcdef";
const OLD: &str = "y0_OLDxAgAAAAB4xNoTLeAkOldTokenQwErTy1234567890";
const NEW: &str = "y0_NEWxAgAAAAB4xNoTLeAkNewTokenAsDfGh0987654321";
const REFRESH: &str = "1:REFRESHxTokenZxCvBnM1234567890qwertyuiop";
const SECRET: &str = "c1i3ntS3cr3tValue0123456789abcd";
const ALL_SECRETS: [&str; 4] = [OLD, NEW, REFRESH, SECRET];

/// A response body recorded from Yandex: entry `index` of
/// `tests/fixtures/yandex/FILE`, with each (placeholder, value) replaced.
fn recorded(file: &str, index: usize, replace: &[(&str, &str)]) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/yandex")
        .join(file);
    let all: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let mut body = all[index]["response_body"]
        .as_str()
        .unwrap_or_else(|| panic!("{file}[{index}] has no body"))
        .to_string();
    for (from, to) in replace {
        assert!(body.contains(from), "{file}[{index}] has no {from}");
        body = body.replace(from, to);
    }
    body
}

/// A recorded answer that points somewhere (`href`), pointed at the double.
fn with_href(file: &str, index: usize, href: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(&recorded(file, index, &[])).unwrap();
    v["href"] = href.into();
    v.to_string()
}

/// `GET /v1/disk` for `login`.
fn disk_body(login: &str) -> String {
    recorded("disk-info.json", 0, &[("example-login", login)])
}

/// Yandex's 401 (`UnauthorizedError`, with its Russian message).
fn unauthorized() -> String {
    recorded("check-token.json", 2, &[])
}

/// A token grant: `access`, with REFRESH.
fn grant_body(access: &str) -> String {
    recorded(
        "device-flow.json",
        2,
        &[("y0_ACCESS_TOKEN", access), ("REFRESH_TOKEN", REFRESH)],
    )
}

/// The device-code answer, polling every second (Yandex says 5).
fn device_code_body(user_code: &str) -> String {
    recorded(
        "device-flow.json",
        0,
        &[
            ("\"interval\": 5", "\"interval\": 1"),
            ("qfcgcip7", user_code),
        ],
    )
}

/// `revoke_token`'s answer.
fn revoked_body() -> String {
    recorded("code-exchange-refresh-revoke.json", 4, &[])
}

/// `login yd --client-id CLIENT_ID FLOW… --stdin`.
fn login(sb: &Sandbox, flow: &[&str], stdin: &str) -> (i32, String, String) {
    let mut args = vec!["login", "yd", "--client-id", CLIENT_ID];
    args.extend_from_slice(flow);
    args.push("--stdin");
    run(sb, &args, stdin)
}

/// A sandbox with an identity vault, pointed at the double.
fn setup(server: &ServerGuard) -> Sandbox {
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("CHOPVAULT_YANDEX_OAUTH_URL".into(), server.url()),
        ("CHOPVAULT_YANDEX_API_URL".into(), server.url()),
        ("CHOPVAULT_HTTP_BACKOFF_MS".into(), "5".into()),
        ("CHOPVAULT_HTTP_TIMEOUT".into(), "3".into()),
    ];
    sb.init_identity();
    sb
}

/// Runs chopvault and checks no secret reached its output, the event log,
/// the index or any other file. Returns (exit code, stdout, stderr).
fn run(sb: &Sandbox, args: &[&str], stdin: &str) -> (i32, String, String) {
    let out = sb.cmd().args(args).write_stdin(stdin).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    for s in ALL_SECRETS {
        assert!(!stdout.contains(s), "{args:?} printed a secret: {stdout}");
        assert!(!stderr.contains(s), "{args:?} printed a secret: {stderr}");
    }
    assert_no_secret_in_files(sb);
    (out.status.code().unwrap_or(-1), stdout, stderr)
}

fn assert_no_secret_in_files(sb: &Sandbox) {
    for (path, bytes) in sb.all_files() {
        let text = String::from_utf8_lossy(&bytes);
        for s in ALL_SECRETS {
            assert!(!text.contains(s), "a secret is in {}", path.display());
        }
    }
}

fn disk_ok(server: &mut ServerGuard, token: &str, login: &str) -> Mock {
    server
        .mock("GET", "/v1/disk")
        .match_header("authorization", format!("OAuth {token}").as_str())
        .with_status(200)
        .with_header("content-type", "application/json; charset=utf-8")
        .with_body(disk_body(login))
        .create()
}

/// Stores OLD as a plain `set` yandex-disk entry with a ClientID.
fn store_old(sb: &Sandbox) {
    sb.cmd()
        .args(["set", "yd", "--stdin", "--client-id", CLIENT_ID])
        .write_stdin(OLD)
        .assert()
        .success();
}

fn token_ok(server: &mut ServerGuard, grant: &str, access: &str) -> Mock {
    server
        .mock("POST", "/token")
        .match_body(Matcher::UrlEncoded("grant_type".into(), grant.into()))
        .with_status(200)
        .with_header("content-type", "application/json")
        .with_body(grant_body(access))
        .create()
}

fn oauth_error(server: &mut ServerGuard, path: &str, error: &str, hits: usize) -> Mock {
    server
        .mock("POST", path)
        .with_status(400)
        .with_header("content-type", "application/json")
        .with_body(recorded(
            "device-flow.json",
            1,
            &[
                ("authorization_pending", error),
                (
                    "User has not yet authorized your application",
                    &format!("described {error}"),
                ),
            ],
        ))
        .expect(hits)
        .create()
}

/// An entry holding OLD, obtained by the code flow (device-bound, with the
/// client secret stored), owned by example-login.
fn logged_in_with_old(server: &mut ServerGuard, sb: &Sandbox) {
    let m = token_ok(server, "authorization_code", OLD);
    let d = disk_ok(server, OLD, "example-login");
    let (code, _, stderr) = login(sb, &["--code"], &format!("{SECRET}\n5320215\n"));
    assert_eq!(code, 0, "{stderr}");
    m.remove();
    d.remove();
}

trait RunWithInput {
    /// Starts the command, waits until its output shows `prompt`, types
    /// `input`, and returns everything it printed.
    fn answer_prompt(&mut self, prompt: &str, input: &str) -> String;
}

impl RunWithInput for std::process::Command {
    fn answer_prompt(&mut self, prompt: &str, input: &str) -> String {
        use std::io::{Read, Write};
        use std::sync::{Arc, Mutex};
        let mut child = self
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let mut stdout = child.stdout.take().unwrap();
        let reader = {
            let seen = Arc::clone(&seen);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stdout.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    seen.lock().unwrap().extend_from_slice(&buf[..n]);
                }
            })
        };
        common::wait_for(
            || String::from_utf8_lossy(&seen.lock().unwrap()).contains(prompt),
            "the prompt",
        );
        let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
        child.wait().unwrap();
        reader.join().unwrap();
        let out = seen.lock().unwrap().clone();
        String::from_utf8_lossy(&out).into_owned()
    }
}

#[test]
fn verify_reports_the_owner_and_records_it() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    let m = disk_ok(&mut server, OLD, "example-login");
    let (code, stdout, _) = run(&sb, &["verify", "yd"], "");
    assert_eq!(code, 0);
    assert!(
        stdout.contains("valid - owner example-login, Disk 37.2 GiB of 42.0 GiB used"),
        "{stdout}"
    );
    m.assert();
    let meta = sb.json(&["get", "yd", "--json"]);
    assert_eq!(meta["login"], "example-login");
    assert_eq!(meta["last_verified"]["result"], "valid");
    let (_, status, _) = run(&sb, &["status"], "");
    assert!(
        status.contains("owner example-login") && status.contains("verified"),
        "{status}"
    );
    let (code, json, _) = run(&sb, &["verify", "yd", "--json"], "");
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["result"], "valid");
    assert_eq!(json["owner"]["login"], "example-login");
    assert_no_secret_in_files(&sb);
}

#[test]
fn a_401_is_retried_before_it_is_believed() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    let m = server
        .mock("GET", "/v1/disk")
        .with_status(401)
        .with_body(unauthorized())
        .expect(3)
        .create();
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    m.assert();
    assert_eq!(code, 12, "{stderr}");
    assert!(
        stderr.contains("UnauthorizedError") && stderr.contains("Likely causes"),
        "{stderr}"
    );
    assert_eq!(
        sb.json(&["get", "yd", "--json"])["last_verified"]["result"],
        "rejected"
    );

    // A flaky 401 followed by 200 is a valid token.
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    let flaky = server
        .mock("GET", "/v1/disk")
        .with_status(401)
        .with_body(unauthorized())
        .expect(1)
        .create();
    let ok = disk_ok(&mut server, OLD, "example-login");
    assert_eq!(run(&sb, &["verify", "yd"], "").0, 0);
    flaky.assert();
    ok.assert();
}

/// `verify --json` in either language: the same facts (`error.kind`
/// among them), with `error.message`, for a person, in the reader's
/// language (issue 23: `--json` needs no language).
#[test]
fn verify_json_keeps_its_facts_and_says_the_error_in_the_readers_language() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    let m = server
        .mock("GET", "/v1/disk")
        .with_status(401)
        .with_body(unauthorized())
        .expect_at_least(2)
        .create();
    let mut said = Vec::new();
    for lang in ["en", "ru"] {
        let out = sb
            .cmd()
            .env("CHOPVAULT_LANG", lang)
            .args(["verify", "yd", "--json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(12), "{lang}");
        let mut json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["result"], "rejected");
        assert_eq!(json["error"]["kind"], "rejected", "{json}");
        let message = json["error"]["message"].take();
        said.push((json, message.as_str().unwrap().to_owned()));
    }
    m.assert();
    let cyrillic = |s: &str| s.chars().any(|c| ('а'..='я').contains(&c));
    assert_eq!(said[0].0, said[1].0, "the facts differ with the language");
    assert!(!cyrillic(&said[0].1), "{}", said[0].1);
    assert!(cyrillic(&said[1].1), "{}", said[1].1);
    for s in ALL_SECRETS {
        assert!(!said[0].1.contains(s) && !said[1].1.contains(s));
    }
}

#[test]
fn rate_limits_and_server_errors_are_retried_then_reported_as_unreachable() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    let limited = server
        .mock("GET", "/v1/disk")
        .with_status(429)
        .with_body("{}")
        .expect(1)
        .create();
    let ok = disk_ok(&mut server, OLD, "example-login");
    assert_eq!(run(&sb, &["verify", "yd"], "").0, 0);
    limited.assert();
    ok.assert();

    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    let failing = server
        .mock("GET", "/v1/disk")
        .with_status(500)
        .with_body("oops")
        .expect(4)
        .create();
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    failing.assert();
    assert_eq!(code, 13, "{stderr}");
    assert!(
        stderr.contains("HTTP 500 after 4 tries") && stderr.contains("nothing was changed"),
        "{stderr}"
    );
    assert_eq!(
        sb.json(&["get", "yd", "--json"])["last_verified"]["result"],
        "unreachable"
    );
}

#[test]
fn slow_server_malformed_answers_and_no_network_are_exit_13() {
    let mut server = Server::new();
    let mut sb = setup(&server);
    store_old(&sb);
    server
        .mock("GET", "/v1/disk")
        .with_status(200)
        .with_chunked_body(|w| {
            std::thread::sleep(Duration::from_millis(1500));
            w.write_all(b"{}")
        })
        .create();
    sb.env.push(("CHOPVAULT_HTTP_TIMEOUT".into(), "0.3".into()));
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    assert_eq!(code, 13, "{stderr}");
    assert!(
        stderr.contains("timed out") || stderr.contains("broke off"),
        "{stderr}"
    );

    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    server
        .mock("GET", "/v1/disk")
        .with_status(200)
        .with_body("{\"user\": [")
        .create();
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    assert_eq!(code, 13, "{stderr}");
    assert!(stderr.contains("not understood"), "{stderr}");

    // A wrong API URL (a proxy's page, say): the status, with or without
    // Yandex's error name, and nothing else.
    for (body, said) in [
        ("not here", "HTTP 404 from the Disk API"),
        (
            r#"{"error":"DiskNotFoundError"}"#,
            "HTTP 404 DiskNotFoundError from the Disk API",
        ),
    ] {
        let mut server = Server::new();
        let sb = setup(&server);
        store_old(&sb);
        server
            .mock("GET", "/v1/disk")
            .with_status(404)
            .with_body(body)
            .create();
        let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
        assert_eq!(code, 13, "{stderr}");
        assert!(stderr.contains(said), "{stderr}");
    }

    // Nothing listens on port 1 of the loopback: the network is "down".
    let url = "http://127.0.0.1:1".to_string();
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("CHOPVAULT_YANDEX_API_URL".into(), url),
        ("CHOPVAULT_HTTP_BACKOFF_MS".into(), "5".into()),
    ];
    sb.init_identity();
    store_old(&sb);
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    assert_eq!(code, 13, "{stderr}");
    assert!(stderr.contains("could not connect"), "{stderr}");
}

#[test]
fn verify_write_uploads_and_deletes_a_probe() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    disk_ok(&mut server, OLD, "example-login");
    let link = server
        .mock("GET", "/v1/disk/resources/upload")
        .match_query(Matcher::AllOf(vec![
            Matcher::Regex("path=app%3A%2Fchopvault-probe-".into()),
            Matcher::UrlEncoded("overwrite".into(), "true".into()),
        ]))
        .match_header("authorization", format!("OAuth {OLD}").as_str())
        .with_status(200)
        .with_body(with_href(
            "upload-link.json",
            2,
            &format!("{}/upload-target/probe", server.url()),
        ))
        .create();
    let put = server
        .mock("PUT", "/upload-target/probe")
        .match_header("authorization", Matcher::Missing)
        .with_status(201)
        .create();
    let delete = server
        .mock("DELETE", "/v1/disk/resources")
        .match_query(Matcher::UrlEncoded("permanently".into(), "true".into()))
        .with_status(202)
        .with_body(with_href(
            "upload-link.json",
            6,
            &format!("{}/v1/disk/operations/op2", server.url()),
        ))
        .create();
    let pending = server
        .mock("GET", "/v1/disk/operations/op2")
        .with_status(200)
        .with_body(recorded("upload-link.json", 7, &[]))
        .expect(1)
        .create();
    let done = server
        .mock("GET", "/v1/disk/operations/op2")
        .with_status(200)
        .with_body(recorded("upload-link.json", 8, &[]))
        .create();
    let (code, stdout, stderr) = run(&sb, &["verify", "yd", "--write"], "");
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("can write"), "{stdout}");
    for m in [link, put, delete, pending, done] {
        m.assert();
    }
}

#[test]
fn login_with_a_pasted_redirect_url_stores_a_verified_token() {
    let mut server = Server::new();
    let sb = setup(&server);
    let m = disk_ok(&mut server, NEW, "example-login");
    let pasted = format!(
        "https://oauth.yandex.ru/verification_code#access_token={NEW}&token_type=bearer&expires_in=31536000\n"
    );
    let (code, _, stderr) = login(&sb, &[], &pasted);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("/authorize?response_type=token&client_id=0123456789abcdef"),
        "{stderr}"
    );
    assert!(stderr.contains("device_id=chopvault-"), "{stderr}");
    m.assert();
    sb.cmd().args(["get", "yd"]).assert().success().stdout(NEW);
    let meta = sb.json(&["get", "yd", "--json"]);
    assert_eq!(meta["login"], "example-login");
    assert_eq!(meta["client_id"], CLIENT_ID);
    assert_eq!(meta["days_left"], 365);
    assert_eq!(meta["kind"], "yandex-disk");
    // A second login for the same name points at rotate.
    let (code, _, stderr) = login(&sb, &[], &pasted);
    assert_eq!(code, 1);
    assert!(stderr.contains("chopvault rotate yd"), "{stderr}");
    assert_no_secret_in_files(&sb);
}

#[test]
fn login_refuses_denied_rejected_and_malformed_answers() {
    let mut server = Server::new();
    let sb = setup(&server);
    let (code, _, stderr) = login(
        &sb,
        &[],
        "https://oauth.yandex.ru/verification_code#error=access_denied&error_description=User%20denied%20access\n",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("declined") && stderr.contains("access_denied"),
        "{stderr}"
    );

    server
        .mock("GET", "/v1/disk")
        .with_status(401)
        .with_body(unauthorized())
        .create();
    let (code, _, stderr) = login(&sb, &[], &format!("{NEW}\n"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("rejects the new token") && stderr.contains("nothing was stored"),
        "{stderr}"
    );
    assert_eq!(
        sb.json(&["list", "--json"])["entries"]
            .as_array()
            .unwrap()
            .len(),
        0
    );

    let (code, _, _) = run(
        &sb,
        &["login", "yd", "--client-id", "not-an-id", "--stdin"],
        "x\n",
    );
    assert_eq!(code, 2);
    // No ClientID and no terminal for the guide.
    let (code, _, stderr) = run(&sb, &["login", "yd"], "");
    assert_eq!(code, 2);
    assert!(stderr.contains("--client-id"), "{stderr}");
}

#[test]
fn device_flow_polls_until_confirmed_and_keeps_a_refresh_token() {
    let mut server = Server::new();
    let sb = setup(&server);
    let code_mock = server
        .mock("POST", "/device/code")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("client_id".into(), CLIENT_ID.into()),
            Matcher::UrlEncoded("client_secret".into(), SECRET.into()),
        ]))
        .with_status(200)
        .with_body(device_code_body("qfcgcip7"))
        .create();
    let pending = oauth_error(&mut server, "/token", "authorization_pending", 1);
    let granted = token_ok(&mut server, "device_code", NEW);
    disk_ok(&mut server, NEW, "example-login");
    let (code, _, stderr) = login(&sb, &["--device"], &format!("{SECRET}\n"));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("https://ya.ru/device") && stderr.contains("qfcgcip7"),
        "{stderr}"
    );
    code_mock.assert();
    pending.assert();
    granted.assert();
    let meta = sb.json(&["get", "yd", "--json"]);
    assert_eq!(meta["days_left"], 365);

    // The refresh token and client secret were kept: refresh works.
    const REFRESHED: &str = "y0_REFRESHEDxTokenAgAAAAB4xNoTLeAk1122334455";
    let refresh = server
        .mock("POST", "/token")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "refresh_token".into()),
            Matcher::UrlEncoded("refresh_token".into(), REFRESH.into()),
            Matcher::UrlEncoded("client_secret".into(), SECRET.into()),
        ]))
        .with_status(200)
        .with_body(recorded(
            "code-exchange-refresh-revoke.json",
            2,
            &[("y0_ACCESS_TOKEN", REFRESHED), ("REFRESH_TOKEN", REFRESH)],
        ))
        .create();
    disk_ok(&mut server, REFRESHED, "example-login");
    let (code, _, stderr) = run(&sb, &["refresh", "yd"], "");
    assert_eq!(code, 0, "{stderr}");
    refresh.assert();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(REFRESHED);
    let out = sb
        .cmd()
        .args(["check", "--refresh-due"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert!(String::from_utf8_lossy(&out).contains("yd ok"));
    assert_no_secret_in_files(&sb);
}

#[test]
fn device_flow_errors_are_clear() {
    let mut server = Server::new();
    let sb = setup(&server);
    server
        .mock("POST", "/device/code")
        .with_status(200)
        .with_body(device_code_body("abc"))
        .create();
    oauth_error(&mut server, "/token", "invalid_grant", 1);
    let (code, _, stderr) = login(&sb, &["--device"], &format!("{SECRET}\n"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("invalid_grant") && stderr.contains("hint:"),
        "{stderr}"
    );

    let mut server = Server::new();
    let sb = setup(&server);
    oauth_error(&mut server, "/device/code", "invalid_client", 1);
    let (code, _, stderr) = login(&sb, &["--device"], &format!("{SECRET}\n"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("ClientID or the client secret is wrong"),
        "{stderr}"
    );
    // stdin without the secret
    let (code, _, stderr) = login(&sb, &["--device"], "");
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn code_flow_exchanges_the_code_with_pkce() {
    let mut server = Server::new();
    let sb = setup(&server);
    oauth_error(&mut server, "/token", "bad_verification_code", 1);
    let (code, _, stderr) = login(&sb, &["--code"], &format!("{SECRET}\n1234567\n"));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("confirmation code is wrong"), "{stderr}");
    assert!(
        stderr.contains("response_type=code") && stderr.contains("code_challenge_method=S256"),
        "{stderr}"
    );

    let exchange = server
        .mock("POST", "/token")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("grant_type".into(), "authorization_code".into()),
            Matcher::UrlEncoded("code".into(), "5320215".into()),
            Matcher::Regex("code_verifier=[A-Za-z0-9_-]{43}".into()),
        ]))
        .with_status(200)
        .with_body(recorded(
            "code-exchange-refresh-revoke.json",
            0,
            &[("y0_ACCESS_TOKEN", NEW), ("REFRESH_TOKEN", REFRESH)],
        ))
        .create();
    disk_ok(&mut server, NEW, "example-login");
    let (code, _, stderr) = login(&sb, &["--code"], &format!("{SECRET}\n5320215\n"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("with a refresh token"), "{stderr}");
    exchange.assert();
}

#[test]
fn rotate_swaps_after_verification_and_revokes_the_old_token() {
    let mut server = Server::new();
    let sb = setup(&server);
    logged_in_with_old(&mut server, &sb);
    disk_ok(&mut server, NEW, "example-login");
    let revoke = server
        .mock("POST", "/revoke_token")
        .match_body(Matcher::AllOf(vec![
            Matcher::UrlEncoded("access_token".into(), OLD.into()),
            Matcher::UrlEncoded("client_secret".into(), SECRET.into()),
        ]))
        .with_status(200)
        .with_body(revoked_body())
        .create();
    let (code, _, stderr) = run(&sb, &["rotate", "yd", "--stdin"], &format!("{NEW}\n"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("revoked the old token"), "{stderr}");
    revoke.assert();
    sb.cmd().args(["get", "yd"]).assert().success().stdout(NEW);
    let meta = sb.json(&["get", "yd", "--json"]);
    let history = meta["history"].as_array().unwrap();
    let last = history.last().unwrap();
    assert_eq!(last["event"], "rotate");
    assert!(
        last["detail"]
            .as_str()
            .unwrap()
            .contains("replaced sha256:")
    );
    // The manual flow yields no refresh token: the old grant's one is gone.
    let (code, _, stderr) = run(&sb, &["refresh", "yd"], "");
    assert_eq!(code, 1, "{stderr}");
    let log = std::fs::read_to_string(sb.event_log()).unwrap();
    assert!(log.contains("\"old_revoked\":\"revoked\""), "{log}");
    assert_no_secret_in_files(&sb);
}

/// Regression: when Yandex gave back the same token (it does, for the same
/// app and device while the token is valid), rotate stored it, then
/// revoked "the old token" — the one it had just stored — and history said
/// it was replaced by itself. The double here revokes whatever it is asked
/// to: it must not be asked, and the token must still verify afterwards.
#[test]
fn rotate_never_revokes_the_token_it_keeps() {
    let mut server = Server::new();
    let sb = setup(&server);
    logged_in_with_old(&mut server, &sb);
    disk_ok(&mut server, OLD, "example-login");
    let revoke = server
        .mock("POST", "/revoke_token")
        .with_status(200)
        .with_body(revoked_body())
        .expect(0)
        .create();
    let (code, _, stderr) = run(&sb, &["rotate", "yd", "--stdin"], &format!("{OLD}\n"));
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("same token"), "{stderr}");
    assert!(stderr.contains("nothing was revoked"), "{stderr}");
    assert!(!stderr.contains("revoked the old token"), "{stderr}");
    assert!(!stderr.contains("still works until it expires"), "{stderr}");
    revoke.assert();
    sb.cmd().args(["get", "yd"]).assert().success().stdout(OLD);
    let meta = sb.json(&["get", "yd", "--json"]);
    let last = meta["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "unchanged", "{last}");
    assert!(
        !last["detail"].as_str().unwrap_or("").contains("replaced"),
        "{last}"
    );
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    assert_eq!(code, 0, "{stderr}");
    let log = std::fs::read_to_string(sb.event_log()).unwrap();
    assert!(log.contains("\"old_revoked\":\"unchanged\""), "{log}");
    assert_no_secret_in_files(&sb);
}

#[test]
fn rotate_keeps_the_old_token_unless_the_new_one_is_good_and_the_same_account() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    disk_ok(&mut server, OLD, "example-login");
    disk_ok(&mut server, NEW, "someone-else");
    let (code, _, stderr) = run(&sb, &["rotate", "yd", "--stdin"], &format!("{NEW}\n"));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("'someone-else', not 'example-login'"),
        "{stderr}"
    );
    sb.cmd().args(["get", "yd"]).assert().success().stdout(OLD);

    // The old token was not device-bound: revocation is up to the user.
    let (code, _, stderr) = run(
        &sb,
        &["rotate", "yd", "--stdin", "--allow-account-change"],
        &format!("{NEW}\n"),
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("still works until it expires"), "{stderr}");
    sb.cmd().args(["get", "yd"]).assert().success().stdout(NEW);

    // A new token Yandex rejects changes nothing.
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    server
        .mock("GET", "/v1/disk")
        .with_status(401)
        .with_body(unauthorized())
        .create();
    let (code, _, stderr) = run(&sb, &["rotate", "yd", "--stdin"], &format!("{NEW}\n"));
    assert_eq!(code, 1, "{stderr}");
    sb.cmd().args(["get", "yd"]).assert().success().stdout(OLD);
    // No ClientID stored and none given.
    sb.cmd()
        .args(["set", "bare", "--stdin"])
        .write_stdin(OLD)
        .assert()
        .success();
    let (code, _, stderr) = run(&sb, &["rotate", "bare", "--stdin"], &format!("{NEW}\n"));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--client-id"), "{stderr}");
    assert_eq!(run(&sb, &["rotate", "nope", "--stdin"], "").0, 3);
}

#[test]
fn check_combines_expiry_and_verification_into_one_exit_code() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    sb.cmd()
        .args([
            "set",
            "soon",
            "--stdin",
            "--expires",
            &(jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48)).to_string(),
        ])
        .write_stdin(NEW)
        .assert()
        .success();
    let (code, stdout, _) = run(&sb, &["check"], "");
    assert_eq!(code, 10, "{stdout}");
    assert!(
        stdout.contains("soon expires-soon") && stdout.contains("yd ok"),
        "{stdout}"
    );

    disk_ok(&mut server, OLD, "example-login");
    server
        .mock("GET", "/v1/disk")
        .match_header("authorization", format!("OAuth {NEW}").as_str())
        .with_status(401)
        .with_body(unauthorized())
        .create();
    let (code, stdout, _) = run(&sb, &["check", "--verify", "--json"], "");
    assert_eq!(code, 12, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["exit_code"], 12);
    let states: Vec<_> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(states, vec!["rejected", "ok"]);

    sb.cmd()
        .args([
            "set",
            "old",
            "--stdin",
            "--kind",
            "generic",
            "--expires",
            "2020-01-01",
            "--force", // a past date needs it
        ])
        .write_stdin("y0_x")
        .assert()
        .success();
    // Without --verify, check reads the last verification as status does
    // (one rule): 'soon' was rejected, which outranks 'old' having expired.
    let (code, stdout, _) = run(&sb, &["check"], "");
    assert_eq!(code, 12, "{stdout}");
    assert!(stdout.contains("old expired"), "{stdout}");
    assert!(stdout.contains("soon rejected"), "{stdout}");
    let (code, stdout, _) = run(&sb, &["status"], "");
    assert_eq!(code, 12, "status and check agree: {stdout}");
}

#[test]
fn the_guide_prints_the_app_registration_steps() {
    if !common::require("script") {
        return;
    }
    let sb = Sandbox::new();
    sb.init_identity();
    let bin = assert_cmd::cargo::cargo_bin!("chopvault");
    let out = sb
        .env_into(&mut std::process::Command::new("script"), "/usr/bin:/bin")
        .args(["-qec", &format!("{} login yd", bin.display()), "/dev/null"])
        .answer_prompt("ClientID: ", "not-a-client-id\n");
    assert!(out.contains("https://oauth.yandex.ru/client/new"), "{out}");
    assert!(
        out.contains("https://oauth.yandex.ru/verification_code"),
        "{out}"
    );
    for scope in [
        "cloud_api:disk.read",
        "cloud_api:disk.write",
        "cloud_api:disk.app_folder",
        "cloud_api:disk.info",
    ] {
        assert!(out.contains(scope), "{out}");
    }
    assert!(out.contains("32 hexadecimal"), "{out}");
}

/// Issue 14, item 2: `status` showed `[ok]` (exit 0) for a token Yandex had
/// rejected at the last `verify`. A rejected last verification is a
/// problem: exit 12, shown as such.
#[test]
fn status_counts_a_rejected_last_verification() {
    let mut server = Server::new();
    let sb = setup(&server);
    store_old(&sb);
    server
        .mock("GET", "/v1/disk")
        .with_status(401)
        .with_body(unauthorized())
        .expect_at_least(1)
        .create();
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    assert_eq!(code, 12, "{stderr}");
    let (code, stdout, stderr) = run(&sb, &["status"], "");
    assert_eq!(code, 12, "{stdout}{stderr}");
    assert!(stdout.contains("[rejected]"), "{stdout}");
    let json = sb.cmd().args(["status", "--json"]).output().unwrap();
    assert_eq!(json.status.code(), Some(12));
}

/// Regression: a Yandex that accepts connections and never answers made
/// `verify` sit for 84 s (20 s per request, four tries) with no output.
/// One call now has an overall deadline (30 s by default).
#[test]
fn a_silent_yandex_is_given_up_on_at_the_deadline() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    // Accept and hold every connection, answering nothing.
    let held = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    {
        let held = held.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming().flatten() {
                held.lock().unwrap().push(conn);
            }
        });
    }
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("CHOPVAULT_YANDEX_API_URL".into(), url.clone()),
        ("CHOPVAULT_YANDEX_OAUTH_URL".into(), url),
        ("CHOPVAULT_HTTP_BACKOFF_MS".into(), "5".into()),
        ("CHOPVAULT_YANDEX_DEADLINE".into(), "2".into()),
    ];
    sb.init_identity();
    store_old(&sb);
    let start = std::time::Instant::now();
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    let took = start.elapsed();
    assert_eq!(code, 13, "{stderr}");
    assert!(
        stderr.contains("no answer from Yandex within 2 s"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(8), "took {took:?}");
    assert!(
        !held.lock().unwrap().is_empty(),
        "chopvault never connected"
    );
}

/// The guide in Russian names the labels of Yandex's Russian pages
/// («Создать приложение», «Веб-сервисы»), keeps the addresses and scopes,
/// and asks in Russian.
#[test]
fn the_guide_speaks_russian() {
    if !common::require("script") {
        return;
    }
    let mut sb = Sandbox::new();
    sb.init_identity();
    sb.env.push(("CHOPVAULT_LANG".into(), "ru".into()));
    let bin = assert_cmd::cargo::cargo_bin!("chopvault");
    let out = sb
        .env_into(&mut std::process::Command::new("script"), "/usr/bin:/bin")
        .args(["-qec", &format!("{} login yd", bin.display()), "/dev/null"])
        .answer_prompt("ClientID: ", "not-a-client-id\n");
    for words in [
        "Токен Яндекс Диска выдаётся OAuth-приложению",
        "«Создать приложение»",
        "«Для доступа к API или отладки»",
        "«Название вашего сервиса»",
        "«Веб-сервисы»",
        "https://oauth.yandex.ru/client/new",
        "https://oauth.yandex.ru/verification_code",
        "cloud_api:disk.app_folder",
        "32 шестнадцатеричных символа",
        "подсказка:",
    ] {
        assert!(out.contains(words), "{words} not in:\n{out}");
    }
    assert!(!out.contains("Web services\""), "{out}");
}

/// Yandex's own error words reach the user in the language they read,
/// asked for with Accept-Language, and the machine code stays beside
/// them: `401 UnauthorizedError: Не авторизован.`
#[test]
fn yandex_errors_are_shown_in_the_readers_language() {
    let mut server = Server::new();
    let mut sb = setup(&server);
    store_old(&sb);
    let m = server
        .mock("GET", "/v1/disk")
        .match_header("accept-language", "ru")
        .with_status(401)
        .with_body(unauthorized())
        .expect(3)
        .create();
    sb.env.push(("CHOPVAULT_LANG".into(), "ru".into()));
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    m.assert();
    assert_eq!(code, 12, "{stderr}");
    assert!(
        stderr.contains("chopvault: ошибка: Яндекс отвергает токен (HTTP 401 UnauthorizedError: Не авторизован.)"),
        "{stderr}"
    );
    assert!(stderr.contains("подсказка: Вероятные причины"), "{stderr}");

    // In English: Yandex's English description, same code.
    sb.env.pop();
    let m = server
        .mock("GET", "/v1/disk")
        .match_header("accept-language", "en")
        .with_status(401)
        .with_body(unauthorized())
        .expect(3)
        .create();
    let (code, _, stderr) = run(&sb, &["verify", "yd"], "");
    m.assert();
    assert_eq!(code, 12, "{stderr}");
    assert!(
        stderr.contains("Yandex rejects the token (HTTP 401 UnauthorizedError: Unauthorized)"),
        "{stderr}"
    );
}
