"""Incremental runs: a run after the corpus was edited extracts only new and changed texts, and leaves
the warehouse a full rebuild would give (same ids, same rows); --full-refresh rebuilds it the same."""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from benchmarks.corpus import generate_document
from flows import etl, incremental, resolution
from transforms import resolve
from flows.incremental import DUPLICATE, LOADED, REJECTED, FileState, Hashed, Known, Previous
from tests.conftest import SEEDS
from warehouse import store
from warehouse.checks import CHUNK_DOCUMENTS, WHOLE_TABLES, document_chunks
from warehouse.schemas import TABLES

TODAY = dt.date(2026, 11, 22)
# Only the run times may differ between an incremental run and a rebuild in another folder; in the same
# warehouse a rebuild keeps each text's first ingested_at, so only rejected_at differs.
RUN_TIMES = {"documents": ("ingested_at",), "rejected_documents": ("rejected_at",)}
REJECTED_AT = {"rejected_documents": ("rejected_at",)}
ORPHAN = (
    "date 2024-02-02 TOKYO: The Zorblax Institute of Quantum Studies and the Japan Science and Technology Agency (JST) "
    "on Friday signed a Memorandum of Understanding (MoU) to exchange 12 researchers every year.\n"
)


def rows(warehouse: Path, table: str, skip: tuple[str, ...] = ()) -> list[tuple]:
    con = duckdb.connect(str(warehouse / store.DB_NAME), read_only=True)
    try:
        cols = ", ".join(c for c in TABLES[table].names if c not in skip)
        return con.execute(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()
    finally:
        con.close()


def column(warehouse: Path, table: str, name: str) -> list:
    return [r[0] for r in rows(warehouse, table, tuple(c for c in TABLES[table].names if c != name))]


def assert_same_warehouse(a: Path, b: Path, skip: dict[str, tuple[str, ...]]) -> None:
    for table in TABLES:
        left, right = rows(a, table, skip.get(table, ())), rows(b, table, skip.get(table, ()))
        assert left == right, table


def write_v1(docs: Path) -> None:
    for f in sorted(SEEDS.glob("*.txt")):
        shutil.copy(f, docs / f.name)
    (docs / "gen").mkdir()
    for i in range(8):
        (docs / "gen" / f"{i}.txt").write_text(generate_document(3, i), encoding="utf-8")
    (docs / "orphan.txt").write_text(ORPHAN, encoding="utf-8")
    (docs / "notes.xyz").write_text("not a document type accord reads")


def edit_to_v2(docs: Path) -> None:
    """Every kind of change a day's crawl brings."""
    for i in (1, 2):  # changed
        (docs / "gen" / f"{i}.txt").write_text(generate_document(3, i, revision=1), encoding="utf-8")
    (docs / "gen" / "3.txt").unlink()  # deleted
    (docs / "orphan.txt").unlink()  # deleted, with the only mention of its organization
    for i in (8, 9):  # new
        (docs / "gen" / f"{i}.txt").write_text(generate_document(3, i), encoding="utf-8")
    (docs / "gen" / "4.txt").rename(docs / "gen" / "renamed-4.txt")  # same text, another name
    first_seed = sorted(SEEDS.glob("*.txt"))[0]
    shutil.copy(first_seed, docs / "0-copy.txt")  # a copy that sorts first: it keeps the text, the old file is the duplicate
    stamp = (docs / "gen" / "5.txt").stat().st_mtime_ns + 10**9
    os.utime(docs / "gen" / "5.txt", ns=(stamp, stamp))  # touched, not changed


@dataclass
class Scenario:
    incremental: Path  # v1, then v2 incrementally
    rebuilt: Path  # v2 in a new warehouse
    v1: dict
    v2_summary: object
    refreshed: dict  # the incremental warehouse's rows before --full-refresh, and the summary of that run
    checked: dict  # of the v2 run: the parts its checks skipped and the documents they checked, with its build


@pytest.fixture(scope="module")
def scenario(tmp_path_factory) -> Scenario:
    from flows.etl import run_pipeline

    docs, inc, full = (tmp_path_factory.mktemp(n) for n in ("docs", "incremental", "rebuilt"))
    write_v1(docs)
    run_pipeline(docs_dir=docs, warehouse_dir=inc, today=TODAY, batch_size=4)
    v1 = {t: rows(inc, t) for t in TABLES}
    edit_to_v2(docs)
    seen = []
    with pytest.MonkeyPatch.context() as mp:
        check_build = etl.check_build
        mp.setattr(etl, "check_build", lambda build, before: seen.append((build, list(before))) or check_build(build, before))
        summary = run_pipeline(docs_dir=docs, warehouse_dir=inc, today=TODAY, batch_size=4)
    build, before = seen[0]
    chunks = list(document_chunks(build, set(before), CHUNK_DOCUMENTS))
    checked = {"build": build, "skipped": before, "chunks": chunks,
               "documents": sorted(d for c in chunks for d in pq.read_table(c["documents"], columns=["doc_id"])["doc_id"].to_pylist())}
    run_pipeline(docs_dir=docs, warehouse_dir=full, today=TODAY, batch_size=3)
    before_refresh = {t: rows(inc, t, REJECTED_AT.get(t, ())) for t in TABLES}
    refresh = run_pipeline(docs_dir=docs, warehouse_dir=inc, today=TODAY, batch_size=4, full_refresh=True)
    return Scenario(inc, full, v1, summary, {"rows": before_refresh, "summary": refresh}, checked)


def test_an_edited_corpus_gives_the_warehouse_of_a_full_rebuild(scenario):
    s = scenario.v2_summary
    assert (s.documents_extracted, s.documents_reused) == (4, 10)  # two changed, two new; the renamed, touched and copied texts are reused
    assert_same_warehouse(scenario.incremental, scenario.rebuilt, RUN_TIMES)


def test_an_incremental_run_checks_only_the_rows_it_extracted(scenario):
    build, skipped = scenario.checked["build"], scenario.checked["skipped"]
    assert skipped and all(p.is_relative_to(build) and not p.stem.startswith(build.name) for p in skipped)  # carried over
    checked = [p for c in scenario.checked["chunks"] for t, paths in c.items() if t not in WHOLE_TABLES for p in paths]
    assert checked and all(p.stem.startswith(build.name) for p in checked)  # written by this run's batches
    extracted = set(column(scenario.incremental, "documents", "doc_id")) - {r[0] for r in scenario.v1["documents"]}
    assert scenario.checked["documents"] == sorted(extracted) and len(extracted) == 4


def test_rows_of_deleted_documents_and_their_organizations_are_gone(scenario):
    assert "Zorblax Institute of Quantum Studies" in {r[1] for r in scenario.v1["organizations"]}
    assert "Zorblax Institute of Quantum Studies" not in column(scenario.incremental, "organizations", "name")
    paths = set(column(scenario.incremental, "documents", "source_path"))
    assert "orphan.txt" not in paths and "gen/3.txt" not in paths
    assert {"0-copy.txt", "gen/renamed-4.txt"} <= paths


def test_duplicates_and_unreadable_files_are_rejected_as_in_a_full_run(scenario):
    rejected = {(r[1], r[2]) for r in rows(scenario.incremental, "rejected_documents")}
    first_seed = sorted(SEEDS.glob("*.txt"))[0].name
    assert (first_seed, "duplicate of 0-copy.txt (same text)") in rejected
    assert any(path == "notes.xyz" and reason.startswith("unsupported file type") for path, reason in rejected)


def test_unchanged_documents_keep_the_time_they_were_first_loaded(scenario):
    skip = tuple(c for c in TABLES["documents"].names if c not in ("doc_id", "ingested_at"))
    v1 = {r[0]: r[-1] for r in scenario.v1["documents"]}
    v2 = dict(rows(scenario.incremental, "documents", skip))
    kept = v1.keys() & v2.keys()
    assert len(kept) == 10 and all(v2[d] == v1[d] for d in kept)
    assert all(v2[d] > max(v1.values()) for d in v2.keys() - v1.keys())


def test_full_refresh_extracts_everything_and_changes_nothing(scenario):
    refresh = scenario.refreshed["summary"]
    assert (refresh.documents_extracted, refresh.documents_reused) == (14, 0)
    after = {t: rows(scenario.incremental, t, REJECTED_AT.get(t, ())) for t in TABLES}
    assert after == scenario.refreshed["rows"]  # ingested_at included: a re-extracted text keeps its first load time


def test_a_run_with_nothing_changed_builds_nothing_and_a_touched_file_is_only_read(tmp_path):
    from flows.etl import run_pipeline

    docs, warehouse = tmp_path / "docs", tmp_path / "wh"
    docs.mkdir()
    for f in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(f, docs / f.name)
    first = run_pipeline(docs_dir=docs, warehouse_dir=warehouse, today=TODAY)
    build_a = store.published_build(warehouse)
    again = run_pipeline(docs_dir=docs, warehouse_dir=warehouse, today=TODAY)
    assert (again.published, again.documents_extracted, again.documents_reused, again.rows) == (False, 0, 3, first.rows)
    assert store.published_build(warehouse) == build_a and len(list((warehouse / store.BUILDS).iterdir())) == 2  # it and `current`
    touched = sorted(docs.iterdir())[0]
    os.utime(touched, ns=(touched.stat().st_mtime_ns + 10**9,) * 2)
    third = run_pipeline(docs_dir=docs, warehouse_dir=warehouse, today=TODAY)
    build_c = store.published_build(warehouse)
    assert (third.published, third.documents_extracted, third.documents_reused, third.rows) == (True, 0, 3, first.rows)
    for table in incremental.DOCUMENT_KEYS:  # the same rows, not copied: the parts are hard links
        for part in store.parts(build_c, table):
            assert part.stat().st_ino == (build_a / part.relative_to(build_c)).stat().st_ino, part


def test_changed_extractor_code_extracts_everything_again(tmp_path, monkeypatch):
    from flows.etl import run_pipeline

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], docs)
    run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "wh", today=TODAY)
    monkeypatch.setattr(incremental, "fingerprint", lambda *a: "extractors-v2")
    assert run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "wh", today=TODAY).documents_extracted == 1


