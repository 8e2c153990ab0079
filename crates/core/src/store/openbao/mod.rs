//! The OpenBao / HashiCorp Vault store: one KV version 2 secret per entry at
//! `MOUNT/data/PREFIX+NAME`, holding `{"value": …, "meta": {…}, "aux": {…}}`.
//! Writes use check-and-set, so two writers on two machines never silently
//! overwrite each other; KV versions are the entry's history.
//!
//! Each entry's metadata is also kept beside the value, in the secret's
//! `custom_metadata` ([`custom`]), so listing reads no value.
//!
//! The OpenBao token comes from `BAO_TOKEN`/`VAULT_TOKEN`, a 0600 token file,
//! the OS keyring (service `chopvault-openbao`, user = the first server
//! address), or a login ([`auth`]); never from an argument.
//!
//! Which node of a cluster is asked, retries and read-your-writes are
//! [`transport`]'s business.

pub mod auth;
pub mod custom;
pub mod reason;
pub mod spec;
pub mod transport;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::{AuxUpdate, MetaUpdate, PutOutcome, RemoveOutcome, Store, StoreError};
use crate::config::OpenBaoConfig;
use crate::entry::Meta;
use crate::secret::Secret;
use crate::store::StoreKind;
pub use auth::find_token;
pub use reason::{Deleted, Fix, Misanswer, Unavailable};
use transport::{Req, Transport};

/// Keyring service under which `init --token-to-keyring` keeps the token.
pub const KEYRING_SERVICE: &str = "chopvault-openbao";

/// One version of an entry on the server.
#[derive(Debug, Clone)]
pub struct Version {
    /// KV version number.
    pub version: u64,
    /// When it was written (RFC 3339, from the server).
    pub created: String,
    /// Soft-deleted at, if so.
    pub deleted: Option<String>,
    /// Destroyed (data gone for good).
    pub destroyed: bool,
    /// Fingerprint of that version's value, when readable.
    pub fingerprint: Option<String>,
}

/// The openbao store.
pub struct OpenBaoStore {
    http: Transport,
    /// The first configured node: named in messages about an entry.
    addr: String,
    mount: String,
    prefix: String,
    /// What is known of the token's lifetime.
    lease: Option<auth::Lease>,
    /// Whether the token came from a login.
    login: bool,
    cfg: OpenBaoConfig,
}

/// An entry as read from the server.
struct Read {
    version: u64,
    value: Secret,
    meta: Option<Meta>,
    aux: BTreeMap<String, Zeroizing<String>>,
}

// The server's answers, as KV version 2 documents them. Parsed into these
// types (a malformed answer is an error, never "version 0"), with secret
// strings held in zeroizing buffers from the moment they are parsed.

/// `GET MOUNT/data/PATH`.
#[derive(Deserialize)]
struct DataAnswer {
    data: DataBody,
}

#[derive(Deserialize)]
struct DataBody {
    /// Absent (null) when the version was deleted or destroyed.
    data: Option<Payload>,
    metadata: VersionMeta,
}

/// What chopvault writes as a secret's data.
#[derive(Deserialize)]
struct Payload {
    value: Zeroizing<String>,
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(default)]
    aux: BTreeMap<String, Zeroizing<String>>,
}

#[derive(Deserialize)]
struct VersionMeta {
    version: u64,
    /// The secret's custom metadata (the data endpoint returns it too).
    #[serde(default)]
    custom_metadata: Option<BTreeMap<String, String>>,
    #[serde(default)]
    deletion_time: String,
    #[serde(default)]
    destroyed: bool,
}

/// `GET MOUNT/metadata/PATH`.
#[derive(Deserialize)]
struct MetadataAnswer {
    data: MetadataBody,
}

#[derive(Deserialize)]
struct MetadataBody {
    current_version: u64,
    #[serde(default)]
    custom_metadata: Option<BTreeMap<String, String>>,
    #[serde(default)]
    versions: BTreeMap<String, VersionInfo>,
}

/// One version in the metadata answer (its number is the map's key).
#[derive(Deserialize)]
struct VersionInfo {
    #[serde(default)]
    deletion_time: String,
    #[serde(default)]
    destroyed: bool,
    #[serde(default)]
    created_time: String,
}

