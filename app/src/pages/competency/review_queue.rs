//! The mentor's review queue: waiting sign-off requests, oldest first.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::competency::{ConfirmObservation, observation_claims, review_queue};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::time::format_datetime;

/// Requests of the mentor's trainees, oldest first, each opening the review page.
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let (queue, claims) = match (review_queue().await, observation_claims().await) {
                    (Ok(q), Ok(c)) => (q, c),
                    (Err(error), _) | (_, Err(error)) => return view! { <PageError error/> }.into_any(),
                };
                let confirm = ServerAction::<ConfirmObservation>::new();
                let feedback = FormFeedback::from_query();
                let saved = query_param("saved");
                let empty = queue.is_empty();
                let now = chrono::Utc::now();
                view! {
                    <section class="card">
                        <h1>{t!("review.queue_title")}</h1>
                        {empty.then(|| view! { <p class="muted">{t!("review.queue_empty")}</p> })}
                        <ul class="list" data-testid="review-queue">
                            {queue
                                .into_iter()
                                .map(|r| {
                                    let days = (now - r.requested_at).num_days().max(0);
                                    view! {
                                        <li>
                                            <a href=format!("/review/{}", r.request_id)>
                                                <strong>{r.trainee_name.clone()}</strong>" · "{r.item_code.clone()}" "{r.item_title.clone()}
                                            </a>
                                            <div class="muted small">
                                                {format_datetime(r.requested_at)}" · "
                                                {tf!("review.waiting_days", &[("n", &days.to_string())])}
                                            </div>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <p><a href="/trainees">{t!("nav.trainees")}</a></p>
                    </section>
                    <section class="card" data-testid="observation-claims">
                        <h2>{t!("review.observations_title")}</h2>
                        <ErrorAlert code=feedback.error.clone()/>
                        <SavedAlert code=saved/>
                        <p class="muted small">{t!("review.observations_hint")}</p>
                        {claims.is_empty().then(|| view! { <p class="muted">{t!("review.observations_empty")}</p> })}
                        <ul class="list">
                            {claims
                                .into_iter()
                                .map(|c| {
                                    view! {
                                        <li>
                                            <strong>{c.trainee_name.clone()}</strong>" · "{c.items.clone()}" · "
                                            {c.practised_on.to_string()}" · "{t(&c.setting.label_key())}" · "{t(&c.level.label_key())}
                                            <ActionForm action=confirm attr:class="inline">
                                                <input type="hidden" name="practice_id" value=c.practice_id/>
                                                <button type="submit" class="button">{t!("review.confirm_observation")}</button>
                                            </ActionForm>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
