//! The overview's figures: the share of every figure that falls to each node one level below a
//! node (and to the node itself, for its own records), for a period — the model rolls them up
//! — and the twelve-month trends. One query per figure for the whole subtree, grouped in the
//! database by the node below; none per station or per person, and a province's overview
//! reads a few dozen rows per figure rather than one per station.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::Db;
use super::node_days::EdgeRange;
use super::query::{Arg, bind_all, placeholder as ph, under};
use crate::error::AppError;
use crate::model::overview::{Figures, Period};
use crate::model::time::china_time;

/// Each active person's station for a role: their first current grant of it (`$role`). A person
/// holding the role at two stations counts once.
fn home(role: &str) -> String {
    format!(
        "SELECT ra.user_id, ra.station_id FROM role_assignments ra
         JOIN users u ON u.id = ra.user_id AND u.active = TRUE
         WHERE ra.role = '{role}' AND ra.revoked_at IS NULL
           AND ra.id = (SELECT MIN(r2.id) FROM role_assignments r2
                        WHERE r2.user_id = ra.user_id AND r2.role = '{role}'
                          AND r2.revoked_at IS NULL)"
    )
}

/// The stations of the subtree at the path `$1`.
const SUBTREE: &str = concat!("(SELECT id FROM stations WHERE ", under!("path", "$1"), ")");

/// Joins the station `col` names as `sub` and keeps it to the subtree at the path `$1`.
fn in_subtree(col: &str) -> String {
    format!(
        "JOIN stations sub ON sub.id = {col} AND {}",
        under!("sub.path", "$1")
    )
}

/// The same subtree for a table with a row or a few per station (`{table}` aliased `x`):
/// SQLite takes a `CROSS JOIN` in the written order, so it walks the small table once and
/// looks each station up, instead of probing the table once per station of a province
/// (2,000 probes). PostgreSQL plans it as any join.
fn per_station(table: &str) -> String {
    format!("{table} x CROSS JOIN stations sub")
}

/// The condition that goes with [`per_station`].
const IN_SUBTREE: &str = concat!("sub.id = x.station_id AND ", under!("sub.path", "$1"));

/// `SUM(x)` as a 64-bit integer on both backends (PostgreSQL sums BIGINT to NUMERIC).
fn sum(x: &str) -> String {
    format!("CAST(COALESCE(SUM({x}), 0) AS BIGINT)")
}

/// The three twelve-month trends: confirmed service minutes, practices logged and supervision
/// sessions, each as `(YYYY-MM, value)`.
pub struct Trends {
    /// Confirmed service minutes per month.
    pub service_minutes: Vec<(String, i64)>,
    /// Practices logged per month (by practice date).
    pub practices: Vec<(String, i64)>,
    /// Supervision sessions per month.
    pub sessions: Vec<(String, i64)>,
}

/// `(node below, count)` rows.
type Counts = Vec<(String, i64)>;
/// `(node below, count, oldest time)` rows.
type Oldest = Vec<(String, i64, Option<DateTime<Utc>>)>;
/// `(node below, sessions, minutes, individual, group, administrative, educational,
/// supportive)`.
type SessionCounts = (String, i64, i64, i64, i64, i64, i64, i64);
/// The rows of every figure of [`Db::overview_shares`], in the order it reads them.
type Parts = (
    Counts,
    Vec<(String, i64, i64)>,
    Vec<(String, i64, Option<NaiveDate>)>,
    Vec<(String, i64, i64, i64)>,
    Vec<(i64, i64, String, String)>,
    Oldest,
    Vec<SessionCounts>,
    Counts,
    Counts,
    Counts,
    Vec<(String, i64, i64)>,
    Oldest,
    Counts,
);

/// The figures of the node with path `key`, added on first use.
fn at(map: &mut HashMap<String, Figures>, key: String) -> &mut Figures {
    map.entry(key).or_default()
}

/// Midnight China time at the start of `day`, in UTC.
fn day_start(day: NaiveDate) -> DateTime<Utc> {
    crate::model::time::china_midnight_utc(day)
}

