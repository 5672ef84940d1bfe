//! Reading a Strata GeoPackage into a plan: each table's rows are modelled as they are
//! read, in parallel ranges (`rows.rs`).
//!
//! Like the GeoJSON reader, reading is lenient per feature: a row that cannot be
//! modelled (a column of the wrong type after an edit in QGIS, an unknown status, a
//! corrupt blob) is reported as a problem naming its table and id and kept as a raw
//! feature, so nothing is lost on save.

use rustc_hash::FxHashMap as HashMap;

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Point, Polygon};
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use super::rows::{Cell, Parts, Row, Source, Table};
use super::schema::LOCAL_SRS_ID;
use super::shares::Share;
use super::stacks::{Owner, Stacks, StratumRow};
use super::wkb::{Geometry, Line, Rings};
use crate::i18n::Message;
use crate::io::geometry::try_map_exact;
use crate::model::{
    Controls, Facility, FacilityId, FeatureMeta, FrameProjector, Holder, LocalFrame, Operation,
    OperationMode, Parcel, ParcelId, Plan, PlanSettings, Problem, ProblemKind, RawFeature, Right,
    Scenario, Status, Stratum, StratumId, Street, StreetId, Term, Use, ZRange,
};
use crate::msg;

const PARCEL_COLUMNS: &[&str] = &[
    "geom",
    "id",
    "scenario",
    "name",
    "status",
    "population",
    "code",
    "zone",
    "main_use",
    "far_min",
    "far_max",
    "density_max",
    "green_min",
    "height_max",
    "parking_min_per_100m2",
    "required_facilities",
    "controls_extra",
    "extra",
    "geojson",
    "fid",
];
const STRATUM_COLUMNS: &[&str] = &[
    "footprint",
    "parcel_id",
    "position",
    "id",
    "bottom",
    "top",
    "floors",
    "uses",
    "holders",
    "right",
    "term_start",
    "term_years",
    "term_extra",
    "facilities",
    "note",
    "extra",
    "fid",
    // Added with operation and unit codes (issue 20): a file written before has none of
    // them, and reads with them null.
    "unit_code",
    "parent_unit_codes",
    "operator",
    "operation_mode",
    "operation_start",
    "operation_years",
    "annual_revenue",
    "investment",
    "operation_term_extra",
    "operation_extra",
];
const FACILITY_COLUMNS: &[&str] = &[
    "geom", "id", "scenario", "category", "name", "extra", "geojson",
];
const STREET_COLUMNS: &[&str] = &[
    "geom", "id", "scenario", "walkable", "name", "extra", "geojson",
];

/// The plan's four feature tables and the columns read from each.
const PARCELS: Table = Table {
    name: "parcels",
    columns: PARCEL_COLUMNS,
};
const STRATA: Table = Table {
    name: "strata",
    columns: STRATUM_COLUMNS,
};
const FACILITIES: Table = Table {
    name: "facilities",
    columns: FACILITY_COLUMNS,
};
const STREETS: Table = Table {
    name: "streets",
    columns: STREET_COLUMNS,
};

/// For a file in EPSG:4326 without a stored frame (another tool wrote it): the frame
/// the GeoJSON reader would choose, centred on the extent of the parcels, facilities
/// and streets (not the footprints). A pass over their geometry before the rows are
/// modelled.
pub fn frame_for(source: &Source) -> rusqlite::Result<LocalFrame> {
    const NONE: [f64; 4] = [
        f64::INFINITY,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NEG_INFINITY,
    ];
    let grow = |a: [f64; 4], b: [f64; 4]| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    };
    let mut extent = NONE;
    for table in [&PARCELS, &FACILITIES, &STREETS] {
        let geometry_only = Table {
            name: table.name,
            columns: &table.columns[..1],
        };
        let extents = source.rows(&geometry_only, |row| {
            let mut e = NONE;
            if let Ok((4326, g)) = &row.geometry {
                g.for_each_point(|p| e = grow(e, [p[0], p[1], p[0], p[1]]));
            }
            e
        })?;
        extent = extents.into_iter().fold(extent, grow);
    }
    Ok(if extent[0].is_finite() {
        LocalFrame::centred_on([extent[0], extent[1]], [extent[2], extent[3]])
    } else {
        LocalFrame::new(0.0, 0.0)
    })
}

