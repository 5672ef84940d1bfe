//! Two Strata windows on one plan: the window that opens a plan leaves a lock file
//! `.NAME.strata-lock` beside it, saying which process on which computer has it open
//! since when; a second window finds it and warns. The lock is removed when the window
//! closes (or the [`PlanLock`] is dropped).
//!
//! A crash leaves the lock behind, so a lock must be judged: its owner rewrites it every
//! minute ([`PlanLock::heartbeat`]), and a lock not rewritten for [`STALE_AFTER`] belongs
//! to a window that is gone. On Linux a lock of this computer whose process no longer
//! exists is stale at once (`/proc`; no unsafe code, no platform calls); elsewhere the
//! heartbeat alone decides, which works on every system and on shared network folders,
//! where a process id of another computer means nothing here.
//!
//! ```
//! use strata::io::PlanLock;
//! let dir = tempfile::tempdir().unwrap();
//! let plan = dir.path().join("plan.geojson");
//! let lock = PlanLock::acquire(&plan).unwrap().expect("nobody else has it");
//! assert!(PlanLock::lock_path(&plan).exists());
//! drop(lock);
//! assert!(!PlanLock::lock_path(&plan).exists());
//! ```

use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A lock not rewritten for this long belongs to a window that is gone (three missed
/// heartbeats).
pub const STALE_AFTER: Duration = Duration::from_secs(180);

/// How often the owner rewrites its lock.
pub const HEARTBEAT_EVERY: Duration = Duration::from_secs(60);

/// What a lock file says about the window holding the plan.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LockOwner {
    pub pid: u32,
    pub host: String,
    /// When the owner took the lock, seconds since 1970.
    pub since: u64,
    /// The owner's last heartbeat, seconds since 1970.
    pub beat: u64,
    /// Tells this lock from another one of the same process.
    pub token: String,
}

impl LockOwner {
    fn new() -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let now = unix_now();
        let pid = std::process::id();
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        Self {
            pid,
            host: host_name().to_owned(),
            since: now,
            beat: now,
            token: format!("{pid}-{}-{n}", process_started()),
        }
    }

    /// Whether this is a lock of this very process (another editor of the same window,
    /// e.g. the one being replaced by a newly opened plan): never a reason to warn.
    pub fn is_this_process(&self) -> bool {
        self.pid == std::process::id() && self.host == host_name()
    }
}

/// The lock of one plan, held while a window has it open; released on drop.
#[derive(Debug)]
pub struct PlanLock {
    file: PathBuf,
    owner: LockOwner,
}

impl PlanLock {
    /// Where the lock of `plan` is: `plans/a.geojson` → `plans/.a.geojson.strata-lock`.
    pub fn lock_path(plan: &Path) -> PathBuf {
        let name = plan
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "plan".into());
        plan.with_file_name(format!(".{name}.strata-lock"))
    }

    /// Takes the lock of `plan`, or says who has it: `Ok(Err(owner))` when another
    /// window that is alive holds it. A stale lock (see the module doc) is taken over.
    pub fn acquire(plan: &Path) -> std::io::Result<Result<PlanLock, LockOwner>> {
        let file = Self::lock_path(plan);
        if let Some(owner) = read_owner(&file)
            && !owner.is_this_process()
            && !is_stale(&file, &owner)
        {
            return Ok(Err(owner));
        }
        Self::take_over(plan).map(Ok)
    }

    /// Takes the lock of `plan` whoever has it (the user chose to open the plan anyway).
    pub fn take_over(plan: &Path) -> std::io::Result<PlanLock> {
        let lock = PlanLock {
            file: Self::lock_path(plan),
            owner: LockOwner::new(),
        };
        lock.write()?;
        Ok(lock)
    }

    /// Who holds the lock of `plan`, if anyone does (stale or not).
    pub fn owner_of(plan: &Path) -> Option<LockOwner> {
        read_owner(&Self::lock_path(plan))
    }

    pub fn owner(&self) -> &LockOwner {
        &self.owner
    }

    /// Rewrites the lock with the time now, so other windows see this one is alive.
    /// False when the lock is no longer this window's (another took it over or removed
    /// it): then nothing is written.
    pub fn heartbeat(&mut self) -> std::io::Result<bool> {
        if !self.is_still_mine() {
            return Ok(false);
        }
        self.owner.beat = unix_now();
        self.write()?;
        Ok(true)
    }

    fn is_still_mine(&self) -> bool {
        read_owner(&self.file).is_some_and(|o| o.token == self.owner.token)
    }

    /// Written whole and renamed into place, so a reader never sees half a lock.
    fn write(&self) -> std::io::Result<()> {
        let text = serde_json::to_string(&self.owner).unwrap_or_default();
        super::write_atomically(&self.file, text.as_bytes()).map_err(std::io::Error::other)
    }
}

impl Drop for PlanLock {
    fn drop(&mut self) {
        if self.is_still_mine() {
            let _ = std::fs::remove_file(&self.file);
        }
    }
}

fn read_owner(file: &Path) -> Option<LockOwner> {
    let text = std::fs::read_to_string(file).ok()?;
    serde_json::from_str(&text).ok()
}

/// Whether the owner of the lock in `file` is gone: no heartbeat for [`STALE_AFTER`] by
/// either clock (its own, written in the lock, or the file system's, which a network
/// share keeps for all computers), or, on Linux, a process of this computer that no
/// longer exists.
fn is_stale(file: &Path, owner: &LockOwner) -> bool {
    let now = unix_now();
    let beat_old = now.saturating_sub(owner.beat) > STALE_AFTER.as_secs();
    let written_old = std::fs::metadata(file)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| SystemTime::now().duration_since(t).ok())
        .is_none_or(|age| age > STALE_AFTER);
    (beat_old && written_old) || (owner.host == host_name() && process_is_gone(owner.pid))
}

