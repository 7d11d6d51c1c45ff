"""The held-out set (tests/holdout/): documents written for it, annotated by ../shared/gold/README.md, scored.

It measures how extraction generalises to texts nobody tunes rules on. A score here fails under its floor
(a little under what it measured when the set was made), so a change that loses ground on unseen texts fails
even when the seed and dev scores hold. Never change a rule to pass a case of this set: fix the failure mode
as a general rule with cases in other words (see tests/holdout/README.md).
"""
from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SHARED

SCORE = SHARED / "tools" / "score.py"
HOLDOUT = ROOT / "tests" / "holdout"
GOLD = HOLDOUT / "annotations.json"

# Measured on 2026-12-01 (tests/holdout/README.md gives the score line): each floor is 0.05 under it.
HOLDOUT_FLOORS = {"figures": 0.85, "qualifier": 0.90, "money_type": 0.70, "exchange": 0.74, "agreements": 0.72,
                  "parties": 0.70, "organizations": 0.68, "dates": 0.76}


def _flat(text: str) -> str:
    """Whitespace-insensitive text, with HTML entities decoded: gold texts cross line breaks in the documents."""
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@pytest.mark.pure
def test_holdout_gold_quotes_its_documents():
    """Every gold row names a document of the set and quotes words that are in it, so the gold cannot drift
    away from the texts it annotates (an edited document fails here, not as an unexplained score drop)."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    texts = {p.name: _flat(p.read_text(encoding="utf-8")) for p in (HOLDOUT / "docs").iterdir()}
    assert {d["source_name"] for d in gold["documents"]} == set(texts)
    absent = [(k, r["source_name"], r["text"]) for k in ("figures", "negatives") for r in gold[k]
              if _flat(r["text"]) not in texts[r["source_name"]]]
    absent += [("organizations", o["source_name"], o["name"]) for o in gold["organizations"]
               if not any(_flat(n).lower() in texts[o["source_name"]].lower()
                          for n in [o["name"], *(o.get("name_alternatives") or []), o.get("acronym") or "\0"])]
    assert not absent, absent


def _scores(s: dict) -> dict[str, float]:
    f = s["figures"]
    return {"figures": f["all"]["f1"], "qualifier": f["qualifier_acc"], "money_type": f["money_type_acc"],
            "exchange": f["is_exchange_acc"], "agreements": s["agreements"]["f1"],
            "parties": s["agreements"]["parties_recall"], "organizations": s["organizations"]["f1"], "dates": s["dates_acc"]}


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/tools/score.py is not beside this clone")
def test_holdout_scores_hold(tmp_path):
    """The 12 held-out documents (.txt, .md, .html; country pairs and genres of neither the seeds nor the dev set)."""
    import datetime as dt

    from flows.etl import run_pipeline

    summary = run_pipeline(docs_dir=HOLDOUT / "docs", warehouse_dir=tmp_path / "w", today=dt.date(2026, 11, 22))
    assert summary.rejected == []
    out = subprocess.run(
        [sys.executable, str(SCORE), "--db", str(tmp_path / "w" / "analytics.duckdb"), "--gold", str(GOLD), "--json"],
        capture_output=True, text=True, check=True,
    )
    scores = _scores(json.loads(out.stdout))
    print("holdout set:", scores, "floors:", HOLDOUT_FLOORS)
    below = {k: v for k, v in scores.items() if v < HOLDOUT_FLOORS[k]}
    assert not below, f"held-out scores dropped below their floors: {below}"
