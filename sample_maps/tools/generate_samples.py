#!/usr/bin/env python3
"""Generate the Strata sample plans in sample_maps/.

    python3 sample_maps/tools/generate_samples.py        # writes the four .geojson files
    python3 sample_maps/tools/check_samples.py           # validates them

Requires python3 with pyproj and shapely (pip install pyproj shapely).

Every plan is designed in local metres (x east, y north) and converted to WGS84
longitude/latitude (RFC 7946, 8 decimals) with the transverse Mercator the program
uses for its local frame: +proj=tmerc, scale factor 1, WGS84 ellipsoid, centred on
the plan.  Areas computed here in metres are therefore what the program sees.

The geometry and all figures are invented; the stories are loosely based on
published renewal cases (see sample_maps/README.md).
"""
import json
import math
import os
import re
import sys

from pyproj import Proj
from shapely.geometry import LineString, Point, Polygon
from shapely.geometry.polygon import orient

MU = 10000.0 / 15.0  # m² per mu

RIGHTS = {"ownership", "construction_land_use", "lease", "easement", "operation", "other"}
STATUSES = {"existing", "idle", "underused", "heritage", "micro_renovation", "planned", "released"}


def tmerc(lon0, lat0):
    return Proj(f"+proj=tmerc +lat_0={lat0} +lon_0={lon0} +k=1 +x_0=0 +y_0=0 "
                f"+ellps=WGS84 +units=m")


def rect(x0, y0, x1, y1):
    return Polygon([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])


def _check_sum(pairs, what):
    total = 0.0
    for _, s in pairs:
        total += s
    if total != 1.0:
        raise ValueError(f"{what} shares sum to {total!r}, not 1: {pairs}")


def stratum(sid, z, uses, holders, right="construction_land_use", term=None,
            floors=None, facilities=(), note=None, footprint=None, **extra):
    """One stratum. uses/holders: lists of (code|name, share). term: (start, years).
    footprint: optional shapely Polygon in metres (part of the parcel)."""
    _check_sum(uses, "use")
    _check_sum(holders, "holder")
    assert z[0] < z[1], z
    assert right in RIGHTS, right
    s = {"id": sid, "z": [z[0], z[1]]}
    if floors is not None:
        assert isinstance(floors, int) and floors > 0
        s["floors"] = floors
    s["uses"] = [{"code": c, "share": sh} for c, sh in uses]
    s["holders"] = [{"name": n, "share": sh} for n, sh in holders]
    s["right"] = right
    if term is not None:
        s["term"] = {"start": term[0], "years": term[1]}
    s["facilities"] = list(facilities)
    if note:
        s["note"] = note
    if footprint is not None:
        s["_footprint"] = footprint
    s.update(extra)
    return s


class Plan:
    def __init__(self, filename, name, lon0, lat0, origin=(0.0, 0.0)):
        """origin: the design coordinates (metres) of the point (lon0, lat0)."""
        self.filename = filename
        self.name = name
        self.proj = tmerc(lon0, lat0)
        self.origin = origin
        self.features = []          # output features in order
        self.streets = []           # (fid, scenario, name, [pts]) until finish()
        self.metric = []            # (feature, shapely geometry in metres)
        self._n = {}

    # ids -----------------------------------------------------------------
    def _id(self, prefix):
        self._n[prefix] = self._n.get(prefix, 0) + 1
        return f"{prefix}-{self._n[prefix]}"

    # coordinates -----------------------------------------------------------
    def ll(self, x, y):
        lon, lat = self.proj(x - self.origin[0], y - self.origin[1], inverse=True)
        return [round(lon, 8), round(lat, 8)]

    def ring(self, poly):
        poly = orient(poly, 1.0)  # exterior counter-clockwise
        assert not list(poly.interiors)
        return [self.ll(x, y) for x, y in poly.exterior.coords]

    # features --------------------------------------------------------------
    def parcel(self, scenario, name, status, geom, strata, population=None, **extra):
        poly = geom if isinstance(geom, Polygon) else Polygon(geom)
        poly = Polygon(poly.exterior.coords)  # drop any repeated closing logic
        assert poly.is_valid and poly.area > 0, name
        assert status in STATUSES, status
        fid = self._id("p")
        out_strata = []
        for s in strata:
            s = dict(s)
            fp = s.pop("_footprint", None)
            if fp is not None:
                assert fp.geom_type == "Polygon" and fp.is_valid, (name, fp.geom_type)
                assert fp.difference(poly).area < 0.01, name
                # put footprint right after z so it reads naturally (converted in finish())
                s2 = {}
                for k, v in s.items():
                    s2[k] = v
                    if k == "z":
                        s2["footprint"] = fp
                s = s2
            out_strata.append(s)
        props = {"kind": "parcel", "scenario": scenario, "name": name, "status": status,
                 "strata": out_strata, "population": population}
        props.update(extra)
        f = {"type": "Feature", "id": fid,
             "geometry": {"type": "Polygon", "coordinates": poly},
             "properties": props}
        self.features.append(f)
        self.metric.append((f, poly))
        return fid

    # noding --------------------------------------------------------------------
    @staticmethod
    def _node_ring(coords, vertices, eps=1e-6):
        """Insert into each edge of a ring every vertex (of any polygon of the same
        scenario) that lies on the edge.  Neighbouring parcels then share exactly the
        same vertices along common edges, so rounding to 8 decimals cannot open
        slivers between them."""
        pts = [tuple(c) for c in coords[:-1]]
        out = []
        for i, a in enumerate(pts):
            b = pts[(i + 1) % len(pts)]
            out.append(a)
            dx, dy = b[0] - a[0], b[1] - a[1]
            L = math.hypot(dx, dy)
            on = []
            for v in vertices:
                if v == a or v == b:
                    continue
                if not (min(a[0], b[0]) - eps <= v[0] <= max(a[0], b[0]) + eps and
                        min(a[1], b[1]) - eps <= v[1] <= max(a[1], b[1]) + eps):
                    continue
                if abs(dx * (v[1] - a[1]) - dy * (v[0] - a[0])) / L > eps:
                    continue
                t = (dx * (v[0] - a[0]) + dy * (v[1] - a[1])) / L
                if eps < t < L - eps:
                    on.append((t, v))
            for t, v in sorted(set(on)):
                if math.hypot(v[0] - out[-1][0], v[1] - out[-1][1]) > eps:
                    out.append(v)
        poly = Polygon(out)
        assert poly.is_valid, out
        return poly

    def _convert_parcels(self):
        for scen in ("existing", "proposed"):
            feats = [f for f in self.features
                     if f["properties"]["kind"] == "parcel" and f["properties"]["scenario"] == scen]
            polys = []
            for f in feats:
                polys.append(f["geometry"]["coordinates"])
                for s in f["properties"]["strata"]:
                    if isinstance(s.get("footprint"), Polygon):
                        polys.append(s["footprint"])
            vertices = {tuple(c) for p in polys for c in p.exterior.coords}
            for f in feats:
                f["geometry"]["coordinates"] = [self.ring(self._node_ring(
                    f["geometry"]["coordinates"].exterior.coords, vertices))]
                for s in f["properties"]["strata"]:
                    if isinstance(s.get("footprint"), Polygon):
                        s["footprint"] = [self.ring(self._node_ring(s["footprint"].exterior.coords,
                                                                    vertices))]

    def facility(self, scenario, category, name, xy, **extra):
        fid = self._id("f")
        props = {"kind": "facility", "scenario": scenario, "category": category, "name": name}
        props.update(extra)
        f = {"type": "Feature", "id": fid,
             "geometry": {"type": "Point", "coordinates": self.ll(*xy)},
             "properties": props}
        self.features.append(f)
        self.metric.append((f, Point(xy)))
        return fid

    def other(self, prefix, kind, scenario, xy, **props):
        fid = self._id(prefix)
        p = {"kind": kind, "scenario": scenario}
        p.update(props)
        f = {"type": "Feature", "id": fid,
             "geometry": {"type": "Point", "coordinates": self.ll(*xy)},
             "properties": p}
        self.features.append(f)
        self.metric.append((f, Point(xy)))
        return fid

    def street(self, scenario, name, pts):
        fid = self._id("st")
        self.streets.append([fid, scenario, name, [tuple(map(float, p)) for p in pts]])
        return fid

    # crossings ---------------------------------------------------------------
    @staticmethod
    def _insert_vertex(pts, p, eps=1e-6):
        """Insert p into polyline pts (on a segment); return the vertex actually used."""
        for q in pts:
            if abs(q[0] - p[0]) < eps and abs(q[1] - p[1]) < eps:
                return q
        line = LineString(pts)
        d = line.project(Point(p))
        acc = 0.0
        for i in range(len(pts) - 1):
            seg = LineString([pts[i], pts[i + 1]])
            if acc - eps <= d <= acc + seg.length + eps and seg.distance(Point(p)) < 1e-6:
                pts.insert(i + 1, p)
                return p
            acc += seg.length
        raise ValueError(f"cannot insert {p}")

    def _add_crossings(self):
        for scen in ("existing", "proposed"):
            lines = [s for s in self.streets if s[1] == scen]
            for i in range(len(lines)):
                for j in range(i + 1, len(lines)):
                    a, b = lines[i][3], lines[j][3]
                    inter = LineString(a).intersection(LineString(b))
                    if inter.is_empty:
                        continue
                    if inter.geom_type == "Point":
                        pts = [inter]
                    elif inter.geom_type == "MultiPoint":
                        pts = list(inter.geoms)
                    else:
                        raise ValueError(f"streets {lines[i][2]} and {lines[j][2]} overlap: "
                                         f"{inter.geom_type}")
                    for p in pts:
                        p = (p.x, p.y)
                        # prefer an existing vertex of either line
                        for q in a + b:
                            if abs(q[0] - p[0]) < 1e-6 and abs(q[1] - p[1]) < 1e-6:
                                p = q
                                break
                        self._insert_vertex(a, p)
                        self._insert_vertex(b, p)

    # output ----------------------------------------------------------------
    def finish(self, path):
        self._convert_parcels()
        self._add_crossings()
        for fid, scen, name, pts in self.streets:
            f = {"type": "Feature", "id": fid,
                 "geometry": {"type": "LineString",
                              "coordinates": [self.ll(x, y) for x, y in pts]},
                 "properties": {"kind": "street", "scenario": scen, "name": name,
                                "walkable": True}}
            self.features.append(f)
            self.metric.append((f, LineString(pts)))
        fc = {"type": "FeatureCollection",
              "strata": {"format": 1, "name": self.name, "classification": "cn-2023",
                         "standard": "gb50180-2018"},
              "features": self.features}
        text = json.dumps(fc, ensure_ascii=False, indent=2)
        # put each position / z pair on one line
        text = re.sub(r"\[\s*(-?[0-9.eE+-]+),\s*(-?[0-9.eE+-]+)\s*\]", r"[\1, \2]", text)
        # small flat objects ({"code", "share"}, {"start", "years"}) and lists of strings on one line
        def one_line(m):
            return re.sub(r"\n\s*", " ", m.group(0)).replace("{ ", "{").replace(" }", "}") \
                .replace("[ ", "[").replace(" ]", "]")
        text = re.sub(r"\{\n[^{}\[\]]*?\n\s*\}", one_line, text)
        text = re.sub(r"\[\n\s*\"[^{}\[\]]*?\n\s*\]", one_line, text)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        return fc


