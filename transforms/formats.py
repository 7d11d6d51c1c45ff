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


# Limits on what a parser may make of a file's bytes, so that a small file cannot expand into a large
# one (a YAML "billion laughs", a PDF of compressed streams) or hide its text below a nesting limit.
MAX_FRONT_MATTER_CHARS = 65_536  # YAML headers are a few lines; a larger one is not metadata
MAX_FRONT_MATTER_DEPTH = 20  # nested mappings and lists in a YAML header
MAX_TITLE_CHARS = 1_000  # a longer "title" is a paragraph or an attack, not a title
MAX_MARKDOWN_NESTING = 100  # markdown-it drops (silently) what lies deeper; a file that deep is refused
HTML_DEPTH_LIMIT = 256  # libxml2's default: deeper elements are dropped, with everything after them


def parse_document(data: bytes, suffix: str, max_chars: int | None = None) -> ParsedDocument:
    """Normalised text, title and publication date of one file's bytes; UnreadableDocument says why not.
    max_chars bounds the text the parser makes (decompressed PDF streams, decoded entities), as the file's
    size is bounded by its bytes."""
    parser = parser_for(suffix)
    doc = parser(data, max_chars) if parser is parse_pdf else parser(data)
    if max_chars is not None and len(doc.text) > max_chars:
        raise UnreadableDocument(f"text after parsing is {len(doc.text):,} characters, over the limit of {max_chars:,}")
    if doc.title is not None and len(doc.title) > MAX_TITLE_CHARS:
        raise UnreadableDocument(f"title is {len(doc.title):,} characters, over the limit of {MAX_TITLE_CHARS:,}")
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
    md = MarkdownIt("commonmark", {"maxNesting": MAX_MARKDOWN_NESTING})
    tokens = md.parse(source)
    if max((t.level for t in tokens), default=0) >= MAX_MARKDOWN_NESTING - 1:
        raise UnreadableDocument(f"Markdown nested {MAX_MARKDOWN_NESTING} levels deep or more: the text below that level cannot be read")
    # CommonMark passes raw HTML through ("<br>", "<!-- -->", a stray "<HTML"): a whole page parses it all.
    root = _html_tree(f"<html><body>{md.renderer.render(tokens, md.options, {})}</body></html>")
    if root is None:
        return ParsedDocument("")
    heading = next((h.text_content() for h in root.iter("h1")), None)
    title = front.get("title")
    title = title if isinstance(title, (str, int, float)) else None  # a list or mapping is not a title
    return ParsedDocument(_block_text(root), _clean_title(title or heading), _metadata_date(front.get("date")))


def _split_front_matter(source: str) -> tuple[dict, str]:
    """The YAML header's values and the Markdown after it."""
    import yaml

    m = _FRONT_MATTER.match(source)
    if not m:
        return {}, source
    header = m.group(1)
    if len(header) > MAX_FRONT_MATTER_CHARS:
        raise UnreadableDocument(f"YAML front matter is {len(header):,} characters, over the limit of {MAX_FRONT_MATTER_CHARS:,}")
    try:
        _check_yaml_shape(header)
        values = yaml.safe_load(header)
    except yaml.YAMLError:
        values = {}  # a malformed header is not a reason to lose the document
    return values if isinstance(values, dict) else {}, source[m.end():]


