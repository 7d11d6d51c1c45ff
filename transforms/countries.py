"""Countries by name, adjective or alias (seeds/reference/countries.csv), for parties and organization countries."""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DEFAULT_COUNTRIES = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "countries.csv"


@dataclass(frozen=True)
class Country:
    name: str
    iso2: str

    @property
    def government(self) -> str:
        return f"Government of {self.name}"


MAX_CACHED_TEXT = 120  # characters: an organization's name, not a sentence


class Countries:
    def __init__(self, rows: list[dict]):
        self.by_word: dict[str, Country] = {}
        for row in rows:
            country = Country(row["name"], row["iso2"])
            for word in [row["name"], *filter(None, row.get("aliases", "").split("|"))]:
                self.by_word.setdefault(word.lower(), country)
        words = sorted(self.by_word, key=len, reverse=True)
        # capitalised words only: 'us' the pronoun is not the US
        self.pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w])", re.IGNORECASE)
        self.names_pattern = re.compile(
            r"(?<![\w.])(?:" + "|".join(re.escape(r["name"]) for r in sorted(rows, key=lambda r: -len(r["name"]))) + r")(?![\w])"
        )

    @classmethod
    def load(cls, path: Path = DEFAULT_COUNTRIES) -> "Countries":
        with open(path, newline="", encoding="utf-8") as fh:
            return cls(list(csv.DictReader(fh)))

    def lookup(self, word: str) -> Country | None:
        return self.by_word.get(word.lower().strip())

    def find(self, text: str) -> list[tuple[int, int, Country]]:
        """Every country named in `text` by its name or adjective, case as written (capitalised). Names repeat
        across documents and are cached; longer texts (sentences, the head of a document) rarely do, and
        caching them would only hold a worker's memory growing with every document."""
        return list(self._find_in_name(text) if len(text) <= MAX_CACHED_TEXT else self._find(text))

    @lru_cache(maxsize=16384)
    def _find_in_name(self, text: str) -> tuple[tuple[int, int, Country], ...]:
        return self._find(text)

    def _find(self, text: str) -> tuple[tuple[int, int, Country], ...]:
        out = []
        for m in self.pattern.finditer(text):
            if m.group()[0].isupper() and (m.group() != "US" or text[m.start():m.end()] == "US"):
                out.append((m.start(), m.end(), self.by_word[m.group().lower()]))
        return tuple(out)


@lru_cache(maxsize=1)
def default_countries() -> Countries:
    return Countries.load()
