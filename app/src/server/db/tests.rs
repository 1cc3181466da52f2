//! The data-layer contract: one story per test, run on SQLite always and on PostgreSQL when
//! `SHEGONG_TEST_POSTGRES_URL` names a server (each test gets a fresh database there).

use chrono::{Duration, Utc};

use super::Db;
use super::accounts::NewAccount;
use super::audit::Actor;
use super::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, TOWNSHIPS};
use crate::error::AppError;
use crate::model::account::{Mobile, Role, Username};
use crate::model::station::StationKind;

fn unique_name(prefix: &str) -> String {
    use rand::Rng;
    format!("{prefix}_{}", rand::thread_rng().r#gen::<u64>())
}

/// A fresh SQLite file and, when configured, a fresh PostgreSQL database.
async fn backends() -> Vec<Db> {
    let path = std::env::temp_dir().join(format!("{}.db", unique_name("shegong_test")));
    let sqlite = Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("sqlite");
    let mut dbs = vec![sqlite];
    match std::env::var("SHEGONG_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => dbs.push(fresh_postgres(&url).await),
        _ => {
            eprintln!(
                "NOTE: SHEGONG_TEST_POSTGRES_URL unset: PostgreSQL half of this test SKIPPED"
            );
        }
    }
    dbs
}

async fn fresh_postgres(url: &str) -> Db {
    let admin = sqlx::PgPool::connect(url)
        .await
        .expect("postgres test server");
    let name = unique_name("shegong_t");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .expect("create db");
    admin.close().await;
    let base = url.rsplit_once('/').map_or(url, |(base, _)| base);
    Db::connect(&format!("{base}/{name}"))
        .await
        .expect("connect fresh db")
}

/// One fast hash for every test account (Argon2 in a debug build is slow).
fn test_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| crate::server::password::hash_now(DEMO_PASSWORD).expect("hash"))
        .clone()
}

async fn demo(db: &Db) {
    assert!(
        db.load_demo(&test_hash()).await.expect("demo"),
        "{}: demo loads once",
        db.backend()
    );
}

async fn station_id(db: &Db, name: &str) -> i64 {
    db.stations()
        .await
        .expect("stations")
        .into_iter()
        .find(|s| s.name == name)
        .expect("station")
        .id
}

async fn user_id(db: &Db, login: &str) -> i64 {
    db.find_login(login)
        .await
        .expect("find")
        .expect("exists")
        .id
}

#[tokio::test]
async fn the_data_version_moves_with_every_write_of_data_and_not_with_sign_ins() {
    for db in backends().await {
        demo(&db).await;
        let user = db
            .find_login("coord.santang")
            .await
            .expect("find")
            .expect("exists");
        let expires = Utc::now() + Duration::days(1);
        db.start_session("v1", user.id, expires, None)
            .await
            .expect("session");
        let version = |db: Db| async move {
            db.signed_in("v1")
                .await
                .expect("lookup")
                .expect("signed in")
                .data_version
        };
        let before = version(db.clone()).await;
        // Signing in and out (sessions, the audit log) leaves kept pages alone.
        db.start_session("v2", user.id, expires, None)
            .await
            .expect("session");
        let actor = Actor {
            user_id: Some(user.id),
            ip: None,
        };
        db.end_session("v2", &actor).await.expect("end");
        assert_eq!(version(db.clone()).await, before, "{}", db.backend());
        let county = station_id(&db, super::demo::COUNTY).await;
        db.create_station("版本测试社工站", Some(county), StationKind::Station)
            .await
            .expect("station");
        let after_station = version(db.clone()).await;
        assert!(after_station > before, "{}", db.backend());
        db.set_account_active(user.id, true, &actor)
            .await
            .expect("active");
        let after_active = version(db.clone()).await;
        assert!(after_active > after_station, "{}", db.backend());
        // PostgreSQL moves it once per transaction (a setting local to the transaction says
        // it has): each later transaction, on whichever pooled connection, moves it again.
        for n in 0..3 {
            let before = version(db.clone()).await;
            db.create_station(
                &format!("版本测试社工站{n}"),
                Some(county),
                StationKind::Station,
            )
            .await
            .expect("station");
            assert!(
                version(db.clone()).await > before,
                "{}: write {n}",
                db.backend()
            );
        }
    }
}

