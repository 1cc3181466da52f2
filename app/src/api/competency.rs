//! Practice log, progress, sign-off requests, review and decisions. Every function checks the
//! signed-in person against the trainee's station: the trainee themself, or mentors (deciding),
//! coordinators and admins (viewing) of that station.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::competency::{Framework, ItemStatus, Practice, PracticeInput, RuleProgress};

#[cfg(feature = "ssr")]
use crate::model::offline::ClientId;
#[cfg(feature = "ssr")]
use crate::model::privacy::{optional_note, required_note};
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::model::{
    account::Role,
    permission::{Scope, Viewer},
};
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// Re-exported so pages can show decisions.
pub use crate::model::competency::Outcome;

/// One decision as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionView {
    pub item_code: String,
    pub outcome: Outcome,
    /// Comment or reason.
    pub comment: String,
    /// Who.
    pub decided_by: String,
    /// When.
    pub decided_at: chrono::DateTime<chrono::Utc>,
    /// How many practices it relied on.
    pub evidence_count: usize,
}

#[cfg(feature = "ssr")]
impl From<crate::server::db::competency::Decision> for DecisionView {
    fn from(d: crate::server::db::competency::Decision) -> Self {
        Self {
            item_code: d.item_code,
            outcome: d.outcome,
            comment: d.comment,
            decided_by: d.decided_by,
            decided_at: d.decided_at,
            evidence_count: d.evidence.len(),
        }
    }
}

/// What the practice form needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PracticeFormData {
    /// The trainee's framework version.
    pub framework: Framework,
    /// Projects to choose from.
    pub projects: Vec<(i64, String)>,
    /// Today in China.
    pub today: NaiveDate,
    /// The practice being edited, if any.
    pub editing: Option<Practice>,
    /// When a mentor records an observed practice: the trainee's id and name.
    pub for_trainee: Option<(i64, String)>,
}

#[cfg(feature = "ssr")]
fn today_in_china() -> NaiveDate {
    crate::model::time::china_time(chrono::Utc::now()).date()
}

