#!/usr/bin/env bash
# Figures for the KPI engine (issue 6), reported in BENCHMARKS.md (they do not pass or fail):
# one organisation's quarter dashboard and the whole partnership's year, on SQLite and on
# PostgreSQL, each beside a hand-written SQL query over the same cases
# (crates/reports/benches/kpi.rs says what each measures).
#
#   benches/kpi.sh                    # 1,000,000 cases over 10 years
#   CASES=100000 YEARS=1 benches/kpi.sh
#   SQLITE=no benches/kpi.sh          # PostgreSQL only
#   POSTGRES=no benches/kpi.sh        # SQLite only
#   FILTER='kept|hand-written|ahead' benches/kpi.sh   # only the figures whose names match
#                                     # (at 1,000,000 cases a first look takes minutes a sample)
#
# The databases are built once with the demo generator (release build) and kept in
# $BENCH_DIR (default target/bench-data) and in the PostgreSQL database asbcase_bench_CASES_YEARS at
# $POSTGRES (default postgres://postgres@127.0.0.1:5432); delete them to build again.
# Talks only to 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${CASES:-1000000}"
YEARS="${YEARS:-10}"
BENCH_DIR="${BENCH_DIR:-target/bench-data}"
POSTGRES="${POSTGRES:-postgres://postgres@127.0.0.1:5432}"
SQLITE="${SQLITE:-yes}"
PG_DB="asbcase_bench_${CASES}_${YEARS}"
SQLITE_DB="$(realpath -m "$BENCH_DIR")/kpi-${CASES}-${YEARS}.db"
PG_MARK="$(dirname "$SQLITE_DB")/$PG_DB.done"
mkdir -p "$BENCH_DIR"
if [ "$SQLITE" = no ] && [ "$POSTGRES" = no ]; then
  echo "benches/kpi.sh: error: SQLITE=no and POSTGRES=no leave nothing to measure" >&2
  exit 1
fi

cargo build --release -p asbcase --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/asbcase"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "asbcase $($BIN --version | cut -d' ' -f2), $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

build() { # url
  /usr/bin/time -f "  built in %e s, peak memory %M KiB" \
    "$BIN" demo --database-url "$1" --no-serve --cases "$CASES" --years "$YEARS" > "$BENCH_DIR/build.log"
  grep -E "cases and" "$BENCH_DIR/build.log"
}

# A database counts as built only once the generator has finished (a marker file beside it):
# a run cut short (a full disk, Ctrl-C) is built again from scratch.
need_kb=$((CASES * 40))  # about 17 KB a case on SQLite and more on PostgreSQL, with room to spare
free_kb=$(df -Pk "$BENCH_DIR" | awk 'NR==2 {print $4}')
want_sqlite() { [ "$SQLITE" != no ]; }
want_postgres() { [ "$POSTGRES" != no ]; }
if { want_sqlite && [ ! -f "$SQLITE_DB.done" ]; } || { want_postgres && [ ! -f "$PG_MARK" ]; }; then
  [ "$free_kb" -gt "$need_kb" ] || { echo "benches/kpi.sh: error: building $CASES cases needs about $((need_kb / 1048576)) GB free; $((free_kb / 1048576)) GB is" >&2; exit 1; }
fi
urls=()
if want_sqlite; then
  if [ ! -f "$SQLITE_DB.done" ]; then
    echo "Building $SQLITE_DB ($CASES cases over $YEARS years)..."
    rm -f "$SQLITE_DB" "$SQLITE_DB-wal" "$SQLITE_DB-shm"
    build "sqlite://$SQLITE_DB"
    touch "$SQLITE_DB.done"
  fi
  echo "SQLite file: $(du -h "$SQLITE_DB" | cut -f1)"
  urls+=(ASBCASE_BENCH_SQLITE_URL="sqlite://$SQLITE_DB")
fi
if want_postgres; then
  if [ ! -f "$PG_MARK" ]; then
    echo "Building $POSTGRES/$PG_DB ($CASES cases over $YEARS years)..."
    psql "$POSTGRES/postgres" -qc "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
    build "$POSTGRES/$PG_DB"
    touch "$PG_MARK"
  fi
  echo "PostgreSQL database: $(psql -At "$POSTGRES/$PG_DB" -c "SELECT pg_size_pretty(pg_database_size(current_database()))")"
  urls+=(ASBCASE_BENCH_POSTGRES_URL="$POSTGRES/$PG_DB")
fi
env "${urls[@]}" cargo bench -p asbcase-reports --bench kpi -- --noplot ${FILTER:+"$FILTER"}
