//! Noticing that a file changed on disk behind the program's back (another program, a
//! `git pull`, a second Strata window): a [`Fingerprint`] of the file is taken when the
//! plan is loaded or saved, and [`changed_on_disk`] compares the file with it.
//!
//! Size and modification time are compared first (one `stat`, cheap enough to poll every
//! second); only when they differ is the content hashed, so a file that was merely
//! touched, or rewritten with the same bytes (`git checkout` of the same version), does
//! not count as changed.
//!
//! ```
//! use strata::io::{Fingerprint, changed_on_disk};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("plan.geojson");
//! std::fs::write(&path, "one").unwrap();
//! let seen = Fingerprint::of_file(&path).unwrap();
//! assert!(!changed_on_disk(&path, &seen));
//! std::fs::write(&path, "two, longer").unwrap();
//! assert!(changed_on_disk(&path, &seen));
//! ```

use std::hash::Hasher;
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

/// What a file on disk looked like at one moment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fingerprint {
    /// There was no file (a plan not saved yet, or saved under another name).
    Absent,
    /// The file's size, modification time and a hash of its content.
    Present {
        len: u64,
        modified: Option<SystemTime>,
        hash: u64,
    },
}

impl Fingerprint {
    /// The fingerprint of `path` now; a missing file is [`Fingerprint::Absent`], any other
    /// error (a folder, no permission) is returned.
    pub fn of_file(path: &Path) -> std::io::Result<Self> {
        let meta = match std::fs::metadata(path) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::Absent),
            Err(e) => return Err(e),
        };
        Ok(Self::Present {
            len: meta.len(),
            modified: meta.modified().ok(),
            hash: content_hash(path)?,
        })
    }

    /// Whether the size and time of `meta` are the ones seen (the cheap check).
    fn same_stat(&self, meta: &std::fs::Metadata) -> bool {
        match self {
            Self::Absent => false,
            Self::Present { len, modified, .. } => {
                *len == meta.len() && modified.is_some() && *modified == meta.modified().ok()
            }
        }
    }
}

/// Size and modification time of `path`, `None` when there is no file: what a poll
/// compares from one second to the next before deciding to look closer.
pub fn file_stat(path: &Path) -> Option<(u64, Option<SystemTime>)> {
    std::fs::metadata(path)
        .ok()
        .map(|meta| (meta.len(), meta.modified().ok()))
}

/// Whether the file at `path` is no longer the one `seen` describes: it changed, was
/// removed, or appeared where there was none. A file that cannot be read counts as
/// changed (asking once too often costs a click; overwriting another's work costs more).
pub fn changed_on_disk(path: &Path, seen: &Fingerprint) -> bool {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return *seen != Fingerprint::Absent;
        }
        Err(_) => return true,
    };
    if seen.same_stat(&meta) {
        return false;
    }
    match (seen, content_hash(path)) {
        (Fingerprint::Present { len, hash, .. }, Ok(now)) => *len != meta.len() || *hash != now,
        _ => true,
    }
}

/// A hash of the file's bytes, read in blocks (plans of a big city are 100 MB and more).
/// FxHash: not for adversaries, but a fingerprint needs none, and it hashes a city's
/// 245 MB in a fraction of SipHash's 0.2 s on the way to opening it.
fn content_hash(path: &Path) -> std::io::Result<u64> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = rustc_hash::FxHasher::default();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buffer)?;
        if n == 0 {
            return Ok(hasher.finish());
        }
        hasher.write(&buffer[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_time(path: &Path, time: SystemTime) {
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(time))
            .expect("set time");
    }

    #[test]
    fn same_size_new_content_is_seen_once_the_time_moves() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        std::fs::write(&path, "abc").expect("write");
        let time = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        set_time(&path, time);
        let seen = Fingerprint::of_file(&path).expect("fingerprint");
        assert!(!changed_on_disk(&path, &seen));
        // Same size, same time (a coarse file system): only the stat matches, so the
        // cheap check decides "unchanged". A different time makes it look at the bytes.
        std::fs::write(&path, "xyz").expect("write");
        set_time(&path, time + std::time::Duration::from_secs(1));
        assert!(changed_on_disk(&path, &seen));
        // Longer content: changed by size alone.
        std::fs::write(&path, "abcd").expect("write");
        assert!(changed_on_disk(&path, &seen));
    }

    #[test]
    fn a_touched_file_with_the_same_bytes_is_not_changed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        std::fs::write(&path, "same").expect("write");
        let seen = Fingerprint::of_file(&path).expect("fingerprint");
        set_time(&path, SystemTime::now() + std::time::Duration::from_secs(5));
        assert!(!changed_on_disk(&path, &seen));
    }

    #[test]
    fn removed_or_new_files_are_changes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        let none = Fingerprint::of_file(&path).expect("fingerprint");
        assert_eq!(none, Fingerprint::Absent);
        assert!(!changed_on_disk(&path, &none));
        std::fs::write(&path, "new").expect("write");
        assert!(changed_on_disk(&path, &none), "a file appeared");
        let seen = Fingerprint::of_file(&path).expect("fingerprint");
        std::fs::remove_file(&path).expect("remove");
        assert!(changed_on_disk(&path, &seen), "the file went away");
        assert!(
            Fingerprint::of_file(dir.path()).is_err(),
            "a folder is an error"
        );
    }
}
