"""Agreements: instruments whose signing, renewal, extension or adoption a sentence reports, with type,
parties, signing date at its precision, duration and expiry.

One pass over the sentences. Everything a mention needs from the rest of the document (organizations,
dates, figures, the paragraph it is in, earlier agreements) is looked up by bisect in sorted lists built
once, and every pattern reads a bounded window, so the cost is linear in the document's length.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterator

from transforms.countries import Country, default_countries
from transforms.dates import DateMention
from transforms.document import Document
from transforms.organizations import HEAD_WORDS, OrgMention
from transforms.rules import Case, rule
from transforms.text import caseless, word_starts

PART = "part"  # the type of an addendum, amendment or extension: its instrument's, read by _owner_type
TYPES: list[tuple[str, str]] = [
    ("MoU", r"Memorand(?:um|a)\s{1,3}of\s{1,3}Understanding|\bMoUs?\b|\bMOUs?\b|\bM\.o\.U\.?"),
    ("MoC", r"Memorand(?:um|a)\s{1,3}of\s{1,3}Co-?operation|\bMoCs?\b|\bMOCs?\b"),
    # an intent declared in writing, whatever the document is called: a letter, declaration, statement, protocol or
    # memorandum of intent (before the bare memorandum and the protocol below, which would take its first word)
    ("Letter of Intent", r"(?:Letters?|Declarations?|Statements?|Protocols?|Memorand(?:um|a))\s{1,3}of\s{1,3}Intent(?:ions?)?\b|\bLoIs?\b|\bLOIs?\b"),
    # a memorandum named without what it records is one of understanding ('a memorandum on fisheries')
    ("MoU", r"\bMemorand(?:um|a)\b"),
    ("Implementing Arrangement", r"Implement(?:ing|ation)\s{1,3}(?:Arrangement|Agreement)s?|\bIA\b"),
    # minutes both sides agreed and signed record their discussions
    ("Record of Discussions", r"Records?\s{1,3}of\s{1,3}Discussions?|\bRoD\b|\bAgreed\s{1,3}Minutes\b|\bMinutes\s{1,3}of\s{1,3}(?:the\s{1,3})?Discussions?\b"),
    # letters exchanged between governments are notes under another name
    ("Exchange of Notes", r"Exchanges?\s{1,3}of\s{1,3}(?:Notes|Letters)|Letters?\s{1,3}of\s{1,3}Exchange|(?<=exchanged\s)(?:notes|letters)\b|(?<=exchanged\sthe\s)(?:notes|letters)\b"),
    ("Action Plan", r"Action\s{1,3}Plans?"),
    # a plan of joint work is adopted as an action plan is; lower-case, a work plan needs a kind word ('a work plan')
    # and 'the programme of cooperation' is the work itself, not an instrument
    ("Action Plan", r"\bWork\s{1,3}(?:Plans?|Programmes?)\b|\bCo-?operation\s{1,3}Programmes?\b|\b(?-i:Programmes?\s{1,3}of\s{1,3}(?:[A-Z][\w-]{1,30},?\s{1,3}(?:and\s{1,3})?){0,4}Co-?operation)\b|\bExecutive\s{1,3}Programmes?\b"),
    ("Joint Statement", r"Joint\s{1,3}Statements?"),
    ("Joint Declaration", r"Joint\s{1,3}Declarations?"),
    ("Arrangement", r"(?<!Implementing\s)(?<!Implementation\s)\bArrangements?\b"),
    ("Agreement", r"(?<!Implementing\s)(?<!Implementation\s)\bAgreements?\b"),
    # an accord or a pact is an agreement under another name; lower-case, it needs a kind word ('the accord')
    ("Agreement", r"\b(?:Accords?|Pacts?)\b"),
    # a protocol is an agreement under another name; lower-case, it needs a kind word ('a protocol on ...')
    ("Agreement", r"\bProtocols?\b"),
    # a partnership renewed or extended is the instrument it rests on (see _RENEWED_ONLY_TYPES); 'partnership agreement' is that agreement
    ("Agreement", r"\bPartnerships?\b(?!\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,2}?(?:Agreement|Arrangement|Accord|Memorand|MoU|MoC|Framework|Programme|Plan|Protocol))"),
    # a change or a prolongation of an instrument is an instrument of that instrument's type (see _owner_type);
    # 'the extension of the MoU' is the MoU's extension, read from the MoU (_EXTENSION_OF)
    (PART, r"\bAddend(?:um|a)\b|\bAmendments?\b|\bAmending\s{1,3}Protocols?\b|\b(?:Extension|Renewal)s?\b(?!\s{1,3}of\b)"),
]
# the lookahead names every alternative's first letter: the engine skips other positions at once instead of
# trying each alternative there (the same matches, 2.5 times faster)
TYPE_RE = re.compile("(?=[mailrejnpwdsc])(?:" + "|".join(f"(?P<t{i}>{p})" for i, (_, p) in enumerate(TYPES)) + ")", re.IGNORECASE)
# the first word of every TYPES alternative: a TYPE_RE match starts where one of them does
TYPE_WORDS = ("memorand", "mou", "m.o", "moc", "implement", "ia", "letter", "loi", "declaration", "statement", "record", "rod",
              "agreed", "minutes", "exchange", "notes", "action", "work", "programme", "executive", "joint", "arrangement",
              "agreement", "accord", "pact", "protocol", "cooperation", "co-operation", "partnership", "addend", "amend", "extension", "renewal")
# the TYPES alternatives whose lower-case word is often no instrument ('reached agreement', 'a safety protocol'
# is one only with a kind word, see _INSTRUMENT_WORD)
_COMMON_WORD_TYPES = {f"t{i}" for i, (t, p) in enumerate(TYPES) if t in ("Agreement", "Arrangement") or "Work" in p or p == r"\bMemorand(?:um|a)\b"}
# the other names (work plan, protocol): an instrument only as what a conclusion verb concluded ('signed a protocol',
# 'the work plan was adopted'), not in a sentence whose verb concluded something else ('agreed on a work plan')
_OTHER_NAME_TYPES = {f"t{i}" for i, (t, p) in enumerate(TYPES) if "Work" in p or p == r"\bProtocols?\b" or t == PART}
# a partnership is an instrument only as what a renewal or an extension renewed ('renewed its partnership with X'), or
# what a signing the text dates concluded ('the X-Y Partnership for Development, which the presidents signed in May 2017')
_RENEWED_ONLY_TYPES = {f"t{i}" for i, (t, p) in enumerate(TYPES) if p.startswith(r"\bPartnership")}
_RENEWED = re.compile(r"\b(?:renewed|extended|prolonged)\s{1,3}(?:(?:its|their|the|a|an|this|that)\s{1,3})?(?:[\w-]{1,30}\s{1,3})?\Z", re.IGNORECASE)
_RENEWED_AFTER = re.compile(r"\s{1,3}(?:was|were|has\s{1,3}been|have\s{1,3}been)\s{1,3}(?:\w{1,12}ly\s{1,3})?(?:renewed|extended|prolonged)\b", re.IGNORECASE)
_CONCLUDED_BEFORE = re.compile(r"\b(?:signed|inked|concluded|renewed|extended|prolonged|adopted|approved|amended)\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,5}\Z", re.IGNORECASE)
_CONCLUDED_AFTER = re.compile(
    r"(?:\s{1,3}[\w-]{1,30}){0,8}?\s{1,3}(?:was|were|has\s{1,3}been|have\s{1,3}been)\s{1,3}(?:also\s{1,3}|\w{1,12}ly\s{1,3})?"
    r"(?:signed|inked|concluded|renewed|extended|adopted|approved)\b"
    # or its participle right after it, with when or where: 'a protocol concluded in Quito in 2016'
    r"|(?:\s{1,3}[\w-]{1,30}){0,5}?,?\s{1,3}(?:first\s{1,3}|originally\s{1,3})?(?:signed|inked|concluded|adopted|approved)\s{1,3}(?:in|on|at|by|last|earlier|yesterday|today)\b"
    # or a relative clause whose subject concluded it, with when or where: 'the programme, which the two ministers signed
    # in Quito', 'the programme of cooperation on youth they concluded in June 2017'
    r"|[^.;:()\n]{0,60}?(?:\b(?:which|that)|\s(?:they|we|both|the\s{1,3}two))\s(?:[^.;:()\n]{0,80}?\s)??(?:(?:had|have|has)\s{1,3})?"
    r"(?:signed|inked|concluded|adopted|approved)\s{1,3}(?:in|on|at|last|earlier|yesterday|today)\b", re.IGNORECASE)
# an instrument joined by 'and' to one a conclusion verb governs: 'signed the agreement on culture and an executive protocol'
_COORDINATED = re.compile(r"\s(?:[\w-]{1,30}\s{1,3}){0,6}?(?:,\s{0,3})?(?:and|as\s{1,3}well\s{1,3}as)\s{1,3}(?:(?:an?|the|its|their)\s{1,3})?(?:[\w-]{1,30}\s{1,3}){0,2}", re.IGNORECASE)
_UNSIGNED = re.compile(r"\b(?:draft|unsigned)\s{1,3}(?:[\w-]{1,30}\s{1,3})?\Z", re.IGNORECASE)
_UNSIGNED_AFTER = re.compile(
    r"(?:\s{1,3}[\w-]{1,30}){0,6}?,?\s{1,3}(?:that\s{1,3}|which\s{1,3})?(?:is|remains|was|has\s{1,3}been|had\s{1,3}been)\s{1,3}(?:still\s{1,3})?"
    r"(?:unsigned|not\s{1,3}(?:yet\s{1,3})?(?:been\s{1,3})?signed|yet\s{1,3}to\s{1,3}be\s{1,3}signed|under\s{1,3}negotiation|being\s{1,3}negotiated)\b"
    # or right after it, one still to be made: 'the agreements to be concluded between ...', 'an accord is to be prepared'
    r"|(?:\s{1,3}(?!(?:signed|inked|concluded|renewed|extended|adopted)\b)[\w-]{1,30}){0,4}?\s{1,3}(?:is|are|was|were)\s{1,3}(?:yet\s{1,3})?to\s{1,3}be\s{1,3}(?:\w{1,12}ly\s{1,3})?[a-z]{2,20}ed\b"
    r"|\s{1,3}to\s{1,3}be\s{1,3}(?:\w{1,12}ly\s{1,3})?[a-z]{2,20}ed\b", re.IGNORECASE)
# 'of their own accord', 'in accordance': the word names no instrument
_NOT_INSTRUMENT_BEFORE = re.compile(r"\bown\s{1,3}\Z", re.IGNORECASE)
# what makes a lower-case "agreement"/"arrangement" an instrument: an article, a kind or a count before it
_INSTRUMENT_WORD = re.compile(
    r"\b(?:an?|the|this|that|these|those|its|their|whose|our|cooperation|co-operation|loan|grant|framework|bilateral|diplomatic|"
    r"inter-?governmental|trade|partnership|implementing|implementation|collaboration|research|licen[cs]e|"
    r"two|three|four|five|several|\d+|[A-Z][\w-]*)\s{1,3}(?:(?:separate|new|further|additional)\s{1,3})?(?:[\w-]{1,30}\s{1,3})?\Z"
)
# what a conclusion verb has concluded: 'renewed their science and technology agreement' (words only between)
_VERB_OBJECT = re.compile(r"\b(?:signed|inked|concluded|renewed|extended|prolonged)\s{1,3}(?:[\w-]{1,30}\s{1,3}){1,5}\Z", re.IGNORECASE)
CONCLUSION = re.compile(
    r"\b(?=[sicraemfpd])(?P<verb>signed|inked|concluded|renewed|extended|prolonged|extension|adopted|approved|amended|exchanged|issued|entered\s{1,3}into|made\s{1,3}on|"
    r"finali[sz]ed|signing\s{1,3}(?:of|ceremony)|(?:(?<=by\s)|(?<=after\s)|(?<=upon\s))signing|put\s{1,3}their\s{1,3}(?:signatures?|names)|dated)\b",
    re.IGNORECASE,
)
# the first word of every CONCLUSION alternative: a sentence without one of them has no conclusion verb
CONCLUSION_WORDS = ("signed", "inked", "concluded", "renewed", "extended", "prolonged", "extension", "adopted", "approved", "amended", "exchanged", "issued",
                    "entered", "made", "finalised", "finalized", "signing", "put", "dated")
# (the month May is no modal: 'in May 2017 and extended it')
_MODAL_BEFORE = re.compile(r"\b(?:(?<!in\s)(?<!of\s)(?<!on\s)(?<!by\s)may(?!\s{1,3}\d)|will|shall|can|could|would|should|to|might|must)\s{1,3}(?:be\s{1,3})?(?:\w{1,30}\s{1,3}){0,2}\Z", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"\b(?:the|this|that|said|such|these|those|overall|same|its|under\s{1,3}the)\s{1,3}[\"“]?(?:\w{1,30}\s{1,3})?[\"“]?\Z", re.IGNORECASE)
# a later mention of a type already named is another instrument: 'another MoU', '(ii) an MoU', 'Second, a loan agreement'
_ANOTHER = re.compile(
    r"(?:\b(?:another|second|third|fourth|separate|also\s{1,3}an?)\s{1,3}(?:\w{1,30}\s{1,3})?"
    r"|(?:^|[\s;:,])\(?(?:[ivx]{1,5}|[a-h]|\d{1,2})[).]\s{1,3}(?:(?:an?|the)\s{1,3})?(?:\w{1,30}\s{1,3})?)\Z",
    re.IGNORECASE,
)
_COLLECTION = re.compile(r"\b(?:set|series|number|host|raft|slew|range)\s{1,3}of\s{1,3}\Z", re.IGNORECASE)
_EXTENSION_OF = re.compile(r"\b(?:extension|renewal)\s{1,3}of\s{1,3}(?:the\s{1,3})?\Z", re.IGNORECASE)
_EXPIRY_BEFORE = re.compile(
    r"\b(?:till|until|upto|up\s{1,3}to|through|expir\w{0,5}(?:\s{1,3}(?:on|this|next|in))?|valid\s{1,3}(?:till|until|up\s{0,3}to)|(?<!back\s)to)\s{1,3}(?:the\s{1,3})?\Z",
    re.IGNORECASE,
)
# a date that says how long a tie has lasted, not when an instrument was concluded: 'linked since 2008'
# (or in a clause 'since' opens: 'others concluded since both sides launched the programme in 2020')
# (a clause with a conclusion verb of its own is the signing: 'since the two campuses signed an MoU on 14 March 2023')
_SINCE_BEFORE = re.compile(r"\b(?:since|ever\s{1,3}since)\s{1,3}(?:the\s{1,3}(?:year\s{1,3})?|(?:(?!(?:signed|inked|concluded|renewed|extended|adopted|exchanged)\b)"
                           r"[\w'’-]{1,30}\s{1,3}){1,8}(?:in|on)\s{1,3})?\Z", re.IGNORECASE)
# the bodies named before, referred to together: 'the two agencies set up under an MoU signed in 2019'
_COLLECTIVE = re.compile(
    r"\b(?:both|the\s{1,3}two)\s{1,3}(?:[a-z][\w-]{1,20}\s{1,3}){0,2}(?:agencies|sides|parties|institutions|organi[sz]ations|participants|ministries|"
    r"universities|institutes|councils|foundations|academies|bodies|partners|colleges|laboratories|banks)\b", re.IGNORECASE)
# the countries as the signatories: 'the two countries signed', 'signed between both nations', 'the governments of the two
# countries' (not 'start-ups of the two countries')
_NATIONS = re.compile(r"\b(?:between\s{1,3}|governments\s{1,3}of\s{1,3})?(?P<nations>(?:both|the\s{1,3}two)\s{1,3}(?:nations|countries|governments))\b", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\b", re.IGNORECASE)
EVENTS = {"renewed": "renewal", "extended": "extension", "prolonged": "extension", "extension": "extension", "adopted": "adoption", "renewal": "renewal"}
WINDOW = 60  # characters before a mention or a date that the context patterns read
MAX_PARTIES = 8  # a longer list after 'between' is a list of places or topics, not of signatories


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
    government_parties: list[tuple[str, str]] = field(default_factory=list)  # (name, country) where countries sign
    rule: str = ""
    confidence: float = 0.8




def _is_part(m: re.Match) -> bool:
    return TYPES[int(m.lastgroup[1:])][0] == PART


def _type_of(m: re.Match) -> str:
    """The type a mention names; an addendum, amendment or extension read alone is an Agreement (see _mention_type)."""
    atype = TYPES[int(m.lastgroup[1:])][0]
    return "Agreement" if atype == PART else atype


# what an addendum, amendment or extension belongs to: 'an amendment to their 2015 research agreement'
_OWNER_AFTER = re.compile(r"\s{1,3}(?:to|of)\s")
OWNER_REACH = 60  # characters after 'to' where the instrument changed is named


def _mention_type(ctx: _Context, m: re.Match, e: int) -> str:
    """The instrument type of a mention: an addendum, amendment or extension takes that of the instrument it
    changes, named after it ('to the MoU') or else the last one reported; an Agreement where there is none."""
    if not _is_part(m):
        return _type_of(m)
    if (to := _OWNER_AFTER.match(ctx.text, m.end(), e)) and (owner := TYPE_RE.search(ctx.text, to.end(), min(e, to.end() + OWNER_REACH))) and not _is_part(owner):
        return _type_of(owner)
    return ctx.found[-1].agreement_type if ctx.found else "Agreement"


class _Sorted:
    """Mentions (anything with .start) in text order: those starting in a range are found by bisect."""

    def __init__(self, items: list):
        self.items = sorted(items, key=lambda x: x.start)
        self.starts = [x.start for x in self.items]

    def in_range(self, start: int, end: int) -> list:
        return self.items[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def iter_range(self, start: int, end: int) -> Iterator:
        for i in range(bisect.bisect_left(self.starts, start), len(self.items)):
            if self.items[i].start >= end:
                return
            yield self.items[i]

    def names_inside(self, start: int, end: int) -> bool:
        """Whether text[start:end] is a part, not the whole, of a mention that is not a government's."""
        i = bisect.bisect_right(self.starts, start)
        return any(x.end >= end and (x.start, x.end) != (start, end) and not x.name.startswith("Government")
                   for x in self.items[max(0, i - 3):i])

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        return any(x.end > start for x in self.items[max(0, i - 3):i])


