//! The organiser's check-in screen, for a phone or a projector: a QR code and a typed code
//! that change every few minutes (the page reloads itself, no script needed), who has scanned
//! in and out, and confirming every scanned record at once.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;

use crate::api::checkin::{ConfirmScanned, checkin_screen};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::volunteer::{ScanWindow, format_clock};

/// The check-in screen.
#[component]
pub fn CheckinScreenPage() -> impl IntoView {
    let id = path_id().unwrap_or(0);
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    let n = query_param("n");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let s = match checkin_screen(id).await {
                    Ok(s) => s,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let confirm = ServerAction::<ConfirmScanned>::new();
                let a = s.activity.clone();
                let window_key = match s.window {
                    ScanWindow::NotYet => "checkin.window_not_yet",
                    ScanWindow::Open => "checkin.window_open",
                    ScanWindow::CheckOutOnly => "checkin.window_checkout_only",
                    ScanWindow::Closed => "checkin.window_closed",
                };
                let showing = matches!(s.window, ScanWindow::NotYet | ScanWindow::Open | ScanWindow::CheckOutOnly);
                view! {
                    <Meta http_equiv="refresh" content=s.refresh_secs.to_string()/>
                    <section class="card checkin-screen">
                        <h1>{t!("checkin.screen_title")}</h1>
                        <SavedAlert code=saved/>
                        {n.map(|n| view! { <p class="small" data-testid="confirmed-n">{tf!("checkin.confirmed_n", &[("n", &n)])}</p> })}
                        <ErrorAlert code=feedback.error.clone()/>
                        <p><strong>{a.name.clone()}</strong></p>
                        <p class="muted">{a.held_on.to_string()}" "{format_clock(a.start_min)}"–"{format_clock(a.end_min)}" · "{a.station.clone()}</p>
                        <p class="status" data-testid="checkin-window">{t(window_key)}</p>
                        {showing.then(|| view! {
                            <div class="qr" data-testid="checkin-qr" data-url=s.url.clone() inner_html=s.svg.clone()></div>
                            <p class="checkin-code-label">{t!("checkin.code_label")}</p>
                            <p class="checkin-code" data-testid="checkin-code">{s.code.clone()}</p>
                            <p class="muted small">{t!("checkin.changes")}</p>
                        })}
                        <p class="small"><a href=format!("/activities/{id}")>{t!("checkin.back_to_activity")}</a></p>
                    </section>
                    <section class="card">
                        <h2>{tf!("checkin.scanned_n", &[("n", &s.checkins.len().to_string())])}</h2>
                        {(s.waiting > 0).then(|| view! {
                            <ActionForm action=confirm attr:data-testid="confirm-scanned">
                                <input type="hidden" name="activity_id" value=id/>
                                <button type="submit" class="button primary">{tf!("checkin.confirm_all", &[("n", &s.waiting.to_string())])}</button>
                            </ActionForm>
                        })}
                        <ul class="list" data-testid="checkins">
                            {s.checkins.iter().map(|c| view! {
                                <li>
                                    <a href=format!("/volunteers/{}", c.volunteer_id)>{c.volunteer.clone()}</a>" "
                                    <span class="small">{t!("checkin.in")}" "{format_clock(c.in_min)}</span>" "
                                    {c.out_min.map(|m| view! { <span class="small">{t!("checkin.out")}" "{format_clock(m)}</span> })}
                                    {c.out_auto.then(|| view! { <span class="badge">{t!("hours.checkout_missing")}</span> })}
                                    {c.note.clone().map(|code| view! { <div class="small muted">{crate::i18n::error_message(&code)}</div> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
