"""Text normalisation and sentence splitting: the text every offset in the warehouse refers to."""
from __future__ import annotations

import bisect
import codecs
import hashlib
import re
import threading
import unicodedata
from functools import lru_cache

import ahocorasick

# Characters that mean the same to a reader but break patterns: odd spaces, curly quotes,
# full-width forms (Japanese sources), zero-width marks.
_TRANSLATE = {
    0x00A0: " ", 0x1680: " ", 0x202F: " ", 0x205F: " ", 0x3000: " ", **{cp: " " for cp in range(0x2000, 0x200B)},
    0x2018: "'", 0x2019: "'", 0x201A: "'", 0x201B: "'", 0x2032: "'",
    0x201C: '"', 0x201D: '"', 0x201E: '"', 0x201F: '"', 0x2033: '"',
    0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None, 0x00AD: None,
    0xFFE5: "¥", 0xFFE1: "£", 0xFFE0: "¢", 0xFF04: "$",
}
_TRANSLATE.update({cp: chr(cp - 0xFEE0) for cp in range(0xFF01, 0xFF5F) if cp not in _TRANSLATE})
# Other control characters carry no text (debris of binary formats, PDF text layers, legacy
# encodings) and only break patterns; line and page separators become line ends.
_TRANSLATE.update({cp: None for cp in (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0))})
_TRANSLATE.update({0x0B: "\n", 0x0C: "\n", 0x85: "\n", 0x2028: "\n", 0x2029: "\n"})


_SURROGATE = re.compile("[\ud800-\udfff]")
# a run of blanks is tried from its first character only: tried from each, a long run is quadratic
_TRAILING_BLANKS = re.compile(r"(?<![ \t])[ \t]+\n")


def normalize_text(raw: str) -> str:
    """NFC, one kind of space and quote, ASCII digits, \\n line ends, no control characters, unpaired
    surrogates or trailing blanks."""
    if _SURROGATE.search(raw):
        raw = drop_surrogates(raw)
    # NFC after the translation: dropping a zero-width mark can bring a letter and its accent together.
    text = unicodedata.normalize("NFC", raw.translate(_TRANSLATE))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TRAILING_BLANKS.sub("\n", text)
    return text.strip("\n ")


