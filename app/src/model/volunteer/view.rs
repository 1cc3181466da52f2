//! Rows and records as the pages show them (identifiers already masked).

use super::*;

/// One volunteer line of a roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterRow {
    /// Volunteer id.
    pub id: i64,
    /// Volunteer number.
    pub number: String,
    pub name: String,
    /// Masked mobile number.
    pub mobile_masked: String,
    /// Home station.
    pub station: String,
    pub team: String,
    /// Active or not.
    pub status: VolunteerStatus,
    /// Confirmed service minutes (in the filtered range).
    pub service_minutes: i64,
    /// Confirmed training minutes.
    pub training_minutes: i64,
    /// Activities attended.
    pub activities: i64,
    /// Last day served.
    pub last_served_on: Option<NaiveDate>,
    /// Star level from all confirmed service hours.
    pub star: u8,
    /// Of the service minutes, those scanned in and out (信用时长).
    pub scan_minutes: i64,
}

/// One hour record as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HourRecordView {
    /// Record id.
    pub id: i64,
    pub volunteer_id: i64,
    /// Volunteer name.
    pub volunteer: String,
    pub volunteer_number: String,
    pub activity_id: i64,
    /// Activity name.
    pub activity: String,
    /// Project name.
    pub project: String,
    /// Recording station.
    pub station: String,
    /// Day served.
    pub served_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
    /// Whole minutes.
    pub minutes: i64,
    /// Service or training.
    pub kind: HourKind,
    /// Where it came from.
    pub source: RecordSource,
    /// Where it stands.
    pub status: RecordStatus,
    /// Late entry (补录).
    pub late: bool,
    /// Why late.
    pub late_reason: Option<String>,
    /// Why over the cap.
    pub over_cap_reason: Option<String>,
    /// The record this one corrects.
    pub amends_id: Option<i64>,
    /// Why corrected.
    pub correction_reason: Option<String>,
    /// True once a confirmed correction replaced this record.
    pub superseded: bool,
    /// Scanned in but never out: the server ended it at the activity's end.
    pub checkout_missing: bool,
    /// Who entered it.
    pub recorded_by: String,
    /// Who entered it (account id).
    pub recorded_by_id: i64,
    /// When it was entered.
    pub recorded_at: chrono::DateTime<chrono::Utc>,
    /// First approver of a late entry.
    pub first_approved_by: Option<String>,
    /// Who confirmed it.
    pub confirmed_by: Option<String>,
    /// When.
    pub confirmed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why rejected.
    pub rejected_reason: Option<String>,
}

/// A volunteer's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolunteerDetail {
    /// Roster line (totals, star).
    pub row: RosterRow,
    /// Home station id.
    pub station_id: i64,
    /// Masked ID number with its type, if any.
    pub id_masked: Option<(String, String)>,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Gender code.
    pub gender: String,
    pub skills: String,
    /// Opted in to public lists.
    pub public_consent: bool,
    /// Guardian consent, if recorded.
    pub guardian: Option<GuardianConsent>,
    /// Linked sign-in account, if any.
    pub account: Option<String>,
}

/// An activity as lists show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: i64,
    pub project_id: i64,
    /// Project name.
    pub project: String,
    /// Organising station id.
    pub station_id: i64,
    /// Organising station.
    pub station: String,
    pub name: String,
    /// Service or training.
    pub kind: HourKind,
    /// Date.
    pub held_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End.
    pub end_min: i64,
    pub township: String,
    pub village: String,
    pub content: String,
    /// Places.
    pub capacity: i64,
    /// Records entered for it.
    pub records: i64,
}

/// A project with its organising stations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectView {
    pub id: i64,
    pub name: String,
    /// Description, rendered and sanitised on the server.
    pub description_html: String,
    /// Organising stations: (id, name).
    pub stations: Vec<(i64, String)>,
    /// Coordinators at those stations.
    pub coordinators: Vec<String>,
    /// Confirmed service minutes.
    pub service_minutes: i64,
    pub activities: i64,
}

/// One line of the totals report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TotalsLine {
    /// Project, station or month (`YYYY-MM`).
    pub label: String,
    /// Confirmed service minutes.
    pub service_minutes: i64,
    /// Confirmed training minutes.
    pub training_minutes: i64,
    /// Distinct volunteers.
    pub volunteers: i64,
    /// Of the service minutes, those scanned in and out (信用时长).
    pub scan_minutes: i64,
}

/// How many projects the totals report shows on the page; the spreadsheet holds them all.
pub const REPORT_PROJECTS_SHOWN: usize = 30;

/// The lines a page shows of a long report: all of them when there are at most `shown`, else
/// the `shown` with the most service minutes, most first (ties by label). Returns them with
/// how many there were, so the page can say what it left for the spreadsheet.
pub fn busiest_lines(mut lines: Vec<TotalsLine>, shown: usize) -> (Vec<TotalsLine>, usize) {
    let all = lines.len();
    if all > shown {
        lines.sort_by(|a, b| {
            b.service_minutes
                .cmp(&a.service_minutes)
                .then_with(|| a.label.cmp(&b.label))
        });
        lines.truncate(shown);
    }
    (lines, all)
}

/// An issued certificate (志愿服务记录证明).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateView {
    /// Register id.
    pub id: i64,
    /// Certificate number.
    pub number: String,
    pub volunteer_id: i64,
    /// Volunteer name.
    pub volunteer: String,
    pub volunteer_number: String,
    /// ID type and number (masked unless the volunteer asked for it in full and the viewer is
    /// the volunteer or their home station).
    pub id_shown: Option<(String, String)>,
    /// Issued to show the ID number in full.
    pub id_in_full: bool,
    /// Issuing station id.
    pub station_id: i64,
    /// Issuing station (the organisation that recorded the hours).
    pub station: String,
    /// Period start.
    pub from_on: NaiveDate,
    /// Period end.
    pub to_on: NaiveDate,
    /// Confirmed service minutes in the period.
    pub service_minutes: i64,
    /// Confirmed training minutes in the period.
    pub training_minutes: i64,
    /// Activities in the period.
    pub activities: i64,
    /// Of the service minutes, those scanned in and out (信用时长).
    pub scan_minutes: i64,
    /// Projects and content.
    pub projects: String,
    pub person_in_charge: String,
    pub contact: String,
    pub notes: String,
    /// Handler (who issued it).
    pub issued_by: String,
    /// Issue day (China).
    pub issued_on: NaiveDate,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(label: &str, service_minutes: i64) -> TotalsLine {
        TotalsLine {
            label: label.into(),
            service_minutes,
            training_minutes: 0,
            volunteers: 1,
            scan_minutes: 0,
        }
    }

    #[test]
    fn a_long_report_shows_its_busiest_lines_and_says_how_many_there_were() {
        let short = vec![line("b", 1), line("a", 9)];
        assert_eq!(
            busiest_lines(short.clone(), 2),
            (short, 2),
            "kept whole, in its order"
        );
        let long = vec![line("c", 5), line("a", 1), line("b", 5), line("d", 9)];
        let (shown, all) = busiest_lines(long, 3);
        let labels: Vec<&str> = shown.iter().map(|l| l.label.as_str()).collect();
        assert_eq!((labels, all), (vec!["d", "b", "c"], 4));
    }
}
