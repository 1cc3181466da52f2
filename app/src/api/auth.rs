//! Signing in and out, the current person, their password and language.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::permission::Viewer;

#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// The sign-in form.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginForm {
    /// Username or mobile number.
    pub username: String,
    /// Password (never echoed back).
    pub password: String,
    /// Where to go after signing in.
    #[serde(default)]
    pub next: Option<String>,
}

/// Signs in with a username or mobile number and a password.
#[server(endpoint = "auth/login")]
pub async fn login(#[server(flatten)] input: LoginForm) -> Result<(), AppError> {
    let outcome = sign_in(&input).await;
    let next = input.next.as_deref().unwrap_or("");
    let back = if next.is_empty() {
        "/login".to_owned()
    } else {
        format!("/login?next={}", form::encode(next))
    };
    form::finish(outcome, &back, &[("username", input.username.trim())])
}

#[cfg(feature = "ssr")]
async fn sign_in(input: &LoginForm) -> Result<String, AppError> {
    use crate::server::db::sessions::{MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS};
    use crate::server::password;

    let key = input.username.trim().to_lowercase();
    if key.is_empty() {
        return Err(AppError::invalid("username", "required"));
    }
    if input.password.is_empty() {
        return Err(AppError::invalid("password", "required"));
    }
    let db = auth::db()?;
    let ip = auth::client_ip();
    let (account_failures, address_failures) = db.recent_login_failures(&key, &ip).await?;
    if account_failures >= MAX_FAILURES_PER_ACCOUNT || address_failures >= MAX_FAILURES_PER_ADDRESS
    {
        db.record_login_failure(&key, None, &ip, "throttled")
            .await?;
        return Err(AppError::TooManyAttempts);
    }
    let account = db.find_login(&key).await?;
    let matches = password::verify(
        input.password.clone(),
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await?;
    let account = match account {
        Some(a) if matches => a,
        other => {
            db.record_login_failure(&key, other.map(|a| a.id), &ip, "bad_credentials")
                .await?;
            return Err(AppError::BadCredentials);
        }
    };
    if !account.active {
        db.record_login_failure(&key, Some(account.id), &ip, "inactive")
            .await?;
        return Err(AppError::AccountInactive);
    }
    auth::start_session(account.id, &key).await?;
    Ok(form::safe_next(input.next.as_deref()))
}

/// Signs out: the session ends on the server, not just in the browser.
#[server(endpoint = "auth/logout")]
pub async fn logout() -> Result<(), AppError> {
    let viewer = auth::maybe_viewer().await?;
    let outcome = auth::end_session(viewer.as_ref())
        .await
        .map(|()| "/login?signed_out=1".to_owned());
    form::finish(outcome, "/", &[])
}

/// The signed-in person, or `None` for a visitor.
#[server(endpoint = "auth/me")]
pub async fn current_viewer() -> Result<Option<Viewer>, AppError> {
    auth::maybe_viewer().await
}

/// The change-password form.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PasswordForm {
    /// The password now.
    pub current: String,
    /// The new password.
    pub new: String,
    /// The new password again.
    pub confirm: String,
}

/// Changes the signed-in person's own password; their other sessions end.
#[server(endpoint = "auth/password")]
pub async fn change_password(#[server(flatten)] input: PasswordForm) -> Result<(), AppError> {
    let outcome = async {
        use crate::model::account::new_password;
        use crate::server::password;

        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let stored = db.password_hash(viewer.id).await?;
        if !password::verify(input.current.clone(), stored).await? {
            return Err(AppError::invalid("current", "wrong_password"));
        }
        new_password("new", &input.new, &viewer.username)?;
        if input.new != input.confirm {
            return Err(AppError::invalid("confirm", "password_mismatch"));
        }
        let hash = password::hash(input.new.clone()).await?;
        let session = auth::current_session_id();
        db.set_password(
            viewer.id,
            &hash,
            session.as_deref(),
            &auth::actor(Some(&viewer)),
        )
        .await?;
        Ok("/account/password?saved=1".to_owned())
    }
    .await;
    form::finish(outcome, "/account/password", &[])
}

/// Chooses the language; remembered in a cookie for a year.
#[server(endpoint = "lang")]
pub async fn set_language(lang: String, back: Option<String>) -> Result<(), AppError> {
    let outcome = match crate::i18n::Locale::from_tag(&lang) {
        Some(locale) => {
            auth::set_language_cookie(locale.tag());
            Ok(form::safe_next(back.as_deref()))
        }
        None => Err(AppError::invalid("lang", "unknown_language")),
    };
    form::finish(outcome, "/", &[])
}
