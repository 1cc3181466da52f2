//! One project: its description, organisers, activities, and a form for a new activity.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::activities::CreateActivity;
use crate::api::projects::project_page;
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::t;
use crate::model::volunteer::{HourKind, format_clock};

/// The project's page.
#[component]
pub fn ProjectPage() -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match project_page(id).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let create = ServerAction::<CreateActivity>::new();
                let kept = |k: &str| query_param(k);
                let p = data.project.clone();
                let kind_sel = kept("kind").unwrap_or_else(|| "service".into());
                view! {
                    <section class="card">
                        <h1>{p.name.clone()}</h1>
                        <SavedAlert code=saved/>
                        <div class="markdown" inner_html=p.description_html.clone()></div>
                        <p class="muted small">{t!("projects.organisers")}": "{p.stations.iter().map(|(_, n)| n.clone()).collect::<Vec<_>>().join("、")}</p>
                        <p class="muted small">{t!("projects.coordinators")}": "{p.coordinators.join("、")}</p>
                        <p>
                            <a class="button small" href=format!("/volunteers?project_id={id}")>{t!("projects.roster")}</a>" "
                            <a class="button small" href=format!("/hours?project_id={id}")>{t!("projects.hours")}</a>
                        </p>
                    </section>
                    {(!data.stations.is_empty()).then(|| view! {
                        <section class="card">
                            <h2>{t!("activity.new")}</h2>
                            <ErrorAlert code=feedback.error.clone()/>
                            <ActionForm action=create>
                                <input type="hidden" name="project_id" value=id/>
                                <label>{t!("activity.station")}
                                    <select name="station_id">{data.stations.iter().map(|s| view! { <option value=s.id>{s.name.clone()}</option> }).collect_view()}</select>
                                </label>
                                <label>{t!("activity.name")}<input name="name" required=true maxlength="60" value=kept("name")/></label>
                                <label>{t!("hours.kind")}
                                    <select name="kind">{HourKind::ALL.into_iter().map(|k| view! { <option value=k.as_str() selected=kind_sel == k.as_str()>{t(&k.label_key())}</option> }).collect_view()}</select>
                                </label>
                                <label>{t!("hours.date")}<input type="date" name="held_on" required=true value=kept("held_on").unwrap_or(data.today.to_string())/></label>
                                <div class="two">
                                    <label>{t!("hours.start")}<input type="time" name="start" required=true value=kept("start").unwrap_or("09:00".into())/></label>
                                    <label>{t!("hours.end")}<input type="time" name="end" required=true value=kept("end").unwrap_or("11:30".into())/></label>
                                </div>
                                <div class="two">
                                    <label>{t!("activity.township")}<input name="township" required=true maxlength="30" value=kept("township")/></label>
                                    <label>{t!("activity.village")}<input name="village" maxlength="30" value=kept("village")/></label>
                                </div>
                                <label>{t!("activity.content")}<textarea name="content" required=true maxlength="1000">{kept("content")}</textarea></label>
                                <label>{t!("activity.capacity")}<input type="number" name="capacity" min="1" max="10000" required=true value=kept("capacity").unwrap_or("20".into())/></label>
                                <button type="submit" class="button primary">{t!("activity.create")}</button>
                            </ActionForm>
                        </section>
                    })}
                    <section class="card">
                        <h2>{t!("activity.list")}</h2>
                        <ul class="list" data-testid="activities">
                            {data.activities.into_iter().map(|a| view! {
                                <li>
                                    <a href=format!("/activities/{}", a.id)>{a.name.clone()}</a>
                                    <div class="muted small">{a.held_on.to_string()}" "{format_clock(a.start_min)}"–"{format_clock(a.end_min)}" · "{a.station.clone()}" · "{a.records}</div>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
