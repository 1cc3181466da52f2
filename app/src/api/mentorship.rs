//! Pairings, supervision records, reflections and oversight. Coordinators and admins pair and
//! oversee at their stations; mentors record sessions with their own mentees; trainees confirm
//! and keep a journal only they and their mentors read.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::mentorship::{
    ActionView, OversightRow, PairingInput, PairingView, SessionInput, Thresholds,
};

#[cfg(feature = "ssr")]
use crate::model::mentorship::PairingStatus;
#[cfg(feature = "ssr")]
use crate::model::privacy::{optional_note, required_note};
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::model::{account::Role, permission::Viewer};
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

#[cfg(feature = "ssr")]
fn today() -> NaiveDate {
    crate::model::time::china_time(chrono::Utc::now()).date()
}

#[cfg(feature = "ssr")]
async fn coordinator() -> Result<Viewer, AppError> {
    let viewer = auth::viewer().await?;
    if viewer.has_role(Role::Coordinator) || viewer.has_role(Role::Admin) {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// What the pairings page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PairingsData {
    /// Pairings at the coordinator's stations, active first.
    pub pairings: Vec<PairingView>,
    /// Trainees who can be paired: (id, name, station).
    pub trainees: Vec<(i64, String, String)>,
    /// Mentors with their active mentees: (id, name, load).
    pub mentors: Vec<(i64, String, i64)>,
    /// The load above which pairing warns.
    pub load_limit: i64,
    /// Today in China.
    pub today: NaiveDate,
}

/// Pairings, trainees and mentors (with load) at this coordinator's stations.
#[server(endpoint = "pairings")]
pub async fn pairings_page() -> Result<PairingsData, AppError> {
    let viewer = coordinator().await?;
    let db = auth::db()?;
    let trainees = db.coordinated_trainees(viewer.id).await?;
    Ok(PairingsData {
        pairings: db.coordinated_pairings(viewer.id).await?,
        trainees,
        mentors: db.mentor_loads(viewer.id).await?,
        load_limit: db.thresholds().await?.mentor_load_limit,
        today: today(),
    })
}

/// Pairs a trainee with a mentor. Above the mentor's load limit it asks for confirmation.
#[server(endpoint = "pairings/create")]
pub async fn create_pairing(#[server(flatten)] input: PairingInput) -> Result<(), AppError> {
    let outcome = async {
        let viewer = coordinator().await?;
        let new = input.validate()?;
        let db = auth::db()?;
        let (station, _) = db
            .trainee_station(new.trainee_id)
            .await?
            .ok_or(AppError::invalid("trainee_id", "required"))?;
        if !(viewer.has_role_at(Role::Coordinator, &station)
            || viewer.has_role_at(Role::Admin, &station))
        {
            return Err(AppError::Forbidden);
        }
        let mentor_ok = db
            .mentor_loads(viewer.id)
            .await?
            .iter()
            .any(|(id, _, _)| *id == new.mentor_id);
        if !mentor_ok {
            return Err(AppError::invalid("mentor_id", "required"));
        }
        let limit = db.thresholds().await?.mentor_load_limit;
        if db.mentor_load(new.mentor_id).await? >= limit
            && input.over_limit_ok.as_deref().is_none_or(str::is_empty)
        {
            return Err(AppError::invalid("mentor_id", "mentor_over_limit"));
        }
        db.create_pairing(&new, station.id, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/pairings?saved=paired".to_owned())
    }
    .await;
    form::finish(
        outcome,
        "/pairings",
        &[
            ("trainee_id", &input.trainee_id),
            ("mentor_id", &input.mentor_id),
            ("is_primary", input.is_primary.as_deref().unwrap_or("")),
            ("starts_on", &input.starts_on),
            ("planned_end_on", &input.planned_end_on),
            ("agreement", &input.agreement),
        ],
    )
}

/// Ends a pairing: `completed`, or `ended_early` with a reason.
#[server(endpoint = "pairings/end")]
pub async fn end_pairing(pairing_id: i64, status: String, reason: String) -> Result<(), AppError> {
    let outcome = async {
        let viewer = coordinator().await?;
        let db = auth::db()?;
        let station = db
            .pairing_station(pairing_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !(viewer.has_role_at(Role::Coordinator, &station)
            || viewer.has_role_at(Role::Admin, &station))
        {
            return Err(AppError::Forbidden);
        }
        let reason = optional_note("reason", &reason, 500, Lines::Many)?.unwrap_or_default();
        let status = match PairingStatus::parse(&status) {
            Some(PairingStatus::EndedEarly) if reason.is_empty() => {
                return Err(AppError::invalid("reason", "reason_required"));
            }
            Some(s @ (PairingStatus::Completed | PairingStatus::EndedEarly)) => s,
            Some(PairingStatus::Active) | None => {
                return Err(AppError::invalid("status", "required"));
            }
        };
        db.end_pairing(pairing_id, status, &reason, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/pairings?saved=pairing_ended".to_owned())
    }
    .await;
    form::finish(outcome, "/pairings", &[])
}

/// The signed-in person's active pairings (home page).
#[server(endpoint = "pairings/mine")]
pub async fn my_pairings() -> Result<Vec<PairingView>, AppError> {
    let viewer = auth::viewer().await?;
    auth::db()?.my_pairings(viewer.id).await
}

/// The oversight page's rows and thresholds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OversightData {
    pub rows: Vec<OversightRow>,
    /// Thresholds applied.
    pub thresholds: Thresholds,
    /// May change the thresholds (admins at the root; [`save_thresholds`] checks again).
    pub can_configure: bool,
}

/// Active pairings with supervision gaps, overdue actions and late requests: a coordinator's
/// or admin's stations, or (`mine`) a mentor's own mentees.
#[server(endpoint = "oversight")]
pub async fn oversight(mine: bool) -> Result<OversightData, AppError> {
    use crate::model::mentorship::supervision_gap;

    let viewer = auth::viewer().await?;
    let allowed = if mine {
        viewer.has_role(Role::Mentor)
    } else {
        viewer.has_role(Role::Coordinator) || viewer.has_role(Role::Admin)
    };
    if !allowed {
        return Err(AppError::Forbidden);
    }
    let db = auth::db()?;
    let thresholds = db.thresholds().await?;
    let today = today();
    let late_before =
        crate::model::mentorship::late_requests_before(today, thresholds.signoff_wait_days);
    let raw = db.oversight(viewer.id, mine, today, late_before).await?;
    let counts = db.overseen_summaries(viewer.id).await?;
    let rows = raw
        .into_iter()
        .map(|(pairing, last, overdue_actions, late_requests)| {
            let (days, overdue) = supervision_gap(
                last,
                pairing.starts_on,
                today,
                thresholds.supervision_overdue_days,
            );
            let competent = counts
                .get(&pairing.trainee_id)
                .map_or(0, |c| i64::try_from(c.0).unwrap_or(0));
            OversightRow {
                pairing,
                days_since_supervision: days,
                supervision_overdue: overdue,
                overdue_actions,
                late_requests,
                competent,
                last_session: last,
            }
        })
        .collect();
    Ok(OversightData {
        rows,
        thresholds,
        can_configure: viewer.has_root_role(Role::Admin),
    })
}

/// Saves the thresholds (admins).
#[server(endpoint = "settings")]
pub async fn save_thresholds(
    mentor_load_limit: String,
    supervision_overdue_days: String,
    signoff_wait_days: String,
) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        if !viewer.has_root_role(Role::Admin) {
            return Err(AppError::Forbidden);
        }
        let n = |field: &str, raw: &str| {
            raw.trim()
                .parse::<i64>()
                .ok()
                .filter(|v| (1..=365).contains(v))
                .ok_or_else(|| AppError::invalid(field, "days_range"))
        };
        let t = Thresholds {
            mentor_load_limit: n("mentor_load_limit", &mentor_load_limit)?,
            supervision_overdue_days: n("supervision_overdue_days", &supervision_overdue_days)?,
            signoff_wait_days: n("signoff_wait_days", &signoff_wait_days)?,
        };
        auth::db()?
            .set_thresholds(t, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/oversight?saved=settings_saved".to_owned())
    }
    .await;
    form::finish(outcome, "/oversight", &[])
}

/// What the supervision pages show.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SupervisionData {
    /// Sessions the person ran or attended.
    pub sessions: Vec<crate::model::mentorship::SessionSummary>,
    /// Their open actions.
    pub actions: Vec<ActionView>,
    /// Today in China (to mark overdue actions).
    pub today: NaiveDate,
    /// The person is a mentor (may record sessions).
    pub is_mentor: bool,
    /// The mentor's active mentees: (id, name).
    pub mentees: Vec<(i64, String)>,
    /// The signed-in person: (id, name), an action owner too.
    pub me: (i64, String),
}

/// Sessions and open actions of the signed-in mentor or trainee.
#[server(endpoint = "supervision")]
pub async fn supervision_list() -> Result<SupervisionData, AppError> {
    let viewer = auth::viewer().await?;
    if !(viewer.has_role(Role::Mentor) || viewer.has_role(Role::Trainee)) {
        return Err(AppError::Forbidden);
    }
    let db = auth::db()?;
    let mentees = db
        .my_pairings(viewer.id)
        .await?
        .into_iter()
        .filter(|p| p.mentor_id == viewer.id)
        .map(|p| (p.trainee_id, p.trainee))
        .collect();
    Ok(SupervisionData {
        sessions: db.sessions_for(viewer.id).await?,
        actions: db.open_actions_for(viewer.id).await?,
        today: today(),
        is_mentor: viewer.has_role(Role::Mentor),
        mentees,
        me: (viewer.id, viewer.display_name.clone()),
    })
}

/// Records a session; every trainee in it must be the mentor's active mentee.
#[server(endpoint = "supervision/create")]
pub async fn record_session(#[server(flatten)] input: SessionInput) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        if !viewer.has_role(Role::Mentor) {
            return Err(AppError::Forbidden);
        }
        let db = auth::db()?;
        let latest = db
            .latest_published_version()
            .await?
            .ok_or(AppError::NotFound)?;
        let codes = db
            .framework(latest)
            .await?
            .map(|f| f.codes())
            .unwrap_or_default();
        let new = input.validate(today(), &codes)?;
        for trainee in &new.trainees {
            if !db.is_paired(viewer.id, *trainee).await? {
                return Err(AppError::invalid("trainees", "not_your_mentee"));
            }
        }
        for action in &new.actions {
            if action.owner_id != viewer.id && !new.trainees.contains(&action.owner_id) {
                return Err(AppError::invalid("actions", "owner_not_present"));
            }
        }
        let id = db
            .create_session(viewer.id, &new, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("/supervision/{id}?saved=session_recorded"))
    }
    .await;
    let mut kept: Vec<(&str, &str)> = vec![
        ("held_on", &input.held_on),
        ("minutes", &input.minutes),
        ("form", &input.form),
        ("channel", &input.channel),
        ("topics", &input.topics),
        ("notes", &input.notes),
        ("items", &input.items),
    ];
    kept.extend(input.rest.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    form::finish(outcome, "/supervision/new", &kept)
}

