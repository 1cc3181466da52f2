//! Who may confirm a volunteer-hour record, and what confirming does (谁组织谁记录，谁记录谁
//! 证明): the rule the data layer applies to every record of a batch, inside its transaction.

/// What a confirmation of a batch did, as the page after it says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConfirmOutcome {
    /// Now confirmed.
    pub confirmed: usize,
    /// Late entries approved once, waiting for a second coordinator.
    pub awaiting_second: usize,
    /// Not confirmable by this person (they asked for the correction or gave the first
    /// approval) or no longer waiting.
    pub skipped: usize,
}

impl ConfirmOutcome {
    /// The outcome as query parameters for the page the coordinator goes back to.
    pub fn to_query(self) -> String {
        format!(
            "saved=hours_confirmed&confirmed={}&awaiting={}&skipped={}",
            self.confirmed, self.awaiting_second, self.skipped
        )
    }

    /// Reads what [`Self::to_query`] wrote; `None` unless all three counts are there.
    pub fn from_query(get: impl Fn(&str) -> Option<String>) -> Option<Self> {
        let count = |k: &str| get(k)?.parse().ok();
        Some(Self {
            confirmed: count("confirmed")?,
            awaiting_second: count("awaiting")?,
            skipped: count("skipped")?,
        })
    }
}

/// What the confirmation rule needs to know about one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingRecord {
    /// Still waiting (`submitted`).
    pub submitted: bool,
    /// Entered after the late-entry window: needs two different coordinators.
    pub late: bool,
    /// The coordinator who gave the first approval of a late entry.
    pub first_approved_by: Option<i64>,
    /// Who recorded it (for a correction: who asked for it).
    pub recorded_by: i64,
    /// The record this one corrects, if it is a correction.
    pub amends_id: Option<i64>,
    /// The corrected record already has a confirmed correction.
    pub amended: bool,
}

/// What confirming one record by a coordinator does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmStep {
    /// Nothing: not waiting, this person may not approve it, or its original is already corrected.
    Skip,
    /// The first of the two approvals a late entry needs.
    FirstApproval,
    /// Confirmed: it counts from now on and never changes.
    Confirm,
}

/// What confirming `record` by coordinator `me` does. `corrected_in_batch` lists originals
/// whose correction this same batch already confirms (one confirmed correction per record:
/// a chain, never a fork).
pub fn confirm_step(record: &PendingRecord, me: i64, corrected_in_batch: &[i64]) -> ConfirmStep {
    let asked_by_me = record.amends_id.is_some() && record.recorded_by == me;
    if !record.submitted || asked_by_me || record.first_approved_by == Some(me) {
        return ConfirmStep::Skip;
    }
    if let Some(original) = record.amends_id
        && (record.amended || corrected_in_batch.contains(&original))
    {
        return ConfirmStep::Skip;
    }
    if record.late && record.first_approved_by.is_none() {
        ConfirmStep::FirstApproval
    } else {
        ConfirmStep::Confirm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outcome_reads_back_from_its_query_and_partial_queries_read_as_nothing() {
        let outcome = ConfirmOutcome {
            confirmed: 3,
            awaiting_second: 1,
            skipped: 2,
        };
        let query = outcome.to_query();
        let get = |k: &str| {
            query
                .split('&')
                .find_map(|p| p.strip_prefix(&format!("{k}=")).map(str::to_owned))
        };
        assert_eq!(ConfirmOutcome::from_query(get), Some(outcome));
        assert_eq!(
            ConfirmOutcome::from_query(|k| (k == "confirmed").then(|| "1".to_owned())),
            None
        );
    }

    const ME: i64 = 1;
    const OTHER: i64 = 2;

    fn record() -> PendingRecord {
        PendingRecord {
            submitted: true,
            late: false,
            first_approved_by: None,
            recorded_by: OTHER,
            amends_id: None,
            amended: false,
        }
    }

    #[test]
    fn a_waiting_record_is_confirmed_once() {
        assert_eq!(confirm_step(&record(), ME, &[]), ConfirmStep::Confirm);
        let done = PendingRecord {
            submitted: false,
            ..record()
        };
        assert_eq!(confirm_step(&done, ME, &[]), ConfirmStep::Skip);
        // Recording one's own (non-correction) record and confirming it is the organiser's job.
        let own = PendingRecord {
            recorded_by: ME,
            ..record()
        };
        assert_eq!(confirm_step(&own, ME, &[]), ConfirmStep::Confirm);
    }

    #[test]
    fn a_late_entry_needs_two_different_coordinators() {
        let late = PendingRecord {
            late: true,
            ..record()
        };
        assert_eq!(confirm_step(&late, ME, &[]), ConfirmStep::FirstApproval);
        let approved_by_me = PendingRecord {
            first_approved_by: Some(ME),
            ..late
        };
        assert_eq!(confirm_step(&approved_by_me, ME, &[]), ConfirmStep::Skip);
        assert_eq!(
            confirm_step(&approved_by_me, OTHER, &[]),
            ConfirmStep::Confirm
        );
    }

    #[test]
    fn a_correction_is_never_approved_by_its_requester_and_never_forks() {
        let correction = PendingRecord {
            amends_id: Some(10),
            recorded_by: ME,
            ..record()
        };
        assert_eq!(confirm_step(&correction, ME, &[]), ConfirmStep::Skip);
        assert_eq!(confirm_step(&correction, OTHER, &[]), ConfirmStep::Confirm);
        assert_eq!(confirm_step(&correction, OTHER, &[10]), ConfirmStep::Skip);
        let amended = PendingRecord {
            amended: true,
            ..correction
        };
        assert_eq!(confirm_step(&amended, OTHER, &[]), ConfirmStep::Skip);
    }
}