class _Context:
    """What the agreement rules read from the document, indexed once."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.text = doc.text
        self.orgs = _Sorted(doc.organizations)
        self.dates = _Sorted(_explicit_dates(doc))
        self.durations = _Sorted([f for f in doc.figures if f.kind == "duration"])
        # the last day- or month-precise date at or before each date: a paragraph's date without a scan
        self.last_fine: list[int] = []
        for i, d in enumerate(self.dates.items):
            self.last_fine.append(i if d.precision in ("day", "month") else (self.last_fine[-1] if self.last_fine else -1))
        self.verb_starts = self.word_starts(CONCLUSION_WORDS)
        self.event_date = _event_date(doc)
        self.found: list[Agreement] = []
        self.dates_by_type: dict[str, set] = {}
        self.first_with_parties: dict[str, Agreement] = {}
        self.item_lead: int | None = None  # the index of the sentence that leads the list item being read

    # read only for the few documents that report an agreement: built on first use
    @cached_property
    def paragraphs(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer(r"\n[ \t]*\n", self.text)]

    @cached_property
    def lead_signing_pair(self) -> list[Country]:
        """The two countries a report's lead says signed ('X and Y on Friday signed a set of agreements')."""
        lead = self.text[:HEAD]
        return _pair_signing(lead, default_countries().find(lead))

    @cached_property
    def head_countries(self) -> list[Country]:
        return list(dict.fromkeys(c for _, _, c in default_countries().find(self.text[:1500])))

    def word_starts(self, words: tuple[str, ...]) -> list[int] | None:
        """`word_starts` of the text; None where lower-casing cannot tell what a case-blind pattern matches."""
        if self.lower is None:
            return None
        return word_starts(self.lower, words)

    @cached_property
    def lower(self) -> str | None:
        return caseless(self.text)

    def paragraph_start(self, pos: int) -> int:
        return self.paragraphs[bisect.bisect_right(self.paragraphs, pos) - 1]

    @cached_property
    def type_starts(self) -> list[int] | None:
        return self.word_starts(TYPE_WORDS)

    def conclusions(self, s: int, e: int) -> list[re.Match]:
        """`_conclusions` of a sentence, the pattern tried only where a conclusion verb's first word starts."""
        if self.verb_starts is None:
            return _conclusions(self.text, s, e)
        text = self.text
        return [v for v in _matches_at(CONCLUSION, text, self.verb_starts, s, e) if not _MODAL_BEFORE.search(text, max(s, v.start() - WINDOW), v.start())]

    def types(self, s: int, e: int) -> list[re.Match] | Iterator[re.Match]:
        """TYPE_RE's matches in text[s:e], tried only where an instrument's first word starts."""
        if self.type_starts is None:
            return TYPE_RE.finditer(self.text, s, e)
        return _matches_at(TYPE_RE, self.text, self.type_starts, s, e)

    def add(self, a: Agreement) -> None:
        self.found.append(a)
        self.dates_by_type.setdefault(a.agreement_type, set()).add(a.signed_date)
        if a.parties or a.government_parties:
            self.first_with_parties.setdefault(a.agreement_type, a)


def _explicit_dates(doc: Document) -> list[DateMention]:
    """The document's resolved dates, but for a weekday that only introduces the full date ('on Monday, 4 May 2023'),
    with the months named without a year and the days written in words that the date finder leaves out."""
    dates = sorted((d for d in doc.dates if d.date is not None), key=lambda d: d.start)
    dates = [d for d, nxt in zip(dates, dates[1:] + [None])
             if not (d.kind == "weekday" and nxt is not None and nxt.precision == "day" and re.fullmatch(r",?\s{0,3}(?:the\s{1,3})?", doc.text[d.end:nxt.start]))]
    known = _Sorted(dates)
    extra = [d for d in _yearless_months(doc, dates) if not known.overlaps(d.start, d.end)]
    # a day in words holds the month and year the date finder read alone ('the fourth day of March, 2015'): it replaces them
    in_words = _dates_in_words(doc.text)
    if in_words:
        dates = [d for d in dates if not any(w.start <= d.start < w.end for w in in_words)]
    return sorted(dates + extra + in_words, key=lambda d: d.start) if extra or in_words else dates


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
# a month named alone after a preposition ('signed in March', 'last November', 'in June of that year'); capitalised, so
# the verb 'may' is no month, and not followed by a day or a year, which the date finder reads itself
# (the month is read first, the word before it then: months are rare, prepositions are not)
_YEARLESS_MONTH = re.compile(
    r"\b(?P<mon>" + "|".join(_MONTHS) + r")\b(?!\s{0,3}\d|,?\s{1,3}(?:of\s{1,3})?(?:19|20)\d{2})(?P<that>\s{1,3}of\s{1,3}(?:that|the\s{1,3}same)\s{1,3}year)?")
_BEFORE_MONTH = re.compile(r"\b(?P<lead>[Ii]n|[Oo]n|[Ll]ast|[Tt]his|[Ss]ince|[Dd]uring|[Ee]arly|[Ll]ate|[Uu]ntil|[Tt]ill|[Bb]y|[Ff]rom)\s{1,3}\Z")


def _matches_after_words(pattern: re.Pattern, text: str, words: tuple[str, ...]) -> list[re.Match]:
    """pattern's matches that start where one of `words` does, found by str.find (a scan in C: these words are rare,
    and a pattern tried at every position of every document cost more than the rest of the agreement stage)."""
    out = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            if (at == 0 or not text[at - 1].isalnum()) and (m := pattern.match(text, at)):
                out.append(m)
            at = text.find(word, at + 1)
    return sorted(out, key=lambda m: m.start())


def _yearless_months(doc: Document, dates: list[DateMention]) -> list[DateMention]:
    """A month named without its year is in the year the sentence named before it ('in 2015 ... in June of that year'),
    or else the last such month up to the publication date ('signed in March' in a May report: March of that year)."""
    pub = doc.publication.date if doc.publication is not None else None
    out = []
    for m in _matches_after_words(_YEARLESS_MONTH, doc.text, _MONTHS):
        lead = _BEFORE_MONTH.search(doc.text, max(0, m.start() - 8), m.start())
        if lead is None:
            continue
        month = _MONTHS.index(m.group("mon")) + 1
        if m.group("that"):
            k = bisect.bisect_left([d.start for d in dates], m.start()) - 1
            if k < 0 or dates[k].date is None:
                continue
            year = dates[k].date.year
        elif pub is None:
            continue
        else:
            # 'last November' is before the publication month; 'in March' may be the publication month itself
            year = pub.year if month < pub.month or (month == pub.month and lead.group("lead").lower() != "last") else pub.year - 1
        out.append(DateMention(m.start(), m.end(), m.group(), "month", dt.date(year, month, 1), "month"))
    return out


_ORDINAL_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
                  "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth")
# a treaty's date with the day in words: 'on the fourth day of March, 2015', 'this twenty-first day of May 2019' (read from
# 'day of', which is rare, back to the ordinal)
_DAY_OF_MONTH = re.compile(
    r"day\s{1,3}of\s{1,3}(?P<mon>" + "|".join(_MONTHS) + r"),?\s{1,3}(?:(?:in\s{1,3})?the\s{1,3}year\s{1,3})?(?P<y>(?:19|20)\d{2})\b", re.IGNORECASE)
_ORDINAL_BEFORE = re.compile(
    r"\b(?:(?P<tens>twenty|thirty)[\s-]{1,3})?(?P<unit>" + "|".join(_ORDINAL_WORDS) + r"|thirtieth)\s{1,3}\Z", re.IGNORECASE)


def _dates_in_words(text: str) -> list[DateMention]:
    """Dates whose day is an ordinal word ('the fourth day of March, 2015'), as treaties and notes write them."""
    out = []
    for m in _matches_after_words(_DAY_OF_MONTH, text, ("day of", "Day of", "DAY OF")):
        o = _ORDINAL_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if o is None:
            continue
        unit = o.group("unit").lower()
        day = {"twentieth": 20, "thirtieth": 30}.get(unit) or _ORDINAL_WORDS.index(unit) + 1
        day += {"twenty": 20, "thirty": 30}.get((o.group("tens") or "").lower(), 0)
        month = [x.lower() for x in _MONTHS].index(m.group("mon").lower()) + 1
        try:
            out.append(DateMention(o.start(), m.end(), text[o.start():m.end()], "day_in_words", dt.date(int(m.group("y")), month, day), "day"))
        except ValueError:
            continue
    return out


def _matches_at(pattern: re.Pattern, text: str, starts: list[int], s: int, e: int) -> list[re.Match]:
    """pattern.finditer(text, s, e) for a pattern whose every match starts at one of the sorted `starts`: the
    pattern is tried only there, left to right, a match hiding the starts inside it as finditer's would."""
    out, at = [], s
    for i in range(bisect.bisect_left(starts, s), len(starts)):
        p = starts[i]
        if p >= e:
            break
        if p >= at and (m := pattern.match(text, p, e)):
            out.append(m)
            at = m.end()
    return out


def _publication_day(doc: Document) -> dt.date | None:
    """The day a news report was published, where its header, dateline or metadata say so to the day."""
    pub = doc.publication
    if pub is None or pub.basis not in ("header", "dateline", "date_line", "posted_line", "byline", "relative_date", "given", "metadata") or pub.date is None or pub.precision != "day":
        return None
    return pub.date


def _event_date(doc: Document) -> tuple[dt.date, str] | None:
    """When a news report names no date for a signing, it happened on the day the report is about."""
    pub = _publication_day(doc)
    if pub is None:
        return None
    weekday = next((d for d in doc.dates if d.kind == "weekday" and d.date is not None), None)
    return (weekday.date, "day") if weekday else (pub, "day")


@dataclass
class _Mention:
    """One instrument mention in a sentence, with the sentence's dates that belong to it."""

    match: re.Match
    s: int
    e: int
    own_dates: list[DateMention]
    expiry: list[DateMention]
    si: int = -1  # the sentence's index


# --- date rules: the first that dates a mention names its row ---------------------------------------

_ATTRIBUTIVE = re.compile(r"(?:['’]s)?\s{1,3}")  # 'the 2019 MoU', 'the 2019's MoU'
_OF_DATE = re.compile(r"\s{1,3}of\s{1,3}")  # 'the MoU of 2019'
_INSTRUMENT_OF_DATE = re.compile(r"(?:" + "|".join(p for t, p in TYPES if t != PART) + r")\s{1,3}of\s{1,3}\Z", re.IGNORECASE)
# the date as a modifier of an instrument, kind words between: 'their 2015 exchange agreement' (not 'on Thursday signed an MoU')
_DATE_OF_INSTRUMENT = re.compile(r"(?:['’]s)?\s{1,3}(?:(?!(?:an?|the|this|their|its|on|in|to|at|and|signed|inked|concluded|renewed|extended|adopted|approved|amended|exchanged)\b)"
                                 r"[a-z][\w-]{1,30}\s{1,3}){0,2}?(?:" + "|".join(p for t, p in TYPES if t != PART) + ")", re.IGNORECASE)


# the head of a dateline: 'Lima, Monday 3 March 2025 -', 'TUNIS (Agency), Thu. 6 October 2022:' (names, abbreviations and
# short function words before the date, no running prose)
_DATELINE_HEAD = re.compile(r"(?:[^\S\n]{0,3}+(?:[A-Z][\w.'’-]{0,30}+|[a-z]{1,3}+(?!\w)|[,()|:–—-]))*+[^\S\n]{0,3}+")  # possessive: no backtracking


def _is_dateline_of_relative(ctx: _Context, m: _Mention, d: DateMention) -> bool:
    """'Lima, Monday 3 March 2025 - X yesterday signed ...': the date that opens the line is the report's own day,
    which the sentence's 'yesterday' or 'today' counts from; it does not date the signing."""
    pub = _publication_day(ctx.doc)
    if pub is None or d.date != pub or d.end > m.match.start():
        return False
    line_start = ctx.text.rfind("\n", 0, d.start) + 1
    if d.start - line_start > 80 or not _DATELINE_HEAD.fullmatch(ctx.text, line_start, d.start):
        return False
    return _RELATIVE_DAY.search(ctx.text, d.end, m.e) is not None


