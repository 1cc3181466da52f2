//! The export for the national volunteer information system (全国志愿服务信息系统): the period
//! it covers, which of its two files is asked for, and the column names — the data elements of
//! 民政部 MZ/T 061-2016 《志愿服务信息系统基本规范》 that Shegong holds, with Chinese names. The
//! README maps each column to its element so a county can rename columns to its province's
//! template.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::volunteer::parse_date;

/// The longest period one export covers: a year (a leap year's 366 days).
pub const MAX_DAYS: i64 = 366;

/// The most records one export holds; a larger period is refused before anything is read.
pub const MAX_RECORDS: i64 = 200_000;

/// Which file of the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NationalPart {
    /// 志愿者基本信息: one row per volunteer who served in the period.
    Volunteers,
    /// 志愿服务记录: one row per confirmed record that counts.
    Records,
}

string_enum!(NationalPart, "national.part" {
    Volunteers => "volunteers",
    Records => "records",
});

/// A checked export period: both days given, `from` ≤ `to` ≤ today, at most [`MAX_DAYS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalPeriod {
    /// First day (served on), inclusive.
    pub from: NaiveDate,
    /// Last day, inclusive.
    pub to: NaiveDate,
}

impl NationalPeriod {
    /// Checks the two days as typed. Errors name the field that is wrong.
    pub fn parse(from: &str, to: &str, today: NaiveDate) -> Result<Self, AppError> {
        let from = parse_date("from", from)?;
        let to = parse_date("to", to)?;
        if from > today {
            return Err(AppError::invalid("from", "date_in_future"));
        }
        if to > today {
            return Err(AppError::invalid("to", "date_in_future"));
        }
        if to < from {
            return Err(AppError::invalid("to", "end_before_start"));
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(AppError::invalid("to", "national_range_too_long"));
        }
        Ok(Self { from, to })
    }

    /// The period a page offers first: last calendar month.
    pub fn last_month(today: NaiveDate) -> Self {
        let this_month = crate::model::time::month_start(today);
        let to = this_month.pred_opt().unwrap_or(this_month);
        Self {
            from: crate::model::time::month_start(to),
            to,
        }
    }

    /// The query string of a download of `part` for this period.
    pub fn download_query(&self, part: NationalPart) -> String {
        format!("from={}&to={}&part={}", self.from, self.to, part.as_str())
    }
}

/// What the export page shows before the download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NationalSummary {
    /// The period as typed (kept when it is refused).
    pub from: String,
    /// The period as typed.
    pub to: String,
    /// The checked period, when the days are right.
    pub period: Option<NationalPeriod>,
    /// The field and error code when they are not, or when the period holds too many records.
    pub error: Option<(String, String)>,
    /// Confirmed records that count, in the person's stations, in the period.
    pub records: i64,
    /// Distinct volunteers of those records.
    pub volunteers: i64,
}

/// The volunteers file's columns (MZ/T 061-2016 volunteer elements).
pub const VOLUNTEER_COLUMNS: [&str; 11] = [
    "志愿者编号",
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "手机号码",
    "所属组织",
    "注册日期",
    "服务时长（小时）",
    "培训时长（小时）",
];

/// The records file's columns (MZ/T 061-2016 service-time elements).
pub const RECORD_COLUMNS: [&str; 22] = [
    "记录编号",
    "志愿者编号",
    "姓名",
    "证件类型",
    "证件号码",
    "项目名称",
    "活动名称",
    "服务内容",
    "服务地点",
    "开始时间",
    "结束时间",
    "服务时长（小时）",
    "服务时长（分钟）",
    "时长类别",
    "时长来源",
    "是否补录",
    "更正的记录编号",
    "记录组织",
    "记录人",
    "记录日期",
    "确认人",
    "确认日期",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    fn code(r: Result<NationalPeriod, AppError>) -> (String, String) {
        match r {
            Err(AppError::Invalid { field, code }) => (field, code),
            other => panic!("expected a field error, got {other:?}"),
        }
    }

    #[test]
    fn a_period_is_two_days_in_order_up_to_a_year_and_not_in_the_future() {
        let today = day("2026-11-30");
        let ok = NationalPeriod::parse("2025-12-01", "2026-11-30", today).expect("a year");
        assert_eq!((ok.from, ok.to), (day("2025-12-01"), today));
        assert!(
            NationalPeriod::parse("2024-01-01", "2024-12-31", today).is_ok(),
            "leap year"
        );
        assert_eq!(
            code(NationalPeriod::parse("2024-01-01", "2025-01-01", today)),
            ("to".into(), "national_range_too_long".into())
        );
        assert_eq!(
            code(NationalPeriod::parse("2026-05-02", "2026-05-01", today)),
            ("to".into(), "end_before_start".into())
        );
        assert_eq!(
            code(NationalPeriod::parse("2026-11-01", "2026-12-01", today)),
            ("to".into(), "date_in_future".into())
        );
        assert_eq!(
            code(NationalPeriod::parse("", "2026-05-01", today)),
            ("from".into(), "required".into())
        );
        assert_eq!(
            code(NationalPeriod::parse("2026-5-1x", "2026-05-01", today)),
            ("from".into(), "date_format".into())
        );
    }

    #[test]
    fn the_page_offers_last_month_first() {
        let p = NationalPeriod::last_month(day("2026-03-15"));
        assert_eq!((p.from, p.to), (day("2026-02-01"), day("2026-02-28")));
        let p = NationalPeriod::last_month(day("2026-01-01"));
        assert_eq!((p.from, p.to), (day("2025-12-01"), day("2025-12-31")));
        assert_eq!(
            p.download_query(NationalPart::Records),
            "from=2025-12-01&to=2025-12-31&part=records"
        );
    }
}