#[tokio::test]
async fn demo_data_has_the_county_its_stations_and_every_role() {
    for db in backends().await {
        demo(&db).await;
        let stations = db.stations().await.expect("stations");
        assert_eq!(
            stations.len(),
            3 + TOWNSHIPS.len() + 1 + super::demo::SECOND_TOWNSHIPS.len()
        );
        assert!(stations[0].is_root(), "root first");
        assert_eq!(stations[0].kind, StationKind::Province);
        let kinds = |kind| stations.iter().filter(|s| s.kind == kind).count();
        assert_eq!(kinds(StationKind::City), 1);
        assert_eq!(kinds(StationKind::County), 2);
        let county = stations
            .iter()
            .find(|s| s.name == super::demo::COUNTY)
            .expect("county");
        assert_eq!(
            stations
                .iter()
                .filter(|s| s.parent_id == Some(county.id))
                .count(),
            TOWNSHIPS.len()
        );
        for s in &stations {
            let parent_path = s
                .parent_id
                .and_then(|p| stations.iter().find(|x| x.id == p))
                .map(|p| p.path.as_str());
            assert_eq!(
                s.path,
                crate::model::station::child_path(parent_path, s.id),
                "every path is its parent's path and its id"
            );
        }
        assert!(stations.iter().any(|s| s.name == "三塘镇社工站"));
        assert!(stations.iter().any(|s| s.name == "泉溪镇社工站"));
        assert!(
            !db.load_demo(&test_hash()).await.expect("second load"),
            "never loads twice"
        );
        let (counts, total) = db
            .station_counts(&crate::model::permission::Scope::All, 1, 100)
            .await
            .expect("counts");
        assert_eq!(total, i64::try_from(stations.len()).unwrap_or_default());
        let santang = counts
            .iter()
            .find(|c| c.name == "三塘镇社工站")
            .expect("santang");
        assert_eq!(
            (santang.trainees, santang.mentors, santang.coordinators),
            (2, 1, 1)
        );
        assert_eq!(
            db.project_names(&counts.iter().map(|c| c.id).collect::<Vec<_>>())
                .await
                .expect("projects")
                .len(),
            6
        );
        assert_eq!(
            db.project_names(&[santang.id])
                .await
                .expect("projects")
                .into_iter()
                .map(|(_, station)| station)
                .collect::<std::collections::HashSet<_>>(),
            std::collections::HashSet::from(["三塘镇社工站".to_owned()]),
            "only the projects the stations on the page lead"
        );
    }
}

#[tokio::test]
async fn sign_in_by_username_or_mobile_then_the_session_carries_roles() {
    for db in backends().await {
        demo(&db).await;
        let by_name = db
            .find_login("trainee.santang")
            .await
            .expect("find")
            .expect("exists");
        let by_mobile = db
            .find_login("13800000005")
            .await
            .expect("find")
            .expect("exists");
        assert_eq!(by_name.id, by_mobile.id);
        assert!(db.find_login("nobody").await.expect("find").is_none());

        let expires = Utc::now() + Duration::days(1);
        db.start_session("s1", by_name.id, expires, Some("10.0.0.1"))
            .await
            .expect("session");
        let viewer = db
            .viewer_for_session("s1")
            .await
            .expect("viewer")
            .expect("signed in");
        assert_eq!(viewer.display_name, "李明");
        assert_eq!(viewer.distinct_roles(), vec![Role::Trainee]);
        assert_eq!(viewer.roles[0].station_name, "三塘镇社工站");
        assert!(!viewer.roles[0].is_root());
        assert!(
            viewer.roles[0]
                .station_path
                .ends_with(&format!("/{}/", viewer.roles[0].station_id))
        );

        db.end_session(
            "s1",
            &Actor {
                user_id: Some(viewer.id),
                ip: None,
            },
        )
        .await
        .expect("end");
        assert!(
            db.viewer_for_session("s1").await.expect("viewer").is_none(),
            "{}",
            db.backend()
        );
    }
}

#[tokio::test]
async fn a_session_carries_the_volunteer_link_and_only_live_roles_widest_first() {
    // PostgreSQL answers this from a function (migration 0019), SQLite inline: the same story
    // must give the same person on both.
    for db in backends().await {
        demo(&db).await;
        let expires = Utc::now() + Duration::days(1);
        let volunteer = user_id(&db, "volunteer.demo").await;
        db.start_session("vol", volunteer, expires, None)
            .await
            .expect("session");
        let viewer = db
            .viewer_for_session("vol")
            .await
            .expect("viewer")
            .expect("signed in");
        assert!(viewer.volunteer_id.is_some(), "{}", db.backend());
        assert!(viewer.roles.is_empty(), "{}", db.backend());

        let mentor = user_id(&db, "mentor.santang").await;
        let admin = Actor {
            user_id: Some(user_id(&db, "admin").await),
            ip: None,
        };
        let county = station_id(&db, super::demo::COUNTY).await;
        let quanxi = station_id(&db, "泉溪镇社工站").await;
        db.grant_role(mentor, Role::Coordinator, county, &admin)
            .await
            .expect("grant");
        let revoked = db
            .grant_role(mentor, Role::Mentor, quanxi, &admin)
            .await
            .expect("grant");
        db.revoke_role(revoked, &admin).await.expect("revoke");
        db.start_session("m", mentor, expires, None)
            .await
            .expect("session");
        let signed_in = db.signed_in("m").await.expect("lookup").expect("signed in");
        let roles: Vec<_> = signed_in
            .viewer
            .roles
            .iter()
            .map(|g| (g.role, g.station_name.as_str()))
            .collect();
        assert_eq!(
            roles,
            vec![
                (Role::Coordinator, super::demo::COUNTY),
                (Role::Mentor, "三塘镇社工站")
            ],
            "{}",
            db.backend()
        );
        assert_eq!(signed_in.viewer.volunteer_id, None);
        assert!(signed_in.data_version > 0);
    }
}

#[tokio::test]
async fn expired_sessions_are_not_accepted() {
    for db in backends().await {
        demo(&db).await;
        let id = user_id(&db, "admin").await;
        db.start_session("old", id, Utc::now() - Duration::minutes(1), None)
            .await
            .expect("session");
        assert!(
            db.viewer_for_session("old")
                .await
                .expect("viewer")
                .is_none()
        );
    }
}

