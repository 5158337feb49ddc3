#!/usr/bin/env bash
# Times `allybook import prospects` of a 100k-row HubSpot-style CSV against the floor:
# sqlite3's .import of the same file into a bare table; and the re-import of the same file into
# the book it just made (every row known: merges, the weekly refresh) against that first import.
# A peer tool doing the same job without validation, `sqlite-utils insert --csv` then
# `enable-fts` (pip install sqlite-utils), is timed too when it is installed.
# A large import commits its rows and then indexes them for search (the window in the
# background, the command line before it prints its report): "import" is the time from the
# process's start until its rows commit (the `import: committed` line of its debug log), what a
# user of the window waits for; "total" until the process ends, the index complete.
# Last, the insert into `prospect` alone (no file, no checks), for the lower bound it sets.
# Same machine, same run, alternating, medians of RUNS each. Needs python3 and sqlite3; builds the release binary.
# Usage: tests/bench/import.sh [ROWS] [RUNS]   (ALLYBOOK_BIN=path skips the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-100000}"; runs="${2:-5}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ -z "${ALLYBOOK_BIN:-}" ]; then
  make -s ui >/dev/null
  cargo build --release --locked -q
  cargo build --release --locked -q -p allybook-core --example import_write_floor
fi
write_floor=target/release/examples/import_write_floor
bin="${ALLYBOOK_BIN:-target/release/allybook}"
python3 tests/bench/gen_hubspot.py "$rows" > "$work/hubspot.csv"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
: > "$work/floor"; : > "$work/ours"; : > "$work/total"; : > "$work/again"; : > "$work/peer"
peer=$(command -v sqlite-utils || true)
for i in $(seq "$runs"); do
  rm -f "$work"/floor.db*
  t=$(now); sqlite3 "$work/floor.db" ".import --csv $work/hubspot.csv t"; echo $(( ($(now) - t) / 1000000 )) >> "$work/floor"
  if [ -n "$peer" ]; then
    rm -f "$work"/peer.db*
    t=$(now)
    "$peer" insert "$work/peer.db" t "$work/hubspot.csv" --csv >/dev/null
    "$peer" enable-fts "$work/peer.db" t "Company name" Description --create-triggers >/dev/null
    echo $(( ($(now) - t) / 1000000 )) >> "$work/peer"
  fi
  rm -f "$work"/book.sqlite*
  t=$(now)
  RUST_LOG=allybook_core::ops::import=debug \
    "$bin" --db "$work/book.sqlite" import prospects "$work/hubspot.csv" --json >/dev/null 2>"$work/log"
  end=$(now)
  committed=$(sed 's/\x1b\[[0-9;]*m//g' "$work/log" | awk '/import: committed/ { print $1; exit }')
  echo $(( ($(date -d "$committed" +%s%N) - t) / 1000000 )) >> "$work/ours"
  echo $(( (end - t) / 1000000 )) >> "$work/total"
  t=$(now); "$bin" --db "$work/book.sqlite" import prospects "$work/hubspot.csv" >/dev/null; echo $(( ($(now) - t) / 1000000 )) >> "$work/again"
done
floor=$(median < "$work/floor"); ours=$(median < "$work/ours"); total=$(median < "$work/total"); again=$(median < "$work/again")
echo "rows: $rows, runs: $runs"
echo "sqlite3 .import (floor): median ${floor} ms  [$(tr '\n' ' ' < "$work/floor")]"
echo "allybook import:         median ${ours} ms  [$(tr '\n' ' ' < "$work/ours")]  (process start to rows committed)"
echo "allybook import, total:  median ${total} ms  [$(tr '\n' ' ' < "$work/total")]  (search indexed, report printed, process ended)"
echo "allybook re-import:      median ${again} ms  [$(tr '\n' ' ' < "$work/again")]"
if [ -n "$peer" ]; then
  p=$(median < "$work/peer")
  echo "sqlite-utils insert + enable-fts: median ${p} ms  [$(tr '\n' ' ' < "$work/peer")]"
  awk -v a="$ours" -v b="$p" 'BEGIN { printf "ratio: %.2fx sqlite-utils\n", a / b }'
else
  echo "sqlite-utils: not installed (pip install sqlite-utils), not compared"
fi
awk -v a="$ours" -v b="$floor" 'BEGIN { printf "ratio: %.1fx the floor\n", a / b }'
awk -v a="$total" -v b="$floor" 'BEGIN { printf "ratio, total: %.1fx the floor\n", a / b }'
awk -v a="$again" -v b="$ours" 'BEGIN { printf "re-import: %.2fx the first import\n", a / b }'
# The write no import can skip, alone (src-tauri/core/examples/import_write_floor.rs): the rows
# this run's import made, inserted again from memory into `prospect` with its triggers and indexes.
if [ -x "$write_floor" ]; then
  "$write_floor" "$work/book.sqlite" "$runs" | tee "$work/write"
  w=$(sed -n 's/^as the import does it: \([0-9]*\) ms.*/\1/p' "$work/write")
  awk -v a="$w" -v b="$floor" 'BEGIN { printf "ratio: the insert alone is %.1fx the floor\n", a / b }'
fi
