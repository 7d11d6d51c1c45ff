"""Organizations: acronym definitions either way round, a reference list of well-known bodies,
institution patterns (IIT Kanpur), capitalised names ending in an organization word, and later
uses of a name or acronym the document defined. One canonical key per body, across documents."""
from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from transforms.countries import default_countries
from transforms.patterns import CapitalStart, CapitalStarts, alternation
from transforms.text import finditer_from
from transforms.rules import Case, rule

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "seeds" / "reference"
DEFAULT_REFERENCE = REFERENCE_DIR / "organizations.csv"


def _read_csv(name: str) -> list[dict]:
    with open(REFERENCE_DIR / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _words(kind: str) -> list[str]:
    """Words of one kind from organization_words.csv (head, plural_head, event, role, descriptor)."""
    return [r["word"] for r in _WORD_ROWS if r["kind"] == kind]


def _alternation(words: list[str], casefold: bool = False) -> str:
    """Longest first, so 'Consulate General' wins over 'Consulate'; spaces match any run of spaces."""
    return alternation(words, casefold=casefold)


_WORD_ROWS = _read_csv("organization_words.csv")
HEAD_WORDS = frozenset(_words("head") + _words("head_first") + _words("plural_head"))
PLURAL_HEADS = frozenset(_words("plural_head"))
EVENT_WORDS = frozenset(_words("event"))
LAW_WORDS = frozenset(_words("law"))
DESCRIPTOR_WORDS = frozenset(_words("descriptor"))
# "Interim", "Provisional": a body's status for a while, not another body ("the X Interim Secretariat" is "the X Secretariat")
PROVISIONAL_WORDS = frozenset(_words("provisional"))
HEADS = _alternation(_words("head") + _words("head_first") + _words("plural_head"))
_HEAD_RE = re.compile(rf"\b(?:{HEADS})(?![\w])")
# A capitalised word is at most _WORD_MAX characters, taken whole (possessive): a pattern that may start at
# every capital of a run like "A-A-A-..." would otherwise rescan the rest of the run from each, which is quadratic.
_WORD_MAX = 40
_CAP = rf"(?:[A-Z](?:\.[A-Z])+\.?|(?:Agri|Natl|Intl|Inst|Govt|Dept|Tech)\.|[A-ZÀ-ÖØ-Þ][\w'’&\-]{{0,{_WORD_MAX}}}+)"
# the small words inside names in the common European languages: of/for/and/the, and their Romance, Dutch, German and
# Scandinavian forms ("Universiteit van Amsterdam", "Istituto per la Ricerca", "Universitetet i Bergen")
_CONN = r"(?:of|for|and|&|on|the|in|de|del|do|da|dos|das|des|du|di|der|für|y|e|et|und|van|voor|het|den|per|para|dei|degli|delle|della|dello|zur|zum|zu|för|og|och|en|i)"
# Between a name's words: one or two spaces. A run of spaces is a column gap ("For A        For B" in a signature
# block) and a line end ends a name ("Ministry of Planning" over a letterhead's next line), unless the line was
# wrapped mid-name: the next line goes on in lower case, or the line ends with 'of', 'and' (_AFTER_CONN)
# A line of running text wrapped in mid-sentence (a PDF's or a plain text's hard wrap) goes on over its line end,
# which _unwrapped marks as '\r' ("Institute of Marine\nScience")
_SP = r"(?:[ \t]{1,2}+(?![ \t])|[ \t]*\n[ \t]*(?=[a-z&])|[ \t]*\r[ \t]*(?=\S))"
_AFTER_CONN = r"(?:[ \t]{1,2}+(?![ \t])|[ \t]*[\n\r][ \t]*)"
_EVENTS = _alternation([w for e in _words("event") for w in (e, e + "s")], casefold=True)  # used as (?i:...) only
# "Health, Labour and Welfare": a list inside one name; "and Bhabha Atomic Research Centre" starts another body
_CAPLIST = rf"{_CAP}(?:{_SP}{_CAP}){{0,5}}(?:(?:,{_AFTER_CONN}{_CAP}(?:{_SP}{_CAP}){{0,3}}){{0,4}},?{_SP}(?:and|&|y|e|et|und|en|og|och){_AFTER_CONN}(?!(?:{_CAP}{_SP}){{0,4}}(?:{HEADS})(?![\w]))(?!the\b|(?:Dr|Mr|Mrs|Ms|Prof|Shri|Smt|Sh|H\.E)\b){_CAP}(?:{_SP}{_CAP}){{0,3}})?"
# "Brackwater University and Fenmoor University": past a name's first word, an organization word followed by 'and'
# ends one body and the next begins ("Trust and Safety Council", "Ministry of Science and Technology" stay one)
_HEAD_THEN_AND = rf"(?:{_alternation(_words('head'))})[ \t]+(?:and|&)[ \t]"
# "Ministry of A and Kenya's Ministry of B": past a name's first word, a possessive begins the next body's name
# ("Riverside Children's Hospital", "Ghana Women's Council": a possessive of people inside one name goes on with it)
_POSSESSIVE_WORD = rf"(?!(?:{_alternation(_words('possessive_in_name'))})['’]s\b)[A-Z][\w&\-]*['’]s(?![\w])"
# only after 'the' or at a line start: "Ito, DG, Commerce and Industry Bureau" is a person, a title and a bureau
_LEADING_SUBJECTS = rf"(?:(?<=the[ \t])|(?<=The[ \t])|(?<=\n)|^)(?:[A-Z][a-z]+,{_AFTER_CONN}){{1,2}}(?=[A-Z][a-z]+{_SP}(?:and|&){_SP})"
_NAME_PREFIX = rf"(?:(?:The{_SP})?(?:{_LEADING_SUBJECTS})?{_CAP}{_SP}(?:(?:of|for|and|&){_AFTER_CONN})?(?:(?!{_HEAD_THEN_AND}|{_POSSESSIVE_WORD}){_CAP}{_SP}(?:(?:of|for|and|&){_AFTER_CONN})?){{0,5}})?"
# "the Foundation scholarship" is the foundation's scholarship, no body; "the Foundation awards a grant" is the
# foundation: a lowercase event word ending in s and followed by an object's first word is a verb
_VERB_OBJECT = (r"(?:(?:a|an|the|its|their|his|her|this|these|those|some|new|further|more|up|each|every|both|all|several|many"
                r"|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundreds?|dozens?)\b|\d|[A-Z]{3}\b|[$€£¥]"
                rf"|(?i:{_EVENTS})\b)")
# "Instituto Nacional de Oceanografía", "Conselho Nacional de Desenvolvimento Científico e Tecnológico": a name in a
# Romance language puts the organization word first, then adjectives, then 'de' and what the body is for
# French keeps an adjective in lower case after the word ("Institut français du X"), and a name may go on with a
# further 'de' part ("Université des Sciences Sociales de X", "Faculté des Lettres de l'Université de X")
_ROMANCE_OF = (rf"(?:(?:de|del|do|da|dos|das|des|du|di|della|delle|dei|degli|dello|pour|für|zur|zum|zu|van|voor|per|para|för|i|dla){_AFTER_CONN}|d['’](?=[A-ZÀ-Þ]))"
               rf"(?:(?:la|le|les|los|las|het|den|de|l['’])(?:{_AFTER_CONN}|(?<=['’]))?)?")
_ROMANCE_TAIL = (rf"(?:{_SP}[A-Z][\w'’-]+){{0,2}}(?:{_SP}[a-zà-ÿ][\w'’-]+(?={_SP}(?:du|des|de|d['’]|für|pour)\b))?{_SP}{_ROMANCE_OF}{_CAPLIST}"
                 rf"(?:{_SP}(?:de|du|des|da|do|di|für|van|voor){_AFTER_CONN}(?:(?:la|l['’])(?:{_AFTER_CONN}|(?<=['’]))?)?{_CAP}(?:{_SP}{_CAP}){{0,2}}){{0,2}}")
# "the Agency on Monday": a day or month after 'on' is when, not what the body is for
_WHEN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|August|September|October|November|December)"
# "Office of the Minister of Trade": an office named after a role is named with the role's own 'of' part
_OF_ROLES_OWNER = (r"(?:(?:" + "|".join(rf"(?<=[ \t]{w})" for w in ("Minister", "Secretary", "President", "Governor", "Commissioner", "Ombudsman"))
                   + rf"){_SP}(?:of|for){_AFTER_CONN}(?:the{_AFTER_CONN})?{_CAPLIST})?")
# "Press Service of the Ministry of Foreign Affairs", "Directorate General for Cooperation of the Ministry of X": a unit
# named through its parent body keeps the parent's whole name, the parent's own 'of' part with it
_PARENT_HEAD = rf"(?:{_CAP}{_SP}){{0,3}}(?!Governments?\b)(?:{HEADS})(?![\w])"
_THROUGH_PARENT = rf"(?:{_SP}of{_AFTER_CONN}the{_AFTER_CONN}{_PARENT_HEAD}(?:{_SP}(?:of|for|on){_AFTER_CONN}(?:the{_AFTER_CONN})?(?!(?:Republic|Kingdom|Federation|State)\b){_CAPLIST})?)?"
# "Ministry of Trade and Industry in charge of Investment": the portfolio it is in charge of is part of its name
_IN_CHARGE_OF = rf"(?:{_SP}in{_SP}charge{_SP}of{_AFTER_CONN}(?:the{_AFTER_CONN})?{_CAPLIST})?"
# A name in a language that puts its organization word first goes on with the body's own name ("Universiteit Leiden",
# "Instituto Cervantes", "Uniwersytet Warszawski"), and a Romance organization word with its adjectives after it
# ("Centre Culturel Franco-Malien", "Centro Cultural Brasileño"): an adjective shaped as French, Spanish, Portuguese or
# Italian ones are, or one written with an accent
_FIRST_HEADS = sorted({w for w in _words("head_first")} | {w for w in _words("head") if w.endswith(("ät", "té", "ad", "ti", "tà"))})
_ROMANCE_ADJECTIVE = r"[A-Z](?:[\w-]*(?:el|elle|ien|ienne|ais|aise|ique|aire|ois|oise|eño|eña|ense|ês|ano|ana|ino|ina|ese|ico|ica|ivo|iva|eiro|eira)|[\w-]*[à-ÿ][\w-]*)(?![\w'’-])"
_NAME_AFTER_HEAD = (r"(?:" + "|".join(rf"(?<={re.escape(w)})" for w in _FIRST_HEADS) + rf"){_SP}[A-Z][\w'’-]+(?:{_SP}(?!{_WHEN}\b)[A-Z][\w'’-]+)?"
                    rf"|(?:{_SP}{_ROMANCE_ADJECTIVE}){{1,2}}")
GENERIC = (  # starts at a capital: searched for only there, in the pass shared with the reference's names
    rf"\b(?=[A-Z]){_NAME_PREFIX}(?:{HEADS})(?![\w])(?:-(?=[A-Z])[\w'’]+)?(?!\s+(?=[A-Z])(?i:{_EVENTS})\b)(?!\s+(?i:{_EVENTS})\b(?!(?<=s)[ \t]+{_VERB_OBJECT}))"
    rf"(?:{_SP}(?:of|for|on(?![ \t]+{_WHEN}\b)){_AFTER_CONN}(?:the{_AFTER_CONN}{_PARENT_HEAD}{_SP}(?:of|for){_AFTER_CONN}(?:the{_AFTER_CONN})?(?!(?:Republic|Kingdom|Federation|State)\b)|the{_AFTER_CONN})?{_CAPLIST}{_OF_ROLES_OWNER}{_THROUGH_PARENT}|{_ROMANCE_TAIL})?(?:{_NAME_AFTER_HEAD})?"
    rf"{_IN_CHARGE_OF}(?P<of_country>{_SP}of{_AFTER_CONN}(?:the{_AFTER_CONN})?(?:Republic{_SP}of{_AFTER_CONN})?[A-Z][a-z]+(?:{_SP}[A-Z][a-z]+)?)?"
)
INSTITUTION_KINDS = {r["acronym"]: r for r in _read_csv("institution_kinds.csv")}
INSTITUTION_RE = CapitalStart(rf"\b(?P<kind>{_alternation(list(INSTITUTION_KINDS))})[-\s]?(?P<city>[A-Z][a-z]{{2,}})\b", needs=tuple(INSTITUTION_KINDS))
# "(KSTU)", and in an agreement's preamble '(hereinafter "KSTU")' or '(hereinafter referred to as the "KSTU")'
ACRONYM_DEF_RE = re.compile(r"\(\s*(?:(?:here(?:in)?after(?:\s+(?:referred\s+to\s+as|called))?|referred\s+to\s+as)\s+(?:the\s+)?)?[\"“‘']?"
                            r"(?P<acr>(?:M/o\s+)?[A-Z][A-Za-z&/\-.]{0,11}[A-Za-z]|[A-Z]{2,5}[-\s][A-Z][a-z]+)[\"”’']?\s*\)")
REVERSE_DEF = r"\b(?P<acr>[A-Z][A-Za-z&/\-]{1,10}[A-Z][a-z]?)\s*\((?P<long>(?:[Tt]he\s+)?[A-Z][^()\n]{3,90}?)\)"
APPOSITIVE_RE = CapitalStart(
    # ("Kiwifund, the Dutch development finance agency,": 'the' and a description of the body, no 'of' or 'at' in it)
    rf"\b(?P<name>[A-Z][\w&-]{{1,{_WORD_MAX}}}+(?:\s+[A-Z][\w&-]{{1,{_WORD_MAX}}}+){{0,3}}),\s+(?:an?\s+(?:[\w-]+\s+){{0,5}}?|the\s+(?:(?!(?:of|at|for|in|to|with|and)\b)[\w-]+\s+){{0,4}}?)"
    r"(?:non-profit|not-for-profit|nonprofit|company|firm|start-?up|organi[sz]ation|institute|university|agency|"
    r"consortium|foundation|think[- ]tank|NGO|corporation|Special\s+Purpose\s+Vehicle)\b(?!['’-])",
    needs=re.compile(r",\s+(?:an?|the)\s"),
)
_ROLES = _alternation(_words("role"))
ROLE_PREFIX = re.compile(rf"^(?:[A-Z][\w-]+\s+)?(?:{_ROLES})s?\s*(?:,|of\s+(?:the\s+)?)\s*")
# "Binglin and Vice President Xue of Tsinghua University": a role inside a run names a person, then the body
ROLE_INSIDE = re.compile(rf"^.*\b(?:{_ROLES})\b.*?\s(?:of|at)\s+(?:the\s+)?(?=[A-Z])")
NOT_ORG_NAMES = re.compile(r"(?:Joint\s+)?Working\s+Group$")
LEADING_NOISE = re.compile(r"^(?:(?:The|the|A|An|In|Under|As|For|At|On|With|By|From|Both|This|These|Also|Since|Through|Among|During|And|Between|Its|Their|Our|Further|Another|Other|Many|Several|Under|Via|Hon'ble|Honb'le)\s+)*"
                           r"(?:(?:Students|Staff|Researchers|Scientists|Delegates|Graduates|Alumni|Teachers|Experts)\s+(?:of|from)\s+(?:the\s+)?)?")
