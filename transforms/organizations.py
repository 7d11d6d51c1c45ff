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

DEFAULT_REFERENCE = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "organizations.csv"

HEADS = (
    "Ministry|Department|University|Univ\\.|Institute|Agency|Council|Society|Organisation|Organization|"
    "Corporation|Centre|Center|Committee|Commission|Foundation|Association|Academy|Bank|Office|Secretariat|"
    "Authority|Directorate|Board|Forum|Group|Bureau|Fund|Federation|Chamber|Alliance|Laboratory|"
    "School|College|Hospital|Consortium|Company|Ltd\\.?|Limited|Inc\\.?|Administration|Observatory|City|Prefecture|"
    "Government|Team|Factory|Service|Nations|Union|Trust|Parliament|Embassy|Consulate|High\\s+Commission|"
    "Universität|Université|Universidad|Universiti|Università|Industries|Motors|Holdings|Corp\\.|Co\\.|LLC|GmbH|Pvt\\.?\\s+Ltd\\.?"
)
_HEAD_RE = re.compile(rf"\b(?:{HEADS})(?![\w])")
_CAP = r"(?:[A-Z](?:\.[A-Z])+\.?|(?:Agri|Natl|Intl|Inst|Govt|Dept|Tech)\.|[A-Z][\w'’&\-]*)"
_CONN = r"(?:of|for|and|&|on|the|in|de|du|der|für)"
# "Health, Labour and Welfare": a list inside one name; "and Bhabha Atomic Research Centre" starts another body
_CAPLIST = rf"{_CAP}(?:\s+{_CAP}){{0,5}}(?:(?:,\s+{_CAP}(?:\s+{_CAP}){{0,3}}){{0,4}},?\s+(?:and|&)\s+(?!(?:{_CAP}\s+){{0,4}}(?:{HEADS})(?![\w]))(?!the\b|(?:Dr|Mr|Mrs|Ms|Prof|Shri|Smt|Sh|H\.E)\b){_CAP}(?:\s+{_CAP}){{0,3}})?"
GENERIC_RE = re.compile(  # starts at a capital: saying so up front lets the engine skip most positions
    rf"\b(?=[A-Z])(?:{_CAP}[ \t]+(?:(?:of|for|and|&)[ \t]+)?){{0,6}}(?:{HEADS})(?![\w])(?!\s+(?:Meeting|Programme|Program|Project|Dialogue|Summit|Scheme|Session|Visit|Exchange|Fair|Day|Week|Lecture|Seminar|Workshop|Conference|Symposium|Plan|Initiative|Award|Fellowship|Students?|Members?)s?\b)"
    rf"(?:\s+(?:of|for|on)\s+(?:the\s+)?{_CAPLIST})?(?:(?<=ät|té|ad|ti|tà)\s+[A-Z][\w-]+)?(?P<of_country>\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)?"
)
INSTITUTION_RE = re.compile(r"\b(?P<kind>IIT|NIT|IIIT|IISER|IIM|MNIT|NIIT)[-\s]?(?P<city>[A-Z][a-z]{2,})\b")
INSTITUTION_NAMES = {
    "IIT": "Indian Institute of Technology", "NIT": "National Institute of Technology",
    "IIIT": "Indian Institute of Information Technology", "IISER": "Indian Institute of Science Education and Research",
    "IIM": "Indian Institute of Management", "MNIT": "Malaviya National Institute of Technology",
}
ACRONYM_DEF_RE = re.compile(r"\(\s*(?P<acr>(?:M/o\s+)?[A-Z][A-Za-z&/\-.]{0,11}[A-Za-z]|[A-Z]{2,5}[-\s][A-Z][a-z]+)\s*\)")
REVERSE_DEF_RE = re.compile(r"\b(?P<acr>[A-Z][A-Za-z&/\-]{1,10}[A-Z][a-z]?)\s*\((?P<long>(?:[Tt]he\s+)?[A-Z][^()\n]{3,90}?)\)")
APPOSITIVE_RE = re.compile(
    r"\b(?P<name>[A-Z][\w&-]+(?:\s+[A-Z][\w&-]+){0,3}),\s+an?\s+(?:[\w-]+\s+){0,5}?"
    r"(?:non-profit|not-for-profit|nonprofit|company|firm|start-?up|organi[sz]ation|institute|university|agency|"
    r"consortium|foundation|think[- ]tank|NGO|corporation|Special\s+Purpose\s+Vehicle)\b"
)
ROLE_PREFIX = re.compile(r"^(?:[A-Z][\w-]+\s+)?(?:Director(?:[- ]General)?|Secretary|Minister|Chairman|Chairperson|President|Professor|Dean|Head|Ambassador|Governor|Mayor|Member|Fellow)\s*(?:,|of\s+(?:the\s+)?)\s*")
NOT_ORG_NAMES = re.compile(r"(?:Joint\s+)?Working\s+Group$|^(?:India|Japan|Indo)(?:[\s-]+(?:India|Japan))?\s+(?:Forum|Group)$")
LEADING_NOISE = re.compile(r"^(?:(?:India|Japan)\s+(?:and|&)\s+|(?:The|the|A|An|In|Under|As|For|At|On|With|By|From|Both|This|These|Also|Since|Through|Among|During|And|Between|Its|Their|Our|Further|Another|Other|Many|Several|Under|Via|Hon'ble|Honb'le)\s+)+")
NOT_ORG_ACRONYMS = {"MoU", "MOU", "MoUs", "MoC", "MOC", "MoCs", "IA", "LoI", "LOI", "MoA", "JWG", "PM", "CEO", "FY", "GDP", "R&D", "S&T", "STI", "ICT", "IT", "AI", "IoT", "IOT", "ML", "USD", "JPY", "INR", "EUR"}
# cities and regions that place a body in a country when its name does not say it
PLACE_WORDS = {
    "IN": re.compile(r"\b(?:Delhi|Mumbai|Bombay|Kolkata|Chennai|Madras|Bengaluru|Bangalore|Hyderabad|Kanpur|Kharagpur|Guwahati|Roorkee|Pune|Ahmedabad|Punjab|Panjab|Kerala|Gujarat|Tamil\s+Nadu|Karnataka)\b"),
    "JP": re.compile(r"\b(?:Tokyo|Osaka|Kyoto|Kyushu|Hokkaido|Tohoku|Nagoya|Hiroshima|Hamamatsu|Tsukuba|Yokohama|Kobe|Sendai|Fukuoka|Okinawa)\b"),
    "US": re.compile(r"\b(?:New\s+Mexico|California|Texas|Massachusetts|New\s+York)\b"),
}


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


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """The spelling-insensitive identity of a name: case, &/and, centre/center, organisation/organization, 'the'."""
    s = name.lower().replace("&", " and ")
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
        surface: list[str] = []
        for row in rows:
            ref = OrgRef(row["name"], row.get("acronym") or None, row.get("country") or None)
            for alias in [row["name"], *filter(None, (row.get("aliases") or "").split("|"))]:
                self.by_key.setdefault(org_key(alias), ref)
                surface.append(alias)
            if ref.acronym:
                self.by_acronym[ref.acronym] = ref
        names = sorted({s for s in surface if len(s) > 2}, key=len, reverse=True)
        acronyms = sorted(set(self.by_acronym) - NOT_ORG_ACRONYMS, key=len, reverse=True)
        self.names_re = re.compile(r"(?<![\w-])(?=[A-Z])(?:" + "|".join(map(re.escape, names)) + r")(?![\w])")
        self.acronyms_re = re.compile(r"(?<![\w])(?=[A-Z])(?:" + "|".join(map(re.escape, acronyms)) + r")(?![\w]|-[a-z])")

    @classmethod
    def load(cls, path: Path = DEFAULT_REFERENCE) -> "Reference":
        with open(path, newline="", encoding="utf-8") as fh:
            return cls(list(csv.DictReader(fh)))

    def lookup(self, name: str) -> OrgRef | None:
        return self.by_key.get(org_key(name))


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
        return _clean(tail[at:])
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
        if tok == "," or re.fullmatch(_CONN, tok) or re.fullmatch(r"[A-Z][\w'’&.\-]*", tok):
            out.append(tok)
            continue
        break
    while out and (out[-1] == "," or re.fullmatch(_CONN, out[-1])):
        out.pop()
    return " ".join(reversed(out)).replace(" ,", ",")


