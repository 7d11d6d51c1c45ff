"""Publication dates over the space of how pages state them (issue 11): the annotation rule stated in general.

A text's publication date is the date its own date line gives: a short line (or a table row, or a part of a
by-line or a dateline) whose content is a label and/or a place and a date. Such a line beats any date of the
body (an event, a deadline, a signing, a validity, a copyright year, a quotation); of two labelled lines the
publication beats the update, and an update dates the text only when nothing else does.

The cases are the product of date forms x labels x separators x positions x distractors, sampled with a fixed
seed (the whole product is millions), every one built here in its own words for several country pairs.
"""
from __future__ import annotations

import datetime as dt
import itertools
import random

import pytest

from transforms.dates import find_publication_date

pytestmark = pytest.mark.pure

TODAY = dt.date(2026, 6, 1)

EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
FOREIGN_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
}


def _abbr(month: int, dot: bool) -> str:
    name = EN_MONTHS[month - 1]
    short = "Sept" if month == 9 and dot else name[:3]
    return short + ("." if dot and len(name) > len(short) else "")


def _ordinal(day: int) -> str:
    return f"{day}{'th' if 10 <= day % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"


# each form: (name, function of a date -> its written form); numeric forms are used with a day over 12 (unambiguous)
DATE_FORMS = [
    ("d month y", lambda d: f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}"),
    ("dd month y", lambda d: f"{d.day:02d} {EN_MONTHS[d.month - 1]} {d.year}"),
    ("d mon y", lambda d: f"{d.day} {_abbr(d.month, False)} {d.year}"),
    ("d mon. y", lambda d: f"{d.day} {_abbr(d.month, True)} {d.year}"),
    ("month d, y", lambda d: f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"),
    ("mon. d, y", lambda d: f"{_abbr(d.month, True)} {d.day}, {d.year}"),
    ("mon d y", lambda d: f"{_abbr(d.month, False)} {d.day} {d.year}"),
    ("dth month y", lambda d: f"{_ordinal(d.day)} {EN_MONTHS[d.month - 1]} {d.year}"),
    ("dth of month y", lambda d: f"{_ordinal(d.day)} of {EN_MONTHS[d.month - 1]} {d.year}"),
    ("month dth, y", lambda d: f"{EN_MONTHS[d.month - 1]} {_ordinal(d.day)}, {d.year}"),
    ("D MONTH Y", lambda d: f"{d.day} {EN_MONTHS[d.month - 1].upper()} {d.year}"),
    ("MONTH D, Y", lambda d: f"{EN_MONTHS[d.month - 1].upper()} {d.day}, {d.year}"),
    ("D MON Y", lambda d: f"{d.day:02d} {_abbr(d.month, False).upper()} {d.year}"),
    ("dd/mm/yyyy", lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}"),
    ("dd.mm.yyyy", lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}"),
    ("dd-mm-yyyy", lambda d: f"{d.day:02d}-{d.month:02d}-{d.year}"),
    ("d/m/yyyy", lambda d: f"{d.day}/{d.month}/{d.year}"),
    ("dd mm yyyy", lambda d: f"{d.day:02d} {d.month:02d} {d.year}"),
    ("yyyy.mm.dd", lambda d: f"{d.year}.{d.month:02d}.{d.day:02d}"),
    ("yyyy/mm/dd", lambda d: f"{d.year}/{d.month:02d}/{d.day:02d}"),
    ("yyyy-mm-dd", lambda d: d.isoformat()),
    ("yyyy mm dd", lambda d: f"{d.year} {d.month:02d} {d.day:02d}"),
    ("dd-MON-yyyy", lambda d: f"{d.day:02d}-{_abbr(d.month, False).upper()}-{d.year}"),
    ("iso Z", lambda d: f"{d.isoformat()}T09:30:00Z"),
    ("iso zone", lambda d: f"{d.isoformat()}T16:45:10+05:30"),
    ("iso space time", lambda d: f"{d.isoformat()} 08:15"),
    ("weekday, d month y", lambda d: f"{d.strftime('%A')}, {d.day} {EN_MONTHS[d.month - 1]} {d.year}"),
    ("wkd, d mon y", lambda d: f"{d.strftime('%a')}, {d.day} {_abbr(d.month, False)} {d.year}"),
    ("weekday month d, y", lambda d: f"{d.strftime('%A')} {EN_MONTHS[d.month - 1]} {d.day}, {d.year}"),
    ("wkd dd.mm.yyyy", lambda d: f"{d.strftime('%a')} {d.day:02d}.{d.month:02d}.{d.year}"),
    ("d month y, hh:mm IST", lambda d: f"{d.day} {EN_MONTHS[d.month - 1]} {d.year}, 13:08 IST"),
    ("dd-mm-yyyy hh:mm IST", lambda d: f"{d.day:02d}-{d.month:02d}-{d.year} 13:08 IST"),
    ("month d, y h:mm am", lambda d: f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year} 10:05 am"),
    ("h:mm am, d month y", lambda d: f"10:05 am, {d.day} {EN_MONTHS[d.month - 1]} {d.year}"),
    ("hh:mm GMT | d mon y", lambda d: f"16:40 GMT | {d.day} {_abbr(d.month, False)} {d.year}"),
    ("dd.mm.yyyy, 14h30", lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}, 14h30"),
    ("d MON y h:mmPM", lambda d: f"{d.day} {_abbr(d.month, False).upper()} {d.year} 7:45PM"),
    ("fr", lambda d: f"{d.day} {FOREIGN_MONTHS['fr'][d.month - 1]} {d.year}"),
    ("es", lambda d: f"{d.day} de {FOREIGN_MONTHS['es'][d.month - 1]} de {d.year}"),
    ("pt", lambda d: f"{d.day} de {FOREIGN_MONTHS['pt'][d.month - 1]} de {d.year}"),
    ("it", lambda d: f"{d.day} {FOREIGN_MONTHS['it'][d.month - 1]} {d.year}"),
    ("de", lambda d: f"{d.day}. {FOREIGN_MONTHS['de'][d.month - 1]} {d.year}"),
    ("nl", lambda d: f"{d.day} {FOREIGN_MONTHS['nl'][d.month - 1]} {d.year}"),
]
# two-digit years: unambiguous only under a label
LABELLED_ONLY_FORMS = [
    ("dd/mm/yy", lambda d: f"{d.day:02d}/{d.month:02d}/{d.year % 100:02d}"),
    ("dd.mm.yy", lambda d: f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"),
]

# labels that state the publication; (label, is_update)
LABELS = [
    ("Published", False), ("Published on", False), ("Posted", False), ("Posted on", False),
    ("Posted by Press Office on", False), ("Date", False), ("Dated", False), ("Released", False),
    ("Issued", False), ("Issued on", False), ("Press release No. 14/2024 of", False), ("Release date", False),
    ("Publication date", False), ("Date of publication", False), ("Created", False),
    ("Publié le", False), ("Fecha", False), ("Fecha de publicación", False), ("Publicado em", False),
    ("Publicado el", False), ("Pubblicato il", False), ("Data", False), ("Veröffentlicht am", False),
    ("Datum", False), ("Gepubliceerd op", False),
    ("Updated", True), ("Last updated", True), ("Last modified", True), ("Page last updated", True),
]
SEPARATORS = [": ", " | ", " - ", " – ", ", ", "\t", " "]

TITLES = ["Two research councils widen their joint programme", "Agencies agree on a new scholarship scheme",
          "Universities to share a polar station", "Ministers open a joint laboratory"]
PAIRS = [("Kenya", "Finland"), ("Chile", "Korea"), ("Ghana", "Portugal"), ("Nepal", "Austria"), ("Peru", "Norway"),
         ("Fiji", "Japan"), ("Oman", "Italy"), ("Laos", "Brazil")]
PLACES = ["NAIROBI", "Santiago", "ACCRA", "Kathmandu", "LIMA", "Suva", "MUSCAT", "Vientiane"]


def _body(pair: tuple[str, str], distractor: str) -> str:
    a, b = pair
    return (f"The science ministry of {a} and the research council of {b} agreed to fund joint projects in marine biology "
            f"and renewable energy over the coming years.\n\n{distractor}\n\nBoth sides said the work would train young researchers "
            f"from {a} and {b} and open laboratories to visiting scholars.")


def _distractors(other: dt.date) -> list[str]:
    """Dates of the body that are not the publication date: each must lose to a date line."""
    long = f"{other.day} {EN_MONTHS[other.month - 1]} {other.year}"
    return [
        "The partners will meet again at a workshop in the capital.",  # none
        f"A joint conference will take place on {long} at the national university.",
        f"Applications close on {long}; late proposals will not be considered.",
        f"The memorandum was signed on {long} by both ministers in the presence of the ambassadors.",
        f"The agreement remains valid until {long} and may be renewed by both parties.",
        f'"By {long} we want the first fellows in the laboratory," the minister of research said.',
        f"Deadline: {other.day:02d}.{other.month:02d}.{other.year}",
    ]


# publication dates with a day over 12 (numeric forms unambiguous), over several years, months and weekdays
PUB_DATES = [dt.date(2024, 3, 15), dt.date(2019, 11, 21), dt.date(2022, 7, 28), dt.date(2023, 1, 13), dt.date(2021, 9, 30),
             dt.date(2025, 5, 17), dt.date(2020, 12, 24), dt.date(2018, 4, 19), dt.date(2024, 10, 14), dt.date(2023, 8, 31)]


def _other(d: dt.date) -> dt.date:
    """A body date that is not the publication date (a later event, deadline or signing)."""
    return d + dt.timedelta(days=47)


def _positions(line: str, pair: tuple[str, str], title: str, distractor: str) -> dict[str, str]:
    body = _body(pair, distractor)
    return {
        "first line": f"{line}\n\n{title}\n\n{body}",
        "after title": f"{title}\n\n{line}\n\n{body}",
        "after a section line": f"News | Research\n{title}\n{line}\n\n{body}",
        "at the end after ###": f"{title}\n\n{body}\n\n###\n\nMedia contact: press office, +00 12 345 678\n\n{line}",
    }


def _label_line(label: str, sep: str, date: str) -> str:
    return f"{label}{sep}{date}"


def _cases() -> list[tuple[str, str, dt.date]]:
    rnd = random.Random(20261201)
    cases = []
    for (form_name, form), (label, update), sep in itertools.product(DATE_FORMS, LABELS, SEPARATORS):
        if rnd.random() > 0.25:  # a quarter of the product, every form with every label
            continue
        pub = rnd.choice(PUB_DATES)
        pair, title, place = rnd.choice(PAIRS), rnd.choice(TITLES), rnd.choice(PLACES)
        distractor = rnd.choice(_distractors(_other(pub)))
        line = _label_line(label, sep, form(pub))
        position, text = rnd.choice(list(_positions(line, pair, title, distractor).items()))
        cases.append((f"{form_name} / {label!r}{sep!r} / {position}", text, pub))
    for (form_name, form), (label, _) in itertools.product(LABELLED_ONLY_FORMS, LABELS):
        pub = rnd.choice(PUB_DATES)
        text = f"{_label_line(label, ': ', form(pub))}\n\n{rnd.choice(TITLES)}\n\n{_body(rnd.choice(PAIRS), rnd.choice(_distractors(_other(pub))))}"
        cases.append((f"{form_name} / {label!r}", text, pub))
    for form_name, form in DATE_FORMS:
        for i in range(6):
            pub = rnd.choice(PUB_DATES)
            pair, title, place = rnd.choice(PAIRS), rnd.choice(TITLES), rnd.choice(PLACES)
            distractor = rnd.choice(_distractors(_other(pub)))
            date = form(pub)
            unlabelled = {  # a date line without a label: alone, in a by-line, in a table, in a dateline
                "alone": f"{date}",
                "by-line |": f"By A. Okoro | {date}",
                "by-line ·": f"Maria Rossi · {date} · 4 min read",
                "by-line correspondent": f"J. Tan, science correspondent, {date}",
                "markdown table": f"| Date | {date} |",
                "markdown table, label cell": f"| Published | {date} | Source | Ministry |",
                "dateline": f"{place}, {date} — ",
                "dateline with agency": f"{place} (Newswire), {date} – ",
            }
            kind, line = list(unlabelled.items())[(i + DATE_FORMS.index((form_name, form))) % len(unlabelled)]
            if kind.startswith("dateline"):
                text = f"{title}\n\n{line}{_body(pair, distractor)}"
            else:
                positions = _positions(line, pair, title, distractor)
                if kind in ("by-line ·", "by-line correspondent"):  # a name and a date at the foot: a contact and a deadline?
                    del positions["at the end after ###"]
                text = rnd.choice(list(positions.values()))
            cases.append((f"{form_name} / {kind}", text, pub))
    return cases


CASES = _cases()


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_a_date_line_dates_the_text(name, text, expected):
    found = find_publication_date(text, today=TODAY)
    assert (found.date, found.precision) == (expected, "day"), f"{name}: got {found}\n{text}"


def _two_labels(pub: dt.date, upd: dt.date, rnd: random.Random) -> list[tuple[str, str, dt.date]]:
    """Both labelled: the publication wins, in either order, the update above or below it."""
    out = []
    for (form_name, form), first_update in itertools.product(rnd.sample(DATE_FORMS, 12), (True, False)):
        published = f"{rnd.choice([l for l, u in LABELS if not u])}: {form(pub)}"
        updated = f"{rnd.choice([l for l, u in LABELS if u])}: {form(upd)}"
        lines = [updated, published] if first_update else [published, updated]
        text = f"{rnd.choice(TITLES)}\n\n{lines[0]}\n{lines[1]}\n\n{_body(rnd.choice(PAIRS), '')}"
        out.append((f"{form_name} / update {'first' if first_update else 'second'}", text, pub))
        # the update lower down, after the body
        text = f"{published}\n\n{_body(rnd.choice(PAIRS), '')}\n\n{updated}"
        out.append((f"{form_name} / update at the end", text, pub))
    return out


UPDATE_CASES = _two_labels(dt.date(2022, 7, 28), dt.date(2023, 2, 14), random.Random(7))


@pytest.mark.parametrize("name,text,expected", UPDATE_CASES, ids=[c[0] for c in UPDATE_CASES])
def test_the_publication_beats_the_update(name, text, expected):
    assert find_publication_date(text, today=TODAY).date == expected, name


@pytest.mark.parametrize("pair,place", list(zip(PAIRS, PLACES)))
def test_a_date_in_the_body_alone_is_not_a_date_line(pair, place):
    """Without a date line, an event, a deadline or a validity in the body does not date the text."""
    other = dt.date(2027, 3, 18)
    for distractor in _distractors(other)[1:5]:
        text = f"{TITLES[0]}\n\n{_body(pair, distractor)}"
        assert find_publication_date(text, today=TODAY).date is None, distractor


@pytest.mark.parametrize("pair,place", list(zip(PAIRS, PLACES)))
def test_a_yearless_dateline_takes_its_year_from_the_text(pair, place):
    """'PLACE, March 15 —' takes the year of the text ('... in 2023'), never today's; with no year in the text it
    gives no date."""
    a, b = pair
    text = f"{place}, March 15 — The research councils of {a} and {b} opened a call. The programme began in 2021 and was renewed in 2023."
    found = find_publication_date(text, today=TODAY)
    assert (found.date, found.precision) == (dt.date(2023, 3, 15), "day")
    text = f"{place}, March 15 — The research councils of {a} and {b} opened a call for joint projects."
    assert find_publication_date(text, today=TODAY).date is None
