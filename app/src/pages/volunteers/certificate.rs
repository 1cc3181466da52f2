//! The printable 志愿服务记录证明 (A4 via the print stylesheet), with a place for the seal.

use leptos::prelude::*;

use crate::components::form::query::path_id;

use crate::api::certificates::certificate_page;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::volunteer::format_hours;

/// One issued certificate.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let id = path_id().unwrap_or(0);
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let c = match certificate_page(id).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                view! {
                    <article class="card certificate" data-testid="certificate">
                        <h1 class="center">{t!("certificate.heading")}</h1>
                        <p class="right small">{t!("certificate.number")}": "<span data-testid="certificate-number">{c.number.clone()}</span></p>
                        <h2>{t!("certificate.identity")}</h2>
                        <dl class="facts">
                            <dt>{t!("volunteer.name")}</dt><dd>{c.volunteer.clone()}</dd>
                            {c.id_shown.clone().map(|(kind, v)| view! { <dt>{t(&format!("id_type.{kind}"))}</dt><dd>{v}</dd> })}
                            <dt>{t!("roster.number")}</dt><dd>{c.volunteer_number.clone()}</dd>
                        </dl>
                        <h2>{t!("certificate.service")}</h2>
                        <p data-testid="certificate-body">{tf!("certificate.body", &[
                            ("name", &c.volunteer),
                            ("from", &c.from_on.to_string()),
                            ("to", &c.to_on.to_string()),
                            ("station", &c.station),
                            ("activities", &c.activities.to_string()),
                            ("hours", &format_hours(c.service_minutes)),
                            ("training", &format_hours(c.training_minutes)),
                        ])}</p>
                        {(c.scan_minutes > 0).then(|| view! { <p data-testid="certificate-scan">{t!("certificate.scan_hours")}": "{format_hours(c.scan_minutes)}</p> })}
                        <p>{t!("certificate.projects")}": "{c.projects.clone()}</p>
                        {(!c.notes.is_empty()).then(|| view! { <p>{t!("certificate.notes")}": "{c.notes.clone()}</p> })}
                        <p class="small">{t!("certificate.own_records")}</p>
                        <h2>{t!("certificate.issuer")}</h2>
                        <dl class="facts">
                            <dt>{t!("certificate.organisation")}</dt><dd>{c.station.clone()}</dd>
                            <dt>{t!("certificate.person_in_charge")}</dt><dd>{c.person_in_charge.clone()}</dd>
                            <dt>{t!("certificate.handler")}</dt><dd>{c.issued_by.clone()}</dd>
                            <dt>{t!("certificate.contact")}</dt><dd>{c.contact.clone()}</dd>
                            <dt>{t!("certificate.issued_on")}</dt><dd>{c.issued_on.format("%Y年%m月%d日").to_string()}</dd>
                        </dl>
                        <div class="seal">{t!("certificate.seal")}</div>
                        <p class="no-print">
                            <a class="button primary" href=format!("/certificate.pdf?id={}", c.id) download="" data-testid="certificate-pdf">{t!("certificate.download_pdf")}</a>
                        </p>
                        <p class="no-print muted small">{t!("certificate.print")}</p>
                    </article>
                }
                .into_any()
            })}
        </Suspense>
    }
}
