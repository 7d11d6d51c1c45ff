"""What the warehouse tells a reader at a glance: the questions the dashboard and the run summary ask of the
warehouse (SQL), and pure functions that turn the answers into one self-contained HTML page and into
the markdown Prefect shows for a run. Running the queries and writing files is flows/report.py's job.
"""
from __future__ import annotations

import datetime as dt
import math
from html import escape

import pandas as pd

from warehouse import charts

LARGEST = 10  # rows per kind in the table of largest figures
EXAMPLES = 3  # count texts named in a programme's tooltip: the largest ones, not every one (they grow with the corpus)

# The totals and largest figures, for the dashboard and the run summary artifact, from the contract tables:
# the numbers the analyst views give (the checks hold funding to the primary money figures, exchanges to
# the exchange counts and their included_in, agreements_timeline to one row per agreement; a test compares
# them), but reading a few columns instead of evaluating the views over every document's text, so that a
# run's cost and memory do not grow with them.
PRIMARY_MONEY = "kind = 'money' AND equivalent_of IS NULL"
# Each commitment once: the report that stands for it (resolution_links), never a stated total of listed amounts.
COMMITMENTS = f"{PRIMARY_MONEY} AND commitment_id IS NOT NULL AND match_rule = 'first_report'"
EXCHANGE_COUNTS = "kind = 'count' AND is_exchange"
SUMMARY_QUERIES: dict[str, str] = {
    "totals": f"""
        SELECT * FROM
            (SELECT count(*) AS documents FROM documents),
            (SELECT count(DISTINCT instrument_id) AS agreements FROM agreements),
            (SELECT count(*) AS amounts,
                    coalesce(sum(value_usd), 0) AS funding_usd,
                    coalesce(sum(value_usd) FILTER (WHERE money_type <> 'economic_impact'), 0) AS committed_usd,
                    coalesce(sum(value_usd) FILTER (WHERE money_type = 'economic_impact'), 0) AS impact_usd,
                    count(*) FILTER (WHERE value_usd IS NULL) AS amounts_without_usd
             FROM figures WHERE {COMMITMENTS}),
            (SELECT count(*) AS exchange_counts,
                    coalesce(sum(value) FILTER (WHERE included_in IS NULL AND exchange_moved(unit) = 'people'), 0) AS people,
                    coalesce(sum(value) FILTER (WHERE included_in IS NULL AND exchange_moved(unit) = 'visits'), 0) AS visits
             FROM figures WHERE {EXCHANGE_COUNTS})""",
    "funding_by_type": f"""
        SELECT money_type, count(*) AS amounts, coalesce(sum(value_usd), 0) AS usd
        FROM figures WHERE {COMMITMENTS} GROUP BY money_type ORDER BY usd DESC, money_type""",
    "largest_figures": f"""
        SELECT l.kind, l.type, l.text, l.value, l.unit, l.value_usd, d.source_name, l.sentence
        FROM ((SELECT 'funding' AS kind, money_type AS type, text, value, unit, value_usd, figure_id, doc_id, sentence
               FROM figures WHERE {COMMITMENTS} AND value_usd IS NOT NULL ORDER BY value_usd DESC, figure_id LIMIT {LARGEST})
              UNION ALL
              (SELECT 'exchange', exchange_moved(unit), text, value, unit, NULL, figure_id, doc_id, sentence
               FROM figures WHERE {EXCHANGE_COUNTS} ORDER BY value DESC, figure_id LIMIT {LARGEST})) l
        JOIN documents d USING (doc_id)
        ORDER BY l.kind DESC, coalesce(l.value_usd, l.value) DESC, l.text""",
}