# =============================================================================
# 1. Wenzhou: sunk sewage plant with a sports park on its roof; released land
# =============================================================================

WZ_DRAIN = "温州市排水有限公司 (Wenzhou Drainage Co.)"
WZ_CITY = "温州市人民政府 (Wenzhou City)"
WZ_RESERVE = "温州市土地储备中心 (Wenzhou Land Reserve Centre)"
WZ_GRID = "国网温州供电公司 (State Grid Wenzhou Power Supply Co.)"
WZ_PARKS = "温州市园林绿化管理处 (Wenzhou Parks and Greening Office)"
WZ_DEV = "温州城发置业有限公司 (Wenzhou Urban Development Property Co.)"
WZ_EDU = "温州市龙湾区教育局 (Longwan District Education Bureau)"


def wenzhou(outdir):
    W0 = 500.0
    H0 = 287 * MU / W0                     # old plant: exactly 287 mu
    yb, yt = -H0 / 2, H0 / 2
    x0 = -250.0 - 50.0                     # 50 m protective belt on the west
    y0 = yb - 40.0                         # 40 m protective belt on the south
    y1 = yt + 35.0                         # 35 m pylon corridor on the north
    EXIST_TOTAL = 403 * MU                 # plant 287 mu + belt, corridor, idle land 116 mu
    X1 = x0 + EXIST_TOTAL / (y1 - y0)      # east edge of the idle strip
    GAP = 20.0                             # road reserve between blocks (street on its centre line)
    # new plant site east of the old works, across 沙城路 (exactly 95 mu)
    nx0, nw = X1 + GAP, 300.0
    nh = 95 * MU / nw
    ny0, ny1 = y0, y0 + nh
    nx1 = nx0 + nw

    cx = (x0 - GAP / 2 + nx1 + GAP / 2) / 2
    cy = (y0 - GAP / 2 + y1 + GAP / 2) / 2
    P = Plan("wenzhou_sports_park.geojson",
             "温州东片污水处理厂迁建与屋顶体育公园 (Wenzhou East sewage plant: sunk plant, roof sports park, released land)",
             120.70, 27.99, origin=(cx, cy))

    # ---------------- existing ----------------
    E = "existing"
    P.parcel(E, "温州东片污水处理厂（老厂） (Wenzhou East sewage plant, old open-air works)", "existing",
             rect(-250, yb, 250, yt),
             [stratum("s1", (-5, 10), [("1302", 1.0)], [(WZ_DRAIN, 1.0)],
                      term=("1996-07-01", 50), floors=1,
                      note="open-air aeration tanks and sludge beds; odour and noise require a protective belt")],
             population=None)
    P.parcel(E, "污水厂卫生防护绿带 (plant protective green belt)", "existing",
             [(x0, y0), (250, y0), (250, yb), (-250, yb), (-250, yt), (x0, yt)],
             [stratum("s1", (0, 10), [("1402", 1.0)], [(WZ_PARKS, 1.0)],
                      term=("1996-07-01", 50),
                      note="sanitary protection belt required by the open-air plant")])
    P.parcel(E, "110 kV 东排线高压走廊 (110 kV overhead line corridor)", "existing",
             rect(x0, yt, 250, y1),
             [stratum("s1", (0, 40), [("1402", 0.85), ("1303", 0.15)], [(WZ_GRID, 1.0)],
                      right="easement", term=("1998-03-01", 50),
                      note="land under the 110 kV line; pylon bases are supply land, the rest a corridor of protective green")])
    P.parcel(E, "厂区东侧空闲地 (idle land east of the plant)", "idle",
             rect(250, y0, X1, y1),
             [stratum("s1", (0, 10), [("2301", 1.0)], [(WZ_RESERVE, 1.0)], right="other",
                      note="acquired in 2009 for plant expansion, never built")])
    P.parcel(E, "沙城路东预留市政设施用地 (reserved utility site east of Shacheng Road)", "idle",
             rect(nx0, ny0, nx1, ny1),
             [stratum("s1", (0, 10), [("16", 1.0)], [(WZ_RESERVE, 1.0)], right="other",
                      note="white (reserved) land kept for a future utility; site of the new plant")])
    ym = (yt + y1) / 2
    for i, x in enumerate([-285.0, -150.0, -15.0, 120.0, 240.0]):
        P.other("py", "pylon", E, (x, ym), voltage_kv=110,
                name=f"110 kV 东排线 N{7 + i} 号塔 (110 kV line, pylon N{7 + i})",
                line="110 kV 东排线 (Dongpai line)")

    # streets around the old works (existing city roads)
    sx_w, sx_e = x0 - GAP / 2, X1 + GAP / 2
    sy_s, sy_n = y0 - GAP / 2, y1 + GAP / 2
    for scen in ("existing", "proposed"):
        P.street(scen, "蒲州路 (Puzhou Road)", [(sx_w, sy_s), (sx_w, sy_n)])
        P.street(scen, "滨海大道 (Binhai Avenue)", [(sx_w, sy_s), (nx1 + GAP / 2, sy_s)])
        P.street(scen, "永兴路 (Yongxing Road)", [(sx_w, sy_n), (sx_e, sy_n)])
        P.street(scen, "沙城路 (Shacheng Road)", [(sx_e, sy_s), (sx_e, sy_n)])

    # ---------------- proposed ----------------
    Q = "proposed"
    P.parcel(Q, "温州东片污水处理厂（新厂）与屋顶体育公园 (Wenzhou East sewage plant, new works with roof sports park)",
             "planned", rect(nx0, ny0, nx1, ny1),
             [stratum("s1", (-12, 3), [("1302", 1.0)], [(WZ_DRAIN, 1.0)],
                      term=("2024-01-01", 50), floors=2,
                      note="half-buried enclosed sewage plant (半地下式全封闭污水处理厂), deodorised; "
                           "needs no protective belt"),
              stratum("s2", (3, 15), [("1401", 0.8), ("0805", 0.2)], [(WZ_CITY, 1.0)],
                      term=("2024-01-01", 50), floors=1,
                      facilities=["sports_large", "sports_small"],
                      note="sports park on the plant roof: football pitches, courts, running loop")],
             population=None)

    mid = 4.0    # half width of the internal street reserve (8 m living street)
    dev_term = ("2025-07-01", 70)

    def housing(name, poly, far, note):
        pop = int(round(poly.area * far / 36.0 / 10.0) * 10)
        return P.parcel(Q, name, "released", poly,
                        [stratum("s1", (-6, 60), [("0701", 1.0)], [(WZ_DEV, 1.0)],
                                 term=dev_term, floors=18, note=note)],
                        population=pop)

    housing("瓯江府一期 (Oujiang Residences, phase 1)", rect(x0, 60, -mid, y1), 2.5,
            "18-storey towers, FAR 2.5, one basement level; population from 36 m² per person")
    housing("瓯江府二期 (Oujiang Residences, phase 2)", rect(x0, -100, -mid, 60), 2.5,
            "18-storey towers, FAR 2.5, one basement level")
    P.parcel(Q, "东片商务楼群 (Dongpian office cluster)", "released", rect(x0, y0, -mid, -100),
             [stratum("s1", (-6, 80), [("0902", 0.85), ("090101", 0.15)], [(WZ_DEV, 1.0)],
                      term=("2025-07-01", 40), floors=20,
                      note="offices with shops on the ground floor")])
    kg = rect(mid, 40, mid + 80, 120)
    P.parcel(Q, "东片幼儿园 (Dongpian kindergarten)", "released", kg,
             [stratum("s1", (0, 12), [("080404", 1.0)], [(WZ_EDU, 1.0)],
                      term=("2025-07-01", 50), floors=3, facilities=["kindergarten"],
                      note="9-class kindergarten")])
    e1 = rect(mid, 40, X1, y1).difference(kg)
    housing("滨江悦府 (Binjiang Yuefu)", e1, 2.6,
            "18-storey towers, FAR 2.6, one basement level")
    P.parcel(Q, "东片总部商务区 (Dongpian headquarters offices)", "released", rect(mid, -100, X1, 40),
             [stratum("s1", (-6, 90), [("0902", 1.0)], [(WZ_DEV, 1.0)],
                      term=("2025-07-01", 40), floors=22)])
    P.parcel(Q, "东片邻里商业中心 (Dongpian neighbourhood retail centre)", "released",
             rect(mid, y0, X1, -100),
             [stratum("s1", (-6, 20), [("090101", 0.7), ("090103", 0.3)], [(WZ_DEV, 1.0)],
                      term=("2025-07-01", 40), floors=4,
                      facilities=["fresh_market", "convenience"],
                      note="fresh market, supermarket and restaurants")])

    P.street(Q, "东片中路 (Dongpian Middle Road)", [(0.0, sy_s), (0.0, sy_n)])
    ps_n = ny1 + GAP / 2
    P.street(Q, "体育公园北路 (Sports Park North Road)", [(sx_e, ps_n), (nx1 + GAP / 2, ps_n)])
    P.street(Q, "体育公园东路 (Sports Park East Road)", [(nx1 + GAP / 2, sy_s), (nx1 + GAP / 2, ps_n)])

    P.facility(Q, "bus_stop", "体育公园站 (Sports Park bus stop)", ((nx0 + nx1) / 2, sy_s - 6))
    P.facility(Q, "bus_stop", "瓯江府站 (Oujiang Residences bus stop)", (sx_w - 6, 60.0))
    P.facility(Q, "health_station", "东片社区卫生服务站 (Dongpian health station)", (-150.0, -95.0))
    P.facility(Q, "community_station", "瓯江府社区服务站 (Oujiang community service station)", (-150.0, 65.0))
    P.facility(Q, "elderly_daycare", "瓯江府老年人日间照料中心 (Oujiang elderly day-care centre)", (-60.0, 65.0))
    P.facility(Q, "convenience", "滨江悦府便利店 (Binjiang Yuefu convenience store)", (150.0, 45.0))
    P.facility(Q, "convenience", "瓯江府便利店 (Oujiang convenience store)", (-150.0, 200.0))
    P.facility(Q, "community_station", "滨江悦府社区服务站 (Binjiang Yuefu community service station)", (200.0, 130.0))
    P.facility(Q, "bus_stop", "沙城路站 (Shacheng Road bus stop)", (sx_e + 6, 100.0))
    P.facility(Q, "sports_small", "瓯江府健身场地 (Oujiang outdoor fitness ground)", (-240.0, 150.0))

    return P.finish(os.path.join(outdir, P.filename))


