//! A table's rows as they come: cut into ranges of `fid`, each range read on a
//! connection of its own in parallel, and every row handed on as soon as it is read
//! (its geometry decoded from the blob SQLite lends, no copy). No table is ever held
//! whole in memory: on this kind of machine fresh memory costs about 0.75 s a gigabyte
//! (the kernel's page faults), so holding a city's rows before modelling them cost
//! more than reading them.

use std::collections::HashSet;
use std::path::Path;

use rayon::prelude::*;
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::{Connection, OpenFlags};

use super::BUSY_WAIT;
use super::schema::LOCAL_SRS_ID;
use super::wkb::{self, Geometry};
use crate::i18n::Message;
use crate::msg;

/// A table's name and the columns read from it; the first column is the geometry.
pub struct Table {
    pub name: &'static str,
    pub columns: &'static [&'static str],
}

/// A column's value as SQLite lends it (no copy), its text checked as UTF-8.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// One row as SQLite lends it (the geometry column left null), its geometry decoded
/// (degrees or plan metres, as the blob's SRS says).
pub struct Row<'a> {
    pub values: Vec<Cell<'a>>,
    /// The blob's SRS id and geometry.
    pub geometry: Result<(i32, Geometry), Message>,
}

/// Below this many rows a table is read on the caller's connection alone: opening more
/// connections costs more than it saves. The library's unit tests read even the small
/// sample plans in ranges, so both ways are tested (the integration tests read them
/// whole).
const PARALLEL_ROWS: i64 = if cfg!(test) { 8 } else { 20_000 };

/// Where the rows come from: the connection that holds the read transaction (its
/// shared lock keeps a writer from committing while the other connections read), and
/// the file, for those other connections.
pub struct Source<'a> {
    pub conn: &'a Connection,
    pub path: &'a Path,
}

impl Source<'_> {
    /// Every row of `table` in `fid` order, each turned into `T` by `each` as it is read
    /// (in parallel: `each` sees rows of different ranges at once). In parts, one per
    /// range, in order: joining them would copy a city's features once more.
    pub fn rows<T: Send>(
        &self,
        table: &Table,
        each: impl Fn(&Row<'_>) -> T + Sync,
    ) -> rusqlite::Result<Parts<T>> {
        let sql = select(self.conn, table)?;
        let (low, high, count): (Option<i64>, Option<i64>, i64) = self.conn.query_row(
            &format!(
                "SELECT min(fid), max(fid), count(*) FROM \"{}\"",
                table.name
            ),
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )?;
        let (Some(low), Some(high)) = (low, high) else {
            return Ok(Parts(Vec::new()));
        };
        if count < PARALLEL_ROWS {
            let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
            read_range(self.conn, &sql, table, (low, high), &each, &mut out)?;
            return Ok(Parts(vec![out]));
        }
        let ranges = split(low, high, rayon::current_num_threads() * 4);
        let parts: Vec<rusqlite::Result<Vec<T>>> = ranges
            .into_par_iter()
            .map(|range| {
                let conn = open_reader(self.path)?;
                // Sized for the range's rows when its fids are dense (as Strata writes
                // them): grown by doubling, a part of a city's strata was copied twice.
                let width = usize::try_from(range.1 - range.0 + 1).unwrap_or(0);
                let rows = usize::try_from(count).unwrap_or(0);
                let mut part = Vec::with_capacity(width.min(rows));
                read_range(&conn, &sql, table, range, &each, &mut part)?;
                Ok(part)
            })
            .collect();
        Ok(Parts(parts.into_iter().collect::<rusqlite::Result<_>>()?))
    }
}

/// A table's rows in parts, in `fid` order.
pub struct Parts<T>(Vec<Vec<T>>);

impl<T> Parts<T> {
    pub fn len(&self) -> usize {
        self.0.iter().map(Vec::len).sum()
    }

    /// The parts themselves, in order.
    pub fn into_vecs(self) -> Vec<Vec<T>> {
        self.0
    }
}

impl<T> IntoIterator for Parts<T> {
    type Item = T;
    type IntoIter = std::iter::Flatten<std::vec::IntoIter<Vec<T>>>;

    /// The rows in order; each part is freed once read through.
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().flatten()
    }
}

