//! Supervision records: the sessions a person ran or attended, and their open actions.

use leptos::prelude::*;

use crate::api::mentorship::supervision_list;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};

/// Sessions (unconfirmed marked) and open actions (overdue marked).
#[component]
pub fn SupervisionPage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match supervision_list().await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let today = data.today;
                view! {
                    <section class="card">
                        <div class="row-between">
                            <h1>{t!("supervision.title")}</h1>
                            {(data.is_mentor && !data.mentees.is_empty()).then(|| view! {
                                <a class="button primary" href="/supervision/new">{t!("supervision.new")}</a>
                            })}
                        </div>
                        <ul class="list" data-testid="sessions">
                            {data.sessions.into_iter().map(|s| view! {
                                <li>
                                    <a href=format!("/supervision/{}", s.id)>{format!("{} · {}", s.held_on, s.topics)}</a>
                                    <div class="muted small">
                                        {s.mentor.clone()}
                                        {(s.unconfirmed > 0).then(|| view! { " · "<span class="status status-pending">{tf!("supervision.unconfirmed", &[("n", &s.unconfirmed.to_string())])}</span> })}
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="card">
                        <h2>{t!("supervision.open_actions")}</h2>
                        <ul class="list" data-testid="open-actions">
                            {data.actions.into_iter().map(|a| {
                                let overdue = a.due_on < today;
                                view! {
                                    <li>
                                        <a href=format!("/supervision/{}", a.session_id)>{a.description.clone()}</a>
                                        <div class="muted small">
                                            {a.owner.clone()}" · "{a.due_on.to_string()}
                                            {overdue.then(|| view! { " "<span class="status status-needs_practice">{t!("oversight.overdue")}</span> })}
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
