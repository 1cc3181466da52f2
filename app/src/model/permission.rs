//! Who may do what, where: the rules behind every server-side check and the navigation.
//!
//! A role is held at a node of the station tree (province, city, county or township station) and
//! reaches the node's whole subtree: a county admin administers the county's stations, a city
//! admin every county of the city. These functions are pure so the whole matrix is unit-tested; server functions call them with
//! the signed-in person loaded from the session.

use serde::{Deserialize, Serialize};

use super::account::{Role, RoleGrant};

/// The signed-in person and everything the rules need to know about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Viewer {
    /// Account id.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown in the header.
    pub display_name: String,
    /// Current roles.
    pub roles: Vec<RoleGrant>,
    /// The volunteer record this account belongs to, if the person is a volunteer.
    pub volunteer_id: Option<i64>,
}

/// A node of the station tree as the rules see it: its id and its path of ids from the root
/// (`/1/26/3/`), so "is this under that" is a prefix test.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StationRef {
    /// The node's id.
    pub id: i64,
    /// Ids from the root down to the node, each followed by `/`, starting with `/`.
    pub path: String,
}

impl StationRef {
    /// True if `other` is this node or lies under it.
    pub fn covers(&self, other: &StationRef) -> bool {
        covers(&self.path, &other.path)
    }

    /// The ids of the node and every node above it, root first.
    pub fn path_ids(&self) -> Vec<i64> {
        self.path
            .split('/')
            .filter_map(|p| p.parse().ok())
            .collect()
    }
}

/// True if the node with path `inner` is the node with path `outer` or lies under it. Paths end
/// with `/`, so `/1/2/` never covers `/1/23/`; an empty (unknown) path covers nothing.
pub fn covers(outer: &str, inner: &str) -> bool {
    !outer.is_empty() && outer.ends_with('/') && inner.starts_with(outer)
}

/// The part of the tree a person may see for some purpose: everything (a role at the root) or
/// the subtrees under the nodes listed by path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole tree.
    All,
    /// The nodes under these paths (none: nothing).
    Within(Vec<String>),
}

impl Scope {
    /// True if `station` is in the scope.
    pub fn covers(&self, station: &StationRef) -> bool {
        match self {
            Scope::All => true,
            Scope::Within(paths) => paths.iter().any(|p| covers(p, &station.path)),
        }
    }
}

impl Viewer {
    /// True if the person holds `role` anywhere.
    pub fn has_role(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role)
    }

    /// True if the person holds `role` at `station` or at a node above it.
    pub fn has_role_at(&self, role: Role, station: &StationRef) -> bool {
        self.roles
            .iter()
            .any(|g| g.role == role && covers(&g.station_path, &station.path))
    }

    /// True if the person holds `role` at the root of the tree (deployment-wide settings).
    pub fn has_root_role(&self, role: Role) -> bool {
        self.roles.iter().any(|g| g.role == role && g.is_root())
    }

    /// Where the person holds any of `roles`, as a scope for lists.
    pub fn scope_of(&self, roles: &[Role]) -> Scope {
        let held = || self.roles.iter().filter(|g| roles.contains(&g.role));
        if held().any(RoleGrant::is_root) {
            return Scope::All;
        }
        let mut paths: Vec<String> = held().map(|g| g.station_path.clone()).collect();
        paths.sort();
        paths.dedup();
        Scope::Within(paths)
    }

    /// The person's roles, deduplicated, in the fixed role order.
    pub fn distinct_roles(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = self.roles.iter().map(|g| g.role).collect();
        roles.sort();
        roles.dedup();
        roles
    }

    /// May this person grant or revoke roles at `station`?
    ///
    /// Admin roles at a county can only be granted by an admin of that county or above, which
    /// this rule gives for free: only such a grant covers the county's node.
    pub fn can_manage_roles_at(&self, station: &StationRef) -> bool {
        self.has_role_at(Role::Admin, station)
    }

    /// May this person manage (deactivate, reactivate, grant roles to) the account holding
    /// `target_roles`, given the stations those roles are held at?
    ///
    /// Admins at the root manage everyone. Any other admin manages an account only when it has
    /// roles and every one of them is in a subtree they administer, so no admin can lock out,
    /// or hand roles to, someone who works elsewhere or belongs nowhere (a volunteer's sign-in). No one manages their own account here (that would let an admin remove their
    /// own last admin role).
    pub fn can_manage_account(&self, target_id: i64, target_roles: &[(Role, StationRef)]) -> bool {
        if target_id == self.id || !self.has_role(Role::Admin) {
            return false;
        }
        if self.has_root_role(Role::Admin) {
            return true;
        }
        !target_roles.is_empty()
            && target_roles
                .iter()
                .all(|(_, station)| self.has_role_at(Role::Admin, station))
    }

    /// May this person grant a role at `station` to (or revoke one there from) the account
    /// holding `target_roles`? Only when they may manage that account *and* administer the
    /// station.
    pub fn can_change_roles(
        &self,
        target_id: i64,
        target_roles: &[(Role, StationRef)],
        station: &StationRef,
    ) -> bool {
        self.can_manage_account(target_id, target_roles) && self.can_manage_roles_at(station)
    }

    /// The part of the tree this person administers.
    pub fn admin_scope(&self) -> Scope {
        self.scope_of(&[Role::Admin])
    }
}

