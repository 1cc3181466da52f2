//! Continuing education (社会工作者继续教育办法, domain brief §10): a certified social worker's
//! 3-year registration periods, the hours each level needs in a period, and how a training
//! counts. Written once, used by the pages and by the server.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// A social worker's certificate level (社会工作者职业水平证书).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualification {
    /// No certificate: no requirement.
    None,
    /// 助理社会工作师: 72 hours per period.
    Assistant,
    /// 社会工作师: 90 hours per period.
    SocialWorker,
    /// 高级社会工作师: 90 hours per period.
    Senior,
}

impl Qualification {
    /// Every level, in order.
    pub const ALL: [Qualification; 4] = [
        Qualification::None,
        Qualification::Assistant,
        Qualification::SocialWorker,
        Qualification::Senior,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Qualification::None => "none",
            Qualification::Assistant => "assistant",
            Qualification::SocialWorker => "social_worker",
            Qualification::Senior => "senior",
        }
    }

    /// Reads a stored or posted name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|q| q.as_str() == raw)
    }

    /// The translation key of its name.
    pub fn label_key(self) -> String {
        format!("qualification.{}", self.as_str())
    }

    /// Minutes of continuing education a registration period needs.
    pub fn required_minutes(self) -> i64 {
        match self {
            Qualification::None => 0,
            Qualification::Assistant => 72 * 60,
            Qualification::SocialWorker | Qualification::Senior => 90 * 60,
        }
    }
}

/// How a training was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingForm {
    /// 面授.
    InPerson,
    /// 线上.
    Online,
    /// 学历教育: a completed social-work degree counts 90 hours at once.
    Degree,
}

impl TrainingForm {
    /// Every form, in order.
    pub const ALL: [TrainingForm; 3] = [
        TrainingForm::InPerson,
        TrainingForm::Online,
        TrainingForm::Degree,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrainingForm::InPerson => "in_person",
            TrainingForm::Online => "online",
            TrainingForm::Degree => "degree",
        }
    }

    /// Reads a stored or posted name.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == raw)
    }

    /// The translation key of its name.
    pub fn label_key(self) -> String {
        format!("training_form.{}", self.as_str())
    }
}

/// Minutes a completed social-work degree counts, whatever was entered.
pub const DEGREE_MINUTES: i64 = 90 * 60;
/// Years in a registration period.
pub const PERIOD_YEARS: u32 = 3;

/// The minutes a confirmed training counts in its period.
pub fn credited_minutes(form: TrainingForm, minutes: i64) -> i64 {
    match form {
        TrainingForm::Degree => DEGREE_MINUTES,
        _ => minutes.max(0),
    }
}

/// One registration period: `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// The day after the last.
    pub end: NaiveDate,
}

impl Period {
    /// The period of a registration first made on `first` that holds `day` (the first period
    /// when `day` is before it). Anniversaries of 29 February fall on 28 February.
    pub fn holding(first: NaiveDate, day: NaiveDate) -> Self {
        let at = |k: u32| {
            first
                .checked_add_months(Months::new(12 * PERIOD_YEARS * k))
                .unwrap_or(NaiveDate::MAX)
        };
        let mut k = 0;
        while at(k + 1) <= day && k < 1_000 {
            k += 1;
        }
        Self {
            start: at(k),
            end: at(k + 1),
        }
    }

    /// Every period from the first registration up to the one holding `day`, oldest first.
    pub fn all_until(first: NaiveDate, day: NaiveDate) -> Vec<Self> {
        let last = Self::holding(first, day);
        let mut out = vec![Self::holding(first, first)];
        while out.last().is_some_and(|p| p.start < last.start) && out.len() < 1_000 {
            let next = out.last().map_or(last, |p| Self::holding(first, p.end));
            out.push(next);
        }
        out
    }

    /// Whether `day` falls in it.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day < self.end
    }

    /// Days from `today` to the period's last day, counting today (0 once it is over).
    pub fn days_left(&self, today: NaiveDate) -> i64 {
        (self.end - today).num_days().max(0)
    }
}

/// Whether a worker behind on hours is warned, and how urgently: 6 or 3 months before the end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// Nothing to say (on track, or more than six months left).
    None,
    /// Six months or less left, hours missing.
    SixMonths,
    /// Three months or less left, hours missing.
    ThreeMonths,
}

/// Progress in the current period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// The period.
    pub period: Period,
    /// Minutes needed.
    pub required: i64,
    /// Minutes counted so far (confirmed).
    pub credited: i64,
    /// Days left.
    pub days_left: i64,
    /// The warning to show.
    pub warning: Warning,
}

