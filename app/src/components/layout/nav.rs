//! The main navigation and the sign-out button.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::auth::Logout;
use crate::i18n::t;
use crate::model::permission::{Viewer, nav_items};

/// Links the person's roles allow, their name and a sign-out button; nothing for visitors.
#[component]
pub fn MainNav(viewer: Option<Viewer>) -> impl IntoView {
    let Some(viewer) = viewer else {
        return view! { <nav class="nav" aria-label=t!("nav.label")></nav> }.into_any();
    };
    let items = nav_items(&viewer);
    let logout = ServerAction::<Logout>::new();
    view! {
        <nav class="nav" aria-label=t!("nav.label")>
            <ul class="nav-links">
                {items
                    .into_iter()
                    .map(|item| view! { <li><a href=item.href>{t(item.label_key)}</a></li> })
                    .collect_view()}
            </ul>
            <div class="nav-user">
                <span class="who" data-testid="who">{viewer.display_name.clone()}</span>
                <ActionForm action=logout attr:class="inline">
                    <button type="submit" class="link-button">{t!("nav.sign_out")}</button>
                </ActionForm>
            </div>
        </nav>
    }
    .into_any()
}
