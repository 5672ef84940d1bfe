//! Flat export for QGIS attribute tables: one feature per stratum (the stratum's
//! footprint, or its parcel) with plain scalar properties, plus facilities and streets.
//! QGIS shows the polygons, points and lines of the file as separate layers.

use serde_json::{Map, Value, json};

use std::io::Write as _;

use super::write::{WriteError, polygon_coords};
use crate::model::ProjectionError;
use crate::model::{Parcel, Plan, Reference, Stratum};

/// `0701:0.6+0901:0.4`: the "+" form GIS tools use for mixed use, with shares.
fn uses_text(stratum: &Stratum) -> String {
    stratum
        .uses
        .iter()
        .map(|u| format!("{}:{}", u.code, u.share))
        .collect::<Vec<_>>()
        .join("+")
}

/// Columns a caller adds to every row of a parcel (e.g. the achieved zoning indicators,
/// which `io` cannot compute: they come from `analysis`).
pub type ParcelColumns<'a> = &'a (dyn Fn(&Parcel) -> Map<String, Value> + Sync);

fn stratum_properties(
    parcel: &Parcel,
    stratum: Option<&Stratum>,
    reference: &Reference,
    extra: ParcelColumns,
) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("kind".into(), json!("stratum"));
    p.insert("parcel_id".into(), json!(parcel.id.as_str()));
    p.insert("parcel_name".into(), json!(parcel.name));
    p.insert("scenario".into(), json!(parcel.scenario.as_str()));
    p.insert("status".into(), json!(parcel.status.map(|s| s.as_str())));
    p.insert("population".into(), json!(parcel.population));
    p.insert("parcel_area_m2".into(), json!(round2(parcel.area().m2())));
    control_columns(parcel, &mut p);
    p.extend(extra(parcel));
    let Some(s) = stratum else {
        return p;
    };
    let main = s.uses.iter().max_by(|a, b| a.share.total_cmp(&b.share));
    let class = main.and_then(|u| reference.classification.get(&u.code));
    let area = parcel.stratum_area(s);
    p.insert("stratum_id".into(), json!(s.id.as_str()));
    p.insert("z_bottom".into(), json!(s.z.bottom));
    p.insert("z_top".into(), json!(s.z.top));
    p.insert("floors".into(), json!(s.floors));
    p.insert("use".into(), json!(main.map(|u| u.code.as_str())));
    p.insert("use_share".into(), json!(main.map(|u| u.share)));
    p.insert("use_zh".into(), json!(class.map(|c| c.zh.as_str())));
    p.insert("use_en".into(), json!(class.map(|c| c.en.as_str())));
    p.insert("uses".into(), json!(uses_text(s)));
    p.insert("mixed".into(), json!(s.uses.len() > 1));
    let holders = s
        .holders
        .iter()
        .map(|h| format!("{}:{}", h.name, h.share))
        .collect::<Vec<_>>()
        .join("; ");
    p.insert("holders".into(), json!(holders));
    p.insert("right".into(), json!(s.right.map(|r| r.as_str())));
    p.insert(
        "term_start".into(),
        json!(s.term.as_ref().and_then(|t| t.start.clone())),
    );
    p.insert(
        "term_years".into(),
        json!(s.term.as_ref().and_then(|t| t.years)),
    );
    operation_columns(s, &mut p);
    p.insert("facilities".into(), json!(s.facilities.join(",")));
    p.insert("note".into(), json!(s.note));
    p.insert("area_m2".into(), json!(round2(area.m2())));
    p.insert("area_mu".into(), json!(round2(area.mu())));
    p
}

