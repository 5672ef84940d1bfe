#!/usr/bin/env python3
"""Writes the Shapefile fixtures of tests/shp/ with pyshp (an independent writer).

    pip install --break-system-packages pyshp
    python3 tests/tools/make_shp_fixtures.py

The output is committed, so the tests need no Python. `expected.json` lists what each
good set holds (names, use codes, rings in EPSG:4548 metres) for the tests to compare.

Sets (coordinates: CGCS2000 / 3-degree Gauss-Kruger CM 117E, EPSG:4548, a site ~8 km
west of the central meridian near Tianjin):
  gbk_parcels     GBK attributes, .cpg "GBK", ESRI .prj (name only, as ArcGIS writes)
  gbk_no_cpg      the same records, no .cpg (GBK by default), GDAL .prj with AUTHORITY
  big5_ldid       Big5 text, no .cpg, language-driver byte 0x4F (Big5) in the .dbf
  utf8_points     facilities (points), UTF-8, .cpg "UTF-8"
  utf8_streets    streets (polylines), UTF-8
  bad/…           broken sets, each named for what is wrong with it
"""

import json
import os
import shutil

import shapefile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "shp")

ESRI_PRJ = (
    'PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",'
    'DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],'
    'UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],'
    'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],'
    'PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
)
GDAL_PRJ = (
    'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 117E",GEOGCS["China Geodetic Coordinate System 2000",'
    'DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],'
    'AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433],'
    'AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],'
    'PARAMETER["central_meridian",117],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],'
    'PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","4548"]]'
)

X0, Y0 = 491_200.0, 4_330_400.0


def ring(points, clockwise):
    """A closed ring with the wanted orientation (Shapefile: outer clockwise)."""
    pts = [(X0 + x, Y0 + y) for x, y in points]
    area2 = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(pts, pts[1:] + pts[:1]))
    if (area2 < 0) != clockwise:
        pts.reverse()
    return pts + [pts[0]]


def rect(x, y, w, h, clockwise=True):
    return ring([(x, y), (x + w, y), (x + w, y + h), (x, y + h)], clockwise)


# (name, use code, use name, plot number, polygons: list of [outer, holes...])
PARCELS = [
    ("城镇住宅地块甲", "0701", "城镇住宅用地", "TJ-01", [[rect(0, 0, 120, 80)]]),
    (
        "公园绿地（含水面）",
        "1401",
        "公园绿地",
        "TJ-02",
        [[rect(140, 0, 150, 100), rect(190, 30, 40, 30, clockwise=False)]],
    ),
    (
        "商业·服务业用地",
        "0901",
        "商业用地",
        "TJ-03",
        [
            [rect(0, 100, 60, 50)],
            [rect(80, 100, 70, 60), rect(100, 120, 20, 15, clockwise=False)],
        ],
    ),
    (
        "中小学用地龘",
        "080403",
        "中小学用地",
        "TJ-04",
        [[ring([(310.123, 0.456), (402.789, 10.25), (395.5, 88.875), (318.0, 95.5)], True)]],
    ),
]


def write_parcels(name, encoding, cpg, prj):
    path = os.path.join(OUT, name)
    w = shapefile.Writer(path, shapeType=shapefile.POLYGON, encoding=encoding)
    w.field("NAME", "C", 60)
    w.field("YDDM", "C", 10)
    w.field("YDMC", "C", 40)
    w.field("DKBH", "C", 10)
    w.field("MJ", "N", 14, 2)
    for pname, code, use, plot, polygons in PARCELS:
        rings = [r for polygon in polygons for r in polygon]
        w.poly(rings)
        area = sum(
            abs(shoelace(p[0])) - sum(abs(shoelace(h)) for h in p[1:]) for p in polygons
        )
        w.record(pname, code, use, plot, round(area, 2))
    w.close()
    if cpg:
        with open(path + ".cpg", "w") as f:
            f.write(cpg)
    with open(path + ".prj", "w") as f:
        f.write(prj)


def shoelace(r):
    return sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(r, r[1:])) / 2.0


def write_big5():
    path = os.path.join(OUT, "big5_ldid")
    w = shapefile.Writer(path, shapeType=shapefile.POLYGON, encoding="big5")
    w.field("NAME", "C", 40)
    w.field("YDDM", "C", 10)
    w.poly([rect(0, 0, 50, 50)])
    w.record("臺灣銀行舊址", "0901")
    w.close()
    with open(path + ".dbf", "r+b") as f:
        f.seek(29)
        f.write(bytes([0x4F]))
    with open(path + ".prj", "w") as f:
        f.write(ESRI_PRJ)