QUERIES: dict[str, str] = {
    **SUMMARY_QUERIES,
    # the charts, from the analyst views
    "funding_by_year_type": """
        SELECT year, money_type, sum(value_usd) AS usd
        FROM funding WHERE value_usd IS NOT NULL AND year IS NOT NULL GROUP BY ALL ORDER BY ALL""",
    "exchanges_by_programme": f"""
        SELECT coalesce(programme, '(programme not named)') AS programme, moved, sum(value) AS total, count(*) AS n_counts,
               array_to_string(list(text ORDER BY value DESC, figure_id)[1:{EXAMPLES}], '; ') AS largest_counts
        FROM exchanges WHERE included_in IS NULL GROUP BY ALL ORDER BY total DESC, programme""",
    # amounts the US-dollar totals leave out, and why (no ECB rate for the currency on that date, no date)
    "left_out": f"""
        SELECT coalesce(fx_note, 'no reason recorded') AS reason, count(*) AS amounts, string_agg(DISTINCT unit, ', ' ORDER BY unit) AS currencies
        FROM figures WHERE {PRIMARY_MONEY} AND value_usd IS NULL GROUP BY ALL ORDER BY amounts DESC, reason""",
    "agreements_by_year_type": """
        SELECT year, agreement_type, count(*) AS agreements
        FROM agreements_timeline WHERE year IS NOT NULL GROUP BY ALL ORDER BY ALL""",
    "top_partners": """
        SELECT coalesce(acronym_a, name_a) AS label_a, coalesce(acronym_b, name_b) AS label_b, name_a, name_b, n_agreements, n_renewals, agreement_types
        FROM partners ORDER BY n_agreements DESC, name_a, name_b LIMIT 10""",
}


def usd(v: float | None) -> str:
    """US$ with a magnitude suffix: $435.5M."""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "n/a"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(v) >= size:
            return f"${v / size:,.1f}{suffix}"
    return f"${v:,.0f}"


def count(v: float) -> str:
    return f"{v:,.0f}"


def year_columns(df: pd.DataFrame, series_col: str, value_col: str) -> tuple[list[str], dict[str, list[float]]]:
    """Every year from the first to the last (gaps stay visible), with one list of values per series."""
    if df.empty:
        return [], {}
    years = list(range(int(df["year"].min()), int(df["year"].max()) + 1))
    wide = df.pivot_table(index="year", columns=series_col, values=value_col, aggfunc="sum").reindex(years).fillna(0)
    order = wide.sum().sort_values(ascending=False).index  # biggest series at the bottom of each column
    return [str(y) for y in years], {str(s): wide[s].tolist() for s in order}


def summary_markdown(documents_read: int, rows: dict[str, int], checks_passed: int, frames: dict[str, pd.DataFrame], notes=()) -> str:
    """The run summary Prefect shows: what was read, what was built, and the totals an analyst asks first."""
    t = frames["totals"].iloc[0]
    lines = [
        "# accord run",
        "",
        f"- documents read: **{documents_read}**",
        *(f"- {note}" for note in notes),
        f"- data checks passed: **{checks_passed}**",
        f"- funding: **{usd(t.funding_usd)}** in {int(t.amounts)} amounts: {usd(t.committed_usd)} committed (every type but economic impact), "
        f"{usd(t.impact_usd)} estimated economic impact; bracketed conversions not counted"
        + (f"; {int(t.amounts_without_usd)} amounts without a USD rate" if t.amounts_without_usd else ""),
        f"- exchanges: **{count(t.people)} people** and **{count(t.visits)} visits** in {int(t.exchange_counts)} counts "
        "(a count that is part of a larger one is not added)",
        "",
        "## Funding by type",
        "",
        "| money type | amounts | USD |",
        "|---|---:|---:|",
        *(f"| {r.money_type} | {r.amounts} | {usd(r.usd)} |" for r in frames["funding_by_type"].itertuples()),
        "",
        "## Rows per table",
        "",
        "| table | rows |",
        "|---|---:|",
        *(f"| {table} | {n:,} |" for table, n in rows.items()),
    ]
    return "\n".join(lines) + "\n"


