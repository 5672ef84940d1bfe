//! An MBTiles package (SQLite; raster tiles in the `tiles` table, TMS rows counted from
//! the south, Web Mercator): the tiles of the zoom level whose pixels match the output
//! best, mosaicked over the window asked for. A missing tile stays transparent; a
//! database that cannot be read is an error naming the file.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::tiled::{HALF_WORLD_M, TileSet, tile_m};
use super::{BasemapError, PixelSource, Window};

pub struct MbTiles {
    path: PathBuf,
    conn: Mutex<Connection>,
    min_zoom: u32,
    max_zoom: u32,
    /// Tile column/row range (XYZ rows, from the north) at `max_zoom`.
    extent_tiles: [u32; 4],
    tile_px: u32,
    /// The `attribution` row of the `metadata` table.
    attribution: Option<String>,
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
        // The metadata table is optional in practice: without it there is no credit.
        let attribution: Option<String> = conn
            .query_row(
                "SELECT value FROM metadata WHERE name = 'attribution'",
                [],
                |r| r.get(0),
            )
            .optional()
            .ok()
            .flatten()
            .filter(|a: &String| !a.trim().is_empty());
        let mut tiles = Self {
            path: path.to_path_buf(),
            conn: Mutex::new(conn),
            min_zoom,
            max_zoom,
            extent_tiles: [c0, flip(r1), c1, flip(r0)],
            tile_px: 256,
            attribution,
        };
        if let Some(tile) = tiles.tile(max_zoom, c0, flip(r0))? {
            tiles.tile_px = tile.width().max(1);
        }
        Ok(tiles)
    }
}

impl TileSet for MbTiles {
    fn zooms(&self) -> (u32, u32) {
        (self.min_zoom, self.max_zoom)
    }

    fn tile_px(&self) -> u32 {
        self.tile_px
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
}

impl PixelSource for MbTiles {
    fn window(&self, bbox: [f64; 4], units_per_px: f64) -> Result<Option<Window>, BasemapError> {
        super::tiled::window(self, bbox, units_per_px)
    }

    fn extent(&self) -> [f64; 4] {
        let size = tile_m(self.max_zoom);
        let [c0, r0, c1, r1] = self.extent_tiles.map(f64::from);
        [
            -HALF_WORLD_M + c0 * size,
            HALF_WORLD_M - (r1 + 1.0) * size,
            -HALF_WORLD_M + (c1 + 1.0) * size,
            HALF_WORLD_M - r0 * size,
        ]
    }

    fn attribution(&self) -> Option<String> {
        self.attribution.clone()
    }
}
