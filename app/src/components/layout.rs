//! The frame around every page.

pub mod island_loader;
pub mod language_switch;
pub mod nav;
pub mod page_error;
pub mod page_frame;
pub mod pager;
pub mod thread;
