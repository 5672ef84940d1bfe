//! The dBASE III table (`.dbf`) of a Shapefile, read and written here rather than through
//! the `dbase` crate: text is decoded strictly (an undecodable byte is an error naming
//! the record and field, not a replacement character), the language-driver byte of
//! Chinese tables (GBK) is honoured, and every length is checked against the file before
//! it is used, so no input makes the reader panic or allocate more than the file holds.

use encoding_rs::Encoding;
use serde_json::{Map, Value, json};

use crate::i18n::Message;
use crate::msg;

/// One column of the table.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: String,
    /// dBASE type letter: `C` text, `N`/`F` number, `L` logical, `D` date, others kept as text.
    pub kind: u8,
    pub length: usize,
    pub decimals: usize,
}

/// A table read from a `.dbf`: the columns and the rows as JSON properties.
#[derive(Debug)]
pub struct Table {
    pub fields: Vec<Field>,
    pub rows: Vec<Map<String, Value>>,
}

/// The encoding a language-driver byte names; `None` for "unknown" and for the
/// "current ANSI code page" mark (0x57), whose code page the file does not say.
pub fn encoding_of_driver(byte: u8) -> Option<&'static Encoding> {
    match byte {
        0x4D | 0x7A => Some(encoding_rs::GBK),
        0x4F | 0x78 => Some(encoding_rs::BIG5),
        0x4E | 0x79 => Some(encoding_rs::EUC_KR),
        0x13 | 0x7B => Some(encoding_rs::SHIFT_JIS),
        0x03 => Some(encoding_rs::WINDOWS_1252),
        0xC8 => Some(encoding_rs::WINDOWS_1250),
        0xC9 => Some(encoding_rs::WINDOWS_1251),
        _ => None,
    }
}

/// The language-driver byte of a `.dbf` (0 when the file is too short to have one).
pub fn driver_byte(bytes: &[u8]) -> u8 {
    bytes.get(29).copied().unwrap_or(0)
}

fn u16_at(bytes: &[u8], at: usize) -> usize {
    usize::from(u16::from_le_bytes([bytes[at], bytes[at + 1]]))
}

/// Reads a whole table; `file` names it in errors.
pub fn read(bytes: &[u8], encoding: &'static Encoding, file: &str) -> Result<Table, Message> {
    let bad = |reason: Message| msg!("shp-err-dbf", file = file, reason = reason);
    if bytes.len() < 33 {
        return Err(bad(msg!("shp-err-short")));
    }
    let count = u32::from_le_bytes([bytes[4], bytes[5], bytes[6], bytes[7]]) as usize;
    let header_len = u16_at(bytes, 8);
    let record_len = u16_at(bytes, 10);
    if header_len < 33 || header_len > bytes.len() {
        return Err(bad(msg!("shp-err-dbf-header")));
    }
    let fields = read_fields(&bytes[32..header_len], encoding).map_err(bad)?;
    let sum: usize = 1 + fields.iter().map(|f| f.length).sum::<usize>();
    if sum != record_len {
        return Err(bad(msg!(
            "shp-err-dbf-record-length",
            header = record_len.to_string(),
            fields = sum.to_string()
        )));
    }
    let available = (bytes.len() - header_len) / record_len.max(1);
    if available < count {
        return Err(bad(msg!(
            "shp-err-truncated-at",
            record = (available + 1).to_string()
        )));
    }
    let mut rows = Vec::with_capacity(count);
    for index in 0..count {
        let start = header_len + index * record_len;
        let record = &bytes[start..start + record_len];
        let row = read_row(record, &fields, encoding).map_err(|reason| {
            msg!(
                "shp-err-dbf-record",
                file = file,
                record = (index + 1).to_string(),
                reason = reason
            )
        })?;
        rows.push(row);
    }
    Ok(Table { fields, rows })
}

/// The field descriptors (32 bytes each, ended by 0x0D).
fn read_fields(area: &[u8], encoding: &'static Encoding) -> Result<Vec<Field>, Message> {
    let mut fields = Vec::new();
    for descriptor in area.chunks(32) {
        if descriptor[0] == 0x0D {
            return Ok(fields);
        }
        if descriptor.len() < 32 {
            break;
        }
        let raw = &descriptor[..11];
        let raw = &raw[..raw.iter().position(|&b| b == 0).unwrap_or(raw.len())];
        let name = decode(raw, encoding)
            .ok_or_else(|| msg!("shp-err-field-name", n = (fields.len() + 1).to_string()))?
            .trim()
            .to_owned();
        fields.push(Field {
            name,
            kind: descriptor[11].to_ascii_uppercase(),
            length: usize::from(descriptor[16]),
            decimals: usize::from(descriptor[17]),
        });
    }
    Err(msg!("shp-err-dbf-header"))
}

