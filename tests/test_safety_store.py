"""What a mistaken or unlucky user can do to a run, and what accord does about it: it never deletes a file
it did not make, refuses bad arguments in one line before Prefect starts, ends every failure in one
`accord:` line with a documented exit status, stops at once on SIGTERM and Ctrl-C, takes its temporary
Prefect server down with it, and reads only the warehouse from `accord query`."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from tests.bad_inputs import cli_env
from tests.conftest import ROOT, SEEDS
from warehouse import store

# Runs `accord` (argv[1:]) in this process and says afterwards whether it imported Prefect.
PROBE = textwrap.dedent("""
    import sys
    from flows.cli import main
    try:
        code = main(sys.argv[1:])
    except SystemExit as e:
        code = e.code
    print("prefect imported" if "prefect" in sys.modules else "prefect not imported")
    sys.exit(code)
""")

# Runs `accord` (argv[2:]) with one fault (argv[1]):
#   slow     every document takes a second to extract (time to send a signal mid-run)
#   enospc   every Parquet write fails: the disk is full
#   eacces   the build folder cannot be made: `.builds` is not writable
FAULTY = textwrap.dedent("""
    import errno, os, sys
    from flows import batches
    from warehouse import store

    fault = sys.argv[1]
    if fault == "slow":
        batches.EXTRACTOR = "tests.slow_extractor:extract_after_a_second"  # what the extraction processes run
    elif fault == "enospc":
        def write_file(path, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        store.write_file = write_file
    elif fault == "eacces":
        def new_build(warehouse):
            path = warehouse / store.BUILDS / "new"
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        store.new_build = new_build

    from flows.cli import main
    sys.exit(main(sys.argv[2:]))
""")


def accord(*args: str, cwd: Path = ROOT, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout,
                          env={**(env or cli_env()), "PYTHONPATH": str(ROOT)})


def one_line(err: str) -> str:
    """The stderr of a refused command: exactly one `accord:` line, no traceback."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("accord: "), err
    return lines[0]


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every path under a folder with its content (or link target): to show nothing was touched."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        out[rel] = f"-> {os.readlink(path)}" if path.is_symlink() else path.read_bytes() if path.is_file() else "dir"
    return out


def copy_seeds(folder: Path, n: int = 5) -> Path:
    folder.mkdir(parents=True)
    for f in sorted(SEEDS.glob("*.txt"))[:n]:
        shutil.copy(f, folder / f.name)
    return folder


@pytest.fixture
def user_folder(tmp_path) -> Path:
    """A folder of a user's own: their documents, another folder of theirs, and a DuckDB file of theirs."""
    x = tmp_path / "x"
    copy_seeds(x / "documents", 2)
    (x / "people").mkdir()
    (x / "people" / "contacts.csv").write_text("name,email\nsomeone,someone@example.org\n")
    con = duckdb.connect(str(x / "analytics.duckdb"))
    con.execute("CREATE TABLE mine AS SELECT 42 AS answer")
    con.close()
    return x


# --- the warehouse folder holds only what accord made ----------------------------------------------

def test_the_red_teams_command_is_refused_and_deletes_nothing(user_folder):
    before = tree(user_folder)
    out = accord("run", "--docs", "documents", "--warehouse", ".", cwd=user_folder)
    assert out.returncode == 2
    assert "inside the warehouse" in one_line(out.stderr)
    assert "prefect not imported" in out.stdout
    assert tree(user_folder) == before


def test_a_folder_holding_anything_else_is_refused(user_folder, tmp_path):
    docs = copy_seeds(tmp_path / "docs", 2)
    before = tree(user_folder)
    out = accord("run", "--docs", str(docs), "--warehouse", ".", cwd=user_folder)
    assert out.returncode == 2
    line = one_line(out.stderr)
    assert "did not make" in line and "analytics.duckdb" in line and "people" in line
    assert tree(user_folder) == before


@pytest.mark.parametrize("docs, warehouse", [("a", "a"), ("a", "a/w"), ("a/d", "a")])
def test_the_documents_and_the_warehouse_may_not_hold_each_other(tmp_path, docs, warehouse):
    (tmp_path / docs).mkdir(parents=True)
    with pytest.raises(store.NotAWarehouse):
        store.check_apart(tmp_path / docs, tmp_path / warehouse)
    from flows.etl import run_pipeline

    with pytest.raises(store.NotAWarehouse):  # the flow refuses too, as a deployment calls it
        run_pipeline(docs_dir=tmp_path / docs, warehouse_dir=tmp_path / warehouse)


def test_an_empty_or_new_folder_is_claimed_with_a_marker_and_kept(tmp_path):
    for folder in (tmp_path / "empty", tmp_path / "new" / "deeper"):
        if folder.name == "empty":
            folder.mkdir()
        store.claim(folder)
        assert (folder / store.MARKER).read_text() == store.MARKER_TEXT
        store.claim(folder)  # again: it is accord's now
    (tmp_path / "empty" / "notes.txt").write_text("mine")
    with pytest.raises(store.NotAWarehouse, match="notes.txt"):  # a marker does not make other files accord's
        store.claim(tmp_path / "empty")
    (tmp_path / "file").write_text("x")
    with pytest.raises(store.NotAWarehouse, match="is a file"):
        store.claim(tmp_path / "file")


def _published(warehouse: Path) -> Path:
    build = store.new_build(warehouse)
    store.build_database(build)
    store.publish(build, warehouse)
    return build


def test_publishing_never_removes_a_folder_accord_did_not_make(tmp_path):
    with store.lock(tmp_path):
        _published(tmp_path)
    (tmp_path / "people").unlink()  # someone puts a folder of theirs where accord's link was
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "mine.txt").write_text("keep me")
    with pytest.raises(store.NotAWarehouse, match="people"):
        with store.lock(tmp_path):
            pass
    with pytest.raises(store.NotAWarehouse, match="people"):
        _published(tmp_path)
    assert (tmp_path / "people" / "mine.txt").read_text() == "keep me"


