"""People: names after an honorific or a role, names followed by ', <role>', signatories under a
signature block, and bylines; each with the role and organization the text gives.

Every pattern here runs in time linear in the text: name tokens are atomic groups with bounded, possessive
repetition, so a run of capitals (a PDF heading without spaces) has one reading, not n^4 of them.
"""
from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from transforms.countries import default_countries
from transforms.document import Document
from transforms.organizations import OrgMention
from transforms.patterns import CapitalStarts, alternation
from transforms.rules import Case, rule

PERSON_TITLES = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "person_titles.csv"


def _phrases(kind: str, casefold: bool = False) -> str:
    """An alternation of the titles of one kind, longest first; words may be joined by spaces or hyphens."""
    with open(PERSON_TITLES, newline="", encoding="utf-8") as fh:
        phrases = [r["phrase"] for r in csv.DictReader(fh) if r["kind"] == kind]
    return "(?:" + alternation(phrases, between=r"[ \t-]{1,3}", casefold=casefold) + ")"


def _title_words() -> frozenset[str]:
    """The words of multi-word titles ('Director General', 'Prime Minister'): none of them is part of a name."""
    with open(PERSON_TITLES, newline="", encoding="utf-8") as fh:
        return frozenset(w for r in csv.DictReader(fh) if " " in r["phrase"] for w in r["phrase"].split() if w[0].isupper())


HONORIFIC = _phrases("honorific")
TITLE_WORDS = _title_words()
ROLE_WORD = _phrases("role") + r"(?![\w-]|['’]s\b)"  # "Director's note" is not a role
ROLE_WORD_ANY_CASE = _phrases("role", casefold=True) + r"(?![\w-]|['’]s\b)"  # for re.IGNORECASE

# One name token, read one way only (atomic, bounded): an initial 'S.', two initials 'BS ', a word with
# hyphenated parts 'Dae-jung', 'O'Brien', 'McLean', or an upper-case surname 'MUTO'.
_UP, _LOW = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ\u0100-\u017f"
_TOKEN = (
    rf"(?>[{_UP}]\.|(?:[{_UP}]{{2}}(?=[ \t])|(?:[{_UP}]['’])?[{_UP}][{_LOW}]{{1,24}}+(?:[{_UP}][{_LOW}]{{1,24}}+)?+"
    rf"(?:-[{_UP}{_LOW}][{_LOW}]{{0,24}}+){{0,2}}+|[{_UP}]{{3,24}}+)(?![\w-])(?!['’](?!s\b)\w))"
)
# lower-case particles inside a name ('von der', 'bin'): a closed list, not any lower-case word
_PARTICLE = r"(?:(?:von|van|der|den|de|da|del|dos|du|di|bin|binti|ibn|al|el|le|la|ter|ten)[ \t])"
# no name crosses a line break: tokens are joined by spaces or tabs only
NAME = rf"(?P<name>{_TOKEN}(?:[ \t]?{_PARTICLE}{{0,2}}{_TOKEN}){{1,3}})"
_CAPWORD = r"[A-Z][\w'’-]{0,30}+"


@lru_cache(maxsize=16384)  # names repeat within and across documents
def _not_a_name(name: str) -> bool:
    """Words that make a capitalised phrase a body, a title or a place rather than a person."""
    countries = default_countries()
    words = name.split()
    return bool(_NOT_NAME.search(name)) or any(w in TITLE_WORDS or countries.lookup(w) for w in words)


_NOT_NAME = re.compile(
    r"\b(?:Government|Ministry|Department|University|Institute|Agency|Council|Society|Minister|"
    r"Secretary|Director|President|The|And|Of|For|MoU|MoC|IIT|Centre|Center|Office|Bureau|Programme|Program|Science|Technology|"
    r"Memorandum|Cooperation|Partnership|Article|Paragraph|Digital|Joint|Committee|Prime|Chief|Union|Cabinet|Mission|Summit)\b"
)

