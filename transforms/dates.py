"""Dates: candidates found with patterns, parsed by dateparser (cached), resolved against the publication date."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser

MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ORD = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"

# Order matters: the longest forms first, so "8th December 2006" is one candidate, not two.
_DATE_PATTERNS: list[tuple[str, str]] = [
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}})\b"),
    ("numeric_ymd", rf"\b(?P<y>{_YEAR})[./](?P<m>\d{{1,2}})[./](?P<d>\d{{1,2}})\b"),
    ("numeric_dmy", rf"\b(?P<d>\d{{1,2}})[./-](?P<m>\d{{1,2}})[./-](?P<y>{_YEAR})\b"),
    ("day_month_year", rf"\b(?P<d>\d{{1,2}}){_ORD}(?:\s*(?:-|to|and|&)\s*\d{{1,2}}{_ORD})?(?:\s+day)?(?:\s+of)?\s+(?P<mon>{MONTH})\.?,?\s+(?P<y>{_YEAR})\b"),
    ("month_day_year", rf"\b(?P<mon>{MONTH})\.?\s+(?P<d>\d{{1,2}}){_ORD}(?:\s*(?:-|to|and|&)\s*\d{{1,2}}{_ORD})?,?\s+(?P<y>{_YEAR})\b"),
    ("month_year", rf"\b(?P<mon>{MONTH})\.?,?\s+(?P<y>{_YEAR})\b"),
    ("day_month", rf"\b(?P<d>\d{{1,2}}){_ORD}\s+(?P<mon>{MONTH})\b\.?"),
    ("month_day", rf"\b(?P<mon>{MONTH})\.?\s+(?P<d>\d{{1,2}})(?!\d|,?\s*{_YEAR}){_ORD}\b"),
    ("fiscal_year", rf"\b(?:F\.?Y\.?\s*)?{_YEAR}\s*[-–/]\s*(?:\d{{2}}|{_YEAR})\b"),
    ("fiscal_year", rf"\bF\.?Y\.?\s*{_YEAR}\b"),
    ("decade", r"\b(?:19|20)\d0s\b"),
    ("year", rf"(?<![\d,.$€£¥₹-])\b(?P<y>{_YEAR})\b(?![\d,]|\.\d|\s*(?:%|per\s?cent))"),
    ("weekday", r"\b(?:on|last|this|next)\s+(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"),
]
# every pattern starts at a word boundary with a digit, a month or on/last/this/next: saying so up front
# lets the engine skip most positions (4x faster, same matches)
DATE_RE = re.compile(r"\b(?=[\dJFMASONDLTWjfmasondltw])(?:" + "|".join(f"(?P<{name}_{i}>{p.replace('(?P<', f'(?P<{name}_{i}_')})" for i, (name, p) in enumerate(_DATE_PATTERNS)) + ")", re.IGNORECASE)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    kind: str  # the pattern name
    date: dt.date | None  # None for fiscal years, decades, unresolvable weekdays
    precision: str | None  # day, month, year


@lru_cache(maxsize=65536)
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


def _groups(m: re.Match) -> tuple[str, dict[str, str]]:
    kind = m.lastgroup or ""
    prefix = kind + "_"
    fields = {k[len(prefix):]: v for k, v in m.groupdict().items() if k.startswith(prefix) and v}
    return kind.rsplit("_", 1)[0], fields


def numeric_date(year: int, first: int, second: int) -> dt.date | None:
    """'12.03.2024' is 12 March: day first, as Indian, Japanese and European texts write it; a pair that
    cannot be day-first ('03/25/2024') is read month first."""
    for day, month in ((first, second), (second, first)):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
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


def find_dates(text: str, published: dt.date | None = None) -> list[DateMention]:
    """Every date-like phrase in the text with its resolved date and precision."""
    out = []
    for m in DATE_RE.finditer(text):
        kind, g = _groups(m)
        date, precision = None, None
        if kind in ("numeric_dmy", "numeric_ymd"):
            if kind == "numeric_dmy":
                date = numeric_date(int(g["y"]), int(g["d"]), int(g["m"]))
            else:
                date = numeric_date(int(g["y"]), int(g["d"]), int(g["m"])) if int(g["m"]) <= 12 else None
            precision = "day"
            precision = precision if date else None
        elif kind in ("iso", "day_month_year", "month_day_year"):
            precision = "day"
            date = parse_date_text(f"{g['d']} {g.get('mon') or g['m']} {g['y']}" if kind != "iso" else f"{g['y']}-{g['m']}-{g['d']}", precision)
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

_HEADER = re.compile(r"\A\s*date\s*:?\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_DATELINE = re.compile(
    rf"^[ \t]*[A-Z][A-Za-z .'-]{{1,40}}(?:,\s*[A-Z][A-Za-z .'-]{{1,30}}?)?\s*[,–—-]\s*(?:(?P<mon>{MONTH})\.?\s+(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}})\s+(?P<mon2>{MONTH})\.?)(?:,?\s+(?P<y>{_YEAR}))?\s*[:(—–-]",
    re.MULTILINE,
)
# "Posted On: 29 AUG 2025 7:45PM by PIB Delhi", "Published: 5 March 2024", "Dated: 12.03.2024"
_POSTED = re.compile(r"^[ \t]*(?:Posted\s+On|Published(?:\s+On)?|Dated?|Released(?:\s+On)?|Press\s+Release\s+Date|Issued\s+On|(?:Last\s+)?Updated(?:\s+On)?|Page\s+last\s+updated(?:\s+on)?)\s*:?\s*(?P<rest>[^\n]{6,60})", re.MULTILINE | re.IGNORECASE)
_SIGNED = re.compile(
    rf"^[ \t*]*(?:signed|done|made)\b[^.\n]{{0,40}}?\bon\s+(?:this\s+|the\s+)?(?P<date>\d{{1,2}}{_ORD}\s+(?:day\s+of\s+)?{MONTH}\.?,?\s+{_YEAR}|{MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+{_YEAR})",
    re.IGNORECASE | re.MULTILINE,
)
_CLOSING = re.compile(rf"(?:^|\n)[ \t]*(?P<date>(?:\d{{1,2}}{_ORD}\s+)?{MONTH}\.?,?\s+(?:\d{{1,2}}{_ORD},?\s+)?{_YEAR})[ \t]*\.?\s*\Z", re.IGNORECASE)


# a line that is nothing but a full date, near the top: a press release's date
_DATE_ONLY_LINE = re.compile(
    rf"^[ \t]*(?P<date>(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?(?:\d{{1,2}}{_ORD}\s+{MONTH}\.?,?\s+{_YEAR}|{MONTH}\.?\s+\d{{1,2}}{_ORD},?\s+{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}}))(?:[ \t]*[|,]?[ \t]*\d{{1,2}}[:.]\d{{2}}[ \t]*(?:[AaPp]\.?[Mm]\.?)?(?:[ \t]*(?:IST|JST|GMT|UTC))?)?[ \t]*$",
    re.MULTILINE | re.IGNORECASE,
)


@dataclass(frozen=True)
class PublicationDate:
    date: dt.date | None
    precision: str | None
    basis: str  # header, dateline, closing_date, signature, given, none


def _precision_of(phrase: str) -> str:
    return "day" if re.search(r"(?<![\d])\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", re.sub(_YEAR, "", phrase)) else "month"


def _dateline_year(day: int, month: int, text: str, today: dt.date) -> int | None:
    """A dateline without a year ('NEW DELHI, Aug 29:'): the latest year in which a weekday the story
    names ('on Friday') falls on that date; else the latest year the text mentions; else this year."""
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
    if years:
        return max(years)
    return today.year if dt.date(today.year, month, min(day, 28)) <= today else today.year - 1


def find_publication_date(text: str, today: dt.date | None = None) -> PublicationDate:
    """Publication date from the header line, the dateline, the signature line or the closing date line."""
    today = today or dt.date.today()
    if m := _HEADER.search(text[:200]):
        d = parse_date_text(m.group(1), "day")
        if d:
            return PublicationDate(d, "day", "header")
    head = text[:600]
    for m in _POSTED.finditer(head):
        found = [d for d in find_dates(m.group("rest")) if d.precision == "day" and d.date and d.start == 0]
        if found:
            return PublicationDate(found[0].date, "day", "posted_line")
    if m := _DATE_ONLY_LINE.search(head):
        found = [d for d in find_dates(m.group("date")) if d.precision == "day" and d.date]
        if found:
            return PublicationDate(found[0].date, "day", "date_line")
    if m := _DATELINE.search(head):
        month = parse_date_text(f"1 {m.group('mon') or m.group('mon2')} 2000", "day")
        day = int(m.group("d") or m.group("d2"))
        if month:
            year = int(m.group("y")) if m.group("y") else _dateline_year(day, month.month, text, today)
            if year:
                try:
                    return PublicationDate(dt.date(year, month.month, day), "day", "dateline")
                except ValueError:
                    pass
    tail = text[-1500:]
    signed = list(_SIGNED.finditer(tail))
    if signed:
        phrase = signed[-1].group("date")
        precision = _precision_of(phrase)
        d = parse_date_text(phrase, precision)
        if d:
            return PublicationDate(d, precision, "signature")
    for m in _POSTED.finditer(text[-600:]):
        found = [d for d in find_dates(m.group("rest")) if d.precision == "day" and d.date and d.start == 0]
        if found:
            return PublicationDate(found[0].date, "day", "posted_line")
    if m := _CLOSING.search(tail):
        phrase = m.group("date")
        precision = _precision_of(phrase)
        d = parse_date_text(phrase, precision)
        if d:
            return PublicationDate(d, precision, "closing_date")
    return PublicationDate(None, None, "none")
