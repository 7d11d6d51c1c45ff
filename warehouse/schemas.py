"""One pyarrow schema per warehouse table: the single place column names, types and docs live.

Everything else (DataFrame column order, Parquet writing, DuckDB COMMENT ON, the data
dictionary, the data checks) is derived from these schemas, never retyped.
"""
from __future__ import annotations

import pyarrow as pa


def col(name: str, type_: pa.DataType, doc: str, nullable: bool = True) -> pa.Field:
    return pa.field(name, type_, nullable=nullable, metadata={"doc": doc})


OFFSETS = [
    col("text", pa.string(), "The exact words in documents.text this row was extracted from.", False),
    col("char_start", pa.int64(), "0-based offset of the first character of `text` in documents.text.", False),
    col("char_end", pa.int64(), "0-based offset one past the last character of `text` in documents.text.", False),
]
PROVENANCE = [
    col("sentence", pa.string(), "The sentence the row came from."),
    col("confidence", pa.float64(), "How sure the extractor is (0..1); filter on it to trade recall for precision.", False),
    col("rule", pa.string(), "The pattern or rule that produced the row, for debugging.", False),
]

DOCUMENTS = pa.schema([
    col("doc_id", pa.string(), "Stable id: the first 16 hex digits of the sha256 of the normalised text.", False),
    col("source_name", pa.string(), "File name of the document.", False),
    col("source_path", pa.string(), "Path of the file relative to the documents folder."),
    col("title", pa.string(), "Headline or title of the document, when it has one."),
    col("published_date", pa.date32(), "Publication date (first day of the month or year when the text gives less)."),
    col("published_date_precision", pa.string(), "day, month or year."),
    col("published_date_basis", pa.string(), "Where the publication date came from: metadata (the file's own, e.g. an HTML meta tag), header ('date 2024-01-02'), posted_line ('Posted On: ...'), date_line (a line that is only a date, near the top), dateline ('TOKYO, March 3 -'), byline (a by-line or section line with a date part: 'By A. Roe | 3 Feb 2025'), relative_date ('tomorrow on December 6, 2017'), signature ('Done at ... on ...'), closing_date, given (by the caller) or none."),
    col("text", pa.string(), "The normalised text that every offset in the warehouse refers to.", False),
    col("sha256", pa.string(), "sha256 of the normalised text.", False),
    col("n_chars", pa.int64(), "Length of `text` in characters.", False),
    col("n_words", pa.int64(), "Number of whitespace-separated words in `text`.", False),
    col("source", pa.string(), "Name of the source in sources.yaml the document came from; NULL for a run on a folder (--docs)."),
    col("source_url", pa.string(), "URL the page was fetched from (normalised); NULL for a file from a folder."),
    col("fetched_at", pa.timestamp("us", tz="UTC"), "When the page's current text was first fetched (kept in the WARC archive); NULL for a file from a folder."),
    col("ingested_at", pa.timestamp("us", tz="UTC"), "When the document was first loaded into the warehouse.", False),
])

FIGURES = pa.schema([
    col("figure_id", pa.string(), "Stable id of the figure (document, offsets, kind).", False),
    col("doc_id", pa.string(), "Document the figure is stated in.", False),
    col("kind", pa.string(), "money, count, duration or percent.", False),
    col("value", pa.float64(), "The number as stated, magnitudes applied (Rs 3,500 crore = 3.5e10).", False),
    col("unit", pa.string(), "ISO 4217 code for money; day/week/month/year for durations; singular head noun for counts; percent.", False),
    col("qualifier", pa.string(), "exact, approx, more_than, at_least, at_most or less_than.", False),
    col("value_high", pa.float64(), "Upper end of a range ('10-15 students'); NULL for a single value."),
    col("money_type", pa.string(), "Money only: grant, loan, investment, economic_impact or unspecified."),
    col("is_exchange", pa.bool_(), "Counts only: true when people or visits move between the partners."),
    col("equivalent_of", pa.string(), "figure_id of the primary figure when this one is a conversion of it; never add these to totals."),
    col("included_in", pa.string(), "Exchange counts only: figure_id of the count just before this one when this one is part of it ('2,849 students including 850 high-school students'); add only counts with included_in NULL."),
    col("value_usd", pa.float64(), "Money only: value in US dollars at the ECB reference rate of fx_rate_date."),
    col("fx_rate_date", pa.date32(), "Money only: date of the ECB rate used for value_usd."),
    col("fx_note", pa.string(), "Money only: why value_usd is NULL, or which date basis the rate used."),
    col("duration_days", pa.float64(), "Durations only: the length in days (month = 30.4375, year = 365.25)."),
    *OFFSETS,
    *PROVENANCE,
])

