//! Signing in and out.

pub mod activate;
pub mod login;
pub mod sign_out;
