"""One document in, the rows of every table out: the pure core that the flow runs in batches."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.agreements import find_agreements as agreements_in
from transforms.countries import default_countries
from transforms.dates import PublicationDate, find_dates, find_publication_date
from transforms.figures import find_figures as find_figures_in
from transforms.fx import to_usd
from transforms.organizations import Reference, default_reference, extract_organizations, names_a_kind_of_body, org_key
from transforms.people import find_people as people_in
from transforms.document import Document, run_stages, stage
from transforms.text import count_words, sha256_text, stable_id
from warehouse.schemas import TABLES


@dataclass
class Extraction:
    document: dict
    figures: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    agreement_parties: list[dict] = field(default_factory=list)
    organizations: list[dict] = field(default_factory=list)
    organization_mentions: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    # the ids in `organizations`: a long document names thousands, and a scan per mention is quadratic
    organization_ids: set[str] = field(default_factory=set, repr=False, compare=False)

    def mentions(self):
        """(rule, text) of every row a rule made; a publication date as ('publication_date:<basis>', ISO date)."""
        for table in (self.figures, self.agreements, self.organization_mentions, self.people):
            for row in table:
                yield row["rule"], row["text"]
        if self.document["published_date"] is not None:
            yield f"publication_date:{self.document['published_date_basis']}", self.document["published_date"].isoformat()

    def tables(self) -> dict[str, list[dict]]:
        return {
            "documents": [self.document], "figures": self.figures, "agreements": self.agreements,
            "agreement_parties": self.agreement_parties, "organizations": self.organizations,
            "organization_mentions": self.organization_mentions, "people": self.people,
        }


_BOILERPLATE_LINE = re.compile(r"^(?:site\s+icon|social\s+share|share\s+this|skip\s+to|menu|home|print|email|tweet)\b|^date\s+\d", re.IGNORECASE)


def find_title(text: str) -> str | None:
    """The headline: the first short line that is not boilerplate; an upper-case title block is joined."""
    end = -1
    for _ in range(30):  # the end of the 30th line: splitting the whole text would copy all of it
        end = text.find("\n", end + 1)
        if end < 0:
            break
    lines = [ln.strip() for ln in (text if end < 0 else text[:end]).split("\n")]
    block: list[str] = []
    for ln in lines:
        if block and (not ln or not ln.isupper()):
            return re.sub(r"\s+", " ", " ".join(block)).strip()
        if not ln or _BOILERPLATE_LINE.search(ln) or len(ln) > 200:
            continue
        if ln.isupper() and len(ln) < 120:
            block.append(ln)
            continue
        words = ln.split()
        half = len(words) // 2
        if half and words[:half] == words[half:]:
            continue  # "S&T Cooperation S&T Cooperation": a repeated navigation label
        if len(ln) < 150 and not ln.endswith((".", ":", ";")) and not re.match(r"[a-z•\-*]", ln):
            if len(words) <= 3 and any(l2 for l2 in lines if l2 != ln and len(l2.split()) > 3 and not l2.endswith(".")):
                continue  # a short section label before the real headline
            return ln
        break
    return re.sub(r"\s+", " ", " ".join(block)).strip() if block else None


def document_id(text: str, sha256: str | None = None) -> str:
    """The first 16 hex digits of the text's SHA-256 (pass the digest when it is at hand: hashing a long text costs)."""
    return (sha256 or sha256_text(text))[:16]


@lru_cache(maxsize=16384)  # bounded: names recur, and a long-lived extraction process must not grow with the corpus
def organization_id(name: str, country: str | None = None) -> str:
    """One id per body: its name's key, and for a name many governments give a body ('Ministry of Education') its country."""
    if country and names_a_kind_of_body(name):
        return stable_id("org", org_key(name), country)
    return stable_id("org", org_key(name))


@stage("publication_date")
def date_publication(doc: Document) -> None:
    """The file's own date wins; then what the text says; then the date the caller gives."""
    pub = doc.metadata_date or find_publication_date(doc.text, today=doc.today)
    if pub.date is None and doc.given_date is not None:
        pub = PublicationDate(doc.given_date, "day", "given")
    doc.publication = pub


