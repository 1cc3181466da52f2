//! The export for the national volunteer information system (MZ/T 061-2016 data elements):
//! the volunteers who served in a period and their confirmed records, with Chinese column
//! names and values whatever the page language, since the file is for the national system.
//! ID and mobile numbers are whole only for a coordinator of the volunteer's home station, and
//! each such export is logged as a reveal for that station.

use std::collections::{BTreeMap, HashMap};

use super::*;
use crate::model::account::{Role, mask_mobile};
use crate::model::national::{
    MAX_RECORDS, NationalPart, NationalPeriod, NationalSummary, RECORD_COLUMNS, VOLUNTEER_COLUMNS,
};
use crate::model::time::{china_today, format_datetime};
use crate::model::volunteer::{HourKind, RecordSource, mask_id_number, volunteer_number};
use crate::server::db::national::NationalRecord;
use crate::server::xlsx::{Cell, Table};

fn id_type_word(stored: Option<&str>) -> &'static str {
    match stored {
        Some("resident_id") => "居民身份证",
        Some(_) => "其他证件",
        None => "",
    }
}

fn gender_word(stored: &str) -> &'static str {
    match stored {
        "male" => "男",
        "female" => "女",
        _ => "未说明",
    }
}

/// The identifiers of a record's volunteer as this export shows them: whole for a coordinator
/// of their home station, masked for anyone else.
struct Shown {
    id_number: String,
    mobile: String,
    whole: bool,
}

fn shown(viewer: &Viewer, r: &NationalRecord) -> Shown {
    let whole = viewer.has_role_at(Role::Coordinator, &r.home_station());
    let number = r.id_number.as_deref().unwrap_or_default();
    Shown {
        id_number: if whole || number.is_empty() {
            number.to_owned()
        } else {
            mask_id_number(number)
        },
        mobile: if whole {
            r.mobile.clone()
        } else {
            mask_mobile(&r.mobile)
        },
        whole,
    }
}

/// The export page's figures for the period typed: the records and volunteers it would hold,
/// or the field that is wrong (the typed text is kept either way).
pub async fn national_summary(
    db: &Db,
    viewer: &Viewer,
    from: &str,
    to: &str,
) -> Result<NationalSummary, AppError> {
    let today = china_today();
    let (from, to) = if from.trim().is_empty() && to.trim().is_empty() {
        let p = NationalPeriod::last_month(today);
        (p.from.to_string(), p.to.to_string())
    } else {
        (
            from.trim().chars().take(10).collect(),
            to.trim().chars().take(10).collect(),
        )
    };
    let mut summary = NationalSummary {
        from,
        to,
        period: None,
        error: None,
        records: 0,
        volunteers: 0,
    };
    match NationalPeriod::parse(&summary.from, &summary.to, today) {
        Ok(period) => {
            let (records, volunteers) = db
                .national_counts(&viewer.volunteer_scope(), &period)
                .await?;
            if records > MAX_RECORDS {
                summary.error = Some(("to".into(), "national_too_many".into()));
            }
            summary.period = Some(period);
            summary.records = records;
            summary.volunteers = volunteers;
        }
        Err(AppError::Invalid { field, code }) => summary.error = Some((field, code)),
        Err(e) => return Err(e),
    }
    Ok(summary)
}

