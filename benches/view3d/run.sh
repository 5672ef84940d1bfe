#!/usr/bin/env bash
# The 3D view's frame rate on the busiest district of the realistic city (issue 20:
# "≥ 30 fps on the 100k city's busiest district under software GL"). Builds the release
# binary and the city (benches/common.sh), starts Xvfb with Mesa's llvmpipe when there is
# no display, and runs `strata open CITY --view 3d --bench-frames N`, which frames the
# busiest district (the 1 km square whose strata have the most triangles; the report's
# first line names it) and prints p50 / p90 / p95 / p99 frame times, the GL draw time and
# the triangles drawn. The machine, the build and the load are printed with it.
# Not part of `cargo test` or CI. Usage: benches/view3d/run.sh
# Environment: FRAMES (200), PARCELS (99500), SEED (1), SKIP_BUILD=1, STRATA=binary.
set -euo pipefail
source "$(dirname "$0")/../common.sh"
FRAMES=${FRAMES:-200}
prepare

if [ -z "${DISPLAY:-}" ] && command -v Xvfb >/dev/null; then
    display=97
    while [ -e "/tmp/.X$display-lock" ]; do display=$((display + 1)); done
    Xvfb ":$display" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb_pid=$!
    trap 'kill $xvfb_pid 2>/dev/null || true' EXIT
    sleep 2
    export DISPLAY=":$display"
fi
if [ -z "${DISPLAY:-}" ]; then
    echo "no display and no Xvfb: install xvfb" >&2
    exit 1
fi

build="release"
case "$STRATA" in
*/debug/*) build="debug" ;;
esac
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
speed_before=$(machine_speed)
timed view3d-frames "$STRATA" open "$CITY" --view 3d --bench-frames "$FRAMES"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
speed_after=$(machine_speed)

echo "City: $CITY ($PARCELS parcels, seed $SEED)"
echo "Binary: $STRATA ($build build)"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo)"
echo "Load average (1, 5, 15 min): before $load_before, after $load_after"
echo "Machine speed (SHA-256 of 512 MB, one thread): before $speed_before, after $speed_after"
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
row view3d-frames "strata open --view 3d --bench-frames $FRAMES"
echo
cat "$OUT/view3d-frames.out"
grep -h 'GL\|llvmpipe' "$OUT/view3d-frames.err" | head -5 || true
