"""Every dependency pyproject.toml declares is used: imported by the code or its tests, or declared for a reason
named here (an installed package no one imports is weight every deployment carries)."""
from __future__ import annotations

import re
import tomllib
from importlib import metadata

from tests.conftest import ROOT

NOT_IMPORTED = {
    "fastapi": "pinned for prefect's server, which fails at start-up with newer versions",
    "duckdb-engine": "the SQLAlchemy dialect BI tools load by the duckdb:// URL",
}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_every_declared_dependency_is_imported_or_says_why_not():
    declared = [_name(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]]
    modules_of: dict[str, set[str]] = {}
    for module, dists in metadata.packages_distributions().items():
        for dist in dists:
            modules_of.setdefault(dist.lower().replace("_", "-"), set()).add(module)
    imported = set()
    for folder in ("flows", "transforms", "warehouse", "benchmarks", "tests"):
        for path in (ROOT / folder).rglob("*.py"):
            imported |= set(re.findall(r"^\s*(?:from|import)\s+(\w+)", path.read_text(encoding="utf-8"), re.M))
    unused = [d for d in declared if d not in NOT_IMPORTED and not modules_of.get(d, set()) & imported]
    assert unused == [], f"declared in pyproject.toml and never imported: {unused}"
