#!/usr/bin/env bash
# Start time and memory of the installed window against an empty Tauri 2 app built the same way
# (release profile; tests/bench/empty-app: one window, one static page):
#  - mapped: launch → the window is mapped;
#  - painted: launch → the first page is painted (the sidebar's brand mark, which Allybook draws
#    once it has read the book; the empty app draws the same mark at the same place);
#  - shown (Allybook only): launch → the book's page is shown (Home's highlighted step in the
#    sidebar, drawn once the overview has been read);
#  - PSS of the app and its WebKit processes 3 s after launch.
# Allybook runs as installed (the .deb unpacked into a throwaway root) on the sample book and on
# the sample book with 10,000 more prospects. Same X server (Xvfb, 1280×800×24), same run,
# alternating, a discarded warm-up of each, medians of RUNS.
# Usage: tests/bench/window.sh [RUNS]    (SKIP_BUILD=1 uses the newest package and build)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
if [ -z "${SKIP_BUILD:-}" ]; then
  make -s package >/dev/null
  cargo build --release --locked -q -p allybook-bench-empty-app
fi
deb="$(ls -t target/release/bundle/deb/*.deb | head -1)"
dpkg-deb -x "$deb" "$work/root"
app="$work/root/usr/bin/allybook"
empty="target/release/allybook-bench-empty-app"
"$app" --db "$work/sample.sqlite" demo >/dev/null
"$app" --db "$work/big.sqlite" demo >/dev/null
python3 tests/bench/gen_hubspot.py 10000 > "$work/10k.csv"
"$app" --db "$work/big.sqlite" import prospects "$work/10k.csv" >/dev/null

export WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -e
  work=$1 app=$2 empty=$3 runs=$4
  measure() { # NAME COMMAND...
    local name=$1 then=""; shift
    [ "$name" = empty ] || then="150 75 e7f0fe"
    XDG_CONFIG_HOME="$work/config-$name" python3 tests/bench/window.py 22 30 1f6feb 3 $then -- "$@"
  }
  for i in $(seq 0 "$runs"); do
    for variant in empty sample big; do
      case $variant in
        empty) out=$(measure empty "$empty") ;;
        sample) out=$(measure sample "$app" --db "$work/sample.sqlite") ;;
        big) out=$(measure big "$app" --db "$work/big.sqlite") ;;
      esac
      [ "$i" -gt 0 ] && echo "$variant $out" >> "$work/results"
      sleep 0.5
    done
  done
' _ "$work" "$app" "$empty" "$runs"

python3 - "$work/results" <<'PY'
import json, statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, data = line.split(" ", 1)
    rows.setdefault(name, []).append(json.loads(data))
def med(name, key):
    values = [r[key] for r in rows[name] if r.get(key) is not None]
    return statistics.median(values) if values else float("nan")
base = {k: med("empty", k) for k in ("mapped_ms", "painted_ms", "pss_kib")}
print(f"{'':<28}{'mapped ms':>10}{'painted ms':>12}{'shown ms':>10}{'PSS MiB':>10}{'painted ×':>11}{'shown ×':>9}{'PSS ×':>8}")
for name, label in (("empty", "empty Tauri 2 app"), ("sample", "Allybook, sample book"), ("big", "Allybook, +10,000 prospects")):
    m, p, sh, s = (med(name, k) for k in ("mapped_ms", "painted_ms", "shown_ms", "pss_kib"))
    print(f"{label:<28}{m:>10.0f}{p:>12.0f}{sh:>10.0f}{s/1024:>10.1f}{p/base['painted_ms']:>11.2f}{sh/base['painted_ms']:>9.2f}{s/base['pss_kib']:>8.2f}")
missing = sum(1 for rs in rows.values() for r in rs if r["painted_ms"] is None)
if missing:
    print(f"({missing} runs never showed the page's mark within 60 s)")
PY
