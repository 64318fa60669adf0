"""Deskflow's benchmark: for each store size, seed a database with `deskflow seed --orders N`, start
`deskflow serve`, sign in, and load each page with wrk over loopback; serve a byte-identical copy of the list
page from nginx as the ceiling. Writes bench/results/latest.json and latest.md and the README's table."""

import argparse
import html
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PACKAGE_ROOT / "tools"))

from deskflow_client import Browser, Server, cli, free_port, pages, reads, wait_for_health  # noqa: E402

BENCH = PACKAGE_ROOT / "bench"
RESULTS = BENCH / "results"
EMAIL = "bench@deskflow.test"
PASSWORD = "bench-password-1"
CONNECTIONS, THREADS = 16, 2


def peak_memory_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


def page_via_next_links(browser: Browser, start: str, count: int) -> str:
    """The path of the list's page `count`, reached through its `next` links as a reader would."""
    path = start
    for _ in range(count - 1):
        path = pages.next_link(browser.page(path))
        if not path:
            raise RuntimeError(f"the list ran out before page {count}")
    return path


def wrk(url: str, cookie: str, duration: str, script: str = "measure.lua", args: tuple = ()) -> dict:
    command = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", duration, "--timeout", "5s",
               "-s", str(BENCH / script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command += [url, *map(str, args)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def nginx_ceiling(page: bytes, duration: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="deskflow-nginx-") as folder:
        root = Path(folder)
        (root / "orders.html").write_bytes(page)
        port = free_port()
        config = root / "nginx.conf"
        config.write_text(f"""
worker_processes {THREADS};
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}; proxy_temp_path {root}; fastcgi_temp_path {root};
  uwsgi_temp_path {root}; scgi_temp_path {root};
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location / {{ default_type text/html; }}
  }}
}}
""")
        nginx = subprocess.Popen(["nginx", "-c", str(config), "-p", str(root)])
        try:
            wait_for_health(port, 10, path="/orders.html")
            return wrk(f"http://127.0.0.1:{port}/orders.html", "", duration)
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)


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


def measure_size(binary: Path, orders: int, duration: str, workdir: Path) -> dict:
    database = workdir / f"orders-{orders}.sqlite"
    for leftover in workdir.glob(f"orders-{orders}.sqlite*"):
        leftover.unlink()
    print(f"\n== {orders:,} orders", flush=True)
    started = time.monotonic()
    cli.seed(binary, database, orders=orders)
    seed_seconds = time.monotonic() - started
    cli.add_user(binary, database, EMAIL, "Benchmark", PASSWORD)
    print(f"seeded in {seed_seconds:.0f} s", flush=True)

    # Each start logs to serve-N-01.log, serve-N-02.log in the work folder.
    server = Server(binary, database, workdir, name=f"serve-{orders}")
    base = server.origin
    try:
        start_seconds = server.start(timeout=30)
        readers = [Browser(base) for _ in range(THREADS)]
        for reader in readers:
            reader.sign_in(EMAIL, PASSWORD)
        session = readers[0]
        email, sample = store_sample(session, 500)
        paths = {
            "list": "/orders",
            "filter": "/orders?status=processing",
            "page 50": page_via_next_links(session, "/orders", 50),
            "search": "/orders?" + urllib.parse.urlencode({"q": email}),
        }
        results = {}
        for name, path in paths.items():
            results[name] = wrk(base + path, session.cookie_header, duration)
            print(f"{name}: {results[name]['rps']:.0f}/s p99 {results[name]['p99_ms']:.1f} ms", flush=True)
        results["detail"] = wrk(base + "/", session.cookie_header, duration, args=tuple(f"/orders/{n}" for n in sample))
        print(f"detail: {results['detail']['rps']:.0f}/s p99 {results['detail']['p99_ms']:.1f} ms", flush=True)

        victims = cancellable_orders(readers, 20_000)
        messages_before = reads.newest_notification_id(session)
        orders_file = workdir / "cancel-orders.txt"
        orders_file.write_text("".join(f"{number} {version} {amount}\n" for number, version, amount in victims))
        cancel_duration = "5s"
        session.page("/orders")   # the session's CSRF token, for the cancel forms wrk sends
        results["cancel"] = wrk(base + "/", session.cookie_header, cancel_duration, "cancel.lua",
                                (session.csrf_token, orders_file, THREADS))
        sent = results["cancel"]["cancels_sent"]
        print(f"cancel: {results['cancel']['rps']:.0f}/s p99 {results['cancel']['p99_ms']:.1f} ms, "
              f"{sent} of {len(victims)} prepared", flush=True)
        if sent >= len(victims):
            print("warning: every prepared order was cancelled before the run ended; the rate is a floor", flush=True)
        memory = peak_memory_mb(server.pid)
        time.sleep(2)  # let the delivery worker and the gateway calls settle before the books are read
        # Orders the run never reached stay uncancelled: each thread sent at most `sent` of its lines.
        books = cancellation_books(readers, [number for number, _, _ in victims], THREADS * (sent + 1), messages_before)
        confirmed = results["cancel"]["cancels_confirmed"]
        books["consistent"] = (confirmed <= books["cancelled"] <= sent and books["refunds"] == books["cancelled"]
                               and books["cancellation_records"] == books["cancelled"]
                               and books["messages"] == books["cancelled"] and books["orders_twice"] == 0
                               and results["cancel"]["failures"] == 0)
        list_page = session.get("/orders").content
    finally:
        server.stop()

    # Start-up on the existing database, now that it holds the store.
    try:
        restart_seconds = server.start(timeout=30)
    finally:
        server.stop()

    ceiling = nginx_ceiling(list_page, duration)
    print(f"nginx, same {len(list_page):,} bytes: {ceiling['rps']:.0f}/s", flush=True)
    size_mb = sum(path.stat().st_size for path in workdir.glob(f"orders-{orders}.sqlite*")) / 1_048_576
    return {
        "orders": orders, "seed_seconds": round(seed_seconds, 1), "first_start_seconds": round(start_seconds, 3),
        "restart_seconds": round(restart_seconds, 3), "peak_memory_mb": round(memory, 1),
        "database_mb": round(size_mb, 1), "list_page_bytes": len(list_page), "nginx": ceiling,
        "pages": results, "cancel_books": books, "cancels_prepared": len(victims),
    }


def markdown(report: dict) -> str:
    sizes = report["sizes"]
    header = "| | " + " | ".join(f"{size['orders']:,} orders" for size in sizes) + " |\n"
    header += "|---|" + "---|" * len(sizes) + "\n"
    rows = []
    for page in ["list", "filter", "page 50", "search", "detail", "cancel"]:
        cells = []
        for size in sizes:
            result = size["pages"][page]
            cell = f"{result['rps']:,.0f}/s · p50 {result['p50_ms']:.1f} ms · p99 {result['p99_ms']:.1f} ms"
            if page in ("list", "page 50", "filter", "search", "detail"):
                cell += f" · {result['rps'] / size['nginx']['rps']:.0%} of nginx"
            if result["failures"]:
                cell += f" · **{result['failures']} failed**"
            cells.append(cell)
        rows.append(f"| {page} | " + " | ".join(cells) + " |")
    extras = {
        "nginx, same list page bytes": lambda s: f"{s['nginx']['rps']:,.0f}/s ({s['list_page_bytes']:,} bytes)",
        "cancels accounted for": lambda s: (
            f"{s['pages']['cancel']['cancels_confirmed']:,} answered 303 → {s['cancel_books']['cancelled']:,} cancelled "
            f"in the database ({s['pages']['cancel']['cancels_sent']:,} sent, the rest in flight at the end), "
            f"{s['cancel_books']['refunds']:,} refunds, {s['cancel_books']['messages']:,} messages, "
            f"{s['cancel_books']['orders_twice']} twice"),
        "peak memory": lambda s: f"{s['peak_memory_mb']:.0f} MB",
        "start-up on this database": lambda s: f"{s['restart_seconds'] * 1000:.0f} ms",
        "database size": lambda s: f"{s['database_mb']:,.0f} MB",
        "seeding": lambda s: f"{s['seed_seconds']:.0f} s",
    }
    for name, cell in extras.items():
        rows.append(f"| {name} | " + " | ".join(cell(size) for size in sizes) + " |")
    machine = report["machine"]
    intro = (f"{report['date']} · {machine} · wrk {THREADS} threads, {CONNECTIONS} connections, "
             f"{report['duration']} per page (cancel: 5 s) · release build\n\n")
    return intro + header + "\n".join(rows) + "\n"


def update_readme(table: str) -> None:
    readme = PACKAGE_ROOT / "README.md"
    text = readme.read_text()
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        after = rest.split(end, 1)[1]
        readme.write_text(f"{before}{start}\n{table}{end}{after}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--binary", type=Path, default=PACKAGE_ROOT / ".build/release/deskflow")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--duration", default="10s")
    parser.add_argument("--workdir", type=Path, default=PACKAGE_ROOT / ".build/bench")
    parser.add_argument("--no-readme", action="store_true", help="leave the README's table as it is")
    options = parser.parse_args()
    options.workdir.mkdir(parents=True, exist_ok=True)
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    report = {
        "date": time.strftime("%Y-%m-%d"), "duration": options.duration,
        "machine": f"{os.cpu_count()} cores ({cpu.group(1).strip() if cpu else 'unknown CPU'})",
        "sizes": [measure_size(options.binary, size, options.duration, options.workdir) for size in options.sizes],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(report, indent=2) + "\n")
    table = markdown(report)
    (RESULTS / "latest.md").write_text(table)
    print("\n" + table)
    # The cancel figures count only if every cancel is accounted for: once, with its refund and message.
    broken = [size for size in report["sizes"] if not size["cancel_books"]["consistent"]]
    for size in broken:
        print(f"error: the cancels at {size['orders']:,} orders do not balance: {size['cancel_books']}, "
              f"{size['pages']['cancel']['failures']} failed requests", file=sys.stderr)
    if broken:
        return 1
    if not options.no_readme:
        update_readme(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
