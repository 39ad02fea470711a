"""wrk as the benchmarks' load generator: a C client whose own cost is small, pinned to a core of its own.

`run_wrk` sends the requests of a list (one `path<TAB>cookie[<TAB>json body<TAB>X-Forwarded-For]` per line: a GET,
or a POST of the JSON body from that client address), taken in turn from a random start per connection's thread,
for a fixed time and returns wrk's figures: requests per second, latency percentiles from its full histogram, and
the count of answers other than 2xx/3xx and of socket errors.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

SCRIPT = r"""
local lines = {}
local at = 0

function init(args)
  for line in io.lines(args[1]) do
    local path, cookie, body, client = line:match("^([^\t]*)\t?([^\t]*)\t?([^\t]*)\t?(.*)$")
    lines[#lines + 1] = { path, cookie, body, client }
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
  at = math.random(#lines)
end

function request()
  at = at % #lines + 1
  local path, cookie, body, client = lines[at][1], lines[at][2], lines[at][3], lines[at][4]
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  if client ~= "" then headers["X-Forwarded-For"] = client end
  if body ~= "" then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\n@@{"requests": %d, "seconds": %f, "p50": %f, "p95": %f, "p99": %f, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(95) / 1e3,
    latency:percentile(99) / 1e3, e.status, e.connect + e.read + e.write + e.timeout))
end
"""


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def client_core() -> int:
    """The core wrk runs on: the last one; the servers get the others (`server_cores`)."""
    return max(0, (os.cpu_count() or 1) - 1)


def server_cores() -> str:
    """The cores for the servers, as taskset takes them: all but wrk's (all of one core on a 1-core machine)."""
    last = client_core()
    return "0" if last == 0 else f"0-{last - 1}"


def run_wrk(base: str, lines: list[str], *, connections: int, seconds: float) -> dict[str, float]:
    """`connections` keep-alive connections from one wrk thread pinned to `client_core()` for `seconds`."""
    with tempfile.TemporaryDirectory(prefix="portal-wrk-") as folder:
        script, requests = Path(folder) / "mix.lua", Path(folder) / "requests.tsv"
        script.write_text(SCRIPT)
        requests.write_text("\n".join(lines) + "\n")
        command = ["taskset", "-c", str(client_core()), "wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s"]
        command += ["--timeout", "10s", "-s", str(script), base, "--", str(requests)]
        done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60)
    report = done.stdout.rsplit("@@", 1)[-1]
    figures: dict[str, float] = json.loads(report)
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures
