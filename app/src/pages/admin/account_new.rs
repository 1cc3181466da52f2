//! Create an account with its first role.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::admin::{CreateAccount, grantable_stations};
use crate::components::form::alert::ErrorAlert;
use crate::components::form::query::{FormFeedback, query_param, url_param};
use crate::components::form::select::{RoleSelect, StationSearch, StationSelect};
use crate::components::form::text_field::TextField;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;

/// The new-account form; a rejected post comes back with everything but the password kept.
#[component]
pub fn NewAccountPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let stations = match grantable_stations(url_param("station_q").unwrap_or_default()).await {
                    Ok(s) => s,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let action = ServerAction::<CreateAccount>::new();
                view! {
                    <section class="card narrow">
                        <h1>{t!("accounts.new")}</h1>
                        <StationSearch choices=stations.clone()/>
                        <ErrorAlert code=feedback.general()/>
                        <ActionForm action>
                            <TextField
                                name="username"
                                label_key="accounts.username"
                                hint_key="accounts.username_hint"
                                value=query_param("username")
                                error=feedback.for_field("username")
                                required=true
                                maxlength=32
                            />
                            <TextField
                                name="display_name"
                                label_key="accounts.display_name"
                                value=query_param("display_name")
                                error=feedback.for_field("display_name")
                                required=true
                                maxlength=40
                            />
                            <TextField
                                name="mobile"
                                label_key="accounts.mobile"
                                input_type="tel"
                                inputmode="numeric"
                                value=query_param("mobile")
                                error=feedback.for_field("mobile")
                                maxlength=13
                            />
                            <TextField
                                name="password"
                                label_key="accounts.initial_password"
                                input_type="password"
                                autocomplete="new-password"
                                hint_key="password.rule"
                                error=feedback.for_field("password")
                                required=true
                            />
                            <RoleSelect selected=query_param("role") error=feedback.for_field("role")/>
                            <StationSelect
                                stations
                                selected=query_param("station_id")
                                error=feedback.for_field("station_id")
                            />
                            <button type="submit" class="button primary">{t!("accounts.create")}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
