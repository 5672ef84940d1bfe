//! Heatmap grid (DESIGN.md "Heatmap"): square cells over the plan extent plus the largest
//! radius; each cell's value is computed at its centre exactly as for a home. The
//! straight-line count is rasterised target by target (a disc per point facility, every
//! cell of the reach box for areas) and each boundary cell is decided with the same
//! distance function as homes, so no covered/uncovered answer differs from `analyze`.

use geo::{Point, Rect};
use rayon::prelude::*;

use super::coverage::{Coverage, Metric, within};
use super::network::Join;
use super::targets::TargetShape;
use crate::model::{Plan, Scenario};

/// What a cell shows: the one heat-value type of the program. `C` names the category of
/// a distance heatmap: its index in the standard's categories for the analysis (the
/// default), its id where a user chose it (`strata render --heatmap distance`, see
/// [`HeatChoice`]), nothing where only the kind matters (the editor's selector, see
/// [`HeatKind`], named by `render::present::heat_label`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeatValue<C = usize> {
    /// Number of categories (of the standard) within reach.
    Count,
    /// Share of required categories within reach.
    Score,
    /// Distance to the nearest target of one category (NaN where unreachable).
    Distance(C),
    /// The need met of one category by 2SFCA (`analysis::access::need_met`: supply per
    /// resident over the standard's figure; for kindergartens, places per child). Made
    /// by [`super::access::Access::grid`]: [`heatmap`] leaves its cells NaN.
    Places(C),
}

/// A heat value by category id, as a user chooses it.
pub type HeatChoice = HeatValue<String>;
/// The kind of a heat value, without its category.
pub type HeatKind = HeatValue<()>;

impl HeatKind {
    pub const ALL: [HeatKind; 4] = [
        HeatValue::Count,
        HeatValue::Score,
        HeatValue::Distance(()),
        HeatValue::Places(()),
    ];

    /// Whether the value is of one category (distance, places).
    pub fn has_category(self) -> bool {
        matches!(self, HeatValue::Distance(()) | HeatValue::Places(()))
    }
}

impl<C> HeatValue<C> {
    /// The kind, without the category.
    pub fn kind(&self) -> HeatKind {
        self.as_ref().map_category(|_| ())
    }

    /// The same value with its category borrowed.
    pub fn as_ref(&self) -> HeatValue<&C> {
        match self {
            HeatValue::Count => HeatValue::Count,
            HeatValue::Score => HeatValue::Score,
            HeatValue::Distance(c) => HeatValue::Distance(c),
            HeatValue::Places(c) => HeatValue::Places(c),
        }
    }

    /// The category of a value of one category.
    pub fn category(&self) -> Option<&C> {
        match self {
            HeatValue::Distance(c) | HeatValue::Places(c) => Some(c),
            _ => None,
        }
    }

    /// The same value with its category mapped.
    pub fn map_category<D>(self, f: impl FnOnce(C) -> D) -> HeatValue<D> {
        match self {
            HeatValue::Count => HeatValue::Count,
            HeatValue::Score => HeatValue::Score,
            HeatValue::Distance(c) => HeatValue::Distance(f(c)),
            HeatValue::Places(c) => HeatValue::Places(f(c)),
        }
    }
}

impl HeatChoice {
    /// The value with its category id looked up among `ids` (the standard's categories in
    /// order); `None` when the id is not among them.
    pub fn resolve<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Option<HeatValue> {
        match self.category() {
            Some(id) => {
                let index = ids.into_iter().position(|c| c == id)?;
                Some(self.kind().map_category(|()| index))
            }
            None => Some(self.kind().map_category(|()| 0)),
        }
    }
}

/// A grid of values in plan metres. Row 0 is the northernmost row.
#[derive(Clone, Debug, PartialEq)]
pub struct HeatGrid {
    /// West edge of column 0.
    pub west: f64,
    /// North edge of row 0.
    pub north: f64,
    pub cell_m: f64,
    pub cols: usize,
    pub rows: usize,
    /// Row-major values; NaN = no value.
    pub values: Vec<f64>,
}