/// `SCAN MOUNT/detailed-metadata/PREFIX`: every entry under the prefix
/// with its metadata, in one answer (OpenBao 2.2 and later).
#[derive(Deserialize)]
struct ScanAnswer {
    data: ScanBody,
}

#[derive(Deserialize)]
struct ScanBody {
    /// Absent when nothing is under the prefix.
    #[serde(default)]
    key_info: BTreeMap<String, MetadataBody>,
}

/// What a SCAN of detailed-metadata gave.
enum Scan {
    /// Every entry's metadata answer.
    All(Vec<(String, Head)>),
    /// The server knows SCAN but the token may not (403).
    Refused,
    /// The server does not answer it (older OpenBao, HashiCorp Vault).
    Unsupported,
}

/// What the metadata endpoint says of an entry.
struct Head {
    /// Current KV version (0: none yet).
    current: u64,
    /// The current version is deleted or destroyed.
    deleted: bool,
    /// chopvault's metadata beside the value, if any.
    stored: Option<custom::Stored>,
}

/// `LIST MOUNT/metadata/FOLDER`.
#[derive(Deserialize)]
struct ListAnswer {
    data: ListBody,
}

#[derive(Deserialize)]
struct ListBody {
    #[serde(default)]
    keys: Vec<String>,
}

/// What chopvault writes: `POST MOUNT/data/PATH` with check-and-set.
#[derive(Serialize)]
struct WriteBody<'a> {
    data: WritePayload<'a>,
    options: WriteOptions,
}

#[derive(Serialize)]
struct WritePayload<'a> {
    value: &'a str,
    meta: &'a Meta,
    aux: &'a BTreeMap<String, Zeroizing<String>>,
}

#[derive(Serialize)]
struct WriteOptions {
    cas: u64,
}

fn unavailable(why: Unavailable, hint: impl Into<super::Remedy>) -> StoreError {
    StoreError::Unavailable {
        why: super::Why::Bao(Box::new(why)),
        hint: hint.into(),
    }
}

impl From<Fix> for super::Remedy {
    fn from(f: Fix) -> Self {
        super::Remedy::Bao(Box::new(f))
    }
}

impl OpenBaoStore {
    /// Builds the client (TLS with the system roots plus `ca_cert`) and
    /// finds the token. No request is made yet.
    pub fn connect(cfg: &OpenBaoConfig) -> Result<Self, StoreError> {
        let http = Self::client(cfg)?;
        let session = auth::establish(&http, cfg)?;
        http.set_token(session.token);
        let mut store = Self::with_transport(cfg, http);
        store.lease = session.lease;
        store.login = session.login;
        Ok(store)
    }

    /// As [`connect`](Self::connect), with a given token.
    pub fn with_token(cfg: &OpenBaoConfig, token: Secret) -> Result<Self, StoreError> {
        let http = Transport::new(cfg, token)?;
        Ok(Self::with_transport(cfg, http))
    }

    fn with_transport(cfg: &OpenBaoConfig, http: Transport) -> Self {
        OpenBaoStore {
            addr: cfg.primary_addr().trim_end_matches('/').to_string(),
            http,
            mount: cfg.mount.trim_matches('/').to_string(),
            prefix: cfg.prefix.trim_start_matches('/').to_string(),
            lease: None,
            login: false,
            cfg: cfg.clone(),
        }
    }

    /// The connection to the cluster, before a token is known (a login
    /// makes its requests through it, with no token or its own).
    pub fn client(cfg: &OpenBaoConfig) -> Result<Transport, StoreError> {
        Transport::new(cfg, Secret::from_string(String::new()))
    }

    /// The path of an entry under `/v1/` (`secret/data/chopvault/NAME`).
    fn url(&self, kind: &str, name: &str) -> String {
        format!("{}/{kind}/{}{name}", self.mount, self.prefix)
    }

    fn policy_hint(&self) -> Fix {
        Fix::Policy {
            mount: self.mount.clone(),
            prefix: self.prefix.clone(),
        }
    }

