//! Reading a plan file (a GeoJSON FeatureCollection, see DESIGN.md "Plan file").
//!
//! Reading is lenient per feature: a feature that cannot be modelled (bad geometry,
//! wrong property types) is reported as a problem naming its id and kept unchanged as a
//! raw feature, so a plan with one broken parcel still opens and nothing is lost on save.
//! Only a file that is not JSON or not a FeatureCollection fails as a whole.

use std::collections::HashSet;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Point, Polygon};
use rayon::prelude::*;
use serde::de::{IgnoredAny, MapAccess, SeqAccess};
use serde_json::{Map, Value};

use super::crs::SourceCrs;
use super::geometry::{self, PolygonRings, Ring, short, try_map_exact};
use super::text::{
    self, LimitedValue, MAX_FILE_BYTES, Unreadable, checked_text, json_error, too_big,
};
use crate::i18n::{Arg, Message};
use crate::model::{
    Controls, Facility, FacilityId, FeatureMeta, Holder, Parcel, ParcelId, Plan, PlanSettings,
    Problem, ProblemKind, RawFeature, Right, Scenario, Status, Stratum, StratumId, Street,
    StreetId, Use, ZRange,
};
use crate::model::{ExtentProjector, LocalFrame, ProjectionError};
use crate::msg;

mod cut;
mod fast;
mod fast_strata;
mod operation;
mod window;

pub(crate) use operation::{operation_to_value, term_to_value};

/// A file that cannot be read as a plan at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{0}")]
    Unreadable(#[from] Unreadable),
    #[error("not a GeoJSON FeatureCollection: {0}")]
    NotFeatureCollection(Message),
    #[error("unsupported CRS: {0}")]
    UnsupportedCrs(Message),
    #[error("{0}")]
    Projection(#[from] ProjectionError),
    #[error("reading was cancelled")]
    Cancelled,
}

impl ReadError {
    pub fn kind(&self) -> ProblemKind {
        match self {
            ReadError::Io { .. } | ReadError::Unreadable(_) | ReadError::Cancelled => {
                ProblemKind::Unreadable
            }
            ReadError::NotFeatureCollection(_) => ProblemKind::NotFeatureCollection,
            ReadError::UnsupportedCrs(_) => ProblemKind::UnsupportedCrs,
            ReadError::Projection(_) => ProblemKind::CoordinateOutOfRange,
        }
    }

    /// The error in the current language (`Display` is English). The reasons given by
    /// the operating system, serde_json and proj4rs stay in their own words.
    pub fn text(&self) -> String {
        self.message().text()
    }

    /// What went wrong, to be worded when shown.
    pub fn message(&self) -> Message {
        match self {
            ReadError::Io { path, source } => {
                msg!("read-err-io", path = path, reason = source.to_string())
            }
            ReadError::Unreadable(u) => u.message(),
            ReadError::NotFeatureCollection(m) => {
                msg!("read-err-not-collection", reason = m.clone())
            }
            ReadError::UnsupportedCrs(reason) => msg!("read-err-crs", reason = reason.clone()),
            ReadError::Projection(e) => geometry::projection_message(e),
            ReadError::Cancelled => msg!("read-err-cancelled"),
        }
    }

    /// `strata check` exit code: 2 for an unreadable file, 1 for a plan that is wrong.
    pub fn exit_code(&self) -> i32 {
        match self.kind() {
            ProblemKind::Unreadable => 2,
            _ => 1,
        }
    }
}

/// A plan as read, with the problems found while reading it.
#[derive(Debug)]
pub struct Loaded {
    pub plan: Plan,
    pub problems: Vec<Problem>,
}

/// Options for reading.
#[derive(Debug, Default)]
pub struct ReadOptions {
    /// CRS of the coordinates, overriding the file's `crs` member.
    pub crs: Option<SourceCrs>,
    /// Where a reader reports its progress and looks for a cancel request.
    pub progress: Option<Arc<ReadProgress>>,
}

/// Reads a plan file from disk. The file is read into memory and parsed by the fast
/// path (features in parallel, straight into the model); a file it does not handle,
/// including every file with an error, is read by [`load_plan_slow`], so messages are
/// the same. Progress and cancellation go through `options.progress`.
pub fn load_plan(path: &Path, options: &ReadOptions) -> Result<Loaded, ReadError> {
    // A GeoPackage plan (any SQLite file: the GeoPackage reader names what it is).
    if super::gpkg::is_sqlite(path) {
        return super::gpkg::load(path, options);
    }
    let progress = options.progress.clone().unwrap_or_default();
    if let Some((root, _)) = windowed(path, options, &progress) {
        return root.and_then(|root| finish(root, options));
    }
    if let Some(bytes) = whole_file(path, &progress) {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let root = fast::read_root(body, options, &progress);
        // The text is no longer needed: the plan is built without it.
        drop(bytes);
        if let Some((root, _)) = root {
            return root.and_then(|root| finish(root, options));
        }
    }
    load_plan_slow(path, options)
}

/// The fast path over the file read a window at a time; `None` for a file it hands to
/// the reader of the whole text, or for any trouble (size, I/O).
fn windowed(
    path: &Path,
    options: &ReadOptions,
    progress: &ReadProgress,
) -> Option<(Result<Root, ReadError>, usize)> {
    let (file, _) = open_within_limit(path, progress)?;
    window::read_root(file, window::WINDOW, options, progress)
}

/// The file opened and its size, unless it is over the size limit; the progress set to
/// its start.
fn open_within_limit(path: &Path, progress: &ReadProgress) -> Option<(std::fs::File, u64)> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > MAX_FILE_BYTES {
        return None;
    }
    progress.total.store(size, Ordering::Relaxed);
    progress.read.store(0, Ordering::Relaxed);
    Some((std::fs::File::open(path).ok()?, size))
}

/// The file's bytes, or `None` for any trouble (size, I/O), which the streaming reader
/// then meets again and reports in its words.
fn whole_file(path: &Path, progress: &ReadProgress) -> Option<Vec<u8>> {
    let (file, size) = open_within_limit(path, progress)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).ok()?.saturating_add(1));
    // A file growing while it is read stops at the limit, as the streaming reader does.
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() as u64 <= MAX_FILE_BYTES).then_some(bytes)
}

