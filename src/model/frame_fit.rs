//! The frame's projection over a known extent, by a fitted polynomial.
//!
//! Projecting a city's three million corners through proj4rs's transverse Mercator took
//! two thirds of the time of reading it (a dozen `sin`, `atan2`, `hypot`, `sinh` per
//! point). Over a city's extent the projection is so smooth that a Chebyshev polynomial
//! of degree 4 in longitude and latitude reproduces it to a few nanometres (the noise of
//! the exact formulas themselves), for fifty multiply-adds a point. The fit is checked
//! against the exact projection on a grid four times finer than its nodes before it is
//! used; an extent it cannot follow to [`TOLERANCE_M`] (a country, the poles) keeps the
//! exact projection, and so does any point outside the extent.

use super::{FrameProjector, ProjectionError};

/// The largest difference from the exact projection a fit may show on its check grid:
/// a micrometre, a thousandth of the 1 mm to which plans are compared with other tools.
pub const TOLERANCE_M: f64 = 1e-6;

/// Extents wider than this (degrees, either way) keep the exact projection: a fit of
/// the degrees tried would not follow them.
const MAX_SPAN_DEG: f64 = 2.0;

/// Degrees tried, lowest first (4 suffices for a city, 6 for a region of 2°).
const DEGREES: [usize; 3] = [4, 6, 8];

/// The projection of a plan's frame, fitted over the extent of the points to project.
pub struct ExtentProjector<'a> {
    exact: &'a FrameProjector,
    fit: Option<Fit>,
}

impl<'a> ExtentProjector<'a> {
    /// A projector for longitudes and latitudes within `min..=max` (degrees): fitted
    /// when the fit holds, else the exact one.
    pub fn new(exact: &'a FrameProjector, min: [f64; 2], max: [f64; 2]) -> Self {
        Self {
            exact,
            fit: Fit::new(exact, min, max),
        }
    }

    /// Whether the fit is used (for tests and timings).
    pub fn is_fitted(&self) -> bool {
        self.fit.is_some()
    }

    /// WGS84 longitude/latitude in degrees → metres east/north of the frame centre.
    pub fn to_local(&self, lon: f64, lat: f64) -> Result<[f64; 2], ProjectionError> {
        match &self.fit {
            Some(fit) if fit.covers(lon, lat) => Ok(fit.eval(lon, lat)),
            _ => self.exact.to_local(lon, lat),
        }
    }
}

/// A tensor-product Chebyshev polynomial for x and for y over a lon/lat rectangle.
struct Fit {
    min: [f64; 2],
    max: [f64; 2],
    centre: [f64; 2],
    /// 2 / span: degrees → [-1, 1].
    scale: [f64; 2],
    degree: usize,
    /// Coefficients of u^j·v^k at `j * (degree + 1) + k` (fitted as Chebyshev series).
    cx: Vec<f64>,
    cy: Vec<f64>,
}

impl Fit {
    fn new(exact: &FrameProjector, min: [f64; 2], max: [f64; 2]) -> Option<Self> {
        let finite = min.iter().chain(&max).all(|v| v.is_finite());
        if !finite || min[0] > max[0] || min[1] > max[1] {
            return None;
        }
        if max[0] - min[0] > MAX_SPAN_DEG
            || max[1] - min[1] > MAX_SPAN_DEG
            || min[1] < -84.0
            || max[1] > 84.0
        {
            return None;
        }
        // A little room so that points on the edge are inside, and a point or a line of
        // points still has an extent to scale by.
        let pad = |lo: f64, hi: f64| ((hi - lo) * 1e-6).max(1e-7);
        let pads = [pad(min[0], max[0]), pad(min[1], max[1])];
        let lo = [min[0] - pads[0], min[1] - pads[1]];
        let hi = [max[0] + pads[0], max[1] + pads[1]];
        DEGREES
            .iter()
            .find_map(|&degree| Self::fitted(exact, lo, hi, degree))
    }

