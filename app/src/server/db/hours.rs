//! Activities and hour records: recording (one or many at once), confirmation by the
//! organising station (late entries by two people), rejection and amending corrections.
//! Confirmed records are never updated; the database refuses it too.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use super::offline::claim_client_id;
use super::query::{Arg, BatchError, EFFECTIVE, Filter, bind_all};
use crate::error::AppError;
use crate::model::confirmation::{ConfirmStep, PendingRecord, confirm_step};
use crate::model::offline::{ClientId, OfflineKind};
use crate::model::permission::{Scope, StationRef};
use crate::model::volunteer::{
    ActivityView, COUNT_CAP, HourKind, HourRecordView, HoursFilter, NewActivity, RecordSource,
    RecordStatus, VolunteerStatus, age_on, overlaps, volunteer_number,
};

/// A record about to be written, already checked against the rules that need no database.
#[derive(Debug, Clone)]
pub struct NewHourRecord {
    /// Volunteer.
    pub volunteer_id: i64,
    /// Activity.
    pub activity_id: i64,
    /// Recording (organising) station.
    pub station_id: i64,
    /// Day served.
    pub served_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    /// Service or training.
    pub kind: HourKind,
    /// Where it came from.
    pub source: RecordSource,
    /// Late entry.
    pub late: bool,
    /// Why late.
    pub late_reason: Option<String>,
    /// Why over the cap.
    pub over_cap_reason: Option<String>,
    /// The record this corrects.
    pub amends_id: Option<i64>,
    /// Why corrected.
    pub correction_reason: Option<String>,
    /// Scanned in but never out: closed at the activity's end by the server.
    pub checkout_missing: bool,
}

