//! Any path that is not a page.

use leptos::prelude::*;

use crate::components::layout::page_error::PageError;
use crate::error::AppError;

/// 404 with a way home.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main id="main" class="content">
            <PageError error=AppError::NotFound/>
        </main>
    }
}