    /// Sends a request (to whichever node can answer: [`transport`]);
    /// maps a refusal to a clear error.
    fn send(&self, req: Req) -> Result<(u16, Zeroizing<Vec<u8>>), StoreError> {
        let (status, body) = self.http.send(&req)?;
        match status {
            404 if transport::server_errors(&body).contains("no handler for route") => {
                Err(self.no_such_mount())
            }
            403 => Err(self.denied(transport::server_errors(&body))),
            _ => Ok((status, body)),
        }
    }

    /// The server has no engine at the configured mount. Which mounts the
    /// token can see says whether a slash went missing (`secretchopvault`
    /// for `secret` + `chopvault/`) or the mount is wrong.
    fn no_such_mount(&self) -> StoreError {
        #[derive(Deserialize)]
        struct Mounts {
            data: MountsData,
        }
        #[derive(Deserialize)]
        struct MountsData {
            #[serde(default)]
            secret: BTreeMap<String, serde::de::IgnoredAny>,
        }
        let visible: Vec<String> = self
            .http
            .send(&self.http.get("sys/internal/ui/mounts"))
            .ok()
            .filter(|(status, _)| *status == 200)
            .and_then(|(_, body)| serde_json::from_slice::<Mounts>(&body).ok())
            .map(|m| m.data.secret.into_keys().collect())
            .unwrap_or_default();
        let wanted = format!("{}/", self.mount);
        let why = Unavailable::NoSuchMount {
            mount: wanted.clone(),
            addr: self.http.addr().to_string(),
        };
        // The longest visible mount the configured one begins with.
        let glued = visible
            .iter()
            .filter_map(|m| {
                let m = m.trim_end_matches('/');
                let rest = wanted.strip_prefix(m)?.trim_start_matches('/');
                (!m.is_empty() && !rest.is_empty()).then(|| (m.to_string(), rest.to_string()))
            })
            .max_by_key(|(m, _)| m.len());
        let hint = match glued {
            Some((mount, rest)) => Fix::MissingSlash {
                mount,
                prefix: format!("{rest}{}", self.prefix),
                wanted,
            },
            None if !visible.is_empty() => Fix::MountsAre(visible),
            None => Fix::Kv2,
        };
        unavailable(why, hint)
    }

    fn read(&self, name: &str, version: Option<u64>) -> Result<Option<Read>, StoreError> {
        let mut req = self.http.get(self.url("data", name));
        if let Some(v) = version {
            req = req.query(&[("version", v)]);
        }
        let (status, body) = self.send(req)?;
        match status {
            200 | 404 => {}
            s => {
                // The server's own words, when it gave any (cleaned).
                let why = Unavailable::ReadAnswered {
                    status: s,
                    name: name.to_string(),
                    said: transport::server_errors(&body),
                };
                return Err(unavailable(why, super::Remedy::CheckMount));
            }
        }
        // A 404 is either a deleted version (a document saying so) or a path
        // never written (just `{"errors":[]}`).
        let answer: DataAnswer = if status == 404 {
            match serde_json::from_slice(&body) {
                Ok(a) => a,
                Err(_) => return Ok(None),
            }
        } else {
            self.parse(&body, name)?
        };
        let DataBody { data, metadata } = answer.data;
        // The metadata beside the value, when it describes this version;
        // else the copy inside the value (entries written before it).
        let beside = metadata
            .custom_metadata
            .as_ref()
            .and_then(custom::decode)
            .filter(|s| s.version == metadata.version && s.complete)
            .map(|s| s.meta);
        let Some(payload) = data else {
            if !metadata.deletion_time.is_empty() || metadata.destroyed {
                let v = metadata.version;
                return Err(StoreError::Gone {
                    name: name.to_string(),
                    why: Deleted {
                        version: v,
                        mount: self.mount.clone(),
                        prefix: self.prefix.clone(),
                    },
                });
            }
            return Ok(None);
        };
        let value = Secret::parse(payload.value.as_bytes()).map_err(|why| {
            unavailable(
                Unavailable::BadValue {
                    name: name.to_string(),
                    why,
                },
                super::Remedy::SetAgain(name.to_string()),
            )
        })?;
        Ok(Some(Read {
            version: metadata.version,
            value,
            meta: beside.or(payload.meta),
            aux: payload.aux,
        }))
    }

