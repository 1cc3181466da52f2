//! `shegong bench-data`: grows a database to province scale (cities, counties, stations,
//! volunteers, activities and confirmed records) in a few set-based statements, so speed can be
//! measured on either backend in minutes. Never part of a real install's data: every name it
//! writes starts with a bench prefix, and it refuses to run twice on one database.

use chrono::NaiveDate;

use super::Db;
use crate::error::AppError;
use crate::model::account::Role;

/// How big to grow.
#[derive(Debug, Clone, Copy)]
pub struct BenchSpec {
    /// Cities under the root.
    pub cities: i64,
    /// Counties, spread over the cities.
    pub counties: i64,
    /// Township stations, spread over the counties.
    pub stations: i64,
    /// Volunteers, spread over the stations.
    pub volunteers: i64,
    /// Confirmed hour records, spread over the volunteers.
    pub records: i64,
    /// The last day records may fall on (records go back a year from it).
    pub today: NaiveDate,
}

/// Activities per station (fortnightly for a year).
const ACTIVITIES_PER_STATION: i64 = 26;

/// What was grown, and the sign-in names created for measuring.
#[derive(Debug, Clone)]
pub struct BenchGrown {
    /// Nodes now in the tree.
    pub stations: i64,
    /// Volunteers now registered.
    pub volunteers: i64,
    /// Hour records now kept.
    pub records: i64,
    /// `(username, role, node name)` of the accounts made for measuring.
    pub accounts: Vec<(String, Role, String)>,
}

impl Db {
    async fn bench_exec(&self, sqlite: &str, postgres: &str) -> Result<(), AppError> {
        match self {
            Db::Sqlite(pool) => {
                sqlx::query(sqlite).execute(pool).await?;
            }
            Db::Postgres(pool) => {
                sqlx::query(postgres).execute(pool).await?;
            }
        }
        Ok(())
    }

    /// The first and last id of the rows of `table` whose name starts with `prefix`, checked to
    /// be contiguous (one statement inserted them), so generated rows can point at each other.
    async fn bench_range(&self, table: &str, prefix: &str) -> Result<(i64, i64), AppError> {
        let sql = format!(
            "SELECT COALESCE(MIN(id), 0), COALESCE(MAX(id), -1), COUNT(*) FROM {table}
             WHERE name LIKE $1"
        );
        let (min, max, count): (i64, i64, i64) = with_pool!(self, pool => {
            sqlx::query_as(&sql).bind(format!("{prefix}%")).fetch_one(pool).await?
        });
        if max - min + 1 != count {
            tracing::error!("bench rows in {table} are not contiguous");
            return Err(AppError::Internal);
        }
        Ok((min, max))
    }

