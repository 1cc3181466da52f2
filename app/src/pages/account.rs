//! The signed-in person's own account.

pub mod password;
