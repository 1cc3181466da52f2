//! The web application as a router, so the binary and the HTTP tests build the same thing.

pub mod config;
pub mod edge;
pub mod page_cache;
pub mod pdf;
pub mod static_files;
pub mod volunteer_csv;

use std::sync::Arc;

use app::server::config::{AppConfig, ClientAddr, CspNonce};
use app::server::db::Db;
use app::server::form::RejectionSlot;
use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, Request, header};
use axum::response::{IntoResponse, Response};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower::ServiceExt;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::edge::EdgeConfig;

/// The plain HTTP routes besides pages and server functions (downloads and the upload); the
/// authorization test checks each has a matrix entry.
pub const PLAIN_ROUTES: [&str; 16] = [
    "/overview/export.csv",
    "/volunteers/export.csv",
    "/hours/export.csv",
    "/volunteers/national.csv",
    "/volunteers/template-volunteers.csv",
    "/volunteers/template-hours.csv",
    "/volunteers/import",
    "/volunteers/export.xlsx",
    "/hours/export.xlsx",
    "/volunteers/national.xlsx",
    "/volunteers/template-volunteers.xlsx",
    "/volunteers/template-hours.xlsx",
    "/volunteer-reports/export.xlsx",
    "/volunteer-reports/register.xlsx",
    "/growth/portfolio.pdf",
    "/certificate.pdf",
];

/// The largest CSV upload accepted.
pub const MAX_UPLOAD_BYTES: usize = volunteer_csv::MAX_UPLOAD_MB * 1024 * 1024;

/// Pages, server functions and static files, with compression, tracing and the database and
/// settings provided to every request, all behind the HTTP edge (client address, cross-site
/// refusal, security headers).
pub fn router(db: Db, config: &Config) -> Router {
    let version = static_files::site_version(&config.site_root);
    let options = LeptosOptions::builder()
        .output_name("shegong")
        .site_root(config.site_root.as_str())
        .site_pkg_dir(static_files::pkg_dir(version.as_deref()))
        .site_addr(config.addr)
        .build();
    let app_config = AppConfig {
        secure_cookies: config.secure_cookies,
        inline_style: static_files::inline_stylesheet(&config.site_root),
        public_origin: config.public_origin.clone(),
    };
    let edge_config = Arc::new(EdgeConfig {
        trusted_proxies: config.trusted_proxies.clone(),
        public_origin: config.public_origin.clone(),
        secure: config.secure_cookies,
    });
    let csv_db = db.clone();
    let page_cache = page_cache::PageCache::new(db.clone(), config.page_cache);
    let pdf_db = db.clone();
    let context = move || {
        provide_context(db.clone());
        provide_context(app_config.clone());
        provide_context(app::server::auth::ViewerCache::default());
    };
    let routes = generate_route_list(app::routes::App);
    let pages: Router = Router::new()
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context.clone(),
            app::shell,
        ))
        .with_state(options);
    let csv_state = volunteer_csv::CsvState {
        db: csv_db,
        pages: pages.clone(),
    };
    let [
        overview_csv,
        roster_csv,
        hours_csv,
        national_csv,
        volunteer_template,
        hours_template,
        import,
        roster_xlsx,
        hours_xlsx,
        national_xlsx,
        volunteer_template_xlsx,
        hours_template_xlsx,
        totals_xlsx,
        register_xlsx,
        portfolio_pdf,
        certificate_pdf,
    ] = PLAIN_ROUTES;
    let pdf_routes = Router::new()
        .route(portfolio_pdf, axum::routing::get(pdf::portfolio))
        .route(certificate_pdf, axum::routing::get(pdf::certificate))
        .with_state(pdf_db);
    let csv_routes = Router::new()
        .route(
            overview_csv,
            axum::routing::get(volunteer_csv::export_overview),
        )
        .route(roster_csv, axum::routing::get(volunteer_csv::export_roster))
        .route(hours_csv, axum::routing::get(volunteer_csv::export_hours))
        // The same handlers answer `.xlsx` paths with a workbook.
        .route(
            roster_xlsx,
            axum::routing::get(volunteer_csv::export_roster),
        )
        .route(hours_xlsx, axum::routing::get(volunteer_csv::export_hours))
        .route(
            national_xlsx,
            axum::routing::get(volunteer_csv::export_national),
        )
        .route(
            volunteer_template_xlsx,
            axum::routing::get(volunteer_csv::volunteer_template_xlsx),
        )
        .route(
            hours_template_xlsx,
            axum::routing::get(volunteer_csv::hours_template_xlsx),
        )
        .route(
            totals_xlsx,
            axum::routing::get(volunteer_csv::export_totals),
        )
        .route(
            register_xlsx,
            axum::routing::get(volunteer_csv::export_register),
        )
        .route(
            national_csv,
            axum::routing::get(volunteer_csv::export_national),
        )
        .route(
            volunteer_template,
            axum::routing::get(volunteer_csv::volunteer_template),
        )
        .route(
            hours_template,
            axum::routing::get(volunteer_csv::hours_template),
        )
        .route(
            import,
            axum::routing::post(volunteer_csv::import)
                // Room for the multipart framing around the largest file accepted; a larger
                // body is cut off and reported as too large.
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BYTES + 64 * 1024))
                // The import page itself (GET) shares the path.
                .fallback_service(pages.clone()),
        )
        .with_state(csv_state);
    let server_fns = {
        let pages = pages.clone();
        move |req: Request<Body>| server_fn(req, pages.clone(), context.clone())
    };
    // Leptos registers every server function on the page router too; requests for them must
    // reach `server_fn` (which renders refused forms again), so the page router only gets
    // what nothing here matched.
    Router::new()
        .route(
            "/api/{*fn_name}",
            axum::routing::post(server_fns.clone()).get(server_fns),
        )
        .merge(csv_routes)
        .merge(pdf_routes)
        .nest("/pkg", static_files::routes(&config.site_root, version))
        .merge(static_files::service_worker(&config.site_root))
        .fallback_service(pages.layer(axum::middleware::from_fn_with_state(
            page_cache,
            page_cache::serve,
        )))
        .layer(axum::middleware::map_response(no_store_for_pages))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn_with_state(
            edge_config,
            edge::edge,
        ))
        .layer(axum::middleware::from_fn(run_to_completion))
        .layer(TraceLayer::new_for_http())
}