/// Reads a plan file from disk, streaming: features are read one at a time as the file
/// is parsed, so memory holds the plan and not the whole JSON tree. The reader of every
/// file the fast path of [`load_plan`] hands over, and the reference it is tested
/// against.
pub fn load_plan_slow(path: &Path, options: &ReadOptions) -> Result<Loaded, ReadError> {
    let io_error = |source| ReadError::Io {
        path: path.display().to_string(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(too_big(size).into());
    }
    let progress = options.progress.clone().unwrap_or_default();
    progress.total.store(size, Ordering::Relaxed);
    let open = || -> Result<_, ReadError> {
        progress.read.store(0, Ordering::Relaxed);
        let file = std::fs::File::open(path).map_err(io_error)?;
        let mut reader = BufReader::with_capacity(
            1 << 18,
            Watched {
                inner: file,
                progress: &progress,
            },
        );
        // A UTF-8 byte order mark (Windows tools write one) is not JSON.
        if reader
            .fill_buf()
            .map_err(io_error)?
            .starts_with(b"\xEF\xBB\xBF")
        {
            reader.consume(3);
        }
        Ok(serde_json::Deserializer::from_reader(reader))
    };
    read_stream(open, options, &progress).map_err(|e| match e {
        _ if progress.cancel.load(Ordering::Relaxed) => ReadError::Cancelled,
        StreamError::Json(e) if e.is_io() => {
            if progress.read.load(Ordering::Relaxed) > MAX_FILE_BYTES {
                ReadError::Unreadable(too_big(progress.read.load(Ordering::Relaxed)))
            } else {
                io_error(e.into())
            }
        }
        StreamError::Json(e) => ReadError::Unreadable(json_error(e)),
        StreamError::Read(e) => e,
    })
}

/// Reads a plan from file bytes.
///
/// ```
/// let text = br#"{"type": "FeatureCollection", "features": [
///   {"type": "Feature", "id": "p-1", "properties": {"kind": "parcel"},
///    "geometry": {"type": "Polygon", "coordinates":
///      [[[120.0, 30.0], [120.001, 30.0], [120.001, 30.001], [120.0, 30.0]]]}}]}"#;
/// let loaded = strata::io::read_plan(text, &Default::default()).unwrap();
/// assert_eq!(loaded.plan.parcels.len(), 1);
/// assert!(loaded.problems.is_empty());
/// ```
pub fn read_plan(bytes: &[u8], options: &ReadOptions) -> Result<Loaded, ReadError> {
    match read_plan_fast(bytes, options) {
        Some((loaded, _)) => loaded,
        None => read_plan_slow(bytes, options),
    }
}

/// The fast path of [`read_plan`] alone: `None` for a file it hands to the whole-file
/// reader, else the result and how many features it modelled directly (the others were
/// read by the whole-file reader's code). For the tests that compare the two.
#[doc(hidden)]
pub fn read_plan_fast(
    bytes: &[u8],
    options: &ReadOptions,
) -> Option<(Result<Loaded, ReadError>, usize)> {
    let text = checked_text(bytes).ok()?;
    let progress = options.progress.clone().unwrap_or_default();
    let (root, modelled) = fast::read_root(text.as_bytes(), options, &progress)?;
    Some((root.and_then(|root| finish(root, options)), modelled))
}

/// The fast path over `bytes` read a window of `window` bytes at a time, as
/// [`load_plan`] reads a file: `None` for a file it hands to the reader of the whole
/// text, else the result and how many features it modelled directly. For the tests that
/// compare it with the other readers.
#[doc(hidden)]
pub fn read_plan_windowed(
    bytes: &[u8],
    window: usize,
    options: &ReadOptions,
) -> Option<(Result<Loaded, ReadError>, usize)> {
    let progress = options.progress.clone().unwrap_or_default();
    let (root, modelled) = window::read_root(bytes, window, options, &progress)?;
    Some((root.and_then(|root| finish(root, options)), modelled))
}

/// Reads a plan from file bytes with the whole-file reader (streaming features through
/// serde_json values): the reader of every file [`read_plan`]'s fast path hands over.
pub fn read_plan_slow(bytes: &[u8], options: &ReadOptions) -> Result<Loaded, ReadError> {
    let text = checked_text(bytes)?;
    let progress = options.progress.clone().unwrap_or_default();
    let open = || Ok(serde_json::Deserializer::from_str(text));
    read_stream(open, options, &progress).map_err(|e| match e {
        _ if progress.cancel.load(Ordering::Relaxed) => ReadError::Cancelled,
        StreamError::Json(e) => ReadError::Unreadable(json_error(e)),
        StreamError::Read(e) => e,
    })
}

/// Progress of a read, shared with the thread or bar that shows it, and its cancel
/// switch.
#[derive(Debug, Default)]
pub struct ReadProgress {
    /// Bytes of the file parsed so far.
    pub read: AtomicU64,
    /// Size of the file in bytes (0 when unknown).
    pub total: AtomicU64,
    /// Set to stop the read: it then fails with [`ReadError::Cancelled`].
    pub cancel: AtomicBool,
}

impl ReadProgress {
    /// The fraction read, from 0 to 1 (0 while the size is unknown).
    pub fn fraction(&self) -> f32 {
        let total = self.total.load(Ordering::Relaxed);
        if total == 0 {
            return 0.0;
        }
        (self.read.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) as f32
    }
}

/// The file under the parser: counts bytes for the progress, stops on cancel and at the
/// size limit (a file growing while it is read).
struct Watched<'a, R> {
    inner: R,
    progress: &'a ReadProgress,
}

impl<R: Read> Read for Watched<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.cancel.load(Ordering::Relaxed) {
            return Err(std::io::Error::other("cancelled"));
        }
        let n = self.inner.read(buf)?;
        let read = self.progress.read.fetch_add(n as u64, Ordering::Relaxed) + n as u64;
        if read > MAX_FILE_BYTES {
            return Err(std::io::Error::other("file over the size limit"));
        }
        Ok(n)
    }
}

enum StreamError {
    Json(serde_json::Error),
    Read(ReadError),
}

/// Parses the root object with `open`'s deserializer. A `crs` member that comes after
/// the features (legal, if unusual) and names a projected CRS means the features were
/// converted as longitude/latitude: the file is then read once more with that CRS.
fn read_stream<'de, R: serde_json::de::Read<'de>>(
    mut open: impl FnMut() -> Result<serde_json::Deserializer<R>, ReadError>,
    options: &ReadOptions,
    progress: &ReadProgress,
) -> Result<Loaded, StreamError> {
    let mut late_crs = None;
    loop {
        let mut de = open().map_err(StreamError::Read)?;
        let visitor = RootVisitor {
            crs: options.crs.as_ref().or(late_crs.as_ref()),
            progress,
        };
        let root = serde::Deserializer::deserialize_any(&mut de, visitor)
            .and_then(|root| de.end().map(|()| root))
            .map_err(StreamError::Json)?;
        let root = root.map_err(|found| {
            StreamError::Read(ReadError::NotFeatureCollection(msg!(
                "read-root-type",
                found = found
            )))
        })?;
        if options.crs.is_none()
            && late_crs.is_none()
            && let Some(Ok(crs @ SourceCrs::Projected { .. })) = root.crs_after_features
        {
            late_crs = Some(crs);
            continue;
        }
        return finish(root, options).map_err(StreamError::Read);
    }
}

