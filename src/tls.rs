//! The TLS crypto provider for every HTTPS client (Yandex, OpenBao): rustls
//! with *ring*. Chosen over aws-lc-rs for a binary a third smaller and a
//! build without a large C library; no OpenSSL anywhere.

/// Installs the provider once per process; later calls do nothing.
pub fn init() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
