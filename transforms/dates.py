"""Dates: candidates found with patterns, parsed by dateparser (cached), resolved against the publication date."""
from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import dateparser

from transforms.rules import Case, rule
from transforms.text import digits_are_ascii, finditer_from

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
# a day as an ordinal word, as treaties and closing lines write it: 'the fourth day of May', 'this twenty-first day of'
_DAY_WORDS = {
    word: day for day, word in enumerate((
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
        "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"), 1)
}
_DAY_WORDS |= {f"{tens}-{word}": base + day for tens, base in (("twenty", 20), ("thirty", 30)) for word, day in list(_DAY_WORDS.items())[:9]}
_DAY_WORDS["thirtieth"] = 30
_DAY_WORD = r"(?:(?:twenty|thirty)[- ])?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
# a year in words: 'two thousand and twenty-two', 'two thousand twenty two'
_YEAR_WORDS = r"(?:one\s+thousand\s+nine\s+hundred|nineteen\s+hundred|two\s+thousand)(?:\s+(?:and\s+)?[a-z]+(?:[- ][a-z]+)?)?"

# French, Spanish, Portuguese, Italian, German and Dutch month names (those English shares are read as English)
_FOREIGN_MONTHS = {
    name: number
    for names in (
        ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"),
        ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"),
        ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"),
        ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"),
        ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"),
        ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"),
    )
    for number, name in enumerate(names, 1)
}
_FOREIGN_MONTH = "(?:" + "|".join(sorted(_FOREIGN_MONTHS, key=len, reverse=True)) + ")"

# Order matters: the longest forms first, so "8th December 2006" is one candidate, not two.
_DATE_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?:\b|(?=T\d))"),  # '2025-02-03T09:30:00Z' too
    ("numeric_ymd", rf"\b(?P<y>{_YEAR})[./](?P<m>\d{{1,2}})[./](?P<d>\d{{1,2}})\b"),
    ("numeric_dmy", rf"\b(?P<d>\d{{1,2}})[./-](?P<m>\d{{1,2}})[./-](?P<y>{_YEAR})\b"),
    ("day_month_year", rf"\b(?P<d>\d{{1,2}})-(?P<mon>{MONTH})-(?P<y>{_YEAR})\b"),  # '04-MAR-2021', as forms and stamps write it
    ("day_month_year", rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s*(?:-|to|and|&)\s*\d{{1,2}}{_ORD})?(?:\s+day)?(?:\s+of)?\s+(?P<mon>{MONTH})\.?,?\s+(?P<y>{_YEAR})\b"),
    # 'the fourth day of May, 2022', 'this 9th day of May in the year two thousand and twenty-two'
    # month names of the common European languages, always with a year: '5 mars 2023', '5 de marzo de 2023', '5. März 2023'
    ("day_month_year", rf"\b(?P<d>\d{{1,2}})(?:\.|er)?\s+(?:de\s+)?(?P<fmon>{_FOREIGN_MONTH})\s+(?:de\s+)?(?P<y>{_YEAR})\b"),
    # numbers parted by spaces, day first or year first, as forms print them: '15 03 2024', '2024 03 15'
    ("numeric_ymd", rf"\b(?P<y>{_YEAR}) (?P<m>\d{{2}}) (?P<d>\d{{2}})\b(?! \d)"),
    ("numeric_dmy", rf"(?<!\d )\b(?P<d>\d{{2}}) (?P<m>\d{{2}}) (?P<y>{_YEAR})\b"),
    ("day_in_words", rf"\bth(?:e|is)\s+(?P<dw>{_DAY_WORD})\s+(?:day\s+)?of\s+(?P<mon>{MONTH})\.?,?\s+"
                     rf"(?:(?:in\s+)?(?:the\s+)?(?:year\s+)?(?P<y>{_YEAR})\b|in\s+the\s+year\s+(?:of\s+)?(?P<yw>{_YEAR_WORDS}))"),
    ("month_day_year", rf"\b(?P<mon>{MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORD}(?:\s*(?:-|to|and|&)\s*\d{{1,2}}{_ORD})?,?\s+(?P<y>{_YEAR})\b"),
    ("month_year", rf"\b(?P<mon>{MONTH})\.?,?\s+(?P<y>{_YEAR})\b"),
    ("day_month", rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?P<mon>{MONTH})\b\.?"),
    ("month_day", rf"\b(?P<mon>{MONTH})\.?\s+(?P<d>\d{{1,2}})(?!\d|,?\s*{_YEAR}){_ORD}\b"),
    ("fiscal_year", rf"\b(?:F\.?Y\.?\s*)?{_YEAR}\s*[-–/]\s*(?:\d{{2}}|{_YEAR})\b"),
    ("fiscal_year", rf"\bF\.?Y\.?\s*{_YEAR}\b"),
    ("decade", r"\b(?:19|20)\d0s\b"),
    # a year in a list ('in 2013, 2018 and 2023') is followed by a comma; a grouped number ('2013,500') by a digit
    ("year", rf"(?<![\d,.$€£¥₹-])\b(?P<y>{_YEAR})\b(?!\d|,\d|\.\d|\s*(?:%|per\s?cent))"),
    ("weekday", r"\b(?:on|last|this|next)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
]
# every pattern starts at a word boundary with a digit, a month, 'FY' or on/last/this/next: saying so up
# front lets the engine skip most positions (the first letter alone makes it 4x faster, the first word
# twice as fast again; same matches)
DATE_RE = re.compile(r"\b(?=[\dJFMASONDLTWjfmasondltw])(?=\d|jan|feb|mar|apr|may|ju[nl]|aug|sep|oct|nov|dec|f\.?y|(?:on|last|this|next)\s|th(?:e|is)\s+[a-z]+(?:[- ][a-z]+)?\s+(?:day\s+)?of\s+[a-z])(?:" + "|".join(f"(?P<{name}_{i}>{p.replace('(?P<', f'(?P<{name}_{i}_')})" for i, (name, p) in enumerate(_DATE_PATTERNS)) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # the pattern name
    date: dt.date | None  # None for fiscal years, decades, unresolvable weekdays
    precision: str | None  # day, month, year


@lru_cache(maxsize=4096)  # bounded: a corpus's days are many and recur little (55% hits at 4,096, 60% unbounded)
def parse_date_text(text: str, precision: str) -> dt.date | None:
    """Parse one candidate with dateparser (cached: the same string is parsed once per process)."""
    if plain := _plain_date(text, precision):
        return plain
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": {"day": ["day", "month", "year"], "month": ["month", "year"], "year": ["year"]}[precision]}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate((
        ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
        ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
    ), 1)
    for name in names
}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _plain_date(text: str, precision: str) -> dt.date | None:
    """A valid date in the forms find_dates builds ('12 March 2024', '2024-03-12', 'March 2024') without
    dateparser, which takes about a millisecond per string (a third of extraction time) and gives the same
    date for these: compared on 71,000 valid dates, every month word in three cases, years 1995-2030 and
    some from 1900-2099. Anything else, or an invalid date, is left to dateparser as before."""
    parts = text.split(" ")
    try:
        if precision == "day" and len(parts) == 3 and parts[1].lower() in _MONTH_NUMBERS and parts[0].isdigit() and parts[2].isdigit():
            return dt.date(int(parts[2]), _MONTH_NUMBERS[parts[1].lower()], int(parts[0]))
        if precision == "day" and _ISO_DAY.fullmatch(text):
            year, month, day = map(int, text.split("-"))
            return dt.date(year, month, day)
        if precision == "month" and len(parts) == 2 and parts[0].lower() in _MONTH_NUMBERS and parts[1].isdigit():
            return dt.date(int(parts[1]), _MONTH_NUMBERS[parts[0].lower()], 1)
    except ValueError:
        return None
    return None


