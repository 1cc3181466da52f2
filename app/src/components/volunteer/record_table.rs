//! Hour records as a table: status, late and correction marks, who recorded and confirmed.

use crate::model::volunteer::{RecordSource, RecordStatus};
use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::model::time::format_datetime;
use crate::model::volunteer::{HourRecordView, format_clock, format_hours};

/// A table of records. With `pickable`, submitted records get a `pick[<id>]` checkbox (the
/// caller wraps the table in the confirm form); `show_volunteer` adds the volunteer column.
#[component]
pub fn RecordTable(
    records: Vec<HourRecordView>,
    #[prop(optional)] pickable: bool,
    #[prop(optional)] show_volunteer: bool,
    /// Today, to show how old a waiting correction is.
    today: chrono::NaiveDate,
) -> impl IntoView {
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
            <table class="cards" data-testid="records">
                <thead><tr>
                    {pickable.then(|| view! { <th>{t!("hours.pick")}</th> })}
                    <th>{t!("hours.date")}</th>
                    {show_volunteer.then(|| view! { <th>{t!("volunteer.name")}</th> })}
                    <th>{t!("hours.activity")}</th>
                    <th>{t!("hours.time")}</th>
                    <th>{t!("hours.hours")}</th>
                    <th>{t!("hours.status")}</th>
                </tr></thead>
                <tbody>
                    {records.into_iter().map(|r| {
                        let pick_name = format!("pick[{}]", r.id);
                        let can_pick = pickable && r.status == RecordStatus::Submitted;
                        let age = (today - crate::model::time::china_time(r.recorded_at).date()).num_days().max(0).to_string();
                        view! {
                            <tr class:superseded=r.superseded data-record=r.id>
                                {pickable.then(|| view! {
                                    <td data-label=t!("hours.pick")>{can_pick.then(|| view! { <input type="checkbox" name=pick_name.clone() value="on" aria-label=format!("{} {}", t!("hours.pick"), r.volunteer)/> })}</td>
                                })}
                                <td data-label=t!("hours.date")>{r.served_on.to_string()}<div class="muted small">"#"{r.id}</div></td>
                                {show_volunteer.then(|| view! { <td data-label=t!("volunteer.name")><a href=format!("/volunteers/{}", r.volunteer_id)>{r.volunteer.clone()}</a><div class="muted small">{r.volunteer_number.clone()}</div></td> })}
                                <td data-label=t!("hours.activity")>{r.activity.clone()}<div class="muted small">{r.project.clone()}" · "{r.station.clone()}</div></td>
                                <td data-label=t!("hours.time")>{format_clock(r.start_min)}"–"{format_clock(r.end_min)}</td>
                                <td data-label=t!("hours.hours")>{format_hours(r.minutes)}<span class="badge">{t(&r.kind.label_key())}</span>
                                    {(r.source == RecordSource::Scan).then(|| view! { <span class="badge badge-scan" data-testid="scan-badge">{t!("hours.scanned")}</span> })}
                                    {r.checkout_missing.then(|| view! { <div class="small muted">{t!("hours.checkout_missing")}</div> })}
                                </td>
                                <td data-label=t!("hours.status")>
                                    <span class="status" data-testid="record-status">{t(&r.status.label_key())}</span>
                                    {r.late.then(|| view! { <span class="badge">{t!("hours.late")}</span> })}
                                    {r.superseded.then(|| view! { <span class="badge">{t!("hours.superseded")}</span> })}
                                    {r.amends_id.map(|id| view! { <div class="small">{tf!("hours.amends_n", &[("n", &id.to_string())])}</div> })}
                                    {r.correction_reason.clone().map(|why| view! { <div class="small muted">{why}</div> })}
                                    {r.late_reason.clone().map(|why| view! { <div class="small muted">{t!("hours.late_reason")}": "{why}</div> })}
                                    {r.rejected_reason.clone().map(|why| view! { <div class="small muted">{why}</div> })}
                                    {(r.status == RecordStatus::Submitted).then(|| view! { <div class="small muted">{tf!("hours.waiting_days", &[("n", &age)])}</div> })}
                                    {r.first_approved_by.clone().filter(|_| r.status == RecordStatus::Submitted).map(|who| view! { <div class="small">{tf!("hours.first_approved", &[("name", &who)])}</div> })}
                                    <div class="small muted">{t!("hours.recorded_by")}" "{r.recorded_by.clone()}
                                        {r.confirmed_by.clone().map(|who| format!(" · {} {who} {}", t!("hours.confirmed_by"), r.confirmed_at.map(format_datetime).unwrap_or_default()))}
                                    </div>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
