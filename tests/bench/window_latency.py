#!/usr/bin/env python3
"""How long an edit in one window takes to reach the other window's book (issue 16: <= 1 s).

Reads the logs of runs of the e2e scenario `team::two_windows_on_one_team_book_meet_through_the_relay`
kept with E2E_LOG_DIR, one folder per run:

    make build
    for i in 1 2 3; do
      mkdir -p /tmp/latency/run-$i
      E2E_LOG_DIR=/tmp/latency/run-$i E2E_RUST_LOG=info,allybook=debug,allybook_sync=debug \
      WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
        xvfb-run -a -s "-screen 0 1920x1080x24" cargo test -p allybook-e2e --test scenarios \
        -- --nocapture two_windows
    done
    python3 tests/bench/window_latency.py /tmp/latency

For each run: from `save_opportunity` answered in Ben's window to his round that sent it, and to
the round in Anna's window that wrote it into her book (the apps' own timestamps, so no polling
process is in the way).
"""

import datetime
import glob
import os
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def stamp(line):
    return datetime.datetime.strptime(line[:26], "%Y-%m-%dT%H:%M:%S.%f")


def lines(path):
    with open(path, errors="replace") as f:
        stripped = (ANSI.sub("", l) for l in f)
        return [l for l in stripped if l[:4].isdigit()]


def run(folder):
    logs = {p: lines(p) for p in glob.glob(os.path.join(folder, "app-*.log"))}
    saver, saved = None, None
    for path, ls in logs.items():
        for l in ls:
            if 'command="save_opportunity"' in l:
                saver, saved = path, stamp(l)
    if saver is None or len(logs) != 2:
        return None
    other = next(p for p in logs if p != saver)

    def first(path, pattern):
        for l in logs[path]:
            if "round exchanged" in l and stamp(l) >= saved and re.search(pattern, l):
                return int((stamp(l) - saved).total_seconds() * 1000)
        return None

    return first(saver, r"sent=[1-9]"), first(other, r"received=[1-9]")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    folders = sorted(
        (f for f in glob.glob(os.path.join(sys.argv[1], "*")) if os.path.isdir(f)),
        key=lambda f: [int(n) if n.isdigit() else n for n in re.split(r"(\d+)", f)],
    )
    got = []
    for f in folders:
        r = run(f)
        if r is None:
            print(f"{os.path.basename(f)}: no save in two app logs (the run failed?)")
            continue
        sent, received = r
        print(f"{os.path.basename(f)}: sent {sent} ms, in the other book {received} ms after the save")
        if received is not None:
            got.append(received)
    if got:
        got.sort()
        print(f"{len(got)} runs: {got[0]}-{got[-1]} ms, median {got[len(got) // 2]} ms")


if __name__ == "__main__":
    main()
