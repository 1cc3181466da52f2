//! The HTTP edge: what every request passes through before any page, server function or CSV
//! route sees it, and what every response gets on the way out.
//!
//! - the client address, decided once (`X-Forwarded-For` only from trusted proxies);
//! - state-changing requests from another site are refused (`Origin`, else `Sec-Fetch-Site`);
//! - security headers, with a fresh nonce for the Content-Security-Policy of each response.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use app::server::config::{AddressRange, ClientAddr, CspNonce, client_address};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;

/// What the edge needs to know, read once at startup.
#[derive(Debug, Clone, Default)]
pub struct EdgeConfig {
    /// Proxies whose `X-Forwarded-For` (and `X-Forwarded-Host`) are believed.
    pub trusted_proxies: Vec<AddressRange>,
    /// The site's public origin (`https://shegong.example.cn`) when a proxy rewrites `Host`;
    /// otherwise requests are compared with their own `Host`.
    pub public_origin: Option<String>,
    /// Served over HTTPS: add HSTS.
    pub secure: bool,
}

/// The edge as an axum middleware.
pub async fn edge(
    State(config): State<Arc<EdgeConfig>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::V4(Ipv4Addr::LOCALHOST), |c| c.0.ip());
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let client = client_address(peer, &forwarded, &config.trusted_proxies);
    let peer_trusted = config.trusted_proxies.iter().any(|r| r.contains(peer));

    if !is_safe_method(request.method())
        && !same_origin(
            request.headers(),
            config.public_origin.as_deref(),
            peer_trusted,
        )
    {
        tracing::warn!(%client, path = %request.uri().path(), "cross-site request refused");
        return with_security_headers(cross_site_refusal(request.headers()), None, &config);
    }

    let nonce = new_nonce();
    request.extensions_mut().insert(ClientAddr(client));
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let response = next.run(request).await;
    with_security_headers(response, Some(&nonce), &config)
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// True if a state-changing request comes from this site. `Origin` decides when present
/// (`null` never matches); without it, `Sec-Fetch-Site` does; a request with neither (curl, old
/// browsers) is allowed, as those cannot be made to carry a victim's cookies by another site.
pub fn same_origin(headers: &HeaderMap, public_origin: Option<&str>, peer_trusted: bool) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN) {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let origin = origin.trim_end_matches('/').to_ascii_lowercase();
        if let Some(public) = public_origin {
            return origin == public.trim_end_matches('/').to_ascii_lowercase();
        }
        let Some((_, authority)) = origin.split_once("://") else {
            return false;
        };
        let host_header = if peer_trusted {
            headers
                .get("x-forwarded-host")
                .or_else(|| headers.get(header::HOST))
        } else {
            headers.get(header::HOST)
        };
        let host = host_header
            .and_then(|h| h.to_str().ok())
            .map(str::to_ascii_lowercase);
        return host.as_deref() == Some(authority);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => true,
    }
}

fn cross_site_refusal(headers: &HeaderMap) -> Response {
    let locale = app::server::auth::locale_from_headers(headers);
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        locale.t("error.cross_site"),
    )
        .into_response()
}

fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// The Content-Security-Policy: scripts only from this site or carrying this response's nonce
/// (Leptos's hydration script), WebAssembly allowed, no framing, forms only to this site.
pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

fn with_security_headers(
    mut response: Response,
    nonce: Option<&str>,
    config: &EdgeConfig,
) -> Response {
    let h = response.headers_mut();
    let csp = content_security_policy(nonce.unwrap_or("none"));
    if let Ok(value) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, value);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if config.secure {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn only_this_site_may_change_things() {
        let host = ("host", "127.0.0.1:3000");
        assert!(same_origin(
            &headers(&[host, ("origin", "http://127.0.0.1:3000")]),
            None,
            false
        ));
        for bad in [
            "http://evil.example",
            "null",
            "http://127.0.0.1:3001",
            "http://sub.127.0.0.1:3000",
        ] {
            let mut h = headers(&[host]);
            h.insert("origin", HeaderValue::from_static(bad));
            assert!(!same_origin(&h, None, false), "{bad}");
        }
        assert!(!same_origin(
            &headers(&[host, ("sec-fetch-site", "same-site")]),
            None,
            false
        ));
        assert!(!same_origin(
            &headers(&[host, ("sec-fetch-site", "cross-site")]),
            None,
            false
        ));
        assert!(same_origin(
            &headers(&[host, ("sec-fetch-site", "same-origin")]),
            None,
            false
        ));
        assert!(same_origin(&headers(&[host]), None, false), "curl");
        // Behind a proxy that rewrites Host, the configured public origin decides.
        let proxied = headers(&[
            ("host", "127.0.0.1:3000"),
            ("origin", "https://shegong.example.cn"),
        ]);
        assert!(same_origin(
            &proxied,
            Some("https://shegong.example.cn"),
            true
        ));
        assert!(!same_origin(&proxied, None, false));
        let forwarded = headers(&[
            ("host", "127.0.0.1:3000"),
            ("x-forwarded-host", "shegong.example.cn"),
            ("origin", "https://shegong.example.cn"),
        ]);
        assert!(same_origin(&forwarded, None, true));
        assert!(
            !same_origin(&forwarded, None, false),
            "X-Forwarded-Host only from a trusted proxy"
        );
    }

    #[test]
    fn scripts_need_the_nonce() {
        let csp = content_security_policy("abc");
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(
            !csp.split(';')
                .any(|d| d.contains("script-src") && d.contains("unsafe-inline"))
        );
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