# a country pair's own forum or alliance ("A-B Forum") is a relationship, not a body
_PAIR_HEADS = frozenset({"Forum", "Group", "Alliance", "Partnership", "Dialogue"})
NOT_ORG_ACRONYMS = {"MoU", "MOU", "MoUs", "MoC", "MOC", "MoCs", "IA", "LoI", "LOI", "MoA", "JWG", "PM", "CEO", "FY", "GDP", "R&D", "S&T", "STI", "ICT", "IT", "AI", "IoT", "IOT", "ML", "USD", "JPY", "INR", "EUR"}


@dataclass(frozen=True)
class OrgRef:
    name: str
    acronym: str | None
    country: str | None


@dataclass
class OrgMention:
    start: int
    end: int
    text: str
    name: str  # canonical
    acronym: str | None
    country: str | None
    source: str  # reference or text
    rule: str
    confidence: float


def _bilateral_sorted(key: str) -> str:
    """'japan india science council' and 'india japan science council' are one body: sort the pair."""
    countries = default_countries()
    spans = [(a, b, c) for a, b, c in countries.find(key.title())]

    for (a1, b1, c1), (a2, b2, c2) in zip(spans, spans[1:]):
        if key[b1:a2].strip() == "" and c1 != c2:
            pair = " ".join(sorted((c1.name.lower(), c2.name.lower())))
            return key[:a1] + pair + key[b2:]
    return key


def _countries_by_first_name(s: str) -> str:
    """A country written by another of its names ('Viet Nam', 'Türkiye', 'Czechia') is written by its first."""
    titled = s.title()
    renamed = [(a, b, c) for a, b, c in default_countries().find(titled) if titled[a:b] not in c.adjectives and titled[a:b].lower() != c.name.lower()]
    for a, b, c in reversed(renamed):
        s = s[:a] + c.name.lower() + s[b:]
    return s


@lru_cache(maxsize=16384)
def org_key(name: str) -> str:
    """The spelling-insensitive identity of a name: case, &/and, centre/center, organisation/organization, 'the'."""
    s = _countries_by_first_name(name.lower().replace("&", " and "))
    s = re.sub(r"\bcentre\b", "center", s)
    s = re.sub(r"\borganisation\b", "organization", s)
    s = re.sub(r"\bprogramme\b", "program", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    s = re.sub(r"^(?:the\s+)", "", s.strip())
    return _bilateral_sorted(re.sub(r"\s+", " ", s).strip())


class Reference:
    """Well-known bodies with their acronyms, aliases and countries (seeds/reference/organizations.csv)."""

    def __init__(self, rows: list[dict]):
        self.by_key: dict[str, OrgRef] = {}
        self.by_acronym: dict[str, OrgRef] = {}
        self.by_ref: dict[OrgRef, list[str]] = {}
        surface: list[str] = []
        for row in rows:
            ref = OrgRef(row["name"], row.get("acronym") or None, row.get("country") or None)
            for alias in [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]:
                self.by_key.setdefault(org_key(alias), ref)
                self.by_ref.setdefault(ref, []).append(alias)
                surface.append(alias)
            if ref.acronym:
                self.by_acronym[ref.acronym] = ref
        names = sorted({s for s in surface if len(s) > 2}, key=len, reverse=True)
        acronyms = sorted(set(self.by_acronym) - NOT_ORG_ACRONYMS, key=len, reverse=True)
        # a known name may wrap at a line end ("... for the\nPromotion of Science"): any whitespace between words
        # the rules' patterns that start at a capital, the reference's names among them, in one pass over a text
        self.at_capitals = CapitalStarts({
            "name": rf"(?<![\w-])(?=[A-Z])(?:{alternation(names)})(?![\w])",
            # "ECOWAS-led" is no body of its own name, but an "EU-funded project" names the EU as its funder
            "acronym": rf"(?<![\w])(?=[A-Z])(?:{alternation(acronyms)})(?![\w]|-(?!(?:funded|financed|backed|sponsored|supported)\b)[a-z])",
            "generic": GENERIC, "reverse_definition": REVERSE_DEF,
        })

    @classmethod
    def load(cls, path: Path = DEFAULT_REFERENCE) -> "Reference":
        with open(path, newline="", encoding="utf-8") as fh:
            return cls(list(csv.DictReader(fh)))

    def lookup(self, name: str) -> OrgRef | None:
        return self.by_key.get(org_key(name))

    def spellings(self, ref: OrgRef) -> list[str]:
        """The name and aliases of a body, longest first."""
        return sorted(self.by_ref.get(ref, [ref.name]), key=len, reverse=True)


@lru_cache(maxsize=1)
def default_reference() -> Reference:
    return Reference.load()


def _long_form_sh(short: str, long: str) -> str | None:
    """Schwartz & Hearst (2003): the shortest end of `long` whose letters spell the acronym in order."""
    s = [c.lower() for c in short if c.isalnum()]
    si, li = len(s) - 1, len(long) - 1
    while si >= 0:
        c = s[si]
        while li >= 0 and (long[li].lower() != c or (si == 0 and li > 0 and long[li - 1].isalnum())):
            li -= 1
        if li < 0:
            return None
        li -= 1
        si -= 1
    start = long.rfind(" ", 0, li + 1) + 1
    return long[start:]


def _cap_words(s: str) -> int:
    return len(re.findall(r"\b[A-Z]", s))


def _best_long_form(acr: str, tail: str) -> str | None:
    """The start of the capitalised run that spells the acronym: Schwartz & Hearst when its answer has
    enough words for the letters, else the start whose count of capitalised words is closest to them."""
    letters = [c for c in acr.replace("M/o ", "M") if c.isupper()]
    first = letters[0] if letters else acr[0]
    starts = [mm.start() for mm in re.finditer(rf"(?<![\w'’&.\-]){re.escape(first)}[\w'’&.\-]*", tail, re.IGNORECASE) if tail[mm.start()].isupper()]
    sh = _long_form_sh(acr, tail)
    if sh and sh[:1].isupper() and _cap_words(sh) * 2 >= len(letters):
        at = len(tail) - len(sh)
        earlier = [s for s in starts if s < at]
        # S&H picks the shortest form: extend over words before it that begin with the same letter
        while earlier and not re.search(r"[,]|\b(?:and|&)\b", tail[earlier[-1]:at]) and _cap_words(tail[earlier[-1]:at]) == 1:
            at = earlier.pop()
        shortest = _clean(tail[at:])
        if _is_org_name(shortest) or not starts:
            return shortest
        # "Instituto Nacional de Investigación Agraria (INIA)": letters found inside words ('Agraria' ends in
        # 'a') gave a shorter run than the words' initials do
        best = _clean(tail[min(starts, key=lambda s: (abs(_cap_words(tail[s:]) - len(letters)), -s)):])
        return best if _is_org_name(best) else shortest
    if starts:
        best = _clean(tail[min(starts, key=lambda s: (abs(_cap_words(tail[s:]) - len(letters)), -s)):])
        if _is_org_name(best):
            return best
    # letters in another order or language ("French Development Agency (AFD)", "... (BMBF)"):
    # the longest organization name that ends the run
    suffixes = [_clean(tail[mm.start():]) for mm in re.finditer(r"\b[A-Z]", tail)]
    fits = [x for x in suffixes if _is_org_name(x) and len(x.split()) <= 8 and " and the " not in x and not re.match(r"[\w-]+\s+(?:and|&)\s", x)]
    return max(fits, key=len) if fits else None


def _capitalised_tail(before: str) -> str:
    """The run of capitalised words (with of/for/and/&/the and commas) that ends `before`."""
    tokens = re.findall(r"[^\s,]+|,", before)
    out: list[str] = []
    for tok in reversed(tokens[-16:]):
        if tok == "," or re.fullmatch(_CONN, tok) or re.fullmatch(r"(?:d['’])?[A-ZÀ-ÖØ-Þ][\w'’&.\-]*", tok):
            out.append(tok)
            continue
        break
    while out and (out[-1] == "," or re.fullmatch(_CONN, out[-1])):
        out.pop()
    return " ".join(reversed(out)).replace(" ,", ",")


_REPRESENTATION = re.compile(r"(?:Embassy|High[ \t]+Commission|Consulate(?:[- ]General)?|Delegation|(?:Permanent[ \t]+)?Mission|Trade[ \t]+Office)[ \t]+of\b")
_NEXT_LINE = re.compile(r"[ \t]*\n[ \t]*(?P<line>[^\n]{3,60}?)[ \t]*(?:\n|$)")


def _country(name: str, text: str, end: int) -> str | None:
    """The country a body belongs to: 'X, <country>' / 'X of <country>' / 'X, <city>' after it, a country word in its
    name, or a place in its name; a name with two countries is a bilateral body and has none."""
    countries = default_countries()
    if rep := _REPRESENTATION.match(name):
        # "Embassy of A in B": the country it represents, not where it sits; a union's delegation has none
        represented = countries.find(name[rep.end():])
        between = name[rep.end():rep.end() + represented[0][0]] if represented else ""
        return represented[0][2].iso2 if represented and not _STATE_FORM.sub("", between.lstrip(), count=1).strip(" the") else None
    after = text[end:end + 40]
    if (line := _NEXT_LINE.match(text, end)) and (c := countries.lookup(_STATE_FORM.sub("", line.group("line")).strip())):
        return c.iso2  # a letterhead: the body's name, then its country on a line of its own
    if m := re.match(r"\s*(?:,|of|in|\()\s*(?:the\s+)?(?P<state>(?:People['’]s\s+)?Republic\s+of\s+)?([A-Z][\w.]+(?:\s+[A-Z][a-z]+)?)", after):
        # "... of the Republic of China" is Taiwan's formal name, not China's: the state form first
        state = [_WHITESPACE.sub(" ", m.group("state") + m.group(2).split()[0])] if m.group("state") else []
        for candidate in (*state, m.group(2), m.group(2).split()[0], m.group(2).split()[0].rstrip(".")):  # "... of <country>." ends a sentence
            if c := countries.lookup_place(candidate):
                return c.iso2
    found = countries.locate(name)
    named = {c for _, _, c, is_place in found if not is_place}
    if len(named) > 1:
        return None  # "Indo-German Science and Technology Centre": a bilateral body
    if found:
        return (next(iter(named)) if named else found[0][2]).iso2
    return None


@lru_cache(maxsize=16384)  # names repeat within and across documents
def _is_org_name(name: str) -> bool:
    return bool(_HEAD_RE.search(name)) and len(name.split()) >= 2 and not _names_a_gathering(name)


# an event is no body: "Annual Summit of the Research Council", "Nordic Forum on Ocean Research" (a forum on a topic);
# "World Economic Forum" and "Conference of University Rectors" (a conference of members) are bodies
_GATHERINGS = frozenset({"Meeting", "Dialogue", "Summit", "Fair", "Week", "Day", "Seminar", "Workshop", "Symposium", "Session",
                         "Lecture", "Expo", "Exhibition", "Festival", "Hackathon", "Roundtable", "Colloquium", "Conclave", "Olympiad"})
_GATHERING_ON = re.compile(r"\b(?:Forum|Conference|Congress)[ \t]+on\b")


def _names_a_gathering(name: str) -> bool:
    """The name's first organization or event word is a gathering's, or it is a forum or conference 'on' a topic."""
    if _GATHERING_ON.search(name):
        return True
    for word in re.findall(r"[A-Z][\w-]*", name):
        if word in HEAD_WORDS or word in EVENT_WORDS:
            return word in _GATHERINGS
    return False


@lru_cache(maxsize=16384)  # names repeat within and across documents
def _is_generic_description(name: str) -> bool:
    """'Steering Committee', 'Board of Directors', 'National University': organization and descriptor words
    only, nothing that names one body; and 'A-B Alliance' between two countries is a relationship."""
    if _VENUE.search(name):
        return True
    words = [w for w in re.split(r"[\s\-\"“”‘]+", name) if w and w[0].isupper()]  # 'Centre "Agroterra"': the quoted name counts
    if _names_a_pair_relationship(name):
        return True
    if all(w in HEAD_WORDS or w in DESCRIPTOR_WORDS or w.rstrip("s") in HEAD_WORDS for w in words):
        return True
    if words and words[-1] in _PAIR_HEADS:
        rest = name[: name.rfind(words[-1])]
        located = default_countries().locate(rest)
        if located and not re.sub(r"[\s\-&,]|and", "", _remove_spans(rest, located)):
            return True
    if words and words[-1] in LAW_WORDS:
        return True  # "the University of X Act": a law named after a body
    if words and words[-1] in ("Division", "City", "Prefecture") and default_countries().locate(name[: name.rfind(words[-1])].strip()):
        located = default_countries().locate(name[: name.rfind(words[-1])].strip())
        if located[0][0] == 0 and located[-1][1] == len(name[: name.rfind(words[-1])].strip()) and words[-1] in ("Division", "Prefecture"):
            return True  # "<district> Division", "<island> Prefecture": a region, not a body
    if any(w in PLURAL_HEADS for w in words) and not (" of " in name and default_countries().find(words[0])):
        return True  # "Joint Laboratories": several bodies; "<Country> Institutes of X" is one system of them
    return bool(words) and words[-1] in EVENT_WORDS


def _dash_joined(text: str, start: int) -> str:
    """The word a dash joins to the name that starts at `start` ('Bolivia–' before 'Paraguay Forum'), or ''."""
    m = re.search(r"(?<![\w-])[A-Z][\w.]*[-–—]\Z", text[max(0, start - 25):start])
    return m.group() if m else ""


def _names_a_pair_relationship(name: str) -> bool:
    """'A-B Energy Forum', 'A–B Partnership Forum': the two countries' forum on a topic, a relationship or an event."""
    words = name.split()
    return (bool(words) and words[-1] in _PAIR_HEADS
            and len(default_countries().find(re.sub(r"[-–—]", " - ", words[0]))) == 2)


# a place where people meet is no body: "International Conference Centre", "Convention Center", "Exhibition Hall"
_VENUE = re.compile(r"\b(?:Conference|Convention|Exhibition|Congress|Trade|Expo|Events?)[ \t]+(?:Centre|Center|Hall|Complex|Palace)$")


def _remove_spans(text: str, spans) -> str:
    out, at = [], 0
    for s, e, *_ in spans:
        out.append(text[at:s])
        at = e
    return "".join(out) + text[at:]


ABBREVIATIONS = {"Univ.": "University", "Inst.": "Institute", "Agri.": "Agricultural", "Natl.": "National",
                 "Intl.": "International", "Govt.": "Government", "Dept.": "Department", "Tech.": "Technology"}


_ABBREVIATION = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")(?!\w)")
# a full stop that ends an abbreviation stays on a name; any other is the sentence's
# ("Tasman Shipping B.V.", "Kauri Mining Sdn. Bhd.": a legal form's dotted letters are the name's own)
_ENDS_WITH_ABBREVIATION = re.compile(r"(?:\b(?:" + "|".join(re.escape(a[:-1]) for a in ABBREVIATIONS) + r"|Inc|Ltd|Co|Bhd)|(?<![\w.])(?:[A-Za-z]\.)+[A-Za-z])\.$")


