//! Select boxes for a role and a station.

use leptos::prelude::*;

use crate::i18n::{error_message, t};
use crate::model::account::Role;
use crate::model::station::Station;

/// Chooses one of the four roles.
#[component]
pub fn RoleSelect(selected: Option<String>, error: Option<String>) -> impl IntoView {
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for="role">{t!("accounts.role")}</label>
            <select id="role" name="role" required=true aria-invalid=invalid.then_some("true")>
                <option value="">{t!("form.choose")}</option>
                {Role::ALL
                    .into_iter()
                    .map(|role| {
                        let is_selected = selected.as_deref() == Some(role.as_str());
                        view! { <option value=role.as_str() selected=is_selected>{t(role.label_key())}</option> }
                    })
                    .collect_view()}
            </select>
            {error.map(|code| view! { <p class="field-error">{error_message(&code)}</p> })}
        </div>
    }
}

/// Chooses one of `stations`.
#[component]
pub fn StationSelect(
    stations: Vec<Station>,
    selected: Option<String>,
    error: Option<String>,
) -> impl IntoView {
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for="station_id">{t!("accounts.station")}</label>
            <select
                id="station_id"
                name="station_id"
                required=true
                aria-invalid=invalid.then_some("true")
            >
                <option value="">{t!("form.choose")}</option>
                {stations
                    .into_iter()
                    .map(|s| {
                        let value = s.id.to_string();
                        let is_selected = selected.as_deref() == Some(value.as_str());
                        view! { <option value=value selected=is_selected>{s.name}</option> }
                    })
                    .collect_view()}
            </select>
            {error.map(|code| view! { <p class="field-error">{error_message(&code)}</p> })}
        </div>
    }
}
