//! Coverage against hand-computed answers, on small plans built in plan metres.

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Point, Rect};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::io::LocalFrame;
use strata::model::{
    Facility, FacilityId, FeatureMeta, Parcel, Plan, Scenario, Standard, Stratum, Street, StreetId,
};

fn plan() -> Plan {
    Plan::new(LocalFrame::new(115.95, 39.03))
}

fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    MultiPolygon::new(vec![
        Rect::new(Coord { x: x0, y: y0 }, Coord { x: x1, y: y1 }).to_polygon(),
    ])
}

fn add_home(plan: &mut Plan, id: &str, shape: MultiPolygon<f64>, population: f64) {
    let mut p = Parcel::new(id, Scenario::Proposed, shape);
    p.strata.push(Stratum::ground("s1", "0701"));
    p.population = Some(population);
    plan.parcels.push(p);
}

fn add_facility(plan: &mut Plan, category: &str, x: f64, y: f64) {
    let n = plan.facilities.len() + 1;
    plan.facilities.push(Facility {
        id: FacilityId::new(format!("f-{n}")),
        scenario: Scenario::Proposed,
        position: Point::new(x, y),
        category: category.into(),
        name: None,
        meta: FeatureMeta::default(),
    });
}

fn add_street(plan: &mut Plan, points: &[(f64, f64)]) {
    let n = plan.streets.len() + 1;
    plan.streets.push(Street {
        id: StreetId::new(format!("st-{n}")),
        scenario: Scenario::Proposed,
        line: MultiLineString::new(vec![LineString::from(points.to_vec())]),
        walkable: true,
        name: None,
        meta: FeatureMeta::default(),
    });
}

fn coverage(plan: &Plan, metric: Metric) -> Coverage {
    let options = CoverageOptions {
        metric,
        ..Default::default()
    };
    Coverage::compute(
        plan,
        Scenario::Proposed,
        &Standard::default_gb50180(),
        options,
    )
}

fn category(c: &Coverage, id: &str) -> usize {
    c.categories
        .iter()
        .position(|x| x.id == id)
        .expect("category")
}

#[test]
fn a_facility_exactly_at_the_radius_is_covered_one_centimetre_beyond_is_not() {
    for (x, expected) in [(300.0, true), (300.01, false)] {
        let mut p = plan();
        add_home(&mut p, "p-1", rect(-10.0, -10.0, 10.0, 10.0), 100.0);
        add_facility(&mut p, "kindergarten", x, 0.0);
        let c = coverage(&p, Metric::Euclidean);
        let k = category(&c, "kindergarten");
        assert_eq!(c.nearest[k][0], Some(x));
        assert_eq!(c.covered(k, 0), expected, "kindergarten at {x} m");
    }
}

#[test]
fn a_river_with_one_bridge_makes_the_walk_long() {
    let mut p = plan();
    // South bank street y = -50, north bank y = 50, bridge at x = 900 (shared vertices).
    add_street(&mut p, &[(0.0, -50.0), (900.0, -50.0), (1000.0, -50.0)]);
    add_street(&mut p, &[(0.0, 50.0), (900.0, 50.0), (1000.0, 50.0)]);
    add_street(&mut p, &[(900.0, -50.0), (900.0, 50.0)]);
    add_home(&mut p, "p-1", rect(90.0, -70.0, 110.0, -60.0), 100.0); // home point (100, -65)
    add_facility(&mut p, "primary_school", 100.0, 65.0);
    let straight = coverage(&p, Metric::Euclidean);
    let s = category(&straight, "primary_school");
    assert!((straight.nearest[s][0].expect("distance") - 130.0).abs() < 1e-9);
    assert!(straight.covered(s, 0));
    let walk = coverage(&p, Metric::Network);
    // 15 m to the street, 800 m east, 100 m over the bridge, 800 m west, 15 m to the school.
    let d = walk.nearest[s][0].expect("reachable");
    assert!((d - 1730.0).abs() < 1e-9, "{d}");
    assert!(!walk.covered(s, 0));
}

