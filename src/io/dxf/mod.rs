//! DXF drawings in and out (AutoCAD's exchange format, which Chinese planners receive
//! and deliver plans in). Import: [`list_layers`] to choose, then [`import`] with
//! [`DxfImportOptions`] gives plan features and a [`DxfReport`] of what was skipped, by
//! entity type and layer and by handle. Export: [`export::plan_to_dxf`].
//!
//! CAD has no coordinate system: the caller names the CRS (`--crs EPSG:N`), the unit
//! (`mm` or `m`) and an offset. Curves (bulges, hatch arcs) become vertices within the
//! chord tolerance. DWG files are refused with the advice to save them as DXF
//! (docs/file-format.md says why).

pub mod export;
mod hatch;
mod import;
mod linework;
mod shapes;
mod source;
mod text;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ::dxf::entities::{Entity, EntityType};
use serde_json::{Value, json};

use super::crs::SourceCrs;
use super::read::{Loaded, ReadOptions, read_plan_value};
use crate::i18n::Message;
use crate::model::{Scenario, Status};
use crate::msg;

pub use linework::{Linework, linework, linework_bytes};
pub use shapes::bulge_points;
pub use text::{plain_mtext, plain_text};

/// Where a parcel's land-use code comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UseFrom {
    /// The first code-shaped token of the texts inside the parcel.
    #[default]
    Text,
    /// The first code-shaped token of the parcel's layer name (`0701 城镇住宅用地`).
    Layer,
    /// No code: parcels come without strata.
    None,
}

/// Where a facility's category comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CategoryFrom {
    /// The block's name (`kindergarten`, or mapped through `map`).
    #[default]
    Block,
    /// The layer's name.
    Layer,
    /// An attribute tagged CATEGORY/类别, else the nearest text within 10 m.
    Text,
}

/// How to read a drawing.
#[derive(Debug)]
pub struct DxfImportOptions {
    /// The drawing's CRS (required: CAD files have none).
    pub crs: Option<SourceCrs>,
    /// The layers to take shapes from (texts come from every layer).
    pub layers: Vec<String>,
    /// Text encoding overriding `$DWGCODEPAGE` (`GBK`, `Big5`, `UTF-8`…).
    pub encoding: Option<String>,
    /// Metres per drawing unit (1 for metres, 0.001 for millimetres).
    pub unit_scale: f64,
    /// Added to the coordinates after the unit, in metres (a local origin).
    pub offset: [f64; 2],
    /// Largest distance between an arc and its chords, in metres.
    pub chord_tolerance: f64,
    pub use_from: UseFrom,
    pub category_from: CategoryFrom,
    /// Source value → code or category (`R2 = "0701"`).
    pub map: BTreeMap<String, String>,
    pub scenario: Scenario,
    pub status: Option<Status>,
    /// Refuse a drawing that gives no parcel (false when importing only streets or
    /// facilities).
    pub require_parcels: bool,
}

impl Default for DxfImportOptions {
    fn default() -> Self {
        Self {
            crs: None,
            layers: Vec::new(),
            encoding: None,
            unit_scale: 1.0,
            offset: [0.0, 0.0],
            chord_tolerance: DEFAULT_CHORD_TOLERANCE,
            use_from: UseFrom::Text,
            category_from: CategoryFrom::Block,
            map: BTreeMap::new(),
            scenario: Scenario::Proposed,
            status: None,
            require_parcels: true,
        }
    }
}

/// The default chord tolerance: 1 cm.
pub const DEFAULT_CHORD_TOLERANCE: f64 = 0.01;

/// A layer of the drawing and how many entities of each type it holds (model space).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LayerCount {
    pub name: String,
    pub counts: BTreeMap<String, usize>,
}

impl LayerCount {
    pub fn total(&self) -> usize {
        self.counts.values().sum()
    }
}

/// What an import did besides producing features.
#[derive(Debug, Default)]
pub struct DxfReport {
    pub parcels: usize,
    pub streets: usize,
    pub facilities: usize,
    /// Entities on the chosen layers that become nothing, by (entity type, layer).
    pub skipped: BTreeMap<(String, String), usize>,
    /// Entities refused one by one, with the handle and the reason (worded when shown).
    pub refused: Vec<Message>,
    /// Entities on layers not chosen (texts excepted).
    pub other_layers: usize,
    /// The encoding the drawing's text was read with.
    pub encoding: String,
}

