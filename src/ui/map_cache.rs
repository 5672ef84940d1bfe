//! What the canvas needs to draw a whole city fast: per parcel its triangulation (egui fills
//! convex polygons only), bounding box and label point, kept between edits and rebuilt only
//! for parcels whose shape changed; an R-tree of the boxes to cull what is off screen and to
//! hit-test; fill colours for the current colour mode; the legend's areas. Drawing builds one
//! fill mesh and one outline mesh per frame from what is visible, with a box standing in for
//! a parcel smaller than a couple of pixels.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{Color32, Mesh, Pos2, pos2};
use geo::{BoundingRect, Contains, LineString, Point, Rect};
use rayon::prelude::*;

use super::map_shapes::{Coarse, Rings, Triangles, coarse_of, triangles};
use super::transform::ScreenFromWorld;
use crate::analysis::BoxIndex;
use crate::model::{Parcel, ParcelId, Plan, Reference, Scenario};
use crate::render::present::legend::UseAreas;
use crate::render::style;

/// What fills parcels on the map: the core's [`crate::render::FillBy`] (with its label),
/// shared with `strata render`, under the editor's name.
pub use crate::render::style::FillBy as ColorMode;

/// Parcels smaller than this on screen (points) are drawn as their box, without outline.
const BOX_BELOW_PX: f64 = 2.5;
/// Outlines are drawn for parcels at least this large on screen.
const OUTLINE_FROM_PX: f64 = 12.0;
/// Parcels smaller than this on screen (points) are drawn from their coarse shape.
const COARSE_BELOW_PX: f64 = 32.0;
/// From this many parcels the coarse shapes are made after the map is ready.
const COARSE_IN_BACKGROUND_FROM: usize = 2_000;

/// The drawing data of one parcel shape; shared between caches while the shape is unchanged.
pub struct ParcelGeom {
    /// min x, min y, max x, max y (world metres).
    pub bbox: [f64; 4],
    /// The shape's rings: the outline, and the vertices of `indices`.
    rings: Rings,
    indices: Triangles,
    /// A point inside the parcel for its label.
    pub label_at: Option<[f64; 2]>,
    /// The shape's area (m²), for the legend.
    area: f64,
    /// The shape simplified by `COARSE_SHARE` of its size and its triangles, drawn when
    /// the parcel is small on screen (`COARSE_BELOW_PX`): a city's thousands of parcels
    /// in view at a middle zoom are most of a frame's triangles, each of which a
    /// software renderer sets up. `None` when simplifying saves little. Made when first
    /// drawn, or by the job [`MapCache::build`] leaves running: opening a city does not
    /// wait for it (a third of the map's making).
    coarse: std::sync::OnceLock<Option<Coarse>>,
}

impl ParcelGeom {
    pub fn new(parcel: &Parcel) -> Self {
        let (rings, indices) = triangles(&parcel.shape);
        let bbox = parcel
            .shape
            .bounding_rect()
            .map_or([0.0; 4], |r| [r.min().x, r.min().y, r.max().x, r.max().y]);
        Self {
            coarse: std::sync::OnceLock::new(),
            bbox,
            rings,
            indices,
            label_at: crate::analysis::homes::home_point(parcel).map(|c| [c.x(), c.y()]),
            area: parcel.area().m2(),
        }
    }

    /// The rings of the shape (exteriors and holes), without their closing corners.
    pub fn rings(&self) -> impl Iterator<Item = super::map_shapes::Ring<'_>> {
        self.rings.iter()
    }

    /// The coarse shape (see `coarse`), made on first use.
    fn coarse(&self) -> Option<&Coarse> {
        self.coarse
            .get_or_init(|| coarse_of(&self.rings.shape(), self.bbox, self.indices.len()))
            .as_ref()
    }

    /// The rings drawn at `pixels_per_meter`: the coarse shape's when the parcel is
    /// small on screen.
    pub fn drawn_rings(&self, pixels_per_meter: f64) -> &Rings {
        match self.coarse() {
            Some(c) if self.screen_size(pixels_per_meter) < COARSE_BELOW_PX => &c.rings,
            _ => &self.rings,
        }
    }

    /// Largest side of the box on screen, in points.
    fn screen_size(&self, pixels_per_meter: f64) -> f64 {
        (self.bbox[2] - self.bbox[0]).max(self.bbox[3] - self.bbox[1]) * pixels_per_meter
    }
}

