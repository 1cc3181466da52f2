//! The `shegong` binary: configuration, the database, layers and routes. Nothing else.

mod config;

use std::net::SocketAddr;
use std::process::ExitCode;

use app::server::config::AppConfig;
use app::server::db::Db;
use app::server::db::accounts::{Actor, NewAccount};
use app::server::db::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};
use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, header};
use axum::response::Response;
use axum::serve::ListenerExt;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list, handle_server_fns_with_context};
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::config::{Command, Config};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SHEGONG_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        .init();
    let command = match config::parse(std::env::args().skip(1)) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("{message}\n\n{}", config::HELP);
            return ExitCode::from(2);
        }
    };
    let result = match command {
        Command::Help => {
            print!("{}", config::HELP);
            Ok(())
        }
        Command::Serve(config) => serve(config).await,
        Command::AdminCreate {
            config,
            username,
            name,
            county,
        } => admin_create(&config, &username, &name, &county).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("shegong: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn open(config: &Config) -> Result<Db, String> {
    Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("{e} (SHEGONG_DATABASE_URL={})", config.database_url))
}

async fn serve(config: Config) -> Result<(), String> {
    let db = open(&config).await?;
    if config.demo {
        let hash = app::server::password::hash_now(DEMO_PASSWORD).map_err(|e| e.to_string())?;
        if db
            .load_demo(&hash)
            .await
            .map_err(|e| format!("loading demo data: {e}"))?
        {
            tracing::info!("demo data loaded");
        }
        println!("Demo accounts (password: {DEMO_PASSWORD}):");
        for account in &DEMO_ACCOUNTS {
            println!(
                "  {:<16} {}  {:?} @ {}",
                account.username,
                account.name,
                account.role,
                account.station.unwrap_or("衡南县")
            );
        }
    } else if !db.has_accounts().await.map_err(|e| e.to_string())? {
        tracing::warn!(
            "no accounts yet: create the first administrator with `shegong admin create`"
        );
    }

    let options = LeptosOptions::builder()
        .output_name("shegong")
        .site_root(config.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(config.addr)
        .build();
    let app_config = AppConfig {
        secure_cookies: config.secure_cookies,
    };
    let context = {
        let db = db.clone();
        move || {
            provide_context(db.clone());
            provide_context(app_config.clone());
        }
    };
    let routes = generate_route_list(app::routes::App);
    let server_fns = {
        let context = context.clone();
        move |req: Request<Body>| handle_server_fns_with_context(context.clone(), req)
    };
    let router = Router::new()
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
        .with_state(options);

    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {} (SHEGONG_ADDR): {e}", config.addr))?;
    // Leptos streams pages in several writes; with Nagle's algorithm on, each waits ~40 ms.
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::warn!(%err, "cannot set TCP_NODELAY");
        }
    });
    println!("Shegong is listening on http://{}", config.addr);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server error: {e}"))?;
    db.close().await;
    tracing::info!("stopped");
    Ok(())
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

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(%err, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::warn!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Creates the first administrator of a real install: a county-level admin. The password
/// comes from `SHEGONG_ADMIN_PASSWORD` or is read from standard input, never from arguments.
async fn admin_create(
    config: &Config,
    username: &str,
    name: &str,
    county: &str,
) -> Result<(), String> {
    use app::model::account::{Role, Username, display_name, new_password};

    let username = Username::parse(username).map_err(|e| format!("username: {}", e.code()))?;
    let name = display_name(name).map_err(|e| format!("name: {}", e.code()))?;
    let password = match std::env::var("SHEGONG_ADMIN_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprint!(
                "Password for {} (at least 8 characters): ",
                username.as_str()
            );
            let mut line = String::new();
            std::io::stdin()
                .read_line(&mut line)
                .map_err(|e| format!("reading password: {e}"))?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    new_password("password", &password, username.as_str())
        .map_err(|e| format!("password: {}", e.code()))?;
    let db = open(config).await?;
    let stations = db.stations().await.map_err(|e| e.to_string())?;
    let county_id = match stations.iter().find(|s| s.is_county()) {
        Some(station) => station.id,
        None => db
            .create_station(county, None)
            .await
            .map_err(|e| e.to_string())?,
    };
    let password_hash = app::server::password::hash_now(&password).map_err(|e| e.to_string())?;
    let account = NewAccount {
        username: username.clone(),
        display_name: name,
        mobile: None,
        password_hash,
        role: Role::Admin,
        station_id: county_id,
    };
    db.create_account(
        &account,
        &Actor {
            user_id: None,
            ip: Some("command line".into()),
        },
    )
    .await
    .map_err(|e| format!("cannot create the account: {}", e.code()))?;
    db.close().await;
    println!("Created administrator {}.", username.as_str());
    Ok(())
}
