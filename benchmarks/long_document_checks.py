"""The provenance check on one long document: seconds of the offsets check (text sliced once per
document, in Python) against the substr query it replaced (DuckDB walks the UTF-8 text per row).

    .venv/bin/python -m benchmarks.long_document_checks --mb 2 5 20
"""
from __future__ import annotations

import argparse
import time

import duckdb
import pyarrow as pa

from warehouse.checks import _offsets_not_at_text

# The check as it was until issue 15: a substr over the whole document text for every row.
SUBSTR_SQL = """
    SELECT t.figure_id FROM figures t LEFT JOIN documents d USING (doc_id)
    WHERE d.doc_id IS NULL OR t.char_start < 0 OR t.char_end > d.n_chars OR t.char_end <= t.char_start
       OR substr(d.text, t.char_start + 1, t.char_end - t.char_start) <> t.text"""

SENTENCE = "The agency committed \u00a55 billion (about US$ 35 million) to 120 researchers in 2023. "


def connection(megabytes: float) -> tuple[duckdb.DuckDBPyConnection, int]:
    """One document of about `megabytes` of text, with a figure row in every sentence."""
    n = int(megabytes * 1e6 / len(SENTENCE.encode()))
    text = SENTENCE * n
    starts = [i * len(SENTENCE) + SENTENCE.index("\u00a5") for i in range(n)]
    con = duckdb.connect()
    con.register("documents", pa.table({"doc_id": ["d"], "text": [text], "n_chars": [len(text)]}))
    con.register("figures", pa.table({
        "figure_id": [f"f{i}" for i in range(n)], "doc_id": ["d"] * n, "char_start": starts,
        "char_end": [s + len("\u00a55 billion") for s in starts], "text": ["\u00a55 billion"] * n}))
    return con, n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, nargs="+", default=[1, 4, 20])
    parser.add_argument("--substr-up-to", type=float, default=4, help="run the old substr query only up to this size (it is quadratic)")
    args = parser.parse_args()
    for mb in args.mb:
        con, rows = connection(mb)
        start = time.perf_counter()
        bad, _ = _offsets_not_at_text("figures", "figure_id", con)
        new = time.perf_counter() - start
        assert bad == 0
        old = "not run"
        if mb <= args.substr_up_to:
            start = time.perf_counter()
            assert con.execute(SUBSTR_SQL).fetchall() == []
            old = f"{time.perf_counter() - start:.2f} s"
        print(f"{mb:g} MB document, {rows:,} rows: offsets check {new:.2f} s; substr query {old}")


if __name__ == "__main__":
    main()
