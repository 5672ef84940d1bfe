//! The plain GeoJSON importer (`strata import`) on arbitrary bytes. The first byte picks
//! what the features become and whether a value property and mapping are used, so all
//! the importer's paths are reached.
#![no_main]

use libfuzzer_sys::fuzz_target;
use strata::io::import::{ImportAs, ImportOptions, import_value};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let kind = match selector % 3 {
        0 => ImportAs::Parcel,
        1 => ImportAs::Facility,
        _ => ImportAs::Street,
    };
    let mut options = ImportOptions::default();
    if selector & 4 != 0 {
        options.value_from = Some("landuse".into());
        options.map.insert("residential".into(), "0701".into());
        options.map.insert("school".into(), "primary_school".into());
    }
    if selector & 8 != 0 {
        options.name_from = Some("title".into());
    }
    let Ok(value) = strata::io::parse_json(rest) else {
        return;
    };
    if let Ok((loaded, _report)) = import_value(value, kind, &options) {
        let _ = strata::analysis::validate(&loaded.plan);
    }
});
