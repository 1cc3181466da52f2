//! Stations: the county station and the township/street stations under it.

use serde::{Deserialize, Serialize};

/// A station as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Station {
    /// Station id.
    pub id: i64,
    /// Name, e.g. 三塘镇社工站.
    pub name: String,
    /// The county station this one belongs to; `None` for the county itself.
    pub parent_id: Option<i64>,
}

impl Station {
    /// True for the county station, whose roles cover every station under it.
    pub fn is_county(&self) -> bool {
        self.parent_id.is_none()
    }

    /// The station as the permission rules see it.
    pub fn station_ref(&self) -> crate::model::permission::StationRef {
        crate::model::permission::StationRef {
            id: self.id,
            parent_id: self.parent_id,
        }
    }
}
