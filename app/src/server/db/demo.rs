//! Demo data for `make run` and the browser tests: 湖南省 → 衡阳市 → Hengnan County with its 23
//! stations (a few accounts per role and the volunteer projects named in the domain brief), and
//! 衡阳县 with three stations and a few people, so a city account sees two counties. Never loaded
//! unless asked for, and only into an empty database.

use super::Db;
use super::accounts::NewAccount;
use super::audit::Actor;
use crate::error::AppError;
use crate::model::account::{Mobile, Role, Username};
use crate::model::station::StationKind;

/// The root of the demo tree.
pub const PROVINCE: &str = "湖南省";
/// The city above both demo counties.
pub const CITY: &str = "衡阳市";
/// The county station's name.
pub const COUNTY: &str = "衡南县社会工作服务站";
/// The second demo county.
pub const SECOND_COUNTY: &str = "衡阳县社会工作服务站";
/// The second county's stations.
pub const SECOND_TOWNSHIPS: [&str; 3] = ["西渡镇", "集兵镇", "台源镇"];

/// The 23 township/street stations of the demo county.
pub const TOWNSHIPS: [&str; 23] = [
    "三塘镇",
    "泉溪镇",
    "云集街道",
    "洪山镇",
    "谭子山镇",
    "鸡笼镇",
    "松江镇",
    "近尾洲镇",
    "花桥镇",
    "宝盖镇",
    "茶市镇",
    "栗江镇",
    "冠市镇",
    "江口镇",
    "廖田镇",
    "相市乡",
    "向阳镇",
    "硫市镇",
    "咸塘镇",
    "铁丝塘镇",
    "茅市镇",
    "柞市镇",
    "岐山街道",
];

/// The password every demo account shares; printed by `make run`, never used outside demo data.
pub const DEMO_PASSWORD: &str = "shegong-demo";

/// A demo account: username, name, mobile, role, and the node of the tree the role is held at.
pub struct DemoAccount {
    /// Sign-in name.
    pub username: &'static str,
    /// Chinese name.
    pub name: &'static str,
    /// Mobile number (also a sign-in name).
    pub mobile: &'static str,
    pub role: Role,
    /// Full name of the node (station, county, city or province).
    pub station: &'static str,
}

/// The demo accounts `make run` prints.
pub const DEMO_ACCOUNTS: [DemoAccount; 15] = [
    DemoAccount {
        username: "admin",
        name: "周建国",
        mobile: "13800000001",
        role: Role::Admin,
        station: COUNTY,
    },
    DemoAccount {
        username: "admin.santang",
        name: "赵磊",
        mobile: "13800000002",
        role: Role::Admin,
        station: "三塘镇社工站",
    },
    DemoAccount {
        username: "coord.santang",
        name: "刘芳",
        mobile: "13800000003",
        role: Role::Coordinator,
        station: "三塘镇社工站",
    },
    DemoAccount {
        username: "mentor.santang",
        name: "王秀英",
        mobile: "13800000004",
        role: Role::Mentor,
        station: "三塘镇社工站",
    },
    DemoAccount {
        username: "trainee.santang",
        name: "李明",
        mobile: "13800000005",
        role: Role::Trainee,
        station: "三塘镇社工站",
    },
    DemoAccount {
        username: "coord.quanxi",
        name: "陈静",
        mobile: "13800000006",
        role: Role::Coordinator,
        station: "泉溪镇社工站",
    },
    DemoAccount {
        username: "mentor.quanxi",
        name: "陈志强",
        mobile: "13800000007",
        role: Role::Mentor,
        station: "泉溪镇社工站",
    },
    DemoAccount {
        username: "trainee.quanxi",
        name: "张丽",
        mobile: "13800000008",
        role: Role::Trainee,
        station: "泉溪镇社工站",
    },
    DemoAccount {
        username: "trainee2.santang",
        name: "王芳",
        mobile: "13800000009",
        role: Role::Trainee,
        station: "三塘镇社工站",
    },
    DemoAccount {
        username: "trainee2.quanxi",
        name: "赵强",
        mobile: "13800000010",
        role: Role::Trainee,
        station: "泉溪镇社工站",
    },
    DemoAccount {
        username: "admin.hengyang",
        name: "黄志明",
        mobile: "13800000011",
        role: Role::Admin,
        station: CITY,
    },
    DemoAccount {
        username: "admin.hunan",
        name: "罗湘君",
        mobile: "13800000012",
        role: Role::Admin,
        station: PROVINCE,
    },
    DemoAccount {
        username: "coord.xidu",
        name: "彭丽华",
        mobile: "13800000013",
        role: Role::Coordinator,
        station: "西渡镇社工站",
    },
    DemoAccount {
        username: "mentor.xidu",
        name: "曾国平",
        mobile: "13800000014",
        role: Role::Mentor,
        station: "西渡镇社工站",
    },
    DemoAccount {
        username: "trainee.xidu",
        name: "谭小雨",
        mobile: "13800000015",
        role: Role::Trainee,
        station: "西渡镇社工站",
    },
];

