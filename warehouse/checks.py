"""Column contracts run on every build, dbt style: each check is a SQL query that returns the failing rows.

A build whose checks fail is never published, so dashboards keep reading the previous warehouse.
"""
from __future__ import annotations

from dataclasses import dataclass

import duckdb

from warehouse.schemas import KEYS, TABLES, VOCABULARIES


@dataclass(frozen=True)
class Check:
    table: str
    name: str
    sql: str  # selects the offending rows


@dataclass(frozen=True)
class Failure:
    check: Check
    n_rows: int
    example: dict

    def message(self) -> str:
        return f"{self.check.table}: check '{self.check.name}' failed for {self.n_rows} row(s), e.g. {self.example}"


class ChecksFailed(RuntimeError):
    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__("data checks failed:\n" + "\n".join("  " + f.message() for f in failures))


OFFSET_TABLES = [t for t, s in TABLES.items() if "char_start" in s.names and t != "documents"]


def contract_checks() -> list[Check]:
    """Unique keys, required columns, vocabularies, provenance offsets and relationships, from the schemas."""
    checks: list[Check] = []
    for table, key in KEYS.items():
        cols = ", ".join(key)
        checks.append(Check(table, f"unique {cols}", f"SELECT {cols}, count(*) AS n FROM {table} GROUP BY ALL HAVING count(*) > 1"))
    for table, schema in TABLES.items():
        for field in schema:
            if not field.nullable:
                checks.append(Check(table, f"not null {field.name}", f"SELECT * FROM {table} WHERE {field.name} IS NULL"))
    for (table, column), values in VOCABULARIES.items():
        accepted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
        checks.append(Check(table, f"accepted values {column}", f"SELECT {column}, count(*) AS n FROM {table} WHERE {column} IS NOT NULL AND {column} NOT IN ({accepted}) GROUP BY ALL"))
    for table in OFFSET_TABLES:
        key = KEYS[table][0]
        checks.append(Check(table, "offsets inside the document and equal to text", f"""
            SELECT t.{key}, t.doc_id, t.char_start, t.char_end, t.text
            FROM {table} t LEFT JOIN documents d USING (doc_id)
            WHERE d.doc_id IS NULL OR t.char_start < 0 OR t.char_end > d.n_chars OR t.char_end <= t.char_start
               OR substr(d.text, t.char_start + 1, t.char_end - t.char_start) <> t.text"""))
    checks += [
        Check("figures", "equivalent_of points at a primary money figure of the same document", """
            SELECT f.figure_id, f.equivalent_of FROM figures f LEFT JOIN figures p ON p.figure_id = f.equivalent_of
            WHERE f.equivalent_of IS NOT NULL AND (p.figure_id IS NULL OR p.equivalent_of IS NOT NULL OR p.doc_id <> f.doc_id OR p.kind <> 'money')"""),
        Check("figures", "value_usd consistent with value and currency", """
            SELECT figure_id, value, unit, value_usd FROM figures
            WHERE kind = 'money' AND value_usd IS NOT NULL
              AND ((unit = 'USD' AND abs(value_usd - value) > 1e-6 * greatest(1, abs(value)))
                   OR value_usd < 0 OR (value > 0 AND value_usd = 0) OR fx_rate_date IS NULL)"""),
        Check("figures", "value_usd NULL only with a reason", "SELECT figure_id, unit FROM figures WHERE kind = 'money' AND value_usd IS NULL AND fx_note IS NULL"),
        Check("figures", "unit fits the kind", """
            SELECT figure_id, kind, unit FROM figures
            WHERE (kind = 'duration' AND unit NOT IN ('day', 'week', 'month', 'year'))
               OR (kind = 'percent' AND unit <> 'percent')
               OR (kind = 'money' AND NOT regexp_full_match(unit, '[A-Z]{3}'))
               OR (kind <> 'money' AND money_type IS NOT NULL)"""),
        Check("agreement_parties", "agreement exists", "SELECT p.* FROM agreement_parties p ANTI JOIN agreements a USING (agreement_id)"),
        Check("agreement_parties", "organization exists", "SELECT p.* FROM agreement_parties p ANTI JOIN organizations o USING (organization_id)"),
        Check("organization_mentions", "organization exists", "SELECT m.mention_id, m.organization_id FROM organization_mentions m ANTI JOIN organizations o USING (organization_id)"),
        Check("agreements", "document exists", "SELECT a.agreement_id, a.doc_id FROM agreements a ANTI JOIN documents d USING (doc_id)"),
        Check("figures", "document exists", "SELECT f.figure_id, f.doc_id FROM figures f ANTI JOIN documents d USING (doc_id)"),
    ]
    return checks


def run_checks(con: duckdb.DuckDBPyConnection, checks: list[Check] | None = None) -> list[Failure]:
    """Every check's offending rows: an empty list means the build may be published."""
    failures = []
    for check in checks or contract_checks():
        cur = con.execute(f"SELECT count(*) OVER () AS _n, * FROM ({check.sql}) LIMIT 1")
        row = cur.fetchone()
        if row:
            cols = [d[0] for d in cur.description]
            example = {k: (str(v)[:80] if isinstance(v, str) else v) for k, v in zip(cols[1:], row[1:])}
            failures.append(Failure(check, int(row[0]), example))
    return failures
