"""Pure parts of the fetch stage, no Prefect and no network: sources.yaml, feed and sitemap links, URL
normalisation, the WARC archive (content-addressed bodies, the latest body per URL) and the staged folder."""
from __future__ import annotations

import datetime as dt
import textwrap

import pytest

from flows.fetch import PROVENANCE, provenance_of, stage_documents
from transforms.sources import (
    ListingError, SourcesError, feed_links, host_of, load_sources, normalise_url, parse_sources, sitemap_links,
)
from warehouse import archive as warc

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

BASE = "http://127.0.0.1:8000"


def test_sources_yaml_with_every_kind_and_defaults(tmp_path):
    config = parse_sources(textwrap.dedent("""\
        defaults: {rate_limit: 0.5, timeout: 7}
        archive: raw
        sources:
          - {name: agency, kind: feed, url: "https://news.example.org/rss.xml", include: "*/press/*", timeout: 3}
          - {name: ministry, kind: sitemap, url: "https://ministry.example.org/sitemap.xml", exclude: ["*/archive/*"]}
          - {name: picked, kind: urls, urls: ["https://a.example.org/x.html?utm_source=feed"]}
          - {name: local, kind: folder, path: docs}
        """), tmp_path)
    agency, ministry, picked, local = config.sources
    assert (agency.kind, agency.rate_limit, agency.timeout, ministry.timeout) == ("feed", 0.5, 3.0, 7.0)
    assert agency.wants("https://news.example.org/press/1.html") and not agency.wants("https://news.example.org/blog/1.html")
    assert not ministry.wants("https://ministry.example.org/archive/old.html") and ministry.wants("https://ministry.example.org/new.html")
    assert picked.urls == ("https://a.example.org/x.html",)  # tracking parameters dropped
    assert local.path == (tmp_path / "docs").resolve() and not local.on_the_web
    assert config.archive == (tmp_path / "raw").resolve()


@pytest.mark.parametrize("text, problem", [
    ("sources: []", "non-empty list under 'sources:'"),
    ("sources: [{kind: feed, url: 'https://x.example.org/f'}]", "needs a 'name'"),
    ("sources: [{name: a, kind: atom, url: 'https://x.example.org/f'}]", "'kind' must be one of"),
    ("sources: [{name: a, kind: feed, url: 'ftp://x.example.org/f'}]", "is not an http(s) URL"),
    ("sources: [{name: a, kind: folder}]", "needs 'path'"),
    ("sources: [{name: a, kind: urls, urls: []}]", "needs a list under 'urls'"),
    ("sources: [{name: a, kind: feed, url: 'https://x.example.org/f', rate_limit: 0}]", "rate_limit must be more than 0"),
    ("sources: [{name: a, kind: feed, url: 'https://x.example.org/f', shedule: daily}]", "unknown key(s) shedule"),
    ("sources: [{name: a, kind: folder, path: p}, {name: a, kind: folder, path: q}]", "unique (repeated: a)"),
    ("sources: [name: a", "not valid YAML"),
])
def test_a_bad_sources_file_names_the_file_and_the_problem(tmp_path, text, problem):
    path = tmp_path / "mine.yaml"
    path.write_text(text)
    with pytest.raises(SourcesError) as e:
        load_sources(path)
    assert str(path) in str(e.value) and problem in str(e.value)


def test_feed_links_from_rss_and_atom_absolute_and_normalised():
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
        <item><title>one</title><link>{BASE}/a.html#top</link></item>
        <item><title>two</title><link>/b.html</link></item>
        <item><title>again</title><link>{BASE}/a.html</link></item></channel></rss>""".encode()
    assert feed_links(rss, f"{BASE}/feed.xml") == [f"{BASE}/a.html", f"{BASE}/b.html"]
    atom = f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
        <entry><title>x</title><link href="{BASE}/c.html"/><id>1</id><updated>2025-01-01T00:00:00Z</updated></entry></feed>""".encode()
    assert feed_links(atom, f"{BASE}/atom.xml") == [f"{BASE}/c.html"]


@pytest.mark.parametrize("body", [b"<html><body>a page, not a feed</body></html>", b"", b"\x89PNG\r\n\x1a\n"])
def test_a_body_that_is_not_a_feed_is_a_listing_error(body):
    with pytest.raises(ListingError, match="feed does not parse"):
        feed_links(body, f"{BASE}/feed.xml")


