"""Several `deskflow serve` on one PostgreSQL database, each on its own port with its own log, behind nginx: the
set-up of README "Running several instances", for the scripts. Every instance writes to one shared mail folder: the
maildir writer names each file after its message's Message-ID (`outbox-N…`, unique in the shared database) and
renames it into place from a temporary name of its own, so two instances never write the same file, and one message
sent again by another instance after a lease ran out replaces its file rather than adding a second."""

from __future__ import annotations

import contextlib
from pathlib import Path

from . import nginx
from .server import Server, free_port

# A request header naming the instance the proxy sends the request to first (1, 2, …); requests without it are spread
# over every instance in turn. The fault script uses it so that it knows which instance serves the POST it kills:
# a proxy keeping a client on one instance (as one keyed on the session would) is as real as one that spreads them.
ROUTE_HEADER = "X-Deskflow-Route"
PROXY_ADDRESS = "127.0.0.1"


class Instances:
    """`count` instances of `deskflow serve` on `database` (a URL), `instance-1`, `instance-2`, …, and nginx in front
    at `origin`. `start` starts whichever is not running (and nginx, the first time); `stop` stops everything."""

    def __init__(self, binary: Path, database: str, log_dir: Path, mail_dir: Path, count: int = 2):
        self.servers = [Server(binary, database, log_dir, mail_dir, name=f"instance-{n}", trusted_proxy=PROXY_ADDRESS)
                        for n in range(1, count + 1)]
        self.log_dir, self.mail_dir = log_dir, mail_dir
        self.port = free_port()
        self.proxy: contextlib.ExitStack | None = None
        self.last_started: list[Server] = []

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def database(self) -> str:
        return self.servers[0].database

    def use_database(self, database: str, mail_dir: Path) -> None:
        """Points every (stopped) instance at another database and mail folder, as a restore does."""
        self.mail_dir = mail_dir
        for server in self.servers:
            server.database, server.mail_dir = database, mail_dir

    def start(self, timeout: float = 120) -> float:
        """Starts every instance that is not running, then the proxy if it is not; returns the longest start-up."""
        self.last_started = [server for server in self.servers if not server.running]
        seconds = max((server.start(timeout) for server in self.last_started), default=0.0)
        if self.proxy is None:
            root = self.log_dir / "nginx"
            root.mkdir(parents=True, exist_ok=True)
            self.proxy = contextlib.ExitStack()
            self.proxy.enter_context(nginx.running(root, self.config(root), self.port, "/healthz"))
        return seconds

    def stop(self) -> None:
        if self.proxy is not None:
            self.proxy.close()
            self.proxy = None
        for server in self.servers:
            server.stop()

    def log_text(self) -> str:
        """The logs of the instances the last `start` started."""
        return "".join(server.log_text() for server in self.last_started)

    def config(self, root: Path) -> str:
        # `max_fails=0`: an instance that was down is tried again at once once it is back, so a routed client returns
        # to its own instance after a restart instead of staying on the other for fail_timeout.
        def server_line(server: Server, backup: bool = False) -> str:
            return f"server 127.0.0.1:{server.port} max_fails=0{' backup' if backup else ''};"
        every = " ".join(server_line(server) for server in self.servers)
        routed = "\n".join(
            f"  upstream instance_{n} {{ {server_line(first)} "
            + " ".join(server_line(other, backup=True) for other in self.servers if other is not first) + " }"
            for n, first in enumerate(self.servers, start=1))
        routes = " ".join(f'"{n}" instance_{n};' for n in range(1, len(self.servers) + 1))
        header = "$http_" + ROUTE_HEADER.lower().replace("-", "_")
        # proxy_next_upstream keeps nginx's default (error timeout): a request that could not reach an instance goes
        # to the next, but a POST that reached one is never sent again to another (no `non_idempotent`). The instance
        # may have done it before it died; only the client, re-sending under its idempotency key, can settle that.
        return nginx.main_context(root, workers=1) + f"""
  upstream every_instance {{ {every} }}
{routed}
  map {header} $deskflow_instances {{ {routes} default every_instance; }}
  server {{
    listen 127.0.0.1:{self.port};
    client_max_body_size 1m;
    location / {{
      proxy_pass http://$deskflow_instances;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 60s;
    }}
  }}
}}
"""
