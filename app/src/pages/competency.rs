//! Competencies: practice log, progress, review.

pub mod practice_edit;
pub mod practice_list;
pub mod practice_new;
pub mod progress;
pub mod review;
pub mod review_queue;
pub mod trainees;
