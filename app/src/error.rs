//! The one error type that crosses from server to browser.
//!
//! It carries codes, never text from the database or the server: the page turns a code into a
//! translated sentence, and the server logs the real cause before it answers `Internal`.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, as far as the person using Shegong needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No valid session: the person must sign in.
    #[error("not signed in")]
    NotSignedIn,
    /// Signed in, but this person may not do this here.
    #[error("forbidden")]
    Forbidden,
    /// The record does not exist or is not visible to this person.
    #[error("not found")]
    NotFound,
    /// Username or password did not match (deliberately not saying which).
    #[error("wrong username or password")]
    BadCredentials,
    /// The password was right but an admin has deactivated the account.
    #[error("account deactivated")]
    AccountInactive,
    /// Too many failed sign-ins for this account or address; wait and retry.
    #[error("too many attempts")]
    TooManyAttempts,
    /// The server is busy (e.g. too many sign-ins checking passwords at once); retry shortly.
    #[error("busy")]
    Busy,
    /// A form field failed validation; `code` names the rule that failed.
    #[error("invalid {field}: {code}")]
    Invalid {
        /// The form field's name.
        field: String,
        /// The rule that failed, e.g. `required` or `too_long`.
        code: String,
    },
    /// The action clashes with existing data (e.g. a username already taken).
    #[error("conflict: {0}")]
    Conflict(String),
    /// Something unexpected; the cause is in the server log, not here.
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// Shorthand for a validation failure on one field.
    pub fn invalid(field: &str, code: &str) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            code: code.to_owned(),
        }
    }

    /// A short, stable code for URLs and the translation files (`error.<code>`).
    pub fn code(&self) -> String {
        match self {
            Self::NotSignedIn => "not_signed_in".into(),
            Self::Forbidden => "forbidden".into(),
            Self::NotFound => "not_found".into(),
            Self::BadCredentials => "bad_credentials".into(),
            Self::AccountInactive => "account_inactive".into(),
            Self::TooManyAttempts => "too_many_attempts".into(),
            Self::Busy => "busy".into(),
            Self::Invalid { code, .. } => code.clone(),
            Self::Conflict(code) => code.clone(),
            Self::Internal => "internal".into(),
        }
    }

    /// The HTTP status this error is answered with, wherever it is answered (server functions,
    /// pages, forms rendered again, CSV routes).
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            Self::NotSignedIn | Self::BadCredentials => StatusCode::UNAUTHORIZED,
            Self::Forbidden | Self::AccountInactive => StatusCode::FORBIDDEN,
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The form field this error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        tracing::warn!(error = %value, "server function failed before or after running");
        match value {
            // A malformed request is the client's mistake, but nothing the person can fix by
            // reading a field name; treat it like any other unexpected failure.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_) => Self::invalid("form", "malformed"),
            _ => Self::Internal,
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        tracing::error!(error = %err, "database error");
        crate::server::config::DatabaseFailed::mark_current();
        Self::Internal
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable_for_translation() {
        assert_eq!(AppError::BadCredentials.code(), "bad_credentials");
        assert_eq!(AppError::invalid("username", "required").code(), "required");
        assert_eq!(
            AppError::invalid("username", "required").field(),
            Some("username")
        );
        assert_eq!(AppError::Forbidden.field(), None);
    }

    #[test]
    fn expected_errors_have_their_own_status() {
        let status = |e: AppError| e.status().as_u16();
        assert_eq!(status(AppError::NotSignedIn), 401);
        assert_eq!(status(AppError::Forbidden), 403);
        assert_eq!(status(AppError::NotFound), 404);
        assert_eq!(status(AppError::invalid("name", "required")), 422);
        assert_eq!(status(AppError::Conflict("taken".into())), 409);
        assert_eq!(status(AppError::TooManyAttempts), 429);
        assert_eq!(status(AppError::Busy), 503);
        assert_eq!(status(AppError::Internal), 500);
    }
}
