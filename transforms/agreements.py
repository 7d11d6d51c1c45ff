"""Agreements: instruments whose signing, renewal, extension or adoption a sentence reports, with type,
parties, signing date at its precision, duration and expiry."""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from transforms.countries import Country, default_countries
from transforms.dates import DateMention
from transforms.figures import Figure
from transforms.organizations import OrgMention

TYPES: list[tuple[str, str]] = [
    ("MoU", r"Memorand(?:um|a)\s+of\s+Understanding|\bMoUs?\b|\bMOUs?\b"),
    ("MoC", r"Memorand(?:um|a)\s+of\s+Co-?operation|\bMoCs?\b|\bMOCs?\b"),
    ("Implementing Arrangement", r"Implement(?:ing|ation)\s+Arrangements?|\bIA\b"),
    ("Letter of Intent", r"Letters?\s+of\s+Intent|\bLoIs?\b|\bLOIs?\b"),
    ("Record of Discussions", r"Records?\s+of\s+Discussions?|\bRoD\b"),
    ("Exchange of Notes", r"Exchanges?\s+of\s+Notes|(?<=exchanged\s)notes\b|(?<=exchanged\sthe\s)notes\b"),
    ("Action Plan", r"Action\s+Plans?"),
    ("Joint Statement", r"Joint\s+Statements?"),
    ("Joint Declaration", r"Joint\s+Declarations?"),
    ("Arrangement", r"(?<!Implementing\s)(?<!Implementation\s)\bArrangements?\b"),
    ("Agreement", r"\bAgreements?\b"),
]
_TYPE_NAMES = {name: name for name, _ in TYPES}
# what makes a lower-case "agreement"/"arrangement" an instrument: an article, a kind or a count before it
_INSTRUMENT_WORD = re.compile(
    r"\b(?:an?|the|this|that|these|those|its|their|cooperation|co-operation|loan|grant|framework|bilateral|"
    r"inter-?governmental|trade|partnership|implementing|implementation|collaboration|research|licen[cs]e|"
    r"two|three|four|five|several|\d+|[A-Z][\w-]*)\s+(?:[\w-]+\s+)?$"
)
TYPE_RE = re.compile("|".join(f"(?P<t{i}>{p})" for i, (_, p) in enumerate(TYPES)), re.IGNORECASE)
CONCLUSION = re.compile(
    r"\b(?P<verb>signed|inked|concluded|renewed|extended|extension|adopted|exchanged|issued|entered\s+into|made\s+on|finali[sz]ed|signing\s+(?:of|ceremony))\b",
    re.IGNORECASE,
)
_MODAL_BEFORE = re.compile(r"\b(?:may|will|shall|can|could|would|should|to|might|must)\s+(?:be\s+)?(?:\w+\s+){0,2}$", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"\b(?:the|this|that|said|such|these|those|overall|same|its|under\s+the)\s+(?:\w+\s+)?$", re.IGNORECASE)
_EXPIRY_BEFORE = re.compile(r"\b(?:till|until|upto|up\s+to|through|expir\w*(?:\s+on)?|valid\s+(?:till|until|up\s*to)|to)\s+(?:the\s+)?$", re.IGNORECASE)
_COLLECTIVE = re.compile(r"\b(?:both|the\s+two)\s+(?:agencies|sides|parties|institutions|organi[sz]ations|participants|ministries)\b", re.IGNORECASE)
_NATIONS = re.compile(r"\b(?:both|the\s+two)\s+(?:nations|countries|governments)\b", re.IGNORECASE)
EVENTS = {"renewed": "renewal", "extended": "extension", "extension": "extension", "adopted": "adoption"}


@dataclass
class Agreement:
    agreement_type: str
    event: str
    start: int
    end: int
    text: str
    title: str | None
    signed_date: dt.date | None
    signed_date_precision: str | None
    expires_date: dt.date | None = None
    expires_date_precision: str | None = None
    duration_value: float | None = None
    duration_unit: str | None = None
    parties: list[OrgMention] = field(default_factory=list)
    government_parties: list[tuple[str, str]] = field(default_factory=list)  # (name, country) of 'India and Japan'
    rule: str = ""
    confidence: float = 0.8


def _type_of(m: re.Match) -> str:
    return TYPES[int(m.lastgroup[1:])][0]