/// Typed access to a row's columns; errors name the column.
struct Cells<'a> {
    table: &'a Table,
    row: &'a Row<'a>,
}

impl<'a> Cells<'a> {
    fn at(&self, column: &str) -> Cell<'a> {
        let i = self.table.columns.iter().position(|c| *c == column);
        i.and_then(|i| self.row.values.get(i).copied())
            .unwrap_or(Cell::Null)
    }

    fn wrong(&self, column: &str, expected: &str) -> Message {
        msg!("gpkg-column-type", column = column, expected = expected)
    }

    /// A text column's text, borrowed from the row.
    fn str(&self, column: &str) -> Result<Option<&'a str>, Message> {
        match self.at(column) {
            Cell::Null => Ok(None),
            Cell::Text(t) => Ok(Some(t)),
            _ => Err(self.wrong(column, "TEXT")),
        }
    }

    fn text(&self, column: &str) -> Result<Option<String>, Message> {
        Ok(self.str(column)?.map(str::to_owned))
    }

    fn required_text(&self, column: &str) -> Result<String, Message> {
        self.text(column)?
            .ok_or_else(|| self.wrong(column, "TEXT NOT NULL"))
    }

    fn real(&self, column: &str) -> Result<Option<f64>, Message> {
        match self.at(column) {
            Cell::Null => Ok(None),
            Cell::Real(v) => Ok(Some(v)),
            Cell::Integer(v) => Ok(Some(v as f64)),
            _ => Err(self.wrong(column, "REAL")),
        }
    }

    fn integer(&self, column: &str) -> Result<Option<i64>, Message> {
        match self.at(column) {
            Cell::Null => Ok(None),
            Cell::Integer(v) => Ok(Some(v)),
            Cell::Real(v) if v.fract() == 0.0 => Ok(Some(v as i64)),
            _ => Err(self.wrong(column, "INTEGER")),
        }
    }

    fn json(&self, column: &str) -> Result<Option<Value>, Message> {
        // Most stacks have no facilities and no unknown members: no parser for those.
        match self.str(column)? {
            None => Ok(None),
            Some("[]") => Ok(Some(Value::Array(Vec::new()))),
            Some("{}") => Ok(Some(Value::Object(Map::new()))),
            Some(text) => serde_json::from_str(text)
                .map(Some)
                .map_err(|_| self.wrong(column, "JSON")),
        }
    }

    fn object(&self, column: &str) -> Result<Map<String, Value>, Message> {
        match self.json(column)? {
            None => Ok(Map::new()),
            Some(Value::Object(map)) => Ok(map),
            Some(_) => Err(self.wrong(column, "JSON object")),
        }
    }

    fn strings(&self, column: &str) -> Result<Vec<String>, Message> {
        match self.json(column)? {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    _ => Err(self.wrong(column, "JSON array of strings")),
                })
                .collect(),
            Some(_) => Err(self.wrong(column, "JSON array of strings")),
        }
    }

    fn scenario(&self) -> Result<Scenario, Message> {
        let text = self.str("scenario")?;
        let text = text.ok_or_else(|| self.wrong("scenario", "TEXT NOT NULL"))?;
        Scenario::parse(text).ok_or_else(|| self.wrong("scenario", "existing|proposed"))
    }

    fn meta(&self) -> Result<FeatureMeta, Message> {
        let geojson = self.object("geojson")?;
        let members = match geojson.get("members") {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        Ok(FeatureMeta {
            properties: self.object("extra")?.into(),
            members: members.into(),
            numeric_id: geojson.get("numeric_id") == Some(&json!(true)),
            multi: geojson.get("multi") == Some(&json!(true)),
        })
    }

    /// The row's geometry with the SRS its blob names.
    fn geometry(&self) -> Result<(i32, &Geometry), Message> {
        match &self.row.geometry {
            Ok((srs, g)) => Ok((*srs, g)),
            Err(e) => Err(e.clone()),
        }
    }
}