# =============================================================================
# 2. Xiong'an: a new district planned as a 15-minute life circle (default map)
# =============================================================================

XA_DEV = "中国雄安集团城市发展投资有限公司 (China Xiong'an Group Urban Development Co.)"
XA_GOV = "雄安新区管理委员会 (Xiong'an New Area Administration)"
XA_EDU = "雄安新区公共服务局 (Xiong'an Public Services Bureau)"
XA_RAIL = "雄安轨道交通有限公司 (Xiong'an Rail Transit Co.)"
XA_VILLAGE = "东庄村集体经济组织 (Dongzhuang village collective)"

XA_ESTATES = [
    ("和园", "He Yuan"), ("安居苑", "Anju Yuan"), ("乐民里", "Lemin Li"), ("容华苑", "Ronghua Yuan"),
    ("康宁里", "Kangning Li"), ("泰和苑", "Taihe Yuan"), ("福顺里", "Fushun Li"), ("金湖苑", "Jinhu Yuan"),
    ("昌和里", "Changhe Li"), ("德馨苑", "Dexin Yuan"), ("善水里", "Shanshui Li"), ("白洋苑", "Baiyang Yuan"),
    ("淀南里", "Diannan Li"), ("秀林苑", "Xiulin Yuan"), ("清风里", "Qingfeng Li"), ("兴容苑", "Xingrong Yuan"),
    ("悦容里", "Yuerong Li"), ("荷香苑", "Hexiang Yuan"), ("芦苇里", "Luwei Li"), ("溪畔苑", "Xipan Yuan"),
    ("朝阳里", "Chaoyang Li"), ("鹤鸣苑", "Heming Yuan"), ("雁栖里", "Yanqi Li"), ("文昌苑", "Wenchang Yuan"),
    ("春晖里", "Chunhui Li"), ("明德苑", "Mingde Yuan"), ("弘毅里", "Hongyi Li"), ("怡然苑", "Yiran Yuan"),
    ("长乐里", "Changle Li"), ("永安苑", "Yong'an Yuan"), ("嘉禾里", "Jiahe Li"), ("丰泽苑", "Fengze Yuan"),
    ("瑞景里", "Ruijing Li"), ("锦绣苑", "Jinxiu Yuan"), ("静安里", "Jing'an Li"), ("翠微苑", "Cuiwei Yuan"),
]

# street grid (centre lines, metres); block (c, r): column c from the west, row r from the south
XA_X = [0.0, 210.0, 420.0, 630.0, 840.0, 1050.0, 1260.0, 1470.0]
XA_Y = [0.0, 190.0, 380.0, 570.0, 760.0, 950.0, 1140.0]
XA_SB = 10.0   # parcels are set back 10 m from street centre lines (20 m streets)

XA_NS = ["西环路 (West Ring Road)", "乐民街 (Lemin Street)", "容和路 (Ronghe Road)", "金湖路 (Jinhu Road)",
         "德政路 (Dezheng Road)", "容善街 (Rongshan Street)", "安居路 (Anju Road)", "东环路 (East Ring Road)"]
XA_EW = ["南环路 (South Ring Road)", "昌和街 (Changhe Street)", "容兴街 (Rongxing Street)",
         "泰和路 (Taihe Road)", "福顺街 (Fushun Street)", "康宁街 (Kangning Street)", "北环路 (North Ring Road)"]

# 5-minute "neighbourhood station" bundle hosted on a ground floor
NODE = ["community_station", "culture_station", "elderly_daycare", "health_station", "convenience"]
NODE_NO_DAYCARE = ["community_station", "culture_station", "health_station", "convenience"]

# residential block types: A = towers, explicit population (FAR); B = perimeter block, population
# derived from its footprint x floors / 36 m².  cuts: (kind, corner, w, h)
#   K kindergarten parcel, P5 pocket park >= 0.4 ha, P10 park strip >= 1 ha, G garden < 0.4 ha
XA_BLOCKS = {
    # row 5 (north)
    (0, 5): dict(t="B", floors=7, cuts=[("P5", "SE", 70, 80)]),
    (1, 5): dict(t="A", far=1.8, floors=12, host=NODE_NO_DAYCARE + ["fresh_market"], cuts=[("K", "SE", 70, 90)]),
    (2, 5): dict(t="B", floors=7, cuts=[]),
    (3, 5): dict(t="A", far=1.8, floors=12, host=NODE, cuts=[("K", "SE", 70, 90)]),
    (4, 5): dict(t="B", floors=7, cuts=[("P10", "W", 80, 170)]),
    (5, 5): dict(t="A", far=1.8, floors=12, host=NODE, cuts=[]),
    (6, 5): dict(t="B", floors=7, cuts=[("P5", "SW", 70, 80)]),
    # row 4
    (0, 4): dict(t="A", far=1.8, floors=12, host=NODE, cuts=[]),
    (1, 4): dict(t="school", name=("容东第一小学", "Rongdong No.1 Primary School")),
    (2, 4): dict(t="B", floors=7, cuts=[("K", "SE", 70, 90)]),
    (3, 4): dict(t="B", floors=7, cuts=[("P5", "NW", 70, 80)]),
    (4, 4): dict(t="A", far=1.8, floors=12, host=[], cuts=[]),
    (5, 4): dict(t="school", name=("容东第二小学", "Rongdong No.2 Primary School")),
    (6, 4): dict(t="B", floors=7, cuts=[("P10", "N", 190, 60)]),
    # row 3
    (0, 3): dict(t="B", floors=7, cuts=[("K", "SE", 70, 90)]),
    (1, 3): dict(t="A", far=2.0, floors=12, host=NODE, cuts=[("P10", "S", 190, 80)]),
    (2, 3): dict(t="civic"),
    (3, 3): dict(t="park15"),
    (4, 3): dict(t="sports_elderly"),
    (5, 3): dict(t="A", far=1.8, floors=12, host=NODE, cuts=[]),
    (6, 3): dict(t="B", floors=7, cuts=[("P5", "NE", 70, 80)]),
    # row 2
    (0, 2): dict(t="B", floors=7, cuts=[("P5", "SE", 70, 80)]),
    (1, 2): dict(t="westcentre"),
    (2, 2): dict(t="middle"),
    (3, 2): dict(t="park15-part"),
    (4, 2): dict(t="mall"),
    (5, 2): dict(t="A", far=1.8, floors=12, host=[], cuts=[("K", "SE", 70, 90), ("P10", "W", 80, 170)]),
    (6, 2): dict(t="B", floors=7, cuts=[]),
    # row 1
    (0, 1): dict(t="B", floors=7, cuts=[("P10", "N", 190, 60)]),
    (1, 1): dict(t="school", name=("容东第三小学", "Rongdong No.3 Primary School")),
    (2, 1): dict(t="A", far=1.8, floors=12, host=NODE_NO_DAYCARE, cuts=[("K", "SE", 70, 90)]),
    (3, 1): dict(t="B", floors=7, host=["elderly_daycare"], cuts=[("P5", "SW", 70, 80)]),
    (4, 1): dict(t="A", far=1.8, floors=12, host=NODE, cuts=[]),
    (5, 1): dict(t="B", floors=7, cuts=[("K", "SE", 70, 90)]),
    (6, 1): dict(t="A", far=1.8, floors=12, host=NODE, cuts=[("P5", "NW", 70, 80)]),
    # row 0 (south)
    (0, 0): dict(t="B", floors=7, cuts=[("P5", "NE", 70, 80)]),
    (1, 0): dict(t="A", far=1.8, floors=12, host=NODE_NO_DAYCARE, cuts=[("K", "NE", 70, 90)]),
    (2, 0): dict(t="B", floors=7, cuts=[("P5", "SW", 70, 80)]),
    (3, 0): dict(t="A", far=1.8, floors=12, host=[], cuts=[("G", "NW", 55, 60)]),
    (4, 0): dict(t="school", name=("容东第四小学", "Rongdong No.4 Primary School")),
    (5, 0): dict(t="A", far=1.8, floors=12, host=NODE, cuts=[("K", "NW", 70, 90)]),
    (6, 0): dict(t="B", floors=7, cuts=[("P5", "NE", 70, 80)]),
}