fn decode(bytes: &[u8], encoding: &'static Encoding) -> Option<String> {
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
}

/// One record (its deletion flag first) as properties.
fn read_row(
    record: &[u8],
    fields: &[Field],
    encoding: &'static Encoding,
) -> Result<Map<String, Value>, Message> {
    let mut row = Map::new();
    let mut at = 1;
    for field in fields {
        let raw = &record[at..at + field.length];
        at += field.length;
        let value = field_value(raw, field, encoding)
            .map_err(|reason| msg!("shp-err-field", field = field.name.clone(), reason = reason))?;
        row.insert(field.name.clone(), value);
    }
    Ok(row)
}

fn field_value(raw: &[u8], field: &Field, encoding: &'static Encoding) -> Result<Value, Message> {
    let end = raw
        .iter()
        .rposition(|&b| b != b' ' && b != 0)
        .map_or(0, |i| i + 1);
    let raw = &raw[..end];
    match field.kind {
        b'N' | b'F' => number(raw),
        b'L' => Ok(match raw.first().map(u8::to_ascii_uppercase) {
            Some(b'T' | b'Y') => json!(true),
            Some(b'F' | b'N') => json!(false),
            _ => Value::Null,
        }),
        b'D' if raw.len() == 8 && raw.iter().all(u8::is_ascii_digit) => {
            let d = String::from_utf8_lossy(raw);
            Ok(json!(format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..])))
        }
        _ if raw.is_empty() => Ok(Value::Null),
        _ => decode(raw, encoding)
            .map(Value::String)
            .ok_or_else(|| msg!("shp-err-undecodable", encoding = encoding.name())),
    }
}

/// A numeric field: blank or `*` filled is null (no value), an integer when written
/// without a fraction, else a finite number.
fn number(raw: &[u8]) -> Result<Value, Message> {
    let text = String::from_utf8_lossy(raw);
    let text = text.trim();
    if text.is_empty() || text.chars().all(|c| c == '*') {
        return Ok(Value::Null);
    }
    let not_number = || msg!("shp-err-number", text = format!("{text:?}"));
    if let Ok(i) = text.parse::<i64>() {
        return Ok(json!(i));
    }
    let v: f64 = text.parse().map_err(|_| not_number())?;
    if !v.is_finite() {
        return Err(not_number());
    }
    Ok(json!(v))
}