def expand_abbreviations(name: str) -> str:
    """'Punjab Agri. Univ.' -> 'Punjab Agricultural University' for the canonical name."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group()], name)


_GOVERNMENT_OF_TAIL = re.compile(r",?\s+(?:Govt\.?|Government)\s+of\s+(?:the\s+)?(?P<where>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)$")
_COUNTRY_TAIL = re.compile(r",\s*(?P<where>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)$")
_AND_LEAD = re.compile(r"^(?P<where>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)\s+(?:and|&)\s+")


def _without_country(name: str, pattern: re.Pattern) -> str:
    """Cut a trailing 'Government of <country>' or ', <country>', or a leading '<country> and ', from a name."""
    m = pattern.search(name)
    if m and default_countries().lookup_place(m.group("where")):
        return name[: m.start()] + name[m.end():]
    return name


_AND_COUNTRY_TAIL = re.compile(r"\s+(?:and|&)\s+(?P<where>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)(?:['’]s)?$")
_POSSESSIVE_LEAD = re.compile(r"^(?P<where>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+")


_TRAILING_CONNECTIVES = re.compile(r"(?:\s+(?:of|for|and|&|the|on|in|to))+$")
_SPACED_HYPHEN = re.compile(r"\s+-\s*|\s*-\s+")
_WHITESPACE = re.compile(r"\s+")


_OFFICE_OF_A_ROLE = re.compile(rf"\W*(?:(?:The|the)\s+)?(?:Office|Cabinet|Bureau|Secretariat)\s+of\s+the\s+(?:{_ROLES})\s+(?:of|for)\s")


@lru_cache(maxsize=16384)  # names repeat within and across documents
def _clean(name: str) -> str:
    name = name.strip(" ,;:-") if _OFFICE_OF_A_ROLE.match(name) else ROLE_INSIDE.sub("", name.strip(" ,;:-"))
    name = _without_country(name, _POSSESSIVE_LEAD)
    name = LEADING_NOISE.sub("", ROLE_PREFIX.sub("", name))
    name = LEADING_NOISE.sub("", _without_country(name, _AND_LEAD))
    name = name.rstrip(" ,;:-")
    if name.endswith(".") and not _ENDS_WITH_ABBREVIATION.search(name):
        name = name.rstrip(".")
    name = _without_country(name, _GOVERNMENT_OF_TAIL)
    name = _without_country(name, _AND_COUNTRY_TAIL)  # "Ministry of A and <country>'s": the next body's owner
    name = _TRAILING_CONNECTIVES.sub("", name)
    name = _SPACED_HYPHEN.sub("-", name)  # "A -B Association" as the text's own hyphenated name
    return _WHITESPACE.sub(" ", name).strip(" ,;:-")


def _from_reference(ref: OrgRef, start: int, end: int, text: str, rule: str, conf: float, acronym: str | None = None,
                    country: str | None = None) -> OrgMention:
    if names_a_kind_of_body(ref.name) and not (rule == "reference:acronym" or acronym == ref.acronym):
        # every country has a 'Ministry of Education': its name alone gives neither its country nor an acronym
        country = country or _possessed_by_country(text, start) or _country(ref.name, text, end)
        return OrgMention(start, end, text[start:end], ref.name, acronym, country, "reference", rule, conf)
    return OrgMention(start, end, text[start:end], ref.name, acronym or ref.acronym, ref.country, "reference", rule, conf)


_KIND_OF_BODY = re.compile(r"(?:Ministry|Department|Office)[ \t]+(?:of|for)[ \t]")


@lru_cache(maxsize=4096)
def names_a_kind_of_body(name: str) -> bool:
    """'Ministry of Foreign Affairs', 'Department of Space': a name many governments give one of their bodies."""
    return bool(_KIND_OF_BODY.match(name)) and not default_countries().locate(name)


_HEAD_OF_BEFORE = re.compile(rf"(?:{_CAP}[ \t]+){{0,4}}(?:{HEADS})[ \t]+(?:of|for)[ \t]+(?:the[ \t]+)?$")


def _long_form_start(acr: str, before: str, tail: str, reference: Reference) -> int | None:
    """Where the long form of `acr` starts in `before`: a known body's full name when `before` ends with it,
    else the letters' run, widened over 'X Institute of' when the run itself names no organization."""
    ref = reference.by_acronym.get(acr)
    if ref is not None:
        for alias in reference.spellings(ref):
            m = _spaced_name(alias).search(before, max(0, len(before) - len(alias) - 20))
            if m and not before[m.end():].strip(" ,"):
                return m.start()
    long = _best_long_form(acr, tail)
    if not long or before.rfind(long) < 0:
        return None
    at = before.rfind(long)
    if not _HEAD_RE.search(long) and (head := _HEAD_OF_BEFORE.search(before[:at])):
        at = head.start() + len(LEADING_NOISE.match(before[head.start():at]).group() if LEADING_NOISE.match(before[head.start():at]) else "")
    window = max(0, at - 40)
    found = default_countries().find(before[window:at])
    if found and not before[window + found[-1][1]:at].strip():
        at = window + found[-1][0]  # "<adjective> Institute of X (IIX)": a national body's name starts with its country
    return at


# a line that ends on a connective goes on in the next line: a name's line end, not its end
_ENDS_ON_A_CONNECTIVE = re.compile(rf"(?:(?<![\w-]){_CONN}|(?<=[A-Za-z]),)[ \t]*\n\Z")


@rule("definition:long_form_acronym", stage="organizations", cases=[
    Case("The Korea Institute of Energy Research (KIER) joined the call.", "Korea Institute of Energy Research (KIER)"),
    Case("A grant from the National Institute of Advanced Industrial Science and Technology (AIST) followed.",
         "National Institute of Advanced Industrial Science and Technology (AIST)"),
    Case("The return on investment (ROI) was high.", None),
    Case("Artificial Intelligence (AI) is a priority.", None),
    Case("Staff of Research Chile (RC) visited.", "Research Chile (RC)"),
    Case("It is part of the Make in Ghana (MIG) scheme.", None),
])
def long_form_then_acronym(text: str, reference: Reference) -> list[OrgMention]:
    """A capitalised organization name followed by its acronym in brackets defines both."""
    out = []
    for m in ACRONYM_DEF_RE.finditer(text):
        acr = m.group("acr")
        if sum(c.isupper() for c in acr) < 2 or acr in NOT_ORG_ACRONYMS:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        if _ENDS_ON_A_CONNECTIVE.search(text, max(0, line_start - 12), line_start):
            line_start = text.rfind("\n", 0, line_start - 1) + 1  # "Fund for the Support of\nAgriculture (FSA)": one name
        line_start = max(line_start, m.start() - 160)
        before = text[line_start:m.start()].replace("\r", " ").replace("\n", " ").rstrip()  # a wrapped line end is a space
        tail = _capitalised_tail(before)
        at = _long_form_start(acr, before, tail, reference) if tail else None
        if at is None or not _clean(before[at:])[:1].lower() == acr[0].lower():
            at = _long_form_with_lower_case_words(acr, before, at)
        if at is None:
            continue
        long, long_start = _clean(before[at:]), line_start + at
        ref = reference.lookup(long) or _known_body_spelt_out(reference.by_acronym.get(acr), long)
        if ref is not None:
            out.append(_from_reference(ref, long_start, m.end(), text, "definition:long_form_acronym", 0.95, acronym=acr))
        elif (_is_org_name(long) or _initials_name_a_national_body(long, acr)) and not _names_a_pair_relationship(_dash_joined(text, long_start) + long):
            out.append(OrgMention(long_start, m.end(), text[long_start:m.end()], long, acr, _country(long, text, m.end()), "text", "definition:long_form_acronym", 0.9))
    return out


_LOWER_CASE_CONTENT_WORD = re.compile(r"(?<![\w'’-])(?!(?:of|for|and|the|on|in|to|at|by|with)\b)[a-zà-ÿ][\w'’-]*|(?<=['’])[A-ZÀ-Þ]")
_LONG_FORM_TOKEN = re.compile(r"[^\s,;:()\"“”]+")


def _long_form_with_lower_case_words(acr: str, before: str, at: int | None) -> int | None:
    """'Institut national de la santé animale (INSA)', 'Bundesanstalt für Gewässerkunde (BfG)': a name in a language
    that writes its inner words in lower case is the shortest run of the sentence's last words whose word starts
    spell the acronym in order (Schwartz & Hearst over all words), when it begins with a capital and names a body;
    else `at`, the capitalised run's start."""
    clause = max(before.rfind(". "), *(before.rfind(c) for c in ";:()")) + 1
    tokens = list(_LONG_FORM_TOKEN.finditer(before, clause))[-12:]
    if not tokens:
        return at
    window = before[tokens[0].start():]
    long = _long_form_sh(acr, window)
    if (not long or not long[0].isupper() or not _is_org_name(_clean(long)) or len(long.split()) > 12
            or not _LOWER_CASE_CONTENT_WORD.search(long)):
        return at  # an English name in capitals: the capitalised run's reading stands
    start = len(before) - len(window) + window.rfind(long)
    return start if at is None or start < at else at


def _known_body_spelt_out(ref: OrgRef | None, long: str) -> OrgRef | None:
    """The known body with the acronym, when the text's long form is that body's name in other words: most of its
    content words are the text's. An acronym the text defines for another name belongs to that name ('INSA' defined
    as a French institute is not the Indian academy of the same letters)."""
    if ref is None:
        return None
    said = set(org_key(long).split()) - _SMALL_WORDS
    for spelling in [ref.name, *default_reference().spellings(ref)]:
        words = set(org_key(spelling).split()) - _SMALL_WORDS
        if words and len(words & said) * 2 >= len(words):
            return ref
    return None


_SMALL_WORDS = frozenset({"of", "for", "and", "the", "in", "on", "de", "la", "des", "du", "da", "do"})


def _initials_name_a_national_body(long: str, acr: str) -> bool:
    """'Business Ruritania (BR)', 'Research Chile (RC)': capitalised words and a country's name, spelt out
    letter by letter by the acronym, name an agency that carries no organization word. A country's name inside
    ('Make in India', 'Digital Ruritania Programme') is a programme's: only one that ends the name counts."""
    words = long.split()
    found = default_countries().find(long)
    return (2 <= len(words) <= 5 and all(w[0].isupper() for w in words) and bool(found) and found[-1][1] == len(long)
            and "".join(w[0] for w in words).upper() == acr.replace("-", "").upper() and not any(w in EVENT_WORDS for w in words))


@rule("definition:acronym_long_form", stage="organizations", cases=[
    Case("KIER (Korea Institute of Energy Research) joined the call.", "KIER (Korea Institute of Energy Research)"),
    Case("The IJDP (Ruritania-Freedonia Digital Partnership) was launched.", None),
])
def acronym_then_long_form(text: str, reference: Reference) -> list[OrgMention]:
    """An acronym followed by a capitalised organization name in brackets defines both."""
    out = []
    for m in reference.at_capitals.finditer(text, "reverse_definition"):
        acr, long = m.group("acr"), _clean(_without_country(m.group("long"), _COUNTRY_TAIL))
        if acr in NOT_ORG_ACRONYMS and not _is_org_name(long):
            continue
        ref = reference.lookup(long) or reference.by_acronym.get(acr)
        if ref is not None:
            out.append(_from_reference(ref, m.start(), m.end(), text, "definition:acronym_long_form", 0.9, acronym=acr))
        elif _is_org_name(long):
            out.append(OrgMention(m.start(), m.end(), text[m.start():m.end()], long, acr, _country(long, text, m.end()), "text", "definition:acronym_long_form", 0.85))
    return out


_NAME_WORD = r"(?:[A-Z][\w'’&-]*|(?:of|for|and|&|to|the|on|in)(?=[ \t]+[A-Z]))"
_ACRONYM_APPOSITIVE = CapitalStart(rf"\b(?P<acr>[A-Z][A-Za-z&-]{{1,14}}[A-Z]),[ \t]+the[ \t]+(?P<long>[A-Z][\w'’&-]*(?:[ \t]+{_NAME_WORD}){{1,16}})", needs=re.compile(r",[ \t]+the[ \t]"))


@rule("definition:acronym_appositive", stage="organizations", cases=[
    Case("Funding for KPRC, the Kelp and Plankton Research Centre to Restore Coasts, was renewed.",
         "KPRC, the Kelp and Plankton Research Centre to Restore Coasts"),
    Case("Funding for KPRC, the largest centre, was renewed.", None),
])
def acronym_then_appositive_name(text: str, reference: Reference) -> list[OrgMention]:
    """An acronym followed by ', the <organization name>' whose first letter it shares defines both."""
    out = []
    for m in _ACRONYM_APPOSITIVE.finditer(text):
        acr, long = m.group("acr"), _clean(m.group("long"))
        if acr in NOT_ORG_ACRONYMS or not _is_org_name(long) or long[0] != acr[0] or reference.by_acronym.get(acr):
            continue
        end = m.start("long") + _span_in(long, m.group("long"), 0)[1]
        out.append(OrgMention(m.start(), end, text[m.start():end], long, acr, _country(long, text, end), "text", "definition:acronym_appositive", 0.85))
    return out


@rule("institution_pattern", stage="organizations", cases=[
    Case("Students from IIT-Bombay visited the campus.", "IIT-Bombay"),
    Case("IIT students visited the campus.", None),
])
def institution_and_city(text: str, reference: Reference) -> list[OrgMention]:
    """A kind of institution known by its acronym (seeds/reference/institution_kinds.csv) followed by its city names one campus."""
    out = []
    for m in INSTITUTION_RE.finditer(text):
        kind, city = m.group("kind"), m.group("city")
        name = f"{INSTITUTION_KINDS[kind]['name']} {city}"
        ref = reference.lookup(name)
        if ref is not None:
            out.append(_from_reference(ref, m.start(), m.end(), text, "institution_pattern", 0.9))
        else:
            out.append(OrgMention(m.start(), m.end(), m.group(), name, f"{kind} {city}", INSTITUTION_KINDS[kind]["country"] or None, "text", "institution_pattern", 0.9))
    return out


_POSSESSIVE_COUNTRY = re.compile(r"(?P<where>[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+$")


def _possessed_by_country(text: str, start: int) -> str | None:
    """'Ruritania's Ministry of Trade': the country whose body the name is."""
    m = _POSSESSIVE_COUNTRY.search(text, max(0, start - 40), start)
    c = default_countries().lookup(m.group("where")) if m else None
    return c.iso2 if c else None


def _adjective_prefixed(name: str, reference: Reference) -> tuple[OrgRef | None, str, str | None]:
    """'Ruritanian Ministry of Culture': the body is the ministry, its country the adjective's."""
    found = default_countries().find(name)
    if found and found[0][0] == 0 and len(found) == 1:
        rest = name[found[0][1]:].strip()
        ref = reference.lookup(rest)
        if ref is not None and ref.country in (None, found[0][2].iso2):
            return ref, rest, found[0][2].iso2
        if re.match(r"(?:Ministry|Department)\b", rest):
            return None, rest, found[0][2].iso2
    return None, name, None


