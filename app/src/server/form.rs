//! How a form post ends, the same way with or without JavaScript.
//!
//! Forms post to server functions. On success the browser is sent on to the next page. On a
//! mistake the browser goes back to the form with the error code, the field it belongs to and
//! what the person typed (never passwords) in the query string, so the page shows the error next
//! to the field with the input kept. Unexpected failures are logged and shown as a generic error.

use crate::error::AppError;
pub use crate::model::text::percent_encode as encode;

/// Ends a form post: `Ok(next)` redirects to `next`; `Err` redirects back to `back` carrying the
/// error and the `kept` field values. A visitor whose session ended is sent to sign in first.
///
/// Always returns `Ok(())` so the redirect set here is the one the browser follows.
pub fn finish(
    outcome: Result<String, AppError>,
    back: &str,
    kept: &[(&str, &str)],
) -> Result<(), AppError> {
    let target = match outcome {
        Ok(next) => next,
        Err(AppError::NotSignedIn) => format!("/login?next={}", encode(back)),
        Err(err) => back_with_error(back, &err, kept),
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// `back` with `error`, `field` and the kept values appended to its query string.
pub fn back_with_error(back: &str, err: &AppError, kept: &[(&str, &str)]) -> String {
    let mut url = back.to_owned();
    let mut sep = if url.contains('?') { '&' } else { '?' };
    let mut push = |k: &str, v: &str| {
        url.push(sep);
        url.push_str(k);
        url.push('=');
        url.push_str(&encode(v));
        sep = '&';
    };
    push("error", &err.code());
    if let Some(field) = err.field() {
        push("field", field);
    }
    for (k, v) in kept {
        if !v.is_empty() {
            push(k, v);
        }
    }
    url
}

/// A local path to continue to after sign-in; anything else (another site, a scheme) becomes
/// the home page, so a crafted link cannot send people elsewhere.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_owned(),
        _ => "/".to_owned(),
    }
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
    fn errors_go_back_with_the_input_kept() {
        let url = back_with_error(
            "/login",
            &AppError::BadCredentials,
            &[("username", "李明 li"), ("next", "")],
        );
        assert_eq!(
            url,
            "/login?error=bad_credentials&username=%E6%9D%8E%E6%98%8E%20li"
        );
        let url = back_with_error("/a?x=1", &AppError::invalid("mobile", "mobile_format"), &[]);
        assert_eq!(url, "/a?x=1&error=mobile_format&field=mobile");
    }

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(safe_next(Some("/admin/accounts")), "/admin/accounts");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil")), "/");
        assert_eq!(safe_next(None), "/");
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
