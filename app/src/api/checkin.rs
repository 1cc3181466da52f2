//! QR check-in (信用时长): the organiser's check-in screen, the volunteer's scan page and its
//! 签到 / 签退 buttons, the typed 6-digit code, confirming every scanned record at once, and
//! the one-time code that activates a volunteer's sign-in.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::volunteer::{ActivityView, CheckinView, ScanState, ScanWindow};

#[cfg(feature = "ssr")]
use crate::api::activities::recordable_activity;
#[cfg(feature = "ssr")]
use crate::api::volunteers::{manager_of, today};
#[cfg(feature = "ssr")]
use crate::model::volunteer::{ScanToken, token_window};
#[cfg(feature = "ssr")]
use crate::server::checkin as sign;
#[cfg(feature = "ssr")]
use crate::server::db::checkin::CheckOut;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// What the check-in screen shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckinScreenData {
    /// The activity.
    pub activity: ActivityView,
    /// The QR code, an SVG document drawn by the server from `url`.
    pub svg: String,
    /// The address the QR code holds.
    pub url: String,
    /// The same window's code to type.
    pub code: String,
    /// Seconds until the code changes.
    pub refresh_secs: i64,
    /// Open, not yet, check-out only, or over.
    pub window: ScanWindow,
    /// Who scanned in, and out.
    pub checkins: Vec<CheckinView>,
    /// Scanned records waiting for confirmation.
    pub waiting: usize,
}

/// The organiser's check-in screen for an activity (its coordinators only): a QR code and a
/// typed code that change every few minutes, and who has scanned.
#[server(endpoint = "checkin/screen")]
pub async fn checkin_screen(id: i64) -> Result<CheckinScreenData, AppError> {
    let (viewer, activity) = recordable_activity(id).await?;
    let db = auth::db()?;
    let now = chrono::Utc::now();
    let rules = db.hour_rules().await?;
    db.close_missing_checkouts(now, rules.cap_minutes).await?;
    let secret = db.checkin_secret(id, &auth::actor(Some(&viewer))).await?;
    let window = token_window(now.timestamp());
    let token = sign::token(&secret, id, window);
    let url = format!("{}/checkin/{id}?t={}", auth::site_origin(), token.encode());
    let clock = activity.clock();
    let next_change = (window + 1) * crate::model::volunteer::TOKEN_WINDOW_SECS;
    Ok(CheckinScreenData {
        svg: sign::qr_svg(&url)?,
        code: sign::code(&secret, id, window),
        url,
        refresh_secs: (next_change - now.timestamp()).clamp(5, 60),
        window: clock.window(crate::model::time::china_time(now)),
        checkins: db.activity_checkins(id).await?,
        waiting: db.scanned_waiting(id).await?.len(),
        activity,
    })
}

/// What a volunteer sees after scanning.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScanPageData {
    /// The activity.
    pub activity: ActivityView,
    /// The scanned code is this activity's and still fresh.
    pub token_ok: bool,
    /// Open, not yet, check-out only, or over.
    pub window: ScanWindow,
    /// Where this volunteer stands.
    pub state: ScanState,
}

/// The signed-in volunteer and an activity scanned with a code that is still good.
#[cfg(feature = "ssr")]
async fn scanning_volunteer(
    activity_id: i64,
    t: &str,
) -> Result<(crate::model::permission::Viewer, i64, ActivityView, bool), AppError> {
    let viewer = auth::viewer().await?;
    // Only a volunteer's own sign-in checks in (staff record attendance on the activity).
    let volunteer_id = viewer.volunteer_id.ok_or(AppError::Forbidden)?;
    let db = auth::db()?;
    let activity = db.activity(activity_id).await?.ok_or(AppError::NotFound)?;
    let now_window = token_window(chrono::Utc::now().timestamp());
    let token_ok = match (
        ScanToken::parse(t),
        db.checkin_secret_of(activity_id).await?,
    ) {
        (Some(token), Some(secret)) => sign::token_valid(&secret, activity_id, &token, now_window),
        _ => false,
    };
    Ok((viewer, volunteer_id, activity, token_ok))
}

