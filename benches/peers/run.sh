#!/usr/bin/env bash
# Strata next to the Python tools a planner would otherwise use (issue 17): geopandas
# (pyogrio engine), shapely and pandana, installed here in a local virtual environment
# (target/peers-venv), run on the same realistic city as Strata, in the same run. Every
# figure is a whole process, start to exit. Not part of `cargo test` or CI.
# Usage: benches/peers/run.sh  (PARCELS=2000 for a quick try; see benches/common.sh).
set -euo pipefail
source "$(dirname "$0")/../common.sh"
VENV=${VENV:-$ROOT/target/peers-venv}
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import geopandas, pyogrio, pandana, shapely' 2>/dev/null; then
    "$VENV/bin/pip" install --quiet geopandas pyogrio pandana shapely
fi
prepare
PY="$VENV/bin/python $ROOT/benches/peers/peers.py"

timed peer-strata-info "$STRATA" info "$CITY"
timed peer-read $PY read "$CITY"
timed peer-strata-analyze "$STRATA" analyze "$CITY" --format json
timed peer-nearest $PY nearest "$CITY"
timed peer-strata-network "$STRATA" analyze "$CITY" --metric network --format json
timed peer-network $PY network "$CITY"

ratio() { awk -v p="$(seconds "$1")" -v s="$(seconds "$2")" 'BEGIN { printf "%.1f×", p / s }'; }
cpu_ratio() { awk -v p="$(cpu_of "$1")" -v s="$(cpu_of "$2")" 'BEGIN { printf "%.1f×", p / s }'; }
line() {
    printf '| %-31s | %7s s | %7s s | %5s MB | %-34s | %7s s | %7s s | %5s MB | %6s | %6s |\n' \
        "$1" "$(seconds "$2")" "$(cpu_of "$2")" "$(peak_mb "$2")" "$3" "$(seconds "$4")" \
        "$(cpu_of "$4")" "$(peak_mb "$4")" "$(ratio "$4" "$2")" "$(cpu_ratio "$4" "$2")"
}
versions=$("$VENV/bin/python" - <<'PY'
import geopandas, pandana, pyogrio, shapely
gdal = getattr(pyogrio, "__gdal_version_string__", "?")
print(f"geopandas {geopandas.__version__}, pyogrio {pyogrio.__version__} (GDAL {gdal}), "
      f"pandana {pandana.__version__}, shapely {shapely.__version__}")
PY
)
echo
echo "Realistic city: $CITY, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Peers: $versions"
echo
echo "| Strata | wall | CPU | peak | peer | wall | CPU | peak | wall ratio | CPU ratio |"
echo "|---|---|---|---|---|---|---|---|---|---|"
line "strata info" peer-strata-info "geopandas.read_file" peer-read
line "strata analyze --format json" peer-strata-analyze "read + sjoin_nearest per category" peer-nearest
line "strata analyze --metric network" peer-strata-network "read + pandana nearest_pois" peer-network
echo
echo "Peer outputs:"
cat "$OUT/peer-read.out" "$OUT/peer-nearest.out" "$OUT/peer-network.out"
for job in read nearest network; do
    if [ "$(exit_of peer-$job)" != 0 ]; then
        echo "peer $job failed:" >&2
        tail -5 "$OUT/peer-$job.err" >&2
    fi
done
