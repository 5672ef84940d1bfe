//! How the allocator treats memory freed in bulk.
//!
//! The binary's allocator (mimalloc) keeps freed memory for a while before it returns
//! it to the system, so that memory freed and allocated again soon costs nothing: a
//! frame's scratch, a re-check's working sets. While the editor opens a city, though,
//! each stage frees hundreds of megabytes (the file's pending features, the meshes'
//! scratch, the first whole check's working sets) while the next is already
//! allocating, and held, the freed memory was a tenth of the editor's peak (0.99–1.09
//! GB with it held, 0.89–0.98 GB returned at once). So the editor has it returned at
//! once from the start of an opening to the end of its first whole check, and held
//! again for the frames that follow (returning it at once throughout made each frame
//! 2–3 ms slower).
//!
//! The library does not know the allocator: the binary registers how to switch, and
//! without a registration (tests, examples) [`return_freed_at_once`] does nothing.

use std::sync::OnceLock;

static SWITCH: OnceLock<fn(bool)> = OnceLock::new();

/// Registers how the program's allocator switches between returning freed memory at
/// once (`true`) and holding it as it does by default (`false`). Once; later calls are
/// ignored.
pub fn set_switch(switch: fn(bool)) {
    let _ = SWITCH.set(switch);
}

/// Freed memory is returned to the system at once (`true`) or held a while, the
/// allocator's default (`false`), if the program registered how.
pub fn return_freed_at_once(at_once: bool) {
    if let Some(switch) = SWITCH.get() {
        switch(at_once);
    }
}
