//! Custom report ranges with a mid-month end (`node_day_returns`, migration 0025): each day a
//! volunteer served, per node of the tree and group, kept with the day they served before it
//! and the day's minutes. The people in days a..b are the rows with a day in a..b whose day
//! before lies before a, so a province's 15 June – 20 August reads the day rows of its two end
//! months and the month rows (`node_month_returns`) of the months between, never a volunteer's
//! records.
//!
//! As for the month rows, the keys one volunteer's days contribute are worked out here in
//! Rust, the same way for the change a confirmation makes ([`day_return_deltas`]) and for a
//! rebuild ([`Db::rebuild_node_day_returns`]); the migration fills the table with SQL the tests
//! check against the same story.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use sqlx::FromRow;

use super::Db;
use super::node_totals::{
    Group, Sums, add_into, first_kept_month, no_month_before, past_kept_months, path_ids,
    per_volunteer,
};
use super::query::{Arg, EFFECTIVE, bind_all, placeholder as ph};
use crate::error::AppError;
use crate::model::time::{month_start, next_month_start};

/// One volunteer's minutes that count on one day at one recording station in one project.
#[derive(Debug, Clone, FromRow)]
pub struct DayRow {
    /// Whose.
    pub volunteer_id: i64,
    /// The recording station's path ('/1/26/3/').
    pub path: String,
    /// The volunteer's home station's path.
    pub home_path: String,
    /// The activity's project.
    pub project_id: i64,
    /// The day served.
    pub day: NaiveDate,
    /// Service minutes.
    pub service: i64,
    /// Training minutes.
    pub training: i64,
    /// Scanned service minutes.
    pub scan: i64,
    /// 1 when a record that day has minutes (the day counts as served), else 0.
    pub served: i64,
}

/// A served day's key in `node_day_returns`: node, group, the day and the day the same
/// volunteer served before it in that node and group ([`no_month_before`] for their first).
pub type DayKey = (i64, Group, NaiveDate, NaiveDate);

/// SQL reading [`DayRow`]s of the records `effective` accepts (a condition on `r` that may
/// look at `c`, as [`EFFECTIVE`] does) and `who` picks, ordered by volunteer.
pub fn day_rows_sql(effective: &str, who: &str) -> String {
    format!(
        "SELECT r.volunteer_id, s.path, hs.path AS home_path, a.project_id, r.served_on AS day,
                CAST(SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END) AS BIGINT)
                    AS service,
                CAST(SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END) AS BIGINT)
                    AS training,
                CAST(SUM(CASE WHEN r.kind = 'service' AND r.source = 'scan' THEN r.minutes
                              ELSE 0 END) AS BIGINT) AS scan,
                CAST(MAX(CASE WHEN r.minutes > 0 THEN 1 ELSE 0 END) AS BIGINT) AS served
         FROM hour_records r JOIN activities a ON a.id = r.activity_id
         JOIN stations s ON s.id = r.station_id JOIN volunteers v ON v.id = r.volunteer_id
         JOIN stations hs ON hs.id = v.station_id
         WHERE {effective} AND {who}
         GROUP BY r.volunteer_id, s.path, hs.path, a.project_id, r.served_on
         ORDER BY r.volunteer_id"
    )
}

/// A record that counted before the records `ids` were confirmed in this transaction: what
/// [`EFFECTIVE`] said before their status changed (they were not confirmed, so neither counted
/// nor replaced the record they correct). Ids are integers, written into the SQL.
pub fn effective_before(ids: &[i64]) -> String {
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let list = if list.is_empty() {
        "0".to_owned()
    } else {
        list.join(", ")
    };
    format!(
        "r.status = 'confirmed' AND r.id NOT IN ({list}) AND NOT EXISTS (
             SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed'
               AND c.id NOT IN ({list}))"
    )
}