@rule("agreement:sentence_date", stage="agreements", cases=[
    Case("The university and the foundation signed a Memorandum of Understanding on 4 March 2021.", "Memorandum of Understanding"),
    Case("Two institutes inked an MoC in June 2019 to share data.", "MoC"),
    Case("The agency plans to sign an agreement on 4 March 2021.", None),
    Case("Harbourtown, Monday 3 March 2025 - The museum and the observatory yesterday signed an MoU on sky surveys.", None),
])
def sentence_date(ctx: _Context, m: _Mention) -> tuple[dt.date, str] | None:
    """A date in the instrument's own sentence, the one nearest its mention, is its signing date."""
    own = [d for d in m.own_dates if not _is_dateline_of_relative(ctx, m, d)]
    if not own:
        return None
    m = replace(m, own_dates=own)
    # 'revised in 1963, which had first been signed in 1950': a date a signing verb governs comes first
    dates = [d for d in m.own_dates if CONCLUSION.search(ctx.text, max(m.s, d.start - 16), d.start)] or m.own_dates
    # 'met first in 2019 and signed a protocol in June of that year': a date before 'and <verb>' is the other predicate's
    if (verb := next(reversed(list(_COORDINATED_VERB.finditer(ctx.text, max(m.s, m.match.start() - 2 * WINDOW), m.match.start()))), None)) is not None:
        dates = [d for d in dates if not d.end <= verb.start()] or dates
    # 'an addendum to their 2019 MoU on 4 May 2023': a date that names the instrument is when it began, not this signing
    dates = [d for d in dates if not (_ATTRIBUTIVE.fullmatch(ctx.text, d.end, m.match.start())
                                      or _OF_DATE.fullmatch(ctx.text, m.match.end(), d.start))] or dates
    # 'an amending protocol to their 2015 exchange agreement on 4 June': 2015 names the instrument amended
    dates = [d for d in dates if not (d.end < m.e and _DATE_OF_INSTRUMENT.match(ctx.text, d.end, min(m.e, d.end + 80))
                                      or _INSTRUMENT_OF_DATE.search(ctx.text, max(m.s, d.start - 60), d.start))] or dates
    starts = [d.start for d in dates]
    i = bisect.bisect_left(starts, m.match.start())
    near = min(dates[max(0, i - 1):i + 1], key=lambda d: abs(d.start - m.match.start()))
    if near.start < m.match.start() and near.precision == "day" and _DAY_AFTER.match(ctx.text, m.match.end(), min(m.e, m.match.end() + 150)):
        return near.date + dt.timedelta(days=1), "day"  # 'an MoU on 3 May, where a protocol was concluded the day after the MoU'
    return near.date, near.precision


_DAY_AFTER = re.compile(r"[^.;:]{0,120}?\b(?:concluded|signed|inked|adopted|agreed)\s{1,3}(?:on\s{1,3})?(?:the\s{1,3}day\s{1,3}after|a\s{1,3}day\s{1,3}later|the\s{1,3}(?:following|next)\s{1,3}day)\b", re.IGNORECASE)


# a conclusion verb that is a sentence's second predicate: 'met in 2019 and signed', 'visited the campus and then concluded'
_COORDINATED_VERB = re.compile(r"\band\s{1,3}(?:(?:then|also|later|\w{1,12}ly)\s{1,3})?(?:signed|inked|concluded|renewed|extended|adopted|exchanged)\b", re.IGNORECASE)


# a sentence that goes on about the instrument just named and says when it was signed: 'It was signed on ...'
_SIGNED_NEXT = re.compile(
    r"\s{0,3}(?:It|This|The\s{1,3}(?:renewal|extension|agreement|arrangement|memorandum|document|instrument|accord|MoU|MoC|deal|pact))"
    r"\s{1,3}(?:was|had\s{1,3}been|has\s{1,3}been)\s{1,3}(?:\w{1,12}ly\s{1,3})?(?:signed|inked|concluded|renewed)\b"
    r"|\s{0,3}The\s{1,3}(?:signing(?:\s{1,3}ceremony)?|ceremony)\s{1,3}(?:took\s{1,3}place|was\s{1,3}held)\b",
    re.IGNORECASE,
)


def _next_sentence_signing(ctx: _Context, si: int) -> tuple[int, int, re.Match] | None:
    """The next sentence's span and its verb, when it says when the instrument just named was signed and names no other."""
    spans = ctx.doc.sentences.spans
    if si + 1 >= len(spans):
        return None
    ns, ne = spans[si + 1]
    said = _SIGNED_NEXT.match(ctx.text, ns, ne)
    if said is None or any(True for _ in ctx.types(said.end(), ne)):
        return None
    return ns, ne, said


def _signing_date_in(ctx: _Context, at: int, e: int) -> DateMention | None:
    """The first date from `at` to `e` that is not an expiry."""
    return next((d for d in ctx.dates.iter_range(at, e) if not _EXPIRY_BEFORE.search(ctx.text, max(at, d.start - 25), d.start)), None)


@rule("agreement:next_sentence_date", stage="agreements", cases=[
    Case("Date: 9 October 2020\n\nThe museum and the observatory renewed their MoU. It was signed on 3 September 2020 in Quito.", "MoU"),
    Case("Date: 9 October 2020\n\nThe museum and the observatory renewed their MoU. It will be signed on 3 November 2020 in Quito.", None),
])
def next_sentence_date(ctx: _Context, m: _Mention) -> tuple[dt.date, str] | None:
    """An instrument named undated is dated by the next sentence when that one says when it was signed ('It was signed on ...')."""
    if (nxt := _next_sentence_signing(ctx, m.si)) is None or (d := _signing_date_in(ctx, nxt[2].end(), nxt[1])) is None:
        return None
    return d.date, d.precision


@rule("agreement:paragraph_date", stage="agreements", cases=[
    Case("On 12 August 2020 the delegation visited the campus.\nThe two universities signed an MoU to exchange students.", "MoU"),
    Case("The following MoUs were signed on 9 May 2022:\n(i) MoU between the Polar Institute and the Ocean Council\n"
         "(ii) MoU between the Marine Academy and the Coastal Agency\n", "MoU"),
    Case("The delegation visited the campus in 2020.\n\nThe two universities signed an MoU to exchange students.", None),
])
def paragraph_date(ctx: _Context, m: _Mention) -> tuple[dt.date, str] | None:
    """An undated signing takes the last day- or month-precise date earlier in its paragraph."""
    i = bisect.bisect_left(ctx.dates.starts, m.s) - 1
    j = ctx.last_fine[i] if i >= 0 else -1
    if j >= 0 and ctx.dates.items[j].start >= ctx.paragraph_start(m.s):
        return ctx.dates.items[j].date, ctx.dates.items[j].precision
    return None


# a lead-in that places the signings at an event the text has dated before
_THE_TALKS = re.compile(r"\b(?:the|these|their|this)\s{1,3}(?:(?:official|bilateral|state|formal)\s{1,3})?(?:talks|visit|meeting|consultations|summit|discussions|session)\b", re.IGNORECASE)


@rule("agreement:list_lead_date", stage="agreements", cases=[
    Case("After talks held on 2 July 2023 the ministers saw the signing of:\n\n- an Agreement on Seed Banks between the Crop Trust Institute\n"
         "  and the Highland Agronomy Board;\n- a Letter of Intent on Drones between the Survey Office and the Mapping Council.", "Letter of Intent"),
    Case("The ministers saw the signing of:\n\n- an Agreement on Seed Banks between the Crop Trust Institute and the Highland Agronomy Board.", None),
    Case("The envoys met on 5 May 2020.\n\nAt the end of the meeting these were signed:\n\n- an Agreement on Seed Banks between the Crop Trust "
         "Institute and the Highland Agronomy Board.", "Agreement"),
])
def list_lead_date(ctx: _Context, m: _Mention) -> tuple[dt.date, str] | None:
    """An undated instrument listed under a lead-in ('the following were signed:') was signed on the day or month its lead-in names."""
    if ctx.item_lead is None:
        return None
    ls, le = ctx.doc.sentences.spans[ctx.item_lead]
    lead = _Mention(m.match, ls, le, [], [], ctx.item_lead)
    own = [d for d in ctx.dates.in_range(ls, le) if d.precision in ("day", "month") and not _EXPIRY_BEFORE.search(ctx.text, max(ls, d.start - 25), d.start)]
    if own:
        return own[-1].date, own[-1].precision
    if _THE_TALKS.search(ctx.text, ls, le):
        # 'Following the talks, ... the signing of:': the talks the text dated earlier, in whatever paragraph
        i = bisect.bisect_left(ctx.dates.starts, ls) - 1
        j = ctx.last_fine[i] if i >= 0 else -1
        return (ctx.dates.items[j].date, ctx.dates.items[j].precision) if j >= 0 else None
    return paragraph_date(ctx, lead)


# days before the publication day that a report's own words for the day of a signing mean
_RELATIVE_DAY = re.compile(
    r"\b(?:(?P<yesterday>yesterday|last\s{1,3}night)|(?:earlier\s{1,3})?today|this\s{1,3}(?:morning|afternoon|evening)"
    r"|(?P<week>last\s{1,3}week)|(?P<month>last\s{1,3}month)|(?P<this_month>(?:earlier\s{1,3})?this\s{1,3}month)|(?P<year>last\s{1,3}year))\b",
    re.IGNORECASE,
)


@rule("agreement:relative_date", stage="agreements", cases=[
    Case("Date: 14 September 2021\n\nThe museum and the observatory yesterday signed an MoU on sky surveys.", "MoU"),
    Case("Posted: 2 February 2020\n\nThe port authority and the maritime college signed a Letter of Intent earlier today.", "Letter of Intent"),
    Case("The museum and the observatory yesterday signed an MoU on sky surveys.", None),
    Case("Port Vale, Tuesday 4 March 2025 - The museum and the observatory yesterday signed an MoU on sky surveys.", "MoU"),
])
def relative_date(ctx: _Context, m: _Mention) -> tuple[dt.date, str] | None:
    """A signing a dated report places 'yesterday', 'today', 'last week', 'last month' or 'last year' is dated from the day of publication."""
    pub = _publication_day(ctx.doc)
    said_all = list(_RELATIVE_DAY.finditer(ctx.text, m.s, m.e)) if pub is not None else []
    if not said_all:
        return None
    # 'which met last year, today signed': a word for the day names the signing's day before a wider one
    said = next((x for x in said_all if not (x.group("week") or x.group("month") or x.group("this_month") or x.group("year"))), said_all[0])
    if said.group("this_month"):
        return pub.replace(day=1), "month"
    if said.group("month"):
        last = pub.replace(day=1) - dt.timedelta(days=1)
        return last.replace(day=1), "month"
    if said.group("year"):
        return dt.date(pub.year - 1, 1, 1), "year"
    # 'last week': its day is not said; a week before publication is in the right month more often than not
    return pub - dt.timedelta(days=1 if said.group("yesterday") else 7 if said.group("week") else 0), "day"


# a signing at the occasion of the one reported before: 'On the same occasion ...', 'X and Y also signed ...'
_SAME_OCCASION = re.compile(
    r"\b(?:on|at|during)\s{1,3}the\s{1,3}same\s{1,3}(?:occasion|visit|ceremony|day|event|trip)\b"
    r"|\b(?P<also>also)\s{1,3}(?:\w{1,12}ly\s{1,3})?(?:signed|inked|concluded|approved|adopted|exchanged|renewed|put\s{1,3}their)\b"
    r"|\b(?P<later>(?:a|one)\s{1,3}day\s{1,3}later|the\s{1,3}(?:following|next)\s{1,3}day|the\s{1,3}day\s{1,3}after)\b",
    re.IGNORECASE,
)


@rule("agreement:same_occasion", stage="agreements", cases=[
    Case("Date: 10 June 2024\n\nThe museum and the observatory signed an MoU on 3 June 2024. On the same occasion the two "
         "ministries signed a Letter of Intent.", "Letter of Intent"),
    Case("Date: 10 June 2024\n\nThe museum and the observatory signed an MoU on 3 June 2024. The ministries will sign a "
         "Letter of Intent.", None),
])
def same_occasion(ctx: _Context, m: _Mention) -> tuple[dt.date, str] | None:
    """An undated signing 'on the same occasion' as the one reported before, or 'also signed', takes its date.

    One 'a day later' (or 'the following day') takes the day after it."""
    said = _SAME_OCCASION.search(ctx.text, m.s, m.e)
    before = next((a for a in reversed(ctx.found) if a.start < m.s and a.signed_date is not None), None) if said else None
    if before is None:
        return None
    if said.group("later"):
        if before.signed_date_precision != "day":
            return None
        return before.signed_date + dt.timedelta(days=1), "day"
    if said.group("also") and (before.signed_date_precision != "day" or (
            ctx.event_date is not None and abs((ctx.event_date[0] - before.signed_date).days) > LEAD_DAYS)):
        return None  # 'also signed' after a history ('an MoU signed in 2019'): the report's own occasion, not the history's
    return before.signed_date, before.signed_date_precision


@rule("agreement:report_date", stage="agreements", cases=[
    Case("Date: 3 March 2022\n\nThe council and the academy signed a Letter of Intent on ocean research.", "Letter of Intent"),
    Case("The council and the academy signed a Letter of Intent on ocean research.", None),
])
def report_date(ctx: _Context, m: _Mention) -> tuple[dt.date, str] | None:
    """An undated signing in a dated news report happened on the report's day (or the weekday it names)."""
    return ctx.event_date


@rule("agreement:undated", stage="agreements", cases=[
    Case("The council and the academy signed a Letter of Intent on ocean research.", "Letter of Intent"),
    Case("The council and the academy may sign a Letter of Intent on ocean research.", None),
])
def undated(ctx: _Context, m: _Mention) -> tuple[None, None]:
    """A signing the text reports without any date it can be given is kept, undated."""
    return None, None


DATE_RULES = (sentence_date, relative_date, same_occasion, next_sentence_date, paragraph_date, list_lead_date, report_date, undated)


# --- mentions ------------------------------------------------------------------------------------

_HEADING = re.compile(r"[^:\n]{3,120}?:\s{0,3}(?=\S)")


def _heading_end(text: str, s: int, e: int) -> int:
    """'MoU between DAE and KEK: A memorandum ... was signed' -> the heading before the colon is a label."""
    m = _HEADING.match(text, s, e)
    return m.end() if m and TYPE_RE.search(text, m.end(), e) else s


