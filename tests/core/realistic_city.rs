//! The realistic benchmark city (`synth::realistic_city`): valid, shaped as its doc
//! claims (corners, courtyards, MultiPolygons, curved streets, homes, facilities) and
//! deterministic for a seed. Figures are counted here independently of the generator.

use geo::{Area, Validation};
use strata::synth::{RealisticSpec, realistic_city};

const PARCELS: usize = 1500;

fn corners(parcel: &strata::model::Parcel) -> usize {
    parcel
        .shape
        .0
        .iter()
        .flat_map(|poly| std::iter::once(poly.exterior()).chain(poly.interiors()))
        .map(|ring| ring.0.len() - 1)
        .sum()
}

#[test]
fn realistic_city_validates_without_errors_before_and_after_a_save() {
    let plan = realistic_city(&RealisticSpec::new(PARCELS, 3));
    let errors: Vec<_> = strata::analysis::validate(&plan)
        .into_iter()
        .filter(|p| p.is_error())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    for parcel in &plan.parcels {
        assert!(
            parcel.shape.is_valid(),
            "{} is not valid",
            parcel.id.as_str()
        );
        for s in &parcel.strata {
            if let Some(footprint) = &s.footprint {
                assert!(footprint.is_valid(), "{} footprint", parcel.id.as_str());
            }
        }
    }
    // Written as longitude/latitude with 9 decimals and read back: still no errors.
    let text = strata::io::plan_to_string(&plan).expect("written");
    let loaded = strata::io::read_plan(text.as_bytes(), &Default::default())
        .expect("read back")
        .plan;
    assert_eq!(loaded.parcels.len(), PARCELS);
    let errors: Vec<_> = strata::analysis::validate(&loaded)
        .into_iter()
        .filter(|p| p.is_error())
        .collect();
    assert!(errors.is_empty(), "after a round trip: {errors:?}");
}

#[test]
fn realistic_city_has_the_shape_it_claims() {
    let plan = realistic_city(&RealisticSpec::new(PARCELS, 3));
    assert_eq!(plan.parcels.len(), PARCELS);
    let counts: Vec<usize> = plan.parcels.iter().map(corners).collect();
    let mean = counts.iter().sum::<usize>() as f64 / counts.len() as f64;
    assert!((29.0..=35.0).contains(&mean), "mean corners {mean}");
    let (min, max) = (counts.iter().min(), counts.iter().max());
    assert!(
        min >= Some(&20) && max <= Some(&60),
        "corners {min:?}..{max:?}"
    );
    let holes = plan
        .parcels
        .iter()
        .filter(|p| p.shape.0.iter().any(|poly| !poly.interiors().is_empty()))
        .count();
    let multi = plan.parcels.iter().filter(|p| p.shape.0.len() > 1).count();
    assert!(holes >= PARCELS / 50, "{holes} parcels with a courtyard");
    assert!(multi >= PARCELS / 100, "{multi} MultiPolygons");
    // A hole is inside its parcel: the parcel's area is the shell's minus the hole's.
    let with_hole = plan
        .parcels
        .iter()
        .find(|p| !p.shape.0[0].interiors().is_empty())
        .expect("a courtyard");
    let shell = geo::Polygon::new(with_hole.shape.0[0].exterior().clone(), vec![]);
    assert!(with_hole.area().m2() < shell.unsigned_area() * 0.95);

    let homes = plan
        .parcels
        .iter()
        .filter(|p| p.population.is_some())
        .count();
    let per_parcel = homes as f64 / PARCELS as f64;
    assert!(
        (0.72..=0.88).contains(&per_parcel),
        "{per_parcel} homes per parcel"
    );
    assert!(plan.parcels.iter().all(|p| p.controls.is_some()));
    assert_eq!(plan.facilities.len(), PARCELS / 5);
    let categories: std::collections::BTreeSet<_> = plan
        .facilities
        .iter()
        .map(|f| f.category.as_str())
        .collect();
    let standard = strata::model::Reference::default().standard;
    assert_eq!(categories.len(), standard.categories.len());

    let segments: usize = plan
        .streets
        .iter()
        .flat_map(|s| &s.line.0)
        .map(|l| l.0.len() - 1)
        .sum();
    let per_parcel = segments as f64 / PARCELS as f64;
    assert!(
        (1.6..=2.5).contains(&per_parcel),
        "{per_parcel} segments per parcel"
    );
    // Curved: along some street the direction turns by more than a degree.
    let turns = plan.streets.iter().flat_map(|s| &s.line.0).any(|line| {
        let heading = |k: usize| {
            let (a, b) = (line.0[k], line.0[k + 1]);
            (b.y - a.y).atan2(b.x - a.x)
        };
        (heading(0) - heading(line.0.len() - 2)).abs() > 1f64.to_radians()
    });
    assert!(turns, "every street is straight");
}

#[test]
fn realistic_city_is_deterministic_for_a_seed() {
    let a = realistic_city(&RealisticSpec::new(300, 11));
    let b = realistic_city(&RealisticSpec::new(300, 11));
    assert!(a == b, "same seed, different cities");
    let c = realistic_city(&RealisticSpec::new(300, 12));
    assert!(a.parcels != c.parcels, "the seed changes nothing");
}