def test_a_warehouse_partitioned_by_year_holds_the_same_rows(tmp_path):
    from flows.etl import run_pipeline

    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs, ignore=shutil.ignore_patterns("reference"))
    (docs / "gen").mkdir()
    for i in range(8, 10):
        (docs / "gen" / f"{i}.txt").write_text(generate_document(3, i), encoding="utf-8")
    plain, by_year = tmp_path / "plain", tmp_path / "by_year"
    run_pipeline(docs_dir=docs, warehouse_dir=plain, today=TODAY)
    run_pipeline(docs_dir=docs, warehouse_dir=by_year, today=TODAY, partition_by_year=True)
    assert_same_warehouse(plain, by_year, RUN_TIMES)
    build = store.published_build(by_year)
    folders = {p.parent.name for p in store.parts(build, "figures")}
    assert folders and all(f.startswith("published_year=") for f in folders)
    con = duckdb.connect(str(by_year / store.DB_NAME), read_only=True)
    assert con.execute("SELECT count(*) FROM figures f JOIN documents d USING (doc_id) WHERE f.published_year IS DISTINCT FROM year(d.published_date)").fetchone()[0] == 0
    # and incrementally: one text changed, one gone
    (docs / "gen" / "8.txt").write_text(generate_document(3, 8, revision=1), encoding="utf-8")
    (docs / "gen" / "9.txt").unlink()
    again = run_pipeline(docs_dir=docs, warehouse_dir=by_year, today=TODAY, partition_by_year=True)
    run_pipeline(docs_dir=docs, warehouse_dir=plain, today=TODAY, full_refresh=True)
    assert again.documents_extracted == 1
    assert_same_warehouse(plain, by_year, RUN_TIMES)


