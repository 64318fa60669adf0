"""A PostgreSQL server for the scripts (`--database postgres`): the one the PG* environment names (PGHOST, PGPORT,
PGUSER, PGPASSWORD), or else a throw-away cluster of Debian's `pg_virtualenv` that the script re-runs itself under.
Databases are made, dropped, dumped and restored with PostgreSQL's own client programs; only `deskflow` reads or
writes what is in them."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

# Set in the environment of a script re-run under `pg_virtualenv`: its cluster is the script's own to restart.
THROW_AWAY_CLUSTER = "DESKFLOW_SCRIPTS_THROW_AWAY_CLUSTER"
# pg_virtualenv names its cluster `regress`; PGVERSION is the version it made it with.
CLUSTER_NAME = "regress"
# These are durability and speed measurements: pg_virtualenv's default of fsync=off would make both meaningless. Two
# instances, each with its pool, and the scripts' own `deskflow` commands need more than the default 100 connections.
CLUSTER_SETTINGS = ("fsync=on", "synchronous_commit=on", "max_connections=200")


def ensure_server(argv: list[str]) -> None:
    """Returns when the PG* environment names a server; otherwise runs the script again (`argv`, as `sys.argv`) under
    `pg_virtualenv -t`, which makes a throw-away cluster, sets PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE, and
    removes the cluster when the script exits. Does not return then."""
    if os.environ.get("PGHOST"):
        return
    os.environ[THROW_AWAY_CLUSTER] = "1"
    options = [part for setting in CLUSTER_SETTINGS for part in ("-o", setting)]
    sys.stdout.flush()
    # `-t`: the cluster's configuration in a temporary folder of its own (PG_CLUSTER_CONF_ROOT), not /etc/postgresql,
    # so runs beside other pg_virtualenv clusters on the machine neither collide nor touch each other.
    os.execvp("pg_virtualenv", ["pg_virtualenv", "-t", *options, sys.executable, *argv])


def url(database: str | None = None) -> str:
    """`postgres://user@host:port/database` for the server PG* names, without its password (PGPASSWORD carries it)."""
    host = os.environ.get("PGHOST", "localhost")
    if host.startswith("/"):
        raise RuntimeError(f"PGHOST={host} is a socket folder; deskflow connects over TCP, so name a host")
    user = os.environ.get("PGUSER") or getpass.getuser()
    name = database or os.environ.get("PGDATABASE") or user
    return (f"postgres://{urllib.parse.quote(user, safe='')}@{host}:{os.environ.get('PGPORT', '5432')}/"
            f"{urllib.parse.quote(name, safe='')}")


def database_name(database_url: str) -> str:
    return urllib.parse.unquote(urllib.parse.urlsplit(database_url).path.lstrip("/"))


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {(result.stderr or result.stdout).strip()[:300]}")


def fresh_database(name: str) -> str:
    """An empty database `name` (dropped first if a run left one), and its URL."""
    drop_database(name)
    _run(["createdb", name])
    return url(name)


def drop_database(name: str) -> None:
    _run(["dropdb", "--if-exists", "--force", name])


def setting(name: str) -> str:
    """A server setting as `SHOW` reports it (on the maintenance database: nothing of the store is read)."""
    result = subprocess.run(["psql", "-XAt", "-d", "postgres", "-c", f"SHOW {name}"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"psql could not read {name}: {result.stderr.strip()[:300]}")
    return result.stdout.strip()


def require_durable() -> str:
    """Refuses a server that does not write to disk before it answers: measurements on it would say nothing. Returns
    the server's version, for the report."""
    for name in ("fsync", "synchronous_commit"):
        if setting(name) != "on":
            raise RuntimeError(f"the PostgreSQL server runs with {name}={setting(name)}; the scripts need it on")
    return setting("server_version")


def dump(database_url: str, path: Path) -> subprocess.CompletedProcess:
    """`pg_dump` in its custom format: one transaction's snapshot of a live database, taken without stopping it."""
    return subprocess.run(["pg_dump", "--format=custom", "--file", str(path), "--dbname", database_name(database_url)],
                          capture_output=True, text=True)


def restore(path: Path, name: str) -> str:
    """A dump restored into a new database `name`; its URL."""
    fresh_database(name)
    _run(["pg_restore", "--no-owner", "--exit-on-error", "--dbname", name, str(path)])
    return url(name)


def can_restart() -> bool:
    """Whether the server is the throw-away cluster of this run, the only one a script may restart: pg_virtualenv's
    PG_CLUSTER_CONF_ROOT (its own folder) is what makes `pg_ctlcluster VERSION regress` name that cluster and no
    other on the machine."""
    return all(os.environ.get(name) for name in (THROW_AWAY_CLUSTER, "PGVERSION", "PG_CLUSTER_CONF_ROOT"))


def restart() -> None:
    """Restarts the throw-away cluster with a fast shutdown: open connections are cut, transactions in progress are
    rolled back, and the server comes back on the same port."""
    _run(["pg_ctlcluster", os.environ["PGVERSION"], CLUSTER_NAME, "restart", "--mode", "fast"])


def database_bytes(name: str) -> int:
    """The database's size on disk, as PostgreSQL reports it."""
    result = subprocess.run(["psql", "-XAt", "-d", "postgres", "-v", f"name={name}"],
                            input="SELECT pg_database_size(:'name')\n", capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"psql could not read the size of {name}: {result.stderr.strip()[:300]}")
    return int(result.stdout.strip())
