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

/// A date as people type it (`YYYY-MM-DD`), in the years 1900 to 9999: anything else is no
/// date. Outside them a date has no four-digit year, and SQLite, which keeps dates as text,
/// would sort `+10000-01-01` before `2026-01-01`; no record, birth or course is that far out.
pub fn parse_day(raw: &str) -> Option<NaiveDate> {
    use chrono::Datelike;
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok()?;
    (1900..=9999).contains(&day.year()).then_some(day)
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

/// The calendar periods whose active-volunteer counts are kept: a month, a quarter, a year
/// (their length in months).
pub const KEPT_PERIODS: [u32; 3] = [1, 3, 12];

/// The first day of the `months`-long calendar period (1, 3 or 12) holding `day`.
pub fn period_start(day: NaiveDate, months: u32) -> NaiveDate {
    use chrono::Datelike;
    let months = months.clamp(1, 12);
    let month0 = day.month0() / months * months;
    NaiveDate::from_ymd_opt(day.year(), month0 + 1, 1).unwrap_or(day)
}

/// The first day after the `months`-long period starting `start`.
pub fn period_end(start: NaiveDate, months: u32) -> NaiveDate {
    start
        .checked_add_months(chrono::Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The kept period (length in months and first day) that the days `from..=to` are, as far as
/// records go (none is dated after `today`), if they are one.
pub fn kept_period(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> Option<(u32, NaiveDate)> {
    KEPT_PERIODS.into_iter().find_map(|months| {
        let end = period_end(from, months);
        let last = end.pred_opt().unwrap_or(end);
        (period_start(from, months) == from && to < end && (to >= last || to >= today))
            .then_some((months, from))
    })
}

/// The length (in months) that stands for "all time" among the periods reports keep.
pub const ALL_TIME: u32 = 0;

/// The periods whose report totals are kept per node of the tree: a month, a quarter, a year
/// and all time.
pub const REPORT_PERIODS: [u32; 4] = [1, 3, 12, ALL_TIME];

/// The first day of the report period of `months` holding `day`; all time starts on
/// 1970-01-01 (no record is older).
pub fn report_period_start(day: NaiveDate, months: u32) -> NaiveDate {
    if months == ALL_TIME {
        NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or(NaiveDate::MIN)
    } else {
        period_start(day, months)
    }
}

/// The kept report period (length in months and first day) a report range is, if it is one:
/// no range at all (or one ending today or later) is all time; otherwise a kept period as
/// [`kept_period`] says, an open end meaning today.
pub fn report_period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<(u32, NaiveDate)> {
    match (from, to) {
        (None, None) => Some((ALL_TIME, report_period_start(today, ALL_TIME))),
        (None, Some(to)) => (to >= today).then(|| (ALL_TIME, report_period_start(today, ALL_TIME))),
        (Some(from), to) => kept_period(from, to.unwrap_or(today), today),
    }
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
    fn typed_days_have_four_digit_years() {
        assert_eq!(
            parse_day(" 2026-06-15 "),
            NaiveDate::from_ymd_opt(2026, 6, 15)
        );
        assert_eq!(parse_day("1900-01-01"), NaiveDate::from_ymd_opt(1900, 1, 1));
        // Years SQLite could not sort as text, or that no record holds, are no date.
        for raw in [
            "99999-12-31",
            "+10000-01-01",
            "0001-01-01",
            "1899-12-31",
            "-2026-01-01",
        ] {
            assert_eq!(parse_day(raw), None, "{raw}");
        }
        assert_eq!(parse_day("2026-02-30"), None);
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn kept_periods_are_calendar_months_quarters_and_years() {
        assert_eq!(period_start(d(2026, 11, 30), 1), d(2026, 11, 1));
        assert_eq!(period_start(d(2026, 11, 30), 3), d(2026, 10, 1));
        assert_eq!(period_start(d(2026, 3, 31), 3), d(2026, 1, 1));
        assert_eq!(period_start(d(2026, 11, 30), 12), d(2026, 1, 1));
        assert_eq!(period_end(d(2026, 10, 1), 3), d(2027, 1, 1));
        let today = d(2026, 11, 30);
        assert_eq!(
            kept_period(d(2026, 11, 1), today, today),
            Some((1, d(2026, 11, 1)))
        );
        assert_eq!(
            kept_period(d(2026, 10, 1), d(2026, 10, 31), today),
            Some((1, d(2026, 10, 1)))
        );
        assert_eq!(
            kept_period(d(2026, 10, 1), today, today),
            Some((3, d(2026, 10, 1)))
        );
        assert_eq!(
            kept_period(d(2026, 1, 1), today, today),
            Some((12, d(2026, 1, 1)))
        );
        assert_eq!(
            kept_period(d(2025, 1, 1), d(2025, 12, 31), today),
            Some((12, d(2025, 1, 1)))
        );
        // Not a whole kept period: a mid-month end before today, two months, a year and a day.
        assert_eq!(kept_period(d(2026, 10, 1), d(2026, 10, 30), today), None);
        assert_eq!(kept_period(d(2026, 9, 1), d(2026, 10, 31), today), None);
        assert_eq!(kept_period(d(2025, 1, 1), d(2026, 1, 1), today), None);
        assert_eq!(kept_period(d(2026, 11, 2), today, today), None);
    }

    #[test]
    fn report_ranges_that_are_kept_periods() {
        let today = d(2026, 11, 30);
        let epoch = d(1970, 1, 1);
        assert_eq!(report_period(None, None, today), Some((ALL_TIME, epoch)));
        assert_eq!(
            report_period(None, Some(today), today),
            Some((ALL_TIME, epoch))
        );
        assert_eq!(report_period(None, Some(d(2026, 11, 29)), today), None);
        assert_eq!(
            report_period(Some(d(2026, 1, 1)), None, today),
            Some((12, d(2026, 1, 1)))
        );
        assert_eq!(
            report_period(Some(d(2026, 10, 1)), Some(d(2026, 12, 31)), today),
            Some((3, d(2026, 10, 1)))
        );
        assert_eq!(report_period(Some(d(2025, 1, 1)), None, today), None);
        assert_eq!(report_period(Some(d(2026, 11, 2)), None, today), None);
        assert_eq!(report_period_start(d(2026, 5, 5), ALL_TIME), epoch);
        assert_eq!(report_period_start(d(2026, 5, 5), 3), d(2026, 4, 1));
    }

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
