//! Report totals per node of the tree, period and group (`node_period_totals`): minutes add up
//! from finer rows, distinct volunteers do not, so both are kept with every confirmation and
//! correction. A county, city or province report then reads a few hundred rows.
//!
//! The keys one volunteer's months contribute are worked out here in Rust, the same way for the
//! change a confirmation makes ([`deltas`]) and for a rebuild from scratch
//! ([`Db::rebuild_node_period_totals`]); the migration that created the table fills it with SQL
//! the tests check against the same story.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sqlx::FromRow;

use super::Db;
use super::query::{Arg, Filter, bind_all};
use crate::error::AppError;
use crate::model::time::{REPORT_PERIODS, report_period_start};

/// What a line of a report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    /// The node as a whole.
    All,
    /// One project.
    Project(i64),
    /// The node one level below on the way to the recording station (the node itself for the
    /// records it made).
    Child(i64),
    /// Served anywhere, kept at the volunteer's home station only (`node_month_returns`):
    /// what the overview's "active volunteers" count, which add up over stations since each
    /// volunteer has one home station.
    Home,
    /// Served anywhere, kept at every node above the volunteer's home station with the node
    /// below on the way to it (`node_day_returns`): the overview's active volunteers per node
    /// below, read at the node shown.
    HomeChild(i64),
}

impl Group {
    /// `(group_kind, group_id)` as stored.
    pub fn columns(self) -> (&'static str, i64) {
        match self {
            Group::All => ("all", 0),
            Group::Project(id) => ("project", id),
            Group::Child(id) => ("child", id),
            Group::Home => ("home", 0),
            Group::HomeChild(id) => ("home", id),
        }
    }
}

/// A row's key: node, period length in months (0: all time), period start, group.
pub type Key = (i64, u32, NaiveDate, Group);

/// Minutes by kind and distinct volunteers.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Sums {
    /// Service minutes.
    pub service: i64,
    /// Training minutes.
    pub training: i64,
    /// Distinct volunteers with minutes.
    pub volunteers: i64,
    /// Scanned service minutes (信用时长).
    pub scan: i64,
}

impl Sums {
    fn is_zero(self) -> bool {
        self == Sums::default()
    }
}

/// One volunteer-month row with the path of its recording station.
#[derive(Debug, Clone, FromRow)]
pub struct MonthRow {
    /// Whose.
    pub volunteer_id: i64,
    /// The recording station's path ('/1/26/3/').
    pub path: String,
    /// The activity's project.
    pub project_id: i64,
    /// First day of the month.
    pub month_start: NaiveDate,
    /// 'service' or 'training'.
    pub kind: String,
    /// Minutes that count.
    pub minutes: i64,
    /// Of them, scanned in and out.
    pub scan_minutes: i64,
    /// The volunteer's home station.
    pub home_id: i64,
}

/// The ids along a path, root first; anything that is not an id is skipped.
pub(super) fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|p| p.parse().ok()).collect()
}

/// What one volunteer's rows add to each key, for the periods `keep` accepts; a volunteer is
/// counted once per key they served any minutes in.
pub fn volunteer_sums(
    rows: &[MonthRow],
    keep: impl Fn(u32, NaiveDate) -> bool,
) -> BTreeMap<Key, Sums> {
    let mut sums: BTreeMap<Key, Sums> = BTreeMap::new();
    for row in rows {
        let nodes = path_ids(&row.path);
        for months in REPORT_PERIODS {
            let start = report_period_start(row.month_start, months);
            if !keep(months, start) {
                continue;
            }
            for (i, &node) in nodes.iter().enumerate() {
                let child = nodes.get(i + 1).copied().unwrap_or(node);
                for group in [
                    Group::All,
                    Group::Project(row.project_id),
                    Group::Child(child),
                ] {
                    let s = sums.entry((node, months, start, group)).or_default();
                    if row.kind == "training" {
                        s.training += row.minutes;
                    } else {
                        s.service += row.minutes;
                        s.scan += row.scan_minutes;
                    }
                }
            }
        }
    }
    for s in sums.values_mut() {
        s.volunteers = i64::from(s.service + s.training > 0);
    }
    sums
}