HONORIFIC_THEN_NAME = rf"(?<![\w])(?=[A-Z])(?P<hon>{HONORIFIC}(?:[ \t]{{1,3}}(?:Mr\.?|Shri|Dr\.?|Prof\.?)){{0,2}})[ \t]{{1,3}}{NAME}"
ROLE_THEN_NAME = (
    rf"(?<![\w-])(?=[A-Z])(?P<role>(?:{_CAPWORD}[ \t]{{1,3}})?{ROLE_WORD}(?:[ \t]{{1,3}}(?:of|for)[ \t]{{1,3}}(?:the[ \t]{{1,3}})?{_CAPWORD}"
    rf"(?:(?:,[ \t]{{1,3}}|[ \t]{{1,3}}(?:and|&)[ \t]{{1,3}}|[ \t]{{1,3}})(?!{ROLE_WORD}){_CAPWORD}){{0,5}})?)[ \t]{{1,3}}(?:{HONORIFIC}[ \t]{{1,3}})?{NAME}"
)
NAME_THEN_ROLE = rf"(?<![\w.])(?<!of )(?=[A-Z]){NAME}(?=[ \t]?[,(])"
# the three rules that start at a capital share one pass over the text
_AT_CAPITALS = CapitalStarts({"honorific": HONORIFIC_THEN_NAME, "role_before": ROLE_THEN_NAME, "name_role": NAME_THEN_ROLE})
SIGNATORY_RE = re.compile(
    rf"^[ \t*]{{0,10}}+{NAME}[ \t*]{{0,10}}+\n[ \t*]{{0,10}}+(?P<role>{ROLE_WORD}[^\n]{{0,80}}+(?:\n(?![ \t]{{0,40}}+\n)[^\n]{{0,60}}+)?)",
    re.MULTILINE,
)
_ROLE_STARTS_A_LINE = re.compile(rf"\n[ \t*]{{0,10}}+{ROLE_WORD}")
BYLINE_RE = re.compile(rf"^[ \t]{{0,10}}+(?:\((?:By[ \t]{{1,3}})?{NAME}\)[ \t]{{0,10}}+\Z|By[ \t]{{1,3}}{NAME.replace('(?P<name>', '(?P<name2>')}[ \t]{{0,10}}+$)", re.MULTILINE)
_ROLE_RIGHT_BEFORE = re.compile(rf"(?<![\w-])(?P<role>(?:{_CAPWORD}[ \t]{{1,3}})?{ROLE_WORD_ANY_CASE})[ \t]{{0,3}},?[ \t]{{1,3}}\Z", re.IGNORECASE)
_ROLE_START = re.compile(
    rf"(?:the\s{{1,3}})?(?:[A-Z][\w'’-]{{0,30}}+\s{{1,3}}){{0,4}}{ROLE_WORD}|(?:the\s{{1,3}})?(?:[A-Z][\w'’-]{{0,30}}+[\s-]{{1,3}}){{0,3}}(?:Laureate|Adviser|Advisor)\b"
)
# where a role phrase after a name stops: the next person, a verb, a clause, a quotation
_ROLE_STOP = re.compile(
    rf"[.;:\n\"“”]|\s(?:and|&)\s(?={HONORIFIC}|{ROLE_WORD}|[a-z])|,?\s(?:was|were|is|are|has|have|had|said|says|signed|led|added|announced|"
    rf"noted|stated|told|from|over|at\sthe|in\sthe|here|who|which)\b|,\s(?={HONORIFIC})|\s(?={HONORIFIC}\s)"
    rf"|,\s(?!(?:and|of|for|the)\b)(?=[a-z])"  # ', opened the call': a clause, not more of the role
)
ROLE_WINDOW = 140  # characters: a role phrase after a name is read in a window of this size


@dataclass
class Person:
    start: int
    end: int
    text: str
    name: str
    honorific: str | None
    role: str | None
    organization: OrgMention | None
    rule: str
    confidence: float


