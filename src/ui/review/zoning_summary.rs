//! The zoning of the scenario being edited, as the Zoning tab and the Compliance / FAR /
//! Height colour modes use it: one row per parcel, made once for the whole plan and then
//! kept current edit by edit (only the parcels an edit changed are assessed again; a
//! facility edit re-assesses the parcels whose controls require facilities), so editing
//! the controls of one parcel of a city costs a parcel's work, not a city's.

use std::collections::{BTreeMap, HashMap};

use crate::analysis::zoning::{Context, Indicator, ParcelZoning, parcel_zoning, zoning_report};
use crate::analysis::zoning_check::violation_problem;
use crate::model::{Changes, ParcelId, Plan, Reference, Scenario};
use crate::render::FillBy;

/// Whether a parcel meets its controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Compliance {
    Broken,
    Met,
    /// No controls (and nothing from the standard broken).
    Free,
}

/// The four indicators of the table, in column order.
pub const FIGURES: [Indicator; 4] = [
    Indicator::Far,
    Indicator::Density,
    Indicator::Green,
    Indicator::Height,
];

/// One parcel's row: what it achieves, its limits, and which indicators break them.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index in the plan.
    pub index: usize,
    pub id: ParcelId,
    pub code: String,
    pub compliance: Compliance,
    /// FAR, density, green ratio, height: achieved and the control's limit.
    pub figures: [(f64, Option<f64>); 4],
    /// Broken indicators among the four (bit k for `FIGURES[k]`).
    pub broken: u8,
    /// The violations in words (in the language of the moment they were made).
    pub reasons: Vec<String>,
    /// The Compliance colour mode's value ([`crate::render::present::compliance`]).
    fill: Option<f64>,
    area_m2: f64,
    floor_area_m2: f64,
    by_use: Vec<(String, f64)>,
}

impl Row {
    fn new(p: &ParcelZoning, index: usize) -> Self {
        let limits = p.controls.map_or([None; 4], |c| {
            [c.far_max, c.density_max, c.green_min, c.height_max]
        });
        let achieved = [p.far, p.density, p.green, p.height_m];
        let mut broken = 0u8;
        for v in &p.violations {
            if let Some(k) = FIGURES.iter().position(|i| *i == v.indicator) {
                broken |= 1 << k;
            }
        }
        let compliance = match (p.violations.is_empty(), p.controls.is_some()) {
            (false, _) => Compliance::Broken,
            (true, true) => Compliance::Met,
            (true, false) => Compliance::Free,
        };
        let main = p.main_use.unwrap_or("");
        let reasons = p
            .violations
            .iter()
            .map(|v| violation_problem(v, main, Some(p.id)).message.text())
            .collect();
        Row {
            index,
            id: ParcelId::new(p.id),
            code: p.code.unwrap_or("").to_owned(),
            compliance,
            figures: std::array::from_fn(|k| (achieved[k], limits[k])),
            broken,
            reasons,
            fill: crate::render::present::compliance(p),
            area_m2: p.area_m2,
            floor_area_m2: p.floor_area_m2,
            by_use: p
                .floor_area_by_use
                .iter()
                .map(|(c, m2)| (c.to_owned(), m2))
                .collect(),
        }
    }
}

/// The zoning of one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoningSummary {
    pub scenario: Scenario,
    pub far: f64,
    pub floor_area_m2: f64,
    pub ground_m2: f64,
    /// One row per parcel of the scenario, in plan order.
    rows: Vec<Row>,
    /// Row positions by compliance, broken first (most violations first), plan order
    /// within a group.
    order: Vec<usize>,
    /// Counted floor area per use code, largest first.
    pub by_use: Vec<(String, f64)>,
    /// The plan's parcel ids when made: an edit that adds, removes or reorders parcels
    /// makes the summary anew.
    ids: Vec<ParcelId>,
}

impl ZoningSummary {
    pub fn of(plan: &Plan, scenario: Scenario, reference: &Reference) -> Self {
        let report = zoning_report(plan, scenario, reference);
        let indices = plan
            .parcels
            .iter()
            .enumerate()
            .filter(|(_, p)| p.scenario == scenario)
            .map(|(i, _)| i);
        let rows = report
            .parcels
            .iter()
            .zip(indices)
            .map(|(p, index)| Row::new(p, index))
            .collect();
        let mut summary = Self {
            scenario,
            far: 0.0,
            floor_area_m2: 0.0,
            ground_m2: 0.0,
            rows,
            order: Vec::new(),
            by_use: Vec::new(),
            ids: plan.parcels.iter().map(|p| p.id.clone()).collect(),
        };
        summary.totals();
        summary
    }

