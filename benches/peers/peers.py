"""The peers' side of benches/peers/run.sh: the same jobs as Strata's on the same file,
with geopandas (pyogrio engine), shapely and pandana. Each job is one process (run under
/usr/bin/time by run.sh), so interpreter start and imports count as Strata's start does.

  python peers.py read CITY        geopandas.read_file
  python peers.py nearest CITY     read + sjoin_nearest: every home to the nearest
                                   facility of each category, straight line
  python peers.py network CITY     read + pandana: every home to the nearest facility
                                   of each category along the streets (≤ 1000 m)

Prints a one-line summary (counts, a checksum of the distances) on stdout and its own
phase times on stderr.
"""

import sys
import time

T0 = time.perf_counter()


def phase(name, since):
    now = time.perf_counter()
    print(f"peer: {now - since:8.3f} s  {name}", file=sys.stderr)
    return now


def read(path):
    import geopandas as gpd

    t = phase("imports", T0)
    frame = gpd.read_file(path, engine="pyogrio")
    phase("read_file", t)
    return frame


def metric(frame):
    # Chengdu, 104° E: UTM zone 48 N.
    return frame.to_crs(32648)


def homes_and_facilities(frame):
    t = time.perf_counter()
    frame = metric(frame)
    kind = frame["kind"]
    parcels = frame[kind == "parcel"]
    homes = parcels[parcels["population"].notna()].copy()
    homes["geometry"] = homes.geometry.representative_point()
    facilities = frame[kind == "facility"]
    streets = frame[kind == "street"]
    phase("project, homes, facilities", t)
    return homes, facilities, streets


def nearest(path):
    import geopandas as gpd

    homes, facilities, _ = homes_and_facilities(read(path))
    t = time.perf_counter()
    total, found = 0.0, 0
    home_points = gpd.GeoDataFrame(geometry=homes.geometry.values, crs=homes.crs)
    for category, group in facilities.groupby("category"):
        joined = gpd.sjoin_nearest(
            home_points, group[["geometry"]], how="left", distance_col="d"
        )
        # Ties give several rows per home: keep one.
        d = joined["d"].groupby(level=0).min()
        total += float(d.sum())
        found += int(d.notna().sum())
    phase("sjoin_nearest per category", t)
    print(f"nearest: {len(homes)} homes, {len(facilities)} facilities, {found} distances, sum {total:.0f} m")


def network(path):
    import numpy as np
    import pandana
    import shapely

    homes, facilities, streets = homes_and_facilities(read(path))
    t = time.perf_counter()
    coords, line = shapely.get_coordinates(streets.geometry.values, return_index=True)
    same = line[1:] == line[:-1]
    # Vertices equal within 1 cm are one node, as in Strata's walking network.
    keys = np.round(coords * 100.0).astype(np.int64)
    unique, node = np.unique(keys, axis=0, return_inverse=True)
    node = node.ravel()
    xy = unique / 100.0
    a, b = node[:-1][same], node[1:][same]
    length = np.hypot(*(coords[1:][same] - coords[:-1][same]).T)
    import pandas as pd

    nodes = pd.DataFrame({"x": xy[:, 0], "y": xy[:, 1]})
    edges = pd.DataFrame({"from": a, "to": b, "length": length})
    net = pandana.Network(nodes["x"], nodes["y"], edges["from"], edges["to"], edges[["length"]], twoway=True)
    net.precompute(1000)
    t = phase(f"pandana network ({len(nodes)} nodes, {len(edges)} edges)", t)
    home_nodes = net.get_node_ids(homes.geometry.x, homes.geometry.y)
    total, found = 0.0, 0
    for category, group in facilities.groupby("category"):
        net.set_pois(category, 1000, 1, group.geometry.x, group.geometry.y)
        d = net.nearest_pois(1000, category, num_pois=1)[1]
        at_homes = d.loc[home_nodes.values].values
        reached = at_homes < 1000
        total += float(at_homes[reached].sum())
        found += int(reached.sum())
    phase("nearest_pois per category", t)
    print(f"network: {len(homes)} homes, {len(facilities)} facilities, {found} distances, sum {total:.0f} m")


def main():
    job, path = sys.argv[1], sys.argv[2]
    if job == "read":
        frame = read(path)
        print(f"read: {len(frame)} features")
    elif job == "nearest":
        nearest(path)
    elif job == "network":
        network(path)
    else:
        sys.exit(f"unknown job {job}")
    phase("total (after interpreter start)", T0)


if __name__ == "__main__":
    main()
