"""Agreements, table-driven: type, date and precision, parties, term, expiry; the same for every country pair."""
from __future__ import annotations

import csv
import datetime as dt
import subprocess
import sys

import pytest

from transforms.countries import DEFAULT_COUNTRIES
from transforms.extract import extract_document

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

with open(DEFAULT_COUNTRIES, newline="", encoding="utf-8") as fh:
    COUNTRY = {row["iso2"]: row["name"] for row in csv.DictReader(fh)}
# country pairs by code, names from the data: single- and multi-word names, either order
PAIRS = [("DE", "FR"), ("KR", "BR"), ("ZA", "NO"), ("JP", "IN")]


def agreements(text: str, date: str | None = None):
    res = extract_document(text, given_date=dt.date.fromisoformat(date) if date else None, today=dt.date(2026, 11, 22))
    out = []
    for a in res.agreements:
        assert text[a["char_start"]:a["char_end"]] == a["text"]
        parties = sorted(p["name"] for p in res.agreement_parties if p["agreement_id"] == a["agreement_id"])
        out.append((a["agreement_type"], a["signed_date"].isoformat() if a["signed_date"] else None, a["signed_date_precision"], parties, a))
    return out


CASES = [
    ("A Memorandum of Understanding was signed between Lund University and the Marine Research Institute on 4 May 2019.",
     [("MoU", "2019-05-04", "day", ["Lund University", "Marine Research Institute"])]),
    ("The Polar Institute and the Ocean Research Council signed an MoC in March 2022.",
     [("MoC", "2022-03-01", "month", ["Ocean Research Council", "Polar Institute"])]),
    ("An Implementation Arrangement between the Space Agency and the Solar Observatory Foundation was signed on 20 January 2017.",
     [("Implementing Arrangement", "2017-01-20", "day", ["Solar Observatory Foundation", "Space Agency"])]),
    ("A Letter of Intent between Aalto University and the Science Council was signed in 2015.",
     [("Letter of Intent", "2015-01-01", "year", ["Aalto University", "Science Council"])]),
    ("The ministers signed a joint declaration on marine research on 2 June 2021.",
     [("Joint Declaration", "2021-06-02", "day", [])]),
    ("The two governments exchanged notes on the loan on 9 January 2023.",
     [("Exchange of Notes", "2023-01-09", "day", [])]),
    ("The Polar Institute signed an Implementation Agreement (IA) with the Ocean Research Council on 1 June 2021. The IA covers ship time.",
     [("Implementing Arrangement", "2021-06-01", "day", ["Ocean Research Council", "Polar Institute"])]),
    # enumerated instruments: one row each
    ("The following were signed on 9 May 2022: (i) an MoU between the Polar Institute and the Ocean Research Council; "
     "(ii) an MoU between the Marine Academy and the Coastal Agency.",
     [("MoU", "2022-05-09", "day", ["Ocean Research Council", "Polar Institute"]), ("MoU", "2022-05-09", "day", ["Coastal Agency", "Marine Academy"])]),
    ("The following MoUs were signed on 9 May 2022:\n(i) MoU between the Polar Institute and the Ocean Research Council\n"
     "(ii) MoU between the Marine Academy and the Coastal Agency\n",
     [("MoU", "2022-05-09", "day", ["Ocean Research Council", "Polar Institute"]), ("MoU", "2022-05-09", "day", ["Coastal Agency", "Marine Academy"])]),
    ("One agreement was signed on 3 March 2020 by the Polar Institute. Another agreement was signed on 4 March 2020 by the Ocean Research Council.",
     [("Agreement", "2020-03-03", "day", ["Polar Institute"]), ("Agreement", "2020-03-04", "day", ["Ocean Research Council"])]),
    # the date a signing verb governs, not a nearer revision's
    ("The Polar Institute and the Ocean Research Council renewed the Agreement revised in 2001, which was first signed in 1990.",
     [("Agreement", "1990-01-01", "year", ["Ocean Research Council", "Polar Institute"])]),
    # renewals listed by year
    ("The MoU between the Polar Institute and the Ocean Research Council was first signed in 2009 and renewed in 2014 and 2019.",
     [("MoU", "2009-01-01", "year", ["Ocean Research Council", "Polar Institute"]), ("MoU", "2014-01-01", "year", ["Ocean Research Council", "Polar Institute"]),
      ("MoU", "2019-01-01", "year", ["Ocean Research Council", "Polar Institute"])]),
    ("The Agreement between the Polar Institute and the Ocean Research Council, first signed in 2002, was renewed in 2007 and again in 2012.",
     [("Agreement", "2002-01-01", "year", ["Ocean Research Council", "Polar Institute"]), ("Agreement", "2007-01-01", "year", ["Ocean Research Council", "Polar Institute"]),
      ("Agreement", "2012-01-01", "year", ["Ocean Research Council", "Polar Institute"])]),
]

# a lower-case "agreement" a conclusion verb governs is an instrument, whatever words describe it
OBJECTS = [
    ("The Polar Institute and the Ocean Research Council today renewed their science and technology agreement.", [("Agreement", "2021-03-02", "day")]),
    ("The Polar Institute today signed its first-ever data sharing agreement with the Ocean Research Council.", [("Agreement", "2021-03-02", "day")]),
    ("The Polar Institute and the Ocean Research Council signed the minutes, in agreement with the ministry.", []),
    ("The Polar Institute and the Ocean Research Council reached broad agreement on ship time.", []),
]


@pytest.mark.parametrize("body,expected", OBJECTS)
def test_the_object_of_a_conclusion_verb_is_an_instrument(body, expected):
    assert [a[:3] for a in agreements(f"Date: 2 March 2021\n\n{body}")] == expected


# instruments of one type counted apart by their kind: a row per kind
KINDS = [
    ("The Polar Institute and the Ocean Research Council signed two loan agreements and one grant agreement on 4 May 2022.", 2),
    ("The Polar Institute signed a research agreement and a licence agreement with the Ocean Research Council on 4 May 2022.", 2),
    ("The Polar Institute signed a loan agreement with the Ocean Research Council on 4 May 2022; the loan agreement runs ten years.", 1),
    ("The Polar Institute signed an agreement with the Ocean Research Council on 4 May 2022 under a framework agreement of 2010.", 1),
]


@pytest.mark.parametrize("text,n", KINDS)
def test_instruments_counted_apart_by_kind(text, n):
    assert [a[:3] for a in agreements(text)] == [("Agreement", "2022-05-04", "day")] * n


# a report's words for the day of a signing, read against its publication day
RELATIVE_DAYS = [
    ("yesterday signed an MoU", "2024-02-29"),
    ("signed an MoU last night", "2024-02-29"),
    ("today signed an MoU", "2024-03-01"),
    ("signed an MoU earlier today", "2024-03-01"),
    ("signed an MoU this morning", "2024-03-01"),
    ("signed an MoU last week", "2024-02-23"),
    ("who first met last year, today signed an MoU", "2024-03-01"),
]


@pytest.mark.parametrize("said,day", RELATIVE_DAYS)
def test_relative_signing_day_counts_from_the_publication_day(said, day):
    text = f"Date: 1 March 2024\n\nThe Polar Institute and the Ocean Research Council {said} on ship time."
    assert [a[:4] for a in agreements(text)] == [("MoU", day, "day", ["Ocean Research Council", "Polar Institute"])]


@pytest.mark.parametrize("date_line", ["Date: 1 March 2024", "By Ana Ruiz, science desk | 1 March 2024"])
def test_a_report_dated_by_its_by_line_dates_yesterday_as_one_dated_by_a_label(date_line):
    text = f"{date_line}\n\nThe Polar Institute and the Ocean Research Council yesterday signed an MoU on ship time."
    assert [a[:3] for a in agreements(text)] == [("MoU", "2024-02-29", "day")]


