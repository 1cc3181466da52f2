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
    }
}
