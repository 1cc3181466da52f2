//! Stations and projects, for coordinators and admins.

use leptos::prelude::*;

use crate::api::stations::station_overview;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;

/// Every station with its people, and the projects with their organising station.
#[component]
pub fn StationsPage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let overview = match station_overview().await {
                    Ok(o) => o,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                view! {
                    <section class="card">
                        <h1>{t!("stations.title")}</h1>
                        <div class="table-wrap">
                            <table data-testid="stations">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!("stations.name")}</th>
                                        <th scope="col" class="num">{t!("role.trainee")}</th>
                                        <th scope="col" class="num">{t!("role.mentor")}</th>
                                        <th scope="col" class="num">{t!("role.coordinator")}</th>
                                        <th scope="col" class="num">{t!("stations.projects")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {overview
                                        .stations
                                        .into_iter()
                                        .map(|s| {
                                            view! {
                                                <tr class:county=s.county>
                                                    <th scope="row">{s.name}</th>
                                                    <td class="num">{s.trainees}</td>
                                                    <td class="num">{s.mentors}</td>
                                                    <td class="num">{s.coordinators}</td>
                                                    <td class="num">{s.projects}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
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
