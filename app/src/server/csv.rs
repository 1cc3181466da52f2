//! CSV in and out, as Chinese Excel reads and writes it: UTF-8 with a byte-order mark, CRLF,
//! quoted fields. Exports are masked and logged; imports validate every row before one
//! transaction writes them all, and name the row and column of every problem.

use chrono::NaiveDate;

use crate::error::AppError;
use crate::i18n::Locale;
use crate::model::permission::Viewer;
use crate::model::volunteer::{
    HourRules, HoursFilter, ProposedTimes, RosterFilter, VolunteerInput, format_clock,
    format_hours, parse_clock, parse_date, parse_volunteer_number,
};
use crate::server::db::Db;
use crate::server::db::audit::Actor;
use crate::server::db::hours::NewHourRecord;

mod codec;
mod export;
mod import;
mod national;

pub use codec::*;
pub use export::*;
pub use import::*;
pub use national::*;