    /// Grows the database by `spec` under its root (a province root is created if there is no
    /// tree yet). Refuses to run on a database it has already grown.
    pub async fn grow_bench_data(
        &self,
        spec: &BenchSpec,
        password_hash: &str,
    ) -> Result<BenchGrown, AppError> {
        let grown: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM stations WHERE name LIKE '测市%'")
                .fetch_one(pool)
                .await?
        });
        if grown > 0 {
            return Err(AppError::Conflict("bench_data_exists".into()));
        }
        let root = match self.station_children(None).await?.first() {
            Some(root) => root.id,
            None => {
                self.create_station("湖南省", None, crate::model::station::StationKind::Province)
                    .await?
            }
        };
        let now = chrono::Utc::now().to_rfc3339();
        let sqlite_n = |n: i64| {
            format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {n}) "
            )
        };
        let pg_n = |n: i64| format!("generate_series(1, {n}) AS n(i)");
        let numbered = |prefix: &str| {
            format!(
                "(SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS k FROM stations
                  WHERE name LIKE '{prefix}%')"
            )
        };
        // The tree: cities under the root, counties over the cities, stations over the
        // counties; names carry a zero-padded number so they sort and stay unique.
        let levels = [
            ("测市", spec.cities, None, "city", 2),
            (
                "测县",
                spec.counties,
                Some(("测市", spec.cities)),
                "county",
                3,
            ),
            (
                "测站",
                spec.stations,
                Some(("测县", spec.counties)),
                "station",
                4,
            ),
        ];
        for (prefix, count, parent, kind, width) in levels {
            let (parent_sqlite, parent_pg, join) = match parent {
                None => (root.to_string(), root.to_string(), String::new()),
                Some((p, pc)) => (
                    "p.id".to_owned(),
                    "p.id".to_owned(),
                    format!(" JOIN {} p ON p.k = ((n.i - 1) % {pc}) + 1", numbered(p)),
                ),
            };
            self.bench_exec(
                &format!(
                    "{}INSERT INTO stations (name, parent_id, kind, path, created_at)
                     SELECT '{prefix}' || printf('%0{width}d', n.i), {parent_sqlite}, '{kind}', '', '{now}'
                     FROM n{join} ORDER BY n.i",
                    sqlite_n(count)
                ),
                &format!(
                    "INSERT INTO stations (name, parent_id, kind, path, created_at)
                     SELECT '{prefix}' || lpad(n.i::text, {width}, '0'), {parent_pg}, '{kind}', '', now()
                     FROM {}{join} ORDER BY n.i",
                    pg_n(count)
                ),
            )
            .await?;
        }
        self.bench_exec(
            "WITH RECURSIVE tree (id, path) AS (
                 SELECT id, '/' || id || '/' FROM stations WHERE parent_id IS NULL
                 UNION ALL
                 SELECT s.id, tree.path || s.id || '/' FROM stations s JOIN tree ON s.parent_id = tree.id)
             UPDATE stations SET path = (SELECT tree.path FROM tree WHERE tree.id = stations.id)
             WHERE path = ''",
            "WITH RECURSIVE tree (id, path) AS (
                 SELECT id, '/' || id || '/' FROM stations WHERE parent_id IS NULL
                 UNION ALL
                 SELECT s.id, tree.path || s.id || '/' FROM stations s JOIN tree ON s.parent_id = tree.id)
             UPDATE stations SET path = tree.path FROM tree
             WHERE tree.id = stations.id AND stations.path = ''",
        )
        .await?;
        let (s0, _) = self.bench_range("stations", "测站").await?;

        // Accounts to measure with: a city admin, a county admin and a station coordinator.
        let mut accounts = Vec::new();
        for (username, role, node) in [
            ("bench.city", Role::Admin, "测市01"),
            ("bench.county", Role::Admin, "测县001"),
            ("bench.station", Role::Coordinator, "测站0001"),
        ] {
            let station_id = self
                .search_stations(&crate::model::permission::Scope::All, node, 1)
                .await?
                .first()
                .map(|s| s.id)
                .ok_or(AppError::NotFound)?;
            self.create_account(
                &super::accounts::NewAccount {
                    username: crate::model::account::Username::parse(username)?,
                    display_name: format!("测试{}", role.as_str()),
                    mobile: None,
                    password_hash: password_hash.to_owned(),
                    role,
                    station_id,
                },
                &super::audit::Actor::default(),
            )
            .await?;
            accounts.push((username.to_owned(), role, node.to_owned()));
        }
        let recorder: i64 = with_pool!(self, pool => {
            sqlx::query_scalar("SELECT MIN(id) FROM users").fetch_one(pool).await?
        });

        // A project per station, organised by it, with an activity every fortnight.
        self.bench_exec(
            &format!(
                "INSERT INTO projects (name, description_md, station_id, created_at)
                 SELECT '测项' || s.name, '', s.id, '{now}' FROM stations s
                 WHERE s.name LIKE '测站%' ORDER BY s.id"
            ),
            "INSERT INTO projects (name, description_md, station_id, created_at)
             SELECT '测项' || s.name, '', s.id, now() FROM stations s
             WHERE s.name LIKE '测站%' ORDER BY s.id",
        )
        .await?;
        let both = "INSERT INTO project_stations (project_id, station_id)
                    SELECT id, station_id FROM projects WHERE name LIKE '测项%'";
        self.bench_exec(both, both).await?;
        let today = spec.today;
        self.bench_exec(
            &format!(
                "{}INSERT INTO activities (project_id, station_id, name, kind, held_on, start_min,
                     end_min, township, village, content, capacity, created_by, created_at)
                 SELECT p.id, p.station_id, '测活动' || p.id || '-' || n.i,
                        CASE WHEN n.i % 6 = 0 THEN 'training' ELSE 'service' END,
                        date('{today}', '-' || (14 * (n.i - 1)) || ' days'), 540, 690, '乡镇', '',
                        '内容', 50, {recorder}, '{now}'
                 FROM projects p, n WHERE p.name LIKE '测项%' ORDER BY p.station_id, n.i",
                sqlite_n(ACTIVITIES_PER_STATION)
            ),
            &format!(
                "INSERT INTO activities (project_id, station_id, name, kind, held_on, start_min,
                     end_min, township, village, content, capacity, created_by, created_at)
                 SELECT p.id, p.station_id, '测活动' || p.id || '-' || n.i,
                        CASE WHEN n.i % 6 = 0 THEN 'training' ELSE 'service' END,
                        DATE '{today}' - 14 * (n.i - 1), 540, 690, '乡镇', '', '内容', 50,
                        {recorder}, now()
                 FROM projects p, {} WHERE p.name LIKE '测项%' ORDER BY p.station_id, n.i",
                pg_n(ACTIVITIES_PER_STATION)
            ),
        )
        .await?;
        let (a0, _) = self.bench_range("activities", "测活动").await?;

        // Volunteers spread over the stations; each serves at their station's activities.
        let (stations, volunteers) = (spec.stations, spec.volunteers);
        self.bench_exec(
            &format!(
                "{}INSERT INTO volunteers (name, mobile, birth_date, gender, station_id, team,
                     skills, status, public_consent, created_at)
                 SELECT '测志愿者' || n.i, '139' || printf('%08d', n.i), '1990-01-01',
                        CASE WHEN n.i % 3 = 0 THEN 'male' ELSE 'female' END,
                        {s0} + (n.i % {stations}), '', '', 'active', FALSE, '{now}' FROM n",
                sqlite_n(volunteers)
            ),
            &format!(
                "INSERT INTO volunteers (name, mobile, birth_date, gender, station_id, team,
                     skills, status, public_consent, created_at)
                 SELECT '测志愿者' || n.i, '139' || lpad(n.i::text, 8, '0'), DATE '1990-01-01',
                        CASE WHEN n.i % 3 = 0 THEN 'male' ELSE 'female' END,
                        {s0} + (n.i % {stations}), '', '', 'active', FALSE, now()
                 FROM {}",
                pg_n(volunteers)
            ),
        )
        .await?;
        let (v0, _) = self.bench_range("volunteers", "测志愿者").await?;
        // Record i: the volunteer numbered j = (i mod V) + 1 (whose station is j mod S), at that
        // station's activity number (i div V) mod 26, on that activity's day and kind.
        let per = ACTIVITIES_PER_STATION;
        let record_select = |date: &str| {
            format!(
                "SELECT {v0} + (n.i % {volunteers}) AS v,
                        {a0} + (((n.i % {volunteers}) + 1) % {stations}) * {per} + ((n.i / {volunteers}) % {per}) AS a,
                        {s0} + (((n.i % {volunteers}) + 1) % {stations}) AS s,
                        {date} AS d,
                        30 * (1 + n.i % 8) AS m,
                        CASE WHEN ((n.i / {volunteers}) % {per} + 1) % 6 = 0 THEN 'training' ELSE 'service' END AS k"
            )
        };
        let sqlite_date =
            format!("date('{today}', '-' || (14 * ((n.i / {volunteers}) % {per})) || ' days')");
        let pg_date = format!("DATE '{today}' - 14 * ((n.i / {volunteers}) % {per})");
        self.bench_exec(
            &format!(
                "{}INSERT INTO hour_records (volunteer_id, activity_id, station_id, served_on,
                     start_min, end_min, minutes, kind, source, status, late, recorded_by,
                     recorded_at, confirmed_by, confirmed_at)
                 SELECT g.v, g.a, g.s, g.d, 480, 480 + g.m, g.m, g.k, 'coordinator', 'confirmed',
                        FALSE, {recorder}, '{now}', {recorder}, '{now}'
                 FROM ({} FROM n) g",
                sqlite_n(spec.records),
                record_select(&sqlite_date)
            ),
            &format!(
                "INSERT INTO hour_records (volunteer_id, activity_id, station_id, served_on,
                     start_min, end_min, minutes, kind, source, status, late, recorded_by,
                     recorded_at, confirmed_by, confirmed_at)
                 SELECT g.v, g.a, g.s, g.d, 480, 480 + g.m, g.m, g.k, 'coordinator', 'confirmed',
                        FALSE, {recorder}, now(), {recorder}, now()
                 FROM ({} FROM {}) g",
                record_select(&pg_date),
                pg_n(spec.records)
            ),
        )
        .await?;
        self.bench_rebuild_totals().await?;
        let count = |table: &'static str| async move {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let n: i64 = with_pool!(self, pool => sqlx::query_scalar(&sql).fetch_one(pool).await?);
            Ok::<i64, AppError>(n)
        };
        Ok(BenchGrown {
            stations: count("stations").await?,
            volunteers: count("volunteers").await?,
            records: count("hour_records").await?,
            accounts,
        })
    }

    /// Rebuilds every running and month total from the records (after a bulk load), then
    /// refreshes the planner's statistics.
    pub(super) async fn bench_rebuild_totals(&self) -> Result<(), AppError> {
        const EFFECTIVE: &str = super::query::EFFECTIVE;
        let clear = "DELETE FROM volunteer_totals";
        self.bench_exec(clear, clear).await?;
        let totals = format!(
            "INSERT INTO volunteer_totals (volunteer_id, service_minutes, training_minutes,
                 activities, last_served_on)
             SELECT r.volunteer_id,
                    CAST(SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END) AS BIGINT),
                    CAST(SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END) AS BIGINT),
                    COUNT(DISTINCT r.activity_id), MAX(r.served_on)
             FROM hour_records r WHERE r.minutes > 0 AND {EFFECTIVE} GROUP BY r.volunteer_id"
        );
        self.bench_exec(&totals, &totals).await?;
        // Every volunteer has a running total, zero until they serve (the roster joins it).
        let zeros = "INSERT INTO volunteer_totals (volunteer_id, service_minutes, training_minutes, activities)
             SELECT v.id, 0, 0, 0 FROM volunteers v
             WHERE NOT EXISTS (SELECT 1 FROM volunteer_totals t WHERE t.volunteer_id = v.id)";
        self.bench_exec(zeros, zeros).await?;
        for table in ["hour_month_totals", "volunteer_months"] {
            let clear = format!("DELETE FROM {table}");
            self.bench_exec(&clear, &clear).await?;
        }
        let months = |month: &str| {
            [
                format!(
                    "INSERT INTO volunteer_months (volunteer_id, month_start, station_id, project_id, kind, minutes,
                         activities, last_served_on)
                     SELECT r.volunteer_id, {month}, r.station_id, a.project_id, r.kind, CAST(SUM(r.minutes) AS BIGINT),
                            COUNT(DISTINCT CASE WHEN r.minutes > 0 THEN r.activity_id END),
                            MAX(CASE WHEN r.minutes > 0 THEN r.served_on END)
                     FROM hour_records r JOIN activities a ON a.id = r.activity_id WHERE {EFFECTIVE}
                     GROUP BY r.volunteer_id, {month}, r.station_id, a.project_id, r.kind"
                ),
                format!(
                    "INSERT INTO hour_month_totals (station_id, project_id, month_start, kind, minutes, records)
                     SELECT r.station_id, a.project_id, {month}, r.kind, CAST(SUM(r.minutes) AS BIGINT), COUNT(*)
                     FROM hour_records r JOIN activities a ON a.id = r.activity_id WHERE {EFFECTIVE}
                     GROUP BY r.station_id, a.project_id, {month}, r.kind"
                ),
            ]
        };
        let sqlite = months("date(r.served_on, 'start of month')");
        let postgres = months("CAST(date_trunc('month', r.served_on) AS DATE)");
        for (s, p) in sqlite.iter().zip(&postgres) {
            self.bench_exec(s, p).await?;
        }
        let clear = "DELETE FROM station_active_volunteers";
        self.bench_exec(clear, clear).await?;
        let active = |months: u32, start: &str| {
            format!(
                "INSERT INTO station_active_volunteers (months, period_start, station_id, volunteers)
                 SELECT {months}, {start}, v.station_id, COUNT(DISTINCT m.volunteer_id)
                 FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
                 WHERE m.minutes > 0 GROUP BY {start}, v.station_id"
            )
        };
        let clear = "DELETE FROM volunteer_periods";
        self.bench_exec(clear, clear).await?;
        let periods = |months: u32, start: &str| {
            format!(
                "INSERT INTO volunteer_periods (months, period_start, volunteer_id, station_id,
                     service_minutes, training_minutes, scan_minutes, activities, last_served_on)
                 SELECT {months}, {start}, m.volunteer_id, v.station_id,
                        SUM(CASE WHEN m.kind = 'service' THEN m.minutes ELSE 0 END),
                        SUM(CASE WHEN m.kind = 'training' THEN m.minutes ELSE 0 END),
                        SUM(CASE WHEN m.kind = 'service' THEN m.scan_minutes ELSE 0 END),
                        SUM(m.activities), MAX(m.last_served_on)
                 FROM volunteer_months m JOIN volunteers v ON v.id = m.volunteer_id
                 GROUP BY {start}, m.volunteer_id, v.station_id HAVING SUM(m.activities) > 0"
            )
        };
        let quarter_sqlite = "date(m.month_start, '-' || ((CAST(strftime('%m', m.month_start) AS INTEGER) - 1) % 3) || ' months')";
        for (months, sqlite, postgres) in [
            (1, "m.month_start", "m.month_start"),
            (
                3,
                quarter_sqlite,
                "CAST(date_trunc('quarter', m.month_start) AS DATE)",
            ),
            (
                12,
                "date(m.month_start, 'start of year')",
                "CAST(date_trunc('year', m.month_start) AS DATE)",
            ),
        ] {
            self.bench_exec(&active(months, sqlite), &active(months, postgres))
                .await?;
            self.bench_exec(&periods(months, sqlite), &periods(months, postgres))
                .await?;
        }
        self.rebuild_node_period_totals().await?;
        self.rebuild_node_day_returns().await?;
        self.rebuild_name_grams().await?;
        // PostgreSQL: the kept totals were updated row by row while growing, leaving millions
        // of dead row versions; VACUUM clears them and sets the visibility map (index-only
        // scans), as autovacuum would in time on a database that grew slowly. A simple query
        // (`raw_sql`), because VACUUM refuses to run inside a transaction block.
        match self {
            Db::Sqlite(pool) => {
                sqlx::raw_sql("ANALYZE").execute(pool).await?;
            }
            Db::Postgres(pool) => {
                sqlx::raw_sql("VACUUM ANALYZE").execute(pool).await?;
                // The per-station counts took 200,000 updates of ~2,000 rows in one statement
                // (no real import is that large at once): VACUUM frees the dead versions but
                // keeps their pages, and the overview of a province read 1,083 pages for
                // 1,966 rows (7 ms instead of 1). Rewritten compact, as a database that grew
                // slowly would be.
                sqlx::raw_sql("VACUUM FULL ANALYZE station_volunteer_counts")
                    .execute(pool)
                    .await?;
            }
        }
        Ok(())
    }
}
