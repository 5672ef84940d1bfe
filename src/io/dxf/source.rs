//! A DXF file read into a `dxf::Drawing`, with what the dxf crate leaves to its caller:
//! the file's size bounded, DWG and other binary files recognised, the text encoding of
//! pre-2007 drawings taken from `$DWGCODEPAGE` (the crate reads them as Windows-1252
//! unless told), and the decoded text kept for the HATCH entities the crate skips.

use ::dxf::Drawing;
use encoding_rs::Encoding;

use crate::i18n::Message;
use crate::io::text::MAX_FILE_BYTES;
use crate::msg;

/// A drawing as read.
pub struct Source {
    pub drawing: Drawing,
    /// The encoding of the drawing's text (UTF-8 for AutoCAD 2007 and later).
    pub encoding: &'static Encoding,
    /// The file's code pairs as text (ASCII DXF only), for the HATCH entities.
    pub text: Option<String>,
}

const BINARY_SENTINEL: &[u8] = b"AutoCAD Binary DXF";

/// The bytes of a DXF file, its size bounded first.
pub fn file_bytes(path: &std::path::Path) -> Result<Vec<u8>, Message> {
    let shown = path.display().to_string();
    let size = std::fs::metadata(path)
        .map_err(|e| {
            msg!(
                "import-err-read",
                path = shown.as_str(),
                error = e.to_string()
            )
        })?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(msg!(
            "dxf-err-too-big",
            path = shown.as_str(),
            mb = (MAX_FILE_BYTES >> 20).to_string()
        ));
    }
    std::fs::read(path).map_err(|e| msg!("import-err-read", path = shown, error = e.to_string()))
}

/// Reads DXF bytes (see [`read`]); the error does not name the file.
pub fn read_bytes(bytes: &[u8], encoding: Option<&str>) -> Result<Source, Message> {
    if bytes.len() >= 6 && bytes.starts_with(b"AC10") && bytes[4..6].iter().all(u8::is_ascii_digit)
    {
        return Err(msg!(
            "dxf-err-dwg",
            version = String::from_utf8_lossy(&bytes[..6]).into_owned()
        ));
    }
    let binary = bytes.starts_with(BINARY_SENTINEL);
    if !binary && !looks_like_ascii_dxf(bytes) {
        return Err(msg!("dxf-err-not-dxf"));
    }
    let header = if binary {
        Header::scan_binary(bytes)
    } else {
        Header::scan(bytes)
    };
    let encoding = match encoding {
        Some(label) => Encoding::for_label(label.trim().as_bytes())
            .ok_or_else(|| msg!("dxf-err-encoding", label = label))?,
        None => header.encoding(),
    };
    let mended = if binary {
        mend_binary_dates(bytes)
    } else {
        mend_dates(bytes)
    };
    let mut drawing = load(mended.as_deref().unwrap_or(bytes), encoding)?;
    if binary {
        let text_encoding = if header.unicode {
            encoding_rs::UTF_8
        } else {
            encoding
        };
        recode(&mut drawing, text_encoding);
    }
    let text = (!binary).then(|| {
        let text_encoding = if header.unicode {
            encoding_rs::UTF_8
        } else {
            encoding
        };
        text_encoding
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    });
    Ok(Source {
        drawing,
        encoding: if header.unicode {
            encoding_rs::UTF_8
        } else {
            encoding
        },
        text,
    })
}

/// Header dates the dxf crate converts to calendar dates (Julian days) or durations.
const DATE_VARIABLES: [&str; 6] = [
    "$TDCREATE",
    "$TDUCREATE",
    "$TDUPDATE",
    "$TDUUPDATE",
    "$TDINDWG",
    "$TDUSRTIMER",
];

/// The bytes with every header date that is not a number of days from 0 to 10⁷
/// replaced by 0: the dxf crate panics on dates outside chrono's range, and a drawing's
/// creation date is no reason to refuse its geometry. `None` when all are fine.
fn mend_dates(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut bad: Vec<(usize, usize)> = Vec::new();
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            lines.push((start, i));
            start = i + 1;
            let line = String::from_utf8_lossy(&bytes[lines[lines.len() - 1].0..i]);
            if line.trim() == "ENTITIES" {
                break;
            }
        }
    }
    for k in 0..lines.len().saturating_sub(2) {
        let text = |j: usize| {
            String::from_utf8_lossy(&bytes[lines[j].0..lines[j].1])
                .trim()
                .to_owned()
        };
        if DATE_VARIABLES.contains(&text(k).as_str()) {
            let ok = text(k + 2)
                .parse::<f64>()
                .is_ok_and(|v| v.is_finite() && (0.0..1e7).contains(&v));
            if !ok {
                bad.push(lines[k + 2]);
            }
        }
    }
    if bad.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for (s, e) in bad {
        out.extend_from_slice(&bytes[from..s]);
        out.extend_from_slice(b"0.0");
        from = e;
    }
    out.extend_from_slice(&bytes[from..]);
    Some(out)
}

