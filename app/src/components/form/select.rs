//! Select boxes for a role and a station.

use leptos::prelude::*;

use crate::i18n::{error_message, t};
use crate::model::account::Role;
use crate::model::station::StationChoices;

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

/// Chooses one of the offered stations (at most a page of them; [`StationSearch`] narrows a
/// longer list).
#[component]
pub fn StationSelect(
    stations: StationChoices,
    selected: Option<String>,
    error: Option<String>,
) -> impl IntoView {
    let more = stations.more;
    let stations = stations.stations;
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
            {more.then(|| view! { <p class="hint">{t!("station_picker.more")}</p> })}
            {error.map(|code| view! { <p class="field-error">{error_message(&code)}</p> })}
        </div>
    }
}

/// When the stations a person may choose are too many to list (a city or a province), a small
/// search form (GET, to the current page) that narrows every station picker on the page to the
/// names containing the text; nothing without JavaScript is lost, the page simply reloads.
#[component]
pub fn StationSearch(choices: StationChoices) -> impl IntoView {
    choices.needs_search().then(|| {
        view! {
            <form method="get" class="station-search" role="search">
                <label>
                    {t!("station_picker.search")}
                    <input type="search" name="station_q" value=choices.search.clone() maxlength="30"/>
                </label>
                <button type="submit" class="button small">{t!("station_picker.find")}</button>
            </form>
        }
    })
}

/// The station-name field of a GET filter form, shown when the person's stations are too many
/// for the filter's select alone.
#[component]
pub fn StationSearchField(choices: StationChoices) -> impl IntoView {
    choices.needs_search().then(|| {
        view! {
            <label>
                {t!("station_picker.search")}
                <input type="search" name="station_q" value=choices.search.clone() maxlength="30"/>
            </label>
        }
    })
}