def _country(name: str, text: str, end: int) -> str | None:
    """The country a body belongs to: 'X, Japan' / 'X of India' after it, a country word in its name, or a city."""
    countries = default_countries()
    after = text[end:end + 40]
    if m := re.match(r"\s*(?:,|of|\()\s*(?:the\s+)?(?:Republic\s+of\s+)?([A-Z][\w.]+(?:\s+[A-Z][a-z]+)?)", after):
        for candidate in (m.group(1), m.group(1).split()[0]):
            if c := countries.lookup(candidate):
                return c.iso2
    if found := countries.find(name):
        if len({c for _, _, c in found}) > 1:
            return None  # "Indo-German Science and Technology Centre": a bilateral body
        return found[0][2].iso2
    for code, pat in PLACE_WORDS.items():
        if pat.search(name):
            return code
    return None


def _is_org_name(name: str) -> bool:
    return bool(_HEAD_RE.search(name)) and len(name.split()) >= 2


ABBREVIATIONS = {"Univ.": "University", "Inst.": "Institute", "Agri.": "Agricultural", "Natl.": "National",
                 "Intl.": "International", "Govt.": "Government", "Dept.": "Department", "Tech.": "Technology"}


def expand_abbreviations(name: str) -> str:
    """'Punjab Agri. Univ.' -> 'Punjab Agricultural University' for the canonical name."""
    return re.sub(r"\b(?:" + "|".join(re.escape(a) for a in ABBREVIATIONS) + r")(?!\w)", lambda m: ABBREVIATIONS[m.group()], name)


