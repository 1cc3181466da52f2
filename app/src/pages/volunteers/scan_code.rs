//! Check in by typing the 6-digit code shown on the check-in screen (for a phone that cannot
//! scan).

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::checkin::ScanCode;
use crate::components::form::alert::ErrorAlert;
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::form::text_field::TextField;
use crate::i18n::t;

/// The code form.
#[component]
pub fn ScanCodePage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let code = query_param("code");
    let action = ServerAction::<ScanCode>::new();
    view! {
        <section class="card narrow">
            <h1>{t!("checkin.code_title")}</h1>
            <p class="muted small">{t!("checkin.code_hint")}</p>
            <ErrorAlert code=feedback.general()/>
            <ActionForm action=action>
                <TextField
                    name="code"
                    label_key="checkin.code_label"
                    value=code
                    error=feedback.for_field("code")
                    inputmode="numeric"
                    autocomplete="one-time-code"
                    required=true
                    maxlength=6
                />
                <button type="submit" class="button primary">{t!("checkin.code_submit")}</button>
            </ActionForm>
        </section>
    }
}
