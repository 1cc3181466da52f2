//! Trust, over HTTP, as a hostile user would try it: redirects off the site, cross-site posts,
//! missing security headers, forged client addresses, sign-in floods, oversized input, input
//! echoed into URLs, and identity numbers leaking across stations.

mod support;

use app::model::volunteer::VolunteerInput;
use app::server::db::audit::Actor;
use app::server::db::hours::NewHourRecord;
use axum::http::StatusCode;
use support::{Harness, form_outcome, harness};

fn encode(text: &str) -> String {
    app::model::text::percent_encode(text)
}

/// A resident ID number with a valid check character (GB 11643).
fn resident_id(first17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap_or(0) * w)
        .sum();
    format!("{first17}{}", char::from(CHECK[(sum % 11) as usize]))
}

/// How many audit entries there are.
async fn audit_entries(h: &Harness) -> usize {
    h.db.audit_page(None, None)
        .await
        .expect("audit")
        .entries
        .len()
}

#[tokio::test]
async fn redirects_never_leave_the_site_and_never_panic() {
    let h = harness().await;
    for next in [
        "https://evil.example",
        "//evil.example",
        "/%09/evil.example",
        "/\\evil.example",
        "/login?next=https://evil.example",
        "/%0Ax",
    ] {
        let reply = h
            .post(
                "/api/auth/login",
                None,
                &format!(
                    "username=admin&password={}&next={}",
                    app::server::db::demo::DEMO_PASSWORD,
                    encode(next)
                ),
            )
            .await;
        assert!(reply.cookie.is_some(), "{next}: signed in");
        assert_eq!(reply.location.as_deref(), Some("/"), "{next}");
    }
    let admin = h.sign_in("admin").await;
    // A signed-in person opening a crafted sign-in link stays here.
    for next in [
        "https%3A%2F%2Fevil.example",
        "%2F%2Fevil.example",
        "%2Flogin%3Fnext%3Dhttps%3A%2F%2Fevil.example",
    ] {
        let reply = h.get(&format!("/login?next={next}"), Some(&admin)).await;
        assert!(
            reply.location.as_deref().is_none_or(|l| l == "/"),
            "{next}: {:?}",
            reply.location
        );
        assert!(
            !reply.body.contains("http-equiv=\"refresh\""),
            "{next}: no meta refresh either"
        );
    }
    // A control character in any redirect target is answered, not a dropped connection.
    for (path, form) in [
        ("/api/lang", "lang=en&back=%2F%0Ax"),
        (
            "/api/lang",
            "lang=zh-CN&back=%2F%0D%0ASet-Cookie%3A%20x%3D1",
        ),
        ("/api/hours/confirm", "back=%2F%0Ax&pick%5B1%5D=on"),
    ] {
        let reply = h.post(path, Some(&admin), form).await;
        assert!(
            reply.status.as_u16() < 500,
            "{path} {form}: {}",
            reply.status
        );
        assert!(
            reply
                .location
                .as_deref()
                .is_none_or(|l| !l.contains('\n') && !l.contains('\r')),
            "{path}"
        );
    }
}

