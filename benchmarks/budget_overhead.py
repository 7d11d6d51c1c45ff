"""What the time budget costs on ordinary documents: seconds to read and extract a folder in this process
(extract_files) and in the budgeted extraction process (extract_files_within_budget), one batch per
--batch-size files, as a run does.

    .venv/bin/python -m benchmarks.budget_overhead seeds benchmarks/out/corpus-1000
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from flows.batches import extract_files, extract_files_within_budget, list_files
from flows.extract_worker import TimeBudget


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("folders", type=Path, nargs="+")
    p.add_argument("--batch-size", type=int, default=200)
    a = p.parse_args()
    today = dt.date(2026, 11, 22)
    extract_files_within_budget([], Path("."), today, 1, TimeBudget())  # nothing: the worker starts on first use
    for folder in a.folders:
        files, _ = list_files(folder)
        batches = [files[i:i + a.batch_size] for i in range(0, len(files), a.batch_size)]
        extract_files(files[:1], folder, today, 20_000_000)  # imports and caches warm in this process
        extract_files_within_budget(files[:1], folder, today, 20_000_000, TimeBudget())  # and in the worker
        start = time.perf_counter()
        for batch in batches:
            extract_files(batch, folder, today, 20_000_000)
        here = time.perf_counter() - start
        start = time.perf_counter()
        for batch in batches:
            extract_files_within_budget(batch, folder, today, 20_000_000, TimeBudget())
        there = time.perf_counter() - start
        print(f"{folder}: {len(files):,} files: in process {here:.2f} s, within budget {there:.2f} s "
              f"({(there - here) / max(here, 1e-9):+.1%}, {(there - here) / max(1, len(files)) * 1000:+.2f} ms per file)")


if __name__ == "__main__":
    main()
