"""The run: build and seed, the crash rounds (load, kill -9 inside a write, restart, check, re-send, check), the backup
taken under load and its restore, the drills, and the report."""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from deskflow_client import Browser, Instances, Server, cli, pages, postgres, reads

from . import drills, report
from .checks import Baseline, Observation, Violation, check_mail, done_before, verify
from .common import (KILL_WAIT, PACKAGE_ROOT, PENDING_GRACE, POSTGRES_PENDING_LIMIT, REQUEST_TIMEOUT, RESULTS_DIR,
                     STAFF_EMAIL, STAFF_PASSWORD, elapsed, restart_clock, say)
from .journal import Client, Journal, replay_sample
from .plan import Action, parse_arguments, pools_from

# `deskflow check --pending-limit` for a backup: a copy nobody has started on yet may hold calls still pending.
NEVER = 10 ** 9


def build_deskflow() -> tuple[Path, float]:
    """Builds the debug `deskflow` product, printing progress, and returns the binary and the seconds it took."""
    say("building deskflow (swift build --product deskflow; a first build takes several minutes)")
    started = time.monotonic()
    build = subprocess.Popen(["swift", "build", "--product", "deskflow"], cwd=PACKAGE_ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    last_progress = 0.0
    for line in build.stdout:
        line = line.rstrip()
        # Compiler progress comes as thousands of "[n/m] Compiling …" lines: show one every 20 s, and every error.
        if "error" in line or line.startswith(("Build", "Compiling deskflow")):
            print("    " + line, flush=True)
        elif line.startswith("[") and time.monotonic() - last_progress > 20:
            print("    " + line, flush=True)
            last_progress = time.monotonic()
    if build.wait() != 0:
        sys.exit("swift build failed")
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=PACKAGE_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    return Path(bin_path) / "deskflow", time.monotonic() - started


@dataclass
class Run:
    args: argparse.Namespace
    binary: Path
    workdir: Path
    server: Server | Instances   # one server on SQLite; on PostgreSQL the instances behind nginx
    baseline: Baseline
    journal: Journal
    browsers: list[Browser]
    rng: random.Random
    violations: list[Violation] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)
    start_ups: list[float] = field(default_factory=list)
    backup: dict = field(default_factory=dict)
    drills: list = field(default_factory=list)
    # Whole-store checks (`deskflow check`, then the journaled actions through the pages), by stage.
    whole_store_checks: Counter = field(default_factory=Counter)
    # seq → the last check of the live store that looked at the action, and whether it found the action as it should be.
    last_check_of_action: dict = field(default_factory=dict)
    last_live_check: str = ""
    checked_through: int = 0                    # the last seq a check of the live store has looked at
    re_sent: set = field(default_factory=set)   # seqs re-sent since that check, looked at again by the next
    kills: list = field(default_factory=list)   # per crash round: the POSTs in flight at the kill, and which got no answer
    skipped_drills: list = field(default_factory=list)   # drills that did not run, each with why

    @property
    def on_postgres(self) -> bool:
        return isinstance(self.server, Instances)

    def record(self, when: str, violations: list[Violation]) -> None:
        for violation in violations[:50]:
            say(f"VIOLATION ({violation.kind}) after {when}: {violation.detail}")
        if len(violations) > 50:
            say(f"… and {len(violations) - 50} more after {when}")
        self.violations += violations

    def check_live(self, when: str, stage: str, require_all_sent: bool = False, everything: bool = False,
                   pending_limit: int | None = None) -> Observation:
        """One whole-store check of the live store: `deskflow check` over every row (a payment call started before
        this server did must be finished), then every journaled action on each order acted on or re-sent to since the
        last check (and on any order with a request still without an answer), or on every order with `everything`.
        `pending_limit`: instead of `pending_limit()`, once nothing may be pending any more."""
        actions = [a for a in self.journal.actions if a.outcome != "unsent"]
        recent = {a.seq for a in actions
                  if everything or a.seq > self.checked_through or a.committed is None or a.seq in self.re_sent}
        orders = {a.order for a in actions if a.seq in recent and a.order is not None}
        looked_at = [a for a in actions if a.order in orders or (a.kind == "stock" and a.seq in recent)]
        problems = cli.check(self.binary, self.server.database,
                             self.pending_limit() if pending_limit is None else pending_limit)
        observation = Observation.read(problems, self.browsers, orders, self.baseline)
        found = [Violation(p.kind, p.detail) for p in problems]
        wrong_actions, wrong = verify(observation, self.baseline, looked_at, complete=True)
        found += wrong_actions
        journaled = {a.order for a in actions}
        found += [Violation("duplicated", f"order #{order}: {n} new '{kind}' messages, but no action touched the order")
                  for (order, kind), n in sorted(observation.messages_by_order.items()) if order not in journaled]
        mail_violations, mail = check_mail(self.server.mail_dir, observation.messages, require_all_sent)
        found += mail_violations
        self.whole_store_checks[stage] += 1
        # Each action is counted once, by the last check that looked at it: a later check replaces an earlier one. A
        # stock adjustment is seen only through the stock-ledger invariant: no page shows its ledger row.
        stock_holds = not any(p.kind == "stock" for p in problems)
        for action in looked_at:
            self.last_check_of_action[action.seq] = (when, action.seq not in wrong and (action.kind != "stock" or stock_holds))
        self.checked_through = max((a.seq for a in actions), default=0)
        self.re_sent.clear()
        self.last_live_check = when
        self.stats["emails"] = mail["emails"]
        self.stats["unfinished temp mail files"] = mail["unfinished_temp_files"]
        self.stats["emails retried"] = sum(1 for m in observation.messages if m.state == "sent" and m.attempts > 1)
        self.record(when, found)
        return observation

    def pending_limit(self) -> int:
        """`deskflow check --pending-limit` for the live store: the seconds since this server started, so a payment
        call or a delivery claimed before it started must be finished (start-up resumes them), while one it is working
        on now is not stuck. At least PENDING_GRACE seconds: the delivery worker claims a message the moment it starts.
        On PostgreSQL: POSTGRES_PENDING_LIMIT (common.py says why)."""
        if self.on_postgres:
            return POSTGRES_PENDING_LIMIT
        time.sleep(max(0.0, PENDING_GRACE - (time.time() - self.server.started_at)))
        return self.server.seconds_since_start()

    def victim(self, number: int) -> tuple[Server, Callable[[Action], bool]]:
        """The server round `number` kills, and which in-flight POSTs it is serving. On PostgreSQL the instances take
        turns, and an instance serves the clients the proxy routes to it (client i to instance i mod N + 1: each
        browser's route), so the kill lands inside a POST that instance is serving while the other keeps serving."""
        if not self.on_postgres:
            return self.server, lambda action: True
        index = (number - 1) % len(self.server.servers)
        return self.server.servers[index], lambda action: action.worker % len(self.server.servers) == index

    def clients(self, number: int, stop: threading.Event) -> list[Client]:
        pools = pools_from(self.baseline.states, self.baseline.skus, self.args.workers)
        return [Client(i, self.browsers[i], random.Random(self.rng.random()), pools[i], self.journal, number, stop,
                       self.baseline.seen) for i in range(self.args.workers)]

    def one_round(self, number: int, backup_round: bool) -> None:
        stop = threading.Event()
        clients = self.clients(number, stop)
        first = len(self.journal.actions)
        for client in clients:
            client.start()
        load = self.rng.uniform(self.args.min_load, self.args.max_load)
        if backup_round:
            time.sleep(load / 2)
            self.take_backup()
            time.sleep(load / 2)
        else:
            time.sleep(load)
        # kill -9 a few milliseconds into an order-changing POST that has not been answered, so the kill lands inside
        # an action; the clients keep working for up to KILL_WAIT seconds until one is in flight. Its own generator,
        # so the timing does not change the seeded choices that follow.
        victim, serving = self.victim(number)
        in_flight, waited = self.journal.kill_inside_a_write(victim.kill, random.Random(self.rng.random()), KILL_WAIT,
                                                             serving)
        victim.process.wait()
        stop.set()
        self.join(clients, f"round {number}")
        round_actions = self.journal.actions[first:]
        outcomes = Counter(a.outcome for a in round_actions)
        # A POST in flight at the kill either got no answer (cut off) or had been answered just before the kill.
        cut_off = [a for a in in_flight if a.outcome == "broken"]
        self.kills.append({"round": number, "waited_seconds": round(waited, 3), "in_flight": len(in_flight),
                           "cut_off": len(cut_off), "kinds_cut_off": sorted(a.kind for a in cut_off)}
                          | ({"killed": victim.name} if self.on_postgres else {}))
        at_kill = (f"with {len(in_flight)} writes in flight ({len(cut_off)} cut off with no answer)" if in_flight else
                   f"NOT inside a write (no order-changing POST in flight after {waited:.1f} s of waiting)")
        resumed = self.restart()
        self.stats["crashes survived"] += 1
        say(f"round {number}: {load:.1f} s of load, {len(round_actions)} sent ({outcomes['ack']} acknowledged, "
            f"{outcomes['refused']} refused, {outcomes['broken']} broken), kill -9 "
            + (f"of {victim.name} " if self.on_postgres else "") + f"{at_kill}, restarted in "
            f"{self.start_ups[-1]:.2f} s" + (f", {resumed} pending payment calls finished" if resumed else ""))
        for action in round_actions:
            if action.outcome == "unexpected":
                self.record(f"round {number}", [Violation("answer", f"answered {action.status}: {action.describe()} — {action.error}")])
        self.check_and_re_send(round_actions, f"restart {number}", "after a crash and restart",
                               f"replays of round {number}", "after re-sending requests")
        if backup_round:
            self.check_backup()

    def check_and_re_send(self, actions: list, when: str, stage: str, when_re_sent: str, stage_re_sent: str) -> None:
        """After requests were cut off: checks the live store, notes from its pages whether each broken request was
        done, re-sends every broken one and a sample of the acknowledged ones under their keys, and checks again."""
        observation = self.check_live(when, stage)
        for action in actions:
            if action.outcome == "broken":
                others = [a for a in self.journal.actions if a.order == action.order and a.outcome != "unsent"]
                action.done_before_replay = done_before(action, observation, self.baseline, others)
        problems, replay_counts = replay_sample(actions, self.browsers[0], self.rng, self.args.replays)
        self.stats.update(replay_counts)
        self.re_sent.update(a.seq for a in actions if a.replays)
        self.record(when_re_sent, [Violation(kind, detail) for kind, detail in problems])
        self.check_live(when_re_sent, stage_re_sent)

    def join(self, clients: list[Client], when: str, unavailable_expected: bool = False) -> int:
        """Waits for the clients; a client that failed stops the run. Returns the pages answered 503 with Retry-After,
        which are a violation unless the database was made unavailable on purpose. A signed-in page sent to the
        sign-in form is always one: nobody signed out."""
        unavailable = 0
        for client in clients:
            client.join(timeout=REQUEST_TIMEOUT + 5)
            if client.failure:
                raise RuntimeError(f"{client.name} stopped: {client.failure}")
            unavailable += client.unavailable
            self.record(when, [Violation("answer", f"{what}, not a 503 with Retry-After") for what in client.sent_to_sign_in])
        if unavailable and not unavailable_expected:
            self.record(when, [Violation("answer", f"{unavailable} pages answered 503 (database unavailable)")])
        return unavailable

    def restart(self, graceful: bool = False) -> int:
        """Starts the server again (after a kill, or stopping it first); returns the payment calls it finished."""
        if graceful:
            self.server.stop()
        self.start_ups.append(self.server.start())
        log = self.server.log_text()
        resumed = report.logged_count(log, "finished payment calls left pending")
        self.stats["payment calls resumed at start-up"] += resumed
        self.stats["deliveries recovered at start-up"] += report.logged_count(log, "settled messages interrupted by a restart")
        return resumed

    def take_backup(self) -> None:
        """`deskflow backup` (on PostgreSQL `pg_dump`) while the clients write; what was acknowledged before it began
        must be in it."""
        path = self.workdir / ("backup.dump" if self.on_postgres else "backup.sqlite")
        started = time.monotonic()
        self.backup = {"path": str(path), "acknowledged_before": self.journal.acknowledged_before(started)}
        if self.on_postgres:
            result = postgres.dump(self.server.database, path)
        else:
            result = cli.backup(self.binary, self.server.database, path)
        self.backup["seconds"] = time.monotonic() - started
        if result.returncode != 0:
            tool = "pg_dump" if self.on_postgres else "deskflow backup"
            self.record("backup", [Violation("corrupt", f"{tool} failed: {result.stderr.strip()}")])
        say(f"backup taken under load in {self.backup['seconds']:.2f} s; "
            f"{len(self.backup['acknowledged_before'])} actions were acknowledged before it began")

    def check_backup(self) -> None:
        """The backup file with `deskflow check` as it is, then the actions acknowledged before it began through the
        pages of a second server started on a copy of it."""
        path = Path(self.backup["path"])
        if not path.exists():
            return
        if self.on_postgres:   # the dump restored into a database of its own
            copy = postgres.restore(path, f"{postgres.database_name(self.server.database)}_backup_check")
            problems = cli.check(self.binary, copy, NEVER)
        else:
            problems = cli.check(self.binary, path, NEVER)
            copy = self.workdir / "backup-check.sqlite"
            shutil.copyfile(path, copy)
        server = Server(self.binary, copy, self.workdir / "logs", self.workdir / "mail-backup-check", name="backup-check")
        try:
            server.start()
            browser = Browser(server.origin, REQUEST_TIMEOUT)
            browser.sign_in(STAFF_EMAIL, STAFF_PASSWORD)
            self.presence_check("the backup", problems, [browser], self.backup["acknowledged_before"], live=False)
        finally:
            server.stop()
            if self.on_postgres:
                postgres.drop_database(postgres.database_name(copy))
        self.stats["backups checked"] += 1
        self.whole_store_checks["of the backup copy"] += 1

    def presence_check(self, when: str, problems, browsers: list[Browser], actions: list, live: bool) -> None:
        """A store that holds a prefix of the run (a backup, or the store restored from it): its invariants hold and
        everything acknowledged before the backup began is there."""
        observation = Observation.read(problems, browsers, {a.order for a in actions if a.order is not None},
                                       self.baseline, live=live)
        found = [Violation(p.kind, f"in {when}: {p.detail}") for p in problems]
        found += [Violation(v.kind, f"in {when}: {v.detail}")
                  for v in verify(observation, self.baseline, actions, complete=False)[0]]
        self.record(when, found)

    def restore_backup(self) -> None:
        """The restore procedure: stop the server, put the backup in place of the database, start it, and it serves."""
        say("restore: stopping the server and putting the backup in place of the database")
        self.server.stop()
        # Message ids restart from the backup's, so the restored server writes its mail to a folder of its own.
        mail_after_restore = self.workdir / "mail-after-restore"
        if self.on_postgres:
            # pg_restore into a new database the instances are pointed at; the old one stays, for a look afterwards.
            restored = postgres.restore(Path(self.backup["path"]), f"{postgres.database_name(self.server.database)}_restored")
            self.server.use_database(restored, mail_after_restore)
        else:
            database = self.server.database
            for suffix in ("", "-wal", "-shm"):
                live = Path(f"{database}{suffix}")
                if live.exists():
                    live.rename(self.workdir / f"before-restore.sqlite{suffix}")
            shutil.copyfile(self.backup["path"], database)
            self.server.mail_dir = mail_after_restore
        database = self.server.database
        start_up = self.server.start()
        browser = self.browsers[0]
        health = browser.get("/healthz").status
        shown = [a for a in self.backup["acknowledged_before"] if a.kind == "cancel"][:1]
        page_status, page_state = None, None
        if shown:
            reply = browser.get(f"/orders/{shown[0].order}")
            if reply.status != 200 or not browser.csrf_token:
                browser.sign_in(STAFF_EMAIL, STAFF_PASSWORD)
                reply = browser.get(f"/orders/{shown[0].order}")
            page_status, page_state = reply.status, pages.main_attributes(reply.body).get("status")
        self.backup.update(restored_start_up=start_up, restored_healthz=health, restored_order=shown[0].order if shown else None,
                           restored_order_status=page_status, restored_order_state=page_state)
        if health != 200 or (shown and (page_status != 200 or page_state != "cancelled")):
            self.record("restore", [Violation("corrupt", f"the restored store does not serve: /healthz {health}, "
                                                         f"order page {page_status} showing {page_state}")])
        for other in self.browsers[1:]:
            other.sign_in(STAFF_EMAIL, STAFF_PASSWORD)   # a session begun after the backup is not in it
        problems = cli.check(self.binary, database, self.pending_limit())
        self.presence_check("the restored store", problems, self.browsers, self.backup["acknowledged_before"], live=False)
        self.whole_store_checks["of the restored store"] += 1
        say(f"restore: started on the backup in {start_up:.2f} s, /healthz {health}, order #{self.backup['restored_order']} "
            f"answers {page_status} ({page_state})")


