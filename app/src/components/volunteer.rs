//! Volunteer-hours pieces: the record table and the forms that act on records.

pub mod record_forms;
pub mod record_table;
