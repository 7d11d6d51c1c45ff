"""Resolution across documents: which mentions are one real organization, instrument or commitment.

Mention rows in, ids out: every organization gets the canonical organization it is a name of, every
agreement mention the instrument it reports, every primary money figure the commitment it states, each
with the rule and score that decided it and the mention it was matched to, so an analyst can question
every merge. Deterministic blocking plus scoring: mentions are compared only within blocks (type, party
and month for instruments; currency, value and a party or instrument for commitments), never all pairs;
clusters grow from the best-scoring pairs, and two clusters join only when every member of one is
compatible with every member of the other (so a month-precise report never chains two signings of
different days together). Everything is a function of the whole set of rows, in a fixed order: a run
that adds or drops documents gives the ids a full run gives.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from transforms.patterns import alternation
from transforms.text import stable_id

INSTRUMENT, COMMITMENT, ORGANIZATION = "instrument", "commitment", "organization"
FIRST_REPORT = "first_report"  # the match_rule of the mention that stands for its instrument or commitment
SUM_OF_PARTS = "sum_of_parts"  # a stated total of amounts listed beside it: no commitment of its own
MATCH_THRESHOLD = 0.6


@dataclass(frozen=True, slots=True)
class Link:
    """One mention resolved: the entity it belongs to and why (a row of resolution_links)."""
    entity: str
    mention_id: str
    resolved_id: str | None
    match_rule: str
    match_score: float
    matched_id: str | None = None  # the mention whose pairing decided it
    renews_id: str | None = None  # instruments: the earlier instrument a renewal or extension renews
    is_sum_of_parts: bool = False


# --- words -------------------------------------------------------------------------------------------

def _head_words() -> list[str]:
    """The organization heads of transforms.organizations (its HEADS), read from its word list here: the
    flow process resolves, and importing that module for one list cost it its patterns, the countries and
    the rule registry (about 0.2 s)."""
    with open(Path(__file__).resolve().parent.parent / "seeds" / "reference" / "organization_words.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [r["word"] for kind in ("head", "head_first", "plural_head") for r in rows if r["kind"] == kind]


HEADS = alternation(_head_words())
_HEAD_WORD = re.compile(rf"^(?:{HEADS})$", re.IGNORECASE)
_STOPWORDS = {
    "of", "for", "and", "the", "on", "in", "at", "to", "by", "with", "a", "an", "de", "du", "der", "des", "la", "le",
    "und", "für", "its", "their", "further", "new", "joint", "project", "projects", "programme", "program",
    "technology", "technologies", "science", "sciences", "research", "national", "international", "development",
}
_MONTHS = {m.lower() for m in ("January February March April May June July August September October November December "
                                "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec").split()}
_WORD = re.compile(r"[^\W\d_][\w'’]*", re.UNICODE)


@lru_cache(maxsize=200_000)
def _is_content_word(w: str) -> bool:
    return len(w) > 2 and w not in _STOPWORDS and w not in _MONTHS and not _HEAD_WORD.match(w)


def content_words(text: str | None) -> frozenset[str]:
    """Lower-cased words that tell one subject from another: no stopwords, months, numbers or organization heads."""
    if not text:
        return frozenset()
    return frozenset(w for w in (m.group().lower() for m in _WORD.finditer(text)) if _is_content_word(w))


def compact(s: str) -> str:
    """An acronym's letters and digits, upper-cased: 'IIT-H' and 'IITH' are one key."""
    return re.sub(r"[^0-9A-Za-z]", "", s).upper()


@lru_cache(maxsize=200_000)
def _tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in re.split(r"[\s\-–/,.()]+", name) if t and t.lower() not in ("of", "for", "and", "&", "the", "de", "du", "der", "on", "in"))


