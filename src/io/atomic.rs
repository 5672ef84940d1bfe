//! The one way Strata writes a file: plans, recovery copies, exports, PNGs, reports and
//! rasters all go through [`write_atomic`], so a crash, a full disk or a read-only folder
//! never leaves a half-written file where a good one was.
//!
//! The steps: write to a temporary file in the target's folder (a rename is only atomic
//! within one file system), flush and fsync it, optionally keep the previous version as
//! `NAME.bak`, rename the temporary file over the target, then fsync the folder so the
//! rename itself survives a power cut (Unix; Windows has no portable way to sync a
//! directory, and its `MoveFileEx` rename is the best it offers). A reader sees either
//! the old file or the new one, never a mixture; on any error the temporary file is
//! removed and the target is untouched.
//!
//! A crash (or a power cut) between the first step and the rename leaves the temporary
//! file behind; the next successful write of the same target removes such leftovers
//! ([`remove_leftovers`]): only names of this module's own pattern for that target,
//! and only when nothing has written to them for a while, so a save running in another
//! window, or on another computer sharing the folder, is never disturbed.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::write::WriteError;
use crate::i18n::Message;

/// Whether the previous version of the target is kept beside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backup {
    /// Nothing is kept (exports, images, recovery copies: they can be made again).
    None,
    /// The previous version is kept as `NAME.bak` (plans: weeks of work).
    Keep,
}

/// Where the previous version of `path` is kept: `plan.geojson` → `plan.geojson.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

/// Writes `path` atomically with bytes produced by `write`.
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("notes.txt");
/// strata::io::write_atomic(&path, strata::io::Backup::Keep, |w| w.write_all(b"one")).unwrap();
/// strata::io::write_atomic(&path, strata::io::Backup::Keep, |w| w.write_all(b"two")).unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"two");
/// assert_eq!(std::fs::read(strata::io::backup_path(&path)).unwrap(), b"one");
/// ```
pub fn write_atomic(
    path: &Path,
    backup: Backup,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io_error = |source: std::io::Error| WriteError::Io {
        path: path.display().to_string(),
        reason: describe(&source, &folder),
        source,
    };
    if path.is_dir() {
        // The reason names the folder in the language shown, not the one current now.
        let said = crate::msg!("io-err-it-is-folder");
        return Err(WriteError::Io {
            path: path.display().to_string(),
            reason: crate::msg!(
                "io-err-is-folder",
                folder = folder.display().to_string(),
                error = said.clone()
            ),
            // The source stands for the system's words (shown after the reason in an
            // error chain), worded now as the system's are.
            source: std::io::Error::new(std::io::ErrorKind::IsADirectory, said.text()),
        });
    }
    let temp = temp_path(&folder, path, "tmp");
    let result = write_temp(&temp, write)
        .and_then(|()| match backup {
            Backup::Keep if path.is_file() => keep_backup(&folder, path),
            _ => Ok(()),
        })
        .and_then(|()| std::fs::rename(&temp, path));
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(io_error(e));
    }
    sync_folder(&folder);
    remove_leftovers(&folder, path);
    Ok(())
}

/// Writes bytes to `path` atomically (no backup kept).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic(path, Backup::None, |w| w.write_all(bytes))
}

/// A temporary name beside the target, unique within this process too (the autosave
/// thread and a save may write at the same time). Hidden, so that a file left by a crash
/// does not clutter the folder listing.
fn temp_path(folder: &Path, path: &Path, what: &str) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    folder.join(format!(".{name}.{}-{n}.{what}", std::process::id()))
}

/// A temporary file untouched for this long is a crash's leftover: a running save
/// writes to its file continuously, and the longest pause (copying the backup of a big
/// plan) takes seconds. A process id alone cannot tell: on a shared folder it may be a
/// process of another computer.
pub const LEFTOVER_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes temporary files that an interrupted write of `path` left in `folder`
/// (`.NAME.PID-N.tmp` and `.NAME.PID-N.bak.tmp`) once they are older than
/// [`LEFTOVER_AFTER`]; returns how many. Nothing else is touched, and errors are ignored
/// (a leftover that cannot be removed now is tried again at the next save).
pub fn remove_leftovers(folder: &Path, path: &Path) -> usize {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().into_owned()) else {
        return 0;
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return 0;
    };
    let now = std::time::SystemTime::now();
    let mut removed = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        if !is_temp_of(&file_name.to_string_lossy(), &name) {
            continue;
        }
        let old = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| now.duration_since(t).ok())
            .is_some_and(|age| age > LEFTOVER_AFTER);
        if old && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Whether `file` is a name [`temp_path`] gives for the target `name`:
