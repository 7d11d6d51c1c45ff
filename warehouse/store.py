"""All storage in one place: Parquet parts written with the pyarrow schemas, a build folder per run,
DuckDB views over the files, and an atomic publish so readers see the previous build or the new one.

Layout of a warehouse folder OUT:
    OUT/.builds/<build_id>/<table>/*.parquet   every build's files
    OUT/.builds/<build_id>/analytics.duckdb    its database (views over those files, by absolute path)
    OUT/.builds/<build_id>/.resolution_inputs/ what resolution read of each document, for the next build (flows/resolution.py)
    OUT/.builds/current -> <build_id>          the published build: renaming this one link publishes
    OUT/<table> -> .builds/current/<table>     fixed links, through `current`
    OUT/analytics.duckdb -> .builds/current/analytics.duckdb
    OUT/.accord-warehouse                      the marker: this folder is accord's to write and delete in
    OUT/.lock                                  one writer at a time

accord writes and deletes only in a folder that is empty or holds its marker and nothing but the entries
above (see `claim`), so a mistyped --warehouse can never cost a user a file.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import os
import re
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.schemas import INTERNAL_TABLES, RESOLVED_COLUMNS, TABLES, doc

DB_NAME = "analytics.duckdb"
BUILDS = ".builds"
CURRENT = "current"
LOCK = ".lock"
RETIRED = ".retired"  # in a build that was published and no longer is: its mtime is when it stopped being
DB_CHECKSUM = DB_NAME + ".sha256"  # beside a build's database: what it was when built
# A connection (a BI tool's pool) keeps reading the build it opened: a build stays on disk this long after
# it stopped being published. ACCORD_KEEP_BUILDS_HOURS (or `accord run --keep-builds-hours`) changes it.
DEFAULT_KEEP_BUILDS = dt.timedelta(days=1)
MARKER = ".accord-warehouse"
# What the fetch stage keeps in the warehouse folder (flows/fetch.py): the raw WARC archive, and its pages
# laid out as files for the rest of the flow to read.
ARCHIVE, FETCH_STAGING = "archive", ".fetched"
MARKER_TEXT = (
    "This folder is an accord warehouse: `accord run` writes and deletes files here, and refuses to use a\n"
    "folder that holds anything it did not make. Keep nothing else in it.\n"
)
VIEWS_SQL = Path(__file__).with_name("views.sql")


class Refused(Exception):
    """A run that may not start: the reason is one line for the user."""


class WarehouseBusy(Refused, RuntimeError):
    pass


class NotAWarehouse(Refused, ValueError):
    pass


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows as a pyarrow table with the table's schema: columns derived from it, never retyped."""
    schema = TABLES.get(table) or INTERNAL_TABLES[table]
    # column by column: pa.Table.from_pylist would first build a dict per row (about 15% more CPU per batch)
    return pa.table([pa.array([r.get(f.name) for r in rows], f.type) for f in schema], schema=schema)


def new_build(warehouse: Path) -> Path:
    build = warehouse / BUILDS / f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    for table in TABLES:
        (build / table).mkdir(parents=True, exist_ok=True)
    return build


def write_part(build: Path, table: str, part: str, data: pa.Table, partition: str | None = None) -> Path:
    """Write one Parquet part (a batch of one table), in a Hive partition folder ('published_year=2024') if given."""
    folder = build / table / partition if partition else build / table
    folder.mkdir(parents=True, exist_ok=True)
    return write_file(folder / f"{part}.parquet", data)


def write_file(path: Path, data: pa.Table) -> Path:
    """Write-then-rename, so a killed run leaves no torn file."""
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(data, tmp, compression="zstd")
    os.replace(tmp, path)
    return path


def link_file(src: Path, dest: Path) -> None:
    """A part of an earlier build in a new one without copying: parts are never changed once written, so
    builds can share them, and deleting the old build leaves the new one's links whole."""
    try:
        os.link(src, dest)
    except OSError:  # a filesystem without hard links
        shutil.copyfile(src, dest)


