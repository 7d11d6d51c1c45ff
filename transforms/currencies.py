"""Currencies as people write them, from CLDR through Babel: every ISO 4217 code of money, the symbols the
territories' own and English-language locales use, the English names (singular and plural, with and without
the country's adjective, and the bare unit: 'Kazakhstani tenge', 'Kazakh tenge', 'tenge'), the unit's plural in
the territory's own language ('guaraníes'), and the country-prefixed forms the press derives from them ('TT$',
'KD'); plus the conventions of the press that CLDR does not record (`seeds/reference/currency_conventions.csv`:
Rs, C$, NIS, bare 'dollars', and which unit names are also English words).

The vocabulary is built from Babel once (about two seconds: Babel loads the locales of every territory) and
kept in `seeds/reference/currency_vocabulary.json`, which import reads in milliseconds; the file names the
Babel version and the hash of this module and of the reference CSVs it was built from, and is rebuilt (and
rewritten) when any of them changes. Then the vocabulary is only looked up: a figure asks for the words next to
its number, never runs a pattern of currency names.
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import babel
from babel import Locale, localedata
from babel.core import get_global
from babel.localedata import locale_identifiers
from babel.numbers import get_territory_currencies, list_currencies

REFERENCE = Path(__file__).resolve().parent.parent / "seeds" / "reference"
CONVENTIONS = REFERENCE / "currency_conventions.csv"
COUNTRIES = REFERENCE / "countries.csv"
CACHE = REFERENCE / "currency_vocabulary.json"


@lru_cache(maxsize=16384)
def name_key(words: str) -> str:
    """'U. S. Dollars' and 'US dollars' -> 'us dollars': lower case, initials closed up, one space."""
    s = re.sub(r"\b([a-z])\.\s*(?=[a-z]\b)", r"\1", words.lower())
    return re.sub(r"\s+", " ", s.replace(".", "")).strip()


def _folded(word: str) -> str:
    """'guaraníes' -> 'guaranies', 'lekë' -> 'leke': the spelling of a text without accents."""
    if word.isascii():
        return word
    return "".join(ch for ch in unicodedata.normalize("NFD", word) if not unicodedata.combining(ch))


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
    # the bare unit of a currency ('tenge', 'lari', 'somoni', 'guaraníes'): a currency only after a number, where
    # 'Tala' or 'Pula' before it would be a name; a unit several currencies share gives the usual or first one
    units: dict[str, str]
    # symbols that read as ordinary letters ('K', 'P', 'KM', 'KD'): money only in a text that names a country
    # whose currency they write
    by_country: dict[str, frozenset[str]]

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
        return self.names.get(name_key(words)) or self.names.get(_folded(name_key(words)))

    def unit(self, word: str) -> str | None:
        """The currency of a bare unit name said after a number ('tenge', 'laris', 'guaranies')."""
        key = name_key(word)
        return self.units.get(key) or self.units.get(_folded(key))


def _money_codes() -> set[str]:
    """Every ISO 4217 code that some territory has had as legal tender: not a fund (BOV, CLF), a precious metal
    (XAU), a unit of account (XDR) or a testing code (XTS, XXX), which no territory ever paid in."""
    tender: set[str] = set()
    for territory in get_global("territory_currencies"):
        tender.update(get_territory_currencies(territory, start_date=dt.date(1800, 1, 1), end_date=dt.date.today()))
    return set(list_currencies()) & tender


def _territories_now() -> dict[str, list[str]]:
    """Each country's legal tender today, its own currency first: where a territory has several ('BT': INR and
    BTN, 'LS': ZAR and LSL, 'PA': USD and PAB) its own is the one fewest territories use."""
    tender = {t: get_territory_currencies(t, tender=True) for t in get_global("territory_currencies")
              if t.isalpha() and len(t) == 2}
    users: dict[str, int] = {}
    for codes in tender.values():
        for code in sorted(codes):
            users[code] = users.get(code, 0) + 1
    return {t: sorted(codes, key=lambda c: (users[c], codes.index(c))) for t, codes in tender.items() if codes}


def _country_words() -> dict[str, list[str]]:
    """Every way `countries.csv` names a country (name, adjectives, aliases), by ISO 3166 code."""
    words: dict[str, list[str]] = {}
    with COUNTRIES.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            words[row["iso2"]] = [row["name"], *filter(None, (row["adjectives"] or "").split("|")),
                                  *filter(None, (row["aliases"] or "").split("|"))]
    return words


def _split_name(form: str) -> tuple[str, str]:
    """'Kazakhstani tenges' -> ('Kazakhstani', 'tenges'); 'Trinidad & Tobago dollars' -> ('Trinidad & Tobago',
    'dollars'); 'euros' -> ('', 'euros'): CLDR's plural names write the country's words with capitals, the unit without."""
    words = form.split()
    i = 0
    while i < len(words) - 1 and not words[i][0].islower():
        i += 1
    return " ".join(words[:i]), " ".join(words[i:]).lower()


def _build() -> Vocabulary:
    en = Locale("en")
    codes = _money_codes()
    now = _territories_now()
    in_use = {code for current in now.values() for code in current}
    symbols: dict[str, str] = {code: code for code in codes}
    names: dict[str, str] = {}
    spellings: dict[str, set[str]] = {}  # symbol -> codes that use it in some English locale
    for ident in locale_identifiers():
        if ident == "en" or ident.startswith("en_"):
            for code, sym in Locale.parse(ident).currency_symbols.items():
                if code in codes:
                    spellings.setdefault(sym, set()).add(code)
    letters: dict[str, set[str]] = {}  # 'R', 'D', 'RM' of English locales: letters, money where their country is named
    for sym, users in spellings.items():
        if sym in symbols:
            continue
        if sym.isalpha() and sym.isupper() and not _reads_as_symbol(sym):
            letters.setdefault(sym, set()).update(users)
        elif len(users) == 1:
            symbols[sym] = next(iter(users))
    for code in sorted(codes):
        sym = en.currency_symbols.get(code)
        if sym and not sym.isalpha():
            symbols[sym] = code  # the English symbol wins an ambiguous spelling: '$' is USD, '¥' JPY
    plural_names = en._data["currency_names_plural"]
    for code in sorted(codes):
        forms = {en.currencies.get(code, ""), *dict(plural_names.get(code, {})).values()}
        for form in filter(None, forms):
            names[name_key(form)] = code
    units, unit_users, country_words = _unit_names(en, now, in_use, names)
    # a currency's last word alone ('kroner', 'dong') only where the conventions file says so: CLDR's last
    # words include ordinary English ('real', 'mark'), and 'dollars' alone belongs to no one country
    english_words, never_alone = set(), set()
    named_only: dict[str, set[str]] = {}  # the conventions' letters that are money only where their country is named
    shared_names: dict[str, frozenset[str]] = {}  # 'cfa francs' -> XOF, XAF: the one of the country the text names
    with CONVENTIONS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = name_key(row["written"])
            if not row["code"]:
                never_alone.add(key)  # 'gold': a unit that is no currency said alone
                continue
            code, *others = row["code"].split("|")
            if others:
                shared_names[row["written"].casefold()] = frozenset([code, *others])
            if row.get("only_where_named") == "yes":
                named_only.setdefault(row["written"], set()).add(code)  # 'TL', 'Tk', 'LE': also other abbreviations
            elif any(ch.isalpha() for ch in row["written"]) and not row["written"].isupper() and not row["written"][-1] in "$.":
                names[key] = code
                units[key] = code
            else:
                symbols[row["written"]] = code
            if row["also_english_word"] == "yes":
                english_words.add(key)
    dollar_codes = {code for code in codes if en.currencies.get(code, "").endswith(" Dollar")}
    dollar_countries: dict[str, str] = {}
    for territory, country in en.territories.items():
        current = get_territory_currencies(territory) if territory.isalpha() and len(territory) == 2 else []
        if current and current[0] in dollar_codes:
            dollar_countries.setdefault(country, current[0])
    for code in sorted(dollar_codes):
        name = en.currencies.get(code, "")
        if name.endswith(" Dollar"):
            dollar_countries.setdefault(name[: -len(" Dollar")], code)  # 'Canadian', 'New Zealand', 'US'
    country_currencies: dict[str, str] = {}
    for territory, country in en.territories.items():
        if current := now.get(territory):
            country_currencies.setdefault(country, current[0])
    for territory, words in country_words.items():
        if current := now.get(territory):
            for word in words:
                country_currencies.setdefault(word, current[0])  # 'Kyrgyz', 'Bosnian', 'UAE'
    for code in sorted(codes):
        words = en.currencies.get(code, "").split()
        if len(words) > 1 and all(w[0].isupper() for w in words[:-1]):
            country_currencies.setdefault(" ".join(words[:-1]), code)  # 'Kenyan', 'Sri Lankan', 'Swedish'
    local, spelled_by, written_as, by_country, written_with = _territory_symbols(codes, now)
    for sym, users in [*letters.items(), *named_only.items()]:
        by_country.setdefault(sym, set()).update(users)
    _prefixed_forms(en, now, dollar_codes, country_words, written_with, local, spelled_by, written_as, by_country, symbols)
    for sym, users in spellings.items():
        if _reads_as_symbol(sym):
            spelled_by.setdefault(sym.rstrip(".").casefold(), set()).update(users)
    for written, code in symbols.items():
        if written != code and _reads_as_symbol(written):
            spelled_by.setdefault(written.rstrip(".").casefold(), set()).add(code)
    shared = {sym: frozenset(users) for sym, users in spelled_by.items() if len(users) > 1} | shared_names
    for folded_sym, users in shared.items():
        for written in written_as.get(folded_sym, ()):
            if written not in symbols and name_key(written) not in names:
                local.setdefault(written, min(users))  # 'kr' with no country named: one of them, with the rule's low confidence
    local = {sym: code for sym, code in local.items() if sym not in by_country}
    folded = {sym.casefold(): code for sym, code in local.items()}
    # the last word of the name of a currency in use today ('kronor', 'forints', 'pesos'), said after a magnitude
    # ('12 million kronor'); not of a metal or a fund ('gold', 'units'), which no territory has as its currency
    last_words: dict[str, set[str]] = {}
    for key, code in names.items():
        if len(key.split()) > 1 and key.split()[-1].isalpha() and code in in_use:
            last_words.setdefault(key.split()[-1], set()).add(code)
    for key, users in unit_users.items():
        last_words.setdefault(key, set()).update(users)
    for key in never_alone:
        units.pop(key, None)
        last_words.pop(key, None)
    for table in (names, units, last_words):
        table.update({_folded(key): value for key, value in table.items() if _folded(key) not in table})  # 'guaranies'
    first_words = frozenset(k.split(" ")[0] for k in names)
    return Vocabulary(local, folded, symbols, names, frozenset(english_words), dollar_countries, shared, country_currencies,
                      {w: frozenset(users) for w, users in last_words.items()},
                      max(len(k.split()) for k in names), first_words, units,
                      {sym: frozenset(users) for sym, users in by_country.items()})


def _unit_names(en: Locale, now: dict[str, list[str]], in_use: set[str], names: dict[str, str]
                ) -> tuple[dict[str, str], dict[str, set[str]], dict[str, list[str]]]:
    """Names of every currency in use today beyond CLDR's English ones: the unit with each adjective and name
    `countries.csv` gives its countries ('Kazakh tenge', 'Botswana pula'), the bare unit ('tenge', 'somoni'),
    its English plural in -s ('denars', 'somonis') and its plural in the territory's own language when that
    begins like the English unit ('guaraníes', 'quetzales', 'colones', 'lekë', 'lei'). Multi-word units
    ('convertible marks') are names; single words are bare units, read only after a number. Returns the bare
    units (-> the usual or first currency), every currency of each ('som' -> KGS, UZS) and the country words."""
    country_words = _country_words()
    territories_of: dict[str, list[str]] = {}
    for territory, current in now.items():
        for code in current:
            territories_of.setdefault(code, []).append(territory)
    available = set(locale_identifiers())
    languages = get_global("territory_languages")
    cached_before = set(getattr(localedata, "_cache", {}))
    plural_names = en._data["currency_names_plural"]
    unit_users: dict[str, set[str]] = {}
    for code in sorted(in_use):
        forms = set(dict(plural_names.get(code, {})).values()) or {en.currencies.get(code, "")}
        units = {unit for _, unit in map(_split_name, forms) if unit}
        for unit in list(units):
            if " " not in unit and not unit.endswith("s"):
                units.add(unit + "s")  # 'denars', 'somonis', 'laris'
        english = {u for u in units if " " not in u}
        national = len(territories_of.get(code, ())) == 1  # not the euro, whose 20 languages would all add words
        for territory in territories_of.get(code, ()):
            for lang, info in languages.get(territory, {}).items():
                ident = f"{lang}_{territory}"
                if not national or not info.get("official_status") or ident not in available or lang == "en":
                    continue
                data = localedata.load(ident)
                native = {data["currency_names"].get(code, ""), *dict(data["currency_names_plural"].get(code, {})).values()}
                for word in (w.lower() for form in native for w in form.split()):
                    if word.isalpha() and all(ord(ch) < 0x250 for ch in word) and any(_same_stem(word, u) for u in english):
                        units.add(word)
            for adjective in country_words.get(territory, ()):
                for unit in units:
                    names.setdefault(name_key(f"{adjective} {unit}"), code)  # 'Kazakh tenge', 'Botswana pula'
        for unit in units:
            if " " in unit:
                names.setdefault(name_key(unit), code)  # 'convertible marks', 'new shekels'
            else:
                unit_users.setdefault(name_key(unit), set()).add(code)
    for ident in set(getattr(localedata, "_cache", {})) - cached_before:
        localedata._cache.pop(ident, None)  # as in _territory_symbols: locales kept would slow every later stage
    return {unit: names.get(unit) or min(users) for unit, users in unit_users.items()}, unit_users, country_words


def _same_stem(native: str, english: str) -> bool:
    """Does a word of a currency's name in its own language begin like the English unit ('guaraníes' and
    'guarani', 'lei' and 'leu')? The first three letters, or two of a unit of three."""
    n = min(3, len(english) - 1)
    return len(native) >= 3 and _folded(native)[:n] == _folded(english)[:n] and native[:1].isalpha()


def _territory_symbols(codes: set[str], now: dict[str, list[str]]) -> tuple[dict[str, str], dict[str, set[str]],
                                                                           dict[str, set[str]], dict[str, set[str]], dict[str, set[str]]]:
    """How each territory writes its currencies, from its official languages' locales and its English one
    ('Ksh' in Kenya, 'TSh' in Tanzania, 'zł' in Poland, 'kr' in Sweden and Norway, 'Nu.' in Bhutan), casefolded.

    A symbol one currency uses -> that code. Symbols that read as ordinary abbreviations, single letters ('R',
    'K') and two capitals ('KM', 'SR'), go to the fourth dict: money only where the text names their country.
    A symbol several currencies use ('kr'), and the common part of symbols that differ only by the territory's
    initial ('KSh', 'TSh', 'USh' -> 'Sh'), is shared: the second dict gives every symbol's currencies, the
    shared ones resolved by the text's country. The fifth dict gives every currency's symbols as written."""
    available = set(locale_identifiers())
    cached_before = set(getattr(localedata, "_cache", {}))
    spelled_by: dict[str, set[str]] = {}  # casefolded symbol -> currencies
    local: dict[str, str] = {}  # symbol as written -> currency
    common_part: dict[str, set[str]] = {}  # 'sh' -> KES, TZS, UGX
    written_as: dict[str, set[str]] = {}  # casefolded symbol -> its spellings ('sh' -> 'Sh')
    by_country: dict[str, set[str]] = {}  # 'K' -> MMK, PGK, ZMW
    written_with: dict[str, set[str]] = {}  # 'KWD' -> 'د.ك.'
    for territory, languages in get_global("territory_languages").items():
        wanted = {lang for lang, info in languages.items() if info.get("official_status")} | {"en"}
        for code in (c for c in now.get(territory, ()) if c in codes):
            for ident in (f"{lang}_{territory}" for lang in sorted(wanted)):
                if ident not in available:
                    continue
                sym = localedata.load(ident)["currency_symbols"].get(code, "").strip("\u200b\u200e\u200f ")
                if not sym or sym == code:
                    continue
                written_with.setdefault(code, set()).add(sym)
                if not _reads_as_symbol(sym):
                    if sym.isalpha() and sym.isupper() and sym.isascii():
                        by_country.setdefault(sym, set()).add(code)
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
    return local, spelled_by, written_as, by_country, written_with


def _prefixed_forms(en: Locale, now: dict[str, list[str]], dollar_codes: set[str], country_words: dict[str, list[str]],
                    written_with: dict[str, set[str]], local: dict[str, str], spelled_by: dict[str, set[str]], written_as: dict[str, set[str]],
                    by_country: dict[str, set[str]], symbols: dict[str, str]) -> None:
    """The forms the press makes where CLDR writes a currency only as '$' or in Arabic script:

    - a dollar is prefixed with its country's letters: the first one or two of its ISO code or the initials of
      its country's name ('J$', 'TT$', 'FJ$', 'SI$'); a form several dollars make ('B$': Brunei, Bahamas,
      Barbados, Belize, Bermuda) is shared, resolved by the country the text names;
    - a currency whose every symbol is in Arabic script ('د.ك.') is written by the Latin initials of its
      country and its unit, the first letter of the ISO code and of the unit ('KD', 'BD', 'JD', 'QR'): letters
      only, so money only where the text names that country ('BD' is also Bangladesh, 'SR' a title)."""
    territories_of: dict[str, list[str]] = {}
    for territory, current in now.items():
        territories_of.setdefault(current[0], []).append(territory)
    for code in sorted(territories_of):
        if code in dollar_codes:
            # the code's letters only where they are its country's ('TT' of TTD), not a region's ('XC' of XCD);
            # a name's initials only of a country with a dollar of its own ('SI' of the Solomon Islands, not of
            # every island that pays in Australian dollars)
            prefixes = {code[0], code[:2]} if code[:2] in territories_of[code] else set()
            for territory in territories_of[code] if len(territories_of[code]) == 1 else ():
                for word in [*country_words.get(territory, [])[:1], en.territories.get(territory, "")]:
                    initials = "".join(w[0] for w in word.replace("&", " ").split() if w[0].isupper())
                    if len(initials) == 2:
                        prefixes.add(initials)  # 'Solomon Islands' -> 'SI', 'Trinidad and Tobago' -> 'TT'
            for prefix in prefixes:
                form = prefix + "$"
                if form in symbols and symbols[form] != code:
                    continue  # 'A$', 'C$', 'S$', 'US$': the dollar the conventions or CLDR give it
                spelled_by.setdefault(form.casefold(), set()).add(code)
                local.setdefault(form, code)
                written_as.setdefault(form.casefold(), set()).add(form)
        elif written_with.get(code) and all(_in_arabic_script(sym) for sym in written_with[code]):
            unit = _split_name(dict(en._data["currency_names_plural"].get(code, {})).get("one", en.currencies.get(code, "")))[1]
            if unit and " " not in unit and unit[0].isascii() and unit[0].isalpha():
                by_country.setdefault(code[0] + unit[0].upper(), set()).add(code)


def _in_arabic_script(sym: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in sym) and not any(ch.isascii() and ch.isalpha() for ch in sym)


def _reads_as_symbol(sym: str) -> bool:
    letters = sym.replace(".", "")
    if not letters.isalpha():
        return True  # '€', 'S/', 'R$'
    return len(letters) >= 2 and not (len(letters) == 2 and letters.isupper())


def _sources_key() -> str:
    """What the vocabulary is built from: Babel's version, this module's code and the reference CSVs."""
    digest = hashlib.sha256(babel.__version__.encode())
    for path in (Path(__file__), CONVENTIONS, COUNTRIES):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _to_json(value):
    if isinstance(value, frozenset):
        return {"set": sorted(value)}
    if isinstance(value, dict):
        return {"dict": {k: _to_json(v) for k, v in value.items()}}
    return value


def _from_json(value):
    if isinstance(value, dict) and "set" in value:
        return frozenset(value["set"])
    if isinstance(value, dict):
        return {k: _from_json(v) for k, v in value["dict"].items()}
    return value


def _load_or_build(cache: Path = CACHE) -> Vocabulary:
    """The vocabulary from its cache file when that was built from the same sources, else built (and the cache
    rewritten, replaced whole so a reader never sees half of it; a read-only checkout just builds every time)."""
    key = _sources_key()
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if stored.get("sources") == key:
            return Vocabulary(**{name: _from_json(v) for name, v in stored["vocabulary"].items()})
    except (OSError, ValueError, TypeError, KeyError):
        pass  # no cache, or one of another shape: build
    vocabulary = _build()
    fields = {name: _to_json(getattr(vocabulary, name)) for name in Vocabulary.__dataclass_fields__}
    try:
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"sources": key, "vocabulary": fields}, ensure_ascii=False, sort_keys=True, indent=0) + "\n", encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return vocabulary


VOCABULARY = _load_or_build()