/// Positions into plan metres: as they are in the plan's own SRS, projected from
/// EPSG:4326 (a file another tool wrote in degrees).
struct Place {
    frame: LocalFrame,
    /// Built on the first position in degrees: a plan's own file has none, and building
    /// a proj4rs projector per chunk of rows is not free.
    projector: std::cell::OnceCell<Result<FrameProjector, Message>>,
}

impl Place {
    fn point(&self, srs: i32, p: &[f64; 2]) -> Result<Coord<f64>, Message> {
        match srs {
            LOCAL_SRS_ID => Ok(Coord { x: p[0], y: p[1] }),
            4326 => {
                let projector = self
                    .projector
                    .get_or_init(|| self.frame.projector().map_err(|e| e.message()));
                let projector = projector.as_ref().map_err(Clone::clone)?;
                projector
                    .to_local(p[0], p[1])
                    .map(|[x, y]| Coord { x, y })
                    .map_err(|e| e.message())
            }
            other => Err(msg!("gpkg-srs", srs = other.to_string())),
        }
    }

    fn line(&self, srs: i32, line: &Line) -> Result<LineString<f64>, Message> {
        try_map_exact(line, |p| self.point(srs, p)).map(LineString::new)
    }

    fn polygon(&self, srs: i32, rings: &Rings) -> Result<Polygon<f64>, Message> {
        let Some((exterior, holes)) = rings.split_first() else {
            return Err(msg!("gpkg-empty-geometry"));
        };
        let holes = try_map_exact(holes, |r| self.line(srs, r))?;
        Ok(Polygon::new(self.line(srs, exterior)?, holes))
    }
}

/// A row that could not be modelled, as a raw GeoJSON feature: its columns as
/// properties, its geometry if it decoded.
fn raw_feature(cells: &Cells, kind: &str) -> RawFeature {
    let mut properties = Map::new();
    properties.insert("kind".into(), json!(kind));
    for (name, value) in cells.table.columns.iter().zip(&cells.row.values).skip(1) {
        let value = match *value {
            Cell::Null | Cell::Blob(_) => continue,
            Cell::Integer(v) => json!(v),
            Cell::Real(v) => crate::io::write::num(v),
            Cell::Text(t) => json!(t),
        };
        properties.insert((*name).to_owned(), value);
    }
    // Degrees only: a raw feature is GeoJSON in WGS84 (other SRSs are left out).
    let geometry = match &cells.row.geometry {
        Ok((4326, g)) => geojson_geometry(g),
        _ => Value::Null,
    };
    let id = cells.text("id").ok().flatten();
    RawFeature {
        id: id.clone(),
        json: json!({ "type": "Feature", "id": id, "geometry": geometry, "properties": properties }),
    }
}

pub(super) fn geojson_geometry(g: &Geometry) -> Value {
    match g {
        Geometry::Point(p) => json!({ "type": "Point", "coordinates": p }),
        Geometry::MultiPoint(p) => json!({ "type": "MultiPoint", "coordinates": p }),
        Geometry::LineString(l) => json!({ "type": "LineString", "coordinates": l }),
        Geometry::Polygon(r) => json!({ "type": "Polygon", "coordinates": r }),
        Geometry::MultiLineString(l) => json!({ "type": "MultiLineString", "coordinates": l }),
        Geometry::MultiPolygon(p) => json!({ "type": "MultiPolygon", "coordinates": p }),
        Geometry::Empty => Value::Null,
    }
}

/// A feature read from a row, or the problem and the raw row (boxed: rare, and large).
pub(super) type Modelled<T> = Result<T, Box<(Problem, RawFeature)>>;

