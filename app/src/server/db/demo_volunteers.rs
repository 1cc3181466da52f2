//! Demo volunteers for `make run`: a few hundred "衡阳群众" volunteers across the stations and a
//! year of activities in the five demo projects, most confirmed, a few waiting, so every
//! volunteer page has something real to show.

use crate::model::volunteer::{HourKind, RecordSource};
use chrono::{Datelike, Duration, NaiveDate, Utc};

use super::Db;
use super::audit::Actor;
use super::hours::NewHourRecord;
use crate::error::AppError;
use crate::model::account::{Mobile, Username};
use crate::model::volunteer::{GuardianConsent, NewActivity, NewVolunteer};

const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 20] = [
    "秀英", "桂英", "建华", "志强", "海燕", "丽娟", "文杰", "子涵", "雨轩", "浩然", "欣怡", "俊杰",
    "婷婷", "晓明", "红梅", "国强", "春花", "立新", "思远", "佳怡",
];
const TEAMS: [&str; 4] = ["青年服务队", "巾帼服务队", "银龄服务队", "党员先锋队"];
const SKILLS: [&str; 5] = ["陪伴阅读", "文艺表演", "医疗护理", "摄影宣传", "法律咨询"];

/// The demo volunteer who has a sign-in (password [`super::demo::DEMO_PASSWORD`]).
pub const DEMO_VOLUNTEER_LOGIN: &str = "volunteer.demo";

fn today() -> NaiveDate {
    crate::model::time::china_time(Utc::now()).date()
}

impl Db {
    /// Loads the demo volunteers, activities and hours. `lead` names each project's
    /// organising station and the account that records and confirms for it.
    pub(super) async fn load_demo_volunteers(
        &self,
        stations: &[i64],
        busy: &[i64],
        recorder: impl Fn(i64) -> i64,
        password_hash: &str,
    ) -> Result<(), AppError> {
        let today = today();
        // 80 volunteers at each busy station, 5 at every other one.
        let mut homes = Vec::new();
        for s in stations {
            let n = if busy.contains(s) { 80 } else { 5 };
            homes.extend(std::iter::repeat_n(*s, n));
        }
        let mut new = Vec::with_capacity(homes.len());
        for (i, station_id) in homes.iter().enumerate() {
            let minor = i % 50 == 7;
            let year = if minor {
                today.year() - 15
            } else {
                1960 + i32::try_from(i * 7 % 45).unwrap_or(0)
            };
            let birth_date =
                NaiveDate::from_ymd_opt(year, 1 + (i % 12) as u32, 1 + (i % 28) as u32)
                    .unwrap_or(today);
            new.push(NewVolunteer {
                name: format!("{}{}", SURNAMES[i % 20], GIVEN[(i / 20 + i * 7) % 20]),
                mobile: Mobile::parse("mobile", &format!("135{:08}", 73_100_000 + i))?,
                id: None,
                birth_date,
                gender: if i % 3 == 0 { "male" } else { "female" }.to_owned(),
                station_id: *station_id,
                team: TEAMS[i % 4].to_owned(),
                skills: SKILLS[i % 5].to_owned(),
                public_consent: i % 4 == 0,
                guardian: minor.then(|| GuardianConsent {
                    name: format!("{}建国", SURNAMES[i % 20]),
                    relation: "父亲".to_owned(),
                    on: today - Duration::days(200),
                }),
            });
        }
        let system = Actor::default();
        let ids = self
            .register_volunteers(&new, &system)
            .await
            .map_err(|(_, e)| e)?;
        let by_station = |s: i64| -> Vec<i64> {
            ids.iter()
                .zip(&homes)
                .filter(|(_, h)| **h == s)
                .map(|(id, _)| *id)
                .collect()
        };
        let projects = self.project_overview().await?;
        let mut k = 0usize;
        for weeks_ago in (0..52i64).rev() {
            for (p_idx, project) in projects.iter().enumerate() {
                // Each project meets every other week, on a different weekday.
                if (weeks_ago + p_idx as i64) % 2 != 0 {
                    continue;
                }
                let Some((station_id, _)) = project.stations.first().cloned() else {
                    continue;
                };
                let held_on = today - Duration::days(weeks_ago * 7 + 2 + p_idx as i64);
                k += 1;
                let training = k.is_multiple_of(6);
                let (start_min, end_min) = if k.is_multiple_of(2) {
                    (540, 690)
                } else {
                    (840, 1020)
                };
                let recorder_id = recorder(station_id);
                let actor = Actor {
                    user_id: Some(recorder_id),
                    ip: None,
                };
                let activity = self
                    .create_activity(
                        &NewActivity {
                            project_id: project.id,
                            station_id,
                            name: if training {
                                format!("{}志愿者培训", project.name)
                            } else {
                                format!("{}第{}次活动", project.name, k)
                            },
                            kind: if training {
                                HourKind::Training
                            } else {
                                HourKind::Service
                            },
                            held_on,
                            start_min,
                            end_min,
                            township: "衡南县".to_owned(),
                            village: format!("{}村", ["新塘", "龙泉", "花桥", "车江"][k % 4]),
                            content: if training {
                                "志愿服务规范与安全培训".to_owned()
                            } else {
                                format!("{}：入户陪伴、物资发放", project.name)
                            },
                            capacity: 20,
                        },
                        &actor,
                    )
                    .await?;
                let pool = by_station(station_id);
                let records: Vec<NewHourRecord> = (0..10)
                    .map(|j| pool[(k * 3 + j) % pool.len()])
                    .collect::<std::collections::BTreeSet<_>>()
                    .into_iter()
                    .map(|volunteer_id| NewHourRecord {
                        volunteer_id,
                        activity_id: activity,
                        station_id,
                        served_on: held_on,
                        start_min,
                        end_min,
                        kind: if training {
                            HourKind::Training
                        } else {
                            HourKind::Service
                        },
                        source: RecordSource::Coordinator,
                        late: false,
                        late_reason: None,
                        over_cap_reason: None,
                        amends_id: None,
                        correction_reason: None,
                        checkout_missing: false,
                    })
                    .collect();
                let created = self
                    .record_hours(&records, &actor)
                    .await
                    .map_err(|(_, e)| e)?;
                // The last fortnight stays waiting for confirmation.
                if weeks_ago >= 2 {
                    self.confirm_hours(&created, &actor).await?;
                }
            }
        }
        // The demo volunteer serves at the first busy station, so their page has hours.
        let first = busy
            .first()
            .and_then(|s| by_station(*s).first().copied())
            .ok_or(AppError::Internal)?;
        self.create_volunteer_account(
            first,
            &Username::parse(DEMO_VOLUNTEER_LOGIN)?,
            password_hash,
            &system,
        )
        .await?;
        Ok(())
    }

