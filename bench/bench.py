"""Deskflow's benchmark: for each store size, seed a database with `deskflow seed --orders N`, start
`deskflow serve`, sign in, and load each page with wrk over loopback, gzip accepted; serve a byte-identical copy of
the list, filter, page 50 and order pages from nginx with gzip as the ceiling; take a CPU profile of the list page at
the largest size. Writes bench/results/latest.json and latest.md and the README's benchmark section.

With `--database postgres` the store is a PostgreSQL database (on the server PG* names, or a throw-away
`pg_virtualenv` cluster with fsync on) measured with one instance and with two behind nginx (`--instances`), the
same pages and the same cancels; it writes bench/results/postgres-latest.json and .md and the README's PostgreSQL
benchmark section, each page against SQLite measured at the same sizes in the same run, on the same machine."""

import argparse
import html
import json
import os
import random
import re
import sys
import time
import urllib.parse
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PACKAGE_ROOT / "tools"))

from deskflow_client import Browser, Instances, Server, cli, is_url, pages, postgres, reads  # noqa: E402

import cpu_profile  # noqa: E402
import nginx  # noqa: E402
import report  # noqa: E402
from compression import gzipped_page  # noqa: E402
from load import THREADS, wrk  # noqa: E402

RESULTS = PACKAGE_ROOT / "bench" / "results"
EMAIL = "bench@deskflow.test"
PASSWORD = "bench-password-1"
# Part of "Walker", one of the demo store's last names (Resources/demo-store.json). Each store size draws its own 60
# customers, so a size without a Walker searches part of another customer's last name instead.
PARTIAL_NAME = "walk"
# The pages nginx serves a copy of, and the copy's file name.
NGINX_COPIES = {"list": "list.html", "filter": "filter.html", "page 50": "page-50.html", "order page": "order.html"}


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def page_via_next_links(browser: Browser, start: str, count: int) -> tuple[str, int]:
    """The path of the list's page `count`, reached through its `next` links as a reader would, and its number: the
    last page's when a small store runs out before `count`."""
    path, reached = start, 1
    while reached < count:
        following = pages.next_link(browser.page(path))
        if not following:
            break
        path, reached = following, reached + 1
    return path, reached


def cancellable_orders(browsers: list[Browser], limit: int) -> list[tuple[int, str, str]]:
    """Paid, unshipped orders with nothing wrong, newest first: number, version and the whole captured amount as
    typed — the processing list's rows, then each order's page for its version and captured amount."""
    numbers, path = [], "/orders?status=processing"
    while path and len(numbers) < limit:
        page = browsers[0].page(path)
        numbers += [int(row["order"]) for row in pages.order_rows(page) if row["payment-status"] == "paid"
                    and row["fulfillment-status"] == "unfulfilled" and row["issue"] == ""]
        path = pages.next_link(page)
    numbers = sorted(numbers, reverse=True)[:limit]
    views = reads.order_views(browsers, numbers)
    return [(number, views[number].version, pages.as_typed(views[number].money["captured"])) for number in numbers]


def cancellation_books(browsers: list[Browser], numbers: list[int], reached: int, messages_after: int) -> dict:
    """What the store shows for the benchmark's cancels — each once, with its refund and its message — read through
    its pages: the order pages of the first `reached` prepared orders (wrk's threads take the file's lines in turn,
    so no line past those was sent), the cancellations report and the messages written since the run began."""
    picked = set(numbers)
    views = reads.order_views(browsers, numbers[:reached])
    refunds = [len(view.refund_states) for view in views.values()]
    records = [row for row in reads.cancellations(browsers[0]) if row.order in picked]
    messages = [m for m in reads.notifications_after(browsers[0], messages_after) if m.order in picked]
    return {
        "cancelled": sum(1 for view in views.values() if view.status == "cancelled"),
        "cancellation_records": len(records),
        "refunds": sum(refunds),
        "orders_twice": sum(1 for count in refunds if count > 1),
        "messages": len(messages),
    }


def store_sample(browser: Browser, count: int) -> tuple[str, list[int]]:
    """The email of the newest order's customer (for the search page) and `count` different orders picked at random
    across the store: order numbers are consecutive, so numbers are drawn below the newest and kept when they answer."""
    newest = int(pages.order_rows(browser.page("/orders"))[0]["order"])
    found = re.search(r'href="mailto:([^"]+)"', browser.page(f"/orders/{newest}"))
    email = urllib.parse.unquote(html.unescape(found.group(1)))
    total = pages.tab_counts(browser.page("/orders"))["all"]
    draws, sample = random.Random(newest), []
    for number in draws.sample(range(newest - total + 1, newest + 1), min(total, count * 2)):
        if len(sample) == count:
            break
        if browser.get(f"/orders/{number}").status == 200:
            sample.append(number)
    return email, sample


