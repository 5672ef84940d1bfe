//! An MBTiles package (SQLite; raster tiles in the `tiles` table, TMS rows counted from
//! the south, Web Mercator): the tiles of the zoom level whose pixels match the output
//! best, mosaicked over the window asked for. A missing tile stays transparent; a
//! database that cannot be read is an error naming the file.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::georef::Affine;
use super::{BasemapError, PixelSource, Window};

/// Half the Web Mercator world, metres (π · 6 378 137).
pub const HALF_WORLD_M: f64 = std::f64::consts::PI * 6_378_137.0;

/// Most tiles mosaicked for one window (a 1600 × 1200 output needs about 50).
const MAX_TILES: u32 = 400;

pub struct MbTiles {
    path: PathBuf,
    conn: Mutex<Connection>,
    min_zoom: u32,
    max_zoom: u32,
    /// Tile column/row range (XYZ rows, from the north) at `max_zoom`.
    extent_tiles: [u32; 4],
    tile_px: u32,
}

impl MbTiles {
    pub fn open(path: &Path) -> Result<Self, BasemapError> {
        let bad = |e: rusqlite::Error| BasemapError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(bad)?;
        let (min_zoom, max_zoom): (Option<u32>, Option<u32>) = conn
            .query_row(
                "SELECT min(zoom_level), max(zoom_level) FROM tiles",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(bad)?;
        let (Some(min_zoom), Some(max_zoom)) = (min_zoom, max_zoom) else {
            return Err(BasemapError::Decode {
                path: path.to_path_buf(),
                reason: "the package has no tiles".to_owned(),
            });
        };
        if max_zoom > 30 {
            return Err(BasemapError::Decode {
                path: path.to_path_buf(),
                reason: format!("zoom level {max_zoom} (at most 30)"),
            });
        }
        let [c0, c1, r0, r1]: [u32; 4] = conn
            .query_row(
                "SELECT min(tile_column), max(tile_column), min(tile_row), max(tile_row) \
                 FROM tiles WHERE zoom_level = ?1",
                [max_zoom],
                |r| Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?]),
            )
            .map_err(bad)?;
        let flip = |row: u32| (1u32 << max_zoom).saturating_sub(1).saturating_sub(row);
        let mut tiles = Self {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            min_zoom,
            max_zoom,
            extent_tiles: [c0, flip(r1), c1, flip(r0)],
            tile_px: 256,
        };
        if let Some(tile) = tiles.tile(max_zoom, c0, flip(r0))? {
            tiles.tile_px = tile.width().max(1);
        }
        Ok(tiles)
    }

    /// One tile (XYZ row) decoded, `None` when absent.
    fn tile(&self, z: u32, x: u32, y: u32) -> Result<Option<image::RgbaImage>, BasemapError> {
        let tms_row = (1u32 << z) - 1 - y;
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let blob: Option<Vec<u8>> = conn
            .query_row(
                "SELECT tile_data FROM tiles WHERE zoom_level = ?1 AND tile_column = ?2 AND tile_row = ?3",
                [z, x, tms_row],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| BasemapError::Read {
                path: self.path.clone(),
                reason: e.to_string(),
            })?;
        let Some(blob) = blob else { return Ok(None) };
        image::load_from_memory(&blob)
            .map(|i| Some(i.into_rgba8()))
            .map_err(|e| BasemapError::Decode {
                path: self.path.clone(),
                reason: format!("tile {z}/{x}/{y}: {e}"),
            })
    }

    fn tile_m(&self, z: u32) -> f64 {
        2.0 * HALF_WORLD_M / f64::from(1u32 << z)
    }
}

impl PixelSource for MbTiles {
    fn window(&self, bbox: [f64; 4], units_per_px: f64) -> Result<Option<Window>, BasemapError> {
        // The finest level not finer than the output (at most one zoom step of excess).
        let want = (2.0 * HALF_WORLD_M / (f64::from(self.tile_px) * units_per_px.max(1e-3))).log2();
        let mut z = (want.ceil().max(0.0) as u32).clamp(self.min_zoom, self.max_zoom);
        loop {
            let tile_m = self.tile_m(z);
            let n = 1u32 << z;
            let col = |x: f64| {
                ((x + HALF_WORLD_M) / tile_m)
                    .floor()
                    .clamp(0.0, f64::from(n - 1)) as u32
            };
            let row = |y: f64| {
                ((HALF_WORLD_M - y) / tile_m)
                    .floor()
                    .clamp(0.0, f64::from(n - 1)) as u32
            };
            let (x0, x1, y0, y1) = (col(bbox[0]), col(bbox[2]), row(bbox[3]), row(bbox[1]));
            if (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_TILES && z > self.min_zoom {
                z -= 1;
                continue;
            }
            return self.mosaic(z, [x0, y0, x1, y1]).map(Some);
        }
    }

    fn extent(&self) -> [f64; 4] {
        let tile_m = self.tile_m(self.max_zoom);
        let [c0, r0, c1, r1] = self.extent_tiles.map(f64::from);
        [
            -HALF_WORLD_M + c0 * tile_m,
            HALF_WORLD_M - (r1 + 1.0) * tile_m,
            -HALF_WORLD_M + (c1 + 1.0) * tile_m,
            HALF_WORLD_M - r0 * tile_m,
        ]
    }
}

impl MbTiles {
    fn mosaic(&self, z: u32, [x0, y0, x1, y1]: [u32; 4]) -> Result<Window, BasemapError> {
        let t = self.tile_px;
        let (w, h) = ((x1 - x0 + 1) * t, (y1 - y0 + 1) * t);
        let mut rgba = vec![0u8; w as usize * h as usize * 4];
        for ty in y0..=y1 {
            for tx in x0..=x1 {
                let Some(tile) = self.tile(z, tx, ty)? else {
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
        let tile_m = self.tile_m(z);
        let px = tile_m / f64::from(t);
        let affine = Affine {
            a: px,
            b: 0.0,
            c: -HALF_WORLD_M + f64::from(x0) * tile_m,
            d: 0.0,
            e: -px,
            f: HALF_WORLD_M - f64::from(y0) * tile_m,
        };
        Ok(Window {
            rgba,
            width: w,
            height: h,
            affine,
        })
    }
}