    /// What `MOUNT/metadata/NAME` says: one request, no value read.
    fn head(&self, name: &str) -> Result<Option<Head>, StoreError> {
        let (status, body) = self.send(self.http.get(self.url("metadata", name)))?;
        if status == 404 {
            return Ok(None);
        }
        let answer: MetadataAnswer = self.parse(&body, name)?;
        Ok(Some(head_of(&answer.data)))
    }

    /// Every entry's metadata answer in one request: `SCAN` of
    /// `MOUNT/detailed-metadata/PREFIX` (OpenBao 2.2+; the token needs the
    /// `scan` capability there). When the server will not answer it (an
    /// older server, HashiCorp Vault, a policy without `scan`) the caller
    /// asks entry by entry. A server that cannot be reached is an error,
    /// as for any request.
    fn scan(&self) -> Result<Scan, StoreError> {
        let req = self.http.request("SCAN", self.scan_path());
        // Not `self.send`: a refusal here is no error, only a slower way.
        let (status, body) = self.http.send(&req)?;
        match status {
            200 => {}
            403 => return Ok(Scan::Refused),
            _ => return Ok(Scan::Unsupported),
        }
        // An answer of another shape (a proxy, a cut body) is no "empty
        // store": the entry-by-entry way says what is there.
        let Ok(answer) = serde_json::from_slice::<ScanAnswer>(&body) else {
            return Ok(Scan::Unsupported);
        };
        Ok(Scan::All(
            answer
                .data
                .key_info
                .iter()
                .filter(|(name, _)| !name.ends_with('/'))
                .map(|(name, b)| (name.clone(), head_of(b)))
                .collect(),
        ))
    }

    /// `MOUNT/detailed-metadata/PREFIX`, what [`scan`](Self::scan) asks.
    pub fn scan_path(&self) -> String {
        format!("{}/detailed-metadata/{}", self.mount, self.prefix)
    }

    /// Whether this server could list every entry's metadata in one
    /// request but the token's policy does not allow it (`doctor` says
    /// how to allow it).
    pub fn scan_refused(&self) -> Result<bool, StoreError> {
        Ok(matches!(self.scan()?, Scan::Refused))
    }

    /// Every entry's metadata answer: one `SCAN` when the server and the
    /// token allow it, else a recursive `LIST` and one request per entry,
    /// a few at a time.
    fn heads(&self) -> Result<Vec<(String, Head)>, StoreError> {
        if let Scan::All(all) = self.scan()? {
            return Ok(all);
        }
        let names = self.names()?;
        let results = self.each(names.clone(), |name| self.head(&name));
        let mut out = Vec::with_capacity(names.len());
        for (name, r) in names.into_iter().zip(results) {
            if let Some(h) = r? {
                out.push((name, h));
            }
        }
        Ok(out)
    }

    /// One live entry's metadata, from beside its value (one request); an
    /// entry written before that is read whole. `None`: no such entry.
    pub fn meta_of(&self, name: &str) -> Result<Option<Meta>, StoreError> {
        let Some(head) = self.head(name)? else {
            return Ok(None);
        };
        self.meta_from(name, head)
    }

    fn meta_from(&self, name: &str, head: Head) -> Result<Option<Meta>, StoreError> {
        if head.deleted || head.current == 0 {
            return Ok(None);
        }
        match head.stored {
            Some(s) if s.version == head.current => Ok(Some(s.meta)),
            stale => match self.read(name, None) {
                Ok(Some(r)) => Ok(r.meta.or(stale.map(|s| s.meta))),
                Ok(None) | Err(StoreError::Gone { .. }) => Ok(None),
                // A token that may read metadata only still sees the
                // last metadata written beside the value.
                Err(e) => stale.map(|s| Some(s.meta)).ok_or(e),
            },
        }
    }

