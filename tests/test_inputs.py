"""Real inputs and bad inputs: every format and encoding reads to the same normalised text, and every
file that cannot be read is rejected with its reason while the run goes on."""
from __future__ import annotations

import datetime as dt
import os
import random
import re
import subprocess
import sys

import duckdb
import pytest

from flows.batches import display_path, extract_files, read_bytes, read_document
from tests.bad_inputs import HTML_PAGE, LOCKED_WHEN_NOT_ROOT, PDF_PAGES, UNREADABLE, cli_env, drop_read_override, encrypted_pdf, minimal_pdf, write_mixed_folder
from tests.conftest import ROOT, SEEDS
from transforms.dates import PublicationDate
from transforms.extract import document_id, extract_document
from transforms.formats import parse_document, parse_html, parse_markdown, parse_pdf, parser_for
from transforms.text import UnreadableDocument, decode_bytes, normalize_text
from warehouse.checks import run_checks
from warehouse.schemas import TABLES

SAMPLE = "The ministry said \u201c\u20ac5 million\u201d would fund the caf\u00e9 \u2014 a grant of \u00a520 billion."
LATIN = "Caf\u00e9 scientifique: 25 \u00e9l\u00e8ves from Z\u00fcrich for 2\u00bd years, \u00a520 billion."


# --- encodings --------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, text", [
    (SAMPLE.encode("utf-8"), SAMPLE),
    (b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"), SAMPLE),
    (SAMPLE.encode("utf-16"), SAMPLE),
    (b"\xfe\xff" + SAMPLE.encode("utf-16-be"), SAMPLE),
    (SAMPLE.encode("utf-16-le"), SAMPLE),  # no byte-order mark
    (SAMPLE.encode("utf-16-be"), SAMPLE),
    (SAMPLE.encode("utf-32"), SAMPLE),
    (SAMPLE.encode("cp1252"), SAMPLE),
    (LATIN.encode("latin-1"), LATIN),
    (SAMPLE.encode("utf-8") + " caf\u00e9".encode("cp1252"), SAMPLE + " caf\u00e9"),  # a stray Windows-1252 byte in UTF-8
    ("\u65e5\u672c\u306e\u5186\u501f\u6b3e 100\u5104\u5186\u3002\u4e21\u56fd\u306f\u899a\u66f8\u306b\u7f72\u540d\u3057\u305f\u3002".encode("shift_jis"),
     "\u65e5\u672c\u306e\u5186\u501f\u6b3e 100\u5104\u5186\u3002\u4e21\u56fd\u306f\u899a\u66f8\u306b\u7f72\u540d\u3057\u305f\u3002"),
], ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le", "utf16be", "utf32", "cp1252", "latin1", "utf8+cp1252", "shift-jis"])
def test_every_encoding_decodes_to_the_same_text(data, text):
    assert decode_bytes(data) == text


