//! The home page: who you are, where, and where to go next.

use leptos::prelude::*;

use crate::api::auth::current_viewer;
use crate::api::education::growth_warning;
use crate::api::hours::waiting_hours;
use crate::api::mentorship::{my_pairings, oversight};
use crate::api::overview::home_overview;
use crate::components::form::outbox::Outbox;
use crate::components::layout::page_error::PageError;
use crate::error::AppError;
use crate::i18n::{t, tf};
use crate::model::account::Role;
use crate::model::permission::nav_items;
use crate::pages::home::overview::overview_view;

/// Greets the signed-in person and lists their roles and what they can open.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let viewer = match current_viewer().await {
                    Ok(Some(viewer)) => viewer,
                    Ok(None) => return view! { <PageError error=AppError::NotSignedIn/> }.into_any(),
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                // The home page's parts do not depend on each other: they load at once.
                let (pairings, mentees, waiting, growth, region) = futures::join!(
                    async { my_pairings().await.unwrap_or_default() },
                    // A mentor's home shows the oversight of their own mentees.
                    async {
                        if viewer.has_role(Role::Mentor) {
                            oversight(true).await.map(|o| o.rows).unwrap_or_default()
                        } else {
                            Vec::new()
                        }
                    },
                    async {
                        if viewer.is_volunteer_staff() {
                            waiting_hours().await.ok()
                        } else {
                            None
                        }
                    },
                    // Behind on continuing education with six months or less left in the period.
                    async { growth_warning().await.ok().flatten() },
                    // County, city and province accounts open on the overview of their node.
                    async { home_overview().await.ok().flatten() },
                );
                let me = viewer.id;
                // Who works in villages keeps an outbox (practice, attendance) on the phone.
                let offline = [Role::Trainee, Role::Mentor, Role::Coordinator]
                    .into_iter()
                    .any(|r| viewer.has_role(r));
                let links = nav_items(&viewer).into_iter().filter(|i| i.href != "/").collect::<Vec<_>>();
                view! {
                    <section class="card">
                        <h1 data-testid="greeting">{tf!("home.greeting", &[("name", &viewer.display_name)])}</h1>
                        <h2>{t!("home.your_roles")}</h2>
                        <ul class="roles" data-testid="roles">
                            {viewer
                                .roles
                                .iter()
                                .map(|g| view! { <li>{t(g.role.label_key())}" · "{g.station_name.clone()}</li> })
                                .collect_view()}
                        </ul>
                        {viewer.volunteer_id.is_some().then(|| view! { <p><a href="/my-hours">{t!("home.volunteer")}</a></p> })}
                        {(viewer.roles.is_empty() && viewer.volunteer_id.is_none()).then(|| view! { <p class="muted">{t!("home.no_roles")}</p> })}
                    </section>
                    {growth.map(|p| view! {
                        <section class="card">
                            <p class="alert alert-error" role="alert" data-testid="growth-warning">
                                {t(if p.warning == crate::model::education::Warning::ThreeMonths { "growth.warn_three" } else { "growth.warn_six" })}
                                " "{tf!("growth.progress", &[("done", &crate::model::volunteer::format_hours(p.credited)), ("needed", &crate::model::volunteer::format_hours(p.required))])}
                                " · "{tf!("home.growth_days", &[("days", &p.days_left.to_string())])}
                            </p>
                            <a href="/growth">{t!("home.growth_link")}</a>
                        </section>
                    })}
                    {region.map(overview_view)}
                    {waiting.filter(|n| *n > 0).map(|n| view! {
                        <section class="card">
                            <a href="/hours?status=submitted" data-testid="waiting-hours">{tf!("home.waiting_hours", &[("n", &n.to_string())])}</a>
                        </section>
                    })}
                    {(!mentees.is_empty()).then(|| view! {
                        <section class="card">
                            <h2>{t!("home.my_mentees")}</h2>
                            <ul class="list" data-testid="my-mentees">
                                {mentees.into_iter().map(|r| view! {
                                    <li>
                                        <a href=format!("/progress/{}", r.pairing.trainee_id)>{r.pairing.trainee.clone()}</a>
                                        <div class="small">
                                            {tf!("home.days_since", &[("n", &r.days_since_supervision.to_string())])}
                                            {r.supervision_overdue.then(|| view! { " "<span class="status status-needs_practice">{t!("oversight.overdue")}</span> })}
                                            {(r.overdue_actions > 0).then(|| view! { " · "{t!("oversight.actions")}": "{r.overdue_actions}})}
                                            {(r.late_requests > 0).then(|| view! { " · "{t!("oversight.requests")}": "{r.late_requests}})}
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })}
                    {(!pairings.is_empty()).then(|| view! {
                        <section class="card" data-testid="my-pairings">
                            <h2>{t!("home.pairings")}</h2>
                            {pairings.into_iter().map(|p| {
                                let heading = if p.trainee_id == me {
                                    format!("{}：{}", t!("home.my_mentor"), p.mentor)
                                } else {
                                    format!("{}：{}", t!("home.my_mentee"), p.trainee)
                                };
                                view! {
                                    <article class="practice">
                                        <h3>{heading}</h3>
                                        <p class="muted small">{p.starts_on.to_string()}" – "{p.planned_end_on.map(|d| d.to_string()).unwrap_or_default()}</p>
                                        <div class="reflection" inner_html=p.agreement_html></div>
                                    </article>
                                }
                            }).collect_view()}
                        </section>
                    })}
                    <section class="card">
                        <h2>{t!("home.go_to")}</h2>
                        <ul class="tiles">
                            {links
                                .into_iter()
                                .map(|i| view! { <li><a class="tile" href=i.href>{t(i.label_key)}</a></li> })
                                .collect_view()}
                        </ul>
                    </section>
                    {offline.then(|| view! { <Outbox/> })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
