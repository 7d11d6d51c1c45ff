"""People, table-driven: name, role and organization."""
from __future__ import annotations

import pytest

from transforms.extract import extract_document


def people(text: str) -> list[tuple]:
    res = extract_document(text)
    names = {o["organization_id"]: o["name"] for o in res.organizations}
    for p in res.people:
        assert text[p["char_start"]:p["char_end"]] == p["text"]
    return [(p["name"], p["role"], names.get(p["organization_id"])) for p in res.people]


CASES = [
    ("Manindra Agrawal, Director of IIT Kanpur, said the MoU matters.",
     [("Manindra Agrawal", "Director of IIT Kanpur", "Indian Institute of Technology Kanpur")]),
    ("The MoU was signed by Dr. Hiroshi Yamakawa, President, JAXA and Shri S. Somanath, Chairman, ISRO.",
     [("Hiroshi Yamakawa", "President, JAXA", "Japan Aerospace Exploration Agency"), ("S. Somanath", "Chairman, ISRO", "Indian Space Research Organisation")]),
    ("Prime Minister Narendra Modi met his counterpart in Tokyo.", [("Narendra Modi", "Prime Minister", None)]),
    ("Minister for Industry and Science Ed Husic announced the fund.", [("Ed Husic", "Minister for Industry and Science", None)]),
    ("For the Ministry\n\nMUTO Yoji\nMinister of Economy, Trade and Industry of Japan", [("MUTO Yoji", "Minister of Economy, Trade and Industry of Japan", None)]),
    ("The text ends here.\n\n(Manas Dasgupta)", [("Manas Dasgupta", "author", None)]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_people(text, expected):
    assert people(text) == expected
