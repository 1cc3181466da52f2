//! CSV downloads and uploads for the volunteer pages: plain HTTP routes (a file download and a
//! multipart upload are not server-function shapes), with the same session, roles and
//! translated messages as everything else. The rules live in `app::server::csv`.

use app::error::AppError;
use app::i18n::Locale;
use app::model::import::{ImportDone, ImportKind, ImportProblem, ImportRejected};
use app::model::overview::OverviewQuery;
use app::model::permission::Viewer;
use app::model::volunteer::{HoursFilter, RosterFilter};
use app::server::config::ClientAddr;
use app::server::csv::{self, HOUR_COLUMNS, ImportOutcome, VOLUNTEER_COLUMNS};
use app::server::db::Db;
use app::server::db::audit::Actor;
use app::server::form::query_lookup;
use axum::extract::{Extension, Multipart, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};

/// Shared state of these routes.
#[derive(Clone)]
pub struct CsvState {
    /// The database.
    pub db: Db,
    /// The pages, to answer a refused upload with the import page itself.
    pub pages: axum::Router,
}

/// The largest CSV file accepted for import, in MB.
pub const MAX_UPLOAD_MB: usize = 5;

fn locale(headers: &HeaderMap) -> Locale {
    app::server::auth::locale_from_headers(headers)
}

/// The signed-in coordinator or admin (only a coordinator when `exporting`) and the audit
/// actor, or the response that refuses.
async fn staff(
    db: &Db,
    headers: &HeaderMap,
    client: ClientAddr,
    back: &str,
    exporting: bool,
) -> Result<(Viewer, Actor), Response> {
    let viewer = match app::server::auth::viewer_from_headers(db, headers).await {
        Ok(Some(v)) => v,
        Ok(None) => {
            return Err(Redirect::to(&format!(
                "/login?next={}",
                app::model::text::percent_encode(back)
            ))
            .into_response());
        }
        Err(e) => return Err(refuse(headers, &e)),
    };
    // Exports of personal data need the coordinator role (domain brief §6.4).
    let allowed = if exporting {
        viewer.can_export_personal_data()
    } else {
        viewer.is_volunteer_staff()
    };
    if !allowed {
        return Err(refuse(headers, &AppError::Forbidden));
    }
    let actor = Actor {
        user_id: Some(viewer.id),
        ip: Some(client.0.to_string()),
    };
    Ok((viewer, actor))
}

