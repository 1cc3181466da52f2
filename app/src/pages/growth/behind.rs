//! Who is behind on continuing education at the stations an admin administers: the least time
//! left first, each with a link to their portfolio.

use leptos::prelude::*;

use crate::api::education::growth_behind;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::education::Warning;
use crate::model::volunteer::format_hours;

/// The page.
#[component]
pub fn BehindPage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match growth_behind().await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                view! {
                    <section class="card">
                        <h1>{t!("behind.title")}</h1>
                        <p class="small muted" data-testid="behind-summary">{tf!("behind.summary", &[
                            ("behind", &data.behind.len().to_string()),
                            ("tracked", &data.tracked.to_string()),
                            ("staff", &data.staff.to_string()),
                        ])}</p>
                        {data.behind.is_empty().then(|| view! { <p class="muted">{t!("behind.none")}</p> })}
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("behind.title")>
                            <table class="cards" data-testid="behind">
                                <thead><tr>
                                    <th scope="col">{t!("trainees.name")}</th>
                                    <th scope="col">{t!("stations.name")}</th>
                                    <th scope="col">{t!("growth.level")}</th>
                                    <th scope="col" class="num">{t!("behind.hours")}</th>
                                    <th scope="col">{t!("behind.period_end")}</th>
                                    <th scope="col" class="num">{t!("behind.days_left")}</th>
                                </tr></thead>
                                <tbody>
                                    {data.behind.into_iter().map(|s| {
                                        let urgent = s.progress.warning != Warning::None;
                                        view! {
                                            <tr>
                                                <th scope="row" data-label=t!("trainees.name")><a href=format!("/growth/portfolio/{}", s.user_id)>{s.name.clone()}</a></th>
                                                <td data-label=t!("stations.name")>{s.station.clone()}</td>
                                                <td data-label=t!("growth.level")>{t(&s.level.label_key())}</td>
                                                <td data-label=t!("behind.hours") class="num">{tf!("growth.progress", &[("done", &format_hours(s.progress.credited)), ("needed", &format_hours(s.progress.required))])}</td>
                                                <td data-label=t!("behind.period_end")>{(s.progress.period.end - chrono::Duration::days(1)).to_string()}</td>
                                                <td data-label=t!("behind.days_left") class="num" class:flagged=urgent>
                                                    {s.progress.days_left}
                                                    {urgent.then(|| view! { " "<span class="flag">{t!("behind.urgent")}</span> })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
