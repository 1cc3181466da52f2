//! Volunteer hours on both backends: registration and reveal, recording many at once,
//! confirmation, the correction chain, late entries, minors, failed batches, the roster and
//! certificates.

use chrono::{Duration, NaiveDate, Utc};

use super::{backends, demo, station_id, test_hash, user_id};
use crate::error::AppError;
use crate::model::account::{Mobile, Role, Username};
use crate::model::permission::Scope;
use crate::model::volunteer::{
    ActivityInput, HourKind, HourRules, HoursFilter, RecordSource, RecordStatus, RosterFilter,
    RosterRow, VolunteerInput,
};
use crate::server::db::Db;
use crate::server::db::accounts::NewAccount;
use crate::server::db::audit::Actor;
use crate::server::db::certificates::NewCertificate;
use crate::server::db::hours::NewHourRecord;

fn today() -> NaiveDate {
    crate::model::time::china_time(Utc::now()).date()
}

fn actor(id: i64) -> Actor {
    Actor {
        user_id: Some(id),
        ip: None,
    }
}

fn volunteer(name: &str, mobile: &str, station: i64, birth: &str) -> VolunteerInput {
    VolunteerInput {
        name: name.into(),
        mobile: mobile.into(),
        birth_date: birth.into(),
        gender: "female".into(),
        station_id: station.to_string(),
        ..VolunteerInput::default()
    }
}

struct Setup {
    santang: i64,
    coord: i64,
    coord2: i64,
    project: i64,
    activity: i64,
    held_on: NaiveDate,
    volunteers: Vec<i64>,
}

async fn setup(db: &Db) -> Setup {
    demo(db).await;
    let santang = station_id(db, "三塘镇社工站").await;
    let coord = user_id(db, "coord.santang").await;
    let coord2 = db
        .create_account(
            &NewAccount {
                username: Username::parse("coord2.santang").expect("name"),
                display_name: "第二协调员".into(),
                mobile: Some(Mobile::parse("mobile", "19900000001").expect("mobile")),
                password_hash: test_hash(),
                role: Role::Coordinator,
                station_id: santang,
            },
            &Actor::default(),
        )
        .await
        .expect("second coordinator");
    let project = db
        .project_overview()
        .await
        .expect("projects")
        .into_iter()
        .find(|p| p.stations.iter().any(|(id, _)| *id == santang))
        .expect("a santang project")
        .id;
    let held_on = today() - Duration::days(2);
    let activity = db
        .create_activity(
            &ActivityInput {
                project_id: project.to_string(),
                station_id: santang.to_string(),
                name: "测试活动".into(),
                kind: "service".into(),
                held_on: held_on.to_string(),
                start: "09:00".into(),
                end: "11:30".into(),
                township: "三塘镇".into(),
                village: "新塘村".into(),
                content: "陪伴留守儿童阅读".into(),
                capacity: "20".into(),
            }
            .validate()
            .expect("activity"),
            &actor(coord),
        )
        .await
        .expect("create activity");
    let new: Vec<_> = ["19911110001", "19911110002", "19911110003"]
        .iter()
        .enumerate()
        .map(|(i, m)| {
            volunteer(&format!("测试志愿者{i}"), m, santang, "1990-01-01")
                .validate(today())
                .expect("valid")
        })
        .collect();
    let volunteers = db
        .register_volunteers(&new, &actor(coord))
        .await
        .expect("register");
    Setup {
        santang,
        coord,
        coord2,
        project,
        activity,
        held_on,
        volunteers,
    }
}

fn record(s: &Setup, volunteer: i64, start: i64, end: i64) -> NewHourRecord {
    NewHourRecord {
        volunteer_id: volunteer,
        activity_id: s.activity,
        station_id: s.santang,
        served_on: s.held_on,
        start_min: start,
        end_min: end,
        kind: HourKind::Service,
        source: RecordSource::Coordinator,
        late: false,
        late_reason: None,
        over_cap_reason: None,
        amends_id: None,
        correction_reason: None,
        checkout_missing: false,
    }
}

/// An activity of the setup's project at Santang held on `day` (a record is dated its
/// activity's day).
async fn activity_on(db: &Db, s: &Setup, day: NaiveDate) -> i64 {
    db.create_activity(
        &ActivityInput {
            project_id: s.project.to_string(),
            station_id: s.santang.to_string(),
            name: format!("活动{day}"),
            kind: "service".into(),
            held_on: day.to_string(),
            start: "08:00".into(),
            end: "18:00".into(),
            township: "三塘镇".into(),
            village: String::new(),
            content: "测试".into(),
            capacity: "20".into(),
        }
        .validate()
        .expect("activity"),
        &actor(s.coord),
    )
    .await
    .expect("create activity")
}

/// [`record`] on `day`, of an activity held that day.
async fn record_on(
    db: &Db,
    s: &Setup,
    day: NaiveDate,
    volunteer: i64,
    start: i64,
    end: i64,
) -> NewHourRecord {
    NewHourRecord {
        activity_id: activity_on(db, s, day).await,
        served_on: day,
        ..record(s, volunteer, start, end)
    }
}

/// A correction of `amends` to `start`–`end`, as a coordinator asks for it.
fn correction(s: &Setup, volunteer: i64, amends: i64, start: i64, end: i64) -> NewHourRecord {
    NewHourRecord {
        source: RecordSource::Correction,
        amends_id: Some(amends),
        correction_reason: Some("提前离开".into()),
        checkout_missing: false,
        ..record(s, volunteer, start, end)
    }
}

async fn service_minutes(db: &Db, volunteer: i64) -> i64 {
    db.volunteer(volunteer)
        .await
        .expect("volunteer")
        .expect("exists")
        .row
        .service_minutes
}

#[tokio::test]
async fn registration_refuses_a_known_mobile_and_reveals_only_with_an_audit_entry() {
    for db in backends().await {
        let s = setup(&db).await;
        let again = volunteer("重复", "19911110002", s.santang, "1990-01-01")
            .validate(today())
            .expect("valid");
        assert_eq!(
            db.register_volunteers(&[again], &actor(s.coord)).await,
            Err((0, AppError::invalid("mobile", "mobile_registered"))),
            "{}",
            db.backend()
        );
        let detail = db
            .volunteer(s.volunteers[0])
            .await
            .expect("v")
            .expect("exists");
        assert_eq!(detail.row.mobile_masked, "199****0001");
        let full = db
            .reveal_identifier(s.volunteers[0], "mobile", "核对身份", &actor(s.coord))
            .await
            .expect("reveal");
        assert_eq!(full, "19911110001");
        let entries = db.audit_page(None, None).await.expect("audit").entries;
        assert_eq!(entries[0].action, "identifier_revealed", "newest entry");
    }
}

#[tokio::test]
async fn hours_for_many_confirm_then_a_correction_chain_by_two_coordinators() {
    for db in backends().await {
        let s = setup(&db).await;
        let batch: Vec<_> = s
            .volunteers
            .iter()
            .map(|v| record(&s, *v, 540, 690))
            .collect();
        let ids = db
            .record_hours(&batch, &actor(s.coord))
            .await
            .expect("record");
        assert_eq!(ids.len(), 3);
        assert_eq!(
            service_minutes(&db, s.volunteers[0]).await,
            0,
            "not before confirmation"
        );

        // Overlap with the volunteer's own record is refused, and nothing of the batch lands.
        let clash = vec![
            record(&s, s.volunteers[1], 700, 760),
            record(&s, s.volunteers[0], 600, 620),
        ];
        assert_eq!(
            db.record_hours(&clash, &actor(s.coord)).await,
            Err((1, AppError::invalid("volunteer", "overlap")))
        );
        let (_, total) = db
            .hour_records(
                &Scope::All,
                &HoursFilter {
                    page: 1,
                    ..HoursFilter::default()
                },
                50,
            )
            .await
            .expect("records");
        let demo_total = total;

        let outcome = db
            .confirm_hours(&ids, &actor(s.coord))
            .await
            .expect("confirm");
        assert_eq!(outcome.confirmed, 3);
        assert_eq!(service_minutes(&db, s.volunteers[0]).await, 150);

        // A confirmed record never changes, whatever code runs against the database.
        let direct = match &db {
            Db::Sqlite(p) => sqlx::query("UPDATE hour_records SET minutes = 1 WHERE id = $1")
                .bind(ids[0])
                .execute(p)
                .await
                .is_err(),
            Db::Postgres(p) => sqlx::query("UPDATE hour_records SET minutes = 1 WHERE id = $1")
                .bind(ids[0])
                .execute(p)
                .await
                .is_err(),
        };
        assert!(
            direct,
            "{}: trigger refuses updates of confirmed records",
            db.backend()
        );

        // Correction: 09:00–10:00 instead of 09:00–11:30, asked for by the first coordinator.
        let fix = correction(&s, s.volunteers[0], ids[0], 540, 600);
        let fix_id = db
            .record_hours(&[fix], &actor(s.coord))
            .await
            .expect("correction")[0];
        let mine = db
            .confirm_hours(&[fix_id], &actor(s.coord))
            .await
            .expect("confirm own");
        assert_eq!(
            (mine.confirmed, mine.skipped),
            (0, 1),
            "never approved by the requester"
        );
        assert_eq!(service_minutes(&db, s.volunteers[0]).await, 150);
        let other = db
            .confirm_hours(&[fix_id], &actor(s.coord2))
            .await
            .expect("confirm");
        assert_eq!(other.confirmed, 1);
        assert_eq!(service_minutes(&db, s.volunteers[0]).await, 60);

        let history = db
            .volunteer_records(s.volunteers[0])
            .await
            .expect("history");
        assert_eq!(history.len(), 2, "original and correction both visible");
        let original = history.iter().find(|r| r.id == ids[0]).expect("original");
        assert!(original.superseded && original.status == RecordStatus::Confirmed);
        let correction = history.iter().find(|r| r.id == fix_id).expect("correction");
        assert_eq!(correction.amends_id, Some(ids[0]));
        assert_eq!(
            db.correctable(ids[0]).await.expect("c"),
            None,
            "only the latest counts"
        );
        assert!(db.correctable(fix_id).await.expect("c").is_some());

        let (_, total) = db
            .hour_records(
                &Scope::All,
                &HoursFilter {
                    page: 1,
                    ..HoursFilter::default()
                },
                50,
            )
            .await
            .expect("records");
        assert_eq!(total, demo_total + 1);

        // Two corrections of one record confirmed in one batch: a chain, never a fork.
        let fork = |end: i64| {
            let mut r = record(&s, s.volunteers[1], 540, end);
            r.source = RecordSource::Correction;
            r.amends_id = Some(ids[1]);
            r.correction_reason = Some("核对签到表".into());
            r
        };
        let first = db
            .record_hours(&[fork(600)], &actor(s.coord))
            .await
            .expect("first correction");
        let second = db
            .record_hours(&[fork(630)], &actor(s.coord))
            .await
            .expect("second correction");
        let both = db
            .confirm_hours(&[first[0], second[0]], &actor(s.coord2))
            .await
            .expect("confirm both");
        assert_eq!((both.confirmed, both.skipped), (1, 1), "{}", db.backend());
    }
}

#[tokio::test]
async fn attendance_sent_twice_from_a_phone_is_stored_once() {
    use crate::model::offline::ClientId;
    for db in backends().await {
        let s = setup(&db).await;
        let batch: Vec<_> = s.volunteers[..2]
            .iter()
            .map(|v| record(&s, *v, 540, 600))
            .collect();
        let id = ClientId::from_form("c0ffee00-1234-4abc-8def-0123456789ab")
            .expect("valid")
            .expect("an id");
        let by = actor(s.coord);
        let (a, b) = tokio::join!(
            db.record_hours_sent(&batch, &by, Some(&id)),
            db.record_hours_sent(&batch, &by, Some(&id))
        );
        let written: Vec<usize> = [a.expect("a"), b.expect("b")]
            .iter()
            .map(Vec::len)
            .collect();
        assert!(
            written == [2, 0] || written == [0, 2],
            "{}: one send writes both, the other nothing: {written:?}",
            db.backend()
        );
        // A resend later is not refused as overlapping itself: it is simply already there.
        assert_eq!(
            db.record_hours_sent(&batch, &actor(s.coord), Some(&id))
                .await,
            Ok(Vec::new())
        );
        assert!(db.already_received(s.coord, &id).await.expect("check"));
        // The same records sent directly (no id) still meet the overlap rule.
        assert_eq!(
            db.record_hours(&batch, &actor(s.coord)).await,
            Err((0, AppError::invalid("volunteer", "overlap")))
        );
        // A refused batch does not claim its id: fixed and sent again, it is stored.
        let other = ClientId::from_form("c0ffee00-1234-4abc-8def-0123456789ac")
            .expect("valid")
            .expect("an id");
        assert!(
            db.record_hours_sent(&batch, &actor(s.coord), Some(&other))
                .await
                .is_err()
        );
        assert!(!db.already_received(s.coord, &other).await.expect("check"));
        let fixed: Vec<_> = s.volunteers[..2]
            .iter()
            .map(|v| record(&s, *v, 700, 760))
            .collect();
        assert_eq!(
            db.record_hours_sent(&fixed, &actor(s.coord), Some(&other))
                .await
                .expect("fixed")
                .len(),
            2
        );
    }
}