def drop_surrogates(text: str) -> str:
    """A pair of surrogates joined into the character it encodes, a lone one dropped: surrogates come from
    bytes decoded with surrogateescape (command lines, file names) or JSON escapes, and no UTF-8 writer
    (Parquet, a terminal) accepts them."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")


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
# The alternatives that start with blanks start only where a run of blanks starts (or at a line end):
# tried from every blank of a long run of spaces and tabs, each would rescan the run, which is quadratic.
# So every alternative starts right after an end mark or where a run of blanks before a line end starts;
# said up front, the engine leaves every other position at once (twice as fast, the same matches).
_SENTENCE_END = re.compile(
    r"""(?:(?<=[.!?:;])|(?<![ \t])(?=[ \t]*+\n))(?:"""
    r"""(?<=[.!?])["')\]]*+[ \t]++(?=["'(\[]?[A-Z0-9])"""  # end mark, then a capitalised start
    r"""|(?<=[a-z0-9)]\.)(?=[A-Z][a-z]{2,}\s)"""  # a missing space: "till 2016.The second ..."
    r"""|(?<![ \t])[ \t]*+\n[ \t]*+\n\s*+"""  # blank line
    r"""|(?<=[.:;!?])[ \t]*+\n\s*+"""  # line ending in punctuation
    r"""|(?<![ \t])[ \t]*+\n(?=[ \t]*+(?:[-•*▪◦]|\d{1,2}[.)]\s|\(?[ivx]{1,4}[.)]\s))"""  # a list item starts
    r")"
)


_WORD_BEFORE_POINT = re.compile(r"([\w.'/,]+)\.$")
_INITIALS = re.compile(r"[a-z]|(?:[a-z]\.)+[a-z]")  # 'j', 'u.s.a': a letter and its point do not end a sentence
_NOT_BLANK = re.compile(r"\S")


_END_MARK_OR_LINE_END = re.compile(r"[.!?:;\n]")
_END_MARKS = tuple(".!?:;\n")


def _sentence_ends(text: str):
    """`_SENTENCE_END.finditer(text)`, the engine started only where a match can start: right after an end mark,
    and where the blanks before a line end start. Found with a character class, these are a few in a hundred
    positions, and the engine is not entered at the others (a third of the time of a scan)."""
    end = tried = -1
    low = caseless(text)
    # the marks from the word automaton's pass, which the later stages share (a scan of its own cost a percent)
    marks = [m.start() for m in _END_MARK_OR_LINE_END.finditer(text)] if low is None else word_starts(low, _END_MARKS)
    for mark in marks:
        at = mark + 1
        if text[mark] == "\n":
            at -= 1
            while at > 0 and text[at - 1] in " \t":
                at -= 1
        if at < end or at == tried:
            continue
        tried = at
        if m := _SENTENCE_END.match(text, at):
            yield m
            end = m.end()


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; abbreviations and initials do not end a sentence."""
    spans, start = [], 0
    for m in _sentence_ends(text):
        if "\n\n" in m.group() and _wrapped(text, m.start(), m.end()):
            continue
        if m.start() > 0 and text[m.start() - 1] == "." and "\n" not in m.group():
            word = _WORD_BEFORE_POINT.search(text[max(0, m.start() - 12):m.start()])
            token = word.group(1).lower() if word else ""
            if token in _ABBREVIATIONS or _INITIALS.fullmatch(token):
                continue
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if _NOT_BLANK.search(text, s, e)]


_ENDS_SENTENCE = re.compile(r"[.:;!?\"')\]]\s*$")
_LIST_ITEM = re.compile(r"\s*(?:[-•*▪◦]|\d{1,2}[.)]\s)")


def _wrapped(text: str, end: int, next_start: int) -> bool:
    """A blank line inside a sentence (text extracted from PDFs and web pages): the line before it is long
    and ends mid-sentence, and the next one does not start a list item."""
    line = text[text.rfind("\n", 0, end) + 1:end]
    return len(line) > 90 and not _ENDS_SENTENCE.search(line) and not _LIST_ITEM.match(text[next_start:next_start + 4])


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


_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),  # before UTF-16: same first two bytes
    (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
_MAGIC = (
    (b"%PDF-", "a PDF document"), (b"PK\x03\x04", "a ZIP archive or Office file"), (b"\xd0\xcf\x11\xe0", "an old Office file"),
    (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"), (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "an executable"), (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf4][\x80-\xbf]{3}"
)


def _stray_bytes_as_cp1252(err: UnicodeDecodeError) -> tuple[str, int]:
    return err.object[err.start:err.end].decode("cp1252", errors="replace"), err.end


codecs.register_error("accord.cp1252", _stray_bytes_as_cp1252)


def decode_bytes(data: bytes) -> str:
    """Bytes to str: BOMs, UTF-16 without BOM, UTF-8, Windows-1252 (and Latin-1), then charset detection."""
    if not data.strip():
        raise UnreadableDocument("empty file")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise UnreadableDocument(f"binary file ({kind}), not text")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _text_only(_decode_strict(data, codec, f"{codec.upper()} despite its byte-order mark"))
    data = data.removeprefix(b"\xef\xbb\xbf")
    head = data[:4096]
    if b"\x00" in head:
        if (utf16 := _utf16_without_bom(data)) is not None:
            return _text_only(utf16)
        if head.count(0) > _STRAY_CONTROLS:
            raise UnreadableDocument("binary file (NUL bytes), not text")
        # a stray NUL or two (a copy-paste, a bad editor) in an otherwise ordinary text: read it
    return _text_only(_utf8(data) or _cp1252(data) or _detected(data))


def _decode_strict(data: bytes, codec: str, what: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        raise UnreadableDocument(f"not valid {what}: {e.reason} at byte {e.start:,}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """Latin-script UTF-16 has a NUL in every other byte; None when the NULs are not in that pattern."""
    head = data[:4096]
    half = max(1, len(head) // 2)
    nul_odd, nul_even = head[1::2].count(0), head[0::2].count(0)
    if nul_odd > 0.3 * half and nul_even < 0.05 * half:
        return _decode_strict(data, "utf-16-le", "UTF-16")
    if nul_even > 0.3 * half and nul_odd < 0.05 * half:
        return _decode_strict(data, "utf-16-be", "UTF-16")
    return None


def _utf8(data: bytes) -> str | None:
    """UTF-8; a page pasted together from UTF-8 and Windows-1252 (common on the web) keeps its UTF-8
    and reads the stray bytes as Windows-1252, rather than being misread as one legacy encoding."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    sequences = _UTF8_SEQUENCE.findall(data)
    stray = len(data.translate(None, bytes(range(0x80)))) - sum(map(len, sequences))
    return data.decode("utf-8", errors="accord.cp1252") if sequences and stray <= len(sequences) else None


def _cp1252(data: bytes) -> str | None:
    """Windows-1252 when it reads cleanly. Short texts fit many code pages equally well and detectors
    guess among them (cp775, cp1250); for English-language reports Windows-1252 is the likely one,
    and Latin-1 is read the same way (as browsers do: its 0x80-0x9F controls never occur in text)."""
    from charset_normalizer import from_bytes

    match = from_bytes(data, cp_isolation=["cp1252"], threshold=0.1).best()
    return str(match) if match is not None else None


def _detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableDocument("binary or unknown encoding: no text encoding fits the bytes")
    return str(best)


_STRAY_CONTROLS = 3  # a text may hold a few control characters (a stray ^Z or NUL); more, and it is binary
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # control characters (Cc) other than tabs and line breaks


def _text_only(text: str) -> str:
    """Decoded binary data is full of control characters; text has almost none (a stray ^Z at most)."""
    controls = len(_CONTROL.findall(text))
    if controls > _STRAY_CONTROLS and controls > 0.05 * len(text):
        raise UnreadableDocument("binary file (control characters), not text")
    return text


# The characters outside ASCII that a pattern's ASCII letters match under re.IGNORECASE ('İ', 'ı', 'ſ' and the
# Kelvin sign; tests/test_sentences.py checks the list against the engine). A text without them finds every
# case-insensitive match of ASCII words in its lower-case form, at the same offsets.
FOLDS_TO_ASCII_LETTERS = "\u0130\u0131\u017f\u212a"


@lru_cache(maxsize=4)
def caseless(text: str) -> str | None:
    """The lower-case form of a text, in which a case-insensitive pattern of ASCII words matches where it matches
    in the text (the same offsets); None when some character would not (one whose lower case is longer, or one
    of FOLDS_TO_ASCII_LETTERS). Cached: the stages of one document ask for it several times."""
    low = text.lower()
    if len(low) != len(text) or (not text.isascii() and any(ch in text for ch in FOLDS_TO_ASCII_LETTERS)):
        return None
    return low


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4)
def digits_are_ascii(text: str) -> bool:
    """Whether every decimal digit in the text (what re's \\d matches, Unicode category Nd) is one of 0-9, so that
    the digits word_starts finds are all of them. Cached: the stages of one document ask for it several times."""
    return text.isascii() or not any(ch.isdecimal() for ch in set(_NOT_ASCII.findall(text)))


