"""Publication dates and date mentions, table-driven."""
from __future__ import annotations

import datetime as dt

import pytest

from transforms.dates import find_dates, find_publication_date, resolve_weekday

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

TODAY = dt.date(2026, 11, 22)

PUBLICATION = [
    ("date 2024-12-27 LAKESIDE: Two institutes signed an MoU.", "2024-12-27", "day", "header"),
    ("HARBOUR CITY, March 3, 2023 (Wire) - The two agencies agreed...", "2023-03-03", "day", "dateline"),
    ("Riverton, 12 June 2024: The ministry said...", "2024-06-12", "day", "dateline"),
    ("RIVERTON, Aug 29: The two ministers on Friday signed agreements.", "2025-08-29", "day", "dateline"),
    ("HILLTOWN, Jan 9 (Wire): The space agency on Tuesday signed a pact.", "2024-01-09", "day", "dateline"),
    ("Old Town, May 9, 1997\n\nExcellency,\n\nI have the honour to propose a grant.", "1997-05-09", "day", "dateline"),
    ("Lakeside, 21/06/2018 - 09:30, UNIQUE ID: 1\n\nTuesday, 20 June 2018: the council met.", "2018-06-21", "day", "dateline"),
    # no year in the dateline, no weekday and no year in the text: no date rather than this year's
    ("Riverton, July 4 : The two sides signed an agreement.", None, None, "none"),
    # a place in any script, an agency in brackets, a colon or only a space before the date
    ("ÅLBORG, 2 June 2016\n\nA research fund opened.", "2016-06-02", "day", "dateline"),
    ("HILLTOWN (Wire), 14 February 2021\n\nThe institutes share a cyclotron.", "2021-02-14", "day", "dateline"),
    ("PORT ALBA: October 11, 2019\n\nThe observatory joined the network.", "2019-10-11", "day", "dateline"),
    ("PORT ALBA October 11, 2019\n\nThe observatory joined the network.", "2019-10-11", "day", "dateline"),
    # without a comma or a dash, only an all-capitals place with the date alone on its line
    ("Funding Round October 11, 2019\n\nThe observatory joined the network.", None, None, "none"),
    ("PORT ALBA October 11, 2019 the observatory joined the network.", None, None, "none"),
    ("Posted On: 29 AUG 2025 7:45PM by the press bureau\n\nThe cabinet approved...", "2025-08-29", "day", "posted_line"),
    ("Published: 5 March 2024\n\nThe embassy hosted...", "2024-03-05", "day", "posted_line"),
    # a label with a word before it, a zero-padded day and an abbreviated month
    ("Page published 09 Jun 2023\n\nThe two councils opened a call.", "2023-06-09", "day", "posted_line"),
    ("Item first posted: 08 Dec 2021\n\nThe embassy hosted a fair.", "2021-12-08", "day", "posted_line"),
    # a dateline whose date ends with a full stop
    ("Montevideo, 14 April 2022.\n\nThe Uruguayan and Estonian agencies met.", "2022-04-14", "day", "dateline"),
    ("ACCRA, 5 Nov 2020. The Ghanaian and Czech academies signed a pact.", "2020-11-05", "day", "dateline"),
    ("Wire | Harbour City | Updated: 25-02-2022 09:00 IST | Created: 24-02-2022 13:08 IST\n\nText.", "2022-02-24", "day", "posted_line"),
    ("Date: | 14-02-2024 |\n\nThe two academies met.", "2024-02-14", "day", "posted_line"),
    ("Text of the page.\n\nSigned on the 25th day of August 2025 in two originals.", "2025-08-25", "day", "signature"),
    ("Some text about cooperation.\n\nMarch, 2022", "2022-03-01", "month", "closing_date"),
    ("Done at the capital on 14 October 2024, in duplicate.", "2024-10-14", "day", "signature"),
    ("The agency signs loan agreements\n\nMarch 29, 2024\n\nOn March 28, 2024, the agency signed...", "2024-03-29", "day", "date_line"),
    ("Bulletin\n\n2024.11.05\n\nThe agency opened a call.", "2024-11-05", "day", "date_line"),
    ("Research news\n\n24/08/2017 - 09:28\n\nThe universities met.", "2017-08-24", "day", "date_line"),
    ("Last updated: 12 January 2024 is at the top\n\nbody", "2024-01-12", "day", "posted_line"),
    ("Capital City, Northland – January 15, 2024 – The science agency announced...", "2024-01-15", "day", "dateline"),
    ("Press Releases\n\n15 March 2024 | 11:30 AM IST\n\nThe ministry...", "2024-03-15", "day", "date_line"),
    ('"The alliance becomes a legal entity tomorrow on December 6, 2017," the ministry said.', "2017-12-05", "day", "relative_date"),
    # a date line after the body has begun is a deadline, not the date of the text
    ("Energy research call\n\nThe two research councils fund joint projects in fields both sides have agreed on.\n\n"
     "Deadline\n24.05.2017 18:00 CEST\n", None, None, "none"),
    # a month in letters between hyphens, as forms and stamps write it
    ("MEDIA NOTE\n07-SEP-2019\n\nThe two polytechnics signed an MoU on 2 September 2019.", "2019-09-07", "day", "date_line"),
    ("Posted: 7-Sep-2019\n\nThe two polytechnics met.", "2019-09-07", "day", "posted_line"),
    # a place and a date as the last line of a long text (a letter's close), beyond the lines a dateline is looked for in
    ("The two polytechnics will exchange staff and students in applied sciences. " * 12 + "\n\nInternational Office\nSuva, 12.10.2021",
     "2021-10-12", "day", "closing_date"),
    # a date line beats a date in the body
    ("News\n\nMay 1, 2022\n\nOn April 30, 2022 the envoy exchanged notes; it opens tomorrow on May 2, 2022.", "2022-05-01", "day", "date_line"),
    ("No date anywhere in this text.", None, None, "none"),
]