def xa_block(c, r):
    return (XA_X[c] + XA_SB, XA_Y[r] + XA_SB, XA_X[c + 1] - XA_SB, XA_Y[r + 1] - XA_SB)


def corner_rect(b, corner, w, h):
    x0, y0, x1, y1 = b
    if corner == "SE":
        return rect(x1 - w, y0, x1, y0 + h)
    if corner == "SW":
        return rect(x0, y0, x0 + w, y0 + h)
    if corner == "NE":
        return rect(x1 - w, y1 - h, x1, y1)
    if corner == "NW":
        return rect(x0, y1 - h, x0 + w, y1)
    if corner == "S":
        return rect(x0, y0, x1, y0 + h)
    if corner == "N":
        return rect(x0, y1 - h, x1, y1)
    if corner == "W":
        return rect(x0, y0, x0 + w, y1)
    if corner == "E":
        return rect(x1 - w, y0, x1, y1)
    raise ValueError(corner)


def clean(poly):
    """Normalise a shapely difference result to a simple Polygon without redundant vertices."""
    poly = poly.simplify(0.0)
    assert poly.geom_type == "Polygon", poly.geom_type
    return Polygon(poly.exterior.coords)


def perimeter_footprint(res, b, d):
    """Footprint of a perimeter block: a d-deep band of buildings along the parcel edge,
    open to the south (courtyard facing the sun)."""
    x0, y0, x1, y1 = b
    inner = res.buffer(-d, join_style=2)
    band = res.difference(inner)
    band = band.difference(rect(x0 + d, y0 - 1, x1 - d, y0 + d + 1e-6))
    if band.geom_type != "Polygon":
        band = max(band.geoms, key=lambda g: g.area)
    band = Polygon([(round(x, 3), round(y, 3)) for x, y in band.exterior.coords])
    band = band.simplify(0.001)
    assert band.is_valid and not list(band.interiors), band
    band = band.intersection(res)
    assert band.geom_type == "Polygon", band.geom_type
    return Polygon(band.exterior.coords)


def xiongan(outdir):
    cx, cy = (XA_X[0] + XA_X[-1]) / 2, (XA_Y[0] + XA_Y[-1]) / 2
    P = Plan("xiongan_15min.geojson",
             "雄安新区容东片区十五分钟生活圈 (Xiong'an Rongdong: a 15-minute life-circle district)",
             115.95, 39.03, origin=(cx, cy))
    Q = "proposed"
    names = iter(XA_ESTATES)
    kg_no = [0]
    park_no = [0]
    res_term = ("2021-06-01", 70)
    pub_term = ("2020-10-01", 50)

    def kindergarten(poly, near):
        kg_no[0] += 1
        P.parcel(Q, f"{near[0]}幼儿园 ({near[1]} kindergarten)", "planned", poly,
                 [stratum("s1", (0, 12), [("080404", 1.0)], [(XA_EDU, 1.0)], term=pub_term,
                          floors=3, facilities=["kindergarten"], note="12-class kindergarten")])

    def park(poly, cn, en, note=None):
        P.parcel(Q, f"{cn} ({en})", "planned", poly,
                 [stratum("s1", (0, 10), [("1401", 1.0)], [(XA_GOV, 1.0)], term=pub_term,
                          note=note)])

    for (c, r), spec in sorted(XA_BLOCKS.items(), key=lambda kv: (-kv[0][1], kv[0][0])):
        b = xa_block(c, r)
        blk = rect(*b)
        t = spec["t"]
        if t in ("A", "B"):
            est = next(names)
            res = blk
            for kind, corner, w, h in spec.get("cuts", []):
                cut = corner_rect(b, corner, w, h)
                res = res.difference(cut)
                if kind == "K":
                    kindergarten(cut, est)
                elif kind == "P5":
                    park_no[0] += 1
                    park(cut, f"{est[0]}街角公园", f"{est[1]} corner park",
                         "pocket park, 0.5 ha")
                elif kind == "P10":
                    park(cut, f"{est[0]}社区公园", f"{est[1]} community park",
                         "community park with a multi-use court")
                elif kind == "G":
                    park(cut, f"{est[0]}小游园", f"{est[1]} garden",
                         "small garden, below the 0.4 ha needed to count as a 5-minute park")
            res = clean(res)
            host = spec.get("host", [])
            if t == "A":
                pop = int(round(res.area * spec["far"] / 36.0 / 10.0) * 10)
                fl = spec["floors"]
                strata = [stratum("s1", (-6, 0), [("0701", 1.0)], [(XA_DEV, 1.0)], term=res_term,
                                  note="residents' garage"),
                          stratum("s2", (0, 4.5), [("0701", 0.6), ("0702", 0.25), ("090101", 0.15)]
                                  if host else [("0701", 0.85), ("090101", 0.15)],
                                  [(XA_DEV, 1.0)], term=res_term, floors=1, facilities=host,
                                  note="ground floor: community rooms and shops" if host
                                  else "ground floor: lobbies and shops"),
                          stratum("s3", (4.5, 4.5 + 3 * (fl - 1)), [("0701", 1.0)], [(XA_DEV, 1.0)],
                                  term=res_term, floors=fl - 1, note=f"{fl}-storey towers")]
                P.parcel(Q, f"{est[0]}住宅组团 ({est[1]} housing)", "planned", res, strata,
                         population=pop)
            else:
                d = 16.0
                x0, y0, x1, y1 = b
                fp = perimeter_footprint(res, b, d)
                fl = spec["floors"]
                strata = [stratum("s1", (-5, 0), [("0701", 1.0)], [(XA_DEV, 1.0)], term=res_term,
                                  note="residents' garage under the whole block"),
                          stratum("s2", (0, 3.0 * fl), [("0701", 1.0)], [(XA_DEV, 1.0)],
                                  term=res_term, floors=fl, facilities=host, footprint=fp,
                                  note=f"{fl}-storey perimeter block open to the south; "
                                       f"population derived from footprint x floors")]
                P.parcel(Q, f"{est[0]}街坊 ({est[1]} courtyard block)", "planned", res, strata,
                         population=None)
        elif t == "school":
            cn, en = spec["name"]
            P.parcel(Q, f"{cn} ({en})", "planned", blk,
                     [stratum("s1", (0, 20), [("080403", 1.0)], [(XA_EDU, 1.0)], term=pub_term,
                              floors=4, facilities=["primary_school"],
                              note="36-class primary school; sports ground open to residents after hours")])
        elif t == "middle":
            P.parcel(Q, "容东第一中学 (Rongdong No.1 Middle School)", "planned", blk,
                     [stratum("s1", (0, 20), [("080403", 1.0)], [(XA_EDU, 1.0)], term=pub_term,
                              floors=4, facilities=["middle_school"], note="36-class junior middle school")])
        elif t == "civic":
            P.parcel(Q, "容东社区综合服务中心 (Rongdong civic centre)", "planned", blk,
                     [stratum("s1", (-6, 0), [("120803", 1.0)], [(XA_GOV, 1.0)], term=pub_term,
                              floors=1, note="public car park, 260 spaces", parking_spaces=260),
                      stratum("s2", (0, 24), [("0803", 0.35), ("0801", 0.45), ("080602", 0.2)],
                              [(XA_GOV, 1.0)], term=pub_term, floors=5,
                              facilities=["culture_center", "community_center", "health_center"],
                              note="street-level community service centre, culture centre and "
                                   "community health centre in one building")])
        elif t == "park15":
            b2 = xa_block(3, 2)
            poly = rect(b2[0], b2[1], b[2], b[3])
            park(poly, "金湖公园", "Jinhu Park", "district park, 6.8 ha, lake and lawns")
        elif t == "park15-part":
            pass
        elif t == "sports_elderly":
            x0, y0, x1, y1 = b
            ymid = (y0 + y1) / 2
            P.parcel(Q, "容东全民健身中心 (Rongdong sports centre)", "planned", rect(x0, y0, x1, ymid),
                     [stratum("s1", (0, 24), [("0805", 1.0)], [(XA_GOV, 1.0)], term=pub_term, floors=2,
                              facilities=["sports_large", "sports_medium"],
                              note="sports hall, swimming pool and outdoor pitches")])
            P.parcel(Q, "容东颐养院 (Rongdong elderly home)", "planned", rect(x0, ymid, x1, y1),
                     [stratum("s1", (0, 18), [("080701", 1.0)], [(XA_GOV, 1.0)], term=pub_term, floors=5,
                              facilities=["elderly_home"], note="300-bed elderly home")])
        elif t == "westcentre":
            est = next(names)
            pop = int(round(blk.area * 1.6 / 36.0 / 10.0) * 10)
            P.parcel(Q, f"西区邻里中心与{est[0]} (West neighbourhood centre and {est[1]} housing)",
                     "planned", blk,
                     [stratum("s1", (-6, 0), [("120803", 1.0)], [(XA_DEV, 1.0)], term=res_term,
                              floors=1, note="shared car park"),
                      stratum("s2", (0, 9), [("090101", 0.5), ("0702", 0.3), ("080602", 0.2)],
                              [(XA_DEV, 1.0)], term=("2021-06-01", 40), floors=2,
                              facilities=["fresh_market", "convenience", "community_station",
                                          "culture_station", "health_station"],
                              note="neighbourhood centre: fresh market, shops, community and health station"),
                      stratum("s3", (9, 42), [("0701", 1.0)], [(XA_DEV, 1.0)], term=res_term,
                              floors=11, note="flats above the neighbourhood centre")],
                     population=pop)
        elif t == "mall":
            P.parcel(Q, "容东站商业综合体 (Rongdong Station mall)", "planned", blk,
                     [stratum("s1", (-20, -10), [("1206", 1.0)], [(XA_RAIL, 1.0)], term=pub_term,
                              floors=1, facilities=["transit_station"], note="R1 line station hall"),
                      stratum("s2", (-10, 0), [("120803", 1.0)], [(XA_DEV, 1.0)], term=("2021-06-01", 50),
                              floors=2, note="public car park, 600 spaces", parking_spaces=600),
                      stratum("s3", (0, 24), [("090101", 0.8), ("0902", 0.2)], [(XA_DEV, 1.0)],
                              term=("2021-06-01", 40), floors=4, facilities=["mall", "convenience"],
                              note="shopping centre with offices on the top floor")])
        else:
            raise ValueError(t)

    # ---- facility points ----
    def at(c, r, fx, fy):
        x0, y0, x1, y1 = xa_block(c, r)
        return (x0 + fx * (x1 - x0), y0 + fy * (y1 - y0))

    pts = [
        ("transit_station", "容东公交首末站 (Rongdong bus terminus)", at(4, 2, 0.9, 0.1)),
        ("sports_medium", "西区中型运动场 (West multi-use sports ground)", at(1, 3, 0.5, 0.2)),
        ("sports_medium", "东区中型运动场 (East multi-use sports ground)", at(5, 2, 0.2, 0.5)),
        ("sports_medium", "北区中型运动场 (North multi-use sports ground)", at(3, 4, 0.2, 0.8)),
        ("sports_medium", "南区中型运动场 (South multi-use sports ground)", at(2, 0, 0.2, 0.2)),
        ("sports_medium", "东北区中型运动场 (North-east multi-use sports ground)", at(6, 4, 0.5, 0.82)),
        ("sports_medium", "西北区中型运动场 (North-west multi-use sports ground)", at(0, 5, 0.82, 0.22)),
        ("sports_small", "金湖公园健身场 (Jinhu Park fitness ground)", at(3, 3, 0.5, 0.5)),
    ]
    # small sports grounds in pocket parks and some courtyards
    for (c, r) in [(0, 5), (2, 5), (4, 5), (6, 5), (0, 3), (6, 3), (0, 1), (2, 1), (4, 1), (6, 1),
                   (0, 0), (2, 0), (5, 0), (6, 4), (2, 4)]:
        pts.append(("sports_small", f"{r * 7 + c + 1:02d}号街坊健身场地 (outdoor fitness ground, block {c}-{r})",
                    at(c, r, 0.5, 0.45)))
    # convenience stores in courtyard blocks without a hosting ground floor
    for (c, r) in [(0, 5), (2, 5), (4, 5), (6, 5), (2, 4), (6, 4), (0, 3), (6, 3), (0, 2), (6, 2),
                   (0, 1), (3, 1), (5, 1), (0, 0), (2, 0), (6, 0)]:
        pts.append(("convenience", f"便利店 {c}-{r} (convenience store, block {c}-{r})",
                    at(c, r, 0.5, 0.04)))
    for cat, name, xy in pts:
        P.facility(Q, cat, name, xy)
    # bus stops on the kerb, every ~420 m along the north-south streets
    for i in (1, 3, 5, 7):
        for k in (1, 3, 5):
            ns_cn, ns_en = XA_NS[i].split(" (")
            ew_cn, ew_en = XA_EW[k].split(" (")
            P.facility(Q, "bus_stop", f"{ns_cn}{ew_cn}站 ({ns_en[:-1]} / {ew_en[:-1]} stop)",
                       (XA_X[i] + 6.0, XA_Y[k] - 40.0))

    # ---- streets: a connected grid, one line per street (the program splits at vertices) ----
    for i, x in enumerate(XA_X):
        P.street(Q, XA_NS[i], [(x, y) for y in XA_Y])
    for j, y in enumerate(XA_Y):
        if j == 3:   # Taihe Road stops at Jinhu Park
            P.street(Q, "泰和路西段 (Taihe Road, west)", [(x, y) for x in XA_X[:4]])
            P.street(Q, "泰和路东段 (Taihe Road, east)", [(x, y) for x in XA_X[4:]])
        else:
            P.street(Q, XA_EW[j], [(x, y) for x in XA_X])

    # ---- existing: farmland and a village before construction ----
    E = "existing"
    xm, ym = 735.0, 570.0
    vil = rect(xm + 8, ym + 8, xm + 260, ym + 230)
    quads = [rect(XA_X[0], XA_Y[0], xm - 8, ym - 8), rect(xm + 8, XA_Y[0], XA_X[-1], ym - 8),
             rect(XA_X[0], ym + 8, xm - 8, XA_Y[-1]), clean(rect(xm + 8, ym + 8, XA_X[-1], XA_Y[-1]).difference(vil))]
    qnames = [("西南片农田", "south-west fields"), ("东南片农田", "south-east fields"),
              ("西北片农田", "north-west fields"), ("东北片农田", "north-east fields")]
    for poly, (cn, en) in zip(quads, qnames):
        P.parcel(E, f"东庄村{cn} (Dongzhuang {en})", "existing", poly,
                 [stratum("s1", (0, 3), [("01", 1.0)], [(XA_VILLAGE, 1.0)], right="ownership",
                          note="wheat and maize; collectively owned, contracted to households")])
    P.parcel(E, "东庄村 (Dongzhuang village)", "existing", vil,
             [stratum("s1", (0, 8), [("0703", 1.0)], [(XA_VILLAGE, 1.0)], right="ownership", floors=2,
                      note="rural homesteads, to be resettled into the new district")],
             population=860)
    P.street(E, "东庄村南北村道 (Dongzhuang north-south lane)", [(xm, XA_Y[0]), (xm, ym), (xm, XA_Y[-1])])
    P.street(E, "东庄村东西村道 (Dongzhuang east-west lane)", [(XA_X[0], ym), (xm, ym), (XA_X[-1], ym)])

    return P.finish(os.path.join(outdir, P.filename))


