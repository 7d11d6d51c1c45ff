"""The raw archive: every response the fetch stage received, kept as received in WARC files (warcio).

Layout of an archive folder:
    <archive>/<UTC time>-<id>.warc.gz    one file per fetching run, never changed once closed
    <archive>/<...>.warc.gz.open         a run still writing (or killed): never read

Each record is a WARC `response` (status line, headers and body of what was received, with the URL asked
for, the final URL after redirects, and when), or a `revisit` when the body is byte for byte one the archive
already holds (content-addressed by WARC-Payload-Digest, so a page fetched on every run is stored once),
or a `metadata` record with the fetch failures of the run. Extension headers name the source that asked
for the URL and what it was (page, feed, sitemap, robots). The warehouse can be rebuilt from these files
alone: the latest body of every page is found through `ArchiveIndex`.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SOURCE_HEADER = "Accord-Source"
KIND_HEADER = "Accord-Kind"  # page, feed, sitemap or robots
FINAL_URL_HEADER = "Accord-Final-URI"
FAILURES_URI = "urn:accord:fetch-failures"
# Headers of the transfer, not of the body: httpx hands over the decoded body, which is what is stored.
TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class Stored:
    """The latest body the archive holds for a URL, and how to ask whether it changed."""
    url: str
    source: str
    kind: str
    status: int
    headers: dict[str, str]  # lower-case names
    digest: str  # WARC-Payload-Digest of the body
    fetched_at: dt.datetime  # when this body was first received (a revisit of the same body does not move it)
    last_seen: dt.datetime  # when the URL last answered (200 or 304)
    file: Path  # the WARC file and offset of the record holding the body
    offset: int

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    def validators(self) -> dict[str, str]:
        """Conditional request headers from the stored response's ETag and Last-Modified."""
        out = {}
        if etag := self.headers.get("etag"):
            out["If-None-Match"] = etag
        if modified := self.headers.get("last-modified"):
            out["If-Modified-Since"] = modified
        return out


@dataclass
class ArchiveIndex:
    latest: dict[str, Stored]  # url -> its latest stored body
    last_fetched: dict[str, dt.datetime]  # source -> when any of its responses was last received
    failures: list[dict]  # the fetch failures of the latest run that wrote them
    bodies: dict[str, tuple[Path, int, str, str]]  # payload digest -> file, offset, URI and WARC-Date of the record holding it


def _time(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))


def warc_files(folder: Path) -> list[Path]:
    """The closed WARC files of an archive, oldest first (names start with their UTC time)."""
    return sorted(folder.glob("*.warc.gz")) if folder.is_dir() else []


def read_index(folder: Path) -> ArchiveIndex:
    """Scan every closed WARC file (headers only) for the latest body of each URL."""
    index = ArchiveIndex({}, {}, [], {})
    for path in warc_files(folder):
        with path.open("rb") as fh:
            records = ArchiveIterator(fh)
            for record in records:
                h = record.rec_headers
                url, when = h.get_header("WARC-Target-URI"), h.get_header("WARC-Date")
                if record.rec_type == "metadata" and url == FAILURES_URI:
                    index.failures = json.loads(record.content_stream().read())
                    continue
                if record.rec_type not in ("response", "revisit"):
                    continue
                source, kind, fetched = h.get_header(SOURCE_HEADER) or "", h.get_header(KIND_HEADER) or "page", _time(when)
                index.last_fetched[source] = max(fetched, index.last_fetched.get(source, fetched))
                status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
                digest = h.get_header("WARC-Payload-Digest") or ""
                offset = records.get_record_offset()
                if record.rec_type == "response" and status == 200:
                    index.bodies.setdefault(digest, (path, offset, url, when))
                if status == 304 and url in index.latest:
                    old = index.latest[url]
                    index.latest[url] = Stored(**{**old.__dict__, "last_seen": fetched})
                    continue
                if status != 200 or digest not in index.bodies:
                    continue
                old = index.latest.get(url)
                first = old.fetched_at if old and old.digest == digest else fetched
                headers = {k.lower(): v for k, v in record.http_headers.headers}
                body_file, body_offset, _, _ = index.bodies[digest]
                index.latest[url] = Stored(url, source, kind, status, headers, digest, first, fetched, body_file, body_offset)
    return index


def read_body(stored: Stored) -> bytes:
    """The body of a stored response, as received."""
    with stored.file.open("rb") as fh:
        fh.seek(stored.offset)
        record = next(iter(ArchiveIterator(fh)))
        return record.content_stream().read()


class ArchiveWriter:
    """The WARC file of one fetching run; tasks of the run write to it from several threads."""

    def __init__(self, folder: Path, bodies: dict[str, tuple[Path, int, str, str]]):
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.warc.gz"
        self.path = folder / name
        self._open = folder / f"{name}.open"
        self._fh = self._open.open("wb")
        self._writer = WARCWriter(self._fh, gzip=True)
        # digest -> (URI, WARC-Date) of the record that holds the body, in an earlier file or this one: a
        # response with the same body is written as a revisit pointing at it
        self._first_uri: dict[str, tuple[str, str]] = {d: (uri, date) for d, (_, _, uri, date) in bodies.items()}
        self._lock = threading.Lock()

    def write_response(self, url: str, final_url: str, status: int, reason: str, headers: list[tuple[str, str]],
                       body: bytes, fetched_at: dt.datetime, source: str, kind: str) -> str:
        """One response as received: a `revisit` record when the archive already holds the same body.
        Returns the body's WARC-Payload-Digest."""
        http = StatusAndHeaders(f"{status} {reason}".strip(), [(k, v) for k, v in headers if k.lower() not in TRANSFER_HEADERS],
                                protocol="HTTP/1.1")
        date = fetched_at.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        extra = {"WARC-Date": date, SOURCE_HEADER: source, KIND_HEADER: kind, FINAL_URL_HEADER: final_url}
        with self._lock:
            record = self._writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                     http_headers=http, warc_headers_dict=extra)
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if status == 200 and digest in self._first_uri:
                first_uri, first_date = self._first_uri[digest]
                http.headers.append(("Content-Length", "0"))
                record = self._writer.create_revisit_record(url, digest, first_uri, first_date, http_headers=http, warc_headers_dict=extra)
            elif status == 200:
                self._first_uri[digest] = (url, date)
            self._writer.write_record(record)
            return digest

    def write_failures(self, failures: list[dict]) -> None:
        """The run's fetch failures, so that a rebuild from the archive has the same fetch_failures table."""
        payload = json.dumps(failures, default=lambda o: o.isoformat(), sort_keys=True).encode()
        with self._lock:
            record = self._writer.create_warc_record(FAILURES_URI, "metadata", payload=io.BytesIO(payload), length=len(payload),
                                                     warc_content_type="application/json")
            self._writer.write_record(record)

    def close(self) -> None:
        """Flush to disk and give the file its closed name: only closed files are ever read."""
        with self._lock:
            self._fh.flush()
            os.fsync(self._fh.fileno())
            self._fh.close()
            os.replace(self._open, self.path)
