"""nginx serving byte-identical copies of the measured pages with gzip at level 1 (its default), the ceiling for pages
of that size on this machine."""

import contextlib
import tempfile
from pathlib import Path

from compression import GZIP_MIN_LENGTH
from deskflow_client import free_port, nginx
from load import THREADS


def config(root: Path, port: int) -> str:
    # Every copy is served as text/html (`default_type`, no mime.types). `gzip_types` names text/html although nginx
    # always compresses it (and says so with a "duplicate MIME type" warning at start-up), so the list reads as the
    # types Deskflow compresses.
    return nginx.main_context(root, workers=THREADS) + f"""
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
        with nginx.running(root, config(root, port), port, "/" + next(iter(copies))) as origin:
            yield origin