impl HeatGrid {
    /// An empty grid covering `extent` (plan metres).
    pub fn covering(extent: Rect<f64>, cell_m: f64) -> Self {
        let cols = ((extent.width() / cell_m).ceil() as usize).max(1);
        let rows = ((extent.height() / cell_m).ceil() as usize).max(1);
        Self {
            west: extent.min().x,
            north: extent.max().y,
            cell_m,
            cols,
            rows,
            values: vec![0.0; cols * rows],
        }
    }

    pub fn center(&self, col: usize, row: usize) -> Point<f64> {
        Point::new(
            self.west + (col as f64 + 0.5) * self.cell_m,
            self.north - (row as f64 + 0.5) * self.cell_m,
        )
    }

    pub fn get(&self, col: usize, row: usize) -> f64 {
        self.values[row * self.cols + col]
    }

    /// The cell containing a point, if inside the grid.
    pub fn cell_at(&self, p: Point<f64>) -> Option<(usize, usize)> {
        let col = ((p.x() - self.west) / self.cell_m).floor();
        let row = ((self.north - p.y()) / self.cell_m).floor();
        (col >= 0.0 && row >= 0.0 && (col as usize) < self.cols && (row as usize) < self.rows)
            .then_some((col as usize, row as usize))
    }

    /// Smallest and largest finite value.
    pub fn range(&self) -> Option<(f64, f64)> {
        let finite = self.values.iter().copied().filter(|v| v.is_finite());
        let (lo, hi) = finite.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
        lo.is_finite().then_some((lo, hi))
    }
}

/// The default extent of a heatmap: the scenario's features plus the largest radius.
pub fn heat_extent(plan: &Plan, scenario: Scenario, margin: f64) -> Option<Rect<f64>> {
    plan.extent(Some(scenario)).map(|e| {
        Rect::new(
            geo::coord! { x: e.min().x - margin, y: e.min().y - margin },
            geo::coord! { x: e.max().x + margin, y: e.max().y + margin },
        )
    })
}

/// Computes a heatmap of a coverage analysis over `extent` with square cells of `cell_m`.
pub fn heatmap(coverage: &Coverage, extent: Rect<f64>, cell_m: f64, value: HeatValue) -> HeatGrid {
    let mut grid = HeatGrid::covering(extent, cell_m);
    match (value, coverage.options.metric) {
        (HeatValue::Places(_), _) => grid.values.fill(f64::NAN),
        (HeatValue::Distance(c), _) => {
            let values: Vec<f64> = (0..grid.rows * grid.cols)
                .into_par_iter()
                .map(|i| {
                    coverage
                        .distance_at(c, grid.center(i % grid.cols, i / grid.cols))
                        .unwrap_or(f64::NAN)
                })
                .collect();
            grid.values = values;
        }
        (_, Metric::Euclidean) => {
            let wanted: Vec<usize> = (0..coverage.categories.len())
                .filter(|&c| value == HeatValue::Count || coverage.categories[c].required)
                .collect();
            let masks: Vec<Vec<bool>> = wanted
                .par_iter()
                .map(|&c| covered_mask(coverage, c, &grid))
                .collect();
            let denominator = if value == HeatValue::Score {
                wanted.len().max(1) as f64
            } else {
                1.0
            };
            for (i, v) in grid.values.iter_mut().enumerate() {
                *v = masks.iter().filter(|m| m[i]).count() as f64 / denominator;
            }
        }
        (_, Metric::Network) => {
            let required: Vec<bool> = coverage.categories.iter().map(|c| c.required).collect();
            let n_required = required.iter().filter(|r| **r).count().max(1) as f64;
            let values: Vec<f64> = (0..grid.rows * grid.cols)
                .into_par_iter()
                .map(|i| {
                    let p = grid.center(i % grid.cols, i / grid.cols);
                    let covered = (0..coverage.categories.len())
                        .filter(|&c| value == HeatValue::Count || required[c])
                        .filter(|&c| {
                            coverage
                                .distance_at(c, p)
                                .is_some_and(|d| within(d, coverage.categories[c].radius_m))
                        })
                        .count() as f64;
                    if value == HeatValue::Score {
                        covered / n_required
                    } else {
                        covered
                    }
                })
                .collect();
            grid.values = values;
        }
    }
    grid
}