#[tokio::test]
async fn late_entries_need_a_second_approver_and_minors_need_consent() {
    for db in backends().await {
        let s = setup(&db).await;
        let mut late = record_on(
            &db,
            &s,
            today() - Duration::days(40),
            s.volunteers[2],
            480,
            500,
        )
        .await;
        late.late = true;
        late.late_reason = Some("纸质签到表补录".into());
        let id = db
            .record_hours(&[late], &actor(s.coord))
            .await
            .expect("late")[0];
        let first = db
            .confirm_hours(&[id], &actor(s.coord))
            .await
            .expect("first");
        assert_eq!(first.awaiting_second, 1);
        let again = db
            .confirm_hours(&[id], &actor(s.coord))
            .await
            .expect("same person");
        assert_eq!(again.skipped, 1);
        assert_eq!(service_minutes(&db, s.volunteers[2]).await, 0);
        let second = db
            .confirm_hours(&[id], &actor(s.coord2))
            .await
            .expect("second");
        assert_eq!(second.confirmed, 1);
        assert_eq!(service_minutes(&db, s.volunteers[2]).await, 20);
        let rec = db.volunteer_records(s.volunteers[2]).await.expect("r");
        assert!(rec[0].late && rec[0].first_approved_by.is_some());

        let minor_birth = (today() - Duration::days(365 * 15)).to_string();
        let minor = volunteer("未成年志愿者", "19911110009", s.santang, &minor_birth)
            .validate(today())
            .expect("valid");
        let minor_id = db
            .register_volunteers(&[minor], &actor(s.coord))
            .await
            .expect("reg")[0];
        assert_eq!(
            db.record_hours(&[record(&s, minor_id, 540, 600)], &actor(s.coord))
                .await,
            Err((
                0,
                AppError::invalid("volunteer", "guardian_consent_missing")
            ))
        );
        db.record_guardian_consent(
            minor_id,
            &crate::model::volunteer::GuardianConsent {
                name: "监护人".into(),
                relation: "母亲".into(),
                on: today(),
            },
            &actor(s.coord),
        )
        .await
        .expect("consent");
        assert!(
            db.record_hours(&[record(&s, minor_id, 540, 600)], &actor(s.coord))
                .await
                .is_ok()
        );
    }
}

#[tokio::test]
async fn a_failed_batch_leaves_the_database_unchanged() {
    for db in backends().await {
        let s = setup(&db).await;
        let roster = |db: Db| async move {
            db.roster(
                &Scope::All,
                &RosterFilter {
                    page: 1,
                    ..RosterFilter::default()
                },
                10,
            )
            .await
            .expect("roster")
            .1
        };
        let before = roster(db.clone()).await;
        let rows: Vec<_> = ["19922220001", "19922220002", "19911110001"]
            .iter()
            .map(|m| {
                volunteer("导入", m, s.santang, "1995-05-05")
                    .validate(today())
                    .expect("v")
            })
            .collect();
        assert_eq!(
            db.register_volunteers(&rows, &actor(s.coord))
                .await
                .map_err(|e| e.0),
            Err(2),
            "the third row's mobile is taken"
        );
        assert_eq!(
            roster(db.clone()).await,
            before,
            "{}: nothing imported",
            db.backend()
        );
        // A duplicate ID number is caught by the database inside the transaction: rolled back.
        let mut a = volunteer("甲", "19922220003", s.santang, "1949-12-31")
            .validate(today())
            .expect("v");
        a.id = Some((
            crate::model::volunteer::IdType::ResidentId,
            "11010519491231002X".into(),
        ));
        let mut b = volunteer("乙", "19922220004", s.santang, "1949-12-31")
            .validate(today())
            .expect("v");
        b.id = a.id.clone();
        assert_eq!(
            db.register_volunteers(&[a, b], &actor(s.coord)).await,
            Err((1, AppError::invalid("id_number", "id_number_registered")))
        );
        assert_eq!(roster(db.clone()).await, before);
    }
}

#[tokio::test]
async fn roster_filters_pages_and_certificates() {
    for db in backends().await {
        let s = setup(&db).await;
        let batch: Vec<_> = s
            .volunteers
            .iter()
            .map(|v| record(&s, *v, 540, 690))
            .collect();
        let ids = db
            .record_hours(&batch, &actor(s.coord))
            .await
            .expect("record");
        db.confirm_hours(&ids, &actor(s.coord))
            .await
            .expect("confirm");

        let santang_scope = Scope::Within(vec![
            db.station_ref(s.santang)
                .await
                .expect("station")
                .expect("exists")
                .path,
        ]);
        let filter = RosterFilter {
            q: "测试志愿者".into(),
            page: 1,
            sort: "name".into(),
            ..RosterFilter::default()
        };
        let (rows, total) = db.roster(&santang_scope, &filter, 2).await.expect("roster");
        assert_eq!((rows.len(), total), (2, 3), "{}", db.backend());
        assert_eq!(rows[0].name, "测试志愿者0");
        assert_eq!(rows[0].service_minutes, 150);
        let page2 = RosterFilter {
            page: 2,
            ..filter.clone()
        };
        assert_eq!(
            db.roster(&santang_scope, &page2, 2)
                .await
                .expect("p2")
                .0
                .len(),
            1
        );
        assert_eq!(
            db.roster(&Scope::Within(Vec::new()), &filter, 2)
                .await
                .expect("none")
                .1,
            0,
            "out of scope"
        );
        let by_project = RosterFilter {
            project_id: Some(s.project),
            from: Some(s.held_on),
            to: Some(s.held_on),
            ..filter.clone()
        };
        let (rows, total) = db
            .roster(&Scope::All, &by_project, 50)
            .await
            .expect("project");
        assert_eq!(total, 3);
        assert!(
            rows.iter()
                .all(|r| r.service_minutes == 150 && r.activities == 1)
        );
        let by_number = RosterFilter {
            q: crate::model::volunteer::volunteer_number(s.volunteers[1]),
            ..RosterFilter {
                page: 1,
                ..RosterFilter::default()
            }
        };
        assert_eq!(
            db.roster(&Scope::All, &by_number, 5).await.expect("n").0[0].id,
            s.volunteers[1]
        );

        let months = db
            .volunteer_totals(
                &santang_scope,
                crate::server::db::volunteers::TotalsBy::Month,
                Some(s.held_on),
                Some(s.held_on),
            )
            .await
            .expect("totals");
        assert_eq!(months.len(), 1);
        assert_eq!(months[0].label, s.held_on.format("%Y-%m").to_string());
        assert_eq!((months[0].service_minutes, months[0].volunteers), (450, 3));

        let cert = NewCertificate {
            volunteer_id: s.volunteers[0],
            station_id: s.santang,
            from_on: s.held_on,
            to_on: s.held_on,
            show_id: None,
            person_in_charge: "站长".into(),
            contact: "0734-1234567".into(),
            notes: String::new(),
        };
        let id = db
            .issue_certificate(&cert, &actor(s.coord))
            .await
            .expect("issue");
        let issued = db.certificates(Some(id), None, true).await.expect("c");
        assert_eq!(issued.len(), 1);
        assert_eq!(issued[0].service_minutes, 150);
        assert!(issued[0].number.starts_with("HNZY-"));
        let empty = NewCertificate {
            from_on: s.held_on - Duration::days(400),
            to_on: s.held_on - Duration::days(300),
            ..cert
        };
        assert_eq!(
            db.issue_certificate(&empty, &actor(s.coord)).await,
            Err(AppError::invalid("from_on", "no_confirmed_hours"))
        );
        let direct = match &db {
            Db::Sqlite(p) => sqlx::query("DELETE FROM certificates")
                .execute(p)
                .await
                .is_err(),
            Db::Postgres(p) => sqlx::query("DELETE FROM certificates")
                .execute(p)
                .await
                .is_err(),
        };
        assert!(direct, "the register is append-only");
    }
}

async fn coordinator_at(db: &Db, s: &Setup) -> crate::model::permission::Viewer {
    let station_path = db
        .station_ref(s.santang)
        .await
        .expect("station")
        .expect("exists")
        .path;
    crate::model::permission::Viewer {
        id: s.coord,
        username: "coord.santang".into(),
        display_name: "协调员".into(),
        roles: vec![crate::model::account::RoleGrant {
            id: 0,
            role: Role::Coordinator,
            station_id: s.santang,
            station_name: "三塘镇社工站".into(),
            station_path,
        }],
        volunteer_id: None,
    }
}

#[tokio::test]
async fn csv_imports_check_every_row_and_write_all_or_nothing() {
    use crate::server::csv::{ImportOutcome, import_hours, import_volunteers};
    for db in backends().await {
        let s = setup(&db).await;
        let viewer = coordinator_at(&db, &s).await;
        let head = "姓名,手机号,证件类型,证件号码,出生日期,性别,所属站点,服务队,技能,同意公开展示,监护人,监护人关系,监护同意日期";
        let good = "导入甲,19933330001,,,1990-02-03,女,三塘镇社工站,,,否,,,";
        let bad_id =
            "导入乙,19933330002,居民身份证,110105194912310021,1949-12-31,男,三塘镇社工站,,,否,,,";
        let other_station = "导入丙,19933330003,,,1990-02-03,女,泉溪镇社工站,,,否,,,";
        let count = |db: Db| async move {
            db.roster(
                &Scope::All,
                &RosterFilter {
                    page: 1,
                    ..RosterFilter::default()
                },
                1,
            )
            .await
            .expect("roster")
            .1
        };
        let before = count(db.clone()).await;
        let text = format!("\u{feff}{head}\r\n{good}\r\n{bad_id}\r\n{other_station}\r\n");
        let outcome = import_volunteers(&db, &viewer, &actor(s.coord), &text, today())
            .await
            .expect("import");
        let ImportOutcome::Rejected(problems) = outcome else {
            panic!("{}: bad rows must reject the file", db.backend());
        };
        assert_eq!(problems.len(), 2);
        assert_eq!(
            (
                problems[0].row,
                problems[0].column.as_str(),
                problems[0].code.as_str()
            ),
            (3, "证件号码", "id_number_check")
        );
        assert_eq!(
            (
                problems[1].row,
                problems[1].column.as_str(),
                problems[1].code.as_str()
            ),
            (4, "所属站点", "forbidden")
        );
        assert_eq!(
            count(db.clone()).await,
            before,
            "{}: nothing imported",
            db.backend()
        );
        let fine = format!("{head}\n{good}\n");
        assert_eq!(
            import_volunteers(&db, &viewer, &actor(s.coord), &fine, today())
                .await
                .expect("import"),
            ImportOutcome::Imported(1)
        );
        assert_eq!(count(db.clone()).await, before + 1);

        let hours_head = "志愿者编号,活动编号,日期,开始时间,结束时间,补录原因,超时原因";
        let number = crate::model::volunteer::volunteer_number(s.volunteers[0]);
        let ok_row = format!("{number},{},{},08:00,09:00,,", s.activity, s.held_on);
        // A row dated other than its activity is refused (and so is a future one).
        let future = format!("{number},{},2999-01-01,08:00,09:00,,", s.activity);
        let text = format!("{hours_head}\n{ok_row}\n{future}\n");
        let outcome = import_hours(
            &db,
            &viewer,
            &actor(s.coord),
            &text,
            today(),
            HourRules::default(),
        )
        .await
        .expect("import");
        assert_eq!(
            outcome,
            ImportOutcome::Rejected(vec![crate::server::csv::ImportProblem {
                row: 3,
                column: "日期".into(),
                code: "not_activity_date".into(),
            }])
        );
        assert!(
            db.volunteer_records(s.volunteers[0])
                .await
                .expect("r")
                .is_empty(),
            "nothing imported"
        );
        let text = format!("{hours_head}\n{ok_row}\n");
        assert_eq!(
            import_hours(
                &db,
                &viewer,
                &actor(s.coord),
                &text,
                today(),
                HourRules::default()
            )
            .await
            .expect("import"),
            ImportOutcome::Imported(1)
        );
        let records = db.volunteer_records(s.volunteers[0]).await.expect("r");
        assert_eq!(
            (
                records.len(),
                records[0].status.as_str(),
                records[0].source.as_str()
            ),
            (1, "submitted", "import")
        );
    }
}

