"""The accord flow: list documents -> extract them in batches -> finalise tables -> check -> publish -> report.

The flow only wires tasks; what each step does lives in transforms/ (pure) and warehouse/ (storage).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from prefect import flow, get_run_logger, task, unmapped

from flows import batches as batching
from warehouse import store
from warehouse.checks import ChecksFailed, run_checks

DOCUMENT_SUFFIXES = (".txt", ".md", ".text")


@dataclass
class BatchResult:
    rows: dict[str, int] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)


@dataclass
class RunSummary:
    warehouse: Path
    documents_seen: int
    rows: dict[str, int]
    rejected: list[dict]
    checks_run: int

    @property
    def exit_code(self) -> int:
        """0 when every file loaded; 3 when some were rejected (the run still published the rest)."""
        return 3 if self.rejected else 0


@task(name="list_documents")
def list_documents(docs_dir: Path) -> list[Path]:
    if not docs_dir.is_dir():
        raise FileNotFoundError(f"documents folder not found: {docs_dir}")
    return sorted(p for p in docs_dir.rglob("*") if p.is_file() and not p.name.startswith(".") and "reference" not in p.relative_to(docs_dir).parts)


@task(name="start_build", retries=1)
def start_build(warehouse: Path) -> Path:
    return store.new_build(warehouse)


@task(name="extract_batch", retries=1)
def extract_batch(paths: list[Path], docs_dir: Path, build: Path, batch_no: int, today: dt.date, max_bytes: int) -> BatchResult:
    """Read, normalise and extract one batch of documents and write its Parquet parts."""
    tables, rejected = batching.extract_files(paths, docs_dir, today=today, max_bytes=max_bytes)
    for table, rows in tables.items():
        if rows:
            store.write_part(build, table, f"batch-{batch_no:06d}", store.to_arrow(table, rows))
    return BatchResult({t: len(r) for t, r in tables.items()}, rejected)


@task(name="finalise_tables")
def finalise_tables(build: Path, rejected: list[dict]) -> dict[str, int]:
    """Deduplicate cross-document tables (one row per organization, per document) and build the database."""
    batching.deduplicate(build)
    if rejected:
        store.write_part(build, "rejected_documents", "rejected", store.to_arrow("rejected_documents", rejected))
    db = store.build_database(build)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in store.TABLES}
    finally:
        con.close()


@task(name="check_tables")
def check_tables(build: Path) -> int:
    con = duckdb.connect(str(build / store.DB_NAME), read_only=True)
    try:
        failures = run_checks(con)
    finally:
        con.close()
    if failures:
        raise ChecksFailed(failures)
    from warehouse.checks import contract_checks

    return len(contract_checks())


@task(name="publish_build", retries=1)
def publish_build(build: Path, warehouse: Path) -> None:
    store.publish(build, warehouse)


@flow(name="accord-etl", log_prints=True)
def run_pipeline(
    docs_dir: Path = Path("seeds"),
    warehouse_dir: Path = Path("warehouse"),
    batch_size: int = 200,
    max_bytes: int = 20_000_000,
    today: dt.date | None = None,
) -> RunSummary:
    """Turn every document under docs_dir into the warehouse at warehouse_dir."""
    logger = get_run_logger()
    docs_dir, warehouse_dir = Path(docs_dir).resolve(), Path(warehouse_dir).resolve()
    today = today or dt.date.today()
    with store.lock(warehouse_dir):
        paths = list_documents(docs_dir)
        logger.info("%d files under %s, batches of %d", len(paths), docs_dir, batch_size)
        build = start_build(warehouse_dir)
        groups = batching.chunk(paths, batch_size)
        results = extract_batch.map(groups, unmapped(docs_dir), unmapped(build), range(len(groups)), unmapped(today), unmapped(max_bytes)).result()
        rejected = [r for res in results for r in res.rejected]
        for r in rejected:
            logger.warning("rejected %s: %s", r["source_path"], r["reason"])
        rows = finalise_tables(build, rejected)
        n_checks = check_tables(build)
        publish_build(build, warehouse_dir)
    return RunSummary(warehouse_dir, len(paths), rows, rejected, n_checks)