def open_store(args, binary: Path, workdir: Path) -> tuple[Server | Instances, list[Browser]]:
    """Seeds the demo store and the generated orders, adds the script's manager, and returns the server(s) to start
    and one browser per client: one server on a SQLite file, or the instances on a PostgreSQL database behind nginx,
    each client's browser routed to instance i mod N + 1 (see Run.victim)."""
    if args.database == "postgres":
        database = postgres.fresh_database("deskflow_faults")
    else:
        database = workdir / "deskflow.sqlite"
    say(f"seeding the demo store and {args.orders:,} generated orders into {database}")
    cli.seed(binary, database, orders=args.orders, demo=True)
    cli.add_user(binary, database, STAFF_EMAIL, "Fault Script", STAFF_PASSWORD)
    if args.database == "postgres":
        server = Instances(binary, database, workdir / "logs", workdir / "mail", args.instances)
        browsers = [Browser(server.origin, REQUEST_TIMEOUT, proxied=True, route=str(i % args.instances + 1))
                    for i in range(args.workers)]
        return server, browsers
    server = Server(binary, database, workdir / "logs", workdir / "mail")
    return server, [Browser(server.origin, REQUEST_TIMEOUT) for _ in range(args.workers)]


def wait_until_nothing_pending(run, timeout: float) -> None:
    """On PostgreSQL: waits until `deskflow check` reports no payment call or delivery pending at all. What a killed
    instance left is finished by the instances still running once its lease runs out (POSTGRES_PENDING_LIMIT), and
    a restart does not hurry that, so the run waits for it before its last check."""
    deadline = time.monotonic() + timeout
    started = time.monotonic()
    while True:
        pending = [p for p in cli.check(run.binary, run.server.database, 0) if p.kind == "pending"]
        if not pending or time.monotonic() > deadline:
            break
        time.sleep(5)
    say(f"waited {time.monotonic() - started:.0f} s for the instances to finish what was left pending"
        + (f"; still pending: {pending[0].detail}" if pending else ""))


