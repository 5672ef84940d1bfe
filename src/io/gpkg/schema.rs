//! The tables of a Strata GeoPackage (docs/file-format.md "GeoPackage plans"): the
//! GeoPackage core tables, the plan's tables, and the related-tables extension that
//! links each parcel to its strata.

use rusqlite::Connection;

use crate::model::LocalFrame;

/// `PRAGMA application_id` of a GeoPackage: the ASCII bytes "GPKG".
pub const APPLICATION_ID: i32 = 0x4750_4B47;
/// `PRAGMA user_version`: GeoPackage 1.3.0.
pub const USER_VERSION: i32 = 10300;
/// The SRS of Strata's tables: the plan's local frame (a transverse Mercator centred on
/// the plan, metres, WGS84 datum), defined in `gpkg_spatial_ref_sys` by its WKT. Storing
/// the metres the program works in, instead of EPSG:4326 degrees, takes projection off
/// every load and save (BENCHMARKS.md, 2026-12-02: most of the time of reading the
/// realistic city); QGIS and GDAL reproject from the WKT. 100000 is where GDAL numbers
/// SRSs without an authority code.
pub const LOCAL_SRS_ID: i32 = 100_000;

/// The WKT of the plan's local frame.
fn local_wkt(frame: LocalFrame) -> String {
    format!(
        r#"PROJCS["Strata local frame",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",{}],PARAMETER["central_meridian",{}],PARAMETER["scale_factor",1],PARAMETER["false_easting",0],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH]]"#,
        frame.lat0, frame.lon0
    )
}

/// The table of the plan's settings: its presence marks a Strata plan.
pub const SETTINGS: &str = "settings";
/// The mapping table of the related-tables extension (parcel fid → stratum fid).
pub const MAPPING: &str = "parcels_strata";

const WGS84_WKT: &str = r#"GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]"#;

/// The GeoPackage core tables (GeoPackage 1.3, tables 1–3) and the extensions table.
const CORE: &str = "
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL,
  definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkgext_relations (
  id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name TEXT NOT NULL,
  base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL,
  related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL,
  mapping_table_name TEXT NOT NULL UNIQUE);
";

/// The plan's tables. `fid` is the GeoPackage primary key; `id` is the feature's id in
/// the plan (indexed, not unique: a plan may hold a duplicate id, which validation
/// reports, and saving must keep both). JSON text columns hold what has no column of
/// its own.
const PLAN: &str = "
CREATE TABLE parcels (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON,
  id TEXT NOT NULL, scenario TEXT NOT NULL, name TEXT, status TEXT,
  population REAL, code TEXT, zone TEXT, main_use TEXT, far_min REAL, far_max REAL,
  density_max REAL, green_min REAL, height_max REAL, parking_min_per_100m2 REAL,
  required_facilities TEXT, controls_extra TEXT, extra TEXT, geojson TEXT);
CREATE TABLE strata (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, footprint POLYGON,
  parcel_id TEXT NOT NULL, position INTEGER NOT NULL, id TEXT NOT NULL,
  bottom REAL NOT NULL, top REAL NOT NULL, floors INTEGER, uses TEXT NOT NULL,
  holders TEXT NOT NULL, \"right\" TEXT, term_start TEXT, term_years REAL,
  term_extra TEXT, facilities TEXT NOT NULL, note TEXT, extra TEXT, unit_code TEXT,
  parent_unit_codes TEXT, operator TEXT, operation_mode TEXT, operation_start TEXT,
  operation_years REAL, annual_revenue REAL, investment REAL, operation_term_extra TEXT,
  operation_extra TEXT);
CREATE INDEX parcels_id ON parcels(id);
CREATE INDEX strata_parcel_id ON strata(parcel_id);
CREATE TABLE facilities (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT,
  id TEXT NOT NULL, scenario TEXT NOT NULL, category TEXT NOT NULL, name TEXT,
  extra TEXT, geojson TEXT);
CREATE INDEX facilities_id ON facilities(id);
CREATE TABLE streets (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTILINESTRING,
  id TEXT NOT NULL, scenario TEXT NOT NULL, walkable INTEGER NOT NULL, name TEXT,
  extra TEXT, geojson TEXT);
CREATE TABLE settings (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, scope TEXT NOT NULL, key TEXT NOT NULL,
  value TEXT NOT NULL);
CREATE TABLE other_features (
  fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT, feature TEXT NOT NULL);