@dataclass(frozen=True)
class Candidate:
    """What a rule found: where the mention starts, the name as written, and what the text says about it."""

    start: int
    name_start: int
    raw_name: str
    honorific: str | None
    role: str | None
    role_end: int | None


_SPACES = re.compile(r"\s+")
_OPENS_A_ROLE = re.compile(r"[ \t]?(?:,[ \t]{0,3}|\([ \t]{0,3})")


def _clean_name(name: str) -> str:
    return _SPACES.sub(" ", name).strip(" ,.")


def _role_after(text: str, at: int) -> tuple[str, int] | None:
    """', Director of IIT Kanpur' / '(Secretary (Technology) of ...)' right after a name: the role and where it ends."""
    m = _OPENS_A_ROLE.match(text, at, at + 6)
    if not m:
        return None
    start = m.end()
    window = text[start:start + ROLE_WINDOW]
    if not _ROLE_START.match(window):
        return None
    stop = _ROLE_STOP.search(window)
    role = window[: stop.start() if stop else len(window)].strip(" ,(")
    role = re.sub(r"\s*\)+$", "", role) if role.count("(") < role.count(")") else role
    return (role, start + len(role)) if role else None


@rule("person:signatory", stage="people", cases=[
    Case("For the Council\n\nKARLSSON Ingrid\nDirector General of the Research Council", "KARLSSON Ingrid"),
    Case("Signed on behalf of the university\n\nPeter Olawale\nVice Chancellor", "Peter Olawale"),
    Case("Annual Report\n\nResearch Highlights\nDirector's note follows.", None),
])
def signatory(doc: Document) -> Iterator[Candidate]:
    """A name alone on a line with a role on the line below is the signatory of a signature block."""
    if not _ROLE_STARTS_A_LINE.search(doc.text):
        return  # a role that starts a line: found from line break to line break, cheaper than trying every line start
    for m in SIGNATORY_RE.finditer(doc.text):
        role = re.sub(r"\s+", " ", m.group("role")).strip(" *")
        yield Candidate(m.start("name"), m.start("name"), m.group("name"), None, role, m.end("role"))


@rule("person:role_before", stage="people", cases=[
    Case("Foreign Minister Maria Lindqvist opened the session.", "Foreign Minister Maria Lindqvist"),
    Case("The talks were chaired by Vice Chancellor Kim Dae-jung of the university.", "Vice Chancellor Kim Dae-jung"),
    Case("The Minister of State for Research visited the campus.", None),
])
def role_before(doc: Document) -> Iterator[Candidate]:
    """A role written right before a name ('Foreign Minister Maria Lindqvist') gives that person's role."""
    text = doc.text
    for m in _AT_CAPITALS.finditer(text, "role_before"):
        role, role_end = m.group("role"), None
        if after := _role_after(text, m.end("name")):
            role, role_end = f"{role}; {after[0]}", after[1]
        yield Candidate(m.start(), m.start("name"), m.group("name"), None, role, role_end)


@rule("person:honorific", stage="people", cases=[
    Case("The lecture was given by Dr. Amara Okafor, Dean of Engineering, on Monday.", "Dr. Amara Okafor"),
    Case("Prof. Jean-Luc Moreau met the delegation.", "Prof. Jean-Luc Moreau"),
    Case("Mr. Ministry Building is not a person.", None),
])
def honorific(doc: Document) -> Iterator[Candidate]:
    """An honorific (Dr., Prof., Ms., His Excellency) before a capitalised name marks a person."""
    text = doc.text
    for m in _AT_CAPITALS.finditer(text, "honorific"):
        role, role_end = None, None
        if after := _role_after(text, m.end("name")):
            role, role_end = after
        # the role must end in a space or tab right before the honorific: tested before trying each place in 40 characters
        elif text[m.start() - 1:m.start()] in (" ", "\t") and (before := _ROLE_RIGHT_BEFORE.search(text, max(0, m.start() - 40), m.start())):
            role = before.group("role")
        yield Candidate(m.start(), m.start("name"), m.group("name"), m.group("hon"), role, role_end)


