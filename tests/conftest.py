"""Shared fixtures: one Prefect test server per session, and one real run on the seeds."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def prefect_server():
    """Prefect's temporary API server takes ~12 s to start: start it once for the whole session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(autouse=True)
def _prefect_unless_pure(request):
    """Every test runs against the session's Prefect server unless its module is marked `pure` (pure
    unit tests of transforms: they must not wait for a server, nor need one)."""
    if request.node.get_closest_marker("pure") is None:
        request.getfixturevalue("prefect_server")


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory, prefect_server) -> Path:
    """The warehouse built by the real flow from the seed documents."""
    from flows.etl import run_pipeline

    out = tmp_path_factory.mktemp("warehouse")
    docs = tmp_path_factory.mktemp("docs")
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, docs / f.name)
    summary = run_pipeline(docs_dir=docs, warehouse_dir=out, today=dt.date(2026, 11, 22))
    assert summary.rejected == []
    return out
