//! One supervision session: the record, confirmations, actions and appended corrections.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::auth::current_viewer;
use crate::api::mentorship::{CompleteAction, ConfirmSession, CorrectSession, session};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::components::layout::thread::Thread;
use crate::error::AppError;
use crate::i18n::t;
use crate::model::time::format_datetime;

/// The session; an attendee who has not confirmed sees the confirm form.
#[component]
pub fn SessionPage() -> impl IntoView {
    let id = path_id();
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Some(id) = id else { return view! { <PageError error=AppError::NotFound/> }.into_any() };
                let s = match session(id).await {
                    Ok(s) => s,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let me = current_viewer().await.ok().flatten().map(|v| v.id).unwrap_or_default();
                let my_attendance = s.attendees.iter().find(|a| a.0 == me).cloned();
                let involved = s.mentor_id == me || my_attendance.is_some();
                let confirm = ServerAction::<ConfirmSession>::new();
                let correct = ServerAction::<CorrectSession>::new();
                let functions = s.functions.split(',').map(|f| t(&format!("supervision.fn_{f}"))).collect::<Vec<_>>().join("、");
                view! {
                    <section class="card">
                        <p><a href="/supervision">{t!("supervision.title")}</a></p>
                        <h1 data-testid="session-title">{format!("{} · {}", s.held_on, s.topics)}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.error.clone()/>
                        <dl class="facts">
                            <dt>{t!("role.mentor")}</dt><dd>{s.mentor.clone()}</dd>
                            <dt>{t!("supervision.minutes")}</dt><dd>{s.minutes}</dd>
                            <dt>{t!("supervision.form")}</dt><dd>{t(&format!("supervision.form_{}", s.form))}" · "{t(&format!("supervision.channel_{}", s.channel))}</dd>
                            <dt>{t!("supervision.functions")}</dt><dd>{functions}</dd>
                            <dt>{t!("supervision.items")}</dt><dd data-testid="session-items">{s.item_codes.join("、")}</dd>
                        </dl>
                        <div class="reflection" inner_html=s.notes_html.clone()></div>
                        <h2>{t!("supervision.trainees")}</h2>
                        <ul class="list" data-testid="attendees">
                            {s.attendees.iter().map(|(_, name, confirmed, remarks)| view! {
                                <li>
                                    {name.clone()}" · "
                                    {match confirmed {
                                        Some(at) => view! { <span class="status status-competent">{t!("supervision.confirmed")}" "{format_datetime(*at)}</span> }.into_any(),
                                        None => view! { <span class="status status-pending">{t!("supervision.not_confirmed")}</span> }.into_any(),
                                    }}
                                    {(!remarks.is_empty()).then(|| view! { <div class="small">{remarks.clone()}</div> })}
                                </li>
                            }).collect_view()}
                        </ul>
                        {my_attendance.filter(|a| a.2.is_none()).map(|_| view! {
                            <ActionForm action=confirm>
                                <input type="hidden" name="session_id" value=id/>
                                <div class="field">
                                    <label for="remarks">{t!("supervision.remarks")}</label>
                                    <textarea id="remarks" name="remarks" maxlength="1000">{query_param("remarks").unwrap_or_default()}</textarea>
                                </div>
                                <button type="submit" class="button primary">{t!("supervision.confirm")}</button>
                            </ActionForm>
                        })}
                    </section>
                    <section class="card">
                        <h2>{t!("supervision.actions")}</h2>
                        <ul class="list" data-testid="actions">
                            {s.actions.into_iter().map(|a| {
                                let done = ServerAction::<CompleteAction>::new();
                                let can_close = a.done_at.is_none() && (a.owner_id == me || s.mentor_id == me);
                                view! {
                                    <li class="row-between">
                                        <span>{a.description.clone()}<span class="muted small">{format!(" · {} · {}", a.owner, a.due_on)}</span></span>
                                        {match a.done_at {
                                            Some(_) => view! { <span class="status status-competent">{t!("supervision.done")}</span> }.into_any(),
                                            None if can_close => view! {
                                                <ActionForm action=done attr:class="inline">
                                                    <input type="hidden" name="action_id" value=a.id/>
                                                    <button type="submit" class="button small">{t!("supervision.mark_done")}</button>
                                                </ActionForm>
                                            }.into_any(),
                                            None => view! { <span class="status">{t!("supervision.open")}</span> }.into_any(),
                                        }}
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    </section>
                    <section class="card">
                        <h2>{t!("supervision.corrections")}</h2>
                        <Thread notes=s.corrections testid="corrections"/>
                        {involved.then(|| view! {
                            <ActionForm action=correct>
                                <input type="hidden" name="session_id" value=id/>
                                <div class="field">
                                    <label for="body">{t!("supervision.add_correction")}</label>
                                    <textarea id="body" name="body" required=true maxlength="1000"></textarea>
                                </div>
                                <button type="submit" class="button">{t!("supervision.append")}</button>
                            </ActionForm>
                        })}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
