//! A plan as an AutoCAD 2018 DXF (text stored as UTF-8): one layer per land-use code
//! named `0701 城镇住宅用地` in the classification's colour (true colour), each parcel a
//! closed LWPOLYLINE per ring with a solid HATCH and an MTEXT label, its strata as
//! extended data (application `STRATA`); streets as open LWPOLYLINEs on layer `道路`;
//! facilities as block references with CATEGORY and NAME attributes on layer `设施`.
//!
//! The dxf crate (0.6) writes neither HATCH entities nor a layer's true colour, so the
//! text it writes is completed here: HATCH entities are added at the end of the ENTITIES
//! section (handles above the crate's, `$HANDSEED` moved past them) and group 420 after
//! each layer's colour index.

use std::collections::BTreeMap;

use ::dxf::entities::{Attribute, Circle, Entity, EntityType, Insert, LwPolyline, MText};
use ::dxf::enums::{AcadVersion, AttachmentPoint, Units};
use ::dxf::tables::{AppId, Layer};
use ::dxf::{Block, Color, Drawing, LwPolylineVertex, Point, XData, XDataItem};
use geo::{InteriorPoint, Polygon};

use crate::i18n::Message;
use crate::io::SourceCrs;
use crate::model::{Parcel, ParcelId, Plan, Reference};
use crate::msg;

/// The XDATA application name.
pub const APP: &str = "STRATA";
/// The layer of parcels without a land use.
pub const NO_USE_LAYER: &str = "地块";
pub const STREET_LAYER: &str = "道路";
pub const FACILITY_LAYER: &str = "设施";
/// The extended data of a hole's polyline: `hole_of=` and the outer ring's handle.
pub const HOLE_OF: &str = "hole_of=";

/// What the export needs besides the plan.
pub struct DxfExportOptions<'a> {
    /// The CRS of the drawing's coordinates (metres).
    pub crs: &'a SourceCrs,
    pub reference: &'a Reference,
    /// Lines added to a parcel's label (FAR and height from the zoning analysis, which
    /// `io` may not run: the caller computes them).
    pub label_lines: &'a BTreeMap<ParcelId, Vec<String>>,
}

/// A parcel's land-use layer: `0701 城镇住宅用地`, or the code alone when the
/// classification does not know it, or [`NO_USE_LAYER`].
pub fn layer_name(parcel: &Parcel, reference: &Reference) -> String {
    match parcel.main_use() {
        Some(code) => match reference.classification.get(code) {
            Some(class) => format!("{} {}", class.code, class.zh),
            None => code.to_owned(),
        },
        None => NO_USE_LAYER.to_owned(),
    }
}

