use std::time::Instant;
use strata::analysis::{Coverage, CoverageOptions, Metric};
use strata::model::{Scenario, Standard};
fn main() {
    let plan = strata::synth::city(100_000, 20_000, 1);
    let standard = Standard::default_gb50180();
    for _ in 0..2 {
        let t = Instant::now();
        let _c = Coverage::compute(
            &plan,
            Scenario::Proposed,
            &standard,
            CoverageOptions {
                metric: Metric::Network,
                ..Default::default()
            },
        );
        println!("network compute {:?}", t.elapsed());
    }
}
