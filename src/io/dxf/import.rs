//! A DXF drawing as plan features: closed polylines and hatches on the chosen layers
//! become parcels, open polylines streets, block references and points facilities;
//! texts inside a parcel give its use code and name.

use ::dxf::entities::{Entity, EntityType};
use geo::algorithm::Validation;
use geo::{Contains, Coord, LineString, Point, Polygon};
use rstar::{RTree, primitives::GeomWithData};
use serde_json::{Value, json};

use super::shapes::{bulge_points, clean_ring, signed_area};
use super::{CategoryFrom, DxfImportOptions, DxfReport, UseFrom, entity_type_name};
use crate::i18n::Message;
use crate::model::polygon_reason;
use crate::msg;

/// What the walk over the drawing found, in metres of the source CRS.
#[derive(Default)]
pub(super) struct Found {
    pub parcels: Vec<Shape>,
    pub streets: Vec<Shape>,
    pub points: Vec<Marker>,
    pub texts: Vec<Label>,
    /// Holes written by Strata's export: the outer ring's handle and the hole.
    pub holes: Vec<(String, Shape)>,
}

/// A parcel or street candidate: rings (parcels: shell first) or one line.
pub(super) struct Shape {
    pub handle: String,
    pub layer: String,
    pub entity: &'static str,
    pub rings: Vec<Vec<[f64; 2]>>,
    /// The name in the entity's extended data (`STRATA`, as Strata's export writes it):
    /// `Some(None)` when that data says the parcel has no name.
    pub name: Option<Option<String>>,
    /// All the strings of that extended data (scenario, status, strata).
    pub data: Vec<String>,
}

/// A block reference or point.
pub(super) struct Marker {
    pub handle: String,
    pub layer: String,
    pub block: Option<String>,
    pub at: [f64; 2],
    pub attributes: Vec<(String, String)>,
}

/// A TEXT or MTEXT, its text made plain.
pub(super) struct Label {
    pub at: [f64; 2],
    pub text: String,
}

/// Drawing units → metres of the source CRS.
pub(super) struct Units {
    pub scale: f64,
    pub offset: [f64; 2],
    /// Chord tolerance in drawing units.
    pub tolerance: f64,
}

impl Units {
    pub fn of(options: &DxfImportOptions) -> Self {
        let scale = if options.unit_scale > 0.0 {
            options.unit_scale
        } else {
            1.0
        };
        Units {
            scale,
            offset: options.offset,
            tolerance: options.chord_tolerance / scale,
        }
    }

    pub fn metres(&self, p: [f64; 2]) -> [f64; 2] {
        [
            p[0] * self.scale + self.offset[0],
            p[1] * self.scale + self.offset[1],
        ]
    }
}

/// Walks the model space's entities: shapes on chosen layers, texts on every layer;
/// anything else on a chosen layer is counted in `report.skipped` by type and layer.
pub(super) fn walk(
    entities: &[&Entity],
    chosen: &dyn Fn(&str) -> bool,
    units: &Units,
    report: &mut DxfReport,
) -> Found {
    let mut found = Found::default();
    for entity in entities {
        let layer = entity.common.layer.as_str();
        match &entity.specific {
            EntityType::Text(t) => {
                let at = if t.horizontal_text_justification as i32 != 0
                    || t.vertical_text_justification as i32 != 0
                {
                    &t.second_alignment_point
                } else {
                    &t.location
                };
                found.texts.push(Label {
                    at: units.metres([at.x, at.y]),
                    text: super::text::plain_text(&t.value),
                });
                continue;
            }
            EntityType::MText(t) => {
                let raw: String = t.extended_text.concat() + &t.text;
                found.texts.push(Label {
                    at: units.metres([t.insertion_point.x, t.insertion_point.y]),
                    text: super::text::plain_mtext(&raw),
                });
                continue;
            }
            _ => {}
        }
        if !chosen(layer) {
            report.other_layers += 1;
            continue;
        }
        if !take_shape(entity, units, &mut found) {
            *report
                .skipped
                .entry((entity_type_name(&entity.specific), layer.to_owned()))
                .or_default() += 1;
        }
    }
    found
}