/// What makes a batch "already stored" (written in the same transaction as the records).
#[derive(Debug, Clone, Copy)]
pub(super) enum Claim<'a> {
    /// Nothing: every call writes.
    Nothing,
    /// The id a phone gave an offline batch.
    Client(&'a ClientId),
    /// The check-out scan (or the server's closing of a missing one) that ends this volunteer's
    /// check-in at this activity.
    ScanOut(&'a super::checkin::ScanOut),
}

pub use crate::model::confirmation::ConfirmOutcome;

#[derive(FromRow)]
struct RecordRow {
    id: i64,
    volunteer_id: i64,
    volunteer: String,
    activity_id: i64,
    activity: String,
    project: String,
    station: String,
    served_on: NaiveDate,
    start_min: i64,
    end_min: i64,
    minutes: i64,
    #[sqlx(try_from = "String")]
    kind: HourKind,
    #[sqlx(try_from = "String")]
    source: RecordSource,
    #[sqlx(try_from = "String")]
    status: RecordStatus,
    late: bool,
    late_reason: Option<String>,
    over_cap_reason: Option<String>,
    amends_id: Option<i64>,
    correction_reason: Option<String>,
    superseded: bool,
    checkout_missing: bool,
    recorded_by: String,
    recorded_by_id: i64,
    recorded_at: DateTime<Utc>,
    first_approved_by: Option<String>,
    confirmed_by: Option<String>,
    confirmed_at: Option<DateTime<Utc>>,
    rejected_reason: Option<String>,
}

impl RecordRow {
    fn into_view(self) -> HourRecordView {
        HourRecordView {
            id: self.id,
            volunteer_id: self.volunteer_id,
            volunteer: self.volunteer,
            volunteer_number: volunteer_number(self.volunteer_id),
            activity_id: self.activity_id,
            activity: self.activity,
            project: self.project,
            station: self.station,
            served_on: self.served_on,
            start_min: self.start_min,
            end_min: self.end_min,
            minutes: self.minutes,
            kind: self.kind,
            source: self.source,
            status: self.status,
            late: self.late,
            late_reason: self.late_reason,
            over_cap_reason: self.over_cap_reason,
            amends_id: self.amends_id,
            correction_reason: self.correction_reason,
            superseded: self.superseded,
            checkout_missing: self.checkout_missing,
            recorded_by: self.recorded_by,
            recorded_by_id: self.recorded_by_id,
            recorded_at: self.recorded_at,
            first_approved_by: self.first_approved_by,
            confirmed_by: self.confirmed_by,
            confirmed_at: self.confirmed_at,
            rejected_reason: self.rejected_reason,
        }
    }
}

const RECORD_SELECT: &str = "
    SELECT r.id, r.volunteer_id, v.name AS volunteer, r.activity_id, a.name AS activity,
           p.name AS project, s.name AS station, r.served_on, r.start_min, r.end_min, r.minutes,
           r.kind, r.source, r.status, r.late, r.late_reason, r.over_cap_reason, r.amends_id,
           r.checkout_missing,
           r.correction_reason,
           EXISTS (SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed')
               AS superseded,
           ru.display_name AS recorded_by, r.recorded_by AS recorded_by_id, r.recorded_at,
           fu.display_name AS first_approved_by, cu.display_name AS confirmed_by, r.confirmed_at,
           r.rejected_reason
    FROM hour_records r
    JOIN volunteers v ON v.id = r.volunteer_id
    JOIN activities a ON a.id = r.activity_id
    JOIN projects p ON p.id = a.project_id
    JOIN stations s ON s.id = r.station_id
    JOIN users ru ON ru.id = r.recorded_by
    LEFT JOIN users fu ON fu.id = r.first_approved_by
    LEFT JOIN users cu ON cu.id = r.confirmed_by";

#[derive(FromRow)]
struct ActivityRow {
    id: i64,
    project_id: i64,
    project: String,
    station_id: i64,
    station: String,
    name: String,
    #[sqlx(try_from = "String")]
    kind: HourKind,
    held_on: NaiveDate,
    start_min: i64,
    end_min: i64,
    township: String,
    village: String,
    content: String,
    capacity: i64,
    records: i64,
}

impl ActivityRow {
    fn into_view(self) -> ActivityView {
        ActivityView {
            id: self.id,
            project_id: self.project_id,
            project: self.project,
            station_id: self.station_id,
            station: self.station,
            name: self.name,
            kind: self.kind,
            held_on: self.held_on,
            start_min: self.start_min,
            end_min: self.end_min,
            township: self.township,
            village: self.village,
            content: self.content,
            capacity: self.capacity,
            records: self.records,
        }
    }
}

const ACTIVITY_SELECT: &str = "
    SELECT a.id, a.project_id, p.name AS project, a.station_id, s.name AS station, a.name, a.kind,
           a.held_on, a.start_min, a.end_min, a.township, a.village, a.content, a.capacity,
           (SELECT COUNT(*) FROM hour_records r WHERE r.activity_id = a.id) AS records
    FROM activities a JOIN projects p ON p.id = a.project_id JOIN stations s ON s.id = a.station_id";

/// Recomputes, from the records, the month totals (`hour_month_totals`, `volunteer_months`) of
/// every month a confirmation of the records `$ids` touched, through `$conn`: the months of the
/// records themselves and of the records they correct (which stop counting); then, in the
/// months, quarters and years holding them, each volunteer's sums (`volunteer_periods`) and
/// the active volunteers of their home stations (`station_active_volunteers`).
macro_rules! refresh_month_totals {
    ($conn:expr, $ids:expr) => {{
        let mut f = Filter::default();
        f.scope("r.id", Some($ids));
        let mut g = Filter::default();
        g.scope("x.id", Some($ids));
        let sql = format!(
            "SELECT r.volunteer_id, r.served_on, r.station_id, a.project_id, r.kind, v.station_id
             FROM hour_records r JOIN activities a ON a.id = r.activity_id
             JOIN volunteers v ON v.id = r.volunteer_id
             {} OR r.id IN (SELECT x.amends_id FROM hour_records x {})",
            f.where_sql(),
            g.where_sql()
        );
        let keys: Vec<(i64, NaiveDate, i64, i64, String, i64)> =
            sqlx::query_as(&sql).fetch_all(&mut *$conn).await?;
        let mut volunteer_months: Vec<(i64, NaiveDate)> = Vec::new();
        let mut days_touched: std::collections::BTreeSet<(i64, NaiveDate)> =
            std::collections::BTreeSet::new();
        let mut totals: Vec<(i64, i64, NaiveDate, String)> = Vec::new();
        let mut active: Vec<(u32, NaiveDate, i64)> = Vec::new();
        for (volunteer, served_on, station, project, kind, home) in keys {
            let month = crate::model::time::month_start(served_on);
            days_touched.insert((volunteer, served_on));
            volunteer_months.push((volunteer, month));
            totals.push((station, project, month, kind));
            for months in crate::model::time::KEPT_PERIODS {
                active.push((months, crate::model::time::period_start(month, months), home));
            }
        }
        volunteer_months.sort_unstable();
        volunteer_months.dedup();
        totals.sort_unstable();
        totals.dedup();
        active.sort_unstable();
        active.dedup();
        // The report totals change by what these volunteers' months in these periods give
        // before and after (distinct people cannot be recounted from finer rows). Two
        // confirmations for one volunteer never interleave here: `refresh_totals!` ran first in
        // this transaction and locked their running-total rows until commit, so on PostgreSQL
        // the second waits and then reads the first's months as committed.
        let mut people: Vec<i64> = volunteer_months.iter().map(|(v, _)| *v).collect();
        people.dedup();
        let months_touched: std::collections::BTreeSet<(i64, NaiveDate)> =
            volunteer_months.iter().copied().collect();
        let node_touched: std::collections::BTreeSet<(i64, u32, NaiveDate)> = volunteer_months
            .iter()
            .flat_map(|&(v, month)| {
                super::node_totals::periods_of(month).map(move |(m, start)| (v, m, start))
            })
            .collect();
        let kept_periods: std::collections::BTreeSet<(u32, NaiveDate)> = volunteer_months
            .iter()
            .flat_map(|&(_, month)| {
                crate::model::time::KEPT_PERIODS
                    .map(|months| (months, crate::model::time::period_start(month, months)))
            })
            .collect();
        let node_rows_sql = {
            let mut f = Filter::default();
            f.scope("m.volunteer_id", Some(&people));
            format!("{} {}", super::node_totals::MONTH_ROWS, f.where_sql())
        };
        let node_before: Vec<super::node_totals::MonthRow> =
            sqlx::query_as(&node_rows_sql).fetch_all(&mut *$conn).await?;
        for (volunteer, month) in volunteer_months {
            sqlx::query(
                "DELETE FROM volunteer_months WHERE volunteer_id = $1 AND month_start = $2",
            )
            .bind(volunteer)
            .bind(month)
            .execute(&mut *$conn)
            .await?;
            sqlx::query(&format!(
                "INSERT INTO volunteer_months
                     (volunteer_id, month_start, station_id, project_id, kind, minutes,
                      scan_minutes, activities, last_served_on)
                 SELECT r.volunteer_id, $2, r.station_id, a.project_id, r.kind,
                        CAST(SUM(r.minutes) AS BIGINT),
                        CAST(SUM(CASE WHEN r.source = 'scan' THEN r.minutes ELSE 0 END) AS BIGINT),
                        COUNT(DISTINCT CASE WHEN r.minutes > 0 THEN r.activity_id END),
                        MAX(CASE WHEN r.minutes > 0 THEN r.served_on END)
                 FROM hour_records r JOIN activities a ON a.id = r.activity_id
                 WHERE r.volunteer_id = $1 AND r.served_on >= $2 AND r.served_on < $3
                   AND {EFFECTIVE}
                 GROUP BY r.volunteer_id, r.station_id, a.project_id, r.kind"
            ))
            .bind(volunteer)
            .bind(month)
            .bind(crate::model::time::next_month_start(month))
            .execute(&mut *$conn)
            .await?;
        }
        for (station, project, month, kind) in totals {
            sqlx::query(
                "DELETE FROM hour_month_totals
                 WHERE station_id = $1 AND project_id = $2 AND month_start = $3 AND kind = $4",
            )
            .bind(station)
            .bind(project)
            .bind(month)
            .bind(&kind)
            .execute(&mut *$conn)
            .await?;
            sqlx::query(&format!(
                "INSERT INTO hour_month_totals
                     (station_id, project_id, month_start, kind, minutes, records, scan_minutes)
                 SELECT r.station_id, a.project_id, $3, r.kind, CAST(SUM(r.minutes) AS BIGINT),
                        COUNT(*),
                        CAST(SUM(CASE WHEN r.source = 'scan' THEN r.minutes ELSE 0 END) AS BIGINT)
                 FROM hour_records r JOIN activities a ON a.id = r.activity_id
                 WHERE r.station_id = $1 AND a.project_id = $2 AND r.served_on >= $3
                   AND r.served_on < $5 AND r.kind = $4 AND {EFFECTIVE}
                 GROUP BY r.station_id, a.project_id, r.kind"
            ))
            .bind(station)
            .bind(project)
            .bind(month)
            .bind(&kind)
            .bind(crate::model::time::next_month_start(month))
            .execute(&mut *$conn)
            .await?;
        }
        // After the volunteer months: each volunteer's sums per kept period (one statement
        // for all of them per period, as an import touches thousands in one month).
        let mut who = Filter::default();
        who.scope("m.volunteer_id", Some(&people));
        let mut who_kept = Filter::default();
        who_kept.scope("volunteer_id", Some(&people));
        for (months, start) in kept_periods {
            sqlx::query(&format!(
                "DELETE FROM volunteer_periods {} AND months = $1 AND period_start = $2",
                who_kept.where_sql()
            ))
            .bind(i64::from(months))
            .bind(start)
            .execute(&mut *$conn)
            .await?;
            sqlx::query(&format!(
                "INSERT INTO volunteer_periods
                     (months, period_start, volunteer_id, station_id, service_minutes,
                      training_minutes, scan_minutes, activities, last_served_on)
                 SELECT $1, $2, m.volunteer_id, v.station_id,
                        CAST(SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END) AS BIGINT),
                        CAST(SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END) AS BIGINT),
                        CAST(SUM(CASE WHEN m.kind = 'service' THEN m.scan_minutes ELSE 0 END) AS BIGINT),
                        CAST(SUM(m.activities) AS BIGINT), MAX(m.last_served_on)
                 FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
                 {} AND m.month_start >= $2 AND m.month_start < $3
                 GROUP BY m.volunteer_id, v.station_id HAVING SUM(m.activities) > 0",
                who.where_sql()
            ))
            .bind(i64::from(months))
            .bind(start)
            .bind(crate::model::time::period_end(start, months))
            .execute(&mut *$conn)
            .await?;
        }
        // Who was active in each kept period at each home station.
        for (months, start, home) in active {
            sqlx::query(
                "DELETE FROM station_active_volunteers
                 WHERE months = $1 AND period_start = $2 AND station_id = $3",
            )
            .bind(i64::from(months))
            .bind(start)
            .bind(home)
            .execute(&mut *$conn)
            .await?;
            sqlx::query(
                "INSERT INTO station_active_volunteers (months, period_start, station_id, volunteers)
                 SELECT $1, $2, $3, COUNT(DISTINCT m.volunteer_id)
                 FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
                 WHERE v.station_id = $3 AND m.month_start >= $2 AND m.month_start < $4
                   AND m.minutes > 0
                 HAVING COUNT(DISTINCT m.volunteer_id) > 0",
            )
            .bind(i64::from(months))
            .bind(start)
            .bind(home)
            .bind(crate::model::time::period_end(start, months))
            .execute(&mut *$conn)
            .await?;
        }
        let node_after: Vec<super::node_totals::MonthRow> =
            sqlx::query_as(&node_rows_sql).fetch_all(&mut *$conn).await?;
        let change = super::node_totals::deltas(&node_before, &node_after, &node_touched);
        super::node_totals::write_node_totals!($conn, change, true);
        let returns =
            super::node_totals::return_deltas(&node_before, &node_after, &months_touched);
        super::node_totals::write_node_returns!($conn, returns);
        // The served days per node and group (custom ranges with a mid-month end): these
        // volunteers' days as the records stood before this transaction confirmed `$ids`,
        // and as they stand now.
        let mut who_days = Filter::default();
        who_days.scope("r.volunteer_id", Some(&people));
        let who_days = who_days.conds.join(" AND ");
        let days_before: Vec<super::node_days::DayRow> = sqlx::query_as(
            &super::node_days::day_rows_sql(&super::node_days::effective_before($ids), &who_days),
        )
        .fetch_all(&mut *$conn)
        .await?;
        let days_after: Vec<super::node_days::DayRow> =
            sqlx::query_as(&super::node_days::day_rows_sql(EFFECTIVE, &who_days))
                .fetch_all(&mut *$conn)
                .await?;
        let day_change =
            super::node_days::day_return_deltas(&days_before, &days_after, &days_touched);
        super::node_days::write_node_day_returns!($conn, day_change);
    }};
}