/// One volunteer's served days per node and group, each with the day served before it and
/// the day's minutes. With `touched` (the days a change recomputed), only the entries such a
/// change can move: those whose span from the day before to the day holds a touched day.
pub fn volunteer_day_returns(
    rows: &[DayRow],
    touched: Option<&BTreeSet<NaiveDate>>,
) -> BTreeMap<DayKey, Sums> {
    let mut days: BTreeMap<(i64, Group, NaiveDate), (Sums, bool)> = BTreeMap::new();
    for row in rows {
        let mut keys = Vec::new();
        let nodes = path_ids(&row.path);
        for (i, &node) in nodes.iter().enumerate() {
            let child = nodes.get(i + 1).copied().unwrap_or(node);
            keys.push((node, Group::All));
            keys.push((node, Group::Project(row.project_id)));
            keys.push((node, Group::Child(child)));
        }
        let homes = path_ids(&row.home_path);
        for (i, &node) in homes.iter().enumerate() {
            let child = homes.get(i + 1).copied().unwrap_or(node);
            keys.push((node, Group::HomeChild(child)));
        }
        for (node, group) in keys {
            let (sums, served) = days.entry((node, group, row.day)).or_default();
            sums.service += row.service;
            sums.training += row.training;
            sums.scan += row.scan;
            *served |= row.served > 0;
        }
    }
    let mut out = BTreeMap::new();
    // `days` is ordered by node and group, then day: a served day's predecessor is the last
    // served day before it with the same node and group.
    let mut last: Option<(i64, Group, NaiveDate)> = None;
    for (&(node, group, day), &(sums, served)) in &days {
        // A day whose records all have no minutes is no served day (and adds no minutes).
        if !served {
            continue;
        }
        let prev = match last {
            Some((n, g, d)) if n == node && g == group => d,
            _ => no_month_before(),
        };
        let moved = touched.is_none_or(|t| t.range(prev..=day).next().is_some());
        if moved {
            out.insert(
                (node, group, day, prev),
                Sums {
                    volunteers: 1,
                    ..sums
                },
            );
        }
        last = Some((node, group, day));
    }
    out
}

/// The change to `node_day_returns` when the volunteers' days go from `before` to `after`,
/// the days in `touched` (volunteer, day) recomputed: keys that do not change are left out.
pub fn day_return_deltas(
    before: &[DayRow],
    after: &[DayRow],
    touched: &BTreeSet<(i64, NaiveDate)>,
) -> BTreeMap<DayKey, Sums> {
    let mut out = BTreeMap::new();
    for (days, before, after) in per_volunteer(touched, before, after, |r| r.volunteer_id) {
        add_into(&mut out, volunteer_day_returns(&before, Some(&days)), -1);
        add_into(&mut out, volunteer_day_returns(&after, Some(&days)), 1);
    }
    out.retain(|_, s| *s != Sums::default());
    out
}

/// Rows per statement when writing day rows (9 parameters each, under both backends' limits).
pub const WRITE_CHUNK: usize = 500;

/// `INSERT … VALUES` of `n` rows of `node_day_returns`, a conflict adding to the row.
pub fn day_returns_upsert_sql(n: usize) -> String {
    let rows: Vec<String> = (0..n)
        .map(|i| {
            let p: Vec<String> = (1..=9).map(|k| format!("${}", i * 9 + k)).collect();
            format!("({})", p.join(", "))
        })
        .collect();
    format!(
        "INSERT INTO node_day_returns
             (node_id, group_kind, group_id, day, prev_day, volunteers, service_minutes,
              training_minutes, scan_minutes)
         VALUES {}
         ON CONFLICT (node_id, group_kind, day, group_id, prev_day) DO UPDATE SET
             volunteers = node_day_returns.volunteers + excluded.volunteers,
             service_minutes = node_day_returns.service_minutes + excluded.service_minutes,
             training_minutes = node_day_returns.training_minutes + excluded.training_minutes,
             scan_minutes = node_day_returns.scan_minutes + excluded.scan_minutes",
        rows.join(", ")
    )
}