@pytest.mark.parametrize("data, reason", [
    (b"", "empty file"),
    (b" \n\t\r\n", "empty file"),
    (b"\x00" * 64, "binary file (NUL bytes)"),
    (b"a\x00b\x00c\x00d\x00e" * 8, "binary file (NUL bytes)"),  # NULs, but not in UTF-16's pattern
    (random.Random(1).randbytes(4000), "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"%PDF-1.4\n1 0 obj", "PDF document"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (bytes(range(1, 32)) * 10, "control characters"),
    (b"\xff\xfe" + "caf\u00e9".encode("utf-16-le") + b"x", "not valid UTF-16"),
])
def test_bytes_that_are_not_text_are_refused_with_the_reason(data, reason):
    with pytest.raises(UnreadableDocument, match=re.escape(reason)):
        decode_bytes(data)


@pytest.mark.parametrize("raw, text", [
    ("cafe\u0301", "caf\u00e9"),  # NFC
    ("e\u200d\u0301 and A\u0301", "\u00e9 and \u00c1"),  # a zero-width mark dropped, then composed
    ("a\u00a0b\u202fc\u2009d\u3000e\u2002f", "a b c d e f"),
    ("\u201cquoted\u201d and \u2018single\u2019", "\"quoted\" and 'single'"),
    ("\uff2a\uff30\uff39 \uff12\uff10 billion", "JPY 20 billion"),
    ("\uffe5\uff15\uff10\uff10 million", "\u00a5500 million"),
    ("line\r\nbreak\rold mac\u2028separator\x0cpage", "line\nbreak\nold mac\nseparator\npage"),
    ("ctrl\x00\x07chars\x1a\x7f\x85end", "ctrlchars\nend"),
    ("  \n text  \t\n\nnext \n", "text\n\nnext"),
])
def test_normalisation(raw, text):
    assert normalize_text(raw) == text
    assert normalize_text(text) == text


# --- formats ----------------------------------------------------------------------------------------

def test_html_gives_the_main_text_without_scripts_or_navigation_and_metadata():
    doc = parse_html(HTML_PAGE.encode("cp1252"))
    assert "Japan will provide JPY 20 billion (about US$ 150 million) through JICA" in doc.text
    assert '"Japan-India Semiconductor Policy Partnership"' in doc.text  # cp1252 curly quotes, normalised
    for dropped in ("Rs 3,500 crore", "JPY 999 billion", "Press releases", "Sitemap", "font-family"):
        assert dropped not in doc.text
    assert doc.text.endswith("Copyright 2023. Privacy policy")  # the footer is the page's, as the gold rules read it
    assert doc.title == "Japan and India sign semiconductor MoC"
    assert doc.published == PublicationDate(dt.date(2023, 7, 20), "day", "metadata")


BODY = "<p>New Delhi, 20 July 2023. The Ministry of Education and JSPS signed an MoU on exchanges of researchers and students.</p>"


@pytest.mark.parametrize("head, body, published", [
    ('<meta name="date" content="2021-05-06">', BODY, PublicationDate(dt.date(2021, 5, 6), "day", "metadata")),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2022-02-03T09:00:00Z"}</script>', BODY,
     PublicationDate(dt.date(2022, 2, 3), "day", "metadata")),
    ("", '<time datetime="2020-01-02" class="published">2 Jan</time>' + BODY, PublicationDate(dt.date(2020, 1, 2), "day", "metadata")),
    ("", BODY, None),  # a date in the body is the extractors' to find, not metadata
], ids=["meta-date", "json-ld", "time-element", "none"])
def test_html_publication_date_comes_only_from_metadata(head, body, published):
    doc = parse_html(f"<html><head><title>T</title>{head}</head><body><article>{body}</article></body></html>".encode())
    assert doc.published == published
    assert "20 July 2023" in doc.text


def test_a_short_page_keeps_its_text_and_drops_its_menu():
    doc = parse_html(b"<html><head><title>Short</title></head><body><nav>Home | Press</nav><div role='navigation'>Menu</div>"
                     b"<p>JICA signed the loan.</p><script>var x = 1;</script></body></html>")
    assert doc.text == "JICA signed the loan."


# Pages laid out in plain <div>s, long enough for a boilerplate remover to call the <p>s the article: the
# heading, the date line, the lists, the header's publisher and the footer's address are text too.
_PARAGRAPHS = "".join(f"<p>Paragraph {i} says that the two councils reviewed the joint programme of the year in detail.</p>" for i in range(6))


