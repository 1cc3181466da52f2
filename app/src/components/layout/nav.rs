//! The main navigation and the sign-out button.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::auth::Logout;
use crate::i18n::t;
use crate::model::permission::{NavItem, Viewer, nav_items};

/// The few tasks the person's roles do most, the rest folded into a menu that opens without
/// JavaScript (`<details>`), the current page marked, then their name and a sign-out button;
/// nothing for visitors.
#[component]
pub fn MainNav(viewer: Option<Viewer>) -> impl IntoView {
    let Some(viewer) = viewer else {
        return view! { <nav class="nav" aria-label=t!("nav.label")></nav> }.into_any();
    };
    let here = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let link = move |item: NavItem| {
        let current = item.href.split('?').next() == Some(here.as_str());
        view! {
            <li>
                <a href=item.href aria-current=current.then_some("page")>{t(item.label_key)}</a>
            </li>
        }
    };
    let (primary, more): (Vec<NavItem>, Vec<NavItem>) =
        nav_items(&viewer).into_iter().partition(|i| i.primary);
    let logout = ServerAction::<Logout>::new();
    view! {
        <nav class="nav" aria-label=t!("nav.label")>
            <ul class="nav-links" data-testid="nav-primary">
                {primary.into_iter().map(link.clone()).collect_view()}
            </ul>
            <details class="nav-more" data-testid="nav-more">
                <summary>{t!("nav.more")}</summary>
                <ul class="nav-menu">{more.into_iter().map(link).collect_view()}</ul>
            </details>
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
