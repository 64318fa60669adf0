"""`deskflow serve` as a child process: started on a free port, killed, stopped and started again on the same database."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def healthy(port: int, path: str = "/healthz") -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):
        return False
    finally:
        connection.close()


def wait_for_health(port: int, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None,
                    path: str = "/healthz") -> float:
    """Seconds until `path` on the port answers 200; an error when the process exits first or the time runs out."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"deskflow serve exited with {process.returncode}" + (f"; see {log}" if log else ""))
        if healthy(port, path):
            return time.monotonic() - started
        time.sleep(0.02)
    raise RuntimeError(f"127.0.0.1:{port}{path} did not answer within {timeout} s" + (f"; see {log}" if log else ""))


def is_url(database: Path | str) -> bool:
    """Whether `database` is a PostgreSQL URL rather than a SQLite file. A URL goes to `deskflow` as it is; its
    password never does (the binary reads PGPASSWORD from the environment the scripts pass on)."""
    return str(database).startswith(("postgres://", "postgresql://"))


class Server:
    """`deskflow serve` on one database (a SQLite file or a PostgreSQL URL) and port. Each start writes its own log,
    `NAME-01.log`, `NAME-02.log`, … `trusted_proxy`: the address of a proxy in front whose X-Forwarded-For names the
    client."""

    def __init__(self, binary: Path, database: Path | str, log_dir: Path, mail_dir: Path | None = None,
                 name: str = "serve", trusted_proxy: str | None = None):
        if is_url(database) and mail_dir is None:
            raise ValueError("deskflow serve on a PostgreSQL URL needs a mail folder (every instance shares it)")
        self.binary, self.database, self.log_dir, self.mail_dir, self.name = binary, database, log_dir, mail_dir, name
        self.trusted_proxy = trusted_proxy
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.log_path: Path | None = None
        self.started_at = 0.0     # wall-clock time of the last start, for `deskflow check --pending-limit`

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def start(self, timeout: float = 120) -> float:
        """Starts the server and returns the seconds until /healthz answers: start-up includes resuming payment
        calls left pending, which happens before the server listens. A killed run is waited for first: until it is
        gone it holds the database's serve lock."""
        if self.process is not None:
            self.process.wait()
        self.starts += 1
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.log_dir / f"{self.name}-{self.starts:02d}.log"
        command = [self.binary, "serve", "--database", self.database, "--port", str(self.port), "--root", PACKAGE_ROOT]
        if self.mail_dir is not None:
            command += ["--mail-dir", self.mail_dir]
        if self.trusted_proxy is not None:
            command += ["--trusted-proxy", self.trusted_proxy]
        with open(self.log_path, "w") as log:
            self.started_at = time.time()
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        return wait_for_health(self.port, timeout, self.process, self.log_path)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def seconds_since_start(self) -> int:
        return max(0, int(time.time() - self.started_at))

    def kill(self) -> None:
        """Sends kill -9 without waiting for the process to be gone."""
        os.kill(self.process.pid, signal.SIGKILL)

    def crash(self) -> None:
        """kill -9: no shutdown handlers, no flushing, whatever was in flight is cut off."""
        self.kill()
        self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.crash()

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""