    /// The second county (衡阳县): a few volunteers, one project run from its first station with
    /// an activity every fortnight for twenty weeks, and its mentor paired with its trainee.
    pub(super) async fn load_demo_second_county(
        &self,
        stations: &[i64],
        coordinator: i64,
    ) -> Result<(), AppError> {
        use crate::model::mentorship::{NewPairing, NewSession};
        let today = today();
        let (Some(&first), system) = (stations.first(), Actor::default()) else {
            return Ok(());
        };
        let homes: Vec<i64> = stations
            .iter()
            .enumerate()
            .flat_map(|(i, s)| std::iter::repeat_n(*s, if i == 0 { 10 } else { 3 }))
            .collect();
        let mut new = Vec::with_capacity(homes.len());
        for (i, station_id) in homes.iter().enumerate() {
            new.push(NewVolunteer {
                name: format!("{}{}", SURNAMES[(i + 5) % 20], GIVEN[(i * 3 + 1) % 20]),
                mobile: Mobile::parse("mobile", &format!("136{:08}", 73_200_000 + i))?,
                id: None,
                birth_date: NaiveDate::from_ymd_opt(1970 + i32::try_from(i).unwrap_or(0), 3, 9)
                    .unwrap_or(today),
                gender: if i % 2 == 0 { "female" } else { "male" }.to_owned(),
                station_id: *station_id,
                team: TEAMS[i % 4].to_owned(),
                skills: SKILLS[i % 5].to_owned(),
                public_consent: false,
                guardian: None,
            });
        }
        let ids = self
            .register_volunteers(&new, &system)
            .await
            .map_err(|(_, e)| e)?;
        let actor = Actor {
            user_id: Some(coordinator),
            ip: None,
        };
        let project = self
            .create_project(
                "衡阳县关爱留守儿童",
                "为留守儿童提供课业辅导和周末陪伴。",
                &[first],
                &actor,
            )
            .await?;
        for n in 0..10i64 {
            let held_on = today - Duration::days(n * 14 + 3);
            let activity = self
                .create_activity(
                    &NewActivity {
                        project_id: project,
                        station_id: first,
                        name: format!("周末陪伴第{}次", 10 - n),
                        kind: HourKind::Service,
                        held_on,
                        start_min: 540,
                        end_min: 660,
                        township: "衡阳县".to_owned(),
                        village: "西渡村".to_owned(),
                        content: "课业辅导、游戏陪伴".to_owned(),
                        capacity: 12,
                    },
                    &actor,
                )
                .await?;
            let records: Vec<NewHourRecord> = (0..6)
                .map(|j| ids[(usize::try_from(n).unwrap_or(0) + j) % ids.len()])
                .map(|volunteer_id| NewHourRecord {
                    volunteer_id,
                    activity_id: activity,
                    station_id: first,
                    served_on: held_on,
                    start_min: 540,
                    end_min: 660,
                    kind: HourKind::Service,
                    source: RecordSource::Coordinator,
                    late: false,
                    late_reason: None,
                    over_cap_reason: None,
                    amends_id: None,
                    correction_reason: None,
                    checkout_missing: false,
                })
                .collect();
            let created = self
                .record_hours(&records, &actor)
                .await
                .map_err(|(_, e)| e)?;
            // The latest activity stays waiting for confirmation.
            if n > 0 {
                self.confirm_hours(&created, &actor).await?;
            }
        }
        let (Some(trainee), Some(mentor)) = (
            self.find_login("trainee.xidu").await?,
            self.find_login("mentor.xidu").await?,
        ) else {
            return Ok(());
        };
        let pairing = NewPairing {
            trainee_id: trainee.id,
            mentor_id: mentor.id,
            is_primary: true,
            starts_on: today - Duration::days(30),
            planned_end_on: Some(today + Duration::days(150)),
            agreement_md: "- 熟悉西渡镇的救助政策和服务对象".to_owned(),
        };
        self.create_pairing(&pairing, first, &system).await?;
        let session = NewSession {
            held_on: today - Duration::days(20),
            minutes: 45,
            form: "group".into(),
            channel: "in_person".into(),
            functions: vec!["administrative".into()],
            topics: "个案记录规范".into(),
            notes_md: "一起检查了两份个案记录。".into(),
            item_codes: vec!["E1".into()],
            trainees: vec![trainee.id],
            actions: Vec::new(),
        };
        self.create_session(
            mentor.id,
            &session,
            &Actor {
                user_id: Some(mentor.id),
                ip: None,
            },
        )
        .await?;
        Ok(())
    }
}
