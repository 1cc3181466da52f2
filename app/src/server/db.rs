//! The data layer: one `Db`, either a SQLite or a PostgreSQL pool, with methods named after
//! what the domain does. No SQL lives outside this module.
//!
//! Most SQL is written once and runs on both backends (`$1` placeholders, `RETURNING`, partial
//! indexes all work in both); the `with_pool!` and `with_tx!` macros expand the same code for
//! whichever pool is active, so each backend gets its own fully typed query.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};

/// Runs `$body` with `$pool` bound to the active pool (`&SqlitePool` or `&PgPool`).
macro_rules! with_pool {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite($pool) => $body,
            $crate::server::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs `$body` inside a transaction bound to `$tx` and commits it; an early return through
/// `?` drops the transaction, which rolls it back. SQLite transactions take the write lock at
/// the start (`BEGIN IMMEDIATE`) so two writers queue on the busy timeout instead of failing.
macro_rules! with_tx {
    ($db:expr, $tx:ident => $body:expr) => {
        match $db {
            $crate::server::db::Db::Sqlite(pool) => {
                let mut $tx = pool.begin_with("BEGIN IMMEDIATE").await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
            $crate::server::db::Db::Postgres(pool) => {
                let mut $tx = pool.begin().await?;
                let out = $body;
                $tx.commit().await?;
                out
            }
        }
    };
}

/// Appends one audit entry through `$conn` (a pool or `&mut *tx`).
macro_rules! audit {
    ($conn:expr, $entry:expr) => {{
        let entry: &$crate::server::db::audit::NewAudit = $entry;
        sqlx::query(
            "INSERT INTO audit_log (at, actor_id, station_id, action, target, detail, ip)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(chrono::Utc::now())
        .bind(entry.actor_id)
        .bind(entry.station_id)
        .bind(entry.action)
        .bind(entry.target.as_deref())
        .bind(entry.detail.as_deref())
        .bind(entry.ip.as_deref())
        .execute($conn)
        .await?;
    }};
}

pub mod accounts;
pub mod audit;
pub mod bench_data;
pub mod certificates;
pub mod checkin;
pub mod competency;
pub mod default_framework;
pub mod demo;
mod demo_volunteers;
pub mod education;
pub mod framework;
pub mod hours;
pub mod mentorship;
pub mod name_grams;
pub mod national;
pub mod node_days;
pub mod node_totals;
mod offline;
pub mod overview;
pub mod portfolio;
mod projects;
mod query;
pub mod sessions;
mod settings;
pub mod stations;
#[cfg(test)]
mod tests;
pub mod volunteers;

/// The database, whichever backend the configuration chose.
#[derive(Clone, Debug)]
pub enum Db {
    /// The embedded default: one file, one server instance.
    Sqlite(SqlitePool),
    /// For deployments that run several server instances.
    Postgres(PgPool),
}

/// Why the database could not be opened at startup.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The URL names neither SQLite nor PostgreSQL.
    #[error("unsupported database URL (expected sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    /// The database could not be opened or reached.
    #[error("cannot open the database: {0}")]
    Open(#[from] sqlx::Error),
    /// A migration failed.
    #[error("cannot apply migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The folder for the SQLite file could not be created.
    #[error("cannot create the folder for the database file: {0}")]
    Folder(#[from] std::io::Error),
}

impl Db {
    /// Opens the database named by `url` and applies pending migrations.
    ///
    /// SQLite runs in WAL mode with foreign keys on and a busy timeout, so readers never block
    /// the writer and concurrent writers wait rather than fail.
    pub async fn connect(url: &str) -> Result<Db, ConnectError> {
        let db = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Each connection keeps its own page cache and prepared statements: 1 MiB of
                // pages (SQLite's default is 2) and 64 statements (sqlx keeps 100) took 6 MB
                // off the server's peak at province scale, with no measured change in speed.
                .pragma("cache_size", "-1024")
                .statement_cache_capacity(64);
            if let Some(parent) = options.get_filename().parent()
                && !parent.as_os_str().is_empty()
            {
                std::fs::create_dir_all(parent)?;
            }
            // Readers beyond two per core only queue for the CPU, each with its own page
            // cache and worker thread.
            let readers = std::thread::available_parallelism().map_or(4, |n| n.get() * 2);
            let pool = SqlitePoolOptions::new()
                .max_connections(u32::try_from(readers.clamp(2, 8)).unwrap_or(8))
                // No await between taking a connection and handing it over: Leptos drops the
                // futures of a page's first render pass, and sqlx closes a connection whose
                // acquire was cancelled after a ping, so each page opened new ones (~5 ms).
                .test_before_acquire(false)
                .connect_with(options)
                .await?;
            sqlx::migrate!("../migrations/sqlite").run(&pool).await?;
            // The planner picks a list's index by the tables' statistics, which SQLite only
            // gathers when asked: refresh them (sampled, so a large file opens in moments).
            sqlx::raw_sql("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
                .execute(&pool)
                .await?;
            Db::Sqlite(pool)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            // Plans are made for each query's own values: a plan cached for "any limit" and
            // "any subtree" joins five million records to show fifty (measured: 100 s). JIT
            // compiling costs more than these short queries take.
            let options = PgConnectOptions::from_str(url)?
                .options([("plan_cache_mode", "force_custom_plan"), ("jit", "off")]);
            let pool = PgPoolOptions::new()
                .max_connections(16)
                // As for SQLite; a connection is still checked when it goes back to the pool.
                .test_before_acquire(false)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await?;
            sqlx::migrate!("../migrations/postgres").run(&pool).await?;
            Db::Postgres(pool)
        } else {
            return Err(ConnectError::UnsupportedUrl(url.to_owned()));
        };
        Ok(db)
    }

    /// Which backend this is, for logs and test names.
    pub fn backend(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    /// Closes the pool (graceful shutdown; SQLite checkpoints its WAL on close).
    pub async fn close(&self) {
        with_pool!(self, pool => pool.close().await);
    }
}

/// Maps a unique-constraint violation to `Conflict(code)`; anything else is logged as internal.
pub(crate) fn conflict_or_internal(err: sqlx::Error, code: &str) -> crate::error::AppError {
    match &err {
        sqlx::Error::Database(db_err) if db_err.is_unique_violation() => {
            crate::error::AppError::Conflict(code.to_owned())
        }
        _ => err.into(),
    }
}
