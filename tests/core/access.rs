//! 2SFCA (issue 21): the values equal a brute-force computation on small random plans —
//! every home × target distance by the plain definition, straight-line, and along the
//! network from a plan holding that one facility alone (coverage's own search, not the
//! reach lists') — and the incremental update equals a full computation after random
//! edits (`incremental::edit`).

use proptest::prelude::*;
use strata::analysis::access::{Access, Decay, Quantity, two_step};
use strata::analysis::provision::supplies;
use strata::analysis::targets::TargetSource;
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Plan, Scenario, Standard};

use crate::incremental::{apply, edit};

fn options(network: bool) -> CoverageOptions {
    CoverageOptions {
        metric: if network {
            Metric::Network
        } else {
            Metric::Euclidean
        },
        ..Default::default()
    }
}

/// Distance from every home to one target of category `c`, by brute force.
fn distances(
    plan: &Plan,
    coverage: &Coverage,
    standard: &Standard,
    c: usize,
    t: usize,
) -> Vec<Option<f64>> {
    let target = &coverage.targets[c][t];
    if coverage.network.is_none() {
        return coverage
            .homes
            .iter()
            .map(|h| Some(target.distance(&h.point)))
            .collect();
    }
    // The plan with this one target of the category left: other facilities of it gone,
    // other strata no longer hosting it.
    let category = &coverage.categories[c].id;
    let mut alone = plan.clone();
    alone
        .facilities
        .retain(|f| matches!(&target.source, TargetSource::Facility(id) if &f.id == id));
    for parcel in &mut alone.parcels {
        for stratum in &mut parcel.strata {
            let this = matches!(&target.source,
                TargetSource::Hosted { parcel: p, stratum: s } if p == &parcel.id && s == &stratum.id);
            if !this {
                stratum.facilities.retain(|f| f != category);
            }
        }
    }
    let single = Coverage::compute(
        &alone,
        Scenario::Proposed,
        standard,
        coverage.options.clone(),
    );
    single.nearest[c].clone()
}

/// 2SFCA of category `c` from the definition: every pair, no index, no reach list.
fn brute_force(
    plan: &Plan,
    coverage: &Coverage,
    standard: &Standard,
    c: usize,
    decay: Decay,
) -> Vec<f64> {
    let radius = coverage.categories[c].radius_m;
    let quantity = Quantity::of(standard.provision(&coverage.categories[c].id));
    let supply = &supplies(plan, coverage, standard)[c];
    let d: Vec<Vec<Option<f64>>> = (0..coverage.targets[c].len())
        .map(|t| distances(plan, coverage, standard, c, t))
        .collect();
    let within = |x: Option<f64>| x.filter(|&x| x <= radius + 1e-6);
    let ratio: Vec<f64> = (0..d.len())
        .map(|t| {
            let demand: f64 = coverage
                .homes
                .iter()
                .enumerate()
                .filter_map(|(h, home)| {
                    within(d[t][h]).map(|x| home.population * decay.weight(x, radius))
                })
                .sum();
            if demand > 0.0 {
                quantity.of_supply(&supply[t]) / demand
            } else {
                0.0
            }
        })
        .collect();
    (0..coverage.homes.len())
        .map(|h| {
            (0..d.len())
                .filter_map(|t| within(d[t][h]).map(|x| ratio[t] * decay.weight(x, radius)))
                .sum()
        })
        .collect()
}

/// A synthetic city whose point facilities have capacities (20 to 80 places), so that
/// they count in every category.
fn city(parcels: usize, facilities: usize, seed: u64) -> Plan {
    let mut plan = strata::synth::city(parcels, facilities, seed);
    for (i, f) in plan.facilities.iter_mut().enumerate() {
        f.meta
            .properties
            .insert("capacity".into(), serde_json::json!(20 + (i % 7) * 10));
    }
    plan
}

fn assert_close(a: &[f64], b: &[f64], what: &str) {
    assert_eq!(a.len(), b.len(), "{what}");
    for (h, (x, y)) in a.iter().zip(b).enumerate() {
        assert!(
            (x - y).abs() <= 1e-9 * (1.0 + y.abs()),
            "{what} home {h}: {x} vs {y}"
        );
    }
}