    /// The interpolant of the given degree at Chebyshev nodes, if it passes the check.
    fn fitted(exact: &FrameProjector, lo: [f64; 2], hi: [f64; 2], degree: usize) -> Option<Self> {
        let n = degree + 1;
        let centre = [(lo[0] + hi[0]) / 2.0, (lo[1] + hi[1]) / 2.0];
        let scale = [2.0 / (hi[0] - lo[0]), 2.0 / (hi[1] - lo[1])];
        let nodes: Vec<f64> = (0..n)
            .map(|a| (std::f64::consts::PI * (a as f64 + 0.5) / n as f64).cos())
            .collect();
        // Values at the nodes, then the discrete Chebyshev transform of each.
        let mut fx = vec![0.0; n * n];
        let mut fy = vec![0.0; n * n];
        for (a, u) in nodes.iter().enumerate() {
            for (b, v) in nodes.iter().enumerate() {
                let lon = centre[0] + u / scale[0];
                let lat = centre[1] + v / scale[1];
                let [x, y] = exact.to_local(lon, lat).ok()?;
                fx[a * n + b] = x;
                fy[a * n + b] = y;
            }
        }
        let t: Vec<Vec<f64>> = nodes.iter().map(|&u| chebyshev(u, n)).collect();
        let coefficients = |f: &[f64]| -> Vec<f64> {
            let mut c = vec![0.0; n * n];
            for j in 0..n {
                for k in 0..n {
                    let mut sum = 0.0;
                    for a in 0..n {
                        for b in 0..n {
                            sum += f[a * n + b] * t[a][j] * t[b][k];
                        }
                    }
                    let wj = if j == 0 { 1.0 } else { 2.0 };
                    let wk = if k == 0 { 1.0 } else { 2.0 };
                    c[j * n + k] = sum * wj * wk / (n * n) as f64;
                }
            }
            c
        };
        let fit = Self {
            min: lo,
            max: hi,
            centre,
            scale,
            degree,
            cx: power_basis(&coefficients(&fx), n),
            cy: power_basis(&coefficients(&fy), n),
        };
        fit.holds(exact).then_some(fit)
    }

    /// Checks the fit against the exact projection on a grid four times finer than the
    /// nodes, edges and corners included.
    fn holds(&self, exact: &FrameProjector) -> bool {
        let steps = 4 * (self.degree + 1);
        (0..=steps).all(|i| {
            (0..=steps).all(|j| {
                let lon = self.min[0] + (self.max[0] - self.min[0]) * i as f64 / steps as f64;
                let lat = self.min[1] + (self.max[1] - self.min[1]) * j as f64 / steps as f64;
                let Ok([x, y]) = exact.to_local(lon, lat) else {
                    return false;
                };
                let [fx, fy] = self.eval(lon, lat);
                (fx - x).abs() <= TOLERANCE_M && (fy - y).abs() <= TOLERANCE_M
            })
        })
    }

    fn covers(&self, lon: f64, lat: f64) -> bool {
        (self.min[0]..=self.max[0]).contains(&lon) && (self.min[1]..=self.max[1]).contains(&lat)
    }

    /// Horner's rule in the power basis: two multiply-adds a coefficient.
    fn eval(&self, lon: f64, lat: f64) -> [f64; 2] {
        let n = self.degree + 1;
        let u = (lon - self.centre[0]) * self.scale[0];
        let v = (lat - self.centre[1]) * self.scale[1];
        let (mut x, mut y) = (0.0, 0.0);
        let rows = self.cx.chunks_exact(n).zip(self.cy.chunks_exact(n)).rev();
        for (row_x, row_y) in rows {
            let (mut rx, mut ry) = (0.0, 0.0);
            for (cx, cy) in row_x.iter().zip(row_y).rev() {
                rx = rx * v + cx;
                ry = ry * v + cy;
            }
            x = x * u + rx;
            y = y * u + ry;
        }
        [x, y]
    }
}

/// The power-basis coefficients of `c` (of T_j(u)·T_k(v) at `j * n + k`): those of
/// u^p·v^q at `p * n + q`. On [-1, 1] and up to degree 8 this loses under three digits,
/// and the fit is checked in this form.
fn power_basis(c: &[f64], n: usize) -> Vec<f64> {
    // m[j][p]: the coefficient of u^p in T_j(u).
    let mut m = vec![vec![0.0; n]; n];
    for j in 0..n {
        match j {
            0 => m[0][0] = 1.0,
            1 => m[1][1] = 1.0,
            _ => {
                for p in 0..n {
                    let up = if p > 0 { 2.0 * m[j - 1][p - 1] } else { 0.0 };
                    m[j][p] = up - m[j - 2][p];
                }
            }
        }
    }
    let mut a = vec![0.0; n * n];
    for (j, mj) in m.iter().enumerate() {
        for (k, mk) in m.iter().enumerate() {
            let cjk = c[j * n + k];
            for (p, mjp) in mj.iter().enumerate() {
                for (q, mkq) in mk.iter().enumerate() {
                    a[p * n + q] += cjk * mjp * mkq;
                }
            }
        }
    }
    a
}

