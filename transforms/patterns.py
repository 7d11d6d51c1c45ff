"""Regular expressions built from word lists, shaped so that Python's `re` scans them fast: a list of
phrases as one trie-shaped alternation, and a scan that tries a pattern only where it can start, at a
capital letter.

Both change how fast a pattern runs, never what it matches: the tests in tests/test_organizations.py
compare them with the plain forms they replace.
"""
from __future__ import annotations

import re
from typing import Iterator

_BETWEEN_WORDS = "\x00"  # a trie key that stands for the whitespace between two words of a phrase


def alternation(phrases, between: str | None = r"\s+", casefold: bool = False) -> str:
    """The phrases as one alternation, longest first, with `between` matching the space between words
    (None: the phrases as written, spaces and all).

    Written as a trie ('Univ(?:ersit(?:y|ies)|\\.)'): `re` tries the branches of an alternation one by
    one at every position, so a flat list of 180 words costs 180 tests where the trie costs a few. At each
    node the longer continuation is tried before the phrase that ends there, so the first phrase that
    matches is the longest, as in a flat list sorted longest first. casefold: for a pattern used with
    re.IGNORECASE, where 'Award' and 'award' must be one branch."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for i, word in enumerate(phrase.split() if between is not None else [phrase]):
            if i:
                node = node.setdefault(_BETWEEN_WORDS, {})
            for ch in word.lower() if casefold else word:
                node = node.setdefault(ch, {})
        node[""] = {}  # a phrase ends here
    return _trie_pattern(trie, between)


def _trie_pattern(node: dict, between: str) -> str:
    branches = [(between if key == _BETWEEN_WORDS else re.escape(key)) + _trie_pattern(child, between)
                for key, child in sorted(node.items()) if key]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if "" not in node:
        return body
    return (body if len(branches) > 1 else f"(?:{body})") + "?"


class CapitalStart:
    """A pattern whose every match starts at a capital A-Z, searched for the way `re` searches fast.

    `re` skips ahead to the characters a pattern can start with only when the pattern begins by consuming
    one; a pattern that begins with a look-behind ('not after a letter') or a look-ahead ('a capital
    here') is instead tried at every character. `finder` begins with the capital and re-reads the whole
    pattern from it in a look-ahead (inside a one-character look-behind), so only capitals are tried;
    `finditer` then returns the same matches as `pattern.finditer`, left to right, non-overlapping.

    needs: strings of which every match contains one ('Office' in '<acronym> <city> Office'), or a pattern
    every match contains (one that starts with a literal is searched fast); a text without them is not
    scanned at all, at the cost of a substring test."""

    def __init__(self, pattern: str, flags: int = 0, needs: tuple[str, ...] | re.Pattern = ()):
        self.pattern = re.compile(pattern, flags)
        self._finder = re.compile(rf"[A-Z](?<=(?=(?:{pattern})).)", flags)
        self.needs = needs

    def finditer(self, text: str) -> Iterator[re.Match]:
        if isinstance(self.needs, re.Pattern):
            if not self.needs.search(text):
                return
        elif self.needs and not any(word in text for word in self.needs):
            return
        end = 0
        for candidate in self._finder.finditer(text):
            if candidate.start() >= end:
                m = self.pattern.match(text, candidate.start())
                end = m.end()
                yield m


class CapitalStarts:
    """Several patterns that start at a capital A-Z, searched for in one pass over a text: at each capital
    the pass tries each pattern, and each pattern's `finditer` then returns what `pattern.finditer` would.

    One pass instead of one per pattern: stepping through a text character by character costs about as
    much as trying the patterns where they can start. The last text's starts are kept, so the rules that
    read one document share its pass."""

    def __init__(self, patterns: dict[str, str], flags: int = 0):
        self.patterns = {name: re.compile(p, flags) for name, p in patterns.items()}
        tries = "|".join(f"(?=(?:{_unnamed(p)}))" for p in patterns.values())
        self._finder = re.compile(rf"[A-Z](?<=(?:{tries}).)", flags)
        self._last: tuple[str | None, list[int]] = (None, [])

    def finditer(self, text: str, name: str) -> Iterator[re.Match]:
        last_text, starts = self._last
        if last_text is not text:
            starts = [m.start() for m in self._finder.finditer(text)]
            self._last = (text, starts)  # one assignment: a thread reading it sees a text with its own starts
        pattern, end = self.patterns[name], 0
        for start in starts:
            if start >= end and (m := pattern.match(text, start)):
                end = m.end()
                yield m


def _unnamed(pattern: str) -> str:
    """A pattern's named groups as plain groups, so that several patterns can share one expression."""
    if "(?P=" in pattern:
        raise ValueError("a pattern with a back-reference cannot share a pass")
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)
