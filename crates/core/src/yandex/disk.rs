//! The Disk REST API: who owns a token and how full the Disk is (the
//! validity check), and a write probe into the app folder.

use serde::Deserialize;

use super::{Protocol, Unreachable, Yandex, YandexError};
use crate::secret::Secret;

/// What `GET /v1/disk` says about a token's owner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DiskInfo {
    /// The Yandex login (None for an app-folder-only token).
    pub login: Option<String>,
    /// Display name.
    pub display_name: Option<String>,
    /// Bytes in use.
    pub used_space: Option<u64>,
    /// Bytes available in all.
    pub total_space: Option<u64>,
}

#[derive(Deserialize)]
struct DiskBody {
    #[serde(default)]
    total_space: Option<u64>,
    #[serde(default)]
    used_space: Option<u64>,
    #[serde(default)]
    user: Option<User>,
}

#[derive(Deserialize)]
struct User {
    #[serde(default)]
    login: Option<String>,
    #[serde(default)]
    display_name: Option<String>,
}

fn auth(token: &Secret) -> String {
    format!("OAuth {}", token.expose())
}

fn rejected(y: &Yandex, status: u16, answer: &super::http::Answer) -> YandexError {
    YandexError::Rejected {
        status,
        error: answer.error_text(y.language()),
    }
}

/// Checks a token: `GET /v1/disk`. A token limited to the app folder may be
/// refused there (403); it is then checked with the probe the yadisk
/// library uses (`/v1/disk/operations/0000`: 404 valid, 401 invalid).
pub fn info(y: &Yandex, token: &Secret) -> Result<DiskInfo, YandexError> {
    let url = format!("{}/v1/disk", y.api);
    let answer = y.send(
        &|| y.client().get(&url).header("Authorization", auth(token)),
        true,
    )?;
    match answer.status {
        200 => parse_info(&answer.body),
        401 => Err(rejected(y, 401, &answer)),
        403 => probe(y, token).map(|()| DiskInfo::default()),
        status => Err(YandexError::Protocol(Protocol::DiskApi {
            status,
            name: answer.error_name(),
        })),
    }
}

/// Reads a `GET /v1/disk` body. Public for the property tests and fuzz targets.
pub fn parse_info(body: &[u8]) -> Result<DiskInfo, YandexError> {
    let answer = super::http::Answer {
        status: 200,
        body: zeroize::Zeroizing::new(body.to_vec()),
    };
    let body: DiskBody = answer.json()?;
    let user = body.user.unwrap_or(User {
        login: None,
        display_name: None,
    });
    Ok(DiskInfo {
        login: user.login.map(|l| super::clean(&l)),
        display_name: user.display_name.map(|l| super::clean(&l)),
        used_space: body.used_space,
        total_space: body.total_space,
    })
}

fn probe(y: &Yandex, token: &Secret) -> Result<(), YandexError> {
    let url = format!("{}/v1/disk/operations/0000?fields=status", y.api);
    let answer = y.send(
        &|| y.client().get(&url).header("Authorization", auth(token)),
        true,
    )?;
    match answer.status {
        404 | 200 => Ok(()),
        401 | 403 => Err(rejected(y, answer.status, &answer)),
        s => Err(YandexError::Protocol(Protocol::DiskProbe(s))),
    }
}

#[derive(Deserialize)]
struct Link {
    href: String,
    #[serde(default)]
    method: Option<String>,
}

#[derive(Deserialize)]
struct Operation {
    status: String,
}

/// Proves the token can write: uploads a small file into `app:/`, then
/// deletes it permanently (polling the delete operation if Yandex makes one).
pub fn probe_write(y: &Yandex, token: &Secret) -> Result<(), YandexError> {
    let name = format!(
        "app:/chopvault-probe-{}.txt",
        jiff::Timestamp::now().as_millisecond()
    );
    let upload = format!("{}/v1/disk/resources/upload", y.api);
    let answer = y.send(
        &|| {
            y.client()
                .get(&upload)
                .query(&[("path", name.as_str()), ("overwrite", "true")])
                .header("Authorization", auth(token))
        },
        true,
    )?;
    match answer.status {
        200 => {}
        401 | 403 => return Err(rejected(y, answer.status, &answer)),
        status => {
            return Err(YandexError::Protocol(Protocol::UploadLink {
                status,
                name: answer.error_name(),
            }));
        }
    }
    let link: Link = answer.json()?;
    // The upload link is pre-signed: it gets no Authorization header.
    let put = y.send(
        &|| {
            let method = link.method.as_deref().unwrap_or("PUT");
            let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap_or(reqwest::Method::PUT);
            y.client()
                .request(m, &link.href)
                .body("chopvault write probe\n")
        },
        false,
    )?;
    if !matches!(put.status, 201 | 202) {
        return Err(YandexError::Protocol(Protocol::Upload(put.status)));
    }
    let resources = format!("{}/v1/disk/resources", y.api);
    let del = y.send(
        &|| {
            y.client()
                .delete(&resources)
                .query(&[("path", name.as_str()), ("permanently", "true")])
                .header("Authorization", auth(token))
        },
        true,
    )?;
    match del.status {
        204 => Ok(()),
        202 => {
            let op: Link = del.json()?;
            for _ in 0..20 {
                let answer = y.send(
                    &|| {
                        y.client()
                            .get(&op.href)
                            .header("Authorization", auth(token))
                    },
                    true,
                )?;
                match answer.json::<Operation>()?.status.as_str() {
                    "success" => return Ok(()),
                    "failed" => {
                        return Err(YandexError::Protocol(Protocol::DeleteFailed));
                    }
                    _ => std::thread::sleep(std::time::Duration::from_millis(250)),
                }
            }
            Err(YandexError::Unreachable(Unreachable::ProbeNotDeleted))
        }
        status => Err(YandexError::Protocol(Protocol::Delete {
            status,
            name: del.error_name(),
        })),
    }
}
