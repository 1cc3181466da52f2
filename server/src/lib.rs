//! The web application as a router, so the binary and the HTTP tests build the same thing.

pub mod config;
pub mod volunteer_csv;

use app::server::config::AppConfig;
use app::server::db::Db;
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use axum::response::Response;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::Config;

/// Pages, server functions and static files, with compression, tracing and the database and
/// settings provided to every request.
pub fn router(db: Db, config: &Config) -> Router {
    let options = LeptosOptions::builder()
        .output_name("shegong")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let app_config = AppConfig {
        secure_cookies: config.secure_cookies,
    };
    let csv_state = volunteer_csv::CsvState { db: db.clone() };
    let csv_routes = Router::new()
        .route(
            "/volunteers/export.csv",
            axum::routing::get(volunteer_csv::export_roster),
        )
        .route(
            "/hours/export.csv",
            axum::routing::get(volunteer_csv::export_hours),
        )
        .route(
            "/volunteers/template-volunteers.csv",
            axum::routing::get(volunteer_csv::volunteer_template),
        )
        .route(
            "/volunteers/template-hours.csv",
            axum::routing::get(volunteer_csv::hours_template),
        )
        .route(
            "/volunteers/import",
            axum::routing::post(volunteer_csv::import),
        )
        .with_state(csv_state);
    let context = move || {
        provide_context(db.clone());
        provide_context(app_config.clone());
    };
    let routes = generate_route_list(app::routes::App);
    let server_fns = {
        let context = context.clone();
        move |req: Request<Body>| handle_server_fns_with_context(context.clone(), req)
    };
    Router::new()
        .route(
            "/api/{*fn_name}",
            axum::routing::post(server_fns.clone()).get(server_fns),
        )
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || app::shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context(
            context,
            app::shell,
        ))
        .layer(axum::middleware::map_response(no_store_for_pages))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(options)
        .merge(csv_routes)
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
