//! Volunteers: registration, masked identifiers and their logged reveal, guardian consent,
//! accounts, the roster (paged over running totals) and totals reports.

use chrono::{NaiveDate, Utc};
use sqlx::FromRow;

use super::Db;
use super::audit::Actor;
use super::audit::NewAudit;
use super::query::{Arg, BatchError, EFFECTIVE, Filter, bind_all, under};
use crate::error::AppError;
use crate::model::account::mask_mobile;
use crate::model::permission::{Scope, StationRef};
use crate::model::volunteer::{
    COUNT_CAP, GuardianConsent, NewVolunteer, RosterFilter, RosterRow, RosterSearch,
    StarThresholds, TotalsLine, VolunteerDetail, VolunteerStatus, mask_id_number, volunteer_number,
};

#[derive(FromRow)]
struct RosterDbRow {
    id: i64,
    name: String,
    mobile: String,
    station: String,
    team: String,
    #[sqlx(try_from = "String")]
    status: VolunteerStatus,
    service_minutes: i64,
    training_minutes: i64,
    activities: i64,
    last_served_on: Option<NaiveDate>,
    all_service: i64,
    scan_minutes: i64,
}

/// A roster row with the number of rows matching its filter.
#[derive(FromRow)]
struct CountedRow {
    #[sqlx(flatten)]
    row: RosterDbRow,
    matching: i64,
}

impl RosterDbRow {
    fn into_row(self, stars: StarThresholds) -> RosterRow {
        RosterRow {
            id: self.id,
            number: volunteer_number(self.id),
            name: self.name,
            mobile_masked: mask_mobile(&self.mobile),
            station: self.station,
            team: self.team,
            status: self.status,
            service_minutes: self.service_minutes,
            training_minutes: self.training_minutes,
            activities: self.activities,
            last_served_on: self.last_served_on,
            star: stars.level(self.all_service),
            scan_minutes: self.scan_minutes,
        }
    }
}

#[derive(FromRow)]
struct DetailRow {
    station_id: i64,
    id_type: Option<String>,
    id_number: Option<String>,
    birth_date: NaiveDate,
    gender: String,
    skills: String,
    public_consent: bool,
    guardian_name: Option<String>,
    guardian_relation: Option<String>,
    guardian_consent_on: Option<NaiveDate>,
    account: Option<String>,
}

/// A volunteer's identifiers and consent, as the rules for recording hours need them.
#[derive(Debug, Clone, FromRow)]
pub struct VolunteerFacts {
    pub id: i64,
    pub name: String,
    /// Home station.
    pub station_id: i64,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Guardian consent recorded on.
    pub guardian_consent_on: Option<NaiveDate>,
    /// Active or not.
    #[sqlx(try_from = "String")]
    pub status: VolunteerStatus,
}

/// Which totals a report groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TotalsBy {
    /// Per project.
    Project,
    /// Per station: the nodes one level below the report's node (a county's stations, a
    /// city's counties), or each recording station when the report spans several nodes.
    Station,
    /// Per calendar month.
    Month,
}

/// A totals report line from `(label, service minutes, training minutes, volunteers,
/// scanned service minutes)`.
fn totals_line(
    (label, service_minutes, training_minutes, volunteers, scan_minutes): (
        String,
        i64,
        i64,
        i64,
        i64,
    ),
) -> TotalsLine {
    TotalsLine {
        label,
        service_minutes,
        training_minutes,
        volunteers,
        scan_minutes,
    }
}

/// The days `from..=to` as read from the kept month rows and the records: the whole months
/// inside them (`inner_from..inner_end`, the end not included) and the other days of their
/// first and last months. With no whole month inside the range the two cross, no month row
/// is read and every day comes from the records; the days after today count as whole (no
/// record is dated after today).
struct DaySplit {
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    inner_from: Option<NaiveDate>,
    inner_end: Option<NaiveDate>,
}

impl DaySplit {
    fn new(from: Option<NaiveDate>, to: Option<NaiveDate>, today: NaiveDate) -> Self {
        use crate::model::time::{month_start, next_month_start};
        let inner_from = from.map(|d| {
            if month_start(d) == d {
                d
            } else {
                next_month_start(d)
            }
        });
        let inner_end = to.map(|d| {
            let last_of_month = d.succ_opt().is_some_and(|n| month_start(n) == n);
            if last_of_month || d >= today {
                next_month_start(d)
            } else {
                month_start(d)
            }
        });
        Self {
            from,
            to,
            inner_from,
            inner_end,
        }
    }

    /// Month rows (`month` their first day) of the whole months.
    fn whole_months(&self, f: &mut Filter, month: &str) {
        if let Some(d) = self.inner_from {
            f.push(&format!("{month} >= ?"), vec![Arg::Date(d)]);
        }
        if let Some(d) = self.inner_end {
            f.push(&format!("{month} < ?"), vec![Arg::Date(d)]);
        }
    }

    /// Records (`day` their date) of the range's days outside the whole months: none when
    /// the range is whole months, so no record is read for them.
    fn other_days(&self, f: &mut Filter, day: &str) {
        let crossed = matches!((self.inner_from, self.inner_end), (Some(a), Some(b)) if a >= b);
        if crossed {
            if let Some(d) = self.from {
                f.push(&format!("{day} >= ?"), vec![Arg::Date(d)]);
            }
            if let Some(d) = self.to {
                f.push(&format!("{day} <= ?"), vec![Arg::Date(d)]);
            }
            return;
        }
        let mut spans: Vec<(String, Vec<Arg>)> = Vec::new();
        if let (Some(from), Some(inner)) = (self.from, self.inner_from)
            && from < inner
        {
            spans.push((
                format!("({day} >= ? AND {day} < ?)"),
                vec![Arg::Date(from), Arg::Date(inner)],
            ));
        }
        if let (Some(inner), Some(to)) = (self.inner_end, self.to)
            && inner <= to
        {
            spans.push((
                format!("({day} >= ? AND {day} <= ?)"),
                vec![Arg::Date(inner), Arg::Date(to)],
            ));
        }
        if spans.is_empty() {
            f.conds.push("1 = 0".to_owned());
            return;
        }
        let (conds, args): (Vec<String>, Vec<Vec<Arg>>) = spans.into_iter().unzip();
        f.push(
            &format!("({})", conds.join(" OR ")),
            args.into_iter().flatten().collect(),
        );
    }
}

