//! Imports of volunteers and hours: every row checked first, every problem named by row and
//! column, then all rows written in one transaction or none.

use super::*;
use crate::model::volunteer::RecordSource;

pub use crate::model::import::ImportProblem;

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Every row was written, in one transaction.
    Imported(usize),
    /// Nothing was written; these rows are wrong.
    Rejected(Vec<ImportProblem>),
}

/// The volunteer template's columns (the heading row).
pub const VOLUNTEER_COLUMNS: [&str; 13] = [
    "姓名",
    "手机号",
    "证件类型",
    "证件号码",
    "出生日期",
    "性别",
    "所属站点",
    "服务队",
    "技能",
    "同意公开展示",
    "监护人",
    "监护人关系",
    "监护同意日期",
];

/// The hours template's columns.
pub const HOUR_COLUMNS: [&str; 7] = [
    "志愿者编号",
    "活动编号",
    "日期",
    "开始时间",
    "结束时间",
    "补录原因",
    "超时原因",
];

/// Maps a form field named in an error to the template column it came from.
fn volunteer_column(field: &str) -> &'static str {
    match field {
        "name" => VOLUNTEER_COLUMNS[0],
        "mobile" => VOLUNTEER_COLUMNS[1],
        "id_type" => VOLUNTEER_COLUMNS[2],
        "id_number" => VOLUNTEER_COLUMNS[3],
        "birth_date" => VOLUNTEER_COLUMNS[4],
        "gender" => VOLUNTEER_COLUMNS[5],
        "station_id" => VOLUNTEER_COLUMNS[6],
        "team" => VOLUNTEER_COLUMNS[7],
        "skills" => VOLUNTEER_COLUMNS[8],
        "guardian_name" => VOLUNTEER_COLUMNS[10],
        "guardian_relation" => VOLUNTEER_COLUMNS[11],
        "guardian_consent_on" => VOLUNTEER_COLUMNS[12],
        _ => "",
    }
}

fn hour_column(field: &str) -> &'static str {
    match field {
        "volunteer" => HOUR_COLUMNS[0],
        "activity" => HOUR_COLUMNS[1],
        "served_on" => HOUR_COLUMNS[2],
        "start" => HOUR_COLUMNS[3],
        "end" => HOUR_COLUMNS[4],
        "late_reason" => HOUR_COLUMNS[5],
        "over_cap_reason" => HOUR_COLUMNS[6],
        _ => "",
    }
}

/// Turns the database's answer to a checked batch into the import outcome: a rule only the
/// database can check (a duplicate, an overlap) names the file line of the row it refused.
fn written(
    result: Result<Vec<i64>, (usize, AppError)>,
    lines: &[usize],
    column: fn(&str) -> &'static str,
) -> Result<ImportOutcome, AppError> {
    match result {
        Ok(ids) => Ok(ImportOutcome::Imported(ids.len())),
        Err((i, AppError::Invalid { field, code })) => {
            Ok(ImportOutcome::Rejected(vec![ImportProblem {
                row: lines.get(i).copied().unwrap_or(0),
                column: column(&field).to_owned(),
                code,
            }]))
        }
        Err((_, e)) => Err(e),
    }
}

fn problem(row: usize, column: &str, err: &AppError) -> ImportProblem {
    ImportProblem {
        row,
        column: column.to_owned(),
        code: err.code(),
    }
}

/// A file the CSV reader could not read from `line` on.
fn unreadable(line: usize) -> ImportOutcome {
    ImportOutcome::Rejected(vec![ImportProblem {
        row: line,
        column: String::new(),
        code: "csv_unreadable".to_owned(),
    }])
}