@stage("dates")
def find_document_dates(doc: Document) -> None:
    doc.dates = find_dates(doc.text, doc.publication.date)


@stage("figures")
def find_figures(doc: Document) -> None:
    doc.figures = find_figures_in(doc.text, doc.dates, doc.sentences.span_at)


@stage("organizations")
def find_organizations(doc: Document) -> None:
    doc.organizations = extract_organizations(doc.text, doc.reference or default_reference())


@stage("people")
def find_people(doc: Document) -> None:
    doc.people = people_in(doc)


@stage("agreements")
def find_agreements(doc: Document) -> None:
    doc.agreements = agreements_in(doc)


PIPELINE = ["sentences", "publication_date", "dates", "figures", "organizations", "people", "agreements"]


# each table's column names, read from its schema once (a pyarrow schema builds its list of names per call)
_COLUMNS = {table: frozenset(schema.names) for table, schema in TABLES.items()}


def make_row(table: str, **values) -> dict:
    """A row of `table`, built from its schema: a key the schema does not have is an error, not a silent NULL."""
    if not _COLUMNS[table].issuperset(values):
        raise KeyError(f"{table} has no column {', '.join(sorted(set(values) - _COLUMNS[table]))}")
    return values


def extract_document(
    text: str,
    source_name: str = "<text>",
    source_path: str | None = None,
    given_date: dt.date | None = None,
    today: dt.date | None = None,
    ingested_at: dt.datetime | None = None,
    reference: Reference | None = None,
    metadata_title: str | None = None,
    metadata_date: PublicationDate | None = None,
) -> Extraction:
    """Extract every table's rows from one normalised text.

    metadata_title and metadata_date come from the file around the text (an HTML page's meta tags,
    Markdown front matter); a page states them explicitly, so they win over what the text suggests."""
    doc = run_stages(Document(text, today=today, given_date=given_date, metadata_date=metadata_date, reference=reference), PIPELINE)
    return document_rows(doc, source_name, source_path, ingested_at, metadata_title)


