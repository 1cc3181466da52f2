//! The browser entry: wakes the islands on a server-rendered page, nothing else.

/// Called by the generated JS once the WASM has loaded.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Referenced so the islands are linked into the WASM.
    #[expect(unused_imports, reason = "links the islands' hydration functions")]
    use app::components::form::{
        markdown_preview::MarkdownPreview, password_toggle::PasswordToggle,
    };
    leptos::mount::hydrate_islands();
}
