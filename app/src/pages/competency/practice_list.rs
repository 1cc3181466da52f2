//! The trainee's practice log.

use leptos::prelude::*;

use crate::api::competency::my_practices;
use crate::components::competency::practice_card::PracticeCard;
use crate::components::form::alert::SavedAlert;
use crate::components::form::query::query_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;

/// Practices, newest first, each linking to its edit page.
#[component]
pub fn PracticeListPage() -> impl IntoView {
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let practices = match my_practices().await {
                    Ok(p) => p,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let empty = practices.is_empty();
                view! {
                    <section class="card">
                        <div class="row-between">
                            <h1>{t!("practice.list_title")}</h1>
                            <a class="button primary" href="/practice/new">{t!("nav.log_practice")}</a>
                        </div>
                        <SavedAlert code=saved/>
                        {empty.then(|| view! { <p class="muted">{t!("practice.none")}</p> })}
                        <div data-testid="practices">
                            {practices
                                .into_iter()
                                .map(|practice| view! { <PracticeCard practice link=true/> })
                                .collect_view()}
                        </div>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