@pytest.mark.parametrize("text,date,precision,basis", PUBLICATION)
def test_publication_date(text, date, precision, basis):
    pub = find_publication_date(text, today=TODAY)
    assert (pub.date.isoformat() if pub.date else None, pub.precision, pub.basis) == (date, precision, basis)


WEEKDAYS = [
    ("Thursday", "2024-12-27", "2024-12-26"),  # a Friday piece about Thursday
    ("Wednesday", "2025-06-11", "2025-06-11"),  # the same day
    ("Monday", "2024-01-07", "2024-01-01"),  # a Sunday piece about Monday
]


@pytest.mark.parametrize("weekday,published,expected", WEEKDAYS)
def test_weekdays_resolve_to_the_last_such_day(weekday, published, expected):
    assert resolve_weekday(weekday, dt.date.fromisoformat(published)).isoformat() == expected


MENTIONS = [
    ("signed on 8th December 2006 in the capital", "2006-12-08", "day"),
    ("signed on December 8, 2020 virtually", "2020-12-08", "day"),
    ("was signed in November, 2016 between", "2016-11-01", "month"),
    ("signed in Feb 2012 between", "2012-02-01", "month"),
    ("an agreement signed in 1985 between", "1985-01-01", "year"),
    ("renewed on 29th October, 2018 for", "2018-10-29", "day"),
    ("held on Sept 9 and 10, 2020 online", "2020-09-09", "day"),
    ("during December 06-07, 2021 at", "2021-12-06", "day"),
    ("it was signed on Tuesday in the capital", "2024-06-04", "day"),
    ("signed on the 12th of March 2024 at", "2024-03-12", "day"),
    ("signed on 12.03.2024 at", "2024-03-12", "day"),
    ("dated 2024/03/12 in the capital", "2024-03-12", "day"),
    ("an event on 2024.03.12 at noon", "2024-03-12", "day"),
    ("the deadline 24-02-2022 13:08", "2022-02-24", "day"),
]


@pytest.mark.parametrize("text,date,precision", MENTIONS)
def test_date_mentions(text, date, precision):
    found = [d for d in find_dates(text, dt.date(2024, 6, 6)) if d.date]
    assert [(d.date.isoformat(), d.precision) for d in found] == [(date, precision)]
    assert all(text[d.start:d.end] == d.text for d in found)