#[cfg(feature = "ssr")]
async fn trainee() -> Result<Viewer, AppError> {
    let viewer = auth::viewer().await?;
    if viewer.has_role(Role::Trainee) {
        Ok(viewer)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whose practice is being recorded: the signed-in trainee's own, or (`for_trainee`) one a
/// mentor or admin of that trainee's station observed.
#[cfg(feature = "ssr")]
async fn practice_owner(for_trainee: Option<i64>) -> Result<(Viewer, i64), AppError> {
    match for_trainee {
        None => trainee().await.map(|v| {
            let id = v.id;
            (v, id)
        }),
        Some(trainee_id) => {
            let viewer = auth::viewer().await?;
            let (station, _) = auth::db()?
                .trainee_station(trainee_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let paired = auth::db()?.is_paired(viewer.id, trainee_id).await?;
            if !viewer.can_view_trainee(trainee_id, &station, paired) {
                return Err(AppError::NotFound);
            }
            if !viewer.can_decide_signoff(trainee_id, paired) {
                return Err(AppError::Forbidden);
            }
            Ok((viewer, trainee_id))
        }
    }
}

/// The practice form's data: the trainee's framework and projects (and the practice to edit).
/// With `for_trainee`, a mentor records a practice they observed.
#[server(endpoint = "practice/form")]
pub async fn practice_form(
    editing: Option<i64>,
    for_trainee: Option<i64>,
) -> Result<PracticeFormData, AppError> {
    let (viewer, owner) = practice_owner(for_trainee).await?;
    let db = auth::db()?;
    let version = db.ensure_enrolment(owner).await?;
    let framework = db.framework(version).await?.ok_or(AppError::NotFound)?;
    let editing = match editing {
        Some(id) => {
            let practice = db.practice(id).await?.ok_or(AppError::NotFound)?;
            if practice.trainee_id != viewer.id {
                return Err(AppError::NotFound);
            }
            Some(practice)
        }
        None => None,
    };
    let owner_station = db.trainee_station(owner).await?;
    // The projects of the trainee's station and the nodes above it (or, for someone with no
    // trainee station, of wherever they work).
    let project_scope = match &owner_station {
        Some((station, _)) => Scope::Within(vec![station.path.clone()]),
        None => Scope::Within(
            viewer
                .roles
                .iter()
                .map(|g| g.station_path.clone())
                .collect(),
        ),
    };
    let limit = i64::try_from(crate::model::station::PICKER_LIMIT).unwrap_or(40);
    let projects = db.project_choices(&project_scope, None, limit).await?;
    let for_trainee = for_trainee.map(|_| {
        (
            owner,
            owner_station.map(|(_, name)| name).unwrap_or_default(),
        )
    });
    Ok(PracticeFormData {
        framework,
        projects,
        today: today_in_china(),
        editing,
        for_trainee,
    })
}

#[cfg(feature = "ssr")]
fn kept(input: &PracticeInput) -> Vec<(&'static str, String)> {
    let mut codes: Vec<String> = input.item_codes();
    codes.sort();
    vec![
        ("practised_on", input.practised_on.clone()),
        ("items", codes.join(",")),
        ("setting", input.setting.clone()),
        ("level", input.level.clone()),
        (
            "mentor_observed",
            input.mentor_observed.clone().unwrap_or_default(),
        ),
        ("project_id", input.project_id.clone()),
        ("township", input.township.clone()),
        ("village", input.village.clone()),
        ("alias", input.alias.clone()),
        ("age_band", input.age_band.clone()),
        ("reflection", input.reflection.clone()),
    ]
}

#[cfg(feature = "ssr")]
fn finish_practice(
    outcome: Result<String, AppError>,
    back: &str,
    input: &PracticeInput,
) -> Result<(), AppError> {
    let kept = kept(input);
    let pairs: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form::finish(outcome, back, &pairs)
}

/// Where a logged practice leads: the trainee's list, or the progress page of the trainee a
/// mentor recorded it for.
#[cfg(feature = "ssr")]
fn done_path(owner: i64, viewer: i64) -> String {
    if owner == viewer {
        "/practice?saved=practice_logged".to_owned()
    } else {
        format!("/progress/{owner}?saved=practice_logged")
    }
}

/// Logs a practice. Text that looks like an ID or mobile number is refused and the form comes
/// back with everything typed.
#[server(endpoint = "practice/log")]
pub async fn log_practice(#[server(flatten)] input: PracticeInput) -> Result<(), AppError> {
    let outcome = async {
        let for_trainee = match input.for_trainee.trim() {
            "" => None,
            raw => Some(crate::model::text::parse_id("for_trainee", raw)?),
        };
        let (viewer, owner) = practice_owner(for_trainee).await?;
        let db = auth::db()?;
        // Sent before from a phone's outbox? Then it is stored, and this is the same success,
        // whatever the copy says (a refused copy fixed and sent under its id is replaced). The
        // transaction that writes checks again, race-free.
        if let Some(client) = ClientId::from_form(&input.client_id)?
            && db.already_received(viewer.id, &client).await?
        {
            return Ok(done_path(owner, viewer.id));
        }
        let version = db.ensure_enrolment(owner).await?;
        let framework = db.framework(version).await?.ok_or(AppError::NotFound)?;
        let mut new = input.validate(today_in_china(), &framework.codes())?;
        if owner != viewer.id {
            // A mentor records what they saw themselves.
            new.mentor_observed = true;
        }
        db.create_practice(owner, viewer.id, &new).await?;
        Ok(done_path(owner, viewer.id))
    }
    .await;
    let back = if input.for_trainee.trim().is_empty() {
        "/practice/new".to_owned()
    } else {
        format!("/practice/new?for={}", input.for_trainee.trim())
    };
    finish_practice(outcome, &back, &input)
}

/// Edits one's own practice while no decision has used it.
#[server(endpoint = "practice/edit")]
pub async fn edit_practice(#[server(flatten)] input: PracticeInput) -> Result<(), AppError> {
    let id = input.id.trim().parse::<i64>().unwrap_or_default();
    let back = format!("/practice/{id}");
    let outcome = async {
        let viewer = trainee().await?;
        let db = auth::db()?;
        let version = db.ensure_enrolment(viewer.id).await?;
        let framework = db.framework(version).await?.ok_or(AppError::NotFound)?;
        let new = input.validate(today_in_china(), &framework.codes())?;
        db.update_practice(id, viewer.id, &new).await?;
        Ok("/practice?saved=practice_updated".to_owned())
    }
    .await;
    finish_practice(outcome, &back, &input)
}

/// Withdraws one's own practice while no decision has used it.
#[server(endpoint = "practice/withdraw")]
pub async fn withdraw_practice(id: i64) -> Result<(), AppError> {
    let outcome = async {
        let viewer = trainee().await?;
        auth::db()?.withdraw_practice(id, viewer.id).await?;
        Ok("/practice?saved=practice_withdrawn".to_owned())
    }
    .await;
    form::finish(outcome, &format!("/practice/{id}"), &[])
}

/// The signed-in trainee's practices, newest first.
#[server(endpoint = "practice/mine")]
pub async fn my_practices() -> Result<Vec<Practice>, AppError> {
    let viewer = trainee().await?;
    auth::db()?.practices(viewer.id).await
}

/// One item's standing, for the progress page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemProgress {
    pub code: String,
    pub title: String,
    pub status: ItemStatus,
    /// What the rule still needs.
    pub rule: RuleProgress,
    /// Practices logged (not withdrawn).
    pub practices: usize,
    /// The waiting request, if any.
    pub pending_request: Option<i64>,
}

/// One area's count of competent items.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaProgress {
    pub code: String,
    pub title: String,
    /// Items signed off.
    pub competent: usize,
    /// Items in the area.
    pub total: usize,
    /// Items in it.
    pub items: Vec<ItemProgress>,
}

/// A trainee's progress as the trainee, their mentors and coordinators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressView {
    pub trainee_id: i64,
    pub trainee_name: String,
    /// Framework name and version.
    pub framework: String,
    pub areas: Vec<AreaProgress>,
    /// Practices, newest first.
    pub practices: Vec<Practice>,
    /// Decisions, newest first.
    pub decisions: Vec<DecisionView>,
    /// True when the viewer is the trainee (may request sign-off).
    pub is_self: bool,
    /// True when the viewer may revoke sign-offs.
    pub can_decide: bool,
    /// True when the viewer (an admin of the trainee's station) may move the trainee to a newer
    /// published framework version.
    pub can_move: bool,
}

