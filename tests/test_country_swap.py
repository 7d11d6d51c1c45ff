"""Extraction does not depend on which countries a document is about (issue 10): the seeds with their country
pair replaced by two other countries give the same figures, agreements, parties and number of organizations.

The seeds' pair is found, not named: the two countries the seeds mention most. The pairs put in their place
are taken from the countries data file, among countries the seeds never mention."""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest

from transforms.countries import Country, default_countries
from transforms.extract import extract_document

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
TODAY = dt.date(2026, 6, 1)


def _texts() -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in SEEDS}


def _forms(c: Country) -> dict[str, str]:
    """Every word that names a country, mapped to whether it is a name ('name') or an adjective ('adjective')."""
    countries = default_countries()
    forms = {w: "name" for w, v in countries.by_word.items() if v == c}
    for adjective in c.adjectives:
        forms[adjective.lower()] = "adjective"
    return forms


def _spelled(word_lower: str, text: str) -> list[str]:
    """The spellings of a word the texts use: as the data writes it (capitalised) and in capitals."""
    found = {m.group() for m in re.finditer(rf"(?<![\w.]){re.escape(word_lower)}(?![\w])", text, re.IGNORECASE)}
    return sorted(w for w in found if w[0].isupper())


def swap(text: str, pairs: list[tuple[Country, Country]], corpus: str) -> str:
    """Replace every name and adjective of each source country by the target's name or main adjective,
    all at once, at word boundaries, keeping capitals where the text writes a word in capitals."""
    table: dict[str, str] = {}
    for source, target in pairs:
        for form, kind in _forms(source).items():
            replacement = target.name if kind == "name" else (target.adjective or target.name)
            for spelling in _spelled(form, corpus):
                table[spelling] = replacement.upper() if spelling.isupper() and len(spelling) > 3 else replacement
    if not table:
        return text
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")(?![\w])")
    return pattern.sub(lambda m: table[m.group()], text)


def seed_pair(texts: dict[str, str]) -> tuple[Country, Country]:
    counts = Counter(c for t in texts.values() for _, _, c in default_countries().find(t))
    (a, _), (b, _) = counts.most_common(2)
    return a, b


def target_pairs(texts: dict[str, str]) -> list[tuple[Country, Country]]:
    """Two pairs of countries that the seeds never mention and that have a one-word name and an adjective."""
    corpus = "\n".join(texts.values()).lower()
    eligible = [c for c in default_countries().countries
                if c.adjective and " " not in c.name and " " not in c.adjective and c.article == ""
                and not any(re.search(rf"\b{re.escape(w)}\b", corpus) for w in _forms(c))
                and len({default_countries().lookup(w) for w in _forms(c)}) == 1]
    # spread over the alphabet so the pairs differ in spelling, region and length
    picks = [eligible[i * len(eligible) // 4] for i in range(4)]
    return [(picks[0], picks[1]), (picks[2], picks[3])]


def _placeholders(pairs: list[tuple[Country, Country]]) -> Callable[[str], str]:
    """A name with each country of a pair, in any of its forms, replaced by the pair's placeholder, so that
    'Government of <first>' from either run compares equal."""
    table = {}
    for i, pair in enumerate(pairs):
        for c in pair:
            for form in _forms(c):
                table[form] = f"<{i}>"
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, sorted(table, key=len, reverse=True))) + r")(?![\w])", re.IGNORECASE)
    return lambda s: pattern.sub(lambda m: table[m.group().lower()], s)


@lru_cache(maxsize=32)
def _extract(name: str, text: str):
    return extract_document(text, source_name=name, today=TODAY)


def facts(texts: dict[str, str], canon: Callable[[str], str]):
    """What must not change: figures, agreements with their parties, and the number of organizations per document."""
    out = {}
    for name, text in texts.items():
        ex = _extract(name, text)
        figures = sorted((f["kind"], f["value"], f["unit"], f["qualifier"], f["money_type"], f["is_exchange"], f["duration_days"]) for f in ex.figures)
        parties: dict[str, list[str]] = {}
        for p in ex.agreement_parties:
            parties.setdefault(p["agreement_id"], []).append(canon(p["name"]))
        agreements = sorted((a["agreement_type"], str(a["signed_date"]), a["signed_date_precision"], a["duration_value"], a["duration_unit"],
                             tuple(sorted(parties.get(a["agreement_id"], [])))) for a in ex.agreements)
        out[name] = {"figures": figures, "agreements": agreements, "organizations": len(ex.organizations)}
    return out


TEXTS = _texts()
SOURCE = seed_pair(TEXTS)
TARGETS = target_pairs(TEXTS)
BASELINE: dict = {}


@pytest.mark.parametrize("pair", TARGETS, ids=[f"{a.iso2}-{b.iso2}" for a, b in TARGETS])
def test_swapping_the_country_pair_changes_nothing(pair):
    mapping = [(SOURCE[0], pair[0]), (SOURCE[1], pair[1])]
    canon = _placeholders(mapping)
    if pair not in BASELINE:
        BASELINE[pair] = facts(TEXTS, canon)
    corpus = "\n".join(TEXTS.values())
    swapped = {name: swap(text, mapping, corpus) for name, text in TEXTS.items()}
    assert swapped != TEXTS
    for target in pair:  # the new countries are really in the texts, under their own names
        assert any(re.search(rf"\b{re.escape(target.name)}\b", t) for t in swapped.values())
    got = facts(swapped, canon)
    for name in TEXTS:
        assert got[name] == BASELINE[pair][name], name


def test_the_swap_replaces_names_and_adjectives_at_word_boundaries():
    a, b = TARGETS[0]
    text = f"The {SOURCE[0].name}-{SOURCE[1].name} forum; {SOURCE[0].adjective} and {SOURCE[1].adjective} teams; {SOURCE[0].name.upper()}."
    out = swap(text, [(SOURCE[0], a), (SOURCE[1], b)], text)
    assert out == f"The {a.name}-{b.name} forum; {a.adjective} and {b.adjective} teams; {a.name.upper()}."
