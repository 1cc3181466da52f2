//! The built CSS, JS and WASM under `/pkg`. The build writes a content hash of them to
//! `pkg/VERSION`; pages then name the files `/pkg/<hash>/…`, which never change and are kept by
//! the phone for a year, so a repeat visit downloads nothing but the page. The build also
//! compresses each file once (brotli and gzip) and they are sent as they are, not compressed
//! again on every request. Unversioned `/pkg/<file>` still works, revalidated each time.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// How long a versioned file may be kept: a year, and it never changes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Longest version accepted from the file (a hex hash).
const MAX_VERSION: usize = 64;

/// The version of the built files in `site_root` (the hash the build wrote), if any.
pub fn site_version(site_root: &str) -> Option<String> {
    let text = std::fs::read_to_string(Path::new(site_root).join("pkg").join("VERSION")).ok()?;
    let version = text.trim();
    (!version.is_empty()
        && version.len() <= MAX_VERSION
        && version.bytes().all(|b| b.is_ascii_alphanumeric()))
    .then(|| version.to_owned())
}

/// Largest stylesheet written into pages; a bigger one is linked instead.
const MAX_INLINE_STYLE: usize = 64 * 1024;

/// The built stylesheet, to write into every page (`lib::shell`), if the build made one that
/// is small and cannot end its `<style>` element early.
pub fn inline_stylesheet(site_root: &str) -> Option<std::sync::Arc<str>> {
    let css = std::fs::read_to_string(Path::new(site_root).join("pkg").join("shegong.css")).ok()?;
    (css.len() <= MAX_INLINE_STYLE && !css.contains('<')).then(|| css.into())
}

/// The directory Leptos names in pages: `pkg/<version>` when the build wrote one.
pub fn pkg_dir(version: Option<&str>) -> String {
    version.map_or_else(|| "pkg".to_owned(), |v| format!("pkg/{v}"))
}

struct Pkg {
    version: Option<String>,
    files: ServeDir,
}

/// The `/pkg` routes (to nest at `/pkg`).
pub fn routes(site_root: &str, version: Option<String>) -> Router {
    let files = ServeDir::new(Path::new(site_root).join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .fallback(serve)
        .with_state(Arc::new(Pkg { version, files }))
}

async fn serve(State(pkg): State<Arc<Pkg>>, mut request: Request<Body>) -> Response {
    let path = request.uri().path().to_owned();
    let versioned = pkg.version.as_deref().and_then(|v| {
        path.strip_prefix('/')
            .and_then(|p| p.split_once('/'))
            .filter(|(first, _)| *first == v)
            .map(|(_, rest)| format!("/{rest}"))
    });
    let immutable = versioned.is_some();
    let Ok(uri) = versioned.unwrap_or(path).parse::<Uri>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    *request.uri_mut() = uri;
    let Ok(response) = pkg.files.clone().oneshot(request).await;
    cached(
        response.into_response(),
        if immutable { IMMUTABLE } else { "no-cache" },
    )
}

/// `response` with `Cache-Control: cache` when it is the file (errors say nothing of caching).
fn cached(mut response: Response, cache: &'static str) -> Response {
    if response.status().is_success() {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response
}

/// `/sw.js`: the service worker, which is the built `pkg/offline.js` itself (one file for the
/// page's outbox and the worker). Served from the site root so it may control every page, and
/// revalidated on every visit so a new build reaches phones at once.
pub fn service_worker(site_root: &str) -> Router {
    let file = ServeFile::new(Path::new(site_root).join("pkg").join("offline.js"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new().route(
        "/sw.js",
        axum::routing::get(move |request: Request<Body>| {
            let file = file.clone();
            async move {
                let Ok(response) = file.oneshot(request).await;
                cached(response.into_response(), "no-cache")
            }
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_short_plain_hashes() {
        let dir = std::env::temp_dir().join(format!("shegong-pkg-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("pkg")).expect("dir");
        let root = dir.to_str().expect("utf-8");
        assert_eq!(site_version(root), None);
        std::fs::write(dir.join("pkg/VERSION"), "3f9a1c2b7d4e\n").expect("write");
        assert_eq!(site_version(root).as_deref(), Some("3f9a1c2b7d4e"));
        assert_eq!(pkg_dir(Some("3f9a1c2b7d4e")), "pkg/3f9a1c2b7d4e");
        std::fs::write(dir.join("pkg/VERSION"), "../etc").expect("write");
        assert_eq!(site_version(root), None, "only letters and digits");
        assert_eq!(pkg_dir(None), "pkg");
        let _ = std::fs::remove_dir_all(dir);
    }
}
