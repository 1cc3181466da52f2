//! Oversight: every active pairing with days since supervision, overdue actions, late sign-off
//! requests and progress. Filter by station, mentor and status; sort by any column.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::mentorship::{SaveThresholds, oversight};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::query_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::mentorship::OversightRow;

fn sort_rows(rows: &mut [OversightRow], key: &str) {
    match key {
        "mentor" => rows.sort_by(|a, b| a.pairing.mentor.cmp(&b.pairing.mentor)),
        "trainee" => rows.sort_by(|a, b| a.pairing.trainee.cmp(&b.pairing.trainee)),
        "actions" => rows.sort_by_key(|r| std::cmp::Reverse(r.overdue_actions)),
        "requests" => rows.sort_by_key(|r| std::cmp::Reverse(r.late_requests)),
        _ => rows.sort_by_key(|r| std::cmp::Reverse(r.days_since_supervision)),
    }
}

/// `/oversight` for coordinators and admins; `/oversight?mine=1` for a mentor's own mentees.
#[component]
pub fn OversightPage() -> impl IntoView {
    let mine = query_param("mine").is_some();
    let station = query_param("station").unwrap_or_default();
    let mentor = query_param("mentor").unwrap_or_default();
    let status = query_param("status").unwrap_or_default();
    let sort = query_param("sort").unwrap_or_default();
    let saved = query_param("saved");
    let error = query_param("error");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match oversight(mine).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let mut stations: Vec<String> = data.rows.iter().map(|r| r.pairing.station.clone()).collect();
                stations.sort();
                stations.dedup();
                let mut mentors: Vec<String> = data.rows.iter().map(|r| r.pairing.mentor.clone()).collect();
                mentors.sort();
                mentors.dedup();
                let mut rows: Vec<OversightRow> = data
                    .rows
                    .into_iter()
                    .filter(|r| station.is_empty() || r.pairing.station == station)
                    .filter(|r| mentor.is_empty() || r.pairing.mentor == mentor)
                    .filter(|r| match status.as_str() {
                        "attention" => r.supervision_overdue || r.overdue_actions > 0 || r.late_requests > 0,
                        "ok" => !(r.supervision_overdue || r.overdue_actions > 0 || r.late_requests > 0),
                        _ => true,
                    })
                    .collect();
                sort_rows(&mut rows, &sort);
                let th = data.thresholds;
                let can_configure = data.can_configure;
                let settings = ServerAction::<SaveThresholds>::new();
                let sort_link = |key: &str| {
                    format!(
                        "/oversight?{}station={}&mentor={}&status={}&sort={key}",
                        if mine { "mine=1&" } else { "" },
                        crate::model::text::percent_encode(&station),
                        crate::model::text::percent_encode(&mentor),
                        status
                    )
                };
                view! {
                    <section class="card">
                        <h1>{t!("oversight.title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=error/>
                        <p class="muted small">
                            {tf!("oversight.thresholds", &[("days", &th.supervision_overdue_days.to_string()), ("wait", &th.signoff_wait_days.to_string())])}
                        </p>
                        <form method="get" action="/oversight" class="filters">
                            {mine.then(|| view! { <input type="hidden" name="mine" value="1"/> })}
                            <label for="f-station">{t!("stations.name")}</label>
                            <select id="f-station" name="station">
                                <option value="">{t!("oversight.all")}</option>
                                {stations.into_iter().map(|s| { let sel = s == station; let label = s.clone(); view! { <option value=s selected=sel>{label}</option> } }).collect_view()}
                            </select>
                            <label for="f-mentor">{t!("role.mentor")}</label>
                            <select id="f-mentor" name="mentor">
                                <option value="">{t!("oversight.all")}</option>
                                {mentors.into_iter().map(|m| { let sel = m == mentor; let label = m.clone(); view! { <option value=m selected=sel>{label}</option> } }).collect_view()}
                            </select>
                            <label for="f-status">{t!("oversight.status")}</label>
                            <select id="f-status" name="status">
                                <option value="">{t!("oversight.all")}</option>
                                <option value="attention" selected=status == "attention">{t!("oversight.attention")}</option>
                                <option value="ok" selected=status == "ok">{t!("oversight.up_to_date")}</option>
                            </select>
                            <input type="hidden" name="sort" value=sort.clone()/>
                            <button type="submit" class="button">{t!("oversight.filter")}</button>
                        </form>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
                            <table class="cards" data-testid="oversight">
                                <thead>
                                    <tr>
                                        <th scope="col"><a href=sort_link("trainee")>{t!("role.trainee")}</a></th>
                                        <th scope="col"><a href=sort_link("mentor")>{t!("role.mentor")}</a></th>
                                        <th scope="col" class="num"><a href=sort_link("days")>{t!("oversight.days")}</a></th>
                                        <th scope="col" class="num"><a href=sort_link("actions")>{t!("oversight.actions")}</a></th>
                                        <th scope="col" class="num"><a href=sort_link("requests")>{t!("oversight.requests")}</a></th>
                                        <th scope="col" class="num">{t!("itemstatus.competent")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr data-testid=format!("oversight-{}", r.pairing.trainee)>
                                            <th scope="row" data-label=t!("role.trainee")><a href=format!("/progress/{}", r.pairing.trainee_id)>{r.pairing.trainee.clone()}</a><div class="muted small">{r.pairing.station.clone()}</div></th>
                                            <td data-label=t!("role.mentor")>{r.pairing.mentor.clone()}</td>
                                            <td data-label=t!("oversight.days") class="num">
                                                {r.days_since_supervision}
                                                " "
                                                {if r.supervision_overdue {
                                                    view! { <span class="status status-needs_practice">{t!("oversight.overdue")}</span> }.into_any()
                                                } else {
                                                    view! { <span class="status status-competent">{t!("oversight.up_to_date")}</span> }.into_any()
                                                }}
                                            </td>
                                            <td data-label=t!("oversight.actions") class="num">{r.overdue_actions}</td>
                                            <td data-label=t!("oversight.requests") class="num">{r.late_requests}</td>
                                            <td data-label=t!("itemstatus.competent") class="num">{r.competent}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                    {(!mine && can_configure).then(|| view! {
                        <section class="card">
                            <details>
                                <summary>{t!("oversight.settings")}</summary>
                                <ActionForm action=settings>
                                    <div class="field"><label for="s-load">{t!("oversight.load_limit")}</label>
                                        <input id="s-load" name="mentor_load_limit" type="number" min="1" max="365" value=th.mentor_load_limit/></div>
                                    <div class="field"><label for="s-days">{t!("oversight.overdue_days")}</label>
                                        <input id="s-days" name="supervision_overdue_days" type="number" min="1" max="365" value=th.supervision_overdue_days/></div>
                                    <div class="field"><label for="s-wait">{t!("oversight.wait_days")}</label>
                                        <input id="s-wait" name="signoff_wait_days" type="number" min="1" max="365" value=th.signoff_wait_days/></div>
                                    <button type="submit" class="button">{t!("oversight.save_settings")}</button>
                                </ActionForm>
                            </details>
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
