//! Recovery copies: while a plan has unsaved changes the editor writes a copy to the user's
//! data folder every minute; a clean save or close removes it, so a copy that is still
//! there at the next start means the editor did not get to close cleanly, and it is
//! offered back. Copies are named after the plan file, so two plans never share one.
//!
//! Beside each copy, `NAME.recovery.history.json` holds the undo history, so Undo still
//! works after a restore. It names the copy it belongs to (length and hash of its bytes)
//! and the local frame its coordinates are in; a history that is missing, from an older
//! copy, unreadable or that does not replay on the copy is simply not used: the copy is
//! restored without history, never refused because of it.
//!
//! The folder is `STRATA_DATA_DIR` when set (tests, portable installs), else the platform
//! data folder (`~/.local/share/strata`, `%APPDATA%\strata\data`, `~/Library/Application
//! Support/org.strata.strata`).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::edit::History;
use crate::io::{
    ReadError, WriteError, create_folder, plan_to_string, read_plan, write_atomically,
};
use crate::model::{LocalFrame, Plan};

/// Where recovery copies live.
pub fn recovery_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("STRATA_DATA_DIR") {
        return Some(PathBuf::from(dir).join("recovery"));
    }
    directories::ProjectDirs::from("org", "strata", "strata")
        .map(|dirs| dirs.data_local_dir().join("recovery"))
}

/// The recovery copy of a plan file (`None`: a plan not saved yet).
pub fn recovery_path(dir: &Path, plan_file: Option<&Path>) -> PathBuf {
    let name = match plan_file {
        Some(path) => {
            let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            // A stable hash (FNV-1a) of the full path: the std hasher may change between
            // Rust releases, and a copy must be found again after an upgrade.
            let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
            full.hash(&mut hasher);
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            format!("{stem}-{:016x}.recovery.geojson", hasher.finish())
        }
        None => "untitled.recovery.geojson".to_owned(),
    };
    dir.join(name)
}

struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// Writes the recovery copy of a plan (atomically, like a save), and its undo history
/// beside it when one is given.
pub fn write_recovery(
    dir: &Path,
    plan_file: Option<&Path>,
    plan: &Plan,
    history: Option<&History>,
) -> Result<PathBuf, WriteError> {
    let path = recovery_path(dir, plan_file);
    create_folder(dir)?;
    let text = plan_to_string(plan)?;
    write_atomically(&path, text.as_bytes())?;
    let sidecar = history_path(&path);
    let record = history.map(|history| HistoryRecord {
        format: HISTORY_FORMAT,
        copy: Fingerprint::of(text.as_bytes()),
        frame: [plan.frame.lon0, plan.frame.lat0],
        history: history.clone(),
    });
    // A history that cannot be written (a non-finite number in an old value) is left
    // out: the copy itself is what matters. The stale file is removed, although its
    // fingerprint would keep it from being used anyway.
    match record.and_then(|r| serde_json::to_vec(&r).ok()) {
        Some(bytes) => write_atomically(&sidecar, &bytes)?,
        None => {
            let _ = std::fs::remove_file(&sidecar);
        }
    }
    Ok(path)
}

/// Where the undo history of a recovery copy is kept.
pub fn history_path(copy: &Path) -> PathBuf {
    copy.with_extension("history.json")
}

/// Version of the history file; another version is not read (no history, not an error).
const HISTORY_FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct HistoryRecord {
    format: u32,
    copy: Fingerprint,
    /// The local frame of the coordinates in the history (the copy, read back, may be
    /// centred elsewhere when edits moved the plan's extent).
    frame: [f64; 2],
    history: History,
}

/// Which copy a history belongs to: its length and FNV-1a hash.
#[derive(Serialize, Deserialize, PartialEq)]
struct Fingerprint {
    bytes: u64,
    fnv: String,
}

impl Fingerprint {
    fn of(bytes: &[u8]) -> Self {
        let mut hasher = Fnv(0xcbf2_9ce4_8422_2325);
        hasher.write(bytes);
        Self {
            bytes: bytes.len() as u64,
            fnv: format!("{:016x}", hasher.finish()),
        }
    }
}

/// A restored plan and, when its history could be used, the history.
#[derive(Debug)]
pub struct Restored {
    pub plan: Plan,
    pub history: Option<History>,
}

