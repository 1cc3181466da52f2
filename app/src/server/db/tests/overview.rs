//! The overview on both backends: every node's totals are its own share plus its children's,
//! scoping follows the subtree, and the hours agree with the volunteer reports.

use chrono::{Datelike, NaiveDate};

use super::{backends, demo, station_id};
use crate::model::overview::{Figures, Period, PeriodKind, roll_up};
use crate::model::permission::{Scope, covers};
use crate::model::station::Station;
use crate::model::time::china_today;
use crate::server::db::Db;
use crate::server::db::volunteers::TotalsBy;

async fn totals_at(db: &Db, node: &Station, period: &Period) -> (Vec<Figures>, Figures, Figures) {
    let today = china_today();
    let children = db.station_children(Some(node.id)).await.expect("children");
    let shares = db
        .overview_shares(&node.path, period, today)
        .await
        .expect("shares");
    for (path, _) in &shares {
        assert!(
            covers(&node.path, path),
            "{}: a share outside the subtree",
            db.backend()
        );
    }
    roll_up(node, &children, &shares)
}

#[tokio::test]
async fn every_node_totals_its_own_share_and_its_childrens_totals() {
    for db in backends().await {
        demo(&db).await;
        let today = china_today();
        let year = Period::resolve(
            PeriodKind::Custom,
            today,
            NaiveDate::from_ymd_opt(today.year() - 1, 1, 1),
            Some(today),
        )
        .expect("period");
        let stations = db.stations().await.expect("stations");
        for node in &stations {
            let (rows, own, total) = totals_at(&db, node, &year).await;
            let children: Vec<&Station> = stations
                .iter()
                .filter(|s| s.parent_id == Some(node.id))
                .collect();
            assert_eq!(rows.len(), children.len());
            let mut sum = own;
            for (child, row) in children.iter().zip(&rows) {
                let (_, _, child_total) = totals_at(&db, child, &year).await;
                assert_eq!(
                    *row,
                    child_total,
                    "{}: {} row equals its own overview's total",
                    db.backend(),
                    child.name
                );
                sum.add(row);
            }
            assert_eq!(sum, total, "{}: {}", db.backend(), node.name);
        }

        // The city sees both counties, with figures in each.
        let city = stations.iter().find(|s| s.name == "衡阳市").expect("city");
        let (rows, _, total) = totals_at(&db, city, &year).await;
        assert_eq!(rows.len(), 2);
        assert!(rows.iter().all(|r| r.service_minutes > 0 && r.trainees > 0));
        assert!(total.sessions > 0 && total.items_total > 0 && total.volunteers > 0);

        // A county's overview holds nothing of the other county.
        let county = stations
            .iter()
            .find(|s| s.name == super::super::demo::COUNTY)
            .expect("county");
        let xidu = station_id(&db, "西渡镇社工站").await;
        let shares = db
            .overview_shares(&county.path, &year, today)
            .await
            .expect("shares");
        let xidu_path = stations
            .iter()
            .find(|s| s.id == xidu)
            .map(|s| s.path.clone())
            .expect("xidu");
        assert!(shares.iter().all(|(p, _)| *p != xidu_path));

        // Each station's hours are the volunteer report's hours for that station.
        let (rows, _, _) = totals_at(&db, county, &year).await;
        let report = db
            .volunteer_totals(
                &Scope::Within(vec![county.path.clone()]),
                TotalsBy::Station,
                Some(year.from),
                Some(year.to),
            )
            .await
            .expect("report");
        let children = db
            .station_children(Some(county.id))
            .await
            .expect("children");
        for (child, row) in children.iter().zip(&rows) {
            let reported = report
                .iter()
                .find(|l| l.label == child.name)
                .map_or(0, |l| l.service_minutes);
            assert_eq!(
                row.service_minutes,
                reported,
                "{}: {}",
                db.backend(),
                child.name
            );
        }
        assert!(rows.iter().any(|r| r.service_minutes > 0));

        // Pickers search by name within the subtree, and a `%` is a character, not a wildcard.
        let in_county = Scope::Within(vec![county.path.clone()]);
        let found = db
            .search_stations(&in_county, "镇", 100)
            .await
            .expect("search");
        assert!(found.iter().any(|s| s.name == "三塘镇社工站"));
        assert!(
            found.iter().all(|s| s.name != "西渡镇社工站"),
            "another county"
        );
        let found = db
            .search_stations(&in_county, "三塘", 100)
            .await
            .expect("search");
        assert_eq!(found.len(), 1);
        assert!(
            db.search_stations(&in_county, "%", 100)
                .await
                .expect("search")
                .is_empty()
        );
        assert_eq!(
            db.search_stations(&Scope::All, "", 5)
                .await
                .expect("all")
                .len(),
            5
        );
    }
}

