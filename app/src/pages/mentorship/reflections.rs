//! The reflection journal: a trainee writes; their mentors comment.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::auth::current_viewer;
use crate::api::mentorship::{CommentOnReflection, WriteReflection, reflections};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::markdown_preview::MarkdownPreview;
use crate::components::form::query::{FormFeedback, query_param};
use crate::components::layout::page_error::PageError;
use crate::components::layout::thread::Thread;
use crate::i18n::{error_message, t};
use crate::model::account::Role;
use crate::model::time::format_datetime;

/// Entries newest first with their comment threads; trainees also get the writing form.
#[component]
pub fn ReflectionsPage() -> impl IntoView {
    let feedback = FormFeedback::from_query();
    let saved = query_param("saved");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let entries = match reflections().await {
                    Ok(e) => e,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let is_trainee = current_viewer().await.ok().flatten().is_some_and(|v| v.has_role(Role::Trainee));
                let write = ServerAction::<WriteReflection>::new();
                let body_error = feedback.for_field("body");
                view! {
                    <section class="card">
                        <h1>{t!("reflections.title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=feedback.general()/>
                        {is_trainee.then(|| view! {
                            <ActionForm action=write>
                                <div class="field">
                                    <label for="title">{t!("reflections.entry_title")}</label>
                                    <input id="title" name="title" required=true maxlength="100" value=query_param("title").unwrap_or_default()/>
                                </div>
                                <div class="field">
                                    <label for="body">{t!("reflections.body")}</label>
                                    <textarea id="body" name="body" required=true maxlength="5000">{query_param("body").unwrap_or_default()}</textarea>
                                    <p class="hint">{t!("practice.reflection_hint")}</p>
                                    <MarkdownPreview>{t!("practice.preview")}</MarkdownPreview>
                                    {body_error.map(|c| view! { <p class="field-error" id="body-error">{error_message(&c)}</p> })}
                                </div>
                                <button type="submit" class="button primary">{t!("reflections.save")}</button>
                            </ActionForm>
                        })}
                    </section>
                    <div data-testid="reflections">
                        {entries.into_iter().map(|r| {
                            let comment = ServerAction::<CommentOnReflection>::new();
                            let field_id = format!("comment-{}", r.id);
                            let field_for = field_id.clone();
                            view! {
                                <article class="card" id=format!("r{}", r.id)>
                                    <h2>{r.title.clone()}</h2>
                                    <p class="muted small">{r.trainee.clone()}" · "{format_datetime(r.created_at)}</p>
                                    <div class="reflection" inner_html=r.body_html.clone()></div>
                                    <Thread notes=r.comments/>
                                    <ActionForm action=comment>
                                        <input type="hidden" name="reflection_id" value=r.id/>
                                        <label for=field_for>{t!("review.add_comment")}</label>
                                        <textarea id=field_id name="body" required=true maxlength="1000"></textarea>
                                        <button type="submit" class="button small">{t!("review.send")}</button>
                                    </ActionForm>
                                </article>
                            }
                        }).collect_view()}
                    </div>
                }
                .into_any()
            })}
        </Suspense>
    }
}