def parts(build: Path, table: str) -> list[Path]:
    """A table's Parquet files in a build, in partition folders too."""
    return sorted((build / table).rglob("*.parquet"))


def replace_parts(build: Path, table: str, data: pa.Table) -> None:
    """One part in place of all of a table's parts, in a build that is not yet published."""
    old = parts(build, table)
    new = write_part(build, table, "merged", data)
    for f in old:
        if f != new:
            f.unlink()


def ensure_every_table_has_a_file(build: Path) -> None:
    for table, schema in TABLES.items():
        if not parts(build, table):
            write_part(build, table, "empty", schema.empty_table())


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def table_glob(build: Path, table: str) -> str:
    """SQL literal for a table's Parquet files in a build, by absolute path: a database keeps reading
    its own build however the links of the warehouse change later."""
    return _sql_literal(str((build / table).resolve() / "**" / "*.parquet"))


# The folder of the warehouse a database was opened in, so that a build's database names its files
# relative to it and the warehouse can be moved or mounted elsewhere and still opens from any DuckDB
# client. DuckDB has no function that gives a database's own path (and table functions take no subquery
# such as duckdb_databases()), but its default temp_directory is the opened path + '.tmp', made absolute:
# less `.builds/<id>` when the file was opened there, that is the warehouse folder. A client that sets
# temp_directory itself gets the folder the warehouse was built in, or file_search_path when it sets that
# to the warehouse folder (the README says so).
def _warehouse_folder_macro(built_in: Path) -> str:
    return f"""CREATE OR REPLACE MACRO warehouse_folder() AS CASE
        WHEN current_setting('file_search_path') <> '' THEN current_setting('file_search_path')
        WHEN regexp_matches(current_setting('temp_directory'), '[^/]\\.duckdb\\.tmp$')
            THEN coalesce(nullif(regexp_replace(current_setting('temp_directory'), '(/\\.builds/[^/]+)?/[^/]+\\.tmp$', ''), ''), '/')
        ELSE {_sql_literal(str(built_in))} END"""


def movable_glob(build: Path, table: str) -> str:
    """SQL for a table's Parquet files in a build, through warehouse_folder(): a database keeps reading its
    own build however the links of the warehouse change later, wherever the warehouse is."""
    return f"warehouse_folder() || {_sql_literal(f'/{BUILDS}/{build.name}/{table}/**/*.parquet')}"


def create_views(con: duckdb.DuckDBPyConnection, build: Path, files: dict[str, list[Path]] | None = None, movable: bool = False,
                 materialized: bool = False) -> None:
    """Contract tables as views over the build's Parquet files (or only over `files`, by table: a table
    without files is empty), then the analyst views, then comments. `movable`: the views name the files
    relative to the folder the database is opened in (for a build's own database, see warehouse_folder).
    `materialized`: the contract tables are read into tables of the connection instead (for a connection
    that queries them many times: the Parquet files are read, and resolution joined, once), but documents,
    whose texts are most of a chunk's bytes and are read by few queries, one or two columns at a time."""
    if movable:
        con.execute(_warehouse_folder_macro(build.resolve().parent.parent))
    for table in sorted(TABLES, key=lambda t: t in RESOLVED_COLUMNS):  # resolution_links before the views joining it
        if files is None:
            glob = movable_glob(build, table) if movable else table_glob(build, table)
            source = f"read_parquet({glob}, union_by_name = true, hive_partitioning = true)"
        elif files.get(table):
            source = "read_parquet([" + ", ".join(_sql_literal(str(p.resolve())) for p in files[table]) + "], union_by_name = true, hive_partitioning = true)"
        else:
            con.register(f"empty_{table}", TABLES[table].empty_table())
            source = f"empty_{table}"
        as_table = materialized and table != "documents"
        con.execute(f"CREATE OR REPLACE {'TABLE' if as_table else 'VIEW'} {table} AS {_with_resolution(table, source)}")
    if VIEWS_SQL.exists():
        con.execute(VIEWS_SQL.read_text())
    for table, schema in TABLES.items():
        for field in schema:
            if text := doc(field):
                con.execute(f"COMMENT ON COLUMN {table}.{field.name} IS {_sql_literal(text)}")


