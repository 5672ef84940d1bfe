#!/usr/bin/env python3
"""Writes the DXF fixtures of tests/dxf/ with ezdxf (an independent DXF library), so
the import tests read drawings Strata's own writer never made. Run from the repository
root: `python3 tests/tools/make_dxf_fixtures.py` (pip install ezdxf). The output is
committed; the tests need no Python.

Coordinates are CGCS2000 / 3-degree Gauss-Kruger CM 117E (EPSG:4548), near the
central meridian (x about 500 000 m, y about 4 428 000 m: latitude 40 N).
"""
import os
import sys

import ezdxf

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "dxf")
X0, Y0 = 499_800.0, 4_428_000.0


def rect(x, y, w, h):
    return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]


def site_gbk_r2000():
    """GBK R2000 drawing: parcels on layer 地块, codes and names as TEXT inside."""
    doc = ezdxf.new("R2000")
    doc.encoding = "gbk"  # $DWGCODEPAGE ANSI_936
    for name in ["地块", "道路", "设施", "标注"]:
        doc.layers.add(name)
    msp = doc.modelspace()
    # P1: a rectangle with the code and the name as two texts.
    msp.add_lwpolyline(rect(X0, Y0, 100.0, 80.0), close=True, dxfattribs={"layer": "地块"})
    msp.add_text("0701", dxfattribs={"layer": "标注", "insert": (X0 + 40, Y0 + 45), "height": 3})
    msp.add_text("幸福里小区", dxfattribs={"layer": "标注", "insert": (X0 + 40, Y0 + 35), "height": 3})
    # P2: an L-shape, code and name in one text, fractional coordinates (mm matter).
    l_shape = [(X0 + 120.125, Y0), (X0 + 220.5, Y0), (X0 + 220.5, Y0 + 40.25),
               (X0 + 170.75, Y0 + 40.25), (X0 + 170.75, Y0 + 90.875), (X0 + 120.125, Y0 + 90.875)]
    msp.add_lwpolyline(l_shape, close=True, dxfattribs={"layer": "地块"})
    msp.add_text("0901 商业中心", dxfattribs={"layer": "地块", "insert": (X0 + 130, Y0 + 20), "height": 3})
    # P3: an old-style closed 2D POLYLINE.
    msp.add_polyline2d(rect(X0, Y0 + 100, 90.0, 60.0), close=True, dxfattribs={"layer": "地块"})
    msp.add_text("1401", dxfattribs={"layer": "标注", "insert": (X0 + 30, Y0 + 130), "height": 3})
    msp.add_text("中心公园", dxfattribs={"layer": "标注", "insert": (X0 + 30, Y0 + 120), "height": 3})
    # P4: a parcel with no text (no use).
    msp.add_lwpolyline(rect(X0 + 120, Y0 + 100, 50.0, 50.0), close=True, dxfattribs={"layer": "地块"})
    # P5: a parcel drawn only as a HATCH (polyline boundary path).
    hatch = msp.add_hatch(color=3, dxfattribs={"layer": "地块"})
    hatch.paths.add_polyline_path(rect(X0 + 190, Y0 + 100, 40.0, 30.0), is_closed=True)
    msp.add_text("0801 社区医院", dxfattribs={"layer": "标注", "insert": (X0 + 195, Y0 + 110), "height": 2})
    # A hatch filling P1: the same ring again, skipped as a duplicate.
    fill = msp.add_hatch(color=2, dxfattribs={"layer": "地块"})
    fill.paths.add_polyline_path(rect(X0, Y0, 100.0, 80.0), is_closed=True)
    # A self-intersecting (bow-tie) closed polyline: reported by handle and skipped.
    bow = [(X0 + 250, Y0), (X0 + 290, Y0 + 40), (X0 + 290, Y0), (X0 + 250, Y0 + 40)]
    msp.add_lwpolyline(bow, close=True, dxfattribs={"layer": "地块"})
    # A circle on the parcel layer: not a parcel shape, counted as skipped.
    msp.add_circle((X0 + 300, Y0 + 100), 5, dxfattribs={"layer": "地块"})
    # A street: an open polyline on layer 道路.
    msp.add_lwpolyline([(X0 - 10, Y0 - 10), (X0 + 300, Y0 - 10), (X0 + 300, Y0 + 200)],
                       dxfattribs={"layer": "道路"})
    # Facilities: blocks named by category, one point, one text for --category-from text.
    for name in ["kindergarten", "health_center"]:
        block = doc.blocks.new(name)
        block.add_circle((0, 0), 2)
    msp.add_blockref("kindergarten", (X0 + 60, Y0 + 20), dxfattribs={"layer": "设施"})
    msp.add_blockref("health_center", (X0 + 200, Y0 + 115), dxfattribs={"layer": "设施"})
    msp.add_point((X0 + 150, Y0 + 120), dxfattribs={"layer": "设施"})
    doc.saveas(os.path.join(OUT, "site_gbk_r2000.dxf"))
    return doc