def test_a_warehouse_of_an_earlier_version_is_still_accepted(tmp_path):
    old = store.new_build(tmp_path)
    store.build_database(old)
    store.publish(old, tmp_path)
    assert not (tmp_path / store.MARKER).exists()  # as written before the marker existed
    store.claim(tmp_path)
    assert (tmp_path / store.MARKER).exists()


# --- arguments checked before Prefect starts --------------------------------------------------------

def test_version():
    out = accord("--version")
    assert out.returncode == 0 and out.stdout.startswith("accord ")


@pytest.mark.parametrize("args, says", [
    (["run", "--docs", "no/such/folder"], "documents folder not found: no/such/folder"),
    (["run", "--docs", "seeds", "--batch-size", "0"], "--batch-size: must be at least 1"),
    (["run", "--docs", "seeds", "--max-bytes", "lots"], "--max-bytes: not a whole number"),
    (["run", "--docs", "seeds", "--workers", "-1"], "--workers: must be at least 0"),
    (["extract", "missing.txt"], "missing.txt: no such file"),
    (["extract", "reports/2024/mou"], "no such file"),
    (["extract", "seeds"], "is a folder"),
])
def test_bad_arguments_are_refused_in_one_line_before_prefect_starts(args, says):
    out = accord(*args)
    assert out.returncode == 2
    assert says in one_line(out.stderr)
    assert "prefect not imported" in out.stdout


def test_a_one_word_text_is_still_extracted():
    out = accord("extract", "Tuesday")
    assert out.returncode == 0 and '"figures": []' in out.stdout


def test_a_text_longer_than_a_path_may_be_is_extracted_as_text():
    text = "The agency granted 12 fellowships.\n" + "It met again. " * 400  # over the 255-byte name limit
    out = accord("extract", text)
    assert out.returncode == 0 and '"12 fellowships"' in out.stdout


def test_a_second_run_is_refused_in_one_line_before_prefect_starts(tmp_path):
    docs = copy_seeds(tmp_path / "docs", 1)
    warehouse = tmp_path / "warehouse"
    with store.lock(warehouse):
        out = accord("run", "--docs", str(docs), "--warehouse", str(warehouse))
    assert out.returncode == 2
    assert f"another accord run (process {os.getpid()}) is writing to" in one_line(out.stderr)
    assert "prefect not imported" in out.stdout


# --- failures during a run: one line, a documented status, the published warehouse kept ------------

def run_faulty(fault: str, docs: Path, warehouse: Path, env: dict | None = None, **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", FAULTY, fault, "run", "--docs", str(docs), "--warehouse", str(warehouse), "--batch-size", "1"],
        cwd=ROOT, env=env or cli_env(), text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen,
    )


@pytest.fixture
def published(tmp_path) -> tuple[Path, Path, dict]:
    """A warehouse with one published build, a larger corpus to run on, and what readers see now."""
    from flows.etl import run_pipeline

    warehouse = tmp_path / "warehouse"
    run_pipeline(docs_dir=copy_seeds(tmp_path / "small", 1), warehouse_dir=warehouse)
    return warehouse, copy_seeds(tmp_path / "docs", 5), readers_see(warehouse)


