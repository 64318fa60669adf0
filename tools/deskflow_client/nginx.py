"""nginx as a child process on a configuration of the caller's, in a folder of its own: what the benchmark's ceiling
(bench/nginx.py) and the proxy in front of several instances (`instances.py`) share."""

from __future__ import annotations

import contextlib
import signal
import subprocess
from pathlib import Path

from .server import wait_for_health

# Where nginx keeps request bodies and proxied answers it buffers: the run's own folder, not /var/lib/nginx.
TEMP_PATHS = ("client_body_temp_path", "proxy_temp_path", "fastcgi_temp_path", "uwsgi_temp_path", "scgi_temp_path")


def temp_paths(root: Path) -> str:
    return " ".join(f"{name} {root};" for name in TEMP_PATHS)


def main_context(root: Path, workers: int) -> str:
    """What every configuration here starts with: in the foreground, its pid, logs and temporary files in `root`, no
    access log; the caller's `http` block goes on from there."""
    return f"""
worker_processes {workers};
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  {temp_paths(root)}"""


@contextlib.contextmanager
def running(root: Path, configuration: str, port: int, probe: str):
    """nginx on `configuration` (written to ROOT/nginx.conf, `daemon off`, its pid and logs in `root`) until the block
    ends; waits until GET `probe` on the port answers 200 and yields the origin, such as `http://127.0.0.1:8123`."""
    (root / "nginx.conf").write_text(configuration)
    process = subprocess.Popen(["nginx", "-c", str(root / "nginx.conf"), "-p", str(root)],
                               stderr=(root / "start.log").open("w"))
    try:
        try:
            wait_for_health(port, 10, process, path=probe)
        except RuntimeError as error:
            raise RuntimeError(f"nginx did not start: {(root / 'start.log').read_text().strip()}") from error
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=10)
