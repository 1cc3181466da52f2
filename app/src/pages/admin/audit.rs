//! The audit log, newest first.

use leptos::prelude::*;

use crate::api::admin::audit_log;
use crate::components::form::query::query_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;
use crate::model::time::format_datetime;

/// Fifty entries per page; "older" continues from the last one shown.
#[component]
pub fn AuditPage() -> impl IntoView {
    let before = query_param("before").and_then(|b| b.parse::<i64>().ok());
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let page = match audit_log(before).await {
                    Ok(page) => page,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                view! {
                    <section class="card">
                        <h1>{t!("audit.title")}</h1>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
                            <table class="cards" data-testid="audit">
                                <thead>
                                    <tr>
                                        <th scope="col">{t!("audit.when")}</th>
                                        <th scope="col">{t!("audit.who")}</th>
                                        <th scope="col">{t!("audit.what")}</th>
                                        <th scope="col">{t!("audit.target")}</th>
                                        <th scope="col">{t!("audit.from")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {page
                                        .entries
                                        .into_iter()
                                        .map(|e| {
                                            let what = match e.detail {
                                                Some(detail) => format!("{} ({detail})", t(&format!("audit.{}", e.action))),
                                                None => t(&format!("audit.{}", e.action)),
                                            };
                                            view! {
                                                <tr>
                                                    <td data-label=t!("audit.when")>{format_datetime(e.at)}</td>
                                                    <td data-label=t!("audit.who")>{e.actor.unwrap_or_else(|| "—".to_owned())}</td>
                                                    <td data-label=t!("audit.what")>{what}</td>
                                                    <td data-label=t!("audit.target")>{e.target.unwrap_or_default()}</td>
                                                    <td data-label=t!("audit.from")>{e.ip.unwrap_or_default()}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <nav class="pager" aria-label=t!("pager.label")>
                            {page
                                .next_before
                                .map(|b| view! { <a href=format!("/admin/audit?before={b}") rel="next">{t!("pager.older")}</a> })}
                        </nav>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
