"""PostgreSQL against SQLite, page by page in turn: the 2× target's measurement, made so that the machine's own drift
does not count. For each size, a SQLite store and a PostgreSQL database are seeded alike and each served by one
`deskflow serve`; each page is then loaded with wrk on SQLite, then on PostgreSQL, then again, `--rounds` times, so
both engines meet the same moments of a machine whose speed wanders (a shared VM: the same SQLite page measured
736–1,090/s in three runs of one day). `bench/run --database postgres` measures the engines one after the other,
with nginx, two instances and cancels; this measures only the pages, side by side.

Runs under a throw-away `pg_virtualenv` cluster (fsync on) unless PG* names a server. Writes
bench/results/postgres-paired.json and .md."""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import bench
from deskflow_client import Browser, Server, cli, postgres

TARGET = 2.0


def measure(binary: Path, orders: int, duration: str, rounds: int, workdir: Path) -> dict:
    """Each page's rate on each engine, round after round, at one store size."""
    print(f"\n== {orders:,} orders", flush=True)
    stores = {"sqlite": bench.store_database("sqlite", orders, workdir),
              "postgres": bench.store_database("postgres", orders, workdir)}
    for store in stores.values():
        cli.seed(binary, store, orders=orders)
        cli.add_user(binary, store, bench.EMAIL, "Benchmark", bench.PASSWORD)
    servers = {"sqlite": Server(binary, stores["sqlite"], workdir, name=f"paired-sqlite-{orders}"),
               "postgres": Server(binary, stores["postgres"], workdir, workdir / f"mail-paired-{orders}",
                                  name=f"paired-postgres-{orders}")}
    rates: dict[str, dict[str, list[float]]] = {engine: {} for engine in servers}
    try:
        targets = {}
        for engine, server in servers.items():
            server.start(timeout=60)
            session = Browser(server.origin)
            session.sign_in(bench.EMAIL, bench.PASSWORD)
            paths, sample, _, _ = bench.page_paths(session)
            targets[engine] = (server.origin, paths, sample, session.cookie_header)
        for page in targets["sqlite"][1]:
            for _ in range(rounds):
                for engine, (origin, paths, sample, cookie) in targets.items():
                    result = bench.load_page(origin, page, paths[page], sample, cookie, duration)
                    if result.get("failures"):
                        raise RuntimeError(f"{page} on {engine}: {result['failures']} failed requests")
                    rates[engine].setdefault(page, []).append(result["rps"])
            sqlite, pg = rates["sqlite"][page], rates["postgres"][page]
            print(f"{page}: SQLite {' '.join(f'{r:.0f}' for r in sqlite)}/s, "
                  f"PostgreSQL {' '.join(f'{r:.0f}' for r in pg)}/s", flush=True)
    finally:
        for server in servers.values():
            server.stop()
    return {"orders": orders, "rates": rates}


def cost(entry: dict, page: str) -> tuple[float, float, float]:
    """PostgreSQL's cost against SQLite's (SQLite's rate over PostgreSQL's), from the median of each engine's rounds,
    with the lowest and highest of the rounds taken pair by pair."""
    sqlite, pg = entry["rates"]["sqlite"][page], entry["rates"]["postgres"][page]
    pairs = [s / p for s, p in zip(sqlite, pg)]
    return statistics.median(sqlite) / statistics.median(pg), min(pairs), max(pairs)


def markdown(run: dict) -> str:
    lines = [f"{run['date']} · {run['machine']} · PostgreSQL {run['postgres']} on the same machine, fsync and "
             f"synchronous_commit on · wrk {bench.THREADS} threads, {run['duration']} a round, {run['rounds']} rounds "
             "a page on each engine in turn, one instance each · release build", "",
             f"| page | orders | SQLite (median) | PostgreSQL (median) | cost against SQLite | round by round | "
             f"within {TARGET:g}× |", "|---|--:|--:|--:|--:|--:|---|"]
    for entry in run["sizes"]:
        for page in entry["rates"]["sqlite"]:
            ratio, low, high = cost(entry, page)
            verdict = "met" if ratio <= TARGET else f"**not met** ({ratio / TARGET:.2f}× over)"
            lines.append(f"| {page} | {entry['orders']:,} | {statistics.median(entry['rates']['sqlite'][page]):,.0f}/s "
                         f"| {statistics.median(entry['rates']['postgres'][page]):,.0f}/s | {ratio:.2f}× "
                         f"| {low:.2f}–{high:.2f}× | {verdict} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", type=Path, default=bench.PACKAGE_ROOT / ".build/release/deskflow")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--duration", default="5s")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=bench.PACKAGE_ROOT / ".build/bench-paired")
    options = parser.parse_args()
    postgres.ensure_server(sys.argv)
    options.workdir.mkdir(parents=True, exist_ok=True)
    run = {"date": time.strftime("%Y-%m-%d"), "machine": bench.machine(), "postgres": postgres.require_durable(),
           "duration": options.duration, "rounds": options.rounds,
           "sizes": [measure(options.binary, size, options.duration, options.rounds, options.workdir)
                     for size in options.sizes]}
    bench.RESULTS.mkdir(exist_ok=True)
    (bench.RESULTS / "postgres-paired.json").write_text(json.dumps(run, indent=2) + "\n")
    section = markdown(run)
    (bench.RESULTS / "postgres-paired.md").write_text(section)
    print("\n" + section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