/// A column to write: its name (≤ 10 bytes, ASCII) and how values are written.
#[derive(Clone, Debug)]
pub struct Column {
    pub name: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ColumnKind {
    /// UTF-8 text of at most `length` bytes.
    Text {
        length: usize,
    },
    /// A number with `decimals` digits after the point, right-aligned in `length`.
    Number {
        length: usize,
        decimals: usize,
    },
    Logical,
}

/// A value as the bytes of a column (padded to its width); the text is cut at a
/// character boundary when too long (the caller decides the widths, so only text
/// longer than 254 bytes is cut).
fn cell(value: &Value, kind: ColumnKind) -> Vec<u8> {
    match kind {
        ColumnKind::Text { length } => {
            let text = match value {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let mut cut = text.len().min(length);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            let mut bytes = text.as_bytes()[..cut].to_vec();
            bytes.resize(length, b' ');
            bytes
        }
        ColumnKind::Number { length, decimals } => {
            let text = match value.as_f64() {
                Some(_) if value.is_i64() || value.is_u64() => value.to_string(),
                Some(v) => format!("{v:.decimals$}"),
                None => String::new(),
            };
            let text = if text.len() > length {
                "*".repeat(length)
            } else {
                text
            };
            format!("{text:>length$}").into_bytes()
        }
        ColumnKind::Logical => match value {
            Value::Bool(true) => b"T".to_vec(),
            Value::Bool(false) => b"F".to_vec(),
            _ => b"?".to_vec(),
        },
    }
}

impl ColumnKind {
    fn letter_and_size(self) -> (u8, usize, usize) {
        match self {
            ColumnKind::Text { length } => (b'C', length, 0),
            ColumnKind::Number { length, decimals } => (b'N', length, decimals),
            ColumnKind::Logical => (b'L', 1, 0),
        }
    }
}

/// A dBASE III table of `rows` (each a value per column), text in UTF-8 (the `.cpg`
/// says so; the language-driver byte is left 0, as GDAL does for UTF-8).
pub fn write(columns: &[Column], rows: &[Vec<Value>], date: [u16; 3]) -> Vec<u8> {
    let record_len: usize = 1 + columns
        .iter()
        .map(|c| c.kind.letter_and_size().1)
        .sum::<usize>();
    let header_len = 32 + 32 * columns.len() + 1;
    let mut out = Vec::with_capacity(header_len + rows.len() * record_len + 1);
    out.push(0x03);
    out.push((date[0].saturating_sub(1900)).min(255) as u8);
    out.push(date[1] as u8);
    out.push(date[2] as u8);
    out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
    out.extend_from_slice(&(header_len as u16).to_le_bytes());
    out.extend_from_slice(&(record_len as u16).to_le_bytes());
    out.resize(32, 0);
    for column in columns {
        let (letter, length, decimals) = column.kind.letter_and_size();
        let mut descriptor = [0u8; 32];
        let name = column.name.as_bytes();
        descriptor[..name.len().min(10)].copy_from_slice(&name[..name.len().min(10)]);
        descriptor[11] = letter;
        descriptor[16] = length as u8;
        descriptor[17] = decimals as u8;
        out.extend_from_slice(&descriptor);
    }
    out.push(0x0D);
    for row in rows {
        out.push(b' ');
        for (column, value) in columns.iter().zip(row) {
            out.extend(cell(value, column.kind));
        }
    }
    out.push(0x1A);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_table_reads_back() {
        let columns = vec![
            Column {
                name: "name".into(),
                kind: ColumnKind::Text { length: 12 },
            },
            Column {
                name: "area_m2".into(),
                kind: ColumnKind::Number {
                    length: 12,
                    decimals: 2,
                },
            },
            Column {
                name: "floors".into(),
                kind: ColumnKind::Number {
                    length: 4,
                    decimals: 0,
                },
            },
            Column {
                name: "walkable".into(),
                kind: ColumnKind::Logical,
            },
        ];
        let rows = vec![
            vec![json!("城镇住宅"), json!(1234.5), json!(12), json!(true)],
            vec![Value::Null, Value::Null, Value::Null, Value::Null],
        ];
        let bytes = write(&columns, &rows, [2026, 12, 2]);
        let table = read(&bytes, encoding_rs::UTF_8, "t.dbf").expect("reads");
        assert_eq!(table.fields.len(), 4);
        assert_eq!(table.rows[0]["name"], json!("城镇住宅"));
        assert_eq!(table.rows[0]["area_m2"], json!(1234.5));
        assert_eq!(table.rows[0]["floors"], json!(12));
        assert_eq!(table.rows[0]["walkable"], json!(true));
        assert!(table.rows[1].values().all(Value::is_null));
    }

    #[test]
    fn undecodable_text_names_the_record_and_field() {
        let columns = vec![Column {
            name: "name".into(),
            kind: ColumnKind::Text { length: 4 },
        }];
        let mut bytes = write(
            &columns,
            &[vec![json!("ab")], vec![json!("cd")]],
            [2026, 1, 1],
        );
        // Record 2's text: a lone GBK lead byte followed by a byte that cannot trail it.
        let at = 32 + 32 + 1 + 5 + 1;
        bytes[at] = 0x81;
        bytes[at + 1] = 0x20;
        let error = read(&bytes, encoding_rs::GBK, "x.dbf").expect_err("refused");
        let text = error.to_string();
        assert!(
            text.contains("x.dbf") && text.contains("record 2"),
            "{text}"
        );
    }

    #[test]
    fn a_truncated_table_says_where() {
        let columns = vec![Column {
            name: "n".into(),
            kind: ColumnKind::Text { length: 4 },
        }];
        let bytes = write(
            &columns,
            &[vec![json!("a")], vec![json!("b")]],
            [2026, 1, 1],
        );
        let error =
            read(&bytes[..bytes.len() - 4], encoding_rs::UTF_8, "y.dbf").expect_err("refused");
        assert!(error.to_string().contains("record 2"), "{error}");
    }
}
