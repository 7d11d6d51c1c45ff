"""CPU seconds of a command and every process it starts, by kind: the flow process, the Prefect server, Dask
workers and extraction processes. On a machine shared with other work, wall and task seconds grow with
the load; CPU seconds much less, so they are what an A/B comparison of two versions should read.

    python -m benchmarks.cpu_seconds -- .venv/bin/accord run --docs /tmp/corpus --warehouse /tmp/w --workers 2

The process tree is polled every 0.2 s (a process that lives less than that is missed); the command's own
output goes to --log. Periodic work of the Dask scheduler and nannies (in the flow process) and of the
workers costs about 0.03 CPU seconds per second each, so a run slowed by other load shows more flow CPU.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psutil


def kind(process: psutil.Process, root_pid: int) -> str:
    command = " ".join(process.cmdline())
    if "flows.extract_worker" in command:
        return "extraction"
    if "uvicorn" in command or "server start" in command:
        return "prefect server"
    if "spawn_main" in command and "resource_tracker" not in command:
        return "dask worker"
    return "flow" if process.pid == root_pid else "other"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.cpu_seconds", description=__doc__.split("\n\n")[0])
    p.add_argument("--log", type=Path, default=Path("cpu_seconds.log"), help="where the command's output goes (default: cpu_seconds.log)")
    p.add_argument("command", nargs=argparse.REMAINDER, help="the command, after --")
    a = p.parse_args(argv)
    command = a.command[1:] if a.command[:1] == ["--"] else a.command
    if not command:
        p.error("no command given")
    started = time.perf_counter()
    with open(a.log, "w") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    root = psutil.Process(proc.pid)
    seen: dict[int, tuple[str, float]] = {}  # pid -> (kind, CPU seconds when last polled)
    peak_mb: Counter = Counter()
    while proc.poll() is None:
        try:
            processes = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for process in processes:
            try:
                with process.oneshot():
                    times = process.cpu_times()
                    what = seen[process.pid][0] if process.pid in seen else kind(process, proc.pid)
                    seen[process.pid] = (what, times.user + times.system)
                    peak_mb[what] = max(peak_mb[what], process.memory_info().rss / 2**20)
            except psutil.Error:
                pass
        time.sleep(0.2)
    cpu: Counter = Counter()
    for what, seconds in seen.values():
        cpu[what] += seconds
    print(f"exit status {proc.returncode}, wall {time.perf_counter() - started:.1f} s, load average {psutil.getloadavg()[0]:.1f}")
    for what in sorted(cpu):
        print(f"{what:>15}: {cpu[what]:7.1f} CPU s, peak {peak_mb[what]:6.0f} MB (largest one process)")
    print(f"{'total':>15}: {sum(cpu.values()):7.1f} CPU s")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
