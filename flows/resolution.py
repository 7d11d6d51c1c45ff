"""The resolution stage of a build: read the mention rows of every document in it (new and carried over),
resolve them across documents (transforms/resolve.py) and write resolution_links whole.

It runs on the whole build every time, so an incremental run resolves exactly what a full run resolves;
it reads only the columns resolution needs, and blocking keeps its comparisons near linear.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pyarrow as pa

from transforms import resolve
from warehouse import store
from warehouse.schemas import RESOLUTION_LINKS

MEMORY_LIMIT = "600MB"  # as for the checks: DuckDB spills to a temporary folder beyond it


def resolve_build(build: Path) -> dict[str, int]:
    """Write the build's resolution_links; the number of organizations, instruments and commitments found."""
    store.ensure_every_table_has_a_file(build)  # the views read every table, resolution_links (empty so far) too
    with tempfile.TemporaryDirectory(prefix="accord-resolve-") as spill:
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": spill})
        try:
            store.create_views(con, build)
            orgs = _dicts(con, "SELECT organization_id, name, acronym, source FROM organizations")
            agreements = _dicts(con, """
                SELECT a.agreement_id, a.doc_id, a.agreement_type, a.event, a.title, a.signed_date, a.signed_date_precision,
                       a.rule, a.text, a.sentence, d.published_date
                FROM agreements a JOIN documents d USING (doc_id)""")
            parties = con.execute("SELECT agreement_id, organization_id, name FROM agreement_parties").fetchall()
            money = _dicts(con, """
                SELECT f.figure_id, f.doc_id, f.value, f.unit, f.money_type, f.qualifier, f.char_start, f.sentence,
                       d.published_date, p.funder_id, p.recipient_id, l.agreement_id
                FROM figures f JOIN documents d USING (doc_id)
                LEFT JOIN money_parties p USING (figure_id)
                LEFT JOIN figure_agreements l USING (figure_id)
                WHERE f.kind = 'money' AND f.equivalent_of IS NULL""")
        finally:
            con.close()
    organizations = resolve.resolve_organizations(orgs)
    canonical = lambda oid: organizations[oid].resolved_id if oid in organizations else oid
    by_agreement: dict[str, set[str]] = {}
    names: dict[str, list[str]] = {}
    for agreement_id, organization_id, name in parties:
        by_agreement.setdefault(agreement_id, set()).add(canonical(organization_id))
        names.setdefault(agreement_id, []).append(name)
    instruments = resolve.resolve_instruments(agreements, by_agreement, resolve.acronym_index(orgs, organizations), names)
    del agreements, parties, by_agreement, names  # the flow process goes on to the checks: hold no more than needed
    instrument_of = {link.mention_id: link.resolved_id for link in instruments}
    for m in money:
        m["funder_id"], m["recipient_id"] = (canonical(m[k]) if m[k] else None for k in ("funder_id", "recipient_id"))
        m["instrument_id"] = instrument_of.get(m.pop("agreement_id"))
    commitments = resolve.resolve_commitments(money)
    links = [*organizations.values(), *instruments, *commitments]
    store.replace_parts(build, "resolution_links", links_table(links))
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
