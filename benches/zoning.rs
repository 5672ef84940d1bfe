//! Zoning controls and compatibility on 100 000 parcels (issue 16: under 100 ms). Every
//! parcel of the synthetic city gets controls and a built stack like the samples': a
//! podium and a tower with their own footprints (so density takes a union of polygons)
//! and an open-ground stratum with a hole around the podium.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use geo::{BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};
use strata::analysis::zoning::zoning_report;
use strata::analysis::zoning_check::zoning_problems;
use strata::model::{Controls, Plan, Reference, Scenario, Stratum};

/// The parcel's bounding box shrunk about its centre to `share` of its area.
fn inset(shape: &MultiPolygon<f64>, share: f64) -> Polygon<f64> {
    let r = shape
        .bounding_rect()
        .unwrap_or(Rect::new((0.0, 0.0), (1.0, 1.0)));
    let k = share.sqrt() / 2.0;
    let (cx, cy, w, h) = (r.center().x, r.center().y, r.width() * k, r.height() * k);
    Rect::new(
        Coord {
            x: cx - w,
            y: cy - h,
        },
        Coord {
            x: cx + w,
            y: cy + h,
        },
    )
    .to_polygon()
}

fn zoned_city() -> Plan {
    let mut plan = strata::synth::city(100_000, 20_000, 1);
    for parcel in &mut plan.parcels {
        let Some(first) = parcel.strata.first().cloned() else {
            continue;
        };
        let podium = inset(&parcel.shape, 0.35);
        let mut base = first.clone();
        base.z.bottom = 0.0;
        base.z.top = 9.0;
        base.floors = Some(2);
        base.footprint = Some(podium.clone());
        let mut tower = first.clone();
        tower.id = strata::model::StratumId::new("tower");
        tower.z.bottom = 9.0;
        tower.z.top = 60.0;
        tower.floors = Some(17);
        tower.footprint = Some(inset(&parcel.shape, 0.15));
        let mut yard = Stratum::ground("yard", &first.uses[0].code);
        yard.z.top = 1.0;
        let outer = parcel.shape.0[0].exterior().clone();
        let hole = LineString::new(podium.exterior().0.iter().rev().copied().collect());
        yard.footprint = Some(Polygon::new(outer, vec![hole]));
        yard.extra.insert("building".into(), false.into());
        yard.extra.insert("green".into(), 0.5.into());
        parcel.strata = vec![base, tower, yard];
        let controls = serde_json::json!({ "code": parcel.id.as_str(), "main_use": "0701",
            "far": [1.0, 2.5], "density_max": 0.3, "green_min": 0.3, "height_max": 54,
            "parking_min_per_100m2": 0.5, "facilities": ["kindergarten"] });
        if let serde_json::Value::Object(map) = controls {
            parcel.controls = Some(Controls::from_json(map));
        }
    }
    plan
}

fn zoning(c: &mut Criterion) {
    let plan = zoned_city();
    let reference = Reference::default();
    let ok = vec![true; plan.parcels.len()];
    let mut group = c.benchmark_group("zoning");
    group.sample_size(10);
    group.bench_function("zoning_report_100k", |b| {
        b.iter(|| zoning_report(black_box(&plan), Scenario::Proposed, &reference))
    });
    group.bench_function("zoning_problems_100k", |b| {
        b.iter(|| zoning_problems(black_box(&plan), &reference, &ok))
    });
    group.finish();
}

criterion_group!(benches, zoning);
criterion_main!(benches);
