//! Shapefiles in and out (ESRI Shapefile: `.shp` geometry, `.shx` index, `.dbf`
//! attributes, `.prj` CRS, `.cpg` text encoding).
//!
//! Import turns a file set into the same plain GeoJSON features a GeoJSON import reads
//! (geometry in the file's coordinates, the `.dbf` row as properties) and hands them to
//! [`import_value`](super::import::import_value), so the mapping of properties to
//! parcels, facilities and streets is one piece of code for both formats. Export writes
//! one file set per kind of feature (see [`export`]); a Strata export is read back whole
//! ([`plan`]).
//!
//! Text encoding of the attributes, first found wins: the caller's choice
//! (`--encoding`), the `.cpg`, the `.dbf`'s language-driver byte, else GBK (the code
//! page of Chinese Windows, which ArcGIS and older tools write without saying so).

pub mod dbf;
mod geometry;
pub mod plan;
pub mod prj;
mod write;

use std::path::{Path, PathBuf};

use encoding_rs::Encoding;
use serde_json::{Value, json};

use super::import::{ImportAs, ImportOptions, ImportReport, import_value};
use super::read::{Loaded, ReadError, ReadOptions};
use super::text::MAX_FILE_BYTES;
use super::{SourceCrs, WriteError};
use crate::i18n::{Lang, Message};
use crate::model::ProjectionError;
use crate::msg;

pub use write::{ShpExportOptions, ShpExported, export, export_files};