/// Volunteer projects and the station that organises each.
const PROJECTS: [(&str, &str, &str); 5] = [
    (
        "海星行动",
        "三塘镇",
        "为困境儿童、留守儿童提供成长营和心理陪伴。",
    ),
    ("春蕾计划", "泉溪镇", "资助困难家庭女孩完成高中学业。"),
    ("大爱清尘", "云集街道", "关爱尘肺病患者及其家庭。"),
    ("向英雄的父母致敬", "三塘镇", "探望、陪伴烈士父母。"),
    ("关爱抗战老兵", "泉溪镇", "走访慰问抗战老兵。"),
];

impl Db {
    /// Pairs each station's first trainee with its mentor and records a session for each pair:
    /// recent in 三塘镇, 40 days ago in 泉溪镇 (so oversight has something overdue to show).
    async fn load_demo_mentoring(
        &self,
        station_id: &impl Fn(Option<&str>) -> i64,
    ) -> Result<(), AppError> {
        use crate::model::mentorship::{NewAction, NewPairing, NewSession};
        let today = crate::model::time::china_time(chrono::Utc::now()).date();
        let actor = Actor::default();
        for (trainee, mentor, station, days_ago, agreement) in [
            (
                "trainee.santang",
                "mentor.santang",
                "三塘镇",
                10,
                "- 三个月内**独立完成入户走访**（B1–B6）\n- 每月至少一次个别督导",
            ),
            (
                "trainee.quanxi",
                "mentor.quanxi",
                "泉溪镇",
                40,
                "- 掌握主要救助政策并能通俗讲解（C1–C5）",
            ),
        ] {
            let (Some(t), Some(m)) = (
                self.find_login(trainee).await?,
                self.find_login(mentor).await?,
            ) else {
                continue;
            };
            let pairing = NewPairing {
                trainee_id: t.id,
                mentor_id: m.id,
                is_primary: true,
                starts_on: today - chrono::Duration::days(60),
                planned_end_on: Some(today + chrono::Duration::days(120)),
                agreement_md: agreement.to_owned(),
            };
            self.create_pairing(&pairing, station_id(Some(station)), &actor)
                .await?;
            let session = NewSession {
                held_on: today - chrono::Duration::days(days_ago),
                minutes: 60,
                form: "individual".into(),
                channel: "in_person".into(),
                functions: vec!["educational".into(), "supportive".into()],
                topics: "入户走访前的准备与安全".into(),
                notes_md: "回顾了一次入户经历，讨论了**结伴入户**和行前报备。".into(),
                item_codes: vec!["A3".into(), "B1".into()],
                trainees: vec![t.id],
                actions: vec![NewAction {
                    owner_id: t.id,
                    description: "整理一份访前准备清单".into(),
                    due_on: today - chrono::Duration::days(days_ago) + chrono::Duration::days(14),
                }],
            };
            self.create_session(
                m.id,
                &session,
                &Actor {
                    user_id: Some(m.id),
                    ip: None,
                },
            )
            .await?;
        }
        Ok(())
    }

