#!/usr/bin/env bash
# A/B of two ringcast servers on one machine: both start (embedded zero-cost worker) on ports 8091 and 8092, are
# warmed with two unrecorded runs of N sessions x 3 sentences, then thread-cpu.sh runs alternate A, B, A, B ... R
# times each, so both see the same host noise. Prints listen.mjs's figures and CPU per frame by thread for each run.
#   DIR_A / DIR_B    checkouts with a built jar (default: this one), e.g. a clone of the commit before a change
#   OPTS_A / OPTS_B  JVM options (RINGCAST_JAVA_OPTS), e.g. -Dsome.flag=1
#   ARGS_A / ARGS_B  serve flags, e.g. "--pacing-tick-ms 0"
#   N=100 U=5 R=3    sessions, sentences per session, runs per server
# Example: ARGS_A="--pacing-tick-ms 0" perf/scripts/ab.sh
set -u
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
N=${N:-100}; U=${U:-5}; R=${R:-3}
start() { # port dir jvm-opts serve-args
  RINGCAST_HEAP=1g RINGCAST_JAVA_OPTS="$3" "$2/ringcast" serve --port "$1" --worker-cost-model none $4 \
    > "/tmp/ab-$1.log" 2>&1 &
  for _ in $(seq 1 150); do curl -fs "localhost:$1/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "server on $1 did not start: /tmp/ab-$1.log" >&2; return 1
}
start 8091 "${DIR_A:-$ROOT}" "${OPTS_A:-}" "${ARGS_A:-}" || exit 1
start 8092 "${DIR_B:-$ROOT}" "${OPTS_B:-}" "${ARGS_B:-}" || exit 1
PA=$(pgrep -f "serve --port 8091" | head -1); PB=$(pgrep -f "serve --port 8092" | head -1)
trap 'kill $PA $PB 2>/dev/null' EXIT
for p in 8091 8092; do for _ in 1 2; do
  node "$HERE/listen.mjs" --url "ws://127.0.0.1:$p/v1/stream" --sessions "$N" --utterances 3 >/dev/null 2>&1
done; done
for r in $(seq 1 "$R"); do
  for p in 8091 8092; do
    P=$PA; name=A; if [ "$p" = 8092 ]; then P=$PB; name=B; fi
    echo "== $name (port $p) run $r, load $(cut -d' ' -f1 /proc/loadavg)"
    "$HERE/thread-cpu.sh" "$P" "ws://127.0.0.1:$p/v1/stream" "$N" "$U" | head -8
  done
done
