"""Figures, table-driven: a sentence in, the figures it states out (kind, value, unit, qualifier, ...)."""
from __future__ import annotations

import datetime as dt

import pytest

from transforms.extract import extract_document


def figures(text: str, date: str = "2024-06-01") -> list[dict]:
    rows = extract_document(text, given_date=dt.date.fromisoformat(date)).figures
    for r in rows:
        assert text[r["char_start"]:r["char_end"]] == r["text"]
    return rows


def brief(rows: list[dict]) -> list[tuple]:
    return [(r["kind"], r["value"], r["unit"], r["qualifier"]) for r in rows]


MONEY = [
    ("The bank approved a loan of JPY61 billion for the metro.", ("money", 6.1e10, "JPY", "exact")),
    ("Japan will provide 300 billion yen over five years.", ("money", 3e11, "JPY", "exact")),
    ("The fund of US$ 9 million supports start-ups.", ("money", 9e6, "USD", "exact")),
    ("An outlay of Rs 1.25 lakh crore was announced.", ("money", 1.25e12, "INR", "exact")),
    ("The ministry sanctioned Rs.3,500 crore for the mission.", ("money", 3.5e10, "INR", "exact")),
    ("The state committed ₹500 crore to the park.", ("money", 5e9, "INR", "exact")),
    ("The EU pledged €2.5 million to the consortium.", ("money", 2.5e6, "EUR", "exact")),
    ("The council awarded £40 million to ten universities.", ("money", 4e7, "GBP", "exact")),
    ("Canberra offered A$10 million in scholarships.", ("money", 1e7, "AUD", "exact")),
    ("Each fellow receives Rs 25,000 a month.", ("money", 25000.0, "INR", "exact")),
    ("The project costs about USD 120 million.", ("money", 1.2e8, "USD", "approx")),
    ("It is expected to draw more than $2 billion in investment.", ("money", 2e9, "USD", "more_than")),
    ("Grants of up to EUR 50,000 are available per team.", ("money", 5e4, "EUR", "at_most")),
    ("The budget is at least 5 million dollars.", ("money", 5e6, "USD", "at_least")),
    ("A grant of nearly 2 billion rupees was released.", ("money", 2e9, "INR", "approx")),
    ("The loan amount is 150 billion Japanese yen.", ("money", 1.5e11, "JPY", "exact")),
    ("It is a Rs 2,000-crore project.", ("money", 2e10, "INR", "exact")),
    ("Japan offered ¥38.9bn for the metro.", ("money", 3.89e10, "JPY", "exact")),
    ("The total cost is two billion yen.", ("money", 2e9, "JPY", "exact")),
    ("A sum of 5 million US dollars was set aside.", ("money", 5e6, "USD", "exact")),
    ("Germany gave 20 million euros.", ("money", 2e7, "EUR", "exact")),
]


@pytest.mark.parametrize("text,expected", MONEY)
def test_money_amounts(text, expected):
    got = [f for f in brief(figures(text)) if f[0] == "money"]
    assert got[:1] == [expected]


MONEY_TYPES = [
    ("JICA signed a loan agreement for JPY 100 billion.", "loan"),
    ("Japan extended an ODA loan of 23 billion yen to India.", "loan"),
    ("The government announced a grant of $3 million for the labs.", "grant"),
    ("Toyota will invest Rs 4,800 crore in the new plant.", "investment"),
    ("Japanese firms plan investments of 5 trillion yen in India.", "investment"),
    ("The park is expected to add $500 million to the regional economy.", "economic_impact"),
    ("The ministry spent Rs 20 crore on the event.", "unspecified"),
    ("Each Party shall contribute up to KRW 1 billion per year to joint projects.", "grant"),
    ("The cluster will contribute over USD 400 million to the state economy.", "economic_impact"),
]


@pytest.mark.parametrize("text,money_type", MONEY_TYPES)
def test_money_type_from_context(text, money_type):
    money = [f for f in figures(text) if f["kind"] == "money"]
    assert money and money[0]["money_type"] == money_type


CONVERSIONS = [
    ("JICA extended a grant of 1 billion Yen (~US$ 9 million) to the hospital.", [None, 0]),
    ("The loan of ¥5 billion (about $45 million or Rs 370 crore) was signed.", [None, 0, 0]),
    ("The package is worth Rs 500 crore, or about $60 million, officials said.", [None, 0]),
    ("A grant of €3 million and a loan of €20 million were approved.", [None, None]),
]


@pytest.mark.parametrize("text,links", CONVERSIONS)
def test_bracketed_and_or_joined_conversions_point_at_the_primary(text, links):
    money = [f for f in figures(text) if f["kind"] == "money"]
    ids = [f["figure_id"] for f in money]
    assert [ids.index(f["equivalent_of"]) if f["equivalent_of"] else None for f in money] == links
    primary_types = {f["money_type"] for f in money if f["equivalent_of"]}
    assert primary_types <= {money[0]["money_type"]}