# a dateline that opens the line with the publication day: 'yesterday' and 'today' count from it, it dates nothing itself
DATELINE_RELATIVE = [
    ("Harbourtown, Monday 3 March 2025 - The Polar Institute and the Ocean Research Council yesterday signed an MoU on ship time.", "2025-03-02"),
    ("Port Vale, 14 October 2023 - The Marine Academy and the Coastal Agency today signed a Letter of Intent on charts.", "2023-10-14"),
    ("NORTH CAPE, 21 May 2022: The Survey Office and the Mapping Council signed an Agreement on drones yesterday.", "2022-05-20"),
    ("SOUTH BAY (Wire Service), Thu. 6 October 2022 - The Marine Academy and the Coastal Agency yesterday signed an MoU on charts.", "2022-10-05"),
    ("North Ridge, Friday, 9 June 2023 - The Crop Trust Institute and the Highland Agronomy Board signed an MoU yesterday.", "2023-06-08"),
    # a date that is not the publication day, or a sentence with no word for the day, still dates the signing
    ("Harbourtown, Monday 3 March 2025 - The Polar Institute and the Ocean Research Council signed an MoU on ship time.", "2025-03-03"),
]


@pytest.mark.parametrize("text,day", DATELINE_RELATIVE)
def test_a_dateline_on_the_publication_day_does_not_date_a_signing_said_to_be_yesterday(text, day):
    assert [(a[1], a[2]) for a in agreements(text)] == [(day, "day")]


@pytest.mark.parametrize("text,expected", CASES)
def test_agreements(text, expected):
    assert [a[:4] for a in agreements(text)] == expected


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_countries_sign_whatever_the_pair(c1, c2):
    a, b = COUNTRY[c1], COUNTRY[c2]
    text = f"{a} and {b} adopted a Joint Statement on 25 October 2024."
    assert [x[:4] for x in agreements(text)] == [("Joint Statement", "2024-10-25", "day", sorted([f"Government of {a}", f"Government of {b}"]))]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_bodies_placed_by_a_country_are_all_parties(c1, c2):
    text = f"MoU signed between the Polar Institute, {COUNTRY[c1]} and the Ocean Research Council, {COUNTRY[c2]} on 3 May 2023."
    assert [x[:4] for x in agreements(text)] == [("MoU", "2023-05-03", "day", ["Ocean Research Council", "Polar Institute"])]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_the_signing_agency_stays_beside_a_government(c1, c2):
    text = f"The Energy Agency signed agreements with the Government of {COUNTRY[c2]} on 3 August 2019."
    assert [x[:4] for x in agreements(text)] == [("Agreement", "2019-08-03", "day", ["Energy Agency", f"Government of {COUNTRY[c2]}"])]


def test_a_mention_that_only_begins_the_next_name_is_not_a_party():
    """Issue 13: 'National Institute' + 'of Advanced ... (AIST)' found as two mentions gave a party 'National Institute'."""
    from transforms.agreements import _whole_names
    from transforms.organizations import OrgMention

    text = "The Lund Academy and the National Institute of Advanced Marine Science and Technology (NIAMST) signed"
    def mention(part: str, name: str) -> OrgMention:
        start = text.index(part)
        return OrgMention(start, start + len(part), part, name, None, None, "text", "test", 0.9)
    full = "National Institute of Advanced Marine Science and Technology"
    orgs = [mention("Lund Academy", "Lund Academy"), mention("National Institute", "National Institute"),
            mention("Advanced Marine Science and Technology (NIAMST)", full)]
    assert [o.name for o in _whole_names(orgs, text)] == ["Lund Academy", full]


def test_no_government_without_a_mention():
    text = "The Polar Institute signed an MoU with the Ocean Research Council on 3 May 2023 in the capital."
    assert [x[:4] for x in agreements(text)] == [("MoU", "2023-05-03", "day", ["Ocean Research Council", "Polar Institute"])]


def test_undated_news_signing_takes_the_report_date():
    text = "Date: 14 May 2024\n\nThe Polar Institute and the Ocean Research Council signed a Memorandum of Cooperation on sea ice."
    assert [a[:4] for a in agreements(text)] == [("MoC", "2024-05-14", "day", ["Ocean Research Council", "Polar Institute"])]


def test_term_and_expiry_in_the_next_sentence():
    text = ("An MOU was signed between the Polar Institute and the Ocean Research Council on 16th February 2007. "
            "Initially, the same was valid for 5 years i.e. till 15th February 2012.")
    (_, date, _, _, a), = agreements(text)
    assert (date, a["duration_value"], a["duration_unit"], a["expires_date"]) == ("2007-02-16", 5.0, "year", dt.date(2012, 2, 15))


@pytest.mark.parametrize("text,term", [
    ("The Agreement was signed on 1 April 2015 for an initial period of five years.", (5.0, "year", dt.date(2020, 3, 31))),
    ("The agreement signed on 2 February 2018 shall remain in force for three years.", (3.0, "year", dt.date(2021, 2, 1))),
    ("The MoU was signed on 5 May 2016. It is due to expire on 4 May 2021.", (None, None, dt.date(2021, 5, 4))),
])
def test_terms_and_expiry_are_stored(text, term):
    (_, _, _, _, a), = agreements(text)
    assert (a["duration_value"], a["duration_unit"], a["expires_date"]) == term


def test_renewal_with_a_term_computes_expiry():
    text = "The MoC between the Polar Institute and the Ocean Research Council has been renewed on November 12, 2021 for a period of five years."
    (_, date, _, _, a), = agreements(text)
    assert (a["event"], date, a["duration_value"], a["expires_date"]) == ("renewal", "2021-11-12", 5.0, dt.date(2026, 11, 11))


def test_two_instruments_of_one_type_in_one_sentence():
    text = "Aalto University signed an MoU with Lund University on 1 May 2023 and another MoU with Ghent University on 3 June 2023."
    assert [a[:4] for a in agreements(text)] == [
        ("MoU", "2023-05-01", "day", ["Aalto University", "Lund University"]),
        ("MoU", "2023-06-03", "day", ["Aalto University", "Ghent University"]),
    ]


NOT_AGREEMENTS = [
    "The two sides signed off on the plan after they reached agreement on the budget.",
    "The MoU may be renewed by mutual written consent.",
    "Under this MoU, three joint laboratories were set up.",
    "Both sides will work towards a Memorandum of Cooperation on space.",
    "As per agreement, 50% of the beam time is reserved.",
]


@pytest.mark.parametrize("text", NOT_AGREEMENTS)
def test_mentions_that_report_no_conclusion(text):
    assert agreements(text, "2024-01-01") == []


def test_a_back_reference_is_not_a_second_agreement():
    text = ("Date: 27 December 2024\n\nAalto University and the Marine Research Institute signed an MoU on Thursday. "
            "The rector and the director signed the \"MoU\" which would strengthen ties.")
    assert len(agreements(text)) == 1


def test_a_lead_and_the_body_are_one_instrument():
    text = ("Date: 14 July 2010\n\nThe Polar Institute has signed an agreement under which it will fund ten fellows.\n\n"
            "On July 12, the director of the Polar Institute and the rector of Lund University signed an agreement on the fellowships.")
    assert [a[:3] for a in agreements(text)] == [("Agreement", "2010-07-12", "day")]


def test_a_back_reference_takes_the_parties_of_the_instrument_it_names():
    text = ("The Protocol extending the Agreement between the Polar Institute and the Ocean Research Council was signed on 23 April 2014. "
            "The Agreement was concluded on June 20, 1988 and has been extended several times since.")
    assert [a[:4] for a in agreements(text)] == [
        ("Agreement", "2014-04-23", "day", ["Ocean Research Council", "Polar Institute"]),
        ("Agreement", "1988-06-20", "day", ["Ocean Research Council", "Polar Institute"]),
    ]


def test_the_text_of_an_agreement_is_itself_an_agreement():
    text = (
        "MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE POLAR INSTITUTE\nAND\nTHE OCEAN RESEARCH COUNCIL\n\n"
        "The Polar Institute and the Ocean Research Council (hereinafter the Parties),\n\n"
        "Article 1\nThe Parties shall cooperate in sea ice research.\n\n"
        "Article 2\nThis Memorandum of Understanding shall remain in force for a period of four (4) years.\n\n"
        "Done at Tromsø on 3 September 2024, in duplicate."
    )
    (atype, date, precision, parties, a), = agreements(text)
    assert (atype, date, precision) == ("MoU", "2024-09-03", "day")
    assert parties == ["Ocean Research Council", "Polar Institute"]
    assert (a["duration_value"], a["duration_unit"], a["expires_date"]) == (4.0, "year", dt.date(2028, 9, 2))


