//! The overview a county, city or province reads: figures per node of the station tree for a
//! period, rolled up so every level sees its own and the rows always add up to the totals.
//!
//! Each person and record counts at exactly one station: a trainee or mentor at their first
//! current role of that kind, a pairing at its station, a supervision session (and its actions)
//! at its mentor's station, a volunteer at their home station, an hour record at the station
//! that recorded it, a certificate at the issuing station. So a node's figures are its own plus
//! its children's, with nothing counted twice.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::mentorship::Thresholds;
use super::station::Station;
use crate::error::AppError;

/// The period the overview covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// From the first of this month to today.
    #[default]
    ThisMonth,
    /// The whole of last month.
    LastMonth,
    /// This calendar quarter so far.
    Quarter,
    /// This calendar year so far.
    Year,
    /// Any range of up to three years.
    Custom,
}

string_enum!(PeriodKind, "overview.period" {
    ThisMonth => "this_month",
    LastMonth => "last_month",
    Quarter => "quarter",
    Year => "year",
    Custom => "custom",
});

/// Longest custom range, in days (three years), so no request sums a decade.
pub const MAX_CUSTOM_DAYS: i64 = 3 * 366;

/// A resolved period: its kind and first and last day (China time), inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// Which choice made it.
    pub kind: PeriodKind,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// The period for `kind` as of `today`; a custom range needs both ends, in order, at most
    /// [`MAX_CUSTOM_DAYS`] apart.
    pub fn resolve(
        kind: PeriodKind,
        today: NaiveDate,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Period, AppError> {
        let month_start = today.with_day(1).unwrap_or(today);
        let (from, to) = match kind {
            PeriodKind::ThisMonth => (month_start, today),
            PeriodKind::LastMonth => {
                let start = month_start
                    .checked_sub_months(Months::new(1))
                    .unwrap_or(month_start);
                (start, month_start.pred_opt().unwrap_or(month_start))
            }
            PeriodKind::Quarter => {
                let first_month = (today.month0() / 3) * 3 + 1;
                (
                    NaiveDate::from_ymd_opt(today.year(), first_month, 1).unwrap_or(month_start),
                    today,
                )
            }
            PeriodKind::Year => (
                NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(month_start),
                today,
            ),
            PeriodKind::Custom => {
                let (Some(from), Some(to)) = (from, to) else {
                    return Err(AppError::invalid("from", "required"));
                };
                if to < from {
                    return Err(AppError::invalid("to", "end_before_start"));
                }
                if (to - from).num_days() > MAX_CUSTOM_DAYS {
                    return Err(AppError::invalid("to", "range_too_long"));
                }
                (from, to)
            }
        };
        Ok(Period { kind, from, to })
    }

    /// The query string that reproduces this period.
    pub fn to_query(&self) -> String {
        match self.kind {
            PeriodKind::Custom => format!("period=custom&from={}&to={}", self.from, self.to),
            kind => format!("period={}", kind.as_str()),
        }
    }
}

/// Everything the overview counts for one node (or one station's own share).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Figures {
    /// New social workers (trainee roles, one station each).
    pub trainees: i64,
    /// Active mentor–trainee pairings.
    pub active_pairings: i64,
    /// Competency items signed off (达标) across the trainees.
    pub items_met: i64,
    /// Items in the trainees' frameworks.
    pub items_total: i64,
    /// Sign-off requests waiting for a decision.
    pub requests_waiting: i64,
    /// The day the oldest waiting request was made.
    pub oldest_request_on: Option<NaiveDate>,
    /// Over active pairings, the earliest "last supervision" (or start, if none yet).
    pub oldest_supervision_on: Option<NaiveDate>,
    /// Supervision actions past their due date and not done.
    pub overdue_actions: i64,
    /// Mentors (one station each).
    pub mentors: i64,
    /// The most active mentees one mentor has.
    pub max_mentees: i64,
    /// Supervision sessions held in the period.
    pub sessions: i64,
    /// Their minutes.
    pub session_minutes: i64,
    /// Sessions held one to one.
    pub individual_sessions: i64,
    /// Sessions held as a group.
    pub group_sessions: i64,
    /// Sessions with the administrative function (行政).
    pub administrative: i64,
    /// Sessions with the educational function (教育).
    pub educational: i64,
    /// Sessions with the supportive function (支持).
    pub supportive: i64,
    /// Volunteers registered (home station).
    pub volunteers: i64,
    /// Of them, those with confirmed hours (more than zero minutes) in the period.
    pub active_volunteers: i64,
    /// Confirmed service minutes in the period (recording station).
    pub service_minutes: i64,
    /// Confirmed training minutes in the period.
    pub training_minutes: i64,
    /// Hour records waiting for confirmation.
    pub records_waiting: i64,
    /// The day the oldest waiting record was entered.
    pub oldest_record_on: Option<NaiveDate>,
    /// Certificates issued in the period.
    pub certificates: i64,
}

