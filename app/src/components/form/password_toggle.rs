//! "Show password": an island, the one piece of the sign-in page that needs JavaScript. Without
//! it the checkbox stays hidden and the page works the same.

use leptos::prelude::*;

/// A checkbox that shows or hides the password input with id `target`.
#[island]
pub fn PasswordToggle(
    /// The id of the password input.
    target: String,
    /// The translated label.
    label: String,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let ready = RwSignal::new(false);
    Effect::new(move |_| ready.set(true));
    let toggle = move |_| {
        shown.update(|s| *s = !*s);
        let Some(input) = document().get_element_by_id(&target).and_then(|e| {
            leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlInputElement>(e).ok()
        }) else {
            return;
        };
        input.set_type(if shown.get_untracked() {
            "text"
        } else {
            "password"
        });
    };
    view! {
        <label class="toggle" hidden=move || !ready.get() data-testid="password-toggle">
            <input type="checkbox" on:change=toggle prop:checked=move || shown.get()/>
            {label}
        </label>
    }
}