    /// Writes the metadata beside the value, describing KV version
    /// `version`, whose value has the fingerprint `fingerprint`; `earlier`
    /// is what the server said of the versions before it (their
    /// fingerprints are kept for `history`).
    fn write_beside(
        &self,
        name: &str,
        meta: &Meta,
        version: u64,
        fingerprint: String,
        earlier: Option<&custom::Stored>,
    ) -> Result<(), StoreError> {
        let mut fingerprints = earlier.map(|s| s.fingerprints.clone()).unwrap_or_default();
        // Only versions before this one: a list from a later write that
        // landed first says nothing true of "after".
        fingerprints.retain(|v, _| *v < version);
        fingerprints.insert(version, fingerprint);
        let body = serde_json::to_vec(&serde_json::json!({
            "custom_metadata": custom::encode(meta, version, &fingerprints)
        }))
        .expect("JSON always serialises");
        let req = self
            .http
            .post(self.url("metadata", name))
            .header("Content-Type", "application/json")
            .body(Zeroizing::new(body));
        match self.send(req)?.0 {
            200 | 204 => Ok(()),
            s => Err(unavailable(
                Unavailable::WriteAnswered {
                    status: s,
                    name: name.to_string(),
                },
                Fix::Kv2,
            )),
        }
    }

    /// Parses an answer the server gave about `name`; one that is not what
    /// KV version 2 sends is an error (it names no value).
    fn parse<T: for<'de> Deserialize<'de>>(
        &self,
        body: &[u8],
        name: &str,
    ) -> Result<T, StoreError> {
        serde_json::from_slice(body).map_err(|e| StoreError::BadAnswer {
            from: self.addr.clone(),
            about: name.to_string(),
            why: Misanswer::NotKv2 {
                line: e.line(),
                column: e.column(),
            },
        })
    }

    /// The current version number (0: no such secret), from the metadata
    /// endpoint: it also counts a soft-deleted latest version.
    fn current_version(&self, name: &str) -> Result<u64, StoreError> {
        let (status, body) = self.send(self.http.get(self.url("metadata", name)))?;
        if status == 404 {
            return Ok(0);
        }
        let answer: MetadataAnswer = self.parse(&body, name)?;
        Ok(answer.data.current_version)
    }

    fn write(
        &self,
        name: &str,
        value: &Secret,
        meta: &Meta,
        aux: &BTreeMap<String, Zeroizing<String>>,
        cas: u64,
    ) -> Result<(), StoreError> {
        let body = Zeroizing::new(
            serde_json::to_vec(&WriteBody {
                data: WritePayload {
                    value: value.expose(),
                    meta,
                    aux,
                },
                options: WriteOptions { cas },
            })
            .expect("JSON always serialises"),
        );
        // The transport owns the serialised value from here and zeroizes
        // it, and each copy it sends, when done.
        let req = self
            .http
            .post(self.url("data", name))
            .header("Content-Type", "application/json")
            .body(body);
        let (status, resp) = self.send(req)?;
        match status {
            200 | 204 => Ok(()),
            400 if String::from_utf8_lossy(&resp).contains("check-and-set") => {
                let now = self.current_version(name).unwrap_or(0);
                Err(StoreError::Conflict {
                    name: name.to_string(),
                    expected: cas,
                    found: now,
                })
            }
            s => Err(unavailable(
                Unavailable::WriteAnswered {
                    status: s,
                    name: name.to_string(),
                },
                Fix::Kv2,
            )),
        }
    }

    /// The keys of one folder under the prefix (`LIST`; none: 404).
    pub fn list(&self, folder: &str) -> Result<Vec<String>, StoreError> {
        let req = self.http.request("LIST", self.url("metadata", folder));
        let (status, body) = self.send(req)?;
        if status == 404 {
            return Ok(Vec::new());
        }
        let answer: ListAnswer = self.parse(&body, folder)?;
        Ok(answer.data.keys)
    }