    /// Follows an edit: `false` when it cannot (parcels added, removed or reordered, or
    /// the scenario changed) and the summary must be made anew.
    pub fn update(&mut self, plan: &Plan, reference: &Reference, changes: &Changes) -> bool {
        let same = self.ids.len() == plan.parcels.len()
            && self.ids.iter().zip(&plan.parcels).all(|(a, p)| *a == p.id);
        if !same {
            return false;
        }
        let mut again: Vec<usize> = Vec::new();
        for (k, row) in self.rows.iter().enumerate() {
            let parcel = &plan.parcels[row.index];
            let edited = changes.parcels.contains(&parcel.id);
            let needs_facilities = !changes.facilities.is_empty()
                && parcel
                    .controls
                    .as_ref()
                    .is_some_and(|c| !c.facilities.is_empty());
            if edited || needs_facilities {
                again.push(k);
            }
        }
        if changes.parcels.iter().any(|id| {
            plan.parcel(id).is_some_and(|p| p.scenario == self.scenario)
                && !again.iter().any(|&k| self.rows[k].id == *id)
        }) {
            // A parcel moved into this scenario.
            return false;
        }
        for k in again {
            let index = self.rows[k].index;
            let parcel = &plan.parcels[index];
            if parcel.scenario != self.scenario {
                return false;
            }
            let context = Context::for_parcel(plan, reference, parcel);
            self.rows[k] = Row::new(&parcel_zoning(parcel, &context), index);
        }
        self.totals();
        true
    }

    /// District figures, the per-use totals and the order, from the rows.
    fn totals(&mut self) {
        self.floor_area_m2 = self.rows.iter().map(|r| r.floor_area_m2).sum();
        self.ground_m2 = self.rows.iter().map(|r| r.area_m2).sum();
        self.far = if self.ground_m2 > 0.0 {
            self.floor_area_m2 / self.ground_m2
        } else {
            0.0
        };
        let mut by_use: BTreeMap<&str, f64> = BTreeMap::new();
        for (code, m2) in self.rows.iter().flat_map(|r| &r.by_use) {
            *by_use.entry(code).or_default() += m2;
        }
        let mut by_use: Vec<(String, f64)> = by_use
            .into_iter()
            .filter(|(_, m2)| *m2 > 0.0)
            .map(|(c, m2)| (c.to_owned(), m2))
            .collect();
        by_use.sort_by(|a, b| b.1.total_cmp(&a.1));
        self.by_use = by_use;
        let mut order: Vec<usize> = (0..self.rows.len()).collect();
        let rows = &self.rows;
        order.sort_by_key(|&k| (rows[k].compliance, std::cmp::Reverse(rows[k].reasons.len())));
        self.order = order;
    }

    /// The rows, broken first.
    pub fn rows(&self) -> impl Iterator<Item = &Row> + Clone {
        self.order.iter().map(|&k| &self.rows[k])
    }

    pub fn count(&self, compliance: Compliance) -> usize {
        self.rows
            .iter()
            .filter(|r| r.compliance == compliance)
            .count()
    }

    /// What a zoning colour mode paints, as `render::present::fill_values` gives it.
    pub fn fill_values(&self, mode: FillBy) -> HashMap<ParcelId, f64> {
        self.rows
            .iter()
            .filter_map(|r| {
                let value = match mode {
                    FillBy::Far => Some(r.figures[0].0),
                    FillBy::Height => Some(r.figures[3].0),
                    FillBy::Compliance => r.fill,
                    _ => None,
                };
                value.map(|v| (r.id.clone(), v))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::EditCmd;

    fn xiongan() -> Plan {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample_maps/xiongan_15min.geojson");
        crate::io::load_plan(&path, &Default::default())
            .expect("sample")
            .plan
    }

    /// Edits of controls, strata and a required facility: the summary kept current edit
    /// by edit equals one made anew from the edited plan.
    #[test]
    fn following_edits_gives_what_making_it_anew_gives() {
        let reference = Reference::default();
        let mut plan = xiongan();
        let scenario = Scenario::Proposed;
        let mut kept = ZoningSummary::of(&plan, scenario, &reference);
        let p4 = ParcelId::new("p-4");
        let parcel = plan.parcel(&p4).expect("p-4").clone();
        let mut lower = parcel.controls.clone().expect("controls");
        lower.far_max = Some(0.2);
        lower.facilities.push("kindergarten".into());
        let mut taller = parcel.strata.clone();
        taller[0].floors = taller[0].floors.map(|f| f + 5);
        let facility = plan
            .facilities
            .iter()
            .find(|f| f.scenario == scenario)
            .expect("a facility")
            .clone();
        let mut moved = facility.position;
        moved.set_x(moved.x() + 120.0);
        let edits = [
            EditCmd::SetControls {
                id: p4.clone(),
                old: parcel.controls.clone().map(Box::new),
                new: Some(Box::new(lower)),
            },
            EditCmd::SetStrata {
                id: p4.clone(),
                old: parcel.strata.clone(),
                new: taller,
            },
            EditCmd::MoveFacility {
                id: facility.id.clone(),
                old: facility.position,
                new: moved,
            },
        ];
        let before = kept.count(Compliance::Broken);
        for edit in edits {
            let changes = edit.apply(&mut plan).expect("applies");
            assert!(
                kept.update(&plan, &reference, &changes),
                "follows {changes:?}"
            );
            assert_eq!(kept, ZoningSummary::of(&plan, scenario, &reference));
        }
        assert_eq!(kept.count(Compliance::Broken), before + 1, "p-4 now breaks");
    }
}
