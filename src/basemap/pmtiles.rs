//! A PMTiles v3 archive of raster tiles (PNG or JPEG), read from a local file: the
//! 127-byte header, the root directory, leaf directories as needed (varint entries,
//! gzip or uncompressed), each tile found by its Hilbert tile id and decoded. The
//! `pmtiles` crate reads archives only through async (tokio) back-ends; this reader is
//! small, synchronous and reads nothing but the bytes of the directories and tiles it
//! needs (the spec: github.com/protomaps/PMTiles, `spec/v3/spec.md`).

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use super::tiled::{TileSet, mercator};
use super::{BasemapError, PixelSource, Window};

const HEADER_LEN: usize = 127;
/// Leaf directories kept decoded (a city-scale window needs a handful).
const MAX_CACHED_LEAVES: usize = 64;
/// A directory or metadata section larger than this is refused as corrupt.
const MAX_SECTION: u64 = 64 << 20;

/// One directory entry: tiles `tile_id .. tile_id + run_length` share the bytes at
/// `offset` (run length 0: a leaf directory there).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Entry {
    tile_id: u64,
    offset: u64,
    length: u64,
    run_length: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
}

/// What the header says (the fields this reader uses).
#[derive(Debug)]
struct Header {
    root: (u64, u64),
    metadata: (u64, u64),
    leaves_offset: u64,
    data_offset: u64,
    internal: Compression,
    tiles: Compression,
    zooms: (u32, u32),
    /// West, south, east, north in degrees.
    bounds: [f64; 4],
    centre: (u32, f64, f64),
}

pub struct PmTiles {
    path: PathBuf,
    file: Mutex<File>,
    header: Header,
    root: Vec<Entry>,
    leaves: Mutex<HashMap<u64, Arc<Vec<Entry>>>>,
    tile_px: u32,
    attribution: Option<String>,
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut v = [0u8; 8];
    v.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(v)
}

fn i32_at(b: &[u8], at: usize) -> i32 {
    let mut v = [0u8; 4];
    v.copy_from_slice(&b[at..at + 4]);
    i32::from_le_bytes(v)
}

fn compression(code: u8, what: &str) -> Result<Compression, String> {
    match code {
        0 | 1 => Ok(Compression::None),
        2 => Ok(Compression::Gzip),
        3 => Err(format!(
            "{what} compressed with brotli (only gzip or none is read)"
        )),
        4 => Err(format!(
            "{what} compressed with zstd (only gzip or none is read)"
        )),
        other => Err(format!("unknown {what} compression {other}")),
    }
}

fn parse_header(b: &[u8]) -> Result<Header, String> {
    if b.len() < HEADER_LEN || &b[..7] != b"PMTiles" {
        return Err("not a PMTiles archive".to_owned());
    }
    if b[7] != 3 {
        return Err(format!("PMTiles version {} (only version 3 is read)", b[7]));
    }
    match b[99] {
        2 | 3 => {}
        1 => return Err("vector tiles (only raster PNG or JPEG tiles are drawn)".to_owned()),
        4 => return Err("WebP tiles (only PNG or JPEG tiles are drawn)".to_owned()),
        other => {
            return Err(format!(
                "tile type {other} (only PNG or JPEG tiles are drawn)"
            ));
        }
    }
    let (min_zoom, max_zoom) = (u32::from(b[100]), u32::from(b[101]));
    if min_zoom > max_zoom || max_zoom > 30 {
        return Err(format!("zoom levels {min_zoom}–{max_zoom}"));
    }
    let e7 = |at: usize| f64::from(i32_at(b, at)) / 1e7;
    Ok(Header {
        root: (u64_at(b, 8), u64_at(b, 16)),
        metadata: (u64_at(b, 24), u64_at(b, 32)),
        leaves_offset: u64_at(b, 40),
        data_offset: u64_at(b, 56),
        internal: compression(b[97], "directories")?,
        tiles: compression(b[98], "tiles")?,
        zooms: (min_zoom, max_zoom),
        bounds: [e7(102), e7(106), e7(110), e7(114)],
        centre: (u32::from(b[118]), e7(119), e7(123)),
    })
}

