"""Deskflow's fault script (issue #8: crashes during writes, gateway, warehouse, mail and database faults, backups).

It builds `deskflow`, seeds a temporary store, starts the server and signs in, then drives real actions from a
few client threads — cancels (full, partial or no refund, restock on or off, notify on or off), payment-method
changes, payment retries and requests, refund retries, stock adjustments and customer messages — each under a
fresh idempotency key, keeping a journal of every request and whether a 303 came back. After a random stretch of
load it waits (up to KILL_WAIT seconds more) for one of those POSTs to be in flight and kills the server with
SIGKILL a few milliseconds into it, re-checking just before the kill that it is still unanswered; a crash that
found no POST in flight is reported as not inside a write. It starts the server again on the same database and
checks the store — its invariants with `deskflow check --json`, each action through the pages a manager would open
(order pages, notifications, the cancellations report) — so that nothing acknowledged was lost, nothing was done
twice, stock agrees with its ledger, money agrees with the gateway's ledger and every payment call left pending was
finished. It re-sends a sample of acknowledged and of broken requests under their original keys, takes a backup
while writes flow and checks it holds everything acknowledged before it started, and restores it.

After the crash rounds come the drills, each a few seconds of the same load with a fault switched on: the simulated
gateway loses its answers (`deskflow outage gateway timeout`), then refuses calls; the warehouse refuses work; the
mail folder cannot be written; and another process holds the database's write lock past the busy timeout. After
each, the calls whose answer was lost are settled the way a manager would (a retry under the original key, or a
restart for a void) and the same checks run: nothing lost, nothing twice, every email delivered once.

    scripts/faults                      # 20 crashes (the default)
    scripts/faults --rounds 3 --seed 7  # a quick look, reproducible choices
    scripts/faults --binary PATH        # use a deskflow already built instead of running swift build
    scripts/faults --database postgres  # 2 instances on one PostgreSQL behind nginx, one killed each round

On PostgreSQL (`--database postgres`) the store is one database on the server the PG* environment names, or on a
throw-away cluster of `pg_virtualenv` (fsync on); `--instances` servers share it behind nginx, the clients go through
nginx, and each round kills one instance inside a POST it is serving while the other keeps serving. The backup is
`pg_dump` taken under load and restored into a second database; the database drill restarts PostgreSQL under load
(when the cluster is the script's own) instead of holding SQLite's write lock. Results go to
reliability/faults-postgres-latest.json and .md.

Writes reliability/faults-latest.json and reliability/faults-latest.md; exits 1 on any violation, printing what
was lost or duplicated. Python 3.11 standard library only; no SQL (DESIGN.md §7).
"""

from __future__ import annotations

import argparse
import os
import random
import urllib.parse
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from deskflow_client import Browser, SentToSignIn, Unavailable, pages, reads