/// The month totals equal what the records say (both tables, every month), as the records are
/// after `db`'s history.
async fn assert_month_totals_match_the_records(db: &Db) {
    use crate::server::db::query::EFFECTIVE;
    type Totals = Vec<(i64, i64, String, String, i64, i64, i64)>;
    type Months = Vec<(i64, String, i64, i64, String, i64, i64, i64, Option<String>)>;
    let raw_totals = format!(
        "SELECT r.station_id, a.project_id, SUBSTR(CAST(r.served_on AS TEXT), 1, 7), r.kind,
                CAST(SUM(r.minutes) AS BIGINT), COUNT(*),
                CAST(SUM(CASE WHEN r.source = 'scan' THEN r.minutes ELSE 0 END) AS BIGINT)
         FROM hour_records r JOIN activities a ON a.id = r.activity_id WHERE {EFFECTIVE}
         GROUP BY r.station_id, a.project_id, SUBSTR(CAST(r.served_on AS TEXT), 1, 7), r.kind
         ORDER BY 1, 2, 3, 4"
    );
    let kept_totals =
        "SELECT station_id, project_id, SUBSTR(CAST(month_start AS TEXT), 1, 7), kind,
                              minutes, records, scan_minutes
                       FROM hour_month_totals ORDER BY 1, 2, 3, 4";
    let raw_months = format!(
        "SELECT r.volunteer_id, SUBSTR(CAST(r.served_on AS TEXT), 1, 7), r.station_id, a.project_id,
                r.kind, CAST(SUM(r.minutes) AS BIGINT),
                CAST(SUM(CASE WHEN r.source = 'scan' THEN r.minutes ELSE 0 END) AS BIGINT),
                COUNT(DISTINCT CASE WHEN r.minutes > 0 THEN r.activity_id END),
                MAX(CASE WHEN r.minutes > 0 THEN CAST(r.served_on AS TEXT) END)
         FROM hour_records r JOIN activities a ON a.id = r.activity_id WHERE {EFFECTIVE}
         GROUP BY r.volunteer_id, SUBSTR(CAST(r.served_on AS TEXT), 1, 7), r.station_id,
                  a.project_id, r.kind
         ORDER BY 1, 2, 3, 4, 5"
    );
    let kept_months = "SELECT volunteer_id, SUBSTR(CAST(month_start AS TEXT), 1, 7), station_id,
                              project_id, kind, minutes, scan_minutes, activities,
                              CAST(last_served_on AS TEXT)
                       FROM volunteer_months ORDER BY 1, 2, 3, 4, 5";
    let (a, b, c, d): (Totals, Totals, Months, Months) = with_pool!(db, pool => (
        sqlx::query_as(&raw_totals).fetch_all(pool).await.expect("raw totals"),
        sqlx::query_as(kept_totals).fetch_all(pool).await.expect("kept totals"),
        sqlx::query_as(&raw_months).fetch_all(pool).await.expect("raw months"),
        sqlx::query_as(kept_months).fetch_all(pool).await.expect("kept months"),
    ));
    assert!(!a.is_empty(), "{}: there are records", db.backend());
    assert_eq!(a, b, "{}: hour_month_totals", db.backend());
    assert_eq!(c, d, "{}: volunteer_months", db.backend());

    // Active volunteers per home station and kept period, counted here from the records.
    let served = format!(
        "SELECT r.volunteer_id, r.served_on, v.station_id
         FROM hour_records r JOIN volunteers v ON v.id = r.volunteer_id
         WHERE {EFFECTIVE} AND r.minutes > 0"
    );
    let kept_active =
        "SELECT months, SUBSTR(CAST(period_start AS TEXT), 1, 10), station_id, volunteers
                       FROM station_active_volunteers";
    type Served = Vec<(i64, NaiveDate, i64)>;
    type Kept = Vec<(i64, String, i64, i64)>;
    let (served, kept): (Served, Kept) = with_pool!(db, pool => (
        sqlx::query_as(&served).fetch_all(pool).await.expect("served"),
        sqlx::query_as(kept_active).fetch_all(pool).await.expect("kept active"),
    ));
    let mut people: std::collections::BTreeMap<
        (i64, String, i64),
        std::collections::BTreeSet<i64>,
    > = std::collections::BTreeMap::new();
    for (volunteer, on, home) in served {
        for months in crate::model::time::KEPT_PERIODS {
            let start = crate::model::time::period_start(on, months).to_string();
            people
                .entry((i64::from(months), start, home))
                .or_default()
                .insert(volunteer);
        }
    }
    let expected: Vec<(i64, String, i64, i64)> = people
        .into_iter()
        .map(|((m, start, home), set)| (m, start, home, i64::try_from(set.len()).unwrap_or(0)))
        .collect();
    let mut kept = kept;
    kept.sort();
    assert_eq!(
        kept,
        expected,
        "{}: station_active_volunteers",
        db.backend()
    );
    assert_volunteer_periods_match_the_records(db).await;
    assert_node_totals_match_the_records(db).await;
    assert_node_returns_match_the_records(db).await;
    assert_node_day_returns_match_the_records(db).await;
}

/// Each volunteer's kept sums per calendar month, quarter and year equal what their records
/// give, added up here independently; only those who served (a record with minutes) have one.
async fn assert_volunteer_periods_match_the_records(db: &Db) {
    use crate::server::db::query::EFFECTIVE;
    use std::collections::{BTreeMap, BTreeSet};
    type Raw = Vec<(i64, NaiveDate, i64, String, i64, String, i64)>;
    /// Period length, first day, volunteer, home station, service, training, scanned,
    /// activities, last day served.
    type Line = (i64, String, i64, i64, i64, i64, i64, i64, Option<String>);
    let raw = format!(
        "SELECT r.volunteer_id, r.served_on, v.station_id, r.kind, r.minutes, r.source,
                r.activity_id
         FROM hour_records r JOIN volunteers v ON v.id = r.volunteer_id WHERE {EFFECTIVE}"
    );
    let kept = "SELECT months, SUBSTR(CAST(period_start AS TEXT), 1, 10), volunteer_id,
                       station_id, service_minutes, training_minutes, scan_minutes, activities,
                       CAST(last_served_on AS TEXT)
                FROM volunteer_periods ORDER BY 1, 2, 3";
    let (raw, kept): (Raw, Vec<Line>) = with_pool!(db, pool => (
        sqlx::query_as(&raw).fetch_all(pool).await.expect("records"),
        sqlx::query_as(kept).fetch_all(pool).await.expect("kept periods"),
    ));
    #[derive(Default)]
    struct Sums {
        home: i64,
        service: i64,
        training: i64,
        scan: i64,
        activities: BTreeSet<i64>,
        last: Option<NaiveDate>,
    }
    let mut sums: BTreeMap<(i64, String, i64), Sums> = BTreeMap::new();
    for (volunteer, on, home, kind, minutes, source, activity) in raw {
        for months in crate::model::time::KEPT_PERIODS {
            let start = crate::model::time::period_start(on, months).to_string();
            let line = sums
                .entry((i64::from(months), start, volunteer))
                .or_default();
            line.home = home;
            match kind.as_str() {
                "service" => {
                    line.service += minutes;
                    if source == "scan" {
                        line.scan += minutes;
                    }
                }
                _ => line.training += minutes,
            }
            if minutes > 0 {
                line.activities.insert(activity);
                line.last = line.last.max(Some(on));
            }
        }
    }
    let expected: Vec<Line> = sums
        .into_iter()
        .filter(|(_, line)| !line.activities.is_empty())
        .map(|((months, start, volunteer), line)| {
            (
                months,
                start,
                volunteer,
                line.home,
                line.service,
                line.training,
                line.scan,
                i64::try_from(line.activities.len()).unwrap_or(-1),
                line.last.map(|d| d.to_string()),
            )
        })
        .collect();
    assert!(!expected.is_empty(), "{}: someone served", db.backend());
    assert_eq!(kept, expected, "{}: volunteer_periods", db.backend());
}

/// The report totals per node, period and group equal what the records give, counted here
/// independently: every effective record adds its minutes to each node above its recording
/// station, and its volunteer to the people of that key when it has minutes.
async fn assert_node_totals_match_the_records(db: &Db) {
    use crate::model::time::{REPORT_PERIODS, report_period_start};
    use crate::server::db::query::EFFECTIVE;
    use std::collections::{BTreeMap, BTreeSet};
    type Raw = Vec<(i64, String, i64, NaiveDate, String, i64, String)>;
    type Kept = Vec<(i64, i64, String, String, i64, i64, i64, i64, i64)>;
    let raw_sql = format!(
        "SELECT r.volunteer_id, s.path, a.project_id, r.served_on, r.kind, r.minutes, r.source
         FROM hour_records r JOIN activities a ON a.id = r.activity_id
         JOIN stations s ON s.id = r.station_id WHERE {EFFECTIVE}"
    );
    let kept_sql = "SELECT node_id, months, SUBSTR(CAST(period_start AS TEXT), 1, 10), group_kind,
                           group_id, service_minutes, training_minutes, volunteers, scan_minutes
                    FROM node_period_totals
                    WHERE service_minutes > 0 OR training_minutes > 0 OR volunteers > 0";
    let (raw, mut kept): (Raw, Kept) = with_pool!(db, pool => (
        sqlx::query_as(&raw_sql).fetch_all(pool).await.expect("raw"),
        sqlx::query_as(kept_sql).fetch_all(pool).await.expect("kept"),
    ));
    type Sums = (i64, i64, BTreeSet<i64>, i64);
    let mut expected: BTreeMap<(i64, i64, String, String, i64), Sums> = BTreeMap::new();
    for (volunteer, path, project, on, kind, minutes, source) in raw {
        let nodes: Vec<i64> = path.split('/').filter_map(|p| p.parse().ok()).collect();
        for months in REPORT_PERIODS {
            let start = report_period_start(on, months).to_string();
            for (i, node) in nodes.iter().enumerate() {
                let child = nodes.get(i + 1).unwrap_or(node);
                for (g, id) in [("all", 0), ("project", project), ("child", *child)] {
                    let e = expected
                        .entry((*node, i64::from(months), start.clone(), g.to_owned(), id))
                        .or_default();
                    if kind == "training" {
                        e.1 += minutes;
                    } else {
                        e.0 += minutes;
                        if source == "scan" {
                            e.3 += minutes;
                        }
                    }
                    if minutes > 0 {
                        e.2.insert(volunteer);
                    }
                }
            }
        }
    }
    let mut expected: Kept = expected
        .into_iter()
        .filter(|(_, (s, t, people, _))| *s > 0 || *t > 0 || !people.is_empty())
        .map(|((n, m, st, g, id), (s, t, people, scan))| {
            (
                n,
                m,
                st,
                g,
                id,
                s,
                t,
                i64::try_from(people.len()).unwrap_or(0),
                scan,
            )
        })
        .collect();
    expected.sort();
    kept.sort();
    assert!(
        !expected.is_empty(),
        "{}: report totals exist",
        db.backend()
    );
    assert_eq!(kept, expected, "{}: node_period_totals", db.backend());
}

/// The served months per node and group with the month before (`node_month_returns`) hold
/// what the records that count give: each month someone served in, with minutes, counted once
/// per person under the month they served in before it in that node and group, and at their
/// home station for serving anywhere.
async fn assert_node_returns_match_the_records(db: &Db) {
    use crate::server::db::query::EFFECTIVE;
    use std::collections::{BTreeMap, BTreeSet};
    type Raw = Vec<(i64, String, i64, NaiveDate, i64)>;
    type Kept = Vec<(i64, String, i64, String, String, i64)>;
    let raw_sql = format!(
        "SELECT r.volunteer_id, s.path, a.project_id, r.served_on, v.station_id
         FROM hour_records r JOIN activities a ON a.id = r.activity_id
         JOIN stations s ON s.id = r.station_id JOIN volunteers v ON v.id = r.volunteer_id
         WHERE {EFFECTIVE} AND r.minutes > 0"
    );
    let kept_sql = "SELECT node_id, group_kind, group_id,
                           SUBSTR(CAST(month_start AS TEXT), 1, 10),
                           SUBSTR(CAST(prev_month AS TEXT), 1, 10), volunteers
                    FROM node_month_returns WHERE volunteers <> 0";
    let (raw, mut kept): (Raw, Kept) = with_pool!(db, pool => (
        sqlx::query_as(&raw_sql).fetch_all(pool).await.expect("raw"),
        sqlx::query_as(kept_sql).fetch_all(pool).await.expect("kept"),
    ));
    let mut served: BTreeMap<(i64, String, i64, i64), BTreeSet<NaiveDate>> = BTreeMap::new();
    for (volunteer, path, project, on, home) in raw {
        let month = crate::model::time::month_start(on);
        let nodes: Vec<i64> = path.split('/').filter_map(|p| p.parse().ok()).collect();
        for (i, node) in nodes.iter().enumerate() {
            let child = nodes.get(i + 1).unwrap_or(node);
            for (g, id) in [("project", project), ("child", *child)] {
                served
                    .entry((*node, g.to_owned(), id, volunteer))
                    .or_default()
                    .insert(month);
            }
        }
        // Served anywhere, at the home station.
        served
            .entry((home, "home".to_owned(), 0, volunteer))
            .or_default()
            .insert(month);
    }
    let mut expected: BTreeMap<(i64, String, i64, String, String), i64> = BTreeMap::new();
    for ((node, g, id, _), months) in served {
        let mut prev = "1900-01-01".to_owned();
        for month in months {
            *expected
                .entry((node, g.clone(), id, month.to_string(), prev))
                .or_default() += 1;
            prev = month.to_string();
        }
    }
    let mut expected: Kept = expected
        .into_iter()
        .map(|((n, g, id, m, p), c)| (n, g, id, m, p, c))
        .collect();
    expected.sort();
    kept.sort();
    assert!(
        !expected.is_empty(),
        "{}: served months exist",
        db.backend()
    );
    assert_eq!(kept, expected, "{}: node_month_returns", db.backend());
}

