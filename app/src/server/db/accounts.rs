//! Accounts and the roles people hold at stations.

use chrono::Utc;
use sqlx::FromRow;

use super::Db;
use super::audit::{Actor, NewAudit};
use super::query::under;
use crate::error::AppError;
use crate::model::account::{AccountSummary, Mobile, Role, RoleGrant, Username, mask_mobile};
use crate::model::permission::{StationRef, Viewer};

/// A new account and the role it starts with (every account belongs somewhere).
#[derive(Debug, Clone)]
pub struct NewAccount {
    /// Sign-in name.
    pub username: Username,
    /// Name shown to colleagues.
    pub display_name: String,
    /// Optional mobile number, also usable to sign in.
    pub mobile: Option<Mobile>,
    /// Argon2 hash of the initial password.
    pub password_hash: String,
    /// The first role.
    pub role: Role,
    /// Where the first role is held.
    pub station_id: i64,
}

/// What sign-in needs to know about an account.
#[derive(Debug, Clone, FromRow)]
pub struct LoginRow {
    /// Account id.
    pub id: i64,
    /// Argon2 hash.
    pub password_hash: String,
    /// Deactivated accounts cannot sign in.
    pub active: bool,
}

/// One page of the account list.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct AccountPage {
    /// Accounts on this page, oldest first.
    pub accounts: Vec<AccountSummary>,
    /// True when a further page exists.
    pub has_more: bool,
}

/// Accounts per page of the account list.
pub const ACCOUNT_PAGE_SIZE: i64 = 50;

/// A signed-in person with one of their current roles (or none: the role columns are null).
#[derive(FromRow)]
struct ViewerRow {
    id: i64,
    username: String,
    display_name: String,
    volunteer_id: Option<i64>,
    data_version: i64,
    grant_id: Option<i64>,
    role: Option<String>,
    station_id: Option<i64>,
    station_name: Option<String>,
    station_path: Option<String>,
}

/// A live session's person, and the data version when it was looked up (the server's page
/// cache, `server/src/page_cache.rs`, keeps pages under it).
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// Who is signed in, with their current roles.
    pub viewer: Viewer,
    /// The data version the lookup saw.
    pub data_version: i64,
}

impl ViewerRow {
    fn into_grant(self) -> Option<RoleGrant> {
        Some(RoleGrant {
            id: self.grant_id?,
            role: Role::parse(self.role.as_deref()?)?,
            station_id: self.station_id?,
            station_name: self.station_name?,
            station_path: self.station_path?,
        })
    }
}

#[derive(FromRow)]
struct AccountRoleRow {
    id: i64,
    username: String,
    display_name: String,
    mobile: Option<String>,
    active: bool,
    grant_id: Option<i64>,
    role: Option<String>,
    station_id: Option<i64>,
    station_name: Option<String>,
    station_path: Option<String>,
}

/// The columns and joins that list accounts with their current roles in one query; the
/// caller adds the `FROM` clause that picks the accounts (aliased `u`).
const ACCOUNT_WITH_ROLES: &str = "
    SELECT u.id, u.username, u.display_name, u.mobile, u.active,
           r.id AS grant_id, r.role, r.station_id, st.name AS station_name,
           st.path AS station_path";
const ROLE_JOINS: &str = "
    LEFT JOIN role_assignments r ON r.user_id = u.id AND r.revoked_at IS NULL
    LEFT JOIN stations st ON st.id = r.station_id";

