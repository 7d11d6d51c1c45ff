"""Properties over arbitrary input (hypothesis): the extractors never raise and every offset they
return points inside the text at the words it claims; decoding and parsing refuse bad bytes only
with a reason; normalisation is stable."""
from __future__ import annotations

import pytest

import datetime as dt
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bad_inputs import PDF_PAGES, minimal_pdf
from transforms.extract import extract_document
from transforms.formats import PARSERS, parse_document
from transforms.text import UnreadableDocument, decode_bytes, normalize_text

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

# Examples are bounded so the suite stays quick; no deadline, since one example may meet dateparser's
# first-call start-up.
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the genre, so that arbitrary texts reach deep into the rules rather than stopping at
# "no number here": currencies, magnitudes, dates, agreement words, bodies, people, punctuation, odd Unicode.
PIECES = [
    "JPY", "US$", "USD", "Rs", "Rs.", "INR", "\u00a5", "\u20ac", "\uffe5", "EUR", "yen", "20", "1,200", "3.5", "\uff12\uff10", "0",
    "billion", "million", "crore", "lakh", "thousand", "trillion", "students", "researchers", "visits", "projects", "per cent", "%",
    "MoU", "MoC", "Memorandum of Understanding", "Memorandum of Cooperation", "Letter of Intent", "Agreement", "signed", "renewed",
    "extended", "exchanged", "on", "in", "for", "between", "and", "the", "of", "from", "to", "until", "by", "with", "(", ")", "[", "]",
    "12 March 2023", "March 2023", "2023", "2019-04-01", "Monday", "last year", "next month", "five years", "3 years", "6 months",
    "about", "approximately", "more than", "at least", "up to", "nearly", "over", "JICA", "JSPS", "DST", "the Ministry of Education",
    "University of Tokyo", "Indian Institute of Science", "Government of India", "Government of Japan", "Prof.", "Dr.", "Mr.", "Shri",
    "H.E.", "President", "Minister", "Director General", "Taro Yamada", "India", "Japan", ",", ".", ":", ";", "-", "\u2013", "\u2014",
    "\u201c", "\u201d", "'", '"', "\n", "\n\n", "\t", " ", "\u00a0", "\u200b", "\u0301", "\u3000", "\x00", "\r\n", "\u2028", "e.g.", "No.",
]
_one = st.sampled_from
# Whole phrases of the genre, assembled from parts, so the rules run to the end on texts around them.
_money = st.builds("{} {}{}{} {}".format, _one(["", "about", "more than", "up to"]), _one(["JPY", "US$", "Rs", "\u00a5", "EUR", "\uffe5"]),
                   _one(["", " "]), _one(["20", "1,200", "3.5", "\uff12\uff10", "0", "100,000"]), _one(["billion", "million", "crore", "lakh", ""]))
_count = st.builds("{} {} {} will be {}".format, _one(["", "at least", "nearly", "over"]), _one(["20", "five", "1,200", "ten"]),
                   _one(["students", "researchers", "faculty members", "visits"]), _one(["exchanged", "sent to Japan", "hosted"]))
_signing = st.builds("{} and {} {} an {} on {} for {}".format, _one(["JICA", "JSPS", "DST", "the Ministry of Education", "University of Tokyo"]),
                     _one(["the Government of India", "IISc", "the Indian Institute of Science", "METI"]), _one(["signed", "renewed", "extended"]),
                     _one(["MoU", "MoC", "Agreement", "Memorandum of Understanding", "Letter of Intent"]),
                     _one(["12 March 2023", "March 2023", "2023", "Monday", "last year"]), _one(["five years", "3 years", "6 months", "a period of two years"]))
_person = st.builds("{} {}, {} of {}".format, _one(["Prof.", "Dr.", "Mr.", "Shri", "H.E."]), _one(["Taro Yamada", "A. K. Sharma", "Kenji"]),
                    _one(["President", "Minister", "Director General"]), _one(["JICA", "the University of Tokyo", "India"]))