def _check_yaml_shape(header: str) -> None:
    """Refuse aliases (a few nested ones expand a 500-byte header into gigabytes: a "billion laughs")
    and deep nesting, from the parser's events, before anything is built."""
    import yaml

    depth = 0
    for event in yaml.parse(header, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            raise UnreadableDocument(f"YAML front matter uses an alias (*{event.anchor}): refused, aliases can expand without bound")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                raise UnreadableDocument(f"YAML front matter nested deeper than {MAX_FRONT_MATTER_DEPTH} levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1


# --- HTML -------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What browsers do (WHATWG Encoding Standard): these labels mean Windows-1252, and a page cannot
# declare UTF-16 in a meta tag (that needs a byte-order mark).
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def parse_html(data: bytes) -> ParsedDocument:
    """The page's text: every block of its body in order (headings, paragraphs, lists, tables, plain <div>s, the
    page's <header>, <footer> and <aside>), without scripts, forms or navigation;
    title and publication date from its metadata (meta tags, JSON-LD, <time>), never guessed from the body.

    A boilerplate remover (trafilatura's extract) kept only what it took for the article: on a page of plain
    <div>s it dropped the headings, the lists and the date line, and always the header and footer, where a page
    names its publisher; the gold rules count all of it as the document."""
    from trafilatura.metadata import extract_metadata

    page = _decode_html(data)
    # trafilatura and htmldate trip over some broken pages (assertions deep in lxml): the page's text is
    # still worth having, so such a failure costs the metadata, not the document.
    title = published = None
    if not _too_deep(page):  # libxml2's default parser (trafilatura's) would drop what lies below its depth limit
        try:
            meta = extract_metadata(page, extensive=False)
            title, published = _clean_title(meta.title), _headline_time(page) or _metadata_date(meta.date)
        except Exception:
            title = published = None
    root = _html_tree(_source_lines_joined(page))
    text = _block_text(root, page_frame=True) if root is not None else ""
    if not text.strip():
        raise UnreadableDocument("HTML page has no text (only markup, scripts or navigation)")
    return ParsedDocument(text, title, published)


# what a <time> element's own words or the words just before it say when it is an edit, not the publication
_EDIT_WORDS = re.compile(r"updat|modif|revis|edit", re.IGNORECASE)
_PROSE_WORDS = 8  # a paragraph this long has begun the body: a <time> after it dates an event, not the page


def _headline_time(page: str) -> PublicationDate | None:
    """The date of the first <time datetime> element of the page's head, before any paragraph of prose and
    outside footers, navigation and sidebars: the date a page shows its readers under the title. htmldate
    (through trafilatura) prefers a footer's 'Last updated: ...', a later edit, to it."""
    if "<time" not in page.lower():
        return None
    root = _html_tree(page)
    if root is None:
        return None
    for el in root.iter("time", "p"):
        if el.tag == "p":
            if len(el.text_content().split()) >= _PROSE_WORDS and not el.xpath(".//time"):
                return None
            continue
        if not el.get("datetime") or el.xpath("ancestor::footer|ancestor::nav|ancestor::aside"):
            continue
        said = " ".join((el.get("class") or "", el.get("itemprop") or "", el.xpath("string(preceding-sibling::node()[1])")[-40:]))
        if _EDIT_WORDS.search(said):
            continue
        return _metadata_date(el.get("datetime"))
    return None


_PREFORMATTED = re.compile(r"(<(?:pre|textarea)\b.*?</(?:pre|textarea)\s*>)", re.IGNORECASE | re.DOTALL)


def _source_lines_joined(page: str) -> str:
    """The page with the line ends of its source as spaces, as a browser shows them ('about 8\nvisiting fellows' in
    a <p> is one line), except in <pre>: trafilatura keeps them, and its text, one block per line, cannot tell
    them from the breaks between blocks. The blocks, and a <br> before a capital, still end lines."""
    parts = _PREFORMATTED.split(page)
    return "".join(part if i % 2 else _WRAPPING_BREAK.sub(" ", part.replace("\r\n", " ").replace("\n", " ").replace("\r", " "))
                   for i, part in enumerate(parts))


# a <br> before a word in lower case wraps a line of one phrase ('Embassy of Chile<br>in Hanoi', 'eight (8)<br>fellowships')
_WRAPPING_BREAK = re.compile(r"<br\s*/?>\s*(?=(?-i:[a-z]))", re.IGNORECASE)



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


def _html_tree(markup: str):
    """The lxml tree of a page, None when it holds nothing to parse. Given as UTF-8 bytes, since lxml
    refuses a str that starts with an XML encoding declaration (as XHTML pages do). Parsed with libxml2's
    huge-tree option, which raises its depth limit from 256 to 2,048; a page deeper still is refused,
    since libxml2 would drop its text without a word."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8", huge_tree=True)
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except etree.ParserError:
        root = None
    if _depth_error(parser):
        raise UnreadableDocument("HTML nested deeper than 2,048 levels: the text below that level cannot be read")
    return root


def _too_deep(page: str) -> bool:
    """Whether libxml2's default parser (as trafilatura uses it) would cut the page at HTML_DEPTH_LIMIT."""
    from lxml import etree
    from lxml import html as lxml_html

    parser = lxml_html.HTMLParser(encoding="utf-8")
    try:
        lxml_html.document_fromstring(page.encode("utf-8"), parser=parser)
    except etree.ParserError:
        return False
    return _depth_error(parser)


def _depth_error(parser) -> bool:
    return any("Excessive depth" in e.message for e in parser.error_log)


# Content that is never the document's text.
_SKIPPED_TAGS = {
    "head", "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "option", "menu",
}
# A page's frame: the publisher's name and address, contacts, a fact box, its links (the gold rules count them).
_FRAME_TAGS = {"header", "footer", "aside"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "table", "tr", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption", "hr", "address", "caption",
    "details", "summary",
}


def _block_text(root, page_frame: bool = False) -> str:
    """Text of an HTML tree: blocks separated by a blank line, <br> as a line end, other whitespace
    collapsed as a browser shows it (except in <pre>). Iterative, so deep nesting cannot overflow.
    With `page_frame` (a whole web page) the <header>, <footer> and <aside> are read too, a list item starts with '- ' and a table row reads '| cell | cell |', as list and table lines do
    in the plain-text documents."""
    from lxml import etree

    # iterwalk gives no events for comments and processing instructions, so their tails (text that
    # follows them) would be lost: take them out of the tree, leaving their tails in place.
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    skipped = _SKIPPED_TAGS - _FRAME_TAGS if page_frame else _SKIPPED_TAGS
    parts: list[str] = []
    skipping = preformatted = 0

    def add(s: str | None) -> None:
        if s:
            parts.append(s if preformatted else re.sub(r"\s+", " ", s))

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if skipping or tag in skipped or el.get("role") == "navigation":
                skipping += 1
                continue
            if tag in _BLOCK_TAGS:
                parts.append("\n\n")
                if page_frame and tag == "li":
                    parts.append("- ")
                elif page_frame and tag == "tr":
                    parts.append("|")
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
            if page_frame and tag in ("td", "th"):
                parts.append(" |")
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


def parse_pdf(data: bytes, max_chars: int | None = None) -> ParsedDocument:
    """The text layer of every page (pypdf), pages separated by a blank line, and the title from the
    document information. A PDF without a text layer (a scan) is rejected: this pipeline does no OCR;
    one whose text grows over max_chars is refused as soon as it does (its streams are compressed)."""
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
        pages, n_chars = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            n_chars += len(pages[-1])
            if max_chars is not None and n_chars > max_chars:
                raise UnreadableDocument(f"text after parsing is over the limit of {max_chars:,} characters (at page {len(pages):,})")
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
