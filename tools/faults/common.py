"""What every part of the fault script shares: where things are, the staff member it signs in as, and its log line."""

from __future__ import annotations

import time
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
RESULTS_DIR = PACKAGE_ROOT / "reliability"
STAFF_EMAIL = "faults@deskflow.test"
STAFF_PASSWORD = "faults-password-1"
REQUEST_TIMEOUT = 30
# After a round's load, how long the clients keep working while the script waits for an order-changing POST to be in
# flight to kill the server inside it.
KILL_WAIT = 30
# The fewest seconds a payment call or a delivery claim may wait before a check of the live store calls it stuck.
PENDING_GRACE = 2
# The same on PostgreSQL, where `deskflow check --pending-limit` cannot be the seconds since an instance started: the
# instance left standing may be in the middle of a payment call or a delivery claim of its own, which is legitimately
# pending, and start-up recovery on a shared database only takes calls and claims older than their lease (two minutes,
# PaymentCalls.lease and DeliveryWorker.claimLease), so what a killed instance left waits for its lease to run out and
# then for the next round of the payment recovery (every 60 s) or the delivery worker. Anything pending longer than
# that, with 30 s to spare, is stuck. The end of the run waits until nothing at all is pending, so a call that is
# never finished is caught there.
POSTGRES_PENDING_LIMIT = 120 + 60 + 30

_started = time.monotonic()


def restart_clock() -> None:
    """The elapsed time printed and reported is the run's, not the build's."""
    global _started
    _started = time.monotonic()


def elapsed() -> float:
    return time.monotonic() - _started


def say(message: str) -> None:
    print(f"[{elapsed():7.1f}s] {message}", flush=True)
