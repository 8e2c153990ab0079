//! The openbao store as fleet hosts use it: logins (AppRole, wrapped
//! secret ids), short tokens kept alive, metadata read without values,
//! honest monitoring when the server is away, and `export --if-changed`.
//! Each test starts its own dev server with a file audit device (declared
//! in a config file: OpenBao 2 refuses `audit enable` over the API), so a
//! test can count and inspect the requests chopvault makes; the server is
//! stopped by pid.

use crate::common;

use std::fs;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use common::{Sandbox, require, wait_for};
use predicates::prelude::*;

const TOKEN: &str = "y0_FLEETxAgAAAAB4xNoTLeAkThIsTokEnQwErTy1234567890";

/// A dev server on a free loopback port that writes an audit log.
struct Audited {
    addr: String,
    child: Child,
    dir: tempfile::TempDir,
}

impl Audited {
    fn start() -> Option<Audited> {
        if !require("bao") {
            return None;
        }
        chopvault::tls::init();
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let config = dir.path().join("audit.hcl");
        fs::write(
            &config,
            format!(
                "audit \"file\" \"to-file\" {{\n  options {{\n    file_path = \"{}\"\n  }}\n}}\n",
                dir.path().join("audit.log").display()
            ),
        )
        .unwrap();
        let log = fs::File::create(dir.path().join("bao.log")).unwrap();
        let child = Command::new("bao")
            .args(["server", "-dev", "-dev-root-token-id=root"])
            .arg(format!("-config={}", config.display()))
            .arg(format!("-dev-listen-address=127.0.0.1:{port}"))
            .env("HOME", dir.path())
            .env_remove("BAO_ADDR")
            .env_remove("VAULT_ADDR")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start bao");
        let bao = Audited {
            addr: format!("http://127.0.0.1:{port}"),
            child,
            dir,
        };
        wait_for(
            || {
                reqwest::blocking::get(format!("{}/v1/sys/health", bao.addr))
                    .map(|r| r.status().is_success())
                    .unwrap_or(false)
            },
            "the OpenBao dev server",
        );
        Some(bao)
    }

    fn cli(&self, args: &[&str]) -> String {
        self.cli_in(args, "")
    }

    fn cli_in(&self, args: &[&str], stdin: &str) -> String {
        crate::common::tool_output(
            Command::new("bao")
                .args(args)
                .env("BAO_ADDR", &self.addr)
                .env("BAO_TOKEN", "root"),
            stdin,
        )
        .trim()
        .to_string()
    }

    fn policy(&self, name: &str, text: &str) {
        self.cli_in(&["policy", "write", name, "-"], text);
    }

    fn token(&self, args: &[&str]) -> String {
        let mut all = vec!["token", "create", "-field=token"];
        all.extend_from_slice(args);
        self.cli(&all)
    }

