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


# ------------------------------------------------------------- scans started only where a match can start
#
# The fast scans (`_sentence_ends`, `finditer_from`) must find exactly what a plain `finditer` finds. These texts
# are built from the characters and words the patterns turn on, in every case and with the letters that match
# ASCII ones only under re.IGNORECASE; a start the fast scan leaves out makes them fail.

import random
import re

from transforms import text as text_module
from transforms.text import FOLDS_TO_ASCII_LETTERS, caseless, finditer_from


def _texts(pieces: list[str], n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        t = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        out.append(rng.choice([t, t.upper(), t.title(), t.lower()]))
    return out


def test_folds_to_ascii_letters_are_what_the_engine_folds():
    """The list is the engine's: every character outside ASCII that an ASCII letter matches under re.IGNORECASE."""
    everything = "".join(map(chr, range(0x80, 0x110000)))
    assert set(re.findall("[a-z]", everything, re.IGNORECASE)) == set(FOLDS_TO_ASCII_LETTERS)


def test_caseless_keeps_offsets_or_declines():
    assert caseless("Grant AID") == "grant aid"
    assert caseless("\u0130stanbul grant") is None  # its lower case is one character longer
    assert caseless("a \u017fcholarship") is None  # the long s matches 's' only under re.IGNORECASE


SENTENCE_PIECES = [" ", " ", "\t", "\n", "\n\n", ".", "!", "?", ":", ";", '"', "'", ")", "(", "[", "A", "The", "a", "Dr",
                   "U.S", "1", "12", "2016", "-", "•", "iv", " \n", "word", "Tom", "é"]


def test_sentence_ends_are_those_of_a_full_scan():
    for t in _texts(SENTENCE_PIECES, 4000, 10):
        full = [m.span() for m in text_module._SENTENCE_END.finditer(t)]
        assert [m.span() for m in text_module._sentence_ends(t)] == full, repr(t)


def test_finditer_from_finds_what_finditer_finds():
    words = re.compile(r"\b(?:grant|fund(?:s|ing)?\s+of|aid|sent)\b", re.IGNORECASE)
    pieces = ["grant", "funds", "funding", "of", "aid", "said", "sent", "present", " ", "\n", ".", "\u017fent", "\u0130", "\u212a", "é"]
    for t in _texts(pieces, 4000, 11):
        full = [(m.span(), m.group()) for m in words.finditer(t)]
        assert [(m.span(), m.group()) for m in finditer_from(words, t, ("grant", "fund", "aid", "sent"))] == full, repr(t)


def test_word_starts_is_every_offset_where_a_word_of_the_list_starts():
    """word_starts shares one pass between the lists asked of one text: each list still gets only its own words'
    offsets, for each text, whatever was asked before (lists that overlap, a text asked again after another)."""
    from transforms.text import word_starts

    # lists with a word inside another (as a prefix, a suffix, in the middle) and lists without one, whose offsets
    # come in order from the automaton and are not sorted again; words that overlap themselves ('aa' in 'aaa')
    lists = [("grant", "gran", "aid"), ("sent", "present", "ant"), ("aid",), ("é", "ré", "t"),
             ("an", "na", "aa", "x"), ("ban", "an"), ("nab", "na"), ("bana", "an"), ("aa", "ana")]
    pieces = ["grant", "granted", "aid", "said", "sent", "present", "ant", " ", "\n", "é", "ré", "\u2013", "\U0001F600",
              "banana", "aaa", "nab", "x"]
    texts = [t.lower() for t in _texts(pieces, 300, 12)]
    rng = random.Random(13)
    for _ in range(2000):
        low, words = rng.choice(texts[:40] if rng.random() < 0.5 else texts), rng.choice(lists)
        expected = sorted({i for w in words for i in range(len(low)) if low.startswith(w, i)})
        assert word_starts(low, words) == expected, (low, words)
    assert word_starts("granted", ()) == []