/// Where the trainee stands on every item of `framework`, area by area, from their facts.
#[cfg(feature = "ssr")]
pub(crate) fn areas_of(
    framework: &crate::model::competency::Framework,
    facts: &crate::server::db::competency::ProgressFacts,
) -> Vec<AreaProgress> {
    use crate::model::competency::{item_status, rule_progress};
    framework
        .areas
        .iter()
        .map(|area| {
            let items: Vec<ItemProgress> = area
                .items
                .iter()
                .map(|item| {
                    let practices = facts
                        .practices
                        .get(&item.code)
                        .map_or(&[][..], Vec::as_slice);
                    let pending = facts.pending.get(&item.code).copied();
                    let latest = facts.latest.get(&item.code).map(|d| d.outcome);
                    ItemProgress {
                        code: item.code.clone(),
                        title: item.title.clone(),
                        status: item_status(pending.is_some(), latest, practices.len()),
                        rule: rule_progress(item.rule, practices),
                        practices: practices.len(),
                        pending_request: pending,
                    }
                })
                .collect();
            AreaProgress {
                code: area.code.clone(),
                title: area.title.clone(),
                competent: items
                    .iter()
                    .filter(|i| i.status == ItemStatus::Competent)
                    .count(),
                total: items.len(),
                items,
            }
        })
        .collect()
}