#[tokio::test]
async fn posts_from_another_site_are_refused_and_change_nothing() {
    let h = harness().await;
    let login = format!(
        "username=admin&password={}",
        app::server::db::demo::DEMO_PASSWORD
    );
    for headers in [
        vec![("origin", "http://evil.example"), ("host", "localhost")],
        vec![("origin", "null"), ("host", "localhost")],
        vec![
            ("origin", "http://shegong.localhost"),
            ("host", "localhost"),
        ],
        vec![("sec-fetch-site", "cross-site"), ("host", "localhost")],
        vec![("sec-fetch-site", "same-site"), ("host", "localhost")],
    ] {
        let reply = h
            .send(
                "POST",
                "/api/auth/login",
                None,
                &headers,
                login.clone().into_bytes(),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{headers:?}");
        assert!(reply.cookie.is_none(), "{headers:?}: not signed in");
    }
    let cookie = h.sign_in("admin").await;
    let reply = h
        .send(
            "POST",
            "/api/auth/password",
            Some(&cookie),
            &[("origin", "http://evil.example"), ("host", "localhost")],
            b"current=shegong-demo&new=hijacked-123&confirm=hijacked-123".to_vec(),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(!h.sign_in("admin").await.is_empty(), "password unchanged");
    // The same site, and tools that send neither header, are served.
    let reply = h
        .send(
            "POST",
            "/api/auth/login",
            None,
            &[("origin", "http://localhost"), ("host", "localhost")],
            login.clone().into_bytes(),
        )
        .await;
    assert!(reply.cookie.is_some());
    let reply = h
        .send(
            "POST",
            "/api/auth/login",
            None,
            &[("sec-fetch-site", "same-origin")],
            login.into_bytes(),
        )
        .await;
    assert!(reply.cookie.is_some());
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let h = harness().await;
    let page = h.get("/login", None).await;
    let csp = page
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .expect("CSP")
        .to_owned();
    let script_src = csp
        .split(';')
        .find(|d| d.trim().starts_with("script-src"))
        .expect("script-src");
    assert!(!script_src.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    let nonce = script_src
        .split('\'')
        .find_map(|part| part.strip_prefix("nonce-"))
        .expect("a nonce");
    assert!(
        page.body.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries this response's nonce"
    );
    let again = h.get("/login", None).await;
    assert!(
        !again.body.contains(&format!("nonce=\"{nonce}\"")),
        "a fresh nonce per response"
    );
    for reply in [
        page,
        h.post("/api/auth/me", None, "").await,
        h.get("/volunteers/template-hours.csv", None).await,
    ] {
        let get = |name: &str| {
            reply
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        assert_eq!(get("x-content-type-options").as_deref(), Some("nosniff"));
        assert_eq!(get("referrer-policy").as_deref(), Some("same-origin"));
        assert!(get("content-security-policy").is_some());
        assert!(get("strict-transport-security").is_none(), "HTTP only here");
    }
}

#[tokio::test]
async fn a_forged_forwarded_address_does_not_reset_the_limit() {
    let h = harness().await;
    for n in 0..8 {
        let forged = format!("203.0.113.{n}");
        let reply = h
            .send(
                "POST",
                "/api/auth/login",
                None,
                &[("x-forwarded-for", forged.as_str())],
                b"username=coord.quanxi&password=wrong-wrong".to_vec(),
            )
            .await;
        let want = if n < 5 {
            "bad_credentials"
        } else {
            "too_many_attempts"
        };
        assert_eq!(reply.error.as_deref(), Some(want), "attempt {n}");
    }
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_checks_at_most_the_limit() {
    let h = harness().await;
    let attempts: Vec<_> = (0..30)
        .map(|_| {
            let h = h.clone();
            tokio::spawn(async move {
                h.post(
                    "/api/auth/login",
                    None,
                    "username=mentor.quanxi&password=wrong-wrong",
                )
                .await
                .error
            })
        })
        .collect();
    let mut checked = 0;
    for attempt in attempts {
        match attempt.await.expect("join").as_deref() {
            Some("bad_credentials") => checked += 1,
            Some("too_many_attempts" | "busy") => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    assert!(checked <= 5, "{checked} passwords checked");
    let audit = h.db.audit_page(None, None).await.expect("audit");
    let failures = audit
        .entries
        .iter()
        .filter(|e| e.action == "sign_in_failed")
        .count();
    assert!(failures <= 6, "{failures} failures audited");
}

#[tokio::test]
async fn a_password_hashed_at_older_settings_is_hashed_again_at_sign_in() {
    let h = harness().await;
    // `shegong-demo` at the argon2 crate's default (19 MiB, two passes), as accounts made before
    // the 7 MiB setting hold it.
    let old = "$argon2id$v=19$m=19456,t=2,p=1$b2xkc2V0dGluZ3NzYWx0MQ$81eYqPJAv0lVf4f/x+4jTdj9MdOnztcdEAS5XwlQiMY";
    let id = h.user_id("mentor.quanxi").await;
    h.db.renew_password_hash(
        id,
        &h.db.password_hash(id).await.expect("read").expect("hash"),
        old,
    )
    .await
    .expect("old hash stored");
    assert_eq!(
        h.db.password_hash(id).await.expect("read").as_deref(),
        Some(old)
    );
    let wrong = h
        .post(
            "/api/auth/login",
            None,
            "username=mentor.quanxi&password=wrong-wrong",
        )
        .await;
    assert_eq!(wrong.error.as_deref(), Some("bad_credentials"));
    assert_eq!(
        h.db.password_hash(id).await.expect("read").as_deref(),
        Some(old),
        "a wrong password renews nothing"
    );
    let first = h.sign_in("mentor.quanxi").await;
    let renewed = h.db.password_hash(id).await.expect("read").expect("hash");
    assert!(
        renewed.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
        "{renewed}"
    );
    assert!(!app::server::password::needs_rehash(&renewed));
    // The same password, the session from before still live, and nothing renewed twice.
    let second = h.sign_in("mentor.quanxi").await;
    assert_eq!(h.db.password_hash(id).await.expect("read"), Some(renewed));
    for cookie in [&first, &second] {
        let token = cookie.split_once('=').map_or("", |(_, v)| v);
        let session = app::server::auth::session_id(token);
        let viewer = h.db.viewer_for_session(&session).await.expect("lookup");
        assert_eq!(viewer.map(|v| v.id), Some(id));
    }
}

#[tokio::test]
async fn oversized_sign_in_input_is_refused_before_anything_is_stored() {
    let h = harness().await;
    let before = audit_entries(&h).await;
    let junk = "x".repeat(1_500_000);
    let reply = h
        .post(
            "/api/auth/login",
            None,
            &format!("username={junk}&password=p&next=%2F{}", &junk[..3000]),
        )
        .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error.as_deref(), Some("too_long"));
    assert!(reply.location.is_none());
    assert!(!reply.body.contains(&junk[..1000]), "not echoed");
    let after = audit_entries(&h).await;
    assert_eq!(before, after, "nothing audited");
    let reply = h
        .post(
            "/api/auth/login",
            None,
            &format!("username=admin&password={}", "p".repeat(10_000)),
        )
        .await;
    assert_eq!(reply.error.as_deref(), Some("too_long"));
    // A body beyond the server's limit is refused before the function runs.
    let reply = h
        .post(
            "/api/auth/login",
            None,
            &format!("username={}&password=p", "x".repeat(3_000_000)),
        )
        .await;
    assert!(reply.status.is_client_error(), "{}", reply.status);
    let after_all = audit_entries(&h).await;
    assert_eq!(before, after_all, "nothing audited");
}

#[tokio::test]
async fn expected_errors_get_their_own_status() {
    let h = harness().await;
    let trainee = h.sign_in("trainee.santang").await;
    // Data server functions: JSON errors with 401, 403, 404.
    assert_eq!(
        h.post("/api/admin/audit", None, "").await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        h.post("/api/admin/audit", Some(&trainee), "").await.status,
        StatusCode::FORBIDDEN
    );
    let admin = h.sign_in("admin").await;
    assert_eq!(
        h.post("/api/admin/account", Some(&admin), "id=999999")
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        h.post("/api/admin/account", Some(&admin), "id=abc")
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
}

#[tokio::test]
async fn refused_text_is_rendered_again_never_put_in_a_url() {
    let h = harness().await;
    let trainee = h.sign_in("trainee.santang").await;
    let id_number = resident_id("43042219900101123");
    let reflection = format!("走访时看到身份证号{id_number}");
    let form = format!(
        "practised_on=2026-11-01&item_B1=on&setting=real&level=independent&reflection={}&village=%E7%9F%B3%E9%97%A8%E6%9D%91",
        encode(&reflection)
    );
    let reply = h.post("/api/practice/log", Some(&trainee), &form).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reply.error.as_deref(), Some("contains_id_number"));
    assert!(reply.location.is_none(), "no redirect carrying the text");
    assert!(reply.body.contains("石门村"), "what was typed is kept");
    // Disguised numbers are refused too, in every free-text field that can describe someone.
    for (field, value) in [
        ("village", "１３８１２３４５６７８"),
        ("township", "139.1234.5678"),
        ("alias", "小花 138 1234 5678"),
    ] {
        let form = format!(
            "practised_on=2026-11-01&item_B1=on&setting=real&level=independent&{field}={}",
            encode(value)
        );
        let reply = h.post("/api/practice/log", Some(&trainee), &form).await;
        assert_eq!(
            reply.error.as_deref(),
            Some("contains_mobile_number"),
            "{field}={value}"
        );
    }
}

#[tokio::test]
async fn roles_change_only_on_accounts_one_manages() {
    let h = harness().await;
    let santang_admin = h.sign_in("admin.santang").await;
    let quanxi_trainee = h.user_id("trainee.quanxi").await;
    let santang = h.station_id("三塘镇社工站").await;
    let grant = format!("account_id={quanxi_trainee}&role=mentor&station_id={santang}");
    let reply = h
        .post("/api/admin/grant_role", Some(&santang_admin), &grant)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");
    let (_, roles) = h.db.account(quanxi_trainee).await.expect("a").expect("a");
    assert_eq!(roles.len(), 1, "nothing granted");
}

#[tokio::test]
async fn only_paired_mentors_decide_and_a_trainees_claim_of_observation_is_not_enough() {
    let h = harness().await;
    let trainee_cookie = h.sign_in("trainee.santang").await;
    // The trainee claims the mentor observed a real visit, twice.
    for _ in 0..2 {
        let reply = h
            .post(
                "/api/practice/log",
                Some(&trainee_cookie),
                "practised_on=2026-11-01&item_B1=on&setting=real&level=independent&mentor_observed=on",
            )
            .await;
        assert!(reply.location.is_some(), "logged: {:?}", reply.error);
    }
    let reply = h
        .post(
            "/api/signoff/request",
            Some(&trainee_cookie),
            "item_code=B1",
        )
        .await;
    assert_eq!(
        reply.error.as_deref(),
        Some("rule_not_met"),
        "a claim is not an observation"
    );

    // Another mentor of the same station, not paired, may not confirm it.
    let santang = h.station_id("三塘镇社工站").await;
    let hash = app::server::password::hash_now(app::server::db::demo::DEMO_PASSWORD).expect("hash");
    h.db.create_account(
        &app::server::db::accounts::NewAccount {
            username: app::model::account::Username::parse("mentor2.santang").expect("name"),
            display_name: "孙老师".into(),
            mobile: None,
            password_hash: hash,
            role: app::model::account::Role::Mentor,
            station_id: santang,
        },
        &Actor::default(),
    )
    .await
    .expect("account");
    let unpaired = h.sign_in("mentor2.santang").await;
    let trainee = h.user_id("trainee.santang").await;
    let claims = {
        let mentor = h.user_id("mentor.santang").await;
        h.db.observation_claims(mentor).await.expect("claims")
    };
    assert_eq!(claims.len(), 2);
    let confirm = format!("practice_id={}", claims[0].practice_id);
    let reply = h
        .post("/api/review/confirm_observation", Some(&unpaired), &confirm)
        .await;
    assert_eq!(form_outcome(&reply), "forbidden");
    let mentor = h.sign_in("mentor.santang").await;
    let reply = h
        .post("/api/review/confirm_observation", Some(&mentor), &confirm)
        .await;
    assert_eq!(form_outcome(&reply), "saved");
    let reply = h
        .post(
            "/api/signoff/request",
            Some(&trainee_cookie),
            "item_code=B1",
        )
        .await;
    assert_eq!(form_outcome(&reply), "saved", "{:?}", reply.error);
    let request =
        h.db.review_queue(h.user_id("mentor.santang").await)
            .await
            .expect("queue")
            .first()
            .expect("waiting")
            .request_id;
    assert!(
        h.db.review_queue(h.user_id("mentor2.santang").await)
            .await
            .expect("queue")
            .is_empty(),
        "not in an unpaired mentor's queue"
    );

    let decide = format!("request_id={request}&outcome=competent&comment=");
    let comment = format!("request_id={request}&body=%E5%A5%BD");
    let county_admin = h.sign_in("admin").await;
    for cookie in [&unpaired, &county_admin] {
        let reply = h.post("/api/review/decide", Some(cookie), &decide).await;
        assert_eq!(form_outcome(&reply), "forbidden");
        let reply = h.post("/api/review/comment", Some(cookie), &comment).await;
        assert_eq!(form_outcome(&reply), "forbidden");
    }
    assert!(
        h.db.decision_for_request(request)
            .await
            .expect("d")
            .is_none()
    );
    let reply = h.post("/api/review/decide", Some(&mentor), &decide).await;
    assert_eq!(form_outcome(&reply), "saved");
    let _ = trainee;
}

/// A 三塘镇 volunteer with a resident ID, served on a 泉溪镇 activity, confirmed by 泉溪镇.
async fn volunteer_served_elsewhere(h: &Harness) -> (i64, String) {
    let santang = h.station_id("三塘镇社工站").await;
    let quanxi = h.station_id("泉溪镇社工站").await;
    let coord_santang = Actor {
        user_id: Some(h.user_id("coord.santang").await),
        ip: None,
    };
    let coord_quanxi = Actor {
        user_id: Some(h.user_id("coord.quanxi").await),
        ip: None,
    };
    let today = app::model::time::china_time(chrono::Utc::now()).date();
    let id_number = resident_id("43042219850615002");
    let volunteer = VolunteerInput {
        name: "周晓".into(),
        mobile: "13977776666".into(),
        id_type: "resident_id".into(),
        id_number: id_number.clone(),
        birth_date: "1985-06-15".into(),
        gender: "female".into(),
        station_id: santang.to_string(),
        ..Default::default()
    }
    .validate(today)
    .expect("valid");
    let volunteer =
        h.db.register_volunteers(&[volunteer], &coord_santang)
            .await
            .expect("registered")[0];
    let project =
        h.db.project_overview()
            .await
            .expect("projects")
            .into_iter()
            .find(|p| p.stations.iter().any(|(id, _)| *id == quanxi))
            .expect("a 泉溪镇 project")
            .id;
    let held_on = today - chrono::Duration::days(2);
    let activity =
        h.db.create_activity(
            &app::model::volunteer::ActivityInput {
                project_id: project.to_string(),
                station_id: quanxi.to_string(),
                name: "关爱走访".into(),
                kind: "service".into(),
                held_on: held_on.to_string(),
                start: "09:00".into(),
                end: "11:00".into(),
                township: "泉溪镇".into(),
                village: String::new(),
                content: "陪伴老人".into(),
                capacity: "10".into(),
            }
            .validate()
            .expect("valid"),
            &coord_quanxi,
        )
        .await
        .expect("activity");
    let record = NewHourRecord {
        volunteer_id: volunteer,
        activity_id: activity,
        station_id: quanxi,
        served_on: held_on,
        start_min: 9 * 60,
        end_min: 11 * 60,
        kind: app::model::volunteer::HourKind::Service,
        source: app::model::volunteer::RecordSource::Coordinator,
        late: false,
        late_reason: None,
        over_cap_reason: None,
        amends_id: None,
        correction_reason: None,
        checkout_missing: false,
    };
    let ids =
        h.db.record_hours(&[record], &coord_quanxi)
            .await
            .expect("recorded");
    h.db.confirm_hours(&ids, &coord_quanxi)
        .await
        .expect("confirmed");
    (volunteer, id_number)
}

#[tokio::test]
async fn only_the_home_station_may_print_a_full_id_number() {
    let h = harness().await;
    let (volunteer, id_number) = volunteer_served_elsewhere(&h).await;
    let quanxi = h.station_id("泉溪镇社工站").await;
    let coord_quanxi = h.sign_in("coord.quanxi").await;
    let form = |show: &str| {
        format!(
            "volunteer_id={volunteer}&station_id={quanxi}&from_on=2020-01-01&to_on=2099-12-31&person_in_charge=%E5%BC%A0&contact=%E7%AB%99&notes={show}"
        )
    };
    let reply = h
        .post(
            "/api/certificates/issue",
            Some(&coord_quanxi),
            &(form("") + "&show_id=on&show_id_reason=%E6%9C%AC%E4%BA%BA%E8%A6%81%E6%B1%82"),
        )
        .await;
    assert_eq!(reply.error.as_deref(), Some("show_id_home_station_only"));
    assert!(
        h.db.certificates(None, Some(volunteer), false)
            .await
            .expect("register")
            .is_empty(),
        "nothing issued"
    );
    // Without the full number the organising station certifies its own records.
    let reply = h
        .post("/api/certificates/issue", Some(&coord_quanxi), &form(""))
        .await;
    let location = reply.location.expect("issued");
    let id = location.trim_start_matches("/certificates/");
    let page = h
        .post(
            "/api/certificates/get",
            Some(&coord_quanxi),
            &format!("id={id}"),
        )
        .await;
    assert!(page.status.is_success());
    assert!(
        !page.body.contains(&id_number),
        "masked for the organising station"
    );
    let register = h
        .post("/api/certificates/register", Some(&coord_quanxi), "")
        .await;
    assert!(
        !register.body.contains(&id_number),
        "the register is masked"
    );
    let reveals =
        h.db.audit_page(None, None)
            .await
            .expect("audit")
            .entries
            .into_iter()
            .filter(|e| e.action == "identifier_revealed")
            .count();
    assert_eq!(reveals, 0);
}

#[tokio::test]
async fn the_roster_matches_whole_numbers_only_and_wildcards_literally() {
    let h = harness().await;
    let _ = volunteer_served_elsewhere(&h).await;
    let coord = h.sign_in("coord.santang").await;
    let search = |q: &str| format!("filter[q]={}", encode(q));
    let found = |body: &str| body.contains("周晓");
    let whole = h
        .post(
            "/api/volunteers/roster",
            Some(&coord),
            &search("13977776666"),
        )
        .await;
    assert!(found(&whole.body), "a whole mobile number finds them");
    for part in ["6666", "76666", "7776666", "1397777666"] {
        let reply = h
            .post("/api/volunteers/roster", Some(&coord), &search(part))
            .await;
        assert!(!found(&reply.body), "{part} must not match a mobile number");
    }
    let everyone = h
        .post("/api/volunteers/roster", Some(&coord), &search("%"))
        .await;
    assert!(!found(&everyone.body), "% is a character, not a wildcard");
    // Another station's coordinator cannot learn that the number is registered.
    let other = h.sign_in("coord.quanxi").await;
    let reply = h
        .post(
            "/api/volunteers/roster",
            Some(&other),
            &search("13977776666"),
        )
        .await;
    assert!(!found(&reply.body));
}

#[tokio::test]
async fn an_oversized_upload_says_its_limit() {
    let h = harness().await;
    let coord = h.sign_in("coord.santang").await;
    let big = "a,b\n".repeat(2_000_000);
    let reply = h.upload(Some(&coord), "hours", &big).await;
    // The import page itself answers, saying the limit; nothing about the file is in a URL.
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.location.is_none());
    assert!(reply.body.contains("5 MB"), "the limit is named");
    assert!(reply.body.contains("data-testid=\"import-problems\""));
}

#[tokio::test]
async fn a_refused_import_answers_with_its_problems_and_imports_nothing() {
    let h = harness().await;
    let coord = h.sign_in("coord.santang").await;
    let before =
        h.db.roster(
            &app::model::permission::Scope::All,
            &app::model::volunteer::RosterFilter::default(),
            1,
        )
        .await
        .expect("roster")
        .1;
    let file = "姓名,手机号,证件类型,证件号码,出生日期,性别,所属站点,服务队,技能,同意公开展示,监护人,监护人关系,监护同意日期\n王小红,139123,,,1995-06-01,女,三塘镇社工站,,,否,,,\n";
    let reply = h.upload(Some(&coord), "volunteers", file).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("第 2 行"), "the row is named");
    assert!(reply.body.contains("手机号"), "the column is named");
    assert_eq!(
        h.db.roster(
            &app::model::permission::Scope::All,
            &app::model::volunteer::RosterFilter::default(),
            1
        )
        .await
        .expect("roster")
        .1,
        before
    );
}

#[tokio::test]
async fn a_csv_saved_by_chinese_excel_or_wps_in_gbk_imports() {
    let h = harness().await;
    let coord = h.sign_in("coord.santang").await;
    let file = "姓名,手机号,证件类型,证件号码,出生日期,性别,所属站点,服务队,技能,同意公开展示,监护人,监护人关系,监护同意日期\r\n欧阳喆,13912345670,,,1995-06-01,女,三塘镇社工站,,,否,,,\r\n";
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(file);
    assert!(!unmappable);
    let reply = h.upload_bytes(Some(&coord), "volunteers", &gbk).await;
    assert!(
        reply.status.is_redirection(),
        "{} {:?}",
        reply.status,
        reply.error
    );
    let roster = h
        .get("/volunteers?q=%E6%AC%A7%E9%98%B3", Some(&coord))
        .await;
    assert!(
        roster.body.contains("欧阳喆"),
        "the name arrives as written"
    );
    // A file in neither encoding is refused as a whole, naming the encodings it may be in.
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(file.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let reply = h.upload_bytes(Some(&coord), "volunteers", &utf16).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("GBK"));
}

/// The hours workbook template round-trips: its drop-down lists offer the coordinator's recent
/// activities and their volunteers as "number name", and a row filled from those lists imports
/// as it stands. Visitors get no template (the lists name people).
#[tokio::test]
async fn the_hours_workbook_template_imports_rows_picked_from_its_own_lists() {
    use calamine::{Reader, Xlsx};
    let h = harness().await;
    let coord = h.sign_in("coord.santang").await;
    let santang = h.station_id("三塘镇社工站").await;
    let actor = Actor {
        user_id: Some(h.user_id("coord.santang").await),
        ip: None,
    };
    let yesterday =
        app::model::time::china_time(chrono::Utc::now()).date() - chrono::Duration::days(1);
    let project =
        h.db.project_overview()
            .await
            .expect("projects")
            .into_iter()
            .find(|p| p.stations.iter().any(|(id, _)| *id == santang))
            .expect("a project")
            .id;
    let activity =
        h.db.create_activity(
            &app::model::volunteer::ActivityInput {
                project_id: project.to_string(),
                station_id: santang.to_string(),
                name: "模板往返".into(),
                kind: "service".into(),
                held_on: yesterday.to_string(),
                start: "05:00".into(),
                end: "05:40".into(),
                township: "三塘镇".into(),
                village: String::new(),
                content: "测试".into(),
                capacity: "5".into(),
            }
            .validate()
            .expect("valid"),
            &actor,
        )
        .await
        .expect("activity");

    let visitor = h.get("/volunteers/template-hours.xlsx", None).await;
    assert_eq!(visitor.status, StatusCode::SEE_OTHER);
    let reply = h.get("/volunteers/template-hours.xlsx", Some(&coord)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(reply.bytes.clone()))
            .expect("a workbook");
    let lists = book.worksheet_range("选项").expect("the lists sheet");
    let column = |c: usize| -> Vec<String> {
        lists
            .rows()
            .filter_map(|r| r.get(c).map(ToString::to_string))
            .filter(|v| !v.is_empty())
            .collect()
    };
    let volunteers = column(0);
    let activities = column(1);
    let picked_activity = activities
        .iter()
        .find(|a| a.starts_with(&format!("{activity} 模板往返")))
        .expect("the new activity is offered")
        .clone();
    let picked_volunteer = volunteers.first().expect("volunteers are offered").clone();
    assert!(picked_volunteer.starts_with("HN"), "{picked_volunteer}");

    let mut out = rust_xlsxwriter::Workbook::new();
    let sheet = out.add_worksheet();
    for (c, name) in app::server::csv::HOUR_COLUMNS.iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(c).expect("col"), *name)
            .expect("heading");
    }
    let row = [
        picked_volunteer.as_str(),
        picked_activity.as_str(),
        &yesterday.to_string(),
        "05:00",
        "05:40",
        "",
        "",
    ];
    for (c, value) in row.iter().enumerate() {
        sheet
            .write_string(1, u16::try_from(c).expect("col"), *value)
            .expect("cell");
    }
    let bytes = out.save_to_buffer().expect("workbook");
    let reply = h.upload_bytes(Some(&coord), "hours", &bytes).await;
    assert!(
        reply.status.is_redirection(),
        "{} {:?} {}",
        reply.status,
        reply.error,
        reply.body.chars().take(400).collect::<String>()
    );
    let records = h.db.activity_records(activity).await.expect("records");
    assert_eq!(records.len(), 1);
    assert_eq!(
        records[0].volunteer_number,
        picked_volunteer
            .split_whitespace()
            .next()
            .unwrap_or_default()
    );
    assert_eq!(records[0].minutes, 40);
}

/// An `.xlsx` written by a spreadsheet library, as Excel or WPS saves one — the mobile number
/// typed as a number, the birth date as a real date — imports like its CSV; a file that only
/// looks like a workbook is refused as a whole; the exports and templates come as workbooks too,
/// to staff only.
#[tokio::test]
async fn an_xlsx_file_imports_and_exports_come_as_xlsx() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let h = harness().await;
    let coord = h.sign_in("coord.santang").await;
    // The template's own heading row, as a coordinator fills in the downloaded template.
    let columns = app::server::csv::VOLUNTEER_COLUMNS;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, name) in columns.iter().enumerate() {
        sheet
            .write_string(0, u16::try_from(c).expect("col"), *name)
            .expect("heading");
    }
    sheet.write_string(1, 0, "司马晓燕").expect("name");
    sheet
        .write_number(1, 1, 13_912_345_671.0)
        .expect("mobile as a number");
    let birth = ExcelDateTime::from_ymd(1996, 3, 8).expect("date");
    sheet
        .write_datetime_with_format(1, 4, &birth, &Format::new().set_num_format("yyyy/m/d"))
        .expect("birth date as a date");
    sheet.write_string(1, 5, "女").expect("gender");
    sheet.write_string(1, 6, "三塘镇社工站").expect("station");
    sheet.write_string(1, 9, "否").expect("consent");
    let bytes = book.save_to_buffer().expect("workbook");
    let reply = h.upload_bytes(Some(&coord), "volunteers", &bytes).await;
    assert!(
        reply.status.is_redirection(),
        "{} {:?} {}",
        reply.status,
        reply.error,
        reply.body.chars().take(300).collect::<String>()
    );
    let roster = h
        .get("/volunteers?q=%E5%8F%B8%E9%A9%AC", Some(&coord))
        .await;
    assert!(roster.body.contains("司马晓燕"), "the row arrived");

    let mut broken = b"PK\x03\x04".to_vec();
    broken.extend_from_slice(&[0; 64]);
    let reply = h.upload_bytes(Some(&coord), "volunteers", &broken).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        reply.body.contains("Excel"),
        "says which file it could not read"
    );

    let xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    for path in [
        "/volunteers/export.xlsx?q=%E5%8F%B8%E9%A9%AC",
        "/hours/export.xlsx?status=confirmed",
        "/volunteers/template-volunteers.xlsx",
        "/volunteers/template-hours.xlsx",
        "/volunteer-reports/export.xlsx?from=2026-01-01&to=2026-12-31",
        "/volunteer-reports/register.xlsx",
    ] {
        let reply = h.get(path, Some(&coord)).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert_eq!(
            reply
                .headers
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some(xlsx),
            "{path}"
        );
    }
    let visitor = h.get("/volunteers/template-volunteers.xlsx", None).await;
    assert_eq!(
        visitor.status,
        StatusCode::SEE_OTHER,
        "the template names stations: staff only"
    );
    let trainee = h.sign_in("trainee.santang").await;
    for path in [
        "/volunteers/export.xlsx",
        "/hours/export.xlsx",
        "/volunteers/template-volunteers.xlsx",
    ] {
        let reply = h.get(path, Some(&trainee)).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}");
    }
    let admin = h.sign_in("admin.santang").await;
    let reply = h.get("/volunteers/export.xlsx", Some(&admin)).await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "personal data: coordinators only"
    );
    let reply = h
        .get("/volunteer-reports/register.xlsx", Some(&admin))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::FORBIDDEN,
        "the register names volunteers"
    );
    let reply = h.get("/volunteer-reports/export.xlsx", Some(&admin)).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "totals are counts: admins read them"
    );
    let reply = h
        .get("/volunteer-reports/export.xlsx", Some(&trainee))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = h
        .get(
            "/volunteers/national.xlsx?from=2026-01-01&to=2026-01-31&part=records",
            Some(&trainee),
        )
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn list_filters_from_a_request_are_brought_into_range() {
    let h = harness().await;
    let coord = h.sign_in("coord.santang").await;
    let long = "王".repeat(5_000);
    for (path, body) in [
        (
            "/api/volunteers/roster",
            format!(
                "filter[page]=9223372036854775807&filter[star]=200&filter[sort]=evil&filter[q]={}",
                encode(&long)
            ),
        ),
        (
            "/api/volunteers/roster",
            "filter[page]=-9223372036854775808".to_owned(),
        ),
        (
            "/api/hours/list",
            "filter[page]=9223372036854775807".to_owned(),
        ),
        (
            "/api/hours/list",
            "filter[page]=-9223372036854775808&filter[late]=true".to_owned(),
        ),
    ] {
        let reply = h.post(path, Some(&coord), &body).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{path} {}",
            &body[..40.min(body.len())]
        );
    }
    let reply = h
        .post("/api/hours/list", Some(&coord), "filter[status]=everything")
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "an unknown status is refused"
    );
}