/// Cells whose centre has a target of `category` within its radius, by the analysis'
/// metric (`cell_joins`: each cell's join to the network, for a network analysis).
fn mask_of(
    coverage: &Coverage,
    category: usize,
    grid: &HeatGrid,
    cell_joins: Option<&[Option<Join>]>,
) -> Vec<bool> {
    match cell_joins {
        None => covered_mask(coverage, category, grid),
        Some(joins) => {
            let radius = coverage.categories[category].radius_m;
            joins
                .par_iter()
                .map(|j| {
                    j.and_then(|j| coverage.distance_from_join(category, &j))
                        .is_some_and(|d| within(d, radius))
                })
                .collect()
        }
    }
}

/// A straight-line mask after some targets changed: `old` outside the changed targets'
/// reach, decided afresh (nearest target within the radius, as [`covered_mask`]) inside.
fn regional_mask(
    coverage: &Coverage,
    category: usize,
    grid: &HeatGrid,
    old: &[bool],
    regions: &[Rect<f64>],
) -> Vec<bool> {
    let mut mask = old.to_vec();
    let radius = coverage.categories[category].radius_m;
    let reach = radius + grid.cell_m;
    let clamp_row = |v: f64| v.clamp(0.0, (grid.rows - 1) as f64) as usize;
    let clamp_col = |v: f64| v.clamp(0.0, (grid.cols - 1) as f64) as usize;
    for r in regions {
        let r0 = clamp_row(((grid.north - (r.max().y + reach)) / grid.cell_m).floor());
        let r1 = clamp_row(((grid.north - (r.min().y - reach)) / grid.cell_m).floor());
        let c0 = clamp_col(((r.min().x - reach - grid.west) / grid.cell_m).floor());
        let c1 = clamp_col(((r.max().x + reach - grid.west) / grid.cell_m).floor());
        for row in r0..=r1 {
            for col in c0..=c1 {
                let centre = grid.center(col, row);
                mask[row * grid.cols + col] = coverage.indexes[category]
                    .nearest(centre)
                    .is_some_and(|(_, d)| within(d, radius));
            }
        }
    }
    mask
}

/// Cells whose centre has a target of `category` within its radius (straight-line).
pub fn covered_mask(coverage: &Coverage, category: usize, grid: &HeatGrid) -> Vec<bool> {
    let mut mask = vec![false; grid.cols * grid.rows];
    let radius = coverage.categories[category].radius_m;
    for target in &coverage.targets[category] {
        let covers =
            |col: usize, row: usize| within(target.distance(&grid.center(col, row)), radius);
        let Some(bounds) = target.bounding_rect() else {
            continue;
        };
        let reach = radius + grid.cell_m;
        let row_of = |y: f64| ((grid.north - y) / grid.cell_m).floor();
        let col_of = |x: f64| ((x - grid.west) / grid.cell_m).floor();
        let clamp_row = |v: f64| v.clamp(0.0, (grid.rows - 1) as f64) as usize;
        let clamp_col = |v: f64| v.clamp(0.0, (grid.cols - 1) as f64) as usize;
        let (r0, r1) = (
            clamp_row(row_of(bounds.max().y + reach)),
            clamp_row(row_of(bounds.min().y - reach)),
        );
        let (c0, c1) = (
            clamp_col(col_of(bounds.min().x - reach)),
            clamp_col(col_of(bounds.max().x + reach)),
        );
        match &target.shape {
            TargetShape::Point(p) => {
                // A disc meets each row in one run of cells: find its ends, fill between.
                for row in r0..=r1 {
                    let dy = grid.center(0, row).y() - p.y();
                    if dy.abs() > reach {
                        continue;
                    }
                    let half = (reach * reach - dy * dy).max(0.0).sqrt();
                    let mut lo = clamp_col(col_of(p.x() - half));
                    let mut hi = clamp_col(col_of(p.x() + half));
                    while lo <= hi && !covers(lo, row) {
                        lo += 1;
                    }
                    while hi > lo && !covers(hi, row) {
                        hi -= 1;
                    }
                    if lo <= hi && covers(lo, row) {
                        mask[row * grid.cols + lo..=row * grid.cols + hi].fill(true);
                    }
                }
            }
            TargetShape::Area(_) => {
                for row in r0..=r1 {
                    for col in c0..=c1 {
                        let i = row * grid.cols + col;
                        if !mask[i] && covers(col, row) {
                            mask[i] = true;
                        }
                    }
                }
            }
        }
    }
    mask
}

