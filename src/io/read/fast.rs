//! The fast path of the plan reader.
//!
//! The whole file is in memory. One pass of serde_json over it reads the root members and
//! cuts the `features` array into the text of each feature (serde_json's raw values: the
//! syntax is checked, nothing is built). The features are then parsed in parallel, each
//! straight into the model's types: coordinates into flat `[f64; 2]` arrays (each number
//! parsed once, no `serde_json::Value` tree for geometry), the small members (properties,
//! strata, unknown members) into values as the whole-file reader builds them, and the
//! same code as that reader (`model_parts`) turns them into a pending feature.
//!
//! What the fast path does not handle it hands back, so every message stays that of the
//! whole-file reader:
//! * a feature that is not a well-formed parcel, facility or street (another kind, a
//!   problem of any sort, a duplicate member, a position of three numbers…) is parsed
//!   again as a JSON value and read by `read_feature`, as the whole-file reader does;
//! * a file with any error (syntax, limits, a feature nested too deeply, a duplicate root
//!   member) is read again, whole, by the whole-file reader, which finds and words it.

use std::sync::atomic::Ordering;

use rayon::prelude::*;
use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::{
    FeatureBatch, FeatureParts, FieldError, GeometryIn, Pending, ReadError, ReadOptions,
    ReadProgress, Root, SourceCrs, feature_id, model_parts, read_feature,
};
use super::{cut, fast_strata};
use crate::io::geometry::{self, PolygonRings, Ring};
use crate::io::text::{self, DepthLimited};
use crate::model::{Problem, ProblemKind, RawFeature};
use crate::msg;

/// Members of a feature that the reader models (`bbox` is dropped: it is written anew);
/// the others are kept as they are.
pub(super) const MODELLED_MEMBERS: [&str; 5] = ["type", "id", "bbox", "geometry", "properties"];

/// Levels of nesting allowed inside a feature's members. A feature sits three levels
/// deep in the file (root, `features`, itself) and serde_json allows 128: a feature
/// within this budget is one the whole-file reader accepts too; a deeper one goes to it.
pub(super) const MEMBER_DEPTH: u32 = 60;

/// The error of a feature the fast path declines. It is never shown: the feature is read
/// again by the whole-file reader's code, which words its own problem.
pub(super) fn declined() -> FieldError {
    (
        ProblemKind::InvalidFeature,
        msg!("text-as-is", text = "declined by the fast reader"),
    )
}

/// How a feature was read: modelled directly, or by `read_feature` after a second parse.
pub(super) type Outcome = Result<Pending, Box<(RawFeature, Problem)>>;

/// Reads a plan's root by the fast path. `None` when the file must be read by the
/// whole-file reader (which then finds the same plan or words the error); the second
/// value counts the features modelled directly.
pub(super) fn read_root(
    text: &[u8],
    options: &ReadOptions,
    progress: &ReadProgress,
) -> Option<(Result<Root, ReadError>, usize)> {
    let mut skeleton = skeleton(text)?;
    if progress.cancel.load(Ordering::Relaxed) {
        return Some((Err(ReadError::Cancelled), 0));
    }
    let raws = skeleton.features.take()?;
    let member_crs = skeleton.member_crs();
    let crs = options
        .crs
        .as_ref()
        .or(member_crs.as_ref())
        .unwrap_or(&SourceCrs::Geographic);
    let Some(outcomes) = read_features(&raws, 0, crs, progress) else {
        return match progress.cancel.load(Ordering::Relaxed) {
            true => Some((Err(ReadError::Cancelled), 0)),
            false => None,
        };
    };
    progress
        .read
        .fetch_max(text.len() as u64, Ordering::Relaxed);
    Some(skeleton.into_root(vec![outcomes]))
}

/// Features as read by [`read_features`], with how each was read.
pub(super) type Outcomes = Vec<(Outcome, bool)>;

/// The features whose texts are `raws` (the first at `first` in the file's list), in
/// parallel. `None` when one of them is not acceptable JSON, or on a cancel.
pub(super) fn read_features(
    raws: &[&[u8]],
    first: usize,
    crs: &SourceCrs,
    progress: &ReadProgress,
) -> Option<Outcomes> {
    raws.par_iter()
        .enumerate()
        .map(|(index, raw)| {
            if progress.cancel.load(Ordering::Relaxed) {
                return None;
            }
            // The cut is quick; the progress follows the features as they are read.
            progress.read.fetch_add(raw.len() as u64, Ordering::Relaxed);
            read_one(raw, first + index, crs)
        })
        .collect()
}

