//! The authorization matrix, over HTTP: every server function of the foundation called by a
//! visitor, each demo role, and an admin of another station. The real router, a fresh database.

mod support;

use app::server::db::demo::DEMO_PASSWORD;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use support::{Harness, Reply, assert_matrix, form_outcome, harness, outcome};
use tower::ServiceExt;

#[tokio::test]
async fn admin_and_station_pages_follow_the_role_matrix() {
    let h = harness().await;
    let who = h
        .callers(&[
            "trainee.santang",
            "mentor.santang",
            "coord.santang",
            "admin.santang",
            "admin",
        ])
        .await;
    let expected = [
        // (endpoint, form, [visitor, trainee, mentor, coordinator, station admin, county admin])
        (
            "/api/admin/accounts",
            "search=&page=0",
            [
                "NotSignedIn",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "ok",
                "ok",
            ],
        ),
        (
            "/api/admin/audit",
            "",
            [
                "NotSignedIn",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "ok",
                "ok",
            ],
        ),
        (
            "/api/admin/stations",
            "",
            [
                "NotSignedIn",
                "Forbidden",
                "Forbidden",
                "Forbidden",
                "ok",
                "ok",
            ],
        ),
        (
            "/api/stations",
            "page=1",
            ["NotSignedIn", "Forbidden", "Forbidden", "ok", "ok", "ok"],
        ),
    ];
    assert_matrix(&h, &who, &expected).await;
}

#[tokio::test]
async fn admins_reach_only_accounts_at_their_own_stations() {
    let h = harness().await;
    let santang_admin = h.sign_in("admin.santang").await;
    let county_admin = h.sign_in("admin").await;
    let quanxi_trainee = h.user_id("trainee.quanxi").await;
    let santang_trainee = h.user_id("trainee.santang").await;
    let quanxi = h.station_id("泉溪镇社工站").await;
    let santang = h.station_id("三塘镇社工站").await;

    let other = h
        .post(
            "/api/admin/account",
            Some(&santang_admin),
            &format!("id={quanxi_trainee}"),
        )
        .await;
    assert_eq!(outcome(&other), "NotFound");
    let own = h
        .post(
            "/api/admin/account",
            Some(&santang_admin),
            &format!("id={santang_trainee}"),
        )
        .await;
    assert_eq!(outcome(&own), "ok");
    let county = h
        .post(
            "/api/admin/account",
            Some(&county_admin),
            &format!("id={quanxi_trainee}"),
        )
        .await;
    assert_eq!(outcome(&county), "ok");

    let deactivate = format!("account_id={quanxi_trainee}&active=false");
    let reply = h
        .post("/api/admin/set_active", Some(&santang_admin), &deactivate)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");
    assert!(
        h.db.find_login("trainee.quanxi")
            .await
            .expect("f")
            .expect("e")
            .active,
        "unchanged"
    );

    let grant = format!("account_id={santang_trainee}&role=mentor&station_id={quanxi}");
    let reply = h
        .post("/api/admin/grant_role", Some(&santang_admin), &grant)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");
    let grant = format!("account_id={santang_trainee}&role=mentor&station_id={santang}");
    let reply = h
        .post("/api/admin/grant_role", Some(&santang_admin), &grant)
        .await;
    assert_eq!(form_outcome(&reply), "saved");

    let create = format!(
        "username=newbie&display_name=%E6%96%B0%E4%BA%BA&mobile=&password=long-enough-1&role=trainee&station_id={quanxi}"
    );
    let reply = h
        .post("/api/admin/create_account", Some(&santang_admin), &create)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");
    assert!(
        h.db.find_login("newbie").await.expect("find").is_none(),
        "nothing created"
    );
}

#[tokio::test]
async fn nobody_changes_their_own_roles_and_non_admins_change_none() {
    let h = harness().await;
    let santang_admin = h.sign_in("admin.santang").await;
    let trainee = h.sign_in("trainee.santang").await;
    let me = h.user_id("admin.santang").await;
    let santang = h.station_id("三塘镇社工站").await;
    let (account, _) = h.db.account(me).await.expect("a").expect("e");
    let my_grant = account.roles[0].id;

    let revoke = format!("account_id={me}&grant_id={my_grant}");
    let reply = h
        .post("/api/admin/revoke_role", Some(&santang_admin), &revoke)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");
    let grant = format!("account_id={me}&role=mentor&station_id={santang}");
    let reply = h
        .post("/api/admin/grant_role", Some(&santang_admin), &grant)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");

    let trainee_id = h.user_id("trainee.santang").await;
    let grant = format!("account_id={trainee_id}&role=admin&station_id={santang}");
    let reply = h
        .post("/api/admin/grant_role", Some(&trainee), &grant)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");
    let reply = h.post("/api/admin/grant_role", None, &grant).await;
    assert_eq!(form_outcome(&reply), "sign_in");
}

#[tokio::test]
async fn wrong_passwords_are_throttled_per_account() {
    let h = harness().await;
    for _ in 0..5 {
        let reply = h
            .post(
                "/api/auth/login",
                None,
                "username=coord.quanxi&password=nope-nope",
            )
            .await;
        assert!(reply.error.as_deref() == Some("bad_credentials"));
    }
    let reply = h
        .post(
            "/api/auth/login",
            None,
            &format!("username=coord.quanxi&password={DEMO_PASSWORD}"),
        )
        .await;
    assert!(
        reply.cookie.is_none(),
        "locked even with the right password"
    );
    assert!(reply.error.as_deref() == Some("too_many_attempts"));
    // Another account from the same address is not locked by it.
    assert!(!h.sign_in("coord.santang").await.is_empty());
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let h = harness().await;
    let cookie = h.sign_in("admin").await;
    assert_eq!(
        outcome(&h.post("/api/admin/audit", Some(&cookie), "").await),
        "ok"
    );
    let reply = h.post("/api/auth/logout", Some(&cookie), "").await;
    assert_eq!(reply.location.as_deref(), Some("/login?signed_out=1"));
    assert_eq!(
        outcome(&h.post("/api/admin/audit", Some(&cookie), "").await),
        "NotSignedIn"
    );
}

mod competency {
    use super::*;
    use app::model::competency::{Level, NewPractice, Setting};
    use app::server::db::audit::Actor;

    fn practice(setting: Setting, observed: bool) -> NewPractice {
        NewPractice {
            practised_on: chrono_date(),
            item_codes: vec!["B1".into()],
            setting,
            level: Level::Independent,
            mentor_observed: observed,
            project_id: None,
            township: String::new(),
            village: String::new(),
            alias: String::new(),
            age_band: String::new(),
            reflection_md: String::new(),
            client_id: None,
        }
    }

    fn chrono_date() -> sqlx::types::chrono::NaiveDate {
        sqlx::types::chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date")
    }

