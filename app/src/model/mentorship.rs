//! Mentorship: pairings, supervision records (督导记录) and the oversight rules (domain §5).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::AppError;
use crate::model::text::parse_id;

/// Where a pairing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PairingStatus {
    /// 进行中
    Active,
    /// 已完成
    Completed,
    /// 提前结束 (with a reason)
    EndedEarly,
}

string_enum!(PairingStatus, "pairing" {
    Active => "active",
    Completed => "completed",
    EndedEarly => "ended_early",
});

/// Supervision functions (督导功能).
pub const FUNCTIONS: [&str; 3] = ["administrative", "educational", "supportive"];
/// Session forms.
pub const FORMS: [&str; 2] = ["individual", "group"];
/// Session channels.
pub const CHANNELS: [&str; 3] = ["in_person", "phone", "online"];

/// Thresholds oversight uses; admins change them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thresholds {
    /// Warn when pairing a mentor who already has this many active mentees.
    pub mentor_load_limit: i64,
    /// A pairing is overdue when its last session is older than this many days.
    pub supervision_overdue_days: i64,
    /// A sign-off request is late after this many days.
    pub signoff_wait_days: i64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            mentor_load_limit: 5,
            supervision_overdue_days: 30,
            signoff_wait_days: 7,
        }
    }
}

/// Sign-off requests made before this instant are late today: those asked on a day in China
/// more than `wait_days` days before `today`. Counted in days, as the overview counts them, so
/// a request turns late at midnight in China, not at the hour it was asked.
pub fn late_requests_before(today: NaiveDate, wait_days: i64) -> DateTime<Utc> {
    let last_late_day = today
        .checked_sub_signed(chrono::TimeDelta::days(wait_days.max(0)))
        .unwrap_or(NaiveDate::MIN);
    crate::model::time::china_midnight_utc(last_late_day)
}

/// Days since the last supervision of a pairing (or since it started, if none yet), and
/// whether that is past the threshold.
pub fn supervision_gap(
    last: Option<NaiveDate>,
    started: NaiveDate,
    today: NaiveDate,
    threshold: i64,
) -> (i64, bool) {
    let since = last.unwrap_or(started);
    let days = (today - since).num_days().max(0);
    (days, days > threshold)
}

