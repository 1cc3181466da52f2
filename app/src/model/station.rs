//! Stations and the regions above them: a tree of any depth (province → city → county →
//! township station). A role held at a node reaches every node under it.

use serde::{Deserialize, Serialize};

use crate::model::permission::StationRef;

/// What a node of the tree is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum StationKind {
    /// 省: the province (禾计划 runs at this level).
    Province,
    /// 市: a city.
    City,
    /// 县/区: a county, which buys the service (its 民政局) and has a county station.
    County,
    /// 乡镇/街道社工站: a township or street station.
    Station,
}

string_enum!(StationKind, "station_kind" {
    Province => "province",
    City => "city",
    County => "county",
    Station => "station",
});

impl StationKind {
    /// The kind a new node under a node of this kind gets; stations may have sub-stations.
    pub fn below(self) -> StationKind {
        match self {
            StationKind::Province => StationKind::City,
            StationKind::City => StationKind::County,
            StationKind::County | StationKind::Station => StationKind::Station,
        }
    }
}

/// A node of the tree as pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Station {
    /// Station id.
    pub id: i64,
    /// Name, e.g. 三塘镇社工站.
    pub name: String,
    /// The node above; `None` for the root.
    pub parent_id: Option<i64>,
    /// Province, city, county or station.
    pub kind: StationKind,
    /// Ids from the root down to this node, e.g. `/1/2/3/` (see [`StationRef`]).
    pub path: String,
}

impl Station {
    /// True for the root of the tree, whose roles cover every node.
    pub fn is_root(&self) -> bool {
        self.parent_id.is_none()
    }

    /// The station as the permission rules see it.
    pub fn station_ref(&self) -> StationRef {
        StationRef {
            id: self.id,
            path: self.path.clone(),
        }
    }
}

/// Most stations a picker lists at once; past that, a search field narrows it.
pub const PICKER_LIMIT: usize = 40;

/// The stations a picker offers: up to [`PICKER_LIMIT`] whose name contains the search text,
/// within the person's part of the tree (plus any already chosen), and whether more matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StationChoices {
    /// The stations to list, by name.
    pub stations: Vec<Station>,
    /// The search text that chose them (empty: all).
    pub search: String,
    /// True when more stations matched than are listed.
    pub more: bool,
}

impl StationChoices {
    /// True when the picker needs its search field: the list is cut short or already narrowed.
    pub fn needs_search(&self) -> bool {
        self.more || !self.search.is_empty()
    }
}

/// The path of a node under a parent with path `parent_path` (`None` for a root).
pub fn child_path(parent_path: Option<&str>, id: i64) -> String {
    format!("{}{id}/", parent_path.unwrap_or("/"))
}

/// The ids in a path, root first; malformed parts are skipped.
pub fn path_ids(path: &str) -> Vec<i64> {
    path.split('/').filter_map(|p| p.parse().ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_list_ids_root_first() {
        let root = child_path(None, 1);
        let city = child_path(Some(&root), 26);
        assert_eq!(root, "/1/");
        assert_eq!(city, "/1/26/");
        assert_eq!(path_ids(&child_path(Some(&city), 3)), vec![1, 26, 3]);
    }

    #[test]
    fn kinds_below() {
        assert_eq!(StationKind::Province.below(), StationKind::City);
        assert_eq!(StationKind::City.below(), StationKind::County);
        assert_eq!(StationKind::County.below(), StationKind::Station);
        assert_eq!(StationKind::Station.below(), StationKind::Station);
        assert_eq!(StationKind::parse("county"), Some(StationKind::County));
        assert_eq!(StationKind::parse("village"), None);
    }
}
