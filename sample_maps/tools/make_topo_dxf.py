#!/usr/bin/env python3
"""Make a small invented topographic drawing (地形图) under the Qingdao sample, as a DXF
underlay for the editor (issue 19): what a planner receives from the survey office.

    python3 sample_maps/tools/make_topo_dxf.py            # writes sample_maps/qingdao_tod_topo.dxf
    python3 sample_maps/tools/make_topo_dxf.py --plan-out /tmp/qd.geojson
        # also a copy of the sample that lists the drawing as its underlay

Requires python3 with pyproj and shapely. The drawing is in CGCS2000 3-degree
Gauss-Krueger, central meridian 120 E (EPSG:4549), metres, as Qingdao's survey drawings
are. Its layers: JMD (居民地: building outlines, closed polylines, in the existing
parcels), WQ (围墙: fences around the existing sites, 1.5 m inside them), DL (道路:
road edges 9 m either side of every street centre line), TL (铁路: rail tracks in the rail
yard). Everything is invented from the sample's own geometry; nothing is surveyed.
"""
import json
import math
import os
import sys

from pyproj import Transformer
from shapely.geometry import LineString, Polygon, box
from shapely.affinity import rotate

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = os.path.join(HERE, "..", "qingdao_tod.geojson")
OUT = os.path.join(HERE, "..", "qingdao_tod_topo.dxf")
EPSG = 4549

to_gk = Transformer.from_crs("EPSG:4326", f"EPSG:{EPSG}", always_xy=True)


def gk(coords):
    return [to_gk.transform(x, y) for x, y in coords]


def lwpolyline(layer, points, closed):
    out = ["0", "LWPOLYLINE", "8", layer, "90", str(len(points)), "70", "1" if closed else "0"]
    for x, y in points:
        out += ["10", f"{x:.3f}", "20", f"{y:.3f}"]
    return out


def buildings(site):
    """Slab blocks of 14 x 40 m on a grid turned like the site's longest edge, kept where
    they fit 6 m inside it."""
    inner = site.buffer(-6.0)
    if inner.is_empty:
        return []
    ring = list(site.exterior.coords)
    edges = [(ring[i], ring[i + 1]) for i in range(len(ring) - 1)]
    (ax, ay), (bx, by) = max(edges, key=lambda e: math.dist(*e))
    angle = math.degrees(math.atan2(by - ay, bx - ax))
    c = site.centroid
    level = rotate(inner, -angle, origin=c)
    x0, y0, x1, y1 = level.bounds
    out = []
    y = y0
    while y + 14 <= y1:
        x = x0
        while x + 40 <= x1:
            block = box(x, y, x + 40, y + 14)
            if level.contains(block):
                out.append(rotate(block, angle, origin=c))
            x += 52
        y += 30
    return out


def main():
    plan = json.load(open(SAMPLE, encoding="utf-8"))
    entities = []
    for f in plan["features"]:
        p, g = f["properties"], f["geometry"]
        if p.get("kind") == "parcel" and p.get("scenario") == "existing":
            site = Polygon(gk(g["coordinates"][0]))
            fence = site.buffer(-1.5, join_style=2)
            if not fence.is_empty and fence.geom_type == "Polygon":
                entities += lwpolyline("WQ", list(fence.exterior.coords)[:-1], True)
            name = p.get("name", "")
            if "rail" in name and "platform" in name:
                x0, y0, x1, y1 = site.buffer(-12).bounds
                y = y0
                while y < y1:
                    track = LineString([(x0, y), (x1, y)]).intersection(site.buffer(-12))
                    if track.geom_type == "LineString" and not track.is_empty:
                        entities += lwpolyline("TL", list(track.coords), False)
                    y += 18
                continue
            for b in buildings(site):
                entities += lwpolyline("JMD", list(b.exterior.coords)[:-1], True)
        elif p.get("kind") == "street" and p.get("scenario") == "existing":
            centre = LineString(gk(g["coordinates"]))
            for side in (9.0, -9.0):
                edge = centre.offset_curve(side)
                if edge.geom_type == "LineString" and not edge.is_empty:
                    entities += lwpolyline("DL", list(edge.coords), False)
    head = ["0", "SECTION", "2", "HEADER", "9", "$ACADVER", "1", "AC1009",
            "9", "$INSUNITS", "70", "6", "0", "ENDSEC"]
    tables = ["0", "SECTION", "2", "TABLES", "0", "TABLE", "2", "LAYER", "70", "4"]
    for name, colour in [("JMD", 8), ("WQ", 3), ("DL", 1), ("TL", 5)]:
        tables += ["0", "LAYER", "2", name, "70", "0", "62", str(colour), "6", "CONTINUOUS"]
    tables += ["0", "ENDTAB", "0", "ENDSEC"]
    body = ["0", "SECTION", "2", "ENTITIES"] + entities + ["0", "ENDSEC", "0", "EOF"]
    with open(OUT, "w", encoding="ascii", newline="\n") as out:
        out.write("\n".join(head + tables + body) + "\n")
    print(f"wrote {os.path.relpath(OUT)}: {entities.count('LWPOLYLINE')} polylines")
    if "--plan-out" in sys.argv:
        target = sys.argv[sys.argv.index("--plan-out") + 1]
        plan["strata"]["basemaps"] = [
            {"source": os.path.abspath(OUT), "crs": f"EPSG:{EPSG}", "opacity": 1.0}
        ]
        with open(target, "w", encoding="utf-8") as out:
            json.dump(plan, out, ensure_ascii=False)
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
