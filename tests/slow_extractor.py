"""An extractor that never finishes on a text holding STALL_MARKER: a backtracking pattern, which holds
the GIL as the red team's did, so neither a thread nor a signal handler of its process can stop it."""
from __future__ import annotations

import re

from transforms.extract import extract_document

STALL_MARKER = "stall the extractor here"


def extract_slowly(text: str, **kwargs):
    if STALL_MARKER in text:
        re.match(r"(a+)+$", "a" * 60 + "b")  # 2**60 steps
    return extract_document(text, **kwargs)
