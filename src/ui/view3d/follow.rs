//! The prisms follow an edit: only the tiles that held a changed parcel's strata, or
//! will hold them, are built again (from the plan, like a whole build, so the result is
//! the same mesh a whole build gives); the other tiles keep their triangles and, when
//! parcels were added or removed, have their parcel indices mapped through the ids.
//! An edit that moves the plan's extent (every vertex is counted from its centre), one
//! that changes many parcels, or a plan with repeated parcel ids is left to a whole
//! build: [`Prisms::follow`] says so by returning `None`.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::mesh::{
    Grid, Member, PrismInfo, Prisms, TILES_PER_SIDE, build_tiles, members_of, parcel_bounds,
};
use crate::model::{Changes, ParcelId, Plan, Scenario};

/// Beyond this share of the grid's cells touched, a whole (parallel) build is as quick.
const MAX_SHARE_OF_CELLS: usize = 4;

/// What following an edit rebuilt.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Followed {
    /// Cells whose tile was built again (or removed, when it is now empty).
    pub cells: BTreeSet<usize>,
}

/// The parcels an edit changed, asked about once per parcel of the plan: a few ids are
/// compared one by one (no hashing of every id of a city), many through a set.
struct ChangedIds<'a> {
    few: &'a [ParcelId],
    many: Option<HashSet<&'a ParcelId>>,
}

impl<'a> ChangedIds<'a> {
    fn new(ids: &'a [ParcelId]) -> Self {
        let many = (ids.len() > 16).then(|| ids.iter().collect());
        Self { few: ids, many }
    }

    fn contains(&self, id: &ParcelId) -> bool {
        match &self.many {
            Some(set) => set.contains(id),
            None => self.few.contains(id),
        }
    }
}

impl Prisms {
    /// Brings the prisms of `scenario` up to date with `changes` (what the edits since
    /// they were built touched); `None` when only a whole build will do (see the module
    /// comment), and the prisms are then as they were.
    pub fn follow(
        &mut self,
        plan: &Plan,
        scenario: Scenario,
        changes: &Changes,
    ) -> Option<Followed> {
        let most = TILES_PER_SIDE * TILES_PER_SIDE / MAX_SHARE_OF_CELLS;
        if self.tiles.is_empty() || changes.parcels.len() > most {
            return None;
        }
        let changed = ChangedIds::new(&changes.parcels);
        // Indices, in the last build, of the parcels changed (sorted).
        let old: Vec<usize> = (0..self.ids.len())
            .filter(|&i| changed.contains(&self.ids[i]))
            .collect();
        let now: Vec<usize> = (0..plan.parcels.len())
            .filter(|&i| changed.contains(&plan.parcels[i].id))
            .collect();
        if !self.extent_kept(plan, scenario, changes, &old, &now) {
            return None;
        }
        let remap = self.remap(plan, &changed)?;
        // Where the changed parcels' strata are now, and the cells they were in.
        let fresh: Vec<Member> = now
            .iter()
            .filter(|&&i| plan.parcels[i].scenario == scenario)
            .flat_map(|&i| members_of(&self.grid, &plan.parcels[i], i))
            .collect();
        let mut cells: BTreeSet<usize> = fresh.iter().map(|m| m.tile).collect();
        let was_changed = |s: &PrismInfo| old.binary_search(&s.parcel).is_ok();
        for (&cell, tile) in &self.tiles {
            if tile.strata.iter().any(was_changed) {
                cells.insert(cell);
            }
        }
        if cells.len() > most {
            return None;
        }
        let mut members = fresh;
        for cell in &cells {
            let Some(tile) = self.tiles.get(cell) else {
                continue;
            };
            members.extend(
                tile.strata
                    .iter()
                    .filter(|s| !was_changed(s))
                    .filter_map(|s| {
                        Some(Member {
                            tile: *cell,
                            parcel: remap.new_index(s.parcel)?,
                            stratum: s.stratum,
                        })
                    }),
            );
        }
        members.sort_unstable();
        self.keep_ids(plan, scenario, &remap, &now, &cells);
        for cell in &cells {
            self.tiles.remove(cell);
        }
        self.tiles.extend(build_tiles(plan, &self.grid, &members));
        Some(Followed { cells })
    }

