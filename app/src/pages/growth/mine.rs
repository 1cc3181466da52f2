//! A staff member's continuing education: qualification, progress in the 3-year registration
//! period (`43 / 72 学时`, days left, a bar), supervision hours beside it, and their trainings,
//! with a form to record one. Plain forms: everything works before any script arrives.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::education::{RecordTraining, SaveQualification, growth_page};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::form::text_field::TextField;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::education::{Qualification, TrainingForm, TrainingStatus, Warning};
use crate::model::volunteer::format_hours;

/// The page.
#[component]
pub fn GrowthPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match growth_page().await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let qualify = ServerAction::<SaveQualification>::new();
                let record = ServerAction::<RecordTraining>::new();
                let kept = |k: &str| query_param(k);
                let q = data.qualification.clone();
                let level_now = kept("level").or_else(|| q.as_ref().map(|q| q.level.as_str().to_owned())).unwrap_or_else(|| "none".into());
                let number_now = kept("certificate_no").or_else(|| q.as_ref().and_then(|q| q.certificate_no.clone()));
                let first_now = kept("first_registered").or_else(|| q.as_ref().and_then(|q| q.first_registered).map(|d| d.to_string()));
                let form_now = kept("form").unwrap_or_else(|| "in_person".into());
                let err_certificate_no = feedback.for_field("certificate_no");
                let err_first_registered = feedback.for_field("first_registered");
                let err_started_on = feedback.for_field("started_on");
                let err_ended_on = feedback.for_field("ended_on");
                let err_provider = feedback.for_field("provider");
                let err_topic = feedback.for_field("topic");
                let err_hours = feedback.for_field("hours");
                let err_evidence = feedback.for_field("evidence");
                let err_summary = feedback.for_field("summary");
                view! {
                    <section class="card">
                        <h1>{t!("growth.title")}</h1>
                        <p><a href="/growth/portfolio" data-testid="portfolio-link">{t!("growth.portfolio_link")}</a></p>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.general()/>
                        {match data.progress {
                            Some(p) => {
                                let width = format!("{:.1}", p.permille() as f64 / 10.0);
                                let label = tf!("growth.progress", &[("done", &format_hours(p.credited)), ("needed", &format_hours(p.required))]);
                                view! {
                                    <p class="big" data-testid="growth-progress">{label.clone()}</p>
                                    <svg class="bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" aria-label=label>
                                        <rect width="100" height="6" fill="#e5e9ee"/>
                                        <rect width=width height="6" fill="#2f7d4f" data-testid="growth-bar"/>
                                    </svg>
                                    <p class="small">{tf!("growth.period", &[("start", &p.period.start.to_string()), ("end", &(p.period.end - chrono::Duration::days(1)).to_string()), ("days", &p.days_left.to_string())])}</p>
                                    {match p.warning {
                                        Warning::ThreeMonths => Some(view! { <p class="alert alert-error" role="alert">{t!("growth.warn_three")}</p> }),
                                        Warning::SixMonths => Some(view! { <p class="alert alert-error" role="alert">{t!("growth.warn_six")}</p> }),
                                        Warning::None => None,
                                    }}
                                    <p class="small muted" data-testid="growth-supervision">{tf!("growth.supervision", &[("hours", &format_hours(data.supervision_minutes))])}</p>
                                }.into_any()
                            }
                            None => view! { <p class="muted">{t!("growth.no_period")}</p> }.into_any(),
                        }}
                    </section>
                    <section class="card">
                        <h2>{t!("growth.qualification")}</h2>
                        <ActionForm action=qualify>
                            <label for="level">{t!("growth.level")}</label>
                            <select id="level" name="level">
                                {Qualification::ALL.into_iter().map(|l| view! { <option value=l.as_str() selected=level_now == l.as_str()>{t(&l.label_key())}</option> }).collect_view()}
                            </select>
                            <TextField name="certificate_no" label_key="growth.certificate_no" value=number_now error=err_certificate_no maxlength=40/>
                            <TextField name="first_registered" label_key="growth.first_registered" input_type="date" value=first_now error=err_first_registered/>
                            <button type="submit" class="button">{t!("growth.save_qualification")}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t!("growth.record")}</h2>
                        <ActionForm action=record attr:data-testid="training-form">
                            <div class="two">
                                <TextField name="started_on" label_key="growth.started_on" input_type="date" value=kept("started_on") error=err_started_on required=true/>
                                <TextField name="ended_on" label_key="growth.ended_on" input_type="date" value=kept("ended_on") error=err_ended_on/>
                            </div>
                            <TextField name="provider" label_key="growth.provider" value=kept("provider") error=err_provider required=true maxlength=100/>
                            <TextField name="topic" label_key="growth.topic" value=kept("topic") error=err_topic required=true maxlength=100/>
                            <fieldset>
                                <legend>{t!("growth.form")}</legend>
                                {TrainingForm::ALL.into_iter().map(|f| view! {
                                    <label class="check"><input type="radio" name="form" value=f.as_str() checked=form_now == f.as_str()/>{t(&f.label_key())}</label>
                                }).collect_view()}
                            </fieldset>
                            <TextField name="hours" label_key="growth.hours" hint_key="growth.hours_hint" value=kept("hours") error=err_hours inputmode="decimal" required=true maxlength=7/>
                            <TextField name="evidence" label_key="growth.evidence" value=kept("evidence") error=err_evidence maxlength=200/>
                            <label>{t!("growth.summary")}<textarea name="summary" rows="4" maxlength="4000">{kept("summary").unwrap_or_default()}</textarea></label>
                            {err_summary.map(|code| view! { <p class="field-error">{crate::i18n::error_message(&code)}</p> })}
                            <button type="submit" class="button primary">{t!("growth.submit")}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t!("growth.trainings")}</h2>
                        <ul class="list" data-testid="trainings">
                            {data.trainings.into_iter().map(|tr| view! {
                                <li class:superseded=tr.superseded>
                                    <strong>{tr.topic.clone()}</strong>" · "{tr.provider.clone()}
                                    <div class="small">{tr.started_on.to_string()}" – "{tr.ended_on.to_string()}" · "{t(&tr.form.label_key())}" · "{format_hours(tr.minutes)}" h"
                                        {(tr.form == TrainingForm::Degree).then(|| view! { " "<span class="badge">{t!("growth.degree_counts")}</span> })}
                                    </div>
                                    <span class="status" data-testid="training-status">{t(&tr.status.label_key())}</span>
                                    {tr.rejected_reason.clone().filter(|_| tr.status == TrainingStatus::Rejected).map(|why| view! { <div class="small muted">{why}</div> })}
                                    {(!tr.evidence.is_empty()).then(|| view! { <div class="small muted">{t!("growth.evidence")}": "{tr.evidence.clone()}</div> })}
                                    <div class="markdown small" inner_html=tr.summary_html.clone()></div>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
