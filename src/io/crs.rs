//! Coordinate reference systems of input files. Plans are WGS84 (RFC 7946); projected
//! input is accepted when its CRS is declared, through the legacy `crs` member that
//! QGIS and GDAL write or `--crs EPSG:N`. Definitions come from proj4rs's EPSG table.

use proj4rs::Proj;
use serde_json::Value;

use crate::i18n::Message;
use crate::model::ProjectionError;
use crate::model::wgs84;
use crate::msg;

/// The CRS of input coordinates.
pub enum SourceCrs {
    /// Longitude/latitude in degrees (WGS84, CRS84, CGCS2000 geographic: the datum
    /// difference is below a metre and is ignored).
    Geographic,
    /// Projected metres, converted to WGS84 on reading.
    Projected {
        epsg: u16,
        proj: Box<Proj>,
        wgs84: Box<Proj>,
    },
}

impl std::fmt::Debug for SourceCrs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceCrs::Geographic => f.write_str("Geographic"),
            SourceCrs::Projected { epsg, .. } => write!(f, "EPSG:{epsg}"),
        }
    }
}

impl SourceCrs {
    /// From an EPSG code.
    pub fn from_epsg(code: u32) -> Result<Self, Message> {
        match code {
            4326 | 4490 | 4979 => return Ok(SourceCrs::Geographic),
            _ => {}
        }
        let code16 = u16::try_from(code)
            .map_err(|_| msg!("crs-err-unsupported", code = code.to_string()))?;
        let proj = Proj::from_epsg_code(code16)
            .map_err(|_| msg!("crs-err-unknown", code = code.to_string()))?;
        if proj.is_latlong() {
            return Err(msg!("crs-err-datum", code = code.to_string()));
        }
        let wgs84 = wgs84().map_err(|e| e.message())?;
        Ok(SourceCrs::Projected {
            epsg: code16,
            proj: Box::new(proj),
            wgs84: Box::new(wgs84),
        })
    }

    /// From text such as `EPSG:32650`, `urn:ogc:def:crs:EPSG::4547` or
    /// `urn:ogc:def:crs:OGC:1.3:CRS84`.
    pub fn from_name(name: &str) -> Result<Self, Message> {
        let trimmed = name.trim();
        let upper = trimmed.to_ascii_uppercase();
        if upper.ends_with("CRS84") || upper.ends_with("CRS:84") {
            return Ok(SourceCrs::Geographic);
        }
        let code = upper
            .rsplit_once("EPSG:")
            .map(|(_, rest)| rest.trim_start_matches(':'))
            .and_then(|digits| digits.parse::<u32>().ok())
            .ok_or_else(|| msg!("crs-err-name", name = format!("{trimmed:?}")))?;
        Self::from_epsg(code)
    }

    /// From the legacy GeoJSON `crs` member (`{"type": "name", "properties": {"name": …}}`).
    pub fn from_member(member: &Value) -> Result<Self, Message> {
        let name = member
            .get("properties")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .ok_or_else(|| {
                msg!(
                    "crs-err-member",
                    form = r#"{"type": "name", "properties": {"name": "EPSG:N"}}"#
                )
            })?;
        Self::from_name(name)
    }

    /// Source coordinates → WGS84 longitude/latitude degrees.
    pub fn to_lonlat(&self, x: f64, y: f64) -> Result<[f64; 2], ProjectionError> {
        match self {
            SourceCrs::Geographic => Ok([x, y]),
            SourceCrs::Projected { proj, wgs84, .. } => {
                let mut p = (x, y, 0.0);
                proj4rs::transform::transform(proj, wgs84, &mut p).map_err(|e| {
                    ProjectionError::Point {
                        x,
                        y,
                        reason: crate::msg!("text-as-is", text = e.to_string()),
                    }
                })?;
                if !(p.0.is_finite() && p.1.is_finite()) {
                    return Err(ProjectionError::Point {
                        x,
                        y,
                        reason: crate::msg!("crs-err-domain"),
                    });
                }
                Ok([p.0.to_degrees(), p.1.to_degrees()])
            }
        }
    }

    pub fn is_geographic(&self) -> bool {
        matches!(self, SourceCrs::Geographic)
    }