/// [`mend_dates`] for a binary DXF: after the variable's name and its NUL come the
/// 2-byte group code (40) and the 8-byte little-endian double.
fn mend_binary_dates(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out: Option<Vec<u8>> = None;
    for name in DATE_VARIABLES {
        let mut key = name.as_bytes().to_vec();
        key.push(0);
        let Some(at) = bytes.windows(key.len()).position(|w| w == key.as_slice()) else {
            continue;
        };
        let value_at = at + key.len() + 2;
        let Some(raw) = bytes.get(value_at..value_at + 8) else {
            continue;
        };
        let value = f64::from_le_bytes(raw.try_into().unwrap_or([0; 8]));
        if !(value.is_finite() && (0.0..1e7).contains(&value)) {
            let out = out.get_or_insert_with(|| bytes.to_vec());
            out[value_at..value_at + 8].copy_from_slice(&0f64.to_le_bytes());
        }
    }
    out
}

/// The dxf crate's reading, its panics caught: it panics on some malformed input
/// (found by the fuzzer: a `$TDCREATE` date out of chrono's range overflows in its date
/// conversion), and bad input must give an error, never a crash. The panic's message
/// becomes the error's reason.
fn load(bytes: &[u8], encoding: &'static Encoding) -> Result<Drawing, Message> {
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Drawing::load_with_encoding(&mut &bytes[..], encoding)
    }));
    match read {
        Ok(Ok(drawing)) => Ok(drawing),
        Ok(Err(e)) => Err(msg!("dxf-err-parse", reason = e.to_string())),
        Err(panic) => {
            let reason = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(msg!("dxf-err-reader-failed", reason = reason))
        }
    }
}

/// The dxf crate reads a binary DXF's strings byte by byte as Latin-1 characters,
/// whatever the encoding: the strings the import uses (layer names, texts, block names,
/// attributes, extended data) are turned back into their bytes and decoded.
fn recode(drawing: &mut Drawing, encoding: &'static Encoding) {
    use ::dxf::entities::EntityType;
    let fix = |s: &mut String| {
        if s.is_ascii() {
            return;
        }
        let bytes: Option<Vec<u8>> = s.chars().map(|c| u8::try_from(u32::from(c)).ok()).collect();
        if let Some(bytes) = bytes {
            *s = encoding.decode_without_bom_handling(&bytes).0.into_owned();
        }
    };
    for layer in drawing.layers_mut() {
        fix(&mut layer.name);
    }
    for entity in drawing.entities_mut() {
        fix(&mut entity.common.layer);
        for x in &mut entity.common.x_data {
            for item in &mut x.items {
                if let ::dxf::XDataItem::Str(s) = item {
                    fix(s);
                }
            }
        }
        match &mut entity.specific {
            EntityType::Text(t) => fix(&mut t.value),
            EntityType::MText(t) => {
                fix(&mut t.text);
                t.extended_text.iter_mut().for_each(fix);
            }
            EntityType::Insert(i) => {
                fix(&mut i.name);
                for a in i.attributes_mut() {
                    fix(&mut a.attribute_tag);
                    fix(&mut a.value);
                }
            }
            _ => {}
        }
    }
}

/// An ASCII DXF starts (after an optional byte-order mark and blank lines) with a group
/// code: `0` (SECTION) or `999` (a comment); it holds no NUL bytes.
fn looks_like_ascii_dxf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    if head.contains(&0) {
        return false;
    }
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head
        .split(|&b| b == b'\n')
        .map(|line| String::from_utf8_lossy(line).trim().to_owned())
        .find(|line| !line.is_empty());
    matches!(first.as_deref(), Some("0" | "999"))
}

/// What the header says about text: `$ACADVER` (AC1021 = AutoCAD 2007 and later store
/// UTF-8) and `$DWGCODEPAGE`.
#[derive(Default)]
struct Header {
    unicode: bool,
    code_page: Option<String>,
}

