#!/usr/bin/env python3
"""How late a bare thread wakes on this host right now: the floor under any server's pacing and any client's reading.

Sleeps to absolute deadlines every PERIOD_US microseconds for SECONDS and prints, as one JSON line, how late each
wake-up came (microseconds over the deadline): p50, p99, p99.9, max. Run it beside a load (rounds.sh does, with
PROBE=1), under `chrt -f N` to see what real-time scheduling changes.
  python3 perf/scripts/wake-probe.py [SECONDS=8] [PERIOD_US=1000]
"""
import json
import sys
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0
period = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
n = int(seconds * 1e6 / period)
late = []
deadline = time.monotonic_ns()
for _ in range(n):
    deadline += period * 1000
    wait = deadline - time.monotonic_ns()
    if wait > 0:
        time.sleep(wait / 1e9)
    late.append((time.monotonic_ns() - deadline) / 1000)
late.sort()
pct = lambda p: round(late[min(len(late) - 1, int(p / 100 * len(late)))])
print(json.dumps({"wake_late_us": {"p50": pct(50), "p99": pct(99), "p99_9": pct(99.9), "max": round(late[-1])},
                  "period_us": period, "wakes": n}))