def _is_instrument(ctx: _Context, m: re.Match, s: int) -> bool:
    text = ctx.text
    if ctx.orgs.overlaps(m.start(), m.end()):
        return False  # the word is part of a body's name
    window = max(s, m.start() - WINDOW)
    if m.lastgroup in _RENEWED_ONLY_TYPES and not (_RENEWED.search(text, window, m.start()) or _RENEWED_AFTER.match(text, m.end(), m.end() + 40)
                                                    or _CONCLUDED_AFTER.match(text, m.end(), m.end() + 3 * WINDOW)):
        return False
    if m.group()[0].islower() and m.lastgroup in _COMMON_WORD_TYPES and not (
            _INSTRUMENT_WORD.search(text, max(s, m.start() - 30), m.start()) or _VERB_OBJECT.search(text, max(s, m.start() - WINDOW), m.start())):
        return False  # "reached agreement on", "institutional arrangements": not an instrument
    if m.lastgroup in _OTHER_NAME_TYPES and not (_CONCLUDED_BEFORE.search(text, window, m.start()) or _CONCLUDED_AFTER.match(text, m.end(), m.end() + 3 * WINDOW)
                                                 or _coordinated_with_concluded(ctx, m, s)):
        return False
    if _NOT_INSTRUMENT_BEFORE.search(text, max(s, m.start() - 10), m.start()) or _UNSIGNED.search(text, max(s, m.start() - 40), m.start()) \
            or _UNSIGNED_AFTER.match(text, m.end(), m.end() + WINDOW):
        return False  # 'of its own accord'; 'a draft treaty', 'an umbrella agreement that is still unsigned': nothing concluded
    return not _COLLECTION.search(text, window, m.start())  # "a set of agreements": the text then lists them


def _coordinated_with_concluded(ctx: _Context, m: re.Match, s: int) -> bool:
    """Whether the instrument is joined by 'and' to an earlier one of its sentence that a conclusion verb governs."""
    text = ctx.text
    before = [p for p in ctx.types(max(s, m.start() - 2 * WINDOW), m.start()) if p.lastgroup not in _OTHER_NAME_TYPES]
    return bool(before) and _COORDINATED.fullmatch(text, before[-1].end(), m.start()) is not None \
        and _CONCLUDED_BEFORE.search(text, max(s, before[-1].start() - WINDOW), before[-1].start()) is not None


# a count or an article and the kind of an instrument: 'two loan agreements', 'a grant agreement'
_COUNTED_KIND = re.compile(r"\b(?:an?|one|two|three|four|five|six|\d{1,2})\s{1,3}(?P<kind>[a-z][\w-]{2,30})\s{1,3}\Z", re.IGNORECASE)


def _counted_kind(text: str, s: int, m: re.Match) -> str | None:
    """The kind word of a counted instrument ('loan' in 'two loan agreements'), lower-cased."""
    k = _COUNTED_KIND.search(text, max(s, m.start() - 40), m.start())
    return k.group("kind").lower() if k else None


def _sentence_mentions(ctx: _Context, s: int, e: int, head: int) -> list[re.Match]:
    """The instruments of a sentence: one per type, unless a later one is 'another' of that type or counted
    apart as another kind ('two loan agreements and one grant agreement')."""
    out, kinds, first = [], {}, {}
    text = ctx.text
    for m in ctx.types(head, e):
        if not _is_instrument(ctx, m, s):
            continue
        atype = _mention_type(ctx, m, e)
        if atype not in first:
            out.append(m)
            first[atype] = m
            continue
        if atype not in kinds:  # the kinds of a type read only when it is named again: most sentences name it once
            kinds[atype] = {_counted_kind(text, s, first[atype])}
        if _ANOTHER.search(text, max(s, m.start() - 25), m.start()) or (
                (kind := _counted_kind(text, s, m)) is not None and kind not in kinds[atype] and None not in kinds[atype]):
            out.append(m)
            kinds[atype].add(_counted_kind(text, s, m))
    return out


_COVERS_BEFORE = re.compile(
    r"\b(?:for|starting|beginning|commencing|effective|covering|as\s{1,3}(?:of|from))\s{1,3}(?:(?:in|from|with)\s{1,3})?(?:the\s{1,3}(?:years?|period|school\s{1,3}year)\s{1,3})?\Z",
    re.IGNORECASE)
_LIST_GAP = re.compile(r"\s{0,3}(?:,|and|&|to|-|–|through)\s{0,3}(?:and\s{1,3})?", re.IGNORECASE)


def _after_report(ctx: _Context, d: DateMention) -> bool:
    """Whether a date is later than the report's own date at its precision: no instrument a report says was concluded was signed then."""
    pub = ctx.doc.publication
    if pub is None or pub.date is None or d.date is None or getattr(pub, "basis", None) == "signature":
        return False
    if "year" in (d.precision, pub.precision):
        return d.date.year > pub.date.year
    if "month" in (d.precision, pub.precision):
        return (d.date.year, d.date.month) > (pub.date.year, pub.date.month)
    return d.date > pub.date + dt.timedelta(days=1)


# 'since 2009, when the two colleges signed their first MoU': the date the clause after it says the signing happened
_WHEN_SIGNED = re.compile(r",?\s{1,3}when\s{1,3}(?:[\w'’-]{1,30}\s{1,3}){0,6}?(?:first\s{1,3})?(?:signed|inked|concluded)\b", re.IGNORECASE)


def _date_owners(ctx: _Context, mentions: list[re.Match], s: int, e: int) -> tuple[list[list[DateMention]], list[DateMention]]:
    """The sentence's signing dates per mention (the last one named before a date owns it) and its expiry dates."""
    starts = [m.start() for m in mentions]
    own: list[list[DateMention]] = [[] for _ in mentions]
    expiry = []
    covered, prev_end = False, s
    for d in ctx.dates.in_range(s, e):
        if _SINCE_BEFORE.search(ctx.text, max(s, d.start - 90), d.start) and not _WHEN_SIGNED.match(ctx.text, d.end, e):
            continue
        # 'a work plan for 2024 and 2025', 'starting in 2024, ten researchers ...': the years an instrument covers, and a
        # date after the report's day, are not when it was concluded
        covered = bool(_COVERS_BEFORE.search(ctx.text, max(s, d.start - 30), d.start)) or (covered and _LIST_GAP.fullmatch(ctx.text, prev_end, d.start) is not None)
        prev_end = d.end
        if _EXPIRY_BEFORE.search(ctx.text, max(s, d.start - 25), d.start):
            expiry.append(d)
        elif not (covered or _after_report(ctx, d)):
            own[max(0, bisect.bisect_left(starts, d.start) - 1)].append(d)
    signing = [d for ds in own for d in ds]
    return [ds or signing for ds in own], expiry


def _conclusions(text: str, s: int, e: int) -> list[re.Match]:
    """The verbs of a sentence that report a conclusion (not 'may be signed', 'to sign')."""
    return [v for v in CONCLUSION.finditer(text, s, e) if not _MODAL_BEFORE.search(text, max(s, v.start() - WINDOW), v.start())]


# an item of a list: '(i) ...', 'ii. ...', '1) ...', '- ...', '• ...'
_LIST_ITEM = re.compile(r"[ \t]{0,20}+(?:\(?(?:[ivx]{1,5}|[a-h]|\d{1,2})[.)]|[-•*▪●])(?:[ \t]|\s{0,3}\Z)", re.IGNORECASE)


def _sentence_agreements(ctx: _Context, si: int, s: int, e: int, verbs: list[re.Match]) -> list[Agreement]:
    """The instruments one sentence reports concluded by its verbs (a list item's: those of the line that leads its list)."""
    text = ctx.text
    head = _heading_end(text, s, e)
    mentions = _sentence_mentions(ctx, s, e, head)
    spans = ctx.doc.sentences.spans
    if text[_content_end(text, s, e) - 1] == ":" and si + 1 < len(spans) and _LIST_ITEM.match(text, *spans[si + 1]):
        mentions = [m for m in mentions if not m.group().endswith("s")]  # "The following MoUs were signed:" leads a list
    previous = previous_one(ctx, s, e, mentions)
    if not mentions:
        later = named_then_signed(ctx, si, s, e) or extension_of_earlier(ctx, s, e) or previous or pronoun_object(ctx, si, s, e) \
            or listed_document(ctx, s, e)
        return [later] if later else []
    own_dates, expiry = _date_owners(ctx, mentions, s, e)
    if previous is not None:  # the date of 'the previous one, signed in 2016' is that one's, not the new instrument's
        own_dates = [[d for d in ds if d.start != previous.start] for ds in own_dates]
    verb_starts = [v.start() for v in verbs]
    sentence = _SentenceParties(ctx, s, e, head, mentions)
    out = []
    for i, m in enumerate(mentions):
        if _counts_many(text, m, e):
            continue
        atype = _mention_type(ctx, m, e)
        word_event = EVENTS.get(m.group()[:9].lower().rstrip("s"), "")  # 'the extension was signed': an extension row
        is_extension = bool(_EXTENSION_OF.search(text, max(s, m.start() - 30), m.start()))
        renewals = _renewals_by_year(text, verbs, m, own_dates[i])
        mention = _Mention(m, s, e, [d for d in own_dates[i] if d not in renewals] or list(renewals)[:1], expiry, si)
        for date_rule in DATE_RULES:
            if (dated := date_rule(ctx, mention)) is not None:
                break
        signed, precision = dated
        k = bisect.bisect_left(verb_starts, m.start())
        verb = min(verbs[max(0, k - 1):k + 1], key=lambda v: abs(v.start() - m.start()))
        word = re.sub(r"\s+", " ", verb.group("verb").lower())
        back_reference = bool(_BACK_REFERENCE.search(text, max(s, m.start() - 30), m.start()))
        if back_reference and not is_extension and word not in _RENEWAL_VERBS \
                and _is_anaphor(ctx, mentions, i, date_rule is sentence_date and _has_own_date(mentions, i, own_dates[i], s)):
            continue
        if back_reference and not is_extension:
            earlier = ctx.dates_by_type.get(atype)
            # "the MoU" again: the instrument already found; but "today renewed the MoU" is its renewal
            if earlier and (signed in earlier or (date_rule is not sentence_date and not (word in _RENEWAL_VERBS and date_rule is relative_date))):
                continue
        if renewals and signed not in {d.date for d in renewals}:
            word = "signed"  # 'goes back to 2012 and was renewed in 2018': the row of 2012 is the first signing
        a = Agreement(
            atype, "extension" if is_extension else word_event or EVENTS.get(word, "signing"), m.start(), m.end(), m.group(),
            _title(text, m.end()), signed, precision, rule=date_rule.rule_name,
            confidence=0.9 if date_rule is sentence_date else 0.75,
        )
        if expiry:
            a.expires_date, a.expires_date_precision = expiry[-1].date, expiry[-1].precision
        _attach_term(ctx, a, si)
        a.parties, a.government_parties = sentence.parties_of(i, a)
        if back_reference and not a.parties and not a.government_parties and (first := ctx.first_with_parties.get(atype)):
            # "The Agreement was concluded in 1988": the instrument of that type the document is about
            a.parties, a.government_parties = list(first.parties), list(first.government_parties)
        if not a.parties and not a.government_parties:
            a.parties = _acronym_signatories(ctx, s, e, verb.start()) or _parties_named_next(ctx, si)
        if not a.parties and not a.government_parties and not sentence.collective:
            # no party in the sentence: the countries the text names as its makers ('the X-Y joint statement'), or as
            # signing in its lead ('X and Y signed a set of agreements') when the sentence names no one else
            pair = _pair_named_with(text, s, m) or (
                ctx.lead_signing_pair if not _names_a_subject(text, head, e, verb.start(), mentions) else [])
            a.government_parties = [(c.government, c.iso2) for c in pair]
        out.append(a)
        out += [renewal_by_year(a, d, renewal_event) for d, renewal_event in renewals.items() if d.start != _date_start(a, mention)]
    if previous is not None:
        if not previous.parties and not previous.government_parties and out:
            previous.parties, previous.government_parties = list(out[0].parties), list(out[0].government_parties)
        out.append(previous)
    return out


# a lead-in that counts the documents it lists: 'signed three financing documents on Friday:'
_DOCUMENTS_LEAD = re.compile(r"\b(?:documents|instruments|agreements|accords|deals)\b", re.IGNORECASE)
# an item that is a financing instrument by its kind: '- a loan of EUR 10 million ...', '(b) a grant of ...'
_FINANCING_ITEM = re.compile(r"(?:an?|one|the)\s{1,3}(?:[\w-]{1,30}\s{1,3})?(?P<kind>loan|grant|credit|financing|guarantee)\b", re.IGNORECASE)


@rule("agreement:listed_document", stage="agreements", cases=[
    Case("Date: 3 May 2024\n\nThe bank and the ministry signed two financing documents on Friday:\n- a loan of EUR 9 million for roads;\n"
         "- a grant of EUR 2 million for wells.", "loan"),
    Case("Date: 3 May 2024\n\nThe bank and the ministry discussed two topics on Friday:\n- a loan of EUR 9 million for roads;\n"
         "- a grant of EUR 2 million for wells.", None),
])
def listed_document(ctx: _Context, s: int, e: int) -> Agreement | None:
    """Each item of a list whose lead-in says documents were concluded is one of them, named by its kind ('a loan of ...')."""
    if ctx.item_lead is None:
        return None
    ls, le = ctx.doc.sentences.spans[ctx.item_lead]
    item = _LIST_ITEM.match(ctx.text, s, e)
    k = _FINANCING_ITEM.match(ctx.text, item.end() if item else s, e)
    if k is None or not _DOCUMENTS_LEAD.search(ctx.text, ls, le):
        return None
    mention = _Mention(k, s, e, [], [], ctx.item_lead)
    signed, precision = list_lead_date(ctx, mention) or report_date(ctx, mention) or (None, None)
    a = Agreement("Agreement", "signing", k.start("kind"), k.end("kind"), k.group("kind"), _title(ctx.text, k.end()), signed, precision,
                  rule="agreement:listed_document", confidence=0.7)
    a.parties, a.government_parties = _SentenceParties(ctx, ls, le, _heading_end(ctx.text, ls, le), []).parties_of(0, replace(a, end=ls))
    return a


# 'replaces the previous one, signed in Dakar in 2016': an earlier instrument of the type just named
_PREVIOUS_ONE = re.compile(
    r"\b(?:the|an?|its|their)\s{1,3}(?:previous|earlier|former|old|first|original|existing|last)\s{1,3}one\b,?\s{0,3}"
    r"(?:(?:which|that)\s{1,3}(?:was|had\s{1,3}been|they\s{1,3}had|the\s{1,3}two\s{1,3}\w{1,20}\s{1,3}had)\s{1,3})?(?:first\s{1,3})?(?:signed|concluded|inked)\b",
    re.IGNORECASE,
)


@rule("agreement:previous_one", stage="agreements", cases=[
    Case("Date: 2 May 2021\n\nThe museum and the observatory renewed their MoU today; it replaces the earlier one, signed in Quito in 2011.", "2011"),
    Case("Date: 2 May 2021\n\nThe museum and the observatory renewed their MoU today; it replaces the earlier one, to be signed in 2022.", None),
])
def previous_one(ctx: _Context, s: int, e: int, mentions: list[re.Match]) -> Agreement | None:
    """'The previous one, signed in <place> in <year>' after an instrument is an earlier instrument of its type, signed then."""
    text = ctx.text
    one = text.find(" one", s, e)
    if one < 0 or (p := _PREVIOUS_ONE.search(text, max(s, one - 20), min(e, one + 120))) is None:
        return None
    named = [m for m in mentions if m.start() < p.start()]
    if named:
        atype, parent = _mention_type(ctx, named[-1], e), None
    elif ctx.found and ctx.found[-1].start >= ctx.paragraph_start(s):
        parent = ctx.found[-1]
        atype = parent.agreement_type
    else:
        return None
    d = next(iter(ctx.dates.iter_range(p.end(), min(e, p.end() + 60))), None)
    if d is None or any(True for _ in ctx.types(p.end(), d.start)):
        return None
    return Agreement(atype, "signing", d.start, d.end, d.text, None, d.date, d.precision,
                     parties=list(parent.parties) if parent else [], government_parties=list(parent.government_parties) if parent else [],
                     rule="agreement:previous_one", confidence=0.7)