def _clean(name: str) -> str:
    name = LEADING_NOISE.sub("", ROLE_PREFIX.sub("", name.strip(" ,;:-")))
    name = name.rstrip(" ,;:-")
    if name.endswith(".") and not re.search(r"\b(?:" + "|".join(re.escape(a[:-1]) for a in ABBREVIATIONS) + r"|Inc|Ltd|Co)\.$", name):
        name = name.rstrip(".")
    name = re.sub(r",?\s+(?:Govt\.?|Government)\s+of\s+(?:India|Japan)$", "", name)
    name = re.sub(r"(?:\s+(?:of|for|and|&|the|on|in))+$", "", name)
    return re.sub(r"\s+", " ", name).strip(" ,;:-")


def _from_reference(ref: OrgRef, start: int, end: int, text: str, rule: str, conf: float, acronym: str | None = None) -> OrgMention:
    return OrgMention(start, end, text[start:end], ref.name, acronym or ref.acronym, ref.country, "reference", rule, conf)


def _definitions(text: str, reference: Reference) -> list[OrgMention]:
    out = []
    for m in ACRONYM_DEF_RE.finditer(text):
        acr = m.group("acr")
        if sum(c.isupper() for c in acr) < 2 or acr in NOT_ORG_ACRONYMS:
            continue
        line_start = max(text.rfind("\n", 0, m.start()) + 1, m.start() - 160)
        before = text[line_start:m.start()].rstrip()
        tail = _capitalised_tail(before)
        if not tail:
            continue
        long = _best_long_form(acr, tail)
        if not long or before.rfind(long) < 0:
            continue
        long_start = line_start + before.rfind(long)
        ref = reference.by_acronym.get(acr) or reference.lookup(long)
        if ref is not None:
            out.append(_from_reference(ref, long_start, m.end(), text, "definition:reference", 0.95, acronym=acr))
        elif _is_org_name(long):
            out.append(OrgMention(long_start, m.end(), text[long_start:m.end()], long, acr, _country(long, text, m.end()), "text", "definition:long_form_acronym", 0.9))
    for m in REVERSE_DEF_RE.finditer(text):
        acr, long = m.group("acr"), _clean(re.sub(r",\s*(?:India|Japan)$", "", m.group("long")))
        if acr in NOT_ORG_ACRONYMS and not _is_org_name(long):
            continue
        ref = reference.lookup(long) or reference.by_acronym.get(acr)
        if ref is not None:
            out.append(_from_reference(ref, m.start(), m.end(), text, "definition:acronym_long_form", 0.9, acronym=acr))
        elif _is_org_name(long) or _long_form_sh(acr, long):
            if _is_org_name(long):
                out.append(OrgMention(m.start(), m.end(), text[m.start():m.end()], long, acr, _country(long, text, m.end()), "text", "definition:acronym_long_form", 0.85))
    return out


