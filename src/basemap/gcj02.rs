//! GCJ-02 ("Mars coordinates"), the datum offset Chinese web maps are published in: a
//! source declared `"offset": "gcj02"` is drawn by taking each WGS84 point to GCJ-02
//! before its tile grid, so its streets line up with WGS84 data. The transform is the
//! algorithm in public circulation (the same constants as the `eviltransform` and
//! `coordtransform` libraries): Krasovsky-ellipsoid offsets of 100–700 m inside China, none
//! outside (the rough box used by those libraries). Its agreement with the official
//! implementation is reported at the metre level; from GCJ-02 back to WGS84 this module
//! iterates the forward transform to 1e-9° (about 0.1 mm).

use std::f64::consts::PI;

const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

fn outside_china(lon: f64, lat: f64) -> bool {
    !(72.004..=137.8347).contains(&lon) || !(0.8293..=55.8271).contains(&lat)
}

fn d_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0
}

fn d_lon(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0
}

/// WGS84 longitude/latitude → GCJ-02 (unchanged outside China).
pub fn from_wgs84(lon: f64, lat: f64) -> [f64; 2] {
    if outside_china(lon, lat) {
        return [lon, lat];
    }
    let (x, y) = (lon - 105.0, lat - 35.0);
    let rad = lat.to_radians();
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let dlat = d_lat(x, y) * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let dlon = d_lon(x, y) * 180.0 / (A / sqrt_magic * rad.cos() * PI);
    [lon + dlon, lat + dlat]
}

/// GCJ-02 → WGS84, by iterating [`from_wgs84`] (converges in a few steps).
pub fn to_wgs84(lon: f64, lat: f64) -> [f64; 2] {
    let mut guess = [lon, lat];
    for _ in 0..30 {
        let [glon, glat] = from_wgs84(guess[0], guess[1]);
        let (ex, ey) = (glon - lon, glat - lat);
        guess = [guess[0] - ex, guess[1] - ey];
        if ex.abs() < 1e-9 && ey.abs() < 1e-9 {
            break;
        }
    }
    guess
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Distance, Geodesic, Point};

    #[test]
    fn offsets_are_hundreds_of_metres_in_china_and_none_outside() {
        for (lon, lat) in [
            (116.397, 39.909),
            (121.47, 31.23),
            (114.06, 22.55),
            (120.38, 36.07),
        ] {
            let [glon, glat] = from_wgs84(lon, lat);
            let m = Geodesic.distance(Point::new(lon, lat), Point::new(glon, glat));
            assert!((100.0..=700.0).contains(&m), "{lon},{lat}: {m} m");
        }
        assert_eq!(from_wgs84(2.35, 48.85), [2.35, 48.85]);
        assert_eq!(from_wgs84(139.7, 35.7), [139.7, 35.7]);
    }

    #[test]
    fn agrees_with_eviltransform() {
        // Values computed with the Python package eviltransform (wgs2gcj), an
        // independent implementation of the same algorithm. It takes the WGS84 radius
        // (6 378 137 m) where this module, like the leaked original and coordtransform,
        // takes Krasovsky's (6 378 245 m): 1.7e-5 of a 500 m offset, under 2 cm.
        for (wgs, gcj) in [
            ([116.397, 39.909], [116.403_243_612, 39.910_403_421]),
            ([121.47, 31.23], [121.474_534_977, 31.228_067_449]),
            ([114.06, 22.55], [114.065_116_893, 22.547_286_880]),
            ([87.6, 43.8], [87.602_839_020, 43.801_212_051]),
        ] {
            let got = from_wgs84(wgs[0], wgs[1]);
            assert!(
                (got[0] - gcj[0]).abs() < 2e-7 && (got[1] - gcj[1]).abs() < 2e-7,
                "{wgs:?}: {got:?} vs {gcj:?}"
            );
        }
    }

    #[test]
    fn the_way_back_returns_to_a_tenth_of_a_millimetre() {
        for (lon, lat) in [(116.397, 39.909), (113.2644, 23.1291), (87.6, 43.8)] {
            let [glon, glat] = from_wgs84(lon, lat);
            let [wlon, wlat] = to_wgs84(glon, glat);
            let m = Geodesic.distance(Point::new(lon, lat), Point::new(wlon, wlat));
            assert!(m < 1e-4, "{m} m");
        }
    }
}