fn modelled<T>(cells: &Cells, kind: &str, result: Result<T, Message>) -> Modelled<T> {
    result.map_err(|reason| {
        let id = cells.text("id").ok().flatten();
        let message = msg!(
            "gpkg-row",
            table = cells.table.name,
            id = id.clone().unwrap_or_default(),
            reason = reason
        );
        Box::new((
            Problem::error(ProblemKind::InvalidFeature, id.as_deref(), message),
            raw_feature(cells, kind),
        ))
    })
}

fn parcel(cells: &Cells, to: &Place) -> Result<Parcel, Message> {
    let shape = match cells.geometry()? {
        (srs, Geometry::MultiPolygon(parts)) => try_map_exact(parts, |p| to.polygon(srs, p))?,
        (srs, Geometry::Polygon(rings)) => vec![to.polygon(srs, rings)?],
        (_, Geometry::Empty) => return Err(msg!("gpkg-empty-geometry")),
        (_, other) => return Err(msg!("gpkg-geometry-type", found = other.type_name())),
    };
    let status = match cells.str("status")? {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or_else(|| cells.wrong("status", "status id"))?),
    };
    Ok(Parcel {
        id: ParcelId(cells.required_text("id")?),
        scenario: cells.scenario()?,
        shape: MultiPolygon::new(shape),
        name: cells.text("name")?,
        status,
        strata: Vec::new(),
        population: cells.real("population")?,
        controls: controls(cells)?,
        meta: cells.meta()?,
    })
}

/// The parcel's controls: its columns and `controls_extra` put back into the `controls`
/// object and read as the GeoJSON reader reads it. A parcel has controls when any
/// column is set or `controls_extra` is not NULL.
fn controls(cells: &Cells) -> Result<Option<Controls>, Message> {
    let mut object = Map::new();
    for key in ["code", "zone", "main_use"] {
        if let Some(t) = cells.text(key)? {
            object.insert(key.into(), json!(t));
        }
    }
    let (far_min, far_max) = (cells.real("far_min")?, cells.real("far_max")?);
    if far_min.is_some() || far_max.is_some() {
        let bound = |b: Option<f64>| b.map_or(Value::Null, crate::io::write::num);
        object.insert("far".into(), json!([bound(far_min), bound(far_max)]));
    }
    for key in [
        "density_max",
        "green_min",
        "height_max",
        "parking_min_per_100m2",
    ] {
        if let Some(v) = cells.real(key)? {
            object.insert(key.into(), crate::io::write::num(v));
        }
    }
    let facilities = cells.strings("required_facilities")?;
    if !facilities.is_empty() {
        object.insert("facilities".into(), json!(facilities));
    }
    let has_extra = !matches!(cells.at("controls_extra"), Cell::Null);
    object.extend(cells.object("controls_extra")?);
    Ok((has_extra || !object.is_empty()).then(|| Controls::from_json(object)))
}

/// `[{"code"|"name": text, "share": number, …}]` as (name, share, other members).
fn shares(cells: &Cells, column: &str, key: &str) -> Result<Vec<Share>, Message> {
    if let Some(text) = cells.str(column)?
        && let Some(shares) = super::shares::parse(text, key)
    {
        return Ok(shares);
    }
    let bad = || cells.wrong(column, "JSON array of shares");
    let Some(Value::Array(items)) = cells.json(column)? else {
        return Err(bad());
    };
    // Sized exactly, and the members left after the name and share kept only when
    // there are some: a city has hundreds of thousands of these.
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Value::Object(mut entry) = item else {
            return Err(bad());
        };
        let name = match entry.shift_remove(key) {
            Some(Value::String(s)) => s,
            _ => return Err(bad()),
        };
        let share = entry.shift_remove("share").and_then(|v| v.as_f64());
        let rest = match entry.is_empty() {
            true => Map::new(),
            false => entry.into_iter().collect(),
        };
        out.push((name, share.ok_or_else(bad)?, rest));
    }
    Ok(out)
}

