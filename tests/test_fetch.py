"""The fetch stage end to end against a web site on 127.0.0.1 that the test starts: two scheduled-style
runs (the second sends conditional requests and fetches only what changed), every kind of failure as a
fetch_failures row, politeness (User-Agent, robots.txt, rate limit), and a rebuild from the archive alone."""
from __future__ import annotations

import datetime as dt
import textwrap

import duckdb
import pytest

from flows import cli
from flows.etl import run_pipeline
from tests.fetch_server import Site
from transforms.sources import USER_AGENT
from warehouse.schemas import TABLES

TODAY = dt.date(2026, 11, 22)


def report(n: int, topic: str) -> str:
    """A short cooperation report, in words of its own for each page."""
    return (
        f"The Northfield Institute of Technology and the Harbour Research Council signed a memorandum of understanding "
        f"on {topic} on {n} March 2025.\n"
        f"Under the arrangement the council will provide a grant of US$ {n + 1} million over the next three years, "
        f"and {10 * n} doctoral students will spend a semester at the partner laboratories.\n"
        f"Officials said the first joint call for proposals on {topic} opens in the autumn, with workshops at both campuses."
    )


PAGES = {f"/news/item-{i}.html": report(i, topic) for i, topic in
         enumerate(["coastal sensing", "battery chemistry", "rural telemedicine", "quantum optics"], start=1)}
BAD = {
    "/news/missing.html": "HTTP 404",
    "/news/slow.html": "timed out",
    "/news/huge.html": "over the size limit",
    "/news/elsewhere.html": "redirected to another host",
    "/news/brochure.pdf": "not an HTML page",
    "/private/memo.html": "robots.txt disallows",
}