fn earliest(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

impl Figures {
    /// Adds `other` in: counts sum, the largest load and the oldest dates carry.
    pub fn add(&mut self, other: &Figures) {
        self.trainees += other.trainees;
        self.active_pairings += other.active_pairings;
        self.items_met += other.items_met;
        self.items_total += other.items_total;
        self.requests_waiting += other.requests_waiting;
        self.oldest_request_on = earliest(self.oldest_request_on, other.oldest_request_on);
        self.oldest_supervision_on =
            earliest(self.oldest_supervision_on, other.oldest_supervision_on);
        self.overdue_actions += other.overdue_actions;
        self.mentors += other.mentors;
        self.max_mentees = self.max_mentees.max(other.max_mentees);
        self.sessions += other.sessions;
        self.session_minutes += other.session_minutes;
        self.individual_sessions += other.individual_sessions;
        self.group_sessions += other.group_sessions;
        self.administrative += other.administrative;
        self.educational += other.educational;
        self.supportive += other.supportive;
        self.volunteers += other.volunteers;
        self.active_volunteers += other.active_volunteers;
        self.service_minutes += other.service_minutes;
        self.training_minutes += other.training_minutes;
        self.records_waiting += other.records_waiting;
        self.oldest_record_on = earliest(self.oldest_record_on, other.oldest_record_on);
        self.certificates += other.certificates;
    }

    /// Items signed off as a whole percentage of all items, when there are any.
    pub fn percent_met(&self) -> Option<i64> {
        (self.items_total > 0).then(|| self.items_met * 100 / self.items_total)
    }

    /// Days since the oldest waiting sign-off request.
    pub fn oldest_request_days(&self, today: NaiveDate) -> Option<i64> {
        self.oldest_request_on.map(|d| (today - d).num_days())
    }

    /// Days since the least recently supervised active pairing was supervised.
    pub fn worst_supervision_days(&self, today: NaiveDate) -> Option<i64> {
        self.oldest_supervision_on.map(|d| (today - d).num_days())
    }

    /// Days since the oldest waiting hour record was entered.
    pub fn oldest_record_days(&self, today: NaiveDate) -> Option<i64> {
        self.oldest_record_on.map(|d| (today - d).num_days())
    }

    /// What is past the oversight thresholds, each with the reason shown beside the cell.
    pub fn flags(&self, today: NaiveDate, t: &Thresholds) -> Vec<Flag> {
        let mut out = Vec::new();
        if self.max_mentees > t.mentor_load_limit {
            out.push(Flag::MentorLoad);
        }
        if self
            .worst_supervision_days(today)
            .is_some_and(|d| d > t.supervision_overdue_days)
        {
            out.push(Flag::SupervisionOverdue);
        }
        if self
            .oldest_request_days(today)
            .is_some_and(|d| d > t.signoff_wait_days)
        {
            out.push(Flag::SignoffLate);
        }
        if self.overdue_actions > 0 {
            out.push(Flag::ActionsOverdue);
        }
        if self
            .oldest_record_days(today)
            .is_some_and(|d| d > RECORD_WAIT_DAYS)
        {
            out.push(Flag::RecordsWaiting);
        }
        out
    }
}

/// Hour records waiting longer than this are flagged (the 2020 办法 asks for timely records).
pub const RECORD_WAIT_DAYS: i64 = 14;

/// A figure past its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Flag {
    /// A mentor has more mentees than the load limit.
    MentorLoad,
    /// A pairing has gone longer than the limit without supervision.
    SupervisionOverdue,
    /// A sign-off request has waited longer than the limit.
    SignoffLate,
    /// Supervision actions are past due.
    ActionsOverdue,
    /// Hour records have waited more than [`RECORD_WAIT_DAYS`] for confirmation.
    RecordsWaiting,
}

