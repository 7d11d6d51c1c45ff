"""Progress of the extraction batches: a bar on a terminal, plain lines every few seconds in logs and CI."""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable

# Plain progress lines at most this often (and always for the last batch): a line per batch would flood a
# log at 500 batches, and none for minutes looks like a hang.
LINE_EVERY_SECONDS = 10.0


def progress_line(done: int, total: int, elapsed: float) -> str:
    """`extracted 400 of 2,000 documents (20%), 85 documents/s, about 19 s left`."""
    rate = done / elapsed if elapsed > 0 else 0.0
    line = f"extracted {done:,} of {total:,} documents ({done / total:.0%})" if total else f"extracted {done:,} documents"
    if rate > 0:
        line += f", {rate:,.0f} documents/s"
        if done < total:
            line += f", about {_duration((total - done) / rate)} left"
    if done >= total:
        line += f" in {_duration(elapsed)}"
    return line


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class Progress:
    """Documents done of the total. On a terminal, a rich progress bar (done/total, rate, time left);
    elsewhere `progress_line` logged at most every `every` seconds, and when the last batch is done."""

    def __init__(self, total: int, logger: logging.Logger | logging.LoggerAdapter, terminal: bool | None = None,
                 every: float = LINE_EVERY_SECONDS, clock: Callable[[], float] = time.monotonic, console=None) -> None:
        self.total, self.done, self.logger, self.every, self.clock = total, 0, logger, every, clock
        self.started = self.last_line = clock()
        self.bar = None
        if sys.stderr.isatty() if terminal is None else terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn, TimeRemainingColumn

            self.bar = Bar(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("documents"),
                           TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=console, transient=False)
            self.task = self.bar.add_task("extract", total=total, rate="")
            self.bar.start()

    def advance(self, documents: int) -> None:
        self.done += documents
        now = self.clock()
        if self.bar is not None:
            elapsed = now - self.started
            self.bar.update(self.task, completed=self.done, rate=f"{self.done / elapsed:,.0f}/s" if elapsed > 0 else "")
        elif self.done >= self.total or now - self.last_line >= self.every:
            self.logger.info(progress_line(self.done, self.total, now - self.started))
            self.last_line = now

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.logger.info(progress_line(self.done, self.total, self.clock() - self.started))  # the bar's end, in the log too
