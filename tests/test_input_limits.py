"""Hostile and unlucky inputs (issue 15, items 3, 5, 6 and the lone surrogate of 9): each file is either
read whole or rejected with a reason that names the problem, and listing a folder never raises and never
skips a path without saying why."""
from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flows.batches import extract_files, list_files, read_bytes
from tests.bad_inputs import drop_read_override, minimal_pdf
from tests.conftest import ROOT, SEEDS
from transforms.extract import extract_document
from transforms.formats import MAX_TITLE_CHARS, parse_document
from transforms.text import UnreadableDocument, decode_bytes, normalize_text
from warehouse import store

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

# Seven levels of nine aliases each: 9**7 (4.8 million) strings from a header of a few hundred bytes.
BILLION_LAUGHS = (
    b'---\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + b"".join(b"%s: &%s [%s]\n" % (n, n, b",".join([b"*" + p] * 9)) for p, n in zip([b"a", b"b", b"c", b"d", b"e", b"f"], [b"b", b"c", b"d", b"e", b"f", b"g"]))
    + b"title: [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n---\n# Heading\n\nThe text of the note.\n"
)


# --- item 3: parsers with size, depth and alias limits ----------------------------------------------

def test_a_billion_laughs_header_is_refused_without_expanding():
    assert len(BILLION_LAUGHS) < 500
    tracemalloc.start()
    try:
        with pytest.raises(UnreadableDocument, match=r"alias \(\*a\)"):
            parse_document(BILLION_LAUGHS, ".md", max_chars=20_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000  # a cap so that an expansion fails the test; it took gigabytes before


@pytest.mark.parametrize("header, reason", [
    ("title: " + "Word " * 2_000, f"title is 9,999 characters, over the limit of {MAX_TITLE_CHARS:,}"),
    ("title: x\nnotes: " + "[" * 30 + "]" * 30, "nested deeper than 20 levels"),
    ("title: x\nbody: " + "y" * 70_000, "front matter is 70,016 characters, over the limit of 65,536"),
])
def test_front_matter_over_a_limit_is_refused_with_the_reason(header, reason):
    with pytest.raises(UnreadableDocument, match=re.escape(reason)):
        parse_document(f"---\n{header}\n---\nThe text.\n".encode(), ".md")


def test_a_title_that_is_a_list_is_not_a_title():
    assert parse_document(b"---\ntitle: [a, b]\n---\n# Heading\n\nText.\n", ".md").title == "Heading"


def test_max_chars_bounds_the_text_a_parser_makes():
    data = minimal_pdf([["A line of text on the first page."], ["A line of text on the second page."]])
    with pytest.raises(UnreadableDocument, match="over the limit of 40 characters"):
        parse_document(data, ".pdf", max_chars=40)
    with pytest.raises(UnreadableDocument, match="over the limit of 10"):
        parse_document(b"Twenty characters!!!", ".txt", max_chars=10)
    assert parse_document(b"Twenty characters!!!", ".txt", max_chars=20).text == "Twenty characters!!!"


@pytest.mark.parametrize("depth", [19, 30, 90])
def test_deep_markdown_keeps_its_text(depth):
    assert parse_document(("> " * depth + "Deep text.\n\nShallow text.\n").encode(), ".md").text.split() == ["Deep", "text.", "Shallow", "text."]


def test_markdown_too_deep_to_read_is_refused():
    with pytest.raises(UnreadableDocument, match="Markdown nested 100 levels deep"):
        parse_document(("> " * 150 + "Deep text.\n").encode(), ".md")


@pytest.mark.parametrize("depth", [250, 300, 2000])
def test_deep_html_keeps_its_text(depth):
    page = "<html><body>" + "<div>" * depth + "<p>Deep text.</p>" + "</div>" * depth + "<p>Shallow text.</p></body></html>"
    assert parse_document(page.encode(), ".html").text == "Deep text.\n\nShallow text."


def test_html_too_deep_to_read_is_refused():
    with pytest.raises(UnreadableDocument, match="HTML nested deeper than 2,048 levels"):
        parse_document(("<html><body>" + "<div>" * 3000 + "<p>Deep text.</p></body></html>").encode(), ".html")


# --- item 5: decoding -------------------------------------------------------------------------------

def test_one_nul_byte_does_not_make_a_text_binary():
    data = "Caf\u00e9 report: the grant was signed.\x00 It covers 30 students.".encode()
    assert normalize_text(decode_bytes(data)) == "Caf\u00e9 report: the grant was signed. It covers 30 students."


def test_many_nul_bytes_still_do():
    with pytest.raises(UnreadableDocument, match="binary"):
        decode_bytes(b"text\x00\x00 more\x00 and\x00 more\x00" * 20)


# --- item 9 (a lone surrogate) ----------------------------------------------------------------------

def test_normalisation_drops_lone_surrogates_and_joins_pairs():
    assert normalize_text("grant\udce9 of \ud800US$ 5 million \ud83d\ude00") == "grant of US$ 5 million \U0001f600"


def test_a_lone_surrogate_reaches_parquet_and_extract_as_text(tmp_path):
    text = normalize_text("The agency signed a grant of US$ 5 million\udcff on 3 May 2023.")
    result = extract_document(text, source_name="x.txt", given_date=dt.date(2023, 5, 4))
    store.write_file(tmp_path / "d.parquet", store.to_arrow("documents", [result.document]))
    assert pq.read_table(tmp_path / "d.parquet").column("text").to_pylist() == [text]
    run = subprocess.run([sys.executable, "-m", "flows.cli", "extract", os.fsdecode(b"A grant of US$ 5 million \xff on 3 May 2023.")],
                         capture_output=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr.decode(errors="replace")[-2000:]
    assert b"US$ 5 million" in run.stdout


# --- items 5 and 6: listing a folder ----------------------------------------------------------------

def _folder(tmp_path: Path) -> tuple[Path, Path]:
    docs, outside = tmp_path / "docs", tmp_path / "outside"
    (docs / "archive" / "reference").mkdir(parents=True)
    outside.mkdir()
    (outside / "secret.txt").write_text("Secret words.")
    (docs / "a.txt").write_text("A document.")
    (docs / "archive" / "reference" / "note.txt").write_text("A note filed under a folder the user called reference.")
    (docs / "passwd_link.txt").symlink_to(outside / "secret.txt")
    (docs / "inside_link.txt").symlink_to(docs / "a.txt")
    (docs / "device_link.txt").symlink_to("/dev/null")
    (docs / "folder_link").symlink_to(outside)
    (docs / "loop").symlink_to(docs)
    os.mkfifo(docs / "pipe.txt")
    (docs / ".hidden.txt").write_text("Not a document.")
    return docs, outside


def test_listing_rejects_every_path_it_skips_with_the_reason(tmp_path):
    docs, outside = _folder(tmp_path)
    files, skipped = list_files(docs)
    assert [p.relative_to(docs).as_posix() for p in files] == ["a.txt", "archive/reference/note.txt", "inside_link.txt"]
    assert dict(skipped) == {
        "device_link.txt": "link to /dev/null, outside the documents folder (--follow-links reads it)",
        "folder_link": f"link to {outside}, outside the documents folder (--follow-links reads it)",
        "loop": "link to a folder: not followed (--follow-links reads it)",
        "passwd_link.txt": f"link to {outside / 'secret.txt'}, outside the documents folder (--follow-links reads it)",
        "pipe.txt": "not a regular file (a FIFO)",
    }


def test_follow_links_reads_what_links_lead_to_and_never_loops(tmp_path):
    docs, _ = _folder(tmp_path)
    files, skipped = list_files(docs, follow_links=True)
    assert [p.relative_to(docs).as_posix() for p in files] == [
        "a.txt", "archive/reference/note.txt", "folder_link/secret.txt", "inside_link.txt", "passwd_link.txt"]
    assert dict(skipped) == {
        "device_link.txt": "not a regular file (a character device, through a link)",
        "loop": "link to a folder already read (a loop or a second path to it)",
        "pipe.txt": "not a regular file (a FIFO)",
    }


def test_accords_own_reference_folder_is_not_read_as_documents():
    files, skipped = list_files(SEEDS)
    assert skipped == [] and files == sorted(SEEDS.glob("*.txt"))


def test_reading_a_fifo_never_blocks(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(UnreadableDocument, match="not a regular file"):
        read_bytes(tmp_path / "pipe.txt", 1000)


def _run_listing_as_non_root(docs: Path, prefix: list[str]) -> str:
    code = f"from flows.batches import list_files; from pathlib import Path; print(list_files(Path({str(docs)!r})))"
    return subprocess.run([*prefix, sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True, timeout=120).stdout


def test_folders_that_cannot_be_listed_or_entered_are_rejected(tmp_path):
    prefix = drop_read_override()
    if prefix is None:
        pytest.skip("running as root without setpriv: every folder is readable")
    docs = tmp_path / "docs"
    for name in ("locked", "no-exec", "open"):
        (docs / name).mkdir(parents=True)
        (docs / name / "doc.txt").write_text("Words.")
    (docs / "locked").chmod(0)
    (docs / "no-exec").chmod(0o644)
    tmp_path.chmod(0o755)
    try:
        out = _run_listing_as_non_root(docs, prefix)
    finally:
        (docs / "locked").chmod(0o755)
        (docs / "no-exec").chmod(0o755)
    # A folder without the execute bit lists its names, but nothing in it can be opened.
    assert out.strip() == repr(([docs / "open" / "doc.txt"], [
        ("locked", "folder cannot be listed: Permission denied"), ("no-exec/doc.txt", "cannot read file: Permission denied")]))


def test_extract_files_rejects_a_file_made_unreadable_after_listing(tmp_path):
    (tmp_path / "a.txt").write_text("A grant of US$ 5 million was signed on 3 May 2023.")
    os.mkfifo(tmp_path / "b.txt")
    tables, rejected = extract_files([tmp_path / "a.txt", tmp_path / "b.txt"], tmp_path, dt.date(2024, 1, 1), 10_000)
    assert [(r["source_path"], r["reason"]) for r in rejected] == [("b.txt", "not a regular file (a FIFO)")]
    assert [d["source_path"] for d in tables["documents"]] == ["a.txt"]
