"""People: names after an honorific or a role, names followed by ', <role>', signatories under a
signature block, and bylines; each with the role and organization the text gives."""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.organizations import OrgMention

HONORIFIC = r"(?:Prof\.?|Professor|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Shri|Smt\.?|Sh\.|H\.\s?E\.|His\s+Excellency|Her\s+Excellency|Hon'ble|Honb'le)"
ROLE_WORD = (
    r"(?:Prime\s+Minister|PM|Chief\s+Minister|(?:Vice[- ])?Minister(?:\s+of\s+State)?|Mayor|Governor|(?:Vice[- ])?President|"
    r"(?:Deputy\s+|Executive\s+|Managing\s+)?Director(?:[- ]+General)?|DG|Chairman|Chairperson|Chair|Ambassador|"
    r"(?:Joint\s+|Additional\s+|Principal\s+)?Secretary|(?:Vice[- ])?Chancellor|CEO|Chief\s+Executive(?:\s+Officer)?|"
    r"Dean|Head|Consul(?:\s+General)?|Senator|(?:Principal\s+)?(?:Scientific\s+)?Advis[eo]r|Chief\s+Representative|"
    r"Representative|Counsell?or|Envoy|Commissioner|Registrar|Rector|Provost|Founder|Professor|Chief\s+Scientist|Scientist|"
    r"Nobel\s+Laureate|Spokesperson|Officer|Member\s+of\s+Parliament|MP)"
)
_TOKEN = r"(?:[A-Z]\.\s?|[A-Z]{2}\s|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{3,})"
NAME = rf"(?P<name>{_TOKEN}(?:[ \t]?{_TOKEN}){{1,3}})"
_NOT_NAME = re.compile(
    r"\b(?:India|Japan|Japanese|Indian|Government|Ministry|Department|University|Institute|Agency|Council|Society|Minister|"
    r"Secretary|Director|President|The|And|Of|For|MoU|MoC|IIT|Centre|Center|Office|Bureau|Programme|Program|Science|Technology|"
    r"Memorandum|Cooperation|Partnership|Article|Paragraph|Digital|Joint|Committee|Prime|Chief|Union|Cabinet|Mission|Summit)\b"
)

# each pattern starts at a capital letter: saying so up front lets the engine skip most positions
HONORIFIC_RE = re.compile(rf"(?=[A-Z])(?P<hon>{HONORIFIC}(?:\s+(?:Mr\.?|Shri|Dr\.?|Prof\.?))*)\s+{NAME}")
ROLE_BEFORE_RE = re.compile(
    rf"\b(?=[A-Z])(?P<role>(?:[A-Z][\w-]+\s+)?{ROLE_WORD}(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w-]*(?:(?:,\s+|\s+(?:and|&)\s+|\s+)[A-Z][\w-]*){{0,5}})?)\s+(?:{HONORIFIC}\s+)?{NAME}"
)
NAME_THEN_ROLE_RE = re.compile(rf"(?<![\w.])(?=[A-Z])(?<!of\s){NAME},\s*(?=(?:the\s+)?(?:[A-Z][\w'-]*\s+){{0,3}}{ROLE_WORD}\b)")
SIGNATORY_RE = re.compile(rf"^[ \t*]*{NAME}[ \t*]*\n[ \t*]*(?P<role>{ROLE_WORD}[^\n]{{0,80}}(?:\n(?![ \t]*\n)[^\n]{{0,60}})?)", re.MULTILINE)
BYLINE_RE = re.compile(rf"^[ \t]*(?:\((?:By\s+)?{NAME}\)[ \t]*\Z|By\s+{NAME.replace('(?P<name>', '(?P<name2>')}[ \t]*$)", re.MULTILINE)
_ROLE_RIGHT_BEFORE = re.compile(rf"\b(?P<role>(?:[A-Z][\w-]+\s+)?{ROLE_WORD})\s*,?\s+$", re.IGNORECASE)
# where a role phrase after a name stops: the next person, a verb, a clause
_ROLE_STOP = re.compile(
    rf"[.;\n]|\s+(?:and|&)\s+(?={HONORIFIC}|[a-z])|,?\s+(?:was|were|is|are|has|have|had|said|says|signed|led|added|announced|from|over|at\s+the|in\s+the|here)\b|,\s+(?={HONORIFIC})"
)


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


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.")


