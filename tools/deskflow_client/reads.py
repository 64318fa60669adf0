"""The store as a manager sees it: whole lists paged through their `next` links, order pages read side by side, the
notifications since a given one, and the cancellations report. Every read goes through HTTP, none through SQL."""

from __future__ import annotations

import threading
import urllib.parse
from datetime import date, timedelta

from . import pages
from .browser import Browser


def order_rows(browser: Browser, status: str = "all") -> list[dict[str, str]]:
    """Every row of the orders list under one filter (`all`, `pending`, `payment_failed`, …), page after page."""
    rows, path = [], "/orders?" + urllib.parse.urlencode({"status": status})
    while path:
        page = browser.page(path)
        rows += pages.order_rows(page)
        path = pages.next_link(page)
    return rows


def order_views(browsers: list[Browser], numbers: list[int]) -> dict[int, pages.OrderView]:
    """The pages of `numbers`, read by the browsers side by side (one thread each): number → what the page shows."""
    numbers = sorted(set(numbers))
    views: dict[int, pages.OrderView] = {}
    failures: list[str] = []

    def read(browser: Browser, share: list[int]) -> None:
        try:
            for number in share:
                views[number] = pages.OrderView.parse(browser.page(f"/orders/{number}"), number)
        except Exception as error:   # reported below, so a page that no longer parses stops the caller loudly
            failures.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=read, args=(browser, numbers[i::len(browsers)]), daemon=True)
               for i, browser in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"reading order pages failed: {failures[0]}")
    return views


def notifications_after(browser: Browser, after_id: int) -> list[pages.Notification]:
    """Every message on /notifications with an id above `after_id` (the list is newest first, 50 a page)."""
    found, path = [], "/notifications"
    while path:
        page = browser.page(path)
        rows = pages.notification_rows(page)
        found += [row for row in rows if row.id > after_id]
        if not rows or rows[-1].id <= after_id:
            break
        path = pages.next_link(page)
    return found


def newest_notification_id(browser: Browser) -> int:
    rows = pages.notification_rows(browser.page("/notifications"))
    return rows[0].id if rows else 0


def notification_counts(browser: Browser) -> dict[str, int]:
    """Messages by delivery state, from the notifications page's tabs: all, queued, sending, sent, failed."""
    return pages.tab_counts(browser.page("/notifications"))


def cancellations(browser: Browser, around: date | None = None, days: int = 2) -> list[pages.CancellationRow]:
    """The cancellations report's CSV for the days around `around` (today by default), every row in the range."""
    day = around or date.today()
    query = urllib.parse.urlencode({"from": (day - timedelta(days=days)).isoformat(),
                                    "to": (day + timedelta(days=days)).isoformat(), "format": "csv"})
    reply = browser.get(f"/reports/cancellations?{query}")
    if reply.status != 200:
        raise RuntimeError(f"the cancellations report answered {reply.status}")
    return pages.cancellation_rows(reply.body)


def stock_levels(browser: Browser) -> dict[str, dict[str, int]]:
    return pages.stock_levels(browser.page("/inventory"))
