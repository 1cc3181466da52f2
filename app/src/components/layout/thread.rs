//! A thread of short plain-text notes: request comments, reflection comments, corrections.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::model::time::format_datetime;

/// Author, time and text of each note, oldest first. Text is plain and shown escaped.
#[component]
pub fn Thread(
    /// (author, text, when).
    notes: Vec<(String, String, DateTime<Utc>)>,
    /// `data-testid` of the list.
    #[prop(optional)]
    testid: &'static str,
) -> impl IntoView {
    view! {
        <ul class="list" data-testid=testid>
            {notes
                .into_iter()
                .map(|(author, body, at)| {
                    view! {
                        <li>
                            <strong>{author}</strong>
                            " · "
                            <span class="muted small">{format_datetime(at)}</span>
                            <div>{body}</div>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
