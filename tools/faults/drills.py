"""Fault drills: the neighbours misbehave while the clients work, without a crash — the gateway loses its answers or
refuses calls, the warehouse refuses work, the mail folder cannot be written, another process holds the database's
write lock (SQLite) or PostgreSQL restarts — then what was left waiting is settled the way a manager would, and the
store is checked."""

from __future__ import annotations

import random
import sqlite3
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from deskflow_client import Browser, cli, pages, postgres, reads

from .checks import Violation
from .common import PENDING_GRACE, REQUEST_TIMEOUT, say
from .journal import submit
from .plan import Action, Planner, pools_from


def run_drills(run) -> None:
    seconds = run.args.drill_seconds
    outage = lambda service, mode: lambda: cli.outage(run.binary, run.server.database, service, mode)
    drill(run, "gateway loses its answers", seconds, outage("gateway", "timeout"), outage("gateway", "off"), retry=True)
    drill(run, "gateway refuses calls", seconds, outage("gateway", "fail"), outage("gateway", "off"))
    drill(run, "warehouse refuses work", seconds, outage("warehouse", "fail"), outage("warehouse", "off"))
    drill(run, "mail cannot be written", seconds, *mail_outage(run))
    if not run.on_postgres:
        database_lock_drill(run)
    elif postgres.can_restart():
        postgres_restart_drill(run, seconds)
    else:
        # PostgreSQL has no lock a script can hold that is SQLite's write lock, and a server the PG* environment
        # names is not the script's to restart.
        run.skipped_drills.append("PostgreSQL restart (the server is not the script's own throw-away cluster)")
        say("drill 'PostgreSQL restarts' skipped: the server is not the script's own throw-away cluster")


def drill(run, name: str, seconds: float, begin, end, retry: bool = False) -> None:
    """Runs the clients for `seconds` with a fault on (`begin`), ends it (`end`), settles what the fault left
    waiting for an answer, and checks the store as after a crash: nothing lost, nothing twice."""
    number = run.args.rounds + len(run.drills) + 1
    stop = threading.Event()
    clients = run.clients(number, stop)
    first = len(run.journal.actions)
    begin()
    for client in clients:
        client.start()
    time.sleep(seconds)
    stop.set()
    for client in clients:
        client.join(timeout=REQUEST_TIMEOUT + 5)
        if client.failure:
            raise RuntimeError(f"{client.name} stopped: {client.failure}")
    end()
    ended = time.monotonic()
    actions = run.journal.actions[first:]
    for action in actions:
        if action.outcome in ("unexpected", "broken"):
            run.record(f"the {name} drill", [Violation("answer", f"answered {action.status}: {action.describe()} — {action.error}")])
    retried = settle_by_retrying(run, number, actions) if retry else 0
    time.sleep(max(0.0, ended + PENDING_GRACE - time.monotonic()))   # every call the drill made is older than the grace
    restarted, resumed = settle_by_restarting(run)
    run.check_live(f"the {name} drill", "after a drill")
    outcomes = Counter(a.outcome for a in actions)
    run.drills.append({"drill": name, "seconds": seconds, "actions": len(actions), "acknowledged": outcomes["ack"],
                       "refused": outcomes["refused"], "settled_afterwards": retried + resumed,
                       "retried_afterwards": retried, "restarted_afterwards": restarted, "finished_by_a_restart": resumed})
    say(f"drill '{name}': {len(actions)} sent ({outcomes['ack']} acknowledged, {outcomes['refused']} refused); afterwards "
        f"{retried} retries under the calls' keys" + (f", a restart that finished {resumed} pending calls" if restarted else ""))