/// The parcel's zoning controls (DESIGN.md *Zoning controls*) as plain columns, null
/// where a control is not set; the required facilities comma-separated.
fn control_columns(parcel: &Parcel, p: &mut Map<String, Value>) {
    let c = parcel.controls.as_ref();
    let text =
        |f: fn(&crate::model::Controls) -> &Option<String>| json!(c.and_then(|c| f(c).as_deref()));
    let number = |f: fn(&crate::model::Controls) -> Option<f64>| json!(c.and_then(f));
    p.insert("control_code".into(), text(|c| &c.code));
    p.insert("zone".into(), text(|c| &c.zone));
    p.insert("main_use".into(), text(|c| &c.main_use));
    p.insert("far_min".into(), number(|c| c.far_min));
    p.insert("far_max".into(), number(|c| c.far_max));
    p.insert("density_max".into(), number(|c| c.density_max));
    p.insert("green_min".into(), number(|c| c.green_min));
    p.insert("height_max".into(), number(|c| c.height_max));
    p.insert(
        "parking_min_per_100m2".into(),
        number(|c| c.parking_min_per_100m2),
    );
    p.insert(
        "required_facilities".into(),
        json!(c.map(|c| c.facilities.join(","))),
    );
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

/// The plan flattened: a plain FeatureCollection with one feature per stratum.
pub fn flat_value(plan: &Plan, reference: &Reference) -> Result<Value, WriteError> {
    flat_value_with(plan, reference, &|_| Map::new())
}

/// [`flat_value`] with columns a caller adds to each parcel's rows (after the parcel's
/// own columns and controls, before the stratum's).
pub fn flat_value_with(
    plan: &Plan,
    reference: &Reference,
    extra: ParcelColumns,
) -> Result<Value, WriteError> {
    super::write::check_finite(plan)?;
    let projector = plan.frame.projector()?;
    let mut features = Vec::new();
    for chunk in chunks(plan) {
        for feature in chunk.features(plan, reference, extra, &projector) {
            features.push(feature?);
        }
    }
    Ok(json!({
        "type": "FeatureCollection",
        "name": plan.display_name(),
        "features": features,
    }))
}

/// Saves the flat export to `path` (atomically, no backup) as pretty JSON text, byte for
/// byte `serde_json::to_string_pretty(&flat_value_with(…))` and a newline, without
/// holding the document: the features are made a chunk at a time (in parallel) and
/// written as they come, so a city of 200 000 strata needs the memory of one chunk, not
/// of the whole text twice over (7.8 GB before, on the realistic city).
pub fn save_flat(
    plan: &Plan,
    reference: &Reference,
    extra: ParcelColumns,
    path: &std::path::Path,
) -> Result<(), WriteError> {
    super::write::check_finite(plan)?;
    let projector = plan.frame.projector()?;
    let failed = std::cell::RefCell::new(None);
    let doc = FlatDoc {
        plan,
        reference,
        extra,
        projector: &projector,
        failed: &failed,
    };
    let written = super::write_atomic(path, super::Backup::None, |out| {
        let mut writer = std::io::BufWriter::with_capacity(1 << 20, out);
        let mut ser = serde_json::Serializer::pretty(&mut writer);
        serde::Serialize::serialize(&doc, &mut ser).map_err(std::io::Error::other)?;
        writer.write_all(b"\n")?;
        writer.flush()
    });
    match failed.into_inner() {
        Some(e) => Err(WriteError::Projection(e)),
        None => written,
    }
}

/// Features made at once: enough for the threads to share, few enough to stay small.
const CHUNK: usize = 4096;

/// A run of the flat export's rows: parcels `a..b` (one row per stratum, or one for a
/// parcel without strata), then facilities and streets.
enum Chunk {
    Parcels(usize, usize),
    Facilities(usize, usize),
    Streets(usize, usize),
}

fn chunks(plan: &Plan) -> impl Iterator<Item = Chunk> + '_ {
    let runs = |n: usize| (0..n).step_by(CHUNK).map(move |a| (a, (a + CHUNK).min(n)));
    runs(plan.parcels.len())
        .map(|(a, b)| Chunk::Parcels(a, b))
        .chain(runs(plan.facilities.len()).map(|(a, b)| Chunk::Facilities(a, b)))
        .chain(runs(plan.streets.len()).map(|(a, b)| Chunk::Streets(a, b)))
}

impl Chunk {
    /// The chunk's features in order, made in parallel.
    fn features(
        &self,
        plan: &Plan,
        reference: &Reference,
        extra: ParcelColumns,
        projector: &crate::model::FrameProjector,
    ) -> Vec<Result<Value, ProjectionError>> {
        use rayon::prelude::*;
        match *self {
            Chunk::Parcels(a, b) => plan.parcels[a..b]
                .par_iter()
                .map(|parcel| parcel_rows(parcel, reference, extra, projector))
                .collect::<Vec<_>>()
                .into_iter()
                .flatten()
                .collect(),
            Chunk::Facilities(a, b) => plan.facilities[a..b]
                .par_iter()
                .map(|f| super::write::facility_to_value(f, projector))
                .collect(),
            Chunk::Streets(a, b) => plan.streets[a..b]
                .par_iter()
                .map(|s| super::write::street_to_value(s, projector))
                .collect(),
        }
    }
}

