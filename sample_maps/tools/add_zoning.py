#!/usr/bin/env python3
"""Gives the sample maps plausible buildings and zoning controls (issue 16).

The samples' building strata covered their whole parcel, so a housing parcel read as
FAR 13 (Xiong'an p-36). This script, run once over each sample, makes them read like a
regulatory plan. It is kept so that the change can be understood and redone; it is not
run by the build or the tests.

* A residential parcel whose population was derived from its floor area and whose
  buildings are reshaped gets that population written out, so the life-circle figures
  stay as they were (parcels whose blocks were drawn already keep theirs derived).
* Reserved and idle land (classes 16, 23) says `building: false`; utility works keep
  their strata.
* Open-space strata (parks) lose their `floors` (Wenzhou's roof park had 1, which
  would count the whole park as floor area).
* A building stratum that reached below ground starts at ground level (its basement was
  part of the same right; the storeys are unchanged).
* Building strata above ground get realistic footprints: the lowest (podium or block)
  covers a share of the parcel typical of its use, the ones above (towers) a smaller
  share nested inside it. Footprints are insets of the parcel (shapely, mitre joins) in
  a local transverse Mercator frame, so they stay inside it.
* The rest of the parcel at ground level becomes an open-ground stratum ("yard",
  `building: false`) of the parcel's use, holder and right, a share of which is green
  (`green`, the parcel's own green: 附属绿地), so land per use is still the whole parcel.
* Every parcel gets controls (`controls`): a code, a zone, its main use, FAR, density,
  green ratio and height limits a little above what it achieves, parking where its
  strata declare spaces, and the facilities it hosts. Values are invented but realistic,
  as the geometry is.

Deliberate problems, so that the checks show out of the box (see README.md): Xiong'an
p-36's FAR limit is 15 % below what its towers give; Shenzhen p-28 (new industry) carries
more offices and shops than the example compatibility rules allow.

Usage, after tools/generate_samples.py (needs shapely and pyproj):
  python3 sample_maps/tools/add_zoning.py sample_maps/xiongan_15min.geojson XA
  (QD qingdao_tod, SZ shenzhen_renewal, WZ wenzhou_sports_park)
"""

import json
import math
import sys
from pathlib import Path

from pyproj import Transformer
from shapely.geometry import Polygon, mapping, shape
from shapely.geometry.polygon import orient

# Share of the parcel covered by the lowest building stratum, by use class; strata above
# it cover TOWER of that.
COVERAGE = {"07": 0.30, "08": 0.32, "09": 0.42, "10": 0.45, "11": 0.50, "12": 0.35, "13": 0.35}
TOWER = 0.55
# FAR a parcel of each use class aims at: a stratum's footprint is cut down so that many
# storeys do not give the parcel a FAR no plan would allow (towers get slender).
FAR_TARGET = {"07": 2.8, "08": 1.6, "09": 3.5, "10": 2.0, "11": 1.2, "12": 2.5}
# Share of the open ground that is green, by use class.
GREEN = {"07": 0.62, "08": 0.50, "09": 0.35, "10": 0.30, "11": 0.25, "12": 0.30, "13": 0.40}
# Parcel codes shared by the existing and the proposed parcel on the same land, so that
# the control changes (控规调整) pair them: Wenzhou's new plant goes on the reserved site
# east of Shacheng Road (p-5 → p-6). Other parcels are numbered in plan order, one
# sequence over both scenarios, so no code pairs two unrelated parcels.
CODES = {("WZ", "p-5"): "WZ-01-05", ("WZ", "p-6"): "WZ-01-05"}
# Controls set by hand: Xiong'an p-36's FAR limit is deliberately below what it builds;
# Qingdao's design centre is a clean-industry parcel mixed with culture (M1/A2).
OVERRIDES = {("QD", "p-10"): {"main_use": "100101", "zone": "M1/A2"},
             ("WZ", "p-6"): {"main_use": "1302", "zone": "U21"}}
DELIBERATE_FAR = {("XA", "p-36"): 0.85}
ZONES = {"0701": "R2", "0702": "R2", "0801": "A1", "0802": "A3", "0803": "A2", "0804": "A33",
         "0805": "A4", "0806": "A5", "0807": "A6", "0901": "B1", "0902": "B2", "0903": "B3",
         "0904": "B9", "1001": "M1", "1101": "W1", "1206": "S3", "1208": "S4", "1302": "U21",
         "1303": "U12", "1401": "G1", "1402": "G2", "1403": "G3", "16": "X", "2301": "E"}


def main_code(stratum):
    return max(stratum["uses"], key=lambda u: u["share"])["code"]


def is_building(stratum):
    if "building" in stratum:
        return stratum["building"]
    return not main_code(stratum).startswith("14")


def frame_for(features):
    xs, ys = [], []
    for f in features:
        for x, y in iter_coords(f["geometry"]["coordinates"]):
            xs.append(x)
            ys.append(y)
    lon, lat = sum(xs) / len(xs), sum(ys) / len(ys)
    tm = f"+proj=tmerc +lat_0={lat} +lon_0={lon} +k=1 +x_0=0 +y_0=0 +ellps=WGS84"
    return (Transformer.from_crs("EPSG:4326", tm, always_xy=True),
            Transformer.from_crs(tm, "EPSG:4326", always_xy=True))


