//! The DXF import as the editor's import dialog uses it (`io::dxf::list_layers`, then
//! `io::dxf::import`): layers with counts by entity type, features to append, and a
//! report whose skipped entities are keyed by type and layer and whose refusals name
//! the handle, worded in either language when shown.

use std::collections::BTreeMap;

use strata::i18n::Lang;
use strata::io::SourceCrs;
use strata::io::dxf::{self, DxfImportOptions};

#[test]
fn layers_features_and_the_report_for_the_import_dialog() {
    let path = crate::common::repo("tests/dxf/site_gbk_r2000.dxf");
    let layers = dxf::list_layers(&path, None).expect("layers");
    let parcels_layer = layers
        .iter()
        .find(|l| l.name == "地块")
        .expect("layer 地块");
    let expected: BTreeMap<String, usize> = [
        ("CIRCLE", 1),
        ("HATCH", 2),
        ("LWPOLYLINE", 4),
        ("POLYLINE", 1),
        ("TEXT", 1),
    ]
    .into_iter()
    .map(|(k, n)| (k.to_owned(), n))
    .collect();
    assert_eq!(parcels_layer.counts, expected);
    assert_eq!(parcels_layer.total(), 9);

    let options = DxfImportOptions {
        crs: Some(SourceCrs::from_epsg(4548).expect("EPSG:4548")),
        layers: vec!["地块".into(), "设施".into()],
        ..DxfImportOptions::default()
    };
    let (loaded, report) = dxf::import(&path, &options).expect("imports");
    assert_eq!(
        (report.parcels, report.streets, report.facilities),
        (5, 0, 2)
    );
    assert_eq!(loaded.plan.parcels.len(), 5);
    assert_eq!(loaded.plan.facilities.len(), 2);
    assert_eq!(report.encoding, "GBK");
    let skipped: Vec<_> = report
        .skipped
        .iter()
        .map(|((t, l), n)| (t.as_str(), l.as_str(), *n))
        .collect();
    assert_eq!(skipped, [("CIRCLE", "地块", 1)]);
    let en: Vec<String> = report.refused.iter().map(|m| m.text_in(Lang::En)).collect();
    let zh: Vec<String> = report.refused.iter().map(|m| m.text_in(Lang::Zh)).collect();
    assert!(en.iter().any(|t| t.starts_with("LWPOLYLINE 44:")), "{en:?}");
    assert!(
        en.iter()
            .any(|t| t.starts_with("HATCH 43: the same ring as 33")),
        "{en:?}"
    );
    assert!(en.iter().any(|t| t.starts_with("POINT 53:")), "{en:?}");
    assert!(zh.iter().any(|t| t.contains("与 33 的边界相同")), "{zh:?}");
    // Texts on layer 标注 were read though it was not chosen; the street layer was not.
    assert_eq!(report.other_layers, 1);

    // Without a CRS the core refuses, as the command line does.
    let no_crs = DxfImportOptions {
        layers: vec!["地块".into()],
        ..DxfImportOptions::default()
    };
    let error = dxf::import(&path, &no_crs)
        .err()
        .map(|m| m.text_in(Lang::En));
    assert!(error.is_some_and(|e| e.contains("--crs EPSG:N")));
}
