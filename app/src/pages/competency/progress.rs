//! A trainee's progress: per area, per item, and the timeline. Printable for their file.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::competency::{RequestSignoff, RevokeSignoff, progress};
use crate::api::framework::MoveTrainee;
use crate::components::competency::area_chart::AreaChart;
use crate::components::competency::practice_card::PracticeCard;
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::i18n::{t, tf};
use crate::model::competency::{ItemStatus, RuleProgress, may_request_signoff};
use crate::model::time::format_datetime;

fn missing_text(rule: RuleProgress) -> String {
    let mut parts = Vec::new();
    if rule.missing_real_observed > 0 {
        parts.push(tf(
            "progress.missing_real",
            &[("n", &rule.missing_real_observed.to_string())],
        ));
    }
    let other = rule
        .missing_independent
        .saturating_sub(rule.missing_real_observed);
    if other > 0 {
        parts.push(tf(
            "progress.missing_independent",
            &[("n", &other.to_string())],
        ));
    }
    format!("{}{}", t!("progress.still_needs"), parts.join("，"))
}

/// `/progress` for the signed-in trainee, `/progress/:id` for mentors and coordinators.
#[component]
pub fn ProgressPage() -> impl IntoView {
    let trainee_id = path_id();
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let view = match progress(trainee_id).await {
                    Ok(v) => v,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let is_self = view.is_self;
                let can_decide = view.can_decide;
                let trainee = view.trainee_id;
                let areas = view.areas.clone();
                view! {
                    <section class="card">
                        <h1 data-testid="progress-title">{tf!("progress.title", &[("name", &view.trainee_name)])}</h1>
                        <p class="muted small">{view.framework.clone()}</p>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.error.clone()/>
                        <AreaChart areas/>
                        {view.can_move.then(|| {
                            let action = ServerAction::<MoveTrainee>::new();
                            view! {
                                <ActionForm action>
                                    <input type="hidden" name="trainee_id" value=trainee/>
                                    <button type="submit" class="button">{t!("progress.move")}</button>
                                </ActionForm>
                            }
                        })}
                        {can_decide.then(|| view! {
                            <p><a class="button" href=format!("/practice/new?for={trainee}")>{t!("progress.record_observed")}</a></p>
                        })}
                        <p class="muted small print-hint">{t!("progress.print_hint")}</p>
                    </section>
                    {view
                        .areas
                        .into_iter()
                        .map(|area| {
                            // Areas fold, so the page opens on the summary; what the trainee
                            // is working on (practised or waiting for a decision) stays open.
                            let open = area.items.iter().any(|i| {
                                matches!(
                                    i.status,
                                    ItemStatus::Practising | ItemStatus::Pending | ItemStatus::NeedsPractice
                                )
                            });
                            view! {
                                <details class="card area-card" open=open>
                                    <summary>
                                        <h2 data-testid=format!("area-{}", area.code)>
                                            {format!("{} {} · {}/{} ", area.code, area.title, area.competent, area.total)}
                                            {t!("itemstatus.competent")}
                                        </h2>
                                    </summary>
                                    <ul class="list">
                                        {area
                                            .items
                                            .into_iter()
                                            .map(|item| {
                                                let status = item.status;
                                                let can_request = is_self
                                                    && may_request_signoff(status, item.rule).is_ok();
                                                let explain = is_self
                                                    && !item.rule.met()
                                                    && !matches!(status, ItemStatus::Competent | ItemStatus::Pending);
                                                let request = ServerAction::<RequestSignoff>::new();
                                                let revoke = ServerAction::<RevokeSignoff>::new();
                                                let code = item.code.clone();
                                                let code_revoke = item.code.clone();
                                                let reason_id = format!("reason-{}", item.code);
                                                let reason_for = reason_id.clone();
                                                let li_id = format!("item-{}", item.code);
                                                view! {
                                                    <li data-testid=li_id>
                                                        <div class="row-between">
                                                            <span><strong>{item.code.clone()}</strong>" "{item.title.clone()}</span>
                                                            <span class=format!("status status-{}", status.as_str())>{t(&status.label_key())}</span>
                                                        </div>
                                                        <p class="muted small">{tf!("progress.practices", &[("n", &item.practices.to_string())])}</p>
                                                        {explain.then(|| view! { <p class="hint">{missing_text(item.rule)}</p> })}
                                                        {item.pending_request.map(|id| view! { <p class="small"><a href=format!("/review/{id}")>{t!("progress.open_request")}</a></p> })}
                                                        {can_request.then(|| view! {
                                                            <ActionForm action=request>
                                                                <input type="hidden" name="item_code" value=code/>
                                                                <button type="submit" class="button small">{t!("progress.request")}</button>
                                                            </ActionForm>
                                                        })}
                                                        {(can_decide && status == ItemStatus::Competent).then(|| view! {
                                                            <details class="revoke">
                                                                <summary>{t!("progress.revoke")}</summary>
                                                                <ActionForm action=revoke>
                                                                    <input type="hidden" name="trainee_id" value=trainee/>
                                                                    <input type="hidden" name="item_code" value=code_revoke/>
                                                                    <label for=reason_for>{t!("progress.revoke_reason")}</label>
                                                                    <textarea id=reason_id name="reason" required=true maxlength="1000"></textarea>
                                                                    <button type="submit" class="button danger small">{t!("progress.revoke_submit")}</button>
                                                                </ActionForm>
                                                            </details>
                                                        })}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                </details>
                            }
                        })
                        .collect_view()}
                    <section class="card">
                        <h2>{t!("progress.decisions")}</h2>
                        <ul class="list" data-testid="decisions">
                            {view
                                .decisions
                                .into_iter()
                                .map(|d| view! {
                                    <li>
                                        <strong>{d.item_code.clone()}</strong>" "
                                        {t(&d.outcome.label_key())}" · "{d.decided_by.clone()}" · "
                                        {format_datetime(d.decided_at)}
                                        {(!d.comment.is_empty()).then(|| view! { <div class="small">{d.comment.clone()}</div> })}
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                        <h2>{t!("progress.practice_log")}</h2>
                        {view
                            .practices
                            .into_iter()
                            .map(|practice| view! { <PracticeCard practice link=is_self/> })
                            .collect_view()}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
