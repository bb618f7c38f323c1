#!/usr/bin/env bash
# Benchmark: start of the local stack to the sample answer, first on empty data directories, then again on the same
# data a simulated day later; the stop in between; each process's resident memory when idle after the first start.
# The first start runs with the sample's clock a day back (up's hidden --sample-clock-offset -P1D), so the second
# start, at the real time, finds the sample held up to "yesterday" and sends the day since: Tuesday's start after
# Monday's (docs/decisions/0025-restart-and-readiness.md).
# Prerequisite: the project is built (bin/insights builds it on first use; that build is not timed here).
# Usage: bench/startup.sh [work-dir]   (default: a fresh temporary directory, i.e. empty data directories)
# Ends with one line: RESULT ready_s=… restart_ready_s=… stop_s=… restart_sent=… kafka_rss_mb=… cassandra_rss_mb=…
#   postgres_rss_mb=… spark_rss_mb=… services_rss_mb=… load_avg=… steal_cores=… (steal: cores taken by the hypervisor,
#   averaged over the two starts)
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/insights-startup.XXXXXX)}"
offset="${BENCH_PORT_OFFSET:-500}"
hz=$(getconf CLK_TCK)
"$home/bin/insights" status --work-dir "$work" >/dev/null 2>&1 && { echo "a stack is already running in $work" >&2; exit 1; }
trap '"$home/bin/insights" down --work-dir "$work" >/dev/null 2>&1 || true' EXIT
load_avg=$(cut -d' ' -f1 /proc/loadavg)
steal_ticks() { awk '/^cpu /{print $9}' /proc/stat; }
steal_total=0; timed_total=0

# start LOG [up options]: runs up in the background until it says ready; sets up_pid and ready_s
start() {
  local log="$1" steal0 t0 t1
  shift
  steal0=$(steal_ticks); t0=$(date +%s.%N)
  "$home/bin/insights" up --work-dir "$work" --port-offset "$offset" "$@" >"$log" 2>&1 &
  up_pid=$!
  for _ in $(seq 1 600); do
    grep -q "is ready" "$log" && break
    kill -0 "$up_pid" 2>/dev/null || { echo "up failed:" >&2; tail -40 "$log" >&2; exit 1; }
    sleep 0.5
  done
  grep -q "is ready" "$log" || { echo "not ready after 300 s" >&2; tail -40 "$log" >&2; exit 1; }
  t1=$(date +%s.%N)
  steal_total=$(awk -v s="$steal_total" -v a="$steal0" -v b="$(steal_ticks)" -v hz="$hz" 'BEGIN{print s + (b - a) / hz}')
  timed_total=$(awk -v s="$timed_total" -v a="$t0" -v b="$t1" 'BEGIN{print s + b - a}')
  ready_s=$(sed -n 's/.*is ready (\([0-9.]*\) s).*/\1/p' "$log")
  cat "$log"
}

start "$work.up.log" --sample-clock-offset=-P1D
first_ready_s=$ready_s
sleep 20 # let start-up work settle before reading idle memory
rss_mb() { local f="$work/run/$1.pid"; [[ -f "$f" ]] && ps -o rss= -p "$(head -1 "$f")" | awk '{printf "%d", $1/1024}' || echo 0; }
rss="kafka_rss_mb=$(rss_mb kafka) cassandra_rss_mb=$(rss_mb cassandra) postgres_rss_mb=$(rss_mb postgres) spark_rss_mb=$(rss_mb spark-driver) services_rss_mb=$(rss_mb stack)"

t0=$(date +%s.%N)
"$home/bin/insights" down --work-dir "$work"
wait "$up_pid" || true
stop_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}')
grep -q "Exception\|at com\.\|at java\." "$work.up.log" && { echo "the stop printed a stack trace:" >&2; tail -40 "$work.up.log" >&2; exit 1; }

start "$work.restart.log"
restart_sent=$(sed -n 's/.*sent the \([0-9]*\) event(s).*/\1/p' "$work.restart.log")
steal_cores=$(awk -v s="$steal_total" -v t="$timed_total" 'BEGIN{printf "%.2f", s / t}')
echo "RESULT ready_s=$first_ready_s restart_ready_s=$ready_s stop_s=$stop_s restart_sent=${restart_sent:-0} $rss load_avg=$load_avg steal_cores=$steal_cores"
