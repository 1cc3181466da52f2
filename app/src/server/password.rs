//! Password hashing with Argon2id, off the async runtime and bounded.
//!
//! New hashes use OWASP's 7 MiB, five-pass setting for Argon2id, which its password storage
//! cheat sheet lists as equal in strength to the crate's default (19 MiB, two passes): the same
//! work, in a block that fits beside the server's 64 MB memory target. Hashes stored at other
//! settings still verify at their own and are made again at this one at the next sign-in
//! ([`needs_rehash`]).
//!
//! Argon2 is deliberately slow and memory-hard. Unbounded, a burst of sign-ins (even with
//! unknown names: they are checked against a dummy hash so timing tells nothing) runs one hash
//! per blocking thread and can take gigabytes. So one hash runs at a time (`SHEGONG_HASH_SLOTS`
//! allows more on a server with memory to spare); a sign-in that cannot start hashing within a
//! few seconds is told the server is busy. One slot checked 25 wrong passwords in 2 s here.
//!
//! Each hash gets its own block, given back to the system when it is done: the block is
//! reserved larger than glibc's largest mmap threshold (32 MiB), so malloc maps it on its own
//! and unmaps it on free instead of keeping it in a thread's arena (measured before: 437 MiB
//! kept after a burst with blocks from the arenas, 19 MiB kept for good with one reused block
//! per slot). Only the blocks Argon2 writes are ever touched (7 MiB, or a stored hash's own);
//! new hashes (registration, a password change) are made in the same block as checks.
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use rand::rngs::OsRng;
use tokio::sync::Semaphore;

use crate::error::AppError;

/// A hash of a password nobody knows, verified against when the account does not exist so
/// that a wrong username takes as long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=7168,t=5,p=1$c2hlZ29uZ2R1bW15c2FsdA$oK5mf/I50Z0vkuihYSR2IuRWBOhJDJCguO8QJOTA5jg";

/// Argon2's memory for new hashes, in KiB (OWASP: 7 MiB with five passes).
const MEMORY_KIB: u32 = 7 * 1024;

/// Argon2's passes over that memory for new hashes.
const PASSES: u32 = 5;

/// Argon2's lanes for new hashes.
const LANES: u32 = 1;

/// The settings of new hashes.
fn new_params() -> Result<Params, argon2::Error> {
    Params::new(MEMORY_KIB, PASSES, LANES, None)
}

/// How long a sign-in waits for a free hashing slot before it is told to retry.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(5);

/// The most memory one stored hash may ask for (64 MiB); anything larger is treated as broken.
const MAX_BLOCKS: usize = 64 * 1024;

/// The most hashes a server may be told to run at once (`SHEGONG_HASH_SLOTS` is checked
/// against it).
pub const MAX_SLOTS: u8 = 8;

/// Hashes that may run at once and their slots: one unless [`bound_hashes`] said otherwise
/// at startup.
static SLOTS: OnceLock<(usize, Arc<Semaphore>)> = OnceLock::new();

/// Sets how many hashes may run at once (1 to [`MAX_SLOTS`]); called once at startup, before
/// the first sign-in. Returns false when the bound was already set.
pub fn bound_hashes(slots: usize) -> bool {
    let slots = slots.clamp(1, usize::from(MAX_SLOTS));
    SLOTS.set((slots, Arc::new(Semaphore::new(slots)))).is_ok()
}

/// How many hashes may run at once in this process.
pub fn hash_bound() -> usize {
    bounded().0
}

fn bounded() -> &'static (usize, Arc<Semaphore>) {
    SLOTS.get_or_init(|| (1, Arc::new(Semaphore::new(1))))
}

fn slots() -> &'static Arc<Semaphore> {
    &bounded().1
}

/// Blocks reserved for each hash: 33 MiB, past glibc's largest mmap threshold (32 MiB), so
/// the reservation is mapped and unmapped on its own (see the module's note). It also holds a
/// hash stored at the crate's default (19 MiB) until its owner signs in again.
const RESERVED_BLOCKS: usize = 33 * 1024;