def document_rows(doc: Document, source_name: str, source_path: str | None, ingested_at, metadata_title) -> Extraction:
    """The rows of every table from a document every stage has run on."""
    text, sentences, pub = doc.text, doc.sentences, doc.publication
    reference = doc.reference or default_reference()
    sha256 = sha256_text(text)
    doc_id = document_id(text, sha256)
    out = Extraction(make_row(
        "documents", doc_id=doc_id, source_name=source_name, source_path=source_path or source_name,
        title=metadata_title or find_title(text), published_date=pub.date, published_date_precision=pub.precision,
        published_date_basis=pub.basis, text=text, sha256=sha256, n_chars=len(text),
        n_words=count_words(text), ingested_at=ingested_at or dt.datetime.now(dt.timezone.utc),
    ))

    figure_ids = [stable_id(doc_id, "figure", f.kind, f.start, f.end) for f in doc.figures]
    for f, fid in zip(doc.figures, figure_ids):
        row = make_row(
            "figures", figure_id=fid, doc_id=doc_id, kind=f.kind, value=f.value, unit=f.unit, qualifier=f.qualifier,
            value_high=f.value_high, money_type=f.money_type, is_exchange=f.is_exchange,
            equivalent_of=figure_ids[f.equivalent_of] if f.equivalent_of is not None else None,
            included_in=figure_ids[f.included_in] if f.included_in is not None else None,
            value_usd=None, fx_rate_date=None, fx_note=None, duration_days=f.duration_days,
            text=f.text, char_start=f.start, char_end=f.end, sentence=sentences.at(f.start),
            confidence=f.confidence, rule=f.rule,
        )
        if f.kind == "money":
            conv = to_usd(f.value, f.unit, pub.date, "publication")
            row.update(value_usd=conv.value_usd, fx_rate_date=conv.rate_date, fx_note=conv.note)
        out.figures.append(row)

    for o in doc.organizations:
        oid = organization_id(o.name, o.country)
        _add_organization(out, oid, o.name, o.acronym, o.country, o.source)
        out.organization_mentions.append(make_row(
            "organization_mentions", mention_id=stable_id(doc_id, "org", o.start, o.end), organization_id=oid, doc_id=doc_id,
            text=o.text, char_start=o.start, char_end=o.end, sentence=sentences.at(o.start),
            confidence=o.confidence, rule=o.rule,
        ))

    for p in doc.people:
        out.people.append(make_row(
            "people", person_id=stable_id(doc_id, "person", p.start, p.end), doc_id=doc_id, name=p.name,
            honorific=p.honorific, role=p.role,
            organization_id=organization_id(p.organization.name, p.organization.country) if p.organization else None,
            text=p.text, char_start=p.start, char_end=p.end, sentence=sentences.at(p.start),
            confidence=p.confidence, rule=p.rule,
        ))

    # a government the text names ("the Government of the Republic of X") keeps its mention's name as a party
    # (found by any rule: "the Government of the Republic of X (ROK)" is an acronym's definition); found once
    # per document, not once per agreement (a long document with many instruments and bodies was quadratic)
    named_government = {o.country: o.name for o in doc.organizations
                        if o.country and (o.rule.startswith("government:") or "Government" in o.name.split()) and default_countries().find(o.name)} if doc.agreements else {}
    for a in doc.agreements:
        aid = stable_id(doc_id, "agreement", a.start, a.end)
        expires, expires_precision = a.expires_date, a.expires_date_precision
        if expires is None and a.signed_date and a.duration_value and a.signed_date_precision == "day":
            expires, expires_precision = _add_term(a.signed_date, a.duration_value, a.duration_unit), "day"
        out.agreements.append(make_row(
            "agreements", agreement_id=aid, doc_id=doc_id, agreement_type=a.agreement_type, event=a.event, title=a.title,
            signed_date=a.signed_date, signed_date_precision=a.signed_date_precision,
            expires_date=expires, expires_date_precision=expires_precision,
            duration_value=a.duration_value, duration_unit=a.duration_unit,
            text=a.text, char_start=a.start, char_end=a.end, sentence=sentences.at(a.start),
            confidence=a.confidence, rule=a.rule,
        ))
        names = [(o.name, o.acronym, o.country, o.source) for o in a.parties]
        for gov, country in a.government_parties:
            gov = named_government.get(country, gov)
            ref = reference.lookup(gov)
            names.append((gov, ref.acronym if ref else None, country, "reference"))
        seen = set()
        for name, acronym, country, source in names:
            oid = organization_id(name, country)
            if oid in seen:
                continue
            seen.add(oid)
            out.agreement_parties.append(make_row("agreement_parties", agreement_id=aid, organization_id=oid, name=name))
            _add_organization(out, oid, name, acronym, country, source)
    return out


def _add_term(start: dt.date, value: float, unit: str | None) -> dt.date:
    """Expiry from a term: the day before the same date `value` units later ('5 years from 2021-11-12' -> 2026-11-11)."""
    months = {"year": 12, "month": 1}.get(unit or "", 0) * value
    if months and float(months).is_integer():
        y, m = divmod(start.month - 1 + int(months), 12)
        day = min(start.day, 28) if (start.month == 2 and start.day == 29) else start.day
        try:
            return dt.date(start.year + y, m + 1, day) - dt.timedelta(days=1)
        except ValueError:
            return dt.date(start.year + y, m + 2 if m < 11 else 1, 1) - dt.timedelta(days=1)
    return start + dt.timedelta(days=value * {"day": 1, "week": 7}.get(unit or "day", 1)) - dt.timedelta(days=1)


def _add_organization(out: Extraction, oid: str, name: str, acronym, country, source) -> None:
    if oid in out.organization_ids:
        return
    out.organization_ids.add(oid)
    out.organizations.append(make_row("organizations", organization_id=oid, name=name, acronym=acronym, country=country, source=source))
