//! The station tree a coordinator or admin covers, with counts per node, paged; each node
//! opens its overview.

use leptos::prelude::*;

use crate::api::stations::{STATIONS_PER_PAGE, station_overview};
use crate::components::form::query::url_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};

/// `/stations?page=…`: the nodes in tree order, 50 to a page, and the projects among them.
#[component]
pub fn StationsPage() -> impl IntoView {
    let page = url_param("page")
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(1);
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let overview = match station_overview(page).await {
                    Ok(o) => o,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let pages = (overview.total + STATIONS_PER_PAGE - 1) / STATIONS_PER_PAGE;
                let prev = (overview.page > 1).then(|| format!("/stations?page={}", overview.page - 1));
                let next = (overview.page < pages).then(|| format!("/stations?page={}", overview.page + 1));
                view! {
                    <section class="card">
                        <h1>{t!("stations.title")}</h1>
                        <p class="muted" data-testid="stations-total">{tf!("stations.total", &[("n", &overview.total.to_string())])}</p>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
                            <table class="cards" data-testid="stations">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!("stations.name")}</th>
                                        <th scope="col" class="num">{t!("role.trainee")}</th>
                                        <th scope="col" class="num">{t!("role.mentor")}</th>
                                        <th scope="col" class="num">{t!("role.coordinator")}</th>
                                        <th scope="col" class="num">{t!("stations.projects")}</th>
                                        <th scope="col" class="num">{t!("stations.children")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {overview
                                        .stations
                                        .into_iter()
                                        .map(|s| {
                                            let indent = format!("padding-left: {}rem", s.depth);
                                            view! {
                                                <tr class:county=s.depth == 0>
                                                    <th scope="row" data-label=t!("stations.name") style=indent>
                                                        <a href=format!("/overview?node={}", s.id)>{s.name}</a>
                                                        " "<span class="muted small">{t(&s.kind.label_key())}</span>
                                                    </th>
                                                    <td class="num" data-label=t!("role.trainee")>{s.trainees}</td>
                                                    <td class="num" data-label=t!("role.mentor")>{s.mentors}</td>
                                                    <td class="num" data-label=t!("role.coordinator")>{s.coordinators}</td>
                                                    <td class="num" data-label=t!("stations.projects")>{s.projects}</td>
                                                    <td class="num" data-label=t!("stations.children")>{s.children}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="pager" aria-label=t!("pager.label")>
                            {prev.map(|href| view! { <a href=href>{t!("pager.prev")}</a> })}
                            {next.map(|href| view! { <a href=href>{t!("pager.next")}</a> })}
                        </nav>
                    </section>
                    <section class="card">
                        <h2>{t!("stations.project_list")}</h2>
                        <ul data-testid="projects">
                            {overview
                                .projects
                                .into_iter()
                                .map(|(project, station)| view! { <li>{project}" · "<span class="muted">{station}</span></li> })
                                .collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
