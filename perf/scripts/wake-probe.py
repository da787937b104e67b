#!/usr/bin/env python3
"""How late a bare thread wakes on this host right now: the floor under any server's pacing and any client's reading.

Sleeps to absolute deadlines every PERIOD_US microseconds for SECONDS and prints, as one JSON line, how late each
wake-up came (microseconds over the deadline): p50, p99, p99.9, max. Run it beside a load (rounds.sh does, with
PROBE=1), under `chrt -f N` to see what real-time scheduling changes. With EVENT_MS it also lists each wake-up later
than that (wall-clock second, ms late; at most 500): pinned to one core each (`taskset -c 0`, `taskset -c 1`), two
probes tell a core that stops now and then from a busy host.
  python3 perf/scripts/wake-probe.py [SECONDS=8] [PERIOD_US=1000] [EVENT_MS]
"""
import json
import sys
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 8.0
period = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
event_us = float(sys.argv[3]) * 1000 if len(sys.argv) > 3 else None
events = []
n = int(seconds * 1e6 / period)
late = []
deadline = time.monotonic_ns()
for _ in range(n):
    deadline += period * 1000
    wait = deadline - time.monotonic_ns()
    if wait > 0:
        time.sleep(wait / 1e9)
    late.append((time.monotonic_ns() - deadline) / 1000)
    if event_us is not None and late[-1] > event_us and len(events) < 500:
        events.append([round(time.time(), 4), round(late[-1] / 1000, 2)])
late.sort()
pct = lambda p: round(late[min(len(late) - 1, int(p / 100 * len(late)))])
out = {"wake_late_us": {"p50": pct(50), "p99": pct(99), "p99_9": pct(99.9), "max": round(late[-1])},
       "period_us": period, "wakes": n}
if event_us is not None:
    out["late_wakes"] = events
print(json.dumps(out))