/// Adds `sums` times `sign` into `into` (per-period keys here, per-day keys for
/// `node_day_returns`).
pub(super) fn add_into<K: Ord>(into: &mut BTreeMap<K, Sums>, sums: BTreeMap<K, Sums>, sign: i64) {
    for (key, s) in sums {
        let t = into.entry(key).or_default();
        t.service += sign * s.service;
        t.training += sign * s.training;
        t.volunteers += sign * s.volunteers;
        t.scan += sign * s.scan;
    }
}

/// The change to the kept totals when the volunteers' months go from `before` to `after`,
/// looking only at the periods in `touched` (volunteer, months, start): keys whose sums do not
/// change are left out.
pub fn deltas(
    before: &[MonthRow],
    after: &[MonthRow],
    touched: &BTreeSet<(i64, u32, NaiveDate)>,
) -> BTreeMap<Key, Sums> {
    let mut out = BTreeMap::new();
    let volunteers: BTreeSet<i64> = touched.iter().map(|t| t.0).collect();
    for v in volunteers {
        let keep = |months, start| touched.contains(&(v, months, start));
        let mine = |rows: &[MonthRow]| -> Vec<MonthRow> {
            rows.iter()
                .filter(|r| r.volunteer_id == v)
                .cloned()
                .collect()
        };
        add_into(&mut out, volunteer_sums(&mine(before), keep), -1);
        add_into(&mut out, volunteer_sums(&mine(after), keep), 1);
    }
    out.retain(|_, s| !s.is_zero());
    out
}

/// The report periods holding `month`: (months, start) for each kept length.
pub fn periods_of(month: NaiveDate) -> impl Iterator<Item = (u32, NaiveDate)> {
    REPORT_PERIODS
        .into_iter()
        .map(move |months| (months, report_period_start(month, months)))
}

/// A served month's key in `node_month_returns`: node, group (a project or a child), the month
/// and the month the same volunteer served in before it in that node and group
/// ([`no_month_before`] for their first).
pub type ReturnKey = (i64, Group, NaiveDate, NaiveDate);

/// The first month a range open at the start reads from the kept rows: every real month is
/// later, and every stored predecessor but [`no_month_before`] too.
pub(super) fn first_kept_month() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 2, 1).unwrap_or(NaiveDate::MIN)
}

/// The month after the last a range open at the end reads from the kept rows: a date both
/// backends store and compare as one (SQLite compares text).
pub(super) fn past_kept_months() -> NaiveDate {
    NaiveDate::from_ymd_opt(9999, 12, 1).unwrap_or(NaiveDate::MIN)
}

/// The month stored as "served in no month before this one".
pub fn no_month_before() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// One volunteer's served months per node and group, each with the month served in before it.
/// With `touched` (the months a change recomputed), only the entries such a change can move:
/// the touched months themselves and the first served month after a touched one (whatever
/// else is left out reads the same before and after the change). Without, all of them.
pub fn volunteer_returns(
    rows: &[MonthRow],
    touched: Option<&BTreeSet<NaiveDate>>,
) -> BTreeMap<ReturnKey, i64> {
    let mut served: BTreeSet<(i64, Group, NaiveDate)> = BTreeSet::new();
    for row in rows.iter().filter(|r| r.minutes > 0) {
        let nodes = path_ids(&row.path);
        for (i, &node) in nodes.iter().enumerate() {
            let child = nodes.get(i + 1).copied().unwrap_or(node);
            served.insert((node, Group::Project(row.project_id), row.month_start));
            served.insert((node, Group::Child(child), row.month_start));
        }
        served.insert((row.home_id, Group::Home, row.month_start));
    }
    let mut out = BTreeMap::new();
    // `served` is ordered by node and group, then month: a month's predecessor is the entry
    // before it when that has the same node and group.
    let mut last: Option<(i64, Group, NaiveDate)> = None;
    for &(node, group, month) in &served {
        let prev = match last {
            Some((n, g, m)) if n == node && g == group => m,
            _ => no_month_before(),
        };
        // What decides this entry is whether the volunteer served in `month` and in the
        // months from `prev` up to it: it moves only when one of those was recomputed.
        let moved = touched.is_none_or(|t| t.range(prev..=month).next().is_some());
        if moved {
            out.insert((node, group, month, prev), 1);
        }
        last = Some((node, group, month));
    }
    out
}

