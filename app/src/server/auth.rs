//! Sessions as the server functions see them: the cookie, the signed-in person, the client
//! address.
//!
//! The browser holds a random 256-bit token in an HttpOnly, SameSite=Lax cookie; the database
//! holds only its SHA-256, so a copy of the database cannot be used to hijack sessions.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderValue, request::Parts};
use chrono::{Duration, Utc};
use leptos::prelude::use_context;
use rand::RngCore;
use sha2::{Digest, Sha256};

use super::config::AppConfig;
use super::db::Db;
use super::db::accounts::SignedIn;
use super::db::audit::Actor;
use crate::error::AppError;
use crate::model::permission::Viewer;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "shegong_session";
/// The language cookie's name.
pub const LANG_COOKIE: &str = "shegong_lang";
/// How long a session lasts (absolute): two weeks, so field workers are not signed out on
/// the road, while a lost phone's session still dies.
pub const SESSION_DAYS: i64 = 14;

/// The database, provided to every request as context.
pub fn db() -> Result<Db, AppError> {
    use_context::<Db>().ok_or_else(|| {
        tracing::error!("no database in context");
        AppError::Internal
    })
}

fn parts() -> Result<Parts, AppError> {
    use_context::<Parts>().ok_or_else(|| {
        tracing::error!("no request parts in context");
        AppError::Internal
    })
}

/// The value of cookie `name` in `headers`.
pub fn cookie_in(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|header| {
            header.split(';').find_map(|pair| {
                let (k, v) = pair.trim().split_once('=')?;
                (k == name).then(|| v.to_owned())
            })
        })
}

/// The language chosen by the cookie in `headers`, zh-CN otherwise.
pub fn locale_from_headers(headers: &axum::http::HeaderMap) -> crate::i18n::Locale {
    cookie_in(headers, LANG_COOKIE)
        .and_then(|tag| crate::i18n::Locale::from_tag(&tag))
        .unwrap_or_default()
}

/// The value of cookie `name` on the current request.
pub fn cookie(name: &str) -> Option<String> {
    cookie_in(&use_context::<Parts>()?.headers, name)
}

