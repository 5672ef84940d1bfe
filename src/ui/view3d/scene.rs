//! What the 3D view built for one plan state, and how it follows the plan: after an
//! edit the prisms follow the changes (`follow.rs`: only the tiles of the changed
//! parcels are built again, their colours made again), a colour mode recolours every
//! tile without building any, and a new plan, another scenario, or an edit that moves
//! the plan's extent or changes many parcels builds everything.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::conflicts;
use super::gl;
use super::mesh::{Prisms, Tile, Triangles};
use super::{View3d, View3dContext};
use crate::model::{Changes, Plan, ProblemKind, Scenario};
use crate::render::present::strata_color::{StrataColorBy, StrataPalette};
use crate::render::style::Rgb;

/// Keys of uploads, so the GL side knows when to look for changes.
static NEXT_UPLOAD_KEY: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

fn next_key() -> u64 {
    NEXT_UPLOAD_KEY.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// What was built for one plan state.
pub(super) struct Scene {
    pub generation: u64,
    pub scenario: Scenario,
    /// Rights conflicts the check reported when the clash volumes were built.
    pub conflicts: usize,
    pub color_by: StrataColorBy,
    /// The year years left are counted from (kept while following edits, so a tile
    /// rebuilt later is coloured like the others).
    pub as_of: f64,
    /// What the holder colours depend on (their ranks), to see when all must change.
    pub holder_ranks: Vec<(String, usize)>,
    pub prisms: Prisms,
    pub colors: BTreeMap<usize, Arc<Vec<u8>>>,
    pub upload: Arc<gl::Upload>,
    pub legend: Vec<(Rgb, String)>,
    pub has_conflicts: bool,
}

/// The edits since a scene was built, merged: what the prisms must follow.
#[derive(Clone, Debug, Default)]
pub(super) struct Pending {
    /// The generation of the scene they start from, and the document's after them.
    pub from: u64,
    pub until: u64,
    /// `None`: too many to follow (a whole build).
    pub changes: Option<Changes>,
}

/// More parcels than this merged: the next update builds everything anyway.
const MAX_PENDING_PARCELS: usize = 4096;

impl Pending {
    /// Adds one edit that brought the document to `generation`.
    pub fn add(pending: &mut Option<Pending>, changes: &Changes, generation: u64) {
        match pending {
            Some(p) if p.until + 1 == generation => {
                p.until = generation;
                if let Some(c) = &mut p.changes {
                    c.merge(changes.clone());
                    if c.parcels.len() > MAX_PENDING_PARCELS {
                        p.changes = None;
                    }
                }
            }
            _ => {
                *pending = Some(Pending {
                    from: generation.saturating_sub(1),
                    until: generation,
                    changes: Some(changes.clone()),
                })
            }
        }
    }
}

/// RGBA per vertex of one tile: each stratum's vertices in its colour.
fn tile_colors(plan: &Plan, tile: &Tile, palette: &StrataPalette) -> Arc<Vec<u8>> {
    let mut colors = vec![255u8; tile.triangles.vertex_count() * 4];
    for info in &tile.strata {
        let Some(s) = plan
            .parcels
            .get(info.parcel)
            .and_then(|p| p.strata.get(info.stratum))
        else {
            continue;
        };
        let [r, g, b] = palette.color(s);
        for run in std::iter::once(&info.vertices).chain(&info.coarse_vertices) {
            let range = run.start as usize * 4..run.end as usize * 4;
            for px in colors[range].chunks_exact_mut(4) {
                px.copy_from_slice(&[r, g, b, 255]);
            }
        }
    }
    Arc::new(colors)
}

impl View3d {
    /// Builds what changed since the last frame: the tiles an edit touched (or all
    /// prisms, see the module comment), colours after a mode change, the clash volumes
    /// when the check reports other conflicts.
    pub(super) fn update_scene(&mut self, cx: &View3dContext) {
        let conflicts = cx
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::RightsConflict)
            .count();
        let pending = self.pending.take();
        let Some(mut scene) = self.scene.take().filter(|s| s.scenario == cx.scenario) else {
            self.scene = Some(build_scene(cx, self.color_by, conflicts));
            return self.frame_once();
        };
        let up_to_date = scene.generation == cx.generation;
        if up_to_date && scene.color_by == self.color_by && scene.conflicts == conflicts {
            self.scene = Some(scene);
            return;
        }
        let followed = up_to_date
            || pending
                .as_ref()
                .filter(|p| p.from == scene.generation && p.until == cx.generation)
                .and_then(|p| p.changes.as_ref())
                .is_some_and(|c| follow(&mut scene, cx, c));
        if !followed {
            self.scene = Some(build_scene(cx, self.color_by, conflicts));
            return;
        }
        if scene.color_by != self.color_by {
            scene.color_by = self.color_by;
            scene.as_of = crate::analysis::terms::current_year();
            recolor_all(&mut scene, cx);
        }
        if scene.conflicts != conflicts || !up_to_date {
            scene.conflicts = conflicts;
            refresh_conflicts(&mut scene, cx);
        }
        scene.generation = cx.generation;
        self.scene = Some(scene);
    }

    fn frame_once(&mut self) {
        if !self.framed {
            self.reset_camera();
            self.framed = true;
        }
    }
}