def test_a_note_and_the_notes_it_cites_are_agreements():
    text = (
        "Exchange of Notes between the Polar Institute and the Ocean Research Council concerning a Grant for Ice Cores\n\n"
        "Reykjavik, March 2, 2001\n\nExcellency,\n\nI have the honour to refer to the Exchange of Notes dated May 5, 1999, "
        "between the Polar Institute and the Ocean Research Council on the drilling project.\n"
    )
    assert [a[:3] for a in agreements(text)] == [("Exchange of Notes", "2001-03-02", "day"), ("Exchange of Notes", "1999-05-05", "day")]


def test_an_undated_agreement_text_is_an_undated_agreement():
    text = "Memorandum of Understanding\n\nTo promote cooperation, Lund University, Sweden, and the Aalto University have agreed as follows:\n\n1) Exchange of staff."
    assert [a[:4] for a in agreements(text)] == [("MoU", None, None, ["Aalto University", "Lund University"])]


def test_a_long_capitals_heading_does_not_stall_agreements_or_people():
    """The red team's input (a 1,000-character capitals run, as PDF text layers give) in a child with a cap:
    it ran for more than ten minutes before the patterns were made linear."""
    code = (
        "from transforms.extract import extract_document\n"
        "extract_document('REPORT\\n' + 'A' * 1000 + '\\n\\nThe council signed an MoU with Aalto University on 3 May 2023.\\n')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)


VERB_PHRASES = ["signed", "inked", "concluded", "renewed", "extended", "adopted", "exchanged", "issued", "entered into",
                "finalised", "finalized", "put their signatures to", "dated", "made on 3 May 2021", "held the signing of",
                "held a signing ceremony for", "announced the extension of"]


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title, lambda v: v.replace("s", "ſ").replace("i", "ı")])
def test_the_verb_prefilter_misses_no_conclusion(case):
    """A sentence skips the conclusion pattern when none of its first words occurs in it: every verb, in any case
    (and with the letters the pattern equates with s and i, which lower-casing does not), is still read."""
    from transforms.agreements import _conclusions, _Context
    from transforms.document import Document, run_stages
    from transforms.extract import PIPELINE

    text = "\n\n".join(f"The council and the institute {case(v)} a memorandum." for v in VERB_PHRASES) + "\n\nNothing was agreed."
    doc = run_stages(Document(text, today=dt.date(2026, 6, 1)), PIPELINE[:-1])
    ctx = _Context(doc)
    for s, e in doc.sentences.spans:
        assert [m.span() for m in ctx.conclusions(s, e)] == [m.span() for m in _conclusions(text, s, e)]
    assert sum(bool(_conclusions(text, s, e)) for s, e in doc.sentences.spans) == len(VERB_PHRASES)


INSTRUMENT_PHRASES = ["memorandum of understanding", "memoranda of co-operation", "mou", "mocs", "implementing arrangement",
                      "implementation agreements", "ia", "letters of intent", "loi", "record of discussions", "rod",
                      "exchange of notes", "action plan", "joint statements", "joint declaration", "arrangement", "agreements",
                      "m.o.u.", "work plan", "work programmes", "executive programme", "protocols"]


@pytest.mark.parametrize("case", [str.lower, str.upper, str.title, lambda v: v.replace("s", "ſ").replace("i", "ı")])
def test_the_instrument_pattern_tried_at_first_words_finds_what_a_scan_finds(case):
    """The type pattern is tried only where an instrument's first word starts: it finds every instrument a scan
    of the whole sentence finds, also right after another one and inside longer words."""
    from transforms.agreements import TYPE_RE, _Context
    from transforms.document import Document, run_stages
    from transforms.extract import PIPELINE

    text = " ".join(f"The two sides signed {case(p)} and a reaction {case(p)}{case(p)}; exchanged notes." for p in INSTRUMENT_PHRASES)
    doc = run_stages(Document(text, today=dt.date(2026, 6, 1)), PIPELINE[:-1])
    ctx = _Context(doc)
    for s, e in doc.sentences.spans + [(0, len(text))]:
        assert [m.span() for m in ctx.types(s, e)] == [m.span() for m in TYPE_RE.finditer(text, s, e)]
    assert len(list(TYPE_RE.finditer(text))) >= 2 * len(INSTRUMENT_PHRASES)


def test_a_row_with_a_key_its_schema_lacks_is_refused():
    from transforms.extract import make_row

    assert make_row("agreement_parties", agreement_id="a", organization_id="o", name="n") == {"agreement_id": "a", "organization_id": "o", "name": "n"}
    with pytest.raises(KeyError, match="agreement_parties has no column party_role"):
        make_row("agreement_parties", agreement_id="a", organization_id="o", name="n", party_role="signatory")


@pytest.mark.parametrize("signed", ["signed", "SIGNED", "ſigned"])
def test_a_list_led_by_a_colon_line_is_read_whatever_the_case(signed):
    """Only the sentences with a conclusion verb or a colon, and the items of a list, are read: the items
    after a leading line have no verb of their own and still each make an instrument."""
    text = (f"The delegation visited the campus.\n\nThe following MoUs were {signed} on 9 May 2022:\n"
            "(i) MoU between the Polar Institute and the Ocean Council\n(ii) MoU between the Marine Academy and the Coastal Agency\n\n"
            "The visit ended with a dinner.")
    assert [a[:3] for a in agreements(text)] == [("MoU", "2022-05-09", "day")] * 2


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_bodies_named_by_acronym_sign_not_the_countries_of_the_report(c1, c2):
    text = (f"Date: 5 May 2022\n\n{COUNTRY[c1]} and {COUNTRY[c2]} widen research ties\n\n"
            "ORCA and KELPNET signed a Memorandum of Understanding on coastal monitoring.")
    assert [a[:4] for a in agreements(text)] == [("MoU", "2022-05-05", "day", ["KELPNET", "ORCA"])]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_a_country_inside_a_bodys_name_does_not_sign(c1, c2):
    text = f"The Ocean Research Council and the Science Council of {COUNTRY[c1]} (SCX) signed an MoU on 2 June 2021."
    (row,) = agreements(text)
    assert f"Government of {COUNTRY[c1]}" not in row[3] and "Ocean Research Council" in row[3], row[3]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_an_instrument_without_signatories_has_no_invented_party(c1, c2):
    """No body of the text adopts it: the governments of the countries the report is about are not named, so not parties."""
    text = (f"Date: 5 May 2022\n\n{COUNTRY[c1]} and {COUNTRY[c2]} widen research ties\n\n"
            "An Action Plan on Coastal Monitoring was adopted at the meeting.")
    assert [a[:4] for a in agreements(text)] == [("Action Plan", "2022-05-05", "day", [])]


# the signing date said in the next sentence about the instrument, against the report's own date
NEXT_SENTENCE = [
    ("The Polar Institute and the Ocean Research Council renewed their MoC. It was signed on 12 January 2021 in Hobart.",
     [("MoC", "2021-01-12", "day", ["Ocean Research Council", "Polar Institute"])]),
    ("An extension of the MoC between the Polar Institute and the Ocean Research Council was negotiated over the winter. "
     "The extension was formally signed on 12 January 2021.",
     [("MoC", "2021-01-12", "day", ["Ocean Research Council", "Polar Institute"])]),
    ("The Polar Institute and the Ocean Research Council renewed their MoC. The signing ceremony took place on 12 January 2021 in Hobart.",
     [("MoC", "2021-01-12", "day", ["Ocean Research Council", "Polar Institute"])]),
    # a plan, not a signing: the report's date stays
    ("The Polar Institute and the Ocean Research Council renewed their MoC. It is to be signed again on 12 January 2022.",
     [("MoC", "2021-03-02", "day", ["Ocean Research Council", "Polar Institute"])]),
    # the next sentence about another instrument dates only that one
    ("The Polar Institute and the Ocean Research Council renewed their MoC. It was signed with a Letter of Intent on 12 January 2021.",
     [("MoC", "2021-03-02", "day", ["Ocean Research Council", "Polar Institute"]), ("Letter of Intent", "2021-01-12", "day", [])]),
]


