#!/usr/bin/env python3
"""Add unit codes (不动产单元代码) and operations to the sample plans (issue 20).

    python3 sample_maps/tools/add_rights.py

Run after generate_samples.py and add_zoning.py; it rewrites the three samples in
their layout (add_zoning.dump) and is idempotent.

* Wenzhou: every proposed stratum gets a code in the same layout and by the same
  rules as the editor's *Assign codes* (src/edit/unit_codes.rs): zone 330303 (Longwan
  district) 001 002; GX for the sunk plant (mostly below ground), GS for the roof park
  (starts above ground), GB for the rest; F00010001 for a stratum with storeys that is
  not open space, else W00000000.
* Shenzhen: the co-owned complex's ground stratum (p-19 s2) is run under an ROT
  (rehabilitate-operate-transfer) concession for 33 years from 2025-01-01.
* Qingdao: the station's public underground car park (p-8 s2) is let for 20 years.
* Shenzhen (Nanshan 440305) and Qingdao (Licang 370213) get a zone setting only, so
  that *Assign codes* works on them out of the box.

The zone and sub-zone numbers, operators and sums are invented.
"""
import json
import os

from add_zoning import dump

HERE = os.path.dirname(os.path.abspath(__file__))


def layer(z):
    bottom, top = z
    if bottom > 0:
        return "S"
    return "X" if bottom + top < 0 else "B"


def fixture(s):
    open_space = sum(u["share"] for u in s["uses"] if u["code"].startswith("14")) > 0.5
    return "F00010001" if s.get("floors", 0) and not open_space else "W00000000"


def code(prefix, s, sequence):
    return f"{prefix}G{layer(s['z'])}{sequence:05d}{fixture(s)}"


def load(name):
    path = os.path.join(HERE, "..", name)
    return path, json.load(open(path, encoding="utf-8"))


def save(path, data):
    with open(path, "w", encoding="utf-8") as out:
        out.write(dump(data, 0) + "\n")


def stratum(data, parcel, sid):
    for f in data["features"]:
        if f.get("id") == parcel:
            for s in f["properties"]["strata"]:
                if s["id"] == sid:
                    return s
    raise KeyError(f"{parcel} {sid}")


def wenzhou():
    path, data = load("wenzhou_sports_park.geojson")
    zone = {"admin": "330303", "zone": "001", "subzone": "002"}
    data["strata"]["unit_zone"] = zone
    prefix = zone["admin"] + zone["zone"] + zone["subzone"]
    sequence = 1
    for f in data["features"]:
        props = f["properties"]
        if props.get("kind") != "parcel" or props.get("scenario") != "proposed":
            continue
        for s in props.get("strata", []):
            s["unit_code"] = code(prefix, s, sequence)
            sequence += 1
    save(path, data)


def shenzhen():
    path, data = load("shenzhen_renewal.geojson")
    data["strata"]["unit_zone"] = {"admin": "440305", "zone": "006", "subzone": "011"}
    s = stratum(data, "p-19", "s2")
    s["operation"] = {
        "operator": "华侨城文化旅游运营有限公司 (OCT Culture and Tourism Operations Co.)",
        "mode": "ROT",
        "term": {"start": "2025-01-01", "years": 33},
        "annual_revenue": 12000000,
        "investment": 300000000,
    }
    save(path, data)


def qingdao():
    path, data = load("qingdao_tod.geojson")
    data["strata"]["unit_zone"] = {"admin": "370213", "zone": "004", "subzone": "002"}
    s = stratum(data, "p-8", "s2")
    s["operation"] = {
        "operator": "青岛城运停车管理有限公司 (Qingdao City Parking Management Co.)",
        "mode": "lease",
        "term": {"start": "2024-07-01", "years": 20},
        "annual_revenue": 3600000,
    }
    save(path, data)


if __name__ == "__main__":
    wenzhou()
    shenzhen()
    qingdao()