fn heading_problems(rows: &[(usize, Vec<String>)], columns: &[&str]) -> Option<Vec<ImportProblem>> {
    let Some((_, head)) = rows.first() else {
        return Some(vec![ImportProblem {
            row: 1,
            column: String::new(),
            code: "csv_empty".into(),
        }]);
    };
    let head: Vec<&str> = head.iter().map(|h| h.trim()).collect();
    if head.len() < columns.len() || head[..columns.len()] != *columns {
        return Some(vec![ImportProblem {
            row: 1,
            column: String::new(),
            code: "csv_heading".into(),
        }]);
    }
    if rows.len() == 1 {
        return Some(vec![ImportProblem {
            row: 2,
            column: String::new(),
            code: "csv_empty".into(),
        }]);
    }
    None
}

/// Imports volunteers. Stations are named as on the stations page; the importer must manage
/// volunteers at each row's station. Every row is checked before anything is written.
pub async fn import_volunteers(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    text: &str,
    today: NaiveDate,
) -> Result<ImportOutcome, AppError> {
    import_volunteer_rows(db, viewer, actor, parse(text), today).await
}

/// [`import_volunteers`] for rows already read (from CSV, or from a spreadsheet's first sheet),
/// or the line from which a file could not be read.
pub async fn import_volunteer_rows(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    rows: Result<Vec<(usize, Vec<String>)>, usize>,
    today: NaiveDate,
) -> Result<ImportOutcome, AppError> {
    let rows = match rows {
        Ok(rows) => rows,
        Err(line) => return Ok(unreadable(line)),
    };
    if let Some(p) = heading_problems(&rows, &VOLUNTEER_COLUMNS) {
        return Ok(ImportOutcome::Rejected(p));
    }
    let stations = db.stations().await?;
    let mut problems = Vec::new();
    let mut good = Vec::new();
    for (line, cells) in rows.iter().skip(1) {
        let get = |i: usize| cells.get(i).map_or("", |v| v.trim()).to_owned();
        let station = stations.iter().find(|s| s.name == get(6));
        let Some(station) = station else {
            problems.push(problem(
                *line,
                VOLUNTEER_COLUMNS[6],
                &AppError::invalid("station_id", "station_unknown"),
            ));
            continue;
        };
        if !viewer.can_manage_volunteers_at(&station.station_ref()) {
            problems.push(problem(*line, VOLUNTEER_COLUMNS[6], &AppError::Forbidden));
            continue;
        }
        let id_type = match get(2).as_str() {
            "" => String::new(),
            "居民身份证" => "resident_id".into(),
            _ => "other".into(),
        };
        let gender = match get(5).as_str() {
            "男" => "male",
            "女" => "female",
            "" | "未说明" => "unspecified",
            _ => "?",
        };
        let input = VolunteerInput {
            name: get(0),
            mobile: get(1),
            id_type,
            id_number: get(3),
            birth_date: get(4),
            gender: gender.into(),
            station_id: station.id.to_string(),
            team: get(7),
            skills: get(8),
            public_consent: (get(9) == "是").then(|| "on".to_owned()),
            guardian_name: get(10),
            guardian_relation: get(11),
            guardian_consent_on: get(12),
        };
        match input.validate(today) {
            Ok(v) => good.push((*line, v)),
            Err(e) => problems.push(problem(
                *line,
                volunteer_column(e.field().unwrap_or("")),
                &e,
            )),
        }
    }
    if !problems.is_empty() {
        return Ok(ImportOutcome::Rejected(problems));
    }
    let (lines, new): (Vec<usize>, Vec<_>) = good.into_iter().unzip();
    written(
        db.register_volunteers(&new, actor).await,
        &lines,
        volunteer_column,
    )
}

/// Imports hour records (as submitted, waiting for confirmation) for activities of stations
/// whose hours the importer confirms. Every row is checked before anything is written.
pub async fn import_hours(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    text: &str,
    today: NaiveDate,
    rules: HourRules,
) -> Result<ImportOutcome, AppError> {
    import_hour_rows(db, viewer, actor, parse(text), today, rules).await
}

