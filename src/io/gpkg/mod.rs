//! GeoPackage plans (DESIGN.md "GeoPackage plans", docs/file-format.md): the plan as
//! an OGC GeoPackage that QGIS opens directly. Tables `parcels`, `strata` (related to
//! `parcels` through the related-tables extension), `facilities`, `streets`, `settings`
//! and `other_features`; geometry in EPSG:4326 like the GeoJSON plan.
//!
//! [`load`] reads one (through [`crate::io::load_plan`], which looks at the file's first
//! bytes), [`save`] writes a new file atomically (through [`crate::io::save_plan`] for a
//! `.gpkg` path), and [`save_changes`] rewrites in place only the rows an edit changed,
//! in one SQLite transaction.

mod layer;
mod read;
mod rows;
mod rtree;
mod schema;
mod shares;
mod stacks;
mod wkb;
mod write;

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::atomic::{Backup, write_atomic};
use super::read::{Loaded, ReadError, ReadOptions};
use super::text::Unreadable;
use super::write::WriteError;
use crate::i18n::Message;
use crate::model::{Changes, LocalFrame, Plan};
use crate::msg;

pub use layer::layer_as_geojson;
pub use wkb::{Geometry, decode as decode_blob, encode as encode_blob};

/// The first 16 bytes of every SQLite 3 database.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How long a read or save waits for another program's lock before giving up.
const BUSY_WAIT: Duration = Duration::from_millis(1500);

/// Whether the file starts like a SQLite database (a GeoPackage or another one).
pub fn is_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == SQLITE_MAGIC)
}

/// Whether a path names a GeoPackage by its extension (`.gpkg`, any case).
pub fn is_gpkg_path(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gpkg"))
}

fn unreadable(message: Message) -> ReadError {
    ReadError::Unreadable(Unreadable {
        message,
        line: None,
        column: None,
    })
}

fn is_locked(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    )
}

/// A SQLite error while reading `path`, in words: locked, or damaged.
fn read_failure(path: &Path, e: &rusqlite::Error) -> ReadError {
    let path = path.display().to_string();
    if is_locked(e) {
        unreadable(msg!("gpkg-err-locked", path = path))
    } else {
        unreadable(msg!(
            "gpkg-err-damaged",
            path = path,
            reason = e.to_string()
        ))
    }
}

/// Opens an existing database (never creates one). Read-write so that SQLite can roll
/// back the journal a killed save left; it falls back to read-only by itself when the
/// file is write-protected.
fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_WAIT)?;
    // A save's row changes fire the spatial index's triggers, which call these.
    rtree::register_functions(&conn)?;
    Ok(conn)
}

/// Checks that `conn` holds a Strata plan; the error says what the file is instead.
fn check_plan(path: &Path, conn: &Connection) -> Result<(), ReadError> {
    let shown = path.display().to_string();
    match schema::kind(conn).map_err(|e| read_failure(path, &e))? {
        schema::Kind::Plan => Ok(()),
        schema::Kind::NotGeoPackage => {
            Err(unreadable(msg!("gpkg-err-not-geopackage", path = shown)))
        }
        schema::Kind::OtherGeoPackage(layers) => Err(unreadable(msg!(
            "gpkg-err-not-plan",
            path = shown,
            layers = layers.join(", ")
        ))),
    }
}