    /// Every entry name under the prefix (recursive LIST). The folders of
    /// one depth are listed a few at a time: with a folder per site
    /// (`site-kazan/yandex-disk`), there are as many folders as entries.
    pub fn names(&self) -> Result<Vec<String>, StoreError> {
        let mut out = Vec::new();
        let mut level = vec![String::new()];
        while !level.is_empty() {
            let lists = self.each(level.clone(), |folder| self.list(&folder));
            let mut next = Vec::new();
            for (folder, keys) in level.iter().zip(lists) {
                for key in keys? {
                    if key.ends_with('/') {
                        next.push(format!("{folder}{key}"));
                    } else {
                        out.push(format!("{folder}{key}"));
                    }
                }
            }
            level = next;
        }
        out.sort();
        Ok(out)
    }

    /// Every live entry's metadata, read from beside the values (no value
    /// is read, unless an entry was written before metadata was kept there):
    /// one request when the server can `SCAN` ([`scan`](Self::scan)), else
    /// one per entry, a few at a time (on a LAN each costs a round trip).
    pub fn all_meta(&self) -> Result<BTreeMap<String, Meta>, StoreError> {
        let heads = self.heads()?;
        let results = self.each_of(heads, |name, head| self.meta_from(name, head));
        let mut out = BTreeMap::new();
        for (name, r) in results {
            if let Some(m) = r? {
                out.insert(name, m);
            }
        }
        Ok(out)
    }

    /// Runs `f` on every entry and its metadata answer, a few at a time
    /// when it has to ask the server (the metadata beside an entry's value
    /// describes an older version: its value is read).
    fn each_of<T: Send>(
        &self,
        heads: Vec<(String, Head)>,
        f: impl Fn(&str, Head) -> Result<T, StoreError> + Sync,
    ) -> Vec<(String, Result<T, StoreError>)> {
        let (fresh, stale): (Vec<_>, Vec<_>) = heads.into_iter().partition(|(_, h)| {
            h.deleted || h.current == 0 || h.stored.as_ref().is_some_and(|s| s.version == h.current)
        });
        let run = |(name, head): (String, Head)| {
            let r = f(&name, head);
            (name, r)
        };
        let mut out: Vec<_> = fresh.into_iter().map(run).collect();
        out.extend(self.each(stale, run));
        out
    }

