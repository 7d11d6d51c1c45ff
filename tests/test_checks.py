"""The data checks: a clean build passes; each kind of corruption is caught by the check named for it;
and a corrupted build fails the real flow and leaves the previous warehouse readable."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from tests.conftest import SEEDS
from warehouse import store
from warehouse.checks import WHOLE_TABLES, ChecksFailed, all_checks, check_build, document_chunks, failures_markdown, run_checks
from warehouse.dictionary import empty_warehouse
from warehouse.schemas import TABLES

TODAY = dt.date(2026, 11, 22)


def test_the_seed_build_passes_every_check(seed_warehouse):
    con = store.connect_read_only(seed_warehouse)
    assert [f.message() for f in run_checks(con)] == []


def test_every_check_runs_on_an_empty_warehouse():
    with empty_warehouse() as con:
        assert run_checks(con) == []


def _one(where: str) -> str:
    """SQL for the id of one row of `base` (the table before corruption) matching `where`."""
    return f"(SELECT min(figure_id) FROM base WHERE {where})"


CONVERTED = "unit <> 'USD' AND value_usd IS NOT NULL"
A_COUNT = "kind = 'count'"
A_MONEY = "kind = 'money'"

# relation, SELECT over `base` (that relation as built) that corrupts it, and the (relation, check) that must catch it
CORRUPTIONS = {
    "duplicate figure": (
        "figures", "SELECT * FROM base UNION ALL (SELECT * FROM base ORDER BY figure_id LIMIT 1)",
        ("figures", "unique figure_id")),
    "duplicate agreement party": (
        "agreement_parties", "SELECT * FROM base UNION ALL (SELECT * FROM base ORDER BY ALL LIMIT 1)",
        ("agreement_parties", "unique agreement_id, organization_id")),
    "unknown qualifier": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one('true')} THEN 'roughly' ELSE qualifier END AS qualifier) FROM base",
        ("figures", "accepted values qualifier")),
    "unknown agreement type": (
        "agreements", "SELECT * REPLACE (CASE WHEN agreement_id = (SELECT min(agreement_id) FROM base) THEN 'Treaty' ELSE agreement_type END AS agreement_type) FROM base",
        ("agreements", "accepted values agreement_type")),
    "NULL where the contract forbids it": (
        "agreements", "SELECT * REPLACE (CASE WHEN agreement_id = (SELECT min(agreement_id) FROM base) THEN NULL ELSE agreement_type END AS agreement_type) FROM base",
        ("agreements", "not null agreement_type")),
    "offset outside its document": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one('true')} THEN char_end + 1000000 ELSE char_end END AS char_end) FROM base",
        ("figures", "offsets inside the document and equal to text")),
    "offsets that do not point at the text": (
        "people", "SELECT * REPLACE (CASE WHEN person_id = (SELECT min(person_id) FROM base) THEN char_start + 1 ELSE char_start END AS char_start) FROM base",
        ("people", "offsets inside the document and equal to text")),
    "conversion pointing at a conversion": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one('equivalent_of IS NOT NULL')} THEN (SELECT max(figure_id) FROM base WHERE equivalent_of IS NOT NULL) ELSE equivalent_of END AS equivalent_of) FROM base",
        ("figures", "equivalent_of points at a primary money figure of the same document")),
    "value_usd off the ECB rate": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one(CONVERTED)} THEN value_usd * 1.1 ELSE value_usd END AS value_usd) FROM base",
        ("figures", "value_usd equals value at the ECB rate of fx_rate_date")),
    "count without its exchange flag": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one(A_COUNT)} THEN NULL ELSE is_exchange END AS is_exchange) FROM base",
        ("figures", "columns required for the kind")),
    "party that is no organization": (
        "agreement_parties", "SELECT * REPLACE (CASE WHEN agreement_id = (SELECT min(agreement_id) FROM base) THEN 'no-such-org' ELSE organization_id END AS organization_id) FROM base",
        ("agreement_parties", "organization exists")),
    "funding view counting conversions": (
        "funding", "SELECT * FROM base UNION ALL BY NAME SELECT figure_id, doc_id, value, value_usd, text FROM figures WHERE equivalent_of IS NOT NULL",
        ("funding", "no bracketed conversion counted")),
    "an amount stored as infinity": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one(A_MONEY)} THEN 'inf'::DOUBLE ELSE value END AS value) FROM base",
        ("figures", "value, value_high and value_usd finite and within the bound of the kind")),
    "value_usd NaN": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one(CONVERTED)} THEN 'nan'::DOUBLE ELSE value_usd END AS value_usd) FROM base",
        ("figures", "value, value_high and value_usd finite and within the bound of the kind")),
    "an absurd amount": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one(A_MONEY)} THEN 1e300 ELSE value END AS value) FROM base",
        ("figures", "value, value_high and value_usd finite and within the bound of the kind")),
    "an absurd count range": (
        "figures", f"SELECT * REPLACE (CASE WHEN figure_id = {_one(A_COUNT)} THEN 1e13 ELSE value_high END AS value_high) FROM base",
        ("figures", "value, value_high and value_usd finite and within the bound of the kind")),
    "offsets into another document": (
        "organization_mentions", "SELECT * REPLACE (CASE WHEN mention_id = (SELECT min(mention_id) FROM base) THEN 'no-such-document' ELSE doc_id END AS doc_id) FROM base",
        ("organization_mentions", "offsets inside the document and equal to text")),
    "funding view losing an amount": (
        "funding", "SELECT * FROM base WHERE figure_id <> (SELECT min(figure_id) FROM base)",
        ("funding", "totals equal the sum of the first report of every commitment")),
    "agreement left unresolved": (
        "resolution_links", "SELECT * FROM base WHERE mention_id <> (SELECT min(mention_id) FROM base WHERE entity = 'instrument')",
        ("agreements", "resolved to an instrument")),
    "money figure left unresolved": (
        "resolution_links", "SELECT * FROM base WHERE mention_id <> (SELECT min(mention_id) FROM base WHERE entity = 'commitment')",
        ("figures", "every primary money figure resolved to a commitment or marked a sum of parts")),
    "commitment with two first reports": (
        "resolution_links", "SELECT * FROM base UNION ALL (SELECT * REPLACE ('no-such-figure' AS mention_id) FROM base WHERE entity = 'commitment' ORDER BY mention_id LIMIT 1)",
        ("resolution_links", "one first report per instrument and commitment")),
    "link to no mention": (
        "resolution_links", "SELECT * FROM base UNION ALL (SELECT * REPLACE ('no-such-agreement' AS mention_id) FROM base WHERE entity = 'instrument' ORDER BY mention_id LIMIT 1)",
        ("resolution_links", "mention exists")),
    "organization resolved to no organization": (
        "resolution_links", "SELECT * REPLACE (CASE WHEN mention_id = (SELECT min(mention_id) FROM base WHERE entity = 'organization') THEN 'no-such-org' ELSE resolved_id END AS resolved_id) FROM base",
        ("organizations", "resolved to an organization that is its own canonical one")),
}


@pytest.mark.parametrize("case", CORRUPTIONS)
def test_each_corruption_is_caught_by_its_check(seed_warehouse, case):
    relation, select, (table, check) = CORRUPTIONS[case]
    con = duckdb.connect()
    store.create_views(con, store.published_build(seed_warehouse))
    con.execute(f"CREATE TEMP TABLE base AS SELECT * FROM {relation}")
    con.execute(f"CREATE OR REPLACE VIEW {relation} AS {select}")  # the views built on it see the corruption too
    failures = run_checks(con)
    caught = [f for f in failures if (f.check.table, f.check.name) == (table, check)]
    assert caught, [f.message() for f in failures]
    assert caught[0].n_rows >= 1 and caught[0].example
    assert f"{table}: check '{check}' failed" in str(ChecksFailed(failures))
    assert f"| {table} | {check} |" in failures_markdown(failures)


def _figures(build: Path) -> pa.Table:
    return pq.read_table(build / "figures", schema=store.TABLES["figures"])


def _first_figure(build: Path, **changes) -> pa.Table:
    """The build's first figure with some columns changed: one corrupt row to add as a Parquet part."""
    row = _figures(build).sort_by("figure_id").slice(0, 1)
    for name, value in changes.items():
        row = row.set_column(row.schema.get_field_index(name), row.schema.field(name), pa.array([value], row.schema.field(name).type))
    return row


