"""Column contracts run on every build, dbt style: each check is a SQL query that returns the failing rows.

The checks are derived from the schemas (keys, required columns, vocabularies) and from the analyst views
(their keys, and that their totals agree with the contract tables). A build whose checks fail is never
published, so dashboards keep reading the previous warehouse.

Most checks are about the rows of one document at a time (offsets, vocabularies, the views' logic): on a
build they run over the Parquet parts it wrote, a chunk of documents at a time, so that memory stays
bounded and rows an earlier build checked with the same code are not checked again. The others are about
whole tables (keys across documents, the merged organizations) and read only the columns they need.
"""
from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from currency_converter import RateNotFoundError

from transforms.fx import converter
from warehouse import store
from warehouse.schemas import KEYS, TABLES, VOCABULARIES

# Keys of the analyst views in warehouse/views.sql: one row per figure, agreement or pair.
VIEW_KEYS: dict[str, tuple[str, ...]] = {
    "figure_agreements": ("figure_id",),
    "funding": ("figure_id",),
    "exchanges": ("figure_id",),
    "agreements_timeline": ("agreement_id",),
    "partners": ("organization_id_a", "organization_id_b"),
    "durations": ("figure_id",),
    "instruments": ("instrument_id",),
    "commitments": ("commitment_id",),
}

# Accepted values of vocabulary columns the views derive.
VIEW_VOCABULARIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("exchanges", "moved"): ("people", "visits"),
}

# The relation run_checks registers with the USD rate each money figure should have been converted at.
EXPECTED_RATES = "expected_usd_rates"
RATES_SCHEMA = pa.schema([("currency", pa.string()), ("rate_date", pa.date32()), ("usd_per_unit", pa.float64())])
RELATIVE_TOLERANCE = 1e-9

DOCUMENTS, WAREHOUSE = "documents", "warehouse"  # the scopes of checks
# Tables rewritten whole by every build (merged across documents, or the run's own list): their rows are
# checked whole, and document checks see all of them.
WHOLE_TABLES = ("organizations", "rejected_documents", "fetch_failures", "resolution_links")
CHUNK_DOCUMENTS = 10_000  # documents per chunk of document checks (a 100k-document build checked this way: 830 MB at most)
MEMORY_LIMIT = "600MB"  # DuckDB's memory for checks; it spills to a temporary folder beyond it


@dataclass(frozen=True)
class Check:
    table: str
    name: str
    sql: str  # selects the offending rows, the columns that show what is wrong first
    # DOCUMENTS: holds for any set of whole documents (run on the rows a build wrote, chunk by chunk);
    # WAREHOUSE: needs whole tables (run once per build, on the columns it names)
    scope: str = DOCUMENTS
    # A check SQL cannot state at a cost linear in the data: it gets the connection and returns the number
    # of offending rows and an example (sql then only says what it does, for the record).
    find: Callable[[duckdb.DuckDBPyConnection], tuple[int, dict | None]] | None = None
    # A condition on single rows of `table` (sql then selects the rows meeting it): such checks of one table
    # are counted together, in one pass over it, and sql runs only for those that fail, for an example.
    where: str | None = None


@dataclass(frozen=True)
class Failure:
    check: Check
    n_rows: int
    example: dict

    def message(self) -> str:
        return f"{self.check.table}: check '{self.check.name}' failed for {self.n_rows} row(s), e.g. {self.example}"


def failures_markdown(failures: list[Failure]) -> str:
    """The failed checks as a markdown table: table, check, offending rows and one example."""
    cell = lambda s: str(s).replace("|", "\\|").replace("\n", " ")
    lines = ["# Data checks failed: the build was not published", "", "| table | check | rows | example |", "|---|---|---:|---|"]
    lines += [f"| {f.check.table} | {cell(f.check.name)} | {f.n_rows} | {cell(f.example)} |" for f in failures]
    return "\n".join(lines) + "\n"


class ChecksFailed(RuntimeError):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__("data checks failed:\n" + "\n".join("  " + f.message() for f in failures))


OFFSET_TABLES = [t for t, s in TABLES.items() if "char_start" in s.names and t != "documents"]


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


