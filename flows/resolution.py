"""The resolution stage of a build: read the mention rows of every document in it (new and carried over),
resolve them across documents (transforms/resolve.py) and write resolution_links whole.

Resolution compares every mention with the others, so it runs on the whole build every time and an
incremental run resolves exactly what a full run resolves. What it reads of each document (its agreement
mentions and parties, its primary money figures with their funder, recipient and agreement: the costly
part, money_parties matches every amount with the organizations of its sentence) depends on that document
alone, so each build keeps it (INPUTS); the next build, when made by the same code from rows of the same
extractor, reads it back for the documents it carried over and queries only the new ones.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from transforms import resolve
from warehouse import store
from warehouse.schemas import RESOLUTION_LINKS

MEMORY_LIMIT = "600MB"  # as for the checks: DuckDB spills to a temporary folder beyond it
INPUTS = ".resolution_inputs"  # in a build folder: what resolution read of each document, for the next build
BLOCKS = "blocks.parquet"  # in INPUTS: each mention's signature and component, so the next build clusters only what changed
MANIFEST = "manifest"  # flows/incremental.py's table: its metadata names the previous build and the code fingerprints

# What resolution reads of each document, every row with its doc_id. `documents` lists the documents read.
INPUT_QUERIES = {
    "documents": "SELECT doc_id FROM documents",
    "agreements": """
        SELECT a.agreement_id, a.doc_id, a.agreement_type, a.event, a.title, a.signed_date, a.signed_date_precision,
               a.rule, a.text, a.sentence, d.published_date
        FROM agreements a JOIN documents d USING (doc_id)""",
    "parties": "SELECT p.agreement_id, p.organization_id, p.name, a.doc_id FROM agreement_parties p JOIN agreements a USING (agreement_id)",
    "money": """
        SELECT f.figure_id, f.doc_id, f.value, f.unit, f.money_type, f.qualifier, f.char_start, f.sentence,
               d.published_date, p.funder_id, p.recipient_id, l.agreement_id
        FROM figures f JOIN documents d USING (doc_id)
        LEFT JOIN money_parties p USING (figure_id)
        LEFT JOIN figure_agreements l USING (figure_id)
        WHERE f.kind = 'money' AND f.equivalent_of IS NULL""",
}
PER_DOCUMENT_TABLES = ("documents", "figures", "agreements", "organization_mentions")  # those INPUT_QUERIES read, by doc_id


def resolve_build(build: Path) -> dict[str, int]:
    """Write the build's resolution_links; the number of organizations, instruments and commitments found."""
    store.ensure_every_table_has_a_file(build)  # the views read every table, resolution_links (empty so far) too
    inputs, orgs = read_inputs(build)
    found = resolve_inputs(build, inputs, orgs)
    del inputs, orgs
    pa.default_memory_pool().release_unused()  # the flow process goes on to the checks: give back what the inputs took
    return found


def read_inputs(build: Path) -> tuple[dict[str, pa.Table], list[dict]]:
    """What resolution reads of every document of the build (INPUT_QUERIES), from the previous build's INPUTS
    for the documents it carried over when that is valid, and the organizations; written to the build's INPUTS."""
    carried = _previous_inputs(build)
    present = _documents_by_part(build)
    files = None
    if carried is not None:
        carried = {name: t.filter(pc.is_in(t.column("doc_id"), value_set=present.column("doc_id"))) for name, t in carried.items()}
        # only the parts that hold a document the previous build did not read are opened (parts of one batch
        # have one name in every table), and only those documents are queried
        new = present.filter(pc.invert(pc.is_in(present.column("doc_id"), value_set=carried["documents"].column("doc_id"))))
        stems = set(new.column("part").to_pylist())
        files = {table: [p for p in store.parts(build, table) if p.stem in stems] for table in PER_DOCUMENT_TABLES + ("agreement_parties",)}
        files["organizations"] = store.parts(build, "organizations")
    with tempfile.TemporaryDirectory(prefix="accord-resolve-") as spill:
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill})
        try:
            store.create_views(con, build, files=files)
            orgs = _dicts(con, "SELECT organization_id, name, acronym, source FROM organizations")
            if carried is not None:
                con.register("carried_documents", carried["documents"])
                for table in PER_DOCUMENT_TABLES:
                    con.execute(f"CREATE TABLE new_{table} AS FROM {table} ANTI JOIN carried_documents USING (doc_id)")
                    con.execute(f"CREATE OR REPLACE VIEW {table} AS FROM new_{table}")
                con.execute("CREATE TABLE new_agreement_parties AS FROM agreement_parties SEMI JOIN agreements USING (agreement_id)")
                con.execute("CREATE OR REPLACE VIEW agreement_parties AS FROM new_agreement_parties")
            read = {name: con.execute(sql).to_arrow_table() for name, sql in INPUT_QUERIES.items()}
        finally:
            con.close()
    n_read = read["documents"].num_rows
    if carried is not None:
        read = {name: pa.concat_tables([carried[name].cast(table.schema), table]) for name, table in read.items()}
    folder = build / INPUTS
    folder.mkdir(exist_ok=True)
    for name, table in read.items():
        store.write_file(folder / f"{name}.parquet", table.replace_schema_metadata({b"documents_read": str(n_read).encode()}))
    return read, orgs


def _documents_by_part(build: Path) -> pa.Table:
    """doc_id and the name of the part (batch) of every document of the build: only that column is read."""
    tables = [pa.table({"doc_id": pa.array([], pa.string()), "part": pa.array([], pa.string())})]
    for path in store.parts(build, "documents"):
        ids = pq.read_table(path, columns=["doc_id"]).column("doc_id").cast(pa.string())
        tables.append(pa.table({"doc_id": ids, "part": pa.array([path.stem] * len(ids), pa.string())}))
    return pa.concat_tables(tables)


