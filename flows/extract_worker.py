"""Extraction in a child process that can be stopped: the last line of defence against a document that
takes too long (a pattern that backtracks, a parser that loops).

A thread that extracts in its own process cannot be interrupted while a regular expression runs (it holds
the GIL), and neither can the process's signal handlers, so a run would ignore SIGTERM for as long as the
pattern runs. Here each extracting thread keeps one long-lived child process (started once: no process
per document), sends it a batch's files in one message and waits for each file's answer no longer than
that file's time budget (the child goes from one file to the next without waiting for the parent: a
round trip per file cost as much as reading the file on a busy machine); a child over budget is killed,
the file rejected with `extraction exceeded its time budget`, and a new child takes the rest of the batch. Waiting on a pipe leaves the parent free to handle signals; a child
dies with the thread that started it (PR_SET_PDEATHSIG), and stops as soon as the interpreter exits.

    python -m flows.extract_worker PARENT_PID EXTRACTOR   (started by ExtractionWorker, never by hand)
"""
from __future__ import annotations

import ctypes
import importlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from flows import defaults

_LENGTH = struct.Struct("<Q")
POLL_SECONDS = 0.5  # how often a waiting parent checks that its interpreter is not shutting down
STARTUP_SECONDS = 300  # for a child to import the extractors (about 2 s; much more on a loaded machine)


@dataclass(frozen=True)
class TimeBudget:
    """Seconds a document may take to read and extract: a floor plus seconds per KB of the file."""
    floor_seconds: float = defaults.BUDGET_FLOOR_SECONDS
    seconds_per_kb: float = defaults.BUDGET_SECONDS_PER_KB

    def seconds(self, n_bytes: int) -> float:
        return self.floor_seconds + self.seconds_per_kb * max(0, n_bytes) / 1024


class BudgetExceeded(Exception):
    """The child was killed: the document took longer than its budget."""


class ExtractionProcessDied(RuntimeError):
    """The child ended on its own while extracting (a crash, the kernel's out-of-memory killer)."""


_SPAWNER = ThreadPoolExecutor(1, thread_name_prefix="accord-extraction-spawner")
_STOPPING = threading.Event()  # the run is ending: no new document, no new child
_LIVE: "weakref.WeakSet[ExtractionWorker]" = weakref.WeakSet()


def stop_on_signals() -> None:
    """Make SIGTERM and Ctrl-C kill every extraction child at once, then do what they did before (Prefect's
    handler, which ends the run). Without this the run would end only after the extracting threads, which
    wait for their documents. From the main thread of a run (elsewhere signals cannot be handled)."""
    _STOPPING.clear()
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGINT):
        current = signal.getsignal(signum)
        if getattr(current, "stops_extraction", False):
            continue

        def handler(signum, frame, current=current):
            stop_all()
            if callable(current):
                current(signum, frame)
            elif current == signal.SIG_DFL:
                signal.signal(signum, signal.SIG_DFL)
                os.kill(os.getpid(), signum)

        handler.stops_extraction = True
        signal.signal(signum, handler)


def stopping() -> bool:
    return _STOPPING.is_set()


def stop_all() -> None:
    """Kill every extraction child of this process; the threads waiting on them give up their batches."""
    _STOPPING.set()
    for worker in list(_LIVE):
        if worker.process is not None:
            worker.process.kill()  # the waiting thread sees the pipe close, and cleans up


