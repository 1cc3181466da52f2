//! Rendered list, report and overview pages, kept in memory for as long as nothing under them
//! has changed.
//!
//! Every write to the data these pages show moves one number on in the database, in the
//! writing transaction (`data_version`, migration 0018: triggers on both backends). Looking up
//! who is signed in, which every signed-in request does anyway, reads that number in the same
//! query. A page is then served from memory when this person asked for the same address, in
//! the same language, on the same day in China, at that same number: one query instead of the
//! page's dozen, and no rendering. So a page is never older than the request's own look at the
//! database, on one server or several (each keeps its own memory and asks the same database).
//!
//! The number is read before the page's data, so a page kept under a number is at least as new
//! as that number; a request that read an older number than the cache holds neither reads nor
//! keeps anything. Only pages that depend on nothing but the person, the address, the language,
//! the day and the data are kept ([`CACHED_PATHS`]; what turns late turns late by the day in
//! China, never by the hour), only plain `GET`s carrying no cookie but the session and the language
//! (a one-time flash cookie changes the page), and only answers `200` that set no cookie and
//! met no database failure (a home page renders around what it could not read). Each
//! response carries its own CSP nonce: the kept page remembers where the nonce stood and puts
//! the new one there. The memory is bounded ([`BUDGET`]); the least recently used go first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use app::server::auth::{LANG_COOKIE, SESSION_COOKIE, locale_from_headers};
use app::server::config::{CspNonce, DatabaseFailed};
use app::server::db::Db;
use app::server::db::accounts::SignedIn;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The pages kept: the lists, reports and overviews whose every figure comes from the data.
pub const CACHED_PATHS: [&str; 6] = [
    "/",
    "/overview",
    "/volunteers",
    "/hours",
    "/volunteer-reports",
    "/stations",
];

/// The most the cache holds: the pages' bytes and their keys.
pub const BUDGET: usize = 8 * 1024 * 1024;

/// The largest page kept (a larger one is rendered every time).
const LARGEST: usize = BUDGET / 16;

/// The cache and the database it checks against, shared by every request.
#[derive(Clone)]
pub struct PageCache {
    db: Db,
    kept: Arc<Mutex<Kept>>,
    on: bool,
}

/// One rendered page: its headers and its body cut where the nonce stood.
struct Page {
    headers: HeaderMap,
    pieces: Vec<Bytes>,
    bytes: usize,
    used: u64,
}

#[derive(Default)]
struct Kept {
    version: i64,
    pages: HashMap<String, Page>,
    bytes: usize,
    clock: u64,
}

impl Kept {
    /// Forgets every page kept at older versions once a request has seen a newer one.
    fn move_to(&mut self, version: i64) {
        if version > self.version {
            self.version = version;
            self.pages.clear();
            self.bytes = 0;
        }
    }

    fn get(&mut self, version: i64, key: &str) -> Option<(HeaderMap, Vec<Bytes>)> {
        self.move_to(version);
        if self.version != version {
            return None;
        }
        self.clock += 1;
        let now = self.clock;
        let page = self.pages.get_mut(key)?;
        page.used = now;
        Some((page.headers.clone(), page.pieces.clone()))
    }

    fn put(&mut self, version: i64, key: String, headers: HeaderMap, pieces: Vec<Bytes>) {
        self.move_to(version);
        if self.version != version {
            return;
        }
        let bytes = key.len() + pieces.iter().map(Bytes::len).sum::<usize>();
        if bytes > LARGEST {
            return;
        }
        self.clock += 1;
        let page = Page {
            headers,
            pieces,
            bytes,
            used: self.clock,
        };
        if let Some(old) = self.pages.insert(key, page) {
            self.bytes -= old.bytes;
        }
        self.bytes += bytes;
        while self.bytes > BUDGET {
            let Some(oldest) = self
                .pages
                .iter()
                .min_by_key(|(_, p)| p.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(old) = self.pages.remove(&oldest) {
                self.bytes -= old.bytes;
            }
        }
    }
}

impl PageCache {
    /// An empty cache checking against `db`; when not `on`, every page is rendered.
    pub fn new(db: Db, on: bool) -> Self {
        Self {
            db,
            kept: Arc::default(),
            on,
        }
    }

    /// How many pages are kept and their size in bytes.
    pub fn size(&self) -> (usize, usize) {
        self.kept
            .lock()
            .map_or((0, 0), |kept| (kept.pages.len(), kept.bytes))
    }
}

/// The page cache as an axum middleware in front of the pages.
pub async fn serve(State(cache): State<PageCache>, mut request: Request, next: Next) -> Response {
    if !cache.on || !eligible(&request) {
        return next.run(request).await;
    }
    let signed_in =
        match app::server::auth::signed_in_from_headers(&cache.db, request.headers()).await {
            Ok(Some(signed_in)) => signed_in,
            // Visitors are not kept; a failed lookup is the page's to report.
            Ok(None) | Err(_) => return next.run(request).await,
        };
    let version = signed_in.data_version;
    let key = key(&request, &signed_in);
    let nonce = request
        .extensions()
        .get::<CspNonce>()
        .map(|n| n.0.clone())
        .unwrap_or_default();
    // The pages use this lookup instead of asking again.
    request.extensions_mut().insert(signed_in);
    let failed = DatabaseFailed::default();
    request.extensions_mut().insert(failed.clone());
    let hit = cache
        .kept
        .lock()
        .ok()
        .and_then(|mut k| k.get(version, &key));
    if let Some((headers, pieces)) = hit {
        return assemble(headers, &pieces, &nonce);
    }
    let response = next.run(request).await;
    if response.status() != StatusCode::OK || response.headers().contains_key(header::SET_COOKIE) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(%error, "a page failed while it was rendered");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if failed.happened() {
        return Response::from_parts(parts, Body::from(body));
    }
    let pieces = cut_at(&body, &nonce);
    let mut headers = parts.headers.clone();
    headers.remove(header::CONTENT_LENGTH);
    if let Ok(mut kept) = cache.kept.lock() {
        kept.put(version, key, headers, pieces);
    }
    Response::from_parts(parts, Body::from(body))
}

/// A plain `GET` of a kept page, carrying no cookie but the session and the language.
fn eligible(request: &Request) -> bool {
    request.method() == Method::GET
        && CACHED_PATHS.contains(&request.uri().path())
        && request
            .headers()
            .get_all(header::COOKIE)
            .iter()
            .all(|value| {
                value.to_str().is_ok_and(|cookies| {
                    cookies.split(';').all(|pair| {
                        let name = pair.split_once('=').map_or(pair, |(k, _)| k).trim();
                        name == SESSION_COOKIE || name == LANG_COOKIE || name.is_empty()
                    })
                })
            })
}

/// What a kept page depends on: the person, the address with its query, the language, the host
/// it was asked of, and the day in China.
fn key(request: &Request, signed_in: &SignedIn) -> String {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default();
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{host}\u{1f}{}",
        signed_in.viewer.id,
        locale_from_headers(request.headers()).tag(),
        app::model::time::china_today(),
        request.uri(),
    )
}

