//! The mentor's review queue: waiting sign-off requests, oldest first.

use leptos::prelude::*;

use crate::api::competency::review_queue;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::time::format_datetime;

/// Requests of the mentor's trainees, oldest first, each opening the review page.
#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let queue = match review_queue().await {
                    Ok(q) => q,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let empty = queue.is_empty();
                let now = chrono::Utc::now();
                view! {
                    <section class="card">
                        <h1>{t("review.queue_title")}</h1>
                        {empty.then(|| view! { <p class="muted">{t("review.queue_empty")}</p> })}
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
                                                {tf("review.waiting_days", &[("n", &days.to_string())])}
                                            </div>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <p><a href="/trainees">{t("nav.trainees")}</a></p>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
