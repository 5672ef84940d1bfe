#!/usr/bin/env python3
"""Check the Strata sample plans against the plan-file rules (independently of the program).

    python3 sample_maps/tools/check_samples.py [--network] [FILE.geojson ...]

With no arguments it checks every *.geojson in sample_maps/.  Exit status 1 when any
error is found.  It also prints per-scenario land accounting (m², mu), populations and a
straight-line (euclidean) life-circle coverage table, as the program's analysis defines
them in DESIGN.md (--network adds walking-network distances), plus map-specific assertions for the four shipped samples.

Land-use codes and facility categories are read from the reference notes
land-use-cn2023.md and life-circle.md (looked up in $STRATA_REFERENCE, ../../docs/reference,
/work/shared/reference).
"""
import datetime
import glob
import json
import math
import os
import re
import sys

from pyproj import Proj
from shapely.geometry import LineString, Point, Polygon
from shapely.ops import unary_union

MU = 10000.0 / 15.0
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.abspath(os.path.join(HERE, ".."))

SCENARIOS = ("existing", "proposed")
STATUSES = {"existing", "idle", "underused", "heritage", "micro_renovation", "planned", "released"}
RIGHTS = {"ownership", "construction_land_use", "lease", "easement", "operation", "other"}
TIER_RADIUS = {"15min": 1000.0, "10min": 500.0, "5min": 300.0}
PARK_RULES = [("park_15min", 50000.0, 80.0), ("park_10min", 10000.0, 50.0), ("park_5min", 4000.0, 30.0)]
PERSON_M2 = 36.0
NET_REACH = 500.0


# ----------------------------------------------------------------------------- references

def find_reference(name):
    cands = []
    if os.environ.get("STRATA_REFERENCE"):
        cands.append(os.path.join(os.environ["STRATA_REFERENCE"], name))
    cands += [os.path.join(SAMPLES, "..", "docs", "reference", name),
              os.path.join("/work/shared/reference", name)]
    for c in cands:
        if os.path.exists(c):
            return c
    sys.exit(f"cannot find {name} (set STRATA_REFERENCE)")


def land_use_codes():
    text = open(find_reference("land-use-cn2023.md"), encoding="utf-8").read()
    codes = set(re.findall(r"^\| (\d{2}) \|", text, flags=re.M))
    bullets = []
    for line in text.splitlines():
        if line.startswith("* "):
            bullets.append(line)
        elif line.startswith("  ") and bullets:
            bullets[-1] += " " + line.strip()
        else:
            bullets.append("")
    for line in bullets:
        m = re.match(r"\* \*\*(\d{2}) ", line)
        if not m:
            continue
        prefix = m.group(1)
        codes.add(prefix)
        for a, b in re.findall(r"(\d{6})[–-](\d{6})", line):
            for n in range(int(a), int(b) + 1):
                codes.add(f"{n:06d}")
        for tok in re.findall(r"(?<!\d)(\d{4}|\d{6})(?!\d)", line):
            if tok.startswith(prefix):
                codes.add(tok)
    return codes


def categories():
    text = open(find_reference("life-circle.md"), encoding="utf-8").read()
    cats = {}
    for tier, cid, req in re.findall(r"^\| (15min|10min|5min) \| `([a-z0-9_]+)` \| [^|]+\| (\w+) \|",
                                     text, flags=re.M):
        cats[cid] = {"tier": tier, "required": req == "yes", "radius": TIER_RADIUS[tier]}
    return cats


CODES = land_use_codes()
CATS = categories()
assert len(CATS) == 22, sorted(CATS)


def cross_check_assets():
    """The program reads codes and categories from assets/; they must agree with the notes."""
    try:
        import tomllib
    except ImportError:
        return
    root = os.path.join(SAMPLES, "..", "assets")
    cls = os.path.join(root, "classifications", "cn-2023.toml")
    std = os.path.join(root, "standards", "gb50180-2018.toml")
    if os.path.exists(cls):
        codes = {c["code"] for c in tomllib.load(open(cls, "rb"))["class"]}
        if codes != CODES:
            sys.exit(f"assets/classifications/cn-2023.toml differs from land-use-cn2023.md: "
                     f"{sorted(codes ^ CODES)}")
    if os.path.exists(std):
        cats = {c["id"]: c for c in tomllib.load(open(std, "rb"))["category"]}
        if set(cats) != set(CATS) or any(cats[k]["required"] != CATS[k]["required"] or
                                         cats[k]["tier"] != CATS[k]["tier"] for k in CATS):
            sys.exit("assets/standards/gb50180-2018.toml differs from life-circle.md")


