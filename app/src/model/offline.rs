//! Records made on a phone without a connection (the outbox in `public/offline.js`): the id
//! the phone gives each one, so the server can store a record sent twice only once.

use crate::error::AppError;

/// Longest id accepted: a UUID is 36 characters; a little room, no more.
pub const MAX_CLIENT_ID: usize = 64;
/// Shortest id accepted: anything shorter is too easy to repeat by accident.
pub const MIN_CLIENT_ID: usize = 16;

/// An id made on the phone for one queued record (`crypto.randomUUID()`): letters, digits and
/// hyphens, 16 to 64 of them. Checked before it reaches the database, so a hostile form cannot
/// store anything else in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    /// Reads the form's `client_id` field: `None` when empty (a form posted without the offline
    /// script, as every form works without JavaScript), an error when it is not a plain id.
    pub fn from_form(raw: &str) -> Result<Option<Self>, AppError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let plain = raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if plain && (MIN_CLIENT_ID..=MAX_CLIENT_ID).contains(&raw.len()) {
            Ok(Some(Self(raw.to_ascii_lowercase())))
        } else {
            Err(AppError::invalid("client_id", "client_id_invalid"))
        }
    }

    /// The id as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What kind of record a phone queued (stored beside the claimed id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineKind {
    /// A practice logged by a trainee (or a mentor for a trainee).
    Practice,
    /// Attendance ticked by a coordinator.
    Attendance,
}

string_enum!(OfflineKind, "offline.kind" {
    Practice => "practice",
    Attendance => "attendance",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ids_are_plain_and_bounded() {
        assert_eq!(ClientId::from_form("").expect("empty is fine"), None);
        assert_eq!(ClientId::from_form("   ").expect("blank is fine"), None);
        let uuid = "3F2504E0-4F89-41D3-9A0C-0305E82C3301";
        assert_eq!(
            ClientId::from_form(uuid)
                .expect("a UUID")
                .map(|c| c.as_str().to_owned()),
            Some(uuid.to_ascii_lowercase()),
            "stored in one case, so a resend in another case is the same id"
        );
        for bad in [
            "short-id",
            "3f2504e0'; DROP TABLE practices; --",
            "3f2504e0 4f89 41d3 9a0c 0305e82c3301",
            "三四五六七八九十一二三四五六七八九",
            &"a".repeat(MAX_CLIENT_ID + 1),
        ] {
            assert!(
                matches!(ClientId::from_form(bad), Err(AppError::Invalid { .. })),
                "{bad}"
            );
        }
        assert!(ClientId::from_form(&"a".repeat(MAX_CLIENT_ID)).is_ok());
    }
}
