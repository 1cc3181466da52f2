//! Sign-in throttling rules (OWASP's advice): hard per account *and* address, so a stranger
//! guessing from one address is stopped while the owner, elsewhere, can still sign in; soft per
//! account, with growing delays, so guessing from many addresses slows down without locking
//! anyone out; and a ceiling per address for everything tried from it.
//!
//! Each attempt is counted *before* the password is checked, atomically, so a burst of parallel
//! attempts can never evaluate more passwords than the limit allows.

use std::time::Duration;

/// How long a window lasts, from the first failure in it.
pub const WINDOW_MINUTES: i64 = 15;
/// Attempts one address may make at one account within the window.
pub const MAX_PER_ACCOUNT_AND_ADDRESS: i64 = 5;
/// Attempts one address may make at all accounts together (a shared village office network
/// needs room).
pub const MAX_PER_ADDRESS: i64 = 30;
/// Attempts at one account from anywhere before each further one is slowed down.
pub const SOFT_PER_ACCOUNT: i64 = 10;
/// Tries of one guessable code (a volunteer's check-in codes, one mobile number's activation)
/// within the window: enough for typos, far too few to walk through a million codes.
pub const MAX_CODE_TRIES: i64 = 10;
/// The longest a slowed-down attempt waits.
pub const MAX_DELAY: Duration = Duration::from_secs(8);

/// The counters after this attempt was counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttemptCounts {
    /// This account from this address.
    pub pair: i64,
    /// This account from anywhere.
    pub account: i64,
    /// Everything from this address.
    pub address: i64,
}

impl AttemptCounts {
    /// True when the attempt must be refused without checking the password.
    pub fn refused(&self) -> bool {
        self.pair > MAX_PER_ACCOUNT_AND_ADDRESS || self.address > MAX_PER_ADDRESS
    }

    /// True for the attempt that first crossed a limit (audited once, not on every refusal).
    pub fn first_refusal(&self) -> bool {
        self.pair == MAX_PER_ACCOUNT_AND_ADDRESS + 1 || self.address == MAX_PER_ADDRESS + 1
    }

    /// How long to wait before checking the password: nothing up to the soft limit, then
    /// 0.5 s, 1 s, 2 s, … up to [`MAX_DELAY`].
    pub fn delay(&self) -> Duration {
        let over = self.account - SOFT_PER_ACCOUNT;
        if over <= 0 {
            return Duration::ZERO;
        }
        let doublings = u32::try_from(over - 1).unwrap_or(u32::MAX).min(8);
        Duration::from_millis(500u64.saturating_mul(1 << doublings)).min(MAX_DELAY)
    }
}

/// The throttling key for what was typed: the account once the text resolves to one (so a
/// username and a mobile number share one budget), else the normalised text.
pub fn account_key(account_id: Option<i64>, typed: &str) -> String {
    match account_id {
        Some(id) => format!("id:{id}"),
        None => format!("name:{}", typed.trim().to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pair: i64, account: i64, address: i64) -> AttemptCounts {
        AttemptCounts {
            pair,
            account,
            address,
        }
    }

    #[test]
    fn one_address_is_stopped_at_one_account_but_others_are_not() {
        assert!(!counts(5, 5, 5).refused());
        assert!(counts(6, 6, 6).refused());
        assert!(counts(6, 6, 6).first_refusal());
        assert!(!counts(7, 7, 7).first_refusal());
        // The owner from another address, while a stranger has failed 40 times elsewhere.
        assert!(!counts(1, 41, 1).refused());
        assert!(
            counts(1, 1, 31).refused(),
            "one address trying many accounts"
        );
    }

    #[test]
    fn many_addresses_slow_an_account_down_without_locking_it() {
        assert_eq!(counts(1, 10, 1).delay(), Duration::ZERO);
        assert_eq!(counts(1, 11, 1).delay(), Duration::from_millis(500));
        assert_eq!(counts(1, 12, 1).delay(), Duration::from_secs(1));
        assert_eq!(counts(1, 14, 1).delay(), Duration::from_secs(4));
        assert_eq!(counts(1, 1_000, 1).delay(), MAX_DELAY);
    }

    #[test]
    fn a_username_and_a_mobile_number_share_the_account_budget() {
        assert_eq!(
            account_key(Some(7), "Admin"),
            account_key(Some(7), "13800000001")
        );
        assert_eq!(account_key(None, " Nobody "), "name:nobody");
    }
}
