"""Whole-store checks. The store's invariants come from `deskflow check --json` (integrity, stock against its
ledger, money against the provider's ledger, nothing left pending, counts, nothing done twice); each journaled action
is checked through what a manager sees: its order's page (status hooks, the timeline's `data-event` entries), the
cancellations report's CSV (one record per cancellation, with its note, refund, void, restock and notify) and the
notifications list (each message with its order, kind and delivery state); the emails are the `.eml` files in the
mail folder. No SQL: the database is only ever opened by `deskflow`."""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from deskflow_client import Browser, cli, pages, reads

from .plan import Action

# Order events written by a manager's action (not by the gateway's or warehouse's answer), counted exactly.
COUNTED_EVENTS = ("order_cancelled", "refund_requested", "items_restocked", "customer_notified", "payment_retried",
                  "payment_method_updated", "payment_method_requested", "customer_messaged")
FULFILMENTS = ("fulfill", "fulfillment_retry")


@dataclass
class Violation:
    kind: str      # lost | duplicated | partial | corrupt | stock | money | pending | counts | mail | answer | replay
    detail: str


class Baseline:
    """What the pages showed before the run touched each order: its timeline when a client first opened it (every
    action is planned from the order's page, so that read comes before the first action on it), the newest message
    before the first action, and, for choosing what to do next, the last state each order was seen in."""

    def __init__(self, states: dict[int, tuple], last_notification: int, skus: list[str]):
        self.first_events: dict[int, Counter] = {}
        self.states = states
        self.last_notification = last_notification
        self.skus = skus
        self.lock = threading.Lock()

    def seen(self, view: pages.OrderView) -> None:
        with self.lock:
            self.first_events.setdefault(view.number, Counter(view.events))
            self.states[view.number] = view.state


@dataclass
class Observation:
    """One look at a store: `deskflow check`'s problems, the pages of some orders, the cancellations report, and the
    messages written since the run began."""
    problems: list[cli.Problem]
    views: dict[int, pages.OrderView]
    cancellations: dict[int, list[pages.CancellationRow]]
    messages: list[pages.Notification]
    messages_by_order: Counter = field(default_factory=Counter)   # (order, kind) → messages since the baseline

    @classmethod
    def read(cls, problems: list[cli.Problem], browsers: list[Browser], numbers, baseline: Baseline,
             live: bool = True) -> Observation:
        """`problems`: what `deskflow check --json` said of this store. `live`: the store the clients work on, so
        what its pages show is what the next rounds plan from (not so for a backup's copy)."""
        views = reads.order_views(browsers, list(numbers))
        rows: dict[int, list] = defaultdict(list)
        for row in reads.cancellations(browsers[0]):
            rows[row.order].append(row)
        messages = reads.notifications_after(browsers[0], baseline.last_notification)
        if live:
            for view in views.values():
                baseline.seen(view)
        return cls(problems, views, dict(rows), messages,
                   Counter((m.order, m.kind) for m in messages if m.order is not None))


def events_of(action: Action) -> list[str]:
    """The manager-action order events a committed action writes."""
    match action.kind:
        case "cancel":
            return (["order_cancelled", "items_restocked"] + (["refund_requested"] if action.expect["refund"] else [])
                    + (["customer_notified"] if action.expect["notify"] else []))
        case "payment_method": return ["payment_method_updated"]
        case "payment_retry": return ["payment_retried"]
        case "payment_request": return ["payment_method_requested"]
        case "refund_retry": return ["refund_requested"]
        case "message": return ["customer_messaged"]
    return []


def message_of(action: Action) -> str | None:
    """The kind of customer message (on /notifications) a committed action queues."""
    match action.kind:
        case "cancel": return "order_cancelled" if action.expect["notify"] else None
        case "message": return "customer_message"
        case "payment_request": return "payment_method_request"
    return None


def new_events(view: pages.OrderView, baseline: Baseline) -> Counter:
    first = baseline.first_events.get(view.number, Counter())
    return Counter({kind: view.events[kind] - first[kind] for kind in COUNTED_EVENTS + ("order_fulfilled",)})