def iter_coords(c):
    if isinstance(c[0], (int, float)):
        yield c
    else:
        for part in c:
            yield from iter_coords(part)


def transform(geom, t):
    def ring(r):
        return [list(t.transform(x, y)) for x, y in r]
    if geom.geom_type == "Polygon":
        return Polygon(ring(geom.exterior.coords), [ring(i.coords) for i in geom.interiors])
    raise ValueError(geom.geom_type)


def inset(polygon, share):
    """The polygon shrunk (mitre joins) to `share` of its area."""
    target = polygon.area * share
    lo, hi = 0.0, math.sqrt(polygon.area)
    for _ in range(60):
        mid = (lo + hi) / 2
        inner = polygon.buffer(-mid, join_style=2)
        if inner.is_empty or inner.area < target:
            hi = mid
        else:
            lo = mid
    inner = polygon.buffer(-lo, join_style=2)
    if inner.geom_type != "Polygon":
        inner = max(inner.geoms, key=lambda g: g.area)
    return inner


def lonlat_coords(polygon, back):
    # RFC 7946 winding (exterior counter-clockwise), as Strata writes it back.
    geo = mapping(orient(transform(polygon, back), 1.0))
    return [[[round(x, 9), round(y, 9)] for x, y in ring] for ring in geo["coordinates"]]


def derived_population(parcel_area, strata, to_local):
    """Residential floor area ÷ 36 m², as Strata derives it (analysis::homes)."""
    floor = 0.0
    for s in strata:
        if s["z"][0] < 0:
            continue
        share = sum(u["share"] for u in s["uses"] if u["code"].startswith("07"))
        area = parcel_area
        if "footprint" in s:
            area = transform(Polygon(s["footprint"][0], s["footprint"][1:]), to_local).area
        floor += area * (s.get("floors") or 0) * share
    return floor / 36.0


def buildings(feature, to_local, back):
    """Footprints for the building strata; returns the lowest building footprint."""
    props = feature["properties"]
    strata = props.get("strata", [])
    parcel = transform(shape(feature["geometry"]), to_local)
    above = [s for s in strata if is_building(s) and s["z"][1] > 0]
    # Parcels with open-space strata (Wenzhou's roof park on the sunk plant) and utility
    # works (tanks and basins, not buildings with storeys) keep their strata as they are.
    if not above or any(not is_building(s) for s in strata):
        return None
    if main_code(above[0]).startswith("13"):
        return None
    above.sort(key=lambda s: s["z"][0])
    if all("footprint" in s for s in above):
        # Drawn already (Xiong'an's slab blocks): only the open ground around them.
        base = above[0]
        foot = transform(Polygon(base["footprint"][0], base["footprint"][1:]), to_local)
        return parcel, foot, base, False
    if any("footprint" in s for s in above):
        return None
    for s in above:
        s["z"][0] = max(s["z"][0], 0)
    share = COVERAGE.get(main_code(above[0])[:2], 0.35)
    target = FAR_TARGET.get(main_code(above[-1])[:2], 2.0)
    floors = [max(s.get("floors") or 1, 1) for s in above]
    shares = [share]
    if len(above) == 1:
        shares = [min(share, max(target / floors[0], 0.08))]
    else:
        left = target - share * floors[0]
        upper = sum(floors[1:])
        shares += [min(share * TOWER, max(left / upper, 0.06))] * (len(above) - 1)
    footprints = [inset(parcel, k) for k in shares]
    for s, f in zip(above, footprints):
        s["footprint"] = lonlat_coords(f, back)
    return parcel, footprints[0], above[0], True


def add_yard(props, parcel, base_foot, base, back):
    ground = [s for s in props["strata"] if s["z"][0] <= 0 < s["z"][1] and s is not base]
    if ground:
        return
    yard = parcel.difference(base_foot)
    if yard.geom_type != "Polygon":
        return
    code = main_code(base)
    # The base's uses, so that land per use is the parcel's as before.
    stratum = {"id": "yard", "z": [0, 1], "uses": [dict(u) for u in base["uses"]],
               "holders": base.get("holders", []), "building": False,
               "green": GREEN.get(code[:2], 0.3),
               "note": "open ground: paths, courts and the parcel's own green (附属绿地)"}
    for key in ("right", "term"):
        if key in base:
            stratum[key] = base[key]
    stratum["footprint"] = lonlat_coords(yard, back)
    props["strata"].append(stratum)


def round_up(value, step):
    return math.ceil(value / step - 1e-9) * step


