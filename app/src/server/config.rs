//! Settings the server functions need at request time, provided as Leptos context.

/// Request-time settings, read once at startup.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Mark cookies `Secure` (set when Shegong is served over HTTPS).
    pub secure_cookies: bool,
}
