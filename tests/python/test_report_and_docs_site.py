"""The analysts' door in a real browser: the docs site's mart pages and the report's charts.

On the sample marts (schema ve_test_sample, which test_pipeline_landings builds earlier in a
full run; built here with `dbt run` when missing), the module generates the docs site
(`dbt docs generate`, as scripts/docs.sh does) and the report (tooling.report, as
scripts/report.sh does), serves the site on 127.0.0.1, opens both in headless Chromium
(headless_chromium.py; scripts/install_chromium.sh installs Debian's `chromium`) and fails when

- the docs site's overview, a mart's page (its grain-first description, every column of its
  yml, the column types of the catalog) or the report's exposure page does not render;
- a chart of the report is missing, has no Plotly SVG (`svg.main-svg`) or drew no bar or
  line, or the page holds a chart the report did not mean to draw;
- fewer than three videos get a retention curve with drop-offs;
- either page reports an error in the browser console (an uncaught exception,
  console.error, a resource that failed to load).

Screenshots go to .screenshots/ (git-ignored), with the report the test opened.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
import urllib.parse
from pathlib import Path

import pytest

from headless_chromium import ConsoleError, HeadlessChromium
from tooling.report.charts import biggest_exit
from tooling.report.cli import generate
from tooling.report.marts import MartReader

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_LANDING = PROJECT_ROOT / "sample_data"
SCHEMA = "ve_test_sample"
SCREENSHOTS = PROJECT_ROOT / ".screenshots"
PROJECT = "video_engagement"

# dbt-docs' own page asks for two icons before Angular fills in their names
# ("{{ getIcon(item.type, 'on') }}") and for a favicon path its build never substituted:
# 404s that every dbt docs site logs, whatever the project. Nothing else is forgiven.
DBT_DOCS_OWN_404S = ("{{ getIcon(", "require('./assets/favicons/favicon.ico')")


def docs_site_errors(errors: list[ConsoleError]) -> list[str]:
    return [
        str(error)
        for error in errors
        if not (
            error.kind == "log (network)"
            and any(known in urllib.parse.unquote(error.url) for known in DBT_DOCS_OWN_404S)
        )
    ]


# --- fixtures ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_schema(dbt_project) -> str:
    """The sample's marts: reused when this pytest session built them, else built here."""
    if not _sample_marts_exist(dbt_project):
        outcome = dbt_project.build(SCHEMA, SAMPLE_LANDING, command="run")
        assert outcome.success and not outcome.failures, outcome.describe()
    os.environ["DBT_SCHEMA"] = SCHEMA
    return SCHEMA


def _sample_marts_exist(dbt_project) -> bool:
    from pyspark import SparkContext

    # No Spark yet in this process: nothing was built (the warehouse starts empty), and a
    # query now would start Spark without the profile's settings.
    if SparkContext._active_spark_context is None:
        return False
    try:
        tables = {row["tableName"] for row in dbt_project.query(f"show tables in {SCHEMA}")}
    except Exception:  # no such schema
        return False
    return {"fct_user_video_engagement", "fct_video_segment_retention", "dim_videos"} <= tables


@pytest.fixture(scope="module")
def docs_site(dbt_project, sample_schema, tmp_path_factory):
    """`dbt docs generate` on the sample schema, served from a copy on 127.0.0.1."""
    outcome, _ = dbt_project.invoke(
        ["docs", "generate", "--vars", json.dumps({"raw_root": str(SAMPLE_LANDING)})],
        sample_schema,
    )
    assert outcome.success, outcome.describe()
    site = tmp_path_factory.mktemp("docs_site")
    for name in ("index.html", "manifest.json", "catalog.json"):
        shutil.copy2(PROJECT_ROOT / "target" / name, site / name)

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    manifest = json.loads((site / "manifest.json").read_text())
    # the catalog is what docs generate read from the warehouse: every mart must be in it
    catalog = json.loads((site / "catalog.json").read_text())
    missing = [
        node["name"] for node in mart_models(manifest) if node["unique_id"] not in catalog["nodes"]
    ]
    assert not missing, (
        f"marts missing from catalog.json (not built in {sample_schema}?): {missing}"
    )
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html", manifest
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def report(sample_schema):
    """The report on the sample, through dbt show, as scripts/report.sh writes it."""
    path, data, sections = generate(MartReader(), SCREENSHOTS / "engagement_report.html")
    return path, data, sections


@pytest.fixture(scope="module")
def browser():
    with HeadlessChromium.launch(width=1300, height=1000) as chromium:
        yield chromium


# --- the docs site ----------------------------------------------------------------------------
def mart_models(manifest: dict) -> list[dict]:
    return sorted(
        (
            node
            for node in manifest["nodes"].values()
            if node["resource_type"] == "model"
            and node["package_name"] == PROJECT
            and node["original_file_path"].startswith("models/marts/")
        ),
        key=lambda node: node["name"],
    )


def first_words(markdown: str, count: int = 8) -> str:
    """The description's opening words as the page shows them (markdown marks dropped)."""
    return " ".join(re.sub(r"[`*]", "", markdown).split()[:count])