/// Refreshes the running totals of the volunteers in `$ids` through `$conn`.
macro_rules! refresh_totals {
    ($conn:expr, $ids:expr) => {{
        // Lock these volunteers' running totals first (a no-op update, portable): on
        // PostgreSQL a concurrent confirmation for the same people waits here, and the sums
        // below then start from a snapshot that includes what it committed.
        let mut lock = Filter::default();
        lock.scope("volunteer_id", Some($ids));
        sqlx::query(&format!(
            "UPDATE volunteer_totals SET service_minutes = service_minutes {}",
            lock.where_sql()
        ))
        .execute(&mut *$conn)
        .await?;
        let mut f = Filter::default();
        f.scope("v.id", Some($ids));
        let sql = format!(
            "INSERT INTO volunteer_totals (volunteer_id, service_minutes, training_minutes, activities, last_served_on, scan_minutes)
             SELECT v.id,
                    CAST(COALESCE(SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END), 0) AS BIGINT),
                    COUNT(DISTINCT r.activity_id), MAX(r.served_on),
                    CAST(COALESCE(SUM(CASE WHEN r.kind = 'service' AND r.source = 'scan' THEN r.minutes ELSE 0 END), 0) AS BIGINT)
             FROM volunteers v
             LEFT JOIN hour_records r ON r.volunteer_id = v.id AND r.minutes > 0 AND {EFFECTIVE}
             {} GROUP BY v.id
             ON CONFLICT (volunteer_id) DO UPDATE SET
                 service_minutes = excluded.service_minutes,
                 training_minutes = excluded.training_minutes,
                 activities = excluded.activities,
                 last_served_on = excluded.last_served_on,
                 scan_minutes = excluded.scan_minutes",
            f.where_sql()
        );
        sqlx::query(&sql).execute($conn).await?;
    }};
}