fn stratum(cells: &Cells, to: &Place) -> Result<StratumRow, Message> {
    let footprint = match cells.geometry()? {
        (_, Geometry::Empty) => None,
        (srs, Geometry::Polygon(rings)) => Some(to.polygon(srs, rings)?),
        (_, other) => return Err(msg!("gpkg-geometry-type", found = other.type_name())),
    };
    let right = match cells.str("right")? {
        None => None,
        Some(r) => Some(Right::parse(r).ok_or_else(|| cells.wrong("right", "right id"))?),
    };
    let (start, years) = (cells.text("term_start")?, cells.real("term_years")?);
    let term_extra = cells.json("term_extra")?;
    let term = (start.is_some() || years.is_some() || term_extra.is_some()).then(|| Term {
        start,
        years,
        extra: match term_extra {
            Some(Value::Object(m)) => m.into(),
            _ => Default::default(),
        },
    });
    let floors = match cells.integer("floors")? {
        None => None,
        Some(n) => Some(u32::try_from(n).map_err(|_| cells.wrong("floors", "INTEGER ≥ 0"))?),
    };
    let uses = shares(cells, "uses", "code")?;
    let holders = shares(cells, "holders", "name")?;
    let z = |c: &str| {
        cells
            .real(c)?
            .ok_or_else(|| cells.wrong(c, "REAL NOT NULL"))
    };
    let stratum = Stratum {
        id: StratumId(cells.required_text("id")?),
        z: ZRange::new(z("bottom")?, z("top")?),
        floors,
        uses: uses
            .into_iter()
            .map(|(code, share, extra)| Use {
                code,
                share,
                extra: extra.into(),
            })
            .collect(),
        holders: holders
            .into_iter()
            .map(|(name, share, extra)| Holder {
                name,
                share,
                extra: extra.into(),
            })
            .collect(),
        right,
        term,
        footprint,
        facilities: cells.strings("facilities")?,
        note: cells.text("note")?,
        unit_code: cells.text("unit_code")?,
        parent_unit_codes: cells.strings("parent_unit_codes")?,
        operation: operation(cells)?.map(Box::new),
        extra: cells.object("extra")?.into(),
    };
    let position = cells.integer("position")?.unwrap_or(0);
    Ok(StratumRow {
        parcel_id: cells.required_text("parcel_id")?,
        position,
        stratum: Some(stratum),
    })
}

/// The operation columns; `None` when `operation_extra` is null (no operation).
fn operation(cells: &Cells) -> Result<Option<Operation>, Message> {
    let Some(extra) = cells.json("operation_extra")? else {
        return Ok(None);
    };
    let Value::Object(extra) = extra else {
        return Err(cells.wrong("operation_extra", "JSON object"));
    };
    let mode = match cells.str("operation_mode")? {
        None => None,
        Some(m) => {
            Some(OperationMode::parse(m).ok_or_else(|| cells.wrong("operation_mode", "mode id"))?)
        }
    };
    let term = match cells.json("operation_term_extra")? {
        None => None,
        Some(Value::Object(term_extra)) => Some(Term {
            start: cells.text("operation_start")?,
            years: cells.real("operation_years")?,
            extra: term_extra.into(),
        }),
        Some(_) => return Err(cells.wrong("operation_term_extra", "JSON object")),
    };
    Ok(Some(Operation {
        operator: cells.text("operator")?,
        mode,
        term,
        annual_revenue: cells.real("annual_revenue")?,
        investment: cells.real("investment")?,
        extra,
    }))
}

fn facility(cells: &Cells, to: &Place) -> Result<Facility, Message> {
    let (srs, at) = match cells.geometry()? {
        (srs, Geometry::Point(p)) => (srs, p),
        (_, Geometry::Empty) => return Err(msg!("gpkg-empty-geometry")),
        (_, other) => return Err(msg!("gpkg-geometry-type", found = other.type_name())),
    };
    let Coord { x, y } = to.point(srs, at)?;
    Ok(Facility {
        id: FacilityId(cells.required_text("id")?),
        scenario: cells.scenario()?,
        position: Point::new(x, y),
        category: cells.required_text("category")?,
        name: cells.text("name")?,
        meta: cells.meta()?,
    })
}