/// Roster SQL pieces: the FROM clause (with the totals source) and the filter. `gram` is the
/// rarest piece of a name search ([`Db::rarest_name_gram`]), which narrows it before `LIKE`.
/// With hours in a project or between dates the page is sorted by those hours, so they are
/// summed for every volunteer the filter picks ([`hour_sums`]).
fn roster_query(
    scope: &Scope,
    filter: &RosterFilter,
    stars: StarThresholds,
    gram: Option<&str>,
    today: NaiveDate,
) -> (String, Filter) {
    let mut f = Filter::default();
    let totals = if filter.filters_hours() {
        let split = DaySplit::new(filter.from, filter.to, today);
        // Each part reads only the picked volunteers' rows (the placeholders go on numbering
        // from one part to the next, so the conditions are written again for each).
        let picked = |f: &mut Filter, column: &str| {
            who(f, scope, filter, gram);
            if !f.conds.is_empty() {
                let sql = format!(
                    "{column} IN (SELECT v.id FROM volunteers v {})",
                    f.where_sql()
                );
                f.conds.clear();
                f.conds.push(sql);
            }
        };
        format!(
            "JOIN {} f ON f.volunteer_id = v.id",
            hour_sums(filter, &split, &mut f, &picked)
        )
    } else {
        String::new()
    };
    // Every volunteer has a running total (zero until they serve), so joining it never
    // drops anyone; the station is joined by whoever shows its name.
    let from =
        format!("FROM volunteers v JOIN volunteer_totals t ON t.volunteer_id = v.id {totals}");
    who(&mut f, scope, filter, gram);
    star(&mut f, filter, stars);
    (from, f)
}

/// The star level filter, on the running totals `t`.
fn star(f: &mut Filter, filter: &RosterFilter, stars: StarThresholds) {
    if let Some(level) = filter.star {
        let (lo, hi) = stars.minutes_range(level);
        f.push("t.service_minutes >= ?", vec![Arg::Int(lo)]);
        if let Some(hi) = hi {
            f.push("t.service_minutes < ?", vec![Arg::Int(hi)]);
        }
    }
}

/// A derived table of the hours `filter` (project, days `split`) gives each volunteer
/// `picked` lets through (pushed onto `f` for a volunteer id column, once per part): the
/// whole months from the kept month rows, the other days from the records. Only volunteers
/// with minutes in them have a line.
fn hour_sums(
    filter: &RosterFilter,
    split: &DaySplit,
    f: &mut Filter,
    picked: &dyn Fn(&mut Filter, &str),
) -> String {
    picked(f, "m.volunteer_id");
    if let Some(p) = filter.project_id {
        f.push("m.project_id = ?", vec![Arg::Int(p)]);
    }
    split.whole_months(f, "m.month_start");
    let months_where = f.where_sql();
    f.conds.clear();
    picked(f, "r.volunteer_id");
    f.conds.push(EFFECTIVE.to_owned());
    f.conds.push("r.minutes > 0".to_owned());
    if let Some(p) = filter.project_id {
        f.conds.push("r.activity_id = a.id".to_owned());
        f.push("a.project_id = ?", vec![Arg::Int(p)]);
        // A record is dated its activity's day: the project's activities of those days
        // lead to their records (the activities' index), not every record of the days.
        split.other_days(f, "a.held_on");
    }
    split.other_days(f, "r.served_on");
    let records_where = f.where_sql();
    f.conds.clear();
    let records_from = records_from(filter.project_id);
    // An activity's records share its day, station, project and kind, so they fall in one
    // month row: the rows' distinct activities add up without counting one twice.
    format!(
        "(SELECT u.volunteer_id,
                 CAST(SUM(u.service_minutes) AS BIGINT) AS service_minutes,
                 CAST(SUM(u.training_minutes) AS BIGINT) AS training_minutes,
                 CAST(SUM(u.activities) AS BIGINT) AS activities,
                 MAX(u.last_served_on) AS last_served_on,
                 CAST(SUM(u.scan_minutes) AS BIGINT) AS scan_minutes
          FROM (SELECT m.volunteer_id,
                       CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END AS service_minutes,
                       CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END AS training_minutes,
                       m.activities, m.last_served_on,
                       CASE WHEN m.kind = 'service' THEN m.scan_minutes ELSE 0 END AS scan_minutes
                FROM volunteer_months m {months_where}
                UNION ALL
                SELECT r.volunteer_id,
                       SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END),
                       SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END),
                       COUNT(DISTINCT r.activity_id), MAX(r.served_on),
                       SUM(CASE WHEN r.kind = 'service' AND r.source = 'scan' THEN r.minutes ELSE 0 END)
                FROM {records_from} {records_where} GROUP BY r.volunteer_id) u
          GROUP BY u.volunteer_id HAVING SUM(u.activities) > 0)"
    )
}

/// The records (`r`, with their activity `a`) an hour filter reads. With a project they are
/// reached from its activities of the days asked (a `CROSS JOIN` fixes SQLite's order; for
/// PostgreSQL it is a join like any other): a project holds a few activities a day, the
/// days themselves thousands of records.
fn records_from(project: Option<i64>) -> &'static str {
    if project.is_some() {
        "activities a CROSS JOIN hour_records r"
    } else {
        "hour_records r JOIN activities a ON a.id = r.activity_id"
    }
}

/// Pushes onto `f` "the volunteer `v` has minutes in the project and days of `filter`": a
/// look at their own month rows and records, so a page in name order stops after its rows
/// instead of summing everyone first. With a project the project's own rows are the few to
/// start from (a project runs at a handful of stations).
fn served(f: &mut Filter, filter: &RosterFilter, split: &DaySplit) {
    let project = filter.project_id;
    // Both parts are built on `f`'s arguments (their placeholders go on numbering from them)
    // and written into one condition after.
    let conds = std::mem::take(&mut f.conds);
    if let Some(p) = project {
        f.push("m.project_id = ?", vec![Arg::Int(p)]);
    }
    split.whole_months(f, "m.month_start");
    f.conds.push("m.activities > 0".to_owned());
    let months = f.where_sql();
    f.conds.clear();
    f.conds.push(EFFECTIVE.to_owned());
    f.conds.push("r.minutes > 0".to_owned());
    if let Some(p) = project {
        f.conds.push("r.activity_id = a.id".to_owned());
        f.push("a.project_id = ?", vec![Arg::Int(p)]);
        split.other_days(f, "a.held_on");
    }
    split.other_days(f, "r.served_on");
    let records = f.where_sql();
    f.conds = conds;
    let cond = if project.is_some() {
        format!(
            "v.id IN (SELECT m.volunteer_id FROM volunteer_months m {months}
                      UNION ALL
                      SELECT r.volunteer_id FROM {} {records})",
            records_from(project)
        )
    } else {
        format!(
            "(EXISTS (SELECT 1 FROM volunteer_months m {months} AND m.volunteer_id = v.id)
              OR EXISTS (SELECT 1 FROM hour_records r {records} AND r.volunteer_id = v.id))"
        )
    };
    f.conds.push(cond);
}

