//! The openbao store against OpenBao as fleets run it: a 3-node raft
//! cluster on 127.0.0.1-3 (started once, for one test that runs the
//! cluster scenarios in sequence), and dev servers for rate limits, TLS
//! and the audit log. Every server is stopped by its pid.

use crate::common;

use std::fs;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Sandbox, require, wait_for};
use predicates::prelude::*;

const TOKEN: &str = "y0_BAOxAgAAAAB4xNoTLeAkThIsTokEnQwErTy1234567890";

fn http() -> reqwest::blocking::Client {
    chopvault::tls::init();
    reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(2))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A port free on `ip` whose next port (the cluster port) is free too.
fn free_port_pair(ip: &str) -> u16 {
    loop {
        let p = TcpListener::bind((ip, 0))
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        if p < 65000 && TcpListener::bind((ip, p + 1)).is_ok() {
            return p;
        }
    }
}

/// Runs the bao CLI against `addr` with `token`; its stdout.
fn bao(addr: &str, token: &str, args: &[&str], env: &[(&str, &Path)]) -> String {
    let out = Command::new("bao")
        .args(args)
        .env("BAO_ADDR", addr)
        .env("BAO_TOKEN", token)
        .envs(env.iter().map(|(k, v)| (*k, *v)))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bao {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

struct Node {
    ip: String,
    port: u16,
    config: PathBuf,
    log: PathBuf,
    child: Option<Child>,
}

impl Node {
    fn addr(&self) -> String {
        format!("http://{}:{}", self.ip, self.port)
    }

    fn start(&mut self) {
        let log = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .unwrap();
        self.child = Some(
            Command::new("bao")
                .args(["server", "-config"])
                .arg(&self.config)
                .env_remove("BAO_ADDR")
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .expect("start bao"),
        );
        let addr = self.addr();
        wait_for(
            || {
                http()
                    .get(format!("{addr}/v1/sys/seal-status"))
                    .send()
                    .is_ok()
            },
            "an OpenBao node's listener",
        );
    }

    fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    fn unseal(&self, key: &str) {
        bao(&self.addr(), "", &["operator", "unseal", key], &[]);
    }

    /// `sys/health`: 200 active, 429 standby, 503 sealed, 501 not initialised.
    fn health(&self) -> Option<u16> {
        http()
            .get(format!("{}/v1/sys/health", self.addr()))
            .send()
            .ok()
            .map(|r| r.status().as_u16())
    }
}

/// Three raft nodes on 127.0.0.1-3; stopped by pid when dropped.
struct Cluster {
    nodes: Vec<Node>,
    key: String,
    root: String,
    _dir: tempfile::TempDir,
}

impl Cluster {
    fn start() -> Option<Cluster> {
        if !require("bao") {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let ips = ["127.0.0.1", "127.0.0.2", "127.0.0.3"];
        let ports: Vec<u16> = ips.iter().map(|ip| free_port_pair(ip)).collect();
        let joins: String = ips
            .iter()
            .zip(&ports)
            .map(|(ip, p)| format!("  retry_join {{ leader_api_addr = \"http://{ip}:{p}\" }}\n"))
            .collect();
        let mut nodes = Vec::new();
        for (i, (ip, port)) in ips.iter().zip(&ports).enumerate() {
            let data = dir.path().join(format!("n{i}"));
            fs::create_dir(&data).unwrap();
            let config = dir.path().join(format!("n{i}.hcl"));
            fs::write(
                &config,
                format!(
                    r#"storage "raft" {{
  path = "{data}"
  node_id = "n{i}"
  performance_multiplier = 1
{joins}}}
listener "tcp" {{
  address = "{ip}:{port}"
  cluster_address = "{ip}:{cport}"
  tls_disable = true
}}
api_addr = "http://{ip}:{port}"
cluster_addr = "http://{ip}:{cport}"
disable_mlock = true
"#,
                    data = data.display(),
                    cport = port + 1
                ),
            )
            .unwrap();
            nodes.push(Node {
                ip: ip.to_string(),
                port: *port,
                config,
                log: dir.path().join(format!("n{i}.log")),
                child: None,
            });
        }
        nodes[0].start();
        let init: serde_json::Value = serde_json::from_str(&bao(
            &nodes[0].addr(),
            "",
            &[
                "operator",
                "init",
                "-key-shares=1",
                "-key-threshold=1",
                "-format=json",
            ],
            &[],
        ))
        .unwrap();
        let key = init["unseal_keys_b64"][0].as_str().unwrap().to_string();
        let root = init["root_token"].as_str().unwrap().to_string();
        nodes[0].unseal(&key);
        let mut cluster = Cluster {
            nodes,
            key,
            root,
            _dir: dir,
        };
        cluster.wait_active(0);
        // New nodes join as non-voters until autopilot trusts them (10 s by
        // default); a leader killed before then leaves no quorum.
        bao(
            &cluster.nodes[0].addr(),
            &cluster.root,
            &[
                "operator",
                "raft",
                "autopilot",
                "set-config",
                "-server-stabilization-time=1s",
            ],
            &[],
        );
        for i in 1..3 {
            cluster.nodes[i].start();
            cluster.nodes[i].unseal(&cluster.key);
        }
        for i in 1..3 {
            cluster.wait_standby(i);
        }
        let leader = cluster.nodes[0].addr();
        let start = Instant::now();
        let voters = || {
            let config: serde_json::Value = http()
                .get(format!("{leader}/v1/sys/storage/raft/configuration"))
                .header("X-Vault-Token", &cluster.root)
                .send()
                .and_then(reqwest::blocking::Response::json)
                .unwrap_or_default();
            config["data"]["config"]["servers"]
                .as_array()
                .is_some_and(|s| s.len() == 3 && s.iter().all(|v| v["voter"] == true))
        };
        while !voters() {
            assert!(start.elapsed() < Duration::from_secs(40), "three voters");
            std::thread::sleep(Duration::from_millis(100));
        }
        eprintln!(
            "cluster: three voters {:.1} s after the nodes joined",
            start.elapsed().as_secs_f64()
        );
        bao(
            &leader,
            &cluster.root,
            &["secrets", "enable", "-path=secret", "kv-v2"],
            &[],
        );
        // The mount takes a moment before it accepts writes.
        wait_for(
            || {
                Command::new("bao")
                    .args(["kv", "put", "-mount=secret", "warmup", "a=b"])
                    .env("BAO_ADDR", &leader)
                    .env("BAO_TOKEN", &cluster.root)
                    .output()
                    .is_ok_and(|o| o.status.success())
            },
            "the KV mount",
        );
        Some(cluster)
    }

    fn wait_active(&self, i: usize) {
        wait_for(|| self.nodes[i].health() == Some(200), "an active node");
    }

    fn wait_standby(&self, i: usize) {
        wait_for(
            || matches!(self.nodes[i].health(), Some(429 | 473)),
            "a standby node",
        );
    }

    /// The node that is active now, asked of every live node.
    fn leader(&self) -> Option<usize> {
        self.nodes.iter().position(|n| n.health() == Some(200))
    }

    fn addrs(&self) -> Vec<String> {
        self.nodes.iter().map(Node::addr).collect()
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for n in &mut self.nodes {
            n.kill();
        }
    }
}

/// A host configured with every node (`--addr` three times), token in env.
fn cluster_host(addrs: &[String], token: &str) -> Sandbox {
    let mut sb = Sandbox::new();
    sb.env = vec![("BAO_TOKEN".into(), token.into())];
    let mut cmd = sb.cmd();
    cmd.args(["init", "--store", "openbao"]);
    for a in addrs {
        cmd.args(["--addr", a]);
    }
    cmd.assert().success();
    sb
}

/// What a loop of reads saw around an event.
#[derive(Default)]
struct Tally {
    ok: usize,
    failed: Vec<String>,
    /// The longest command started after the event.
    slowest_after: Duration,
    failovers_said: usize,
}

/// Runs `get` and `export` in turn `rounds` times, calling `event` once
/// before round `at`.
fn read_loop(sb: &Sandbox, rounds: usize, at: usize, mut event: impl FnMut()) -> Tally {
    let deploy = sb.path("deploy");
    fs::create_dir_all(&deploy).unwrap();
    let mut tally = Tally::default();
    for round in 0..rounds {
        if round == at {
            event();
        }
        for export in [false, true] {
            let start = Instant::now();
            let mut cmd = sb.std_cmd();
            if export {
                cmd.args(["export", "fleet/yd", "--dir"])
                    .arg(&deploy)
                    .args([
                        "--",
                        "sh",
                        "-c",
                        &format!("test \"$(cat token.txt)\" = {TOKEN}"),
                    ]);
            } else {
                cmd.args(["get", "fleet/yd"]);
            }
            let out = cmd.current_dir(&deploy).output().unwrap();
            let took = start.elapsed();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            if stderr.contains("answered (") {
                tally.failovers_said += 1;
            }
            let good = out.status.success() && (export || out.stdout == TOKEN.as_bytes());
            if good {
                tally.ok += 1;
            } else {
                tally.failed.push(stderr);
            }
            if round >= at {
                tally.slowest_after = tally.slowest_after.max(took);
            }
        }
    }
    tally
}

/// A cluster loses its leader, then gets a node back, while hosts read:
/// with every node configured no read fails, and recovery takes about as
/// long as the cluster's own election. Before: one address, no failover
/// (68 of 150 reads failed, 32.6 s to recover).
#[test]
fn a_cluster_that_loses_its_leader_or_restarts_a_node_costs_no_read() {
    let Some(mut cluster) = Cluster::start() else {
        return;
    };
    let addrs = cluster.addrs();
    let sb = cluster_host(&addrs, &cluster.root);
    let config = fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
    assert!(
        config.contains(&format!("addr = [\"{}\"", addrs[0])),
        "{config}"
    );
    sb.set("fleet/yd", TOKEN).success();

    // 1. The leader is killed mid-loop.
    let old = cluster.leader().expect("a leader");
    let mut killed_at = Instant::now();
    let tally = read_loop(&sb, 12, 3, || {
        killed_at = Instant::now();
        cluster.nodes[old].kill();
    });
    // The cluster's own election: until another node reports active.
    let election = loop {
        if cluster.leader().is_some_and(|l| l != old) {
            break killed_at.elapsed();
        }
        assert!(
            killed_at.elapsed() < Duration::from_secs(30),
            "no new leader"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    eprintln!(
        "leader kill: {} reads ok, {} failed; slowest read after the kill {:.0} ms; \
         cluster election done {:.0} ms after the kill (measured after the loop); failover said {} times",
        tally.ok,
        tally.failed.len(),
        tally.slowest_after.as_secs_f64() * 1000.0,
        election.as_secs_f64() * 1000.0,
        tally.failovers_said
    );
    assert!(tally.failed.is_empty(), "{:?}", tally.failed);
    assert!(tally.failovers_said >= 1, "the failover is said on stderr");
    // Writes go to the new leader (a standby may redirect or forward).
    sb.set("fleet/other", "y0_after_the_kill").success();

    // 2. The old leader comes back mid-loop (sealed at first, then
    // unsealed), and a standby is restarted.
    let standby = (0..3)
        .find(|&i| i != old && Some(i) != cluster.leader())
        .unwrap();
    let key = cluster.key.clone();
    let tally = read_loop(&sb, 8, 2, || {
        cluster.nodes[old].start();
        cluster.nodes[standby].kill();
        cluster.nodes[standby].start();
        cluster.nodes[old].unseal(&key);
        cluster.nodes[standby].unseal(&key);
    });
    eprintln!(
        "node restarts: {} reads ok, {} failed; slowest {:.0} ms",
        tally.ok,
        tally.failed.len(),
        tally.slowest_after.as_secs_f64() * 1000.0
    );
    assert!(tally.failed.is_empty(), "{:?}", tally.failed);
    cluster.wait_standby(old);
    cluster.wait_standby(standby);

    // 3. Back-to-back writes through a host that lists a standby first:
    // each `set` checks its version on the leader, and the reads after its
    // write carry X-Vault-Index, so none is refused as a conflict (before:
    // 21 of 30 refused as "version N became N"). A separate `get` is
    // eventually consistent (a standby lags 90-180 ms).
    wait_for(|| cluster.leader().is_some(), "a leader after the restarts");
    let leader = cluster.leader().unwrap();
    let mut order = addrs.clone();
    order.rotate_left((leader + 1) % 3);
    assert_ne!(order[0], addrs[leader]);
    let via_standby = cluster_host(&order, &cluster.root);
    let before = via_standby.json(&["history", "fleet/yd", "--json"])["versions"]
        .as_array()
        .unwrap()
        .len();
    let last = format!("y0_round_last_{TOKEN}");
    for i in 0..10 {
        let value = if i == 9 {
            last.clone()
        } else {
            format!("y0_round_{i}_{TOKEN}")
        };
        via_standby
            .cmd()
            .args(["set", "fleet/yd", "--stdin", "--force"])
            .write_stdin(value)
            .assert()
            .success();
    }
    let after = via_standby.json(&["history", "fleet/yd", "--json"])["versions"]
        .as_array()
        .unwrap()
        .len();
    assert!(after >= before + 10 || after >= 10, "{before} -> {after}");
    wait_for(
        || {
            via_standby
                .std_cmd()
                .args(["get", "fleet/yd"])
                .output()
                .is_ok_and(|o| o.stdout == last.as_bytes())
        },
        "the last value on every node",
    );

    // 4. Only a standby configured, its leader not: reads still work (a
    // 2.x standby answers them), and the redirect of a write is followed
    // only because both ends are this machine.
    let lone = cluster_host(&[order[0].clone()], &cluster.root);
    lone.set("fleet/lone", TOKEN).success();

    // 4b. A host that spells the leader's address otherwise than the
    // cluster's `api_addr` (`localhost` for 127.0.0.1), listed after two
    // standbys: `sys/leader` names an address not in its list, so a write
    // must find the active node by asking the nodes themselves (`is_self`).
    // Before: its version was read on a standby, whose copy may lag, and a
    // `set` was refused as "version N became N+1" (first seen on CI, where
    // a just-restarted standby knew no leader for a moment).
    let start = Instant::now();
    while cluster.leader() != Some(0) {
        assert!(start.elapsed() < Duration::from_secs(60), "node 0 to lead");
        // A step-down may race an election (the node no longer leads):
        // the loop asks again.
        if let Some(l) = cluster.leader() {
            let _ = Command::new("bao")
                .args(["operator", "step-down"])
                .env("BAO_ADDR", cluster.nodes[l].addr())
                .env("BAO_TOKEN", &cluster.root)
                .stdin(Stdio::null())
                .output();
        }
        std::thread::sleep(Duration::from_millis(300));
    }
    cluster.wait_standby(1);
    cluster.wait_standby(2);
    let spelled = format!("http://localhost:{}", cluster.nodes[0].port);
    let cfg: chopvault::config::OpenBaoConfig = toml::from_str(&format!(
        "addr = [\"{}\", \"{}\", \"{spelled}\"]\nmount = \"secret\"\nprefix = \"chopvault/\"",
        addrs[1], addrs[2]
    ))
    .unwrap();
    let transport = chopvault::store::openbao::transport::Transport::new(
        &cfg,
        chopvault::secret::Secret::from_string(cluster.root.clone()),
    )
    .unwrap();
    assert!(transport.prefer_leader(), "the leader is found");
    assert_eq!(
        transport.addr(),
        spelled,
        "writes check their version there"
    );
    let aside = cluster_host(
        &[addrs[1].clone(), addrs[2].clone(), spelled],
        &cluster.root,
    );
    for i in 0..5 {
        aside
            .cmd()
            .args(["set", "fleet/aside", "--stdin", "--force"])
            .write_stdin(format!("y0_aside_{i}_{TOKEN}"))
            .assert()
            .success();
    }

    // 5. The whole cluster down: the error names each node, within --timeout.
    for n in &mut cluster.nodes {
        n.kill();
    }
    let start = Instant::now();
    sb.cmd()
        .args(["--timeout", "2s", "get", "fleet/yd"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("no OpenBao node answered within 2 s")
                .and(predicate::str::contains(&addrs[0]))
                .and(predicate::str::contains(&addrs[2]))
                .and(predicate::str::contains("check the mount").not()),
        );
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

/// A dev server with a declarative audit log; stopped by pid.
struct DevBao {
    addr: String,
    child: Child,
    dir: tempfile::TempDir,
}

impl DevBao {
    fn start(extra: &[&str]) -> Option<DevBao> {
        if !require("bao") {
            return None;
        }
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let tls = extra.contains(&"-dev-tls");
        let addr = format!("{}://127.0.0.1:{port}", if tls { "https" } else { "http" });
        let audit = dir.path().join("audit.hcl");
        fs::write(
            &audit,
            format!(
                "audit \"file\" \"to-file\" {{\n  options {{\n    file_path = \"{}\"\n  }}\n}}\n",
                dir.path().join("audit.log").display()
            ),
        )
        .unwrap();
        let log = fs::File::create(dir.path().join("bao.log")).unwrap();
        let child = Command::new("bao")
            .args(["server", "-dev", "-dev-root-token-id=root"])
            .arg(format!("-config={}", audit.display()))
            .arg(format!("-dev-listen-address=127.0.0.1:{port}"))
            .arg(format!("-dev-tls-cert-dir={}", dir.path().display()))
            .args(extra)
            .env("HOME", dir.path())
            .env_remove("BAO_ADDR")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start bao");
        let bao = DevBao { addr, child, dir };
        wait_for(|| bao.cli_ok(&["status"]), "the OpenBao dev server");
        Some(bao)
    }

    fn ca(&self) -> PathBuf {
        self.dir.path().join("vault-ca.pem")
    }

    fn env(&self) -> Vec<(&'static str, PathBuf)> {
        if self.ca().exists() {
            vec![("BAO_CACERT", self.ca())]
        } else {
            vec![]
        }
    }

    fn cli_ok(&self, args: &[&str]) -> bool {
        Command::new("bao")
            .args(args)
            .env("BAO_ADDR", &self.addr)
            .env("BAO_TOKEN", "root")
            .envs(self.env())
            .output()
            .is_ok_and(|o| o.status.success())
    }

    fn cli(&self, args: &[&str]) -> String {
        let env = self.env();
        let env: Vec<(&str, &Path)> = env.iter().map(|(k, v)| (*k, v.as_path())).collect();
        bao(&self.addr, "root", args, &env)
    }

    fn audit(&self) -> Vec<serde_json::Value> {
        fs::read_to_string(self.dir.path().join("audit.log"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }
}

impl Drop for DevBao {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn dev_host(bao: &DevBao) -> Sandbox {
    let mut sb = Sandbox::new();
    sb.env = vec![
        ("BAO_ADDR".into(), bao.addr.clone()),
        ("BAO_TOKEN".into(), "root".into()),
    ];
    sb
}

/// Every request says who sends it, and for which command; the audit log
/// shows `export` apart from `get`. Before: reqwest's default, no agent.
#[test]
fn the_user_agent_names_chopvault_its_version_and_the_command() {
    let Some(bao) = DevBao::start(&[]) else {
        return;
    };
    bao.cli(&[
        "write",
        "sys/config/auditing/request-headers/user-agent",
        "hmac=false",
    ]);
    let sb = dev_host(&bao);
    sb.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    sb.set("yd", TOKEN).success();
    let deploy = sb.path("deploy");
    fs::create_dir(&deploy).unwrap();
    sb.cmd()
        .args(["export", "yd", "--dir"])
        .arg(&deploy)
        .args(["--", "true"])
        .assert()
        .success();
    let agents: Vec<String> = bao
        .audit()
        .iter()
        .filter(|l| l["type"] == "request")
        .filter_map(|l| {
            l["request"]["headers"]["user-agent"][0]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    let version = env!("CARGO_PKG_VERSION");
    for command in ["init", "set", "export"] {
        let want = format!("chopvault/{version} ({command}; ");
        assert!(
            agents.iter().any(|a| a.starts_with(&want)),
            "no {want:?} in {agents:?}"
        );
    }
}

/// A rate-limit quota answers 429 with Retry-After: chopvault waits as
/// asked and succeeds, or, when the wait would pass its deadline, says
/// "rate limit quota exceeded" with the wait. Before: "check the mount".
#[test]
fn a_rate_limited_read_waits_as_asked_or_says_so() {
    let Some(bao) = DevBao::start(&[]) else {
        return;
    };
    let sb = dev_host(&bao);
    sb.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    sb.set("yd", TOKEN).success();
    bao.cli(&[
        "write",
        "sys/quotas/config",
        "enable_rate_limit_response_headers=true",
    ]);
    bao.cli(&[
        "write",
        "sys/quotas/rate-limit/tight",
        "path=secret/",
        "rate=1",
        "interval=2s",
        "block_interval=2s",
    ]);
    // Spend the quota, then read: the first 429 says wait ~2 s.
    let _ = bao.cli_ok(&["kv", "get", "-mount=secret", "chopvault/yd"]);
    let _ = bao.cli_ok(&["kv", "get", "-mount=secret", "chopvault/yd"]);
    let start = Instant::now();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    eprintln!(
        "rate limited get answered after {:.0} ms",
        start.elapsed().as_secs_f64() * 1000.0
    );
    let _ = bao.cli_ok(&["kv", "get", "-mount=secret", "chopvault/yd"]);
    let _ = bao.cli_ok(&["kv", "get", "-mount=secret", "chopvault/yd"]);
    sb.cmd()
        .args(["--timeout", "1s", "get", "yd"])
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("rate limit quota exceeded")
                .and(predicate::str::contains("wait"))
                .and(predicate::str::contains("check the mount").not()),
        );
}

/// The Vault CLI's TLS and namespace variables: BAO_CACERT trusts a
/// -dev-tls server's CA with no --ca-cert; BAO_CAPATH a folder of CAs.
/// Before: ignored ("certificate is not trusted").
#[test]
fn bao_cacert_and_bao_capath_trust_the_server() {
    let Some(bao) = DevBao::start(&["-dev-tls"]) else {
        return;
    };
    let mut sb = dev_host(&bao);
    sb.env
        .push(("BAO_CACERT".into(), bao.ca().display().to_string()));
    sb.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    sb.set("yd", TOKEN).success();
    sb.env.pop();
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .code(4)
        .stderr(predicate::str::contains("not trusted"));
    let capath = sb.path("cas");
    fs::create_dir(&capath).unwrap();
    fs::copy(bao.ca(), capath.join("bao.pem")).unwrap();
    sb.env
        .push(("BAO_CAPATH".into(), capath.display().to_string()));
    sb.cmd()
        .args(["get", "yd"])
        .assert()
        .success()
        .stdout(TOKEN);
}

/// A mount and prefix glued together (`secretchopvault/`) is named as
/// such, with the fix, never "no such entry" or "check the mount".
#[test]
fn a_missing_slash_between_mount_and_prefix_is_named() {
    let Some(bao) = DevBao::start(&[]) else {
        return;
    };
    let sb = dev_host(&bao);
    sb.cmd()
        .args(["init", "--store", "openbao"])
        .assert()
        .success();
    sb.set("yd", TOKEN).success();
    let config = sb.path("config/chopvault/config.toml");
    let text = fs::read_to_string(&config).unwrap();
    fs::write(
        &config,
        text.replace("mount = \"secret\"", "mount = \"secretchopvault\"")
            .replace("prefix = \"chopvault/\"", "prefix = \"\""),
    )
    .unwrap();
    sb.cmd().args(["get", "yd"]).assert().code(4).stderr(
        predicate::str::contains("no secrets engine mounted at 'secretchopvault/'").and(
            predicate::str::contains("--mount secret --prefix chopvault/"),
        ),
    );
    let _ = std::io::stderr().flush();
}