#[derive(FromRow)]
struct Existing {
    id: i64,
    volunteer_id: i64,
    served_on: NaiveDate,
    start_min: i64,
    end_min: i64,
    amends_id: Option<i64>,
}

/// Finds the first new record that overlaps a live record of the same volunteer or another
/// new record in the batch. A correction does not clash with the chain it amends.
fn first_overlap(new: &[NewHourRecord], existing: &[Existing]) -> Option<usize> {
    let same_chain = |a: &NewHourRecord, e: &Existing| {
        a.amends_id
            .is_some_and(|m| e.id == m || e.amends_id == Some(m))
    };
    new.iter().enumerate().position(|(i, a)| {
        let range = (a.start_min, a.end_min);
        a.end_min > a.start_min
            && (existing.iter().any(|e| {
                e.volunteer_id == a.volunteer_id
                    && e.served_on == a.served_on
                    && !same_chain(a, e)
                    && overlaps(range, (e.start_min, e.end_min))
            }) || new[..i].iter().any(|b| {
                b.volunteer_id == a.volunteer_id
                    && b.served_on == a.served_on
                    && overlaps(range, (b.start_min, b.end_min))
            }))
    })
}

impl Db {
    /// Adds an activity under a project, organised by one of its stations (audited).
    pub async fn create_activity(&self, a: &NewActivity, actor: &Actor) -> Result<i64, AppError> {
        if !self
            .project_station_ids(a.project_id)
            .await?
            .contains(&a.station_id)
        {
            return Err(AppError::invalid("station_id", "not_organising_station"));
        }
        let id = with_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO activities (project_id, station_id, name, kind, held_on, start_min,
                     end_min, township, village, content, capacity, created_by, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(a.project_id)
            .bind(a.station_id)
            .bind(&a.name)
            .bind(a.kind.as_str())
            .bind(a.held_on)
            .bind(a.start_min)
            .bind(a.end_min)
            .bind(&a.township)
            .bind(&a.village)
            .bind(&a.content)
            .bind(a.capacity)
            .bind(actor.user_id)
            .bind(Utc::now())
            .fetch_one(&mut *tx)
            .await?;
            audit!(&mut *tx, &NewAudit {
                station_id: Some(a.station_id),
                action: "activity_created",
                target: Some(format!("activity:{id}")),
                detail: Some(a.name.clone()),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// One activity.
    pub async fn activity(&self, id: i64) -> Result<Option<ActivityView>, AppError> {
        let sql = format!("{ACTIVITY_SELECT} WHERE a.id = $1");
        let row: Option<ActivityRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(ActivityRow::into_view))
    }

    /// Activities of a project (newest first), or the most recent across all projects.
    pub async fn activities(
        &self,
        project_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<ActivityView>, AppError> {
        let sql = format!(
            "{ACTIVITY_SELECT} WHERE ($1 = 0 OR a.project_id = $1)
             ORDER BY a.held_on DESC, a.id DESC LIMIT $2"
        );
        let rows: Vec<ActivityRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql)
                .bind(project_id.unwrap_or(0))
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(ActivityRow::into_view).collect())
    }

    /// Activities organised within `scope` and held from `from` to `to`, those nearest `to`
    /// first: the attendance checklists a coordinator's phone keeps for use without a
    /// connection.
    pub async fn activities_held_between(
        &self,
        scope: &Scope,
        from: NaiveDate,
        to: NaiveDate,
        limit: i64,
    ) -> Result<Vec<ActivityView>, AppError> {
        let mut f = Filter::default();
        f.within("a.station_id", scope);
        f.push(
            "a.held_on BETWEEN ? AND ?",
            vec![Arg::Date(from), Arg::Date(to)],
        );
        self.activities_where(&f, limit).await
    }

    /// Activities matching `f`, newest first, at most `limit`.
    async fn activities_where(
        &self,
        f: &Filter,
        limit: i64,
    ) -> Result<Vec<ActivityView>, AppError> {
        let sql = format!(
            "{ACTIVITY_SELECT} {} ORDER BY a.held_on DESC, a.id DESC LIMIT {limit}",
            f.where_sql()
        );
        let rows: Vec<ActivityRow> = with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(ActivityRow::into_view).collect())
    }

    /// Activities a volunteer may report their own hours for: organised by their home station or
    /// a node above it, held by `today`, newest first.
    pub async fn activities_for_volunteer(
        &self,
        volunteer_id: i64,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<ActivityView>, AppError> {
        let Some(home) = self.volunteer_station(volunteer_id).await? else {
            return Ok(Vec::new());
        };
        let mut f = Filter::default();
        f.scope("a.station_id", Some(&home.path_ids()));
        f.push("a.held_on <= ?", vec![Arg::Date(today)]);
        self.activities_where(&f, limit).await
    }

    /// Writes hour records in one transaction after the checks that need the database:
    /// volunteer active, guardian consent for minors, no overlap with the volunteer's live
    /// records or with each other. A failure names the batch row and writes nothing.
    pub async fn record_hours(
        &self,
        new: &[NewHourRecord],
        actor: &Actor,
    ) -> Result<Vec<i64>, (usize, AppError)> {
        self.record_hours_sent(new, actor, None).await
    }

    /// [`Db::record_hours`] for a batch a phone made offline, with the id it gave the batch:
    /// a batch sent before (a retry, a second tab) writes nothing and returns no ids.
    pub async fn record_hours_sent(
        &self,
        new: &[NewHourRecord],
        actor: &Actor,
        client: Option<&ClientId>,
    ) -> Result<Vec<i64>, (usize, AppError)> {
        let claim = client.map_or(Claim::Nothing, Claim::Client);
        self.record_hours_inner(new, actor, claim)
            .await
            .map_err(|e| match e {
                BatchError::Row(i, e) => (i, e),
                BatchError::Db(e) => (0, e),
            })
    }

    pub(super) async fn record_hours_inner(
        &self,
        new: &[NewHourRecord],
        actor: &Actor,
        claim: Claim<'_>,
    ) -> Result<Vec<i64>, BatchError> {
        let mut ids: Vec<i64> = new.iter().map(|n| n.volunteer_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let facts = self.volunteer_facts(&ids).await?;
        for (i, n) in new.iter().enumerate() {
            let Some(v) = facts.iter().find(|f| f.id == n.volunteer_id) else {
                return Err(BatchError::Row(
                    i,
                    AppError::invalid("volunteer", "volunteer_unknown"),
                ));
            };
            if v.status != VolunteerStatus::Active {
                return Err(BatchError::Row(
                    i,
                    AppError::invalid("volunteer", "volunteer_inactive"),
                ));
            }
            if age_on(v.birth_date, n.served_on) < 18 && v.guardian_consent_on.is_none() {
                return Err(BatchError::Row(
                    i,
                    AppError::invalid("volunteer", "guardian_consent_missing"),
                ));
            }
        }
        // A record is of its activity: its day, station and kind. The kept month rows rely on
        // it (an activity's records fall in one row), whoever calls.
        let mut activity_ids: Vec<i64> = new.iter().map(|n| n.activity_id).collect();
        activity_ids.sort_unstable();
        activity_ids.dedup();
        let mut f = Filter::default();
        f.scope("a.id", Some(&activity_ids));
        let sql = format!(
            "SELECT a.id, a.held_on, a.station_id, a.kind FROM activities a {}",
            f.where_sql()
        );
        let held: Vec<(i64, NaiveDate, i64, String)> =
            with_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?);
        for (i, n) in new.iter().enumerate() {
            match held.iter().find(|a| a.0 == n.activity_id) {
                Some((_, _, station, kind))
                    if *station != n.station_id || kind != n.kind.as_str() =>
                {
                    return Err(BatchError::Row(
                        i,
                        AppError::invalid("activity", "activity_unknown"),
                    ));
                }
                Some((_, held_on, _, _)) if *held_on != n.served_on => {
                    return Err(BatchError::Row(
                        i,
                        AppError::invalid("served_on", "not_activity_date"),
                    ));
                }
                Some(_) => {}
                None => {
                    return Err(BatchError::Row(
                        i,
                        AppError::invalid("activity", "activity_unknown"),
                    ));
                }
            }
        }
        let mut f = Filter::default();
        f.scope("r.volunteer_id", Some(&ids));
        let existing_sql = format!(
            "SELECT r.id, r.volunteer_id, r.served_on, r.start_min, r.end_min, r.amends_id
             FROM hour_records r {} AND r.status IN ('submitted', 'confirmed') AND r.minutes > 0
               AND NOT EXISTS (SELECT 1 FROM hour_records c WHERE c.amends_id = r.id AND c.status = 'confirmed')",
            f.where_sql()
        );
        let created = with_tx!(self, tx => {
            let first = match (claim, actor.user_id) {
                // Only a signed-in person's phone makes ids (the command line has no outbox).
                (Claim::Client(client), Some(user)) => {
                    claim_client_id!(&mut *tx, user, client, OfflineKind::Attendance)
                }
                (Claim::ScanOut(out), _) => super::checkin::claim_scan_out!(&mut *tx, out),
                _ => true,
            };
            if !first {
                // Sent or scanned before: its records are stored (and would overlap themselves).
                return Ok(Vec::new());
            }
            let existing: Vec<Existing> = sqlx::query_as(&existing_sql).fetch_all(&mut *tx).await?;
            if let Some(i) = first_overlap(new, &existing) {
                return Err(BatchError::Row(i, AppError::invalid("volunteer", "overlap")));
            }
            let now = Utc::now();
            let mut created = Vec::with_capacity(new.len());
            for n in new {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO hour_records (volunteer_id, activity_id, station_id, served_on,
                         start_min, end_min, minutes, kind, source, status, late, late_reason,
                         over_cap_reason, amends_id, correction_reason, recorded_by, recorded_at,
                         checkout_missing)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'submitted', $10, $11, $12, $13,
                             $14, $15, $16, $17) RETURNING id",
                )
                .bind(n.volunteer_id)
                .bind(n.activity_id)
                .bind(n.station_id)
                .bind(n.served_on)
                .bind(n.start_min)
                .bind(n.end_min)
                .bind(n.end_min - n.start_min)
                .bind(n.kind.as_str())
                .bind(n.source.as_str())
                .bind(n.late)
                .bind(n.late_reason.as_deref())
                .bind(n.over_cap_reason.as_deref())
                .bind(n.amends_id)
                .bind(n.correction_reason.as_deref())
                .bind(actor.user_id)
                .bind(now)
                .bind(n.checkout_missing)
                .fetch_one(&mut *tx)
                .await?;
                created.push(id);
            }
            audit!(&mut *tx, &NewAudit {
                station_id: new.first().map(|n| n.station_id),
                action: if new.iter().any(|n| n.amends_id.is_some()) { "correction_requested" } else { "hours_recorded" },
                target: new.first().map(|n| format!("activity:{}", n.activity_id)),
                detail: Some(format!("records {created:?}")),
                ..NewAudit::from(actor)
            });
            created
        });
        Ok(created)
    }

