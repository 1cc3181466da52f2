//! What a page shows when its server function refuses or fails.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

use crate::components::form::query::current_path;
use crate::error::AppError;
use crate::i18n::{error_message, t};
use crate::model::text::percent_encode;

/// Sends visitors to sign in; otherwise a translated message with the right HTTP status.
#[component]
pub fn PageError(error: AppError) -> impl IntoView {
    if error == AppError::NotSignedIn {
        let next = current_path(&use_location());
        let path = format!("/login?next={}", percent_encode(&next));
        return view! { <Redirect path/> }.into_any();
    }
    #[cfg(feature = "ssr")]
    {
        let status = error.status();
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(status);
        }
    }
    let title = match error {
        AppError::Forbidden => t!("page.forbidden_title"),
        AppError::NotFound => t!("page.not_found_title"),
        _ => t!("page.error_title"),
    };
    view! {
        <section class="card" role="alert" data-testid="page-error">
            <h1>{title}</h1>
            <p>{error_message(&error.code())}</p>
            <p><a href="/">{t!("nav.back_home")}</a></p>
        </section>
    }
    .into_any()
}
