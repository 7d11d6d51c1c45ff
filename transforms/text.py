"""Text normalisation and sentence splitting: the text every offset in the warehouse refers to."""
from __future__ import annotations

import bisect
import hashlib
import re
import unicodedata

# Characters that mean the same to a reader but break patterns: odd spaces, curly quotes,
# full-width forms (Japanese sources), zero-width marks.
_TRANSLATE = {
    0x00A0: " ", 0x2007: " ", 0x2009: " ", 0x202F: " ", 0x200A: " ", 0x3000: " ",
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"', 0x2033: '"',
    0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None, 0x00AD: None,
    0xFFE5: "¥", 0xFFE1: "£", 0xFFE0: "¢", 0xFF04: "$",
}
_TRANSLATE.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if cp not in _TRANSLATE})


def normalize_text(raw: str) -> str:
    """NFC, one kind of space and quote, ASCII digits, \\n line ends, no trailing blanks."""
    text = unicodedata.normalize("NFC", raw).translate(_TRANSLATE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    return text.strip("\n ")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stable_id(*parts: object) -> str:
    """A short deterministic id from its parts: the same input always gives the same id."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]


_ABBREVIATIONS = {
    "prof", "dr", "mr", "mrs", "ms", "no", "nos", "approx", "rs", "st", "govt", "univ", "agri", "e.g", "i.e",
    "h.e", "u.s", "u.k", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "inc", "ltd", "co", "vs", "viz", "f.y", "hon", "honb'le", "smt", "sh", "fig", "art", "para", "dept", "corp",
    "jr", "sr", "est", "vol", "p.m", "a.m", "no.s", "m/o", "gen", "lt", "col", "capt", "etc.,",
}
_SENTENCE_END = re.compile(
    r"""(?<=[.!?])["')\]]*[ \t]+(?=["'(\[]?[A-Z0-9])"""  # end mark, then a capitalised start
    r"""|(?<=[a-z0-9)]\.)(?=[A-Z][a-z]{2,}\s)"""  # a missing space: "till 2016.The second ..."
    r"""|[ \t]*\n[ \t]*\n\s*"""  # blank line
    r"""|(?<=[.:;!?])[ \t]*\n\s*"""  # line ending in punctuation
    r"""|[ \t]*\n(?=[ \t]*(?:[-•*▪◦]|\d{1,2}[.)]\s|\(?[ivx]{1,4}[.)]\s))"""  # a list item starts
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; abbreviations and initials do not end a sentence."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if "\n\n" in m.group() and _wrapped(text, m.start(), m.end()):
            continue
        if m.start() > 0 and text[m.start() - 1] == "." and "\n" not in m.group():
            word = re.search(r"([\w.'/,]+)\.$", text[max(0, m.start() - 12):m.start()])
            token = word.group(1).lower() if word else ""
            if token in _ABBREVIATIONS or re.fullmatch(r"[a-z]", token) or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token):
                continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _wrapped(text: str, end: int, next_start: int) -> bool:
    """A blank line inside a sentence (text extracted from PDFs and web pages): the line before it is long
    and ends mid-sentence, and the next one does not start a list item."""
    line = text[text.rfind("\n", 0, end) + 1:end]
    return len(line) > 90 and not re.search(r"[.:;!?\"')\]]\s*$", line) and not re.match(r"\s*(?:[-•*▪◦]|\d{1,2}[.)]\s)", text[next_start:next_start + 4])


class Sentences:
    """Finds the sentence around an offset in O(log n)."""

    def __init__(self, text: str):
        self.text = text
        self.spans = sentence_spans(text) or [(0, len(text))]
        self._starts = [s for s, _ in self.spans]

    def index(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def span_at(self, offset: int) -> tuple[int, int]:
        return self.spans[self.index(offset)]

    def at(self, offset: int) -> str:
        s, e = self.span_at(offset)
        return self.text[s:e]


def count_words(text: str) -> int:
    return len(text.split())


class UnreadableDocument(ValueError):
    """A file that cannot be turned into text; the message says why."""


def decode_bytes(data: bytes) -> str:
    """Bytes to str: BOMs, UTF-8, UTF-16, then charset detection for legacy encodings (cp1252, latin-1)."""
    if not data.strip():
        raise UnreadableDocument("empty file")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and not re.search(rb"(?:[\x20-\x7e]\x00){8}|(?:\x00[\x20-\x7e]){8}", data[:4096]):
        raise UnreadableDocument("binary file (NUL bytes), not a text document")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableDocument("binary or unknown encoding: no text encoding fits the bytes")
    return str(best)
