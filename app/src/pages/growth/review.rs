//! Trainings waiting at the stations an admin administers: confirm, or return with a reason.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::education::{DecideTraining, trainings_waiting};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::t;
use crate::model::volunteer::format_hours;

/// The review page.
#[component]
pub fn TrainingReviewPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let (feedback, saved) = (feedback.clone(), saved.clone());
                Suspend::new(async move {
                    let waiting = match trainings_waiting().await {
                        Ok(w) => w,
                        Err(error) => return view! { <PageError error/> }.into_any(),
                    };
                    let decide = ServerAction::<DecideTraining>::new();
                    view! {
                        <section class="card">
                            <h1>{t!("growth.review_title")}</h1>
                            <SavedAlert code=saved/>
                            <ErrorAlert code=feedback.error.clone()/>
                            {waiting.is_empty().then(|| view! { <p class="muted">{t!("growth.nothing_waiting")}</p> })}
                            <ul class="list" data-testid="trainings-waiting">
                                {waiting.into_iter().map(|tr| view! {
                                    <li>
                                        <strong>{tr.worker.clone()}</strong>" · "{tr.station.clone()}
                                        <div>{tr.topic.clone()}" · "{tr.provider.clone()}</div>
                                        <div class="small">{tr.started_on.to_string()}" – "{tr.ended_on.to_string()}" · "{t(&tr.form.label_key())}" · "{format_hours(tr.minutes)}" h"</div>
                                        {(!tr.evidence.is_empty()).then(|| view! { <div class="small muted">{t!("growth.evidence")}": "{tr.evidence.clone()}</div> })}
                                        <div class="markdown small" inner_html=tr.summary_html.clone()></div>
                                        <ActionForm action=decide>
                                            <input type="hidden" name="id" value=tr.id/>
                                            <input type="hidden" name="reason" value=""/>
                                            <button type="submit" class="button primary small">{t!("growth.confirm")}</button>
                                        </ActionForm>
                                        <details>
                                            <summary>{t!("growth.return")}</summary>
                                            <ActionForm action=decide>
                                                <input type="hidden" name="id" value=tr.id/>
                                                <label>{t!("growth.return_reason")}<input name="reason" required=true maxlength="200"/></label>
                                                <button type="submit" class="button small">{t!("growth.return")}</button>
                                            </ActionForm>
                                        </details>
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    }
                    .into_any()
                })
            }}
        </Suspense>
    }
}
