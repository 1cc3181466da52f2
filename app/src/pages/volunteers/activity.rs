//! One activity: record attendance for many volunteers at once (or one by number), then
//! confirm, reject or correct what was recorded.

use crate::model::volunteer::RecordStatus;
use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::model::confirmation::ConfirmOutcome;

use crate::api::activities::{RecordAttendance, RecordOne, activity_page};
use crate::api::hours::ConfirmHours;
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::outbox::Outbox;
use crate::components::form::query::{FormFeedback, path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::components::volunteer::record_forms::{CorrectionForms, RejectForms};
use crate::components::volunteer::record_table::RecordTable;
use crate::i18n::{t, tf};
use crate::model::volunteer::{format_clock, format_hours};

/// The activity's page.
#[component]
pub fn ActivityPage() -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    let who = query_param("who").unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match activity_page(id).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let a = data.activity.clone();
                let back = format!("/activities/{id}");
                let attendance = ServerAction::<RecordAttendance>::new();
                let one = ServerAction::<RecordOne>::new();
                let confirm = ServerAction::<ConfirmHours>::new();
                let kept = |k: &str| query_param(k);
                let late = (data.today - a.held_on).num_days() > data.rules.late_days;
                let bad_row = feedback.field.clone().and_then(|f| f.strip_prefix("volunteer-").map(str::to_owned));
                let retry = feedback.error.is_some();
                let start_default = format_clock(a.start_min);
                let end_default = format_clock(a.end_min);
                let error_name = bad_row.as_ref().and_then(|vid| data.candidates.iter().find(|c| c.id.to_string() == *vid).map(|c| c.name.clone()));
                let waiting = data.records.iter().any(|r| r.status == RecordStatus::Submitted);
                let (start_one, end_one) = (start_default.clone(), end_default.clone());
                let (records_a, records_b, records_c, records_d) = (data.records.clone(), data.records.clone(), data.records.clone(), data.records.clone());
                let (back_a, back_b, back_c) = (back.clone(), back.clone(), back.clone());
                let can_record = data.can_record;
                let today = data.today;
                // The checklist can be narrowed by name (a station has 80+ volunteers).
                let needle = who.trim().to_lowercase();
                let total = data.candidates.len();
                let shown: Vec<_> = data
                    .candidates
                    .iter()
                    .filter(|c| needle.is_empty() || c.name.to_lowercase().contains(&needle))
                    .cloned()
                    .collect();
                let shown_all = shown.len() == total;
                view! {
                    <section class="card">
                        <h1>{a.name.clone()}</h1>
                        <SavedAlert code=saved/>
                        {ConfirmOutcome::from_query(query_param).map(|o| view! { <p class="small" data-testid="confirm-outcome">{tf!("hours.confirm_outcome", &[("confirmed", &o.confirmed.to_string()), ("awaiting", &o.awaiting_second.to_string()), ("skipped", &o.skipped.to_string())])}</p> })}
                        <ErrorAlert code=feedback.error.clone()/>
                        {error_name.map(|n| view! { <p class="alert alert-error">{n}</p> })}
                        <p class="muted">{a.project.clone()}" · "{a.station.clone()}" · "{t(&a.kind.label_key())}</p>
                        <p>{a.held_on.to_string()}" "{format_clock(a.start_min)}"–"{format_clock(a.end_min)}" · "{a.township.clone()}" "{a.village.clone()}</p>
                        <p>{a.content.clone()}</p>
                        <p class="muted small">{tf!("activity.capacity_n", &[("n", &a.capacity.to_string())])}</p>
                        {can_record.then(|| view! {
                            <p><a class="button" href=format!("/activities/{id}/checkin") data-testid="checkin-screen-link">{t!("checkin.open_screen")}</a></p>
                        })}
                    </section>
                    {(data.can_record && !data.candidates.is_empty()).then(|| view! {
                        <section class="card">
                            <h2>{t!("activity.attendance")}</h2>
                            <p class="muted small">{t!("activity.attendance_hint")}</p>
                            <form method="get" action=format!("/activities/{id}") class="inline-search" role="search">
                                <label for="att-who">{t!("activity.find_volunteer")}</label>
                                <input id="att-who" type="search" name="who" value=who.clone() maxlength="50"/>
                                <button type="submit" class="button small">{t!("roster.apply")}</button>
                            </form>
                            {(!shown_all).then(|| view! {
                                <p class="small" data-testid="attendance-shown">
                                    {tf!("activity.shown_of", &[("shown", &shown.len().to_string()), ("total", &total.to_string())])}
                                    " "<a href=format!("/activities/{id}")>{t!("activity.show_all")}</a>
                                </p>
                            })}
                            <ActionForm action=attendance attr:data-testid="attendance" attr:data-offline="attendance">
                                <input type="hidden" name="activity_id" value=id/>
                                <input type="hidden" name="client_id" value=""/>
                                <input type="hidden" name="att[0][start]" value=""/>
                                <ul class="list">
                                    {shown.iter().map(|c| {
                                        let k = c.id.to_string();
                                        let checked = retry && kept(&format!("pick-{k}")).is_some();
                                        let start = kept(&format!("start-{k}")).unwrap_or(start_default.clone());
                                        let end = kept(&format!("end-{k}")).unwrap_or(end_default.clone());
                                        let invalid = bad_row.as_deref() == Some(k.as_str());
                                        let disabled = c.needs_consent || c.recorded;
                                        view! {
                                            <li class="att" class:field-invalid=invalid>
                                                <label class="check">
                                                    <input type="checkbox" name=format!("att[{k}][pick]") value="on" checked=checked disabled=disabled/>
                                                    {c.name.clone()}
                                                    {c.needs_consent.then(|| view! { <span class="badge">{t!("activity.needs_consent")}</span> })}
                                                    {c.recorded.then(|| view! { <span class="badge">{t!("activity.recorded")}</span> })}
                                                </label>
                                                <input type="time" name=format!("att[{k}][start]") value=start aria-label=format!("{} {}", c.name, t!("hours.start"))/>
                                                <input type="time" name=format!("att[{k}][end]") value=end aria-label=format!("{} {}", c.name, t!("hours.end"))/>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                                {late.then(|| view! { <label>{t!("hours.late_reason")}<input name="late_reason" required=true maxlength="200" value=kept("late_reason")/></label> })}
                                {(!late).then(|| view! { <input type="hidden" name="late_reason" value=""/> })}
                                <label>{t!("hours.over_cap_reason")}<input name="over_cap_reason" maxlength="200" value=kept("over_cap_reason")/></label>
                                <button type="submit" class="button primary">{t!("activity.record_attendance")}</button>
                            </ActionForm>
                        </section>
                    })}
                    {data.can_record.then(|| view! {
                        <section class="card">
                            <details>
                                <summary>{t!("activity.record_one")}</summary>
                                <ActionForm action=one>
                                    <input type="hidden" name="activity_id" value=id/>
                                    <label>{t!("roster.number")}<input name="volunteer" required=true value=kept("volunteer")/></label>
                                    <div class="two">
                                        <label>{t!("hours.start")}<input type="time" name="start" required=true value=kept("start").unwrap_or(start_one.clone())/></label>
                                        <label>{t!("hours.end")}<input type="time" name="end" required=true value=kept("end").unwrap_or(end_one.clone())/></label>
                                    </div>
                                    <label>{t!("hours.late_reason")}<input name="late_reason" maxlength="200" value=kept("late_reason")/></label>
                                    <label>{t!("hours.over_cap_reason")}<input name="over_cap_reason" maxlength="200" value=kept("over_cap_reason")/></label>
                                    <button type="submit" class="button small">{t!("activity.record_one")}</button>
                                </ActionForm>
                            </details>
                        </section>
                    })}
                    <section class="card">
                        <h2>{t!("activity.records")}" "<span class="muted small">{format_hours(data.records.iter().filter(|r| r.status == RecordStatus::Confirmed && !r.superseded).map(|r| r.minutes).sum())}</span></h2>
                        {if can_record && waiting {
                            view! {
                                <ActionForm action=confirm>
                                    <input type="hidden" name="back" value=back_a/>
                                    <input type="hidden" name="pick[0]" value=""/>
                                    <RecordTable records=records_a pickable=true show_volunteer=true today=today/>
                                    <button type="submit" class="button primary">{t!("hours.confirm")}</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! { <RecordTable records=records_b show_volunteer=true today=today/> }.into_any()
                        }}
                        {can_record.then(|| view! {
                            <RejectForms records=records_c back=back_b/>
                            <CorrectionForms records=records_d back=back_c/>
                        })}
                    </section>
                    {can_record.then(|| view! { <Outbox/> })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
