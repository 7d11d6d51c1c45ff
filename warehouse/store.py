"""All storage in one place: Parquet parts written with the pyarrow schemas, a build folder per run,
DuckDB views over the files, and an atomic publish so readers see the previous build or the new one.

Layout of a warehouse folder OUT:
    OUT/.builds/<build_id>/<table>/*.parquet   every build's files
    OUT/.builds/<build_id>/analytics.duckdb    its database (views over those files)
    OUT/<table> -> .builds/<build_id>/<table>  symlinks to the published build
    OUT/analytics.duckdb                       the published database (os.replace, atomic)
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from warehouse.schemas import TABLES, doc

DB_NAME = "analytics.duckdb"
BUILDS = ".builds"
VIEWS_SQL = Path(__file__).with_name("views.sql")
KEEP_BUILDS = 2  # the published build and the one before it (a reader may still hold it open)


class WarehouseBusy(RuntimeError):
    pass


def to_arrow(table: str, rows: list[dict]) -> pa.Table:
    """Rows as a pyarrow table with the table's schema: columns derived from it, never retyped."""
    schema = TABLES[table]
    return pa.Table.from_pylist([{name: r.get(name) for name in schema.names} for r in rows], schema=schema)


def new_build(warehouse: Path) -> Path:
    build = warehouse / BUILDS / f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    for table in TABLES:
        (build / table).mkdir(parents=True, exist_ok=True)
    return build


def write_part(build: Path, table: str, part: str, data: pa.Table) -> Path:
    """Write one Parquet part (a batch of one table); write-then-rename so a killed run leaves no torn file."""
    path = build / table / f"{part}.parquet"
    tmp = path.with_suffix(".parquet.tmp")
    pq.write_table(data, tmp, compression="zstd")
    os.replace(tmp, path)
    return path


def parts(build: Path, table: str) -> list[Path]:
    return sorted((build / table).glob("*.parquet"))


def ensure_every_table_has_a_file(build: Path) -> None:
    for table, schema in TABLES.items():
        if not parts(build, table):
            write_part(build, table, "empty", schema.empty_table())


def _sql_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _glob(build: Path, table: str) -> str:
    return _sql_literal(str((build / table).resolve() / "*.parquet"))


def create_views(con: duckdb.DuckDBPyConnection, build: Path) -> None:
    """Contract tables as views over the build's Parquet files, then the analyst views, then comments."""
    for table in TABLES:
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet({_glob(build, table)}, union_by_name = true)")
    if VIEWS_SQL.exists():
        con.execute(VIEWS_SQL.read_text())
    for table, schema in TABLES.items():
        for field in schema:
            if text := doc(field):
                con.execute(f"COMMENT ON COLUMN {table}.{field.name} IS {_sql_literal(text)}")


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
    """Make `build` the warehouse readers see: swap table symlinks, then the database file, each atomically."""
    for table in TABLES:
        link = warehouse / table
        tmp = warehouse / f".{table}.link-{uuid.uuid4().hex[:6]}"
        tmp.symlink_to(Path(BUILDS) / build.name / table, target_is_directory=True)
        if link.exists() and not link.is_symlink():
            shutil.rmtree(link)
        os.replace(tmp, link)
    db_tmp = warehouse / f".{DB_NAME}.tmp"
    shutil.copyfile(build / DB_NAME, db_tmp)
    os.replace(db_tmp, warehouse / DB_NAME)
    collect_garbage(warehouse, keep=build)


def published_build(warehouse: Path) -> Path | None:
    link = warehouse / "documents"
    if link.is_symlink():
        return (warehouse / os.readlink(link)).parent.resolve()
    return None


def collect_garbage(warehouse: Path, keep: Path) -> None:
    """Drop builds older than the last KEEP_BUILDS, and unfinished ones left by killed runs."""
    builds = sorted(p for p in (warehouse / BUILDS).iterdir() if p.is_dir())
    finished = [b for b in builds if (b / DB_NAME).exists()]
    keep_set = {keep.resolve(), *[b.resolve() for b in finished[-KEEP_BUILDS:]]}
    for b in builds:
        if b.resolve() not in keep_set:
            shutil.rmtree(b, ignore_errors=True)


@contextmanager
def lock(warehouse: Path, wait: bool = False):
    """One writer at a time: a second run on the same warehouse refuses (or waits) instead of interleaving."""
    warehouse.mkdir(parents=True, exist_ok=True)
    fh = open(warehouse / ".lock", "w")
    try:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise WarehouseBusy(f"another accord run is writing to {warehouse}; try again when it has finished") from None
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        fh.close()


def connect_read_only(warehouse_or_db: Path) -> duckdb.DuckDBPyConnection:
    path = warehouse_or_db / DB_NAME if warehouse_or_db.is_dir() else warehouse_or_db
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {path}: run `accord run` first")
    return duckdb.connect(str(path), read_only=True)