    /// The recording station of each record, for the permission check before confirming.
    pub async fn record_stations(&self, ids: &[i64]) -> Result<Vec<(i64, StationRef)>, AppError> {
        let mut f = Filter::default();
        f.scope("r.id", Some(ids));
        let sql = format!(
            "SELECT r.id, s.id, s.path FROM hour_records r
             JOIN stations s ON s.id = r.station_id {}",
            f.where_sql()
        );
        let rows: Vec<(i64, i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(&sql).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, sid, path)| (id, StationRef { id: sid, path }))
            .collect())
    }

    /// Confirms submitted records by [`confirm_step`]: a late entry needs two different
    /// coordinators (the first approval is recorded, the second confirms); a correction is never
    /// approved by the person who asked for it. Running totals are refreshed in the same
    /// transaction.
    pub async fn confirm_hours(
        &self,
        ids: &[i64],
        actor: &Actor,
    ) -> Result<ConfirmOutcome, AppError> {
        let Some(me) = actor.user_id else {
            return Err(AppError::Forbidden);
        };
        let mut f = Filter::default();
        f.scope("r.id", Some(ids));
        let sql = format!(
            "SELECT r.id, r.volunteer_id, r.status, r.late, r.first_approved_by, r.recorded_by,
                    r.amends_id, r.station_id,
                    EXISTS (SELECT 1 FROM hour_records c
                            WHERE c.amends_id = r.amends_id AND c.status = 'confirmed') AS amended
             FROM hour_records r {}",
            f.where_sql()
        );
        #[derive(FromRow)]
        struct Pending {
            id: i64,
            volunteer_id: i64,
            #[sqlx(try_from = "String")]
            status: RecordStatus,
            late: bool,
            first_approved_by: Option<i64>,
            recorded_by: i64,
            amends_id: Option<i64>,
            station_id: i64,
            /// The record this corrects already has a confirmed correction.
            amended: bool,
        }
        let outcome = with_tx!(self, tx => {
            let rows: Vec<Pending> = sqlx::query_as(&sql).fetch_all(&mut *tx).await?;
            let mut outcome = ConfirmOutcome::default();
            let mut touched = Vec::new();
            let mut confirmed_ids: Vec<i64> = Vec::new();
            let mut amended_now: Vec<i64> = Vec::new();
            let now = Utc::now();
            for r in &rows {
                let pending = PendingRecord {
                    submitted: r.status == RecordStatus::Submitted,
                    late: r.late,
                    first_approved_by: r.first_approved_by,
                    recorded_by: r.recorded_by,
                    amends_id: r.amends_id,
                    amended: r.amended,
                };
                match confirm_step(&pending, me, &amended_now) {
                    ConfirmStep::Skip => {
                        outcome.skipped += 1;
                        continue;
                    }
                    ConfirmStep::FirstApproval => {
                        sqlx::query(
                            "UPDATE hour_records SET first_approved_by = $1, first_approved_at = $2
                             WHERE id = $3 AND status = 'submitted'",
                        )
                        .bind(me)
                        .bind(now)
                        .bind(r.id)
                        .execute(&mut *tx)
                        .await?;
                        outcome.awaiting_second += 1;
                        continue;
                    }
                    ConfirmStep::Confirm => amended_now.extend(r.amends_id),
                }
                sqlx::query(
                    "UPDATE hour_records SET status = 'confirmed', confirmed_by = $1, confirmed_at = $2
                     WHERE id = $3 AND status = 'submitted'",
                )
                .bind(me)
                .bind(now)
                .bind(r.id)
                .execute(&mut *tx)
                .await?;
                outcome.confirmed += 1;
                touched.push(r.volunteer_id);
                confirmed_ids.push(r.id);
            }
            if !touched.is_empty() {
                touched.sort_unstable();
                touched.dedup();
                refresh_totals!(&mut *tx, &touched);
                refresh_month_totals!(tx, &confirmed_ids);
            }
            if outcome.confirmed + outcome.awaiting_second > 0 {
                audit!(&mut *tx, &NewAudit {
                    station_id: rows.first().map(|r| r.station_id),
                    action: "hours_confirmed",
                    target: Some(format!("records {ids:?}")),
                    detail: Some(format!("{outcome:?}")),
                    ..NewAudit::from(actor)
                });
            }
            outcome
        });
        Ok(outcome)
    }

    /// Rejects a submitted record with a reason (audited). Confirmed records cannot be
    /// rejected; they are corrected.
    pub async fn reject_hours(&self, id: i64, reason: &str, actor: &Actor) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let station: Option<i64> = sqlx::query_scalar(
                "UPDATE hour_records SET status = 'rejected', rejected_by = $1, rejected_reason = $2
                 WHERE id = $3 AND status = 'submitted' RETURNING station_id",
            )
            .bind(actor.user_id)
            .bind(reason)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(station) = station else {
                return Err(AppError::Conflict("not_submitted".into()));
            };
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station),
                action: "hours_rejected",
                target: Some(format!("record:{id}")),
                detail: Some(reason.to_owned()),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// The record a correction would amend, if it is confirmed and still counts: (volunteer,
    /// activity, station, kind, served_on).
    pub async fn correctable(
        &self,
        id: i64,
    ) -> Result<Option<(i64, i64, i64, HourKind, NaiveDate)>, AppError> {
        let sql = format!(
            "SELECT r.volunteer_id, r.activity_id, r.station_id, r.kind, r.served_on
             FROM hour_records r WHERE r.id = $1 AND {EFFECTIVE}"
        );
        let row: Option<(i64, i64, i64, String, NaiveDate)> =
            with_pool!(self, pool => sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?);
        row.map(|(volunteer, activity, station, kind, served_on)| {
            let kind = HourKind::try_from(kind).map_err(|err| {
                tracing::error!(%err, "hour record {id}");
                AppError::Internal
            })?;
            Ok((volunteer, activity, station, kind, served_on))
        })
        .transpose()
    }

    /// A page of hour records in `scope` (recording stations), newest first, and the number
    /// matching, counted up to [`COUNT_CAP`] + 1 (with `limit` 0, only the number). The page is picked over the records' own
    /// columns first and only its rows are joined, so a deep page walks an index, not joins.
    pub async fn hour_records(
        &self,
        scope: &Scope,
        filter: &HoursFilter,
        limit: i64,
    ) -> Result<(Vec<HourRecordView>, i64), AppError> {
        let mut f = Filter::default();
        f.within("r.station_id", scope);
        if let Some(s) = &filter.status {
            // Written into the SQL (one of the enum's fixed words, never request text) so the
            // planner can use the index of waiting records, which is partial on that word.
            f.conds.push(format!("r.status = '{}'", s.as_str()));
        }
        if let Some(s) = filter.station_id {
            f.push("r.station_id = ?", vec![Arg::Int(s)]);
        }
        f.station_named("r.station_id", &filter.station_q);
        if let Some(p) = filter.project_id {
            f.push("a.project_id = ?", vec![Arg::Int(p)]);
        }
        if let Some(d) = filter.from {
            f.push("r.served_on >= ?", vec![Arg::Date(d)]);
        }
        if let Some(d) = filter.to {
            f.push("r.served_on <= ?", vec![Arg::Date(d)]);
        }
        if filter.late {
            f.conds.push("r.late = TRUE".to_owned());
        }
        // The activity is joined only when a project filter needs it.
        let join = if filter.project_id.is_some() {
            "JOIN activities a ON a.id = r.activity_id"
        } else {
            ""
        };
        // The fifty picked ids drive the joins (a derived table, not `IN (…)`, which PostgreSQL
        // may answer by joining every record first).
        // The limit and offset are written in (integers made here): with them as parameters
        // SQLite plans the pick without knowing it is small and sorts every record (38 s).
        let offset = (filter.page - 1).max(0) * limit;
        let pick = format!(
            "FROM (SELECT r.id FROM hour_records r {join} {}
                   ORDER BY r.served_on DESC, r.id DESC LIMIT {limit} OFFSET {offset}) pick
             JOIN hour_records r ON r.id = pick.id",
            f.where_sql()
        );
        let sql = format!(
            "{} ORDER BY r.served_on DESC, r.id DESC",
            RECORD_SELECT.replacen("FROM hour_records r", &pick, 1)
        );
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM hour_records r {join} {} LIMIT {}) capped",
            f.where_sql(),
            COUNT_CAP + 1
        );
        let args = f.args;
        // With `limit` 0 only the count was asked for (the home page's "waiting" figure).
        if limit == 0 {
            let total: i64 = with_pool!(self, pool => {
                bind_all!(sqlx::query_scalar(&count_sql), &args).fetch_one(pool).await?
            });
            return Ok((Vec::new(), total));
        }
        // The page's rows and the count are read at once, each on its own connection: a page
        // waits for the slower of the two, not their sum. A page past the last match costs
        // no more than its count (both walk the same candidates), and comes back empty.
        let (total, rows): (i64, Vec<RecordRow>) = with_pool!(self, pool => tokio::try_join!(
            bind_all!(sqlx::query_scalar(&count_sql), &args).fetch_one(pool),
            bind_all!(sqlx::query_as(&sql), &args).fetch_all(pool),
        )?);
        Ok((rows.into_iter().map(RecordRow::into_view).collect(), total))
    }

    /// Every record of one volunteer, corrections next to what they amend, newest first.
    pub async fn volunteer_records(
        &self,
        volunteer_id: i64,
    ) -> Result<Vec<HourRecordView>, AppError> {
        let sql = format!(
            "{RECORD_SELECT} WHERE r.volunteer_id = $1
             ORDER BY r.served_on DESC, COALESCE(r.amends_id, r.id) DESC, r.id DESC"
        );
        let rows: Vec<RecordRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(volunteer_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(RecordRow::into_view).collect())
    }

    /// Every record of one activity.
    pub async fn activity_records(
        &self,
        activity_id: i64,
    ) -> Result<Vec<HourRecordView>, AppError> {
        let sql = format!("{RECORD_SELECT} WHERE r.activity_id = $1 ORDER BY v.name, r.id");
        let rows: Vec<RecordRow> = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(activity_id).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(RecordRow::into_view).collect())
    }
}