/// Writes day rows (added to existing rows) through `$conn` in chunks.
macro_rules! write_node_day_returns {
    ($conn:expr, $days:expr) => {{
        let entries: Vec<(
            &$crate::server::db::node_days::DayKey,
            &$crate::server::db::node_totals::Sums,
        )> = $days.iter().collect();
        for chunk in entries.chunks($crate::server::db::node_days::WRITE_CHUNK) {
            let sql = $crate::server::db::node_days::day_returns_upsert_sql(chunk.len());
            let mut q = sqlx::query(&sql);
            for ((node, group, day, prev), s) in chunk {
                let (kind, id) = group.columns();
                q = q
                    .bind(*node)
                    .bind(kind)
                    .bind(id)
                    .bind(*day)
                    .bind(*prev)
                    .bind(s.volunteers)
                    .bind(s.service)
                    .bind(s.training)
                    .bind(s.scan);
            }
            q.execute(&mut *$conn).await?;
        }
    }};
}
pub(crate) use write_node_day_returns;

/// A custom range `a..=b` cut into what the kept rows answer: the whole months inside it
/// (month rows), and the days of its end months outside them (day rows). A volunteer counts
/// once, on the first day they served in the range: in a span of days, a day row whose day
/// before lies before `a`; in the whole months, a month row whose month before lies before
/// `a`'s month, or a day row there whose day before lies in `a`'s month before `a`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeRange {
    /// The range's first day (a day before every record when open).
    pub a: NaiveDate,
    /// The first day of `a`'s month.
    pub a_month: NaiveDate,
    /// The whole months inside, as first days of months: from, and the month after the last.
    pub whole: Option<(NaiveDate, NaiveDate)>,
    /// The other days, as inclusive spans, oldest first.
    pub days: Vec<(NaiveDate, NaiveDate)>,
}

impl EdgeRange {
    /// Cuts `from..=to` (open ends unbounded); the days after `today` count as a whole month
    /// (no record is dated later), as the roster's split does.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Self {
        // A start before every kept day reads as an open one (no record is that old, and the
        // stored "no day before" must lie before it); an end month past the last that both
        // backends compare as dates reads as an open end.
        let a = from.map_or_else(first_kept_month, |f| f.max(first_kept_month()));
        let a_month = month_start(a);
        let inner_from = if a == a_month { a } else { next_month_start(a) };
        let inner_end = match to {
            None => past_kept_months(),
            Some(b) => {
                let last_of_month = b.succ_opt().is_some_and(|n| month_start(n) == n);
                let end = if last_of_month || b >= today {
                    next_month_start(b)
                } else {
                    month_start(b)
                };
                end.min(past_kept_months())
            }
        };
        let mut days = Vec::new();
        let whole = if inner_from < inner_end {
            if a < inner_from {
                days.push((a, inner_from.pred_opt().unwrap_or(a)));
            }
            if let Some(b) = to
                && inner_end <= b
            {
                days.push((inner_end, b));
            }
            Some((inner_from, inner_end))
        } else {
            // No whole month inside: the range is one span of days (`to` is set, or the end
            // would be past every month).
            days.push((a, to.unwrap_or(a)));
            None
        };
        Self {
            a,
            a_month,
            whole,
            days,
        }
    }

    /// The spans of days cut at month ends, each with the first day it counts people from:
    /// what a report per calendar month shows for the parts of months in the range.
    pub fn month_pieces(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        for &(lo, hi) in &self.days {
            let mut start = lo;
            while start <= hi {
                let end = next_month_start(start).pred_opt().unwrap_or(hi).min(hi);
                out.push((start, end));
                match end.succ_opt() {
                    Some(n) => start = n,
                    None => break,
                }
            }
        }
        out
    }
}

