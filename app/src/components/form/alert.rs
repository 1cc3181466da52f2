//! Messages at the top of a form.

use leptos::prelude::*;

use crate::i18n::{error_message, t};

/// A translated error for `code`, announced to screen readers; nothing when `None`.
#[component]
pub fn ErrorAlert(code: Option<String>) -> impl IntoView {
    code.map(|code| {
        view! { <p class="alert alert-error" role="alert" data-testid="form-error">{error_message(&code)}</p> }
    })
}

/// A translated confirmation (`saved.<code>`); nothing when `None`.
#[component]
pub fn SavedAlert(code: Option<String>) -> impl IntoView {
    code.map(|code| {
        view! { <p class="alert alert-ok" role="status" data-testid="form-saved">{t(&format!("saved.{code}"))}</p> }
    })
}