CREATE TABLE parcels_strata (
  base_id INTEGER NOT NULL, related_id INTEGER NOT NULL);
CREATE INDEX parcels_strata_base ON parcels_strata(base_id);
CREATE INDEX parcels_strata_related ON parcels_strata(related_id);
";

/// (table, geometry column, geometry type, description) of the feature tables.
pub const FEATURE_TABLES: [(&str, &str, &str, &str); 4] = [
    ("parcels", "geom", "MULTIPOLYGON", "Parcels of the plan"),
    (
        "strata",
        "footprint",
        "POLYGON",
        "Strata: one row per stratum of a parcel",
    ),
    ("facilities", "geom", "POINT", "Life-circle facilities"),
    (
        "streets",
        "geom",
        "MULTILINESTRING",
        "Streets (walkable ones form the network)",
    ),
];

/// (table, description) of the attribute tables.
const ATTRIBUTE_TABLES: [(&str, &str); 3] = [
    ("settings", "Plan settings (the plan's strata member)"),
    (
        "other_features",
        "Features Strata does not model, as GeoJSON",
    ),
    (
        "parcels_strata",
        "Related-tables mapping: parcel fid to stratum fid",
    ),
];

const RTE_NAME: &str = "related_tables";
const RTE_DEFINITION: &str = "http://www.opengis.net/doc/IS/gpkg-rte/1.0";

/// Creates every table of an empty database and registers them, in the SRS of `frame`.
pub fn create(conn: &Connection, frame: LocalFrame) -> rusqlite::Result<()> {
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {USER_VERSION};"
    ))?;
    conn.execute_batch(CORE)?;
    conn.execute(
        "INSERT INTO gpkg_spatial_ref_sys VALUES
         ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined',
          'undefined cartesian coordinate reference system'),
         ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined',
          'undefined geographic coordinate reference system'),
         ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?1,
          'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'),
         ('Strata local frame', ?2, 'NONE', ?2, ?3,
          'transverse Mercator centred on the plan, metres (the plan''s local frame)')",
        rusqlite::params![WGS84_WKT, LOCAL_SRS_ID, local_wkt(frame)],
    )?;
    conn.execute_batch(PLAN)?;
    for (table, column, kind, description) in FEATURE_TABLES {
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id)
             VALUES (?1, 'features', ?1, ?2, ?3)",
            rusqlite::params![table, description, LOCAL_SRS_ID],
        )?;
        conn.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, ?2, ?3, ?4, 0, 0)",
            rusqlite::params![table, column, kind, LOCAL_SRS_ID],
        )?;
    }
    for (table, description) in ATTRIBUTE_TABLES {
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description)
             VALUES (?1, 'attributes', ?1, ?2)",
            rusqlite::params![table, description],
        )?;
    }
    for table in ["gpkgext_relations", MAPPING] {
        conn.execute(
            "INSERT INTO gpkg_extensions VALUES (?1, NULL, ?2, ?3, 'read-write')",
            rusqlite::params![table, RTE_NAME, RTE_DEFINITION],
        )?;
    }
    conn.execute(
        "INSERT INTO gpkgext_relations (base_table_name, base_primary_column,
           related_table_name, related_primary_column, relation_name, mapping_table_name)
         VALUES ('parcels', 'fid', 'strata', 'fid', 'features', ?1)",
        [MAPPING],
    )?;
    Ok(())
}

/// What kind of SQLite file a database is.
#[derive(Debug, PartialEq)]
pub enum Kind {
    /// A GeoPackage with Strata's tables.
    Plan,
    /// A GeoPackage without them (a QGIS layer): its feature tables.
    OtherGeoPackage(Vec<String>),
    /// A SQLite database that is not a GeoPackage.
    NotGeoPackage,
}

/// Tells a Strata plan from another GeoPackage and from other SQLite files.
pub fn kind(conn: &Connection) -> rusqlite::Result<Kind> {
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let has = |name: &str| tables.iter().any(|t| t == name);
    if !has("gpkg_contents") || !has("gpkg_spatial_ref_sys") {
        return Ok(Kind::NotGeoPackage);
    }
    let ours = [SETTINGS, "parcels", "strata", "facilities", "streets"];
    if ours.iter().all(|t| has(t)) {
        return Ok(Kind::Plan);
    }
    let layers: Vec<String> = conn
        .prepare("SELECT table_name FROM gpkg_contents WHERE data_type = 'features'")?
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(Kind::OtherGeoPackage(layers))
}