fn street(cells: &Cells, to: &Place) -> Result<Street, Message> {
    let (srs, lines) = match cells.geometry()? {
        (srs, Geometry::MultiLineString(lines)) => (srs, lines.iter().collect::<Vec<_>>()),
        (srs, Geometry::LineString(line)) => (srs, vec![line]),
        (_, Geometry::Empty) => return Err(msg!("gpkg-empty-geometry")),
        (_, other) => return Err(msg!("gpkg-geometry-type", found = other.type_name())),
    };
    let lines = try_map_exact(lines, |l| to.line(srs, l))?;
    Ok(Street {
        id: StreetId(cells.required_text("id")?),
        scenario: cells.scenario()?,
        line: MultiLineString::new(lines),
        walkable: cells.integer("walkable")?.unwrap_or(1) != 0,
        name: cells.text("name")?,
        meta: cells.meta()?,
    })
}

/// Models every row of a table as it is read, in parallel; each with its `fid`.
/// Each range of rows builds its own projector when it meets degrees (proj4rs's is
/// not shared between threads).
fn model_rows<T: Send>(
    source: &Source,
    table: &Table,
    frame: LocalFrame,
    kind: &str,
    build: impl Fn(&Cells, &Place) -> Result<T, Message> + Sync,
) -> rusqlite::Result<Parts<(Option<i64>, Modelled<T>)>> {
    thread_local! {
        static PLACE: std::cell::RefCell<Option<Place>> = const { std::cell::RefCell::new(None) };
    }
    source.rows(table, |row| {
        let cells = Cells { table, row };
        let fid = cells.integer("fid").ok().flatten();
        let modelled = PLACE.with_borrow_mut(|place| {
            let to = match place {
                Some(to) if to.frame == frame => to,
                _ => place.insert(Place {
                    frame,
                    projector: std::cell::OnceCell::new(),
                }),
            };
            modelled(&cells, kind, build(&cells, to))
        });
        (fid, modelled)
    })
}

/// The strata, grouped by owner; rows that cannot be modelled go to `plan.others`.
fn stack_strata(
    source: &Source,
    frame: LocalFrame,
    plan: &mut Plan,
    problems: &mut Vec<Problem>,
) -> rusqlite::Result<Stacks> {
    let parcel_of: HashMap<i64, i64> = source
        .conn
        .prepare("SELECT related_id, base_id FROM parcels_strata")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let rows = model_rows(source, &STRATA, frame, "stratum", stratum)?;
    let mut bad = Vec::new();
    let stacks = Stacks::new(rows.into_vecs(), &parcel_of, |b| bad.push(b));
    for b in bad {
        keep_raw(plan, problems, *b);
    }
    Ok(stacks)
}

/// Reads the plan's features into `plan` (settings, members and raw features already
/// in it), modelling every row as it is read, in the plan's `frame`.
pub fn read_features(
    source: &Source,
    frame: LocalFrame,
    plan: &mut Plan,
    problems: &mut Vec<Problem>,
) -> rusqlite::Result<()> {
    use crate::timings::stage;
    plan.frame = frame;
    let mut stacks = stage("strata", || stack_strata(source, frame, plan, problems))?;
    let rows = stage("parcels", || {
        model_rows(source, &PARCELS, frame, "parcel", parcel)
    })?;
    plan.parcels.reserve_exact(rows.len());
    for (fid, modelled) in rows {
        match modelled {
            Ok(mut p) => {
                p.strata = stacks.take(fid, &p.id);
                plan.parcels.push(p);
            }
            Err(bad) => keep_raw(plan, problems, *bad),
        }
    }
    orphan_strata(plan, problems, stacks);
    for (_, row) in model_rows(source, &FACILITIES, frame, "facility", facility)? {
        match row {
            Ok(f) => plan.facilities.push(f),
            Err(bad) => keep_raw(plan, problems, *bad),
        }
    }
    let rows = stage("streets", || {
        model_rows(source, &STREETS, frame, "street", street)
    })?;
    for (_, row) in rows {
        match row {
            Ok(s) => plan.streets.push(s),
            Err(bad) => keep_raw(plan, problems, *bad),
        }
    }
    Ok(())
}