    /// Whether the plan's extent (the grid) is as it was. Without a facility or street
    /// changed, only the changed parcels can move it, and they cannot when they lay
    /// strictly inside it (so the unchanged features reach every edge) and lie inside
    /// it now; else the extent is computed again and compared.
    fn extent_kept(
        &self,
        plan: &Plan,
        scenario: Scenario,
        changes: &Changes,
        old: &[usize],
        now: &[usize],
    ) -> bool {
        let e = self.grid.extent;
        let strictly_inside =
            |b: &[f64; 4]| b[0] > e[0] && b[1] > e[1] && b[2] < e[2] && b[3] < e[3];
        let inside = |b: &[f64; 4]| b[0] >= e[0] && b[1] >= e[1] && b[2] <= e[2] && b[3] <= e[3];
        let quick = changes.facilities.is_empty()
            && !changes.streets
            && old
                .iter()
                .all(|&i| self.bounds[i].as_ref().is_none_or(strictly_inside))
            && now.iter().all(|&i| {
                parcel_bounds(&plan.parcels[i], scenario)
                    .as_ref()
                    .is_none_or(inside)
            });
        quick || Grid::of(plan, scenario) == Some(self.grid)
    }

    /// The ids and bounds of the plan now (see `Prisms::ids`): those of the changed
    /// parcels read again, the others kept (moved to their new index), and the parcel
    /// indices of the tiles kept (all but `rebuilt`) mapped likewise.
    fn keep_ids(
        &mut self,
        plan: &Plan,
        scenario: Scenario,
        remap: &Remap,
        now: &[usize],
        rebuilt: &BTreeSet<usize>,
    ) {
        if let Some(map) = &remap.0 {
            let mut bounds = vec![None; plan.parcels.len()];
            for (i, j) in map.iter().enumerate() {
                if let Some(j) = j {
                    bounds[*j] = self.bounds[i];
                }
            }
            self.bounds = bounds;
            self.ids = plan.parcels.iter().map(|p| p.id.clone()).collect();
            self.renumber(map, rebuilt);
        }
        for &i in now {
            self.bounds[i] = parcel_bounds(&plan.parcels[i], scenario);
        }
    }

    /// How the indices of the last build map to the plan's now: `Remap(None)` when
    /// every parcel kept its index; `None` when ids repeat (no map can be trusted) or a
    /// parcel is gone that the changes do not name.
    fn remap(&self, plan: &Plan, changed: &ChangedIds) -> Option<Remap> {
        let same = self.ids.len() == plan.parcels.len()
            && self
                .ids
                .iter()
                .zip(&plan.parcels)
                .all(|(id, p)| *id == p.id);
        if same {
            return Some(Remap(None));
        }
        let now: HashMap<&ParcelId, usize> = plan
            .parcels
            .iter()
            .enumerate()
            .map(|(i, p)| (&p.id, i))
            .collect();
        if now.len() != plan.parcels.len() {
            return None;
        }
        let map: Vec<Option<usize>> = self.ids.iter().map(|id| now.get(id).copied()).collect();
        let unnamed_gone = map
            .iter()
            .zip(&self.ids)
            .any(|(i, id)| i.is_none() && !changed.contains(id));
        (!unnamed_gone).then_some(Remap(Some(map)))
    }

    /// Maps the parcel indices of the tiles kept (all but `rebuilt`) to the plan's now.
    fn renumber(&mut self, map: &[Option<usize>], rebuilt: &BTreeSet<usize>) {
        for (cell, tile) in self.tiles.iter_mut() {
            if rebuilt.contains(cell) {
                continue;
            }
            for s in &mut tile.strata {
                // A kept tile holds no changed parcel, and a parcel gone is named in the
                // changes (`remap`), so its parcels are all still there.
                if let Some(Some(i)) = map.get(s.parcel) {
                    s.parcel = *i;
                }
            }
        }
    }
}

/// Old parcel index → new, when the order changed.
struct Remap(Option<Vec<Option<usize>>>);

