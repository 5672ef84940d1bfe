//! The plan's local metric frame: a transverse Mercator projection centred on the plan
//! with scale factor 1, so that a metre in the program is a metre on the ground (better
//! than 1e-4 within 20 km of the centre). UTM's 0.9996 scale would shrink every distance
//! by 0.04 %, so it is not used here.

use proj4rs::Proj;

use crate::i18n::Message;
use crate::msg;

/// Errors of coordinate conversion. `Display` is English; [`ProjectionError::text`] is in
/// the current language (docs/ERRORS.md).
#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    /// proj4rs's reason, in its words.
    Setup(String),
    Point {
        x: f64,
        y: f64,
        reason: Message,
    },
}

impl ProjectionError {
    /// What went wrong, to be worded when shown.
    pub fn message(&self) -> Message {
        match self {
            ProjectionError::Setup(reason) => {
                msg!("io-err-projection-setup", reason = reason.as_str())
            }
            ProjectionError::Point { x, y, reason } => msg!(
                "io-err-projection-point",
                x = x.to_string(),
                y = y.to_string(),
                reason = reason.clone()
            ),
        }
    }

    /// The text in the current language.
    pub fn text(&self) -> String {
        self.message().text()
    }
}

impl std::fmt::Display for ProjectionError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text_in(crate::i18n::Lang::En))
    }
}

/// Centre of the local frame, in WGS84 degrees. Rounded to 1e-4° (about 10 m) when
/// derived from a plan so that loading a saved plan again gives the same frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LocalFrame {
    pub lon0: f64,
    pub lat0: f64,
}

impl LocalFrame {
    pub fn new(lon0: f64, lat0: f64) -> Self {
        Self { lon0, lat0 }
    }

    /// A frame centred on the middle of a longitude/latitude extent.
    pub fn centred_on(min: [f64; 2], max: [f64; 2]) -> Self {
        let round = |v: f64| (v * 1e4).round() / 1e4;
        Self::new(
            round((min[0] + max[0]) / 2.0),
            round((min[1] + max[1]) / 2.0),
        )
    }

    /// The projections needed to convert between WGS84 and this frame.
    pub fn projector(&self) -> Result<FrameProjector, ProjectionError> {
        let local = format!(
            "+proj=tmerc +lat_0={} +lon_0={} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +datum=WGS84 +units=m +no_defs",
            self.lat0, self.lon0
        );
        Ok(FrameProjector {
            lon0: self.lon0,
            lat0: self.lat0,
            wgs84: wgs84()?,
            local: Proj::from_proj_string(&local)
                .map_err(|e| ProjectionError::Setup(e.to_string()))?,
        })
    }
}

pub(crate) fn wgs84() -> Result<Proj, ProjectionError> {
    Proj::from_proj_string("+proj=longlat +ellps=WGS84 +datum=WGS84 +no_defs")
        .map_err(|e| ProjectionError::Setup(e.to_string()))
}

/// Converts single points between WGS84 degrees and frame metres.
pub struct FrameProjector {
    wgs84: Proj,
    local: Proj,
    lon0: f64,
    lat0: f64,
}

impl FrameProjector {
    /// WGS84 longitude/latitude in degrees → metres east/north of the frame centre.
    pub fn to_local(&self, lon: f64, lat: f64) -> Result<[f64; 2], ProjectionError> {
        let mut p = (lon.to_radians(), lat.to_radians(), 0.0);
        proj4rs::transform::transform(&self.wgs84, &self.local, &mut p).map_err(|e| {
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
                reason: crate::msg!(
                    "io-err-too-far",
                    lon = self.lon0.to_string(),
                    lat = self.lat0.to_string()
                ),
            });
        }
        Ok([p.0, p.1])
    }

    /// Metres in the frame → WGS84 longitude/latitude in degrees.
    pub fn to_lonlat(&self, x: f64, y: f64) -> Result<[f64; 2], ProjectionError> {
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(&self.local, &self.wgs84, &mut p).map_err(|e| {
            ProjectionError::Point {
                x,
                y,
                reason: crate::msg!("text-as-is", text = e.to_string()),
            }
        })?;
        Ok([p.0.to_degrees(), p.1.to_degrees()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geodesic_m(a: [f64; 2], b: [f64; 2]) -> f64 {
        // Vincenty/Karney distance on the WGS84 ellipsoid, from geo.
        use geo::{Distance, Geodesic, Point};
        Geodesic.distance(Point::new(a[0], a[1]), Point::new(b[0], b[1]))
    }

    #[test]
    fn local_is_inverse_of_lonlat() {
        let frame = LocalFrame::new(120.70, 27.99);
        let p = frame.projector().expect("projector");
        for &(x, y) in &[(0.0, 0.0), (1234.5, -987.6), (15_000.0, 12_000.0)] {
            let [lon, lat] = p.to_lonlat(x, y).expect("inverse");
            let [x2, y2] = p.to_local(lon, lat).expect("forward");
            assert!(
                (x - x2).abs() < 1e-6 && (y - y2).abs() < 1e-6,
                "{x},{y} → {x2},{y2}"
            );
        }
    }

    #[test]
    fn a_metre_is_a_ground_metre() {
        // Scale factor 1 at the centre: frame distances equal geodesic distances to
        // better than 1e-4 within 20 km (UTM would be 4e-4 short).
        let frame = LocalFrame::new(115.95, 39.03);
        let p = frame.projector().expect("projector");
        for &(x, y) in &[(1000.0, 0.0), (0.0, 5000.0), (14_000.0, 14_000.0)] {
            let a = p.to_lonlat(0.0, 0.0).expect("centre");
            let b = p.to_lonlat(x, y).expect("point");
            let ground = geodesic_m(a, b);
            let frame_m = f64::hypot(x, y);
            assert!(
                ((frame_m - ground) / ground).abs() < 1e-4,
                "{frame_m} vs {ground}"
            );
        }
        let a = p.to_lonlat(0.0, 0.0).expect("centre");
        let b = p.to_lonlat(1000.0, 0.0).expect("east");
        assert!((geodesic_m(a, b) - 1000.0).abs() < 1e-3);
    }
}