@rule("name:organization_word", stage="organizations", cases=[
    Case("Delegates of the Ruritania Polar Institute arrived.", "Ruritania Polar Institute"),
    Case("The Ministry of Fisheries, Ports and Coasts issued a note.", "Ministry of Fisheries, Ports and Coasts"),
    Case("The Steering Committee met twice.", None),
    Case("They agreed to set up an International Research Laboratory.", None),
    Case("The Hollin Foundation awards two fellowships a year.", "Hollin Foundation"),
    Case("The Hollin Foundation fellowship pays for a year abroad.", None),
    Case("Brackwater University and Fenmoor University share a library.", "Brackwater University"),
    Case("The Trust and Safety Council met.", "Trust and Safety Council"),
])
def capitalised_name_with_organization_word(text: str, reference: Reference) -> list[OrgMention]:
    """A run of capitalised words that contains an organization word (seeds/reference/organization_words.csv) names a body."""
    out = []
    for m in _owners_and_units(reference.at_capitals.finditer(text, "generic"), text):
        raw, start0 = m.group(), m.start()
        if m.group("of_country"):
            tail = re.sub(r"^\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?", "", m.group("of_country"))
            # "of <country>" or "of <city>" ("University of Medical Sciences of Santiago") ends the name
            if default_countries().lookup_place(tail) is None and default_countries().lookup_place(tail.split()[0]) is None:
                raw = raw[: m.start("of_country") - m.start()]
            elif default_countries().lookup_place(tail) is None:
                raw = raw[: m.end("of_country") - m.start() - len(tail) + len(tail.split()[0])]
        if _JOINING_DASH.search(text, max(0, start0 - 3), start0) and (  # the dash first: it ends the 25 characters, or nearly
                joined := re.search(r"(?<![\w-])(?:[A-Z][\w.]*(?:\s-|-\s?|[–—])|[a-z]-)$", text[max(0, start0 - 25):start0])):
            start0 -= len(joined.group())  # "A -B Association": the text's own hyphenated name
            raw = text[start0:m.start()] + raw
        if _IN_A_PLACE_BEFORE.search(text, max(0, start0 - 8), start0) and (lead := _PLACE_AND.match(raw)):
            start0, raw = start0 + lead.end(), raw[lead.end():]  # "University of A in B and C University": B is the first's seat
        if "\n" in raw and _COLUMN_GAP.search(text, text.rfind("\n", 0, start0) + 1, text.find("\n", start0)):
            continue  # a name wrapped inside one column of a signature block goes on in that column: column_wrapped_names
        name = _cut_after_country(_clean(raw))
        if seat := _seat(text, start0 + len(raw), name):
            raw += seat
            name = _clean(raw)
        elif ((place := _DASHED_PLACE.match(text, start0 + len(raw))) and _unknown_proper_name(place.group("place"))
              and (_is_generic_description(name) or not (" of " in name or default_countries().locate(name)))):
            raw += place.group()  # "Technical University – Brno": a generic name made one body's by its city after a dash
            name = _WHITESPACE.sub(" ", raw.strip())
            name = LEADING_NOISE.sub("", name)
        elif ((second := _SECOND_NAME.match(text, start0 + len(raw))) and _is_org_name(_clean(second.group("second"))) and not _is_generic_description(name)
              and not _HEAD_RE.match(second.group("second"))):  # "(Department of X)" is a unit of it, no second name
            # "Institute of Mining (School of Mines), Dhanbad": a body's second name in brackets, then its campus city
            raw += second.group() if second.group("campus") and _a_place_name(second.group("campus")) else second.group()[: second.end("bracket") - second.start()]
            name = _clean(raw)
        elif quoted := _QUOTED_NAME.match(text, start0 + len(raw)):
            raw += quoted.group()  # 'the Research Centre "Agrotech"': a title, then the body's own name in quotes
            name = LEADING_NOISE.sub("", _WHITESPACE.sub(" ", raw).strip())
        two = _TWO_BODIES.fullmatch(name)
        for name in (two.group("left"), two.group("right")) if two and not reference.lookup(name) else (name,):
            if not _is_org_name(name) or NOT_ORG_NAMES.search(name) or _is_generic_description(name) or _written_as_common_noun(name, text):
                continue
            if (name.lower().startswith(("government of", "governments")) or re.fullmatch(r"(?:\S+\s+){1,2}Governments?", name)) and not reference.lookup(name):
                continue  # the government rules name those
            if _is_country_name(name):
                continue  # "the Russian Federation": a country's own name (a state, not a body; its government is one)
            if _HEAD_ALONE.fullmatch(name) and len(name.split()) < 3:
                continue
            if _HELD_AFTER.match(text, start0 + len(raw)) or ((law := _LAW_FOLLOWS.match(text, end := _span_in(name, raw, start0)[1]))
                                                              and law.group("word") in LAW_WORDS):
                continue  # "the Andean Water Forum held in Quito": a body is not held, an event is; "the X Council Act" is a law
            start, end = _span_in(name, raw, start0)
            if re.search(r"\b(?:an?|another|any|each|every|such)\s+$", text[max(0, start - 10):start], re.IGNORECASE):
                continue  # "set up an International Research Laboratory": a description, not a named body
            out.append(_name_mention(name, start, end, text, reference, "name:organization_word"))
    for owner, unit in zip(out, out[1:]):  # "the University of A's Faculty of Law": the unit is in its owner's country
        if unit.country is None and _OWNED.fullmatch(text, owner.end, unit.start):
            unit.country = owner.country
    return out


def _is_country_name(name: str) -> bool:
    """Whether a name is, whole, a country's name or state form ('Russian Federation', 'the United Republic of Tanzania')."""
    found = default_countries().find(name)
    return len(found) == 1 and found[0][1] == len(name) and name[:found[0][0]].strip().lower() in ("", "the")


# "Ministry of Science and Research Council of Peru": a whole name without 'and' (an organization word, 'of', a
# subject), then 'and', then another whole name (words and its own organization word) are two bodies;
# "Ministry of Science and Technology" and "Trust and Safety Council" stay one
_TWO_BODIES = re.compile(
    rf"(?P<left>(?:{HEADS})[ ](?:of|for)[ ](?:the[ ])?(?!(?:{HEADS})\b)[A-Z][\w'’-]*(?:[ ](?!(?:{HEADS})\b)[A-Z][\w'’-]*){{0,2}})"
    rf"[ ](?:and|&)[ ](?P<right>(?:[A-Z][\w'’-]*[ ]){{1,4}}(?:{HEADS})(?:[ ](?:of|for)[ ].+)?)")


_CAPITALS_LAB = CapitalStart(r"(?<![\w-])(?P<name>[A-Z]{2,12}-?(?:LABS?|LABORATORY|CENTRE|CENTER|INSTITUTE|HUB))(?![\w-])",
                             needs=("LAB", "CENTRE", "CENTER", "INSTITUTE", "HUB"))


@rule("name:capitals_lab", stage="organizations", cases=[
    Case("The two institutes run the joint OCEANLAB for coral studies.", "OCEANLAB"),
    Case("Samples went to the GEO-CENTRE in Accra.", "GEO-CENTRE"),
    Case("THE LAB OPENS IN MAY", None),
])
def lab_named_in_capitals(text: str, reference: Reference) -> list[OrgMention]:
    """One word in capitals made of a short name and LAB, CENTRE or INSTITUTE names a laboratory or centre."""
    out = []
    for m in _CAPITALS_LAB.finditer(text):
        if m.group("name") not in NOT_ORG_ACRONYMS:
            out.append(OrgMention(m.start(), m.end(), m.group(), m.group(), None, _country(m.group(), text, m.end()), "text", "name:capitals_lab", 0.7))
    return out


_GENERIC_RE = re.compile(GENERIC)
_JOINING_DASH = re.compile(r"[-–—]")  # "Ghana–Korea Training Institute": an en dash joins a name's words as a hyphen does
# "Kenyatta University's School of Law": the owner's possessive ends its name and the unit's name begins after it
# ("Riverside Children's Hospital": a possessive of people inside one name is no owner)
_OWNER_POSSESSIVE = re.compile(rf"(?<![\w-])(?!(?:{_alternation(_words('possessive_in_name'))})['’]s\b)(?:[\w.&-]+(?P<apostrophe>['’])s|[\w.&-]*s(?P<plain>['’]))[ \t]+(?=[A-Z])")


_HELD_AFTER = re.compile(r",?[ \t]+(?:(?:which|that)[ \t]+)?(?:(?:was|is|will[ \t]+be|to[ \t]+be|being|are|were|has[ \t]+been)[ \t]+)?"
                         r"(?:held|convened|taking[ \t]+place|took[ \t]+place|takes[ \t]+place)\b(?![ \t]+(?:talks|a|an|the|its|their|meetings?|discussions?)\b)")
_SECOND_NAME = re.compile(r"[ \t]*\((?P<second>[A-Z][\w'’&.-]*(?:[ \t]+(?:[A-Z][\w'’&.-]*|of|for|and|the|de|&)){1,8})(?P<bracket>\))(?:,[ \t]+(?P<campus>[A-Z][\w'’-]+)(?![\w'’-]|[ \t]+[A-Z]))?")
_QUOTED_NAME = re.compile(r"[ \t]+[\"“‘'](?P<name>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,4})[\"”’']")
_DASHED_PLACE = re.compile(rf"[ \t]+[–—][ \t]+(?!{_WHEN}\b)(?P<place>[A-Z][\w'’-]+)(?![\w'’-]|[ \t]+[A-Z])")
_OWNED = re.compile(r"(?:['’]s|(?<=s)['’])[ \t]+")


def _owners_and_units(matches, text: str):
    """Each name match, split at an owner's possessive into the owner's name and the unit's whole name
    ('the University of Lima's Faculty of Law' is the University of Lima and its Faculty of Law)."""
    for m in matches:
        name = m.group()
        # a substring test first: few names hold a possessive, and the pattern is tried at each of their positions
        possessive = _OWNER_POSSESSIVE.search(name) if "'s" in name or "’s" in name or "s' " in name or "s’ " in name else None
        unit = _GENERIC_RE.match(text, m.start() + possessive.end()) if possessive else None
        if unit is None:
            yield m
            continue
        owner = _GENERIC_RE.match(text[: m.start() + possessive.start("apostrophe" if possessive.group("apostrophe") else "plain")], m.start())
        if owner is not None:
            yield owner
        yield unit


_COLUMN_GAP = re.compile(r"\S[ \t]{3,}(?=\S)")
_CELL = re.compile(r"\S+(?:[ \t]{1,2}\S+)*")


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The cells of one line of a column layout: runs of words parted by three or more spaces."""
    return [(m.start(), m.end()) for m in _CELL.finditer(text, start, end)]


@rule("name:column_wrapped", stage="organizations", cases=[
    Case("For the Ministry of Trade and         For the Andean Space\nIndustry of Peru                        Agency of Bolivia\n", "Ministry of Trade and"),
    Case("For the Coastal Institute of        For the Polar Research\nFisheries of Ghana                     Council of Norway\n", "Polar Research"),
    Case("For the Ministry of Mines of Zambia        For the Geological Institute of Finland\nMinister                     Director\n", None),
])
def column_wrapped_names(text: str, reference: Reference) -> list[OrgMention]:
    """In a signature block of two columns, a name wrapped to the next line goes on in the same column of that line."""
    out: list[OrgMention] = []
    if "   " not in text:
        return out
    line_start, lines = 0, []
    for line in text.split("\n"):
        lines.append((line_start, line_start + len(line)))
        line_start += len(line) + 1
    for (a1, b1), (a2, b2) in zip(lines, lines[1:]):
        if not (_COLUMN_GAP.search(text, a1, b1) or _COLUMN_GAP.search(text, a2, b2)):
            continue
        below = _cells(text, a2, b2)
        for c1, e1 in _cells(text, a1, b1):
            if not below:
                break
            s2, e2 = min(below, key=lambda c: abs((c[0] - a2) - (c1 - a1)))  # the cell below: the nearest column
            if abs((s2 - a2) - (c1 - a1)) > 8:
                continue
            joined = f"{text[c1:e1]} {text[s2:e2]}"
            for o in capitalised_name_with_organization_word(joined, reference):
                if o.start < e1 - c1 < o.end:  # only names that go on below; each line's own names are found in the text
                    # two mentions of one body, a piece in each line: the other column's words lie between them
                    for start, end in ((c1 + o.start, e1), (s2, s2 + o.end - (e1 - c1) - 1)):
                        out.append(OrgMention(start, end, text[start:end], o.name, o.acronym, o.country, o.source, "name:column_wrapped", o.confidence))
    return out


def _written_as_common_noun(name: str, text: str) -> bool:
    """'(Engineering Service)' where the text also writes 'engineering services': a short title-case phrase of
    common words that the same text writes in lower case is a description, not a body's name."""
    words = name.split()
    return (len(words) <= 3 and all(w[1:].islower() and w.isalpha() for w in words) and not default_countries().find(name)
            and _starts_a_word_somewhere(name.lower(), text))


_WORD_CHAR_OR_HYPHEN = re.compile(r"[\w-]")


def _starts_a_word_somewhere(phrase: str, text: str) -> bool:
    """`phrase` occurs in `text` not right after a letter, digit or hyphen. A text's first few phrases are searched
    for with str.find (C speed; a report asks two or three); after those, in an index of the text's words made once:
    a search of the whole text per candidate name made long documents quadratic."""
    first = _LETTERS.match(phrase)
    if first is None:
        return _found_where_a_word_starts(phrase, text)
    searches = _searches(text)
    if searches[0] < _SEARCHES_BEFORE_INDEX:
        searches[0] += 1
        return _found_where_a_word_starts(phrase, text)
    starts, words = _word_index(text)
    if first.end() < len(phrase):  # 'polar institute': where the word 'polar' starts, does the phrase follow?
        return any(text.startswith(phrase, at) for at in starts.get(first.group(), ()))
    i = bisect.bisect_left(words, phrase)  # 'oslo': a word that begins with it
    return i < len(words) and words[i].startswith(phrase)


_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_START_LETTERS = re.compile(r"(?<![\w-])[^\W\d_]+")


_SEARCHES_BEFORE_INDEX = 8  # whole-text searches of one text, at most: linear in its length, and cheaper than an index


@lru_cache(maxsize=4)  # one text at a time; its hash is kept by the str, so a lookup costs nothing after the first
def _searches(text: str) -> list[int]:
    """How many phrases were searched for in the text with str.find: a one-item list, counted up by the caller."""
    return [0]


@lru_cache(maxsize=4)  # one text at a time; its hash is kept by the str, so a lookup costs nothing after the first
def _word_index(text: str) -> tuple[dict[str, list[int]], list[str]]:
    """Where each run of letters that starts a word begins, and those runs sorted (for a prefix lookup)."""
    starts: dict[str, list[int]] = {}
    for m in _WORD_START_LETTERS.finditer(text):
        starts.setdefault(m.group(), []).append(m.start())
    return starts, sorted(starts)


def _found_where_a_word_starts(phrase: str, text: str) -> bool:
    at = text.find(phrase)
    while at >= 0:
        if at == 0 or not _WORD_CHAR_OR_HYPHEN.match(text, at - 1):
            return True
        at = text.find(phrase, at + 1)
    return False


_IN_A_PLACE_BEFORE = re.compile(r"\b(?:in|at)[ \t]+\Z")
_PLACE_AND = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?[ \t]+(?:and|&)[ \t]+(?=[A-Z])")
_HEAD_ALONE = re.compile(rf"(?:{HEADS})(?:\s+(?:of|for)\s+.*)?")