/// Progress of `trainee_id`, or of the signed-in trainee when `None`.
#[server(endpoint = "progress")]
pub async fn progress(trainee_id: Option<i64>) -> Result<ProgressView, AppError> {
    let viewer = auth::viewer().await?;
    let trainee_id = trainee_id.unwrap_or(viewer.id);
    let db = auth::db()?;
    let (station, trainee_name) =
        db.trainee_station(trainee_id)
            .await?
            .ok_or(if trainee_id == viewer.id {
                AppError::Forbidden
            } else {
                AppError::NotFound
            })?;
    let paired = db.is_paired(viewer.id, trainee_id).await?;
    if !viewer.can_view_trainee(trainee_id, &station, paired) {
        return Err(AppError::NotFound);
    }
    let version = db.ensure_enrolment(trainee_id).await?;
    let framework = db.framework(version).await?.ok_or(AppError::NotFound)?;
    let facts = db.progress_facts(trainee_id).await?;
    let areas = areas_of(&framework, &facts);
    let mut decisions: Vec<DecisionView> = facts
        .decisions
        .into_iter()
        .map(DecisionView::from)
        .collect();
    decisions.reverse();
    Ok(ProgressView {
        trainee_id,
        trainee_name,
        framework: format!("{} v{}", framework.name, framework.version),
        areas,
        practices: db.practices(trainee_id).await?,
        decisions,
        is_self: trainee_id == viewer.id,
        can_decide: viewer.can_decide_signoff(trainee_id, paired),
        can_move: viewer.has_role_at(Role::Admin, &station)
            && db
                .latest_published_version()
                .await?
                .is_some_and(|latest| latest != version),
    })
}

/// Asks for sign-off on an item whose rule is met.
#[server(endpoint = "signoff/request")]
pub async fn request_signoff(item_code: String) -> Result<(), AppError> {
    let outcome = async {
        use crate::model::competency::{item_status, may_request_signoff, rule_progress};

        let viewer = trainee().await?;
        let db = auth::db()?;
        let version = db.ensure_enrolment(viewer.id).await?;
        let framework = db.framework(version).await?.ok_or(AppError::NotFound)?;
        let item = framework.item(&item_code).ok_or(AppError::NotFound)?;
        let facts = db.progress_facts(viewer.id).await?;
        let practices = facts
            .practices
            .get(&item.code)
            .map_or(&[][..], Vec::as_slice);
        let latest = facts.latest.get(&item.code).map(|d| d.outcome);
        let pending = facts.pending.contains_key(&item.code);
        may_request_signoff(
            item_status(pending, latest, practices.len()),
            rule_progress(item.rule, practices),
        )
        .map_err(|code| AppError::Conflict(code.into()))?;
        db.request_signoff(viewer.id, &item.code, version, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/progress?saved=signoff_requested".to_owned())
    }
    .await;
    form::finish(outcome, "/progress", &[])
}

/// The review queue: waiting requests of the trainees this mentor (or admin) oversees.
#[server(endpoint = "review/queue")]
pub async fn review_queue() -> Result<Vec<crate::model::competency::QueueItem>, AppError> {
    let viewer = auth::viewer().await?;
    if !(viewer.has_role(Role::Mentor) || viewer.has_role(Role::Admin)) {
        return Err(AppError::Forbidden);
    }
    let rows = auth::db()?.review_queue(viewer.id).await?;
    Ok(rows
        .into_iter()
        .map(|r| crate::model::competency::QueueItem {
            request_id: r.request_id,
            trainee_id: r.trainee_id,
            trainee_name: r.trainee_name,
            item_code: r.item_code,
            item_title: r.item_title,
            requested_at: r.requested_at,
        })
        .collect())
}

/// Practices of this mentor's paired trainees that claim the mentor's observation.
#[server(endpoint = "review/observations")]
pub async fn observation_claims()
-> Result<Vec<crate::model::competency::ObservationClaim>, AppError> {
    let viewer = auth::viewer().await?;
    if !viewer.has_role(Role::Mentor) {
        return Ok(Vec::new());
    }
    auth::db()?.observation_claims(viewer.id).await
}

/// A paired mentor confirms they observed a trainee's practice; only then does the trainee's
/// "observed by my mentor" count towards sign-off.
#[server(endpoint = "review/confirm_observation")]
pub async fn confirm_observation(practice_id: i64) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let practice = db.practice(practice_id).await?.ok_or(AppError::NotFound)?;
        let (station, _) = db
            .trainee_station(practice.trainee_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let paired = db.is_paired(viewer.id, practice.trainee_id).await?;
        if !viewer.can_view_trainee(practice.trainee_id, &station, paired) {
            return Err(AppError::NotFound);
        }
        if !viewer.can_decide_signoff(practice.trainee_id, paired) {
            return Err(AppError::Forbidden);
        }
        db.confirm_observation(practice_id, station.id, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/review?saved=observation_confirmed".to_owned())
    }
    .await;
    form::finish(outcome, "/review", &[])
}

/// A trainee in the overview, with counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TraineeSummary {
    /// Trainee id.
    pub id: i64,
    pub name: String,
    pub station: String,
    /// Items signed off.
    pub competent: usize,
    /// Requests waiting.
    pub pending: usize,
}