impl Progress {
    /// Progress of a worker at `level` with `credited` minutes in `period`, on `today`.
    pub fn new(level: Qualification, period: Period, credited: i64, today: NaiveDate) -> Self {
        let required = level.required_minutes();
        let behind = credited < required;
        let months = |m: u32| period.end.checked_sub_months(Months::new(m));
        let warning = if !behind {
            Warning::None
        } else if months(3).is_some_and(|d| today >= d) {
            Warning::ThreeMonths
        } else if months(6).is_some_and(|d| today >= d) {
            Warning::SixMonths
        } else {
            Warning::None
        };
        Self {
            period,
            required,
            credited,
            days_left: period.days_left(today),
            warning,
        }
    }

    /// Per mille done, capped at 1000 (for the bar).
    pub fn permille(&self) -> i64 {
        if self.required == 0 {
            return 1000;
        }
        (self.credited * 1000 / self.required).clamp(0, 1000)
    }
}

/// A certificate number: letters, digits and `-`, 4–40 characters.
pub fn parse_certificate_number(raw: &str) -> Result<String, AppError> {
    let value = raw.trim().to_uppercase();
    if value.is_empty() {
        return Err(AppError::invalid("certificate_no", "required"));
    }
    let len = value.chars().count();
    if !(4..=40).contains(&len) || !value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(AppError::invalid("certificate_no", "certificate_no_format"));
    }
    Ok(value)
}

/// A certificate number as others see it: the last four characters only.
pub fn mask_certificate_number(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    let keep = chars.len().min(4);
    let shown: String = chars[chars.len() - keep..].iter().collect();
    format!("{}{shown}", "*".repeat(chars.len() - keep))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn periods_are_three_years_from_the_first_registration() {
        let first = d("2021-05-10");
        let p = Period::holding(first, d("2026-11-30"));
        assert_eq!((p.start, p.end), (d("2024-05-10"), d("2027-05-10")));
        // The last day of one period and the first of the next.
        assert_eq!(Period::holding(first, d("2024-05-09")).end, d("2024-05-10"));
        assert_eq!(
            Period::holding(first, d("2024-05-10")).start,
            d("2024-05-10")
        );
        // Before the registration: the first period.
        assert_eq!(Period::holding(first, d("2020-01-01")).start, first);
        // 29 February: the anniversary falls on 28 February.
        let leap = Period::holding(d("2024-02-29"), d("2027-03-01"));
        assert_eq!(leap.start, d("2027-02-28"));
        assert_eq!(p.days_left(d("2027-05-09")), 1);
        assert_eq!(p.days_left(d("2027-06-01")), 0);
    }

    #[test]
    fn levels_need_72_or_90_hours_and_a_degree_counts_90_at_once() {
        assert_eq!(Qualification::Assistant.required_minutes(), 72 * 60);
        assert_eq!(Qualification::SocialWorker.required_minutes(), 90 * 60);
        assert_eq!(Qualification::Senior.required_minutes(), 90 * 60);
        assert_eq!(Qualification::None.required_minutes(), 0);
        assert_eq!(credited_minutes(TrainingForm::Degree, 10), 90 * 60);
        assert_eq!(credited_minutes(TrainingForm::Online, 150), 150);
        for q in Qualification::ALL {
            assert_eq!(Qualification::parse(q.as_str()), Some(q));
        }
        assert_eq!(TrainingForm::parse("weekend"), None);
    }

    #[test]
    fn workers_behind_are_warned_six_then_three_months_before_the_end() {
        let p = Period {
            start: d("2024-05-10"),
            end: d("2027-05-10"),
        };
        let level = Qualification::Assistant;
        let at = |day: &str, minutes: i64| Progress::new(level, p, minutes, d(day)).warning;
        assert_eq!(at("2026-11-09", 0), Warning::None);
        assert_eq!(at("2026-11-10", 0), Warning::SixMonths);
        assert_eq!(at("2027-02-10", 0), Warning::ThreeMonths);
        assert_eq!(
            at("2027-02-10", 72 * 60),
            Warning::None,
            "done: nothing to say"
        );
        let progress = Progress::new(level, p, 43 * 60, d("2026-11-30"));
        assert_eq!(progress.permille(), 597);
    }

    #[test]
    fn certificate_numbers_are_checked_and_masked() {
        assert_eq!(
            parse_certificate_number(" a2021-0001 "),
            Ok("A2021-0001".into())
        );
        assert!(parse_certificate_number("12").is_err());
        assert!(parse_certificate_number("A 2021").is_err());
        assert_eq!(mask_certificate_number("A2021-0001"), "******0001");
    }
}