/// A Shapefile import failed: the set could not be read (the message names the file and
/// the record), its features did not make a plan, or an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ShpError {
    #[error("{}", .0.text_in(Lang::En))]
    File(Message),
    #[error("{0}")]
    Read(#[from] ReadError),
    #[error("{0}")]
    Write(#[from] WriteError),
    #[error("{0}")]
    Projection(#[from] ProjectionError),
}

impl ShpError {
    /// What went wrong, worded when shown.
    pub fn message(&self) -> Message {
        match self {
            ShpError::File(m) => m.clone(),
            ShpError::Read(e) => e.message(),
            ShpError::Write(e) => e.message(),
            ShpError::Projection(e) => e.message(),
        }
    }

    /// The error in the current language (`Display` is English).
    pub fn text(&self) -> String {
        self.message().text()
    }

    /// 2 for a file set that cannot be read, as for an unreadable plan.
    pub fn exit_code(&self) -> u8 {
        match self {
            ShpError::Read(e) => e.exit_code() as u8,
            _ => 2,
        }
    }
}

impl From<Message> for ShpError {
    fn from(m: Message) -> Self {
        ShpError::File(m)
    }
}

/// How to read a Shapefile and what its features become.
#[derive(Debug, Default)]
pub struct ShpImportOptions {
    /// The mapping of properties, as for GeoJSON. `import.read.crs` (from `--crs`)
    /// overrides the `.prj`.
    pub import: ImportOptions,
    /// What the records become; `None`: by the file's shape type (polygons → parcels,
    /// points → facilities, lines → streets).
    pub kind: Option<ImportAs>,
    /// Encoding label of the `.dbf` text (`GBK`, `UTF-8`, `936`…), overriding `.cpg`.
    pub encoding: Option<String>,
    /// Field whose value becomes the feature's id (ids must then be unique).
    pub id_from: Option<String>,
}

/// Where the encoding of the attributes came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EncodingFrom {
    Option,
    Cpg,
    LanguageDriver,
    Default,
}

/// What was found in the file set, besides its features.
#[derive(Clone, Debug)]
pub struct ShpInfo {
    pub kind: ImportAs,
    pub records: usize,
    pub encoding: &'static Encoding,
    pub encoding_from: EncodingFrom,
    /// EPSG code of the coordinates: `--crs`'s, else the `.prj`'s.
    pub epsg: Option<u32>,
    pub fields: Vec<dbf::Field>,
    /// The set was a Strata export read back whole (parcels with their strata,
    /// facilities, streets: [`plan`]).
    pub strata_export: bool,
}

impl ShpInfo {
    /// One line for the user: what the set was read as.
    pub fn message(&self) -> Message {
        let from = match self.encoding_from {
            EncodingFrom::Option => msg!("shp-from-option"),
            EncodingFrom::Cpg => msg!("shp-from-cpg"),
            EncodingFrom::LanguageDriver => msg!("shp-from-driver"),
            EncodingFrom::Default => msg!("shp-from-default"),
        };
        msg!(
            "shp-read-as",
            records = self.records.to_string(),
            encoding = self.encoding.name(),
            from = from,
            crs = self
                .epsg
                .map_or_else(|| "WGS84".to_owned(), |c| format!("EPSG:{c}"))
        )
    }
}

/// A file set read: plain GeoJSON features in the file's coordinates (one per record,
/// in order, so "feature #n" is record n) and what was found.
#[derive(Debug)]
pub struct ShpSource {
    pub features: Value,
    pub info: ShpInfo,
}

/// The file beside `path` with extension `ext` (lower or upper case), if it exists.
fn sibling(path: &Path, ext: &str) -> Option<PathBuf> {
    [ext.to_owned(), ext.to_ascii_uppercase()]
        .iter()
        .map(|e| path.with_extension(e))
        .find(|p| p.is_file())
}

fn name_of(path: &Path) -> String {
    path.display().to_string()
}

/// A file's bytes, refusing one too big to be a plan's input.
fn read_file(path: &Path) -> Result<Vec<u8>, ShpError> {
    let io = |e: std::io::Error| msg!("read-err-io", path = name_of(path), reason = e.to_string());
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_FILE_BYTES {
        return Err(msg!(
            "shp-err-file",
            file = name_of(path),
            reason = msg!("shp-err-too-big", mb = (MAX_FILE_BYTES >> 20).to_string())
        )
        .into());
    }
    Ok(std::fs::read(path).map_err(io)?)
}

/// The member of a set that must be there (`.shx`, `.dbf`).
fn required(shp: &Path, ext: &str) -> Result<PathBuf, ShpError> {
    sibling(shp, ext).ok_or_else(|| {
        ShpError::from(msg!(
            "shp-err-missing",
            file = name_of(&shp.with_extension(ext)),
            shp = name_of(shp)
        ))
    })
}

/// An encoding label as `.cpg` files and users write it: WHATWG labels (`GBK`, `UTF-8`,
/// `Big5`) and Windows code page numbers (`936`, `CP936`, `65001`).
pub fn encoding_for_label(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_start_matches('\u{feff}').trim();
    let number = label
        .to_ascii_uppercase()
        .trim_start_matches("ANSI")
        .trim_start_matches("CP")
        .trim()
        .to_owned();
    let by_page = match number.as_str() {
        "936" => Some(encoding_rs::GBK),
        "54936" => Some(encoding_rs::GB18030),
        "950" => Some(encoding_rs::BIG5),
        "949" => Some(encoding_rs::EUC_KR),
        "932" => Some(encoding_rs::SHIFT_JIS),
        "65001" | "UTF8" => Some(encoding_rs::UTF_8),
        "1252" => Some(encoding_rs::WINDOWS_1252),
        _ => None,
    };
    by_page.or_else(|| Encoding::for_label(label.as_bytes()))
}

/// The files of a set in memory (`.prj` and `.cpg` are optional), with the path of the
/// `.shp` that names them in messages.
#[derive(Clone, Debug, Default)]
pub struct ShpBytes {
    pub path: PathBuf,
    pub shp: Vec<u8>,
    pub shx: Vec<u8>,
    pub dbf: Vec<u8>,
    pub prj: Option<Vec<u8>>,
    pub cpg: Option<Vec<u8>>,
}

impl ShpBytes {
    /// Reads the set of `path` (`.shx` and `.dbf` must be beside it).
    pub fn read(path: &Path) -> Result<Self, ShpError> {
        let shx = required(path, "shx")?;
        let dbf = required(path, "dbf")?;
        let optional = |ext: &str| sibling(path, ext).map(|p| read_file(&p)).transpose();
        Ok(ShpBytes {
            path: path.to_path_buf(),
            shp: read_file(path)?,
            shx: read_file(&shx)?,
            dbf: read_file(&dbf)?,
            prj: optional("prj")?,
            cpg: optional("cpg")?,
        })
    }

    /// The name of the member with extension `ext`, for messages.
    fn name(&self, ext: &str) -> String {
        name_of(&self.path.with_extension(ext))
    }
}

/// The encoding of the attributes and where it came from (see the module doc).
fn choose_encoding(
    set: &ShpBytes,
    option: Option<&str>,
) -> Result<(&'static Encoding, EncodingFrom), ShpError> {
    if let Some(label) = option {
        let e = encoding_for_label(label)
            .ok_or_else(|| msg!("shp-err-encoding", label = format!("{label:?}")))?;
        return Ok((e, EncodingFrom::Option));
    }
    if let Some(bytes) = &set.cpg {
        let label = String::from_utf8_lossy(bytes);
        let e = encoding_for_label(&label).ok_or_else(|| {
            msg!(
                "shp-err-file",
                file = set.name("cpg"),
                reason = msg!("shp-err-encoding", label = format!("{:?}", label.trim()))
            )
        })?;
        return Ok((e, EncodingFrom::Cpg));
    }
    if let Some(e) = dbf::encoding_of_driver(dbf::driver_byte(&set.dbf)) {
        return Ok((e, EncodingFrom::LanguageDriver));
    }
    Ok((encoding_rs::GBK, EncodingFrom::Default))
}

/// The CRS of the coordinates: `--crs`, else the `.prj`'s (an error when missing or not
/// recognised, since projected metres cannot be guessed).
fn choose_crs(set: &ShpBytes, option: Option<&SourceCrs>) -> Result<SourceCrs, ShpError> {
    if let Some(crs) = option {
        return Ok(same_crs(crs)?);
    }
    let Some(bytes) = &set.prj else {
        return Err(msg!("shp-err-no-prj", file = set.name("prj")).into());
    };
    let wkt = String::from_utf8_lossy(bytes).into_owned();
    let code = prj::epsg_of_wkt(&wkt).ok_or_else(|| {
        let name = wkt.split('"').nth(1).unwrap_or("").to_owned();
        msg!("shp-err-prj-unknown", file = set.name("prj"), name = name)
    })?;
    SourceCrs::from_epsg(code).map_err(|reason| {
        ShpError::from(msg!(
            "shp-err-file",
            file = set.name("prj"),
            reason = reason
        ))
    })
}

/// A second `SourceCrs` equal to `crs` (it holds projections that are not `Clone`).
fn same_crs(crs: &SourceCrs) -> Result<SourceCrs, Message> {
    match crs.epsg() {
        None => Ok(SourceCrs::Geographic),
        Some(code) => SourceCrs::from_epsg(u32::from(code)),
    }
}

/// What a shape type's records become by default.
fn kind_of_shape_type(shape_type: i32) -> ImportAs {
    match shape_type {
        1 | 8 | 11 | 18 | 21 | 28 => ImportAs::Facility,
        3 | 13 | 23 => ImportAs::Street,
        _ => ImportAs::Parcel,
    }
}

/// What the records of a `.shp` become by its shape type (read from its header), `None`
/// when the file cannot be read.
pub fn kind_of_file(path: &Path) -> Option<ImportAs> {
    use std::io::Read;
    let mut header = [0u8; 36];
    std::fs::File::open(path)
        .ok()?
        .read_exact(&mut header)
        .ok()?;
    let shape_type = i32::from_le_bytes([header[32], header[33], header[34], header[35]]);
    Some(kind_of_shape_type(shape_type))
}

/// Reads a file set into plain GeoJSON features (the file's coordinates) without
/// importing them: for previews, and the first half of [`import`].
pub fn read_set(path: &Path, options: &ShpImportOptions) -> Result<ShpSource, ShpError> {
    read_bytes(&ShpBytes::read(path)?, options)
}

/// [`read_set`] on files already in memory.
pub fn read_bytes(set: &ShpBytes, options: &ShpImportOptions) -> Result<ShpSource, ShpError> {
    let (encoding, encoding_from) = choose_encoding(set, options.encoding.as_deref())?;
    let index = geometry::index(&set.shx, &set.name("shx"))?;
    let table = dbf::read(&set.dbf, encoding, &set.name("dbf"))?;
    if index.len() != table.rows.len() {
        return Err(msg!(
            "shp-err-count-mismatch",
            shx = set.name("shx"),
            n = index.len().to_string(),
            dbf = set.name("dbf"),
            m = table.rows.len().to_string()
        )
        .into());
    }
    let geometries = geometry::read(&set.shp, &index, &name_of(&set.path))?;
    let shape_type = i32::from_le_bytes([set.shp[32], set.shp[33], set.shp[34], set.shp[35]]);
    let features: Vec<Value> = geometries
        .into_iter()
        .zip(table.rows)
        .map(|(geometry, properties)| {
            let mut feature = json!({ "type": "Feature", "geometry": geometry });
            let id = options
                .id_from
                .as_deref()
                .and_then(|key| properties.get(key))
                .and_then(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
            if let Some(id) = id {
                feature["id"] = json!(id);
            }
            feature["properties"] = Value::Object(properties);
            feature
        })
        .collect();
    let epsg = None;
    Ok(ShpSource {
        info: ShpInfo {
            kind: options.kind.unwrap_or(kind_of_shape_type(shape_type)),
            records: features.len(),
            encoding,
            encoding_from,
            epsg,
            fields: table.fields,
            strata_export: false,
        },
        features: json!({ "type": "FeatureCollection", "features": features }),
    })
}

/// Imports a Shapefile set as a plan: its records become parcels, facilities or streets
/// as a GeoJSON import's features do. The parcels set of a Strata export
/// (`NAME_parcels.shp` beside its `NAME_fields.txt`), imported with no mapping options
/// (no value property, map or id field), is read back whole instead: [`plan`].
/// Nothing is written; on error nothing is returned.
pub fn import(
    path: &Path,
    options: &ShpImportOptions,
) -> Result<(Loaded, ImportReport, ShpInfo), ShpError> {
    let plain = options.import.value_from.is_none()
        && options.import.map.is_empty()
        && options.id_from.is_none();
    if plain && plan::export_stem(path).is_some() {
        return plan::import_export(path, options);
    }
    import_bytes(&ShpBytes::read(path)?, options)
}

/// [`import`] of files already in memory.
pub fn import_bytes(
    set: &ShpBytes,
    options: &ShpImportOptions,
) -> Result<(Loaded, ImportReport, ShpInfo), ShpError> {
    let crs = choose_crs(set, options.import.read.crs.as_ref())?;
    let mut source = read_bytes(set, options)?;
    source.info.epsg = crs.epsg().map(u32::from);
    let import = ImportOptions {
        read: ReadOptions {
            crs: Some(crs),
            progress: options.import.read.progress.clone(),
        },
        value_from: options.import.value_from.clone(),
        map: options.import.map.clone(),
        name_from: options.import.name_from.clone(),
        scenario: options.import.scenario,
        status: options.import.status,
    };
    let (loaded, report) = import_value(source.features, source.info.kind, &import)?;
    Ok((loaded, report, source.info))
}