# each pattern's group name -> its kind and (field, group name) of its fields: a match reads only its own pattern's groups
_FIELDS = {
    f"{kind}_{i}": (kind, [(group[len(f"{kind}_{i}_"):], group) for group in DATE_RE.groupindex if group.startswith(f"{kind}_{i}_")])
    for i, (kind, _) in enumerate(_DATE_PATTERNS)
}


def _groups(m: re.Match) -> tuple[str, dict[str, str]]:
    kind, fields = _FIELDS[m.lastgroup]
    return kind, {field: v for field, group in fields if (v := m.group(group))}


def numeric_date(year: int, first: int, second: int, month_first: bool = False) -> dt.date | None:
    """'12.03.2024' is 12 March: day first, as Indian, Japanese and European texts write it; a pair that
    cannot be day-first ('03/25/2024') is read month first, and so is every pair when `month_first` (a US text)."""
    for day, month in ((second, first), (first, second)) if month_first else ((first, second), (second, first)):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_weekday(weekday: str, published: dt.date) -> dt.date:
    """'on Thursday' in a piece of Friday 2024-12-27 is 2024-12-26; on the same weekday it is that day."""
    back = (published.weekday() - WEEKDAYS.index(weekday.lower())) % 7
    return published - dt.timedelta(days=back)