/// `body` cut where `nonce` stands, so another nonce can be put there.
fn cut_at(body: &Bytes, nonce: &str) -> Vec<Bytes> {
    if nonce.is_empty() {
        return vec![body.clone()];
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for at in memchr::memmem::find_iter(body, nonce.as_bytes()) {
        pieces.push(body.slice(start..at));
        start = at + nonce.len();
    }
    pieces.push(body.slice(start..));
    pieces
}

/// A kept page with this response's nonce where the old one stood.
fn assemble(headers: HeaderMap, pieces: &[Bytes], nonce: &str) -> Response {
    let mut body = Vec::with_capacity(pieces.iter().map(Bytes::len).sum::<usize>() + 64);
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 {
            body.extend_from_slice(nonce.as_bytes());
        }
        body.extend_from_slice(piece);
    }
    let mut response = Response::new(Body::from(body));
    *response.headers_mut() = headers;
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(s: &str) -> Vec<Bytes> {
        vec![Bytes::from(s.to_owned())]
    }

    #[test]
    fn a_page_is_reused_only_at_the_version_it_was_read() {
        let mut kept = Kept::default();
        kept.put(3, "a".into(), HeaderMap::new(), pieces("one"));
        assert!(kept.get(3, "a").is_some());
        // An older request neither reads nor replaces what a newer one kept.
        assert!(kept.get(2, "a").is_none());
        kept.put(2, "a".into(), HeaderMap::new(), pieces("old"));
        assert_eq!(kept.get(3, "a").map(|p| p.1), Some(pieces("one")));
        // A write moved the version on: everything rendered before is gone.
        assert!(kept.get(4, "a").is_none());
        assert_eq!((kept.pages.len(), kept.bytes), (0, 0));
    }

    #[test]
    fn the_least_recently_used_go_first_when_the_budget_is_full() {
        let mut kept = Kept::default();
        let page = "x".repeat(LARGEST - 16);
        for i in 0..20 {
            kept.put(1, format!("k{i}"), HeaderMap::new(), pieces(&page));
            // k0 is read after every page kept, so it stays.
            assert!(kept.get(1, "k0").is_some());
        }
        assert!(kept.bytes <= BUDGET, "{}", kept.bytes);
        assert!(kept.pages.len() < 20);
        assert!(kept.get(1, "k0").is_some());
        assert!(kept.get(1, "k1").is_none());
    }

    #[test]
    fn a_page_larger_than_the_largest_kept_is_rendered_every_time() {
        let mut kept = Kept::default();
        kept.put(
            1,
            "big".into(),
            HeaderMap::new(),
            pieces(&"x".repeat(LARGEST)),
        );
        assert!(kept.get(1, "big").is_none());
    }

    #[test]
    fn the_nonce_of_each_response_takes_the_place_of_the_kept_one() {
        let body = Bytes::from_static(b"<script nonce=\"abc\">1</script><script nonce=\"abc\">");
        let cut = cut_at(&body, "abc");
        assert_eq!(cut.len(), 3);
        let response = assemble(HeaderMap::new(), &cut, "xyz");
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("runtime");
        let bytes = rt
            .block_on(axum::body::to_bytes(response.into_body(), usize::MAX))
            .expect("body");
        assert_eq!(
            &bytes[..],
            b"<script nonce=\"xyz\">1</script><script nonce=\"xyz\">"
        );
        assert_eq!(cut_at(&body, "").len(), 1);
    }

    #[test]
    fn only_plain_gets_of_kept_pages_with_the_sessions_cookies_are_eligible() {
        let request = |method: Method, uri: &str, cookie: &str| {
            Request::builder()
                .method(method)
                .uri(uri)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("request")
        };
        let ours = "shegong_session=t; shegong_lang=en";
        assert!(eligible(&request(Method::GET, "/hours?page=2", ours)));
        assert!(eligible(&request(Method::GET, "/", "shegong_session=t")));
        assert!(!eligible(&request(Method::POST, "/hours", ours)));
        assert!(!eligible(&request(Method::GET, "/checkin/3", ours)));
        assert!(!eligible(&request(Method::GET, "/volunteers/3", ours)));
        assert!(!eligible(&request(
            Method::GET,
            "/hours",
            "shegong_session=t; shegong_flash_code=123"
        )));
    }
}
