"""The run as Markdown — bench/results/latest.md and the README's benchmark section between its markers."""

import textwrap
from pathlib import Path

from compression import GZIP_MIN_LENGTH
from load import CONNECTIONS, THREADS

MARKERS = "<!-- bench:start -->", "<!-- bench:end -->"
POSTGRES_MARKERS = "<!-- bench-postgres:start -->", "<!-- bench-postgres:end -->"
# The target for PostgreSQL: every page within 2× of its cost on SQLite at the same size, on the same machine.
POSTGRES_TARGET = 2.0
# The target: every list page and search kind at the largest store within 1.5× of its cost at the smallest.
GROWTH_TARGET = 1.5
GROWTH_PAGES = ["list", "filter", "page 50", "search, whole email", "search, part of a name", "search, order number",
                "order page"]


def page_title(page: str, size: dict) -> str:
    if page == "search, part of a name":
        return f"{page} (`{size['partial_name']}`)"
    if page == "page 50" and size.get("page_reached", 50) != 50:
        return f"{page} (page {size['page_reached']}, the last)"
    if page == "order page":
        return f"{page} ({size['order_pages']} orders in turn)"
    return page


def share(fraction: float) -> str:
    return f"{fraction:.1%}" if fraction < 0.1 else f"{fraction:.0%}"


def page_rows(sizes: list[dict]) -> list[str]:
    rows = ["| page | orders | Deskflow | p50 / p99 | nginx, same bytes | p50 / p99 | share of nginx "
            "| gzipped bytes, Deskflow / nginx (unzipped) |",
            "|---|--:|--:|--:|--:|--:|--:|--:|"]
    for page in sizes[0]["pages"]:
        for size in sizes:
            result = size["pages"][page]
            cells = [page_title(page, size), f"{size['orders']:,}", f"{result['rps']:,.0f}/s",
                     f"{result['p50_ms']:.1f} / {result['p99_ms']:.1f} ms"]
            nginx = size["nginx"].get(page)
            if nginx:
                cells += [f"{nginx['rps']:,.0f}/s", f"{nginx['p50_ms']:.1f} / {nginx['p99_ms']:.1f} ms",
                          share(result["rps"] / nginx["rps"])]
            else:
                cells += ["", "", ""]
            sent = size["gzip"].get(page)
            if sent:
                nginx_bytes = f" / {nginx['gzip_bytes']:,}" if nginx else ""
                cells.append(f"{sent['gzip_bytes']:,}{nginx_bytes} ({sent['identity_bytes']:,})")
            else:
                cells.append("")
            if result["failures"]:
                cells[2] += f" · **{result['failures']} failed**"
            if result.get("not_gzipped"):
                cells[2] += f" · **{result['not_gzipped']} not gzipped**"
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def size_rows(sizes: list[dict]) -> list[str]:
    facts = {
        "peak memory (resident)": lambda s: f"{s['peak_memory_mb']:.0f} MB",
        "start-up on this database": lambda s: f"{s['restart_seconds'] * 1000:.0f} ms",
        "database size": lambda s: f"{s['database_mb']:,.0f} MB",
        "seeding": lambda s: f"{s['seed_seconds']:.0f} s",
        "cancels accounted for": lambda s: (
            f"{s['pages']['cancel']['cancels_confirmed']:,} answered 303 → {s['cancel_books']['cancelled']:,} "
            f"cancelled in the database ({s['pages']['cancel']['cancels_sent']:,} sent, the rest in flight at the "
            f"end), {s['cancel_books']['refunds']:,} refunds, {s['cancel_books']['messages']:,} messages, "
            f"{s['cancel_books']['orders_twice']} twice"),
    }
    rows = ["| | " + " | ".join(f"{size['orders']:,} orders" for size in sizes) + " |",
            "|---|" + "--:|" * len(sizes)]
    return rows + [f"| {name} | " + " | ".join(cell(size) for size in sizes) + " |" for name, cell in facts.items()]


def growth_rows(sizes: list[dict]) -> list[str]:
    """Each list page's and search kind's cost at the largest size against the smallest: requests a second at the
    smallest over requests a second at the largest, so 2.0× means a request costs twice as much."""
    if len(sizes) < 2:
        return []
    small, large = min(sizes, key=lambda s: s["orders"]), max(sizes, key=lambda s: s["orders"])
    rows = [f"{large['orders']:,} orders against {small['orders']:,} (target: within {GROWTH_TARGET}× the cost):",
            "",
            f"| page | {small['orders']:,} | {large['orders']:,} | cost at {large['orders']:,} | |",
            "|---|--:|--:|--:|---|"]
    for page in GROWTH_PAGES:
        before, after = small["pages"][page]["rps"], large["pages"][page]["rps"]
        growth = before / after if after else float("inf")
        verdict = "met" if growth <= GROWTH_TARGET else f"**not met** ({growth / GROWTH_TARGET:.1f}× over)"
        rows.append(f"| {page_title(page, large)} | {before:,.0f}/s | {after:,.0f}/s | {growth:.2f}× | {verdict} |")
    return rows


def profile_line(sizes: list[dict]) -> str:
    profiled = [size for size in sizes if size.get("profile")]
    if not profiled:
        return "Profile, list page, top 5 frames: not taken in this run."
    size = profiled[-1]
    profile = size["profile"]
    if "error" in profile:
        return f"Profile, list page, top 5 frames: not taken ({profile['error']})."
    frames = " · ".join(f"{frame['percent']:.1f}% `{shortened(frame['symbol'])}` ({frame['dso']})"
                        for frame in profile["frames"][:5])
    return (f"Profile, list page, top 5 frames: {frames} (self time; {profile['tool'].split(',')[0]} for "
            f"{profile['seconds']} s, {profile['samples']} samples, {size['orders']:,} orders)")