@rule("person:name_role", stage="people", cases=[
    Case("Lena Hartmann, President of the Research Foundation, said the call is open.", "Lena Hartmann"),
    Case("Carlos Mendes, the Chief Scientist, opened the lab.", "Carlos Mendes"),
    Case("Lena Hartmann, who leads the lab, spoke first.", None),
])
def name_role(doc: Document) -> Iterator[Candidate]:
    """A name followed by ', <role>' or '(<role>' is a person holding that role."""
    text = doc.text
    for m in _AT_CAPITALS.finditer(text, "name_role"):
        if after := _role_after(text, m.end("name")):
            yield Candidate(m.start("name"), m.start("name"), m.group("name"), None, after[0], after[1])


@rule("person:byline", stage="people", cases=[
    Case("The institutes will meet again next year.\n\n(By Ruth Abebe)", "Ruth Abebe"),
    Case("By Tomas Novak\n\nThe two universities agreed to exchange students.", "Tomas Novak"),
    Case("Funded by National Grants\nin full.", None),
])
def byline(doc: Document) -> Iterator[Candidate]:
    """A line '(By <name>)' ending the text or 'By <name>' on its own line names the author."""
    if "By" not in doc.text and not doc.text.rstrip(" \t").endswith(")"):
        return  # what every byline holds, tested before a scan from every line start
    for m in BYLINE_RE.finditer(doc.text):
        group = "name" if m.group("name") else "name2"
        yield Candidate(m.start(group), m.start(group), m.group(group), None, "author", None)


# in this order: a signature block or a role before a name says more than an honorific alone
PEOPLE_RULES = (signatory, role_before, honorific, name_role, byline)


class _Orgs:
    """Organization mentions by offset, so a person's organization is found by bisect, not a scan."""

    def __init__(self, orgs: list[OrgMention], text: str):
        self.text = text
        self.by_start = sorted(orgs, key=lambda o: o.start)
        self.starts = [o.start for o in self.by_start]
        self.by_end = sorted(orgs, key=lambda o: o.end)
        self.ends = [o.end for o in self.by_end]

    def inside(self, start: int, end: int) -> OrgMention | None:
        i = bisect.bisect_left(self.starts, start)
        return self.by_start[i] if i < len(self.by_start) and self.by_start[i].start < end else None

    def right_before(self, start: int) -> OrgMention | None:
        """'IIT-Hyderabad director Prof. BS Murty', "MIC's YOSHIDA Mabito": the body named right before."""
        lo, hi = bisect.bisect_left(self.ends, start - 30), bisect.bisect_right(self.ends, start)
        for o in self.by_end[lo:hi]:
            if _BETWEEN_ORG_AND_PERSON.fullmatch(self.text, o.end, start):
                return o
        return None


_BETWEEN_ORG_AND_PERSON = re.compile(r"(?:'s)?\s{1,3}(?:[\w-]{1,30}\s{1,3}){0,3}")


class _Taken:
    """Spans already given to a person, sorted and disjoint, so an overlap test is one bisect."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)
        return i > 0 and self.ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def find_people(doc: Document) -> list[Person]:
    """People with their role and organization, one row per mention; the first rule to claim a span keeps it."""
    text = doc.text
    orgs, taken, out = _Orgs(doc.organizations, text), _Taken(), []
    for find in PEOPLE_RULES:
        for c in find(doc):
            name = _clean_name(c.raw_name)
            name_end = c.name_start + len(c.raw_name.rstrip(" ,."))
            if len(name) < 4 or _not_a_name(name) or taken.overlaps(c.start, name_end):
                continue
            org = orgs.inside(name_end, c.role_end) if c.role_end else None
            org = org or orgs.right_before(c.start)
            out.append(Person(c.start, name_end, text[c.start:name_end], name, c.honorific, c.role, org,
                              find.rule_name, 0.8 if c.role else 0.6))
            taken.add(c.start, name_end)
    return sorted(out, key=lambda p: p.start)
