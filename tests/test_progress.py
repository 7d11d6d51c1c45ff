"""Progress of the extraction batches: plain lines every few seconds off a terminal, a rich bar on one, and
batches that finish one after another with the default runner, so progress comes as they finish."""
from __future__ import annotations

import datetime as dt
import io
import logging
import shutil

import pytest

from flows.progress import Progress, progress_line
from tests.conftest import SEEDS


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def logger():
    log = logging.getLogger("test-progress")
    handler = Lines()
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    yield log, handler.lines
    log.removeHandler(handler)


@pytest.mark.parametrize("done, total, elapsed, line", [
    (400, 2000, 5.0, "extracted 400 of 2,000 documents (20%), 80 documents/s, about 20 s left"),
    (100, 10_000, 10.0, "extracted 100 of 10,000 documents (1%), 10 documents/s, about 16 min left"),
    (2000, 2000, 25.0, "extracted 2,000 of 2,000 documents (100%), 80 documents/s in 25 s"),
    (0, 500, 0.0, "extracted 0 of 500 documents (0%)"),
])
def test_a_progress_line_says_done_of_total_rate_and_time_left(done, total, elapsed, line):
    assert progress_line(done, total, elapsed) == line


def test_off_a_terminal_progress_is_a_plain_line_every_few_seconds_and_at_the_end(logger):
    log, lines = logger
    now = [0.0]
    progress = Progress(1000, log, terminal=False, every=10, clock=lambda: now[0])
    for _ in range(10):  # ten batches of 100, one every 3 s
        now[0] += 3
        progress.advance(100)
    progress.close()
    assert lines == [
        "extracted 400 of 1,000 documents (40%), 33 documents/s, about 18 s left",  # 12 s: the first line after 10 s
        "extracted 800 of 1,000 documents (80%), 33 documents/s, about 6 s left",   # 24 s
        "extracted 1,000 of 1,000 documents (100%), 33 documents/s in 30 s",       # the last batch, always
    ]


def test_on_a_terminal_progress_is_a_bar_with_done_of_total_rate_and_time_left(logger):
    from rich.console import Console

    log, lines = logger
    out = io.StringIO()
    progress = Progress(1000, log, terminal=True, console=Console(file=out, force_terminal=True, width=120))
    progress.advance(250)
    progress.bar.refresh()
    shown = out.getvalue()
    assert "250/1000" in shown and "documents" in shown and "/s" in shown
    assert lines == []  # no log lines under a bar
    progress.close()
    assert lines[-1].startswith("extracted 250 of 1,000 documents (25%)")


def test_with_the_default_runner_at_most_one_batch_per_core_and_one_writing_run_at_once(tmp_path):
    """Each thread drives an extraction process, at most one per core: more batches side by side would only
    share the cores and all finish at the end of the run at once, so progress would come in one burst. One
    thread more may run a batch, which takes the process another batch gives back while it writes its parts."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId, TaskRunFilter, TaskRunFilterName

    from flows.etl import batch_parallelism, run_pipeline

    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs, ignore=shutil.ignore_patterns("reference"))
    state = run_pipeline(docs_dir=docs, warehouse_dir=tmp_path / "w", today=dt.date(2026, 11, 22), batch_size=1, return_state=True)
    summary = state.result()
    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[state.state_details.flow_run_id])),
            task_run_filter=TaskRunFilter(name=TaskRunFilterName(like_="extract_batch")))
    assert len(runs) == summary.documents_extracted >= 5
    for run in runs:
        running_then = [r for r in runs if r.start_time <= run.start_time < r.end_time]
        assert len(running_then) <= batch_parallelism(0) + 1, [(r.name, r.start_time, r.end_time) for r in running_then]
    assert min(r.end_time for r in runs) <= max(r.start_time for r in runs)  # a batch was done before the last began
