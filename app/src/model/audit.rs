//! Audit log entries as admins read them.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One append-only audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Entry id (ascending in time).
    pub id: i64,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it, if anyone was signed in.
    pub actor: Option<String>,
    /// What happened, e.g. `sign_in` (translated as `audit.sign_in`).
    pub action: String,
    /// What it was done to, e.g. `account:12`.
    pub target: Option<String>,
    /// Details in plain words (no secrets).
    pub detail: Option<String>,
    /// The client address.
    pub ip: Option<String>,
}

/// One page of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    /// Newest first.
    pub entries: Vec<AuditEntry>,
    /// The id to pass as `before` for the next (older) page, if there is one.
    pub next_before: Option<i64>,
}
