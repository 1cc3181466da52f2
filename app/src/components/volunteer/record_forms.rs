//! Forms that act on single records: ask for a correction of a confirmed record, or reject a
//! submitted one. Each is its own form (forms cannot nest inside the confirm table).

use crate::model::volunteer::RecordStatus;
use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::hours::{RejectHours, RequestCorrection};
use crate::i18n::{t, tf};
use crate::model::volunteer::{HourRecordView, format_clock};

/// A correction form for each confirmed record that still counts.
#[component]
pub fn CorrectionForms(records: Vec<HourRecordView>, back: String) -> impl IntoView {
    let live: Vec<_> = records
        .into_iter()
        .filter(|r| r.status == RecordStatus::Confirmed && !r.superseded)
        .collect();
    (!live.is_empty()).then(|| view! {
        <details class="revoke" data-testid="corrections">
            <summary>{t!("hours.request_correction")}</summary>
            {live.into_iter().map(|r| {
                let action = ServerAction::<RequestCorrection>::new();
                let back = back.clone();
                view! {
                    <ActionForm action=action>
                        <p class="small"><strong>"#"{r.id}</strong>" "{r.served_on.to_string()}" "{r.activity.clone()}" "{format_clock(r.start_min)}"–"{format_clock(r.end_min)}</p>
                        <input type="hidden" name="record_id" value=r.id/>
                        <input type="hidden" name="back" value=back/>
                        <div class="two">
                            <label>{t!("hours.start")}<input type="time" name="start" required=true value=format_clock(r.start_min)/></label>
                            <label>{t!("hours.end")}<input type="time" name="end" required=true value=format_clock(r.end_min)/></label>
                        </div>
                        <label>{t!("hours.correction_reason")}<input name="reason" required=true maxlength="300"/></label>
                        <button type="submit" class="button small">{tf!("hours.correct_n", &[("n", &r.id.to_string())])}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </details>
    })
}

/// A reject form for each submitted record.
#[component]
pub fn RejectForms(records: Vec<HourRecordView>, back: String) -> impl IntoView {
    let waiting: Vec<_> = records
        .into_iter()
        .filter(|r| r.status == RecordStatus::Submitted)
        .collect();
    (!waiting.is_empty()).then(|| view! {
        <details class="revoke">
            <summary>{t!("hours.reject")}</summary>
            {waiting.into_iter().map(|r| {
                let action = ServerAction::<RejectHours>::new();
                let back = back.clone();
                view! {
                    <ActionForm action=action>
                        <input type="hidden" name="record_id" value=r.id/>
                        <input type="hidden" name="back" value=back/>
                        <label>{format!("#{} {} {}", r.id, r.volunteer, r.served_on)}<input name="reason" required=true maxlength="200" placeholder=t!("hours.reject_reason")/></label>
                        <button type="submit" class="button small">{t!("hours.reject")}</button>
                    </ActionForm>
                }
            }).collect_view()}
        </details>
    })
}