/// Each volunteer in `touched` (volunteer, month or day) with their touched dates and their
/// rows before and after a change: what the kept served months and days are recomputed from.
pub(super) fn per_volunteer<R: Clone>(
    touched: &BTreeSet<(i64, NaiveDate)>,
    before: &[R],
    after: &[R],
    volunteer: impl Fn(&R) -> i64,
) -> Vec<(BTreeSet<NaiveDate>, Vec<R>, Vec<R>)> {
    let volunteers: BTreeSet<i64> = touched.iter().map(|t| t.0).collect();
    volunteers
        .into_iter()
        .map(|v| {
            let dates = touched
                .range((v, NaiveDate::MIN)..=(v, NaiveDate::MAX))
                .map(|t| t.1)
                .collect();
            let mine = |rows: &[R]| -> Vec<R> {
                rows.iter().filter(|r| volunteer(r) == v).cloned().collect()
            };
            (dates, mine(before), mine(after))
        })
        .collect()
}

/// The change to `node_month_returns` when the volunteers' months go from `before` to
/// `after`, the months in `touched` (volunteer, month) recomputed: keys whose count does not
/// change are left out.
pub fn return_deltas(
    before: &[MonthRow],
    after: &[MonthRow],
    touched: &BTreeSet<(i64, NaiveDate)>,
) -> BTreeMap<ReturnKey, i64> {
    let mut out: BTreeMap<ReturnKey, i64> = BTreeMap::new();
    for (months, before, after) in per_volunteer(touched, before, after, |r| r.volunteer_id) {
        for (key, n) in volunteer_returns(&before, Some(&months)) {
            *out.entry(key).or_default() -= n;
        }
        for (key, n) in volunteer_returns(&after, Some(&months)) {
            *out.entry(key).or_default() += n;
        }
    }
    out.retain(|_, n| *n != 0);
    out
}

/// Writes `returns` (added to existing rows) through `$conn` in chunks.
macro_rules! write_node_returns {
    ($conn:expr, $returns:expr) => {{
        let entries: Vec<(&$crate::server::db::node_totals::ReturnKey, &i64)> =
            $returns.iter().collect();
        for chunk in entries.chunks($crate::server::db::node_totals::WRITE_CHUNK) {
            let sql = $crate::server::db::node_totals::returns_upsert_sql(chunk.len());
            let mut q = sqlx::query(&sql);
            for ((node, group, month, prev), n) in chunk {
                let (kind, id) = group.columns();
                q = q
                    .bind(*node)
                    .bind(kind)
                    .bind(id)
                    .bind(*month)
                    .bind(*prev)
                    .bind(**n);
            }
            q.execute(&mut *$conn).await?;
        }
    }};
}
pub(crate) use write_node_returns;

/// `INSERT … VALUES` of `n` rows of `node_month_returns`, a conflict adding to the row.
pub fn returns_upsert_sql(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            let b = i * 6;
            format!(
                "(${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6
            )
        })
        .collect();
    format!(
        "INSERT INTO node_month_returns
             (node_id, group_kind, group_id, month_start, prev_month, volunteers)
         VALUES {}
         ON CONFLICT (node_id, group_kind, month_start, group_id, prev_month) DO UPDATE SET
             volunteers = node_month_returns.volunteers + excluded.volunteers",
        rows.join(", ")
    )
}

/// SQL that reads volunteer months with their recording station's path (filter appended).
pub const MONTH_ROWS: &str =
    "SELECT m.volunteer_id, s.path, m.project_id, m.month_start, m.kind, m.minutes,
            m.scan_minutes, v.station_id AS home_id
     FROM volunteer_months m JOIN stations s ON s.id = m.station_id
     JOIN volunteers v ON v.id = m.volunteer_id";

/// Rows per statement when writing totals (9 parameters each, under both backends' limits).
pub const WRITE_CHUNK: usize = 500;

