//! A volunteer's first sign-in: mobile number, the one-time code the coordinator gave, a new
//! password. Afterwards they sign in with the mobile number.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::checkin::Activate;
use crate::components::form::alert::ErrorAlert;
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::form::text_field::TextField;
use crate::i18n::t;

/// The activation form. A rejected try keeps the mobile number (never the code or password).
#[component]
pub fn ActivatePage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let mobile = query_param("mobile");
    // Only a path on this site is followed afterwards.
    let next = query_param("next")
        .map(|n| crate::model::redirect::safe_target(Some(&n)))
        .filter(|n| n != "/")
        .unwrap_or_default();
    let action = ServerAction::<Activate>::new();
    view! {
        <section class="card narrow">
            <h1>{t!("activation.page_title")}</h1>
            <p class="muted small">{t!("activation.page_hint")}</p>
            <ErrorAlert code=feedback.general()/>
            <ActionForm action=action>
                <input type="hidden" name="next" value=next/>
                <TextField
                    name="mobile"
                    label_key="activation.mobile"
                    value=mobile
                    error=feedback.for_field("mobile")
                    input_type="tel"
                    autocomplete="tel"
                    inputmode="numeric"
                    required=true
                    maxlength=20
                />
                <TextField
                    name="code"
                    label_key="activation.code"
                    error=feedback.for_field("code")
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    required=true
                    maxlength=8
                />
                <TextField
                    name="password"
                    label_key="activation.password"
                    input_type="password"
                    error=feedback.for_field("password")
                    autocomplete="new-password"
                    required=true
                    maxlength=128
                />
                <TextField
                    name="confirm"
                    label_key="activation.confirm"
                    input_type="password"
                    error=feedback.for_field("confirm")
                    autocomplete="new-password"
                    required=true
                    maxlength=128
                />
                <button type="submit" class="button primary">{t!("activation.submit")}</button>
            </ActionForm>
        </section>
    }
}