/// The trainees this mentor, coordinator or admin oversees, side by side.
#[server(endpoint = "trainees")]
pub async fn trainees() -> Result<Vec<TraineeSummary>, AppError> {
    let viewer = auth::viewer().await?;
    if ![Role::Mentor, Role::Coordinator, Role::Admin]
        .into_iter()
        .any(|r| viewer.has_role(r))
    {
        return Err(AppError::Forbidden);
    }
    let db = auth::db()?;
    let rows = db.overseen_trainees(viewer.id).await?;
    let counts = db.overseen_summaries(viewer.id).await?;
    Ok(rows
        .into_iter()
        .map(|t| {
            let (competent, pending) = counts.get(&t.id).copied().unwrap_or_default();
            TraineeSummary {
                id: t.id,
                name: t.name,
                station: t.station,
                competent,
                pending,
            }
        })
        .collect())
}

/// Everything the review page shows for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewView {
    pub request_id: i64,
    pub trainee_id: i64,
    pub trainee_name: String,
    pub item_code: String,
    pub item_title: String,
    /// Item description, safe HTML.
    pub item_description_html: String,
    /// What to look for.
    pub item_evidence: String,
    /// When requested.
    pub requested_at: chrono::DateTime<chrono::Utc>,
    /// The practices of this item (the evidence).
    pub practices: Vec<Practice>,
    /// The thread.
    pub comments: Vec<(String, String, chrono::DateTime<chrono::Utc>)>,
    /// The decision, once made.
    pub decision: Option<DecisionView>,
    /// May the viewer decide.
    pub can_decide: bool,
}

