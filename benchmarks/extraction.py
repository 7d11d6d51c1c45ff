"""Extraction speed on one core (CPU seconds of the process, pinned to one core): words per second for a short (~7,000 words) and a long (~700,000 words)
document made of the synthetic corpus's reports, the long/short ratio (issue 10: at least 0.8, and at least
100,000 words/s), the time of each stage, and quantulum3 (a general quantity extractor) on the same short
text for comparison, when it is installed (`pip install -e ".[bench]"`).

    python -m benchmarks.extraction [--short-words 7000] [--long-words 700000] [--repeat 3]
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import time

from benchmarks.corpus import generate_document
from transforms.document import STAGES, Document
from transforms.extract import PIPELINE
from transforms.text import count_words, normalize_text


def document_of(words: int, seed: int = 7) -> str:
    """One text of about `words` words: corpus reports one after another."""
    parts, n, i = [], 0, 0
    while n < words:
        doc = generate_document(seed, i)
        parts.append(doc)
        n += count_words(doc)
        i += 1
    return normalize_text("\n\n".join(parts))


def time_stages(text: str) -> dict[str, float]:
    """Seconds per pipeline stage on one document."""
    doc = Document(text, today=dt.date(2026, 6, 1))
    out = {}
    for name in PIPELINE:
        t = time.process_time()  # CPU seconds of this process: other work on a shared machine does not count
        STAGES[name](doc)
        out[name] = time.process_time() - t
    return out


def best_of(text: str, repeat: int) -> dict[str, float]:
    runs = [time_stages(text) for _ in range(repeat)]
    return min(runs, key=lambda r: sum(r.values()))


def quantulum_seconds(text: str) -> float | None:
    try:
        import warnings

        warnings.simplefilter("ignore")
        from quantulum3 import parser
    except ImportError:
        return None
    parser.parse("warm up 5 km")  # its first call loads its unit tables (about 10 s)
    t = time.process_time()
    parser.parse(text)
    return time.process_time() - t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.extraction", description=__doc__.split("\n\n")[0])
    p.add_argument("--short-words", type=int, default=7_000)
    p.add_argument("--long-words", type=int, default=700_000)
    p.add_argument("--repeat", type=int, default=3, help="runs of the short document; the best counts")
    args = p.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core

    short, long = document_of(args.short_words), document_of(args.long_words)
    best_of(short, 1)  # warm caches (dateparser, vocabularies) outside the timing
    rows = []
    for label, text, repeat in (("short", short, args.repeat), ("long", long, 1)):
        stages = best_of(text, repeat)
        words = count_words(text)
        rows.append((label, words, stages))
        total = sum(stages.values())
        print(f"{label:5} {words:>9,} words  {total:8.2f} s  {words / total:>10,.0f} words/s")
        print("      " + "  ".join(f"{name} {words / max(s, 1e-9):,.0f}/s" for name, s in stages.items()))
    (_, sw, ss), (_, lw, ls) = rows
    short_rate, long_rate = sw / sum(ss.values()), lw / sum(ls.values())
    print(f"long/short words/s ratio: {long_rate / short_rate:.2f} (target >= 0.80); "
          f"per stage: " + ", ".join(f"{n} {(lw / ls[n]) / (sw / ss[n]):.2f}" for n in ss))
    mine = ("dates", "publication_date", "figures")
    mine_rate = sw / sum(ss[n] for n in mine)
    q = quantulum_seconds(short)
    if q is None:
        print("quantulum3: not installed here (pip install -e '.[bench]'); no ratio")
    else:
        print(f"quantulum3 on the short document: {sw / q:,.0f} words/s; accord's whole pipeline is "
              f"{short_rate / (sw / q):.1f}x as fast, its dates and figures stages {mine_rate / (sw / q):.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
