#!/usr/bin/env bash
# Figures for the foundation, reported in BENCHMARKS.md (they do not pass or fail):
#  1. time for `asbcase demo` to build its default dataset (1,500 cases), SQLite, release;
#  2. server start-up on an existing database: from exec until /health answers;
#  3. resident memory of the idle server, after start-up and after a signed-in walk round.
#
#   benches/foundation.sh            # 3 runs of each
#   RUNS=5 benches/foundation.sh
# Talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
PORT="${PORT:-18089}"
cargo build --release -p asbcase --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/asbcase"
WORK=$(mktemp -d)
trap 'kill "${PID:-0}" 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "asbcase $($BIN --version | cut -d' ' -f2), $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

echo
echo "1. asbcase demo --no-serve (default 1,500 cases, seed 2026), fresh SQLite file each run"
for i in $(seq 1 "$RUNS"); do
  rm -f "$WORK"/demo.db*
  start=$(date +%s.%N)
  $BIN demo --database-url "sqlite://$WORK/demo.db" --no-serve > "$WORK/demo.out"
  end=$(date +%s.%N)
  printf '   run %d: %.2f s wall (%s)\n' "$i" "$(echo "$end - $start" | bc)" "$(grep -o 'built in [0-9.]* s' "$WORK/demo.out")"
done

wait_health() {
  for _ in $(seq 1 2000); do
    curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && return 0
    sleep 0.005
  done
  echo "server did not answer" >&2; return 1
}

echo
echo "2. asbcase serve on that existing database: exec until /health answers"
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s.%N)
  $BIN serve --database-url "sqlite://$WORK/demo.db" --addr "127.0.0.1:$PORT" > /dev/null 2>&1 &
  PID=$!
  wait_health
  end=$(date +%s.%N)
  printf '   run %d: %.3f s\n' "$i" "$(echo "$end - $start" | bc)"
  if [ "$i" -lt "$RUNS" ]; then kill "$PID"; wait "$PID" 2>/dev/null || true; fi
done

echo
echo "3. resident memory (VmRSS) of the idle server"
sleep 2
printf '   after start-up:            %s\n' "$(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$PID/status)"
JAR="$WORK/cookies"
email=$(grep -m1 'Case officer' "$WORK/demo.out" | awk '{print $3}')
curl -fs -c "$JAR" -b "$JAR" "http://127.0.0.1:$PORT/sign-in" -o "$WORK/form.html"
token=$(grep -o 'name="csrf_token" value="[^"]*"' "$WORK/form.html" | head -1 | sed 's/.*value="//; s/"$//')
curl -fs -c "$JAR" -b "$JAR" -o /dev/null --data-urlencode "csrf_token=$token" --data-urlencode "email=$email" \
  --data-urlencode "password=demo-password-2026" "http://127.0.0.1:$PORT/sign-in"
for page in /cases "/cases?scope=all" "/cases?scope=all&page=2" "/cases?scope=all&status=any"; do
  curl -fs -b "$JAR" -o "$WORK/page.html" "http://127.0.0.1:$PORT$page"
done
ref=$(grep -o '/cases/ASB-[0-9]*-[0-9]*' "$WORK/page.html" | head -1)
for _ in $(seq 1 20); do curl -fs -b "$JAR" -o /dev/null "http://127.0.0.1:$PORT$ref"; done
sleep 2
printf '   after a signed-in walk round (lists, 20 case pages), idle again: %s\n' "$(awk '/VmRSS/ {printf "%.1f MB", $2/1024}' /proc/$PID/status)"