/// An adult volunteer of `station` with no identity document, as the generated data registers.
fn adult(name: &str, mobile: &str, station: i64) -> crate::model::volunteer::NewVolunteer {
    crate::model::volunteer::NewVolunteer {
        name: name.to_owned(),
        mobile: crate::model::account::Mobile::parse("mobile", mobile).expect("mobile"),
        id: None,
        birth_date: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default(),
        gender: "female".into(),
        station_id: station,
        team: String::new(),
        skills: String::new(),
        public_consent: false,
        guardian: None,
    }
}

/// A small deterministic generator (the tests take no extra dependency).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or(0) % n.max(1)
    }
}

/// Generated subtrees and confirmed records on both backends: at every node of the county the
/// total is its own share plus its children's, and the county's hours and active volunteers are
/// exactly the records generated (in a month the demo data does not touch).
#[tokio::test]
async fn roll_ups_hold_over_generated_trees_and_records() {
    use crate::model::station::StationKind;
    use crate::model::volunteer::{HourKind, NewActivity, NewVolunteer, RecordSource};
    use crate::server::db::audit::Actor;
    use crate::server::db::hours::NewHourRecord;

    for db in backends().await {
        demo(&db).await;
        let mut rng = Lcg(7);
        let county = station_id(&db, super::super::demo::COUNTY).await;
        let coord = super::user_id(&db, "coord.santang").await;
        let actor = Actor {
            user_id: Some(coord),
            ip: None,
        };
        let day = |d: u32| NaiveDate::from_ymd_opt(2020, 6, d).unwrap_or_default();
        let mut nodes = vec![county, station_id(&db, "三塘镇社工站").await];
        let (mut expected_minutes, mut active) = (0i64, std::collections::BTreeSet::new());
        for n in 0..12usize {
            let parent = nodes[rng.below(nodes.len())];
            let node = db
                .create_station(&format!("生成站点{n}"), Some(parent), StationKind::County)
                .await
                .expect("node");
            nodes.push(node);
            let volunteers: Vec<NewVolunteer> = (0..2)
                .map(|v| {
                    adult(
                        &format!("生成志愿者{n}-{v}"),
                        &format!("1970000{:02}{v:02}", n),
                        node,
                    )
                })
                .collect();
            let ids = db
                .register_volunteers(&volunteers, &actor)
                .await
                .map_err(|(_, e)| e)
                .expect("volunteers");
            let project = db
                .create_project(&format!("生成项目{n}"), "", &[node], &actor)
                .await
                .expect("project");
            let served_on = day(1 + u32::try_from(n).unwrap_or(0));
            let activity = db
                .create_activity(
                    &NewActivity {
                        project_id: project,
                        station_id: node,
                        name: format!("生成活动{n}"),
                        kind: HourKind::Service,
                        held_on: served_on,
                        start_min: 480,
                        end_min: 1080,
                        township: "测试".into(),
                        village: String::new(),
                        content: "测试".into(),
                        capacity: 10,
                    },
                    &actor,
                )
                .await
                .expect("activity");
            let records: Vec<NewHourRecord> = ids
                .iter()
                .map(|v| {
                    let length = 30 * (1 + i64::try_from(rng.below(8)).unwrap_or(0));
                    NewHourRecord {
                        volunteer_id: *v,
                        activity_id: activity,
                        station_id: node,
                        served_on,
                        start_min: 480,
                        end_min: 480 + length,
                        kind: HourKind::Service,
                        source: RecordSource::Coordinator,
                        late: false,
                        late_reason: None,
                        over_cap_reason: None,
                        amends_id: None,
                        correction_reason: None,
                        checkout_missing: false,
                    }
                })
                .collect();
            let created = db
                .record_hours(&records, &actor)
                .await
                .map_err(|(_, e)| e)
                .expect("records");
            // Some records are confirmed, some stay waiting and must not count.
            let confirm: Vec<i64> = created
                .iter()
                .zip(&records)
                .filter(|_| rng.below(3) > 0)
                .map(|(id, r)| {
                    expected_minutes += r.end_min - r.start_min;
                    active.insert(r.volunteer_id);
                    *id
                })
                .collect();
            if !confirm.is_empty() {
                db.confirm_hours(&confirm, &actor).await.expect("confirm");
            }
        }
        let june = Period::resolve(
            PeriodKind::Custom,
            china_today(),
            Some(day(1)),
            Some(day(30)),
        )
        .expect("period");
        let stations = db.stations().await.expect("stations");
        let county_node = stations.iter().find(|s| s.id == county).expect("county");
        let (_, _, total) = totals_at(&db, county_node, &june).await;
        assert_eq!(total.service_minutes, expected_minutes, "{}", db.backend());
        assert_eq!(
            total.active_volunteers,
            i64::try_from(active.len()).unwrap_or_default(),
            "{}",
            db.backend()
        );
        // June is a kept month (its totals come from `node_period_totals`); the same days
        // with 31 May in front are not, so they are counted from the records: the two agree
        // at every node.
        let around = Period::resolve(
            PeriodKind::Custom,
            china_today(),
            NaiveDate::from_ymd_opt(2020, 5, 31),
            Some(day(30)),
        )
        .expect("period");
        let may_june = Period::resolve(
            PeriodKind::Custom,
            china_today(),
            NaiveDate::from_ymd_opt(2020, 5, 1),
            Some(day(30)),
        )
        .expect("period");
        for node in stations
            .iter()
            .filter(|s| covers(&county_node.path, &s.path))
        {
            let (rows, own, total) = totals_at(&db, node, &june).await;
            let mut sum = own;
            for row in &rows {
                sum.add(row);
            }
            assert_eq!(sum, total, "{}: {}", db.backend(), node.name);
            let counted = totals_at(&db, node, &around).await;
            assert_eq!(
                (rows.clone(), own, total),
                counted,
                "{}: {} kept and counted",
                db.backend(),
                node.name
            );
            // May and June are whole months but no kept period: active volunteers from each
            // home station's served months with the month before, hours from the month
            // totals. The same again.
            let months = totals_at(&db, node, &may_june).await;
            assert_eq!(
                (rows, own, total),
                months,
                "{}: {} kept and whole months",
                db.backend(),
                node.name
            );
        }
        // The trend reads the county's kept months.
        let trends = db
            .overview_trends(&county_node.path, day(1))
            .await
            .expect("trends");
        assert!(
            trends
                .service_minutes
                .contains(&("2020-06".to_owned(), expected_minutes)),
            "{}: {:?}",
            db.backend(),
            trends.service_minutes
        );
    }
}

