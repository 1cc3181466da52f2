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
use app::server::xlsx::{self, Cell, Choices, Table};
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

pub(crate) fn refuse(headers: &HeaderMap, err: &AppError) -> Response {
    let status = err.status();
    let text = locale(headers).t(&format!("error.{}", err.code()));
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// A download of `table` named `name` (without extension), as `.xlsx` when the request's path
/// asks for it and as CSV otherwise.
fn table_response(
    headers: &HeaderMap,
    uri: &Uri,
    name: &str,
    sheet: &str,
    table: &Table,
) -> Response {
    if uri.path().ends_with(".xlsx") {
        match table.to_xlsx(sheet) {
            Ok(bytes) => xlsx_response(&format!("{name}.xlsx"), bytes),
            Err(e) => refuse(headers, &e),
        }
    } else {
        csv_response(&format!("{name}.csv"), table.to_csv())
    }
}

fn xlsx_response(name: &str, body: Vec<u8>) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
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

/// `GET /volunteers/export.csv` or `.xlsx` `?<roster filter>`: the filtered roster, masked,
/// logged.
pub async fn export_roster(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, actor) = match staff(&state.db, &headers, client, "/volunteers", true).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let filter = RosterFilter::from_pairs(query_lookup(query.as_deref().unwrap_or_default()));
    let locale = locale(&headers);
    match csv::roster_table(&state.db, &viewer, &actor, &filter, locale).await {
        Ok(table) => table_response(
            &headers,
            &uri,
            "volunteers",
            &locale.t("roster.title"),
            &table,
        ),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /hours/export.csv` or `.xlsx` `?<hours filter>`: the filtered hours list, logged.
pub async fn export_hours(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    uri: Uri,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, actor) = match staff(&state.db, &headers, client, "/hours", true).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let filter = HoursFilter::from_pairs(query_lookup(query.as_deref().unwrap_or_default()));
    let locale = locale(&headers);
    match csv::hours_table(&state.db, &viewer, &actor, &filter, locale).await {
        Ok(table) => table_response(&headers, &uri, "hours", &locale.t("hours.title"), &table),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /volunteers/national.csv` or `.xlsx` `?from=…&to=…&part=volunteers|records`: one file
/// of the export for the national volunteer information system (coordinators; identifiers
/// whole only for the volunteers of their own stations, logged as a reveal). A wrong period is answered 422
/// with the page's message; the export page checks it before offering the links.
pub async fn export_national(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    uri: Uri,
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
    let sheet = match part {
        NationalPart::Volunteers => "志愿者基本信息",
        NationalPart::Records => "志愿服务记录",
    };
    match csv::national_table(&state.db, &viewer, &actor, &period, part).await {
        Ok(table) => table_response(
            &headers,
            &uri,
            &format!("national-{}-{}-{}", part.as_str(), period.from, period.to),
            sheet,
            &table,
        ),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /volunteer-reports/export.xlsx?from=…&to=…`: the totals report as a workbook, one sheet
/// each by project, station and month (coordinators and admins; counts only).
pub async fn export_totals(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let (viewer, _) = match staff(&state.db, &headers, client, "/volunteer-reports", false).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let get = query_lookup(query.as_deref().unwrap_or_default());
    let day = |k: &str| get(k).and_then(|v| app::model::volunteer::parse_date(k, &v).ok());
    let locale = locale(&headers);
    let sheets = match csv::totals_tables(&state.db, &viewer, day("from"), day("to"), locale).await
    {
        Ok(s) => s,
        Err(e) => return refuse(&headers, &e),
    };
    let named: Vec<(&str, &Table)> = sheets.iter().map(|(n, t)| (n.as_str(), t)).collect();
    match xlsx::workbook(&named, &[]) {
        Ok(bytes) => xlsx_response("volunteer-totals.xlsx", bytes),
        Err(e) => refuse(&headers, &e),
    }
}

/// `GET /volunteer-reports/register.xlsx`: the certificate register (coordinators: it names
/// volunteers), logged.
pub async fn export_register(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    let (viewer, actor) = match staff(&state.db, &headers, client, "/volunteer-reports", true).await
    {
        Ok(v) => v,
        Err(r) => return r,
    };
    let locale = locale(&headers);
    match csv::register_table(&state.db, &viewer, &actor, locale).await {
        Ok(table) => match table.to_xlsx(&locale.t("reports.register")) {
            Ok(bytes) => xlsx_response("certificate-register.xlsx", bytes),
            Err(e) => refuse(&headers, &e),
        },
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

/// The volunteer template's example row.
const VOLUNTEER_EXAMPLE: [&str; 13] = [
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
];

/// The hours template's example row.
const HOURS_EXAMPLE: [&str; 7] = ["HN0000001", "1", "2026-05-01", "09:00", "11:30", "", ""];

fn template_table(columns: &[&str], example: &[&str]) -> Table {
    Table {
        header: columns.iter().map(|c| (*c).to_owned()).collect(),
        rows: vec![example.iter().map(|c| Cell::text(*c)).collect()],
    }
}

/// `GET /volunteers/template-volunteers.csv`: the heading row and one example.
pub async fn volunteer_template() -> Response {
    let table = template_table(&VOLUNTEER_COLUMNS, &VOLUNTEER_EXAMPLE);
    csv_response("volunteers-template.csv", table.to_csv())
}

/// `GET /volunteers/template-hours.csv`: the heading row and one example.
pub async fn hours_template() -> Response {
    let table = template_table(&HOUR_COLUMNS, &HOURS_EXAMPLE);
    csv_response("hours-template.csv", table.to_csv())
}

/// `GET /volunteers/template-volunteers.xlsx`: the template as a workbook, with drop-down lists
/// for the ID type, gender, consent and the stations whose volunteers the person registers
/// (so staff only: the list names their stations).
pub async fn volunteer_template_xlsx(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    let (viewer, _) = match staff(&state.db, &headers, client, "/volunteers/import", false).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let stations = match state.db.stations().await {
        Ok(all) => all
            .into_iter()
            .filter(|s| viewer.can_manage_volunteers_at(&s.station_ref()))
            .map(|s| s.name)
            .collect(),
        Err(e) => return refuse(&headers, &e),
    };
    let words = |w: &[&str]| w.iter().map(|v| (*v).to_owned()).collect::<Vec<String>>();
    let choices = [
        Choices {
            column: 2,
            values: words(&["居民身份证", "其他证件"]),
            strict: true,
        },
        Choices {
            column: 5,
            values: words(&["女", "男", "未说明"]),
            strict: true,
        },
        Choices {
            column: 6,
            values: stations,
            strict: true,
        },
        Choices {
            column: 9,
            values: words(&["是", "否"]),
            strict: true,
        },
    ];
    let table = template_table(&VOLUNTEER_COLUMNS, &VOLUNTEER_EXAMPLE);
    match xlsx::workbook(&[("志愿者", &table)], &choices) {
        Ok(bytes) => xlsx_response("volunteers-template.xlsx", bytes),
        Err(e) => refuse(&headers, &e),
    }
}

/// How far back the hours template's activity list reaches, and how many entries each list
/// holds at most (a county's roster; a province picks by typing the number).
const TEMPLATE_DAYS: i64 = 90;
const TEMPLATE_CHOICES: i64 = 5_000;

/// `GET /volunteers/template-hours.xlsx`: the hours template as a workbook, with drop-down
/// lists of the activities the person records for (the last 90 days) and of the volunteers
/// they manage, each as "number name" (so staff only: the lists name people).
pub async fn hours_template_xlsx(
    State(state): State<CsvState>,
    Extension(client): Extension<ClientAddr>,
    headers: HeaderMap,
) -> Response {
    let (viewer, _) = match staff(&state.db, &headers, client, "/volunteers/import", false).await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let today = app::model::time::china_today();
    let lists = async {
        let activities = state
            .db
            .activities_held_between(
                &viewer.scope_of(&[app::model::account::Role::Coordinator]),
                today - chrono::Duration::days(TEMPLATE_DAYS),
                today,
                TEMPLATE_CHOICES,
            )
            .await?;
        let filter = app::model::volunteer::RosterFilter {
            page: 1,
            sort: "number".into(),
            ..Default::default()
        };
        let (volunteers, _) = state
            .db
            .roster(&viewer.volunteer_scope(), &filter, TEMPLATE_CHOICES)
            .await?;
        Ok::<_, AppError>((activities, volunteers))
    };
    let (activities, volunteers) = match lists.await {
        Ok(lists) => lists,
        Err(e) => return refuse(&headers, &e),
    };
    let choices = [
        Choices {
            column: 0,
            values: volunteers
                .iter()
                .map(|v| format!("{} {}", v.number, v.name))
                .collect(),
            strict: false,
        },
        Choices {
            column: 1,
            values: activities
                .iter()
                .map(|a| format!("{} {} {}", a.id, a.name, a.held_on))
                .collect(),
            strict: false,
        },
    ];
    let table = template_table(&HOUR_COLUMNS, &HOURS_EXAMPLE);
    match xlsx::workbook(&[("时长", &table)], &choices) {
        Ok(bytes) => xlsx_response("hours-template.xlsx", bytes),
        Err(e) => refuse(&headers, &e),
    }
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
    // An `.xlsx` workbook (a zip archive) is read from its first sheet; anything else must be
    // CSV text in UTF-8 or GBK.
    let rows = if xlsx::is_workbook(&bytes) {
        let Some(rows) = xlsx::read_first_sheet(&bytes) else {
            return refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![ImportProblem::whole_file("xlsx_unreadable")],
            )
            .await;
        };
        Ok(rows)
    } else {
        let Some(text) = csv::decode_upload(&bytes) else {
            return refused(
                StatusCode::UNPROCESSABLE_ENTITY,
                vec![ImportProblem::whole_file("csv_encoding")],
            )
            .await;
        };
        csv::parse(&text)
    };
    let today = app::model::time::china_time(chrono::Utc::now()).date();
    let outcome = match kind {
        ImportKind::Hours => match state.db.hour_rules().await {
            Ok(rules) => {
                csv::import_hour_rows(&state.db, &viewer, &actor, rows, today, rules).await
            }
            Err(e) => Err(e),
        },
        ImportKind::Volunteers => {
            csv::import_volunteer_rows(&state.db, &viewer, &actor, rows, today).await
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
