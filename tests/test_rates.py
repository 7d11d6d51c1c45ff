"""Exchange rates: `accord rates` says which ECB file is in use and the dates it covers, and `--rates FILE`
(the rates_file parameter) converts with a newer file the user downloaded, recorded with the run."""
from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest

from flows.cli import main
from flows.etl import run_pipeline  # imported here, not under capsys: Prefect's log handler keeps the stream it first saw
from tests.conftest import SEEDS
from transforms import fx

# Made-up rates per euro, so that a conversion at them cannot come from the bundled file.
RATES = {"USD": 2.0, "JPY": 400.0, "INR": 100.0}
FIRST, LAST = dt.date(2001, 1, 1), dt.date(2027, 6, 30)


@pytest.fixture
def rates_csv(tmp_path):
    """An ECB-format CSV (the layout of eurofxref-hist.csv: newest day first, a trailing comma) with a rate on every day."""
    lines = ["Date," + ",".join(RATES) + ","]
    day = LAST
    while day >= FIRST:
        lines.append(day.isoformat() + "," + ",".join(str(r) for r in RATES.values()) + ",")
        day -= dt.timedelta(days=1)
    path = tmp_path / "eurofxref-hist.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    yield path
    fx.use_rates(None)  # later tests in this process convert with the bundled file again


def test_accord_rates_shows_the_bundled_file_and_its_dates(capsys):
    assert main(["rates"]) == 0
    out = capsys.readouterr().out
    bundled = fx.rates_source()
    assert bundled.bundled and f"ECB reference rates {bundled.first_date} to {bundled.last_date}" in out and "bundled" in out
    inr = fx.converter().bounds["INR"].first_date
    assert f"INR from {inr}" in out  # amounts before that have no USD value


def test_accord_rates_shows_a_given_file_and_its_dates(rates_csv, capsys):
    assert main(["rates", "--rates", str(rates_csv)]) == 0
    out = capsys.readouterr().out
    assert f"ECB reference rates {FIRST} to {LAST} (4 currencies), given with --rates: {rates_csv}" in out


@pytest.mark.parametrize("content, problem", [
    (b"", "not an ECB rates file"),
    (b"PK\x03\x04 not really a zip", "not an ECB rates file"),
    (b"Date,JPY,\n2024-01-02,160.0,\n", "no USD rates in it"),
])
def test_a_bad_rates_file_is_refused_in_one_line_before_the_run_starts(tmp_path, capsys, content, problem):
    bad = tmp_path / ("rates.zip" if content.startswith(b"PK") else "rates.csv")
    bad.write_bytes(content)
    assert main(["run", "--docs", str(tmp_path), "--warehouse", str(tmp_path / "w"), "--rates", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(bad) in err[0] and problem in err[0]
    assert not (tmp_path / "w").exists()
    fx.use_rates(None)


def test_a_run_converts_with_the_given_rates_file_and_records_it(rates_csv, tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs, ignore=shutil.ignore_patterns("reference"))
    summary = run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "w", today=dt.date(2026, 11, 22), rates_file=rates_csv)
    assert str(rates_csv) in summary.rates and f"{FIRST} to {LAST}" in summary.rates
    con = duckdb.connect(str(tmp_path / "w" / "analytics.duckdb"), read_only=True)
    try:
        money = con.execute("SELECT unit, value, value_usd FROM figures WHERE kind = 'money' AND value_usd IS NOT NULL AND unit <> 'USD'").fetchall()
    finally:
        con.close()
    assert money
    for unit, value, value_usd in money:
        assert value_usd == pytest.approx(value * RATES["USD"] / RATES[unit]), unit

    # the bundled file again: the rows depend on the rates, so the run extracts everything again
    again = run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "w", today=dt.date(2026, 11, 22))
    assert again.published and again.documents_extracted == summary.documents_extracted and "bundled" in again.rates