/// Reads a plan from an already parsed JSON value.
pub fn read_plan_value(value: Value, options: &ReadOptions) -> Result<Loaded, ReadError> {
    let Value::Object(mut object) = value else {
        return Err(ReadError::NotFeatureCollection(msg!(
            "read-root-type",
            found = json_type(&value)
        )));
    };
    let features = object.shift_remove("features");
    let crs_member = object.shift_remove("crs");
    let member_crs = match &crs_member {
        Some(member) if !member.is_null() => SourceCrs::from_member(member).ok(),
        _ => None,
    };
    let crs = options
        .crs
        .as_ref()
        .or(member_crs.as_ref())
        .unwrap_or(&SourceCrs::Geographic);
    let mut root = Root {
        type_member: object.shift_remove("type"),
        features: features.map(|features| match features {
            Value::Array(items) => {
                let mut batch = FeatureBatch::default();
                for feature in items {
                    batch.add(feature, crs);
                }
                Ok(batch)
            }
            other => Err(json_type(&other)),
        }),
        crs: crs_member,
        crs_after_features: None,
        strata: object.shift_remove("strata"),
        members: Default::default(),
    };
    root.members = object;
    finish(root, options)
}

/// The root object's members, its features already read one by one.
struct Root {
    type_member: Option<Value>,
    /// The features, or the JSON type of a `features` member that is not an array.
    features: Option<Result<FeatureBatch, Message>>,
    crs: Option<Value>,
    /// The CRS of a `crs` member found after the features were read without it.
    crs_after_features: Option<Result<SourceCrs, Message>>,
    strata: Option<Value>,
    /// The other members, in file order.
    members: Map<String, Value>,
}

/// Features as read: the modelled ones waiting for the frame, the others kept raw, and
/// the problems of those that could not be modelled.
#[derive(Default)]
struct FeatureBatch {
    pending: Vec<Pending>,
    others: Vec<RawFeature>,
    problems: Vec<Problem>,
}

impl FeatureBatch {
    fn add(&mut self, feature: Value, crs: &SourceCrs) {
        let index = self.pending.len() + self.others.len();
        self.push(read_feature(feature, index, crs));
    }

    /// Files a feature as read: modelled, kept raw, or kept raw with its problem.
    fn push(&mut self, outcome: Result<Pending, Box<(RawFeature, Problem)>>) {
        match outcome {
            Ok(Pending::Other(raw)) => self.others.push(raw),
            Ok(p) => self.pending.push(p),
            Err(failure) => {
                let (raw, problem) = *failure;
                self.problems.push(problem);
                self.others.push(raw);
            }
        }
    }
}

/// Visits the root value; a value that is not an object gives its JSON type.
struct RootVisitor<'a> {
    /// The CRS given by the caller or found by a first read.
    crs: Option<&'a SourceCrs>,
    progress: &'a ReadProgress,
}

/// A visitor's answers to a string, boolean, number or null where an object or array
/// must be: the reader's message naming what was found, not a serde error.
macro_rules! scalars_are_answered {
    () => {
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Err(msg!("json-string")))
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Err(msg!("json-boolean")))
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Err(msg!("json-number")))
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Err(msg!("json-number")))
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Err(msg!("json-number")))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Err(msg!("json-null")))
        }
    };
}
impl<'de> serde::de::Visitor<'de> for RootVisitor<'_> {
    type Value = Result<Root, Message>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a GeoJSON FeatureCollection")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut root = Root {
            type_member: None,
            features: None,
            crs: None,
            crs_after_features: None,
            strata: None,
            members: Default::default(),
        };
        let mut member_crs: Option<SourceCrs> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "features" => {
                    let crs = self
                        .crs
                        .or(member_crs.as_ref())
                        .unwrap_or(&SourceCrs::Geographic);
                    root.features = Some(map.next_value_seed(FeaturesSeed {
                        crs,
                        progress: self.progress,
                    })?);
                }
                "crs" => {
                    let value = map.next_value_seed(LimitedValue)?;
                    let parsed = (!value.is_null()).then(|| SourceCrs::from_member(&value));
                    if root.features.is_some() {
                        root.crs_after_features = parsed;
                    } else {
                        member_crs = parsed.and_then(Result::ok);
                    }
                    root.crs = Some(value);
                }
                "type" => root.type_member = Some(map.next_value_seed(LimitedValue)?),
                "strata" => root.strata = Some(map.next_value_seed(LimitedValue)?),
                _ => {
                    text::check_length(&key)?;
                    let value = map.next_value_seed(LimitedValue)?;
                    root.members.insert(key, value);
                }
            }
        }
        Ok(Ok(root))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err(msg!("json-array")))
    }
    scalars_are_answered!();
}

/// The `features` member: each feature is parsed and modelled before the next is read.
struct FeaturesSeed<'a> {
    crs: &'a SourceCrs,
    progress: &'a ReadProgress,
}

impl<'de> serde::de::DeserializeSeed<'de> for FeaturesSeed<'_> {
    type Value = Result<FeatureBatch, Message>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for FeaturesSeed<'_> {
    type Value = Result<FeatureBatch, Message>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an array of features")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut batch = FeatureBatch::default();
        while let Some(feature) = seq.next_element_seed(LimitedValue)? {
            // Reads from memory have no file under them to stop: stop here.
            if self.progress.cancel.load(Ordering::Relaxed) {
                return Err(serde::de::Error::custom("reading was cancelled"));
            }
            batch.add(feature, self.crs);
        }
        Ok(Ok(batch))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Err(msg!("json-object")))
    }
    scalars_are_answered!();
}

/// Takes the checked members apart into a plan, in the order of the checks of the
/// whole-tree reader: root type, features, CRS, then settings and features.
fn finish(root: Root, options: &ReadOptions) -> Result<Loaded, ReadError> {
    check_root_type(root.type_member.as_ref())?;
    let batch = match root.features {
        Some(Ok(batch)) => batch,
        Some(Err(found)) => {
            return Err(ReadError::NotFeatureCollection(msg!(
                "read-features-type",
                found = found
            )));
        }
        None => {
            return Err(ReadError::NotFeatureCollection(msg!("read-no-features")));
        }
    };
    if options.crs.is_none()
        && let Some(member) = &root.crs
        && !member.is_null()
    {
        SourceCrs::from_member(member).map_err(ReadError::UnsupportedCrs)?;
    }

    let mut problems = Vec::new();
    let settings = match root.strata {
        None | Some(Value::Null) => PlanSettings::default(),
        Some(value) => read_settings(value, &mut problems),
    };
    let FeatureBatch {
        pending,
        others,
        problems: feature_problems,
    } = batch;
    problems.extend(feature_problems);

    let (frame, extent) = frame_for(&pending);
    let exact = frame.projector()?;
    let projector = ExtentProjector::new(&exact, extent[0], extent[1]);
    let mut plan = Plan::new(frame);
    plan.settings = settings;
    plan.members = root.members;
    plan.others = others;
    let mut pending = pending;
    give_fresh_ids(&mut pending);
    // Projection is most of the work left: in parallel, then filed in order, so the
    // first error is that of the first feature in the file, as when read one by one.
    let built: Vec<Result<Built, ProjectionError>> = pending
        .into_par_iter()
        .map(|feature| project(feature, &projector))
        .collect();
    file_in_order(&mut plan, built)?;
    Ok(Loaded { plan, problems })
}

