//! Framework versions: the published ones (fixed) and the draft being edited.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::framework::{CreateDraft, framework_versions};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::query_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;

/// Versions newest first, with a button to start a draft.
#[component]
pub fn FrameworksPage() -> impl IntoView {
    let saved = query_param("saved");
    let error = query_param("error");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let versions = match framework_versions().await {
                    Ok(v) => v,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let has_draft = versions.iter().any(|v| !v.published);
                let draft = ServerAction::<CreateDraft>::new();
                view! {
                    <section class="card">
                        <h1>{t!("framework.title")}</h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=error/>
                        <ul class="list" data-testid="versions">
                            {versions
                                .into_iter()
                                .map(|v| view! {
                                    <li class="row-between">
                                        <a href=format!("/admin/frameworks/{}", v.id)>{v.label.clone()}</a>
                                        <span class="muted small">
                                            {if v.published { t!("framework.published") } else { t!("framework.draft") }}
                                            " · "{v.trainees}" "{t!("framework.trainees")}
                                        </span>
                                    </li>
                                })
                                .collect_view()}
                        </ul>
                        {(!has_draft).then(|| view! {
                            <ActionForm action=draft>
                                <button type="submit" class="button primary">{t!("framework.new_draft")}</button>
                            </ActionForm>
                        })}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
