//! Projects, activities and hours: whoever organised an activity records it and confirms it
//! (谁组织谁记录，谁记录谁证明). Coordinators of the organising station record attendance,
//! confirm, reject and correct; volunteers report their own hours and ask for corrections;
//! certificates and totals for coordinators and admins.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::station::Station;
use crate::model::volunteer::{
    ActivityInput, ActivityView, CertificateView, HourRecordView, HourRules, HoursFilter,
    ProjectView, StarThresholds, TotalsLine,
};

#[cfg(feature = "ssr")]
use crate::api::volunteers::{managed_stations, staff, today};
#[cfg(feature = "ssr")]
use crate::model::permission::{StationRef, Viewer};
#[cfg(feature = "ssr")]
use crate::model::privacy::{optional_note, required_note};
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::model::volunteer::{
    ProposedTimes, RecordSource, RecordStatus, parse_clock, parse_date, parse_volunteer_number,
};
#[cfg(feature = "ssr")]
use crate::server::db::hours::NewHourRecord;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// Stations where this person confirms hours.
#[cfg(feature = "ssr")]
async fn confirming_stations(viewer: &Viewer) -> Result<Vec<Station>, AppError> {
    Ok(auth::db()?
        .stations()
        .await?
        .into_iter()
        .filter(|s| viewer.can_confirm_hours_at(s.station_ref()))
        .collect())
}

#[cfg(feature = "ssr")]
async fn station_ref(id: i64) -> Result<StationRef, AppError> {
    auth::db()?.station_ref(id).await?.ok_or(AppError::NotFound)
}

/// What the projects page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProjectsData {
    /// Every project.
    pub projects: Vec<ProjectView>,
    /// Stations this person may organise for.
    pub stations: Vec<Station>,
}

/// Every project with organisers and totals.
#[server(endpoint = "projects/list")]
pub async fn projects_page() -> Result<ProjectsData, AppError> {
    let viewer = staff().await?;
    Ok(ProjectsData {
        projects: auth::db()?.project_overview().await?,
        stations: confirming_stations(&viewer).await?,
    })
}

/// Creates a project organised by one station (and optionally a second).
#[server(endpoint = "projects/create")]
pub async fn create_project(
    name: String,
    description: String,
    station_id: String,
    co_station_id: String,
) -> Result<(), AppError> {
    let outcome = async {
        let viewer = staff().await?;
        let name = crate::model::text::required_text("name", &name, 60)?;
        let description =
            optional_note("description", &description, 5000, Lines::Many)?.unwrap_or_default();
        let mut ids = vec![crate::model::text::parse_id("station_id", &station_id)?];
        if !co_station_id.trim().is_empty() {
            ids.push(crate::model::text::parse_id(
                "co_station_id",
                &co_station_id,
            )?);
        }
        for id in &ids {
            if !viewer.can_confirm_hours_at(station_ref(*id).await?) {
                return Err(AppError::Forbidden);
            }
        }
        let id = auth::db()?
            .create_project(&name, &description, &ids, &auth::actor(Some(&viewer)))
            .await
            .map_err(|e| match e {
                AppError::Conflict(_) => AppError::invalid("name", "project_exists"),
                e => e,
            })?;
        Ok(format!("/projects/{id}?saved=project_created"))
    }
    .await;
    form::finish(
        outcome,
        "/projects",
        &[("name", &name), ("description", &description)],
    )
}

/// What one project's page shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ProjectData {
    /// The project.
    pub project: ProjectView,
    /// Its activities, newest first.
    pub activities: Vec<ActivityView>,
    /// Its organising stations where this person records hours.
    pub stations: Vec<Station>,
    /// Today in China.
    pub today: NaiveDate,
}

/// One project and its activities.
#[server(endpoint = "projects/get")]
pub async fn project_page(id: i64) -> Result<ProjectData, AppError> {
    let viewer = staff().await?;
    let db = auth::db()?;
    let project = db
        .project_overview()
        .await?
        .into_iter()
        .find(|p| p.id == id)
        .ok_or(AppError::NotFound)?;
    let stations = confirming_stations(&viewer)
        .await?
        .into_iter()
        .filter(|s| project.stations.iter().any(|(id, _)| *id == s.id))
        .collect();
    Ok(ProjectData {
        activities: db.activities(Some(id), 200).await?,
        project,
        stations,
        today: today(),
    })
}