def partial_name(browser: Browser, email: str) -> str:
    """`walk` when the store has a Walker, else the first four letters of the sampled customer's last name (the
    seeded addresses read first.last@domain)."""
    if pages.order_rows(browser.page("/orders?" + urllib.parse.urlencode({"q": PARTIAL_NAME}))):
        return PARTIAL_NAME
    return email.split("@")[0].split(".")[-1][:4]


def identity_copy(browser: Browser, path: str) -> bytes:
    """The page's bytes as a client that does not ask for gzip receives them."""
    reply = browser.get(path)
    if reply.status != 200:
        raise RuntimeError(f"GET {path} answered {reply.status}")
    return reply.content


def checked_gzip(url: str, cookie: str, identity: bytes | None) -> dict:
    """One gzipped answer's size (failing when the server does not gzip), and whether it unzips to `identity`."""
    answer = gzipped_page(url, cookie)
    checked = {"gzip_bytes": answer["gzip_bytes"], "identity_bytes": len(answer["body"]), "vary": answer["vary"]}
    if identity is not None:
        checked["same_bytes"] = answer["body"] == identity
        if not checked["same_bytes"]:
            print(f"warning: {url} unzipped differs from the copy read without gzip", flush=True)
    return checked


def store_database(kind: str, orders: int, workdir: Path) -> Path | str:
    """A new, empty database for `orders` orders: a SQLite file in the work folder, or a PostgreSQL database."""
    if kind == "postgres":
        return postgres.fresh_database(f"deskflow_bench_{orders}")
    database = workdir / f"orders-{orders}.sqlite"
    for leftover in workdir.glob(f"orders-{orders}.sqlite*"):
        leftover.unlink()
    return database


def database_mb(database: Path | str) -> float:
    if is_url(database):
        return postgres.database_bytes(postgres.database_name(database)) / 1_048_576
    return sum(path.stat().st_size for path in database.parent.glob(f"{database.name}*")) / 1_048_576


def measure_size(binary: Path, orders: int, duration: str, workdir: Path, profile_seconds: int = 0,
                 kind: str = "sqlite", instance_counts: tuple[int, ...] = (1,)) -> list[dict]:
    """Seeds one store of `orders` orders and measures it served by each of `instance_counts` (1: one `deskflow
    serve`; more: that many on one PostgreSQL database behind nginx, wrk going through nginx). One result each."""
    database = store_database(kind, orders, workdir)
    print(f"\n== {orders:,} orders", flush=True)
    started = time.monotonic()
    cli.seed(binary, database, orders=orders)
    seed_seconds = time.monotonic() - started
    cli.add_user(binary, database, EMAIL, "Benchmark", PASSWORD)
    print(f"seeded in {seed_seconds:.0f} s", flush=True)
    measured = []
    for count in instance_counts:
        # Each start logs to serve-N-01.log, serve-N-02.log (instance-1-01.log, … behind nginx) in the work folder.
        if count == 1:
            front = Server(binary, database, workdir, workdir / f"mail-{orders}" if is_url(database) else None,
                           name=f"serve-{orders}")
        else:
            print(f"-- {count} instances behind nginx", flush=True)
            front = Instances(binary, database, workdir / f"instances-{orders}", workdir / f"mail-{orders}", count)
        measured.append(measure_serving(front, orders, duration, workdir, profile_seconds if count == 1 else 0))
    copies = measured[0].pop("copies")
    for result in measured[1:]:
        result.pop("copies")
    ceilings = {}
    with nginx.serving({NGINX_COPIES[page]: copy for page, copy in copies.items()}) as origin:
        for page, name in NGINX_COPIES.items():
            checked = checked_gzip(f"{origin}/{name}", "", copies[page])
            ceilings[page] = {**wrk(f"{origin}/{name}", "", duration), "gzip_bytes": checked["gzip_bytes"],
                              "identity_bytes": checked["identity_bytes"], "vary": checked["vary"]}
            print(f"nginx, {page}: {ceilings[page]['rps']:.0f}/s p99 {ceilings[page]['p99_ms']:.1f} ms, "
                  f"{checked['gzip_bytes']:,} bytes gzipped", flush=True)
    size_mb = database_mb(database)
    results = []
    for count, result in zip(instance_counts, measured):
        entry = {"orders": orders, "seed_seconds": round(seed_seconds, 1), **result, "database_mb": round(size_mb, 1)}
        entry = {key: entry[key] for key in ("orders", "seed_seconds", "first_start_seconds", "restart_seconds",
                                             "peak_memory_mb", "database_mb", "partial_name", "page_reached",
                                             "order_pages", "paths", "pages", "gzip")}
        entry.update(nginx=ceilings, profile=result["profile"], cancel_books=result["cancel_books"],
                     cancels_prepared=result["cancels_prepared"])
        if kind == "postgres":
            entry["instances"] = count
        results.append(entry)
    return results


