//! One practice as lists and the review page show it.

use leptos::prelude::*;

use crate::i18n::t;
use crate::model::competency::Practice;

/// Date, items, setting, level, the beneficiary's pseudonym and the rendered reflection.
#[component]
pub fn PracticeCard(practice: Practice, #[prop(optional)] link: bool) -> impl IntoView {
    let heading = format!(
        "{} · {}",
        practice.practised_on,
        practice.item_codes.join("、")
    );
    let place = [practice.township.as_str(), practice.village.as_str()]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let who = if practice.alias.is_empty() {
        String::new()
    } else {
        format!("{}（{}）", practice.alias, practice.age_band)
    };
    view! {
        <article class="practice" data-testid="practice">
            <h3>
                {if link {
                    view! { <a href=format!("/practice/{}", practice.id)>{heading}</a> }.into_any()
                } else {
                    view! { <span>{heading}</span> }.into_any()
                }}
            </h3>
            <p class="tags">
                <span class="badge">{t(&practice.setting.label_key())}</span>
                <span class="badge">{t(&practice.level.label_key())}</span>
                {match (practice.mentor_observed, practice.observation_confirmed) {
                    (true, true) => Some(view! { <span class="badge">{t!("practice.observed")}</span> }.into_any()),
                    (true, false) => Some(view! { <span class="badge" data-testid="observation-unconfirmed">{t!("practice.observation_unconfirmed")}</span> }.into_any()),
                    _ => None,
                }}
                {practice.locked.then(|| view! { <span class="badge">{t!("practice.locked")}</span> })}
            </p>
            <p class="muted small">
                {place}
                " "
                {who}
                " "
                {practice.project.clone().unwrap_or_default()}
                " · "
                {t!("practice.recorded_by")}
                {practice.recorded_by.clone()}
            </p>
            // Rendered and sanitised on the server (server/markdown.rs); never raw user HTML.
            <div class="reflection" inner_html=practice.reflection_html></div>
        </article>
    }
}
