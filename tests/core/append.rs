//! Appending another plan (an import into the open plan, issue 18): one undoable edit,
//! coordinates kept on the ground across the two plans' frames, taken ids renamed.

use strata::edit::append::append_plan;
use strata::model::Plan;

use crate::common::{load, repo};

/// Longitude/latitude of a parcel's first corner in its plan.
fn first_corner(plan: &Plan, i: usize) -> [f64; 2] {
    let c = plan.parcels[i].shape.0[0].exterior().0[0];
    let projector = plan.frame.projector().expect("frame");
    projector.to_lonlat(c.x, c.y).expect("projects")
}

#[test]
fn a_sample_appended_to_another_keeps_its_ground_positions_and_undo_removes_it() {
    let (mut plan, _) = load(&repo("sample_maps/xiongan_15min.geojson"));
    let (other, _) = load(&repo("sample_maps/shenzhen_renewal.geojson"));
    assert_ne!(plan.frame, other.frame, "two frames 2 000 km apart");
    let before = plan.clone();
    let (cmd, appended) = append_plan(&plan, &other, "shenzhen.geojson").expect("appends");
    assert_eq!(appended.parcels, other.parcels.len());
    assert_eq!(appended.facilities, other.facilities.len());
    assert_eq!(appended.streets, other.streets.len());
    cmd.apply(&mut plan).expect("applies");
    let n = before.parcels.len();
    assert_eq!(plan.parcels.len(), n + other.parcels.len());
    for i in 0..other.parcels.len() {
        let [lon, lat] = first_corner(&other, i);
        let [lon2, lat2] = first_corner(&plan, n + i);
        // 1e-8 degrees is about a millimetre.
        assert!(
            (lon - lon2).abs() < 1e-8 && (lat - lat2).abs() < 1e-8,
            "parcel {i}"
        );
        // Areas stay (both frames are true to scale near their centres, ~1e-4 away).
        let a = other.parcels[i].area().m2();
        let b = plan.parcels[n + i].area().m2();
        assert!((a - b).abs() / a < 2e-3, "parcel {i}: {a} vs {b}");
    }
    // Ids: unique across the plan after the append.
    let mut ids: Vec<&str> = plan.parcels.iter().map(|p| p.id.as_str()).collect();
    ids.extend(plan.facilities.iter().map(|f| f.id.as_str()));
    ids.extend(plan.streets.iter().map(|s| s.id.as_str()));
    let count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), count, "no id twice");
    assert!(
        appended.renamed > 0,
        "both samples number parcels p-1, p-2, …"
    );
    cmd.inverse().apply(&mut plan).expect("undoes");
    assert_eq!(plan, before);
}

#[test]
fn an_empty_plan_is_refused() {
    let (plan, _) = load(&repo("sample_maps/xiongan_15min.geojson"));
    let empty = Plan::new(plan.frame);
    let refused = append_plan(&plan, &empty, "empty.dxf").expect_err("nothing");
    assert_eq!(refused.to_string(), "empty.dxf has nothing to import");
}