/// A confirmed training that still counts: its form, minutes and last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountedTraining {
    /// Face to face, online or a degree.
    pub form: TrainingForm,
    /// Minutes recorded.
    pub minutes: i64,
    /// The day it ended (it counts in the period holding that day).
    pub ended_on: NaiveDate,
}

/// The minutes `trainings` credit in `period` (a degree counts 90 hours).
pub fn credited_in(period: Period, trainings: &[CountedTraining]) -> i64 {
    trainings
        .iter()
        .filter(|t| period.contains(t.ended_on))
        .map(|t| credited_minutes(t.form, t.minutes))
        .sum()
}

/// One registration period in a portfolio: its requirement and what counted in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodLine {
    /// The period.
    pub period: Period,
    /// Minutes credited.
    pub credited: i64,
    /// Minutes required at the level.
    pub required: i64,
}

/// Every period of a registration up to `today`, with the minutes credited in each.
pub fn period_lines(
    level: Qualification,
    first: NaiveDate,
    today: NaiveDate,
    trainings: &[CountedTraining],
) -> Vec<PeriodLine> {
    Period::all_until(first, today)
        .into_iter()
        .map(|period| PeriodLine {
            period,
            credited: credited_in(period, trainings),
            required: level.required_minutes(),
        })
        .collect()
}

/// A staff member who is behind in the current period (the list admins see).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// Account.
    pub user_id: i64,
    /// Name.
    pub name: String,
    /// Their station.
    pub station: String,
    /// Their level.
    pub level: Qualification,
    /// Progress in the current period.
    pub progress: Progress,
}

#[cfg(test)]
mod period_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn periods_run_from_the_first_registration_to_today_and_credit_their_own_trainings() {
        let first = d(2018, 3, 1);
        let periods = Period::all_until(first, d(2025, 6, 1));
        assert_eq!(
            periods.iter().map(|p| p.start).collect::<Vec<_>>(),
            vec![d(2018, 3, 1), d(2021, 3, 1), d(2024, 3, 1)]
        );
        assert_eq!(Period::all_until(first, d(2018, 3, 1)).len(), 1);
        assert_eq!(Period::all_until(first, d(2017, 1, 1)).len(), 1);
        let trainings = [
            CountedTraining {
                form: TrainingForm::InPerson,
                minutes: 600,
                ended_on: d(2021, 2, 28),
            },
            CountedTraining {
                form: TrainingForm::Online,
                minutes: 120,
                ended_on: d(2021, 3, 1),
            },
            CountedTraining {
                form: TrainingForm::Degree,
                minutes: 60,
                ended_on: d(2024, 3, 1),
            },
        ];
        let lines = period_lines(Qualification::Assistant, first, d(2025, 6, 1), &trainings);
        assert_eq!(
            lines.iter().map(|l| l.credited).collect::<Vec<_>>(),
            vec![600, 120, 5_400]
        );
        assert!(lines.iter().all(|l| l.required == 72 * 60));
    }
}

/// A staff member's qualification as recorded (the newest record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualificationView {
    /// The level.
    pub level: Qualification,
    /// The certificate number, masked for anyone but its holder.
    pub certificate_no: Option<String>,
    /// First registered on.
    pub first_registered: Option<NaiveDate>,
}

/// Where a training record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrainingStatus {
    /// 待确认.
    Submitted,
    /// 已确认: counts.
    Confirmed,
    /// 已退回.
    Rejected,
}

impl TrainingStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            TrainingStatus::Submitted => "submitted",
            TrainingStatus::Confirmed => "confirmed",
            TrainingStatus::Rejected => "rejected",
        }
    }

    /// Reads a stored name.
    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Submitted, Self::Confirmed, Self::Rejected]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }

    /// The translation key of its name (shared with hour records).
    pub fn label_key(self) -> String {
        format!("record_status.{}", self.as_str())
    }
}

/// One training record as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingView {
    /// Record id.
    pub id: i64,
    /// Whose.
    pub user_id: i64,
    /// Their name.
    pub worker: String,
    /// Their station then.
    pub station: String,
    /// First day.
    pub started_on: NaiveDate,
    /// Last day (the period it counts in follows from it).
    pub ended_on: NaiveDate,
    /// Who gave it.
    pub provider: String,
    /// What it was about.
    pub topic: String,
    /// 面授 / 线上 / 学历教育.
    pub form: TrainingForm,
    /// Minutes entered.
    pub minutes: i64,
    /// Minutes it counts once confirmed.
    pub credited: i64,
    /// Certificate or evidence.
    pub evidence: String,
    /// The summary, rendered from Markdown on the server and sanitised.
    pub summary_html: String,
    /// Where it stands.
    pub status: TrainingStatus,
    /// The record this corrects.
    pub amends_id: Option<i64>,
    /// A confirmed correction replaced it.
    pub superseded: bool,
    /// Why it was returned.
    pub rejected_reason: Option<String>,
}

