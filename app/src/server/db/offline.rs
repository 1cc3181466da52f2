//! Ids of records made on a phone without a connection (`model::offline`): claimed in the
//! transaction that writes the records, so a record sent twice is stored once.

use super::Db;
use crate::error::AppError;
use crate::model::offline::ClientId;

/// Claims `$client` for user `$user` through `$conn` (inside the writing transaction). True
/// when this post is the first with that id; false when it was stored before, and the caller
/// must write nothing. Two posts of one id at the same moment queue on the primary key (the
/// second waits for the first to commit on PostgreSQL; SQLite writers are serial already).
macro_rules! claim_client_id {
    ($conn:expr, $user:expr, $client:expr, $kind:expr) => {{
        let client: &$crate::model::offline::ClientId = $client;
        let kind: $crate::model::offline::OfflineKind = $kind;
        sqlx::query(
            "INSERT INTO offline_submissions (user_id, client_id, kind, received_at)
             VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, client_id) DO NOTHING",
        )
        .bind($user)
        .bind(client.as_str())
        .bind(kind.as_str())
        .bind(chrono::Utc::now())
        .execute($conn)
        .await?
        .rows_affected()
            == 1
    }};
}
pub(crate) use claim_client_id;

impl Db {
    /// Whether `user_id` has already sent the record with this phone-made id (a resend is then
    /// answered as a success without checking it again).
    pub async fn already_received(
        &self,
        user_id: i64,
        client: &ClientId,
    ) -> Result<bool, AppError> {
        let found: Option<i64> = with_pool!(self, pool => {
            sqlx::query_scalar(
                "SELECT user_id FROM offline_submissions WHERE user_id = $1 AND client_id = $2",
            )
            .bind(user_id)
            .bind(client.as_str())
            .fetch_optional(pool)
            .await?
        });
        Ok(found.is_some())
    }
}
