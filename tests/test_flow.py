"""End to end: the real flow on the seed documents, scored against the hand-checked gold answers."""
from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

from tests.conftest import ROOT, SHARED
from warehouse.schemas import TABLES

SCORE = SHARED / "tools" / "score.py"
GOLD = SHARED / "gold" / "seeds.json"


def test_every_contract_table_and_column_exists(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse / "analytics.duckdb"), read_only=True)
    for table, schema in TABLES.items():
        cols = {r[0] for r in con.execute(f"DESCRIBE {table}").fetchall()}
        assert set(schema.names) <= cols, table
        assert (seed_warehouse / table).is_dir()
        assert list((seed_warehouse / table).glob("*.parquet"))


def test_offsets_point_at_their_text(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse / "analytics.duckdb"), read_only=True)
    for table in ("figures", "agreements", "organization_mentions", "people"):
        bad = con.execute(f"""
            SELECT count(*) FROM {table} t JOIN documents d USING (doc_id)
            WHERE substr(d.text, t.char_start + 1, t.char_end - t.char_start) <> t.text""").fetchone()[0]
        total = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert total > 0 and bad == 0, table


def test_second_run_gives_the_same_ids_and_rows(seed_warehouse, tmp_path):
    import datetime as dt

    from flows.etl import run_pipeline
    from tests.conftest import SEEDS

    run_pipeline(docs_dir=SEEDS, warehouse_dir=tmp_path, today=dt.date(2026, 11, 22))
    a = duckdb.connect(str(seed_warehouse / "analytics.duckdb"), read_only=True)
    b = duckdb.connect(str(tmp_path / "analytics.duckdb"), read_only=True)
    for table in ("figures", "agreements", "agreement_parties", "organizations", "organization_mentions", "people"):
        cols = ", ".join(c for c in TABLES[table].names)
        q = f"SELECT {cols} FROM {table} ORDER BY ALL"
        assert a.execute(q).fetchall() == b.execute(q).fetchall(), table
    q = "SELECT doc_id, source_name, published_date, text FROM documents ORDER BY doc_id"
    assert a.execute(q).fetchall() == b.execute(q).fetchall()


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/tools/score.py is not beside this clone")
def test_seed_scores_meet_the_targets(seed_warehouse):
    out = subprocess.run(
        [sys.executable, str(SCORE), "--db", str(seed_warehouse / "analytics.duckdb"), "--gold", str(GOLD), "--json"],
        capture_output=True, text=True, check=True,
    )
    s = json.loads(out.stdout)
    print(json.dumps({k: s[k] for k in ("figures", "agreements", "organizations", "dates_acc")}, indent=1))
    assert s["figures"]["all"]["f1"] >= 0.95
    assert s["figures"]["qualifier_acc"] >= 0.95
    assert s["agreements"]["f1"] >= 0.85
    assert s["agreements"]["parties_recall"] >= 0.8
    assert s["organizations"]["f1"] >= 0.90
    assert s["dates_acc"] == 1.0


def test_query_command_answers_from_the_warehouse(seed_warehouse):
    out = subprocess.run(
        [sys.executable, "-m", "flows.cli", "query", "select kind, count(*) as n from figures group by 1 order by 1",
         "--warehouse", str(seed_warehouse), "--format", "csv"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "kind,n"
    assert {l.split(",")[0] for l in lines[1:]} == {"count", "duration", "money", "percent"}