def test_docs_site_renders_the_overview_every_mart_and_the_report_exposure(docs_site, browser):
    url, manifest = docs_site
    browser.console_errors.clear()
    browser.open(url + "#!/overview")
    browser.wait_for(
        "document.body.innerText.includes('How to read the marts')"
        " && document.body.innerText.includes('Start from the question')",
        timeout=60,
    )
    browser.screenshot(SCREENSHOTS / "docs_overview.png", full_page=False)

    marts = mart_models(manifest)
    assert len(marts) >= 13, [node["name"] for node in marts]
    problems = []
    for node in marts:
        assert node["description"].startswith("One row per"), (
            f"{node['name']}: a mart's description starts with its grain ('One row per ...')"
        )
        browser.evaluate(f"location.hash = '#!/model/{node['unique_id']}'")
        try:
            browser.wait_for(
                "((document.querySelector('h1') || {}).innerText || '').split(/\\s+/)[0]"
                f" === '{node['name']}'"
                " && document.querySelectorAll('#columns ~ .section-content tr.column-row')"
                ".length > 0",
                timeout=20,
            )
        except Exception as error:
            problems.append(f"{node['name']}: page did not render ({error})")
            continue
        page = browser.evaluate(
            """(() => {
                const section = (id) => document.querySelector('#' + id + ' ~ .section-content');
                const rows = Array.from(section('columns').querySelectorAll('tr.column-row'));
                return {
                    description: section('description').innerText,
                    columns: rows.map((row) => row.cells[0].innerText.trim()),
                    types: rows.map((row) => row.cells[1].innerText.trim()),
                };
            })()"""
        )
        description = " ".join(page["description"].split())
        if first_words(node["description"]) not in description:
            problems.append(f"{node['name']}: description missing, page shows {description!r}")
        missing = [column for column in node["columns"] if column not in page["columns"]]
        if missing:
            problems.append(f"{node['name']}: columns missing from its page: {missing}")
        if not all(page["types"]):
            problems.append(f"{node['name']}: columns without a type: {page}")
        if node["name"] == "fct_user_video_engagement":
            browser.screenshot(SCREENSHOTS / "docs_fct_user_video_engagement.png", full_page=False)
    assert not problems, "\n".join(problems)

    exposure = manifest["exposures"][f"exposure.{PROJECT}.engagement_report"]
    browser.evaluate(f"location.hash = '#!/exposure/{exposure['unique_id']}'")
    browser.wait_for(
        "document.body.innerText.includes('Engagement report (HTML)')"
        " && document.body.innerText.includes('fct_video_segment_retention')",
        timeout=20,
    )
    errors = docs_site_errors(browser.console_errors)
    assert not errors, "the docs site logged errors:\n" + "\n".join(errors)


# --- the report -------------------------------------------------------------------------------
CHART_STATE = """(() => {
    const state = {};
    for (const figure of document.querySelectorAll('figure[data-chart-id]')) {
        const plot = figure.querySelector('.plotly-graph-div');
        const drawn = plot ? Array.from(plot.querySelectorAll(
            '.barlayer .point path, .scatterlayer .js-line'
        )).filter((path) => (path.getAttribute('d') || '').length > 2).length : 0;
        state[figure.dataset.chartId] = {
            svg: plot ? plot.querySelectorAll('svg.main-svg').length : 0,
            traces: plot && plot.data ? plot.data.length : 0,
            drawn: drawn,
            height: plot ? plot.getBoundingClientRect().height : 0,
        };
    }
    return state;
})()"""


def test_report_draws_every_chart_without_console_errors(report, browser):
    path, data, sections = report
    expected = [chart.chart_id for section in sections for chart in section.all_charts()]
    for chart_id in (
        "engagement-tiers",
        "daily-watch",
        "q1-first-session-30s",
        "q2-retention-by-genre",
        "q3-dropoff-by-os-and-app",
    ):
        assert chart_id in expected, f"the report lost its {chart_id} chart"
    # the bar: a retention curve with drop-offs for at least three videos
    with_dropoffs = [
        video
        for video in data.videos
        if video.has_curve and any(row["exit_count"] for row in video.segments)
    ]
    assert len(with_dropoffs) >= 3, [video.video_id for video in data.videos]
    for rank, video in enumerate(data.videos, start=1):
        if video in with_dropoffs:
            assert {f"retention-seconds-{rank}", f"retention-percent-{rank}"} <= set(expected)

    # README's "Browse the docs site and the report" quotes the top video's curve
    top = data.videos[0]
    half = next(row for row in top.percents if row["percent_bucket"] == 50)
    biggest = biggest_exit(top.segments)
    assert (
        top.video["title"],
        top.segments[0]["unique_viewer_count"],
        half["unique_viewer_count"],
        top.segments[-1]["unique_viewer_count"],
        biggest["segment_start_seconds"],
        biggest["exit_count"],
    ) == ("Weeknight Pasta Live", 29, 18, 12, 0, 6)

    browser.console_errors.clear()
    browser.open(path.as_uri())
    # Plotly draws each chart as its script runs; wait until every expected chart has its
    # SVG (or 30 s), then say exactly which ones are missing or empty.
    browser.wait_for(
        f"Object.values({CHART_STATE}).filter((c) => c.svg > 0).length >= {len(expected)}",
        timeout=30,
        strict=False,
    )
    state = browser.evaluate(CHART_STATE)
    assert sorted(state) == sorted(expected), (
        f"charts on the page differ from the report's: missing "
        f"{sorted(set(expected) - set(state))}, unexpected {sorted(set(state) - set(expected))}"
    )
    not_drawn = {
        chart_id: chart
        for chart_id, chart in state.items()
        if not (chart["svg"] > 0 and chart["traces"] > 0 and chart["drawn"] > 0)
        or chart["height"] < 100
    }
    assert not not_drawn, f"charts without SVG or without a drawn bar or line: {not_drawn}"
    # the drop-off bars themselves: the first retention chart draws one bar per bucket
    first = state["retention-seconds-1"]
    assert first["drawn"] >= len(data.videos[0].segments), first

    browser.screenshot(SCREENSHOTS / "report.png")
    errors = [str(error) for error in browser.console_errors]
    assert not errors, "the report logged errors:\n" + "\n".join(errors)
