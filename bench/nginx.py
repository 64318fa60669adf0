"""nginx serving byte-identical copies of the measured pages with gzip at level 1 (its default), the ceiling for pages
of that size on this machine."""

import contextlib
import signal
import subprocess
import tempfile
from pathlib import Path

from compression import GZIP_MIN_LENGTH
from deskflow_client import free_port, wait_for_health
from load import THREADS


def config(root: Path, port: int) -> str:
    # Every copy is served as text/html (`default_type`, no mime.types). `gzip_types` names text/html although nginx
    # always compresses it (and says so with a "duplicate MIME type" warning at start-up), so the list reads as the
    # types Deskflow compresses.
    return f"""
worker_processes {THREADS};
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {root}; proxy_temp_path {root}; fastcgi_temp_path {root};
  uwsgi_temp_path {root}; scgi_temp_path {root};
  gzip on;
  gzip_comp_level 1;
  gzip_types text/html text/css application/json;
  gzip_vary on;
  gzip_min_length {GZIP_MIN_LENGTH};
  server {{
    listen 127.0.0.1:{port};
    root {root}/pages;
    location / {{ default_type text/html; }}
  }}
}}
"""


@contextlib.contextmanager
def serving(copies: dict[str, bytes]):
    """nginx serving each copy at `/<name>`; yields the origin, such as `http://127.0.0.1:8123`."""
    with tempfile.TemporaryDirectory(prefix="deskflow-nginx-") as folder:
        root = Path(folder)
        (root / "pages").mkdir()
        for name, content in copies.items():
            (root / "pages" / name).write_bytes(content)
        port = free_port()
        (root / "nginx.conf").write_text(config(root, port))
        nginx = subprocess.Popen(["nginx", "-c", str(root / "nginx.conf"), "-p", str(root)],
                                 stderr=(root / "start.log").open("w"))
        try:
            try:
                wait_for_health(port, 10, path="/" + next(iter(copies)))
            except RuntimeError as error:
                raise RuntimeError(f"nginx did not start: {(root / 'start.log').read_text().strip()}") from error
            yield f"http://127.0.0.1:{port}"
        finally:
            nginx.send_signal(signal.SIGQUIT)
            nginx.wait(timeout=10)
