#!/usr/bin/env bash
# Times a 5-page agreement: rendered in-process, as a whole `allybook agreement` process, and,
# in the same run, LibreOffice headless converting the same text (.odt) to PDF — what an MSP
# would use otherwise. Needs poppler-utils and LibreOffice (libreoffice-writer-nogui); builds the
# release binary unless ALLYBOOK_BIN is set.
# Usage: tests/bench/agreement.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ -z "${ALLYBOOK_BIN:-}" ]; then
  make -s ui >/dev/null
  cargo build --release --locked -q
fi
bin="${ALLYBOOK_BIN:-target/release/allybook}"
db="$work/book.sqlite"
"$bin" --db "$db" demo >/dev/null
id=$("$bin" --db "$db" contract create --partner "Müller Netzwerktechnik GmbH" --terms tests/bench/agreement-terms.json)
"$bin" --db "$db" agreement "$id" --out "$work/agreement.pdf" >/dev/null
pages=$(pdfinfo "$work/agreement.pdf" | awk '/^Pages:/ {print $2}')
bytes=$(stat -c %s "$work/agreement.pdf")
echo "agreement: $pages pages, $bytes bytes"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"$bin" --db "$db" agreement-bench "$id" --runs 50

: > "$work/proc"
for i in $(seq "$runs"); do
  t=$(now); "$bin" --db "$db" agreement "$id" --out "$work/a$i.pdf" >/dev/null; echo $(( ($(now) - t) / 1000 )) >> "$work/proc"
done

# The same text as an .odt, converted once (untimed); then time .odt → .pdf.
pdftotext -layout "$work/agreement.pdf" "$work/agreement.txt"
soffice --headless --convert-to odt --outdir "$work" "$work/agreement.txt" >/dev/null 2>&1
: > "$work/lo"
for i in $(seq "$runs"); do
  rm -f "$work/agreement.pdf.lo"; mkdir -p "$work/lo-out"
  t=$(now); soffice --headless --convert-to pdf --outdir "$work/lo-out" "$work/agreement.odt" >/dev/null 2>&1; echo $(( ($(now) - t) / 1000 )) >> "$work/lo"
done
# The same agreement with a partner named in Arabic and Thai: shaped with rustybuzz, in
# visual order, with two more faces embedded.
printf 'name,country\nمؤسسة الشبكات المتحدة ไทยเน็ตเวิร์ค,AE\n' > "$work/intl.csv"
"$bin" --db "$db" import prospects "$work/intl.csv" >/dev/null
intl=$("$bin" --db "$db" contract create --partner "مؤسسة الشبكات المتحدة ไทยเน็ตเวิร์ค" --terms tests/bench/agreement-terms.json)
"$bin" --db "$db" agreement "$intl" --out "$work/intl.pdf" >/dev/null
echo "complex-script agreement: $(stat -c %s "$work/intl.pdf") bytes"
: > "$work/intl"
for i in $(seq "$runs"); do
  t=$(now); "$bin" --db "$db" agreement "$intl" --out "$work/i$i.pdf" >/dev/null; echo $(( ($(now) - t) / 1000 )) >> "$work/intl"
done

proc=$(median < "$work/proc"); lo=$(median < "$work/lo"); intl=$(median < "$work/intl")
echo "allybook agreement, Arabic and Thai partner (process): median $(awk -v u="$intl" 'BEGIN{printf "%.1f", u/1000}') ms  [$(awk '{printf "%.1f ", $1/1000}' "$work/intl")]"
echo "allybook agreement (process): median $(awk -v u="$proc" 'BEGIN{printf "%.1f", u/1000}') ms  [$(awk '{printf "%.1f ", $1/1000}' "$work/proc")]"
echo "LibreOffice .odt -> .pdf:     median $(awk -v u="$lo" 'BEGIN{printf "%.1f", u/1000}') ms  [$(awk '{printf "%.1f ", $1/1000}' "$work/lo")]"
awk -v a="$lo" -v b="$proc" 'BEGIN { printf "LibreOffice / allybook process: %.0fx\n", a / b }'