/// Reads a recovery copy and its undo history.
pub fn restore(copy: &Path) -> Result<Restored, ReadError> {
    let bytes = std::fs::read(copy).map_err(|source| ReadError::Io {
        path: copy.display().to_string(),
        source,
    })?;
    let mut plan = read_plan(&bytes, &Default::default())?.plan;
    let history = std::fs::read(history_path(copy))
        .ok()
        .and_then(|sidecar| usable_history(&sidecar, &bytes, &mut plan));
    Ok(Restored { plan, history })
}

/// The history in `sidecar` if it belongs to the copy `bytes` and replays on `plan`;
/// the plan is moved to the history's frame when they differ.
fn usable_history(sidecar: &[u8], bytes: &[u8], plan: &mut Plan) -> Option<History> {
    let record: HistoryRecord = serde_json::from_slice(sidecar).ok()?;
    if record.format != HISTORY_FORMAT || record.copy != Fingerprint::of(bytes) {
        return None;
    }
    let frame = LocalFrame::new(record.frame[0], record.frame[1]);
    let mut moved = plan.clone();
    if frame != plan.frame {
        reframe(&mut moved, frame)?;
    }
    // Undo everything and redo it on a scratch copy: a history that does not fit the plan
    // would fail on the user's first Undo, so it is dropped now instead.
    let mut scratch = moved.clone();
    let mut replay = record.history.clone();
    while let Some(step) = replay.undo(&mut scratch) {
        step.ok()?;
    }
    while let Some(step) = replay.redo(&mut scratch) {
        step.ok()?;
    }
    *plan = moved;
    Some(record.history)
}

/// Expresses a plan's geometry in another local frame.
fn reframe(plan: &mut Plan, frame: LocalFrame) -> Option<()> {
    use geo::MapCoordsInPlace;
    let (from, to) = (plan.frame.projector().ok()?, frame.projector().ok()?);
    let convert = |c: geo::Coord<f64>| -> Result<geo::Coord<f64>, ()> {
        let [lon, lat] = from.to_lonlat(c.x, c.y).map_err(|_| ())?;
        let [x, y] = to.to_local(lon, lat).map_err(|_| ())?;
        Ok(geo::Coord { x, y })
    };
    for parcel in &mut plan.parcels {
        parcel.shape.try_map_coords_in_place(convert).ok()?;
        for stratum in &mut parcel.strata {
            if let Some(footprint) = &mut stratum.footprint {
                footprint.try_map_coords_in_place(convert).ok()?;
            }
        }
    }
    for facility in &mut plan.facilities {
        facility.position.try_map_coords_in_place(convert).ok()?;
    }
    for street in &mut plan.streets {
        street.line.try_map_coords_in_place(convert).ok()?;
    }
    plan.frame = frame;
    Some(())
}

/// A recovery copy left by a session that did not close cleanly.
#[derive(Clone, Debug, PartialEq)]
pub struct Leftover {
    pub path: PathBuf,
    pub written: SystemTime,
}

/// The recovery copy of a plan file, if there is one newer than the file itself.
pub fn find_recovery(dir: &Path, plan_file: Option<&Path>) -> Option<Leftover> {
    let path = recovery_path(dir, plan_file);
    let written = std::fs::metadata(&path).and_then(|m| m.modified()).ok()?;
    let plan_written = plan_file.and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
    if plan_written.is_some_and(|saved| saved > written) {
        // The plan was saved after the copy (by another program, or a save whose clean-up
        // failed): the copy is stale.
        return None;
    }
    Some(Leftover { path, written })
}