    /// WGS84 longitude/latitude degrees → this CRS (metres when projected): the way
    /// out, for exports (DXF, Shapefile, sheets' corner coordinates).
    pub fn from_lonlat(&self, lon: f64, lat: f64) -> Result<[f64; 2], ProjectionError> {
        match self {
            SourceCrs::Geographic => Ok([lon, lat]),
            SourceCrs::Projected { proj, wgs84, .. } => {
                let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
                proj4rs::transform::transform(wgs84, proj, &mut p).map_err(|e| {
                    ProjectionError::Point {
                        x: lon,
                        y: lat,
                        reason: crate::msg!("text-as-is", text = e.to_string()),
                    }
                })?;
                if !(p.0.is_finite() && p.1.is_finite()) {
                    return Err(ProjectionError::Point {
                        x: lon,
                        y: lat,
                        reason: crate::msg!("crs-err-domain"),
                    });
                }
                Ok([p.0, p.1])
            }
        }
    }

    /// The EPSG code, `None` for geographic coordinates.
    pub fn epsg(&self) -> Option<u16> {
        match self {
            SourceCrs::Geographic => None,
            SourceCrs::Projected { epsg, .. } => Some(*epsg),
        }
    }
}

/// The CGCS2000 3-degree Gauss–Krüger CRS for a longitude, central-meridian variant
/// (no zone number in the easting): EPSG:4534 (CM 75° E) … EPSG:4554 (CM 135° E), the
/// default of exports. Longitudes outside China's zones are clamped to the nearest one.
pub fn cgcs2000_gk3_epsg(lon: f64) -> u32 {
    let cm = (lon / 3.0).round() * 3.0;
    let cm = if cm.is_finite() {
        cm.clamp(75.0, 135.0)
    } else {
        117.0
    };
    4534 + ((cm - 75.0) / 3.0) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_understood() {
        assert!(
            SourceCrs::from_name("urn:ogc:def:crs:OGC:1.3:CRS84")
                .expect("crs84")
                .is_geographic()
        );
        assert!(
            SourceCrs::from_name("EPSG:4326")
                .expect("4326")
                .is_geographic()
        );
        assert!(matches!(
            SourceCrs::from_name("urn:ogc:def:crs:EPSG::32650"),
            Ok(SourceCrs::Projected { epsg: 32650, .. })
        ));
        assert!(SourceCrs::from_name("urn:ogc:def:crs:EPSG::9999").is_err());
        assert!(SourceCrs::from_name("my local grid").is_err());
    }

    #[test]
    fn utm_gauss_kruger_and_web_mercator_convert() {
        // UTM 50N: 500000 E on the central meridian 117° E at the equator.
        let utm = SourceCrs::from_epsg(32650).expect("utm");
        let [lon, lat] = utm.to_lonlat(500_000.0, 0.0).expect("convert");
        assert!((lon - 117.0).abs() < 1e-9 && lat.abs() < 1e-9);
        // CGCS2000 3° GK zone with prefix (EPSG:4526 = zone 38, CM 114° E).
        let gk = SourceCrs::from_epsg(4526).expect("gk");
        let [lon, lat] = gk.to_lonlat(38_500_000.0, 2_495_000.0).expect("convert");
        assert!(
            (lon - 114.0).abs() < 1e-9 && (lat - 22.55).abs() < 0.01,
            "{lon} {lat}"
        );
        // CGCS2000 3° GK CM 114° E without prefix.
        let gk = SourceCrs::from_epsg(4547).expect("gk cm");
        let [lon, _] = gk.to_lonlat(500_000.0, 2_495_000.0).expect("convert");
        assert!((lon - 114.0).abs() < 1e-9);
        // Web Mercator: x = R·λ.
        let merc = SourceCrs::from_epsg(3857).expect("web mercator");
        let [lon, lat] = merc
            .to_lonlat(6_378_137.0 * 120f64.to_radians(), 0.0)
            .expect("convert");
        assert!((lon - 120.0).abs() < 1e-9 && lat.abs() < 1e-9);
    }

    #[test]
    fn gauss_kruger_zone_and_the_way_back() {
        assert_eq!(cgcs2000_gk3_epsg(116.4), 4548); // Beijing: CM 117° E
        assert_eq!(cgcs2000_gk3_epsg(114.06), 4547); // Shenzhen: CM 114° E
        assert_eq!(cgcs2000_gk3_epsg(120.65), 4549); // Wenzhou: CM 120° E
        assert_eq!(cgcs2000_gk3_epsg(f64::NAN), 4548);
        let gk = SourceCrs::from_epsg(4548).expect("gk");
        let [x, y] = gk.from_lonlat(117.0, 39.0).expect("to grid");
        assert!((x - 500_000.0).abs() < 1e-6, "{x}");
        let [lon, lat] = gk.to_lonlat(x + 1234.5, y - 987.6).expect("back");
        let [x2, y2] = gk.from_lonlat(lon, lat).expect("again");
        assert!((x2 - x - 1234.5).abs() < 1e-6 && (y2 - y + 987.6).abs() < 1e-6);
        assert_eq!(gk.epsg(), Some(4548));
    }
}