def _with_resolution(table: str, source: str) -> str:
    """A mention table's rows with the columns resolution gives them (schemas.RESOLVED_COLUMNS)."""
    if table not in RESOLVED_COLUMNS:
        return f"SELECT * FROM {source}"
    entity, key, columns = RESOLVED_COLUMNS[table]
    picked = ", ".join(f"r.{link} AS {name}" for name, link in columns.items())
    return (f"SELECT t.*, {picked} FROM {source} t LEFT JOIN resolution_links r "
            f"ON r.entity = {_sql_literal(entity)} AND r.mention_id = t.{key}")


def build_database(build: Path) -> Path:
    """The DuckDB file of a build, next to its Parquet folders."""
    ensure_every_table_has_a_file(build)
    path = build / DB_NAME
    if path.exists():
        path.unlink()
    con = duckdb.connect(str(path))
    con.execute("SET parquet_metadata_cache = true")  # every view binds the views below it, each reading the same parts' footers
    try:
        # Movable when the build is in a warehouse's .builds/ (a build folder elsewhere, as tests make: by absolute path).
        create_views(con, build, movable=build.resolve().parent.name == BUILDS)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    (build / DB_CHECKSUM).write_text(_sha256(path))
    return path


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def database_intact(build: Path) -> bool:
    """The build's database is the one accord built: no other client opened it read-write and changed it
    (dropped or replaced a view). A build from before checksums counts as intact."""
    recorded = build / DB_CHECKSUM
    if not recorded.exists():
        return True
    return (build / DB_NAME).exists() and _sha256(build / DB_NAME) == recorded.read_text().strip()


def publish(build: Path, warehouse: Path) -> None:
    """Make `build` the warehouse readers see, in one atomic step: the `current` link is renamed over.
    Every path readers use goes through that link, so none sees part of one build and part of another,
    and a run killed at any point leaves the previous build published and whole."""
    previous = published_build(warehouse)
    _sync_tree(build)  # on disk before it is published: a power cut, unlike kill -9, loses what is only in memory
    current = warehouse / BUILDS / CURRENT
    if not current.is_symlink():  # a new warehouse, or one written before the `current` link: no change for readers yet
        _point(current, Path((previous or build).name))
    for name in (*TABLES, DB_NAME):
        _point_fixed_link(warehouse / name, Path(BUILDS) / CURRENT / name)
    _point(current, Path(build.name))
    _fsync_dir(current.parent)
    if previous is not None and previous.resolve() != build.resolve():
        (previous / RETIRED).touch()  # from now on it is kept for readers that opened it, for keep_builds()
    collect_garbage(warehouse, keep={build, previous})