/// The drawing as bytes (ASCII DXF, UTF-8 text).
pub fn plan_to_dxf(plan: &Plan, options: &DxfExportOptions<'_>) -> Result<Vec<u8>, Message> {
    let projector = plan.frame.projector().map_err(|e| e.message())?;
    let to_crs = |p: geo::Coord<f64>| -> Result<[f64; 2], Message> {
        let [lon, lat] = projector.to_lonlat(p.x, p.y).map_err(|e| e.message())?;
        options.crs.from_lonlat(lon, lat).map_err(|e| e.message())
    };
    let mut drawing = Drawing::new();
    drawing.header.version = AcadVersion::R2018;
    drawing.header.default_drawing_units = Units::Meters;
    drawing.add_app_id(AppId {
        name: APP.into(),
        ..Default::default()
    });
    let mut colours: BTreeMap<String, [u8; 3]> = BTreeMap::new();
    let mut hatches: Vec<(String, Vec<Vec<[f64; 2]>>)> = Vec::new();
    for parcel in &plan.parcels {
        let layer = layer_name(parcel, options.reference);
        if !colours.contains_key(&layer) {
            let rgb = parcel
                .main_use()
                .and_then(|c| options.reference.classification.color(c))
                .unwrap_or([200, 200, 200]);
            add_layer(&mut drawing, &layer, rgb);
            colours.insert(layer.clone(), rgb);
        }
        for polygon in &parcel.shape.0 {
            let rings = rings_in_crs(polygon, &to_crs)?;
            add_parcel_rings(&mut drawing, parcel, &layer, &rings);
            add_label(&mut drawing, parcel, &layer, polygon, &to_crs, options)?;
            hatches.push((layer.clone(), rings));
        }
    }
    add_streets(&mut drawing, plan, &to_crs)?;
    add_facilities(&mut drawing, plan, &to_crs)?;
    let mut bytes = Vec::new();
    drawing
        .save(&mut bytes)
        .map_err(|e| msg!("text-as-is", text = e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|e| msg!("text-as-is", text = e.to_string()))?;
    Ok(complete(&text, &colours, &hatches).into_bytes())
}

fn rings_in_crs(
    polygon: &Polygon<f64>,
    to_crs: &dyn Fn(geo::Coord<f64>) -> Result<[f64; 2], Message>,
) -> Result<Vec<Vec<[f64; 2]>>, Message> {
    std::iter::once(polygon.exterior())
        .chain(polygon.interiors())
        .map(|ring| {
            let mut points = ring
                .0
                .iter()
                .map(|c| to_crs(*c))
                .collect::<Result<Vec<_>, _>>()?;
            if points.len() > 1 && points.first() == points.last() {
                points.pop();
            }
            Ok(points)
        })
        .collect()
}

fn add_layer(drawing: &mut Drawing, name: &str, rgb: [u8; 3]) {
    drawing.add_layer(Layer {
        name: name.to_owned(),
        color: Color::from_index(nearest_aci(rgb)),
        ..Default::default()
    });
}

/// The nearest of AutoCAD's basic colour indexes 1–7 and the grey 8/9, for viewers that
/// ignore true colour.
fn nearest_aci(rgb: [u8; 3]) -> u8 {
    const BASIC: [(u8, [i32; 3]); 9] = [
        (1, [255, 0, 0]),
        (2, [255, 255, 0]),
        (3, [0, 255, 0]),
        (4, [0, 255, 255]),
        (5, [0, 0, 255]),
        (6, [255, 0, 255]),
        (7, [255, 255, 255]),
        (8, [128, 128, 128]),
        (9, [192, 192, 192]),
    ];
    let [r, g, b] = rgb.map(i32::from);
    BASIC
        .iter()
        .min_by_key(|(_, c)| (c[0] - r).pow(2) + (c[1] - g).pow(2) + (c[2] - b).pow(2))
        .map(|(i, _)| *i)
        .unwrap_or(7)
}

fn rgb_int(rgb: [u8; 3]) -> i32 {
    (i32::from(rgb[0]) << 16) | (i32::from(rgb[1]) << 8) | i32::from(rgb[2])
}

/// Extended data of a parcel: id, name, scenario, status, then one string per stratum
/// (`s1 z=-12..3 floors=1 uses=1302:1 holders=Water Co.:1`), each within DXF's 255
/// bytes; the import reads them back (`import::strata_from_xdata`).
fn parcel_xdata(parcel: &Parcel) -> XData {
    let mut items = vec![
        XDataItem::Str(cut(&format!("id={}", parcel.id.as_str()))),
        XDataItem::Str(cut(&format!(
            "name={}",
            parcel.name.as_deref().unwrap_or("")
        ))),
        XDataItem::Str(format!("scenario={}", parcel.scenario.as_str())),
        XDataItem::Str(format!(
            "status={}",
            parcel.status.map(|s| s.as_str()).unwrap_or("")
        )),
    ];
    for s in &parcel.strata {
        items.push(XDataItem::Str(cut(&stratum_line(s))));
    }
    XData {
        application_name: APP.into(),
        items,
    }
}

fn stratum_line(s: &crate::model::Stratum) -> String {
    let uses: Vec<String> = s
        .uses
        .iter()
        .map(|u| format!("{}:{}", u.code, u.share))
        .collect();
    let holders: Vec<String> = s
        .holders
        .iter()
        .map(|h| format!("{}:{}", h.name, h.share))
        .collect();
    let floors = s.floors.map(|f| format!(" floors={f}")).unwrap_or_default();
    format!(
        "{} z={}..{}{floors} uses={} holders={}",
        s.id.as_str(),
        s.z.bottom,
        s.z.top,
        uses.join("+"),
        holders.join("+")
    )
}

/// A string cut to DXF's 255 bytes at a character boundary.
fn cut(text: &str) -> String {
    let mut end = text.len().min(255);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_owned()
}

/// A parcel's rings as closed polylines: the outer one carries the parcel's extended
/// data, each hole `hole_of=<handle of the outer one>` so the import can put it back
/// into its parcel (nested closed polylines are otherwise parcels of their own).
fn add_parcel_rings(drawing: &mut Drawing, parcel: &Parcel, layer: &str, rings: &[Vec<[f64; 2]>]) {
    let mut outer = None;
    for (i, ring) in rings.iter().enumerate() {
        let mut poly = LwPolyline::default();
        poly.set_is_closed(true);
        poly.vertices = ring
            .iter()
            .map(|p| LwPolylineVertex {
                x: p[0],
                y: p[1],
                ..Default::default()
            })
            .collect();
        let mut entity = Entity::new(EntityType::LwPolyline(poly));
        entity.common.layer = layer.to_owned();
        match &outer {
            None => entity.common.x_data.push(parcel_xdata(parcel)),
            Some(handle) => entity.common.x_data.push(XData {
                application_name: APP.into(),
                items: vec![XDataItem::Str(format!("{HOLE_OF}{handle}"))],
            }),
        }
        let added = drawing.add_entity(entity);
        if i == 0 {
            outer = Some(added.common.handle.as_string());
        }
    }
}

/// The label: code and use, name, area, the caller's lines (FAR, height), the strata.
fn add_label(
    drawing: &mut Drawing,
    parcel: &Parcel,
    layer: &str,
    polygon: &Polygon<f64>,
    to_crs: &dyn Fn(geo::Coord<f64>) -> Result<[f64; 2], Message>,
    options: &DxfExportOptions<'_>,
) -> Result<(), Message> {
    let Some(at) = polygon.interior_point() else {
        return Ok(());
    };
    let at = to_crs(at.0)?;
    let mut lines = Vec::new();
    if parcel.main_use().is_some() {
        lines.push(layer.to_owned());
    }
    if let Some(name) = &parcel.name {
        lines.push(name.clone());
    }
    lines.push(format!("{:.1} m²", parcel.area().m2()));
    if let Some(extra) = options.label_lines.get(&parcel.id) {
        lines.extend(extra.iter().cloned());
    }
    for s in &parcel.strata {
        let uses: Vec<&str> = s.uses.iter().map(|u| u.code.as_str()).collect();
        lines.push(format!(
            "{} [{}, {}] m {}",
            s.id.as_str(),
            s.z.bottom,
            s.z.top,
            uses.join("+")
        ));
    }
    let escaped: Vec<String> = lines.iter().map(|l| mtext_escape(l)).collect();
    let mut mtext = MText {
        insertion_point: Point::new(at[0], at[1], 0.0),
        initial_text_height: 2.5,
        attachment_point: AttachmentPoint::MiddleCenter,
        ..Default::default()
    };
    mtext.text = escaped.join("\\P");
    let mut entity = Entity::new(EntityType::MText(mtext));
    entity.common.layer = layer.to_owned();
    drawing.add_entity(entity);
    Ok(())
}

/// MTEXT's special characters written literally.
fn mtext_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('{', "\\{")
        .replace('}', "\\}")
}

