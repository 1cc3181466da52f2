//! The phone's outbox over HTTP: the service worker script, the pages that carry the outbox,
//! a record sent twice stored once, and the hostile cases (a made-up id, an unbounded count).

mod support;

use app::model::text::percent_encode;
use axum::http::StatusCode;
use support::{harness, harness_with_site};

const PRACTICE: &str = "practised_on=2026-11-01&item_B1=on&setting=real&level=independent&village=%E7%A6%BB%E7%BA%BF%E6%9D%91";

#[tokio::test]
async fn the_service_worker_is_the_built_offline_script_revalidated_each_visit() {
    let dir = std::env::temp_dir().join(format!("shegong_sw_{}", std::process::id()));
    std::fs::create_dir_all(dir.join("pkg")).expect("pkg");
    std::fs::write(dir.join("pkg/VERSION"), "0a1b2c3d4e5f6a7b\n").expect("version");
    std::fs::write(dir.join("pkg/offline.js"), "(()=>{})();").expect("js");
    let h = harness_with_site(dir.to_str().expect("utf-8")).await;
    let sw = h.get("/sw.js", None).await;
    assert_eq!(sw.status, StatusCode::OK);
    assert_eq!(sw.body, "(()=>{})();");
    assert_eq!(
        sw.headers["cache-control"], "no-cache",
        "a new build reaches phones at once"
    );
    assert!(
        sw.headers["content-type"]
            .to_str()
            .unwrap_or("")
            .contains("javascript"),
        "a service worker must be served as JavaScript"
    );
    // Pages that work offline name the same file by its version (kept a year).
    let trainee = h.sign_in("trainee.santang").await;
    let form = h.get("/practice/new", Some(&trainee)).await;
    assert!(form.body.contains("/pkg/0a1b2c3d4e5f6a7b/offline.js"));
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn only_the_pages_that_work_offline_carry_the_outbox() {
    let h = harness().await;
    let trainee = h.sign_in("trainee.santang").await;
    for page in ["/", "/practice/new"] {
        let r = h.get(page, Some(&trainee)).await;
        assert!(r.body.contains("data-testid=\"outbox\""), "{page}");
        assert!(r.body.contains("offline.js"), "{page}");
    }
    let form = h.get("/practice/new", Some(&trainee)).await;
    assert!(form.body.contains("data-offline=\"practice\""));
    assert!(form.body.contains("name=\"client_id\""));
    for page in ["/practice", "/progress"] {
        let r = h.get(page, Some(&trainee)).await;
        assert!(
            !r.body.contains("offline.js"),
            "{page} does not load the offline code"
        );
    }
    let coordinator = h.sign_in("coord.santang").await;
    assert!(
        !h.get("/volunteers", Some(&coordinator))
            .await
            .body
            .contains("offline.js")
    );
    // A coordinator's phone keeps the checklists of their own recent activities, never another
    // county's; a trainee's keeps the practice form.
    let keep = |reply: &support::Reply| -> Vec<String> {
        let data: serde_json::Value = serde_json::from_str(&reply.body).expect("json");
        data["keep"]
            .as_array()
            .expect("keep")
            .iter()
            .filter_map(|p| p.as_str().map(str::to_owned))
            .collect()
    };
    let xidu = h.sign_in("coord.xidu").await;
    let theirs = keep(&h.post("/api/offline/outbox", Some(&xidu), "").await);
    let activities: Vec<&String> = theirs
        .iter()
        .filter(|p| p.starts_with("/activities/"))
        .collect();
    assert!(!activities.is_empty(), "{theirs:?}");
    assert!(activities.len() <= 8);
    let santang = keep(&h.post("/api/offline/outbox", Some(&coordinator), "").await);
    for path in &activities {
        assert!(!santang.contains(path), "{path} belongs to another county");
    }
    assert!(!theirs.contains(&"/practice/new".to_owned()));
    let own = keep(&h.post("/api/offline/outbox", Some(&trainee), "").await);
    assert_eq!(own, vec!["/".to_owned(), "/practice/new".to_owned()]);

    // The outbox's data is for signed-in people only.
    let visitor = h.post("/api/offline/outbox", None, "").await;
    assert_eq!(visitor.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_practice_sent_twice_with_its_phone_id_is_stored_once() {
    let h = harness().await;
    let trainee = h.sign_in("trainee.santang").await;
    let form = format!("{PRACTICE}&client_id=6a0f9c1e-1b2d-4e3f-8a5b-7c9d0e1f2a3b");
    for _ in 0..3 {
        let reply = post_as_browser(&h, &trainee, &form).await;
        assert_eq!(reply.status, StatusCode::FOUND);
        assert_eq!(
            reply.location.as_deref(),
            Some("/practice?saved=practice_logged"),
            "a resend is answered as the first send"
        );
    }
    let list = h.get("/practice", Some(&trainee)).await;
    assert_eq!(list.body.matches("离线村").count(), 1, "stored once");

    // A refused copy under an id that was stored later is not refused again: it is there.
    let bad = format!(
        "{PRACTICE}&client_id=6a0f9c1e-1b2d-4e3f-8a5b-7c9d0e1f2a3b&reflection=430421199001011233"
    );
    let reply = post_as_browser(&h, &trainee, &bad).await;
    assert_eq!(reply.status, StatusCode::FOUND);
    assert_eq!(reply.error, None);

    // Ids are plain: anything else is refused with the form kept, and nothing is stored.
    for id in [
        "short",
        "6a0f9c1e'--drop-table-practices-x",
        &"a".repeat(65),
    ] {
        let form = format!("{PRACTICE}&client_id={}", percent_encode(id));
        let reply = h.post("/api/practice/log", Some(&trainee), &form).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{id}");
        assert_eq!(reply.error.as_deref(), Some("client_id_invalid"), "{id}");
    }
    let list = h.get("/practice", Some(&trainee)).await;
    assert_eq!(list.body.matches("离线村").count(), 1);
}

#[tokio::test]
async fn the_sign_out_warning_bounds_its_count_and_signing_out_with_it_works() {
    let h = harness().await;
    let trainee = h.sign_in("trainee.santang").await;
    let page = h.get("/sign-out?unsent=3", Some(&trainee)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("3 条记录没有发送"));
    for hostile in ["99999999999999999999", "-1", "%3Cscript%3E", "1e9"] {
        let page = h
            .get(&format!("/sign-out?unsent={hostile}"), Some(&trainee))
            .await;
        assert_eq!(page.status, StatusCode::OK, "{hostile}");
        assert!(!page.body.contains("<script>"), "{hostile}");
        assert!(
            !page.body.contains("unsent-warning"),
            "{hostile}: no count shown"
        );
    }
    assert!(
        h.get("/sign-out?unsent=99999", Some(&trainee))
            .await
            .body
            .contains("9999 条")
    );
    let out = h
        .post("/api/auth/logout", Some(&trainee), "confirm_unsent=1")
        .await;
    assert_eq!(out.location.as_deref(), Some("/login?signed_out=1"));
    let after = h.post("/api/offline/outbox", Some(&trainee), "").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED, "the session ended");
}

/// Posts the practice form as a browser (and the outbox, which says it accepts HTML) does.
async fn post_as_browser(h: &support::Harness, cookie: &str, form: &str) -> support::Reply {
    h.send(
        "POST",
        "/api/practice/log",
        Some(cookie),
        &[("accept", "text/html")],
        form.as_bytes().to_vec(),
    )
    .await
}
