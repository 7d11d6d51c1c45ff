"""The warehouse is never lost or corrupted: runs killed at any point, two runs at once, garbage
collection, and queries that try to write."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from tests.bad_inputs import HTML_PAGE, MARKDOWN_NOTE, PDF_PAGES, cli_env, minimal_pdf
from tests.conftest import ROOT, SEEDS
from warehouse import store
from warehouse.checks import run_checks
from warehouse.schemas import TABLES

# Runs the real `accord run` and SIGKILLs its own process at one chosen point (argv: point, n):
#   extract   on the n-th document extraction
#   parquet   half-way through writing the n-th Parquet file (half its bytes on disk)
#   database  after the views of the build's database are created, before it is checkpointed
#   commit    just before the rename that publishes the build
#   collect   just after that rename, before old builds are deleted
KILLER = textwrap.dedent("""
    import io, os, signal, sys
    point, nth = sys.argv[1], int(sys.argv[2])
    calls = 0

    def due():
        global calls
        calls += 1
        return calls == nth

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    from flows import batches
    from warehouse import store

    if point == "extract":  # extraction runs in child processes: the run dies as it hands them a batch of documents
        real_send = batches.ExtractionWorker.send
        def send(self, requests):
            if requests[0][0] == "extract" and due(): die()
            return real_send(self, requests)
        batches.ExtractionWorker.send = send
    elif point == "parquet":
        real_write = store.pq.write_table
        def write_table(table, where, **k):
            if due():
                buf = io.BytesIO()
                real_write(table, buf, **k)
                with open(where, "wb") as f:
                    f.write(buf.getvalue()[: len(buf.getvalue()) // 2])
                die()
            return real_write(table, where, **k)
        store.pq.write_table = write_table
    elif point == "database":
        real_views = store.create_views
        def create_views(con, build, **k):
            real_views(con, build, **k)
            if due(): die()
        store.create_views = create_views
    elif point == "commit":
        real_replace = os.replace
        def replace(src, dst, *a, **k):
            if os.path.basename(dst) == store.CURRENT and due(): die()
            return real_replace(src, dst, *a, **k)
        os.replace = replace
    elif point == "collect":
        real_collect = store.collect_garbage
        def collect_garbage(*a, **k):
            if due(): die()
            return real_collect(*a, **k)
        store.collect_garbage = collect_garbage

    from flows.cli import main
    sys.exit(main(sys.argv[3:]))
""")


def snapshot(warehouse: Path) -> dict:
    """What a reader of the warehouse sees, through the database and through the table links; fails
    if the warehouse is unreadable, partial or fails its data checks."""
    con = duckdb.connect(str(warehouse / store.DB_NAME), read_only=True)
    try:
        assert run_checks(con) == []
        seen = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
        seen["doc_ids"] = [r[0] for r in con.execute("SELECT doc_id FROM documents ORDER BY 1").fetchall()]
        for table in TABLES:
            files = str(warehouse / table / "*.parquet").replace("'", "''")
            assert con.execute(f"SELECT count(*) FROM read_parquet('{files}')").fetchone()[0] == seen[table], table
    finally:
        con.close()
    return seen


def run_cli(docs: Path, warehouse: Path, kill_at: tuple[str, int] | None = None) -> subprocess.CompletedProcess:
    args = ["run", "--docs", str(docs), "--warehouse", str(warehouse), "--batch-size", "2"]
    cmd = [sys.executable, "-c", KILLER, *map(str, kill_at), *args] if kill_at else [sys.executable, "-m", "flows.cli", *args]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=cli_env(), timeout=300)


@pytest.fixture
def two_corpora(tmp_path) -> tuple[Path, Path]:
    """A short seed, and the same with three more documents (two batches of two): a run on the second
    changes every table. Small, because every killed run starts the CLI afresh."""
    small, large = tmp_path / "small", tmp_path / "large"
    shortest = min(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size)
    for folder in (small, large):
        folder.mkdir()
        shutil.copy(shortest, folder / shortest.name)
    (large / "page.html").write_bytes(HTML_PAGE.encode("cp1252"))
    (large / "note.md").write_text(MARKDOWN_NOTE)
    (large / "mou.pdf").write_bytes(minimal_pdf(PDF_PAGES))
    return small, large


KILL_POINTS = [("extract", 2), ("parquet", 3), ("database", 1), ("commit", 1), ("collect", 1)]


def test_a_run_killed_at_any_point_leaves_a_whole_warehouse(tmp_path, two_corpora, monkeypatch):
    monkeypatch.setenv("ACCORD_KEEP_BUILDS_HOURS", "0")  # builds no longer published are not kept for readers
    small, large = two_corpora
    warehouse = tmp_path / "warehouse"
    from flows.etl import run_pipeline

    run_pipeline(docs_dir=small, warehouse_dir=warehouse)
    before = snapshot(warehouse)
    seen = []
    for point in KILL_POINTS:
        killed = run_cli(large, warehouse, kill_at=point)
        assert killed.returncode == -signal.SIGKILL, (point, killed.stderr[-2000:])
        seen.append((point, snapshot(warehouse)))
    done = run_cli(large, warehouse)
    assert done.returncode == 0, done.stderr[-2000:]
    after = snapshot(warehouse)
    assert after != before
    for point, state in seen:
        # Killed after the publishing rename, a run has published; killed before it, it has not.
        assert state == (after if point[0] == "collect" else before), point
    # What killed runs left behind is gone: the published build, the one before it, and the link.
    builds = sorted(p.name for p in (warehouse / store.BUILDS).iterdir())
    assert len(builds) == 3 and store.CURRENT in builds
    assert not [p for p in warehouse.rglob("*") if ".tmp" in p.name]


def test_a_second_run_on_the_same_warehouse_refuses_while_the_first_writes(tmp_path):
    from flows.etl import run_pipeline

    warehouse, docs = tmp_path / "warehouse", tmp_path / "docs"
    docs.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], docs)
    with store.lock(warehouse):
        with pytest.raises(store.WarehouseBusy, match=f"another accord run \\(process {os.getpid()}\\) is writing to"):
            run_pipeline(docs_dir=docs, warehouse_dir=warehouse)
        cli = run_cli(docs, warehouse)
        assert cli.returncode == 2
        assert f"accord: another accord run (process {os.getpid()}) is writing to {warehouse}" in cli.stderr
        assert not (warehouse / store.BUILDS).exists()  # it refused before writing anything
    assert run_pipeline(docs_dir=docs, warehouse_dir=warehouse).exit_code == 0  # released with its holder


def test_the_lock_waits_when_asked(tmp_path):
    code = "import sys, time; from pathlib import Path; from warehouse import store\nwith store.lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(60)"
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(store.WarehouseBusy):
            with store.lock(tmp_path):
                pass
        holder.kill()  # dies holding the lock, as a killed run would: the kernel releases it
        holder.wait()
        with store.lock(tmp_path, wait=True):
            assert (tmp_path / store.LOCK).read_text() == str(os.getpid())
    finally:
        holder.kill()
        holder.wait()


def _finished_build(warehouse: Path) -> Path:
    build = store.new_build(warehouse)
    store.build_database(build)
    return build


def test_garbage_collection_keeps_the_published_build_and_the_one_before(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_KEEP_BUILDS_HOURS", "0")  # builds no longer published are not kept for readers
    first = _finished_build(tmp_path)
    store.publish(first, tmp_path)
    second = _finished_build(tmp_path)
    store.publish(second, tmp_path)
    failed = [_finished_build(tmp_path) for _ in range(3)]  # complete databases that failed their checks
    unfinished = store.new_build(tmp_path)
    (unfinished / "documents" / "batch-000000.parquet.tmp").write_bytes(b"half")
    (tmp_path / store.BUILDS / ".current.tmp-0badc0de").symlink_to("nowhere")
    (tmp_path / ".figures.tmp-0badc0de").symlink_to("nowhere")
    third = _finished_build(tmp_path)
    store.publish(third, tmp_path)
    assert sorted(p.name for p in (tmp_path / store.BUILDS).iterdir()) == sorted([second.name, third.name, store.CURRENT])
    assert store.published_build(tmp_path) == third.resolve()
    assert not list(tmp_path.glob(".*.tmp-*"))
    store.collect_garbage(tmp_path, keep=set())  # never the published build, whatever the caller keeps
    assert store.published_build(tmp_path) == third.resolve() and (third / store.DB_NAME).exists()
    assert not second.exists()


def test_a_warehouse_from_before_the_current_link_is_upgraded_in_place(tmp_path):
    old = _finished_build(tmp_path)
    for table in TABLES:  # how earlier versions published: links straight to a build, a copied database
        (tmp_path / table).symlink_to(Path(store.BUILDS) / old.name / table)
    shutil.copyfile(old / store.DB_NAME, tmp_path / store.DB_NAME)
    (tmp_path / ".documents.link-abc123").symlink_to("nowhere")
    assert store.published_build(tmp_path) == old.resolve()
    new = _finished_build(tmp_path)
    store.publish(new, tmp_path)
    assert store.published_build(tmp_path) == new.resolve()
    assert os.readlink(tmp_path / "figures") == f"{store.BUILDS}/{store.CURRENT}/figures"
    assert (tmp_path / store.DB_NAME).resolve() == (new / store.DB_NAME).resolve()
    assert old.exists() and not (tmp_path / ".documents.link-abc123").is_symlink()


# --- read-only queries ------------------------------------------------------------------------------

def _query(warehouse: Path, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", "query", sql, "--warehouse", str(warehouse)], capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("sql", [
    "COPY (SELECT * FROM documents) TO '{table}/extra.parquet' (FORMAT parquet)",
    "EXPLAIN ANALYZE COPY (SELECT * FROM documents) TO '{table}/extra.parquet' (FORMAT parquet)",
    "SELECT 1; COPY (SELECT * FROM documents) TO '{table}/extra.parquet' (FORMAT parquet)",
    "EXPORT DATABASE '{table}/export'",
    "ATTACH '{table}/other.duckdb' AS other",
    "DROP VIEW figures",
])
def test_query_cannot_write_into_the_warehouse(seed_warehouse, sql):
    table = seed_warehouse / "documents"
    before = sorted(p.name for p in table.iterdir())
    out = _query(seed_warehouse, sql.format(table=table))
    assert out.returncode == 1
    assert "read-only" in out.stderr.lower() and "Traceback" not in out.stderr
    assert sorted(p.name for p in table.iterdir()) == before


def test_query_reads(seed_warehouse):
    out = _query(seed_warehouse, "EXPLAIN ANALYZE SELECT count(*) FROM documents")
    assert out.returncode == 0 and "Query Profiling" in out.stdout


@pytest.mark.parametrize("sql, error", [("selec 1", "Parser Error"), ("SELECT nope FROM figures", "Binder Error"), ("SELECT 1/0::INT AS x, 'a'::INT", "Conversion Error")])
def test_bad_sql_prints_duckdbs_error_not_a_traceback(seed_warehouse, sql, error):
    out = _query(seed_warehouse, sql)
    assert out.returncode == 1
    assert error in out.stderr and "Traceback" not in out.stderr