/// The canvas's cache of the plan (see the module comment).
#[derive(Default)]
pub struct MapCache {
    pub geoms: Vec<Arc<ParcelGeom>>,
    index: Option<BoxIndex>,
    /// Fill colour per parcel for the colour mode it was built for.
    pub colors: Vec<[u8; 3]>,
    /// Whether a parcel has a stratum with more than one use.
    pub mixed: Vec<bool>,
    /// The outline each parcel's fill asks for (violations in the compliance mode).
    pub outlines: Vec<Option<[u8; 3]>>,
    /// Main uses and their areas per scenario, largest first, and whether any parcel is
    /// mixed (the legend).
    pub legend: [UseAreas; 2],
    /// Each parcel's scenario, shown use and area, which the legend sums.
    uses: super::map_legend::UseRows,
}

impl MapCache {
    /// Builds the cache, reusing the triangulations of `previous` for unchanged shapes.
    pub fn build(
        plan: &Plan,
        reference: &Reference,
        mode: ColorMode,
        scores: &HashMap<ParcelId, f64>,
        previous: Option<&MapCache>,
        previous_plan_ids: Option<&[ParcelId]>,
    ) -> Self {
        let reuse: rustc_hash::FxHashMap<&ParcelId, &Arc<ParcelGeom>> =
            match (previous, previous_plan_ids) {
                (Some(cache), Some(ids)) if ids.len() == cache.geoms.len() => {
                    ids.iter().zip(&cache.geoms).collect()
                }
                _ => Default::default(),
            };
        let geoms: Vec<Arc<ParcelGeom>> = plan
            .parcels
            .par_iter()
            .map(|p| match reuse.get(&p.id) {
                Some(g) if g.rings.same_as(&p.shape) => Arc::clone(g),
                _ => Arc::new(ParcelGeom::new(p)),
            })
            .collect();
        let index = BoxIndex::from_rects(geoms.iter().map(|g| {
            Some(Rect::new(
                geo::coord! {x: g.bbox[0], y: g.bbox[1]},
                geo::coord! {x: g.bbox[2], y: g.bbox[3]},
            ))
        }));
        let uses =
            super::map_legend::UseRows::new(plan.parcels.iter().zip(geoms.iter().map(|g| g.area)));
        let mut cache = Self {
            legend: uses.legend(),
            geoms,
            index: Some(index),
            colors: Vec::new(),
            mixed: Vec::new(),
            outlines: Vec::new(),
            uses,
        };
        cache.recolor(plan, reference, mode, scores);
        cache.make_coarse_shapes();
        cache
    }

    /// Makes the coarse shapes of a city's parcels on the thread pool, after the map is
    /// ready (a shape drawn before its turn is made then, once).
    fn make_coarse_shapes(&self) {
        if self.geoms.len() < COARSE_IN_BACKGROUND_FROM {
            return;
        }
        let geoms = self.geoms.clone();
        rayon::spawn(move || {
            geoms.par_iter().for_each(|g| {
                g.coarse();
            })
        });
    }

    /// Whether any parcel of each scenario is mixed, from the per-parcel flags.
    fn refresh_mixed(&mut self, plan: &Plan) {
        for (slot, scenario) in [Scenario::Existing, Scenario::Proposed].iter().enumerate() {
            self.legend[slot].mixed = plan
                .parcels
                .iter()
                .zip(&self.mixed)
                .any(|(p, m)| *m && p.scenario == *scenario);
        }
    }