impl Db {
    /// Rebuilds `node_day_returns` from the records that count (after a bulk load), a batch of
    /// volunteers at a time, with the same arithmetic as each confirmation.
    pub async fn rebuild_node_day_returns(&self) -> Result<(), AppError> {
        /// Volunteers per batch: their days are read and counted together.
        const BATCH: i64 = 10_000;
        let (low, high): (Option<i64>, Option<i64>) = with_pool!(self, pool => {
            sqlx::query_as("SELECT MIN(volunteer_id), MAX(volunteer_id) FROM hour_records")
                .fetch_one(pool)
                .await?
        });
        let mut days: BTreeMap<DayKey, Sums> = BTreeMap::new();
        if let (Some(low), Some(high)) = (low, high) {
            let sql = day_rows_sql(EFFECTIVE, "r.volunteer_id >= $1 AND r.volunteer_id < $2");
            let mut first = low;
            while first <= high {
                let rows: Vec<DayRow> = with_pool!(self, pool => {
                    sqlx::query_as(&sql)
                        .bind(first)
                        .bind(first + BATCH)
                        .fetch_all(pool)
                        .await?
                });
                for one in rows.chunk_by(|a, b| a.volunteer_id == b.volunteer_id) {
                    add_into(&mut days, volunteer_day_returns(one, None), 1);
                }
                first += BATCH;
            }
        }
        with_tx!(self, tx => {
            sqlx::query("DELETE FROM node_day_returns").execute(&mut *tx).await?;
            write_node_day_returns!(tx, days);
        });
        Ok(())
    }