FACILITIES = [("幼儿园（东）", "kindergarten", 60.0, 40.0), ("社区卫生服务站", "community_station", 200.5, 50.25)]
STREETS = [("学府路", [(0, -10), (200, -10), (400, -10)]), ("绿园街", [(130, -10), (130, 170)])]


def write_points_and_lines():
    path = os.path.join(OUT, "utf8_points")
    w = shapefile.Writer(path, shapeType=shapefile.POINT, encoding="utf-8")
    w.field("NAME", "C", 60)
    w.field("CATEGORY", "C", 20)
    for name, cat, x, y in FACILITIES:
        w.point(X0 + x, Y0 + y)
        w.record(name, cat)
    w.close()
    with open(path + ".cpg", "w") as f:
        f.write("UTF-8")
    with open(path + ".prj", "w") as f:
        f.write(ESRI_PRJ)
    path = os.path.join(OUT, "utf8_streets")
    w = shapefile.Writer(path, shapeType=shapefile.POLYLINE, encoding="utf-8")
    w.field("NAME", "C", 60)
    for name, line in STREETS:
        w.line([[(X0 + x, Y0 + y) for x, y in line]])
        w.record(name)
    w.close()
    with open(path + ".cpg", "w") as f:
        f.write("UTF-8")
    with open(path + ".prj", "w") as f:
        f.write(ESRI_PRJ)


def copy_set(src, dst, skip=()):
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        s = os.path.join(OUT, f"{src}.{ext}")
        if ext in skip or not os.path.exists(s):
            continue
        shutil.copy(s, os.path.join(OUT, "bad", f"{dst}.{ext}"))


def write_bad():
    copy_set("gbk_parcels", "missing_shx", skip=("shx",))
    copy_set("gbk_parcels", "missing_dbf", skip=("dbf",))
    copy_set("gbk_parcels", "no_prj", skip=("prj",))
    # Three rows in the .dbf for four shapes.
    copy_set("gbk_parcels", "count_mismatch")
    path = os.path.join(OUT, "bad", "count_mismatch")
    r = shapefile.Reader(os.path.join(OUT, "gbk_parcels"), encoding="gbk")
    w = shapefile.Writer(path + "_tmp", shapeType=shapefile.POLYGON, encoding="gbk")
    for field in r.fields[1:]:
        w.field(*field)
    for rec, shape in list(zip(r.records(), r.shapes()))[:3]:
        w.shape(shape)
        w.record(*rec)
    w.close()
    r.close()
    shutil.move(path + "_tmp.dbf", path + ".dbf")
    for ext in ("shp", "shx"):
        os.remove(path + "_tmp." + ext)
    # Record 2's name: a GBK lead byte followed by a byte that cannot follow it.
    copy_set("gbk_parcels", "undecodable")
    path = os.path.join(OUT, "bad", "undecodable.dbf")
    data = bytearray(open(path, "rb").read())
    header_len = int.from_bytes(data[8:10], "little")
    record_len = int.from_bytes(data[10:12], "little")
    at = header_len + record_len + 1  # record 2, after its deletion flag
    data[at : at + 2] = bytes([0x81, 0x20])
    open(path, "wb").write(bytes(data))
    # The .shp cut in the middle of record 3.
    copy_set("gbk_parcels", "truncated_shp")
    path = os.path.join(OUT, "bad", "truncated_shp")
    shx = open(path + ".shx", "rb").read()
    offset3 = int.from_bytes(shx[100 + 16 : 104 + 16], "big") * 2
    data = open(path + ".shp", "rb").read()
    open(path + ".shp", "wb").write(data[: offset3 + 40])
    # Record 1 claims two billion points.
    copy_set("gbk_parcels", "lying_counts")
    path = os.path.join(OUT, "bad", "lying_counts.shp")
    data = bytearray(open(path, "rb").read())
    at = 100 + 8 + 40  # record 1: header, shape type, box, parts → points count
    data[at : at + 4] = (2_000_000_000).to_bytes(4, "little")
    open(path, "wb").write(bytes(data))


def main():
    os.makedirs(os.path.join(OUT, "bad"), exist_ok=True)
    write_parcels("gbk_parcels", "gbk", "GBK", ESRI_PRJ)
    write_parcels("gbk_no_cpg", "gbk", None, GDAL_PRJ)
    write_big5()
    write_points_and_lines()
    write_bad()
    expected = {
        "epsg": 4548,
        "parcels": [
            {"name": n, "code": c, "use": u, "plot": p, "polygons": polys}
            for n, c, u, p, polys in PARCELS
        ],
        "facilities": [
            {"name": n, "category": c, "xy": [X0 + x, Y0 + y]} for n, c, x, y in FACILITIES
        ],
        "streets": [
            {"name": n, "line": [[X0 + x, Y0 + y] for x, y in line]} for n, line in STREETS
        ],
    }
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main()
