#!/usr/bin/env bash
# Seeds the fuzz corpora from the sample maps and the test files (run from fuzz/).
# The import target's first byte picks the import mode, so each seed gets a few.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/read_plan corpus/import
for f in ../sample_maps/*.geojson ../tests/valid/*.geojson ../tests/bad/*.geojson; do
  name=$(basename "$(dirname "$f")")_$(basename "$f")
  cp "$f" "corpus/read_plan/$name"
  for mode in 2 4 13; do
    { printf "\\$(printf %03o "$mode")"; cat "$f"; } > "corpus/import/${mode}_$name"
  done
done
# The shp target: selector, .shx and .dbf lengths (u32 LE), .shx, .dbf, then the .shp.
mkdir -p corpus/shp
for f in ../tests/shp/*.shp ../tests/shp/bad/*.shp; do
  base=${f%.shp}
  [ -f "$base.shx" ] && [ -f "$base.dbf" ] || continue
  for mode in 0 4 1 2; do
    python3 -c 'import sys, struct
shp, shx, dbf, mode = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read(), int(sys.argv[4])
sys.stdout.buffer.write(bytes([mode]) + struct.pack("<II", len(shx), len(dbf)) + shx + dbf + shp)' \
      "$f" "$base.shx" "$base.dbf" "$mode" > "corpus/shp/${mode}_$(basename "$base")"
  done
done
echo "read_plan: $(ls corpus/read_plan | wc -l) seeds, import: $(ls corpus/import | wc -l) seeds, shp: $(ls corpus/shp | wc -l) seeds"