/// The SELECT of a table's columns over a range of fids; a column the file lacks
/// (written by an older Strata) reads as null.
fn select(conn: &Connection, table: &Table) -> rusqlite::Result<String> {
    let present: HashSet<String> = conn
        .prepare(&format!("PRAGMA table_info(\"{}\")", table.name))?
        .query_map([], |row| row.get::<_, String>(1))?
        .collect::<rusqlite::Result<_>>()?;
    let quoted: Vec<String> = table
        .columns
        .iter()
        .map(|c| match present.contains(*c) {
            true => format!("\"{c}\""),
            false => "NULL".to_owned(),
        })
        .collect();
    Ok(format!(
        "SELECT {} FROM \"{}\" WHERE fid BETWEEN ?1 AND ?2 ORDER BY fid",
        quoted.join(", "),
        table.name
    ))
}

/// `parts` ranges of about equal width covering `low..=high`.
fn split(low: i64, high: i64, parts: usize) -> Vec<(i64, i64)> {
    let width = (high - low) / parts.max(1) as i64 + 1;
    let mut ranges = Vec::new();
    let mut start = low;
    while start <= high {
        let end = start.saturating_add(width - 1).min(high);
        ranges.push((start, end));
        if end == high {
            break;
        }
        start = end + 1;
    }
    ranges
}

/// A read-only connection for one range (the caller's connection has already rolled
/// back any journal a killed save left).
fn open_reader(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(BUSY_WAIT)?;
    // Memory-mapped reads: the blobs are read in place instead of through the page cache.
    conn.execute_batch("PRAGMA mmap_size = 1073741824;")?;
    Ok(conn)
}

fn read_range<T>(
    conn: &Connection,
    sql: &str,
    table: &Table,
    (low, high): (i64, i64),
    each: &impl Fn(&Row<'_>) -> T,
    out: &mut Vec<T>,
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(sql)?;
    let mut rows = stmt.query([low, high])?;
    while let Some(row) = rows.next()? {
        let geometry = match row.get_ref(0)? {
            ValueRef::Blob(bytes) => wkb::decode(bytes),
            ValueRef::Null => Ok((LOCAL_SRS_ID, Geometry::Empty)),
            _ => Err(msg!("gpkg-blob-magic")),
        };
        let mut values = Vec::with_capacity(table.columns.len());
        values.push(Cell::Null);
        for i in 1..table.columns.len() {
            values.push(match row.get_ref(i)? {
                ValueRef::Null => Cell::Null,
                ValueRef::Integer(v) => Cell::Integer(v),
                ValueRef::Real(v) => Cell::Real(v),
                ValueRef::Text(t) => match std::str::from_utf8(t) {
                    Ok(t) => Cell::Text(t),
                    // Fails as SQLite's own conversion to a value does (as it did
                    // when every cell was converted).
                    Err(_) => {
                        row.get::<_, Sql>(i)?;
                        Cell::Null
                    }
                },
                ValueRef::Blob(b) => Cell::Blob(b),
            });
        }
        out.push(each(&Row { values, geometry }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::split;

    /// Under test every table of eight rows or more is read in ranges, on connections
    /// of their own (the integration tests read small files whole): plans written and
    /// read back this way are the same plans, strata stacked on the right parcels.
    #[test]
    fn plans_read_in_ranges_are_the_plans_written() {
        let dir = tempfile::tempdir().expect("temp dir");
        let city = crate::synth::realistic_city(&crate::synth::RealisticSpec::new(300, 3));
        let mut texts = vec![crate::io::plan_to_string(&city).expect("write")];
        for name in ["xiongan_15min", "qingdao_tod", "wenzhou_sports_park"] {
            let path = format!("{}/sample_maps/{name}.geojson", env!("CARGO_MANIFEST_DIR"));
            texts.push(std::fs::read_to_string(path).expect("sample"));
        }
        for (k, text) in texts.iter().enumerate() {
            let plan = crate::io::read_plan(text.as_bytes(), &Default::default())
                .expect("read")
                .plan;
            let path = dir.path().join(format!("{k}.gpkg"));
            super::super::save(&plan, &path).expect("save");
            let back = super::super::load(&path, &Default::default()).expect("load");
            assert!(back.problems.is_empty(), "plan {k}: {:?}", back.problems);
            assert!(back.plan == plan, "plan {k} read back in ranges differs");
        }
    }

    #[test]
    fn ranges_cover_the_fids_once() {
        for (low, high, parts) in [
            (1, 100, 8),
            (1, 1, 8),
            (5, 7, 8),
            (1, 99_500, 8),
            (-3, 3, 2),
        ] {
            let ranges = split(low, high, parts);
            assert_eq!(ranges.first().expect("a range").0, low);
            assert_eq!(ranges.last().expect("a range").1, high);
            assert!(ranges.len() <= parts);
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].1 + 1, pair[1].0, "{ranges:?}");
            }
            assert!(ranges.iter().all(|(a, b)| a <= b));
        }
    }
}
