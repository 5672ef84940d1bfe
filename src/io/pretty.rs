//! The layout of plan files: pretty-printed like `serde_json::to_string_pretty` (plans
//! are reviewed in diffs), except that an array whose first element is a number or a
//! string stays on one line — a position `[116.1, 39.2]`, a height range `[0, 3]`, a
//! list of categories. serde_json's own layout gives every coordinate a line of its own,
//! which made the realistic 100k city 651 MB, over the reader's 512 MB limit.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

/// `value` as text in the plan layout, with a final newline.
pub fn to_plan_text<T: Serialize>(value: &T) -> String {
    let mut out = Vec::with_capacity(1 << 16);
    let mut ser = serde_json::Serializer::with_formatter(&mut out, PlanFormatter::default());
    // Serializing to memory cannot fail for a `Value` (all keys are strings).
    if value.serialize(&mut ser).is_err() {
        return String::new();
    }
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

#[derive(Default)]
struct PlanFormatter {
    indent: usize,
    /// Whether the innermost object has a member yet.
    has_value: bool,
    /// Per open array: `None` until its first element shows whether it is inline.
    arrays: Vec<Option<bool>>,
    /// An array element is about to be written (`true`: the first).
    pending: Option<bool>,
}

impl PlanFormatter {
    fn newline<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        w.write_all(b"\n")?;
        for _ in 0..self.indent {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    /// Before a value: the separator its array needs, decided by the first element.
    fn before_value<W: ?Sized + Write>(&mut self, w: &mut W, scalar: bool) -> io::Result<()> {
        let Some(first) = self.pending.take() else {
            return Ok(());
        };
        let inline = match self.arrays.last_mut() {
            Some(mode) => *mode.get_or_insert(scalar),
            None => false,
        };
        match (inline, first) {
            (true, true) => Ok(()),
            (true, false) => w.write_all(b", "),
            (false, true) => self.newline(w),
            (false, false) => {
                w.write_all(b",")?;
                self.newline(w)
            }
        }
    }
}

impl Formatter for PlanFormatter {
    fn write_null<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, true)?;
        w.write_all(b"null")
    }

    fn write_bool<W: ?Sized + Write>(&mut self, w: &mut W, v: bool) -> io::Result<()> {
        self.before_value(w, true)?;
        w.write_all(if v { b"true" } else { b"false" })
    }

    fn write_i64<W: ?Sized + Write>(&mut self, w: &mut W, v: i64) -> io::Result<()> {
        self.before_value(w, true)?;
        w.write_all(v.to_string().as_bytes())
    }

    fn write_u64<W: ?Sized + Write>(&mut self, w: &mut W, v: u64) -> io::Result<()> {
        self.before_value(w, true)?;
        w.write_all(v.to_string().as_bytes())
    }

    fn write_f64<W: ?Sized + Write>(&mut self, w: &mut W, v: f64) -> io::Result<()> {
        self.before_value(w, true)?;
        serde_json::ser::CompactFormatter.write_f64(w, v)
    }

    fn write_number_str<W: ?Sized + Write>(&mut self, w: &mut W, v: &str) -> io::Result<()> {
        self.before_value(w, true)?;
        w.write_all(v.as_bytes())
    }

    fn begin_string<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, true)?;
        w.write_all(b"\"")
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, false)?;
        self.indent += 1;
        self.arrays.push(None);
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.arrays.pop() == Some(Some(false)) {
            self.newline(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, _w: &mut W, first: bool) -> io::Result<()> {
        self.pending = Some(first);
        Ok(())
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.before_value(w, false)?;
        self.indent += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.indent -= 1;
        if self.has_value {
            self.newline(w)?;
        }
        self.has_value = true;
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        if !first {
            w.write_all(b",")?;
        }
        self.newline(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn positions_stay_on_one_line_and_the_text_reads_back_equal() {
        let value = json!({ "type": "Feature", "empty": {}, "none": [],
            "geometry": { "type": "Polygon", "coordinates": [[[116.1, 39.2], [116.2, 39.2], [116.1, 39.3], [116.1, 39.2]]] },
            "properties": { "strata": [ { "z": [0, 3], "uses": [ { "code": "0701", "share": 1.0 } ] } ],
                "facilities": ["kindergarten", "clinic"], "note": null, "big": 12345678901234567890u64, "neg": -3 } });
        let text = super::to_plan_text(&value);
        assert!(text.contains("[116.1, 39.2]"), "{text}");
        assert!(text.contains("\"z\": [0, 3]"), "{text}");
        assert!(
            text.contains("\"facilities\": [\"kindergarten\", \"clinic\"]"),
            "{text}"
        );
        assert!(
            text.contains("\"empty\": {}") && text.contains("\"none\": []"),
            "{text}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
        // Objects inside arrays are still one member per line.
        assert!(text.contains("\"uses\": [\n"), "{text}");
        assert!(text.ends_with("}\n"));
    }
}