#[tokio::test]
async fn accounts_roles_and_deactivation() {
    for db in backends().await {
        demo(&db).await;
        let santang = station_id(&db, "三塘镇社工站").await;
        let quanxi = station_id(&db, "泉溪镇社工站").await;
        let admin = Actor {
            user_id: Some(user_id(&db, "admin").await),
            ip: Some("10.0.0.9".into()),
        };
        let new = NewAccount {
            username: Username::parse("wangwu").expect("username"),
            display_name: "王五".into(),
            mobile: Some(Mobile::parse("mobile", "13912345678").expect("mobile")),
            password_hash: test_hash(),
            role: Role::Trainee,
            station_id: santang,
        };
        let id = db.create_account(&new, &admin).await.expect("create");

        let again = db.create_account(&new, &admin).await;
        assert_eq!(again, Err(AppError::invalid("username", "username_taken")));
        let same_mobile = NewAccount {
            username: Username::parse("wangwu2").expect("u"),
            ..new.clone()
        };
        assert_eq!(
            db.create_account(&same_mobile, &admin).await,
            Err(AppError::invalid("mobile", "mobile_taken"))
        );

        let grant = db
            .grant_role(id, Role::Mentor, quanxi, &admin)
            .await
            .expect("grant");
        assert_eq!(
            db.grant_role(id, Role::Mentor, quanxi, &admin).await,
            Err(AppError::Conflict("role_exists".into()))
        );
        let (account, stations) = db.account(id).await.expect("account").expect("exists");
        assert_eq!(account.roles.len(), 2);
        assert_eq!(account.mobile_masked.as_deref(), Some("139****5678"));
        assert_eq!(stations.len(), 2);

        db.revoke_role(grant, &admin).await.expect("revoke");
        assert_eq!(
            db.revoke_role(grant, &admin).await,
            Err(AppError::NotFound),
            "only once"
        );
        let (account, _) = db.account(id).await.expect("account").expect("exists");
        assert_eq!(account.roles.len(), 1);
        // A revoked role can be granted again: history rows do not block it.
        db.grant_role(id, Role::Mentor, quanxi, &admin)
            .await
            .expect("grant again");

        db.start_session("w1", id, Utc::now() + Duration::days(1), None)
            .await
            .expect("s");
        db.set_account_active(id, false, &admin)
            .await
            .expect("deactivate");
        assert!(
            db.viewer_for_session("w1").await.expect("viewer").is_none(),
            "sessions end"
        );
        let login = db
            .find_login("wangwu")
            .await
            .expect("find")
            .expect("still exists");
        assert!(!login.active);

        let audit = db.audit_page(None, None).await.expect("audit");
        let actions: Vec<&str> = audit.entries.iter().map(|e| e.action.as_str()).collect();
        for expected in [
            "account_created",
            "role_granted",
            "role_revoked",
            "account_deactivated",
        ] {
            assert!(
                actions.contains(&expected),
                "{}: {expected} audited",
                db.backend()
            );
        }
        let deactivation = audit
            .entries
            .iter()
            .find(|e| e.action == "account_deactivated")
            .expect("entry");
        assert_eq!(deactivation.actor.as_deref(), Some("周建国"));
        assert_eq!(deactivation.ip.as_deref(), Some("10.0.0.9"));
    }
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    for db in backends().await {
        demo(&db).await;
        let update = with_pool!(&db, pool => sqlx::query("UPDATE audit_log SET action = 'x'").execute(pool).await.is_err());
        assert!(update, "{}: update refused", db.backend());
        let delete = with_pool!(&db, pool => sqlx::query("DELETE FROM audit_log").execute(pool).await.is_err());
        assert!(delete, "{}: delete refused", db.backend());
    }
}

#[tokio::test]
async fn sign_in_attempts_are_counted_before_checking_per_account_and_address() {
    use crate::model::throttle::{MAX_PER_ACCOUNT_AND_ADDRESS, account_key};
    for db in backends().await {
        demo(&db).await;
        let admin = user_id(&db, "admin").await;
        let key = account_key(Some(admin), "admin");
        // A stranger at one address runs out of attempts at this account…
        let mut last = None;
        for _ in 0..=MAX_PER_ACCOUNT_AND_ADDRESS {
            last = Some(
                db.count_login_attempt(&key, "10.1.1.1")
                    .await
                    .expect("count"),
            );
        }
        let last = last.expect("counted");
        assert!(last.refused(), "{}", db.backend());
        assert_eq!(last.pair, MAX_PER_ACCOUNT_AND_ADDRESS + 1);
        // …but the owner, from another address, is not locked out.
        let owner = db
            .count_login_attempt(&key, "10.2.2.2")
            .await
            .expect("count");
        assert!(!owner.refused(), "{}", db.backend());
        assert_eq!(
            (owner.pair, owner.account),
            (1, MAX_PER_ACCOUNT_AND_ADDRESS + 2)
        );
        assert!(db.login_locked(admin).await.expect("locked"));

        // Signing in takes back its own counted attempt and clears this address.
        db.start_session(
            "a1",
            admin,
            Utc::now() + Duration::days(1),
            Some("10.2.2.2"),
        )
        .await
        .expect("s");
        let again = db
            .count_login_attempt(&key, "10.2.2.2")
            .await
            .expect("count");
        assert_eq!(
            (again.pair, again.account),
            (1, MAX_PER_ACCOUNT_AND_ADDRESS + 2)
        );

        // An admin clears the lock; it is audited.
        db.clear_login_lock(
            admin,
            &Actor {
                user_id: Some(admin),
                ip: None,
            },
        )
        .await
        .expect("clear");
        assert!(!db.login_locked(admin).await.expect("locked"));
        let fresh = db
            .count_login_attempt(&key, "10.1.1.1")
            .await
            .expect("count");
        assert_eq!(fresh.pair, 1);

        // Failures are audited by account, never with the typed text.
        db.record_login_failure(Some(admin), "10.1.1.1", "bad_credentials")
            .await
            .expect("audit");
        db.record_login_failure(None, "10.1.1.1", "bad_credentials")
            .await
            .expect("audit");
        let audit = db.audit_page(None, None).await.expect("audit");
        let failures: Vec<_> = audit
            .entries
            .iter()
            .filter(|e| e.action == "sign_in_failed")
            .collect();
        assert_eq!(failures.len(), 2);
        assert!(failures.iter().all(|e| {
            e.target
                .as_deref()
                .is_none_or(|t| t == format!("account:{admin}"))
        }));
        assert!(
            audit
                .entries
                .iter()
                .any(|e| e.action == "sign_in_lock_cleared")
        );
    }
}

