//! One framework version: read-only when published; editable, extensible and publishable as a
//! draft.

use leptos::form::ActionForm;
use leptos::prelude::*;

use crate::api::framework::{AddItem, EditItem, Publish, RemoveItem, framework_version};
use crate::components::form::alert::{ErrorAlert, SavedAlert};
use crate::components::form::query::{path_id, query_param};
use crate::components::layout::page_error::PageError;
use crate::error::AppError;
use crate::i18n::t;
use crate::model::competency::{Item, SignOffRule};

fn rule_fields(rule: SignOffRule, prefix: String) -> impl IntoView {
    let total_id = format!("{prefix}-min-independent");
    let real_id = format!("{prefix}-min-real");
    let (total_for, real_for) = (total_id.clone(), real_id.clone());
    view! {
        <div class="two">
            <div class="field">
                <label for=total_for>{t!("framework.min_independent")}</label>
                <input id=total_id name="min_independent" type="number" min="0" max="10" inputmode="numeric" value=rule.min_independent/>
            </div>
            <div class="field">
                <label for=real_for>{t!("framework.min_real_observed")}</label>
                <input id=real_id name="min_real_observed" type="number" min="0" max="10" inputmode="numeric" value=rule.min_real_observed/>
            </div>
        </div>
    }
}

fn item_editor(version_id: i64, item: Item) -> impl IntoView {
    let edit = ServerAction::<EditItem>::new();
    let remove = ServerAction::<RemoveItem>::new();
    let prefix = format!("item-{}", item.id);
    let (title_id, desc_id, ev_id) = (
        format!("{prefix}-title"),
        format!("{prefix}-desc"),
        format!("{prefix}-evidence"),
    );
    let (title_for, desc_for, ev_for) = (title_id.clone(), desc_id.clone(), ev_id.clone());
    view! {
        <details class="area" data-testid=format!("edit-{}", item.code)>
            <summary>{format!("{} {}", item.code, item.title)}</summary>
            <ActionForm action=edit>
                <input type="hidden" name="version_id" value=version_id/>
                <input type="hidden" name="item_id" value=item.id/>
                <div class="field">
                    <label for=title_for>{t!("framework.item_title")}</label>
                    <input id=title_id name="title" value=item.title.clone() required=true maxlength="120"/>
                </div>
                <div class="field">
                    <label for=desc_for>{t!("framework.description")}</label>
                    <textarea id=desc_id name="description" maxlength="5000">{item.description_md.clone()}</textarea>
                </div>
                <div class="field">
                    <label for=ev_for>{t!("framework.evidence")}</label>
                    <input id=ev_id name="evidence" value=item.evidence.clone() maxlength="500"/>
                </div>
                {rule_fields(item.rule, prefix)}
                <button type="submit" class="button primary">{t!("framework.save_item")}</button>
            </ActionForm>
            <ActionForm action=remove>
                <input type="hidden" name="version_id" value=version_id/>
                <input type="hidden" name="item_id" value=item.id/>
                <button type="submit" class="button danger small">{t!("framework.remove_item")}</button>
            </ActionForm>
        </details>
    }
}

/// The version's areas and items.
#[component]
pub fn FrameworkPage() -> impl IntoView {
    let id = path_id();
    let saved = query_param("saved");
    let error = query_param("error");
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Some(id) = id else {
                    return view! { <PageError error=AppError::NotFound/> }.into_any();
                };
                let framework = match framework_version(id).await {
                    Ok(f) => f,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let draft = framework.published_at.is_none();
                let publish = ServerAction::<Publish>::new();
                view! {
                    <section class="card">
                        <p><a href="/admin/frameworks">{t!("framework.back")}</a></p>
                        <h1 data-testid="framework-title">
                            {format!("{} v{} · ", framework.name, framework.version)}
                            {if draft { t!("framework.draft") } else { t!("framework.published") }}
                        </h1>
                        <SavedAlert code=saved/>
                        <ErrorAlert code=error/>
                        {if draft {
                            view! {
                                <ActionForm action=publish>
                                    <input type="hidden" name="version_id" value=id/>
                                    <p class="muted">{t!("framework.publish_note")}</p>
                                    <button type="submit" class="button primary">{t!("framework.publish")}</button>
                                </ActionForm>
                            }
                                .into_any()
                        } else {
                            view! { <p class="muted">{t!("framework.fixed_note")}</p> }.into_any()
                        }}
                    </section>
                    {framework
                        .areas
                        .into_iter()
                        .map(|area| {
                            let add = ServerAction::<AddItem>::new();
                            let area_code = area.code.clone();
                            let prefix = format!("new-{}", area.code);
                            let (code_id, title_id) = (format!("{prefix}-code"), format!("{prefix}-title"));
                            let (code_for, title_for) = (code_id.clone(), title_id.clone());
                            view! {
                                <section class="card">
                                    <h2>{format!("{} {}", area.code, area.title)}</h2>
                                    {area
                                        .items
                                        .into_iter()
                                        .map(|item| {
                                            if draft {
                                                item_editor(id, item).into_any()
                                            } else {
                                                view! {
                                                    <div class="practice">
                                                        <h3>{format!("{} {}", item.code, item.title)}</h3>
                                                        <div class="description" inner_html=item.description_html></div>
                                                        <p class="muted small">{item.evidence}</p>
                                                    </div>
                                                }
                                                    .into_any()
                                            }
                                        })
                                        .collect_view()}
                                    {draft.then(|| view! {
                                        <details class="area">
                                            <summary>{t!("framework.add_item")}</summary>
                                            <ActionForm action=add>
                                                <input type="hidden" name="version_id" value=id/>
                                                <input type="hidden" name="area_code" value=area_code/>
                                                <div class="two">
                                                    <div class="field">
                                                        <label for=code_for>{t!("framework.item_code")}</label>
                                                        <input id=code_id name="code" required=true maxlength="4"/>
                                                    </div>
                                                    <div class="field">
                                                        <label for=title_for>{t!("framework.item_title")}</label>
                                                        <input id=title_id name="title" required=true maxlength="120"/>
                                                    </div>
                                                </div>
                                                {rule_fields(SignOffRule::default(), prefix)}
                                                <button type="submit" class="button">{t!("framework.add_item")}</button>
                                            </ActionForm>
                                        </details>
                                    })}
                                </section>
                            }
                        })
                        .collect_view()}
                }
                .into_any()
            })}
        </Suspense>
    }
}