# =============================================================================
# 3. Qingdao North Station: transit-oriented development over a freight yard
# =============================================================================

QD_RAIL = "中国铁路济南局集团 (China Railway Jinan Group)"
QD_METRO = "青岛地铁集团 (Qingdao Metro Group)"
QD_TOD = "青岛北站TOD开发有限公司 (Qingdao North Station TOD Development Co.)"
QD_CITY = "青岛市李沧区人民政府 (Licang District Government)"
QD_EDU = "李沧区教育和体育局 (Licang District Education and Sports Bureau)"
QD_IND = "青岛工业设计产业发展有限公司 (Qingdao Industrial Design Development Co.)"
QD_OLD = "青岛四方车辆配件厂 (Sifang Rolling-Stock Parts Works)"
QD_LOG = "青岛港城物流有限公司 (Gangcheng Logistics Co.)"
QD_HOME = "青岛北岸置业有限公司 (Beian Property Co.)"


def qingdao(outdir):
    P = Plan("qingdao_tod.geojson",
             "青岛北站TOD综合开发 (Qingdao North Station: transit-oriented development)",
             120.37, 36.17, origin=(0.0, 0.0))
    E, Q = "existing", "proposed"
    SB = 10.0
    # street centre lines
    XS = [-240.0, -20.0, 200.0, 420.0]
    YS = [-520.0, -320.0, -110.0, 110.0, 330.0, 500.0]
    cols = {c: (XS[i] + SB, XS[i + 1] - SB) for i, c in enumerate("ABC")}
    rows = {r: (YS[i] + SB, YS[i + 1] - SB) for i, r in enumerate(["P", "0", "1", "2", "3"])}

    def blk(c, r):
        (x0, x1), (y0, y1) = cols[c], rows[r]
        return (x0, y0, x1, y1)

    rail = rect(-420.0, -520.0, XS[0] - SB, 500.0)
    for scen in (E, Q):
        P.parcel(scen, "青岛北站铁路站场 (Qingdao North Station rail yard and platforms)", "existing", rail,
                 [stratum("s1", (-3, 30), [("1201", 1.0)], [(QD_RAIL, 1.0)], right="construction_land_use",
                          term=("2011-05-01", 50),
                          note="national rail station, platforms and throat tracks; unchanged by the plan")])

    # ---------------- existing ----------------
    P.parcel(E, "北站货场 (North Station freight yard)", "underused", rect(-230.0, -310.0, -15.0, 320.0),
             [stratum("s1", (0, 12), [("1201", 1.0)], [(QD_RAIL, 1.0)], term=("1992-01-01", 50),
                      note="freight sidings, largely unused since freight moved to the port")])
    P.parcel(E, "四方车辆配件厂南厂区 (Sifang parts works, south plant)", "idle", rect(-5.0, -310.0, 410.0, -5.0),
             [stratum("s1", (0, 15), [("100102", 1.0)], [(QD_OLD, 1.0)], term=("1985-06-01", 50),
                      floors=1, note="casting and machining halls, closed 2016")])
    P.parcel(E, "四方车辆配件厂北厂区 (Sifang parts works, north plant)", "underused", rect(-5.0, 5.0, 410.0, 320.0),
             [stratum("s1", (0, 15), [("1001", 1.0)], [(QD_OLD, 1.0)], term=("1985-06-01", 50),
                      floors=2, note="assembly workshops, partly let as storage")])
    P.parcel(E, "港城物流仓库 (Gangcheng logistics warehouses)", "underused", rect(-230.0, 340.0, 410.0, 490.0),
             [stratum("s1", (0, 12), [("1101", 1.0)], [(QD_LOG, 1.0)], term=("1998-09-01", 50), floors=1)])
    P.parcel(E, "李村河口废弃堆场 (derelict storage yard at the Licun River mouth)", "idle",
             rect(-230.0, -510.0, 410.0, -330.0),
             [stratum("s1", (0, 5), [("2301", 1.0)], [(QD_CITY, 1.0)], right="other",
                      note="former coal and sand yard on reclaimed river bank")])
    P.street(E, "站前路 (Station Front Road)", [(XS[0], YS[0]), (XS[0], YS[-1])])
    P.street(E, "厂区路 (Works Road)", [(-10.0, -320.0), (-10.0, 330.0)])
    P.street(E, "四流北路 (Siliu North Road)", [(420.0, YS[0]), (420.0, YS[-1])])
    P.street(E, "振华路 (Zhenhua Road)", [(XS[0], -320.0), (420.0, -320.0)])
    P.street(E, "重庆中路 (Chongqing Middle Road)", [(XS[0], 330.0), (420.0, 330.0)])
    P.street(E, "0 号路 (Road 0)", [(-10.0, 0.0), (420.0, 0.0)])

    # ---------------- proposed ----------------
    # TOD core over the old freight yard
    P.parcel(Q, "青岛北站TOD综合体 (North Station TOD complex)", "planned", rect(*blk("A", "1")),
             [stratum("s1", (-25, -12), [("1206", 1.0)], [(QD_METRO, 1.0)], term=("2022-01-01", 50),
                      floors=2, facilities=["transit_station"],
                      note="metro interchange hall, lines 1, 3 and 8, linked to the rail concourse"),
              stratum("s2", (-12, -2), [("120803", 1.0)], [(QD_TOD, 1.0)], term=("2022-01-01", 50),
                      floors=2, note="public underground car park with P+R spaces", parking_spaces=550),
              stratum("s3", (0, 8), [("090101", 1.0)], [(QD_TOD, 1.0)], term=("2022-01-01", 40),
                      floors=2, facilities=["mall", "convenience"],
                      note="station mall at concourse level"),
              stratum("s4", (8, 120), [("0902", 0.7), ("090104", 0.3)], [(QD_TOD, 1.0)],
                      term=("2022-01-01", 40), floors=28,
                      note="office tower and a 300-room hotel over the mall")])
    P.parcel(Q, "北站商务综合体 (North Station business complex)", "planned", rect(*blk("B", "1")),
             [stratum("s1", (-10, 0), [("120803", 1.0)], [(QD_TOD, 1.0)], term=("2022-01-01", 50),
                      floors=2, note="car park", parking_spaces=420),
              stratum("s2", (0, 12), [("090101", 0.7), ("090103", 0.3)], [(QD_TOD, 1.0)],
                      term=("2022-01-01", 40), floors=3, facilities=["fresh_market", "convenience"],
                      note="fresh supermarket, shops and restaurants"),
              stratum("s3", (12, 150), [("0902", 1.0)], [(QD_TOD, 1.0)], term=("2022-01-01", 40), floors=34)])
    # industrial-design and culture belt on the old works
    P.parcel(Q, "青岛工业设计中心 (Qingdao Industrial Design Centre)", "micro_renovation", rect(*blk("A", "0")),
             [stratum("s1", (0, 12), [("100101", 0.6), ("080302", 0.4)], [(QD_IND, 1.0)],
                      term=("2023-01-01", 20), floors=2, facilities=["culture_station"],
                      note="old freight sheds converted to prototyping workshops and a public gallery; 20-year flexible lease"),
              stratum("s2", (12, 36), [("1001", 0.5), ("0803", 0.5)], [(QD_IND, 1.0)],
                      term=("2023-01-01", 20), floors=6,
                      note="design studios over the sheds")])
    P.parcel(Q, "四方工业遗存文化街区 (Sifang industrial-heritage culture quarter)", "heritage", rect(*blk("B", "0")),
             [stratum("s1", (0, 15), [("080302", 0.6), ("100101", 0.4)], [(QD_IND, 1.0)],
                      term=("2023-01-01", 20), floors=1, facilities=["culture_center"],
                      note="1950s saw-tooth casting halls kept; theatre, makers' market and light workshops")])
    P.parcel(Q, "北站创新研发楼 (North Station R&D and maker towers)", "planned", rect(*blk("C", "0")),
             [stratum("s1", (-6, 0), [("120803", 1.0)], [(QD_IND, 1.0)], term=("2023-01-01", 50),
                      floors=1, parking_spaces=300),
              stratum("s2", (0, 45), [("100101", 0.7), ("0902", 0.3)], [(QD_IND, 1.0)],
                      term=("2023-01-01", 20), floors=10,
                      note="industry-city mix: clean manufacturing with offices; flexible lease")])

    def towers(name, poly, floors, far, host, note, podium=None):
        pop = int(round(poly.area * far / 36.0 / 10.0) * 10)
        strata = [stratum("s1", (-8, 0), [("0701", 1.0)], [(QD_HOME, 1.0)], term=("2023-01-01", 70),
                          note="residents' garage")]
        if host:
            strata.append(stratum("s2", (0, 6), podium or [("0701", 0.5), ("0702", 0.3), ("090101", 0.2)],
                                  [(QD_HOME, 1.0)], term=("2023-01-01", 70), floors=2, facilities=host,
                                  note="podium: community rooms and shops"))
            strata.append(stratum("s3", (6, 6 + 3 * (floors - 2)), [("0701", 1.0)], [(QD_HOME, 1.0)],
                                  term=("2023-01-01", 70), floors=floors - 2, note=note))
        else:
            strata.append(stratum("s2", (0, 3 * floors), [("0701", 1.0)], [(QD_HOME, 1.0)],
                                  term=("2023-01-01", 70), floors=floors, note=note))
        P.parcel(Q, name, "planned", poly, strata, population=pop)

    x0, y0, x1, y1 = blk("C", "1")
    kg = rect(x1 - 80, y0, x1, y0 + 90)
    P.parcel(Q, "北岸幼儿园 (Beian kindergarten)", "planned", kg,
             [stratum("s1", (0, 12), [("080404", 1.0)], [(QD_EDU, 1.0)], term=("2023-01-01", 50),
                      floors=3, facilities=["kindergarten"], note="12-class kindergarten")])
    pk1 = rect(x0, y1 - 70, x0 + 70, y1)
    P.parcel(Q, "北岸口袋公园 (Beian pocket park)", "planned", pk1,
             [stratum("s1", (0, 10), [("1401", 1.0)], [(QD_CITY, 1.0)], term=("2023-01-01", 50),
                      note="pocket park, 0.49 ha")])
    towers("北岸华庭 (Beian Huating towers)", clean(rect(x0, y0, x1, y1).difference(kg).difference(pk1)), 25, 3.0,
           ["elderly_daycare", "health_station"], "25-storey towers, FAR 3.0")
    towers("站前云邸 (Zhanqian Yundi towers)", rect(*blk("A", "2")), 33, 3.5, [],
           "33-storey towers next to the station, FAR 3.5")
    towers("北站悦城 (Yuecheng towers)", rect(*blk("B", "2")), 30, 3.2,
           ["community_station", "culture_station", "elderly_daycare"], "30-storey towers, FAR 3.2")
    P.parcel(Q, "北站九年一贯制学校 (North Station nine-year school)", "planned", rect(*blk("C", "2")),
             [stratum("s1", (0, 24), [("080403", 1.0)], [(QD_EDU, 1.0)], term=("2023-01-01", 50),
                      floors=5, facilities=["primary_school", "middle_school"],
                      note="nine-year school, 54 classes; sports field shared with residents after hours")])
    P.parcel(Q, "北站中央公园 (North Station Central Park)", "planned", rect(*blk("A", "3")),
             [stratum("s1", (0, 10), [("1401", 1.0)], [(QD_CITY, 1.0)], term=("2023-01-01", 50),
                      facilities=["sports_small"], note="neighbourhood park with courts, 3 ha")])
    towers("青岛湾悦府 (Qingdao Bay Yuefu towers)", rect(*blk("B", "3")), 28, 3.0,
           ["convenience", "health_station", "kindergarten"], "28-storey towers, FAR 3.0",
           podium=[("0701", 0.5), ("080404", 0.3), ("090101", 0.2)])
    x0, y0, x1, y1 = blk("C", "3")
    pk2 = rect(x0, y0, x0 + 70, y0 + 70)
    P.parcel(Q, "望海口袋公园 (Wanghai pocket park)", "planned", pk2,
             [stratum("s1", (0, 10), [("1401", 1.0)], [(QD_CITY, 1.0)], term=("2023-01-01", 50),
                      note="pocket park, 0.49 ha")])
    towers("北岸望海园 (Beian Wanghai towers)", clean(rect(x0, y0, x1, y1).difference(pk2)), 26, 2.8,
           ["community_station", "culture_station", "convenience"], "26-storey towers, FAR 2.8")
    xa0, ya0, _, ya1 = blk("A", "P")
    _, _, xc1, _ = blk("C", "P")
    P.parcel(Q, "李村河口湿地公园 (Licun River mouth wetland park)", "planned", rect(xa0, ya0, xc1, ya1),
             [stratum("s1", (0, 10), [("1401", 1.0)], [(QD_CITY, 1.0)], term=("2023-01-01", 50),
                      facilities=["sports_medium"],
                      note="restored river-mouth wetland with a riverside trail and sports lawns, 11.5 ha")])

    # streets: a grid; the two inner north-south streets stop at the wetland park
    P.street(Q, "站前路 (Station Front Road)", [(XS[0], y) for y in YS])
    P.street(Q, "北站东一路 (North Station East 1st Road)", [(XS[1], y) for y in YS[1:]])
    P.street(Q, "北站东二路 (North Station East 2nd Road)", [(XS[2], y) for y in YS[1:]])
    P.street(Q, "四流北路 (Siliu North Road)", [(XS[3], y) for y in YS])
    ew = ["滨河路 (Binhe Road)", "振华路 (Zhenhua Road)", "北站南街 (North Station South Street)",
          "北站北街 (North Station North Street)", "重庆中路 (Chongqing Middle Road)", "北岸路 (Bei'an Road)"]
    for j, y in enumerate(YS):
        P.street(Q, ew[j], [(x, y) for x in XS])

    fac = [
        ("transit_station", "青岛北站地铁站 A 口 (North Station metro, exit A)", (XS[0] + 6, 0.0)),
        ("transit_station", "青岛北站公交枢纽 (North Station bus interchange)", (-130.0, YS[2] + 16)),
        ("bus_stop", "北站东一路站 (East 1st Road stop)", (XS[1] + 6, 200.0)),
        ("bus_stop", "重庆中路北站东二路站 (Chongqing Middle Road / East 2nd Road stop)", (260.0, YS[4] - 6)),
        ("bus_stop", "振华路站 (Zhenhua Road stop)", (90.0, YS[1] + 6)),
        ("bus_stop", "四流北路站 (Siliu North Road stop)", (XS[3] + 6, 0.0)),
        ("health_center", "李沧区北站社区卫生服务中心 (North Station community health centre)", (60.0, -60.0)),
        ("community_center", "北站街道社区服务中心 (North Station sub-district service centre)", (140.0, -60.0)),
        ("sports_large", "北站全民健身馆 (North Station sports hall)", (300.0, -250.0)),
        ("elderly_home", "北岸颐养中心 (Beian elderly home)", (330.0, 60.0)),
        ("sports_small", "望海园健身场地 (Wanghai outdoor fitness ground)", (310.0, 420.0)),
        ("sports_small", "华庭健身场地 (Huating outdoor fitness ground)", (300.0, 10.0)),
        ("sports_medium", "中央公园多功能球场 (Central Park multi-use courts)", (-130.0, 420.0)),
        ("kindergarten", "站前云邸幼儿园 (Zhanqian kindergarten, ground floor)", (-200.0, 140.0)),
    ]
    for cat, name, xy in fac:
        P.facility(Q, cat, name, xy)

    return P.finish(os.path.join(outdir, P.filename))


