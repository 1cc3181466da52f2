//! Progress per area as an SVG bar chart drawn on the server: no chart library on the phone.

use leptos::prelude::*;

use crate::api::competency::AreaProgress;
use crate::i18n::t;

/// One horizontal bar per area: competent items out of all items.
#[component]
pub fn AreaChart(areas: Vec<AreaProgress>) -> impl IntoView {
    const ROW: usize = 28;
    const LABEL: usize = 34;
    const WIDTH: usize = 300;
    let bar_width = WIDTH - LABEL - 50;
    let height = ROW * areas.len() + 4;
    let title = t!("progress.chart_title");
    let label = title.clone();
    view! {
        <svg
            class="area-chart"
            role="img"
            aria-label=label
            viewBox=format!("0 0 {WIDTH} {height}")
            width="100%"
            data-testid="area-chart"
        >
            <title>{title}</title>
            {areas
                .into_iter()
                .enumerate()
                .map(|(i, area)| {
                    let y = i * ROW + 4;
                    let filled = (bar_width * area.competent).checked_div(area.total).unwrap_or(0);
                    view! {
                        <g>
                            <text x="0" y=y + 15 class="chart-label">{area.code.clone()}</text>
                            <rect x=LABEL y=y width=bar_width height="18" rx="3" class="chart-track"></rect>
                            <rect x=LABEL y=y width=filled height="18" rx="3" class="chart-fill"></rect>
                            <text x=LABEL + bar_width + 6 y=y + 15 class="chart-value">
                                {format!("{}/{}", area.competent, area.total)}
                            </text>
                        </g>
                    }
                })
                .collect_view()}
        </svg>
    }
}
