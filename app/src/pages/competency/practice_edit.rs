//! Edit or withdraw a practice that no decision has used yet.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::components::form::query::path_id;

use crate::api::competency::{WithdrawPractice, practice_form};
use crate::components::competency::practice_card::PracticeCard;
use crate::components::competency::practice_form::PracticeForm;
use crate::components::layout::page_error::PageError;
use crate::error::AppError;
use crate::i18n::t;

/// The practice, and the form to change or withdraw it while it is not yet evidence.
#[component]
pub fn PracticeEditPage() -> impl IntoView {
    let id = path_id();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Some(id) = id else {
                    return view! { <PageError error=AppError::NotFound/> }.into_any();
                };
                let data = match practice_form(Some(id), None).await {
                    Ok(data) => data,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let Some(practice) = data.editing.clone() else {
                    return view! { <PageError error=AppError::NotFound/> }.into_any();
                };
                if practice.locked {
                    return view! {
                        <section class="card">
                            <p class="alert alert-ok">{t!("practice.locked_note")}</p>
                            <PracticeCard practice/>
                        </section>
                    }
                    .into_any();
                }
                let withdraw = ServerAction::<WithdrawPractice>::new();
                view! {
                    <section class="card">
                        <h1>{t!("practice.edit_title")}</h1>
                        <PracticeForm data/>
                    </section>
                    <section class="card">
                        <ActionForm action=withdraw>
                            <input type="hidden" name="id" value=id/>
                            <p class="muted">{t!("practice.withdraw_note")}</p>
                            <button type="submit" class="button danger">{t!("practice.withdraw")}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