/// The root's `type` must be `FeatureCollection`.
fn check_root_type(type_member: Option<&Value>) -> Result<(), ReadError> {
    match type_member.and_then(Value::as_str) {
        Some("FeatureCollection") => {}
        Some(other) => {
            return Err(ReadError::NotFeatureCollection(msg!(
                "read-root-type-member",
                found = format!("{other:?}")
            )));
        }
        None => {
            return Err(ReadError::NotFeatureCollection(msg!("read-root-no-type")));
        }
    }
    Ok(())
}

/// Files the built features into the plan in the file's order; the first projection
/// error stops it.
fn file_in_order(
    plan: &mut Plan,
    built: Vec<Result<Built, ProjectionError>>,
) -> Result<(), ProjectionError> {
    // Sized exactly: a city's parcels grown by doubling left 19 MB unused.
    let mut counts = [0usize; 3];
    for feature in built.iter().flatten() {
        match feature {
            Built::Parcel(_) => counts[0] += 1,
            Built::Facility(_) => counts[1] += 1,
            Built::Street(_) => counts[2] += 1,
            Built::Nothing => {}
        }
    }
    plan.parcels.reserve_exact(counts[0]);
    plan.facilities.reserve_exact(counts[1]);
    plan.streets.reserve_exact(counts[2]);
    for feature in built {
        match feature? {
            Built::Parcel(p) => plan.parcels.push(*p),
            Built::Facility(f) => plan.facilities.push(*f),
            Built::Street(s) => plan.streets.push(*s),
            Built::Nothing => {}
        }
    }
    Ok(())
}

/// Gives every pending feature without an id a fresh one, in file order (a fresh id
/// depends on the ids before it).
fn give_fresh_ids(pending: &mut [Pending]) {
    let without_id = |p: &Pending| !matches!(p, Pending::Other(_)) && p.id().is_none();
    // Most plans give every feature its id: no set of a city's ids to build then.
    if !pending.iter().any(without_id) {
        return;
    }
    let mut used_ids: HashSet<String> = pending
        .iter()
        .filter_map(|p| p.id().map(str::to_owned))
        .collect();
    for feature in pending {
        let (id, prefix) = match feature {
            Pending::Parcel(p) => (&mut p.id, "p-"),
            Pending::Facility(f) => (&mut f.id, "f-"),
            Pending::Street(s) => (&mut s.id, "st-"),
            Pending::Other(_) => continue,
        };
        if id.is_none() {
            *id = Some(fresh_id(prefix, &mut used_ids));
        }
    }
}

/// A feature of the model, projected into the plan's frame (boxed: the list of them is
/// the size of the plan's feature count, not of its largest feature type).
enum Built {
    Parcel(Box<Parcel>),
    Facility(Box<Facility>),
    Street(Box<Street>),
    Nothing,
}

/// Projects a pending feature (its id given) into the frame.
fn project(feature: Pending, projector: &ExtentProjector) -> Result<Built, ProjectionError> {
    Ok(match feature {
        Pending::Parcel(p) => {
            let shape = to_multipolygon(p.rings, projector)?;
            let mut strata = Vec::with_capacity(p.strata.len());
            for (stratum, footprint) in p.strata {
                let mut stratum = stratum;
                if let Some(rings) = footprint {
                    stratum.footprint = Some(to_polygon(rings, projector)?);
                }
                strata.push(stratum);
            }
            Built::Parcel(Box::new(Parcel {
                id: ParcelId(p.id.unwrap_or_default()),
                scenario: p.scenario,
                shape,
                name: p.name,
                status: p.status,
                strata,
                population: p.population,
                controls: p.controls.map(|c| *c),
                meta: p.meta,
            }))
        }
        Pending::Facility(f) => {
            let [x, y] = projector.to_local(f.at[0], f.at[1])?;
            Built::Facility(Box::new(Facility {
                id: FacilityId(f.id.unwrap_or_default()),
                scenario: f.scenario,
                position: Point::new(x, y),
                category: f.category,
                name: f.name,
                meta: f.meta,
            }))
        }
        Pending::Street(s) => {
            let lines = try_map_exact(s.lines, |l| to_linestring(l, projector))?;
            Built::Street(Box::new(Street {
                id: StreetId(s.id.unwrap_or_default()),
                scenario: s.scenario,
                line: MultiLineString::new(lines),
                walkable: s.walkable,
                name: s.name,
                meta: s.meta,
            }))
        }
        Pending::Other(_) => Built::Nothing,
    })
}

fn read_settings(value: Value, problems: &mut Vec<Problem>) -> PlanSettings {
    let mut settings = PlanSettings::default();
    let Value::Object(mut map) = value else {
        problems.push(Problem::warning(
            ProblemKind::InvalidProperty,
            None,
            msg!("read-settings-not-object", found = json_type(&value)),
        ));
        return settings;
    };
    if let Some(format) = map.shift_remove("format") {
        match format.as_u64() {
            Some(1) => {}
            _ => problems.push(Problem::warning(
                ProblemKind::InvalidProperty,
                None,
                msg!("read-format-version", found = short(&format)),
            )),
        }
    }
    if let Some(Value::String(name)) = map.shift_remove("name") {
        settings.name = Some(name);
    }
    if let Some(Value::String(id)) = map.shift_remove("classification") {
        settings.classification = id;
    }
    if let Some(Value::String(id)) = map.shift_remove("standard") {
        settings.standard = id;
    }
    settings.extra = map;
    settings
}

fn fresh_id(prefix: &str, used: &mut HashSet<String>) -> String {
    let mut n = used.len() + 1;
    loop {
        let id = format!("{prefix}{n}");
        if used.insert(id.clone()) {
            return id;
        }
        n += 1;
    }
}

/// The frame is centred on the extent of the modelled features; the extent (degrees,
/// min and max) is returned with it.
fn frame_for(pending: &[Pending]) -> (LocalFrame, [[f64; 2]; 2]) {
    let mut min = [f64::INFINITY; 2];
    let mut max = [f64::NEG_INFINITY; 2];
    let mut add = |p: &[f64; 2]| {
        for axis in 0..2 {
            min[axis] = min[axis].min(p[axis]);
            max[axis] = max[axis].max(p[axis]);
        }
    };
    for feature in pending {
        match feature {
            Pending::Parcel(p) => p.rings.iter().flatten().flatten().for_each(&mut add),
            Pending::Facility(f) => add(&f.at),
            Pending::Street(s) => s.lines.iter().flatten().for_each(&mut add),
            Pending::Other(_) => {}
        }
    }
    let frame = if min[0].is_finite() {
        LocalFrame::centred_on(min, max)
    } else {
        LocalFrame::new(0.0, 0.0)
    };
    (frame, [min, max])
}

