//! "Records are still waiting": where the phone's service worker sends someone who signs out
//! with records in the outbox (`public/offline.js`). Without the service worker it is simply a
//! sign-out page.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::auth::Logout;
use crate::components::form::query::query_param;
use crate::i18n::{t, tf};

/// Largest count shown (the number comes from the address, so it is bounded before use).
const MAX_SHOWN: u32 = 9_999;

/// The warning, a way back to send them, and signing out anyway.
#[component]
pub fn SignOutPage() -> impl IntoView {
    let unsent = query_param("unsent")
        .and_then(|n| n.trim().parse::<u32>().ok())
        .map(|n| n.min(MAX_SHOWN))
        .unwrap_or(0);
    let logout = ServerAction::<Logout>::new();
    view! {
        <section class="card narrow" data-testid="sign-out">
            {if unsent > 0 {
                view! {
                    <h1>{t!("signout.unsent_title")}</h1>
                    <p class="alert alert-error" role="alert" data-testid="unsent-warning">
                        {tf!("signout.unsent_body", &[("n", &unsent.to_string())])}
                    </p>
                }
                .into_any()
            } else {
                view! { <h1>{t!("signout.title")}</h1> }.into_any()
            }}
            <p><a class="button primary" href="/">{t!("signout.back")}</a></p>
            <ActionForm action=logout>
                // The service worker lets a sign-out with this field through.
                <input type="hidden" name="confirm_unsent" value="1"/>
                <button type="submit" class="button">{t!("signout.anyway")}</button>
            </ActionForm>
        </section>
    }
}