@pytest.mark.parametrize("page, kept", [
    ("<body><div class='page'><h1>Nurses to train abroad</h1>" + _PARAGRAPHS +
     "<h2>Benefits</h2><ul><li>a monthly allowance of GHS 2,400;</li><li>airfare for 15 nurses.</li></ul></div></body>",
     ["Nurses to train abroad", "Benefits", "- a monthly allowance of GHS 2,400;", "- airfare for 15 nurses."]),
    ("<body><header><div class='site'>Embassy of Kenya<br>in Hanoi</div></header><h2>Science week</h2>"
     "<div class='date'>Released: Friday, 7th of June 2024</div>" + _PARAGRAPHS +
     "<footer><p>Republic of Kenya - Ministry of Foreign and Diaspora Affairs</p></footer></body>",
     ["Embassy of Kenya in Hanoi", "Released: Friday, 7th of June 2024", "Republic of Kenya - Ministry of Foreign and Diaspora Affairs"]),
    ("<body><article>" + _PARAGRAPHS + "<aside><dl><dt>Contact</dt><dd>Global Office, University of Otago</dd></dl></aside>"
     "<table><tr><th>Partner</th><th>Places</th></tr><tr><td>Hanoi University</td><td>12</td></tr></table></article></body>",
     ["Global Office, University of Otago", "| Partner | Places |", "| Hanoi University | 12 |"]),
], ids=["div-page-headings-lists", "header-date-div-footer", "aside-table"])
def test_html_reads_every_block_of_the_page(page, kept):
    doc = parse_html(f"<html><head><title>T</title></head>{page}</html>".encode())
    for block in kept:
        assert block in doc.text
    assert "Paragraph 5 says" in doc.text


def test_a_declared_latin1_page_is_read_as_windows_1252():
    doc = parse_html(b'<html><head><meta charset="iso-8859-1"></head><body><p>\x93Sakura\x94 caf\xe9 \x80 5 million.</p></body></html>')
    assert doc.text == '"Sakura" caf\u00e9 \u20ac 5 million.'


def test_pdf_gives_the_text_layer_of_every_page_and_its_title():
    doc = parse_pdf(minimal_pdf(PDF_PAGES, {"Title": "DST-JSPS MoU"}))
    assert doc.text == "\n".join(PDF_PAGES[0]) + "\n\n" + "\n".join(PDF_PAGES[1])
    assert doc.title == "DST-JSPS MoU" and doc.published is None


def test_a_pdf_title_naming_the_file_is_not_the_documents_title():
    assert parse_pdf(minimal_pdf([["Text."]], {"Title": "Microsoft Word - draft 3.docx"})).title is None


@pytest.mark.parametrize("data, reason", [
    (minimal_pdf([[], []]), "no text layer (2 page(s)"),
    (minimal_pdf(PDF_PAGES)[:300], "truncated PDF"),
    (minimal_pdf(PDF_PAGES)[:-40], "truncated PDF"),
    (minimal_pdf(PDF_PAGES).replace(b"xref", b"xrfe").replace(b"obj", b"ojb"), "damaged PDF"),
    (b"This file only calls itself a PDF.", "not a PDF"),
    (encrypted_pdf(["Secret minutes."], "s3cret"), "encrypted PDF"),
], ids=["scanned", "cut-short", "cut-at-end", "damaged", "not-pdf", "encrypted"])
def test_unreadable_pdfs_are_refused_with_the_reason(data, reason):
    with pytest.raises(UnreadableDocument, match=re.escape(reason)):
        parse_pdf(data)


def test_a_pdf_encrypted_without_a_user_password_is_read():
    assert parse_pdf(encrypted_pdf(["Open minutes."], "")).text == "Open minutes."


def test_markdown_is_read_without_its_markup():
    doc = parse_markdown(b"---\ntitle: Visit to Tokyo\ndate: 2022-11-05\n---\n# Heading\n\nThe **MoU** with [JSPS](https://jsps.go.jp) covers *120* researchers.\n\n- one\n- two\n")
    assert doc.text == "Heading\n\nThe MoU with JSPS covers 120 researchers.\n\none\n\ntwo"
    assert doc.title == "Visit to Tokyo"
    assert doc.published == PublicationDate(dt.date(2022, 11, 5), "day", "metadata")


@pytest.mark.parametrize("source, text", [
    (b"Text<br>more <!-- a comment --> and the end", "Text\nmore and the end"),
    (b"<div>Raw <b>HTML</b> block</div>\n\nThen *Markdown*.", "Raw HTML block\n\nThen Markdown."),
    (b"<HTML", None),  # only a broken tag: nothing to read
])
def test_markdown_with_raw_html_keeps_the_text_around_it(source, text):
    if text is None:
        with pytest.raises(UnreadableDocument, match="no text"):
            parse_document(source, ".md")
    else:
        assert parse_document(source, ".md").text == text