// The conversions take the rings by value: a ring of `[f64; 2]` becomes a line of
// `Coord`s in the same allocation (same size and alignment), so reading a city does not
// allocate its coordinates twice.
fn to_coords(ring: Ring, projector: &ExtentProjector) -> Result<Vec<Coord<f64>>, ProjectionError> {
    ring.into_iter()
        .map(|p| {
            let [x, y] = projector.to_local(p[0], p[1])?;
            Ok(Coord { x, y })
        })
        .collect()
}

fn to_linestring(
    ring: Ring,
    projector: &ExtentProjector,
) -> Result<LineString<f64>, ProjectionError> {
    Ok(LineString::new(to_coords(ring, projector)?))
}

fn to_polygon(
    rings: PolygonRings,
    projector: &ExtentProjector,
) -> Result<Polygon<f64>, ProjectionError> {
    // Most polygons have no hole: their list of holes then allocates nothing.
    let mut rings = rings.into_iter();
    let exterior = match rings.next() {
        Some(r) => to_linestring(r, projector)?,
        None => LineString::new(Vec::new()),
    };
    let interiors = try_map_exact(rings, |r| to_linestring(r, projector))?;
    Ok(Polygon::new(exterior, interiors))
}

fn to_multipolygon(
    parts: Vec<PolygonRings>,
    projector: &ExtentProjector,
) -> Result<MultiPolygon<f64>, ProjectionError> {
    Ok(MultiPolygon::new(try_map_exact(parts, |p| {
        to_polygon(p, projector)
    })?))
}

// ---------------------------------------------------------------------------------------
// One feature

struct PendingParcel {
    id: Option<String>,
    scenario: Scenario,
    rings: Vec<PolygonRings>,
    name: Option<String>,
    status: Option<Status>,
    strata: Vec<(Stratum, Option<PolygonRings>)>,
    population: Option<f64>,
    // Boxed: most parcels have none, and the pending list holds every feature.
    controls: Option<Box<Controls>>,
    meta: FeatureMeta,
}

struct PendingFacility {
    id: Option<String>,
    scenario: Scenario,
    at: [f64; 2],
    category: String,
    name: Option<String>,
    meta: FeatureMeta,
}

struct PendingStreet {
    id: Option<String>,
    scenario: Scenario,
    lines: Vec<Ring>,
    walkable: bool,
    name: Option<String>,
    meta: FeatureMeta,
}

enum Pending {
    Parcel(PendingParcel),
    Facility(PendingFacility),
    Street(PendingStreet),
    Other(RawFeature),
}

impl Pending {
    fn id(&self) -> Option<&str> {
        match self {
            Pending::Parcel(p) => p.id.as_deref(),
            Pending::Facility(f) => f.id.as_deref(),
            Pending::Street(s) => s.id.as_deref(),
            Pending::Other(r) => r.id.as_deref(),
        }
    }
}

type FieldError = (ProblemKind, Message);

/// What a JSON value is ("a string", "an array"), for messages.
fn json_type(value: &Value) -> Message {
    match value {
        Value::Null => msg!("json-null"),
        Value::Bool(_) => msg!("json-boolean"),
        Value::Number(_) => msg!("json-number"),
        Value::String(_) => msg!("json-string"),
        Value::Array(_) => msg!("json-array"),
        Value::Object(_) => msg!("json-object"),
    }
}

/// A value shortened for messages, or "missing".
fn short_or_missing(value: Option<&Value>) -> Arg {
    match value {
        Some(v) => short(v).into(),
        None => msg!("json-missing").into(),
    }
}

fn feature_id(value: Option<&Value>) -> Result<(Option<String>, bool), FieldError> {
    match value {
        None | Some(Value::Null) => Ok((None, false)),
        Some(Value::String(s)) => Ok((Some(s.clone()), false)),
        Some(Value::Number(n)) => Ok((Some(n.to_string()), true)),
        Some(other) => Err((
            ProblemKind::InvalidFeature,
            msg!("read-id-type", found = json_type(other)),
        )),
    }
}

/// Reads one feature. On failure returns the feature unchanged (as a raw feature to
/// keep) and the problem.
fn read_feature(
    feature: Value,
    index: usize,
    crs: &SourceCrs,
) -> Result<Pending, Box<(RawFeature, Problem)>> {
    // The problem names the feature by id, else by its place in the file (`feature #3`,
    // the same in every language: it is what a search of the file would use).
    let label = |id: &Option<String>| {
        id.clone()
            .unwrap_or_else(|| format!("feature #{}", index + 1))
    };
    let fail = |json: Value, id: Option<String>, (kind, message): FieldError| {
        let problem = Problem::error(kind, Some(&label(&id)), message);
        Err(Box::new((RawFeature { id, json }, problem)))
    };
    let Value::Object(object) = &feature else {
        let message = msg!("read-not-feature", found = json_type(&feature));
        return fail(feature, None, (ProblemKind::InvalidFeature, message));
    };
    let (id, numeric_id) = match feature_id(object.get("id")) {
        Ok(id) => id,
        Err(e) => return fail(feature, None, e),
    };
    if object.get("type").and_then(Value::as_str) != Some("Feature") {
        let message = msg!(
            "read-feature-type",
            found = short_or_missing(object.get("type"))
        );
        return fail(feature, id, (ProblemKind::InvalidFeature, message));
    }
    if !object.contains_key("geometry") {
        let message = msg!("read-no-geometry");
        return fail(feature, id, (ProblemKind::InvalidFeature, message));
    }
    let kind = match object.get("properties") {
        None | Some(Value::Null) => None,
        Some(Value::Object(props)) => props.get("kind").and_then(Value::as_str).map(str::to_owned),
        Some(other) => {
            let message = msg!("read-properties-type", found = json_type(other));
            return fail(feature, id, (ProblemKind::InvalidFeature, message));
        }
    };
    match kind.as_deref() {
        Some("parcel" | "facility" | "street") => {}
        _ => {
            // Another kind: kept as it is, with its coordinates converted to WGS84.
            let mut json = feature;
            if let Some(geometry) = json.get_mut("geometry")
                && let Err(e) = geometry::convert_in_place(geometry, crs)
            {
                return fail(json, id, e);
            }
            return Ok(Pending::Other(RawFeature { id, json }));
        }
    }
    match model_feature(&feature, kind.as_deref(), id.clone(), numeric_id, crs) {
        Ok(pending) => Ok(pending),
        Err(e) => fail(feature, id, e),
    }
}

