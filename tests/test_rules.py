"""Every registered rule states itself and is held to its own cases, run through the whole extraction."""
from __future__ import annotations

import datetime as dt

import pytest

from transforms.extract import extract_document
from transforms.rules import REGISTRY, Case, Rule, all_rules, rule

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

RULES = all_rules()
CASES = [(r.name, i, c) for r in RULES for i, c in enumerate(r.cases)]


def test_every_rule_states_itself_and_has_cases():
    for r in RULES:
        assert r.sentence.endswith(".") and len(r.sentence.split()) >= 4, r.name
        assert r.n_matches >= 1, f"{r.name} has no case it must find"


@pytest.mark.parametrize("name,i,case", CASES, ids=[f"{n}-{i}" for n, i, _ in CASES])
def test_rule_case(name: str, i: int, case: Case):
    found = [text for rule_name, text in extract_document(case.text, today=dt.date(2026, 6, 1)).mentions() if rule_name == name]
    if case.finds is None:
        assert found == [], f"{name} must find nothing in {case.text!r}"
    else:
        assert case.finds in found, f"{name} must find {case.finds!r} in {case.text!r}; found {found}"


def test_every_rule_value_of_the_seed_warehouse_is_registered(seed_warehouse):
    import duckdb

    con = duckdb.connect(str(seed_warehouse / "analytics.duckdb"), read_only=True)
    values = set()
    for table in ("figures", "agreements", "organization_mentions", "people"):
        values |= {r[0] for r in con.execute(f"SELECT DISTINCT rule FROM {table}").fetchall()}
    assert sorted(v for v in values if v not in REGISTRY) == []


def test_a_rule_needs_a_sentence_and_a_unique_name():
    with pytest.raises(ValueError):
        rule("test:no_doc", "test")(lambda doc: None)

    def first(doc):
        """A first function states a rule."""

    def second(doc):
        """A second function states another rule."""

    rule("test:unique", "test", [Case("x", None)])(first)
    try:
        with pytest.raises(ValueError):
            rule("test:unique", "test")(second)
        assert isinstance(REGISTRY["test:unique"], Rule)
    finally:
        REGISTRY.pop("test:unique")