def shortened(symbol: str, limit: int = 90) -> str:
    symbol = symbol.replace("`", "'")
    return symbol if len(symbol) <= limit else symbol[:limit - 1] + "…"


def wrapped(paragraph: str) -> str:
    """A paragraph in lines of at most 118 characters, as the rest of the README is written."""
    return textwrap.fill(paragraph, width=118, break_long_words=False, break_on_hyphens=False)


def markdown(report: dict) -> str:
    sizes = report["sizes"]
    intro = (f"{report['date']} · {report['machine']} · wrk {THREADS} threads, {CONNECTIONS} connections, "
             f"{report['duration']} per page (cancel: 5 s) · release build · both sides asked for gzip and "
             f"checked to answer with it; nginx at `gzip_comp_level 1`, `gzip_min_length {GZIP_MIN_LENGTH}`, "
             f"serving a byte-identical copy of each page with a share (the order page: one of the orders)")
    parts = [wrapped(intro), "\n".join(page_rows(sizes)), "\n".join(size_rows(sizes))]
    growth = growth_rows(sizes)
    if growth:
        parts.append("\n".join(growth))
    parts.append(wrapped(profile_line(sizes)))
    return "\n\n".join(parts) + "\n"


def instances_title(count: int) -> str:
    return "One instance" if count == 1 else f"{count} instances on the one database behind nginx (wrk through nginx)"


def against_sqlite_rows(sizes: list[dict], sqlite_run: dict | None) -> list[str]:
    """Each page's requests a second on PostgreSQL against SQLite's at the same size: the cost ratio (SQLite's rate
    over PostgreSQL's, so 2.0× means a request costs twice as much) and the target, met or not, for one instance;
    the other instance counts are reported beside it, not held to a target."""
    if sqlite_run is None:
        return ["No SQLite run in bench/results/latest.json to compare with: run `bench/run` on this machine first."]
    sqlite = {size["orders"]: size for size in sqlite_run["sizes"]}
    counts = sorted({size["instances"] for size in sizes})
    others = [count for count in counts if count != 1]
    rows = [f"Against SQLite ({sqlite_run.get('source', 'bench/results/latest.json')}, {sqlite_run['date']}, "
            f"{sqlite_run['machine']}); target: every "
            f"page within {POSTGRES_TARGET:.0f}× SQLite's cost with one instance:", "",
            "| page | orders | SQLite | PostgreSQL, 1 instance | cost against SQLite | within 2× | "
            + " | ".join(f"{count} instances | against 1" for count in others) + " |",
            "|---|--:|--:|--:|--:|---|" + "--:|--:|" * len(others)]
    one = {size["orders"]: size for size in sizes if size["instances"] == 1}
    by_count = {(size["orders"], size["instances"]): size for size in sizes}
    for page in sizes[0]["pages"]:
        for orders, size in sorted(one.items()):
            if orders not in sqlite:
                rows.append(f"| {page_title(page, size)} | {orders:,} | not measured | | | |" + " |" * (2 * len(others)))
                continue
            before, after = sqlite[orders]["pages"][page]["rps"], size["pages"][page]["rps"]
            cost = before / after if after else float("inf")
            if page == "cancel":
                verdict = "reported (a write, not a page)"
            else:
                verdict = "met" if cost <= POSTGRES_TARGET else f"**not met** ({cost / POSTGRES_TARGET:.1f}× over)"
            cells = [page_title(page, size), f"{orders:,}", f"{before:,.0f}/s", f"{after:,.0f}/s", f"{cost:.2f}×", verdict]
            for count in others:
                other = by_count.get((orders, count))
                rate = other["pages"][page]["rps"] if other else 0
                cells += [f"{rate:,.0f}/s" if other else "", f"{rate / after:.2f}×" if other and after else ""]
            rows.append("| " + " | ".join(cells) + " |")
    return rows


def postgres_markdown(report: dict, sqlite_run: dict | None) -> str:
    """bench/results/postgres-latest.md and the README's PostgreSQL benchmark section: the same tables as SQLite's
    for each instance count, then each page against SQLite."""
    sizes = report["sizes"]
    intro = (f"{report['date']} · {report['machine']} · PostgreSQL {report.get('postgres', '')} on the same machine, "
             f"fsync and synchronous_commit on · wrk {THREADS} threads, {CONNECTIONS} connections, {report['duration']} "
             f"per page (cancel: 5 s) · release build · gzip as in the SQLite run · each size seeded once, measured "
             f"with one instance, then with several behind nginx (the first run's cancels already made)")
    parts = [wrapped(intro)]
    for count in sorted({size["instances"] for size in sizes}):
        measured = [size for size in sizes if size["instances"] == count]
        parts += [f"{instances_title(count)}:", "\n".join(page_rows(measured)), "\n".join(size_rows(measured))]
        growth = growth_rows(measured)
        if growth:
            parts.append("\n".join(growth))
    parts.append("\n".join(against_sqlite_rows(sizes, sqlite_run)))
    parts.append(wrapped(profile_line(sizes)))
    return "\n\n".join(parts) + "\n"


def update_readme(readme: Path, section: str, markers: tuple[str, str] = MARKERS) -> bool:
    """Replaces what stands between the README's markers (SQLite's by default); False when they are missing."""
    text = readme.read_text()
    start, end = markers
    if start not in text or end not in text:
        return False
    before, rest = text.split(start, 1)
    after = rest.split(end, 1)[1]
    readme.write_text(f"{before}{start}\n{section}{end}{after}")
    return True
