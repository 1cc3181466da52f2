//! "Preview": an island that asks the server to render the Markdown typed so far, with the
//! same sanitiser that renders saved text. Without JavaScript it stays hidden; the text is
//! rendered once saved.
//!
//! The island takes no props and calls the server with the browser's own `fetch` and `JSON`:
//! island props and server-function calls are what pull `serde_json` and its number
//! formatting into the WASM, and every byte of it crosses a village network.

use leptos::prelude::*;

/// A button (its label is the children) under the `<textarea>` of the same `.field`, and the
/// rendered preview below it.
#[island]
pub fn MarkdownPreview(children: Children) -> impl IntoView {
    let ready = RwSignal::new(false);
    let html = RwSignal::new(String::new());
    Effect::new(move |_| ready.set(true));
    let preview = move |ev: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        {
            let Some(text) = browser::field_text(&ev) else {
                return;
            };
            leptos::task::spawn_local(async move {
                if let Some(rendered) = browser::render(&text).await {
                    html.set(rendered);
                }
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, html);
    };
    view! {
        <div class="preview" hidden=move || !ready.get()>
            <button type="button" class="button small" on:click=preview data-testid="preview-button">{children()}</button>
            // The server's sanitised rendering (server/markdown.rs), never the raw input.
            <div class="reflection preview-body" data-testid="preview" inner_html=move || html.get()></div>
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;

    /// The text of the textarea in the clicked button's `.field`.
    pub fn field_text(ev: &leptos::ev::MouseEvent) -> Option<String> {
        let button = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        let area = button
            .closest(".field")
            .ok()??
            .query_selector("textarea")
            .ok()??;
        Some(
            area.dyn_into::<web_sys::HtmlTextAreaElement>()
                .ok()?
                .value(),
        )
    }

    /// POSTs the text to the `preview_markdown` server function (crate::api::markdown) as a
    /// form would, and reads its JSON string answer; `None` on any failure (the preview simply
    /// does not change).
    pub async fn render(text: &str) -> Option<String> {
        let form = web_sys::UrlSearchParams::new().ok()?;
        form.append("text", text);
        let init = web_sys::RequestInit::new();
        init.set_method("POST");
        init.set_body(&form);
        let request =
            web_sys::Request::new_with_str_and_init("/api/markdown/preview", &init).ok()?;
        request.headers().set("Accept", "application/json").ok()?;
        let response: web_sys::Response =
            JsFuture::from(web_sys::window()?.fetch_with_request(&request))
                .await
                .ok()?
                .dyn_into()
                .ok()?;
        if !response.ok() {
            return None;
        }
        let body = JsFuture::from(response.text().ok()?).await.ok()?;
        js_sys::JSON::parse(&body.as_string()?).ok()?.as_string()
    }
}