/// Dates from a request outside the years 1900–9999 are no dates: reports, the overview and
/// the lists answer as for no date, never with a failure (SQLite sorts dates as text, so a
/// year 10000 would have sorted before 2026).
#[tokio::test]
async fn far_dates_in_a_request_are_no_dates() {
    let h = harness().await;
    let admin = h.sign_in("admin").await;
    for path in [
        "/volunteer-reports?from=0001-01-01&to=99999-12-31",
        "/volunteer-reports?from=2026-06-15&to=%2B10000-01-01",
        "/volunteer-reports?from=-2026-01-01&to=2026-06-20",
        "/overview?period=custom&from=0001-03-01&to=0001-05-01",
        "/overview?period=custom&from=2026-06-15&to=99999-12-31",
        "/volunteers?from=99999-01-01&to=99999-12-31",
        "/hours?from=0001-01-01",
    ] {
        let reply = h.get(path, Some(&admin)).await;
        assert!(
            reply.status.is_success() || reply.status.is_client_error(),
            "{path}: {}",
            reply.status
        );
    }
    // An end in year 10000 is an open end: the same report as none.
    let open = h
        .get("/volunteer-reports?from=2026-06-15", Some(&admin))
        .await;
    let far = h
        .get(
            "/volunteer-reports?from=2026-06-15&to=99999-12-31",
            Some(&admin),
        )
        .await;
    assert_eq!(far.status, StatusCode::OK);
    let figures = |body: &str| -> Vec<String> {
        body.split("<td")
            .skip(1)
            .map(|cell| cell.split("</td>").next().unwrap_or_default().to_owned())
            .collect()
    };
    assert!(!figures(&open.body).is_empty(), "the report has lines");
    assert_eq!(figures(&far.body), figures(&open.body));
}

