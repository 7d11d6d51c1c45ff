"""Agreements, table-driven: type, date and precision, parties, term, expiry."""
from __future__ import annotations

import datetime as dt

import pytest

from transforms.extract import extract_document


def agreements(text: str, date: str | None = None):
    res = extract_document(text, given_date=dt.date.fromisoformat(date) if date else None, today=dt.date(2026, 11, 22))
    out = []
    for a in res.agreements:
        parties = sorted(p["name"] for p in res.agreement_parties if p["agreement_id"] == a["agreement_id"])
        out.append((a["agreement_type"], a["signed_date"].isoformat() if a["signed_date"] else None, a["signed_date_precision"], parties, a))
    return out


CASES = [
    ("A Memorandum of Understanding was signed between the University of Tokyo and the Indian Institute of Science on 4 May 2019.",
     ("MoU", "2019-05-04", "day", ["Indian Institute of Science", "University of Tokyo"])),
    ("RIKEN and the Tata Institute of Fundamental Research (TIFR) signed an MoC in March 2022.",
     ("MoC", "2022-03-01", "month", ["RIKEN", "Tata Institute of Fundamental Research"])),
    ("An Implementation Arrangement between ISRO and JAXA was signed on 20 January 2017.",
     ("Implementing Arrangement", "2017-01-20", "day", ["Indian Space Research Organisation", "Japan Aerospace Exploration Agency"])),
    ("A Letter of Intent between DST and the Japan Science and Technology Agency was signed in 2015.",
     ("Letter of Intent", "2015-01-01", "year", ["Department of Science and Technology", "Japan Science and Technology Agency"])),
    ("The Exchange of Notes for the yen loan was signed in New Delhi on 28 March 2023.",
     ("Exchange of Notes", "2023-03-28", "day", [])),
    ("JICA and the Government of India signed a Loan Agreement on 15 February 2024.",
     ("Agreement", "2024-02-15", "day", ["Government of India", "Japan International Cooperation Agency"])),
    ("The Record of Discussions was signed between JICA and the Ministry of Health and Family Welfare on 2 July 2021.",
     ("Record of Discussions", "2021-07-02", "day", ["Japan International Cooperation Agency", "Ministry of Health and Family Welfare"])),
    ("India and Germany adopted a Joint Declaration of Intent on 25 October 2024.",
     ("Joint Declaration", "2024-10-25", "day", ["Government of Germany", "Government of India"])),
    ("The two governments exchanged notes on the loan on 9 January 2023.",
     ("Exchange of Notes", "2023-01-09", "day", [])),
    ("Japan and Vietnam issued a Joint Statement on 27 November 2023.",
     ("Joint Statement", "2023-11-27", "day", ["Government of Japan", "Government of Vietnam"])),
    ("The signing of the MoU between NASSCOM and the Japan External Trade Organization took place on 4 April 2022.",
     ("MoU", "2022-04-04", "day", ["Japan External Trade Organization", "National Association of Software and Service Companies"])),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_agreements(text, expected):
    found = agreements(text)
    assert [a[:4] for a in found] == [expected]
    a = found[0][4]
    assert text[a["char_start"]:a["char_end"]] == a["text"]


def test_weekday_in_a_dated_news_piece():
    text = "date 2024-12-27 HYDERABAD: IIT-Hyderabad and Hamamatsu City, Japan, on Thursday signed an MoU."
    assert [a[:4] for a in agreements(text)] == [("MoU", "2024-12-26", "day", ["Hamamatsu City", "Indian Institute of Technology Hyderabad"])]


def test_undated_news_signing_takes_the_report_date():
    text = "TOKYO, May 14, 2024 (Kyodo) - Japan and Vietnam signed a Memorandum of Cooperation on semiconductors."
    assert [a[:4] for a in agreements(text)] == [("MoC", "2024-05-14", "day", ["Government of Japan", "Government of Vietnam"])]


def test_term_and_expiry():
    text = ("An MOU was signed between DGH and JOGMEC on 16th February 2007. "
            "Initially, the same was valid for 5 years i.e. till 15th February 2012.")
    (_, date, _, _, a), = agreements(text)
    assert (date, a["duration_value"], a["duration_unit"], a["expires_date"]) == ("2007-02-16", 5.0, "year", dt.date(2012, 2, 15))


def test_renewal_with_a_term_computes_expiry():
    text = "The MoC between CERT-In and JPCERT/CC has been renewed on November 12, 2021 for a period of five years."
    (_, date, _, _, a), = agreements(text)
    assert (a["event"], date, a["duration_value"], a["expires_date"]) == ("renewal", "2021-11-12", 5.0, dt.date(2026, 11, 11))


def test_two_instruments_of_one_type_in_one_sentence():
    text = "IIT Bombay signed an MoU with Kyoto University on 1 May 2023 and another MoU with Osaka University on 3 June 2023."
    assert [a[:4] for a in agreements(text)] == [
        ("MoU", "2023-05-01", "day", ["Indian Institute of Technology Bombay", "Kyoto University"]),
        ("MoU", "2023-06-03", "day", ["Indian Institute of Technology Bombay", "Osaka University"]),
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
    text = ("date 2024-12-27 IIT-Hyderabad and Hamamatsu City on Thursday signed an MoU. "
            "The director and the mayor signed the MoU which would strengthen ties.")
    assert len(agreements(text)) == 1


def test_the_text_of_an_agreement_is_itself_an_agreement():
    text = (
        "MEMORANDUM OF UNDERSTANDING\nBETWEEN\nTHE DEPARTMENT OF SCIENCE AND TECHNOLOGY OF INDIA\nAND\nTHE NATIONAL RESEARCH FOUNDATION OF SINGAPORE\n\n"
        "The Department of Science and Technology of India and the National Research Foundation of Singapore (hereinafter the Parties),\n\n"
        "Article 1\nThe Parties shall cooperate in quantum technologies.\n\n"
        "Article 2\nThis Memorandum of Understanding shall remain in force for a period of four (4) years.\n\n"
        "Done at Singapore on 3 September 2024, in duplicate."
    )
    (atype, date, precision, parties, a), = agreements(text)
    assert (atype, date, precision) == ("MoU", "2024-09-03", "day")
    assert parties == ["Department of Science and Technology", "National Research Foundation of Singapore"]
    assert (a["duration_value"], a["duration_unit"], a["expires_date"]) == (4.0, "year", dt.date(2028, 9, 2))
