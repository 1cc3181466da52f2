//! Volunteers, activities and hour records: the rules of domain brief §3 and §6 written once,
//! used by the forms in the browser and again by the server.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::account::Mobile;
use crate::model::text::{optional_text, parse_id, required_text};

mod checkin;
mod clock;
mod filter;
mod identity;
mod input;
mod rules;
mod status;
mod view;

pub use checkin::*;
pub use clock::*;
pub use filter::*;
pub use identity::*;
pub use input::*;
pub use rules::*;
pub use status::*;
pub use view::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_searched_whole_and_wildcards_literally() {
        use RosterSearch::*;
        assert_eq!(
            RosterSearch::parse("13912345678"),
            Some(Mobile("13912345678".into()))
        );
        assert_eq!(
            RosterSearch::parse("139 1234 5678"),
            Some(Mobile("13912345678".into()))
        );
        assert_eq!(
            RosterSearch::parse("１３９１２３４５６７８"),
            Some(Mobile("13912345678".into()))
        );
        assert_eq!(
            RosterSearch::parse("43042220100101123x"),
            Some(IdNumber("43042220100101123X".into()))
        );
        // A tail of digits is a name search, which never matches a mobile column.
        assert_eq!(
            RosterSearch::parse("5678"),
            Some(NamePattern("%5678%".into()))
        );
        assert_eq!(RosterSearch::parse("%"), Some(NamePattern("%\\%%".into())));
        assert_eq!(
            RosterSearch::parse("a_b"),
            Some(NamePattern("%a\\_b%".into()))
        );
        assert_eq!(RosterSearch::parse("  "), None);
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    fn times(served_on: &str, start: i64, end: i64) -> ProposedTimes<'static> {
        ProposedTimes {
            served_on: d(served_on),
            start_min: start,
            end_min: end,
            over_cap_reason: None,
            late_reason: None,
        }
    }

    #[test]
    fn durations_are_whole_minutes_shown_rounded_down() {
        assert_eq!(format_hours(90), "1.5");
        assert_eq!(
            format_hours(65),
            "1.0",
            "65 min is 1.08 h: never rounded up"
        );
        assert_eq!(format_hours(119), "1.9");
        assert_eq!(format_hours(0), "0.0");
        assert_eq!(parse_clock("start", "08:30"), Ok(510));
        assert_eq!(parse_clock("start", "8:05"), Ok(485));
        assert_eq!(
            parse_clock("start", "24:00"),
            Err(AppError::invalid("start", "time_format"))
        );
        assert_eq!(format_clock(510), "08:30");
    }

    #[test]
    fn end_before_start_and_future_dates_are_refused() {
        let rules = HourRules::default();
        let today = d("2026-05-10");
        assert_eq!(
            rules.check(&times("2026-05-10", 600, 540), today, false),
            Err(AppError::invalid("end", "end_time_before_start"))
        );
        assert_eq!(
            rules.check(&times("2026-05-10", 600, 600), today, false),
            Err(AppError::invalid("end", "end_time_before_start"))
        );
        assert_eq!(
            rules.check(&times("2026-05-10", 600, 600), today, true),
            Ok(CheckedTimes {
                minutes: 0,
                late: false
            }),
            "a correction may void a record"
        );
        assert_eq!(
            rules.check(&times("2026-05-11", 540, 600), today, false),
            Err(AppError::invalid("served_on", "future_date"))
        );
        assert_eq!(
            rules.check(&times("2026-05-10", 540, 600), today, false),
            Ok(CheckedTimes {
                minutes: 60,
                late: false
            })
        );
    }

    #[test]
    fn overlapping_ranges_share_a_minute() {
        assert!(overlaps((540, 600), (590, 650)));
        assert!(overlaps((540, 600), (480, 720)));
        assert!(!overlaps((540, 600), (600, 660)), "back to back is fine");
        assert!(!overlaps((540, 600), (300, 540)));
    }

    #[test]
    fn over_the_cap_needs_a_reason() {
        let rules = HourRules::default();
        let today = d("2026-05-10");
        let long = times("2026-05-10", 0, 13 * 60);
        assert_eq!(
            rules.check(&long, today, false),
            Err(AppError::invalid(
                "over_cap_reason",
                "over_cap_needs_reason"
            ))
        );
        let with_reason = ProposedTimes {
            over_cap_reason: Some("防汛值守"),
            ..long
        };
        assert_eq!(
            rules.check(&with_reason, today, false).map(|c| c.minutes),
            Ok(780)
        );
        assert!(
            rules
                .check(&times("2026-05-10", 0, 720), today, false)
                .is_ok(),
            "exactly the cap is fine"
        );
        let custom = HourRules {
            cap_minutes: 60,
            late_days: 30,
        };
        assert!(
            custom
                .check(&times("2026-05-10", 0, 61), today, false)
                .is_err()
        );
    }

    #[test]
    fn late_entries_need_a_reason_and_stay_flagged() {
        let rules = HourRules::default();
        let today = d("2026-05-31");
        assert_eq!(
            rules.check(&times("2026-05-01", 540, 600), today, false),
            Ok(CheckedTimes {
                minutes: 60,
                late: false
            }),
            "30 days is not late yet"
        );
        assert_eq!(
            rules.check(&times("2026-04-30", 540, 600), today, false),
            Err(AppError::invalid("late_reason", "late_needs_reason"))
        );
        let with_reason = ProposedTimes {
            late_reason: Some("纸质签到表遗漏"),
            ..times("2026-04-30", 540, 600)
        };
        assert_eq!(
            rules.check(&with_reason, today, false),
            Ok(CheckedTimes {
                minutes: 60,
                late: true
            })
        );
    }

    #[test]
    fn star_levels_follow_configurable_thresholds() {
        let stars = StarThresholds::default();
        assert_eq!(stars.level(0), 0);
        assert_eq!(stars.level(99 * 60 + 59), 0);
        assert_eq!(stars.level(100 * 60), 1);
        assert_eq!(stars.level(300 * 60), 2);
        assert_eq!(stars.level(1499 * 60), 4);
        assert_eq!(stars.level(5000 * 60), 5);
        assert_eq!(stars.minutes_range(0), (0, Some(6000)));
        assert_eq!(stars.minutes_range(5), (90_000, None));
        let local = StarThresholds([50, 100, 200, 400, 800]);
        assert_eq!(local.level(60 * 60), 1);
        assert!(
            StarThresholds([100, 100, 600, 1000, 1500])
                .validate()
                .is_err()
        );
        assert!(
            StarThresholds([0, 100, 600, 1000, 1500])
                .validate()
                .is_err()
        );
    }

    #[test]
    fn resident_id_numbers_need_the_right_check_digit() {
        // A well-known specimen number from GB 11643 examples.
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "11010519491231002x"),
            Ok("11010519491231002X".to_owned())
        );
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "110105194912310021"),
            Err(AppError::invalid("id_number", "id_number_check"))
        );
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "110105194913310021"),
            Err(AppError::invalid("id_number", "id_number_format")),
            "month 13"
        );
        assert_eq!(
            parse_id_number("id_number", IdType::ResidentId, "1101051949"),
            Err(AppError::invalid("id_number", "id_number_format"))
        );
        assert!(parse_id_number("id_number", IdType::Other, "E12345678").is_ok());
        assert_eq!(mask_id_number("11010519491231002X"), "110***********002X");
    }

    #[test]
    fn volunteer_form_needs_guardian_details_complete_and_valid() {
        let today = d("2026-05-10");
        let input = VolunteerInput {
            name: "刘洋".into(),
            mobile: "13912345678".into(),
            birth_date: "2010-03-01".into(),
            gender: "male".into(),
            station_id: "3".into(),
            guardian_name: "刘建国".into(),
            ..VolunteerInput::default()
        };
        assert_eq!(
            input.validate(today).map(|_| ()),
            Err(AppError::invalid("guardian_consent_on", "required"))
        );
        let complete = VolunteerInput {
            guardian_relation: "父亲".into(),
            guardian_consent_on: "2026-05-01".into(),
            ..input
        };
        let v = complete.validate(today).expect("valid");
        assert_eq!(age_on(v.birth_date, today), 16);
        assert!(v.guardian.is_some());
        assert_eq!(parse_volunteer_number("v", &volunteer_number(42)), Ok(42));
    }

    #[test]
    fn counts_past_the_cap_say_more_and_keep_paging() {
        assert_eq!(count_label(0), "0");
        assert_eq!(count_label(COUNT_CAP), COUNT_CAP.to_string());
        assert_eq!(count_label(COUNT_CAP + 1), format!("{COUNT_CAP}+"));
        assert!(past_the_end(0, 0));
        assert!(past_the_end(120, 150));
        assert!(!past_the_end(120, 100));
        // Over the cap the end is unknown: the page is asked for.
        assert!(!past_the_end(COUNT_CAP + 1, 99_950));
        assert_eq!(page_count(0, 50), (0, false));
        assert_eq!(page_count(101, 50), (3, false));
        assert_eq!(page_count(COUNT_CAP, 50), (COUNT_CAP / 50, false));
        assert_eq!(page_count(COUNT_CAP + 1, 50), (COUNT_CAP / 50, true));
        assert_eq!(
            page_count(7, 0),
            (7, false),
            "a zero page size cannot divide by zero"
        );
    }
}
