"""The `accord` command: run the pipeline, extract one text, query and list the warehouse."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {s!r}") from None


def cmd_run(args: argparse.Namespace) -> int:
    from flows.etl import run_pipeline
    from warehouse.checks import ChecksFailed
    from warehouse.store import WarehouseBusy, lock

    print(f"accord: reading {args.docs} -> {args.warehouse}", file=sys.stderr)
    try:
        with lock(args.warehouse.resolve()):
            pass  # a busy warehouse refuses here, in one line, not after the flow has logged a traceback
        summary = run_pipeline(
            docs_dir=args.docs, warehouse_dir=args.warehouse, batch_size=args.batch_size, max_bytes=args.max_bytes,
            full_refresh=args.full_refresh, workers=args.workers, dask_address=args.dask_address,
            partition_by_year=args.partition_by_year, max_batches=args.max_batches, hash_batch_size=args.hash_batch_size,
            follow_links=args.follow_links, budget_floor_seconds=args.budget_floor_seconds, budget_seconds_per_kb=args.budget_seconds_per_kb,
        )
    except (WarehouseBusy, ChecksFailed, FileNotFoundError) as e:
        print(f"accord: {e}", file=sys.stderr)
        return 2
    print(f"\nwarehouse: {summary.warehouse / 'analytics.duckdb'}")
    if summary.published:
        print(f"documents read: {summary.documents_seen}, rejected: {len(summary.rejected)}, checks passed: {summary.checks_run}")
        print(f"extracted: {summary.documents_extracted} new or changed ({summary.words_extracted:,} words), carried over unchanged: {summary.documents_reused}")
    else:
        print(f"documents read: {summary.documents_seen}, rejected: {len(summary.rejected)}; nothing changed since the last run: the published warehouse is up to date")
    print("seconds: " + ", ".join(f"{stage} {s:.1f}" for stage, s in summary.seconds.items()))
    width = max(map(len, summary.rows))
    for table, n in summary.rows.items():
        print(f"  {table:<{width}}  {n:>8,}")
    for r in summary.rejected:
        print(f"  rejected {r['source_path']}: {r['reason']}")
    return summary.exit_code


def cmd_serve(args: argparse.Namespace) -> int:
    from flows.deploy import serve

    overrides = {k: v for k, v in (("docs_dir", args.docs), ("warehouse_dir", args.warehouse), ("workers", args.workers)) if v is not None}
    try:
        serve(args.prefect_file, args.deployment, {k: str(v.resolve()) if isinstance(v, Path) else v for k, v in overrides.items()})
    except (FileNotFoundError, KeyError, ValueError) as e:
        print(f"accord: {e}", file=sys.stderr)
        return 2
    return 0


def _json_default(o):
    if isinstance(o, (dt.date, dt.datetime)):
        return o.isoformat()
    return str(o)


def cmd_extract(args: argparse.Namespace) -> int:
    from flows.batches import read_document
    from transforms.extract import extract_document
    from transforms.formats import ParsedDocument
    from transforms.text import UnreadableDocument, normalize_text

    path = Path(args.file_or_text)
    try:
        doc = read_document(path, 50_000_000) if path.is_file() else ParsedDocument(normalize_text(args.file_or_text))
    except UnreadableDocument as e:
        print(f"accord: {path}: {e}", file=sys.stderr)
        return 2
    result = extract_document(
        doc.text, source_name=path.name if path.is_file() else "<text>", given_date=args.date,
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


def _open_warehouse(warehouse: Path):
    """A read-only connection to the warehouse, or None when there is none (the reason printed)."""
    from warehouse.store import connect_read_only

    try:
        return connect_read_only(warehouse)
    except FileNotFoundError as e:
        print(f"accord: {e}", file=sys.stderr)
        return None


def cmd_query(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.store import execute_read_only

    if (con := _open_warehouse(args.warehouse)) is None:
        return 2
    try:
        cur = execute_read_only(con, args.sql)
        if cur.description is None:
            return 0
        df = cur.df()
    except duckdb.Error as e:
        print(f"accord: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
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
    return 0


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
        print(f"accord: {e}", file=sys.stderr)
        return 2
    print(f"dashboard: {out.resolve()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="accord", description="Turn reports on international S&T and education cooperation into analytics tables.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run the pipeline on a folder of documents", description="Read every document under --docs, extract figures, dates, agreements, organizations and people, and publish the warehouse. Exit status 3 means some files were rejected (listed at the end).")
    run.add_argument("--docs", type=Path, default=Path("seeds"), help="folder of documents (default: seeds)")
    run.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="output folder (default: warehouse)")
    run.add_argument("--batch-size", type=int, default=200, help="documents per task (default: 200)")
    run.add_argument("--max-bytes", type=int, default=20_000_000, help="reject files larger than this (default: 20 MB)")
    run.add_argument("--max-batches", type=int, default=500, help="batches grow beyond --batch-size so that a run makes at most this many tasks (default: 500)")
    run.add_argument("--hash-batch-size", type=int, default=5000, help="files per task when new and changed files are read for their content hash (default: 5000)")
    run.add_argument("--full-refresh", action="store_true", help="extract every document again instead of only new and changed ones")
    run.add_argument("--workers", type=int, default=0, help="run batches in this many processes of a local Dask cluster (default: 0, threads of this process)")
    run.add_argument("--dask-address", help="run batches on an existing Dask cluster (tcp://host:8786); its workers must see --docs and --warehouse at the same paths")
    run.add_argument("--partition-by-year", action="store_true", help="write per-document tables in published_year=YYYY folders (for large corpora)")
    run.add_argument("--follow-links", action="store_true", help="read links that lead out of --docs and links to folders (default: such links are rejected)")
    run.add_argument("--budget-seconds-per-kb", type=float, default=0.2, help="a document taking longer than this per KB (plus --budget-floor-seconds) to read and extract is stopped and rejected (default: 0.2)")
    run.add_argument("--budget-floor-seconds", type=float, default=30.0, help="seconds every document may take whatever its size (default: 30)")
    run.set_defaults(func=cmd_run)

    sv = sub.add_parser("serve", help="serve the scheduled deployment of prefect.yaml with flow.serve", description="Serve the flow on the schedule and with the parameters of a deployment in prefect.yaml until interrupted; runs are incremental. Uses the Prefect server PREFECT_API_URL names (a temporary one if none).")
    sv.add_argument("--prefect-file", type=Path, default=Path("prefect.yaml"), help="deployment file (default: prefect.yaml)")
    sv.add_argument("--deployment", default="daily", help="deployment name in it (default: daily)")
    sv.add_argument("--docs", type=Path, help="override the deployment's docs_dir")
    sv.add_argument("--warehouse", type=Path, help="override the deployment's warehouse_dir")
    sv.add_argument("--workers", type=int, help="override the deployment's workers")
    sv.set_defaults(func=cmd_serve)

    ex = sub.add_parser("extract", help="print the figures and entities of one file or text as JSON", description="Extract one file or one quoted text, with no warehouse involved, and print JSON.")
    ex.add_argument("file_or_text", help="a file path, or the text itself")
    ex.add_argument("--date", type=_date, help="publication date (YYYY-MM-DD) when the text has none")
    ex.set_defaults(func=cmd_extract)

    q = sub.add_parser("query", help="run read-only SQL against the warehouse", description="Run one SQL statement on a read-only connection and print the result.")
    q.add_argument("sql", help="the SQL statement")
    q.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="warehouse folder or .duckdb file (default: warehouse)")
    q.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format (default: table)")
    q.add_argument("--max-rows", type=int, default=200, help="rows shown in table format (default: 200)")
    q.set_defaults(func=cmd_query)

    t = sub.add_parser("tables", help="list tables and views with row counts and columns", description="List every table and view of the warehouse with its row count and columns.")
    t.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="warehouse folder or .duckdb file (default: warehouse)")
    t.set_defaults(func=cmd_tables)

    r = sub.add_parser("report", help="write the HTML dashboard of the warehouse", description="Write one self-contained HTML dashboard (opens offline): funding by year and type, exchanges by programme, agreements over time, top partner pairs and the largest figures with their sentences.")
    r.add_argument("--warehouse", type=Path, default=Path("warehouse"), help="warehouse folder or .duckdb file (default: warehouse)")
    r.add_argument("--out", type=Path, default=Path("out/dashboard.html"), help="HTML file to write (default: out/dashboard.html)")
    r.set_defaults(func=cmd_report)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
