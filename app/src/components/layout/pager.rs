//! Previous / next links under a long list, for counts that may stop at the cap.

use leptos::prelude::*;

use crate::i18n::{t, tf};
use crate::model::volunteer::{MAX_PAGE, page_count};

/// Links to the pages before and after `page` of a list at `href` (`…?filters`; `&page=n` is
/// added) that matched `total` (counted up to the cap, see [`page_count`]), `shown` rows being on
/// this page. Past the cap the page count reads "200+" and "next" is offered while pages are full.
#[component]
pub fn Pager(href: String, page: i64, total: i64, page_size: i64, shown: usize) -> impl IntoView {
    let (pages, more) = page_count(total, page_size);
    let full = i64::try_from(shown).unwrap_or(0) >= page_size;
    let prev = (page > 1).then(|| format!("{href}&page={}", page - 1));
    let next = (page < pages || (more && full && page < MAX_PAGE))
        .then(|| format!("{href}&page={}", page + 1));
    let of = if more {
        format!("{}+", pages.max(page))
    } else {
        pages.max(1).to_string()
    };
    view! {
        <nav class="pager" aria-label=t!("pager.label")>
            {prev.map(|h| view! { <a href=h rel="prev">{t!("pager.prev")}</a> })}
            <span>{tf!("pager.page", &[("n", &page.to_string()), ("of", &of)])}</span>
            {next.map(|h| view! { <a href=h rel="next">{t!("pager.next")}</a> })}
        </nav>
    }
}
