//! Activities and their records: whoever organised an activity records it (谁组织谁记录). The
//! organising station's coordinators record attendance; volunteers report their own hours.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::volunteer::{ActivityInput, ActivityView, HourRecordView, HourRules};

#[cfg(feature = "ssr")]
use crate::api::hours::station_ref;
#[cfg(feature = "ssr")]
use crate::api::volunteers::{staff, today};
#[cfg(feature = "ssr")]
use crate::model::offline::ClientId;
#[cfg(feature = "ssr")]
use crate::model::permission::Viewer;
#[cfg(feature = "ssr")]
use crate::model::privacy::optional_note;
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::model::volunteer::{
    ProposedTimes, RecordSource, RecordStatus, parse_clock, parse_volunteer_number,
};
#[cfg(feature = "ssr")]
use crate::server::db::hours::NewHourRecord;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// Adds an activity to a project, organised by a station whose hours this person confirms.
#[server(endpoint = "activities/create")]
pub async fn create_activity(#[server(flatten)] input: ActivityInput) -> Result<(), AppError> {
    let back = format!("/projects/{}", input.project_id.trim());
    let outcome = async {
        let viewer = staff().await?;
        let new = input.validate()?;
        if !viewer.can_confirm_hours_at(&station_ref(new.station_id).await?) {
            return Err(AppError::Forbidden);
        }
        let id = auth::db()?
            .create_activity(&new, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("/activities/{id}?saved=activity_created"))
    }
    .await;
    form::finish(
        outcome,
        &back,
        &[
            ("name", &input.name),
            ("kind", &input.kind),
            ("held_on", &input.held_on),
            ("start", &input.start),
            ("end", &input.end),
            ("township", &input.township),
            ("village", &input.village),
            ("content", &input.content),
            ("capacity", &input.capacity),
        ],
    )
}

/// A volunteer on the attendance checklist.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Candidate {
    /// Volunteer id.
    pub id: i64,
    pub name: String,
    /// Under 18 without a recorded guardian consent: cannot be recorded yet.
    pub needs_consent: bool,
    /// Already has a record for this activity.
    pub recorded: bool,
}

/// What an activity's page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActivityData {
    /// The activity.
    pub activity: ActivityView,
    /// Its records.
    pub records: Vec<HourRecordView>,
    /// The roster to tick (empty unless this person records for the station).
    pub candidates: Vec<Candidate>,
    /// May this person record and confirm here?
    pub can_record: bool,
    /// Cap and late window.
    pub rules: HourRules,
    /// Today in China.
    pub today: NaiveDate,
}