/// The served days per node and group with the day before (`node_day_returns`) hold what the
/// records that count give: each day someone served (a record with minutes), with that day's
/// minutes, counted once per person under the day they served before it in that node and
/// group; for serving anywhere, at every node above their home station.
async fn assert_node_day_returns_match_the_records(db: &Db) {
    use crate::server::db::query::EFFECTIVE;
    use std::collections::BTreeMap;
    type Raw = Vec<(i64, String, String, i64, NaiveDate, String, String, i64)>;
    type Kept = Vec<(i64, String, i64, String, String, i64, i64, i64, i64)>;
    let raw_sql = format!(
        "SELECT r.volunteer_id, s.path, hs.path, a.project_id, r.served_on, r.kind, r.source,
                CAST(r.minutes AS BIGINT)
         FROM hour_records r JOIN activities a ON a.id = r.activity_id
         JOIN stations s ON s.id = r.station_id JOIN volunteers v ON v.id = r.volunteer_id
         JOIN stations hs ON hs.id = v.station_id
         WHERE {EFFECTIVE}"
    );
    let kept_sql = "SELECT node_id, group_kind, group_id, SUBSTR(CAST(day AS TEXT), 1, 10),
                           SUBSTR(CAST(prev_day AS TEXT), 1, 10), volunteers, service_minutes,
                           training_minutes, scan_minutes
                    FROM node_day_returns
                    WHERE volunteers <> 0 OR service_minutes <> 0 OR training_minutes <> 0
                       OR scan_minutes <> 0";
    let (raw, mut kept): (Raw, Kept) = with_pool!(db, pool => (
        sqlx::query_as(&raw_sql).fetch_all(pool).await.expect("raw"),
        sqlx::query_as(kept_sql).fetch_all(pool).await.expect("kept"),
    ));
    let ids = |path: &str| -> Vec<i64> { path.split('/').filter_map(|p| p.parse().ok()).collect() };
    // (node, kind, id, volunteer) -> day -> (service, training, scan, served)
    type Days = BTreeMap<NaiveDate, (i64, i64, i64, bool)>;
    let mut served: BTreeMap<(i64, String, i64, i64), Days> = BTreeMap::new();
    for (volunteer, path, home, project, on, kind, source, minutes) in raw {
        let service = if kind == "service" { minutes } else { 0 };
        let training = if kind == "training" { minutes } else { 0 };
        let scan = if kind == "service" && source == "scan" {
            minutes
        } else {
            0
        };
        let mut add = |node: i64, g: &str, id: i64| {
            let e = served
                .entry((node, g.to_owned(), id, volunteer))
                .or_default()
                .entry(on)
                .or_default();
            e.0 += service;
            e.1 += training;
            e.2 += scan;
            e.3 |= minutes > 0;
        };
        let nodes = ids(&path);
        for (i, node) in nodes.iter().enumerate() {
            let child = *nodes.get(i + 1).unwrap_or(node);
            add(*node, "all", 0);
            add(*node, "project", project);
            add(*node, "child", child);
        }
        let homes = ids(&home);
        for (i, node) in homes.iter().enumerate() {
            add(*node, "home", *homes.get(i + 1).unwrap_or(node));
        }
    }
    /// Node, group kind and id, day, day before.
    type Key = (i64, String, i64, String, String);
    let mut expected: BTreeMap<Key, (i64, i64, i64, i64)> = BTreeMap::new();
    for ((node, g, id, _), days) in served {
        let mut prev = "1900-01-01".to_owned();
        for (day, (service, training, scan, was_served)) in days {
            if !was_served {
                continue;
            }
            let e = expected
                .entry((node, g.clone(), id, day.to_string(), prev))
                .or_default();
            *e = (e.0 + 1, e.1 + service, e.2 + training, e.3 + scan);
            prev = day.to_string();
        }
    }
    let mut expected: Kept = expected
        .into_iter()
        .map(|((n, g, id, d, p), (v, s, t, c))| (n, g, id, d, p, v, s, t, c))
        .collect();
    expected.sort();
    kept.sort();
    assert!(!expected.is_empty(), "{}: served days exist", db.backend());
    assert_eq!(kept, expected, "{}: node_day_returns", db.backend());
}

/// Fills the served days with the day before again with migration 0025's own SQL.
async fn backfill_node_day_returns_as_the_migration_does(db: &Db) {
    let files = (
        include_str!("../../../../../migrations/sqlite/0025_node_day_returns.sql"),
        include_str!("../../../../../migrations/postgres/0025_node_day_returns.sql"),
    );
    run_backfill(db, files, "DELETE FROM node_day_returns").await;
}

/// Runs the backfill part of a migration (the SQLite or PostgreSQL file's text after its
/// `-- backfill` line) after `clear`, as an upgrade of a database with data would.
async fn run_backfill(db: &Db, (sqlite, postgres): (&str, &str), clear: &str) {
    let file = match db {
        Db::Sqlite(_) => sqlite,
        Db::Postgres(_) => postgres,
    };
    let (_, backfill) = file.split_once("-- backfill").expect("the backfill part");
    let backfill = backfill.split_once('\n').map_or("", |(_, rest)| rest);
    with_pool!(db, pool => {
        sqlx::query(clear).execute(pool).await.expect("clear");
        sqlx::raw_sql(backfill).execute(pool).await.expect("backfill");
    });
}

/// Fills the served months with the month before again with migration 0024's own SQL.
async fn backfill_node_returns_as_the_migration_does(db: &Db) {
    let files = (
        include_str!("../../../../../migrations/sqlite/0024_node_month_returns.sql"),
        include_str!("../../../../../migrations/postgres/0024_node_month_returns.sql"),
    );
    run_backfill(db, files, "DELETE FROM node_month_returns").await;
}

/// Fills the report totals again with the migration's own SQL, as an upgrade would.
async fn backfill_node_totals_as_the_migration_does(db: &Db) {
    let files = (
        include_str!("../../../../../migrations/sqlite/0010_node_period_totals.sql"),
        include_str!("../../../../../migrations/postgres/0010_node_period_totals.sql"),
    );
    run_backfill(db, files, "DELETE FROM node_period_totals").await;
}

/// Clears what migrations 0020 (on the month rows) and 0021 (the sums per volunteer and
/// period) added and fills it in again as the migrations do.
async fn backfill_roster_months_as_the_migration_does(db: &Db) {
    let files = (
        include_str!("../../../../../migrations/sqlite/0020_roster_months.sql"),
        include_str!("../../../../../migrations/postgres/0020_roster_months.sql"),
    );
    let clear = "UPDATE volunteer_months SET activities = 0, last_served_on = NULL";
    run_backfill(db, files, clear).await;
    // Then 0021's sums per volunteer and period, from those month rows.
    let files = (
        include_str!("../../../../../migrations/sqlite/0021_volunteer_periods.sql"),
        include_str!("../../../../../migrations/postgres/0021_volunteer_periods.sql"),
    );
    run_backfill(db, files, "DELETE FROM volunteer_periods").await;
}

