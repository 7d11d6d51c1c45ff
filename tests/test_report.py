"""The dashboard and the run artifacts: pure chart and page functions, `accord report` on the seeds opened in
headless Chromium (every chart drawn, screenshot saved), and the Prefect artifacts of a flow run."""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from flows.report import read_frames
from tests.conftest import ROOT
from warehouse import charts, dashboard, store

CHARTS = {"funding_by_year_type", "exchanges_by_programme", "agreements_by_year_type", "top_partners"}
CHROMIUM = shutil.which("chromium")
WINDOW = (1400, 2400)


@pytest.mark.parametrize("top, step", [(8, 2), (10, 2), (444e6, 100e6), (3, 1), (0.7, 0.2), (0, 1)])
def test_nice_step(top, step):
    assert charts.nice_step(top) == pytest.approx(step)


def test_a_log_scale_keeps_the_smallest_bar_visible_and_ordered():
    svg = charts.horizontal_bars("x", ["big", "mid", "small"], [500_000, 3_100, 4], dashboard.count, groups=["people", "visits", "visits"], log_scale=True)
    widths = [float(w) for w in re.findall(r'class="mark" x="[\d.]+" y="[\d.]+" width="([\d.]+)"', svg)]
    assert 'data-marks="3"' in svg and len(widths) == 3
    assert widths[0] > widths[1] > widths[2] >= 20  # 4 visits beside 500,000 people is a bar, not a sliver


def test_stacked_columns_draw_one_mark_per_non_zero_value():
    svg = charts.stacked_columns("x", ["2022", "2023", "2024"], {"loan": [4.0, 0, 1.0], "grant": [1.0, 0, 0]}, dashboard.usd)
    assert 'data-marks="3"' in svg and svg.count('class="mark"') == 3
    assert "2022 · Grant: $1" in svg


def test_legends_show_readable_labels_not_codes():
    svg = charts.stacked_columns("x", ["2022"], {"economic_impact": [4.0], "Implementing Arrangement": [1.0]}, dashboard.usd)
    assert ">Economic impact</text>" in svg and ">Implementing Arrangement</text>" in svg and "economic_impact" not in svg


def test_a_tooltip_stays_short_however_many_texts_a_bar_stands_for():
    many = "; ".join(f"{n} researchers" for n in range(20_000))  # what joining every count text of a large corpus gave
    svg = charts.horizontal_bars("x", ["a programme"], [20_000], dashboard.count, tooltips=[f"a programme: {many}"])
    titles = re.findall(r"<title>(.*?)</title>", svg)
    assert titles and max(map(len, titles)) <= charts.TOOLTIP_CHARS and len(svg) < 2_000


def test_amounts_left_out_of_the_totals_are_named_with_the_reason(frames):
    left_out = pd.DataFrame({"reason": ["no ECB rate for INR before 2009-01-02", "no date to convert at"],
                             "amounts": [695, 2], "currencies": ["INR", "EUR, JPY"]})
    html = dashboard.render_dashboard({**frames, "left_out": left_out}, source="x", generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    note = re.search(r'<p class="note" id="left-out">(.*?)</p>', html, re.S).group(1)
    assert "697 amounts of money left out of the US-dollar totals" in note
    assert "695 (INR): no ECB rate for INR before 2009-01-02" in note and "2 (EUR, JPY): no date to convert at" in note
    assert 'id="left-out"' not in dashboard.render_dashboard({**frames, "left_out": left_out.iloc[:0]}, source="x", generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))


@pytest.mark.parametrize("chart", [
    lambda: charts.stacked_columns("x", [], {}, dashboard.count),
    lambda: charts.horizontal_bars("x", [], [], dashboard.count),
])
def test_a_chart_without_data_says_so(chart):
    svg = chart()
    assert 'data-marks="0"' in svg and "no data" in svg


def test_year_columns_keep_empty_years():
    df = pd.DataFrame({"year": [2022, 2025, 2025], "money_type": ["loan", "loan", "grant"], "usd": [4.0, 1.0, 2.0]})
    years, series = dashboard.year_columns(df, "money_type", "usd")
    assert years == ["2022", "2023", "2024", "2025"]
    assert series == {"loan": [4.0, 0.0, 0.0, 1.0], "grant": [0.0, 0.0, 0.0, 2.0]}


@pytest.mark.parametrize("value, text", [(435.5e6, "$435.5M"), (1.2e9, "$1.2B"), (9500, "$9.5K"), (12, "$12"), (None, "n/a")])
def test_usd(value, text):
    assert dashboard.usd(value) == text


