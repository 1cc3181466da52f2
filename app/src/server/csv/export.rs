//! Exports of the roster and the hours list: exactly the filtered rows, masked, logged, as a
//! table that becomes a CSV or an `.xlsx` file.

use super::*;
use crate::i18n::key;
use crate::server::xlsx::{Cell, Table};

/// Translated column headings.
fn headings(locale: Locale, keys: &[&str]) -> Vec<String> {
    keys.iter().map(|k| locale.t(k)).collect()
}

/// The roster, exactly the filtered rows (every page), masked. Logged.
pub async fn roster_table(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    filter: &RosterFilter,
    locale: Locale,
) -> Result<Table, AppError> {
    let scope = viewer.volunteer_scope();
    let all = RosterFilter {
        page: 1,
        ..filter.clone()
    };
    let (rows, _) = db.roster(&scope, &all, 200_000).await?;
    let t = |k: &str| locale.t(k);
    let header = headings(
        locale,
        &[
            key!("roster.number"),
            key!("volunteer.name"),
            key!("volunteer.mobile"),
            key!("volunteer.station"),
            key!("volunteer.team"),
            key!("volunteer.status"),
            key!("roster.service_hours"),
            key!("roster.scan"),
            key!("roster.training_hours"),
            key!("roster.activities"),
            key!("roster.last"),
            key!("roster.star"),
        ],
    );
    let body: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                Cell::text(r.number.clone()),
                Cell::text(r.name.clone()),
                Cell::text(r.mobile_masked.clone()),
                Cell::text(r.station.clone()),
                Cell::text(r.team.clone()),
                Cell::text(t(&r.status.label_key())),
                Cell::Hours(r.service_minutes),
                Cell::Hours(r.scan_minutes),
                Cell::Hours(r.training_minutes),
                Cell::Int(r.activities),
                Cell::date(r.last_served_on),
                Cell::Int(i64::from(r.star)),
            ]
        })
        .collect();
    db.log_export("roster", body.len(), &filter.to_query(), actor)
        .await?;
    Ok(Table { header, rows: body })
}

/// The hours list, exactly the filtered rows (every page). Logged.
pub async fn hours_table(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    filter: &HoursFilter,
    locale: Locale,
) -> Result<Table, AppError> {
    let scope = viewer.volunteer_scope();
    let all = HoursFilter {
        page: 1,
        ..filter.clone()
    };
    let (rows, _) = db.hour_records(&scope, &all, 500_000).await?;
    let t = |k: &str| locale.t(k);
    let header = headings(
        locale,
        &[
            key!("hours.record"),
            key!("roster.number"),
            key!("volunteer.name"),
            key!("hours.project"),
            key!("hours.activity"),
            key!("hours.station"),
            key!("hours.date"),
            key!("hours.start"),
            key!("hours.end"),
            key!("hours.hours"),
            key!("hours.kind"),
            key!("hours.status"),
            key!("hours.late"),
            key!("hours.amends"),
            key!("hours.scanned"),
        ],
    );
    let body: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| {
            vec![
                Cell::Int(r.id),
                Cell::text(r.volunteer_number.clone()),
                Cell::text(r.volunteer.clone()),
                Cell::text(r.project.clone()),
                Cell::text(r.activity.clone()),
                Cell::text(r.station.clone()),
                Cell::Date(r.served_on),
                Cell::text(format_clock(r.start_min)),
                Cell::text(format_clock(r.end_min)),
                Cell::Hours(r.minutes),
                Cell::text(t(&r.kind.label_key())),
                Cell::text(t(&r.status.label_key())),
                if r.late {
                    Cell::text(t(key!("hours.late")))
                } else {
                    Cell::Blank
                },
                r.amends_id.map_or(Cell::Blank, Cell::Int),
                if r.source == crate::model::volunteer::RecordSource::Scan {
                    Cell::text(t(key!("hours.scanned")))
                } else {
                    Cell::Blank
                },
            ]
        })
        .collect();
    db.log_export("hours", body.len(), &filter.to_query(), actor)
        .await?;
    Ok(Table { header, rows: body })
}