/// One activity with its records and, for its coordinators, the attendance checklist.
#[server(endpoint = "activities/get")]
pub async fn activity_page(id: i64) -> Result<ActivityData, AppError> {
    let viewer = staff().await?;
    let db = auth::db()?;
    let activity = db.activity(id).await?.ok_or(AppError::NotFound)?;
    let station = station_ref(activity.station_id).await?;
    if !viewer.can_manage_volunteers_at(&station) && !viewer.can_confirm_hours_at(&station) {
        return Err(AppError::Forbidden);
    }
    let can_record = viewer.can_confirm_hours_at(&station);
    let records = db.activity_records(id).await?;
    let candidates = if can_record {
        db.attendance_candidates(activity.station_id, activity.held_on)
            .await?
            .into_iter()
            .map(|(vid, name, needs_consent)| Candidate {
                recorded: records
                    .iter()
                    .any(|r| r.volunteer_id == vid && r.status != RecordStatus::Rejected),
                id: vid,
                name,
                needs_consent,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ActivityData {
        activity,
        records,
        candidates,
        can_record,
        rules: db.hour_rules().await?,
        today: today(),
    })
}

/// One row of the attendance checklist as the form posts it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AttendanceRow {
    /// `on` when ticked.
    #[serde(default)]
    pub pick: Option<String>,
    /// `HH:MM`.
    #[serde(default)]
    pub start: String,
    /// `HH:MM`.
    #[serde(default)]
    pub end: String,
}

/// The signed-in coordinator and the activity, if its organising station is one where they
/// record and confirm hours (谁组织谁记录).
#[cfg(feature = "ssr")]
pub(crate) async fn recordable_activity(
    activity_id: i64,
) -> Result<(Viewer, ActivityView), AppError> {
    let viewer = staff().await?;
    let activity = auth::db()?
        .activity(activity_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !viewer.can_confirm_hours_at(&station_ref(activity.station_id).await?) {
        return Err(AppError::Forbidden);
    }
    Ok((viewer, activity))
}

/// An error about the only row of a one-record form, named by its form field (`start`), not
/// by the checklist's per-volunteer field (`start-17`).
#[cfg(feature = "ssr")]
fn one_row_field(err: AppError) -> AppError {
    match err {
        AppError::Invalid { field, code } => match field.split_once('-') {
            Some((name, _)) => AppError::invalid(name, &code),
            None => AppError::Invalid { field, code },
        },
        e => e,
    }
}

/// Checks times against the rules and builds the records for one activity.
#[cfg(feature = "ssr")]
async fn build_records(
    activity: &ActivityView,
    rows: &[(i64, String, String)],
    late_reason: &str,
    over_cap_reason: &str,
    source: RecordSource,
) -> Result<Vec<NewHourRecord>, AppError> {
    let late_reason =
        optional_note("late_reason", late_reason, 300, Lines::One)?.unwrap_or_default();
    let over_cap_reason =
        optional_note("over_cap_reason", over_cap_reason, 300, Lines::One)?.unwrap_or_default();
    let (late_reason, over_cap_reason) = (late_reason.as_str(), over_cap_reason.as_str());
    let rules = auth::db()?.hour_rules().await?;
    let today = today();
    let mut out = Vec::with_capacity(rows.len());
    for (volunteer_id, start, end) in rows {
        let field = |f: &str| format!("{f}-{volunteer_id}");
        let start_min = parse_clock(&field("start"), start)?;
        let end_min = parse_clock(&field("end"), end)?;
        let times = rules
            .check(
                &ProposedTimes {
                    served_on: activity.held_on,
                    start_min,
                    end_min,
                    over_cap_reason: Some(over_cap_reason),
                    late_reason: Some(late_reason),
                },
                today,
                false,
            )
            .map_err(|e| match e {
                AppError::Invalid { field: f, code } if f == "end" => {
                    AppError::invalid(&field("end"), &code)
                }
                e => e,
            })?;
        out.push(NewHourRecord {
            volunteer_id: *volunteer_id,
            activity_id: activity.id,
            station_id: activity.station_id,
            served_on: activity.held_on,
            start_min,
            end_min,
            kind: activity.kind,
            source,
            late: times.late,
            late_reason: times.late.then(|| late_reason.to_owned()),
            over_cap_reason: (times.minutes > rules.cap_minutes)
                .then(|| over_cap_reason.to_owned()),
            amends_id: None,
            correction_reason: None,
            checkout_missing: false,
        });
    }
    Ok(out)
}

/// Records attendance for every ticked volunteer at once (start and end per person).
#[server(endpoint = "activities/attendance")]
pub async fn record_attendance(
    activity_id: i64,
    late_reason: String,
    over_cap_reason: String,
    att: HashMap<String, AttendanceRow>,
    #[server(default)] client_id: String,
) -> Result<(), AppError> {
    let back = format!("/activities/{activity_id}");
    let outcome = async {
        let (viewer, activity) = recordable_activity(activity_id).await?;
        let db = auth::db()?;
        let client = ClientId::from_form(&client_id)?;
        if let Some(client) = &client
            && db.already_received(viewer.id, client).await?
        {
            // A phone sending again what arrived before: done, as the first time.
            return Ok(format!("{back}?saved=hours_recorded"));
        }
        let mut rows: Vec<(i64, String, String)> = att
            .iter()
            .filter(|(_, r)| r.pick.as_deref().is_some_and(|p| !p.is_empty()))
            .filter_map(|(k, r)| Some((k.parse().ok()?, r.start.clone(), r.end.clone())))
            .filter(|(id, ..)| *id > 0)
            .collect();
        rows.sort_by_key(|r| r.0);
        if rows.is_empty() {
            return Err(AppError::invalid("att", "pick_volunteers"));
        }
        let records = build_records(
            &activity,
            &rows,
            &late_reason,
            &over_cap_reason,
            RecordSource::Coordinator,
        )
        .await?;
        let n = records.len();
        db.record_hours_sent(&records, &auth::actor(Some(&viewer)), client.as_ref())
            .await
            .map_err(|(i, e)| match e {
                AppError::Invalid { code, .. } => {
                    AppError::invalid(&format!("volunteer-{}", rows[i].0), &code)
                }
                e => e,
            })?;
        Ok(format!("{back}?saved=hours_recorded&n={n}"))
    }
    .await;
    let mut kept: Vec<(String, String)> = vec![
        ("late_reason".into(), late_reason.clone()),
        ("over_cap_reason".into(), over_cap_reason.clone()),
    ];
    for (k, r) in &att {
        if r.pick.is_some() {
            kept.push((format!("pick-{k}"), "on".into()));
        }
        kept.push((format!("start-{k}"), r.start.clone()));
        kept.push((format!("end-{k}"), r.end.clone()));
    }
    let kept_refs: Vec<(&str, &str)> = kept.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    form::finish(outcome, &back, &kept_refs)
}

/// Records one volunteer, named by volunteer number, at an activity.
#[server(endpoint = "activities/record-one")]
pub async fn record_one(
    activity_id: i64,
    volunteer: String,
    start: String,
    end: String,
    late_reason: String,
    over_cap_reason: String,
) -> Result<(), AppError> {
    let back = format!("/activities/{activity_id}");
    let outcome = async {
        let (viewer, activity) = recordable_activity(activity_id).await?;
        let db = auth::db()?;
        let vid = parse_volunteer_number("volunteer", &volunteer)?;
        let rows = [(vid, start.clone(), end.clone())];
        let records = build_records(
            &activity,
            &rows,
            &late_reason,
            &over_cap_reason,
            RecordSource::Coordinator,
        )
        .await
        .map_err(one_row_field)?;
        db.record_hours(&records, &auth::actor(Some(&viewer)))
            .await
            .map_err(|(_, e)| e)?;
        Ok(format!("{back}?saved=hours_recorded&n=1"))
    }
    .await;
    form::finish(
        outcome,
        &back,
        &[
            ("volunteer", &volunteer),
            ("start", &start),
            ("end", &end),
            ("late_reason", &late_reason),
            ("over_cap_reason", &over_cap_reason),
        ],
    )
}

/// A volunteer reports their own hours at an activity; it waits for the organiser.
#[server(endpoint = "me/report")]
pub async fn self_report(
    activity_id: String,
    start: String,
    end: String,
    late_reason: String,
) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        let volunteer_id = viewer.volunteer_id.ok_or(AppError::Forbidden)?;
        let activity_id = crate::model::text::parse_id("activity_id", &activity_id)?;
        let db = auth::db()?;
        let activity = db.activity(activity_id).await?.ok_or(AppError::NotFound)?;
        // Only activities of their home station or a node above it (as the form offers).
        let home = db
            .volunteer_station(volunteer_id)
            .await?
            .ok_or(AppError::Forbidden)?;
        if !home.path_ids().contains(&activity.station_id) {
            return Err(AppError::Forbidden);
        }
        let rows = [(volunteer_id, start.clone(), end.clone())];
        let records = build_records(&activity, &rows, &late_reason, "", RecordSource::SelfReport)
            .await
            .map_err(one_row_field)?;
        db.record_hours(&records, &auth::actor(Some(&viewer)))
            .await
            .map_err(|(_, e)| e)?;
        Ok("/my-hours?saved=hours_reported".to_owned())
    }
    .await;
    form::finish(
        outcome,
        "/my-hours",
        &[
            ("activity_id", &activity_id),
            ("start", &start),
            ("end", &end),
            ("late_reason", &late_reason),
        ],
    )
}