def main() -> int:
    args = parse_arguments()
    if args.database == "postgres":
        subprocess.run(["bash", str(PACKAGE_ROOT / ".ci/apt-install"), "postgresql", "postgresql-contrib", "nginx"],
                       check=True)
        postgres.ensure_server(sys.argv)   # returns on a server PG* names; otherwise runs again under pg_virtualenv
        say(f"PostgreSQL {postgres.require_durable()} at {postgres.url()}, fsync on")
    if args.binary is not None:
        binary, build_seconds = args.binary, 0.0
        say(f"using {binary} (not building)")
    else:
        binary, build_seconds = build_deskflow()
    restart_clock()
    rng = random.Random(args.seed)
    workdir = Path(tempfile.mkdtemp(prefix="deskflow-faults-"))
    say(f"seed {args.seed}; working in {workdir}")
    server, browsers = open_store(args, binary, workdir)
    run = None
    try:
        server.start()
        for browser in browsers:
            browser.sign_in(STAFF_EMAIL, STAFF_PASSWORD)
        # Where the store stands before the first action, read from its pages: every order's state (to plan from),
        # the newest message, the products.
        states = {int(row["order"]): (row["status"], row["payment-status"], row["fulfillment-status"], row["issue"])
                  for row in reads.order_rows(browsers[0], "all")}
        baseline = Baseline(states, reads.newest_notification_id(browsers[0]), sorted(reads.stock_levels(browsers[0])))
        run = Run(args, binary, workdir, server, baseline, Journal(workdir / "journal.jsonl"), browsers, rng)
        pools = pools_from(states, baseline.skus, 1)[0]
        say(f"targets: {len(pools.cancel)} cancellable orders, {len(pools.payment_failed)} with a failed payment, "
            f"{len(pools.refund_failed)} with a failed refund, {len(pools.skus)} products ({len(states):,} orders listed)")
        run.check_live("seeding", "before the first action")   # the invariants must hold before the first action, or the checks mean nothing
        backup_round = max(1, args.rounds // 2)
        for number in range(1, args.rounds + 1):
            run.one_round(number, backup_round=number == backup_round)
        if args.drill_seconds > 0:
            drills.run_drills(run)
        # Messages that failed during the mail drill wait out their backoff (a minute) before they go again; on
        # PostgreSQL a delivery a killed instance had claimed waits out its claim's lease first.
        drills.drain_outbox(run, timeout=POSTGRES_PENDING_LIMIT + 120 if run.on_postgres else 180)
        if run.on_postgres:
            wait_until_nothing_pending(run, timeout=POSTGRES_PENDING_LIMIT + 60)
        run.check_live("the outbox drained", "after the outbox drained", require_all_sent=True, everything=True,
                       pending_limit=PENDING_GRACE if run.on_postgres else None)
        run.restore_backup()
    finally:
        server.stop()
    summary = report.summarize(run, elapsed(), build_seconds)
    report.write_reports(summary)
    print()
    print((RESULTS_DIR / f"{report.results_name(summary)}.md").read_text())
    if run.violations:
        if run.on_postgres:   # a throw-away cluster goes when the script exits: keep a dump of the store beside the logs
            postgres.dump(run.server.database, workdir / "at-failure.dump")
        say(f"FAILED: {len(run.violations)} violations; the journal, logs and databases are in {workdir}")
        return 1
    if args.keep:
        say(f"kept {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    say(f"passed: {summary['crashes_survived']} crashes, {summary['acknowledged']} acknowledged actions, none lost, none twice")
    return 0
