//! The corner points of a parcel (界址点) and their coordinates in the projected CRS of
//! the table (`crs.rs`; by default the CGCS2000 3° Gauss–Krüger zone of the parcel,
//! with the zone number in front of the easting, as the EPSG:4513–4533 zones write it),
//! in the surveyors' order: X northing, Y easting.
//! CGCS2000 and WGS84 differ by a few centimetres at most; they are taken as equal, as
//! the plan file's coordinates carry no better datum.

use geo::{Centroid, MultiPolygon};
use proj4rs::Proj;

use super::crs::{CornerCrs, CrsChoice, CrsProblem};
use crate::model::{LocalFrame, ProjectionError};

/// One corner: its number (J1, J2…), plan metres, and X (north), Y (east) in the zone.
#[derive(Clone, Debug, PartialEq)]
pub struct Corner {
    pub number: usize,
    pub pos_in_world: [f64; 2],
    pub north: f64,
    pub east: f64,
    /// Distance to the next corner of the same ring (edge length), metres.
    pub to_next_m: f64,
}

/// The 3° zone of a longitude: its number and central meridian (3 × number).
pub fn zone_of(lon: f64) -> u32 {
    (lon / 3.0).round().clamp(25.0, 45.0) as u32
}

/// The EPSG code of a CGCS2000 3° Gauss–Krüger zone with its number in the easting
/// (zone 25 is EPSG:4513 … zone 45 EPSG:4533).
pub fn zone_epsg(zone: u32) -> u32 {
    4513 + zone.saturating_sub(25)
}

/// Projects plan metres into the corner table's CRS.
pub struct ZoneProjector {
    /// The 3° zone of the parcel (what `auto` chooses), whatever CRS is used.
    pub zone: u32,
    pub crs: CornerCrs,
    frame: crate::model::FrameProjector,
    wgs84: Proj,
}

impl ZoneProjector {
    /// The projector of a parcel's corners: `auto` takes the 3° zone of the parcel's
    /// centroid (a sheet's table stays in one zone), a code takes that CRS.
    pub fn for_shape(
        frame: &LocalFrame,
        shape: &MultiPolygon<f64>,
        choice: CrsChoice,
    ) -> Result<Self, CornerError> {
        let frame = frame.projector()?;
        let centre = shape.centroid().map_or([0.0, 0.0], |c| [c.x(), c.y()]);
        let [lon, _] = frame.to_lonlat(centre[0], centre[1])?;
        let zone = zone_of(lon);
        let epsg = match choice {
            CrsChoice::Auto => zone_epsg(zone),
            CrsChoice::Epsg(code) => code,
        };
        Ok(Self {
            zone,
            crs: CornerCrs::from_epsg(epsg).map_err(CornerError::Crs)?,
            frame,
            wgs84: Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs")
                .map_err(|e| ProjectionError::Setup(e.to_string()))?,
        })
    }

    /// (north, east) of a point in plan metres.
    pub fn project(&self, pos_in_world: [f64; 2]) -> Result<(f64, f64), ProjectionError> {
        let [lon, lat] = self.frame.to_lonlat(pos_in_world[0], pos_in_world[1])?;
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        let point_error = |reason| ProjectionError::Point {
            x: lon,
            y: lat,
            reason,
        };
        proj4rs::transform::transform(&self.wgs84, &self.crs.proj, &mut p)
            .map_err(|e| point_error(crate::msg!("text-as-is", text = e.to_string())))?;
        if !(p.0.is_finite() && p.1.is_finite()) {
            return Err(point_error(crate::msg!("crs-err-domain")));
        }
        Ok((p.1, p.0))
    }
}

/// Why corners cannot be projected: the CRS asked for, or a point.
#[derive(Debug)]
pub enum CornerError {
    Crs(CrsProblem),
    Projection(ProjectionError),
}

impl From<ProjectionError> for CornerError {
    fn from(e: ProjectionError) -> Self {
        CornerError::Projection(e)
    }
}

/// The corners of every ring of the shape (outer rings, then holes, polygon by
/// polygon), numbered from 1 without the closing repeat.
pub fn corners(
    shape: &MultiPolygon<f64>,
    zone: &ZoneProjector,
) -> Result<Vec<Corner>, ProjectionError> {
    let mut out = Vec::new();
    for polygon in &shape.0 {
        for ring in std::iter::once(polygon.exterior()).chain(polygon.interiors()) {
            let points: Vec<[f64; 2]> = ring.coords().map(|c| [c.x, c.y]).collect();
            let n = points.len().saturating_sub(1);
            for i in 0..n {
                let (a, b) = (points[i], points[(i + 1) % n]);
                let (north, east) = zone.project(a)?;
                out.push(Corner {
                    number: out.len() + 1,
                    pos_in_world: a,
                    north,
                    east,
                    to_next_m: (b[0] - a[0]).hypot(b[1] - a[1]),
                });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn zones_follow_longitude() {
        assert_eq!(zone_of(120.70), 40);
        assert_eq!(zone_epsg(40), 4528);
        assert_eq!(zone_of(116.4), 39);
        assert_eq!(zone_epsg(39), 4527);
    }

    /// A point on the central meridian lies at easting zone·10⁶ + 500 000 and at the
    /// meridian arc length north (GRS80, 30° N: 3 320 113.398 m, from the series of
    /// the meridian arc worked outside Strata).
    #[test]
    fn the_central_meridian_projects_to_the_false_easting() {
        let frame = LocalFrame::new(120.0, 30.0);
        let square = polygon![(x: -1.0, y: -1.0), (x: 1.0, y: -1.0), (x: 1.0, y: 1.0)];
        let shape = MultiPolygon::new(vec![square]);
        let zone = ZoneProjector::for_shape(&frame, &shape, CrsChoice::Auto).expect("zone");
        assert_eq!(zone.zone, 40);
        assert_eq!(zone.crs.epsg, 4528);
        let (north, east) = zone.project([0.0, 0.0]).expect("point");
        assert!((east - 40_500_000.0).abs() < 1e-3, "{east}");
        assert!((north - 3_320_113.398).abs() < 0.01, "{north}");
    }
}