/// One feature: modelled directly when it can be, else parsed as a JSON value and read
/// as the whole-file reader reads it. `None` when the feature's text is not acceptable
/// JSON (the whole file then goes to the whole-file reader). The flag tells which way.
fn read_one(raw: &[u8], index: usize, crs: &SourceCrs) -> Option<(Outcome, bool)> {
    // The file was not checked as UTF-8 whole: each piece is, here, in parallel.
    let raw = std::str::from_utf8(raw).ok()?;
    let mut de = serde_json::Deserializer::from_str(raw);
    let fast = FeatureSeed
        .deserialize(&mut de)
        .and_then(|f| de.end().map(|()| f));
    if let Ok(feature) = fast
        && let Some(pending) = feature.model(crs)
    {
        return Some((Ok(pending), true));
    }
    let mut de = serde_json::Deserializer::from_str(raw);
    let value = DepthLimited(MEMBER_DEPTH + 1)
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .ok()?;
    Some((read_feature(value, index, crs), false))
}

// ---------------------------------------------------------------------------------------
// The root

/// The root object with each feature as its text.
#[derive(Default)]
pub(super) struct Skeleton<'de> {
    type_member: Option<Value>,
    pub(super) features: Option<Vec<&'de [u8]>>,
    pub(super) crs: Option<Value>,
    strata: Option<Value>,
    members: Map<String, Value>,
}

impl Skeleton<'_> {
    /// A root member other than the features, parsed. `None` for a member the whole-file
    /// reader must see: not JSON, nested deeper than [`MEMBER_DEPTH`], a second `type`,
    /// `crs` or `strata` (that reader keeps the last, in the place of the first), or a
    /// `features` (only the caller knows how to cut one).
    pub(super) fn add(&mut self, key: &str, value: &[u8]) -> Option<()> {
        let mut de = serde_json::Deserializer::from_slice(value);
        let parsed = DepthLimited(MEMBER_DEPTH)
            .deserialize(&mut de)
            .and_then(|v| de.end().map(|()| v))
            .ok()?;
        match key {
            "features" => None,
            "crs" => first(&mut self.crs, parsed),
            "type" => first(&mut self.type_member, parsed),
            "strata" => first(&mut self.strata, parsed),
            _ => {
                text::check_length::<serde_json::Error>(key).ok()?;
                self.members.insert(key.to_owned(), parsed);
                Some(())
            }
        }
    }

    /// The CRS its `crs` member names, if it names one that can be read.
    pub(super) fn member_crs(&self) -> Option<SourceCrs> {
        match &self.crs {
            Some(member) if !member.is_null() => SourceCrs::from_member(member).ok(),
            _ => None,
        }
    }

    /// The root, its features read in parts (in file order), and how many of them were
    /// modelled directly.
    pub(super) fn into_root(self, parts: Vec<Outcomes>) -> (Result<Root, ReadError>, usize) {
        let mut batch = FeatureBatch::default();
        // Reserved whole: grown by doubling, the list of a city's features had up to
        // twice their size in spare room while the features' own list was still held.
        batch
            .pending
            .reserve_exact(parts.iter().map(Vec::len).sum());
        let mut modelled = 0;
        for (outcome, fast) in parts.into_iter().flatten() {
            modelled += usize::from(fast);
            batch.push(outcome);
        }
        let root = Root {
            type_member: self.type_member,
            features: Some(Ok(batch)),
            crs: self.crs,
            crs_after_features: None,
            strata: self.strata,
            members: self.members,
        };
        (Ok(root), modelled)
    }
}

/// A root member's key, as its text (quotes and escapes included) gives it.
pub(super) fn key_of(text: &[u8]) -> Option<String> {
    serde_json::from_slice(text).ok()
}

/// The root's members cut from the text ([`cut`]), the small ones parsed, the features
/// left as their texts. `None` for anything the whole-file reader must see (see
/// [`Skeleton::add`]; also a second `features`).
fn skeleton(text: &[u8]) -> Option<Skeleton<'_>> {
    let mut skeleton = Skeleton::default();
    for (key, piece) in cut::root_members(text)? {
        let key = key_of(key)?;
        match piece {
            // Cut as elements only under the key `features` written plainly.
            cut::Piece::Elements(elements) => first(&mut skeleton.features, elements)?,
            // The same key written with escapes.
            cut::Piece::Text(text) if key == "features" => {
                first(&mut skeleton.features, cut::array_elements(text)?)?
            }
            cut::Piece::Text(text) => skeleton.add(&key, text)?,
        }
    }
    Some(skeleton)
}

