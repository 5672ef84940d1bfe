//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use strata::model::{Plan, Problem};

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The `*.geojson` files of a folder, sorted.
pub fn geojson_files(folder: &str) -> Vec<PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(repo(folder))
        .unwrap_or_else(|e| panic!("cannot list {folder}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    files.sort();
    files
}

pub fn load(path: &Path) -> (Plan, Vec<Problem>) {
    let loaded = strata::io::load_plan(path, &Default::default())
        .unwrap_or_else(|e| panic!("{} does not load: {e}", path.display()));
    let mut problems = loaded.problems;
    problems.extend(strata::analysis::validate(&loaded.plan));
    (loaded.plan, problems)
}

pub fn manifest(path: &str) -> toml::Table {
    let text = std::fs::read_to_string(repo(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let table: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    table
        .get("files")
        .and_then(|f| f.as_table())
        .cloned()
        .unwrap_or_else(|| panic!("{path} has no [files] table"))
}

/// Largest distance between corresponding coordinates of two plans' modelled geometry
/// (in metres), or `None` when the structure differs.
pub fn max_coordinate_gap(a: &Plan, b: &Plan) -> Option<f64> {
    use geo::CoordsIter;
    let mut gap: f64 = 0.0;
    let mut compare = |xs: Vec<geo::Coord<f64>>, ys: Vec<geo::Coord<f64>>| -> bool {
        if xs.len() != ys.len() {
            return false;
        }
        for (p, q) in xs.iter().zip(&ys) {
            gap = gap.max((p.x - q.x).hypot(p.y - q.y));
        }
        true
    };
    if a.parcels.len() != b.parcels.len()
        || a.facilities.len() != b.facilities.len()
        || a.streets.len() != b.streets.len()
    {
        return None;
    }
    for (p, q) in a.parcels.iter().zip(&b.parcels) {
        if !compare(
            p.shape.coords_iter().collect(),
            q.shape.coords_iter().collect(),
        ) {
            return None;
        }
        for (s, t) in p.strata.iter().zip(&q.strata) {
            let fs = s.footprint.iter().flat_map(|f| f.coords_iter()).collect();
            let ft = t.footprint.iter().flat_map(|f| f.coords_iter()).collect();
            if !compare(fs, ft) {
                return None;
            }
        }
    }
    for (f, g) in a.facilities.iter().zip(&b.facilities) {
        compare(vec![f.position.0], vec![g.position.0]);
    }
    for (s, t) in a.streets.iter().zip(&b.streets) {
        if !compare(
            s.line.coords_iter().collect(),
            t.line.coords_iter().collect(),
        ) {
            return None;
        }
    }
    Some(gap)
}

/// A copy of the plan with all geometry removed, to compare everything else exactly.
pub fn without_geometry(plan: &Plan) -> Plan {
    let mut plan = plan.clone();
    for p in &mut plan.parcels {
        p.shape = geo::MultiPolygon::new(vec![]);
        for s in &mut p.strata {
            s.footprint = s
                .footprint
                .as_ref()
                .map(|_| geo::Polygon::new(geo::LineString::new(vec![]), vec![]));
        }
    }
    for f in &mut plan.facilities {
        f.position = geo::Point::new(0.0, 0.0);
    }
    for s in &mut plan.streets {
        s.line = geo::MultiLineString::new(vec![]);
    }
    plan
}

/// Holds the language for one test and puts English back when dropped.
pub struct Language(#[allow(dead_code)] MutexGuard<'static, ()>);

impl Language {
    pub fn take() -> Self {
        static LOCK: Mutex<()> = Mutex::new(());
        let guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        strata::i18n::set_lang(strata::i18n::Lang::En);
        Language(guard)
    }

    pub fn set(&self, lang: strata::i18n::Lang) {
        strata::i18n::set_lang(lang);
    }
}

impl Drop for Language {
    fn drop(&mut self) {
        strata::i18n::set_lang(strata::i18n::Lang::En);
    }
}
