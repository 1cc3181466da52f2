//! Shegong (社工站成长台账): the app shared by server and browser. Modules only; no logic.

pub mod api;
pub mod components;
pub mod error;
pub mod i18n;
pub mod model;
pub mod pages;
pub mod routes;
#[cfg(feature = "ssr")]
pub mod server;

use leptos::prelude::*;
use leptos_meta::MetaTags;

use crate::components::layout::island_loader::IslandLoader;
use crate::i18n::Locale;

/// The HTML document around every page. Islands mode: only `#[island]` components hydrate,
/// so a page's WASM is small and every page works before it arrives.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = request_locale();
    provide_context(locale);
    // The scripts Leptos writes carry the nonce the HTTP edge put into this response's
    // Content-Security-Policy.
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<server::config::CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
    // Only pages with an island hydrate; the rest need no script at all.
    #[cfg(feature = "ssr")]
    let islands = use_context::<axum::http::request::Parts>()
        .is_none_or(|parts| routes::page_has_islands(parts.uri.path()));
    #[cfg(not(feature = "ssr"))]
    let islands = true;
    // The stylesheet (13 KB, 2.7 KB brotli) goes inside the page: on a village network one
    // round trip less before anything shows weighs more than caching it.
    #[cfg(feature = "ssr")]
    let inline_style = use_context::<server::config::AppConfig>().and_then(|c| c.inline_style);
    #[cfg(not(feature = "ssr"))]
    let inline_style: Option<std::sync::Arc<str>> = None;
    let stylesheet = format!("/{}/shegong.css", options.site_pkg_dir);
    let style = match inline_style {
        Some(css) => view! { <style inner_html=css.to_string()></style> }.into_any(),
        None => view! { <link rel="stylesheet" href=stylesheet/> }.into_any(),
    };
    // The outbox names the offline script by the same versioned directory.
    provide_context(options.clone());
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                {style}
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <link rel="manifest" href="/manifest.webmanifest"/>
                <link rel="apple-touch-icon" href="/icon-192.png"/>
                <meta name="theme-color" content="#0b6e4f"/>
                {islands.then(|| view! { <IslandLoader options/> })}
                <MetaTags/>
            </head>
            <body>
                <routes::App/>
            </body>
        </html>
    }
}

/// The language chosen by the cookie, zh-CN otherwise.
fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        server::auth::cookie(server::auth::LANG_COOKIE)
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        Locale::default()
    }
}
