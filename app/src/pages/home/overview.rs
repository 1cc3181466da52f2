//! The overview of a node (county, city, province, or one station) for a period: one row per
//! child node and the totals, for new social workers, mentors and volunteers, with cells past
//! the oversight thresholds marked in words; twelve-month trends; drill-down and breadcrumbs.
//! Printable as the monthly report and downloadable as CSV.

use leptos::prelude::*;

use crate::api::overview::overview;
use crate::components::form::query::url_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::overview::{
    Figures, Flag, OverviewData, OverviewQuery, PeriodKind, RECORD_WAIT_DAYS,
};
use crate::model::volunteer::format_hours;

/// `/overview?node=…&period=…`.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let query = OverviewQuery::from_pairs(url_param);
    view! { <Overview query/> }
}

/// The overview for `query`; also the home page of county, city and province accounts.
#[component]
pub fn Overview(query: OverviewQuery) -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match overview(query).await {
                    Ok(data) => overview_view(data).into_any(),
                    Err(error) => view! { <PageError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// One row of a table: the node's name (a link down the tree) and its figures.
struct Line {
    name: String,
    href: Option<String>,
    figures: Figures,
    kind: LineKind,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LineKind {
    Child,
    Own,
    Total,
}

fn lines(data: &OverviewData) -> Vec<Line> {
    let mut out: Vec<Line> = data
        .rows
        .iter()
        .map(|r| Line {
            name: r.station.name.clone(),
            href: Some(data.href(r.station.id)),
            figures: r.figures,
            kind: LineKind::Child,
        })
        .collect();
    if let Some(own) = data.own {
        out.push(Line {
            name: tf!("overview.own", &[("name", &data.node.name)]),
            href: None,
            figures: own,
            kind: LineKind::Own,
        });
    }
    out.push(Line {
        name: t!("overview.total"),
        href: None,
        figures: data.total,
        kind: LineKind::Total,
    });
    out
}

/// A cell: the value, and when a threshold is passed, the reason in words.
fn cell(label: String, value: String, flag: Option<Flag>) -> impl IntoView {
    let class = if flag.is_some() { "flagged" } else { "" };
    view! {
        <td data-label=label class=class>
            {value}
            {flag.map(|f| view! { <span class="flag">" ⚠ "{t(&f.label_key())}</span> })}
        </td>
    }
}

fn name_cell(line: &Line) -> impl IntoView {
    let name = line.name.clone();
    let inner = match &line.href {
        Some(href) => view! { <a href=href.clone()>{name}</a> }.into_any(),
        None => view! { <span>{name}</span> }.into_any(),
    };
    view! { <th scope="row">{inner}</th> }
}

fn days(d: Option<i64>) -> String {
    d.map(|d| tf!("overview.days", &[("n", &d.to_string())]))
        .unwrap_or_else(|| "—".to_owned())
}

fn row_class(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Child => "",
        LineKind::Own => "own",
        LineKind::Total => "total",
    }
}

fn workers_table(data: &OverviewData, lines: &[Line]) -> AnyView {
    let (today, th) = (data.today, data.thresholds);
    let rows = lines
        .iter()
        .map(|l| {
            let f = l.figures;
            let flags = f.flags(today, &th);
            let has = |flag: Flag| flags.contains(&flag).then_some(flag);
            let met = match f.percent_met() {
                Some(p) => format!("{} / {} ({p}%)", f.items_met, f.items_total),
                None => "—".to_owned(),
            };
            let waiting = if f.requests_waiting == 0 {
                "0".to_owned()
            } else {
                format!(
                    "{} · {}",
                    f.requests_waiting,
                    days(f.oldest_request_days(today))
                )
            };
            view! {
                <tr class=row_class(l.kind)>
                    {name_cell(l)}
                    {cell(t!("overview.trainees"), f.trainees.to_string(), None)}
                    {cell(t!("overview.active_pairings"), f.active_pairings.to_string(), None)}
                    {cell(t!("overview.items_met"), met, None)}
                    {cell(t!("overview.requests_waiting"), waiting, has(Flag::SignoffLate))}
                    {cell(t!("overview.since_supervision"), days(f.worst_supervision_days(today)), has(Flag::SupervisionOverdue))}
                    {cell(t!("overview.overdue_actions"), f.overdue_actions.to_string(), has(Flag::ActionsOverdue))}
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{t!("overview.workers")}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
            <table class="cards" data-testid="overview-workers">
                <thead><tr>
                    <th scope="col">{t!("overview.node")}</th>
                    <th scope="col">{t!("overview.trainees")}</th>
                    <th scope="col">{t!("overview.active_pairings")}</th>
                    <th scope="col">{t!("overview.items_met")}</th>
                    <th scope="col">{t!("overview.requests_waiting")}</th>
                    <th scope="col">{t!("overview.since_supervision")}</th>
                    <th scope="col">{t!("overview.overdue_actions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn mentors_table(data: &OverviewData, lines: &[Line]) -> AnyView {
    let (today, th) = (data.today, data.thresholds);
    let rows = lines
        .iter()
        .map(|l| {
            let f = l.figures;
            let load = f
                .flags(today, &th)
                .contains(&Flag::MentorLoad)
                .then_some(Flag::MentorLoad);
            view! {
                <tr class=row_class(l.kind)>
                    {name_cell(l)}
                    {cell(t!("overview.mentors"), f.mentors.to_string(), None)}
                    {cell(t!("overview.max_mentees"), f.max_mentees.to_string(), load)}
                    {cell(t!("overview.sessions"), f.sessions.to_string(), None)}
                    {cell(t!("overview.session_hours"), format_hours(f.session_minutes), None)}
                    {cell(t!("overview.forms"), format!("{} / {}", f.individual_sessions, f.group_sessions), None)}
                    {cell(t!("overview.functions"), format!("{} / {} / {}", f.administrative, f.educational, f.supportive), None)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{t!("overview.mentoring")}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
            <table class="cards" data-testid="overview-mentors">
                <thead><tr>
                    <th scope="col">{t!("overview.node")}</th>
                    <th scope="col">{t!("overview.mentors")}</th>
                    <th scope="col">{t!("overview.max_mentees")}</th>
                    <th scope="col">{t!("overview.sessions")}</th>
                    <th scope="col">{t!("overview.session_hours")}</th>
                    <th scope="col">{t!("overview.forms")}</th>
                    <th scope="col">{t!("overview.functions")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

fn volunteers_table(data: &OverviewData, lines: &[Line]) -> AnyView {
    let (today, th) = (data.today, data.thresholds);
    let rows = lines
        .iter()
        .map(|l| {
            let f = l.figures;
            let late = f
                .flags(today, &th)
                .contains(&Flag::RecordsWaiting)
                .then_some(Flag::RecordsWaiting);
            let waiting = if f.records_waiting == 0 {
                "0".to_owned()
            } else {
                format!("{} · {}", f.records_waiting, days(f.oldest_record_days(today)))
            };
            view! {
                <tr class=row_class(l.kind) data-testid=(l.kind == LineKind::Child).then(|| format!("overview-row-{}", l.name))>
                    {name_cell(l)}
                    {cell(t!("overview.volunteers"), f.volunteers.to_string(), None)}
                    {cell(t!("overview.active_volunteers"), f.active_volunteers.to_string(), None)}
                    <td data-label=t!("overview.service_hours") data-testid="service-hours">{format_hours(f.service_minutes)}</td>
                    {cell(t!("overview.training_hours"), format_hours(f.training_minutes), None)}
                    {cell(t!("overview.records_waiting"), waiting, late)}
                    {cell(t!("overview.certificates"), f.certificates.to_string(), None)}
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{t!("overview.volunteering")}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
            <table class="cards" data-testid="overview-volunteers">
                <thead><tr>
                    <th scope="col">{t!("overview.node")}</th>
                    <th scope="col">{t!("overview.volunteers")}</th>
                    <th scope="col">{t!("overview.active_volunteers")}</th>
                    <th scope="col">{t!("overview.service_hours")}</th>
                    <th scope="col">{t!("overview.training_hours")}</th>
                    <th scope="col">{t!("overview.records_waiting")}</th>
                    <th scope="col">{t!("overview.certificates")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The overview itself, for the page and the home page.
pub fn overview_view(data: OverviewData) -> impl IntoView {
    let lines = lines(&data);
    let tables = (
        workers_table(&data, &lines),
        mentors_table(&data, &lines),
        volunteers_table(&data, &lines),
    );
    let trail = data.trail.clone();
    let last = trail.len().saturating_sub(1);
    let period = data.period;
    let export = format!(
        "/overview/export.csv?node={}&{}",
        data.node.id,
        period.to_query()
    );
    let custom = period.kind == PeriodKind::Custom;
    let thresholds = tf!(
        "overview.thresholds",
        &[
            ("load", &data.thresholds.mentor_load_limit.to_string()),
            (
                "supervision",
                &data.thresholds.supervision_overdue_days.to_string()
            ),
            ("signoff", &data.thresholds.signoff_wait_days.to_string()),
            ("records", &RECORD_WAIT_DAYS.to_string()),
        ]
    );
    view! {
        <section class="card overview" data-testid="overview">
            <p class="print-only print-title">
                {tf!("overview.report_title", &[("name", &data.node.name), ("from", &period.from.to_string()), ("to", &period.to.to_string())])}
            </p>
            <nav class="breadcrumbs" aria-label=t!("overview.breadcrumbs")>
                <ol>
                    {trail.into_iter().enumerate().map(|(i, s)| {
                        if i == last {
                            view! { <li aria-current="page">{s.name}</li> }.into_any()
                        } else {
                            view! { <li><a href=data.href(s.id)>{s.name}</a></li> }.into_any()
                        }
                    }).collect_view()}
                </ol>
            </nav>
            <div class="row-between">
                <h1>{tf!("overview.title", &[("name", &data.node.name)])}</h1>
                <a class="button small no-print" href=export download>{t!("overview.export")}</a>
            </div>
            <p class="muted">
                {tf!("overview.period_range", &[("from", &period.from.to_string()), ("to", &period.to.to_string())])}
            </p>
            <form method="get" action="/overview" class="filters no-print">
                <input type="hidden" name="node" value=data.node.id/>
                <label>{t!("overview.period")}
                    <select name="period">
                        {PeriodKind::ALL.into_iter().map(|k| view! {
                            <option value=k.as_str() selected=k == period.kind>{t(&k.label_key())}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label>{t!("roster.from")}<input type="date" name="from" value=custom.then(|| period.from.to_string())/></label>
                <label>{t!("roster.to")}<input type="date" name="to" value=custom.then(|| period.to.to_string())/></label>
                <button type="submit" class="button">{t!("roster.apply")}</button>
            </form>
            <p class="muted small">{thresholds}</p>
            {tables}
            <h2>{t!("overview.trends")}</h2>
            <div class="charts">
                {data.charts.iter().map(|(key, svg)| view! {
                    <figure class="chart-box">
                        <figcaption>{t(key)}</figcaption>
                        <div inner_html=svg.clone()></div>
                    </figure>
                }).collect_view()}
            </div>
        </section>
    }
}