    /// Brings the cache up to date after an edit that kept every parcel at its index
    /// (renames, strata, reshapes, moves): only the parcels in `changed` are redone, so
    /// an edit of a 100k-parcel city does not rebuild 100k entries.
    pub fn update_in_place(
        &mut self,
        plan: &Plan,
        reference: &Reference,
        mode: ColorMode,
        scores: &HashMap<ParcelId, f64>,
        changed: &[usize],
    ) {
        let mut legend_stale = false;
        for &i in changed {
            let (Some(parcel), Some(old)) = (plan.parcels.get(i), self.geoms.get(i)) else {
                continue;
            };
            if !old.rings.same_as(&parcel.shape) {
                let new = Arc::new(ParcelGeom::new(parcel));
                if let Some(index) = &mut self.index {
                    index.replace(i, rect_of(old.bbox), rect_of(new.bbox));
                }
                self.geoms[i] = new;
            }
            legend_stale |= self.uses.set(i, parcel, self.geoms[i].area);
            (self.colors[i], self.mixed[i], self.outlines[i]) =
                fill_of(parcel, reference, mode, scores);
        }
        if legend_stale {
            self.legend = self.uses.legend();
        }
        self.refresh_mixed(plan);
        if matches!(
            mode,
            ColorMode::Score
                | ColorMode::Diversity
                | ColorMode::JobsHousing
                | ColorMode::Valuation
                | ColorMode::Compliance
        ) {
            // Scores change beyond the edited parcels (a moved facility serves others, or
            // is the one a parcel's controls require).
            self.recolor(plan, reference, mode, scores);
        }
    }

    /// What the overview picture needs: the other scenario first and faint, then the one
    /// shown, each in its fill colour.
    pub fn overview_job(
        &self,
        plan: &Plan,
        reference: &Reference,
        shown: Scenario,
        with_facilities: bool,
    ) -> super::overview::OverviewJob {
        let mut geoms = Vec::with_capacity(self.geoms.len());
        let mut colors = Vec::with_capacity(self.geoms.len());
        for pass_shown in [false, true] {
            for (i, parcel) in plan.parcels.iter().enumerate() {
                if (parcel.scenario == shown) != pass_shown {
                    continue;
                }
                let (Some(g), Some(c)) = (self.geoms.get(i), self.colors.get(i)) else {
                    continue;
                };
                geoms.push(Arc::clone(g));
                colors.push([c[0], c[1], c[2], if pass_shown { 235 } else { 40 }]);
            }
        }
        let dots = if with_facilities {
            plan.facilities_in(shown)
                .map(|f| {
                    let tier = reference
                        .standard
                        .category(&f.category)
                        .map_or("", |c| c.tier.as_str());
                    ([f.position.x(), f.position.y()], style::tier_color(tier))
                })
                .collect()
        } else {
            Vec::new()
        };
        super::overview::OverviewJob {
            geoms,
            colors,
            dots,
            streets: Vec::new(),
        }
    }

    /// Recomputes the fill colours (after a change of colour mode or of the scores).
    pub fn recolor(
        &mut self,
        plan: &Plan,
        reference: &Reference,
        mode: ColorMode,
        scores: &HashMap<ParcelId, f64>,
    ) {
        (self.colors, (self.mixed, self.outlines)) = plan
            .parcels
            .par_iter()
            .map(|p| {
                let (color, mixed, outline) = fill_of(p, reference, mode, scores);
                (color, (mixed, outline))
            })
            .unzip();
        self.refresh_mixed(plan);
    }

    /// The land uses on the map in a scenario (the legend).
    pub fn legend(&self, scenario: Scenario) -> &UseAreas {
        &self.legend[match scenario {
            Scenario::Existing => 0,
            Scenario::Proposed => 1,
        }]
    }

    /// Parcels whose boxes meet the world rectangle, in plan order (drawing order).
    pub fn visible(&self, min: [f64; 2], max: [f64; 2]) -> Vec<usize> {
        let Some(index) = &self.index else {
            return Vec::new();
        };
        let mut hits: Vec<usize> = index
            .intersecting(Rect::new(
                geo::coord! {x: min[0], y: min[1]},
                geo::coord! {x: max[0], y: max[1]},
            ))
            .collect();
        hits.sort_unstable();
        hits
    }

    /// Parcels whose boxes come within `distance` of a world point.
    pub fn near(&self, at: [f64; 2], distance: f64) -> Vec<usize> {
        self.index
            .as_ref()
            .map(|index| index.within(at, distance).collect())
            .unwrap_or_default()
    }

