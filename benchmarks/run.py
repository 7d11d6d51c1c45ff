"""The accord benchmark: extraction speed on one core, then whole runs of the flow on generated corpora.

For each size it writes a fresh corpus (benchmarks/corpus.py), runs the flow (a full build), runs it again
with nothing changed, edits 1% of the files (mostly changed, some deleted, some new) and runs it once more,
each run in a fresh process whose memory (with its children: extraction processes, Dask workers) is sampled. It prints documents/s,
words/s, peak memory and the seconds of every stage. Prefect's start-up is measured apart: the runs talk
to a Prefect server this benchmark starts once.

    python -m benchmarks.run --sizes 1000 10000 100000              # the default run: a thread and an extraction process per core
    python -m benchmarks.run --sizes 10000 --workers 2              # the batches on a local Dask cluster of two workers
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import psutil

from benchmarks.corpus import edit_corpus, generate_document, write_corpus

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 22)  # fixed, so every run of the benchmark extracts the same rows
STAGES = ("list", "plan", "reuse", "read", "extract", "write", "extract_batches", "normalise", "resolve", "duckdb", "checks", "publish")


def extraction_speed(n_docs: int, seed: int) -> dict:
    """extract_document alone on one core: words per CPU second over generated documents."""
    from transforms.extract import extract_document
    from transforms.text import count_words, normalize_text

    texts = [normalize_text(generate_document(seed, i)) for i in range(n_docs)]
    for t in texts[:20]:  # warm the caches (reference lists, dateparser) as a long run has them warm
        extract_document(t, today=TODAY)
    start = time.process_time()
    for t in texts:
        extract_document(t, today=TODAY)
    cpu = time.process_time() - start
    words = sum(count_words(t) for t in texts)
    return {"documents": n_docs, "words": words, "cpu_seconds": cpu, "words_per_s": words / cpu, "docs_per_s": n_docs / cpu}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_prefect_server(home: Path) -> tuple[subprocess.Popen, str, float]:
    """A Prefect server of the benchmark's own (own database), and how long it took to answer."""
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_UI_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/api"
    while time.perf_counter() - start < 120:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as r:
                if r.status == 200:
                    return server, url, time.perf_counter() - start
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the Prefect server did not start within 120 s")


