//! PDF downloads: the growth portfolio (成长档案) and the volunteer certificate, made on the
//! server with the same permission rules as their pages (the portfolio's issue is audited).

use app::error::AppError;
use app::server::config::ClientAddr;
use app::server::db::Db;
use app::server::db::audit::Actor;
use app::server::form::query_lookup;
use app::server::pdf;
use axum::extract::{Extension, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use crate::volunteer_csv::refuse;

/// The `?<name>=<id>` of the request: a positive id, or 404 (ids are never trusted further).
fn id_param(query: Option<&str>, name: &str) -> Result<i64, AppError> {
    query_lookup(query.unwrap_or_default())(name)
        .filter(|v| v.len() <= 19)
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|id| *id > 0)
        .ok_or(AppError::NotFound)
}

fn pdf_response(name: &str, body: Vec<u8>) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Without a Chinese font the PDF cannot be made: say so (503) and point to printing.
fn no_font(headers: &HeaderMap) -> Response {
    let text = app::server::auth::locale_from_headers(headers).t("portfolio.no_font");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Lays the document out and subsets the font off the async workers (it is CPU work of a few
/// to tens of milliseconds, and the first call reads the font file).
async fn render(title: String, blocks: Vec<pdf::Block>) -> Result<Vec<u8>, AppError> {
    tokio::task::spawn_blocking(move || pdf::render(&title, &title, &blocks))
        .await
        .map_err(|e| {
            tracing::error!(%e, "PDF task failed");
            AppError::Internal
        })?
}

/// The signed-in person, or the response that sends a visitor to sign in first.
async fn signed_in(
    db: &Db,
    headers: &HeaderMap,
    back: &str,
) -> Result<app::model::permission::Viewer, Response> {
    match app::server::auth::viewer_from_headers(db, headers).await {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(Redirect::to(&format!(
            "/login?next={}",
            app::model::text::percent_encode(back)
        ))
        .into_response()),
        Err(e) => Err(refuse(headers, &e)),
    }
}

/// The signed-in person and the id the query names in `param`; or the response that sends a
/// visitor to sign in or refuses a bad id.
async fn requester(
    db: &Db,
    headers: &HeaderMap,
    back: &str,
    query: Option<&str>,
    param: &str,
) -> Result<(app::model::permission::Viewer, i64), Response> {
    let viewer = signed_in(db, headers, back).await?;
    let id = id_param(query, param).map_err(|e| refuse(headers, &e))?;
    Ok((viewer, id))
}

/// Whether a PDF can be made here (a Chinese font is installed): asked only after the person
/// may see the document, so someone who may not is refused as always and learns nothing of
/// the server.
async fn font_ready(headers: &HeaderMap) -> Result<(), Response> {
    if tokio::task::spawn_blocking(pdf::available)
        .await
        .unwrap_or(false)
    {
        Ok(())
    } else {
        Err(no_font(headers))
    }
}

/// `GET /growth/portfolio.pdf?user=<id>`: the worker themselves or an admin of their station.
pub async fn portfolio(
    State(db): State<Db>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, user_id) =
        match requester(&db, &headers, "/growth/portfolio", query.as_deref(), "user").await {
            Ok(v) => v,
            Err(r) => return r,
        };
    let subject = match app::api::portfolio::portfolio_subject_for(&db, &viewer, user_id).await {
        Ok(subject) => subject,
        Err(e) => return refuse(&headers, &e),
    };
    if let Err(no_font) = font_ready(&headers).await {
        return no_font;
    }
    let actor = Actor {
        user_id: Some(viewer.id),
        ip: Some(client.0.to_string()),
    };
    let locale = app::server::auth::locale_from_headers(&headers);
    let result = async {
        let p = app::api::portfolio::issue_portfolio(&db, &viewer, subject, "pdf", &actor).await?;
        let title = format!("{} · {}", locale.t("portfolio.title"), p.name);
        render(title, pdf::portfolio::blocks(&p, locale)).await
    }
    .await;
    match result {
        Ok(bytes) => pdf_response(&format!("portfolio-{user_id}.pdf"), bytes),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /certificate.pdf?id=<id>`: whoever may open the certificate's page.
pub async fn certificate(
    State(db): State<Db>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, id) =
        match requester(&db, &headers, "/volunteer-reports", query.as_deref(), "id").await {
            Ok(v) => v,
            Err(r) => return r,
        };
    let c = match app::api::certificates::certificate_for(&db, &viewer, id).await {
        Ok(c) => c,
        Err(e) => return refuse(&headers, &e),
    };
    if let Err(no_font) = font_ready(&headers).await {
        return no_font;
    }
    let locale = app::server::auth::locale_from_headers(&headers);
    let title = format!("{} {}", locale.t("certificate.heading"), c.number);
    match render(title, pdf::certificate::blocks(&c, locale)).await {
        Ok(bytes) => pdf_response(&format!("certificate-{id}.pdf"), bytes),
        Err(e) => refuse(&headers, &e),
    }
}
