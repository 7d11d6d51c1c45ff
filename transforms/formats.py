"""File formats to text: the bytes of a .txt, .md, .html or .pdf file in, its normalised text and metadata out.

Pure: no file access (flows/batches.py reads the bytes). The text returned is the one stored in
documents.text, so every offset the extractors produce refers to it.
"""
from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from transforms.dates import PublicationDate
from transforms.text import UnreadableDocument, decode_bytes, normalize_text


@dataclass(frozen=True)
class ParsedDocument:
    text: str
    title: str | None = None
    published: PublicationDate | None = None  # from the file's metadata (basis 'metadata'), not its text


def parse_document(data: bytes, suffix: str) -> ParsedDocument:
    """Normalised text, title and publication date of one file's bytes; UnreadableDocument says why not."""
    doc = parser_for(suffix)(data)
    if not doc.text.strip():
        raise UnreadableDocument("no text after decoding")
    return doc


def parser_for(suffix: str) -> Callable[[bytes], ParsedDocument]:
    """The parser for a file suffix ('.PDF' as '.pdf'); UnreadableDocument for a type accord does not read."""
    parser = PARSERS.get(suffix.lower())
    if parser is None:
        raise UnreadableDocument(f"unsupported file type {suffix or '(no extension)'!r}: accord reads {', '.join(PARSERS)}")
    return parser


def parse_text(data: bytes) -> ParsedDocument:
    """Plain text: decoded and normalised; title and date are found in the text by the extractors."""
    return ParsedDocument(normalize_text(decode_bytes(data)))


# --- Markdown ---------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)


def parse_markdown(data: bytes) -> ParsedDocument:
    """Markdown rendered by a CommonMark parser and read as text, so markup ('**', '[..](..)') never
    reaches the extractors; title and date from YAML front matter, else the title from the first heading."""
    from markdown_it import MarkdownIt

    front, source = _split_front_matter(decode_bytes(data).lstrip("\ufeff"))
    # CommonMark passes raw HTML through ("<br>", "<!-- -->", a stray "<HTML"): a whole page parses it all.
    root = _html_tree(f"<html><body>{MarkdownIt('commonmark').render(source)}</body></html>")
    if root is None:
        return ParsedDocument("")
    heading = next((h.text_content() for h in root.iter("h1")), None)
    title = front.get("title") or heading
    return ParsedDocument(_block_text(root), _clean_title(title), _metadata_date(front.get("date")))


def _split_front_matter(source: str) -> tuple[dict, str]:
    """The YAML header's values and the Markdown after it."""
    import yaml

    m = _FRONT_MATTER.match(source)
    if not m:
        return {}, source
    try:
        values = yaml.safe_load(m.group(1))
    except yaml.YAMLError:
        values = {}  # a malformed header is not a reason to lose the document
    return values if isinstance(values, dict) else {}, source[m.end():]


# --- HTML -------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers do (WHATWG Encoding Standard): these labels mean Windows-1252, and a page cannot
# declare UTF-16 in a meta tag (that needs a byte-order mark).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def parse_html(data: bytes) -> ParsedDocument:
    """The page's main text (trafilatura: navigation, scripts, footers and comments dropped), with
    title and publication date from its metadata (meta tags, JSON-LD, <time>), never guessed from the body."""
    import trafilatura
    from trafilatura.metadata import extract_metadata

    page = _decode_html(data)
    # trafilatura and htmldate trip over some broken pages (assertions deep in lxml): the page's text is
    # still worth having, so such a failure costs the metadata or the boilerplate removal, not the document.
    try:
        meta = extract_metadata(page, extensive=False)
        title, published = _clean_title(meta.title), _metadata_date(meta.date)
    except Exception:
        title = published = None
    try:
        body = trafilatura.extract(
            page, include_comments=False, include_tables=True, include_images=False, deduplicate=False,
            prune_xpath=_NAVIGATION,  # trafilatura keeps menus when a page is too short to tell them from content
        )
    except Exception:
        body = None
    if body:
        # trafilatura puts one block per line; a blank line between blocks keeps a headline out of
        # the first sentence, as in the plain-text documents.
        text = re.sub(r"\n+", "\n\n", normalize_text(body))
    else:
        text = _page_text(page)  # too little for trafilatura to call it an article: take the page's text
    if not text.strip():
        raise UnreadableDocument("HTML page has no text (only markup, scripts or navigation)")
    return ParsedDocument(text, title, published)


_NAVIGATION = ["//nav", "//*[@role='navigation']"]


