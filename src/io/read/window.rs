//! The fast path over a file read a window at a time.
//!
//! Holding a city's whole text while its features were parsed made the text (245 MB)
//! part of the reader's peak, beside the features already built, and every byte of it
//! was fresh memory. Here the file is read a window at a time: the features cut whole
//! from one window are parsed on every core while the next window is read and cut, and
//! a window is dropped once its features are read. Each feature is read by the same
//! code as the whole-file fast path ([`fast::read_features`]), so the plan is the same.
//!
//! Whatever this path does not handle gives `None`, and the file is read again whole by
//! the reader before it (which hands on what it does not handle in turn): a file whose
//! punctuation is wrong, a root without a plainly written `features` array, a feature
//! that is not JSON, and a `crs` member after the features (they are read in the CRS
//! known when they are met).

use std::io::Read;
use std::sync::atomic::Ordering;

use super::cut::{self, Stretch};
use super::fast::{self, Outcomes, Skeleton};
use super::{MAX_FILE_BYTES, ReadError, ReadOptions, ReadProgress, Root, SourceCrs};

/// Bytes read at a time: a window holds thousands of a city's features for the threads
/// to share, and is small beside its text.
pub(super) const WINDOW: usize = 8 << 20;

/// The file, read a window at a time.
struct Source<R> {
    reader: R,
    window: usize,
    /// Bytes read so far.
    read: u64,
    end: bool,
}

impl<R: Read> Source<R> {
    /// Appends the next window to `bytes`, or as many bytes as it holds if more (so a
    /// text read again and again until a long value ends is read in doubling steps).
    /// `None` on a read error, or past the size limit (the whole-file reader reports it).
    fn more(&mut self, bytes: &mut Vec<u8>) -> Option<()> {
        let step = self.window.max(bytes.len());
        let got = (&mut self.reader)
            .take(step as u64)
            .read_to_end(bytes)
            .ok()?;
        self.read += got as u64;
        self.end = got < step;
        (self.read <= MAX_FILE_BYTES).then_some(())
    }
}

/// A window of the features array and the elements cut whole from it.
struct Window {
    bytes: Vec<u8>,
    cut: Stretch,
}

/// Reads a plan's root from `reader` a window at a time (of `window` bytes). `None` for
/// a file the whole-file reader must see; the second value counts the features
/// modelled directly.
pub(super) fn read_root<R: Read + Send>(
    reader: R,
    window: usize,
    options: &ReadOptions,
    progress: &ReadProgress,
) -> Option<(Result<Root, ReadError>, usize)> {
    let mut source = Source {
        reader,
        window: window.max(1),
        read: 0,
        end: false,
    };
    let (mut skeleton, mut current) = head(&mut source)?;
    let member_crs = skeleton.member_crs();
    let crs = options
        .crs
        .as_ref()
        .or(member_crs.as_ref())
        .unwrap_or(&SourceCrs::Geographic);
    let mut parts: Vec<Outcomes> = Vec::new();
    let mut count = 0;
    loop {
        if progress.cancel.load(Ordering::Relaxed) {
            return Some((Err(ReadError::Cancelled), 0));
        }
        let read = |w: &Window, count| {
            let raws: Vec<&[u8]> = w.cut.elements.iter().map(|r| &w.bytes[r.clone()]).collect();
            fast::read_features(&raws, count, crs, progress)
        };
        let (outcomes, next) = match current.cut.closed {
            Some(_) => (read(&current, count), None),
            None => rayon::join(
                || read(&current, count),
                || Some(next_window(&current, &mut source)),
            ),
        };
        let Some(outcomes) = outcomes else {
            return match progress.cancel.load(Ordering::Relaxed) {
                true => Some((Err(ReadError::Cancelled), 0)),
                false => None,
            };
        };
        count += outcomes.len();
        parts.push(outcomes);
        match next {
            Some(window) => current = window?,
            None => break,
        }
    }
    tail(&mut skeleton, current, &mut source, options.crs.is_some())?;
    progress.read.fetch_max(source.read, Ordering::Relaxed);
    Some(skeleton.into_root(parts))
}

/// The root's members before its features, and the first window of the features.
fn head<R: Read>(source: &mut Source<R>) -> Option<(Skeleton<'static>, Window)> {
    let mut bytes = Vec::new();
    loop {
        source.more(&mut bytes)?;
        // A UTF-8 byte order mark (Windows tools write one) is not JSON.
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        if let Some((members, open)) = cut::members_before_features(body) {
            let mut skeleton = Skeleton::default();
            for (key, value) in members {
                skeleton.add(&fast::key_of(key)?, value)?;
            }
            let open = open + (bytes.len() - body.len());
            let cut = cut::whole_elements(&bytes, open, true, source.end)?;
            return Some((skeleton, Window { bytes, cut }));
        }
        if source.end {
            return None;
        }
    }
}

/// The window after `last`: what `last` left uncut and the next bytes, read until an
/// element is cut whole or the array ends.
fn next_window<R: Read>(last: &Window, source: &mut Source<R>) -> Option<Window> {
    let left = &last.bytes[last.cut.resume..];
    let mut bytes = Vec::with_capacity(left.len() + source.window);
    bytes.extend_from_slice(left);
    loop {
        source.more(&mut bytes)?;
        let cut = cut::whole_elements(&bytes, 0, last.cut.opening, source.end)?;
        if !cut.elements.is_empty() || cut.closed.is_some() {
            return Some(Window { bytes, cut });
        }
    }
}

/// The root's members after the features (read to the file's end) into `skeleton`.
/// `None` for a `crs` member there that the file's CRS would come from.
fn tail<R: Read>(
    skeleton: &mut Skeleton,
    last: Window,
    source: &mut Source<R>,
    crs_given: bool,
) -> Option<()> {
    let closed = last.cut.closed?;
    let mut bytes = last.bytes;
    bytes.drain(..closed);
    while !source.end {
        source.more(&mut bytes)?;
    }
    for (key, value) in cut::members_after_features(&bytes)? {
        let key = fast::key_of(key)?;
        if key == "crs" && !crs_given {
            return None;
        }
        skeleton.add(&key, value)?;
    }
    Some(())
}