def _rows(table: str, where: str, first: tuple[str, ...]) -> str:
    """The offending rows of `table`, with the columns that show the fault first so the example reads well."""
    cols = ", ".join(dict.fromkeys(first))
    return f"SELECT {cols}, * EXCLUDE ({cols}) FROM {table} WHERE {where}"


def _row_check(table: str, name: str, where: str, first: tuple[str, ...], scope: str = DOCUMENTS) -> Check:
    return Check(table, name, _rows(table, where, first), scope, where=where)


def _unique(table: str, key: tuple[str, ...], scope: str) -> Check:
    """Keys that more than one row has; only the key columns are read, so a whole table is checked cheaply."""
    cols = ", ".join(key)
    return Check(table, f"unique {cols}", f"SELECT {cols}, count(*) AS rows_with_this_key FROM {table} GROUP BY {cols} HAVING count(*) > 1", scope)


def _scope(table: str) -> str:
    return WAREHOUSE if table in WHOLE_TABLES else DOCUMENTS


def _accepted(table: str, column: str, values: tuple[str, ...], key: tuple[str, ...]) -> Check:
    return _row_check(table, f"accepted values {column}", f"{column} IS NOT NULL AND {column} NOT IN ({_quoted(values)})", (column, *key), _scope(table))


def contract_checks() -> list[Check]:
    """Unique keys, required columns, vocabularies, provenance offsets, money and relationships, from the schemas."""
    checks: list[Check] = [_unique(table, key, WAREHOUSE) for table, key in KEYS.items()]
    for table, schema in TABLES.items():
        for field in schema:
            if not field.nullable:
                checks.append(_row_check(table, f"not null {field.name}", f"{field.name} IS NULL", (*KEYS[table], field.name), _scope(table)))
    checks += [_accepted(table, column, values, KEYS[table]) for (table, column), values in VOCABULARIES.items()]
    for table in OFFSET_TABLES:
        sql = _offset_rows_sql(table, KEYS[table][0])
        checks.append(Check(table, "offsets inside the document and equal to text", sql, find=partial(_offsets_not_at_text, table, KEYS[table][0])))
    checks.append(_row_check("figures", "value, value_high and value_usd finite and within the bound of the kind", " OR ".join(
        f"({column} IS NOT NULL AND (NOT isfinite({column}) OR abs({column}) >= {_bound_of_kind()}))"
        for column in ("value", "value_high", "value_usd")), ("figure_id", "kind", "unit", "value", "value_high", "value_usd")))
    checks += [
        Check("figures", "equivalent_of points at a primary money figure of the same document", """
            SELECT f.figure_id, f.equivalent_of, f.kind, f.text, p.figure_id AS primary_figure_id, p.equivalent_of AS primary_equivalent_of,
                   p.kind AS primary_kind, p.doc_id AS primary_doc_id
            FROM figures f LEFT JOIN figures p ON p.figure_id = f.equivalent_of
            WHERE f.equivalent_of IS NOT NULL
              AND (p.figure_id IS NULL OR p.equivalent_of IS NOT NULL OR p.doc_id <> f.doc_id OR p.kind <> 'money' OR f.kind <> 'money')"""),
        Check("figures", "value_usd equals value at the ECB rate of fx_rate_date", f"""
            SELECT f.figure_id, f.value, f.unit, f.fx_rate_date, f.value_usd, r.usd_per_unit, f.value * r.usd_per_unit AS expected_value_usd, f.text
            FROM figures f LEFT JOIN {EXPECTED_RATES} r ON r.currency = f.unit AND r.rate_date = f.fx_rate_date
            WHERE f.kind = 'money' AND f.value_usd IS NOT NULL
              AND (r.usd_per_unit IS NULL OR abs(f.value_usd - f.value * r.usd_per_unit) > {RELATIVE_TOLERANCE} * greatest(1, abs(f.value_usd)))"""),
        _row_check("figures", "value_usd NULL only with a reason", "kind = 'money' AND value_usd IS NULL AND fx_note IS NULL", ("figure_id", "unit", "value_usd", "fx_note")),
        _row_check("figures", "columns required for the kind", """
              (kind = 'money' AND (money_type IS NULL OR is_exchange IS NOT NULL OR duration_days IS NOT NULL))
              OR (kind = 'count' AND (is_exchange IS NULL OR value_usd IS NOT NULL))
              OR (kind = 'duration' AND (duration_days IS NULL OR value_usd IS NOT NULL))""", ("figure_id", "kind", "money_type", "is_exchange", "duration_days", "value_usd")),
        _row_check("figures", "unit fits the kind", """
              (kind = 'duration' AND unit NOT IN ('day', 'week', 'month', 'year'))
              OR (kind = 'percent' AND unit <> 'percent')
              OR (kind = 'money' AND NOT regexp_full_match(unit, '[A-Z]{3}'))
              OR (kind <> 'money' AND money_type IS NOT NULL)""", ("figure_id", "kind", "unit", "money_type")),
        Check("agreement_parties", "agreement exists", "SELECT p.* FROM agreement_parties p ANTI JOIN agreements a USING (agreement_id)"),
        Check("agreement_parties", "organization exists", "SELECT p.* FROM agreement_parties p ANTI JOIN organizations o USING (organization_id)"),
        Check("organization_mentions", "organization exists", "SELECT m.mention_id, m.organization_id, m.text FROM organization_mentions m ANTI JOIN organizations o USING (organization_id)"),
        Check("people", "organization exists", "SELECT p.person_id, p.organization_id, p.text FROM people p ANTI JOIN organizations o USING (organization_id) WHERE p.organization_id IS NOT NULL"),
        Check("figures", "included_in points at an exchange count before it in the same document", """
            SELECT f.figure_id, f.included_in, f.kind, f.is_exchange, f.text, p.figure_id AS including_figure_id, p.doc_id AS including_doc_id
            FROM figures f LEFT JOIN figures p ON p.figure_id = f.included_in
            WHERE f.included_in IS NOT NULL
              AND (p.figure_id IS NULL OR p.doc_id <> f.doc_id OR p.char_end > f.char_start OR NOT (f.kind = 'count' AND f.is_exchange)
                   OR NOT (p.kind = 'count' AND p.is_exchange))"""),
        _row_check("agreements", "resolved to an instrument", "instrument_id IS NULL OR match_rule IS NULL", ("agreement_id", "instrument_id", "match_rule")),
        _row_check("figures", "every primary money figure resolved to a commitment or marked a sum of parts", """
              kind = 'money' AND equivalent_of IS NULL AND (match_rule IS NULL OR (commitment_id IS NULL) <> coalesce(is_sum_of_parts, false))""",
              ("figure_id", "commitment_id", "is_sum_of_parts", "match_rule")),
        _row_check("figures", "only primary money figures resolved", "NOT (kind = 'money' AND equivalent_of IS NULL) AND match_rule IS NOT NULL", ("figure_id", "kind", "match_rule")),
        Check("organizations", "resolved to an organization that is its own canonical one", """
            SELECT o.organization_id, o.resolved_organization_id, c.resolved_organization_id AS canonical_resolves_to
            FROM organizations o LEFT JOIN organizations c ON c.organization_id = o.resolved_organization_id
            WHERE c.organization_id IS NULL OR c.resolved_organization_id <> c.organization_id""", WAREHOUSE),
        Check("resolution_links", "mention exists", """
            SELECT r.entity, r.mention_id FROM resolution_links r
            WHERE (r.entity = 'instrument' AND r.mention_id NOT IN (SELECT agreement_id FROM agreements))
               OR (r.entity = 'commitment' AND r.mention_id NOT IN (SELECT figure_id FROM figures))
               OR (r.entity = 'organization' AND r.mention_id NOT IN (SELECT organization_id FROM organizations))""", WAREHOUSE),
        Check("resolution_links", "one first report per instrument and commitment", """
            SELECT entity, resolved_id, count(*) FILTER (WHERE match_rule = 'first_report') AS first_reports FROM resolution_links
            WHERE entity IN ('instrument', 'commitment') AND resolved_id IS NOT NULL GROUP BY ALL HAVING first_reports <> 1""", WAREHOUSE),
        Check("agreements", "document exists", "SELECT a.agreement_id, a.doc_id, a.text FROM agreements a ANTI JOIN documents d USING (doc_id)"),
        Check("figures", "document exists", "SELECT f.figure_id, f.doc_id, f.text FROM figures f ANTI JOIN documents d USING (doc_id)"),
    ]
    return checks