fn refuse(headers: &HeaderMap, err: &AppError) -> Response {
    let status = err.status();
    let text = locale(headers).t(&format!("error.{}", err.code()));
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

fn csv_response(name: &str, body: String) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// `GET /volunteers/export.csv?<roster filter>`: the filtered roster, masked, logged.
pub async fn export_roster(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, actor) = match staff(&state.db, &headers, client, "/volunteers", true).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let filter = RosterFilter::from_pairs(query_lookup(query.as_deref().unwrap_or_default()));
    match csv::roster_csv(&state.db, &viewer, &actor, &filter, locale(&headers)).await {
        Ok(body) => csv_response("volunteers.csv", body),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /hours/export.csv?<hours filter>`: the filtered hours list, logged.
pub async fn export_hours(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, actor) = match staff(&state.db, &headers, client, "/hours", true).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let filter = HoursFilter::from_pairs(query_lookup(query.as_deref().unwrap_or_default()));
    match csv::hours_csv(&state.db, &viewer, &actor, &filter, locale(&headers)).await {
        Ok(body) => csv_response("hours.csv", body),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /volunteers/national.csv?from=…&to=…&part=volunteers|records`: one file of the export
/// for the national volunteer information system (coordinators; identifiers whole only for
/// the volunteers of their own stations, logged as a reveal). A wrong period is answered 422
/// with the page's message; the export page checks it before offering the links.
pub async fn export_national(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    use app::model::national::{NationalPart, NationalPeriod};
    let (viewer, actor) =
        match staff(&state.db, &headers, client, "/volunteers/national", true).await {
            Ok(v) => v,
            Err(r) => return r,
        };
    let get = query_lookup(query.as_deref().unwrap_or_default());
    let param = |k: &str| get(k).unwrap_or_default();
    let Some(part) = NationalPart::parse(&param("part")) else {
        return refuse(&headers, &AppError::invalid("part", "required"));
    };
    let period = match NationalPeriod::parse(
        &param("from"),
        &param("to"),
        app::model::time::china_today(),
    ) {
        Ok(p) => p,
        Err(e) => return refuse(&headers, &e),
    };
    match csv::national_csv(&state.db, &viewer, &actor, &period, part).await {
        Ok(body) => csv_response(
            &format!(
                "national-{}-{}-{}.csv",
                part.as_str(),
                period.from,
                period.to
            ),
            body,
        ),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /overview/export.csv?node=…&period=…`: the overview's table for a node the person may
/// see (coordinators and admins; counts only).
pub async fn export_overview(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, _) = match staff(&state.db, &headers, client, "/overview", false).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let query = OverviewQuery::from_pairs(query_lookup(query.as_deref().unwrap_or_default()));
    let locale = locale(&headers);
    match app::server::overview::load_overview(&state.db, &viewer, &query, locale).await {
        Ok(data) => csv_response(
            &format!("overview-{}-{}.csv", data.node.id, data.period.from),
            csv::overview_csv(&data, locale),
        ),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /volunteers/template-volunteers.csv`: the heading row and one example.
pub async fn volunteer_template() -> Response {
    let header: Vec<String> = VOLUNTEER_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    let example: Vec<String> = [
        "王小红",
        "13912345678",
        "",
        "",
        "1995-06-01",
        "女",
        "三塘镇社工站",
        "青年服务队",
        "陪伴阅读",
        "否",
        "",
        "",
        "",
    ]
    .iter()
    .map(|c| (*c).to_owned())
    .collect();
    csv_response("volunteers-template.csv", csv::write(&header, &[example]))
}

/// `GET /volunteers/template-hours.csv`: the heading row and one example.
pub async fn hours_template() -> Response {
    let header: Vec<String> = HOUR_COLUMNS.iter().map(|c| (*c).to_owned()).collect();
    let example: Vec<String> = ["HN0000001", "1", "2026-05-01", "09:00", "11:30", "", ""]
        .iter()
        .map(|c| (*c).to_owned())
        .collect();
    csv_response("hours-template.csv", csv::write(&header, &[example]))
}

/// `POST /volunteers/import` (multipart: `kind`, `file`): validates every row, then imports all
/// or nothing. A full import sends the browser on to the import page, which says how many rows
/// it took; a refused file is answered with the import page itself, listing the problems by
/// row and column (status 422 or 413), so nothing about the file travels in a URL.
pub async fn import(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    nonce: Option<Extension<app::server::config::CspNonce>>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let (viewer, actor) =
        match staff(&state.db, &headers, client, "/volunteers/import", false).await {
            Ok(v) => v,
            Err(r) => return r,
        };
    let mut kind = ImportKind::default();
    let mut bytes = Vec::new();
    let mut too_large = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("kind") => kind = ImportKind::parse(&field.text().await.unwrap_or_default()),
                Some("file") => match field.bytes().await {
                    Ok(b) => bytes = b.to_vec(),
                    Err(e) => {
                        too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                        break;
                    }
                },
                _ => {}
            },
            Ok(None) => break,
            Err(e) => {
                too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                break;
            }
        }
    }
    let refused = |status: StatusCode, problems: Vec<ImportProblem>| {
        let report = ImportRejected::new(kind, problems);
        let nonce = nonce.clone().map(|Extension(n)| n);
        crate::render_page(
            state.pages.clone(),
            &headers,
            Uri::from_static("/volunteers/import"),
            status,
            "import_rejected",
            move |ext| {
                ext.insert(client);
                if let Some(nonce) = nonce {
                    ext.insert(nonce);
                }
                ext.insert(report);
            },
        )
    };
    if too_large || bytes.len() > crate::MAX_UPLOAD_BYTES {
        return refused(
            StatusCode::PAYLOAD_TOO_LARGE,
            vec![ImportProblem::whole_file("file_too_large")],
        )
        .await;
    }
    let Some(text) = csv::decode_upload(&bytes) else {
        return refused(
            StatusCode::UNPROCESSABLE_ENTITY,
            vec![ImportProblem::whole_file("csv_encoding")],
        )
        .await;
    };
    let today = app::model::time::china_time(chrono::Utc::now()).date();
    let outcome = match kind {
        ImportKind::Hours => match state.db.hour_rules().await {
            Ok(rules) => csv::import_hours(&state.db, &viewer, &actor, &text, today, rules).await,
            Err(e) => Err(e),
        },
        ImportKind::Volunteers => {
            csv::import_volunteers(&state.db, &viewer, &actor, &text, today).await
        }
    };
    match outcome {
        Ok(ImportOutcome::Imported(count)) => {
            Redirect::to(&ImportDone { kind, count }.location()).into_response()
        }
        Ok(ImportOutcome::Rejected(problems)) => {
            refused(StatusCode::UNPROCESSABLE_ENTITY, problems).await
        }
        Err(e) => refuse(&headers, &e),
    }
}