#[test]
fn streets_crossing_without_a_shared_vertex_do_not_connect() {
    let mut p = plan();
    add_street(&mut p, &[(-500.0, 0.0), (500.0, 0.0)]);
    add_street(&mut p, &[(0.0, -500.0), (0.0, 500.0)]);
    add_home(&mut p, "p-1", rect(-310.0, 5.0, -290.0, 15.0), 100.0); // joins the east-west street
    add_facility(&mut p, "kindergarten", 5.0, 200.0); // joins the north-south street
    let walk = coverage(&p, Metric::Network);
    assert_eq!(walk.nearest[category(&walk, "kindergarten")][0], None);
}

#[test]
fn a_home_and_a_facility_on_the_same_segment() {
    let mut p = plan();
    add_street(&mut p, &[(0.0, 0.0), (1000.0, 0.0)]);
    add_home(&mut p, "p-1", rect(90.0, 10.0, 110.0, 30.0), 100.0); // (100, 20)
    add_facility(&mut p, "kindergarten", 400.0, -30.0);
    let walk = coverage(&p, Metric::Network);
    let d = walk.nearest[category(&walk, "kindergarten")][0].expect("reachable");
    assert!((d - 350.0).abs() < 1e-9, "20 + 300 + 30, got {d}");
}

#[test]
fn a_point_beyond_500_m_of_any_street_is_off_the_network() {
    let mut p = plan();
    add_street(&mut p, &[(0.0, 0.0), (1000.0, 0.0)]);
    add_home(&mut p, "p-1", rect(90.0, 590.0, 110.0, 610.0), 100.0); // 600 m from the street
    add_facility(&mut p, "kindergarten", 100.0, 10.0);
    let walk = coverage(&p, Metric::Network);
    assert_eq!(walk.nearest[category(&walk, "kindergarten")][0], None);
}

#[test]
fn parks_count_from_the_size_threshold_up() {
    // 5-minute park: 0.4 ha. 40 m × 99.99 m is just below, 40 m × 100.01 m just above.
    for (length, serves) in [(99.99, false), (100.01, true)] {
        let mut p = plan();
        add_home(&mut p, "p-1", rect(-10.0, -10.0, 10.0, 10.0), 100.0);
        let mut park = Parcel::new("p-2", Scenario::Proposed, rect(50.0, 0.0, 90.0, length));
        park.strata.push(Stratum::ground("s1", "1401"));
        p.parcels.push(park);
        let c = coverage(&p, Metric::Euclidean);
        let k = category(&c, "park_5min");
        assert_eq!(c.covered(k, 0), serves, "park of {} m²", 40.0 * length);
        if serves {
            // Reached at its boundary: 50 m from the home point, not at its centroid.
            assert_eq!(c.nearest[k][0], Some(50.0));
        }
        // A 0.4 ha park is far below the 10-minute tier's 1 ha.
        assert_eq!(c.nearest[category(&c, "park_10min")][0], None);
    }
}

#[test]
fn a_hosted_facility_is_reached_at_its_parcel_boundary() {
    let mut p = plan();
    add_home(&mut p, "p-1", rect(-10.0, -10.0, 10.0, 10.0), 100.0);
    let mut school = Parcel::new("p-2", Scenario::Proposed, rect(250.0, -100.0, 450.0, 100.0));
    let mut s = Stratum::ground("s1", "080403");
    s.facilities = vec!["primary_school".into()];
    school.strata.push(s);
    p.parcels.push(school);
    let c = coverage(&p, Metric::Euclidean);
    assert_eq!(c.nearest[category(&c, "primary_school")][0], Some(250.0));
}