def resolve_day_month(day: int, month: int, published: dt.date | None) -> dt.date | None:
    """A day and month without a year: the latest such date not after the publication date."""
    if published is None:
        return None
    for year in (published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + dt.timedelta(days=7):
            return candidate
    return None


def _date_in_words(g: dict[str, str]) -> dt.date | None:
    """The date of 'the fourth day of May in the year two thousand and twenty-two' (or '..., 2022')."""
    from transforms.numbers import parse_words

    day = _DAY_WORDS.get(re.sub(r"\s+", "-", g["dw"].lower()))
    year = int(g["y"]) if g.get("y") else parse_words(g["yw"])
    month = _MONTH_NUMBERS.get(g["mon"].lower().rstrip("."))
    try:
        return dt.date(int(year), month, day) if year and month and day and 1900 <= year < 2100 else None
    except ValueError:
        return None


# where a date can start (DATE_RE's look-ahead, in lower case): a digit, or a word that begins with one of these
_DATE_STARTS = (*"0123456789", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "fy", "f.y",
                "on", "last", "this", "next", "the")  # 'the fourth day of May, 2015'


def _date_matches(text: str):
    """`DATE_RE.finditer(text)`, the pattern tried only where a date can start, found in the pass of the word automaton
    that the other stages share, instead of at every position (a twentieth of extraction time)."""
    if not digits_are_ascii(text):
        return DATE_RE.finditer(text)  # a digit of another script starts a date the automaton's digits do not
    return finditer_from(DATE_RE, text, _DATE_STARTS)


def find_dates(text: str, published: dt.date | None = None, month_first: bool = False) -> list[DateMention]:
    """Every date-like phrase in the text with its resolved date and precision; `month_first` reads '02/03/2025' as February 3."""
    out = []
    for m in _date_matches(text):
        kind, g = _groups(m)
        date, precision = None, None
        if kind in ("numeric_dmy", "numeric_ymd"):
            if kind == "numeric_dmy":
                date = numeric_date(int(g["y"]), int(g["d"]), int(g["m"]), month_first)
            else:
                date = numeric_date(int(g["y"]), int(g["d"]), int(g["m"])) if int(g["m"]) <= 12 else None
            precision = "day"
            precision = precision if date else None
        elif g.get("fmon"):
            date, precision = _valid_date(int(g["y"]), _FOREIGN_MONTHS[g["fmon"].lower()], int(g["d"])), "day"
            precision = precision if date else None
        elif kind in ("iso", "day_month_year", "month_day_year"):
            precision = "day"
            date = parse_date_text(f"{g['d']} {g.get('mon') or g['m']} {g['y']}" if kind != "iso" else f"{g['y']}-{g['m']}-{g['d']}", precision)
        elif kind == "day_in_words":
            date, precision = _date_in_words(g), "day"
            precision = precision if date else None
        elif kind == "month_year":
            precision = "month"
            date = parse_date_text(f"{g['mon']} {g['y']}", precision)
        elif kind == "year":
            precision, date = "year", dt.date(int(g["y"]), 1, 1)
        elif kind in ("day_month", "month_day"):
            month = parse_date_text(f"1 {g['mon']} 2000", "day")
            if month is not None:
                date = resolve_day_month(int(g["d"]), month.month, published)
                precision = "day" if date else None
        elif kind == "weekday" and published is not None:
            date, precision = resolve_weekday(g["wd"], published), "day"
        out.append(DateMention(m.start(), m.end(), m.group(), kind, date, precision))
    return out


# ---------------------------------------------------------------- publication date
#
# Each way a text states when it was published is one registered rule, tried in the order of
# PUBLICATION_RULES: what the head of the text says (a header, a labelled date, a line that is only a
# date, a dateline) beats what the body says (today/tomorrow on a date), which beats the end (a signature,
# a closing date). A rule takes the text and today's date and returns a PublicationDate or None.

_HEAD_CHARS = 600  # a press release states its date in its first few lines
_TAIL_CHARS = 1500

_HEADER = re.compile(r"\A\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
# A date in the forms headers and datelines use: numeric day-first or year-first, ISO, month names.
_ANY_DATE = (
    rf"(?:\d{{1,2}}[./-]\d{{1,2}}[./-]{_YEAR}|{_YEAR}[./-]\d{{1,2}}[./-]\d{{1,2}}|\d{{1,2}}-{MONTH}-{_YEAR}"
    rf"|\d{{1,2}}{_ORD}(?:\s+of)?\s+{MONTH}\.?(?:,?\s+{_YEAR})?|{MONTH}\.?\s+\d{{1,2}}{_ORD}(?:,?\s+{_YEAR})?)"
)
# a place as datelines write it: up to four capitalised words ("New Delhi", "HARBOUR CITY", "St. Ives",
# "SÃO PAULO"); letters of any script, the capital checked in code (`_is_place`)
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_WEEKDAY_ABBR = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)"
# a weekday is not a place word, nor is an abbreviated one before a day ('Sun City' is a place, 'Sun 3 May' is not)
_PLACE_WORD = rf"(?!(?i:{_WEEKDAY})\b|(?i:{_WEEKDAY_ABBR})\.?,?[ \t]+\d)[^\W\d_](?:[^\W\d_]|[.'’-])*+"
_PLACE = rf"{_PLACE_WORD}(?:[ ]{_PLACE_WORD}){{0,3}}"
_DATELINE = re.compile(
    rf"^[ \t]*(?P<place>{_PLACE}(?:,[ \t]*{_PLACE})?)(?:[ \t]*\([^()\n]{{1,40}}\))?(?P<sep>[ \t]*[,:–—-][ \t]*|[ \t]+)"
    rf"(?:(?P<weekday>(?i:{_WEEKDAY}|{_WEEKDAY_ABBR}\.?)),?[ \t]+)?(?P<date>(?i:{_ANY_DATE}))(?=[ \t]*(?:[:(—–|,-]|\.(?!\d)|$))",
    re.MULTILINE,
)
# a weekday or a month before a date is part of the date, not a place
_NOT_PLACES = {*WEEKDAYS, "january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december"}
# the time of an ISO timestamp: 'T09:30:00Z', 'T09:30+01:00'
_ISO_TIME = r"T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
# "becomes a legal entity tomorrow on December 6, 2017": the text is dated relative to a date it names
_RELATIVE = re.compile(rf"\b(?P<rel>today|tomorrow|yesterday)[ \t]*(?:,|on|\()?[ \t]*(?P<date>{_ANY_DATE})", re.IGNORECASE)
_RELATIVE_DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
_SIGNED = re.compile(
    rf"^[ \t*]*(?:signed|done|made)\b[^.\n]{{0,40}}?\bon\s+(?:this\s+|the\s+)?(?P<date>\d{{1,2}}{_ORD}\s+(?:day\s+of\s+)?{MONTH}\.?,?\s+{_YEAR}|{MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+{_YEAR}"
    rf"|(?P<words>{_DAY_WORD})\s+(?:day\s+)?of\s+{MONTH}[^\n]{{0,80}})",
    re.IGNORECASE | re.MULTILINE,
)
_CLOSING = re.compile(rf"(?:^|\n)[ \t]*(?P<date>(?:\d{{1,2}}{_ORD}\s+)?{MONTH}\.?,?\s+(?:\d{{1,2}}{_ORD},?\s+)?{_YEAR})[ \t]*\.?\s*\Z", re.IGNORECASE)
# prose: a line of eight words or more that ends a sentence; a date line after it is not the text's date
_PROSE_LINE = re.compile(r"^[^\n]*(?:\S+[ \t]+){7}[^\n]*[.!?][\"')]?[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class PublicationDate:
    date: dt.date | None
    precision: str | None
    basis: str  # header, posted_line, date_line, dateline, relative_date, signature, closing_date, metadata, given, none


# words a date line may put before its date: 'Mon, 3 Feb 2025', 'on 3 February', 'the 3rd of February'
# and a time: 'at 10:05 am, 2 June 2021', '16:40 CAT - 2 June 2021'
_BEFORE_DATE = re.compile(
    r"^\s*(?:(?:on|the|at)\s+|(?:Mon|Tue|Tues|Wed|Wednes|Thu|Thur|Thurs|Fri|Sat|Satur|Sun)(?:day)?\.?,?\s+"
    r"|\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+(?-i:[A-Z]{2,4}))?\s*[,|–—-]?\s+)*",
    re.IGNORECASE,
)


def _day_date(phrase: str, month_first: bool = False) -> dt.date | None:
    """The date a phrase starts with (after a weekday, 'on' or 'the'), to the day; None when it has no year or is not a valid date."""
    phrase = phrase[_BEFORE_DATE.match(phrase).end():].strip()
    found = find_dates(phrase, month_first=month_first)
    return found[0].date if found and found[0].start == 0 and found[0].precision == "day" else None


# countries that write a numeric date month first ('02/03/2025' is February 3)
MONTH_FIRST_COUNTRIES = {"US", "PH", "FM", "MH", "PW"}


def _month_first(text: str) -> bool:
    """Does the text come from a country that writes dates month first? Told by the first country or place its head
    names ('The U.S. National Science Foundation ...', 'WASHINGTON -'); read only for a date both ways valid."""
    from transforms.countries import default_countries

    found = default_countries().locate(text[:_HEAD_CHARS])
    return bool(found) and found[0][2].iso2 in MONTH_FIRST_COUNTRIES


def _ambiguous(phrase: str) -> bool:
    """Is a numeric date valid both day first and month first ('02/03/2025', not '25/03/2025' or '2025-02-03')?"""
    m = re.search(r"\b(\d{1,2})[./-](\d{1,2})[./-]\d{4}\b", phrase)
    return m is not None and int(m.group(1)) <= 12 and int(m.group(2)) <= 12 and m.group(1) != m.group(2)


def _line_date(phrase: str, text: str) -> dt.date | None:
    """The date a date line's phrase gives, read month first in a text from a country that writes it so."""
    return _day_date(phrase, month_first=_ambiguous(phrase) and _month_first(text))


def _precision_of(phrase: str) -> str:
    return "day" if re.search(r"(?<![\d])\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", re.sub(_YEAR, "", phrase)) else "month"


def _dateline_year(day: int, month: int, text: str, today: dt.date, weekday: str | None = None) -> int | None:
    """A dateline without a year ('NEW DELHI, Aug 29:') takes its year from the text: the year of a full date
    with the same day and month; else that of a numbered national day or anniversary ('the 60th National Day',
    'the 25th anniversary of the 1999 accord'); else, when the dateline names its weekday ('Lima, Friday 8 March'),
    the latest year the text mentions on which that date is that weekday; else the latest year in which a weekday
    the story names ('on Friday') falls on that date; else the latest year the text mentions; else none: a year
    the text does not give is never guessed from today."""
    for find in (_year_of_same_date, _year_of_national_day, _year_of_anniversary):
        if (year := find(day, month, text, today)) is not None:
            return year
    if weekday and (year := _year_of_weekday(day, month, weekday, text, today)) is not None:
        return year
    weekday = re.search(r"\b(?:on|last)\s+(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", text)
    if weekday:
        want = WEEKDAYS.index(weekday.group(1).lower())
        for year in range(today.year, today.year - 15, -1):
            try:
                d = dt.date(year, month, day)
            except ValueError:
                continue
            if d <= today and d.weekday() == want:
                return year
    years = [int(y) for y in re.findall(rf"\b({_YEAR})\b", text) if int(y) <= today.year]
    return max(years) if years else None


def _year_of_weekday(day: int, month: int, weekday: str, text: str, today: dt.date) -> int | None:
    """The latest year the text mentions (not after today) on which the day and month fall on the weekday ('Fri', 'Friday')."""
    want = next(i for i, name in enumerate(WEEKDAYS) if name.startswith(weekday.lower().rstrip(".")[:3]))
    for year in sorted({int(y) for y in re.findall(rf"\b({_YEAR})\b", text) if int(y) <= today.year}, reverse=True):
        try:
            if dt.date(year, month, day).weekday() == want:
                return year
        except ValueError:
            continue
    return None


def _only(years: set[int], today: dt.date) -> int | None:
    """The one year the evidence gives, if it is not after today; two different years say nothing."""
    return next(iter(years)) if len(years) == 1 and next(iter(years)) <= today.year else None


def _year_of_same_date(day: int, month: int, text: str, today: dt.date) -> int | None:
    """The year of a full date in the text on the dateline's day and month ('... dated 9 March 2021 ...')."""
    return _only({f.date.year for f in find_dates(text) if f.precision == "day" and f.date
                  and (f.date.month, f.date.day) == (month, day)}, today)


_ORDINAL = r"(?P<n>\d{1,3})(?:st|nd|rd|th)"
_ANNIVERSARY = re.compile(rf"\b{_ORDINAL}\s+anniversary\b", re.IGNORECASE)


def _year_of_anniversary(day: int, month: int, text: str, today: dt.date) -> int | None:
    """A numbered anniversary and the year it counts from, in one sentence: 'the 25th anniversary of the accord
    signed in 1999' was held in 2024."""
    years = set()
    for m in _ANNIVERSARY.finditer(text):
        sentence = text[max(text.rfind(".", 0, m.start()), text.rfind("\n", 0, m.start())) + 1:_sentence_end(text, m.end())]
        bases = {int(y) for y in re.findall(rf"\b({_YEAR})\b", sentence)}
        years |= {base + int(m.group("n")) for base in bases if base + int(m.group("n")) <= today.year}
    return _only(years, today)


def _sentence_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i >= 0]
    return min(ends) if ends else len(text)


NATIONAL_DAYS = Path(__file__).resolve().parent.parent / "seeds" / "reference" / "national_days.csv"
COUNTRIES = NATIONAL_DAYS.with_name("countries.csv")


@dataclass(frozen=True)
class NationalDay:
    """A day a country numbers ('the 75th Independence Day'): its date, and the year of the one numbered first
    (countries count differently: from the day itself, or from its first anniversary)."""

    names: tuple[str, ...]  # the country's name, adjectives and aliases (countries.csv)
    day: str
    month: int
    day_of_month: int
    first_numbered_year: int

    def year_of(self, n: int) -> int:
        return self.first_numbered_year + n - 1


@lru_cache(maxsize=1)
def national_days() -> tuple[NationalDay, ...]:
    """seeds/reference/national_days.csv with each country's names from countries.csv."""
    with COUNTRIES.open(encoding="utf-8") as f:
        names = {r["iso2"]: tuple(filter(None, [r["name"], *r["adjectives"].split("|"), *r["aliases"].split("|")])) for r in csv.DictReader(f)}
    with NATIONAL_DAYS.open(encoding="utf-8") as f:
        return tuple(NationalDay(names[r["iso2"]], r["day"], int(r["month"]), int(r["day_of_month"]), int(r["first_numbered_year"]))
                     for r in csv.DictReader(f))


@lru_cache(maxsize=1)
def _numbered_day_pattern() -> re.Pattern:
    days = sorted({d.day for d in national_days()}, key=len, reverse=True)
    return re.compile(rf"\b{_ORDINAL}\s+(?P<day>{'|'.join(map(re.escape, days))})\b")


def _year_of_national_day(day: int, month: int, text: str, today: dt.date) -> int | None:
    """A numbered national day in the text gives the year: of the country named next to it ('the country's 75th
    Independence Day', 'the 75th Independence Day of ...'), else of the country whose day falls on the dateline's
    date; the dateline must lie within a month of that day."""
    if not any(d.day in text for d in national_days()):
        return None
    years = set()
    for m in _numbered_day_pattern().finditer(text):
        candidates = [d for d in national_days() if d.day == m.group("day")]
        around = text[max(0, m.start() - 60):m.end() + 40]
        named = [d for d in candidates if any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", around) for name in d.names)]
        for d in named or [d for d in candidates if (d.month, d.day_of_month) == (month, day)]:
            year = d.year_of(int(m.group("n")))
            try:
                gap = abs((dt.date(year, month, day) - dt.date(year, d.month, d.day_of_month)).days)
            except ValueError:
                continue
            if gap <= 31:
                years.add(year)
    return _only(years, today)


PublicationRule = Callable[[str, dt.date], "PublicationDate | None"]


@rule("publication_date:header", stage="publication_date", cases=[
    Case("date 2021-04-09 PUNE: Two institutes agreed to share a telescope.", "2021-04-09"),
    Case("The telescope was shared from 2021-04-09 onwards.", None),
])
def header_date(text: str, today: dt.date) -> PublicationDate | None:
    """A text that opens with 'date' and an ISO date was published that day."""
    if m := _HEADER.search(text[:200]):
        if d := parse_date_text(m.group(1), "day"):
            return PublicationDate(d, "day", "header")
    return None


# ---- one notion of a date line
#
# A date line is a short line, a table row or the start of a dateline whose content is a label and/or a place
# or a name and a date: 'Published: 5 March 2024', '| Date | 05.03.2024 |', 'By A. Roe | March 5, 2024',
# 'CITY (Agency), 5 March 2024 —', '5 March 2024, 10:05 am'. What comes before the date is read part by part
# (parts are cut at '|', '·', tabs, dashes and commas): a label must be one that states when the page came out
# (a 'Deadline:' is not), the other parts are short names, places or sections, never prose. After the date come
# only a time, a zone, a weekday, or a break to other cells or to the dateline's story.

_PUBLICATION_LABEL = (
    r"(?:(?:page|article|story|news|item|web)\s+)?(?:first\s+)?(?:posted|published|created|released|issued|dated?|"
    r"(?:publication|release|issue|press\s+release)\s+date|date\s+of\s+(?:publication|issue|release)|"
    r"press\s+release(?:\s+(?:no\.?|nr\.?|number|n°|#)\s*[\w/.-]+)?\s+(?:dated|of)|"
    r"publié(?:e)?|date\s+de\s+publication|fecha(?:\s+de\s+publicación)?|publicad[oa]|data(?:\s+d[ei]\s+pub\w+)?|"
    r"pubblicat[oa]|veröffentlicht|datum|gepubliceerd|erschienen)"
)
_UPDATE_LABEL = (
    r"(?:(?:page|article|story|news|item|web)\s+)?(?:last\s+|first\s+)?(?:updated|modified|reviewed|revised|"
    r"mis\s+à\s+jour|actualizad[oa]|atualizad[oa]|aggiornat[oa]|aktualisiert|bijgewerkt)"
)
# the little words between a label and its date: 'Posted on', 'Publié le', 'Veröffentlicht am', 'Posted by the office on'
_LABEL_TAIL = r"(?:\s+by\s+[^|:\n]{1,40}?)?(?:\s+(?:on|at|le|el|em|il|am|op|of|the))*"
_LABEL_PART = re.compile(rf"(?:(?P<update>{_UPDATE_LABEL})|{_PUBLICATION_LABEL}){_LABEL_TAIL}\s*[:.]?", re.IGNORECASE)
# what may stand between a date line's parts and its date: a weekday, a time, 'on', 'the'
_TIME = r"\d{1,2}(?:[:.]\d{2}|h\d{2})(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?-i:[A-Z]{2,5})(?:[+-]\d{1,2})?)?"
_NEAR_DATE = rf"(?:(?<![^\W\d_])\s*(?:{_WEEKDAY}|{_WEEKDAY_ABBR}\.?|{_TIME}|on|the|le|el|am|op|il|em)\s*[,|·•–—:-]?)*\s*"
_BEFORE = re.compile(rf"{_NEAR_DATE}\Z", re.IGNORECASE)
_AFTER = re.compile(rf"(?:{_ISO_TIME})?(?:\s*[,|·•–—-]?\s*(?:at\s+)?(?:{_WEEKDAY}|{_WEEKDAY_ABBR}\.?|{_TIME}|\([A-Z]{{2,5}}\)))*\s*(?P<rest>.*)\Z", re.IGNORECASE | re.DOTALL)
_PART_BREAK = re.compile(r"\s*(?:[|·•–—\t,]|\s-\s|\s{3,}|(?<=[a-z])\.\s+(?=[A-Z]))\s*")
# a name, a place, a section, an agency in brackets, a role: a few words, the first capitalised, no sentence
_SHORT_PART = re.compile(r"(?:By\s+)?[^\W\d_][\w.'’&-]*(?:\s+[\w.'’&-]+){0,4}(?:\s*\([^()\n]{1,40}\))?|\([^()\n]{1,40}\)")
_FULL_DATE_KINDS = ("iso", "numeric_ymd", "numeric_dmy", "day_month_year", "month_day_year", "day_in_words")
_SHORT_YEAR_DATE = re.compile(r"(?<![\d./-])(?P<d>\d{1,2})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<yy>\d{2})(?![\d./-])")


@dataclass(frozen=True)
class DateLine:
    date: dt.date
    label: str  # publication, update, none
    basis: str  # what the line is: posted_line (labelled), date_line (a date alone), byline (a name, a section), dateline (a place)


def _date_line(line: str, text: str) -> DateLine | None:
    """The date of a line that is a date line (see above), with what its label says; None for any other line.
    Each date of the line is read with the words since the one before it ('Updated: ... | Created: ...'): the first
    publication date, else the first date line's."""
    line = line.strip().strip("*_#>").strip()
    found = [(f.date, f.start, f.end, f.kind == "numeric_dmy" and _ambiguous(f.text), False)
             for f in find_dates(line) if f.kind in _FULL_DATE_KINDS and f.precision == "day"]
    if not found and (m := _SHORT_YEAR_DATE.search(line)):  # a two-digit year is a year only under a label ('Date: 05/03/24')
        found = [(numeric_date(2000 + int(m.group("yy")), int(m.group("d")), int(m.group("m"))), m.start(), m.end(), False, True)]
    lines, previous_end = [], 0
    for date, start, end, ambiguous, labelled_only in found:
        before, previous_end = line[previous_end:start], end
        if date is None:
            continue
        before = before[:_BEFORE.search(before).start()]
        label = _label_of(before)
        if label is None or (labelled_only and label == "none"):
            continue
        rest = _AFTER.match(line, end).group("rest")
        if rest and label == "none" and not re.match(r"[|·•–—(:,.-]|by\s", rest):
            continue  # the date runs on into words: it is part of a sentence
        if rest and label == "none" and not before.strip() and rest[0] in ",." and not _BYLINE.match(rest[1:]):
            continue  # a date that opens a sentence ('15 March 2024, the councils met') is no date line of its own
        if ambiguous and _month_first(text):
            date = _line_date(line[start:end], text)
        lines.append(DateLine(date, label, _basis(label, before)))
    return next((d for d in lines if d.label == "publication"), None) or next(iter(lines), None)


def _basis(label: str, before: str) -> str:
    """A labelled line is a posted line; a date alone a date line; one place before it a dateline, else a by-line."""
    if label != "none":
        return "posted_line"
    bare = before.strip(" \t|*_,:-–—")
    if not bare:
        return "date_line"
    parts = [p.strip() for p in bare.split(",")]
    by = _BYLINE.match(bare) or re.search(r"[|·•\t]|\s{3,}", before) or len(parts) > 2 or any(p[:1].islower() for p in parts)
    return "byline" if by else "dateline"


def _label_of(before: str) -> str | None:
    """What the words before a date line's date make it: 'publication', 'update', 'none' (names, places), or None (not a date line)."""
    bare = before.strip(" \t|*_")
    if not bare:
        return "none"
    parts = [p for p in _PART_BREAK.split(bare.rstrip(" \t,|·•–—-")) if p.strip(" :*_")]
    last = parts[-1].strip(" *_") if parts else ""
    if (m := _LABEL_PART.fullmatch(last)) is not None:
        return "update" if m.group("update") else "publication"
    if _OTHER_DATE_WORDS.search(bare):
        return None  # a date of something else: 'Deadline - 15 March', 'Event date | ...', 'Valid until'
    if (last.endswith(":") or bare.endswith(":")) and not _is_caps_place(last):
        return None  # another label: 'Deadline:', 'Applications due:'
    if _BYLINE.match(bare) and len(bare.split()) <= 14:
        return "none"  # 'Issued by the Ministry of Higher Education, Oman —', 'By A. Roe, science desk,'
    # the first part capitalised (a name, a place, a section); a later one may be a role ('science correspondent')
    if not parts or len(bare.split()) > 12 or not parts[0].strip(" *_")[0].isupper() or not all(_SHORT_PART.fullmatch(p.strip(" *_:")) for p in parts):
        return None
    if not _title_case(parts[0]) and not re.search(r"[|·•\t]", before):
        return None  # 'The board met yesterday, 14 May': words of a sentence, not a name or a place (a cell may be 'Media statement')
    if not _PART_BREAK.search(before.rstrip(" ")[-2:] + " ") and not bare.endswith(":") and not _is_caps_place(last):
        return None  # a name run into a date without a break: 'Funding Round 11 October 2019' is a title ('OSLO 3 May 2022' a place)
    return "none"


_NAME_LINKS = {"of", "and", "de", "da", "do", "du", "des", "la", "le", "van", "von", "der", "den", "al", "el", "bin", "the", "for", "&"}


def _title_case(part: str) -> bool:
    """'Harbour City', 'A. Okoro', 'Ministry of Science', 'SÃO PAULO (Wire)': each word capitalised but the links of a name."""
    words = part.replace("(", " ").replace(")", " ").split()
    return bool(words) and words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w.lower() in _NAME_LINKS for w in words)


_OTHER_DATE_WORDS = re.compile(
    r"\b(?:deadlines?|due|clos(?:es|ing|ed)|until|till|valid|expir\w*|events?|starts?|ends?|submi\w*|applications?|"
    r"signed|signing|meeting|held|opens?|opening|from|registration|effective|visit|conference|workshop|date\s+of\s+(?:signature|event|entry))\b",
    re.IGNORECASE,
)


def _is_caps_place(part: str) -> bool:
    """'OSLO:' before a date is a dateline's place (capitals), not a label."""
    words = part.strip(" :").split()
    return bool(words) and all(w.isupper() for w in words)


def _head_lines(text: str) -> list[DateLine]:
    """The date lines of the head: each line up to the first line of prose, and that line (a dateline starts it)."""
    prose = _PROSE_LINE.search(text, 0, _HEAD_CHARS)
    stop = text.find("\n", prose.start()) if prose else _HEAD_CHARS
    head = text[:stop if stop >= 0 else len(text)]
    return [d for line in head.split("\n") if len(line) <= 400 and (d := _date_line(line, text))]


def _tail_lines(text: str) -> list[DateLine]:
    """The date lines after the last line of prose: a foot ('Page last updated: ...', '### ... contact ... date');
    a date without a label or a name there may be a deadline, unless it is the last line and nothing labels it."""
    tail_start = max(0, len(text) - _TAIL_CHARS)
    last_prose = None
    for last_prose in _PROSE_LINE.finditer(text, tail_start):
        pass
    start = last_prose.end() if last_prose else tail_start
    lines = [line.group() for line in _LINE.finditer(text, start) if line.group().strip()]
    out = []
    for i, line in enumerate(lines):
        d = _date_line(line, text)
        if d is None:
            continue
        labelled = d.label != "none" or _BYLINE.match(line)
        previous = lines[i - 1].strip() if i else ""
        unlabelled_last = i == len(lines) - 1 and not (previous.endswith(":") or (previous and len(previous.split()) <= 2))
        if labelled or (unlabelled_last and _date_line_has_place_or_nothing(line)):
            out.append(d)
    return out


def _date_line_has_place_or_nothing(line: str) -> bool:
    """A closing line: a date alone, or a place and a date ('Valletta, 05.06.2023'), not a cell after a word ('Call | ...')."""
    return "|" not in line


@rule("publication_date:posted_line", stage="publication_date", cases=[
    Case("News | Research\nTwo councils widen a programme\nPublished on - 21/11/2019\n\nThe councils met.", "2019-11-21"),
    Case("Publié le 5 mars 2023\n\nLes deux agences ont signé un accord.", "2023-03-05"),
    Case("| Published | 2023-03-05 | Source | Ministry |\n\nThe agencies met.", "2023-03-05"),
    Case("Date: 15/03/24\n\nThe agencies met.", "2024-03-15"),
    Case("Posted On: 3 FEB 2023 6:10PM by the press office\n\nThe council approved a fund.", "2023-02-03"),
    Case("Wire staff | Harbour City | Updated: 05-03-2021 10:02 IST | Created: 04-03-2021 18:40 IST\n\nText.", "2021-03-04"),
    Case("Date: | 11-10-2023 |\n\nThe two academies met.", "2023-10-11"),
    Case("Published: 2022.09.30\n\nA grant was announced.", "2022-09-30"),
    Case("Page published 04 Mar 2022\n\nThe agency opened a call.", "2022-03-04"),
    Case("Story first posted 09 Nov 2019\n\nThe two academies met.", "2019-11-09"),
    Case("Applications due: 12-01-2023\n\nThe call is open.", None),
    Case("Bulletin | Posted: Monday, 4 March 2019\n\nThe two academies met.", "2019-03-04"),
    Case("The Coast Times | Last updated 2:05 pm, 6 June 2021\n\nThe two academies met.", "2021-06-06"),
])
@rule("publication_date:date_line", stage="publication_date", cases=[
    Case("News\n\nSeptember 8, 2020\n\nThe academy signed a pact.", "2020-09-08"),
    Case("Research news\n\n07/09/2019 - 11:20\n\nThe two universities met.", "2019-09-07"),
    Case("Bulletin\n\n2024.11.05\n\nThe agency opened a call.", "2024-11-05"),
    Case("The two councils run a programme that funds joint research in many fields of science.\n\nDeadline\n24.05.2019 18:00 CEST\n", None),

    Case("Deadline: 15/03/2024\n\nThe agencies met.", None),
    Case("The memorandum was signed on 15 March 2024 by both ministers of the two councils.", None),
])
@rule("publication_date:byline", stage="publication_date", cases=[
    Case("J. Tan, science correspondent, 13 May 2022\n\nThe two academies met.", "2022-05-13"),
    Case("By Ana Lima | March 9, 2024\n\nThe two academies met.", "2024-03-09"),
    Case("Ana Lima · 9 Mar 2024 · 3 min read\n\nThe two academies met.", "2024-03-09"),
    Case("Media statement | 09.03.2024\n\nThe two academies met.", "2024-03-09"),
    Case("By Ana Lima, harbour correspondent, 9 March 2024\n\nThe two academies met.", "2024-03-09"),
    Case("By Ana Lima, science desk\n\nThe academies will meet again on 9 March 2024 to sign the pact.", None),
    Case("Events | Deadlines\n\nThe two academies will review the programme that funds joint research in many fields.\n\nCall | 09.03.2024", None),
])
@rule("publication_date:dateline", stage="publication_date", cases=[
    Case("HARBOUR CITY, March 3, 2023 (Wire) - Two agencies agreed to share data.", "2023-03-03"),
    Case("Lakeside, 21/06/2018 - 09:30, the council said a fund opens.", "2018-06-21"),
    Case("Old Town, May 9, 1997\n\nExcellency,\n\nI have the honour to propose a grant.", "1997-05-09"),
    Case("RIVERTON, Aug 29: The two ministers on Friday signed agreements.", "2025-08-29"),
    Case("HILLCREST, June 12 : The observatory on Monday marked the 40th anniversary of the telescope it opened in 1983.", "2023-06-12"),
    Case("LAKEVIEW, March 9 : The academies signed the accord today.\n\nThe accord, dated 9 March 2021, runs for five years.", "2021-03-09"),
    Case("LAKEVIEW, March 9 : The academies marked the tenth anniversary of their accord.", None),
    Case("Riverton, July 4 : The two sides signed an agreement.", None),
    Case("BRØNDBY (Wire), 14 February 2021\n\nThe two institutes will share a cyclotron.", "2021-02-14"),
    Case("PORT ALBA: 2 June 2016\n\nA research fund opened for applicants.", "2016-06-02"),
    Case("GREYSTONE 11 October 2019\n\nThe observatory joined the network.", "2019-10-11"),
    Case("Valparaíso, 18 May 2017.\n\nThe two councils opened a joint call.", "2017-05-18"),
    Case("WINDHOEK, 2 Sept 2020. The agencies agreed to share a satellite.", "2020-09-02"),
    Case("Riverton, 12.5 million was pledged.", None),
    Case("Funding Round 11 October 2019\n\nThe observatory joined the network.", None),
    Case("Harbour City, Friday 8 March 2019 - The two councils opened a joint call.", "2019-03-08"),
    Case("Harbour City, Friday - The two councils opened a joint call.", None),
])
def date_line(text: str, today: dt.date) -> PublicationDate | None:
    """A date line at the head of the text (before prose, or opening its first paragraph) that is not an update dates it."""
    if found := next((d for d in _head_lines(text) if d.label != "update"), None):
        return PublicationDate(found.date, "day", found.basis)
    return None


def _updated_line(text: str, today: dt.date) -> PublicationDate | None:
    """An update's date line at the head, when no other line dates the text."""
    if found := next((d for d in _head_lines(text) if d.label == "update"), None):
        return PublicationDate(found.date, "day", found.basis)
    return None


def _date_line_at_end(text: str, today: dt.date) -> PublicationDate | None:
    """A date line at the foot, after the last prose, when the head gives none: the publication before an update."""
    lines = _tail_lines(text)
    if found := next((d for d in lines if d.label != "update"), None) or next(iter(lines), None):
        return PublicationDate(found.date, "day", found.basis)
    return None


_LINE = re.compile(r"^[^\n]+$", re.MULTILINE)


# a by-line: 'By A. Roe', 'Issued by the Ministry of ...', 'Posted by the press office'
_BYLINE = re.compile(r"[ \t]*(?:(?i:issued|released|published|posted|written|reported)[ \t]+(?i:by)|By)[ \t]+\S")
def _place_and_date(part: str, text: str) -> dt.date | None:
    """The date of a part that is only a place and a date ('Accra, 4 May 2022')."""
    if (m := _DATELINE.match(part)) and m.end() == len(part.rstrip(" .")) and _is_place(m, part):
        return _line_date(m.group("date"), text)
    return None


def _is_place(m: re.Match, text: str) -> bool:
    """Is a dateline's place a place? Capitalised words, not a weekday or a month. Joined to its date by a
    colon or only a space ('OSLO: March 3, 2022', 'OSLO March 3, 2022') it must be all capitals, with the
    date alone on the rest of its line: a line of capitalised words and a date is otherwise a title."""
    place = m.group("place")
    words = place.replace(",", " ").split()
    if not all(w[0].isupper() for w in words) or place.strip().lower() in _NOT_PLACES:
        return False
    if (sep := m.group("sep").strip()) and sep in ",–—-":
        return True
    line_end = text.find("\n", m.end())
    rest = text[m.end():line_end if line_end >= 0 else len(text)]
    return not any(ch.islower() for ch in place) and rest.strip(" \t.") == ""


def _first_dateline(text: str) -> re.Match | None:
    """The first dateline near the top whose date has a year, or has a day and a month."""
    for m in _DATELINE.finditer(text, 0, _HEAD_CHARS):
        if _is_place(m, text) and (_line_date(m.group("date"), text) or _day_month_at_start(m.group("date"))):
            return m
    return None


def _day_month_at_start(phrase: str) -> list[DateMention]:
    return [f for f in find_dates(phrase) if f.kind in ("day_month", "month_day") and f.start == 0]


def _yearless_dateline(text: str, today: dt.date) -> PublicationDate | None:
    """A dateline whose date has no year, when no line of the text dates it: the year the text gives (`_dateline_year`).
    Tried after every dated line, since a line with a year states what a dateline without one leaves out."""
    m = _first_dateline(text)
    if m is None or _line_date(m.group("date"), text):
        return None
    phrase = m.group("date")
    first = _day_month_at_start(phrase)[0]
    month = parse_date_text(f"1 {first.text.strip(' .').split()[-1 if first.kind == 'day_month' else 0].rstrip('.')} 2000", "day")
    day = int(re.search(r"\d{1,2}", phrase).group())
    if month is None or (year := _dateline_year(day, month.month, text, today, m.group("weekday"))) is None:
        return None
    try:
        return PublicationDate(dt.date(year, month.month, day), "day", "dateline")
    except ValueError:
        return None


@rule("publication_date:relative_date", stage="publication_date", cases=[
    Case('"The centre opens tomorrow on March 3, 2021," the ministry said.', "2021-03-02"),
    Case("The board met yesterday, 14 May 2019, and approved the plan.", "2019-05-15"),
    Case("The centre opened on March 3, 2021 and is busy today.", None),
])
def relative_date(text: str, today: dt.date) -> PublicationDate | None:
    """'today', 'tomorrow' or 'yesterday' next to a full date near the top date the text by it."""
    m = _RELATIVE.search(text, 0, 2 * _HEAD_CHARS)
    if m and (d := _day_date(m.group("date"))):
        return PublicationDate(d - dt.timedelta(days=_RELATIVE_DAYS[m.group("rel").lower()]), "day", "relative_date")
    return None


@rule("publication_date:signature", stage="publication_date", cases=[
    Case("Text of the page.\n\nSigned on the 3rd day of May 2019 in two originals.", "2019-05-03"),
    Case("Done at the capital on 14 October 2020, in duplicate.", "2020-10-14"),
    Case("The plan will be signed on 14 October 2030 after review by both boards of the two academies.", None),
])
def signature_date(text: str, today: dt.date) -> PublicationDate | None:
    """The date of a signature line at the end of an agreement ('Done at ... on ...') dates the text."""
    signed = list(_SIGNED.finditer(text[-_TAIL_CHARS:]))
    if signed and signed[-1].group("words"):  # 'the fourth day of May in the year two thousand and twenty-two'
        found = find_dates("the " + signed[-1].group("date"))
        return PublicationDate(found[0].date, "day", "signature") if found and found[0].start == 0 and found[0].date else None
    if signed:
        phrase = signed[-1].group("date")
        precision = _precision_of(phrase)
        if d := parse_date_text(phrase, precision):
            return PublicationDate(d, precision, "signature")
    return None


@rule("publication_date:closing_date", stage="publication_date", cases=[
    Case("Some text about cooperation between two academies.\n\nMarch, 2022", "2022-03-01"),
    Case("Some text about cooperation between two academies in March 2022 and later.", None),
    Case("The two academies agreed to widen their work in marine science. " * 15 + "\n\nPress office\nValletta, 05.06.2023", "2023-06-05"),
    Case("The two academies agreed to widen their work in marine science. " * 15 + "\n\nThey met in Valletta, 05.06.2023 was the day.", None),
])
def closing_date(text: str, today: dt.date) -> PublicationDate | None:
    """A date alone on the last line of a text dates it, to the day or the month it gives."""
    if m := _CLOSING.search(text[-_TAIL_CHARS:]):
        phrase = m.group("date")
        precision = _precision_of(phrase)
        if d := parse_date_text(phrase, precision):
            return PublicationDate(d, precision, "closing_date")
    # a place and a date closing a letter: 'Valletta, 05.06.2023' (a date alone there may be a deadline)
    if d := _place_and_date(text.rstrip().rsplit("\n", 1)[-1].strip(" \t*_"), text):
        return PublicationDate(d, "day", "closing_date")
    return None


PUBLICATION_RULES: list[PublicationRule] = [
    header_date, date_line, _updated_line, relative_date, signature_date, _date_line_at_end,
    _yearless_dateline, closing_date,  # a dated line anywhere beats a dateline without a year
]


def find_publication_date(text: str, today: dt.date | None = None) -> PublicationDate:
    """The publication date the first rule of PUBLICATION_RULES finds; basis 'none' when none does."""
    today = today or dt.date.today()
    for find in PUBLICATION_RULES:
        if found := find(text, today):
            return found
    return PublicationDate(None, None, "none")