/// `INSERT … VALUES` of `n` rows of totals; `add` makes a conflict add to the row instead of
/// failing.
pub fn upsert_sql(n: usize, add: bool) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            let b = i * 9;
            format!(
                "(${}, ${}, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8,
                b + 9
            )
        })
        .collect();
    let conflict = if add {
        " ON CONFLICT (node_id, months, period_start, group_kind, group_id) DO UPDATE SET
             service_minutes = node_period_totals.service_minutes + excluded.service_minutes,
             training_minutes = node_period_totals.training_minutes + excluded.training_minutes,
             volunteers = node_period_totals.volunteers + excluded.volunteers,
             scan_minutes = node_period_totals.scan_minutes + excluded.scan_minutes"
    } else {
        ""
    };
    format!(
        "INSERT INTO node_period_totals (node_id, months, period_start, group_kind, group_id,
             service_minutes, training_minutes, volunteers, scan_minutes) VALUES {}{conflict}",
        rows.join(", ")
    )
}

/// Writes `sums` through `$conn` in chunks, adding to existing rows when `$add`.
macro_rules! write_node_totals {
    ($conn:expr, $sums:expr, $add:expr) => {{
        let entries: Vec<(
            &$crate::server::db::node_totals::Key,
            &$crate::server::db::node_totals::Sums,
        )> = $sums.iter().collect();
        for chunk in entries.chunks($crate::server::db::node_totals::WRITE_CHUNK) {
            let sql = $crate::server::db::node_totals::upsert_sql(chunk.len(), $add);
            let mut q = sqlx::query(&sql);
            for ((node, months, start, group), s) in chunk {
                let (kind, id) = group.columns();
                q = q
                    .bind(*node)
                    .bind(i64::from(*months))
                    .bind(*start)
                    .bind(kind)
                    .bind(id)
                    .bind(s.service)
                    .bind(s.training)
                    .bind(s.volunteers)
                    .bind(s.scan);
            }
            q.execute(&mut *$conn).await?;
        }
    }};
}
pub(crate) use write_node_totals;

/// Volunteers per rebuild batch: their months are read, summed and written together.
const REBUILD_BATCH: i64 = 20_000;

impl Db {
    /// Rebuilds every report total and the served months behind custom ranges
    /// (`node_month_returns`) from the volunteer months (after a bulk load), a batch of
    /// volunteers at a time, with the same arithmetic as each confirmation.
    pub async fn rebuild_node_period_totals(&self) -> Result<(), AppError> {
        let (low, high): (Option<i64>, Option<i64>) = with_pool!(self, pool => {
            sqlx::query_as("SELECT MIN(volunteer_id), MAX(volunteer_id) FROM volunteer_months")
                .fetch_one(pool)
                .await?
        });
        let mut totals: BTreeMap<Key, Sums> = BTreeMap::new();
        let mut returns: BTreeMap<ReturnKey, i64> = BTreeMap::new();
        if let (Some(low), Some(high)) = (low, high) {
            let sql = format!(
                "{MONTH_ROWS} WHERE m.volunteer_id >= $1 AND m.volunteer_id < $2
                 ORDER BY m.volunteer_id"
            );
            let mut first = low;
            while first <= high {
                let rows: Vec<MonthRow> = with_pool!(self, pool => {
                    sqlx::query_as(&sql)
                        .bind(first)
                        .bind(first + REBUILD_BATCH)
                        .fetch_all(pool)
                        .await?
                });
                for one in rows.chunk_by(|a, b| a.volunteer_id == b.volunteer_id) {
                    add_into(&mut totals, volunteer_sums(one, |_, _| true), 1);
                    for (key, n) in volunteer_returns(one, None) {
                        *returns.entry(key).or_default() += n;
                    }
                }
                first += REBUILD_BATCH;
            }
        }
        with_tx!(self, tx => {
            sqlx::query("DELETE FROM node_period_totals").execute(&mut *tx).await?;
            write_node_totals!(tx, totals, false);
            sqlx::query("DELETE FROM node_month_returns").execute(&mut *tx).await?;
            write_node_returns!(tx, returns);
        });
        Ok(())
    }

