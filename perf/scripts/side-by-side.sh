#!/usr/bin/env bash
# Side by side on one machine, one run: ringcast (embedded zero-cost worker), ringcast + separate zero-cost worker,
# and the node-ws peer, each driven by the same outside client (listen.mjs) at the same load, one server at a time.
# CPU per frame: utime+stime of the server process(es) over the run (/proc/PID/stat), divided by frames received.
# Set up: cp -r ../shared/peers/node-ws /tmp/node-ws && (cd /tmp/node-ws && npm ci); (cd perf/scripts && npm install)
# Run:    perf/scripts/side-by-side.sh   (SESSIONS="1 100 1000", UTT=5; a markdown table on stdout)
#         WARM=N: before each row, N unrecorded runs of the same size against the same server (every server alike),
#         so the figures are of warmed servers (the JIT's compile time left out: each run opens N new connections,
#         and the JVM still compiles their paths after a few runs); default 0: ringcast gets 10 x 2.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd); LISTEN=$ROOT/perf/scripts/listen.mjs; OUT=${OUT:-$ROOT/perf-results/side-by-side}; mkdir -p "$OUT"
PEER=${PEER:-/tmp/node-ws}   # a copy of ../shared/peers/node-ws after npm ci (shared/ is read-only)
SESSIONS=${SESSIONS:-"1 100 1000"}; UTT=${UTT:-5}
TCK=$(getconf CLK_TCK)
cpu() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' /proc/$p/stat))); done; echo $t; }
wait_port() { for i in $(seq 1 200); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done; return 1; }
measure() { # name url pids...
  local name=$1 url=$2; shift 2
  for n in $SESSIONS; do
    local u=$UTT; [ "$n" -ge 1000 ] && u=3
    for _ in $(seq 1 "${WARM:-0}"); do node "$LISTEN" --url "$url" --sessions "$n" --utterances 2 >/dev/null 2>&1; done
    local c0; c0=$(cpu "$@")
    node "$LISTEN" --url "$url" --sessions "$n" --utterances "$u" > "$OUT/$name-$n.txt" 2>&1
    local c1; c1=$(cpu "$@")
    local frames; frames=$(head -1 "$OUT/$name-$n.txt" | python3 -c 'import json,sys; print(json.load(sys.stdin)["frames"])' 2>/dev/null || echo 0)
    python3 - "$name" "$n" "$c0" "$c1" "$TCK" "$frames" "$OUT/$name-$n.txt" <<'PY'
import json,sys
name,n,c0,c1,tck,frames,path=sys.argv[1:]
r=json.loads(open(path).readline())
cpu_us=(int(c1)-int(c0))/int(tck)*1e6
per=cpu_us/int(frames) if int(frames) else float('nan')
print(f"| {name} | {n} | {r['fal_ms']['p50']} / {r['fal_ms']['p99']} | {r['lateness_arrivals_ms']['p50']} / {r['lateness_arrivals_ms']['p99']} / {r['lateness_arrivals_ms']['max']} | {r['lateness_stamps_ms']['p99']} / {r['lateness_stamps_ms']['max']} | {r['stepped_share_pct']['arrivals']} / {r['stepped_share_pct']['stamps']} | {r['errors']} | {r['frames']} | {per:.1f} |")
PY
  done
}
echo "| server | sessions | FAL p50 / p99 ms | lateness (arrivals) p50 / p99 / max ms | lateness (stamps) p99 / max ms | stepped > 10 ms % (arr / stamps) | errors | frames | server CPU us/frame |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
export RINGCAST_HEAP=${RINGCAST_HEAP:-1g}
cd "$ROOT"
# node-ws peer
( cd "$PEER" && exec node server.mjs --port 8090 ) > "$OUT/peer.log" 2>&1 & PEER_PID=$!
wait_port 8090; measure node-ws ws://127.0.0.1:8090/v1/stream $PEER_PID; kill $PEER_PID
# ringcast embedded
./ringcast serve --port 8091 --worker-cost-model none > "$OUT/rc-embedded.log" 2>&1 & RC=$!
wait_port 8091; sleep 1; node "$LISTEN" --url ws://127.0.0.1:8091/v1/stream --sessions 10 --utterances 2 >/dev/null 2>&1 # JIT warm-up, unrecorded
measure ringcast-embedded ws://127.0.0.1:8091/v1/stream $RC; kill $RC; wait $RC 2>/dev/null
# ringcast + separate worker
./ringcast worker --cost-model none --port 7091 > "$OUT/rc-worker.log" 2>&1 & W=$!
sleep 3
./ringcast serve --port 8092 --workers static:127.0.0.1:7091 > "$OUT/rc-separate.log" 2>&1 & RC2=$!
wait_port 8092; sleep 1; node "$LISTEN" --url ws://127.0.0.1:8092/v1/stream --sessions 10 --utterances 2 >/dev/null 2>&1
measure ringcast-separate ws://127.0.0.1:8092/v1/stream $RC2 $W; kill $RC2 $W
