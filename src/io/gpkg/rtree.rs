//! The GeoPackage R-tree spatial index extension (`gpkg_rtree_index`, GeoPackage 1.3
//! §F.3) on every feature table, so QGIS and GDAL find the features of a view through
//! the index instead of reading a whole city's layer.
//!
//! The index is an SQLite R*Tree virtual table per geometry column, kept current by the
//! standard's triggers. The triggers call `ST_IsEmpty` and `ST_MinX`…`ST_MaxY`, which the
//! application that writes must provide (GDAL provides them to QGIS): Strata registers
//! them on every connection it opens ([`register_functions`]), so its own saves keep the
//! index current too. Strata itself does not read the index: it loads whole plans.

use rusqlite::Connection;
use rusqlite::functions::{Context, FunctionFlags};

use super::wkb;

const EXTENSION: &str = "gpkg_rtree_index";
const DEFINITION: &str = "http://www.geopackage.org/spec120/#extension_rtree";

/// The bounds `[min x, max x, min y, max y]` of a geometry blob, from its envelope when it
/// has one, else from its coordinates; `None` for an empty geometry or a blob that is not
/// a readable GeoPackage geometry.
fn envelope(blob: &[u8]) -> Option<[f64; 4]> {
    let flags = *blob.get(3)?;
    if blob.get(0..2)? != b"GP" || flags & (1 << 4) != 0 {
        return None;
    }
    if (flags >> 1) & 0b111 != 0 {
        let little = flags & 1 == 1;
        let mut bounds = [0.0; 4];
        for (i, b) in bounds.iter_mut().enumerate() {
            let bytes: [u8; 8] = blob.get(8 + 8 * i..16 + 8 * i)?.try_into().ok()?;
            *b = if little {
                f64::from_le_bytes(bytes)
            } else {
                f64::from_be_bytes(bytes)
            };
        }
        return Some(bounds);
    }
    let (_, geometry) = wkb::decode(blob).ok()?;
    let mut bounds: Option<[f64; 4]> = None;
    geometry.for_each_point(|&[x, y]| {
        let b = bounds.get_or_insert([x, x, y, y]);
        *b = [b[0].min(x), b[1].max(x), b[2].min(y), b[3].max(y)];
    });
    bounds
}

fn blob_arg<'a>(ctx: &'a Context<'_>) -> Option<&'a [u8]> {
    ctx.get_raw(0).as_blob_or_null().ok().flatten()
}

/// Registers `ST_IsEmpty`, `ST_MinX`, `ST_MaxX`, `ST_MinY` and `ST_MaxY` on `conn`, as the
/// R-tree triggers need them.
pub fn register_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("ST_IsEmpty", 1, flags, |ctx| {
        // NULL for NULL; an unreadable blob counts as empty, so it is left out of the index.
        Ok(blob_arg(ctx).map(|blob| i64::from(envelope(blob).is_none())))
    })?;
    for (name, i) in [
        ("ST_MinX", 0),
        ("ST_MaxX", 1),
        ("ST_MinY", 2),
        ("ST_MaxY", 3),
    ] {
        conn.create_scalar_function(name, 1, flags, move |ctx| {
            Ok(blob_arg(ctx).and_then(envelope).map(|b| b[i]))
        })?;
    }
    Ok(())
}

/// Creates the index of `table`'s geometry `column` (primary key `fid`), fills it from the
/// rows already written, and installs the standard's triggers. `conn` must have the
/// functions of [`register_functions`].
pub fn create(conn: &Connection, table: &str, column: &str) -> rusqlite::Result<()> {
    let rtree = format!("rtree_{table}_{column}");
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE \"{rtree}\" USING rtree(id, minx, maxx, miny, maxy);
         INSERT OR REPLACE INTO \"{rtree}\"
           SELECT fid, ST_MinX(\"{column}\"), ST_MaxX(\"{column}\"),
                  ST_MinY(\"{column}\"), ST_MaxY(\"{column}\")
           FROM \"{table}\" WHERE \"{column}\" NOT NULL AND NOT ST_IsEmpty(\"{column}\");"
    ))?;
    conn.execute_batch(&triggers(table, column))?;
    conn.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, ?2, ?3, ?4, 'write-only')",
        rusqlite::params![table, column, EXTENSION, DEFINITION],
    )?;
    Ok(())
}

