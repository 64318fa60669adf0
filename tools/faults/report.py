"""The run's summary: reliability/faults-latest.json and faults-latest.md (on PostgreSQL faults-postgres-latest.*), and,
after a run that passed, the README's Reliability figures between their markers (each store its own pair)."""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import asdict
from datetime import datetime, timezone

from .common import KILL_WAIT, PACKAGE_ROOT, RESULTS_DIR


def logged_count(log: str, message: str) -> int:
    """The `count=N` of every log line carrying `message` (what start-up says it finished), added up."""
    total = 0
    for line in log.splitlines():
        if message in line:
            found = re.search(r"count=(\d+)", line)
            total += int(found.group(1)) if found else 0
    return total


def summarize(run, elapsed: float, build_seconds: float) -> dict:
    actions = run.journal.actions
    outcomes = Counter(a.outcome for a in actions)
    broken = [a for a in actions if a.outcome == "broken"]
    kinds = Counter(v.kind for v in run.violations)
    acknowledged_before = run.backup.get("acknowledged_before", [])
    # Each journaled action counted once, by the last check of the live store that looked at it.
    acknowledged = [a for a in actions if a.acknowledged]
    last_checks = [run.last_check_of_action.get(a.seq) for a in acknowledged]
    verified_last = sum(1 for last in last_checks if last and last[1] and last[0] == run.last_live_check)
    crashes_in_flight = [k for k in run.kills if k["in_flight"]]
    # The SQLite run's summary keeps the keys it always had; PostgreSQL's adds its store and skipped drills.
    store = ({"database": "postgres", "instances": len(run.server.servers), "drills_skipped": run.skipped_drills}
             if run.on_postgres else {})
    return store | {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "command": "scripts/faults " + " ".join(sys.argv[1:]),
        "seed": run.args.seed,
        "rounds": run.args.rounds,
        "orders_seeded": run.args.orders,
        "clients": run.args.workers,
        "crashes_survived": run.stats["crashes survived"],
        "crashes_with_a_write_in_flight": len(crashes_in_flight),
        "crashes_not_inside_a_write": len(run.kills) - len(crashes_in_flight),
        "crashes_that_cut_off_a_write": sum(1 for k in run.kills if k["cut_off"]),
        "writes_in_flight_at_crashes": sum(k["in_flight"] for k in run.kills),
        "writes_cut_off_by_crashes": sum(k["cut_off"] for k in run.kills),
        "kill_wait_seconds": {"max": round(max((k["waited_seconds"] for k in run.kills), default=0), 3),
                              "limit": KILL_WAIT},
        "crash_rounds": run.kills,
        "start_up_seconds": {"max": round(max(run.start_ups, default=0), 3),
                             "mean": round(sum(run.start_ups) / max(len(run.start_ups), 1), 3)},
        "actions_sent": len(actions),
        "actions_by_kind": dict(Counter(a.kind for a in actions)),
        "acknowledged": outcomes["ack"],
        "refused_409_422": outcomes["refused"],
        "unexpected_answers": outcomes["unexpected"],
        "broken": len(broken),
        "broken_done_before_the_crash": run.stats["broken, done before the crash"],
        "broken_finished_by_replay": run.stats["finished by replay"],
        "broken_done_once_not_shown_when": run.stats["broken, done once (not shown when)"],
        "broken_refused_when_re_sent": run.stats["broken, refused when re-sent"],
        "whole_store_checks": sum(run.whole_store_checks.values()),
        "whole_store_checks_by_stage": dict(run.whole_store_checks),
        "actions_checked": len(run.last_check_of_action),
        "acknowledged_actions": len(acknowledged),
        "acknowledged_on_re_send": sum(1 for a in acknowledged if a.outcome != "ack"),
        "last_live_check": run.last_live_check,
        "acknowledged_verified_in_last_live_check": verified_last,
        "acknowledged_stock_adjustments_seen_only_through_the_stock_invariant": sum(1 for a in acknowledged if a.kind == "stock"),
        "replayed": run.stats["replayed"],
        "replayed_acknowledged": run.stats["replayed ack"],
        "replayed_broken": run.stats["replayed broken"],
        "replayed_with_changed_values": run.stats["replayed with changed values"],
        "payment_calls_resumed_at_start_up": run.stats["payment calls resumed at start-up"],
        "deliveries_recovered_at_start_up": run.stats["deliveries recovered at start-up"],
        "emails_delivered": run.stats["emails"],
        "unfinished_temp_mail_files": run.stats["unfinished temp mail files"],
        "backups_checked": run.stats["backups checked"],
        "backup_actions_acknowledged_before": len(acknowledged_before),
        "backup_seconds": round(run.backup.get("seconds", 0), 3),
        "restore": {k: run.backup.get(k) for k in ("restored_start_up", "restored_healthz", "restored_order",
                                                     "restored_order_status", "restored_order_state")},
        "drills": run.drills,
        "emails_sent_after_a_failed_attempt": run.stats["emails retried"],
        "lost": kinds["lost"],
        "duplicated": kinds["duplicated"],
        "violations": len(run.violations),
        "violation_details": [asdict(v) for v in run.violations],
        "elapsed_seconds": round(elapsed, 1),
        "build_seconds": round(build_seconds, 1),
    }