@lru_cache(maxsize=16384)  # names repeat within and across documents
def _cut_after_country(name: str) -> str:
    """'Consulate General of Ruritania, and Jo Smith': a name that reached 'of <country>' ends there."""
    for s, e, c, is_place in default_countries().locate(name):
        if re.search(r"\bof\s+(?:the\s+)?$", name[:s]) and re.match(r",|\s+(?:and|&)\s", name[e:]):
            return name[:e]
    return name


_SEATED_HEAD = re.compile(r"\b(?:Embassy|High\s+Commission|Consulate|Consulate[- ]General|Delegation|Permanent\s+Mission)\b")
_SEAT_WORD = r"[A-Z](?:[\w'’-]|\.(?=\w))*"
_SEAT = re.compile(rf"(?:[ \t]+|[ \t]*\n[ \t]*)(?:in|to)[ \t]+(?P<where>{_SEAT_WORD}(?:[ \t]+{_SEAT_WORD})?(?:[ \t]+and[ \t]+{_SEAT_WORD}(?:[ \t]+{_SEAT_WORD})?)?)")


_ONE_SEAT = re.compile(rf"(?:[ \t]+|[ \t]*\n[ \t]*)(?:in|to)[ \t]+(?P<where>{_SEAT_WORD}(?:[ \t]+{_SEAT_WORD})?)(?![ \t]+{_SEAT_WORD})")


# "Permanent Mission of A to the United Nations in Geneva", "Embassy of A to the Kingdom of B": a post accredited
# to a state under its formal name, or to a body, then perhaps the city it sits in
_ACCREDITED_TO = re.compile(rf"[ \t]+to[ \t]+(?:the[ \t]+)?(?P<where>{_SEAT_WORD}(?:[ \t]+(?:of[ \t]+(?:the[ \t]+)?)?{_SEAT_WORD}){{0,5}}?)"
                            rf"(?:[ \t]+in[ \t]+(?P<city>{_SEAT_WORD}(?![\w'’.-])))?(?![ \t]+(?:of[ \t]+)?{_SEAT_WORD})")


# "Embassy of the Republic of China (Taiwan)": the country's common name in brackets after its formal one
_BRACKETED_COUNTRY = re.compile(r"[ \t]*\((?P<country>[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2})\)")
# "... in the Republic of B": the seat's country under its formal name
_STATE_SEAT = re.compile(rf"(?:[ \t]+|[ \t]*\n[ \t]*)in[ \t]+the[ \t]+(?:[A-Z][\w'’-]*[ \t]+){{0,2}}(?:Republic|Kingdom|Federation|Sultanate|State|Principality|Commonwealth)"
                         rf"[ \t]+of[ \t]+(?:the[ \t]+)?(?P<where>{_SEAT_WORD}(?:[ \t]+{_SEAT_WORD})?)")


def _seat(text: str, end: int, name: str) -> str | None:
    """A post is named by where it sits: 'Consulate General of A in <city>', with the bracketed common name of
    a country it names formally ('Embassy of the Republic of China (Taiwan) in ...'). Any capitalised place
    after 'in' is a seat, one the reference lists or not, unless it is a day, a month or an organization word."""
    if not (_SEATED_HEAD.search(name) and text.endswith(name.split()[-1], 0, end)):
        return None
    lead = ""
    if (bracket := _BRACKETED_COUNTRY.match(text, end)) and default_countries().lookup(bracket.group("country")):
        lead, end = bracket.group(), bracket.end()
    if (to := _ACCREDITED_TO.match(text, end)) and (
            default_countries().lookup(_STATE_FORM.sub("", to.group("where"))) or default_reference().lookup(to.group("where"))):
        return lead + to.group()
    if (state := _STATE_SEAT.match(text, end)) and default_countries().lookup(state.group("where")):
        return lead + state.group()
    for seat in (_SEAT, _ONE_SEAT):  # "in A and B" both seats, else "in A" ("... in A and C University")
        m = seat.match(text, end)
        located = default_countries().locate(m.group("where")) if m else []
        if located and not re.sub(r"[\s,]|and", "", _remove_spans(m.group("where"), located)):
            return lead + m.group()
    if (m := _ONE_SEAT.match(text, end)) and _a_place_name(m.group("where")) and not _WITH_AFTER.match(text, m.end()):
        return lead + m.group()
    return lead or None


_WITH_AFTER = re.compile(r"[ \t]+with\b")  # "in Cooperation with": a manner, not a place


def _a_place_name(words: str) -> bool:
    """Capitalised words that may name a place the reference does not list: no day or month, no organization,
    descriptor or event word, no country adjective ('in Peruvian ...')."""
    return (not re.match(_WHEN, words) and _unknown_proper_name(words)
            and not any(w in c.adjectives for _, _, c in default_countries().find(words) for w in words.split()))


def _name_mention(name: str, start: int, end: int, text: str, reference: Reference, rule_name: str) -> OrgMention:
    """A mention of a name found in running text: a known body, or one the text defines with its country."""
    ref, bare, adjective_country = _adjective_prefixed(name, reference)
    ref = ref or reference.lookup(name)
    if ref is not None:
        return _from_reference(ref, start, end, text, rule_name, 0.9, country=adjective_country)
    full = expand_abbreviations(bare)
    unit = _UNIT_OF.match(text, end)
    if unit and re.search(r"^(?:Institute|Centre|Center|School|Department|Faculty|Laboratory|Graduate)\b|\b(?:Institute|Centre|Center|Laboratory)\b", bare) and not re.search(r"\bUniversity\b", bare):
        full = f"{unit.group('parent')} {full}"  # "Institute for Advanced Study, Kyoto University"
    country = adjective_country or _possessed_by_country(text, start) or _country(full, text, end)
    return OrgMention(start, end, text[start:end], full, None, country, "text", rule_name, 0.6)


# "Statistics Norway will host", "Innovation Ghana and ...": a common word and a country's name, the subject of what a
# body does, name an agency that carries no organization word
_WORD_AND_COUNTRY = CapitalStart(
    r"(?<![\w'’-])(?P<name>(?P<word>[A-Z][a-z]{3,})[ \t]+(?P<country>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+)?))"
    r"(?=[ \t]+(?:and[ \t]+[A-Z][a-z]{3,}[ \t]+[A-Z]|(?:will|would|has|have|had|is|was|signed|signs|hosts|hosted|funds|funded|finances|financed|"
    r"manages|managed|runs|ran|awards|awarded|implements|implemented|announced|launched|joined|administers|administered)\b))")
_NOT_A_BODYS_WORD = frozenset({"Northern", "Southern", "Eastern", "Western", "Central", "Greater", "Upper", "Lower", "Rural", "Coastal",
                               "Continental", "Mainland", "Metropolitan", "Democratic", "Independent", "Modern", "Today", "Tomorrow",
                               "Yesterday", "Team", "Visit", "Welcome", "When", "While", "Where", "Then", "Meanwhile", "Before", "After"})


@rule("name:word_and_country", stage="organizations", cases=[
    Case("Statistics Norway will host the course.", "Statistics Norway"),
    Case("Southern Chile will host the course.", None),
    Case("Both Norway and Chile signed.", None),
])
def word_and_country_as_subject(text: str, reference: Reference) -> list[OrgMention]:
    """A capitalised common word and a country's name ('Statistics Norway'), subject of a body's verb, name a body."""
    out = []
    for m in _WORD_AND_COUNTRY.finditer(text):
        word, country = m.group("word"), default_countries().lookup(m.group("country"))
        if (country is None or m.group("country") in country.adjectives or word in _NOT_A_BODYS_WORD or default_countries().lookup(word)
                or LEADING_NOISE.match(word + " ").group() or word in HEAD_WORDS or word in EVENT_WORDS or word in _MONTHS_AND_DAYS
                or re.fullmatch(_ROLES, word) or word in _PERSON_TITLE_WORDS):
            continue
        name = m.group("name")
        ref = reference.lookup(name)
        out.append(_from_reference(ref, m.start(), m.end(), text, "name:word_and_country", 0.7) if ref else
                   OrgMention(m.start(), m.end(), name, _WHITESPACE.sub(" ", name), None, country.iso2, "text", "name:word_and_country", 0.7))
    return out


_MONTHS_AND_DAYS = frozenset(_WHEN[3:-1].split("|"))

# a lower-case noun that classes what follows as a body ("the news agency TASS", "the Somali NGO Save the Children",
# "NGOs such as Oxfam International and Save the Children"): the name then needs no organization word of its own
_CLASS_NOUNS = ("agency", "NGO", "charity", "non-profit", "nonprofit", "foundation", "think tank", "think-tank", "broadcaster",
                "newspaper", "news agency", "wire service", "regulator", "watchdog", "company", "firm", "start-up", "startup",
                "consortium", "coalition", "organisation", "organization", "operator", "lender", "airline", "publisher", "network")
_CLASS_PLURALS = ("agencies", "NGOs", "charities", "non-profits", "nonprofits", "foundations", "think tanks", "broadcasters",
                  "newspapers", "regulators", "companies", "firms", "start-ups", "startups", "organisations", "organizations",
                  "operators", "lenders", "airlines", "publishers", "networks", "universities", "institutes", "institutions", "bodies")
