//! The heatmap layer of the canvas: the core's grid (DESIGN.md "Heatmap"), kept current
//! through edits by [`LiveHeatmap`] and uploaded as one texture only when it changed.
//! Ranges and colours are those of `strata render --heatmap`, so a PNG and the screen agree.

use egui::{Color32, ColorImage, TextureHandle, TextureOptions};
use geo::{Point, Rect};

use crate::analysis::access::Access;
use crate::analysis::heatmap::{HeatGrid, HeatValue, LiveHeatmap, heat_extent, heatmap};
use crate::analysis::{Coverage, Updated};
use crate::model::{Plan, Reference, Scenario};
use crate::render::style;

/// What the cells show: the core's heat kind (with its label).
pub use crate::analysis::heatmap::HeatKind;

/// The settings of the layer and what it has computed.
pub struct HeatLayer {
    pub shown: bool,
    pub kind: HeatKind,
    /// Category of a distance heatmap (index into the standard's categories).
    pub category: usize,
    pub cell_m: f64,
    pub opacity: f32,
    /// Show proposed − existing instead of the current scenario.
    pub difference: bool,
    live: Option<LiveHeatmap>,
    /// Distance grid, or the difference grid.
    still: Option<HeatGrid>,
    texture: Option<TextureHandle>,
    /// The texture is older than the grid.
    stale: bool,
    pub range: (f64, f64),
    pub title: String,
}

impl Default for HeatLayer {
    fn default() -> Self {
        Self {
            shown: false,
            kind: HeatValue::Score,
            category: 0,
            cell_m: 0.0,
            opacity: 0.6,
            difference: false,
            live: None,
            still: None,
            texture: None,
            stale: true,
            range: (0.0, 1.0),
            title: String::new(),
        }
    }
}

/// Cells of a heatmap are kept under about a million: 25 m on a district, coarser on a city.
pub fn default_cell(extent: Rect<f64>) -> f64 {
    let by_count = (extent.width() * extent.height() / 1.0e6).sqrt();
    (by_count.max(25.0) / 5.0).ceil() * 5.0
}

impl HeatLayer {
    /// Drops everything computed (a new plan, scenario or metric).
    pub fn reset(&mut self) {
        self.live = None;
        self.still = None;
        self.stale = true;
    }

    fn value(&self) -> HeatValue {
        self.kind.map_category(|()| self.category)
    }

    /// The extent of both scenarios (so a difference lines up) plus the largest radius.
    fn extent(plan: &Plan, coverage: &Coverage) -> Option<Rect<f64>> {
        let margin = coverage
            .categories
            .iter()
            .map(|c| c.radius_m)
            .fold(0.0, f64::max);
        let a = heat_extent(plan, Scenario::Existing, margin);
        let b = heat_extent(plan, Scenario::Proposed, margin);
        match (a, b) {
            (Some(a), Some(b)) => Some(Rect::new(
                geo::coord! { x: a.min().x.min(b.min().x), y: a.min().y.min(b.min().y) },
                geo::coord! { x: a.max().x.max(b.max().x), y: a.max().y.max(b.max().y) },
            )),
            (a, b) => a.or(b),
        }
    }

    /// Computes what is missing for the current settings. `other` is the coverage of the
    /// other scenario (for a difference), `places` the 2SFCA of `coverage` (for the places
    /// value; its difference shows this scenario's grid alone).
    pub fn ensure(
        &mut self,
        plan: &Plan,
        coverage: &Coverage,
        other: Option<&Coverage>,
        places: Option<(&Access, &Reference)>,
    ) {
        if !self.shown {
            return;
        }
        let needs_still = self.needs_still();
        if self.kind == HeatValue::Places(()) && places.is_none() {
            return;
        }
        if (needs_still && self.still.is_some()) || (!needs_still && self.live.is_some()) {
            return;
        }
        // (The extent walks every feature: only when a grid is to be made.)
        let Some(extent) = Self::extent(plan, coverage) else {
            return;
        };
        if self.cell_m <= 0.0 {
            self.cell_m = default_cell(extent);
        }
        self.category = self
            .category
            .min(coverage.categories.len().saturating_sub(1));
        let value = self.value();
        if !needs_still && self.live.is_none() {
            self.live = Some(LiveHeatmap::new(coverage, extent, self.cell_m, value));
            self.stale = true;
        }
        if needs_still && self.still.is_none() {
            self.still = Some(match (value, places) {
                (HeatValue::Places(c), Some((access, reference))) => {
                    crate::report::places_grid(access, coverage, reference, c, extent, self.cell_m)
                }
                _ if self.is_difference() => self.difference_grid(coverage, other, extent, value),
                _ => heatmap(coverage, extent, self.cell_m, value),
            });
            self.stale = true;
        }
        let metric = coverage.options.metric.short_name();
        let (range, title) = match (self.is_difference(), self.kind) {
            (true, _) => {
                let most = self
                    .still
                    .as_ref()
                    .and_then(HeatGrid::range)
                    .map_or(1.0, |(lo, hi)| lo.abs().max(hi.abs()).max(1e-9));
                (
                    (-most, most),
                    crate::tr!("heat-title-difference", title = self.kind_title(coverage)),
                )
            }
            (false, kind) => {
                let title = match kind {
                    HeatValue::Count => crate::tr!("heat-count", metric = metric.as_str()),
                    HeatValue::Score => crate::tr!("heat-score", metric = metric.as_str()),
                    HeatValue::Distance(()) => crate::tr!(
                        "heat-distance",
                        category = coverage.categories[self.category].display_name(),
                        metric = metric.as_str()
                    ),
                    HeatValue::Places(()) => crate::tr!(
                        "heat-places",
                        category = coverage.categories[self.category].display_name(),
                        metric = metric.as_str()
                    ),
                };
                (crate::render::present::heat_range(coverage, value), title)
            }
        };
        self.range = range;
        self.title = title;
    }

