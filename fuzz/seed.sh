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
echo "read_plan: $(ls corpus/read_plan | wc -l) seeds, import: $(ls corpus/import | wc -l) seeds"