_piece = st.one_of(_money, _count, _signing, _person, _one(PIECES), _one(PIECES), st.text(max_size=4))
_separator = st.sampled_from([" ", " ", " ", "", "\n", ", ", ". "])
domain_text = st.lists(st.tuples(_piece, _separator), min_size=4, max_size=80).map(lambda parts: "".join(p + s for p, s in parts))
any_text = st.one_of(domain_text, domain_text, domain_text, st.text(max_size=400))

OFFSET_TABLES = ("figures", "agreements", "organization_mentions", "people")


def _assert_offsets_inside(text: str, result) -> None:
    for table in OFFSET_TABLES:
        for row in getattr(result, table):
            assert 0 <= row["char_start"] < row["char_end"] <= len(text), (table, row)
            assert text[row["char_start"]:row["char_end"]] == row["text"], (table, row)


@BOUNDED
@given(any_text)
def test_extractors_never_raise_and_offsets_stay_inside_the_text(text):
    _assert_offsets_inside(text, extract_document(text, today=dt.date(2024, 6, 1)))


@BOUNDED
@given(any_text)
def test_extractors_on_normalised_text(text):
    text = normalize_text(text)
    result = extract_document(text, today=dt.date(2024, 6, 1), given_date=dt.date(2024, 5, 31))
    assert result.document["n_chars"] == len(text)
    _assert_offsets_inside(text, result)


@BOUNDED
@given(st.text(max_size=300))
def test_normalisation_is_stable_and_leaves_no_control_characters(raw):
    text = normalize_text(raw)
    assert normalize_text(text) == text
    assert unicodedata.is_normalized("NFC", text)
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n"]


@BOUNDED
@given(st.binary(max_size=600))
def test_decoding_arbitrary_bytes_gives_text_or_a_reason(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except UnreadableDocument as e:
        assert str(e)


@BOUNDED
@given(st.binary(max_size=600), st.sampled_from(sorted(PARSERS)))
def test_parsing_arbitrary_bytes_gives_a_document_or_a_reason(data, suffix):
    try:
        assert parse_document(data, suffix).text.strip()
    except UnreadableDocument as e:
        assert str(e)


# Tag soup: real tags, broken tags, entities, declarations and Markdown marks between arbitrary text.
MARKUP = [
    "<html>", "<head>", "</head>", "<body>", "</body>", "<p>", "</p>", "<div>", "</div>", "<br>", "<br/>", "<nav>", "</nav>",
    "<script>", "</script>", "<style>", "</style>", "<title>", "</title>", "<h1>", "</h1>", "<pre>", "</pre>", "<table><tr><td>",
    "<meta charset=\"latin-1\">", "<meta charset=\"no-such-codec\">", "<meta name=\"date\" content=\"2023-02-30\">",
    "<meta property=\"article:published_time\" content=\"2023-07-20\">", "<!--", "-->", "<![CDATA[", "]]>", "<!DOCTYPE html>",
    "&amp;", "&#0;", "&#xD800;", "&nbsp;", "<", ">", "</", "<a href='x'>", "</a>", "---\n", "title: x\n", "date: 2023-13-45\n", "# ", "**",
    "[", "](", ")", "```", "\n", "\n\n", "\x00", "\u00a0",
]
markup = st.one_of(st.text(max_size=300), st.lists(st.one_of(st.sampled_from(MARKUP), st.text(max_size=8)), max_size=60).map("".join))


@BOUNDED
@given(markup, st.sampled_from([".html", ".md"]))
def test_parsing_arbitrary_markup_gives_a_document_or_a_reason(markup, suffix):
    try:
        doc = parse_document(markup.encode("utf-8", "surrogatepass"), suffix)
    except UnreadableDocument as e:
        assert str(e)
    else:
        assert doc.text == normalize_text(doc.text) and doc.text.strip()


PDF = minimal_pdf(PDF_PAGES, {"Title": "DST-JSPS MoU"})


@BOUNDED
@given(st.lists(st.tuples(st.integers(16, len(PDF) - 16), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_pdfs_give_text_or_a_reason(changes):
    data = bytearray(PDF)
    for position, value in changes:
        data[position] = value
    try:
        assert parse_document(bytes(data), ".pdf").text.strip()
    except UnreadableDocument as e:
        assert str(e)