@pytest.mark.parametrize("body,expected", NEXT_SENTENCE)
def test_signing_date_in_the_next_sentence(body, expected):
    assert [a[:4] for a in agreements(f"Date: 2 March 2021\n\n{body}")] == expected


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_a_place_after_a_party_does_not_end_the_list_of_parties(c1, c2):
    for place in (COUNTRY[c1], "Harbour Town"):
        text = f"An MoU was signed between the University of Tidewater in {place} and the Ocean Research Council of {COUNTRY[c2]} on 3 May 2023."
        (row,) = agreements(text)
        assert {"University of Tidewater", f"Ocean Research Council of {COUNTRY[c2]}"} <= set(row[3]) or \
            {"University of Tidewater", "Ocean Research Council"} <= set(row[3]), row[3]


BENEFICIARIES = [
    "The Polar Institute signed a grant agreement with the Ocean Research Council for the Coastal Academy on 3 May 2023.",
    "The Polar Institute and the Ocean Research Council signed a loan agreement on 3 May 2023 which will benefit the Coastal Academy.",
    "The Polar Institute and the Ocean Research Council signed a grant agreement on 3 May 2023 in favour of the Coastal Academy.",
]


@pytest.mark.parametrize("text", BENEFICIARIES)
def test_the_body_an_instrument_is_for_is_not_a_party(text):
    assert [a[:4] for a in agreements(text)] == [("Agreement", "2023-05-03", "day", ["Ocean Research Council", "Polar Institute"])]