impl Viewer {
    /// May this person see the progress, practices and requests of `trainee_id`, who works at
    /// `station`? Themselves, their actively paired mentors (`paired`), and mentors,
    /// coordinators and admins of that station or a node above it.
    pub fn can_view_trainee(&self, trainee_id: i64, station: &StationRef, paired: bool) -> bool {
        trainee_id == self.id
            || paired
            || [Role::Mentor, Role::Coordinator, Role::Admin]
                .into_iter()
                .any(|r| self.has_role_at(r, station))
    }

    /// May this person decide (or revoke) sign-offs of `trainee_id`, comment on their
    /// requests, and confirm that they observed the trainee's practice? Only the trainee's
    /// actively paired mentors (`paired`: primary or secondary); other mentors of the station
    /// may read. Never anyone about their own competencies.
    pub fn can_decide_signoff(&self, trainee_id: i64, paired: bool) -> bool {
        trainee_id != self.id && paired
    }

    /// May this person open and issue the growth portfolio (成长档案) of `user_id`, who holds or
    /// held roles at `stations`? The worker themselves, and admins of one of those stations or
    /// a node above it (the station hands it to the county or an evaluator). Mentors and
    /// coordinators read progress elsewhere; the portfolio is the station's document.
    pub fn can_issue_portfolio(&self, user_id: i64, stations: &[StationRef]) -> bool {
        user_id == self.id || stations.iter().any(|s| self.has_role_at(Role::Admin, s))
    }
}

impl Viewer {
    /// May this person register and edit volunteers whose home is `station`, see their records
    /// and issue certificates? Coordinators and admins of that station or a node above it.
    pub fn can_manage_volunteers_at(&self, station: &StationRef) -> bool {
        self.has_role_at(Role::Coordinator, station) || self.has_role_at(Role::Admin, station)
    }

    /// May this person record, confirm, reject and correct hours of activities organised by
    /// `station`? Its coordinators only (谁组织谁记录，谁记录谁证明).
    pub fn can_confirm_hours_at(&self, station: &StationRef) -> bool {
        self.has_role_at(Role::Coordinator, station)
    }

    /// May this person use the volunteer rosters, reports and exports at all?
    pub fn is_volunteer_staff(&self) -> bool {
        self.has_role(Role::Coordinator) || self.has_role(Role::Admin)
    }

    /// May this person download lists of personal data (roster and hours exports)? Coordinators
    /// only, never an admin role alone (domain brief §6.4); the export holds only their scope.
    pub fn can_export_personal_data(&self) -> bool {
        self.has_role(Role::Coordinator)
    }

    /// The part of the tree whose volunteers, activities and hours this person may list.
    pub fn volunteer_scope(&self) -> Scope {
        self.scope_of(&[Role::Coordinator, Role::Admin])
    }
}