def _point(link: Path, target: Path) -> None:
    """Make `link` a symlink to `target` atomically: a new link renamed over the old one."""
    tmp = link.with_name(f".{link.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.symlink_to(target)
    os.replace(tmp, link)


def _point_fixed_link(link: Path, target: Path) -> None:
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    if link.is_dir() and not link.is_symlink():  # `claim` refuses such a folder; one made since is not ours
        raise NotAWarehouse(f"{link} is a folder accord did not make: move it out of the warehouse")
    _point(link, target)  # over a link of ours, or the database file an earlier version copied here


def _sync_tree(root: Path) -> None:
    for folder, _, files in os.walk(root):
        for name in files:
            fd = os.open(os.path.join(folder, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        _fsync_dir(Path(folder))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def published_build(warehouse: Path) -> Path | None:
    """The build readers see (in a warehouse written before the `current` link: the one its table links name)."""
    for link in (warehouse / BUILDS / CURRENT, warehouse / "documents"):
        if link.is_symlink() and link.exists():
            target = link.resolve()
            return target if link.name == CURRENT else target.parent
    return None


# Temporary links of a publish killed half-way (and, in warehouses written by earlier versions, of theirs).
_LEFTOVER = re.compile(r"^\..+\.(?:tmp-[0-9a-f]+|link-[0-9a-f]+|duckdb\.tmp)$")


def keep_builds() -> dt.timedelta:
    """How long a build stays on disk after it stopped being published."""
    hours = os.environ.get("ACCORD_KEEP_BUILDS_HOURS")
    return dt.timedelta(hours=float(hours)) if hours else DEFAULT_KEEP_BUILDS


def collect_garbage(warehouse: Path, keep: set[Path | None]) -> None:
    """Delete every build but the published one, `keep` (the one before it) and those that stopped being
    published less than keep_builds() ago (a connection may still read them), with the unfinished or
    failed builds and temporary links of killed runs. Run under the lock only."""
    published = published_build(warehouse)
    keep_names = {b.name for b in (*keep, published) if b is not None}
    oldest = dt.datetime.now().timestamp() - keep_builds().total_seconds()
    for entry in (warehouse / BUILDS).iterdir():
        if entry.name == CURRENT or entry.name in keep_names:
            continue
        retired = entry / RETIRED
        if not entry.is_symlink() and retired.exists() and retired.stat().st_mtime > oldest:
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink()
        else:
            shutil.rmtree(entry, ignore_errors=True)
    for entry in warehouse.iterdir():
        if _LEFTOVER.match(entry.name) and (entry.is_symlink() or entry.name.endswith(".duckdb.tmp")):
            entry.unlink()


# accord's own storage code lives in a folder named `warehouse`, which is also the default output folder
# of a clone (`make run`): there, the code's files are the only entries allowed besides a warehouse's.
_PACKAGE = Path(__file__).resolve().parent
_PACKAGE_ENTRY = re.compile(r"^(?:[a-z_]+\.(?:py|sql)|__pycache__)$")


def _foreign_entries(warehouse: Path) -> list[str]:
    """Names in the folder that accord did not make (a warehouse holds only the entries its docstring lists)."""
    ours = {MARKER, LOCK, BUILDS, ARCHIVE, FETCH_STAGING}
    links = {*TABLES, DB_NAME}
    foreign = []
    for entry in warehouse.iterdir():
        name = entry.name
        if name in ours or _LEFTOVER.match(name) and (entry.is_symlink() or name.endswith(".duckdb.tmp")):
            continue
        if name in links and entry.is_symlink() and os.readlink(entry).startswith(BUILDS + os.sep):
            continue
        if name == DB_NAME and entry.is_file() and not entry.is_symlink() and (warehouse / BUILDS).is_dir():
            continue  # the database an earlier version copied here, beside its builds
        if warehouse.resolve() == _PACKAGE and _PACKAGE_ENTRY.match(name):
            continue
        foreign.append(name)
    return sorted(foreign)


def _made_by_an_earlier_version(warehouse: Path) -> bool:
    """A warehouse from before the marker: its builds and the links into them, nothing else."""
    return (warehouse / BUILDS).is_dir() and any((warehouse / t).is_symlink() for t in TABLES)


def claim(warehouse: Path) -> None:
    """Make sure the folder is accord's to write in: a new or empty folder, or one with accord's marker (or
    from an earlier version) that holds nothing accord did not make. Writes the marker; NotAWarehouse otherwise."""
    if warehouse.exists() and not warehouse.is_dir():
        raise NotAWarehouse(f"the warehouse {warehouse} is a file, not a folder")
    if warehouse.is_dir():
        marked = (warehouse / MARKER).is_file()
        foreign = _foreign_entries(warehouse)
        if foreign or (not marked and (warehouse / BUILDS).exists() and not _made_by_an_earlier_version(warehouse)):
            shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
            raise NotAWarehouse(
                f"{warehouse} holds files accord did not make ({shown or BUILDS}): give --warehouse an empty or new folder"
                + (" (accord deletes in its warehouse, so it refuses a folder with anything else in it)" if not marked else "")
            )
        if marked:
            return
    warehouse.mkdir(parents=True, exist_ok=True)
    (warehouse / MARKER).write_text(MARKER_TEXT)


def check_apart(docs: Path, warehouse: Path) -> None:
    """The documents folder and the warehouse may not hold each other: a run would read its own output,
    or write and delete among its input."""
    d, w = docs.resolve(), warehouse.resolve()
    if d == w:
        raise NotAWarehouse(f"the documents folder and the warehouse are the same folder ({d}): give --warehouse a folder of its own")
    if w.is_relative_to(d):
        raise NotAWarehouse(f"the warehouse {w} is inside the documents folder {d}: give --warehouse a folder outside it")
    if d.is_relative_to(w):
        raise NotAWarehouse(f"the documents folder {d} is inside the warehouse {w}: give --warehouse a folder of its own")


_held: dict[Path, int] = {}  # warehouses locked with reentrant=True by this process, and how many times


@contextmanager
def lock(warehouse: Path, wait: bool = False, reentrant: bool = False):
    """Claim the folder (see `claim`), then one writer at a time: a second run on the same warehouse refuses
    (or waits) instead of interleaving. The kernel drops the lock when its process dies, so a killed run
    never leaves the warehouse locked. `reentrant`: this process may take it again while it holds it (the
    CLI takes it before Prefect starts, and the flow it runs takes it again)."""
    key = warehouse.resolve()
    if _held.get(key):
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    claim(warehouse)
    with open(warehouse / LOCK, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip()
            by = f" (process {holder})" if holder.isdigit() else ""
            raise WarehouseBusy(f"another accord run{by} is writing to {warehouse}; try again when it has finished") from None
        fh.truncate(0)
        fh.write(str(os.getpid()))
        fh.flush()
        if not reentrant:
            yield
            return
        _held[key] = 1
        try:
            yield
        finally:
            del _held[key]


# Extensions are never fetched or loaded on their own: a statement naming one (PRAGMA create_fts_index,
# tpch's dbgen, an https:// path) fails instead of downloading code.
NO_AUTOLOAD = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}


def connect_read_only(warehouse_or_db: Path, safe: bool = False) -> duckdb.DuckDBPyConnection:
    """A read-only connection; `safe`: it reads the warehouse's own files and nothing else (no other file,
    no URL, no extension), and the statements it runs cannot change that."""
    path = warehouse_or_db / DB_NAME if warehouse_or_db.is_dir() else warehouse_or_db
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `accord run` first")
    if safe:
        path = path.resolve()  # so that the files its views name (see warehouse_folder) are under `files` below
    con = duckdb.connect(str(path), read_only=True, config=NO_AUTOLOAD if safe else {})
    if safe:
        # A build's database sits in .builds/<id>/ and its views name files of that build and of earlier
        # ones (parts carried over are hard links, so their own build folder): all under .builds/.
        # DuckDB takes allowed_directories only once the database is open, so it cannot be in `config`.
        files = path.resolve().parent
        files = files.parent if files.parent.name == BUILDS else files
        con.execute("SET allowed_directories = [" + _sql_literal(str(files) + os.sep) + "]")
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    return con


# What `accord query` runs. A read-only database still lets COPY ... TO, EXPORT DATABASE and
# EXPLAIN ANALYZE (which runs its statement) write files, into the warehouse's table folders too.
_READ_ONLY_TYPES = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_EXPLAIN = re.compile(r"^\s*explain\s+(?:analy[sz]e\s+|\([^()]*\)\s*)?", re.IGNORECASE)


def execute_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
    """Run SQL that reads only: every statement is checked before any runs; duckdb.Error says why not
    (ValueError: there is no statement, only blanks, comments or semicolons)."""
    statements = con.extract_statements(sql)
    if not statements:
        raise ValueError("no SQL statement to run")
    for statement in statements:
        _check_reads_only(con, statement)
    return con.execute(sql)


def _check_reads_only(con: duckdb.DuckDBPyConnection, statement) -> None:
    if statement.type not in _READ_ONLY_TYPES:
        raise duckdb.PermissionException(f"the warehouse is read-only here: {statement.type.name} statements are not run (SELECT and EXPLAIN are)")
    if statement.type == duckdb.StatementType.EXPLAIN:
        for inner in con.extract_statements(_EXPLAIN.sub("", statement.query, count=1)):
            _check_reads_only(con, inner)