@pytest.mark.parametrize("page", [
    b"<html><body><p>JICA <!-- tracking -->signed the <?php echo 1 ?>loan.</p></body></html>",
    b'<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>JICA signed the loan.</p></body></html>',
    b"<BODY><HTML><SCRIPT>x</SCRIPT><p>JICA signed the loan.</p>",  # trips an assertion in htmldate, found by test_properties
], ids=["comments", "xhtml-declaration", "body-before-html"])
def test_html_text_around_comments_and_declarations(page):
    assert parse_html(page).text == "JICA signed the loan."


@pytest.mark.parametrize("source, title", [
    (b"# First heading\n\nText.", "First heading"),
    (b"---\ntitle: [unclosed\n---\n# Heading\n\nText.", "Heading"),  # a broken header costs the metadata, not the document
    (b"Text without heading.", None),
])
def test_markdown_title_from_front_matter_else_first_heading(source, title):
    assert parse_markdown(source).title == title


@pytest.mark.parametrize("suffix", [".docx", ".csv", ".xlsx", ""])
def test_unsupported_types_are_refused_by_name(suffix):
    with pytest.raises(UnreadableDocument, match="unsupported file type"):
        parser_for(suffix)


@pytest.mark.parametrize("suffix", [".txt", ".TXT", ".md", ".html", ".HTM", ".pdf", ".PDF"])
def test_supported_suffixes_in_any_case(suffix):
    assert parser_for(suffix) is not None


def test_metadata_title_and_date_win_and_offsets_refer_to_the_normalised_text():
    doc = parse_document(HTML_PAGE.encode("cp1252"), ".html")
    result = extract_document(doc.text, metadata_title=doc.title, metadata_date=doc.published)
    assert result.document["title"] == "Japan and India sign semiconductor MoC"
    assert (result.document["published_date"], result.document["published_date_basis"]) == (dt.date(2023, 7, 20), "metadata")
    rows = [r for table in ("figures", "agreements", "organization_mentions", "people") for r in getattr(result, table)]
    assert any(r["text"] == "JPY 20 billion" for r in result.figures)
    for r in rows:
        assert doc.text[r["char_start"]:r["char_end"]] == r["text"]


# --- files ------------------------------------------------------------------------------------------

