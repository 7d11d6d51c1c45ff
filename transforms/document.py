"""One document object that extraction stages read and enrich, in the order of `STAGES`.

The model is spaCy's `Doc` and its registered pipeline components: a stage reads only what earlier stages
put on the document and adds its own layer, so a stage can be tested by building a document up to it and
no extractor hands results to another by position.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from transforms.text import Sentences


@dataclass
class Document:
    text: str
    today: dt.date | None = None
    given_date: dt.date | None = None
    metadata_date: object | None = None  # a PublicationDate the file itself states (an HTML meta tag, front matter)
    reference: object | None = None  # organizations.Reference; None: the bundled one
    # layers, each set by one stage
    sentences: Sentences | None = None
    publication: object | None = None  # dates.PublicationDate
    dates: list = field(default_factory=list)  # dates.DateMention, text order
    figures: list = field(default_factory=list)  # figures.Figure, text order
    organizations: list = field(default_factory=list)  # organizations.OrgMention, text order
    people: list = field(default_factory=list)  # people.Person
    agreements: list = field(default_factory=list)  # agreements.Agreement


Stage = Callable[[Document], None]
STAGES: dict[str, Stage] = {}


def stage(name: str):
    """Register a pipeline stage; stages run in the order their modules register them (see transforms.extract)."""

    def register(func: Stage) -> Stage:
        STAGES[name] = func
        return func

    return register


def run_stages(doc: Document, names: list[str]) -> Document:
    for name in names:
        STAGES[name](doc)
    return doc


@stage("sentences")
def split_sentences(doc: Document) -> None:
    """Sentences first: every later stage asks which sentence an offset is in."""
    doc.sentences = Sentences(doc.text)
