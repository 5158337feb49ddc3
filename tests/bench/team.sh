#!/usr/bin/env bash
# Team books (issue 16), timed through the release binary and a relay on loopback:
# - receive: a new laptop joins a team book of the sample data plus ROWS prospects
#   (`team join`, the whole book received and written into its SQLite book);
# - create: the owner makes that book a team book (`team create`: every record written into the
#   documents and sent to the relay);
# - edit: one edit on one laptop until the other laptop has it (`sync --once` on each: two
#   processes, each connecting to the relay);
# - import: the same ROWS-row import into a team book against a single-user book (the outbox
#   triggers' cost), alternating, medians of RUNS; and the first sync after it (the documents'
#   cost, which the import itself no longer pays);
# - size: the book file and its documents folder (`BOOK.team/`) against the book before.
# Usage: tests/bench/team.sh [ROWS] [RUNS]   (ALLYBOOK_BIN=path skips the build)
set -euo pipefail
cd "$(dirname "$0")/../.."
rows="${1:-10000}"; runs="${2:-3}"
work="$(mktemp -d)"
relay_pid=""
trap '[ -n "$relay_pid" ] && kill "$relay_pid" 2>/dev/null; rm -rf "$work"' EXIT
if [ -z "${ALLYBOOK_BIN:-}" ]; then cargo build --release --locked -q --bin allybook; fi
bin="${ALLYBOOK_BIN:-target/release/allybook}"
python3 tests/bench/gen_hubspot.py "$rows" > "$work/firms.csv"
now() { date +%s%N; }
ms() { echo $(( ($(now) - $1) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
size() { du -sk "$@" | awk '{s+=$1} END {print s}'; }

"$bin" relay --listen 127.0.0.1:0 --data "$work/relay" > "$work/relay.out" &
relay_pid=$!
for _ in $(seq 50); do grep -q listening "$work/relay.out" && break; sleep 0.1; done
url=$(sed -n 's/^relay listening on //p' "$work/relay.out")

"$bin" --db "$work/owner.sqlite" demo > /dev/null
"$bin" --db "$work/owner.sqlite" import prospects "$work/firms.csv" > /dev/null
before=$(size "$work/owner.sqlite")
t=$(now)
"$bin" --db "$work/owner.sqlite" team create --relay "$url" --member "Anna Weber" --invite-file "$work/invite" > /dev/null
create=$(ms "$t")
after=$(size "$work/owner.sqlite"); docs=$(size "$work/owner.sqlite.team")

: > "$work/join"
for i in $(seq "$runs"); do
  rm -rf "$work"/member*
  t=$(now)
  "$bin" --db "$work/member.sqlite" team join "@$work/invite" --member "Ben Okafor" > /dev/null
  ms "$t" >> "$work/join"
done
people=$("$bin" --db "$work/member.sqlite" check --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["prospects"])')

: > "$work/edit"
name=$("$bin" --db "$work/owner.sqlite" prospects --json --limit 1 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["name"])')
for i in $(seq "$runs"); do
  "$bin" --db "$work/owner.sqlite" move "$name" paused --reason "round $i" > /dev/null
  t=$(now)
  "$bin" --db "$work/owner.sqlite" sync --once > /dev/null
  "$bin" --db "$work/member.sqlite" sync --once > /dev/null
  ms "$t" >> "$work/edit"
  "$bin" --db "$work/member.sqlite" prospects --json --limit 1000000 \
    | python3 -c "import json,sys; assert any(p['name']=='''$name''' and p['stage']=='paused' for p in json.load(sys.stdin))"
  "$bin" --db "$work/owner.sqlite" move "$name" short_list > /dev/null
done

# The import into a team book against a single-user book, alternating.
# Other firms: new record ids, names and domains (none merges with the first import).
python3 tests/bench/gen_hubspot.py "$rows" | sed '2,$ s/^\([0-9]*\),/9\1,Zweite /; s/\.example/-b.example/g' > "$work/more.csv"
: > "$work/single"; : > "$work/teamimp"; : > "$work/flush"
for i in $(seq "$runs"); do
  rm -f "$work"/single.sqlite*; cp "$work/owner.sqlite" "$work/single-src.sqlite"
  "$bin" --db "$work/single-src.sqlite" team leave > /dev/null
  cp "$work/single-src.sqlite" "$work/single.sqlite"; rm -f "$work"/single-src.sqlite*
  t=$(now); "$bin" --db "$work/single.sqlite" import prospects "$work/more.csv" > /dev/null; ms "$t" >> "$work/single"
  rm -rf "$work"/teamb.sqlite*
  "$bin" --db "$work/teamb.sqlite" team join "@$work/invite" --member "Chiara Rossi" > /dev/null
  t=$(now); "$bin" --db "$work/teamb.sqlite" import prospects "$work/more.csv" > /dev/null; ms "$t" >> "$work/teamimp"
  t=$(now); "$bin" --db "$work/teamb.sqlite" sync --once > /dev/null; ms "$t" >> "$work/flush"
done

echo "rows: $rows (+ the sample book), runs: $runs; prospects on the joined laptop: $people"
echo "team create (write every record, send):   ${create} ms"
echo "team join (receive the whole book):       median $(median < "$work/join") ms  [$(tr '\n' ' ' < "$work/join")]"
echo "one edit, owner sync + member sync:       median $(median < "$work/edit") ms  [$(tr '\n' ' ' < "$work/edit")]"
s=$(median < "$work/single"); m=$(median < "$work/teamimp")
echo "import $rows into a single-user book:     median ${s} ms  [$(tr '\n' ' ' < "$work/single")]"
echo "import $rows into a team book:            median ${m} ms  [$(tr '\n' ' ' < "$work/teamimp")]"
awk -v a="$m" -v b="$s" 'BEGIN { printf "ratio: %.2fx the single-user import\n", a / b }'
echo "first sync after that import:             median $(median < "$work/flush") ms  [$(tr '\n' ' ' < "$work/flush")]"
echo "book before: ${before} KiB; after team create: book ${after} KiB + documents ${docs} KiB"
awk -v a="$after" -v d="$docs" -v b="$before" 'BEGIN { printf "growth: %.2fx (book and documents against the book before)\n", (a + d) / b }'