/// Adds an activity to a project, organised by a station whose hours this person confirms.
#[server(endpoint = "activities/create")]
pub async fn create_activity(#[server(flatten)] input: ActivityInput) -> Result<(), AppError> {
    let back = format!("/projects/{}", input.project_id.trim());
    let outcome = async {
        let viewer = staff().await?;
        let new = input.validate()?;
        if !viewer.can_confirm_hours_at(station_ref(new.station_id).await?) {
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
    /// Name.
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
    if !viewer.can_manage_volunteers_at(station) && !viewer.can_confirm_hours_at(station) {
        return Err(AppError::Forbidden);
    }
    let can_record = viewer.can_confirm_hours_at(station);
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
) -> Result<(), AppError> {
    let back = format!("/activities/{activity_id}");
    let outcome = async {
        let viewer = staff().await?;
        let db = auth::db()?;
        let activity = db.activity(activity_id).await?.ok_or(AppError::NotFound)?;
        if !viewer.can_confirm_hours_at(station_ref(activity.station_id).await?) {
            return Err(AppError::Forbidden);
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
        db.record_hours(&records, &auth::actor(Some(&viewer)))
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
        let viewer = staff().await?;
        let db = auth::db()?;
        let activity = db.activity(activity_id).await?.ok_or(AppError::NotFound)?;
        if !viewer.can_confirm_hours_at(station_ref(activity.station_id).await?) {
            return Err(AppError::Forbidden);
        }
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
        .map_err(|e| match e {
            AppError::Invalid { field, code } => {
                AppError::invalid(field.split('-').next().unwrap_or("volunteer"), &code)
            }
            e => e,
        })?;
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

/// What the hours list shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HoursData {
    /// This page.
    pub records: Vec<HourRecordView>,
    /// Matching records.
    pub total: i64,
    /// The filter.
    pub filter: HoursFilter,
    /// Stations to filter by.
    pub stations: Vec<Station>,
    /// Projects to filter by.
    pub projects: Vec<(i64, String)>,
    /// Stations where this person confirms.
    pub confirm_at: Vec<i64>,
}

/// A page of hour records in this person's scope.
#[server(endpoint = "hours/list")]
pub async fn hours_page(filter: HoursFilter) -> Result<HoursData, AppError> {
    let viewer = staff().await?;
    let filter = filter.normalized();
    let db = auth::db()?;
    let scope = viewer.volunteer_station_ids();
    let (records, total) = db
        .hour_records(scope.as_deref(), &filter, HoursFilter::PAGE_SIZE)
        .await?;
    Ok(HoursData {
        records,
        total,
        filter,
        stations: managed_stations(&viewer).await?,
        projects: db.projects().await?,
        confirm_at: confirming_stations(&viewer)
            .await?
            .into_iter()
            .map(|s| s.id)
            .collect(),
    })
}

/// How many records in this person's stations wait for confirmation (for the home page).
#[server(endpoint = "hours/waiting")]
pub async fn waiting_hours() -> Result<i64, AppError> {
    let viewer = staff().await?;
    let scope = viewer.volunteer_station_ids();
    let filter = HoursFilter {
        status: Some(RecordStatus::Submitted),
        page: 1,
        ..HoursFilter::default()
    };
    Ok(auth::db()?
        .hour_records(scope.as_deref(), &filter, 1)
        .await?
        .1)
}

/// The certificate issuance register: the latest certificates of volunteers whose station
/// this person manages.
#[server(endpoint = "certificates/register")]
pub async fn certificate_register() -> Result<Vec<CertificateView>, AppError> {
    let viewer = staff().await?;
    let db = auth::db()?;
    let stations = db.stations().await?;
    Ok(db
        .certificates(None, None, false)
        .await?
        .into_iter()
        .filter(|c| {
            stations
                .iter()
                .find(|s| s.id == c.station_id)
                .is_some_and(|s| viewer.can_manage_volunteers_at(s.station_ref()))
        })
        .collect())
}

/// Confirms the ticked records (`pick[<id>]=on`) at stations where this person confirms.
#[server(endpoint = "hours/confirm")]
pub async fn confirm_hours(back: String, pick: HashMap<String, String>) -> Result<(), AppError> {
    let back = form::safe_target(Some(&back));
    let outcome = async {
        let viewer = staff().await?;
        let ids: Vec<i64> = pick
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .filter_map(|(k, _)| k.parse().ok())
            .filter(|id| *id > 0)
            .collect();
        if ids.is_empty() {
            return Err(AppError::invalid("pick", "pick_records"));
        }
        let db = auth::db()?;
        let stations = db.record_stations(&ids).await?;
        if stations.len() != ids.len()
            || !stations
                .iter()
                .all(|(_, s)| viewer.can_confirm_hours_at(*s))
        {
            return Err(AppError::Forbidden);
        }
        let o = db.confirm_hours(&ids, &auth::actor(Some(&viewer))).await?;
        let sep = if back.contains('?') { '&' } else { '?' };
        Ok(format!("{back}{sep}{}", o.to_query()))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Rejects a submitted record with a reason.
#[server(endpoint = "hours/reject")]
pub async fn reject_hours(record_id: i64, reason: String, back: String) -> Result<(), AppError> {
    let back = form::safe_target(Some(&back));
    let outcome = async {
        let viewer = staff().await?;
        let db = auth::db()?;
        let stations = db.record_stations(&[record_id]).await?;
        let (_, station) = stations.first().ok_or(AppError::NotFound)?;
        if !viewer.can_confirm_hours_at(*station) {
            return Err(AppError::Forbidden);
        }
        let reason = required_note("reason", &reason, 200, Lines::One)?;
        db.reject_hours(record_id, &reason, &auth::actor(Some(&viewer)))
            .await?;
        let sep = if back.contains('?') { '&' } else { '?' };
        Ok(format!("{back}{sep}saved=hours_rejected"))
    }
    .await;
    form::finish(outcome, &back, &[])
}

/// Asks for a correction of a confirmed record: a new amending record with the right times
/// and a reason, approved later by a coordinator other than the one who asked. The volunteer
/// may ask about their own records; coordinators of the recording station about any.
#[server(endpoint = "hours/correct")]
pub async fn request_correction(
    record_id: i64,
    start: String,
    end: String,
    reason: String,
    back: String,
) -> Result<(), AppError> {
    let back = form::safe_target(Some(&back));
    let outcome = async {
        let viewer = auth::viewer().await?;
        let db = auth::db()?;
        let (volunteer_id, activity_id, station_id, kind, served_on) = db
            .correctable(record_id)
            .await?
            .ok_or(AppError::Conflict("not_correctable".into()))?;
        let own = viewer.volunteer_id == Some(volunteer_id);
        if !own && !viewer.can_confirm_hours_at(station_ref(station_id).await?) {
            return Err(AppError::Forbidden);
        }
        let reason = required_note("reason", &reason, 300, Lines::One)?;
        let start_min = parse_clock("start", &start)?;
        let end_min = parse_clock("end", &end)?;
        let rules = db.hour_rules().await?;
        rules.check(
            &ProposedTimes {
                served_on,
                start_min,
                end_min,
                over_cap_reason: Some(&reason),
                late_reason: Some(&reason),
            },
            today(),
            true,
        )?;
        let record = NewHourRecord {
            volunteer_id,
            activity_id,
            station_id,
            served_on,
            start_min,
            end_min,
            kind,
            source: if own {
                RecordSource::SelfReport
            } else {
                RecordSource::Correction
            },
            late: false,
            late_reason: None,
            over_cap_reason: None,
            amends_id: Some(record_id),
            correction_reason: Some(reason),
        };
        db.record_hours(&[record], &auth::actor(Some(&viewer)))
            .await
            .map_err(|(_, e)| e)?;
        let sep = if back.contains('?') { '&' } else { '?' };
        Ok(format!("{back}{sep}saved=correction_requested"))
    }
    .await;
    form::finish(outcome, &back, &[("reason", &reason)])
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
        let rows = [(volunteer_id, start.clone(), end.clone())];
        let records = build_records(&activity, &rows, &late_reason, "", RecordSource::SelfReport)
            .await
            .map_err(|e| match e {
                AppError::Invalid { field, code } => {
                    AppError::invalid(field.split('-').next().unwrap_or("start"), &code)
                }
                e => e,
            })?;
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

/// What the totals report shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TotalsData {
    /// By project.
    pub by_project: Vec<TotalsLine>,
    /// By recording station.
    pub by_station: Vec<TotalsLine>,
    /// By month.
    pub by_month: Vec<TotalsLine>,
    /// Range start.
    pub from: Option<NaiveDate>,
    /// Range end.
    pub to: Option<NaiveDate>,
    /// Star thresholds.
    pub stars: StarThresholds,
    /// Hour rules.
    pub rules: HourRules,
    /// May change the settings (county admins).
    pub can_configure: bool,
    /// The bar chart, drawn on the server.
    pub chart_svg: String,
}

/// Confirmed hours by project, station and month within this person's stations.
#[server(endpoint = "hours/totals")]
pub async fn totals_page(from: String, to: String) -> Result<TotalsData, AppError> {
    use crate::server::db::volunteers::TotalsBy;
    let viewer = staff().await?;
    let from = parse_date("from", &from).ok();
    let to = parse_date("to", &to).ok();
    let db = auth::db()?;
    let scope = viewer.volunteer_station_ids();
    let by_month = db
        .volunteer_totals(scope.as_deref(), TotalsBy::Month, from, to)
        .await?;
    let chart_svg = crate::server::chart::month_bars(&by_month);
    Ok(TotalsData {
        by_project: db
            .volunteer_totals(scope.as_deref(), TotalsBy::Project, from, to)
            .await?,
        by_station: db
            .volunteer_totals(scope.as_deref(), TotalsBy::Station, from, to)
            .await?,
        by_month,
        from,
        to,
        stars: db.star_thresholds().await?,
        rules: db.hour_rules().await?,
        can_configure: viewer.has_county_role(crate::model::account::Role::Admin),
        chart_svg,
    })
}

/// Saves star thresholds (hours), the record cap (hours) and the late-entry window (days).
#[server(endpoint = "hours/settings")]
pub async fn save_volunteer_settings(
    star_1: String,
    star_2: String,
    star_3: String,
    star_4: String,
    star_5: String,
    cap_hours: String,
    late_days: String,
) -> Result<(), AppError> {
    let outcome = async {
        let viewer = auth::viewer().await?;
        if !viewer.has_county_role(crate::model::account::Role::Admin) {
            return Err(AppError::Forbidden);
        }
        let num = |field: &str, v: &str| -> Result<i64, AppError> {
            v.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .ok_or_else(|| AppError::invalid(field, "number_range"))
        };
        let stars = StarThresholds([
            num("star_1", &star_1)?,
            num("star_2", &star_2)?,
            num("star_3", &star_3)?,
            num("star_4", &star_4)?,
            num("star_5", &star_5)?,
        ])
        .validate()?;
        let cap = num("cap_hours", &cap_hours)?;
        if cap > 24 {
            return Err(AppError::invalid("cap_hours", "number_range"));
        }
        let rules = HourRules {
            cap_minutes: cap * 60,
            late_days: num("late_days", &late_days)?,
        };
        auth::db()?
            .set_volunteer_settings(stars, rules, &auth::actor(Some(&viewer)))
            .await?;
        Ok("/volunteer-reports?saved=settings_saved".to_owned())
    }
    .await;
    form::finish(outcome, "/volunteer-reports", &[])
}

/// The certificate form.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CertificateInput {
    /// Volunteer id.
    pub volunteer_id: String,
    /// Issuing station.
    pub station_id: String,
    /// Period start.
    pub from_on: String,
    /// Period end.
    pub to_on: String,
    /// `on` to print the ID number in full.
    #[serde(default)]
    pub show_id: Option<String>,
    /// Why the ID number is printed in full (required then).
    #[serde(default)]
    pub show_id_reason: String,
    /// Person in charge.
    pub person_in_charge: String,
    /// Contact.
    pub contact: String,
    /// Notes.
    #[serde(default)]
    pub notes: String,
}

/// Issues a certificate of a volunteer's confirmed hours at one station for a period.
#[server(endpoint = "certificates/issue")]
pub async fn issue_certificate(#[server(flatten)] input: CertificateInput) -> Result<(), AppError> {
    let CertificateInput {
        volunteer_id,
        station_id,
        from_on,
        to_on,
        show_id,
        show_id_reason,
        person_in_charge,
        contact,
        notes,
    } = input;
    let volunteer_id: i64 = volunteer_id.trim().parse().unwrap_or(0);
    let back = format!("/volunteers/{volunteer_id}");
    let outcome = async {
        let viewer = staff().await?;
        let station_id = crate::model::text::parse_id("station_id", &station_id)?;
        if !viewer.can_confirm_hours_at(station_ref(station_id).await?) {
            return Err(AppError::Forbidden);
        }
        let from = parse_date("from_on", &from_on)?;
        let to = parse_date("to_on", &to_on)?;
        if to < from {
            return Err(AppError::invalid("to_on", "end_before_start"));
        }
        // Printing the ID number in full is a reveal: only the volunteer's home station (or
        // the county) may, with a reason, and it is audited there.
        let show_id = if show_id.as_deref().is_some_and(|v| !v.is_empty()) {
            let home = auth::db()?
                .volunteer_station(volunteer_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if !viewer.can_manage_volunteers_at(home) {
                return Err(AppError::invalid("show_id", "show_id_home_station_only"));
            }
            Some(crate::server::db::certificates::IdReveal {
                home_station_id: home.id,
                reason: required_note("show_id_reason", &show_id_reason, 200, Lines::One)?,
            })
        } else {
            None
        };
        let c = crate::server::db::certificates::NewCertificate {
            volunteer_id,
            station_id,
            from_on: from,
            to_on: to,
            show_id,
            person_in_charge: crate::model::text::required_text(
                "person_in_charge",
                &person_in_charge,
                40,
            )?,
            contact: crate::model::text::required_text("contact", &contact, 40)?,
            notes: optional_note("notes", &notes, 300, Lines::Many)?.unwrap_or_default(),
        };
        let id = auth::db()?
            .issue_certificate(&c, &auth::actor(Some(&viewer)))
            .await?;
        Ok(format!("/certificates/{id}"))
    }
    .await;
    form::finish(
        outcome,
        &back,
        &[
            ("from_on", &from_on),
            ("to_on", &to_on),
            ("person_in_charge", &person_in_charge),
            ("contact", &contact),
            ("notes", &notes),
            ("show_id_reason", &show_id_reason),
        ],
    )
}

/// One issued certificate: for coordinators and admins of the issuing station or of the
/// volunteer's home station, or the volunteer.
#[server(endpoint = "certificates/get")]
pub async fn certificate_page(id: i64) -> Result<CertificateView, AppError> {
    let viewer = auth::viewer().await?;
    let db = auth::db()?;
    let cert = db
        .certificates(Some(id), None, false)
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let home = db
        .volunteer_station(cert.volunteer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // The full ID number, when the certificate carries it, only for the volunteer and their
    // home station; the issuing station of another town sees it masked.
    let own_or_home =
        viewer.volunteer_id == Some(cert.volunteer_id) || viewer.can_manage_volunteers_at(home);
    if !own_or_home && !viewer.can_manage_volunteers_at(station_ref(cert.station_id).await?) {
        return Err(AppError::Forbidden);
    }
    if own_or_home && cert.id_in_full {
        return db
            .certificates(Some(id), None, true)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound);
    }
    Ok(cert)
}
