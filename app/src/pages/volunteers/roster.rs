//! The volunteer roster: search, filters, sort, pages, and CSV export of exactly what it shows.

use crate::model::volunteer::VolunteerStatus;
use leptos::prelude::*;

use crate::api::volunteers::roster_page;
use crate::components::form::query::url_param;
use crate::components::form::select::StationSearchField;
use crate::components::layout::page_error::PageError;
use crate::components::layout::pager::Pager;
use crate::i18n::{t, tf};
use crate::model::volunteer::{RosterFilter, count_label, format_hours};

/// Every volunteer in the person's stations, 50 to a page.
#[component]
pub fn RosterPage() -> impl IntoView {
    let filter = RosterFilter::from_pairs(url_param);
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match roster_page(filter).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let f = data.filter.clone();
                let filtered = f.to_query() != "sort=name";
                let base = f.to_query();
                let href = format!("/volunteers?{base}");
                let shown = data.rows.len();
                let export = format!("/volunteers/export.csv?{base}");
                let sel = |v: Option<i64>, id: i64| v == Some(id);
                view! {
                    <section class="card">
                        <div class="row-between">
                            <h1>{t!("roster.title")}</h1>
                            <span>
                                <a class="button small" href="/volunteers/new">{t!("roster.new")}</a>" "
                                <a class="button small" href="/volunteers/import">{t!("roster.import")}</a>
                            </span>
                        </div>
                        <details class="filter-box" open=filtered>
                            <summary>{t!("roster.filters")}</summary>
                            <form method="get" action="/volunteers" class="filters">
                            <input name="q" value=f.q.clone() placeholder=t!("roster.search") aria-label=t!("roster.search")/>
                            <div class="two">
                                <select name="station_id" aria-label=t!("volunteer.station")>
                                    <option value="">{t!("roster.all_stations")}</option>
                                    {data.stations.stations.iter().map(|s| view! { <option value=s.id selected=sel(f.station_id, s.id)>{s.name.clone()}</option> }).collect_view()}
                                </select>
                                <StationSearchField choices=data.stations.clone()/>
                                <select name="project_id" aria-label=t!("hours.project")>
                                    <option value="">{t!("roster.all_projects")}</option>
                                    {data.projects.iter().map(|(id, name)| view! { <option value=*id selected=sel(f.project_id, *id)>{name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="two">
                                <label>{t!("roster.from")}<input type="date" name="from" value=f.from.map(|d| d.to_string())/></label>
                                <label>{t!("roster.to")}<input type="date" name="to" value=f.to.map(|d| d.to_string())/></label>
                            </div>
                            <div class="two">
                                <select name="star" aria-label=t!("roster.star")>
                                    <option value="">{t!("roster.any_star")}</option>
                                    {(0u8..=5).map(|s| view! { <option value=s selected=f.star == Some(s)>{tf!("roster.star_n", &[("n", &s.to_string())])}</option> }).collect_view()}
                                </select>
                                <select name="status" aria-label=t!("volunteer.status")>
                                    <option value="">{t!("roster.any_status")}</option>
                                    {VolunteerStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=f.status == Some(s)>{t(&s.label_key())}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="two">
                                <select name="sort" aria-label=t!("roster.sort")>
                                    {["name", "hours", "last", "number"].into_iter().map(|s| view! { <option value=s selected=f.sort == s>{t(&format!("roster.sort_{s}"))}</option> }).collect_view()}
                                </select>
                                <label class="check"><input type="checkbox" name="desc" value="1" checked=f.desc/>{t!("roster.desc")}</label>
                            </div>
                            <button type="submit" class="button">{t!("roster.apply")}</button>
                        </form>
                        </details>
                        <div class="row-between">
                            <span data-testid="roster-total">{tf!("roster.total", &[("n", &count_label(data.total))])}</span>
                            {data.can_export.then(|| view! {
                                <span class="actions">
                                    <a class="button small" href=export.clone() data-testid="export-roster">{t!("roster.export")}</a>
                                    <a class="button small" href=export.replacen("export.csv", "export.xlsx", 1) data-testid="export-roster-xlsx">{t!("roster.export_xlsx")}</a>
                                </span>
                            })}
                        </div>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
                            <table class="cards" data-testid="roster">
                                <thead><tr>
                                    <th>{t!("roster.number")}</th><th>{t!("volunteer.name")}</th><th>{t!("volunteer.station")}</th>
                                    <th>{t!("roster.service_hours")}</th><th>{t!("roster.scan")}</th><th>{t!("roster.training_hours")}</th>
                                    <th>{t!("roster.activities")}</th><th>{t!("roster.last")}</th><th>{t!("roster.star")}</th>
                                </tr></thead>
                                <tbody>
                                    {data.rows.into_iter().map(|r| view! {
                                        <tr>
                                            <td data-label=t!("roster.number")>{r.number.clone()}</td>
                                            <td data-label=t!("volunteer.name")><a href=format!("/volunteers/{}", r.id)>{r.name.clone()}</a><div class="muted small">{r.mobile_masked.clone()}</div></td>
                                            <td data-label=t!("volunteer.station")>{r.station.clone()}</td>
                                            <td data-label=t!("roster.service_hours") data-testid="service-hours">{format_hours(r.service_minutes)}</td>
                                            <td data-label=t!("roster.scan") data-testid="scan-hours">{format_hours(r.scan_minutes)}</td>
                                            <td data-label=t!("roster.training_hours")>{format_hours(r.training_minutes)}</td>
                                            <td data-label=t!("roster.activities")>{r.activities}</td>
                                            <td data-label=t!("roster.last")>{r.last_served_on.map(|d| d.to_string()).unwrap_or_default()}</td>
                                            <td data-label=t!("roster.star")>{"★".repeat(usize::from(r.star))}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Pager href page=f.page total=data.total page_size=RosterFilter::PAGE_SIZE shown/>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