/// Fills a member that may appear once; `None` for a second one.
fn first<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    if slot.is_some() {
        return None;
    }
    *slot = Some(value);
    Some(())
}

/// Fills a member that may appear once; a second one goes to the whole-file reader
/// (it keeps the last, in the place of the first).
fn once<T, E: serde::de::Error>(slot: &mut Option<T>, value: T) -> Result<(), E> {
    first(slot, value).ok_or_else(|| E::custom("duplicate member"))
}

// ---------------------------------------------------------------------------------------
// One feature

/// A feature's members as the fast path parses them.
#[derive(Default)]
struct FastFeature<'de> {
    type_member: Option<Value>,
    id: Option<Value>,
    bbox: Option<Value>,
    geometry: Option<Geometry>,
    properties: Option<Props<'de>>,
    members: Map<String, Value>,
}

impl FastFeature<'_> {
    /// The pending feature, as `read_feature` would make it; `None` for anything it
    /// would not model or would report.
    fn model(self, crs: &SourceCrs) -> Option<Pending> {
        if self.type_member.as_ref().and_then(Value::as_str) != Some("Feature") {
            return None;
        }
        let (id, numeric_id) = feature_id(self.id.as_ref()).ok()?;
        let geometry = self.geometry?;
        let Props {
            map: mut props,
            strata,
        } = self.properties?;
        let kind = match props.get("kind").and_then(Value::as_str) {
            Some("parcel") => "parcel",
            Some("facility") => "facility",
            Some("street") => "street",
            _ => return None,
        };
        let strata = match strata {
            None => None,
            Some((at, text)) => {
                let typed = (kind == "parcel")
                    .then(|| fast_strata::read(text, crs))
                    .flatten();
                if typed.is_none() {
                    // Declined: the member as a value, in its place, for the whole-file
                    // reader's code to read or report.
                    let mut de = serde_json::Deserializer::from_str(text);
                    let value = DepthLimited(MEMBER_DEPTH - 1).deserialize(&mut de).ok()?;
                    props.shift_insert(at, "strata".to_owned(), value);
                }
                typed
            }
        };
        let parts = FeatureParts {
            members: self.members,
            props,
            kind: Some(kind),
            id,
            numeric_id,
            strata,
        };
        let pending = model_parts(parts, GeometryIn::Parsed(&geometry), crs).ok();
        if let Geometry::Object { coords, .. } = geometry {
            coords.recycle();
        }
        pending
    }
}

/// A member name: the index of a name the caller knows, or another name.
pub(super) struct KeySeed(pub(super) &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Result<usize, String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Result<usize, String>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        match self.0.iter().position(|k| *k == v) {
            Some(i) => Ok(Ok(i)),
            None => {
                text::check_length(v)?;
                Ok(Err(v.to_owned()))
            }
        }
    }
}

struct FeatureSeed;

impl<'de> DeserializeSeed<'de> for FeatureSeed {
    type Value = FastFeature<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for FeatureSeed {
    type Value = FastFeature<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a feature")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut f = FastFeature::default();
        let value = DepthLimited(MEMBER_DEPTH);
        while let Some(key) = map.next_key_seed(KeySeed(&MODELLED_MEMBERS))? {
            match key {
                Ok(0) => once(&mut f.type_member, map.next_value_seed(value)?)?,
                Ok(1) => once(&mut f.id, map.next_value_seed(value)?)?,
                Ok(2) => once(&mut f.bbox, map.next_value_seed(value)?)?,
                Ok(3) => once(&mut f.geometry, map.next_value_seed(GeometrySeed)?)?,
                Ok(_) => once(&mut f.properties, map.next_value_seed(PropsSeed)?)?,
                Err(key) => {
                    let member = map.next_value_seed(value)?;
                    f.members.insert(key, member);
                }
            }
        }
        Ok(f)
    }
}

/// A feature's properties: every member as a value as the whole-file reader builds it,
/// but `strata` as its text (with its place among the members), for a parcel's strata
/// to be read typed (`fast_strata`).
struct Props<'de> {
    map: Map<String, Value>,
    strata: Option<(usize, &'de str)>,
}

struct PropsSeed;