#[tokio::test]
async fn parallel_attempts_never_evaluate_more_than_the_limit() {
    use crate::model::throttle::MAX_PER_ACCOUNT_AND_ADDRESS;
    for db in backends().await {
        demo(&db).await;
        let attempts: Vec<_> = (0..30)
            .map(|_| {
                let db = db.clone();
                tokio::spawn(async move { db.count_login_attempt("name:burst", "10.9.9.9").await })
            })
            .collect();
        let mut pairs = Vec::new();
        for attempt in attempts {
            pairs.push(attempt.await.expect("join").expect("count").pair);
        }
        pairs.sort_unstable();
        assert_eq!(
            pairs,
            (1..=30).collect::<Vec<i64>>(),
            "{}: each attempt counted once",
            db.backend()
        );
        let allowed = pairs
            .iter()
            .filter(|p| **p <= MAX_PER_ACCOUNT_AND_ADDRESS)
            .count();
        assert_eq!(
            i64::try_from(allowed).unwrap_or_default(),
            MAX_PER_ACCOUNT_AND_ADDRESS
        );
    }
}

#[tokio::test]
async fn expired_sign_in_windows_are_purged() {
    for db in backends().await {
        demo(&db).await;
        let old = Utc::now() - Duration::hours(2);
        with_pool!(&db, pool => {
            sqlx::query("INSERT INTO login_throttle (account_key, ip, window_start, failures) VALUES ('name:old', '10.3.3.3', $1, 99)")
                .bind(old)
                .execute(pool)
                .await
                .expect("insert");
        });
        let counts = db
            .count_login_attempt("name:old", "10.3.3.3")
            .await
            .expect("count");
        assert_eq!(counts.pair, 1, "{}: a new window", db.backend());
        let left: i64 = with_pool!(&db, pool => {
            sqlx::query_scalar("SELECT COUNT(*) FROM login_throttle WHERE window_start < $1")
                .bind(Utc::now() - Duration::hours(1))
                .fetch_one(pool)
                .await
                .expect("count")
        });
        assert_eq!(left, 0, "{}", db.backend());
    }
}

#[tokio::test]
async fn a_new_password_ends_every_other_session() {
    for db in backends().await {
        demo(&db).await;
        let id = user_id(&db, "mentor.santang").await;
        let later = Utc::now() + Duration::days(1);
        db.start_session("phone", id, later, None).await.expect("s");
        db.start_session("laptop", id, later, None)
            .await
            .expect("s");
        db.set_password(id, &test_hash(), Some("phone"), &Actor::default())
            .await
            .expect("set");
        assert!(db.viewer_for_session("phone").await.expect("v").is_some());
        assert!(db.viewer_for_session("laptop").await.expect("v").is_none());
    }
}

#[tokio::test]
async fn station_admins_list_only_accounts_at_their_stations() {
    for db in backends().await {
        demo(&db).await;
        let county_admin = user_id(&db, "admin").await;
        let santang_admin = user_id(&db, "admin.santang").await;
        let all = db
            .list_accounts(county_admin, true, "", 0)
            .await
            .expect("all");
        assert_eq!(
            all.accounts.len(),
            DEMO_ACCOUNTS.len() + 1,
            "staff and the demo volunteer's sign-in"
        );
        assert!(!all.has_more);

        let mine = db
            .list_accounts(santang_admin, false, "", 0)
            .await
            .expect("mine");
        let names: Vec<&str> = mine.accounts.iter().map(|a| a.username.as_str()).collect();
        assert!(names.contains(&"trainee.santang"));
        assert!(!names.contains(&"trainee.quanxi"));
        assert!(
            !names.contains(&"admin"),
            "county roles are not a township's"
        );

        let found = db
            .list_accounts(county_admin, true, "李明", 0)
            .await
            .expect("search");
        assert_eq!(found.accounts.len(), 1);
        assert_eq!(found.accounts[0].username, "trainee.santang");
        assert_eq!(
            found.accounts[0].mobile_masked.as_deref(),
            Some("138****0005")
        );

        let scoped = db
            .audit_page(Some(santang_admin), None)
            .await
            .expect("audit");
        let everything = db.audit_page(None, None).await.expect("audit");
        let scoped_ids: Vec<i64> = scoped.entries.iter().map(|e| e.id).collect();
        assert!(
            everything
                .entries
                .iter()
                .any(|e| !scoped_ids.contains(&e.id)),
            "other stations' entries are not in a station admin's log"
        );
    }
}

