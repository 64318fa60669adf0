"""Reading Deskflow's pages through their `data-` hooks (DESIGN.md §4b) and its CSV download, never through their
wording: what a script may rely on, since the hooks are a contract and the words are not."""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

_ATTRIBUTE = re.compile(r'data-([a-z-]+)="([^"]*)"')


def _attributes(tag: str) -> dict[str, str]:
    return {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(tag)}


def main_attributes(page: str) -> dict[str, str]:
    """The `data-` attributes of `<main>`: on an order page order, status, payment-status, fulfillment-status, issue
    and version."""
    tag = re.search(r"<main\b([^>]*)>", page)
    return _attributes(tag.group(1)) if tag else {}


def money_field(page: str, name: str) -> int:
    """A money figure's minor units: `<dd data-field="NAME" data-minor="1234">`."""
    found = re.search(rf'data-field="{name}" data-minor="(-?\d+)"', page)
    return int(found.group(1)) if found else 0


def next_link(page: str) -> str | None:
    """The `<a rel="next">` of a paged list, unescaped."""
    found = re.search(r'<a rel="next" href="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else None


def tab_counts(page: str) -> dict[str, int]:
    """The filter tabs' counts: `<a data-filter="queued" …>… <span class="count">3</span></a>`."""
    return {name: int(count.replace(",", "")) for name, count in
            re.findall(r'data-filter="([^"]*)"[^>]*>[^<]*<span class="count">([\d,]+)</span>', page)}


def as_typed(minor: int) -> str:
    """Minor units as a manager types the amount (two decimals)."""
    return f"{minor // 100}.{minor % 100:02d}"


@dataclass
class OrderView:
    """What one order page says about its order, from its hooks."""
    number: int
    status: str
    payment_status: str
    fulfillment_status: str
    issue: str
    version: str
    events: Counter = field(default_factory=Counter)          # timeline entries by `data-event`
    refund_states: list[str] = field(default_factory=list)     # each refund row's `data-state`
    refund_retries: list[str] = field(default_factory=list)    # the "Retry refund" forms' actions
    money: dict[str, int] = field(default_factory=dict)        # total, captured, refunded, refundable, …
    lines: dict[str, int] = field(default_factory=dict)        # SKU → quantity

    @classmethod
    def parse(cls, page: str, number: int) -> OrderView:
        main = main_attributes(page)
        if "version" not in main:
            raise ValueError(f"the page of order #{number} has no data-version on <main>")
        start = page.find('class="timeline"')
        timeline = page[start:] if start >= 0 else page
        return cls(
            number=number, status=main.get("status", ""), payment_status=main.get("payment-status", ""),
            fulfillment_status=main.get("fulfillment-status", ""), issue=main.get("issue", ""), version=main["version"],
            events=Counter(re.findall(r'<li data-event="([a-z_]+)"', timeline)),
            refund_states=re.findall(r'<tr data-refund="\d+" data-state="([a-z_]+)"', page),
            refund_retries=sorted(set(re.findall(rf'action="(/orders/{number}/refunds/\d+/retry)"', page))),
            money={name: int(minor) for name, minor in re.findall(r'data-field="([a-z_]+)" data-minor="(-?\d+)"', page)},
            lines={html.unescape(sku): int(quantity)
                   for sku, quantity in re.findall(r'<tr data-sku="([^"]+)" data-quantity="(\d+)"', page)})

    @property
    def state(self) -> tuple[str, str, str, str]:
        return (self.status, self.payment_status, self.fulfillment_status, self.issue)


def order_rows(page: str) -> list[dict[str, str]]:
    """The orders list's rows: order, status, payment-status, fulfillment-status, issue."""
    return [_attributes(tag) for tag in re.findall(r"<tr (data-order=[^>]*)>", page)]


def stock_levels(page: str) -> dict[str, dict[str, int]]:
    """The inventory page's rows: SKU → on-hand and available units."""
    return {html.unescape(sku): {"on_hand": int(on_hand), "available": int(available)}
            for sku, on_hand, available in
            re.findall(r'<tr\b[^>]*\bdata-sku="([^"]+)" data-on-hand="(-?\d+)" data-available="(-?\d+)"', page)}


@dataclass
class Notification:
    id: int
    order: int | None
    kind: str
    state: str
    attempts: int


def notification_rows(page: str) -> list[Notification]:
    """The notifications list's rows, newest first: id, order, kind, delivery state, and the attempts figure."""
    rows = []
    for tag, cells in re.findall(r"<tr (data-notification=[^>]*)>(.*?)</tr>", page, re.DOTALL):
        hooks = _attributes(tag)
        attempts = re.search(r'<td class="num">(\d+)</td>', cells)
        rows.append(Notification(int(hooks["notification"]), int(hooks["order"]) if hooks.get("order", "").isdigit() else None,
                                 hooks.get("kind", ""), hooks.get("state", ""), int(attempts.group(1)) if attempts else 0))
    return rows


@dataclass
class CancellationRow:
    """One row of the cancellations report's CSV download."""
    order: int
    note: str
    refund: Decimal
    refund_state: str         # none, pending, succeeded, failed, replaced
    voided: Decimal
    restocked: bool
    notified: bool


def cancellation_rows(text: str) -> list[CancellationRow]:
    """`/reports/cancellations?format=csv`, read by its header's column names."""
    reader = csv.DictReader(io.StringIO(text))
    return [CancellationRow(order=int(row["Order"]), note=row["Note"], refund=Decimal(row["Refund"] or "0"),
                            refund_state=row["Refund state"], voided=Decimal(row["Voided"] or "0"),
                            restocked=row["Restocked"] == "yes", notified=row["Notified"] == "yes")
            for row in reader]