/// Random confirmations and corrections (across months, some moving a record to another
/// month) keep the month totals equal to the records on both backends; reports and the
/// overview read them for whole months and agree with the records for any range.
#[tokio::test]
async fn month_totals_follow_confirmations_and_corrections() {
    use crate::server::db::volunteers::TotalsBy;
    for db in backends().await {
        let s = setup(&db).await;
        assert_month_totals_match_the_records(&db).await;
        let mut made = Vec::new();
        for (i, days_ago) in [2i64, 40, 70, 100].into_iter().enumerate() {
            let day = today() - Duration::days(days_ago);
            let activity = activity_on(&db, &s, day).await;
            for (j, v) in s.volunteers.iter().enumerate() {
                let start = 480 + 30 * i64::try_from(j).unwrap_or(0);
                let mut r = record(
                    &s,
                    *v,
                    start,
                    start + 60 + 15 * i64::try_from(i).unwrap_or(0),
                );
                r.served_on = day;
                r.activity_id = activity;
                made.push(r);
            }
            // A second stretch of the same activity: one activity, not two.
            let mut again = record(&s, s.volunteers[0], 900, 930);
            again.served_on = day;
            again.activity_id = activity;
            made.push(again);
        }
        let ids = db
            .record_hours(&made, &actor(s.coord))
            .await
            .map_err(|(_, e)| e)
            .expect("record");
        // Confirm all but every third, in two batches.
        let pick: Vec<i64> = ids
            .iter()
            .copied()
            .enumerate()
            .filter(|(k, _)| k % 3 != 2)
            .map(|(_, id)| id)
            .collect();
        let (first, second) = pick.split_at(pick.len() / 2);
        db.confirm_hours(first, &actor(s.coord))
            .await
            .expect("confirm");
        assert_month_totals_match_the_records(&db).await;
        db.confirm_hours(second, &actor(s.coord))
            .await
            .expect("confirm");
        assert_month_totals_match_the_records(&db).await;
        // Correct two confirmed records: one shorter, one moved to another month.
        let mut fix_a = made[0].clone();
        fix_a.end_min = fix_a.start_min + 20;
        fix_a.amends_id = Some(ids[0]);
        fix_a.correction_reason = Some("时间记错".into());
        let mut fix_b = made[1].clone();
        fix_b.served_on = today() - Duration::days(160);
        fix_b.activity_id = activity_on(&db, &s, fix_b.served_on).await;
        fix_b.amends_id = Some(ids[1]);
        fix_b.correction_reason = Some("日期记错".into());
        let fixes = db
            .record_hours(&[fix_a, fix_b], &actor(s.coord))
            .await
            .map_err(|(_, e)| e)
            .expect("corrections");
        assert_month_totals_match_the_records(&db).await;
        // A correction is approved by another coordinator.
        db.confirm_hours(&fixes, &actor(s.coord2))
            .await
            .expect("confirm corrections");
        assert_month_totals_match_the_records(&db).await;
        // A spreadsheet import of last year's hours (written as records, then confirmed).
        let mut imported: Vec<NewHourRecord> = Vec::new();
        for (j, v) in s.volunteers.iter().enumerate() {
            let start = 540 + 10 * i64::try_from(j).unwrap_or(0);
            let day = today() - Duration::days(370 + 31 * i64::try_from(j).unwrap_or(0));
            let mut r = record_on(&db, &s, day, *v, start, start + 45).await;
            r.source = RecordSource::Import;
            imported.push(r);
        }
        let imported = db
            .record_hours(&imported, &actor(s.coord))
            .await
            .map_err(|(_, e)| e)
            .expect("import");
        assert_month_totals_match_the_records(&db).await;
        db.confirm_hours(&imported, &actor(s.coord))
            .await
            .expect("confirm import");
        assert_month_totals_match_the_records(&db).await;
        // Whole months come from the totals, other ranges from the records: they agree.
        let scope = crate::model::permission::Scope::All;
        let month_from = crate::model::time::month_start(today() - Duration::days(170));
        let county = db
            .report_node(&county_scope(&db).await)
            .await
            .expect("node");
        assert!(county.is_some(), "a county's report is about the county");
        for node in [None, county] {
            for by in [TotalsBy::Project, TotalsBy::Station, TotalsBy::Month] {
                let by_totals = db
                    .volunteer_month_totals(&scope, node, by, Some(month_from), Some(today()))
                    .await
                    .expect("whole months");
                let by_records = db
                    .volunteer_record_totals(&scope, node, by, Some(month_from), Some(today()))
                    .await
                    .expect("same range");
                assert_eq!(by_totals, by_records, "{}", db.backend());
            }
        }
        // Kept periods of one node come from the report totals: the same lines as the
        // month totals give for that node's scope.
        let year = crate::model::time::period_start(today(), 12);
        let county_scope = county_scope(&db).await;
        for (from, to) in [
            (None, None),
            (Some(year), Some(today())),
            (Some(month_from), None),
        ] {
            for by in [TotalsBy::Project, TotalsBy::Station, TotalsBy::Month] {
                let kept = db
                    .volunteer_totals(&county_scope, by, from, to)
                    .await
                    .expect("kept");
                let summed = db
                    .volunteer_month_totals(&county_scope, county, by, from, to)
                    .await
                    .expect("summed");
                assert_eq!(kept, summed, "{}: {by:?} {from:?}", db.backend());
            }
        }
        // Other runs of whole months of one node: minutes from the kept month totals, people
        // from the months they served in with the month before; the same lines as summing
        // the month totals.
        let end_of = |d: NaiveDate| {
            crate::model::time::next_month_start(d)
                .pred_opt()
                .expect("a day")
        };
        let months_ago = |n: i64| crate::model::time::month_start(today() - Duration::days(30 * n));
        let custom = [
            // Two months, five months and thirteen months, ended before this month: never a
            // kept month, quarter or year.
            (Some(months_ago(4)), Some(end_of(months_ago(3)))),
            (Some(months_ago(6)), Some(end_of(months_ago(2)))),
            (Some(months_ago(14)), Some(end_of(months_ago(2)))),
            (None, Some(end_of(months_ago(2)))),
            (
                NaiveDate::from_ymd_opt(1, 1, 1),
                Some(end_of(months_ago(2))),
            ),
            // Up to today: kept when it happens to start a quarter or year, then left out.
            (Some(months_ago(4)), None),
        ];
        let (mut checked, mut people) = (0, 0);
        for (from, to) in custom {
            assert!(crate::model::time::whole_months(from, to, today()));
            if crate::model::time::report_period(from, to, today()).is_some() {
                continue;
            }
            checked += 1;
            for report_scope in [scope.clone(), county_scope.clone()] {
                let node = db.report_node(&report_scope).await.expect("node");
                assert!(node.is_some(), "one node");
                for by in [TotalsBy::Project, TotalsBy::Station] {
                    let kept = db
                        .volunteer_totals(&report_scope, by, from, to)
                        .await
                        .expect("kept");
                    let summed = db
                        .volunteer_month_totals(&report_scope, node, by, from, to)
                        .await
                        .expect("summed");
                    assert_eq!(kept, summed, "{}: {by:?} {from:?}..{to:?}", db.backend());
                    people += kept.iter().map(|l| l.volunteers).sum::<i64>();
                }
            }
        }
        assert!(
            checked >= 4 && people > 0,
            "custom ranges with people were compared"
        );
        backfill_node_totals_as_the_migration_does(&db).await;
        assert_node_totals_match_the_records(&db).await;
        backfill_node_returns_as_the_migration_does(&db).await;
        assert_node_returns_match_the_records(&db).await;
        backfill_node_day_returns_as_the_migration_does(&db).await;
        assert_node_day_returns_match_the_records(&db).await;
        backfill_roster_months_as_the_migration_does(&db).await;
        assert_month_totals_match_the_records(&db).await;
        db.rebuild_node_period_totals().await.expect("rebuild");
        assert_node_totals_match_the_records(&db).await;
        assert_node_returns_match_the_records(&db).await;
        db.rebuild_node_day_returns().await.expect("rebuild days");
        assert_node_day_returns_match_the_records(&db).await;
        // Ranges with mid-month ends read whole months from the totals and their end months'
        // other days from the records: the same lines as summing every record.
        let day = |n: i64| Some(month_from + Duration::days(n));
        let last_year = Some(today() - Duration::days(400));
        let ranges = [
            (day(1), Some(today())),
            (day(1), day(40)),
            (day(3), day(10)),
            (None, day(40)),
            (day(1), None),
            (last_year, Some(today() - Duration::days(20))),
            (Some(month_from), day(40)),
            // A start before anything kept reads as an open one.
            (NaiveDate::from_ymd_opt(1, 3, 15), day(40)),
        ];
        for (from, to) in ranges {
            assert!(!crate::model::time::whole_months(from, to, today()));
            for node in [None, county] {
                for by in [TotalsBy::Project, TotalsBy::Station, TotalsBy::Month] {
                    let edges = db
                        .volunteer_edge_totals(&scope, node, by, from, to, today())
                        .await
                        .expect("edges");
                    let records = db
                        .volunteer_record_totals(&scope, node, by, from, to)
                        .await
                        .expect("records");
                    assert_eq!(edges, records, "{}: {by:?} {from:?}..{to:?}", db.backend());
                }
            }
            // A report of one node (the county, the whole tree's root) reads its whole
            // months from the kept rows and only the end months' other days from the records.
            for report_scope in [scope.clone(), county_scope.clone()] {
                let node = db.report_node(&report_scope).await.expect("node");
                assert!(node.is_some(), "one node");
                for by in [TotalsBy::Project, TotalsBy::Station, TotalsBy::Month] {
                    let shown = db
                        .volunteer_totals(&report_scope, by, from, to)
                        .await
                        .expect("report");
                    let records = db
                        .volunteer_record_totals(&report_scope, node, by, from, to)
                        .await
                        .expect("records");
                    assert_eq!(shown, records, "{}: {by:?} {from:?}..{to:?}", db.backend());
                }
            }
        }
        // The overview's volunteers over custom ranges, whole months and mid-month ends: the
        // people active by home station and the minutes by recording station that the
        // records give, for the county and the whole tree.
        use crate::server::db::query::EFFECTIVE;
        let Scope::Within(county_paths) = &county_scope else {
            panic!("a county scope");
        };
        let county_path = county_paths[0].clone();
        let root_path = format!("/{}/", county_path.split('/').nth(1).unwrap_or_default());
        let overview_ranges = ranges
            .into_iter()
            .chain([
                (Some(month_from), Some(month_from + Duration::days(70))),
                (Some(month_from), Some(today())),
            ])
            .filter_map(|(from, to)| Some((from?, to?)))
            .filter(|(from, _)| chrono::Datelike::year(from) > 1900);
        for (from, to) in overview_ranges {
            let period = crate::model::overview::Period::resolve(
                crate::model::overview::PeriodKind::Custom,
                today(),
                Some(from),
                Some(to),
            )
            .expect("period");
            for path in [&root_path, &county_path] {
                let shares = db
                    .overview_shares(path, &period, today())
                    .await
                    .expect("overview");
                let shown = shares.iter().fold((0, 0, 0), |t, (_, f)| {
                    (
                        t.0 + f.active_volunteers,
                        t.1 + f.service_minutes,
                        t.2 + f.training_minutes,
                    )
                });
                let active_sql = format!(
                    "SELECT COUNT(DISTINCT r.volunteer_id)
                     FROM hour_records r JOIN volunteers v ON v.id = r.volunteer_id
                     JOIN stations s ON s.id = v.station_id
                     WHERE {EFFECTIVE} AND r.minutes > 0 AND r.served_on >= $1
                       AND r.served_on <= $2 AND s.path LIKE $3"
                );
                let minutes_sql = format!(
                    "SELECT CAST(COALESCE(SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END), 0) AS BIGINT),
                            CAST(COALESCE(SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END), 0) AS BIGINT)
                     FROM hour_records r JOIN stations s ON s.id = r.station_id
                     WHERE {EFFECTIVE} AND r.served_on >= $1 AND r.served_on <= $2
                       AND s.path LIKE $3"
                );
                let under = format!("{path}%");
                let (active, (service, training)): (i64, (i64, i64)) = with_pool!(&db, pool => (
                    sqlx::query_scalar(&active_sql).bind(from).bind(to).bind(&under)
                        .fetch_one(pool).await.expect("active"),
                    sqlx::query_as(&minutes_sql).bind(from).bind(to).bind(&under)
                        .fetch_one(pool).await.expect("minutes"),
                ));
                assert_eq!(
                    shown,
                    (active, service, training),
                    "{}: overview of {path} {from}..{to}",
                    db.backend()
                );
            }
        }
        // The roster filtered by project and dates sums the same rows per volunteer: what
        // the records give, for every range, with and without a project, in two scopes.
        let other = db
            .project_overview()
            .await
            .expect("projects")
            .into_iter()
            .map(|p| p.id)
            .find(|p| *p != s.project);
        // Calendar periods too: a month, a quarter and a year up to today are counted from
        // the kept active volunteers per home station.
        let kept = |months: u32| {
            (
                Some(crate::model::time::period_start(today(), months)),
                Some(today()),
            )
        };
        let whole = [
            (None, None),
            (Some(month_from), Some(today())),
            (Some(month_from), None),
            kept(1),
            kept(3),
            kept(12),
        ];
        for (from, to) in ranges.into_iter().chain(whole) {
            for project_id in [None, Some(s.project), other] {
                if from.is_none() && to.is_none() && project_id.is_none() {
                    continue;
                }
                let sorts = ["number", "name", "hours", "last"];
                for (roster_scope, sort) in [scope.clone(), county_scope.clone()]
                    .into_iter()
                    .flat_map(|scope| sorts.map(|sort| (scope.clone(), sort)))
                {
                    let filter = RosterFilter {
                        project_id,
                        from,
                        to,
                        sort: sort.into(),
                        desc: sort == "hours",
                        page: 1,
                        ..RosterFilter::default()
                    };
                    let (rows, total) = db
                        .roster(&roster_scope, &filter, 1000)
                        .await
                        .expect("roster");
                    let mut shown: Vec<RosterSums> = rows
                        .iter()
                        .map(|r| {
                            (
                                r.id,
                                r.service_minutes,
                                r.training_minutes,
                                r.activities,
                                r.last_served_on.map(|d| d.to_string()),
                                r.scan_minutes,
                            )
                        })
                        .collect();
                    shown.sort_unstable_by_key(|r| r.0);
                    let expected = roster_from_records(&db, &roster_scope, &filter).await;
                    assert_eq!(
                        shown,
                        expected,
                        "{}: roster by {sort}, {project_id:?} {from:?}..{to:?}",
                        db.backend()
                    );
                    assert_eq!(total, i64::try_from(expected.len()).unwrap_or(-1));
                    if project_id == Some(s.project) && from == day(1) && to == Some(today()) {
                        assert!(!expected.is_empty(), "{from:?}..{to:?} holds records");
                    }
                }
            }
        }
        // Pages of a filtered roster, in every order, cover one long page (an export's size,
        // summed for everyone at once) once, in order.
        // A calendar quarter sorted by hours (both ways) reads the kept sums per period: over
        // everyone (a walk by minutes) and one station's (read by station and sorted).
        let days = (day(1), Some(today()));
        let walks = ["number", "name", "hours", "last"]
            .into_iter()
            .flat_map(|sort| [None, Some(s.project)].map(|p| (sort, sort == "name", p, days)))
            .map(|(sort, desc, project, range)| (sort, desc, project, range, None))
            .chain(
                [
                    (true, None),
                    (false, None),
                    (true, Some(s.santang)),
                    (false, Some(s.santang)),
                ]
                .into_iter()
                .flat_map(|(desc, station)| {
                    ["hours", "last"].map(|sort| (sort, desc, None, kept(3), station))
                }),
            );
        for (sort, desc, project_id, (from, to), station_id) in walks {
            let filter = |page: i64| RosterFilter {
                project_id,
                from,
                to,
                station_id,
                sort: sort.into(),
                desc,
                page,
                ..RosterFilter::default()
            };
            let (long, total) = db.roster(&scope, &filter(1), 10_000).await.expect("long");
            let in_order = |a: &RosterRow, b: &RosterRow| {
                let key = |r: &RosterRow| match sort {
                    "hours" => (r.service_minutes, None, r.id),
                    "last" => (0, r.last_served_on, r.id),
                    _ => (0, None, 0),
                };
                if desc {
                    key(a) >= key(b)
                } else {
                    key(a) <= key(b)
                }
            };
            assert!(
                long.windows(2).all(|w| in_order(&w[0], &w[1])),
                "{}: by {sort}, desc {desc}",
                db.backend()
            );
            let long: Vec<i64> = long.iter().map(|r| r.id).collect();
            assert_eq!(total, i64::try_from(long.len()).unwrap_or(-1));
            let mut paged = Vec::new();
            for page in 1.. {
                let (rows, n) = db.roster(&scope, &filter(page), 7).await.expect("page");
                assert_eq!(n, total, "{sort}: every page counts the same");
                if rows.is_empty() {
                    break;
                }
                paged.extend(rows.iter().map(|r| r.id));
            }
            assert_eq!(paged, long, "{}: pages by {sort} {from:?}", db.backend());
        }
        // Both ways of reading a page by hours or last day served in a kept period (walking
        // the period's rows in that order, or reading the scope's and sorting) give the same
        // pages, for everyone and for one station, both directions.
        let period = (3, crate::model::time::period_start(today(), 3));
        let ways = [
            (None, true),
            (None, false),
            (Some(s.santang), true),
            (Some(s.santang), false),
        ]
        .into_iter()
        .flat_map(|(station, desc)| ["hours", "last"].map(|sort| (station, desc, sort)));
        for (station_id, desc, sort) in ways {
            let filter = RosterFilter {
                station_id,
                desc,
                sort: sort.into(),
                ..RosterFilter::default()
            };
            let mut pages = Vec::new();
            for walk in [true, false] {
                let mut ids = Vec::new();
                for offset in (0..).step_by(7) {
                    let page = db
                        .period_page(&scope, &filter, period, walk, 7, offset)
                        .await
                        .expect("period page");
                    if page.is_empty() {
                        break;
                    }
                    ids.extend(page);
                }
                pages.push(ids);
            }
            assert!(pages[0].len() > 7, "{}: more than a page", db.backend());
            assert_eq!(
                pages[0],
                pages[1],
                "{}: {station_id:?} by {sort}, desc {desc}",
                db.backend()
            );
        }
        // Two stretches of one activity are one activity: the first volunteer's corrected
        // 20 minutes and a second 30 on the same day.
        let two_days_ago = Some(today() - Duration::days(2));
        let (rows, _) = db
            .roster(
                &scope,
                &RosterFilter {
                    project_id: Some(s.project),
                    from: two_days_ago,
                    to: two_days_ago,
                    page: 1,
                    ..RosterFilter::default()
                },
                50,
            )
            .await
            .expect("one day");
        let first = rows
            .iter()
            .find(|r| r.id == s.volunteers[0])
            .expect("served");
        assert_eq!((first.service_minutes, first.activities), (50, 1));
        // A page past the end is empty and still says how many match.
        let filter = RosterFilter {
            project_id: Some(s.project),
            page: 1,
            sort: "hours".into(),
            ..RosterFilter::default()
        };
        let (_, matching) = db.roster(&scope, &filter, 1).await.expect("first page");
        assert!(matching >= i64::try_from(s.volunteers.len()).unwrap_or(0));
        let past = RosterFilter {
            page: matching + 1,
            ..filter
        };
        let (rows, total) = db.roster(&scope, &past, 1).await.expect("past the end");
        assert!(rows.is_empty());
        assert_eq!(total, matching);
        let mid = db
            .volunteer_totals(&scope, TotalsBy::Month, day(1), Some(today()))
            .await
            .expect("mid-month");
        assert!(!mid.is_empty());
    }
}