mod competency {
    use super::*;
    use crate::model::competency::{
        Level, NewPractice, Outcome, Setting, item_status, rule_progress,
    };

    fn practice(code: &str, setting: Setting, observed: bool) -> NewPractice {
        NewPractice {
            practised_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
            item_codes: vec![code.to_owned()],
            setting,
            level: Level::Independent,
            mentor_observed: observed,
            project_id: None,
            township: "三塘镇".into(),
            village: "石门村".into(),
            alias: "小花".into(),
            age_band: "6-11".into(),
            reflection_md: "取得监护人同意后交流。".into(),
            client_id: None,
        }
    }

    #[tokio::test]
    async fn the_default_framework_has_five_areas_and_26_items() {
        for db in backends().await {
            demo(&db).await;
            let version = db
                .latest_published_version()
                .await
                .expect("v")
                .expect("published");
            let framework = db.framework(version).await.expect("f").expect("exists");
            assert_eq!(framework.areas.len(), 5);
            assert_eq!(framework.codes().len(), 26, "{}", db.backend());
            assert!(framework.item("D5").is_some());
            db.ensure_default_framework().await.expect("idempotent");
            assert_eq!(
                db.latest_published_version().await.expect("v"),
                Some(version)
            );
        }
    }

    #[tokio::test]
    async fn log_request_decide_revoke_and_exactly_one_concurrent_decision() {
        for db in backends().await {
            demo(&db).await;
            let trainee = user_id(&db, "trainee.santang").await;
            let mentor = user_id(&db, "mentor.santang").await;
            let admin = user_id(&db, "admin").await;
            let version = db.ensure_enrolment(trainee).await.expect("enrolled");

            let roleplay = db
                .create_practice(trainee, trainee, &practice("B1", Setting::Roleplay, false))
                .await
                .expect("p")
                .expect("stored");
            let claimed = db
                .create_practice(trainee, trainee, &practice("B1", Setting::Real, true))
                .await
                .expect("p")
                .expect("stored");
            let framework = db.framework(version).await.expect("f").expect("f");
            let b1 = framework.item("B1").expect("B1");
            // The trainee's own "observed by my mentor" is a claim: it does not count…
            let facts = db.progress_facts(trainee).await.expect("facts");
            assert!(
                !rule_progress(b1.rule, &facts.practices["B1"]).met(),
                "{}",
                db.backend()
            );
            let claims = db.observation_claims(mentor).await.expect("claims");
            assert_eq!(
                claims.iter().map(|c| c.practice_id).collect::<Vec<_>>(),
                vec![claimed]
            );
            assert!(
                db.observation_claims(admin)
                    .await
                    .expect("claims")
                    .is_empty(),
                "only paired mentors are asked"
            );
            // …until the mentor confirms it (once; audited).
            let station = db
                .trainee_station(trainee)
                .await
                .expect("st")
                .expect("st")
                .0;
            let by_mentor = Actor {
                user_id: Some(mentor),
                ip: None,
            };
            db.confirm_observation(claimed, station.id, &by_mentor)
                .await
                .expect("confirm");
            assert_eq!(
                db.confirm_observation(claimed, station.id, &by_mentor)
                    .await,
                Err(AppError::Conflict("already_confirmed".into()))
            );
            let facts = db.progress_facts(trainee).await.expect("facts");
            assert!(rule_progress(b1.rule, &facts.practices["B1"]).met());
            // A practice the mentor records is confirmed by construction.
            let recorded = db
                .create_practice(trainee, mentor, &practice("C1", Setting::Real, true))
                .await
                .expect("p")
                .expect("stored");
            let recorded = db.practice(recorded).await.expect("p").expect("p");
            assert!(recorded.observation_confirmed);
            assert!(
                db.observation_claims(mentor)
                    .await
                    .expect("claims")
                    .is_empty()
            );

            // Editing works until a decision uses the practice.
            let mut edited = practice("B1", Setting::Roleplay, false);
            edited.reflection_md = "改过的反思".into();
            db.update_practice(roleplay, trainee, &edited)
                .await
                .expect("editable");

            let request = db
                .request_signoff(trainee, "B1", version, &Actor::default())
                .await
                .expect("request");
            assert_eq!(
                db.request_signoff(trainee, "B1", version, &Actor::default())
                    .await,
                Err(AppError::Conflict("already_pending".into()))
            );
            let queue = db.review_queue(mentor).await.expect("queue");
            assert_eq!(queue.len(), 1);
            assert_eq!(queue[0].item_code, "B1");
            assert!(
                db.review_queue(user_id(&db, "mentor.quanxi").await)
                    .await
                    .expect("q")
                    .is_empty()
            );

            // Two mentors decide at the same moment: exactly one decision lands.
            let as_mentor = Actor {
                user_id: Some(mentor),
                ip: None,
            };
            let as_admin = Actor {
                user_id: Some(admin),
                ip: None,
            };
            let (a, b) = tokio::join!(
                db.decide_request(request, Outcome::Competent, "", &as_mentor),
                db.decide_request(request, Outcome::NeedsPractice, "再练", &as_admin),
            );
            assert!(
                a.is_ok() != b.is_ok(),
                "{}: one of {a:?} / {b:?}",
                db.backend()
            );
            let loser = if a.is_err() { a } else { b };
            assert_eq!(loser, Err(AppError::Conflict("already_decided".into())));

            let decision = db
                .decision_for_request(request)
                .await
                .expect("d")
                .expect("decided");
            assert_eq!(decision.evidence.len(), 2);
            assert_eq!(
                db.update_practice(roleplay, trainee, &edited).await,
                Err(AppError::Conflict("practice_locked".into())),
                "evidence is fixed"
            );
            assert_eq!(
                db.withdraw_practice(roleplay, trainee).await,
                Err(AppError::Conflict("practice_locked".into()))
            );

            if decision.outcome == Outcome::Competent {
                db.revoke_signoff(trainee, "B1", version, "观察不足", &as_mentor)
                    .await
                    .expect("revoke");
                let facts = db.progress_facts(trainee).await.expect("facts");
                assert_eq!(facts.decisions.len(), 2, "the original decision stays");
                assert_eq!(
                    item_status(false, Some(facts.latest["B1"].outcome), 2).as_str(),
                    "practising"
                );
            }
            let update = with_pool!(&db, pool => sqlx::query("UPDATE signoff_decisions SET comment = 'x'").execute(pool).await.is_err());
            assert!(update, "{}: decisions are append-only", db.backend());
            let audit = db.audit_page(None, None).await.expect("audit");
            assert!(audit.entries.iter().any(|e| e.action == "signoff_decided"));
        }
    }

