"""One wrk run with the benchmark's settings, reported by the Lua scripts' `done` hook as a JSON line."""

import json
import subprocess
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CONNECTIONS, THREADS = 16, 2
# Both Deskflow and nginx are asked for gzip, as every browser asks: the comparison is of the same compressed pages.
ACCEPT_GZIP = "Accept-Encoding: gzip"


def command(url: str, cookie: str, duration: str, script: str = "measure.lua", args: tuple = ()) -> list[str]:
    line = ["wrk", "-t", str(THREADS), "-c", str(CONNECTIONS), "-d", duration, "--timeout", "5s",
            "-s", str(BENCH / script), "-H", ACCEPT_GZIP]
    if cookie:
        line += ["-H", f"Cookie: {cookie}"]
    return line + [url, *map(str, args)]


def result(output: str) -> dict:
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    return json.loads(line.removeprefix("BENCH "))


def wrk(url: str, cookie: str, duration: str, script: str = "measure.lua", args: tuple = ()) -> dict:
    output = subprocess.run(command(url, cookie, duration, script, args), capture_output=True, text=True,
                            check=True).stdout
    return result(output)
