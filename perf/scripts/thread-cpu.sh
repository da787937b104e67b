#!/usr/bin/env bash
# CPU per delivered audio frame, split by server thread: utime+stime of each thread of PID (/proc/PID/task/*/stat)
# over one listen.mjs run, divided by the frames the client received. Threads are grouped by name with digits
# folded (ringcast-group-0 and -1 add up as ringcast-group-N).
#   perf/scripts/thread-cpu.sh PID ws://127.0.0.1:8080/v1/stream [SESSIONS=100] [UTTERANCES=8]
# Warm the JIT first (a run of the same size, unrecorded), or the compiler threads dominate the figure.
set -eu
PID=$1; URL=$2; N=${3:-100}; U=${4:-8}
HERE=$(cd "$(dirname "$0")" && pwd); TMP=$(mktemp -d)
snap() { for t in /proc/"$PID"/task/*; do echo "$(cat "$t/comm")|$(awk '{print $14+$15}' "$t/stat")"; done > "$1"; }
snap "$TMP/before"
node "$HERE/listen.mjs" --url "$URL" --sessions "$N" --utterances "$U" | head -1 > "$TMP/listen.json"
snap "$TMP/after"
python3 - "$TMP" "$(getconf CLK_TCK)" <<'PY'
import collections, json, re, sys
tmp, tck = sys.argv[1], int(sys.argv[2])
def read(name):
    d = collections.Counter()
    for line in open(f"{tmp}/{name}"):
        n, s = line.rstrip("\n").rsplit("|", 1)
        d[re.sub(r"\d+", "N", n)] += int(s)
    return d
a, b = read("before"), read("after")
r = json.load(open(f"{tmp}/listen.json"))
frames = r["frames"]
total = sum(b.values()) - sum(a.values())
print(f"frames {frames}, errors {r['errors']}, FAL p50/p99 {r['fal_ms']['p50']}/{r['fal_ms']['p99']} ms, "
      f"lateness p99 arrivals {r['lateness_arrivals_ms']['p99']} ms, stamps {r['lateness_stamps_ms']['p99']} ms")
print(f"| thread | CPU us/frame |\n| --- | --- |\n| all | {total / tck * 1e6 / frames:.1f} |")
for k in sorted(b, key=lambda k: -(b[k] - a[k])):
    d = b[k] - a[k]
    if d > 0:
        print(f"| {k} | {d / tck * 1e6 / frames:.1f} |")
PY
rm -rf "$TMP"