def _document_length(build: Path, doc_id: str) -> int:
    docs = pq.read_table(build / "documents", columns=["doc_id", "n_chars"])
    return docs.filter(pc.equal(docs["doc_id"], doc_id))["n_chars"][0].as_py()


# a corrupt Parquet part added to the build's figures before its database is built, and what the message must name
FLOW_CORRUPTIONS = {
    "duplicate key": (lambda build: _first_figure(build), "unique figure_id"),
    "unknown vocabulary": (lambda build: _first_figure(build, figure_id="corrupt-vocabulary", qualifier="roughly"), "accepted values qualifier"),
    "offset outside its document": (
        lambda build: _first_figure(build, figure_id="corrupt-offset", char_end=_document_length(build, _first_figure(build)["doc_id"][0].as_py()) + 10),
        "offsets inside the document and equal to text"),
}


def _check_failures_artifact(flow_run_id) -> str:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(
            flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]), key=ArtifactFilterKey(any_=["accord-check-failures"])))
    assert len(found) == 1
    return found[0].data


@pytest.fixture(scope="module")
def published_warehouse(tmp_path_factory) -> Path:
    """A warehouse the real flow has published, for corrupted runs to try to replace."""
    from flows.etl import run_pipeline

    warehouse = tmp_path_factory.mktemp("published")
    run_pipeline(docs_dir=SEEDS, warehouse_dir=warehouse, today=TODAY)
    return warehouse


