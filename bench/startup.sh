#!/usr/bin/env bash
# Benchmark: cold start of the local stack to the sample answer, and each process's resident memory when idle.
# Prerequisite: the project is built (bin/insights builds it on first use; that build is not timed here).
# Usage: bench/startup.sh [work-dir]   (default: a fresh temporary directory, i.e. empty data directories)
# Ends with one line: RESULT ready_s=… kafka_rss_mb=… cassandra_rss_mb=… postgres_rss_mb=… spark_rss_mb=… services_rss_mb=…
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/insights-startup.XXXXXX)}"
offset="${BENCH_PORT_OFFSET:-500}"
log="$work.up.log"
"$home/bin/insights" status --work-dir "$work" >/dev/null 2>&1 && { echo "a stack is already running in $work" >&2; exit 1; }
"$home/bin/insights" up --work-dir "$work" --port-offset "$offset" >"$log" 2>&1 &
up_pid=$!
trap '"$home/bin/insights" down --work-dir "$work" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 600); do
  grep -q "is ready" "$log" && break
  kill -0 "$up_pid" 2>/dev/null || { echo "up failed:" >&2; tail -40 "$log" >&2; exit 1; }
  sleep 0.5
done
grep -q "is ready" "$log" || { echo "not ready after 300 s" >&2; tail -40 "$log" >&2; exit 1; }
ready_s=$(sed -n 's/.*is ready (\([0-9.]*\) s).*/\1/p' "$log")
cat "$log"
sleep 20 # let start-up work settle before reading idle memory
rss_mb() { local f="$work/run/$1.pid"; [[ -f "$f" ]] && ps -o rss= -p "$(head -1 "$f")" | awk '{printf "%d", $1/1024}' || echo 0; }
echo "RESULT ready_s=$ready_s kafka_rss_mb=$(rss_mb kafka) cassandra_rss_mb=$(rss_mb cassandra) postgres_rss_mb=$(rss_mb postgres) spark_rss_mb=$(rss_mb spark-driver) services_rss_mb=$(rss_mb stack)"
