//! Dates and times as people in Hengnan read them: China Standard Time (UTC+8).

use chrono::{DateTime, NaiveDateTime, TimeDelta, Utc};

/// China has one time zone, UTC+8, and no daylight saving.
const CHINA_OFFSET_HOURS: i64 = 8;

/// The wall-clock time in China at `at`.
pub fn china_time(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc() + TimeDelta::hours(CHINA_OFFSET_HOURS)
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
    }
}
