"""The engagement report: one self-contained HTML page of charts drawn from the marts.

Usage (from the project root, inside the project's virtual environment)::

    ./scripts/report.sh                                  # sources scripts/env.sh first
    python -m tooling.report --top-videos 5 --output reports/engagement_report.html

What one run does:

1. **Reads** the marts and the analyses through dbt itself (``dbt show`` driven by dbt's
   programmatic runner, :mod:`tooling.report.marts`), so it reads whatever the active target
   of ``profiles.yml`` points at: the embedded Spark, a Thrift server or Databricks. It never
   opens table files.
2. **Draws** Plotly figures (:mod:`tooling.report.charts`): per top video (ranked as the
   ``popular_videos`` analysis ranks them) the retention curve per segment and per 1 % of
   the duration, with drop-off (exit) bars and rewatching views; the engagement tier
   distribution; daily watch time split foreground/background; the answers to Q1-Q3.
3. **Writes** one HTML file (:mod:`tooling.report.page`) with plotly.js inlined: it opens
   from disk, offline, in any browser, and can be mailed as it is.

Player health (SPEC 10) is not built yet; :func:`tooling.report.sections.player_health` is
the hook where its charts go once the marts exist.
"""