/// One file of the export for `period`: `part`, as a table for CSV or `.xlsx`. Refuses a
/// period with more than [`MAX_RECORDS`] records (the page says so before the download).
/// Logged.
pub async fn national_table(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    period: &NationalPeriod,
    part: NationalPart,
) -> Result<Table, AppError> {
    let scope = viewer.volunteer_scope();
    let records = db.national_records(&scope, period, MAX_RECORDS + 1).await?;
    if records.len() as i64 > MAX_RECORDS {
        return Err(AppError::invalid("to", "national_too_many"));
    }
    let mut revealed: BTreeMap<i64, usize> = BTreeMap::new();
    let mut counted: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let mut note = |r: &NationalRecord, s: &Shown| {
        if s.whole && counted.insert(r.volunteer_id) {
            *revealed.entry(r.home_id).or_default() += 1;
        }
    };
    let body: Vec<Vec<Cell>> = match part {
        NationalPart::Records => records
            .iter()
            .map(|r| {
                let s = shown(viewer, r);
                note(r, &s);
                record_row(r, s)
            })
            .collect(),
        NationalPart::Volunteers => {
            // One row per volunteer, in the order they first served, with the period's totals.
            let mut order: Vec<&NationalRecord> = Vec::new();
            let mut totals: HashMap<i64, (i64, i64)> = HashMap::new();
            for r in &records {
                let t = totals.entry(r.volunteer_id).or_insert_with(|| {
                    order.push(r);
                    (0, 0)
                });
                match r.kind {
                    HourKind::Service => t.0 += r.minutes,
                    HourKind::Training => t.1 += r.minutes,
                }
            }
            order
                .into_iter()
                .map(|r| {
                    let s = shown(viewer, r);
                    note(r, &s);
                    let (service, training) =
                        totals.get(&r.volunteer_id).copied().unwrap_or_default();
                    vec![
                        Cell::text(volunteer_number(r.volunteer_id)),
                        Cell::text(r.name.clone()),
                        Cell::text(id_type_word(r.id_type.as_deref())),
                        Cell::text(s.id_number),
                        Cell::text(gender_word(&r.gender)),
                        Cell::Date(r.birth_date),
                        Cell::text(s.mobile),
                        Cell::text(r.home.clone()),
                        Cell::Date(crate::model::time::china_time(r.registered_at).date()),
                        Cell::Hours(service),
                        Cell::Hours(training),
                    ]
                })
                .collect()
        }
    };
    db.log_national_export(part, period, body.len(), &revealed, actor)
        .await?;
    let columns: &[&str] = match part {
        NationalPart::Volunteers => &VOLUNTEER_COLUMNS,
        NationalPart::Records => &RECORD_COLUMNS,
    };
    let header: Vec<String> = columns.iter().map(|c| (*c).to_owned()).collect();
    Ok(Table { header, rows: body })
}

fn record_row(r: &NationalRecord, s: Shown) -> Vec<Cell> {
    let place = if r.village.is_empty() {
        r.township.clone()
    } else {
        format!("{}{}", r.township, r.village)
    };
    vec![
        Cell::Int(r.id),
        Cell::text(volunteer_number(r.volunteer_id)),
        Cell::text(r.name.clone()),
        Cell::text(id_type_word(r.id_type.as_deref())),
        Cell::text(s.id_number),
        Cell::text(r.project.clone()),
        Cell::text(r.activity.clone()),
        Cell::text(r.content.clone()),
        Cell::text(place),
        Cell::text(format!("{} {}", r.served_on, format_clock(r.start_min))),
        Cell::text(format!("{} {}", r.served_on, format_clock(r.end_min))),
        Cell::Hours(r.minutes),
        Cell::Int(r.minutes),
        Cell::text(match r.kind {
            HourKind::Service => "志愿服务",
            HourKind::Training => "培训",
        }),
        // Scanned in and out: 信用时长 (志愿汇's word); anything entered afterwards by a person,
        // a correction included, is 录入时长.
        Cell::text(if r.source == RecordSource::Scan {
            "信用时长"
        } else {
            "录入时长"
        }),
        Cell::text(if r.late { "是" } else { "否" }),
        r.amends_id.map_or(Cell::Blank, Cell::Int),
        Cell::text(r.station.clone()),
        Cell::text(r.recorded_by.clone()),
        Cell::text(format_datetime(r.recorded_at)),
        Cell::text(r.confirmed_by.clone().unwrap_or_default()),
        Cell::text(r.confirmed_at.map(format_datetime).unwrap_or_default()),
    ]
}
