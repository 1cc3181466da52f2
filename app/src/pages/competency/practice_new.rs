//! Log a practice.

use leptos::prelude::*;

use crate::api::competency::practice_form;
use crate::components::competency::practice_form::PracticeForm;
use crate::components::form::outbox::Outbox;
use crate::components::form::query::query_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};

/// The practice form, empty (today, real visit preset).
#[component]
pub fn PracticeNewPage() -> impl IntoView {
    let for_trainee = query_param("for").and_then(|id| id.parse::<i64>().ok());
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match practice_form(None, for_trainee).await {
                    Ok(data) => view! {
                        <section class="card">
                            <h1>
                                {match &data.for_trainee {
                                    Some((_, name)) => tf!("practice.observed_title", &[("name", name)]),
                                    None => t!("practice.new_title"),
                                }}
                            </h1>
                            <PracticeForm data/>
                        </section>
                        <Outbox/>
                    }
                    .into_any(),
                    Err(error) => view! { <PageError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
