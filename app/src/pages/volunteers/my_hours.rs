//! A volunteer's own page: totals, every record with its status (and the age of waiting
//! corrections), a form to report hours, correction requests and certificates.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::activities::SelfReport;
use crate::api::volunteers::my_hours_page;
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::layout::page_error::PageError;
use crate::components::volunteer::record_forms::CorrectionForms;
use crate::components::volunteer::record_table::RecordTable;
use crate::i18n::t;
use crate::model::volunteer::{format_clock, format_hours};

/// The volunteer's own hours.
#[component]
pub fn MyHoursPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match my_hours_page().await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let report = ServerAction::<SelfReport>::new();
                let d = data.detail.clone();
                let kept = |k: &str| query_param(k).unwrap_or_default();
                let activity_sel = kept("activity_id");
                view! {
                    <section class="card">
                        <h1>{t!("my_hours.title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.error.clone()/>
                        <dl class="facts">
                            <dt>{t!("roster.number")}</dt><dd>{d.row.number.clone()}</dd>
                            <dt>{t!("roster.service_hours")}</dt><dd data-testid="my-service">{format_hours(d.row.service_minutes)}</dd>
                            <dt>{t!("roster.scan")}</dt><dd data-testid="my-scan">{format_hours(d.row.scan_minutes)}</dd>
                            <dt>{t!("roster.training_hours")}</dt><dd>{format_hours(d.row.training_minutes)}</dd>
                            <dt>{t!("roster.star")}</dt><dd>{"★".repeat(usize::from(d.row.star))}</dd>
                        </dl>
                        <p><a class="button" href="/checkin">{t!("checkin.enter_code")}</a></p>
                    </section>
                    <section class="card">
                        <h2>{t!("my_hours.report")}</h2>
                        <ActionForm action=report>
                            <label>{t!("hours.activity")}
                                <select name="activity_id" required=true>
                                    <option value="">{t!("form.choose")}</option>
                                    {data.activities.iter().map(|a| {
                                        let v = a.id.to_string();
                                        let sel = v == activity_sel;
                                        view! { <option value=v selected=sel>{format!("{} {} {}–{}", a.held_on, a.name, format_clock(a.start_min), format_clock(a.end_min))}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                            <div class="two">
                                <label>{t!("hours.start")}<input type="time" name="start" required=true value=kept("start")/></label>
                                <label>{t!("hours.end")}<input type="time" name="end" required=true value=kept("end")/></label>
                            </div>
                            <label>{t!("hours.late_reason")}<input name="late_reason" maxlength="200" value=kept("late_reason")/></label>
                            <button type="submit" class="button primary">{t!("my_hours.submit")}</button>
                        </ActionForm>
                    </section>
                    <section class="card">
                        <h2>{t!("volunteer.hours")}</h2>
                        <RecordTable records=data.records.clone() today=data.today/>
                        <CorrectionForms records=data.records.clone() back="/my-hours".to_owned()/>
                    </section>
                    <section class="card">
                        <h2>{t!("certificate.title")}</h2>
                        <ul class="list">
                            {data.certificates.iter().map(|c| view! {
                                <li><a href=format!("/certificates/{}", c.id)>{c.number.clone()}</a>" "{format!("{}–{}", c.from_on, c.to_on)}</li>
                            }).collect_view()}
                        </ul>
                        <p class="muted small">{t!("my_hours.certificate_hint")}</p>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
