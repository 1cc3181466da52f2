//! How a form post ends, the same way with or without JavaScript.
//!
//! Forms post to server functions. On success the browser is sent on to the next page. On a
//! mistake the form's page is rendered again in the answer to the post itself, with the error
//! next to its field and what the person typed kept (never passwords). Nothing typed goes into a
//! URL, so rejected text (say, an ID number refused in a reflection) never reaches browser
//! history or access logs. Unexpected failures are logged and shown as a generic error.

use std::sync::{Arc, Mutex, PoisonError};

use crate::error::AppError;
pub use crate::model::redirect::safe_target;
pub use crate::model::text::percent_encode as encode;

/// A refused form post: which page to render again, why, and what the person typed.
#[derive(Debug, Clone)]
pub struct Rejection {
    /// The form's page (a safe path on this site).
    pub back: String,
    /// Why the post was refused.
    pub error: AppError,
    /// Field values to put back into the form.
    pub kept: Vec<(String, String)>,
}

impl Rejection {
    /// What the page reads for query-style parameter `name`: the error code, its field, or a
    /// kept value. `None` when the rejection says nothing about `name`.
    pub fn param(&self, name: &str) -> Option<Option<String>> {
        match name {
            "error" => Some(Some(self.error.code())),
            "field" => Some(self.error.field().map(str::to_owned)),
            _ => self
                .kept
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| Some(v.clone()).filter(|v| !v.is_empty())),
        }
    }
}

/// Where [`finish`] leaves a rejection for the HTTP layer, which renders the form's page again
/// as the response to the post (status from the error).
#[derive(Debug, Clone, Default)]
pub struct RejectionSlot(Arc<Mutex<Option<Rejection>>>);

impl RejectionSlot {
    /// Takes the rejection left by the server function, if any.
    pub fn take(&self) -> Option<Rejection> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).take()
    }

    fn put(&self, rejection: Rejection) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(rejection);
    }
}

/// The rejection being rendered again on this request, if any (the HTTP layer puts it in the
/// request's extensions).
pub fn current_rejection() -> Option<Rejection> {
    leptos::prelude::use_context::<axum::http::request::Parts>()?
        .extensions
        .get::<Rejection>()
        .cloned()
}

/// Ends a form post: `Ok(next)` redirects to `next`; `Err` renders the form's page (`back`)
/// again with the error and the `kept` field values. A visitor whose session ended is sent to
/// sign in first. Every target passes [`safe_target`], so no input can make the redirect
/// invalid or lead off the site.
///
/// Always returns `Ok(())` so the redirect or page set here is what the browser gets.
pub fn finish(
    outcome: Result<String, AppError>,
    back: &str,
    kept: &[(&str, &str)],
) -> Result<(), AppError> {
    let back = safe_target(Some(back));
    let target = match outcome {
        Ok(next) => safe_target(Some(&next)),
        Err(AppError::NotSignedIn) => format!("/login?next={}", encode(&back)),
        Err(error) => {
            let rejection = Rejection {
                back: back.clone(),
                error,
                kept: kept
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                    .collect(),
            };
            match leptos::prelude::use_context::<RejectionSlot>() {
                Some(slot) => {
                    slot.put(rejection);
                    return Ok(());
                }
                // Without the HTTP layer (never in the app): the error code only, no input.
                None => back_with_error(&back, &rejection.error),
            }
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// `back` with the error code and its field appended to its query string (no typed input).
pub fn back_with_error(back: &str, err: &AppError) -> String {
    let sep = if back.contains('?') { '&' } else { '?' };
    let mut url = format!("{back}{sep}error={}", encode(&err.code()));
    if let Some(field) = err.field() {
        url.push_str("&field=");
        url.push_str(&encode(field));
    }
    url
}

/// Looks up non-empty parameters of a query string (`a=1&b=2`, with or without the `?`), as
/// the roster and hours filters read them.
pub fn query_lookup(query: &str) -> impl Fn(&str) -> Option<String> + use<> {
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.trim_start_matches('?').as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    move |name| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_without_the_http_layer_keep_no_input() {
        let url = back_with_error("/a?x=1", &AppError::invalid("mobile", "mobile_format"));
        assert_eq!(url, "/a?x=1&error=mobile_format&field=mobile");
    }

    #[test]
    fn a_rejection_answers_for_its_fields_only() {
        let rejection = Rejection {
            back: "/practice/new".into(),
            error: AppError::invalid("reflection", "contains_id_number"),
            kept: vec![
                ("reflection".into(), "身份证…".into()),
                ("village".into(), String::new()),
            ],
        };
        assert_eq!(
            rejection.param("error"),
            Some(Some("contains_id_number".into()))
        );
        assert_eq!(rejection.param("field"), Some(Some("reflection".into())));
        assert_eq!(rejection.param("reflection"), Some(Some("身份证…".into())));
        assert_eq!(rejection.param("village"), Some(None));
        assert_eq!(rejection.param("page"), None);
    }

    #[test]
    fn query_lookup_decodes_and_skips_empty_values() {
        let get = query_lookup("?q=%E7%8E%8B&station_id=&page=2");
        assert_eq!(get("q").as_deref(), Some("王"));
        assert_eq!(get("station_id"), None);
        assert_eq!(get("page").as_deref(), Some("2"));
        assert_eq!(get("missing"), None);
    }
}
