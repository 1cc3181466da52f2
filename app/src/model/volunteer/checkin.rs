//! QR check-in (信用时长): when scanning in and out is open, which times a scanned record gets,
//! and the shape of the codes the check-in screen shows. The signing itself is server-only.

use chrono::{NaiveDate, NaiveDateTime};

use super::*;

/// Check-in opens this many minutes before the activity starts (and closes at its end).
pub const CHECKIN_EARLY_MINUTES: i64 = 30;
/// A volunteer who forgot may still scan out this long after the end (the record ends at the
/// end); after that the missing check-out is closed by the server and flagged.
pub const CHECKOUT_GRACE_MINUTES: i64 = 30;
/// The check-in screen's code changes every this many seconds.
pub const TOKEN_WINDOW_SECS: i64 = 180;
/// A scanned code is accepted in the window it was shown and this many after (so a code read
/// just before it changed still works, and one photographed and sent away soon stops).
pub const TOKEN_WINDOWS_ACCEPTED: i64 = 2;
/// Digits of the code typed by people who cannot scan.
pub const CODE_DIGITS: usize = 6;

/// An activity's day and times, as check-in sees them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityClock {
    /// The day it is held (China time).
    pub held_on: NaiveDate,
    /// Start, minutes after midnight.
    pub start_min: i64,
    /// End, minutes after midnight.
    pub end_min: i64,
}

/// Whether check-in is open, not yet or over, at a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScanWindow {
    /// More than [`CHECKIN_EARLY_MINUTES`] before the start.
    NotYet,
    /// Scanning in and out is open.
    Open,
    /// After the end: only a check-out within the grace time.
    CheckOutOnly,
    /// Over; a missing check-out is closed at the end.
    Closed,
}

impl ActivityView {
    /// The activity's day and times, as check-in sees them.
    pub fn clock(&self) -> ActivityClock {
        ActivityClock {
            held_on: self.held_on,
            start_min: self.start_min,
            end_min: self.end_min,
        }
    }
}

impl ActivityClock {
    /// Minutes after the activity day's midnight of `now` (China time); negative before that
    /// day, past 1,440 after it.
    pub fn minute_of(&self, now: NaiveDateTime) -> i64 {
        (now - self.held_on.and_hms_opt(0, 0, 0).unwrap_or_default()).num_minutes()
    }

    /// Where `now` (China time) falls.
    pub fn window(&self, now: NaiveDateTime) -> ScanWindow {
        let m = self.minute_of(now);
        if m < self.start_min - CHECKIN_EARLY_MINUTES {
            ScanWindow::NotYet
        } else if m <= self.end_min {
            ScanWindow::Open
        } else if m <= self.end_min + CHECKOUT_GRACE_MINUTES {
            ScanWindow::CheckOutOnly
        } else {
            ScanWindow::Closed
        }
    }

    /// Checks a check-in at `now`: the minute it happened, or why not.
    pub fn check_in(&self, now: NaiveDateTime) -> Result<i64, AppError> {
        match self.window(now) {
            ScanWindow::NotYet => Err(AppError::invalid("checkin", "checkin_not_open")),
            ScanWindow::Open => Ok(self.minute_of(now)),
            ScanWindow::CheckOutOnly | ScanWindow::Closed => {
                Err(AppError::invalid("checkin", "checkin_closed"))
            }
        }
    }

    /// Checks a check-out at `now`: the minute it happened, or why not.
    pub fn check_out(&self, now: NaiveDateTime) -> Result<i64, AppError> {
        match self.window(now) {
            ScanWindow::Closed => Err(AppError::invalid("checkin", "checkout_closed")),
            _ => Ok(self.minute_of(now)),
        }
    }

    /// The record's times for a scan in at `in_min` and out at `out_min`: the part inside the
    /// activity (arriving early or staying late is not service time here).
    pub fn served_span(&self, in_min: i64, out_min: i64) -> (i64, i64) {
        let start = in_min.clamp(self.start_min, self.end_min);
        let end = out_min.clamp(start, self.end_min);
        (start, end)
    }
}

/// A check-in screen's code as the URL carries it: `<window>.<16 hex digits>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanToken {
    /// The time window it was made for ([`TOKEN_WINDOW_SECS`] each since 1970).
    pub window: i64,
    /// The signature's first 8 bytes, lowercase hex.
    pub mac: String,
}