    /// Report lines of `node` over a range with a mid-month end, grouped by project or by the
    /// nodes one level below, as [`Db::node_period_lines`] gives them: minutes from the month
    /// totals of the whole months and the day rows of the other days, people as
    /// [`EdgeRange`] counts them.
    pub async fn node_edge_lines(
        &self,
        node: i64,
        range: &EdgeRange,
        by_project: bool,
    ) -> Result<Vec<(String, i64, i64, i64, i64)>, AppError> {
        let (kind, names) = if by_project {
            ("project", "projects")
        } else {
            ("child", "stations")
        };
        let mut args = Vec::new();
        let n = ph(&mut args, Arg::Int(node));
        let a = ph(&mut args, Arg::Date(range.a));
        let mut parts = Vec::new();
        if let Some((from, end)) = range.whole {
            let (from, end) = (
                ph(&mut args, Arg::Date(from)),
                ph(&mut args, Arg::Date(end)),
            );
            let a_month = ph(&mut args, Arg::Date(range.a_month));
            parts.push(format!(
                "SELECT group_id, service_minutes AS service, training_minutes AS training,
                        0 AS volunteers, scan_minutes AS scan
                 FROM node_period_totals
                 WHERE node_id = {n} AND months = 1 AND group_kind = '{kind}'
                   AND period_start >= {from} AND period_start < {end}"
            ));
            parts.push(format!(
                "SELECT group_id, 0 AS service, 0 AS training, volunteers, 0 AS scan
                 FROM node_month_returns
                 WHERE node_id = {n} AND group_kind = '{kind}'
                   AND month_start >= {from} AND month_start < {end} AND prev_month < {a_month}"
            ));
            if range.a_month < range.a {
                parts.push(format!(
                    "SELECT group_id, 0 AS service, 0 AS training, volunteers, 0 AS scan
                     FROM node_day_returns
                     WHERE node_id = {n} AND group_kind = '{kind}'
                       AND prev_day >= {a_month} AND prev_day < {a}
                       AND day >= {from} AND day < {end}"
                ));
            }
        }
        for &(lo, hi) in &range.days {
            let (lo, hi) = (ph(&mut args, Arg::Date(lo)), ph(&mut args, Arg::Date(hi)));
            parts.push(format!(
                "SELECT group_id, service_minutes AS service, training_minutes AS training,
                        CASE WHEN prev_day < {a} THEN volunteers ELSE 0 END AS volunteers,
                        scan_minutes AS scan
                 FROM node_day_returns
                 WHERE node_id = {n} AND group_kind = '{kind}' AND day >= {lo} AND day <= {hi}"
            ));
        }
        let sql = format!(
            "SELECT g.name, t.service, t.training, t.volunteers, t.scan
             FROM (SELECT group_id,
                          CAST(SUM(service) AS BIGINT) AS service,
                          CAST(SUM(training) AS BIGINT) AS training,
                          CAST(SUM(volunteers) AS BIGINT) AS volunteers,
                          CAST(SUM(scan) AS BIGINT) AS scan
                   FROM ({}) u GROUP BY group_id) t
             JOIN {names} g ON g.id = t.group_id
             WHERE t.service > 0 OR t.training > 0 OR t.volunteers > 0
             ORDER BY g.name",
            parts.join(" UNION ALL ")
        );
        Ok(with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &args).fetch_all(pool).await?
        }))
    }

    /// Report lines of `node` per calendar month over a range with a mid-month end, as
    /// [`Db::node_month_lines`] gives them: whole months from their kept totals, the parts of
    /// months from the day rows.
    pub async fn node_edge_month_lines(
        &self,
        node: i64,
        range: &EdgeRange,
    ) -> Result<Vec<(String, i64, i64, i64, i64)>, AppError> {
        let mut lines = match range.whole {
            Some((from, end)) => {
                let last = end.pred_opt().map(month_start).unwrap_or(end);
                self.node_month_lines(node, Some(from), Some(last)).await?
            }
            None => Vec::new(),
        };
        let pieces = range.month_pieces();
        if !pieces.is_empty() {
            let mut args = Vec::new();
            let n = ph(&mut args, Arg::Int(node));
            let parts: Vec<String> = pieces
                .iter()
                .map(|&(lo, hi)| {
                    let label = ph(&mut args, Arg::Text(lo.format("%Y-%m").to_string()));
                    let (lo, hi) = (ph(&mut args, Arg::Date(lo)), ph(&mut args, Arg::Date(hi)));
                    format!(
                        "SELECT {label} AS label, service_minutes AS service,
                                training_minutes AS training,
                                CASE WHEN prev_day < {lo} THEN volunteers ELSE 0 END
                                    AS volunteers,
                                scan_minutes AS scan
                         FROM node_day_returns
                         WHERE node_id = {n} AND group_kind = 'all' AND group_id = 0
                           AND day >= {lo} AND day <= {hi}"
                    )
                })
                .collect();
            let sql = format!(
                "SELECT label, CAST(SUM(service) AS BIGINT), CAST(SUM(training) AS BIGINT),
                        CAST(SUM(volunteers) AS BIGINT), CAST(SUM(scan) AS BIGINT)
                 FROM ({}) u GROUP BY label",
                parts.join(" UNION ALL ")
            );
            let partial: Vec<(String, i64, i64, i64, i64)> = with_pool!(self, pool => {
                bind_all!(sqlx::query_as(&sql), &args).fetch_all(pool).await?
            });
            lines.extend(
                partial
                    .into_iter()
                    .filter(|l| l.1 > 0 || l.2 > 0 || l.3 > 0),
            );
        }
        lines.sort_by(|x, y| x.0.cmp(&y.0));
        Ok(lines)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn row(v: i64, path: &str, project: i64, day: NaiveDate, minutes: i64) -> DayRow {
        DayRow {
            volunteer_id: v,
            path: path.to_owned(),
            home_path: "/1/2/3/".to_owned(),
            project_id: project,
            day,
            service: minutes,
            training: 0,
            scan: 0,
            served: i64::from(minutes > 0),
        }
    }

    #[test]
    fn a_range_is_cut_into_whole_months_and_end_days() {
        let today = d(2026, 12, 8);
        let r = EdgeRange::new(Some(d(2026, 6, 15)), Some(d(2026, 8, 20)), today);
        assert_eq!(r.whole, Some((d(2026, 7, 1), d(2026, 8, 1))));
        assert_eq!(
            r.days,
            vec![
                (d(2026, 6, 15), d(2026, 6, 30)),
                (d(2026, 8, 1), d(2026, 8, 20))
            ]
        );
        assert_eq!(r.a_month, d(2026, 6, 1));
        // Within one month, and across a month end with no whole month inside.
        let r = EdgeRange::new(Some(d(2026, 6, 3)), Some(d(2026, 6, 10)), today);
        assert_eq!(
            (r.whole, r.days),
            (None, vec![(d(2026, 6, 3), d(2026, 6, 10))])
        );
        let r = EdgeRange::new(Some(d(2026, 6, 15)), Some(d(2026, 7, 10)), today);
        assert_eq!(r.whole, None);
        assert_eq!(
            r.month_pieces(),
            vec![
                (d(2026, 6, 15), d(2026, 6, 30)),
                (d(2026, 7, 1), d(2026, 7, 10))
            ]
        );
        // Open ends; an end on or after today counts its month whole.
        let r = EdgeRange::new(None, Some(d(2026, 8, 20)), today);
        assert_eq!(r.whole, Some((first_kept_month(), d(2026, 8, 1))));
        assert_eq!(r.a, r.a_month);
        let r = EdgeRange::new(Some(d(2026, 6, 15)), None, today);
        assert_eq!(r.whole, Some((d(2026, 7, 1), past_kept_months())));
        assert_eq!(r.days, vec![(d(2026, 6, 15), d(2026, 6, 30))]);
        let r = EdgeRange::new(Some(d(2026, 11, 15)), Some(today), today);
        assert_eq!(r.whole, Some((d(2026, 12, 1), d(2027, 1, 1))));
        // Dates past what is kept read as open ends: a start before 1900 counts everyone's
        // first day, an end in year 10,000 does not compare as text before 2026 on SQLite.
        assert_eq!(
            EdgeRange::new(Some(d(1, 3, 15)), Some(d(2026, 8, 20)), today),
            EdgeRange::new(None, Some(d(2026, 8, 20)), today)
        );
        let r = EdgeRange::new(Some(d(2026, 6, 15)), Some(d(99_999, 12, 31)), today);
        assert_eq!(r.whole, Some((d(2026, 7, 1), past_kept_months())));
    }

    /// People in `a..=b` as [`EdgeRange`] counts them from one volunteer set's day and month
    /// rows (one node and group), against counting their days directly, for random days and
    /// ranges.
    #[test]
    fn day_and_month_rows_count_each_person_once_in_any_range() {
        use super::super::node_totals::{MonthRow, volunteer_returns};
        let mut seed: u64 = 0x5eed_cafe;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let base = d(2026, 1, 1);
        let today = d(2026, 12, 8);
        for case in 0..300 {
            // A few volunteers, each with a few days in 2026.
            let mut rows = Vec::new();
            let mut months = Vec::new();
            for v in 0..4 {
                for _ in 0..next(6) {
                    let day = base + chrono::Duration::days(i64::try_from(next(330)).unwrap_or(0));
                    let minutes = if next(5) == 0 { 0 } else { 30 };
                    rows.push(row(v, "/1/", 7, day, minutes));
                    months.push(MonthRow {
                        volunteer_id: v,
                        path: "/1/".to_owned(),
                        project_id: 7,
                        month_start: month_start(day),
                        kind: "service".to_owned(),
                        minutes,
                        scan_minutes: 0,
                        home_id: 1,
                    });
                }
            }
            let mut day_rows: BTreeMap<DayKey, Sums> = BTreeMap::new();
            let mut month_rows: BTreeMap<(NaiveDate, NaiveDate), i64> = BTreeMap::new();
            for v in 0..4 {
                let mine: Vec<DayRow> = rows
                    .iter()
                    .filter(|r| r.volunteer_id == v)
                    .cloned()
                    .collect();
                add_into(&mut day_rows, volunteer_day_returns(&mine, None), 1);
                let mine: Vec<MonthRow> = months
                    .iter()
                    .filter(|r| r.volunteer_id == v)
                    .cloned()
                    .collect();
                for ((node, group, month, prev), n) in volunteer_returns(&mine, None) {
                    if node == 1 && group == Group::Project(7) {
                        *month_rows.entry((month, prev)).or_default() += n;
                    }
                }
            }
            let a = base + chrono::Duration::days(i64::try_from(next(340)).unwrap_or(0));
            let b = a + chrono::Duration::days(i64::try_from(next(200)).unwrap_or(0));
            let range = EdgeRange::new(Some(a), Some(b), today);
            let mut counted = 0;
            let mut minutes = 0;
            for (&(node, group, day, prev), s) in &day_rows {
                if node != 1 || group != Group::Project(7) {
                    continue;
                }
                for &(lo, hi) in &range.days {
                    if lo <= day && day <= hi {
                        minutes += s.service;
                        if prev < range.a {
                            counted += s.volunteers;
                        }
                    }
                }
                if let Some((from, end)) = range.whole
                    && from <= day
                    && day < end
                {
                    minutes += s.service;
                    if range.a_month <= prev && prev < range.a {
                        counted += s.volunteers;
                    }
                }
            }
            if let Some((from, end)) = range.whole {
                for (&(month, prev), n) in &month_rows {
                    if from <= month && month < end && prev < range.a_month {
                        counted += n;
                    }
                }
            }
            let inside = |r: &&DayRow| a <= r.day && r.day <= b;
            let people: BTreeSet<i64> = rows
                .iter()
                .filter(inside)
                .filter(|r| r.served > 0)
                .map(|r| r.volunteer_id)
                .collect();
            let expected_minutes: i64 = rows.iter().filter(inside).map(|r| r.service).sum();
            assert_eq!(
                counted,
                i64::try_from(people.len()).unwrap_or(0),
                "case {case}: {a}..{b}"
            );
            assert_eq!(minutes, expected_minutes, "case {case}: {a}..{b}");
        }
    }

    #[test]
    fn a_change_moves_only_the_days_it_touches_and_the_next_served_day() {
        let before = [
            row(9, "/1/2/3/", 7, d(2026, 6, 1), 60),
            row(9, "/1/2/3/", 7, d(2026, 6, 20), 30),
        ];
        let mut after = before.to_vec();
        after.push(row(9, "/1/2/3/", 7, d(2026, 6, 10), 45));
        let touched = BTreeSet::from([(9, d(2026, 6, 10))]);
        let deltas = day_return_deltas(&before, &after, &touched);
        let g = Group::Project(7);
        // At the station: 10 June is new after 1 June; 20 June now follows 10 June.
        let station = |day, prev| deltas.get(&(3, g, day, prev)).copied();
        assert_eq!(
            station(d(2026, 6, 10), d(2026, 6, 1)),
            Some(Sums {
                service: 45,
                training: 0,
                volunteers: 1,
                scan: 0
            })
        );
        assert_eq!(
            station(d(2026, 6, 20), d(2026, 6, 1)).map(|s| s.volunteers),
            Some(-1)
        );
        assert_eq!(
            station(d(2026, 6, 20), d(2026, 6, 10)).map(|s| s.volunteers),
            Some(1)
        );
        // 1 June, untouched and before the change, is left out.
        assert_eq!(station(d(2026, 6, 1), no_month_before()), None);
        // Applied to the rows before, the deltas give the rows after.
        let mut rows = volunteer_day_returns(&before, None);
        add_into(&mut rows, deltas, 1);
        rows.retain(|_, s| *s != Sums::default());
        assert_eq!(rows, volunteer_day_returns(&after, None));
    }
}
