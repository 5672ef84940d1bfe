//! Pretty JSON exactly as `serde_json::to_writer_pretty` writes it, put together part by
//! part so that a city's long lists (a million catchments) are written on every core:
//! the list is cut into blocks of items, each block is written to its own buffer in
//! parallel, and the buffers are written out in order.

use std::io::{self, Write};

use serde::Serialize;

/// Writes `value` as serde_json's pretty text has it nested `level` objects or lists
/// deep.
pub fn write_nested<W: Write, T: Serialize + ?Sized>(
    out: &mut W,
    level: usize,
    value: &T,
) -> io::Result<()> {
    let mut serializer = serde_json::Serializer::with_formatter(out, Nested::at(level));
    value.serialize(&mut serializer).map_err(io::Error::from)
}

/// Items written per block: large enough to keep a core busy for a while, small enough
/// that a batch of blocks held at once stays a few megabytes.
const BLOCK: usize = 256;

/// Writes a list of `len` items, `item(i)` each, as serde_json writes a sequence
/// nested `level` deep. Blocks of items are written in parallel, a batch at a time.
pub fn write_list<W, T, F>(out: &mut W, level: usize, len: usize, item: F) -> io::Result<()>
where
    W: Write,
    T: Serialize,
    F: Fn(usize) -> T + Sync,
{
    use rayon::prelude::*;
    if len == 0 {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    let pad = " ".repeat(2 * (level + 1));
    let blocks = len.div_ceil(BLOCK);
    let batch = 4 * rayon::current_num_threads();
    // Buffers are kept from batch to batch: their pages are written once.
    let mut buffers: Vec<Vec<u8>> = vec![Vec::new(); batch.min(blocks)];
    for first in (0..blocks).step_by(batch) {
        let count = batch.min(blocks - first);
        buffers[..count]
            .par_iter_mut()
            .enumerate()
            .try_for_each(|(i, buffer)| {
                buffer.clear();
                let block = first + i;
                for n in block * BLOCK..((block + 1) * BLOCK).min(len) {
                    buffer.extend_from_slice(if n == 0 { b"\n" } else { b",\n" });
                    buffer.extend_from_slice(pad.as_bytes());
                    write_nested(buffer, level + 1, &item(n))?;
                }
                io::Result::Ok(())
            })?;
        for buffer in &buffers[..count] {
            out.write_all(buffer)?;
        }
    }
    out.write_all(b"\n")?;
    out.write_all(&pad.as_bytes()[2..])?;
    out.write_all(b"]")
}

/// An object written field by field as serde_json writes a struct or map nested
/// `level` deep.
pub struct Object<'w, W: Write> {
    out: &'w mut W,
    level: usize,
    empty: bool,
}

impl<'w, W: Write> Object<'w, W> {
    pub fn begin(out: &'w mut W, level: usize) -> io::Result<Self> {
        out.write_all(b"{")?;
        Ok(Self {
            out,
            level,
            empty: true,
        })
    }

    /// Starts a field: its key written, the writer ready for its value nested
    /// `self.level + 1` deep.
    pub fn key(&mut self, key: &str) -> io::Result<&mut W> {
        let first: &[u8] = if self.empty { b"\n" } else { b",\n" };
        self.empty = false;
        self.out.write_all(first)?;
        write_pad(self.out, self.level + 1)?;
        serde_json::to_writer(&mut *self.out, key).map_err(io::Error::from)?;
        self.out.write_all(b": ")?;
        Ok(self.out)
    }

    pub fn field<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) -> io::Result<()> {
        let level = self.level + 1;
        write_nested(self.key(key)?, level, value)
    }

    /// A field whose value is a list of `len` items, `item(i)` each, written on every
    /// core ([`write_list`]).
    pub fn list<T, F>(&mut self, key: &str, len: usize, item: F) -> io::Result<()>
    where
        T: Serialize,
        F: Fn(usize) -> T + Sync,
    {
        let level = self.level + 1;
        write_list(self.key(key)?, level, len, item)
    }

    /// The level a field's value is nested at.
    pub fn inner(&self) -> usize {
        self.level + 1
    }

    pub fn end(self) -> io::Result<()> {
        if !self.empty {
            self.out.write_all(b"\n")?;
            write_pad(self.out, self.level)?;
        }
        self.out.write_all(b"}")
    }
}

fn write_pad<W: ?Sized + Write>(out: &mut W, level: usize) -> io::Result<()> {
    const SPACES: [u8; 64] = [b' '; 64];
    let mut left = 2 * level;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.write_all(&SPACES[..n])?;
        left -= n;
    }
    Ok(())
}

/// serde_json's `PrettyFormatter` with two spaces, starting `level` deep (it always
/// starts at the top). Its steps are serde_json's own, line for line.
struct Nested {
    level: usize,
    has_value: bool,
}

impl Nested {
    fn at(level: usize) -> Self {
        Self {
            level,
            has_value: false,
        }
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.level -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            write_pad(out, self.level)?;
        }
        out.write_all(bracket)
    }

    fn next<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        write_pad(out, self.level)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.next(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.next(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A value with empty and full lists and objects, nested, and a string with an
    /// escaped line break.
    fn sample(n: usize) -> serde_json::Value {
        json!({
            "id": format!("p-{n}\nsecond line"),
            "empty": [],
            "none": {},
            "list": (0..n % 4).map(|i| json!({"i": i, "deep": [i, [i]]})).collect::<Vec<_>>(),
        })
    }

    /// Lists of every length around the block size, nested at several levels, give
    /// serde_json's own text.
    #[test]
    fn lists_written_in_blocks_are_serde_json_text() {
        for len in [0, 1, 2, BLOCK - 1, BLOCK, BLOCK + 1, 9 * BLOCK + 7] {
            let items: Vec<_> = (0..len).map(sample).collect();
            let expected = serde_json::to_string_pretty(&json!({"a": {"items": items}, "b": 1}))
                .expect("serialise");
            let mut out = Vec::new();
            let mut top = Object::begin(&mut out, 0).expect("write");
            let inner = top.key("a").expect("write");
            let mut a = Object::begin(inner, 1).expect("write");
            a.list("items", len, |i| &items[i]).expect("write");
            a.end().expect("write");
            top.field("b", &1).expect("write");
            top.end().expect("write");
            assert_eq!(
                String::from_utf8(out).expect("utf-8"),
                expected,
                "{len} items"
            );
        }
    }

    #[test]
    fn an_empty_object_is_two_braces() {
        let mut out = Vec::new();
        Object::begin(&mut out, 3)
            .and_then(Object::end)
            .expect("write");
        assert_eq!(out, b"{}");
    }
}
