"""The rule registry: every extraction rule is a small named function, registered under the name it writes to
the `rule` column, so that a row in the warehouse leads straight to its code, its sentence and its cases.

A rule states itself in the first line of its docstring and carries a table of cases in its own words: texts
it must find something in (and what) and texts it must find nothing in. tests/test_rules.py runs every case
through the whole extraction, so a case also fails when another stage hides what the rule should see.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

# the modules whose import registers rules; `all_rules` imports them so a listing is complete
RULE_MODULES = ("transforms.dates", "transforms.figures", "transforms.organizations", "transforms.people", "transforms.agreements")


@dataclass(frozen=True)
class Case:
    """One example of a rule: in `text`, the rule finds a row whose text is `finds`, or nothing when `finds` is None."""

    text: str
    finds: str | None


@dataclass(frozen=True)
class Rule:
    name: str
    stage: str
    sentence: str
    cases: tuple[Case, ...]
    func: Callable

    @property
    def n_matches(self) -> int:
        return sum(c.finds is not None for c in self.cases)


REGISTRY: dict[str, Rule] = {}


def rule(name: str, stage: str, cases: list[Case] | tuple[Case, ...] = ()):
    """Register the decorated function as rule `name` of `stage`; its docstring's first line is the rule's sentence."""

    def register(func: Callable) -> Callable:
        sentence = (func.__doc__ or "").strip().split("\n")[0].strip()
        if not sentence:
            raise ValueError(f"rule {name}: the function needs a docstring that states the rule")
        if name in REGISTRY and REGISTRY[name].func.__qualname__ != func.__qualname__:
            raise ValueError(f"rule {name} is registered twice ({REGISTRY[name].func.__qualname__}, {func.__qualname__})")
        REGISTRY[name] = Rule(name, stage, sentence, tuple(cases), func)
        func.rule_name = name
        return func

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by stage and name."""
    for module in RULE_MODULES:
        importlib.import_module(module)
    return sorted(REGISTRY.values(), key=lambda r: (r.stage, r.name))
