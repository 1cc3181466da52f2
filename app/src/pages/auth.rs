//! Signing in and out.

pub mod login;
pub mod sign_out;
pub mod activate;