/// Linear decay by hand: one facility of 12 places, homes of 100 residents at 0 m and
/// 200 residents at 150 m (radius 300): weights 1 and ½, demand 100 + 100 = 200,
/// R = 0.06; A = 0.06 and 0.03.
#[test]
fn linear_decay_by_hand() {
    assert_eq!(Decay::Linear.weight(150.0, 300.0), 0.5);
    assert_eq!(Decay::Linear.weight(300.0, 300.0), 0.0);
    assert_eq!(Decay::parse("linear"), Some(Decay::Linear));
    let v = two_step(
        &[100.0, 200.0],
        &[vec![(0, 0.0), (1, 150.0)]],
        &[12.0],
        300.0,
        Decay::Linear,
    );
    assert!(
        (v[0] - 0.06).abs() < 1e-12 && (v[1] - 0.03).abs() < 1e-12,
        "{v:?}"
    );
}

/// The places heat value at a home's point equals the home's 2SFCA value (a one-cell
/// grid centred on each home), on both metrics, and the editor's need met is that value
/// over the standard's places per resident.
#[test]
fn the_grid_at_a_home_is_the_home_value() {
    let standard = Standard::default_gb50180();
    let plan = city(80, 30, 4);
    for network in [false, true] {
        let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options(network));
        let access = Access::compute(&plan, &coverage, &standard, Decay::Gaussian);
        let c = coverage
            .categories
            .iter()
            .position(|c| c.id == "kindergarten")
            .expect("kindergarten");
        let met = strata::analysis::access::need_met(&access, &coverage, &standard, c);
        let mut positive = 0;
        for (h, home) in coverage.homes.iter().enumerate() {
            let p = home.point;
            let extent = geo::Rect::new(
                geo::coord! { x: p.x() - 0.5, y: p.y() - 0.5 },
                geo::coord! { x: p.x() + 0.5, y: p.y() + 0.5 },
            );
            let grid = access.grid(&coverage, c, extent, 1.0);
            assert_eq!((grid.cols, grid.rows), (1, 1));
            let expected = access.values[c][h];
            let cell = grid.values[0];
            let off = network
                && coverage
                    .network
                    .as_ref()
                    .is_some_and(|n| n.home_joins[h].is_none());
            if !off {
                assert!(
                    (cell - expected).abs() <= 1e-9 * (1.0 + expected),
                    "home {h}: {cell} vs {expected}"
                );
            }
            assert!((met[&home.parcel] * 0.030 - expected).abs() <= 1e-12);
            positive += usize::from(expected > 0.0);
        }
        assert!(positive > 0, "no home has kindergarten places");
    }
}

#[test]
fn gaussian_decay_falls_from_one_to_zero() {
    assert_eq!(Decay::Gaussian.weight(0.0, 300.0), 1.0);
    assert!(Decay::Gaussian.weight(300.0, 300.0).abs() < 1e-12);
    let mid = Decay::Gaussian.weight(150.0, 300.0);
    assert!(mid > 0.5 && mid < 1.0, "{mid}");
    // One facility of 10 places, two homes of 100 and 300 residents at the facility:
    // 10 / 400 each.
    let v = two_step(
        &[100.0, 300.0],
        &[vec![(0, 0.0), (1, 0.0)]],
        &[10.0],
        300.0,
        Decay::None,
    );
    assert_eq!(v, vec![0.025, 0.025]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn two_step_equals_brute_force(parcels in 9usize..60, facilities in 1usize..25, seed in any::<u64>(),
                                   network in any::<bool>(), decay in 0u8..3) {
        let standard = Standard::default_gb50180();
        let plan = city(parcels, facilities, seed);
        let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options(network));
        let decay = [Decay::None, Decay::Linear, Decay::Gaussian][usize::from(decay)];
        let access = Access::compute(&plan, &coverage, &standard, decay);
        for c in 0..standard.categories.len() {
            let expected = brute_force(&plan, &coverage, &standard, c, decay);
            assert_close(&access.values[c], &expected, &standard.categories[c].id);
        }
    }

    #[test]
    fn incremental_equals_full(edits in prop::collection::vec(edit(), 1..8), network in any::<bool>()) {
        let standard = Standard::default_gb50180();
        let mut plan = city(120, 50, 9);
        let mut coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options(network));
        let mut access = Access::compute(&plan, &coverage, &standard, Decay::Gaussian);
        for (step, e) in edits.iter().enumerate() {
            let changes = apply(&mut plan, e, &standard, step);
            let updated = coverage.update(&plan, &standard, &changes);
            access.update(&plan, &coverage, &standard, &updated, &changes);
            let full_coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options(network));
            let full = Access::compute(&plan, &full_coverage, &standard, Decay::Gaussian);
            for c in 0..standard.categories.len() {
                assert_close(&access.values[c], &full.values[c], &standard.categories[c].id);
            }
        }
    }
}