_CLASSED_NAME = r"[A-Z][\w'’&.-]*(?:[ \t]+(?:[A-Z][\w'’&.-]*|(?:of|for|the|and|de|du|&)(?=[ \t]+[A-Z]))){0,5}"
_LISTED_NAME = r"(?:the[ \t]+)?[A-Z][\w'’&.-]*(?:[ \t]+(?:[A-Z][\w'’&.-]*|(?:of|for|the|de|du)(?=[ \t]+[A-Z]))){0,5}"
_CLASSED = re.compile(rf"(?<![\w-])(?:{_alternation(list(_CLASS_NOUNS))})[ \t]+(?P<name>{_CLASSED_NAME})")
_CLASS_LIST = re.compile(rf"(?<![\w-])(?:{_alternation(list(_CLASS_PLURALS))})[ \t]+(?:such[ \t]+as|including|like|namely)[ \t]+"
                         rf"(?P<list>{_LISTED_NAME}(?:,[ \t]+{_LISTED_NAME}){{0,8}}(?:,?[ \t]+(?:and|or)[ \t]+{_LISTED_NAME})?)")
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|A|An)[ \t]+(?:(?!the\b|The\b)[\w'’-]+[ \t]+){0,4}\Z")
_LIST_ITEM_NAME = re.compile(r"(?<![\w'’&.-])[A-Z][\w'’&.-]*(?:[ \t]+(?:[A-Z][\w'’&.-]*|(?:of|for|the|de|du)(?=[ \t]+[A-Z]))){0,5}")


def _first_words(nouns) -> tuple[str, ...]:
    return tuple(sorted({w.split()[0].lower() for w in nouns}))


_CLASS_FIRST_WORDS, _CLASS_PLURAL_FIRST_WORDS = _first_words(_CLASS_NOUNS), _first_words(_CLASS_PLURALS)


def _a_body_s_own_name(name: str) -> bool:
    """Capitalised words that may be a body's own name: no country or place alone, no person's title or role, no day,
    month or leading word ('The', 'In')."""
    first = name.split()[0]
    return (len(name) > 1 and default_countries().lookup_place(name) is None and first not in _MONTHS_AND_DAYS
            and first not in _PERSON_TITLE_WORDS and not re.fullmatch(_ROLES, first) and not LEADING_NOISE.match(first + " ").group()
            and first not in HEAD_WORDS and first not in DESCRIPTOR_WORDS and first not in EVENT_WORDS and not first.endswith(("'s", "’s")))


@rule("name:classed", stage="organizations", cases=[
    Case("The state news agency Bernama reported the deal.", "Bernama"),
    Case("The charity Save the Children trains teachers.", "Save the Children"),
    Case("NGOs such as Sightsavers International and WaterAid joined.", "Sightsavers International"),
    Case("The agency Director Ana Ruiz spoke.", None),
    Case("Countries such as Peru and Chile joined.", None),
])
def name_classed_by_a_noun(text: str, reference: Reference) -> list[OrgMention]:
    """Capitalised words after a noun that classes them as a body ('the news agency X', 'NGOs such as X and Y') name a body."""
    # "the news agency X" names one; "a non-profit Special Purpose Vehicle" describes a kind
    spans: list[tuple[int, int]] = [m.span("name") for m in finditer_from(_CLASSED, text, _CLASS_FIRST_WORDS) if not _INDEFINITE_BEFORE.search(text, max(0, m.start() - 50), m.start())]
    for m in finditer_from(_CLASS_LIST, text, _CLASS_PLURAL_FIRST_WORDS):
        spans += [(m.start("list") + i.start(), m.start("list") + i.end()) for i in _LIST_ITEM_NAME.finditer(m.group("list"))]
    out = []
    for start, end in spans:
        name = _WHITESPACE.sub(" ", text[start:end]).rstrip(".")
        end = start + len(text[start:end].rstrip("."))
        if not _a_body_s_own_name(name):
            continue
        ref = reference.lookup(name) or reference.by_acronym.get(name)
        out.append(_from_reference(ref, start, end, text, "name:classed", 0.7) if ref else
                   OrgMention(start, end, text[start:end], name, name if name.isupper() else None, _country(name, text, end), "text", "name:classed", 0.7))
    return out


# "ETH Zurich", "EPFL Lausanne": an acronym and the city a university or institute sits in name that body
_ACRONYM_AND_CITY = CapitalStart(r"(?<![\w-])(?P<acr>[A-Z]{2,6})[ \t]+(?P<city>[A-Z][a-zà-ÿ]+)(?![\w'’-]|[ \t]+[A-Z])")


_BODY_PREPOSITION_BEFORE = re.compile(r"\b(?:from|at|of|with|by|and|to)[ \t]+\Z")


@rule("name:acronym_and_city", stage="organizations", cases=[
    Case("Researchers from KTH Stockholm visited Nairobi.", "KTH Stockholm"),
    Case("The MoU Lima text was signed.", None),
    Case("The UK Kenya deal was signed.", None),
])
def acronym_and_city(text: str, reference: Reference) -> list[OrgMention]:
    """An acronym the reference does not know followed by a city (not a country) names the body of that city."""
    out = []
    countries = default_countries()
    for m in _ACRONYM_AND_CITY.finditer(text):
        acr, city = m.group("acr"), m.group("city")
        place = countries.lookup_place(city)
        if not _BODY_PREPOSITION_BEFORE.search(text, max(0, m.start() - 8), m.start()):
            continue  # "researchers from ETH Zurich", "at KTH Stockholm": the pair where a body's name stands
        if (place is None or countries.lookup(city) or countries.lookup(acr) or acr in NOT_ORG_ACRONYMS or acr in reference.by_acronym or acr in INSTITUTION_KINDS
                or acr in _PRESS_RELEASE_MARKS):
            continue
        out.append(OrgMention(m.start(), m.end(), m.group(), m.group(), acr, place.iso2, "text", "name:acronym_and_city", 0.7))
    return out


# "Communications NIVA", "Communicatie UvA", "Press Office NORAD": a press or communication unit named through its body's acronym
_UNIT_OF_ACRONYM = CapitalStart(r"(?<![\w-])(?P<unit>(?:Corporate[ \t]+)?(?:Communications?|Communicatie|Kommunikation|Press|Presse|Media)(?:[ \t]+(?:Office|Unit|Team|Department|Service|Desk))?)"
                                r"[ \t]+(?P<acr>[A-Z][A-Za-z]{0,6}[A-Z][a-z]?)(?![\w'’-]|[ \t]+[A-Z])", needs=("ommuni", "ress", "edia"))


@rule("name:unit_of_acronym", stage="organizations", cases=[
    Case("Contact: Jo Lee, Communications NIVA", "Communications NIVA"),
    Case("Text: Communicatie UvA", "Communicatie UvA"),
    Case("The Press MoU was signed.", None),
])
def unit_named_by_acronym(text: str, reference: Reference) -> list[OrgMention]:
    """A communication or press unit followed by its body's acronym ('Communications NIVA') names that unit."""
    out = []
    for m in _UNIT_OF_ACRONYM.finditer(text):
        if m.group("acr") in NOT_ORG_ACRONYMS or default_countries().lookup(m.group("acr")):
            continue
        out.append(OrgMention(m.start(), m.end(), m.group(), _WHITESPACE.sub(" ", m.group()), None, None, "text", "name:unit_of_acronym", 0.7))
    return out


# a letterhead's body in capitals on a line of its own: "MINISTRY OF HIGHER EDUCATION", "EMBASSY OF THE REPUBLIC OF X"
_UPPER_HEADS = _alternation([w.upper() for w in _words("head") + _words("head_first") if w.isalpha() and len(w) > 3])
_LETTERHEAD = re.compile(rf"[ \t*#]*(?P<name>(?:THE[ \t]+)?(?:[A-Z][A-Z'’&-]+[ \t]+){{0,3}}(?:{_UPPER_HEADS})[ \t]+(?:OF|FOR)[ \t]+(?:THE[ \t]+)?"
                         rf"[A-Z][A-Z'’-]+(?:,?[ \t]+(?:[A-Z][A-Z'’-]+|AND|&|OF|THE)){{0,6}})[ \t*]*$", re.MULTILINE)


def _letterhead_country(name: str, text: str, end: int) -> str | None:
    """A letterhead's country: on the next line in capitals ('REPUBLIC OF ZAMBIA'), else as for any name."""
    if (line := _NEXT_LINE.match(text, end)) and (c := default_countries().lookup(_STATE_FORM.sub("", re.sub(r"\b(Of|The)\b", lambda w: w.group().lower(), line.group("line").title())).strip())):
        return c.iso2
    return _country(name, text, end)


_HEADLINE_WORDS = frozenset({"WITH", "TO", "ON", "AT", "IN", "BY", "FROM", "AS", "MOU", "MOC", "SIGN", "SIGNS", "SIGNED", "MEETS", "VISITS",
                             "HOSTS", "HOLDS", "LAUNCHES", "OPENS", "AGREE", "AGREES", "WILL", "IS", "ARE", "NEW"})


@rule("name:letterhead", stage="organizations", cases=[
    Case("MINISTRY OF HIGHER EDUCATION\nREPUBLIC OF GHANA\n\nThe minister spoke.", "MINISTRY OF HIGHER EDUCATION"),
    Case("The Ministry of Health met.", None),
])
def body_in_a_letterhead(text: str, reference: Reference) -> list[OrgMention]:
    """An organization word with its 'of' part, in capitals on a line of its own, is a letterhead's body."""
    out = []
    for m in _at_line_starts(_LETTERHEAD, text):
        raw = m.group("name")
        if len(raw.split()) > 8 or _HEADLINE_WORDS & set(raw.split()):
            continue  # "MINISTRY OF EDUCATION SIGNS MOU WITH X": a headline, not a letterhead
        name = re.sub(r"\b(Of|For|And|The)\b", lambda w: w.group().lower(), _WHITESPACE.sub(" ", raw.title()))
        name = name[0].upper() + name[1:]
        ref = reference.lookup(name)
        out.append(_from_reference(ref, m.start("name"), m.end("name"), text, "name:letterhead", 0.75) if ref else
                   OrgMention(m.start("name"), m.end("name"), raw, name, None, _letterhead_country(name, text, m.end("name")), "text", "name:letterhead", 0.75))
    return out


# a newspaper's masthead: its name in capitals, then its volume or issue ("THE COASTAL HERALD | Vol. 12 No. 4")
_MASTHEAD = re.compile(r"[ \t*#]*(?P<name>(?:THE[ \t]+)?[A-Z][A-Z'’&.-]+(?:[ \t]+[A-Z][A-Z'’&.-]+){0,4})[ \t]*[|•·—–-][ \t]*"
                       r"(?:Vol(?:ume)?\.?[ \t]*[\dIVXL]|VOL(?:UME)?\.?[ \t]*[\dIVXL]|No\.[ \t]*\d|Issue[ \t]+\d|ISSUE[ \t]+\d)")


@rule("name:masthead", stage="organizations", cases=[
    Case("THE LAGOON TIMES | Vol. 9, No. 12 | 4 May 2021\n\nNews", "THE LAGOON TIMES"),
    Case("SECTION 2 | No. 4 of the rules", None),
])
def newspaper_masthead(text: str, reference: Reference) -> list[OrgMention]:
    """A line that opens with a name in capitals followed by a volume or issue number is a newspaper's masthead: the newspaper."""
    out = []
    for m in _at_line_starts(_MASTHEAD, text):
        name = m.group("name")
        if len(name.split()) < 2 and not name.startswith("THE"):
            continue
        if re.fullmatch(r"(?:THE[ \t]+)?(?:SECTION|PART|CHAPTER|ARTICLE|ANNEX|TABLE)\b.*", name):
            continue
        out.append(OrgMention(m.start("name"), m.end("name"), name, _WHITESPACE.sub(" ", name.title()), None, None, "text", "name:masthead", 0.7))
    return out
_PERSON_TITLE_WORDS = frozenset(w for r in _read_csv("person_titles.csv") for w in r["phrase"].split())


@rule("name:appositive", stage="organizations", cases=[
    Case("Acme Robotics, a Bengaluru-based start-up, joined the programme.", "Acme Robotics"),
    Case("Last year, a good year for exports, ended well.", None),
])
def name_described_as_organization(text: str, reference: Reference) -> list[OrgMention]:
    """A capitalised name followed by ', a(n) ... company/start-up/institute' names a body."""
    out = []
    for m in APPOSITIVE_RE.finditer(text):
        name = _clean(m.group("name"))
        if name and not reference.lookup(name):
            start, end = _span_in(name, m.group("name"), m.start("name"))
            out.append(OrgMention(start, end, text[start:end], name, None, _country(m.group(), text, m.end()), "text", "name:appositive", 0.7))
    return out


_IRREGULAR_SPACE = re.compile(r"[^\S ]|\s\s|\s-|-\s")


def _span_in(name: str, raw: str, offset: int) -> tuple[int, int]:
    """Where a cleaned name lies in the text it was cleaned from: _clean collapses runs of spaces,
    tabs and line ends, so a mention's offsets must be found with any whitespace between its words."""
    if not _IRREGULAR_SPACE.search(raw) and (at := raw.find(name)) >= 0:
        return offset + at, offset + at + len(name)  # single spaces only: the name as written, no pattern to compile
    m = _spaced_name(name).search(raw)
    return offset + m.start(), offset + m.end()


@lru_cache(maxsize=4096)
def _spaced_name(name: str) -> re.Pattern:
    """A name's words with any whitespace between them, compiled once per name: compiled per mention
    through re.search, thousands of names push the extractors' own patterns out of re's cache."""
    return re.compile(r"\s+".join(re.escape(w).replace(r"\-", r"\s*-\s*") for w in name.split(" ")))


_UNIT_OF = re.compile(r",\s+(?P<parent>(?:[A-Z][\w-]+\s+)?University(?:\s+of\s+[A-Z][\w-]+)?|University\s+of\s+[A-Z][\w-]+)\b")


_SUBJECT_LIST_FOLLOWS = re.compile(r"(?:,[ \t]+[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)?){1,4},?[ \t]+(?:and|&)[ \t]+[A-Z][\w-]*\b")
_HEAD_FOLLOWS = re.compile(rf"[ \t]+(?:[A-Z][\w'’-]*[ \t]+){{0,3}}(?:{HEADS})(?![\w])")


_ROMANCE_OF_FOLLOWS = re.compile(r"(?:[ \t]+(?:de|du|des)[ \t]+|[ \t]+d['’])[\wÀ-ÿ]")


_LAW_FOLLOWS = re.compile(r"[ \t]+(?:\(Amendment\)[ \t]+)?(?P<word>[A-Z][a-z]+)\b")
_UNIT_OF_THE_BEFORE = re.compile(rf"(?<![\w-])(?:{HEADS})(?:[ \t]+(?:[A-Z][\w'’&-]*|of|for|and|&)){{0,6}}[ \t]+of[ \t]+the[ \t]+$")


def _inside_longer_name(text: str, start: int, end: int, reference: Reference | None = None) -> bool:
    """'Ministry of Education' inside 'Federal Ministry of Education and Research', or 'United Nations'
    inside 'United Nations Children's Fund', is not that body."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 60]
    if _UNIT_OF_THE_BEFORE.search(text, max(0, start - 90), start):
        return True  # "Press Service of the <ministry>": the unit named through its parent, not the parent
    if re.search(r"(?<![.:;])\b(?!The\b|And\b)[A-Z][\w-]+[ \t]+$", before) and " " in text[start:end]:
        return True
    if re.search(r"\b(?:Delegation|Secretariat|Mission|Office)[ \t]+(?:of|to)[ \t]+(?:the[ \t]+)?$", before):
        return True  # "Delegation of the <union>": the delegation, not the union
    if re.search(r"\b(?:Embassy|Delegation|Mission)[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w-]*(?:[ \t]+[A-Z][\w-]*)?[ \t]+to[ \t]+(?:the[ \t]+)?$", text[max(0, start - 60):start]):
        return True  # "Permanent Mission of A to the <union>": the mission accredited to it
    if (law := _LAW_FOLLOWS.match(after)) and law.group("word") in LAW_WORDS:
        return True  # "the University of X Act": the law's name, not the body
    if _HEAD_FOLLOWS.match(after) or _ROMANCE_OF_FOLLOWS.match(after):
        return True  # "Académie des sciences d'outre-mer": a known name that a French 'de' part goes on from
    if (listed := _SUBJECT_LIST_FOLLOWS.match(after)) and not _HEAD_RE.search(listed.group()) and not default_countries().find(listed.group()):
        return True  # "Ministry of Education, Youth and Sport": the known name is the first subject of a longer one
    m = re.match(r"[ \t]+(?:and|&|of|for)(?:[ \t]+|[ \t]*\n[ \t]*)(?P<next>(?:[A-Z][\w-]*[ \t]+){0,3}[A-Z][\w-]*)", after)
    return (bool(m) and not _HEAD_RE.search(m.group("next")) and not default_countries().lookup(m.group("next"))
            and not (reference and reference.lookup(m.group("next"))))  # "Innovation Norway and Enterprise Ireland": two known bodies


@rule("reference:name", stage="organizations", cases=[
    Case("The visit was hosted by Tohoku University last week.", "Tohoku University"),
    Case("Fellows of the Swiss National Science\nFoundation met.", "Swiss National Science\nFoundation"),
    Case("The Ministry of External Affairs and Trade met.", None),
])
def known_body_by_name(text: str, reference: Reference) -> list[OrgMention]:
    """A name or alias of a well-known body (seeds/reference/organizations.csv) names that body."""
    out = []
    for m in reference.at_capitals.finditer(text, "name"):
        if _inside_longer_name(text, m.start(), m.end(), reference):
            continue
        ref = reference.lookup(m.group())
        if ref and not (ref.name.split()[-1] == m.group() and re.search(r"[A-Z][a-z]+\s+$", text[max(0, m.start() - 20):m.start()])):
            out.append(_from_reference(ref, m.start(), m.end(), text, "reference:name", 0.9))
    return out


@rule("reference:acronym", stage="organizations", cases=[
    Case("Proposals go to NSERC by March.", "NSERC"),
    Case("The MoU covers AI and IoT.", None),
])
def known_body_by_acronym(text: str, reference: Reference) -> list[OrgMention]:
    """The acronym of a well-known body (seeds/reference/organizations.csv), standing alone, names that body."""
    return [_from_reference(reference.by_acronym[m.group()], m.start(), m.end(), text, "reference:acronym", 0.85)
            for m in reference.at_capitals.finditer(text, "acronym") if not _STARTS_A_NAME.match(text, m.end()) and not _STARTS_AN_EVENT.match(text, m.end())]


# the word first and what may not come before it looked back at from its end: a pattern that begins with a
# look-behind is tried at every position of a text, one that begins with a word only where the word is
_SECRETARIAT = re.compile(r"secretariat(?<![\w-]secretariat)(?![\w-])")
_WORDS_BEFORE = re.compile(r"(?:[A-Z][\w'’&.-]*[ \t]+(?:(?:of|for|and|the)[ \t]+)*){0,7}\Z")


# a news agency credited by its acronym alone: after a dateline ("Lima, 3 May 2021 (ANDINA) -") or signing off a report
# on a line of its own ("-- TASR", "(ANDINA)")
_AGENCY_CREDIT = re.compile(
    r"(?m)^[ \t*_]*+(?:[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3},[ \t]+(?:[A-Z][a-z]+,?[ \t]+)?[\w ,.]{3,25}?[ \t]*\((?P<after_date>[A-Z]{2,8})\)"
    r"|(?:--|—|–)[ \t]*(?P<sign_off>[A-Z]{2,8})[ \t]*$|\((?P<alone>[A-Z]{2,8})\)[ \t]*$"
    # a credit line: "With files from The Associated Press"
    r"|With[ \t]+files[ \t]+from[ \t]+(?:[Tt]he[ \t]+)?(?P<credit>[A-Z][\w.&'’-]*(?:[ \t]+[A-Z][\w.&'’-]*){0,3}(?<!\.))[ \t.]*$"
    r")")
# a picture's credit: "Photo: ANTARA", "(Photo credit: NAMPA/J. Doe)": an agency in capitals, perhaps a photographer
# after it; anywhere on a line that credits no agency otherwise, the first such credit of the line
_PHOTO_CREDIT = re.compile(r"(?m)\b(?:Photo|Photograph|Picture|Image|Foto)s?(?:[ \t]+(?:credit|courtesy|by))?[ \t]*[:©][ \t]*(?:©[ \t]*)?"
                           r"(?P<photo>[A-Z]{2,10})(?=[ \t]*(?:[/|,;).]|$))")
_PHOTO_WORDS = ("foto", "image", "photo", "picture")
# a press release's own marks on a line of their own ("(END)", "-- MORE --") are no agency's sign-off
_PRESS_RELEASE_MARKS = frozenset({"END", "ENDS", "ENDIT", "MORE", "TBC", "NOTE", "EDITORS"})
_HAS_DIGIT_OR_MONTH = re.compile(rf"\d|{_WHEN}")


def _at_line_starts(pattern: re.Pattern, text: str):
    """`pattern.finditer(text)` for a pattern whose every match starts at a line start ('(?m)^') and stays on its
    line: the engine is started at line starts only, not tried (and failed) at every other position."""
    at = 0
    while at >= 0:
        if m := pattern.match(text, at):
            yield m
        at = text.find("\n", at)
        at = at + 1 if at >= 0 else -1


def _agency_credits(text: str) -> list[re.Match]:
    """The agency credits of each line, in text order: a dateline's, a sign-off's or a credit line's at the line's
    start, else the line's first picture credit (searched for where its word is, not tried from every line start)."""
    found = {m.start(): m for m in _at_line_starts(_AGENCY_CREDIT, text)}
    for m in finditer_from(_PHOTO_CREDIT, text, _PHOTO_WORDS):
        found.setdefault(text.rfind("\n", 0, m.start()) + 1, m)
    return [found[at] for at in sorted(found)]


@rule("reference:agency_credit", stage="organizations", cases=[
    Case("Accra, 3 May 2021 (GNA) - The two ministers met.", "GNA"),
    Case("Quito, Tuesday 4 June (ECNA) -- The council met.", "ECNA"),
    Case("The council met on Monday.\n-- BTA", "BTA"),
    Case("Accra, Ghana (GH) - The two ministers met.", None),
])
def news_agency_credit(text: str, reference: Reference) -> list[OrgMention]:
    """A news agency credited by its acronym in a dateline or a sign-off line names that agency."""
    out = []
    for m in _agency_credits(text):
        group = next(g for g, found in m.groupdict().items() if found)
        acr = m.group(group)
        if acr in NOT_ORG_ACRONYMS or acr in _PRESS_RELEASE_MARKS or (group == "after_date" and not _HAS_DIGIT_OR_MONTH.search(m.group())):
            continue
        ref = reference.by_acronym.get(acr) or reference.lookup(acr)
        name = ref.name if ref else acr
        acronym = (ref.acronym if ref else None) if group == "credit" else acr
        out.append(OrgMention(m.start(group), m.end(group), acr, name, acronym, ref.country if ref else None, "text", "reference:agency_credit", 0.8))
    return out


@rule("reference:secretariat", stage="organizations", cases=[
    Case("Twelve officers of the OECD secretariat visited Lima.", "OECD secretariat"),
    Case("Staff of the African Union secretariat met the Kenyan delegation.", "African Union secretariat"),
    Case("The NASA secretariat replied.", None),
    Case("The OECD has its secretariat in Paris.", None),
])
def secretariat_of_multinational_body(text: str, reference: Reference) -> list[OrgMention]:
    """A known multinational body's name or acronym followed by 'secretariat' names that body's secretariat, a body of its own."""
    out = []
    for m in _SECRETARIAT.finditer(text):
        before = _WORDS_BEFORE.search(text, max(0, m.start() - 120), m.start())
        words = list(re.finditer(r"(?<!\S)[A-Z]\S*", before.group())) if before else []
        for w in words:  # the longest known name that ends just before 'secretariat'
            owner = before.group()[w.start():].strip()
            ref = reference.by_acronym.get(owner) or reference.lookup(owner)
            if ref is not None and ref.country is None and owner not in NOT_ORG_ACRONYMS:
                start = before.start() + w.start()
                name = f"{ref.acronym or ref.name} Secretariat"
                out.append(OrgMention(start, m.end(), text[start:m.end()], name, None, None, "text", "reference:secretariat", 0.85))
                break
    return out


# "the UN Ocean Summit": an acronym that begins a gathering's name is no mention of its body; a "UN Climate
# Conference" is a conference of the body's members, convened by it, and names it (as the dev gold reads it)
_STARTS_AN_EVENT = re.compile(rf"[ \t]+(?:[A-Z][a-z][\w-]*[ \t]+){{0,3}}(?:{_alternation(sorted(_GATHERINGS))})(?![\w])")
# "ISA Interim Secretariat": an acronym followed by capitalised words and an organization word is a unit's name
_STARTS_A_NAME = re.compile(rf"[ \t]+(?:[A-Z][a-z][\w-]*[ \t]+){{0,3}}(?:{HEADS})(?![\w])")


_OFFICE_OF = CapitalStart(r"(?<![\w-])(?P<acr>[A-Z][A-Za-z&*]{1,9})[ \t]+(?P<where>[A-Z][\w.]*(?:[ \t]+[A-Z][a-z]+)?)[ \t]+(?:Country[ \t]+|Representative[ \t]+|Regional[ \t]+)?(?:Office|Bureau|Branch)\b", needs=("Office", "Bureau", "Branch"))


@rule("reference:office", stage="organizations", cases=[
    Case("The chief of the JICA Ruritania Office spoke.", "JICA Ruritania Office"),
    Case("The JICA Research Office spoke.", None),
])
def office_of_known_body(text: str, reference: Reference) -> list[OrgMention]:
    """A known body's acronym followed by a country or place and 'Office' is that body's office, so that body."""
    out = []
    for m in _OFFICE_OF.finditer(text):
        ref = reference.by_acronym.get(m.group("acr"))
        where = m.group("where")
        if ref is not None and (default_countries().lookup_place(where) or _unknown_proper_name(where)):
            out.append(_from_reference(ref, m.start(), m.end(), text, "reference:office", 0.9))
    return out


def _unknown_proper_name(word: str) -> bool:
    """A capitalised word that is no organization, descriptor or event word: a place the data may not list."""
    return all(w not in HEAD_WORDS and w not in DESCRIPTOR_WORDS and w not in EVENT_WORDS and w.lower() not in ("research", "project") for w in word.split())


# "the Republic of", "the United Kingdom of", "the Federal Democratic Republic of": a state's formal name before its country's
# a line break may fall anywhere in a government's long name ("the Government of the\nRepublic of X")
_GSP = r"(?:[ \t]+|[ \t]*[\r\n][ \t]*)"
_STATE_FORM = re.compile(rf"(?:the{_GSP})?(?:[A-Z][\w'’-]*{_GSP}){{0,3}}(?:Republic|Kingdom|Federation|Commonwealth|Sultanate|State|Principality|Emirates?){_GSP}of{_GSP}(?:the{_GSP})?")
_GOV_WORD = r"(?!Governments?\b)(?:(?:[A-Z]\.)+|[A-Z][\w'’-]*)"  # "... of A and the Government of B": two governments
_GOVERNMENT_OF = re.compile(
    rf"\b(?:[Gg]overnments?|[Gg]ovt\.?){_GSP}of{_GSP}(?P<list>(?:the{_GSP})?{_GOV_WORD}(?:{_GSP}(?:of{_GSP})?{_GOV_WORD}){{0,4}}"
    rf"(?:(?:,{_GSP}?|{_GSP}and{_GSP}|,{_GSP}?and{_GSP})(?:the{_GSP})?{_GOV_WORD}(?:{_GSP}(?:of{_GSP})?{_GOV_WORD}){{0,4}}){{0,6}})")


_GOVERNMENT_STYLE = re.compile(r"(?<![\w-])(?:Royal|Federal|Imperial|Union|National|Provisional|Transitional|Interim|Revolutionary)[ \t]+(?:Transitional[ \t]+)?\Z")


@rule("government:of_country", stage="organizations", cases=[
    Case("The Government of Kenya approved the loan.", "Government of Kenya"),
    Case("The loan was signed by the governments of Peru and Chile.", "Chile"),
    Case("The scheme of the Govt. of Peru was renewed.", "Govt. of Peru"),
    Case("The Government of Ruritanian Affairs met.", None),
    Case("The Government of the Republic of Chile approved the loan.", "Government of the Republic of Chile"),
    Case("A note of the Government of the Kingdom of Thailand followed.", "Government of the Kingdom of Thailand"),
    Case("The Royal Government of Cambodia approved the loan.", "Royal Government of Cambodia"),
])
def government_of_country(text: str, reference: Reference) -> list[OrgMention]:
    """'Government (or Govt) of <country or region>' or 'the Governments of A and B' names each of those governments."""
    countries, out = default_countries(), []
    if "overnment" not in text and "ovt" not in text:
        return out  # the pattern's own scan tries every position: most texts name no government
    for m in _GOVERNMENT_OF.finditer(text):
        located = [(s, e, c, is_place) for s, e, c, is_place in countries.locate(m.group("list"))]
        state = _STATE_FORM.match(m.group("list"))
        if not located or located[0][0] > (state.end() if state else 4):
            continue
        plural = m.group().lower().startswith("governments")
        located = located if plural else located[:1]
        styled = None if plural else _GOVERNMENT_STYLE.search(text, max(0, m.start() - 30), m.start())
        for i, (s, e, c, is_place) in enumerate(located):
            # the first government spans 'Governments of A'; each further one its own country's words
            start, end = (m.start() if i == 0 else m.start("list") + s), m.start("list") + e
            # "the Government of the Republic of X" is named as written: a shorter name would lose the text's own
            name = f"Government of {m.group('list')[:e] if i == 0 and state else m.group('list')[s:e]}" if is_place or (i == 0 and state) else c.government
            if styled is not None:  # "the Royal Government of X" is named as written, style and all
                start, name = styled.start(), f"{styled.group().strip()} {text[m.start():end]}"
            name = _WHITESPACE.sub(" ", name)
            name = ref.name if (ref := reference.lookup(name)) else name
            out.append(OrgMention(start, end, text[start:end], name, None, c.iso2, "reference", "government:of_country", 0.9))
    return out


_MONARCHS_GOVERNMENT = CapitalStart(r"(?<![\w-])(?:(?:His|Her)[ \t]+Majesty|(?:Emir|Amir|King|Queen|Sultan|Grand[ \t]+Duke|Crown[ \t]+Prince)(?:[ \t]+of[ \t]+[A-Z][\w-]*)?)['’]s[ \t]+Government\b",
                                   needs=re.compile(r"['’]s[ \t]+Government\b"))


@rule("government:monarch", stage="organizations", cases=[
    Case("The Sultan's Government approved the grant.", "Sultan's Government"),
    Case("His Majesty's Government funds the chair.", "His Majesty's Government"),
    Case("The Sultan's government guest house", None),
])
def government_of_a_monarch(text: str, reference: Reference) -> list[OrgMention]:
    """A monarchy's government named through its monarch ('the Emir's Government') names that government as written.

    Its country is the one country its sentence names, if one."""
    out = []
    for m in _MONARCHS_GOVERNMENT.finditer(text):
        at = max(0, m.start() - 300)
        start = max((s.end() for s in _SENTENCE_END.finditer(text, at, m.start())), default=at)
        end = _SENTENCE_END.search(text, m.end())
        found = {c.iso2 for _, _, c in default_countries().find(text[start:end.start() if end else len(text)])}
        country = found.pop() if len(found) == 1 else None
        out.append(OrgMention(m.start(), m.end(), m.group(), _WHITESPACE.sub(" ", m.group()), None, country, "text", "government:monarch", 0.8))
    return out


_POST_BY_ADJECTIVE = CapitalStart(
    r"(?<![\w-])(?P<owner>[A-Z][\w-]+(?:[ \t]+[A-Z][\w-]+)?)(?P<possessive>['’]s)?[ \t]+(?P<post>[Ee]mbassy|[Hh]igh[ \t]+[Cc]ommission|[Cc]onsulate(?:[- ][Gg]eneral)?)\b"
    r"(?:(?P<joint>[ \t]+(?:in|to)[ \t]+|,?[ \t]+(?=[A-Z]))(?P<where>[A-Z][\w-]+(?:[ \t]+[A-Z][\w-]+)?))?", needs=("mbassy", "ommission", "onsulate"))


@rule("representation:adjective", stage="organizations", cases=[
    Case("Officials of the Kenyan embassy in Tokyo attended.", "Kenyan embassy in Tokyo"),
    Case("Peru's embassy in Seoul hosted the signing.", "Peru's embassy in Seoul"),
    Case("The Ghanaian High Commission in Ottawa hosted it.", "Ghanaian High Commission in Ottawa"),
    Case("The embassy in Tokyo hosted it.", None),
])
def post_named_by_adjective(text: str, reference: Reference) -> list[OrgMention]:
    """A country's adjective or possessive before 'embassy', 'high commission' or 'consulate' names that country's post.

    'the Chilean embassy in Canberra' is named in the 'of' form the gold uses ('Embassy of Chile in Canberra'),
    with its seat when the text gives one."""
    out = []
    for m in _POST_BY_ADJECTIVE.finditer(text):
        owner = m.group("owner")
        whole = default_countries().lookup(owner)
        last = owner.split()[-1]
        c = whole or default_countries().lookup(last)
        if c is None or (not m.group("possessive") and owner not in c.adjectives and last not in c.adjectives):
            continue
        start = m.start() if whole else m.start() + owner.rfind(last)
        end, name = m.end("post"), f"{_WHITESPACE.sub(' ', m.group('post')).title().replace('-G', '-g')} of {c.name}"
        where = m.group("where")
        if where and m.group("joint").strip() in ("in", "to") and not re.fullmatch(_WHEN, where.split()[0]) and not _WITH_AFTER.match(text, m.end()) and (
                default_countries().lookup_place(where) or default_countries().lookup_place(where.split()[0]) or _a_place_name(where)):
            seat = where if default_countries().lookup_place(where) or not default_countries().lookup_place(where.split()[0]) else where.split()[0]
            end, name = m.start("where") + len(seat), f"{name} in {seat}"
        if m.group("post")[0].isupper():
            # "the British Embassy Lima", "the Austrian High Commission, Suva": a capitalised post is the text's own name, seat and all
            end = m.end("post") + len(seated.group()) if (seated := _seat_after_post(text, m.end("post"), m.group("joint") or "", where)) else m.end("post")
            name = _WHITESPACE.sub(" ", text[start:end])
        out.append(OrgMention(start, end, text[start:end], name, None, c.iso2, "text", "representation:adjective", 0.85))
    return out


def _seat_after_post(text: str, end: int, joint: str, where: str | None) -> re.Match | None:
    """The seat written after a post's name: 'in <place>', ', <place>' or '<place>' alone, a place the reference knows or
    a capitalised word that is no organization, role, title, day or month word, followed by no further capital."""
    if not where:
        return None
    seat = where if default_countries().lookup_place(where) else where.split()[0]
    known = default_countries().lookup_place(seat)
    if not known and (not _a_place_name(seat) or re.fullmatch(_ROLES, seat) or seat in _PERSON_TITLE_WORDS or seat in _NOT_A_SEAT):
        return None
    if not known and not joint.strip() and seat != where:
        return None  # "the British Embassy Press Office": capitalised words that go on are another name, not a seat
    return re.compile(re.escape(joint) + re.escape(seat) + r"(?![\w'’-])").match(text, end)


_NOT_A_SEAT = frozenset({"The", "This", "In", "On", "At", "For", "And", "But", "With", "By", "From", "Press", "Media", "Staff", "Team", "Officials"})


_ADJECTIVE_GOVERNMENT = CapitalStart(rf"\b(?P<adj>[A-Z][\w'’-]{{0,{_WORD_MAX}}}+(?:[ \t]+[A-Z][\w'’-]{{0,{_WORD_MAX}}}+)?)[ \t]+[Gg]overnment\b(?![ \t]+(?:[A-Z]|body|bodies|official|source|scholarship|funding|grant(?!s[ \t]+{_VERB_OBJECT})|agenc|department|minist|spokes|represent|institution|-))(?!-)", needs=("overnment",))


@rule("government:adjective", stage="organizations", cases=[
    Case("The Norwegian government has renewed the grant.", "Norwegian government"),
    Case("A Norwegian government body announced the grant.", None),
    Case("The Norwegian government grants a loan to the port.", "Norwegian government"),
    Case("The Norwegian government grant ends in May.", None),
])
def government_by_adjective(text: str, reference: Reference) -> list[OrgMention]:
    """'The <country adjective> government' names that country's government."""
    out = []
    for m in _ADJECTIVE_GOVERNMENT.finditer(text):
        adj = m.group("adj")
        for start in (m.start(), m.start() + adj.rfind(" ") + 1):  # "South Korean government", "The Korean government"
            c = default_countries().lookup(text[start:m.end("adj")])
            if c is not None and text[start:m.end("adj")] in c.adjectives:
                # named as written ('the Chinese Government'): a government is a body in the text's own form
                out.append(OrgMention(start, m.end(), text[start:m.end()], _WHITESPACE.sub(" ", text[start:m.end()]), None, c.iso2, "text", "government:adjective", 0.85))
                break
    return out


@rule("later_use", stage="organizations", cases=[
    Case("The Ruritania Polar Institute (RPI) was founded in 1990. RPI now hosts students.", "RPI"),
    Case("RPI hosts students.", None),
])
def later_uses(text: str, defined: list[OrgMention]) -> list[OrgMention]:
    """An acronym or one-word name the document defined, used again on its own, names that body again."""
    forms: dict[str, OrgMention] = {}
    for d in defined:
        if d.acronym and d.acronym not in NOT_ORG_ACRONYMS:
            forms.setdefault(d.acronym, d)
        if d.rule == "name:appositive":
            forms.setdefault(d.name, d)
    if not forms:
        return []
    out = []
    for start, form in _standalone_uses(text, forms):
        d = forms[form]
        out.append(OrgMention(start, start + len(form), form, d.name, d.acronym, d.country, d.source, "later_use", d.confidence * 0.95))
    return out


_FEW_FORMS = 16  # up to this many forms, a str.find per form; past it, one pattern (a document defines a few)
_WORD_CHAR = re.compile(r"\w")
_STANDS_ALONE_AFTER = re.compile(r"(?![\w]|-[a-z])")


def _standalone_uses(text: str, forms) -> list[tuple[int, str]]:
    """Where the forms stand alone in the text, as one longest-first pattern of them finds them: left to right,
    at one place the longest, none inside another. A document defines a few forms, found with str.find: a
    pattern compiled for each document costs more than the search; many forms share one pattern, so that
    a long document is still read once."""
    if len(forms) > _FEW_FORMS:
        return [(m.start(), m.group()) for m in _forms_pattern(frozenset(forms)).finditer(text)]
    places = []
    for form in forms:
        at = text.find(form)
        while at >= 0:
            if not (at and _WORD_CHAR.match(text, at - 1)) and _STANDS_ALONE_AFTER.match(text, at + len(form)):
                places.append((at, -len(form), form))
            at = text.find(form, at + 1)
    out, end = [], 0
    for at, _, form in sorted(places):
        if at >= end:
            out.append((at, form))
            end = at + len(form)
    return out


@lru_cache(maxsize=64)
def _forms_pattern(forms: frozenset[str]) -> re.Pattern:
    """The forms as one longest-first pattern, standing alone: what _standalone_uses finds."""
    return re.compile(rf"(?<![\w])(?:{alternation(forms, between=None)})(?![\w]|-[a-z])")


def _trimmed(o: OrgMention, occupied: list[tuple[int, int]], text: str, reference: Reference) -> OrgMention | None:
    """A capitalised run that swallowed a better-known name ('University of Melbourne and IIT Delhi',
    'IIT-Hyderabad and Hamamatsu City'): keep the longest part outside the known names."""
    cuts = sorted((max(s, o.start), min(e, o.end)) for s, e in occupied if s < o.end and o.start < e)
    pieces, at = [], o.start
    for s, e in cuts:
        pieces.append((at, s))
        at = max(at, e)
    pieces.append((at, o.end))
    best = None
    for a, b in pieces:
        raw = text[a:b]
        name = _clean(re.sub(r"(?:^[\s,]*(?:and|&)?\s*)|(?:[\s,]*(?:and|&)?\s*$)", "", raw))
        if name and _is_org_name(name) and not NOT_ORG_NAMES.search(name) and not _is_generic_description(name) and (best is None or len(name) > len(best[2])):
            best = (*_span_in(name, raw, a), name)
    if best is None:
        return None
    start, end, name = best
    return _name_mention(name, start, end, text, reference, o.rule)


_TRAILING_HEAD = re.compile(rf"\s+(?:{HEADS})$")


_FOR_PURPOSE = re.compile(r"[ \t]+(?:for|of)[ \t]+(?!.*[ \t](?:for|of)[ \t])")
_OF_COUNTRY_END = re.compile(r"[ \t]+of[ \t]+(?=(?:the[ \t]+)?(?:[A-Z][\w'’-]*[ \t]+){0,3}(?:(?:Republic|Kingdom|Federation|Commonwealth|Sultanate|State|Principality|Emirates?)[ \t]+of[ \t]+(?:the[ \t]+)?)?[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*)?$)")


def _merge_sub_units(kept: list[OrgMention]) -> list[OrgMention]:
    """'NMexus Centre' beside 'NMexus': a unit named after a body the document names is that body; so is
    'A-B Science Fund' beside 'Science Fund', the name with the countries it serves in front."""
    names = {o.name for o in kept}
    for o in kept:
        if o.source == "text" and (found := default_countries().find(o.name)) and found[0][0] == 0:
            rest = re.sub(r"^[\s\-&]+", "", _remove_spans(o.name[: found[-1][1]], found) + o.name[found[-1][1]:])
            if rest in names and rest != o.name:
                o.name = rest
    for o in kept:
        if o.source == "text" and o.rule.startswith("name:organization_word"):
            parent = _TRAILING_HEAD.sub("", o.name)
            if parent != o.name and parent in names:
                o.name = parent
    # "the Research Council of the Kingdom of A" then "the Research Council": one body, when the document names one
    # such (two countries' 'Ministry of Education' stay two: a kind of body takes its country from its sentence)
    # and "the Gulf Fund" then "the Gulf Fund for Development": a short form that begins one longer name is that body
    of_country: dict[str, dict[str, str | None]] = {}
    for o in kept:
        if (at := _OF_COUNTRY_END.search(o.name)) and default_countries().lookup(_STATE_FORM.sub("", o.name[at.end():])):
            of_country.setdefault(o.name[: at.start()], {})[o.name] = o.country
        elif o.source == "text" and (at := _FOR_PURPOSE.search(o.name)) and len(o.name[: at.start()].split()) >= 2:
            of_country.setdefault(o.name[: at.start()], {})[o.name] = o.country
    for o in kept:
        if o.source == "text" and len(of_country.get(o.name, ())) == 1 and not names_a_kind_of_body(o.name):
            (o.name, o.country), = of_country[o.name].items()
    # "the Embassy of A in B" then "the Embassy of A": one post, named with its seat, when the document names one
    seated: dict[str, set[str]] = {}
    for o in kept:
        if (rep := _REPRESENTATION.match(o.name)) and (seat := re.search(r"[ \t]+(?:in|to)[ \t]+", o.name[rep.end():])):
            seated.setdefault(o.name[: rep.end() + seat.start()], set()).add(o.name)
    for o in kept:
        if len(seated.get(o.name, ())) == 1:
            o.name = next(iter(seated[o.name]))
    # "the X Interim Secretariat" then "the X Secretariat": one body, named as the text first names it in full
    provisional = {key: o.name for o in kept if o.source == "text" and (key := _without_provisional(o.name)) != org_key(o.name)}
    for o in kept:
        if o.source == "text" and (full := provisional.get(org_key(o.name))):
            o.name = full
    return kept


def _without_provisional(name: str) -> str:
    """The key of a name without its provisional-status words ('Interim', 'Transitional')."""
    return org_key(" ".join(w for w in name.split() if w not in PROVISIONAL_WORDS))


_PRIORITY = {"definition": 0, "institution_pattern": 1, "government": 1, "representation": 1, "reference": 2, "name": 3, "later_use": 4}
# the rules that read only the text, in the order they are listed; later_uses reads what they found
TEXT_RULES = (long_form_then_acronym, acronym_then_long_form, acronym_then_appositive_name, institution_and_city, office_of_known_body, government_of_country,
              government_by_adjective, government_of_a_monarch, post_named_by_adjective, known_body_by_name, known_body_by_acronym, news_agency_credit, secretariat_of_multinational_body, lab_named_in_capitals, column_wrapped_names, capitalised_name_with_organization_word,
              name_described_as_organization, word_and_country_as_subject, name_classed_by_a_noun, acronym_and_city, newspaper_masthead,
              unit_named_by_acronym, body_in_a_letterhead)


class _Spans:
    """Non-overlapping (start, end) spans kept sorted, for overlap queries in O(log n)."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        i = bisect.bisect_left(self.starts, end) - 1
        out = []
        while i >= 0 and self.ends[i] > start:
            out.append((self.starts[i], self.ends[i]))
            i -= 1
        return out

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)


# the line end first, the character before it looked back at: so the scan stops only at line ends
_WRAP = re.compile(r"\n(?<=[^\s.:;!?|]\n)(?=[ \t]*[A-Za-z])")
_PROSE_LINE = 40  # a letterhead's or a title's lines are short; a line wrapped in running text is longer


def _unwrapped(text: str) -> str:
    """The text with each line end that wraps running text in mid-sentence marked as '\r' (same length, so the
    same offsets): a long line with no column gap, not ending a sentence, followed by a line of words."""
    ends = []
    for m in _WRAP.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        next_end = text.find("\n", m.end())
        next_end = len(text) if next_end < 0 else next_end
        if (m.start() - line_start >= _PROSE_LINE and not _COLUMN_GAP.search(text, line_start, m.start())
                and not _COLUMN_GAP.search(text, m.end(), next_end) and not _LIST_ITEM.match(text, m.end())):
            ends.append(m.start())
    if not ends:
        return text
    chars = list(text)
    for at in ends:
        chars[at] = "\r"
    return "".join(chars)


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+•]|\d+[.)]|[a-z][.)])[ \t]")


def extract_organizations(text: str, reference: Reference | None = None) -> list[OrgMention]:
    """Every organization mention, non-overlapping, in text order."""
    reference = reference or default_reference()
    written, text = text, _unwrapped(text)
    candidates = [o for find in TEXT_RULES for o in find(text, reference)]
    candidates += later_uses(text, candidates)
    candidates.sort(key=lambda o: (_PRIORITY[o.rule.split(":")[0]], -(o.end - o.start), o.start))
    kept: list[OrgMention] = []
    occupied = _Spans()
    for o in candidates:
        overlaps = occupied.overlapping(o.start, o.end)
        if overlaps and o.rule.startswith("name:"):
            o = _trimmed(o, overlaps, text, reference)
            if o is None:
                continue
            overlaps = occupied.overlapping(o.start, o.end)
        if overlaps:
            continue
        kept.append(o)
        occupied.add(o.start, o.end)
    kept = _one_name_per_body(sorted(_merge_sub_units(kept), key=lambda o: o.start))
    # "Kenya's KIRDI": a country's possessive before any mention of a body the text defines gives it its country
    country_of = {o.name: c for o in kept if o.source == "text" and o.country is None and (c := _possessed_by_country(text, o.start))}
    for o in kept:
        if o.country is None and o.name in country_of:
            o.country = country_of[o.name]
    _kind_of_body_countries(text, kept)
    if text is not written:
        for o in kept:
            o.text = written[o.start:o.end]
    return kept


_SENTENCE_END = re.compile(r"[.!?][\"'’”)]*\s|\n[ \t]*\n")


def _kind_of_body_countries(text: str, kept: list[OrgMention]) -> None:
    """'Under the Chilean scheme, the Ministry of Education ...': a body named as many governments name one takes
    the one country its sentence names before it, outside other bodies' names, unless the document gives that name
    a country by the name's own words; the document's other mentions of the name take its country when it has one."""
    unplaced = [o for o in kept if o.country is None and names_a_kind_of_body(o.name)]
    if not unplaced:
        return
    stated: dict[str, set[str]] = {}
    for o in kept:
        if o.country and names_a_kind_of_body(o.name):
            stated.setdefault(o.name, set()).add(o.country)
    countries, spans = default_countries(), [(o.start, o.end) for o in kept]
    for o in unplaced:
        if o.name in stated:
            continue
        at = max(0, o.start - 300)
        start = max((m.end() for m in _SENTENCE_END.finditer(text, at, o.start)), default=at)
        found = {c.iso2 for s, e, c in countries.find(text[start:o.start]) if not any(a <= start + s < b for a, b in spans)}
        if len(found) == 1:
            o.country = found.pop()
    by_name: dict[str, set[str]] = {}
    for o in kept:
        if o.country and names_a_kind_of_body(o.name):
            by_name.setdefault(o.name, set()).add(o.country)
    for o in unplaced:
        if o.country is None and len(by_name.get(o.name, ())) == 1:
            o.country = next(iter(by_name[o.name]))


def _one_name_per_body(kept: list[OrgMention]) -> list[OrgMention]:
    """One body, one canonical name within a document: a known body's acronym, then the document's own
    definitions (its long form or acronym used again) win over what a pattern guessed."""
    by_acr = {o.acronym: o for o in kept if o.acronym and o.source == "reference"}
    defined: dict[str, OrgMention] = {}
    for o in kept:
        if o.rule.startswith("definition:"):
            defined.setdefault(o.acronym or "", o)
            if long := re.match(r"(?P<long>[^()]+?)\s*\(", o.text):
                defined.setdefault(org_key(long.group("long")), o)
                # "ABC-Polar Agency (PA)" defines "Polar Agency" too
                defined.setdefault(org_key(re.sub(r"^[A-Z]{2,}-", "", long.group("long"))), o)
    acronym_of = {org_key(o.name): o.acronym for o in kept if o.acronym}
    # one government per country in a document: "the Government of X" again after "the Government of the Republic of X"
    # (a state's or province's government is another body: only a name that holds a country's name counts)
    government_of: dict[str, str] = {}
    for o in kept:
        if o.rule.startswith("government:") and default_countries().find(o.name) and len(o.name) > len(government_of.get(o.country or "", "")):
            government_of[o.country or ""] = o.name
    for o in kept:
        if o.source == "text" and o.acronym in by_acr:
            ref = by_acr[o.acronym]
            o.name, o.country, o.source = ref.name, ref.country, ref.source
        elif not o.rule.startswith("definition:") and (d := defined.get(o.acronym or "") or defined.get(org_key(o.text))):
            o.name, o.acronym, o.country, o.source = d.name, d.acronym, d.country, d.source
        if o.acronym is None:
            o.acronym = acronym_of.get(org_key(o.name))
        if o.rule.startswith("government:") and o.country in government_of and default_countries().find(o.name):
            o.name = government_of[o.country]
    return kept