YEAR_LISTS = [
    ("surveys ran in 2013, 2018 and 2023", ["2013", "2018", "2023"]),
    ("budgets for 2021, 2022, and 2024 were set", ["2021", "2022", "2024"]),
    ("a fund of 2015,500 units", []),  # a grouped number, not a year
]


@pytest.mark.parametrize("text,years", YEAR_LISTS)
def test_every_year_of_a_list_is_a_date(text, years):
    assert [d.text for d in find_dates(text, None) if d.kind == "year"] == years


def test_fiscal_years_and_decades_are_not_dates():
    found = find_dates("In F.Y. 2020-21 and during 2019-20 and the 1960s", None)
    assert [d.kind for d in found] == ["fiscal_year", "fiscal_year", "decade"]
    assert all(d.date is None for d in found)


# ------------------------------------------------------------- a dateline without a year takes it from the text
#
# Every numbered national day in seeds/reference/national_days.csv, written the ways reports write it, dates a
# dateline without a year the same way whatever the country: these texts are built from each row, not named.

import calendar

from transforms.dates import find_publication_date, national_days


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _national_day_texts():
    for d in national_days():
        n = 2010 - d.first_numbered_year + 1  # the one held in 2010
        dateline = f"PORT WELL, {calendar.month_name[d.month]} {d.day_of_month} : "
        yield d, dateline + f"The two ministers met as {d.names[0]} held its {_ordinal(n)} {d.day}."
        yield d, dateline + f"Guests attended the {_ordinal(n)} {d.day} of {d.names[0]} and signed a research pact."
        yield d, dateline + f"The research pact was signed on the {_ordinal(n)} {d.day}, the ministry said."  # the date says whose


@pytest.mark.parametrize("day,text", list(_national_day_texts()), ids=lambda v: v if isinstance(v, str) else "")
def test_a_numbered_national_day_gives_a_dateline_its_year(day, text):
    found = find_publication_date(text, today=dt.date(2026, 6, 1))
    assert (found.date, found.basis) == (dt.date(2010, day.month, day.day_of_month), "dateline"), text


def test_a_dateline_without_a_year_in_the_text_stays_without_one():
    """No full date, national day, anniversary, weekday or year in the text: no publication date, never today's year."""
    text = "PORT WELL, March 9 : The two academies marked their accord's tenth anniversary with a joint lecture."
    assert find_publication_date(text, today=dt.date(2026, 6, 1)).date is None


def test_a_national_day_far_from_the_dateline_gives_no_year():
    d = national_days()[0]
    month = d.month % 12 + 1 if d.month != 12 else 1
    far = (month + 5) % 12 + 1
    text = f"PORT WELL, {calendar.month_name[far]} 2 : The ministers recalled the {_ordinal(50)} {d.day} of {d.names[0]}."
    assert find_publication_date(text, today=dt.date(2026, 6, 1)).date is None


