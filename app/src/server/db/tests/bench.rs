//! Roster and report timings at county scale: 100,000 volunteers and 1,000,000 confirmed
//! records. Not part of `make test` (it takes a minute to build the data); run `make bench`.
//! Prints a table that the README quotes; asserts only that the answers are right.

use std::time::{Duration as StdDuration, Instant};

use chrono::NaiveDate;

use super::{backends, demo};
use crate::model::permission::Scope;
use crate::model::volunteer::{HoursFilter, RosterFilter};
use crate::server::db::Db;
use crate::server::db::volunteers::TotalsBy;

const VOLUNTEERS: i64 = 100_000;
const RECORDS: i64 = 1_000_000;
const ACTIVITIES: i64 = 1_000;

async fn exec(db: &Db, sqlite: &str, postgres: &str) {
    match db {
        Db::Sqlite(p) => sqlx::query(sqlite).execute(p).await.map(|_| ()),
        Db::Postgres(p) => sqlx::query(postgres).execute(p).await.map(|_| ()),
    }
    .expect("bulk load");
}

/// Fills the database with generated volunteers, activities and records in a few statements.
async fn load(db: &Db) {
    let n = |sql: &str, limit: i64| sql.replace("{N}", &limit.to_string());
    exec(
        db,
        &n(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {N})
             INSERT INTO volunteers (name, mobile, birth_date, gender, station_id, team, skills,
                 status, public_consent, created_at)
             SELECT '志愿者' || i, '139' || printf('%08d', i), '1990-01-01', 'female',
                    4 + (i % 23), '', '', 'active', FALSE, '2026-01-01T00:00:00Z' FROM n",
            VOLUNTEERS,
        ),
        &n(
            "INSERT INTO volunteers (name, mobile, birth_date, gender, station_id, team, skills,
                 status, public_consent, created_at)
             SELECT '志愿者' || i, '139' || lpad(i::text, 8, '0'), DATE '1990-01-01', 'female',
                    4 + (i % 23), '', '', 'active', FALSE, now() FROM generate_series(1, {N}) i",
            VOLUNTEERS,
        ),
    )
    .await;
    exec(
        db,
        &n(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {N})
             INSERT INTO activities (project_id, station_id, name, kind, held_on, start_min,
                 end_min, township, village, content, capacity, created_by, created_at)
             SELECT 1 + (i % 5), 4 + (i % 23), '活动' || i, 'service',
                    date('2025-01-01', '+' || (i % 365) || ' days'), 540, 690, '乡镇', '', '内容',
                    50, 1, '2026-01-01T00:00:00Z' FROM n",
            ACTIVITIES,
        ),
        &n(
            "INSERT INTO activities (project_id, station_id, name, kind, held_on, start_min,
                 end_min, township, village, content, capacity, created_by, created_at)
             SELECT 1 + (i % 5), 4 + (i % 23), '活动' || i, 'service',
                    DATE '2025-01-01' + (i % 365), 540, 690, '乡镇', '', '内容', 50, 1, now()
             FROM generate_series(1, {N}) i",
            ACTIVITIES,
        ),
    )
    .await;
    let offsets = "(SELECT MIN(id) - 1 FROM volunteers WHERE name = '志愿者1') AS v0,
                   (SELECT MIN(id) - 1 FROM activities WHERE name = '活动1') AS a0";
    exec(
        db,
        &n(
            &format!(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{N}})
                 INSERT INTO hour_records (volunteer_id, activity_id, station_id, served_on,
                     start_min, end_min, minutes, kind, source, status, late, recorded_by,
                     recorded_at, confirmed_by, confirmed_at)
                 SELECT o.v0 + 1 + (i % {VOLUNTEERS}), o.a0 + 1 + (i % {ACTIVITIES}),
                        4 + ((i % {ACTIVITIES}) % 23),
                        date('2025-01-01', '+' || ((i % {ACTIVITIES}) % 365) || ' days'), 480,
                        480 + 30 * (1 + i % 20),
                        30 * (1 + i % 20), 'service',
                        'coordinator', 'confirmed', FALSE, 1, '2026-01-01T00:00:00Z', 1,
                        '2026-01-01T00:00:00Z'
                 FROM n, (SELECT {offsets}) o"
            ),
            RECORDS,
        ),
        &n(
            &format!(
                "INSERT INTO hour_records (volunteer_id, activity_id, station_id, served_on,
                     start_min, end_min, minutes, kind, source, status, late, recorded_by,
                     recorded_at, confirmed_by, confirmed_at)
                 SELECT o.v0 + 1 + (i % {VOLUNTEERS}), o.a0 + 1 + (i % {ACTIVITIES}),
                        4 + ((i % {ACTIVITIES}) % 23), DATE '2025-01-01' + ((i % {ACTIVITIES}) % 365),
                        480, 480 + 30 * (1 + i % 20), 30 * (1 + i % 20),
                        'service', 'coordinator',
                        'confirmed', FALSE, 1, now(), 1, now()
                 FROM generate_series(1, {{N}}) i, (SELECT {offsets}) o"
            ),
            RECORDS,
        ),
    )
    .await;
    // Running and month totals, name pieces and the planner's statistics, as `bench-data`
    // rebuilds them after its bulk load.
    db.bench_rebuild_totals().await.expect("totals");
}

async fn time<T, F: std::future::Future<Output = T>>(f: impl Fn() -> F) -> (StdDuration, T) {
    let mut best = StdDuration::MAX;
    let mut out = None;
    for _ in 0..5 {
        let start = Instant::now();
        let v = f().await;
        best = best.min(start.elapsed());
        out = Some(v);
    }
    (best, out.expect("ran"))
}