def _paragraph_start(text: str, pos: int) -> int:
    return text.rfind("\n\n", 0, pos) + 2 if text.rfind("\n\n", 0, pos) >= 0 else 0


def _heading_end(sentence: str) -> int:
    """'MoU between DAE and KEK: A memorandum ... was signed' -> the heading before the colon is a label."""
    m = re.match(r"[^:\n]{3,120}?:\s*(?=\S)", sentence)
    return m.end() if m and TYPE_RE.search(sentence, m.end()) else 0


def _title(text: str, end: int) -> str | None:
    m = re.match(r"\s*(?:\"[^\"]{3,120}\"|(?:on|for|concerning|regarding|in\s+the\s+field\s+of)\s+[^,.;:()\n]{3,100})", text[end:end + 140])
    return m.group().strip().strip('"') if m else None


def _nearest(mentions: list[DateMention], pos: int) -> DateMention | None:
    return min(mentions, key=lambda d: abs(d.start - pos)) if mentions else None


def extract_agreements(
    text: str,
    sentences: list[tuple[int, int]],
    dates: list[DateMention],
    orgs: list[OrgMention],
    figures: list[Figure],
    event_date: tuple[dt.date, str] | None,
    signature_date: tuple[dt.date, str] | None = None,
) -> list[Agreement]:
    """Agreements reported as concluded, one per instrument mention; `event_date` dates undated news reports."""
    org_spans = [(o.start, o.end) for o in orgs]
    found: list[Agreement] = []
    doc_countries = [c for _, _, c in default_countries().find(text[:1500])]
    date_starts = [d.start for d in dates]  # dates come in text order
    for si, (s_start, s_end) in enumerate(sentences):
        sentence = text[s_start:s_end]
        verbs = [v for v in CONCLUSION.finditer(sentence) if not _MODAL_BEFORE.search(sentence[:v.start()])]
        if not verbs:
            continue
        if not TYPE_RE.search(text, s_start, s_end):
            if ext := _extension_of_earlier(text, s_start, s_end, found, dates, figures):
                found.append(ext)
            continue
        skip_until = s_start + _heading_end(sentence)
        mentions = []
        for m in TYPE_RE.finditer(text, s_start, s_end):
            if m.start() < skip_until or any(a < m.end() and m.start() < b for a, b in org_spans):
                continue
            if m.group()[0].islower() and _TYPE_NAMES[_type_of(m)] in ("Agreement", "Arrangement") and not _INSTRUMENT_WORD.search(text[max(s_start, m.start() - 30):m.start()]):
                continue  # "reached agreement on", "institutional arrangements": not an instrument
            if re.search(r"\b(?:set|series|number|host|raft|slew|range)\s+of\s+$", text[max(s_start, m.start() - 40):m.start()], re.IGNORECASE):
                continue  # "a wide-ranging set of agreements": the instruments the text then lists, not another one
            mentions.append(m)
        sentence_dates = [d for d in dates[bisect.bisect_left(date_starts, s_start):bisect.bisect_left(date_starts, s_end)] if d.date is not None]
        expiry = [d for d in sentence_dates if _EXPIRY_BEFORE.search(text[max(s_start, d.start - 25):d.start])]
        signing = [d for d in sentence_dates if d not in expiry]
        # one agreement per instrument type in a sentence, unless a later mention is another one
        # ("an MoU with X on 1 May and another MoU with Y on 3 June")
        mention_list: list[re.Match] = []
        for m in mentions:
            same = [k for k in mention_list if _type_of(k) == _type_of(m)]
            if not same:
                mention_list.append(m)
            elif re.search(r"\b(?:another|second|third|separate|also\s+an?)\s+(?:\w+\s+)?$", text[max(s_start, m.start() - 25):m.start()], re.IGNORECASE):
                mention_list.append(m)
        for m in mention_list:
            atype = _type_of(m)
            before = text[max(s_start, m.start() - 30):m.start()]
            is_extension = bool(re.search(r"\b(?:extension|renewal)\s+of\s+(?:the\s+)?$", before, re.IGNORECASE))
            own_dates = [d for d in signing if _owner(mention_list, d.start) is m] or signing
            date = _nearest(own_dates, m.start())
            if _BACK_REFERENCE.search(before) and not is_extension:
                earlier = [a for a in found if a.agreement_type == atype]
                if earlier and (date is None or any(a.signed_date == date.date for a in earlier)):
                    continue
            precision = date.precision if date else None
            signed = date.date if date else None
            rule = "sentence_date" if date else ""
            if date is None:
                paragraph_dates = [d for d in dates if _paragraph_start(text, s_start) <= d.start < s_start and d.date and d.precision in ("day", "month")]
                if paragraph_dates:
                    signed, precision, rule = paragraph_dates[-1].date, paragraph_dates[-1].precision, "paragraph_date"
                elif event_date is not None:
                    signed, precision, rule = event_date[0], event_date[1], "report_date"
            verb = min(verbs, key=lambda v: abs(s_start + v.start() - m.start()))
            event = "extension" if is_extension else EVENTS.get(verb.group("verb").lower(), "signing")
            agreement = Agreement(
                atype, event, m.start(), m.end(), m.group(), _title(text, m.end()), signed, precision,
                rule=f"agreement:{verb.group('verb').lower()}:{rule or 'undated'}",
                confidence=0.9 if date else 0.75,
            )
            if expiry:
                agreement.expires_date, agreement.expires_date_precision = expiry[-1].date, expiry[-1].precision
            _attach_term(agreement, text, sentences, si, figures, dates)
            i = mention_list.index(m)
            segment = (m.start() if i else s_start, mention_list[i + 1].start() if i + 1 < len(mention_list) else s_end)
            _attach_parties(agreement, text, s_start, s_end, orgs, doc_countries, segment, mention_list[0].start())
            found.append(agreement)
    if signature_date is not None:
        own = _the_document_itself(text, orgs, signature_date, found)
        if own is not None:
            found.insert(0, own)
    _attach_document_terms(found, text, sentences, figures)
    return _merge_restatements(found)


