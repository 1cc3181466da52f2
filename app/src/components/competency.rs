//! Pieces of the competency pages.

pub mod area_chart;
pub mod practice_card;
pub mod practice_form;