/// One session, for its mentor, its attendees, and coordinators/admins of their stations.
#[server(endpoint = "supervision/session")]
pub async fn session(id: i64) -> Result<crate::model::mentorship::SessionDetail, AppError> {
    let viewer = auth::viewer().await?;
    let db = auth::db()?;
    let session = db.session(id).await?.ok_or(AppError::NotFound)?;
    let attendee = session.attendees.iter().any(|a| a.0 == viewer.id);
    let mut allowed = session.mentor_id == viewer.id || attendee;
    if !allowed {
        for (trainee, ..) in &session.attendees {
            if let Some((station, _)) = db.trainee_station(*trainee).await?
                && (viewer.has_role_at(Role::Coordinator, &station)
                    || viewer.has_role_at(Role::Admin, &station))
            {
                allowed = true;
            }
        }
    }
    if allowed {
        Ok(session)
    } else {
        Err(AppError::NotFound)
    }
}

/// A trainee confirms a session they attended, with optional remarks.
#[server(endpoint = "supervision/confirm")]
pub async fn confirm_session(session_id: i64, remarks: String) -> Result<(), AppError> {
    let back = format!("/supervision/{session_id}");
    let outcome = async {
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let session = db.session(session_id).await?.ok_or(AppError::NotFound)?;
        if !session.attendees.iter().any(|a| a.0 == viewer.id) {
            return Err(AppError::Forbidden);
        }
        let remarks = optional_note("remarks", &remarks, 1000, Lines::Many)?.unwrap_or_default();
        db.confirm_session(session_id, viewer.id, &remarks, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=confirmed"))
    }
    .await;
    form::finish(outcome, &back, &[("remarks", &remarks)])
}

/// Appends a correction (the mentor or an attendee); the record itself never changes.
#[server(endpoint = "supervision/correct")]
pub async fn correct_session(session_id: i64, body: String) -> Result<(), AppError> {
    let back = format!("/supervision/{session_id}");
    let outcome = async {
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let session = db.session(session_id).await?.ok_or(AppError::NotFound)?;
        if session.mentor_id != viewer.id && !session.attendees.iter().any(|a| a.0 == viewer.id) {
            return Err(AppError::Forbidden);
        }
        let body = required_note("body", &body, 1000, Lines::Many)?;
        db.add_session_correction(session_id, viewer.id, &body)
            .await?;
        Ok(format!("{back}?saved=corrected"))
    }
    .await;
    form::finish(outcome, &back, &[("body", &body)])
}

/// Marks an action done (its owner or the session's mentor).
#[server(endpoint = "supervision/action_done")]
pub async fn complete_action(action_id: i64) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let (session_id, mentor, owner) = db
            .action_people(action_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if viewer.id != mentor && viewer.id != owner {
            return Err(AppError::Forbidden);
        }
        db.complete_action(action_id, viewer.id).await?;
        Ok(format!("/supervision/{session_id}?saved=action_done"))
    }
    .await;
    form::finish(outcome, "/supervision", &[])
}

