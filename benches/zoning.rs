//! Zoning controls and compatibility on 100 000 parcels (issue 16: under 100 ms). Every
//! parcel of the synthetic city gets controls and a built stack like the samples': a
//! podium and a tower with their own footprints (so density takes a union of polygons)
//! and an open-ground stratum with a hole around the podium. As in a real plan most
//! parcels meet their controls: one in 25 has a tower too tall (FAR and height broken);
//! one in ten must host a kindergarten (and does). The `_all_broken` cases give every
//! parcel four violations (FAR, density, height, a missing kindergarten): the worst case.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use geo::{Area, BoundingRect, Coord, LineString, MultiPolygon, Polygon, Rect};
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

fn zoned_city(all_broken: bool) -> Plan {
    let mut plan = strata::synth::city(100_000, 20_000, 1);
    for (i, parcel) in plan.parcels.iter_mut().enumerate() {
        let broken = all_broken || i % 25 == 0;
        // One use per parcel (its main use in the synthetic city), also its controls'.
        let Some(code) = parcel.main_use().map(str::to_owned) else {
            continue;
        };
        let podium = inset(&parcel.shape, 0.35);
        let mut base = Stratum::ground("base", &code);
        base.z.top = 9.0;
        base.floors = Some(2);
        base.footprint = Some(podium.clone());
        let mut tower = Stratum::ground("tower", &code);
        tower.z.bottom = 9.0;
        let floors: u32 = if broken { 17 } else { 10 };
        tower.z.top = 9.0 + 3.0 * f64::from(floors);
        tower.floors = Some(floors);
        tower.footprint = Some(inset(&parcel.shape, 0.15));
        let mut yard = Stratum::ground("yard", &code);
        yard.z.top = 1.0;
        yard.floors = Some(0);
        let outer = parcel.shape.0[0].exterior().clone();
        let hole = LineString::new(podium.exterior().0.iter().rev().copied().collect());
        yard.footprint = Some(Polygon::new(outer, vec![hole]));
        yard.extra.insert("building".into(), false.into());
        yard.extra.insert("green".into(), 0.5.into());
        // Floor area ≈ parcel × (0.35 × 2 + 0.15 × floors): enough spaces for 0.5 / 100 m².
        let area = parcel.shape.unsigned_area();
        let spaces = (area * (0.7 + 0.15 * f64::from(floors)) * 0.005).ceil() + 1.0;
        base.extra.insert("parking_spaces".into(), spaces.into());
        let needs_kindergarten = all_broken || i % 10 == 0;
        if needs_kindergarten && !all_broken {
            base.facilities.push("kindergarten".into());
        }
        parcel.strata = vec![base, tower, yard];
        let density_max = if all_broken { 0.3 } else { 0.4 };
        let facilities: &[&str] = if needs_kindergarten {
            &["kindergarten"]
        } else {
            &[]
        };
        let controls = serde_json::json!({ "code": parcel.id.as_str(), "main_use": code,
            "far": [1.0, 2.5], "density_max": density_max, "green_min": 0.3, "height_max": 54,
            "parking_min_per_100m2": 0.5, "facilities": facilities });
        if let serde_json::Value::Object(map) = controls {
            parcel.controls = Some(Controls::from_json(map));
        }
    }
    plan
}

fn zoning(c: &mut Criterion) {
    let reference = Reference::default();
    let mut group = c.benchmark_group("zoning");
    group.sample_size(10);
    for (all_broken, suffix) in [(false, ""), (true, "_all_broken")] {
        let plan = zoned_city(all_broken);
        let ok = vec![true; plan.parcels.len()];
        let report = zoning_report(&plan, Scenario::Proposed, &reference);
        let mut by_indicator = std::collections::BTreeMap::new();
        for v in report.parcels.iter().flat_map(|p| &p.violations) {
            *by_indicator.entry(v.indicator.as_str()).or_insert(0) += 1;
        }
        eprintln!(
            "zoning{suffix}: {} violations {by_indicator:?}",
            report.violations
        );
        drop(report);
        group.bench_function(format!("zoning_report_100k{suffix}"), |b| {
            b.iter(|| zoning_report(black_box(&plan), Scenario::Proposed, &reference))
        });
        group.bench_function(format!("zoning_problems_100k{suffix}"), |b| {
            b.iter(|| zoning_problems(black_box(&plan), &reference, &ok))
        });
    }
    group.finish();
}

criterion_group!(benches, zoning);
criterion_main!(benches);
