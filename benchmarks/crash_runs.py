"""Kill `accord run` with SIGKILL at random moments, many times in a row, and check after every kill
that the warehouse readers see is whole: the last complete state, never a partial or mixed one; then
let one more run finish and check it cleans up after the killed ones.

    .venv/bin/python -m benchmarks.crash_runs [--kills 20] [--seed 1]

The runs alternate between two folders (the seeds, and the seeds with good and bad files of every
kind), so every publish changes every table. Each kill lands at a moment drawn uniformly over the
time the flow takes, measured by a first complete run. All runs share one Prefect test server, so a
killed run leaves no temporary server behind.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.bad_inputs import cli_env, write_mixed_folder
from tests.test_crash import snapshot
from warehouse import store

ROOT = Path(__file__).resolve().parent.parent
FLOW_START = "Beginning flow run"
STEP = re.compile(r"Task run '([a-z_]+)-\w+' - Finished")


class Run:
    """`accord run` in a subprocess, its stderr read as it comes to see how far it got."""

    def __init__(self, docs: Path, warehouse: Path):
        cmd = [sys.executable, "-m", "flows.cli", "run", "--docs", str(docs), "--warehouse", str(warehouse), "--batch-size", "3", "--max-bytes", "200000"]
        # Builds no longer published are deleted at once (not kept a day for readers): the check below counts them.
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env={**cli_env(), "ACCORD_KEEP_BUILDS_HOURS": "0"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self.started = threading.Event()
        self.steps: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            if FLOW_START in line:
                self.flow_started_at = time.monotonic()
                self.started.set()
            if m := STEP.search(line):
                self.steps.append(m.group(1))
        self.started.set()  # ended before the flow began: nothing to wait for

    def last_step(self) -> str:
        return f"after {self.steps[-1]}" if self.steps else "before any step finished"


def complete(docs: Path, warehouse: Path) -> tuple[float, int]:
    run = Run(docs, warehouse)
    run.started.wait()
    code = run.proc.wait()
    run.reader.join()
    return time.monotonic() - run.flow_started_at, code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=20, help="kills in a row (default: 20)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the kill moments (default: 1)")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120), tempfile.TemporaryDirectory(prefix="accord-crash-") as tmp:
        tmp = Path(tmp)
        seeds = tmp / "seeds"
        seeds.mkdir()
        for seed in (ROOT / "seeds").glob("*.txt"):
            shutil.copy(seed, seeds)
        mixed = write_mixed_folder(tmp / "mixed", ROOT / "seeds", max_bytes=200_000).root
        warehouse = tmp / "warehouse"

        expected, flow_seconds = {}, 0.0
        for docs in (mixed, seeds):  # the two complete states; the last run leaves the seeds published
            seconds, code = complete(docs, warehouse)
            flow_seconds = max(flow_seconds, seconds)
            expected[docs] = snapshot(warehouse)
            print(f"complete run on {docs.name}: exit {code}, flow {seconds:.1f} s, {expected[docs]['documents']} documents")
        name = {seeds: "seeds", mixed: "mixed"}

        published, kills, finished, failures = seeds, 0, 0, 0
        print(f"\n{'#':>3}  {'docs':<6} {'after s':>7}  {'killed':<36} {'warehouse then':<16} ok")
        while kills < args.kills:
            docs = mixed if published is seeds else seeds
            run = Run(docs, warehouse)
            run.started.wait()
            delay = rng.uniform(0, flow_seconds)
            try:
                run.proc.wait(timeout=delay)
            except subprocess.TimeoutExpired:
                run.proc.send_signal(signal.SIGKILL)
            code = run.proc.wait()
            run.reader.join()
            killed = code == -signal.SIGKILL
            try:
                state = snapshot(warehouse)
                seen = next((d for d, s in expected.items() if s == state), None)
                ok = seen in ((published, docs) if killed else (docs,))
            except Exception as e:  # unreadable, partial or failing its checks: the thing that must never happen
                seen, ok = None, False
                print(f"     warehouse unreadable: {type(e).__name__}: {e}")
            kills += killed
            finished += not killed
            failures += not ok
            what = run.last_step() if killed else f"not killed: finished (exit {code})"
            print(f"{kills if killed else '-':>3}  {name[docs]:<6} {delay:>7.2f}  {what:<36} {name.get(seen, 'UNKNOWN'):<16} {'yes' if ok else 'NO'}")
            published = seen if seen is not None else published

        docs = mixed if published is seeds else seeds
        _, code = complete(docs, warehouse)
        state_ok = snapshot(warehouse) == expected[docs]
        builds = sorted(p.name for p in (warehouse / store.BUILDS).iterdir())
        leftovers = [str(p.relative_to(warehouse)) for p in warehouse.rglob("*") if ".tmp" in p.name]
        clean = len(builds) == 3 and not leftovers
        print(f"\nfinal run on {name[docs]}: exit {code}, warehouse as expected: {state_ok}, "
              f"builds kept: {len(builds) - 1} (+ current link), leftover temporary files: {len(leftovers)}")
        print(f"{kills} kills, {finished} runs that finished before their kill moment, {failures} bad warehouse states")
        return 0 if failures == 0 and state_ok and clean and code in (0, 3) else 1


if __name__ == "__main__":
    sys.exit(main())