def results_name(summary: dict) -> str:
    """The results' file name without its extension: the SQLite run's keeps the name it always had."""
    return "faults-postgres-latest" if on_postgres(summary) else "faults-latest"


def on_postgres(summary: dict) -> bool:
    return summary.get("database") == "postgres"


def store_text(summary: dict) -> str:
    return f"PostgreSQL, {summary['instances']} instances behind nginx, one killed each round"


def write_reports(summary: dict) -> None:
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / f"{results_name(summary)}.json").write_text(json.dumps(summary, indent=2) + "\n")
    verdict = "PASSED" if summary["violations"] == 0 else f"FAILED — {summary['violations']} violations"
    rows = [
        ("crashes survived (kill -9, restart on the same database)", summary["crashes_survived"]),
        ("crashes with an order-changing POST in flight at the kill", in_flight_text(summary)),
        ("start-up after a crash (mean / max)", f"{summary['start_up_seconds']['mean']} s / {summary['start_up_seconds']['max']} s"),
        ("actions sent", f"{summary['actions_sent']} ({', '.join(f'{k} {v}' for k, v in sorted(summary['actions_by_kind'].items()))})"),
        ("acknowledged (303)", summary["acknowledged"]),
        ("refused (409 stale / 422)", summary["refused_409_422"]),
        ("broken by a crash (no answer), all re-sent", broken_text(summary)),
        ("other answers (5xx, 4xx)", summary["unexpected_answers"]),
        ("whole-store checks (`deskflow check --json`, then the journaled actions through the pages)",
         f"{summary['whole_store_checks']}: " + ", ".join(f"{n} {stage}" for stage, n in summary["whole_store_checks_by_stage"].items())),
        ("acknowledged actions", verified_text(summary)),
        ("re-sent under the original key", f"{summary['replayed']} ({summary['replayed_acknowledged']} acknowledged, "
                                           f"{summary['replayed_broken']} broken, {summary['replayed_with_changed_values']} with changed values)"),
        ("payment calls finished at start-up", summary["payment_calls_resumed_at_start_up"]),
        ("interrupted deliveries recovered at start-up", summary["deliveries_recovered_at_start_up"]),
        ("emails delivered", summary["emails_delivered"]),
        ("backups checked", f"{summary['backups_checked']} (taken under load in {summary['backup_seconds']} s, "
                            f"{summary['backup_actions_acknowledged_before']} actions acknowledged before it, all present)"
                            if summary["backups_checked"] else "0"),
        ("restore", f"/healthz {summary['restore']['restored_healthz']}, order #{summary['restore']['restored_order']} "
                    f"{summary['restore']['restored_order_status']} ({summary['restore']['restored_order_state']})"),
    ] + [
        (f"drill: {d['drill']}", f"{d['actions']} sent, {d['acknowledged']} acknowledged"
                                 + (f", {d['retried_afterwards']} retries afterwards under the calls' keys" if d.get('retried_afterwards') else "")
                                 + (f", restarted to finish {d['finished_by_a_restart']} pending calls" if d.get('restarted_afterwards') else "")
                                 + (f"; the write answered {d['answered_while_locked']} after {d['seconds']} s" if 'answered_while_locked' in d else "")
                                 + (f"; restarted in {d['restart_seconds']} s, {d['writes_answered_503']} writes and "
                                    f"{d['pages_answered_503']} pages answered 503 with Retry-After meanwhile, "
                                    f"{d['writes_without_an_answer']} writes got no answer; those writes re-sent under "
                                    f"their keys" if 'restart_seconds' in d else ""))
        for d in summary["drills"]
    ] + [(f"drill skipped: {why}", "") for why in summary.get("drills_skipped", [])] + [
        ("emails sent after a failed attempt (mail drill), each once", summary["emails_sent_after_a_failed_attempt"]),
        ("lost", summary["lost"]),
        ("duplicated", summary["duplicated"]),
        ("elapsed (after the build)", f"{summary['elapsed_seconds']} s"),
    ]
    database_fault = "a restarted database" if on_postgres(summary) else "a locked database"
    lines = [f"# Faults: crashes, outages and {database_fault} — {verdict}", "",
             f"{summary['date']} · " + (f"{store_text(summary)} · " if on_postgres(summary) else "")
             + f"`{summary['command'].strip()}` · seed {summary['seed']} · {summary['orders_seeded']:,} "
             f"generated orders plus the demo store · {summary['clients']} clients", "",
             "| | |", "|---|---|"] + [f"| {name} | {value} |" for name, value in rows]
    if summary["violation_details"]:
        lines += ["", "## Violations", ""] + [f"- **{v['kind']}**: {v['detail']}" for v in summary["violation_details"]]
    (RESULTS_DIR / f"{results_name(summary)}.md").write_text("\n".join(lines) + "\n")
    if summary["violations"] == 0:
        update_readme(summary)


