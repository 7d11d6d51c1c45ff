"""The work inside one batch task: read files, normalise, extract; and the cross-batch merge after them."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from transforms.extract import extract_document
from transforms.text import UnreadableDocument, decode_bytes, normalize_text
from warehouse import store


def chunk(items: list, size: int) -> list[list]:
    size = max(1, int(size))
    return [items[i:i + size] for i in range(0, len(items), size)]


def read_text(path: Path, max_bytes: int) -> str:
    """A file's normalised text, or UnreadableDocument saying why not."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise UnreadableDocument(f"file is {size:,} bytes, over the limit of {max_bytes:,}")
        data = path.read_bytes()
    except PermissionError:
        raise UnreadableDocument("permission denied") from None
    except OSError as e:
        raise UnreadableDocument(f"cannot read file: {e.strerror or e}") from None
    text = normalize_text(decode_bytes(data))
    if not text.strip():
        raise UnreadableDocument("no text after decoding")
    return text


def extract_files(paths: list[Path], docs_dir: Path, today: dt.date, max_bytes: int) -> tuple[dict[str, list[dict]], list[dict]]:
    """Rows for every table from a batch of files, and the files that could not be read."""
    tables: dict[str, list[dict]] = {}
    rejected: list[dict] = []
    now = dt.datetime.now(dt.timezone.utc)
    seen: dict[str, str] = {}
    for path in paths:
        rel = str(path.relative_to(docs_dir))
        try:
            text = read_text(path, max_bytes)
            result = extract_document(text, source_name=path.name, source_path=rel, today=today, ingested_at=now)
        except UnreadableDocument as e:
            rejected.append({"source_name": path.name, "source_path": rel, "reason": str(e), "rejected_at": now})
            continue
        except Exception as e:  # one bad document must not sink the batch: report it and go on
            rejected.append({"source_name": path.name, "source_path": rel, "reason": f"extraction failed: {type(e).__name__}: {e}", "rejected_at": now})
            continue
        doc_id = result.document["doc_id"]
        if doc_id in seen:
            rejected.append({"source_name": path.name, "source_path": rel, "reason": f"duplicate of {seen[doc_id]} (same text)", "rejected_at": now})
            continue
        seen[doc_id] = rel
        for table, rows in result.tables().items():
            tables.setdefault(table, []).extend(rows)
    return tables, rejected


def deduplicate(build: Path) -> None:
    """One row per organization across batches; the deterministic choice keeps reruns identical."""
    files = store.parts(build, "organizations")
    if not files:
        return
    con = duckdb.connect()
    try:
        glob = str((build / "organizations").resolve() / "*.parquet")
        merged = con.execute(f"""
            SELECT organization_id, min(name) AS name, min(acronym) AS acronym, min(country) AS country, min(source) AS source
            FROM read_parquet('{glob}') GROUP BY organization_id ORDER BY organization_id""").to_arrow_table()
    finally:
        con.close()
    for f in files:
        f.unlink()
    store.write_part(build, "organizations", "all", merged.cast(store.TABLES["organizations"]))