/// The overview's table as CSV: one line per child node, the node's own share if any, and the
/// totals, with every figure the page shows. Counts only, so no personal data and no log entry.
pub fn overview_csv(data: &crate::model::overview::OverviewData, locale: Locale) -> String {
    let header = headings(
        locale,
        &[
            key!("overview.node"),
            key!("overview.trainees"),
            key!("overview.active_pairings"),
            key!("overview.items_met"),
            key!("overview.requests_waiting"),
            key!("overview.since_supervision"),
            key!("overview.overdue_actions"),
            key!("overview.mentors"),
            key!("overview.max_mentees"),
            key!("overview.sessions"),
            key!("overview.session_hours"),
            key!("overview.forms"),
            key!("overview.functions"),
            key!("overview.volunteers"),
            key!("overview.active_volunteers"),
            key!("overview.service_hours"),
            key!("overview.training_hours"),
            key!("overview.records_waiting"),
            key!("overview.certificates"),
        ],
    );
    let today = data.today;
    let days = |d: Option<i64>| d.map(|d| d.to_string()).unwrap_or_default();
    let line = |name: String, f: &crate::model::overview::Figures| {
        vec![
            name,
            f.trainees.to_string(),
            f.active_pairings.to_string(),
            format!("{}/{}", f.items_met, f.items_total),
            format!(
                "{} ({})",
                f.requests_waiting,
                days(f.oldest_request_days(today))
            ),
            days(f.worst_supervision_days(today)),
            f.overdue_actions.to_string(),
            f.mentors.to_string(),
            f.max_mentees.to_string(),
            f.sessions.to_string(),
            format_hours(f.session_minutes),
            format!("{}/{}", f.individual_sessions, f.group_sessions),
            format!("{}/{}/{}", f.administrative, f.educational, f.supportive),
            f.volunteers.to_string(),
            f.active_volunteers.to_string(),
            format_hours(f.service_minutes),
            format_hours(f.training_minutes),
            format!(
                "{} ({})",
                f.records_waiting,
                days(f.oldest_record_days(today))
            ),
            f.certificates.to_string(),
        ]
    };
    let mut body: Vec<Vec<String>> = data
        .rows
        .iter()
        .map(|r| line(r.station.name.clone(), &r.figures))
        .collect();
    if let Some(own) = &data.own {
        body.push(line(
            locale.tf(key!("overview.own"), &[("name", &data.node.name)]),
            own,
        ));
    }
    body.push(line(locale.t(key!("overview.total")), &data.total));
    body.push(vec![locale.tf(
        key!("overview.period_range"),
        &[
            ("from", &data.period.from.to_string()),
            ("to", &data.period.to.to_string()),
        ],
    )]);
    write(&header, &body)
}

/// The totals report of the person's stations as three tables — by project, by station, by
/// month — for one workbook. Counts only (no personal data), so not logged.
pub async fn totals_tables(
    db: &Db,
    viewer: &Viewer,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    locale: Locale,
) -> Result<Vec<(String, Table)>, AppError> {
    use crate::server::db::volunteers::TotalsBy;
    let scope = viewer.volunteer_scope();
    let mut sheets = Vec::new();
    for (by, title, first) in [
        (
            TotalsBy::Project,
            key!("reports.by_project"),
            key!("hours.project"),
        ),
        (
            TotalsBy::Station,
            key!("reports.by_station"),
            key!("hours.station"),
        ),
        (
            TotalsBy::Month,
            key!("reports.by_month"),
            key!("reports.month"),
        ),
    ] {
        let lines = db.volunteer_totals(&scope, by, from, to).await?;
        let header = headings(
            locale,
            &[
                first,
                key!("roster.service_hours"),
                key!("reports.scan"),
                key!("roster.training_hours"),
                key!("reports.volunteers"),
            ],
        );
        let rows = lines
            .into_iter()
            .map(|l| {
                vec![
                    Cell::text(l.label),
                    Cell::Hours(l.service_minutes),
                    Cell::Hours(l.scan_minutes),
                    Cell::Hours(l.training_minutes),
                    Cell::Int(l.volunteers),
                ]
            })
            .collect();
        sheets.push((locale.t(title), Table { header, rows }));
    }
    Ok(sheets)
}

/// The certificate register of the person's stations: who got which certificate, for what
/// period, from whom. Names are personal data: logged like the other exports.
pub async fn register_table(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    locale: Locale,
) -> Result<Table, AppError> {
    let register = db.certificate_register(&viewer.volunteer_scope()).await?;
    let header = headings(
        locale,
        &[
            key!("certificate.number"),
            key!("roster.number"),
            key!("volunteer.name"),
            key!("roster.from"),
            key!("roster.to"),
            key!("roster.service_hours"),
            key!("certificate.scan_hours"),
            key!("roster.training_hours"),
            key!("certificate.organisation"),
            key!("certificate.handler"),
            key!("certificate.issued_on"),
        ],
    );
    let rows: Vec<Vec<Cell>> = register
        .into_iter()
        .map(|c| {
            vec![
                Cell::text(c.number),
                Cell::text(c.volunteer_number),
                Cell::text(c.volunteer),
                Cell::Date(c.from_on),
                Cell::Date(c.to_on),
                Cell::Hours(c.service_minutes),
                Cell::Hours(c.scan_minutes),
                Cell::Hours(c.training_minutes),
                Cell::text(c.station),
                Cell::text(c.issued_by),
                Cell::Date(c.issued_on),
            ]
        })
        .collect();
    db.log_export("certificate_register", rows.len(), "", actor)
        .await?;
    Ok(Table { header, rows })
}