def _files(*specs: tuple[str, int]) -> list[FileState]:
    return [FileState(Path("/docs") / p, p, size, 1) for p, size in specs]


@pytest.mark.parametrize("name, files, known, hashed, previous, extract, keep, moved, drop, rejected", [
    ("first run: everything is extracted", _files(("a", 1), ("b", 1)), {}, [Hashed("a", "A"), Hashed("b", "B")], {},
     ["a", "b"], set(), {}, set(), []),
    ("unchanged files are kept, a deleted one dropped", _files(("a", 1)), {"a": Known("A", LOADED, None)}, [],
     {"a": "A", "b": "B"}, [], {"A"}, {}, {"B"}, []),
    ("a changed file: its new text extracted, the old dropped", _files(("a", 2)), {}, [Hashed("a", "A2")], {"a": "A"},
     ["a"], set(), {}, {"A"}, []),
    ("a renamed file keeps its rows under the new name", _files(("c", 1)), {}, [Hashed("c", "A")], {"a": "A"},
     [], {"A"}, {"A": "c"}, set(), []),
    ("copies: the first by path is loaded, the others are duplicates", _files(("a", 1), ("b", 1)),
     {"b": Known("A", LOADED, None)}, [Hashed("a", "A")], {"b": "A"},
     [], {"A"}, {"A": "a"}, set(), [("b", "duplicate of a (same text)")]),
    ("a file that failed before fails again without being read", _files(("a", 1)), {"a": Known("A", REJECTED, "extraction failed: boom")}, [],
     {}, [], set(), {}, set(), [("a", "extraction failed: boom")]),
    ("an unreadable file is rejected with its reason", _files(("a", 1)), {}, [Hashed("a", None, "empty file")], {},
     [], set(), {}, set(), [("a", "empty file")]),
    ("a duplicate whose original is gone becomes the document", _files(("b", 1)), {"b": Known("A", DUPLICATE, None)}, [],
     {"a": "A"}, [], {"A"}, {"A": "b"}, set(), []),
])
def test_plan(name, files, known, hashed, previous, extract, keep, moved, drop, rejected):
    prev = Previous(Path("/old"), {p: (1, 1, Known(d, LOADED, None)) for p, d in previous.items()}) if previous else None
    plan = incremental.plan_run(files, known, hashed, prev, by_year=False)
    assert [p.name for p, _ in plan.extract] == extract, name
    assert (plan.keep, plan.moved, plan.drop, plan.rejected) == (keep, moved, drop, rejected), name