    /// The topmost parcel of `scenario` containing a world point.
    pub fn parcel_at(&self, plan: &Plan, scenario: Scenario, at: [f64; 2]) -> Option<usize> {
        let p = Point::new(at[0], at[1]);
        let mut hits = self.near(at, 0.0);
        hits.sort_unstable();
        hits.into_iter().rev().find(|&i| {
            plan.parcels
                .get(i)
                .is_some_and(|parcel| parcel.scenario == scenario && parcel.shape.contains(&p))
        })
    }

    /// Rings of the parcels of `scenario` near a world point (for snapping).
    pub fn rings_near<'a>(
        &self,
        plan: &'a Plan,
        scenario: Scenario,
        at: [f64; 2],
        distance: f64,
    ) -> Vec<&'a LineString<f64>> {
        self.near(at, distance)
            .into_iter()
            .filter_map(|i| plan.parcels.get(i))
            .filter(|p| p.scenario == scenario)
            .flat_map(|p| {
                p.shape
                    .0
                    .iter()
                    .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
            })
            .collect()
    }

    /// Appends the fill of parcel `i` to `mesh` (its box when it is tiny on screen).
    pub fn add_fill(&self, mesh: &mut Mesh, i: usize, t: &ScreenFromWorld, color: Color32) {
        let g = &self.geoms[i];
        let base = mesh.vertices.len() as u32;
        if g.screen_size(t.pixels_per_meter) < BOX_BELOW_PX || g.indices.is_empty() {
            if g.indices.is_empty() {
                return;
            }
            let a = t.screen_from_world([g.bbox[0], g.bbox[1]]);
            let b = t.screen_from_world([g.bbox[2], g.bbox[3]]);
            for p in [
                pos2(a.x, a.y),
                pos2(b.x, a.y),
                pos2(b.x, b.y),
                pos2(a.x, b.y),
            ] {
                mesh.colored_vertex(p, color);
            }
            mesh.indices
                .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
            return;
        }
        let (rings, indices) = match g.coarse() {
            Some(c) if g.screen_size(t.pixels_per_meter) < COARSE_BELOW_PX => {
                (&c.rings, &c.indices)
            }
            _ => (&g.rings, &g.indices),
        };
        for v in rings.corners() {
            mesh.colored_vertex(t.screen_from_world(v), color);
        }
        indices.extend_into(&mut mesh.indices, base);
    }

    /// Whether parcel `i` is large enough on screen for an outline and a label.
    pub fn shows_outline(&self, i: usize, pixels_per_meter: f64) -> bool {
        self.geoms[i].screen_size(pixels_per_meter) >= OUTLINE_FROM_PX
    }
}

fn rect_of(b: [f64; 4]) -> Rect<f64> {
    Rect::new(
        geo::coord! {x: b[0], y: b[1]},
        geo::coord! {x: b[2], y: b[3]},
    )
}

/// Appends a polyline as thin quads (no joins, no anti-aliasing): thousands of outlines a
/// frame cost little this way, where egui's feathered strokes would dominate the frame.
pub fn add_thin_line(mesh: &mut Mesh, points: &[Pos2], width: f32, color: Color32) {
    let half = width / 2.0;
    for w in points.windows(2) {
        let d = w[1] - w[0];
        let len = d.length();
        if len < 0.01 {
            continue;
        }
        let n = egui::vec2(-d.y, d.x) / len * half;
        let base = mesh.vertices.len() as u32;
        for p in [w[0] + n, w[1] + n, w[1] - n, w[0] - n] {
            mesh.colored_vertex(p, color);
        }
        mesh.indices
            .extend([base, base + 1, base + 2, base, base + 2, base + 3]);
    }
}