string_enum!(Flag, "overview.flag" {
    MentorLoad => "mentor_load",
    SupervisionOverdue => "supervision_overdue",
    SignoffLate => "signoff_late",
    ActionsOverdue => "actions_overdue",
    RecordsWaiting => "records_waiting",
});

/// One row of the overview: a child node and its rolled-up figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewRow {
    /// The child node.
    pub station: Station,
    /// Its figures, including everything under it.
    pub figures: Figures,
    /// True when it has nodes under it (the row drills down further).
    pub has_children: bool,
}

/// Rolls per-station figures (`(path, figures)`, each station's own share) up to the children of
/// `node`: returns each child's total (in `children` order), the node's own share, and the total.
/// Shares outside the node's subtree are ignored.
pub fn roll_up(
    node: &Station,
    children: &[Station],
    shares: &[(String, Figures)],
) -> (Vec<Figures>, Figures, Figures) {
    let mut rows = vec![Figures::default(); children.len()];
    let mut own = Figures::default();
    for (path, figures) in shares {
        if *path == node.path {
            own.add(figures);
        } else if let Some(i) = children
            .iter()
            .position(|c| super::permission::covers(&c.path, path))
        {
            rows[i].add(figures);
        }
    }
    let mut total = own;
    for row in &rows {
        total.add(row);
    }
    (rows, own, total)
}

/// What an overview URL asks for: `?node=<id>&period=<kind>[&from=…&to=…]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct OverviewQuery {
    /// The node; `None` for the person's own top node.
    pub node: Option<i64>,
    /// The period.
    pub period: PeriodKind,
    /// First day of a custom period.
    pub from: Option<NaiveDate>,
    /// Last day of a custom period.
    pub to: Option<NaiveDate>,
}

impl OverviewQuery {
    /// Reads the query from URL parameters; anything unreadable falls back to the default.
    pub fn from_pairs(get: impl Fn(&str) -> Option<String>) -> Self {
        let date = |k: &str| get(k).and_then(|v| crate::model::time::parse_day(&v));
        Self {
            node: get("node").and_then(|v| v.trim().parse().ok()),
            period: get("period")
                .and_then(|v| PeriodKind::parse(&v))
                .unwrap_or_default(),
            from: date("from"),
            to: date("to"),
        }
    }
}

/// The overview of one node for one period, as the page and the download show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverviewData {
    /// The node.
    pub node: Station,
    /// The nodes from the person's own top node down to this one, for breadcrumbs.
    pub trail: Vec<Station>,
    /// The period covered.
    pub period: Period,
    /// Today in China, for ages in days.
    pub today: NaiveDate,
    /// One row per child node.
    pub rows: Vec<OverviewRow>,
    /// What is held at the node itself (e.g. a county-level mentor), if anything.
    pub own: Option<Figures>,
    /// The node's totals: its own share plus every row.
    pub total: Figures,
    /// The oversight thresholds cells are marked against.
    pub thresholds: Thresholds,
    /// Twelve-month trends: (title key, SVG drawn on the server).
    pub charts: Vec<(String, String)>,
}

impl OverviewData {
    /// The URL of the overview of `node` for the same period.
    pub fn href(&self, node: i64) -> String {
        format!("/overview?node={node}&{}", self.period.to_query())
    }
}

