"""Reads a Strata GeoPackage as other programs do (tests/core/gpkg_plans.rs).

Python's sqlite3 checks the GeoPackage core (application_id, user_version, SRS 4326,
gpkg_contents, gpkg_geometry_columns, the related-tables registration) and prints the
row counts; when pyogrio (GDAL) is installed, GDAL lists the layers and reads every
parcel, and any warning GDAL logs about the file fails the check.
"""

import logging
import sqlite3
import sys

path = sys.argv[1]
db = sqlite3.connect(path)
q = lambda sql: db.execute(sql).fetchall()

assert q("PRAGMA application_id") == [(0x47504B47,)], q("PRAGMA application_id")
assert q("PRAGMA user_version")[0][0] >= 10200
assert q("PRAGMA integrity_check") == [("ok",)]
srs = q("SELECT srs_id, organization, organization_coordsys_id FROM gpkg_spatial_ref_sys")
assert (4326, "EPSG", 4326) in srs and (-1, "NONE", -1) in srs and (0, "NONE", 0) in srs
# The tables are in the plan's local frame, a transverse Mercator defined by its WKT.
LOCAL = 100000
(wkt,), = q(f"SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = {LOCAL}")
assert "Transverse_Mercator" in wkt, wkt
columns = dict(
    (t, (c, g, s)) for t, c, g, s in q(
        "SELECT table_name, column_name, geometry_type_name, srs_id FROM gpkg_geometry_columns"
    )
)
assert columns["parcels"] == ("geom", "MULTIPOLYGON", LOCAL), columns
assert columns["strata"] == ("footprint", "POLYGON", LOCAL), columns
assert columns["facilities"] == ("geom", "POINT", LOCAL), columns
assert columns["streets"] == ("geom", "MULTILINESTRING", LOCAL), columns
contents = dict(q("SELECT table_name, data_type FROM gpkg_contents"))
for table in ["parcels", "strata", "facilities", "streets"]:
    assert contents[table] == "features", contents
for table in ["settings", "parcels_strata"]:
    assert contents[table] == "attributes", contents
# Every geometry blob starts with the GeoPackage magic and names SRS 4326.
for table, column in [("parcels", "geom"), ("facilities", "geom"), ("streets", "geom")]:
    bad = q(f"SELECT count(*) FROM {table} WHERE substr({column}, 1, 2) <> CAST('GP' AS BLOB)")
    assert bad == [(0,)], (table, bad)
# Extents in gpkg_contents hold every parcel's envelope (minx, maxx, miny, maxy).
(min_x, min_y, max_x, max_y), = q(
    "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'parcels'"
)
assert min_x <= max_x and min_y <= max_y

# The first corner of the first parcel, read from its blob (header, envelope, WKB
# MultiPolygon) and taken to WGS84 by pyproj from the WKT alone.
import struct
(blob,), = q("SELECT geom FROM parcels ORDER BY fid LIMIT 1")
assert blob[:2] == b"GP"
flags = blob[3]
envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
(srs_id,) = struct.unpack("<i", blob[4:8])
assert srs_id == LOCAL, srs_id
wkb = blob[8 + envelope:]
assert wkb[0] == 1 and struct.unpack("<I", wkb[1:5])[0] == 6
x, y = struct.unpack("<dd", wkb[9 + 5 + 4 + 4:9 + 5 + 4 + 4 + 16])
try:
    from pyproj import CRS, Transformer
    to_wgs84 = Transformer.from_crs(CRS.from_wkt(wkt), "EPSG:4326", always_xy=True)
    lon, lat = to_wgs84.transform(x, y)
    print(f"first={lon:.10f},{lat:.10f}")
except ImportError:
    pass
relations = q(
    "SELECT base_table_name, base_primary_column, related_table_name, "
    "related_primary_column, relation_name, mapping_table_name FROM gpkgext_relations"
)
assert relations == [("parcels", "fid", "strata", "fid", "features", "parcels_strata")]
ext = set(q("SELECT table_name, extension_name FROM gpkg_extensions"))
assert ("gpkgext_relations", "related_tables") in ext and ("parcels_strata", "related_tables") in ext
# The mapping rows link each stratum to the parcel its parcel_id names.
wrong = q(
    "SELECT count(*) FROM parcels_strata m JOIN parcels p ON p.fid = m.base_id "
    "JOIN strata s ON s.fid = m.related_id WHERE s.parcel_id <> p.id"
)
assert wrong == [(0,)], wrong
assert q("SELECT count(*) FROM parcels_strata") == q("SELECT count(*) FROM strata")
(n_p,), = q("SELECT count(*) FROM parcels")
(n_s,), = q("SELECT count(*) FROM strata")
(n_f,), = q("SELECT count(*) FROM facilities")
(n_st,), = q("SELECT count(*) FROM streets")
print(f"parcels={n_p} strata={n_s} facilities={n_f} streets={n_st}")
r = relations[0]
print(f"relation={r[0]}.{r[1]}->{r[2]}.{r[3]} via {r[5]}")

try:
    import pyogrio
except ImportError:
    sys.exit(0)

warnings = []


class Catch(logging.Handler):
    def emit(self, record):
        if record.levelno >= logging.WARNING:
            warnings.append(record.getMessage())


logging.getLogger().addHandler(Catch())
print(f"gdal={pyogrio.__gdal_version_string__}")
layers = {name: kind for name, kind in pyogrio.list_layers(path)}
assert layers.get("parcels") == "MultiPolygon", layers
assert layers.get("facilities") == "Point", layers
assert layers.get("streets") == "MultiLineString", layers
info = pyogrio.read_info(path, layer="parcels")
assert "Transverse" in info["crs"] or "transverse" in info["crs"].lower() or "tmerc" in info["crs"], info["crs"]
assert "id" in list(info["fields"]) and "status" in list(info["fields"]), info["fields"]
meta, fids, geometry, fields = pyogrio.raw.read(path, layer="parcels")
assert all(g is not None and len(g) > 0 for g in geometry)
print(f"gdal parcels={len(geometry)}")
meta, fids, geometry, fields = pyogrio.raw.read(path, layer="strata")
print(f"gdal strata={len(fields[0])}")
assert not warnings, warnings
