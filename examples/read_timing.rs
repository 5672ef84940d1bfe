//! Times the plan reader on a file: the fast path and the whole-file reader, in process
//! (wall and CPU time), and `io::save_plan`'s text. Usage: read_timing FILE.geojson
use std::time::Instant;

fn cpu() -> f64 {
    // user + system time of the process, from /proc (Linux only; 0 elsewhere).
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(11) + ticks(12)) / 100.0
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: read_timing FILE.geojson");
    let bytes = std::fs::read(&path).expect("read");
    let mb = bytes.len() as f64 / 1e6;
    let options = strata::io::ReadOptions::default();
    let time = |name: &str, f: &mut dyn FnMut()| {
        let (t, c) = (Instant::now(), cpu());
        f();
        let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu() - c);
        println!(
            "{name:<28} wall {wall:6.3} s ({:6.1} MB/s)  cpu {cpu:6.2} s",
            mb / wall
        );
    };
    time("scan (serde_json, no values)", &mut || {
        let _: serde::de::IgnoredAny = serde_json::from_slice(&bytes).expect("json");
    });
    let mut plan = None;
    time("load_plan (fast)", &mut || {
        plan = Some(strata::io::load_plan(path.as_ref(), &options).expect("load"));
    });
    if std::env::args().any(|a| a == "--load-only") {
        return;
    }
    time("read_plan_fast (in memory)", &mut || {
        let (loaded, modelled) = strata::io::read_plan_fast(&bytes, &options).expect("fast path");
        let plan = loaded.expect("valid").plan;
        let all = plan.parcels.len() + plan.facilities.len() + plan.streets.len();
        println!("{modelled} of {all} features modelled by the fast path");
    });
    if std::env::args().any(|a| a == "--slow") {
        time("read_plan_slow (in memory)", &mut || {
            strata::io::read_plan_slow(&bytes, &options).expect("slow");
        });
    }
    let plan = plan.expect("plan").plan;
    let mut text = String::new();
    time("plan_to_string", &mut || {
        text = strata::io::plan_to_string(&plan).expect("write");
    });
    if std::env::args().any(|a| a == "--analysis") {
        let reference = strata::model::Reference::default();
        let analysis = strata::analysis::report::AnalysisJson::compute(
            &plan,
            strata::model::Scenario::Proposed,
            Default::default(),
            &reference,
        );
        let mut counted = Counted(0);
        let (t, c) = (Instant::now(), cpu());
        analysis.write_pretty(&mut counted).expect("write");
        let (wall, cpu) = (t.elapsed().as_secs_f64(), cpu() - c);
        let out_mb = counted.0 as f64 / 1e6;
        println!(
            "analysis JSON {out_mb:.0} MB     wall {wall:6.3} s ({:6.1} MB/s)  cpu {cpu:6.2} s",
            out_mb / wall
        );
    }
    let out = std::env::temp_dir().join("read_timing_save.geojson");
    time("save_plan", &mut || {
        if let Err(e) = strata::io::save_plan(&plan, &out) {
            println!("save_plan refused: {e}");
        }
    });
    let _ = std::fs::remove_file(&out);
}

/// A sink that counts the bytes written to it.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
