//! Header, navigation, content and footer.

use leptos::prelude::*;
use leptos_router::components::Outlet;

use super::language_switch::LanguageSwitch;
use super::nav::MainNav;
use crate::api::auth::current_viewer;
use crate::i18n::t;

/// The frame every page sits in; the navigation shows what the signed-in person's roles allow.
#[component]
pub fn PageFrame() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">{t!("nav.skip")}</a>
        <header class="topbar">
            <a href="/" class="brand">{t!("app.name")}</a>
            <Suspense fallback=|| ()>
                {Suspend::new(async move {
                    let viewer = current_viewer().await.ok().flatten();
                    view! { <MainNav viewer/> }
                })}
            </Suspense>
        </header>
        <main id="main" class="content">
            <Outlet/>
        </main>
        <footer class="footer">
            <LanguageSwitch/>
            <p class="muted">{t!("app.footer")}</p>
        </footer>
    }
}