fn model_feature(
    feature: &Value,
    kind: Option<&str>,
    id: Option<String>,
    numeric_id: bool,
    crs: &SourceCrs,
) -> Result<Pending, FieldError> {
    // Borrow the geometry and copy only the small parts: the feature itself is kept
    // untouched in case it cannot be modelled.
    let object = feature.as_object();
    let members: Map<String, Value> = object
        .into_iter()
        .flatten()
        .filter(|(key, _)| !fast::MODELLED_MEMBERS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let null = Value::Null;
    let geometry = object.and_then(|o| o.get("geometry")).unwrap_or(&null);
    let props = match object.and_then(|o| o.get("properties")) {
        Some(Value::Object(props)) => props.clone(),
        _ => Map::new(),
    };
    let feature = FeatureParts {
        members,
        props,
        kind,
        id,
        numeric_id,
        strata: None,
    };
    model_parts(feature, GeometryIn::Json(geometry), crs)
}

/// A feature taken apart, its geometry aside: the members the program does not model,
/// the properties, and what `read_feature` found of its kind and id.
struct FeatureParts<'a> {
    members: Map<String, Value>,
    props: Map<String, Value>,
    kind: Option<&'a str>,
    id: Option<String>,
    numeric_id: bool,
    /// A parcel's strata read by the fast path (`fast_strata`); `None`: read from
    /// `props` as the whole-file reader does.
    strata: Option<Vec<fast_strata::ReadStratum>>,
}

/// A feature's geometry as parsed: a JSON value, or the fast reader's typed coordinates.
enum GeometryIn<'a> {
    Json(&'a Value),
    Parsed(&'a fast::Geometry),
}

/// A geometry's coordinates, in either form of [`GeometryIn`].
enum Coordinates<'a> {
    Json(&'a Value),
    Parsed(&'a fast::Coords),
}

impl Coordinates<'_> {
    fn rings(&self, geometry_type: &str, crs: &SourceCrs) -> Result<Vec<PolygonRings>, FieldError> {
        match self {
            Coordinates::Json(c) => parcel_rings(geometry_type, c, crs),
            Coordinates::Parsed(c) => c.polygons(geometry_type, crs).ok_or_else(fast::declined),
        }
    }

    fn point(&self, crs: &SourceCrs) -> Result<[f64; 2], FieldError> {
        match self {
            Coordinates::Json(c) => geometry::position(c, crs),
            Coordinates::Parsed(c) => c.point(crs).ok_or_else(fast::declined),
        }
    }

    fn lines(&self, geometry_type: &str, crs: &SourceCrs) -> Result<Vec<Ring>, FieldError> {
        match self {
            Coordinates::Json(c) => street_lines(geometry_type, c, crs),
            Coordinates::Parsed(c) => c.lines(geometry_type, crs).ok_or_else(fast::declined),
        }
    }
}

fn model_parts(
    feature: FeatureParts,
    geometry: GeometryIn,
    crs: &SourceCrs,
) -> Result<Pending, FieldError> {
    let FeatureParts {
        members,
        mut props,
        kind,
        id,
        numeric_id,
        strata: typed_strata,
    } = feature;
    props.shift_remove("kind");
    let scenario = feature_scenario(&mut props)?;
    let name = take_string(&mut props, "name")?;
    let null_geometry = || {
        Err((
            ProblemKind::InvalidGeometryType,
            msg!("read-null-geometry", kind = kind.unwrap_or("feature")),
        ))
    };
    let (geometry_type, coordinates) = match geometry {
        GeometryIn::Json(g) if g.is_null() => return null_geometry(),
        GeometryIn::Json(g) => {
            let (t, c) = geometry::type_and_coordinates(g)?;
            (t, Coordinates::Json(c))
        }
        GeometryIn::Parsed(fast::Geometry::Null) => return null_geometry(),
        GeometryIn::Parsed(fast::Geometry::Object { kind, coords }) => {
            (kind.as_str(), Coordinates::Parsed(coords))
        }
    };
    let head = Heading {
        id,
        scenario,
        name,
        meta: FeatureMeta {
            properties: Default::default(),
            members: members.into(),
            numeric_id,
            multi: geometry_type.starts_with("Multi"),
        },
    };
    let geometry = (geometry_type, coordinates);
    match kind {
        Some("parcel") => pending_parcel(head, props, geometry, crs, typed_strata),
        Some("facility") => pending_facility(head, props, geometry, crs),
        _ => pending_street(head, props, geometry, crs),
    }
}

/// What every kind of feature has, read before the members of its kind.
struct Heading {
    id: Option<String>,
    scenario: Scenario,
    name: Option<String>,
    meta: FeatureMeta,
}

/// A feature's meta with the properties Strata does not know (what is left of `props`).
fn with_properties(mut meta: FeatureMeta, props: Map<String, Value>) -> FeatureMeta {
    meta.properties = kept(props).into();
    meta
}

/// A feature's geometry type and coordinates.
type GeometryParts<'a> = (&'a str, Coordinates<'a>);

/// A feature's `scenario`: proposed when not given.
fn feature_scenario(props: &mut Map<String, Value>) -> Result<Scenario, FieldError> {
    match take_string(props, "scenario")? {
        None => Ok(Scenario::default()),
        Some(text) => Scenario::parse(&text).ok_or_else(|| {
            (
                ProblemKind::InvalidProperty,
                msg!("read-scenario", found = format!("{text:?}")),
            )
        }),
    }
}

fn pending_parcel(
    head: Heading,
    mut props: Map<String, Value>,
    (geometry_type, coordinates): GeometryParts,
    crs: &SourceCrs,
    typed_strata: Option<Vec<fast_strata::ReadStratum>>,
) -> Result<Pending, FieldError> {
    let rings = coordinates.rings(geometry_type, crs)?;
    let status = parcel_status(&mut props)?;
    let population = parcel_population(&mut props)?;
    let strata = match typed_strata {
        Some(strata) => strata,
        None => parcel_strata(&mut props, crs)?,
    };
    let controls = parcel_controls(&mut props);
    let meta = with_properties(head.meta, props);
    Ok(Pending::Parcel(PendingParcel {
        id: head.id,
        scenario: head.scenario,
        rings,
        name: head.name,
        status,
        strata,
        population,
        controls,
        meta,
    }))
}

fn pending_facility(
    head: Heading,
    mut props: Map<String, Value>,
    (geometry_type, coordinates): GeometryParts,
    crs: &SourceCrs,
) -> Result<Pending, FieldError> {
    if geometry_type != "Point" {
        return Err(wrong_geometry(
            msg!("frag-kind-facility"),
            geometry_type,
            msg!("read-expect-point"),
        ));
    }
    let at = coordinates.point(crs)?;
    let category = take_string(&mut props, "category")?.ok_or_else(|| {
        (
            ProblemKind::UnknownFacilityCategory,
            msg!("read-no-category"),
        )
    })?;
    let meta = with_properties(head.meta, props);
    Ok(Pending::Facility(PendingFacility {
        id: head.id,
        scenario: head.scenario,
        at,
        category,
        name: head.name,
        meta,
    }))
}

/// A street (features of other kinds are kept raw before they come here).
fn pending_street(
    head: Heading,
    mut props: Map<String, Value>,
    (geometry_type, coordinates): GeometryParts,
    crs: &SourceCrs,
) -> Result<Pending, FieldError> {
    let lines = coordinates.lines(geometry_type, crs)?;
    let walkable = match props.shift_remove("walkable") {
        None | Some(Value::Null) => true,
        Some(Value::Bool(b)) => b,
        Some(other) => {
            return Err((
                ProblemKind::InvalidProperty,
                msg!("read-walkable-type", found = json_type(&other)),
            ));
        }
    };
    let meta = with_properties(head.meta, props);
    Ok(Pending::Street(PendingStreet {
        id: head.id,
        scenario: head.scenario,
        lines,
        walkable,
        name: head.name,
        meta,
    }))
}

/// A street's lines: a LineString, or every part of a MultiLineString.
fn street_lines(
    geometry_type: &str,
    coordinates: &Value,
    crs: &SourceCrs,
) -> Result<Vec<Ring>, FieldError> {
    Ok(match geometry_type {
        "LineString" => vec![geometry::line(coordinates, crs)?],
        "MultiLineString" => {
            let parts = coordinates.as_array().ok_or_else(|| {
                (
                    ProblemKind::MalformedCoordinates,
                    msg!("read-multiline-not-array"),
                )
            })?;
            if parts.is_empty() {
                return Err((
                    ProblemKind::MalformedCoordinates,
                    msg!("read-multiline-empty"),
                ));
            }
            parts
                .iter()
                .map(|l| geometry::line(l, crs))
                .collect::<Result<_, _>>()?
        }
        other => {
            return Err(wrong_geometry(
                msg!("frag-kind-street"),
                other,
                msg!("read-expect-line"),
            ));
        }
    })
}

/// A parcel's polygons: a Polygon, or every part of a MultiPolygon.
fn parcel_rings(
    geometry_type: &str,
    coordinates: &Value,
    crs: &SourceCrs,
) -> Result<Vec<PolygonRings>, FieldError> {
    Ok(match geometry_type {
        "Polygon" => vec![geometry::polygon(coordinates, crs, &msg!("frag-polygon"))?],
        "MultiPolygon" => {
            let parts = coordinates.as_array().ok_or_else(|| {
                (
                    ProblemKind::MalformedCoordinates,
                    msg!("read-multipolygon-not-array"),
                )
            })?;
            if parts.is_empty() {
                return Err((
                    ProblemKind::MalformedCoordinates,
                    msg!("read-multipolygon-empty"),
                ));
            }
            parts
                .iter()
                .enumerate()
                .map(|(i, part)| {
                    let what = msg!("frag-part", n = (i + 1).to_string());
                    geometry::polygon(part, crs, &what)
                })
                .collect::<Result<_, _>>()?
        }
        other => {
            return Err(wrong_geometry(
                msg!("frag-kind-parcel"),
                other,
                msg!("read-expect-polygon"),
            ));
        }
    })
}

/// A parcel's `status`, when it names one.
fn parcel_status(props: &mut Map<String, Value>) -> Result<Option<Status>, FieldError> {
    Ok(match take_string(props, "status")? {
        None => None,
        Some(text) => Some(Status::parse(&text).ok_or_else(|| {
            let known: Vec<_> = Status::ALL.iter().map(|s| s.as_str()).collect();
            (
                ProblemKind::InvalidProperty,
                msg!(
                    "read-status",
                    found = format!("{text:?}"),
                    known = known.join(", ")
                ),
            )
        })?),
    })
}

/// A parcel's `population`: a number or null.
fn parcel_population(props: &mut Map<String, Value>) -> Result<Option<f64>, FieldError> {
    Ok(match props.shift_remove("population") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => n.as_f64(),
        Some(other) => {
            return Err((
                ProblemKind::InvalidProperty,
                msg!("read-population-type", found = json_type(&other)),
            ));
        }
    })
}