def settle_by_retrying(run, number: int, actions: list[Action]) -> int:
    """What a manager does after the gateway lost its answers: on each order the drill's requests touched, retries
    each failed refund, a failed payment and a failed fulfillment. The retry of a refund, charge or capture goes out
    under the call's original key, so it learns the provider's answer instead of moving money again."""
    browser, sent = run.browsers[0], 0
    orders = sorted({a.order for a in actions if a.order is not None})
    for number_of_order, view in sorted(reads.order_views(run.browsers, orders).items()):
        for path in view.refund_retries:
            current = order_view(browser, number_of_order)
            if path in current.refund_retries:   # one retry per failed refund on the order
                sent += settle(run, browser, "refund_retry", path, current, number)
        current = order_view(browser, number_of_order)
        if current.issue == "payment_failed" and current.status != "cancelled":
            sent += settle(run, browser, "payment_retry", f"/orders/{number_of_order}/payment/retry", current, number)
        elif current.issue == "fulfillment_failed":
            sent += settle(run, browser, "fulfillment_retry", f"/orders/{number_of_order}/fulfillment/retry", current,
                           number, expect={"capture": current.payment_status == "authorized"})
    return sent


def settle_by_restarting(run) -> tuple[bool, int]:
    """A call still pending (a void has no manager action: its order is cancelled already; a charge or capture whose
    answer was lost) is sent again under its key at start-up, so the server is restarted when `deskflow check`
    reports anything pending for longer than the grace. Returns whether it restarted and the calls start-up finished.
    Not on PostgreSQL: start-up there takes only calls past their lease, which the running instances' recovery
    takes as well, so the checks allow for a call as young as that (POSTGRES_PENDING_LIMIT) and the end of the run
    waits until nothing is pending."""
    if run.on_postgres:
        return False, 0
    if not any(p.kind == "pending" for p in cli.check(run.binary, run.server.database, pending_limit=PENDING_GRACE)):
        return False, 0
    return True, run.restart(graceful=True)


def order_view(browser: Browser, number: int) -> pages.OrderView:
    view = pages.OrderView.parse(browser.page(f"/orders/{number}"), number)
    return view


def settle(run, browser: Browser, kind: str, path: str, order: pages.OrderView, number: int, expect: dict | None = None) -> int:
    key = str(uuid.uuid4())
    action = Action(0, kind, path, {"version": order.version, "idempotency_key": key}, key, order=order.number,
                    expect=expect or {}, round=number)
    submit(action, browser, run.journal)
    if action.outcome != "ack":
        run.record("settling after a drill", [Violation("answer", f"answered {action.status}: {action.describe()} — {action.error}")])
    return 1


def mail_outage(run) -> tuple:
    """The mail folder turns into a file: every delivery fails until it is a folder again."""
    folder, away = Path(run.server.mail_dir), Path(f"{run.server.mail_dir}-away")

    def begin() -> None:
        folder.rename(away)
        folder.write_text("not a folder: deliveries fail until the drill ends\n")

    def end() -> None:
        folder.unlink()
        away.rename(folder)
    return begin, end


