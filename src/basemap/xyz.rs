//! XYZ/TMS tile underlays: a URL template with `{z}`, `{x}`, `{y}` (or `{-y}` for TMS
//! rows counted from the south), Web Mercator 256-pixel tiles. Every tile fetched is kept
//! in a disk cache (the data folder's `tiles/`, or `STRATA_TILE_CACHE`), so tiles seen once
//! work offline; no key or provider is built in. A server that is down, answers with an
//! error or with something that is not an image is an error naming the URL: the underlay
//! is marked with it.

use std::path::{Path, PathBuf};

use super::tiled::HALF_WORLD_M;
use super::{BasemapError, PixelSource, Window};

/// Most tiles fetched for one window.
const MAX_TILES: u32 = 64;
/// The finest zoom asked for.
const MAX_ZOOM: u32 = 19;
const TILE_PX: u32 = 256;

pub struct Xyz {
    template: String,
    cache: Option<PathBuf>,
    agent: ureq::Agent,
}

/// The tile cache folder: `STRATA_TILE_CACHE`, else the data folder's `tiles`.
pub fn cache_root() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STRATA_TILE_CACHE") {
        return Some(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("org", "strata", "strata").map(|d| d.data_dir().join("tiles"))
}

impl Xyz {
    pub fn new(template: &str) -> Self {
        // One folder per template (FNV-1a of its text: stable across runs).
        let hash = template.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(std::time::Duration::from_secs(10)))
            .http_status_as_error(false)
            .build();
        Self {
            template: template.to_owned(),
            cache: cache_root().map(|root| root.join(format!("{hash:016x}"))),
            agent: config.into(),
        }
    }

    fn url(&self, z: u32, x: u32, y: u32) -> String {
        let tms = (1u32 << z) - 1 - y;
        self.template
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{-y}", &tms.to_string())
            .replace("{y}", &y.to_string())
    }

    /// A tile's bytes: from the cache, else fetched (and cached).
    fn bytes(&self, z: u32, x: u32, y: u32) -> Result<Vec<u8>, BasemapError> {
        let cached = self
            .cache
            .as_ref()
            .map(|c| c.join(format!("{z}/{x}/{y}.tile")));
        if let Some(bytes) = cached.as_deref().and_then(|p| std::fs::read(p).ok()) {
            return Ok(bytes);
        }
        let url = self.url(z, x, y);
        let failed = |reason: String| BasemapError::Read {
            path: PathBuf::from(&url),
            reason,
        };
        let mut response = self
            .agent
            .get(&url)
            .call()
            .map_err(|e| failed(e.to_string()))?;
        let status = response.status();
        if !status.is_success() {
            return Err(failed(format!("HTTP {status}")));
        }
        let bytes = response
            .body_mut()
            .with_config()
            .limit(16 << 20)
            .read_to_vec()
            .map_err(|e| failed(e.to_string()))?;
        if image::guess_format(&bytes).is_err() {
            return Err(BasemapError::Decode {
                path: PathBuf::from(&url),
                reason: "the server sent something that is not an image".to_owned(),
            });
        }
        if let Some(path) = cached {
            store(&path, &bytes);
        }
        Ok(bytes)
    }

    fn tile(&self, z: u32, x: u32, y: u32) -> Result<image::RgbaImage, BasemapError> {
        let bytes = self.bytes(z, x, y)?;
        image::load_from_memory(&bytes)
            .map(|i| i.into_rgba8())
            .map_err(|e| BasemapError::Decode {
                path: PathBuf::from(self.url(z, x, y)),
                reason: e.to_string(),
            })
    }
}

/// Keeps a tile in the cache; a cache that cannot be written only costs a fetch later.
fn store(path: &Path, bytes: &[u8]) {
    if let Some(dir) = path.parent()
        && std::fs::create_dir_all(dir).is_ok()
    {
        let _ = crate::io::write_atomically(path, bytes);
    }
}

impl super::tiled::TileSet for Xyz {
    fn zooms(&self) -> (u32, u32) {
        (0, MAX_ZOOM)
    }
    fn tile_px(&self) -> u32 {
        TILE_PX
    }
    fn tile(&self, z: u32, x: u32, y: u32) -> Result<Option<image::RgbaImage>, BasemapError> {
        Xyz::tile(self, z, x, y).map(Some)
    }
    fn max_tiles(&self) -> u32 {
        MAX_TILES
    }
}

impl PixelSource for Xyz {
    fn window(&self, bbox: [f64; 4], units_per_px: f64) -> Result<Option<Window>, BasemapError> {
        super::tiled::window(self, bbox, units_per_px)
    }

    fn extent(&self) -> [f64; 4] {
        [-HALF_WORLD_M, -HALF_WORLD_M, HALF_WORLD_M, HALF_WORLD_M]
    }
}