/// A count or score heatmap kept up to date through edits: one coverage mask per
/// category, so an edit recomputes only the masks of the categories it touched.
pub struct LiveHeatmap {
    pub grid: HeatGrid,
    value: HeatValue,
    /// Where each cell centre joins the walking network (network analyses only): joined
    /// once, then every category's mask is a lookup per cell.
    cell_joins: Option<Vec<Option<Join>>>,
    masks: Vec<Vec<bool>>,
    /// Categories covered per cell (required ones only for a score).
    counts: Vec<u16>,
}

impl LiveHeatmap {
    /// Builds the heatmap (`value` must be `Count` or `Score`).
    pub fn new(coverage: &Coverage, extent: Rect<f64>, cell_m: f64, value: HeatValue) -> Self {
        let mut grid = HeatGrid::covering(extent, cell_m);
        let cell_joins: Option<Vec<Option<Join>>> = coverage.network.as_ref().map(|_| {
            (0..grid.cols * grid.rows)
                .into_par_iter()
                .map(|i| coverage.join(grid.center(i % grid.cols, i / grid.cols)))
                .collect()
        });
        let masks: Vec<Vec<bool>> = (0..coverage.categories.len())
            .into_par_iter()
            .map(|c| mask_of(coverage, c, &grid, cell_joins.as_deref()))
            .collect();
        let wanted: Vec<usize> = (0..coverage.categories.len())
            .filter(|&c| value == HeatValue::Count || coverage.categories[c].required)
            .collect();
        let denominator = if value == HeatValue::Score {
            wanted.len().max(1) as f64
        } else {
            1.0
        };
        let counts: Vec<u16> = (0..grid.cols * grid.rows)
            .into_par_iter()
            .map(|i| wanted.iter().filter(|&&c| masks[c][i]).count() as u16)
            .collect();
        grid.values = counts.iter().map(|&n| f64::from(n) / denominator).collect();
        Self {
            grid,
            value,
            cell_joins,
            masks,
            counts,
        }
    }

    /// Recomputes the masks of the categories an update touched, then the values.
    pub fn update(&mut self, coverage: &Coverage, updated: &super::coverage::Updated) {
        if updated.categories.is_empty() {
            return;
        }
        if updated.network && self.cell_joins.is_some() {
            let grid = &self.grid;
            self.cell_joins = Some(
                (0..grid.cols * grid.rows)
                    .into_par_iter()
                    .map(|i| coverage.join(grid.center(i % grid.cols, i / grid.cols)))
                    .collect(),
            );
        }
        let grid = &self.grid;
        let joins = self.cell_joins.as_deref();
        let masks = &self.masks;
        let fresh: Vec<(usize, Vec<bool>)> = updated
            .categories
            .par_iter()
            .map(|&c| {
                let regions: Vec<Rect<f64>> = updated
                    .regions
                    .iter()
                    .filter(|(k, _)| *k == c)
                    .map(|(_, r)| *r)
                    .collect();
                // Straight-line: only cells near the targets that changed can change.
                let mask = if joins.is_none() && !regions.is_empty() {
                    regional_mask(coverage, c, grid, &masks[c], &regions)
                } else {
                    mask_of(coverage, c, grid, joins)
                };
                (c, mask)
            })
            .collect();
        let n_required = coverage
            .categories
            .iter()
            .filter(|c| c.required)
            .count()
            .max(1) as f64;
        let denominator = if self.value == HeatValue::Score {
            n_required
        } else {
            1.0
        };
        for (c, mask) in fresh {
            // Adjust the counts of the cells this category gained or lost; values are
            // count / denominator, exactly as a full computation gives them.
            if self.value == HeatValue::Count || coverage.categories[c].required {
                for (i, (&new, &old)) in mask.iter().zip(&self.masks[c]).enumerate() {
                    if new != old {
                        self.counts[i] = if new {
                            self.counts[i] + 1
                        } else {
                            self.counts[i] - 1
                        };
                        self.grid.values[i] = f64::from(self.counts[i]) / denominator;
                    }
                }
            }
            self.masks[c] = mask;
        }
    }
}
