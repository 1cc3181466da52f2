//! Form pieces: fields that show their error and keep what was typed.

pub mod alert;
pub mod markdown_preview;
pub mod outbox;
pub mod password_toggle;
pub mod query;
pub mod select;
pub mod text_field;
