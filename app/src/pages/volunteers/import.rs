//! Import volunteers or hour records from CSV. The upload is a plain multipart form (it works
//! before any script loads); the server checks every row first and imports nothing if any row
//! is wrong, listing each problem by row and column.

use leptos::prelude::*;

use crate::components::form::query::query_param;
use crate::i18n::{error_message, t, tf};

/// The import page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let imported = query_param("imported");
    let kind = query_param("kind").unwrap_or_default();
    // Problems arrive as `row:column:code` separated by `;` (at most 20 of them).
    let problems: Vec<(String, String, String)> = query_param("problems")
        .unwrap_or_default()
        .split(';')
        .filter_map(|p| {
            let mut parts = p.splitn(3, ':');
            Some((
                parts.next()?.to_owned(),
                parts.next()?.to_owned(),
                parts.next()?.to_owned(),
            ))
        })
        .collect();
    let more = query_param("more");
    let upload = |what: &'static str| {
        view! {
            <form method="post" action="/volunteers/import" enctype="multipart/form-data" data-testid=format!("import-{what}")>
                <input type="hidden" name="kind" value=what/>
                <label>{t(&format!("import.{what}_file"))}<input type="file" name="file" accept=".csv,text/csv" required=true/></label>
                <p class="small"><a href=format!("/volunteers/template-{what}.csv")>{t("import.template")}</a></p>
                <button type="submit" class="button primary">{t("import.submit")}</button>
            </form>
        }
    };
    view! {
        <section class="card">
            <h1>{t("import.title")}</h1>
            {imported.map(|n| view! { <p class="alert alert-ok" role="status" data-testid="import-ok">{tf("import.done", &[("n", &n), ("kind", &t(&format!("import.kind_{kind}")))])}</p> })}
            {(!problems.is_empty()).then(|| view! {
                <div class="alert alert-error" role="alert" data-testid="import-problems">
                    <p>{t("import.rejected")}</p>
                    <ul>
                        {problems.iter().map(|(row, column, code)| view! {
                            <li>{tf("import.problem", &[("row", row), ("column", column), ("reason", &error_message(code))])}</li>
                        }).collect_view()}
                    </ul>
                    {more.map(|n| view! { <p>{tf("import.more", &[("n", &n)])}</p> })}
                </div>
            })}
            <p class="muted small">{t("import.hint")}</p>
        </section>
        <section class="card">
            <h2>{t("import.volunteers")}</h2>
            {upload("volunteers")}
        </section>
        <section class="card">
            <h2>{t("import.hours")}</h2>
            {upload("hours")}
        </section>
    }
}
