"""What Deskflow's scripts share (`scripts/faults`, `bench/bench.py`): a signed-in browser over plain HTTP, the page
hooks of DESIGN.md §4b, `deskflow serve` as a child process (one, or several on one PostgreSQL database behind
nginx), a PostgreSQL server to run them on, and the other `deskflow` subcommands the scripts run, `deskflow check
--json` among them. Python 3.11 standard library only; nothing here opens the database itself."""

from .browser import BrokenConnection, Browser, Reply, SentToSignIn, Unavailable
from .instances import Instances
from .server import Server, free_port, is_url, wait_for_health
from . import cli, pages, postgres, reads

__all__ = ["BrokenConnection", "Browser", "Instances", "Reply", "SentToSignIn", "Server", "Unavailable", "free_port", "is_url", "wait_for_health",
           "cli", "pages", "postgres", "reads"]