/// Removes the recovery copy of a plan file (after a save or a clean close).
pub fn discard_recovery(dir: &Path, plan_file: Option<&Path>) {
    let copy = recovery_path(dir, plan_file);
    let _ = std::fs::remove_file(history_path(&copy));
    let _ = std::fs::remove_file(copy);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_is_found_for_its_plan_only_and_gone_after_discard() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan_file = dir.path().join("a.geojson");
        let other = dir.path().join("b.geojson");
        std::fs::write(&plan_file, "{}").expect("write");
        std::fs::write(&other, "{}").expect("write");
        let store = dir.path().join("store");
        let plan = crate::synth::city(3, 1, 1);
        std::thread::sleep(std::time::Duration::from_millis(20));
        let written = write_recovery(&store, Some(&plan_file), &plan, None).expect("written");
        assert!(written.starts_with(&store));
        let found = find_recovery(&store, Some(&plan_file)).expect("found");
        assert_eq!(found.path, written);
        assert!(find_recovery(&store, Some(&other)).is_none());
        let back = crate::io::load_plan(&found.path, &Default::default()).expect("readable");
        assert_eq!(back.plan.parcels.len(), plan.parcels.len());
        discard_recovery(&store, Some(&plan_file));
        assert!(find_recovery(&store, Some(&plan_file)).is_none());
    }

    #[test]
    fn a_copy_older_than_the_plan_is_stale() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan_file = dir.path().join("a.geojson");
        let store = dir.path().join("store");
        write_recovery(&store, Some(&plan_file), &crate::synth::city(2, 0, 1), None)
            .expect("written");
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&plan_file, "{}").expect("saved later");
        assert!(find_recovery(&store, Some(&plan_file)).is_none());
    }

    #[test]
    fn names_are_stable_and_differ_between_files() {
        let dir = Path::new("store");
        let a = recovery_path(dir, Some(Path::new("/nowhere/plan.geojson")));
        assert_eq!(
            a,
            recovery_path(dir, Some(Path::new("/nowhere/plan.geojson")))
        );
        assert_ne!(
            a,
            recovery_path(dir, Some(Path::new("/elsewhere/plan.geojson")))
        );
        assert!(a.to_string_lossy().contains("plan-"));
    }
}

#[cfg(test)]
mod history_tests {
    use super::*;
    use crate::edit::EditCmd;
    use crate::model::ParcelId;

    fn edited() -> (Plan, Plan, History) {
        let original = crate::synth::city(30, 2, 3);
        let mut plan = original.clone();
        let mut history = History::new();
        let rename = EditCmd::SetName {
            id: plan.parcels[0].id.clone(),
            old: plan.parcels[0].name.clone(),
            new: Some("Renamed".into()),
        };
        history.apply(&mut plan, rename).expect("rename");
        let removal = crate::edit::remove_parcel(&plan, &ParcelId::new("p-3")).expect("p-3");
        history.apply(&mut plan, removal).expect("remove");
        (original, plan, history)
    }

    #[test]
    fn the_history_comes_back_with_the_copy_and_undoes_to_the_original() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (original, plan, history) = edited();
        let copy = write_recovery(dir.path(), None, &plan, Some(&history)).expect("written");
        let restored = restore(&copy).expect("readable");
        let mut history = restored.history.expect("history kept");
        let mut back = restored.plan;
        assert_eq!(back.parcels.len(), plan.parcels.len());
        while history.undo(&mut back).is_some() {}
        assert_eq!(back.parcels.len(), original.parcels.len());
        assert_eq!(back.parcels[0].name, original.parcels[0].name);
        assert_eq!(back.parcels[2].id, original.parcels[2].id);
        discard_recovery(dir.path(), None);
        assert!(!history_path(&copy).exists() && !copy.exists());
    }

    #[test]
    fn a_stale_garbled_or_unfitting_history_is_ignored() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (_, plan, history) = edited();
        let copy = write_recovery(dir.path(), None, &plan, Some(&history)).expect("written");
        let sidecar = std::fs::read(history_path(&copy)).expect("sidecar");
        // The copy changed after the history was written (a crash between the two).
        let other = crate::synth::city(20, 1, 9);
        std::fs::write(&copy, plan_to_string(&other).expect("text")).expect("write");
        let restored = restore(&copy).expect("readable");
        assert!(restored.history.is_none());
        assert_eq!(restored.plan.parcels.len(), other.parcels.len());
        // Garbage.
        std::fs::write(history_path(&copy), b"\xff not json").expect("write");
        assert!(restore(&copy).expect("readable").history.is_none());
        // The right fingerprint but a history of another plan: it would not undo.
        write_recovery(dir.path(), None, &other, Some(&history)).expect("written");
        assert!(restore(&copy).expect("readable").history.is_none());
        // An older format.
        let mut record: serde_json::Value = serde_json::from_slice(&sidecar).expect("json");
        record["format"] = 0.into();
        write_recovery(dir.path(), None, &plan, None).expect("written");
        std::fs::write(history_path(&copy), record.to_string()).expect("write");
        assert!(restore(&copy).expect("readable").history.is_none());
    }
}