def page_paths(session: Browser) -> tuple[dict[str, str], list[int], str, int]:
    """The measured pages of the store `session` is signed in to, with the 500 orders the order page loads in turn,
    the part of a name searched for, and the page the Next links reached."""
    email, sample = store_sample(session, 500)
    term = partial_name(session, email)
    page_50, page_reached = page_via_next_links(session, "/orders", 50)
    paths = {
        "list": "/orders",
        "filter": "/orders?status=processing",
        "page 50": page_50,
        "order page": f"/orders/{sample[0]}",
        "search, whole email": "/orders?" + urllib.parse.urlencode({"q": email}),
        "search, part of a name": "/orders?" + urllib.parse.urlencode({"q": term}),
        "search, order number": "/orders?" + urllib.parse.urlencode({"q": str(sample[len(sample) // 2])}),
    }
    return paths, sample, term, page_reached


def load_page(base: str, page: str, path: str, sample: list[int], cookie: str, duration: str) -> dict:
    """wrk on one page; the order page is the 500 sampled orders in turn (nginx serves a copy of the first)."""
    if page == "order page":
        return wrk(base + "/", cookie, duration, args=tuple(f"/orders/{n}" for n in sample))
    return wrk(base + path, cookie, duration)


def measure_serving(front: Server | Instances, orders: int, duration: str, workdir: Path, profile_seconds: int) -> dict:
    """Starts `front`, signs in, loads every page with wrk, sends the cancels and checks their books, stops it and
    times a start-up on the database as it now is. Also returns the copies of the pages nginx serves."""
    base = front.origin
    servers = front.servers if isinstance(front, Instances) else [front]
    profile = None
    try:
        start_seconds = front.start(timeout=30)
        readers = [Browser(base) for _ in range(THREADS)]
        for reader in readers:
            reader.sign_in(EMAIL, PASSWORD)
        session = readers[0]
        cookie = session.cookie_header
        paths, sample, term, page_reached = page_paths(session)
        # The copies nginx serves, read as a client without gzip reads them, and every page's gzipped answer, read
        # before anything is measured: a server that does not compress stops the run here.
        copies = {page: identity_copy(session, paths[page]) for page in NGINX_COPIES}
        sent = {page: checked_gzip(base + path, cookie, copies.get(page)) for page, path in paths.items()}
        results = {}
        for page, path in paths.items():
            results[page] = load_page(base, page, path, sample, cookie, duration)
            print(f"{page}: {results[page]['rps']:.0f}/s p99 {results[page]['p99_ms']:.1f} ms, "
                  f"{sent[page]['gzip_bytes']:,} bytes gzipped", flush=True)
        if profile_seconds:
            profile = cpu_profile.top_frames(servers[0].pid, base + paths["list"], cookie, profile_seconds, workdir)
            print(report.profile_line([{"orders": orders, "profile": profile}]), flush=True)

        victims = cancellable_orders(readers, 20_000)
        messages_before = reads.newest_notification_id(session)
        orders_file = workdir / "cancel-orders.txt"
        orders_file.write_text("".join(f"{number} {version} {amount}\n" for number, version, amount in victims))
        cancel_duration = "5s"
        session.page("/orders")   # the session's CSRF token, for the cancel forms wrk sends
        results["cancel"] = wrk(base + "/", session.cookie_header, cancel_duration, "cancel.lua",
                                (session.csrf_token, orders_file, THREADS))
        cancels_sent = results["cancel"]["cancels_sent"]
        print(f"cancel: {results['cancel']['rps']:.0f}/s p99 {results['cancel']['p99_ms']:.1f} ms, "
              f"{cancels_sent} of {len(victims)} prepared", flush=True)
        if cancels_sent >= len(victims):
            print("warning: every prepared order was cancelled before the run ended; the rate is a floor", flush=True)
        # Behind nginx: the most any one instance held.
        memory = max(peak_memory_mb(server.pid) for server in servers)
        time.sleep(2)  # let the delivery worker and the gateway calls settle before the books are read
        # Orders the run never reached stay uncancelled: each thread sent at most `cancels_sent` of its lines.
        books = cancellation_books(readers, [number for number, _, _ in victims], THREADS * (cancels_sent + 1),
                                   messages_before)
        confirmed = results["cancel"]["cancels_confirmed"]
        books["consistent"] = (confirmed <= books["cancelled"] <= cancels_sent
                               and books["refunds"] == books["cancelled"]
                               and books["cancellation_records"] == books["cancelled"]
                               and books["messages"] == books["cancelled"] and books["orders_twice"] == 0
                               and results["cancel"]["failures"] == 0)
    finally:
        front.stop()

    # Start-up on the existing database, now that it holds the store.
    try:
        restart_seconds = front.start(timeout=30)
    finally:
        front.stop()
    return {"first_start_seconds": round(start_seconds, 3), "restart_seconds": round(restart_seconds, 3),
            "peak_memory_mb": round(memory, 1), "partial_name": term, "page_reached": page_reached,
            "order_pages": len(sample), "paths": paths, "pages": results, "gzip": sent, "profile": profile,
            "cancel_books": books, "cancels_prepared": len(victims), "copies": copies}


def machine() -> str:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    return f"{os.cpu_count()} cores ({cpu.group(1).strip() if cpu else 'unknown CPU'})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", type=Path, default=PACKAGE_ROOT / ".build/release/deskflow")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--profile-seconds", type=int, default=10,
                        help="profile the list page this long at the largest size (0: no profile)")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite",
                        help="the store: a SQLite file (default), or a PostgreSQL database")
    parser.add_argument("--instances", type=int, nargs="+", default=[1, 2],
                        help="on PostgreSQL: measure with this many instances, each in turn (default: 1 2)")
    parser.add_argument("--workdir", type=Path, default=PACKAGE_ROOT / ".build/bench")
    parser.add_argument("--readme", type=Path, default=PACKAGE_ROOT / "README.md",
                        help="the README whose benchmark section is rewritten")
    parser.add_argument("--no-readme", action="store_true", help="leave the README's benchmark section as it is")
    parser.add_argument("--from-results", type=Path, metavar="JSON",
                        help="measure nothing: write the Markdown (and README) from an earlier run's latest.json")
    options = parser.parse_args()
    on_postgres = options.database == "postgres"
    if on_postgres and not options.from_results:
        postgres.ensure_server(sys.argv)   # returns on a server PG* names; otherwise runs again under pg_virtualenv
    stem = "postgres-latest" if on_postgres else "latest"
    if options.from_results:
        run = json.loads(options.from_results.read_text())
    else:
        options.workdir.mkdir(parents=True, exist_ok=True)
        largest = max(options.sizes)
        run = {"date": time.strftime("%Y-%m-%d"), "duration": options.duration, "machine": machine()}
        if on_postgres:
            run["postgres"] = postgres.require_durable()
            # The target is PostgreSQL against SQLite on the same machine: SQLite is measured here, first, at the same
            # sizes, rather than taken from a run that may have been on another machine.
            print("\n== SQLite on this machine, for comparison", flush=True)
            run["sqlite"] = {
                "date": run["date"], "machine": run["machine"], "source": "measured in this run, on this machine",
                "sizes": [entry for size in options.sizes
                          for entry in measure_size(options.binary, size, options.duration, options.workdir)]}
        run["sizes"] = [entry for size in options.sizes
                        for entry in measure_size(options.binary, size, options.duration, options.workdir,
                                                  options.profile_seconds if size == largest else 0,
                                                  options.database, tuple(options.instances) if on_postgres else (1,))]
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / f"{stem}.json").write_text(json.dumps(run, indent=2) + "\n")
    if on_postgres:
        sqlite_results = RESULTS / "latest.json"
        sqlite_run = run.get("sqlite")
        if sqlite_run is None and sqlite_results.exists():
            sqlite_run = {**json.loads(sqlite_results.read_text()), "source": "bench/results/latest.json"}
        section = report.postgres_markdown(run, sqlite_run)
    else:
        section = report.markdown(run)
    if not options.from_results:
        (RESULTS / f"{stem}.md").write_text(section)
    print("\n" + section)
    # The cancel figures count only if every cancel is accounted for: once, with its refund and message.
    broken = [size for size in run["sizes"] if not size["cancel_books"]["consistent"]]
    for size in broken:
        print(f"error: the cancels at {size['orders']:,} orders do not balance: {size['cancel_books']}, "
              f"{size['pages']['cancel']['failures']} failed requests", file=sys.stderr)
    if broken:
        return 1
    markers = report.POSTGRES_MARKERS if on_postgres else report.MARKERS
    if not options.no_readme and not report.update_readme(options.readme, section, markers):
        print(f"error: {options.readme} has no {' … '.join(markers)} section", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
