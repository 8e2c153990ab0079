//! The openbao store's logins and TLS against one real OpenBao server,
//! started once for this file (the tests share it; the last one to finish
//! stops it by pid): `--auth cert` and mTLS (`BAO_CLIENT_CERT`/`KEY`,
//! `VAULT_*`) with certificates made here by the openssl CLI, `--auth jwt`
//! with a token signed here (EdDSA, the key in `jwt_validation_pubkeys`),
//! `--auth kubernetes` as far as it goes without a Kubernetes API server
//! (OpenBao asks that server to review the token: the request reaches the
//! mount, and the refusal is worded), and namespaces (`--namespace`,
//! `BAO_NAMESPACE`, `VAULT_NAMESPACE`).
//!
//! The server has three listeners: the dev one (plain HTTP, for setup and
//! the logins that need no TLS), one with TLS that asks for a client
//! certificate but does not insist (what cert auth needs), and one with
//! TLS that requires a client certificate signed by the test CA.

use crate::common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use base64::Engine as _;
use common::{Sandbox, require, wait_for};
use predicates::prelude::*;

const TOKEN: &str = "y0_AUTHxAgAAAAB4xNoTLeAkThIsTokEnQwErTy1234567890";

/// A policy for hosts: the entries under chopvault/.
const WRITER: &str = r#"path "secret/data/chopvault/*" { capabilities = ["create", "read", "update", "delete"] }
path "secret/metadata/chopvault/*" { capabilities = ["create", "read", "update", "list"] }
path "secret/metadata/chopvault" { capabilities = ["list"] }"#;

/// The shared server: ports, its files, the process.
struct Server {
    /// `http://127.0.0.1:PORT`: the dev listener.
    http: String,
    /// `https://127.0.0.1:PORT`: TLS, a client certificate asked for.
    asks: String,
    /// `https://127.0.0.1:PORT`: TLS, a client certificate required.
    requires: String,
    /// Whether `bao namespace create` worked (OpenBao 2.3+).
    namespaces: bool,
    child: Child,
    dir: tempfile::TempDir,
}

static SHARED: Mutex<Weak<Server>> = Mutex::new(Weak::new());

/// The server, started by the first test that asks; `None`: skip.
fn server() -> Option<Arc<Server>> {
    let mut slot = SHARED
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(s) = slot.upgrade() {
        return Some(s);
    }
    let s = Arc::new(Server::start()?);
    *slot = Arc::downgrade(&s);
    Some(s)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A P-256 CA (`NAME.pem`, `NAME.key`) in `dir`.
fn make_ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

/// A certificate `NAME.pem`/`NAME.key` signed by the CA `ca`.
fn make_leaf(dir: &Path, name: &str, ca: &str, usage: &str, san: &str) {
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.csr"),
            "-subj",
            &format!("/CN={name}"),
        ],
    );
    fs::write(
        dir.join(format!("{name}.ext")),
        format!(
            "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage={usage}\n{san}\n"
        ),
    )
    .unwrap();
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            &format!("{name}.csr"),
            "-CA",
            &format!("{ca}.pem"),
            "-CAkey",
            &format!("{ca}.key"),
            "-CAcreateserial",
            "-out",
            &format!("{name}.pem"),
            "-days",
            "2",
            "-extfile",
            &format!("{name}.ext"),
        ],
    );
}

