//! Change your own password.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::auth::{ChangePassword, current_viewer};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::form::text_field::TextField;
use crate::components::layout::page_error::PageError;
use crate::error::AppError;
use crate::i18n::t;

/// Current password, new password twice. Other sessions end when it changes.
#[component]
pub fn PasswordPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved").map(|_| "password_changed".to_owned());
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                match current_viewer().await {
                    Ok(Some(_)) => {}
                    Ok(None) => return view! { <PageError error=AppError::NotSignedIn/> }.into_any(),
                    Err(error) => return view! { <PageError error/> }.into_any(),
                }
                let action = ServerAction::<ChangePassword>::new();
                view! {
                    <section class="card narrow">
                        <h1>{t!("password.title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.general()/>
                        <ActionForm action>
                            <TextField
                                name="current"
                                label_key="password.current"
                                input_type="password"
                                autocomplete="current-password"
                                required=true
                                error=feedback.for_field("current")
                            />
                            <TextField
                                name="new"
                                label_key="password.new"
                                input_type="password"
                                autocomplete="new-password"
                                required=true
                                hint_key="password.rule"
                                error=feedback.for_field("new")
                            />
                            <TextField
                                name="confirm"
                                label_key="password.confirm"
                                input_type="password"
                                autocomplete="new-password"
                                required=true
                                error=feedback.for_field("confirm")
                            />
                            <button type="submit" class="button primary">{t!("password.submit")}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
