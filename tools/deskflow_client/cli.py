"""The `deskflow` subcommands the scripts run besides `serve`: seeding, staff, `check`, `backup` and `outage`.
The store's invariants are read from `deskflow check --json`, never by opening the database (DESIGN.md §7). Each
takes the database as a SQLite file or a PostgreSQL URL, passed as it is; a URL's password stays in PGPASSWORD."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .server import PACKAGE_ROOT


def seed(binary: Path, database: Path | str, orders: int = 0, demo: bool = False) -> None:
    """`deskflow seed`: the demo store, and/or `orders` generated orders."""
    command = [binary, "seed", "--database", database, "--root", PACKAGE_ROOT]
    if demo:
        command.append("--demo")
    if orders:
        command += ["--orders", str(orders)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def add_user(binary: Path, database: Path | str, email: str, name: str, password: str, role: str = "manager") -> None:
    subprocess.run([binary, "user", "add", "--database", database, "--email", email, "--name", name, "--role", role,
                    "--password-stdin"], input=password, text=True, check=True, stdout=subprocess.DEVNULL)


@dataclass
class Problem:
    kind: str      # corrupt | stock | money | pending | counts | duplicated (StoreProblem.Kind)
    detail: str


def check(binary: Path, database: Path | str, pending_limit: int | None = None) -> list[Problem]:
    """`deskflow check --json`: every invariant the store keeps, over every row. `pending_limit`: a payment call or
    a delivery waiting longer than this many seconds counts as stuck (the binary's default when None). A check that
    cannot run at all is reported as one `corrupt` problem, so it is never mistaken for a clean store."""
    command = [binary, "check", "--json", "--database", database]
    if pending_limit is not None:
        command += ["--pending-limit", str(max(0, int(pending_limit)))]
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
        problems = [Problem(p["kind"], p["detail"]) for p in report["problems"]]
    except (ValueError, KeyError, TypeError):
        return [Problem("corrupt", f"deskflow check exited {result.returncode} without its JSON report: "
                                   f"{(result.stderr or result.stdout).strip()[:300]}")]
    if result.returncode not in (0, 1) or (result.returncode == 0) != (not problems):
        problems.append(Problem("corrupt", f"deskflow check exited {result.returncode} with {len(problems)} problems"))
    return problems


def backup(binary: Path, database: Path | str, copy: Path) -> subprocess.CompletedProcess:
    """`deskflow backup`: a consistent online copy of a live store."""
    return subprocess.run([binary, "backup", "--database", database, copy], capture_output=True, text=True)


def outage(binary: Path, database: Path | str, service: str, mode: str, seconds: int = 600) -> None:
    """`deskflow outage SERVICE MODE`: the simulated gateway or warehouse times out, fails, or is back (`off`)."""
    result = subprocess.run([binary, "outage", service, mode, "--seconds", str(seconds), "--database", database],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"deskflow outage {service} {mode} failed: {result.stderr.strip()}")
