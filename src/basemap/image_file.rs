//! A PNG or JPEG placed by a world file (`.pgw`, `.jgw`, `.wld`…) in the CRS its
//! `.prj`/`.aux.xml` or the plan's entry gives. A PNG is streamed row by row on every
//! read, so only the window asked for (or the overview) is ever held; a JPEG is decoded
//! once, whole (the decoder cannot skip), up to [`MAX_JPEG_PX`] pixels.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use super::BasemapError;
use super::georef::{find_world_file, read_world_file, sidecar_crs};
use super::pyramid::{Pyramid, WindowedImage, copy_block, stepped};
use crate::io::SourceCrs;
use crate::msg;

/// Largest JPEG decoded (pixels): 100 megapixels, 400 MB as RGBA.
pub const MAX_JPEG_PX: u64 = 100_000_000;

/// Opens a world-file image; its CRS from the entry or the side-car files.
pub fn open(
    path: &Path,
    declared_crs: Option<&str>,
) -> Result<(Pyramid<Box<dyn WindowedImage>>, SourceCrs), BasemapError> {
    let world = find_world_file(path).ok_or_else(|| BasemapError::Georef {
        path: path.to_path_buf(),
        reason: msg!("basemap-err-no-world-file"),
    })?;
    let affine = read_world_file(&world)?;
    let crs = sidecar_crs(path, declared_crs)?.ok_or_else(|| BasemapError::Crs {
        path: path.to_path_buf(),
        reason: msg!("basemap-err-no-crs"),
    })?;
    let is_png = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let image: Box<dyn WindowedImage> = if is_png {
        Box::new(PngFile::open(path)?)
    } else {
        Box::new(Decoded::jpeg(path)?)
    };
    Ok((Pyramid::new(image, affine), crs))
}

fn decode_error(path: &Path, e: impl std::fmt::Display) -> BasemapError {
    BasemapError::Decode {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

/// A PNG read afresh, row by row, for every window.
struct PngFile {
    path: PathBuf,
    width: u32,
    height: u32,
}

impl PngFile {
    fn open(path: &Path) -> Result<Self, BasemapError> {
        let reader = Self::reader(path)?;
        let info = reader.info();
        if info.interlaced {
            return Err(decode_error(
                path,
                "interlaced PNG (save it without interlacing)",
            ));
        }
        Ok(Self {
            path: path.to_path_buf(),
            width: info.width,
            height: info.height,
        })
    }

    fn reader(path: &Path) -> Result<png::Reader<BufReader<File>>, BasemapError> {
        let file = File::open(path).map_err(|e| BasemapError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut decoder = png::Decoder::new(BufReader::new(file));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        decoder.read_info().map_err(|e| decode_error(path, e))
    }
}

impl WindowedImage for PngFile {
    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn read(&self, x0: u32, y0: u32, w: u32, h: u32, step: u32) -> Result<Vec<u8>, BasemapError> {
        let mut reader = Self::reader(&self.path)?;
        let channels = reader.output_color_type().0.samples();
        let mut out = vec![0u8; stepped(w, step) as usize * stepped(h, step) as usize * 4];
        let mut y = 0u32;
        while y < y0 + h {
            let row = reader
                .next_row()
                .map_err(|e| decode_error(&self.path, e))?
                .ok_or_else(|| decode_error(&self.path, "the image ends early"))?;
            if y >= y0 && (y - y0).is_multiple_of(step) {
                copy_block(
                    &mut out,
                    (x0, y0, w, h, step),
                    row.data(),
                    (0, y, self.width, 1),
                    channels,
                );
            }
            y += 1;
        }
        Ok(out)
    }
}

/// An image decoded whole (JPEG).
struct Decoded {
    rgba: image::RgbaImage,
}

impl Decoded {
    fn jpeg(path: &Path) -> Result<Self, BasemapError> {
        let reader = image::ImageReader::open(path)
            .map_err(|e| BasemapError::Read {
                path: path.to_path_buf(),
                reason: e.to_string(),
            })?
            .with_guessed_format()
            .map_err(|e| decode_error(path, e))?;
        let (w, h) = reader
            .into_dimensions()
            .map_err(|e| decode_error(path, e))?;
        if u64::from(w) * u64::from(h) > MAX_JPEG_PX {
            return Err(decode_error(
                path,
                format!(
                    "{w} × {h} pixels is too large for a JPEG underlay; convert it to a tiled GeoTIFF"
                ),
            ));
        }
        let image = image::open(path).map_err(|e| decode_error(path, e))?;
        Ok(Self {
            rgba: image.into_rgba8(),
        })
    }
}

impl WindowedImage for Decoded {
    fn size(&self) -> (u32, u32) {
        self.rgba.dimensions()
    }

    fn read(&self, x0: u32, y0: u32, w: u32, h: u32, step: u32) -> Result<Vec<u8>, BasemapError> {
        let mut out = vec![0u8; stepped(w, step) as usize * stepped(h, step) as usize * 4];
        let (iw, ih) = self.rgba.dimensions();
        copy_block(
            &mut out,
            (x0, y0, w, h, step),
            self.rgba.as_raw(),
            (0, 0, iw, ih),
            4,
        );
        Ok(out)
    }
}

impl WindowedImage for Box<dyn WindowedImage> {
    fn size(&self) -> (u32, u32) {
        (**self).size()
    }
    fn read(&self, x0: u32, y0: u32, w: u32, h: u32, step: u32) -> Result<Vec<u8>, BasemapError> {
        (**self).read(x0, y0, w, h, step)
    }
}
