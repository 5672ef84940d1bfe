//! Files: the GeoJSON plan format (RFC 7946, WGS84 on disk, metres inside), input CRSs,
//! import of plain GeoJSON, and the flat export for QGIS attribute tables.

mod atomic;
mod crs;
mod disk_state;
pub mod export;
mod geometry;
pub mod gpkg;
pub mod import;
mod lock;
mod pretty;
mod read;
pub mod shp;
mod text;
mod write;

pub use atomic::{
    Backup, LEFTOVER_AFTER, backup_path, create_folder, remove_leftovers, write_atomic,
    write_atomically, write_files,
};
pub use crs::{SourceCrs, cgcs2000_gk3_epsg};
pub use disk_state::{Fingerprint, changed_on_disk, file_stat};
pub use import::{ImportAs, ImportOptions};
pub use lock::{HEARTBEAT_EVERY, LockOwner, PlanLock, STALE_AFTER, host_name};
pub use read::{
    Loaded, ReadError, ReadOptions, ReadProgress, load_plan, read_plan, read_plan_value,
};
#[doc(hidden)]
pub use read::{load_plan_slow, read_plan_fast, read_plan_slow, read_plan_windowed};
pub use text::{MAX_FILE_BYTES, MAX_STRING_BYTES, Unreadable, parse_json};
pub use write::{WriteError, plan_to_string, plan_to_value, save_plan};
pub mod dxf;
