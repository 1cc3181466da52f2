//! Everything that runs only on the server: the database, sessions, password hashing,
//! form plumbing. Nothing here is compiled into the WASM.

pub mod auth;
pub mod chart;
pub mod checkin;
pub mod config;
pub mod csv;
pub mod db;
pub mod form;
pub mod markdown;
pub mod overview;
pub mod password;
pub mod pdf;
pub mod xlsx;