/// Adds a polyline, block reference or point to `found`; false for other entities.
fn take_shape(entity: &Entity, units: &Units, found: &mut Found) -> bool {
    let handle = entity.common.handle.as_string();
    let layer = entity.common.layer.clone();
    let (entity_name, vertices, closed): (&'static str, Vec<([f64; 2], f64)>, bool) =
        match &entity.specific {
            EntityType::LwPolyline(p) => (
                "LWPOLYLINE",
                p.vertices.iter().map(|v| ([v.x, v.y], v.bulge)).collect(),
                p.is_closed(),
            ),
            EntityType::Polyline(p) if !(p.is_3d_polygon_mesh() || p.is_polyface_mesh()) => (
                "POLYLINE",
                p.vertices()
                    .map(|v| ([v.location.x, v.location.y], v.bulge))
                    .collect(),
                p.is_closed(),
            ),
            EntityType::Insert(i) => {
                found.points.push(Marker {
                    handle,
                    layer,
                    block: Some(i.name.clone()),
                    at: units.metres([i.location.x, i.location.y]),
                    attributes: i
                        .attributes()
                        .map(|a| (a.attribute_tag.clone(), super::text::plain_text(&a.value)))
                        .collect(),
                });
                return true;
            }
            EntityType::ModelPoint(p) => {
                found.points.push(Marker {
                    handle,
                    layer,
                    block: None,
                    at: units.metres([p.location.x, p.location.y]),
                    attributes: Vec::new(),
                });
                return true;
            }
            _ => return false,
        };
    let points = polyline_points(&vertices, closed, units);
    let shape = Shape {
        handle,
        layer,
        entity: entity_name,
        rings: vec![points],
        name: xdata_name(entity),
        data: xdata_strings(entity),
    };
    if let Some(outer) = xdata_value(entity, super::export::HOLE_OF) {
        found.holes.push((outer, shape));
    } else if closed {
        found.parcels.push(shape);
    } else {
        found.streets.push(shape);
    }
    true
}

/// `name=…` in the entity's `STRATA` extended data (`Some(None)` when empty).
fn xdata_name(entity: &Entity) -> Option<Option<String>> {
    xdata_value(entity, "name=").map(|name| (!name.is_empty()).then_some(name))
}

fn xdata_strings(entity: &Entity) -> Vec<String> {
    entity
        .common
        .x_data
        .iter()
        .filter(|x| x.application_name == super::export::APP)
        .flat_map(|x| x.items.iter())
        .filter_map(|item| match item {
            ::dxf::XDataItem::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

/// The strata of Strata's own extended data (`s1 z=-12..3 floors=1 uses=1302:1
/// holders=Water Co.:1`, one string each), or `None` when there are none or one does
/// not read (then the code gives one ground stratum as for any drawing).
fn strata_from_xdata(data: &[String]) -> Option<Vec<Value>> {
    let lines: Vec<&String> = data
        .iter()
        .filter(|s| s.contains(" z=") && s.contains(" uses="))
        .collect();
    if lines.is_empty() {
        return None;
    }
    lines.iter().map(|line| stratum_from_line(line)).collect()
}

fn stratum_from_line(line: &str) -> Option<Value> {
    let (id, rest) = line.split_once(" z=")?;
    let (z, rest) = rest.split_once(" uses=")?;
    let (uses, holders) = rest.split_once(" holders=").unwrap_or((rest, ""));
    let (z, floors) = match z.split_once(" floors=") {
        Some((z, f)) => (z, Some(f.trim().parse::<u32>().ok()?)),
        None => (z, None),
    };
    let (bottom, top) = z.split_once("..")?;
    let (bottom, top) = (bottom.parse::<f64>().ok()?, top.parse::<f64>().ok()?);
    let pairs = |text: &str, key: &str| -> Option<Vec<Value>> {
        text.split('+')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (name, share) = p.rsplit_once(':')?;
                Some(json!({ key: name, "share": share.parse::<f64>().ok()? }))
            })
            .collect()
    };
    let mut stratum = json!({ "id": id, "z": [bottom, top], "uses": pairs(uses, "code")?,
                              "holders": pairs(holders, "name")? });
    if let (Some(f), Some(map)) = (floors, stratum.as_object_mut()) {
        map.insert("floors".into(), json!(f));
    }
    Some(stratum)
}

/// The value of `key=` in Strata's extended data, when not empty.
fn data_value<'a>(data: &'a [String], key: &str) -> Option<&'a str> {
    data.iter()
        .find_map(|s| s.strip_prefix(key)?.strip_prefix('='))
        .filter(|v| !v.is_empty())
}