impl Header {
    /// Reads the two variables from the HEADER section's lines (ASCII, so any encoding).
    fn scan(bytes: &[u8]) -> Self {
        let mut header = Header::default();
        let mut lines = bytes
            .split(|&b| b == b'\n')
            .map(|l| String::from_utf8_lossy(l).trim().to_owned());
        let mut previous = String::new();
        while let Some(line) = lines.next() {
            if line == "ENDSEC" || line == "ENTITIES" {
                break;
            }
            if previous == "9" && (line == "$ACADVER" || line == "$DWGCODEPAGE") {
                let _code = lines.next();
                let value = lines.next().unwrap_or_default();
                if line == "$ACADVER" {
                    header.unicode = value.as_str() >= "AC1021" && value.len() == 6;
                } else {
                    header.code_page = Some(value);
                }
                previous.clear();
                continue;
            }
            previous = line;
        }
        header
    }

    /// The same from a binary DXF: the variable's name, a NUL, the 2-byte group code,
    /// then the value up to its NUL.
    fn scan_binary(bytes: &[u8]) -> Self {
        let value = |name: &[u8]| -> Option<String> {
            let at = bytes.windows(name.len()).position(|w| w == name)? + name.len() + 2;
            let rest = bytes.get(at..)?;
            let end = rest.iter().position(|&b| b == 0)?;
            Some(String::from_utf8_lossy(&rest[..end]).into_owned())
        };
        let version = value(b"$ACADVER\0").unwrap_or_default();
        Header {
            unicode: version.as_str() >= "AC1021" && version.len() == 6,
            code_page: value(b"$DWGCODEPAGE\0"),
        }
    }

    fn encoding(&self) -> &'static Encoding {
        if self.unicode {
            return encoding_rs::UTF_8;
        }
        self.code_page
            .as_deref()
            .and_then(code_page_encoding)
            .unwrap_or(encoding_rs::WINDOWS_1252)
    }
}

/// AutoCAD's code page names (`ANSI_936`) as encodings.
fn code_page_encoding(name: &str) -> Option<&'static Encoding> {
    let upper = name.trim().to_ascii_uppercase();
    let number = upper
        .strip_prefix("ANSI_")
        .or_else(|| upper.strip_prefix("DOS"))?;
    let label = match number {
        "936" => "gbk",
        "950" => "big5",
        "932" => "shift_jis",
        "949" => "euc-kr",
        "874" => "windows-874",
        n if n.len() == 4 && n.starts_with("125") => {
            return Encoding::for_label(format!("windows-{n}").as_bytes());
        }
        "866" => "ibm866",
        _ => return None,
    };
    Encoding::for_label(label.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_pages_map_to_encodings() {
        assert_eq!(code_page_encoding("ANSI_936"), Some(encoding_rs::GBK));
        assert_eq!(code_page_encoding("ansi_950"), Some(encoding_rs::BIG5));
        assert_eq!(
            code_page_encoding("ANSI_1251"),
            Some(encoding_rs::WINDOWS_1251)
        );
        assert_eq!(
            code_page_encoding("ANSI_1252"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(code_page_encoding("UTF8"), None);
    }

    #[test]
    fn dwg_and_other_binaries_are_recognised() {
        let dwg = read_bytes(b"AC1032\0\0\0\x01", None)
            .err()
            .map(|m| m.to_string());
        assert!(dwg.is_some_and(|m| m.contains("DWG")));
        assert!(read_bytes(b"\x89PNG\r\n\x1a\n\0\0", None).is_err());
        assert!(read_bytes(b"", None).is_err());
        assert!(read_bytes(b"  0\nSECTION\n", Some("no-such-encoding")).is_err());
    }

    #[test]
    fn dates_out_of_range_are_mended() {
        let text = b"  0\nSECTION\n  2\nHEADER\n  9\n$TDCREATE\n 40\n1e308\n  9\n$TDUPDATE\n 40\n2451545.5\n  0\nENDSEC\n  0\nEOF\n";
        let mended = mend_dates(text).map(|m| String::from_utf8_lossy(&m).into_owned());
        assert_eq!(
            mended.as_deref(),
            Some(
                "  0\nSECTION\n  2\nHEADER\n  9\n$TDCREATE\n 40\n0.0\n  9\n$TDUPDATE\n 40\n2451545.5\n  0\nENDSEC\n  0\nEOF\n"
            )
        );
        assert!(read_bytes(text, None).is_ok());
        assert_eq!(mend_dates(b"  0\nEOF\n"), None);
    }
}
