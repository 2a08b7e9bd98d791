#!/usr/bin/env bash
# The import's figure for BENCHMARKS.md (it does not pass or fail): time for
# `asbcase import cases` to check and import a cases file of N rows (default 100,000; the
# issue's target is under a minute), into a fresh database, release build. Each row is a case
# with a complainant and a first contact, 70% of them closed; with CONTACTS=1 a contacts file
# of three contacts a case comes too.
#
#   benches/import.sh                                   # SQLite, 100,000 cases
#   CASES=20000 benches/import.sh
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/asbcase_bench benches/import.sh   # an empty database
set -euo pipefail
cd "$(dirname "$0")/.."
CASES="${CASES:-100000}"
cargo build --release -p asbcase --quiet
BIN="${CARGO_TARGET_DIR:-target}/release/asbcase"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
URL="${DATABASE_URL:-sqlite://$WORK/import.db}"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "asbcase $($BIN --version | cut -d' ' -f2), $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "database: ${URL%%://*}, $CASES cases"

# Cases reported across 2023–2025, each opened the next day and contacted the day after;
# seven in ten closed a month later.
awk -v n="$CASES" 'BEGIN {
  print "reference,reported_on,description,categories,risk,address,postcode,status,opened_on,first_contact_on,closed_on,outcome,complainant_name,complainant_phone";
  split("noise;harassment;litter;vehicles;drugs", cats, ";");
  split("standard;standard;medium;high", risks, ";");
  for (i = 1; i <= n; i++) {
    d = 1 + (i % 26); m = 1 + (int(i / 26) % 11); y = 2023 + (i % 3);
    closed = (i % 10 < 7);
    printf "IMP-%d,%02d/%02d/%d 10:00,Reported problem %d,%s,%s,%d Bench Street,AV1 4QT,%s,%02d/%02d/%d,%02d/%02d/%d,%s,%s,Resident %d,07700 9%05d\n",
      i, d, m, y, i, cats[1 + i % 5], risks[1 + i % 4], i, (closed ? "closed" : "open"),
      d + 1, m, y, d + 2, m, y, (closed ? sprintf("%02d/%02d/%d", d, m + 1, y) : ""), (closed ? "resolved" : ""), i, i % 100000;
  }
}' > "$WORK/cases.csv"
EXTRA=()
if [ "${CONTACTS:-0}" = 1 ]; then
  awk -v n="$CASES" 'BEGIN {
    print "case_reference,contacted_on,with,method,outcome,summary";
    for (i = 1; i <= n; i++) {
      d = 1 + (i % 26); m = 1 + (int(i / 26) % 11); y = 2023 + (i % 3);
      for (k = 0; k < 3; k++) printf "IMP-%d,%02d/%02d/%d 1%d:00,complainant,phone,successful,Call %d\n", i, d + 1, m, y, k, k;
    }
  }' > "$WORK/contacts.csv"
  EXTRA=(--contacts "$WORK/contacts.csv")
fi
echo "file: $(du -h "$WORK/cases.csv" | cut -f1)"

$BIN organisation add --database-url "$URL" --partnership "Bench CSP" --name "Bench Council" --kind council > /dev/null
start=$(date +%s.%N)
$BIN import cases "$WORK/cases.csv" "${EXTRA[@]}" --org "Bench Council" --database-url "$URL" --dry-run > /dev/null
checked=$(date +%s.%N)
$BIN import cases "$WORK/cases.csv" "${EXTRA[@]}" --org "Bench Council" --database-url "$URL" > "$WORK/out"
end=$(date +%s.%N)
tail -1 "$WORK/out"
printf 'dry run (check every row): %.1f s\nimport (check again, then write): %.1f s\n' \
  "$(echo "$checked - $start" | bc)" "$(echo "$end - $checked" | bc)"