/// A roster line's sums: volunteer, service, training, activities, last day, scanned.
type RosterSums = (i64, i64, i64, i64, Option<String>, i64);

/// The roster lines `filter` (project, dates) gives in `scope`, summed here from the records,
/// in volunteer order.
async fn roster_from_records(db: &Db, scope: &Scope, filter: &RosterFilter) -> Vec<RosterSums> {
    use crate::server::db::query::{EFFECTIVE, Filter};
    let mut f = Filter::default();
    f.conds.push(EFFECTIVE.to_owned());
    f.conds.push("r.minutes > 0".to_owned());
    f.within("v.station_id", scope);
    if let Some(p) = filter.project_id {
        f.conds.push(format!("a.project_id = {p}"));
    }
    if let Some(d) = filter.from {
        f.conds.push(format!("r.served_on >= '{d}'"));
    }
    if let Some(d) = filter.to {
        f.conds.push(format!("r.served_on <= '{d}'"));
    }
    let sql = format!(
        "SELECT r.volunteer_id,
                CAST(SUM(CASE WHEN r.kind = 'service' THEN r.minutes ELSE 0 END) AS BIGINT),
                CAST(SUM(CASE WHEN r.kind = 'training' THEN r.minutes ELSE 0 END) AS BIGINT),
                COUNT(DISTINCT r.activity_id), MAX(CAST(r.served_on AS TEXT)),
                CAST(SUM(CASE WHEN r.kind = 'service' AND r.source = 'scan' THEN r.minutes ELSE 0 END) AS BIGINT)
         FROM hour_records r JOIN activities a ON a.id = r.activity_id
         JOIN volunteers v ON v.id = r.volunteer_id {}
         GROUP BY r.volunteer_id ORDER BY r.volunteer_id",
        f.where_sql()
    );
    with_pool!(db, pool => {
        crate::server::db::query::bind_all!(sqlx::query_as(&sql), &f.args)
            .fetch_all(pool)
            .await
            .expect("roster from records")
    })
}

/// The scope of a coordinator of the demo county.
async fn county_scope(db: &Db) -> Scope {
    let path: String = with_pool!(db, pool => {
        sqlx::query_scalar("SELECT path FROM stations WHERE name = $1")
            .bind(crate::server::db::demo::COUNTY)
            .fetch_one(pool)
            .await
            .expect("county")
    });
    Scope::Within(vec![path])
}

/// Long lists are read a page at a time, the page picked over ids before rows are joined:
/// walking every page in every order gives each volunteer and record exactly once, in the
/// order one long page gives, and the counts match.
#[tokio::test]
async fn pages_of_long_lists_cover_them_once_in_order() {
    for db in backends().await {
        demo(&db).await;
        for (sort, desc) in [
            ("name", false),
            ("number", true),
            ("hours", true),
            ("last", false),
        ] {
            let filter = |page| RosterFilter {
                sort: sort.into(),
                desc,
                page,
                ..RosterFilter::default()
            };
            let (all, total) = db
                .roster(&Scope::All, &filter(1), 10_000)
                .await
                .expect("all");
            assert_eq!(
                usize::try_from(total).ok(),
                Some(all.len()),
                "{}",
                db.backend()
            );
            let mut paged = Vec::new();
            for page in 1.. {
                let (rows, count) = db
                    .roster(&Scope::All, &filter(page), 37)
                    .await
                    .expect("page");
                assert_eq!(count, total);
                if rows.is_empty() {
                    break;
                }
                paged.extend(rows.into_iter().map(|r| r.id));
            }
            let ids: Vec<i64> = all.iter().map(|r| r.id).collect();
            assert_eq!(paged, ids, "{} roster by {sort}", db.backend());
        }
        let hours = |page| HoursFilter {
            page,
            ..HoursFilter::default()
        };
        let (all, total) = db
            .hour_records(&Scope::All, &hours(1), 10_000)
            .await
            .expect("all records");
        assert_eq!(usize::try_from(total).ok(), Some(all.len()));
        let (none, counted) = db
            .hour_records(&Scope::All, &hours(1), 0)
            .await
            .expect("count only");
        assert!(none.is_empty() && counted == total, "{}", db.backend());
        assert!(
            all.windows(2)
                .all(|w| (w[0].served_on, w[0].id) > (w[1].served_on, w[1].id)),
            "newest first"
        );
        let mut paged = Vec::new();
        for page in 1.. {
            let (rows, count) = db
                .hour_records(&Scope::All, &hours(page), 97)
                .await
                .expect("page");
            // Every page, the empty one past the end too, reads the same count.
            assert_eq!(count, total, "{} hours page {page}", db.backend());
            if rows.is_empty() {
                break;
            }
            paged.extend(rows.into_iter().map(|r| r.id));
        }
        assert_eq!(
            paged,
            all.iter().map(|r| r.id).collect::<Vec<_>>(),
            "{}",
            db.backend()
        );
    }
}

/// Project pickers offer the projects organised within a person's nodes or above them, never
/// another county's, at most the limit, keeping the chosen one.
#[tokio::test]
async fn project_choices_follow_the_tree() {
    for db in backends().await {
        demo(&db).await;
        let path = |name: &'static str| {
            let db = db.clone();
            async move {
                let id = station_id(&db, name).await;
                db.station_ref(id).await.expect("ref").expect("exists").path
            }
        };
        let names = |rows: Vec<(i64, String)>| {
            let mut names: Vec<String> = rows.into_iter().map(|r| r.1).collect();
            names.sort();
            names
        };
        let santang = Scope::Within(vec![path("三塘镇社工站").await]);
        assert_eq!(
            names(
                db.project_choices(&santang, None, 40)
                    .await
                    .expect("santang")
            ),
            ["向英雄的父母致敬", "海星行动"],
            "{}",
            db.backend()
        );
        let county = Scope::Within(vec![path(super::super::demo::COUNTY).await]);
        let in_county = names(db.project_choices(&county, None, 40).await.expect("county"));
        assert_eq!(in_county.len(), 5);
        assert!(!in_county.iter().any(|n| n == "衡阳县关爱留守儿童"));
        assert_eq!(
            db.project_choices(&Scope::All, None, 40)
                .await
                .expect("all")
                .len(),
            6
        );
        assert!(
            db.project_choices(&Scope::Within(Vec::new()), None, 40)
                .await
                .expect("none")
                .is_empty()
        );
        let all = db
            .project_choices(&Scope::All, None, 40)
            .await
            .expect("all");
        let oldest = all.iter().map(|r| r.0).min().expect("some");
        let two = db
            .project_choices(&Scope::All, Some(oldest), 2)
            .await
            .expect("two");
        assert_eq!(two.len(), 2);
        assert!(
            two.iter().any(|r| r.0 == oldest),
            "the chosen project stays"
        );
    }
}

/// A name search narrowed by the rarest piece of what was typed finds exactly what reading
/// every name with LIKE finds; the pieces kept at registration, by the rebuild and by the
/// migration's backfill are the same.
#[tokio::test]
async fn name_search_by_pieces_finds_what_like_finds() {
    use crate::server::db::name_grams::name_grams;
    for db in backends().await {
        let s = setup(&db).await;
        let new: Vec<_> = [
            ("欧阳娜娜", "19922220001"),
            ("Li Ming", "19922220002"),
            ("娜仁花", "19922220003"),
            ("李明", "19922220004"),
        ]
        .iter()
        .map(|(name, mobile)| {
            volunteer(name, mobile, s.santang, "1990-01-01")
                .validate(today())
                .expect("valid")
        })
        .collect();
        db.register_volunteers(&new, &actor(s.coord))
            .await
            .expect("register");
        for q in [
            "阳娜",
            "娜娜",
            "娜",
            "li m",
            "Li",
            "Ming",
            "测试志愿者1",
            "欧阳娜娜x",
            "仁花",
            "明",
            "志愿者",
        ] {
            let filter = RosterFilter {
                q: q.into(),
                page: 1,
                ..RosterFilter::default()
            };
            let (rows, total) = db.roster(&Scope::All, &filter, 1000).await.expect("search");
            let mut found: Vec<i64> = rows.iter().map(|r| r.id).collect();
            found.sort_unstable();
            let pattern = crate::model::volunteer::contains_pattern(q);
            let mut like: Vec<i64> = with_pool!(&db, pool => {
                sqlx::query_scalar("SELECT id FROM volunteers WHERE name LIKE $1 ESCAPE '\\' ORDER BY id")
                    .bind(&pattern)
                    .fetch_all(pool)
                    .await
                    .expect("like")
            });
            like.sort_unstable();
            assert_eq!(found, like, "{}: {q}", db.backend());
            assert_eq!(total, i64::try_from(like.len()).unwrap_or(0));
        }
        assert!(
            db.rarest_name_gram("阳娜").await.expect("gram").is_some(),
            "a rare piece narrows the search"
        );

        // The pieces kept equal the pieces of every name, whichever way they were written.
        let expected = || async {
            let people: Vec<(i64, String)> = with_pool!(&db, pool => {
                sqlx::query_as("SELECT id, name FROM volunteers").fetch_all(pool).await.expect("names")
            });
            let mut all: Vec<(String, i64)> = people
                .iter()
                .flat_map(|(id, name)| name_grams(name).into_iter().map(move |g| (g, *id)))
                .collect();
            all.sort();
            all
        };
        let kept = || async {
            let mut rows: Vec<(String, i64)> = with_pool!(&db, pool => {
                sqlx::query_as("SELECT gram, volunteer_id FROM volunteer_name_grams")
                    .fetch_all(pool)
                    .await
                    .expect("kept")
            });
            rows.sort();
            rows
        };
        let want = expected().await;
        assert!(want.len() > 100);
        assert_eq!(kept().await, want, "{}: at registration", db.backend());
        db.rebuild_name_grams().await.expect("rebuild");
        assert_eq!(kept().await, want, "{}: rebuilt", db.backend());
        let file = match &db {
            Db::Sqlite(_) => include_str!("../../../../../migrations/sqlite/0011_name_grams.sql"),
            Db::Postgres(_) => {
                include_str!("../../../../../migrations/postgres/0011_name_grams.sql")
            }
        };
        let (_, backfill) = file.split_once("-- backfill").expect("the backfill part");
        let backfill = backfill.split_once('\n').map_or("", |(_, rest)| rest);
        with_pool!(&db, pool => {
            sqlx::query("DELETE FROM volunteer_name_grams").execute(pool).await.expect("clear");
            sqlx::raw_sql(backfill).execute(pool).await.expect("backfill");
        });
        assert_eq!(
            kept().await,
            want,
            "{}: the migration's backfill",
            db.backend()
        );
    }
}