@lru_cache(maxsize=200_000)
def _is_acronym(token: str) -> bool:
    letters = [c for c in token if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= len(letters) - 1 and token[0].isupper() and not token.istitle()


@lru_cache(maxsize=200_000)
def initials(name: str) -> str:
    """An acronym-like signature: acronyms kept whole, other capitalised words by their initial.
    'Indian Institute of Technology Hyderabad', 'IIT Hyderabad', 'IITH' and 'IIT-H' all give 'IITH'."""
    return "".join(t.upper() if _is_acronym(t) else t[0].upper() for t in _tokens(name) if t[0].isupper())


@lru_cache(maxsize=200_000)
def is_short_form(name: str) -> bool:
    """A name written with an acronym in it ('IIT Hyderabad', 'NFIT', 'NFIT Institute of Technology')."""
    return any(_is_acronym(t) for t in _tokens(name))


# --- organizations -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Organization:
    organization_id: str
    name: str
    acronym: str | None = None
    source: str = "text"


def resolve_organizations(orgs: Iterable[Mapping]) -> dict[str, Link]:
    """The canonical organization of every organization id: bodies defined with the same acronym and a
    distinctive word in common are one ('same_acronym'); a short form joins the one body it abbreviates,
    by initials ('short_form': 'IIT Hyderabad') or by an acronym defined in some document
    ('defined_acronym': 'NFIT', 'NFIT Institute of Technology'). A short form that fits more than one
    body stays itself ('ambiguous_short_form')."""
    items = sorted((Organization(o["organization_id"], o["name"], o.get("acronym"), o.get("source") or "text") for o in orgs),
                   key=lambda o: o.organization_id)
    parent = {o.organization_id: o.organization_id for o in items}
    why: dict[str, tuple[str, float, str]] = {}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str, rule: str, score: float) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
            why.setdefault(b, (rule, score, a))
            why.setdefault(a, (rule, score, b))

    full = [o for o in items if not is_short_form(o.name)]
    by_acronym: dict[str, list[Organization]] = {}
    for o in items:
        if o.acronym and len(compact(o.acronym)) >= 2:
            by_acronym.setdefault(compact(o.acronym), []).append(o)
    for group in by_acronym.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if content_words(a.name) & content_words(b.name):
                    union(a.organization_id, b.organization_id, "same_acronym", 0.9)
    by_initials: dict[str, set[str]] = {}
    for o in full:
        by_initials.setdefault(initials(o.name), set()).add(o.organization_id)
    for o in items:
        if not is_short_form(o.name):
            continue
        rest = content_words(" ".join(t for t in _tokens(o.name) if not _is_acronym(t)))
        bodies = {find(x) for x in by_initials.get(initials(o.name), set()) if x != o.organization_id}
        rule, score = "short_form", 0.85
        if len(bodies) != 1:
            defined = [b for t in _tokens(o.name) if _is_acronym(t) for b in by_acronym.get(compact(t), [])
                       if b.organization_id != o.organization_id and rest <= content_words(b.name)]
            bodies, rule, score = {find(b.organization_id) for b in defined}, "defined_acronym", 0.9
        if len(bodies) == 1:
            union(next(iter(bodies)), o.organization_id, rule, score)
        elif len(bodies) > 1:
            why.setdefault(o.organization_id, ("ambiguous_short_form", 1.0, None))
    groups: dict[str, list[Organization]] = {}
    for o in items:
        groups.setdefault(find(o.organization_id), []).append(o)
    links = {}
    for members in groups.values():
        # the name to show: a reference body, else a full name, else the longest
        canonical = min(members, key=lambda o: (o.source != "reference", is_short_form(o.name), -len(o.name), o.organization_id))
        for o in members:
            if o is canonical:
                rule, score, matched = ("canonical_name", 1.0, None) if len(members) > 1 else why.get(o.organization_id, ("only_name", 1.0, None))
            else:
                rule, score, matched = why.get(o.organization_id) or next(why[m.organization_id] for m in members if m.organization_id in why)
            links[o.organization_id] = Link(ORGANIZATION, o.organization_id, canonical.organization_id, rule, score, matched)
    return links


