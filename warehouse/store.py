"""All storage in one place: Parquet parts written with the pyarrow schemas, a build folder per run,
DuckDB views over the files, and an atomic publish so readers see the previous build or the new one.

Layout of a warehouse folder OUT:
    OUT/.builds/<build_id>/<table>/*.parquet   every build's files
    OUT/.builds/<build_id>/analytics.duckdb    its database (views over those files, by absolute path)
    OUT/.builds/current -> <build_id>          the published build: renaming this one link publishes
    OUT/<table> -> .builds/current/<table>     fixed links, through `current`
    OUT/analytics.duckdb -> .builds/current/analytics.duckdb
"""
from __future__ import annotations

import datetime as dt
import fcntl
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
VIEWS_SQL = Path(__file__).with_name("views.sql")


class WarehouseBusy(RuntimeError):
    pass


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows as a pyarrow table with the table's schema: columns derived from it, never retyped."""
    schema = TABLES.get(table) or INTERNAL_TABLES[table]
    return pa.Table.from_pylist([{name: r.get(name) for name in schema.names} for r in rows], schema=schema)


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


def create_views(con: duckdb.DuckDBPyConnection, build: Path, files: dict[str, list[Path]] | None = None) -> None:
    """Contract tables as views over the build's Parquet files (or only over `files`, by table: a table
    without files is empty), then the analyst views, then comments."""
    for table in sorted(TABLES, key=lambda t: t in RESOLVED_COLUMNS):  # resolution_links before the views joining it
        if files is None:
            source = f"read_parquet({table_glob(build, table)}, union_by_name = true, hive_partitioning = true)"
        elif files.get(table):
            source = "read_parquet([" + ", ".join(_sql_literal(str(p.resolve())) for p in files[table]) + "], union_by_name = true, hive_partitioning = true)"
        else:
            con.register(f"empty_{table}", TABLES[table].empty_table())
            source = f"empty_{table}"
        con.execute(f"CREATE OR REPLACE VIEW {table} AS {_with_resolution(table, source)}")
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
    try:
        create_views(con, build)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


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
    collect_garbage(warehouse, keep={build, previous})


def _point(link: Path, target: Path) -> None:
    """Make `link` a symlink to `target` atomically: a new link renamed over the old one."""
    tmp = link.with_name(f".{link.name}.tmp-{uuid.uuid4().hex[:8]}")
    tmp.symlink_to(target)
    os.replace(tmp, link)


def _point_fixed_link(link: Path, target: Path) -> None:
    if link.is_symlink() and Path(os.readlink(link)) == target:
        return
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)  # a table folder from before the warehouse used links
    _point(link, target)


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


def collect_garbage(warehouse: Path, keep: set[Path | None]) -> None:
    """Delete every build but the published one and `keep` (the one before it: a reader may still be
    querying it), with the unfinished builds and temporary links of killed runs. Run under the lock only."""
    published = published_build(warehouse)
    keep_names = {b.name for b in (*keep, published) if b is not None}
    for entry in (warehouse / BUILDS).iterdir():
        if entry.name == CURRENT or entry.name in keep_names:
            continue
        if entry.is_symlink() or entry.is_file():
            entry.unlink()
        else:
            shutil.rmtree(entry, ignore_errors=True)
    for entry in warehouse.iterdir():
        if _LEFTOVER.match(entry.name):
            entry.unlink()


@contextmanager
def lock(warehouse: Path, wait: bool = False):
    """One writer at a time: a second run on the same warehouse refuses (or waits) instead of interleaving.
    The kernel drops the lock when its process dies, so a killed run never leaves the warehouse locked."""
    warehouse.mkdir(parents=True, exist_ok=True)
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
        yield


def connect_read_only(warehouse_or_db: Path) -> duckdb.DuckDBPyConnection:
    path = warehouse_or_db / DB_NAME if warehouse_or_db.is_dir() else warehouse_or_db
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `accord run` first")
    return duckdb.connect(str(path), read_only=True)


# What `accord query` runs. A read-only database still lets COPY ... TO, EXPORT DATABASE and
# EXPLAIN ANALYZE (which runs its statement) write files, into the warehouse's table folders too.
_READ_ONLY_TYPES = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
_EXPLAIN = re.compile(r"^\s*explain\s+(?:analy[sz]e\s+|\([^()]*\)\s*)?", re.IGNORECASE)


def execute_read_only(con: duckdb.DuckDBPyConnection, sql: str) -> duckdb.DuckDBPyConnection:
    """Run SQL that reads only: every statement is checked before any runs; duckdb.Error says why not."""
    for statement in con.extract_statements(sql):
        _check_reads_only(con, statement)
    return con.execute(sql)


def _check_reads_only(con: duckdb.DuckDBPyConnection, statement) -> None:
    if statement.type not in _READ_ONLY_TYPES:
        raise duckdb.PermissionException(f"the warehouse is read-only here: {statement.type.name} statements are not run (SELECT and EXPLAIN are)")
    if statement.type == duckdb.StatementType.EXPLAIN:
        for inner in con.extract_statements(_EXPLAIN.sub("", statement.query, count=1)):
            _check_reads_only(con, inner)