    #[tokio::test]
    async fn a_practice_sent_twice_from_a_phone_is_stored_once() {
        use crate::model::offline::ClientId;
        for db in backends().await {
            demo(&db).await;
            let trainee = user_id(&db, "trainee.quanxi").await;
            let other = user_id(&db, "trainee.santang").await;
            let id = ClientId::from_form("0f8e2b6c-5a1d-4c3e-9b7a-2d4f6e8a0c1b")
                .expect("valid")
                .expect("an id");
            let queued = NewPractice {
                client_id: Some(id.clone()),
                ..practice("C2", Setting::Real, true)
            };
            assert!(!db.already_received(trainee, &id).await.expect("check"));
            // Two tabs sending the outbox at the same moment, then a retry after a lost answer.
            let (a, b) = tokio::join!(
                db.create_practice(trainee, trainee, &queued),
                db.create_practice(trainee, trainee, &queued)
            );
            let stored: Vec<i64> = [a.expect("a"), b.expect("b")]
                .into_iter()
                .flatten()
                .collect();
            assert_eq!(
                stored.len(),
                1,
                "{}: one of the two stores it",
                db.backend()
            );
            assert_eq!(
                db.create_practice(trainee, trainee, &queued)
                    .await
                    .expect("retry"),
                None
            );
            assert_eq!(db.practices(trainee).await.expect("list").len(), 1);
            assert!(db.already_received(trainee, &id).await.expect("check"));
            // The id is the sender's: another account's record with the same id is its own.
            assert!(!db.already_received(other, &id).await.expect("check"));
            assert!(
                db.create_practice(other, other, &queued)
                    .await
                    .expect("other")
                    .is_some()
            );
            // Without an id (a form posted directly) nothing is deduplicated.
            for _ in 0..2 {
                db.create_practice(trainee, trainee, &practice("C2", Setting::Real, true))
                    .await
                    .expect("plain")
                    .expect("stored");
            }
            assert_eq!(db.practices(trainee).await.expect("list").len(), 3);
        }
    }

    #[tokio::test]
    async fn withdrawn_practices_stop_counting_and_summaries_count_in_bulk() {
        for db in backends().await {
            demo(&db).await;
            let trainee = user_id(&db, "trainee.quanxi").await;
            let coordinator = user_id(&db, "coord.quanxi").await;
            let p = db
                .create_practice(trainee, trainee, &practice("C2", Setting::Real, true))
                .await
                .expect("p")
                .expect("stored");
            assert_eq!(db.practices(trainee).await.expect("list").len(), 1);
            db.withdraw_practice(p, trainee).await.expect("withdraw");
            assert!(db.practices(trainee).await.expect("list").is_empty());
            assert!(
                db.progress_facts(trainee)
                    .await
                    .expect("f")
                    .practices
                    .is_empty()
            );
            assert_eq!(
                db.withdraw_practice(p, user_id(&db, "trainee.santang").await)
                    .await,
                Err(AppError::Conflict("practice_locked".into())),
                "not someone else's"
            );
            let trainees = db.overseen_trainees(coordinator).await.expect("t");
            let names: Vec<&str> = trainees.iter().map(|t| t.name.as_str()).collect();
            assert_eq!(names, vec!["张丽", "赵强"]);
        }
    }