def test_size_limit(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    assert read_bytes(path, 100) == b"x" * 100
    with pytest.raises(UnreadableDocument, match="over the limit of 99"):
        read_bytes(path, 99)


def test_a_broken_link_is_refused(tmp_path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    with pytest.raises(UnreadableDocument, match="cannot read file: No such file"):
        read_document(tmp_path / "gone.txt", 1000)


def test_a_file_without_read_permission_is_refused(tmp_path):
    prefix = drop_read_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: every file is readable")
    path = tmp_path / UNREADABLE
    path.write_text("Tokyo, 5 May 2020.")
    path.chmod(0)
    tmp_path.chmod(0o755)
    code = f"from flows.batches import read_bytes; from pathlib import Path\ntry:\n read_bytes(Path({str(path)!r}), 1000)\nexcept Exception as e: print(e)"
    out = subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "permission denied"


def test_a_name_that_is_not_utf8_is_stored_escaped():
    assert display_path(os.fsdecode(b"caf\xe9 report.txt")) == "caf\\xe9 report.txt"
    assert display_path("ok \u00fcnicode.txt") == "ok \u00fcnicode.txt"


def test_a_file_whose_text_is_not_the_one_planned_is_rejected(tmp_path):
    (tmp_path / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(SAMPLE.encode("utf-16"))
    planned = {tmp_path / "a.txt": document_id(normalize_text(SAMPLE)), tmp_path / "b.txt": "another-text"}
    tables, rejected = extract_files([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path, dt.date(2024, 1, 1), 10_000, planned=planned)
    assert [d["source_path"] for d in tables["documents"]] == ["a.txt"]
    assert [(r["source_path"], r["reason"][:35]) for r in rejected] == [("b.txt", "changed while this run read it (its")]


# --- a whole folder ---------------------------------------------------------------------------------

def test_a_folder_of_good_and_bad_files_loads_every_good_one_and_lists_every_bad_one(tmp_path, seed_warehouse):
    prefix = drop_read_override()
    folder = write_mixed_folder(tmp_path / "docs", SEEDS, max_bytes=200_000)
    if prefix is None:  # root without a way to drop its read override: the locked files are readable
        for path, loaded in LOCKED_WHEN_NOT_ROOT.items():
            folder.rejected.pop(path)
            folder.loaded.add(loaded)
    tmp_path.chmod(0o755)
    out_dir = tmp_path / "warehouse"
    run = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "flows.cli", "run", "--docs", str(folder.root), "--warehouse", str(out_dir),
         "--max-bytes", "200000", "--batch-size", "4"],
        capture_output=True, text=True, cwd=ROOT, env=cli_env(), timeout=300,
    )
    assert run.returncode == 3, run.stderr[-3000:]
    con = duckdb.connect(str(out_dir / "analytics.duckdb"), read_only=True)
    assert run_checks(con) == []
    loaded = {r[0] for r in con.execute("SELECT source_path FROM documents").fetchall()}
    assert loaded == folder.loaded
    reasons = dict(con.execute("SELECT source_path, reason FROM rejected_documents").fetchall())
    assert set(reasons) == set(folder.rejected)
    for path, words in folder.rejected.items():
        assert words in reasons[path], (path, reasons[path])
        assert f"rejected {path}: {reasons[path]}" in run.stdout

    html = con.execute("SELECT title, published_date, published_date_basis, text FROM documents WHERE source_path LIKE 'web/%'").fetchone()
    assert html[:3] == ("Japan and India sign semiconductor MoC", dt.date(2023, 7, 20), "metadata")
    assert "Rs 3,500 crore" not in html[3] and "Sitemap" not in html[3]

    # The seeds' rows are those of a run on the seeds alone, so their scores cannot have changed.
    seeds = duckdb.connect(str(seed_warehouse / "analytics.duckdb"), read_only=True)
    for table in ("documents", "figures", "agreements", "organization_mentions", "people"):
        cols = ", ".join(c for c in TABLES[table].names if c != "ingested_at")
        q = f"SELECT {cols} FROM {table} WHERE doc_id IN (SELECT doc_id FROM documents WHERE source_path NOT LIKE '%/%' AND source_path LIKE '00%') ORDER BY ALL"
        assert con.execute(q).fetchall() == seeds.execute(q).fetchall(), table
    q = "SELECT p.* FROM agreement_parties p JOIN agreements a USING (agreement_id) JOIN documents d USING (doc_id) WHERE d.source_path LIKE '00%' ORDER BY ALL"
    assert con.execute(q).fetchall() == seeds.execute(q).fetchall()


def test_html_source_line_ends_inside_a_paragraph_are_spaces():
    """A browser shows a line end of the page's source inside a <p> as a space: 'about 8\\nvisiting fellows' is one
    phrase, not two blocks (trafilatura keeps such line ends when it falls back to its other extractors); so is a <br>
    before a word in lower case."""
    page = ("<html><head><title>Tongan labs</title></head><body><h1>Tongan and Czech labs agree</h1><p>The Tongan "
            "institute and the Czech academy agreed that the Brno centre will host about 12\nvisiting fellows a year, "
            "with no more than six (6)\nfellowships open at once, under the Ministry of\nScience, said the Embassy of Tonga<br>in Prague.<br>The deal runs to 2030.</p></body></html>")
    text = parse_html(page.encode()).text
    assert "about 12 visiting fellows" in text and "six (6) fellowships" in text and "Ministry of Science" in text
    assert "Embassy of Tonga in Prague." in text and "\nThe deal runs to 2030." in text  # a <br> before a capital ends a line
    rows = extract_document(text, given_date=dt.date(2024, 6, 1)).figures
    assert [(r["value"], r["unit"]) for r in rows if r["kind"] == "count"] == [(12.0, "fellow"), (6.0, "fellowship")]