# The largest value a figure of each kind may have: far above any real one (the largest public
# commitments are about 1e13 in any currency; the world has 8e9 people), far below what a misread digit
# string gives (a 400-digit amount is inf as a double). value_usd is held to the money bound too.
VALUE_BOUNDS = {"money": 1e15, "count": 1e12, "duration": 1e6, "percent": 1e6}


def _bound_of_kind() -> str:
    return "CASE kind " + " ".join(f"WHEN '{kind}' THEN {bound}" for kind, bound in VALUE_BOUNDS.items()) + " END"


def _offset_rows_sql(table: str, key: str) -> str:
    """Every row of `table` with offsets, with the text of its document (what the check verifies, for the record)."""
    return f"SELECT t.doc_id, t.{key}, t.char_start, t.char_end, t.text, d.text AS document_text FROM {table} t LEFT JOIN documents d USING (doc_id)"


OFFSET_GROUP_CHARS = 16_000_000  # document text held at once by the offsets check (a few times this in bytes)
OFFSET_DOCUMENTS = "offset_check_documents"  # the relation naming the documents of one group


def _offsets_not_at_text(table: str, key: str, con: duckdb.DuckDBPyConnection, group_chars: int = OFFSET_GROUP_CHARS) -> tuple[int, dict | None]:
    """Rows whose document is missing or whose offsets lie outside it or do not slice out their text.
    Python slices a str in time proportional to the slice (DuckDB's substr walks the UTF-8 text from its
    start, per row: a 20 MB document with its rows took minutes), so the cost is linear in the data. The
    texts are taken a group of documents at a time (about group_chars characters), each group's rows
    streamed after them: no sort of the texts with the rows (which held every text of a chunk twice)."""
    n_bad, example = 0, None

    def check(rows: Iterator[tuple], texts: dict[str, str]) -> None:
        nonlocal n_bad, example
        for row_doc, row_key, start, end, row_text in rows:
            own = texts.get(row_doc)
            if own is not None and start is not None and end is not None and 0 <= start < end <= len(own) and own[start:end] == row_text:
                continue
            n_bad += 1
            if example is None:
                example = {key: row_key, "doc_id": row_doc, "char_start": start, "char_end": end,
                           "document_n_chars": None if own is None else len(own), "text": row_text,
                           "document_text_at_offsets": None if own is None or start is None or end is None else own[max(0, start):max(0, end)]}

    columns = f"t.doc_id, t.{key}, t.char_start, t.char_end, t.text"
    check(_stream(con, f"SELECT {columns} FROM {table} t ANTI JOIN documents d USING (doc_id)"), {})  # no document at all
    texts: dict[str, str] = {}
    n_chars = 0
    documents = con.execute(f"SELECT doc_id, text FROM documents SEMI JOIN (SELECT DISTINCT doc_id FROM {table}) USING (doc_id)")
    for batch in documents.to_arrow_reader(1_000):
        for doc_id, text in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist()):
            texts[doc_id] = text or ""
            n_chars += len(text or "")
            if n_chars >= group_chars:
                check(_rows_of(con, table, columns, texts), texts)
                texts, n_chars = {}, 0
    if texts:
        check(_rows_of(con, table, columns, texts), texts)
    return n_bad, example