    #[tokio::test]
    async fn drafts_publish_as_new_versions_and_moving_keeps_existing_sign_offs() {
        use crate::server::db::framework::ItemEdit;
        for db in backends().await {
            demo(&db).await;
            let admin = Actor {
                user_id: Some(user_id(&db, "admin").await),
                ip: None,
            };
            let mentor = Actor {
                user_id: Some(user_id(&db, "mentor.santang").await),
                ip: None,
            };
            let trainee = user_id(&db, "trainee.santang").await;
            let v1 = db.ensure_enrolment(trainee).await.expect("v1");
            // B1 and C1 signed off on v1.
            for code in ["B1", "C1"] {
                db.create_practice(trainee, trainee, &practice(code, Setting::Real, true))
                    .await
                    .expect("p")
                    .expect("stored");
                let r = db
                    .request_signoff(trainee, code, v1, &Actor::default())
                    .await
                    .expect("r");
                db.decide_request(r, Outcome::Competent, "", &mentor)
                    .await
                    .expect("d");
            }

            let v2 = db.create_framework_draft(&admin).await.expect("draft");
            assert_eq!(
                db.create_framework_draft(&admin).await,
                Err(AppError::Conflict("draft_exists".into()))
            );
            let draft = db.framework(v2).await.expect("f").expect("f");
            assert_eq!(draft.codes().len(), 26);
            let c1 = draft.item("C1").expect("C1").id;
            let b2 = draft.item("B2").expect("B2").id;
            db.remove_draft_item(c1).await.expect("remove");
            let edit = ItemEdit {
                title: "开场与建立关系（修订）".into(),
                description_md: "新的说明".into(),
                evidence: "要点".into(),
                rule: crate::model::competency::SignOffRule {
                    min_independent: 3,
                    min_real_observed: 2,
                },
            };
            assert_eq!(db.edit_draft_item(b2, &edit).await, Ok(v2));
            db.add_draft_item(v2, "B", "B7", &edit).await.expect("add");
            assert_eq!(
                db.add_draft_item(v2, "B", "B7", &edit).await,
                Err(AppError::Conflict("item_code_taken".into()))
            );
            db.publish_framework(v2, &admin).await.expect("publish");

            // Published versions never change, through the data layer or around it.
            let v1_b2 = db
                .framework(v1)
                .await
                .expect("f")
                .expect("f")
                .item("B2")
                .expect("B2")
                .id;
            assert_eq!(
                db.edit_draft_item(v1_b2, &edit).await,
                Err(AppError::Conflict("version_published".into()))
            );
            assert_eq!(
                db.edit_draft_item(b2, &edit).await,
                Err(AppError::Conflict("version_published".into()))
            );
            let raw = with_pool!(&db, pool => sqlx::query("UPDATE framework_items SET title = 'x' WHERE id = $1").bind(b2).execute(pool).await.is_err());
            assert!(raw, "{}: the database refuses too", db.backend());

            assert_eq!(db.latest_published_version().await.expect("v"), Some(v2));
            assert_eq!(
                db.enrolled_version(trainee).await.expect("v"),
                Some(v1),
                "stays until moved"
            );
            db.enrol(trainee, v2, &admin).await.expect("move");
            let v2_framework = db.framework(v2).await.expect("f").expect("f");
            let facts = db.progress_facts(trainee).await.expect("facts");
            let competent: Vec<&str> = v2_framework
                .codes()
                .iter()
                .filter(|c| {
                    facts
                        .latest
                        .get(*c)
                        .is_some_and(|d| d.outcome == Outcome::Competent)
                })
                .map(|c| if c == "B1" { "B1" } else { "other" })
                .collect();
            assert_eq!(
                competent,
                vec!["B1"],
                "B1 carries over; C1 no longer exists in v2"
            );
            assert_eq!(v2_framework.item("B2").expect("B2").rule.min_independent, 3);
            assert_eq!(v2_framework.codes().len(), 26, "one removed, one added");
        }
    }
}

mod mentorship {
    use super::*;
    use crate::model::mentorship::{NewPairing, NewSession, Thresholds};

    fn day(offset: i64) -> chrono::NaiveDate {
        crate::model::time::china_time(Utc::now()).date() + Duration::days(offset)
    }