def verify(observation: Observation, baseline: Baseline, actions: list[Action], complete: bool) -> tuple[list[Violation], set[int]]:
    """Each order action against the observation, order by order. `complete`: the store holds everything the actions
    did (the live store), so counts must match exactly, within what the requests still without an answer allow; a
    backup holds a prefix, so only what the given (acknowledged) actions did must be there. Returns the violations
    and the seq of every action on an order where one was found."""
    violations, wrong = [], set()
    by_order: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        if action.order is not None:
            by_order[action.order].append(action)
    for number, on_order in sorted(by_order.items()):
        view = observation.views.get(number)
        if view is None:
            continue
        found = verify_order(view, on_order, observation, baseline, complete)
        if found:
            violations += found
            wrong.update(a.seq for a in on_order)
    return violations, wrong


def verify_order(view: pages.OrderView, actions: list[Action], observation: Observation, baseline: Baseline,
                 complete: bool) -> list[Violation]:
    violations = []
    for action in actions:
        if action.kind == "cancel":
            violations += verify_cancel(action, view, observation.cancellations.get(view.number, []))
        elif action.kind in FULFILMENTS and action.acknowledged:
            # The warehouse's answer is recorded in a second transaction: once the 303 came back the order has shipped
            # or has a fulfillment failure.
            if view.status != "fulfilled" and view.issue != "fulfillment_failed":
                violations.append(Violation("lost", f"the warehouse's answer (shipped or failed) is missing: {action.describe()}"))
    events = new_events(view, baseline)
    if any(a.kind in FULFILMENTS for a in actions):
        # An order ships once, whichever key shipped it.
        shipped, wanted = events["order_fulfilled"], int(view.status == "fulfilled")
        if shipped < wanted or (complete and shipped > wanted):
            violations.append(Violation("lost" if shipped < wanted else "duplicated",
                                        f"order #{view.number} is {view.status} with {shipped} new shipments on its timeline"))
    # Counts per order, between what the actions that must be there did and what every action still without an answer
    # may have done as well.
    low, high, low_messages, high_messages = Counter(), Counter(), Counter(), Counter()
    for action in actions:
        committed = action.committed
        if committed is False:
            continue
        message = message_of(action)
        high.update(events_of(action))
        high_messages.update([message] if message else [])
        if committed:
            low.update(events_of(action))
            low_messages.update([message] if message else [])
    found_messages = Counter({kind: n for (order, kind), n in observation.messages_by_order.items() if order == view.number})
    for what, have, least, most in (("order event", events, low, high), ("customer message", found_messages, low_messages, high_messages)):
        for kind in sorted(set(least) | set(most) | {k for k, n in have.items() if n}):
            if kind not in COUNTED_EVENTS and what == "order event":
                continue
            if have[kind] < least[kind] or (complete and have[kind] > most[kind]):
                wanted = least[kind] if least[kind] == most[kind] else f"{least[kind]} to {most[kind]}"
                violations.append(Violation("lost" if have[kind] < least[kind] else "duplicated",
                                            f"order #{view.number}: {have[kind]} new '{kind}' {what}s, but the committed "
                                            f"actions account for {wanted}"))
    return violations