@pytest.mark.parametrize("case", FLOW_CORRUPTIONS)
def test_a_corrupted_table_fails_the_flow_and_the_previous_warehouse_stays(published_warehouse, monkeypatch, case):
    from flows.etl import run_pipeline

    corrupt_row, check = FLOW_CORRUPTIONS[case]
    before = store.published_build(published_warehouse)
    con = store.connect_read_only(published_warehouse)
    published_figures = con.execute("SELECT figure_id FROM figures ORDER BY ALL").fetchall()
    con.close()
    build_database = store.build_database
    added: list[str] = []

    def build_corrupted_database(build: Path) -> Path:
        row = corrupt_row(build)
        added.append(row["figure_id"][0].as_py())
        store.write_part(build, "figures", "corrupt", row)
        return build_database(build)

    monkeypatch.setattr(store, "build_database", build_corrupted_database)
    # full_refresh: the seeds have not changed, and a run with nothing to change builds nothing
    state = run_pipeline(docs_dir=SEEDS, warehouse_dir=published_warehouse, today=TODAY, full_refresh=True, return_state=True)

    assert state.is_failed()
    error = state.result(raise_on_failure=False)
    assert isinstance(error, ChecksFailed)
    message = str(error)
    assert f"figures: check '{check}' failed" in message  # the table and the check
    assert f"'figure_id': '{added[0]}'" in message  # an example row
    assert f"| figures | {check} |" in _check_failures_artifact(state.state_details.flow_run_id)
    assert store.published_build(published_warehouse) == before
    con = store.connect_read_only(published_warehouse)
    assert con.execute("SELECT figure_id FROM figures ORDER BY ALL").fetchall() == published_figures
    con.close()