/// The overview's service and training minutes per node below the node `node` over a range with a mid-month end, with their arguments: the whole months' kept totals per
/// node below and the other days' rows.
fn edge_hours_sql(node: i64, edges: &EdgeRange) -> (String, Vec<Arg>) {
    let mut args = Vec::new();
    let n = ph(&mut args, Arg::Int(node));
    let mut parts = Vec::new();
    if let Some((from, end)) = edges.whole {
        let (from, end) = (
            ph(&mut args, Arg::Date(from)),
            ph(&mut args, Arg::Date(end)),
        );
        parts.push(format!(
            "SELECT g.path AS p, t.service_minutes AS service, t.training_minutes AS training
             FROM node_period_totals t JOIN stations g ON g.id = t.group_id
             WHERE t.node_id = {n} AND t.months = 1 AND t.group_kind = 'child'
               AND t.period_start >= {from} AND t.period_start < {end}"
        ));
    }
    for &(lo, hi) in &edges.days {
        let (lo, hi) = (ph(&mut args, Arg::Date(lo)), ph(&mut args, Arg::Date(hi)));
        parts.push(format!(
            "SELECT g.path AS p, x.service_minutes AS service, x.training_minutes AS training
             FROM node_day_returns x JOIN stations g ON g.id = x.group_id
             WHERE x.node_id = {n} AND x.group_kind = 'child' AND x.day >= {lo} AND x.day <= {hi}"
        ));
    }
    let sql = format!(
        "SELECT p, {}, {} FROM ({}) u GROUP BY p",
        sum("u.service"),
        sum("u.training"),
        parts.join(" UNION ALL ")
    );
    (sql, args)
}

impl Db {
    /// The overview's active volunteers per node below the node `node` (path `path`) by
    /// home station, over a range with a mid-month end, with their arguments: each person
    /// counted on the first day they served in the range (see [`EdgeRange`]), from the home
    /// stations' served months with the month before and the node's served days with the day
    /// before.
    fn edge_active_sql(&self, path: &str, node: i64, edges: &EdgeRange) -> (String, Vec<Arg>) {
        let below = self.node_below("sub.path", path);
        let mut args = vec![Arg::Text(path.to_owned())];
        let n = ph(&mut args, Arg::Int(node));
        let a = ph(&mut args, Arg::Date(edges.a));
        let mut parts = Vec::new();
        if let Some((from, end)) = edges.whole {
            let (from, end) = (
                ph(&mut args, Arg::Date(from)),
                ph(&mut args, Arg::Date(end)),
            );
            let a_month = ph(&mut args, Arg::Date(edges.a_month));
            parts.push(format!(
                "SELECT {below} AS p, x.volunteers AS n FROM node_month_returns x {sub}
                 WHERE x.group_kind = 'home' AND x.group_id = 0
                   AND x.month_start >= {from} AND x.month_start < {end}
                   AND x.prev_month < {a_month}",
                sub = in_subtree("x.node_id"),
            ));
            if edges.a_month < edges.a {
                parts.push(format!(
                    "SELECT g.path AS p, x.volunteers AS n
                     FROM node_day_returns x JOIN stations g ON g.id = x.group_id
                     WHERE x.node_id = {n} AND x.group_kind = 'home'
                       AND x.prev_day >= {a_month} AND x.prev_day < {a}
                       AND x.day >= {from} AND x.day < {end}"
                ));
            }
        }
        for &(lo, hi) in &edges.days {
            let (lo, hi) = (ph(&mut args, Arg::Date(lo)), ph(&mut args, Arg::Date(hi)));
            parts.push(format!(
                "SELECT g.path AS p, x.volunteers AS n
                 FROM node_day_returns x JOIN stations g ON g.id = x.group_id
                 WHERE x.node_id = {n} AND x.group_kind = 'home'
                   AND x.day >= {lo} AND x.day <= {hi} AND x.prev_day < {a}"
            ));
        }
        // The path (`$1`) is named even when no whole month reads it, so both backends know
        // its type.
        let sql = format!(
            "SELECT p, {} FROM ({}) u WHERE $1 IS NOT NULL GROUP BY p",
            sum("u.n"),
            parts.join(" UNION ALL ")
        );
        (sql, args)
    }

