//! What a phone keeps for use without a connection (`public/offline.js`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// For the outbox on a page: whose records it holds, and which pages the phone should keep.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct OutboxSetup {
    /// The signed-in account: the outbox sends only this account's records.
    pub user_id: i64,
    /// Pages the service worker keeps (home; the practice form for who logs practice; the
    /// attendance checklists of a coordinator's activities of the last week and the next two
    /// days).
    pub keep: Vec<String>,
}

/// Days back and ahead whose activities' checklists a coordinator's phone keeps.
pub const KEEP_DAYS_BACK: i64 = 7;
/// See [`KEEP_DAYS_BACK`].
pub const KEEP_DAYS_AHEAD: i64 = 2;
/// At most this many checklists (each is a page of names to keep on the phone).
pub const KEEP_ACTIVITIES: i64 = 8;

/// The outbox's data for the signed-in person.
#[server(endpoint = "offline/outbox")]
pub async fn outbox_data() -> Result<OutboxSetup, AppError> {
    use crate::model::account::Role;
    let viewer = crate::server::auth::viewer().await?;
    let mut keep = vec!["/".to_owned()];
    if viewer.has_role(Role::Trainee) || viewer.has_role(Role::Mentor) {
        keep.push("/practice/new".to_owned());
    }
    if viewer.has_role(Role::Coordinator) {
        let today = crate::model::time::china_time(chrono::Utc::now()).date();
        let activities = crate::server::auth::db()?
            .activities_held_between(
                &viewer.scope_of(&[Role::Coordinator]),
                today - chrono::Duration::days(KEEP_DAYS_BACK),
                today + chrono::Duration::days(KEEP_DAYS_AHEAD),
                KEEP_ACTIVITIES,
            )
            .await?;
        keep.extend(activities.iter().map(|a| format!("/activities/{}", a.id)));
    }
    Ok(OutboxSetup {
        user_id: viewer.id,
        keep,
    })
}
