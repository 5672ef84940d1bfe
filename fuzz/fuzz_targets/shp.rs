//! The Shapefile importer (`strata import FILE.shp`) on arbitrary bytes. Layout of an
//! input: one selector byte (what the records become, whether a `.cpg` is given), two
//! little-endian u32 lengths (`.shx`, `.dbf`), then the `.shx`, the `.dbf`, and the rest
//! is the `.shp`. The CRS is given, so every input reaches the readers.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata::io::import::{ImportAs, ImportOptions};
use strata::io::shp::{ShpBytes, ShpImportOptions, import_bytes};

fn take<'a>(data: &mut &'a [u8], n: usize) -> &'a [u8] {
    let n = n.min(data.len());
    let (head, tail) = data.split_at(n);
    *data = tail;
    head
}

fuzz_target!(|data: &[u8]| {
    let mut data = data;
    let Some(&selector) = take(&mut data, 1).first() else {
        return;
    };
    let mut length = || {
        let b = take(&mut data, 4);
        b.iter().rev().fold(0usize, |acc, &x| (acc << 8) | usize::from(x))
    };
    let (shx_len, dbf_len) = (length(), length());
    let shx = take(&mut data, shx_len).to_vec();
    let dbf = take(&mut data, dbf_len).to_vec();
    let set = ShpBytes {
        path: "fuzz.shp".into(),
        shp: data.to_vec(),
        shx,
        dbf,
        prj: None,
        cpg: (selector & 4 != 0).then(|| b"GBK".to_vec()),
    };
    let kind = match selector % 3 {
        0 => ImportAs::Parcel,
        1 => ImportAs::Facility,
        _ => ImportAs::Street,
    };
    let options = ShpImportOptions {
        import: ImportOptions {
            read: strata::io::ReadOptions {
                crs: strata::io::SourceCrs::from_epsg(4548).ok(),
                ..Default::default()
            },
            value_from: Some("YDDM".into()),
            name_from: Some("NAME".into()),
            ..ImportOptions::default()
        },
        kind: Some(kind),
        ..ShpImportOptions::default()
    };
    if let Ok((loaded, _, _)) = import_bytes(&set, &options) {
        let _ = strata::analysis::validate(&loaded.plan);
    }
});