def table_rows(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as JSON-ready dicts (NaN as None), for a Prefect table artifact."""
    return [{k: (None if pd.isna(v) else v.item() if hasattr(v, "item") else v) for k, v in row.items()} for row in df.to_dict("records")]


def _highlight(sentence: str | None, text: str) -> str:
    if not sentence:
        return escape(text)
    at = sentence.find(text)
    if at < 0:
        return escape(sentence)
    return escape(sentence[:at]) + "<mark>" + escape(text) + "</mark>" + escape(sentence[at + len(text):])


def _largest_table(df: pd.DataFrame) -> str:
    head = "<tr><th>kind</th><th>figure</th><th>value</th><th>USD</th><th>document</th><th>sentence</th></tr>"
    rows = [
        f'<tr><td>{escape(r.kind)}<br><small>{escape(str(r.type))}</small></td><td class="fig">{escape(r.text)}</td>'
        f'<td class="num">{count(r.value)} {escape(r.unit)}</td><td class="num">{usd(r.value_usd) if r.kind == "funding" else ""}</td>'
        f"<td><small>{escape(r.source_name)}</small></td><td>{_highlight(r.sentence, r.text)}</td></tr>"
        for r in df.itertuples()
    ]
    return f'<table class="largest">{head}{"".join(rows)}</table>' if rows else "<p>No money or exchange figures.</p>"


def left_out_note(left_out: pd.DataFrame) -> str:
    """The amounts of money the US-dollar totals leave out, and why; '' when every amount has a USD value."""
    if left_out.empty:
        return ""
    n = int(left_out["amounts"].sum())
    reasons = "; ".join(f"{count(r.amounts)} ({escape(str(r.currencies))}): {escape(r.reason)}" for r in left_out.itertuples())
    return (f'<p class="note" id="left-out"><b>{count(n)} amount{"s" * (n != 1)} of money left out of the US-dollar totals</b> '
            f"(no exchange rate to convert them at): {reasons}. The ECB's rates of some currencies start years after "
            "others'; <code>accord rates</code> shows the dates the rates in use cover.</p>")


def _card(title: str, subtitle: str, svg: str) -> str:
    return f'<section class="card"><h2>{escape(title)}</h2><p class="sub">{escape(subtitle)}</p>{svg}</section>'


def dashboard_charts(frames: dict[str, pd.DataFrame]) -> list[str]:
    """The four chart cards, each an inline SVG."""
    years, series = year_columns(frames["funding_by_year_type"], "money_type", "usd")
    funding = charts.stacked_columns("funding_by_year_type", years, series, usd)
    years, series = year_columns(frames["agreements_by_year_type"], "agreement_type", "agreements")
    agreements = charts.stacked_columns("agreements_by_year_type", years, series, count)
    ex = frames["exchanges_by_programme"]
    exchanges = charts.horizontal_bars(
        "exchanges_by_programme", ex["programme"].tolist(), ex["total"].tolist(), count, groups=ex["moved"].tolist(),
        tooltips=[f"{r.programme}: {count(r.total)} {r.moved} in {count(r.n_counts)} count{'s' * (r.n_counts != 1)}"
                  + (f"; largest: {r.largest_counts}" if r.n_counts > 1 else f": {r.largest_counts}") for r in ex.itertuples()], log_scale=True)
    pp = frames["top_partners"]
    partners = charts.horizontal_bars(
        "top_partners", [f"{r.label_a} – {r.label_b}" for r in pp.itertuples()], pp["n_agreements"].tolist(), count,
        tooltips=[f"{r.name_a} – {r.name_b}: {r.n_agreements} agreements, {r.n_renewals} of them renewals or extensions ({r.agreement_types})"
                  for r in pp.itertuples()])
    return [
        _card("Funding by year and type", "US dollars at the ECB rate; year the amount was reported; conversions in brackets not counted", funding),
        _card("Exchanges by programme", "people and visits moved; a count inside a larger one is not added; bar length on a log scale", exchanges),
        _card("Agreements over time by type", "agreements signed, renewed or adopted each year", agreements),
        _card("Top partner pairs", "organizations that are parties to the same agreements", partners),
    ]


# Writes on each chart how many marks the browser laid out with a size, so a headless browser's DOM
# shows whether every chart was really drawn.
_RENDER_MARKER = """<script>
for (const svg of document.querySelectorAll('svg.chart')) {
  const drawn = [...svg.querySelectorAll('.mark')].filter(m => { const b = m.getBBox(); return b.width > 0 && b.height > 0; });
  const box = svg.getBoundingClientRect();
  svg.dataset.drawnMarks = drawn.length;
  svg.dataset.drawnSize = Math.round(box.width) + 'x' + Math.round(box.height);
  svg.dataset.fits = box.left >= 0 && box.right <= innerWidth + 0.5;
}
// whether the page is wider than the window (a horizontal scroll bar: something cut or pushed out of view)
document.body.dataset.overflow = Math.max(0, document.documentElement.scrollWidth - innerWidth);
document.body.dataset.viewport = innerWidth;
</script>"""

_STYLE = """
body{margin:0;background:#f5f6f8;color:#222;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
header{background:#1f2d3d;color:#fff;padding:18px 28px}header h1{margin:0;font-size:22px}header p{margin:4px 0 0;color:#c9d3de}
main{padding:20px 28px;max-width:1400px}
.kpis{display:flex;gap:14px;flex-wrap:wrap;margin-bottom:18px}
.kpi{background:#fff;border-radius:8px;padding:12px 18px;box-shadow:0 1px 2px rgba(0,0,0,.08);min-width:150px}
.kpi b{display:block;font-size:24px}.kpi span{color:#666}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,600px),1fr));gap:18px}
.card{background:#fff;border-radius:8px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08);overflow:hidden;min-width:0}
svg.chart{display:block;max-width:100%;height:auto}
.note{background:#fff8e1;border-left:4px solid #f2b01e;padding:8px 12px;margin:0 0 18px;font-size:13px}
.scroll{overflow-x:auto}
@media (max-width:600px){header{padding:14px 16px}main{padding:14px 12px}footer{padding:8px 16px 20px}.kpi{min-width:0;flex:1 1 35%;box-sizing:border-box;padding:10px 12px}.kpi b{font-size:20px}.card{padding:12px 10px}}
.card h2{margin:0;font-size:16px}.sub{margin:2px 0 10px;color:#666;font-size:12px}
table.largest{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
.largest th,.largest td{border-bottom:1px solid #e6e6e6;padding:6px 8px;text-align:left;vertical-align:top}
.largest th{background:#eef1f5}.num{text-align:right;white-space:nowrap}.fig{white-space:nowrap}
mark{background:#ffe58a;padding:0 2px}footer{color:#666;font-size:12px;padding:8px 28px 24px}
"""


def render_dashboard(frames: dict[str, pd.DataFrame], source: str, generated_at: dt.datetime) -> str:
    """The whole dashboard as one HTML page: inline CSS and SVG, no external resources."""
    t = frames["totals"].iloc[0]
    kpis = [
        (count(t.documents), "documents"),
        (count(t.agreements), "agreements"),
        (usd(t.committed_usd), "committed (grants, loans, investment ...)"),
        (usd(t.impact_usd), "estimated economic impact"),
        (count(t.people), "people moved"),
        (count(t.visits), "visits"),
    ]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>accord dashboard</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body>
<header><h1>International S&amp;T and education cooperation</h1>
<p>{escape(source)} · generated {escape(generated_at.strftime('%Y-%m-%d %H:%M UTC'))}</p></header>
<main>
<div class="kpis">{"".join(f'<div class="kpi"><b>{escape(v)}</b><span>{escape(k)}</span></div>' for v, k in kpis)}</div>
{left_out_note(frames["left_out"])}
<div class="grid">{"".join(dashboard_charts(frames))}</div>
<h2>Largest figures</h2>
<p class="sub">The {LARGEST} largest amounts of money (by US dollars) and counts of people and visits, with the sentence each came from.</p>
<div class="scroll">{_largest_table(frames["largest_figures"])}</div>
</main>
<footer>Built by <code>accord report</code> from the analyst views funding, exchanges, agreements_timeline and partners.</footer>
{_RENDER_MARKER}
</body></html>
"""
