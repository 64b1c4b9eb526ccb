"""The report as one self-contained HTML file: plotly.js is inlined once, in the page's head,
so the file opens offline and can be mailed or attached as it is."""

from __future__ import annotations

import html
from pathlib import Path

from plotly.offline import get_plotlyjs

from tooling.report.data import ReportData
from tooling.report.sections import Section

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0;
       color: #222; background: #f6f7f9; }
header, main, footer { max-width: 1280px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 24px; }
h1 { font-size: 26px; margin-bottom: 4px; }
h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #d8dce2; padding-bottom: 6px; }
.meta { color: #666; font-size: 13px; }
nav a { margin-right: 14px; font-size: 14px; }
.grid { display: grid; gap: 16px; }
/* two fixed columns from the start: a chart is sized when its script runs, before the
   next figure exists, so an auto-fit grid would first give it the whole row */
.grid.columns-2 { grid-template-columns: repeat(2, minmax(0, 1fr)); }
@media (max-width: 1000px) { .grid.columns-2 { grid-template-columns: minmax(0, 1fr); } }
h3 { font-size: 16px; margin: 28px 0 4px; }
figure { margin: 0; background: #fff; border: 1px solid #e3e6ea; border-radius: 6px;
         padding: 8px; }
figcaption { font-size: 13px; color: #444; padding: 4px 8px 8px; }
table { border-collapse: collapse; background: #fff; margin: 12px 0; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid #e3e6ea; padding: 4px 8px; text-align: left; }
th { background: #eef1f5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.note { background: #fff8e5; border-left: 4px solid #e0b84c; padding: 8px 12px; }
footer { color: #666; font-size: 12px; padding: 32px 24px; }
"""


def render_section(section: Section) -> str:
    figures = []
    for chart in section.charts:
        chart_html = chart.figure.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{chart.chart_id}",
            config=PLOTLY_CONFIG,
        )
        caption = f"<figcaption>{chart.caption}</figcaption>" if chart.caption else ""
        figures.append(f'<figure class="chart" data-chart-id="{chart.chart_id}">')
        figures.append(chart_html + caption + "</figure>")
    grid = (
        f'<div class="grid columns-{section.chart_columns}">{"".join(figures)}</div>'
        if figures
        else ""
    )
    heading = "h3" if section.is_subsection else "h2"
    subsections = "".join(render_section(subsection) for subsection in section.subsections)
    return (
        f'<section id="{section.section_id}"><{heading}>{html.escape(section.title)}'
        f"</{heading}>{section.intro}{grid}{''.join(section.tables)}{subsections}</section>"
    )


def render_page(data: ReportData, sections: list[Section]) -> str:
    target = data.target
    generated = data.generated_at.strftime("%Y-%m-%d %H:%M UTC")
    nav = "".join(
        f'<a href="#{section.section_id}">{html.escape(section.title)}</a>' for section in sections
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Video engagement report</title>
<style>{STYLE}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head>
<body>
<header>
<h1>Video engagement report</h1>
<p class="meta">Generated {generated} from the marts of schema
<code>{html.escape(str(target["schema_name"]))}</code> on dbt target
<code>{html.escape(str(target["target_name"]))}</code>, read with <code>dbt show</code>.
Column definitions: the docs site (<code>./scripts/docs.sh</code>).</p>
<nav>{nav}</nav>
</header>
<main>
{"".join(render_section(section) for section in sections)}
</main>
<footer>video_engagement dbt project &middot; charts drawn with Plotly</footer>
</body>
</html>
"""


def write_report(path: Path, data: ReportData, sections: list[Section]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_page(data, sections), encoding="utf-8")
    return path
