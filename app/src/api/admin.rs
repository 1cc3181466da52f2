//! Administration: accounts, roles and the audit log. Every function checks the signed-in
//! person's admin roles against the stations involved.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::account::AccountSummary;
use crate::model::audit::AuditPage;
use crate::model::station::StationChoices;

#[cfg(feature = "ssr")]
use crate::model::{
    account::Role,
    permission::{Scope, Viewer},
};
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// One page of the account list.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountList {
    /// Accounts on this page.
    pub accounts: Vec<AccountSummary>,
    /// Zero-based page number.
    pub page: i64,
    /// True when there is a next page.
    pub has_more: bool,
}

#[cfg(feature = "ssr")]
async fn admin() -> Result<Viewer, AppError> {
    let viewer = auth::viewer().await?;
    if viewer.has_role(Role::Admin) {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// The accounts this admin may see, searched by username or name.
#[server(endpoint = "admin/accounts")]
pub async fn list_accounts(search: String, page: i64) -> Result<AccountList, AppError> {
    let viewer = admin().await?;
    let all = viewer.admin_scope() == Scope::All;
    let page = page.max(0);
    let found = auth::db()?
        .list_accounts(viewer.id, all, &search, page)
        .await?;
    Ok(AccountList {
        accounts: found.accounts,
        page,
        has_more: found.has_more,
    })
}

/// Stations where this admin may grant roles, whose name contains `station_q` (the pickers
/// offer only these; a province has too many to list at once).
#[server(endpoint = "admin/stations")]
pub async fn grantable_stations(
    #[server(default)] station_q: String,
) -> Result<StationChoices, AppError> {
    let viewer = admin().await?;
    crate::api::stations::station_choices(&viewer.admin_scope(), &station_q, &[]).await
}

/// One account, and whether this admin may manage it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountInfo {
    /// The account.
    pub account: AccountSummary,
    /// True if this admin may deactivate it and change its roles.
    pub can_manage: bool,
    /// True if sign-ins to it are currently refused from some address or slowed down.
    pub login_locked: bool,
}

/// One account as an admin sees it. Admins of other stations get `NotFound`, not a hint.
#[server(endpoint = "admin/account")]
pub async fn account_detail(id: i64) -> Result<AccountInfo, AppError> {
    let viewer = admin().await?;
    let (account, stations) = auth::db()?.account(id).await?.ok_or(AppError::NotFound)?;
    let visible = viewer.admin_scope() == Scope::All
        || stations
            .iter()
            .any(|(_, st)| viewer.has_role_at(Role::Admin, st));
    if !visible {
        return Err(AppError::NotFound);
    }
    let can_manage = viewer.can_manage_account(id, &stations);
    let login_locked = can_manage && auth::db()?.login_locked(id).await?;
    Ok(AccountInfo {
        account,
        can_manage,
        login_locked,
    })
}

/// The new-account form.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewAccountForm {
    /// Sign-in name.
    pub username: String,
    /// Name.
    pub display_name: String,
    /// Optional mobile number.
    #[serde(default)]
    pub mobile: String,
    /// Initial password, to be changed by its owner.
    pub password: String,
    /// First role.
    pub role: String,
    /// Where the first role is held.
    pub station_id: String,
}

/// Creates an account with its first role at a station this admin administers.
#[server(endpoint = "admin/create_account")]
pub async fn create_account(#[server(flatten)] input: NewAccountForm) -> Result<(), AppError> {
    let outcome = async {
        use crate::model::account::{
            Mobile, NewAccountFields, Username, display_name, new_password,
        };
        use crate::server::db::accounts::NewAccount;

        let viewer = admin().await?;
        let username = Username::parse(&input.username)?;
        let name = display_name(&input.display_name)?;
        let mobile = if input.mobile.trim().is_empty() {
            None
        } else {
            Some(Mobile::parse("mobile", &input.mobile)?)
        };
        new_password("password", &input.password, username.as_str())?;
        let NewAccountFields { role, station_id } =
            NewAccountFields::parse(&input.role, &input.station_id)?;
        let db = auth::db()?;
        let station = db
            .station_ref(station_id)
            .await?
            .ok_or(AppError::invalid("station_id", "required"))?;
        if !viewer.can_manage_roles_at(&station) {
            return Err(AppError::Forbidden);
        }
        let password_hash = crate::server::password::hash(input.password.clone()).await?;
        let new = NewAccount {
            username,
            display_name: name,
            mobile,
            password_hash,
            role,
            station_id,
        };
        let id = db.create_account(&new, &auth::actor(Some(&viewer))).await?;
        Ok(format!("/admin/accounts/{id}?saved=created"))
    }
    .await;
    form::finish(
        outcome,
        "/admin/accounts/new",
        &[
            ("username", &input.username),
            ("display_name", &input.display_name),
            ("mobile", &input.mobile),
            ("role", &input.role),
            ("station_id", &input.station_id),
        ],
    )
}