_TITLE_INSTRUMENT = re.compile(r"\A\s*(?:[^\n]{0,80}\n\s*){0,2}?[ \t]*(?P<type>" + "|".join(p for _, p in TYPES) + r")", re.IGNORECASE)
_FIRST_ARTICLE = re.compile(r"^\s*(?:Article|Paragraph|Section|Clause)\s*\d", re.MULTILINE | re.IGNORECASE)


def _the_document_itself(text: str, orgs: list[OrgMention], signed: tuple[dt.date, str], found: list[Agreement]) -> Agreement | None:
    """The text of an agreement ('MEMORANDUM OF UNDERSTANDING BETWEEN ...' ... 'Done at Seoul on ...'):
    the instrument itself was signed on its signature date, between the bodies its preamble names."""
    m = _TITLE_INSTRUMENT.match(text)
    if m is None:
        return None
    inner = TYPE_RE.search(m.group("type"))
    atype = _type_of(inner)
    if any(a.agreement_type == atype and a.signed_date == signed[0] for a in found):
        return None  # the text also says so itself ("This Memorandum ... is made on ...")
    preamble_end = min((a.start() for a in _FIRST_ARTICLE.finditer(text)), default=len(text))
    preamble_end = min(preamble_end, 1500)
    parties, seen = [], set()
    for o in orgs:
        if o.start < preamble_end and o.name not in seen:
            seen.add(o.name)
            parties.append(o)
    start = m.start("type")
    return Agreement(atype, "signing", start, m.end("type"), m.group("type"), _title(text, m.end("type")), signed[0], signed[1],
                     parties=parties[:4], rule="agreement:document_signature", confidence=0.85)


_EXTENSION = re.compile(
    r"\b(?:(?:first|second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+)?extension\s+(?:was|has\s+been|had\s+been|is)\s+(?:done|made|granted|signed|given|approved|agreed)"
    r"|\b(?:was|has\s+been|have\s+been|were)\s+(?:further\s+|again\s+)?(?:extended|renewed)\s+(?:for|till|until|up\s*to|upto|by)\b",
    re.IGNORECASE,
)


