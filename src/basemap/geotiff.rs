//! A GeoTIFF: its georeferencing from the GeoTIFF tags (tie point + pixel scale, or the
//! model transformation; the CRS from the GeoKeys' EPSG code, else the plan's entry, else
//! `.prj`/`.aux.xml`), its pixels read strip by strip or tile by tile over the window
//! asked for (8-bit grey, grey + alpha, RGB, RGBA; chunky, any compression the `tiff`
//! crate reads). Internal overviews are not used: the kept overview is made by reading
//! the chunks once.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tiff::ColorType;
use tiff::decoder::{ChunkType, Decoder, DecodingResult};
use tiff::tags::Tag;

use super::BasemapError;
use super::georef::{Affine, sidecar_crs};
use super::pyramid::{Pyramid, WindowedImage, copy_block, stepped};
use crate::io::SourceCrs;
use crate::msg;

const MODEL_TYPE: u16 = 1024;
const RASTER_TYPE: u16 = 1025;
const GEOGRAPHIC_TYPE: u16 = 2048;
const PROJECTED_TYPE: u16 = 3072;
const USER_DEFINED: u16 = 32767;

type TiffDecoder = Decoder<BufReader<File>>;

/// Opens a GeoTIFF; fails when it has no georeferencing or an unsupported pixel type.
pub fn open(
    path: &Path,
    declared_crs: Option<&str>,
) -> Result<(Pyramid<GeoTiff>, SourceCrs), BasemapError> {
    let mut decoder = decoder(path)?;
    let bad = |e: tiff::TiffError| BasemapError::Decode {
        path: path.to_path_buf(),
        reason: e.to_string(),
    };
    let (width, height) = decoder.dimensions().map_err(bad)?;
    let channels = match decoder.colortype().map_err(bad)? {
        ColorType::Gray(8) => 1,
        ColorType::GrayA(8) => 2,
        ColorType::RGB(8) => 3,
        ColorType::RGBA(8) => 4,
        ColorType::Multiband {
            bit_depth: 8,
            num_samples,
        } if num_samples >= 3 => usize::from(num_samples),
        other => {
            return Err(BasemapError::Decode {
                path: path.to_path_buf(),
                reason: format!("{other:?} pixels (8-bit grey, RGB or RGBA only)"),
            });
        }
    };
    let planar = decoder
        .find_tag_unsigned::<u16>(Tag::PlanarConfiguration)
        .map_err(bad)?;
    if planar == Some(2) {
        return Err(BasemapError::Decode {
            path: path.to_path_buf(),
            reason: "separate colour planes (write it with -co INTERLEAVE=PIXEL)".to_owned(),
        });
    }
    let keys = geo_keys(&mut decoder);
    let affine = affine(&mut decoder, &keys).ok_or_else(|| BasemapError::Georef {
        path: path.to_path_buf(),
        reason: msg!("basemap-err-no-geotiff-tags"),
    })?;
    let crs = match (declared_crs, epsg_of(&keys)) {
        (None, Some(code)) => {
            SourceCrs::from_epsg(u32::from(code)).map_err(|reason| BasemapError::Crs {
                path: path.to_path_buf(),
                reason,
            })?
        }
        _ => sidecar_crs(path, declared_crs)?.ok_or_else(|| BasemapError::Crs {
            path: path.to_path_buf(),
            reason: msg!("basemap-err-no-crs"),
        })?,
    };
    let chunk = decoder.chunk_dimensions();
    let image = GeoTiff {
        path: path.to_path_buf(),
        decoder: Mutex::new(decoder),
        width,
        height,
        channels,
        chunk,
    };
    Ok((Pyramid::new(image, affine), crs))
}

