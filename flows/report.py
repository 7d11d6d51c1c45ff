"""Reading the analyst views for people: the HTML dashboard of `accord report` and the Prefect artifacts of a run.

The questions (SQL) and the rendering are pure and live in warehouse/dashboard.py; this module runs the
queries on a read-only connection and writes the results where they go.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pandas as pd

from warehouse import dashboard
from warehouse.checks import Failure, failures_markdown
from warehouse.store import connect_read_only


def read_frames(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    """The answer to every dashboard question, by name."""
    return {name: con.execute(sql).df() for name, sql in dashboard.QUERIES.items()}


def write_report(warehouse: Path, out: Path) -> Path:
    """Render the dashboard of a warehouse (folder or .duckdb file) to `out`, replacing it atomically."""
    con = connect_read_only(warehouse)
    try:
        frames = read_frames(con)
    finally:
        con.close()
    html = dashboard.render_dashboard(frames, source=str(Path(warehouse).resolve()), generated_at=dt.datetime.now(dt.timezone.utc))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, out)
    return out


def publish_artifacts(db: Path, documents_read: int, rows: dict[str, int], checks_passed: int, notes: list[str] = ()) -> None:
    """The run summary (markdown) and the largest figures (table) as Prefect artifacts of the current flow run."""
    from prefect.artifacts import create_markdown_artifact, create_table_artifact

    con = duckdb.connect(str(db), read_only=True)
    try:
        frames = {name: con.execute(sql).df() for name, sql in dashboard.SUMMARY_QUERIES.items()}
    finally:
        con.close()
    create_markdown_artifact(
        key="accord-run-summary",
        markdown=dashboard.summary_markdown(documents_read, rows, checks_passed, frames, notes),
        description="Documents read, rows per table, checks passed, funding and exchange totals",
    )
    create_table_artifact(
        key="accord-largest-figures",
        table=dashboard.table_rows(frames["largest_figures"]),
        description=f"The {dashboard.LARGEST} largest amounts of money (by USD) and counts of people and visits, with their sentences",
    )


def publish_check_failures(failures: list[Failure]) -> None:
    """The failed checks as a markdown artifact of the flow run, beside the error that stops it."""
    from prefect.artifacts import create_markdown_artifact

    create_markdown_artifact(key="accord-check-failures", markdown=failures_markdown(failures),
                             description="Data checks that stopped the run; the previous warehouse stays published")
