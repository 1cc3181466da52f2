//! Continuing education (继续教育): one's own period and trainings, the admins' review and list
//! of who is behind, and the growth portfolio (成长档案).

pub mod behind;
pub mod mine;
pub mod portfolio;
pub mod review;
