#!/usr/bin/env bash
# Side by side in rounds: the node-ws peer, ringcast (embedded zero-cost worker) and ringcast + a separate zero-cost
# worker all start at once; each is warmed by WARM unrecorded runs, then ROUNDS rounds each run the same outside
# client (listen.mjs) against every server in turn, so every server sees the same host noise (on a shared 2-core VM
# single runs minutes apart moved by 2x). Prints one row per run and, per server, the median of the rounds.
# CPU per frame: utime+stime of the server process(es) over the run (/proc/PID/stat), divided by frames received.
# Set up as side-by-side.sh (PEER=/tmp/node-ws after npm ci; npm install in perf/scripts).
#   SESSIONS=100 UTT=5 WARM=8 ROUNDS=5 perf/scripts/rounds.sh
#   OLD=/path/to/another/checkout   adds that build's embedded server as one more column (an old/new comparison)
#   RT=10        ringcast runs with --realtime-priority 10 (its group and IO threads at SCHED_FIFO 10)
#   RT_TOO=10    adds ringcast embedded with --realtime-priority 10 as one more column, beside the default one
#   RT_ARGS="--groups 2 --io-threads 2"  more flags for that column (here one group and one IO thread per core)
#   PEER_RT=10   the peer runs under `chrt -f 10` (its one thread, and so all of it, at SCHED_FIFO 10)
#   CLIENT_RT=5  the client (and the probe) under `chrt -f 5`: its own wake-ups no longer hide the servers' schedule
#   MS_PER_CHAR=60  ringcast's workers speak 60 ms a character, as node-ws does (93 frames for the test sentence;
#                the default 50 gives 78): the same audio per utterance, so CPU per frame compares like with like
#   PROBE=1      perf/scripts/wake-probe.py runs beside each run: how late a bare thread woke meanwhile (the host's floor)
#   WIRE=1       tcpdump captures each run's port and perf/scripts/wire.py reads FAL and lateness off the packets'
#                kernel times: what a listener with its own cores would get, without the client's scheduling
#                (needs tcpdump and the right to capture on lo; the capture is deleted once read)
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd); LISTEN=$ROOT/perf/scripts/listen.mjs; OUT=${OUT:-$ROOT/perf-results/rounds}
PEER=${PEER:-/tmp/node-ws}; N=${SESSIONS:-100}; U=${UTT:-5}; WARM=${WARM:-8}; ROUNDS=${ROUNDS:-5}
mkdir -p "$OUT"; TCK=$(getconf CLK_TCK); export RINGCAST_HEAP=${RINGCAST_HEAP:-1g}
RC_RT=(); PEER_CHRT=(); CLIENT=(); SPEECH=${MS_PER_CHAR:-60}
if [ -n "${RT:-}" ]; then RC_RT=(--realtime-priority "$RT"); fi
if [ -n "${PEER_RT:-}" ]; then PEER_CHRT=(chrt -f "$PEER_RT"); fi
if [ -n "${CLIENT_RT:-}" ]; then CLIENT=(chrt -f "$CLIENT_RT"); fi
cpu() { local t=0; for p in "$@"; do t=$((t + $(awk '{print $14+$15}' "/proc/$p/stat"))); done; echo $t; }
wait_port() { for _ in $(seq 1 200); do curl -fs "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "server on port $1 did not start" >&2; return 1; }
# Build once, here: the launcher rebuilds a jar older than its sources, and servers started at once would each try.
"$ROOT/ringcast" --version >/dev/null || exit 1
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null' EXIT
(cd "$PEER" && exec "${PEER_CHRT[@]}" node server.mjs --port 8090) > "$OUT/peer.log" 2>&1 & PEER_PID=$!; PIDS+=("$PEER_PID")
"$ROOT/ringcast" serve --port 8091 --worker-cost-model none --worker-ms-per-char "$SPEECH" "${RC_RT[@]}" > "$OUT/embedded.log" 2>&1 & EMB=$!; PIDS+=("$EMB")
"$ROOT/ringcast" worker --cost-model none --ms-per-char "$SPEECH" --port 7091 > "$OUT/worker.log" 2>&1 & W=$!; PIDS+=("$W")
sleep 3
"$ROOT/ringcast" serve --port 8092 --workers static:127.0.0.1:7091 "${RC_RT[@]}" > "$OUT/separate.log" 2>&1 & SEP=$!; PIDS+=("$SEP")
NAMES=(node-ws ringcast-embedded ringcast-separate); PORTS=(8090 8091 8092); CPUS=("$PEER_PID" "$EMB" "$SEP $W")
if [ -n "${OLD:-}" ]; then
  "$OLD/ringcast" serve --port 8093 --worker-cost-model none "${RC_RT[@]}" > "$OUT/old.log" 2>&1 & OLDP=$!; PIDS+=("$OLDP")
  NAMES+=(ringcast-old-embedded); PORTS+=(8093); CPUS+=("$OLDP")
fi
if [ -n "${RT_TOO:-}" ]; then
  "$ROOT/ringcast" serve --port 8094 --worker-cost-model none --worker-ms-per-char "$SPEECH" --realtime-priority "$RT_TOO" ${RT_ARGS:-} > "$OUT/embedded-rt.log" 2>&1 &
  RTP=$!; PIDS+=("$RTP"); NAMES+=(ringcast-embedded-rt); PORTS+=(8094); CPUS+=("$RTP")
fi
for p in "${PORTS[@]}"; do wait_port "$p" || exit 1; done
# (the launcher execs the JVM, so these PIDs are the servers themselves)
for i in "${!PORTS[@]}"; do
  echo "warming ${NAMES[$i]} ($WARM runs of $N sessions)" >&2
  for _ in $(seq 1 "$WARM"); do
    node "$LISTEN" --url "ws://127.0.0.1:${PORTS[$i]}/v1/stream" --sessions "$N" --utterances 2 >/dev/null 2>&1
  done
done
echo "| round | server | sessions | FAL p50 / p99 ms | lateness (arrivals) p50 / p99 / max ms | lateness (stamps) p99 ms | wire FAL / lateness p99 ms | errors / short utterances | frames | server CPU us/frame | host wake-up p99 ms |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!PORTS[@]}"; do
    f="$OUT/${NAMES[$i]}-$N-$r.json"
    # shellcheck disable=SC2086
    c0=$(cpu ${CPUS[$i]})
    probe="$OUT/${NAMES[$i]}-$N-$r.probe"; : > "$probe"; PROBE_PID=
    if [ -n "${PROBE:-}" ]; then "${CLIENT[@]}" python3 "$ROOT/perf/scripts/wake-probe.py" 8 > "$probe" & PROBE_PID=$!; fi
    pcap="$OUT/${NAMES[$i]}-$N-$r.pcap"; wire="$OUT/${NAMES[$i]}-$N-$r.wire"; : > "$wire"; TD_PID=
    if [ -n "${WIRE:-}" ]; then
      tcpdump -i lo -n -s 0 -B 131072 -w "$pcap" "tcp port ${PORTS[$i]}" 2> "$pcap.log" & TD_PID=$!
      for _ in $(seq 1 100); do grep -q listening "$pcap.log" 2>/dev/null && break; sleep 0.05; done
    fi
    "${CLIENT[@]}" node "$LISTEN" --url "ws://127.0.0.1:${PORTS[$i]}/v1/stream" --sessions "$N" --utterances "$U" 2>/dev/null | head -1 > "$f"
    if [ -n "$TD_PID" ]; then
      kill -INT "$TD_PID"; wait "$TD_PID"
      grep -q '^0 packets dropped by kernel' "$pcap.log" || echo "tcpdump dropped packets: $(grep dropped "$pcap.log")" >&2
      python3 "$ROOT/perf/scripts/wire.py" --port "${PORTS[$i]}" "$pcap" > "$wire" || echo "wire.py: $(cat "$wire")" >&2
      rm -f "$pcap"
    fi
    # shellcheck disable=SC2086
    c1=$(cpu ${CPUS[$i]}); [ -z "$PROBE_PID" ] || wait "$PROBE_PID"
    python3 - "$r" "${NAMES[$i]}" "$N" "$c0" "$c1" "$TCK" "$f" "$probe" "$wire" <<'PY'
import json, sys
r, name, n, c0, c1, tck, path, probe, wire = sys.argv[1:]
d = json.load(open(path))
cpu = (int(c1) - int(c0)) / int(tck) * 1e6 / d["frames"] if d["frames"] else float("nan")
d["cpu_us_per_frame"] = round(cpu, 1)
p = open(probe).read().strip()
d["host_wake_p99_ms"] = json.loads(p)["wake_late_us"]["p99"] / 1000 if p else None
w = open(wire).read().strip()
if w:
    d["wire"] = json.loads(w)
wf = f"{d['wire']['fal_ms']['p99']} / {d['wire']['lateness_wire_ms']['p99']}" if w else "-"
json.dump(d, open(path, "w"))
print(f"| {r} | {name} | {n} | {d['fal_ms']['p50']} / {d['fal_ms']['p99']} | {d['lateness_arrivals_ms']['p50']} / "
      f"{d['lateness_arrivals_ms']['p99']} / {d['lateness_arrivals_ms']['max']} | {d['lateness_stamps_ms']['p99']} | "
      f"{wf} | {d['errors']} / {d.get('short_utterances', '-')} | {d['frames']} | {cpu:.1f} | {d['host_wake_p99_ms'] if p else '-'} |")
PY
  done
done
echo
echo "Median of $ROUNDS rounds, $N sessions x $U sentences (range in brackets):"
echo
echo "| server | FAL p99 ms | lateness p99 ms (arrivals) | lateness p99 ms (stamps) | wire FAL p99 ms | wire lateness p99 ms | server CPU us/frame | errors / short utterances (all rounds) |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
for name in "${NAMES[@]}"; do
  python3 - "$OUT" "$name" "$N" "$ROUNDS" <<'PY'
import json, statistics, sys
out, name, n, rounds = sys.argv[1:]
runs = [json.load(open(f"{out}/{name}-{n}-{r}.json")) for r in range(1, int(rounds) + 1)]
def col(get):
    try:
        v = [get(d) for d in runs]
    except KeyError:
        return "-"
    return f"{statistics.median(v):.1f} [{min(v):.1f}-{max(v):.1f}]"
print(f"| {name} | {col(lambda d: d['fal_ms']['p99'])} | {col(lambda d: d['lateness_arrivals_ms']['p99'])} | "
      f"{col(lambda d: d['lateness_stamps_ms']['p99'])} | {col(lambda d: d['wire']['fal_ms']['p99'])} | "
      f"{col(lambda d: d['wire']['lateness_wire_ms']['p99'])} | {col(lambda d: d['cpu_us_per_frame'])} | "
      f"{sum(d['errors'] for d in runs)} / {sum(d.get('short_utterances', 0) for d in runs)} |")
PY
done