/// An unsigned LEB128 varint at `*at`, advancing it.
fn varint(b: &[u8], at: &mut usize) -> Result<u64, String> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *b.get(*at).ok_or("a directory ends early")?;
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Ok(value);
        }
    }
    Err("a varint longer than 64 bits".to_owned())
}

/// A directory's entries from its (decompressed) bytes.
fn parse_directory(b: &[u8]) -> Result<Vec<Entry>, String> {
    let mut at = 0;
    let n = varint(b, &mut at)?;
    // Each entry takes at least 4 bytes: a count beyond that is corrupt.
    if n > b.len() as u64 {
        return Err(format!("a directory claims {n} entries"));
    }
    let n = n as usize;
    let mut entries = vec![
        Entry {
            tile_id: 0,
            offset: 0,
            length: 0,
            run_length: 0
        };
        n
    ];
    let mut last = 0u64;
    for e in entries.iter_mut() {
        last = last
            .checked_add(varint(b, &mut at)?)
            .ok_or("tile ids overflow")?;
        e.tile_id = last;
    }
    for e in entries.iter_mut() {
        e.run_length = varint(b, &mut at)?;
    }
    for e in entries.iter_mut() {
        e.length = varint(b, &mut at)?;
    }
    for i in 0..n {
        let v = varint(b, &mut at)?;
        entries[i].offset = if i > 0 && v == 0 {
            entries[i - 1].offset + entries[i - 1].length
        } else {
            v.checked_sub(1).ok_or("a zero offset on the first entry")?
        };
    }
    Ok(entries)
}

/// The Hilbert-curve tile id of tile (z, x, y) (the spec's `zxy_to_tileid`).
pub fn tile_id(z: u32, x: u32, y: u32) -> u64 {
    let mut acc: u64 = ((1u64 << (2 * z)) - 1) / 3;
    let (mut x, mut y) = (i64::from(x), i64::from(y));
    for a in (0..z).rev() {
        let s = 1i64 << a;
        let rx = i64::from(x & s != 0);
        let ry = i64::from(y & s != 0);
        acc += (((3 * rx) ^ ry) as u64) * (s as u64) * (s as u64);
        if ry == 0 {
            if rx == 1 {
                x = s - 1 - x;
                y = s - 1 - y;
            }
            std::mem::swap(&mut x, &mut y);
        }
    }
    acc
}

/// The entry holding `id`: an exact or a run's entry, or the leaf directory before it.
fn find(entries: &[Entry], id: u64) -> Option<Entry> {
    let after = entries.partition_point(|e| e.tile_id <= id);
    let e = *entries.get(after.checked_sub(1)?)?;
    (e.tile_id == id || e.run_length == 0 || id - e.tile_id < e.run_length).then_some(e)
}

