//! Sessions and sign-in throttling, both in the database so several server instances share
//! them.

use chrono::{DateTime, Duration, Utc};

use super::Db;
use super::accounts::Actor;
use super::audit::NewAudit;
use crate::error::AppError;

/// Failed sign-ins an account may have within [`THROTTLE_WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
/// Failed sign-ins one address may have within the window (a shared village office network
/// needs some room).
pub const MAX_FAILURES_PER_ADDRESS: i64 = 30;
/// How far back failures count.
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;

impl Db {
    /// Starts a session for `user_id` (stored by the hash of its token), clears the account's
    /// failure count and audits the sign-in, in one transaction.
    pub async fn start_session(
        &self,
        session_id: &str,
        user_id: i64,
        account_key: &str,
        expires_at: DateTime<Utc>,
        ip: Option<&str>,
    ) -> Result<(), AppError> {
        let now = Utc::now();
        with_tx!(self, tx => {
            sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO sessions (id, user_id, created_at, expires_at, ip)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(session_id)
            .bind(user_id)
            .bind(now)
            .bind(expires_at)
            .bind(ip)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM login_failures WHERE account_key = $1")
                .bind(account_key)
                .execute(&mut *tx)
                .await?;
            audit!(&mut *tx, &NewAudit {
                actor_id: Some(user_id),
                action: "sign_in",
                target: Some(format!("account:{user_id}")),
                ip: ip.map(str::to_owned),
                ..NewAudit::default()
            });
        });
        Ok(())
    }

    /// Ends a session and audits the sign-out. Ending an unknown session is not an error.
    pub async fn end_session(&self, session_id: &str, actor: &Actor) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let ended = sqlx::query("DELETE FROM sessions WHERE id = $1")
                .bind(session_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if ended > 0 {
                audit!(&mut *tx, &NewAudit {
                    action: "sign_out",
                    target: actor.user_id.map(|id| format!("account:{id}")),
                    ..NewAudit::from(actor)
                });
            }
        });
        Ok(())
    }

    /// Recent failures for this account name and for this address: `(account, address)`.
    pub async fn recent_login_failures(
        &self,
        account_key: &str,
        ip: &str,
    ) -> Result<(i64, i64), AppError> {
        const SQL: &str = "SELECT
            (SELECT COUNT(*) FROM login_failures WHERE account_key = $1 AND at > $3),
            (SELECT COUNT(*) FROM login_failures WHERE ip = $2 AND at > $3)";
        let since = Utc::now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
        Ok(with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(account_key).bind(ip).bind(since).fetch_one(pool).await?
        }))
    }

    /// Records a failed sign-in for throttling and in the audit log.
    pub async fn record_login_failure(
        &self,
        account_key: &str,
        user_id: Option<i64>,
        ip: &str,
        reason: &'static str,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            sqlx::query("INSERT INTO login_failures (account_key, ip, at) VALUES ($1, $2, $3)")
                .bind(account_key)
                .bind(ip)
                .bind(Utc::now())
                .execute(&mut *tx)
                .await?;
            audit!(&mut *tx, &NewAudit {
                actor_id: user_id,
                action: "sign_in_failed",
                target: Some(account_key.to_owned()),
                detail: Some(reason.to_owned()),
                ip: Some(ip.to_owned()),
                ..NewAudit::default()
            });
        });
        Ok(())
    }
}