/// A month's figure for a trend chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrendPoint {
    /// `YYYY-MM`.
    pub month: String,
    /// The figure (minutes for hours, a count otherwise).
    pub value: i64,
}

/// The twelve months ending with `today`'s, oldest first, as `YYYY-MM`.
pub fn last_twelve_months(today: NaiveDate) -> Vec<String> {
    let start = today.with_day(1).unwrap_or(today);
    (0..12u32)
        .rev()
        .map(|back| {
            start
                .checked_sub_months(Months::new(back))
                .unwrap_or(start)
                .format("%Y-%m")
                .to_string()
        })
        .collect()
}

/// Fills `points` (any order, months possibly missing) into the twelve `months`, zero where
/// nothing happened.
pub fn fill_months(months: &[String], points: &[(String, i64)]) -> Vec<TrendPoint> {
    months
        .iter()
        .map(|m| TrendPoint {
            month: m.clone(),
            value: points
                .iter()
                .filter(|(pm, _)| pm == m)
                .map(|(_, v)| v)
                .sum(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::station::{StationKind, child_path};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn periods_resolve_in_calendar_terms() {
        let today = day(2026, 11, 30);
        let p = |k| Period::resolve(k, today, None, None).map(|p| (p.from, p.to));
        assert_eq!(
            p(PeriodKind::ThisMonth).ok(),
            Some((day(2026, 11, 1), today))
        );
        assert_eq!(
            p(PeriodKind::LastMonth).ok(),
            Some((day(2026, 10, 1), day(2026, 10, 31)))
        );
        assert_eq!(p(PeriodKind::Quarter).ok(), Some((day(2026, 10, 1), today)));
        assert_eq!(p(PeriodKind::Year).ok(), Some((day(2026, 1, 1), today)));
        let jan = Period::resolve(PeriodKind::LastMonth, day(2027, 1, 5), None, None)
            .map(|p| (p.from, p.to))
            .ok();
        assert_eq!(jan, Some((day(2026, 12, 1), day(2026, 12, 31))));
        let custom = |f, t| Period::resolve(PeriodKind::Custom, today, f, t);
        assert!(custom(None, Some(today)).is_err());
        assert!(
            custom(Some(today), Some(day(2026, 1, 1))).is_err(),
            "reversed"
        );
        assert!(
            custom(Some(day(2020, 1, 1)), Some(today)).is_err(),
            "too long"
        );
        let ok = custom(Some(day(2026, 3, 1)), Some(day(2026, 3, 31))).ok();
        assert_eq!(
            ok.map(|p| p.to_query()),
            Some("period=custom&from=2026-03-01&to=2026-03-31".to_owned())
        );
        assert_eq!(PeriodKind::parse("year"), Some(PeriodKind::Year));
    }

    #[test]
    fn flags_say_which_threshold_is_passed() {
        let today = day(2026, 11, 30);
        let t = Thresholds::default();
        let calm = Figures {
            max_mentees: t.mentor_load_limit,
            oldest_supervision_on: Some(today),
            ..Figures::default()
        };
        assert!(calm.flags(today, &t).is_empty());
        let busy = Figures {
            max_mentees: t.mentor_load_limit + 1,
            oldest_supervision_on: Some(day(2026, 1, 1)),
            oldest_request_on: Some(day(2026, 1, 1)),
            overdue_actions: 1,
            oldest_record_on: Some(day(2026, 11, 1)),
            ..Figures::default()
        };
        assert_eq!(
            busy.flags(today, &t),
            vec![
                Flag::MentorLoad,
                Flag::SupervisionOverdue,
                Flag::SignoffLate,
                Flag::ActionsOverdue,
                Flag::RecordsWaiting
            ]
        );
        assert_eq!(Figures::default().percent_met(), None);
        let some = Figures {
            items_met: 13,
            items_total: 26,
            ..Figures::default()
        };
        assert_eq!(some.percent_met(), Some(50));
    }

    /// A small deterministic generator (no extra dependency) for the property test.
    struct Lcg(u64);
    impl Lcg {
        fn next(&mut self, below: u64) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) % below.max(1)
        }
    }

    fn random_figures(rng: &mut Lcg) -> Figures {
        let n = |rng: &mut Lcg| i64::try_from(rng.next(50)).unwrap_or(0);
        let date = |rng: &mut Lcg| {
            (rng.next(3) > 0).then(|| day(2026, 1, 1) + chrono::Duration::days(n(rng) * 5))
        };
        Figures {
            trainees: n(rng),
            active_pairings: n(rng),
            items_met: n(rng),
            items_total: n(rng) + 50,
            requests_waiting: n(rng),
            oldest_request_on: date(rng),
            oldest_supervision_on: date(rng),
            overdue_actions: n(rng),
            mentors: n(rng),
            max_mentees: n(rng),
            sessions: n(rng),
            session_minutes: n(rng),
            individual_sessions: n(rng),
            group_sessions: n(rng),
            administrative: n(rng),
            educational: n(rng),
            supportive: n(rng),
            volunteers: n(rng),
            active_volunteers: n(rng),
            service_minutes: n(rng),
            training_minutes: n(rng),
            records_waiting: n(rng),
            oldest_record_on: date(rng),
            certificates: n(rng),
        }
    }

    /// Over generated trees and figures: at every node, the total equals its own share plus its
    /// children's totals, and equals everything in its subtree added up directly.
    #[test]
    fn roll_ups_equal_the_sum_of_their_children_at_every_node() {
        for seed in 1..40u64 {
            let mut rng = Lcg(seed);
            let mut nodes: Vec<Station> = Vec::new();
            for id in 1..=i64::try_from(rng.next(40) + 2).unwrap_or(2) {
                let parent = (id > 1).then(|| {
                    let i = usize::try_from(rng.next(u64::try_from(nodes.len()).unwrap_or(1)))
                        .unwrap_or(0);
                    nodes[i].clone()
                });
                nodes.push(Station {
                    id,
                    name: format!("站{id}"),
                    parent_id: parent.as_ref().map(|p| p.id),
                    kind: StationKind::Station,
                    path: child_path(parent.as_ref().map(|p| p.path.as_str()), id),
                });
            }
            let shares: Vec<(String, Figures)> = (0..rng.next(80))
                .map(|_| {
                    let i = usize::try_from(rng.next(u64::try_from(nodes.len()).unwrap_or(1)))
                        .unwrap_or(0);
                    (nodes[i].path.clone(), random_figures(&mut rng))
                })
                .collect();
            for node in &nodes {
                let children: Vec<Station> = nodes
                    .iter()
                    .filter(|c| c.parent_id == Some(node.id))
                    .cloned()
                    .collect();
                let (rows, own, total) = roll_up(node, &children, &shares);
                let mut direct = Figures::default();
                for (path, f) in &shares {
                    if crate::model::permission::covers(&node.path, path) {
                        direct.add(f);
                    }
                }
                assert_eq!(total, direct, "seed {seed}, node {}", node.id);
                let mut again = own;
                for (child, row) in children.iter().zip(&rows) {
                    let (_, _, child_total) = roll_up(
                        child,
                        &nodes
                            .iter()
                            .filter(|c| c.parent_id == Some(child.id))
                            .cloned()
                            .collect::<Vec<_>>(),
                        &shares,
                    );
                    assert_eq!(*row, child_total, "a row is the child's own total");
                    again.add(row);
                }
                assert_eq!(again, total);
            }
        }
    }

    #[test]
    fn twelve_months_end_with_this_one_and_missing_months_are_zero() {
        let months = last_twelve_months(day(2026, 3, 15));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2025-04");
        assert_eq!(months[11], "2026-03");
        let filled = fill_months(&months, &[("2026-03".into(), 5), ("2024-01".into(), 9)]);
        assert_eq!(filled[11].value, 5);
        assert_eq!(filled.iter().map(|p| p.value).sum::<i64>(), 5);
    }
}
