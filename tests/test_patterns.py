"""transforms/patterns.py: the fast shapes of a pattern match exactly what the plain shapes match."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.patterns import CapitalStart, CapitalStarts, alternation

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

# words that share beginnings, a phrase inside a longer one, and one that differs only by case
PHRASES = ["Institute", "Institut", "Inst.", "Institutes", "Research Institute", "Research", "Board", "Board of Trade",
           "Co", "Council", "Co-op", "National Research Council", "research"]
PIECES = PHRASES + [" ", "  ", "\n", "\t", ",", ".", "-", "of", "the", "Xylo", "a", "(", ")", "Trade", "Nat"]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


def flat(phrases, between=r"\s+") -> str:
    """The plain form: every phrase in one list, longest first."""
    return "|".join(between.join(map(re.escape, p.split())) for p in sorted(set(phrases), key=len, reverse=True))


def found(pattern: re.Pattern | CapitalStart, text: str) -> list[tuple]:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_trie_alternation_matches_what_a_longest_first_list_matches(text):
    for context in (r"(?<![\w])(?:{})(?![\w])", r"(?:{})", r"\b(?:{})(?:\s+of\s+[A-Z]\w+)?"):
        assert found(re.compile(context.format(alternation(PHRASES))), text) == found(re.compile(context.format(flat(PHRASES))), text)
    any_case = re.compile(rf"(?i:{alternation(PHRASES, casefold=True)})\b")
    assert found(any_case, text) == found(re.compile(rf"(?i:{flat(PHRASES)})\b"), text)
    as_written = re.compile(alternation(["Co op", "Co  op", "Co"], between=None))
    assert found(as_written, text + "Co  op") == found(re.compile(r"Co\ \ op|Co\ op|Co"), text + "Co  op")


def test_a_trie_alternation_prefers_the_longest_phrase():
    assert re.match(alternation(["Board", "Board of Trade"]), "Board of Trade").group() == "Board of Trade"
    assert re.match(rf"(?:{alternation(['Board', 'Board of Trade'])})(?![\w])", "Board of Tradesmen").group() == "Board"
    assert re.match(rf"(?:{alternation(['Institut', 'Institute'])})(?![\w])", "Institute").group() == "Institute"
    assert re.match(rf"(?:{alternation(['Institut', 'Institute'])})(?![\w])", "Institut ").group() == "Institut"


STARTING_AT_CAPITALS = [
    r"(?<![\w])(?=[A-Z])(?P<head>[A-Z]\w*)(?:[ \t]+(?P<tail>[A-Z]\w*)){0,2}",  # capitalised runs, overlapping candidates
    r"\b(?P<acr>[A-Z][A-Za-z]{1,5})\s*\((?P<long>[A-Z][^()\n]{0,20}?)\)",  # an acronym and its long form
    rf"(?<![\w-])(?=[A-Z])(?:{alternation(PHRASES)})(?![\w])",
]


@settings(max_examples=300, deadline=None)
@given(texts)
def test_a_capital_start_scan_finds_what_the_plain_pattern_finds(text):
    for pattern in STARTING_AT_CAPITALS:
        assert found(CapitalStart(pattern), text) == found(re.compile(pattern), text)
        both = CapitalStarts({"a": pattern, "b": STARTING_AT_CAPITALS[0]})
        assert found(_Named(both, "a"), text) == found(re.compile(pattern), text)
        assert found(_Named(both, "b"), text) == found(re.compile(STARTING_AT_CAPITALS[0]), text)


class _Named:
    """One pattern of a CapitalStarts, with a finditer(text) like a compiled pattern's."""

    def __init__(self, starts: CapitalStarts, name: str):
        self.starts, self.name = starts, name

    def finditer(self, text):
        return self.starts.finditer(text, self.name)


def test_a_shared_pass_is_kept_for_one_text_only():
    """Two texts in turn, one a copy of the other's words: each gets its own starts, never the other's."""
    starts = CapitalStarts({"name": r"(?<![\w])(?=[A-Z])[A-Z]\w+"})
    first, second = "Alpha met Beta.", "then Gamma met Delta and Epsilon."
    assert [m.group() for m in starts.finditer(first, "name")] == ["Alpha", "Beta"]
    assert [m.group() for m in starts.finditer(second, "name")] == ["Gamma", "Delta", "Epsilon"]
    assert [m.group() for m in starts.finditer(first, "name")] == ["Alpha", "Beta"]


def test_a_scan_with_needs_skips_only_texts_that_cannot_match():
    office = CapitalStart(r"(?<![\w-])(?P<acr>[A-Z]{2,5})[ \t]+(?P<where>[A-Z]\w+)[ \t]+(?:Office|Bureau)\b", needs=("Office", "Bureau"))
    assert [m.group("acr") for m in office.finditer("The ABC Ruritania Office and the XYZ Lima Bureau.")] == ["ABC", "XYZ"]
    assert list(office.finditer("The ABC Ruritania office opened.")) == []
    comma_a = CapitalStart(r"\b(?P<name>[A-Z]\w+),\s+an?\s+firm", needs=re.compile(r",\s+an?\s"))
    assert [m.group("name") for m in comma_a.finditer("Acme,\n  a firm, and Zeta, an firm")] == ["Acme", "Zeta"]
    assert list(comma_a.finditer("Acme, the firm")) == []


def test_a_pattern_with_a_back_reference_cannot_share_a_pass():
    with pytest.raises(ValueError):
        CapitalStarts({"repeat": r"(?P<w>[A-Z]\w+) (?P=w)"})