def run_measured(args: list[str], env: dict) -> dict:
    """Run one flow run in a child process; its JSON result, with the peak memory of it and its children
    (Dask workers) together, over the whole run and until its last batch, and of the flow process alone."""
    child = subprocess.Popen([sys.executable, "-m", "benchmarks.run", "--child", *args], env=env, cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    flow_peak = 0
    samples: list[tuple[float, int, int]] = []  # (time, memory of the process tree, of the flow process alone)
    child_peaks: dict[int, int] = {}  # the peak of each child process (Dask workers and their nanny)
    done = threading.Event()
    err: list[str] = []
    drain = threading.Thread(target=lambda: err.append(child.stderr.read()), daemon=True)
    drain.start()

    def sample() -> None:
        nonlocal flow_peak
        proc = psutil.Process(child.pid)
        while not done.is_set():
            try:
                own = proc.memory_info().rss
                flow_peak = max(flow_peak, own)
                children = {p.pid: p.memory_info().rss for p in proc.children(recursive=True) if p.is_running()}
                for pid, rss in children.items():
                    child_peaks[pid] = max(child_peaks.get(pid, 0), rss)
                samples.append((time.time(), own + sum(children.values()), own))
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = child.stdout.read()
    child.wait()
    done.set()
    sampler.join()
    drain.join()
    if child.returncode != 0:
        raise RuntimeError(f"benchmark run failed ({child.returncode}):\n{''.join(err)[-4000:]}")
    result = json.loads(out.strip().splitlines()[-1])
    sec = result["seconds"]
    batches_done = result["started_at"] + sum(sec.get(s, 0.0) for s in ("list", "plan", "reuse", "extract_batches"))
    result["peak_rss_mb"] = max((m for _, m, _ in samples), default=0) / 2**20
    result["extraction_peak_rss_mb"] = max((m for t, m, _ in samples if t <= batches_done), default=0) / 2**20
    result["flow_peak_rss_mb"] = flow_peak / 2**20
    result["flow_extraction_peak_rss_mb"] = max((own for t, _, own in samples if t <= batches_done), default=0) / 2**20
    result["child_peak_rss_mb"] = max(child_peaks.values(), default=0) / 2**20
    return result


def child_run(a: argparse.Namespace) -> None:
    from flows.etl import run_pipeline

    started_at, start = time.time(), time.perf_counter()
    summary = run_pipeline(docs_dir=a.docs, warehouse_dir=a.warehouse, today=TODAY, workers=a.workers, batch_size=a.batch_size,
                           partition_by_year=a.partition_by_year)
    wall = time.perf_counter() - start
    print(json.dumps({
        "started_at": started_at, "wall": wall, "documents": summary.documents_seen, "extracted": summary.documents_extracted, "reused": summary.documents_reused,
        "words": summary.words_extracted, "seconds": summary.seconds, "rows": summary.rows, "rejected": len(summary.rejected),
    }))


def bench_size(n: int, a: argparse.Namespace, env: dict) -> dict:
    docs, warehouse = a.work_dir / f"docs-{n}", a.work_dir / f"warehouse-{n}"
    for folder in (docs, warehouse):
        shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    write_corpus(docs, n, a.seed)
    generated = time.perf_counter() - start
    run_args = ["--docs", str(docs), "--warehouse", str(warehouse), "--workers", str(a.workers), "--batch-size", str(a.batch_size)]
    if a.partition_by_year:
        run_args.append("--partition-by-year")
    full = run_measured(run_args, env)
    unchanged = run_measured(run_args, env)
    edit = edit_corpus(docs, n, a.seed, a.changed)
    incremental = run_measured(run_args, env)
    if not a.keep:
        shutil.rmtree(docs, ignore_errors=True)
        shutil.rmtree(warehouse, ignore_errors=True)
    return {"n": n, "generated_s": generated, "full": full, "unchanged": unchanged, "edit": edit.__dict__, "incremental": incremental}


def report(machine: dict, speed: dict, startup: float, results: list[dict]) -> str:
    lines = [
        f"accord benchmark, {machine['date']}: {machine['cpus']} cores, {machine['memory_gb']:.0f} GiB, {machine['python']}, {machine['platform']}",
        f"workers: {machine['workers']}, batch size: {machine['batch_size']}, partition by year: {machine['partition_by_year']}",
        "",
        f"extract_document on one core: {speed['words_per_s']:,.0f} words/s ({speed['docs_per_s']:,.0f} documents/s) over {speed['documents']} generated documents",
        f"Prefect server start-up: {startup:.1f} s (not counted below)",
        "",
        f"{'documents':>10} {'words':>11} {'run':>12} {'wall s':>8} {'docs/s':>8} {'words/s':>10} {'peak MB':>8} {'to batch':>8} {'flow MB':>8} {'flow to b':>9} {'child MB':>8} {'extracted':>10} {'reused':>8}",
    ]
    for r in results:
        for label in ("full", "unchanged", "incremental"):
            x = r[label]
            words = r["full"]["words"]
            name = {"full": "full", "unchanged": "no change", "incremental": f"{r['edit']['changed'] + r['edit']['deleted'] + r['edit']['added']} edited"}[label]
            rate = f"{x['extracted'] / x['wall']:>8,.0f} {x['words'] / x['wall']:>10,.0f}" if label == "full" else f"{'':>8} {'':>10}"
            lines.append(f"{r['n']:>10,} {words:>11,} {name:>12} {x['wall']:>8.1f} {rate} {x['peak_rss_mb']:>8,.0f} {x['extraction_peak_rss_mb']:>8,.0f} {x['flow_peak_rss_mb']:>8,.0f} {x['flow_extraction_peak_rss_mb']:>9,.0f} {x['child_peak_rss_mb']:>8,.0f} {x['extracted']:>10,} {x['reused']:>8,}")
    lines += ["peak MB: the flow process and its Dask workers together, over the whole run and until the last batch is written (to batch);",
              "flow MB: the flow process alone (it builds the database, runs the checks and the artifact queries), over the whole run and",
              "until the last batch is written (flow to b); child MB: the largest peak of one child process (a Dask worker)"]
    lines += ["", "seconds per stage (read, extract, write: summed over the batch tasks of all workers; others: wall)", f"{'documents':>10} {'run':>12} " + " ".join(f"{s:>9}" for s in STAGES)]
    for r in results:
        for label in ("full", "unchanged", "incremental"):
            sec = r[label]["seconds"]
            lines.append(f"{r['n']:>10,} {label:>12} " + " ".join(f"{sec.get(s, 0.0):>9.2f}" for s in STAGES))
    lines += ["", "incremental run after editing 1% of the files, as a share of the full run:"]
    for r in results:
        share = r["incremental"]["wall"] / r["full"]["wall"]
        lines.append(f"{r['n']:>10,}: {r['incremental']['wall']:.1f} s of {r['full']['wall']:.1f} s ({share:.1%}); no change: {r['unchanged']['wall']:.1f} s")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description="Benchmark extraction and whole runs of the flow on generated corpora.")
    p.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="corpus sizes (default: 1000 10000 100000)")
    p.add_argument("--workers", type=int, default=0, help="Dask worker processes (default: 0, the run's default: threads, one per core)")
    p.add_argument("--batch-size", type=int, default=200, help="documents per extraction task (default: 200)")
    p.add_argument("--changed", type=float, default=0.01, help="share of files edited before the incremental run (default: 0.01)")
    p.add_argument("--seed", type=int, default=7, help="corpus seed (default: 7)")
    p.add_argument("--partition-by-year", action="store_true", help="partition the warehouse by publication year")
    p.add_argument("--extract-sample", type=int, default=2000, help="documents timed for extraction speed on one core (default: 2000)")
    p.add_argument("--work-dir", type=Path, help="where corpora and warehouses go (default: a temporary folder)")
    p.add_argument("--keep", action="store_true", help="keep corpora and warehouses")
    p.add_argument("--json", type=Path, help="also write the raw figures to this file")
    # one measured run, in a process of its own (used by the benchmark itself)
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--docs", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--warehouse", type=Path, help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    if a.child:
        child_run(a)
        return 0

    machine = {
        "date": dt.date.today().isoformat(), "cpus": os.cpu_count(), "memory_gb": psutil.virtual_memory().total / 2**30,
        "python": platform.python_version(), "platform": platform.platform(terse=True),
        "workers": a.workers, "batch_size": a.batch_size, "partition_by_year": a.partition_by_year,
    }
    speed = extraction_speed(a.extract_sample, a.seed)
    print(f"extract_document on one core: {speed['words_per_s']:,.0f} words/s", flush=True)
    with tempfile.TemporaryDirectory(prefix="accord-bench-") as tmp:
        a.work_dir = (a.work_dir or Path(tmp)).resolve()
        a.work_dir.mkdir(parents=True, exist_ok=True)
        server, url, startup = start_prefect_server(Path(tmp) / "prefect-home")
        env = {**os.environ, "PREFECT_API_URL": url, "PREFECT_HOME": str(Path(tmp) / "prefect-home")}
        results = []
        try:
            for n in a.sizes:
                print(f"{n:,} documents ...", flush=True)
                results.append(bench_size(n, a, env))
                print(f"  full {results[-1]['full']['wall']:.1f} s, incremental {results[-1]['incremental']['wall']:.1f} s", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = report(machine, speed, startup, results)
    print("\n" + text)
    if a.json:
        a.json.write_text(json.dumps({"machine": machine, "extraction": speed, "prefect_startup_s": startup, "runs": results}, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
