"""People: names after an honorific or a role word, with the role and organization the text gives."""
from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.organizations import OrgMention

HONORIFIC = r"(?:Prof\.?|Professor|Dr\.?|Mr\.?|Ms\.?|Mrs\.?|Shri|Smt\.?|Sh\.|H\.E\.|His\s+Excellency|Her\s+Excellency|Hon'ble|Honb'le)"
ROLE_WORDS = (
    r"(?:Prime\s+Minister|PM|Chief\s+Minister|Minister(?:\s+of\s+State)?|Mayor|Governor|President|Vice[- ]President|"
    r"Director(?:[- ]General)?|Executive\s+Director|Managing\s+Director|Chairman|Chairperson|Chair|Ambassador|"
    r"Secretary|Joint\s+Secretary|Vice[- ]Chancellor|Chancellor|CEO|Chief\s+Executive|Dean|Head|Consul\s+General|Senator)"
)
_NAME_TOKEN = r"(?:[A-Z]\.\s?|[A-Z]{2}\s|[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{3,})"
NAME = rf"(?P<name>{_NAME_TOKEN}(?:\s?{_NAME_TOKEN}){{1,3}})"
_NOT_NAMES = re.compile(r"\b(?:India|Japan|Japanese|Indian|Government|Ministry|Department|University|Institute|Agency|Council|Society|Minister|Secretary|Director|The|And|Of|MoU|MoC|IIT|Centre|Center)\b")

HONORIFIC_RE = re.compile(rf"(?P<hon>{HONORIFIC}(?:\s+(?:Mr\.?|Shri|Dr\.?))*)\s+{NAME}")
ROLE_BEFORE_RE = re.compile(rf"\b(?P<role>(?:[A-Z][\w-]+\s+)?{ROLE_WORDS}(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w-]*(?:(?:,\s+|\s+(?:and|&)\s+|\s+)[A-Z][\w-]*){{0,5}})?)\s+(?:{HONORIFIC}\s+)?{NAME}")
_ROLE_RIGHT_BEFORE = re.compile(rf"\b(?P<role>(?:[A-Z][\w-]+\s+)?{ROLE_WORDS})\s+$")
ROLE_AFTER = re.compile(rf"\s*(?:,\s*|\(\s*)(?P<role>(?:the\s+)?(?:[A-Z][\w'-]*\s+)*?(?:{ROLE_WORDS}|Nobel\s+Laureate|Professor|Scientist)[^.;:()\n]{{0,90}}?)(?=[.;)\n]|,\s+(?:and|said|led|signed|who)\b|\s+(?:said|signed|led|added|from)\b|$)")


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


def _org_in(orgs: list[OrgMention], start: int, end: int) -> OrgMention | None:
    return next((o for o in orgs if start <= o.start < end), None)


def extract_people(text: str, orgs: list[OrgMention]) -> list[Person]:
    """People named with an honorific or a role word; one row per mention."""
    out: list[Person] = []
    taken: list[tuple[int, int]] = []
    for rx, rule in ((HONORIFIC_RE, "person:honorific"), (ROLE_BEFORE_RE, "person:role_before")):
        for m in rx.finditer(text):
            name = _clean_name(m.group("name"))
            if _NOT_NAMES.search(name) or len(name) < 4 or any(s < m.end() and m.start() < e for s, e in taken):
                continue
            name_end = m.start("name") + len(m.group("name").rstrip(" ,."))
            role, end = None, name_end
            if rule == "person:role_before":
                role = m.group("role")
            elif rb := _ROLE_RIGHT_BEFORE.search(text[max(0, m.start() - 40):m.start()]):
                role = rb.group("role")
            if after := ROLE_AFTER.match(text, name_end):
                role = after.group("role").strip(" ,") if role is None else f"{role}; {after.group('role').strip(' ,')}"
                end = after.end("role")
            before_org = _org_in(orgs, max(0, m.start() - 40), m.start()) if rule == "person:role_before" else None
            org = _org_in(orgs, name_end, end) or before_org
            hon = m.group("hon") if "hon" in m.groupdict() and m.groupdict().get("hon") else None
            out.append(Person(m.start(), name_end, text[m.start():name_end], name, hon, role, org, rule, 0.8 if role else 0.65))
            taken.append((m.start(), name_end))
    return sorted(out, key=lambda p: p.start)
