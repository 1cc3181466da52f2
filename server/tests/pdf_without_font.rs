//! An install without a Chinese font says so (503, with a pointer to printing), but only to
//! someone who may see the document: a visitor is sent to sign in and anyone else gets the
//! refusal they get with a font, so the answer never tells them about the server. Its own
//! test binary: the font is looked up once per process.

mod support;

use axum::http::StatusCode;
use support::harness;

#[tokio::test]
async fn without_a_font_only_those_who_may_see_the_document_hear_about_it() {
    assert!(
        app::server::pdf::go_without_font(),
        "no PDF was asked for before"
    );
    let h = harness().await;
    let trainee = h.user_id("trainee.santang").await;
    let portfolio = format!("/growth/portfolio.pdf?user={trainee}");

    let visitor = h.get(&portfolio, None).await;
    assert!(
        visitor
            .location
            .as_deref()
            .is_some_and(|l| l.starts_with("/login?next=")),
        "a visitor signs in first: {} {}",
        visitor.status,
        visitor.body
    );
    for other in ["trainee.quanxi", "coord.quanxi", "mentor.xidu"] {
        let cookie = h.sign_in(other).await;
        let reply = h.get(&portfolio, Some(&cookie)).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{other}: {}",
            reply.body
        );
    }
    let own = h.sign_in("trainee.santang").await;
    let reply = h.get(&portfolio, Some(&own)).await;
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.body
    );
    assert!(
        reply.body.contains("打印"),
        "points to printing: {}",
        reply.body
    );
    for bad in ["", "?user=x", "?user=0"] {
        let reply = h
            .get(&format!("/growth/portfolio.pdf{bad}"), Some(&own))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{bad}");
    }

    // No certificate of this id exists: not found, not "no font".
    let coordinator = h.sign_in("coord.santang").await;
    let reply = h
        .get("/certificate.pdf?id=987654", Some(&coordinator))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.body);
}