/// The drawing's layers (from its layer table and its entities) with entity counts.
pub fn list_layers(path: &Path, encoding: Option<&str>) -> Result<Vec<LayerCount>, Message> {
    let bytes = source::file_bytes(path)?;
    let shown = path.display().to_string();
    let source = source::read_bytes(&bytes, encoding)
        .map_err(|reason| msg!("dxf-err-file", path = shown, reason = reason))?;
    Ok(layer_counts(&source))
}

/// The layers of a drawing's bytes (see [`list_layers`]).
pub fn list_layers_bytes(bytes: &[u8], encoding: Option<&str>) -> Result<Vec<LayerCount>, Message> {
    Ok(layer_counts(&source::read_bytes(bytes, encoding)?))
}

fn layer_counts(source: &source::Source) -> Vec<LayerCount> {
    let mut layers: BTreeMap<String, BTreeMap<String, usize>> = source
        .drawing
        .layers()
        .map(|l| (l.name.clone(), BTreeMap::new()))
        .collect();
    for entity in model_space(&source.drawing) {
        *layers
            .entry(entity.common.layer.clone())
            .or_default()
            .entry(entity_type_name(&entity.specific))
            .or_default() += 1;
    }
    for h in source
        .text
        .as_deref()
        .map(|t| hatch::hatches(t, 1.0))
        .unwrap_or_default()
    {
        *layers
            .entry(h.layer)
            .or_default()
            .entry("HATCH".into())
            .or_default() += 1;
    }
    layers
        .into_iter()
        .map(|(name, counts)| LayerCount { name, counts })
        .collect()
}

fn model_space(drawing: &::dxf::Drawing) -> Vec<&Entity> {
    drawing
        .entities()
        .filter(|e| !e.common.is_in_paper_space)
        .collect()
}

/// The DXF type name of an entity (`LWPOLYLINE`, `CIRCLE`…): the dxf crate keeps its
/// own `to_type_string` private, so the name is taken from the variant.
pub fn entity_type_name(specific: &EntityType) -> String {
    let name = match specific {
        EntityType::LwPolyline(_) => "LWPOLYLINE",
        EntityType::Polyline(_) => "POLYLINE",
        EntityType::Line(_) => "LINE",
        EntityType::Arc(_) => "ARC",
        EntityType::Circle(_) => "CIRCLE",
        EntityType::Text(_) => "TEXT",
        EntityType::MText(_) => "MTEXT",
        EntityType::Insert(_) => "INSERT",
        EntityType::ModelPoint(_) => "POINT",
        EntityType::Spline(_) => "SPLINE",
        EntityType::Ellipse(_) => "ELLIPSE",
        EntityType::Solid(_) => "SOLID",
        _ => {
            let debug = format!("{specific:?}");
            let variant = debug.split(['(', ' ', '{']).next().unwrap_or("OTHER");
            return variant.to_ascii_uppercase();
        }
    };
    name.to_owned()
}

/// Imports a drawing: the features it gives (as a plan, WGS84 on disk, metres inside)
/// and the report of what was skipped. Errors name the file; a missing CRS, an unknown
/// layer or no parcel on the chosen layers are errors too.
pub fn import(path: &Path, options: &DxfImportOptions) -> Result<(Loaded, DxfReport), Message> {
    options.crs.as_ref().ok_or_else(|| msg!("dxf-err-no-crs"))?;
    import_bytes(
        &source::file_bytes(path)?,
        &path.display().to_string(),
        options,
    )
}

/// Imports a drawing's bytes (see [`import`]); `shown` names the file in errors.
pub fn import_bytes(
    bytes: &[u8],
    shown: &str,
    options: &DxfImportOptions,
) -> Result<(Loaded, DxfReport), Message> {
    let crs = options.crs.as_ref().ok_or_else(|| msg!("dxf-err-no-crs"))?;
    let source = source::read_bytes(bytes, options.encoding.as_deref())
        .map_err(|reason| msg!("dxf-err-file", path = shown, reason = reason))?;
    let layers = layer_counts(&source);
    check_layers(&layers, options)
        .map_err(|reason| msg!("dxf-err-file", path = shown, reason = reason))?;
    let mut report = DxfReport {
        encoding: source.encoding.name().to_owned(),
        ..DxfReport::default()
    };
    let chosen: BTreeSet<&str> = options.layers.iter().map(String::as_str).collect();
    let units = import::Units::of(options);
    let entities = model_space(&source.drawing);
    let mut found = import::walk(&entities, &|l| chosen.contains(l), &units, &mut report);
    import::attach_holes(&mut found);
    add_hatches(&source, &chosen, &units, &mut found, &mut report);
    let features = features(&found, crs, options, &mut report);
    if options.require_parcels && report.parcels == 0 {
        let found_here = summary(&layers, &chosen);
        return Err(msg!(
            "dxf-err-file",
            path = shown,
            reason = msg!(
                "dxf-err-no-parcels",
                layers = options.layers.join(", "),
                found = found_here
            )
        ));
    }
    let plan = json!({ "type": "FeatureCollection", "features": features });
    let loaded = read_plan_value(plan, &ReadOptions::default())
        .map_err(|e| msg!("dxf-err-file", path = shown, reason = e.message()))?;
    Ok((loaded, report))
}

