//! What a volunteer's phone opens after scanning the check-in QR code: the activity and one
//! button, 签到 or 签退, posted as a plain form (works before any script arrives).

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::checkin::{Scan, scan_page};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::t;
use crate::model::volunteer::{ScanWindow, format_clock};

/// The scan page.
#[component]
pub fn ScanPage() -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let token = query_param("t").unwrap_or_default();
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let p = match scan_page(id, token.clone()).await {
                    Ok(p) => p,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let scan = ServerAction::<Scan>::new();
                let a = p.activity.clone();
                let step = match (p.state.in_min, p.state.out_min) {
                    (None, _) if p.window == ScanWindow::Open => Some(("in", "checkin.check_in")),
                    (Some(_), None) if p.window != ScanWindow::NotYet && p.window != ScanWindow::Closed => Some(("out", "checkin.check_out")),
                    _ => None,
                };
                let status = match (p.state.in_min, p.state.out_min) {
                    (Some(i), Some(o)) => format!("{} {} · {} {}", t!("checkin.in"), format_clock(i), t!("checkin.out"), format_clock(o)),
                    (Some(i), None) => format!("{} {}", t!("checkin.in"), format_clock(i)),
                    _ => t!("checkin.not_in_yet"),
                };
                let hint = match p.window {
                    ScanWindow::NotYet => Some("checkin.window_not_yet"),
                    ScanWindow::Closed => Some("checkin.window_closed"),
                    _ => None,
                };
                view! {
                    <section class="card narrow scan">
                        <h1>{a.name.clone()}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.error.clone()/>
                        <p class="muted">{a.project.clone()}" · "{a.station.clone()}</p>
                        <p>{a.held_on.to_string()}" "{format_clock(a.start_min)}"–"{format_clock(a.end_min)}" · "{a.township.clone()}" "{a.village.clone()}</p>
                        <p class="status" data-testid="scan-status">{status}</p>
                        {hint.map(|k| view! { <p class="small">{t(k)}</p> })}
                        {match (p.token_ok, step) {
                            (true, Some((step, label))) => view! {
                                <ActionForm action=scan attr:data-testid="scan-form">
                                    <input type="hidden" name="activity_id" value=id/>
                                    <input type="hidden" name="t" value=token.clone()/>
                                    <input type="hidden" name="step" value=step/>
                                    <button type="submit" class="button primary big">{t(label)}</button>
                                </ActionForm>
                            }.into_any(),
                            (false, Some(_)) => view! { <p class="alert alert-error" data-testid="scan-expired">{t!("checkin.expired")}</p> }.into_any(),
                            _ => ().into_any(),
                        }}
                        {(p.state.in_min.is_some() && p.state.out_min.is_none()).then(|| view! { <p class="small muted">{t!("checkin.scan_again_to_leave")}</p> })}
                        <p class="small"><a href="/my-hours">{t!("nav.my_hours")}</a></p>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