def readers_see(warehouse: Path) -> dict:
    con = duckdb.connect(str(warehouse / store.DB_NAME), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in store.TABLES}
    finally:
        con.close()


@pytest.mark.parametrize("fault, says", [("enospc", "No space left on device"), ("eacces", "Permission denied")])
def test_a_storage_failure_ends_in_one_line_and_keeps_the_published_warehouse(published, fault, says):
    warehouse, docs, before = published
    run = run_faulty(fault, docs, warehouse)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 5, err[-3000:]
    last = err.strip().splitlines()[-1]
    assert last.startswith(f"accord: {says}") and "previously published warehouse is unchanged" in last
    assert "Traceback" not in err, err[-3000:]  # Prefect's log lines say what failed, without a traceback
    assert readers_see(warehouse) == before


def _wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def _extracting(warehouse: Path) -> bool:
    """The run has made its build and is extracting into it."""
    builds = warehouse / store.BUILDS
    return any(b.name != store.CURRENT and not (b / store.DB_NAME).exists() and (b / "documents").is_dir()
               for b in builds.iterdir() if not b.is_symlink())


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_ends_a_run_within_seconds_and_releases_the_lock(published, sig):
    warehouse, docs, before = published
    run = run_faulty("slow", docs, warehouse)
    try:
        _wait_for(lambda: _extracting(warehouse) or run.poll() is not None, 240, "the run to start extracting")
        assert run.poll() is None, run.stderr.read()[-3000:]
        sent = time.monotonic()
        run.send_signal(sig)
        _, err = run.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        run.kill()
    print(f"{sig.name}: the run ended {took:.2f} s after the signal")
    assert run.returncode == 128 + sig
    assert err.strip().splitlines()[-1] == f"accord: stopped by {sig.name}; readers see the last published warehouse"
    with store.lock(warehouse):  # released
        pass
    assert readers_see(warehouse) == before


