# Shared by benches/e2e/run.sh and benches/peers/run.sh (sourced, not run): builds the
# release binary once, writes the realistic benchmark city once (cached by size and
# seed), and times commands from process start to exit with their peak memory.
#
# Environment: PARCELS (default 99500), SEED (1), DATA (target/bench-data),
# SKIP_BUILD=1 to use the release binary as it is.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PARCELS=${PARCELS:-99500}
SEED=${SEED:-1}
DATA=${DATA:-$ROOT/target/bench-data}
CITY=$DATA/realistic_city_${PARCELS}_${SEED}.geojson
OUT=$DATA/out
STRATA=${STRATA:-$ROOT/target/release/strata}
mkdir -p "$OUT"

prepare() {
    if [ -z "${SKIP_BUILD:-}" ]; then
        (cd "$ROOT" && cargo build -j 1 --release --bin strata --example realistic_city)
    fi
    if [ ! -s "$CITY" ]; then
        echo "writing $CITY" >&2
        "$ROOT/target/release/examples/realistic_city" "$PARCELS" "$CITY.tmp" "$SEED" >&2
        mv "$CITY.tmp" "$CITY"
    fi
}

# timed NAME COMMAND...: runs COMMAND (stdout to $OUT/NAME.out, stderr to $OUT/NAME.err)
# under /usr/bin/time -v and writes "SECONDS PEAK_MB EXIT" to $OUT/NAME.time.
timed() {
    local name=$1
    shift
    local status=0
    /usr/bin/time -v -o "$OUT/$name.timev" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || status=$?
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/$name.timev")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/$name.timev")
    cpu=$(awk -F': ' '/User time|System time/ {c += $2} END {print c}' "$OUT/$name.timev")
    awk -v w="$wall" -v r="$rss" -v s="$status" -v c="$cpu" 'BEGIN {
        n = split(w, p, ":"); t = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2];
        printf "%.2f %d %d %.2f\n", t, r / 1024, s, c }' >"$OUT/$name.time"
}

# seconds NAME / peak_mb NAME / exit_of NAME: the figures timed wrote.
seconds() { awk '{print $1}' "$OUT/$1.time"; }
peak_mb() { awk '{print $2}' "$OUT/$1.time"; }
exit_of() { awk '{print $3}' "$OUT/$1.time"; }
# CPU seconds (user + system): on a machine shared with other work, the figure that
# depends least on the load.
cpu_of() { awk '{print $4}' "$OUT/$1.time"; }

# row NAME LABEL: one table row "| LABEL | s | CPU s | MB | exit |".
row() {
    printf '| %-52s | %8s | %8s | %8s | %4s |\n' "$2" "$(seconds "$1")" "$(cpu_of "$1")" \
        "$(peak_mb "$1")" "$(exit_of "$1")"
}

# machine_speed: seconds a fixed single-thread job takes (SHA-256 of 512 MB of zeros).
# This VM's speed drifts by 1.5x over minutes (steal time, its neighbours): frame times
# are only comparable between runs whose figure here is alike.
machine_speed() {
    local started ended
    started=$(date +%s.%N)
    head -c 512M /dev/zero | sha256sum >/dev/null
    ended=$(date +%s.%N)
    awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.2f s", b - a }'
}
