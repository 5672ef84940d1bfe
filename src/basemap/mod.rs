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

pub mod cad;
pub mod gcj02;
pub mod georef;
mod geotiff;
mod image_file;
mod mbtiles;
mod pmtiles;
mod pyramid;
mod tiled;
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
    Read {
        path: PathBuf,
        reason: String,
    },
    Decode {
        path: PathBuf,
        reason: String,
    },
    Georef {
        path: PathBuf,
        reason: Message,
    },
    Crs {
        path: PathBuf,
        reason: Message,
    },
    Unsupported {
        what: String,
    },
    Projection(Message),
    /// A drawing the DXF reader refused (its message names the file).
    Drawing(Message),
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
            BasemapError::Drawing(reason) => reason.clone(),
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
    /// The credit the source declares (MBTiles or PMTiles metadata `attribution`).
    fn attribution(&self) -> Option<String> {
        None
    }
}

/// Georeferenced pixels: the source, its CRS and its declared offset.
#[derive(Clone)]
pub struct Raster {
    pub source: Arc<dyn PixelSource>,
    pub crs: Arc<SourceCrs>,
    /// The source is in GCJ-02 (Chinese web maps): WGS84 is offset before its CRS.
    pub gcj02: bool,
}

/// What an underlay draws: reprojected pixels, or a CAD drawing's lines (already in the
/// plan's frame).
#[derive(Clone)]
pub enum Content {
    Raster(Raster),
    Cad(Arc<cad::CadDrawing>),
}

/// An underlay opened: what it draws and how.
#[derive(Clone)]
pub struct Underlay {
    pub content: Content,
    pub opacity: f32,
    /// What the plan's entry says (`source` as written), for messages.
    pub name: String,
    /// The credit shown with it: the entry's `attribution`, else the source's own.
    pub attribution: Option<String>,
}

impl std::fmt::Debug for Underlay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.content {
            Content::Raster(r) => write!(f, "Underlay({:?}, {:?})", self.name, r.crs),
            Content::Cad(d) => write!(f, "Underlay({:?}, {d:?})", self.name),
        }
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

/// Whether an entry declares its source to be in GCJ-02 (`offset`); an unknown offset
/// marks the underlay as unsupported.
pub(crate) fn declared_gcj02(entry: &Basemap) -> Result<bool, BasemapError> {
    match entry
        .offset
        .as_deref()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        None | Some("") | Some("none") => Ok(false),
        Some("gcj02" | "gcj-02") => Ok(true),
        Some(other) => Err(BasemapError::Unsupported {
            what: format!("{} (offset {other:?})", entry.source),
        }),
    }
}

/// Opens an underlay entry of a plan whose file is in `plan_dir` (a CAD drawing is
/// read whole and projected into `frame`: call it off the UI thread). Fails with the
/// reason the underlay is to be marked with (missing file, no georeferencing…).
pub fn open(
    entry: &Basemap,
    plan_dir: &Path,
    frame: &FrameProjector,
) -> Result<Underlay, BasemapError> {
    let opened = |content: Content, declared: Option<String>| Underlay {
        content,
        opacity: entry.opacity.clamp(0.0, 1.0) as f32,
        name: entry.source.clone(),
        attribution: entry
            .attribution
            .clone()
            .filter(|a| !a.trim().is_empty())
            .or(declared),
    };
    if cad::is_cad(entry) {
        let drawing = cad::open(entry, plan_dir, frame)?;
        return Ok(opened(Content::Cad(Arc::new(drawing)), None));
    }
    let raster = open_raster(entry, plan_dir)?;
    let declared = raster.source.attribution();
    Ok(opened(Content::Raster(raster), declared))
}

fn open_raster(entry: &Basemap, plan_dir: &Path) -> Result<Raster, BasemapError> {
    let gcj02 = declared_gcj02(entry)?;
    if entry.is_url() {
        return Ok(Raster {
            source: Arc::new(xyz::Xyz::new(&entry.source)),
            crs: Arc::new(web_mercator()?),
            gcj02,
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
        "pmtiles" => {
            let s = pmtiles::PmTiles::open(&path)?;
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
    Ok(Raster {
        source,
        crs: Arc::new(crs),
        gcj02,
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
        match &self.content {
            Content::Raster(raster) => warp::paint(raster, grid, frame),
            Content::Cad(drawing) => Ok(drawing.paint(grid)),
        }
    }

    /// The CAD drawing of a CAD underlay.
    pub fn cad(&self) -> Option<&Arc<cad::CadDrawing>> {
        match &self.content {
            Content::Cad(d) => Some(d),
            Content::Raster(_) => None,
        }
    }

    /// The underlay's extent in plan metres (the bounding box of its outline), for
    /// "zoom to underlay".
    pub fn extent_in_plan(&self, frame: &FrameProjector) -> Option<[f64; 4]> {
        match &self.content {
            Content::Raster(raster) => raster.extent_in_plan(frame),
            Content::Cad(drawing) => Some(drawing.extent()),
        }
    }
}

impl Raster {
    fn extent_in_plan(&self, frame: &FrameProjector) -> Option<[f64; 4]> {
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
