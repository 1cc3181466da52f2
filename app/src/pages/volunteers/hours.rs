//! Every hour record in the person's stations: filter, confirm in bulk, export.

use crate::model::volunteer::RecordStatus;
use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::model::confirmation::ConfirmOutcome;

use crate::api::hours::{ConfirmHours, hours_page};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param, url_param};
use crate::components::form::select::StationSearchField;
use crate::components::layout::page_error::PageError;
use crate::components::layout::pager::Pager;
use crate::components::volunteer::record_forms::RejectForms;
use crate::components::volunteer::record_table::RecordTable;
use crate::i18n::{t, tf};
use crate::model::volunteer::{HoursFilter, count_label};

/// The hours list.
#[component]
pub fn HoursPage() -> impl IntoView {
    let filter = HoursFilter::from_pairs(url_param);
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match hours_page(filter).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let f = data.filter.clone();
                let filtered = !f.to_query().is_empty();
                let base = f.to_query();
                let href = format!("/hours?{base}");
                let shown = data.records.len();
                let back = format!("/hours?{base}");
                let confirm = ServerAction::<ConfirmHours>::new();
                let today = crate::model::time::china_time(chrono::Utc::now()).date();
                let sel = |v: Option<i64>, id: i64| v == Some(id);
                let can_confirm = data.can_confirm;
                let (records_a, records_b) = (data.records.clone(), data.records.clone());
                let back_b = back.clone();
                view! {
                    <section class="card">
                        <h1>{t!("hours.title")}</h1>
                        <SavedAlert code=saved/>
                        {ConfirmOutcome::from_query(query_param).map(|o| view! { <p class="small">{tf!("hours.confirm_outcome", &[("confirmed", &o.confirmed.to_string()), ("awaiting", &o.awaiting_second.to_string()), ("skipped", &o.skipped.to_string())])}</p> })}
                        <ErrorAlert code=feedback.error.clone()/>
                        <details class="filter-box" open=filtered>
                            <summary>{t!("roster.filters")}</summary>
                            <form method="get" action="/hours" class="filters">
                            <div class="two">
                                <select name="status" aria-label=t!("hours.status")>
                                    <option value="">{t!("roster.any_status")}</option>
                                    {RecordStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str() selected=f.status == Some(s)>{t(&s.label_key())}</option> }).collect_view()}
                                </select>
                                <select name="project_id" aria-label=t!("hours.project")>
                                    <option value="">{t!("roster.all_projects")}</option>
                                    {data.projects.iter().map(|(id, name)| view! { <option value=*id selected=sel(f.project_id, *id)>{name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="two">
                                <select name="station_id" aria-label=t!("hours.station")>
                                    <option value="">{t!("roster.all_stations")}</option>
                                    {data.stations.stations.iter().map(|s| view! { <option value=s.id selected=sel(f.station_id, s.id)>{s.name.clone()}</option> }).collect_view()}
                                </select>
                                <StationSearchField choices=data.stations.clone()/>
                                <label class="check"><input type="checkbox" name="late" value="1" checked=f.late/>{t!("hours.late_only")}</label>
                            </div>
                            <div class="two">
                                <label>{t!("roster.from")}<input type="date" name="from" value=f.from.map(|d| d.to_string())/></label>
                                <label>{t!("roster.to")}<input type="date" name="to" value=f.to.map(|d| d.to_string())/></label>
                            </div>
                            <button type="submit" class="button">{t!("roster.apply")}</button>
                        </form>
                        </details>
                        <div class="row-between">
                            <span>{tf!("hours.total", &[("n", &count_label(data.total))])}</span>
                            // Downloads hold personal data: coordinators only (the routes check again).
                            {can_confirm.then(|| view! {
                                <span class="actions">
                                    <a class="button small" href=format!("/hours/export.csv?{base}") data-testid="export-hours">{t!("roster.export")}</a>
                                    <a class="button small" href=format!("/hours/export.xlsx?{base}") data-testid="export-hours-xlsx">{t!("roster.export_xlsx")}</a>
                                    <a class="button small" href="/volunteers/national" data-testid="national-link">{t!("national.link")}</a>
                                </span>
                            })}
                        </div>
                        <ActionForm action=confirm>
                            <input type="hidden" name="back" value=back.clone()/>
                            <input type="hidden" name="pick[0]" value=""/>
                            <RecordTable records=records_a pickable=can_confirm show_volunteer=true today=today/>
                            {can_confirm.then(|| view! { <button type="submit" class="button primary">{t!("hours.confirm")}</button> })}
                        </ActionForm>
                        {can_confirm.then(|| view! { <RejectForms records=records_b back=back_b/> })}
                        <Pager href page=f.page total=data.total page_size=HoursFilter::PAGE_SIZE shown/>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