def _table_rows(build: Path, table: str) -> list[tuple]:
    return sorted(tuple(r.values()) for r in pq.read_table(build / table, schema=TABLES[table]).to_pylist()) if store.parts(build, table) else []


def test_a_file_is_read_once_per_run_and_a_copy_it_becomes_later_is_found_next_run(tmp_path, monkeypatch):
    """Planning reads and parses each new file once and extraction takes that text (left in the build's
    spool), not the file again: a file rewritten between the two (here into the text of another file) is
    loaded with the text planned, once; the next run sees its new mtime, reads it and finds the copy."""
    from flows import batches, etl

    docs = tmp_path / "docs"
    docs.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))[:2]
    for seed in seeds:
        shutil.copy(seed, docs / seed.name)
    later = docs / "z-later.txt"
    later.write_text("Kobe, 8 August 2018. Kobe University hosted 16 researchers.")
    planned_text_id = doc_id_of(later)
    plan_batches = etl.plan_batches

    def change_after_planning(*args, **kwargs):
        later.write_bytes(seeds[0].read_bytes())
        return plan_batches(*args, **kwargs)

    monkeypatch.setattr(etl, "plan_batches", change_after_planning)
    summary = etl.run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "w", today=TODAY, batch_size=1)
    assert summary.rejected == [] and summary.documents_extracted == 3
    con = store.connect_read_only(tmp_path / "w")
    assert con.execute("SELECT source_path FROM documents ORDER BY 1").fetchall() == [(s.name,) for s in seeds] + [("z-later.txt",)]
    assert con.execute("SELECT doc_id FROM documents WHERE source_path = 'z-later.txt'").fetchone()[0] == planned_text_id
    con.close()
    assert not (store.published_build(tmp_path / "w") / batches.SPOOL).exists()  # the texts are not kept past the run
    monkeypatch.setattr(etl, "plan_batches", plan_batches)
    again = etl.run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "w", today=TODAY, batch_size=1)
    assert [(r["source_path"], r["reason"]) for r in again.rejected] == [("z-later.txt", f"duplicate of {seeds[0].name} (same text)")]
    con = store.connect_read_only(tmp_path / "w")
    assert con.execute("SELECT source_path FROM documents ORDER BY 1").fetchall() == [(s.name,) for s in seeds]
    con.close()


