//! Administration: accounts, roles, audit log.

pub mod account;
pub mod account_new;
pub mod accounts;
pub mod audit;
pub mod framework;
pub mod frameworks;
