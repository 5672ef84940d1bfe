//! Recovery copies: while a plan has unsaved changes the editor writes a copy to the user's
//! data folder every minute; a clean save or close removes it, so a copy that is still
//! there at the next start means the editor did not get to close cleanly, and it is
//! offered back. Copies are named after the plan file, so two plans never share one.
//!
//! The folder is `STRATA_DATA_DIR` when set (tests, portable installs), else the platform
//! data folder (`~/.local/share/strata`, `%APPDATA%\strata\data`, `~/Library/Application
//! Support/org.strata.strata`).

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::atomic::write_atomically;
use super::write::{WriteError, plan_to_string};
use crate::model::Plan;

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

/// Writes the recovery copy of a plan (atomically, like a save).
pub fn write_recovery(
    dir: &Path,
    plan_file: Option<&Path>,
    plan: &Plan,
) -> Result<PathBuf, WriteError> {
    let path = recovery_path(dir, plan_file);
    std::fs::create_dir_all(dir).map_err(|source| WriteError::Io {
        path: dir.display().to_string(),
        reason: super::atomic::describe(&source, dir),
        source,
    })?;
    let text = plan_to_string(plan)?;
    write_atomically(&path, text.as_bytes())?;
    Ok(path)
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
    let _ = std::fs::remove_file(recovery_path(dir, plan_file));
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
        let written = write_recovery(&store, Some(&plan_file), &plan).expect("written");
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
        write_recovery(&store, Some(&plan_file), &crate::synth::city(2, 0, 1)).expect("written");
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