fn add_streets(
    drawing: &mut Drawing,
    plan: &Plan,
    to_crs: &dyn Fn(geo::Coord<f64>) -> Result<[f64; 2], Message>,
) -> Result<(), Message> {
    if plan.streets.is_empty() {
        return Ok(());
    }
    add_layer(drawing, STREET_LAYER, [128, 128, 128]);
    for street in &plan.streets {
        for line in &street.line.0 {
            let mut poly = LwPolyline::default();
            for c in &line.0 {
                let [x, y] = to_crs(*c)?;
                poly.vertices.push(LwPolylineVertex {
                    x,
                    y,
                    ..Default::default()
                });
            }
            let mut entity = Entity::new(EntityType::LwPolyline(poly));
            entity.common.layer = STREET_LAYER.to_owned();
            drawing.add_entity(entity);
        }
    }
    Ok(())
}

/// Facilities as references to one block per category (a 2 m circle) with CATEGORY and
/// NAME attributes. The block holds no ATTDEF: the dxf crate writes an ATTDEF of a
/// 2007+ drawing with an embedded MTEXT of handle 0, which readers refuse; ATTRIBs
/// need no definition.
fn add_facilities(
    drawing: &mut Drawing,
    plan: &Plan,
    to_crs: &dyn Fn(geo::Coord<f64>) -> Result<[f64; 2], Message>,
) -> Result<(), Message> {
    if plan.facilities.is_empty() {
        return Ok(());
    }
    add_layer(drawing, FACILITY_LAYER, [255, 0, 0]);
    let mut blocks: Vec<String> = Vec::new();
    for facility in &plan.facilities {
        let block = block_name(&facility.category);
        if !blocks.contains(&block) {
            add_block(drawing, &block);
            blocks.push(block.clone());
        }
        let [x, y] = to_crs(facility.position.0)?;
        let mut insert = Insert {
            name: block,
            location: Point::new(x, y, 0.0),
            ..Default::default()
        };
        for (tag, value, dy) in [
            ("CATEGORY", facility.category.as_str(), 0.0),
            ("NAME", facility.name.as_deref().unwrap_or(""), -3.0),
        ] {
            let attribute = Attribute {
                attribute_tag: tag.into(),
                value: value.into(),
                location: Point::new(x + 3.0, y + dy, 0.0),
                text_height: 2.0,
                ..Default::default()
            };
            insert.add_attribute(drawing, attribute);
        }
        let mut entity = Entity::new(EntityType::Insert(insert));
        entity.common.layer = FACILITY_LAYER.to_owned();
        drawing.add_entity(entity);
    }
    Ok(())
}

