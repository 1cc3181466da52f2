//! One volunteer: identity (masked, with a logged reveal), guardian consent, sign-in, hours
//! with their corrections, and certificates.

use crate::model::volunteer::VolunteerStatus;
use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::certificates::IssueCertificate;
use crate::api::checkin::IssueActivationCode;
use crate::api::volunteers::{
    CreateVolunteerAccount, RecordGuardianConsent, RevealIdentifier, SetVolunteerStatus,
    volunteer_page,
};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param, url_param};
use crate::components::form::select::StationSearch;
use crate::components::layout::page_error::PageError;
use crate::components::volunteer::record_forms::CorrectionForms;
use crate::components::volunteer::record_table::RecordTable;
use crate::i18n::t;
use crate::model::volunteer::format_hours;

/// The volunteer's page for coordinators and admins of their station.
#[component]
pub fn VolunteerPage() -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match volunteer_page(id, url_param("station_q").unwrap_or_default()).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let d = data.detail.clone();
                let back = format!("/volunteers/{id}");
                let revealed = |what: &str| data.revealed.iter().find(|(w, _)| w == what).map(|(_, v)| v.clone());
                let mobile_shown = revealed("mobile").unwrap_or_else(|| d.row.mobile_masked.clone());
                let id_shown = d.id_masked.clone().map(|(kind, masked)| (kind, revealed("id_number").unwrap_or(masked)));
                let reveal = ServerAction::<RevealIdentifier>::new();
                let consent = ServerAction::<RecordGuardianConsent>::new();
                let account = ServerAction::<CreateVolunteerAccount>::new();
                let activation = ServerAction::<IssueActivationCode>::new();
                let activation_code = data.activation_code.clone();
                let issue = ServerAction::<IssueCertificate>::new();
                let set_status = ServerAction::<SetVolunteerStatus>::new();
                let other_status = if d.row.status == VolunteerStatus::Active { VolunteerStatus::Inactive } else { VolunteerStatus::Active };
                let year_start = data.today.format("%Y-01-01").to_string();
                let kept = |k: &str| query_param(k).unwrap_or_default();
                view! {
                    <section class="card">
                        <h1>{d.row.name.clone()}<span class="badge">{d.row.number.clone()}</span></h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.error.clone()/>
                        <dl class="facts">
                            <dt>{t!("volunteer.mobile")}</dt><dd data-testid="mobile">{mobile_shown}</dd>
                            {id_shown.map(|(kind, v)| view! { <dt>{t(&format!("id_type.{kind}"))}</dt><dd data-testid="id-number">{v}</dd> })}
                            <dt>{t!("volunteer.birth_date")}</dt><dd>{d.birth_date.to_string()}</dd>
                            <dt>{t!("volunteer.gender")}</dt><dd>{t(&format!("gender.{}", d.gender))}</dd>
                            <dt>{t!("volunteer.station")}</dt><dd>{d.row.station.clone()}</dd>
                            <dt>{t!("volunteer.team")}</dt><dd>{d.row.team.clone()}</dd>
                            <dt>{t!("volunteer.skills")}</dt><dd>{d.skills.clone()}</dd>
                            <dt>{t!("volunteer.status")}</dt><dd data-testid="volunteer-status">{t(&d.row.status.label_key())}</dd>
                            <dt>{t!("volunteer.public_consent")}</dt><dd>{t(if d.public_consent { "common.yes" } else { "common.no" })}</dd>
                            <dt>{t!("roster.service_hours")}</dt><dd data-testid="total-service">{format_hours(d.row.service_minutes)}</dd>
                            <dt>{t!("roster.scan")}</dt><dd data-testid="total-scan">{format_hours(d.row.scan_minutes)}</dd>
                            <dt>{t!("roster.training_hours")}</dt><dd>{format_hours(d.row.training_minutes)}</dd>
                            <dt>{t!("roster.star")}</dt><dd>{"★".repeat(usize::from(d.row.star))}</dd>
                            <dt>{t!("volunteer.account")}</dt><dd>{d.account.clone().unwrap_or_else(|| t!("volunteer.no_account"))}</dd>
                        </dl>
                        <details class="revoke">
                            <summary>{t!("volunteer.set_status")}</summary>
                            <ActionForm action=set_status>
                                <input type="hidden" name="volunteer_id" value=id/>
                                <input type="hidden" name="status" value=other_status.as_str()/>
                                <label>{t!("volunteer.status_reason")}<input name="reason" required=true maxlength="200"/></label>
                                <button type="submit" class="button small">{t(&other_status.label_key())}</button>
                            </ActionForm>
                        </details>
                        <details class="revoke">
                            <summary>{t!("volunteer.reveal")}</summary>
                            <ActionForm action=reveal>
                                <input type="hidden" name="volunteer_id" value=id/>
                                <select name="what" aria-label=t!("volunteer.reveal")>
                                    <option value="mobile">{t!("volunteer.mobile")}</option>
                                    <option value="id_number">{t!("volunteer.id_number")}</option>
                                </select>
                                <label>{t!("volunteer.reveal_reason")}<input name="reason" required=true maxlength="200"/></label>
                                <p class="muted small">{t!("volunteer.reveal_hint")}</p>
                                <button type="submit" class="button small">{t!("volunteer.reveal")}</button>
                            </ActionForm>
                        </details>
                    </section>
                    {data.minor.then(|| view! {
                        <section class="card">
                            <h2>{t!("volunteer.guardian")}</h2>
                            {match d.guardian.clone() {
                                Some(g) => view! { <p data-testid="guardian">{format!("{}（{}）{}", g.name, g.relation, g.on)}</p> }.into_any(),
                                None => view! {
                                    <p class="alert alert-error">{t!("volunteer.guardian_missing")}</p>
                                    <ActionForm action=consent>
                                        <input type="hidden" name="volunteer_id" value=id/>
                                        <label>{t!("volunteer.guardian_name")}<input name="guardian_name" required=true maxlength="40" value=kept("guardian_name")/></label>
                                        <label>{t!("volunteer.guardian_relation")}<input name="guardian_relation" required=true maxlength="20" value=kept("guardian_relation")/></label>
                                        <label>{t!("volunteer.guardian_consent_on")}<input type="date" name="guardian_consent_on" required=true value=kept("guardian_consent_on")/></label>
                                        <button type="submit" class="button small">{t!("volunteer.record_consent")}</button>
                                    </ActionForm>
                                }.into_any(),
                            }}
                        </section>
                    })}
                    <section class="card">
                        <h2>{t!("volunteer.hours")}</h2>
                        <RecordTable records=data.records.clone() today=data.today/>
                        <CorrectionForms records=data.records.clone() back=back.clone()/>
                    </section>
                    <section class="card">
                        <h2>{t!("certificate.title")}</h2>
                        <ul class="list" data-testid="certificates">
                            {data.certificates.iter().map(|c| view! {
                                <li><a href=format!("/certificates/{}", c.id)>{c.number.clone()}</a>" "{format!("{}–{}", c.from_on, c.to_on)}" · "{c.station.clone()}</li>
                            }).collect_view()}
                        </ul>
                        <StationSearch choices=data.issuing_stations.clone()/>
                        {(!data.issuing_stations.stations.is_empty()).then(|| view! {
                            <ActionForm action=issue>
                                <input type="hidden" name="volunteer_id" value=id/>
                                <label>{t!("certificate.station")}
                                    <select name="station_id">
                                        {data.issuing_stations.stations.iter().map(|s| view! { <option value=s.id>{s.name.clone()}</option> }).collect_view()}
                                    </select>
                                </label>
                                <div class="two">
                                    <label>{t!("roster.from")}<input type="date" name="from_on" required=true value=query_param("from_on").unwrap_or(year_start.clone())/></label>
                                    <label>{t!("roster.to")}<input type="date" name="to_on" required=true value=query_param("to_on").unwrap_or(data.today.to_string())/></label>
                                </div>
                                <div class="two">
                                    <label>{t!("certificate.person_in_charge")}<input name="person_in_charge" required=true maxlength="40" value=kept("person_in_charge")/></label>
                                    <label>{t!("certificate.contact")}<input name="contact" required=true maxlength="40" value=kept("contact")/></label>
                                </div>
                                <label>{t!("certificate.notes")}<input name="notes" maxlength="300" value=kept("notes")/></label>
                                <label class="check"><input type="checkbox" name="show_id" value="on"/>{t!("certificate.show_id")}</label>
                                <label>{t!("certificate.show_id_reason")}<input name="show_id_reason" maxlength="200" value=kept("show_id_reason")/></label>
                                <button type="submit" class="button primary">{t!("certificate.issue")}</button>
                            </ActionForm>
                        })}
                    </section>
                    {d.account.is_none().then(|| view! {
                        <section class="card">
                            <h2>{t!("activation.title")}</h2>
                            <p class="muted small">{t!("activation.hint")}</p>
                            {activation_code.map(|code| view! {
                                <p class="activation-code" data-testid="activation-code">{code}</p>
                                <p class="small">{t!("activation.shown_once")}</p>
                            })}
                            <ActionForm action=activation>
                                <input type="hidden" name="volunteer_id" value=id/>
                                <button type="submit" class="button small">{t!("activation.issue")}</button>
                            </ActionForm>
                        </section>
                        <section class="card">
                            <h2>{t!("volunteer.create_account")}</h2>
                            <ActionForm action=account>
                                <input type="hidden" name="volunteer_id" value=id/>
                                <label>{t!("account.username")}<input name="username" required=true maxlength="32" autocomplete="off" value=kept("username")/></label>
                                <label>{t!("account.initial_password")}<input type="password" name="password" required=true autocomplete="new-password"/></label>
                                <button type="submit" class="button small">{t!("volunteer.create_account")}</button>
                            </ActionForm>
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
