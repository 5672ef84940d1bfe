//! Validation's shortcuts (issue 17) change no result: `strata analyze` takes the rights
//! conflicts from `rights_conflicts_of` instead of validating the whole plan again, and
//! the polygon checks decide simple parcels without geo's quadratic validation.

use strata::model::ProblemKind;

use crate::common::{geojson_files, repo};

fn conflict_kinds(kind: ProblemKind) -> bool {
    matches!(kind, ProblemKind::RightsConflict | ProblemKind::Sliver)
}

/// On every plan of the tests and the samples that loads, and on a realistic city, the
/// conflicts and slivers are those of `validate`, in the same order.
#[test]
fn rights_conflicts_of_equals_what_validate_reports() {
    let mut files = Vec::new();
    for folder in ["tests/bad", "tests/valid", "sample_maps"] {
        files.extend(geojson_files(folder));
    }
    let mut with_conflicts = 0;
    let mut plans: Vec<strata::model::Plan> = files
        .iter()
        .filter_map(|path| strata::io::load_plan(path, &Default::default()).ok())
        .map(|loaded| loaded.plan)
        .collect();
    plans.push(strata::synth::realistic_city(
        &strata::synth::RealisticSpec::new(800, 2),
    ));
    for plan in &plans {
        let expected: Vec<_> = strata::analysis::validate(plan)
            .into_iter()
            .filter(|p| conflict_kinds(p.kind))
            .collect();
        let got = strata::analysis::validate::rights_conflicts_of(plan);
        assert_eq!(got, expected, "{}", plan.display_name());
        with_conflicts += usize::from(!expected.is_empty());
    }
    assert!(
        with_conflicts >= 2,
        "only {with_conflicts} plans with conflicts"
    );
}

/// The expected problems of the bad files still come out (the shortcuts only skip work
/// on shapes that are fine), with the geometry ones checked here by name.
#[test]
fn invalid_shapes_are_still_reported() {
    for (file, kind) in [
        (
            "self_intersection_bowtie.geojson",
            ProblemKind::SelfIntersection,
        ),
        ("hole_outside_shell.geojson", ProblemKind::HoleOutsideShell),
        ("overlapping_parts.geojson", ProblemKind::OverlappingParts),
        (
            "footprint_outside_parcel.geojson",
            ProblemKind::FootprintOutsideParcel,
        ),
        (
            "footprint_disjoint.geojson",
            ProblemKind::FootprintOutsideParcel,
        ),
    ] {
        let (_, problems) = crate::common::load(&repo(&format!("tests/bad/{file}")));
        assert!(
            problems.iter().any(|p| p.kind == kind && p.is_error()),
            "{file}: {problems:?}"
        );
    }
}
