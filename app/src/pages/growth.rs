//! Continuing education (继续教育): one's own period and trainings, and the admins' review.

pub mod mine;
pub mod review;
