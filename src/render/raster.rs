//! A heat grid for GIS: a PNG with a perceptually uniform colour map (viridis), a world
//! file (`.pgw`) and the grid values as an ESRI ASCII grid (`.asc`), with the plan's
//! local transverse Mercator frame in `.prj` (and `.png.aux.xml` for GDAL), so QGIS
//! places both at the right spot. Made here as bytes; the caller writes them
//! (`io::write_files`).

use std::path::{Path, PathBuf};

use crate::analysis::heatmap::HeatGrid;
use crate::model::LocalFrame;

/// ESRI WKT of the plan's local frame (transverse Mercator, scale 1, WGS84).
pub fn frame_wkt(frame: &LocalFrame) -> String {
    format!(
        concat!(
            "PROJCS[\"Strata local TM {lon:.4} {lat:.4}\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",",
            "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],",
            "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Transverse_Mercator\"],",
            "PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],",
            "PARAMETER[\"Central_Meridian\",{lon}],PARAMETER[\"Scale_Factor\",1.0],",
            "PARAMETER[\"Latitude_Of_Origin\",{lat}],UNIT[\"Meter\",1.0]]"
        ),
        lon = frame.lon0,
        lat = frame.lat0
    )
}

/// World file: pixel size, rotations, and the centre of the upper-left pixel.
pub fn world_file(grid: &HeatGrid) -> String {
    format!(
        "{}\n0.0\n0.0\n{}\n{}\n{}\n",
        grid.cell_m,
        -grid.cell_m,
        grid.west + grid.cell_m / 2.0,
        grid.north - grid.cell_m / 2.0
    )
}

/// ESRI ASCII grid text; NaN cells are written as NODATA.
pub fn ascii_grid(grid: &HeatGrid) -> String {
    let mut out = format!(
        "ncols {}\nnrows {}\nxllcorner {}\nyllcorner {}\ncellsize {}\nNODATA_value -9999\n",
        grid.cols,
        grid.rows,
        grid.west,
        grid.north - grid.rows as f64 * grid.cell_m,
        grid.cell_m
    );
    for row in 0..grid.rows {
        let line: Vec<String> = (0..grid.cols)
            .map(|col| {
                let v = grid.get(col, row);
                if v.is_finite() {
                    format!("{}", (v * 1000.0).round() / 1000.0)
                } else {
                    "-9999".into()
                }
            })
            .collect();
        out.push_str(&line.join(" "));
        out.push('\n');
    }
    out
}

/// RGBA pixels: viridis from `low` to `high`, transparent where NaN.
pub fn colorize(grid: &HeatGrid, low: f64, high: f64) -> Vec<u8> {
    let span = if high > low { high - low } else { 1.0 };
    let mut pixels = Vec::with_capacity(grid.values.len() * 4);
    for &v in &grid.values {
        if v.is_finite() {
            let c = colorous::VIRIDIS.eval_continuous(((v - low) / span).clamp(0.0, 1.0));
            pixels.extend_from_slice(&[c.r, c.g, c.b, 255]);
        } else {
            pixels.extend_from_slice(&[0, 0, 0, 0]);
        }
    }
    pixels
}

/// Encodes RGBA pixels as PNG bytes.
pub fn png_bytes(width: u32, height: u32, rgba: Vec<u8>) -> Result<Vec<u8>, String> {
    let image = image::RgbaImage::from_raw(width, height, rgba)
        .ok_or_else(|| crate::tr!("raster-err-buffer"))?;
    let mut bytes = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, image::ImageFormat::Png)
        .map_err(|e| e.to_string())?;
    Ok(bytes.into_inner())
}

fn sibling(path: &Path, extension: &str) -> PathBuf {
    path.with_extension(extension)
}

/// The files of a heat grid for `path` (`FILE.png`): `FILE.png`, `FILE.pgw`,
/// `FILE.asc`, `FILE.prj` and `FILE.png.aux.xml`, each with its bytes, to be written
/// with `io::write_files`.
pub fn heatmap_files(
    path: &Path,
    grid: &HeatGrid,
    frame: &LocalFrame,
    low: f64,
    high: f64,
) -> Result<Vec<(PathBuf, Vec<u8>)>, String> {
    let png = png_bytes(
        grid.cols as u32,
        grid.rows as u32,
        colorize(grid, low, high),
    )?;
    let wkt = frame_wkt(frame);
    let aux = format!(
        "<PAMDataset>\n  <SRS>{}</SRS>\n</PAMDataset>\n",
        wkt.replace('"', "&quot;")
    );
    let aux_path = PathBuf::from(format!("{}.aux.xml", path.display()));
    Ok(vec![
        (path.to_path_buf(), png),
        (sibling(path, "pgw"), world_file(grid).into_bytes()),
        (sibling(path, "asc"), ascii_grid(grid).into_bytes()),
        (sibling(path, "prj"), wkt.into_bytes()),
        (aux_path, aux.into_bytes()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> HeatGrid {
        HeatGrid {
            west: -100.0,
            north: 50.0,
            cell_m: 25.0,
            cols: 8,
            rows: 4,
            values: (0..32).map(f64::from).collect(),
        }
    }

    #[test]
    fn world_file_points_at_the_upper_left_pixel_centre() {
        let lines: Vec<f64> = world_file(&grid())
            .lines()
            .map(|l| l.parse().expect("number"))
            .collect();
        assert_eq!(lines, vec![25.0, 0.0, 0.0, -25.0, -87.5, 37.5]);
        // Pixel (col 3, row 2) maps to the centre of that cell.
        let g = grid();
        let (x, y) = (lines[4] + 3.0 * lines[0], lines[5] + 2.0 * lines[3]);
        assert_eq!(Point::new(x, y), g.center(3, 2));
    }

    use geo::Point;

    #[test]
    fn ascii_grid_has_its_lower_left_corner_and_rows_from_the_north() {
        let text = ascii_grid(&grid());
        assert!(
            text.contains("xllcorner -100\nyllcorner -50\ncellsize 25\n"),
            "{text}"
        );
        let first_row = text.lines().nth(6).expect("row");
        assert!(first_row.starts_with("0 1 2 3"), "{first_row}");
    }
}