AGREEMENTS = pa.schema([
    col("agreement_id", pa.string(), "Stable id of the agreement (document, offsets).", False),
    col("doc_id", pa.string(), "Document that reports the agreement.", False),
    col("agreement_type", pa.string(), "MoU, MoC, Implementing Arrangement, Letter of Intent, Agreement, Arrangement, Action Plan, Joint Statement, Joint Declaration, Record of Discussions or Exchange of Notes.", False),
    col("event", pa.string(), "What the text reports: signing, renewal, extension or adoption.", False),
    col("title", pa.string(), "Subject of the instrument as the text names it ('on India-Japan Digital Partnership')."),
    col("signed_date", pa.date32(), "Date of signing (or renewal), first day of the month or year at lower precision."),
    col("signed_date_precision", pa.string(), "day, month or year."),
    col("expires_date", pa.date32(), "Date the instrument expires, when stated or computed from signed_date + duration."),
    col("expires_date_precision", pa.string(), "day, month or year."),
    col("duration_value", pa.float64(), "Term of the instrument as stated (5 for 'five years')."),
    col("duration_unit", pa.string(), "day, week, month or year."),
    *OFFSETS,
    *PROVENANCE,
])

AGREEMENT_PARTIES = pa.schema([
    col("agreement_id", pa.string(), "The agreement.", False),
    col("organization_id", pa.string(), "The party, resolved to an organization.", False),
    col("name", pa.string(), "Canonical name of the party.", False),
])

ORGANIZATIONS = pa.schema([
    col("organization_id", pa.string(), "Stable id: the same body has the same id across all documents.", False),
    col("name", pa.string(), "Canonical name.", False),
    col("acronym", pa.string(), "Acronym, when the body has one."),
    col("country", pa.string(), "ISO 3166-1 alpha-2 country, NULL for multinational bodies or when unknown."),
    col("source", pa.string(), "reference (from seeds/reference/organizations.csv) or text (defined in a document).", False),
])

ORGANIZATION_MENTIONS = pa.schema([
    col("mention_id", pa.string(), "Stable id of the mention.", False),
    col("organization_id", pa.string(), "The organization mentioned.", False),
    col("doc_id", pa.string(), "The document.", False),
    *OFFSETS,
    *PROVENANCE,
])

PEOPLE = pa.schema([
    col("person_id", pa.string(), "Stable id of the person mention (document, offsets).", False),
    col("doc_id", pa.string(), "The document.", False),
    col("name", pa.string(), "Name as written, without honorifics.", False),
    col("honorific", pa.string(), "Prof., Dr., Mr., H.E., Shri ..."),
    col("role", pa.string(), "Role or title given in the text."),
    col("organization_id", pa.string(), "Organization the role belongs to, when named."),
    *OFFSETS,
    *PROVENANCE,
])

REJECTED_DOCUMENTS = pa.schema([
    col("source_name", pa.string(), "File name.", False),
    col("source_path", pa.string(), "Path relative to the documents folder.", False),
    col("reason", pa.string(), "Why the file was not loaded.", False),
    col("rejected_at", pa.timestamp("us", tz="UTC"), "When.", False),
])

FETCH_FAILURES = pa.schema([
    col("source", pa.string(), "Name of the source in sources.yaml.", False),
    col("url", pa.string(), "The feed, sitemap or page that gave no document.", False),
    col("reason", pa.string(), "Why: HTTP status, timeout, over the size limit, not HTML, redirected to another host, feed does not parse, robots.txt.", False),
    col("will_retry", pa.bool_(), "Whether the next run asks again (transient failures, and any failure of a feed or sitemap); a page that failed for good is not asked again while it is listed.", False),
    col("failed_at", pa.timestamp("us", tz="UTC"), "When it failed.", False),
])

# Resolution across documents (transforms/resolve.py): one row per mention, rewritten whole by every build.
RESOLUTION_LINKS = pa.schema([
    col("entity", pa.string(), "What the mention was resolved to: instrument (an agreements row), commitment (a primary money figure) or organization.", False),
    col("mention_id", pa.string(), "agreement_id, figure_id or organization_id of the mention.", False),
    col("resolved_id", pa.string(), "instrument_id, commitment_id, or the organization_id of the canonical organization; NULL for a stated total of amounts listed beside it (is_sum_of_parts)."),
    col("match_rule", pa.string(), "Why: first_report (the mention that stands for its instrument or commitment: the earliest report; for a commitment the earliest that says what kind of money it is), the evidence of the best pair joined by '+' (same_day+same_parties+same_subject, same_amount+same_funder+recipient_not_known+...), cites_earlier+... for a mention that cites an earlier instrument, sum_of_parts, same_as_stated_total; for organizations canonical_name, only_name, same_acronym, short_form, defined_acronym or ambiguous_short_form.", False),
    col("match_score", pa.float64(), "Score of that pair (0..1; pairs are merged from 0.6 up); 1 for a first report.", False),
    col("matched_id", pa.string(), "The mention (agreement_id, figure_id, organization_id) whose pairing decided it; NULL for a first report."),
    col("renews_id", pa.string(), "Instruments: the earlier instrument a renewal or extension renews (linked, never merged)."),
    col("is_sum_of_parts", pa.bool_(), "Commitments: the amount is a total of amounts listed beside it, or the same total reported elsewhere; never add it to them.", False),
])