/// A block name from a category: characters DXF forbids in names replaced.
fn block_name(category: &str) -> String {
    let name: String = category
        .chars()
        .map(|c| {
            if "<>/\\\":;?*|,=`".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    if name.is_empty() {
        "facility".into()
    } else {
        name
    }
}

fn add_block(drawing: &mut Drawing, name: &str) {
    let mut block = Block {
        name: name.to_owned(),
        layer: "0".into(),
        ..Default::default()
    };
    block
        .entities
        .push(Entity::new(EntityType::Circle(Circle::new(
            Point::origin(),
            2.0,
        ))));
    drawing.add_block(block);
}

/// The crate's text completed: group 420 (true colour) after each known layer's colour
/// index, and the HATCH entities before the ENTITIES' ENDSEC. It is also mended where
/// the crate (0.6) writes what readers refuse or repair (ezdxf's audit lists them):
/// * every ATTRIB of a 2007+ drawing is written as a multiline attribute whose embedded
///   MTEXT has handle 0 (ezdxf: "Invalid handle 0"): that part, from `100/AcDbXrecord`
///   to the entity's end, and the MTEXT are left out (plain single-line attributes);
/// * TABLE heads have no handle and ENDBLK repeats its BLOCK's handle: new handles;
/// * pointers to handle 0 (material 347, plot style 390) and transparency 0 (440, not a
///   valid value) are left out, which means "by layer" as intended.
///
/// New handles start at the crate's `$HANDSEED`, which is moved past them.
fn complete(
    text: &str,
    colours: &BTreeMap<String, [u8; 3]>,
    hatches: &[(String, Vec<Vec<[f64; 2]>>)],
) -> String {
    let lines: Vec<&str> = text.split("\r\n").collect();
    let pairs: Vec<(&str, &str)> = lines.chunks_exact(2).map(|p| (p[0].trim(), p[1])).collect();
    let seed = pairs
        .windows(2)
        .find(|w| w[0] == ("9", "$HANDSEED"))
        .and_then(|w| u64::from_str_radix(w[1].1.trim(), 16).ok())
        .unwrap_or(0x10000);
    let mut next = seed;
    let mut fresh = || {
        next += 1;
        format!("{:X}", next - 1)
    };
    let mut out: Vec<(String, String)> = Vec::with_capacity(pairs.len() + hatches.len() * 40);
    let (mut section, mut entity, mut record_name) = ("", "", None::<&str>);
    let mut skipping = false;
    for (i, &(code, value)) in pairs.iter().enumerate() {
        if code == "2" && i > 0 && pairs[i - 1] == ("0", "SECTION") {
            section = value;
        }
        if code == "0" {
            entity = value;
            record_name = None;
            skipping = value == "MTEXT" && pairs.get(i + 1) == Some(&("5", "0"));
            if value == "ENDSEC" && section == "ENTITIES" {
                for (layer, rings) in hatches {
                    out.extend(hatch_pairs(&fresh(), layer, rings));
                }
            }
        } else if entity == "ATTRIB" && code == "100" && value == "AcDbXrecord" {
            skipping = true;
        }
        let zero_pointer = matches!(code, "347" | "390") && value.trim() == "0";
        if skipping || zero_pointer || (code == "440" && value.trim() == "0") {
            continue;
        }
        let value = if code == "5" && entity == "ENDBLK" {
            fresh()
        } else {
            value.to_owned()
        };
        out.push((code.to_owned(), value));
        if code == "2" && entity == "TABLE" && pairs[i - 1] == ("0", "TABLE") {
            out.push(("5".into(), fresh()));
        }
        let in_layer = section == "TABLES" && entity == "LAYER";
        if in_layer && code == "2" {
            record_name = Some(pairs[i].1);
        }
        if in_layer
            && code == "62"
            && let Some(rgb) = record_name.and_then(|n| colours.get(n))
        {
            out.push(("420".into(), rgb_int(*rgb).to_string()));
        }
    }
    let seed_after = format!("{next:X}");
    let mut text = String::with_capacity(text.len() + out.len() * 8);
    let mut previous = String::new();
    for (code, value) in out {
        let value = if previous == "$HANDSEED" && code == "5" {
            seed_after.clone()
        } else {
            value
        };
        text.push_str(&format!("{code:>3}\r\n{value}\r\n"));
        previous = value;
    }
    text
}

/// A solid HATCH of a parcel's rings (the first outer; polyline paths).
fn hatch_pairs(handle: &str, layer: &str, rings: &[Vec<[f64; 2]>]) -> Vec<(String, String)> {
    let mut pairs: Vec<(i32, String)> = vec![
        (0, "HATCH".into()),
        (5, handle.into()),
        (100, "AcDbEntity".into()),
        (8, layer.into()),
        (100, "AcDbHatch".into()),
        (10, "0.0".into()),
        (20, "0.0".into()),
        (30, "0.0".into()),
        (210, "0.0".into()),
        (220, "0.0".into()),
        (230, "1.0".into()),
        (2, "SOLID".into()),
        (70, "1".into()),
        (71, "0".into()),
        (91, rings.len().to_string()),
    ];
    for (i, ring) in rings.iter().enumerate() {
        // 2 = polyline path; 1 = external (the shell), 16 = outermost.
        let flags = if i == 0 { 2 | 1 | 16 } else { 2 };
        pairs.extend([
            (92, flags.to_string()),
            (72, "0".into()),
            (73, "1".into()),
            (93, ring.len().to_string()),
        ]);
        for p in ring {
            pairs.push((10, format!("{:.12}", p[0])));
            pairs.push((20, format!("{:.12}", p[1])));
        }
        pairs.push((97, "0".into()));
    }
    pairs.extend([(75, "0".into()), (76, "1".into()), (98, "0".into())]);
    pairs.into_iter().map(|(c, v)| (c.to_string(), v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aci_and_names() {
        assert_eq!(nearest_aci([250, 10, 10]), 1);
        assert_eq!(nearest_aci([250, 240, 40]), 2);
        assert_eq!(rgb_int([1, 2, 3]), 0x010203);
        assert_eq!(block_name("a/b"), "a_b");
        assert_eq!(cut(&"城".repeat(100)).len(), 255);
    }
}