    #[tokio::test]
    async fn competency_functions_follow_the_role_matrix() {
        let h = harness().await;
        let santang_trainee = h.user_id("trainee.santang").await;
        let who = h
            .callers(&[
                "trainee.santang",
                "mentor.santang",
                "coord.santang",
                "mentor.quanxi",
                "admin",
            ])
            .await;
        let progress = format!("trainee_id={santang_trainee}");
        let expected = [
            // (endpoint, form, [visitor, trainee, mentor, coordinator, other station's mentor, county admin])
            (
                "/api/practice/form",
                "",
                [
                    "NotSignedIn",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/practice/mine",
                "",
                [
                    "NotSignedIn",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/review/queue",
                "",
                ["NotSignedIn", "Forbidden", "ok", "Forbidden", "ok", "ok"],
            ),
            (
                "/api/trainees",
                "",
                ["NotSignedIn", "Forbidden", "ok", "ok", "ok", "ok"],
            ),
            (
                "/api/progress",
                progress.as_str(),
                ["NotSignedIn", "ok", "ok", "ok", "NotFound", "ok"],
            ),
        ];
        assert_matrix(&h, &who, &expected).await;
    }

    #[tokio::test]
    async fn only_the_trainees_own_mentors_and_admins_decide() {
        let h = harness().await;
        let trainee = h.user_id("trainee.santang").await;
        let version = h.db.ensure_enrolment(trainee).await.expect("enrol");
        h.db.create_practice(trainee, trainee, &practice(Setting::Real, true))
            .await
            .expect("p");
        h.db.create_practice(trainee, trainee, &practice(Setting::Roleplay, false))
            .await
            .expect("p");
        let request =
            h.db.request_signoff(trainee, "B1", version, &Actor::default())
                .await
                .expect("r");
        let decide = format!("request_id={request}&outcome=competent&comment=");

        let other_mentor = h.sign_in("mentor.quanxi").await;
        let reply = h
            .post("/api/review/decide", Some(&other_mentor), &decide)
            .await;
        assert_eq!(form_outcome(&reply), "not_found");
        let coordinator = h.sign_in("coord.santang").await;
        let reply = h
            .post("/api/review/decide", Some(&coordinator), &decide)
            .await;
        assert_eq!(form_outcome(&reply), "forbidden");
        let own = h.sign_in("trainee.santang").await;
        let reply = h.post("/api/review/decide", Some(&own), &decide).await;
        assert_eq!(
            form_outcome(&reply),
            "forbidden",
            "no one signs off their own competencies"
        );
        let reply = h
            .post(
                "/api/review/comment",
                Some(&other_mentor),
                &format!("request_id={request}&body=hi"),
            )
            .await;
        assert_eq!(form_outcome(&reply), "not_found");
        assert!(
            h.db.decision_for_request(request)
                .await
                .expect("d")
                .is_none(),
            "nothing decided yet"
        );

        let needs_comment = format!("request_id={request}&outcome=needs_practice&comment=");
        let mentor = h.sign_in("mentor.santang").await;
        let reply = h
            .post("/api/review/decide", Some(&mentor), &needs_comment)
            .await;
        assert!(reply.error.as_deref() == Some("comment_required"));
        let reply = h.post("/api/review/decide", Some(&mentor), &decide).await;
        assert_eq!(form_outcome(&reply), "saved");
        let reply = h.post("/api/review/decide", Some(&mentor), &decide).await;
        assert!(reply.error.as_deref() == Some("already_decided"));

        let revoke = format!("trainee_id={trainee}&item_code=B1&reason=%E5%A4%8D%E6%A0%B8");
        let reply = h
            .post("/api/signoff/revoke", Some(&coordinator), &revoke)
            .await;
        assert_eq!(form_outcome(&reply), "forbidden");
        let reply = h.post("/api/signoff/revoke", Some(&mentor), &revoke).await;
        assert_eq!(form_outcome(&reply), "saved");
    }

    #[tokio::test]
    async fn sign_off_cannot_be_requested_before_the_rule_is_met() {
        let h = harness().await;
        let trainee = h.sign_in("trainee.quanxi").await;
        let reply = h
            .post("/api/signoff/request", Some(&trainee), "item_code=C1")
            .await;
        assert!(reply.error.as_deref() == Some("rule_not_met"));
        let mentor = h.sign_in("mentor.quanxi").await;
        let reply = h
            .post(
                "/api/practice/log",
                Some(&mentor),
                "practised_on=2026-11-01&item_C1=on&setting=real&level=independent",
            )
            .await;
        assert_eq!(
            form_outcome(&reply),
            "forbidden",
            "mentors do not log practice as trainees"
        );
    }
}

mod mentorship {
    use super::*;

    #[tokio::test]
    async fn mentorship_functions_follow_the_role_matrix() {
        let h = harness().await;
        let who = h
            .callers(&[
                "trainee.santang",
                "mentor.santang",
                "coord.santang",
                "coord.quanxi",
                "admin",
            ])
            .await;
        let expected = [
            // (endpoint, form, [visitor, trainee, mentor, coordinator, other coordinator, county admin])
            (
                "/api/pairings",
                "",
                ["NotSignedIn", "Forbidden", "Forbidden", "ok", "ok", "ok"],
            ),
            (
                "/api/oversight",
                "mine=false",
                ["NotSignedIn", "Forbidden", "Forbidden", "ok", "ok", "ok"],
            ),
            (
                "/api/oversight",
                "mine=true",
                [
                    "NotSignedIn",
                    "Forbidden",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/supervision",
                "",
                [
                    "NotSignedIn",
                    "ok",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/reflections",
                "",
                [
                    "NotSignedIn",
                    "ok",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
        ];
        assert_matrix(&h, &who, &expected).await;
    }

    #[tokio::test]
    async fn coordinators_pair_only_at_their_stations_and_sessions_stay_private() {
        let h = harness().await;
        let quanxi_trainee = h.user_id("trainee2.quanxi").await;
        let santang_trainee = h.user_id("trainee2.santang").await;
        let santang_mentor = h.user_id("mentor.santang").await;
        let coord_santang = h.sign_in("coord.santang").await;
        let pair = |t: i64| {
            format!("trainee_id={t}&mentor_id={santang_mentor}&is_primary=on&starts_on=2026-11-01")
        };
        let reply = h
            .post(
                "/api/pairings/create",
                Some(&coord_santang),
                &pair(quanxi_trainee),
            )
            .await;
        assert_eq!(
            form_outcome(&reply),
            "forbidden",
            "another station's trainee"
        );
        let reply = h
            .post(
                "/api/pairings/create",
                Some(&coord_santang),
                &pair(santang_trainee),
            )
            .await;
        assert_eq!(form_outcome(&reply), "saved");
        let mentor = h.sign_in("mentor.santang").await;
        let reply = h
            .post(
                "/api/pairings/create",
                Some(&mentor),
                &pair(santang_trainee),
            )
            .await;
        assert_eq!(form_outcome(&reply), "forbidden", "mentors do not pair");

        // A session the demo recorded for 泉溪镇: invisible to 三塘镇's mentor and trainee.
        let quanxi_mentor = h.user_id("mentor.quanxi").await;
        let sessions = h.db.sessions_for(quanxi_mentor).await.expect("sessions");
        let sid = sessions[0].id;
        for user in ["mentor.santang", "trainee.santang", "coord.santang"] {
            let cookie = h.sign_in(user).await;
            let reply = h
                .post(
                    "/api/supervision/session",
                    Some(&cookie),
                    &format!("id={sid}"),
                )
                .await;
            assert_eq!(outcome(&reply), "NotFound", "{user}");
        }
        let cookie = h.sign_in("coord.quanxi").await;
        assert_eq!(
            outcome(
                &h.post(
                    "/api/supervision/session",
                    Some(&cookie),
                    &format!("id={sid}")
                )
                .await
            ),
            "ok"
        );
        let trainee = h.sign_in("trainee.santang").await;
        let reply = h
            .post(
                "/api/supervision/confirm",
                Some(&trainee),
                &format!("session_id={sid}&remarks="),
            )
            .await;
        assert_eq!(form_outcome(&reply), "forbidden", "only attendees confirm");

        // Recording a session with someone else's mentee is refused.
        let record = format!(
            "held_on=2026-11-20&minutes=30&form=individual&channel=phone&topics=x&fn_supportive=on&trainee_{}=on",
            h.user_id("trainee.quanxi").await
        );
        let reply = h
            .post("/api/supervision/create", Some(&mentor), &record)
            .await;
        assert!(
            reply.error.as_deref() == Some("not_your_mentee"),
            "{:?}",
            reply.location
        );
    }
}

/// Volunteer hours: every server function and CSV route against each role, another station's
/// coordinator, a volunteer account and a visitor.
mod volunteers {
    use super::*;
    use app::model::volunteer::{ActivityInput, HoursFilter};
    use app::server::db::audit::Actor;

    const PEOPLE: [&str; 7] = [
        "trainee.santang",
        "mentor.santang",
        "coord.santang",
        "admin.santang",
        "admin",
        "coord.quanxi",
        "volunteer.demo",
    ];

    async fn people(h: &Harness) -> Vec<(&'static str, Option<String>)> {
        h.callers(&PEOPLE).await
    }

    struct Fixture {
        santang: i64,
        project: i64,
        volunteer: i64,
        demo_volunteer: i64,
        activity: i64,
        /// An activity of another station (泉溪镇) than the demo volunteer's.
        activity_elsewhere: i64,
        waiting: i64,
        waiting_other: i64,
        confirmed_own: i64,
        certificate: i64,
    }

    async fn fixture(h: &Harness) -> Fixture {
        let santang = h.station_id("三塘镇社工站").await;
        let coord = h.user_id("coord.santang").await;
        let actor = Actor {
            user_id: Some(coord),
            ip: None,
        };
        let demo_volunteer =
            h.db.volunteer_for_account(h.user_id("volunteer.demo").await)
                .await
                .expect("v")
                .expect("linked");
        let santang_scope = app::model::permission::Scope::Within(vec![
            h.db.station_ref(santang)
                .await
                .expect("station")
                .expect("exists")
                .path,
        ]);
        let (roster, _) =
            h.db.roster(
                &santang_scope,
                &app::model::volunteer::RosterFilter {
                    page: 1,
                    ..Default::default()
                },
                5,
            )
            .await
            .expect("roster");
        let volunteer = roster
            .iter()
            .map(|r| r.id)
            .find(|id| *id != demo_volunteer)
            .expect("another volunteer");
        let yesterday =
            app::model::time::china_time(chrono::Utc::now()).date() - chrono::Duration::days(1);
        // Yesterday's early-morning activity of a project of `station`, made by `coordinator`.
        let activity_at = |station: i64, coordinator: &'static str, name: &'static str| async move {
            let project =
                h.db.project_overview()
                    .await
                    .expect("projects")
                    .into_iter()
                    .find(|p| p.stations.iter().any(|(id, _)| *id == station))
                    .expect("a project of the station")
                    .id;
            let input = ActivityInput {
                project_id: project.to_string(),
                station_id: station.to_string(),
                name: name.into(),
                kind: "service".into(),
                held_on: yesterday.to_string(),
                start: "06:00".into(),
                end: "07:00".into(),
                township: "乡镇".into(),
                village: String::new(),
                content: name.into(),
                capacity: "10".into(),
            }
            .validate()
            .expect("valid");
            let actor = Actor {
                user_id: Some(h.user_id(coordinator).await),
                ip: None,
            };
            let id =
                h.db.create_activity(&input, &actor)
                    .await
                    .expect("activity");
            (project, id)
        };
        let (project, activity) = activity_at(santang, "coord.santang", "清晨巡河").await;
        let quanxi = h.station_id("泉溪镇社工站").await;
        let (_, activity_elsewhere) = activity_at(quanxi, "coord.quanxi", "泉溪助学").await;
        let (waiting, _) =
            h.db.hour_records(
                &santang_scope,
                &HoursFilter {
                    status: Some(app::model::volunteer::RecordStatus::Submitted),
                    page: 1,
                    ..Default::default()
                },
                2,
            )
            .await
            .expect("waiting");
        let own =
            h.db.volunteer_records(demo_volunteer)
                .await
                .expect("own")
                .into_iter()
                .find(|r| r.status == app::model::volunteer::RecordStatus::Confirmed)
                .expect("a confirmed record")
                .id;
        let certificate =
            h.db.issue_certificate(
                &app::server::db::certificates::NewCertificate {
                    volunteer_id: demo_volunteer,
                    station_id: santang,
                    from_on: yesterday - chrono::Duration::days(400),
                    to_on: yesterday,
                    show_id: None,
                    person_in_charge: "站长".into(),
                    contact: "0734-0000000".into(),
                    notes: String::new(),
                },
                &actor,
            )
            .await
            .expect("certificate");
        Fixture {
            santang,
            project,
            waiting_other: waiting[1].id,
            volunteer,
            demo_volunteer,
            activity,
            activity_elsewhere,
            waiting: waiting[0].id,
            confirmed_own: own,
            certificate,
        }
    }

    /// The form body for the n-th caller (some forms must differ per caller).
    type FormFor = Box<dyn Fn(usize) -> String>;

    fn form_result(reply: &Reply) -> String {
        if reply
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/certificates/"))
        {
            return "saved".into();
        }
        form_outcome(reply)
    }

    #[tokio::test]
    async fn volunteer_reads_follow_the_matrix() {
        let h = harness().await;
        let f = fixture(&h).await;
        let who = people(&h).await;
        let staff_all = [
            "NotSignedIn",
            "Forbidden",
            "Forbidden",
            "ok",
            "ok",
            "ok",
            "ok",
            "Forbidden",
        ];
        let santang_staff = [
            "NotSignedIn",
            "Forbidden",
            "Forbidden",
            "ok",
            "ok",
            "ok",
            "Forbidden",
            "Forbidden",
        ];
        let expected: Vec<(&str, String, [&str; 8])> = vec![
            ("/api/volunteers/roster", "filter[page]=1".into(), staff_all),
            ("/api/volunteers/form", String::new(), staff_all),
            (
                "/api/volunteers/get",
                format!("id={}", f.volunteer),
                santang_staff,
            ),
            ("/api/projects/list", String::new(), staff_all),
            ("/api/projects/get", "id=1".into(), staff_all),
            (
                "/api/activities/get",
                format!("id={}", f.activity),
                santang_staff,
            ),
            ("/api/hours/list", "filter[page]=1".into(), staff_all),
            ("/api/hours/totals", "from=&to=".into(), staff_all),
            (
                "/api/volunteers/national",
                "from=&to=".into(),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "Forbidden",
                ],
            ),
            ("/api/hours/waiting", String::new(), staff_all),
            ("/api/certificates/register", String::new(), staff_all),
            (
                "/api/me/hours",
                String::new(),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                ],
            ),
            (
                "/api/certificates/get",
                format!("id={}", f.certificate),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "ok",
                    "ok",
                    "Forbidden",
                    "ok",
                ],
            ),
        ];
        let expected: Vec<(&str, &str, [&str; 8])> = expected
            .iter()
            .map(|(endpoint, form, answers)| (*endpoint, form.as_str(), *answers))
            .collect();
        assert_matrix(&h, &who, &expected).await;
    }

    /// The certificate's PDF follows its page: whoever gets the page gets the PDF, everyone
    /// else the same refusal as an HTTP status.
    #[tokio::test]
    async fn the_certificate_pdf_follows_its_page() {
        let h = harness().await;
        let f = fixture(&h).await;
        let who = people(&h).await;
        for (name, cookie) in &who {
            let page = h
                .post(
                    "/api/certificates/get",
                    cookie.as_deref(),
                    &format!("id={}", f.certificate),
                )
                .await;
            let pdf = h
                .get(
                    &format!("/certificate.pdf?id={}", f.certificate),
                    cookie.as_deref(),
                )
                .await;
            match outcome(&page) {
                "ok" => {
                    assert_eq!(pdf.status, StatusCode::OK, "{name}: {}", pdf.body);
                    assert_eq!(
                        pdf.headers
                            .get("content-type")
                            .and_then(|v| v.to_str().ok()),
                        Some("application/pdf")
                    );
                    assert!(pdf.bytes.starts_with(b"%PDF-"), "{name}: a PDF");
                    assert!(pdf.bytes.len() > 1_000);
                }
                "NotSignedIn" => assert!(
                    pdf.location
                        .as_deref()
                        .is_some_and(|l| l.starts_with("/login?next=")),
                    "{name}"
                ),
                "Forbidden" => assert_eq!(pdf.status, StatusCode::FORBIDDEN, "{name}"),
                other => panic!("{name}: page answered {other}"),
            }
        }
        let (_, coordinator) = &who[3];
        for bad in [
            "",
            "?id=",
            "?id=abc",
            "?id=-4",
            "?id=0",
            "?id=99999999999999999999999",
            "?id=987654",
        ] {
            let reply = h
                .get(&format!("/certificate.pdf{bad}"), coordinator.as_deref())
                .await;
            assert_eq!(reply.status, StatusCode::NOT_FOUND, "{bad}");
        }
    }

    #[tokio::test]
    async fn volunteer_writes_follow_the_matrix() {
        let h = harness().await;
        let f = fixture(&h).await;
        let who = people(&h).await;
        let v = f.volunteer;
        let rows: Vec<(&str, FormFor, [&str; 8])> = vec![
            (
                "/api/volunteers/register",
                Box::new(move |i| {
                    format!(
                        "name=新志愿者&mobile=1990000{i:04}&birth_date=1990-01-01&gender=female&station_id={}",
                        f.santang
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "saved",
                    "saved",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/volunteers/reveal",
                Box::new(move |_| format!("volunteer_id={v}&what=mobile&reason=核对")),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "saved",
                    "saved",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/volunteers/status",
                Box::new(move |i| {
                    // Ends active, so the attendance row below can record this volunteer.
                    let status = if i == 4 { "inactive" } else { "active" };
                    format!("volunteer_id={v}&status={status}&reason=搬迁")
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "saved",
                    "saved",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/activities/attendance",
                Box::new(move |_| {
                    format!(
                        "activity_id={}&late_reason=&over_cap_reason=&att[0][start]=&att[{v}][pick]=on&att[{v}][start]=06:00&att[{v}][end]=07:00",
                        f.activity
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/activities/create",
                Box::new(move |i| {
                    format!(
                        "project_id={}&station_id={}&name=活动{i}&kind=service&held_on=2026-11-01&start=09:00&end=10:00&township=三塘镇&village=&content=探访&capacity=5",
                        f.project, f.santang
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/activities/record-one",
                Box::new(move |_| {
                    format!(
                        "activity_id={}&volunteer={}&start=07:30&end=07:50&late_reason=&over_cap_reason=",
                        f.activity,
                        app::model::volunteer::volunteer_number(v)
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/hours/reject",
                Box::new(move |_| {
                    format!("record_id={}&reason=未到场&back=/hours", f.waiting_other)
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                // Authorised callers reach validation (a password that is too short).
                "/api/volunteers/account",
                Box::new(move |i| format!("volunteer_id={v}&username=vol{i}&password=short")),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "error=password_too_short",
                    "error=password_too_short",
                    "error=password_too_short",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/volunteers/consent",
                Box::new(move |_| {
                    format!(
                        "volunteer_id={v}&guardian_name=&guardian_relation=母亲&guardian_consent_on=2026-01-01"
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "error=required",
                    "error=required",
                    "error=required",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/hours/confirm",
                Box::new(move |_| format!("back=/hours&pick[{}]=on", f.waiting)),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/hours/correct",
                Box::new(move |_| {
                    format!(
                        "record_id={}&start=09:00&end=10:00&reason=提前离开&back=/my-hours",
                        f.confirmed_own
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "saved",
                ],
            ),
            (
                "/api/me/report",
                Box::new(move |_| {
                    format!(
                        "activity_id={}&start=06:00&end=06:30&late_reason=",
                        f.activity
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "saved",
                ],
            ),
            (
                // A volunteer reports hours only at their own station's activities.
                "/api/me/report",
                Box::new(move |_| {
                    format!(
                        "activity_id={}&start=06:00&end=06:30&late_reason=",
                        f.activity_elsewhere
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/certificates/issue",
                Box::new(move |_| {
                    format!(
                        "volunteer_id={}&station_id={}&from_on=2020-01-01&to_on=2030-01-01&person_in_charge=站长&contact=0734&notes=",
                        f.demo_volunteer, f.santang
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/projects/create",
                Box::new(move |i| {
                    format!(
                        "name=新项目{i}&description=&station_id={}&co_station_id=",
                        f.santang
                    )
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            (
                "/api/hours/settings",
                Box::new(|_| {
                    "star_1=100&star_2=300&star_3=600&star_4=1000&star_5=1500&cap_hours=12&late_days=30".into()
                }),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden", // a county admin: settings belong to the root (see region_tree)
                    "forbidden",
                    "forbidden",
                ],
            ),
        ];
        for (endpoint, form, answers) in &rows {
            for (i, ((name, cookie), want)) in who.iter().zip(answers).enumerate() {
                let reply = h.post(endpoint, cookie.as_deref(), &form(i)).await;
                assert_eq!(form_result(&reply), *want, "{name} calling {endpoint}");
            }
        }
    }

    /// QR check-in: the screen is for the activity's coordinators, the scan page and its
    /// buttons for a signed-in volunteer holding a fresh code of that activity; activation codes
    /// are made by the volunteer's station staff and used once by the volunteer.
    #[tokio::test]
    async fn check_in_follows_the_roles_and_needs_a_fresh_code_of_that_activity() {
        use app::model::volunteer::{ActivityInput, ScanToken, token_window};
        let h = harness().await;
        let f = fixture(&h).await;
        let who = people(&h).await;
        let coord = Actor {
            user_id: Some(h.user_id("coord.santang").await),
            ip: None,
        };
        // Open all day today, so the test never meets the window's edges.
        let today = app::model::time::china_time(chrono::Utc::now()).date();
        let activity =
            h.db.create_activity(
                &ActivityInput {
                    project_id: f.project.to_string(),
                    station_id: f.santang.to_string(),
                    name: "扫码测试".into(),
                    kind: "service".into(),
                    held_on: today.to_string(),
                    start: "00:00".into(),
                    end: "23:59".into(),
                    township: "三塘镇".into(),
                    village: String::new(),
                    content: "探访".into(),
                    capacity: "10".into(),
                }
                .validate()
                .expect("valid"),
                &coord,
            )
            .await
            .expect("activity");
        let coordinators_here = [
            "NotSignedIn",
            "Forbidden",
            "Forbidden",
            "ok",
            "Forbidden",
            "Forbidden",
            "Forbidden",
            "Forbidden",
        ];
        let volunteer_only = [
            "NotSignedIn",
            "Forbidden",
            "Forbidden",
            "Forbidden",
            "Forbidden",
            "Forbidden",
            "Forbidden",
            "ok",
        ];
        assert_matrix(
            &h,
            &who,
            &[
                (
                    "/api/checkin/screen",
                    &format!("id={activity}"),
                    coordinators_here,
                ),
                (
                    "/api/checkin/page",
                    &format!("id={activity}&t=1.0123456789abcdef"),
                    volunteer_only,
                ),
            ],
        )
        .await;
        let secret =
            h.db.checkin_secret_of(activity)
                .await
                .expect("secret")
                .expect("made by the screen");
        let window = token_window(chrono::Utc::now().timestamp());
        let token = app::server::checkin::token(&secret, activity, window).encode();
        let stale = app::server::checkin::token(&secret, activity, window - 2).encode();
        let elsewhere = app::server::checkin::token(&secret, f.activity, window).encode();
        let code = app::server::checkin::code(&secret, activity, window);
        let opened = format!("/checkin/{activity}?t={token}");
        let staff_refused = |volunteer: &'static str| {
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                volunteer,
            ]
        };
        let rows: Vec<(String, String, [&str; 8])> = vec![
            (
                "/api/checkin/confirm".into(),
                format!("activity_id={activity}"),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "error=nothing_to_confirm",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                    "forbidden",
                ],
            ),
            // An old code, another activity's code, junk: refused, nothing stored.
            (
                "/api/checkin/scan".into(),
                format!("activity_id={activity}&t={stale}&step=in"),
                staff_refused("error=scan_code_expired"),
            ),
            (
                "/api/checkin/scan".into(),
                format!("activity_id={activity}&t={elsewhere}&step=in"),
                staff_refused("error=scan_code_expired"),
            ),
            (
                "/api/checkin/scan".into(),
                format!("activity_id={activity}&t=%00{}&step=in", "9".repeat(5000)),
                staff_refused("error=scan_code_expired"),
            ),
            (
                "/api/checkin/scan".into(),
                format!("activity_id={activity}&t={token}&step=in"),
                staff_refused("saved"),
            ),
            (
                "/api/checkin/scan".into(),
                format!("activity_id={activity}&t={token}&step=sideways"),
                staff_refused("error=malformed"),
            ),
            (
                "/api/checkin/code".into(),
                format!("code={code}"),
                [
                    "sign_in",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    &opened,
                ],
            ),
            (
                "/api/checkin/code".into(),
                "code=12345".into(),
                [
                    "sign_in",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_needs_volunteer",
                    "error=scan_code_format",
                ],
            ),
            (
                "/api/checkin/scan".into(),
                format!("activity_id={activity}&t={token}&step=out"),
                staff_refused("saved"),
            ),
            (
                "/api/volunteers/activation".into(),
                format!("volunteer_id={}", f.volunteer),
                [
                    "sign_in",
                    "forbidden",
                    "forbidden",
                    "saved",
                    "saved",
                    "saved",
                    "forbidden",
                    "forbidden",
                ],
            ),
        ];
        for (endpoint, form, answers) in &rows {
            for ((name, cookie), want) in who.iter().zip(answers) {
                let reply = h.post(endpoint, cookie.as_deref(), form).await;
                assert_eq!(form_outcome(&reply), *want, "{name} calling {endpoint}");
            }
        }
        assert!(ScanToken::parse(&token).is_some());
        let state =
            h.db.scan_state(activity, f.demo_volunteer)
                .await
                .expect("state");
        assert!(
            state.in_min.is_some() && state.out_min.is_some(),
            "one check-in and one check-out stored: {state:?}"
        );
        let checkins = h.db.activity_checkins(activity).await.expect("list");
        assert_eq!(checkins.len(), 1, "only the volunteer's own scan counts");

        // Activation: the code is shown once (a one-minute cookie for that page, never in the
        // URL), and works once for the volunteer's own mobile number.
        let coord_cookie = who[3].1.clone().expect("coordinator");
        let reply = h
            .post(
                "/api/volunteers/activation",
                Some(&coord_cookie),
                &format!("volunteer_id={}", f.volunteer),
            )
            .await;
        assert!(
            !reply.location.clone().unwrap_or_default().contains("code"),
            "{:?}",
            reply.location
        );
        let flash = reply
            .headers
            .get_all(axum::http::header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|v| v.strip_prefix("shegong_activation="))
            .and_then(|v| v.split(';').next())
            .expect("the code travels in a flash cookie")
            .to_owned();
        assert_eq!(flash.len(), 8);
        let mobile =
            h.db.reveal_identifier(f.volunteer, "mobile", "测试", &Actor::default())
                .await
                .expect("mobile");
        let form = |code: &str| {
            format!("mobile={mobile}&code={code}&password=new-secret-9&confirm=new-secret-9")
        };
        let wrong = if flash == "00000000" {
            "11111111"
        } else {
            "00000000"
        };
        let reply = h.post("/api/auth/activate", None, &form(wrong)).await;
        assert_eq!(form_outcome(&reply), "error=activation_invalid");
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        let reply = h.post("/api/auth/activate", None, &form(&flash)).await;
        assert_eq!(form_outcome(&reply), "saved", "{:?}", reply.location);
        assert!(reply.cookie.is_some(), "signed in at once");
        let reply = h.post("/api/auth/activate", None, &form(&flash)).await;
        assert_eq!(
            form_outcome(&reply),
            "error=activation_invalid",
            "used once"
        );
        let reply = h
            .post(
                "/api/auth/login",
                None,
                &format!("username={mobile}&password=new-secret-9"),
            )
            .await;
        assert!(reply.cookie.is_some(), "signs in with the mobile number");
        // Codes are not walked through: a number gets a handful of tries per window.
        let mut tries = 3;
        loop {
            tries += 1;
            let reply = h.post("/api/auth/activate", None, &form(wrong)).await;
            if reply.status == StatusCode::TOO_MANY_REQUESTS {
                break;
            }
            assert!(
                tries <= app::model::throttle::MAX_CODE_TRIES,
                "try {tries} still answered {}",
                reply.status
            );
        }
        assert_eq!(tries, app::model::throttle::MAX_CODE_TRIES + 1);
    }

    /// The national export: coordinators only; a volunteer's ID and mobile numbers whole only
    /// for a coordinator of their home station (logged as a reveal there), masked for the
    /// coordinator of another station whose activity they joined; a wrong period is a 422.
    #[tokio::test]
    async fn national_export_follows_the_roles_and_masks_other_stations_volunteers() {
        use app::model::national::NationalPeriod;
        use app::model::permission::Scope;
        let h = harness().await;
        let f = fixture(&h).await;
        let today = app::model::time::china_time(chrono::Utc::now()).date();
        let yesterday = today - chrono::Duration::days(1);
        // A 三塘镇 volunteer joins 泉溪镇's activity; 泉溪镇's coordinator confirms it.
        let quanxi_coord = Actor {
            user_id: Some(h.user_id("coord.quanxi").await),
            ip: None,
        };
        let ids =
            h.db.record_hours(
                &[app::server::db::hours::NewHourRecord {
                    volunteer_id: f.volunteer,
                    activity_id: f.activity_elsewhere,
                    station_id: h.station_id("泉溪镇社工站").await,
                    served_on: yesterday,
                    start_min: 360,
                    end_min: 420,
                    kind: app::model::volunteer::HourKind::Service,
                    source: app::model::volunteer::RecordSource::Coordinator,
                    late: false,
                    late_reason: None,
                    over_cap_reason: None,
                    amends_id: None,
                    correction_reason: None,
                    checkout_missing: false,
                }],
                &quanxi_coord,
            )
            .await
            .expect("record");
        h.db.confirm_hours(&ids, &quanxi_coord)
            .await
            .expect("confirm");
        let mobile =
            h.db.reveal_identifier(f.volunteer, "mobile", "测试", &Actor::default())
                .await
                .expect("mobile");
        let period = NationalPeriod {
            from: today - chrono::Duration::days(300),
            to: today,
        };
        let url = |part: &str| {
            format!(
                "/volunteers/national.csv?from={}&to={}&part={part}",
                period.from, period.to
            )
        };

        let reply = h.get(&url("records"), None).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "visitors sign in first"
        );
        for user in [
            "trainee.santang",
            "mentor.santang",
            "volunteer.demo",
            "admin.santang",
            "admin",
        ] {
            let cookie = h.sign_in(user).await;
            let reply = h.get(&url("records"), Some(cookie.as_str())).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{user}");
        }

        let santang = h.sign_in("coord.santang").await;
        let reply = h.get(&url("records"), Some(santang.as_str())).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(
            reply
                .body
                .starts_with("\u{feff}记录编号,志愿者编号,姓名,证件类型,证件号码")
        );
        let santang_scope = Scope::Within(vec![
            h.db.station_ref(f.santang)
                .await
                .expect("station")
                .expect("exists")
                .path,
        ]);
        let (records, _) =
            h.db.national_counts(&santang_scope, &period)
                .await
                .expect("counts");
        assert!(records > 0, "the demo year has confirmed records");
        assert_eq!(
            reply.body.matches("\r\n").count() as i64,
            records + 1,
            "one line per record that counts"
        );
        assert!(
            !reply.body.contains("泉溪助学"),
            "another station's records stay out"
        );
        let first =
            h.db.national_records(&santang_scope, &period, 1)
                .await
                .expect("records")
                .remove(0);
        let volunteers = h.get(&url("volunteers"), Some(santang.as_str())).await;
        assert_eq!(volunteers.status, StatusCode::OK);
        assert!(
            volunteers.body.contains(&first.mobile),
            "the home station's coordinator gets the whole mobile number"
        );
        let audit = h.db.audit_page(None, None).await.expect("audit");
        assert!(
            audit
                .entries
                .iter()
                .any(|e| e.action == "identifier_revealed"
                    && e.target.as_deref() == Some("export:national_volunteers")),
            "logged as a reveal"
        );

        let quanxi = h.sign_in("coord.quanxi").await;
        let reply = h.get(&url("volunteers"), Some(quanxi.as_str())).await;
        assert_eq!(reply.status, StatusCode::OK);
        let masked = app::model::account::mask_mobile(&mobile);
        assert!(
            reply.body.contains(&masked) && !reply.body.contains(&mobile),
            "another station's coordinator sees the number masked"
        );

        for bad in [
            format!("/volunteers/national.csv?from={today}&to={today}&part=all"),
            format!("/volunteers/national.csv?from={today}&to={yesterday}&part=records"),
            "/volunteers/national.csv?from=2020-01-01&to=2021-06-01&part=records".to_owned(),
            "/volunteers/national.csv?from=%E2%80%AE&to=x&part=records".to_owned(),
        ] {
            let reply = h.get(&bad, Some(santang.as_str())).await;
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        }
    }

    #[tokio::test]
    async fn csv_routes_need_staff_and_exports_are_masked_and_logged() {
        let h = harness().await;
        let get = |path: &'static str, cookie: Option<String>| {
            let router = h.router.clone();
            async move {
                let mut req = Request::get(path);
                if let Some(c) = cookie {
                    req = req.header(header::COOKIE, c);
                }
                let res = router
                    .oneshot(req.body(Body::empty()).expect("req"))
                    .await
                    .expect("res");
                let status = res.status();
                let bytes = axum::body::to_bytes(res.into_body(), 1 << 24)
                    .await
                    .expect("body");
                (status, String::from_utf8_lossy(&bytes).into_owned())
            }
        };
        let (status, _) = get("/volunteers/export.csv", None).await;
        assert_eq!(
            status,
            StatusCode::SEE_OTHER,
            "visitors are sent to sign in"
        );
        for user in [
            "trainee.santang",
            "mentor.santang",
            "volunteer.demo",
            "admin.santang",
        ] {
            let (status, _) = get("/volunteers/export.csv", Some(h.sign_in(user).await)).await;
            assert_eq!(status, StatusCode::FORBIDDEN, "{user}");
        }
        let coord = h.sign_in("coord.santang").await;
        let (status, body) = get("/volunteers/export.csv?q=王", Some(coord.clone())).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.starts_with('\u{feff}'), "BOM for Excel");
        assert!(body.contains("****"), "masked");
        assert!(
            !body.contains("1357310"),
            "no full mobile number leaves in an export"
        );
        let (status, _) = get("/hours/export.csv?status=confirmed", Some(coord)).await;
        assert_eq!(status, StatusCode::OK);
        let audit = h.db.audit_page(None, None).await.expect("audit");
        assert_eq!(
            audit
                .entries
                .iter()
                .filter(|e| e.action == "export")
                .count(),
            2
        );
        let (status, body) = get("/volunteers/template-volunteers.csv", None).await;
        assert_eq!(
            status,
            StatusCode::OK,
            "the template holds no personal data"
        );
        assert!(body.contains("手机号"));
    }
}

/// Every registered server function and every plain HTTP route appears in this file's matrix
/// (or in `trust.rs`), so a new one cannot ship without someone deciding who may call it.
#[test]
fn every_server_function_and_route_has_a_matrix_entry() {
    let sources = [include_str!("authorization.rs"), include_str!("trust.rs")];
    let mentioned = |path: &str| {
        let quoted = format!("\"{path}\"");
        let prefixed = format!("\"{path}?");
        sources
            .iter()
            .any(|s| s.contains(&quoted) || s.contains(&prefixed))
    };
    let mut missing: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_owned())
        .filter(|path| !mentioned(path))
        .collect();
    missing.extend(
        shegong::PLAIN_ROUTES
            .iter()
            .map(|path| (*path).to_owned())
            .filter(|path| !mentioned(path)),
    );
    missing.sort();
    assert!(
        missing.is_empty(),
        "{} endpoints have no matrix entry:\n{}",
        missing.len(),
        missing.join("\n")
    );
}

/// What any server function did, data or form: `ok` (data), `saved` (a redirect onwards),
/// `sign_in`, `forbidden`, `not_found`, or `error=<code>` for a refused form.
fn any_outcome(reply: &Reply) -> String {
    if let Some(code) = &reply.error {
        return match code.as_str() {
            "forbidden" | "not_found" => code.clone(),
            other => format!("error={other}"),
        };
    }
    if let Some(location) = &reply.location {
        return if location.starts_with("/login?next=") {
            "sign_in".into()
        } else {
            "saved".into()
        };
    }
    if reply.status.is_success() {
        return "ok".into();
    }
    for (name, short) in [
        ("NotSignedIn", "sign_in"),
        ("Forbidden", "forbidden"),
        ("NotFound", "not_found"),
    ] {
        if reply.body.contains(name) {
            return short.into();
        }
    }
    format!("{} {}", reply.status, reply.body)
}

/// Every function not covered by an area's matrix above: frameworks, account locks, Markdown
/// preview, pairings, practice edits, reflections, review details, settings, supervision
/// follow-ups. `passes` means the caller got past authorization (saved, or refused only for
/// what the form said).
#[tokio::test]
async fn the_remaining_functions_follow_the_matrix() {
    use app::model::competency::{Level, NewPractice, Setting};
    use app::server::db::audit::Actor;

    let h = harness().await;
    // The last admin column is the admin at the top of the tree, who also holds the
    // deployment-wide settings (`region_tree` covers a county admin's refusals).
    let who = h
        .callers(&[
            "trainee.santang",
            "mentor.santang",
            "coord.santang",
            "admin.santang",
            "admin.hunan",
            "mentor.quanxi",
        ])
        .await;
    let trainee = h.user_id("trainee.santang").await;
    let mentor = h.user_id("mentor.santang").await;
    let county_admin = Actor {
        user_id: Some(h.user_id("admin.hunan").await),
        ip: None,
    };
    let published =
        h.db.latest_published_version()
            .await
            .expect("v")
            .expect("published");
    let draft =
        h.db.create_framework_draft(&county_admin)
            .await
            .expect("draft");
    let practice =
        h.db.create_practice(
            trainee,
            trainee,
            &NewPractice {
                practised_on: sqlx::types::chrono::NaiveDate::from_ymd_opt(2026, 11, 1)
                    .expect("date"),
                item_codes: vec!["B1".into()],
                setting: Setting::Real,
                level: Level::Independent,
                mentor_observed: false,
                project_id: None,
                township: String::new(),
                village: String::new(),
                alias: String::new(),
                age_band: String::new(),
                reflection_md: String::new(),
                client_id: None,
            },
        )
        .await
        .expect("practice")
        .expect("stored");
    let request =
        h.db.request_signoff(trainee, "B1", published, &Actor::default())
            .await
            .expect("request");
    let reflection =
        h.db.create_reflection(trainee, "第一次入户", "有些紧张")
            .await
            .expect("reflection");
    let pairing =
        h.db.my_pairings(mentor)
            .await
            .expect("pairings")
            .first()
            .expect("paired")
            .id;
    let (session, action): (i64, i64) = match &h.db {
        app::server::db::Db::Sqlite(pool) => sqlx::query_as(
            "SELECT s.id, a.id FROM supervision_sessions s
             JOIN supervision_actions a ON a.session_id = s.id
             WHERE s.mentor_id = $1 ORDER BY s.id LIMIT 1",
        )
        .bind(mentor)
        .fetch_one(pool)
        .await
        .expect("a session with an action"),
        app::server::db::Db::Postgres(_) => unreachable!("the harness runs on SQLite"),
    };

    let rows: Vec<(String, String, [&str; 7])> = vec![
        // [visitor, trainee, mentor, coordinator, station admin, county admin, other mentor]
        (
            "/api/framework/versions".into(),
            String::new(),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "ok",
                "forbidden",
            ],
        ),
        (
            "/api/framework/version".into(),
            format!("id={published}"),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "ok",
                "forbidden",
            ],
        ),
        (
            "/api/framework/draft".into(),
            String::new(),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/framework/add_item".into(),
            format!(
                "version_id={draft}&item_id=&area_id=&code=&title=&description=&evidence=&min_independent=2&min_real_observed=1"
            ),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/framework/edit_item".into(),
            format!(
                "version_id={draft}&item_id=0&area_id=&code=&title=&description=&evidence=&min_independent=2&min_real_observed=1"
            ),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/framework/remove_item".into(),
            format!("version_id={published}&item_id=0"),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/framework/publish".into(),
            format!("version_id={published}"),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/framework/move_trainee".into(),
            format!("trainee_id={trainee}"),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/admin/clear_login_lock".into(),
            format!("account_id={trainee}"),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/markdown/preview".into(),
            "text=**x**".into(),
            ["sign_in", "ok", "ok", "ok", "ok", "ok", "ok"],
        ),
        (
            // Whose outbox and which pages to keep: any signed-in person, their own only.
            "/api/offline/outbox".into(),
            String::new(),
            ["sign_in", "ok", "ok", "ok", "ok", "ok", "ok"],
        ),
        (
            "/api/pairings/mine".into(),
            String::new(),
            ["sign_in", "ok", "ok", "ok", "ok", "ok", "ok"],
        ),
        (
            "/api/review/observations".into(),
            String::new(),
            ["sign_in", "ok", "ok", "ok", "ok", "ok", "ok"],
        ),
        (
            "/api/review/request".into(),
            format!("request_id={request}"),
            ["sign_in", "ok", "ok", "ok", "ok", "ok", "not_found"],
        ),
        (
            "/api/practice/edit".into(),
            format!(
                "id={practice}&practised_on=2026-11-02&item_B1=on&setting=real&level=independent"
            ),
            [
                "sign_in",
                "passes",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            "/api/practice/withdraw".into(),
            format!("id={practice}"),
            [
                "sign_in",
                "passes",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            "/api/reflections/create".into(),
            "title=%E5%8F%8D%E6%80%9D&body=%E5%86%85%E5%AE%B9".into(),
            [
                "sign_in",
                "passes",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            "/api/reflections/comment".into(),
            format!("reflection_id={reflection}&body=%E5%A5%BD"),
            [
                "sign_in",
                "passes",
                "passes",
                "not_found",
                "not_found",
                "not_found",
                "not_found",
            ],
        ),
        (
            "/api/settings".into(),
            "mentor_load_limit=&supervision_overdue_days=30&signoff_wait_days=7".into(),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "passes",
                "forbidden",
            ],
        ),
        (
            "/api/supervision/action_done".into(),
            format!("action_id={action}"),
            [
                "sign_in",
                "passes",
                "passes",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            "/api/supervision/correct".into(),
            format!("session_id={session}&body=%E6%9B%B4%E6%AD%A3"),
            [
                "sign_in",
                "passes",
                "passes",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            "/api/pairings/end".into(),
            // An unknown status: authorised callers are refused only for it, and the pairing
            // stays active for the next caller.
            format!("pairing_id={pairing}&status=unknown&reason="),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "passes",
                "passes",
                "passes",
                "forbidden",
            ],
        ),
    ];
    let mut wrong = Vec::new();
    for (endpoint, form, answers) in &rows {
        for ((name, cookie), want) in who.iter().zip(answers) {
            let reply = h.post(endpoint, cookie.as_deref(), form).await;
            let got = any_outcome(&reply);
            let passes = !matches!(got.as_str(), "sign_in" | "forbidden" | "not_found");
            let ok = if *want == "passes" {
                passes
            } else {
                got == *want
            };
            if !ok {
                wrong.push(format!("{name} calling {endpoint}: want {want}, got {got}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The region tree over HTTP: the overview (page data and download) follows the subtree where a
/// person holds a coordinator or admin role; deployment-wide settings belong to the root.
/// Continuing education: every staff account keeps its own record (a volunteer account has
/// none); an admin of the worker's station confirms a training, never their own and never one of
/// another station.
#[tokio::test]
async fn continuing_education_follows_the_matrix() {
    use app::model::education::{CheckedTraining, TrainingForm};
    use app::server::db::audit::Actor;
    use app::server::db::education::NewTraining;
    let h = harness().await;
    let who = h
        .callers(&[
            "trainee.santang",
            "mentor.santang",
            "coord.santang",
            "admin.santang",
            "coord.quanxi",
            "volunteer.demo",
            "trainee.quanxi",
        ])
        .await;
    assert_matrix(
        &h,
        &who,
        &[
            (
                "/api/growth/mine",
                "",
                [
                    "NotSignedIn",
                    "ok",
                    "ok",
                    "ok",
                    "ok",
                    "ok",
                    "Forbidden",
                    "ok",
                ],
            ),
            (
                "/api/growth/waiting",
                "",
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
        ],
    )
    .await;
    let training = |user: i64, station: i64| NewTraining {
        user_id: user,
        station_id: station,
        training: CheckedTraining {
            started_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            ended_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"),
            provider: "衡阳市社工协会".into(),
            topic: "儿童保护".into(),
            form: TrainingForm::InPerson,
            minutes: 360,
            evidence: String::new(),
            summary: String::new(),
        },
        amends_id: None,
        confirmed: false,
    };
    let mentor = h.user_id("mentor.santang").await;
    let quanxi_trainee = h.user_id("trainee.quanxi").await;
    let own = Actor {
        user_id: Some(mentor),
        ip: None,
    };
    let santang_training =
        h.db.record_trainings(
            &[training(mentor, h.station_id("三塘镇社工站").await)],
            &own,
        )
        .await
        .expect("record")[0];
    let quanxi_training =
        h.db.record_trainings(
            &[training(quanxi_trainee, h.station_id("泉溪镇社工站").await)],
            &Actor {
                user_id: Some(quanxi_trainee),
                ip: None,
            },
        )
        .await
        .expect("record")[0];
    let staff_saves = [
        "sign_in",
        "saved",
        "saved",
        "saved",
        "saved",
        "saved",
        "forbidden",
        "saved",
    ];
    let rows: Vec<(&str, String, [&str; 8])> = vec![
        (
            "/api/growth/qualification",
            "level=assistant&certificate_no=A2021-0001&first_registered=2021-05-10".into(),
            staff_saves,
        ),
        (
            "/api/growth/training",
            "started_on=2026-11-01&ended_on=&provider=衡阳市社工协会&topic=个案管理&form=online&hours=1.5&evidence=&summary=".into(),
            staff_saves,
        ),
        (
            "/api/growth/training",
            "started_on=2026-11-01&ended_on=&provider=协会&topic=个案&form=online&hours=999&evidence=&summary=".into(),
            [
                "sign_in",
                "error=hours_range",
                "error=hours_range",
                "error=hours_range",
                "error=hours_range",
                "error=hours_range",
                "forbidden",
                "error=hours_range",
            ],
        ),
        (
            // The mentor may not confirm their own; only the admin of 三塘镇 may.
            "/api/growth/decide",
            format!("id={santang_training}&reason="),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "saved",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            "/api/growth/decide",
            format!("id={quanxi_training}&reason=不清楚"),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            "/api/growth/decide",
            "id=987654321&reason=".into(),
            [
                "sign_in",
                "not_found",
                "not_found",
                "not_found",
                "not_found",
                "not_found",
                "not_found",
                "not_found",
            ],
        ),
    ];
    for (endpoint, form, answers) in &rows {
        for ((name, cookie), want) in who.iter().zip(answers) {
            let reply = h.post(endpoint, cookie.as_deref(), form).await;
            assert_eq!(form_outcome(&reply), *want, "{name} calling {endpoint}");
        }
    }
    let mine = h.db.trainings_of(mentor).await.expect("trainings");
    assert!(mine.iter().any(|t| t.id == santang_training
        && t.status == app::model::education::TrainingStatus::Confirmed));
}

/// The growth portfolio (page and PDF), the list of who is behind, the home warning and the
/// station's training for many: the worker and admins of their stations only.
#[tokio::test]
async fn the_portfolio_and_station_trainings_follow_the_matrix() {
    let h = harness().await;
    // [visitor, trainee, mentor, coordinator, station admin, county admin, other station's
    // trainee, volunteer]
    let who = h
        .callers(&[
            "trainee.santang",
            "mentor.santang",
            "coord.santang",
            "admin.santang",
            "admin",
            "trainee.quanxi",
            "volunteer.demo",
        ])
        .await;
    let trainee = h.user_id("trainee.santang").await;
    let quanxi_trainee = h.user_id("trainee.quanxi").await;
    let station_admin = h.user_id("admin.santang").await;
    let admins_only = [
        "NotSignedIn",
        "Forbidden",
        "Forbidden",
        "Forbidden",
        "ok",
        "ok",
        "Forbidden",
        "Forbidden",
    ];
    assert_matrix(
        &h,
        &who,
        &[
            (
                "/api/growth/portfolio",
                &format!("user_id={trainee}"),
                [
                    "NotSignedIn",
                    "ok",
                    "NotFound",
                    "NotFound",
                    "ok",
                    "ok",
                    "NotFound",
                    "NotFound",
                ],
            ),
            (
                "/api/growth/portfolio",
                "",
                ["NotSignedIn", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
            ),
            (
                "/api/growth/portfolio",
                "user_id=987654321",
                [
                    "NotSignedIn",
                    "NotFound",
                    "NotFound",
                    "NotFound",
                    "NotFound",
                    "NotFound",
                    "NotFound",
                    "NotFound",
                ],
            ),
            ("/api/growth/behind", "", admins_only),
            ("/api/growth/attendees", "", admins_only),
            (
                "/api/growth/warning",
                "",
                ["ok", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
            ),
        ],
    )
    .await;
    let issued =
        h.db.audit_page(None, None)
            .await
            .expect("audit")
            .entries
            .iter()
            .filter(|e| e.action == "portfolio_issued")
            .count();
    assert_eq!(
        issued, 10,
        "every issue is audited, refusals are not issues"
    );

    // The PDF follows the page.
    for ((name, cookie), want) in who
        .iter()
        .zip(["sign_in", "pdf", "404", "404", "pdf", "pdf", "404", "404"])
    {
        let reply = h
            .get(
                &format!("/growth/portfolio.pdf?user={trainee}"),
                cookie.as_deref(),
            )
            .await;
        let got = if reply
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login?next="))
        {
            "sign_in"
        } else if reply.status == StatusCode::OK && reply.bytes.starts_with(b"%PDF-") {
            "pdf"
        } else if reply.status == StatusCode::NOT_FOUND {
            "404"
        } else {
            "other"
        };
        assert_eq!(got, want, "{name}: {} {}", reply.status, reply.body);
    }
    let (_, own) = &who[1];
    for bad in [
        "",
        "?user=",
        "?user=x",
        "?user=-1",
        "?user=0",
        "?user=123456789012345678901234",
    ] {
        let reply = h
            .get(&format!("/growth/portfolio.pdf{bad}"), own.as_deref())
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{bad}");
    }

    // A training the station ran, recorded once for many: admins of the attendees' stations.
    let course = |attendees: &[i64]| {
        let mut form = "started_on=2026-11-02&ended_on=&provider=衡南县民政局&topic=儿童保护&form=in_person&hours=3&evidence=&summary=".to_owned();
        for a in attendees {
            form.push_str(&format!("&attendee[{a}]=on"));
        }
        form
    };
    let rows: Vec<(String, [&str; 8])> = vec![
        (
            course(&[trainee]),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "saved",
                "saved",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            // 泉溪镇's trainee: the county admin, not 三塘镇's.
            course(&[quanxi_trainee]),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "saved",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            // Attendees are staff (trainees, mentors, coordinators): not an admin, so nobody
            // records (and so confirms) their own.
            course(&[station_admin]),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            course(&[987_654_321]),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
                "forbidden",
            ],
        ),
        (
            course(&[]),
            [
                "sign_in",
                "forbidden",
                "forbidden",
                "forbidden",
                "error=pick_attendees",
                "error=pick_attendees",
                "forbidden",
                "forbidden",
            ],
        ),
    ];
    for (form, answers) in &rows {
        for ((name, cookie), want) in who.iter().zip(answers) {
            let reply = h
                .post("/api/growth/station-training", cookie.as_deref(), form)
                .await;
            assert_eq!(form_outcome(&reply), *want, "{name}: {form}");
        }
    }
    // Confirmed at once: nothing waits, and the trainee's two courses count.
    let theirs = h.db.trainings_of(trainee).await.expect("trainings");
    assert_eq!(theirs.len(), 2);
    assert!(
        theirs
            .iter()
            .all(|t| t.status == app::model::education::TrainingStatus::Confirmed)
    );
}

mod region_tree {
    use super::*;

    #[tokio::test]
    async fn the_overview_follows_the_tree() {
        let h = harness().await;
        let county = h.station_id("衡南县社会工作服务站").await;
        let other_county = h.station_id("衡阳县社会工作服务站").await;
        let city = h.station_id("衡阳市").await;
        let santang = h.station_id("三塘镇社工站").await;
        let quanxi = h.station_id("泉溪镇社工站").await;
        let xidu = h.station_id("西渡镇社工站").await;
        let who = h
            .callers(&[
                "trainee.santang",
                "mentor.santang",
                "coord.santang",
                "admin",
                "admin.hengyang",
                "coord.xidu",
                "volunteer.demo",
            ])
            .await;
        let call = |node: i64| format!("query[node]={node}&query[period]=year");
        // [visitor, trainee, mentor, coordinator, county admin, city admin, other county's
        // coordinator, volunteer]
        let expected: Vec<(&str, String, [&str; 8])> = vec![
            (
                "/api/overview/home",
                String::new(),
                ["NotSignedIn", "ok", "ok", "ok", "ok", "ok", "ok", "ok"],
            ),
            (
                "/api/overview",
                "query[period]=this_month".into(),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "ok",
                    "ok",
                    "ok",
                    "Forbidden",
                ],
            ),
            (
                "/api/overview",
                call(santang),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "ok",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/overview",
                call(quanxi),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/overview",
                call(county),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/overview",
                call(other_county),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/overview",
                call(city),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "Forbidden",
                    "Forbidden",
                ],
            ),
            (
                "/api/overview",
                call(xidu),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "Forbidden",
                    "ok",
                    "ok",
                    "Forbidden",
                ],
            ),
            (
                "/api/overview",
                call(999_999),
                [
                    "NotSignedIn",
                    "Forbidden",
                    "Forbidden",
                    "NotFound",
                    "NotFound",
                    "NotFound",
                    "NotFound",
                    "Forbidden",
                ],
            ),
        ];
        for (endpoint, form, answers) in &expected {
            for ((name, cookie), want) in who.iter().zip(answers) {
                let reply = h.post(endpoint, cookie.as_deref(), form).await;
                assert_eq!(
                    outcome(&reply),
                    *want,
                    "{name} calling {endpoint} with {form}"
                );
            }
        }

        // Each account's own overview starts at its own node.
        let default_of = |user: &'static str| {
            let h = &h;
            async move {
                let cookie = h.sign_in(user).await;
                h.post("/api/overview", Some(&cookie), "query[period]=year")
                    .await
                    .body
            }
        };
        let city_view = default_of("admin.hengyang").await;
        assert!(
            city_view.contains("衡南县社会工作服务站")
                && city_view.contains("衡阳县社会工作服务站")
        );
        let county_view = default_of("admin").await;
        assert!(county_view.contains("三塘镇社工站") && !county_view.contains("西渡镇社工站"));
        // The home page runs the overview only for nodes with nodes under them.
        let home = |user: &'static str| {
            let h = &h;
            async move {
                let cookie = h.sign_in(user).await;
                h.post("/api/overview/home", Some(&cookie), "").await.body
            }
        };
        assert_eq!(home("coord.santang").await.trim(), "null");
        assert!(home("admin").await.contains("三塘镇社工站"));
        let station_view = default_of("coord.santang").await;
        assert!(!station_view.contains("泉溪镇社工站"));

        // The download follows the same rule and never leaves the subtree.
        let admin = h.sign_in("admin").await;
        let reply = h
            .get(
                &format!("/overview/export.csv?node={county}&period=year"),
                Some(&admin),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        assert!(reply.body.starts_with('\u{feff}'));
        assert_eq!(
            reply.body.matches("社工站").count(),
            23,
            "one line per station"
        );
        let reply = h
            .get(
                &format!("/overview/export.csv?node={other_county}"),
                Some(&admin),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let coord = h.sign_in("coord.santang").await;
        let reply = h
            .get(&format!("/overview/export.csv?node={county}"), Some(&coord))
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let reply = h.get("/overview/export.csv", None).await;
        assert_eq!(
            reply.status,
            StatusCode::SEE_OTHER,
            "visitors sign in first"
        );
        let trainee = h.sign_in("trainee.santang").await;
        let reply = h.get("/overview/export.csv", Some(&trainee)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        let reply = h
            .get(
                "/overview/export.csv?period=custom&from=2020-01-01&to=2026-01-01",
                Some(&admin),
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "a range past three years"
        );
    }

    /// With more stations than a picker lists, it offers the first 40 and a search; the search
    /// stays inside the person's subtree; list filters search station names too.
    #[tokio::test]
    async fn station_pickers_search_within_the_subtree() {
        use app::model::station::{PICKER_LIMIT, StationKind};
        let h = harness().await;
        let county = h.station_id("衡南县社会工作服务站").await;
        for i in 0..45 {
            h.db.create_station(
                &format!("测试{i:02}社区"),
                Some(county),
                StationKind::County,
            )
            .await
            .expect("station");
        }
        let root = h.sign_in("admin.hunan").await;
        let reply = h.post("/api/admin/stations", Some(&root), "").await;
        assert_eq!(reply.status, StatusCode::OK);
        let choices: app::model::station::StationChoices =
            serde_json::from_str(&reply.body).expect("json");
        assert!(
            choices.more,
            "{} stations are more than a picker lists",
            45 + 30
        );
        assert_eq!(choices.stations.len(), PICKER_LIMIT);
        let reply = h
            .post(
                "/api/admin/stations",
                Some(&root),
                "station_q=%E4%B8%89%E5%A1%98",
            )
            .await;
        let choices: app::model::station::StationChoices =
            serde_json::from_str(&reply.body).expect("json");
        assert_eq!(
            choices
                .stations
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
            vec!["三塘镇社工站"]
        );
        assert!(!choices.more);
        // A county admin searching another county's station finds nothing.
        let county_admin = h.sign_in("admin").await;
        let reply = h
            .post(
                "/api/admin/stations",
                Some(&county_admin),
                "station_q=%E8%A5%BF%E6%B8%A1",
            )
            .await;
        let choices: app::model::station::StationChoices =
            serde_json::from_str(&reply.body).expect("json");
        assert!(choices.stations.is_empty());
        // The roster filters by part of the home station's name (GET, so no JavaScript needed).
        let coord = h.sign_in("coord.santang").await;
        let page = h
            .get("/volunteers?station_q=%E4%B8%89%E5%A1%98", Some(&coord))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("共 80 名志愿者"),
            "三塘镇's 80 volunteers"
        );
        let page = h
            .get("/volunteers?station_q=%E6%B3%89%E6%BA%AA", Some(&coord))
            .await;
        assert!(page.body.contains("共 0 名志愿者"), "泉溪镇 is not theirs");
    }

    #[tokio::test]
    async fn deployment_wide_settings_belong_to_the_root() {
        let h = harness().await;
        let form =
            "star_1=100&star_2=300&star_3=600&star_4=1000&star_5=1500&cap_hours=12&late_days=30";
        for (user, want) in [
            ("admin", "forbidden"),
            ("admin.hengyang", "forbidden"),
            ("admin.hunan", "saved"),
        ] {
            let cookie = h.sign_in(user).await;
            let reply = h.post("/api/hours/settings", Some(&cookie), form).await;
            assert_eq!(form_outcome(&reply), want, "{user}");
            let reply = h.post("/api/framework/versions", Some(&cookie), "").await;
            let want = if user == "admin.hunan" {
                "ok"
            } else {
                "Forbidden"
            };
            assert_eq!(outcome(&reply), want, "{user} listing frameworks");
        }
    }
}