/// T_0(u) … T_{n-1}(u).
fn chebyshev(u: f64, n: usize) -> Vec<f64> {
    let mut t = vec![0.0; n];
    chebyshev_into(u, &mut t);
    t
}

fn chebyshev_into(u: f64, t: &mut [f64]) {
    for i in 0..t.len() {
        t[i] = match i {
            0 => 1.0,
            1 => u,
            _ => 2.0 * u * t[i - 1] - t[i - 2],
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LocalFrame;

    /// A cheap deterministic sequence in [0, 1).
    fn unit(i: u64) -> f64 {
        let h = i.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
        (h >> 11) as f64 / (1u64 << 53) as f64
    }

    fn max_difference(frame: LocalFrame, min: [f64; 2], max: [f64; 2]) -> (bool, f64) {
        let exact = frame.projector().expect("test");
        let fitted = ExtentProjector::new(&exact, min, max);
        let mut worst: f64 = 0.0;
        for i in 0..4000 {
            let lon = min[0] + (max[0] - min[0]) * unit(2 * i);
            let lat = min[1] + (max[1] - min[1]) * unit(2 * i + 1);
            let [x, y] = exact.to_local(lon, lat).expect("test");
            let [fx, fy] = fitted.to_local(lon, lat).expect("test");
            worst = worst.max((fx - x).abs()).max((fy - y).abs());
        }
        (fitted.is_fitted(), worst)
    }

    #[test]
    fn a_city_is_fitted_to_a_micrometre() {
        // Wenzhou's frame over 25 × 25 km, off centre as a frame rounded to 1e-4° is.
        let frame = LocalFrame::new(120.7, 28.0);
        let (fitted, worst) = max_difference(frame, [120.58, 27.89], [120.83, 28.12]);
        assert!(fitted);
        assert!(worst < TOLERANCE_M, "{worst}");
    }

    #[test]
    fn a_region_of_two_degrees_and_the_north_are_fitted() {
        let (fitted, worst) =
            max_difference(LocalFrame::new(116.4, 40.0), [115.4, 39.0], [117.4, 41.0]);
        assert!(fitted && worst < TOLERANCE_M, "{worst}");
        let (fitted, worst) =
            max_difference(LocalFrame::new(25.0, 70.0), [24.9, 69.95], [25.1, 70.05]);
        assert!(fitted && worst < TOLERANCE_M, "{worst}");
    }

    #[test]
    fn a_wide_extent_keeps_the_exact_projection() {
        let (fitted, worst) =
            max_difference(LocalFrame::new(110.0, 30.0), [105.0, 25.0], [115.0, 35.0]);
        assert!(!fitted);
        assert_eq!(worst, 0.0);
    }

    #[test]
    fn points_outside_the_extent_and_single_points_are_exact() {
        let frame = LocalFrame::new(120.7, 28.0);
        let exact = frame.projector().expect("test");
        let fitted = ExtentProjector::new(&exact, [120.69, 27.99], [120.71, 28.01]);
        assert!(fitted.is_fitted());
        assert_eq!(
            fitted.to_local(121.5, 28.0).expect("test"),
            exact.to_local(121.5, 28.0).expect("test")
        );
        // One point: an extent of none still fits and gives that point.
        let one = ExtentProjector::new(&exact, [120.7012, 28.0034], [120.7012, 28.0034]);
        assert!(one.is_fitted());
        let [x, y] = one.to_local(120.7012, 28.0034).expect("test");
        let [ex, ey] = exact.to_local(120.7012, 28.0034).expect("test");
        assert!((x - ex).abs() < TOLERANCE_M && (y - ey).abs() < TOLERANCE_M);
        // Nothing at all (an empty plan): no fit.
        let none = ExtentProjector::new(&exact, [f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        assert!(!none.is_fitted());
    }
}
