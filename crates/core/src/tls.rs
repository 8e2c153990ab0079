//! The TLS crypto provider for every HTTPS client (Yandex, OpenBao): rustls
//! with *ring*. Chosen over aws-lc-rs for a binary a third smaller and a
//! build without a large C library; no OpenSSL anywhere.

/// Installs the provider once per process; later calls do nothing.
pub fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// True when the server refused the connection for want of a client
/// certificate (mTLS): rustls reports the server's alert.
pub fn is_client_certificate_error(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        let text = err.to_string().to_ascii_lowercase();
        if text.contains("certificaterequired") || text.contains("certificate required") {
            return true;
        }
        source = err.source();
    }
    false
}

/// True when a request failed on the server's certificate (unknown CA,
/// wrong name, expired), which reqwest reports as a connection error.
pub fn is_certificate_error(e: &reqwest::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.to_string().to_ascii_lowercase().contains("certificate") {
            return true;
        }
        source = err.source();
    }
    false
}
