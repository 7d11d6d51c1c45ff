"""Adversarial inputs for extraction: the seconds per KB of every stage on pathological text, against the
median ordinary document.

Inputs are generated, not stored: runs of capitals (a PDF heading without spaces), digits, punctuation,
repeated symbols and brackets, nested quotes, a long line without a full stop, mixed scripts, and for every
registered rule its own cases glued together without spaces or full stops and repeated. Each input runs in a
worker process under a cap: a pattern that backtracks without bound shows as a timeout instead of a stall.

    python -m benchmarks.adversarial                 # inputs of 10 KB and 1 MB, cap 120 s each
    python -m benchmarks.adversarial --sizes 2000 --cap 60

It prints, per input, the worst stage's seconds per KB, then the median seed document's seconds per KB and
the worst ratio to it (the target is a ratio of 10 or less).
"""
from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)


def _fill(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def generated_inputs(size: int) -> dict[str, str]:
    """Pathological texts of about `size` characters, by name."""
    inputs = {
        "capitals": _fill("A", size),
        "capitals_heading_in_a_document": "MEMORANDUM OF UNDERSTANDING\n" + _fill("A", size) + "\n\nThe agreement was signed on 3 May 2023.",
        "capitals_hyphens": _fill("A-", size),
        "capitals_words": _fill("AB ", size),
        "title_case_words": _fill("Ab ", size),
        "capitals_with_commas": _fill("ABC, ", size),
        "digits": _fill("7", size),
        "digits_grouped": _fill("1,0", size),
        "digits_with_spaces": _fill("1 ", size),
        "decimal_points": _fill("1.", size),
        "punctuation": _fill(".,;:!?-", size),
        "currency_symbols": _fill("$€¥£", size),
        "money_repeated": _fill("US$ 5 million and ", size),
        "money_and_people_repeated": _fill("a grant of Rs 5 crore and 40 students and ", size),
        "percent_repeated": _fill("5% ", size),
        "brackets_open": _fill("(", size),
        "brackets_nested": _fill("(", size // 2) + _fill(")", size // 2),
        "brackets_words": _fill("(A) ", size),
        "quotes_nested": _fill("\"'“‘", size // 2) + _fill("’”'\"", size // 2),
        "honorifics": _fill("Dr. ", size),
        "roles": _fill("Minister of ", size),
        "role_list": "Minister for " + _fill("Aa and ", size),
        "organization_words": _fill("Institute of ", size),
        "connected_capitals": _fill("Science and ", size),
        "instrument_words": _fill("Memorandum of Understanding signed between ", size),
        "dates": _fill("3 May 2023, ", size),
        "month_names": _fill("May ", size),
        "long_line_no_full_stop": _fill("the agency and the university signed an agreement on funds worth 5 million ", size),
        "newlines": _fill("\n", size),
        "blank_lines_with_names": _fill("Ab Cd\nDirector\n\n", size),
        "mixed_scripts": _fill("科学 Наука العلوم विज्ञान Science ", size),
        "whitespace": _fill(" \t", size),
    }
    inputs.update(_rule_inputs(size))
    return inputs


def _rule_inputs(size: int) -> dict[str, str]:
    """Every rule's own cases, glued without spaces and upper-cased, and repeated without full stops."""
    from transforms.rules import all_rules

    out = {}
    for r in all_rules():
        text = " ".join(c.text for c in r.cases)
        if not text:
            continue
        out[f"rule {r.name}: glued capitals"] = _fill(text.replace(" ", "").upper(), size)
        out[f"rule {r.name}: repeated"] = _fill(text.replace(".", " ").replace("\n", " ") + " ", size)
    return out


def _worker(conn) -> None:
    """Extract each text sent, stage by stage, and send back the seconds of each stage."""
    from transforms.document import Document, run_stages
    from transforms.extract import PIPELINE
    from transforms.text import normalize_text

    while True:
        text = conn.recv()
        if text is None:
            return
        doc = Document(normalize_text(text), today=TODAY)
        seconds = {}
        for name in PIPELINE:
            start = time.perf_counter()
            run_stages(doc, [name])
            seconds[name] = time.perf_counter() - start
        conn.send(seconds)


class Worker:
    """A process that extracts texts one at a time; one that overruns its cap is killed and replaced."""

    def __init__(self):
        self.ctx = mp.get_context("spawn")
        self._start()

    def _start(self) -> None:
        self.conn, child = self.ctx.Pipe()
        self.proc = self.ctx.Process(target=_worker, args=(child,), daemon=True)
        self.proc.start()

    def stage_seconds(self, text: str, cap: float) -> dict[str, float] | None:
        """Seconds per stage, or None when the text took longer than `cap` seconds (the worker is replaced)."""
        self.conn.send(text)
        if self.conn.poll(cap):
            return self.conn.recv()
        self.proc.kill()
        self.proc.join()
        self._start()
        return None

    def close(self) -> None:
        self.conn.send(None)
        self.proc.join(10)
        if self.proc.is_alive():
            self.proc.kill()


def ordinary_documents() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def run(sizes: list[int], cap: float, names: list[str] | None = None, warm_cap: float = 300.0) -> dict:
    """Seconds per KB of every stage for every input, the median ordinary document's, and the timeouts."""
    worker = Worker()
    try:
        ordinary = [worker.stage_seconds(t, warm_cap) for t in ordinary_documents()]  # also warms caches
        ordinary = [worker.stage_seconds(t, warm_cap) for t in ordinary_documents()]
        docs = ordinary_documents()
        median = statistics.median(sum(s.values()) / (len(t.encode()) / 1000) for s, t in zip(ordinary, docs) if s)
        results, timeouts = [], []
        for size in sizes:
            for name, text in generated_inputs(size).items():
                if names and not any(n in name for n in names):
                    continue
                kb = len(text.encode()) / 1000
                seconds = worker.stage_seconds(text, cap)
                if seconds is None:
                    timeouts.append((name, size))
                    continue
                stage, worst = max(seconds.items(), key=lambda kv: kv[1])
                results.append({"input": name, "size": size, "kb": kb, "stage": stage, "s_per_kb": worst / kb,
                                "total_s_per_kb": sum(seconds.values()) / kb})
    finally:
        worker.close()
    return {"median_s_per_kb": median, "results": results, "timeouts": timeouts}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000], help="characters per input")
    ap.add_argument("--cap", type=float, default=120.0, help="seconds an input may take before it counts as a hang")
    ap.add_argument("--only", nargs="*", help="run only inputs whose name contains one of these")
    ap.add_argument("--top", type=int, default=25, help="how many of the slowest inputs to print")
    a = ap.parse_args()
    out = run(a.sizes, a.cap, a.only)
    median = out["median_s_per_kb"]
    rows = sorted(out["results"], key=lambda r: -r["total_s_per_kb"])
    print(f"median seed document: {median:.5f} s/KB (all stages)")
    print(f"{'input':58} {'size':>9} {'worst stage':>13} {'stage s/KB':>11} {'total s/KB':>11} {'x median':>9}")
    for r in rows[:a.top]:
        print(f"{r['input'][:58]:58} {r['size']:>9} {r['stage']:>13} {r['s_per_kb']:>11.5f} {r['total_s_per_kb']:>11.5f} {r['total_s_per_kb'] / median:>9.1f}")
    worst_by_stage: dict[str, tuple[float, str]] = {}
    for r in rows:
        if r["s_per_kb"] > worst_by_stage.get(r["stage"], (0.0, ""))[0]:
            worst_by_stage[r["stage"]] = (r["s_per_kb"], f"{r['input']} ({r['size']})")
    print("worst s/KB per stage (where that stage was an input's slowest):")
    for stage, (v, where) in sorted(worst_by_stage.items()):
        print(f"  {stage:18} {v:.5f}  {where}")
    if rows:
        print(f"worst input: {rows[0]['total_s_per_kb'] / median:.1f}x the median document's s/KB ({len(rows)} inputs)")
    for name, size in out["timeouts"]:
        print(f"TIMEOUT over {a.cap:.0f} s: {name} ({size} characters)")


if __name__ == "__main__":
    main()
