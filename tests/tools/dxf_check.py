#!/usr/bin/env python3
"""Reads a DXF with ezdxf (an independent reader) and prints what the tests check as
JSON: version, ezdxf's audit, layers with colours, entity counts by type and layer,
polylines with their points and shoelace areas, hatch paths, block references with
their attributes, MTEXT as plain text. Usage: dxf_check.py FILE.dxf"""
import json
import sys

import ezdxf


def shoelace(points):
    n = len(points)
    return abs(sum(points[i][0] * points[(i + 1) % n][1] - points[(i + 1) % n][0] * points[i][1]
                   for i in range(n))) / 2.0


def main(path):
    doc = ezdxf.readfile(path)
    auditor = doc.audit()
    msp = doc.modelspace()
    counts = {}
    for e in msp:
        key = f"{e.dxftype()}|{e.dxf.layer}"
        counts[key] = counts.get(key, 0) + 1
    out = {
        "version": doc.dxfversion,
        "audit_errors": [str(e.message) for e in auditor.errors],
        "audit_fixes": [str(e.message) for e in auditor.fixes],
        "layers": {l.dxf.name: {"color": l.dxf.color, "rgb": list(l.rgb) if l.rgb else None}
                   for l in doc.layers},
        "counts": counts,
        "polylines": [],
        "hatches": [],
        "inserts": [],
        "mtexts": [],
    }
    for e in msp.query("LWPOLYLINE"):
        pts = [[float(x), float(y)] for x, y in e.get_points("xy")]
        out["polylines"].append({"layer": e.dxf.layer, "closed": bool(e.closed), "points": pts,
                                 "area": shoelace(pts) if e.closed else 0.0})
    for e in msp.query("HATCH"):
        out["hatches"].append({"layer": e.dxf.layer, "solid": bool(e.dxf.solid_fill),
                               "paths": [len(p.vertices) for p in e.paths]})
    for e in msp.query("INSERT"):
        out["inserts"].append({"name": e.dxf.name, "layer": e.dxf.layer,
                               "attribs": {a.dxf.tag: a.dxf.text for a in e.attribs}})
    for e in msp.query("MTEXT"):
        out["mtexts"].append({"layer": e.dxf.layer, "text": e.plain_text()})
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1])