fn keep_raw(plan: &mut Plan, problems: &mut Vec<Problem>, (problem, raw): (Problem, RawFeature)) {
    problems.push(problem);
    plan.others.push(raw);
}

/// Strata whose parcel is not in the plan: reported, and kept as raw features (in
/// WGS84 again) so a save does not drop them.
fn orphan_strata(plan: &mut Plan, problems: &mut Vec<Problem>, stacks: Stacks) {
    let mut orphans: Vec<(String, Vec<(i64, Stratum)>)> = stacks
        .left()
        .into_iter()
        .map(|(owner, stack)| match owner {
            Owner::Row(fid) => (format!("fid {fid}"), stack),
            Owner::Id(id) => (id, stack),
        })
        .collect();
    orphans.sort_by(|a, b| a.0.cmp(&b.0));
    for (parcel_id, stack) in orphans {
        for (position, s) in stack {
            problems.push(Problem::error(
                ProblemKind::InvalidStrata,
                Some(s.id.as_str()),
                msg!(
                    "gpkg-orphan-stratum",
                    id = s.id.as_str(),
                    parcel = parcel_id.as_str()
                ),
            ));
            let properties = json!({
                "kind": "stratum", "parcel_id": parcel_id, "position": position,
                "id": s.id.as_str(), "bottom": s.z.bottom, "top": s.z.top,
            });
            plan.others.push(RawFeature {
                id: Some(s.id.0.clone()),
                json: json!({ "type": "Feature", "id": s.id.as_str(), "geometry": null,
                              "properties": properties }),
            });
        }
    }
}

/// The `settings` table: the plan's `strata` member and the collection's members.
/// Reads the settings (and the raw features) into `plan`; the stored local frame, if any.
pub fn read_settings(
    conn: &Connection,
    plan: &mut Plan,
    problems: &mut Vec<Problem>,
) -> rusqlite::Result<Option<LocalFrame>> {
    let mut stmt = conn.prepare("SELECT scope, key, value FROM settings ORDER BY fid")?;
    let rows = stmt.query_map([], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
        ))
    })?;
    let mut strata = Map::new();
    let mut frame = [None, None];
    for row in rows {
        let (scope, key, text) = row?;
        let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
        match scope.as_str() {
            "collection" => {
                plan.members.insert(key, value);
            }
            "frame" => match key.as_str() {
                "lon0" => frame[0] = value.as_f64(),
                "lat0" => frame[1] = value.as_f64(),
                _ => {}
            },
            _ => {
                strata.insert(key, value);
            }
        }
    }
    let mut settings = PlanSettings::default();
    if let Some(format) = strata.shift_remove("format")
        && format.as_u64() != Some(1)
    {
        problems.push(Problem::warning(
            ProblemKind::InvalidProperty,
            None,
            msg!(
                "read-format-version",
                found = crate::io::geometry::short(&format)
            ),
        ));
    }
    if let Some(Value::String(name)) = strata.shift_remove("name") {
        settings.name = Some(name);
    }
    if let Some(Value::String(id)) = strata.shift_remove("classification") {
        settings.classification = id;
    }
    if let Some(Value::String(id)) = strata.shift_remove("standard") {
        settings.standard = id;
    }
    settings.extra = strata;
    plan.settings = settings;
    let mut stmt = conn.prepare("SELECT id, feature FROM other_features ORDER BY fid")?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, Option<String>>(0)?, row.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (id, text) = row?;
        let json = serde_json::from_str(&text).unwrap_or(Value::String(text));
        plan.others.push(RawFeature { id, json });
    }
    Ok(match frame {
        [Some(lon0), Some(lat0)] => Some(LocalFrame::new(lon0, lat0)),
        _ => None,
    })
}