    fn kind_title(&self, coverage: &Coverage) -> String {
        match self.kind {
            HeatValue::Count => crate::i18n::tr("heat-title-count"),
            HeatValue::Score => crate::i18n::tr("heat-title-score"),
            HeatValue::Distance(()) => crate::tr!(
                "heat-title-distance",
                category = coverage.categories[self.category].display_name()
            ),
            HeatValue::Places(()) => crate::tr!(
                "heat-title-places",
                category = coverage.categories[self.category].display_name()
            ),
        }
    }

    /// Proposed − existing, cell by cell, on the same cells.
    fn difference_grid(
        &mut self,
        coverage: &Coverage,
        other: Option<&Coverage>,
        extent: Rect<f64>,
        value: HeatValue,
    ) -> HeatGrid {
        let this = heatmap(coverage, extent, self.cell_m, value);
        let Some(other) = other else {
            return this;
        };
        let that = heatmap(other, extent, self.cell_m, value);
        let (proposed, existing) = match coverage.scenario {
            Scenario::Proposed => (&this, &that),
            Scenario::Existing => (&that, &this),
        };
        let mut grid = this.clone();
        grid.values = proposed
            .values
            .iter()
            .zip(&existing.values)
            .map(|(p, e)| p - e)
            .collect();
        grid
    }

    /// After an edit: the live grid follows the categories the edit touched; a distance
    /// or difference grid is recomputed when its categories changed.
    pub fn update(&mut self, coverage: &Coverage, updated: &Updated) {
        if updated.categories.is_empty() && !updated.homes && !updated.network {
            return;
        }
        if updated.network {
            // New streets: every cell joins the network anew.
            self.reset();
            return;
        }
        if let Some(live) = &mut self.live {
            live.update(coverage, updated);
            self.stale = true;
        }
        // 2SFCA of every category shares the homes' populations.
        let touches_still = self.is_difference()
            || updated.categories.contains(&self.category)
            || (self.kind == HeatValue::Places(()) && updated.homes);
        if self.still.is_some()
            && touches_still
            && (!updated.categories.is_empty() || updated.homes)
        {
            self.still = None;
        }
    }

    /// Whether the layer shows proposed − existing (not for the places value, whose grid
    /// is this scenario's 2SFCA).
    pub fn is_difference(&self) -> bool {
        self.difference && self.kind != HeatValue::Places(())
    }

    /// Whether the grid is made whole (a distance, places or difference grid) rather
    /// than kept live mask by mask.
    fn needs_still(&self) -> bool {
        self.is_difference() || self.kind.has_category()
    }

    /// Whether the layer shows the places value (and needs the 2SFCA).
    pub fn shows_places(&self) -> bool {
        self.shown && self.kind == HeatValue::Places(())
    }

    pub fn grid(&self) -> Option<&HeatGrid> {
        if self.needs_still() {
            self.still.as_ref()
        } else {
            self.live.as_ref().map(|l| &l.grid)
        }
    }

    /// The colour of a value on the legend's ramp.
    pub fn color(&self, v: f64) -> Color32 {
        let (lo, hi) = self.range;
        let rgb = if self.is_difference() {
            style::difference_color(v / hi.max(1e-9))
        } else {
            let span = if hi > lo { hi - lo } else { 1.0 };
            style::heat_color((v - lo) / span)
        };
        Color32::from_rgb(rgb[0], rgb[1], rgb[2])
    }

    /// The texture and where it lies ([west, south, east, north]), uploaded again only
    /// when the grid changed.
    pub fn texture(&mut self, ctx: &egui::Context) -> Option<(TextureHandle, [f64; 4])> {
        let grid = self.grid()?;
        let bbox = [
            grid.west,
            grid.north - grid.rows as f64 * grid.cell_m,
            grid.west + grid.cols as f64 * grid.cell_m,
            grid.north,
        ];
        if self.stale || self.texture.is_none() {
            // 256 colours of the ramp, looked up per cell (a spline per cell costs more
            // than the rest of a city's update).
            let (lo, hi) = self.range;
            let lut: Vec<Color32> = (0..256)
                .map(|k| self.color(lo + (hi - lo) * k as f64 / 255.0))
                .collect();
            let span = if hi > lo { hi - lo } else { 1.0 };
            let pixels: Vec<Color32> = grid
                .values
                .iter()
                .map(|&v| {
                    if v.is_finite() {
                        lut[(((v - lo) / span).clamp(0.0, 1.0) * 255.0).round() as usize]
                    } else {
                        Color32::TRANSPARENT
                    }
                })
                .collect();
            let image = ColorImage::new([grid.cols, grid.rows], pixels);
            match &mut self.texture {
                Some(texture) => texture.set(image, TextureOptions::NEAREST),
                None => {
                    self.texture = Some(ctx.load_texture("heatmap", image, TextureOptions::NEAREST))
                }
            }
            self.stale = false;
        }
        self.texture.clone().map(|t| (t, bbox))
    }

    /// The value of the cell under a point.
    pub fn value_at(&self, p: Point<f64>) -> Option<f64> {
        let grid = self.grid()?;
        let (col, row) = grid.cell_at(p)?;
        Some(grid.get(col, row))
    }
}