/// The registered-volunteer counts the overview reads (`station_volunteer_counts`, kept by
/// triggers) equal a count of the volunteers after registrations, status changes both ways,
/// a repeated change and a move to another station, on both backends.
#[tokio::test]
async fn registered_volunteer_counts_follow_registrations_status_and_moves() {
    use crate::model::volunteer::NewVolunteer;
    use crate::server::db::audit::Actor;

    async fn assert_counts_match(db: &Db, step: &str) {
        type Counts = Vec<(i64, i64)>;
        let (raw, kept): (Counts, Counts) = with_pool!(db, pool => (
            sqlx::query_as(
                "SELECT station_id, COUNT(*) FROM volunteers WHERE status = 'active'
                 GROUP BY station_id ORDER BY 1",
            )
            .fetch_all(pool)
            .await
            .expect("raw"),
            sqlx::query_as(
                "SELECT station_id, active FROM station_volunteer_counts WHERE active <> 0
                 ORDER BY 1",
            )
            .fetch_all(pool)
            .await
            .expect("kept"),
        ));
        assert!(!raw.is_empty(), "{}: {step}: volunteers", db.backend());
        assert_eq!(raw, kept, "{}: {step}", db.backend());
    }

    for db in backends().await {
        demo(&db).await;
        assert_counts_match(&db, "after the demo").await;
        let santang = station_id(&db, "三塘镇社工站").await;
        let xidu = station_id(&db, "西渡镇社工站").await;
        let actor = Actor {
            user_id: Some(super::user_id(&db, "coord.santang").await),
            ip: None,
        };
        let volunteers: Vec<NewVolunteer> = (0..3)
            .map(|v| {
                adult(
                    &format!("计数志愿者{v}"),
                    &format!("1970001000{v}"),
                    santang,
                )
            })
            .collect();
        let ids = db
            .register_volunteers(&volunteers, &actor)
            .await
            .map_err(|(_, e)| e)
            .expect("volunteers");
        assert_counts_match(&db, "registered").await;
        for (id, status) in [
            (ids[0], "inactive"),
            (ids[0], "inactive"),
            (ids[1], "inactive"),
            (ids[1], "active"),
            (ids[2], "active"),
        ] {
            db.set_volunteer_status(id, status, "测试", &actor)
                .await
                .expect("status");
            assert_counts_match(&db, status).await;
        }
        // A move (no action of the app does it today; the trigger still follows it).
        with_pool!(&db, pool => {
            sqlx::query("UPDATE volunteers SET station_id = $1 WHERE id = $2 OR id = $3")
                .bind(xidu)
                .bind(ids[0])
                .bind(ids[2])
                .execute(pool)
                .await
                .map(|_| ())
                .expect("move");
        });
        assert_counts_match(&db, "moved").await;
    }
}
