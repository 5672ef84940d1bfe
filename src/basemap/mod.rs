//! Underlays (issue 19): the sources a plan lists in `strata.basemaps`
//! ([`crate::model::Basemaps`]) opened and drawn into any pixel grid of the plan's local
//! frame — a world-file PNG/JPEG, a GeoTIFF, an MBTiles package. No egui here: the
//! editor and `strata render` both call [`Underlay::paint`].
//!
//! Drawing reprojects, it does not scale: every output pixel is mapped back, plan
//! metres → WGS84 → the source's CRS → a source pixel (exactly on a grid of control
//! points every [`warp::STEP`] pixels, bilinear between them), so a Gauss–Krüger or Web
//! Mercator image lands where GDAL puts it. Memory stays bounded: a source is read only
//! over the window the output needs, at the coarsest level that still gives one source
//! pixel per output pixel (pyramid levels; a 20 000 × 20 000 image is never held whole).

pub mod gcj02;
pub mod georef;
mod geotiff;
mod image_file;
mod mbtiles;
mod pyramid;
pub mod warp;
mod xyz;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::i18n::Message;
use crate::io::SourceCrs;
use crate::model::{Basemap, FrameProjector};
use crate::msg;

pub use georef::Affine;
pub use warp::{OutputGrid, Painted};

/// Why an underlay cannot be shown: the underlay is marked with it, the plan is not
/// affected. `Display` is English; [`BasemapError::message`] is worded when shown.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BasemapError {
    Missing(PathBuf),
    Read { path: PathBuf, reason: String },
    Decode { path: PathBuf, reason: String },
    Georef { path: PathBuf, reason: Message },
    Crs { path: PathBuf, reason: Message },
    Unsupported { what: String },
    Projection(Message),
}

impl BasemapError {
    pub fn message(&self) -> Message {
        let p = |path: &Path| path.display().to_string();
        match self {
            BasemapError::Missing(path) => msg!("basemap-err-missing", path = p(path)),
            BasemapError::Read { path, reason } => {
                msg!("basemap-err-read", path = p(path), reason = reason.as_str())
            }
            BasemapError::Decode { path, reason } => {
                msg!(
                    "basemap-err-decode",
                    path = p(path),
                    reason = reason.as_str()
                )
            }
            BasemapError::Georef { path, reason } => {
                msg!(
                    "basemap-err-georef",
                    path = p(path),
                    reason = reason.clone()
                )
            }
            BasemapError::Crs { path, reason } => {
                msg!("basemap-err-crs", path = p(path), reason = reason.clone())
            }
            BasemapError::Unsupported { what } => {
                msg!("basemap-err-unsupported", source = what.as_str())
            }
            BasemapError::Projection(reason) => {
                msg!("basemap-err-projection", reason = reason.clone())
            }
        }
    }

    pub fn text(&self) -> String {
        self.message().text()
    }
}

impl std::fmt::Display for BasemapError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message().text_in(crate::i18n::Lang::En))
    }
}

/// Pixels of a source read over a window: RGBA (straight alpha), rows from the top,
/// with the map from its pixels to the source's CRS.
pub struct Window {
    pub rgba: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub affine: Affine,
}

/// A source of georeferenced pixels in its own CRS.
pub trait PixelSource: Send + Sync {
    /// The window covering `bbox` (`[min x, min y, max x, max y]` in the source's CRS)
    /// read at the coarsest level whose pixels are at most `units_per_px` across;
    /// `None` when the source has nothing there.
    fn window(&self, bbox: [f64; 4], units_per_px: f64) -> Result<Option<Window>, BasemapError>;
    /// The source's extent in its CRS, `[min x, min y, max x, max y]`.
    fn extent(&self) -> [f64; 4];
}

/// An underlay opened: its pixels, their CRS, how it is drawn.
#[derive(Clone)]
pub struct Underlay {
    pub source: Arc<dyn PixelSource>,
    pub crs: Arc<SourceCrs>,
    pub opacity: f32,
    /// The source is in GCJ-02 (Chinese web maps): WGS84 is offset before its CRS.
    pub gcj02: bool,
    /// What the plan's entry says (`source` as written), for messages.
    pub name: String,
}