CANCEL_REASONS = ["customer", "fraud", "inventory", "declined", "staff", "other"]
# The simulated gateway's test cards (SimulatedGateway.testMethods): some succeed, one times out once, some fail,
# so a failed order sometimes stays failed and keeps being worked on.
PAYMENT_CHOICES = ["visa-4242", "mastercard-4444", "amex-8431", "visa-0119", "visa-0002", "mastercard-9995", "visa-0341"]
# How often each kind of action is planned, relative to the others.
ACTION_WEIGHTS = {"cancel": 5, "fulfill": 2, "payment": 3, "refund_retry": 1, "stock": 2, "message": 2}


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="crashes (kill -9 and restart) to survive (default 20)")
    parser.add_argument("--seed", type=int, default=None, help="seed for every random choice (default: a random one)")
    parser.add_argument("--orders", type=int, default=15000, help="generated orders to seed (default 15000)")
    parser.add_argument("--workers", type=int, default=4, help="client threads sending actions (default 4)")
    parser.add_argument("--min-load", type=float, default=1.0, help="shortest load before a crash, seconds (default 1)")
    parser.add_argument("--max-load", type=float, default=5.0, help="longest load before a crash, seconds (default 5)")
    parser.add_argument("--replays", type=int, default=4, help="acknowledged requests re-sent after each restart (default 4)")
    parser.add_argument("--drill-seconds", type=float, default=4.0,
                        help="how long each outage drill lasts after the crash rounds; 0 skips the drills (default 4)")
    parser.add_argument("--binary", type=Path, default=None,
                        help="an already-built deskflow to use instead of running swift build")
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite",
                        help="the store: one SQLite file and one server (default), or PostgreSQL and --instances servers")
    parser.add_argument("--instances", type=int, default=2,
                        help="on PostgreSQL: deskflow serve processes behind nginx, killed in turn (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (it is always kept on failure)")
    args = parser.parse_args()
    if args.seed is None:
        args.seed = random.randrange(1_000_000)
    if args.rounds < 1 or args.workers < 1:
        parser.error("--rounds and --workers take a positive number")
    if args.database == "postgres" and not 2 <= args.instances <= args.workers:
        parser.error("--instances takes 2 or more, and no more than --workers (each instance serves its own clients)")
    if args.binary is not None:
        args.binary = args.binary.resolve()
        if not (args.binary.is_file() and os.access(args.binary, os.X_OK)):
            parser.error(f"--binary {args.binary} is not an executable file")
    return args


@dataclass
class Action:
    """One order-changing request: what was sent, under which key, and what became of it."""
    seq: int
    kind: str                 # cancel, fulfill, fulfillment_retry, payment_method, payment_retry, payment_request,
                              # refund_retry, stock, message
    path: str
    fields: dict[str, str]    # the form as posted, without the CSRF token
    key: str
    order: int | None = None
    sku: str | None = None
    expect: dict = field(default_factory=dict)   # what the checks look for: refund, void, restock, notify, delta …
    worker: int = 0
    round: int = 0
    outcome: str = "unsent"   # ack (303) | refused (409/422) | unexpected (any other status) | broken (no answer)
    status: int | None = None
    location: str = ""
    retry_after: str = ""     # the answer's Retry-After, if any
    error: str = ""
    sent_at: float = 0.0
    answered_at: float = 0.0
    replays: list = field(default_factory=list)  # [(why, status)]
    acknowledged_on_replay: bool = False
    done_before_replay: bool | None = None       # a broken request: whether the pages showed it done before re-sending

    @property
    def acknowledged(self) -> bool:
        return self.outcome == "ack" or self.acknowledged_on_replay

    @property
    def committed(self) -> bool | None:
        """Whether the store must hold the action (True), must not (False), or may either way (None: no answer yet).
        A broken request is settled by re-sending it under its key: a 303 means done once, a 409/422 not done."""
        if self.acknowledged:
            return True
        if self.outcome == "refused":
            return False
        if self.outcome == "broken":
            statuses = [status for why, status in self.replays if why == "same key, same values" and status is not None]
            if statuses and statuses[-1] == 303:
                return True
            if statuses and statuses[-1] in (409, 422) and not self.done_before_replay:
                return False
        return None

    def describe(self) -> str:
        target = f"order #{self.order}" if self.order else f"SKU {self.sku}"
        values = {k: v for k, v in self.fields.items() if k not in ("idempotency_key",)}
        return f"{self.kind} on {target} (key {self.key}, round {self.round}, {self.outcome}, values {values})"


@dataclass
class Pools:
    """The orders (and products) one client may act on; each client has its own orders, so clients do not make
    each other's forms stale."""
    cancel: list[int]
    fulfill: list[int]          # ready to ship, or shipping failed (retry fulfillment)
    payment_failed: list[int]
    refund_failed: list[int]
    any_order: list[int]
    skus: list[str]


