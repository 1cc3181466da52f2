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

/// The longest sign-in name or mobile number accepted (checked before anything is stored).
pub const MAX_LOGIN_CHARS: usize = 64;
/// The longest password accepted (Argon2 would hash megabytes, slowly).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Signs in with a username or mobile number and a password.
#[server(endpoint = "auth/login")]
pub async fn login(#[server(flatten)] input: LoginForm) -> Result<(), AppError> {
    let outcome = sign_in(&input).await;
    let next = input.next.as_deref().unwrap_or("");
    let back = if next.is_empty() {
        "/login".to_owned()
    } else {
        format!(
            "/login?next={}",
            form::encode(&form::safe_target(Some(next)))
        )
    };
    // Only a plausible name is typed back into the form; a megabyte of junk is not.
    let username = input.username.trim();
    let kept = if username.chars().count() <= MAX_LOGIN_CHARS {
        username
    } else {
        ""
    };
    form::finish(outcome, &back, &[("username", kept)])
}

/// Checks a sign-in, in the order that keeps it cheap and safe: lengths first (nothing stored
/// for junk), then the attempt is counted before the password is checked (so parallel guesses
/// cannot exceed the limit), then the slow hash, bounded in how many run at once.
#[cfg(feature = "ssr")]
async fn sign_in(input: &LoginForm) -> Result<String, AppError> {
    use crate::model::throttle::account_key;
    use crate::server::password;

    let typed = input.username.trim();
    if typed.is_empty() {
        return Err(AppError::invalid("username", "required"));
    }
    if typed.chars().count() > MAX_LOGIN_CHARS || typed.chars().any(char::is_control) {
        return Err(AppError::invalid("username", "too_long"));
    }
    if input.password.is_empty() {
        return Err(AppError::invalid("password", "required"));
    }
    if input.password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid("password", "too_long"));
    }
    let typed = typed.to_lowercase();
    let db = auth::db()?;
    let ip = auth::client_ip();
    let account = db.find_login(&typed).await?;
    let account_id = account.as_ref().map(|a| a.id);
    let counts = db
        .count_login_attempt(&account_key(account_id, &typed), &ip)
        .await?;
    if counts.refused() {
        if counts.first_refusal() {
            db.record_login_failure(account_id, &ip, "throttled")
                .await?;
        }
        return Err(AppError::TooManyAttempts);
    }
    let delay = counts.delay();
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let matches = password::verify(
        input.password.clone(),
        account.as_ref().map(|a| a.password_hash.clone()),
    )
    .await?;
    let account = match account {
        Some(a) if matches => a,
        _ => {
            db.record_login_failure(account_id, &ip, "bad_credentials")
                .await?;
            return Err(AppError::BadCredentials);
        }
    };
    if !account.active {
        db.record_login_failure(Some(account.id), &ip, "inactive")
            .await?;
        return Err(AppError::AccountInactive);
    }
    if password::needs_rehash(&account.password_hash) {
        // A hash made at older settings: the password is at hand only now. Failing to renew it
        // must not fail the sign-in; the next one tries again.
        let renewal = async {
            let renewed = password::hash(input.password.clone()).await?;
            db.renew_password_hash(account.id, &account.password_hash, &renewed)
                .await
        };
        if let Err(error) = renewal.await {
            tracing::warn!(?error, "an old password hash was not renewed");
        }
    }
    auth::start_session(account.id).await?;
    Ok(form::safe_target(input.next.as_deref()))
}

/// Signs out: the session ends on the server, not just in the browser.
/// `confirm_unsent` is read by the phone's service worker only (sign out although records wait
/// in the outbox); the server signs out either way.
#[server(endpoint = "auth/logout")]
pub async fn logout(#[server(default)] confirm_unsent: String) -> Result<(), AppError> {
    let _ = confirm_unsent;
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
            Ok(form::safe_target(back.as_deref()))
        }
        None => Err(AppError::invalid("lang", "unknown_language")),
    };
    form::finish(outcome, "/", &[])
}