#[test]
fn population_comes_from_floor_area_when_not_given() {
    let mut p = plan();
    let mut parcel = Parcel::new("p-1", Scenario::Proposed, rect(0.0, 0.0, 30.0, 30.0));
    let mut s = Stratum::ground("s1", "0701");
    s.floors = Some(4);
    s.uses[0].share = 0.5;
    s.uses.push(strata::model::Use {
        code: "090101".into(),
        share: 0.5,
        extra: Default::default(),
    });
    parcel.strata.push(s);
    // An underground stratum does not add floor area.
    let mut basement = Stratum::ground("s0", "0701");
    basement.z = strata::model::ZRange::new(-6.0, 0.0);
    basement.floors = Some(2);
    parcel.strata.push(basement);
    p.parcels.push(parcel);
    let c = coverage(&p, Metric::Euclidean);
    // 900 m² × 4 floors × 0.5 residential / 36 m² per person.
    assert_eq!(c.homes[0].population, 50.0);
}

#[test]
fn district_figures_are_weighted_by_population() {
    let mut p = plan();
    add_home(&mut p, "p-1", rect(-10.0, -10.0, 10.0, 10.0), 100.0);
    add_home(&mut p, "p-2", rect(990.0, -10.0, 1010.0, 10.0), 300.0);
    add_facility(&mut p, "kindergarten", 100.0, 0.0);
    let c = coverage(&p, Metric::Euclidean);
    let report = strata::analysis::report::coverage_report(&c);
    let k = report
        .categories
        .iter()
        .find(|x| x.id == "kindergarten")
        .expect("kindergarten");
    assert_eq!(k.homes_covered, 1);
    assert_eq!(k.population_covered, 100.0);
    assert_eq!(k.share_population, 0.25);
    let gap = report
        .gaps
        .iter()
        .find(|g| g.category == "kindergarten")
        .expect("gap");
    assert_eq!((gap.homes, gap.population), (1, 300.0));
}

#[test]
fn jobs_housing_and_diversity_within_reach() {
    let mut p = plan();
    add_home(&mut p, "p-1", rect(0.0, 0.0, 30.0, 30.0), 50.0); // 900 m² of housing, 1 floor
    let mut office = Parcel::new("p-2", Scenario::Proposed, rect(100.0, 0.0, 125.0, 40.0)); // 1000 m²
    let mut s = Stratum::ground("s1", "0902");
    s.floors = Some(2);
    office.strata.push(s);
    p.parcels.push(office);
    let mut far = Parcel::new("p-3", Scenario::Proposed, rect(5000.0, 0.0, 5100.0, 100.0));
    far.strata.push(Stratum::ground("s1", "0902"));
    p.parcels.push(far);
    let standard = Standard::default_gb50180();
    let c = coverage(&p, Metric::Euclidean);
    let mix = strata::analysis::mix::mix_report(&p, Scenario::Proposed, &standard, &c);
    let home = &mix.homes[0];
    // 2000 m² of offices / 20 m² per job = 100 jobs within 1000 m; the far office is out of reach.
    assert!(
        (home.jobs_within_reach - 100.0).abs() < 1e-9,
        "{}",
        home.jobs_within_reach
    );
    assert_eq!(home.residents_within_reach, 50.0);
    assert_eq!(home.jobs_housing_ratio, Some(2.0));
    // Floor area within reach: 900 m² residential, 2000 m² commercial (class 09).
    let (a, b): (f64, f64) = (900.0 / 2900.0, 2000.0 / 2900.0);
    let shannon = -(a * a.ln() + b * b.ln());
    let d = home.diversity_within_reach;
    assert_eq!(d.hill0, 2.0);
    assert!((d.shannon - shannon).abs() < 1e-12 && (d.hill1 - shannon.exp()).abs() < 1e-12);
    assert!((d.hill2 - 1.0 / (a * a + b * b)).abs() < 1e-12);
    // District: all three parcels; 10 000 m² more of offices (1 floor) far away.
    assert!((mix.jobs - (100.0 + 10_000.0 / 20.0)).abs() < 1e-9);
}
