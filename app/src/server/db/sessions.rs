//! Sessions and sign-in throttling, both in the database so several server instances share
//! them.

use chrono::{DateTime, Duration, Utc};

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use crate::error::AppError;
use crate::model::throttle::{AttemptCounts, WINDOW_MINUTES};

/// Counts one attempt on a throttle counter and returns the new count. A counter whose window
/// has ended was deleted first, in the same transaction, so this starts a new window.
const COUNT_ATTEMPT: &str = "
    INSERT INTO login_throttle (account_key, ip, window_start, failures) VALUES ($1, $2, $3, 1)
    ON CONFLICT (account_key, ip) DO UPDATE SET failures = login_throttle.failures + 1
    RETURNING failures";

impl Db {
    /// Starts a session for `user_id` (stored by the hash of its token), clears the account's
    /// failure count and audits the sign-in, in one transaction.
    pub async fn start_session(
        &self,
        session_id: &str,
        user_id: i64,
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
            // The attempt that succeeded was counted before its password was checked: take it
            // back, and clear this address's counter for this account.
            let key = crate::model::throttle::account_key(Some(user_id), "");
            let address = ip.unwrap_or_default();
            sqlx::query("DELETE FROM login_throttle WHERE account_key = $1 AND ip = $2")
                .bind(&key)
                .bind(address)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE login_throttle SET failures = failures - 1
                 WHERE failures > 0 AND ((account_key = $1 AND ip = '') OR (account_key = '' AND ip = $2))",
            )
            .bind(&key)
            .bind(address)
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

    /// Counts a sign-in attempt before its password is checked, atomically, on the three
    /// counters (this account from this address, this account, this address); expired windows
    /// are purged first, so old counters never pile up.
    pub async fn count_login_attempt(
        &self,
        account_key: &str,
        ip: &str,
    ) -> Result<AttemptCounts, AppError> {
        let now = Utc::now();
        let expired = now - Duration::minutes(WINDOW_MINUTES);
        Ok(with_tx!(self, tx => {
            sqlx::query("DELETE FROM login_throttle WHERE window_start <= $1")
                .bind(expired)
                .execute(&mut *tx)
                .await?;
            let mut counts = [0i64; 3];
            let keys = [(account_key, ip), (account_key, ""), ("", ip)];
            for (slot, (key, ip)) in counts.iter_mut().zip(keys) {
                *slot = sqlx::query_scalar(COUNT_ATTEMPT)
                    .bind(key)
                    .bind(ip)
                    .bind(now)
                    .fetch_one(&mut *tx)
                    .await?;
            }
            let [pair, account, address] = counts;
            AttemptCounts { pair, account, address }
        }))
    }

    /// Counts one try of a guessable code (a check-in code, an activation code) on its own
    /// counter `key` for the throttle window: how many tries it has now. Not counted against
    /// the address, so forty volunteers on one village network can all check in.
    pub async fn count_code_attempt(&self, key: &str) -> Result<i64, AppError> {
        let now = Utc::now();
        let expired = now - Duration::minutes(WINDOW_MINUTES);
        Ok(with_tx!(self, tx => {
            sqlx::query("DELETE FROM login_throttle WHERE window_start <= $1")
                .bind(expired)
                .execute(&mut *tx)
                .await?;
            let n: i64 = sqlx::query_scalar(COUNT_ATTEMPT)
                .bind(key)
                .bind("code")
                .bind(now)
                .fetch_one(&mut *tx)
                .await?;
            n
        }))
    }

    /// Audits a refused sign-in: the account when the typed text resolved to one, never the
    /// typed text itself (it could be anything, of any size).
    pub async fn record_login_failure(
        &self,
        user_id: Option<i64>,
        ip: &str,
        reason: &'static str,
    ) -> Result<(), AppError> {
        with_pool!(self, pool => {
            audit!(pool, &NewAudit {
                actor_id: user_id,
                action: "sign_in_failed",
                target: user_id.map(|id| format!("account:{id}")),
                detail: Some(reason.to_owned()),
                ip: Some(ip.to_owned()),
                ..NewAudit::default()
            });
        });
        Ok(())
    }

    /// True if sign-ins to this account are refused from some address, or slowed down.
    pub async fn login_locked(&self, user_id: i64) -> Result<bool, AppError> {
        const SQL: &str = "SELECT COUNT(*) FROM login_throttle
            WHERE account_key = $1 AND window_start > $2
              AND ((ip <> '' AND failures >= $3) OR (ip = '' AND failures >= $4))";
        let key = crate::model::throttle::account_key(Some(user_id), "");
        let since = Utc::now() - Duration::minutes(WINDOW_MINUTES);
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar(SQL)
                .bind(&key)
                .bind(since)
                .bind(crate::model::throttle::MAX_PER_ACCOUNT_AND_ADDRESS)
                .bind(crate::model::throttle::SOFT_PER_ACCOUNT)
                .fetch_one(pool)
                .await?
        });
        Ok(n > 0)
    }

    /// Clears every sign-in lock and slow-down on an account (an admin's action, audited).
    pub async fn clear_login_lock(&self, user_id: i64, actor: &Actor) -> Result<(), AppError> {
        let key = crate::model::throttle::account_key(Some(user_id), "");
        with_tx!(self, tx => {
            sqlx::query("DELETE FROM login_throttle WHERE account_key = $1")
                .bind(&key)
                .execute(&mut *tx)
                .await?;
            audit!(&mut *tx, &NewAudit {
                action: "sign_in_lock_cleared",
                target: Some(format!("account:{user_id}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }
}
