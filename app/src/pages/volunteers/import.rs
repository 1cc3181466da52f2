//! Import volunteers or hour records from CSV or Excel. The upload is a plain multipart form (it
//! works before any script loads); the server checks every row first and imports nothing if any
//! row is wrong, listing each problem by row and column. With a script the page shows how much
//! of the file has gone up and that the rows are being checked (`upload_progress.js`).

use leptos::prelude::*;

use crate::components::form::query::{attached, query_param};
use crate::i18n::{error_message, t, tf};
use crate::model::import::{ImportDone, ImportRejected};

/// The import page: the two upload forms, and what the last upload did.
#[component]
pub fn ImportPage() -> impl IntoView {
    let done = ImportDone::from_query(query_param);
    let rejected = attached::<ImportRejected>();
    let upload = |what: &'static str| {
        view! {
            <form
                method="post"
                action="/volunteers/import"
                enctype="multipart/form-data"
                data-testid=format!("import-{what}")
                data-progress=""
                data-t-sending=t!("import.sending")
                data-t-checking=t!("import.checking")
                data-t-failed=t!("import.failed")
            >
                <input type="hidden" name="kind" value=what/>
                <label>{t(&format!("import.{what}_file"))}<input type="file" name="file" accept=".csv,text/csv,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required=true/></label>
                <p class="small">
                    <a href=format!("/volunteers/template-{what}.xlsx") data-testid=format!("template-{what}-xlsx")>{t!("import.template_xlsx")}</a>
                    " · "
                    <a href=format!("/volunteers/template-{what}.csv")>{t!("import.template")}</a>
                </p>
                <progress hidden=true data-testid=format!("import-progress-{what}")></progress>
                <p class="small" role="status" data-progress-status="" hidden=true></p>
                <button type="submit" class="button primary">{t!("import.submit")}</button>
            </form>
        }
    };
    view! {
        <section class="card">
            <h1>{t!("import.title")}</h1>
            {done.map(|d| view! { <p class="alert alert-ok" role="status" data-testid="import-ok">{tf!("import.done", &[("n", &d.count.to_string()), ("kind", &t(&format!("import.kind_{}", d.kind.as_str())))])}</p> })}
            {rejected.map(|r| view! {
                <div class="alert alert-error" role="alert" data-testid="import-problems">
                    <p>{t!("import.rejected")}</p>
                    <ul>
                        {r.problems.into_iter().map(|p| view! {
                            <li>{if p.row == 0 {
                                tf!("import.problem_file", &[("reason", &error_message(&p.code))])
                            } else if p.column.is_empty() {
                                tf!("import.problem_row", &[("row", &p.row.to_string()), ("reason", &error_message(&p.code))])
                            } else {
                                tf!("import.problem", &[("row", &p.row.to_string()), ("column", &p.column), ("reason", &error_message(&p.code))])
                            }}</li>
                        }).collect_view()}
                    </ul>
                    {(r.more > 0).then(|| view! { <p>{tf!("import.more", &[("n", &r.more.to_string())])}</p> })}
                </div>
            })}
            <p class="muted small">{t!("import.hint")}</p>
        </section>
        <section class="card">
            <h2>{t!("import.volunteers")}</h2>
            {upload("volunteers")}
        </section>
        <section class="card">
            <h2>{t!("import.hours")}</h2>
            {upload("hours")}
        </section>
        // Inline, with this response's nonce: a kilobyte that only this page needs.
        <script nonce=leptos::nonce::use_nonce() inner_html=include_str!("upload_progress.js")></script>
    }
}