def _rows_of(con: duckdb.DuckDBPyConnection, table: str, columns: str, texts: dict[str, str]) -> Iterator[tuple]:
    con.register(OFFSET_DOCUMENTS, pa.table({"doc_id": pa.array(list(texts), pa.string())}))
    try:
        yield from _stream(con, f"SELECT {columns} FROM {table} t SEMI JOIN {OFFSET_DOCUMENTS} USING (doc_id)")
    finally:
        con.unregister(OFFSET_DOCUMENTS)


def _stream(con: duckdb.DuckDBPyConnection, sql: str) -> Iterator[tuple]:
    for batch in con.execute(sql).to_arrow_reader(10_000):
        yield from zip(*(column.to_pylist() for column in batch.columns))


def view_checks() -> list[Check]:
    """The analyst views keep their keys and agree with the contract tables they summarise."""
    checks: list[Check] = [_unique(view, key, DOCUMENTS) for view, key in VIEW_KEYS.items()]
    checks += [_accepted(view, column, values, VIEW_KEYS[view]) for (view, column), values in VIEW_VOCABULARIES.items()]
    checks += [
        Check("funding", "totals equal the sum of the first report of every commitment", """
            SELECT v.amounts, p.amounts AS commitments, v.usd, p.usd AS commitments_usd
            FROM (SELECT count(*) AS amounts, coalesce(sum(value_usd), 0) AS usd FROM funding) v,
                 (SELECT count(*) AS amounts, coalesce(sum(value_usd), 0) AS usd FROM figures
                  WHERE kind = 'money' AND equivalent_of IS NULL AND commitment_id IS NOT NULL AND match_rule = 'first_report') p
            WHERE v.amounts <> p.amounts OR abs(v.usd - p.usd) > 1e-6 * greatest(1, abs(p.usd))"""),
        Check("funding", "each commitment once", "SELECT commitment_id, count(*) AS rows_with_this_commitment FROM funding GROUP BY 1 HAVING count(*) > 1"),
        Check("funding", "no bracketed conversion counted", """
            SELECT v.figure_id, f.equivalent_of, v.text FROM funding v JOIN figures f USING (figure_id) WHERE f.equivalent_of IS NOT NULL"""),
        Check("exchanges", "one row per exchange count", """
            SELECT f.figure_id, f.text FROM figures f ANTI JOIN exchanges v USING (figure_id) WHERE f.kind = 'count' AND f.is_exchange
            UNION ALL
            SELECT v.figure_id, v.text FROM exchanges v ANTI JOIN figures f ON f.figure_id = v.figure_id AND f.kind = 'count' AND f.is_exchange"""),
        Check("exchanges", "included_in as in figures", """
            SELECT v.figure_id, v.included_in, f.included_in AS figures_included_in, v.text FROM exchanges v JOIN figures f USING (figure_id)
            WHERE v.included_in IS DISTINCT FROM f.included_in"""),
        Check("agreements_timeline", "one row per agreement", """
            SELECT a.agreement_id, a.text FROM agreements a ANTI JOIN agreements_timeline t USING (agreement_id)"""),
        Check("durations", "one row per duration figure", """
            SELECT f.figure_id, f.text FROM figures f ANTI JOIN durations d USING (figure_id) WHERE f.kind = 'duration'"""),
    ]
    return checks


