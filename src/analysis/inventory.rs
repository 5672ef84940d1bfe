//! The inventory of existing assets (资源锁定): parcels by renewal status and by land use,
//! with ground area, floor area and counts — what a renewal plan starts from.

use serde::Serialize;

use crate::model::{Parcel, Plan, SQUARE_METERS_PER_MU, Scenario, Status};

/// One parcel as the inventory lists it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InventoryRow {
    pub id: String,
    pub name: Option<String>,
    /// Status name (`idle`, `heritage`…), `None` when the plan gives none.
    pub status: Option<&'static str>,
    /// Land-use code of the largest share (`Parcel::main_use`).
    pub main_use: Option<String>,
    pub ground_m2: f64,
    pub ground_mu: f64,
    /// Σ over strata of footprint × floors (a stratum without `floors` counts as one).
    pub floor_m2: f64,
    pub strata: usize,
}

/// Totals of a group of parcels (one status, one land-use class, or all).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct InventoryGroup {
    /// Status name, level-1 land-use class (`07`, `09`…), or `all`; `none` when absent.
    pub key: String,
    pub parcels: usize,
    pub ground_m2: f64,
    pub ground_mu: f64,
    pub floor_m2: f64,
}

impl InventoryGroup {
    fn add(&mut self, row: &InventoryRow) {
        self.parcels += 1;
        self.ground_m2 += row.ground_m2;
        self.ground_mu = self.ground_m2 / SQUARE_METERS_PER_MU;
        self.floor_m2 += row.floor_m2;
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Inventory {
    pub scenario: &'static str,
    pub total: InventoryGroup,
    /// In the order of [`Status::ALL`], then parcels without a status; empty groups omitted.
    pub by_status: Vec<InventoryGroup>,
    /// By level-1 land-use class of the main use, ascending code; `none` for no strata.
    pub by_use: Vec<InventoryGroup>,
    pub parcels: Vec<InventoryRow>,
}

/// Floor area of a parcel: Σ footprint × floors over its strata (one floor when unset).
pub fn floor_area(parcel: &Parcel) -> f64 {
    parcel
        .strata
        .iter()
        .map(|s| parcel.stratum_area(s).m2() * f64::from(s.floors.unwrap_or(1)))
        .fold(0.0, |a, b| a + b)
}

/// The inventory row of a parcel.
pub fn row(parcel: &Parcel) -> InventoryRow {
    let ground = parcel.area().m2();
    InventoryRow {
        id: parcel.id.to_string(),
        name: parcel.name.clone(),
        status: parcel.status.map(Status::as_str),
        main_use: parcel.main_use().map(str::to_owned),
        ground_m2: ground,
        ground_mu: ground / SQUARE_METERS_PER_MU,
        floor_m2: floor_area(parcel),
        strata: parcel.strata.len(),
    }
}

/// The level-1 class of a land-use code (its first two digits).
fn use_class(code: Option<&str>) -> String {
    code.map_or_else(|| "none".to_owned(), |c| c.chars().take(2).collect())
}

/// The inventory of a scenario.
///
/// ```
/// use strata::model::Scenario;
/// let plan = strata::synth::city(50, 0, 2);
/// let inv = strata::analysis::inventory::inventory(&plan, Scenario::Proposed);
/// let n = plan.parcels_in(Scenario::Proposed).count();
/// assert_eq!(inv.total.parcels, n);
/// assert_eq!(inv.by_status.iter().map(|g| g.parcels).sum::<usize>(), n);
/// ```
pub fn inventory(plan: &Plan, scenario: Scenario) -> Inventory {
    let parcels: Vec<InventoryRow> = plan.parcels_in(scenario).map(row).collect();
    let mut total = InventoryGroup {
        key: "all".into(),
        ..Default::default()
    };
    let mut by_status: Vec<InventoryGroup> = Status::ALL
        .iter()
        .map(|s| s.as_str())
        .chain(["none"])
        .map(|key| InventoryGroup {
            key: key.to_owned(),
            ..Default::default()
        })
        .collect();
    let mut by_use: std::collections::BTreeMap<String, InventoryGroup> = Default::default();
    for r in &parcels {
        total.add(r);
        let status = r.status.unwrap_or("none");
        if let Some(g) = by_status.iter_mut().find(|g| g.key == status) {
            g.add(r);
        }
        let class = use_class(r.main_use.as_deref());
        by_use
            .entry(class.clone())
            .or_insert_with(|| InventoryGroup {
                key: class,
                ..Default::default()
            })
            .add(r);
    }
    by_status.retain(|g| g.parcels > 0);
    Inventory {
        scenario: scenario.as_str(),
        total,
        by_status,
        by_use: by_use.into_values().collect(),
        parcels,
    }
}

/// Which rows a table shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct InventoryFilter {
    /// Only these statuses (empty: any).
    pub statuses: Vec<Status>,
    /// Only main uses whose code starts with this (empty: any).
    pub use_prefix: String,
    /// Only rows whose id or name contains this, case-insensitive (empty: any).
    pub text: String,
}

impl InventoryFilter {
    pub fn accepts(&self, row: &InventoryRow) -> bool {
        let status_ok = self.statuses.is_empty()
            || row
                .status
                .is_some_and(|s| self.statuses.iter().any(|w| w.as_str() == s));
        let use_ok = self.use_prefix.is_empty()
            || row
                .main_use
                .as_deref()
                .is_some_and(|u| u.starts_with(&self.use_prefix));
        let text = self.text.to_lowercase();
        let text_ok = text.is_empty()
            || row.id.to_lowercase().contains(&text)
            || row
                .name
                .as_deref()
                .is_some_and(|n| n.to_lowercase().contains(&text));
        status_ok && use_ok && text_ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stratum;
    use geo::{MultiPolygon, polygon};

    fn square(id: &str, side: f64, status: Status, code: &str, floors: u32) -> Parcel {
        let shape =
            polygon![(x: 0.0, y: 0.0), (x: side, y: 0.0), (x: side, y: side), (x: 0.0, y: side)];
        let mut p = Parcel::new(id, Scenario::Proposed, MultiPolygon::new(vec![shape]));
        p.status = Some(status);
        let mut s = Stratum::ground("s1", code);
        s.floors = Some(floors);
        p.strata.push(s);
        p
    }

    #[test]
    fn groups_by_status_and_use_with_areas() {
        let mut plan = strata_plan();
        plan.parcels
            .push(square("a", 100.0, Status::Idle, "1001", 2));
        plan.parcels
            .push(square("b", 50.0, Status::Idle, "0701", 6));
        plan.parcels
            .push(square("c", 10.0, Status::Heritage, "0701", 1));
        let inv = inventory(&plan, Scenario::Proposed);
        assert_eq!(inv.total.parcels, 3);
        assert_eq!(inv.total.ground_m2, 10_000.0 + 2_500.0 + 100.0);
        let idle = &inv.by_status[0];
        assert_eq!((idle.key.as_str(), idle.parcels), ("idle", 2));
        assert_eq!(idle.ground_m2, 12_500.0);
        // 10 000 × 2 + 2 500 × 6
        assert_eq!(idle.floor_m2, 35_000.0);
        assert!((idle.ground_mu - 12_500.0 / 666.666_666_7).abs() < 1e-3);
        let keys: Vec<&str> = inv.by_use.iter().map(|g| g.key.as_str()).collect();
        assert_eq!(keys, ["07", "10"]);
        assert_eq!(inv.by_use[0].parcels, 2);
        let filter = InventoryFilter {
            statuses: vec![Status::Idle],
            use_prefix: "07".into(),
            text: String::new(),
        };
        let shown: Vec<&str> = inv
            .parcels
            .iter()
            .filter(|r| filter.accepts(r))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(shown, ["b"]);
    }

    fn strata_plan() -> Plan {
        Plan::new(crate::model::LocalFrame::new(116.0, 39.0))
    }
}