def bulges_mtext():
    """R2018 (UTF-8) drawing in millimetres with a local origin: bulges, an edge-path
    hatch and MTEXT with formatting codes."""
    doc = ezdxf.new("R2018")
    doc.layers.add("PARCEL")
    msp = doc.modelspace()
    # 100 m x 60 m rectangle (mm) whose top edge is a half circle bulging outwards:
    # going from (100000, 60000) to (0, 60000) counter-clockwise, bulge 1 = 180 degrees.
    pts = [(0, 0, 0, 0, 0), (100_000, 0, 0, 0, 0), (100_000, 60_000, 0, 0, 1.0),
           (0, 60_000, 0, 0, 0)]
    msp.add_lwpolyline(pts, format="xyseb", close=True, dxfattribs={"layer": "PARCEL"})
    msp.add_mtext(r"{\fSimSun|b0|i0|c134|p2;\C1;0701}\P{\H2.5x;锦绣\~花园}",
                  dxfattribs={"layer": "PARCEL", "insert": (40_000, 40_000), "char_height": 2500})
    # A hatch with an edge path: a 40 m x 40 m square whose right side is a half circle
    # (centre (180 m, 20 m), radius 20 m), counter-clockwise.
    hatch = msp.add_hatch(color=1, dxfattribs={"layer": "PARCEL"})
    path = hatch.paths.add_edge_path()
    path.add_line((140_000, 0), (180_000, 0))
    path.add_arc((180_000, 20_000), radius=20_000, start_angle=-90, end_angle=90, ccw=True)
    path.add_line((180_000, 40_000), (140_000, 40_000))
    path.add_line((140_000, 40_000), (140_000, 0))
    msp.add_mtext(r"\A1;\LR2\l {\C3;商务} 办公", dxfattribs={"layer": "PARCEL", "insert": (150_000, 20_000)})
    # A hatch with a hole: 30 m x 30 m minus 10 m x 10 m (its paths: outer, then inner).
    holed = msp.add_hatch(color=3, dxfattribs={"layer": "PARCEL"})
    holed.paths.add_polyline_path(rect(250_000, 0, 30_000, 30_000), is_closed=True, flags=1)
    holed.paths.add_polyline_path(rect(260_000, 10_000, 10_000, 10_000), is_closed=True, flags=0)
    msp.add_text("1401 口袋公园", dxfattribs={"layer": "PARCEL", "insert": (252_000, 2_000), "height": 1000})
    # A LINE on the parcel layer: counted as skipped.
    msp.add_line((0, -5_000), (100_000, -5_000), dxfattribs={"layer": "PARCEL"})
    doc.saveas(os.path.join(OUT, "bulges_mtext.dxf"))


def bad_files(site):
    """The site as binary DXF (read, hatches excepted), and bad input: a DWG renamed,
    a truncated file, no closed polylines."""
    site.saveas(os.path.join(OUT, "site_gbk_r2000_binary.dxf"), fmt="bin")
    with open(os.path.join(OUT, "bad", "dwg_renamed.dxf"), "wb") as f:
        f.write(b"AC1032" + bytes(range(256)) * 4)
    with open(os.path.join(OUT, "site_gbk_r2000.dxf"), "rb") as f:
        data = f.read()
    with open(os.path.join(OUT, "bad", "truncated.dxf"), "wb") as f:
        f.write(data[: len(data) * 2 // 3])
    doc = ezdxf.new("R2000")
    doc.encoding = "gbk"
    doc.layers.add("地块")
    msp = doc.modelspace()
    msp.add_lwpolyline(rect(X0, Y0, 50, 50), close=False, dxfattribs={"layer": "地块"})
    msp.add_line((X0, Y0), (X0 + 10, Y0 + 10), dxfattribs={"layer": "地块"})
    doc.saveas(os.path.join(OUT, "bad", "no_closed.dxf"))


def main():
    os.makedirs(os.path.join(OUT, "bad"), exist_ok=True)
    site = site_gbk_r2000()
    bulges_mtext()
    bad_files(site)
    print("wrote", os.path.abspath(OUT), "with ezdxf", ezdxf.__version__, file=sys.stderr)


if __name__ == "__main__":
    main()