def test_an_empty_warehouse_gives_a_dashboard_that_says_so():
    from warehouse.dictionary import empty_warehouse

    with empty_warehouse() as con:
        frames = read_frames(con)
    html = dashboard.render_dashboard(frames, source="empty", generated_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert html.count('data-marks="0"') == len(CHARTS) and "No money or exchange figures." in html
    assert "documents read: **0**" in dashboard.summary_markdown(0, {}, 0, frames)


@pytest.fixture(scope="module")
def frames(seed_warehouse):
    con = store.connect_read_only(seed_warehouse)
    try:
        return read_frames(con)
    finally:
        con.close()


def test_the_run_summary_has_the_totals(frames):
    md = dashboard.summary_markdown(5, {"documents": 5, "figures": 65}, 96, frames)
    t = frames["totals"].iloc[0]
    assert "documents read: **5**" in md and "data checks passed: **96**" in md and "| figures | 65 |" in md
    assert f"**{dashboard.usd(t.funding_usd)}** in 3 amounts" in md
    assert f"**{dashboard.count(503_084)} people** and **{dashboard.count(3_104)} visits**" in md


def test_the_largest_figures_fit_a_table_artifact(frames):
    rows = dashboard.table_rows(frames["largest_figures"])
    json.dumps(rows)  # a Prefect table artifact must be JSON
    funding = [r for r in rows if r["kind"] == "funding"]
    assert [r["text"] for r in funding] == ["Yen Loan up to 50 billion", "over USD 400 million", "1 billion Yen"]
    assert "~US$ 9 million" not in {r["text"] for r in rows}  # conversions are not figures of their own


def test_every_run_leaves_its_summary_and_largest_figures_in_prefect(tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.etl import run_pipeline
    from tests.conftest import SEEDS

    state = run_pipeline(docs_dir=SEEDS, warehouse_dir=tmp_path, today=dt.date(2026, 11, 22), return_state=True)
    run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        artifacts = {a.key: a for a in client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[run_id])))}
    assert set(artifacts) == {"accord-run-summary", "accord-largest-figures"}
    summary, largest = artifacts["accord-run-summary"], artifacts["accord-largest-figures"]
    assert summary.type == "markdown" and "documents read: **5**" in summary.data and "| figures |" in summary.data
    table = json.loads(largest.data) if isinstance(largest.data, str) else largest.data
    assert largest.type == "table" and "Yen Loan up to 50 billion" in {r["text"] for r in table}

    # a run that finds nothing changed builds nothing, and still says so, with the totals of the published warehouse
    again = run_pipeline(docs_dir=SEEDS, warehouse_dir=tmp_path, today=dt.date(2026, 11, 22), return_state=True)
    assert not again.result().published
    with get_client(sync_client=True) as client:
        artifacts = {a.key: a for a in client.read_artifacts(artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[again.state_details.flow_run_id])))}
    assert set(artifacts) == {"accord-run-summary", "accord-largest-figures"}
    summary_again = artifacts["accord-run-summary"].data
    assert "nothing changed since the last run" in summary_again and "exchange rates: ECB reference rates" in summary_again
    assert summary_again.split("## Funding by type")[1] == summary.data.split("## Funding by type")[1]


