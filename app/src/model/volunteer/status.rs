//! The closed sets of the volunteer records: what kind of hours, where a record came from,
//! where it stands, and whether a volunteer is active. Stored by name, typed everywhere else.

use super::*;

/// What the hours were: service, or training for the service (counted apart, never towards
/// star levels).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HourKind {
    /// 志愿服务.
    Service,
    /// 培训.
    Training,
}

/// Where a record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordSource {
    /// Entered by a coordinator (attendance or one by one).
    Coordinator,
    /// Reported by the volunteer.
    #[serde(rename = "self")]
    SelfReport,
    /// From a CSV import.
    Import,
    /// A correction of a confirmed record.
    Correction,
    /// Scanned in and out at the activity (信用时长): times from the server clock.
    Scan,
}

/// Where a record stands. Confirmed records never change; a correction is a new record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// 待确认: waiting for the organising station.
    Submitted,
    /// 已确认: counts from now on.
    Confirmed,
    /// 已退回: refused with a reason.
    Rejected,
}

/// Whether a volunteer takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VolunteerStatus {
    /// 在册.
    Active,
    /// 停用: kept on record, no new hours.
    Inactive,
}

string_enum!(HourKind, "kind" { Service => "service", Training => "training" });
string_enum!(RecordSource, "record_source" {
    Coordinator => "coordinator",
    SelfReport => "self",
    Import => "import",
    Correction => "correction",
    Scan => "scan",
});
string_enum!(RecordStatus, "record_status" {
    Submitted => "submitted",
    Confirmed => "confirmed",
    Rejected => "rejected",
});
string_enum!(VolunteerStatus, "volunteer_status" { Active => "active", Inactive => "inactive" });

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip_and_unknown_names_are_refused() {
        for kind in HourKind::ALL {
            assert_eq!(HourKind::parse(kind.as_str()), Some(kind));
        }
        for source in RecordSource::ALL {
            assert_eq!(
                RecordSource::try_from(source.as_str().to_owned()),
                Ok(source)
            );
        }
        for status in RecordStatus::ALL {
            assert_eq!(RecordStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(RecordSource::SelfReport.as_str(), "self");
        assert_eq!(VolunteerStatus::parse("deleted"), None);
        assert!(RecordStatus::try_from("SUBMITTED".to_owned()).is_err());
        assert_eq!(
            RecordStatus::Confirmed.label_key(),
            "record_status.confirmed"
        );
    }

    #[test]
    fn every_label_is_translated() {
        let keys = HourKind::ALL
            .iter()
            .map(|k| k.label_key())
            .chain(RecordStatus::ALL.iter().map(|s| s.label_key()))
            .chain(VolunteerStatus::ALL.iter().map(|s| s.label_key()));
        for key in keys {
            assert_ne!(crate::i18n::Locale::ZhCn.t(&key), key);
            assert_ne!(crate::i18n::Locale::En.t(&key), key);
        }
    }
}