/// Groups joined rows (ordered by account) into summaries, with each account's role stations
/// as the permission rules need them.
fn group_accounts(rows: Vec<AccountRoleRow>) -> Vec<(AccountSummary, Vec<(Role, StationRef)>)> {
    let mut out: Vec<(AccountSummary, Vec<(Role, StationRef)>)> = Vec::new();
    for row in rows {
        if out.last().is_none_or(|(a, _)| a.id != row.id) {
            out.push((
                AccountSummary {
                    id: row.id,
                    username: row.username.clone(),
                    display_name: row.display_name.clone(),
                    mobile_masked: row.mobile.as_deref().map(mask_mobile),
                    active: row.active,
                    roles: Vec::new(),
                },
                Vec::new(),
            ));
        }
        let (Some((account, stations)), Some(grant_id), Some(role), Some(station_id)) = (
            out.last_mut(),
            row.grant_id,
            row.role.as_deref().and_then(Role::parse),
            row.station_id,
        ) else {
            continue;
        };
        let station_path = row.station_path.unwrap_or_default();
        account.roles.push(RoleGrant {
            id: grant_id,
            role,
            station_id,
            station_name: row.station_name.unwrap_or_default(),
            station_path: station_path.clone(),
        });
        stations.push((
            role,
            StationRef {
                id: station_id,
                path: station_path,
            },
        ));
    }
    out
}

