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