#[tokio::test]
async fn a_trainee_cannot_touch_another_trainees_practice_or_request() {
    let h = harness().await;
    let santang_trainee = h.sign_in("trainee.santang").await;
    let reply = h
        .post(
            "/api/practice/log",
            Some(&santang_trainee),
            "practised_on=2026-11-01&item_B1=on&setting=real&level=independent&village=%E7%9F%B3%E9%97%A8%E6%9D%91",
        )
        .await;
    assert!(reply.location.is_some(), "{:?}", reply.error);
    let trainee = h.user_id("trainee.santang").await;
    let practice = h.db.practices(trainee).await.expect("p")[0].id;
    let version = h.db.ensure_enrolment(trainee).await.expect("v");
    let request =
        h.db.request_signoff(trainee, "B1", version, &Actor::default())
            .await
            .expect("request");

    let other = h.sign_in("trainee.quanxi").await;
    let edit = format!(
        "id={practice}&practised_on=2026-11-02&item_B1=on&setting=real&level=independent&village=%E6%94%B9"
    );
    let reply = h.post("/api/practice/edit", Some(&other), &edit).await;
    assert!(reply.error.is_some(), "refused");
    let reply = h
        .post(
            "/api/practice/withdraw",
            Some(&other),
            &format!("id={practice}"),
        )
        .await;
    assert!(reply.error.is_some(), "refused");
    let unchanged =
        h.db.practice(practice)
            .await
            .expect("p")
            .expect("still there");
    assert_eq!(unchanged.village, "石门村");
    let reply = h
        .post(
            "/api/review/request",
            Some(&other),
            &format!("request_id={request}"),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = h
        .post(
            "/api/review/comment",
            Some(&other),
            &format!("request_id={request}&body=%E5%97%A8"),
        )
        .await;
    assert_eq!(form_outcome(&reply), "not_found");
}

#[tokio::test]
async fn the_import_page_and_the_import_share_a_path() {
    let h = harness().await;
    let coord = h.sign_in("coord.santang").await;
    let page = h.get("/volunteers/import", Some(&coord)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("<form"), "the import page");
}
