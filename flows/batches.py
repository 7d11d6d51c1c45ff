"""The work inside one batch task: read files, normalise, extract; and the cross-batch merge after them."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import queue
import shutil
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from flows.extract_worker import BudgetExceeded, ExtractionProcessDied, ExtractionWorker, TimeBudget, stopping
from flows.incremental import Hashed
from transforms import fx
from transforms.text import UnreadableDocument

if TYPE_CHECKING:
    from transforms.formats import ParsedDocument

# The extractors (transforms.extract, .dates, .formats) are imported where a file is read or extracted, not
# here: this module runs in the flow process and the Dask workers too, which only plan, list and write, and
# the extractors' vocabularies and libraries cost each of those processes about 20 MB it never used.
from warehouse import store


# Per-document tables that a warehouse partitioned by year splits into published_year=YYYY folders.
YEAR_PARTITIONED = ("documents", "figures", "agreements", "agreement_parties", "organization_mentions", "people")
NO_YEAR = "__HIVE_DEFAULT_PARTITION__"  # the folder DuckDB reads as a NULL partition value


def chunk(items: list, size: int) -> list[list]:
    size = max(1, int(size))
    return [items[i:i + size] for i in range(0, len(items), size)]


def batch_size_for(n_items: int, batch_size: int, max_batches: int) -> int:
    """batch_size, or larger where that would make more than max_batches tasks: each task run costs the
    orchestrator time, so a million documents still make a few hundred tasks."""
    return max(1, batch_size, -(-n_items // max(1, max_batches)))


class Stopwatch:
    """Seconds spent per stage, summed over calls: where a batch's time went, for the run summary."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - start


def list_files(docs_dir: Path, follow_links: bool = False) -> tuple[list[Path], list[tuple[str, str]]]:
    """Every file under docs_dir to read, in path order, and every path skipped with the reason why
    (source_path, reason): a folder that cannot be listed, a FIFO, socket or device, a link that leaves
    the documents folder (unless follow_links) or to a folder (followed only with follow_links). Hidden
    names (.git, .DS_Store) are not documents, nor is the folder accord reads its reference lists from
    (seeds/reference, found by identity, not by name: a folder the user calls 'reference' is read).
    Never opens a file (a FIFO would block), never raises for one path."""
    root = Path(os.path.realpath(docs_dir))
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []
    seen_dirs = {_dir_identity(root)}
    rel = lambda p: display_path(p.relative_to(docs_dir))
    stack = [docs_dir]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            skipped.append((rel(folder), f"folder cannot be listed: {e.strerror or e}"))
            continue
        subfolders = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            reason, is_dir = _listing_verdict(path, entry, root, follow_links)
            if reason:
                skipped.append((rel(path), reason))
            elif is_dir:
                identity = _dir_identity(path)
                if identity in seen_dirs:  # a followed link back to a folder already listed: a loop or a copy
                    skipped.append((rel(path), "link to a folder already read (a loop or a second path to it)"))
                elif identity != _REFERENCE_DATA:
                    seen_dirs.add(identity)
                    subfolders.append(path)
            else:
                files.append(path)
        stack.extend(reversed(subfolders))
    return sorted(files), sorted(skipped)


def _dir_identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


# accord's own lists (transforms.organizations.REFERENCE_DIR), not documents
_REFERENCE_DATA = _dir_identity(Path(__file__).resolve().parent.parent / "seeds" / "reference")
_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device"}


