"""Currencies as people write them, from CLDR through Babel: every ISO 4217 code, the symbols English-language
locales use, and the English names (singular and plural), plus the conventions of the press that CLDR does
not record (`seeds/reference/currency_conventions.csv`: Rs, C$, NIS, bare 'dollars').

The vocabulary is built once, at import (about half a second: Babel loads every English locale), and then
only looked up: a figure asks for the words next to its number, never runs a pattern of currency names.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.localedata import locale_identifiers
from babel.numbers import get_territory_currencies, list_currencies

CONVENTIONS = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "currency_conventions.csv"


@lru_cache(maxsize=65536)
def name_key(words: str) -> str:
    """'U. S. Dollars' and 'US dollars' -> 'us dollars': lower case, initials closed up, one space."""
    s = re.sub(r"\b([a-z])\.\s*(?=[a-z]\b)", r"\1", words.lower())
    return re.sub(r"\s+", " ", s.replace(".", "")).strip()


@dataclass(frozen=True)
class Vocabulary:
    symbols: dict[str, str]  # exact spelling: ISO codes and symbols ('USD', '$', 'A$', '₹', 'Rs')
    names: dict[str, str]  # name_key of an English name ('japanese yen', 'us dollars', 'yen')
    english_words: frozenset[str]  # names that are also ordinary words ('won', 'pound'): not after a word number
    dollar_countries: dict[str, str]  # a country or adjective whose currency is written '$' -> that code
    longest_name: int  # words in the longest name
    first_words: frozenset[str]  # the first word of every name, to skip a phrase at once

    def symbol(self, token: str) -> str | None:
        return self.symbols.get(token)

    def name(self, words: str) -> str | None:
        first = words.split(None, 1)[0].lower().rstrip(".,;:)") if words else ""
        if first not in self.first_words and first.replace(".", "") not in self.first_words and len(first) > 1:
            return None  # a single letter may be the first initial of 'U. S. dollars
        return self.names.get(name_key(words))


def _build() -> Vocabulary:
    en = Locale("en")
    codes = set(list_currencies())
    symbols: dict[str, str] = {code: code for code in codes}
    names: dict[str, str] = {}
    spellings: dict[str, set[str]] = {}  # symbol -> codes that use it in some English locale
    for ident in locale_identifiers():
        if ident == "en" or ident.startswith("en_"):
            for code, sym in Locale.parse(ident).currency_symbols.items():
                if code in codes:
                    spellings.setdefault(sym, set()).add(code)
    for sym, users in spellings.items():
        if len(users) == 1 and sym not in symbols:
            symbols[sym] = next(iter(users))
    for code in codes:
        sym = en.currency_symbols.get(code)
        if sym and not sym.isalpha():
            symbols[sym] = code  # the English symbol wins an ambiguous spelling: '$' is USD, '¥' JPY
    for code in codes:
        forms = {en.currencies.get(code, ""), *dict(en._data["currency_names_plural"].get(code, {})).values()}
        for form in filter(None, forms):
            names[name_key(form)] = code
    # a currency's last word alone ('kroner', 'dong') only where the conventions file says so: CLDR's last
    # words include ordinary English ('real', 'mark'), and 'dollars' alone belongs to no one country
    english_words = set()
    with CONVENTIONS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = name_key(row["written"])
            if any(ch.isalpha() for ch in row["written"]) and not row["written"].isupper() and not row["written"][-1] in "$.":
                names[key] = row["code"]
            else:
                symbols[row["written"]] = row["code"]
            if row["also_english_word"] == "yes":
                english_words.add(key)
    dollar_codes = {code for code in codes if en.currencies.get(code, "").endswith(" Dollar")}
    dollar_countries: dict[str, str] = {}
    for territory, country in en.territories.items():
        current = get_territory_currencies(territory) if territory.isalpha() and len(territory) == 2 else []
        if current and current[0] in dollar_codes:
            dollar_countries.setdefault(country, current[0])
    for code in dollar_codes:
        name = en.currencies.get(code, "")
        if name.endswith(" Dollar"):
            dollar_countries.setdefault(name[: -len(" Dollar")], code)  # 'Canadian', 'New Zealand', 'US'
    first_words = frozenset(k.split(" ")[0] for k in names)
    return Vocabulary(symbols, names, frozenset(english_words), dollar_countries, max(len(k.split()) for k in names), first_words)


VOCABULARY = _build()