#[cfg(feature = "ssr")]
async fn load_request(
    viewer: &Viewer,
    request_id: i64,
) -> Result<(crate::server::db::competency::RequestRow, bool), AppError> {
    let db = auth::db()?;
    let request = db
        .signoff_request(request_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (station, _) = db
        .trainee_station(request.trainee_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let paired = db.is_paired(viewer.id, request.trainee_id).await?;
    if !viewer.can_view_trainee(request.trainee_id, &station, paired) {
        return Err(AppError::NotFound);
    }
    Ok((request, paired))
}

/// One request with its evidence, thread and decision.
#[server(endpoint = "review/request")]
pub async fn review(request_id: i64) -> Result<ReviewView, AppError> {
    let viewer = auth::viewer().await?;
    let (request, paired) = load_request(&viewer, request_id).await?;
    let db = auth::db()?;
    let framework = db
        .framework(request.version_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let item = framework
        .item(&request.item_code)
        .ok_or(AppError::NotFound)?
        .clone();
    let practices = db
        .practices(request.trainee_id)
        .await?
        .into_iter()
        .filter(|p| p.item_codes.contains(&request.item_code))
        .collect();
    let comments = db
        .request_comments(request_id)
        .await?
        .into_iter()
        .map(|c| (c.author, c.body, c.created_at))
        .collect();
    let decision = db
        .decision_for_request(request_id)
        .await?
        .map(DecisionView::from);
    Ok(ReviewView {
        request_id,
        trainee_id: request.trainee_id,
        trainee_name: request.trainee_name,
        item_code: item.code,
        item_title: item.title,
        item_description_html: item.description_html,
        item_evidence: item.evidence,
        requested_at: request.requested_at,
        practices,
        comments,
        can_decide: decision.is_none() && viewer.can_decide_signoff(request.trainee_id, paired),
        decision,
    })
}

/// Decides a request: 达标, or 需再练习 with a comment.
#[server(endpoint = "review/decide")]
pub async fn decide(request_id: i64, outcome: String, comment: String) -> Result<(), AppError> {
    let back = format!("/review/{request_id}");
    let outcome_result = async {
        let viewer = auth::viewer().await?;
        let (request, paired) = load_request(&viewer, request_id).await?;
        if !viewer.can_decide_signoff(request.trainee_id, paired) {
            return Err(AppError::Forbidden);
        }
        let outcome = match Outcome::parse(&outcome) {
            Some(o @ (Outcome::Competent | Outcome::NeedsPractice)) => o,
            _ => return Err(AppError::invalid("outcome", "required")),
        };
        let comment = optional_note("comment", &comment, 1000, Lines::Many)?.unwrap_or_default();
        if outcome == Outcome::NeedsPractice && comment.is_empty() {
            return Err(AppError::invalid("comment", "comment_required"));
        }
        auth::db()?
            .decide_request(request_id, outcome, &comment, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("{back}?saved=decided"))
    }
    .await;
    form::finish(outcome_result, &back, &[("comment", &comment)])
}

/// Adds a comment to a request's thread (the trainee or whoever may decide).
#[server(endpoint = "review/comment")]
pub async fn comment_on_request(request_id: i64, body: String) -> Result<(), AppError> {
    let back = format!("/review/{request_id}");
    let outcome = async {
        let viewer = auth::viewer().await?;
        let (request, paired) = load_request(&viewer, request_id).await?;
        if request.trainee_id != viewer.id && !viewer.can_decide_signoff(request.trainee_id, paired)
        {
            return Err(AppError::Forbidden);
        }
        let body = required_note("body", &body, 1000, Lines::Many)?;
        auth::db()?
            .add_request_comment(request_id, viewer.id, &body)
            .await?;
        Ok(format!("{back}?saved=commented"))
    }
    .await;
    form::finish(outcome, &back, &[("body", &body)])
}

/// Revokes a sign-off with a reason (a new record; the old decision stays visible).
#[server(endpoint = "signoff/revoke")]
pub async fn revoke_signoff(
    trainee_id: i64,
    item_code: String,
    reason: String,
) -> Result<(), AppError> {
    let back = format!("/progress/{trainee_id}");
    let outcome = async {
        use crate::model::competency::Outcome;

        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let (station, _) = db
            .trainee_station(trainee_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let paired = db.is_paired(viewer.id, trainee_id).await?;
        if !viewer.can_view_trainee(trainee_id, &station, paired) {
            return Err(AppError::NotFound);
        }
        if !viewer.can_decide_signoff(trainee_id, paired) {
            return Err(AppError::Forbidden);
        }
        let reason = required_note("reason", &reason, 1000, Lines::Many)?;
        let facts = db.progress_facts(trainee_id).await?;
        if facts.latest.get(&item_code).map(|d| d.outcome) != Some(Outcome::Competent) {
            return Err(AppError::Conflict("not_competent".into()));
        }
        let version = db.ensure_enrolment(trainee_id).await?;
        db.revoke_signoff(
            trainee_id,
            &item_code,
            version,
            &reason,
            &auth::actor(Some(&viewer)),
        )
        .await?;
        Ok(format!("{back}?saved=signoff_revoked"))
    }
    .await;
    form::finish(outcome, &back, &[])
}