    /// Runs `f` on every item, a few at a time; results in order.
    fn each<I: Send, T: Send>(&self, items: Vec<I>, f: impl Fn(I) -> T + Sync) -> Vec<T> {
        // Without SCAN, metadata is one request per entry: more at once
        // hides the round trips (status at 200 entries on a loopback dev
        // server: 258 ms with 8, 211 ms with 32; the server then answers
        // about one a millisecond, and is the limit).
        const AT_ONCE: usize = 32;
        if items.len() <= 1 {
            return items.into_iter().map(f).collect();
        }
        let per = items.len().div_ceil(AT_ONCE);
        let mut chunks: Vec<Vec<I>> = Vec::new();
        let mut rest = items.into_iter();
        loop {
            let chunk: Vec<I> = rest.by_ref().take(per).collect();
            if chunk.is_empty() {
                break;
            }
            chunks.push(chunk);
        }
        std::thread::scope(|scope| {
            let f = &f;
            let handles: Vec<_> = chunks
                .into_iter()
                .map(|chunk| scope.spawn(move || chunk.into_iter().map(f).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().expect("a metadata reader does not panic"))
                .collect()
        })
    }

    /// Writes the metadata of every entry whose metadata is not beside its
    /// value yet (or describes an older version) from the value's own copy.
    /// Returns every entry's metadata and how many were migrated.
    pub fn migrate_meta(&self) -> Result<(BTreeMap<String, Meta>, usize), StoreError> {
        let heads = self.heads()?;
        let results = self.each_of(heads, |name, head| {
            let fresh = head
                .stored
                .as_ref()
                .is_some_and(|s| s.version == head.current);
            if fresh || head.deleted {
                return Ok((self.meta_from(name, head)?, false));
            }
            match self.read(name, None) {
                Ok(Some(Read {
                    meta: Some(m),
                    version,
                    value,
                    ..
                })) => {
                    let fp = value.fingerprint();
                    self.write_beside(name, &m, version, fp, head.stored.as_ref())?;
                    Ok((Some(m), true))
                }
                Ok(_) | Err(StoreError::Gone { .. }) => Ok((None, false)),
                Err(e) => Err(e),
            }
        });
        let mut out = BTreeMap::new();
        let mut migrated = 0;
        for (name, r) in results {
            let (meta, moved) = r?;
            migrated += usize::from(moved);
            if let Some(m) = meta {
                out.insert(name, m);
            }
        }
        Ok((out, migrated))
    }

    /// An entry's metadata and its KV versions, oldest first, from one
    /// metadata request. Each version's fingerprint comes from the list
    /// kept beside the value ([`custom`]); a version missing from it is
    /// read, when the token may (a token that may read metadata only sees
    /// no fingerprint there). The metadata is read from the value only when
    /// the copy beside it is stale or had to drop old history events.
    pub fn history(&self, name: &str) -> Result<(Meta, Vec<Version>), StoreError> {
        let (status, body) = self.send(self.http.get(self.url("metadata", name)))?;
        if status == 404 {
            return Err(StoreError::NotFound(name.to_string()));
        }
        let answer: MetadataAnswer = self.parse(&body, name)?;
        let head = head_of(&answer.data);
        let known = head
            .stored
            .as_ref()
            .map(|s| s.fingerprints.clone())
            .unwrap_or_default();
        // The whole history is in the value when the copy beside it is cut.
        let whole = head
            .stored
            .as_ref()
            .is_some_and(|s| s.version == head.current && s.complete);
        let meta = if whole || head.deleted {
            self.meta_from(name, head)?
        } else {
            let stale = head.stored.map(|s| s.meta);
            match self.read(name, None) {
                Ok(Some(r)) => r.meta.or(stale),
                Ok(None) | Err(StoreError::Gone { .. }) => None,
                Err(_) => stale,
            }
        }
        .ok_or_else(|| StoreError::NotFound(name.to_string()))?;
        let mut out = Vec::new();
        // Once a value read is refused, the others would be too.
        let mut may_read = true;
        for (number, v) in answer.data.versions {
            let version: u64 = number.parse().map_err(|_| StoreError::BadAnswer {
                from: self.addr.clone(),
                about: name.to_string(),
                why: Misanswer::VersionNotNumber,
            })?;
            let deleted = Some(v.deletion_time.clone()).filter(|t| !t.is_empty());
            let destroyed = v.destroyed;
            let fingerprint = if deleted.is_some() || destroyed {
                None
            } else if let Some(fp) = known.get(&version) {
                Some(fp.clone())
            } else if may_read {
                match self.read(name, Some(version)) {
                    Ok(r) => r.map(|r| r.value.fingerprint()),
                    Err(_) => {
                        may_read = false;
                        None
                    }
                }
            } else {
                None
            };
            out.push(Version {
                version,
                created: v.created_time,
                deleted,
                destroyed,
                fingerprint,
            });
        }
        out.sort_by_key(|v| v.version);
        Ok((meta, out))
    }

    /// Checks the address and token: `auth/token/lookup-self`.
    pub fn check_token(&self) -> Result<(), StoreError> {
        let (status, _) = self.send(self.http.get("auth/token/lookup-self"))?;
        match status {
            200 => Ok(()),
            s => Err(unavailable(
                Unavailable::TokenNotAccepted {
                    addr: self.addr.clone(),
                    status: s,
                },
                Fix::CheckToken,
            )),
        }
    }

    /// One write: the metadata endpoint says which version to replace and
    /// what it holds (one request); the value is read only when its aux
    /// secrets must be kept, its value reused, or its metadata is not
    /// beside it yet. Then the value, then its metadata beside it. The
    /// same few requests however many entries the store holds.
    fn put_inner(
        &mut self,
        name: &str,
        value: Option<&Secret>,
        aux: &AuxUpdate,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        let _ = self.http.prefer_leader();
        let head = self.head(name)?;
        let cas = head.as_ref().map_or(0, |h| h.current);
        let earlier = head.as_ref().and_then(|h| h.stored.clone());
        let live = head.filter(|h| !h.deleted && h.current > 0);
        let beside = live.as_ref().and_then(|h| {
            h.stored
                .clone()
                .filter(|s| s.version == h.current && s.complete)
        });
        let needs_value = live.is_some()
            && (value.is_none() || beside.as_ref().is_none_or(|s| !s.meta.aux.is_empty()));
        let (old_value, old_meta, mut kept) = if needs_value {
            match self.read(name, None) {
                Ok(Some(r)) => (Some(r.value), r.meta, r.aux),
                Ok(None) | Err(StoreError::Gone { .. }) => (None, None, BTreeMap::new()),
                Err(e) => return Err(e),
            }
        } else {
            (None, beside.map(|s| s.meta), BTreeMap::new())
        };
        let value = match (value, &old_value) {
            (Some(v), _) => v.clone(),
            (None, Some(v)) => v.clone(),
            (None, None) => return Err(StoreError::NotFound(name.to_string())),
        };
        let meta = update(old_meta.as_ref());
        kept.retain(|k, _| !aux.clear.contains(&k.as_str()));
        for (k, v) in &aux.set {
            kept.insert((*k).to_string(), Zeroizing::new(v.expose().to_string()));
        }
        self.write(name, &value, &meta, &kept, cas)?;
        // The value holds a copy of the metadata too: a host whose policy
        // may not write metadata still stores a complete entry, and readers
        // fall back to that copy.
        let _ = self.write_beside(name, &meta, cas + 1, value.fingerprint(), earlier.as_ref());
        Ok(PutOutcome { meta, all: None })
    }
}

/// What a metadata answer says of its entry.
fn head_of(b: &MetadataBody) -> Head {
    let deleted = b
        .versions
        .get(&b.current_version.to_string())
        .is_some_and(|v| !v.deletion_time.is_empty() || v.destroyed);
    Head {
        current: b.current_version,
        deleted,
        stored: b.custom_metadata.as_ref().and_then(custom::decode),
    }
}

impl Store for OpenBaoStore {
    fn keeps_meta(&self) -> bool {
        true
    }