/// A training as typed into the form, checked on both sides.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TrainingInput {
    /// `YYYY-MM-DD`.
    pub started_on: String,
    /// `YYYY-MM-DD`; empty for one day.
    #[serde(default)]
    pub ended_on: String,
    /// Who gave it.
    pub provider: String,
    /// What about.
    pub topic: String,
    /// `in_person`, `online` or `degree`.
    pub form: String,
    /// Hours, e.g. `6` or `1.5`.
    pub hours: String,
    /// Certificate number or evidence.
    #[serde(default)]
    pub evidence: String,
    /// Markdown summary.
    #[serde(default)]
    pub summary: String,
}

impl TrainingInput {
    /// The typed values a refused form shows again, by field name.
    pub fn kept(&self) -> [(&'static str, &str); 8] {
        [
            ("started_on", &self.started_on),
            ("ended_on", &self.ended_on),
            ("provider", &self.provider),
            ("topic", &self.topic),
            ("form", &self.form),
            ("hours", &self.hours),
            ("evidence", &self.evidence),
            ("summary", &self.summary),
        ]
    }
}

/// A checked training.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedTraining {
    /// First day.
    pub started_on: NaiveDate,
    /// Last day.
    pub ended_on: NaiveDate,
    /// Provider.
    pub provider: String,
    /// Topic.
    pub topic: String,
    /// Form.
    pub form: TrainingForm,
    /// Minutes.
    pub minutes: i64,
    /// Evidence.
    pub evidence: String,
    /// Summary (Markdown).
    pub summary: String,
}

/// The longest training one record may claim (a degree is counted as 90 h anyway).
pub const MAX_TRAINING_MINUTES: i64 = 200 * 60;

impl TrainingInput {
    /// Checks every field; `today` bounds the dates.
    pub fn validate(&self, today: NaiveDate) -> Result<CheckedTraining, AppError> {
        use crate::model::privacy::optional_note;
        use crate::model::text::{Lines, required_text};
        let date = |field: &str, raw: &str| {
            crate::model::time::parse_day(raw)
                .ok_or_else(|| AppError::invalid(field, "date_format"))
        };
        let started_on = date("started_on", &self.started_on)?;
        let ended_on = if self.ended_on.trim().is_empty() {
            started_on
        } else {
            date("ended_on", &self.ended_on)?
        };
        if ended_on < started_on {
            return Err(AppError::invalid("ended_on", "end_before_start"));
        }
        if ended_on > today {
            return Err(AppError::invalid("ended_on", "future_date"));
        }
        let provider = required_text("provider", &self.provider, 100)?;
        let topic = required_text("topic", &self.topic, 100)?;
        let form = TrainingForm::parse(self.form.trim())
            .ok_or_else(|| AppError::invalid("form", "required"))?;
        let minutes = parse_hours("hours", &self.hours)?;
        let evidence =
            optional_note("evidence", &self.evidence, 200, Lines::One)?.unwrap_or_default();
        let summary =
            optional_note("summary", &self.summary, 4_000, Lines::Many)?.unwrap_or_default();
        Ok(CheckedTraining {
            started_on,
            ended_on,
            provider,
            topic,
            form,
            minutes,
            evidence,
            summary,
        })
    }
}

/// Hours typed as `6`, `1.5` or `0.25` (to the minute), as minutes: more than zero, at most
/// [`MAX_TRAINING_MINUTES`].
pub fn parse_hours(field: &str, raw: &str) -> Result<i64, AppError> {
    let raw = raw.trim();
    let bad = || AppError::invalid(field, "hours_format");
    if raw.is_empty() {
        return Err(AppError::invalid(field, "required"));
    }
    let (whole, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.len() > 4
        || frac.len() > 2
        || !whole
            .bytes()
            .chain(frac.bytes())
            .all(|b| b.is_ascii_digit())
        || whole.is_empty()
    {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let hundredths: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}").parse().map_err(|_| bad())?
    };
    let minutes = whole * 60 + hundredths * 60 / 100;
    if minutes <= 0 || minutes > MAX_TRAINING_MINUTES {
        return Err(AppError::invalid(field, "hours_range"));
    }
    Ok(minutes)
}
