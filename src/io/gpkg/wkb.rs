//! GeoPackage geometry blobs (GeoPackage 1.3 §2.1.3): the `GP` header (version, flags,
//! SRS id, envelope) followed by ISO WKB. Strata writes little-endian 2D geometry with an
//! `[minx, maxx, miny, maxy]` envelope (none for points, as GDAL does); it reads either
//! byte order, any envelope, and Z/M coordinates (dropped), so files QGIS edited read too.

use crate::i18n::Message;
use crate::msg;

/// A position in degrees: `[longitude, latitude]`.
pub type Pt = [f64; 2];
pub type Line = Vec<Pt>;
/// Exterior ring first, then holes.
pub type Rings = Vec<Line>;

/// A decoded geometry, in the units of the blob (degrees for Strata's tables).
#[derive(Clone, Debug, PartialEq)]
pub enum Geometry {
    Point(Pt),
    MultiPoint(Line),
    LineString(Line),
    Polygon(Rings),
    MultiLineString(Vec<Line>),
    MultiPolygon(Vec<Rings>),
    /// The empty flag, an empty collection, or a point of NaNs.
    Empty,
}

impl Geometry {
    /// Every position, for extents.
    pub fn for_each_point(&self, mut f: impl FnMut(&Pt)) {
        match self {
            Geometry::Point(p) => f(p),
            Geometry::LineString(l) | Geometry::MultiPoint(l) => l.iter().for_each(f),
            Geometry::Polygon(r) | Geometry::MultiLineString(r) => r.iter().flatten().for_each(f),
            Geometry::MultiPolygon(parts) => parts.iter().flatten().flatten().for_each(f),
            Geometry::Empty => {}
        }
    }

    /// The WKB type name, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Geometry::Point(_) => "Point",
            Geometry::MultiPoint(_) => "MultiPoint",
            Geometry::LineString(_) => "LineString",
            Geometry::Polygon(_) => "Polygon",
            Geometry::MultiLineString(_) => "MultiLineString",
            Geometry::MultiPolygon(_) => "MultiPolygon",
            Geometry::Empty => "empty",
        }
    }
}

const WKB_POINT: u32 = 1;
const WKB_LINESTRING: u32 = 2;
const WKB_MULTIPOINT: u32 = 4;
const WKB_POLYGON: u32 = 3;
const WKB_MULTILINESTRING: u32 = 5;
const WKB_MULTIPOLYGON: u32 = 6;

