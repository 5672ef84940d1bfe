//! The `.prj` of a Shapefile: the WKT of its CRS mapped to an EPSG code (read), and the
//! WKT written for the CRSs Strata exports to.
//!
//! Reading looks first for the code itself (`AUTHORITY["EPSG","4548"]` in WKT1 as GDAL
//! writes it, `ID["EPSG",4548]` in WKT2), then for the names ArcGIS and GDAL give the
//! CRSs Chinese plans use: CGCS2000 3° and 6° Gauss–Krüger (by central meridian or zone),
//! WGS84 UTM, Web Mercator, and the geographic WGS84 / CGCS2000.

/// The EPSG code of a `.prj`'s WKT, `None` when it is not recognised.
pub fn epsg_of_wkt(wkt: &str) -> Option<u32> {
    authority(wkt).or_else(|| by_name(wkt))
}

/// The last `AUTHORITY["EPSG",…]`/`ID["EPSG",…]`: in WKT the CRS's own code closes it,
/// after the codes of its datum, units and base CRS.
fn authority(wkt: &str) -> Option<u32> {
    let upper = wkt.to_ascii_uppercase();
    let at = ["AUTHORITY[\"EPSG\"", "ID[\"EPSG\""]
        .iter()
        .filter_map(|key| upper.rfind(key).map(|i| i + key.len()))
        .max()?;
    let digits: String = upper[at..]
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The number that follows `key` in `name` (`CM_117E` → 117 after `CM_`).
fn number_after(name: &str, key: &str) -> Option<u32> {
    let at = name.find(key)? + key.len();
    name[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// From the CRS's name: upper case, every run of separators one `_`.
fn by_name(wkt: &str) -> Option<u32> {
    let trimmed = wkt.trim_start();
    let projected = trimmed.to_ascii_uppercase().starts_with("PROJ");
    let name: String = trimmed.split('"').nth(1)?.to_ascii_uppercase();
    let mut norm = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            norm.push(c);
        } else if !norm.ends_with('_') {
            norm.push('_');
        }
    }
    let name = norm
        .replace("GAUSS_KRUGER", "GK")
        .replace("GAUSS_KRUEGER", "GK");
    let cgcs = name.contains("CGCS2000") || name.contains("CHINA_GEODETIC");
    if !projected {
        return if cgcs {
            Some(4490)
        } else if name.contains("WGS_1984") || name.contains("WGS_84") || name == "WGS84" {
            Some(4326)
        } else {
            None
        };
    }
    let step = |first: u32, base: u32, width: u32, n: u32, last: u32| {
        (n >= base && n <= last && (n - base).is_multiple_of(width))
            .then(|| first + (n - base) / width)
    };
    if cgcs && name.contains("3_DEGREE") {
        if let Some(cm) = number_after(&name, "CM_") {
            return step(4534, 75, 3, cm, 135);
        }
        return number_after(&name, "ZONE_").and_then(|z| step(4513, 25, 1, z, 45));
    }
    if cgcs && name.contains("GK") {
        if let Some(cm) = number_after(&name, "CM_") {
            return step(4502, 75, 6, cm, 135);
        }
        return number_after(&name, "ZONE_").and_then(|z| step(4491, 13, 1, z, 23));
    }
    if (name.contains("WGS_1984") || name.contains("WGS_84")) && name.contains("UTM_ZONE_") {
        let zone = number_after(&name, "UTM_ZONE_").filter(|z| (1..=60).contains(z))?;
        let south = name[name.find("UTM_ZONE_")? + 9..]
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .starts_with('S');
        return Some(if south { 32700 } else { 32600 } + zone);
    }
    if name.contains("WEB_MERCATOR") || name.contains("PSEUDO_MERCATOR") {
        return Some(3857);
    }
    None
}

const CGCS2000_GEOGCS: &str = r#"GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]]"#;
const WGS84_GEOGCS: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4326"]]"#;

fn transverse_mercator(
    name: &str,
    geogcs: &str,
    [cm, k, false_easting, false_northing]: [f64; 4],
    epsg: u32,
) -> String {
    format!(
        r#"PROJCS["{name}",{geogcs},PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",{cm}],PARAMETER["scale_factor",{k}],PARAMETER["false_easting",{false_easting}],PARAMETER["false_northing",{false_northing}],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AUTHORITY["EPSG","{epsg}"]]"#
    )
}

/// WKT1 (as GDAL writes it, without the axis order, which Shapefiles do not follow) for
/// the CRSs exports use: geographic WGS84 and CGCS2000, CGCS2000 3° Gauss–Krüger (by
/// central meridian, EPSG:4534–4554, or with the zone prefix, EPSG:4513–4533), WGS84
/// UTM (EPSG:32601–32660, 32701–32760). `None` for others.
pub fn wkt_of_epsg(epsg: u32) -> Option<String> {
    match epsg {
        4326 => Some(WGS84_GEOGCS.to_owned()),
        4490 => Some(CGCS2000_GEOGCS.to_owned()),
        4534..=4554 => {
            let cm = 75 + (epsg - 4534) * 3;
            let name = format!("CGCS2000 / 3-degree Gauss-Kruger CM {cm}E");
            let p = [f64::from(cm), 1.0, 500_000.0, 0.0];
            Some(transverse_mercator(&name, CGCS2000_GEOGCS, p, epsg))
        }
        4513..=4533 => {
            let zone = 25 + (epsg - 4513);
            let name = format!("CGCS2000 / 3-degree Gauss-Kruger zone {zone}");
            let p = [
                f64::from(zone * 3),
                1.0,
                f64::from(zone) * 1e6 + 500_000.0,
                0.0,
            ];
            Some(transverse_mercator(&name, CGCS2000_GEOGCS, p, epsg))
        }
        32601..=32660 | 32701..=32760 => {
            let zone = epsg % 100;
            let south = epsg > 32700;
            let name = format!("WGS 84 / UTM zone {zone}{}", if south { 'S' } else { 'N' });
            let cm = -183.0 + 6.0 * f64::from(zone);
            let p = [
                cm,
                0.9996,
                500_000.0,
                if south { 10_000_000.0 } else { 0.0 },
            ];
            Some(transverse_mercator(&name, WGS84_GEOGCS, p, epsg))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn esri_names_of_chinese_grids() {
        let esri = r#"PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]"#;
        assert_eq!(epsg_of_wkt(esri), Some(4548));
        let zone = r#"PROJCS["CGCS2000_3_Degree_GK_Zone_38",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000"]]"#;
        assert_eq!(epsg_of_wkt(zone), Some(4526));
        let six = r#"PROJCS["CGCS2000_GK_CM_117E",GEOGCS["x"]]"#;
        assert_eq!(epsg_of_wkt(six), Some(4509));
        let utm = r#"PROJCS["WGS_1984_UTM_Zone_50N",GEOGCS["GCS_WGS_1984"]]"#;
        assert_eq!(epsg_of_wkt(utm), Some(32650));
        let geo = r#"GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000"]]"#;
        assert_eq!(epsg_of_wkt(geo), Some(4490));
        assert_eq!(epsg_of_wkt(r#"PROJCS["Beijing local grid"]"#), None);
        assert_eq!(epsg_of_wkt("garbage"), None);
    }

    #[test]
    fn written_wkt_reads_back_as_its_code() {
        for epsg in [4326, 4490, 4534, 4548, 4554, 4513, 4526, 32650, 32750] {
            let wkt = wkt_of_epsg(epsg).expect("known");
            assert_eq!(epsg_of_wkt(&wkt), Some(epsg), "{wkt}");
            // Without the authority, the name alone still says it.
            let bare = wkt.replace(&format!(r#",AUTHORITY["EPSG","{epsg}"]]"#), "]");
            assert_eq!(by_name(&bare), Some(epsg), "{bare}");
        }
        assert!(wkt_of_epsg(3857).is_none());
    }
}
