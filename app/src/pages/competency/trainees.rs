//! Trainees side by side, for their mentors, coordinators and admins.

use leptos::prelude::*;

use crate::api::competency::trainees;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;

/// Each trainee with items signed off and requests waiting.
#[component]
pub fn TraineesPage() -> impl IntoView {
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let rows = match trainees().await {
                    Ok(r) => r,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                view! {
                    <section class="card">
                        <h1>{t!("trainees.title")}</h1>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
                            <table class="cards" data-testid="trainees">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!("trainees.name")}</th>
                                        <th scope="col">{t!("stations.name")}</th>
                                        <th scope="col" class="num">{t!("itemstatus.competent")}</th>
                                        <th scope="col" class="num">{t!("itemstatus.pending")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|r| view! {
                                            <tr>
                                                <th scope="row" data-label=t!("trainees.name")><a href=format!("/progress/{}", r.id)>{r.name.clone()}</a></th>
                                                <td data-label=t!("stations.name")>{r.station.clone()}</td>
                                                <td data-label=t!("itemstatus.competent") class="num">{r.competent}</td>
                                                <td data-label=t!("itemstatus.pending") class="num">{r.pending}</td>
                                            </tr>
                                        })
                                        .collect_view()}
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