@pytest.fixture(scope="module")
def report(seed_warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "dashboard.html"
    done = subprocess.run([sys.executable, "-m", "flows.cli", "report", "--warehouse", str(seed_warehouse), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    assert str(out) in done.stdout
    return out


def test_the_dashboard_needs_nothing_from_the_network(report, frames):
    html = report.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\(|<link\b""", html, re.I)
    assert set(re.findall(r'data-chart="([^"]+)"', html)) == CHARTS
    assert html.count("<mark>") == len(frames["largest_figures"])  # every figure highlighted in its sentence


def _chromium(*args: str, profile: Path, window: tuple[int, int] = WINDOW) -> subprocess.CompletedProcess:
    """Headless Chromium with every way to the network closed: whatever it draws came from the file."""
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--no-first-run", f"--user-data-dir={profile}", "--proxy-server=127.0.0.1:9",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--hide-scrollbars", f"--window-size={window[0]},{window[1]}"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true",
                    reason="chromium is not installed (apt-get install chromium); CI installs it and runs this test")
def test_every_chart_is_drawn_in_a_browser(report, tmp_path):
    assert CHROMIUM, "CI must have chromium: .ci/run installs it"
    dom = _chromium("--dump-dom", report.as_uri(), profile=tmp_path / "profile").stdout
    drawn = {m["chart"]: m for m in (re.search(r'data-chart="(?P<chart>[^"]+)" data-marks="(?P<marks>\d+)".*?'
                                                r'data-drawn-marks="(?P<drawn>\d+)" data-drawn-size="(?P<w>\d+)x(?P<h>\d+)"', tag).groupdict()
                                     for tag in re.findall(r"<svg [^>]*>", dom) if "data-chart" in tag)}
    assert set(drawn) == CHARTS, dom[:500]
    for chart, m in drawn.items():
        assert int(m["marks"]) > 0 and int(m["drawn"]) == int(m["marks"]), (chart, m)
        assert int(m["w"]) > 0 and int(m["h"]) > 0, (chart, m)

    screenshot = Path(os.environ.get("ACCORD_SCREENSHOT", tmp_path / "dashboard.png"))
    screenshot.parent.mkdir(parents=True, exist_ok=True)
    _chromium(f"--screenshot={screenshot}", report.as_uri(), profile=tmp_path / "profile")
    png = screenshot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == WINDOW
    print(f"screenshot: {screenshot}")


# The same questions asked of the analyst views: what the summary read from the tables must equal.
FROM_VIEWS = {
    "totals": """
        SELECT * FROM
            (SELECT count(*) AS documents FROM documents),
            (SELECT count(*) AS agreements FROM instruments),
            (SELECT count(*) AS amounts,
                    coalesce(sum(value_usd), 0) AS funding_usd,
                    coalesce(sum(value_usd) FILTER (WHERE money_type <> 'economic_impact'), 0) AS committed_usd,
                    coalesce(sum(value_usd) FILTER (WHERE money_type = 'economic_impact'), 0) AS impact_usd,
                    count(*) FILTER (WHERE value_usd IS NULL) AS amounts_without_usd
             FROM funding),
            (SELECT count(*) AS exchange_counts,
                    coalesce(sum(value) FILTER (WHERE included_in IS NULL AND moved = 'people'), 0) AS people,
                    coalesce(sum(value) FILTER (WHERE included_in IS NULL AND moved = 'visits'), 0) AS visits
             FROM exchanges)""",
    "funding_by_type": """
        SELECT money_type, count(*) AS amounts, coalesce(sum(value_usd), 0) AS usd
        FROM funding GROUP BY money_type ORDER BY usd DESC, money_type""",
    "largest_figures": f"""
        SELECT * FROM (
            (SELECT 'funding' AS kind, money_type AS type, text, value, currency AS unit, value_usd, source_name, sentence
             FROM funding WHERE value_usd IS NOT NULL ORDER BY value_usd DESC, figure_id LIMIT {dashboard.LARGEST})
            UNION ALL
            (SELECT 'exchange', moved, text, value, counted_noun, NULL, source_name, sentence
             FROM exchanges ORDER BY value DESC, figure_id LIMIT {dashboard.LARGEST}))
        ORDER BY kind DESC, coalesce(value_usd, value) DESC, text""",
}


@pytest.mark.parametrize("name", dashboard.SUMMARY_QUERIES)
def test_the_summary_reads_the_tables_to_the_answers_of_the_views(seed_warehouse, name):
    con = store.connect_read_only(seed_warehouse)
    try:
        from_tables = con.execute(dashboard.SUMMARY_QUERIES[name]).df()
        from_views = con.execute(FROM_VIEWS[name]).df()
    finally:
        con.close()
    assert len(from_tables) > 0
    pd.testing.assert_frame_equal(from_tables, from_views, check_dtype=False)


@pytest.mark.skipif(CHROMIUM is None and os.environ.get("CI") != "true",
                    reason="chromium is not installed (apt-get install chromium); CI installs it and runs this test")
@pytest.mark.parametrize("width", [420, 1400])
def test_the_dashboard_fits_a_phone_and_a_wide_screen(report, tmp_path, width):
    """The dashboard in a frame `width` px wide (headless Chromium's window is at least 500 px wide, so a phone's
    width is a frame's), which reports whether its page is wider than the frame and every chart inside it."""
    assert CHROMIUM, "CI must have chromium: .ci/run installs it"
    frame = tmp_path / "frame.html"
    frame.write_text(f"""<!doctype html><html><body style="margin:0">
<iframe id="f" src="{report.as_uri()}" style="border:0;width:{width}px;height:900px"></iframe>
<script>document.getElementById('f').addEventListener('load', e => {{
  const doc = e.target.contentDocument, out = document.createElement('pre');
  out.id = 'seen';
  out.textContent = JSON.stringify({{overflow: doc.body.dataset.overflow, viewport: doc.body.dataset.viewport,
    fits: Object.fromEntries([...doc.querySelectorAll('svg.chart')].map(s => [s.dataset.chart, s.dataset.fits]))}});
  document.body.appendChild(out);
}});</script></body></html>""", encoding="utf-8")
    dom = _chromium("--allow-file-access-from-files", "--dump-dom", frame.as_uri(), profile=tmp_path / "profile", window=(max(width, 500) + 40, 1000)).stdout
    seen = re.search(r'<pre id="seen">(.*?)</pre>', dom, re.S)
    assert seen, dom[:1000]
    seen = json.loads(seen.group(1).replace("&quot;", '"'))
    assert int(seen["viewport"]) == width and int(seen["overflow"]) == 0, f"the page is {seen['overflow']} px wider than a {width} px window"
    assert seen["fits"] == {chart: "true" for chart in CHARTS}, seen