/// The page a scanned QR code opens, for the signed-in volunteer.
#[server(endpoint = "checkin/page")]
pub async fn scan_page(id: i64, #[server(default)] t: String) -> Result<ScanPageData, AppError> {
    let (_, volunteer_id, activity, token_ok) = scanning_volunteer(id, &t).await?;
    let db = auth::db()?;
    let clock = activity.clock();
    Ok(ScanPageData {
        window: clock.window(crate::model::time::china_time(chrono::Utc::now())),
        state: db.scan_state(id, volunteer_id).await?,
        token_ok,
        activity,
    })
}

/// 签到 or 签退 (`step` is `in` or `out`) at the server's clock, with the scanned code.
#[server(endpoint = "checkin/scan")]
pub async fn scan(activity_id: i64, t: String, step: String) -> Result<(), AppError> {
    let token = ScanToken::parse(&t).map(|t| t.encode()).unwrap_or_default();
    let back = format!("/checkin/{activity_id}?t={token}");
    let outcome = async {
        let (viewer, volunteer_id, activity, token_ok) =
            scanning_volunteer(activity_id, &t).await?;
        if !token_ok {
            return Err(AppError::invalid("checkin", "scan_code_expired"));
        }
        let db = auth::db()?;
        let now = chrono::Utc::now();
        let actor = auth::actor(Some(&viewer));
        let saved = match step.as_str() {
            "in" => {
                db.check_in(&activity, volunteer_id, now, &actor).await?;
                "checked_in".to_owned()
            }
            "out" => {
                let cap = db.hour_rules().await?.cap_minutes;
                match db
                    .check_out(&activity, volunteer_id, now, cap, &actor)
                    .await?
                {
                    CheckOut::Recorded(_) | CheckOut::AlreadyOut => "checked_out".to_owned(),
                    CheckOut::NothingServed => "checked_out_early".to_owned(),
                }
            }
            _ => return Err(AppError::invalid("checkin", "malformed")),
        };
        Ok(format!("{back}&saved={saved}"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// A typed 6-digit code: finds today's activity showing it and opens its scan page.
#[server(endpoint = "checkin/code")]
pub async fn scan_code(code: String) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        if viewer.volunteer_id.is_none() {
            return Err(AppError::invalid("code", "scan_needs_volunteer"));
        }
        let Some(typed) = crate::model::volunteer::parse_scan_code(&code) else {
            return Err(AppError::invalid("code", "scan_code_format"));
        };
        let db = auth::db()?;
        // Every try counts, so a million codes cannot be walked through.
        let tries = db
            .count_code_attempt(&format!("checkin-code:{}", viewer.id))
            .await?;
        if tries > crate::model::throttle::MAX_CODE_TRIES {
            return Err(AppError::TooManyAttempts);
        }
        let now_window = token_window(chrono::Utc::now().timestamp());
        for (activity_id, secret) in db.checkin_secrets_on(today()).await? {
            if let Some(window) = sign::code_window(&secret, activity_id, &typed, now_window) {
                let token = sign::token(&secret, activity_id, window);
                return Ok(format!("/checkin/{activity_id}?t={}", token.encode()));
            }
        }
        Err(AppError::invalid("code", "scan_code_unknown"))
    }
    .await;
    let kept = if code.chars().count() <= 20 {
        code.as_str()
    } else {
        ""
    };
    form::finish(outcome, "/checkin", &[("code", kept)])
}

/// Confirms every scanned record of an activity still waiting (its coordinators only), by the
/// same rules as confirming one by one.
#[server(endpoint = "checkin/confirm")]
pub async fn confirm_scanned(activity_id: i64) -> Result<(), AppError> {
    let back = format!("/activities/{activity_id}/checkin");
    let outcome = async {
        let (viewer, _) = recordable_activity(activity_id).await?;
        let db = auth::db()?;
        let ids = db.scanned_waiting(activity_id).await?;
        if ids.is_empty() {
            return Err(AppError::invalid("confirm", "nothing_to_confirm"));
        }
        let outcome = db.confirm_hours(&ids, &auth::actor(Some(&viewer))).await?;
        Ok(format!(
            "{back}?saved=scanned_confirmed&n={}",
            outcome.confirmed
        ))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Cookie that carries a new activation code to the one page view that shows it.
pub const ACTIVATION_FLASH: &str = "shegong_activation";

/// Makes a one-time activation code for a volunteer without a sign-in (their station's
/// coordinators and admins); shown once on the volunteer's page, kept only as a hash.
#[server(endpoint = "volunteers/activation")]
pub async fn issue_activation_code(volunteer_id: i64) -> Result<(), AppError> {
    let back = format!("/volunteers/{volunteer_id}");
    let outcome = async {
        use rand::Rng;
        let viewer = manager_of(volunteer_id).await?;
        let code = format!("{:08}", rand::rngs::OsRng.gen_range(0..100_000_000u32));
        auth::db()?
            .issue_activation_code(
                volunteer_id,
                &activation_hash(&code),
                &auth::actor(Some(&viewer)),
            )
            .await?;
        auth::set_flash(ACTIVATION_FLASH, &code, &back);
        Ok(format!("{back}?saved=activation_issued"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// How an activation code is kept.
#[cfg(feature = "ssr")]
fn activation_hash(code: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(
        format!("shegong-activation:{code}").as_bytes(),
    ))
}

/// The activation form.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActivateForm {
    /// The mobile number on the volunteer's record.
    pub mobile: String,
    /// The code the coordinator gave.
    pub code: String,
    /// The new password.
    pub password: String,
    /// Again.
    pub confirm: String,
    /// Where to go afterwards (a scanned check-in page).
    #[serde(default)]
    pub next: Option<String>,
}

/// A volunteer activates their sign-in with mobile number and one-time code, chooses a
/// password and is signed in. Tries are counted like sign-ins.
#[server(endpoint = "auth/activate")]
pub async fn activate(#[server(flatten)] input: ActivateForm) -> Result<(), AppError> {
    let next = form::safe_target(input.next.as_deref());
    let back = if next == "/" {
        "/activate".to_owned()
    } else {
        format!("/activate?next={}", form::encode(&next))
    };
    let outcome = async {
        use crate::model::account::{Mobile, new_password};
        let mobile = Mobile::parse("mobile", &input.mobile)?;
        let code: String = input.code.chars().filter(|c| !c.is_whitespace()).collect();
        if code.len() != 8 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AppError::invalid("code", "activation_format"));
        }
        new_password("password", &input.password, mobile.as_str())?;
        if input.password != input.confirm {
            return Err(AppError::invalid("confirm", "password_mismatch"));
        }
        let db = auth::db()?;
        let tries = db
            .count_code_attempt(&format!("activate:{}", mobile.as_str()))
            .await?;
        if tries > crate::model::throttle::MAX_CODE_TRIES {
            return Err(AppError::TooManyAttempts);
        }
        let hash = crate::server::password::hash(input.password.clone()).await?;
        let user = db
            .activate_volunteer(
                mobile.as_str(),
                &activation_hash(&code),
                &hash,
                &auth::actor(None),
            )
            .await?;
        auth::start_session(user).await?;
        Ok(if next == "/" {
            "/my-hours?saved=activated".to_owned()
        } else {
            next.clone()
        })
    }
    .await;
    let mobile = if input.mobile.chars().count() <= 20 {
        input.mobile.as_str()
    } else {
        ""
    };
    form::finish(outcome, &back, &[("mobile", mobile)])
}
