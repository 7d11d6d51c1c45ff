"""The per-document time budget (issue 15, item 2): a document that extraction cannot finish is stopped in
a process that really stops, rejected with the reason, and the run goes on; SIGTERM ends a run at once."""
from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil


from flows import batches
from flows.extract_worker import TimeBudget
from tests.bad_inputs import cli_env
from tests.conftest import ROOT, SEEDS
from tests.slow_extractor import STALL_MARKER
from warehouse import store

SLOW = "tests.slow_extractor:extract_slowly"
TODAY = dt.date(2026, 11, 22)


def _folder(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "a.txt").write_text("Tokyo, 3 May 2023. JICA signed a grant agreement of JPY 1 billion with a university.")
    (root / "b-stalls.txt").write_text(f"Osaka, 4 May 2023. A heading that {STALL_MARKER}: 20 researchers visited.")
    (root / "c.txt").write_text("Kyoto, 5 May 2023. Kyoto University received 35 visiting students.")
    return root


def test_a_document_over_its_budget_is_rejected_and_the_batch_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "EXTRACTOR", SLOW)
    docs = _folder(tmp_path / "docs")
    start = time.monotonic()
    tables, rejected = batches.extract_files_within_budget(
        sorted(docs.iterdir()), docs, TODAY, 100_000, TimeBudget(floor_seconds=2, seconds_per_kb=0))
    assert time.monotonic() - start < 60  # a cap so a hang fails; the budget stops it after 2 s
    assert [(r["source_path"], r["reason"]) for r in rejected] == [("b-stalls.txt", "extraction exceeded its time budget (2.0 s for 0.1 KB)")]
    assert [d["source_path"] for d in tables["documents"]] == ["a.txt", "c.txt"]
    assert tables["figures"]  # the documents after the stalled one were extracted by a new process


def test_rows_within_budget_equal_those_extracted_in_process(tmp_path):
    paths = sorted(SEEDS.glob("*.txt"))
    here = batches.extract_files(paths, SEEDS, TODAY, 1_000_000)
    there = batches.extract_files_within_budget(paths, SEEDS, TODAY, 1_000_000, TimeBudget())
    now = lambda tables: {t: [{k: v for k, v in r.items() if k != "ingested_at"} for r in rows] for t, rows in tables.items()}
    assert now(there[0]) == now(here[0]) and there[1] == here[1] == []


def test_the_run_rejects_the_document_and_publishes_the_others(tmp_path, monkeypatch):
    from flows.etl import run_pipeline

    monkeypatch.setattr(batches, "EXTRACTOR", SLOW)
    docs = _folder(tmp_path / "docs")
    summary = run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "w", today=TODAY, budget_floor_seconds=2, budget_seconds_per_kb=0)
    assert [(r["source_path"], r["reason"][:38]) for r in summary.rejected] == [("b-stalls.txt", "extraction exceeded its time budget (2")]
    con = store.connect_read_only(tmp_path / "w")
    assert con.execute("SELECT source_path FROM documents ORDER BY 1").fetchall() == [("a.txt",), ("c.txt",)]
    assert con.execute("SELECT source_path, reason LIKE 'extraction exceeded its time budget%' FROM rejected_documents").fetchall() == [("b-stalls.txt", True)]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def _worker_pids(of: int | None = None) -> set[int]:
    """The extraction processes alive now; with `of`, only those descending from that process (other runs on the
    same machine have extraction processes too)."""
    out = subprocess.run(["pgrep", "-f", "flows.extract_worker"], capture_output=True, text=True).stdout
    pids = {int(p) for p in out.split()}
    if of is None:
        return pids
    try:
        ours = {c.pid for c in psutil.Process(of).children(recursive=True)}
    except psutil.NoSuchProcess:
        return set()
    return pids & ours


def test_sigterm_ends_a_run_stuck_in_a_document_within_seconds(tmp_path):
    docs, warehouse = _folder(tmp_path / "docs"), tmp_path / "w"
    code = ("import sys; from flows import batches, cli; batches.EXTRACTOR = %r; "
            "sys.exit(cli.main(['run', '--docs', %r, '--warehouse', %r]))") % (SLOW, str(docs), str(warehouse))
    before = _worker_pids()
    run = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not (_worker_pids(of=run.pid) - before) and time.monotonic() < deadline and run.poll() is None:
            time.sleep(0.2)
        time.sleep(3)  # the worker is now inside the stalling document (the other two take milliseconds)
        assert run.poll() is None, run.stdout.read().decode()[-3000:]
        workers = _worker_pids(of=run.pid) - before
        assert workers
        run.send_signal(signal.SIGTERM)
        start = time.monotonic()
        run.wait(timeout=60)  # a cap so that a hang fails; it took minutes (or never) before
        stopped_after = time.monotonic() - start
    finally:
        if run.poll() is None:
            run.kill()
    assert stopped_after < 30
    time.sleep(0.5)
    assert not workers & _worker_pids()  # the extraction process died with the run
    with store.lock(warehouse.resolve()):  # and the lock is free for the next run
        pass


def test_a_file_whose_parser_never_finishes_is_rejected_when_hashed(tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "EXTRACTOR", SLOW)
    docs = _folder(tmp_path / "docs")
    (docs / "damaged.stall").write_bytes(b"whatever")
    hashed = batches.hash_files_within_budget(sorted(docs.iterdir()), docs, 100_000, TODAY, False, TimeBudget(floor_seconds=2, seconds_per_kb=0))
    assert [(h.source_path, h.doc_id is not None, h.reason) for h in hashed] == [
        ("a.txt", True, None), ("b-stalls.txt", True, None), ("c.txt", True, None),
        ("damaged.stall", False, "reading exceeded its time budget (2.0 s for 0.0 KB)")]


def test_a_batch_goes_to_the_process_in_one_message_and_every_answer_is_read(tmp_path):
    """The extraction process works through a batch without waiting for the parent between files, so its
    answers arrive back to back: each must be seen as it comes, none left unread until its budget ends."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(40):
        (docs / f"{i:02d}.txt").write_text(f"Kyoto, {i + 1} May 2023. Kyoto University received {i + 10} visiting students.")
    start = time.monotonic()
    hashed = batches.hash_files_within_budget(sorted(docs.iterdir()), docs, 100_000, TODAY, False, TimeBudget(floor_seconds=5, seconds_per_kb=0))
    assert time.monotonic() - start < 120  # a cap so a hang fails
    assert [(h.source_path, h.reason) for h in hashed] == [(f"{i:02d}.txt", None) for i in range(40)]
    assert len({h.doc_id for h in hashed}) == 40