    fn kind(&self) -> StoreKind {
        StoreKind::OpenBao
    }

    fn location(&self) -> String {
        format!("{}/v1/{}/data/{}", self.addr, self.mount, self.prefix)
    }

    fn unlock(&mut self) -> Result<(), StoreError> {
        self.check_token()
    }

    fn get(&mut self, name: &str) -> Result<Secret, StoreError> {
        self.read(name, None)?
            .map(|r| r.value)
            .ok_or_else(|| StoreError::NotFound(name.to_string()))
    }

    fn get_aux(&mut self, name: &str, key: &str) -> Result<Option<Secret>, StoreError> {
        let read = self
            .read(name, None)?
            .ok_or_else(|| StoreError::NotFound(name.to_string()))?;
        Ok(read
            .aux
            .get(key)
            .map(|v| Secret::from_string(v.as_str().to_string())))
    }

    fn put(
        &mut self,
        name: &str,
        value: &Secret,
        aux: &AuxUpdate,
        _known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        self.put_inner(name, Some(value), aux, update)
    }

    fn update_meta(
        &mut self,
        name: &str,
        _known: Option<&Meta>,
        update: MetaUpdate<'_>,
    ) -> Result<PutOutcome, StoreError> {
        self.put_inner(name, None, &AuxUpdate::default(), update)
    }

    fn remove(&mut self, name: &str, _known: Option<&Meta>) -> Result<RemoveOutcome, StoreError> {
        // A soft delete of the latest version: `bao kv undelete` restores it,
        // and the earlier versions stay as history.
        let _ = self.http.prefer_leader();
        let existed = self
            .head(name)?
            .is_some_and(|h| !h.deleted && h.current > 0);
        if existed {
            let (status, _) = self.send(self.http.delete(self.url("data", name)))?;
            if !matches!(status, 200 | 204) {
                return Err(unavailable(
                    Unavailable::DeleteAnswered {
                        status,
                        name: name.to_string(),
                    },
                    Fix::DeletePolicy,
                ));
            }
        }
        Ok(RemoveOutcome { existed, all: None })
    }
}