def finditer_from(pattern: re.Pattern, text: str, starts: tuple[str, ...]):
    """`pattern.finditer(text)` for a pattern each match of which is non-empty and starts with one of `starts`
    (lower case, ASCII): the engine is started only where one of them occurs, found by str.find (C speed),
    instead of being tried at every position of the text, which costs most of a scan for a few words."""
    low = caseless(text)
    if low is None:
        yield from pattern.finditer(text)  # offsets of the lower-case form would not be those of the text
        return
    end = 0
    for at in word_starts(low, starts):
        if at >= end and (m := pattern.match(text, at)):
            yield m
            end = m.end()


def word_starts(low: str, words: tuple[str, ...]) -> list[int]:
    """Sorted offsets, each once, where any of the lower-case `words` starts in a lower-cased text.

    One pass of an Aho-Corasick automaton finds the words of every list ever asked for (the stages of one
    document ask for six, 130 words) and sorts each hit into the lists that hold its word; the last text's
    lists are kept for the stages that ask next. A str.find per word scanned each text 130 times."""
    words = tuple(words)
    if not words:
        return []
    return _AUTOMATON.starts(low, words)


class _WordAutomaton:
    """The automaton of every word list word_starts was asked for, rebuilt when a list is new (once per list and
    process), and the offsets of each list in the last text it read."""

    def __init__(self):
        # list -> its number, and whether its offsets come from the automaton in order and once each: when no
        # word of the list is inside another (two hits at one offset, or one ending later but starting earlier,
        # each need a word inside another), the offsets need no set and no sort
        self.lists: dict[tuple[str, ...], tuple[int, bool]] = {}
        self.automaton: ahocorasick.Automaton | None = None
        self.last: tuple[str | None, ahocorasick.Automaton | None, list[list[int]]] = (None, None, [])
        self._lock = threading.Lock()

    def starts(self, low: str, words: tuple[str, ...]) -> list[int]:
        if words not in self.lists:
            self._add(words)
        automaton, (number, in_order) = self.automaton, self.lists[words]
        last_text, last_automaton, found = self.last
        if last_text is not low or last_automaton is not automaton:
            found = [[] for _ in self.lists]
            for end, (length, numbers) in automaton.iter(low):
                for n in numbers:
                    found[n].append(end - length + 1)
            self.last = (low, automaton, found)  # one assignment: a thread reading it sees a text with its own offsets
        at = found[number]
        return list(at) if in_order or len(at) < 2 else sorted(set(at))

    def _add(self, words: tuple[str, ...]) -> None:
        with self._lock:
            if words in self.lists:
                return
            distinct = set(words)
            in_order = not any(a != b and a in b for a in distinct for b in distinct)
            lists = {**self.lists, words: (len(self.lists), in_order)}
            numbers: dict[str, list[int]] = {}
            for ws, (n, _) in lists.items():
                for w in set(ws):
                    numbers.setdefault(w, []).append(n)
            automaton = ahocorasick.Automaton()
            for word, ns in numbers.items():
                automaton.add_word(word, (len(word), tuple(ns)))
            automaton.make_automaton()
            self.automaton, self.lists = automaton, lists


_AUTOMATON = _WordAutomaton()
