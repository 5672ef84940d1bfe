//! Values the core keeps are worded when shown, not when made (docs/ERRORS.md, issue 15):
//! one error value reads English through `Display` and Chinese through `text_in`, so a
//! language switch after it was made cannot leave it in the old language.

use serde_json::json;
use strata::analysis::suggest::{Candidates, SuggestError};
use strata::analysis::valuation::{SETTINGS_KEY, ValuationSettings};
use strata::i18n::Lang;
use strata::io::import::{ImportAs, ImportOptions, import_value};
use strata::model::{LocalFrame, Plan};
use strata::render::RenderError;

#[test]
fn candidate_refusals_are_typed_and_read_in_either_language() {
    let e = Candidates::parse("idle,idel").expect_err("idel is no status");
    assert_eq!(e, SuggestError::UnknownStatus("idel".into()));
    assert!(
        e.to_string()
            .starts_with("unknown candidate status \"idel\" (known: existing, idle,"),
        "{e}"
    );
    assert!(
        e.message()
            .text_in(Lang::Zh)
            .starts_with("未知的候选状态 \"idel\""),
        "{}",
        e.message().text_in(Lang::Zh)
    );
    assert_eq!(Candidates::parse(" , "), Err(SuggestError::NoStatus));
}

#[test]
fn a_valuation_settings_error_is_one_value_for_both_languages() {
    let mut plan = Plan::new(LocalFrame::new(116.0, 39.0));
    plan.settings.extra.insert(
        SETTINGS_KEY.into(),
        json!({ "weights": { "size": -1.0 }, "candidates": ["idle"] }),
    );
    let e = ValuationSettings::of_plan(&plan).expect_err("a negative weight");
    assert_eq!(
        e.to_string(),
        "plan setting \"valuation\": weight of size must be a number ≥ 0, not -1"
    );
    assert_eq!(
        e.text_in(Lang::Zh),
        "方案参数 \"valuation\"：size 的权重必须是 ≥ 0 的数，而不是 -1"
    );
    // Nested: the candidates' refusal inside the settings error, inside the render error.
    plan.settings
        .extra
        .insert(SETTINGS_KEY.into(), json!({ "candidates": ["idel"] }));
    let render = RenderError::Valuation(ValuationSettings::of_plan(&plan).expect_err("idel"));
    let zh = render.message().text_in(Lang::Zh);
    assert!(zh.contains("候选地块：未知的候选状态 \"idel\""), "{zh}");
    let en = render.to_string();
    assert!(
        en.contains("plan setting \"valuation\": candidates: unknown candidate status \"idel\""),
        "{en}"
    );
}

#[test]
fn skipped_import_features_keep_their_reason_as_a_message() {
    let source = json!({ "type": "FeatureCollection", "features": [
        5,
        { "type": "Feature", "id": "f-2",
          "geometry": { "type": "Point", "coordinates": [116.0, 39.0] }, "properties": {} },
    ]});
    let (_, report) =
        import_value(source, ImportAs::Parcel, &ImportOptions::default()).expect("imported");
    let en: Vec<String> = report.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(
        en,
        [
            "feature #1: not a feature object",
            "\"f-2\": geometry is Point, not Polygon or MultiPolygon"
        ]
    );
    let zh: Vec<String> = report.skipped.iter().map(|m| m.text_in(Lang::Zh)).collect();
    assert_eq!(
        zh,
        [
            "第 1 个要素: 不是要素对象",
            "\"f-2\": 几何类型为 Point，而不是 Polygon 或 MultiPolygon"
        ]
    );
}