/// The pairing form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingInput {
    pub trainee_id: String,
    pub mentor_id: String,
    /// `on` for the primary mentor.
    #[serde(default)]
    pub is_primary: Option<String>,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD` or empty.
    #[serde(default)]
    pub planned_end_on: String,
    /// Learning agreement (Markdown).
    #[serde(default)]
    pub agreement: String,
    /// `on` to pair even above the mentor's load limit.
    #[serde(default)]
    pub over_limit_ok: Option<String>,
}

/// A validated pairing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPairing {
    /// Trainee.
    pub trainee_id: i64,
    /// Mentor.
    pub mentor_id: i64,
    /// Primary or secondary mentor.
    pub is_primary: bool,
    /// Start.
    pub starts_on: NaiveDate,
    /// Planned end.
    pub planned_end_on: Option<NaiveDate>,
    /// Agreement.
    pub agreement_md: String,
}

fn date(field: &str, raw: &str) -> Result<NaiveDate, AppError> {
    crate::model::time::parse_day(raw).ok_or_else(|| AppError::invalid(field, "date_format"))
}

impl PairingInput {
    /// Validates the form.
    pub fn validate(&self) -> Result<NewPairing, AppError> {
        let trainee_id = parse_id("trainee_id", &self.trainee_id)?;
        let mentor_id = parse_id("mentor_id", &self.mentor_id)?;
        if trainee_id == mentor_id {
            return Err(AppError::invalid("mentor_id", "mentor_is_trainee"));
        }
        let starts_on = date("starts_on", &self.starts_on)?;
        let planned_end_on = if self.planned_end_on.trim().is_empty() {
            None
        } else {
            Some(date("planned_end_on", &self.planned_end_on)?)
        };
        if planned_end_on.is_some_and(|end| end < starts_on) {
            return Err(AppError::invalid("planned_end_on", "end_before_start"));
        }
        let agreement_md = crate::model::privacy::optional_note(
            "agreement",
            &self.agreement,
            5000,
            crate::model::text::Lines::Many,
        )?
        .unwrap_or_default();
        Ok(NewPairing {
            trainee_id,
            mentor_id,
            is_primary: self.is_primary.as_deref().is_some_and(|v| !v.is_empty()),
            starts_on,
            planned_end_on,
            agreement_md,
        })
    }
}

/// The supervision-session form as typed. Trainees are `trainee_<id>` checkboxes; actions are
/// up to three rows `action<n>_owner`, `action<n>_text`, `action<n>_due`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInput {
    /// `YYYY-MM-DD`.
    pub held_on: String,
    /// Length in minutes.
    pub minutes: String,
    /// `individual` or `group`.
    #[serde(default)]
    pub form: String,
    /// `in_person`, `phone` or `online`.
    #[serde(default)]
    pub channel: String,
    /// Topics.
    #[serde(default)]
    pub topics: String,
    /// Notes (Markdown).
    #[serde(default)]
    pub notes: String,
    /// Competency items discussed, e.g. `B1, C3` (optional).
    #[serde(default)]
    pub items: String,
    /// Everything else: trainee and function checkboxes, action rows.
    #[serde(flatten, default)]
    pub rest: std::collections::BTreeMap<String, String>,
}

/// An agreed action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    /// Who does it.
    pub owner_id: i64,
    /// What.
    pub description: String,
    /// By when.
    pub due_on: NaiveDate,
}

/// A validated session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// When.
    pub held_on: NaiveDate,
    /// How long.
    pub minutes: i64,
    /// Individual or group.
    pub form: String,
    /// In person, phone, online.
    pub channel: String,
    /// Functions covered.
    pub functions: Vec<String>,
    pub topics: String,
    /// Notes.
    pub notes_md: String,
    /// Competency items discussed (codes).
    pub item_codes: Vec<String>,
    /// Trainees present.
    pub trainees: Vec<i64>,
    /// Agreed actions.
    pub actions: Vec<NewAction>,
}

impl SessionInput {
    /// Validates the form against `today` and the competency codes that exist.
    pub fn validate(
        &self,
        today: NaiveDate,
        known_codes: &[String],
    ) -> Result<NewSession, AppError> {
        let held_on = date("held_on", &self.held_on)?;
        if held_on > today {
            return Err(AppError::invalid("held_on", "date_in_future"));
        }
        let minutes = self
            .minutes
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|m| (5..=600).contains(m))
            .ok_or(AppError::invalid("minutes", "minutes_range"))?;
        let form = Some(self.form.as_str())
            .filter(|f| FORMS.contains(f))
            .ok_or(AppError::invalid("form", "required"))?;
        let channel = Some(self.channel.as_str())
            .filter(|c| CHANNELS.contains(c))
            .ok_or(AppError::invalid("channel", "required"))?;
        let functions: Vec<String> = FUNCTIONS
            .iter()
            .filter(|f| self.rest.contains_key(&format!("fn_{f}")))
            .map(|f| (*f).to_owned())
            .collect();
        if functions.is_empty() {
            return Err(AppError::invalid("functions", "choose_function"));
        }
        let trainees: Vec<i64> = self
            .rest
            .keys()
            .filter_map(|k| k.strip_prefix("trainee_"))
            .filter_map(|id| id.parse().ok())
            .collect();
        if trainees.is_empty() {
            return Err(AppError::invalid("trainees", "choose_trainee"));
        }
        if form == "individual" && trainees.len() > 1 {
            return Err(AppError::invalid("trainees", "individual_one_trainee"));
        }
        use crate::model::privacy::{optional_note, required_note};
        use crate::model::text::Lines;
        let topics = required_note("topics", &self.topics, 500, Lines::One)?;
        let notes_md = optional_note("notes", &self.notes, 5000, Lines::Many)?.unwrap_or_default();
        let mut item_codes: Vec<String> = self
            .items
            .split([',', '，', ' ', '、'])
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty())
            .collect();
        item_codes.sort();
        item_codes.dedup();
        if item_codes.iter().any(|c| !known_codes.contains(c)) {
            return Err(AppError::invalid("items", "unknown_item"));
        }
        let mut actions = Vec::new();
        for n in 1..=3 {
            let get = |k: &str| {
                self.rest
                    .get(&format!("action{n}_{k}"))
                    .map(|v| v.trim().to_owned())
                    .unwrap_or_default()
            };
            let text = get("text");
            if text.is_empty() {
                continue;
            }
            let description = required_note("actions", &text, 300, Lines::One)?;
            let owner_id = parse_id("actions", &get("owner"))?;
            let due_on = date("actions", &get("due"))?;
            actions.push(NewAction {
                owner_id,
                description,
                due_on,
            });
        }
        Ok(NewSession {
            held_on,
            minutes,
            form: form.to_owned(),
            channel: channel.to_owned(),
            functions,
            topics,
            notes_md,
            item_codes,
            trainees,
            actions,
        })
    }
}

/// A pairing as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingView {
    pub id: i64,
    /// Trainee.
    pub trainee_id: i64,
    /// Trainee name.
    pub trainee: String,
    /// Mentor.
    pub mentor_id: i64,
    /// Mentor name.
    pub mentor: String,
    /// Station name.
    pub station: String,
    /// Primary or secondary.
    pub is_primary: bool,
    /// Start.
    pub starts_on: NaiveDate,
    /// Planned end.
    pub planned_end_on: Option<NaiveDate>,
    /// Agreement rendered to safe HTML.
    pub agreement_html: String,
    /// Active, completed or ended early.
    pub status: PairingStatus,
}

/// One row of the oversight page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OversightRow {
    /// The pairing.
    pub pairing: PairingView,
    /// Days since the last supervision (or the start).
    pub days_since_supervision: i64,
    /// Past the threshold.
    pub supervision_overdue: bool,
    /// Actions of this pair past their due date and not done.
    pub overdue_actions: i64,
    /// The trainee's sign-off requests waiting longer than the threshold.
    pub late_requests: i64,
    /// Items signed off.
    pub competent: i64,
    /// Last session date.
    pub last_session: Option<NaiveDate>,
}

/// An action as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionView {
    pub id: i64,
    /// Session.
    pub session_id: i64,
    /// Owner's id.
    pub owner_id: i64,
    /// Owner's name.
    pub owner: String,
    /// What.
    pub description: String,
    /// By when.
    pub due_on: NaiveDate,
    /// When done.
    pub done_at: Option<DateTime<Utc>>,
}

/// A session with everything its page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionDetail {
    pub id: i64,
    pub mentor_id: i64,
    /// Mentor name.
    pub mentor: String,
    /// Date.
    pub held_on: NaiveDate,
    pub minutes: i64,
    pub form: String,
    pub channel: String,
    /// Functions, comma-separated.
    pub functions: String,
    pub topics: String,
    /// Notes as safe HTML.
    pub notes_html: String,
    /// Competency items discussed.
    pub item_codes: Vec<String>,
    /// (trainee id, name, confirmed at, remarks).
    pub attendees: Vec<(i64, String, Option<DateTime<Utc>>, String)>,
    /// Agreed actions.
    pub actions: Vec<ActionView>,
    /// Appended corrections: (author, body, when).
    pub corrections: Vec<(String, String, DateTime<Utc>)>,
}

/// A session in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(sqlx::FromRow))]
pub struct SessionSummary {
    pub id: i64,
    /// Date.
    pub held_on: NaiveDate,
    /// Mentor name.
    pub mentor: String,
    pub topics: String,
    /// Attendees not yet confirmed.
    pub unconfirmed: i64,
}

/// A reflection in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReflectionView {
    pub id: i64,
    pub trainee_id: i64,
    /// Trainee name.
    pub trainee: String,
    pub title: String,
    /// Body as safe HTML.
    pub body_html: String,
    /// When.
    pub created_at: DateTime<Utc>,
    /// Comments: (author, body, when).
    pub comments: Vec<(String, String, DateTime<Utc>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
    }

    #[test]
    fn supervision_is_overdue_after_the_threshold() {
        let today = d("2026-11-29");
        assert_eq!(
            supervision_gap(Some(d("2026-11-01")), d("2026-09-01"), today, 30),
            (28, false)
        );
        assert_eq!(
            supervision_gap(Some(d("2026-10-01")), d("2026-09-01"), today, 30),
            (59, true)
        );
        assert_eq!(
            supervision_gap(None, d("2026-11-20"), today, 30),
            (9, false),
            "counts from the start"
        );
    }

    #[test]
    fn a_request_turns_late_at_midnight_in_china_after_the_wait() {
        use chrono::TimeZone;
        let cutoff = late_requests_before(d("2026-11-29"), 7);
        // Asked on 2026-11-21 in China (late: 8 days) and on 2026-11-22 (7 days: not yet).
        let asked_21st_late_evening = Utc
            .with_ymd_and_hms(2026, 11, 21, 15, 59, 0)
            .single()
            .expect("time");
        let asked_22nd_just_after_midnight = Utc
            .with_ymd_and_hms(2026, 11, 21, 16, 0, 0)
            .single()
            .expect("time");
        assert!(asked_21st_late_evening < cutoff);
        assert!(asked_22nd_just_after_midnight >= cutoff);
        assert_eq!(
            late_requests_before(d("2026-11-29"), 0),
            crate::model::time::china_midnight_utc(d("2026-11-29")),
            "no wait: everything asked before today is late"
        );
    }

    #[test]
    fn pairing_form_rules() {
        let good = PairingInput {
            trainee_id: "5".into(),
            mentor_id: "4".into(),
            is_primary: Some("on".into()),
            starts_on: "2026-11-01".into(),
            planned_end_on: "2027-05-01".into(),
            agreement: "目标：**入户走访**独立完成".into(),
            over_limit_ok: None,
        };
        assert!(good.validate().is_ok_and(|p| p.is_primary));
        let same = PairingInput {
            mentor_id: "5".into(),
            ..good.clone()
        };
        assert_eq!(
            same.validate(),
            Err(AppError::invalid("mentor_id", "mentor_is_trainee"))
        );
        let backwards = PairingInput {
            planned_end_on: "2026-10-01".into(),
            ..good
        };
        assert_eq!(
            backwards.validate(),
            Err(AppError::invalid("planned_end_on", "end_before_start"))
        );
    }

    #[test]
    fn session_form_rules() {
        let today = d("2026-11-29");
        let mut rest = std::collections::BTreeMap::new();
        rest.insert("trainee_5".to_owned(), "on".to_owned());
        rest.insert("fn_educational".to_owned(), "on".to_owned());
        rest.insert("action1_text".to_owned(), "整理入户记录".to_owned());
        rest.insert("action1_owner".to_owned(), "5".to_owned());
        rest.insert("action1_due".to_owned(), "2026-12-05".to_owned());
        let good = SessionInput {
            held_on: "2026-11-28".into(),
            minutes: "60".into(),
            form: "individual".into(),
            channel: "in_person".into(),
            topics: "入户核查中的提问方式".into(),
            notes: String::new(),
            items: "b1，C3".into(),
            rest,
        };
        let codes = vec!["B1".to_owned(), "C3".to_owned()];
        let session = good.validate(today, &codes).expect("valid");
        assert_eq!(session.trainees, vec![5]);
        assert_eq!(session.functions, vec!["educational"]);
        assert_eq!(session.actions.len(), 1);
        assert_eq!(session.item_codes, vec!["B1", "C3"]);
        let unknown = SessionInput {
            items: "Z9".into(),
            ..good.clone()
        };
        assert_eq!(
            unknown.validate(today, &codes),
            Err(AppError::invalid("items", "unknown_item"))
        );
        let long = SessionInput {
            minutes: "0".into(),
            ..good.clone()
        };
        assert_eq!(
            long.validate(today, &codes),
            Err(AppError::invalid("minutes", "minutes_range"))
        );
        let mut group = good.clone();
        group.rest.insert("trainee_6".into(), "on".into());
        assert_eq!(
            group.validate(today, &codes),
            Err(AppError::invalid("trainees", "individual_one_trainee"))
        );
        group.form = "group".into();
        assert!(group.validate(today, &codes).is_ok());
        let mut no_fn = good;
        no_fn.rest.remove("fn_educational");
        assert_eq!(
            no_fn.validate(today, &codes),
            Err(AppError::invalid("functions", "choose_function"))
        );
    }
}
