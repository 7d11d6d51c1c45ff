"""Extractors for tests: one that never finishes on a text holding STALL_MARKER (a backtracking pattern, which
holds the GIL as the red team's did, so neither a thread nor a signal handler of its process can stop it), and one
that takes a second per document."""
from __future__ import annotations

import re
import time

from transforms.extract import extract_document
from transforms.formats import PARSERS

STALL_MARKER = "stall the extractor here"


def extract_slowly(text: str, **kwargs):
    if STALL_MARKER in text:
        re.match(r"(a+)+$", "a" * 60 + "b")  # 2**60 steps
    return extract_document(text, **kwargs)


def extract_after_a_second(text: str, **kwargs):
    """Every document takes a second: time for a test to signal a run mid-extraction."""
    time.sleep(1)
    return extract_document(text, **kwargs)


def _parse_slowly(data: bytes):
    re.match(rb"(a+)+$", b"a" * 60 + b"b")
    raise AssertionError("unreachable")


# Importing this module (as the extraction process does when this is its extractor) also gives it a parser
# that never finishes, for files named *.stall: a stand-in for a parser caught in a damaged file's loop.
PARSERS[".stall"] = _parse_slowly