def test_a_failure_names_one_check():
    names = [(c.table, c.name) for c in all_checks()]
    assert len(set(names)) == len(names)


PER_DOCUMENT_TABLES = [t for t in TABLES if t not in WHOLE_TABLES]


@pytest.fixture(scope="module")
def split_build(seed_warehouse, tmp_path_factory) -> Path:
    """The seed build with each document's rows in parts of their own, as if every document had a batch."""
    source = store.published_build(seed_warehouse)
    build = tmp_path_factory.mktemp("split") / "build"
    tables = {t: pq.read_table(source / t, schema=TABLES[t]) for t in TABLES}
    doc_of_agreement = dict(zip(tables["agreements"]["agreement_id"].to_pylist(), tables["agreements"]["doc_id"].to_pylist()))
    tables["agreement_parties"] = tables["agreement_parties"].append_column(
        "doc_id", pa.array([doc_of_agreement[a] for a in tables["agreement_parties"]["agreement_id"].to_pylist()]))
    for i, doc_id in enumerate(sorted(tables["documents"]["doc_id"].to_pylist())):
        for table in PER_DOCUMENT_TABLES:
            rows = tables[table].filter(pc.equal(tables[table]["doc_id"], doc_id)).select(TABLES[table].names)
            if len(rows):
                store.write_part(build, table, f"batch-{i:06d}", rows)
    for table in WHOLE_TABLES:
        store.write_part(build, table, "merged", tables[table])
    store.build_database(build)
    return build


def _corrupt(build: Path, part: str, table: str, select: str) -> None:
    """Rewrite one part of a table through a SELECT over `part` (its rows)."""
    path = build / table / f"{part}.parquet"
    con = duckdb.connect()
    con.register("part", pq.read_table(path))
    store.write_file(path, con.execute(select).to_arrow_table().cast(TABLES[table]))
    con.close()


def test_document_checks_run_chunk_by_chunk_with_every_document_once(split_build):
    chunks = list(document_chunks(split_build, set(), chunk_documents=2))
    assert len(chunks) == 3  # five documents, two at a time
    documents = [d for c in chunks for d in pq.read_table(c["documents"], columns=["doc_id"])["doc_id"].to_pylist()]
    assert sorted(documents) == sorted(pq.read_table(split_build / "documents")["doc_id"].to_pylist())
    assert all(c["organizations"] == store.parts(split_build, "organizations") for c in chunks)
    assert check_build(split_build, chunk_documents=2) == []


def test_a_fault_in_several_chunks_is_one_failure_with_all_its_rows(split_build, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(split_build, build)
    store.build_database(build)
    for part in ("batch-000000", "batch-000003"):
        _corrupt(build, part, "figures", "SELECT * REPLACE ('roughly' AS qualifier) FROM part")
    wrong = duckdb.connect().execute(
        f"SELECT count(*) FROM read_parquet({store.table_glob(build, 'figures')}) WHERE qualifier = 'roughly'").fetchone()[0]
    failures = check_build(build, chunk_documents=1)
    assert [(f.check.table, f.check.name, f.n_rows) for f in failures] == [("figures", "accepted values qualifier", wrong)]


def test_parts_checked_before_are_skipped_by_document_checks_not_by_key_checks(split_build, tmp_path):
    build = tmp_path / "build"
    shutil.copytree(split_build, build)
    _corrupt(build, "batch-000001", "figures", "SELECT * REPLACE ('roughly' AS qualifier) FROM part")
    _corrupt(build, "batch-000002", "figures", "SELECT * FROM part UNION ALL (SELECT * FROM part LIMIT 1)")
    store.build_database(build)
    before = {build / "figures" / "batch-000001.parquet", build / "figures" / "batch-000002.parquet"}
    assert [(f.check.table, f.check.name) for f in check_build(build, before)] == [("figures", "unique figure_id")]
    assert ("figures", "accepted values qualifier") in {(f.check.table, f.check.name) for f in check_build(build)}
