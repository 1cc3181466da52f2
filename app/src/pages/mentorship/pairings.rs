//! Pair trainees with mentors; see mentor load; end pairings.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::mentorship::{CreatePairing, EndPairing, pairings_page};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::{error_message, t};
use crate::model::mentorship::PairingStatus;

/// The pairing form (with mentor load) and every pairing at the coordinator's stations.
#[component]
pub fn PairingsPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match pairings_page().await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let create = ServerAction::<CreatePairing>::new();
                let kept = |k: &str| query_param(k).unwrap_or_default();
                let trainee_sel = kept("trainee_id");
                let mentor_sel = kept("mentor_id");
                let over_limit = feedback.for_field("mentor_id").as_deref() == Some("mentor_over_limit");
                let mentor_error = feedback.for_field("mentor_id");
                let mentor_invalid = mentor_error.is_some();
                let limit = data.load_limit;
                view! {
                    <section class="card">
                        <h1>{t!("pairings.title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.general()/>
                        <ActionForm action=create>
                            <div class="field">
                                <label for="trainee_id">{t!("role.trainee")}</label>
                                <select id="trainee_id" name="trainee_id" required=true>
                                    <option value="">{t!("form.choose")}</option>
                                    {data.trainees.iter().map(|(id, name, station)| {
                                        let v = id.to_string();
                                        let sel = v == trainee_sel;
                                        view! { <option value=v selected=sel>{format!("{name} · {station}")}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field" class:field-invalid=mentor_invalid>
                                <label for="mentor_id">{t!("role.mentor")}</label>
                                <select id="mentor_id" name="mentor_id" required=true>
                                    <option value="">{t!("form.choose")}</option>
                                    {data.mentors.iter().map(|(id, name, load)| {
                                        let v = id.to_string();
                                        let sel = v == mentor_sel;
                                        let warn = if *load >= limit { " ⚠" } else { "" };
                                        view! { <option value=v selected=sel>{format!("{name}（{load}/{limit}）{warn}")}</option> }
                                    }).collect_view()}
                                </select>
                                {mentor_error.map(|c| view! { <p class="field-error" id="mentor_id-error">{error_message(&c)}</p> })}
                            </div>
                            {over_limit.then(|| view! {
                                <label class="check field" for="over_limit_ok">
                                    <input type="checkbox" id="over_limit_ok" name="over_limit_ok" value="on"/>
                                    {t!("pairings.over_limit_ok")}
                                </label>
                            })}
                            <label class="check field" for="is_primary">
                                <input type="checkbox" id="is_primary" name="is_primary" value="on" checked=query_param("is_primary").is_some() || feedback.error.is_none()/>
                                {t!("pairings.primary")}
                            </label>
                            <div class="two">
                                <div class="field">
                                    <label for="starts_on">{t!("pairings.starts_on")}</label>
                                    <input id="starts_on" name="starts_on" type="date" required=true value=query_param("starts_on").unwrap_or_else(|| data.today.to_string())/>
                                </div>
                                <div class="field">
                                    <label for="planned_end_on">{t!("pairings.planned_end_on")}</label>
                                    <input id="planned_end_on" name="planned_end_on" type="date" value=kept("planned_end_on")/>
                                </div>
                            </div>
                            <div class="field">
                                <label for="agreement">{t!("pairings.agreement")}</label>
                                <textarea id="agreement" name="agreement" maxlength="5000">{kept("agreement")}</textarea>
                            </div>
                            <button type="submit" class="button primary">{t!("pairings.create")}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t!("pairings.list")}</h2>
                        <ul class="list" data-testid="pairings">
                            {data.pairings.into_iter().map(|p| {
                                let end = ServerAction::<EndPairing>::new();
                                let active = p.status == PairingStatus::Active;
                                let reason_id = format!("reason-{}", p.id);
                                let reason_for = reason_id.clone();
                                view! {
                                    <li>
                                        <div class="row-between">
                                            <span><strong>{p.trainee.clone()}</strong>" ← "{p.mentor.clone()}
                                                {(!p.is_primary).then(|| view! { <span class="badge">{t!("pairings.secondary")}</span> })}
                                            </span>
                                            <span class="status">{t(&p.status.label_key())}</span>
                                        </div>
                                        <div class="muted small">{p.station.clone()}" · "{p.starts_on.to_string()}</div>
                                        {active.then(|| view! {
                                            <details class="revoke">
                                                <summary>{t!("pairings.end")}</summary>
                                                <ActionForm action=end>
                                                    <input type="hidden" name="pairing_id" value=p.id/>
                                                    <select name="status" aria-label=t!("pairings.end")>
                                                        <option value="completed">{t!("pairing.completed")}</option>
                                                        <option value="ended_early">{t!("pairing.ended_early")}</option>
                                                    </select>
                                                    <label for=reason_for>{t!("pairings.end_reason")}</label>
                                                    <input id=reason_id name="reason" maxlength="500"/>
                                                    <button type="submit" class="button small">{t!("pairings.end_submit")}</button>
                                                </ActionForm>
                                            </details>
                                        })}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