# bodies no organization list knows, named by acronym or with one, are the parties, not the report's countries
UNKNOWN_BODIES = [
    ("{a}'s ORCA and {b}'s KELPNET signed an MoU on 5 May 2022.", ["KELPNET", "ORCA"]),
    ("An MoU was signed by ORCA and KELPNET on 5 May 2022.", ["KELPNET", "ORCA"]),
    ("The Ocean Research Council and {b}'s KELPNET signed an MoU on 5 May 2022.", ["KELPNET", "Ocean Research Council"]),
    ("The Fundo Nacional de Pesquisa Costeira (FNPC) and the Instituto para a Ciência do Mar (ICM) signed an MoU on 5 May 2022.",
     ["Fundo Nacional de Pesquisa Costeira", "Instituto para a Ciência do Mar"]),
    ("Research {a} and the Ocean Research Council signed an MoU on 5 May 2022.", ["Ocean Research Council"]),
    ("{a}'s Fundo Nacional de Pesquisa Costeira (FNPC) and the Ocean Research Council signed an MoU on 5 May 2022.",
     ["Fundo Nacional de Pesquisa Costeira", "Ocean Research Council"]),
    ("Ocean Research Council Signed An MoU With Fundo Nacional de Pesquisa Costeira (FNPC) On 5 May 2022.",
     ["Fundo Nacional de Pesquisa Costeira", "Ocean Research Council"]),
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("body,parties", UNKNOWN_BODIES)
def test_unknown_bodies_sign_not_the_countries(c1, c2, body, parties):
    text = f"Date: 6 May 2022\n\n{COUNTRY[c1]} and {COUNTRY[c2]} widen research ties\n\n" + body.format(a=COUNTRY[c1], b=COUNTRY[c2])
    assert [a[:4] for a in agreements(text)] == [("MoU", "2022-05-05", "day", parties)]


@pytest.mark.parametrize("renewal", ["Today they renewed the agreement for five years.", "They renewed the agreement yesterday."])
def test_a_renewal_reported_today_of_an_instrument_named_before_is_a_row(renewal):
    text = f"Date: 2 March 2021\n\nThe Polar Institute and the Ocean Research Council signed a research agreement in 2011. {renewal}"
    assert [a[:3] + (a[4]["event"],) for a in agreements(text)][1:] == [("Agreement", "2021-03-02" if "Today" in renewal else "2021-03-01", "day", "renewal")]


LINE_BREAKS = [
    # a signatory's line under the body's name is not part of the name
    ("Date: 3 May 2022\n\nThe Polar Institute and the University of Harbourtown\nMara Quist signed an MoU on 2 May 2022.",
     [("MoU", "2022-05-02", "day", ["Polar Institute", "University of Harbourtown"])]),
    # a text whose preamble names its parties in capitals: its signature block names them
    ("MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE POLAR INSTITUTE\nAND\nTHE OCEAN RESEARCH COUNCIL\n\nThe Parties have agreed as follows:\n\n"
     "Article 1\nThe Parties shall share ship time.\n\nSigned on 5 June 2019.\n\nFor the Polar Institute\nDirector\n\n"
     "For the Ocean Research Council\nPresident",
     [("MoU", "2019-06-05", "day", ["Ocean Research Council", "Polar Institute"])]),
]


@pytest.mark.parametrize("text,expected", LINE_BREAKS)
def test_names_end_at_the_line_break_of_a_letterhead_or_signature_block(text, expected):
    assert [a[:4] for a in agreements(text)] == expected


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_one_name_read_across_and_is_two_parties(c1, c2):
    text = f"The Hillcrest University of Marsh Bay and Lakeside Polytechnic University signed an MoU on 2 May 2022 ({COUNTRY[c1]}, {COUNTRY[c2]})."
    assert [a[:4] for a in agreements(text)] == [("MoU", "2022-05-02", "day", ["Hillcrest University of Marsh Bay", "Lakeside Polytechnic University"])]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_no_government_is_added_for_signatories_named_after_the_verb(c1, c2):
    text = (f"Date: 5 May 2022\n\n{COUNTRY[c1]} and {COUNTRY[c2]} widen research ties\n\n"
            "A Memorandum of Understanding was signed with Fundação Ribeirinha at the meeting.")
    # the foundation, a body by its Portuguese organization word, is the one party; no government is added
    assert [a[:4] for a in agreements(text)] == [("MoU", "2022-05-05", "day", ["Fundação Ribeirinha"])]


# a renewal reported today, with the instrument's history in the next sentence: today's renewal, the first
# signing and each earlier renewal are rows; 'since <year>' says how long the tie has lasted, not when it was signed
RENEWAL_HISTORIES = [
    ("{a}, 3 June 2021. The Polar Institute and the Ocean Research Council today renewed the framework agreement on sea ice "
     "research that has joined the two bodies since 2005. The agreement was first signed in 2005 and was renewed in 2010 and again in 2015.",
     [("Agreement", "2021-06-03", "day", "renewal"), ("Agreement", "2005-01-01", "year", "signing"),
      ("Agreement", "2010-01-01", "year", "renewal"), ("Agreement", "2015-01-01", "year", "renewal")]),
    ("{a}, 3 June 2021. The Polar Institute and the Ocean Research Council, partners since 2009, today renewed their MoU. "
     "The MoU was signed in 2009 and renewed in 2014.",
     [("MoU", "2021-06-03", "day", "renewal"), ("MoU", "2009-01-01", "year", "signing"), ("MoU", "2014-01-01", "year", "renewal")]),
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text,expected", RENEWAL_HISTORIES)
def test_a_renewal_today_and_its_history_are_rows(c1, c2, text, expected):
    rows = agreements(text.format(a=COUNTRY[c1], b=COUNTRY[c2]))
    assert [a[:3] + (a[4]["event"],) for a in rows] == expected
    assert all(a[3] == ["Ocean Research Council", "Polar Institute"] for a in rows)


# a ministry or an embassy the text names is the body that signs, not its country's government
MINISTRIES = [
    ("The Ministry of Ocean Affairs (MOA) of {a} and the Coastal Research Agency of {b} signed an MoU on 4 April 2022.",
     ["Coastal Research Agency", "Ministry of Ocean Affairs"]),
    ("The Embassy of {a} in {b} and the Coastal Research Agency signed an MoU on 4 April 2022.",
     ["Coastal Research Agency", "Embassy of {a} in {b}"]),
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text,parties", MINISTRIES)
def test_a_ministry_of_a_country_signs_for_itself(c1, c2, text, parties):
    a, b = COUNTRY[c1], COUNTRY[c2]
    rows = agreements(text.format(a=a, b=b))
    assert [(x[0], x[1]) for x in rows] == [("MoU", "2022-04-04")]
    assert not any(p.startswith("Government") for p in rows[0][3]), rows[0][3]
    # the organization stage may read the country into a name ('Coastal Research Agency of X'): each body begins its party
    assert len(rows[0][3]) == 2 and all(any(p.startswith(want.format(a=a, b=b)) for p in rows[0][3]) for want in parties), rows[0][3]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_the_envoy_of_a_country_signs_for_its_government(c1, c2):
    a, b = COUNTRY[c1], COUNTRY[c2]
    text = f"The Ambassador of {a} and the Minister of Finance of {b} exchanged notes on a grant on 4 April 2022."
    assert [x[:4] for x in agreements(text)] == [("Exchange of Notes", "2022-04-04", "day", sorted([f"Government of {a}", f"Government of {b}"]))]


# bodies referred to together ('the two agencies') are the bodies named before, never the report's countries
ANAPHORS = [
    "The Polar Institute ({a}) and the Ocean Research Council ({b}) open a joint call.\n\n"
    "The call belongs to a programme the two agencies set up under an MoU signed in Tromsø in May 2018.",
    "The Polar Institute, {a}, and the Ocean Research Council, {b}, open a joint call.\n\n"
    "Both institutions signed an MoU in May 2018.",
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text", ANAPHORS)
def test_bodies_referred_to_together_are_the_bodies_named_before(c1, c2, text):
    rows = agreements(f"Date: 6 May 2024\n\n{COUNTRY[c1]} and {COUNTRY[c2]} join forces\n\n" + text.format(a=COUNTRY[c1], b=COUNTRY[c2]))
    assert [x[:4] for x in rows] == [("MoU", "2018-05-01", "month", ["Ocean Research Council", "Polar Institute"])]


# 'the two countries' signs only as the subject of the verb (or 'between the two countries', 'the governments of
# the two countries'), not where it only says whose start-ups an instrument brings together
NATIONS = [
    ("The two countries signed an MoU on 4 April 2022.", True),
    ("An MoU was signed between the two countries on 4 April 2022.", True),
    ("On 4 April 2022 the governments of both nations put their signatures to an MoU.", True),
    ("The Polar Institute and the Ocean Research Council signed an MoU on 4 April 2022 that brings start-ups of the two countries together.", False),
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("body,governments", NATIONS)
def test_the_two_countries_sign_only_as_the_subject(c1, c2, body, governments):
    rows = agreements(f"Date: 6 May 2022\n\n{COUNTRY[c1]} and {COUNTRY[c2]} deepen research ties\n\n{body}")
    assert len(rows) == 1
    assert any(p.startswith("Government") for p in rows[0][3]) == governments, rows[0][3]


# the countries are the makers where the text names them so: in the instrument's own name, or signing in the lead
COUNTRY_MAKERS = [
    "The meeting followed up the {a}-{b} joint statement signed at the summit in September 2017.",
    "{a} and {b} on Friday signed a set of agreements.\n\nAn Action Plan on Coastal Monitoring was adopted in September 2017.",
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text", COUNTRY_MAKERS)
def test_countries_named_as_makers_are_the_parties(c1, c2, text):
    a, b = COUNTRY[c1], COUNTRY[c2]
    rows = agreements(text.format(a=a, b=b))
    assert [x[2:4] for x in rows if x[1] == "2017-09-01"] == [("month", sorted([f"Government of {a}", f"Government of {b}"]))]


# instrument names beyond the usual ones, in any case, each given the type the gold rules use
OTHER_NAMES = [
    ("The Polar Institute ({a}) and the Ocean Research Council ({b}) signed a protocol on ice-core sharing on 4 May 2023.", "Agreement"),
    ("The Polar Institute ({a}) and the Ocean Research Council ({b}) signed a Protocol of Scientific Cooperation on 4 May 2023.", "Agreement"),
    ("The Polar Institute ({a}) and the Ocean Research Council ({b}) signed a work plan for the next three years on 4 May 2023.", "Action Plan"),
    ("The Polar Institute ({a}) and the Ocean Research Council ({b}) signed a Programme of Cooperation on 4 May 2023.", "Action Plan"),
    ("The Polar Institute ({a}) and the Ocean Research Council ({b}) signed an M.o.U. on 4 May 2023.", "MoU"),
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text,atype", OTHER_NAMES)
def test_other_names_of_instruments(c1, c2, text, atype):
    rows = agreements(text.format(a=COUNTRY[c1], b=COUNTRY[c2]))
    assert [x[:4] for x in rows] == [(atype, "2023-05-04", "day", ["Ocean Research Council", "Polar Institute"])]


# words that name no instrument of their own
NOT_INSTRUMENTS = [
    "The Polar Institute ({a}) and the Ocean Research Council ({b}), which run the programme of cooperation, signed an MoU on 4 May 2023.",
    "The Polar Institute ({a}) and the Ocean Research Council ({b}) signed an MoU on 4 May 2023 under the usual safety protocols.",
    "Under the MoU the Polar Institute ({a}) and the Ocean Research Council ({b}) signed on 4 May 2023, a working group agreed on a work plan.",
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text", NOT_INSTRUMENTS)
def test_common_words_are_no_instruments(c1, c2, text):
    assert [x[0] for x in agreements(text.format(a=COUNTRY[c1], b=COUNTRY[c2]))] == ["MoU"]


# the signing's date and its signatories, whatever else the sentence names around them
SIGNING_SCENES = [
    "The Polar Institute ({a}) and the Ocean Research Council ({b}) signed an MoU on Monday, 4 May 2023.",
    "The Polar Institute ({a}) and the Ocean Research Council ({b}) signed an MoU on the sidelines of the Arctic Science Forum on 4 May 2023.",
    "The Polar Institute ({a}) and the Ocean Research Council ({b}) signed an MoU at the Harbour Maritime Museum on 4 May 2023.",
    "The Polar Institute ({a}) and the Ocean Research Council ({b}) signed an MoU on 4 May 2023 in the presence of the Coastal Agency.",
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text", SIGNING_SCENES)
def test_the_date_and_signatories_of_a_signing_scene(c1, c2, text):
    rows = agreements("Date: 20 June 2023\n\n" + text.format(a=COUNTRY[c1], b=COUNTRY[c2]))
    assert [x[:4] for x in rows] == [("MoU", "2023-05-04", "day", ["Ocean Research Council", "Polar Institute"])]


# wider words for when: the month or the year before publication, at that precision
@pytest.mark.parametrize("said,date,precision", [("last month", "2024-02-01", "month"), ("last year", "2023-01-01", "year")])
def test_last_month_and_last_year_count_from_the_publication_day(said, date, precision):
    text = f"Date: 1 March 2024\n\nUnder an MoU signed {said}, the Polar Institute and the Ocean Research Council share ship time."
    assert [a[:4] for a in agreements(text)] == [("MoU", date, precision, ["Ocean Research Council", "Polar Institute"])]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("earlier", ["their 2019 MoU", "the MoU of 2019", "the 2019 MoU"])
def test_a_date_that_names_the_instrument_amended_is_not_the_signing(c1, c2, earlier):
    text = f"The Polar Institute ({COUNTRY[c1]}) and the Ocean Research Council ({COUNTRY[c2]}) signed an addendum to {earlier} on 4 May 2023."
    # the instrument amended, cited by its year, is a row of its own (agreement:year_modifier), never this signing's date
    assert [a[:3] for a in agreements(text) if a[4]["rule"] != "agreement:year_modifier"] == [("MoU", "2023-05-04", "day")]


# instruments named by other words: letters exchanged are notes; an addendum, amendment or extension takes the type of
# the instrument it changes (named after it, else the one reported before, else an Agreement)
OTHER_WORDS = [
    ("The Forestry Institute ({a}) and the Soil Academy ({b}) exchanged letters on 2 May 2024 to widen their cooperation.",
     [("Exchange of Notes", "2024-05-02", "day")]),
    ("Their cooperation was amended by an exchange of letters between the Soil Academy ({a}) and the Forestry Institute ({b}) in 2018.",
     [("Exchange of Notes", "2018-01-01", "year")]),
    ("The Marine College ({a}) and the Polar Institute ({b}) signed an amendment to their research agreement on 3 June 2024.",
     [("Agreement", "2024-06-03", "day")]),
    ("The Marine College ({a}) and the Polar Institute ({b}) signed an addendum to their 2019 MoU on 3 June 2024.",
     [("MoU", "2024-06-03", "day")]),
    ("The Soil Academy ({a}) and the Forestry Institute ({b}) signed an amending protocol to their 2015 exchange agreement on 4 June 2024.",
     [("Agreement", "2024-06-04", "day")]),
    ("The Marine College ({a}) and the Polar Institute ({b}) signed a Letter of Intent in 2020. A two-year extension was approved in November 2022.",
     [("Letter of Intent", "2020-01-01", "year"), ("Letter of Intent", "2022-11-01", "month")]),
    ("A scientific cooperation protocol concluded in Quito in March 2016 between the Soil Academy ({a}) and the Forestry Institute ({b}) set up the programme.",
     [("Agreement", "2016-03-01", "month")]),
    ("The Soil Academy ({a}) and the Forestry Institute ({b}) also signed the Programme of Scientific and Educational Cooperation for 2024-2027 on 2 May 2024.",
     [("Action Plan", "2024-05-02", "day")]),
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text,expected", OTHER_WORDS)
def test_instruments_named_by_other_words(c1, c2, text, expected):
    found = agreements(text.format(a=COUNTRY[c1], b=COUNTRY[c2]), "2024-06-10")
    # an instrument changed, cited by its year ('their 2019 MoU'), is a row of its own: agreement:year_modifier's
    assert sorted(a[:3] for a in found if a[4]["rule"] != "agreement:year_modifier") == sorted(expected)


# an instrument reported undated after another takes that one's date when the text says it was the same occasion,
# or the next day when it says 'a day later'; an 'also signed' after an old instrument's history does not
OCCASIONS = [
    ("The Polar Institute ({a}) and the Ocean Council ({b}) signed an MoU in Oslo last month. On the same occasion, the two "
     "ministries signed an amendment to the fisheries agreement.", [("MoU", "2024-05-01", "month"), ("Agreement", "2024-05-01", "month")]),
    ("On 3 June 2024 the Polar Institute ({a}) and the Ocean Council ({b}) signed a protocol on data. A day later the deputy "
     "ministers put their names to a letter of intent.", [("Agreement", "2024-06-03", "day"), ("Letter of Intent", "2024-06-04", "day")]),
    ("The Polar Institute ({a}) and the Ocean Council ({b}) yesterday signed an MoU.\n\nThe two transport ministries also signed "
     "an agreement on aviation training.", [("MoU", "2024-06-09", "day"), ("Agreement", "2024-06-09", "day")]),
    ("The Polar Institute ({a}) and the Ocean Council ({b}) first signed an MoU in December 2019.\n\nThe two transport ministries "
     "also signed an agreement on aviation training.", [("MoU", "2019-12-01", "month"), ("Agreement", "2024-06-10", "day")]),
]


@pytest.mark.parametrize("c1,c2", PAIRS)
@pytest.mark.parametrize("text,expected", OCCASIONS)
def test_a_signing_on_the_same_occasion_takes_its_date(c1, c2, text, expected):
    found = agreements(text.format(a=COUNTRY[c1], b=COUNTRY[c2]), "2024-06-10")
    assert sorted(a[:3] for a in found) == sorted(expected)
# --- instruments listed under a lead-in, cited without a signing verb, and words that are not instruments ---

@pytest.mark.parametrize("c1,c2", PAIRS)
def test_instruments_listed_under_a_lead_in_take_its_date_and_their_own_parties(c1, c2):
    text = (f"Communique\n\nWhen the {COUNTRY[c1]} and {COUNTRY[c2]} delegations concluded their consultations on 21 February 2025, "
            "the heads of delegation looked on as these documents were signed:\n\n"
            "* Framework Agreement on Joint Research in Glaciology between the Alpine Research Academy and the\n"
            "  Coastal Survey Board;\n"
            "* Letter of Intent on Doctoral Exchanges between the Riverside Polytechnic Institute and\n"
            "  the Northern Academy of Arts.\n")
    assert [a[:4] for a in agreements(text)] == [
        ("Agreement", "2025-02-21", "day", ["Alpine Research Academy", "Coastal Survey Board"]),
        ("Letter of Intent", "2025-02-21", "day", ["Northern Academy of Arts", "Riverside Polytechnic Institute"]),
    ]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_a_treaty_cited_by_done_at_is_an_instrument_of_its_date(c1, c2):
    text = (f"Date: 8 September 2024\n\nMindful of the Agreement on Academic Mobility between the Government of {COUNTRY[c1]} and the "
            f"Government of {COUNTRY[c2]}, done at Geneva on 17 November 2003, the committee reviewed its work programme.")
    assert [a[:4] for a in agreements(text)] == [
        ("Agreement", "2003-11-17", "day", sorted([f"Government of {COUNTRY[c1]}", f"Government of {COUNTRY[c2]}"]))]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_an_instrument_cited_by_its_year_is_one_row_at_year_precision(c1, c2):
    text = (f"Date: 8 September 2024\n\nThe Harbour Engineering College and the Delta Maritime Institute signed a grant agreement "
            f"on 6 September 2024. The grant complements the 2019 letter of intent between the two institutes, and "
            f"officials of {COUNTRY[c1]} and {COUNTRY[c2]} praised the 2019 letter of intent again.")
    rows = agreements(text)
    assert [a[:3] for a in rows] == [("Agreement", "2024-09-06", "day"), ("Letter of Intent", "2019-01-01", "year")]
    assert rows[1][3] == ["Delta Maritime Institute", "Harbour Engineering College"]


def test_signed_and_renewed_in_one_clause_are_two_rows():
    text = "Date: 8 September 2024\n\nThe Alpine Research Academy and the Coastal Survey Board first signed the agreement in 2007 and renewed it in 2012."
    assert [a[:3] for a in agreements(text)] == [("Agreement", "2007-01-01", "year"), ("Agreement", "2012-01-01", "year")]


@pytest.mark.parametrize("sentence", [
    "The arrangement draws on a memorandum of understanding signed in April 2018.",
    "The agreement was signed by both rectors in the main hall.",
    "Since 2016 the academy has signed 23 cooperation agreements with universities in Latin America.",
    "Over the past decade the board has concluded more than 40 research agreements with partners abroad.",
])
def test_anaphors_and_tallies_are_not_further_instruments(sentence):
    text = ("Date: 8 September 2024\n\nThe Alpine Research Academy and the Coastal Survey Board signed an MoU on 6 September 2024. "
            + sentence)
    rows = [a[:3] for a in agreements(text)]
    assert ("MoU", "2024-09-06", "day") in rows
    assert [r for r in rows if r[0] == "Agreement" or r[0] == "Arrangement"] == []


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_a_lead_in_after_the_talks_takes_the_day_of_the_talks(c1, c2):
    text = (f"Joint Communique\n\n{COUNTRY[c1]}, 30 June 2023\n\n1. The foreign ministers of {COUNTRY[c1]} and {COUNTRY[c2]} held talks on "
            "28 June 2023 on research and culture.\n\n2. After the talks, the ministers attended the signing of:\n\n"
            "1) an Agreement on Archive Digitisation between the Heritage Records Office and\n   the Museum Conservation Board;\n"
            "2) an MoU on Seismology between the Geohazard Monitoring Centre and the Volcano Research Institute.\n")
    assert [a[:4] for a in agreements(text)] == [
        ("Agreement", "2023-06-28", "day", ["Heritage Records Office", "Museum Conservation Board"]),
        ("MoU", "2023-06-28", "day", ["Geohazard Monitoring Centre", "Volcano Research Institute"]),
    ]


@pytest.mark.parametrize("sentence", [
    "The Marine Academy and the Coastal Agency today renewed their MoU, which replaces the earlier one signed in the capital in 2016.",
    "The Marine Academy and the Coastal Agency signed an MoU today. It takes the place of the previous one, signed in 2016 in the capital.",
])
def test_the_previous_one_is_an_earlier_instrument_of_the_type_just_named(sentence):
    rows = agreements(f"Date: 11 February 2025\n\n{sentence}")
    assert [a[:4] for a in rows] == [("MoU", "2025-02-11", "day", ["Coastal Agency", "Marine Academy"]),
                                     ("MoU", "2016-01-01", "year", ["Coastal Agency", "Marine Academy"])]


# instruments named by other words: a bare memorandum is one of understanding; an intent declared in writing is a letter of
# intent whatever it is called; minutes both sides agreed record their discussions; a letter of exchange is an exchange of
# notes; an accord or a pact is an agreement; a protocol or programme joined to a concluded instrument, or concluded by a
# relative clause, is one too
OTHER_WORDS = [
    ("The Glacier Institute and the Fjord Data Centre signed a memorandum on ice cores on Tuesday.", [("MoU", "2024-10-08", "day")]),
    ("The Glacier Institute and the Fjord Data Centre signed a memoranda on ice cores on Tuesday.", [("MoU", "2024-10-08", "day")]),
    ("The two museums signed a declaration of intent on loans of artefacts on Tuesday.", [("Letter of Intent", "2024-10-08", "day")]),
    ("The Glacier Institute put its name to a statement of intent, signed on Tuesday with the Fjord Data Centre.", [("Letter of Intent", "2024-10-08", "day")]),
    ("A protocol of intent on apprentices was signed by the two chambers on Tuesday.", [("Letter of Intent", "2024-10-08", "day")]),
    ("The Memorandum of Intention on drones was signed on Tuesday.", [("Letter of Intent", "2024-10-08", "day")]),
    ("The joint commission ended its session by signing the agreed minutes on Tuesday.", [("Record of Discussions", "2024-10-08", "day")]),
    ("The ministries signed a Letter of Exchange on school meals on Tuesday.", [("Exchange of Notes", "2024-10-08", "day")]),
    ("The Glacier Institute and the Fjord Data Centre signed an accord on ice cores on Tuesday.", [("Agreement", "2024-10-08", "day")]),
    ("The two port authorities inked a pact on pilotage on Tuesday.", [("Agreement", "2024-10-08", "day")]),
    ("The two academies signed a framework agreement on Tuesday and an executive protocol on joint degrees.",
     [("Agreement", "2024-10-08", "day"), ("Agreement", "2024-10-08", "day")]),
    ("Recalling the Programme of Cooperation on Sport they concluded in Hobart in June 2017, the ministers met on Tuesday.",
     [("Action Plan", "2017-06-01", "month")]),
    ("The new Cultural Cooperation Programme for 2025-2027, which the Minister of Culture and the visiting Ambassador signed in "
     "Hobart on 7 October 2024, lists forty events.", [("Action Plan", "2024-10-07", "day")]),
    # not instruments
    ("The Glacier Institute acted of its own accord when it signed nothing on Tuesday.", []),
    ("The two academies signed a framework agreement on Tuesday and discussed a protocol for later.", [("Agreement", "2024-10-08", "day")]),
    ("The minutes of the Tuesday session were signed by the clerk.", []),
]


@pytest.mark.parametrize("body,expected", OTHER_WORDS)
def test_instruments_named_by_other_words(body, expected):
    assert [a[:3] for a in agreements(f"Date: 10 October 2024\n\n{body}")] == expected


# a date in another phrase of the sentence is not the signing's: the years an instrument covers ('a work plan for 2025 and
# 2026', 'starting in 2026'), and a date after the report's own; a month named without its year is in the report's year
# (the last such month up to it), or in the year the sentence named ('in June of that year')
SIGNING_DATE_PHRASES = [
    ("The two ministries also signed a work plan for 2025 and 2026 at a ceremony on Tuesday.", ("Action Plan", "2024-10-08", "day")),
    ("The two laboratories concluded an MoU on Tuesday; starting in 2025, six researchers a year will travel.", ("MoU", "2024-10-08", "day")),
    ("The two laboratories concluded an MoU; starting in 2025, six researchers a year will travel.", ("MoU", "2024-10-10", "day")),
    ("The Glacier Institute signed a grant agreement in March.", ("Agreement", "2024-03-01", "month")),
    ("The Glacier Institute signed a grant agreement in November.", ("Agreement", "2023-11-01", "month")),
    ("The Glacier Institute signed a grant agreement last October.", ("Agreement", "2023-10-01", "month")),
    ("The Glacier Institute signed a grant agreement in October.", ("Agreement", "2024-10-01", "month")),
    ("The Glacier Institute signed a grant agreement earlier this month.", ("Agreement", "2024-10-01", "month")),
    ("The chambers met first in 2019 and signed a protocol of intent on apprentices in June of that year.", ("Letter of Intent", "2019-06-01", "month")),
    ("The Framework Agreement on Fisheries, done at Apia on the fourth day of March, 2015, was signed by both ministers.", ("Agreement", "2015-03-04", "day")),
    # a 'since' clause dates a tie, but not when its own verb is the signing
    ("The delegation reviewed the progress made since the two campuses signed an MoU on 14 March 2023.", ("MoU", "2023-03-14", "day")),
    ("The Glacier Institute signed an MoU on Tuesday, the latest of several concluded since both bodies launched a programme in 2020.", ("MoU", "2024-10-08", "day")),
    ("The Agreement was signed on this twenty-first day of May in the year 2019.", ("Agreement", "2019-05-21", "day")),
]


@pytest.mark.parametrize("body,expected", SIGNING_DATE_PHRASES)
def test_the_signing_date_is_the_phrase_that_dates_the_signing(body, expected):
    assert [a[:3] for a in agreements(f"Date: 10 October 2024\n\n{body}")] == [expected]


# an earlier conclusion of an instrument, said without a noun or a signing verb of its own: each is a row, dated by its own
# date, with the parties of the instrument it refers to
EARLIER_CONCLUSIONS = [
    ("The Glacier Institute and the Fjord Data Centre renewed their MoU on Tuesday. The two bodies originally concluded it in 2014.",
     [("MoU", "2024-10-08", "day", "renewal"), ("MoU", "2014-01-01", "year", "signing")]),
    ("The Glacier Institute and the Fjord Data Centre renewed their MoU on Tuesday. It was first signed in March 2016.",
     [("MoU", "2024-10-08", "day", "renewal"), ("MoU", "2016-03-01", "month", "signing")]),
    ("The accord between the Glacier Institute and the Fjord Data Centre, first concluded in March 2016, was amended on Tuesday.",
     [("Agreement", "2016-03-01", "month", "signing"), ("Agreement", "2024-10-08", "day", "signing")]),
    ("The first accord between the Glacier Institute and the Fjord Data Centre goes back to 2012 and has been renewed once, in 2018.",
     [("Agreement", "2012-01-01", "year", "signing"), ("Agreement", "2018-01-01", "year", "renewal")]),
    ("The first memorandum between the Glacier Institute and the Fjord Data Centre, dating from 3 May 2012, covered ice cores.",
     [("MoU", "2012-05-03", "day", "signing")]),
    ("A memorandum between the Glacier Institute and the Fjord Data Centre on ice cores followed in 2015.",
     [("MoU", "2015-01-01", "year", "signing")]),
    ("The Glacier Institute and the Fjord Data Centre signed an MoU in May 2017 and extended it for two years last January.",
     [("MoU", "2017-05-01", "month", "signing"), ("MoU", "2024-01-01", "month", "extension")]),
    ("The Glacier Institute renewed its partnership with the Fjord Data Centre in January, until 2027.",
     [("Agreement", "2024-01-01", "month", "renewal")]),
    # not conclusions: a pronoun without a conclusion verb, maps dating from a year, a partnership merely praised
    ("The Glacier Institute and the Fjord Data Centre renewed their MoU on Tuesday. They first discussed it in 2012.",
     [("MoU", "2024-10-08", "day", "renewal")]),
    ("The Glacier Institute and the Fjord Data Centre renewed their MoU on Tuesday; it covers maps dating from 1850.",
     [("MoU", "2024-10-08", "day", "renewal")]),
    ("The Glacier Institute signed an MoU on Tuesday to deepen its partnership with the Fjord Data Centre.",
     [("MoU", "2024-10-08", "day", "signing")]),
]


@pytest.mark.parametrize("body,expected", EARLIER_CONCLUSIONS)
def test_earlier_conclusions_said_without_their_own_noun_are_rows(body, expected):
    rows = agreements(f"Date: 10 October 2024\n\n{body}")
    assert [(a[0], a[1], a[2], a[4]["event"]) for a in rows] == expected
    assert all(a[3] == ["Fjord Data Centre", "Glacier Institute"] for a in rows)


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_an_earlier_conclusion_by_pronoun_keeps_the_governments(c1, c2):
    text = (f"Date: 10 October 2024\n\nThe governments of {COUNTRY[c1]} and {COUNTRY[c2]} renewed their cultural agreement on Tuesday. "
            "They first signed it in 1998.")
    rows = agreements(text)
    assert [a[1] for a in rows] == ["2024-10-08", "1998-01-01"]
    assert rows[0][3] == rows[1][3] and len(rows[1][3]) == 2


# a conclusion verb whose subject is other instruments, and a date inside a 'since' clause, date nothing; a second instrument
# 'concluded the day after' the first is dated the next day; a 'between' after a later instrument names that one's parties
SECOND_INSTRUMENTS = [
    ("The Glacier Institute and the Fjord Data Centre signed an MoU on 7 October 2024. This accord follows several others concluded "
     "since both bodies launched the Ice Programme in 2020.",
     [("MoU", "2024-10-07", "day", ["Fjord Data Centre", "Glacier Institute"])]),
    ("The Glacier Institute and the Fjord Data Centre signed an MoU on 7 October 2024, where a separate data-exchange protocol "
     "between the Survey Office and the Mapping Council was concluded the day after the MoU.",
     [("MoU", "2024-10-07", "day", ["Fjord Data Centre", "Glacier Institute"]), ("Agreement", "2024-10-08", "day", ["Mapping Council", "Survey Office"])]),
    ("The Glacier Institute and the Fjord Data Centre signed an MoU on 7 October 2024. A data-sharing arrangement between the "
     "Survey Office and the Mapping Council was signed the day after the memorandum.",
     [("MoU", "2024-10-07", "day", ["Fjord Data Centre", "Glacier Institute"]), ("Arrangement", "2024-10-08", "day", ["Mapping Council", "Survey Office"])]),
    # the parties named in the sentence that goes on about it, in the next paragraph; the instrument changed is theirs
    ("The two colleges signed an addendum to their 2018 accord on Tuesday.\n\nThe addendum prolongs the accord between the "
     "Glacier Institute and the Fjord Data Centre until 2027.",
     [("Agreement", "2024-10-08", "day", ["Fjord Data Centre", "Glacier Institute"]), ("Agreement", "2018-01-01", "year", ["Fjord Data Centre", "Glacier Institute"])]),
    ("The two colleges signed an addendum on Tuesday.\n\nThe Survey Office praised the accord between the Glacier Institute and the "
     "Fjord Data Centre.", [("Agreement", "2024-10-08", "day", [])]),
]


@pytest.mark.parametrize("body,expected", SECOND_INSTRUMENTS)
def test_second_instruments_and_their_parties(body, expected):
    assert [a[:4] for a in agreements(f"Date: 10 October 2024\n\n{body}")] == expected


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_each_row_of_a_table_of_instruments_is_one(c1, c2):
    text = (f"Date: 10 October 2024\n\nThe {COUNTRY[c1]} and {COUNTRY[c2]} delegations saw these instruments signed on 9 October 2024:\n\n"
            "| No. | Title | Signatory | Signatory |\n|---|---|---|---|\n"
            "| 1 | MoU on Marine Science | Glacier Institute | Fjord Data Centre |\n"
            "| 2 | MoU on Coastal Mapping | Survey Office | Mapping Council |\n"
            "| 3 | Letter of Exchange on school libraries | Heritage Records Office | Museum Conservation Board |\n")
    assert [a[:4] for a in agreements(text)] == [
        ("MoU", "2024-10-09", "day", ["Fjord Data Centre", "Glacier Institute"]),
        ("MoU", "2024-10-09", "day", ["Mapping Council", "Survey Office"]),
        ("Exchange of Notes", "2024-10-09", "day", ["Heritage Records Office", "Museum Conservation Board"]),
    ]


@pytest.mark.parametrize("lead,n", [
    ("The Harbour Bank and the Fjord Data Centre signed three financing documents on Tuesday:", 3),
    ("The Harbour Bank and the Fjord Data Centre on Tuesday concluded the following agreements:", 3),
    ("The Harbour Bank and the Fjord Data Centre on Tuesday discussed these topics:", 0),
])
def test_each_financing_item_of_a_list_of_documents_is_an_instrument(lead, n):
    text = (f"Date: 10 October 2024\n\n{lead}\n - a loan of EUR 10 million for rural roads;\n"
            " - a grant of EUR 4 million for clean water;\n - a non-reimbursable grant of EUR 1 million for training.\n")
    assert [a[:4] for a in agreements(text)] == [("Agreement", "2024-10-08", "day", ["Fjord Data Centre", "Harbour Bank"])] * n


# an instrument is concluded by its last signature, an exchange of notes by the reply note
LAST_SIGNATURES = [
    ("MEMORANDUM OF UNDERSTANDING\nBETWEEN THE GLACIER INSTITUTE AND THE FJORD DATA CENTRE\n\nArticle 1\nThe Parties shall share ice cores.\n\n"
     "For the Glacier Institute                 For the Fjord Data Centre\nPlace: Hobart                             Place: Bergen\n"
     "Date: 2 March 2022                        Date: 19 March 2022\n", ("MoU", "2022-03-19", "day")),
    ("EXCHANGE OF NOTES\n\nApia, 14 April 2021\n\nExcellency, I have the honour to propose an arrangement on teachers. This Note and "
     "your reply shall constitute an agreement taking effect on the date of your reply.\n\nSuva, 2nd May 2021\n\nExcellency, I have the "
     "honour to accept the proposal in your Note of 14 April 2021.\n", ("Exchange of Notes", "2021-05-02", "day")),
    ("AGREEMENT\nBETWEEN THE GLACIER INSTITUTE AND THE FJORD DATA CENTRE\n\nArticle 1\nThe Parties shall share ice cores.\n\n"
     "Done at Hobart on 2 March 2022 in two originals.\n", ("Agreement", "2022-03-02", "day")),
]


@pytest.mark.parametrize("text,expected", LAST_SIGNATURES)
def test_an_instrument_text_is_dated_by_its_last_signature(text, expected):
    assert [a[:3] for a in agreements(text)] == [expected]


@pytest.mark.parametrize("c1,c2", PAIRS)
def test_signatories_described_collectively_not_the_bodies_the_instrument_concerns(c1, c2):
    text = (f"Date: 10 October 2024\n\nThe Ministry of Health of {COUNTRY[c1]} and the Ministry of Health of {COUNTRY[c2]} met in March. "
            "The memorandum the two health ministries signed on 5 May 2020, under which the Glacier Institute and the Fjord Data Centre "
            "exchange nurses, is working well.")
    assert [a[:4] for a in agreements(text)] == [
        ("MoU", "2020-05-05", "day", sorted([f"Ministry of Health of {COUNTRY[c1]}", f"Ministry of Health of {COUNTRY[c2]}"]))]


@pytest.mark.parametrize("sentence", [
    "A draft treaty on fisheries has been initialled, and an umbrella agreement that is still unsigned was signed off by no one.",
    "The two ministries signed nothing on Tuesday; the umbrella agreement is still unsigned.",
    "The chambers concluded their talks on Tuesday, but the draft agreement on apprentices awaits the cabinet.",
    "The Glacier Institute signed a grant on Tuesday, while the framework agreement with the Fjord Data Centre is still under negotiation.",
])
def test_drafts_and_unsigned_instruments_are_not_rows(sentence):
    assert agreements(f"Date: 10 October 2024\n\n{sentence}") == []