def _listing_verdict(path: Path, entry: os.DirEntry, root: Path, follow_links: bool) -> tuple[str | None, bool]:
    """(why the path is skipped, or None; whether it is a folder to descend into)."""
    try:
        is_link = entry.is_symlink()
        if is_link:
            target = Path(os.path.realpath(path))
            if not os.path.lexists(target) or not target.exists():
                return None, False  # a broken link is read, and rejected with the reason reading gives
            if not follow_links and not target.is_relative_to(root):
                return f"link to {display_path(target)}, outside the documents folder (--follow-links reads it)", False
        st = os.stat(path)  # follows the link
    except OSError as e:
        return f"cannot read file: {e.strerror or e}", False
    if stat.S_ISDIR(st.st_mode):
        if is_link and not follow_links:
            return "link to a folder: not followed (--follow-links reads it)", False
        return None, True
    if not stat.S_ISREG(st.st_mode):
        kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
        return f"not a regular file ({kind}{', through a link' if is_link else ''})", False
    return None, False


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """A file's bytes, or UnreadableDocument saying why not (too large, no permission, gone, not a
    regular file). Opened without blocking, so a FIFO put where a file was listed cannot stall a run."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with open(fd, "rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode):
                raise UnreadableDocument(f"not a regular file ({_KINDS.get(stat.S_IFMT(st.st_mode), 'a folder' if stat.S_ISDIR(st.st_mode) else 'unknown kind')})")
            size = st.st_size
            if size > max_bytes:
                raise UnreadableDocument(f"file is {size:,} bytes, over the limit of {max_bytes:,}")
            data = fh.read(max_bytes + 1)  # a file that grows while it is read is held to the limit too
    except PermissionError:
        raise UnreadableDocument("permission denied") from None
    except OSError as e:
        raise UnreadableDocument(f"cannot read file: {e.strerror or e}") from None
    if len(data) > max_bytes:
        raise UnreadableDocument(f"file is over the limit of {max_bytes:,} bytes")
    return data


def read_document(path: Path, max_bytes: int) -> ParsedDocument:
    """A file's normalised text and metadata, or UnreadableDocument saying why not."""
    from transforms.formats import parse_document, parser_for

    parser_for(path.suffix)  # an unsupported type is rejected before a byte of it is read
    return parse_document(read_bytes(path, max_bytes), path.suffix, max_chars=max_bytes)


def display_path(path: Path | str) -> str:
    """A path as text for the tables and messages: name bytes that are not UTF-8 (files from other
    systems) become \\xNN escapes, which Parquet can store and two different names never share."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def rejection(source_path: str, reason: str, when: dt.datetime) -> dict:
    return {"source_name": source_path.rsplit("/", 1)[-1], "source_path": source_path, "reason": reason, "rejected_at": when}


def extract_files(
    paths: list[Path], docs_dir: Path, today: dt.date, max_bytes: int,
    first_ingested: Mapping[str, dt.datetime] | None = None, clock: Stopwatch | None = None,
    extractor: Callable | None = None, planned: Mapping[Path, str] | None = None,
) -> tuple[dict[str, list[dict]], list[dict]]:
    """Rows for every table from a batch of files, and the files that could not be read. Which file of
    several with the same text is loaded was decided by the plan (incremental.plan_run), the one place
    copies are resolved: a file whose text is no longer the one planned for it (`planned`: path -> doc_id)
    is rejected. A text an earlier build loaded keeps its ingested_at from `first_ingested`; organizations
    are kept per document (document_organizations) so that a later run can merge them again without the
    documents it drops. In this process, with no time budget: see extract_files_within_budget for the run's way."""
    clock = clock or Stopwatch()
    out = BatchRows(provenance=_provenance(docs_dir))
    now = dt.datetime.now(dt.timezone.utc)
    for path in paths:
        out.add(extract_file(path, docs_dir, today, max_bytes, first_ingested or {}, (planned or {}).get(path), now, clock=clock, extractor=extractor))
    return out.tables, out.rejected


EXTRACTOR = "transforms.extract:extract_document"  # what the extraction process runs, as module:function
# Extraction processes, kept across batches and shared by the threads that extract: at most one per core
# (threads of one process share a core; these processes do not), however many batches run at once.
_IDLE_WORKERS: queue.LifoQueue = queue.LifoQueue()
_WORKER_SLOTS = threading.BoundedSemaphore(os.cpu_count() or 1)


@contextmanager
def _extraction_worker():
    while not _WORKER_SLOTS.acquire(timeout=0.5):
        if stopping():
            raise RuntimeError("extraction stopped: the run is ending")
    try:
        worker = _IDLE_WORKERS.get_nowait()
    except queue.Empty:
        worker = ExtractionWorker(EXTRACTOR)
    if worker.extractor != EXTRACTOR:  # a test swapped the extractor
        worker.stop()
        worker = ExtractionWorker(EXTRACTOR)
    try:
        yield worker
    finally:
        _IDLE_WORKERS.put(worker)
        _WORKER_SLOTS.release()


