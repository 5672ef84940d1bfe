#!/usr/bin/env python3
"""Reads a Strata Shapefile export with pyshp (an independent reader) and compares it
with tests/shp/expected.json: field names and types, record count, names byte for byte
(the .dbf bytes are UTF-8 of the expected names), use codes, and rings within 1 mm.

    check_shp_export.py OUT_parcels.shp expected.json

Exit 0 when it matches, 1 with the differences on stderr, 3 when pyshp is missing.
"""

import json
import warnings
import sys

try:
    import shapefile
except ImportError:
    print("pyshp is not installed (pip install pyshp)", file=sys.stderr)
    sys.exit(3)


def ring_matches(got, want, tol=0.001):
    """Same vertices within tol (a ring may start elsewhere or run the other way)."""
    got, want = got[:-1], want[:-1]
    if len(got) != len(want):
        return False
    return all(any(abs(g[0] - w[0]) <= tol and abs(g[1] - w[1]) <= tol for g in got) for w in want)


def ground_areas(records):
    """area_m2 against the geodesic area of the rings (pyproj, when installed): Strata's
    areas are ground areas, a little smaller than the Gauss-Kruger grid's."""
    try:
        from pyproj import Geod, Transformer
    except ImportError:
        print("pyproj is not installed: ground areas not checked", file=sys.stderr)
        return []
    to_lonlat = Transformer.from_crs("EPSG:4548", "EPSG:4490", always_xy=True)
    geod = Geod(ellps="GRS80")
    problems = []
    for sr in records:
        parts = list(sr.shape.parts) + [len(sr.shape.points)]
        total = 0.0
        for a, b in zip(parts, parts[1:]):
            lon, lat = to_lonlat.transform(*zip(*sr.shape.points[a:b]))
            area, _ = geod.polygon_area_perimeter(lon, lat)
            total += -area  # clockwise outer rings give negative areas
        got = sr.record.as_dict()["area_m2"]
        if abs(got - total) > 0.02:
            problems.append(f"{sr.record.as_dict()['name']}: area_m2 {got} != geodesic {total:.3f}")
    return problems


def main():
    warnings.simplefilter("ignore")
    path, expected_path = sys.argv[1], sys.argv[2]
    expected = json.load(open(expected_path, encoding="utf-8"))
    problems = []
    reader = shapefile.Reader(path, encoding="utf-8")
    cpg = open(path[:-4] + ".cpg").read().strip()
    if cpg != "UTF-8":
        problems.append(f".cpg says {cpg!r}")
    prj = open(path[:-4] + ".prj").read()
    if 'AUTHORITY["EPSG","4548"]' not in prj or "CM 117E" not in prj:
        problems.append(f".prj is not EPSG:4548: {prj[:80]}")
    fields = {f[0]: f for f in reader.fields[1:]}
    for name, f in fields.items():
        if len(name.encode()) > 10:
            problems.append(f"field {name} is longer than 10 bytes")
    for name, kind in [("id", "C"), ("name", "C"), ("use", "C"), ("area_m2", "N"), ("n_strata", "N")]:
        if name not in fields or fields[name][1] != kind:
            problems.append(f"field {name}: {fields.get(name)} (wanted type {kind})")
    if shapefile.POLYGON != reader.shapeType:
        problems.append(f"shape type {reader.shapeType}")
    records = reader.shapeRecords()
    if len(records) != len(expected["parcels"]):
        problems.append(f"{len(records)} records, wanted {len(expected['parcels'])}")
    # The raw .dbf bytes of each name: UTF-8 of the expected name, padded with spaces.
    raw = shapefile.Reader(path, encoding="latin-1")
    for sr, raw_rec, want in zip(records, raw.records(), expected["parcels"]):
        rec = sr.record.as_dict()
        if rec["name"] != want["name"]:
            problems.append(f"name {rec['name']!r} != {want['name']!r}")
        if raw_rec["name"].encode("latin-1").rstrip(b" ") != want["name"].encode("utf-8"):
            problems.append(f"bytes of {want['name']!r} differ")
        if rec["use"] != want["code"]:
            problems.append(f"use {rec['use']!r} != {want['code']!r}")
        parts = list(sr.shape.parts) + [len(sr.shape.points)]
        rings = [sr.shape.points[a:b] for a, b in zip(parts, parts[1:])]
        want_rings = [r for polygon in want["polygons"] for r in polygon]
        if len(rings) != len(want_rings):
            problems.append(f"{want['name']}: {len(rings)} rings, wanted {len(want_rings)}")
            continue
        for w in want_rings:
            if not any(ring_matches(g, w) for g in rings):
                problems.append(f"{want['name']}: ring starting {w[0]} not found within 1 mm")
        # Shapefile rule: outer rings clockwise, holes counter-clockwise.
        for polygon in want["polygons"]:
            for i, w in enumerate(polygon):
                match = next(g for g in rings if ring_matches(g, w))
                area2 = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(match, match[1:]))
                if (area2 < 0) != (i == 0):
                    problems.append(f"{want['name']}: ring {i} has the wrong orientation")
    problems += ground_areas(records)
    for p in problems:
        print(p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
