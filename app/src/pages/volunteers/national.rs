//! The export for the national volunteer information system (全国志愿服务信息系统): pick a
//! period, see what it holds, download its two files. A GET form and plain links, so it works
//! before any script arrives.

use leptos::prelude::*;

use crate::api::national::national_export_summary;
use crate::components::form::query::query_param;
use crate::components::form::text_field::TextField;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::national::{NationalPart, RECORD_COLUMNS, VOLUNTEER_COLUMNS};

/// The export page.
#[component]
pub fn NationalPage() -> impl IntoView {
    let from = query_param("from").unwrap_or_default();
    let to = query_param("to").unwrap_or_default();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let s = match national_export_summary(from, to).await {
                    Ok(s) => s,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let error_of = |field: &str| {
                    s.error.as_ref().filter(|(f, _)| f == field).map(|(_, code)| code.clone())
                };
                let ready = s.period.filter(|_| s.error.is_none());
                view! {
                    <section class="card">
                        <h1>{t!("national.title")}</h1>
                        <p class="muted small">{t!("national.intro")}</p>
                        <form method="get" action="/volunteers/national" data-testid="national-period">
                            <div class="two">
                                <TextField name="from" label_key="roster.from" input_type="date" value=Some(s.from.clone()) error=error_of("from") required=true/>
                                <TextField name="to" label_key="roster.to" input_type="date" value=Some(s.to.clone()) error=error_of("to") required=true/>
                            </div>
                            <button type="submit" class="button">{t!("national.check")}</button>
                        </form>
                        {ready.map(|period| {
                            let href = |part: NationalPart| format!("/volunteers/national.csv?{}", period.download_query(part));
                            let xlsx = |part: NationalPart| format!("/volunteers/national.xlsx?{}", period.download_query(part));
                            view! {
                                <p role="status" data-testid="national-counts">{tf!("national.counts", &[
                                    ("from", &period.from.to_string()),
                                    ("to", &period.to.to_string()),
                                    ("records", &s.records.to_string()),
                                    ("volunteers", &s.volunteers.to_string()),
                                ])}</p>
                                <p class="small">{t!("national.identifiers")}</p>
                                <div class="actions">
                                    <a class="button primary" href=href(NationalPart::Volunteers) data-testid="national-volunteers">{t!("national.download_volunteers")}</a>
                                    <a class="button" href=href(NationalPart::Records) data-testid="national-records">{t!("national.download_records")}</a>
                                    <a class="button" href=xlsx(NationalPart::Volunteers) data-testid="national-volunteers-xlsx">{t!("national.download_volunteers_xlsx")}</a>
                                    <a class="button" href=xlsx(NationalPart::Records) data-testid="national-records-xlsx">{t!("national.download_records_xlsx")}</a>
                                </div>
                            }
                        })}
                    </section>
                    <section class="card">
                        <h2>{t!("national.columns")}</h2>
                        <p class="small">{t!("national.columns_hint")}</p>
                        <h3>{t!("national.download_volunteers")}</h3>
                        <p class="small" data-testid="national-volunteer-columns">{VOLUNTEER_COLUMNS.join("、")}</p>
                        <h3>{t!("national.download_records")}</h3>
                        <p class="small" data-testid="national-record-columns">{RECORD_COLUMNS.join("、")}</p>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