DATE_LINES_IN_MORE_FORMS = [
    # a weekday, an ordinal, 'the ... of', an ISO timestamp with its zone, after a label or alone on a line
    ("Published: Thu, 6 Jun 2024 08:15 GMT\n\nThe Icelandic and Kenyan councils opened a call.", "2024-06-06", "posted_line"),
    ("6th June 2024\n\nThe Latvian and Peruvian academies signed a pact.", "2024-06-06", "date_line"),
    ("Dated the 6th of June 2024\n\nThe two ministries agreed.", "2024-06-06", "posted_line"),
    ("2024-06-06T08:15:00+02:00\n\nThe Austrian and Thai agencies met.", "2024-06-06", "date_line"),
    ("Published: 2024-06-06T08:15:00Z\n\nThe Austrian and Thai agencies met.", "2024-06-06", "posted_line"),
    # labels in other words; a creation date beats an update or a revision, wherever each stands
    ("Date of publication: 06.06.2024\n\nThe councils met.", "2024-06-06", "posted_line"),
    ("Release date: June 6, 2024\n\nThe councils met.", "2024-06-06", "posted_line"),
    ("Issued: 6 June 2024\n\nThe councils met.", "2024-06-06", "posted_line"),
    ("Last modified: 20 June 2024\nCreated: 6 June 2024\n\nThe councils met.", "2024-06-06", "posted_line"),
    ("Revised 1 July 2024 | First published 6 June 2024\n\nThe councils met.", "2024-06-06", "posted_line"),
    # a by-line or a section line with a date part; a date and a time after 'at'
    ("By Ama Owusu | June 6, 2024\n\nThe Ghanaian and Danish institutes met.", "2024-06-06", "byline"),
    ("Ama Owusu · 6 Jun 2024 · 4 min read\n\nThe institutes met.", "2024-06-06", "byline"),
    ("Press release | 06.06.2024\n\nThe institutes met.", "2024-06-06", "byline"),
    ("By Ama Owusu, science desk\nJune 6, 2024 at 9:40 am\n\nThe institutes met.", "2024-06-06", "date_line"),
    # a numeric date both ways valid reads month first in a text from a country that writes it so, day first elsewhere
    ("Posted: 06/07/2024\n\nThe U.S. National Science Foundation and a Brazilian foundation opened a call.", "2024-06-07", "posted_line"),
    ("Posted: 06/07/2024\n\nThe Indian and Brazilian foundations opened a call.", "2024-07-06", "posted_line"),
    ("Posted: 25/07/2024\n\nThe U.S. and Brazilian foundations opened a call.", "2024-07-25", "posted_line"),
    # a date in the body is no date line
    ("Published 3 days ago\n\nThe councils met in Riga on 6 June 2024 and signed.", None, "none"),
    # a weekday after the date; an abbreviated weekday and month with a dotted time and a zone; a year-less dateline
    # under such a line takes the line's date, and an update's label under it does not beat it
    ("Coastal Tribune\n6 June 2024 Thursday\n\nThe Omani and Chilean institutes met.", "2024-06-06", "date_line"),
    ("By Ama Owusu\nThu 6 Jun 2024 14.05 CEST\n\nThe Ghanaian and Danish institutes met.", "2024-06-06", "date_line"),
    ("Thu 6 Jun 2024 | 14:05\n\nACCRA, Jun 5 (GNA) - The institutes met on Wednesday.", "2024-06-06", "date_line"),
    ("Fri. 7 June 2024, 09.10 EAT\nLast modified on Sat 8 Jun 2024\n\nThe Kenyan and Thai councils met.", "2024-06-07", "date_line"),
    ("Wire desk\nLast updated: 8 June 2024\n\nThe Kenyan and Thai councils met.", "2024-06-08", "posted_line"),
    # a letterhead: the issuing unit, a run of spaces, then place and date (text from a PDF)
    ("Department of Research Cooperation                          Tallinn, 6 June 2024\n\nThe Estonian and Malian academies met.",
     "2024-06-06", "byline"),
    ("Office of the Rector\t\tRiga, June 6, 2024\n\nThe two academies met.", "2024-06-06", "byline"),
    # an ordinal day in words (or 'the 6th of June') in a treaty's closing line or a closing by-line
    ("The Parties shall exchange researchers.\n\nDone at Windhoek on the sixth day of June in the year two thousand and "
     "twenty-four, in two originals.", "2024-06-06", "signature"),
    ("The Parties shall exchange researchers.\n\nSigned at Suva on the twenty-first day of June, 2024.", "2024-06-21", "signature"),
    ("The two councils met to plan the next call for proposals in marine science.\n\nWritten by Aroha Ngata, Wellington, "
     "on the 6th of June, 2024", "2024-06-06", "byline"),
]


@pytest.mark.parametrize("text,date,basis", DATE_LINES_IN_MORE_FORMS)
def test_date_lines_in_more_forms_and_which_date_wins(text, date, basis):
    pub = find_publication_date(text, today=TODAY)
    assert (pub.date.isoformat() if pub.date else None, pub.basis) == (date, basis)