# --- not instruments ------------------------------------------------------------------------------

# a number of instruments concluded over time or with many partners: 'has concluded 14 agreements with Gulf states
# since 2017' counts instruments, it reports none of them
_MANY_BEFORE = re.compile(
    r"\b(?:(?:more\s{1,3}than|over|some|nearly|about|around)\s{1,3})?(?:\d{1,4}|dozens|scores|hundreds)\s{1,3}(?:of\s{1,3})?(?:[\w-]{1,30}\s{1,3}){0,2}\Z",
    re.IGNORECASE,
)
_OVER_TIME_OR_PARTNERS = re.compile(
    r"\b(?:since|so\s{1,3}far|to\s{1,3}date|in\s{1,3}total|altogether|over\s{1,3}the\s{1,3}(?:past|last)|in\s{1,3}recent\s{1,3}years)\b"
    r"|\bwith\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,2}(?:countries|nations|states|partners|universities|institutions)\b",
    re.IGNORECASE,
)


def _counts_many(text: str, m: re.Match, e: int) -> bool:
    """Whether a plural instrument word is a tally ('12 research agreements with Asian countries since 2019'), not instruments the text reports."""
    if not m.group().endswith("s") or not _MANY_BEFORE.search(text, max(0, m.start() - 40), m.start()):
        return False
    return bool(_OVER_TIME_OR_PARTNERS.search(text, m.end(), min(e, m.end() + 120)))


_GENERIC_TYPES = ("Agreement", "Arrangement")
_BETWEEN_NEXT = re.compile(r"\s{0,3}(?:,\s{0,3})?(?:signed\s{1,3})?between\b", re.IGNORECASE)


def _has_own_date(mentions: list[re.Match], i: int, dates: list[DateMention], s: int) -> bool:
    """Whether one of a mention's dates stands in its own stretch of the sentence, not only in another mention's."""
    lo = s if i == 0 else mentions[i].start()
    hi = mentions[i + 1].start() if i + 1 < len(mentions) else None
    return any(lo <= d.start and (hi is None or d.start < hi) for d in dates)


def _is_anaphor(ctx: _Context, mentions: list[re.Match], i: int, own_date: bool) -> bool:
    """'The agreement builds on ...', 'the arrangement covers ...': a generic word after 'the' that names no
    title, parties or date of its own is the instrument the text has just reported, not another one."""
    m = mentions[i]
    if _type_of(m) not in _GENERIC_TYPES or not ctx.found or own_date:
        return False
    return _title(ctx.text, m.end()) is None and not _BETWEEN_NEXT.match(ctx.text, m.end(), m.end() + 30)


_ACRONYM = r"[A-Z][A-Za-z0-9]{0,3}[A-Z][A-Za-z0-9-]{0,10}"
_OWNER = r"(?:[A-Z][\w-]{1,20}(?:\s{1,3}[A-Z][\w-]{1,20})?['’]s\s{1,3})?"  # 'Y's XYZ'
_ACRONYM_LIST = rf"(?P<bodies>{_ACRONYM}(?:\s{{0,3}},\s{{1,3}}{_OWNER}{_ACRONYM}){{0,4}}\s{{1,3}}(?:and|&)\s{{1,3}}{_OWNER}{_ACRONYM})(?![\w-])"
# bodies named by acronym alone right before the verb: 'ABC and XYZ signed', 'ABC, DEF and XYZ have today signed'
_ACRONYM_SUBJECT = re.compile(
    rf"(?<![\w-]){_ACRONYM_LIST}\s{{1,3}}(?:(?:have|has|had|today|yesterday|formally|also|jointly|on\s{{1,3}}\w{{1,12}})\s{{1,3}}){{0,3}}\Z"
)
# or right after 'between' or 'by': 'signed between ABC and XYZ', 'signed by ABC and XYZ'
_ACRONYM_OBJECT = re.compile(rf"\b(?:between|by)\s{{1,3}}(?:the\s{{1,3}})?{_ACRONYM_LIST}")


def _acronym_signatories(ctx: _Context, s: int, e: int, verb: int) -> list[OrgMention]:
    """Bodies the text names by acronym alone as the verb's subject ('ABC and XYZ signed') or after 'between'
    or 'by' are the parties, though no organization list knows them (a country's code is its government, read elsewhere)."""
    m = _ACRONYM_SUBJECT.search(ctx.text, max(s, verb - 120), verb) or _ACRONYM_OBJECT.search(ctx.text, s, e)
    if m is None:
        return []
    out = []
    for a in re.finditer(rf"(?<![\w-]){_ACRONYM}(?![\w'’-])", m.group("bodies")):
        start = m.start("bodies") + a.start()
        if not (mention := _unknown_acronym(a.group(), start)):
            return []
        out.append(mention)
    return out


def _names_a_body(acronym: str) -> bool:
    """Whether an acronym can name a body: not a country's code nor an instrument's (MoU)."""
    return not (default_countries().find(acronym) or TYPE_RE.fullmatch(acronym))


def _unknown_acronym(word: str, start: int) -> OrgMention | None:
    """An acronym no organization list knows, as a party; None for a country's code or an instrument's (MoU)."""
    if not _names_a_body(word):
        return None
    return OrgMention(start, start + len(word), word, word, word, None, "text", "agreement:acronym_signatories", 0.6)


_WITH_ACRONYM = re.compile(rf"\((?P<acronym>{_ACRONYM})\)")
# the words of a name in any language before its acronym: capitalised words and the small words between them
_NAME_WORD = re.compile(r"(?:[A-ZÀ-Þ][\w'’.&-]*|de|da|do|das|dos|del|des|du|la|le|di|y|e|a|à|et|für|und|van|voor|of|for|and|on|in|para|pour|per|por|al|el|los|las|zur|zum|der|den|het|i|och|og)\Z")
_NAME_CONNECTOR = {"de", "da", "do", "das", "dos", "del", "des", "du", "la", "le", "di", "y", "e", "a", "à", "et", "für", "und",
                   "van", "voor", "of", "for", "and", "on", "in", "para", "pour", "per", "por", "al", "el", "los", "las", "zur",
                   "zum", "der", "den", "het", "i", "och", "og", "The"}


_TITLE_CASE_SMALL_WORDS = {"With", "And", "To", "On", "In", "At", "By", "From", "As", "Between", "Signs", "Sign", "Signed"}


def _bodies_with_acronyms(ctx: _Context, parties: list[OrgMention], s: int, e: int) -> list[OrgMention]:
    """A name no list knows, followed by its acronym in brackets ('Fundo Nacional de Pesquisa (FNP)'), is a body,
    and a party of the instrument its sentence reports."""
    text, out = ctx.text, []
    for m in _WITH_ACRONYM.finditer(text, s, e):
        words = text[max(s, m.start() - 120):m.start()].split()
        name: list[str] = []
        while words and len(name) < 12 and _NAME_WORD.match(words[-1]):
            name.insert(0, words.pop())
        # a headline in title case ('Institute Signs Pact With Ocean Council (OC)'): the name starts after its last
        # capitalised small word; an owner before it ('X's') is not part of it
        cut = max((k + 1 for k, w in enumerate(name) if w in _TITLE_CASE_SMALL_WORDS or w.endswith(("'s", "’s"))), default=0)
        name = name[cut:]
        while name and name[0] in _NAME_CONNECTOR | {"the"}:
            name.pop(0)
        if len(name) < 2 or not any(w[0].isupper() for w in name[1:]):
            continue
        start = text.rfind(name[0], max(s, m.start() - 120), m.start())
        if ctx.orgs.overlaps(start, m.end()) or any(o.start <= start < o.end for o in parties) or not _names_a_body(m.group("acronym")) \
                or TYPE_RE.search(text, start, m.start()):
            continue
        full = " ".join(name)
        out.append(OrgMention(start, m.end(), text[start:m.end()], full, m.group("acronym"), None, "text", "agreement:bodies_with_acronyms", 0.6))
    return out


_LINKED_ACRONYM = re.compile(
    rf"\s{{0,3}}(?:\([^()]{{1,40}}\)\s{{0,3}})?,?\s{{0,3}}(?:and|&)\s{{1,3}}(?:the\s{{1,3}})?(?:[A-Z][\w-]{{1,20}}(?:['’]s)?\s{{1,3}}){{0,2}}(?P<acronym>{_ACRONYM})(?![\w-])"
)


def _linked_acronyms(ctx: _Context, parties: list[OrgMention], e: int) -> list[OrgMention]:
    """An acronym no list knows, joined by 'and' to a party ('the Ocean Council and Finland's ABC'), is a party too."""
    out = []
    for o in parties:
        m = _LINKED_ACRONYM.match(ctx.text, o.end, e)
        if m and not ctx.orgs.overlaps(m.start("acronym"), m.end("acronym")) and (u := _unknown_acronym(m.group("acronym"), m.start("acronym"))):
            out.append(u)
    return out


_SUBJECT_WORD = re.compile(r"(?<![.\n])\s[A-Z][\w-]")


_SIGNED_BY = re.compile(r"\b(?:by|between|with)\s{1,3}(?:the\s{1,3})?(?=[A-Z])")


def _names_a_subject(text: str, head: int, e: int, verb: int, mentions: list[re.Match]) -> bool:
    """Whether the sentence names someone other than a country (a capitalised word, not its first) before its first
    instrument and verb, or after 'by', 'between' or 'with': 'Foo and Bar signed an MoU' and 'an MoU was signed by
    Foo' name their signatories, 'An Action Plan on Trade was adopted' and 'the X-Y joint statement signed' do not."""
    end = min(verb, mentions[0].start())
    countries = {a + head for a, _, _ in default_countries().find(text[head:end])}
    if any(w.start() + 1 not in countries for w in _SUBJECT_WORD.finditer(text, head, end)):
        return True
    for by in _SIGNED_BY.finditer(text, verb, e):
        if not any(a == 0 for a, _, _ in default_countries().find(text[by.end():by.end() + 40])):
            return True
    return False


_RENEWAL_VERBS = {"renewed", "extended", "prolonged"}
# the verbs that make a later instrument of one already concluded: its renewal, extension or amendment
_CHANGE_VERBS = _RENEWAL_VERBS | {"amended"}


# 'renewed in 2015', 'renewed it again in 2015' (the pronoun is the instrument just named)
# (and a term or an ordinal between: 'renewed once, in 2018', 'extended it for two years last January')
_TO_FIRST_DATE = re.compile(r"\s{1,3}(?:(?:it|them|again|further|once|twice|in|on|during|last|for\s{1,3}(?:a\s{1,3}|another\s{1,3}|further\s{1,3})?[\w-]{1,12}\s{1,3}(?:years?|months?))[\s,]{1,3}){0,4}")
# between listed renewal dates: 'and 2019', ', and in 2019', 'and again in 2019', 'and once more in 2019'
_DATE_LIST_GAP = re.compile(r"\s{0,3}(?:,|and|&|,\s{0,3}and)\s{1,3}(?:(?:again|later|once\s{1,3}more|in|on)\s{1,3}){0,2}")


def _renewals_by_year(text: str, verbs: list[re.Match], m: re.Match, dates: list[DateMention]) -> dict[DateMention, str]:
    """The dates of one instrument listed right after 'renewed' or 'extended' ('renewed in 2013, 2018 and 2023'), with their event."""
    verb = next((v for v in verbs if v.start() > m.start() and v.group("verb").lower() in _CHANGE_VERBS), None)
    if verb is None:
        return {}
    listed, at = [], verb.end()
    for d in (d for d in dates if d.start >= verb.end()):
        if not (_DATE_LIST_GAP if listed else _TO_FIRST_DATE).fullmatch(text, at, d.start):
            break
        listed.append(d)
        at = d.end
    if len(listed) < 2 and not any(d.start < verb.start() for d in dates):
        return {}  # one renewal date and no signing date before it: the instrument's own row says it
    return {d: EVENTS.get(verb.group("verb").lower(), "signing") for d in listed}


def _date_start(a: Agreement, mention: _Mention) -> int | None:
    """Where the date the row was given is, when it came from the mention's own dates."""
    return next((d.start for d in mention.own_dates if d.date == a.signed_date), None) if a.rule == "agreement:sentence_date" else None


@rule("agreement:renewal_by_year", stage="agreements", cases=[
    Case("The MoU between the museum and the observatory was first signed in 2009 and renewed in 2014 and 2019.", "2014"),
    Case("The MoU between the museum and the observatory was first signed in 2009 and renewed in 2014 and 2019.", "2019"),
    Case("The MoU between the museum and the observatory was renewed in 2014.", None),
    Case("The Agreement between the archive and the library, first signed in 2003, was renewed in 2008 and again in 2013.", "2013"),
])
def renewal_by_year(a: Agreement, d: DateMention, event: str) -> Agreement:
    """Each date listed after 'renewed' or 'extended' for one instrument is a renewal of its own, named by that date."""
    return Agreement(a.agreement_type, event, d.start, d.end, d.text, a.title, d.date, d.precision,
                     parties=list(a.parties), government_parties=list(a.government_parties),
                     rule="agreement:renewal_by_year", confidence=0.8)


def _title(text: str, end: int) -> str | None:
    m = re.match(r"\s{0,3}(?:\"[^\"]{3,120}\"|(?:on|for|concerning|regarding|in\s+the\s+field\s+of)\s{1,3}[^,.;:()\n]{3,100})", text[end:end + 140])
    return m.group().strip().strip('"') if m else None


def _content_end(text: str, s: int, e: int) -> int:
    """The end of text[s:e] without its trailing blanks (s + len(text[s:e].rstrip()), without the copy)."""
    while e > s and text[e - 1].isspace():
        e -= 1
    return e


def _readable_sentences(ctx: _Context) -> set[int] | None:
    """The sentences where a conclusion verb's first word starts: outside a list, no other sentence reports a
    conclusion or leads a list with one. None (read all) where lower-casing cannot tell where the verbs are."""
    if ctx.verb_starts is None:
        return None
    return {ctx.doc.sentences.index(p) for p in ctx.verb_starts}


_TABLE_ROW = re.compile(r"^[ \t]{0,20}\|[^\n]*\|[ \t]*$", re.MULTILINE)