impl ScanToken {
    /// Reads a token from a URL; anything else (too long, wrong shape) is `None`.
    pub fn parse(raw: &str) -> Option<Self> {
        if raw.len() > 40 {
            return None;
        }
        let (window, mac) = raw.split_once('.')?;
        let window: i64 = window.parse().ok().filter(|w| *w > 0)?;
        let valid = mac.len() == 16 && mac.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| Self {
            window,
            mac: mac.to_owned(),
        })
    }

    /// The form the URL carries.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.window, self.mac)
    }
}

/// One volunteer's scans at one activity, for the coordinator's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckinView {
    /// Volunteer id.
    pub volunteer_id: i64,
    /// Their name.
    pub volunteer: String,
    /// Scanned in, minutes after midnight.
    pub in_min: i64,
    /// Scanned out (or closed by the server), minutes after midnight.
    pub out_min: Option<i64>,
    /// The server closed a missing check-out at the activity's end.
    pub out_auto: bool,
    /// Why no record came of it (an error code), if none did.
    pub note: Option<String>,
}

/// Where one volunteer stands at one activity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScanState {
    /// Scanned in at (minutes after midnight).
    pub in_min: Option<i64>,
    /// Scanned out at (minutes after midnight).
    pub out_min: Option<i64>,
    /// The check-out was closed by the server.
    pub out_auto: bool,
}

/// The window a moment falls in (seconds since 1970).
pub fn token_window(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(TOKEN_WINDOW_SECS)
}

/// Whether a code made for `window` is still accepted in `now_window`.
pub fn window_accepted(window: i64, now_window: i64) -> bool {
    (0..TOKEN_WINDOWS_ACCEPTED).contains(&(now_window - window))
}

/// A typed 6-digit code, spaces ignored; `None` when it is not six digits.
pub fn parse_scan_code(raw: &str) -> Option<String> {
    let digits: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clock() -> ActivityClock {
        ActivityClock {
            held_on: NaiveDate::from_ymd_opt(2026, 11, 28).expect("date"),
            start_min: 9 * 60,
            end_min: 11 * 60 + 30,
        }
    }

    fn at(day: u32, h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .expect("time")
    }

    #[test]
    fn check_in_opens_half_an_hour_before_the_start_and_closes_at_the_end() {
        let c = clock();
        assert!(c.check_in(at(28, 8, 29)).is_err());
        assert_eq!(c.check_in(at(28, 8, 30)), Ok(8 * 60 + 30));
        assert_eq!(c.check_in(at(28, 11, 30)), Ok(11 * 60 + 30));
        assert_eq!(
            c.check_in(at(28, 11, 31)),
            Err(AppError::invalid("checkin", "checkin_closed"))
        );
        // Another day is never open: the day before is "not yet", the day after is over.
        assert_eq!(c.window(at(27, 9, 0)), ScanWindow::NotYet);
        assert_eq!(c.window(at(29, 9, 0)), ScanWindow::Closed);
    }

    #[test]
    fn check_out_has_a_grace_time_and_the_record_stays_inside_the_activity() {
        let c = clock();
        assert_eq!(c.check_out(at(28, 12, 0)), Ok(12 * 60));
        assert!(c.check_out(at(28, 12, 1)).is_err());
        // In early, out late: the activity's own times.
        assert_eq!(c.served_span(8 * 60 + 40, 12 * 60), (9 * 60, 11 * 60 + 30));
        // Out before the start: nothing served.
        assert_eq!(c.served_span(8 * 60 + 40, 8 * 60 + 50), (9 * 60, 9 * 60));
        assert_eq!(c.served_span(9 * 60 + 10, 10 * 60), (9 * 60 + 10, 10 * 60));
    }

    #[test]
    fn tokens_are_read_strictly_and_expire_after_two_windows() {
        let t = ScanToken::parse("9876543.0123456789abcdef").expect("token");
        assert_eq!(t.window, 9_876_543);
        assert_eq!(t.encode(), "9876543.0123456789abcdef");
        for bad in [
            "",
            "9876543",
            "9876543.0123456789ABCDEF",
            "-1.0123456789abcdef",
            "x.0123456789abcdef",
            "9876543.0123456789abcde",
            "9876543.0123456789abcdef0",
        ] {
            assert_eq!(ScanToken::parse(bad), None, "{bad}");
        }
        assert!(window_accepted(10, 10));
        assert!(window_accepted(10, 11));
        assert!(!window_accepted(10, 12));
        assert!(
            !window_accepted(11, 10),
            "a code from the future is refused"
        );
        assert_eq!(token_window(TOKEN_WINDOW_SECS * 5 + 1), 5);
        assert_eq!(parse_scan_code(" 012 345 "), Some("012345".to_owned()));
        assert_eq!(parse_scan_code("01234"), None);
        assert_eq!(parse_scan_code("０１２３４５"), None);
    }
}
