//! Sign in with a username or mobile number.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::auth::{Login, current_viewer};
use crate::components::form::alert::ErrorAlert;
use crate::components::form::password_toggle::PasswordToggle;
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::form::text_field::TextField;
use crate::i18n::t;

/// The sign-in form. After a rejected attempt the username stays filled in.
#[component]
pub fn LoginPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let username = query_param("username");
    // Only a path on this site is ever followed after signing in.
    let next = query_param("next")
        .map(|n| crate::model::redirect::safe_target(Some(&n)))
        .filter(|n| n != "/")
        .unwrap_or_default();
    let signed_out = query_param("signed_out").is_some();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                if let Ok(Some(_)) = current_viewer().await {
                    let path = crate::model::redirect::safe_target(Some(&next));
                    return view! { <Redirect path/> }.into_any();
                }
                let login = ServerAction::<Login>::new();
                let activate_href = if next.is_empty() {
                    "/activate".to_owned()
                } else {
                    format!("/activate?next={}", crate::model::text::percent_encode(&next))
                };
                view! {
                    <section class="card narrow">
                        <h1>{t!("login.title")}</h1>
                        {signed_out
                            .then(|| view! { <p class="alert alert-ok" role="status">{t!("login.signed_out")}</p> })}
                        <ErrorAlert code=feedback.general()/>
                        <ActionForm action=login>
                            <input type="hidden" name="next" value=next/>
                            <TextField
                                name="username"
                                label_key="login.username"
                                hint_key="login.username_hint"
                                value=username
                                error=feedback.for_field("username")
                                autocomplete="username"
                                required=true
                                maxlength=64
                            />
                            <TextField
                                name="password"
                                label_key="login.password"
                                input_type="password"
                                error=feedback.for_field("password")
                                autocomplete="current-password"
                                required=true
                                maxlength=128
                            />
                            <PasswordToggle>{t!("login.show_password")}</PasswordToggle>
                            <button type="submit" class="button primary">{t!("login.submit")}</button>
                        </ActionForm>
                        <p class="small"><a href=activate_href data-testid="activate-link">{t!("login.activate_link")}</a></p>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