cross_check_assets()


# ----------------------------------------------------------------------------- helpers

class Report:
    def __init__(self, name):
        self.name = name
        self.errors = []
        self.warnings = []

    def err(self, fid, msg):
        self.errors.append(f"{fid}: {msg}")

    def warn(self, fid, msg):
        self.warnings.append(f"{fid}: {msg}")


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def all_positions(geom):
    t, c = geom["type"], geom["coordinates"]
    if t == "Point":
        return [c]
    if t in ("LineString",):
        return c
    if t == "Polygon":
        return [p for ring in c for p in ring]
    raise ValueError(t)


def ring_signed_area(ring):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        s += x1 * y2 - x2 * y1
    return s / 2


def fmt_area(m2):
    return f"{m2:12.1f} m² {m2 / 10000:8.3f} ha {m2 / MU:9.2f} mu"


# ----------------------------------------------------------------------------- the check

def check_file(path):
    R = Report(os.path.basename(path))
    raw = open(path, "rb").read()
    text = raw.decode("utf-8")
    if re.search(r"\b(NaN|Infinity)\b", text):
        R.err("file", "NaN/Infinity token")
    fc = json.loads(text)
    if fc.get("type") != "FeatureCollection" or not isinstance(fc.get("features"), list):
        R.err("file", "not a FeatureCollection")
        return R, None
    meta = fc.get("strata")
    if not (isinstance(meta, dict) and meta.get("format") == 1 and isinstance(meta.get("name"), str)
            and meta.get("classification") == "cn-2023" and meta.get("standard") == "gb50180-2018"):
        R.err("file", f"bad 'strata' member: {meta}")

    # projection around the bbox centre, as the program does
    lons, lats = [], []
    for f in fc["features"]:
        for lon, lat in all_positions(f["geometry"]):
            lons.append(lon)
            lats.append(lat)
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                R.err(f.get("id"), "coordinate out of range")
    lon0, lat0 = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    proj = Proj(f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m")

    def xy(p):
        return proj(p[0], p[1])

    for v in lons + lats:
        s = repr(v)
        if "." in s and len(s.split(".")[1]) > 8:
            R.err("file", f"coordinate with more than 8 decimals: {s}")
            break

    ids = set()
    parcels, facilities, streets, others = [], [], [], []
    for f in fc["features"]:
        fid = f.get("id")
        if not isinstance(fid, str):
            R.err(fid, "id is not a string")
        elif fid in ids:
            R.err(fid, "duplicate id")
        ids.add(fid)
        if f.get("type") != "Feature" or "geometry" not in f:
            R.err(fid, "invalid feature")
            continue
        p = f.get("properties") or {}
        kind, scen = p.get("kind"), p.get("scenario", "proposed")
        if scen not in SCENARIOS:
            R.err(fid, f"scenario {scen!r}")
        g = f["geometry"]
        if kind == "parcel":
            if not fid.startswith("p-"):
                R.warn(fid, "parcel id without p- prefix")
            parcels.append(check_parcel(R, fid, p, g, xy))
        elif kind == "facility":
            if g["type"] != "Point":
                R.err(fid, "facility is not a Point")
                continue
            if p.get("category") not in CATS:
                R.err(fid, f"unknown facility category {p.get('category')!r}")
            if not isinstance(p.get("name"), str):
                R.warn(fid, "facility without name")
            facilities.append({"id": fid, "scenario": scen, "category": p.get("category"),
                               "geom": Point(xy(g["coordinates"])), "name": p.get("name")})
        elif kind == "street":
            if g["type"] != "LineString" or len(g["coordinates"]) < 2:
                R.err(fid, "street is not a LineString with 2+ positions")
                continue
            if p.get("walkable") is not True:
                R.err(fid, "street not walkable: true")
            pts = [xy(c) for c in g["coordinates"]]
            streets.append({"id": fid, "scenario": scen, "name": p.get("name"), "pts": pts,
                            "geom": LineString(pts)})
        else:
            others.append({"id": fid, "kind": kind, "scenario": scen})
    parcels = [x for x in parcels if x is not None]

    for scen in SCENARIOS:
        check_conflicts(R, [x for x in parcels if x["scenario"] == scen])
        check_streets(R, [s for s in streets if s["scenario"] == scen],
                      [x for x in parcels if x["scenario"] == scen], scen)
    ps = [s for s in streets if s["scenario"] == "proposed"]
    net = unary_union([s["geom"] for s in ps]) if ps else None
    for fa in facilities:
        if fa["scenario"] == "proposed":
            d = net.distance(fa["geom"]) if net is not None else math.inf
            if d > NET_REACH:
                R.err(fa["id"], f"facility {d:.0f} m from the nearest proposed walkable street")
    plan = {"meta": meta, "parcels": parcels, "facilities": facilities, "streets": streets,
            "others": others, "centre": (lon0, lat0)}
    return R, plan


def check_parcel(R, fid, p, g, xy):
    if g["type"] != "Polygon":
        R.err(fid, f"parcel geometry {g['type']}")
        return None
    rings = g["coordinates"]
    if not rings:
        R.err(fid, "no rings")
        return None
    for k, ring in enumerate(rings):
        if len(ring) < 4:
            R.err(fid, "ring with fewer than 4 positions")
        if ring[0] != ring[-1]:
            R.err(fid, "ring not closed")
        if len({tuple(q) for q in ring}) < 3:
            R.err(fid, "ring with fewer than 3 distinct points")
        a = ring_signed_area(ring)
        if k == 0 and a <= 0:
            R.err(fid, "exterior ring not counter-clockwise (or zero area)")
        if k > 0 and a >= 0:
            R.err(fid, "hole not clockwise")
    poly = Polygon([xy(q) for q in rings[0]], [[xy(q) for q in h] for h in rings[1:]])
    if not poly.is_valid:
        R.err(fid, "invalid polygon (self-intersection?)")
    if poly.area <= 0:
        R.err(fid, "zero area")
    status = p.get("status")
    if status not in STATUSES:
        R.err(fid, f"status {status!r}")
    for key in ("name",):
        if not isinstance(p.get(key), str):
            R.err(fid, f"missing {key}")
    strata = p.get("strata")
    if not isinstance(strata, list) or not strata:
        R.err(fid, "strata not a non-empty array")
        strata = []
    out = []
    sids = set()
    residential = False
    res_floors = False
    for s in strata:
        sid = s.get("id")
        if not isinstance(sid, str) or sid in sids:
            R.err(fid, f"stratum id {sid!r} missing or duplicate")
        sids.add(sid)
        tag = f"{fid}/{sid}"
        z = s.get("z")
        if not (isinstance(z, list) and len(z) == 2 and all(is_num(v) for v in z) and z[0] < z[1]):
            R.err(tag, f"bad z {z}")
            continue
        fl = s.get("floors")
        if fl is not None and not (isinstance(fl, int) and not isinstance(fl, bool) and fl > 0):
            R.err(tag, f"floors {fl!r}")
        uses = s.get("uses") or []
        if not uses:
            R.err(tag, "no uses")
        tot = 0.0
        res_share = 0.0
        for u in uses:
            if u.get("code") not in CODES:
                R.err(tag, f"unknown land-use code {u.get('code')!r}")
            if not is_num(u.get("share")) or u["share"] < 0:
                R.err(tag, "bad use share")
                continue
            tot += u["share"]
            if str(u.get("code", "")).startswith("07"):
                res_share += u["share"]
        if abs(tot - 1.0) > 1e-9:
            R.err(tag, f"use shares sum to {tot}")
        holders = s.get("holders") or []
        if not holders:
            R.warn(tag, "no holder")
        htot = 0.0
        for h in holders:
            if not isinstance(h.get("name"), str) or not is_num(h.get("share")) or h["share"] < 0:
                R.err(tag, "bad holder")
                continue
            htot += h["share"]
        if holders and abs(htot - 1.0) > 1e-9:
            R.err(tag, f"holder shares sum to {htot}")
        if s.get("right") not in RIGHTS:
            R.err(tag, f"right {s.get('right')!r}")
        term = s.get("term")
        if term is not None:
            try:
                datetime.date.fromisoformat(term["start"])
                assert isinstance(term["years"], int) and term["years"] > 0
            except Exception:
                R.err(tag, f"bad term {term}")
        for c in s.get("facilities", []):
            if c not in CATS:
                R.err(tag, f"unknown facility category {c!r}")
        fp = poly
        if "footprint" in s:
            rr = s["footprint"]
            fp = Polygon([xy(q) for q in rr[0]], [[xy(q) for q in h] for h in rr[1:]])
            if rr[0][0] != rr[0][-1] or len(rr[0]) < 4 or not fp.is_valid or fp.area <= 0:
                R.err(tag, "bad footprint polygon")
            if ring_signed_area(rr[0]) <= 0:
                R.err(tag, "footprint exterior not counter-clockwise")
            outside = fp.difference(poly).area
            if outside > 1.0:
                R.err(tag, f"footprint {outside:.1f} m² outside its parcel")
        if res_share > 0:
            residential = True
            if fl:
                res_floors = True
        out.append({"id": sid, "z": z, "floors": fl, "uses": uses, "res_share": res_share,
                    "geom": fp, "facilities": s.get("facilities", []), "holders": holders, "raw": s})
    if any(u.get("code") == "1401" and u.get("share", 0) > 0 for s in out for u in s["uses"]) \
            and poly.area < min(a for _, a, _ in PARK_RULES):
        R.warn(fid, f"park-too-small: green parcel of {poly.area:.0f} m² serves no tier")
    pop = p.get("population")
    if pop is not None and not (is_num(pop) and pop >= 0):
        R.err(fid, f"population {pop!r}")
    if residential and pop is None and not res_floors:
        R.err(fid, "residential parcel with neither population nor floors")
    derived = 0.0
    for s in out:
        if s["z"][1] > 0 and s["floors"] and s["res_share"] > 0:   # above ground: top > 0
            derived += s["geom"].area * s["floors"] * s["res_share"] / PERSON_M2
    return {"id": fid, "scenario": p.get("scenario", "proposed"), "name": p.get("name"),
            "status": status, "geom": poly, "strata": out, "residential": residential,
            "population": pop if pop is not None else (derived if residential else 0.0),
            "population_given": pop is not None, "props": p}


def check_conflicts(R, parcels):
    items = [(pc["id"], s) for pc in parcels for s in pc["strata"]]
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            (pa, a), (pb, b) = items[i], items[j]
            if not (a["z"][0] < b["z"][1] and b["z"][0] < a["z"][1]):
                continue
            if not a["geom"].intersects(b["geom"]):
                continue
            area = a["geom"].intersection(b["geom"]).area
            if area > 1.0:
                R.err(f"{pa}/{a['id']}", f"rights conflict with {pb}/{b['id']}: {area:.1f} m² "
                                         f"z {a['z']} vs {b['z']}")
            elif area > 0.0:
                R.warn(f"{pa}/{a['id']}", f"sliver {area:.3f} m² with {pb}/{b['id']}")


def check_streets(R, streets, parcels, scen):
    if not streets:
        return

    def is_vertex(pts, p):
        return any(math.hypot(q[0] - p[0], q[1] - p[1]) <= 0.01 for q in pts)

    for i in range(len(streets)):
        for j in range(i + 1, len(streets)):
            a, b = streets[i], streets[j]
            inter = a["geom"].intersection(b["geom"])
            if inter.is_empty:
                continue
            if inter.geom_type not in ("Point", "MultiPoint"):
                R.err(a["id"], f"overlaps street {b['id']} ({inter.geom_type})")
                continue
            for p in getattr(inter, "geoms", [inter]):
                q = (p.x, p.y)
                if not (is_vertex(a["pts"], q) and is_vertex(b["pts"], q)):
                    R.err(a["id"], f"crosses/touches {b['id']} at ({q[0]:.1f}, {q[1]:.1f}) "
                                   f"without a shared vertex")
    # connectivity through shared vertices (1 cm)
    parent = list(range(len(streets)))

    def find(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k
    keys = {}
    for k, s in enumerate(streets):
        for q in s["pts"]:
            key = (round(q[0] / 0.01), round(q[1] / 0.01))
            if key in keys:
                parent[find(k)] = find(keys[key])
            else:
                keys[key] = k
    comps = {find(k) for k in range(len(streets))}
    if len(comps) > 1:
        R.err(f"streets/{scen}", f"walking network has {len(comps)} components")
    # streets run between parcels, not through them
    for s in streets:
        for pc in parcels:
            inner = pc["geom"].buffer(-0.5)
            if s["geom"].intersects(inner):
                ln = s["geom"].intersection(inner).length
                if ln > 0.5:
                    R.err(s["id"], f"runs {ln:.0f} m through parcel {pc['id']}")


# ----------------------------------------------------------------------------- analysis

def land_accounting(parcels):
    ground = unary_union([p["geom"] for p in parcels]).area if parcels else 0.0
    stacked = 0.0
    by_use = {}
    for p in parcels:
        for s in p["strata"]:
            a = s["geom"].area
            stacked += a
            for u in s["uses"]:
                by_use[u["code"]] = by_use.get(u["code"], 0.0) + a * u["share"]
    released = unary_union([p["geom"] for p in parcels if p["status"] == "released"]).area \
        if any(p["status"] == "released" for p in parcels) else 0.0
    return {"ground": ground, "stacked": stacked, "saved": stacked - ground, "by_use": by_use,
            "released": released}


def park_tiers(poly):
    mrr = poly.minimum_rotated_rectangle
    xs = list(mrr.exterior.coords)
    e1 = math.dist(xs[0], xs[1])
    e2 = math.dist(xs[1], xs[2])
    width = min(e1, e2)
    return [cid for cid, area, w in PARK_RULES if poly.area >= area and width >= w]


def coverage(plan, scen="proposed", inclusive_parks=True):
    parcels = [p for p in plan["parcels"] if p["scenario"] == scen]
    sources = {c: [] for c in CATS}
    for fa in plan["facilities"]:
        if fa["scenario"] == scen and fa["category"] in sources:
            sources[fa["category"]].append((fa["id"], fa["geom"]))
    for p in parcels:
        for s in p["strata"]:
            for c in s["facilities"]:
                sources[c].append((p["id"], p["geom"]))
        codes = {u["code"] for s in p["strata"] for u in s["uses"]}
        if codes and all(c.startswith("14") for c in codes):
            tiers = park_tiers(p["geom"])
            if not inclusive_parks:
                tiers = tiers[:1]
            for t in tiers:
                sources[t].append((p["id"], p["geom"]))
    homes = []
    for p in parcels:
        if not p["residential"]:
            continue
        c = p["geom"].centroid
        if not p["geom"].contains(c):
            c = p["geom"].representative_point()
        homes.append((p, c))
    table = {}
    for cat, info in CATS.items():
        if not sources[cat]:
            continue
        rows = []
        for p, h in homes:
            d = min(g.distance(h) for _, g in sources[cat])
            rows.append((p, d, d <= info["radius"]))
        table[cat] = rows
    return homes, sources, table


class Network:
    """Walking network as DESIGN.md defines it: street lines split at every vertex, lines
    connected where they share a vertex (1 cm); points join at their projection onto the
    nearest segment, within 500 m.  Hosted facilities are approximated by joining every
    vertex of the host polygon's boundary to the network."""

    def __init__(self, streets):
        import heapq
        self.heapq = heapq
        self.segs = []
        self.adj = {}
        for s in streets:
            keys = [(round(q[0] / 0.01), round(q[1] / 0.01)) for q in s["pts"]]
            for (a, b), (ka, kb) in zip(zip(s["pts"], s["pts"][1:]), zip(keys, keys[1:])):
                L = math.dist(a, b)
                self.segs.append((LineString([a, b]), ka, kb, L))
                self.adj.setdefault(ka, []).append((kb, L))
                self.adj.setdefault(kb, []).append((ka, L))

    def join(self, pt):
        best = min(self.segs, key=lambda sg: sg[0].distance(pt))
        d0 = best[0].distance(pt)
        if d0 > NET_REACH:
            return None
        t = best[0].project(pt)
        return best, d0, t

    def dist_field(self, points):
        dist = {}
        heap = []
        joins = []
        for pt in points:
            j = self.join(pt)
            if j is None:
                continue
            (line, ka, kb, L), d0, t = j
            joins.append(j)
            for k, dd in ((ka, d0 + t), (kb, d0 + L - t)):
                if dd < dist.get(k, math.inf):
                    dist[k] = dd
                    self.heapq.heappush(heap, (dd, k))
        while heap:
            d, k = self.heapq.heappop(heap)
            if d > dist.get(k, math.inf):
                continue
            for k2, L in self.adj.get(k, []):
                if d + L < dist.get(k2, math.inf):
                    dist[k2] = d + L
                    self.heapq.heappush(heap, (d + L, k2))
        return dist, joins

    def distance(self, field, pt):
        dist, joins = field
        j = self.join(pt)
        if j is None:
            return None
        (line, ka, kb, L), d0, t = j
        best = min(dist.get(ka, math.inf) + t, dist.get(kb, math.inf) + L - t) + d0
        for (line2, _, _, _), e0, u in joins:
            if line2 is line:
                best = min(best, d0 + abs(t - u) + e0)
        return None if best == math.inf else best


def network_coverage(plan, scen="proposed"):
    streets = [s for s in plan["streets"] if s["scenario"] == scen]
    if not streets:
        return None
    net = Network(streets)
    homes, sources, _ = coverage(plan, scen)
    table = {}
    for cat, srcs in sources.items():
        if not srcs:
            continue
        pts = []
        for _, g in srcs:
            if g.geom_type == "Point":
                pts.append(g)
            else:
                pts.extend(Point(c) for c in g.exterior.coords[:-1])
        field = net.dist_field(pts)
        rows = []
        for p, h in homes:
            inside = any(g.geom_type != "Point" and g.contains(h) for _, g in srcs)
            d = 0.0 if inside else net.distance(field, h)
            rows.append((p, d, d is not None and d <= CATS[cat]["radius"]))
        table[cat] = rows
    return homes, table


def print_coverage(plan, scen="proposed", network=False):
    homes, sources, table = coverage(plan, scen)
    pop = sum(p["population"] for p, _ in homes)
    if network:
        res = network_coverage(plan, scen)
        if res is None:
            return None
        homes, table = res
        print(f"  life circle ({scen}, network, hosted facilities joined at boundary vertices)")
        for cat, rows in table.items():
            covp = sum(p["population"] for p, _, ok in rows if ok)
            miss = [f"{p['id']} ({'off-network' if d is None else f'{d:.0f} m'})" for p, d, ok in rows if not ok]
            print(f"    {cat:18s} {covp / pop if pop else 0:6.1%} pop covered"
                  + (("  missing: " + ", ".join(miss)) if miss else ""))
        return None
    print(f"  life circle ({scen}, euclidean): {len(homes)} homes, population {pop:,.0f}")
    gaps = {}
    for cat, info in CATS.items():
        if cat not in table:
            print(f"    {cat:18s} {info['tier']:5s} {'req' if info['required'] else 'rec'}   no facility")
            continue
        rows = table[cat]
        covp = sum(p["population"] for p, _, ok in rows if ok)
        miss = [(p["id"], d) for p, d, ok in rows if not ok]
        tight = [(p["id"], d) for p, d, ok in rows if ok and d > info["radius"] - 15]
        near = [(p["id"], d) for p, d, ok in rows if not ok and d < info["radius"] + 15]
        gaps[cat] = [m[0] for m in miss]
        line = (f"    {cat:18s} {info['tier']:5s} {'req' if info['required'] else 'rec'} "
                f"{len(sources[cat]):3d} src  {covp / pop if pop else 0:6.1%} pop covered")
        if miss:
            line += "  missing: " + ", ".join(f"{i} ({d:.0f} m)" for i, d in miss)
        if tight or near:
            line += "  [within 15 m of the radius: " + ", ".join(f"{i} {d:.0f}" for i, d in tight + near) + "]"
        print(line)
    return homes, table, gaps


def print_land(plan):
    acc = {}
    for scen in SCENARIOS:
        ps = [p for p in plan["parcels"] if p["scenario"] == scen]
        if not ps:
            continue
        a = land_accounting(ps)
        acc[scen] = a
        pop = sum(p["population"] for p in ps if p["residential"])
        print(f"  {scen}: {len(ps)} parcels, population {pop:,.0f}")
        print(f"    ground   {fmt_area(a['ground'])}")
        print(f"    stacked  {fmt_area(a['stacked'])}")
        print(f"    saved    {fmt_area(a['saved'])}  (stacked - ground)")
        if a["released"]:
            print(f"    released {fmt_area(a['released'])}")
    if len(acc) == 2:
        print("  land per use (existing -> proposed, mu):")
        codes = sorted(set(acc["existing"]["by_use"]) | set(acc["proposed"]["by_use"]))
        for c in codes:
            e = acc["existing"]["by_use"].get(c, 0.0)
            q = acc["proposed"]["by_use"].get(c, 0.0)
            print(f"    {c:7s} {e / MU:9.2f} -> {q / MU:9.2f}")
    elif acc:
        scen = next(iter(acc))
        print(f"  land per use ({scen}, mu): " + ", ".join(
            f"{c} {v / MU:.1f}" for c, v in sorted(acc[scen]["by_use"].items())))
    return acc


# ----------------------------------------------------------------------------- sample-specific

def expect(R, cond, msg):
    if not cond:
        R.err("sample", msg)


def by_name(plan, scen, fragment):
    return [p for p in plan["parcels"] if p["scenario"] == scen and fragment in p["name"]]


def sample_checks(R, plan, acc, cov):
    name = R.name
    if name == "wenzhou_sports_park.geojson":
        e, q = acc["existing"], acc["proposed"]
        expect(R, abs(e["by_use"].get("1302", 0) / MU - 287) < 0.05, "existing drainage should be 287 mu")
        expect(R, abs(q["by_use"].get("1302", 0) / MU - 95) < 0.05, "proposed drainage should be 95 mu")
        expect(R, abs(q["saved"] / MU - 95) < 1.0, "stacking saving should be about 95 mu")
        expect(R, abs(q["released"] / MU - 400) <= 5.0, "released land should be 400 ± 5 mu")
        expect(R, len([o for o in plan["others"] if o["kind"] == "pylon"]) >= 3, "pylons missing")
        plant = by_name(plan, "proposed", "新厂")[0]
        s1, s2 = plant["strata"]
        expect(R, s1["z"] == [-12, 3] and s2["z"] == [3, 15], "plant strata z")
        expect(R, set(s2["facilities"]) == {"sports_large", "sports_small"}, "roof park facilities")
        print(f"  targets: drainage {e['by_use']['1302'] / MU:.2f} -> {q['by_use']['1302'] / MU:.2f} mu, "
              f"stacking saving {q['saved'] / MU:.2f} mu, released {q['released'] / MU:.2f} mu, "
              f"old works + belt + corridor + idle {sum(p['geom'].area for p in plan['parcels'] if p['scenario'] == 'existing' and '预留' not in p['name']) / MU:.2f} mu")
    elif name == "xiongan_15min.geojson":
        homes, table, gaps = cov
        pop = sum(p["population"] for p, _ in homes)
        prop = [p for p in plan["parcels"] if p["scenario"] == "proposed"]
        expect(R, len(prop) >= 40, "40+ proposed parcels")
        expect(R, 30000 <= pop <= 60000, f"population {pop:.0f} outside 30-60 thousand")
        expect(R, any(p["population_given"] for p, _ in homes) and
               any(not p["population_given"] for p, _ in homes), "mix of explicit and derived population")
        missing_cats = [c for c in CATS if c not in table]
        expect(R, not missing_cats, f"categories without facilities: {missing_cats}")
        greens = [p for p in prop if all(u["code"].startswith("14") for s in p["strata"] for u in s["uses"])]
        expect(R, any(p["geom"].area < 4000 for p in greens), "a green parcel under 0.4 ha")
        # deliberate gaps: exactly these, and nothing else among required categories
        names = {p["id"]: p["name"] for p, _ in homes}
        deliberate = {"kindergarten", "elderly_daycare", "fresh_market"}
        for cat, ids in gaps.items():
            if cat not in deliberate and CATS[cat]["required"]:
                expect(R, not ids, f"unplanned gap in {cat}: {ids}")
        for cat in sorted(deliberate):
            print(f"  deliberate gap {cat}: " + "; ".join(f"{i} {names[i]}" for i in gaps[cat]))
        for cat in ("kindergarten", "elderly_daycare", "fresh_market"):
            expect(R, gaps[cat], f"the deliberate {cat} gap is gone")
        return gaps
    elif name == "qingdao_tod.geojson":
        core = by_name(plan, "proposed", "TOD")[0]
        zs = [s["z"] for s in core["strata"]]
        expect(R, zs[:3] == [[-25, -12], [-12, -2], [0, 8]], f"TOD core strata {zs}")
        expect(R, core["strata"][1]["raw"].get("parking_spaces") == 550, "parking_spaces 550")
        school = by_name(plan, "proposed", "九年")[0]
        expect(R, set(school["strata"][0]["facilities"]) == {"primary_school", "middle_school"}, "school")
    elif name == "shenzhen_renewal.geojson":
        shares = sorted(tuple(h["share"] for h in s["holders"]) for p in plan["parcels"] for s in p["strata"])
        expect(R, (0.3, 0.5, 0.2) in shares, "co-owned 0.3/0.5/0.2 stratum")
        expect(R, any(s["raw"].get("term", {}).get("years") == 20 for p in plan["parcels"] for s in p["strata"]),
               "flexible 20-year terms")
        st = {p["status"] for p in plan["parcels"] if p["scenario"] == "proposed"}
        expect(R, {"heritage", "micro_renovation"} <= st, "heritage and micro-renovation parcels")


# ----------------------------------------------------------------------------- main

NETWORK = False


def main(argv):
    global NETWORK
    if "--network" in argv:
        NETWORK = True
        argv = [a for a in argv if a != "--network"]
    files = argv[1:] or sorted(glob.glob(os.path.join(SAMPLES, "*.geojson")))
    bad = 0
    print(f"{len(CODES)} land-use codes, {len(CATS)} facility categories from the reference notes")
    for path in files:
        R, plan = check_file(path)
        print(f"\n== {R.name}  (centre {plan['centre'][0]:.5f}, {plan['centre'][1]:.5f})")
        counts = {}
        for key, items in (("parcel", plan["parcels"]), ("facility", plan["facilities"]),
                           ("street", plan["streets"])):
            for it in items:
                counts[(it["scenario"], key)] = counts.get((it["scenario"], key), 0) + 1
        for o in plan["others"]:
            counts[(o["scenario"], o["kind"])] = counts.get((o["scenario"], o["kind"]), 0) + 1
        print("  features: " + ", ".join(f"{s}/{k} {n}" for (s, k), n in sorted(counts.items())))
        acc = print_land(plan)
        cov = None
        if any(p["residential"] for p in plan["parcels"] if p["scenario"] == "proposed"):
            cov = print_coverage(plan)
            if NETWORK:
                print_coverage(plan, network=True)
        sample_checks(R, plan, acc, cov)
        for w in R.warnings:
            print(f"  warning {w}")
        for e in R.errors:
            print(f"  ERROR {e}")
        print(f"  {'OK' if not R.errors else 'FAILED'}: {len(R.errors)} errors, {len(R.warnings)} warnings")
        bad += bool(R.errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
