//! Trainings waiting at the stations an admin administers: confirm, or return with a reason.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::education::{
    DecideTraining, RecordStationTraining, training_attendees, trainings_waiting,
};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::form::text_field::TextField;
use crate::components::layout::page_error::PageError;
use crate::i18n::{error_message, t};
use crate::model::education::TrainingForm;
use crate::model::volunteer::format_hours;

/// The review page.
#[component]
pub fn TrainingReviewPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let waiting = match trainings_waiting().await {
                    Ok(w) => w,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let attendees = training_attendees().await.unwrap_or_default();
                // An error shown beside its field is not repeated at the top.
                let beside = ["started_on", "ended_on", "provider", "topic", "hours", "evidence", "attendee"];
                let top_error = feedback
                    .error
                    .clone()
                    .filter(|_| !feedback.field.as_deref().is_some_and(|f| beside.contains(&f)));
                let decide = ServerAction::<DecideTraining>::new();
                let course = ServerAction::<RecordStationTraining>::new();
                let kept = |k: &str| query_param(k);
                let form_now = kept("form").unwrap_or_else(|| "in_person".into());
                let fb = feedback.clone();
                let err = move |k: &str| fb.for_field(k);
                let ticked: Vec<String> = query_param("attendee_kept")
                    .map(|s| s.split(',').map(str::to_owned).collect())
                    .unwrap_or_default();
                view! {
                    <section class="card">
                        <h1>{t!("growth.review_title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=top_error/>
                        {waiting.is_empty().then(|| view! { <p class="muted">{t!("growth.nothing_waiting")}</p> })}
                        <ul class="list" data-testid="trainings-waiting">
                            {waiting.into_iter().map(|tr| view! {
                                <li>
                                    <strong>{tr.worker.clone()}</strong>" · "{tr.station.clone()}
                                    <div>{tr.topic.clone()}" · "{tr.provider.clone()}</div>
                                    <div class="small">{tr.started_on.to_string()}" – "{tr.ended_on.to_string()}" · "{t(&tr.form.label_key())}" · "{format_hours(tr.minutes)}" h"</div>
                                    {(!tr.evidence.is_empty()).then(|| view! { <div class="small muted">{t!("growth.evidence")}": "{tr.evidence.clone()}</div> })}
                                    <div class="markdown small" inner_html=tr.summary_html.clone()></div>
                                    <ActionForm action=decide>
                                        <input type="hidden" name="id" value=tr.id/>
                                        <input type="hidden" name="reason" value=""/>
                                        <button type="submit" class="button primary small">{t!("growth.confirm")}</button>
                                    </ActionForm>
                                    <details>
                                        <summary>{t!("growth.return")}</summary>
                                        <ActionForm action=decide>
                                            <input type="hidden" name="id" value=tr.id/>
                                            <label>{t!("growth.return_reason")}<input name="reason" required=true maxlength="200"/></label>
                                            <button type="submit" class="button small">{t!("growth.return")}</button>
                                        </ActionForm>
                                    </details>
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="card">
                        <h2>{t!("growth.station_training")}</h2>
                        <p class="small muted">{t!("growth.station_training_hint")}</p>
                        <ActionForm action=course attr:data-testid="station-training-form">
                            <div class="two">
                                <TextField name="started_on" label_key="growth.started_on" input_type="date" value=kept("started_on") error=err("started_on") required=true/>
                                <TextField name="ended_on" label_key="growth.ended_on" input_type="date" value=kept("ended_on") error=err("ended_on")/>
                            </div>
                            <TextField name="provider" label_key="growth.provider" value=kept("provider") error=err("provider") required=true maxlength=100/>
                            <TextField name="topic" label_key="growth.topic" value=kept("topic") error=err("topic") required=true maxlength=100/>
                            <fieldset>
                                <legend>{t!("growth.form")}</legend>
                                {TrainingForm::ALL.into_iter().map(|f| view! {
                                    <label class="check"><input type="radio" name="form" value=f.as_str() checked=form_now == f.as_str()/>{t(&f.label_key())}</label>
                                }).collect_view()}
                            </fieldset>
                            <TextField name="hours" label_key="growth.hours" hint_key="growth.hours_hint" value=kept("hours") error=err("hours") inputmode="decimal" required=true maxlength=7/>
                            <TextField name="evidence" label_key="growth.evidence" value=kept("evidence") error=err("evidence") maxlength=200/>
                            <label>{t!("growth.summary")}<textarea name="summary" rows="3" maxlength="4000">{kept("summary").unwrap_or_default()}</textarea></label>
                            <fieldset data-testid="attendees">
                                <legend>{t!("growth.attendees")}</legend>
                                <input type="hidden" name="attendee[0]" value=""/>
                                {err("attendee").map(|code| view! { <p class="field-error">{error_message(&code)}</p> })}
                                {attendees.into_iter().map(|a| {
                                    let name = format!("attendee[{}]", a.user_id);
                                    let on = ticked.contains(&a.user_id.to_string());
                                    view! {
                                        <label class="check"><input type="checkbox" name=name checked=on/>{a.name.clone()}" · "<span class="small muted">{a.station.clone()}</span></label>
                                    }
                                }).collect_view()}
                            </fieldset>
                            <button type="submit" class="button primary">{t!("growth.record_station_training")}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