fn decoder(path: &Path) -> Result<TiffDecoder, BasemapError> {
    let file = File::open(path).map_err(|e| BasemapError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    Decoder::new(BufReader::new(file)).map_err(|e| BasemapError::Decode {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// The GeoKey directory as (key, value) pairs of the keys held inline (short values).
fn geo_keys(decoder: &mut TiffDecoder) -> Vec<(u16, u16)> {
    let Ok(dir) = decoder.get_tag_u16_vec(Tag::GeoKeyDirectoryTag) else {
        return Vec::new();
    };
    dir.chunks_exact(4)
        .skip(1)
        .filter(|k| k[1] == 0)
        .map(|k| (k[0], k[3]))
        .collect()
}

fn key(keys: &[(u16, u16)], id: u16) -> Option<u16> {
    keys.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
}

/// The EPSG code of the GeoKeys (projected, else geographic), unless user-defined.
fn epsg_of(keys: &[(u16, u16)]) -> Option<u16> {
    let code = match key(keys, MODEL_TYPE) {
        Some(2) => key(keys, GEOGRAPHIC_TYPE),
        _ => key(keys, PROJECTED_TYPE).or_else(|| key(keys, GEOGRAPHIC_TYPE)),
    }?;
    (code != USER_DEFINED && code != 0).then_some(code)
}

/// Pixel corner → model coordinates, from the transformation matrix or the first tie
/// point with the pixel scale. A PixelIsPoint raster's tie point is a pixel centre (as
/// GDAL reads it).
fn affine(decoder: &mut TiffDecoder, keys: &[(u16, u16)]) -> Option<Affine> {
    let point = key(keys, RASTER_TYPE) == Some(2);
    let shift = |t: Affine| if point { t.offset(-0.5, -0.5) } else { t };
    if let Ok(m) = decoder.get_tag_f64_vec(Tag::ModelTransformationTag)
        && m.len() >= 8
    {
        return Some(shift(Affine {
            a: m[0],
            b: m[1],
            c: m[3],
            d: m[4],
            e: m[5],
            f: m[7],
        }));
    }
    let tie = decoder.get_tag_f64_vec(Tag::ModelTiepointTag).ok()?;
    let scale = decoder.get_tag_f64_vec(Tag::ModelPixelScaleTag).ok()?;
    let ([i, j, _, x, y, ..], [sx, sy, ..]) = (tie.as_slice(), scale.as_slice()) else {
        return None;
    };
    if *sx == 0.0 || *sy == 0.0 || ![*sx, *sy, *x, *y].iter().all(|v| v.is_finite()) {
        return None;
    }
    Some(shift(Affine {
        a: *sx,
        b: 0.0,
        c: x - i * sx,
        d: 0.0,
        e: -sy,
        f: y + j * sy,
    }))
}

/// The pixels of a GeoTIFF, read chunk by chunk.
pub struct GeoTiff {
    path: PathBuf,
    decoder: Mutex<TiffDecoder>,
    width: u32,
    height: u32,
    channels: usize,
    chunk: (u32, u32),
}

impl WindowedImage for GeoTiff {
    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn read(&self, x0: u32, y0: u32, w: u32, h: u32, step: u32) -> Result<Vec<u8>, BasemapError> {
        let mut out = vec![0u8; stepped(w, step) as usize * stepped(h, step) as usize * 4];
        let mut decoder = self.decoder.lock().unwrap_or_else(|e| e.into_inner());
        let bad = |e: tiff::TiffError| BasemapError::Decode {
            path: self.path.clone(),
            reason: e.to_string(),
        };
        let (cw, ch) = self.chunk;
        let tiled = decoder.get_chunk_type() == ChunkType::Tile;
        let across = if tiled { self.width.div_ceil(cw) } else { 1 };
        let count = if tiled {
            decoder.tile_count()
        } else {
            decoder.strip_count()
        }
        .map_err(bad)?;
        for cy in y0 / ch..(y0 + h).div_ceil(ch) {
            // A chunk row with no sampled image row is not decoded at all.
            let first = cy * ch;
            let sampled =
                (first.max(y0)..((cy + 1) * ch).min(y0 + h)).any(|r| (r - y0).is_multiple_of(step));
            if !sampled {
                continue;
            }
            let cols = if tiled {
                x0 / cw..(x0 + w).div_ceil(cw)
            } else {
                0..1
            };
            for cx in cols {
                let index = cy * across + cx;
                if index >= count {
                    // A truncated file: the missing chunks stay transparent.
                    continue;
                }
                let (bw, bh) = decoder.chunk_data_dimensions(index);
                let data = match decoder.read_chunk(index).map_err(bad)? {
                    DecodingResult::U8(data) => data,
                    _ => {
                        return Err(BasemapError::Decode {
                            path: self.path.clone(),
                            reason: "samples that are not 8-bit".to_owned(),
                        });
                    }
                };
                let bx = if tiled { cx * cw } else { 0 };
                copy_block(
                    &mut out,
                    (x0, y0, w, h, step),
                    &data,
                    (bx, first, bw, bh),
                    self.channels,
                );
            }
        }
        Ok(out)
    }
}
