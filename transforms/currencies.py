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

from babel import Locale, localedata
from babel.core import get_global
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
    _local: dict[str, str]  # symbols of territories' own locales as they write them ('Ksh', 'TSh', 'zł', 'kr')
    _local_folded: dict[str, str]  # the same casefolded ('ksh'), for 'KSh'

    symbols: dict[str, str]  # exact spelling: ISO codes and symbols ('USD', '$', 'A$', '₹', 'Rs')
    names: dict[str, str]  # name_key of an English name ('japanese yen', 'us dollars', 'yen')
    english_words: frozenset[str]  # names that are also ordinary words ('won', 'pound'): not after a word number
    dollar_countries: dict[str, str]  # a country or adjective whose currency is written '$' -> that code
    shared: dict[str, frozenset[str]]  # a symbol several currencies are written with ('Rs', 'kr', 'Sh') -> those codes
    country_currencies: dict[str, str]  # a country or its currency's adjective ('Kenya', 'Kenyan') -> its code
    last_words: dict[str, frozenset[str]]  # the last word of English names, lower case ('kronor', 'pesos') -> codes
    longest_name: int  # words in the longest name
    first_words: frozenset[str]  # the first word of every name, to skip a phrase at once

    def symbol(self, token: str) -> str | None:
        """The currency of a code or symbol as written; a territory's own symbol also in other capitals
        ('KSh' for 'Ksh'), from three letters on ('FT' is no forint, 'ft' is feet)."""
        if code := self.symbols.get(token) or self._local.get(token):
            return code
        return self._local_folded.get(token.casefold()) if len(token) >= 3 and not token.islower() else None

    def users(self, written: str) -> frozenset[str] | None:
        """The currencies a shared symbol may mean ('kr' -> DKK, NOK, SEK); None for a symbol of one currency."""
        return self.shared.get(written.rstrip(".").casefold())

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
    country_currencies: dict[str, str] = {}
    for territory, country in en.territories.items():
        current = get_territory_currencies(territory) if territory.isalpha() and len(territory) == 2 else []
        if current:
            country_currencies.setdefault(country, current[0])
    for code in codes:
        words = en.currencies.get(code, "").split()
        if len(words) > 1 and all(w[0].isupper() for w in words[:-1]):
            country_currencies.setdefault(" ".join(words[:-1]), code)  # 'Kenyan', 'Sri Lankan', 'Swedish'
    local, spelled_by, written_as = _territory_symbols(codes)
    for sym, users in spellings.items():
        if _reads_as_symbol(sym):
            spelled_by.setdefault(sym.rstrip(".").casefold(), set()).update(users)
    for written, code in symbols.items():
        if written != code and _reads_as_symbol(written):
            spelled_by.setdefault(written.rstrip(".").casefold(), set()).add(code)
    shared = {sym: frozenset(users) for sym, users in spelled_by.items() if len(users) > 1}
    for folded_sym, users in shared.items():
        for written in written_as.get(folded_sym, ()):
            if written not in symbols and name_key(written) not in names:
                local.setdefault(written, min(users))  # 'kr' with no country named: one of them, with the rule's low confidence
    folded = {sym.casefold(): code for sym, code in local.items()}
    # the last word of the name of a currency in use today ('kronor', 'forints', 'pesos'), said after a magnitude
    # ('12 million kronor'); not of a metal or a fund ('gold', 'units'), which no territory has as its currency
    in_use = {code for terr in en.territories if len(terr) == 2 and terr.isalpha() for code in get_territory_currencies(terr)[:1]}
    last_words: dict[str, set[str]] = {}
    for key, code in names.items():
        if len(key.split()) > 1 and key.split()[-1].isalpha() and code in in_use:
            last_words.setdefault(key.split()[-1], set()).add(code)
    first_words = frozenset(k.split(" ")[0] for k in names)
    return Vocabulary(local, folded, symbols, names, frozenset(english_words), dollar_countries, shared, country_currencies,
                      {w: frozenset(users) for w, users in last_words.items()},
                      max(len(k.split()) for k in names), first_words)


def _territory_symbols(codes: set[str]) -> tuple[dict[str, str], dict[str, set[str]], dict[str, set[str]]]:
    """How each territory writes its own currency, from its official languages' locales and its English one
    ('Ksh' in Kenya, 'TSh' in Tanzania, 'zł' in Poland, 'kr' in Sweden and Norway), casefolded.

    A symbol one currency uses -> that code. Symbols that read as ordinary abbreviations are left out: single
    letters ('R', 'K') and two capitals ('KM', 'SR'). A symbol several currencies use ('kr'), and the common
    part of symbols that differ only by the territory's initial ('KSh', 'TSh', 'USh' -> 'Sh'), is shared: the
    second dict gives every symbol's currencies, the shared ones resolved by the text's country."""
    available = set(locale_identifiers())
    cached_before = set(getattr(localedata, "_cache", {}))
    spelled_by: dict[str, set[str]] = {}  # casefolded symbol -> currencies
    local: dict[str, str] = {}  # symbol as written -> currency
    common_part: dict[str, set[str]] = {}  # 'sh' -> KES, TZS, UGX
    written_as: dict[str, set[str]] = {}  # casefolded symbol -> its spellings ('sh' -> 'Sh')
    for territory, languages in get_global("territory_languages").items():
        current = get_territory_currencies(territory) if territory.isalpha() and len(territory) == 2 else []
        if not current or current[0] not in codes:
            continue
        code = current[0]
        wanted = {lang for lang, info in languages.items() if info.get("official_status")} | {"en"}
        for ident in (f"{lang}_{territory}" for lang in sorted(wanted)):
            if ident not in available:
                continue
            sym = localedata.load(ident)["currency_symbols"].get(code, "").strip("\u200b\u200e\u200f ")
            if not sym or sym == code or not _reads_as_symbol(sym):
                continue
            spelled_by.setdefault(sym.rstrip(".").casefold(), set()).add(code)
            local.setdefault(sym, code)
            local.setdefault(sym.rstrip("."), code)
            written_as.setdefault(sym.rstrip(".").casefold(), set()).update({sym, sym.rstrip(".")})
            if len(sym) >= 3 and sym[0] == code[0] and sym[1:].isalpha():
                common_part.setdefault(sym[1:].casefold(), set()).add(code)  # 'KSh' -> 'sh'
                written_as.setdefault(sym[1:].casefold(), set()).add(sym[1:].capitalize())  # written 'Sh'
    # Babel keeps every locale it loads: forget the ones read here, whose hundreds of thousands of objects the
    # garbage collector would otherwise walk for the life of the process (every stage ran ~8% slower)
    for ident in set(getattr(localedata, "_cache", {})) - cached_before:
        localedata._cache.pop(ident, None)
    # the common part counts only when several currencies share it: 'Sh' of three shillings, not 'Tn' of one metical
    for part, users in common_part.items():
        if len(users) > 1:
            spelled_by.setdefault(part, set()).update(users)
    local = {sym: code for sym, code in local.items() if len(spelled_by[sym.rstrip(".").casefold()]) == 1}
    return local, spelled_by, written_as


def _reads_as_symbol(sym: str) -> bool:
    letters = sym.replace(".", "")
    if not letters.isalpha():
        return True  # '€', 'S/', 'R$'
    return len(letters) >= 2 and not (len(letters) == 2 and letters.isupper())


VOCABULARY = _build()