/// The roster filter's conditions on the volunteers themselves (`v`): scope, search, home
/// station and status.
fn who(f: &mut Filter, scope: &Scope, filter: &RosterFilter, gram: Option<&str>) {
    home_stations(f, "v.station_id", scope, filter);
    match RosterSearch::parse(&filter.q) {
        None => {}
        Some(RosterSearch::Mobile(mobile)) => f.push("v.mobile = ?", vec![Arg::Text(mobile)]),
        Some(RosterSearch::IdNumber(number)) => {
            f.push("v.id_number = ?", vec![Arg::Text(number)]);
        }
        Some(RosterSearch::NamePattern(pattern)) => {
            let id =
                crate::model::volunteer::parse_volunteer_number("q", filter.q.trim()).unwrap_or(-1);
            match gram {
                // The candidates (the piece's names and the number asked for) as one `IN`,
                // with no OR around it, so both planners start from them.
                Some(gram) => f.push(
                    "v.id IN (SELECT g.volunteer_id FROM volunteer_name_grams g WHERE g.gram = ?
                              UNION ALL SELECT ?)
                     AND (v.name LIKE ? ESCAPE '\\' OR v.id = ?)",
                    vec![
                        Arg::Text(gram.to_owned()),
                        Arg::Int(id),
                        Arg::Text(pattern),
                        Arg::Int(id),
                    ],
                ),
                None => f.push(
                    "(v.name LIKE ? ESCAPE '\\' OR v.id = ?)",
                    vec![Arg::Text(pattern), Arg::Int(id)],
                ),
            }
        }
    }
    if let Some(status) = &filter.status {
        f.push("v.status = ?", vec![Arg::Text(status.as_str().to_owned())]);
    }
}

/// The roster filter's conditions on a volunteer's home station (`column`): the account's
/// scope, the one station picked and the station name typed.
fn home_stations(f: &mut Filter, column: &str, scope: &Scope, filter: &RosterFilter) {
    f.within(column, scope);
    if let Some(st) = filter.station_id {
        f.push(&format!("{column} = ?"), vec![Arg::Int(st)]);
    }
    f.station_named(column, &filter.station_q);
}

/// The kept period (length in months, first day) a roster filter asks about when it asks
/// nothing else the kept per-period rows cannot answer: a calendar month, quarter or year, any
/// project, no search, status or star level. Home-station filters are fine (the rows keep it).
fn plain_period(filter: &RosterFilter, today: NaiveDate) -> Option<(u32, NaiveDate)> {
    let plain = filter.project_id.is_none()
        && RosterSearch::parse(&filter.q).is_none()
        && filter.status.is_none()
        && filter.star.is_none();
    match (filter.from, filter.to) {
        (Some(from), Some(to)) if plain => crate::model::time::kept_period(from, to, today),
        _ => None,
    }
}

/// Where a roster in "last served" order puts volunteers who never served: first going up,
/// last going down (SQLite's own order; PostgreSQL's index `volunteer_totals_last` keeps it).
fn nulls(desc: bool) -> &'static str {
    if desc { "NULLS LAST" } else { "NULLS FIRST" }
}

/// Whether a page of the roster by hours or last day served in a kept period, ending `end`
/// rows down, is read by walking the period's rows in that order (the stations in scope hold
/// `total` of the `everyone` who served: the walk reads about `end × everyone / total` rows)
/// rather than reading the scope's `total` rows and sorting them. A province or a county alone
/// walks; a station among a province's thousands reads its own.
fn walk_the_period(total: i64, everyone: i64, end: i64) -> bool {
    i128::from(end) * i128::from(everyone) <= 4 * i128::from(total) * i128::from(total)
}

/// Inside a transaction (`$conn`): makes the sign-in account `$username` for volunteer
/// `$volunteer_id` (named `$name`) and links it, or returns `$taken` when the name is in use.
/// Evaluates to the new account's id. Both ways a volunteer gets an account (a coordinator
/// makes it, or the volunteer activates it with a code) go through here.
macro_rules! link_volunteer_account {
    ($conn:expr, $volunteer_id:expr, $username:expr, $name:expr, $hash:expr, $taken:expr) => {{
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE username = $1")
            .bind($username)
            .fetch_one($conn)
            .await?;
        if taken > 0 {
            return Err($taken);
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, mobile, display_name, password_hash, active, created_at)
             VALUES ($1, NULL, $2, $3, TRUE, $4) RETURNING id",
        )
        .bind($username)
        .bind($name)
        .bind($hash)
        .bind(chrono::Utc::now())
        .fetch_one($conn)
        .await
        .map_err(|e| $crate::server::db::conflict_or_internal(e, "username_taken"))?;
        sqlx::query("UPDATE volunteers SET account_id = $1 WHERE id = $2")
            .bind(id)
            .bind($volunteer_id)
            .execute($conn)
            .await?;
        id
    }};
}
pub(super) use link_volunteer_account;

impl Db {
    /// Registers volunteers in one transaction (one from the form, many from an import). A
    /// mobile or ID number already registered is refused before anything is written, naming
    /// the row (0-based) it was found in.
    pub async fn register_volunteers(
        &self,
        new: &[NewVolunteer],
        actor: &Actor,
    ) -> Result<Vec<i64>, (usize, AppError)> {
        self.register_volunteers_inner(new, actor)
            .await
            .map_err(|e| match e {
                BatchError::Row(i, e) => (i, e),
                BatchError::Db(e) => (0, e),
            })
    }

