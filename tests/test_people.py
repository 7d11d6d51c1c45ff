"""People, table-driven: name, role and organization; names and roles that stop where they should."""
from __future__ import annotations

import subprocess
import sys

import pytest

from transforms.extract import extract_document

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py


def people(text: str) -> list[tuple]:
    res = extract_document(text)
    names = {o["organization_id"]: o["name"] for o in res.organizations}
    for p in res.people:
        assert text[p["char_start"]:p["char_end"]] == p["text"]
    return [(p["name"], p["role"], names.get(p["organization_id"])) for p in res.people]


CASES = [
    # phase 2 of issue 11: a byline's stand-in is no person; a role of a named body before ', Dr. <name>' is that person's
    ("By Our Correspondent\n\nThe two academies agreed to exchange fellows.", []),
    ("STAFF REPORTER\nBy Staff Reporter\n\nThe institutes signed.", []),
    ("The Rector of Ghent University, Prof. Anna Maes, and the President of the Kenya Polytechnic Institute, Dr. John Mwangi, signed.",
     [("Anna Maes", "Rector of Ghent University", "Ghent University"),
      ("John Mwangi", "President of the Kenya Polytechnic Institute", "Kenya Polytechnic Institute")]),
    ("It was signed by the Vice-Rector of the University of Porto, Dr. Rui Costa.",
     [("Rui Costa", "Vice-Rector of the University of Porto", "University of Porto")]),
    ("Contact person: Kofi Mensah\nProgramme Officer\nGhana Research Council\n",
     [("Kofi Mensah", "Programme Officer Ghana Research Council", "Ghana Research Council")]),
    ("Contact: Jonas Berg (International Desk, Lund Polar Institute)\nPhone: +46 123", [("Jonas Berg", "International Desk", "Lund Polar Institute")]),
    ("Minister Ana Costa and Rector Luis Lima of the University of Minho signed.",
     [("Ana Costa", "Minister", None), ("Luis Lima", "Rector", "University of Minho")]),
    ("Lena Hartmann, Director of the Polar Institute, said the MoU matters.",
     [("Lena Hartmann", "Director of the Polar Institute", "Polar Institute")]),
    ("The MoU was signed by Dr. Amara Okafor, President, Lund University and Prof. Tomas Lind, Rector, Aalto University.",
     [("Amara Okafor", "President, Lund University", "Lund University"), ("Tomas Lind", "Rector, Aalto University", "Aalto University")]),
    ("Prime Minister Anna Berg met her counterpart in the capital.", [("Anna Berg", "Prime Minister", None)]),
    ("Minister for Industry and Science Ed Marsh announced the fund.", [("Ed Marsh", "Minister for Industry and Science", None)]),
    ("For the Ministry\n\nKARLSSON Ingrid\nMinister of Economy, Trade and Industry", [("KARLSSON Ingrid", "Minister of Economy, Trade and Industry", None)]),
    ("The text ends here.\n\n(Ruth Abebe)", [("Ruth Abebe", "author", None)]),
    # hyphenated and multi-part names
    ("Vice Chancellor Kim Dae-jung opened the centre.", [("Kim Dae-jung", "Vice Chancellor", None)]),
    ("Jean-Pierre Moreau, Director of the Polar Institute, spoke first.", [("Jean-Pierre Moreau", "Director of the Polar Institute", "Polar Institute")]),
    ("Ursula van der Berg, President of the Research Council, opened the call.", [("Ursula van der Berg", "President of the Research Council", "Research Council")]),
    ("Mohammed bin Rashid, Chairman of the Space Agency, welcomed the team.", [("Mohammed bin Rashid", "Chairman of the Space Agency", "Space Agency")]),
    ("Professor Seán O'Brien, Head of Physics, and Dr. Li Wei attended.", [("Seán O'Brien", "Professor; Head of Physics", None), ("Li Wei", None, None)]),
    # a role never runs into the next person, a clause or a quotation
    ("Minister for Research Anna Berg and Director General Tomas Lind signed the MoU.",
     [("Anna Berg", "Minister for Research", None), ("Tomas Lind", "Director General", None)]),
    ("Lena Hartmann, Director of the Polar Institute “We are ready,” she said.", [("Lena Hartmann", "Director of the Polar Institute", "Polar Institute")]),
    ("Lena Hartmann, Director of the Polar Institute, welcomed the delegation.", [("Lena Hartmann", "Director of the Polar Institute", "Polar Institute")]),
    # no name crosses a line break
    ("Director General Tomas\nLind signed the MoU.", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_people(text, expected):
    assert people(text) == expected


RED_TEAM_HEADINGS = ["A" * n for n in (250, 500, 1000, 5000)] + ["AB " * 2000, "A-" * 2000, "Dr. " * 2000, "Minister for " + "Aa and " * 1000]


@pytest.mark.parametrize("heading", RED_TEAM_HEADINGS, ids=lambda h: f"{h[:6]}x{len(h)}")
def test_pathological_headings_finish(heading):
    """Every people pattern on a run of capitals and its relatives, in a child under a generous cap: 'A' * 500 took
    88 s and 'A' * 1000 never finished while the name tokens could split a run of capitals in n^4 ways."""
    code = "import sys\nfrom transforms.extract import extract_document\nextract_document('MEMORANDUM\\n' + sys.argv[1] + '\\nDirector\\n\\n')\n"
    subprocess.run([sys.executable, "-c", code, heading], check=True, timeout=60)