/// Appends a dashed polyline as thin quads, the pattern (`dash` on, `gap` off, in
/// points) running on across corners as egui's dashed lines do. egui's feathered dashes
/// were most of a middle-zoom frame with software GL (a city's mixed parcels: 34 → 21 ms
/// p50 without them); plain quads cost no more than the outlines under them.
pub fn add_dashed_line(
    mesh: &mut Mesh,
    points: &[Pos2],
    width: f32,
    color: Color32,
    (dash, gap): (f32, f32),
) {
    if !(dash > 0.0 && gap >= 0.0) {
        // No pattern to follow (and no end to the walk below): a plain line.
        return add_thin_line(mesh, points, width, color);
    }
    let mut drawing = true;
    let mut left = dash; // of the current dash or gap
    for w in points.windows(2) {
        let d = w[1] - w[0];
        let len = d.length();
        let mut at = 0.0;
        while at < len {
            let step = left.min(len - at);
            if drawing && step > 0.0 {
                let a = w[0] + d * (at / len);
                let b = w[0] + d * ((at + step) / len);
                add_thin_line(mesh, &[a, b], width, color);
            }
            at += step;
            left -= step;
            if left <= 0.0 {
                drawing = !drawing;
                left = if drawing { dash } else { gap };
            }
        }
    }
}

/// Fill colour of a parcel in a colour mode (the presentation core, as `strata render`),
/// whether it is mixed use (shown with a dashed outline whatever the mode) and the
/// outline its fill asks for.
fn fill_of(
    parcel: &Parcel,
    reference: &Reference,
    mode: ColorMode,
    values: &HashMap<ParcelId, f64>,
) -> ([u8; 3], bool, Option<[u8; 3]>) {
    let fill = crate::render::present::parcel_fill(parcel, reference, mode, values);
    let mixed = match mode {
        ColorMode::Use => fill.hatch.is_some(),
        _ => style::use_fill(parcel, &reference.classification)
            .hatch
            .is_some(),
    };
    (fill.color, mixed, fill.outline)
}

#[cfg(test)]
mod tests {
    use super::super::map_shapes::COARSE_SHARE;
    use super::*;
    use geo::{MultiPolygon, Polygon, polygon};

    fn plan_with(shapes: &[Polygon<f64>]) -> Plan {
        let mut plan = Plan::new(crate::model::LocalFrame::new(116.0, 39.0));
        for (i, s) in shapes.iter().enumerate() {
            plan.parcels.push(Parcel::new(
                &format!("p{i}"),
                Scenario::Proposed,
                MultiPolygon::new(vec![s.clone()]),
            ));
        }
        plan
    }

    fn square(x: f64, y: f64, side: f64) -> Polygon<f64> {
        polygon![(x: x, y: y), (x: x + side, y: y), (x: x + side, y: y + side), (x: x, y: y + side)]
    }

    #[test]
    fn culls_to_the_visible_rectangle_and_hit_tests_through_the_index() {
        let plan = plan_with(&[square(0.0, 0.0, 10.0), square(100.0, 0.0, 10.0)]);
        let reference = Reference::default();
        let cache = MapCache::build(
            &plan,
            &reference,
            ColorMode::Use,
            &HashMap::new(),
            None,
            None,
        );
        assert_eq!(cache.visible([-5.0, -5.0], [50.0, 50.0]), vec![0]);
        assert_eq!(cache.visible([-5.0, -5.0], [200.0, 50.0]), vec![0, 1]);
        assert_eq!(
            cache.parcel_at(&plan, Scenario::Proposed, [105.0, 5.0]),
            Some(1)
        );
        assert_eq!(
            cache.parcel_at(&plan, Scenario::Proposed, [50.0, 5.0]),
            None
        );
        assert_eq!(cache.parcel_at(&plan, Scenario::Existing, [5.0, 5.0]), None);
    }

    #[test]
    fn unchanged_shapes_keep_their_triangulation_and_changed_ones_are_rebuilt() {
        let mut plan = plan_with(&[square(0.0, 0.0, 10.0), square(100.0, 0.0, 10.0)]);
        let reference = Reference::default();
        let ids: Vec<ParcelId> = plan.parcels.iter().map(|p| p.id.clone()).collect();
        let first = MapCache::build(
            &plan,
            &reference,
            ColorMode::Use,
            &HashMap::new(),
            None,
            None,
        );
        plan.parcels[1].shape = MultiPolygon::new(vec![square(200.0, 0.0, 20.0)]);
        let second = MapCache::build(
            &plan,
            &reference,
            ColorMode::Use,
            &HashMap::new(),
            Some(&first),
            Some(&ids),
        );
        assert!(Arc::ptr_eq(&first.geoms[0], &second.geoms[0]));
        assert!(!Arc::ptr_eq(&first.geoms[1], &second.geoms[1]));
        assert_eq!(second.geoms[1].bbox, [200.0, 0.0, 220.0, 20.0]);
        assert_eq!(second.visible([150.0, -1.0], [250.0, 1.0]), vec![1]);
    }

