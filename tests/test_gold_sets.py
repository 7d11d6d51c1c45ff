"""Documents accord was not developed on, annotated by ../shared/gold/README.md, run through the real flow and
scored with ../shared/tools/score.py; a score under its floor fails.

- dev (../shared/gold/dev): 24 documents of other country pairs and genres, scored while rules are written.
- holdout (tests/holdout/): 12 documents written for this purpose; its misses were read once, as failure modes
  to fix by general rules, never by naming its strings (tests/holdout/README.md).
- holdout2, holdout3 (tests/holdout2/, tests/holdout3/): 12 documents each, written in session 5 for new country
  pairs; their misses were read by their writers and handed over as failure modes in other words.
- holdout4, holdout5 (session 6): the same; holdout6, written with them, was scored but its failure modes were
  held back from the engineers who fixed the others', so it measured how their fixes carried over; its modes
  were fixed in session 7.
- holdout7, holdout8 (session 7): 12 documents each, held back like sealed while holdout6's modes were fixed.
- sealed (tests/sealed/): 12 more whose misses nobody reads while rules are being written, only its scores:
  the honest measure of how extraction generalises (tests/sealed/README.md).

Each floor is a little under what the set measured, so a change that loses ground on unseen texts fails even
when the seed scores hold; the dev floors are at least issue 11's targets where they are met.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHARED

SCORE = SHARED / "tools" / "score.py"


@dataclass(frozen=True)
class GoldSet:
    docs: Path
    gold: Path
    floors: dict[str, float]


SETS = {
    "dev": GoldSet(SHARED / "gold" / "dev" / "docs", SHARED / "gold" / "dev" / "annotations.json",
                   {"figures": 0.98, "qualifier": 0.98, "money_type": 0.97, "exchange": 0.95, "agreements": 0.95,
                    "parties": 0.92, "organizations": 0.94, "dates": 0.95}),
    # measured 2026-12-01 at the end of session 5 (tests/holdout/README.md)
    "holdout": GoldSet(ROOT / "tests" / "holdout" / "docs", ROOT / "tests" / "holdout" / "annotations.json",
                       {"figures": 0.95, "qualifier": 0.95, "money_type": 0.95, "exchange": 0.95, "agreements": 0.95,
                        "parties": 0.87, "organizations": 0.95, "dates": 0.95}),
    # measured 2026-12-01 after its failure modes were fixed (tests/holdout2/README.md)
    "holdout2": GoldSet(ROOT / "tests" / "holdout2" / "docs", ROOT / "tests" / "holdout2" / "annotations.json",
                        {"figures": 0.93, "qualifier": 0.95, "money_type": 0.95, "exchange": 0.88, "agreements": 0.72,
                         "parties": 0.73, "organizations": 0.82, "dates": 0.95}),
    # its score line only (tests/sealed/README.md); floors about 0.05 under the line at the end of session 7
    "sealed": GoldSet(ROOT / "tests" / "sealed" / "docs", ROOT / "tests" / "sealed" / "annotations.json",
                      {"figures": 0.90, "qualifier": 0.90, "money_type": 0.88, "exchange": 0.76, "agreements": 0.69,
                       "parties": 0.89, "organizations": 0.78, "dates": 0.85}),
    # measured 2026-12-01 after its failure modes were fixed (tests/holdout3/README.md)
    "holdout3": GoldSet(ROOT / "tests" / "holdout3" / "docs", ROOT / "tests" / "holdout3" / "annotations.json",
                        {"figures": 0.93, "qualifier": 0.94, "money_type": 0.95, "exchange": 0.86, "agreements": 0.79,
                         "parties": 0.72, "organizations": 0.83, "dates": 0.95}),
    # measured 2026-12-01 after its failure modes were fixed (tests/holdout4/README.md)
    "holdout4": GoldSet(ROOT / "tests" / "holdout4" / "docs", ROOT / "tests" / "holdout4" / "annotations.json",
                        {"figures": 0.92, "qualifier": 0.93, "money_type": 0.83, "exchange": 0.83, "agreements": 0.67,
                         "parties": 0.70, "organizations": 0.81, "dates": 0.95}),
    # measured 2026-12-01 after its failure modes were fixed (tests/holdout5/README.md)
    "holdout5": GoldSet(ROOT / "tests" / "holdout5" / "docs", ROOT / "tests" / "holdout5" / "annotations.json",
                        {"figures": 0.90, "qualifier": 0.94, "money_type": 0.66, "exchange": 0.84, "agreements": 0.76,
                         "parties": 0.73, "organizations": 0.81, "dates": 0.95}),
    # its modes were fixed in session 7; floors about 0.05 under the line then (tests/holdout6/README.md)
    "holdout6": GoldSet(ROOT / "tests" / "holdout6" / "docs", ROOT / "tests" / "holdout6" / "annotations.json",
                        {"figures": 0.94, "qualifier": 0.95, "money_type": 0.95, "exchange": 0.80, "agreements": 0.73,
                         "parties": 0.6, "organizations": 0.84, "dates": 0.95}),
    # written 2026-12-01 in session 7 and held back (nobody fixes its misses this session); floors ~0.08 under
    # the line measured on main before any fix (tests/holdout7/README.md)
    "holdout7": GoldSet(ROOT / "tests" / "holdout7" / "docs", ROOT / "tests" / "holdout7" / "annotations.json",
                        {"figures": 0.88, "qualifier": 0.90, "money_type": 0.68, "exchange": 0.85, "agreements": 0.58,
                         "parties": 0.79, "organizations": 0.71, "dates": 0.82}),
    # held back like sealed; floors about 0.08 under the line before session 7 fixes, parties lower: session 7 found more instruments with fewer parties (tests/holdout8/README.md)
    "holdout8": GoldSet(ROOT / "tests" / "holdout8" / "docs", ROOT / "tests" / "holdout8" / "annotations.json",
                        {"figures": 0.88, "qualifier": 0.89, "money_type": 0.92, "exchange": 0.80, "agreements": 0.55,
                         "parties": 0.52, "organizations": 0.68, "dates": 0.55}),
}
WRITTEN_HERE = ["holdout", "holdout2", "holdout3", "holdout4", "holdout5", "holdout6", "holdout7", "holdout8", "sealed"]  # the sets this repository holds (dev is beside it, in ../shared)


def _flat(text: str) -> str:
    """Whitespace-insensitive text, with HTML entities decoded: gold texts cross line breaks in the documents."""
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


@pytest.mark.pure
@pytest.mark.parametrize("name", WRITTEN_HERE)
def test_gold_quotes_its_documents(name):
    """Every gold row names a document of the set and quotes words that are in it (figures, negatives, the figure a
    conversion restates, agreements, organizations, people), so an edited document fails here, not as an
    unexplained score drop."""
    s = SETS[name]
    gold = json.loads(s.gold.read_text(encoding="utf-8"))
    texts = {p.name: _flat(p.read_text(encoding="utf-8")) for p in s.docs.iterdir()}
    assert {d["source_name"] for d in gold["documents"]} == set(texts)
    quoted = [(k, r["source_name"], r["text"]) for k in ("figures", "negatives", "agreements") for r in gold[k]]
    quoted += [("equivalent_of", r["source_name"], r["equivalent_of"]) for r in gold["figures"] if r.get("equivalent_of")]
    quoted += [("people", p["source_name"], p["name"]) for p in gold["people"]]
    absent = [q for q in quoted if _flat(q[2]) not in texts[q[1]]]
    absent += [("organizations", o["source_name"], o["name"]) for o in gold["organizations"]
               if not any(_flat(n).lower() in texts[o["source_name"]].lower()
                          for n in [o["name"], *(o.get("name_alternatives") or []), o.get("acronym") or "\0"])]
    assert not absent, absent


def scores(report: dict) -> dict[str, float]:
    """The figures score.py --json reports that the floors bound."""
    f = report["figures"]
    return {"figures": f["all"]["f1"], "qualifier": f["qualifier_acc"], "money_type": f["money_type_acc"],
            "exchange": f["is_exchange_acc"], "agreements": report["agreements"]["f1"],
            "parties": report["agreements"]["parties_recall"], "organizations": report["organizations"]["f1"],
            "dates": report["dates_acc"]}


@pytest.mark.skipif(not SCORE.exists(), reason="../shared/tools/score.py is not beside this clone")
@pytest.mark.parametrize("name", list(SETS))
def test_scores_hold(name, tmp_path):
    """Prints the scores only: the misses of the sealed set are not to be read while rules are being written."""
    from flows.etl import run_pipeline

    s = SETS[name]
    if not s.docs.is_dir():
        pytest.skip(f"{s.docs} is not beside this clone")
    summary = run_pipeline(docs_dir=s.docs, warehouse_dir=tmp_path / "w", today=dt.date(2026, 11, 22))
    assert summary.rejected == []
    out = subprocess.run(
        [sys.executable, str(SCORE), "--db", str(tmp_path / "w" / "analytics.duckdb"), "--gold", str(s.gold), "--json"],
        capture_output=True, text=True, check=True,
    )
    got = scores(json.loads(out.stdout))
    print(f"{name} set:", got, "floors:", s.floors)
    below = {k: v for k, v in got.items() if v < s.floors[k]}
    assert not below, f"{name} scores dropped below their floors: {below}"