def _institutions(text: str, reference: Reference) -> list[OrgMention]:
    out = []
    for m in INSTITUTION_RE.finditer(text):
        kind, city = m.group("kind"), m.group("city")
        name = f"{INSTITUTION_NAMES.get(kind, kind)} {city}"
        ref = reference.lookup(name)
        if ref is not None:
            out.append(_from_reference(ref, m.start(), m.end(), text, "institution_pattern", 0.9))
        else:
            out.append(OrgMention(m.start(), m.end(), m.group(), name, f"{kind} {city}", "IN", "text", "institution_pattern", 0.9))
    return out


def _generic(text: str, reference: Reference) -> list[OrgMention]:
    out = []
    for m in GENERIC_RE.finditer(text):
        raw = m.group()
        if m.group("of_country"):
            tail = re.sub(r"^\s+of\s+(?:the\s+)?(?:Republic\s+of\s+)?", "", m.group("of_country"))
            if default_countries().lookup(tail) is None and default_countries().lookup(tail.split()[0]) is None:
                raw = raw[: m.start("of_country") - m.start()]
            elif default_countries().lookup(tail) is None:
                raw = raw[: m.end("of_country") - m.start() - len(tail) + len(tail.split()[0])]
        name = _clean(raw)
        if not _is_org_name(name) or NOT_ORG_NAMES.search(name) or name.lower().startswith(("government of", "governments")) and not reference.lookup(name):
            continue
        if re.fullmatch(rf"(?:{HEADS})(?:\s+(?:of|for)\s+.*)?", name) and len(name.split()) < 3:
            continue
        start, end = _span_in(name, raw, m.start())
        if re.search(r"\b(?:an?|another|any|each|every|such)\s+$", text[max(0, start - 10):start], re.IGNORECASE):
            continue  # "set up an International Research Laboratory": a description, not a named body
        ref = reference.lookup(name)
        if ref is not None:
            out.append(_from_reference(ref, start, end, text, "name:reference", 0.9))
        else:
            full = expand_abbreviations(name)
            unit = _UNIT_OF.match(text, end)
            if unit and re.search(r"^(?:Institute|Centre|Center|School|Department|Faculty|Laboratory|Graduate)\b|\b(?:Institute|Centre|Center|Laboratory)\b", name) and not re.search(r"\bUniversity\b", name):
                full = f"{unit.group('parent')} {full}"  # "Institute for Advanced Study, Kyoto University"
            out.append(OrgMention(start, end, text[start:end], full, None, _country(full, text, end), "text", "name:organization_word", 0.6))
    for m in APPOSITIVE_RE.finditer(text):
        name = _clean(m.group("name"))
        if name and not reference.lookup(name):
            start, end = _span_in(name, m.group("name"), m.start("name"))
            out.append(OrgMention(start, end, text[start:end], name, None, _country(m.group(), text, m.end()), "text", "name:appositive", 0.7))
    return out


def _span_in(name: str, raw: str, offset: int) -> tuple[int, int]:
    """Where a cleaned name lies in the text it was cleaned from: _clean collapses runs of spaces,
    tabs and line ends, so a mention's offsets must be found with any whitespace between its words."""
    m = _spaced_name(name).search(raw)
    return offset + m.start(), offset + m.end()


@lru_cache(maxsize=4096)
def _spaced_name(name: str) -> re.Pattern:
    """A name's words with any whitespace between them, compiled once per name: compiled per mention
    through re.search, thousands of names push the extractors' own patterns out of re's cache."""
    return re.compile(r"\s+".join(map(re.escape, name.split(" "))))


_UNIT_OF = re.compile(r",\s+(?P<parent>(?:[A-Z][\w-]+\s+)?University(?:\s+of\s+[A-Z][\w-]+)?|University\s+of\s+[A-Z][\w-]+)\b")


