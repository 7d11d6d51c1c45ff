"""The fetch stage: new documents from the sources of sources.yaml, fetched politely and archived, then
laid out as files for the rest of the flow to read like any folder of documents.

  sources.yaml -> feeds and sitemaps (conditional GET) -> page URLs not archived yet, and conditional GETs
  for the others -> every response into the WARC archive -> the latest body of every page, written as a
  file under <warehouse>/.fetched/<source>/ with its URL and fetch time beside it (.provenance.json)

Manners: a User-Agent naming accord, robots.txt obeyed (and its Crawl-delay), one request at a time per
host at the source's rate limit, timeouts, redirects followed only within the host, a size limit, and
Prefect task retries with exponential backoff for transient failures (timeouts, connection errors, 429
and 5xx). Every other failure is a fetch_failures row; none stops the run, and pages fetched before stay
documents because the archive keeps them. With from_archive nothing is fetched: the files are laid out
from the archive alone, so the warehouse a run built can be built again with no network.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import threading
import time
import urllib.robotparser
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.tasks import exponential_backoff
from prefect.utilities.annotations import quote

from transforms.sources import ListingError, Source, SourcesConfig, feed_links, host_of, load_sources, sitemap_links
from warehouse import archive as warc
from warehouse import store

STAGING = store.FETCH_STAGING  # in the warehouse folder: the pages of the archive as files, read by the rest of the flow
PROVENANCE = ".provenance.json"  # in the staging folder: source_path -> source, source_url, fetched_at
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_REDIRECTS = 5
MAX_SITEMAPS = 50  # nested sitemaps followed from one sitemap index
FETCH_THREADS = 8  # hosts fetched at once; requests to one host wait their turn whatever this is


class FetchFailed(Exception):
    """A URL that gave no usable response; `transient` ones are retried (in this run and the next)."""

    def __init__(self, reason: str, transient: bool = False):
        super().__init__(reason)
        self.reason, self.transient = reason, transient


def _is_transient(task, task_run, state) -> bool:
    return isinstance(state.data, FetchFailed) and state.data.transient


@dataclass
class Fetched:
    """What the fetch stage leaves: the folder of documents, the failures, and counts for the summary."""
    docs_dir: Path
    failures: list[dict]
    counts: dict[str, int] = field(default_factory=dict)  # requests, conditional, not_modified, new, changed, unchanged, staged


@dataclass(frozen=True)
class Reply:
    status: int
    content_type: str
    body: bytes
    digest: str  # WARC-Payload-Digest of the body, as archived


class Session:
    """One run's HTTP client and its manners, shared by the fetch tasks (threads of the flow's process)."""

    def __init__(self, config: SourcesConfig, writer: warc.ArchiveWriter):
        self.user_agent = config.user_agent
        self.writer = writer
        self.client = httpx.Client(headers={"User-Agent": config.user_agent}, follow_redirects=False)
        self._lock = threading.Lock()
        self._next_turn: dict[str, float] = {}  # host -> monotonic time its next request may start
        self._robots: dict[str, urllib.robotparser.RobotFileParser | FetchFailed] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._host_locks: dict[str, threading.Lock] = {}
        self.counts = {"requests": 0, "conditional": 0, "not_modified": 0}

    def close(self) -> None:
        self.client.close()

    def _count(self, what: str) -> None:
        with self._lock:
            self.counts[what] += 1

    @contextmanager
    def _turn(self, host: str, source: Source):
        """One request at a time to a host, starting at least 1/rate_limit seconds (or robots.txt's
        Crawl-delay, if longer) after the previous one to that host finished."""
        robots = self._robots.get(host)
        delay = robots.crawl_delay(self.user_agent) if isinstance(robots, urllib.robotparser.RobotFileParser) else None
        interval = max(1.0 / source.rate_limit, float(delay or 0))
        with self._lock:
            host_lock = self._host_locks.setdefault(host, threading.Lock())
        self._count("requests")
        with host_lock:
            wait = self._next_turn.get(host, 0.0) - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                self._next_turn[host] = time.monotonic() + interval

    def allowed(self, url: str, source: Source) -> bool:
        """Whether robots.txt of the URL's host lets accord fetch it; FetchFailed when robots.txt is unavailable."""
        host = host_of(url)
        with self._lock:
            host_lock = self._robots_locks.setdefault(host, threading.Lock())
        with host_lock:  # one robots.txt request per host and run, however many tasks ask at once
            if host not in self._robots:
                self._robots[host] = self._read_robots(host, source)
        robots = self._robots[host]
        if isinstance(robots, FetchFailed):
            raise robots
        return robots.can_fetch(self.user_agent, url)

    def _read_robots(self, host: str, source: Source) -> urllib.robotparser.RobotFileParser | FetchFailed:
        """robots.txt as RFC 9309 reads it: 4xx allows everything (401 and 403 nothing), 5xx or no answer
        means no page of the host is fetched this run."""
        robots = urllib.robotparser.RobotFileParser(f"{host}/robots.txt")
        try:
            reply = self.get(f"{host}/robots.txt", source, "robots", {})
        except FetchFailed as e:
            return FetchFailed(f"robots.txt unavailable ({e.reason}): host not fetched", transient=True)
        status, body = reply.status, reply.body
        if status == 200:
            robots.parse(body.decode("utf-8", "replace").splitlines())
        elif status in (401, 403):
            robots.disallow_all = True
        elif 400 <= status < 500:
            robots.allow_all = True
        else:
            return FetchFailed(f"robots.txt unavailable (HTTP {status}): host not fetched", transient=True)
        return robots

    def get(self, url: str, source: Source, kind: str, validators: dict[str, str]) -> Reply:
        """GET one URL politely; every response is archived as received. Returns 200, 304, or a 4xx other
        than 429 (robots.txt reads those); raises FetchFailed for everything else."""
        request = self.client.build_request("GET", url, headers=validators, timeout=source.timeout)
        if validators:
            self._count("conditional")
        for _ in range(MAX_REDIRECTS + 1):
            fetched_at = dt.datetime.now(dt.timezone.utc)
            response, body = self._send(request, source)
            digest = self.writer.write_response(url, str(request.url), response.status_code, response.reason_phrase,
                                                list(response.headers.multi_items()), body, fetched_at, source.name, kind)
            if response.is_redirect and response.next_request is not None:
                target = response.next_request.url
                if host_of(str(target)) != host_of(url):
                    raise FetchFailed(f"redirected to another host: {target}")
                if kind != "robots" and not self.allowed(str(target), source):
                    raise FetchFailed(f"redirected to a URL robots.txt disallows: {target}")
                request = response.next_request
                continue
            status = response.status_code
            if status == 304:
                self._count("not_modified")
            if status == 429 or status >= 500:
                raise FetchFailed(f"HTTP {status} {response.reason_phrase}".strip(), transient=True)
            if status not in (200, 304) and not 400 <= status < 500:
                raise FetchFailed(f"HTTP {status} {response.reason_phrase}".strip())
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Reply(status, content_type, body, digest)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")

    def _send(self, request: httpx.Request, source: Source) -> tuple[httpx.Response, bytes]:
        """One request in its host's turn: the response (closed) and its body (empty for a redirect)."""
        try:
            with self._turn(host_of(str(request.url)), source):
                response = self.client.send(request, stream=True)
                try:
                    body = b"" if response.is_redirect else self._read_body(response, source)
                finally:
                    response.close()
        except httpx.TimeoutException:
            raise FetchFailed(f"timed out (no answer within {source.timeout:g} s)", transient=True) from None
        except httpx.TransportError as e:
            raise FetchFailed(f"connection failed: {type(e).__name__}: {e}", transient=True) from None
        return response, body

    @staticmethod
    def _read_body(response: httpx.Response, source: Source) -> bytes:
        """The body, held to the source's size limit (before reading it when Content-Length says so)."""
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > source.max_bytes:
            raise FetchFailed(f"page is {int(declared):,} bytes, over the size limit of {source.max_bytes:,}")
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > source.max_bytes:
                raise FetchFailed(f"page is over the size limit of {source.max_bytes:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)


# --- tasks --------------------------------------------------------------------------------------------

@task(name="fetch_listing", cache_policy=NO_CACHE, retry_condition_fn=_is_transient)
def fetch_listing(session: Session, source: Source, stored: dict[str, warc.Stored]) -> list[str]:
    """The page URLs a source lists now (feed entries, sitemap pages, or its `urls`), filtered by its patterns."""
    if source.kind == "urls":
        return [u for u in source.urls if source.wants(u)]
    pages, queue, seen = [], [source.url], set()
    while queue and len(seen) < MAX_SITEMAPS:
        url = queue.pop(0)
        seen.add(url)
        body = _listing_body(session, source, url, stored.get(url))
        try:
            if source.kind == "feed":
                found, nested = feed_links(body, url), []
            else:
                found, nested = sitemap_links(body, url)
        except ListingError as e:
            raise FetchFailed(str(e)) from None
        pages += found
        queue += [n for n in nested if n not in seen and host_of(n) == host_of(source.url)]
    return [u for u in dict.fromkeys(pages) if source.wants(u)]


def _listing_body(session: Session, source: Source, url: str, stored: warc.Stored | None) -> bytes:
    if not session.allowed(url, source):
        raise FetchFailed("robots.txt disallows this URL")
    reply = session.get(url, source, source.kind, stored.validators() if stored else {})
    if reply.status == 304 and stored is not None:
        return warc.read_body(stored)  # unchanged since the archived copy
    if reply.status != 200:
        raise FetchFailed(f"HTTP {reply.status}")
    return reply.body


@task(name="fetch_page", cache_policy=NO_CACHE, retry_condition_fn=_is_transient)
def fetch_page(session: Session, source: Source, url: str, stored: warc.Stored | None) -> str:
    """Fetch one page, conditionally when the archive has it: 'new', 'changed', 'unchanged' or 'not modified'."""
    if not session.allowed(url, source):
        raise FetchFailed("robots.txt disallows this URL")
    reply = session.get(url, source, "page", stored.validators() if stored else {})
    if reply.status == 304:
        return "not modified"
    if reply.status != 200:
        raise FetchFailed(f"HTTP {reply.status}")
    if reply.content_type not in HTML_TYPES:
        raise FetchFailed(f"not an HTML page (Content-Type {reply.content_type or 'missing'})")
    if stored is None:
        return "new"
    return "unchanged" if reply.digest == stored.digest else "changed"


# --- the stage ------------------------------------------------------------------------------------------

@flow(name="accord-fetch", task_runner=ThreadPoolTaskRunner(max_workers=FETCH_THREADS))
def fetch_sources(sources_file: Path, warehouse_dir: Path, from_archive: bool = False) -> Fetched:
    """Fetch what the sources list (unless from_archive), archive it, and lay the archived pages out as files."""
    logger = get_run_logger()
    config = load_sources(Path(sources_file))
    archive_dir = config.archive or warehouse_dir / store.ARCHIVE
    index = read_archive(archive_dir)
    counts: dict[str, int] = {}
    if from_archive:
        failures = [_failure_row(f) for f in index.failures]
        logger.info("from the archive %s: no fetching", archive_dir)
    else:
        failures, counts = _fetch(config, archive_dir, index)
        index = read_archive(archive_dir)
    staging = warehouse_dir / STAGING
    counts["staged"] = lay_out_documents(config, quote(index), staging)
    for f in failures:
        logger.warning("fetch failed for %s (%s): %s", f["url"], f["source"], f["reason"])
    return Fetched(staging, failures, counts)


@task(name="read_archive", cache_policy=NO_CACHE)
def read_archive(archive_dir: Path) -> warc.ArchiveIndex:
    """The latest body of every URL in the WARC archive, and the failures of the last fetching run."""
    return warc.read_index(archive_dir)


@task(name="lay_out_documents", cache_policy=NO_CACHE)
def lay_out_documents(config: SourcesConfig, index: warc.ArchiveIndex, staging: Path) -> int:
    """The archived pages and the folder sources' files as one folder of documents."""
    return stage_documents(config, index, staging)


def _fetch(config: SourcesConfig, archive_dir: Path, index: warc.ArchiveIndex) -> tuple[list[dict], dict[str, int]]:
    """One fetching run: listings first, then their pages; every response into a new WARC file."""
    writer = warc.ArchiveWriter(archive_dir, index.bodies)
    session = Session(config, writer)
    failures: list[dict] = []
    outcomes: dict[str, int] = {}
    try:
        web = [s for s in config.sources if s.on_the_web]
        listings = [_with_retries(fetch_listing, s).submit(session, s, quote(index.latest)) for s in web]
        pages: list[tuple[Source, str]] = []
        claimed: set[str] = set()
        for source, future in zip(web, listings):
            future.wait()
            if future.state.is_completed():
                for url in future.result():
                    if url not in claimed:  # a page two sources list belongs to the first
                        claimed.add(url)
                        pages.append((source, url))
            else:  # a feed or sitemap is asked for again next run, whatever went wrong: it is the way in
                failures.append({**_failure(source, source.url or "", future.state), "will_retry": True})
        skip = _not_retried(index.failures, {u for _, u in pages})
        failures += [f for f in skip.values()]
        todo = [(s, u) for s, u in pages if u not in skip]
        futures = [_with_retries(fetch_page, s).submit(session, s, u, index.latest.get(u)) for s, u in todo]
        for (source, url), future in zip(todo, futures):
            future.wait()
            if future.state.is_completed():
                outcome = future.result()
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
            else:
                failures.append(_failure(source, url, future.state))
        writer.write_failures(failures)
    finally:
        session.close()
        writer.close()
    counts = {**session.counts, **{k.replace(" ", "_"): v for k, v in outcomes.items()}}
    return failures, counts


def _with_retries(fetch_task, source: Source):
    return fetch_task.with_options(retries=source.retries, retry_delay_seconds=exponential_backoff(source.backoff) if source.backoff else 0)


def _failure(source: Source, url: str, state) -> dict:
    error = state.data if isinstance(state.data, BaseException) else None
    if error is None:
        try:
            state.result(raise_on_failure=True)
        except BaseException as e:  # noqa: BLE001 - any task error becomes the row's reason
            error = e
    if isinstance(error, FetchFailed):
        reason, transient = error.reason, error.transient
        if transient and source.retries:
            reason += f" (after {source.retries + 1} tries)"
    else:  # a bug in the stage must not stop the run either: the row names it
        reason, transient = f"fetch failed: {type(error).__name__}: {error}", True
    return {"source": source.name, "url": url, "reason": reason, "will_retry": transient, "failed_at": dt.datetime.now(dt.timezone.utc)}


def _failure_row(f: dict) -> dict:
    return {**f, "failed_at": dt.datetime.fromisoformat(f["failed_at"]) if isinstance(f["failed_at"], str) else f["failed_at"]}


def _not_retried(previous: list[dict], listed: set[str]) -> dict[str, dict]:
    """Pages whose last failure was permanent (404, not HTML, too large, off-host redirect): not asked
    again while still listed; their failure rows carry over with the time they failed."""
    return {f["url"]: _failure_row(f) for f in previous if not f["will_retry"] and f["url"] in listed}


# --- the archive as a folder of documents -----------------------------------------------------------------

def _file_name(url: str) -> str:
    """A readable, stable file name for a page: the last segment of its path and a hash of the whole URL."""
    segment = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", url.rstrip("/").rsplit("/", 1)[-1])
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", segment).strip("-")[:60] or "page"
    return f"{slug}-{hashlib.sha256(url.encode()).hexdigest()[:12]}.html"


def stage_documents(config: SourcesConfig, index: warc.ArchiveIndex, staging: Path) -> int:
    """Lay the archive's pages (the latest HTML body of every URL a source fetched) and the files of
    folder sources out under staging/<source>/, with their provenance; files written only when their
    bytes change, and dated by when they were fetched, so the incremental run reads only new ones and
    a rebuild from the archive lays out the very same files."""
    staging.mkdir(parents=True, exist_ok=True)
    wanted: dict[str, Path] = {}
    provenance: dict[str, dict] = {}
    bodies_seen: set[str] = set()
    for source in config.sources:
        if source.kind == "folder":
            for path in sorted(p for p in source.path.rglob("*") if p.is_file()) if source.path.is_dir() else []:
                rel = path.relative_to(source.path)
                if any(part.startswith(".") for part in rel.parts):
                    continue
                dest = staging / source.name / rel
                _link(path, dest)
                wanted[dest.relative_to(staging).as_posix()] = dest
                provenance[dest.relative_to(staging).as_posix()] = {"source": source.name, "source_url": None, "fetched_at": None}
            continue
        for url, stored in sorted(index.latest.items()):
            if stored.source != source.name or stored.kind != "page" or stored.content_type not in HTML_TYPES or not source.wants(url):
                continue
            if stored.digest in bodies_seen:  # the same page under another URL: one document, the first URL's
                continue
            bodies_seen.add(stored.digest)
            rel = f"{source.name}/{_file_name(url)}"
            _write(staging / rel, warc.read_body(stored), stored.fetched_at)
            wanted[rel] = staging / rel
            provenance[rel] = {"source": source.name, "source_url": url, "fetched_at": stored.fetched_at.isoformat()}
    for path in sorted(staging.rglob("*"), reverse=True):  # files of pages and folders no longer listed
        rel = path.relative_to(staging).as_posix()
        if path.is_file() and rel not in wanted and rel != PROVENANCE:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    tmp = staging / f"{PROVENANCE}.tmp"
    tmp.write_text(json.dumps(provenance, sort_keys=True, indent=0), encoding="utf-8")
    os.replace(tmp, staging / PROVENANCE)
    return len(wanted)


def _write(path: Path, body: bytes, fetched_at: dt.datetime) -> None:
    stamp = int(fetched_at.timestamp() * 1e9)
    if path.is_file() and path.stat().st_size == len(body) and path.read_bytes() == body:
        if path.stat().st_mtime_ns != stamp:
            os.utime(path, ns=(stamp, stamp))
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(body)
    os.utime(tmp, ns=(stamp, stamp))
    os.replace(tmp, path)


def _link(src: Path, dest: Path) -> None:
    """A folder source's file in the staging folder: a hard link (same size and mtime, no copy), replaced
    when the file is now another one."""
    if dest.exists() and os.path.samefile(src, dest):
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copy2(src, tmp)
    os.replace(tmp, dest)


# --- for the run and `accord sources` ----------------------------------------------------------------------

@task(name="write_fetch_failures", cache_policy=NO_CACHE)
def write_fetch_failures(build: Path, failures: list[dict]) -> None:
    if failures:
        store.write_part(build, "fetch_failures", "fetch_failures", store.to_arrow("fetch_failures", failures))


def provenance_of(docs_dir: Path) -> dict[str, dict]:
    """source_path -> {source, source_url, fetched_at} of a staged folder ({} for any other folder)."""
    path = docs_dir / PROVENANCE
    if not path.is_file():
        return {}
    rows = json.loads(path.read_text(encoding="utf-8"))
    return {p: {**r, "fetched_at": dt.datetime.fromisoformat(r["fetched_at"]) if r["fetched_at"] else None} for p, r in rows.items()}


def describe_sources(sources_file: Path, warehouse_dir: Path) -> list[dict]:
    """Each source with when it was last fetched and how many documents of the published warehouse it gave."""
    config = load_sources(sources_file)
    index = warc.read_index(config.archive or warehouse_dir / store.ARCHIVE)
    documents: dict[str, int] = {}
    if store.published_build(warehouse_dir) is not None:
        import duckdb

        con = store.connect_read_only(warehouse_dir)
        try:
            documents = dict(con.execute("SELECT source, count(*) FROM documents WHERE source IS NOT NULL GROUP BY 1").fetchall())
        except duckdb.BinderException:  # a warehouse built before documents had a source: none came from these
            pass
        finally:
            con.close()
    return [
        {"name": s.name, "kind": s.kind, "where": s.url or (str(s.path) if s.path else f"{len(s.urls)} URLs"),
         "last_fetched": index.last_fetched.get(s.name), "documents": documents.get(s.name, 0)}
        for s in config.sources
    ]
