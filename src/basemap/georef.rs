//! Where an image's pixels are: the affine map from pixel to source-CRS coordinates
//! (a world file's six numbers, a GeoTIFF's tie point and pixel scale), and the CRS of a
//! source (its `.prj`, `.aux.xml`, GeoKeys, or the one the plan's entry gives).

use std::path::{Path, PathBuf};

use super::BasemapError;
use crate::io::SourceCrs;
use crate::msg;

/// Pixel (column, row; the corner of pixel (0, 0) at (0, 0)) → source coordinates:
/// `x = a·col + b·row + c`, `y = d·col + e·row + f` (GDAL's geotransform order).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Affine {
    pub a: f64,
    pub b: f64,
    pub c: f64,
    pub d: f64,
    pub e: f64,
    pub f: f64,
}

impl Affine {
    pub fn apply(&self, col: f64, row: f64) -> [f64; 2] {
        [
            self.a * col + self.b * row + self.c,
            self.d * col + self.e * row + self.f,
        ]
    }

    /// Source coordinates → pixel; `None` when the map is singular.
    pub fn invert(&self) -> Option<Affine> {
        let det = self.a * self.e - self.b * self.d;
        if det == 0.0 || !det.is_finite() {
            return None;
        }
        let (a, b, d, e) = (self.e / det, -self.b / det, -self.d / det, self.a / det);
        Some(Affine {
            a,
            b,
            c: -(a * self.c + b * self.f),
            d,
            e,
            f: -(d * self.c + e * self.f),
        })
    }

    /// The same image read every `step` pixels (a pyramid level).
    pub fn scaled(&self, step: f64) -> Affine {
        Affine {
            a: self.a * step,
            b: self.b * step,
            d: self.d * step,
            e: self.e * step,
            ..*self
        }
    }

    /// The map of a window of this image whose corner is pixel (col, row).
    pub fn offset(&self, col: f64, row: f64) -> Affine {
        let [c, f] = self.apply(col, row);
        Affine { c, f, ..*self }
    }

    /// Ground size of a pixel (the longer of its two sides), in source units.
    pub fn pixel_size(&self) -> f64 {
        f64::hypot(self.a, self.d).max(f64::hypot(self.b, self.e))
    }
}

/// Reads a world file: six lines A, D, B, E, C, F where C, F are the centre of the
/// upper-left pixel. Zero pixel size or a non-number is an error naming the file.
pub fn read_world_file(path: &Path) -> Result<Affine, BasemapError> {
    let text = std::fs::read_to_string(path).map_err(|e| BasemapError::Read {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })?;
    parse_world_file(&text).map_err(|reason| BasemapError::Georef {
        path: path.to_path_buf(),
        reason,
    })
}

/// The world file's text as an [`Affine`] (pixel-corner based).
pub fn parse_world_file(text: &str) -> Result<Affine, crate::i18n::Message> {
    let numbers: Vec<f64> = text
        .split_whitespace()
        .map(|w| w.parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| msg!("basemap-err-world-number"))?;
    let [a, d, b, e, cx, cy] = numbers[..] else {
        return Err(msg!(
            "basemap-err-world-lines",
            n = numbers.len().to_string()
        ));
    };
    if numbers.iter().any(|v| !v.is_finite()) {
        return Err(msg!("basemap-err-world-number"));
    }
    if a * e - b * d == 0.0 {
        return Err(msg!("basemap-err-world-zero"));
    }
    // The file gives the centre of pixel (0, 0); the affine is from its corner.
    Ok(Affine {
        a,
        b,
        c: cx - 0.5 * a - 0.5 * b,
        d,
        e,
        f: cy - 0.5 * d - 0.5 * e,
    })
}

/// World-file names for an image (`.pgw`/`.jgw`/`.tfw`, the `…w` short form, `.wld`,
/// and the long `.pngw` form), the first that exists.
pub fn find_world_file(image: &Path) -> Option<PathBuf> {
    let ext = image.extension()?.to_str()?.to_ascii_lowercase();
    let mut candidates = Vec::new();
    if ext.len() >= 2 {
        let first = &ext[..1];
        let last = &ext[ext.len() - 1..];
        candidates.push(format!("{first}{last}w"));
    }
    candidates.push(format!("{ext}w"));
    candidates.push("wld".to_owned());
    candidates.into_iter().find_map(|c| {
        [c.clone(), c.to_ascii_uppercase()]
            .into_iter()
            .map(|e| image.with_extension(e))
            .find(|p| p.is_file())
    })
}

/// The CRS of an image file: the entry's `crs`, else `.prj` beside it, else the SRS in
/// `FILE.aux.xml` (GDAL's side-car), else `None`.
pub fn sidecar_crs(
    image: &Path,
    declared: Option<&str>,
) -> Result<Option<SourceCrs>, BasemapError> {
    if let Some(name) = declared {
        return SourceCrs::from_name(name)
            .map(Some)
            .map_err(|reason| BasemapError::Crs {
                path: image.to_path_buf(),
                reason,
            });
    }
    let prj = image.with_extension("prj");
    let aux = PathBuf::from(format!("{}.aux.xml", image.display()));
    for (file, is_aux) in [(prj, false), (aux, true)] {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let wkt = if is_aux {
            let Some(start) = text.find("<SRS") else {
                continue;
            };
            let body = &text[start..];
            let open = body.find('>').map_or(0, |i| i + 1);
            let close = body.find("</SRS>").unwrap_or(body.len());
            body[open..close.max(open)]
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        } else {
            text
        };
        return crs_of_wkt(&wkt, &file).map(Some);
    }
    Ok(None)
}

/// A WKT's CRS through its EPSG code (`AUTHORITY`/`ID`, or a recognised name).
pub fn crs_of_wkt(wkt: &str, file: &Path) -> Result<SourceCrs, BasemapError> {
    let code = crate::io::shp::prj::epsg_of_wkt(wkt).ok_or_else(|| BasemapError::Crs {
        path: file.to_path_buf(),
        reason: msg!("basemap-err-wkt"),
    })?;
    SourceCrs::from_epsg(code).map_err(|reason| BasemapError::Crs {
        path: file.to_path_buf(),
        reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn world_file_centre_becomes_corner_and_inverts() {
        let t = parse_world_file("0.5\n0\n0\n-0.5\n500000.25\n4000000.75\n").expect("ok");
        assert_eq!(t.apply(0.0, 0.0), [500_000.0, 4_000_001.0]);
        assert_eq!(t.apply(0.5, 0.5), [500_000.25, 4_000_000.75]);
        let inv = t.invert().expect("invertible");
        let [c, r] = inv.apply(500_010.0, 3_999_990.0);
        assert!((c - 20.0).abs() < 1e-9 && (r - 22.0).abs() < 1e-9);
        assert_eq!(t.pixel_size(), 0.5);
    }

    #[test]
    fn bad_world_files_are_refused() {
        assert!(parse_world_file("0\n0\n0\n0\n1\n1\n").is_err());
        assert!(parse_world_file("1\n0\n0\n-1\n1\n").is_err());
        assert!(parse_world_file("1\n0\n0\nx\n1\n1\n").is_err());
        assert!(parse_world_file("1\n0\n0\nNaN\n1\n1\n").is_err());
    }
}
