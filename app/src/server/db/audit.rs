//! The append-only audit log: who did what, when, to what, from where.

use chrono::{DateTime, Utc};
use sqlx::FromRow;

use super::Db;
use super::query::under;
use crate::error::AppError;
use crate::model::audit::{AuditEntry, AuditPage};

/// An entry about to be written. Written in the same transaction as the change it records.
#[derive(Debug, Clone, Default)]
pub struct NewAudit {
    /// Who did it (`None` for a failed sign-in by an unknown name).
    pub actor_id: Option<i64>,
    /// The station the action concerns, which scopes who may read the entry.
    pub station_id: Option<i64>,
    /// Stable action name, e.g. `sign_in`.
    pub action: &'static str,
    /// What it was done to, e.g. `account:12`.
    pub target: Option<String>,
    /// Plain-words detail; never a password or a full ID number.
    pub detail: Option<String>,
    /// The client address.
    pub ip: Option<String>,
}

/// Who is making a change and from where, for the audit log.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    /// The signed-in account, `None` for the command line or an anonymous visitor.
    pub user_id: Option<i64>,
    /// The client address.
    pub ip: Option<String>,
}

/// An entry by `actor` (who, from where); callers set the action and what it concerns.
impl From<&Actor> for NewAudit {
    fn from(actor: &Actor) -> Self {
        Self {
            actor_id: actor.user_id,
            ip: actor.ip.clone(),
            ..Self::default()
        }
    }
}

#[derive(FromRow)]
struct AuditRow {
    id: i64,
    at: DateTime<Utc>,
    actor: Option<String>,
    action: String,
    target: Option<String>,
    detail: Option<String>,
    ip: Option<String>,
}

/// Entries per page of the audit log.
pub const AUDIT_PAGE_SIZE: i64 = 50;

impl Db {
    /// One page of the audit log, newest first, older than `before` when given.
    ///
    /// `scope_admin` limits the page to entries about the subtrees that account administers
    /// (and the account's own actions); `None` shows everything (admins at the root).
    pub async fn audit_page(
        &self,
        scope_admin: Option<i64>,
        before: Option<i64>,
    ) -> Result<AuditPage, AppError> {
        const SQL: &str = concat!(
            "
            SELECT a.id, a.at, u.display_name AS actor, a.action, a.target, a.detail, a.ip
            FROM audit_log a
            LEFT JOIN users u ON u.id = a.actor_id
            WHERE ($1 IS NULL OR a.id < $1)
              AND ($2 IS NULL
                   OR a.actor_id = $2
                   OR a.station_id IN (SELECT st.id FROM role_assignments ra
                                       JOIN stations rs ON rs.id = ra.station_id
                                       JOIN stations st ON ",
            under!("st.path", "rs.path"),
            "
                                       WHERE ra.user_id = $2 AND ra.role = 'admin'
                                         AND ra.revoked_at IS NULL))
            ORDER BY a.id DESC
            LIMIT $3"
        );
        let rows: Vec<AuditRow> = with_pool!(self, pool => {
            sqlx::query_as(SQL)
                .bind(before)
                .bind(scope_admin)
                .bind(AUDIT_PAGE_SIZE + 1)
                .fetch_all(pool)
                .await?
        });
        let has_more = rows.len() > usize::try_from(AUDIT_PAGE_SIZE).unwrap_or(usize::MAX);
        let mut entries: Vec<AuditEntry> = rows
            .into_iter()
            .map(|r| AuditEntry {
                id: r.id,
                at: r.at,
                actor: r.actor,
                action: r.action,
                target: r.target,
                detail: r.detail,
                ip: r.ip,
            })
            .collect();
        entries.truncate(usize::try_from(AUDIT_PAGE_SIZE).unwrap_or(usize::MAX));
        let next_before = if has_more {
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(AuditPage {
            entries,
            next_before,
        })
    }
}
