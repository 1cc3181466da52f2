//! Reading what a form post left in the URL: the error, its field and the kept input.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use leptos_router::location::Location;

/// The value of query parameter `name` on the current page, if present and not empty. When the
/// page is rendered again for a refused form post, the error, its field and the typed values
/// come from that post instead (they never travel in the URL).
pub fn query_param(name: &str) -> Option<String> {
    #[cfg(feature = "ssr")]
    if let Some(value) =
        crate::server::form::current_rejection().and_then(|rejection| rejection.param(name))
    {
        return value;
    }
    use_query_map()
        .with_untracked(|q| q.get(name))
        .filter(|v| !v.is_empty())
}

/// The value of query parameter `name` in the current URL, if present and not empty (filters
/// and page numbers: never a refused form's kept input).
pub fn url_param(name: &str) -> Option<String> {
    use_query_map()
        .with_untracked(|q| q.get(name))
        .filter(|v| !v.is_empty())
}

/// A typed value the HTTP layer attached to the request this page answers (say, a refused
/// upload's problems), if any. Only the server renders such answers.
pub fn attached<T: Clone + Send + Sync + 'static>() -> Option<T> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()?
            .extensions
            .get::<T>()
            .cloned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The `:id` segment of the current route as a number, if it is one.
pub fn path_id() -> Option<i64> {
    use_params_map()
        .with_untracked(|p| p.get("id"))
        .and_then(|s| s.parse().ok())
}

/// The current path with its query string, to come back to after a form post.
pub fn current_path(location: &Location) -> String {
    let path = location.pathname.get_untracked();
    let search = location.search.get_untracked();
    if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    }
}

/// The error a form post sent back, and the field it belongs to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormFeedback {
    /// Error code, if the last post failed.
    pub error: Option<String>,
    /// The field the error belongs to, if any.
    pub field: Option<String>,
}

impl FormFeedback {
    /// Reads `error` and `field` from the current URL.
    pub fn from_query() -> Self {
        Self {
            error: query_param("error"),
            field: query_param("field"),
        }
    }

    /// The error code for `field`, if the error belongs to it.
    pub fn for_field(&self, field: &str) -> Option<String> {
        (self.field.as_deref() == Some(field))
            .then(|| self.error.clone())
            .flatten()
    }

    /// The error code if it belongs to no particular field (shown at the top of the form).
    pub fn general(&self) -> Option<String> {
        if self.field.is_some() {
            None
        } else {
            self.error.clone()
        }
    }
}