def _role_after(text: str, at: int) -> tuple[str, int] | None:
    """', Director of IIT Kanpur' / '(Secretary (Technology) of ...)' right after a name."""
    m = re.match(r"\s*(?:,\s*|\(\s*)", text[at:at + 3])
    if not m:
        return None
    start = at + m.end()
    window = text[start:start + 140]
    if not re.match(rf"(?:the\s+)?(?:[A-Z][\w'-]*\s+){{0,4}}{ROLE_WORD}\b|(?:the\s+)?(?:[A-Z][\w'-]*[\s-]+){{0,3}}(?:Laureate|Adviser|Advisor)\b", window):
        return None
    stop = _ROLE_STOP.search(window)
    role = window[: stop.start() if stop else len(window)].strip(" ,(")
    role = re.sub(r"\s*\)+$", "", role) if role.count("(") < role.count(")") else role
    return (role, start + len(role)) if role else None


def _org_in(orgs: list[OrgMention], start: int, end: int) -> OrgMention | None:
    return next((o for o in orgs if start <= o.start < end), None)


def _org_before(orgs: list[OrgMention], text: str, start: int) -> OrgMention | None:
    """'IIT-Hyderabad director Prof. BS Murty', "MIC's YOSHIDA Mabito": the body named right before."""
    for o in orgs:
        if 0 <= start - o.end <= 30 and re.fullmatch(r"(?:'s)?\s+(?:[\w-]+\s+){0,3}", text[o.end:start]):
            return o
    return None


def extract_people(text: str, orgs: list[OrgMention]) -> list[Person]:
    """People with their role and organization, one row per mention."""
    out: list[Person] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, name_start: int, raw_name: str, hon, role, rule: str, role_end: int | None = None) -> None:
        name = _clean_name(raw_name)
        name_end = name_start + len(raw_name.rstrip(" ,."))
        if _NOT_NAME.search(name) or len(name) < 4 or any(s < name_end and start < e for s, e in taken):
            return
        org = _org_in(orgs, name_end, role_end) if role_end else None
        org = org or _org_before(orgs, text, start)
        out.append(Person(start, name_end, text[start:name_end], name, hon, role, org, rule, 0.8 if role else 0.6))
        taken.append((start, name_end))

    for m in SIGNATORY_RE.finditer(text):
        role = re.sub(r"\s+", " ", m.group("role")).strip(" *")
        add(m.start("name"), m.start("name"), m.group("name"), None, role, "person:signatory", m.end("role"))
    for m in ROLE_BEFORE_RE.finditer(text):
        role, role_end = m.group("role"), None
        name_end = m.start("name") + len(m.group("name"))
        if after := _role_after(text, name_end):
            role, role_end = f"{role}; {after[0]}", after[1]
        add(m.start(), m.start("name"), m.group("name"), None, role, "person:role_before", role_end)
    for m in HONORIFIC_RE.finditer(text):
        name_end = m.start("name") + len(m.group("name"))
        role, role_end = None, None
        if after := _role_after(text, name_end):
            role, role_end = after
        elif before := _ROLE_RIGHT_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
            role = before.group("role")
        add(m.start(), m.start("name"), m.group("name"), m.group("hon"), role, "person:honorific", role_end)
    for m in NAME_THEN_ROLE_RE.finditer(text):
        after = _role_after(text, m.end("name"))
        if after:
            add(m.start("name"), m.start("name"), m.group("name"), None, after[0], "person:name_role", after[1])
    for m in BYLINE_RE.finditer(text):
        group = "name" if m.group("name") else "name2"
        add(m.start(group), m.start(group), m.group(group), None, "author", "person:byline")
    return sorted(out, key=lambda p: p.start)
