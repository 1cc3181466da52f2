//! The hour rules (caps, late entries, overlaps) and star levels, both configurable.

use super::*;

/// The configurable limits on one hour record (settings; defaults from the domain brief).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourRules {
    /// Longest single record accepted without a reason (default 12 h).
    pub cap_minutes: i64,
    /// Days after the activity after which an entry is a late entry (补录) (default 30).
    pub late_days: i64,
}

impl Default for HourRules {
    fn default() -> Self {
        Self {
            cap_minutes: 12 * 60,
            late_days: 30,
        }
    }
}

/// What the rules found about a record that passed them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckedTimes {
    /// Whole minutes served.
    pub minutes: i64,
    /// A late entry: needs a reason (checked) and a second approver, and stays marked.
    pub late: bool,
}

/// A proposed record's times and reasons, before the rules.
#[derive(Debug, Clone, Copy)]
pub struct ProposedTimes<'a> {
    /// The day served.
    pub served_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    /// Why the record is over the cap, if it is.
    pub over_cap_reason: Option<&'a str>,
    /// Why the record is entered late, if it is.
    pub late_reason: Option<&'a str>,
}

impl HourRules {
    /// Applies design rule 4 to a record entered on `today`: end after start, not in the future,
    /// over the cap only with a reason, late only with a reason. `allow_zero` lets a correction
    /// void a record (start = end). Overlap needs the database and is checked there.
    pub fn check(
        self,
        p: &ProposedTimes<'_>,
        today: NaiveDate,
        allow_zero: bool,
    ) -> Result<CheckedTimes, AppError> {
        if p.served_on > today {
            return Err(AppError::invalid("served_on", "future_date"));
        }
        if p.end_min < p.start_min || (p.end_min == p.start_min && !allow_zero) {
            return Err(AppError::invalid("end", "end_time_before_start"));
        }
        let minutes = p.end_min - p.start_min;
        let has = |r: Option<&str>| r.is_some_and(|r| !r.trim().is_empty());
        if minutes > self.cap_minutes && !has(p.over_cap_reason) {
            return Err(AppError::invalid(
                "over_cap_reason",
                "over_cap_needs_reason",
            ));
        }
        let late = (today - p.served_on).num_days() > self.late_days;
        if late && !has(p.late_reason) {
            return Err(AppError::invalid("late_reason", "late_needs_reason"));
        }
        Ok(CheckedTimes { minutes, late })
    }
}

/// Star-level thresholds in hours (一星 … 五星), from confirmed service hours only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StarThresholds(pub [i64; 5]);

impl Default for StarThresholds {
    fn default() -> Self {
        Self([100, 300, 600, 1000, 1500])
    }
}

impl StarThresholds {
    /// The star level (0 = none, 1–5) for `minutes` of confirmed service.
    pub fn level(self, minutes: i64) -> u8 {
        let reached = self.0.iter().filter(|h| minutes >= **h * 60).count();
        u8::try_from(reached).unwrap_or(5)
    }

    /// The service minutes a level spans: `[from, to)`; `to` is `None` for five stars.
    pub fn minutes_range(self, level: u8) -> (i64, Option<i64>) {
        let idx = usize::from(level.min(5));
        let from = if idx == 0 { 0 } else { self.0[idx - 1] * 60 };
        let to = self.0.get(idx).map(|h| h * 60);
        (from, to)
    }

    /// Thresholds must rise strictly and be positive.
    pub fn validate(self) -> Result<Self, AppError> {
        if self.0[0] > 0 && self.0.windows(2).all(|w| w[0] < w[1]) {
            Ok(self)
        } else {
            Err(AppError::invalid("star_1", "thresholds_must_rise"))
        }
    }
}
