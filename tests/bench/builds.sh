#!/usr/bin/env bash
# Compares builds of the executable on what their optimisation settings change: size, the first
# import of a 100,000-row export (until its report), a 5-page agreement and the same agreement
# for a partner named in Arabic and Thai (whole processes). Alternating, medians of RUNS, one run:
# compare the ratios to the first build, not figures across runs.
# Usage: tests/bench/builds.sh RUNS BIN...   (e.g. target/release/allybook target/sizes/allybook)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="$1"; shift
[ $# -ge 2 ] || { echo "usage: $0 RUNS BIN BIN..." >&2; exit 2; }
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
python3 tests/bench/gen_hubspot.py 100000 > "$work/hubspot.csv"
printf 'name,country\nمؤسسة الشبكات المتحدة ไทยเน็ตเวิร์ค,AE\n' > "$work/intl.csv"
now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

n=0
for bin in "$@"; do
  n=$((n + 1))
  db="$work/pdf$n.sqlite"
  "$bin" --db "$db" demo >/dev/null
  "$bin" --db "$db" contract create --partner "Müller Netzwerktechnik GmbH" --terms tests/bench/agreement-terms.json > "$work/id$n"
  "$bin" --db "$db" import prospects "$work/intl.csv" >/dev/null
  "$bin" --db "$db" contract create --partner "مؤسسة الشبكات المتحدة ไทยเน็ตเวิร์ค" --terms tests/bench/agreement-terms.json > "$work/intl$n"
  : > "$work/import$n"; : > "$work/pdf$n"; : > "$work/intlpdf$n"
done
for i in $(seq "$runs"); do
  n=0
  for bin in "$@"; do
    n=$((n + 1))
    rm -f "$work"/book.sqlite*
    t=$(now)
    "$bin" --db "$work/book.sqlite" import prospects "$work/hubspot.csv" --json \
      | { read -r _; echo $(( ($(now) - t) / 1000000 )) >> "$work/import$n"; cat >/dev/null; }
    t=$(now); "$bin" --db "$work/pdf$n.sqlite" agreement "$(cat "$work/id$n")" --out "$work/a.pdf" >/dev/null
    echo $(( ($(now) - t) / 1000 )) >> "$work/pdf$n"
    t=$(now); "$bin" --db "$work/pdf$n.sqlite" agreement "$(cat "$work/intl$n")" --out "$work/i.pdf" >/dev/null
    echo $(( ($(now) - t) / 1000 )) >> "$work/intlpdf$n"
  done
done
echo "runs: $runs (medians; ratio to the first build)"
n=0
for bin in "$@"; do
  n=$((n + 1))
  imp=$(median < "$work/import$n"); pdf=$(median < "$work/pdf$n"); intl=$(median < "$work/intlpdf$n")
  [ "$n" -eq 1 ] && { imp1=$imp; pdf1=$pdf; intl1=$intl; }
  printf '%s: %s KiB | import %s ms (%.2fx) | agreement %.1f ms (%.2fx) | Arabic/Thai agreement %.1f ms (%.2fx)\n' \
    "$bin" "$(( $(stat -c %s "$bin") / 1024 ))" \
    "$imp" "$(awk -v a="$imp" -v b="$imp1" 'BEGIN{print a/b}')" \
    "$(awk -v u="$pdf" 'BEGIN{print u/1000}')" "$(awk -v a="$pdf" -v b="$pdf1" 'BEGIN{print a/b}')" \
    "$(awk -v u="$intl" 'BEGIN{print u/1000}')" "$(awk -v a="$intl" -v b="$intl1" 'BEGIN{print a/b}')"
  echo "  import [$(tr '\n' ' ' < "$work/import$n")] agreement µs [$(tr '\n' ' ' < "$work/pdf$n")]"
done
