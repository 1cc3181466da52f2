//! Register a volunteer: the form keeps what was typed when the server refuses it.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::volunteers::{RegisterVolunteer, volunteer_form_page};
use crate::components::form::alert::ErrorAlert;
use crate::components::form::query::{FormFeedback, query_param, url_param};
use crate::components::form::select::StationSearch;
use crate::components::form::text_field::TextField;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;
use crate::model::volunteer::GENDERS;

/// The registration form.
#[component]
pub fn VolunteerNewPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let stations = match volunteer_form_page(url_param("station_q").unwrap_or_default()).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let action = ServerAction::<RegisterVolunteer>::new();
                let kept = |k: &str| query_param(k);
                let fb = feedback.clone();
                let err = move |k: &str| fb.for_field(k);
                let station_sel = kept("station_id").unwrap_or_default();
                let gender_sel = kept("gender").unwrap_or_default();
                let id_type_sel = kept("id_type").unwrap_or_default();
                view! {
                    <section class="card">
                        <h1>{t!("volunteer.new_title")}</h1>
                        <StationSearch choices=stations.clone()/>
                        <ErrorAlert code=feedback.general()/>
                        <ActionForm action=action>
                            <TextField name="name" label_key="volunteer.name" value=kept("name") error=err("name") required=true maxlength=40/>
                            <TextField name="mobile" label_key="volunteer.mobile" value=kept("mobile") error=err("mobile") required=true input_type="tel" inputmode="numeric"/>
                            <div class="two">
                                <div class="field">
                                    <label for="id_type">{t!("volunteer.id_type")}</label>
                                    <select id="id_type" name="id_type">
                                        <option value="">{t!("volunteer.no_id")}</option>
                                        <option value="resident_id" selected=id_type_sel == "resident_id">{t!("id_type.resident_id")}</option>
                                        <option value="other" selected=id_type_sel == "other">{t!("id_type.other")}</option>
                                    </select>
                                </div>
                                <TextField name="id_number" label_key="volunteer.id_number" error=err("id_number") maxlength=20/>
                            </div>
                            <div class="two">
                                <TextField name="birth_date" label_key="volunteer.birth_date" value=kept("birth_date") error=err("birth_date") input_type="date" required=true/>
                                <div class="field">
                                    <label for="gender">{t!("volunteer.gender")}</label>
                                    <select id="gender" name="gender" required=true>
                                        {GENDERS.into_iter().map(|g| view! { <option value=g selected=gender_sel == g>{t(&format!("gender.{g}"))}</option> }).collect_view()}
                                    </select>
                                </div>
                            </div>
                            <div class="field">
                                <label for="station_id">{t!("volunteer.station")}</label>
                                <select id="station_id" name="station_id" required=true>
                                    {stations.stations.iter().map(|s| view! { <option value=s.id selected=station_sel == s.id.to_string()>{s.name.clone()}</option> }).collect_view()}
                                </select>
                                {stations.more.then(|| view! { <p class="hint">{t!("station_picker.more")}</p> })}
                            </div>
                            <div class="two">
                                <TextField name="team" label_key="volunteer.team" value=kept("team") maxlength=40/>
                                <TextField name="skills" label_key="volunteer.skills" value=kept("skills") maxlength=200/>
                            </div>
                            <label class="check"><input type="checkbox" name="public_consent" value="on"/>{t!("volunteer.public_consent")}</label>
                            <fieldset>
                                <legend>{t!("volunteer.guardian")}</legend>
                                <p class="muted small">{t!("volunteer.guardian_hint")}</p>
                                <TextField name="guardian_name" label_key="volunteer.guardian_name" value=kept("guardian_name") error=err("guardian_name") maxlength=40/>
                                <div class="two">
                                    <TextField name="guardian_relation" label_key="volunteer.guardian_relation" value=kept("guardian_relation") error=err("guardian_relation") maxlength=20/>
                                    <TextField name="guardian_consent_on" label_key="volunteer.guardian_consent_on" value=kept("guardian_consent_on") error=err("guardian_consent_on") input_type="date"/>
                                </div>
                            </fieldset>
                            <button type="submit" class="button primary">{t!("volunteer.register")}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
