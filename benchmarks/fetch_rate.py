"""The fetch stage's rate against web sites on 127.0.0.1 (tests/fetch_server.py): pages per second for a
first run (every page new: fetched, archived, laid out as a file) and a second one (every page answered
304 to a conditional request), with one host and with several (one local server per port: the rate
limit and robots.txt apply per host, and hosts are fetched in parallel).

    python -m benchmarks.fetch_rate --pages 300 --hosts 1 4

Extraction is not measured here (benchmarks/run.py does that): only the stage before it.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import generate_document
from tests.fetch_server import Site


def measure(pages: int, hosts: int, rate_limit: float) -> dict[str, float]:
    from flows.fetch import fetch_sources

    sites = [Site().start() for _ in range(hosts)]
    try:
        per_site = -(-pages // hosts)
        for h, site in enumerate(sites):
            links = []
            for i in range(per_site):
                path = f"/news/{h}-{i}.html"
                site.page(path, f"report {h}-{i}", generate_document(7, h * per_site + i))
                links.append(path)
            site.rss("/feed.xml", links)
        with tempfile.TemporaryDirectory(prefix="accord-fetch-bench-") as tmp:
            sources = Path(tmp) / "sources.yaml"
            sources.write_text("defaults: {rate_limit: %g}\nsources:\n" % rate_limit + "".join(
                f"  - {{name: site{h}, kind: feed, url: '{s.base}/feed.xml'}}\n" for h, s in enumerate(sites)))
            out = {}
            for run in ("first", "second"):
                start = time.perf_counter()
                fetched = fetch_sources(sources, Path(tmp) / "w")
                seconds = time.perf_counter() - start
                out[f"{run}_seconds"] = seconds
                out[f"{run}_pages_per_s"] = per_site * hosts / seconds
                out[f"{run}_counts"] = fetched.counts
            return out
    finally:
        for site in sites:
            site.stop()


def warm_up() -> None:
    """Start Prefect's temporary server before anything is timed (about 12 s on an idle machine)."""
    from prefect import flow

    flow(name="accord-fetch-warm-up")(lambda: None)()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.fetch_rate", description=__doc__.splitlines()[0])
    p.add_argument("--pages", type=int, default=300, help="pages in all (at most 1,000 here)")
    p.add_argument("--hosts", type=int, nargs="+", default=[1, 4], help="numbers of local hosts to spread them over")
    p.add_argument("--rate-limit", type=float, default=1000.0, help="requests per second per host (default 1000: no throttle)")
    args = p.parse_args(argv)
    warm_up()
    for hosts in args.hosts:
        r = measure(min(args.pages, 1000), hosts, args.rate_limit)
        print(f"{hosts} host(s), {args.pages} pages: first run {r['first_pages_per_s']:.1f} pages/s ({r['first_seconds']:.1f} s), "
              f"second run (all 304) {r['second_pages_per_s']:.1f} pages/s ({r['second_seconds']:.1f} s); "
              f"counts {r['first_counts']} / {r['second_counts']}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