/// A trainee's own journal, or a mentor's mentees' journals.
#[server(endpoint = "reflections")]
pub async fn reflections() -> Result<Vec<crate::model::mentorship::ReflectionView>, AppError> {
    let viewer = auth::viewer().await?;
    let db = auth::db()?;
    if viewer.has_role(Role::Trainee) {
        db.reflections(viewer.id, true).await
    } else if viewer.has_role(Role::Mentor) {
        db.reflections(viewer.id, false).await
    } else {
        Err(AppError::Forbidden)
    }
}

/// Adds a reflection to the signed-in trainee's journal.
#[server(endpoint = "reflections/create")]
pub async fn write_reflection(title: String, body: String) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        if !viewer.has_role(Role::Trainee) {
            return Err(AppError::Forbidden);
        }
        let title = required_note("title", &title, 100, Lines::One)?;
        let body = required_note("body", &body, 5000, Lines::Many)?;
        auth::db()?
            .create_reflection(viewer.id, &title, &body)
            .await?;
        Ok("/reflections?saved=reflection_saved".to_owned())
    }
    .await;
    form::finish(
        outcome,
        "/reflections",
        &[("title", &title), ("body", &body)],
    )
}

/// Comments on a reflection: its trainee, or a mentor actively paired with them.
#[server(endpoint = "reflections/comment")]
pub async fn comment_on_reflection(reflection_id: i64, body: String) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let owner = db
            .reflection_owner(reflection_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if owner != viewer.id && !db.is_paired(viewer.id, owner).await? {
            return Err(AppError::NotFound);
        }
        let body = required_note("body", &body, 1000, Lines::Many)?;
        db.add_reflection_comment(reflection_id, viewer.id, &body)
            .await?;
        Ok(format!("/reflections?saved=commented#r{reflection_id}"))
    }
    .await;
    form::finish(outcome, "/reflections", &[])
}