    /// The audit log's requests (not responses), as JSON.
    fn requests(&self) -> Vec<serde_json::Value> {
        fs::read_to_string(self.dir.path().join("audit.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "request")
            .collect()
    }

    fn paths(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| r["request"]["path"].as_str().unwrap_or("").to_string())
            .collect()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Audited {
    fn drop(&mut self) {
        self.stop();
    }
}

const WRITER: &str = r#"path "secret/data/chopvault/*" { capabilities = ["create", "read", "update", "delete"] }
path "secret/metadata/chopvault/*" { capabilities = ["create", "read", "update", "list"] }
path "secret/metadata/chopvault" { capabilities = ["list"] }"#;

fn sandbox(bao: &Audited, token: Option<&str>) -> Sandbox {
    let mut sb = Sandbox::new();
    sb.env = vec![("BAO_ADDR".into(), bao.addr.clone())];
    if let Some(t) = token {
        sb.env.push(("BAO_TOKEN".into(), t.into()));
    }
    sb
}

fn host(bao: &Audited, token: &str) -> Sandbox {
    let sb = sandbox(bao, Some(token));
    sb.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    sb
}

fn private_file(sb: &Sandbox, name: &str, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = sb.path(name);
    fs::write(&p, text).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    p
}

fn approle(bao: &Audited, ttl: &str) -> String {
    bao.cli(&["auth", "enable", "approle"]);
    bao.policy("writer", WRITER);
    bao.cli(&[
        "write",
        "auth/approle/role/host",
        "token_policies=writer",
        &format!("token_ttl={ttl}"),
        "token_max_ttl=1h",
    ]);
    bao.cli(&["read", "-field=role_id", "auth/approle/role/host/role-id"])
}

#[test]
fn approle_logs_in_with_a_plain_and_with_a_wrapped_secret_id() {
    let Some(bao) = Audited::start() else { return };
    let role_id = approle(&bao, "10m");
    for wrapped in [false, true] {
        let sb = sandbox(&bao, None);
        let secret = if wrapped {
            bao.cli(&[
                "write",
                "-f",
                "-wrap-ttl=120s",
                "-field=wrapping_token",
                "auth/approle/role/host/secret-id",
            ])
        } else {
            bao.cli(&[
                "write",
                "-f",
                "-field=secret_id",
                "auth/approle/role/host/secret-id",
            ])
        };
        let role_file = private_file(&sb, "role-id", &role_id);
        let secret_file = private_file(&sb, "secret-id", &secret);
        let logins_before = bao
            .paths()
            .iter()
            .filter(|p| *p == "auth/approle/login")
            .count();
        sb.cmd()
            .args([
                "init",
                "--store",
                "openbao",
                "--auth",
                "approle",
                "--role-id-file",
            ])
            .arg(&role_file)
            .arg("--secret-id-file")
            .arg(&secret_file)
            .assert()
            .success();
        let name = format!("yd-{wrapped}");
        sb.set(&name, TOKEN).success();
        sb.cmd()
            .args(["get", &name])
            .assert()
            .success()
            .stdout(TOKEN);
        sb.cmd().arg("status").assert().success();
        // One login, its token cached for the commands that follow.
        let logins = bao
            .paths()
            .iter()
            .filter(|p| *p == "auth/approle/login")
            .count()
            - logins_before;
        assert_eq!(logins, 1, "wrapped={wrapped}");
        if wrapped {
            let unwraps = bao
                .paths()
                .iter()
                .filter(|p| *p == "sys/wrapping/unwrap")
                .count();
            assert_eq!(unwraps, 1, "the wrapping token is used once");
        }
        // Neither the secret id nor the login token is in the config.
        let config = fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
        assert!(
            !config.contains(&secret) && config.contains("approle"),
            "{config}"
        );
        for e in fs::read_dir(sb.path("state/chopvault")).unwrap() {
            let path = e.unwrap().path();
            assert_eq!(common::mode(&path) & 0o077, 0, "{}", path.display());
        }
        // The cached login token lost: chopvault logs in again by itself.
        let state = sb.path("state/chopvault");
        for e in fs::read_dir(&state).unwrap() {
            let p = e.unwrap().path();
            if p.to_string_lossy().contains("login") {
                fs::write(&p, "{}").unwrap();
            }
        }
        sb.cmd()
            .args(["get", &name])
            .assert()
            .success()
            .stdout(TOKEN);
    }
}

#[test]
fn a_short_renewable_token_is_kept_alive_and_an_expired_one_says_so() {
    let Some(bao) = Audited::start() else { return };
    bao.policy("writer", WRITER);
    let short = bao.token(&[
        "-policy=writer",
        "-ttl=6s",
        "-explicit-max-ttl=300s",
        "-renewable=true",
    ]);
    let sb = sandbox(&bao, None);
    let file = private_file(&sb, "bao-token", &short);
    sb.cmd()
        .args(["init", "--store", "openbao", "--token-file"])
        .arg(&file)
        .assert()
        .success();
    sb.set("yd", TOKEN).success();
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(14) {
        sb.cmd()
            .args(["get", "yd"])
            .assert()
            .success()
            .stdout(TOKEN);
        std::thread::sleep(Duration::from_millis(1500));
    }
    assert!(
        bao.paths().iter().any(|p| p == "auth/token/renew-self"),
        "the token was renewed"
    );
    let status = sb.json(&["status", "--json"]);
    let left = status["store"]["token_seconds_left"].as_i64().unwrap();
    assert!((1..=6).contains(&left), "{status}");

    // A token that may not be renewed runs out: the message says so.
    let brief = bao.token(&["-policy=writer", "-ttl=2s", "-renewable=false"]);
    let other = host(&bao, &brief);
    std::thread::sleep(Duration::from_millis(2500));
    other.cmd().args(["get", "yd"]).assert().code(4).stderr(
        predicate::str::contains("expired at")
            .and(predicate::str::contains("issue a new one"))
            .and(predicate::str::contains("policy").not()),
    );
    // Revoked: it says that it is no longer valid, not "check the policy".
    let revoked = bao.token(&["-policy=writer"]);
    let third = host(&bao, &revoked);
    bao.cli(&["token", "revoke", &revoked]);
    third.cmd().args(["get", "yd"]).assert().code(4).stderr(
        predicate::str::contains("no longer valid").and(predicate::str::contains("policy").not()),
    );
}

#[test]
fn a_metadata_only_token_runs_status_and_list_and_sets_cost_the_same() {
    let Some(bao) = Audited::start() else { return };
    let admin = host(&bao, "root");
    admin.set("a", TOKEN).success();
    admin.set("b", TOKEN).success();
    let requests_of = |args: &[&str]| {
        let before = bao.requests().len();
        admin
            .cmd()
            .args(args)
            .write_stdin("y0_another")
            .assert()
            .success();
        bao.requests().len() - before
    };
    let at_two = requests_of(&["set", "probe", "--stdin", "--force"]);
    for i in 0..58 {
        admin.set(&format!("more/{i}"), TOKEN).success();
    }
    let at_sixty = requests_of(&["set", "probe2", "--stdin", "--force"]);
    eprintln!("requests per set: {at_two} at 2 entries, {at_sixty} at 60 entries");
    assert_eq!(at_two, at_sixty);
    assert!(at_two <= 4, "{at_two}");
    // A second version of one entry, for history below.
    admin
        .cmd()
        .args(["set", "probe", "--stdin", "--force"])
        .write_stdin("y0_third")
        .assert()
        .success();

    bao.policy(
        "watcher",
        r#"path "secret/metadata/chopvault/*" { capabilities = ["read", "list"] }
path "secret/metadata/chopvault" { capabilities = ["list"] }"#,
    );
    let watcher = bao.token(&["-policy=watcher"]);
    let monitor = sandbox(&bao, Some(&watcher));
    // init checks the token only: it needs no value.
    monitor
        .cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    let before = bao.requests().len();
    let status = monitor.json(&["status", "--json"]);
    assert_eq!(status["entries"].as_array().unwrap().len(), 62, "{status}");
    assert_eq!(status["cached"], false);
    monitor
        .cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("more/57"));
    monitor.cmd().arg("check").assert().success();
    // history: each version's fingerprint, from the metadata alone.
    let history = monitor.json(&["history", "probe", "--json"]);
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2, "{history}");
    for v in versions {
        assert!(
            v["fingerprint"]
                .as_str()
                .is_some_and(|f| f.starts_with("sha256:")),
            "{history}"
        );
    }
    assert_ne!(versions[0]["fingerprint"], versions[1]["fingerprint"]);
    let admin_history = admin.json(&["history", "probe", "--json"]);
    assert_eq!(admin_history["versions"], history["versions"]);
    let read_values: Vec<String> = bao.paths()[before..]
        .iter()
        .filter(|p| p.starts_with("secret/data/"))
        .cloned()
        .collect();
    assert!(read_values.is_empty(), "{read_values:?}");

    // With `scan` on detailed-metadata (OpenBao 2.2+), status asks once
    // whatever the store holds. Before: a LIST per folder and a request
    // per entry (64 requests here).
    bao.policy(
        "scanner",
        r#"path "secret/metadata/chopvault/*" { capabilities = ["read", "list"] }
path "secret/metadata/chopvault" { capabilities = ["list"] }
path "secret/detailed-metadata/chopvault/" { capabilities = ["scan"] }"#,
    );
    let scanner = sandbox(&bao, Some(&bao.token(&["-policy=scanner"])));
    scanner
        .cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    for sb in [&admin, &scanner] {
        sb.cmd().arg("status").assert().success();
        let before = bao.requests().len();
        let status = sb.json(&["status", "--json"]);
        assert_eq!(status["entries"].as_array().unwrap().len(), 62, "{status}");
        let asked: Vec<String> = bao.paths()[before..].to_vec();
        assert_eq!(asked, ["secret/detailed-metadata/chopvault/"], "{asked:?}");
    }
    // The watcher without `scan` still gets the same answer, entry by entry,
    // and doctor says how to make it one request.
    let by_entry = monitor.json(&["status", "--json"]);
    let by_scan = scanner.json(&["status", "--json"]);
    assert_eq!(by_entry["entries"], by_scan["entries"]);
    let doctor = |sb: &Sandbox| {
        let out = sb.cmd().arg("doctor").output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let advice = "scan capability on secret/detailed-metadata/chopvault/";
    assert!(doctor(&monitor).contains(advice), "{}", doctor(&monitor));
    assert!(!doctor(&scanner).contains(advice), "{}", doctor(&scanner));
    // The metadata is beside the value, where `bao kv metadata get` shows it.
    let meta = bao.cli(&[
        "kv",
        "metadata",
        "get",
        "-mount=secret",
        "-format=json",
        "chopvault/a",
    ]);
    assert!(meta.contains("fingerprint"), "{meta}");

    // A version written by another tool is not in the list kept beside the
    // value: the metadata-only token shows no fingerprint for it (never
    // another version's); a token that may read values reads it.
    bao.cli(&[
        "kv",
        "put",
        "-mount=secret",
        "chopvault/probe",
        "value=y0_by_hand",
    ]);
    let history = monitor.json(&["history", "probe", "--json"]);
    let after = history["versions"].as_array().unwrap();
    assert_eq!(after.len(), 3, "{history}");
    assert_eq!(after[..2], versions[..], "{history}");
    assert!(after[2]["fingerprint"].is_null(), "{history}");
    let admin_history = admin.json(&["history", "probe", "--json"]);
    assert_eq!(
        admin_history["versions"][2]["fingerprint"].as_str(),
        Some(chopvault::secret::fingerprint_of(b"y0_by_hand").as_str()),
        "{admin_history}"
    );
}

#[test]
fn status_and_check_with_the_server_away_exit_14_and_say_cached() {
    let Some(mut bao) = Audited::start() else {
        return;
    };
    let sb = host(&bao, "root");
    sb.set("yd", TOKEN).success();
    sb.cmd().arg("status").assert().success();
    bao.stop();
    let out = sb
        .cmd()
        .args(["status", "--json"])
        .assert()
        .code(14)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["cached"], true, "{json}");
    assert!(json["as_of"].as_str().is_some(), "{json}");
    assert_eq!(json["entries"][0]["name"], "yd");
    sb.cmd()
        .arg("check")
        .assert()
        .code(14)
        .stderr(predicate::str::contains("cached"));
}

#[test]
fn export_if_changed_runs_the_installer_only_for_a_new_token() {
    let Some(bao) = Audited::start() else { return };
    let sb = host(&bao, "root");
    sb.set("yd", TOKEN).success();
    let deploy = sb.path("deploy");
    fs::create_dir(&deploy).unwrap();
    let runs = sb.path("runs.txt");
    let export = || {
        let mut c = sb.cmd();
        c.current_dir(&deploy)
            .args(["export", "yd", "--if-changed", "--dir"])
            .arg(&deploy)
            .args(["--", "sh", "-c"])
            .arg(format!(
                "cat token.txt >> {}; echo >> {}",
                runs.display(),
                runs.display()
            ));
        c.assert()
    };
    export().success();
    export()
        .success()
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("unchanged"));
    assert_eq!(fs::read_to_string(&runs).unwrap(), format!("{TOKEN}\n"));
    sb.set("yd", "y0_rotated").success();
    export().success();
    assert_eq!(
        fs::read_to_string(&runs).unwrap(),
        format!("{TOKEN}\ny0_rotated\n")
    );
    // What the host keeps is a fingerprint, never the token.
    for (path, bytes) in sb.all_files() {
        if path != runs {
            assert!(
                !String::from_utf8_lossy(&bytes).contains(TOKEN),
                "{} holds the token",
                path.display()
            );
        }
    }
}
