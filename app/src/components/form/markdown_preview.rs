//! "Preview": an island that asks the server to render the Markdown typed so far, with the
//! same sanitiser that renders saved text. Without JavaScript it stays hidden; the text is
//! rendered once saved.

use leptos::prelude::*;

use crate::api::markdown::preview_markdown;

/// A button under the textarea with id `target`, and the rendered preview below it.
#[island]
pub fn MarkdownPreview(
    /// The id of the textarea.
    target: String,
    /// The translated button label.
    label: String,
) -> impl IntoView {
    let ready = RwSignal::new(false);
    let html = RwSignal::new(String::new());
    Effect::new(move |_| ready.set(true));
    let preview = move |_| {
        let text = document()
            .get_element_by_id(&target)
            .and_then(|e| {
                leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlTextAreaElement>(e)
                    .ok()
            })
            .map(|t| t.value())
            .unwrap_or_default();
        leptos::task::spawn_local(async move {
            if let Ok(rendered) = preview_markdown(text).await {
                html.set(rendered);
            }
        });
    };
    view! {
        <div class="preview" hidden=move || !ready.get()>
            <button type="button" class="button small" on:click=preview data-testid="preview-button">{label}</button>
            // The server's sanitised rendering (server/markdown.rs), never the raw input.
            <div class="reflection preview-body" data-testid="preview" inner_html=move || html.get()></div>
        </div>
    }
}