def _children_of(pid: int) -> list[tuple[int, str]]:
    out = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            ppid = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid:
            out.append((int(proc.name), cmdline))
    return out


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_the_temporary_prefect_server_dies_when_only_accord_is_killed(published, tmp_path):
    warehouse, docs, _ = published
    env = {k: v for k, v in cli_env().items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")  # a temporary server of its own, in a database of its own
    run = run_faulty("slow", docs, warehouse, env=env)
    server = None
    try:
        server = _wait_for(lambda: next((pid for pid, cmd in _children_of(run.pid) if "prefect.server.api.server:create_app" in cmd), None)
                           or (run.poll() is not None and -1), 300, "the temporary server")
        assert server != -1, run.stderr.read()[-3000:]
        _wait_for(lambda: _extracting(warehouse) or run.poll() is not None, 240, "the run to start extracting")
        run.kill()  # accord alone, not its process group
        run.wait()
        sent = time.monotonic()
        _wait_for(lambda: not _alive(server), 30, "the server to stop")
        print(f"the temporary server stopped {time.monotonic() - sent:.2f} s after accord was killed")
    finally:
        run.kill()
        if server and server > 0 and _alive(server):
            os.kill(server, signal.SIGKILL)


# --- accord query -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sql", ["", "-- x", ";;;"])
def test_a_query_with_no_statement_is_one_line(seed_warehouse, sql):
    out = accord("query", sql, "--warehouse", str(seed_warehouse))
    assert out.returncode == 1
    assert one_line(out.stderr) == "accord: no SQL statement to run"


def test_ctrl_c_stops_a_query(seed_warehouse):
    query = subprocess.Popen([sys.executable, "-m", "flows.cli", "query", "SELECT sum(a.range * b.range) FROM range(1000000) a, range(1000000) b",
                              "--warehouse", str(seed_warehouse)], cwd=ROOT, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        time.sleep(3)  # started and busy (the whole query takes minutes)
        query.send_signal(signal.SIGINT)
        _, err = query.communicate(timeout=60)
    finally:
        query.kill()
    assert query.returncode == 130
    assert one_line(err) == "accord: query interrupted"


@pytest.mark.parametrize("sql", [
    "SELECT content FROM read_text('/etc/passwd')",
    "SELECT * FROM glob('/root/**')",
    "SELECT * FROM read_csv('https://example.invalid/data.csv')",
    "SET enable_external_access = true",
    "SELECT * FROM read_parquet('{outside}')",
])
def test_query_reads_only_the_warehouse(seed_warehouse, tmp_path, sql):
    outside = tmp_path / "outside.parquet"
    duckdb.sql(f"COPY (SELECT 1 AS x) TO '{outside}' (FORMAT parquet)")
    out = accord("query", sql.format(outside=outside), "--warehouse", str(seed_warehouse))
    assert out.returncode == 1
    assert "root:" not in out.stdout
    assert "Permission Error" in out.stderr or "read-only" in out.stderr, out.stderr


@pytest.mark.parametrize("sql", ["SELECT * FROM tpch_queries()", "SELECT * FROM sqlite_scan('x.db', 't')", "SELECT * FROM read_xlsx('x.xlsx')"])
def test_query_fetches_and_loads_no_extension(seed_warehouse, sql):
    out = accord("query", sql, "--warehouse", str(seed_warehouse))
    assert out.returncode == 1
    assert "Catalog Error" in out.stderr and "automatically" not in out.stderr, out.stderr


def test_query_unsafe_opts_out(seed_warehouse):
    out = accord("query", "SELECT count(*) AS n FROM read_text('/etc/hostname')", "--unsafe", "--warehouse", str(seed_warehouse))
    assert out.returncode == 0 and "1" in out.stdout


def test_query_reads_every_view_in_safe_mode(seed_warehouse):
    con = store.connect_read_only(seed_warehouse, safe=True)
    try:
        views = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()]
        assert set(store.TABLES) <= set(views)
        for view in views:
            con.execute(f'SELECT count(*) FROM "{view}"').fetchone()
    finally:
        con.close()


# --- make clean -------------------------------------------------------------------------------------

def test_make_clean_removes_the_warehouse_and_nothing_else(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    warehouse = tmp_path / "warehouse"
    with store.lock(warehouse):
        for _ in range(2):
            _published(warehouse)
    code = {"store.py": "# storage code\n", "views.sql": "-- views\n"}
    for name, text in code.items():  # a clone's warehouse/ folder holds the storage code beside the output
        (warehouse / name).write_text(text)
    (warehouse / "__pycache__").mkdir()
    (warehouse / "__pycache__" / "store.cpython-311.pyc").write_bytes(b"compiled")
    outside = tmp_path / "notes"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    out = subprocess.run(["make", "clean", "VENV=no-venv-here"], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert sorted(p.name for p in warehouse.iterdir()) == ["__pycache__", "store.py", "views.sql"]
    assert all((warehouse / name).read_text() == text for name, text in code.items())
    assert (outside / "keep.txt").read_text() == "mine" and (warehouse / "__pycache__" / "store.cpython-311.pyc").exists()


# --- long-lived readers and a tampered database -----------------------------------------------------

def _build_with_rows(warehouse: Path, n: int) -> Path:
    """A build whose documents table has n rows, in a Parquet file of its own."""
    from warehouse.schemas import TABLES

    import datetime as dt

    import pyarrow as pa

    def value(field: pa.Field, i: int):
        t = field.type
        if field.nullable:
            return None
        return (f"{field.name}-{i}" if pa.types.is_string(t) else 0 if pa.types.is_integer(t) else 0.0 if pa.types.is_floating(t)
                else False if pa.types.is_boolean(t) else dt.date(2024, 1, 1) if pa.types.is_date(t) else dt.datetime(2024, 1, 1))

    build = store.new_build(warehouse)
    rows = [{f.name: value(f, i) for f in TABLES["documents"]} for i in range(n)]
    store.write_part(build, "documents", "part", store.to_arrow("documents", rows))
    store.build_database(build)
    return build


def test_a_connection_kept_open_across_publishes_still_reads(tmp_path, monkeypatch):
    monkeypatch.delenv("ACCORD_KEEP_BUILDS_HOURS", raising=False)  # the default: a day
    with store.lock(tmp_path):
        store.publish(_build_with_rows(tmp_path, 1), tmp_path)
        pool = duckdb.connect(str(tmp_path / store.DB_NAME), read_only=True)  # as a BI tool's pool keeps one
        for n in (2, 3, 4):
            store.publish(_build_with_rows(tmp_path, n), tmp_path)
            assert pool.execute("SELECT count(*) FROM documents").fetchone()[0] == 1
        pool.close()
        assert len([b for b in (tmp_path / store.BUILDS).iterdir() if b.name != store.CURRENT]) == 4


def test_builds_retired_longer_ago_than_the_retention_are_deleted(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_KEEP_BUILDS_HOURS", "2")
    with store.lock(tmp_path):
        first = _build_with_rows(tmp_path, 1)
        store.publish(first, tmp_path)
        second = _build_with_rows(tmp_path, 2)
        store.publish(second, tmp_path)
        third = _build_with_rows(tmp_path, 3)
        store.publish(third, tmp_path)
        assert first.exists()  # retired a moment ago
        three_hours_ago = time.time() - 3 * 3600
        os.utime(first / store.RETIRED, (three_hours_ago, three_hours_ago))
        failed = _build_with_rows(tmp_path, 5)  # never published: nobody can be reading it
        store.publish(_build_with_rows(tmp_path, 4), tmp_path)
    assert not first.exists() and not failed.exists() and second.exists() and third.exists()


def test_a_database_changed_by_another_client_is_rebuilt_by_the_next_run(tmp_path):
    from flows.etl import run_pipeline

    docs, warehouse = copy_seeds(tmp_path / "docs", 2), tmp_path / "warehouse"
    run_pipeline(docs_dir=docs, warehouse_dir=warehouse)
    con = duckdb.connect(str(warehouse / store.DB_NAME))  # read-write, as any client may
    con.execute("DROP VIEW funding")
    con.close()
    again = run_pipeline(docs_dir=docs, warehouse_dir=warehouse)
    assert again.published and again.documents_extracted == 0 and again.documents_reused == 2
    con = store.connect_read_only(warehouse)
    try:
        assert con.execute("SELECT count(*) FROM funding").fetchone()[0] >= 0
    finally:
        con.close()
    assert run_pipeline(docs_dir=docs, warehouse_dir=warehouse).published is False  # intact again: nothing to do


# --- a warehouse that can be moved ------------------------------------------------------------------

MOVED_READER = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    views = [r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()]
    for view in views:
        con.execute(f'SELECT count(*) FROM "{view}"').fetchone()
    print(len(views), con.execute("SELECT count(*) FROM documents").fetchone()[0])
""")


def test_a_moved_warehouse_opens_from_any_duckdb_client(tmp_path):
    from flows.etl import run_pipeline

    docs, built = copy_seeds(tmp_path / "docs", 2), tmp_path / "built" / "warehouse"
    run_pipeline(docs_dir=docs, warehouse_dir=built)
    moved = tmp_path / "mounted" / "elsewhere"
    moved.parent.mkdir()
    built.rename(moved)
    elsewhere = tmp_path / "another-cwd"
    elsewhere.mkdir()
    build = store.published_build(moved)
    for db in (moved / store.DB_NAME, build / store.DB_NAME, Path(os.path.relpath(moved / store.DB_NAME, elsewhere))):
        out = subprocess.run([sys.executable, "-c", MOVED_READER, str(db)], cwd=elsewhere, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        n_views, n_documents = map(int, out.stdout.split())
        assert n_views > len(store.TABLES) and n_documents == 2
    out = accord("query", "SELECT count(*) AS n FROM figures", "--warehouse", str(moved))  # safe mode too
    assert out.returncode == 0, out.stderr


# --- one source for the run defaults ----------------------------------------------------------------

# prefect.yaml's daily deployment runs batches in Dask worker processes (its comment says why).
DEPLOYMENT_OVERRIDES = {"workers"}
OPTION_OF = {"docs_dir": "docs", "warehouse_dir": "warehouse", "batch_size": "batch_size", "max_bytes": "max_bytes",
             "max_batches": "max_batches", "hash_batch_size": "hash_batch_size", "workers": "workers",
             "full_refresh": "full_refresh", "partition_by_year": "partition_by_year", "dask_address": "dask_address"}


def test_the_run_defaults_live_in_one_place(monkeypatch):
    import inspect

    from flows import defaults
    from flows.cli import build_parser
    from flows.deploy import read_deployment
    from flows.etl import run_pipeline

    flow_defaults = {name: p.default for name, p in inspect.signature(run_pipeline.fn).parameters.items() if name in OPTION_OF}
    assert flow_defaults == {name: getattr(defaults, name.upper()) for name in OPTION_OF}
    monkeypatch.setattr(defaults, "BATCH_SIZE", 7)
    monkeypatch.setattr(defaults, "MAX_BYTES", 1234)
    options = build_parser().parse_args(["run"])
    assert (options.batch_size, options.max_bytes) == (7, 1234)  # read from the module, not retyped
    monkeypatch.undo()
    options = build_parser().parse_args(["run"])
    assert {name: getattr(options, option) for name, option in OPTION_OF.items()} == flow_defaults
    deployed = read_deployment(ROOT / "prefect.yaml", "daily")["parameters"]
    for name, value in deployed.items():
        if name in flow_defaults and name not in DEPLOYMENT_OVERRIDES:
            assert str(value) == str(flow_defaults[name]), name