/// Reads a Strata GeoPackage. `options.crs` does not apply (the file names its SRS);
/// `options.progress` sees the rows read and may cancel between stages.
pub fn load(path: &Path, options: &ReadOptions) -> Result<Loaded, ReadError> {
    let cancelled = || {
        options
            .progress
            .as_ref()
            .is_some_and(|p| p.cancel.load(std::sync::atomic::Ordering::Relaxed))
    };
    if !path.exists() {
        return Err(ReadError::Io {
            path: path.display().to_string(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
    }
    let conn = open(path).map_err(|e| read_failure(path, &e))?;
    // Memory-mapped reads: the blobs are copied once instead of through the page cache.
    let _ = conn.execute_batch("PRAGMA mmap_size = 1073741824;");
    check_plan(path, &conn)?;
    let mut plan = Plan::new(LocalFrame::new(0.0, 0.0));
    let mut problems = Vec::new();
    // One read transaction on `conn` for the whole read: its shared lock keeps a save
    // by another program from committing while the rows are read on other connections.
    let source = rows::Source { conn: &conn, path };
    crate::timings::stage("gpkg: read", || {
        conn.execute_batch("BEGIN")?;
        let frame = match read::read_settings(&conn, &mut plan, &mut problems)? {
            Some(frame) => frame,
            None => crate::timings::stage("frame", || read::frame_for(&source))?,
        };
        if cancelled() {
            return Ok(());
        }
        read::read_features(&source, frame, &mut plan, &mut problems)
    })
    .map_err(|e: rusqlite::Error| read_failure(path, &e))?;
    let _ = conn.execute_batch("COMMIT");
    drop(conn);
    if cancelled() {
        return Err(ReadError::Cancelled);
    }
    if let Some(progress) = &options.progress {
        use std::sync::atomic::Ordering::Relaxed;
        progress.total.store(1, Relaxed);
        progress.read.store(1, Relaxed);
    }
    Ok(Loaded { plan, problems })
}

fn write_failure(path: &Path, e: write::Fail) -> WriteError {
    match e {
        write::Fail::NotFinite(feature) => WriteError::InvalidGeometry {
            feature,
            reason: msg!("io-err-not-finite"),
        },
        write::Fail::Sql(e) => {
            let reason = if is_locked(&e) {
                msg!("gpkg-err-locked", path = path.display().to_string())
            } else {
                msg!("text-as-is", text = e.to_string())
            };
            WriteError::Io {
                path: path.display().to_string(),
                reason,
                source: std::io::Error::other(e.to_string()),
            }
        }
    }
}

/// The plan as the bytes of a new GeoPackage (built in memory).
pub fn plan_to_bytes(plan: &Plan) -> Result<Vec<u8>, WriteError> {
    let fail = |e: write::Fail| write_failure(Path::new(":memory:"), e);
    let mut conn = Connection::open_in_memory().map_err(|e| fail(e.into()))?;
    schema::create(&conn, plan.frame).map_err(|e| fail(e.into()))?;
    write::write_all(&mut conn, plan).map_err(fail)?;
    // The spatial indexes are filled once, after the rows (faster than row by row).
    let indexed = rtree::register_functions(&conn).and_then(|()| {
        schema::FEATURE_TABLES
            .iter()
            .try_for_each(|(table, column, ..)| rtree::create(&conn, table, column))
    });
    indexed.map_err(|e| fail(e.into()))?;
    let data = conn
        .serialize(rusqlite::MAIN_DB)
        .map_err(|e| fail(e.into()))?;
    Ok(data.to_vec())
}

/// Saves the whole plan as a new GeoPackage through [`write_atomic`] (the previous file
/// kept as `NAME.bak`, as for GeoJSON).
pub fn save(plan: &Plan, path: &Path) -> Result<(), WriteError> {
    let bytes = plan_to_bytes(plan).map_err(|e| match e {
        WriteError::Io { reason, source, .. } => WriteError::Io {
            path: path.display().to_string(),
            reason,
            source,
        },
        other => other,
    })?;
    write_atomic(path, Backup::Keep, |w| w.write_all(&bytes))
}

/// Saves an edited plan into the GeoPackage it was read from (or last saved to),
/// rewriting only the rows of the features `changes` lists (plus the small plan-level
/// tables, and the streets when they changed), in one transaction: a kill leaves the
/// old plan or the new one. Modified features keep their row (and `fid`); added ones
/// come after the others. No `.bak` is kept (the file is changed in place).
pub fn save_changes(plan: &Plan, path: &Path, changes: &Changes) -> Result<(), WriteError> {
    let as_read_error = |e: ReadError| WriteError::Io {
        path: path.display().to_string(),
        reason: e.message(),
        source: std::io::Error::other(e.to_string()),
    };
    let mut conn = open(path).map_err(|e| as_read_error(read_failure(path, &e)))?;
    check_plan(path, &conn).map_err(as_read_error)?;
    write::write_changes(&mut conn, plan, changes).map_err(|e| write_failure(path, e))
}