#[tokio::test]
#[ignore = "benchmark: run with make bench"]
async fn roster_and_reports_at_county_scale() {
    for db in backends().await {
        demo(&db).await;
        let start = Instant::now();
        load(&db).await;
        println!(
            "\n{}: loaded {VOLUNTEERS} volunteers, {RECORDS} records in {:.1?}",
            db.backend(),
            start.elapsed()
        );
        let base = RosterFilter {
            page: 1,
            sort: "name".into(),
            ..RosterFilter::default()
        };
        let quarter_by_hours = RosterFilter {
            from: NaiveDate::from_ymd_opt(2025, 4, 1),
            to: NaiveDate::from_ymd_opt(2025, 6, 30),
            sort: "hours".into(),
            desc: true,
            ..base.clone()
        };
        let cases: Vec<(&str, RosterFilter, Scope)> = vec![
            (
                "roster, first page, by name, whole county",
                base.clone(),
                Scope::All,
            ),
            (
                "roster, one station",
                base.clone(),
                Scope::Within(vec!["/1/2/3/5/".into()]),
            ),
            (
                "roster, page 1,000",
                RosterFilter {
                    page: 1000,
                    ..base.clone()
                },
                Scope::All,
            ),
            (
                "roster, by hours, descending",
                RosterFilter {
                    sort: "hours".into(),
                    desc: true,
                    ..base.clone()
                },
                Scope::All,
            ),
            (
                "roster, star level 1",
                RosterFilter {
                    star: Some(1),
                    ..base.clone()
                },
                Scope::All,
            ),
            (
                "roster, search a name",
                RosterFilter {
                    q: "志愿者4242".into(),
                    ..base.clone()
                },
                Scope::All,
            ),
            (
                "roster, one project in one month",
                RosterFilter {
                    project_id: Some(2),
                    from: NaiveDate::from_ymd_opt(2025, 3, 1),
                    to: NaiveDate::from_ymd_opt(2025, 3, 31),
                    ..base.clone()
                },
                Scope::All,
            ),
            (
                "roster, one project, the 10th to the 20th",
                RosterFilter {
                    project_id: Some(2),
                    from: NaiveDate::from_ymd_opt(2025, 3, 10),
                    to: NaiveDate::from_ymd_opt(2025, 3, 20),
                    ..base.clone()
                },
                Scope::All,
            ),
            (
                "roster, one project in one month, one station",
                RosterFilter {
                    project_id: Some(2),
                    from: NaiveDate::from_ymd_opt(2025, 3, 1),
                    to: NaiveDate::from_ymd_opt(2025, 3, 31),
                    ..base.clone()
                },
                Scope::Within(vec!["/1/2/3/5/".into()]),
            ),
            (
                "roster, one quarter, by hours",
                quarter_by_hours.clone(),
                Scope::All,
            ),
            (
                "roster, one quarter, by hours, one station",
                quarter_by_hours.clone(),
                Scope::Within(vec!["/1/2/3/5/".into()]),
            ),
        ];
        println!("| {} | ms | rows | matching |", db.backend());
        println!("|---|---:|---:|---:|");
        for (label, filter, scope) in cases {
            let (took, (rows, total)) = time(|| {
                let db = db.clone();
                let filter = filter.clone();
                let scope = scope.clone();
                async move { db.roster(&scope, &filter, 50).await.expect("roster") }
            })
            .await;
            assert!(total > 0, "{label}");
            println!(
                "| {label} | {:.1} | {} | {total} |",
                took.as_secs_f64() * 1000.0,
                rows.len()
            );
        }
        let (took, (rows, total)) = time(|| {
            let db = db.clone();
            async move {
                db.hour_records(
                    &Scope::All,
                    &HoursFilter {
                        page: 1,
                        ..HoursFilter::default()
                    },
                    50,
                )
                .await
                .expect("hours")
            }
        })
        .await;
        println!(
            "| hours list, first page | {:.1} | {} | {total} |",
            took.as_secs_f64() * 1000.0,
            rows.len()
        );
        let (took, lines) = time(|| {
            let db = db.clone();
            async move {
                db.volunteer_totals(&Scope::All, TotalsBy::Month, None, None)
                    .await
                    .expect("totals")
            }
        })
        .await;
        println!(
            "| totals by month, all records | {:.1} | {} | |",
            took.as_secs_f64() * 1000.0,
            lines.len()
        );
        assert!(lines.iter().map(|l| l.service_minutes).sum::<i64>() >= RECORDS * 30);
        // A range with mid-month ends: the months between from the month totals, the end
        // days from the records; against summing every record in the range.
        let from = NaiveDate::from_ymd_opt(2025, 3, 15);
        let to = NaiveDate::from_ymd_opt(2025, 9, 14);
        let (took, kept) = time(|| {
            let db = db.clone();
            async move {
                db.volunteer_totals(&Scope::All, TotalsBy::Station, from, to)
                    .await
                    .expect("totals")
            }
        })
        .await;
        println!(
            "| totals by station, 2025-03-15 to 2025-09-14 | {:.1} | {} | |",
            took.as_secs_f64() * 1000.0,
            kept.len()
        );
        let node = db.report_node(&Scope::All).await.expect("node");
        let (took, summed) = time(|| {
            let db = db.clone();
            async move {
                db.volunteer_record_totals(&Scope::All, node, TotalsBy::Station, from, to)
                    .await
                    .expect("totals")
            }
        })
        .await;
        println!(
            "| the same, summed from every record (before) | {:.1} | {} | |",
            took.as_secs_f64() * 1000.0,
            summed.len()
        );
        assert_eq!(kept, summed, "{}", db.backend());
    }
}
