//! Log a practice.

use leptos::prelude::*;

use crate::api::competency::practice_form;
use crate::components::competency::practice_form::PracticeForm;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;

/// The practice form, empty (today, real visit preset).
#[component]
pub fn PracticeNewPage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match practice_form(None).await {
                    Ok(data) => view! {
                        <section class="card">
                            <h1>{t("practice.new_title")}</h1>
                            <PracticeForm data/>
                        </section>
                    }
                    .into_any(),
                    Err(error) => view! { <PageError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
