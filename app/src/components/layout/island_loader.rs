//! Wakes the islands of a page (the password toggle, the Markdown preview) once the page has
//! loaded and the phone is idle. Leptos's own `HydrationScripts` also preloads the JS and WASM
//! at high priority from the `<head>`, so on a slow network their 55 KB compete with the page
//! itself for the first paint; the islands are conveniences that appear a moment later, and
//! nothing on the page waits for them (every form works without them).

use leptos::prelude::*;

/// The module script that loads `shegong.js` + `shegong_bg.wasm` after `load`, on idle, and
/// hydrates each `<leptos-island>` with the function the WASM exports under its name.
#[component]
pub fn IslandLoader(options: LeptosOptions) -> impl IntoView {
    // As `HydrationScripts` does in islands mode: only islands hydrate, so the server keeps no
    // resource data for the rest of the page.
    if let Some(context) = Owner::current_shared_context() {
        context.set_is_hydrating(false);
    }
    let nonce = leptos::nonce::use_nonce();
    let pkg = format!("/{}", options.site_pkg_dir);
    let script = format!("const pkg = {pkg:?};\n{}", include_str!("island_loader.js"));
    view! { <script type="module" nonce=nonce inner_html=script></script> }
}