def _extension_of_earlier(text: str, s_start: int, s_end: int, found: list[Agreement], dates: list[DateMention], figures: list[Figure]) -> Agreement | None:
    """'The second extension was done for three years till 15th February 2019': a new extension of the
    instrument the paragraph is about, with its own term and expiry."""
    m = _EXTENSION.search(text, s_start, s_end)
    para = _paragraph_start(text, s_start)
    parent = next((a for a in reversed(found) if para <= a.start < s_start and a.rule != "agreement:extension_of_earlier"), None)
    if m is None or parent is None:
        return None
    in_sentence = [d for d in dates if s_start <= d.start < s_end and d.date is not None]
    expiry = [d for d in in_sentence if _EXPIRY_BEFORE.search(text[max(s_start, d.start - 25):d.start])]
    signing = [d for d in in_sentence if d not in expiry]
    term = next((f for f in figures if f.kind == "duration" and m.start() <= f.start < s_end), None)
    ext = Agreement(
        parent.agreement_type, "extension", m.start(), m.end(), m.group(), parent.title,
        signing[0].date if signing else None, signing[0].precision if signing else None,
        expires_date=expiry[0].date if expiry else None, expires_date_precision=expiry[0].precision if expiry else None,
        duration_value=term.value if term else None, duration_unit=term.unit if term else None,
        parties=list(parent.parties), government_parties=list(parent.government_parties),
        rule="agreement:extension_of_earlier", confidence=0.7,
    )
    return ext


def _owner(mentions: list[re.Match], pos: int) -> re.Match:
    """The instrument a date belongs to: the last one named before it ('X was signed on D1 followed by Y ... on D2')."""
    before = [m for m in mentions if m.start() < pos]
    return max(before, key=lambda m: m.start()) if before else min(mentions, key=lambda m: m.start())


# the words that make a duration an instrument's term, not a horizon ("for the next decade")
_TERM_BEFORE = re.compile(r"\b(?:valid(?:ity)?(?:\s+for)?|(?:a|the)\s+(?:period|term)\s+of|for\s+(?:a\s+)?(?:further|another|an\s+additional)?|extended\s+(?:by|for))\s+(?:a\s+)?$", re.IGNORECASE)


def _attach_term(a: Agreement, text: str, sentences, si: int, figures: list[Figure], dates: list[DateMention]) -> None:
    """Duration ('valid for 5 years', 'for a period of five years') and expiry ('till 15th February 2012')
    in the agreement's sentence or the next one, when that one names no other instrument."""
    spans = [sentences[si]]
    if si + 1 < len(sentences):
        nxt = sentences[si + 1]
        if not TYPE_RE.search(text, nxt[0], nxt[1]) and re.match(r"\s*(?:Initially|It|The\s+same|This|The\s+term)\b", text[nxt[0]:nxt[1]]):
            spans.append(nxt)
    for s, e in spans:
        for f in figures:
            if f.kind == "duration" and s <= f.start < e and a.duration_value is None and _TERM_BEFORE.search(text[max(s, f.start - 30):f.start]):
                a.duration_value, a.duration_unit = f.value, f.unit
        if a.expires_date is None and len(spans) > 1 and (s, e) == spans[1]:
            for d in dates:
                if s <= d.start < e and d.date and _EXPIRY_BEFORE.search(text[max(s, d.start - 25):d.start]):
                    a.expires_date, a.expires_date_precision = d.date, d.precision
                    break


_TERM_SENTENCE = re.compile(r"\b(?:This|The)\s+(?P<type>Memorandum\s+of\s+(?:Understanding|Co-?operation)|MoU|MoC|Agreement|Arrangement|Letter\s+of\s+Intent)\b[^.]*?\b(?:remain|continue|valid|in\s+force|effect)\b", re.IGNORECASE)


def _attach_document_terms(found: list[Agreement], text: str, sentences, figures: list[Figure]) -> None:
    """An agreement text states its own term later ('This Memorandum ... will remain ... for five (5) years')."""
    for s, e in sentences:
        m = _TERM_SENTENCE.search(text, s, e)
        if not m:
            continue
        atype = _type_of(TYPE_RE.search(m.group("type")))
        own = next((a for a in found if a.agreement_type == atype and a.start < s), None)
        term = next((f for f in figures if f.kind == "duration" and s <= f.start < e), None)
        if own is not None and term is not None and own.duration_value is None:
            own.duration_value, own.duration_unit = term.value, term.unit


_BETWEEN_GAP = re.compile(
    r"^(?:[\s,&]|\b(?:and|with|the|of|Govt\.?|Government|Republic|India|Japan)\b|\([^()]{1,12}\))*$"
)