def in_flight_text(summary: dict) -> str:
    """How many crashes landed inside a write, and how many didn't, without hiding either."""
    text = (f"{summary['crashes_with_a_write_in_flight']} of {summary['crashes_survived']} "
            f"({summary['writes_in_flight_at_crashes']} POSTs in flight, {summary['writes_cut_off_by_crashes']} of them cut off "
            f"with no answer, in {summary['crashes_that_cut_off_a_write']} crashes)")
    if summary["crashes_not_inside_a_write"]:
        text += (f"; {summary['crashes_not_inside_a_write']} not inside a write (no POST in flight after "
                 f"{summary['kill_wait_seconds']['limit']} s of waiting)")
    return text


def broken_text(summary: dict) -> str:
    """What became of the requests a crash cut off: each re-sent under its key, done once or refused."""
    unshown = summary["broken_done_once_not_shown_when"]
    return (f"{summary['broken']}: {summary['broken_done_before_the_crash']} had been done (replayed), "
            f"{summary['broken_finished_by_replay']} had not and were done once, "
            + (f"{unshown} done once (no page shows whether before the crash or when re-sent), " if unshown else "")
            + f"{summary['broken_refused_when_re_sent']} refused (409/422)")


def verified_text(summary: dict) -> str:
    """Distinct acknowledged actions, each counted once, by the last check of the live store."""
    total, verified = summary["acknowledged_actions"], summary["acknowledged_verified_in_last_live_check"]
    on_re_send = f" ({summary['acknowledged_on_re_send']} of them acknowledged when re-sent)" if summary["acknowledged_on_re_send"] else ""
    share = f"every one of the {total:,}" if verified == total else f"{verified:,} of the {total:,}"
    stock = summary["acknowledged_stock_adjustments_seen_only_through_the_stock_invariant"]
    return (f"{share} acknowledged actions{on_re_send} verified, each counted once, by the last check of the live store "
            f"(after {summary['last_live_check']})"
            + (f"; {stock:,} of them stock adjustments, seen only through the stock-ledger invariant" if stock else ""))


def update_readme(summary: dict) -> None:
    """The README's Reliability figures, between its markers, from a run that passed."""
    readme = PACKAGE_ROOT / "README.md"
    text = readme.read_text()
    marker = "reliability-postgres" if on_postgres(summary) else "reliability"
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start not in text or end not in text:
        return
    drills = ", ".join(d["drill"] for d in summary["drills"]) or "none"
    command = "scripts/faults --database postgres" if on_postgres(summary) else "scripts/faults"
    store = [f"| store | {store_text(summary)} |"] if on_postgres(summary) else []
    block = "\n".join([
        start,
        f"| `{command}` ({summary['date'][:10]}, seed {summary['seed']}) | |",
        "|---|---|",
        *store,
        f"| crashes survived (kill -9, restart on the same database) | {summary['crashes_survived']} |",
        f"| crashes with an order-changing POST in flight at the kill | {in_flight_text(summary)} |",
        f"| actions sent / acknowledged (303) | {summary['actions_sent']:,} / {summary['acknowledged']:,} |",
        f"| whole-store checks | {summary['whole_store_checks']}; {verified_text(summary)} |",
        f"| requests cut off by a crash, re-sent under their keys | {summary['broken']} ({summary['broken_done_before_the_crash']} "
        f"had been done and replayed, {summary['broken_finished_by_replay'] + summary['broken_done_once_not_shown_when']} done once) |",
        f"| drills | {drills} |",
        f"| emails delivered, each once | {summary['emails_delivered']:,} ({summary['emails_sent_after_a_failed_attempt']} after a failed attempt) |",
        f"| backup under load | {summary['backup_actions_acknowledged_before']} acknowledged actions before it, all in the copy; restored and served |",
        f"| **lost / duplicated** | **{summary['lost']} / {summary['duplicated']}** |",
        end,
    ])
    readme.write_text(text[:text.index(start)] + block + text[text.index(end) + len(end):])


