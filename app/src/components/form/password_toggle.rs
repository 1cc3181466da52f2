//! "Show password": an island, the one piece of the sign-in page that needs JavaScript. Without
//! it the checkbox stays hidden and the page works the same. No props (see markdown_preview.rs
//! for why): it finds the form's `password` input itself.

use leptos::prelude::*;

/// A checkbox (its label is the children) that shows or hides its form's `password` input.
#[island]
pub fn PasswordToggle(children: Children) -> impl IntoView {
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let toggle = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        browser::toggle(&ev);
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <label class="toggle" hidden=move || !ready.get() data-testid="password-toggle">
            <input type="checkbox" on:change=toggle/>
            {children()}
        </label>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use wasm_bindgen::JsCast;

    /// Shows the password while the checkbox is ticked.
    pub fn toggle(ev: &leptos::ev::Event) {
        let Some(boxed) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(input) = boxed
            .closest("form")
            .ok()
            .flatten()
            .and_then(|form| form.query_selector("input[name=password]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        input.set_type(if boxed.checked() { "text" } else { "password" });
    }
}
