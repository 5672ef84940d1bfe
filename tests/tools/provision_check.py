#!/usr/bin/env python3
"""Provision of one category, straight-line, worked out without Strata's code (shapely
for areas and distances, pyproj for the projection) from docs/analysis.md *Provision*:

* homes: proposed parcels with a residential (07) use; the home point is the centroid
  (the script stops if a centroid lies outside its parcel: Strata then takes another
  interior point); residents = `population`, else residential floor area / 36 m², the
  floor area being footprint x floors x share of 07 uses over strata with bottom >= 0;
* targets: point facilities of the category (distance to the point) and strata hosting
  it (distance to the parcel polygon, 0 inside);
* a hosted facility's floor area = footprint x floors / facilities the stratum hosts,
  its land = footprint / that number when bottom <= 0 < top, else 0; places = its
  `hosted` capacity, else floor / floor per place; a point facility's figures are its
  properties (`capacity`, `floor_area_m2`, `land_area_m2`), places else floor / per place;
* a home's catchment: the targets within the radius and every home they reach;
  required = residents / 1000 x the per-1000 figure; provided = sum over the targets;
* 2SFCA: R_j = S_j / sum of residents_k x W(d_kj) over the homes k within reach of j;
  A_i = sum of R_j x W(d_ij). W (DECAY, default none) is 1 within the radius (none),
  1 - d/r (linear) or (exp(-(d/r)^2/2) - exp(-1/2)) / (1 - exp(-1/2)) (gaussian).

Usage: provision_check.py PLAN.geojson CATEGORY RADIUS PLACES_PER_1000 FLOOR_PER_1000
       LAND_PER_1000 FLOOR_PER_PLACE [DECAY]
Prints JSON: {"homes": {id: {...}}, "plan": {...}}.
"""

import json
import math
import sys

import shapely
from pyproj import Transformer
from shapely.geometry import MultiPolygon, Point, Polygon


def positions(c):
    if isinstance(c[0], (int, float)):
        yield c
    else:
        for part in c:
            yield from positions(part)


def shape(geometry, project):
    def poly(rings):
        return Polygon(rings[0], rings[1:])
    if geometry["type"] == "Polygon":
        g = poly(geometry["coordinates"])
    else:
        g = MultiPolygon([poly(p) for p in geometry["coordinates"]])
    return shapely.transform(g, lambda xy: list(zip(*project(*zip(*xy)))))


def storeys(s):
    if s.get("floors") is not None:
        return float(s["floors"])
    return max(1.0, float(round((s["z"][1] - s["z"][0]) / 3.0)))


def weight(decay, d, radius):
    if decay == "linear":
        return max(0.0, 1.0 - d / radius)
    if decay == "gaussian":
        edge = math.exp(-0.5)
        return max(0.0, (math.exp(-0.5 * (d / radius) ** 2) - edge) / (1.0 - edge))
    return 1.0


def main():
    path, category = sys.argv[1], sys.argv[2]
    radius, per_place_1000, floor_1000, land_1000, floor_per_place = map(float, sys.argv[3:8])
    decay = sys.argv[8] if len(sys.argv) > 8 else "none"
    plan = json.load(open(path, encoding="utf-8"))
    features = [f for f in plan["features"] if f["properties"].get("scenario", "proposed") == "proposed"]
    every = [f for f in plan["features"] if f["properties"].get("kind") in ("parcel", "facility", "street")]
    lons, lats = [], []
    for f in every:
        for x, y in positions(f["geometry"]["coordinates"]):
            lons.append(x)
            lats.append(y)
    lon0 = round((min(lons) + max(lons)) / 2, 4)
    lat0 = round((min(lats) + max(lats)) / 2, 4)
    tm = f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"
    project = Transformer.from_crs("EPSG:4326", tm, always_xy=True).transform

    homes, targets = [], []
    for f in features:
        p = f["properties"]
        if p.get("kind") == "facility" and p.get("category") == category:
            x, y = project(*f["geometry"]["coordinates"])
            floor = p.get("floor_area_m2")
            places = p.get("capacity")
            if places is None and floor is not None:
                places = floor / floor_per_place
            targets.append((str(f["id"]), Point(x, y), floor or 0.0, p.get("land_area_m2") or 0.0, places or 0.0))
        if p.get("kind") != "parcel":
            continue
        parcel = shape(f["geometry"], project)
        strata = p.get("strata") or []
        for s in strata:
            if category not in (s.get("facilities") or []):
                continue
            foot = parcel if not s.get("footprint") else shape({"type": "Polygon", "coordinates": s["footprint"]}, project)
            n = len(s["facilities"])
            floor = foot.area * storeys(s) / n
            land = foot.area / n if s["z"][0] <= 0 < s["z"][1] else 0.0
            hosted = (s.get("hosted") or {}).get(category) or {}
            floor = hosted.get("floor_area_m2", floor)
            land = hosted.get("land_area_m2", land)
            places = hosted.get("capacity", floor / floor_per_place)
            targets.append((f"{f['id']}/{s['id']}", parcel, floor, land, places))
        if any(u["code"].startswith("07") for s in strata for u in s.get("uses", [])):
            centroid = parcel.centroid
            if not parcel.contains(centroid):
                sys.exit(f"{f['id']}: centroid outside the parcel")
            pop = p.get("population")
            if not isinstance(pop, (int, float)) or pop < 0:
                area = 0.0
                for s in strata:
                    if s["z"][0] < 0:
                        continue
                    share = sum(u["share"] for u in s.get("uses", []) if u["code"].startswith("07"))
                    if share <= 0:
                        continue
                    foot = parcel if not s.get("footprint") else shape({"type": "Polygon", "coordinates": s["footprint"]}, project)
                    area += foot.area * (s.get("floors") or 0) * share
                pop = area / 36.0
            homes.append((str(f["id"]), centroid, float(pop)))

    reach = {}  # target index -> [(home index, distance)]
    for j, t in enumerate(targets):
        reach[j] = [(i, t[1].distance(h[1])) for i, h in enumerate(homes) if t[1].distance(h[1]) <= radius + 1e-6]
    ratio = {}
    for j, reached in reach.items():
        demand = sum(homes[i][2] * weight(decay, d, radius) for i, d in reached)
        ratio[j] = targets[j][4] / demand if demand > 0 else 0.0
    out = {}
    for i, h in enumerate(homes):
        near = [j for j in reach if any(k == i for k, _ in reach[j])]
        if near:
            members = sorted({k for j in near for k, _ in reach[j]})
            residents = sum(homes[k][2] for k in members)
        else:
            residents = h[2]
        out[h[0]] = {
            "facilities": sorted(targets[j][0] for j in near),
            "residents": residents,
            "places_required": residents / 1000 * per_place_1000,
            "places_provided": sum(targets[j][4] for j in near),
            "floor_required": residents / 1000 * floor_1000,
            "floor_provided": sum(targets[j][2] for j in near),
            "land_required": residents / 1000 * land_1000,
            "land_provided": sum(targets[j][3] for j in near),
            "access_per_1000": 1000 * sum(
                ratio[j] * weight(decay, d, radius) for j in near for k, d in reach[j] if k == i
            ),
        }
    total = sum(h[2] for h in homes)
    result = {"homes": out, "plan": {
        "residents": total,
        "facilities": len(targets),
        "places_required": total / 1000 * per_place_1000,
        "places_provided": sum(t[4] for t in targets),
        "floor_provided": sum(t[2] for t in targets),
        "land_provided": sum(t[3] for t in targets),
    }}
    print(json.dumps(result, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