# ------------------------------------------------------------- date lines of unseen pages (issue 11)
#
# Invented texts, several country pairs: a weekday between the place or the label and the date, a time before the
# date, a by-line whose date follows a pipe or a comma, a date only at the foot of the page, and which of two
# dates wins when the top has a dateline without a year.

UNSEEN_DATE_LINES = [
    # a weekday between the place and the date, with or without a comma, the line alone or running into the text
    ("Accra, Monday 3 March 2025\n\nGhana's research council and the Czech academy met.", "2025-03-03", "dateline"),
    ("Lima, Friday, 8 March 2019 - The Peruvian agency and a Norwegian institute agreed.", "2019-03-08", "dateline"),
    ("HANOI, Wednesday 12 June 2024 — Vietnamese and Polish universities met.", "2024-06-12", "dateline"),
    ("Tunis, Thu. 6 October 2022 - The Tunisian and Bulgarian councils met.", "2022-10-06", "dateline"),
    ("Sun City, 6 October 2022 - A place that starts like a weekday.", "2022-10-06", "dateline"),
    # a dateline's own weekday picks, of the years the text names, one on which its day falls on that weekday
    ("Ulaanbaatar, Wednesday 23 June - Mongolian and Slovak universities, partners since 2016, renewed their pact in 2021 "
     "and will meet again in 2024.", "2021-06-23", "dateline"),
    # without its weekday the same dateline takes the latest year the text names
    ("Ulaanbaatar, 23 June - Mongolian and Slovak universities, partners since 2016, renewed their pact in 2021 "
     "and will meet again in 2024.", "2024-06-23", "dateline"),
    # a weekday between a label and the date
    ("Updates | Posted: Monday, 4 March 2019\n\nThe Kenyan and Icelandic councils met.", "2019-03-04", "posted_line"),
    ("NEWS | Published: Thursday 9 May 2024\n\nThe Omani and Chilean ministries met.", "2024-05-09", "posted_line"),
    # a time before the date
    ("The Island Post | Last updated 10:05 am, 2 June 2021\nBy Sione Lata\n\nFijian and Latvian scientists met.", "2021-06-02", "posted_line"),
    ("Posted at 16:40 EAT, 20 September 2023\n\nThe Zambian and Estonian academies met.", "2023-09-20", "posted_line"),
    # a by-line whose date follows a pipe or a comma
    ("Title\n\nBy Ana Ruiz, Quito correspondent | 4 March 2021\n\nEcuadorian and Thai institutes met.", "2021-03-04", "byline"),
    ("Title\n\nBy Ana Ruiz, Quito correspondent, 4 March 2021\n\nEcuadorian and Thai institutes met.", "2021-03-04", "byline"),
    # a date only at the foot: a by-line with 'Last updated', under a dateline that has only a weekday
    ("Title\n\nNairobi, Tuesday — The Kenyan and Slovak councils on Monday signed a pact on water research in the north.\n\n"
     "By Wanjiru Kamau, science desk. Last updated: 3 March 2025, 10:15 EAT", "2025-03-03", "posted_line"),
    ("Title\n\nDhaka, Sunday — The Bangladeshi and Danish agencies agreed to share rainfall data for the coming decade.\n\n"
     "By Rafiq Islam | 9 July 2023", "2023-07-09", "byline"),
    # a dated line beats a dateline without a year, even when the text names a later year (a plan, not a date)
    ("Title\n\nMuscat, 14 June\n\nIssued by the Ministry of Higher Education, Oman — 15 June 2021\n\n"
     "The ministers will meet again in 2026.", "2021-06-15", "byline"),
    ("Title\n\nSuva, 2 May\n\nFijian and Uruguayan ministries agreed to meet again in 2027 to review the whole programme.\n\n"
     "Issued by the press office, Suva, 3 May 2022", "2022-05-03", "byline"),
    # a dateline without a year and no dated line: the year from the text's own full date of the same day
    ("ROSEAU, Jan 9 : The two institutes signed the accord today.\n\nThe accord, dated 9 January 2020, runs for five years.", "2020-01-09", "dateline"),
    # a weekday alone is no date; a by-line date inside a title is not the by-line's
    ("Title\n\nQuito, Tuesday — The councils met to plan a programme that both sides will sign soon.", None, "none"),
    ("By the Treaty of 4 March 1921 Commission\n\nThe councils met to plan a programme that both sides will sign soon.", None, "none"),
]