/// The national export reads exactly the records that count: confirmed, not replaced by a
/// confirmed correction (the correction counts instead), recorded by the stations in scope,
/// served in the period — with the volunteer's elements and their home station.
#[tokio::test]
async fn the_national_export_reads_the_records_that_count_in_scope_and_period() {
    use crate::model::national::{NationalPart, NationalPeriod};
    for db in backends().await {
        let s = setup(&db).await;
        let santang_path = db
            .station_ref(s.santang)
            .await
            .expect("station")
            .expect("exists")
            .path;
        let scope = Scope::Within(vec![santang_path.clone()]);
        let period = NationalPeriod {
            from: s.held_on,
            to: s.held_on,
        };
        let before = db.national_counts(&scope, &period).await.expect("counts");

        let ids = db
            .record_hours(
                &[
                    record(&s, s.volunteers[0], 540, 690),
                    record(&s, s.volunteers[1], 540, 690),
                    record(&s, s.volunteers[2], 540, 690),
                ],
                &actor(s.coord),
            )
            .await
            .expect("record");
        db.confirm_hours(&ids[..2], &actor(s.coord))
            .await
            .expect("confirm two, the third waits");
        let fix = correction(&s, s.volunteers[0], ids[0], 540, 600);
        let fix_id = db
            .record_hours(&[fix], &actor(s.coord))
            .await
            .expect("correction")[0];
        db.confirm_hours(&[fix_id], &actor(s.coord2))
            .await
            .expect("confirm correction");

        let after = db.national_counts(&scope, &period).await.expect("counts");
        assert_eq!(
            (after.0 - before.0, after.1 - before.1),
            (2, 2),
            "{}: the correction and the second record, of two volunteers",
            db.backend()
        );
        let rows = db
            .national_records(&scope, &period, 100_000)
            .await
            .expect("records");
        assert_eq!(rows.len() as i64, after.0, "the list matches the count");
        let ours: Vec<_> = rows
            .iter()
            .filter(|r| s.volunteers.contains(&r.volunteer_id))
            .collect();
        let mut got: Vec<(i64, i64, Option<i64>)> = ours
            .iter()
            .map(|r| (r.id, r.minutes, r.amends_id))
            .collect();
        got.sort_unstable();
        let mut want = vec![(ids[1], 150, None), (fix_id, 60, Some(ids[0]))];
        want.sort_unstable();
        assert_eq!(got, want, "{}", db.backend());
        let first = ours.iter().find(|r| r.id == fix_id).expect("correction");
        assert_eq!(first.mobile, "19911110001");
        assert_eq!(first.home_path, santang_path);
        assert_eq!(
            (first.township.as_str(), first.village.as_str()),
            ("三塘镇", "新塘村")
        );
        assert_eq!(first.confirmed_by.as_deref(), Some("第二协调员"));

        let quanxi = station_id(&db, "泉溪镇社工站").await;
        let elsewhere = Scope::Within(vec![
            db.station_ref(quanxi)
                .await
                .expect("station")
                .expect("exists")
                .path,
        ]);
        assert!(
            db.national_records(&elsewhere, &period, 100_000)
                .await
                .expect("records")
                .iter()
                .all(|r| !s.volunteers.contains(&r.volunteer_id)),
            "another station's export holds none of them"
        );
        let earlier = NationalPeriod {
            from: s.held_on - Duration::days(400),
            to: s.held_on - Duration::days(370),
        };
        assert_eq!(
            db.national_counts(&scope, &earlier).await.expect("counts"),
            (0, 0),
            "nothing outside the period"
        );

        let revealed = std::collections::BTreeMap::from([(s.santang, 2_usize)]);
        db.log_national_export(
            NationalPart::Volunteers,
            &period,
            2,
            &revealed,
            &actor(s.coord),
        )
        .await
        .expect("log");
        let audit = db.audit_page(None, None).await.expect("audit");
        let newest: Vec<&str> = audit
            .entries
            .iter()
            .take(2)
            .map(|e| e.action.as_str())
            .collect();
        assert!(
            newest.contains(&"export") && newest.contains(&"identifier_revealed"),
            "{}: {newest:?}",
            db.backend()
        );
    }
}

/// `hh:mm` China time on the test activity's day, as the server clock would read it.
fn at(s: &Setup, h: i64, m: i64) -> chrono::DateTime<Utc> {
    crate::model::time::china_midnight_utc(s.held_on) + Duration::minutes(h * 60 + m)
}

#[tokio::test]
async fn qr_check_in_activation_window_double_scan_auto_check_out_and_confirm_all() {
    use crate::server::db::checkin::CheckOut;
    for db in backends().await {
        let s = setup(&db).await;
        let [v, v2, v3] = s.volunteers[..] else {
            panic!("three volunteers");
        };
        let a = db
            .activity(s.activity)
            .await
            .expect("activity")
            .expect("exists");

        // Activation: one code, used once; wrong codes and unknown numbers get one answer.
        let refused = Err(AppError::invalid("code", "activation_invalid"));
        db.issue_activation_code(v, "hash-of-code", &actor(s.coord))
            .await
            .expect("issue");
        assert_eq!(
            db.activate_volunteer("19911110001", "wrong", &test_hash(), &Actor::default())
                .await,
            refused
        );
        assert_eq!(
            db.activate_volunteer(
                "19999999999",
                "hash-of-code",
                &test_hash(),
                &Actor::default()
            )
            .await,
            refused
        );
        let user = db
            .activate_volunteer(
                "19911110001",
                "hash-of-code",
                &test_hash(),
                &Actor::default(),
            )
            .await
            .expect("activated");
        assert_eq!(
            db.activate_volunteer(
                "19911110001",
                "hash-of-code",
                &test_hash(),
                &Actor::default()
            )
            .await,
            refused,
            "{}: a code works once",
            db.backend()
        );
        assert_eq!(
            db.issue_activation_code(v, "again", &actor(s.coord)).await,
            Err(AppError::Conflict("volunteer_has_account".into()))
        );
        let login = db
            .find_login("19911110001")
            .await
            .expect("find")
            .expect("account");
        assert_eq!(login.id, user, "the mobile number signs in");
        let user2 = db
            .create_volunteer_account(
                v2,
                &Username::parse("vol.two").expect("name"),
                &test_hash(),
                &actor(s.coord),
            )
            .await
            .expect("account 2");
        let user3 = db
            .create_volunteer_account(
                v3,
                &Username::parse("vol.three").expect("name"),
                &test_hash(),
                &actor(s.coord),
            )
            .await
            .expect("account 3");

        // One secret per activity, found again for typed codes.
        let secret = db
            .checkin_secret(s.activity, &actor(s.coord))
            .await
            .expect("secret");
        assert_eq!(
            db.checkin_secret(s.activity, &actor(s.coord))
                .await
                .expect("again"),
            secret
        );
        assert_eq!(
            db.checkin_secrets_on(s.held_on).await.expect("on day"),
            vec![(s.activity, secret.clone())]
        );

        // The window: 09:00–11:30, open from 08:30.
        assert_eq!(
            db.check_in(&a, v, at(&s, 8, 29), &actor(user)).await,
            Err(AppError::invalid("checkin", "checkin_not_open"))
        );
        assert!(
            db.check_in(&a, v, at(&s, 8, 45), &actor(user))
                .await
                .expect("in")
        );
        assert!(
            !db.check_in(&a, v, at(&s, 8, 50), &actor(user))
                .await
                .expect("double"),
            "{}: a double scan changes nothing",
            db.backend()
        );
        assert_eq!(
            db.scan_state(s.activity, v).await.expect("state").in_min,
            Some(8 * 60 + 45)
        );
        assert_eq!(
            db.check_out(&a, v3, at(&s, 10, 0), 720, &actor(user3))
                .await,
            Err(AppError::invalid("checkin", "not_checked_in"))
        );
        assert_eq!(
            db.check_out(&a, v, at(&s, 10, 30), 720, &actor(user)).await,
            Ok(CheckOut::Recorded(90)),
            "{}: from the start, not from the early scan",
            db.backend()
        );
        assert_eq!(
            db.check_out(&a, v, at(&s, 10, 31), 720, &actor(user)).await,
            Ok(CheckOut::AlreadyOut)
        );

        // A scanned record is checked like any other: v3 already has 09:00–10:00 entered.
        db.record_hours(&[record(&s, v3, 540, 600)], &actor(s.coord))
            .await
            .expect("entered");
        assert!(
            db.check_in(&a, v3, at(&s, 9, 0), &actor(user3))
                .await
                .expect("in")
        );
        assert_eq!(
            db.check_out(&a, v3, at(&s, 11, 0), 720, &actor(user3))
                .await,
            Err(AppError::invalid("volunteer", "overlap"))
        );
        assert_eq!(
            db.scan_state(s.activity, v3).await.expect("state").out_min,
            None,
            "{}: a refused check-out leaves the check-in open",
            db.backend()
        );

        // v2 never scans out: closed after the grace time, at the end, flagged.
        assert!(
            db.check_in(&a, v2, at(&s, 9, 10), &actor(user2))
                .await
                .expect("in")
        );
        assert_eq!(
            db.close_missing_checkouts(at(&s, 11, 59), 720)
                .await
                .expect("close"),
            0,
            "{}: still in the grace time",
            db.backend()
        );
        assert_eq!(
            db.check_in(&a, v2, at(&s, 11, 40), &actor(user2)).await,
            Err(AppError::invalid("checkin", "checkin_closed"))
        );
        // v2 and v3 (whose record would overlap: closed without one, with the reason).
        assert_eq!(
            db.close_missing_checkouts(at(&s, 12, 1), 720)
                .await
                .expect("close"),
            2
        );
        assert_eq!(
            db.close_missing_checkouts(at(&s, 12, 30), 720)
                .await
                .expect("again"),
            0,
            "{}: closing twice closes nothing",
            db.backend()
        );
        let list = db.activity_checkins(s.activity).await.expect("list");
        assert_eq!(list.len(), 3);
        let two = list.iter().find(|c| c.volunteer_id == v2).expect("v2");
        assert!(two.out_auto && two.note.is_none());
        assert_eq!(two.out_min, Some(11 * 60 + 30));
        let three = list.iter().find(|c| c.volunteer_id == v3).expect("v3");
        assert_eq!(three.note.as_deref(), Some("overlap"));

        let records = db.activity_records(s.activity).await.expect("records");
        let scanned: Vec<_> = records
            .iter()
            .filter(|r| r.source == RecordSource::Scan)
            .collect();
        assert_eq!(
            scanned.len(),
            2,
            "{}: one record per completed scan",
            db.backend()
        );
        let auto = scanned
            .iter()
            .find(|r| r.volunteer_id == v2)
            .expect("v2 record");
        assert!(auto.checkout_missing);
        assert_eq!((auto.start_min, auto.end_min), (9 * 60 + 10, 11 * 60 + 30));
        assert!(scanned.iter().all(|r| r.status == RecordStatus::Submitted));

        // Confirm all scanned: both, and the scanned minutes are kept apart in every total.
        let waiting = db.scanned_waiting(s.activity).await.expect("waiting");
        assert_eq!(waiting.len(), 2);
        let outcome = db
            .confirm_hours(&waiting, &actor(s.coord))
            .await
            .expect("confirm");
        assert_eq!(outcome.confirmed, 2);
        assert!(
            db.scanned_waiting(s.activity)
                .await
                .expect("none")
                .is_empty()
        );
        let row = db.volunteer(v2).await.expect("v2").expect("exists").row;
        assert_eq!((row.service_minutes, row.scan_minutes), (140, 140));
        let santang = Scope::Within(vec![
            db.station_ref(s.santang)
                .await
                .expect("ref")
                .expect("exists")
                .path,
        ]);
        let lines = db
            .volunteer_totals(
                &santang,
                crate::server::db::volunteers::TotalsBy::Project,
                None,
                None,
            )
            .await
            .expect("totals");
        assert_eq!(lines.iter().map(|l| l.scan_minutes).sum::<i64>(), 90 + 140);
        assert_month_totals_match_the_records(&db).await;
    }
}

