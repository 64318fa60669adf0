"""Every request the clients send and what became of it; the clients themselves; the kill timed inside a write; and
re-sending requests under their original keys after a restart."""

from __future__ import annotations

import json
import random
import re
import threading
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from deskflow_client import BrokenConnection, Browser, SentToSignIn, Unavailable

from .plan import Action, Planner, Pools


class Journal:
    """Every action the clients sent, in order, also appended to a JSON-lines file as each one settles."""

    def __init__(self, path: Path):
        self.actions: list[Action] = []
        self.lock = threading.Lock()
        self.posts_changed = threading.Condition(self.lock)
        self.in_flight: dict[int, Action] = {}   # seq → an order-changing POST sent and not yet answered (or broken)
        self.file = open(path, "a")

    def posting(self, action: Action, sending: bool) -> None:
        """Marks the action's POST as gone out (`sending`) or as answered or broken."""
        with self.posts_changed:
            if sending:
                self.in_flight[action.seq] = action
            else:
                self.in_flight.pop(action.seq, None)
            self.posts_changed.notify_all()

    def kill_inside_a_write(self, kill, rng: random.Random, timeout: float,
                            serving=lambda action: True) -> tuple[list[Action], float]:
        """Calls `kill` while an order-changing POST is in flight, a few milliseconds after it went out, so the kill
        lands inside the action: between its transaction, the gateway call and the recording of the gateway's answer.
        Waits up to `timeout` seconds (the clients keep working) for such a POST; one answered before its moment came
        does not count, and the next one is waited for. The check and the kill happen under the journal's lock, so no
        client can record an answer in between. Returns the POSTs in flight at the kill (none when the wait ran out
        and the server was killed anyway) and the seconds waited. `serving`: which POSTs the process `kill` kills is
        serving (with several instances, those of the clients routed to it); only those are waited for and returned."""
        started = time.monotonic()
        deadline = started + timeout
        while True:
            with self.posts_changed:
                if not self.posts_changed.wait_for(lambda: self.served(serving), max(0.0, deadline - time.monotonic())):
                    kill()   # none in flight after the whole wait: killed between writes, and counted so
                    return self.served(serving), time.monotonic() - started
                target = max(self.served(serving), key=lambda a: a.sent_at)
            # A few milliseconds into the newest POST: past the connection, into the server's work on it.
            time.sleep(max(0.0, target.sent_at + rng.uniform(0.001, 0.008) - time.monotonic()))
            with self.posts_changed:
                if target.seq in self.in_flight or (time.monotonic() >= deadline and self.served(serving)):
                    kill()
                    return self.served(serving), time.monotonic() - started
            # answered before the kill: wait for the next one

    def served(self, serving) -> list[Action]:
        """The POSTs in flight that `serving` picks (called with the lock held)."""
        return [action for action in self.in_flight.values() if serving(action)]

    def add(self, action: Action) -> None:
        with self.lock:
            action.seq = len(self.actions) + 1
            self.actions.append(action)

    def settled(self, action: Action) -> None:
        with self.lock:
            self.file.write(json.dumps(asdict(action)) + "\n")
            self.file.flush()

    def acknowledged_before(self, moment: float) -> list[Action]:
        with self.lock:
            return [a for a in self.actions if a.outcome == "ack" and a.answered_at < moment]


def submit(action: Action, browser: Browser, journal: Journal) -> None:
    """Posts the action and journals the answer. A broken connection is journaled and re-raised: the server is gone."""
    journal.add(action)
    action.sent_at = time.monotonic()
    journal.posting(action, sending=True)
    try:
        reply = browser.post(action.path, action.fields)
    except BrokenConnection as error:
        action.answered_at = time.monotonic()
        action.outcome, action.error = "broken", str(error)
        journal.settled(action)
        raise
    finally:
        journal.posting(action, sending=False)
    action.answered_at = time.monotonic()
    action.status, action.location, action.retry_after = reply.status, reply.location, reply.retry_after
    if reply.status == 303 and not reply.location.startswith("/login"):
        action.outcome = "ack"
    elif reply.status in (409, 422):
        action.outcome = "refused"   # stale version, no longer applies, or a value the order no longer allows
    else:
        action.outcome = "unexpected"
        action.error = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reply.body))[:300]
    journal.settled(action)