/// The rest of the first `STRATA` extended-data string starting with `prefix`.
fn xdata_value(entity: &Entity, prefix: &str) -> Option<String> {
    entity
        .common
        .x_data
        .iter()
        .filter(|x| x.application_name == super::export::APP)
        .flat_map(|x| x.items.iter())
        .find_map(|item| match item {
            ::dxf::XDataItem::Str(s) => s.strip_prefix(prefix).map(str::to_owned),
            _ => None,
        })
}

/// Puts the holes Strata's export marked back into their parcels; a hole whose parcel
/// is not among those read becomes a parcel of its own.
pub(super) fn attach_holes(found: &mut Found) {
    for (outer, mut hole) in std::mem::take(&mut found.holes) {
        match found.parcels.iter_mut().find(|p| p.handle == outer) {
            Some(parcel) => parcel.rings.append(&mut hole.rings),
            None => found.parcels.push(hole),
        }
    }
}

/// A polyline's vertices with its bulges turned into arc points, in metres.
pub(super) fn polyline_points(
    vertices: &[([f64; 2], f64)],
    closed: bool,
    units: &Units,
) -> Vec<[f64; 2]> {
    let mut points = Vec::with_capacity(vertices.len());
    for (i, &(p, bulge)) in vertices.iter().enumerate() {
        points.push(units.metres(p));
        let next = match vertices.get(i + 1) {
            Some(next) => next.0,
            None if closed => vertices[0].0,
            None => break,
        };
        points.extend(
            bulge_points(p, next, bulge, units.tolerance)
                .into_iter()
                .map(|q| units.metres(q)),
        );
    }
    points
}

/// A parcel candidate as a valid polygon (shell counter-clockwise, holes clockwise),
/// or why not (self-intersecting, too few points…).
pub(super) fn polygon(shape: &Shape) -> Result<Polygon<f64>, Message> {
    let mut rings: Vec<Vec<[f64; 2]>> = Vec::new();
    for ring in &shape.rings {
        match clean_ring(ring.clone()) {
            Some(r) => rings.push(r),
            None => return Err(msg!("dxf-skip-degenerate")),
        }
    }
    // The largest ring is the shell (a hatch may list its paths in any order).
    rings.sort_by(|a, b| signed_area(b).abs().total_cmp(&signed_area(a).abs()));
    let to_line = |r: &Vec<[f64; 2]>| {
        LineString::from(
            r.iter()
                .map(|p| Coord { x: p[0], y: p[1] })
                .collect::<Vec<_>>(),
        )
    };
    let mut iter = rings.iter();
    let shell = iter
        .next()
        .map(to_line)
        .ok_or_else(|| msg!("dxf-skip-degenerate"))?;
    let mut polygon = Polygon::new(shell, iter.map(to_line).collect());
    use geo::orient::{Direction, Orient};
    polygon = polygon.orient(Direction::Default);
    polygon.check_validation().map_err(|e| polygon_reason(&e))?;
    if signed_area(&shape.rings[0]).abs() < 1e-9 {
        return Err(msg!("dxf-skip-degenerate"));
    }
    Ok(polygon)
}

/// The use code and name of each parcel from the texts inside it (a text inside nested
/// parcels belongs to the smallest); with `UseFrom::Layer` the code comes from the
/// layer's name (`0701 城镇住宅用地`, as Strata's DXF export names layers).
pub(super) fn codes_and_names(
    parcels: &[(Polygon<f64>, &Shape)],
    texts: &[Label],
    options: &DxfImportOptions,
) -> Vec<(Option<String>, Option<String>)> {
    use geo::{Area, BoundingRect};
    let boxes: Vec<GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>> = parcels
        .iter()
        .enumerate()
        .filter_map(|(i, (p, _))| {
            let r = p.bounding_rect()?;
            Some(GeomWithData::new(
                rstar::primitives::Rectangle::from_corners(
                    [r.min().x, r.min().y],
                    [r.max().x, r.max().y],
                ),
                i,
            ))
        })
        .collect();
    let tree = RTree::bulk_load(boxes);
    let mut inside: Vec<Vec<&str>> = vec![Vec::new(); parcels.len()];
    for label in texts {
        let point = Point::new(label.at[0], label.at[1]);
        let owner = tree
            .locate_all_at_point(&label.at)
            .map(|g| g.data)
            .filter(|&i| parcels[i].0.contains(&point))
            .min_by(|&a, &b| {
                parcels[a]
                    .0
                    .unsigned_area()
                    .total_cmp(&parcels[b].0.unsigned_area())
            });
        if let Some(i) = owner {
            inside[i].push(&label.text);
        }
    }
    parcels
        .iter()
        .zip(inside)
        .map(|((_, shape), texts)| {
            let (code, name) = code_and_name(&texts, &shape.layer, options);
            (code, shape.name.clone().unwrap_or(name))
        })
        .collect()
}