def _table_rows(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """The rows of a Markdown table that is text[s:e] (two rows or more), each as a span; none where it is no table."""
    if not _TABLE_ROW.match(text, s, e):
        return []
    rows = [(r.start(), r.end()) for r in _TABLE_ROW.finditer(text, s, e)]
    return rows if len(rows) >= 2 else []


def find_agreements(doc: Document) -> list[Agreement]:
    """Agreements reported as concluded, one per instrument; the text of an agreement is one itself."""
    ctx, text, lead_verbs, lead_si, after_marker = _Context(doc), doc.text, [], -1, False
    readable = _readable_sentences(ctx)
    for si, (s, e) in enumerate(doc.sentences.spans):
        if not lead_verbs and readable is not None and si not in readable:
            after_marker = False
            continue  # outside a list, a sentence without a conclusion verb reports nothing and leads no list
        end = _content_end(text, s, e)
        leads = end > s and text[end - 1] == ":"
        # whether a sentence is an item matters only in a list, or right after the line that leads one
        item = _LIST_ITEM.match(text, s, e) if lead_verbs or leads else None
        is_item = bool(lead_verbs) and (item is not None or after_marker)
        rows = _table_rows(text, s, e) if lead_verbs or leads or si in (readable or ()) else []
        is_item = is_item or (bool(lead_verbs) and bool(rows))
        verbs = ctx.conclusions(s, e) or (lead_verbs if is_item else [])
        ctx.item_lead = lead_si if is_item else None
        # a table of instruments: each row is one, read as an item of the list its lead-in or its own verb reports
        for rs, re_ in rows or [(s, e)]:
            for a in _sentence_agreements(ctx, si, rs, re_, verbs) if verbs else ():
                ctx.add(a)
        after_marker = item is not None and item.end() >= end  # '1.' split off its item
        if leads:
            lead_verbs, lead_si = ctx.conclusions(s, e), si
        elif not is_item:
            lead_verbs = []
    _cited_instruments(ctx)
    found = ctx.found
    found.sort(key=lambda a: a.start)  # the cited instruments in their places among the others
    if (own := document_text(ctx)) is not None:
        found.insert(0, own)
    _attach_document_terms(ctx)
    return _merge_lead_and_body(_merge_restatements(found))


# --- earlier instruments cited without a signing verb ------------------------------------------------

# the treaty formula after an instrument's title and parties: ', done at Accra on 2 May 2011'
_DONE_AT = re.compile(r"[,;]?\s{0,3}done\s{1,3}at\s{1,3}[A-Z][\w'’.-]{0,30}(?:,?\s{1,3}[A-Z][\w'’.-]{0,30}){0,2}\s{1,3}(?:on|in)\s{1,3}", re.IGNORECASE)
# the year as a modifier: 'the 2016 agreement on ...', 'their 2009 MoU', 'the 2018 research letter of intent'
# (lower-case words between: 'the 2015 Paris Agreement' is a named accord, not an instrument of the pair)
_YEAR_MODIFIER = re.compile(r"\b(?:[Tt]he|[Ii]ts|[Tt]heir|[Tt]his|[Tt]hat|[Aa]n?)\s{1,3}(?P<year>(?:19|20)\d{2})\s{1,3}(?:[a-z][\w-]{1,30}\s{1,3}){0,2}\Z")
CITE_WINDOW = 300  # characters after a mention where its title and parties end and 'done at' may follow


@rule("agreement:done_at", stage="agreements", cases=[
    Case("Recalling the Treaty Agreement on Fisheries between the Republic of Fiji and the Kingdom of Tonga, done at Suva on 9 May 1998, "
         "the ministers met again.", "Agreement"),
    Case("The ministers met again, as the Agreement on Fisheries foresees, and dinner was done at eight.", None),
])
def done_at(ctx: _Context, m: re.Match, s: int, e: int) -> tuple[dt.date, str] | None:
    """An instrument cited with the treaty formula 'done at <city> on <date>' was signed on that date."""
    text = ctx.text
    for d in ctx.dates.iter_range(m.end(), min(e, m.end() + CITE_WINDOW)):
        before = text.rfind("done", m.end(), d.start)
        if before >= 0 and (f := _DONE_AT.search(text, max(m.end(), before - 3), d.start)) and f.end() == d.start:
            return None if any(True for _ in ctx.types(m.end(), f.start())) else (d.date, d.precision)
    return None


@rule("agreement:year_modifier", stage="agreements", cases=[
    Case("The new grant builds on the 2013 agreement on soil mapping between the two survey offices.", "agreement"),
    Case("The new grant builds on an agreement on soil mapping between the two survey offices.", None),
])
def year_modifier(ctx: _Context, m: re.Match, s: int, e: int) -> tuple[dt.date, str] | None:
    """An instrument cited with its year as a modifier ('the 2016 agreement on ...') was signed in that year."""
    y = _YEAR_MODIFIER.search(ctx.text, max(s, m.start() - 45), m.start())
    pub = ctx.doc.publication
    if y is None or any(True for _ in ctx.types(y.end("year"), m.start())) or (pub is not None and pub.date is not None and int(y.group("year")) > pub.date.year):
        return None  # another instrument between, or a year to come ('the 2030 agreement' is planned)
    return dt.date(int(y.group("year")), 1, 1), "year"


# an instrument's origin said without a signing verb: 'the first memorandum, dating from 3 May 2012', 'goes back to 2012'
_ORIGIN = re.compile(
    r"[^.;:()\n]{0,120}?\b(?:dat(?:es|ed|ing)\s{1,3}(?:back\s{1,3})?(?:from|to)|(?:go(?:es|ing)|went)\s{1,3}back\s{1,3}to|followed\s{1,3}in)"
    r"\s{1,3}(?:(?:the\s{1,3}year|as\s{1,3}far\s{1,3}as)\s{1,3})?", re.IGNORECASE)


@rule("agreement:origin_date", stage="agreements", cases=[
    Case("The first memorandum between the two archives, dating from 3 May 2012, covered maps.", "memorandum"),
    Case("The memorandum between the two archives covers maps dating from 1850.", None),
])
def origin_date(ctx: _Context, m: re.Match, s: int, e: int) -> tuple[dt.date, str] | None:
    """An instrument said to date from, go back to or follow in a date ('the first accord goes back to 2012') was signed then."""
    d = next(ctx.dates.iter_range(m.end(), min(e, m.end() + 200)), None)
    if d is None or not _ORIGIN.fullmatch(ctx.text, m.end(), d.start) or any(True for _ in ctx.types(m.end(), d.start)):
        return None
    return d.date, d.precision


_OF_DATE_AFTER = re.compile(r"\s{1,3}(?:of|dated)\s{1,3}(?:the\s{1,3})?")


@rule("agreement:of_date", stage="agreements", cases=[
    Case("Date: 3 May 2024\n\nThe new grant replaces the Exchange of Letters of 9 October 2015 on water meters.", "Exchange of Letters"),
    Case("Date: 3 May 2024\n\nThe new grant replaces the exchange of letters and the meeting of 9 October 2015.", None),
])
def of_date(ctx: _Context, m: re.Match, s: int, e: int) -> tuple[dt.date, str] | None:
    """An instrument cited with its day or month right after it ('the Exchange of Notes of 2 March 2019') was concluded then.

    A date to come is no conclusion, and a year alone ('under a framework agreement of 2010') tells the period an
    instrument belongs to as often as its signing."""
    d = next(ctx.dates.iter_range(m.end(), min(e, m.end() + 20)), None)
    if d is None or d.precision == "year" or not _OF_DATE_AFTER.fullmatch(ctx.text, m.end(), d.start) or _after_report(ctx, d):
        return None
    return d.date, d.precision


CITATION_RULES = (done_at, year_modifier, origin_date, of_date)


def _cited_instruments(ctx: _Context) -> None:
    """Earlier instruments a text cites without a signing verb ('done at ... on ...', 'the 2016 agreement'): one row each."""
    if ctx.type_starts is None:
        candidates = range(len(ctx.doc.sentences.spans))
    else:
        candidates = sorted({ctx.doc.sentences.index(p) for p in ctx.type_starts})
    reported = {a.start for a in ctx.found}
    for si in candidates:
        s, e = ctx.doc.sentences.spans[si]
        for m in ctx.types(s, e):
            if m.start() in reported or not _is_instrument(ctx, m, s) or _counts_many(ctx.text, m, e):
                continue
            for cite in CITATION_RULES:
                if (dated := cite(ctx, m, s, e)) is not None:
                    break
            else:
                continue
            atype = _mention_type(ctx, m, e)
            if dated[0] in ctx.dates_by_type.get(atype, ()):
                continue  # named twice: one instrument
            a = Agreement(atype, "signing", m.start(), m.end(), m.group(), _title(ctx.text, m.end()), dated[0], dated[1],
                          rule=cite.rule_name, confidence=0.7)
            a.parties, a.government_parties = _SentenceParties(ctx, s, e, _heading_end(ctx.text, s, e), [m]).parties_of(0, a)
            if not a.parties and not a.government_parties:
                a.parties, a.government_parties = _cited_parties(ctx, m, e)
            if not a.parties and not a.government_parties and _THEIR.search(ctx.text, max(s, m.start() - 45), m.start()):
                # 'signed an addendum to their 2018 accord': the accord is the signatories' own
                same = next((b for b in reversed(ctx.found) if s <= b.start < e and (b.parties or b.government_parties)), None)
                if same is not None:
                    a.parties, a.government_parties = list(same.parties), list(same.government_parties)
            ctx.add(a)


# who an earlier instrument was between, when the text does not name them again: 'between the two institutes',
# 'between Fiji and Tonga' (countries: their governments)
_BETWEEN_THE_TWO = re.compile(r"\s{1,3}(?:[^,.;:()]{0,80}?\s)?between\s{1,3}(?:the\s{1,3}two|both)\s{1,3}[a-z]", re.IGNORECASE)
_BETWEEN_WORD = re.compile(r"\s{1,3}(?:[^,.;:()]{0,80}?\s)?between\s{1,3}(?:the\s{1,3})?", re.IGNORECASE)


_THEIR = re.compile(r"\b(?:their|its)\s{1,3}(?:(?:19|20)\d{2}\s{1,3})?(?:[\w-]{1,30}\s{1,3}){0,2}\Z", re.IGNORECASE)


def _cited_parties(ctx: _Context, m: re.Match, e: int) -> tuple[list[OrgMention], list[tuple[str, str]]]:
    """The parties of a cited instrument: two countries after 'between' sign as governments; 'the two <bodies>'
    are those of the instrument the text reported last before it."""
    text = ctx.text
    if (between := _BETWEEN_WORD.match(text, m.end(), e)) is not None:
        found = default_countries().find(text[between.end():min(e, between.end() + 80)])
        if len(found) >= 2 and found[0][0] == 0 and found[0][2] != found[1][2] \
                and re.fullmatch(r"\s{1,3}(?:and|&)\s{1,3}(?:the\s{1,3})?", text[between.end() + found[0][1]:between.end() + found[1][0]]):
            return [], [(c.government, c.iso2) for _, _, c in found[:2]]
    if _BETWEEN_THE_TWO.match(text, m.end(), e):
        last = next((a for a in reversed(ctx.found) if a.start < m.start() and (a.parties or a.government_parties)), None)
        if last is not None:
            return list(last.parties), list(last.government_parties)
    return [], []


# --- the text of an agreement --------------------------------------------------------------------

_TITLE_INSTRUMENT = re.compile(r"\s{0,200}+(?:[^\n]{0,80}+\n\s{0,40}+){0,2}?[ \t]{0,20}+(?P<type>" + "|".join(p for _, p in TYPES) + r")", re.IGNORECASE)
_FIRST_ARTICLE = re.compile(r"^[ \t]{0,20}+(?:Article|Paragraph|Section|Clause)[ \t]{0,3}\d", re.MULTILINE | re.IGNORECASE)
# the wording of an instrument's own text, as opposed to a report about one
_PROVISIONS = re.compile(
    r"\bagreed\s{1,3}(?:as\s{1,3}follows|upon\s{1,3}the\s{1,3}following)|\bhereinafter\b|\bhave\s{1,3}the\s{1,3}honou?r\b|"
    r"^[ \t]{0,20}+Article\s{1,3}(?:1|I|One)\b|\bthe\s{1,3}Parties\s{1,3}(?:shall|will|agree)\b",
    re.IGNORECASE | re.MULTILINE,
)
HEAD = 1500  # characters: where a text's title, its date line and its preamble are


@rule("agreement:document_text", stage="agreements", cases=[
    Case("AGREEMENT\nBETWEEN THE POLAR INSTITUTE AND THE OCEAN RESEARCH COUNCIL\n\nArticle 1\nThe Parties shall share ship time.\n\n"
         "Done at Tromsø on 5 June 2019 in two originals.", "AGREEMENT"),
    Case("Memorandum of Understanding\n\nThe museum and the observatory have agreed as follows:\n\n1) Exchange of curators.", "Memorandum of Understanding"),
    Case("Agreements in the news\n\nThe week brought many reports on research funding.", None),
])
def document_text(ctx: _Context) -> Agreement | None:
    """The text of an instrument (its title first, then its provisions) is itself an instrument, dated by its signature or date line."""
    pub, text = ctx.doc.publication, ctx.text
    m = _TITLE_INSTRUMENT.match(text)
    signed_by_date = pub is not None and pub.basis == "signature" and pub.date is not None
    if m is None or not (signed_by_date or _PROVISIONS.search(text, m.end(), HEAD * 2)):
        return None
    atype = _type_of(TYPE_RE.search(m.group("type")))
    date = (pub.date, pub.precision) if signed_by_date else _date_line(ctx, m.end())
    if (last := _last_signature(ctx)) is not None and (date[0] is None or last > date[0]):
        date = (last, "day")
    if date[0] is not None and date[0] in ctx.dates_by_type.get(atype, ()):
        return None  # the text also says so itself ("This Memorandum ... is made on ...")
    article = _FIRST_ARTICLE.search(text)
    preamble_end = min(article.start() if article else len(text), HEAD)
    parties = _distinct((_within_line(ctx, o) for o in ctx.orgs.iter_range(0, preamble_end)), 4) or _signature_block(ctx, preamble_end)
    return Agreement(atype, "signing", m.start("type"), m.end("type"), m.group("type"), _title(text, m.end("type")),
                     date[0], date[1], parties=parties,
                     government_parties=_named_governments(text, 0, preamble_end),
                     rule="agreement:document_text", confidence=0.85)


_FOR_LINE = re.compile(r"(?:^|\n)[ \t]{0,20}For[ \t]{1,3}(?:the[ \t]{1,3})?\Z", re.IGNORECASE)


def _signature_block(ctx: _Context, after: int) -> list[OrgMention]:
    """The bodies of a text's signature block ('For the X' opening a line), when its preamble names none a list knows."""
    return _distinct((_within_line(ctx, o) for o in ctx.orgs.iter_range(after, len(ctx.text))
                      if _FOR_LINE.search(ctx.text, max(0, o.start - 30), o.start)), 4)


_LINE_END_CONNECTIVES = frozenset({"of", "for", "and", "&", "the", "de", "du", "des", "da", "do", "del", "on", "in"})


def _within_line(ctx: _Context, o: OrgMention) -> OrgMention:
    """A name read on into the next line of a letterhead or signature block ('University of X' + a signatory's
    name under it) ends at the line break, where its first line is a whole name (a head word) or a person follows."""
    cut = o.text.find("\n")
    if cut < 0:
        return o
    first, rest = o.text[:cut].split(), o.text[cut:].split()
    # a first line that ends on 'of', 'and' or 'the' ("Warsaw University of\nTechnology") is no whole name
    whole_first_line = (o.source != "reference" and any(w in HEAD_WORDS for w in first) and not any(w in HEAD_WORDS for w in rest)
                        and first[-1].lower() not in _LINE_END_CONNECTIVES)
    if not (whole_first_line or any(o.start + cut < p.start < o.end for p in ctx.doc.people)):
        return o
    name = o.text[:cut].rstrip()
    return OrgMention(o.start, o.start + len(name), name, name, None, o.country, "text", o.rule, o.confidence)


# a line of a signature block or a note that gives its date: 'Date: 19 March 2022', 'Done at Suva on ...', two such columns
_SIGNATURE_LINE = re.compile(r"[ \t*]{0,20}(?:Date[ds]?\b|Done\b|Signed\b|Place\s{1,3}and\s{1,3}date\b)", re.IGNORECASE)


def _last_signature(ctx: _Context) -> dt.date | None:
    """An instrument is concluded by its last signature, an exchange of notes by the reply: the latest of two or more dates
    that signature lines ('Date: ...', 'Done at ... on ...') or a note's own date line give."""
    found = set()
    for d in ctx.dates.items:
        if d.precision != "day":
            continue
        line_start, line_end = ctx.text.rfind("\n", 0, d.start) + 1, ctx.text.find("\n", d.end)
        line_end = len(ctx.text) if line_end < 0 else line_end
        if _SIGNATURE_LINE.match(ctx.text, line_start, d.start) or re.fullmatch(
                r"[^\n.;:]{0,30}", ctx.text[line_start:d.start] + ctx.text[d.end:line_end]):
            found.add(d.date)
    return max(found) if len(found) >= 2 else None


def _date_line(ctx: _Context, after: int) -> tuple[dt.date | None, str | None]:
    """A note's date line under its title ('Ottawa, 3 May 1999'): a day-precise date alone on a short line."""
    for d in ctx.dates.iter_range(after, HEAD):
        line_start, line_end = ctx.text.rfind("\n", 0, d.start) + 1, ctx.text.find("\n", d.end, d.end + 40)
        if d.precision == "day" and line_end > 0 and re.fullmatch(r"[^\n.;:]{0,30}", ctx.text[line_start:d.start] + ctx.text[d.end:line_end]):
            return d.date, d.precision
    return None, None


_EXTENSION = re.compile(
    r"\b(?:(?:first|second|third|fourth|fifth|\d{1,2}(?:st|nd|rd|th))\s{1,3})?extension\s{1,3}(?:was|has\s{1,3}been|had\s{1,3}been|is)\s{1,3}(?:done|made|granted|signed|given|approved|agreed)"
    r"|\b(?:was|has\s{1,3}been|have\s{1,3}been|were)\s{1,3}(?:further\s{1,3}|again\s{1,3})?(?:extended|renewed)\s{1,3}(?:for|till|until|up\s{0,3}to|upto|by)\b",
    re.IGNORECASE,
)


_RENEWAL_WORD = re.compile(r"\brenew(?:al|ed)\b", re.IGNORECASE)


@rule("agreement:named_then_signed", stage="agreements", cases=[
    Case("A renewal of the MoU between the museum and the observatory was agreed last spring. It was signed on 3 May 2021 in Lima.",
         "It was signed"),
    Case("The MoU between the museum and the observatory was discussed. The budget was signed on 3 May 2021.", None),
])
def named_then_signed(ctx: _Context, si: int, s: int, e: int) -> Agreement | None:
    """An instrument named in one sentence without a signing verb is signed where the next says 'It was signed on ...'."""
    if si == 0 or _SIGNED_NEXT.match(ctx.text, s, e) is None:
        return None
    ps, pe = ctx.doc.sentences.spans[si - 1]
    if ctx.found and ctx.found[-1].start >= ps:
        return None  # the instrument of the sentence before is found already, and dated by this one
    head = _heading_end(ctx.text, ps, pe)
    mentions = _sentence_mentions(ctx, ps, pe, head)
    said = _SIGNED_NEXT.match(ctx.text, s, e)
    if len(mentions) != 1 or (d := _signing_date_in(ctx, said.end(), e)) is None:
        return None
    m = mentions[0]
    event = "renewal" if _RENEWAL_WORD.search(ctx.text, ps, pe) or said.group().lower().rstrip().endswith("renewed") else "signing"
    a = Agreement(_type_of(m), event, said.start() + len(said.group()) - len(said.group().lstrip()), said.end(), said.group().strip(),
                  _title(ctx.text, m.end()), d.date, d.precision, rule="agreement:named_then_signed", confidence=0.75)
    a.parties, a.government_parties = _SentenceParties(ctx, ps, pe, head, mentions).parties_of(0, a)
    return a


# the instrument just reported, as a pronoun the verb concluded: 'originally concluded it in 2014', 'it was first signed in 2009'
_PRONOUN_OBJECT = re.compile(
    r"\b(?P<verb>signed|concluded|inked|renewed|extended|prolonged|amended)\s{1,3}(?:it|them)\b"
    r"|\b(?:it|they)\s{1,3}(?:was|were|had\s{1,3}been)\s{1,3}(?:first|originally|initially)\s{1,3}(?P<first>signed|concluded|inked)\b", re.IGNORECASE)


@rule("agreement:pronoun_object", stage="agreements", cases=[
    Case("Date: 4 June 2024\n\nThe archive and the library renewed their MoU on Monday. They first concluded it in 2012.", "concluded it"),
    Case("Date: 4 June 2024\n\nThe archive and the library renewed their MoU on Monday. They discussed it in 2012.", None),
])
def pronoun_object(ctx: _Context, si: int, s: int, e: int) -> Agreement | None:
    """A conclusion verb whose object is the instrument just reported, as a pronoun with a date of its own, is another row of it.

    'They first concluded it in 2012' after a renewal is its original signing; 'renewed it in 2019' a renewal; the parties are its."""
    said = _PRONOUN_OBJECT.search(ctx.text, s, e)
    if said is None or not ctx.found or si == 0 or ctx.found[-1].start < ctx.doc.sentences.spans[si - 1][0]:
        return None
    parent = ctx.found[-1]
    d = _signing_date_in(ctx, s, e)
    if d is None or d.date == parent.signed_date:
        return None
    verb = (said.group("verb") or "signed").lower()
    return Agreement(parent.agreement_type, EVENTS.get(verb, "signing"), said.start(), said.end(), said.group(), parent.title,
                     d.date, d.precision, parties=list(parent.parties), government_parties=list(parent.government_parties),
                     rule="agreement:pronoun_object", confidence=0.7)


@rule("agreement:extension_of_earlier", stage="agreements", cases=[
    Case("The council and the academy signed an Agreement on 2 May 2010 for three years.\n"
         "The second extension was granted for three years till 1 May 2019.", "second extension was granted"),
    Case("The second extension was granted for three years till 1 May 2019.", None),
])
def extension_of_earlier(ctx: _Context, s: int, e: int) -> Agreement | None:
    """A sentence reporting a further extension makes a new extension row of the instrument its paragraph is about.

    'The second extension was done for three years till 15th February 2019': its own term and expiry."""
    m = _EXTENSION.search(ctx.text, s, e)
    if m is None:
        return None
    para = ctx.paragraph_start(s)
    parent = None
    for a in reversed(ctx.found):
        if a.start < para:
            break
        if a.start < s and a.rule != "agreement:extension_of_earlier":
            parent = a
            break
    if parent is None:
        return None
    dates = ctx.dates.in_range(s, e)
    expiry = [d for d in dates if _EXPIRY_BEFORE.search(ctx.text, max(s, d.start - 25), d.start)]
    signing = [d for d in dates if d not in expiry]
    term = next(iter(ctx.durations.iter_range(m.start(), e)), None)
    return Agreement(
        parent.agreement_type, "extension", m.start(), m.end(), m.group(), parent.title,
        signing[0].date if signing else None, signing[0].precision if signing else None,
        expires_date=expiry[0].date if expiry else None, expires_date_precision=expiry[0].precision if expiry else None,
        duration_value=term.value if term else None, duration_unit=term.unit if term else None,
        parties=list(parent.parties), government_parties=list(parent.government_parties),
        rule="agreement:extension_of_earlier", confidence=0.7,
    )


# --- terms ---------------------------------------------------------------------------------------

# the words that make a duration an instrument's term, not a horizon ("for the next decade")
_TERM_BEFORE = re.compile(
    r"\b(?:valid(?:ity)?(?:\s{1,3}for)?|(?:an?|the)\s{1,3}(?:initial\s{1,3})?(?:period|term)\s{1,3}of|for\s{1,3}(?:a\s{1,3})?(?:further|another|an\s{1,3}additional)?"
    r"|extended\s{1,3}(?:by|for)|(?:remain|be|continue)\s{1,3}in\s{1,3}(?:force|effect)\s{1,3}for)\s{1,3}(?:a\s{1,3})?\Z",
    re.IGNORECASE,
)
_NEXT_SENTENCE_ABOUT_IT = re.compile(r"\s{0,3}(?:Initially|It|The\s{1,3}same|This|The\s{1,3}term)\b")


def _attach_term(ctx: _Context, a: Agreement, si: int) -> None:
    """Duration ('valid for 5 years', 'for a period of five years') and expiry ('till 15th February 2012')
    in the agreement's sentence or the next one, when that one is about it and names no other instrument."""
    text, spans = ctx.text, ctx.doc.sentences.spans
    todo = [spans[si]]
    if si + 1 < len(spans):
        ns, ne = spans[si + 1]
        if _NEXT_SENTENCE_ABOUT_IT.match(text, ns, ne) and not TYPE_RE.search(text, ns, ne):
            todo.append((ns, ne))
    for n, (s, e) in enumerate(todo):
        for f in ctx.durations.iter_range(s, e):
            if a.duration_value is None and _TERM_BEFORE.search(text, max(s, f.start - 40), f.start):
                a.duration_value, a.duration_unit = f.value, f.unit
        if n and a.expires_date is None:
            for d in ctx.dates.iter_range(s, e):
                if _EXPIRY_BEFORE.search(text, max(s, d.start - 25), d.start):
                    a.expires_date, a.expires_date_precision = d.date, d.precision
                    break


_TERM_SENTENCE = re.compile(
    r"\b(?:This|The)\s{1,3}(?P<type>Memorandum\s{1,3}of\s{1,3}(?:Understanding|Co-?operation)|MoU|MoC|Agreement|Arrangement|Letter\s{1,3}of\s{1,3}Intent)\b"
    r"[^.]{0,200}?\b(?:remain|continue|valid|in\s{1,3}force|effect)\b",
    re.IGNORECASE,
)
_TERM_SENTENCE_TYPES = ("memorand", "mou", "moc", "agreement", "arrangement", "letter")  # where each <type> starts


def _attach_document_terms(ctx: _Context) -> None:
    """An agreement text states its own term later ('This Memorandum ... will remain ... for five (5) years')."""
    first_of_type: dict[str, Agreement] = {}
    for a in sorted(ctx.found, key=lambda a: a.start):
        first_of_type.setdefault(a.agreement_type, a)
    if not first_of_type:
        return
    sentences = ctx.doc.sentences
    type_starts = ctx.word_starts(_TERM_SENTENCE_TYPES)
    # only the sentences that name an instrument (all of them where lower-casing cannot tell), in text order
    candidates = sorted({sentences.index(i) for i in type_starts}) if type_starts is not None else range(len(sentences.spans))
    for s, e in (sentences.spans[i] for i in candidates):
        m = _TERM_SENTENCE.search(ctx.text, s, e)
        if not m:
            continue
        own = first_of_type.get(_type_of(TYPE_RE.search(m.group("type"))))
        term = next(iter(ctx.durations.iter_range(s, e)), None)
        if own is not None and own.start < s and term is not None and own.duration_value is None:
            own.duration_value, own.duration_unit = term.value, term.unit


# --- parties -------------------------------------------------------------------------------------

_GAP_WORDS = re.compile(
    r"(?:[\s,&]|\b(?:and|with|the|of|Govt\.?|Government|Republic)\b|\([^()]{1,12}\)|\b(?:in|at)(?:\s{1,3}[A-Z][\w.'-]{0,30}){0,3}\b)*+")


def _is_between_gap(gap: str) -> bool:
    """The text between two parties after 'between': separators, and a country or place that places the first
    ('DFG, Germany and', 'the University of A in B and')."""
    for start, end, _ in reversed(default_countries().find(gap)):
        gap = gap[:start] + " " + gap[end:]
    return _GAP_WORDS.fullmatch(gap) is not None


def _distinct(orgs, limit: int = MAX_PARTIES) -> list[OrgMention]:
    seen, out = set(), []
    for o in orgs:
        if o.name not in seen:
            seen.add(o.name)
            out.append(o)
            if len(out) == limit:
                break
    return out


def _whole_names(orgs: list[OrgMention], text: str) -> list[OrgMention]:
    """A mention that is only the start of the next one's name ('National Institute' + 'of Advanced ... (AIST)') is not a party."""
    out = []
    for i, o in enumerate(orgs):
        nxt = orgs[i + 1] if i + 1 < len(orgs) else None
        if nxt and re.fullmatch(r"\s{1,3}(?:of|for|on)\s{1,3}(?:the\s{1,3})?", text[o.end:nxt.start]) and nxt.name.lower().startswith(o.text.lower()):
            continue
        out.append(o)
    return out


_GOVERNMENT_OF = re.compile(r"\bGovernments?\s{1,3}of\s{1,3}(?:the\s{1,3})?(?:(?:[\w.]{1,30},?\s{1,3}){1,3}(?:and|&)\s{1,3}(?:the\s{1,3})?)?\Z", re.IGNORECASE)
_GOVERNMENT_AFTER = re.compile(r"['’]?s?\s{1,3}(?:[Gg]overnment|Ambassador|Embassy|(?:Prime\s{1,3}|Foreign\s{1,3})?Minister|High\s{1,3}Commission(?:er)?)\b")
# who signs for a country: 'Ambassador of X', 'Minister of Finance of X' (a government's envoy or minister); a
# ministry or an embassy of X is a body named in the text, and signs for itself
_ENVOY_OF = re.compile(r"\b(?:Ambassador|Minister|Secretary|Commissioner|Consul|President|Premier)\b[^,.;:\n]{0,40}?\bof\s{1,3}(?:the\s{1,3})?\Z")


# a sentence that goes on about the instrument just named: 'The addendum prolongs the accord between A and B', 'It links A and B'
_ABOUT_IT = re.compile(r"\s{0,3}(?:(?P<it>It)\b|(?:The|This|That)\s{1,3}(?:new\s{1,3}|signed\s{1,3})?)")


def _parties_named_next(ctx: _Context, si: int) -> list[OrgMention]:
    """The parties of an instrument its sentence names no one for, named 'between' them in the next sentence (in the next
    paragraph too) when that one goes on about it ('... signed an addendum. The addendum prolongs the accord between A and B')."""
    spans = ctx.doc.sentences.spans
    if si + 1 >= len(spans):
        return []
    ns, ne = spans[si + 1]
    about = _ABOUT_IT.match(ctx.text, ns, ne)
    if about is None or not (about.group("it") or TYPE_RE.match(ctx.text, about.end(), ne)) or ctx.conclusions(ns, ne):
        return []  # another subject, or a sentence that reports a conclusion of its own (and its own parties)
    between = _BETWEEN.search(ctx.text, ns, ne)
    if between is None:
        return []
    sentence = _SentenceParties(ctx, ns, ne, ns, [])
    return _distinct(_within_line(ctx, o) for o in sentence._chain(between.end()))


def _named_governments(text: str, start: int, end: int, countries: list | None = None) -> list[tuple[str, str]]:
    """Governments the text names ('the Government of X', 'the Governments of X and Y', 'the X government') or that
    sign through an envoy or minister ('Ambassador of X', 'the X Ambassador')."""
    out = []
    found = countries if countries is not None else [(a + start, b + start, c) for a, b, c in default_countries().find(text[start:end])]
    for a, b, c in found:
        before = max(start, a - 60)
        if _GOVERNMENT_OF.search(text, before, a) or _ENVOY_OF.search(text, before, a) or _GOVERNMENT_AFTER.match(text, b, min(end, b + 30)):
            if (c.government, c.iso2) not in out:
                out.append((c.government, c.iso2))
    return out


_WHAT_IT_DOES = re.compile(r",\s{0,3}(?:(?:under|through|by|with)\s{1,3}which|whereby)\b", re.IGNORECASE)


# a body the instrument is for, not one that signs it: 'a grant agreement with X for Y', 'which will benefit Y'
# a body that hosts or witnesses a signing, not one that signs: 'on the sidelines of the X Forum', 'at the Y Institute'
_VENUE_BEFORE = re.compile(
    r"\b(?:(?:sidelines|side-lines|margins?|occasion)\s{1,3}of|during|at|in\s{1,3}the\s{1,3}presence\s{1,3}of|witnessed\s{1,3}by|hosted\s{1,3}by)"
    r"\s{1,3}(?:the\s{1,3})?\Z",
    re.IGNORECASE,
)
_BENEFICIARY_BEFORE = re.compile(
    r"\b(?:for|benefit(?:s|ing|ting)?|in\s{1,3}favou?r\s{1,3}of|to\s{1,3}(?:support|fund|finance)|beneficiar(?:y|ies)(?:\s{1,3}(?:is|are|will\s{1,3}be))?)"
    r"\s{1,3}(?:the\s{1,3})?\Z",
    re.IGNORECASE,
)


_PAIR_JOIN = re.compile(r"\s{1,3}(?:and|&)\s{1,3}(?:the\s{1,3})?(?=[A-Z])")
_PLACED_IN = re.compile(r"\s{1,3}(?:in|at)\s{1,3}[A-Z][\w.'’-]{0,30}(?:\s{1,3}[A-Z][\w.'’-]{0,30}){0,2}\Z")


def _split_pair(o: OrgMention) -> list[OrgMention]:
    """The only party of an instrument, read as one name across 'and' ('University of A in B and C University'),
    is two bodies where each side is a whole name (a head word, the second ending with one)."""
    if o.source == "reference":
        return [o]
    for j in _PAIR_JOIN.finditer(o.text):
        first, second = o.text[:j.start()], o.text[j.end():]
        if any(w in HEAD_WORDS for w in first.split()) and second.split()[-1] in HEAD_WORDS:
            placed = _PLACED_IN.search(first)
            first = first[:placed.start()] if placed else first
            return [OrgMention(o.start, o.start + len(first), first, first, None, o.country, "text", o.rule, o.confidence),
                    OrgMention(o.start + j.end(), o.end, second, second, None, None, "text", o.rule, o.confidence)]
    return [o]


_FOR_BENEFICIARY = re.compile(r"\s{1,3}for\s{1,3}(?:the\s{1,3})?")


def _signatory_part(o: OrgMention) -> OrgMention:
    """'Ministry of Finance for the Lakeside University' read as one name: the body before 'for' signs, the
    body after it (a name of its own, with a head word such as University) is what the instrument is for."""
    m = _FOR_BENEFICIARY.search(o.text)
    if m is None:
        return o
    before, after = o.text[:m.start()].split(), o.text[m.end():].split()
    if not (after and after[-1] in HEAD_WORDS and after[0][:1].isupper() and any(w in HEAD_WORDS for w in before)):
        return o
    name = o.text[:m.start()]
    return OrgMention(o.start, o.start + len(name), name, name, None, o.country, "text", o.rule, o.confidence)


# a capitalised word right before a country that makes it part of a name ('Business X', 'Research X'), not a
# sentence's opening or linking word
_NAME_WORD_BEFORE = re.compile(
    r"(?<![\w-])(?!(?:The|In|At|On|By|For|From|With|Both|And|Between|To|While|As|After|Before|Today|Yesterday|Meanwhile|"
    r"Also|Only|Under|Of|Then|When|Where|Since|Across|Within|Neither|Either|Including|Like)\b)[A-Z][\w-]{1,30}[ \t]\Z"
)


class _SentenceParties:
    """The parties of a sentence's instruments: found once per sentence, handed out per instrument."""

    def __init__(self, ctx: _Context, s: int, e: int, head: int, mentions: list[re.Match]):
        self.ctx, self.s, self.e, self.head, self.mentions = ctx, s, e, head, mentions

    # each read on first use: a sentence whose instruments are all found already asks for none of them
    @cached_property
    def betweens(self) -> list[int]:
        return [m.end() for m in _BETWEEN.finditer(self.ctx.text, self.s, self.e)]

    @cached_property
    def countries(self) -> list[tuple[int, int, Country]]:
        """The sentence's countries (offsets in the sentence), but for those inside a body's name ('Research
        Council of X (RCN) signed', 'Business X signed'): such a body signs for itself, its country does not."""
        s, orgs, text = self.s, self.ctx.orgs, self.ctx.text
        return [(a, b, c) for a, b, c in default_countries().find(text[s:self.e])
                if not orgs.names_inside(a + s, b + s) and not _NAME_WORD_BEFORE.search(text, max(s, a + s - 32), a + s)]

    @cached_property
    def collective(self) -> bool:
        return bool(_COLLECTIVE.search(self.ctx.text, self.s, self.e))

    @cached_property
    def nations(self) -> bool:
        text = self.ctx.text
        return any(n.start() < n.start("nations") or _COUNTRIES_SIGN.match(text, n.end(), min(self.e, n.end() + 60))
                   for n in _NATIONS.finditer(text, self.s, self.e))

    @cached_property
    def governments(self) -> list[tuple[str, str]]:
        s = self.s
        return _named_governments(self.ctx.text, self.head, self.e, [(a + s, b + s, c) for a, b, c in self.countries if a + s >= self.head])

    def _chain(self, at: int) -> list[OrgMention]:
        """The bodies listed right after 'between', joined by 'and', commas and the countries that place them."""
        text, chain = self.ctx.text, []
        for o in self.ctx.orgs.iter_range(at, self.e):
            if not _is_between_gap(text[at:o.start]) or len(chain) == MAX_PARTIES:
                break
            chain.append(o)
            at = o.end
        return chain

    def parties_of(self, i: int, a: Agreement) -> tuple[list[OrgMention], list[tuple[str, str]]]:
        ctx, text, s, e = self.ctx, self.ctx.text, self.s, self.e
        k = bisect.bisect_left(self.betweens, a.end)
        between = self.betweens[k] if k < len(self.betweens) else None
        if between is not None and i + 1 < len(self.mentions) and between > self.mentions[i + 1].start():
            between = None  # 'an MoU on 3 May, where a protocol between A and B ...': the 'between' of the next instrument
        chain = self._chain(between) if between is not None else []
        if chain:
            named = chain
        elif between is not None and re.match(r"\s{1,3}(?:the\s{1,3})?Governments?\s{1,3}of\b", text[between:between + 20]):
            named = []  # "between the Governments of X and Y": the governments are the parties
        elif len(self.mentions) > 1:
            # several instruments in one sentence: the subject before the first, and the bodies named
            # between this instrument and the next one
            first = self.mentions[0].start()
            seg_start = self.mentions[i].start() if i else s
            seg_end = self.mentions[i + 1].start() if i + 1 < len(self.mentions) else e
            named = ctx.orgs.in_range(self.head, first)[:MAX_PARTIES] + ctx.orgs.in_range(max(seg_start, first), seg_end)[:MAX_PARTIES]
        else:
            named = ctx.orgs.in_range(self.head, e)[:MAX_PARTIES * 2]
        if not chain:
            named = [o for o in named if not _BENEFICIARY_BEFORE.search(text, max(s, o.start - 40), o.start)
                     and not _VENUE_BEFORE.search(text, max(s, o.start - 40), o.start)]
            # 'the memorandum the two ministries signed, under which two universities ...': a clause about what the
            # instrument does names the bodies it concerns, not its signatories
            if (clause := _WHAT_IT_DOES.search(text, a.end, e)) is not None:
                named = [o for o in named if o.start < clause.start()]
        parties = _distinct([_signatory_part(_within_line(ctx, o)) for o in _whole_names(named, text)])
        if len(parties) == 1:
            parties = _split_pair(parties[0])
        if len(parties) < 2:
            parties += _bodies_with_acronyms(ctx, parties, self.head, e)
        if len(parties) == 1:
            parties += _linked_acronyms(ctx, parties, e)
        if len(parties) < 2 and self.collective:
            parties += _named_before(ctx, s, {o.name for o in parties}, 2 - len(parties))
        governments = [(c.government, c.iso2) for c in self._signing_countries(bool(chain))]
        names = {o.name for o in parties}
        for g in self.governments:
            if g not in governments and g[0] not in names:
                governments.append(g)
        return parties, governments

    def _signing_countries(self, have_chain: bool) -> list[Country]:
        """Countries sign when the sentence says so ('X and Y signed', 'X has signed', 'the two countries')."""
        sentence = self.ctx.text[self.s:self.e]
        if not have_chain and (pair := _pair_signing(sentence, self.countries)):
            return pair
        if self.nations and len(self.ctx.head_countries) >= 2:
            return self.ctx.head_countries[:2]
        return [c for _, b, c in self.countries if not have_chain and _COUNTRIES_SIGN.match(sentence, b, b + 60)][:1]


def _pair_signing(text: str, countries: list[tuple[int, int, Country]]) -> list[Country]:
    """Two countries joined by 'and' as the subject of a conclusion verb ('X and Y on Friday signed')."""
    for (_, b1, c1), (a2, b2, c2) in zip(countries, countries[1:]):
        if c1 != c2 and re.fullmatch(r"\s{0,3}(?:and|&)\s{0,3}", text[b1:a2]) and _COUNTRIES_SIGN.match(text, b2, b2 + 60):
            return [c1, c2]
    return []


_PAIR_JOINER = re.compile(r"\s{0,2}[-–—/]\s{0,2}")
_BEFORE_INSTRUMENT = re.compile(r"\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,2}")


def _pair_named_with(text: str, s: int, m: re.Match) -> list[Country]:
    """The two countries an instrument's own name joins ('the X-Y joint statement', 'the X–Y Action Plan')."""
    window = max(s, m.start() - WINDOW)
    found = default_countries().find(text[window:m.start()])
    if len(found) < 2:
        return []
    (_, b1, c1), (a2, b2, c2) = found[-2:]
    if c1 == c2 or not _PAIR_JOINER.fullmatch(text, window + b1, window + a2) or not _BEFORE_INSTRUMENT.fullmatch(text, window + b2, m.start()):
        return []
    return [c1, c2]


RECALL = 12  # organization mentions before a sentence that 'the two agencies' may point back to


def _named_before(ctx: _Context, s: int, seen: set[str], n: int) -> list[OrgMention]:
    """`n` distinct bodies named before a sentence that refers to them together ('the two agencies'): the first ones of
    its paragraph, then, where the paragraph names too few, the last ones named before it."""
    para = ctx.paragraph_start(s)
    out = _distinct((o for o in ctx.orgs.iter_range(para, s) if o.name not in seen), n)
    seen = seen | {o.name for o in out}
    i = bisect.bisect_left(ctx.orgs.starts, para)
    for o in reversed(ctx.orgs.items[max(0, i - RECALL):i]):
        if len(out) < n and o.name not in seen:
            seen = seen | {o.name}
            out.insert(0, o)
    return out


_COUNTRIES_SIGN = re.compile(
    r"\s{0,3}(?:\([^)]{0,40}\)\s{0,3})?(?:,\s{0,3})?(?:(?:on\s{1,3}\w{1,20}|also|has|have|had|today|formally)\s{1,3}){0,3}(?:signed|adopted|concluded|exchanged|inked|renewed|agreed|issued)\b"
)


# --- one instrument mentioned twice --------------------------------------------------------------

_PRECISION_RANK = {"day": 0, "month": 1, "year": 2}


def _merge_restatements(found: list[Agreement]) -> list[Agreement]:
    """The same instrument mentioned twice ('Agreement signed in 1985' ... 'agreement concluded in August
    1985'): same type and year, one of them year-precise, no conflicting named parties; the finer date wins."""
    out: list[Agreement] = []
    by_key: dict[tuple[str, int], list[Agreement]] = {}
    for a in found:
        key = (a.agreement_type, a.signed_date.year) if a.signed_date else None
        twin = next((b for b in by_key.get(key, ()) if _compatible(a, b)), None) if key else None
        if twin is None:
            out.append(a)
            if key:
                by_key.setdefault(key, []).append(a)
        elif _PRECISION_RANK[a.signed_date_precision] < _PRECISION_RANK[twin.signed_date_precision]:
            twin.signed_date, twin.signed_date_precision = a.signed_date, a.signed_date_precision
    return out


LEAD_DAYS = 7  # a report's lead and the body's dated account of one signing: at most a week apart


def _merge_lead_and_body(found: list[Agreement]) -> list[Agreement]:
    """A report's lead ('X has signed an agreement', dated by the report) and its body ('On 12 July ... signed
    an agreement') are one instrument: the body's date wins, the parties of both are kept."""
    dated: dict[str, list[Agreement]] = {}
    for a in found:
        if a.rule == "agreement:sentence_date" and a.signed_date_precision == "day":
            dated.setdefault(a.agreement_type, []).append(a)
    out = []
    for a in found:
        body = None
        if a.rule in ("agreement:relative_date", "agreement:report_date", "agreement:undated"):
            body = next((b for b in dated.get(a.agreement_type, ()) if b.start > a.start and (
                a.signed_date is None or 0 <= (a.signed_date - b.signed_date).days <= LEAD_DAYS)), None)
        if body is None:
            out.append(a)
            continue
        names = {o.name for o in body.parties}
        body.parties += [o for o in a.parties if o.name not in names]
        body.government_parties += [g for g in a.government_parties if g not in body.government_parties]
    return out


def _compatible(a: Agreement, b: Agreement) -> bool:
    if "year" not in (a.signed_date_precision, b.signed_date_precision):
        return False
    names_a, names_b = {o.name for o in a.parties}, {o.name for o in b.parties}
    return not names_a or not names_b or names_a <= names_b or names_b <= names_a
