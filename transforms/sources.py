"""Sources of documents: sources.yaml, and the links in a feed or a sitemap.

Pure: text or bytes in, values out; no network and no file access but reading sources.yaml itself
(flows/fetch.py fetches, warehouse/archive.py keeps what was fetched).
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import yaml

KINDS = ("feed", "sitemap", "urls", "folder")
USER_AGENT = "accord/0.1 (cooperation-report pipeline; polite fetcher; obeys robots.txt)"
# Settings every web source has, and what they are when neither the source nor `defaults:` give them.
DEFAULTS = {
    "rate_limit": 1.0,  # requests per second to one host
    "timeout": 20.0,  # seconds to connect, and between bytes of a response
    "max_bytes": 5_000_000,  # a page larger than this is a failure, not a document
    "retries": 2,  # further tries of a transient failure (timeout, connection error, HTTP 429 or 5xx) in one run
    "backoff": 2.0,  # seconds before the first retry; doubled for each next one
}


class SourcesError(ValueError):
    """sources.yaml cannot be used: the message names the file and the problem."""


class ListingError(ValueError):
    """A feed or sitemap that does not parse: the message says how."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: str  # feed, sitemap, urls or folder
    url: str | None = None  # the feed or sitemap
    urls: tuple[str, ...] = ()  # the pages of a `urls` source
    path: Path | None = None  # the folder of a `folder` source
    include: tuple[str, ...] = ()  # glob patterns (fnmatch) a page URL must match one of, when given
    exclude: tuple[str, ...] = ()  # glob patterns no page URL may match
    rate_limit: float = DEFAULTS["rate_limit"]
    timeout: float = DEFAULTS["timeout"]
    max_bytes: int = DEFAULTS["max_bytes"]
    retries: int = DEFAULTS["retries"]
    backoff: float = DEFAULTS["backoff"]

    @property
    def on_the_web(self) -> bool:
        return self.kind != "folder"

    def wants(self, url: str) -> bool:
        """Whether a page URL passes the source's include and exclude patterns."""
        if self.include and not any(fnmatch.fnmatchcase(url, p) for p in self.include):
            return False
        return not any(fnmatch.fnmatchcase(url, p) for p in self.exclude)


@dataclass(frozen=True)
class SourcesConfig:
    sources: tuple[Source, ...]
    archive: Path | None = None  # where the WARC archive lives; None: `archive/` in the warehouse folder
    user_agent: str = USER_AGENT
    file: Path | None = field(default=None, compare=False)


def load_sources(path: Path) -> SourcesConfig:
    """sources.yaml read and checked; SourcesError names the file and what is wrong."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise SourcesError(f"{path}: cannot read sources file: {e.strerror or e}") from None
    return parse_sources(text, path.parent, str(path))


def parse_sources(text: str, base_dir: Path, where: str = "sources.yaml") -> SourcesConfig:
    """The sources of a sources.yaml text; relative folder and archive paths are taken from base_dir."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise SourcesError(f"{where}: not valid YAML: {e}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list) or not data["sources"]:
        raise SourcesError(f"{where}: expected a non-empty list under 'sources:'")
    unknown = set(data) - {"sources", "defaults", "archive", "user_agent"}
    if unknown:
        raise SourcesError(f"{where}: unknown top-level key(s) {', '.join(sorted(unknown))}")
    defaults = {**DEFAULTS, **_settings(data.get("defaults") or {}, f"{where}: defaults")}
    sources = tuple(_source(entry, i, defaults, base_dir, where) for i, entry in enumerate(data["sources"]))
    names = [s.name for s in sources]
    if len(set(names)) != len(names):
        raise SourcesError(f"{where}: source names must be unique (repeated: {', '.join(sorted({n for n in names if names.count(n) > 1}))})")
    archive = data.get("archive")
    return SourcesConfig(
        sources, (base_dir / archive).resolve() if archive else None, str(data.get("user_agent") or USER_AGENT), Path(where),
    )


def _settings(values: dict, where: str) -> dict:
    if not isinstance(values, dict):
        raise SourcesError(f"{where}: expected a mapping")
    out = {}
    for key, value in values.items():
        if key not in DEFAULTS:
            continue
        kind = type(DEFAULTS[key])
        try:
            out[key] = kind(value)
        except (TypeError, ValueError):
            raise SourcesError(f"{where}: {key} must be a number, not {value!r}") from None
        if out[key] < 0 or (key in ("rate_limit", "timeout", "max_bytes") and out[key] == 0):
            raise SourcesError(f"{where}: {key} must be more than 0, not {value!r}")
    return out