class Client(threading.Thread):
    """One client: plans and sends actions until told to stop or until the server goes away."""

    def __init__(self, index: int, browser: Browser, rng: random.Random, pools: Pools, journal: Journal,
                 round_number: int, stop: threading.Event, seen):
        super().__init__(name=f"client-{index}", daemon=True)
        self.index, self.browser, self.journal, self.round, self.stop = index, browser, journal, round_number, stop
        self.planner = Planner(browser, rng, pools, seen)
        self.failure: str | None = None
        self.unavailable = 0   # pages that answered 503 with Retry-After (the database could not be reached)
        self.sent_to_sign_in: list[str] = []   # signed-in pages that redirected to the sign-in form instead

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                try:
                    action = self.planner.next_action()
                except Unavailable:
                    self.unavailable += 1   # counted, and an error everywhere but the database restart drill
                    time.sleep(0.2)
                    continue
                except SentToSignIn as error:
                    self.sent_to_sign_in.append(str(error))   # always an error: reported when the client is joined
                    time.sleep(0.2)
                    continue
                if action is None:
                    continue
                action.worker, action.round = self.index, self.round
                submit(action, self.browser, self.journal)
        except BrokenConnection:
            pass   # the server was killed: this round is over for this client
        except Exception as error:   # a bug in the script or a page that no longer parses: stop the run loudly
            self.failure = f"{type(error).__name__}: {error}"


def replay(action: Action, browser: Browser, why: str, fields: dict | None = None) -> int | None:
    """Sends the action's form again under its key; returns the status, or None when the server did not answer."""
    try:
        reply = browser.post(action.path, fields or action.fields)
    except BrokenConnection:
        action.replays.append((why, None))
        return None
    action.replays.append((why, reply.status))
    return reply.status


def replay_sample(round_actions: list[Action], browser: Browser, rng: random.Random, sample: int) -> tuple[list, Counter]:
    """Re-sends every broken request of the round and a sample of acknowledged ones under their original keys, and
    one acknowledged form with a changed value. What was done must be replayed, not done again; a broken request
    that was not done may now be done once, or be refused as stale. Whether a broken request was done before the
    crash is what the pages showed just after the restart (`done_before_replay`; None when no page shows it).
    Returns (problems as (kind, detail), counts)."""
    problems, counts = [], Counter()
    broken = [a for a in round_actions if a.outcome == "broken"]
    acknowledged = [a for a in round_actions if a.outcome == "ack"]
    for action in broken + rng.sample(acknowledged, min(sample, len(acknowledged))):
        status = replay(action, browser, "same key, same values")
        counts["replayed"] += 1
        counts[f"replayed {action.outcome}"] += 1
        if action.done_before_replay or action.outcome == "ack":
            counts["broken, done before the crash"] += action.outcome == "broken"
            if status != 303:
                problems.append(("replay", f"re-sent under its key, answered {status} instead of replaying the first "
                                           f"result: {action.describe()}"))
        elif status == 303:
            action.acknowledged_on_replay = True
            counts["finished by replay" if action.done_before_replay is False else "broken, done once (not shown when)"] += 1
        elif status in (409, 422):
            counts["broken, refused when re-sent"] += 1   # the order moved on meanwhile: nothing was done, checked below
        else:
            problems.append(("answer", f"a broken request re-sent answered {status}: {action.describe()}"))
    changeable = [a for a in acknowledged if a.kind in ("cancel", "message", "stock")]
    if changeable:
        action = rng.choice(changeable)
        field_name = {"cancel": "note", "message": "body", "stock": "reason"}[action.kind]
        changed = {**action.fields, field_name: action.fields[field_name] + " (changed)"}
        status = replay(action, browser, f"same key, changed {field_name}", changed)
        counts["replayed with changed values"] += 1
        if status != 422:
            problems.append(("replay", f"re-sent with a changed {field_name} under the same key, answered {status} "
                                       f"instead of 422: {action.describe()}"))
    return problems, counts
