//! Types shared by server and browser: records as the pages see them, and the validation
//! newtypes that both sides use so a rule is written once.

/// Gives a fieldless enum its stable stored names (`as_str`, `parse`, and `TryFrom<String>` so
/// database rows decode straight into it), every variant in form order (`ALL`), and the
/// translation key of its label (`<prefix>.<name>`).
macro_rules! string_enum {
    (@unit $variant:ident) => { () };
    ($ty:ident, $prefix:literal { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value, in form order.
            pub const ALL: [$ty; <[()]>::len(&[$(string_enum!(@unit $variant)),+])] =
                [$($ty::$variant),+];

            /// The stable name stored in the database and used in forms.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $name),+ }
            }

            /// Parses the stored name.
            pub fn parse(raw: &str) -> Option<Self> {
                match raw { $($name => Some(Self::$variant),)+ _ => None }
            }

            /// The translation key of the label.
            pub fn label_key(self) -> String {
                format!("{}.{}", $prefix, self.as_str())
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $crate::model::UnknownName;

            fn try_from(raw: String) -> Result<Self, Self::Error> {
                Self::parse(&raw).ok_or($crate::model::UnknownName(raw))
            }
        }
    };
}

/// A stored name that no value of the enum has (a database row the code does not know).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown stored name {0:?}")]
pub struct UnknownName(pub String);

pub mod account;
pub mod audit;
pub mod competency;
pub mod confirmation;
pub mod education;
pub mod import;
pub mod mentorship;
pub mod national;
pub mod offline;
pub mod overview;
pub mod permission;
pub mod portfolio;
pub mod privacy;
pub mod redirect;
pub mod station;
pub mod text;
pub mod throttle;
pub mod time;
pub mod volunteer;