/// The first code-shaped token of the texts (or of the layer's name) and the first
/// text line with something besides the code (an MTEXT's paragraphs are lines).
fn code_and_name(
    texts: &[&str],
    layer: &str,
    options: &DxfImportOptions,
) -> (Option<String>, Option<String>) {
    let mut code = None;
    let mut name = None;
    for text in texts.iter().flat_map(|t| t.lines()) {
        let (c, rest) = super::text::code_and_rest(text, &options.map);
        if code.is_none() && options.use_from == UseFrom::Text {
            code = c;
        }
        if name.is_none() && !rest.is_empty() {
            name = Some(rest);
        }
    }
    if options.use_from == UseFrom::Layer {
        code = super::text::code_and_rest(layer, &options.map).0;
    }
    (code, name)
}

/// A facility's category by `--category-from`, and its name (an attribute tagged NAME
/// or 名称), or why it has none.
pub(super) fn category_and_name(
    marker: &Marker,
    texts: &[Label],
    options: &DxfImportOptions,
) -> Result<(String, Option<String>), Message> {
    let attribute = |tags: &[&str]| {
        marker
            .attributes
            .iter()
            .find(|(tag, v)| tags.iter().any(|t| tag.eq_ignore_ascii_case(t)) && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    let raw = match options.category_from {
        CategoryFrom::Block => marker.block.clone(),
        CategoryFrom::Layer => Some(marker.layer.clone()),
        CategoryFrom::Text => {
            attribute(&["CATEGORY", "类别"]).or_else(|| nearest_text(marker.at, texts))
        }
    };
    let raw = raw
        .filter(|r| !r.trim().is_empty())
        .ok_or_else(|| match options.category_from {
            CategoryFrom::Block => msg!("dxf-skip-no-block"),
            CategoryFrom::Layer | CategoryFrom::Text => msg!("dxf-skip-no-category-text"),
        })?;
    let raw = raw.trim().to_owned();
    let category = options.map.get(&raw).cloned().unwrap_or(raw);
    Ok((category, attribute(&["NAME", "名称"])))
}

/// The text nearest a point within 10 m.
fn nearest_text(at: [f64; 2], texts: &[Label]) -> Option<String> {
    texts
        .iter()
        .map(|t| ((t.at[0] - at[0]).hypot(t.at[1] - at[1]), t))
        .filter(|(d, t)| *d <= 10.0 && !t.text.is_empty())
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, t)| t.text.clone())
}

/// A parcel feature (GeoJSON, WGS84) with the DXF's handle and layer kept as properties.
pub(super) fn parcel_feature(
    rings: Vec<Value>,
    shape: &Shape,
    code: Option<String>,
    name: Option<String>,
    options: &DxfImportOptions,
) -> Value {
    // Strata's own export carries the strata, scenario and status in extended data.
    let strata = strata_from_xdata(&shape.data).unwrap_or_else(|| match &code {
        Some(codes) => vec![crate::io::import::ground_stratum(codes)],
        None => Vec::new(),
    });
    let scenario = data_value(&shape.data, "scenario").unwrap_or(options.scenario.as_str());
    let status = options
        .status
        .map(|s| s.as_str())
        .or_else(|| data_value(&shape.data, "status"));
    let mut props = serde_json::Map::new();
    props.insert("kind".into(), json!("parcel"));
    props.insert("scenario".into(), json!(scenario));
    if let Some(name) = name {
        props.insert("name".into(), json!(name));
    }
    if let Some(status) = status {
        props.insert("status".into(), json!(status));
    }
    props.insert("strata".into(), Value::Array(strata));
    props.insert("population".into(), Value::Null);
    props.insert("dxf_handle".into(), json!(shape.handle));
    props.insert("dxf_layer".into(), json!(shape.layer));
    props.insert("dxf_entity".into(), json!(shape.entity));
    json!({ "type": "Feature", "geometry": { "type": "Polygon", "coordinates": rings },
            "properties": props })
}
