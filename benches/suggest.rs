//! Site suggestions (issue 9): one category, 5 000 candidate parcels, on the 100k-parcel
//! synthetic city, straight-line and along the walking network. The coverage analysis is
//! computed outside the timed loop (the editor and `strata suggest` have it already);
//! what is timed is `analysis::suggest::suggest`: candidates, the residents each would
//! newly reach, and the choice of 10 sites.

use std::collections::HashSet;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use strata::analysis::suggest::{Candidates, suggest};
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Scenario, Standard, Status};

fn suggestions(c: &mut Criterion) {
    // Few facilities, so that many homes lack a kindergarten and candidates matter.
    let plan = strata::synth::city(100_000, 1_000, 1);
    let standard = Standard::default_gb50180();
    let candidates: HashSet<_> = plan
        .parcels
        .iter()
        .filter(|p| {
            matches!(
                p.status,
                Some(Status::Idle | Status::Underused | Status::Released)
            )
        })
        .take(5_000)
        .map(|p| p.id.clone())
        .collect();
    assert_eq!(candidates.len(), 5_000);
    let candidates = Candidates::Parcels(candidates);
    let mut group = c.benchmark_group("suggest");
    group.sample_size(10);
    for metric in [Metric::Euclidean, Metric::Network] {
        let options = CoverageOptions {
            metric,
            ..Default::default()
        };
        let coverage = Coverage::compute(&plan, Scenario::Proposed, &standard, options);
        let name = format!("kindergarten_5000_candidates_100k_{}", metric.as_str());
        group.bench_function(name, |b| {
            b.iter(|| {
                suggest(
                    black_box(&plan),
                    &coverage,
                    &standard,
                    "kindergarten",
                    10,
                    &candidates,
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, suggestions);
criterion_main!(benches);