def _attach_parties(a: Agreement, text: str, s_start: int, s_end: int, orgs: list[OrgMention], doc_countries: list[Country],
                    segment: tuple[int, int], first_mention: int) -> None:
    """Parties: the bodies after 'between' (or all named in the sentence), 'both agencies' from the paragraph,
    and governments where countries sign ('India and Germany signed', 'the Governments of India and Japan')."""
    sentence = text[s_start:s_end]
    head_end = s_start + _heading_end(sentence)
    in_sentence = [o for o in orgs if head_end <= o.start < s_end]
    between = re.compile(r"\bbetween\b", re.IGNORECASE).search(text, a.end, s_end)
    chain: list[OrgMention] = []
    if between:
        at = between.end()
        for o in (o for o in in_sentence if o.start >= between.end()):
            if not _BETWEEN_GAP.match(text[at:o.start]):
                break
            chain.append(o)
            at = o.end
    if chain:
        in_sentence = chain
    elif between and re.match(r"\s+(?:the\s+)?Governments?\s+of\b", text[between.end():between.end() + 20]):
        in_sentence = []  # "between the Governments of India and Japan": the governments are the parties
    elif segment != (s_start, s_end):
        # several instruments in one sentence: the subject before the first, and the bodies named
        # between this instrument and the next one
        in_sentence = [o for o in in_sentence if o.start < first_mention or segment[0] <= o.start < segment[1]]
    seen, parties = set(), []
    for o in in_sentence:
        if o.name not in seen:
            seen.add(o.name)
            parties.append(o)
    if len(parties) < 2 and _COLLECTIVE.search(sentence):
        for o in orgs:
            if _paragraph_start(text, s_start) <= o.start < s_start and o.name not in seen and len(parties) < 2:
                seen.add(o.name)
                parties.append(o)
    a.parties = parties
    a.government_parties = [(c.government, c.iso2) for c in _signing_countries(sentence, doc_countries, bool(parties), bool(chain))]


def _signing_countries(sentence: str, doc_countries: list[Country], have_parties: bool, have_chain: bool) -> list[Country]:
    found = default_countries().find(sentence)
    for (a1, b1, c1), (a2, b2, c2) in zip(found, found[1:]):
        if re.fullmatch(r"\s*(?:and|&)\s*", sentence[b1:a2]) and c1 != c2:
            before = sentence[max(0, a1 - 40):a1]
            after = sentence[b2:b2 + 60]
            if re.search(r"\bGovernments?\s+of\s+(?:the\s+)?$", before) or (
                not have_chain and re.match(r"\s*(?:\([^)]*\)\s*)?(?:,\s*)?(?:on\s+\w+\s+|also\s+|have\s+|had\s+|today\s+|formally\s+)*(?:signed|adopted|concluded|exchanged|inked|renewed|agreed)\b", after)
            ):
                return [c1, c2]
    if _NATIONS.search(sentence) or not have_parties:
        distinct = list(dict.fromkeys(doc_countries))
        if len(distinct) >= 2 and (_NATIONS.search(sentence) or not have_parties):
            return distinct[:2]
    return []


def _merge_restatements(found: list[Agreement]) -> list[Agreement]:
    """The same instrument mentioned twice ('Agreement signed in 1985' ... 'agreement concluded in August
    1985'): same type, one date a refinement of the other, no conflicting named parties."""
    out: list[Agreement] = []
    for a in found:
        twin = next((b for b in out if b.agreement_type == a.agreement_type and _compatible(a, b)), None)
        if twin is None:
            out.append(a)
        elif (a.signed_date_precision, twin.signed_date_precision) == ("month", "year"):
            twin.signed_date, twin.signed_date_precision = twin.signed_date, twin.signed_date_precision
    return out


def _compatible(a: Agreement, b: Agreement) -> bool:
    if a.signed_date is None or b.signed_date is None or a.signed_date.year != b.signed_date.year:
        return False
    if "year" not in (a.signed_date_precision, b.signed_date_precision):
        return False
    names_a, names_b = {o.name for o in a.parties}, {o.name for o in b.parties}
    return not names_a or not names_b or names_a <= names_b or names_b <= names_a