def test_sitemap_pages_and_nested_sitemaps():
    urlset = f"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>{BASE}/p/1.html</loc></url><url><loc> {BASE}/p/2.html </loc></url></urlset>""".encode()
    assert sitemap_links(urlset, f"{BASE}/sitemap.xml") == ([f"{BASE}/p/1.html", f"{BASE}/p/2.html"], [])
    index = f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{BASE}/s1.xml</loc></sitemap></sitemapindex>""".encode()
    assert sitemap_links(index, f"{BASE}/sitemap.xml") == ([], [f"{BASE}/s1.xml"])
    with pytest.raises(ListingError, match="not <urlset>"):
        sitemap_links(b"<html><body>hi</body></html>", f"{BASE}/sitemap.xml")
    with pytest.raises(ListingError, match="sitemap does not parse"):
        sitemap_links(b"<urlset><url>", f"{BASE}/sitemap.xml")


def test_normalise_url_keys_one_page_one_way():
    assert normalise_url("HTTP://News.Example.ORG:80/a.html?b=2&a=1&utm_medium=x#frag") == "http://news.example.org/a.html?a=1&b=2"
    assert normalise_url("../c.html", "https://news.example.org/x/y/z.html") == "https://news.example.org/x/c.html"
    assert normalise_url("mailto:someone@example.org") is None and normalise_url("javascript:void(0)") is None
    assert host_of("https://News.example.org:8443/a?b") == "https://news.example.org:8443"


def _write(folder, responses):
    writer = warc.ArchiveWriter(folder, warc.read_index(folder).bodies)
    for url, status, body, when in responses:
        writer.write_response(url, url, status, "OK", [("Content-Type", "text/html"), ("ETag", f'"{len(body)}"')],
                              body, when, "news", "page")
    writer.write_failures([{"source": "news", "url": f"{BASE}/gone", "reason": "HTTP 404", "will_retry": False, "failed_at": when}])
    writer.close()
    return writer.path


def test_the_archive_keeps_each_body_once_and_finds_the_latest_per_url(tmp_path):
    t1, t2 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)
    first = _write(tmp_path, [(f"{BASE}/a", 200, b"<p>alpha</p>", t1), (f"{BASE}/b", 200, b"<p>beta</p>", t1)])
    second = _write(tmp_path, [(f"{BASE}/a", 200, b"<p>alpha</p>", t2), (f"{BASE}/b", 200, b"<p>beta, edited</p>", t2),
                               (f"{BASE}/c", 404, b"missing", t2)])
    assert [p.name for p in warc.warc_files(tmp_path)] == [first.name, second.name]
    assert not list(tmp_path.glob("*.open"))
    index = warc.read_index(tmp_path)
    a, b = index.latest[f"{BASE}/a"], index.latest[f"{BASE}/b"]
    assert warc.read_body(a) == b"<p>alpha</p>" and a.file == first  # stored once: the second run wrote a revisit
    assert (a.fetched_at, a.last_seen) == (t1, t2)
    assert warc.read_body(b) == b"<p>beta, edited</p>" and b.fetched_at == t2
    assert b.validators() == {"If-None-Match": f'"{len(b"<p>beta, edited</p>")}"'}
    assert f"{BASE}/c" not in index.latest  # a 404 is archived but is no page
    assert index.failures[0]["reason"] == "HTTP 404" and index.last_fetched["news"] == t2
    from warcio.archiveiterator import ArchiveIterator

    with second.open("rb") as fh:
        types = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    assert types[0] == ("revisit", f"{BASE}/a") and types[1] == ("response", f"{BASE}/b")
    with second.open("rb") as fh:
        revisit = next(iter(ArchiveIterator(fh))).rec_headers
    assert revisit.get_header("WARC-Refers-To-Target-URI") == f"{BASE}/a"
    assert revisit.get_header("WARC-Refers-To-Date").startswith("2026-01-01T")  # the first copy, in the first file


def test_staging_lays_out_the_same_files_from_the_archive_every_time(tmp_path):
    t1 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    _write(tmp_path / "archive", [(f"{BASE}/news/one.html", 200, b"<p>one</p>", t1), (f"{BASE}/news/copy.html", 200, b"<p>one</p>", t1),
                                  (f"{BASE}/news/two.html", 200, b"<p>two</p>", t1)])
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "n.txt").write_text("a note")
    config = parse_sources(f"sources: [{{name: news, kind: feed, url: '{BASE}/f'}}, {{name: mine, kind: folder, path: notes}}]", tmp_path)
    index = warc.read_index(tmp_path / "archive")
    layouts = []
    for staging in (tmp_path / "s1", tmp_path / "s2"):
        assert stage_documents(config, index, staging) == 3  # the copy of one.html under another URL is one document
        layouts.append(sorted((p.relative_to(staging).as_posix(), p.read_bytes(), p.stat().st_mtime_ns)
                              for p in staging.rglob("*") if p.is_file() and p.name != PROVENANCE))
    assert layouts[0] == layouts[1]
    provenance = provenance_of(tmp_path / "s1")
    page = next(r for p, r in provenance.items() if p.startswith("news/two-"))
    assert page == {"source": "news", "source_url": f"{BASE}/news/two.html", "fetched_at": t1}
    names = [p.split("/", 1)[1].split("-")[0] for p in provenance if p.startswith("news/")]
    assert sorted(names) == ["copy", "two"]  # of two URLs with the same body, the first by URL is the document
    assert provenance["mine/n.txt"] == {"source": "mine", "source_url": None, "fetched_at": None}
    (tmp_path / "notes" / "n.txt").unlink()
    stage_documents(config, index, tmp_path / "s1")
    assert not (tmp_path / "s1" / "mine" / "n.txt").exists()  # a file gone from its folder is gone from the staging too


def test_the_command_refuses_from_archive_without_sources_and_names_a_bad_sources_file(tmp_path, capsys):
    from flows import cli

    assert cli.main(["run", "--from-archive", "--warehouse", str(tmp_path / "w")]) == 2
    assert "--from-archive needs --sources" in capsys.readouterr().err
    missing = tmp_path / "nowhere.yaml"
    assert cli.main(["sources", "--sources", str(missing), "--warehouse", str(tmp_path / "w")]) == 2
    assert f"{missing}: cannot read sources file" in capsys.readouterr().err