def hold_write_lock(database: Path) -> sqlite3.Connection:
    """Another process holding the database's write lock, as an administrator's `sqlite3` shell would. It takes the
    lock and reads nothing: the one statement the script sends to the database, since no `deskflow` command holds
    the lock on request."""
    holder = sqlite3.connect(database, timeout=30, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def database_lock_drill(run) -> None:
    """Another process holds the database's write lock past the busy timeout: a write waits, then answers 503 and
    changes nothing; reads keep working; once the lock is gone the same form goes through, once."""
    browser = run.browsers[0]
    pools = pools_from(run.baseline.states, run.baseline.skus, 1)[0]
    planner = Planner(browser, random.Random(run.rng.random()), pools, run.baseline.seen)
    action = None
    while action is None and pools.skus:
        action = planner.plan_stock()
    holder = hold_write_lock(run.server.database)
    try:
        started = time.monotonic()
        during = browser.post(action.path, action.fields)
        waited = time.monotonic() - started
        reads_status = browser.get(f"/orders/{pools.any_order[0]}").status
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    if during.status != 503 or not during.retry_after:
        run.record("the database lock drill", [Violation("answer", f"a write while the database was locked answered "
                                                                   f"{during.status}, not 503 with Retry-After")])
    if reads_status != 200:
        run.record("the database lock drill", [Violation("answer", f"an order page answered {reads_status} while the database was locked")])
    action.round = run.args.rounds + len(run.drills) + 1
    submit(action, browser, run.journal)
    if action.outcome != "ack":
        run.record("the database lock drill", [Violation("answer", f"after the lock, answered {action.status}: {action.describe()}")])
    run.check_live("the database lock drill", "after a drill")
    run.drills.append({"drill": "database locked by another process", "seconds": round(waited, 1), "actions": 1,
                       "acknowledged": int(action.outcome == "ack"), "refused": 0, "settled_afterwards": 0,
                       "answered_while_locked": during.status})
    say(f"drill 'database locked': the write waited {waited:.1f} s and answered {during.status}; "
        f"reads answered {reads_status}; sent again afterwards: {action.status}")


def drain_outbox(run, timeout: float = 30) -> None:
    """Waits for the delivery worker to send every message written during the run, so the last mail check sees them
    all: the queued and sending lists, newest first, hold none newer than the baseline."""
    deadline = time.monotonic() + timeout
    browser = run.browsers[0]
    while time.monotonic() < deadline:
        waiting = [row for state in ("queued", "sending")
                   for row in pages.notification_rows(browser.page(f"/notifications?state={state}"))
                   if row.id > run.baseline.last_notification]
        if not waiting:
            return
        time.sleep(0.5)


def postgres_restart_drill(run, seconds: float) -> None:
    """PostgreSQL restarts (a fast shutdown: connections cut, open transactions rolled back) while the clients work.
    While it is down every instance answers 503 with Retry-After, pages and writes alike, and keeps running; its pool
    reconnects once the server is back. A write answered 503 is not known to be done or not (its commit may have been
    cut off), so it is settled like a request a crash cut off: the pages are read, then it is re-sent under its key;
    the same checks follow."""
    number = run.args.rounds + len(run.drills) + 1
    stop = threading.Event()
    clients = run.clients(number, stop)
    first = len(run.journal.actions)
    for client in clients:
        client.start()
    time.sleep(seconds / 2)
    started = time.monotonic()
    postgres.restart()
    restarted = time.monotonic() - started
    time.sleep(seconds / 2)
    stop.set()
    unavailable_pages = run.join(clients, "the PostgreSQL restart drill", unavailable_expected=True)
    actions = run.journal.actions[first:]
    answered_503 = [a for a in actions if a.outcome == "unexpected" and a.status == 503 and a.retry_after]
    # Writes with no answer at all (the connection cut, or nginx's 502/504), re-sent below like the 503s.
    no_answer = [a for a in actions if a.outcome == "broken"]
    for action in answered_503:
        action.outcome, action.error = "broken", "503 while PostgreSQL restarted"
    run.record("the PostgreSQL restart drill", [Violation("answer", f"answered {a.status}: {a.describe()} — {a.error}")
                                                 for a in actions if a.outcome == "unexpected"])
    # No instance died, so a write with no answer (the client's timeout, or nginx's 504) is the server not answering
    # while the database was away: it should have answered 503 with Retry-After. Re-sent below all the same.
    run.record("the PostgreSQL restart drill", [Violation("answer", f"no answer ({a.error}) instead of a 503 with "
                                                                    f"Retry-After: {a.describe()}") for a in no_answer])
    if any(not server.running for server in run.server.servers):
        run.record("the PostgreSQL restart drill", [Violation("answer", "an instance exited while PostgreSQL restarted")])
    # Re-sends the writes answered 503 and a sample of the acknowledged ones, between two checks.
    run.check_and_re_send(actions, "the PostgreSQL restart drill", "after a drill",
                          "re-sending after the PostgreSQL restart", "after re-sending requests")
    outcomes = Counter(a.outcome for a in actions)
    run.drills.append({"drill": "PostgreSQL restarts under load", "seconds": seconds, "actions": len(actions),
                       "acknowledged": outcomes["ack"], "refused": outcomes["refused"], "settled_afterwards": len(answered_503) + len(no_answer),
                       "restart_seconds": round(restarted, 2), "writes_answered_503": len(answered_503),
                       "writes_without_an_answer": len(no_answer),
                       "pages_answered_503": unavailable_pages})
    say(f"drill 'PostgreSQL restarts': restarted in {restarted:.1f} s; {len(actions)} sent ({outcomes['ack']} acknowledged, "
        f"{outcomes['refused']} refused), {len(answered_503)} writes and {unavailable_pages} pages answered 503 with "
        f"Retry-After, {len(no_answer)} writes got no answer; the writes re-sent under their keys afterwards")