def pools_from(states: dict[int, tuple[str, str, str, str]], skus: list[str], workers: int) -> list[Pools]:
    """Each client's pools from what the pages last showed of every order: (status, payment, fulfillment, issue)."""
    def numbers(wanted) -> list[int]:
        return sorted(number for number, state in states.items() if wanted(*state))
    # Failed payments are few (the demo store's handful): keep them for the payment actions, not for cancelling.
    cancellable = numbers(lambda status, payment, fulfillment, issue: status in ("pending", "processing")
                          and fulfillment != "fulfilled" and issue != "payment_failed")
    shippable = numbers(lambda status, payment, fulfillment, issue: status == "processing"
                        and issue in ("", "fulfillment_failed"))
    payment_failed = numbers(lambda status, payment, fulfillment, issue: issue == "payment_failed" and status != "cancelled")
    refund_failed = numbers(lambda status, payment, fulfillment, issue: issue == "refund_failed")
    everything = sorted(states)
    mine = lambda numbers, worker: [n for n in numbers if n % workers == worker]
    # A third of the orders are kept for fulfilling, the rest for cancelling, so both keep going for the whole run.
    for_fulfilling = lambda number: (number // workers) % 3 == 0
    return [Pools(cancel=[n for n in mine(cancellable, w) if not for_fulfilling(n)],
                  fulfill=[n for n in mine(shippable, w) if for_fulfilling(n)],
                  payment_failed=mine(payment_failed, w), refund_failed=mine(refund_failed, w),
                  any_order=mine(everything, w), skus=list(skus))
            for w in range(workers)]


class Planner:
    """Picks the next action for one client: reads the page a manager would have open (for the version, the
    refundable amount, the stock on hand) and fills in the form as they would. `seen` hears of every order page
    read, so the checks know each order's timeline before the run first touched it."""

    def __init__(self, browser: Browser, rng: random.Random, pools: Pools, seen):
        self.browser, self.rng, self.pools, self.seen = browser, rng, pools, seen

    def next_action(self) -> Action | None:
        kinds = {"cancel": self.pools.cancel, "fulfill": self.pools.fulfill, "payment": self.pools.payment_failed,
                 "refund_retry": self.pools.refund_failed, "stock": self.pools.skus, "message": self.pools.any_order}
        available = [kind for kind, pool in kinds.items() if pool]
        kind = self.rng.choices(available, weights=[ACTION_WEIGHTS[k] for k in available])[0]
        return getattr(self, f"plan_{kind}")()

    def order_page(self, number: int) -> pages.OrderView:
        reply = self.browser.get(f"/orders/{number}")
        if reply.status == 503 and reply.retry_after:
            raise Unavailable(f"GET /orders/{number} answered 503, Retry-After {reply.retry_after}")
        if reply.status == 303 and reply.location.startswith("/login"):
            raise SentToSignIn(f"GET /orders/{number} was sent to the sign-in form")
        if reply.status != 200:
            raise RuntimeError(f"GET /orders/{number} answered {reply.status}")
        view = pages.OrderView.parse(reply.body, number)
        self.seen(view)
        return view

    def plan_cancel(self) -> Action | None:
        number = self.rng.choice(self.pools.cancel)
        order = self.order_page(number)
        if order.status not in ("pending", "processing") or order.fulfillment_status == "fulfilled":
            self.pools.cancel.remove(number)
            return None
        key = str(uuid.uuid4())
        fields = {"version": order.version, "idempotency_key": key, "reason": self.rng.choice(CANCEL_REASONS),
                  "note": f"faults {key}"}
        refundable = order.money.get("refundable", 0)
        refund = 0
        if refundable > 0:
            style = self.rng.choice(["full", "partial", "none"])
            if style != "none":
                refund = refundable if style == "full" or refundable < 2 else self.rng.randint(1, refundable - 1)
                fields.update(issue_refund="on", refund_amount=pages.as_typed(refund))
        restock, notify = self.rng.random() < 0.7, self.rng.random() < 0.6
        if restock:
            fields["restock"] = "on"
        if notify:
            fields["notify_customer"] = "on"
        # Only an order that is merely authorized is cancelled by voiding; one with nothing captured refunds 0.
        void = refundable == 0 and order.payment_status == "authorized"
        self.pools.cancel.remove(number)   # one cancel per order; a broken one is re-sent by the replay phase
        return Action(0, "cancel", f"/orders/{number}/cancel", fields, key, order=number,
                      expect={"refund": refund, "void": void, "restock": restock, "notify": notify})

    def plan_fulfill(self) -> Action | None:
        """Ships a ready order (capturing an authorized payment), or retries a failed shipment."""
        number = self.rng.choice(self.pools.fulfill)
        order = self.order_page(number)
        if order.status != "processing" or order.issue not in ("", "fulfillment_failed"):
            self.pools.fulfill.remove(number)
            return None
        key = str(uuid.uuid4())
        fields = {"version": order.version, "idempotency_key": key}
        expect = {"capture": order.payment_status == "authorized"}
        if order.issue == "fulfillment_failed":
            return Action(0, "fulfillment_retry", f"/orders/{number}/fulfillment/retry", fields, key, order=number, expect=expect)
        fields["tracking_number"] = self.rng.choice(["", f"FLT-{number}"])
        return Action(0, "fulfill", f"/orders/{number}/fulfill", fields, key, order=number, expect=expect)

    def plan_payment(self) -> Action | None:
        number = self.rng.choice(self.pools.payment_failed)
        order = self.order_page(number)
        if order.issue != "payment_failed":
            self.pools.payment_failed.remove(number)
            return None
        key = str(uuid.uuid4())
        fields = {"version": order.version, "idempotency_key": key}
        kind = self.rng.choices(["payment_method", "payment_retry", "payment_request"], weights=[4, 4, 1])[0]
        path = {"payment_method": "method", "payment_retry": "retry", "payment_request": "request"}[kind]
        if kind == "payment_method":
            fields["payment_method"] = self.rng.choice(PAYMENT_CHOICES)
        return Action(0, kind, f"/orders/{number}/payment/{path}", fields, key, order=number)

    def plan_refund_retry(self) -> Action | None:
        number = self.rng.choice(self.pools.refund_failed)
        order = self.order_page(number)
        if order.issue != "refund_failed" or not order.refund_retries:
            self.pools.refund_failed.remove(number)
            return None
        key = str(uuid.uuid4())
        return Action(0, "refund_retry", order.refund_retries[0], {"version": order.version, "idempotency_key": key},
                      key, order=number)

    def plan_stock(self) -> Action | None:
        sku = self.rng.choice(self.pools.skus)
        levels = reads.stock_levels(self.browser)
        if sku not in levels:
            raise RuntimeError(f"the inventory page has no row for {sku}")
        on_hand = levels[sku]["on_hand"]
        key = str(uuid.uuid4())
        fields = {"idempotency_key": key, "reason": f"faults {key}", "adjustment": "", "on_hand": ""}
        expect = {}
        if self.rng.random() < 0.8:
            delta = self.rng.choice([d for d in (-3, -2, -1, 1, 2, 3, 4, 5) if on_hand + d >= 0])
            fields["adjustment"] = f"{delta:+d}"
            expect["delta"] = delta
        else:
            fields["on_hand"] = str(max(0, on_hand + self.rng.randint(-2, 5)))
        return Action(0, "stock", f"/inventory/{urllib.parse.quote(sku)}", fields, key, sku=sku, expect=expect)

    def plan_message(self) -> Action | None:
        number = self.rng.choice(self.pools.any_order)
        order = self.order_page(number)
        key = str(uuid.uuid4())
        fields = {"version": order.version, "idempotency_key": key, "subject": f"Faults check {key}",
                  "body": "A note about your order from the fault script.\n\nNothing for you to do."}
        return Action(0, "message", f"/orders/{number}/messages", fields, key, order=number)