class ExtractionWorker:
    """One child process and the pipe to it; `call` runs one request within a deadline."""

    def __init__(self, extractor: str):
        self.extractor = extractor
        self.process: subprocess.Popen | None = None
        _LIVE.add(self)

    def _start(self) -> subprocess.Popen:
        """A new child, once it has imported the extractors (seconds that no document's budget pays for)."""
        root = Path(__file__).resolve().parent.parent
        # Started from one long-lived thread: the kernel ties a child's PR_SET_PDEATHSIG to the thread that
        # started it, and the thread of a task may end while another thread still uses the child.
        self.process = _SPAWNER.submit(
            subprocess.Popen, [sys.executable, "-m", "flows.extract_worker", str(os.getpid()), self.extractor],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=root, close_fds=True,  # never holds the warehouse lock
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))},
        ).result()
        try:
            self._answer(STARTUP_SECONDS)
        except BudgetExceeded:
            raise ExtractionProcessDied(f"the extraction process did not start within {STARTUP_SECONDS} s") from None
        return self.process

    def call(self, request: tuple, seconds: float):
        """The child's answer to `request`; BudgetExceeded (the child killed) when it takes longer than
        `seconds`, ExtractionProcessDied when the child ended, RuntimeError when the interpreter is shutting down."""
        self.send([request])
        return self.answer(seconds)

    def send(self, requests: list[tuple]) -> None:
        """Give the child requests to work through in order; `answer` then returns their answers one by one.
        One message, written while the child waits for it: requests queued in the pipe behind answers the
        parent is not reading yet could fill both pipes and stall both processes."""
        if _STOPPING.is_set():
            raise RuntimeError("extraction stopped: the run is ending")
        process = self.process if self.process is not None and self.process.poll() is None else self._start()
        _send(process.stdin, requests)

    def answer(self, seconds: float):
        """The answer to the next request sent; BudgetExceeded (the child killed) when it takes longer than
        `seconds`, ExtractionProcessDied when the child ended, RuntimeError when the interpreter is shutting down."""
        return self._answer(seconds)

    def _answer(self, seconds: float):
        process = self.process
        deadline = time.monotonic() + seconds
        fd = process.stdout.fileno()
        while True:
            if _STOPPING.is_set() or not threading.main_thread().is_alive():  # the run is ending: do not keep it waiting
                self.stop()
                raise RuntimeError("extraction stopped: the run is ending")
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise BudgetExceeded()
            if select.select([fd], [], [], min(left, POLL_SECONDS))[0]:
                answer = _receive_unbuffered(fd)
                if answer is None:
                    if _STOPPING.is_set():
                        self.stop()
                        raise RuntimeError("extraction stopped: the run is ending")
                    status = process.wait()
                    self.stop()
                    raise ExtractionProcessDied(f"the extraction process ended unexpectedly (exit status {status})")
                return answer

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            for pipe in (self.process.stdin, self.process.stdout):
                pipe.close()
            self.process = None


def _send(stream, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _receive(stream):
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    return pickle.loads(stream.read(_LENGTH.unpack(head)[0]))


def _receive_unbuffered(fd: int):
    """_receive from the pipe itself, for the parent that waits on it with select: a buffered reader would
    take the answers after this one into its buffer too, where select cannot see them."""
    head = _read_exactly(fd, _LENGTH.size)
    body = _read_exactly(fd, _LENGTH.unpack(head)[0]) if head is not None else None
    return None if body is None else pickle.loads(body)


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks = []
    while n:
        chunk = os.read(fd, n)
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _die_with_parent(parent_pid: int) -> None:
    """Linux: the kernel kills this process when the thread that started it (the spawner, which lives as
    long as the parent's interpreter) ends, however it ends."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the closed pipe ends the child once its current document is done
    if os.getppid() != parent_pid:  # the parent was gone before the request above took effect
        os._exit(1)


def main(argv: list[str]) -> None:
    parent_pid, extractor_name = int(argv[0]), argv[1]
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it kills this process
    from flows.batches import Stopwatch, extract_file, hash_file
    from transforms import dates, extract, formats, fx  # noqa: F401 (imported before "ready": no document's budget pays for them)

    module, name = extractor_name.split(":")
    extractor = getattr(importlib.import_module(module), name)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a print() in extraction code must not corrupt the answers
    _send(stdout, "ready")
    while (requests := _receive(stdin)) is not None:
        for kind, *args in requests:
            if kind == "hash":
                _send(stdout, hash_file(*args))
                continue
            rates, *args = args
            if rates != fx.rates_file_in_use():
                fx.choose_rates(rates)  # the run's ECB file, loaded when the first amount is converted
            clock = Stopwatch()
            rows = extract_file(*args, clock=clock, extractor=extractor)
            _send(stdout, (rows, clock.seconds))


if __name__ == "__main__":
    main(sys.argv[1:])