impl PmTiles {
    pub fn open(path: &Path) -> Result<Self, BasemapError> {
        let mut file = File::open(path).map_err(|e| BasemapError::Read {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let mut head = [0u8; HEADER_LEN];
        file.read_exact(&mut head)
            .map_err(|_| decode_error(path, "not a PMTiles archive (too short)"))?;
        let header = parse_header(&head).map_err(|e| decode_error(path, e))?;
        let mut archive = Self {
            path: path.to_path_buf(),
            file: Mutex::new(file),
            header,
            root: Vec::new(),
            leaves: Mutex::new(HashMap::new()),
            tile_px: 256,
            attribution: None,
        };
        let root = archive.section(archive.header.root, archive.header.internal)?;
        archive.root = parse_directory(&root).map_err(|e| decode_error(path, e))?;
        archive.attribution = archive.read_attribution();
        let (z, lon, lat) = archive.header.centre;
        let z = z.clamp(archive.header.zooms.0, archive.header.zooms.1);
        let [mx, my] = mercator(lon, lat);
        let size = super::tiled::tile_m(z);
        let n = f64::from(1u32 << z);
        let col = ((mx + super::tiled::HALF_WORLD_M) / size)
            .floor()
            .clamp(0.0, n - 1.0) as u32;
        let row = ((super::tiled::HALF_WORLD_M - my) / size)
            .floor()
            .clamp(0.0, n - 1.0) as u32;
        if let Some(tile) = archive.tile(z, col, row)? {
            archive.tile_px = tile.width().max(1);
        }
        Ok(archive)
    }

    /// The bytes at (offset, length) of the file, decompressed.
    fn section(
        &self,
        (offset, length): (u64, u64),
        how: Compression,
    ) -> Result<Vec<u8>, BasemapError> {
        if length > MAX_SECTION {
            return Err(decode_error(
                &self.path,
                format!("a section of {length} bytes"),
            ));
        }
        let mut bytes = vec![0u8; length as usize];
        {
            let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
            file.seek(SeekFrom::Start(offset))
                .and_then(|_| file.read_exact(&mut bytes))
                .map_err(|e| BasemapError::Read {
                    path: self.path.clone(),
                    reason: format!("{e} (bytes {offset}+{length})"),
                })?;
        }
        match how {
            Compression::None => Ok(bytes),
            Compression::Gzip => {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(bytes.as_slice())
                    .take(MAX_SECTION)
                    .read_to_end(&mut out)
                    .map_err(|e| decode_error(&self.path, format!("gzip: {e}")))?;
                Ok(out)
            }
        }
    }

    /// `attribution` of the JSON metadata, when there is one.
    fn read_attribution(&self) -> Option<String> {
        if self.header.metadata.1 == 0 {
            return None;
        }
        let bytes = self
            .section(self.header.metadata, self.header.internal)
            .ok()?;
        let json: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
        json.get("attribution")?
            .as_str()
            .map(str::to_owned)
            .filter(|a| !a.trim().is_empty())
    }

    /// A leaf directory (offset in the leaf section), decoded once.
    fn leaf(&self, entry: &Entry) -> Result<Arc<Vec<Entry>>, BasemapError> {
        let mut leaves = self.leaves.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = leaves.get(&entry.offset) {
            return Ok(Arc::clone(dir));
        }
        drop(leaves);
        let at = self.header.leaves_offset + entry.offset;
        let bytes = self.section((at, entry.length), self.header.internal)?;
        let dir = Arc::new(parse_directory(&bytes).map_err(|e| decode_error(&self.path, e))?);
        leaves = self.leaves.lock().unwrap_or_else(|e| e.into_inner());
        if leaves.len() >= MAX_CACHED_LEAVES {
            leaves.clear();
        }
        leaves.insert(entry.offset, Arc::clone(&dir));
        Ok(dir)
    }

    /// Where a tile's bytes are (offset in the tile data section, length).
    fn locate(&self, id: u64) -> Result<Option<(u64, u64)>, BasemapError> {
        let mut dir: Arc<Vec<Entry>> = Arc::new(self.root.clone());
        // The spec allows a root and at most three levels of leaves.
        for _ in 0..4 {
            let Some(entry) = find(&dir, id) else {
                return Ok(None);
            };
            if entry.run_length > 0 {
                return Ok(Some((entry.offset, entry.length)));
            }
            dir = self.leaf(&entry)?;
        }
        Err(decode_error(&self.path, "directories nested too deep"))
    }
}

fn decode_error(path: &Path, e: impl std::fmt::Display) -> BasemapError {
    BasemapError::Decode {
        path: path.to_path_buf(),
        reason: e.to_string(),
    }
}

impl TileSet for PmTiles {
    fn zooms(&self) -> (u32, u32) {
        self.header.zooms
    }

    fn tile_px(&self) -> u32 {
        self.tile_px
    }

    fn tile(&self, z: u32, x: u32, y: u32) -> Result<Option<image::RgbaImage>, BasemapError> {
        let Some((offset, length)) = self.locate(tile_id(z, x, y))? else {
            return Ok(None);
        };
        let at = self.header.data_offset + offset;
        let bytes = self.section((at, length), self.header.tiles)?;
        image::load_from_memory(&bytes)
            .map(|i| Some(i.into_rgba8()))
            .map_err(|e| decode_error(&self.path, format!("tile {z}/{x}/{y}: {e}")))
    }
}

impl PixelSource for PmTiles {
    fn window(&self, bbox: [f64; 4], units_per_px: f64) -> Result<Option<Window>, BasemapError> {
        super::tiled::window(self, bbox, units_per_px)
    }

    fn extent(&self) -> [f64; 4] {
        let [w, s, e, n] = self.header.bounds;
        let ([x0, y0], [x1, y1]) = (mercator(w, s), mercator(e, n));
        [x0, y0, x1, y1]
    }

    fn attribution(&self) -> Option<String> {
        self.attribution.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tile_ids_follow_the_hilbert_curve_of_the_spec() {
        // Values of the reference implementation (python `pmtiles.tile.zxy_to_tileid`).
        let cases = [
            ((0, 0, 0), 0),
            ((1, 0, 0), 1),
            ((1, 1, 0), 4),
            ((1, 1, 1), 3),
            ((1, 0, 1), 2),
            ((2, 0, 0), 5),
            ((2, 3, 3), 15),
            ((5, 17, 9), 1213),
            ((12, 3345, 1792), 19_093_760),
            ((18, 214_000, 114_000), 78_203_566_933),
        ];
        for ((z, x, y), id) in cases {
            assert_eq!(tile_id(z, x, y), id, "{z}/{x}/{y}");
        }
    }

    #[test]
    fn directories_read_with_runs_and_contiguous_offsets() {
        // Three entries: ids 5, 6 (run of 2), 10; offsets 0, then contiguous, then 100.
        let bytes = [3, 5, 1, 4, 1, 2, 0, 10, 20, 30, 1, 0, 101];
        let dir = parse_directory(&bytes).expect("directory");
        assert_eq!(
            dir.iter()
                .map(|e| (e.tile_id, e.run_length, e.offset, e.length))
                .collect::<Vec<_>>(),
            vec![(5, 1, 0, 10), (6, 2, 10, 20), (10, 0, 100, 30)]
        );
        assert_eq!(find(&dir, 7).map(|e| e.tile_id), Some(6), "in the run");
        assert_eq!(find(&dir, 8), None, "past the run");
        assert_eq!(find(&dir, 4), None);
        assert_eq!(
            find(&dir, 99).map(|e| e.tile_id),
            Some(10),
            "a leaf covers what follows"
        );
        assert!(parse_directory(&[200]).is_err(), "truncated");
        assert!(
            parse_directory(&[1, 0, 1, 5, 0]).is_err(),
            "zero first offset"
        );
    }

    fn varints(out: &mut Vec<u8>, values: &[u64]) {
        for &v in values {
            let mut v = v;
            loop {
                let byte = (v & 0x7f) as u8;
                v >>= 7;
                if v == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
        }
    }

    /// A directory of (tile id, run length, offset, length), as the spec writes it.
    fn directory(entries: &[(u64, u64, u64, u64)]) -> Vec<u8> {
        let mut out = Vec::new();
        varints(&mut out, &[entries.len() as u64]);
        let mut last = 0;
        for e in entries {
            varints(&mut out, &[e.0 - last]);
            last = e.0;
        }
        for e in entries {
            varints(&mut out, &[e.1]);
        }
        for e in entries {
            varints(&mut out, &[e.3]);
        }
        for e in entries {
            varints(&mut out, &[e.2 + 1]);
        }
        out
    }

    /// An archive of the four zoom-1 tiles, each a 2 × 2 PNG whose red is its tile id,
    /// found through a leaf directory; uncompressed directories, a credit in metadata.
    fn archive() -> Vec<u8> {
        let mut tiles = Vec::new();
        let mut leaf_entries = Vec::new();
        for id in 1..=4u64 {
            let mut png = Vec::new();
            image::RgbaImage::from_pixel(2, 2, image::Rgba([id as u8 * 50, 0, 0, 255]))
                .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                .expect("png");
            leaf_entries.push((id, 1, tiles.len() as u64, png.len() as u64));
            tiles.extend(png);
        }
        let leaf = directory(&leaf_entries);
        let root = directory(&[(1, 0, 0, leaf.len() as u64)]);
        let metadata = br#"{"attribution":"Tiles (c) Test"}"#.to_vec();
        let root_at = HEADER_LEN as u64;
        let metadata_at = root_at + root.len() as u64;
        let leaves_at = metadata_at + metadata.len() as u64;
        let data_at = leaves_at + leaf.len() as u64;
        let mut h = vec![0u8; HEADER_LEN];
        h[..7].copy_from_slice(b"PMTiles");
        h[7] = 3;
        for (at, v) in [
            (8, root_at),
            (16, root.len() as u64),
            (24, metadata_at),
            (32, metadata.len() as u64),
            (40, leaves_at),
            (48, leaf.len() as u64),
            (56, data_at),
            (64, tiles.len() as u64),
        ] {
            h[at..at + 8].copy_from_slice(&v.to_le_bytes());
        }
        (h[97], h[98], h[99], h[100], h[101], h[118]) = (1, 1, 2, 1, 1, 1);
        for (at, deg) in [(102, -180.0), (106, -85.0), (110, 180.0), (114, 85.0)] {
            h[at..at + 4].copy_from_slice(&((deg * 1e7) as i32).to_le_bytes());
        }
        [h, root, metadata, leaf, tiles].concat()
    }

    #[test]
    fn tiles_are_found_through_a_leaf_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.pmtiles");
        std::fs::write(&path, archive()).expect("write");
        let archive = PmTiles::open(&path).expect("opens");
        assert_eq!(archive.tile_px, 2, "learnt from the centre tile");
        assert_eq!(archive.attribution().as_deref(), Some("Tiles (c) Test"));
        for (x, y) in [(0, 0), (1, 0), (1, 1), (0, 1)] {
            let tile = archive.tile(1, x, y).expect("reads").expect("present");
            let id = tile_id(1, x, y);
            assert_eq!(u64::from(tile.get_pixel(0, 0)[0]), id * 50, "{x},{y}");
        }
        assert!(
            archive.tile(0, 0, 0).expect("reads").is_none(),
            "zoom 0 absent"
        );
        // A damaged archive is an error naming the file, not a panic.
        let mut bad = std::fs::read(&path).expect("read");
        bad.truncate(HEADER_LEN + 3);
        std::fs::write(&path, bad).expect("write");
        let error = PmTiles::open(&path).err().expect("refused");
        assert!(error.to_string().contains("t.pmtiles"), "{error}");
    }

    #[test]
    fn headers_that_are_not_raster_pmtiles_v3_are_refused() {
        let mut h = [0u8; HEADER_LEN];
        assert!(parse_header(&h).is_err());
        h[..7].copy_from_slice(b"PMTiles");
        h[7] = 3;
        h[99] = 1;
        assert!(parse_header(&h).expect_err("vector").contains("vector"));
        h[99] = 2;
        h[101] = 14;
        h[97] = 3;
        assert!(parse_header(&h).expect_err("brotli").contains("brotli"));
        h[97] = 2;
        let header = parse_header(&h).expect("raster");
        assert_eq!(header.zooms, (0, 14));
        assert_eq!(header.internal, Compression::Gzip);
    }
}