def extract_files_within_budget(
    paths: list[Path], docs_dir: Path, today: dt.date, max_bytes: int, budget: TimeBudget,
    first_ingested: Mapping[str, dt.datetime] | None = None, clock: Stopwatch | None = None, planned: Mapping[Path, str] | None = None,
    spooled: Mapping[Path, tuple[Path, int, int]] | None = None,
) -> tuple[dict[str, list[dict]], list[dict]]:
    """extract_files, each file read and extracted in an extraction process within its time budget: a
    file over it is rejected (`extraction exceeded its time budget`), the process killed, and the batch
    goes on in a new one. Long-lived processes shared by the batches, not one per file. A file whose text
    planning left in the spool (`spooled`) is taken from there, not read and parsed again."""
    with _extraction_worker() as worker:
        return _extract_within_budget(worker, paths, docs_dir, today, max_bytes, budget, first_ingested or {}, clock or Stopwatch(), planned or {}, spooled or {})


def answers_within_budget(worker: ExtractionWorker, requests: list[tuple], seconds: list[float]) -> Iterator[object]:
    """The answer to each request, in order, or the BudgetExceeded or ExtractionProcessDied that stopped it.
    The requests go to the process in one message, so that it works through them without a round trip per
    file; when it is killed over one, the rest go to a new process."""
    answered = 0
    try:
        while answered < len(requests):
            worker.send(requests[answered:])
            while answered < len(requests):
                try:
                    answer = worker.answer(seconds[answered])
                except (BudgetExceeded, ExtractionProcessDied) as e:
                    answer = e  # the process is gone: the rest go to a new one
                answered += 1
                yield answer
                if isinstance(answer, Exception):
                    break
    finally:
        if answered < len(requests):
            worker.stop()  # answers still on their way would be taken for the next batch's


def _extract_within_budget(
    worker: ExtractionWorker, paths: list[Path], docs_dir: Path, today: dt.date, max_bytes: int, budget: TimeBudget,
    first_ingested: Mapping[str, dt.datetime], clock: Stopwatch, planned: Mapping[Path, str], spooled: Mapping[Path, tuple[Path, int, int]],
) -> tuple[dict[str, list[dict]], list[dict]]:
    out = BatchRows(provenance=_provenance(docs_dir))
    now = dt.datetime.now(dt.timezone.utc)
    rates = fx.rates_file_in_use()  # the extraction process converts amounts with the run's ECB file too
    requests = []
    for path in paths:
        doc_id = planned.get(path)
        ingested = {doc_id: first_ingested[doc_id]} if doc_id in first_ingested else {}  # only this file's: not the batch's per file
        requests.append(("extract", rates, path, docs_dir, today, max_bytes, ingested, doc_id, now, spooled.get(path)))
    sizes = [_size(path) for path in paths]
    for path, size, answer in zip(paths, sizes, answers_within_budget(worker, requests, [budget.seconds(n) for n in sizes])):
        if isinstance(answer, BudgetExceeded):
            reason = f"extraction exceeded its time budget ({budget.seconds(size):,.1f} s for {size / 1024:,.1f} KB)"
            rows, spent = FileRows(rejected=rejection(display_path(path.relative_to(docs_dir)), reason, now)), {"extract": budget.seconds(size)}
        elif isinstance(answer, ExtractionProcessDied):
            rows, spent = FileRows(rejected=rejection(display_path(path.relative_to(docs_dir)), f"extraction failed: {answer}", now)), {}
        else:
            rows, spent = answer
        out.add(rows)
        for stage, t in spent.items():
            clock.seconds[stage] = clock.seconds.get(stage, 0.0) + t
    return out.tables, out.rejected


@dataclass
class FileRows:
    """What one file gave: its rows per table, or why it was rejected."""
    tables: dict[str, list[dict]] = field(default_factory=dict)
    rejected: dict | None = None