@pytest.mark.parametrize("text,date,basis", UNSEEN_DATE_LINES)
def test_date_lines_of_unseen_pages(text, date, basis):
    pub = find_publication_date(text, today=TODAY)
    assert (pub.date.isoformat() if pub.date else None, pub.basis) == (date, basis)


HTML_DATES = [
    # a <time> under the title beats a footer's 'Last updated' (a later edit), which htmldate prefers
    ("<h1>Two universities sign</h1><p class='meta'>Press office &middot; <time datetime='2022-11-03T10:00:00+02:00'>"
     "Thursday, 3 November 2022</time></p><p>{body}</p><footer><p>Last updated: 07/11/2022</p></footer>", "2022-11-03"),
    # a <time> labelled as an update is not the publication date; nor is one in the body, after the prose began
    ("<h1>Two universities sign</h1><p>Updated: <time datetime='2023-05-09'>9 May 2023</time></p>"
     "<p>Published 2 May 2023</p><p>{body}</p>", None),
    ("<h1>Two universities sign</h1><p>{body}</p><p>The fair opens on <time datetime='2030-01-15'>15 January</time>.</p>", None),
]
_BODY = ("The Jordanian and Croatian universities signed a memorandum on student and staff mobility, "
         "under which twenty students will spend a semester at the partner university each year. ") * 3


@pytest.mark.parametrize("page,date", HTML_DATES)
def test_an_html_time_under_the_title_is_the_publication_date(page, date):
    from transforms.formats import _headline_time

    html = "<html><head><title>t</title></head><body><article>" + page.format(body=_BODY) + "</article></body></html>"
    found = _headline_time(html)
    assert (found.date.isoformat() if found else None) == date
    if date:
        from transforms.formats import parse_document

        assert parse_document(html.encode(), ".html").published.date.isoformat() == date


RELATIVE_TO_THE_DATE_LINE = [
    # 'on <weekday>' and a day and month without a year resolve against the publication date, never today
    ("Monday", "2025-03-03", "2025-03-03"),
    ("Friday", "2025-03-03", "2025-02-28"),
]


@pytest.mark.parametrize("weekday,published,expected", RELATIVE_TO_THE_DATE_LINE)
def test_a_weekday_resolves_against_the_date_line(weekday, published, expected):
    text = f"Accra, Monday 3 March 2025 - The Ghanaian and Czech academies on {weekday} signed a pact."
    pub = find_publication_date(text, today=TODAY)
    assert pub.date.isoformat() == published
    found = [d for d in find_dates(text, pub.date) if d.kind == "weekday"]
    assert [d.date.isoformat() for d in found] == [expected]


def test_dates_are_found_where_a_full_scan_finds_them():
    """find_dates tries its pattern only where a date can start (a digit, a month's or a weekday phrase's first word):
    on texts of those pieces, in every case, with digits of another script and letters whose lower case moves
    offsets, it finds exactly what a scan of every position finds."""
    import random

    from transforms.dates import DATE_RE, _date_matches

    pieces = ["12", "3", "2024", "1999", "05", "\u0663", "Jan", "january", "Sept", "March", "may", "on", "last", "this",
              "next", "Monday", "FY", "F.Y.", "fy", "1990s", "th", "st", "of", "day", "to", "and", "&", "\u0130", "\u212a",
              "once", "upon", "decade", "monthly", "é"]
    joins = ["", " ", " ", "\n", "-", ".", "/", ",", "\t"]
    rng = random.Random(31)
    for _ in range(4000):
        t = "".join(rng.choice(pieces) + rng.choice(joins) for _ in range(rng.randint(1, 10)))
        t = rng.choice([t, t.upper(), t.title(), t.lower()])
        assert [m.span() for m in _date_matches(t)] == [m.span() for m in DATE_RE.finditer(t)], repr(t)
