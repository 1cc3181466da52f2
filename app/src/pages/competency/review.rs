//! One sign-off request: the evidence on one page, the thread, and the decision.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::competency::{CommentOnRequest, Decide, review};
use crate::components::competency::practice_card::PracticeCard;
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{FormFeedback, path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::components::layout::thread::Thread;
use crate::error::AppError;
use crate::i18n::{error_message, t};
use crate::model::competency::Outcome;
use crate::model::time::format_datetime;

/// The item, the practices and reflections, the comments and the decision form.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let id = path_id();
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Some(id) = id else {
                    return view! { <PageError error=AppError::NotFound/> }.into_any();
                };
                let r = match review(id).await {
                    Ok(r) => r,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let decide = ServerAction::<Decide>::new();
                let comment = ServerAction::<CommentOnRequest>::new();
                let comment_error = feedback.for_field("comment");
                let comment_invalid = comment_error.is_some();
                view! {
                    <section class="card">
                        <p><a href=format!("/progress/{}", r.trainee_id)>{r.trainee_name.clone()}</a></p>
                        <h1 data-testid="review-title">{format!("{} {}", r.item_code, r.item_title)}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.general()/>
                        <div class="description" inner_html=r.item_description_html.clone()></div>
                        <p class="small"><strong>{t!("review.look_for")}</strong>" "{r.item_evidence.clone()}</p>
                        <p class="muted small">{t!("review.requested")}" "{format_datetime(r.requested_at)}</p>
                        {r.decision.clone().map(|d| view! {
                            <p class="alert alert-ok" data-testid="decision">
                                {t(&d.outcome.label_key())}" · "{d.decided_by.clone()}" · "{format_datetime(d.decided_at)}
                                {(!d.comment.is_empty()).then(|| view! { <br/>{d.comment.clone()} })}
                            </p>
                        })}
                    </section>
                    {r.can_decide.then(|| view! {
                        <section class="card">
                            <h2>{t!("review.decide")}</h2>
                            <ActionForm action=decide>
                                <input type="hidden" name="request_id" value=id/>
                                <fieldset class="field">
                                    <legend>{t!("review.outcome")}</legend>
                                    <label class="check" for="outcome_competent">
                                        <input type="radio" id="outcome_competent" name="outcome" value=Outcome::Competent.as_str() required=true/>
                                        {t!("outcome.competent")}
                                    </label>
                                    <label class="check" for="outcome_needs_practice">
                                        <input type="radio" id="outcome_needs_practice" name="outcome" value=Outcome::NeedsPractice.as_str()/>
                                        {t!("outcome.needs_practice")}
                                    </label>
                                </fieldset>
                                <div class="field" class:field-invalid=comment_invalid>
                                    <label for="comment">{t!("review.comment")}</label>
                                    <textarea id="comment" name="comment" maxlength="1000">{query_param("comment").unwrap_or_default()}</textarea>
                                    {comment_error.map(|code| view! { <p class="field-error" id="comment-error">{error_message(&code)}</p> })}
                                </div>
                                <button type="submit" class="button primary">{t!("review.submit")}</button>
                            </ActionForm>
                        </section>
                    })}
                    <section class="card">
                        <h2>{t!("review.evidence")}</h2>
                        <div data-testid="evidence">
                            {r.practices.into_iter().map(|practice| view! { <PracticeCard practice/> }).collect_view()}
                        </div>
                    </section>
                    <section class="card">
                        <h2>{t!("review.thread")}</h2>
                        <Thread notes=r.comments testid="comments"/>
                        <ActionForm action=comment>
                            <input type="hidden" name="request_id" value=id/>
                            <div class="field">
                                <label for="body">{t!("review.add_comment")}</label>
                                <textarea id="body" name="body" required=true maxlength="1000"></textarea>
                            </div>
                            <button type="submit" class="button">{t!("review.send")}</button>
                        </ActionForm>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