impl Server {
    fn start() -> Option<Server> {
        if !(require("bao") && require("openssl")) {
            return None;
        }
        chopvault::tls::init();
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        make_ca(d, "ca");
        make_ca(d, "stranger-ca");
        make_leaf(
            d,
            "server",
            "ca",
            "serverAuth",
            "subjectAltName=IP:127.0.0.1",
        );
        make_leaf(d, "host-1", "ca", "clientAuth", "");
        make_leaf(d, "stranger", "stranger-ca", "clientAuth", "");
        let (http, asks, requires) = (free_port(), free_port(), free_port());
        let p = |f: &str| d.join(f).display().to_string();
        let config = format!(
            r#"listener "tcp" {{
  address = "127.0.0.1:{asks}"
  tls_cert_file = "{cert}"
  tls_key_file = "{key}"
}}
listener "tcp" {{
  address = "127.0.0.1:{requires}"
  tls_cert_file = "{cert}"
  tls_key_file = "{key}"
  tls_require_and_verify_client_cert = true
  tls_client_ca_file = "{ca}"
}}
audit "file" "to-file" {{
  options {{
    file_path = "{audit}"
  }}
}}
"#,
            cert = p("server.pem"),
            key = p("server.key"),
            ca = p("ca.pem"),
            audit = p("audit.log"),
        );
        fs::write(d.join("server.hcl"), config).unwrap();
        let log = fs::File::create(d.join("bao.log")).unwrap();
        let child = Command::new("bao")
            .args(["server", "-dev", "-dev-root-token-id=root"])
            .arg(format!("-dev-listen-address=127.0.0.1:{http}"))
            .arg(format!("-config={}", p("server.hcl")))
            .env("HOME", d)
            .env_remove("BAO_ADDR")
            .env_remove("VAULT_ADDR")
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .expect("start bao");
        let mut s = Server {
            http: format!("http://127.0.0.1:{http}"),
            asks: format!("https://127.0.0.1:{asks}"),
            requires: format!("https://127.0.0.1:{requires}"),
            namespaces: false,
            child,
            dir,
        };
        wait_for(|| s.cli_ok(&["status"]), "the OpenBao server");
        s.cli_in(&["policy", "write", "writer", "-"], WRITER);
        // Cert auth: certificates signed by the test CA log in as hosts.
        s.cli(&["auth", "enable", "cert"]);
        s.cli(&[
            "write",
            "auth/cert/certs/hosts",
            &format!("certificate=@{}", s.path("ca.pem").display()),
            "token_policies=writer",
            "token_ttl=10m",
        ]);
        s.namespaces = s.cli_ok(&["namespace", "create", "team-a"]);
        Some(s)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new("bao");
        c.args(args)
            .env("BAO_ADDR", &self.http)
            .env("BAO_TOKEN", "root")
            .env_remove("BAO_NAMESPACE")
            .env_remove("VAULT_NAMESPACE");
        c
    }

    fn cli_ok(&self, args: &[&str]) -> bool {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn cli(&self, args: &[&str]) -> String {
        self.cli_in(args, "")
    }

    fn cli_in(&self, args: &[&str], stdin: &str) -> String {
        crate::common::tool_output(&mut self.command(args), stdin)
            .trim()
            .to_string()
    }

    /// The request paths in the audit log so far.
    fn audited(&self) -> Vec<String> {
        fs::read_to_string(self.path("audit.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|v| v["type"] == "request")
            .map(|v| v["request"]["path"].as_str().unwrap_or("").to_string())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A host with no token: its own sandbox (whose commands see none of the
/// test's environment).
fn host() -> Sandbox {
    Sandbox::new()
}

fn private_copy(sb: &Sandbox, from: &Path, name: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let to = sb.path(name);
    fs::copy(from, &to).unwrap();
    fs::set_permissions(&to, fs::Permissions::from_mode(0o600)).unwrap();
    to
}

fn private_file(sb: &Sandbox, name: &str, text: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let p = sb.path(name);
    fs::write(&p, text).unwrap();
    fs::set_permissions(&p, fs::Permissions::from_mode(0o600)).unwrap();
    p
}

/// A server that requires a client certificate says so when none is
/// given, and one that refuses ours (signed by a CA it does not trust)
/// says that, at once. Before: the refusal was "connection refused or no
/// route", after retrying for the whole 10 s deadline.
#[test]
fn mtls_gives_our_certificate_and_names_a_refusal() {
    let Some(bao) = server() else { return };
    let sb = host();
    let init = |sb: &Sandbox, extra: &[(&str, PathBuf)]| {
        let mut c = sb.cmd();
        c.args([
            "init",
            "--store",
            "openbao",
            "--addr",
            &bao.requires,
            "--ca-cert",
        ])
        .arg(bao.path("ca.pem"))
        .env("BAO_TOKEN", "root");
        for (k, v) in extra {
            c.env(k, v);
        }
        c.assert()
    };
    init(&sb, &[]).code(4).stderr(
        predicate::str::contains("asks for a TLS client certificate")
            .and(predicate::str::contains("BAO_CLIENT_CERT"))
            .and(predicate::str::contains("not trusted").not()),
    );
    let start = Instant::now();
    init(
        &sb,
        &[
            ("BAO_CLIENT_CERT", bao.path("stranger.pem")),
            ("BAO_CLIENT_KEY", bao.path("stranger.key")),
        ],
    )
    .code(4)
    .stderr(
        predicate::str::contains("refused our TLS client certificate")
            .and(predicate::str::contains("CA"))
            .and(predicate::str::contains("cannot be reached").not())
            .and(predicate::str::contains("not trusted").not()),
    );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "a refused certificate is not retried: {:?}",
        start.elapsed()
    );
    for (cert, key) in [
        ("BAO_CLIENT_CERT", "BAO_CLIENT_KEY"),
        ("VAULT_CLIENT_CERT", "VAULT_CLIENT_KEY"),
    ] {
        let sb = host();
        let given = [
            (cert, bao.path("host-1.pem")),
            (key, bao.path("host-1.key")),
        ];
        init(&sb, &given).success();
        let mut set = sb.cmd();
        set.args(["set", "mtls-yd", "--stdin", "--force"])
            .env("BAO_TOKEN", "root")
            .envs(given.iter().map(|(k, v)| (*k, v)))
            .write_stdin(TOKEN)
            .assert()
            .success();
        let mut get = sb.cmd();
        get.args(["get", "mtls-yd"])
            .env("BAO_TOKEN", "root")
            .envs(given.iter().map(|(k, v)| (*k, v)))
            .assert()
            .success()
            .stdout(TOKEN);
    }
}

/// `--auth cert`: the host logs in with its certificate (the one TLS
/// presents), keeps the login token, and no token is given to it at all.
#[test]
fn cert_auth_logs_in_with_the_hosts_certificate() {
    let Some(bao) = server() else { return };
    let sb = host();
    let cert = private_copy(&sb, &bao.path("host-1.pem"), "host.pem");
    let key = private_copy(&sb, &bao.path("host-1.key"), "host.key");
    let logins = || {
        bao.audited()
            .iter()
            .filter(|p| *p == "auth/cert/login")
            .count()
    };
    let before = logins();
    sb.cmd()
        .args([
            "init",
            "--store",
            "openbao",
            "--addr",
            &bao.asks,
            "--ca-cert",
        ])
        .arg(bao.path("ca.pem"))
        .args(["--auth", "cert", "--client-cert"])
        .arg(&cert)
        .arg("--client-key")
        .arg(&key)
        .assert()
        .success();
    sb.set("cert-yd", TOKEN).success();
    sb.cmd()
        .args(["get", "cert-yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    let status = sb.json(&["status", "--json"]);
    let left = status["store"]["token_seconds_left"].as_i64().unwrap();
    assert!((1..=600).contains(&left), "{status}");
    assert_eq!(logins() - before, 1, "one login, its token kept");
    assert_eq!(
        bao.cli(&[
            "kv",
            "get",
            "-mount=secret",
            "-field=value",
            "chopvault/cert-yd"
        ]),
        TOKEN
    );

    // A certificate the cert role does not trust: OpenBao's own words.
    let other = host();
    other
        .cmd()
        .args([
            "init",
            "--store",
            "openbao",
            "--addr",
            &bao.asks,
            "--ca-cert",
        ])
        .arg(bao.path("ca.pem"))
        .args(["--auth", "cert", "--client-cert"])
        .arg(bao.path("stranger.pem"))
        .arg("--client-key")
        .arg(bao.path("stranger.key"))
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("refused the cert login")
                .and(predicate::str::contains("invalid certificate")),
        );
}

/// base64url without padding, as JWTs are written.
fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT signed with Ed25519 (`alg: EdDSA`).
fn jwt(key: &ed25519_dalek::SigningKey, claims: &serde_json::Value) -> String {
    use ed25519_dalek::Signer as _;
    let head = b64url(br#"{"alg":"EdDSA","typ":"JWT"}"#);
    let body = b64url(claims.to_string().as_bytes());
    let signed = format!("{head}.{body}");
    let sig = key.sign(signed.as_bytes());
    format!("{signed}.{}", b64url(&sig.to_bytes()))
}

/// The PEM public key (SubjectPublicKeyInfo) of an Ed25519 key.
fn public_pem(key: &ed25519_dalek::SigningKey) -> String {
    let mut der = vec![
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ];
    der.extend_from_slice(key.verifying_key().as_bytes());
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        base64::engine::general_purpose::STANDARD.encode(der)
    )
}

/// `--auth jwt`: a CI job's JWT (signed here, its public key configured
/// in OpenBao) logs in; a JWT signed by another key, or expired, is
/// refused in OpenBao's words.
#[test]
fn jwt_auth_logs_in_with_a_signed_token() {
    let Some(bao) = server() else { return };
    let signer = ed25519_dalek::SigningKey::from_bytes(&[7u8; 32]);
    let pem = bao.path("jwt-pub.pem");
    fs::write(&pem, public_pem(&signer)).unwrap();
    // Its own mount: the tests share the server.
    bao.cli(&["auth", "enable", "-path=ci-jwt", "jwt"]);
    bao.cli(&[
        "write",
        "auth/ci-jwt/config",
        &format!("jwt_validation_pubkeys=@{}", pem.display()),
        "jwt_supported_algs=EdDSA",
    ]);
    bao.cli(&[
        "write",
        "auth/ci-jwt/role/deploy",
        "role_type=jwt",
        "user_claim=sub",
        "bound_subject=ci-runner",
        "bound_audiences=chopvault",
        "token_policies=writer",
        "token_ttl=10m",
    ]);
    let now = jiff::Timestamp::now().as_second();
    let claims = |exp: i64| serde_json::json!({"sub": "ci-runner", "aud": "chopvault", "iat": now, "nbf": now - 5, "exp": exp});
    let sb = host();
    let file = private_file(&sb, "ci.jwt", &jwt(&signer, &claims(now + 300)));
    // `init` logs in through the `ci-jwt` mount with the JWT in `file`.
    let init = |sb: &Sandbox, file: &Path| {
        sb.cmd()
            .args(["init", "--store", "openbao", "--addr", &bao.http])
            .args([
                "--auth",
                "jwt",
                "--auth-mount",
                "ci-jwt",
                "--role",
                "deploy",
            ])
            .arg("--jwt-file")
            .arg(file)
            .assert()
    };
    init(&sb, &file).success();
    sb.set("jwt-yd", TOKEN).success();
    sb.cmd()
        .args(["get", "jwt-yd"])
        .assert()
        .success()
        .stdout(TOKEN);
    assert!(bao.audited().iter().any(|p| p == "auth/ci-jwt/login"));

    let refused = |token: String| {
        let other = host();
        let file = private_file(&other, "ci.jwt", &token);
        init(&other, &file).code(4).get_output().stderr.clone()
    };
    let stranger = ed25519_dalek::SigningKey::from_bytes(&[9u8; 32]);
    for (what, token) in [
        ("another key", jwt(&stranger, &claims(now + 300))),
        ("expired", jwt(&signer, &claims(now - 120))),
    ] {
        let err = String::from_utf8(refused(token)).unwrap();
        assert!(
            err.contains("refused the jwt login") && err.contains("HTTP 400"),
            "{what}: {err}"
        );
    }
}

/// `--auth kubernetes` cannot log in without a Kubernetes API server
/// (OpenBao asks it to review the token). What can be checked: the
/// service-account JWT reaches OpenBao's kubernetes mount with the role,
/// the refusal is worded as a Kubernetes login with the way to check it,
/// and outside a pod (no token at the default path) the message says so.
#[test]
fn kubernetes_auth_reaches_openbao_and_its_refusal_is_clear() {
    let Some(bao) = server() else { return };
    bao.cli(&["auth", "enable", "kubernetes"]);
    // An API server address nobody listens on, on this machine.
    bao.cli(&[
        "write",
        "auth/kubernetes/config",
        &format!("kubernetes_host=https://127.0.0.1:{}", free_port()),
        &format!("kubernetes_ca_cert=@{}", bao.path("ca.pem").display()),
        "disable_local_ca_jwt=true",
    ]);
    bao.cli(&[
        "write",
        "auth/kubernetes/role/app",
        "bound_service_account_names=app",
        "bound_service_account_namespaces=default",
        "token_policies=writer",
    ]);
    // A service-account token's claims (its signature is the API
    // server's business: OpenBao sends it there for review).
    let claims = serde_json::json!({
        "iss": "kubernetes/serviceaccount",
        "kubernetes.io/serviceaccount/namespace": "default",
        "kubernetes.io/serviceaccount/service-account.name": "app",
        "kubernetes.io/serviceaccount/service-account.uid": "0b6e0f6c-1111-2222-3333-444455556666",
        "sub": "system:serviceaccount:default:app",
    });
    let sa = format!(
        "{}.{}.{}",
        b64url(br#"{"alg":"RS256","kid":"test"}"#),
        b64url(claims.to_string().as_bytes()),
        b64url(b"not-a-signature")
    );
    let sb = host();
    // Mounted 0644 by Kubernetes: accepted as it is.
    let file = sb.path("sa-token");
    fs::write(&file, &sa).unwrap();
    let before = bao.audited().len();
    let start = Instant::now();
    sb.cmd()
        .args(["init", "--store", "openbao", "--addr", &bao.http])
        .args(["--auth", "kubernetes", "--role", "app", "--jwt-file"])
        .arg(&file)
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("refused the kubernetes login at auth/kubernetes/login")
                .and(predicate::str::contains("permission denied"))
                .and(predicate::str::contains("TokenReview"))
                .and(predicate::str::contains("bound_service_account")),
        );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    assert!(
        bao.audited()[before..]
            .iter()
            .any(|p| p == "auth/kubernetes/login"),
        "the login reached the kubernetes mount"
    );

    // Not in a pod: no token at the default path, and the message says
    // where it looked and what to give instead.
    if !Path::new(chopvault::store::openbao::auth::KUBERNETES_JWT).exists() {
        host()
            .cmd()
            .args(["init", "--store", "openbao", "--addr", &bao.http])
            .args(["--auth", "kubernetes", "--role", "app"])
            .assert()
            .code(4)
            .stderr(
                predicate::str::contains(chopvault::store::openbao::auth::KUBERNETES_JWT)
                    .and(predicate::str::contains("--jwt-file"))
                    .and(predicate::str::contains("pod")),
            );
    }
}

/// An auth mount enabled but never configured: OpenBao answers every
/// login with 500 "could not load backend configuration", the same on
/// every node. That is the mount's state, not a node's trouble: the login
/// fails at once and says the mount wants its configuration (before: it
/// was retried as a server error until the 10 s deadline, then called a
/// node that could not answer).
#[test]
fn an_unconfigured_auth_mount_is_said_at_once() {
    let Some(bao) = server() else { return };
    bao.cli(&["auth", "enable", "-path=k8s-bare", "kubernetes"]);
    bao.cli(&[
        "write",
        "auth/k8s-bare/role/app",
        "bound_service_account_names=app",
        "bound_service_account_namespaces=default",
    ]);
    let sb = host();
    let file = sb.path("sa-token");
    fs::write(&file, "eyJhbGciOiJSUzI1NiJ9.e30.c2ln").unwrap();
    let start = Instant::now();
    sb.cmd()
        .args(["init", "--store", "openbao", "--addr", &bao.http])
        .args(["--auth", "kubernetes", "--auth-mount", "k8s-bare"])
        .args(["--role", "app", "--jwt-file"])
        .arg(&file)
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("auth/k8s-bare/login")
                .and(predicate::str::contains(
                    "could not load backend configuration",
                ))
                .and(predicate::str::contains("auth/k8s-bare/config")),
        );
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
    // jwt says it with a 400 ("could not load configuration"); its file is
    // the owner's alone.
    bao.cli(&["auth", "enable", "-path=jwt-bare", "jwt"]);
    fs::set_permissions(&file, std::os::unix::fs::PermissionsExt::from_mode(0o600)).unwrap();
    sb.cmd()
        .args(["init", "--store", "openbao", "--addr", &bao.http])
        .args(["--auth", "jwt", "--auth-mount", "jwt-bare"])
        .args(["--role", "app", "--jwt-file"])
        .arg(&file)
        .assert()
        .code(4)
        .stderr(
            predicate::str::contains("could not load configuration")
                .and(predicate::str::contains("auth/jwt-bare/config")),
        );
}

/// Namespaces (OpenBao 2.3+, Vault Enterprise): `--namespace` at init,
/// or `BAO_NAMESPACE`/`VAULT_NAMESPACE` at run time, put every request in
/// the namespace; the entries are there and not in the root namespace.
#[test]
fn namespaces_from_the_flag_and_both_variables() {
    let Some(bao) = server() else { return };
    assert!(
        bao.namespaces,
        "bao namespace create failed: this OpenBao has no namespaces"
    );
    bao.cli(&[
        "secrets",
        "enable",
        "-namespace=team-a",
        "-path=secret",
        "kv-v2",
    ]);
    let sb = host();
    sb.cmd()
        .args(["init", "--store", "openbao", "--addr", &bao.http])
        .args(["--namespace", "team-a"])
        .env("BAO_TOKEN", "root")
        .assert()
        .success();
    let config = fs::read_to_string(sb.path("config/chopvault/config.toml")).unwrap();
    assert!(config.contains("namespace = \"team-a\""), "{config}");
    sb.cmd()
        .args(["set", "ns-yd", "--stdin"])
        .env("BAO_TOKEN", "root")
        .write_stdin(TOKEN)
        .assert()
        .success();
    assert_eq!(
        bao.cli(&[
            "kv",
            "get",
            "-namespace=team-a",
            "-mount=secret",
            "-field=value",
            "chopvault/ns-yd"
        ]),
        TOKEN
    );
    assert!(!bao.cli_ok(&["kv", "get", "-mount=secret", "chopvault/ns-yd"]));
    for var in ["BAO_NAMESPACE", "VAULT_NAMESPACE"] {
        let other = host();
        other
            .cmd()
            .args(["init", "--store", "openbao", "--addr", &bao.http])
            .env("BAO_TOKEN", "root")
            .env(var, "team-a")
            .assert()
            .success();
        other
            .cmd()
            .args(["get", "ns-yd"])
            .env("BAO_TOKEN", "root")
            .env(var, "team-a")
            .assert()
            .success()
            .stdout(TOKEN);
        // Without it, the root namespace has no such entry.
        other
            .cmd()
            .args(["get", "ns-yd"])
            .env("BAO_TOKEN", "root")
            .assert()
            .code(3);
    }
}
