#!/usr/bin/env bash
# End-to-end benchmark of the strata binary on the realistic city (issue 17): every
# figure is a whole process, start to exit, as a user runs it, with its peak memory.
# Not part of `cargo test` or CI. Usage: benches/e2e/run.sh  (PARCELS=2000 for a quick
# try; see benches/common.sh for the other variables). Per-stage times of each command
# (STRATA_TIMINGS=1) are kept in target/bench-data/out/e2e-*.err and those of analyze
# printed after the table.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
prepare
export STRATA_TIMINGS=1
size_mb=$(awk -v b="$(stat -c %s "$CITY")" 'BEGIN { printf "%.0f", b / 1e6 }')

timed e2e-info "$STRATA" info "$CITY"
timed e2e-check "$STRATA" check "$CITY"
timed e2e-analyze "$STRATA" analyze "$CITY" --format json
timed e2e-analyze-network "$STRATA" analyze "$CITY" --metric network --format json
timed e2e-render "$STRATA" render "$CITY" --out "$OUT/e2e-city.png"
timed e2e-export-flat "$STRATA" export "$CITY" --flat --out "$OUT/e2e-flat.geojson"

# The editor: under Xvfb (started here when there is no display) with software GL.
frames=""
if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
    display=97
    while [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
    Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
    sleep 2
    export DISPLAY=":$display"
fi
if [ -n "${DISPLAY:-}" ]; then
    timed e2e-open "$STRATA" open "$CITY" --bench-frames 200
    frames=yes
fi

echo
echo "Realistic city: $CITY ($size_mb MB), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
printf '| %-52s | %8s | %8s | %8s | %4s |\n' "command (whole process)" "seconds" "CPU s" "peak MB" "exit"
echo "|---|---|---|---|---|"
row e2e-info "strata info"
row e2e-check "strata check"
row e2e-analyze "strata analyze --format json (stdout to a file)"
row e2e-analyze-network "strata analyze --metric network --format json"
row e2e-render "strata render --out city.png"
row e2e-export-flat "strata export --flat"
if [ -n "$frames" ]; then
    row e2e-open "strata open --bench-frames 200 (open + 200 frames)"
    echo
    echo "Frames (strata open --bench-frames 200):"
    grep -hE 'frames [0-9]+:' "$OUT/e2e-open.out" "$OUT/e2e-open.err" || true
    grep -h 'timings:' "$OUT/e2e-open.err" | head -20 || true
fi
echo
echo "Stages of strata analyze --format json (STRATA_TIMINGS=1):"
grep -h 'timings:' "$OUT/e2e-analyze.err"
echo
echo "Stages of strata analyze --metric network --format json:"
grep -h 'timings:' "$OUT/e2e-analyze-network.err"
