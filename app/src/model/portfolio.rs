//! The growth portfolio (成长档案): one social worker's record as a station hands it to the
//! worker, the county or an evaluator. It names no ID number, no reflection, no beneficiary and
//! no supervision notes: only what the worker did, when, and who signed it off.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::account::Role;
use crate::model::competency::{ItemStatus, Setting};
use crate::model::education::{PeriodLine, QualificationView};

/// A role held at a station, from its grant to its end (if it ended).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleSpan {
    /// The role.
    pub role: Role,
    /// Station name.
    pub station: String,
    /// Granted on (China day).
    pub from: NaiveDate,
    /// Revoked on.
    pub until: Option<NaiveDate>,
}

/// A mentoring pairing the worker was part of, as mentor or as trainee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairingSpan {
    /// True when the worker was the mentor.
    pub as_mentor: bool,
    /// The other person.
    pub other: String,
    /// Station name.
    pub station: String,
    /// Primary mentor (or secondary).
    pub is_primary: bool,
    /// Start.
    pub starts_on: NaiveDate,
    /// The day it ended, if it did.
    pub ended_on: Option<NaiveDate>,
    /// `active`, `completed` or `ended_early`.
    pub status: String,
}

/// One competency item and where the worker stands on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemLine {
    /// Area title.
    pub area: String,
    /// Item code.
    pub code: String,
    /// Item title.
    pub title: String,
    /// Status.
    pub status: ItemStatus,
    /// The day of the sign-off that made it competent (China).
    pub signed_on: Option<NaiveDate>,
    /// The mentor who signed it off.
    pub signed_by: Option<String>,
}

/// Practices logged in one area and setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeCount {
    /// Area title.
    pub area: String,
    /// Real, role-play or shadowing.
    pub setting: Setting,
    /// Practices (not withdrawn) with at least one item of the area.
    pub count: i64,
}

/// A supervision session the worker ran or attended: when, how, how long. Never its notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLine {
    /// Date.
    pub held_on: NaiveDate,
    /// `individual` or `group`.
    pub form: String,
    /// `in_person`, `phone` or `online`.
    pub channel: String,
    /// Minutes.
    pub minutes: i64,
    /// The mentor's name.
    pub mentor: String,
    /// True when the worker ran it.
    pub as_mentor: bool,
}

/// A volunteer activity the worker organised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityLine {
    /// Date.
    pub held_on: NaiveDate,
    /// Activity name.
    pub name: String,
    /// Project name.
    pub project: String,
    /// Organising station.
    pub station: String,
    /// Volunteers with confirmed records.
    pub volunteers: i64,
}

/// The whole portfolio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Portfolio {
    /// The worker's account.
    pub user_id: i64,
    /// Their name.
    pub name: String,
    /// The day it was issued (China).
    pub issued_on: NaiveDate,
    /// Who issued it.
    pub issued_by: String,
    /// Qualification, certificate number masked.
    pub qualification: Option<QualificationView>,
    /// Roles at stations, oldest first.
    pub roles: Vec<RoleSpan>,
    /// Pairings, oldest first.
    pub pairings: Vec<PairingSpan>,
    /// Framework name and version, when the worker was ever a trainee.
    pub framework: Option<String>,
    /// Every item of that framework.
    pub items: Vec<ItemLine>,
    /// Practices by area and setting.
    pub practice_counts: Vec<PracticeCount>,
    /// Supervision sessions, oldest first.
    pub sessions: Vec<SessionLine>,
    /// Continuing education per registration period.
    pub education: Vec<PeriodLine>,
    /// Volunteer activities organised, oldest first.
    pub activities: Vec<ActivityLine>,
}

impl Portfolio {
    /// Items signed off.
    pub fn competent(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.status == ItemStatus::Competent)
            .count()
    }

    /// Minutes of supervision in all.
    pub fn supervision_minutes(&self) -> i64 {
        self.sessions.iter().map(|s| s.minutes).sum()
    }
}
