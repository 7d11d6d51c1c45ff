"""The country matcher's scan: only the words that start with a capital are tried, found the fast way (A-Z) when a
text has no capital outside ASCII; the countries are taken from the data file, never named here."""
from __future__ import annotations

import random

import pytest

from transforms.countries import _CAPITALISED_WORD, _capitalised_words, default_countries

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

PIECES = ["word", "Word", "WORD", " ", "  ", "\n", ".", ",", "-", "'", "1", "x2", "_", "é", "É", "Ø", "ø", "ß", "İ", "ǅ", "Ⅻ",
          "A.", "e.G", "Über", "über", "ÉCOLE", "中", "–"]


def _capitalised(matches) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in matches if m.group()[0].isupper()]


def test_the_fast_scan_finds_every_capitalised_word_of_the_plain_one():
    rng = random.Random(21)
    for _ in range(5000):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 16)))
        assert _capitalised(_capitalised_words(text)) == _capitalised(_CAPITALISED_WORD.finditer(text)), repr(text)


def _countries(first_is_ascii: bool, n: int) -> list[str]:
    names = [c.name for c in default_countries().countries if c.name[0].isascii() == first_is_ascii]
    return random.Random(5).sample(names, min(n, len(names)))


@pytest.mark.parametrize("name", _countries(False, 3) + _countries(True, 3))
@pytest.mark.parametrize("other", ["", " Éloïse Ødegaard wrote.", " The ÉCOLE agreed."])
def test_a_country_is_found_whatever_capitals_the_text_holds(name, other):
    text = f"Delegates from {name} met on Monday.{other}"
    found = default_countries().find(text)
    assert [(text[s:e], c.name) for s, e, c in found] == [(name, name)]
