#!/usr/bin/env python3
"""Zoning indicators of every parcel of a plan file, worked out without Strata's code
(shapely for areas and unions, pyproj for the projection), from the definitions in
DESIGN.md *Zoning controls* and `src/analysis/zoning.rs`:

* counted strata: bottom >= 0 (or all with the plan setting `count_underground`);
* building: main use (largest share) not class 14, unless `building` says otherwise;
* storeys: `floors`, else 0 for a non-building, else round(counted height / 3 m), >= 1;
* floor area = sum of footprint area x storeys over counted strata; FAR = / parcel area;
* density = union of the footprints of building strata with top > 0, / parcel area;
* green = (ground green + roof green x `roof_green_factor`) / parcel area, where a
  stratum's green is its footprint x max(share of uses 1401/1402, its `green` member),
  ground means bottom <= 0 < top and roof means bottom > 0;
* height = the highest stratum top (0 if none is above ground).

Areas are taken in a transverse Mercator projection centred on the plan with scale
factor 1 (as Strata's local frame), on the WGS84 ellipsoid.

Prints JSON: {"proposed": {"p-1": {"far": …, "density": …, "green": …, "height_m": …,
"floor_area_m2": …, "area_m2": …}}, "existing": {…}}.
Usage: zoning_indicators.py PLAN.geojson
"""

import json
import sys

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import unary_union


def shp_transform(project, geometry):
    return shapely.transform(geometry, lambda xy: list(zip(*project(*zip(*xy)))))


def rings_to_polygon(rings):
    return Polygon(rings[0], rings[1:])


def parcel_shape(geometry):
    if geometry["type"] == "Polygon":
        return rings_to_polygon(geometry["coordinates"])
    return MultiPolygon([rings_to_polygon(p) for p in geometry["coordinates"]])


def main_use(stratum):
    best = None
    for use in stratum.get("uses", []):
        if best is None or use["share"] > best["share"]:
            best = use
    return best["code"] if best else None


def is_building(stratum):
    if isinstance(stratum.get("building"), bool):
        return stratum["building"]
    code = main_use(stratum)
    return not (code or "").startswith("14")


def storeys(stratum, count_underground):
    if stratum.get("floors") is not None:
        return float(stratum["floors"])
    if not is_building(stratum):
        return 0.0
    bottom, top = stratum["z"]
    if not count_underground:
        bottom = max(bottom, 0.0)
    # Python rounds halves to even, Rust away from zero: add a hair so both agree.
    return max(1.0, float(int((top - bottom) / 3.0 + 0.5)))


def green_share(stratum):
    by_use = sum(u["share"] for u in stratum.get("uses", [])
                 if u["code"].startswith("1401") or u["code"].startswith("1402"))
    declared = stratum.get("green")
    if declared is True:
        declared = 1.0
    elif not isinstance(declared, (int, float)) or isinstance(declared, bool) or not 0 <= declared <= 1:
        declared = 0.0
    return max(by_use, declared)


def indicators(feature, project, settings):
    count_underground = settings.get("count_underground") is True
    roof_factor = settings.get("roof_green_factor", 0.0)
    if not isinstance(roof_factor, (int, float)):
        roof_factor = 0.0
    parcel = shp_transform(project, parcel_shape(feature["geometry"]))
    area = parcel.area
    floor = 0.0
    height = 0.0
    feet = []
    ground_green = roof_green = 0.0
    for s in feature["properties"].get("strata") or []:
        foot = parcel
        if s.get("footprint"):
            foot = shp_transform(project, rings_to_polygon(s["footprint"]))
        bottom, top = s["z"]
        height = max(height, top)
        if bottom >= 0 or count_underground:
            floor += foot.area * storeys(s, count_underground)
        if is_building(s) and top > 0:
            feet.append(foot)
        g = green_share(s)
        if bottom > 0:
            roof_green += foot.area * g
        elif top > 0:
            ground_green += foot.area * g
    density = unary_union(feet).area / area if feet else 0.0
    return {"area_m2": area, "floor_area_m2": floor, "far": floor / area, "density": density,
            "green": (ground_green + roof_green * roof_factor) / area, "height_m": height}


def main():
    plan = json.load(open(sys.argv[1], encoding="utf-8"))
    parcels = [f for f in plan["features"] if f["properties"].get("kind") == "parcel"]
    lons, lats = [], []
    for f in parcels:
        for x, y in iter_positions(f["geometry"]["coordinates"]):
            lons.append(x)
            lats.append(y)
    # Strata's frame is centred on the middle of the extent; the indicators are ratios
    # of areas, so the centre only matters at the 1e-8 level.
    lon0 = (min(lons) + max(lons)) / 2
    lat0 = (min(lats) + max(lats)) / 2
    tm = f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"
    project = Transformer.from_crs("EPSG:4326", tm, always_xy=True).transform
    settings = plan.get("strata", {})
    out = {"existing": {}, "proposed": {}}
    for f in parcels:
        scenario = f["properties"].get("scenario", "proposed")
        out[scenario][str(f["id"])] = indicators(f, project, settings)
    print(json.dumps(out, indent=1, sort_keys=True))


def iter_positions(c):
    if isinstance(c[0], (int, float)):
        yield c
    else:
        for part in c:
            yield from iter_positions(part)


if __name__ == "__main__":
    main()
