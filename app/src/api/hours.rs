//! Hour records after they are entered: whoever recorded them confirms them (谁记录谁证明).
//! The hours list, confirmation, rejection and corrections, totals and the hour settings.

use std::collections::HashMap;

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::station::StationChoices;
use crate::model::volunteer::{HourRecordView, HourRules, HoursFilter, StarThresholds, TotalsLine};

#[cfg(feature = "ssr")]
use crate::api::volunteers::{managed_stations, staff, today};
#[cfg(feature = "ssr")]
use crate::model::permission::{StationRef, Viewer};
#[cfg(feature = "ssr")]
use crate::model::privacy::required_note;
#[cfg(feature = "ssr")]
use crate::model::text::Lines;
#[cfg(feature = "ssr")]
use crate::model::volunteer::{ProposedTimes, RecordSource, RecordStatus, parse_clock, parse_date};
#[cfg(feature = "ssr")]
use crate::server::db::hours::NewHourRecord;
#[cfg(feature = "ssr")]
use crate::server::{auth, form};

/// Stations where this person confirms hours, as a picker offers them: those whose name
/// contains `search`.
#[cfg(feature = "ssr")]
pub(crate) async fn confirming_stations(
    viewer: &Viewer,
    search: &str,
) -> Result<StationChoices, AppError> {
    crate::api::stations::station_choices(
        &viewer.scope_of(&[crate::model::account::Role::Coordinator]),
        search,
        &[],
    )
    .await
}

#[cfg(feature = "ssr")]
pub(crate) async fn station_ref(id: i64) -> Result<StationRef, AppError> {
    auth::db()?.station_ref(id).await?.ok_or(AppError::NotFound)
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
    /// Stations to filter by (narrowed by the station search).
    pub stations: StationChoices,
    /// Projects to filter by.
    pub projects: Vec<(i64, String)>,
    /// True when this person confirms hours somewhere (a coordinator); each record is checked
    /// again on the server when confirmed.
    pub can_confirm: bool,
}

/// A page of hour records in this person's scope.
#[server(endpoint = "hours/list")]
pub async fn hours_page(filter: HoursFilter) -> Result<HoursData, AppError> {
    let viewer = staff().await?;
    let filter = filter.normalized();
    let db = auth::db()?;
    let scope = viewer.volunteer_scope();
    let limit = i64::try_from(crate::model::station::PICKER_LIMIT).unwrap_or(40);
    // The page and its two pickers are independent reads: at once.
    let ((records, total), stations, projects) = tokio::try_join!(
        db.hour_records(&scope, &filter, HoursFilter::PAGE_SIZE),
        managed_stations(&viewer, &filter.station_q, filter.station_id),
        db.project_choices(&scope, filter.project_id, limit),
    )?;
    Ok(HoursData {
        records,
        total,
        filter,
        stations,
        projects,
        can_confirm: viewer.has_role(crate::model::account::Role::Coordinator),
    })
}

/// How many records in this person's stations wait for confirmation (for the home page).
#[server(endpoint = "hours/waiting")]
pub async fn waiting_hours() -> Result<i64, AppError> {
    let viewer = staff().await?;
    let scope = viewer.volunteer_scope();
    let filter = HoursFilter {
        status: Some(RecordStatus::Submitted),
        page: 1,
        ..HoursFilter::default()
    };
    Ok(auth::db()?.hour_records(&scope, &filter, 0).await?.1)
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
            || !stations.iter().all(|(_, s)| viewer.can_confirm_hours_at(s))
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
        if !viewer.can_confirm_hours_at(station) {
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
        if !own && !viewer.can_confirm_hours_at(&station_ref(station_id).await?) {
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
            checkout_missing: false,
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

/// What the totals report shows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TotalsData {
    /// By project: at most [`REPORT_PROJECTS_SHOWN`](crate::model::volunteer::REPORT_PROJECTS_SHOWN),
    /// the busiest (a province runs about 2,000; the spreadsheet has them all).
    pub by_project: Vec<TotalsLine>,
    /// How many projects had hours in the range.
    pub projects: usize,
    /// By station: the nodes one level below the person's node.
    pub by_station: Vec<TotalsLine>,
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
    /// Today in China, for the period links.
    pub today: NaiveDate,
}

/// Confirmed hours by project, station and month within this person's stations.
#[server(endpoint = "hours/totals")]
pub async fn totals_page(from: String, to: String) -> Result<TotalsData, AppError> {
    use crate::server::db::volunteers::TotalsBy;
    let viewer = staff().await?;
    let from = parse_date("from", &from).ok();
    let to = parse_date("to", &to).ok();
    let db = auth::db()?;
    let scope = viewer.volunteer_scope();
    // The three groupings and the settings do not depend on each other: they run at once,
    // each on a connection of its own, so the page waits for the slowest.
    let (by_month, by_project, by_station, stars, rules) = futures::try_join!(
        db.volunteer_totals(&scope, TotalsBy::Month, from, to),
        db.volunteer_totals(&scope, TotalsBy::Project, from, to),
        db.volunteer_totals(&scope, TotalsBy::Station, from, to),
        db.star_thresholds(),
        db.hour_rules(),
    )?;
    let chart_svg = crate::server::chart::month_bars(&by_month);
    let (by_project, projects) = crate::model::volunteer::busiest_lines(
        by_project,
        crate::model::volunteer::REPORT_PROJECTS_SHOWN,
    );
    Ok(TotalsData {
        by_project,
        projects,
        by_station,
        by_month,
        from,
        to,
        stars,
        rules,
        can_configure: viewer.has_root_role(crate::model::account::Role::Admin),
        chart_svg,
        today: crate::model::time::china_today(),
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
        if !viewer.has_root_role(crate::model::account::Role::Admin) {
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