#[tokio::test]
async fn continuing_education_counts_confirmed_trainings_in_the_period() {
    use crate::model::education::{
        CheckedTraining, Period, Qualification, QualificationView, TrainingForm,
    };
    use crate::server::db::education::NewTraining;
    for db in backends().await {
        demo(&db).await;
        let mentor = user_id(&db, "mentor.santang").await;
        let admin = user_id(&db, "admin.santang").await;
        let santang = station_id(&db, "三塘镇社工站").await;
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");

        // Append-only: the newest qualification counts.
        for level in [Qualification::SocialWorker, Qualification::Assistant] {
            db.record_qualification(
                mentor,
                &QualificationView {
                    level,
                    certificate_no: Some("A2021-0001".into()),
                    first_registered: Some(d("2021-05-10")),
                },
                &actor(mentor),
            )
            .await
            .expect("qualification");
        }
        let q = db
            .qualification(mentor)
            .await
            .expect("q")
            .expect("recorded");
        assert_eq!(q.level, Qualification::Assistant);

        let training = |ended: &str, form: TrainingForm, minutes: i64| NewTraining {
            user_id: mentor,
            station_id: santang,
            training: CheckedTraining {
                started_on: d(ended),
                ended_on: d(ended),
                provider: "衡阳市社工协会".into(),
                topic: "儿童保护".into(),
                form,
                minutes,
                evidence: "结业证书 2026-01".into(),
                summary: "学习了**个案**方法".into(),
            },
            amends_id: None,
            confirmed: false,
        };
        // One before the period (2024-05-10 .. 2027-05-10), one on its first day, one on its
        // last day, a degree, and one returned.
        let ids = db
            .record_trainings(
                &[
                    training("2024-05-09", TrainingForm::InPerson, 600),
                    training("2024-05-10", TrainingForm::InPerson, 360),
                    training("2027-05-09", TrainingForm::Online, 120),
                    training("2025-06-30", TrainingForm::Degree, 10),
                    training("2025-07-01", TrainingForm::Online, 999),
                ],
                &actor(mentor),
            )
            .await
            .expect("record");
        let period = Period::holding(d("2021-05-10"), d("2026-11-30"));
        assert_eq!(period.start, d("2024-05-10"));
        assert_eq!(
            db.period_minutes(mentor, period).await.expect("minutes").0,
            0,
            "{}: nothing counts before it is confirmed",
            db.backend()
        );
        for id in &ids[..4] {
            db.decide_training(*id, None, &actor(admin))
                .await
                .expect("confirm");
        }
        db.decide_training(ids[4], Some("证书不清楚"), &actor(admin))
            .await
            .expect("return");
        assert_eq!(
            db.decide_training(ids[0], None, &actor(admin)).await,
            Err(AppError::Conflict("not_submitted".into())),
            "{}: decided once",
            db.backend()
        );
        assert_eq!(
            db.period_minutes(mentor, period).await.expect("minutes").0,
            360 + 120 + 90 * 60,
            "{}: the period's edges and a degree's 90 hours",
            db.backend()
        );

        // A correction replaces the record it names once confirmed.
        let mut fix = training("2024-05-10", TrainingForm::InPerson, 420);
        fix.amends_id = Some(ids[1]);
        let fixed = db
            .record_trainings(&[fix], &actor(mentor))
            .await
            .expect("fix");
        db.decide_training(fixed[0], None, &actor(admin))
            .await
            .expect("confirm fix");
        assert_eq!(
            db.period_minutes(mentor, period).await.expect("minutes").0,
            420 + 120 + 90 * 60
        );
        let mine = db.trainings_of(mentor).await.expect("list");
        assert!(mine.iter().any(|t| t.id == ids[1] && t.superseded));
        assert!(
            mine.iter().all(|t| !t.summary_html.contains("**")),
            "rendered"
        );

        // Confirmed records never change, on either backend.
        let refused = with_pool!(&db, pool => {
            sqlx::query("UPDATE trainings SET minutes = 1 WHERE id = $1")
                .bind(ids[0])
                .execute(pool)
                .await
                .is_err()
        });
        assert!(refused, "{}: the database refuses it too", db.backend());
        let waiting = db.trainings_waiting(&Scope::All).await.expect("waiting");
        assert!(waiting.is_empty());

        // A station records one training for many attendees, confirmed at once; never the
        // admin's own record.
        let trainee = user_id(&db, "trainee.santang").await;
        let station_course = |user_id: i64| NewTraining {
            user_id,
            confirmed: true,
            ..training("2026-03-02", TrainingForm::InPerson, 180)
        };
        assert_eq!(
            db.record_trainings(
                &[station_course(trainee), station_course(admin)],
                &actor(admin)
            )
            .await,
            Err(AppError::Forbidden),
            "{}: nobody confirms their own",
            db.backend()
        );
        let course = db
            .record_trainings(
                &[station_course(trainee), station_course(mentor)],
                &actor(admin),
            )
            .await
            .expect("course");
        assert_eq!(course.len(), 2);
        assert!(
            db.trainings_waiting(&Scope::All)
                .await
                .expect("waiting")
                .is_empty()
        );
        assert_eq!(
            db.period_minutes(mentor, period).await.expect("minutes").0,
            420 + 120 + 180 + 90 * 60,
            "{}: the course counts at once",
            db.backend()
        );

        // Who is behind: the standing lists the mentor with their level and counted trainings.
        let standing = db
            .education_standing(&Scope::All, d("2024-05-10"))
            .await
            .expect("standing");
        let (member, q, counted) = standing
            .iter()
            .find(|(m, _, _)| m.user_id == mentor)
            .expect("the mentor is listed");
        assert_eq!(member.station, "三塘镇社工站");
        assert_eq!(q.level, Qualification::Assistant);
        assert_eq!(
            crate::model::education::credited_in(period, counted),
            420 + 120 + 180 + 90 * 60,
            "{}: the standing counts what the period counts",
            db.backend()
        );
        assert!(
            !standing.iter().any(|(m, _, _)| m.user_id == trainee),
            "{}: no qualification recorded, not listed",
            db.backend()
        );
        let elsewhere = Scope::Within(vec!["/nowhere/".into()]);
        assert!(
            db.education_standing(&elsewhere, d("2024-05-10"))
                .await
                .expect("s")
                .is_empty()
        );
        let staff = db.station_staff(&Scope::All).await.expect("staff");
        assert!(staff.iter().any(|m| m.user_id == trainee));
        assert!(
            !staff.iter().any(|m| m.user_id == admin),
            "admins are not attendees"
        );
    }
}

#[tokio::test]
async fn a_portfolio_reads_roles_pairings_sessions_trainings_and_organised_activities() {
    use crate::model::education::{CheckedTraining, TrainingForm};
    use crate::server::db::education::NewTraining;
    for db in backends().await {
        demo(&db).await;
        let trainee = user_id(&db, "trainee.santang").await;
        let mentor = user_id(&db, "mentor.santang").await;
        let admin = user_id(&db, "admin.santang").await;
        let coordinator = user_id(&db, "coord.santang").await;
        let santang = station_id(&db, "三塘镇社工站").await;

        let (name, stations) = db
            .portfolio_subject(trainee)
            .await
            .expect("subject")
            .expect("known");
        assert!(!name.is_empty());
        assert!(stations.iter().any(|s| s.id == santang), "{}", db.backend());
        assert_eq!(db.portfolio_subject(i64::MAX).await.expect("unknown"), None);

        let facts = db.portfolio_facts(trainee).await.expect("facts");
        assert!(
            facts.roles.iter().any(|r| r.role == Role::Trainee
                && r.station == "三塘镇社工站"
                && r.until.is_none()),
            "{}: {:?}",
            db.backend(),
            facts.roles
        );
        assert_eq!(facts.pairings.len(), 1, "{}", db.backend());
        assert!(!facts.pairings[0].as_mentor);
        assert_eq!(facts.pairings[0].status, "active");
        assert!(facts.sessions.iter().all(|s| !s.as_mentor && s.minutes > 0));
        assert!(
            !facts.sessions.is_empty(),
            "{}: the demo session",
            db.backend()
        );
        assert!(facts.activities.is_empty(), "a trainee organised none");

        let mentor_facts = db.portfolio_facts(mentor).await.expect("mentor");
        assert!(mentor_facts.pairings.iter().all(|p| p.as_mentor));
        assert!(mentor_facts.sessions.iter().any(|s| s.as_mentor));

        // Counted trainings: confirmed only, and a confirmed correction replaces its original.
        let course = CheckedTraining {
            started_on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("d"),
            ended_on: NaiveDate::from_ymd_opt(2026, 3, 2).expect("d"),
            provider: "衡南县民政局".into(),
            topic: "儿童保护".into(),
            form: TrainingForm::InPerson,
            minutes: 180,
            evidence: String::new(),
            summary: String::new(),
        };
        let ids = db
            .record_trainings(
                &[
                    NewTraining {
                        user_id: trainee,
                        station_id: santang,
                        training: course.clone(),
                        amends_id: None,
                        confirmed: true,
                    },
                    NewTraining {
                        user_id: trainee,
                        station_id: santang,
                        training: course.clone(),
                        amends_id: None,
                        confirmed: false,
                    },
                ],
                &actor(admin),
            )
            .await
            .expect("trainings");
        db.record_trainings(
            &[NewTraining {
                user_id: trainee,
                station_id: santang,
                training: CheckedTraining {
                    minutes: 240,
                    ..course.clone()
                },
                amends_id: Some(ids[0]),
                confirmed: true,
            }],
            &actor(admin),
        )
        .await
        .expect("correction");
        let counted = db.portfolio_facts(trainee).await.expect("facts").trainings;
        assert_eq!(
            counted.iter().map(|t| t.minutes).collect::<Vec<_>>(),
            vec![240],
            "{}: the waiting one and the corrected original do not count",
            db.backend()
        );

        // Activities the coordinator organised, with distinct volunteers of confirmed records.
        let organised = db.portfolio_facts(coordinator).await.expect("coordinator");
        let expected: Vec<(String, i64)> = with_pool!(&db, pool => {
            sqlx::query_as(
                "SELECT a.name, (SELECT COUNT(DISTINCT h.volunteer_id) FROM hour_records h
                                 WHERE h.activity_id = a.id AND h.status = 'confirmed')
                 FROM activities a WHERE a.created_by = $1",
            )
            .bind(coordinator)
            .fetch_all(pool)
            .await
            .expect("raw")
        });
        assert_eq!(
            organised.activities.len(),
            expected.len().min(500),
            "{}",
            db.backend()
        );
        for a in &organised.activities {
            assert!(
                expected
                    .iter()
                    .any(|(n, v)| *n == a.name && *v == a.volunteers),
                "{}: {} has {} volunteers",
                db.backend(),
                a.name,
                a.volunteers
            );
        }
        assert!(
            organised
                .activities
                .windows(2)
                .all(|w| w[0].held_on <= w[1].held_on)
        );

        // Issuing is audited.
        db.record_portfolio_issued(trainee, Some(santang), "pdf", &actor(admin))
            .await
            .expect("audit");
        let logged: i64 = with_pool!(&db, pool => {
            sqlx::query_scalar(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'portfolio_issued'
                 AND target = $1 AND detail = 'pdf' AND actor_id = $2",
            )
            .bind(format!("account:{trainee}"))
            .bind(admin)
            .fetch_one(pool)
            .await
            .expect("audit row")
        });
        assert_eq!(logged, 1, "{}", db.backend());
    }
}

/// A subtree is a range of paths, so a neighbour whose id begins with the node's own digits
/// (`/1/34/` beside `/1/340/`) must fall outside it on both backends, whatever PostgreSQL's
/// collation: the roster and the overview of one see nothing of the other.
#[tokio::test]
async fn a_scope_never_reaches_a_neighbour_whose_id_begins_with_its_own() {
    use crate::model::overview::{Period, PeriodKind};
    use crate::model::permission::covers;
    use crate::model::station::StationKind;

    for db in backends().await {
        demo(&db).await;
        let stations = db.stations().await.expect("stations");
        let county = stations
            .iter()
            .find(|s| s.name == crate::server::db::demo::COUNTY)
            .expect("the demo county");
        let city = stations
            .iter()
            .find(|s| Some(s.id) == county.parent_id)
            .expect("the demo city");
        let ours = db
            .create_station("本县", Some(city.id), StationKind::Province)
            .await
            .expect("our county");
        // The neighbour takes an id written as ours followed by one more digit.
        let neighbour = ours * 10 + 7;
        let neighbour_path = format!("{}{neighbour}/", city.path);
        with_pool!(&db, pool => {
            sqlx::query(
                "INSERT INTO stations (id, name, parent_id, kind, path, created_at)
                 SELECT $1, '邻县', parent_id, kind, $2, created_at FROM stations WHERE id = $3",
            )
            .bind(neighbour)
            .bind(&neighbour_path)
            .bind(ours)
            .execute(pool)
            .await
            .expect("the neighbour county");
        });
        let our_town = db
            .create_station("本县镇社工站", Some(ours), StationKind::Province)
            .await
            .expect("our town");
        let their_town = db
            .create_station("邻县镇社工站", Some(neighbour), StationKind::Province)
            .await
            .expect("their town");
        let new = [
            volunteer("本县志愿者", "19922220001", our_town, "1990-01-01"),
            volunteer("邻县志愿者", "19922220002", their_town, "1990-01-01"),
        ]
        .map(|v| v.validate(today()).expect("valid"));
        db.register_volunteers(&new, &Actor::default())
            .await
            .expect("register");

        let our_path = db
            .station_ref(ours)
            .await
            .expect("station")
            .expect("exists")
            .path;
        assert!(
            neighbour_path.starts_with(our_path.trim_end_matches('/')),
            "the ids collide as text"
        );
        for (path, name) in [(&our_path, "本县志愿者"), (&neighbour_path, "邻县志愿者")] {
            let (rows, total) = db
                .roster(
                    &Scope::Within(vec![path.clone()]),
                    &RosterFilter::default(),
                    100,
                )
                .await
                .expect("roster");
            let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
            assert_eq!(
                (names, total),
                (vec![name], 1),
                "{}: the roster of {path}",
                db.backend()
            );
        }
        let year = Period::resolve(PeriodKind::ThisMonth, today(), None, None).expect("period");
        for path in [&our_path, &neighbour_path] {
            let shares = db
                .overview_shares(path, &year, today())
                .await
                .expect("shares");
            assert!(
                shares.iter().all(|(share, _)| covers(path, share)),
                "{}: the overview of {path} holds only its own subtree: {shares:?}",
                db.backend()
            );
            assert_eq!(
                shares.iter().map(|(_, f)| f.volunteers).sum::<i64>(),
                1,
                "{}: the overview of {path} counts its one volunteer, not the other's",
                db.backend()
            );
        }
    }
}
