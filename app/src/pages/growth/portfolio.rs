//! The growth portfolio (成长档案) as a page: printable on A4 through the print stylesheet, and
//! downloadable as a PDF made on the server. `/growth/portfolio` is one's own,
//! `/growth/portfolio/{id}` a worker's for an admin of their station.

use leptos::prelude::*;

use crate::api::portfolio::portfolio_page;
use crate::components::form::query::path_id;
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::volunteer::format_hours;

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// The page.
#[component]
pub fn PortfolioPage() -> impl IntoView {
    let id = path_id();
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let p = match portfolio_page(id).await {
                    Ok(p) => p,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let competent = p.competent();
                let total_items = p.items.len();
                let supervision = p.supervision_minutes();
                let pdf = format!("/growth/portfolio.pdf?user={}", p.user_id);
                view! {
                    <article class="card portfolio" data-testid="portfolio">
                        <h1 class="center">{t!("portfolio.title")}</h1>
                        <p class="center big" data-testid="portfolio-name">{p.name.clone()}</p>
                        <p class="center small muted">{tf!("portfolio.issued", &[("day", &p.issued_on.to_string()), ("by", &p.issued_by)])}</p>
                        <p class="no-print">
                            <a class="button primary" href=pdf data-testid="portfolio-pdf" download="">{t!("portfolio.download_pdf")}</a>
                            " "<span class="small muted">{t!("portfolio.print_hint")}</span>
                        </p>

                        <h2>{t!("portfolio.identity")}</h2>
                        <dl class="facts">
                            <dt>{t!("growth.level")}</dt>
                            <dd>{p.qualification.as_ref().map(|q| t(&q.level.label_key())).unwrap_or_else(|| t("portfolio.none"))}</dd>
                            {p.qualification.as_ref().and_then(|q| q.certificate_no.clone()).map(|n| view! { <dt>{t!("growth.certificate_no")}</dt><dd>{n}</dd> })}
                            {p.qualification.as_ref().and_then(|q| q.first_registered).map(|d| view! { <dt>{t!("growth.first_registered")}</dt><dd>{d.to_string()}</dd> })}
                        </dl>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("portfolio.roles")>
                            <table class="cards" data-testid="portfolio-roles">
                                <caption>{t!("portfolio.roles")}</caption>
                                <thead><tr>
                                    <th scope="col">{t!("stations.name")}</th>
                                    <th scope="col">{t!("portfolio.role")}</th>
                                    <th scope="col">{t!("portfolio.from")}</th>
                                    <th scope="col">{t!("portfolio.until")}</th>
                                </tr></thead>
                                <tbody>
                                    {p.roles.iter().map(|r| view! {
                                        <tr>
                                            <th scope="row" data-label=t!("stations.name")>{r.station.clone()}</th>
                                            <td data-label=t!("portfolio.role")>{t(r.role.label_key())}</td>
                                            <td data-label=t!("portfolio.from")>{r.from.to_string()}</td>
                                            <td data-label=t!("portfolio.until")>{day(r.until)}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>

                        <h2>{t!("portfolio.pairings")}</h2>
                        {p.pairings.is_empty().then(|| view! { <p class="muted">{t!("portfolio.none")}</p> })}
                        <ul class="list" data-testid="portfolio-pairings">
                            {p.pairings.iter().map(|x| view! {
                                <li>
                                    {if x.as_mentor { t("portfolio.mentor_of") } else { t("portfolio.mentored_by") }}" "<strong>{x.other.clone()}</strong>
                                    {x.is_primary.then(|| view! { " "<span class="badge">{t!("portfolio.primary")}</span> })}
                                    <div class="small">{x.station.clone()}" · "{x.starts_on.to_string()}" – "{day(x.ended_on)}" · "{t(&format!("pairing.{}", x.status))}</div>
                                </li>
                            }).collect_view()}
                        </ul>

                        {p.framework.clone().map(|framework| view! {
                            <h2>{t!("portfolio.competencies")}</h2>
                            <p data-testid="portfolio-competent">{tf!("portfolio.competent", &[("n", &competent.to_string()), ("total", &total_items.to_string()), ("framework", &framework)])}</p>
                            <div class="table-wrap" tabindex="0" role="region" aria-label=t!("portfolio.competencies")>
                                <table class="cards" data-testid="portfolio-items">
                                    <thead><tr>
                                        <th scope="col">{t!("portfolio.item")}</th>
                                        <th scope="col">{t!("portfolio.area")}</th>
                                        <th scope="col">{t!("portfolio.status")}</th>
                                        <th scope="col">{t!("portfolio.signed_on")}</th>
                                        <th scope="col">{t!("portfolio.signed_by")}</th>
                                    </tr></thead>
                                    <tbody>
                                        {p.items.iter().map(|i| view! {
                                            <tr>
                                                <th scope="row" data-label=t!("portfolio.item")>{i.code.clone()}" "{i.title.clone()}</th>
                                                <td data-label=t!("portfolio.area")>{i.area.clone()}</td>
                                                <td data-label=t!("portfolio.status")><span class=format!("status status-{}", i.status.as_str())>{t(&i.status.label_key())}</span></td>
                                                <td data-label=t!("portfolio.signed_on")>{day(i.signed_on)}</td>
                                                <td data-label=t!("portfolio.signed_by")>{i.signed_by.clone().unwrap_or_else(|| "—".into())}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            <h3>{t!("portfolio.practice")}</h3>
                            {p.practice_counts.is_empty().then(|| view! { <p class="muted">{t!("portfolio.none")}</p> })}
                            <ul class="list" data-testid="portfolio-practice">
                                {p.practice_counts.iter().map(|c| view! {
                                    <li>{c.area.clone()}" · "{t(&c.setting.label_key())}": "<strong>{c.count}</strong></li>
                                }).collect_view()}
                            </ul>
                        })}

                        <h2>{t!("portfolio.supervision")}</h2>
                        <p data-testid="portfolio-supervision">{tf!("portfolio.supervision_total", &[("n", &p.sessions.len().to_string()), ("hours", &format_hours(supervision))])}</p>
                        <ul class="list small">
                            {p.sessions.iter().map(|s| view! {
                                <li>
                                    {s.held_on.to_string()}" · "{t(&format!("supervision.form_{}", s.form))}" · "{t(&format!("supervision.channel_{}", s.channel))}" · "{tf!("portfolio.minutes", &[("n", &s.minutes.to_string())])}
                                    " · "{if s.as_mentor { t("portfolio.ran_it") } else { tf!("portfolio.with_mentor", &[("name", &s.mentor)]) }}
                                </li>
                            }).collect_view()}
                        </ul>

                        <h2>{t!("portfolio.education")}</h2>
                        {p.education.is_empty().then(|| view! { <p class="muted">{t!("growth.no_period")}</p> })}
                        <ul class="list" data-testid="portfolio-education">
                            {p.education.iter().map(|l| view! {
                                <li>
                                    {l.period.start.to_string()}" – "{(l.period.end - chrono::Duration::days(1)).to_string()}": "
                                    <strong>{tf!("growth.progress", &[("done", &format_hours(l.credited)), ("needed", &format_hours(l.required))])}</strong>
                                    {(l.credited >= l.required).then(|| view! { " "<span class="status status-competent">{t!("portfolio.met")}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>

                        <h2>{t!("portfolio.activities")}</h2>
                        {p.activities.is_empty().then(|| view! { <p class="muted">{t!("portfolio.none")}</p> })}
                        <ul class="list small" data-testid="portfolio-activities">
                            {p.activities.iter().map(|a| view! {
                                <li>{a.held_on.to_string()}" · "{a.name.clone()}" · "{a.project.clone()}" · "{a.station.clone()}" · "{tf!("portfolio.volunteers", &[("n", &a.volunteers.to_string())])}</li>
                            }).collect_view()}
                        </ul>
                        <p class="small muted">{t!("portfolio.left_out")}</p>
                    </article>
                }
                .into_any()
            })}
        </Suspense>
    }
}