def doc_id_of(path: Path) -> str:
    from transforms.extract import document_id
    from transforms.formats import parse_document

    return document_id(parse_document(path.read_bytes(), path.suffix).text)


RESOLUTION_CORPUS = Path(__file__).with_name("resolution_corpus")


def test_resolution_after_an_incremental_run_equals_a_full_refresh(tmp_path):
    """Documents joining and leaving instruments and commitments (the first report of one among them):
    the incremental run resolves every mention, carried over or new, as a full run does."""
    from flows.etl import run_pipeline

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("01_northfield_release", "03_ministry_digest", "04_mde_release", "06_bank_release", "12_foundation_grants"):
        shutil.copy(RESOLUTION_CORPUS / f"{name}.txt", docs)
    run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "inc", today=TODAY)
    (docs / "01_northfield_release.txt").unlink()  # the first report of an instrument
    for name in ("02_lakeside_release", "05_working_group", "07_newspaper_loans", "13_grants_news", "14_delegation_visit"):
        shutil.copy(RESOLUTION_CORPUS / f"{name}.txt", docs)
    summary = run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "inc", today=TODAY)
    assert (summary.documents_extracted, summary.documents_reused) == (5, 4)
    # resolution read only the new documents' mentions; those of the four carried over came from the build before
    read = pq.read_table(store.published_build(tmp_path / "inc") / resolution.INPUTS / "documents.parquet")
    assert (read.num_rows, read.schema.metadata[b"documents_read"]) == (9, b"5")
    # and clustered again only the components the change touched, carrying the rest from that build
    carried = resolution.carried_from(store.published_build(tmp_path / "inc"))
    assert carried[resolve.INSTRUMENT].links and carried[resolve.COMMITMENT].links
    run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "full", today=TODAY)
    assert_same_warehouse(tmp_path / "inc", tmp_path / "full", RUN_TIMES)  # resolution_links too
    views = {}
    for wh in ("inc", "full"):
        con = duckdb.connect(str(tmp_path / wh / store.DB_NAME), read_only=True)
        try:
            views[wh] = [con.execute(f"SELECT * FROM {v} ORDER BY ALL").fetchall() for v in ("instruments", "commitments", "funding")]
            if wh == "inc":
                widest = con.execute("SELECT agreement_type, n_documents FROM instruments ORDER BY n_documents DESC, agreement_type").fetchall()
                assert widest[:2] == [("MoC", 3), ("MoU", 3)]  # the MoU lost its first report and gained two others
        finally:
            con.close()
    assert views["inc"] == views["full"]