/// Everything built for the plan.
fn build_scene(cx: &View3dContext, color_by: StrataColorBy, conflicts: usize) -> Scene {
    let prisms = Prisms::build(cx.plan, cx.scenario);
    let ground = Arc::new(conflicts::ground(prisms.radius));
    let mut scene = Scene {
        generation: cx.generation,
        scenario: cx.scenario,
        conflicts,
        color_by,
        as_of: crate::analysis::terms::current_year(),
        holder_ranks: Vec::new(),
        prisms,
        colors: BTreeMap::new(),
        upload: Arc::new(gl::Upload {
            key: 0,
            tiles: BTreeMap::new(),
            conflicts: Arc::new(Triangles::default()),
            ground,
        }),
        legend: Vec::new(),
        has_conflicts: false,
    };
    refresh_conflicts(&mut scene, cx);
    recolor_all(&mut scene, cx);
    scene
}

fn palette<'a>(scene: &Scene, cx: &View3dContext<'a>) -> StrataPalette<'a> {
    StrataPalette::new(
        cx.plan,
        cx.scenario,
        cx.reference,
        scene.color_by,
        scene.as_of,
    )
}

/// Every tile's colours made again.
fn recolor_all(scene: &mut Scene, cx: &View3dContext) {
    let palette = palette(scene, cx);
    scene.colors = scene
        .prisms
        .tiles
        .iter()
        .map(|(&cell, tile)| (cell, tile_colors(cx.plan, tile, &palette)))
        .collect();
    scene.holder_ranks = palette.holder_ranks();
    scene.legend = palette.legend(12);
    publish(scene);
}

/// Follows the changes (false: they need a whole build); colours only the tiles
/// rebuilt unless the colours of all strata moved (holders ranked anew).
fn follow(scene: &mut Scene, cx: &View3dContext, changes: &Changes) -> bool {
    let Some(done) = scene.prisms.follow(cx.plan, cx.scenario, changes) else {
        return false;
    };
    let palette = palette(scene, cx);
    let ranks = palette.holder_ranks();
    if ranks != scene.holder_ranks {
        recolor_all(scene, cx);
        return true;
    }
    for cell in &done.cells {
        match scene.prisms.tiles.get(cell) {
            Some(tile) => {
                let colors = tile_colors(cx.plan, tile, &palette);
                scene.colors.insert(*cell, colors);
            }
            None => {
                scene.colors.remove(cell);
            }
        }
    }
    scene.legend = palette.legend(12);
    publish(scene);
    true
}

/// The clash volumes of the reported conflicts, built again.
fn refresh_conflicts(scene: &mut Scene, cx: &View3dContext) {
    let clash =
        conflicts::conflict_volumes(cx.plan, cx.scenario, cx.problems, scene.prisms.origin());
    scene.has_conflicts = !clash.indices.is_empty();
    let upload = gl::Upload {
        key: next_key(),
        tiles: scene.upload.tiles.clone(),
        conflicts: Arc::new(clash),
        ground: Arc::clone(&scene.upload.ground),
    };
    scene.upload = Arc::new(upload);
}

/// Hands the tiles and their colours to the GL side (it uploads what is new).
fn publish(scene: &mut Scene) {
    let tiles = scene
        .prisms
        .tiles
        .iter()
        .filter_map(|(cell, tile)| {
            let colors = scene.colors.get(cell)?;
            Some((*cell, (Arc::clone(&tile.triangles), Arc::clone(colors))))
        })
        .collect();
    scene.upload = Arc::new(gl::Upload {
        key: next_key(),
        tiles,
        conflicts: Arc::clone(&scene.upload.conflicts),
        ground: Arc::clone(&scene.upload.ground),
    });
}