/// Appends the GeoPackage blob of `geometry` (SRS `srs_id`) to `out`.
pub fn encode(geometry: &Geometry, srs_id: i32, out: &mut Vec<u8>) {
    out.extend_from_slice(b"GP");
    out.push(0); // version 1 of the binary format
    let with_envelope = !matches!(geometry, Geometry::Point(_) | Geometry::Empty);
    let empty = matches!(geometry, Geometry::Empty);
    // bit 0: little endian; bits 1-3: envelope kind (1 = xy); bit 4: empty.
    let flags = 1 | if with_envelope { 1 << 1 } else { 0 } | if empty { 1 << 4 } else { 0 };
    out.push(flags);
    out.extend_from_slice(&srs_id.to_le_bytes());
    if with_envelope {
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        geometry.for_each_point(|p| {
            for axis in 0..2 {
                min[axis] = min[axis].min(p[axis]);
                max[axis] = max[axis].max(p[axis]);
            }
        });
        for v in [min[0], max[0], min[1], max[1]] {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    write_wkb(geometry, out);
}

fn write_wkb(geometry: &Geometry, out: &mut Vec<u8>) {
    let head = |out: &mut Vec<u8>, kind: u32| {
        out.push(1);
        out.extend_from_slice(&kind.to_le_bytes());
    };
    let count = |out: &mut Vec<u8>, n: usize| out.extend_from_slice(&(n as u32).to_le_bytes());
    let points = |out: &mut Vec<u8>, line: &Line| {
        count(out, line.len());
        for p in line {
            out.extend_from_slice(&p[0].to_le_bytes());
            out.extend_from_slice(&p[1].to_le_bytes());
        }
    };
    let polygon = |out: &mut Vec<u8>, rings: &Rings| {
        head(out, WKB_POLYGON);
        count(out, rings.len());
        rings.iter().for_each(|r| points(out, r));
    };
    match geometry {
        Geometry::Point(p) => {
            head(out, WKB_POINT);
            out.extend_from_slice(&p[0].to_le_bytes());
            out.extend_from_slice(&p[1].to_le_bytes());
        }
        // An empty point is written as NaN coordinates (GeoPackage §2.1.3.1.1).
        Geometry::Empty => {
            head(out, WKB_POINT);
            out.extend_from_slice(&f64::NAN.to_le_bytes());
            out.extend_from_slice(&f64::NAN.to_le_bytes());
        }
        Geometry::LineString(line) => {
            head(out, WKB_LINESTRING);
            points(out, line);
        }
        Geometry::MultiPoint(list) => {
            head(out, WKB_MULTIPOINT);
            count(out, list.len());
            for p in list {
                head(out, WKB_POINT);
                out.extend_from_slice(&p[0].to_le_bytes());
                out.extend_from_slice(&p[1].to_le_bytes());
            }
        }
        Geometry::Polygon(rings) => polygon(out, rings),
        Geometry::MultiLineString(lines) => {
            head(out, WKB_MULTILINESTRING);
            count(out, lines.len());
            for line in lines {
                head(out, WKB_LINESTRING);
                points(out, line);
            }
        }
        Geometry::MultiPolygon(parts) => {
            head(out, WKB_MULTIPOLYGON);
            count(out, parts.len());
            parts.iter().for_each(|p| polygon(out, p));
        }
    }
}

/// Decodes a GeoPackage blob: its SRS id and geometry. The error says what is wrong
/// with the bytes (to be worded with the table and feature by the caller).
pub fn decode(blob: &[u8]) -> Result<(i32, Geometry), Message> {
    if blob.len() < 8 || &blob[0..2] != b"GP" {
        return Err(msg!("gpkg-blob-magic"));
    }
    let flags = blob[3];
    let little = flags & 1 == 1;
    let envelope_doubles = match (flags >> 1) & 0b111 {
        0 => 0,
        1 => 4,
        2 | 3 => 6,
        4 => 8,
        other => {
            return Err(msg!("gpkg-blob-envelope", kind = other.to_string()));
        }
    };
    let srs = [blob[4], blob[5], blob[6], blob[7]];
    let srs_id = if little {
        i32::from_le_bytes(srs)
    } else {
        i32::from_be_bytes(srs)
    };
    let start = 8 + envelope_doubles * 8;
    let Some(wkb) = blob.get(start..) else {
        return Err(msg!("gpkg-blob-truncated"));
    };
    if flags & (1 << 4) != 0 {
        return Ok((srs_id, Geometry::Empty));
    }
    let mut cursor = Cursor {
        bytes: wkb,
        at: 0,
        little: true,
    };
    let geometry = cursor.geometry()?;
    Ok((srs_id, geometry))
}

/// Reads WKB; each geometry sets its own byte order.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    little: bool,
}

impl Cursor<'_> {
    fn take<const N: usize>(&mut self) -> Result<[u8; N], Message> {
        let end = self
            .at
            .checked_add(N)
            .ok_or_else(|| msg!("gpkg-blob-truncated"))?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| msg!("gpkg-blob-truncated"))?;
        self.at = end;
        let mut out = [0; N];
        out.copy_from_slice(slice);
        Ok(out)
    }

    fn u32(&mut self) -> Result<u32, Message> {
        let b = self.take::<4>()?;
        Ok(if self.little {
            u32::from_le_bytes(b)
        } else {
            u32::from_be_bytes(b)
        })
    }

    fn f64(&mut self) -> Result<f64, Message> {
        let b = self.take::<8>()?;
        Ok(if self.little {
            f64::from_le_bytes(b)
        } else {
            f64::from_be_bytes(b)
        })
    }

    /// A count, checked against the bytes left so a corrupt count cannot make us
    /// reserve gigabytes.
    fn count(&mut self, min_item_bytes: usize) -> Result<usize, Message> {
        let n = self.u32()? as usize;
        if n.saturating_mul(min_item_bytes) > self.bytes.len() - self.at {
            return Err(msg!("gpkg-blob-truncated"));
        }
        Ok(n)
    }

    /// Byte order and type: (base type 1..7, number of ordinates per position).
    fn header(&mut self) -> Result<(u32, usize), Message> {
        let [order] = self.take::<1>()?;
        self.little = match order {
            0 => false,
            1 => true,
            _ => return Err(msg!("gpkg-blob-byte-order", order = order.to_string())),
        };
        let code = self.u32()?;
        // EWKB flags (PostGIS, older GDAL) or ISO thousands (1000 Z, 2000 M, 3000 ZM).
        let ewkb_z = code & 0x8000_0000 != 0;
        let ewkb_m = code & 0x4000_0000 != 0;
        let iso = code & 0x0FFF_FFFF;
        let (base, iso_dims) = (iso % 1000, iso / 1000);
        let extra = match iso_dims {
            0 => usize::from(ewkb_z) + usize::from(ewkb_m),
            1 | 2 => 1,
            3 => 2,
            _ => return Err(msg!("gpkg-blob-type", code = code.to_string())),
        };
        Ok((base, 2 + extra))
    }

    fn point(&mut self, dims: usize) -> Result<Pt, Message> {
        let x = self.f64()?;
        let y = self.f64()?;
        for _ in 2..dims {
            self.f64()?;
        }
        Ok([x, y])
    }

    fn line(&mut self, dims: usize) -> Result<Line, Message> {
        let n = self.count(dims * 8)?;
        (0..n).map(|_| self.point(dims)).collect()
    }

    fn rings(&mut self, dims: usize) -> Result<Rings, Message> {
        let n = self.count(4)?;
        (0..n).map(|_| self.line(dims)).collect()
    }

    fn geometry(&mut self) -> Result<Geometry, Message> {
        let (base, dims) = self.header()?;
        let expect_part = |cursor: &mut Self, want: u32| -> Result<usize, Message> {
            let (part, part_dims) = cursor.header()?;
            if part != want {
                return Err(msg!("gpkg-blob-type", code = part.to_string()));
            }
            Ok(part_dims)
        };
        Ok(match base {
            WKB_POINT => {
                let p = self.point(dims)?;
                if p[0].is_nan() && p[1].is_nan() {
                    Geometry::Empty
                } else {
                    Geometry::Point(p)
                }
            }
            WKB_LINESTRING => Geometry::LineString(self.line(dims)?),
            WKB_MULTIPOINT => {
                let n = self.count(21)?;
                let mut list = Vec::with_capacity(n);
                for _ in 0..n {
                    let d = expect_part(self, WKB_POINT)?;
                    list.push(self.point(d)?);
                }
                Geometry::MultiPoint(list)
            }
            WKB_POLYGON => Geometry::Polygon(self.rings(dims)?),
            WKB_MULTILINESTRING => {
                let n = self.count(9)?;
                let mut lines = Vec::with_capacity(n);
                for _ in 0..n {
                    let d = expect_part(self, WKB_LINESTRING)?;
                    lines.push(self.line(d)?);
                }
                Geometry::MultiLineString(lines)
            }
            WKB_MULTIPOLYGON => {
                let n = self.count(9)?;
                let mut parts = Vec::with_capacity(n);
                for _ in 0..n {
                    let d = expect_part(self, WKB_POLYGON)?;
                    parts.push(self.rings(d)?);
                }
                Geometry::MultiPolygon(parts)
            }
            other => return Err(msg!("gpkg-blob-type", code = other.to_string())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(g: Geometry) {
        let mut blob = Vec::new();
        encode(&g, 4326, &mut blob);
        assert_eq!(decode(&blob), Ok((4326, g)));
    }

    #[test]
    fn every_type_reads_back() {
        let ring = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
        round_trip(Geometry::Point([120.5, 30.25]));
        round_trip(Geometry::LineString(ring.clone()));
        round_trip(Geometry::MultiPoint(ring.clone()));
        round_trip(Geometry::Polygon(vec![ring.clone(), ring.clone()]));
        round_trip(Geometry::MultiLineString(vec![ring.clone(), ring.clone()]));
        round_trip(Geometry::MultiPolygon(vec![vec![ring.clone()], vec![ring]]));
        round_trip(Geometry::Empty);
    }

    #[test]
    fn the_header_matches_the_specification() {
        let mut blob = Vec::new();
        let line = vec![[1.0, 5.0], [3.0, 2.0]];
        encode(&Geometry::LineString(line), 4326, &mut blob);
        assert_eq!(&blob[..4], &[b'G', b'P', 0, 0b011]);
        assert_eq!(
            i32::from_le_bytes([blob[4], blob[5], blob[6], blob[7]]),
            4326
        );
        let envelope: Vec<f64> = (0..4)
            .map(|i| {
                let at = 8 + i * 8;
                let mut b = [0; 8];
                b.copy_from_slice(&blob[at..at + 8]);
                f64::from_le_bytes(b)
            })
            .collect();
        assert_eq!(envelope, [1.0, 3.0, 2.0, 5.0]);
        // WKB: little endian, type 2, 2 points.
        assert_eq!(&blob[40..49], &[1, 2, 0, 0, 0, 2, 0, 0, 0]);
    }

    #[test]
    fn big_endian_and_z_coordinates_are_read() {
        // A big-endian ISO PointZ (1001) without an envelope.
        let mut blob = vec![b'G', b'P', 0, 0, 0, 0, 0x10, 0xE6, 0];
        blob.extend_from_slice(&1001u32.to_be_bytes());
        for v in [120.0f64, 30.0, 12.0] {
            blob.extend_from_slice(&v.to_be_bytes());
        }
        assert_eq!(decode(&blob), Ok((4326, Geometry::Point([120.0, 30.0]))));
    }

    #[test]
    fn corrupt_blobs_are_errors_not_panics() {
        let mut blob = Vec::new();
        let ring = vec![[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 0.0]];
        encode(&Geometry::MultiPolygon(vec![vec![ring]]), 4326, &mut blob);
        for cut in 0..blob.len() {
            assert!(decode(&blob[..cut]).is_err(), "cut at {cut}");
        }
        // A ring count of 4 billion must not allocate.
        let mut huge = blob.clone();
        let at = 8 + 32 + 9 + 5;
        huge[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&huge).is_err());
        assert!(decode(b"SQLite format 3").is_err());
    }
}
