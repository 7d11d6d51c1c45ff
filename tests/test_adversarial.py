"""A short run of the adversarial benchmark: every generated pathological input, and the red team's
all-capitals headings, must finish under a generous cap, so a pattern that backtracks without bound fails
here instead of stalling CI. Speed itself is measured by benchmarks/adversarial.py, not asserted."""
from __future__ import annotations

import pytest

from benchmarks.adversarial import Worker, generated_inputs

pytestmark = pytest.mark.pure  # no Prefect server: see tests/conftest.py

CAP_SECONDS = 60.0  # per input; an input of a few KB takes well under a second when nothing backtracks

# the red team's reports: an all-capitals heading without spaces, as PDF text layers give, stalled a run
RED_TEAM = {
    f"capitals x{n} heading": "JOINT STATEMENT\n" + "A" * n + "\n\nThe two agencies signed an agreement on 3 May 2023.\n"
    for n in (250, 500, 1000)
}

# inputs that were quadratic only past a few KB (a run "A-A-A-..." in organizations, a run of spaces and tabs
# in sentence splitting took over 60 s at 100 KB): at 2 KB they pass whatever the pattern, so they run long here
TEXT_RUNS = ("capitals_hyphens", "whitespace")
LONG_RUN_SIZE = 100_000


def test_no_input_hangs_extraction():
    long_runs = generated_inputs(LONG_RUN_SIZE)
    inputs = {**RED_TEAM, **generated_inputs(2_000), **{f"{n} x{LONG_RUN_SIZE}": long_runs[n] for n in TEXT_RUNS}}
    worker = Worker()
    try:
        timeouts = [name for name, text in inputs.items() if worker.stage_seconds(text, CAP_SECONDS) is None]
    finally:
        worker.close()
    assert timeouts == [], f"over {CAP_SECONDS:.0f} s: {timeouts}"


# runs that once grew quadratically (each number reread the rest of a run without spaces: 100 KB of '1.'
# took over 100 s); at this size a pass that rescans per number overruns the cap, a linear one takes seconds
# 'money_and_people_repeated': one 120 KB sentence of amounts and counts of people, whose movement test once read
# the whole sentence per count
NUMBER_RUNS = ("decimal_points", "digits_with_spaces", "percent_repeated", "money_repeated", "money_and_people_repeated")


def test_long_runs_of_numbers_stay_linear():
    inputs = {name: text for name, text in generated_inputs(100_000).items() if name in NUMBER_RUNS}
    assert sorted(inputs) == sorted(NUMBER_RUNS)
    worker = Worker()
    try:
        timeouts = [name for name, text in inputs.items() if worker.stage_seconds(text, CAP_SECONDS) is None]
    finally:
        worker.close()
    assert timeouts == [], f"over {CAP_SECONDS:.0f} s at 100 KB: {timeouts}"


def test_the_worker_reports_a_hang_and_recovers():
    worker = Worker()
    try:
        # a text this pathological for a backtracking pattern is not available once every pattern is
        # linear, so the cap itself is tested with a cap too short for any extraction
        assert worker.stage_seconds("A short text.", 0.0) is None
        assert worker.stage_seconds("A short text.", CAP_SECONDS) is not None
    finally:
        worker.close()