    /// The single node a report of `scope` is about, if there is one: the one node of a
    /// person's scope (nodes under another of theirs folded in), or the root of the tree for
    /// the whole tree when it has one root.
    pub async fn report_node(
        &self,
        scope: &crate::model::permission::Scope,
    ) -> Result<Option<i64>, AppError> {
        use crate::model::permission::Scope;
        let rows: Vec<i64> = match scope {
            Scope::All => with_pool!(self, pool => {
                sqlx::query_scalar("SELECT id FROM stations WHERE parent_id IS NULL LIMIT 2")
                    .fetch_all(pool)
                    .await?
            }),
            Scope::Within(paths) => {
                let tops: Vec<&String> = paths
                    .iter()
                    .filter(|p| !paths.iter().any(|o| o != *p && p.starts_with(o.as_str())))
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let [path] = tops.as_slice() else {
                    return Ok(None);
                };
                with_pool!(self, pool => {
                    sqlx::query_scalar("SELECT id FROM stations WHERE path = $1")
                        .bind(path.as_str())
                        .fetch_all(pool)
                        .await?
                })
            }
        };
        Ok(match rows.as_slice() {
            [id] => Some(*id),
            _ => None,
        })
    }

    /// Report lines of `node` for one kept period, grouped by project or by the nodes one
    /// level below: (label, service, training, volunteers, scanned service), by label.
    pub async fn node_period_lines(
        &self,
        node: i64,
        (months, start): (u32, NaiveDate),
        by_project: bool,
    ) -> Result<Vec<(String, i64, i64, i64, i64)>, AppError> {
        let (kind, join) = if by_project {
            ("project", "JOIN projects g ON g.id = t.group_id")
        } else {
            ("child", "JOIN stations g ON g.id = t.group_id")
        };
        let sql = format!(
            "SELECT g.name, t.service_minutes, t.training_minutes, t.volunteers, t.scan_minutes
             FROM node_period_totals t {join}
             WHERE t.node_id = $1 AND t.months = $2 AND t.period_start = $3
               AND t.group_kind = '{kind}'
               AND (t.service_minutes > 0 OR t.training_minutes > 0 OR t.volunteers > 0)
             ORDER BY g.name"
        );
        Ok(with_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(node)
                .bind(i64::from(months))
                .bind(start)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Report lines of `node` for the whole months `from..=to` (first days of months; open
    /// ends unbounded), grouped by project or by the nodes one level below, as
    /// [`Db::node_period_lines`] gives them: minutes summed over the months' kept totals,
    /// distinct volunteers from the months they served in with the month before
    /// (`node_month_returns`), so no volunteer's months are read.
    pub async fn node_range_lines(
        &self,
        node: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        by_project: bool,
    ) -> Result<Vec<(String, i64, i64, i64, i64)>, AppError> {
        let (kind, names) = if by_project {
            ("project", "projects")
        } else {
            ("child", "stations")
        };
        // A volunteer counts when they served in the range and not in the month before their
        // first served month in it: the stored predecessor lies before the range's start
        // (every real one does when the range is open at the start).
        // Months before every kept month read as an open start, after the last as an open end
        // (the stored "no month before" must lie before the start; SQLite compares text).
        let from = from.map_or_else(first_kept_month, |f| f.max(first_kept_month()));
        let to = to.map_or_else(past_kept_months, |t| t.min(past_kept_months()));
        let sql = format!(
            "SELECT g.name, t.service, t.training, COALESCE(r.volunteers, 0), t.scan
             FROM (SELECT group_id,
                          CAST(SUM(service_minutes) AS BIGINT) AS service,
                          CAST(SUM(training_minutes) AS BIGINT) AS training,
                          CAST(SUM(scan_minutes) AS BIGINT) AS scan
                   FROM node_period_totals
                   WHERE node_id = $1 AND months = 1 AND group_kind = '{kind}'
                     AND period_start >= $2 AND period_start <= $3
                   GROUP BY group_id) t
             LEFT JOIN (SELECT group_id, CAST(SUM(volunteers) AS BIGINT) AS volunteers
                        FROM node_month_returns
                        WHERE node_id = $1 AND group_kind = '{kind}'
                          AND month_start >= $2 AND month_start <= $3 AND prev_month < $2
                        GROUP BY group_id) r ON r.group_id = t.group_id
             JOIN {names} g ON g.id = t.group_id
             WHERE t.service > 0 OR t.training > 0 OR r.volunteers > 0
             ORDER BY g.name"
        );
        Ok(with_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(node)
                .bind(from)
                .bind(to)
                .fetch_all(pool)
                .await?
        }))
    }

    /// Report lines of `node` per calendar month in `from..=to` (first days of months; open
    /// ends unbounded): ('YYYY-MM', service, training, volunteers, scanned service), oldest
    /// first.
    pub async fn node_month_lines(
        &self,
        node: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<(String, i64, i64, i64, i64)>, AppError> {
        let mut f = Filter::default();
        f.conds.push(
            "t.months = 1 AND t.group_kind = 'all'
             AND (t.service_minutes > 0 OR t.training_minutes > 0 OR t.volunteers > 0)"
                .to_owned(),
        );
        f.push("t.node_id = ?", vec![Arg::Int(node)]);
        if let Some(d) = from {
            f.push("t.period_start >= ?", vec![Arg::Date(d)]);
        }
        if let Some(d) = to {
            f.push("t.period_start <= ?", vec![Arg::Date(d)]);
        }
        let sql = format!(
            "SELECT SUBSTR(CAST(t.period_start AS TEXT), 1, 7), t.service_minutes,
                    t.training_minutes, t.volunteers, t.scan_minutes
             FROM node_period_totals t {} ORDER BY t.period_start",
            f.where_sql()
        );
        Ok(with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, 1).expect("date")
    }

    fn row(
        v: i64,
        path: &str,
        project: i64,
        month: NaiveDate,
        kind: &str,
        minutes: i64,
    ) -> MonthRow {
        MonthRow {
            volunteer_id: v,
            path: path.to_owned(),
            project_id: project,
            month_start: month,
            kind: kind.to_owned(),
            minutes,
            scan_minutes: 0,
            home_id: 3,
        }
    }

    #[test]
    fn a_volunteer_counts_once_per_node_period_and_group() {
        // Two stations (3, 4) of county 2 under province 1; one volunteer serves at both in
        // two months of one quarter.
        let rows = [
            row(9, "/1/2/3/", 7, d(2026, 10), "service", 60),
            row(9, "/1/2/4/", 7, d(2026, 11), "service", 30),
            row(9, "/1/2/4/", 8, d(2026, 11), "training", 15),
        ];
        let sums = volunteer_sums(&rows, |_, _| true);
        let q = (2, 3, d(2026, 10), Group::All);
        assert_eq!(
            sums[&q],
            Sums {
                service: 90,
                training: 15,
                volunteers: 1,
                scan: 0
            }
        );
        // The county's children: each station once.
        assert_eq!(sums[&(2, 3, d(2026, 10), Group::Child(3))].service, 60);
        assert_eq!(sums[&(2, 3, d(2026, 10), Group::Child(4))].volunteers, 1);
        // The province sees the county as its child; project 7 once.
        assert_eq!(sums[&(1, 12, d(2026, 1), Group::Child(2))].service, 90);
        assert_eq!(
            sums[&(1, 0, report_period_start(d(2026, 1), 0), Group::Project(7))].volunteers,
            1
        );
        // A station is its own child.
        assert_eq!(sums[&(4, 1, d(2026, 11), Group::Child(4))].training, 15);
    }

    #[test]
    fn a_correction_to_nothing_takes_the_volunteer_away() {
        let before = [row(9, "/1/2/3/", 7, d(2026, 10), "service", 60)];
        let after = [row(9, "/1/2/3/", 7, d(2026, 10), "service", 0)];
        let touched: BTreeSet<_> = periods_of(d(2026, 10)).map(|(m, s)| (9, m, s)).collect();
        let change = deltas(&before, &after, &touched);
        assert_eq!(
            change[&(1, 1, d(2026, 10), Group::All)],
            Sums {
                service: -60,
                training: 0,
                volunteers: -1,
                scan: 0
            }
        );
        // Unchanged rows give no change at all.
        assert!(deltas(&before, &before, &touched).is_empty());
        // Periods not touched are not looked at.
        assert!(deltas(&before, &after, &BTreeSet::new()).is_empty());
    }

    /// Every entry of one volunteer's served months, without any left out.
    fn all_returns(rows: &[MonthRow]) -> BTreeMap<ReturnKey, i64> {
        volunteer_returns(rows, None)
    }

    #[test]
    fn each_served_month_is_kept_with_the_month_before_it_per_node_and_group() {
        let rows = [
            row(9, "/1/2/3/", 7, d(2026, 3), "service", 60),
            row(9, "/1/2/4/", 7, d(2026, 5), "training", 30),
            // Minutes of nothing (a correction to nothing) are no served month.
            row(9, "/1/2/4/", 8, d(2026, 6), "service", 0),
        ];
        let all = all_returns(&rows);
        let none = no_month_before();
        // The county sees project 7 in March, then May after March.
        assert_eq!(all[&(2, Group::Project(7), d(2026, 3), none)], 1);
        assert_eq!(all[&(2, Group::Project(7), d(2026, 5), d(2026, 3))], 1);
        // Its children (stations 3 and 4) each once, each first.
        assert_eq!(all[&(2, Group::Child(4), d(2026, 5), none)], 1);
        // The province sees the county as its child: May after March.
        assert_eq!(all[&(1, Group::Child(2), d(2026, 5), d(2026, 3))], 1);
        assert!(!all.keys().any(|k| k.1 == Group::Project(8)));
        // Served anywhere, at the home station (3 here): both months.
        assert_eq!(all[&(3, Group::Home, d(2026, 5), d(2026, 3))], 1);
        // Project 7 at the province, county (two months each) and each station (one); the
        // children: the county twice at the province, each station once at the county and
        // at itself; two months at home.
        assert_eq!(all.len(), 12 + 2);
    }

    /// A small deterministic generator (xorshift), so the property below is the same on
    /// every run.
    fn next(seed: &mut u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed
    }

    #[test]
    fn the_change_from_touched_months_is_the_whole_difference() {
        // Random served months of three volunteers in two stations and two projects; a change
        // recomputes some months (served or not, before and after). What the touched months
        // give must equal the difference of everything before and after.
        let mut seed = 0x5eed_u64;
        for _ in 0..400 {
            let month = |seed: &mut u64| {
                d(
                    2025 + i32::from(next(seed).is_multiple_of(2)),
                    1 + u32::try_from(next(seed) % 12).unwrap_or(0),
                )
            };
            let rows = |seed: &mut u64, v: i64, n: u64| -> Vec<MonthRow> {
                (0..n)
                    .map(|_| {
                        let path = if next(seed).is_multiple_of(2) {
                            "/1/2/3/"
                        } else {
                            "/1/5/6/"
                        };
                        let project = 7 + i64::try_from(next(seed) % 2).unwrap_or(0);
                        let minutes = i64::try_from(next(seed) % 3).unwrap_or(0) * 30;
                        row(v, path, project, month(seed), "service", minutes)
                    })
                    .collect()
            };
            let mut before = Vec::new();
            let mut touched: BTreeSet<(i64, NaiveDate)> = BTreeSet::new();
            for v in 1..=3 {
                let n = next(&mut seed) % 8;
                before.extend(rows(&mut seed, v, n));
                for _ in 0..next(&mut seed) % 4 {
                    touched.insert((v, month(&mut seed)));
                }
            }
            // After: the touched months' rows are made again at random; the rest stay.
            let mut after: Vec<MonthRow> = before
                .iter()
                .filter(|r| !touched.contains(&(r.volunteer_id, r.month_start)))
                .cloned()
                .collect();
            for &(v, m) in &touched {
                let n = next(&mut seed) % 3;
                for mut r in rows(&mut seed, v, n) {
                    r.month_start = m;
                    after.push(r);
                }
            }
            let mut whole: BTreeMap<ReturnKey, i64> = BTreeMap::new();
            for v in 1..=3 {
                let mine = |rows: &[MonthRow]| -> Vec<MonthRow> {
                    rows.iter()
                        .filter(|r| r.volunteer_id == v)
                        .cloned()
                        .collect()
                };
                for (k, n) in all_returns(&mine(&before)) {
                    *whole.entry(k).or_default() -= n;
                }
                for (k, n) in all_returns(&mine(&after)) {
                    *whole.entry(k).or_default() += n;
                }
            }
            whole.retain(|_, n| *n != 0);
            assert_eq!(return_deltas(&before, &after, &touched), whole);
        }
    }
}
