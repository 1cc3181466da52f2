//! The outbox: records made on this phone without a connection, waiting to be sent
//! ("待发送 (n)"). The server renders it hidden with every sentence the script needs, in the
//! page's language; `offline.js` (built into `/pkg/<version>/`) shows and sends it. Only the
//! pages that work offline carry it (home, the practice form, an activity's attendance
//! checklist), so no other page downloads the offline code.

use leptos::prelude::*;

use crate::api::offline::outbox_data;
use crate::i18n::t;

/// The hidden outbox and the offline script, for the signed-in person; nothing for visitors.
#[component]
pub fn Outbox() -> impl IntoView {
    let script = use_context::<LeptosOptions>()
        .map(|o| format!("/{}/offline.js", o.site_pkg_dir))
        .unwrap_or_else(|| "/pkg/offline.js".to_owned());
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let Ok(data) = outbox_data().await else {
                    return ().into_any();
                };
                let keep = serde_json::to_string(&data.keep).unwrap_or_default();
                view! {
                    <section
                        class="card outbox"
                        id="outbox"
                        hidden=true
                        data-testid="outbox"
                        data-user=data.user_id
                        data-keep=keep
                        data-t-saved=t!("offline.saved")
                        data-t-sent=t!("offline.sent")
                        data-t-expired=t!("offline.expired")
                        data-t-failed=t!("offline.failed")
                        data-t-edit=t!("offline.edit")
                        data-t-discard=t!("offline.discard")
                        data-t-discard-confirm=t!("offline.discard_confirm")
                        data-t-practice=t!("offline.kind.practice")
                        data-t-attendance=t!("offline.kind.attendance")
                        data-t-ticked=t!("offline.ticked")
                    >
                        <h2>{t!("offline.title")}" ("<span data-outbox-count>"0"</span>")"</h2>
                        <p class="alert alert-ok" role="status" data-outbox-status hidden=true></p>
                        <p class="muted small">{t!("offline.hint")}</p>
                        <ul class="list" data-outbox-list></ul>
                    </section>
                    // `async`: fetched beside the page without holding up the moment
                    // the page counts as loaded; the script waits for the DOM itself.
                    <script src=script async=true></script>
                }
                .into_any()
            })}
        </Suspense>
    }
}
