//! Times, dates and hours as volunteers and coordinators type and read them.

use super::*;

/// Hours as people read them: one decimal, rounded down so no one is credited a minute they
/// did not serve (design rule 1: never round up silently).
pub fn format_hours(minutes: i64) -> String {
    let tenths = minutes.max(0) * 10 / 60;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// Parses a clock time `HH:MM` into minutes after midnight.
pub fn parse_clock(field: &str, raw: &str) -> Result<i64, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    let (h, m) = raw
        .split_once(':')
        .ok_or_else(|| AppError::invalid(field, "time_format"))?;
    let (h, m): (i64, i64) = match (h.parse(), m.get(..2).unwrap_or(m).parse()) {
        (Ok(h), Ok(m)) if (0..24).contains(&h) && (0..60).contains(&m) => (h, m),
        _ => return Err(AppError::invalid(field, "time_format")),
    };
    Ok(h * 60 + m)
}

/// Minutes after midnight as `HH:MM`.
pub fn format_clock(minutes: i64) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Parses a date typed into `field` (`YYYY-MM-DD`).
pub fn parse_date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    crate::model::time::parse_day(raw).ok_or_else(|| AppError::invalid(field, "date_format"))
}

/// True if the two time ranges on the same day share at least one minute.
pub fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}