# =============================================================================
# 4. Shenzhen: an old industrial zone reused for creative work, housing and shops
# =============================================================================

SZ_GOV = "南山区政府 (Nanshan District Government)"
SZ_OCT = "华侨城集团 (OCT Group)"
SZ_VIL = "原村民股份合作公司 (Villagers' joint-stock company)"
SZ_TALENT = "深圳市人才安居集团 (Shenzhen Talent Housing Group)"
SZ_METRO = "深圳市地铁集团 (Shenzhen Metro Group)"
SZ_EDU = "南山区教育局 (Nanshan District Education Bureau)"


def shenzhen(outdir):
    XS = [0.0, 140.0, 280.0, 420.0, 560.0]
    YS = [0.0, 120.0, 240.0, 360.0, 480.0]
    SB = 8.0
    P = Plan("shenzhen_renewal.geojson",
             "深圳沙河东工业区更新 (Shenzhen Shahe East industrial zone renewal)",
             113.995, 22.540, origin=(280.0, 240.0))
    E, Q = "existing", "proposed"

    def blk(c, r):
        return (XS[c] + SB, YS[r] + SB, XS[c + 1] - SB, YS[r + 1] - SB)

    def b(c, r):
        return rect(*blk(c, r))

    old_term = ("1986-03-01", 50)

    def factory(c, r, name, status, code, holder, floors, note, right="construction_land_use"):
        P.parcel(E, name, status, b(c, r),
                 [stratum("s1", (0, 4.5 * floors), [(code, 1.0)], [(holder, 1.0)], right=right,
                          term=old_term if holder == SZ_OCT else ("1992-01-01", 50),
                          floors=floors, note=note)])

    # ---------------- existing: the 1980s industrial zone ----------------
    P.parcel(E, "沙河东工人宿舍 (Shahe East workers' dormitories)", "underused", b(0, 3),
             [stratum("s1", (0, 18), [("070103", 1.0)], [(SZ_OCT, 1.0)], term=old_term, floors=6,
                      note="1980s dormitory blocks, partly empty")], population=1100)
    factory(1, 3, "东区 A1 厂房 (East zone workshop A1)", "idle", "100102", SZ_OCT, 4, "electronics assembly, empty since 2015")
    factory(2, 3, "东区 A2 厂房 (East zone workshop A2)", "underused", "100102", SZ_VIL, 5,
            "village collective workshops let to small printers", right="other")
    P.parcel(E, "沙河东新村统建楼 (Shahe East villagers' housing)", "existing", b(3, 3),
             [stratum("s1", (0, 24), [("070103", 1.0)], [(SZ_VIL, 1.0)], right="other", floors=8,
                      term=("1993-01-01", 70), note="hand-shake buildings built by villagers")],
             population=2400)
    factory(0, 2, "东区 B1 厂房 (East zone workshop B1)", "underused", "1001", SZ_OCT, 4, "packaging plant, one floor in use")
    factory(1, 2, "1983 年老厂房 (1983 factory hall)", "existing", "100102", SZ_OCT, 3,
            "first workshop of the zone (1983), red-brick walls and steel trusses")
    factory(2, 2, "东区 B3 厂房 (East zone workshop B3)", "idle", "100102", SZ_OCT, 4, "watch-parts factory, closed 2012")
    P.parcel(E, "东区仓库 (East zone warehouse)", "underused", b(3, 2),
             [stratum("s1", (0, 9), [("1101", 1.0)], [(SZ_VIL, 1.0)], right="other", floors=1,
                      term=("1992-01-01", 50))])
    factory(0, 1, "东区 C1 厂房 (East zone workshop C1)", "existing", "100102", SZ_OCT, 5, "garment factory")
    factory(1, 1, "东区 C2 厂房 (East zone workshop C2)", "idle", "100102", SZ_OCT, 5, "toy factory, closed 2017")
    factory(2, 1, "东区 C3 厂房 (East zone workshop C3)", "underused", "100101", SZ_OCT, 4, "light assembly")
    factory(3, 1, "东区 C4 厂房 (East zone workshop C4)", "idle", "100102", SZ_VIL, 3,
            "village collective plant, vacant", right="other")
    factory(0, 0, "东区 D1 厂房 (East zone workshop D1)", "existing", "100102", SZ_OCT, 5, "printed-circuit assembly")
    P.parcel(E, "东区食堂与商店 (East zone canteen and shops)", "existing", b(1, 0),
             [stratum("s1", (0, 8), [("090103", 0.6), ("090101", 0.4)], [(SZ_OCT, 1.0)], term=old_term,
                      floors=2)])
    factory(2, 0, "东区 D3 厂房 (East zone workshop D3)", "underused", "100102", SZ_OCT, 4, "two floors let as storage")
    factory(3, 0, "东区 D4 厂房 (East zone workshop D4)", "idle", "100102", SZ_VIL, 3, "vacant", right="other")

    # ---------------- proposed: the same land reused ----------------
    flex = ("2024-01-01", 20)
    mix = [("0902", 0.5), ("090101", 0.2), ("080302", 0.3)]
    P.parcel(Q, "沙河东人才公寓 (Shahe East talent flats)", "planned", b(0, 3),
             [stratum("s1", (-6, 0), [("0701", 1.0)], [(SZ_TALENT, 1.0)], term=("2024-01-01", 70),
                      note="residents' garage"),
              stratum("s2", (0, 6), [("0701", 0.5), ("0702", 0.3), ("090101", 0.2)], [(SZ_TALENT, 1.0)],
                      term=("2024-01-01", 70), floors=2,
                      facilities=["community_station", "elderly_daycare", "convenience"],
                      note="podium: community station, day care and shops"),
              stratum("s3", (6, 90), [("0701", 1.0)], [(SZ_TALENT, 1.0)], term=("2024-01-01", 70), floors=28,
                      note="rental flats for young professionals")],
             population=2700)
    P.parcel(Q, "A1 创意办公 (A1 creative offices)", "micro_renovation", b(1, 3),
             [stratum("s1", (0, 18), mix, [(SZ_OCT, 1.0)], term=flex, floors=4,
                      note="workshop kept, floors refitted as studios; 20-year flexible lease renewable on review")])
    P.parcel(Q, "沙河东共建共享综合体 (Shahe East co-owned renewal complex)", "planned", b(2, 3),
             [stratum("s1", (-9, 0), [("120803", 1.0)], [(SZ_OCT, 1.0)], term=("2024-01-01", 50),
                      floors=2, parking_spaces=380, note="public car park"),
              stratum("s2", (0, 18), [("090101", 0.5), ("0803", 0.3), ("080701", 0.2)],
                      [(SZ_GOV, 0.3), (SZ_OCT, 0.5), (SZ_VIL, 0.2)], term=flex, floors=4,
                      facilities=["fresh_market", "community_center", "culture_station"],
                      note="co-owned podium: government, developer and villagers share rents by their shares"),
              stratum("s3", (18, 90), [("0902", 1.0)], [(SZ_OCT, 1.0)], term=("2024-01-01", 40), floors=18)])
    P.parcel(Q, "沙河东回迁安置房 (Shahe East resettlement housing)", "planned", b(3, 3),
             [stratum("s1", (-6, 0), [("0701", 1.0)], [(SZ_VIL, 1.0)], term=("2024-01-01", 70),
                      note="residents' garage"),
              stratum("s2", (0, 6), [("0701", 0.5), ("080404", 0.3), ("090101", 0.2)], [(SZ_VIL, 1.0)],
                      term=("2024-01-01", 70), floors=2,
                      facilities=["kindergarten", "community_station", "health_station", "convenience"],
                      note="podium: 6-class kindergarten, community station, clinic and shops"),
              stratum("s3", (6, 99), [("0701", 1.0)], [(SZ_VIL, 1.0)], term=("2024-01-01", 70), floors=31,
                      note="flats returned to the villagers who owned the old housing and workshops")],
             population=3300)
    x0, y0, x1, y1 = blk(0, 2)
    P.parcel(Q, "B1 厂前公园 (B1 forecourt park)", "planned", rect(x0, y0, x1, y0 + 40),
             [stratum("s1", (0, 10), [("1401", 1.0)], [(SZ_GOV, 1.0)], term=("2024-01-01", 50),
                      facilities=["sports_small"],
                      note="old loading yard turned into a pocket park with a fitness corner, 0.5 ha")])
    P.parcel(Q, "B1 创意办公 (B1 creative offices)", "micro_renovation", rect(x0, y0 + 40, x1, y1),
             [stratum("s1", (0, 18), mix, [(SZ_OCT, 1.0)], term=flex, floors=4,
                      note="20-year flexible lease")])
    P.parcel(Q, "1983 年老厂房 (1983 factory hall)", "heritage", b(1, 2),
             [stratum("s1", (0, 13.5), [("080302", 0.6), ("080301", 0.4)], [(SZ_OCT, 1.0)], term=flex,
                      floors=3, facilities=["culture_center"],
                      note="kept by micro-renovation: walls, trusses and crane rails kept; "
                           "gallery, library and event hall inside")])
    P.parcel(Q, "B3 厂房微改造 (B3 workshop micro-renovation)", "micro_renovation", b(2, 2),
             [stratum("s1", (0, 18), [("090101", 0.4), ("090103", 0.3), ("080302", 0.3)], [(SZ_OCT, 1.0)],
                      term=flex, floors=4, note="studios, cafés and shops; shell kept")])
    P.parcel(Q, "沙河东创意公园 (Shahe East creative park)", "planned", b(3, 2),
             [stratum("s1", (0, 10), [("1401", 1.0)], [(SZ_GOV, 1.0)], term=("2024-01-01", 50),
                      note="warehouse demolished for a lawn and play park, 1.2 ha")])
    x0, y0, x1, y1 = blk(0, 1)
    kg = rect(x0, y0, x0 + 60, y0 + 94)
    P.parcel(Q, "沙河东幼儿园 (Shahe East kindergarten)", "planned", kg,
             [stratum("s1", (0, 12), [("080404", 1.0)], [(SZ_EDU, 1.0)], term=("2024-01-01", 50), floors=3,
                      facilities=["kindergarten"], note="9-class kindergarten")])
    P.parcel(Q, "沙河东保障性租赁住房 (Shahe East affordable rental housing)", "planned", rect(x0 + 60, y0, x1, y1),
             [stratum("s1", (-6, 0), [("0701", 1.0)], [(SZ_TALENT, 1.0)], term=("2024-01-01", 70),
                      note="residents' garage"),
              stratum("s2", (0, 90), [("0701", 0.9), ("090101", 0.1)], [(SZ_TALENT, 1.0)],
                      term=("2024-01-01", 70), floors=30, facilities=["health_station", "convenience"])],
             population=1500)
    P.parcel(Q, "C2 创意产业大厦 (C2 creative industry tower)", "planned", b(1, 1),
             [stratum("s1", (-6, 0), [("120803", 1.0)], [(SZ_OCT, 1.0)], term=("2024-01-01", 50), floors=1,
                      parking_spaces=160),
              stratum("s2", (0, 80), [("100101", 0.5), ("0902", 0.3), ("090101", 0.2)], [(SZ_OCT, 1.0)],
                      term=flex, floors=18, note="new-type industrial land (M0): design, R&D and light production")])
    P.parcel(Q, "沙河东小学 (Shahe East primary school)", "planned", b(2, 1),
             [stratum("s1", (0, 20), [("080403", 1.0)], [(SZ_EDU, 1.0)], term=("2024-01-01", 50), floors=5,
                      facilities=["primary_school", "sports_medium"],
                      note="24-class primary school; rooftop sports ground open to residents")])
    P.parcel(Q, "沙河东人才住房 (Shahe East talent housing)", "planned", b(3, 1),
             [stratum("s1", (-6, 0), [("0701", 1.0)], [(SZ_TALENT, 1.0)], term=("2024-01-01", 70),
                      note="residents' garage"),
              stratum("s2", (0, 90), [("0701", 1.0)], [(SZ_TALENT, 1.0)], term=("2024-01-01", 70), floors=30)],
             population=2500)
    P.parcel(Q, "D1 商务办公 (D1 offices)", "planned", b(0, 0),
             [stratum("s1", (0, 60), [("0902", 0.8), ("090101", 0.2)], [(SZ_OCT, 1.0)], term=("2024-01-01", 40),
                      floors=14)])
    P.parcel(Q, "东区食堂街 (Canteen Street shops)", "micro_renovation", b(1, 0),
             [stratum("s1", (0, 8), [("090103", 0.6), ("090101", 0.4)], [(SZ_OCT, 1.0)], term=flex, floors=2,
                      facilities=["convenience"], note="old canteen and shops refitted as a food street")])
    P.parcel(Q, "侨城东地铁站上盖 (Qiaocheng East metro station development)", "planned", b(2, 0),
             [stratum("s1", (-22, -10), [("1206", 1.0)], [(SZ_METRO, 1.0)], term=("2024-01-01", 50), floors=1,
                      facilities=["transit_station"], note="metro station hall"),
              stratum("s2", (-10, 0), [("120803", 1.0)], [(SZ_METRO, 1.0)], term=("2024-01-01", 50), floors=2,
                      parking_spaces=240),
              stratum("s3", (0, 70), [("0902", 0.6), ("090101", 0.4)], [(SZ_METRO, 1.0)], term=("2024-01-01", 40),
                      floors=15, facilities=["mall"], note="shopping podium and offices over the station")])
    P.parcel(Q, "D4 留白用地 (D4 reserved land)", "idle", b(3, 0),
             [stratum("s1", (0, 13.5), [("16", 1.0)], [(SZ_VIL, 1.0)], right="other", floors=3,
                      note="vacant workshop kept as white (reserved) land for needs not yet known; "
                           "meanwhile let for pop-up sports and markets")])

    for scen in (E, Q):
        P.parcel(scen, "沙河东山体公园 (Shahe East hill park)", "existing", rect(XS[0] + SB, YS[-1] + SB, XS[-1] - SB, 600.0),
                 [stratum("s1", (0, 40), [("1401", 1.0)], [(SZ_GOV, 1.0)], term=("2005-01-01", 50),
                          note="wooded hill park north of the zone, 6 ha")])
    for scen in (E, Q):
        ns = ["沙河东路 (Shahe East Road)", "创意一街 (Chuangyi 1st Street)", "创意二街 (Chuangyi 2nd Street)",
              "创意三街 (Chuangyi 3rd Street)", "侨城东路 (Qiaocheng East Road)"]
        ew = ["深南大道辅道 (Shennan Avenue service road)", "工业一路 (Gongye 1st Road)", "工业二路 (Gongye 2nd Road)",
              "工业三路 (Gongye 3rd Road)", "华侨城北路 (OCT North Road)"]
        for i, x in enumerate(XS):
            P.street(scen, ns[i], [(x, y) for y in YS])
        for j, y in enumerate(YS):
            P.street(scen, ew[j], [(x, y) for x in XS])

    fac = [
        ("bus_stop", "工业二路站 (Gongye 2nd Road stop)", (200.0, YS[2] - 5)),
        ("bus_stop", "侨城东路站 (Qiaocheng East Road stop)", (XS[4] + 5, 300.0)),
        ("bus_stop", "深南大道站 (Shennan Avenue stop)", (350.0, YS[0] - 5)),
        ("sports_small", "创意公园健身场 (Creative Park fitness ground)", (490.0, 300.0)),
        ("sports_small", "人才公寓屋顶球场 (talent flats rooftop court)", (70.0, 420.0)),
        ("health_center", "沙河东社区健康服务中心 (Shahe East community health centre)", (350.0, 430.0)),
        ("elderly_daycare", "安置房长者服务站 (resettlement housing elders' day care)", (490.0, 380.0)),
        ("middle_school", "华侨城中学（区外） (OCT Middle School, outside the zone)", (700.0, 420.0)),
        ("sports_large", "华侨城体育中心（区外） (OCT Sports Centre, outside the zone)", (-250.0, 240.0)),
        ("elderly_home", "沙河街道颐养院（区外） (Shahe sub-district elderly home, outside the zone)", (700.0, 100.0)),
    ]
    for cat, name, xy in fac:
        P.facility(Q, cat, name, xy)

    return P.finish(os.path.join(outdir, P.filename))


# =============================================================================

def main():
    outdir = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    for build in (wenzhou, xiongan, qingdao, shenzhen):
        fc = build(outdir)
        kinds = {}
        for f in fc["features"]:
            k = (f["properties"]["scenario"], f["properties"]["kind"])
            kinds[k] = kinds.get(k, 0) + 1
        print(f"{build.__name__:10s} {len(fc['features']):4d} features  " +
              ", ".join(f"{s}/{k}: {n}" for (s, k), n in sorted(kinds.items())))


if __name__ == "__main__":
    sys.exit(main())