/// A link in the main navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// Translation key of its label.
    pub label_key: &'static str,
    /// One of the few tasks the person's roles do most, always shown; the rest fold into a
    /// menu on small screens.
    pub primary: bool,
}

/// How many links stay outside the menu.
pub const PRIMARY_NAV: usize = 4;

/// The tasks each role does most, in the order they are shown (the first [`PRIMARY_NAV`] of
/// those a person's roles give stay visible).
const PRIMARY_TASKS: [(Role, &str); 8] = [
    (Role::Trainee, "/practice/new"),
    (Role::Trainee, "/progress"),
    (Role::Mentor, "/review"),
    (Role::Mentor, "/supervision"),
    (Role::Coordinator, "/hours"),
    (Role::Coordinator, "/volunteers"),
    (Role::Admin, "/overview"),
    (Role::Admin, "/admin/accounts"),
];

/// The navigation a person sees: only what their roles allow. The server checks again on every
/// request; this only keeps people from links that would refuse them.
pub fn nav_items(viewer: &Viewer) -> Vec<NavItem> {
    let has = |role| viewer.has_role(role);
    let (trainee, mentor, coordinator, admin) = (
        has(Role::Trainee),
        has(Role::Mentor),
        has(Role::Coordinator),
        has(Role::Admin),
    );
    let staff = trainee || mentor || coordinator || admin;
    let links: [(bool, &'static str, &'static str); 24] = [
        (true, "/", "nav.home"),
        (coordinator || admin, "/overview", "nav.overview"),
        (trainee, "/practice/new", "nav.log_practice"),
        (trainee, "/progress", "nav.my_progress"),
        (trainee, "/practice", "nav.my_practices"),
        (mentor || admin, "/review", "nav.review"),
        (mentor || coordinator || admin, "/trainees", "nav.trainees"),
        (mentor || trainee, "/supervision", "nav.supervision"),
        (mentor || trainee, "/reflections", "nav.reflections"),
        (coordinator || admin, "/pairings", "nav.pairings"),
        (coordinator || admin, "/oversight", "nav.oversight"),
        (
            mentor && !(coordinator || admin),
            "/oversight?mine=1",
            "nav.oversight",
        ),
        (coordinator || admin, "/volunteers", "nav.volunteers"),
        (coordinator || admin, "/projects", "nav.projects"),
        (coordinator || admin, "/hours", "nav.hours"),
        (
            coordinator || admin,
            "/volunteer-reports",
            "nav.volunteer_reports",
        ),
        (viewer.volunteer_id.is_some(), "/my-hours", "nav.my_hours"),
        (staff, "/growth", "nav.growth"),
        (staff, "/growth/portfolio", "nav.portfolio"),
        (admin, "/growth/review", "nav.growth_review"),
        (admin, "/growth/behind", "nav.growth_behind"),
        (coordinator || admin, "/stations", "nav.stations"),
        (admin, "/admin/accounts", "nav.accounts"),
        (admin, "/admin/audit", "nav.audit"),
    ];
    let mut primary: Vec<&str> = PRIMARY_TASKS
        .iter()
        .filter(|(role, _)| has(*role))
        .map(|(_, href)| *href)
        .collect();
    if viewer.volunteer_id.is_some() {
        primary.push("/my-hours");
    }
    primary.truncate(PRIMARY_NAV);
    let mut items: Vec<NavItem> = links
        .into_iter()
        .filter(|(shown, ..)| *shown)
        .map(|(_, href, label_key)| NavItem {
            href,
            label_key,
            primary: primary.contains(&href),
        })
        .collect();
    // Primary tasks first, in the order above; the menu keeps the list's order.
    items.sort_by_key(|i| {
        primary
            .iter()
            .position(|p| *p == i.href)
            .unwrap_or(PRIMARY_NAV)
    });
    if viewer.has_root_role(Role::Admin) {
        items.push(NavItem {
            href: "/admin/frameworks",
            label_key: "nav.frameworks",
            primary: false,
        });
    }
    items.push(NavItem {
        href: "/account/password",
        label_key: "nav.password",
        primary: false,
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::LazyLock;

    fn node(path: &str) -> StationRef {
        StationRef {
            id: path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .and_then(|id| id.parse().ok())
                .unwrap_or_default(),
            path: path.to_owned(),
        }
    }

    // 湖南省 (100) → 衡阳市 (101) → 衡南县 (1: 三塘镇 2, 泉溪镇 3, 23 too) and 衡阳县 (50: 西渡镇 51).
    static PROVINCE: LazyLock<StationRef> = LazyLock::new(|| node("/100/"));
    static CITY: LazyLock<StationRef> = LazyLock::new(|| node("/100/101/"));
    static COUNTY_REF: LazyLock<StationRef> = LazyLock::new(|| node("/100/101/1/"));
    static SANTANG: LazyLock<StationRef> = LazyLock::new(|| node("/100/101/1/2/"));
    static QUANXI: LazyLock<StationRef> = LazyLock::new(|| node("/100/101/1/3/"));
    static STATION_23: LazyLock<StationRef> = LazyLock::new(|| node("/100/101/1/23/"));
    static OTHER_COUNTY: LazyLock<StationRef> = LazyLock::new(|| node("/100/101/50/"));
    static XIDU: LazyLock<StationRef> = LazyLock::new(|| node("/100/101/50/51/"));

    fn viewer(id: i64, grants: &[(Role, StationRef)]) -> Viewer {
        Viewer {
            id,
            username: format!("u{id}"),
            display_name: format!("用户{id}"),
            roles: grants
                .iter()
                .enumerate()
                .map(|(i, (role, st))| RoleGrant {
                    id: i64::try_from(i).unwrap_or_default(),
                    role: *role,
                    station_id: st.id,
                    station_name: String::new(),
                    station_path: st.path.clone(),
                })
                .collect(),
            volunteer_id: None,
        }
    }

    #[test]
    fn county_role_covers_every_station_but_station_role_covers_only_its_own() {
        let county_admin = viewer(1, &[(Role::Admin, COUNTY_REF.clone())]);
        let santang_admin = viewer(2, &[(Role::Admin, SANTANG.clone())]);
        assert!(county_admin.has_role_at(Role::Admin, &SANTANG));
        assert!(county_admin.has_role_at(Role::Admin, &QUANXI));
        assert!(santang_admin.has_role_at(Role::Admin, &SANTANG));
        assert!(!santang_admin.has_role_at(Role::Admin, &QUANXI));
        assert!(!santang_admin.has_role_at(Role::Admin, &COUNTY_REF));
        assert!(!santang_admin.has_role_at(Role::Mentor, &SANTANG));
    }

    #[test]
    fn only_county_admins_grant_roles_at_the_county() {
        let county_admin = viewer(1, &[(Role::Admin, COUNTY_REF.clone())]);
        let santang_admin = viewer(2, &[(Role::Admin, SANTANG.clone())]);
        assert!(county_admin.can_manage_roles_at(&COUNTY_REF));
        assert!(!santang_admin.can_manage_roles_at(&COUNTY_REF));
        assert!(santang_admin.can_manage_roles_at(&SANTANG));
        assert!(!santang_admin.can_manage_roles_at(&QUANXI));
    }

    #[test]
    fn account_management_matrix() {
        let county_admin = viewer(1, &[(Role::Admin, COUNTY_REF.clone())]);
        let santang_admin = viewer(2, &[(Role::Admin, SANTANG.clone())]);
        let coordinator = viewer(3, &[(Role::Coordinator, SANTANG.clone())]);
        let trainee_santang = [(Role::Trainee, SANTANG.clone())];
        let mentor_both = [
            (Role::Mentor, SANTANG.clone()),
            (Role::Mentor, QUANXI.clone()),
        ];

        assert!(county_admin.can_manage_account(10, &trainee_santang));
        assert!(county_admin.can_manage_account(10, &mentor_both));
        assert!(santang_admin.can_manage_account(10, &trainee_santang));
        assert!(
            !santang_admin.can_manage_account(10, &mentor_both),
            "works elsewhere too"
        );
        assert!(
            !coordinator.can_manage_account(10, &trainee_santang),
            "not an admin"
        );
        assert!(
            !county_admin.can_manage_account(1, &[]),
            "never one's own account"
        );
        assert!(
            !santang_admin.can_manage_account(10, &[]),
            "an account with no roles (a volunteer's sign-in) is the root's"
        );
        assert!(!county_admin.can_manage_account(10, &[]));
        let province_admin = viewer(4, &[(Role::Admin, PROVINCE.clone())]);
        assert!(province_admin.can_manage_account(10, &[]));
        assert!(
            !county_admin.can_manage_account(10, &[(Role::Trainee, XIDU.clone())]),
            "another county's trainee"
        );
    }

    #[test]
    fn a_role_reaches_the_whole_subtree_below_its_node_and_nothing_else() {
        let city_admin = viewer(1, &[(Role::Admin, CITY.clone())]);
        let county_admin = viewer(2, &[(Role::Admin, COUNTY_REF.clone())]);
        let santang_coordinator = viewer(3, &[(Role::Coordinator, SANTANG.clone())]);
        for station in [&*SANTANG, &*QUANXI, &*COUNTY_REF, &*OTHER_COUNTY, &*XIDU] {
            assert!(city_admin.has_role_at(Role::Admin, station), "{station:?}");
        }
        assert!(!city_admin.has_role_at(Role::Admin, &PROVINCE));
        assert!(county_admin.has_role_at(Role::Admin, &SANTANG));
        assert!(!county_admin.has_role_at(Role::Admin, &XIDU));
        assert!(!county_admin.has_role_at(Role::Admin, &OTHER_COUNTY));
        assert!(!county_admin.has_role_at(Role::Admin, &CITY));
        assert!(
            !santang_coordinator.can_manage_volunteers_at(&STATION_23),
            "/…/1/2/ is not a prefix of /…/1/23/"
        );
        assert!(!STATION_23.covers(&SANTANG));
        assert!(CITY.covers(&XIDU));
        assert!(!covers("", "/1/"), "an unknown path covers nothing");
        assert!(!covers("/1", "/12/"), "only whole segments count");
        assert_eq!(
            city_admin.admin_scope(),
            Scope::Within(vec![CITY.path.clone()])
        );
        assert_eq!(
            viewer(4, &[(Role::Admin, PROVINCE.clone())]).admin_scope(),
            Scope::All
        );
        assert!(county_admin.admin_scope().covers(&QUANXI));
        assert!(!county_admin.admin_scope().covers(&XIDU));
        assert!(!city_admin.has_root_role(Role::Admin));
    }

    #[test]
    fn roles_change_only_on_accounts_one_manages() {
        let santang_admin = viewer(2, &[(Role::Admin, SANTANG.clone())]);
        let quanxi_trainee = [(Role::Trainee, QUANXI.clone())];
        let santang_trainee = [(Role::Trainee, SANTANG.clone())];
        assert!(
            !santang_admin.can_change_roles(10, &quanxi_trainee, &SANTANG),
            "another station's trainee, even at one's own station"
        );
        assert!(santang_admin.can_change_roles(10, &santang_trainee, &SANTANG));
        assert!(!santang_admin.can_change_roles(10, &santang_trainee, &QUANXI));
        assert!(!santang_admin.can_change_roles(2, &santang_trainee, &SANTANG));
    }

    #[test]
    fn admin_scope_is_all_at_the_root_and_listed_below_it() {
        assert_eq!(
            viewer(1, &[(Role::Admin, PROVINCE.clone())]).admin_scope(),
            Scope::All
        );
        assert_eq!(
            viewer(2, &[(Role::Admin, SANTANG.clone())]).admin_scope(),
            Scope::Within(vec![SANTANG.path.clone()])
        );
        assert_eq!(
            viewer(3, &[(Role::Trainee, SANTANG.clone())]).admin_scope(),
            Scope::Within(vec![])
        );
    }

    #[test]
    fn progress_and_signoff_matrix() {
        let trainee = viewer(5, &[(Role::Trainee, SANTANG.clone())]);
        let mentor = viewer(6, &[(Role::Mentor, SANTANG.clone())]);
        let other_mentor = viewer(7, &[(Role::Mentor, QUANXI.clone())]);
        let coordinator = viewer(8, &[(Role::Coordinator, SANTANG.clone())]);
        let county_admin = viewer(9, &[(Role::Admin, COUNTY_REF.clone())]);
        let mentor_trainee = viewer(
            10,
            &[
                (Role::Mentor, SANTANG.clone()),
                (Role::Trainee, SANTANG.clone()),
            ],
        );

        assert!(trainee.can_view_trainee(5, &SANTANG, false));
        assert!(
            !trainee.can_view_trainee(11, &SANTANG, false),
            "not another trainee's"
        );
        assert!(mentor.can_view_trainee(5, &SANTANG, false));
        assert!(!other_mentor.can_view_trainee(5, &SANTANG, false));
        assert!(coordinator.can_view_trainee(5, &SANTANG, false));
        assert!(county_admin.can_view_trainee(5, &SANTANG, false));

        assert!(mentor.can_decide_signoff(5, true), "the paired mentor");
        assert!(
            !mentor.can_decide_signoff(5, false),
            "a mentor of the station who is not paired reads but does not decide"
        );
        assert!(!county_admin.can_decide_signoff(5, false));
        assert!(!other_mentor.can_decide_signoff(5, false));
        assert!(
            other_mentor.can_decide_signoff(5, true),
            "paired across stations"
        );
        assert!(!coordinator.can_decide_signoff(5, false));
        assert!(!trainee.can_decide_signoff(5, false));
        assert!(
            !mentor_trainee.can_decide_signoff(10, true),
            "never one's own"
        );
    }

    #[test]
    fn volunteer_hours_matrix() {
        let coordinator = viewer(1, &[(Role::Coordinator, SANTANG.clone())]);
        let admin = viewer(2, &[(Role::Admin, SANTANG.clone())]);
        let county_coordinator = viewer(3, &[(Role::Coordinator, COUNTY_REF.clone())]);
        let mentor = viewer(4, &[(Role::Mentor, SANTANG.clone())]);
        assert!(coordinator.can_manage_volunteers_at(&SANTANG));
        assert!(!coordinator.can_manage_volunteers_at(&QUANXI));
        assert!(admin.can_manage_volunteers_at(&SANTANG));
        assert!(!mentor.can_manage_volunteers_at(&SANTANG));
        assert!(coordinator.can_confirm_hours_at(&SANTANG));
        assert!(!coordinator.can_confirm_hours_at(&QUANXI));
        assert!(
            !admin.can_confirm_hours_at(&SANTANG),
            "the organiser's coordinators confirm"
        );
        assert!(county_coordinator.can_confirm_hours_at(&QUANXI));
        assert_eq!(
            coordinator.volunteer_scope(),
            Scope::Within(vec![SANTANG.path.clone()])
        );
        assert!(county_coordinator.volunteer_scope().covers(&QUANXI));
        assert!(!county_coordinator.volunteer_scope().covers(&XIDU));
        assert!(!mentor.is_volunteer_staff());
        assert!(coordinator.can_export_personal_data());
        assert!(
            !admin.can_export_personal_data(),
            "an admin role alone exports nothing"
        );
        assert!(!mentor.can_export_personal_data());
        let mut volunteer = viewer(5, &[]);
        volunteer.volunteer_id = Some(9);
        let hrefs: Vec<_> = nav_items(&volunteer).iter().map(|i| i.href).collect();
        assert!(hrefs.contains(&"/my-hours"));
        assert!(!hrefs.contains(&"/volunteers"));
    }

    #[test]
    fn navigation_follows_roles() {
        let hrefs = |v: &Viewer| nav_items(v).iter().map(|i| i.href).collect::<Vec<_>>();
        let trainee = viewer(5, &[(Role::Trainee, SANTANG.clone())]);
        let admin = viewer(6, &[(Role::Admin, COUNTY_REF.clone())]);
        let coordinator = viewer(7, &[(Role::Coordinator, QUANXI.clone())]);
        assert!(!hrefs(&trainee).contains(&"/admin/accounts"));
        assert!(!hrefs(&trainee).contains(&"/stations"));
        assert!(hrefs(&admin).contains(&"/admin/accounts"));
        assert!(hrefs(&admin).contains(&"/admin/audit"));
        assert!(hrefs(&coordinator).contains(&"/stations"));
        assert!(!hrefs(&coordinator).contains(&"/admin/audit"));
        assert!(hrefs(&trainee).contains(&"/practice/new"));
        assert!(hrefs(&trainee).contains(&"/practice"), "their practices");
        let primary = |v: &Viewer| {
            nav_items(v)
                .iter()
                .filter(|i| i.primary)
                .map(|i| i.href)
                .collect::<Vec<_>>()
        };
        assert_eq!(primary(&trainee), ["/practice/new", "/progress"]);
        assert_eq!(primary(&coordinator), ["/hours", "/volunteers"]);
        let busy = viewer(
            11,
            &[
                (Role::Mentor, SANTANG.clone()),
                (Role::Coordinator, SANTANG.clone()),
                (Role::Admin, SANTANG.clone()),
            ],
        );
        assert_eq!(
            primary(&busy),
            ["/review", "/supervision", "/hours", "/volunteers"],
            "at most four stay outside the menu"
        );
        assert_eq!(
            nav_items(&busy)[0].href,
            "/review",
            "primary tasks come first"
        );
        assert!(hrefs(&trainee).contains(&"/progress"));
        assert!(hrefs(&trainee).contains(&"/supervision"));
        assert!(!hrefs(&trainee).contains(&"/review"));
        let mentor = viewer(8, &[(Role::Mentor, SANTANG.clone())]);
        assert!(hrefs(&mentor).contains(&"/review"));
        assert!(hrefs(&mentor).contains(&"/oversight?mine=1"));
        assert!(!hrefs(&mentor).contains(&"/pairings"));
        assert!(hrefs(&coordinator).contains(&"/pairings"));
        assert!(hrefs(&coordinator).contains(&"/oversight"));
        assert!(
            !hrefs(&admin).contains(&"/admin/frameworks"),
            "deployment-wide settings belong to the root"
        );
        let province_admin = viewer(10, &[(Role::Admin, PROVINCE.clone())]);
        assert!(hrefs(&province_admin).contains(&"/admin/frameworks"));
        let station_admin = viewer(9, &[(Role::Admin, SANTANG.clone())]);
        assert!(
            !hrefs(&station_admin).contains(&"/admin/frameworks"),
            "root admins only"
        );
    }

    #[test]
    fn a_portfolio_is_for_its_worker_and_the_admins_above_their_stations() {
        let worker_stations = [SANTANG.clone()];
        let me = viewer(7, &[(Role::Trainee, SANTANG.clone())]);
        assert!(me.can_issue_portfolio(7, &worker_stations));
        assert!(!me.can_issue_portfolio(8, &worker_stations));
        for admin_at in [&*SANTANG, &*COUNTY_REF, &*CITY, &*PROVINCE] {
            assert!(
                viewer(1, &[(Role::Admin, admin_at.clone())])
                    .can_issue_portfolio(7, &worker_stations)
            );
        }
        for (role, at) in [
            (Role::Admin, &*QUANXI),
            (Role::Admin, &*OTHER_COUNTY),
            (Role::Admin, &*XIDU),
            (Role::Mentor, &*SANTANG),
            (Role::Coordinator, &*SANTANG),
            (Role::Coordinator, &*COUNTY_REF),
        ] {
            assert!(!viewer(1, &[(role, at.clone())]).can_issue_portfolio(7, &worker_stations));
        }
        // Someone with no station left is only their own.
        assert!(!viewer(1, &[(Role::Admin, SANTANG.clone())]).can_issue_portfolio(7, &[]));
    }
}