impl<'de> DeserializeSeed<'de> for PropsSeed {
    type Value = Props<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for PropsSeed {
    type Value = Props<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("properties")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut props = Props {
            map: Map::new(),
            strata: None,
        };
        // The members' budget, as `DepthLimited(MEMBER_DEPTH)` gives an object's members.
        let value = DepthLimited(MEMBER_DEPTH - 1);
        while let Some(key) = map.next_key_seed(KeySeed(&["strata"]))? {
            match key {
                Ok(_) => {
                    let raw: &'de RawValue = map.next_value()?;
                    once(&mut props.strata, (props.map.len(), raw.get()))?;
                }
                Err(key) => {
                    let member = map.next_value_seed(value)?;
                    props.map.insert(key, member);
                }
            }
        }
        Ok(props)
    }
}

/// A feature's geometry: null, or an object with a type and coordinates.
pub(in crate::io) enum Geometry {
    Null,
    Object { kind: String, coords: Coords },
}

const GEOMETRY_MEMBERS: [&str; 2] = ["type", "coordinates"];

struct GeometrySeed;

impl<'de> DeserializeSeed<'de> for GeometrySeed {
    type Value = Geometry;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for GeometrySeed {
    type Value = Geometry;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a geometry")
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Geometry::Null)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut kind = None;
        let mut coords = None;
        while let Some(key) = map.next_key_seed(KeySeed(&GEOMETRY_MEMBERS))? {
            match key {
                Ok(0) => match map.next_value_seed(DepthLimited(MEMBER_DEPTH))? {
                    Value::String(s) => once(&mut kind, s)?,
                    _ => return Err(A::Error::custom("geometry type not a string")),
                },
                Ok(_) => {
                    let mut builder = Coords::pooled();
                    map.next_value_seed(Level {
                        coords: &mut builder,
                        level: 0,
                    })?;
                    once(&mut coords, builder)?;
                }
                // Not read, but checked as the whole-file reader checks it.
                Err(_) => drop(map.next_value_seed(DepthLimited(MEMBER_DEPTH))?),
            }
        }
        match (kind, coords) {
            (Some(kind), Some(coords)) => Ok(Geometry::Object { kind, coords }),
            _ => Err(A::Error::custom("geometry without type or coordinates")),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Coordinates

/// A geometry's coordinates, flat: every position in order, and for each level of
/// arrays above the positions (level 0 is `coordinates` itself) the end of each array
/// among the items of the level below, as a count of them.
#[derive(Default)]
pub(in crate::io) struct Coords {
    points: Vec<[f64; 2]>,
    ends: [Vec<usize>; 3],
    /// The level of the positions: 0 for a Point, 1 for a LineString, 2 for a Polygon or
    /// MultiLineString, 3 for a MultiPolygon.
    depth: Option<usize>,
}

/// Deepest level of arrays the fast path reads (a MultiPolygon's positions).
const MAX_DEPTH: usize = 3;

struct Level<'c> {
    coords: &'c mut Coords,
    level: usize,
}

/// What one item of a coordinate array was.
enum Item {
    Number(f64),
    Array,
}

impl<'de> DeserializeSeed<'de> for Level<'_> {
    type Value = Item;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Level<'_> {
    type Value = Item;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("coordinates")
    }

    fn visit_f64<E>(self, v: f64) -> Result<Item, E> {
        Ok(Item::Number(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Item, E> {
        Ok(Item::Number(v as f64))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Item, E> {
        Ok(Item::Number(v as f64))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Item, A::Error> {
        let level = self.level;
        if level > MAX_DEPTH {
            return Err(A::Error::custom("coordinates nested too deeply"));
        }
        let coords = self.coords;
        let mut xy = [0.0; 2];
        let (mut numbers, mut arrays) = (0usize, 0usize);
        loop {
            let seed = Level {
                coords: &mut *coords,
                level: level + 1,
            };
            match seq.next_element_seed(seed)? {
                None => break,
                Some(Item::Number(v)) if arrays == 0 => {
                    if let Some(slot) = xy.get_mut(numbers) {
                        *slot = v;
                    }
                    numbers += 1;
                }
                Some(Item::Array) if numbers == 0 => arrays += 1,
                Some(_) => return Err(A::Error::custom("numbers mixed with arrays")),
            }
        }
        if numbers == 1 || (numbers == 0 && arrays == 0) {
            return Err(A::Error::custom("empty array or position of one number"));
        }
        if numbers >= 2 {
            // Every position must sit at the same level.
            if *coords.depth.get_or_insert(level) != level {
                return Err(A::Error::custom("coordinates of mixed depth"));
            }
            coords.points.push(xy);
        } else {
            // The items below were closed already: positions, or arrays of the next level.
            let below = if coords.depth == Some(level + 1) {
                coords.points.len()
            } else {
                coords.ends.get(level + 1).map_or(0, Vec::len)
            };
            match coords.ends.get_mut(level) {
                Some(ends) => ends.push(below),
                None => return Err(A::Error::custom("coordinates nested too deeply")),
            }
        }
        Ok(Item::Array)
    }
}

/// Coordinates given as an array whose items the caller's visitor is reading (a
/// stratum's footprint), flat as a geometry's.
pub(super) fn coordinates_seed<'de, A: SeqAccess<'de>>(seq: A) -> Result<Coords, A::Error> {
    let mut coords = Coords::pooled();
    Level {
        coords: &mut coords,
        level: 0,
    }
    .visit_seq(seq)?;
    Ok(coords)
}

thread_local! {
    /// A thread's spare coordinate buffers: a feature's positions are copied out into
    /// rings of their exact size, so the buffers that grew while parsing serve again.
    static SPARE: std::cell::Cell<Option<Coords>> = const { std::cell::Cell::new(None) };
}

impl Coords {
    /// Empty buffers, reused from an earlier feature of this thread when there is one.
    fn pooled() -> Self {
        SPARE.with(|spare| spare.take()).unwrap_or_default()
    }

    /// Hands the buffers back for the next feature (a huge one is let go).
    pub(super) fn recycle(mut self) {
        if self.points.capacity() > 1 << 16 {
            return;
        }
        self.points.clear();
        self.ends.iter_mut().for_each(Vec::clear);
        self.depth = None;
        SPARE.with(|spare| spare.set(Some(self)));
    }

    /// Positions `from..to`, converted and checked as the whole-file reader does.
    fn converted(&self, from: usize, to: usize, crs: &SourceCrs) -> Option<Ring> {
        // Sized exactly: collecting `Option`s grows by doubling, which left a city's
        // rings a third empty (27 MB) through to the plan.
        let points = self.points.get(from..to)?;
        let mut ring = Vec::with_capacity(points.len());
        for &p in points {
            ring.push(geometry::lonlat(p, crs).ok()?);
        }
        Some(ring)
    }

    /// Ranges `start..end` of the items of the level below, for the arrays of a level
    /// from `first` to `last` (exclusive).
    fn ranges(&self, level: usize, first: usize, last: usize) -> Option<Vec<(usize, usize)>> {
        let ends = self.ends.get(level)?;
        (first..last)
            .map(|i| {
                let start = if i == 0 { 0 } else { *ends.get(i - 1)? };
                Some((start, *ends.get(i)?))
            })
            .collect()
    }

    fn rings(&self, first: usize, last: usize, crs: &SourceCrs) -> Option<PolygonRings> {
        // Rings are the arrays one level above the positions.
        self.ranges(self.depth?.checked_sub(1)?, first, last)?
            .into_iter()
            .map(|(from, to)| {
                let ring = self.converted(from, to, crs)?;
                geometry::ring_is_valid(&ring).then_some(ring)
            })
            .collect()
    }

    /// A parcel's polygons; `None` for anything `parcel_rings` would refuse.
    pub(in crate::io) fn polygons(
        &self,
        geometry_type: &str,
        crs: &SourceCrs,
    ) -> Option<Vec<PolygonRings>> {
        match (geometry_type, self.depth) {
            ("Polygon", Some(2)) => Some(vec![self.rings(0, self.ends[1].len(), crs)?]),
            ("MultiPolygon", Some(3)) => self
                .ranges(1, 0, self.ends[1].len())?
                .into_iter()
                .map(|(first, last)| self.rings(first, last, crs))
                .collect(),
            _ => None,
        }
    }

    /// A facility's position.
    pub(in crate::io) fn point(&self, crs: &SourceCrs) -> Option<[f64; 2]> {
        match (self.depth, self.points.as_slice()) {
            (Some(0), [p]) => geometry::lonlat(*p, crs).ok(),
            _ => None,
        }
    }

    /// A street's lines.
    pub(in crate::io) fn lines(&self, geometry_type: &str, crs: &SourceCrs) -> Option<Vec<Ring>> {
        let ranges = match (geometry_type, self.depth) {
            ("LineString", Some(1)) => vec![(0, self.points.len())],
            ("MultiLineString", Some(2)) => self.ranges(1, 0, self.ends[1].len())?,
            _ => return None,
        };
        ranges
            .into_iter()
            .map(|(from, to)| match to - from {
                0 | 1 => None,
                _ => self.converted(from, to, crs),
            })
            .collect()
    }
}