def _decode_html(data: bytes) -> str:
    """A page's text by the charset it declares, else by the same detection as plain text."""
    if m := _META_CHARSET.search(data[:4096]):
        label = m.group(1).decode("ascii").lower()
        codec = _CHARSET_ALIASES.get(label, label)
        try:
            if not codecs.lookup(codec).name.startswith("utf-16") and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
                return data.removeprefix(b"\xef\xbb\xbf").decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # an unknown or wrong declaration: detect instead
    return decode_bytes(data)


def _page_text(page: str) -> str:
    root = _html_tree(page)
    return _block_text(root) if root is not None else ""


def _html_tree(markup: str):
    """The lxml tree of a page, None when it holds nothing to parse. Given as UTF-8 bytes, since lxml
    refuses a str that starts with an XML encoding declaration (as XHTML pages do)."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        return lxml_html.document_fromstring(markup.encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except etree.ParserError:
        return None


# Content that is never the document's text.
_SKIPPED_TAGS = {
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "option", "menu",
}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "tr", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "hr", "address", "caption",
    "details", "summary",
}


def _block_text(root) -> str:
    """Text of an HTML tree: blocks separated by a blank line, <br> as a line end, other whitespace
    collapsed as a browser shows it (except in <pre>). Iterative, so deep nesting cannot overflow."""
    from lxml import etree

    # iterwalk gives no events for comments and processing instructions, so their tails (text that
    # follows them) would be lost: take them out of the tree, leaving their tails in place.
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    parts: list[str] = []
    skipping = preformatted = 0

    def add(s: str | None) -> None:
        if s:
            parts.append(s if preformatted else re.sub(r"\s+", " ", s))

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower()
        if event == "start":
            if skipping or tag in _SKIPPED_TAGS or el.get("role") == "navigation":
                skipping += 1
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            elif tag == "br":
                parts.append("\n")
            elif tag in ("td", "th"):
                parts.append(" ")
            preformatted += tag == "pre"
            add(el.text)
        else:
            if skipping:
                skipping -= 1
                if not skipping and el is not root:
                    add(el.tail)
                continue
            preformatted -= tag == "pre"
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
            if el is not root:
                add(el.tail)
    text = normalize_text("".join(parts))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text)


# --- PDF --------------------------------------------------------------------------------------------

# Titles that PDF producers write for the file rather than the document.
_FILE_TITLE = re.compile(r"^(?:microsoft (?:word|powerpoint) - |untitled\b)|\.(?:docx?|pdf|rtf|odt|pptx?|indd|tex)$", re.IGNORECASE)


def parse_pdf(data: bytes) -> ParsedDocument:
    """The text layer of every page (pypdf), pages separated by a blank line, and the title from the
    document information. A PDF without a text layer (a scan) is rejected: this pipeline does no OCR."""
    from pypdf import PdfReader

    if b"%PDF-" not in data[:1024]:
        raise UnreadableDocument("not a PDF file (no %PDF header)")
    if b"%%EOF" not in data[-2048:]:
        # pypdf can rebuild a cut-off file and return some pages: that would load part of a document as if whole.
        raise UnreadableDocument("truncated PDF (no %%EOF marker at the end)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument("encrypted PDF: it needs a password")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = info.title if (info := reader.metadata) is not None else None
    except UnreadableDocument:
        raise
    except Exception as e:  # pypdf meets damaged files with many kinds of error (KeyError, loops, bad streams)
        raise UnreadableDocument(f"damaged PDF: {e or type(e).__name__}") from None
    if not pages:
        raise UnreadableDocument("damaged PDF: no pages")
    text = re.sub(r"\n{3,}", "\n\n", normalize_text("\n\n".join(normalize_text(p) for p in pages)))
    if not text.strip():
        raise UnreadableDocument(f"PDF has no text layer ({len(pages)} page(s), probably scanned images); OCR is not attempted")
    return ParsedDocument(text, None if title is None or _FILE_TITLE.search(title.strip()) else _clean_title(title))


# --- metadata ---------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _metadata_date(value: object) -> PublicationDate | None:
    """A date from metadata ('2023-07-20', '2023-07', a YAML date) with its precision."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PublicationDate(value, "day", "metadata")
    m = _ISO_DATE.match(str(value or "").strip())
    if not m:
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return PublicationDate(date, "day" if m.group(3) else "month" if m.group(2) else "year", "metadata")


def _clean_title(title: object) -> str | None:
    text = re.sub(r"\s+", " ", normalize_text(str(title))).strip() if title else ""
    return text or None


PARSERS: dict[str, Callable[[bytes], ParsedDocument]] = {
    ".txt": parse_text, ".text": parse_text,
    ".md": parse_markdown, ".markdown": parse_markdown,
    ".html": parse_html, ".htm": parse_html, ".xhtml": parse_html,
    ".pdf": parse_pdf,
}
