//! The account list: search, page through, open one, create one.

use leptos::prelude::*;

use crate::api::admin::list_accounts;
use crate::components::form::query::query_param;
use crate::components::layout::page_error::PageError;
use crate::i18n::t;
use crate::model::text::percent_encode;

/// Accounts this admin may see, fifty per page.
#[component]
pub fn AccountsPage() -> impl IntoView {
    let search = query_param("q").unwrap_or_default();
    let page = query_param("page")
        .and_then(|p| p.parse::<i64>().ok())
        .unwrap_or(0)
        .max(0);
    view! {
        <Suspense fallback=|| ()>
            {Suspend::new(async move {
                let list = match list_accounts(search.clone(), page).await {
                    Ok(list) => list,
                    Err(error) => return view! { <PageError error/> }.into_any(),
                };
                let page_link = |p: i64| format!("/admin/accounts?q={}&page={p}", percent_encode(&search));
                let prev = (list.page > 0).then(|| page_link(list.page - 1));
                let next = list.has_more.then(|| page_link(list.page + 1));
                view! {
                    <section class="card">
                        <div class="row-between">
                            <h1>{t!("accounts.title")}</h1>
                            <a class="button primary" href="/admin/accounts/new">{t!("accounts.new")}</a>
                        </div>
                        <form method="get" action="/admin/accounts" class="search" role="search">
                            <label for="q">{t!("accounts.search")}</label>
                            <input id="q" name="q" type="search" value=search.clone()/>
                            <button type="submit" class="button">{t!("accounts.search_submit")}</button>
                        </form>
                        <ul class="list" data-testid="accounts">
                            {list
                                .accounts
                                .into_iter()
                                .map(|a| {
                                    let roles = a
                                        .roles
                                        .iter()
                                        .map(|g| format!("{} · {}", t(g.role.label_key()), g.station_name))
                                        .collect::<Vec<_>>()
                                        .join("，");
                                    view! {
                                        <li class:inactive=!a.active>
                                            <a href=format!("/admin/accounts/{}", a.id)>
                                                <strong>{a.display_name}</strong>
                                                " "
                                                <span class="muted">{a.username}</span>
                                            </a>
                                            {(!a.active).then(|| view! { <span class="badge">{t!("accounts.inactive")}</span> })}
                                            <div class="muted small">{roles}</div>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                        <nav class="pager" aria-label=t!("pager.label")>
                            {prev.map(|href| view! { <a href=href rel="prev">{t!("pager.prev")}</a> })}
                            {next.map(|href| view! { <a href=href rel="next">{t!("pager.next")}</a> })}
                        </nav>
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}