def _previous_inputs(build: Path) -> dict[str, pa.Table] | None:
    """The INPUTS of the build this one follows, when both were made by the same code (build fingerprint)
    from rows of the same extractor: a document's rows, and so what resolution reads of it, are then the same."""
    previous = _previous_build(build)
    if previous is None:
        return None
    paths = {name: previous / INPUTS / f"{name}.parquet" for name in INPUT_QUERIES}
    if not all(p.exists() for p in paths.values()):
        return None
    return {name: pq.read_table(p) for name, p in paths.items()}


def _previous_build(build: Path) -> Path | None:
    """The build this one follows, when both were made by the same code (build fingerprint)."""
    manifest = build / MANIFEST / f"{MANIFEST}.parquet"
    if not manifest.exists():
        return None
    meta = pq.read_schema(manifest).metadata or {}
    previous_name, code = meta.get(b"previous_build", b"").decode(), meta.get(b"build_fingerprint", b"")
    previous = build.parent / previous_name
    if not previous_name or not code or not (previous / MANIFEST / f"{MANIFEST}.parquet").exists():
        return None
    if (pq.read_schema(previous / MANIFEST / f"{MANIFEST}.parquet").metadata or {}).get(b"build_fingerprint") != code:
        return None
    return previous


def _carried(build: Path) -> dict[str, resolve.Carried]:
    """What the build before resolved of instruments and commitments (its BLOCKS and its resolution_links),
    when it was made by the same code; else nothing, and every mention is clustered."""
    previous = _previous_build(build)
    return carried_from(previous) if previous is not None else {}


def carried_from(previous: Path) -> dict[str, resolve.Carried]:
    if not (previous / INPUTS / BLOCKS).exists() or not store.parts(previous, "resolution_links"):
        return {}
    blocks = pq.read_table(previous / INPUTS / BLOCKS)
    links = pa.concat_tables(pq.read_table(p) for p in store.parts(previous, "resolution_links"))
    out = {}
    for entity in (resolve.INSTRUMENT, resolve.COMMITMENT):
        mine = blocks.filter(pc.equal(blocks.column("entity"), entity))
        ids = mine.column("mention_id").to_pylist()
        rows = links.filter(pc.equal(links.column("entity"), entity))
        columns = [rows.column(f.name).to_pylist() for f in RESOLUTION_LINKS]
        out[entity] = resolve.Carried(dict(zip(ids, mine.column("signature").to_pylist())),
                                      dict(zip(ids, mine.column("component").to_pylist())),
                                      {values[1]: resolve.Link(*values) for values in zip(*columns)})
    return out


def _blocks_table(found: dict[str, resolve.Resolved]) -> pa.Table:
    entity, ids, signatures, components = [], [], [], []
    for name, resolved in found.items():
        entity += [name] * len(resolved.signature)
        ids += list(resolved.signature)
        signatures += list(resolved.signature.values())
        components += [resolved.component[m] for m in resolved.signature]
    return pa.table({"entity": pa.array(entity, pa.string()), "mention_id": pa.array(ids, pa.string()),
                     "signature": pa.array(signatures, pa.binary(8)), "component": pa.array(components, pa.string())})


def resolve_inputs(build: Path, inputs: dict[str, pa.Table], orgs: list[dict]) -> dict[str, int]:
    organizations = resolve.resolve_organizations(orgs)
    canonical = lambda oid: organizations[oid].resolved_id if oid in organizations else oid
    by_agreement: dict[str, set[str]] = {}
    names: dict[str, list[str]] = {}
    parties = inputs["parties"]
    for agreement_id, organization_id, name in zip(*(parties.column(c).to_pylist() for c in ("agreement_id", "organization_id", "name"))):
        by_agreement.setdefault(agreement_id, set()).add(canonical(organization_id))
        names.setdefault(agreement_id, []).append(name)
    carried = _carried(build)
    found = {resolve.INSTRUMENT: resolve.resolve_instruments_since(inputs["agreements"].to_pylist(), by_agreement,
                                                                   resolve.acronym_index(orgs, organizations), names, carried.get(resolve.INSTRUMENT))}
    del by_agreement, names  # the flow process goes on to the checks: hold no more than needed
    instruments = found[resolve.INSTRUMENT].links
    instrument_of = {link.mention_id: link.resolved_id for link in instruments}
    money = inputs["money"].to_pylist()
    for m in money:
        m["funder_id"], m["recipient_id"] = (canonical(m[k]) if m[k] else None for k in ("funder_id", "recipient_id"))
        m["instrument_id"] = instrument_of.get(m.pop("agreement_id"))
    found[resolve.COMMITMENT] = resolve.resolve_commitments_since(money, carried.pop(resolve.COMMITMENT, None))
    del money, carried
    commitments = found[resolve.COMMITMENT].links
    links = [*organizations.values(), *instruments, *commitments]
    store.replace_parts(build, "resolution_links", links_table(links))
    (build / INPUTS).mkdir(exist_ok=True)
    store.write_file(build / INPUTS / BLOCKS, _blocks_table(found))
    return {"organizations": len({l.resolved_id for l in organizations.values()}),
            "instruments": len({l.resolved_id for l in instruments}),
            "commitments": len({l.resolved_id for l in commitments if l.resolved_id})}


def links_table(links: list[resolve.Link]) -> pa.Table:
    """resolution_links as Arrow, column by column (pa.Table.from_pylist would import pandas, ~2 s)."""
    schema = RESOLUTION_LINKS
    return pa.table({f.name: pa.array([getattr(link, f.name) for link in links], f.type) for f in schema}, schema=schema)


def _dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row)) for row in cur.fetchall()]