/// A parcel's strata with their footprints' rings.
fn parcel_strata(
    props: &mut Map<String, Value>,
    crs: &SourceCrs,
) -> Result<Vec<(Stratum, Option<PolygonRings>)>, FieldError> {
    Ok(match props.shift_remove("strata") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .enumerate()
            .map(|(i, s)| read_stratum(s, i, crs))
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err((
                ProblemKind::InvalidStrata,
                msg!("read-strata-type", found = json_type(&other)),
            ));
        }
    })
}

// Controls never make the parcel unreadable: wrong members are kept and
// reported by validation; a `controls` that is not an object stays in the
// properties as written (validation reports it too).
fn parcel_controls(props: &mut Map<String, Value>) -> Option<Box<Controls>> {
    match props.shift_remove("controls") {
        None | Some(Value::Null) => None,
        Some(Value::Object(object)) => Some(Box::new(Controls::from_json(object))),
        Some(other) => {
            props.insert("controls".to_owned(), other);
            None
        }
    }
}

/// `found` is the GeoJSON type as in the file.
fn wrong_geometry(kind: Message, found: &str, expected: Message) -> FieldError {
    (
        ProblemKind::InvalidGeometryType,
        msg!(
            "read-wrong-geometry",
            kind = kind,
            expected = expected,
            found = found
        ),
    )
}

/// A map whose known members were taken out, without the room they took: a city's
/// parcels kept 80 MB of empty property maps.
fn kept(map: Map<String, Value>) -> Map<String, Value> {
    // serde_json's map has no `shrink_to_fit`; collecting sizes the new one exactly.
    map.into_iter().collect()
}

fn take_string(map: &mut Map<String, Value>, key: &str) -> Result<Option<String>, FieldError> {
    match map.shift_remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(other) => Err((
            ProblemKind::InvalidProperty,
            msg!("read-not-string", key = key, found = json_type(&other)),
        )),
    }
}

fn take_number(
    map: &mut Map<String, Value>,
    key: &str,
    what: &Message,
) -> Result<Option<f64>, FieldError> {
    match map.shift_remove(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => Ok(n.as_f64()),
        Some(other) => Err((
            ProblemKind::InvalidProperty,
            msg!(
                "read-not-number",
                what = what.clone(),
                key = key,
                found = json_type(&other)
            ),
        )),
    }
}

/// A stratum's `floors` when the number is one: a whole number from 0 to 1000.
fn floors_of(f: f64) -> Option<u32> {
    ((0.0..=1000.0).contains(&f) && f.fract() == 0.0).then_some(f as u32)
}

