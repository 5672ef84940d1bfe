//! The box around a set of points, as `[min x, min y, max x, max y]`: what the CAD
//! underlay's index, the underlay warp and the headless 3D view each fit to.

/// The box around `points`; `None` when there are none (NaN coordinates are passed
/// over, as `f64::min` and `max` pass them over).
pub fn bbox_of<'a>(points: impl IntoIterator<Item = &'a [f64; 2]>) -> Option<[f64; 4]> {
    let mut b = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    for p in points {
        b = [
            b[0].min(p[0]),
            b[1].min(p[1]),
            b[2].max(p[0]),
            b[3].max(p[1]),
        ];
    }
    (b[0] <= b[2]).then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_box_of_points_and_of_none() {
        let points = [[3.0, -1.0], [-2.0, 4.0], [f64::NAN, 0.5]];
        assert_eq!(bbox_of(&points), Some([-2.0, -1.0, 3.0, 4.0]));
        assert_eq!(bbox_of(&[]), None);
    }
}