COUNTS = [
    ("About 150 Indian students will study in Japan under the scheme.", ("count", 150.0, "student", "approx"), True),
    ("The two institutes launched 12 joint research projects.", ("count", 12.0, "project", "exact"), False),
    ("Over 40 researchers visited Tokyo last year.", ("count", 40.0, "researcher", "more_than"), True),
    ("The programme has hosted 1,200 young scientists since 2015.", ("count", 1200.0, "scientist", "exact"), True),
    ("The centre will create around 2,000 jobs.", ("count", 2000.0, "job", "approx"), False),
    ("Fifteen Japanese companies set up offices in Pune.", ("count", 15.0, "company", "exact"), False),
    ("The delegation made 6 visits to partner universities.", ("count", 6.0, "visit", "exact"), True),
    ("At least twenty faculty members will be exchanged every year.", ("count", 20.0, "member", "at_least"), True),
    ("Less than 30 laboratories took part.", ("count", 30.0, "laboratory", "less_than"), False),
    ("Nearly 500 nurses have gone to Japan for training.", ("count", 500.0, "nurse", "approx"), True),
    ("A total of 3 no.s of patents were filed.", ("count", 3.0, "patent", "exact"), False),
    ("Over 1 lakh students have studied in Japan since 2000.", ("count", 1e5, "student", "more_than"), True),
    ("The hub now hosts 100+ startups from both countries.", ("count", 100.0, "startup", "more_than"), False),
    ("Since 2013, 150 Indian and French PhD students have received fellowships to study abroad.", ("count", 150.0, "student", "exact"), True),
]


@pytest.mark.parametrize("text,expected,is_exchange", COUNTS)
def test_counts_with_their_noun_and_exchange_flag(text, expected, is_exchange):
    rows = [f for f in figures(text) if f["kind"] == "count"]
    assert brief(rows)[:1] == [expected]
    assert rows[0]["is_exchange"] is is_exchange


INCLUSIONS = [
    ("Japan has hosted 1,200 Indian researchers, including 300 women researchers, since 2010.", [None, 0]),
    ("JSPS invited 75 students, of whom 20 students came from IITs, to Japan.", [None, 0]),
    ("Over 300 students went to Osaka; 40 students went to Sendai.", [None, None]),
    ("Japan has hosted 1,200 Indian researchers and 12 laboratories, including 300 researchers from IITs.", [None, None]),
]


@pytest.mark.parametrize("text,links", INCLUSIONS)
def test_an_exchange_count_that_is_part_of_the_one_before_points_at_it(text, links):
    counts = [f for f in figures(text) if f["kind"] == "count" and f["is_exchange"]]
    ids = [f["figure_id"] for f in counts]
    assert [ids.index(f["included_in"]) if f["included_in"] else None for f in counts] == links
    assert all(f["included_in"] is None for f in figures(text) if not (f["kind"] == "count" and f["is_exchange"]))


def test_ranges_keep_both_ends():
    rows = figures("Each year 10-15 students go to Kyoto for a semester.")
    assert [(r["value"], r["value_high"], r["unit"]) for r in rows if r["kind"] == "count"] == [(10.0, 15.0, "student")]


DURATIONS = [
    ("The MoU will remain in force for a period of five (5) years.", ("duration", 5.0, "year", "exact")),
    ("Either side may terminate it with sixty (60) days notice.", ("duration", 60.0, "day", "exact")),
    ("The fellowship lasts up to two years.", ("duration", 2.0, "year", "at_most")),
    ("Targets are to be met within 18 months.", ("duration", 18.0, "month", "at_most")),
    ("The partnership will grow over the next decade.", ("duration", 10.0, "year", "exact")),
    ("The institutes will cooperate over the next three years.", ("duration", 3.0, "year", "exact")),
    ("Training runs for 6 weeks in Osaka.", ("duration", 6.0, "week", "exact")),
    ("They signed a five-year agreement.", ("duration", 5.0, "year", "exact")),
]


@pytest.mark.parametrize("text,expected", DURATIONS)
def test_durations(text, expected):
    rows = [f for f in figures(text) if f["kind"] == "duration"]
    assert brief(rows)[:1] == [expected]
    assert rows[0]["duration_days"] > 0


PERCENTS = [
    ("Exports rose 12.5% in the year.", ("percent", 12.5, "percent", "exact")),
    ("Nearly 40 per cent of the seats are reserved.", ("percent", 40.0, "percent", "approx")),
    ("Japan will fund up to 85 percent of the cost.", ("percent", 85.0, "percent", "at_most")),
]


@pytest.mark.parametrize("text,expected", PERCENTS)
def test_percentages(text, expected):
    assert brief(figures(text)) == [expected]


NOT_FIGURES = [
    "The 7th JWG met in Tokyo on 12 March 2021.",
    "Both sides discussed 5G and G20 priorities.",
    "ISRO and JAXA prepare the Chandrayaan-5 mission.",
    "They launched Digital Partnership 2.0 last week.",
    "Phase 2 of the project starts soon.",
    "The MoU was signed in 2019 between the two countries.",
    "1) Start-up Initiative 2) Corporate Partnership",
    "2.1 Background of the programme",
    "See https://www.example.go.jp/reports/2017/r20180227-03.html for details.",
    "The first meeting and the second phase were held in 2020-21.",
    "The COVID-19 pandemic delayed the 13th HOPE Meeting.",
    "Under Article 6 and SDG 2, 3, 6 and 7 the parties cooperate.",
    "One of the labs opened in the 1960s.",
    "A 40-year-old engineer led the team at 4:15 PM.",
]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_things_that_are_not_figures(text):
    assert figures(text) == []


def test_usd_value_uses_the_ecb_rate_of_the_publication_date():
    rows = figures("Japan will lend JPY 100 billion.", date="2020-01-15")
    money = rows[0]
    assert money["fx_rate_date"] == dt.date(2020, 1, 15)
    assert 8e8 < money["value_usd"] < 1e9  # about 110 yen to the dollar in January 2020


def test_usd_value_is_null_with_a_reason_before_the_first_rate():
    money = figures("The grant of Rs 10 crore was released.", date="2005-05-05")[0]
    assert money["value_usd"] is None and "INR" in money["fx_note"]
