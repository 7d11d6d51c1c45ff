"""One document in, the rows of every table out: the pure core that the flow runs in batches."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.agreements import extract_agreements
from transforms.dates import PublicationDate, find_dates, find_publication_date
from transforms.figures import extract_figures
from transforms.fx import to_usd
from transforms.organizations import Reference, default_reference, extract_organizations, org_key
from transforms.people import extract_people
from transforms.text import Sentences, count_words, sha256_text, stable_id


@dataclass
class Extraction:
    document: dict
    figures: list[dict] = field(default_factory=list)
    agreements: list[dict] = field(default_factory=list)
    agreement_parties: list[dict] = field(default_factory=list)
    organizations: list[dict] = field(default_factory=list)
    organization_mentions: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)

    def tables(self) -> dict[str, list[dict]]:
        return {
            "documents": [self.document], "figures": self.figures, "agreements": self.agreements,
            "agreement_parties": self.agreement_parties, "organizations": self.organizations,
            "organization_mentions": self.organization_mentions, "people": self.people,
        }


_BOILERPLATE_LINE = re.compile(r"^(?:site\s+icon|social\s+share|share\s+this|skip\s+to|menu|home|print|email|tweet)\b|^date\s+\d", re.IGNORECASE)


def find_title(text: str) -> str | None:
    """The headline: the first short line that is not boilerplate; an upper-case title block is joined."""
    lines = [ln.strip() for ln in text.split("\n")[:30]]
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


def document_id(text: str) -> str:
    return sha256_text(text)[:16]


@lru_cache(maxsize=65536)
def organization_id(name: str) -> str:
    return stable_id("org", org_key(name))


def _event_date(pub: PublicationDate, dates) -> tuple[dt.date, str] | None:
    """When a news report names no date for a signing, it happened on the day the report is about."""
    if pub.basis not in ("header", "dateline", "date_line", "posted_line", "given", "metadata") or pub.date is None or pub.precision != "day":
        return None
    weekday = next((d for d in dates if d.kind == "weekday" and d.date is not None), None)
    return (weekday.date, "day") if weekday else (pub.date, "day")


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
    reference = reference or default_reference()
    doc_id = document_id(text)
    pub = metadata_date or find_publication_date(text, today=today)
    if pub.date is None and given_date is not None:
        pub = PublicationDate(given_date, "day", "given")
    sentences = Sentences(text)
    dates = find_dates(text, pub.date)
    document = {
        "doc_id": doc_id, "source_name": source_name, "source_path": source_path or source_name,
        "title": metadata_title or find_title(text), "published_date": pub.date, "published_date_precision": pub.precision,
        "published_date_basis": pub.basis, "text": text, "sha256": sha256_text(text), "n_chars": len(text),
        "n_words": count_words(text), "ingested_at": ingested_at or dt.datetime.now(dt.timezone.utc),
    }
    out = Extraction(document)

    figures = extract_figures(text, dates, sentences.span_at)
    figure_ids = [stable_id(doc_id, "figure", f.kind, f.start, f.end) for f in figures]
    for f, fid in zip(figures, figure_ids):
        row = {
            "figure_id": fid, "doc_id": doc_id, "kind": f.kind, "value": f.value, "unit": f.unit, "qualifier": f.qualifier,
            "value_high": f.value_high, "money_type": f.money_type, "is_exchange": f.is_exchange,
            "equivalent_of": figure_ids[f.equivalent_of] if f.equivalent_of is not None else None,
            "included_in": figure_ids[f.included_in] if f.included_in is not None else None,
            "value_usd": None, "fx_rate_date": None, "fx_note": None, "duration_days": f.duration_days,
            "text": f.text, "char_start": f.start, "char_end": f.end, "sentence": sentences.at(f.start),
            "confidence": f.confidence, "rule": f.rule,
        }
        if f.kind == "money":
            conv = to_usd(f.value, f.unit, pub.date, "publication")
            row.update(value_usd=conv.value_usd, fx_rate_date=conv.rate_date, fx_note=conv.note)
        out.figures.append(row)

    orgs = extract_organizations_rows(text, doc_id, sentences, reference, out)
    people = extract_people(text, orgs)
    for p in people:
        out.people.append({
            "person_id": stable_id(doc_id, "person", p.start, p.end), "doc_id": doc_id, "name": p.name,
            "honorific": p.honorific, "role": p.role,
            "organization_id": organization_id(p.organization.name) if p.organization else None,
            "text": p.text, "char_start": p.start, "char_end": p.end, "sentence": sentences.at(p.start),
            "confidence": p.confidence, "rule": p.rule,
        })

    signature = (pub.date, pub.precision) if pub.basis == "signature" and pub.date else None
    agreements = extract_agreements(text, sentences.spans, dates, orgs, figures, _event_date(pub, dates), signature)
    for a in agreements:
        aid = stable_id(doc_id, "agreement", a.start, a.end)
        expires, expires_precision = a.expires_date, a.expires_date_precision
        if expires is None and a.signed_date and a.duration_value and a.signed_date_precision == "day":
            expires, expires_precision = _add_term(a.signed_date, a.duration_value, a.duration_unit), "day"
        out.agreements.append({
            "agreement_id": aid, "doc_id": doc_id, "agreement_type": a.agreement_type, "event": a.event, "title": a.title,
            "signed_date": a.signed_date, "signed_date_precision": a.signed_date_precision,
            "expires_date": expires, "expires_date_precision": expires_precision,
            "duration_value": a.duration_value, "duration_unit": a.duration_unit,
            "text": a.text, "char_start": a.start, "char_end": a.end, "sentence": sentences.at(a.start),
            "confidence": a.confidence, "rule": a.rule,
        })
        names = [(o.name, o.acronym, o.country, o.source) for o in a.parties]
        for gov, country in a.government_parties:
            ref = reference.lookup(gov)
            names.append((gov, ref.acronym if ref else None, country, "reference"))
        seen = set()
        for name, acronym, country, source in names:
            oid = organization_id(name)
            if oid in seen:
                continue
            seen.add(oid)
            out.agreement_parties.append({"agreement_id": aid, "organization_id": oid, "name": name})
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
    if any(o["organization_id"] == oid for o in out.organizations):
        return
    out.organizations.append({"organization_id": oid, "name": name, "acronym": acronym, "country": country, "source": source})


def extract_organizations_rows(text, doc_id, sentences, reference, out: Extraction):
    orgs = extract_organizations(text, reference)
    for o in orgs:
        oid = organization_id(o.name)
        _add_organization(out, oid, o.name, o.acronym, o.country, o.source)
        out.organization_mentions.append({
            "mention_id": stable_id(doc_id, "org", o.start, o.end), "organization_id": oid, "doc_id": doc_id,
            "text": o.text, "char_start": o.start, "char_end": o.end, "sentence": sentences.at(o.start),
            "confidence": o.confidence, "rule": o.rule,
        })
    return orgs