/// One parcel's rows: one per stratum, or one for the parcel itself without strata.
fn parcel_rows(
    parcel: &Parcel,
    reference: &Reference,
    extra: ParcelColumns,
    projector: &crate::model::FrameProjector,
) -> Vec<Result<Value, ProjectionError>> {
    let geometry = |shape: &geo::MultiPolygon<f64>| -> Result<Value, ProjectionError> {
        let parts = shape
            .0
            .iter()
            .map(|p| polygon_coords(p, projector))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(if parts.len() == 1 {
            json!({ "type": "Polygon", "coordinates": parts[0] })
        } else {
            json!({ "type": "MultiPolygon", "coordinates": parts })
        })
    };
    if parcel.strata.is_empty() {
        return vec![geometry(&parcel.shape).map(|g| {
            json!({
                "type": "Feature",
                "id": parcel.id.as_str(),
                "geometry": g,
                "properties": stratum_properties(parcel, None, reference, extra),
            })
        })];
    }
    parcel
        .strata
        .iter()
        .map(|stratum| {
            geometry(&parcel.stratum_shape(stratum)).map(|g| {
                json!({
                    "type": "Feature",
                    "id": format!("{}/{}", parcel.id, stratum.id),
                    "geometry": g,
                    "properties": stratum_properties(parcel, Some(stratum), reference, extra),
                })
            })
        })
        .collect()
}

/// The flat document for serde: its features are made while it is written.
struct FlatDoc<'a> {
    plan: &'a Plan,
    reference: &'a Reference,
    extra: ParcelColumns<'a>,
    projector: &'a crate::model::FrameProjector,
    /// The first projection error, which stops the writing (serde's error cannot carry it).
    failed: &'a std::cell::RefCell<Option<ProjectionError>>,
}

impl serde::Serialize for FlatDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(3))?;
        map.serialize_entry("type", "FeatureCollection")?;
        map.serialize_entry("name", &self.plan.display_name())?;
        map.serialize_entry("features", &FlatFeatures(self))?;
        map.end()
    }
}

struct FlatFeatures<'a, 'b>(&'b FlatDoc<'a>);

impl serde::Serialize for FlatFeatures<'_, '_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeSeq};
        let doc = self.0;
        let mut seq = s.serialize_seq(None)?;
        for chunk in chunks(doc.plan) {
            for feature in chunk.features(doc.plan, doc.reference, doc.extra, doc.projector) {
                match feature {
                    Ok(value) => seq.serialize_element(&value)?,
                    Err(e) => {
                        *doc.failed.borrow_mut() = Some(e);
                        return Err(S::Error::custom("projection failed"));
                    }
                }
            }
        }
        seq.end()
    }
}

/// The stratum's unit code and operation as plain columns (null where not set); terms
/// also with their end (`YYYY-MM-DD`) so that a GIS can filter what expires.
fn operation_columns(s: &crate::model::Stratum, p: &mut Map<String, Value>) {
    let op = s.operation.as_ref();
    let term = op.and_then(|o| o.term.as_ref());
    p.insert("unit_code".into(), json!(s.unit_code));
    p.insert(
        "parent_unit_codes".into(),
        json!((!s.parent_unit_codes.is_empty()).then(|| s.parent_unit_codes.join(","))),
    );
    p.insert(
        "term_end".into(),
        json!(s.term.as_ref().and_then(|t| t.end_date())),
    );
    p.insert(
        "operator".into(),
        json!(op.and_then(|o| o.operator.clone())),
    );
    p.insert(
        "operation_mode".into(),
        json!(op.and_then(|o| o.mode.map(|m| m.as_str()))),
    );
    p.insert(
        "operation_start".into(),
        json!(term.and_then(|t| t.start.clone())),
    );
    p.insert("operation_years".into(), json!(term.and_then(|t| t.years)));
    p.insert(
        "operation_end".into(),
        json!(term.and_then(|t| t.end_date())),
    );
    p.insert(
        "annual_revenue".into(),
        json!(op.and_then(|o| o.annual_revenue)),
    );
    p.insert("investment".into(), json!(op.and_then(|o| o.investment)));
}