/// Runs `work` on a blocking thread once a hashing slot is free, with a memory block that goes
/// back to the system when it is done.
async fn with_slot<T: Send + 'static>(
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Result<T, AppError> {
    with_slot_of(slots(), work).await
}

/// [`with_slot`] with the slots given, so a test can count its own.
async fn with_slot_of<T: Send + 'static>(
    slots: &Arc<Semaphore>,
    work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
) -> Result<T, AppError> {
    let permit = tokio::time::timeout(WAIT_FOR_SLOT, Arc::clone(slots).acquire_owned())
        .await
        .map_err(|_| AppError::Busy)?
        .map_err(|_| AppError::Internal)?;
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&mut Vec::with_capacity(RESERVED_BLOCKS))
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "password hashing task failed");
        AppError::Internal
    })
}

/// Hashes `password` on a blocking thread, within the hashing bound, in the slot's block.
pub async fn hash(password: String) -> Result<String, AppError> {
    with_slot(move |memory| hash_in(&password, memory)).await?
}

/// Hashes `password` on the current thread (for the command line and demo data).
pub fn hash_now(password: &str) -> Result<String, AppError> {
    hash_in(password, &mut Vec::new())
}

/// Hashes `password` at the settings of new hashes, in a PHC string, using `memory` as
/// Argon2's working memory (grown if it is too small).
fn hash_in(password: &str, memory: &mut Vec<Block>) -> Result<String, AppError> {
    use argon2::password_hash::{Output, ParamsString};
    let salt = SaltString::generate(&mut OsRng);
    let made = new_params()
        .map_err(argon2::password_hash::Error::from)
        .and_then(|params| {
            let blocks = params.block_count();
            if memory.len() < blocks {
                memory.resize(blocks, Block::default());
            }
            let mut salt_buf = [0u8; 64];
            let salt_bytes = salt.as_salt().decode_b64(&mut salt_buf)?;
            let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
            let output = Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| {
                Ok(argon2.hash_password_into_with_memory(
                    password.as_bytes(),
                    salt_bytes,
                    out,
                    &mut memory[..blocks],
                )?)
            })?;
            Ok(PasswordHash {
                algorithm: Algorithm::Argon2id.ident(),
                version: Some(u32::from(Version::V0x13)),
                params: ParamsString::try_from(&params)?,
                salt: Some(salt.as_salt()),
                hash: Some(output),
            }
            .to_string())
        });
    made.map_err(|e: argon2::password_hash::Error| {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Internal
    })
}

/// True when `stored` is a well-formed hash made at other settings than new hashes use, so the
/// password it was just checked against should be hashed again.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    Algorithm::try_from(parsed.algorithm).ok() != Some(Algorithm::Argon2id)
        || parsed.version != Some(u32::from(Version::V0x13))
        || (params.m_cost(), params.t_cost(), params.p_cost()) != (MEMORY_KIB, PASSES, LANES)
}

/// Checks `password` against `stored` (or against a dummy when `stored` is `None`), within the
/// hashing bound. A malformed stored hash counts as a mismatch and is logged.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, AppError> {
    verify_within(slots(), password, stored).await
}

/// [`verify`] within the slots given.
async fn verify_within(
    slots: &Arc<Semaphore>,
    password: String,
    stored: Option<String>,
) -> Result<bool, AppError> {
    let known = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let matches = with_slot_of(slots, move |memory| {
        match verify_in(password.as_bytes(), &hash, memory) {
            Ok(matches) => matches,
            Err(e) => {
                tracing::error!(error = %e, "stored password hash is malformed");
                false
            }
        }
    })
    .await?;
    Ok(known && matches)
}

/// Verifies against a PHC-format Argon2 hash using `memory` as Argon2's working memory.
fn verify_in(
    password: &[u8],
    stored: &str,
    memory: &mut Vec<Block>,
) -> Result<bool, argon2::password_hash::Error> {
    use argon2::password_hash::Error;
    let parsed = PasswordHash::new(stored)?;
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed
        .version
        .map(Version::try_from)
        .transpose()?
        .unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let expected = parsed.hash.ok_or(Error::PhcStringField)?;
    let salt = parsed.salt.ok_or(Error::PhcStringField)?;
    let mut salt_buf = [0u8; 64];
    let salt = salt.decode_b64(&mut salt_buf)?;
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return Err(Error::ParamsMaxExceeded);
    }
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password, salt, &mut out, &mut memory[..blocks])
        .map_err(Error::from)?;
    // `Output` compares in constant time.
    Ok(argon2::password_hash::Output::new(&out)? == expected)
}