impl Remap {
    fn new_index(&self, old: usize) -> Option<usize> {
        match &self.0 {
            None => Some(old),
            Some(map) => map.get(old).copied().flatten(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{EditCmd, History};
    use crate::model::{Stratum, ZRange};
    use crate::synth::{RealisticSpec, realistic_city};
    use geo::Translate;

    /// The same mesh, tile by tile: cells, triangles (vertices and indices in order),
    /// where each stratum is and the boxes.
    fn assert_same_mesh(followed: &Prisms, built: &Prisms, step: usize) {
        assert_eq!(followed.grid, built.grid, "step {step}");
        assert_eq!(followed.ids, built.ids, "step {step}");
        assert_eq!(followed.bounds, built.bounds, "step {step}");
        let cells = |p: &Prisms| p.tiles.keys().copied().collect::<Vec<_>>();
        assert_eq!(cells(followed), cells(built), "step {step}: cells");
        for (cell, a) in &followed.tiles {
            let b = &built.tiles[cell];
            assert_eq!(a.strata, b.strata, "step {step}: strata of tile {cell}");
            assert!(
                *a.triangles == *b.triangles,
                "step {step}: mesh of tile {cell}"
            );
            assert_eq!((a.min, a.max), (b.min, b.max), "step {step}: box of {cell}");
        }
    }

    /// A small deterministic generator (no dependency for one test).
    struct Lcg(u64);
    impl Lcg {
        fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    /// One random edit of the kinds the editor makes.
    fn random_edit(plan: &Plan, rng: &mut Lcg, step: usize) -> EditCmd {
        let i = rng.below(plan.parcels.len());
        let parcel = &plan.parcels[i];
        match rng.below(4) {
            0 => {
                let (dx, dy) = (rng.below(21) as f64 - 10.0, rng.below(21) as f64 - 10.0);
                EditCmd::SetGeometry {
                    id: parcel.id.clone(),
                    old: parcel.shape.clone(),
                    new: parcel.shape.translate(dx, dy),
                }
            }
            1 => {
                let mut new = parcel.strata.clone();
                if let Some(s) = new.first_mut() {
                    s.z = ZRange::new(-(rng.below(20) as f64), 3.0 + rng.below(60) as f64);
                }
                let mut extra = Stratum::ground(&format!("x{step}"), "0701");
                extra.z = ZRange::new(80.0, 90.0);
                new.push(extra);
                EditCmd::SetStrata {
                    id: parcel.id.clone(),
                    old: parcel.strata.clone(),
                    new,
                }
            }
            2 => crate::edit::remove_parcel(plan, &parcel.id).expect("exists"),
            _ => {
                let mut copy = parcel.clone();
                copy.id = ParcelId::new(format!("copy-{step}"));
                copy.shape = copy.shape.translate(30.0, -20.0);
                EditCmd::AddParcel {
                    index: rng.below(plan.parcels.len()),
                    parcel: Box::new(copy),
                }
            }
        }
    }

    #[test]
    fn after_random_edits_and_undos_the_followed_mesh_is_the_mesh_built_anew() {
        let mut plan = realistic_city(&RealisticSpec::new(400, 11));
        let scenario = Scenario::Proposed;
        let mut prisms = Prisms::build(&plan, scenario);
        let mut history = History::new();
        let mut rng = Lcg(20);
        let (mut followed, mut steps) = (0, 0);
        for step in 0..80 {
            let changes = if step % 5 == 4 {
                history.undo(&mut plan).expect("an edit to undo")
            } else {
                let cmd = random_edit(&plan, &mut rng, step);
                history.apply(&mut plan, cmd)
            }
            .expect("edit applies");
            steps += 1;
            match prisms.follow(&plan, scenario, &changes) {
                Some(done) => {
                    followed += 1;
                    assert!(done.cells.len() <= 4, "step {step}: {:?}", done.cells);
                    assert_same_mesh(&prisms, &Prisms::build(&plan, scenario), step);
                }
                None => prisms = Prisms::build(&plan, scenario),
            }
        }
        // Edits at the plan's edge move the extent (a whole build); most do not.
        assert!(followed * 10 >= steps * 8, "{followed} of {steps} followed");
    }

    #[test]
    fn an_edit_of_the_extent_or_repeated_ids_asks_for_a_whole_build() {
        let mut plan = realistic_city(&RealisticSpec::new(60, 3));
        let scenario = Scenario::Proposed;
        let mut prisms = Prisms::build(&plan, scenario);
        let far = plan.parcels[0].shape.translate(5000.0, 0.0);
        plan.parcels[0].shape = far;
        let changes = Changes {
            parcels: vec![plan.parcels[0].id.clone()],
            ..Default::default()
        };
        assert!(prisms.follow(&plan, scenario, &changes).is_none());
        let mut plan = realistic_city(&RealisticSpec::new(60, 3));
        let mut prisms2 = Prisms::build(&plan, scenario);
        let mut twin = plan.parcels[5].clone();
        twin.id = plan.parcels[6].id.clone();
        plan.parcels.insert(7, twin);
        assert!(prisms2.follow(&plan, scenario, &changes).is_none());
        prisms = prisms2;
        assert!(!prisms.tiles.is_empty());
    }
}
