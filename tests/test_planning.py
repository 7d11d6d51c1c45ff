"""Planning's scan of the documents folder: each file's source_path as the tables hold it, whatever its name."""
import os

import pytest

from flows.batches import display_path, list_files
from flows.incremental import scan_files

pytestmark = pytest.mark.pure


def test_scan_gives_each_file_its_path_under_the_folder_size_and_mtime(tmp_path):
    docs = tmp_path / "docs"
    (docs / "2024" / "briefs").mkdir(parents=True)
    (docs / "a.txt").write_text("one")
    (docs / "2024" / "briefs" / "b.md").write_text("three")
    (docs / "docs-copy.txt").write_text("sibling name starting like the folder")
    odd = os.fsencode(docs / "2024") + b"/note-\xe9.txt"  # a Latin-1 name, not UTF-8
    with open(odd, "wb") as fh:
        fh.write(b"x")
    paths, _ = list_files(docs)
    scanned = scan_files(paths, docs, display_path)
    assert sorted(f.source_path for f in scanned) == ["2024/briefs/b.md", "2024/note-\\xe9.txt", "a.txt", "docs-copy.txt"]
    assert {f.source_path: f.size for f in scanned}["2024/briefs/b.md"] == 5
    assert all(f.source_path == display_path(f.path.relative_to(docs)) and f.mtime_ns > 0 for f in scanned)


def test_a_file_gone_since_listing_is_scanned_with_size_minus_one(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gone.txt").write_text("soon gone")
    paths, _ = list_files(docs)
    (docs / "gone.txt").unlink()
    [state] = scan_files(paths, docs, display_path)
    assert (state.source_path, state.size, state.mtime_ns) == ("gone.txt", -1, -1)