fn read_stratum(
    value: Value,
    index: usize,
    crs: &SourceCrs,
) -> Result<(Stratum, Option<PolygonRings>), FieldError> {
    let Value::Object(mut map) = value else {
        return Err((
            ProblemKind::InvalidStrata,
            msg!(
                "read-stratum-type",
                n = (index + 1).to_string(),
                found = json_type(&value)
            ),
        ));
    };
    let id = stratum_id(&mut map, index)?;
    let what = msg!("frag-stratum", id = id.as_str());
    let z = stratum_z(&mut map, &what)?;
    let floors = stratum_floors(&mut map, &what)?;
    let uses = read_shares(map.shift_remove("uses"), &what, "uses", "code")?
        .into_iter()
        .map(|(code, share, extra)| Use {
            code,
            share,
            extra: extra.into(),
        })
        .collect();
    let holders = read_shares(map.shift_remove("holders"), &what, "holders", "name")?
        .into_iter()
        .map(|(name, share, extra)| Holder {
            name,
            share,
            extra: extra.into(),
        })
        .collect();
    let right = stratum_right(&mut map, &what)?;
    let term = operation::term(map.shift_remove("term"), &what)?;
    let footprint = match map.shift_remove("footprint") {
        None | Some(Value::Null) => None,
        Some(coords) => Some(geometry::polygon(
            &coords,
            crs,
            &msg!("frag-footprint", what = what.clone()),
        )?),
    };
    let facilities = stratum_facilities(&mut map, &what)?;
    let note = take_string(&mut map, "note")?;
    let unit_code = take_string(&mut map, "unit_code")?;
    let parent_unit_codes = read_strings(map.shift_remove("parent_unit_codes"), &what)?;
    let operation = match map.shift_remove("operation") {
        None | Some(Value::Null) => None,
        Some(value) => Some(Box::new(operation::read(value, &what)?)),
    };
    Ok((
        Stratum {
            id: StratumId(id),
            z,
            floors,
            uses,
            holders,
            right,
            term,
            footprint: None,
            facilities,
            note,
            unit_code,
            parent_unit_codes,
            operation,
            extra: kept(map).into(),
        },
        footprint,
    ))
}

/// A stratum's `id`: a string or number, `s1`, `s2`… in order when there is none.
fn stratum_id(map: &mut Map<String, Value>, index: usize) -> Result<String, FieldError> {
    let id = match map.shift_remove("id") {
        None | Some(Value::Null) => format!("s{}", index + 1),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => {
            return Err((
                ProblemKind::InvalidStrata,
                msg!(
                    "read-stratum-id-type",
                    n = (index + 1).to_string(),
                    found = json_type(&other)
                ),
            ));
        }
    };
    Ok(id)
}

/// A stratum's `z`: its bottom and top, required.
fn stratum_z(map: &mut Map<String, Value>, what: &Message) -> Result<ZRange, FieldError> {
    let z = match map.shift_remove("z") {
        Some(Value::Array(pair)) if pair.len() == 2 => match (pair[0].as_f64(), pair[1].as_f64()) {
            (Some(bottom), Some(top)) => ZRange::new(bottom, top),
            _ => {
                return Err((
                    ProblemKind::InvalidZ,
                    msg!(
                        "read-z-numbers",
                        what = what.clone(),
                        found = format!("{pair:?}")
                    ),
                ));
            }
        },
        Some(other) => {
            return Err((
                ProblemKind::InvalidZ,
                msg!("read-z-type", what = what.clone(), found = short(&other)),
            ));
        }
        None => {
            return Err((
                ProblemKind::InvalidZ,
                msg!("read-z-missing", what = what.clone()),
            ));
        }
    };
    Ok(z)
}

/// A stratum's `floors`: a whole number when given.
fn stratum_floors(map: &mut Map<String, Value>, what: &Message) -> Result<Option<u32>, FieldError> {
    match take_number(map, "floors", what)? {
        None => Ok(None),
        Some(f) if floors_of(f).is_some() => Ok(floors_of(f)),
        Some(f) => Err((
            ProblemKind::InvalidProperty,
            msg!("read-floors", what = what.clone(), found = f.to_string()),
        )),
    }
}

/// A stratum's `right`, one of `Right::ALL` when given.
fn stratum_right(
    map: &mut Map<String, Value>,
    what: &Message,
) -> Result<Option<Right>, FieldError> {
    let right = match take_string(map, "right")? {
        None => None,
        Some(text) => Some(Right::parse(&text).ok_or_else(|| {
            let known: Vec<_> = Right::ALL.iter().map(|r| r.as_str()).collect();
            (
                ProblemKind::InvalidProperty,
                msg!(
                    "read-right",
                    what = what.clone(),
                    found = format!("{text:?}"),
                    known = known.join(", ")
                ),
            )
        })?),
    };
    Ok(right)
}

/// The facility categories a stratum hosts: a list of strings.
fn stratum_facilities(
    map: &mut Map<String, Value>,
    what: &Message,
) -> Result<Vec<String>, FieldError> {
    let facilities = match map.shift_remove("facilities") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err((
                    ProblemKind::UnknownFacilityCategory,
                    msg!(
                        "read-facility-not-id",
                        what = what.clone(),
                        found = short(&other)
                    ),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err((
                ProblemKind::InvalidProperty,
                msg!(
                    "read-facilities-type",
                    what = what.clone(),
                    found = json_type(&other)
                ),
            ));
        }
    };
    Ok(facilities)
}

/// A list of texts (`parent_unit_codes`); a member that is not one is a problem.
fn read_strings(value: Option<Value>, what: &Message) -> Result<Vec<String>, FieldError> {
    let not_texts = |found: &Value| {
        (
            ProblemKind::InvalidProperty,
            msg!(
                "read-list-type",
                what = what.clone(),
                list = "parent_unit_codes",
                found = json_type(found)
            ),
        )
    };
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(items)) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                other => Err(not_texts(&other)),
            })
            .collect(),
        Some(other) => Err(not_texts(&other)),
    }
}

/// A use or holder entry: its code or name, share, and unknown members.
type ShareEntry = (String, f64, Map<String, Value>);

/// `uses` or `holders`: an array of `{label_key: text, share: number}`.
fn read_shares(
    value: Option<Value>,
    what: &Message,
    list: &str,
    label_key: &str,
) -> Result<Vec<ShareEntry>, FieldError> {
    let items = match value {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err((
                ProblemKind::InvalidStrata,
                msg!(
                    "read-list-type",
                    what = what.clone(),
                    list = list,
                    found = json_type(&other)
                ),
            ));
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let Value::Object(mut entry) = item else {
                return Err((
                    ProblemKind::InvalidStrata,
                    msg!(
                        "read-entry-type",
                        what = what.clone(),
                        list = list,
                        n = (i + 1).to_string()
                    ),
                ));
            };
            let label = match entry.shift_remove(label_key) {
                Some(Value::String(s)) => s,
                other => {
                    let kind = if label_key == "code" {
                        ProblemKind::UnknownLandUse
                    } else {
                        ProblemKind::InvalidProperty
                    };
                    return Err((
                        kind,
                        msg!(
                            "read-entry-label",
                            what = what.clone(),
                            list = list,
                            n = (i + 1).to_string(),
                            key = label_key,
                            found = short_or_missing(other.as_ref())
                        ),
                    ));
                }
            };
            let share = match entry.shift_remove("share") {
                Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
                other => {
                    return Err((
                        ProblemKind::InvalidShare,
                        msg!(
                            "read-share-type",
                            what = what.clone(),
                            label = label.as_str(),
                            found = short_or_missing(other.as_ref())
                        ),
                    ));
                }
            };
            Ok((label, share, entry))
        })
        .collect()
}
