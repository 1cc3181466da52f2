//! Volunteer projects with their organising stations, coordinators and totals.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::projects::{CreateProject, projects_page};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param, url_param};
use crate::components::form::select::StationSearch;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::volunteer::format_hours;

/// Every project; coordinators may start a new one.
#[component]
pub fn ProjectsPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match projects_page(url_param("station_q").unwrap_or_default()).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let create = ServerAction::<CreateProject>::new();
                let kept = |k: &str| query_param(k).unwrap_or_default();
                view! {
                    <section class="card">
                        <h1>{t!("projects.title")}</h1>
                        <SavedAlert code=saved/>
                        <ul class="list" data-testid="projects">
                            {data.projects.into_iter().map(|p| view! {
                                <li>
                                    <a href=format!("/projects/{}", p.id)><strong>{p.name.clone()}</strong></a>
                                    <div class="muted small">
                                        {p.stations.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join("、")}
                                        " · "{tf!("projects.summary", &[("activities", &p.activities.to_string()), ("hours", &format_hours(p.service_minutes))])}
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <StationSearch choices=data.stations.clone()/>
                    {(!data.stations.stations.is_empty()).then(|| view! {
                        <section class="card">
                            <h2>{t!("projects.new")}</h2>
                            <ErrorAlert code=feedback.error.clone()/>
                            <ActionForm action=create>
                                <label>{t!("projects.name")}<input name="name" required=true maxlength="60" value=kept("name")/></label>
                                <label>{t!("projects.description")}<textarea name="description" maxlength="5000">{kept("description")}</textarea></label>
                                <div class="two">
                                    <label>{t!("projects.station")}
                                        <select name="station_id">{data.stations.stations.iter().map(|s| view! { <option value=s.id>{s.name.clone()}</option> }).collect_view()}</select>
                                    </label>
                                    <label>{t!("projects.co_station")}
                                        <select name="co_station_id">
                                            <option value="">{t!("form.none")}</option>
                                            {data.stations.stations.iter().map(|s| view! { <option value=s.id>{s.name.clone()}</option> }).collect_view()}
                                        </select>
                                    </label>
                                </div>
                                <button type="submit" class="button primary">{t!("projects.create")}</button>
                            </ActionForm>
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
