//! Incremental update equals full recomputation after any sequence of edits
//! (straight-line and network), as a property test.

use geo::{Point, Translate};
use proptest::prelude::*;
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Changes, Facility, FacilityId, FeatureMeta, Plan, Scenario, Standard};

#[derive(Clone, Debug)]
pub(crate) enum Edit {
    MoveFacility(usize, f64, f64),
    RecategoriseFacility(usize, usize),
    RemoveFacility(usize),
    AddFacility(usize, f64, f64),
    SetPopulation(usize, f64),
    HostFacility(usize, usize),
    MakeOffice(usize),
    MoveParcel(usize, f64, f64),
    RemoveParcel(usize),
    CutStreet(usize),
}

pub(crate) fn edit() -> impl Strategy<Value = Edit> {
    let xy = -900.0..900.0f64;
    prop_oneof![
        (any::<usize>(), xy.clone(), xy.clone()).prop_map(|(i, x, y)| Edit::MoveFacility(i, x, y)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, c)| Edit::RecategoriseFacility(i, c)),
        any::<usize>().prop_map(Edit::RemoveFacility),
        (any::<usize>(), xy.clone(), xy.clone()).prop_map(|(c, x, y)| Edit::AddFacility(c, x, y)),
        (any::<usize>(), 0.0..5000.0f64).prop_map(|(i, p)| Edit::SetPopulation(i, p)),
        (any::<usize>(), any::<usize>()).prop_map(|(i, c)| Edit::HostFacility(i, c)),
        any::<usize>().prop_map(Edit::MakeOffice),
        (any::<usize>(), -60.0..60.0f64, -60.0..60.0f64)
            .prop_map(|(i, x, y)| Edit::MoveParcel(i, x, y)),
        any::<usize>().prop_map(Edit::RemoveParcel),
        any::<usize>().prop_map(Edit::CutStreet),
    ]
}

/// Applies an edit and says what it changed, as the editor's commands will.
pub(crate) fn apply(plan: &mut Plan, edit: &Edit, standard: &Standard, step: usize) -> Changes {
    let categories = &standard.categories;
    let mut changes = Changes::default();
    let nf = plan.facilities.len().max(1);
    let np = plan.parcels.len().max(1);
    match *edit {
        Edit::MoveFacility(i, x, y) if !plan.facilities.is_empty() => {
            let f = &mut plan.facilities[i % nf];
            f.position = Point::new(x, y);
            changes.facilities.push(f.id.clone());
        }
        Edit::RecategoriseFacility(i, c) if !plan.facilities.is_empty() => {
            let f = &mut plan.facilities[i % nf];
            f.category = categories[c % categories.len()].id.clone();
            changes.facilities.push(f.id.clone());
        }
        Edit::RemoveFacility(i) if !plan.facilities.is_empty() => {
            changes.facilities.push(plan.facilities.remove(i % nf).id);
        }
        Edit::AddFacility(c, x, y) => {
            let id = FacilityId::new(format!("f-new-{step}"));
            plan.facilities.push(Facility {
                id: id.clone(),
                scenario: Scenario::Proposed,
                position: Point::new(x, y),
                category: categories[c % categories.len()].id.clone(),
                name: None,
                meta: FeatureMeta::default(),
            });
            changes.facilities.push(id);
        }
        Edit::SetPopulation(i, p) if !plan.parcels.is_empty() => {
            let parcel = &mut plan.parcels[i % np];
            parcel.population = Some(p);
            changes.parcels.push(parcel.id.clone());
        }
        Edit::HostFacility(i, c) if !plan.parcels.is_empty() => {
            let parcel = &mut plan.parcels[i % np];
            if let Some(s) = parcel.strata.first_mut() {
                s.facilities
                    .push(categories[c % categories.len()].id.clone());
            }
            changes.parcels.push(parcel.id.clone());
        }
        Edit::MakeOffice(i) if !plan.parcels.is_empty() => {
            let parcel = &mut plan.parcels[i % np];
            for s in &mut parcel.strata {
                for u in &mut s.uses {
                    u.code = "0902".into();
                }
            }
            changes.parcels.push(parcel.id.clone());
        }
        Edit::MoveParcel(i, dx, dy) if !plan.parcels.is_empty() => {
            let parcel = &mut plan.parcels[i % np];
            parcel.shape = parcel.shape.translate(dx, dy);
            changes.parcels.push(parcel.id.clone());
        }
        Edit::RemoveParcel(i) if !plan.parcels.is_empty() => {
            changes.parcels.push(plan.parcels.remove(i % np).id);
        }
        Edit::CutStreet(i) if !plan.streets.is_empty() => {
            let n = plan.streets.len();
            plan.streets[i % n].walkable = false;
            changes.streets = true;
        }
        _ => {}
    }
    changes
}

fn assert_same(incremental: &Coverage, full: &Coverage) {
    assert_eq!(incremental.homes, full.homes);
    for c in 0..full.categories.len() {
        assert_eq!(
            incremental.targets[c].len(),
            full.targets[c].len(),
            "targets of {}",
            full.categories[c].id
        );
        assert_eq!(
            incremental.nearest[c], full.nearest[c],
            "nearest {}",
            full.categories[c].id
        );
    }
}

/// 24 cases, or `PROPTEST_CASES` for a longer local run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(24)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn incremental_equals_full(edits in prop::collection::vec(edit(), 1..12), network in any::<bool>()) {
        let standard = Standard::default_gb50180();
        let mut plan = strata::synth::city(150, 60, 9);
        let options = CoverageOptions { metric: if network { Metric::Network } else { Metric::Euclidean }, ..Default::default() };
        let mut coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options.clone());
        for (step, e) in edits.iter().enumerate() {
            let changes = apply(&mut plan, e, &standard, step);
            coverage.update(&plan, &standard, &changes);
            let full = Coverage::compute(&plan, Scenario::Proposed, &standard, options.clone());
            assert_same(&coverage, &full);
        }
    }
}
