"""Sentence splitting, table-driven: the splits that blanks (spaces and tabs) around line ends take part in.
The blank-run alternatives are tried only where a run starts; these cases keep the splits they made."""
from __future__ import annotations

import pytest

from transforms.text import normalize_text, sentence_spans

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py


def sentences(text: str) -> list[str]:
    text = normalize_text(text)
    return [text[s:e] for s, e in sentence_spans(text)]


CASES = [
    ("The board met. \t It voted.", ["The board met.", "It voted."]),
    ("A first paragraph \t \n \t\n  A second one", ["A first paragraph", "A second one"]),
    ("It ended: \t\n  then more", ["It ended:", "then more"]),
    ("The plan has parts \t\n - one part\n\t- another part", ["The plan has parts", " - one part", "\t- another part"]),
    ("A line that wraps   \nwithout a stop", ["A line that wraps\nwithout a stop"]),
    ("Dr. \t Rowan came.  \t  Then she left.", ["Dr. \t Rowan came.", "Then she left."]),
    ("A heading" + " \t" * 500 + "\n\nA sentence after blanks.", ["A heading", "A sentence after blanks."]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_sentences(text, expected):
    assert sentences(text) == expected