def _provenance(docs_dir: Path) -> dict[str, dict]:
    from flows.fetch import provenance_of  # here: only a folder the fetch stage laid out has one

    return provenance_of(docs_dir)


@dataclass
class BatchRows:
    tables: dict[str, list[dict]] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)
    provenance: dict[str, dict] = field(default_factory=dict)  # source, source_url, fetched_at of fetched pages, by source_path

    def add(self, rows: FileRows) -> None:
        for document in rows.tables.get("documents", []):
            document.update(self.provenance.get(document["source_path"], {}))
        for table, r in rows.tables.items():
            self.tables.setdefault(table, []).extend(r)
        if rows.rejected:
            self.rejected.append(rows.rejected)


def extract_file(
    path: Path, docs_dir: Path, today: dt.date, max_bytes: int, first_ingested: Mapping[str, dt.datetime],
    planned_doc_id: str | None, now: dt.datetime, spooled: tuple[Path, int, int] | None = None, clock: Stopwatch | None = None,
    extractor: Callable | None = None,
) -> FileRows:
    """Extract one file from the text planning read (`spooled`), or read and normalise it (rejected when
    the text read now is no longer the one planned). Never raises for the file: a failure is its rejection."""
    from transforms.extract import document_id, extract_document

    rel = display_path(path.relative_to(docs_dir))
    clock = clock or Stopwatch()
    extractor = extractor or extract_document
    try:
        with clock("read"):
            doc = read_spooled(spooled) if spooled is not None else None
            if doc is None:
                doc = read_document(path, max_bytes)
        doc_id = document_id(doc.text)
        if planned_doc_id is not None and doc_id != planned_doc_id:
            # It changed after the plan was made (it may now be a copy of another file, or that file's copy
            # may be this one): the next run reads it again and decides.
            return FileRows(rejected=rejection(rel, "changed while this run read it (its text is not the one planned): the next run reads it again", now))
        with clock("extract"):
            result = extractor(
                doc.text, source_name=display_path(path.name), source_path=rel, today=today, ingested_at=first_ingested.get(doc_id, now),
                metadata_title=doc.title, metadata_date=doc.published,
            )
    except UnreadableDocument as e:
        return FileRows(rejected=rejection(rel, str(e), now))
    except Exception as e:  # one bad document must not sink the batch: report it and go on
        return FileRows(rejected=rejection(rel, f"extraction failed: {type(e).__name__}: {e}", now))
    tables = {}
    for table, rows in result.tables().items():
        if table == "organizations":
            table, rows = "document_organizations", [{**r, "doc_id": doc_id} for r in rows]
        tables[table] = rows
    return FileRows(tables)


def hash_file(path: Path, docs_dir: Path, max_bytes: int, today: dt.date, with_year: bool, spool_file: Path | None = None) -> Hashed:
    """The doc_id of a file's text, or why it cannot be read; with its publication year when batches are
    ordered by it (a hint for grouping: the extracted published_date is what the tables hold). Its parsed
    text is appended to `spool_file` for extraction, which then neither reads nor parses the file again."""
    from transforms.dates import find_publication_date
    from transforms.extract import document_id

    rel = display_path(path.relative_to(docs_dir))
    try:
        doc = read_document(path, max_bytes)
    except UnreadableDocument as e:
        return Hashed(rel, None, str(e))
    except Exception as e:  # as in extract_files: the file is rejected with the reason, the batch goes on
        return Hashed(rel, None, f"extraction failed: {type(e).__name__}: {e}")
    year = None
    if with_year:
        published = (doc.published or find_publication_date(doc.text, today=today)).date
        year = published.year if published else None
    spooled = spool_document(spool_file, doc) if spool_file is not None else None
    return Hashed(rel, document_id(doc.text), None, year, spooled)


