//! Password hashing with Argon2id, run off the async runtime (it is deliberately slow).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::rngs::OsRng;

use crate::error::AppError;

/// A hash of a password nobody knows, verified against when the account does not exist so
/// that a wrong username takes as long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c2hlZ29uZ2R1bW15c2FsdA$FkqR8jd0fJhL5kSRWk0lHdTTqkY1DB5eUaCOrbNRF0M";

/// Hashes `password` on a blocking thread.
pub async fn hash(password: String) -> Result<String, AppError> {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing task failed");
            AppError::Internal
        })?
}

/// Hashes `password` on the current thread (for the command line and demo data).
pub fn hash_now(password: &str) -> Result<String, AppError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| {
            tracing::error!(error = %e, "password hashing failed");
            AppError::Internal
        })
}

/// Checks `password` against `stored` (or against a dummy when `stored` is `None`) on a
/// blocking thread. A malformed stored hash counts as a mismatch and is logged.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    let known = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let matches = tokio::task::spawn_blocking(move || match PasswordHash::new(&hash) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(e) => {
            tracing::error!(error = %e, "stored password hash is malformed");
            false
        }
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "password verification task failed");
        AppError::Internal
    })?;
    Ok(known && matches)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let h = hash("正确的密码123".to_owned()).await.expect("hash");
        assert!(
            verify("正确的密码123".to_owned(), Some(h.clone()))
                .await
                .expect("verify")
        );
        assert!(
            !verify("wrong-password".to_owned(), Some(h))
                .await
                .expect("verify")
        );
        assert!(!verify("anything".to_owned(), None).await.expect("verify"));
    }
}