def acronym_index(orgs: Iterable[Mapping], canonical: Mapping[str, Link]) -> dict[str, str]:
    """Acronyms defined anywhere in the corpus, to the one canonical organization each names (an acronym
    two bodies define names neither)."""
    seen: dict[str, set[str]] = {}
    for o in orgs:
        if o.get("acronym") and len(compact(o["acronym"])) >= 2:
            seen.setdefault(compact(o["acronym"]), set()).add(canonical[o["organization_id"]].resolved_id)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def acronyms_named(sentence: str | None, acronyms: Mapping[str, str]) -> set[str]:
    """Organizations a sentence names by an acronym defined in another document ('signed by MDE and HAIT')."""
    if not sentence:
        return set()
    return {acronyms[k] for t in re.findall(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b", sentence) if (k := compact(t)) in acronyms}


# --- clustering --------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Pair:
    score: float
    rule: str


def _cluster(order: list[str], candidates: Iterable[tuple[str, str]], compare) -> tuple[dict[str, list[str]], list[tuple[str, str]]]:
    """Clusters of mentions (keyed by their first member in `order`): candidate pairs scoring at least the
    threshold, best first, join their clusters when every cross pair is compatible (compare not None).
    Also those pairs: only mentions they tie can change each other's cluster."""
    rank = {m: i for i, m in enumerate(order)}
    scored = []
    for a, b in set(candidates):
        a, b = sorted((a, b), key=rank.__getitem__)
        p = compare(a, b)
        if p is not None and p.score >= MATCH_THRESHOLD:
            scored.append((-p.score, rank[a], rank[b], a, b))
    scored.sort()
    cluster_of = {m: [m] for m in order}
    for _, _, _, a, b in scored:
        ca, cb = cluster_of[a], cluster_of[b]
        if ca is cb or any(compare(x, y) is None for x in ca for y in cb):
            continue
        merged = sorted(ca + cb, key=rank.__getitem__)
        for m in merged:
            cluster_of[m] = merged
    return {c[0]: c for c in {id(c): c for c in cluster_of.values()}.values()}, [(a, b) for *_, a, b in scored]


# --- resolving only what a change touches --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Carried:
    """What the build before resolved of one entity: each mention's signature (a digest of every field
    resolution reads of it), its component (the smallest mention id among the mentions tied to it by pairs
    that score, directly or through others: nothing outside can change its cluster) and its link."""
    signature: Mapping[str, bytes]
    component: Mapping[str, str]
    links: Mapping[str, Link]


@dataclass(frozen=True, slots=True)
class Resolved:
    """Links of one entity, and each mention's signature and component for the next build (Carried)."""
    links: list[Link]
    signature: dict[str, bytes]
    component: dict[str, str]


def signature(*derived) -> bytes:
    """A digest of what a mention takes from other documents (sets in sorted order, so it does not depend on
    the process). The rest of it is its own document's rows, which the same code on the same text makes the
    same (flows/resolution.py carries a build's results over only then), and its id names that text."""
    fields = tuple(sorted(v) if isinstance(v, (set, frozenset)) else v for v in derived)
    return hashlib.blake2b(repr(fields).encode("utf-8"), digest_size=8).digest()


def _components(order: list[str], ties: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Each mention's component: the smallest id of the mentions the ties connect it with."""
    parent = {m: m for m in order}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in ties:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {m: find(m) for m in order}


def _to_cluster_again(order: list[str], signatures: Mapping[str, bytes], carried: Carried | None,
                      partners: Callable[[str], Iterable[str]]) -> set[str]:
    """The mentions whose clusters a change may touch: the new and changed ones, those they may tie to
    (partners: every mention a pair with it could score with, or more), and every mention of a component
    that holds one of those or a mention now gone. Components are closed under scoring pairs, so the rest
    cluster as they did; with nothing carried, every mention."""
    if carried is None:
        return set(order)
    changed = {m for m in order if carried.signature.get(m) != signatures[m]}
    gone = carried.signature.keys() - signatures.keys()
    touched = {carried.component[m] for m in gone}
    for m in changed:
        if m in carried.component:
            touched.add(carried.component[m])
        touched.update(carried.component[b] for b in partners(m) if b not in changed)
    return changed | {m for m in order if m not in changed and carried.component[m] in touched}


def _explained(entity: str, cluster: list[str], resolved_id: str | None, compare, rule_prefix=lambda m: "") -> list[Link]:
    """Links for a cluster: its first member is the first report; every other one names the earlier member
    it matches best, with that pair's rule and score."""
    links = [Link(entity, cluster[0], resolved_id, FIRST_REPORT, 1.0)]
    for i, m in enumerate(cluster[1:], 1):
        best = max(((compare(e, m), e) for e in cluster[:i]), key=lambda pe: (pe[0].score if pe[0] else -1))
        pair, matched = best
        links.append(Link(entity, m, resolved_id, rule_prefix(m) + pair.rule, round(pair.score, 4), matched))
    return links


# --- instruments -------------------------------------------------------------------------------------

# A mention that refers back to an instrument signed earlier ('pursuant to the MoC signed by ... on ...').
_CITES = re.compile(r"\b(?:pursuant\s+to|under|in\s+accordance\s+with|in\s+line\s+with|as\s+per|within\s+the\s+framework\s+of|in\s+terms\s+of)\s+(?:the\s+|an?\s+|its\s+|their\s+)?$", re.IGNORECASE)
RENEWALS = ("renewal", "extension")


@dataclass(frozen=True, slots=True)
class AgreementMention:
    agreement_id: str
    doc_id: str
    agreement_type: str
    event: str
    signed: dt.date | None
    precision: str | None
    from_report_date: bool  # the text gave no date: the document's own date stands in for it
    title_words: frozenset[str]
    parties: frozenset[str]
    cites: bool
    published: dt.date | None


def agreement_mention(row: Mapping, parties: Iterable[str], party_names: Iterable[str] = ()) -> AgreementMention:
    """A mention for comparison; the words of its parties' names are not words of its subject."""
    sentence, text = row.get("sentence") or "", row.get("text") or ""
    subject = content_words(row.get("title")) - content_words(" ".join(party_names))
    at = sentence.find(text) if text else -1
    return AgreementMention(
        row["agreement_id"], row["doc_id"], row["agreement_type"], row.get("event") or "signing", row.get("signed_date"),
        row.get("signed_date_precision"), (row.get("rule") or "").endswith(":report_date"), subject,
        frozenset(parties), at > 0 and bool(_CITES.search(sentence[:at])), row.get("published_date"),
    )


def _date_fit(a: AgreementMention, b: AgreementMention) -> tuple[float, str] | None:
    if a.signed is None or b.signed is None:
        return (0.3, "undated") if a.signed is None and b.signed is None else (0.2, "one_undated")
    if a.precision == b.precision == "day":
        if a.signed == b.signed:
            return 1.0, "same_day"
        later, earlier = (a, b) if a.signed > b.signed else (b, a)
        if later.from_report_date and not earlier.from_report_date and (later.signed - earlier.signed).days <= 14:
            return 0.6, "reported_within_two_weeks"
        return None
    if a.signed.year != b.signed.year:
        return None
    if "year" in (a.precision, b.precision):
        return 0.5, "same_year"
    return (0.7, "same_month") if a.signed.month == b.signed.month else None


def _overlap_fit(a: frozenset[str], b: frozenset[str], what: str, disjoint_differs: bool = True) -> tuple[float, str] | None:
    if not a or not b:
        return 0.5, f"{what}_not_known"
    common = len(a & b)
    if not common:
        return None if disjoint_differs else (0.0, f"other_{what}")
    if a == b:
        return 1.0, f"same_{what}"
    return 0.5 + 0.5 * common / len(a | b), f"shared_{what}"


def compare_agreements(a: AgreementMention, b: AgreementMention) -> Pair | None:
    """How well two agreement mentions fit one instrument (None: they cannot be one)."""
    if a.doc_id == b.doc_id or a.agreement_type != b.agreement_type:
        return None  # mentions of one document were merged by the extractor: two left are two instruments
    date = _date_fit(a, b)
    parties = _overlap_fit(a.parties, b.parties, "parties")
    if date is None or parties is None:
        return None
    title = _overlap_fit(a.title_words, b.title_words, "subject")
    if title is None:
        return None  # one lender's two loans of one day, for two projects
    if min(len(a.title_words), len(b.title_words)) and len(a.title_words & b.title_words) / min(len(a.title_words), len(b.title_words)) < 0.5:
        return None
    score = 0.4 * date[0] + 0.35 * parties[0] + 0.25 * title[0]
    return Pair(score, "+".join((date[1], parties[1], title[1])))


def _agreement_order(m: AgreementMention) -> tuple:
    # the first report: earliest published, then the most precise date
    return (m.published or dt.date.max, {"day": 0, "month": 1, "year": 2}.get(m.precision or "", 3), m.agreement_id)


def _agreement_blocks(mentions: list[AgreementMention]) -> Iterable[tuple[str, str]]:
    """Candidate pairs: same type and party and signing month (and the month before, for a date the text did
    not give); a year-precise date meets every month of its year. No party: same type and month."""
    by_month: dict[tuple, list[str]] = {}
    by_year: dict[tuple, list[str]] = {}
    for m in mentions:
        for p in sorted(m.parties) or [None]:
            y = m.signed.year if m.signed else None
            month = m.signed.month if m.signed and m.precision != "year" else None
            by_month.setdefault((m.agreement_type, p, y, month), []).append(m.agreement_id)
            by_year.setdefault((m.agreement_type, p, y), []).append(m.agreement_id)
    for ids in by_month.values():
        yield from ((a, b) for i, a in enumerate(ids) for b in ids[i + 1:])
    for m in mentions:
        for p in sorted(m.parties) or [None]:
            if m.signed is None:
                continue
            if m.precision == "year":
                yield from ((m.agreement_id, b) for b in by_year.get((m.agreement_type, p, m.signed.year), ()) if b != m.agreement_id)
            elif m.from_report_date:
                before = m.signed.replace(day=1) - dt.timedelta(days=1)
                yield from ((m.agreement_id, b) for b in by_month.get((m.agreement_type, p, before.year, before.month), ()))


def resolve_instruments(agreements: Iterable[Mapping], parties: Mapping[str, Iterable[str]],
                        acronyms: Mapping[str, str] | None = None, party_names: Mapping[str, Iterable[str]] | None = None,
                        carried: Carried | None = None) -> list[Link]:
    """The instrument of every agreement mention (resolve_instruments_since, with nothing carried)."""
    return resolve_instruments_since(agreements, parties, acronyms, party_names, carried).links


def resolve_instruments_since(agreements: Iterable[Mapping], parties: Mapping[str, Iterable[str]],
                              acronyms: Mapping[str, str] | None = None, party_names: Mapping[str, Iterable[str]] | None = None,
                              carried: Carried | None = None) -> Resolved:
    """The instrument of every agreement mention. `parties` gives each agreement's canonical organizations;
    acronyms defined in other documents add the parties a sentence names only by them. A renewal or
    extension is an instrument of its own, linked (renews_id) to the latest earlier one of its type and
    parties, never merged with it. With what the build before resolved (carried), only the components a
    change touches are clustered again; the links are those of a run with nothing carried."""
    acronyms, party_names = acronyms or {}, party_names or {}
    mentions = sorted((agreement_mention(r, set(parties.get(r["agreement_id"], ())) | acronyms_named(r.get("sentence"), acronyms),
                                         party_names.get(r["agreement_id"], ()))
                       for r in agreements), key=_agreement_order)
    by_id = {m.agreement_id: m for m in mentions}
    order = [m.agreement_id for m in mentions]
    compare = lambda a, b: compare_agreements(by_id[a], by_id[b])
    signatures = {m.agreement_id: signature(m.parties) for m in mentions}  # canonical parties, acronyms of other documents
    index: list[_AgreementIndex] = []  # built on the first call of partners (not in a run with nothing carried)

    def partners(m: str) -> list[str]:
        if not index:
            index.append(_agreement_index(mentions))
        return _agreement_partners(by_id, index[0], m, compare)

    again = _to_cluster_again(order, signatures, carried, partners)
    sub = [m for m in mentions if m.agreement_id in again]
    named = [m for m in sub if m.parties]
    # a mention that names no party joins only a block of mentions without parties, then below a
    # cluster that names them, when exactly one fits
    candidates = list(_agreement_blocks(named)) + list(_agreement_blocks([m for m in sub if not m.parties]))
    sub_order = [m.agreement_id for m in sub]
    clusters, ties = _cluster(sub_order, candidates, compare)
    clusters = _attach_unnamed(clusters, by_id, sub_order, compare)
    component = {m: carried.component[m] for m in order if m not in again} if carried else {}
    component.update(_components(sub_order, ties + _unnamed_ties(sub)))
    kept = {}  # the instruments carried over, by their first report
    for m in order:
        if m not in again:
            kept.setdefault(carried.links[m].resolved_id, []).append(m)
    every = {**clusters, **{members[0]: members for members in kept.values()}}
    instrument_of = {m: stable_id("instrument", first) for first, members in every.items() for m in members}
    renews = _renewed(every, by_id, instrument_of)
    links = [replace(carried.links[m], renews_id=renews.get(members[0])) for members in kept.values() for m in members]
    prefix = lambda m: "cites_earlier+" if by_id[m].cites else ""
    for first, members in clusters.items():
        for link in _explained(INSTRUMENT, members, instrument_of[first], compare, prefix):
            links.append(replace(link, renews_id=renews.get(first)))
    return Resolved(sorted(links, key=lambda l: l.mention_id), signatures, component)


def _agreement_partners(by_id: Mapping[str, AgreementMention], index: _AgreementIndex, m: str, compare) -> list[str]:
    """Every mention a pair with m could score with (or more): of its type and a party it names (or none,
    both), signed within a year of it, and that pair scoring; and, when m names no party, every one of its
    type and year that names some (the cluster it may join), or the reverse."""
    me = by_id[m]
    year = me.signed.year if me.signed else None
    years = (year - 1, year, year + 1) if year is not None else (None,)
    near = {b for p in sorted(me.parties) or [None] for y in years for b in index.by_party.get((me.agreement_type, p, y), ())}
    out = [b for b in near if b != m and (pair := compare(m, b)) is not None and pair.score >= MATCH_THRESHOLD]
    if year is not None:
        out += index.by_year.get((me.agreement_type, year, not me.parties), ())
    return out


@dataclass(frozen=True)
class _AgreementIndex:
    by_party: dict[tuple, list[str]]  # (type, party or None, signing year) -> mentions
    by_year: dict[tuple, list[str]]  # (type, signing year, names a party) -> mentions


def _agreement_index(mentions: list[AgreementMention]) -> _AgreementIndex:
    by_party: dict[tuple, list[str]] = {}
    by_year: dict[tuple, list[str]] = {}
    for x in mentions:
        y = x.signed.year if x.signed else None
        for p in sorted(x.parties) or [None]:
            by_party.setdefault((x.agreement_type, p, y), []).append(x.agreement_id)
        if y is not None:
            by_year.setdefault((x.agreement_type, y, bool(x.parties)), []).append(x.agreement_id)
    return _AgreementIndex(by_party, by_year)


def _unnamed_ties(mentions: list[AgreementMention]) -> list[tuple[str, str]]:
    """Ties between the mentions of one type and signing year when some name parties and some do not: a
    cluster naming none joins the one named cluster of its type and year that fits (_attach_unnamed)."""
    groups: dict[tuple, list[AgreementMention]] = {}
    for m in mentions:
        if m.signed is not None:
            groups.setdefault((m.agreement_type, m.signed.year), []).append(m)
    ties = []
    for group in groups.values():
        if any(m.parties for m in group) and not all(m.parties for m in group):
            ties += [(group[0].agreement_id, m.agreement_id) for m in group[1:]]
    return ties


def _attach_unnamed(clusters: dict[str, list[str]], by_id: dict[str, AgreementMention], order: list[str], compare) -> dict[str, list[str]]:
    """A cluster of mentions that name no party joins the one cluster of the same type and date that
    names parties and fits it; with two or more such clusters it stays apart (which one is meant is unknown)."""
    rank = {m: i for i, m in enumerate(order)}
    by_key: dict[tuple, list[str]] = {}
    for first, members in clusters.items():
        m = by_id[first]
        if any(by_id[x].parties for x in members) and m.signed:
            by_key.setdefault((m.agreement_type, m.signed.year), []).append(first)
    out = dict(clusters)
    for first, members in clusters.items():
        if any(by_id[x].parties for x in members) or by_id[first].signed is None:
            continue
        m = by_id[first]
        fits = []
        for c in by_key.get((m.agreement_type, m.signed.year), ()):
            pairs = [compare(x, y) for x in out.get(c, ()) for y in members]
            if pairs and None not in pairs and max(p.score for p in pairs) >= MATCH_THRESHOLD:
                fits.append(c)
        if len(fits) == 1:
            target = fits[0]
            merged = sorted(out.pop(target) + out.pop(first), key=rank.__getitem__)
            out[merged[0]] = merged
            if merged[0] != target:
                by_key[(m.agreement_type, m.signed.year)] = [merged[0] if c == target else c for c in by_key[(m.agreement_type, m.signed.year)]]
    return out


def _renewed(clusters: dict[str, list[str]], by_id: dict[str, AgreementMention], instrument_of: dict[str, str]) -> dict[str, str]:
    """For each cluster that reports a renewal or extension, the instrument it renews: the latest earlier
    one of the same type with the same parties (all of the fewer one names, two at least when both name two)."""
    def signed(members: list[str]) -> dt.date | None:
        return min((by_id[m].signed for m in members if by_id[m].signed), default=None)

    def parties_of(members: list[str]) -> set[str]:
        return {p for m in members for p in by_id[m].parties}

    by_party: dict[tuple, list[str]] = {}
    for first, members in clusters.items():
        for p in sorted(parties_of(members)):
            by_party.setdefault((by_id[first].agreement_type, p), []).append(first)
    out = {}
    for first, members in clusters.items():
        when = signed(members)
        if when is None or not any(by_id[m].event in RENEWALS for m in members):
            continue
        own = {p for m in members for p in by_id[m].parties}
        earlier = {c for p in own for c in by_party.get((by_id[first].agreement_type, p), ())
                   if c != first and (s := signed(clusters[c])) is not None and s < when
                   and len(own & (theirs := parties_of(clusters[c]))) >= min(len(own), len(theirs))}
        if earlier:
            out[first] = instrument_of[max(earlier, key=lambda c: (signed(clusters[c]), c))]
    return out


# --- commitments -------------------------------------------------------------------------------------

_TOTAL_WORDS = re.compile(r"\b(?:total(?:l?ing|l?ed|s)?|in\s+all|altogether|combined|aggregate|sum\s+of|together\s+worth)\b", re.IGNORECASE)
RELATIVE_TOLERANCE = {True: 0.005, False: 0.05}  # value difference allowed: both exact, or either approximate
MAX_REPORT_GAP_DAYS = 730  # reports of one commitment further apart than this are of two


@dataclass(frozen=True, slots=True)
class MoneyMention:
    figure_id: str
    doc_id: str
    value: float
    unit: str
    money_type: str
    exact: bool
    char_start: int
    sentence: str
    published: dt.date | None
    funder: str | None
    recipient: str | None
    instrument: str | None


def money_mention(row: Mapping) -> MoneyMention:
    return MoneyMention(
        row["figure_id"], row["doc_id"], float(row["value"]), row["unit"], row.get("money_type") or "unspecified",
        (row.get("qualifier") or "exact") == "exact", int(row.get("char_start") or 0), row.get("sentence") or "",
        row.get("published_date"), row.get("funder_id"), row.get("recipient_id"), row.get("instrument_id"),
    )


def sums_of_parts(mentions: list[MoneyMention]) -> dict[str, str]:
    """Totals of one document's amounts listed beside them ('three grants totalling EUR 12 million: EUR 5
    million to ..., EUR 4 million to ... and EUR 3 million to ...'), each to its first part: an amount whose
    sentence says it is a total and that equals the sum of two or more amounts right after (or before) it,
    in its currency."""
    out: dict[str, str] = {}
    by_doc: dict[str, list[MoneyMention]] = {}
    for m in mentions:
        by_doc.setdefault(m.doc_id, []).append(m)
    for items in by_doc.values():
        items.sort(key=lambda m: (m.char_start, m.figure_id))
        for i, total in enumerate(items):
            if not _TOTAL_WORDS.search(total.sentence):
                continue
            for run in (items[i + 1:], items[:i][::-1]):
                parts, acc = [], 0.0
                for p in run:
                    if p.unit != total.unit or p.figure_id in out:
                        break
                    parts.append(p)
                    acc += p.value
                    if acc >= total.value * (1 - 1e-9):
                        break
                if len(parts) >= 2 and math.isclose(acc, total.value, rel_tol=1e-9):
                    out[total.figure_id] = parts[0].figure_id
                    break
    return out


def _same_or_unknown(a: str | None, b: str | None, what: str) -> tuple[float, str] | None:
    if a is None or b is None:
        return 0.5, f"{what}_not_known"
    return (1.0, f"same_{what}") if a == b else None


def compare_money(a: MoneyMention, b: MoneyMention, words=content_words) -> Pair | None:
    """How well two money mentions fit one commitment (None: they cannot be one). Only one thing in common
    beyond the amount (the funder, the recipient or the instrument) scores: without it they are merely
    compatible, and stay apart unless other reports join them."""
    if a.doc_id == b.doc_id or a.unit != b.unit:
        return None  # amounts of one document are distinct: the extractor keeps restatements apart as conversions
    if a.money_type != b.money_type and "unspecified" not in (a.money_type, b.money_type):
        return None
    if "economic_impact" in (a.money_type, b.money_type) and a.money_type != b.money_type:
        return None
    diff = abs(a.value - b.value) / max(abs(a.value), abs(b.value), 1e-9)
    if diff > RELATIVE_TOLERANCE[a.exact and b.exact]:
        return None
    if a.published and b.published and abs((a.published - b.published).days) > MAX_REPORT_GAP_DAYS:
        return None
    funder, recipient = _same_or_unknown(a.funder, b.funder, "funder"), _same_or_unknown(a.recipient, b.recipient, "recipient")
    instrument = _same_or_unknown(a.instrument, b.instrument, "instrument")
    if funder is None or recipient is None or instrument is None:
        return None
    rule = "+".join(("same_amount" if diff == 0 else "close_amount", funder[1], recipient[1], instrument[1]))
    if 1.0 not in (funder[0], recipient[0], instrument[0]):
        return Pair(0.0, rule)  # nothing says they are one; nothing says they are two (a third report may tie them)
    value = 1.0 if diff == 0 else 1.0 - diff * 10
    kind = 1.0 if a.money_type == b.money_type else 0.5
    words_a, words_b = words(a.sentence), words(b.sentence)  # only for candidate pairs
    context = len(words_a & words_b) / len(words_a | words_b) if words_a | words_b else 0.0
    score = 0.3 * value + 0.2 * funder[0] + 0.2 * recipient[0] + 0.15 * instrument[0] + 0.05 * kind + 0.1 * context
    return Pair(score, rule)


def _value_key(value: float) -> float:
    return float(f"{value:.2g}") if value else 0.0


def _money_keys(m: MoneyMention) -> list[tuple]:
    """The blocks of a money mention: (currency, amount to two significant digits, role, who, year of report)."""
    year = m.published.year if m.published else None
    return [(m.unit, _value_key(m.value), role, who, year)
            for role, who in (("funder", m.funder), ("recipient", m.recipient), ("instrument", m.instrument)) if who is not None]


def _near_values(value: float) -> set[float]:
    return {value, _value_key(value * 1.05), _value_key(value / 1.05)}


def _money_blocks(mentions: list[MoneyMention]) -> Iterable[tuple[str, str]]:
    """Candidate pairs: same currency, amount (two significant digits, or the neighbouring key, so an
    approximate amount meets the exact one), funder, recipient or instrument, and year of report or the
    next. Anything else cannot be one commitment (compare_money), so blocking loses no match."""
    blocks: dict[tuple, list[str]] = {}
    keys: dict[str, list[tuple]] = {}
    for m in mentions:
        for key in _money_keys(m):
            blocks.setdefault(key, []).append(m.figure_id)
            keys.setdefault(m.figure_id, []).append(key)
    for a, own in keys.items():
        for unit, value, role, who, year in own:
            for near_value in _near_values(value):
                for near_year in ((year, year + 1) if year is not None else (None,)):
                    for b in blocks.get((unit, near_value, role, who, near_year), ()):
                        if a < b or near_year != year:
                            yield (a, b) if a < b else (b, a)


def _money_partners(index: Mapping[tuple, Mapping[float, list[str]]], m: MoneyMention, compare) -> list[str]:
    """Every mention that _money_blocks pairs with m and whose pair with it scores: those in a block m
    looks into, and those that look into a block of m (any amount whose neighbours include m's)."""
    near: set[str] = set()
    for unit, value, role, who, year in _money_keys(m):
        for y in ((year - 1, year, year + 1) if year is not None else (None,)):
            for other, ids in index.get((unit, role, who, y), {}).items():
                if other in _near_values(value) or value in _near_values(other):
                    near.update(ids)
    near.discard(m.figure_id)
    return [b for b in near if (pair := compare(m.figure_id, b)) is not None and pair.score >= MATCH_THRESHOLD]


def _money_index(mentions: list[MoneyMention]) -> dict[tuple, dict[float, list[str]]]:
    index: dict[tuple, dict[float, list[str]]] = {}
    for m in mentions:
        for unit, value, role, who, year in _money_keys(m):
            index.setdefault((unit, role, who, year), {}).setdefault(value, []).append(m.figure_id)
    return index


def resolve_commitments(money: Iterable[Mapping], carried: Carried | None = None) -> list[Link]:
    """The commitment of every primary money figure (resolve_commitments_since)."""
    return resolve_commitments_since(money, carried).links


def resolve_commitments_since(money: Iterable[Mapping], carried: Carried | None = None) -> Resolved:
    """The commitment of every primary money figure. A stated total of amounts listed beside it, and the
    same total reported elsewhere, is marked is_sum_of_parts with no commitment of its own, so it is
    never added to its parts. With what the build before resolved (carried), only the components a change
    touches are clustered again; the links are those of a run with nothing carried."""
    # the mention that stands for a commitment (its first_report): the first report that says what kind of
    # money it is, else the first report
    mentions = sorted((money_mention(r) for r in money), key=lambda m: (m.money_type == "unspecified", m.published or dt.date.max, m.figure_id))
    by_id = {m.figure_id: m for m in mentions}
    order = [m.figure_id for m in mentions]
    sentence_words: dict[str, frozenset[str]] = {}  # a sentence's words, once per run: a mention meets many in a dense block

    def words(sentence: str) -> frozenset[str]:
        if (found := sentence_words.get(sentence)) is None:
            found = sentence_words[sentence] = content_words(sentence)
        return found

    compare = lambda a, b: compare_money(by_id[a], by_id[b], words)
    signatures = {m.figure_id: signature(m.funder, m.recipient, m.instrument) for m in mentions}  # canonical, and the instrument resolved
    index: list[dict] = []  # built on the first call of partners (not in a run with nothing carried)

    def partners(m: str) -> list[str]:
        if not index:
            index.append(_money_index(mentions))
        return _money_partners(index[0], by_id[m], compare)

    again = _to_cluster_again(order, signatures, carried, partners)
    del index[:]
    sub = [m for m in mentions if m.figure_id in again]
    documents = {m.doc_id for m in sub}  # a document's totals depend on its own amounts alone
    totals = sums_of_parts([m for m in mentions if m.doc_id in documents])
    sub_order = [m.figure_id for m in sub]
    clusters, ties = _cluster(sub_order, _money_blocks(sub), compare)
    component = {m: carried.component[m] for m in order if m not in again} if carried else {}
    component.update(_components(sub_order, ties))
    links = [carried.links[m] for m in order if m not in again]
    for first, members in clusters.items():
        stated = [m for m in members if m in totals]
        if stated:
            for m in members:
                rule, matched = (SUM_OF_PARTS, totals[m]) if m in totals else ("same_as_stated_total", stated[0])
                links.append(Link(COMMITMENT, m, None, rule, 1.0 if m in totals else compare(stated[0], m).score, matched, is_sum_of_parts=True))
            continue
        links += _explained(COMMITMENT, members, stable_id("commitment", first), compare)
    return Resolved(sorted(links, key=lambda l: l.mention_id), signatures, component)
