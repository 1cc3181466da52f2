//! The 志愿服务记录证明 as PDF blocks, with the same wording as its printable page.

use super::Block;
use crate::i18n::Locale;
use crate::model::volunteer::{CertificateView, format_hours};

/// The certificate's blocks in `locale`.
pub fn blocks(c: &CertificateView, locale: Locale) -> Vec<Block> {
    let t = |k: &str| locale.t(k);
    let mut identity = vec![(t("volunteer.name"), c.volunteer.clone())];
    if let Some((kind, value)) = &c.id_shown {
        identity.push((t(&format!("id_type.{kind}")), value.clone()));
    }
    identity.push((t("roster.number"), c.volunteer_number.clone()));
    let mut out = vec![
        Block::Title(t("certificate.heading")),
        Block::Subtitle(format!("{}: {}", t("certificate.number"), c.number)),
        Block::Heading(t("certificate.identity")),
        Block::Facts(identity),
        Block::Heading(t("certificate.service")),
        Block::Para(locale.tf(
            "certificate.body",
            &[
                ("name", &c.volunteer),
                ("from", &c.from_on.to_string()),
                ("to", &c.to_on.to_string()),
                ("station", &c.station),
                ("activities", &c.activities.to_string()),
                ("hours", &format_hours(c.service_minutes)),
                ("training", &format_hours(c.training_minutes)),
            ],
        )),
    ];
    if c.scan_minutes > 0 {
        out.push(Block::Para(format!(
            "{}: {}",
            t("certificate.scan_hours"),
            format_hours(c.scan_minutes)
        )));
    }
    out.push(Block::Para(format!(
        "{}: {}",
        t("certificate.projects"),
        c.projects
    )));
    if !c.notes.is_empty() {
        out.push(Block::Para(format!(
            "{}: {}",
            t("certificate.notes"),
            c.notes
        )));
    }
    out.push(Block::Note(t("certificate.own_records")));
    out.push(Block::Heading(t("certificate.issuer")));
    out.push(Block::Facts(vec![
        (t("certificate.organisation"), c.station.clone()),
        (
            t("certificate.person_in_charge"),
            c.person_in_charge.clone(),
        ),
        (t("certificate.handler"), c.issued_by.clone()),
        (t("certificate.contact"), c.contact.clone()),
        (
            t("certificate.issued_on"),
            c.issued_on.format("%Y年%m月%d日").to_string(),
        ),
    ]));
    out.push(Block::Seal(t("certificate.seal")));
    out
}