/// The grant-role form. Every field is text: flattened form fields arrive as strings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GrantRoleForm {
    /// The account receiving the role.
    pub account_id: String,
    /// The role.
    pub role: String,
    /// Where it is held.
    pub station_id: String,
}

/// Grants a role at a station this admin administers. Nobody grants roles to themselves.
#[server(endpoint = "admin/grant_role")]
pub async fn grant_role(#[server(flatten)] input: GrantRoleForm) -> Result<(), AppError> {
    let back = format!("/admin/accounts/{}", input.account_id.trim());
    let outcome = async {
        use crate::model::account::NewAccountFields;

        let viewer = admin().await?;
        let account_id = crate::model::text::parse_id("account_id", &input.account_id)?;
        if account_id == viewer.id {
            return Err(AppError::Forbidden);
        }
        let NewAccountFields { role, station_id } =
            NewAccountFields::parse(&input.role, &input.station_id)?;
        let db = auth::db()?;
        let (_, holder_roles) = db.account(account_id).await?.ok_or(AppError::NotFound)?;
        let station = db
            .station_ref(station_id)
            .await?
            .ok_or(AppError::invalid("station_id", "required"))?;
        if !viewer.can_change_roles(account_id, &holder_roles, &station) {
            return Err(AppError::Forbidden);
        }
        db.grant_role(account_id, role, station_id, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=role_granted"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Revokes one current role grant, if this admin administers the station it is held at.
#[server(endpoint = "admin/revoke_role")]
pub async fn revoke_role(account_id: i64, grant_id: i64) -> Result<(), AppError> {
    let back = format!("/admin/accounts/{account_id}");
    let outcome = async {
        let viewer = admin().await?;
        let db = auth::db()?;
        let (holder, station) = db
            .current_grant(grant_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if holder != account_id {
            return Err(AppError::NotFound);
        }
        let (_, holder_roles) = db.account(account_id).await?.ok_or(AppError::NotFound)?;
        if !viewer.can_change_roles(account_id, &holder_roles, &station) {
            return Err(AppError::Forbidden);
        }
        db.revoke_role(grant_id, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=role_revoked"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Deactivates (`active = "false"`) or reactivates an account. Accounts are never deleted.
#[server(endpoint = "admin/set_active")]
pub async fn set_account_active(account_id: i64, active: String) -> Result<(), AppError> {
    let back = format!("/admin/accounts/{account_id}");
    let outcome = async {
        let viewer = admin().await?;
        let db = auth::db()?;
        let (_, stations) = db.account(account_id).await?.ok_or(AppError::NotFound)?;
        if !viewer.can_manage_account(account_id, &stations) {
            return Err(AppError::Forbidden);
        }
        let active = active == "true";
        db.set_account_active(account_id, active, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!(
            "{back}?saved={}",
            if active { "reactivated" } else { "deactivated" }
        ))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Clears the sign-in locks and slow-downs on an account (someone kept guessing its password);
/// audited.
#[server(endpoint = "admin/clear_login_lock")]
pub async fn clear_login_lock(account_id: i64) -> Result<(), AppError> {
    let back = format!("/admin/accounts/{account_id}");
    let outcome = async {
        let viewer = admin().await?;
        let db = auth::db()?;
        let (_, stations) = db.account(account_id).await?.ok_or(AppError::NotFound)?;
        if !viewer.can_manage_account(account_id, &stations) {
            return Err(AppError::Forbidden);
        }
        db.clear_login_lock(account_id, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=lock_cleared"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// A page of the audit log: everything for county admins, their stations' entries for others.
#[server(endpoint = "admin/audit")]
pub async fn audit_log(before: Option<i64>) -> Result<AuditPage, AppError> {
    let viewer = admin().await?;
    let scope = (viewer.admin_scope() != Scope::All).then_some(viewer.id);
    auth::db()?.audit_page(scope, before).await
}