def all_checks() -> list[Check]:
    return contract_checks() + view_checks()


def expected_usd_rates(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """USD per unit of each (currency, fx_rate_date) the money figures use, straight from the ECB rates."""
    pairs = con.execute("SELECT DISTINCT unit, fx_rate_date FROM figures WHERE kind = 'money' AND value_usd IS NOT NULL AND fx_rate_date IS NOT NULL").fetchall()
    rates = [{"currency": currency, "rate_date": day, "usd_per_unit": _usd_per_unit(currency, day)} for currency, day in pairs]
    return pa.Table.from_pylist(rates, schema=RATES_SCHEMA)


def _usd_per_unit(currency: str, day: dt.date) -> float | None:
    if currency == "USD":
        return 1.0
    try:
        return converter().convert(1.0, currency, "USD", date=day)
    except (RateNotFoundError, ValueError):  # no ECB rate on that very day, or a currency the ECB does not quote
        return None


def run_checks(con: duckdb.DuckDBPyConnection, checks: list[Check] | None = None) -> list[Failure]:
    """Every check's offending rows over the whole database of `con`: an empty list means it may be published."""
    checks = all_checks() if checks is None else checks
    if any(c.scope == DOCUMENTS for c in checks):
        con.register(EXPECTED_RATES, expected_usd_rates(con))
    failing = _failing_row_checks(con, [c for c in checks if c.where is not None])
    failures = []
    for check in checks:
        if check.where is not None and check not in failing:
            continue
        if check.find is not None:
            n_bad, example = check.find(con)
            if n_bad:
                failures.append(Failure(check, n_bad, {k: (str(v)[:80] if isinstance(v, str) else v) for k, v in example.items()}))
            continue
        cur = con.execute(f"SELECT count(*) OVER () AS _n, * FROM ({check.sql}) LIMIT 1")
        row = cur.fetchone()
        if row:
            cols = [d[0] for d in cur.description]
            example = {k: (str(v)[:80] if isinstance(v, str) else v) for k, v in zip(cols[1:], row[1:])}
            failures.append(Failure(check, int(row[0]), example))
    return failures


def _failing_row_checks(con: duckdb.DuckDBPyConnection, checks: list[Check]) -> set[Check]:
    """The row checks that some row fails: one pass per table, every condition of it counted at once."""
    by_table: dict[str, list[Check]] = {}
    for check in checks:
        by_table.setdefault(check.table, []).append(check)
    failing = set()
    for table, group in by_table.items():
        counts = con.execute(f"SELECT {', '.join(f'count(*) FILTER (WHERE {c.where})' for c in group)} FROM {table}").fetchone()
        failing.update(c for c, n in zip(group, counts) if n)
    return failing


def check_build(build: Path, checked_before: Iterable[Path] = (), chunk_documents: int = CHUNK_DOCUMENTS) -> list[Failure]:
    """Every check on a build, in bounded memory: the warehouse checks over its database, the document checks
    over its Parquet parts but those in `checked_before` (rows an earlier build checked with this code), a
    chunk of parts at a time. A failure found in several chunks is reported once, with its rows summed."""
    checks = all_checks()
    with tempfile.TemporaryDirectory(prefix="accord-checks-") as spill:
        config = {"memory_limit": MEMORY_LIMIT, "temp_directory": spill}
        con = duckdb.connect(str(build / store.DB_NAME), read_only=True, config=config)
        try:
            failures = run_checks(con, [c for c in checks if c.scope == WAREHOUSE])
        finally:
            con.close()
        for files in document_chunks(build, set(checked_before), chunk_documents):
            con = duckdb.connect(config=config)
            try:
                store.create_views(con, build, files=files, materialized=True)
                materialize(con)
                failures += run_checks(con, [c for c in checks if c.scope == DOCUMENTS])
            finally:
                con.close()
    return _merged(failures)


# The views document checks read, in the order they build on each other: each is evaluated once per chunk
# into a table, instead of once for each check that reads it (funding alone is read by five).
MATERIALIZED_VIEWS = ("figure_agreements", "money_parties", "funding_mentions", "commitments", "funding", "exchanges", "durations")
# Views that only later views read, no check: dropped once those are tables (with their sentences and
# contexts they were a third of the materialized views' memory).
INTERMEDIATE_VIEWS = ("money_parties", "funding_mentions")


def materialize(con: duckdb.DuckDBPyConnection) -> None:
    """The views several checks read as tables of the connection under their own names: the checks' SQL is
    unchanged, and each view is evaluated once."""
    for name in MATERIALIZED_VIEWS:
        con.execute(f"CREATE TABLE materialized_{name} AS FROM {name}")
        con.execute(f"CREATE OR REPLACE VIEW {name} AS FROM materialized_{name}")
    for name in INTERMEDIATE_VIEWS:
        con.execute(f"DROP VIEW {name}")
        con.execute(f"DROP TABLE materialized_{name}")


def document_chunks(build: Path, checked_before: set[Path], chunk_documents: int) -> Iterator[dict[str, list[Path]]]:
    """The files of each table to check together: the parts of one batch (same name in every table) stay in
    one chunk, so a chunk holds whole documents; tables rewritten whole come with every chunk."""
    by_part: dict[str, dict[str, list[Path]]] = {}
    for table in TABLES:
        if table in WHOLE_TABLES:
            continue
        for path in store.parts(build, table):
            if path not in checked_before:
                by_part.setdefault(path.stem, {}).setdefault(table, []).append(path)
    whole = {table: store.parts(build, table) for table in WHOLE_TABLES}
    chunk: dict[str, list[Path]] = {}
    size = 0
    for part in sorted(by_part):
        for table, paths in by_part[part].items():
            chunk.setdefault(table, []).extend(paths)
        size += sum(pq.ParquetFile(p).metadata.num_rows for p in by_part[part].get("documents", []))
        if size >= chunk_documents:
            yield {**chunk, **whole}
            chunk, size = {}, 0
    if chunk:
        yield {**chunk, **whole}


def _merged(failures: list[Failure]) -> list[Failure]:
    out: dict[Check, Failure] = {}
    for f in failures:
        seen = out.get(f.check)
        out[f.check] = Failure(f.check, seen.n_rows + f.n_rows, seen.example) if seen else f
    return list(out.values())