    #[test]
    fn the_legend_follows_edits_in_place_as_a_whole_computation() {
        use crate::model::Stratum;
        let mut plan = plan_with(&[
            square(0.0, 0.0, 10.0),
            square(100.0, 0.0, 20.0),
            square(300.0, 0.0, 30.0),
        ]);
        let uses = ["0701", "0902", "0701"];
        for (p, code) in plan.parcels.iter_mut().zip(uses) {
            p.strata = vec![Stratum::ground("s", code)];
        }
        plan.parcels[2].scenario = Scenario::Existing;
        let reference = Reference::default();
        let mut cache = MapCache::build(
            &plan,
            &reference,
            ColorMode::Use,
            &HashMap::new(),
            None,
            None,
        );
        let whole = |plan: &Plan| {
            [Scenario::Existing, Scenario::Proposed]
                .map(|s| UseAreas::shown_use_areas(plan.parcels_in(s)))
        };
        let kept = |cache: &MapCache| cache.legend.clone().map(|l| l.uses);
        assert_eq!(kept(&cache), whole(&plan));
        assert_eq!(
            kept(&cache)[1],
            vec![("0902".to_owned(), 400.0), ("0701".to_owned(), 100.0)]
        );
        // The first parcel grows past the second; the second becomes housing.
        plan.parcels[0].shape = MultiPolygon::new(vec![square(0.0, 0.0, 25.0)]);
        plan.parcels[1].strata = vec![Stratum::ground("s", "0701")];
        let scores = HashMap::new();
        cache.update_in_place(&plan, &reference, ColorMode::Use, &scores, &[0, 1]);
        assert_eq!(kept(&cache), whole(&plan));
        assert_eq!(kept(&cache)[1], vec![("0701".to_owned(), 1025.0)]);
    }

    #[test]
    fn a_tiny_parcel_is_drawn_as_its_box_and_a_large_one_triangulated() {
        // An L shape: 6 corners, 4 triangles when triangulated; 2 as a box.
        let l = polygon![(x: 0.0, y: 0.0), (x: 20.0, y: 0.0), (x: 20.0, y: 10.0), (x: 10.0, y: 10.0), (x: 10.0, y: 20.0), (x: 0.0, y: 20.0)];
        let plan = plan_with(&[l]);
        let cache = MapCache::build(
            &plan,
            &Reference::default(),
            ColorMode::Use,
            &HashMap::new(),
            None,
            None,
        );
        let mut camera = ScreenFromWorld {
            center_in_world: [10.0, 10.0],
            pixels_per_meter: 10.0,
            screen_rect: egui::Rect::from_min_size(Pos2::ZERO, egui::vec2(400.0, 400.0)),
        };
        let mut mesh = Mesh::default();
        cache.add_fill(&mut mesh, 0, &camera, Color32::RED);
        assert_eq!(mesh.indices.len(), 12);
        camera.pixels_per_meter = 0.05; // 20 m is 1 point
        let mut mesh = Mesh::default();
        cache.add_fill(&mut mesh, 0, &camera, Color32::RED);
        assert_eq!(mesh.indices.len(), 6);
        assert!(!cache.shows_outline(0, 0.05));
        assert!(cache.shows_outline(0, 1.0));
    }