def hash_files_within_budget(paths: list[Path], docs_dir: Path, max_bytes: int, today: dt.date, with_year: bool, budget: TimeBudget,
                             spool: Path | None = None) -> list[Hashed]:
    """hash_file of each file in the extraction processes, each within its time budget: parsers meet hostile
    files too (a PDF whose objects loop), and a file over budget is rejected instead of stalling the run.
    With `spool`, each text read is left there for extraction."""
    out = []
    sizes = [_size(path) for path in paths]
    spool_file = None
    if spool is not None:
        spool.mkdir(parents=True, exist_ok=True)
        spool_file = spool / f"{uuid.uuid4().hex}.pickles"  # this task's: a retried task writes a new one
    with _extraction_worker() as worker:
        requests = [("hash", path, docs_dir, max_bytes, today, with_year, spool_file) for path in paths]
        for path, size, answer in zip(paths, sizes, answers_within_budget(worker, requests, [budget.seconds(n) for n in sizes])):
            rel = display_path(path.relative_to(docs_dir))
            if isinstance(answer, BudgetExceeded):
                answer = Hashed(rel, None, f"reading exceeded its time budget ({budget.seconds(size):,.1f} s for {size / 1024:,.1f} KB)")
            elif isinstance(answer, ExtractionProcessDied):
                answer = Hashed(rel, None, f"reading failed: {answer}")
            out.append(answer)
    return out


# The texts planning read, kept for extraction in the build being made (removed once the batches are done):
# on disk, not in the flow process, whose memory would otherwise hold every new text of a run. One file per
# hashing task, appended to: a file per text cost as much to create and delete as parsing it.
SPOOL = ".spool"


def spool_document(spool_file: Path, doc: ParsedDocument) -> tuple[Path, int, int]:
    """Append a parsed file to the spool; where it is (a process killed while it writes leaves bytes no
    plan points at: the next text goes after them)."""
    data = pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)
    with open(spool_file, "ab") as fh:
        offset = fh.seek(0, os.SEEK_END)
        fh.write(data)
    return spool_file, offset, len(data)


def read_spooled(spooled: tuple[Path, int, int]) -> ParsedDocument | None:
    """The parsed file planning left for extraction; None when the spool is gone: the file is then read again."""
    spool_file, offset, length = spooled
    try:
        with open(spool_file, "rb") as fh:
            fh.seek(offset)
            data = fh.read(length)
    except FileNotFoundError:
        return None
    return pickle.loads(data) if len(data) == length else None


def remove_spool(build: Path) -> None:
    shutil.rmtree(build / SPOOL, ignore_errors=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading will say why


def write_tables(build: Path, part: str, tables: dict[str, list[dict]], partition_by_year: bool) -> None:
    """A batch's rows as Parquet parts named `part`; per-document tables split by publication year if asked."""
    year_of = {d["doc_id"]: d["published_date"].year if d["published_date"] else None for d in tables.get("documents", [])}
    doc_of_agreement = {a["agreement_id"]: a["doc_id"] for a in tables.get("agreements", [])}
    for table, rows in tables.items():
        if not rows:
            continue
        if not partition_by_year or table not in YEAR_PARTITIONED:
            store.write_part(build, table, part, store.to_arrow(table, rows))
            continue
        by_year: dict[int | None, list[dict]] = {}
        for r in rows:
            by_year.setdefault(year_of[r["doc_id"] if "doc_id" in r else doc_of_agreement[r["agreement_id"]]], []).append(r)
        for year, group in by_year.items():
            store.write_part(build, table, part, store.to_arrow(table, group), partition=f"published_year={NO_YEAR if year is None else year}")


def deduplicate(build: Path) -> None:
    """One row per organization from the per-document rows of every document in the build (new or carried
    over, so the organizations of dropped documents go with them); the deterministic choices (min of each
    column) keep reruns identical and an incremental run equal to a full one."""
    if not store.parts(build, "document_organizations"):
        return
    con = duckdb.connect()
    try:
        organizations = con.execute(f"""
            SELECT organization_id, min(name) AS name, min(acronym) AS acronym, min(country) AS country, min(source) AS source
            FROM read_parquet({store.table_glob(build, "document_organizations")}) GROUP BY organization_id ORDER BY organization_id""").to_arrow_table()
    finally:
        con.close()
    store.replace_parts(build, "organizations", organizations.cast(store.TABLES["organizations"]))
