"""Countries by name, adjective or alias (seeds/reference/countries.csv, every ISO 3166 country) and the
places that lie in one (seeds/reference/places.csv), found longest first so 'New Mexico' is never 'Mexico'."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "seeds" / "reference"
DEFAULT_COUNTRIES = REFERENCE / "countries.csv"
DEFAULT_PLACES = REFERENCE / "places.csv"


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str
    adjectives: tuple[str, ...] = ()
    article: str = ""  # "the" where English writes "the United States"

    @property
    def government(self) -> str:
        return f"Government of {self.article + ' ' if self.article else ''}{self.name}"

    @property
    def adjective(self) -> str | None:
        return self.adjectives[0] if self.adjectives else None


MAX_CACHED_TEXT = 120  # characters: an organization's name, not a sentence
# a word that starts with a letter, not after a letter, digit or point, whole: the phrases that begin with it are tried
_CAPITALISED_WORD = re.compile(r"(?<![\w.])[^\W\d_][^\W_]*")
# the same words that start with A-Z: the engine skips to a capital at C speed instead of trying every position
_ASCII_CAPITALISED_WORD = re.compile(r"[A-Z](?<![\w.][A-Z])[^\W_]*")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _capitalised_words(text: str):
    """The words that may start a country's or a place's name, with any others that start with a letter (the caller
    keeps those that start with a capital): those that start with A-Z when no capital outside ASCII occurs."""
    if text.isascii() or not any(ch.isupper() for ch in set(_NOT_ASCII.findall(text))):
        return _ASCII_CAPITALISED_WORD.finditer(text)
    return _CAPITALISED_WORD.finditer(text)


def _phrase_pattern(phrase: str) -> re.Pattern:
    """A phrase with any whitespace between its words, ending at a word boundary (or its own full stop)."""
    body = r"\s+".join(map(re.escape, phrase.split()))
    return re.compile(body + ("" if phrase.endswith(".") else r"(?![\w])"), 0 if _exact_case(phrase) else re.IGNORECASE)


def _exact_case(phrase: str) -> bool:
    """Upper-case short forms ('US', 'UK') match only as written: 'us' the pronoun is not the US."""
    return phrase.replace(".", "").isupper() and len(phrase.replace(".", "")) <= 4


class Countries:
    """Countries and places as one longest-first matcher: each capitalised word is tried once against the
    phrases that begin with it (longest first), so a scan is linear in the text's length."""

    def __init__(self, rows: list[dict], places: list[dict] = ()):
        self.by_word: dict[str, Country] = {}  # names, adjectives and aliases
        self.places: dict[str, Country] = {}
        self.countries: list[Country] = []
        for row in rows:
            adjectives = tuple(filter(None, (row.get("adjectives") or "").split("|")))
            country = Country(row["name"], row["iso2"], adjectives, (row.get("article") or "").strip())
            self.countries.append(country)
            for word in [row["name"], *adjectives, *filter(None, (row.get("aliases") or "").split("|"))]:
                self.by_word.setdefault(word.lower(), country)
        by_iso = {c.iso2: c for c in self.countries}
        for row in places:
            if row["iso2"] in by_iso:
                self.places.setdefault(row["place"].lower(), by_iso[row["iso2"]])
        self._by_first: dict[str, list[tuple[re.Pattern, str, bool]]] = {}
        phrases = [(w, False) for w in self.by_word] + [(p, True) for p in self.places if p not in self.by_word]
        originals = {w.lower(): w for w in self._spellings(rows, places)}
        for phrase, is_place in sorted(phrases, key=lambda p: -len(p[0])):
            written = originals.get(phrase, phrase)
            first = re.match(r"[^\W_]+", written)
            if first:
                self._by_first.setdefault(first.group().lower(), []).append((_phrase_pattern(written), phrase, is_place))

    @staticmethod
    def _spellings(rows: list[dict], places) -> list[str]:
        out = []
        for row in rows:
            out += [row["name"], *(row.get("adjectives") or "").split("|"), *(row.get("aliases") or "").split("|")]
        return [w for w in out + [p["place"] for p in places] if w]

    @classmethod
    def load(cls, path: Path = DEFAULT_COUNTRIES, places: Path | None = DEFAULT_PLACES) -> "Countries":
        with open(path, newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        place_rows = []
        if places is not None:
            with open(places, newline="", encoding="utf-8") as fh:
                place_rows = list(csv.DictReader(fh))
        return cls(rows, place_rows)

    def lookup(self, word: str) -> Country | None:
        """The country a name, adjective or alias denotes."""
        return self.by_word.get(word.lower().strip())

    def lookup_place(self, word: str) -> Country | None:
        """The country a country word or a known place (a city, a state) lies in."""
        key = word.lower().strip()
        return self.by_word.get(key) or self.places.get(key)

    def find(self, text: str) -> list[tuple[int, int, Country]]:
        """Every country named in `text` by its name, adjective or alias, capitalised as written; a place
        whose name holds a country's ('New Mexico') is the place, not that country."""
        return [(s, e, c) for s, e, c, is_place in self.locate(text) if not is_place]

    def locate(self, text: str) -> list[tuple[int, int, Country, bool]]:
        """Countries and places in `text`, longest first, left to right: (start, end, country, is_place).
        Names repeat across documents and are cached; longer texts are not, to keep a worker's memory flat."""
        return list(self._locate_cached(text) if len(text) <= MAX_CACHED_TEXT else self._locate(text))

    @lru_cache(maxsize=16384)
    def _locate_cached(self, text: str) -> tuple[tuple[int, int, Country, bool], ...]:
        return self._locate(text)

    def _locate(self, text: str) -> tuple[tuple[int, int, Country, bool], ...]:
        out, at, by_first = [], 0, self._by_first
        for m in _capitalised_words(text):
            word = m.group()
            if m.start() < at or not word[0].isupper():
                continue
            for pattern, key, is_place in by_first.get(word[:40].lower(), ()):
                hit = pattern.match(text, m.start())
                if hit:
                    country = self.places[key] if is_place else self.by_word[key]
                    out.append((hit.start(), hit.end(), country, is_place))
                    at = hit.end()
                    break
        return tuple(out)


@lru_cache(maxsize=1)
def default_countries() -> Countries:
    return Countries.load()