    async fn register_volunteers_inner(
        &self,
        new: &[NewVolunteer],
        actor: &Actor,
    ) -> Result<Vec<i64>, BatchError> {
        // Duplicates inside the batch first, then against the database in one query each.
        for (i, v) in new.iter().enumerate() {
            if new[..i].iter().any(|o| o.mobile == v.mobile) {
                return Err(BatchError::Row(
                    i,
                    AppError::invalid("mobile", "mobile_registered"),
                ));
            }
        }
        let mobiles: Vec<String> = new.iter().map(|v| v.mobile.as_str().to_owned()).collect();
        let taken = self.registered_mobiles(&mobiles).await?;
        if let Some(i) = new
            .iter()
            .position(|v| taken.contains(&v.mobile.as_str().to_owned()))
        {
            return Err(BatchError::Row(
                i,
                AppError::invalid("mobile", "mobile_registered"),
            ));
        }
        let ids = with_tx!(self, tx => {
            let mut ids = Vec::with_capacity(new.len());
            for (i, v) in new.iter().enumerate() {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO volunteers (name, mobile, id_type, id_number, birth_date, gender,
                         station_id, team, skills, status, public_consent, guardian_name,
                         guardian_relation, guardian_consent_on, created_by, created_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11, $12, $13, $14, $15)
                     RETURNING id",
                )
                .bind(&v.name)
                .bind(v.mobile.as_str())
                .bind(v.id.as_ref().map(|(k, _)| k.as_str()))
                .bind(v.id.as_ref().map(|(_, n)| n.as_str()))
                .bind(v.birth_date)
                .bind(&v.gender)
                .bind(v.station_id)
                .bind(&v.team)
                .bind(&v.skills)
                .bind(v.public_consent)
                .bind(v.guardian.as_ref().map(|g| g.name.as_str()))
                .bind(v.guardian.as_ref().map(|g| g.relation.as_str()))
                .bind(v.guardian.as_ref().map(|g| g.on))
                .bind(actor.user_id)
                .bind(Utc::now())
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| match super::conflict_or_internal(e, "id_number_registered") {
                    AppError::Conflict(_) => {
                        BatchError::Row(i, AppError::invalid("id_number", "id_number_registered"))
                    }
                    other => BatchError::Db(other),
                })?;
                // Every volunteer has a totals row, so the roster joins and sorts on its index.
                sqlx::query(
                    "INSERT INTO volunteer_totals (volunteer_id, service_minutes, training_minutes,
                         activities, last_served_on) VALUES ($1, 0, 0, 0, NULL)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await?;
                ids.push(id);
            }
            let named: Vec<(i64, String)> =
                ids.iter().copied().zip(new.iter().map(|v| v.name.clone())).collect();
            super::name_grams::write_name_grams!(tx, &named);
            audit!(&mut *tx, &NewAudit {
                station_id: new.first().map(|v| v.station_id),
                action: "volunteers_registered",
                target: ids.first().map(|id| format!("volunteer:{id}")),
                detail: Some(format!("{} volunteer(s)", ids.len())),
                ..NewAudit::from(actor)
            });
            ids
        });
        Ok(ids)
    }

    async fn registered_mobiles(&self, mobiles: &[String]) -> Result<Vec<String>, AppError> {
        let mut found = Vec::new();
        // Chunks keep the statement under both backends' parameter limits.
        for chunk in mobiles.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let marks: Vec<String> = (1..=chunk.len()).map(|n| format!("${n}")).collect();
            let sql = format!(
                "SELECT mobile FROM volunteers WHERE mobile IN ({})",
                marks.join(", ")
            );
            let args: Vec<Arg> = chunk.iter().map(|m| Arg::Text(m.clone())).collect();
            let rows: Vec<String> = with_pool!(self, pool => {
                bind_all!(sqlx::query_scalar(&sql), &args).fetch_all(pool).await?
            });
            found.extend(rows);
        }
        Ok(found)
    }

    /// The station a volunteer belongs to.
    pub async fn volunteer_station(&self, id: i64) -> Result<Option<StationRef>, AppError> {
        const SQL: &str = "SELECT s.id, s.path FROM volunteers v
                           JOIN stations s ON s.id = v.station_id WHERE v.id = $1";
        let row: Option<(i64, String)> = with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(id).fetch_optional(pool).await?
        });
        Ok(row.map(|(id, path)| StationRef { id, path }))
    }

    /// What the hour rules need to know about several volunteers, in one query.
    pub async fn volunteer_facts(&self, ids: &[i64]) -> Result<Vec<VolunteerFacts>, AppError> {
        let mut f = Filter::default();
        f.scope("id", Some(ids));
        let sql = format!(
            "SELECT id, name, station_id, birth_date, guardian_consent_on, status
             FROM volunteers {}",
            f.where_sql()
        );
        Ok(with_pool!(self, pool => sqlx::query_as(&sql).fetch_all(pool).await?))
    }

    /// One volunteer's page data (identifiers masked).
    pub async fn volunteer(&self, id: i64) -> Result<Option<VolunteerDetail>, AppError> {
        let stars = self.star_thresholds().await?;
        let filter = RosterFilter::default();
        // No hour filter: the day only splits hour filters.
        let today = crate::model::time::china_today();
        let (from, mut f) = roster_query(&Scope::All, &filter, stars, None, today);
        f.push("v.id = ?", vec![Arg::Int(id)]);
        let sql = format!("{ROSTER_SELECT} {from} {WITH_STATION} {}", f.where_sql());
        let row: Option<RosterDbRow> = with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &f.args).fetch_optional(pool).await?
        });
        let Some(row) = row else {
            return Ok(None);
        };
        const SQL: &str = "
            SELECT v.station_id, v.id_type, v.id_number, v.birth_date, v.gender, v.skills,
                   v.public_consent, v.guardian_name, v.guardian_relation, v.guardian_consent_on,
                   u.username AS account
            FROM volunteers v LEFT JOIN users u ON u.id = v.account_id WHERE v.id = $1";
        let d: DetailRow = with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(id).fetch_one(pool).await?
        });
        let guardian = match (d.guardian_name, d.guardian_relation, d.guardian_consent_on) {
            (Some(name), Some(relation), Some(on)) => Some(GuardianConsent { name, relation, on }),
            _ => None,
        };
        Ok(Some(VolunteerDetail {
            row: row.into_row(stars),
            station_id: d.station_id,
            id_masked: d
                .id_type
                .zip(d.id_number)
                .map(|(t, n)| (t, mask_id_number(&n))),
            birth_date: d.birth_date,
            gender: d.gender,
            skills: d.skills,
            public_consent: d.public_consent,
            guardian,
            account: d.account,
        }))
    }

    /// Shows one masked identifier in full, on purpose: the reveal, its reason and who asked go
    /// into the audit log in the same transaction.
    pub async fn reveal_identifier(
        &self,
        volunteer_id: i64,
        what: &str,
        reason: &str,
        actor: &Actor,
    ) -> Result<String, AppError> {
        let sql = match what {
            "mobile" => "SELECT mobile, station_id FROM volunteers WHERE id = $1",
            "id_number" => "SELECT id_number, station_id FROM volunteers WHERE id = $1",
            _ => return Err(AppError::invalid("what", "required")),
        };
        let value = with_tx!(self, tx => {
            let row: Option<(Option<String>, i64)> =
                sqlx::query_as(sql).bind(volunteer_id).fetch_optional(&mut *tx).await?;
            let Some((Some(value), station_id)) = row else {
                return Err(AppError::NotFound);
            };
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station_id),
                action: "identifier_revealed",
                target: Some(format!("volunteer:{volunteer_id}")),
                detail: Some(format!("{what}: {reason}")),
                ..NewAudit::from(actor)
            });
            value
        });
        Ok(value)
    }

    /// Identifiers `actor_id` revealed for a volunteer since `since`, with their values:
    /// (what, value). The reveal itself was logged; this only shows it again briefly.
    pub async fn recent_reveals(
        &self,
        actor_id: i64,
        volunteer_id: i64,
        since: chrono::DateTime<Utc>,
    ) -> Result<Vec<(String, String)>, AppError> {
        const SQL: &str = "SELECT detail FROM audit_log
                           WHERE actor_id = $1 AND action = 'identifier_revealed' AND target = $2
                             AND at > $3";
        let details: Vec<Option<String>> = with_pool!(self, pool => {
            sqlx::query_scalar(SQL)
                .bind(actor_id)
                .bind(format!("volunteer:{volunteer_id}"))
                .bind(since)
                .fetch_all(pool)
                .await?
        });
        if details.is_empty() {
            return Ok(Vec::new());
        }
        let row: Option<(String, Option<String>)> = with_pool!(self, pool => {
            sqlx::query_as("SELECT mobile, id_number FROM volunteers WHERE id = $1")
                .bind(volunteer_id)
                .fetch_optional(pool)
                .await?
        });
        let Some((mobile, id_number)) = row else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for what in ["mobile", "id_number"] {
            let asked = details
                .iter()
                .flatten()
                .any(|d| d.starts_with(&format!("{what}:")));
            let value = if what == "mobile" {
                Some(mobile.clone())
            } else {
                id_number.clone()
            };
            if let (true, Some(value)) = (asked, value) {
                out.push((what.to_owned(), value));
            }
        }
        Ok(out)
    }

    /// Marks a volunteer active or inactive (never deleted: their records stay), audited with
    /// the reason.
    pub async fn set_volunteer_status(
        &self,
        volunteer_id: i64,
        status: &str,
        reason: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        if status != "active" && status != "inactive" {
            return Err(AppError::invalid("status", "required"));
        }
        with_tx!(self, tx => {
            let station: Option<i64> = sqlx::query_scalar(
                "UPDATE volunteers SET status = $1 WHERE id = $2 RETURNING station_id",
            )
            .bind(status)
            .bind(volunteer_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(station) = station else {
                return Err(AppError::NotFound);
            };
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station),
                action: "volunteer_status_changed",
                target: Some(format!("volunteer:{volunteer_id}")),
                detail: Some(format!("{status}: {reason}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Records a guardian's consent for a volunteer under 18 (audited).
    pub async fn record_guardian_consent(
        &self,
        volunteer_id: i64,
        consent: &GuardianConsent,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_tx!(self, tx => {
            let station: Option<i64> = sqlx::query_scalar(
                "UPDATE volunteers SET guardian_name = $1, guardian_relation = $2,
                     guardian_consent_on = $3 WHERE id = $4 RETURNING station_id",
            )
            .bind(&consent.name)
            .bind(&consent.relation)
            .bind(consent.on)
            .bind(volunteer_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(station) = station else {
                return Err(AppError::NotFound);
            };
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station),
                action: "guardian_consent_recorded",
                target: Some(format!("volunteer:{volunteer_id}")),
                detail: Some(format!("{} ({}) {}", consent.name, consent.relation, consent.on)),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Creates a sign-in for a volunteer (no staff role: they see only their own records).
    pub async fn create_volunteer_account(
        &self,
        volunteer_id: i64,
        username: &crate::model::account::Username,
        password_hash: &str,
        actor: &Actor,
    ) -> Result<i64, AppError> {
        let id = with_tx!(self, tx => {
            let row: Option<(String, Option<i64>, i64)> = sqlx::query_as(
                "SELECT name, account_id, station_id FROM volunteers WHERE id = $1",
            )
            .bind(volunteer_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((name, existing, station_id)) = row else {
                return Err(AppError::NotFound);
            };
            if existing.is_some() {
                return Err(AppError::Conflict("volunteer_has_account".into()));
            }
            let id = link_volunteer_account!(
                &mut *tx,
                volunteer_id,
                username.as_str(),
                &name,
                password_hash,
                AppError::invalid("username", "username_taken")
            );
            audit!(&mut *tx, &NewAudit {
                station_id: Some(station_id),
                action: "volunteer_account_created",
                target: Some(format!("volunteer:{volunteer_id}")),
                detail: Some(username.as_str().to_owned()),
                ..NewAudit::from(actor)
            });
            id
        });
        Ok(id)
    }

    /// One page of the roster and the number of volunteers matching the filter, counted up
    /// to [`COUNT_CAP`] + 1 (more means "over the cap": a province's 200,000 volunteers are
    /// not counted on every page). Without an hour filter the totals come from the running
    /// totals table and the page is picked over ids alone, so page 2,000 costs an index walk,
    /// not 100,000 joined rows.
    pub async fn roster(
        &self,
        scope: &Scope,
        filter: &RosterFilter,
        limit: i64,
    ) -> Result<(Vec<RosterRow>, i64), AppError> {
        let (stars, gram) = tokio::try_join!(self.star_thresholds(), async {
            match RosterSearch::parse(&filter.q) {
                Some(RosterSearch::NamePattern(_)) => self.rarest_name_gram(&filter.q).await,
                _ => Ok(None),
            }
        })?;
        let today = crate::model::time::china_today();
        let (from, f) = roster_query(scope, filter, stars, gram.as_deref(), today);
        let src = if filter.filters_hours() { "f" } else { "t" };
        let dir = if filter.desc { "DESC" } else { "ASC" };
        let order = match filter.sort.as_str() {
            "hours" => format!("{src}.service_minutes {dir}, {src}.volunteer_id {dir}"),
            "last" => format!(
                "{src}.last_served_on {dir} {}, {src}.volunteer_id {dir}",
                nulls(filter.desc)
            ),
            "number" => format!("v.id {dir}"),
            _ => format!("v.name {dir}, v.id"),
        };
        let offset = (filter.page - 1).max(0) * limit;
        let select = ROSTER_SELECT.replace("t.", &format!("{src}."));
        let select = select.replace(
            &format!("COALESCE({src}.service_minutes, 0) AS all_service"),
            "COALESCE(t.service_minutes, 0) AS all_service",
        );
        // Picking and counting read the running totals only when the sort or a filter needs
        // them (every volunteer has one, so leaving them out changes no answer).
        let lean = if filter.star.is_some()
            || (!filter.filters_hours() && ["hours", "last"].contains(&filter.sort.as_str()))
        {
            from.as_str()
        } else {
            "FROM volunteers v"
        };
        // The limit and offset are written in (integers made here): as parameters, SQLite
        // plans the pick without knowing it is small and sorts every volunteer.
        let sums_sort = ["hours", "last"].contains(&filter.sort.as_str());
        // A page (not an export of thousands): its ids are written into the summing query.
        let short_page = limit <= 1_000;
        if let Some(period) = plain_period(filter, today)
            && sums_sort
            && short_page
        {
            let (total, everyone) = self.kept_served_count(scope, filter, period).await?;
            if crate::model::volunteer::past_the_end(total, offset) {
                return Ok((Vec::new(), total.min(COUNT_CAP + 1)));
            }
            let walk = walk_the_period(total, everyone, offset + limit);
            let ids = self
                .period_page(scope, filter, period, walk, limit, offset)
                .await?;
            let mut g = Filter::default();
            g.push("f.months = ?", vec![Arg::Int(i64::from(period.0))]);
            g.push("f.period_start = ?", vec![Arg::Date(period.1)]);
            g.scope("v.id", Some(&ids));
            let sql = format!(
                "{select} FROM volunteers v JOIN volunteer_totals t ON t.volunteer_id = v.id
                 JOIN volunteer_periods f ON f.volunteer_id = v.id {WITH_STATION} {}
                 ORDER BY {order}",
                g.where_sql()
            );
            let rows: Vec<RosterDbRow> = with_pool!(self, pool => {
                bind_all!(sqlx::query_as(&sql), &g.args).fetch_all(pool).await?
            });
            return Ok((
                rows.into_iter().map(|r| r.into_row(stars)).collect(),
                total.min(COUNT_CAP + 1),
            ));
        }
        if filter.filters_hours() && !sums_sort && short_page {
            // In name or number order the page is picked first (who served in the project
            // and days), and the hours are summed for its rows alone.
            let split = DaySplit::new(filter.from, filter.to, today);
            let mut p = Filter::default();
            who(&mut p, scope, filter, gram.as_deref());
            star(&mut p, filter, stars);
            match plain_period(filter, today) {
                // A calendar month, quarter or year: one probe of the volunteer's kept row
                // for it (one condition, which PostgreSQL runs as a semi-join down the name
                // order; two ORed looks made it read every row of the period first).
                Some((months, start)) => p.push(
                    "EXISTS (SELECT 1 FROM volunteer_periods q WHERE q.volunteer_id = v.id
                             AND q.months = ? AND q.period_start = ?)",
                    vec![Arg::Int(i64::from(months)), Arg::Date(start)],
                ),
                None => served(&mut p, filter, &split),
            }
            let lean = if filter.star.is_some() {
                "FROM volunteers v JOIN volunteer_totals t ON t.volunteer_id = v.id"
            } else {
                "FROM volunteers v"
            };
            let total = match plain_period(filter, today) {
                Some(period) => self.kept_served_count(scope, filter, period).await?.0,
                None => self.roster_count(lean, &p).await?,
            }
            .min(COUNT_CAP + 1);
            if crate::model::volunteer::past_the_end(total, offset) {
                return Ok((Vec::new(), total));
            }
            let pick = format!(
                "SELECT v.id {lean} {} ORDER BY {order} LIMIT {limit} OFFSET {offset}",
                p.where_sql()
            );
            let ids: Vec<i64> = with_pool!(self, pool => {
                bind_all!(sqlx::query_scalar(&pick), &p.args).fetch_all(pool).await?
            });
            if ids.is_empty() {
                return Ok((Vec::new(), total));
            }
            let mut g = Filter::default();
            let sums = hour_sums(filter, &split, &mut g, &|g: &mut Filter, column: &str| {
                g.scope(column, Some(&ids));
            });
            g.scope("v.id", Some(&ids));
            let sql = format!(
                "{select} FROM volunteers v JOIN volunteer_totals t ON t.volunteer_id = v.id
                 JOIN {sums} f ON f.volunteer_id = v.id {WITH_STATION} {} ORDER BY {order}",
                g.where_sql()
            );
            let rows: Vec<RosterDbRow> = with_pool!(self, pool => {
                bind_all!(sqlx::query_as(&sql), &g.args).fetch_all(pool).await?
            });
            return Ok((rows.into_iter().map(|r| r.into_row(stars)).collect(), total));
        }
        if filter.filters_hours() {
            // The sums are needed to sort, so the page carries the number matching with it
            // (summing once, not once to count and again for the page).
            let sql = format!(
                "{select}, COUNT(*) OVER () AS matching {from} {WITH_STATION} {}
                 ORDER BY {order} LIMIT {limit} OFFSET {offset}",
                f.where_sql()
            );
            let rows: Vec<CountedRow> = with_pool!(self, pool => {
                bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
            });
            let total = match rows.first() {
                Some(row) => row.matching.min(COUNT_CAP + 1),
                None if offset == 0 => 0,
                None => self.roster_count(&from, &f).await?,
            };
            return Ok((
                rows.into_iter().map(|r| r.row.into_row(stars)).collect(),
                total,
            ));
        }
        // The picked ids drive the joins (a derived table: PostgreSQL may answer `IN (…)`
        // by joining every volunteer first).
        let sql = format!(
            "{select} FROM (SELECT v.id {lean} {} ORDER BY {order} LIMIT {limit} OFFSET {offset}) pick
             {} {WITH_STATION} ORDER BY {order}",
            f.where_sql(),
            from.replacen("FROM volunteers v", "JOIN volunteers v ON v.id = pick.id", 1)
        );
        // Counting needs the running totals only for a star level: every volunteer has a row,
        // and joining them to count a city's 14,000 took PostgreSQL 30 ms.
        let counted = if filter.star.is_some() {
            from.as_str()
        } else {
            "FROM volunteers v"
        };
        // The page and the count are read at once: a page waits for the slower of the two.
        // A page past the last match costs no more than its count and comes back empty.
        let (total, rows) = tokio::try_join!(self.roster_count(counted, &f), async {
            let rows: Vec<RosterDbRow> = with_pool!(self, pool => {
                bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
            });
            Ok(rows)
        })?;
        Ok((rows.into_iter().map(|r| r.into_row(stars)).collect(), total))
    }

    /// The ids of one page of the roster "served in `period`" sorted by hours or by last day
    /// served, from the kept per-volunteer period rows: by a `walk` down the period's index in
    /// that order, checking each row's station, or by reading the rows of the stations in
    /// scope and sorting them ([`walk_the_period`] says which reads less).
    pub(super) async fn period_page(
        &self,
        scope: &Scope,
        filter: &RosterFilter,
        (months, start): (u32, NaiveDate),
        walk: bool,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<i64>, AppError> {
        let mut p = Filter::default();
        p.push("p.months = ?", vec![Arg::Int(i64::from(months))]);
        p.push("p.period_start = ?", vec![Arg::Date(start)]);
        // `+` and `+ 0` keep each planner off the other index: a bare station column invites
        // reading every station's rows, a bare minutes order a walk past other stations'.
        let (station, plus) = if walk {
            ("+p.station_id", "")
        } else {
            ("p.station_id", " + 0")
        };
        let period_conds = p.conds.len();
        home_stations(&mut p, station, scope, filter);
        if walk {
            // Wrapped, the station conditions stay a per-row check on the walk: PostgreSQL
            // turns a bare `IN (SELECT …)` into a join it may judge cheaper to read whole
            // (every row of the period, then a sort: 31 ms for a county of a province).
            let on_station = p.conds.split_off(period_conds);
            if !on_station.is_empty() {
                p.conds
                    .push(format!("({}) IS TRUE", on_station.join(" AND ")));
            }
        }
        let dir = if filter.desc { "DESC" } else { "ASC" };
        let first = match (filter.sort.as_str(), walk) {
            ("last", true) => format!("p.last_served_on {dir} {}", nulls(filter.desc)),
            // `+ 0` would make SQLite's text dates numbers: a value the index does not hold.
            ("last", false) => format!(
                "COALESCE(p.last_served_on, p.last_served_on) {dir} {}",
                nulls(filter.desc)
            ),
            _ => format!("p.service_minutes{plus} {dir}"),
        };
        let sql = format!(
            "SELECT p.volunteer_id FROM volunteer_periods p {}
             ORDER BY {first}, p.volunteer_id{plus} {dir}
             LIMIT {limit} OFFSET {offset}",
            p.where_sql()
        );
        Ok(with_pool!(self, pool => {
            bind_all!(sqlx::query_scalar(&sql), &p.args).fetch_all(pool).await?
        }))
    }

    /// How many volunteers the roster shows for "served in the calendar month, quarter or
    /// year of `months` from `start`" (in scope, at a home station, as [`plain_period`]
    /// allows), and how many served in it anywhere: from the kept active-volunteer counts per
    /// home station, one row per station, where counting would look at every volunteer.
    async fn kept_served_count(
        &self,
        scope: &Scope,
        filter: &RosterFilter,
        (months, start): (u32, NaiveDate),
    ) -> Result<(i64, i64), AppError> {
        let mut f = Filter::default();
        f.push("a.months = ?", vec![Arg::Int(i64::from(months))]);
        f.push("a.period_start = ?", vec![Arg::Date(start)]);
        let period = f.where_sql();
        f.conds.clear();
        home_stations(&mut f, "a.station_id", scope, filter);
        f.conds.push("1 = 1".to_owned());
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(CASE WHEN {} THEN a.volunteers ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(a.volunteers), 0) AS BIGINT)
             FROM station_active_volunteers a {period}",
            f.conds.join(" AND ")
        );
        Ok(with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &f.args).fetch_one(pool).await?
        }))
    }

    /// The number of roster rows `from` and `f` give, counted up to [`COUNT_CAP`] + 1.
    async fn roster_count(&self, from: &str, f: &Filter) -> Result<i64, AppError> {
        let sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 {from} {} LIMIT {}) capped",
            f.where_sql(),
            COUNT_CAP + 1
        );
        Ok(with_pool!(self, pool => {
            bind_all!(sqlx::query_scalar(&sql), &f.args).fetch_one(pool).await?
        }))
    }

    /// Records an export of personal data in the audit log.
    pub async fn log_export(
        &self,
        what: &str,
        rows: usize,
        query: &str,
        actor: &Actor,
    ) -> Result<(), AppError> {
        with_pool!(self, pool => {
            audit!(pool, &NewAudit {
                action: "export",
                target: Some(what.to_owned()),
                detail: Some(format!("{rows} rows; {query}")),
                ..NewAudit::from(actor)
            });
        });
        Ok(())
    }

    /// Confirmed hours grouped by project, station or month, within `scope` (recording
    /// stations) and an optional date range. A scope that is one node reads the report totals
    /// kept per node for all time, a calendar month, quarter or year, per month for any whole
    /// months and per day for the other days of a range with a mid-month end; a scope of
    /// several nodes sums the month totals and the records of its end months' other days.
    pub async fn volunteer_totals(
        &self,
        scope: &Scope,
        by: TotalsBy,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<TotalsLine>, AppError> {
        use crate::model::time::{month_start, report_period, whole_months};
        let today = crate::model::time::china_today();
        let node = self.report_node(scope).await?;
        let whole = whole_months(from, to, today);
        if let Some(node) = node {
            // One node: runs of whole months read its kept rows, a range with a mid-month end
            // its whole months' rows and its end days' rows (`node_day_returns`).
            let edges = || super::node_days::EdgeRange::new(from, to, today);
            let kept = match by {
                TotalsBy::Month if whole => Some(
                    self.node_month_lines(node, from.map(month_start), to.map(month_start))
                        .await?,
                ),
                TotalsBy::Month => Some(self.node_edge_month_lines(node, &edges()).await?),
                TotalsBy::Project | TotalsBy::Station => {
                    let by_project = by == TotalsBy::Project;
                    match report_period(from, to, today) {
                        Some(period) => {
                            Some(self.node_period_lines(node, period, by_project).await?)
                        }
                        None if whole => Some(
                            self.node_range_lines(
                                node,
                                from.map(month_start),
                                to.map(month_start),
                                by_project,
                            )
                            .await?,
                        ),
                        None => Some(self.node_edge_lines(node, &edges(), by_project).await?),
                    }
                }
            };
            if let Some(lines) = kept {
                return Ok(lines.into_iter().map(totals_line).collect());
            }
        }
        if whole {
            self.volunteer_month_totals(scope, node, by, from, to).await
        } else {
            self.volunteer_edge_totals(scope, node, by, from, to, today)
                .await
        }
    }

    /// Label and joins for grouping rows aliased `a` (with `station_id`) by station: by the
    /// node one level below `node` (the node itself for its own records) when the report is
    /// about one node, else by the recording station.
    fn station_group(a: &str, node: Option<i64>) -> (String, String) {
        match node {
            Some(node) => (
                "c.name".to_owned(),
                format!(
                    "JOIN stations s ON s.id = {a}.station_id
                     JOIN stations c ON ((c.parent_id = {node} AND {covers})
                                         OR (c.id = {node} AND s.id = {node}))",
                    covers = under!("s.path", "c.path")
                ),
            ),
            None => (
                "s.name".to_owned(),
                format!("JOIN stations s ON s.id = {a}.station_id"),
            ),
        }
    }

    /// [`Db::volunteer_totals`] for whole months, from the month totals.
    pub(super) async fn volunteer_month_totals(
        &self,
        scope: &Scope,
        node: Option<i64>,
        by: TotalsBy,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<TotalsLine>, AppError> {
        use crate::model::time::month_start;
        let mut f = Filter::default();
        f.within("m.station_id", scope);
        if let Some(d) = from {
            f.push("m.month_start >= ?", vec![Arg::Date(month_start(d))]);
        }
        if let Some(d) = to {
            f.push("m.month_start <= ?", vec![Arg::Date(month_start(d))]);
        }
        let (label, join) = match by {
            TotalsBy::Project => (
                "p.name".to_owned(),
                "JOIN projects p ON p.id = m.project_id".to_owned(),
            ),
            TotalsBy::Station => Self::station_group("m", node),
            TotalsBy::Month => (
                "SUBSTR(CAST(m.month_start AS TEXT), 1, 7)".to_owned(),
                String::new(),
            ),
        };
        self.grouped_totals(
            &format!("volunteer_months m {join}"),
            ("m", "m.scan_minutes"),
            &label,
            &f,
        )
        .await
    }

    /// [`Db::volunteer_totals`] for a range with a mid-month end: the whole months inside it
    /// from the month totals, and only the days of its first and last months outside them from
    /// the records, so a custom range reads at most two months of records. Distinct
    /// volunteers are counted over both together, so a volunteer in both counts once.
    pub(super) async fn volunteer_edge_totals(
        &self,
        scope: &Scope,
        node: Option<i64>,
        by: TotalsBy,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<Vec<TotalsLine>, AppError> {
        let split = DaySplit::new(from, to, today);
        let mut f = Filter::default();
        f.within("m.station_id", scope);
        split.whole_months(&mut f, "m.month_start");
        let months_where = f.where_sql();
        // Placeholders go on numbering from the months part's arguments.
        f.conds.clear();
        f.conds.push(EFFECTIVE.to_owned());
        f.within("r.station_id", scope);
        split.other_days(&mut f, "r.served_on");
        let records_where = f.where_sql();
        f.conds.clear();
        let record_month = match self {
            Db::Sqlite(_) => "substr(r.served_on, 1, 7)",
            Db::Postgres(_) => "to_char(r.served_on, 'YYYY-MM')",
        };
        let source = format!(
            "(SELECT m.volunteer_id, m.station_id, m.project_id,
                     SUBSTR(CAST(m.month_start AS TEXT), 1, 7) AS month, m.kind, m.minutes,
                     m.scan_minutes AS scan
              FROM volunteer_months m {months_where}
              UNION ALL
              SELECT r.volunteer_id, r.station_id, a.project_id, {record_month} AS month, r.kind,
                     r.minutes, CASE WHEN r.source = 'scan' THEN r.minutes ELSE 0 END AS scan
              FROM hour_records r JOIN activities a ON a.id = r.activity_id {records_where}) u"
        );
        let (label, join) = match by {
            TotalsBy::Project => (
                "p.name".to_owned(),
                "JOIN projects p ON p.id = u.project_id".to_owned(),
            ),
            TotalsBy::Station => Self::station_group("u", node),
            TotalsBy::Month => ("u.month".to_owned(), String::new()),
        };
        self.grouped_totals(&format!("{source} {join}"), ("u", "u.scan"), &label, &f)
            .await
    }

    /// [`Db::volunteer_totals`] summed from the records, for any range: what the tests hold
    /// the kept totals to.
    #[cfg(test)]
    pub(super) async fn volunteer_record_totals(
        &self,
        scope: &Scope,
        node: Option<i64>,
        by: TotalsBy,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<TotalsLine>, AppError> {
        let mut f = Filter::default();
        f.conds.push(EFFECTIVE.to_owned());
        f.within("r.station_id", scope);
        if let Some(d) = from {
            f.push("r.served_on >= ?", vec![Arg::Date(d)]);
        }
        if let Some(d) = to {
            f.push("r.served_on <= ?", vec![Arg::Date(d)]);
        }
        let month = match self {
            Db::Sqlite(_) => "substr(r.served_on, 1, 7)",
            Db::Postgres(_) => "to_char(r.served_on, 'YYYY-MM')",
        };
        let (label, join) = match by {
            TotalsBy::Project => (
                "p.name".to_owned(),
                "JOIN activities a ON a.id = r.activity_id JOIN projects p ON p.id = a.project_id"
                    .to_owned(),
            ),
            TotalsBy::Station => Self::station_group("r", node),
            TotalsBy::Month => (month.to_owned(), String::new()),
        };
        self.grouped_totals(
            &format!("hour_records r {join}"),
            ("r", "CASE WHEN r.source = 'scan' THEN r.minutes ELSE 0 END"),
            &label,
            &f,
        )
        .await
    }

    /// Service and training minutes, distinct volunteers (with minutes) and scanned service
    /// minutes from `source` (rows aliased `a` with `kind`, `minutes` and `volunteer_id`;
    /// `scan` their scanned minutes), grouped by `label`, filtered by `f`.
    async fn grouped_totals(
        &self,
        source: &str,
        (a, scan): (&str, &str),
        label: &str,
        f: &Filter,
    ) -> Result<Vec<TotalsLine>, AppError> {
        let sql = format!(
            "SELECT {label} AS label,
                    CAST(COALESCE(SUM(CASE WHEN {a}.kind = 'service' THEN {a}.minutes ELSE 0 END), 0) AS BIGINT),
                    CAST(COALESCE(SUM(CASE WHEN {a}.kind = 'training' THEN {a}.minutes ELSE 0 END), 0) AS BIGINT),
                    COUNT(DISTINCT CASE WHEN {a}.minutes > 0 THEN {a}.volunteer_id END),
                    CAST(COALESCE(SUM(CASE WHEN {a}.kind = 'service' THEN {scan} ELSE 0 END), 0) AS BIGINT)
             FROM {source} {} GROUP BY {label} ORDER BY {label}",
            f.where_sql()
        );
        let rows: Vec<(String, i64, i64, i64, i64)> = with_pool!(self, pool => {
            bind_all!(sqlx::query_as(&sql), &f.args).fetch_all(pool).await?
        });
        Ok(rows.into_iter().map(totals_line).collect())
    }

    /// Volunteers a coordinator may pick for an activity at `station_id`: its active
    /// volunteers, with whether their guardian consent is missing on `on`.
    pub async fn attendance_candidates(
        &self,
        station_id: i64,
        on: NaiveDate,
    ) -> Result<Vec<(i64, String, bool)>, AppError> {
        const SQL: &str = "SELECT id, name, birth_date, guardian_consent_on FROM volunteers
                           WHERE station_id = $1 AND status = 'active' ORDER BY name, id LIMIT 500";
        let rows: Vec<(i64, String, NaiveDate, Option<NaiveDate>)> = with_pool!(self, pool => {
            sqlx::query_as(SQL).bind(station_id).fetch_all(pool).await?
        });
        Ok(rows
            .into_iter()
            .map(|(id, name, birth, consent)| {
                let needs = crate::model::volunteer::age_on(birth, on) < 18 && consent.is_none();
                (id, name, needs)
            })
            .collect())
    }

    /// The volunteer an account belongs to, if any.
    pub async fn volunteer_for_account(&self, user_id: i64) -> Result<Option<i64>, AppError> {
        Ok(with_pool!(self, pool => {
            sqlx::query_scalar("SELECT id FROM volunteers WHERE account_id = $1")
                .bind(user_id)
                .fetch_optional(pool)
                .await?
        }))
    }
}

/// The station of the volunteer aliased `v`, as `s`.
const WITH_STATION: &str = "JOIN stations s ON s.id = v.station_id";

const ROSTER_SELECT: &str = "
    SELECT v.id, v.name, v.mobile, s.name AS station, v.team, v.status,
           COALESCE(t.service_minutes, 0) AS service_minutes,
           COALESCE(t.training_minutes, 0) AS training_minutes,
           COALESCE(t.activities, 0) AS activities, t.last_served_on,
           COALESCE(t.service_minutes, 0) AS all_service,
           COALESCE(t.scan_minutes, 0) AS scan_minutes";

#[cfg(test)]
mod tests {
    use super::walk_the_period;

    #[test]
    fn a_page_by_hours_walks_when_the_scope_holds_many_of_those_who_served() {
        // Everyone in scope: every page walks, however deep.
        assert!(walk_the_period(200_000, 200_000, 50));
        assert!(walk_the_period(200_000, 200_000, 200_000));
        // A county of a province (1,600 of 200,000): its first page walks (6,250 rows).
        assert!(walk_the_period(1_600, 200_000, 50));
        // A station (100 of 200,000) reads its own 100 rows rather than walking 100,000.
        assert!(!walk_the_period(100, 200_000, 50));
        // Deep pages of a county read its rows too.
        assert!(!walk_the_period(1_600, 200_000, 1_000));
        // Nobody in scope: nothing to walk past.
        assert!(!walk_the_period(0, 200_000, 50));
        assert!(walk_the_period(0, 0, 50));
    }
}