#[cfg(test)]
mod tests {
    use argon2::password_hash::PasswordHasher;

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
        assert!(
            !verify("x".to_owned(), Some("not a hash".to_owned()))
                .await
                .expect("verify")
        );
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_burst_of_checks_is_answered_and_gives_every_slot_back() {
        // Slots of its own: the shared ones are also used by tests running alongside.
        let slots = Arc::new(Semaphore::new(2));
        let h = hash_now("a-password").expect("hash");
        let checks: Vec<_> = (0..12)
            .map(|_| {
                let slots = Arc::clone(&slots);
                let h = h.clone();
                tokio::spawn(
                    async move { verify_within(&slots, "wrong".to_owned(), Some(h)).await },
                )
            })
            .collect();
        for check in checks {
            assert_eq!(check.await.expect("join"), Ok(false));
        }
        assert_eq!(slots.available_permits(), 2);
    }

    #[test]
    fn the_bound_is_set_once_and_never_raised_after_use() {
        let first = Arc::clone(slots());
        let bound = hash_bound();
        assert!(
            !bound_hashes(usize::from(MAX_SLOTS)),
            "a later call changed the bound"
        );
        assert!(Arc::ptr_eq(&first, slots()));
        assert_eq!(hash_bound(), bound);
    }

    #[test]
    fn the_reserved_block_holds_the_default_parameters() {
        // The crate's default (19 MiB, older hashes) fits without the vector growing into a new
        // allocation, and so do new hashes.
        assert!(Params::default().block_count() <= RESERVED_BLOCKS);
        let new = new_params().expect("valid settings");
        assert!(new.block_count() <= RESERVED_BLOCKS);
        assert_eq!(new.block_count() * std::mem::size_of::<Block>(), 7 << 20);
        assert!(RESERVED_BLOCKS * std::mem::size_of::<Block>() > 32 * 1024 * 1024);
    }

    #[test]
    fn new_hashes_and_the_dummy_use_the_new_settings_and_old_ones_are_made_again() {
        let new = hash_now("a-password").expect("hash");
        assert!(new.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{new}");
        assert!(!needs_rehash(&new));
        // A wrong username must cost what a wrong password does.
        assert!(!needs_rehash(DUMMY_HASH));
        let old = Argon2::default()
            .hash_password(b"a-password", &SaltString::generate(&mut OsRng))
            .expect("hash")
            .to_string();
        assert!(needs_rehash(&old));
        assert!(!needs_rehash("not a hash"));
    }

    #[tokio::test]
    async fn a_hash_made_in_the_slot_block_is_a_standard_phc_string() {
        use argon2::PasswordVerifier;
        let made = hash("口令-in-the-block".to_owned()).await.expect("hash");
        let parsed = PasswordHash::new(&made).expect("a PHC string");
        assert!(made.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{made}");
        // The crate's own verifier agrees, so nothing depends on this module's reading.
        assert!(
            Argon2::default()
                .verify_password("口令-in-the-block".as_bytes(), &parsed)
                .is_ok()
        );
        assert!(
            Argon2::default()
                .verify_password(b"another", &parsed)
                .is_err()
        );
        // Two hashes of one password differ by their salt.
        assert_ne!(made, hash_now("口令-in-the-block").expect("hash"));
    }

    #[tokio::test]
    async fn a_hash_stored_at_the_old_settings_still_verifies() {
        let old = Argon2::default()
            .hash_password(b"old-password", &SaltString::generate(&mut OsRng))
            .expect("hash")
            .to_string();
        assert!(
            verify("old-password".to_owned(), Some(old.clone()))
                .await
                .expect("verify")
        );
        assert!(!verify("other".to_owned(), Some(old)).await.expect("verify"));
    }
}