/// Runs each request to its end even when the browser goes away first (a closed tab, a page
/// left mid-post, a phone losing signal). Dropped halfway, a request could stop between the
/// statements of a transaction, or while SQLite's write transaction is being opened, and leave
/// a pooled connection holding the write lock: every other writer would then wait out the busy
/// timeout and fail.
async fn run_to_completion(req: Request<Body>, next: axum::middleware::Next) -> Response {
    match tokio::spawn(next.run(req)).await {
        Ok(response) => response,
        Err(err) => {
            tracing::error!(%err, "request task failed");
            axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Runs a server function. A form post it refused is answered with the form's page rendered
/// again (error and typed input in the page, never in a URL) and the error's status; any other
/// expected error gets its own status (401/403/404/409/422/429) instead of a bare 500.
async fn server_fn(
    req: Request<Body>,
    pages: Router,
    context: impl Fn() + Clone + Send + 'static,
) -> Response {
    let slot = RejectionSlot::default();
    let headers = req.headers().clone();
    let client = req.extensions().get::<ClientAddr>().copied();
    let nonce = req.extensions().get::<CspNonce>().cloned();
    let response = {
        let slot = slot.clone();
        let context = move || {
            context();
            provide_context(slot.clone());
        };
        handle_server_fns_with_context(context, req)
            .await
            .into_response()
    };
    let Some(rejection) = slot.take() else {
        return with_error_status(response).await;
    };
    let status = rejection.error.status();
    let code = rejection.error.code();
    let uri = rejection
        .back
        .parse()
        .unwrap_or_else(|_| axum::http::Uri::from_static("/"));
    render_page(pages, &headers, uri, status, &code, move |extensions| {
        if let Some(client) = client {
            extensions.insert(client);
        }
        if let Some(nonce) = nonce {
            extensions.insert(nonce);
        }
        extensions.insert(rejection);
    })
    .await
}

/// Answers a refused post with a page rendered again (`GET uri` with the post's cookies and
/// language), carrying what `attach` puts in the request for the page to read (a form's
/// rejection, an import's problems), with the refusal's `status` and its stable `code` in
/// `x-shegong-error` (never input), for scripts and tests.
pub(crate) async fn render_page(
    pages: Router,
    headers: &axum::http::HeaderMap,
    uri: axum::http::Uri,
    status: axum::http::StatusCode,
    code: &str,
    attach: impl FnOnce(&mut axum::http::Extensions),
) -> Response {
    let mut get = Request::new(Body::empty());
    *get.method_mut() = Method::GET;
    *get.headers_mut() = headers.clone();
    get.headers_mut().remove(header::CONTENT_TYPE);
    get.headers_mut().remove(header::CONTENT_LENGTH);
    *get.uri_mut() = uri;
    attach(get.extensions_mut());
    match pages.oneshot(get).await {
        Ok(mut page) => {
            // The post's own status, whatever the page it renders would answer by itself.
            if !page.status().is_redirection() {
                *page.status_mut() = status;
            }
            if let Ok(value) = HeaderValue::from_str(code) {
                page.headers_mut().insert("x-shegong-error", value);
            }
            page
        }
        Err(never) => match never {},
    }
}

/// A server function's error answer, with the status its [`app::error::AppError`] calls for.
async fn with_error_status(response: Response) -> Response {
    if response.status() != axum::http::StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (parts.status, parts.headers, "").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<app::error::AppError>(&bytes) {
        parts.status = error.status();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Pages show personal data and depend on the session: never keep them in a cache, so the
/// back button after signing out asks the server again instead of showing the old page.
async fn no_store_for_pages(mut response: Response) -> Response {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}