def controls_for(feature, achieved, prefix, n):
    props = feature["properties"]
    main = achieved.get("main_use") or ""
    code = n if isinstance(n, str) else f"{prefix}-{(n - 1) // 12 + 1:02d}-{n:02d}"
    c = {"code": code, "zone": ZONES.get(main[:4], ZONES.get(main[:2], "")),
         "main_use": main[:4]}
    if not c["zone"]:
        del c["zone"]
    if achieved["far"] > 0:
        c["far"] = [None, round(round_up(achieved["far"] * 1.08, 0.1), 1)]
    if achieved["density"] > 0:
        c["density_max"] = min(1.0, round(round_up(achieved["density"] * 1.05, 0.05), 2))
    if achieved["green"] > 0:
        c["green_min"] = round(math.floor(achieved["green"] * 0.95 / 0.05) * 0.05, 2)
    if achieved["height_m"] > 0:
        c["height_max"] = round(round_up(achieved["height_m"] * 1.05, 3), 1)
    spaces = sum(s.get("parking_spaces", 0) for s in props.get("strata", []))
    if spaces and achieved["floor_area_m2"] > 0:
        c["parking_min_per_100m2"] = math.floor(spaces / achieved["floor_area_m2"] * 100 * 0.9 * 10) / 10
    hosted = sorted({f for s in props.get("strata", []) for f in s.get("facilities", [])})
    if hosted:
        c["facilities"] = hosted
    return c


def add_controls(data, parcels, prefix):
    """Controls a little above what each parcel achieves (see the module doc)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "tools"))
    import zoning_indicators as zi

    lons = [x for f in parcels for x, _ in zi.iter_positions(f["geometry"]["coordinates"])]
    lats = [y for f in parcels for _, y in zi.iter_positions(f["geometry"]["coordinates"])]
    lon0, lat0 = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    tm = f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"
    project = Transformer.from_crs("EPSG:4326", tm, always_xy=True).transform
    numbers = {}
    for f in parcels:
        props = f["properties"]
        achieved = zi.indicators(f, project, data.get("strata", {}))
        achieved["main_use"] = parcel_main_use(props)
        key = CODES.get((prefix, str(f["id"])))
        if key is None:
            numbers["all"] = numbers.get("all", 0) + 1
            while f"{prefix}-{(numbers['all'] - 1) // 12 + 1:02d}-{numbers['all']:02d}" in CODES.values():
                numbers["all"] += 1
            key = numbers["all"]
        props["controls"] = controls_for(f, achieved, prefix, key)
        for member, value in OVERRIDES.get((prefix, str(f["id"])), {}).items():
            props["controls"][member] = value
        if (prefix, str(f["id"])) in DELIBERATE_FAR:
            limit = math.floor(achieved["far"] * DELIBERATE_FAR[(prefix, str(f["id"]))] * 10) / 10
            props["controls"]["far"] = [None, limit]


def parcel_main_use(props):
    """The use with the largest counted floor area, else of the largest stratum share."""
    weights = {}
    for s in props.get("strata", []):
        for u in s["uses"]:
            weight = u["share"] * max(s.get("floors") or 0, 1) * (1 if s["z"][0] >= 0 else 0.001)
            weights[u["code"]] = weights.get(u["code"], 0) + weight
    return max(weights, key=weights.get) if weights else ""


def flat(value):
    """A value written on one line: a scalar, a list of scalars, or an object of those."""
    scalar = lambda v: not isinstance(v, (dict, list))
    if isinstance(value, list):
        return all(scalar(v) for v in value)
    if isinstance(value, dict):
        return all(scalar(v) or (isinstance(v, list) and all(scalar(x) for x in v))
                   for v in value.values())
    return True


def dump(value, indent):
    """JSON in the samples' layout: small objects and positions on one line."""
    if flat(value):
        return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))
    pad = " " * (indent + 2)
    if isinstance(value, list):
        items = [pad + dump(v, indent + 2) for v in value]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"
    items = [pad + json.dumps(k, ensure_ascii=False) + ": " + dump(v, indent + 2)
             for k, v in value.items()]
    return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"


def main():
    path, prefix = sys.argv[1], sys.argv[2]
    data = json.load(open(path, encoding="utf-8"))
    parcels = [f for f in data["features"] if f["properties"].get("kind") == "parcel"]
    to_local, back = frame_for(parcels)
    for f in parcels:
        props = f["properties"]
        for s in props.get("strata", []):
            # Reserved and idle land (classes 16, 23) holds no building.
            if main_code(s)[:2] in ("16", "23"):
                s["building"] = False
            # A park has no storeys: one would count its whole area as floor area.
            if not is_building(s):
                s.pop("floors", None)
        area = transform(shape(f["geometry"]), to_local).area if f["geometry"]["type"] == "Polygon" else None
        residential = any(u["code"].startswith("07") for s in props.get("strata", []) for u in s["uses"])
        if f["geometry"]["type"] != "Polygon":
            continue
        derived = derived_population(area, props["strata"], to_local)
        made = buildings(f, to_local, back)
        if made:
            parcel, base_foot, base, reshaped = made
            # Smaller footprints would shrink a population derived from floor area:
            # write the old figure out (a parcel whose blocks were already drawn keeps
            # its derived population, so the samples still exercise both).
            if reshaped and residential and props.get("population") is None:
                props["population"] = derived
            add_yard(props, parcel, base_foot, base, back)
    add_controls(data, parcels, prefix)
    with open(path, "w", encoding="utf-8") as out:
        out.write(dump(data, 0) + "\n")


if __name__ == "__main__":
    main()
