//! The growth portfolio as PDF blocks, with the same content as its page.

use super::Block;
use crate::i18n::Locale;
use crate::model::portfolio::Portfolio;
use crate::model::volunteer::format_hours;

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "—".into())
}

/// The portfolio's blocks in `locale`.
pub fn blocks(p: &Portfolio, locale: Locale) -> Vec<Block> {
    let t = |k: &str| locale.t(k);
    let mut out = vec![
        Block::Title(t("portfolio.title")),
        Block::Subtitle(p.name.clone()),
        Block::Subtitle(locale.tf(
            "portfolio.issued",
            &[("day", &p.issued_on.to_string()), ("by", &p.issued_by)],
        )),
        Block::Heading(t("portfolio.identity")),
    ];
    let mut facts = vec![(
        t("growth.level"),
        p.qualification
            .as_ref()
            .map(|q| t(&q.level.label_key()))
            .unwrap_or_else(|| t("portfolio.none")),
    )];
    if let Some(q) = &p.qualification {
        if let Some(n) = &q.certificate_no {
            facts.push((t("growth.certificate_no"), n.clone()));
        }
        if let Some(d) = q.first_registered {
            facts.push((t("growth.first_registered"), d.to_string()));
        }
    }
    out.push(Block::Facts(facts));
    out.push(Block::Table {
        headers: vec![
            t("stations.name"),
            t("portfolio.role"),
            t("portfolio.from"),
            t("portfolio.until"),
        ],
        widths: vec![3.0, 1.5, 1.5, 1.5],
        rows: p
            .roles
            .iter()
            .map(|r| {
                vec![
                    r.station.clone(),
                    t(r.role.label_key()),
                    r.from.to_string(),
                    day(r.until),
                ]
            })
            .collect(),
    });

    out.push(Block::Heading(t("portfolio.pairings")));
    if p.pairings.is_empty() {
        out.push(Block::Para(t("portfolio.none")));
    }
    for x in &p.pairings {
        let who = if x.as_mentor {
            t("portfolio.mentor_of")
        } else {
            t("portfolio.mentored_by")
        };
        let primary = if x.is_primary {
            format!("（{}）", t("portfolio.primary"))
        } else {
            String::new()
        };
        out.push(Block::Para(format!(
            "{who} {}{primary} · {} · {} – {} · {}",
            x.other,
            x.station,
            x.starts_on,
            day(x.ended_on),
            t(&format!("pairing.{}", x.status))
        )));
    }

    if let Some(framework) = &p.framework {
        out.push(Block::Heading(t("portfolio.competencies")));
        out.push(Block::Para(locale.tf(
            "portfolio.competent",
            &[
                ("n", &p.competent().to_string()),
                ("total", &p.items.len().to_string()),
                ("framework", framework),
            ],
        )));
        out.push(Block::Table {
            headers: vec![
                t("portfolio.item"),
                t("portfolio.area"),
                t("portfolio.status"),
                t("portfolio.signed_on"),
                t("portfolio.signed_by"),
            ],
            widths: vec![3.6, 1.6, 1.0, 1.3, 1.1],
            rows: p
                .items
                .iter()
                .map(|i| {
                    vec![
                        format!("{} {}", i.code, i.title),
                        i.area.clone(),
                        t(&i.status.label_key()),
                        day(i.signed_on),
                        i.signed_by.clone().unwrap_or_else(|| "—".into()),
                    ]
                })
                .collect(),
        });
        out.push(Block::Heading(t("portfolio.practice")));
        if p.practice_counts.is_empty() {
            out.push(Block::Para(t("portfolio.none")));
        }
        for c in &p.practice_counts {
            out.push(Block::Para(format!(
                "{} · {}: {}",
                c.area,
                t(&c.setting.label_key()),
                c.count
            )));
        }
    }

    out.push(Block::Heading(t("portfolio.supervision")));
    out.push(Block::Para(locale.tf(
        "portfolio.supervision_total",
        &[
            ("n", &p.sessions.len().to_string()),
            ("hours", &format_hours(p.supervision_minutes())),
        ],
    )));
    if !p.sessions.is_empty() {
        out.push(Block::Table {
            headers: vec![
                t("supervision.held_on"),
                t("supervision.form"),
                t("supervision.channel"),
                t("supervision.minutes"),
                t("portfolio.with"),
            ],
            widths: vec![1.3, 1.3, 1.0, 0.9, 1.8],
            rows: p
                .sessions
                .iter()
                .map(|s| {
                    vec![
                        s.held_on.to_string(),
                        t(&format!("supervision.form_{}", s.form)),
                        t(&format!("supervision.channel_{}", s.channel)),
                        s.minutes.to_string(),
                        if s.as_mentor {
                            t("portfolio.ran_it")
                        } else {
                            s.mentor.clone()
                        },
                    ]
                })
                .collect(),
        });
    }

    out.push(Block::Heading(t("portfolio.education")));
    if p.education.is_empty() {
        out.push(Block::Para(t("growth.no_period")));
    }
    for l in &p.education {
        let met = if l.credited >= l.required {
            format!(" · {}", t("portfolio.met"))
        } else {
            String::new()
        };
        out.push(Block::Para(format!(
            "{} – {}: {}{met}",
            l.period.start,
            l.period.end - chrono::Duration::days(1),
            locale.tf(
                "growth.progress",
                &[
                    ("done", &format_hours(l.credited)),
                    ("needed", &format_hours(l.required)),
                ],
            )
        )));
    }

    out.push(Block::Heading(t("portfolio.activities")));
    if p.activities.is_empty() {
        out.push(Block::Para(t("portfolio.none")));
    } else {
        out.push(Block::Table {
            headers: vec![
                t("supervision.held_on"),
                t("activity.name"),
                t("portfolio.project"),
                t("stations.name"),
                t("portfolio.volunteer_count"),
            ],
            widths: vec![1.2, 2.4, 1.5, 1.7, 0.9],
            rows: p
                .activities
                .iter()
                .map(|a| {
                    vec![
                        a.held_on.to_string(),
                        a.name.clone(),
                        a.project.clone(),
                        a.station.clone(),
                        a.volunteers.to_string(),
                    ]
                })
                .collect(),
        });
    }
    out.push(Block::Note(t("portfolio.left_out")));
    out
}
