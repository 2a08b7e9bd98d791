#!/usr/bin/env bash
# Figures for the staff search (issue 11), reported in BENCHMARKS.md (they do not pass or fail):
# a council case officer's and a partner (police) officer's searches of every kind, on SQLite
# and, when POSTGRES is given, on PostgreSQL (crates/store/benches/search.rs says what each
# figure measures).
#
#   benches/search.sh                    # 1,000,000 cases over 10 years, SQLite
#   CASES=100000 YEARS=1 benches/search.sh
#   POSTGRES=postgres://postgres@127.0.0.1:5432 benches/search.sh   # PostgreSQL too
#   SQLITE=no POSTGRES=postgres://postgres@127.0.0.1:5432 benches/search.sh   # PostgreSQL only
#
# The dataset is the one benches/kpi.sh uses (the demo generator, release build), kept in
# $BENCH_DIR (default target/bench-data) and built once; then `asbcase search index` makes its
# search documents, timed, once (a marker file says so). Delete the files to build again.
# Talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${CASES:-1000000}"
YEARS="${YEARS:-10}"
BENCH_DIR="${BENCH_DIR:-target/bench-data}"
POSTGRES="${POSTGRES:-}"
SQLITE="${SQLITE:-yes}"
PG_DB="asbcase_bench_${CASES}_${YEARS}"
SQLITE_DB="$(realpath -m "$BENCH_DIR")/kpi-${CASES}-${YEARS}.db"
PG_MARK="$(dirname "$SQLITE_DB")/$PG_DB.done"
mkdir -p "$BENCH_DIR"
if [ "$SQLITE" = no ] && [ -z "$POSTGRES" ]; then
  echo "benches/search.sh: error: SQLITE=no leaves nothing to measure; give POSTGRES too" >&2
  exit 1
fi

cargo build --release -p asbcase --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/asbcase"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "asbcase $($BIN --version | cut -d' ' -f2), $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

timed() { # log-file command...
  local log="$1"
  shift
  /usr/bin/time -f "  took %e s, peak memory %M KiB" "$@" > "$log"
  cat "$log"
}

# A database counts as built (or indexed) only once the step has finished: a marker file
# beside it. A run cut short is done again from scratch.
need_kb=$((CASES * 40)) # about 17 KB a case on SQLite, and its index, with room to spare
free_kb=$(df -Pk "$BENCH_DIR" | awk 'NR==2 {print $4}')
if { [ "$SQLITE" != no ] && [ ! -f "$SQLITE_DB.done" ]; } || { [ -n "$POSTGRES" ] && [ ! -f "$PG_MARK" ]; }; then
  [ "$free_kb" -gt "$need_kb" ] || { echo "benches/search.sh: error: building $CASES cases needs about $((need_kb / 1048576)) GB free; $((free_kb / 1048576)) GB is" >&2; exit 1; }
fi
urls=()
if [ "$SQLITE" != no ]; then
  if [ ! -f "$SQLITE_DB.done" ]; then
    echo "Building $SQLITE_DB ($CASES cases over $YEARS years)..."
    rm -f "$SQLITE_DB" "$SQLITE_DB-wal" "$SQLITE_DB-shm" "$SQLITE_DB.indexed"
    timed "$BENCH_DIR/build.log" "$BIN" demo --database-url "sqlite://$SQLITE_DB" --no-serve --cases "$CASES" --years "$YEARS"
    touch "$SQLITE_DB.done"
  fi
  if [ ! -f "$SQLITE_DB.indexed" ]; then
    echo "Making the search documents of $SQLITE_DB..."
    timed "$BENCH_DIR/index.log" "$BIN" search index --database-url "sqlite://$SQLITE_DB"
    touch "$SQLITE_DB.indexed"
  fi
  echo "SQLite file: $(du -h "$SQLITE_DB" | cut -f1)"
  urls+=(ASBCASE_BENCH_SQLITE_URL="sqlite://$SQLITE_DB")
fi
if [ -n "$POSTGRES" ]; then
  if [ ! -f "$PG_MARK" ]; then
    echo "Building $POSTGRES/$PG_DB ($CASES cases over $YEARS years)..."
    psql "$POSTGRES/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
    rm -f "$PG_MARK.indexed"
    timed "$BENCH_DIR/build-pg.log" "$BIN" demo --database-url "$POSTGRES/$PG_DB" --no-serve --cases "$CASES" --years "$YEARS"
    touch "$PG_MARK"
  fi
  if [ ! -f "$PG_MARK.indexed" ]; then
    echo "Making the search documents of $POSTGRES/$PG_DB..."
    timed "$BENCH_DIR/index-pg.log" "$BIN" search index --database-url "$POSTGRES/$PG_DB"
    touch "$PG_MARK.indexed"
  fi
  echo "PostgreSQL database: $(psql -At "$POSTGRES/$PG_DB" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
  urls+=(ASBCASE_BENCH_POSTGRES_URL="$POSTGRES/$PG_DB")
fi
env "${urls[@]}" cargo bench -p asbcase-store --bench search -- --noplot
