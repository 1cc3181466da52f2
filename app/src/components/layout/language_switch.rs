//! Switching between 中文 and English; a plain form per language, so it works without JS.

use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::form::query::current_path;

use crate::api::auth::SetLanguage;
use crate::i18n::{Locale, use_locale};

/// Two buttons, the current language marked; the choice is remembered in a cookie.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let location = use_location();
    let back = current_path(&location);
    let current = use_locale();
    let choices = [(Locale::ZhCn, "中文"), (Locale::En, "English")];
    view! {
        <div class="lang-switch" role="group" aria-label="Language / 语言">
            {choices
                .into_iter()
                .map(|(locale, label)| {
                    let action = ServerAction::<SetLanguage>::new();
                    let back = back.clone();
                    view! {
                        <ActionForm action attr:class="inline">
                            <input type="hidden" name="lang" value=locale.tag()/>
                            <input type="hidden" name="back" value=back/>
                            <button
                                type="submit"
                                class="link-button"
                                lang=locale.tag()
                                aria-pressed=if locale == current { "true" } else { "false" }
                            >
                                {label}
                            </button>
                        </ActionForm>
                    }
                })
                .collect_view()}
        </div>
    }
}