/// The six triggers of GeoPackage 1.3 §F.3 (insert, update1–4, delete), word for word
/// but for the names; `fid` is the tables' primary key.
fn triggers(t: &str, c: &str) -> String {
    let r = format!("rtree_{t}_{c}");
    let put = format!(
        "INSERT OR REPLACE INTO \"{r}\" VALUES (NEW.fid, ST_MinX(NEW.\"{c}\"), \
         ST_MaxX(NEW.\"{c}\"), ST_MinY(NEW.\"{c}\"), ST_MaxY(NEW.\"{c}\"));"
    );
    let full = format!("(NEW.\"{c}\" NOTNULL AND NOT ST_IsEmpty(NEW.\"{c}\"))");
    let empty = format!("(NEW.\"{c}\" ISNULL OR ST_IsEmpty(NEW.\"{c}\"))");
    format!(
        "CREATE TRIGGER \"{r}_insert\" AFTER INSERT ON \"{t}\"
           WHEN (NEW.\"{c}\" NOT NULL AND NOT ST_IsEmpty(NEW.\"{c}\"))
         BEGIN {put} END;
         CREATE TRIGGER \"{r}_update1\" AFTER UPDATE OF \"{c}\" ON \"{t}\"
           WHEN OLD.fid = NEW.fid AND {full}
         BEGIN {put} END;
         CREATE TRIGGER \"{r}_update2\" AFTER UPDATE OF \"{c}\" ON \"{t}\"
           WHEN OLD.fid = NEW.fid AND {empty}
         BEGIN DELETE FROM \"{r}\" WHERE id = OLD.fid; END;
         CREATE TRIGGER \"{r}_update3\" AFTER UPDATE ON \"{t}\"
           WHEN OLD.fid != NEW.fid AND {full}
         BEGIN DELETE FROM \"{r}\" WHERE id = OLD.fid; {put} END;
         CREATE TRIGGER \"{r}_update4\" AFTER UPDATE ON \"{t}\"
           WHEN OLD.fid != NEW.fid AND {empty}
         BEGIN DELETE FROM \"{r}\" WHERE id IN (OLD.fid, NEW.fid); END;
         CREATE TRIGGER \"{r}_delete\" AFTER DELETE ON \"{t}\"
           WHEN OLD.\"{c}\" NOT NULL
         BEGIN DELETE FROM \"{r}\" WHERE id = OLD.fid; END;"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(geometry: &wkb::Geometry) -> Vec<u8> {
        let mut out = Vec::new();
        wkb::encode(geometry, 0, &mut out);
        out
    }

    #[test]
    fn envelopes_come_from_the_header_or_the_coordinates() {
        let square =
            wkb::Geometry::Polygon(vec![vec![[1.0, 2.0], [4.0, 2.0], [4.0, 7.0], [1.0, 2.0]]]);
        assert_eq!(envelope(&blob(&square)), Some([1.0, 4.0, 2.0, 7.0]));
        // Points are written without an envelope: read from the coordinates.
        let point = blob(&wkb::Geometry::Point([3.0, -5.0]));
        assert_eq!((point[3] >> 1) & 0b111, 0);
        assert_eq!(envelope(&point), Some([3.0, 3.0, -5.0, -5.0]));
        assert_eq!(envelope(&blob(&wkb::Geometry::Empty)), None);
        assert_eq!(envelope(b"not a blob"), None);
    }

    #[test]
    fn triggers_keep_the_index_current() {
        let conn = Connection::open_in_memory().expect("db");
        register_functions(&conn).expect("functions");
        conn.execute_batch(
            "CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT,
               extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL);
             CREATE TABLE t (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom BLOB);",
        )
        .expect("tables");
        let square = |x: f64| {
            blob(&wkb::Geometry::Polygon(vec![vec![
                [x, 0.0],
                [x + 1.0, 0.0],
                [x + 1.0, 1.0],
                [x, 0.0],
            ]]))
        };
        conn.execute("INSERT INTO t (geom) VALUES (?1)", [square(0.0)])
            .expect("row before the index");
        create(&conn, "t", "geom").expect("index");
        conn.execute("INSERT INTO t (geom) VALUES (?1)", [square(10.0)])
            .expect("row after");
        conn.execute("UPDATE t SET geom = ?1 WHERE fid = 1", [square(20.0)])
            .expect("moved");
        let rows = |conn: &Connection| -> Vec<(i64, f64, f64)> {
            conn.prepare("SELECT id, minx, maxx FROM rtree_t_geom ORDER BY id")
                .expect("query")
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("rows")
        };
        assert_eq!(rows(&conn), vec![(1, 20.0, 21.0), (2, 10.0, 11.0)]);
        conn.execute("DELETE FROM t WHERE fid = 2", [])
            .expect("deleted");
        conn.execute("UPDATE t SET geom = NULL WHERE fid = 1", [])
            .expect("emptied");
        assert!(rows(&conn).is_empty());
    }
}