TABLES: dict[str, pa.Schema] = {
    "documents": DOCUMENTS,
    "figures": FIGURES,
    "agreements": AGREEMENTS,
    "agreement_parties": AGREEMENT_PARTIES,
    "organizations": ORGANIZATIONS,
    "organization_mentions": ORGANIZATION_MENTIONS,
    "people": PEOPLE,
    "rejected_documents": REJECTED_DOCUMENTS,
    "fetch_failures": FETCH_FAILURES,
    "resolution_links": RESOLUTION_LINKS,
}

# Columns resolution adds to the views of mention tables, from resolution_links joined on the mention's key
# (view column -> resolution_links column). The Parquet parts of those tables never hold them, so parts
# carried over by an incremental run stay valid whatever the corpus around them resolves to.
RESOLVED_COLUMNS: dict[str, tuple[str, str, dict[str, str]]] = {
    "agreements": ("instrument", "agreement_id", {"instrument_id": "resolved_id", "match_rule": "match_rule", "match_score": "match_score"}),
    "figures": ("commitment", "figure_id", {"commitment_id": "resolved_id", "is_sum_of_parts": "is_sum_of_parts", "match_rule": "match_rule", "match_score": "match_score"}),
    "organizations": ("organization", "organization_id", {"resolved_organization_id": "resolved_id", "match_rule": "match_rule", "match_score": "match_score"}),
}

# Internal tables: kept in every build for the next incremental run (flows/incremental.py), never published.
DOCUMENT_ORGANIZATIONS = pa.schema([
    col("doc_id", pa.string(), "The document that names the organization.", False),
    *ORGANIZATIONS,
])
MANIFEST = pa.schema([
    col("source_path", pa.string(), "Path of the file relative to the documents folder.", False),
    col("size", pa.int64(), "File size in bytes when it was read (-1: gone).", False),
    col("mtime_ns", pa.int64(), "File modification time in nanoseconds when it was read.", False),
    col("doc_id", pa.string(), "The doc_id of the file's text; NULL when it could not be read."),
    col("status", pa.string(), "loaded, duplicate (an earlier file has the same text) or rejected.", False),
    col("reason", pa.string(), "Why a rejected file was not loaded."),
])
INTERNAL_TABLES: dict[str, pa.Schema] = {"document_organizations": DOCUMENT_ORGANIZATIONS, "manifest": MANIFEST}

# Primary keys: unique and not null in every build (checked in warehouse/checks.py).
KEYS: dict[str, tuple[str, ...]] = {
    "documents": ("doc_id",),
    "figures": ("figure_id",),
    "agreements": ("agreement_id",),
    "agreement_parties": ("agreement_id", "organization_id"),
    "organizations": ("organization_id",),
    "organization_mentions": ("mention_id",),
    "people": ("person_id",),
    "rejected_documents": ("source_path",),
    "fetch_failures": ("source", "url"),
    "resolution_links": ("entity", "mention_id"),
}

# Accepted values of vocabulary columns.
VOCABULARIES: dict[tuple[str, str], tuple[str, ...]] = {
    ("figures", "kind"): ("money", "count", "duration", "percent"),
    ("figures", "qualifier"): ("exact", "approx", "more_than", "at_least", "at_most", "less_than"),
    ("figures", "money_type"): ("grant", "loan", "investment", "economic_impact", "unspecified"),
    ("agreements", "agreement_type"): (
        "MoU", "MoC", "Implementing Arrangement", "Letter of Intent", "Agreement", "Arrangement",
        "Action Plan", "Joint Statement", "Joint Declaration", "Record of Discussions", "Exchange of Notes",
    ),
    ("agreements", "event"): ("signing", "renewal", "extension", "adoption"),
    ("agreements", "signed_date_precision"): ("day", "month", "year"),
    ("agreements", "expires_date_precision"): ("day", "month", "year"),
    ("documents", "published_date_precision"): ("day", "month", "year"),
    ("documents", "published_date_basis"): (
        "metadata", "header", "posted_line", "date_line", "dateline", "signature", "closing_date", "given", "none",
        "relative_date", "byline",
    ),
    ("organizations", "source"): ("reference", "text"),
    ("resolution_links", "entity"): ("instrument", "commitment", "organization"),
}


def columns(table: str) -> list[str]:
    """Column names of a table, in schema order."""
    return TABLES[table].names


def doc(field: pa.Field) -> str:
    return (field.metadata or {}).get(b"doc", b"").decode()