/// The client address as the HTTP edge decided it (see [`super::config::client_address`]):
/// the socket's peer, or what a trusted proxy forwarded.
pub fn client_ip() -> String {
    let Ok(parts) = parts() else {
        return "unknown".to_owned();
    };
    if let Some(addr) = parts.extensions.get::<super::config::ClientAddr>() {
        return addr.0.to_string();
    }
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

/// Hashes a session token for storage.
pub fn session_id(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The current session's stored id, if the request carries a session cookie.
pub fn current_session_id() -> Option<String> {
    cookie(SESSION_COOKIE)
        .filter(|t| !t.is_empty())
        .map(|t| session_id(&t))
}

/// The person whose session cookie `headers` carry, or `None` for a visitor: the one session
/// lookup behind server functions, pages and the plain HTTP routes.
pub async fn viewer_from_headers(
    db: &Db,
    headers: &axum::http::HeaderMap,
) -> Result<Option<Viewer>, AppError> {
    Ok(signed_in_from_headers(db, headers).await?.map(|s| s.viewer))
}

/// The signed-in person of `headers` with the data version the lookup saw.
pub async fn signed_in_from_headers(
    db: &Db,
    headers: &axum::http::HeaderMap,
) -> Result<Option<SignedIn>, AppError> {
    match cookie_in(headers, SESSION_COOKIE).filter(|t| !t.is_empty()) {
        Some(token) => db.signed_in(&session_id(&token)).await,
        None => Ok(None),
    }
}

/// The signed-in person of this request, looked up once: a page calls several server
/// functions while it renders, each asking who is signed in, and they run at the same time, so
/// the first asks the database and the others wait for its answer. Provided per request as
/// context; the request's cookie cannot change while it runs (sign-in and sign-out answer with
/// a redirect), so the first answer holds for the whole request.
#[derive(Clone, Default)]
pub struct ViewerCache(std::sync::Arc<tokio::sync::OnceCell<Option<Viewer>>>);

/// The signed-in person, or `None` for a visitor.
pub async fn maybe_viewer() -> Result<Option<Viewer>, AppError> {
    let lookup = || async {
        let parts = parts()?;
        // The page cache in front of the pages looked the session up already.
        if let Some(signed_in) = parts.extensions.get::<SignedIn>() {
            return Ok(Some(signed_in.viewer.clone()));
        }
        viewer_from_headers(&db()?, &parts.headers).await
    };
    match use_context::<ViewerCache>() {
        // A failed lookup is not kept: the next caller tries again.
        Some(cache) => cache.0.get_or_try_init(lookup).await.cloned(),
        None => lookup().await,
    }
}

/// The signed-in person, or `NotSignedIn`.
pub async fn viewer() -> Result<Viewer, AppError> {
    maybe_viewer().await?.ok_or(AppError::NotSignedIn)
}

/// The actor for audit entries: this person, from this address.
pub fn actor(viewer: Option<&Viewer>) -> Actor {
    Actor {
        user_id: viewer.map(|v| v.id),
        ip: Some(client_ip()),
    }
}

fn secure_flag() -> &'static str {
    if use_context::<AppConfig>().is_some_and(|c| c.secure_cookies) {
        "; Secure"
    } else {
        ""
    }
}

fn set_cookie(value: &str) {
    if let (Some(res), Ok(header)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        HeaderValue::from_str(value),
    ) {
        res.append_header(SET_COOKIE, header);
    }
}

/// Sets a one-minute cookie for `path` carrying `value` to the next page there (a one-time
/// code shown once, kept out of URLs and logs).
pub fn set_flash(name: &str, value: &str, path: &str) {
    set_cookie(&format!(
        "{name}={value}; Path={path}; HttpOnly; SameSite=Strict; Max-Age=60{}",
        secure_flag()
    ));
}

/// Reads a flash cookie and clears it (it is shown once).
pub fn take_flash(name: &str, path: &str) -> Option<String> {
    let value = cookie(name)?;
    set_cookie(&format!(
        "{name}=; Path={path}; HttpOnly; SameSite=Strict; Max-Age=0"
    ));
    Some(value)
}

/// The site's address as the browser sees it: the configured public origin, else the
/// request's `Host` (only a plausible host name or address is used; anything else falls back
/// to `localhost`), with `https` when cookies are marked secure.
pub fn site_origin() -> String {
    let config = use_context::<AppConfig>();
    if let Some(origin) = config.as_ref().and_then(|c| c.public_origin.clone()) {
        return origin;
    }
    let scheme = if config.is_some_and(|c| c.secure_cookies) {
        "https"
    } else {
        "http"
    };
    let host = parts()
        .ok()
        .and_then(|p| {
            p.headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_owned)
        })
        .filter(|h| crate::model::redirect::plausible_host(h))
        .unwrap_or_else(|| "localhost".to_owned());
    format!("{scheme}://{host}")
}

/// Creates a new session for `user_id` with a fresh token (so a session id planted before
/// sign-in is never reused) and sets the cookie.
pub async fn start_session(user_id: i64) -> Result<(), AppError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let expires = Utc::now() + Duration::days(SESSION_DAYS);
    db()?
        .start_session(&session_id(&token), user_id, expires, Some(&client_ip()))
        .await?;
    set_cookie(&format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={}{}",
        SESSION_DAYS * 24 * 3600,
        secure_flag()
    ));
    Ok(())
}

/// Ends the current session in the database and clears the cookie.
pub async fn end_session(viewer: Option<&Viewer>) -> Result<(), AppError> {
    if let Some(id) = current_session_id() {
        db()?.end_session(&id, &actor(viewer)).await?;
    }
    set_cookie(&format!(
        "{SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{}",
        secure_flag()
    ));
    Ok(())
}

/// Remembers the chosen language for a year.
pub fn set_language_cookie(lang: &str) {
    set_cookie(&format!(
        "{LANG_COOKIE}={lang}; Path=/; SameSite=Lax; Max-Age={}{}",
        365 * 24 * 3600,
        secure_flag()
    ));
}
