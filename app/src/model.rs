//! Types shared by server and browser: records as the pages see them, and the validation
//! newtypes that both sides use so a rule is written once.

pub mod account;
pub mod audit;
pub mod competency;
pub mod confirmation;
pub mod mentorship;
pub mod permission;
pub mod privacy;
pub mod redirect;
pub mod station;
pub mod text;
pub mod throttle;
pub mod time;
pub mod volunteer;