/// Refuses an empty choice or an unknown layer, listing the layers there are.
fn check_layers(layers: &[LayerCount], options: &DxfImportOptions) -> Result<(), Message> {
    let known = || {
        layers
            .iter()
            .map(|l| format!("{} ({})", l.name, l.total()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if options.layers.is_empty() {
        return Err(msg!("dxf-err-choose-layer", layers = known()));
    }
    for name in &options.layers {
        if !layers.iter().any(|l| &l.name == name) {
            return Err(msg!(
                "dxf-err-unknown-layer",
                layer = name.as_str(),
                layers = known()
            ));
        }
    }
    Ok(())
}

/// What the chosen layers hold, for the error when they give no parcel.
fn summary(layers: &[LayerCount], chosen: &BTreeSet<&str>) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in layers.iter().filter(|l| chosen.contains(l.name.as_str())) {
        for (kind, n) in &l.counts {
            *counts.entry(kind).or_default() += n;
        }
    }
    if counts.is_empty() {
        return "—".into();
    }
    counts
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The HATCH boundaries of the chosen layers as parcel candidates; a binary DXF's
/// hatches cannot be read (the dxf crate skips them) and the report says so.
fn add_hatches(
    source: &source::Source,
    chosen: &BTreeSet<&str>,
    units: &import::Units,
    found: &mut import::Found,
    report: &mut DxfReport,
) {
    let Some(text) = source.text.as_deref() else {
        report.refused.push(msg!("dxf-note-binary-hatch"));
        return;
    };
    for h in hatch::hatches(text, units.tolerance) {
        if !chosen.contains(h.layer.as_str()) {
            report.other_layers += 1;
            continue;
        }
        match h.paths {
            Ok(paths) if !paths.is_empty() => found.parcels.push(import::Shape {
                handle: h.handle,
                layer: h.layer,
                entity: "HATCH",
                name: None,
                data: Vec::new(),
                rings: paths
                    .into_iter()
                    .map(|r| r.into_iter().map(|p| units.metres(p)).collect())
                    .collect(),
            }),
            Ok(_) => report
                .refused
                .push(refusal("HATCH", &h.handle, msg!("dxf-skip-degenerate"))),
            Err(reason) => report.refused.push(refusal(
                "HATCH",
                &h.handle,
                msg!("text-as-is", text = reason),
            )),
        }
    }
}

fn refusal(entity: &str, handle: &str, reason: Message) -> Message {
    msg!(
        "dxf-refused",
        entity = entity,
        handle = handle,
        reason = reason
    )
}

/// The GeoJSON features of what was found: parcels checked (self-intersecting rings and
/// hatches repeating a polyline are refused by handle), streets, facilities.
fn features(
    found: &import::Found,
    crs: &SourceCrs,
    options: &DxfImportOptions,
    report: &mut DxfReport,
) -> Vec<Value> {
    let mut valid = Vec::new();
    let mut seen = Seen::default();
    for shape in &found.parcels {
        match import::polygon(shape) {
            // Only a hatch repeating a ring is dropped (a fill of an outline); two
            // polylines with one ring are both kept (an existing and a proposed parcel,
            // or a mistake `strata check` then reports as an overlap).
            Ok(polygon) => {
                match seen.duplicate_of(&polygon, &shape.handle, shape.entity == "HATCH") {
                    Some(other) => report.refused.push(refusal(
                        shape.entity,
                        &shape.handle,
                        msg!("dxf-skip-duplicate", handle = other),
                    )),
                    None => valid.push((polygon, shape)),
                }
            }
            Err(reason) => report
                .refused
                .push(refusal(shape.entity, &shape.handle, reason)),
        }
    }
    let labels = import::codes_and_names(&valid, &found.texts, options);
    let mut out = Vec::new();
    for ((polygon, shape), (code, name)) in valid.iter().zip(labels) {
        let rings = std::iter::once(polygon.exterior())
            .chain(polygon.interiors())
            .map(|r| lonlat_line(r.coords().map(|c| [c.x, c.y]), crs))
            .collect::<Result<Vec<_>, _>>();
        match rings {
            Ok(rings) => {
                out.push(import::parcel_feature(rings, shape, code, name, options));
                report.parcels += 1;
            }
            Err(reason) => report
                .refused
                .push(refusal(shape.entity, &shape.handle, reason)),
        }
    }
    out.extend(streets(found, crs, options, report));
    out.extend(facilities(found, crs, options, report));
    out
}

/// Parcels accepted so far, by bounding box in whole millimetres: a ring seen twice (a
/// polyline drawn twice, a hatch filling a polyline's outline) is found in constant
/// time, so a drawing of many parcels is not compared pair by pair.
#[derive(Default)]
struct Seen(std::collections::HashMap<[i64; 4], Vec<(f64, String)>>);

impl Seen {
    fn key(polygon: &geo::Polygon<f64>) -> Option<[i64; 4]> {
        use geo::BoundingRect;
        let r = polygon.bounding_rect()?;
        let mm = |v: f64| (v * 1000.0).round() as i64;
        Some([mm(r.min().x), mm(r.min().y), mm(r.max().x), mm(r.max().y)])
    }

    /// The handle of an accepted parcel with the same box and area (when `check`), else
    /// records this one.
    fn duplicate_of(
        &mut self,
        polygon: &geo::Polygon<f64>,
        handle: &str,
        check: bool,
    ) -> Option<String> {
        use geo::Area;
        let key = Self::key(polygon)?;
        let area = polygon.unsigned_area();
        let same = self.0.get(&key).filter(|_| check).and_then(|seen| {
            seen.iter()
                .find(|(a, _)| (a - area).abs() < 1e-3 * area.max(1.0))
                .map(|(_, h)| h.clone())
        });
        if same.is_none() {
            self.0
                .entry(key)
                .or_default()
                .push((area, handle.to_owned()));
        }
        same
    }
}

fn lonlat_line(points: impl Iterator<Item = [f64; 2]>, crs: &SourceCrs) -> Result<Value, Message> {
    points
        .map(|p| {
            crs.to_lonlat(p[0], p[1])
                .map(|q| json!(q))
                .map_err(|e| e.message())
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

fn streets(
    found: &import::Found,
    crs: &SourceCrs,
    options: &DxfImportOptions,
    report: &mut DxfReport,
) -> Vec<Value> {
    let mut out = Vec::new();
    for shape in &found.streets {
        let mut line = shape.rings[0].clone();
        line.dedup();
        if line.len() < 2 || line.iter().any(|p| !(p[0].is_finite() && p[1].is_finite())) {
            report.refused.push(refusal(
                shape.entity,
                &shape.handle,
                msg!("dxf-skip-degenerate"),
            ));
            continue;
        }
        match lonlat_line(line.into_iter(), crs) {
            Ok(coords) => {
                out.push(json!({ "type": "Feature",
                    "geometry": { "type": "LineString", "coordinates": coords },
                    "properties": { "kind": "street", "scenario": options.scenario.as_str(), "walkable": true,
                        "dxf_handle": shape.handle, "dxf_layer": shape.layer } }));
                report.streets += 1;
            }
            Err(reason) => report
                .refused
                .push(refusal(shape.entity, &shape.handle, reason)),
        }
    }
    out
}

fn facilities(
    found: &import::Found,
    crs: &SourceCrs,
    options: &DxfImportOptions,
    report: &mut DxfReport,
) -> Vec<Value> {
    let mut out = Vec::new();
    for marker in &found.points {
        let entity = if marker.block.is_some() {
            "INSERT"
        } else {
            "POINT"
        };
        let made = import::category_and_name(marker, &found.texts, options).and_then(
            |(category, name)| {
                let at = crs
                    .to_lonlat(marker.at[0], marker.at[1])
                    .map_err(|e| e.message())?;
                Ok(json!({ "type": "Feature",
                "geometry": { "type": "Point", "coordinates": at },
                "properties": { "kind": "facility", "scenario": options.scenario.as_str(),
                    "category": category, "name": name,
                    "dxf_handle": marker.handle, "dxf_layer": marker.layer } }))
            },
        );
        match made {
            Ok(feature) => {
                out.push(feature);
                report.facilities += 1;
            }
            Err(reason) => report.refused.push(refusal(entity, &marker.handle, reason)),
        }
    }
    out
}