impl std::fmt::Debug for Underlay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Underlay({:?}, {:?})", self.name, self.crs)
    }
}

/// The file an entry names: relative paths are taken from the plan's folder.
pub fn resolve_path(source: &str, plan_dir: &Path) -> PathBuf {
    let path = Path::new(source);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        plan_dir.join(path)
    }
}

/// Opens an underlay entry of a plan whose file is in `plan_dir`. Fails with the reason
/// the underlay is to be marked with (missing file, no georeferencing…).
pub fn open(entry: &Basemap, plan_dir: &Path) -> Result<Underlay, BasemapError> {
    let gcj02 = match entry
        .offset
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("") | Some("none") => false,
        Some("gcj02" | "gcj-02") => true,
        Some(other) => {
            return Err(BasemapError::Unsupported {
                what: format!("{} (offset {other:?})", entry.source),
            });
        }
    };
    if entry.is_url() {
        return Ok(Underlay {
            source: Arc::new(xyz::Xyz::new(&entry.source)),
            crs: Arc::new(web_mercator()?),
            opacity: entry.opacity.clamp(0.0, 1.0) as f32,
            gcj02,
            name: entry.source.clone(),
        });
    }
    let path = resolve_path(&entry.source, plan_dir);
    if !path.is_file() {
        return Err(BasemapError::Missing(path));
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let (source, crs): (Arc<dyn PixelSource>, SourceCrs) = match ext.as_str() {
        "tif" | "tiff" => {
            let (s, crs) = geotiff::open(&path, entry.crs.as_deref())?;
            (Arc::new(s), crs)
        }
        "mbtiles" => {
            let s = mbtiles::MbTiles::open(&path)?;
            (Arc::new(s), web_mercator()?)
        }
        "png" | "jpg" | "jpeg" => {
            let (s, crs) = image_file::open(&path, entry.crs.as_deref())?;
            (Arc::new(s), crs)
        }
        _ => {
            return Err(BasemapError::Unsupported {
                what: entry.source.clone(),
            });
        }
    };
    Ok(Underlay {
        source,
        crs: Arc::new(crs),
        opacity: entry.opacity.clamp(0.0, 1.0) as f32,
        gcj02,
        name: entry.source.clone(),
    })
}

fn web_mercator() -> Result<SourceCrs, BasemapError> {
    SourceCrs::from_epsg(3857).map_err(BasemapError::Projection)
}

impl Underlay {
    /// The underlay drawn into `grid` (a pixel grid of the plan's local frame):
    /// `None` when it has no pixel there.
    pub fn paint(
        &self,
        grid: &OutputGrid,
        frame: &FrameProjector,
    ) -> Result<Option<Painted>, BasemapError> {
        warp::paint(self, grid, frame)
    }

    /// The underlay's extent in plan metres (the bounding box of its outline), for
    /// "zoom to underlay".
    pub fn extent_in_plan(&self, frame: &FrameProjector) -> Option<[f64; 4]> {
        let [x0, y0, x1, y1] = self.source.extent();
        let mut out = [
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ];
        for i in 0..=8 {
            let t = f64::from(i) / 8.0;
            for [x, y] in [
                [x0 + t * (x1 - x0), y0],
                [x0 + t * (x1 - x0), y1],
                [x0, y0 + t * (y1 - y0)],
                [x1, y0 + t * (y1 - y0)],
            ] {
                let [lon, lat] = self.crs.to_lonlat(x, y).ok()?;
                let [lon, lat] = if self.gcj02 {
                    gcj02::to_wgs84(lon, lat)
                } else {
                    [lon, lat]
                };
                let [px, py] = frame.to_local(lon, lat).ok()?;
                out = [
                    out[0].min(px),
                    out[1].min(py),
                    out[2].max(px),
                    out[3].max(py),
                ];
            }
        }
        Some(out)
    }
}