    /// Loads the demo data into an empty database; returns false (and changes nothing) if
    /// any account already exists. `password_hash` is the hash of [`DEMO_PASSWORD`].
    pub async fn load_demo(&self, password_hash: &str) -> Result<bool, AppError> {
        if self.has_accounts().await? {
            return Ok(false);
        }
        self.ensure_default_framework().await?;
        let province = self
            .create_station(PROVINCE, None, StationKind::Province)
            .await?;
        let city = self
            .create_station(CITY, Some(province), StationKind::Province)
            .await?;
        let county = self
            .create_station(COUNTY, Some(city), StationKind::Province)
            .await?;
        let mut nodes = vec![(PROVINCE.to_owned(), province), (CITY.to_owned(), city)];
        nodes.push((COUNTY.to_owned(), county));
        let mut township_ids = Vec::with_capacity(TOWNSHIPS.len());
        for name in TOWNSHIPS {
            let full = format!("{name}社工站");
            let id = self
                .create_station(&full, Some(county), StationKind::Province)
                .await?;
            township_ids.push((name, id));
            nodes.push((full, id));
        }
        let second = self
            .create_station(SECOND_COUNTY, Some(city), StationKind::Province)
            .await?;
        nodes.push((SECOND_COUNTY.to_owned(), second));
        let mut second_ids = Vec::with_capacity(SECOND_TOWNSHIPS.len());
        for name in SECOND_TOWNSHIPS {
            let full = format!("{name}社工站");
            let id = self
                .create_station(&full, Some(second), StationKind::Province)
                .await?;
            second_ids.push(id);
            nodes.push((full, id));
        }
        let node_id = |full: &str| {
            nodes
                .iter()
                .find(|(n, _)| n == full)
                .map_or(county, |(_, id)| *id)
        };
        let station_id = |name: Option<&str>| {
            name.and_then(|n| {
                township_ids
                    .iter()
                    .find(|(t, _)| *t == n)
                    .map(|(_, id)| *id)
            })
            .unwrap_or(county)
        };
        let actor = Actor::default();
        for account in &DEMO_ACCOUNTS {
            self.create_account(
                &NewAccount {
                    username: Username::parse(account.username)?,
                    display_name: account.name.to_owned(),
                    mobile: Some(Mobile::parse("mobile", account.mobile)?),
                    password_hash: password_hash.to_owned(),
                    role: account.role,
                    station_id: node_id(account.station),
                },
                &actor,
            )
            .await?;
        }
        for account in DEMO_ACCOUNTS.iter().filter(|a| a.role == Role::Trainee) {
            if let Some(login) = self.find_login(account.username).await? {
                self.ensure_enrolment(login.id).await?;
            }
        }
        for (name, station, description) in PROJECTS {
            self.create_project(name, description, &[station_id(Some(station))], &actor)
                .await?;
        }
        self.load_demo_mentoring(&station_id).await?;
        let stations: Vec<i64> = township_ids.iter().map(|(_, id)| *id).collect();
        let busy = [
            station_id(Some("三塘镇")),
            station_id(Some("泉溪镇")),
            station_id(Some("云集街道")),
        ];
        let mut recorders = Vec::new();
        for (login, station) in [("coord.santang", "三塘镇"), ("coord.quanxi", "泉溪镇")] {
            if let Some(l) = self.find_login(login).await? {
                recorders.push((station_id(Some(station)), l.id));
            }
        }
        let admin = self.find_login("admin").await?.map_or(0, |l| l.id);
        self.load_demo_volunteers(
            &stations,
            &busy,
            |s| {
                recorders
                    .iter()
                    .find(|(st, _)| *st == s)
                    .map_or(admin, |(_, id)| *id)
            },
            password_hash,
        )
        .await?;
        let xidu_coordinator = self.find_login("coord.xidu").await?.map_or(admin, |l| l.id);
        self.load_demo_second_county(&second_ids, xidu_coordinator)
            .await?;
        Ok(true)
    }
}
