//! The `shegong` binary: configuration, the database, layers and routes. Nothing else.

use std::net::SocketAddr;
use std::process::ExitCode;

use app::model::station::StationKind;
use app::server::db::Db;
use app::server::db::accounts::NewAccount;
use app::server::db::audit::Actor;
use app::server::db::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};
use axum::serve::ListenerExt;

use clap::Parser;
use shegong::config::{AdminCommand, Cli, Command, Config};

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SHEGONG_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into()),
        )
        // Diagnostics on standard error; standard output carries what the commands print.
        .with_writer(std::io::stderr)
        .init();
    // clap prints its own message and exits with status 2 on a bad command line.
    let cli = Cli::parse();
    let config = cli.config;
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Admin(AdminCommand::Create {
            username,
            name,
            county,
            kind,
        }) => admin_create(&config, &username, &name, &county, kind).await,
        Command::Admin(AdminCommand::AddStation { parent, name }) => {
            add_station(&config, &parent, &name).await
        }
        Command::BenchData {
            cities,
            counties,
            stations,
            volunteers,
            records,
        } => {
            let spec = app::server::db::bench_data::BenchSpec {
                cities,
                counties,
                stations,
                volunteers,
                records,
                today: app::model::time::china_today(),
            };
            bench_data(&config, &spec).await
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("shegong: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Writes to standard output; a closed pipe (`shegong serve | head`) must not stop the server,
/// as `println!` would by panicking.
fn say(text: &str) {
    use std::io::Write as _;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

async fn open(config: &Config) -> Result<Db, String> {
    Db::connect(&config.database_url)
        .await
        .map_err(|e| format!("{e} (SHEGONG_DATABASE_URL={})", config.database_url))
}

async fn serve(config: Config) -> Result<(), String> {
    app::server::password::bound_hashes(usize::from(config.hash_slots));
    let db = open(&config).await?;
    db.ensure_default_framework()
        .await
        .map_err(|e| format!("loading the default framework: {e}"))?;
    if config.demo {
        let hash = app::server::password::hash_now(DEMO_PASSWORD).map_err(|e| e.to_string())?;
        if db
            .load_demo(&hash)
            .await
            .map_err(|e| format!("loading demo data: {e}"))?
        {
            tracing::info!("demo data loaded");
        }
        let mut list = format!("Demo accounts (password: {DEMO_PASSWORD}):\n");
        for account in &DEMO_ACCOUNTS {
            list.push_str(&format!(
                "  {:<16} {}  {:?} @ {}\n",
                account.username, account.name, account.role, account.station
            ));
        }
        say(&list);
    } else if !db.has_accounts().await.map_err(|e| e.to_string())? {
        tracing::warn!(
            "no accounts yet: create the first administrator with `shegong admin create`"
        );
    }

    tokio::spawn(close_missing_checkouts(db.clone()));
    let router = shegong::router(db.clone(), &config);
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| format!("cannot listen on {} (SHEGONG_ADDR): {e}", config.addr))?;
    // Leptos streams pages in several writes; with Nagle's algorithm on, each waits ~40 ms.
    let listener = listener.tap_io(|tcp| {
        if let Err(err) = tcp.set_nodelay(true) {
            tracing::warn!(%err, "cannot set TCP_NODELAY");
        }
    });
    say(&format!("Shegong is listening on http://{}\n", config.addr));
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

/// Every few minutes, closes the check-ins of activities that ended without a check-out (the
/// check-in screen does it too when opened). Idempotent, so several instances may all run it.
async fn close_missing_checkouts(db: app::server::db::Db) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        every.tick().await;
        let cap = match db.hour_rules().await {
            Ok(rules) => rules.cap_minutes,
            Err(err) => {
                tracing::warn!(?err, "reading the hour rules for closing check-ins");
                continue;
            }
        };
        match db.close_missing_checkouts(chrono::Utc::now(), cap).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(n, "closed check-ins without a check-out"),
            Err(err) => tracing::warn!(?err, "closing check-ins without a check-out"),
        }
    }
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
    kind: StationKind,
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
    let county_id = match stations.iter().find(|s| s.is_root()) {
        Some(station) => station.id,
        None => db
            .create_station(county, None, kind)
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
    say(&format!("Created administrator {}.\n", username.as_str()));
    Ok(())
}

/// `shegong admin add-station --parent … --name …`: a new node under an existing one.
async fn add_station(config: &Config, parent: &str, name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 60 {
        return Err("the name must have 1 to 60 characters".into());
    }
    let db = open(config).await?;
    let stations = db.stations().await.map_err(|e| e.to_string())?;
    let Some(parent) = stations.iter().find(|s| s.name == parent.trim()) else {
        return Err(format!("no station named {parent:?}"));
    };
    let id = db
        .create_station(name, Some(parent.id), StationKind::County)
        .await
        .map_err(|e| format!("cannot add the station: {}", e.code()))?;
    db.close().await;
    say(&format!(
        "Added {name} (id {id}, {}) under {}.\n",
        parent.kind.below().as_str(),
        parent.name
    ));
    Ok(())
}

/// `shegong bench-data`: grows the database for `make bench` and says how long it took.
async fn bench_data(
    config: &Config,
    spec: &app::server::db::bench_data::BenchSpec,
) -> Result<(), String> {
    let sizes_ok = spec.cities >= 1
        && spec.counties >= spec.cities
        && spec.stations >= spec.counties
        && spec.volunteers >= spec.stations
        && spec.records >= 0
        && spec.volunteers <= 99_999_999;
    if !sizes_ok {
        return Err(
            "sizes must grow down the tree (cities ≤ counties ≤ stations ≤ volunteers)".into(),
        );
    }
    let started = std::time::Instant::now();
    let db = open(config).await?;
    db.ensure_default_framework()
        .await
        .map_err(|e| format!("loading the default framework: {e}"))?;
    let hash = app::server::password::hash_now(DEMO_PASSWORD).map_err(|e| e.to_string())?;
    let grown = db
        .grow_bench_data(spec, &hash)
        .await
        .map_err(|e| format!("growing the bench data: {e}"))?;
    db.close().await;
    let mut out = format!(
        "Grown in {:.0} s: {} nodes, {} volunteers, {} hour records.\nAccounts (password {DEMO_PASSWORD}):\n",
        started.elapsed().as_secs_f64(),
        grown.stations,
        grown.volunteers,
        grown.records
    );
    for (username, role, node) in &grown.accounts {
        out.push_str(&format!("  {username:<14} {role:?} @ {node}\n"));
    }
    say(&out);
    Ok(())
}