    /// SQL for the path of the node one level below the node whose path is `path` on the way
    /// to the station whose path is in `col` (the node's own path for the node itself):
    /// `col` cut after the next `/` past `path`. The two backends name "position of" apart.
    fn node_below(&self, col: &str, path: &str) -> String {
        let find = match self {
            Db::Sqlite(_) => "INSTR",
            Db::Postgres(_) => "STRPOS",
        };
        let len = path.len();
        format!("SUBSTR({col}, 1, {len} + {find}(SUBSTR({col}, {len} + 1), '/'))")
    }

    /// The overview figures in the subtree under `path`, for `period`, as `(path, figures)`
    /// shares: one per node one level below `path` and one for the node itself; nodes with
    /// nothing are left out.
    pub async fn overview_shares(
        &self,
        path: &str,
        period: &Period,
        today: NaiveDate,
    ) -> Result<Vec<(String, Figures)>, AppError> {
        let (from, to) = (period.from, period.to);
        let (from_at, to_at) = (day_start(from), day_start(to + chrono::Duration::days(1)));
        let trainee_home = home("trainee");
        let mentor_home = home("mentor");
        let below = self.node_below("sub.path", path);

        let trainees_sql = format!(
            "SELECT {below}, COUNT(*) FROM ({trainee_home}) th {sub} GROUP BY 1",
            sub = in_subtree("th.station_id"),
        );
        let mentors_sql = format!(
            "SELECT {below}, COUNT(*),
                    MAX((SELECT COUNT(*) FROM pairings p
                         WHERE p.mentor_id = mh.user_id AND p.status = 'active'))
             FROM ({mentor_home}) mh {sub} GROUP BY 1",
            sub = in_subtree("mh.station_id"),
        );
        let pairings_sql = format!(
            "SELECT {below}, COUNT(*),
                    MIN(COALESCE((SELECT MAX(ss.held_on) FROM supervision_sessions ss
                                  JOIN supervision_attendees sa ON sa.session_id = ss.id
                                  WHERE ss.mentor_id = p.mentor_id
                                    AND sa.trainee_id = p.trainee_id), p.starts_on))
             FROM pairings p {sub} WHERE p.status = 'active' GROUP BY 1",
            sub = in_subtree("p.station_id"),
        );
        let enrolments_sql = format!(
            "SELECT {below}, e.trainee_id, e.version_id,
                    (SELECT COUNT(*) FROM framework_items i WHERE i.version_id = e.version_id)
             FROM enrolments e JOIN ({trainee_home}) th ON th.user_id = e.trainee_id {sub}
             WHERE e.ended_at IS NULL",
            sub = in_subtree("th.station_id"),
        );
        let decisions_sql = format!(
            "SELECT d.trainee_id, d.version_id, d.item_code, d.outcome
             FROM signoff_decisions d JOIN ({trainee_home}) th ON th.user_id = d.trainee_id
             WHERE th.station_id IN {SUBTREE} ORDER BY d.id"
        );
        let requests_sql = format!(
            "SELECT {below}, COUNT(*), MIN(r.requested_at)
             FROM signoff_requests r JOIN ({trainee_home}) th ON th.user_id = r.trainee_id {sub}
             WHERE NOT EXISTS (SELECT 1 FROM signoff_decisions d WHERE d.request_id = r.id)
             GROUP BY 1",
            sub = in_subtree("th.station_id"),
        );
        let sessions_sql = format!(
            "SELECT {below}, COUNT(*), {minutes}, {individual}, {group}, {admin}, {edu}, {support}
             FROM supervision_sessions ss JOIN ({mentor_home}) mh ON mh.user_id = ss.mentor_id
             {sub} WHERE ss.held_on >= $2 AND ss.held_on <= $3
             GROUP BY 1",
            sub = in_subtree("mh.station_id"),
            minutes = sum("ss.minutes"),
            individual = sum("CASE WHEN ss.form = 'individual' THEN 1 ELSE 0 END"),
            group = sum("CASE WHEN ss.form = 'group' THEN 1 ELSE 0 END"),
            admin = sum("CASE WHEN ss.functions LIKE '%administrative%' THEN 1 ELSE 0 END"),
            edu = sum("CASE WHEN ss.functions LIKE '%educational%' THEN 1 ELSE 0 END"),
            support = sum("CASE WHEN ss.functions LIKE '%supportive%' THEN 1 ELSE 0 END"),
        );
        let actions_sql = format!(
            "SELECT {below}, COUNT(*) FROM supervision_actions a
             JOIN supervision_sessions ss ON ss.id = a.session_id
             JOIN ({mentor_home}) mh ON mh.user_id = ss.mentor_id {sub}
             WHERE a.done_at IS NULL AND a.due_on < $2
             GROUP BY 1",
            sub = in_subtree("mh.station_id"),
        );
        // Kept by triggers on `volunteers` (migration 0015).
        let volunteers_sql = format!(
            "SELECT {below}, {active} FROM {table} WHERE {IN_SUBTREE} GROUP BY 1",
            active = sum("x.active"),
            table = per_station("station_volunteer_counts"),
        );
        // Distinct people per node below add up, each volunteer having one home station.
        let whole = crate::model::time::whole_months(Some(from), Some(to), today);
        // A period that runs to today: no record is dated later, so a volunteer served in it
        // exactly when their last service (kept with every confirmation) is on or after its
        // first day; one row per volunteer instead of one per volunteer and month.
        let active_since_sql = format!(
            "SELECT {below}, COUNT(*)
             FROM volunteers v JOIN volunteer_totals t ON t.volunteer_id = v.id {sub}
             WHERE t.last_served_on >= $2
             GROUP BY 1",
            sub = in_subtree("v.station_id"),
        );
        // Waiting records are few (a queue), so this walks the partial index of them.
        let waiting_sql = format!(
            "SELECT {below}, COUNT(*), MIN(x.recorded_at) FROM {table}
             WHERE {IN_SUBTREE} AND x.status = 'submitted'
             GROUP BY 1",
            table = per_station("hour_records"),
        );
        let certificates_sql = format!(
            "SELECT {below}, COUNT(*) FROM certificates c {sub}
             WHERE c.issued_at >= $2 AND c.issued_at < $3
             GROUP BY 1",
            sub = in_subtree("c.station_id"),
        );

        let kept_sql = format!(
            "SELECT {below}, {volunteers} FROM {table}
             WHERE x.months = $2 AND x.period_start = $3 AND {IN_SUBTREE}
             GROUP BY 1",
            volunteers = sum("x.volunteers"),
            table = per_station("station_active_volunteers"),
        );
        let kept = crate::model::time::kept_period(from, to, today);
        // Any other range: its whole months' kept rows and its other days' rows
        // (`node_day_returns`) at the node shown.
        let edges = super::node_days::EdgeRange::new(Some(from), Some(to), today);
        let node = crate::model::station::path_ids(path)
            .last()
            .copied()
            .ok_or(AppError::NotFound)?;
        // A calendar month, quarter or year: the node's kept totals per node one level below it
        // (the node itself for its own records) are exactly the hours' shares.
        let kept_hours_sql = "SELECT g.path, t.service_minutes, t.training_minutes
             FROM node_period_totals t JOIN stations g ON g.id = t.group_id
             WHERE t.node_id = $1 AND t.months = $2 AND t.period_start = $3
               AND t.group_kind = 'child'";

        let path_arg = || Arg::Text(path.to_owned());
        // Which query counts active volunteers, and which sums hours, for this period.
        let (active_sql, active_args) = if let Some((months, start)) = kept {
            // A calendar month, quarter or year: counted with every confirmation.
            let args = vec![path_arg(), Arg::Int(i64::from(months)), Arg::Date(start)];
            (kept_sql, args)
        } else if to >= today && !whole {
            (active_since_sql, vec![path_arg(), Arg::Date(from)])
        } else {
            // Any other range: each person counted on the first day they served in it, from
            // the home stations' served months and the node's served days.
            self.edge_active_sql(path, node, &edges)
        };
        let (hours_sql, hours_args) = if let Some((months, start)) = kept {
            let args = vec![
                Arg::Int(node),
                Arg::Int(i64::from(months)),
                Arg::Date(start),
            ];
            (kept_hours_sql.to_owned(), args)
        } else {
            // Any other range, whole months or not: the node's kept totals per node below
            // for its whole months, and its day rows for the other days.
            edge_hours_sql(node, &edges)
        };

        // The figures do not depend on each other: they run at once, each on its own
        // connection, so a page waits for the slowest rather than for the sum (on PostgreSQL
        // each is a round trip and a plan of its own).
        let (
            trainees,
            mentors,
            pairings,
            enrolments,
            decisions,
            requests,
            sessions,
            actions,
            volunteers,
            active,
            hours,
            waiting,
            certificates,
        ): Parts = with_pool!(self, pool => tokio::try_join!(
            sqlx::query_as(&trainees_sql).bind(path).fetch_all(pool),
            sqlx::query_as(&mentors_sql).bind(path).fetch_all(pool),
            sqlx::query_as(&pairings_sql).bind(path).fetch_all(pool),
            sqlx::query_as(&enrolments_sql).bind(path).fetch_all(pool),
            sqlx::query_as(&decisions_sql).bind(path).fetch_all(pool),
            sqlx::query_as(&requests_sql).bind(path).fetch_all(pool),
            sqlx::query_as(&sessions_sql).bind(path).bind(from).bind(to).fetch_all(pool),
            sqlx::query_as(&actions_sql).bind(path).bind(today).fetch_all(pool),
            sqlx::query_as(&volunteers_sql).bind(path).fetch_all(pool),
            bind_all!(sqlx::query_as(&active_sql), &active_args).fetch_all(pool),
            bind_all!(sqlx::query_as(&hours_sql), &hours_args).fetch_all(pool),
            sqlx::query_as(&waiting_sql).bind(path).fetch_all(pool),
            sqlx::query_as(&certificates_sql)
                .bind(path)
                .bind(from_at)
                .bind(to_at)
                .fetch_all(pool),
        )?);

        let mut shares: HashMap<String, Figures> = HashMap::new();
        for (s, n) in trainees {
            at(&mut shares, s).trainees = n;
        }
        for (s, n, max) in mentors {
            let f = at(&mut shares, s);
            (f.mentors, f.max_mentees) = (n, max);
        }
        for (s, n, oldest) in pairings {
            let f = at(&mut shares, s);
            (f.active_pairings, f.oldest_supervision_on) = (n, oldest);
        }
        // The latest decision on each item of the trainee's current framework counts.
        let mut current: HashMap<i64, (String, i64)> = HashMap::new();
        for (s, trainee, version, items) in enrolments {
            at(&mut shares, s.clone()).items_total += items;
            current.insert(trainee, (s, version));
        }
        let mut latest: HashMap<(i64, String), String> = HashMap::new();
        for (trainee, version, item, outcome) in decisions {
            if current.get(&trainee).is_some_and(|(_, v)| *v == version) {
                latest.insert((trainee, item), outcome);
            }
        }
        for ((trainee, _), outcome) in latest {
            if outcome == "competent"
                && let Some((s, _)) = current.get(&trainee)
            {
                at(&mut shares, s.clone()).items_met += 1;
            }
        }
        for (s, n, oldest) in requests {
            let f = at(&mut shares, s);
            f.requests_waiting = n;
            f.oldest_request_on = oldest.map(|t| china_time(t).date());
        }
        for (s, n, minutes, individual, group, admin, edu, support) in sessions {
            let f = at(&mut shares, s);
            f.sessions = n;
            f.session_minutes = minutes;
            f.individual_sessions = individual;
            f.group_sessions = group;
            f.administrative = admin;
            f.educational = edu;
            f.supportive = support;
        }
        for (s, n) in actions {
            at(&mut shares, s).overdue_actions = n;
        }
        for (s, n) in volunteers {
            at(&mut shares, s).volunteers = n;
        }
        for (s, n) in active {
            at(&mut shares, s).active_volunteers = n;
        }
        for (s, service, training) in hours {
            let f = at(&mut shares, s);
            (f.service_minutes, f.training_minutes) = (service, training);
        }
        for (s, n, oldest) in waiting {
            let f = at(&mut shares, s);
            f.records_waiting = n;
            f.oldest_record_on = oldest.map(|t| china_time(t).date());
        }
        for (s, n) in certificates {
            at(&mut shares, s).certificates = n;
        }
        // Nodes with nothing (a zero kept total, say) add nothing to the roll-up.
        Ok(shares
            .into_iter()
            .filter(|(_, f)| *f != Figures::default())
            .collect())
    }