def verify_cancel(action: Action, view: pages.OrderView, rows: list[pages.CancellationRow]) -> list[Violation]:
    """A cancel is done once or not at all: the order cancelled, one cancellation record carrying the note with this
    request's key, and the refund, void, restock and notify it asked for."""
    committed, cancelled, expect = action.committed, view.status == "cancelled", action.expect
    if committed and not cancelled:
        return [Violation("lost", f"the order is {view.status}, not cancelled: {action.describe()}")]
    if committed is False and cancelled:
        return [Violation("partial", f"answered {action.status} (nothing done) but the order is cancelled: {action.describe()}")]
    if not cancelled:
        return [Violation("partial", f"{len(rows)} cancellation records for an order that is {view.status}: "
                                     f"{action.describe()}")] if rows else []
    if len(rows) != 1:
        return [Violation("lost" if not rows else "duplicated", f"{len(rows)} cancellation records: {action.describe()}")]
    row, wrong = rows[0], []
    if action.key not in row.note:
        wrong.append(f"its note is not this request's ({row.note!r})")
    if (row.refund_state != "none") != (expect["refund"] > 0):
        wrong.append(f"refund state {row.refund_state}, expected {'a refund' if expect['refund'] else 'none'}")
    elif expect["refund"] and row.refund != Decimal(pages.as_typed(expect["refund"])):
        wrong.append(f"refund of {row.refund}, expected {pages.as_typed(expect['refund'])}")
    if (row.voided > 0) != expect["void"]:
        wrong.append(f"voided {row.voided}, expected {'a void' if expect['void'] else 'none'}")
    if row.restocked != expect["restock"] or row.notified != expect["notify"]:
        wrong.append(f"restocked {row.restocked} and notified {row.notified}, expected {expect['restock']} and {expect['notify']}")
    return [Violation("partial", f"the cancellation record is wrong ({'; '.join(wrong)}): {action.describe()}")] if wrong else []


def done_before(action: Action, observation: Observation, baseline: Baseline, others: list[Action]) -> bool | None:
    """Whether the pages show a request that got no answer as done: its order cancelled, its timeline entries there
    beyond what the order's other requests account for, or (a fulfilment, whose first transaction writes no entry)
    the order's `data-version` moved past the form's. None when no page tells: a stock adjustment, whose ledger row no
    page shows."""
    view = observation.views.get(action.order) if action.order is not None else None
    if view is None or action.kind == "stock":
        return None
    if action.kind == "cancel":
        return view.status == "cancelled"
    if action.kind in FULFILMENTS:
        # Every order action's transaction moves the version on; nothing else acts on an order a client is shipping.
        return int(view.version) > int(action.fields["version"])
    kind = events_of(action)[0]
    accounted = sum(events_of(a).count(kind) for a in others if a is not action and a.committed)
    undecided = sum(events_of(a).count(kind) for a in others if a is not action and a.committed is None)
    extra = new_events(view, baseline)[kind] - accounted
    if undecided:
        return None
    return extra >= 1


def check_mail(mail_dir: Path, messages: list[pages.Notification], require_all_sent: bool) -> tuple[list[Violation], dict]:
    """Each message Deskflow sent is one .eml file; none twice (same Message-ID, or the same message in two files);
    none missing for a message shown as sent."""
    violations, files_per_message, message_ids = [], Counter(), Counter()
    leftovers = 0
    for path in mail_dir.glob("*") if mail_dir.is_dir() else []:
        if path.name.startswith(".tmp-"):
            leftovers += 1   # a write cut off by a crash before its rename: never seen by a reader
            continue
        with open(path, errors="replace") as message:
            head = message.read(4096)
        found = re.search(r"^Message-ID: <([^>]+)>", head, re.MULTILINE)
        if not found:
            violations.append(Violation("mail", f"{path.name} has no Message-ID"))
            continue
        message_ids[found.group(1)] += 1
        if outbox := re.match(r"outbox-(\d+)\.", found.group(1)):
            files_per_message[int(outbox.group(1))] += 1
    violations += [Violation("duplicated", f"Message-ID {mid} delivered {n} times") for mid, n in message_ids.items() if n > 1]
    violations += [Violation("duplicated", f"message {mid} delivered as {n} different emails")
                   for mid, n in files_per_message.items() if n > 1]
    for message in messages:
        if message.state == "sent" and files_per_message[message.id] == 0:
            violations.append(Violation("lost", f"message {message.id} is shown as sent but no email exists"))
        if require_all_sent and message.state != "sent":
            violations.append(Violation("mail", f"message {message.id} is still {message.state} after the queue drained"))
    return violations, {"emails": sum(message_ids.values()), "unfinished_temp_files": leftovers}
