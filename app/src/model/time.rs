//! Dates and times as people in Hengnan read them: China Standard Time (UTC+8).

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};

/// China has one time zone, UTC+8, and no daylight saving.
const CHINA_OFFSET_HOURS: i64 = 8;

/// The wall-clock time in China at `at`.
pub fn china_time(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + TimeDelta::hours(CHINA_OFFSET_HOURS)
}

/// The instant China's `day` begins (00:00 UTC+8 is 16:00 UTC the day before).
pub fn china_midnight_utc(day: NaiveDate) -> DateTime<Utc> {
    (day.and_time(chrono::NaiveTime::MIN) - TimeDelta::hours(CHINA_OFFSET_HOURS)).and_utc()
}

/// The first day of `day`'s month.
pub fn month_start(day: NaiveDate) -> NaiveDate {
    use chrono::Datelike;
    day.with_day(1).unwrap_or(day)
}

/// The first day of the month after `month`'s.
pub fn next_month_start(month: NaiveDate) -> NaiveDate {
    month_start(month)
        .checked_add_months(chrono::Months::new(1))
        .unwrap_or(NaiveDate::MAX)
}

/// True when the days `from..=to` are whole months as far as records go: `from` (if any) is a
/// first of the month, and `to` (if any) is a last of the month or `today` or later (no
/// record is ever dated after today). Month totals then answer exactly.
pub fn whole_months(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> bool {
    from.is_none_or(|f| month_start(f) == f)
        && to.is_none_or(|t| t >= today || t.succ_opt().is_some_and(|n| month_start(n) == n))
}

/// Today's date in China.
pub fn china_today() -> NaiveDate {
    china_time(Utc::now()).date()
}

/// `2026-11-29 12:25`, in China time.
pub fn format_datetime(at: DateTime<Utc>) -> String {
    china_time(at).format("%Y-%m-%d %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn times_show_in_china_time() {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 29, 16, 30, 0)
            .single()
            .expect("valid");
        assert_eq!(format_datetime(at), "2026-11-30 00:30");
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).expect("day");
        assert_eq!(month_start(d(2026, 2, 17)), d(2026, 2, 1));
        assert_eq!(next_month_start(d(2026, 12, 5)), d(2027, 1, 1));
        let today = d(2026, 11, 30);
        assert!(whole_months(Some(d(2026, 1, 1)), Some(today), today));
        assert!(whole_months(
            Some(d(2026, 2, 1)),
            Some(d(2026, 2, 28)),
            today
        ));
        assert!(whole_months(None, None, today));
        assert!(!whole_months(Some(d(2026, 2, 2)), None, today));
        assert!(!whole_months(
            Some(d(2026, 2, 1)),
            Some(d(2026, 2, 27)),
            today
        ));
        let midnight = china_midnight_utc(NaiveDate::from_ymd_opt(2026, 11, 30).expect("day"));
        assert_eq!(format_datetime(midnight), "2026-11-30 00:00");
        assert_eq!(
            china_time(midnight - TimeDelta::seconds(1))
                .date()
                .to_string(),
            "2026-11-29"
        );
    }
}