@pytest.fixture
def site():
    site = Site()
    for path, text in PAGES.items():
        site.page(path, path.rsplit("/", 1)[-1], text)
    site.page("/news/slow.html", "slow", report(7, "slow answers"), delay=2.0)
    site.page("/news/huge.html", "huge", report(8, "large pages") * 400)
    site.page("/news/flaky.html", "flaky", report(9, "flaky servers"), fail_first=1)
    site.page("/private/memo.html", "memo", report(10, "private memos"))
    site.routes["/news/brochure.pdf"] = site.routes["/news/item-1.html"].__class__(b"%PDF-1.4 not a page", content_type="application/pdf")
    site.routes["/news/elsewhere.html"] = site.routes["/news/item-1.html"].__class__(
        b"", status=302, headers={"Location": site.base.replace("127.0.0.1", "localhost") + "/news/item-1.html"}, validators=False)
    site.routes["/news/moved.html"] = site.routes["/news/item-1.html"].__class__(
        b"", status=301, headers={"Location": "/news/final.html"}, validators=False)  # within the host: followed
    site.page("/news/final.html", "final", report(13, "relocated pages"))
    site.routes["/robots.txt"] = site.routes["/news/item-1.html"].__class__(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    site.rss("/feed.xml", [*PAGES, *BAD, "/news/flaky.html", "/news/moved.html"])
    site.sitemap("/sitemap.xml", ["/news/item-1.html", "/reports/annual.html"])
    site.page("/reports/annual.html", "annual", report(11, "annual reviews"))
    site.routes["/broken.xml"] = site.routes["/news/item-1.html"].__class__(b"<html><body>this is no feed", content_type="text/html")
    yield site.start()
    site.stop()


def write_sources(tmp_path, site, folder=None) -> object:
    path = tmp_path / "sources.yaml"
    extra = f"  - name: notes\n    kind: folder\n    path: {folder}\n" if folder else ""
    path.write_text(textwrap.dedent(f"""\
        defaults:
          rate_limit: 200
          timeout: 0.5
          max_bytes: 60000
          retries: 1
          backoff: 0.05
        sources:
          - name: newsroom
            kind: feed
            url: {site.base}/feed.xml
          - name: reports
            kind: sitemap
            url: {site.base}/sitemap.xml
            exclude: ["*/news/*"]
          - name: broken
            kind: feed
            url: {site.base}/broken.xml
        """) + extra)
    return path


def rows(warehouse, sql):
    con = duckdb.connect(str(warehouse / "analytics.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_two_scheduled_runs_fetch_once_then_only_what_changed(site, tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "memo.txt").write_text(report(12, "local notes"), encoding="utf-8")
    sources = write_sources(tmp_path, site, folder)
    warehouse = tmp_path / "w"

    first = run_pipeline(sources_file=sources, warehouse_dir=warehouse, today=TODAY)
    docs = dict(rows(warehouse, "SELECT source_url, source FROM documents WHERE source_url IS NOT NULL"))
    fetched_pages = {*PAGES, "/news/flaky.html", "/news/moved.html", "/reports/annual.html"}
    assert docs == {site.base + p: ("reports" if p.startswith("/reports") else "newsroom") for p in fetched_pages}
    assert rows(warehouse, "SELECT source, source_url, fetched_at FROM documents WHERE source = 'notes'") == [("notes", None, None)]
    assert rows(warehouse, "SELECT count(*) FROM documents WHERE source_url IS NOT NULL AND fetched_at IS NULL") == [(0,)]
    assert rows(warehouse, "SELECT count(*) FROM figures f JOIN documents d USING (doc_id) WHERE d.source = 'newsroom'")[0][0] >= 2 * len(PAGES)
    assert first.fetched["staged"] == len(fetched_pages) + 1

    # every bad case is a row with its reason; the run went on and published the rest
    failures = {url: reason for url, reason in rows(warehouse, "SELECT url, reason FROM fetch_failures")}
    for path, why in BAD.items():
        assert why in failures[site.base + path], (path, failures.get(site.base + path))
    assert "feed does not parse" in failures[site.base + "/broken.xml"]
    assert len(failures) == len(BAD) + 1 and first.exit_code == 3
    # retries: the flaky page answered 503 once, then was fetched in the same run; the slow one was tried twice
    assert [r.status for r in site.seen("/news/flaky.html")] == [503, 200]
    assert len(site.seen("/news/slow.html")) == 2
    # manners: one User-Agent naming accord, robots.txt read once, the disallowed page never asked for
    assert {r.user_agent for r in site.requests} == {USER_AGENT}
    assert len(site.seen("/robots.txt")) == 1 and site.seen("/private/memo.html") == []
    assert len(site.seen("/news/item-1.html")) == 1  # the redirect to another host was never followed
    ids_before = dict(rows(warehouse, "SELECT source_url, doc_id FROM documents WHERE source_url IS NOT NULL"))

    # Between the runs: one page changes, one is new, one drops out of the feed, one fetched before now fails.
    site.clear()
    site.routes["/news/item-3.html"].fail_first = 10
    site.page("/news/item-2.html", "item-2.html", report(2, "battery chemistry") + "\nA second phase was announced on 9 June 2025.")
    site.page("/news/item-5.html", "item-5.html", report(5, "soil microbiology"))
    site.rss("/feed.xml", [p for p in PAGES if p != "/news/item-4.html"] + ["/news/item-5.html", *BAD, "/news/flaky.html", "/news/moved.html"])

    second = run_pipeline(sources_file=sources, warehouse_dir=warehouse, today=TODAY)
    page_requests = [r for r in site.requests if r.path.startswith(("/news/item", "/news/flaky", "/news/final", "/reports/"))]
    conditional = [r for r in page_requests if r.if_none_match or r.if_modified_since]
    unchanged = {"/news/item-1.html", "/news/flaky.html", "/news/final.html", "/reports/annual.html"}
    assert {r.path for r in conditional} == unchanged | {"/news/item-2.html", "/news/item-3.html"}
    assert {r.path for r in page_requests if r.status == 304} == unchanged
    assert {r.path for r in page_requests if r.status == 200} == {"/news/item-2.html", "/news/item-5.html"}
    assert [r.if_none_match for r in site.seen("/news/item-5.html")] == [None]
    assert second.fetched["not_modified"] >= len(unchanged) and second.fetched["new"] == 1 and second.fetched["changed"] == 1
    assert second.documents_extracted == 2  # the changed page and the new one; the rest carried over
    # failures that will not mend are not asked again; transient ones are
    assert site.seen("/news/missing.html") == [] and site.seen("/news/huge.html") == []
    assert len(site.seen("/news/slow.html")) == 2

    ids_after = dict(rows(warehouse, "SELECT source_url, doc_id FROM documents WHERE source_url IS NOT NULL"))
    assert ids_after[site.base + "/news/item-4.html"] == ids_before[site.base + "/news/item-4.html"]  # out of the feed, kept
    assert ids_after[site.base + "/news/item-1.html"] == ids_before[site.base + "/news/item-1.html"]
    assert ids_after[site.base + "/news/item-3.html"] == ids_before[site.base + "/news/item-3.html"]  # failing now, kept
    failures = dict(rows(warehouse, "SELECT url, reason FROM fetch_failures WHERE will_retry"))
    assert failures[site.base + "/news/item-3.html"] == "HTTP 503 Service Unavailable (after 2 tries)"
    assert ids_after[site.base + "/news/item-2.html"] != ids_before[site.base + "/news/item-2.html"]
    assert len(ids_after) == len(ids_before) + 1


def test_rebuild_from_the_archive_alone_gives_the_same_ids_and_rows(site, tmp_path, capsys):
    sources = write_sources(tmp_path, site)
    warehouse = tmp_path / "w"
    run_pipeline(sources_file=sources, warehouse_dir=warehouse, today=TODAY)
    before = {t: rows(warehouse, f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}
    assert len(before["documents"]) == len(PAGES) + 3
    site.stop()  # no network from here on

    assert cli.main(["run", "--sources", str(sources), "--warehouse", str(warehouse), "--from-archive", "--full-refresh"]) == 3
    after = {t: rows(warehouse, f"SELECT * FROM {t} ORDER BY ALL") for t in TABLES}
    for table in TABLES:
        assert after[table] == before[table], table
    out = capsys.readouterr().out
    assert "fetch failures: 7" in out

    assert cli.main(["sources", "--sources", str(sources), "--warehouse", str(warehouse)]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[0].startswith("newsroom (feed, ") and listing[0].endswith(f"{len(PAGES) + 2} document(s)")
    assert "last fetched 20" in listing[0]
    assert listing[1].startswith("reports (sitemap, ") and listing[1].endswith("1 document(s)")


def test_requests_to_one_host_keep_the_rate_limit(site, tmp_path):
    """Politeness, not speed: at 20 requests/s the site never sees two requests closer than 50 ms."""
    sources = tmp_path / "sources.yaml"
    sources.write_text(textwrap.dedent(f"""\
        sources:
          - name: pages
            kind: urls
            rate_limit: 20
            urls: [{", ".join(site.base + p for p in PAGES)}]
        """))
    run_pipeline(sources_file=sources, warehouse_dir=tmp_path / "w", today=TODAY)
    times = sorted(r.at for r in site.requests)
    assert len(times) == len(PAGES) + 1  # robots.txt and each page
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.045
