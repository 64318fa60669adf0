"""Where Deskflow spends its CPU while wrk loads one page: `perf record` samples the server's threads (the cpu-clock
event, so it works without hardware counters, as in this machine's container), and `perf report` ranks the frames by
self time. Swift's symbols are demangled with `swift demangle --simplified`."""

import re
import shutil
import subprocess
import time
from pathlib import Path

import load

FREQUENCY = 499     # samples a second on each thread: enough for a ranking, too few to slow the server much
# "  4.37%  libswiftCore.so  [.] swift_retain", where some perf versions add IPC columns ("-  -") at the end.
_FRAME = re.compile(r"^\s*([\d.]+)%\s+(\S+)\s+\[(.)\]\s+(.+?)(?:\s+-\s+-)?\s*$")
_SAMPLES = re.compile(r"^# Samples: (\S+)")


def demangled(symbols: list[str]) -> list[str]:
    tool = shutil.which("swift-demangle")
    command = [tool, "--simplified"] if tool else ["swift", "demangle", "--simplified"]
    try:
        output = subprocess.run(command, input="\n".join(symbols) + "\n", capture_output=True, text=True,
                                check=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        return symbols
    return output if len(output) == len(symbols) else symbols


def top_frames(pid: int, url: str, cookie: str, seconds: int, workdir: Path, count: int = 15) -> dict:
    """The `count` frames with the most self time while wrk loads `url` for `seconds` (the README names five), or
    the reason there are none."""
    perf = shutil.which("perf")
    if not perf:
        return {"error": "perf is not installed (bench/run installs linux-perf)"}
    data = workdir / "profile.perf"
    wrk = subprocess.Popen(load.command(url, cookie, f"{seconds + 2}s"), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    time.sleep(1)  # every connection open and busy before the first sample
    record = subprocess.run([perf, "record", "-F", str(FREQUENCY), "-p", str(pid), "-o", str(data), "--",
                             "sleep", str(seconds)], capture_output=True, text=True)
    under_load = load.result(wrk.communicate()[0])
    if record.returncode != 0:
        return {"error": f"perf record failed: {record.stderr.strip().splitlines()[-1:]}"}
    report = subprocess.run([perf, "report", "-i", str(data), "--stdio", "--no-children", "--sort", "dso,sym"],
                            capture_output=True, text=True)
    if report.returncode != 0:
        return {"error": f"perf report failed: {report.stderr.strip().splitlines()[-1:]}"}
    lines = report.stdout.splitlines()
    samples = next((found.group(1) for found in map(_SAMPLES.match, lines) if found), "?")
    frames = sorted((found.groups() for found in map(_FRAME.match, lines) if found),
                    key=lambda frame: float(frame[0]), reverse=True)[:count]
    names = demangled([symbol for _, _, _, symbol in frames])
    return {
        "tool": f"perf record -F {FREQUENCY} -p PID, self time", "seconds": seconds, "samples": samples,
        "rps_under_profile": under_load["rps"],
        "frames": [{"percent": float(percent), "dso": dso, "kernel": space == "k", "symbol": name}
                   for (percent, dso, space, _), name in zip(frames, names)],
    }