    /// The twelve-month trends for the subtree under `path`, from `since` (a first of month).
    pub async fn overview_trends(&self, path: &str, since: NaiveDate) -> Result<Trends, AppError> {
        let trainee_home = home("trainee");
        let mentor_home = home("mentor");
        let month = |col: &str| format!("SUBSTR(CAST({col} AS TEXT), 1, 7)");
        // The node's own monthly totals, kept with every confirmation: twelve rows.
        let node = crate::model::station::path_ids(path)
            .last()
            .copied()
            .ok_or(AppError::NotFound)?;
        // Each month is looked up by its start: with `period_start >= since` the key
        // (node, months, period_start, group_kind, …) would walk every project's row of every
        // month to find the twelve 'all' rows (25,000 rows for a province).
        let starts: Vec<NaiveDate> = (0..=12)
            .filter_map(|i| since.checked_add_months(chrono::Months::new(i)))
            .collect();
        let hours_sql = format!(
            "SELECT {m}, t.service_minutes FROM node_period_totals t
             WHERE t.node_id = $1 AND t.months = 1 AND t.group_kind = 'all'
               AND t.period_start IN ({starts}) AND t.service_minutes > 0",
            m = month("t.period_start"),
            starts = (0..starts.len())
                .map(|i| format!("${}", i + 2))
                .collect::<Vec<_>>()
                .join(", "),
        );
        let practices_sql = format!(
            "SELECT {m}, COUNT(*) FROM practices p
             JOIN ({trainee_home}) th ON th.user_id = p.trainee_id
             WHERE th.station_id IN {SUBTREE} AND p.withdrawn_at IS NULL AND p.practised_on >= $2
             GROUP BY {m}",
            m = month("p.practised_on"),
        );
        let sessions_sql = format!(
            "SELECT {m}, COUNT(*) FROM supervision_sessions ss
             JOIN ({mentor_home}) mh ON mh.user_id = ss.mentor_id
             WHERE mh.station_id IN {SUBTREE} AND ss.held_on >= $2
             GROUP BY {m}",
            m = month("ss.held_on"),
        );
        let (service_minutes, practices, sessions) = with_pool!(self, pool => tokio::try_join!(
            {
                let mut q = sqlx::query_as(&hours_sql).bind(node);
                for start in &starts {
                    q = q.bind(*start);
                }
                q.fetch_all(pool)
            },
            sqlx::query_as(&practices_sql).bind(path).bind(since).fetch_all(pool),
            sqlx::query_as(&sessions_sql).bind(path).bind(since).fetch_all(pool),
        )?);
        Ok(Trends {
            service_minutes,
            practices,
            sessions,
        })
    }
}