impl Db {
    /// Creates an account with its first role, and audits it, in one transaction.
    pub async fn create_account(&self, new: &NewAccount, actor: &Actor) -> Result<i64, AppError> {
        let id = with_tx!(self, tx => {
            let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
                .bind(new.username.as_str())
                .fetch_one(&mut *tx)
                .await?;
            if taken > 0 {
                return Err(AppError::invalid("username", "username_taken"));
            }
            if let Some(mobile) = &new.mobile {
                let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE mobile = $1")
                    .bind(mobile.as_str())
                    .fetch_one(&mut *tx)
                    .await?;
                if taken > 0 {
                    return Err(AppError::invalid("mobile", "mobile_taken"));
                }
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO users (username, mobile, display_name, password_hash, active, created_at)
                 VALUES ($1, $2, $3, $4, TRUE, $5) RETURNING id",
            )
            .bind(new.username.as_str())
            .bind(new.mobile.as_ref().map(Mobile::as_str))
            .bind(&new.display_name)
            .bind(&new.password_hash)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or_internal(e, "username_taken"))?;
            sqlx::query(
                "INSERT INTO role_assignments (user_id, role, station_id, granted_by, granted_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(new.role.as_str())
            .bind(new.station_id)
            .bind(actor.user_id)
            .bind(Utc::now())
            .execute(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                station_id: Some(new.station_id),
                action: "account_created",
                target: Some(format!("account:{id}")),
                detail: Some(format!("{} ({})", new.username.as_str(), new.role.as_str())),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// The account that `login` (a username or a mobile number) names, if any.
    pub async fn find_login(&self, login: &str) -> Result<Option<LoginRow>, AppError> {
        const SQL: &str = "SELECT id, password_hash, active FROM users
                           WHERE username = $1 OR mobile = $1";
        Ok(with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(login).fetch_optional(pool).await?
        }))
    }

    /// The password hash of an active account, to check the current password.
    pub async fn password_hash(&self, user_id: i64) -> Result<Option<String>, AppError> {
        const SQL: &str = "SELECT password_hash FROM users WHERE id = $1 AND active = TRUE";
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar(SQL).bind(user_id).fetch_optional(pool).await?
        }))
    }

    /// The signed-in person for a live session (unexpired, account active), with their roles.
    pub async fn viewer_for_session(&self, session_id: &str) -> Result<Option<Viewer>, AppError> {
        Ok(self.signed_in(session_id).await?.map(|s| s.viewer))
    }

    /// The signed-in person for a live session, with the data version at that moment.
    pub async fn signed_in(&self, session_id: &str) -> Result<Option<SignedIn>, AppError> {
        // One query on every request: the person and their current roles, joined, and the data
        // version (what the page cache checks what it kept against). PostgreSQL runs it from a
        // function that keeps its plan (migration 0019 holds the same query).
        const POSTGRES: &str = "SELECT id, username, display_name, volunteer_id, data_version,
                                       grant_id, role, station_id, station_name, station_path
                                FROM signed_in($1, $2)";
        let rows: Vec<ViewerRow> = match self {
            Db::Sqlite(pool) => {
                let sql = format!(
                    "SELECT u.id, u.username, u.display_name,
                            (SELECT v.id FROM volunteers v WHERE v.account_id = u.id)
                              AS volunteer_id,
                            (SELECT version FROM data_version WHERE id = 1) AS data_version,
                            r.id AS grant_id, r.role, r.station_id, st.name AS station_name,
                            st.path AS station_path
                     FROM sessions s JOIN users u ON u.id = s.user_id
                     {ROLE_JOINS}
                     WHERE s.id = $1 AND s.expires_at > $2 AND u.active = TRUE
                     ORDER BY LENGTH(st.path), st.name, r.role"
                );
                sqlx::query_as(&sql)
                    .bind(session_id)
                    .bind(Utc::now())
                    .fetch_all(pool)
                    .await?
            }
            Db::Postgres(pool) => {
                sqlx::query_as(POSTGRES)
                    .bind(session_id)
                    .bind(Utc::now())
                    .fetch_all(pool)
                    .await?
            }
        };
        let Some(first) = rows.first() else {
            return Ok(None);
        };
        let (id, username, display_name, volunteer_id, data_version) = (
            first.id,
            first.username.clone(),
            first.display_name.clone(),
            first.volunteer_id,
            first.data_version,
        );
        let roles = rows.into_iter().filter_map(ViewerRow::into_grant).collect();
        Ok(Some(SignedIn {
            viewer: Viewer {
                id,
                username,
                display_name,
                roles,
                volunteer_id,
            },
            data_version,
        }))
    }

    /// A page of accounts visible to an admin: all of them for admins at the root (`all`),
    /// else those holding a role in a subtree `admin_id` administers. `search` matches the username
    /// or the name.
    pub async fn list_accounts(
        &self,
        admin_id: i64,
        all: bool,
        search: &str,
        page: i64,
    ) -> Result<AccountPage, AppError> {
        let sql = format!(
            "{ACCOUNT_WITH_ROLES}
             FROM (SELECT id FROM users v
                   WHERE ($1 OR EXISTS (
                           SELECT 1 FROM role_assignments ra
                           JOIN stations rs ON rs.id = ra.station_id
                           JOIN role_assignments mine ON mine.user_id = $2
                             AND mine.role = 'admin' AND mine.revoked_at IS NULL
                           JOIN stations ms ON ms.id = mine.station_id
                           WHERE ra.user_id = v.id AND ra.revoked_at IS NULL
                             AND {covers}))
                     AND ($3 = '' OR v.username LIKE $3 OR v.display_name LIKE $3)
                   ORDER BY id LIMIT $4 OFFSET $5) pick
             JOIN users u ON u.id = pick.id
             {ROLE_JOINS}
             ORDER BY u.id, r.id",
            covers = under!("rs.path", "ms.path")
        );
        let pattern = if search.trim().is_empty() {
            String::new()
        } else {
            format!("%{}%", search.trim().replace(['%', '_'], ""))
        };
        let offset = page.max(0) * ACCOUNT_PAGE_SIZE;
        let rows: Vec<AccountRoleRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(all)
                .bind(admin_id)
                .bind(&pattern)
                .bind(ACCOUNT_PAGE_SIZE + 1)
                .bind(offset)
                .fetch_all(pool)
                .await?
        });
        let mut accounts: Vec<AccountSummary> =
            group_accounts(rows).into_iter().map(|(a, _)| a).collect();
        let limit = usize::try_from(ACCOUNT_PAGE_SIZE).unwrap_or(usize::MAX);
        let has_more = accounts.len() > limit;
        accounts.truncate(limit);
        Ok(AccountPage { accounts, has_more })
    }

    /// One account with its roles, and where those roles are held (for the permission rules).
    pub async fn account(
        &self,
        id: i64,
    ) -> Result<Option<(AccountSummary, Vec<(Role, StationRef)>)>, AppError> {
        let sql =
            format!("{ACCOUNT_WITH_ROLES} FROM users u {ROLE_JOINS} WHERE u.id = $1 ORDER BY r.id");
        let rows: Vec<AccountRoleRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id).fetch_all(pool).await?
        });
        Ok(group_accounts(rows).into_iter().next())
    }

    /// Grants `role` at `station_id`; a role already held there is a conflict.
    pub async fn grant_role(
        &self,
        user_id: i64,
        role: Role,
        station_id: i64,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let id = with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO role_assignments (user_id, role, station_id, granted_by, granted_at)
                 VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(user_id)
            .bind(role.as_str())
            .bind(station_id)
            .bind(actor.user_id)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or_internal(e, "role_exists"))?;
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station_id),
                action: "role_granted",
                target: Some(format!("account:{user_id}")),
                detail: Some(role.as_str().to_owned()),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// Who holds grant `grant_id` and where, if it is still current.
    pub async fn current_grant(
        &self,
        grant_id: i64,
    ) -> Result<Option<(i64, StationRef)>, AppError> {
        const SQL: &str = "SELECT r.user_id, st.id, st.path
                           FROM role_assignments r JOIN stations st ON st.id = r.station_id
                           WHERE r.id = $1 AND r.revoked_at IS NULL";
        let row: Option<(i64, i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(grant_id).fetch_optional(pool).await?
        });
        Ok(row.map(|(user, id, path)| (user, StationRef { id, path })))
    }

    /// Revokes a current grant. The row stays, marked with who revoked it and when.
    pub async fn revoke_role(&self, grant_id: i64, actor: &Actor) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let row: Option<(i64, String, i64)> = sqlx::query_as(
                "UPDATE role_assignments SET revoked_at = $1, revoked_by = $2
                 WHERE id = $3 AND revoked_at IS NULL RETURNING user_id, role, station_id",
            )
            .bind(Utc::now())
            .bind(actor.user_id)
            .bind(grant_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((user_id, role, station_id)) = row else {
                return Err(AppError::NotFound);
            };
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station_id),
                action: "role_revoked",
                target: Some(format!("account:{user_id}")),
                detail: Some(role),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Activates or deactivates an account. Deactivation ends all its sessions at once.
    /// People are never deleted: their records must stay attributable.
    pub async fn set_account_active(
        &self,
        user_id: i64,
        active: bool,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let changed = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
                .bind(active)
                .bind(user_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if changed == 0 {
                return Err(AppError::NotFound);
            }
            if !active {
                sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
            audit!(&mut *tx, &NewAudit {
                station_id: None,
                action: if active { "account_reactivated" } else { "account_deactivated" },
                target: Some(format!("account:{user_id}")),
                detail: None,
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Sets a new password hash and ends every other session of the account (a stolen
    /// session dies with the old password).
    pub async fn set_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session: Option<&str>,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
                .bind(password_hash)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
                .bind(user_id)
                .bind(keep_session.unwrap_or(""))
                .execute(&mut *tx)
                .await?;
            audit!(&mut *tx, &NewAudit {
                station_id: None,
                action: "password_changed",
                target: Some(format!("account:{user_id}")),
                detail: None,
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Replaces the hash of the password just checked by one at the current settings, unless the
    /// password changed meanwhile (then the stored hash is no longer `checked`). Sessions and
    /// the password itself stay as they were, so this is not audited as a change.
    pub async fn renew_password_hash(
        &self,
        user_id: i64,
        checked: &str,
        renewed: &str,
    ) -> Result<(), AppError> {
        const SQL: &str =
            "UPDATE users SET password_hash = $1 WHERE id = $2 AND password_hash = $3";
        with_pool!(self, pool => {
            sqlx::query(SQL).bind(renewed).bind(user_id).bind(checked).execute(pool).await?;
        });
        Ok(())
    }

    /// True if any account exists (a fresh install has none until `shegong admin create`).
    pub async fn has_accounts(&self) -> Result<bool, AppError> {
        let n: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(pool).await?
        });
        Ok(n > 0)
    }
}