    #[test]
    fn a_small_parcel_is_drawn_from_its_coarse_shape_within_its_tolerance() {
        use geo::{Area, Distance, Euclidean};
        // A 100 m square whose sides wobble by 0.5 m (40 corners a side).
        let mut ring = Vec::new();
        let corners = [(0.0, 0.0), (100.0, 0.0), (100.0, 100.0), (0.0, 100.0)];
        for k in 0..4 {
            let (a, b): ((f64, f64), (f64, f64)) = (corners[k], corners[(k + 1) % 4]);
            for i in 0..40 {
                let t = i as f64 / 40.0;
                let wobble = if i % 2 == 1 { 0.5 } else { 0.0 };
                let (nx, ny) = ((b.1 - a.1) / 100.0, -(b.0 - a.0) / 100.0);
                ring.push((
                    a.0 + (b.0 - a.0) * t + nx * wobble,
                    a.1 + (b.1 - a.1) * t + ny * wobble,
                ));
            }
        }
        let wobbly = Polygon::new(LineString::from(ring), vec![]);
        let plan = plan_with(std::slice::from_ref(&wobbly));
        let g = ParcelGeom::new(&plan.parcels[0]);
        let coarse = g.coarse().expect("a coarse shape");
        assert!(
            coarse.indices.len() * 10 < g.indices.len(),
            "far fewer triangles"
        );
        // Within the tolerance (100 m / 48) of the parcel everywhere (and the corners'
        // single precision, micrometres here).
        let ring = coarse.rings.iter().next().expect("a ring");
        let mut corners: Vec<(f64, f64)> = ring.corners().map(|p| (p[0], p[1])).collect();
        corners.push(corners[0]);
        let coarse_polygon = Polygon::new(LineString::from(corners), vec![]);
        let outline = coarse_polygon.exterior();
        for c in wobbly.exterior().coords() {
            let d = Euclidean.distance(&Point::from(*c), outline);
            assert!(d <= 100.0 * COARSE_SHARE + 1e-5, "{c:?} is {d} m off");
        }
        let full = MultiPolygon::new(vec![wobbly]);
        assert!((coarse_polygon.unsigned_area() - full.unsigned_area()).abs() < 100.0 * 0.5 * 4.0);
        // 100 m at 0.3 pt/m is 30 points: coarse; at 0.4 (40 points): the parcel itself.
        assert!(std::ptr::eq(g.drawn_rings(0.3), &coarse.rings));
        assert!(std::ptr::eq(g.drawn_rings(0.4), &g.rings));
        // A plain square keeps no coarse shape.
        let square = ParcelGeom::new(&plan_with(&[square(0.0, 0.0, 10.0)]).parcels[0]);
        assert!(square.coarse().is_none());
    }

    /// Dash lengths drawn along a polyline: each quad's length from its corners.
    fn dash_lengths(mesh: &Mesh) -> Vec<f32> {
        mesh.vertices
            .chunks(4)
            .map(|q| ((q[1].pos - q[0].pos).length() * 100.0).round() / 100.0)
            .collect()
    }

    #[test]
    fn dashes_follow_the_pattern_across_corners() {
        // Straight, 25 points with 6 on, 4 off: 6, 6, and the last 5 (20..25).
        let mut mesh = Mesh::default();
        let line = [pos2(0.0, 0.0), pos2(25.0, 0.0)];
        add_dashed_line(&mut mesh, &line, 2.0, Color32::RED, (6.0, 4.0));
        assert_eq!(dash_lengths(&mesh), vec![6.0, 6.0, 5.0]);
        assert_eq!(mesh.indices.len(), 3 * 6);
        // 2 points wide.
        assert_eq!(mesh.vertices[3].pos, pos2(0.0, -1.0));
        // An L of 4 + 8: the first dash turns the corner (4 then 2), a gap of 4, then
        // the last 2 points of the second side.
        let mut mesh = Mesh::default();
        let l = [pos2(0.0, 0.0), pos2(4.0, 0.0), pos2(4.0, 8.0)];
        add_dashed_line(&mut mesh, &l, 1.0, Color32::RED, (6.0, 4.0));
        assert_eq!(dash_lengths(&mesh), vec![4.0, 2.0, 2.0]);
        assert_eq!(mesh.vertices[8].pos.y, 6.0, "{:?}", mesh.vertices);
        // No dash length: the line drawn whole, and the walk ends.
        let mut mesh = Mesh::default();
        add_dashed_line(&mut mesh, &line, 1.0, Color32::RED, (0.0, 0.0));
        assert_eq!(dash_lengths(&mesh), vec![25.0]);
    }
}