#[cfg(target_os = "linux")]
fn process_is_gone(pid: u32) -> bool {
    Path::new("/proc/self").exists() && !Path::new(&format!("/proc/{pid}")).exists()
}

/// Without `/proc` there is no safe, portable way to ask; the heartbeat decides.
#[cfg(not(target_os = "linux"))]
fn process_is_gone(_pid: u32) -> bool {
    false
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// When this process started using files (taken at first use; a token part).
pub(crate) fn process_started() -> u128 {
    static STARTED: LazyLock<u128> = LazyLock::new(|| {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos())
    });
    *STARTED
}

/// This computer's name, as well as can be told without platform calls.
pub fn host_name() -> &'static str {
    static NAME: LazyLock<String> = LazyLock::new(|| {
        let from_file = std::fs::read_to_string("/etc/hostname")
            .ok()
            .map(|s| s.trim().to_owned());
        from_file
            .filter(|s| !s.is_empty())
            .or_else(|| std::env::var("COMPUTERNAME").ok())
            .or_else(|| std::env::var("HOSTNAME").ok())
            .unwrap_or_default()
    });
    &NAME
}

#[cfg(test)]
mod tests {
    use super::*;

    fn other_window(beat_age: u64, host: &str) -> LockOwner {
        let beat = unix_now() - beat_age;
        LockOwner {
            pid: 4_000_000_000,
            host: host.into(),
            since: beat,
            beat,
            token: "other".into(),
        }
    }

    fn write_lock(plan: &Path, owner: &LockOwner, age: Duration) {
        let file = PlanLock::lock_path(plan);
        std::fs::write(&file, serde_json::to_string(owner).expect("json")).expect("write");
        std::fs::File::options()
            .write(true)
            .open(&file)
            .and_then(|f| f.set_modified(SystemTime::now() - age))
            .expect("time");
    }

    #[test]
    fn the_lock_is_beside_the_plan_and_hidden() {
        let path = PlanLock::lock_path(Path::new("/plans/a.geojson"));
        assert_eq!(path, Path::new("/plans/.a.geojson.strata-lock"));
    }

    #[test]
    fn a_second_window_sees_the_first_and_a_released_lock_is_gone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan = dir.path().join("plan.geojson");
        // Another computer's window, alive (heartbeat a few seconds ago).
        write_lock(&plan, &other_window(5, "elsewhere"), Duration::ZERO);
        let owner = PlanLock::acquire(&plan)
            .expect("io")
            .expect_err("held by the other window");
        assert_eq!(owner.host, "elsewhere");
        assert_eq!(
            PlanLock::owner_of(&plan).expect("still there").token,
            "other"
        );
        // The user opens it anyway: the lock is now this window's, and dropping it
        // removes it.
        let lock = PlanLock::take_over(&plan).expect("taken");
        assert!(lock.owner().is_this_process());
        drop(lock);
        assert!(PlanLock::owner_of(&plan).is_none());
        assert!(!PlanLock::lock_path(&plan).exists());
    }

    #[test]
    fn a_lock_without_heartbeat_is_stale_and_taken_over() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan = dir.path().join("plan.geojson");
        write_lock(
            &plan,
            &other_window(600, "elsewhere"),
            Duration::from_secs(600),
        );
        let lock = PlanLock::acquire(&plan)
            .expect("io")
            .expect("stale lock taken");
        assert_eq!(
            PlanLock::owner_of(&plan).expect("lock").token,
            lock.owner().token
        );
        // Only one clock old: a network share whose clock differs is still alive.
        write_lock(&plan, &other_window(600, "elsewhere"), Duration::ZERO);
        assert!(PlanLock::acquire(&plan).expect("io").is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_lock_of_a_dead_process_of_this_computer_is_stale_at_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan = dir.path().join("plan.geojson");
        write_lock(&plan, &other_window(1, host_name()), Duration::ZERO);
        assert!(PlanLock::acquire(&plan).expect("io").is_ok());
    }

    #[test]
    fn heartbeats_renew_the_lock_and_a_taken_over_lock_is_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan = dir.path().join("plan.geojson");
        let mut lock = PlanLock::acquire(&plan).expect("io").expect("free");
        lock.owner.beat -= 1000;
        assert!(lock.heartbeat().expect("io"));
        let beat = PlanLock::owner_of(&plan).expect("lock").beat;
        assert!(beat + 5 >= unix_now(), "heartbeat written");
        // Another window takes it over: the heartbeat and the drop leave its lock alone.
        write_lock(&plan, &other_window(0, "elsewhere"), Duration::ZERO);
        assert!(!lock.heartbeat().expect("io"));
        drop(lock);
        assert_eq!(PlanLock::owner_of(&plan).expect("kept").token, "other");
    }

    #[test]
    fn a_lock_of_this_process_is_no_reason_to_warn() {
        let dir = tempfile::tempdir().expect("temp dir");
        let plan = dir.path().join("plan.geojson");
        let first = PlanLock::acquire(&plan).expect("io").expect("free");
        let second = PlanLock::acquire(&plan).expect("io").expect("same process");
        drop(first);
        assert!(PlanLock::lock_path(&plan).exists(), "the newer lock stays");
        drop(second);
        assert!(!PlanLock::lock_path(&plan).exists());
    }
}