def _inside_longer_name(text: str, start: int, end: int) -> bool:
    """'Ministry of Education' inside 'Federal Ministry of Education and Research' is not that ministry."""
    before = text[max(0, start - 30):start]
    after = text[end:end + 60]
    if re.search(r"(?<![.:;])\b(?!The\b|And\b)[A-Z][\w-]+[ \t]+$", before) and " " in text[start:end]:
        return True
    m = re.match(rf"[ \t]+(?:and|&|of|for)[ \t]+(?P<next>(?:[A-Z][\w-]*[ \t]+){{0,3}}[A-Z][\w-]*)", after)
    return bool(m) and not _HEAD_RE.search(m.group("next")) and not default_countries().lookup(m.group("next"))


def _reference_mentions(text: str, reference: Reference) -> list[OrgMention]:
    out = []
    for m in reference.names_re.finditer(text):
        if _inside_longer_name(text, m.start(), m.end()):
            continue
        ref = reference.lookup(m.group())
        if ref and not (ref.name.split()[-1] == m.group() and re.search(r"[A-Z][a-z]+\s+$", text[max(0, m.start() - 20):m.start()])):
            out.append(_from_reference(ref, m.start(), m.end(), text, "reference:name", 0.9))
    for m in reference.acronyms_re.finditer(text):
        ref = reference.by_acronym[m.group()]
        out.append(_from_reference(ref, m.start(), m.end(), text, "reference:acronym", 0.85))
    return out


def _later_uses(text: str, defined: list[OrgMention]) -> list[OrgMention]:
    """An acronym or one-word name the document defined, used again on its own."""
    forms: dict[str, OrgMention] = {}
    for d in defined:
        if d.acronym and d.acronym not in NOT_ORG_ACRONYMS:
            forms.setdefault(d.acronym, d)
        if d.rule == "name:appositive":
            forms.setdefault(d.name, d)
    if not forms:
        return []
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, sorted(forms, key=len, reverse=True))) + r")(?![\w]|-[a-z])")
    out = []
    for m in pattern.finditer(text):
        d = forms[m.group()]
        out.append(OrgMention(m.start(), m.end(), m.group(), d.name, d.acronym, d.country, d.source, "later_use", d.confidence * 0.95))
    return out


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
        if name and _is_org_name(name) and not NOT_ORG_NAMES.search(name) and (best is None or len(name) > len(best[2])):
            best = (*_span_in(name, raw, a), name)
    if best is None:
        return None
    start, end, name = best
    ref = reference.lookup(name)
    if ref is not None:
        return _from_reference(ref, start, end, text, "name:reference", 0.9)
    return OrgMention(start, end, text[start:end], expand_abbreviations(name), None, _country(name, text, end), "text", o.rule, o.confidence)


def _merge_sub_units(kept: list[OrgMention]) -> list[OrgMention]:
    """'NMexus Centre' beside 'NMexus': a unit named after a body the document names is that body."""
    names = {o.name for o in kept}
    for o in kept:
        if o.source == "text" and o.rule.startswith("name:organization_word"):
            parent = re.sub(rf"\s+(?:{HEADS})$", "", o.name)
            if parent != o.name and parent in names:
                o.name = parent
    return kept


_PRIORITY = {"definition": 0, "institution_pattern": 1, "reference": 2, "name": 3, "later_use": 4}


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


def extract_organizations(text: str, reference: Reference | None = None) -> list[OrgMention]:
    """Every organization mention, non-overlapping, in text order."""
    reference = reference or default_reference()
    candidates = _definitions(text, reference) + _institutions(text, reference) + _reference_mentions(text, reference)
    candidates += _generic(text, reference)
    candidates += _later_uses(text, candidates)
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
    kept = _merge_sub_units(kept)
    # one body, one canonical spelling within the document: unify by key and by acronym
    by_acr = {o.acronym: o for o in kept if o.acronym and o.source == "reference"}
    acronym_of = {org_key(o.name): o.acronym for o in kept if o.acronym}
    for o in kept:
        if o.source == "text" and o.acronym in by_acr:
            ref = by_acr[o.acronym]
            o.name, o.country, o.source = ref.name, ref.country, ref.source
        if o.acronym is None:
            o.acronym = acronym_of.get(org_key(o.name))
    return sorted(kept, key=lambda o: o.start)