    #[tokio::test]
    async fn pairing_lifecycle_sessions_confirmations_and_actions() {
        for db in backends().await {
            demo(&db).await;
            let coordinator = Actor {
                user_id: Some(user_id(&db, "coord.santang").await),
                ip: None,
            };
            let trainee = user_id(&db, "trainee2.santang").await;
            let mentor = user_id(&db, "mentor.santang").await;
            let santang = station_id(&db, "三塘镇社工站").await;
            assert_eq!(
                db.mentor_load(mentor).await.expect("load"),
                1,
                "demo pairing"
            );

            let new = NewPairing {
                trainee_id: trainee,
                mentor_id: mentor,
                is_primary: true,
                starts_on: day(-5),
                planned_end_on: Some(day(90)),
                agreement_md: "目标".into(),
            };
            let pairing = db
                .create_pairing(&new, santang, &coordinator)
                .await
                .expect("pair");
            assert_eq!(
                db.create_pairing(&new, santang, &coordinator).await,
                Err(AppError::Conflict("primary_exists".into())),
                "one active primary mentor"
            );
            let secondary = NewPairing {
                is_primary: false,
                mentor_id: user_id(&db, "mentor.quanxi").await,
                ..new.clone()
            };
            db.create_pairing(&secondary, santang, &coordinator)
                .await
                .expect("a secondary mentor is fine");
            assert!(db.is_paired(mentor, trainee).await.expect("paired"));
            assert_eq!(db.mentor_load(mentor).await.expect("load"), 2);

            // The assigned mentor from another station sees the trainee's requests too.
            let version = db.ensure_enrolment(trainee).await.expect("enrol");
            db.request_signoff(trainee, "A1", version, &Actor::default())
                .await
                .expect("request");
            let queue = db.review_queue(secondary.mentor_id).await.expect("queue");
            assert!(
                queue.iter().any(|q| q.trainee_id == trainee),
                "{}",
                db.backend()
            );

            let session = NewSession {
                held_on: day(-1),
                minutes: 45,
                form: "individual".into(),
                channel: "phone".into(),
                functions: vec!["supportive".into()],
                topics: "压力".into(),
                notes_md: String::new(),
                item_codes: vec!["B1".into()],
                trainees: vec![trainee],
                actions: vec![crate::model::mentorship::NewAction {
                    owner_id: trainee,
                    description: "写一篇反思".into(),
                    due_on: day(-1),
                }],
            };
            let as_mentor = Actor {
                user_id: Some(mentor),
                ip: None,
            };
            let sid = db
                .create_session(mentor, &session, &as_mentor)
                .await
                .expect("session");
            let rows = db
                .oversight(
                    coordinator.user_id.expect("id"),
                    false,
                    day(0),
                    Utc::now() - Duration::days(7),
                )
                .await
                .expect("o");
            let row = rows.iter().find(|r| r.0.id == pairing).expect("row");
            assert_eq!(row.1, Some(day(-1)), "last session");
            assert_eq!(row.2, 1, "one overdue action");

            db.confirm_session(
                sid,
                trainee,
                "同意",
                &Actor {
                    user_id: Some(trainee),
                    ip: None,
                },
            )
            .await
            .expect("confirm");
            assert_eq!(
                db.confirm_session(sid, trainee, "again", &Actor::default())
                    .await,
                Err(AppError::Conflict("already_confirmed".into())),
                "a confirmed record is fixed"
            );
            db.add_session_correction(sid, mentor, "时长应为 50 分钟")
                .await
                .expect("correct");
            let detail = db.session(sid).await.expect("s").expect("exists");
            assert_eq!(detail.minutes, 45, "the original stays");
            assert_eq!(detail.item_codes, vec!["B1"]);
            assert_eq!(detail.corrections.len(), 1);
            assert!(detail.attendees[0].2.is_some());

            let action = detail.actions[0].id;
            db.complete_action(action, trainee).await.expect("done");
            assert_eq!(
                db.complete_action(action, trainee).await,
                Err(AppError::Conflict("already_done".into()))
            );
            let rows = db
                .oversight(mentor, true, day(0), Utc::now())
                .await
                .expect("o");
            assert_eq!(rows.iter().find(|r| r.0.id == pairing).expect("row").2, 0);

            db.end_pairing(
                pairing,
                crate::model::mentorship::PairingStatus::EndedEarly,
                "调岗",
                &coordinator,
            )
            .await
            .expect("end");
            assert_eq!(
                db.end_pairing(
                    pairing,
                    crate::model::mentorship::PairingStatus::Completed,
                    "",
                    &coordinator
                )
                .await,
                Err(AppError::NotFound)
            );
            assert!(!db.is_paired(mentor, trainee).await.expect("paired"));
            assert!(
                db.coordinated_pairings(coordinator.user_id.expect("id"))
                    .await
                    .expect("p")
                    .iter()
                    .any(|p| p.id == pairing
                        && p.status == crate::model::mentorship::PairingStatus::EndedEarly),
                "history kept"
            );
        }
    }

    #[tokio::test]
    async fn reflections_are_seen_only_by_the_trainee_and_their_mentors() {
        for db in backends().await {
            demo(&db).await;
            let trainee = user_id(&db, "trainee.santang").await;
            let own_mentor = user_id(&db, "mentor.santang").await;
            let other_mentor = user_id(&db, "mentor.quanxi").await;
            let id = db
                .create_reflection(trainee, "第一次入户", "有些紧张")
                .await
                .expect("write");
            db.add_reflection_comment(id, own_mentor, "很好的开始")
                .await
                .expect("comment");
            assert_eq!(
                db.reflections(trainee, true).await.expect("own")[0]
                    .comments
                    .len(),
                1
            );
            assert_eq!(
                db.reflections(own_mentor, false)
                    .await
                    .expect("mentor")
                    .len(),
                1
            );
            assert!(
                db.reflections(other_mentor, false)
                    .await
                    .expect("other")
                    .is_empty()
            );
        }
    }

    #[tokio::test]
    async fn thresholds_are_settings() {
        for db in backends().await {
            demo(&db).await;
            assert_eq!(db.thresholds().await.expect("t"), Thresholds::default());
            let t = Thresholds {
                mentor_load_limit: 3,
                supervision_overdue_days: 14,
                signoff_wait_days: 5,
            };
            db.set_thresholds(t, &Actor::default()).await.expect("set");
            assert_eq!(db.thresholds().await.expect("t"), t);
        }
    }
}

mod bench;
mod overview;
mod volunteers;
