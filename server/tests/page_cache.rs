//! The page cache over HTTP: a kept page is never older than the data, never another person's,
//! never outlives its session, and carries its own response's nonce.

mod support;

use axum::http::StatusCode;
use support::harness;

/// The nonce in the page's scripts and the one its Content-Security-Policy allows.
fn nonces(reply: &support::Reply) -> (String, String) {
    let body = reply
        .body
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let header = reply
        .headers
        .get("content-security-policy")
        .and_then(|h| h.to_str().ok())
        .and_then(|csp| csp.split("'nonce-").nth(1))
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
        .to_owned();
    (body, header)
}

#[tokio::test]
async fn a_kept_page_shows_what_was_written_after_it() {
    let h = harness().await;
    let coordinator = h.sign_in("coord.santang").await;
    let santang = h.station_id("三塘镇社工站").await;
    for _ in 0..2 {
        let page = h.get("/volunteers?q=缓存之后", Some(&coordinator)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("缓存之后登记"));
    }
    let saved = h
        .post(
            "/api/volunteers/register",
            Some(&coordinator),
            &format!(
                "name=缓存之后登记&mobile=19900001234&birth_date=1990-01-01&gender=female&station_id={santang}"
            ),
        )
        .await;
    assert!(saved.error.is_none(), "{:?}", saved.error);
    let page = h.get("/volunteers?q=缓存之后", Some(&coordinator)).await;
    assert!(
        page.body.contains("缓存之后登记"),
        "the new volunteer is listed"
    );
}

#[tokio::test]
async fn each_person_gets_their_own_page() {
    let h = harness().await;
    let santang = h.sign_in("coord.santang").await;
    let quanxi = h.sign_in("coord.quanxi").await;
    for _ in 0..2 {
        let theirs = h.get("/volunteers", Some(&santang)).await;
        let ours = h.get("/volunteers", Some(&quanxi)).await;
        assert!(theirs.body.contains("三塘镇社工站"));
        assert!(!theirs.body.contains("泉溪镇社工站"));
        assert!(ours.body.contains("泉溪镇社工站"));
        assert!(!ours.body.contains("三塘镇社工站"));
    }
}

#[tokio::test]
async fn a_signed_out_session_gets_no_kept_page() {
    let h = harness().await;
    let coordinator = h.sign_in("coord.santang").await;
    for _ in 0..2 {
        assert_eq!(
            h.get("/hours", Some(&coordinator)).await.status,
            StatusCode::OK
        );
    }
    let out = h
        .post("/api/auth/logout", Some(&coordinator), "confirm_unsent=1")
        .await;
    assert_eq!(out.location.as_deref(), Some("/login?signed_out=1"));
    let after = h.get("/hours", Some(&coordinator)).await;
    assert!(
        after
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login?next=")),
        "{} {:?}",
        after.status,
        after.location
    );
    assert!(!after.body.contains("data-record"));
}

#[tokio::test]
async fn a_kept_page_carries_its_own_responses_nonce() {
    let h = harness().await;
    let admin = h.sign_in("admin.hengyang").await;
    let first = h.get("/overview", Some(&admin)).await;
    let second = h.get("/overview", Some(&admin)).await;
    assert_eq!(second.status, StatusCode::OK);
    let (body, header) = nonces(&second);
    assert_eq!(body.len(), 32, "{body}");
    assert_eq!(body, header);
    assert_ne!(nonces(&first).0, body);
    assert_eq!(
        first.body.replace(&nonces(&first).0, ""),
        second.body.replace(&body, ""),
        "the same page apart from the nonce"
    );
}

#[tokio::test]
async fn a_page_is_kept_per_language() {
    let h = harness().await;
    let coordinator = h.sign_in("coord.santang").await;
    let chinese = h.get("/", Some(&coordinator)).await;
    let english = h
        .get("/", Some(&format!("{coordinator}; shegong_lang=en")))
        .await;
    assert!(chinese.body.contains("lang=\"zh-CN\""));
    assert!(english.body.contains("lang=\"en\""));
}
