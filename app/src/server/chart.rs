//! Charts drawn on the server as plain SVG, so a cheap phone shows them without JavaScript.

use crate::model::overview::TrendPoint;
use crate::model::volunteer::{TotalsLine, format_hours};

/// Escapes text for SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A bar per month of confirmed service hours (the last 12 lines), 360 px wide.
pub fn month_bars(lines: &[TotalsLine]) -> String {
    let points: Vec<TrendPoint> = lines[lines.len().saturating_sub(12)..]
        .iter()
        .map(|l| TrendPoint {
            month: l.label.clone(),
            value: l.service_minutes,
        })
        .collect();
    bars(&points, "monthly hours", (180, 16, 30), format_hours, |m| {
        (m / 60).to_string()
    })
}

/// A bar per month of a twelve-month trend, 360 px wide; `short` writes the value above a bar
/// and `title` names the chart for screen readers.
pub fn trend_bars(points: &[TrendPoint], title: &str, short: impl Fn(i64) -> String) -> String {
    bars(points, title, (150, 14, 26), &short, &short)
}

/// Bars for `points` in a 360 px wide SVG of height, top and bottom margins `frame`; each bar's
/// tooltip shows `full(value)` and its label `short(value)`. Text is escaped.
fn bars(
    points: &[TrendPoint],
    title: &str,
    (h, top, bottom): (i64, i64, i64),
    full: impl Fn(i64) -> String,
    short: impl Fn(i64) -> String,
) -> String {
    let max = points.iter().map(|p| p.value).max().unwrap_or(0).max(1);
    let w = 360_i64;
    let n = i64::try_from(points.len()).unwrap_or(1).max(1);
    let slot = w / n;
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" class="chart" aria-label="{}">"#,
        esc(title)
    );
    for (i, p) in points.iter().enumerate() {
        let x = i64::try_from(i).unwrap_or(0) * slot;
        let bar = (h - top - bottom) * p.value / max;
        let y = h - bottom - bar;
        let label = p.month.get(5..).unwrap_or(&p.month);
        out.push_str(&format!(
            r##"<g><title>{month}: {full}</title><rect x="{bx}" y="{y}" width="{bw}" height="{bar}" fill="#2f7d6d"/><text x="{tx}" y="{ly}" font-size="10" text-anchor="middle">{label}</text><text x="{tx}" y="{vy}" font-size="9" text-anchor="middle">{value}</text></g>"##,
            month = esc(&p.month),
            full = esc(&full(p.value)),
            value = esc(&short(p.value)),
            bx = x + 2,
            bw = (slot - 4).max(1),
            tx = x + slot / 2,
            ly = h - bottom + 14,
            vy = (y - 3).max(10),
            label = esc(label),
        ));
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_largest_month_and_escape_labels() {
        let line = |label: &str, m: i64| TotalsLine {
            label: label.into(),
            service_minutes: m,
            training_minutes: 0,
            volunteers: 1,
            scan_minutes: 0,
        };
        let svg = month_bars(&[line("2026-01", 600), line("2026-02", 1200), line("<x>", 0)]);
        assert!(svg.starts_with("<svg"));
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(
            svg.contains(r#"height="134""#),
            "tallest bar fills the plot"
        );
        assert!(svg.contains("&lt;x&gt;"));
        assert!(!svg.contains("<x>"));
    }
}