/// `.{name}.{pid}-{n}.tmp` or `.{name}.{pid}-{n}.bak.tmp`, pid and n decimal numbers.
fn is_temp_of(file: &str, name: &str) -> bool {
    let Some(rest) = file
        .strip_prefix('.')
        .and_then(|f| f.strip_prefix(name))
        .and_then(|f| f.strip_prefix('.'))
    else {
        return false;
    };
    let Some(numbers) = rest
        .strip_suffix(".bak.tmp")
        .or_else(|| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    numbers
        .split_once('-')
        .is_some_and(|(pid, n)| digits(pid) && digits(n))
}

fn write_temp(
    temp: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    let mut out = BufWriter::with_capacity(1 << 16, file);
    write(&mut out)?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    // Without this the rename may reach the disk before the data does, and a power cut
    // would leave an empty or truncated file under the target's name.
    file.sync_all()
}

/// Replaces `NAME.bak` with a copy of the current target, itself atomically: a crash here
/// leaves the old backup or the new one, and the target untouched.
fn keep_backup(folder: &Path, path: &Path) -> std::io::Result<()> {
    let temp = temp_path(folder, path, "bak.tmp");
    // A copy, not a hard link: a link would change with the target if another program
    // (QGIS) edits the file in place, and some file systems have no links.
    let result = std::fs::copy(path, &temp)
        .and_then(|_| std::fs::File::open(&temp)?.sync_all())
        .and_then(|()| std::fs::rename(&temp, backup_path(path)));
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Makes the renames in `folder` durable. Errors are ignored: the new file is complete
/// and in place either way, and some file systems refuse to sync a folder.
#[cfg(unix)]
fn sync_folder(folder: &Path) {
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Windows cannot open a folder as a file without platform calls (and `unsafe_code` is
/// denied); its rename is journaled by NTFS.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) {}

/// Writes several files, each atomically, in turn (stopping at the first error); returns
/// their paths.
pub fn write_files(files: &[(PathBuf, Vec<u8>)]) -> Result<Vec<PathBuf>, WriteError> {
    for (path, bytes) in files {
        write_atomically(path, bytes)?;
    }
    Ok(files.iter().map(|(path, _)| path.clone()).collect())
}

/// Creates a folder and its parents (nothing when it exists), with the error in words a
/// planner can act on.
pub fn create_folder(dir: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(dir).map_err(|source| WriteError::Io {
        path: dir.display().to_string(),
        reason: describe(&source, dir),
        source,
    })
}

/// What went wrong, in words a planner can act on.
pub(crate) fn describe(e: &std::io::Error, folder: &Path) -> Message {
    use std::io::ErrorKind;
    let key = match e.kind() {
        ErrorKind::StorageFull => "io-err-disk-full",
        ErrorKind::QuotaExceeded => "io-err-quota",
        ErrorKind::ReadOnlyFilesystem => "io-err-read-only-disk",
        ErrorKind::PermissionDenied => "io-err-permission",
        ErrorKind::NotFound => "io-err-no-folder",
        ErrorKind::NotADirectory => "io-err-not-folder",
        ErrorKind::IsADirectory => "io-err-is-folder",
        ErrorKind::FileTooLarge => "io-err-too-large",
        _ => return crate::msg!("text-as-is", text = e.to_string()),
    };
    // The system's own message stays in brackets, in the system's language, for support.
    Message::new(key)
        .arg("folder", folder.display().to_string())
        .arg("error", e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that fail with "disk full" after `room` of them, as a full disk does.
    fn fill_then_fail(w: &mut dyn Write, room: usize) -> std::io::Result<()> {
        w.write_all(&vec![b'x'; room])?;
        w.flush()?;
        Err(std::io::Error::from(std::io::ErrorKind::StorageFull))
    }

    fn folder_entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_full_disk_leaves_the_old_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        std::fs::write(&path, "old").expect("write");
        let err = write_atomic(&path, Backup::Keep, |w| fill_then_fail(w, 100_000))
            .expect_err("disk full");
        let message = err.to_string();
        assert!(message.contains("is full"), "{message}");
        assert!(message.contains("plan.geojson"), "{message}");
        assert!(message.contains("untouched"), "{message}");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
        assert_eq!(folder_entries(dir.path()), ["plan.geojson"]);
    }

    #[test]
    fn the_previous_version_is_kept_as_bak_and_replaced_by_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        for text in ["one", "two", "three"] {
            write_atomic(&path, Backup::Keep, |w| w.write_all(text.as_bytes())).expect("saved");
        }
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "three");
        let bak = backup_path(&path);
        assert_eq!(bak, dir.path().join("plan.geojson.bak"));
        assert_eq!(std::fs::read_to_string(&bak).expect("bak"), "two");
        assert_eq!(
            folder_entries(dir.path()),
            ["plan.geojson", "plan.geojson.bak"]
        );
        // Without a backup the .bak stays as it was.
        write_atomically(&path, b"four").expect("saved");
        assert_eq!(std::fs::read_to_string(&bak).expect("bak"), "two");
    }

    #[test]
    fn a_missing_folder_or_a_file_as_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let missing = dir.path().join("nowhere").join("plan.geojson");
        let message = write_atomically(&missing, b"x")
            .expect_err("no folder")
            .to_string();
        assert!(message.contains("does not exist"), "{message}");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "x").expect("write");
        let message = write_atomically(&file.join("plan.geojson"), b"x")
            .expect_err("not a folder")
            .to_string();
        assert!(message.contains("is not a folder"), "{message}");
        let message = write_atomically(dir.path(), b"x")
            .expect_err("a folder")
            .to_string();
        assert!(message.contains("is a folder"), "{message}");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_folder_is_a_clear_error_and_the_old_file_stays() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let folder = dir.path().join("locked");
        std::fs::create_dir(&folder).expect("mkdir");
        let path = folder.join("plan.geojson");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        // Root ignores permission bits: then there is nothing to test here (the message
        // itself is checked by `messages_name_the_cause`).
        let enforced = std::fs::File::create(folder.join("probe")).is_err();
        let result = write_atomic(&path, Backup::Keep, |w| w.write_all(b"new"));
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        if enforced {
            let message = result.expect_err("read-only").to_string();
            assert!(message.contains("read-only"), "{message}");
            assert_eq!(std::fs::read_to_string(&path).expect("read"), "old");
            assert_eq!(folder_entries(&folder), ["plan.geojson"]);
        }
    }

    fn write_aged(path: &Path, age: std::time::Duration) {
        std::fs::write(path, "leftover").expect("write");
        std::fs::File::options()
            .write(true)
            .open(path)
            .and_then(|f| f.set_modified(std::time::SystemTime::now() - age))
            .expect("time");
    }

    #[test]
    fn a_save_removes_old_leftovers_of_its_target_and_nothing_else() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("plan.geojson");
        let hour = std::time::Duration::from_secs(3600);
        let leftovers = [".plan.geojson.12345-1.tmp", ".plan.geojson.12345-2.bak.tmp"];
        let kept = [
            // Another target's leftover, names that only look alike, a user's file.
            ".other.geojson.12345-1.tmp",
            ".plan.geojson.12345-1.tmp.keep",
            ".plan.geojson.abc-1.tmp",
            ".plan.geojson.12345.tmp",
            "plan.geojson.12345-1.tmp",
            ".plan.geojson.bak",
            "notes.tmp",
        ];
        for name in leftovers.iter().chain(&kept) {
            write_aged(&dir.path().join(name), hour);
        }
        // A fresh one: a save in progress in another window.
        write_aged(
            &dir.path().join(".plan.geojson.777-3.tmp"),
            std::time::Duration::from_secs(5),
        );
        write_atomic(&path, Backup::Keep, |w| w.write_all(b"plan")).expect("saved");
        let mut expected: Vec<String> = kept.iter().map(|s| s.to_string()).collect();
        expected.extend([".plan.geojson.777-3.tmp".into(), "plan.geojson".into()]);
        expected.sort();
        assert_eq!(folder_entries(dir.path()), expected);
    }

    #[test]
    fn temp_names_are_recognised_exactly() {
        let temp = temp_path(Path::new("/p"), Path::new("/p/a.geojson"), "tmp");
        let name = temp
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(is_temp_of(&name, "a.geojson"), "{name}");
        let bak = temp_path(Path::new("/p"), Path::new("/p/a.geojson"), "bak.tmp");
        let name = bak
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(is_temp_of(&name, "a.geojson"), "{name}");
        assert!(!is_temp_of(&name, "a.geo"));
        assert!(!is_temp_of(".a.geojson.-1.tmp", "a.geojson"));
        assert!(!is_temp_of(".a.geojson.1-.tmp", "a.geojson"));
    }

    #[test]
    fn messages_name_the_cause() {
        use std::io::{Error, ErrorKind};
        let folder = Path::new("/plans");
        for (kind, words) in [
            (ErrorKind::StorageFull, "disk holding /plans is full"),
            (
                ErrorKind::PermissionDenied,
                "folder /plans or the file is read-only",
            ),
            (ErrorKind::ReadOnlyFilesystem, "read-only disk"),
            (ErrorKind::NotFound, "does not exist"),
        ] {
            let text = describe(&Error::from(kind), folder);
            assert!(text.contains(words), "{kind:?}: {text}");
        }
        let err = WriteError::Io {
            path: "/plans/a.geojson".into(),
            reason: describe(&Error::from(ErrorKind::StorageFull), folder),
            source: Error::from(ErrorKind::StorageFull),
        };
        assert!(
            err.to_string()
                .starts_with("cannot write /plans/a.geojson: the disk"),
            "{err}"
        );
    }
}