def _source(entry: object, i: int, defaults: dict, base_dir: Path, where: str) -> Source:
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: source #{i + 1} is not a mapping")
    name = entry.get("name")
    here = f"{where}: source {name!r}" if name else f"{where}: source #{i + 1}"
    if not name or not isinstance(name, str) or "/" in name or name.startswith("."):
        raise SourcesError(f"{here}: needs a 'name' (text without '/', not starting with '.')")
    kind = entry.get("kind")
    if kind not in KINDS:
        raise SourcesError(f"{here}: 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    unknown = set(entry) - {"name", "kind", "url", "urls", "path", "include", "exclude", *DEFAULTS}
    if unknown:
        raise SourcesError(f"{here}: unknown key(s) {', '.join(sorted(unknown))}")
    patterns = {k: _patterns(entry.get(k), f"{here}: {k}") for k in ("include", "exclude")}
    settings = {**defaults, **_settings({k: v for k, v in entry.items() if k in DEFAULTS}, here)}
    if kind == "folder":
        if not entry.get("path"):
            raise SourcesError(f"{here}: a folder source needs 'path'")
        return Source(name, kind, path=(base_dir / str(entry["path"])).resolve(), **patterns, **settings)
    if kind == "urls":
        urls = entry.get("urls")
        if not isinstance(urls, list) or not urls:
            raise SourcesError(f"{here}: a urls source needs a list under 'urls'")
        pages = tuple(_web_url(u, here) for u in urls)
        return Source(name, kind, urls=pages, **patterns, **settings)
    return Source(name, kind, url=_web_url(entry.get("url"), here), **patterns, **settings)


def _patterns(value: object, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SourcesError(f"{where}: expected a pattern or a list of patterns")
    return tuple(value)


def _web_url(value: object, where: str) -> str:
    url = normalise_url(value) if isinstance(value, str) else None
    if url is None:
        raise SourcesError(f"{where}: {value!r} is not an http(s) URL")
    return url


def normalise_url(url: str, base: str | None = None) -> str | None:
    """An absolute http(s) URL in the one form accord keys pages by (courlan: lower-case host, default
    port and tracking parameters dropped, query parameters sorted; no fragment), or None when it is not one."""
    from courlan import normalize_url

    url = urljoin(base, url.strip()) if base else url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        # not strict: that mode keeps only a few known query parameters, and '?id=12' pages would become one
        return urldefrag(normalize_url(url, strict=False)).url
    except ValueError:
        return None


def host_of(url: str) -> str:
    """scheme://host[:port]: what robots.txt and the rate limit apply to."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.lower()}"


def feed_links(body: bytes, base_url: str) -> list[str]:
    """The entry links of an RSS or Atom feed (feedparser), absolute and normalised, in feed order;
    ListingError when the body is not a feed."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": base_url})
    if parsed.bozo and not parsed.entries:
        raise ListingError(f"feed does not parse: {parsed.get('bozo_exception') or 'not RSS or Atom'}")
    if not parsed.get("version") and not parsed.entries:
        raise ListingError("feed does not parse: not RSS or Atom")
    links = []
    for entry in parsed.entries:
        href = entry.get("link") or next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if href and (url := normalise_url(href, base_url)):
            links.append(url)
    return list(dict.fromkeys(links))


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_links(body: bytes, base_url: str) -> tuple[list[str], list[str]]:
    """The page links and the nested sitemaps of a sitemap (urlset or sitemapindex); ListingError when the
    body is not a sitemap. lxml, not trafilatura's sitemap helper: that one drops every link whose host has
    no public domain name, so it cannot be tested against a local server."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError as e:
        raise ListingError(f"sitemap does not parse: {e}") from None
    tag = etree.QName(root).localname if root is not None else ""
    if tag not in ("urlset", "sitemapindex"):
        raise ListingError(f"sitemap does not parse: root element is <{tag}>, not <urlset> or <sitemapindex>")
    locs = [el.text.strip() for el in root.iter(f"{SITEMAP_NS}loc", "loc") if el.text and el.text.strip()]
    urls = list(dict.fromkeys(u for u in (normalise_url(l, base_url) for l in locs) if u))
    return ([], urls) if tag == "sitemapindex" else (urls, [])
