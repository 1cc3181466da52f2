//! A labelled input that shows its own error and keeps what was typed.

use leptos::prelude::*;

use crate::i18n::{error_message, t};

/// A labelled `<input>`. `value` is what the person typed last time (from the URL after a
/// rejected post); `error` is the code of this field's error, shown under it.
#[component]
pub fn TextField(
    /// The form field's name (and the input's id).
    name: &'static str,
    /// Translation key of the label.
    label_key: &'static str,
    /// Prefilled value.
    #[prop(default = None)]
    value: Option<String>,
    /// Error code for this field.
    #[prop(default = None)]
    error: Option<String>,
    /// `text`, `password`, `tel`…
    #[prop(default = "text")]
    input_type: &'static str,
    /// The `autocomplete` hint.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// Marks the field required (the server checks again).
    #[prop(optional)]
    required: bool,
    /// Maximum characters.
    #[prop(optional)]
    maxlength: Option<u32>,
    /// The `inputmode` hint for phone keyboards.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// Translation key of a hint under the field.
    #[prop(optional)]
    hint_key: Option<&'static str>,
) -> impl IntoView {
    let error_id = format!("{name}-error");
    let hint_id = format!("{name}-hint");
    let described = match (error.is_some(), hint_key.is_some()) {
        (true, _) => Some(error_id.clone()),
        (false, true) => Some(hint_id.clone()),
        (false, false) => None,
    };
    let invalid = error.is_some();
    view! {
        <div class="field" class:field-invalid=invalid>
            <label for=name>{t(label_key)}</label>
            <input
                id=name
                name=name
                type=input_type
                value=value
                autocomplete=autocomplete
                required=required
                maxlength=maxlength
                inputmode=inputmode
                aria-invalid=invalid.then_some("true")
                aria-describedby=described
            />
            {hint_key.map(|key| view! { <p class="hint" id=hint_id.clone()>{t(key)}</p> })}
            {error.map(|code| view! { <p class="field-error" id=error_id.clone()>{error_message(&code)}</p> })}
        </div>
    }
}
