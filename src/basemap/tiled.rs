//! What tile sources share (MBTiles, PMTiles, XYZ URLs: Web Mercator, XYZ rows from the north):
//! the zoom level whose pixels match the output best, and the mosaic of its tiles over
//! the window asked for. A missing tile stays transparent.

use super::georef::Affine;
use super::{BasemapError, Window};

/// Half the Web Mercator world, metres (π · 6 378 137).
pub const HALF_WORLD_M: f64 = std::f64::consts::PI * 6_378_137.0;

/// Most tiles mosaicked for one window (a 1600 × 1200 output needs about 50).
const MAX_TILES: u32 = 400;

/// A pyramid of square raster tiles in Web Mercator.
pub trait TileSet {
    /// The coarsest and finest zoom levels.
    fn zooms(&self) -> (u32, u32);
    /// The side of a tile, pixels.
    fn tile_px(&self) -> u32;
    /// One tile (XYZ row, from the north) decoded, `None` when absent.
    fn tile(&self, z: u32, x: u32, y: u32) -> Result<Option<image::RgbaImage>, BasemapError>;
    /// Most tiles mosaicked for one window (fewer for tiles fetched over the network).
    fn max_tiles(&self) -> u32 {
        MAX_TILES
    }
}

/// Side of a tile at zoom `z`, metres.
pub fn tile_m(z: u32) -> f64 {
    2.0 * HALF_WORLD_M / f64::from(1u32 << z)
}

/// The window of `set` over `bbox` (Web Mercator metres) at the finest level not finer
/// than `units_per_px` (at most one zoom step of excess), coarser when it would take
/// more than [`MAX_TILES`] tiles.
pub fn window(
    set: &dyn TileSet,
    bbox: [f64; 4],
    units_per_px: f64,
) -> Result<Option<Window>, BasemapError> {
    let (min_zoom, max_zoom) = set.zooms();
    let want = (2.0 * HALF_WORLD_M / (f64::from(set.tile_px()) * units_per_px.max(1e-3))).log2();
    let mut z = (want.ceil().max(0.0) as u32).clamp(min_zoom, max_zoom);
    loop {
        let size = tile_m(z);
        let n = 1u32 << z;
        let col = |x: f64| {
            ((x + HALF_WORLD_M) / size)
                .floor()
                .clamp(0.0, f64::from(n - 1)) as u32
        };
        let row = |y: f64| {
            ((HALF_WORLD_M - y) / size)
                .floor()
                .clamp(0.0, f64::from(n - 1)) as u32
        };
        let (x0, x1, y0, y1) = (col(bbox[0]), col(bbox[2]), row(bbox[3]), row(bbox[1]));
        if (x1 - x0 + 1) * (y1 - y0 + 1) > set.max_tiles() && z > min_zoom {
            z -= 1;
            continue;
        }
        return mosaic(set, z, [x0, y0, x1, y1]).map(Some);
    }
}

/// The tiles of zoom `z` from column/row (x0, y0) to (x1, y1) as one image.
fn mosaic(set: &dyn TileSet, z: u32, [x0, y0, x1, y1]: [u32; 4]) -> Result<Window, BasemapError> {
    let t = set.tile_px();
    let (w, h) = ((x1 - x0 + 1) * t, (y1 - y0 + 1) * t);
    let mut rgba = vec![0u8; w as usize * h as usize * 4];
    for ty in y0..=y1 {
        for tx in x0..=x1 {
            let Some(tile) = set.tile(z, tx, ty)? else {
                continue;
            };
            if tile.dimensions() != (t, t) {
                continue;
            }
            let (ox, oy) = ((tx - x0) * t, (ty - y0) * t);
            for (j, row) in tile.as_raw().chunks_exact(t as usize * 4).enumerate() {
                let at = ((oy as usize + j) * w as usize + ox as usize) * 4;
                rgba[at..at + row.len()].copy_from_slice(row);
            }
        }
    }
    let size = tile_m(z);
    let px = size / f64::from(t);
    let affine = Affine {
        a: px,
        b: 0.0,
        c: -HALF_WORLD_M + f64::from(x0) * size,
        d: 0.0,
        e: -px,
        f: HALF_WORLD_M - f64::from(y0) * size,
    };
    Ok(Window {
        rgba,
        width: w,
        height: h,
        affine,
    })
}

/// Web Mercator metres of a longitude and latitude (degrees; latitude clamped to the
/// projection's ±85.05°).
pub fn mercator(lon: f64, lat: f64) -> [f64; 2] {
    let lat = lat.clamp(-85.051_128_78, 85.051_128_78).to_radians();
    [
        lon.to_radians() * 6_378_137.0,
        (std::f64::consts::FRAC_PI_4 + lat / 2.0).tan().ln() * 6_378_137.0,
    ]
}