/// [`import_hours`] for rows already read, or the line from which a file could not be read.
pub async fn import_hour_rows(
    db: &Db,
    viewer: &Viewer,
    actor: &Actor,
    rows: Result<Vec<(usize, Vec<String>)>, usize>,
    today: NaiveDate,
    rules: HourRules,
) -> Result<ImportOutcome, AppError> {
    let rows = match rows {
        Ok(rows) => rows,
        Err(line) => return Ok(unreadable(line)),
    };
    if let Some(p) = heading_problems(&rows, &HOUR_COLUMNS) {
        return Ok(ImportOutcome::Rejected(p));
    }
    let stations = db.stations().await?;
    let mut problems = Vec::new();
    let mut good: Vec<(usize, NewHourRecord)> = Vec::new();
    let mut activities = std::collections::HashMap::new();
    for (line, cells) in rows.iter().skip(1) {
        let get = |i: usize| cells.get(i).map_or("", |v| v.trim()).to_owned();
        // The workbook template's drop-downs put a name after the number ("HN000123 王小红",
        // "57 成长营陪伴 2026-11-28"): the number is what counts.
        let number = |i: usize| get(i).split_whitespace().next().unwrap_or("").to_owned();
        let checked = async {
            let volunteer_id = parse_volunteer_number("volunteer", &number(0))?;
            let activity_id = crate::model::text::parse_id("activity", &number(1))?;
            if let std::collections::hash_map::Entry::Vacant(slot) = activities.entry(activity_id) {
                slot.insert(db.activity(activity_id).await?);
            }
            let activity = activities
                .get(&activity_id)
                .cloned()
                .flatten()
                .ok_or_else(|| AppError::invalid("activity", "activity_unknown"))?;
            let station = stations
                .iter()
                .find(|s| s.id == activity.station_id)
                .ok_or(AppError::NotFound)?;
            if !viewer.can_confirm_hours_at(&station.station_ref()) {
                return Err(AppError::invalid("activity", "forbidden"));
            }
            let served_on = parse_date("served_on", &get(2))?;
            if served_on != activity.held_on {
                return Err(AppError::invalid("served_on", "not_activity_date"));
            }
            let start_min = parse_clock("start", &get(3))?;
            let end_min = parse_clock("end", &get(4))?;
            let note = |field: &str, raw: &str| {
                crate::model::privacy::optional_note(
                    field,
                    raw,
                    300,
                    crate::model::text::Lines::One,
                )
                .map(Option::unwrap_or_default)
            };
            let late_reason = note("late_reason", &get(5))?;
            let over_cap_reason = note("over_cap_reason", &get(6))?;
            let times = rules.check(
                &ProposedTimes {
                    served_on,
                    start_min,
                    end_min,
                    over_cap_reason: Some(&over_cap_reason),
                    late_reason: Some(&late_reason),
                },
                today,
                false,
            )?;
            Ok::<_, AppError>(NewHourRecord {
                volunteer_id,
                activity_id,
                station_id: activity.station_id,
                served_on,
                start_min,
                end_min,
                kind: activity.kind,
                source: RecordSource::Import,
                late: times.late,
                late_reason: (!late_reason.is_empty()).then_some(late_reason),
                over_cap_reason: (!over_cap_reason.is_empty()).then_some(over_cap_reason),
                amends_id: None,
                correction_reason: None,
                checkout_missing: false,
            })
        }
        .await;
        match checked {
            Ok(r) => good.push((*line, r)),
            Err(e) => problems.push(problem(*line, hour_column(e.field().unwrap_or("")), &e)),
        }
    }
    if !problems.is_empty() {
        return Ok(ImportOutcome::Rejected(problems));
    }
    let (lines, new): (Vec<usize>, Vec<_>) = good.into_iter().unzip();
    written(db.record_hours(&new, actor).await, &lines, hour_column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_skipped_and_headings_checked() {
        let rows = parse("a,b\n\n1,2\n").expect("readable");
        assert_eq!(
            rows,
            vec![
                (1, vec!["a".into(), "b".into()]),
                (3, vec!["1".into(), "2".into()])
            ]
        );
        assert!(heading_problems(&rows, &["a", "c"]).is_some());
        assert!(heading_problems(&rows, &["a", "b"]).is_none());
    }
}
