//! Totals by project, station and month with a bar chart drawn on the server; settings for
//! star levels and hour rules (county admins).

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::certificates::certificate_register;
use crate::api::hours::{SaveVolunteerSettings, totals_page};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::volunteer::{TotalsLine, format_hours};

fn totals_table(title: String, lines: Vec<TotalsLine>, testid: &'static str) -> impl IntoView {
    view! {
        <h2>{title}</h2>
        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
            <table class="cards" data-testid=testid>
                <thead><tr><th></th><th>{t!("roster.service_hours")}</th><th>{t!("reports.scan")}</th><th>{t!("roster.training_hours")}</th><th>{t!("reports.volunteers")}</th></tr></thead>
                <tbody>
                    {lines.into_iter().map(|l| view! {
                        <tr><td>{l.label}</td><td data-label=t!("roster.service_hours")>{format_hours(l.service_minutes)}</td><td data-label=t!("reports.scan")>{format_hours(l.scan_minutes)}</td><td data-label=t!("roster.training_hours")>{format_hours(l.training_minutes)}</td><td data-label=t!("reports.volunteers")>{l.volunteers}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// Links to the report of this month, quarter and year and of all time: the periods whose
/// totals are kept, so they answer at once at any level of the tree.
fn period_links(today: chrono::NaiveDate) -> impl IntoView {
    use crate::model::time::{period_end, period_start};
    let link = |months: u32| {
        let from = period_start(today, months);
        let to = period_end(from, months).pred_opt().unwrap_or(today);
        format!("/volunteer-reports?from={from}&to={to}")
    };
    view! {
        <nav class="period-links" aria-label=t!("reports.periods")>
            <a href=link(1)>{t!("overview.period.this_month")}</a>
            <a href=link(3)>{t!("overview.period.quarter")}</a>
            <a href=link(12)>{t!("overview.period.year")}</a>
            <a href="/volunteer-reports">{t!("reports.all_time")}</a>
        </nav>
    }
}

/// The totals report.
#[component]
pub fn ReportsPage() -> impl IntoView {
    let from = query_param("from").unwrap_or_default();
    let to = query_param("to").unwrap_or_default();
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let data = match totals_page(from, to).await {
                    Ok(d) => d,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let settings = ServerAction::<SaveVolunteerSettings>::new();
                let register = certificate_register().await.unwrap_or_default();
                view! {
                    <section class="card">
                        <h1>{t!("reports.title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.error.clone()/>
                        {period_links(data.today)}
                        <form method="get" action="/volunteer-reports" class="filters">
                            <div class="two">
                                <label>{t!("roster.from")}<input type="date" name="from" value=data.from.map(|d| d.to_string())/></label>
                                <label>{t!("roster.to")}<input type="date" name="to" value=data.to.map(|d| d.to_string())/></label>
                            </div>
                            <button type="submit" class="button">{t!("roster.apply")}</button>
                        </form>
                        <p><a class="button small" data-testid="export-totals-xlsx" href=format!(
                            "/volunteer-reports/export.xlsx?from={}&to={}",
                            data.from.map(|d| d.to_string()).unwrap_or_default(),
                            data.to.map(|d| d.to_string()).unwrap_or_default(),
                        )>{t!("reports.export_xlsx")}</a></p>
                        <h2>{t!("reports.by_month_chart")}</h2>
                        <div class="chart-box" inner_html=data.chart_svg.clone()></div>
                        {totals_table(t!("reports.by_project"), data.by_project.clone(), "by-project")}
                        {(data.projects > data.by_project.len()).then(|| view! {
                            <p class="small muted" data-testid="projects-left">{tf!("reports.projects_shown", &[("shown", &data.by_project.len().to_string()), ("all", &data.projects.to_string())])}</p>
                        })}
                        {totals_table(t!("reports.by_station"), data.by_station.clone(), "by-station")}
                        {totals_table(t!("reports.by_month"), data.by_month.clone(), "by-month")}
                    </section>
                    <section class="card">
                        <h2>{t!("reports.register")}</h2>
                        <p><a class="button small" data-testid="export-register-xlsx" href="/volunteer-reports/register.xlsx">{t!("reports.register_xlsx")}</a></p>
                        <div class="table-wrap" tabindex="0" role="region" aria-label=t!("a11y.scroll_table")>
                            <table class="cards" data-testid="certificate-register">
                                <thead><tr><th>{t!("certificate.number")}</th><th>{t!("volunteer.name")}</th><th>{t!("reports.period")}</th><th>{t!("certificate.organisation")}</th><th>{t!("certificate.handler")}</th><th>{t!("certificate.issued_on")}</th></tr></thead>
                                <tbody>
                                    {register.into_iter().map(|c| view! {
                                        <tr>
                                            <td data-label=t!("certificate.number")><a href=format!("/certificates/{}", c.id)>{c.number.clone()}</a></td>
                                            <td data-label=t!("volunteer.name")>{c.volunteer.clone()}</td>
                                            <td data-label=t!("reports.period")>{format!("{} – {}", c.from_on, c.to_on)}<div class="small muted">{format_hours(c.service_minutes)}</div></td>
                                            <td data-label=t!("certificate.organisation")>{c.station.clone()}</td>
                                            <td data-label=t!("certificate.handler")>{c.issued_by.clone()}</td>
                                            <td data-label=t!("certificate.issued_on")>{c.issued_on.to_string()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </section>
                    {data.can_configure.then(|| view! {
                        <section class="card">
                            <h2>{t!("reports.settings")}</h2>
                            <ActionForm action=settings>
                                <div class="two">
                                    {(0..5).map(|i| {
                                        let name = format!("star_{}", i + 1);
                                        view! { <label>{format!("{}★", i + 1)}<input type="number" name=name min="1" value=data.stars.0[i]/></label> }
                                    }).collect_view()}
                                </div>
                                <div class="two">
                                    <label>{t!("reports.cap_hours")}<input type="number" name="cap_hours" min="1" max="24" value=data.rules.cap_minutes / 60/></label>
                                    <label>{t!("reports.late_days")}<input type="number" name="late_days" min="1" value=data.rules.late_days/></label>
                                </div>
                                <button type="submit" class="button small">{t!("form.save")}</button>
                            </ActionForm>
                        </section>
                    })}
                }
                .into_any()
            })}
        </Suspense>
    }
}
