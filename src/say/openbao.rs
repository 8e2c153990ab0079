//! The OpenBao store ([`crate::store::openbao`]) in words: why it cannot
//! be used, what to do about it, why a node gave no answer, an answer it
//! did not understand and an entry deleted on the server.

use super::{Explain, Said};
use crate::store::openbao::auth::KUBERNETES_JWT;
use crate::store::openbao::reason::{CertRefusal, Trouble};
use crate::store::openbao::{Deleted, Fix, Misanswer, Unavailable};

/// Why the store cannot be used now; its remedy is the error's
/// [`crate::store::Remedy`] ([`fix`]).
impl Explain for Unavailable {
    fn explain(&self) -> Said {
        Said::new(match self {
            Unavailable::NoAddress => t!("store-openbao-no-address"),
            Unavailable::NotPem(ca) => t!("store-openbao-not-pem-certificate", ca = ca.display()),
            Unavailable::ClientCertUnusable { cert, key } => t!(
                "store-openbao-client-certificate-unusable",
                cert = cert.display(),
                key = key.display()
            ),
            Unavailable::ClientCertHalf => t!("store-openbao-client-certificate-half"),
            Unavailable::NoHttps(e) => t!("store-openbao-https-setup-failed", error = e),
            Unavailable::Unreached { addr, trouble: t } => match t {
                Trouble::Unreachable { .. } => t!(
                    "store-openbao-unreachable",
                    addr = addr.as_str(),
                    why = trouble(t)
                ),
                Trouble::Sealed => t!("store-openbao-sealed", addr = addr.as_str()),
                Trouble::Certificate => t!(
                    "store-openbao-certificate-not-trusted",
                    addr = addr.as_str()
                ),
                t => t!(
                    "store-openbao-node-could-not-answer",
                    addr = addr.as_str(),
                    why = trouble(t)
                ),
            },
            Unavailable::NoNodeAnswered { deadline, nodes } => {
                let list = nodes
                    .iter()
                    .map(|(n, t)| {
                        t!(
                            "store-openbao-node-state",
                            addr = n.as_str(),
                            why = trouble(t)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("; ");
                t!(
                    "store-openbao-no-node-answered",
                    secs = format!("{:.0}", deadline.as_secs_f64()),
                    nodes = list
                )
            }
            Unavailable::BadTokenVar { var, why } => t!(
                "store-openbao-token-env-unusable",
                var = var,
                error = why.explain().text
            ),
            Unavailable::BadTokenFile { file, why } => t!(
                "store-openbao-token-file-unusable",
                file = file.display(),
                error = why.explain().text
            ),
            Unavailable::NoToken { addr } => t!("store-openbao-no-token", addr = addr),
            Unavailable::UnwrapRefused { errors } => {
                t!("openbao-auth-unwrap-refused", errors = errors)
            }
            Unavailable::NoStateFolder => t!("openbao-auth-no-state-folder"),
            Unavailable::BadLoginFile { file, why } => t!(
                "openbao-auth-file-not-usable",
                file = file.display(),
                error = why.explain().text
            ),
            Unavailable::NoKubernetesToken => {
                t!("openbao-auth-no-kubernetes-token", path = KUBERNETES_JWT)
            }
            Unavailable::LoginRefused {
                method,
                path,
                status,
                errors,
            } => t!(
                "openbao-auth-login-refused",
                method = method.word(),
                path = path,
                status = *status,
                errors = errors
            ),
            Unavailable::TokenNotAccepted { addr, status } => t!(
                "store-openbao-token-not-accepted",
                addr = addr,
                status = *status
            ),
            Unavailable::PermissionDenied { errors } => {
                t!("store-openbao-permission-denied", errors = errors)
            }
            Unavailable::TokenExpired(at) => t!(
                "openbao-token-expired-at",
                at = at.strftime("%Y-%m-%d %H:%M:%S UTC").to_string()
            ),
            Unavailable::TokenNoLongerValid => t!("openbao-token-no-longer-valid"),
            Unavailable::TokenRefused { errors } => t!("openbao-token-refused", errors = errors),
            Unavailable::NoSuchMount { mount, addr } => t!(
                "store-openbao-no-such-mount",
                mount = mount.as_str(),
                addr = addr.as_str()
            ),
            // The server's own words, when it gave any (cleaned).
            Unavailable::ReadAnswered { status, name, said } if said.is_empty() => {
                t!("store-openbao-read-status", status = *status, name = name)
            }
            Unavailable::ReadAnswered { status, name, said } => t!(
                "store-openbao-read-status-said",
                status = *status,
                name = name,
                said = said
            ),
            Unavailable::BadValue { name, why } => t!(
                "store-openbao-value-unusable",
                name = name,
                error = why.explain().text
            ),
            Unavailable::WriteAnswered { status, name } => {
                t!("store-openbao-write-status", status = *status, name = name)
            }
            Unavailable::DeleteAnswered { status, name } => {
                t!("store-openbao-delete-status", status = *status, name = name)
            }
        })
    }
}

/// What to do when the store cannot be used, with the command lines that
/// carry it out.
pub fn fix(f: &Fix) -> String {
    match f {
        Fix::TokenItself => t!("openbao-hint-token-itself"),
        Fix::TokenAlone => t!("openbao-hint-token-alone"),
        Fix::SetToken => t!("openbao-hint-set-token"),
        Fix::GiveCa => t!("openbao-hint-give-ca"),
        Fix::CheckCa => t!("openbao-hint-check-ca"),
        Fix::ServerUp => t!("openbao-hint-server-up"),
        Fix::Unseal => t!("openbao-hint-unseal"),
        Fix::Health => t!("openbao-hint-health"),
        Fix::RateLimit => t!("openbao-hint-rate-limit"),
        Fix::AddLeader(leader) => t!("openbao-hint-add-leader", leader = leader.as_str()),
        Fix::ClientCertificate => t!("openbao-hint-client-certificate"),
        Fix::ClientCertificateRefused => t!("openbao-hint-client-certificate-refused"),
        Fix::MissingSlash {
            mount,
            prefix,
            wanted,
        } => t!(
            "openbao-hint-missing-slash",
            mount = mount,
            prefix = prefix,
            wanted = wanted.as_str()
        ),
        Fix::MountsAre(mounts) => t!("openbao-hint-mounts-are", mounts = mounts.join(", ")),
        Fix::Kv2 => t!("openbao-hint-kv2-engine"),
        Fix::CheckToken => t!("openbao-hint-check-token"),
        Fix::Policy { mount, prefix } => {
            t!(
                "store-openbao-token-policy-hint",
                mount = mount,
                prefix = prefix
            )
        }
        Fix::NewToken => t!("openbao-hint-new-token"),
        Fix::LogsInAgain => t!("openbao-hint-logs-in-again"),
        Fix::TokenRefused => t!("openbao-hint-token-refused"),
        Fix::LoginRefused(method) => t!("openbao-hint-login-refused", method = method.word()),
        // The mount only passes the token on: the API server judges it.
        Fix::LoginRefusedKubernetes { mount } => {
            t!("openbao-hint-login-refused-kubernetes", mount = mount)
        }
        Fix::ConfigureAuthMount { method, mount } => t!(
            "openbao-hint-configure-auth-mount",
            method = method.word(),
            mount = format!("auth/{mount}"),
            settings = format!("auth/{mount}/config")
        ),
        Fix::KubernetesJwtFile => t!("openbao-hint-kubernetes-jwt-file"),
        Fix::NewWrappedSecretId => t!("openbao-hint-new-wrapped-secret-id"),
        Fix::SetHome => t!("openbao-hint-set-home"),
        Fix::DeletePolicy => t!("openbao-hint-delete-policy"),
    }
}

/// Why a node gave no answer, as the end of "OpenBao at … could not
/// answer: …" (and of the failover notice).
pub fn trouble(t: &Trouble) -> String {
    match t {
        Trouble::Unreachable { timed_out: true } => t!("store-openbao-timed-out"),
        Trouble::Unreachable { timed_out: false } => {
            t!("store-openbao-connection-refused")
        }
        Trouble::Certificate => t!("openbao-node-certificate-not-trusted"),
        Trouble::ClientCertWanted => t!("openbao-node-wants-client-certificate"),
        Trouble::ClientCertRefused(CertRefusal::UnknownCa) => {
            t!("openbao-node-client-certificate-unknown-ca")
        }
        Trouble::ClientCertRefused(CertRefusal::Expired) => {
            t!("openbao-node-client-certificate-expired")
        }
        Trouble::ClientCertRefused(CertRefusal::Revoked) => {
            t!("openbao-node-client-certificate-revoked")
        }
        Trouble::ClientCertRefused(CertRefusal::Other) => {
            t!("openbao-node-client-certificate-refused")
        }
        Trouble::Sealed => t!("openbao-node-sealed"),
        Trouble::Standby { leader: Some(l) } => {
            t!("openbao-node-standby-unknown-leader", leader = l.as_str())
        }
        Trouble::Standby { leader: None } => t!("openbao-node-standby-no-leader"),
        Trouble::RateLimited { wait: Some(w) } => {
            t!("openbao-node-rate-limited-wait", secs = w.as_secs().max(1))
        }
        Trouble::RateLimited { wait: None } => t!("openbao-node-rate-limited"),
        Trouble::NotCaughtUp => t!("openbao-node-not-caught-up"),
        Trouble::Server { status, errors } => t!(
            "openbao-node-status",
            status = *status,
            errors = errors.as_str()
        ),
        Trouble::Broken(e) => t!("store-openbao-answer-broke-off", error = e.as_str()),
    }
}

/// An entry deleted on the server (`StoreError::Gone`), and how to
/// restore it.
pub fn gone(name: &str, why: &Deleted) -> Said {
    let v = why.version;
    Said::new(t!("store-openbao-deleted", name = name, version = v)).hint(t!(
        "store-openbao-deleted-hint",
        mount = why.mount,
        version = v,
        prefix = why.prefix,
        name = name
    ))
}

/// A server's answer chopvault does not understand (`StoreError::BadAnswer`):
/// which server, about what, and what is wrong with it.
pub fn bad_answer(from: &str, about: &str, why: &Misanswer) -> Said {
    Said::new(t!(
        "store-bad-answer",
        from = t!("store-openbao-about-entry", addr = from, name = about),
        why = match why {
            Misanswer::NotKv2 { line, column } => t!(
                "store-openbao-not-kv2-answer",
                line = *line,
                column = *column
            ),
            Misanswer::VersionNotNumber => t!("store-openbao-version-not-number"),
            Misanswer::NotAuthAnswer => t!("openbao-auth-answer-not-understood"),
        }
    ))
    .hint(t!("error-bad-answer-hint"))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::store::{Remedy, StoreError, Why};
    use crate::ui::lang::{self, Lang};

    #[test]
    fn nodes_that_gave_no_answer_are_listed_with_their_state() {
        let u = Unavailable::NoNodeAnswered {
            deadline: Duration::from_millis(2600),
            nodes: vec![
                (
                    "http://a:1".into(),
                    Trouble::Unreachable { timed_out: true },
                ),
                ("http://b:1".into(), Trouble::Sealed),
            ],
        };
        let text = lang::with(Lang::En, || u.explain().text);
        assert_eq!(
            text,
            "no OpenBao node answered within 3 s: http://a:1 (timed out); http://b:1 (sealed)"
        );
    }

    #[test]
    fn one_node_is_named_by_what_kept_it_from_answering() {
        let at = |trouble| {
            let u = Unavailable::Unreached {
                addr: "https://bao:8200".into(),
                trouble,
            };
            lang::with(Lang::En, || u.explain().text)
        };
        assert_eq!(at(Trouble::Sealed), "OpenBao at https://bao:8200 is sealed");
        assert_eq!(
            at(Trouble::NotCaughtUp),
            "OpenBao at https://bao:8200 could not answer: it has not caught up with the last write yet"
        );
    }

    #[test]
    fn a_store_error_carries_its_fix_as_its_hint() {
        let e = StoreError::Unavailable {
            why: Why::Bao(Box::new(Unavailable::NoAddress)),
            hint: Remedy::Bao(Box::new(Fix::Unseal)),
        };
        let said = lang::with(Lang::En, || e.explain());
        assert_eq!(said.text, "no OpenBao address is configured");
        assert_eq!(
            said.hint.as_deref(),
            Some("Unseal it (bao operator unseal), then try again.")
        );
    }

    #[test]
    fn a_deleted_entry_is_restored_by_its_version() {
        let e = StoreError::Gone {
            name: "yd".into(),
            why: Deleted {
                version: 3,
                mount: "secret".into(),
                prefix: "chopvault/".into(),
            },
        };
        let said = lang::with(Lang::En, || e.explain());
        assert_eq!(said.text, "'yd' was deleted on the server (version 3)");
        assert_eq!(
            said.hint.as_deref(),
            Some("Restore it with: bao kv undelete -mount=secret -versions=3 chopvault/yd")
        );
    }
}
