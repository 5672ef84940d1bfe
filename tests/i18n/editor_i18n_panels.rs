//! The Problems tab and the Assets panel in Chinese, driven by their Chinese labels: a
//! problem found before the switch is worded in the language chosen afterwards; statuses
//! and categories read as names, not file ids; an applied site is labelled in Chinese in
//! the history. The language is global to the process: the test holds `common::Language`.

use egui_kittest::kittest::{NodeT, Queryable};
use strata::i18n::{self, Lang};
use strata::model::Reference;
use strata::ui::StrataApp;

use crate::editor_support;
use editor_support::harness;

fn text_of(node: &egui_kittest::Node<'_>) -> String {
    node.accesskit_node()
        .label()
        .or_else(|| node.value())
        .expect("a label with text")
}

#[test]
fn problems_and_assets_read_in_chinese() {
    let _language = crate::common::Language::take();
    let dir = tempfile::tempdir().expect("tempdir");
    strata::session::settings::override_path(dir.path().join("settings.toml"));
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_maps/xiongan_15min.geojson");
    let mut plan = strata::io::load_plan(&path, &Default::default())
        .expect("sample")
        .plan;
    // One error the Problems tab must word: a land-use code the classification lacks.
    plan.parcels[0].strata[0].uses[0].code = "9999".into();
    let bad_parcel = plan.parcels[0].id.to_string();
    let mut app = StrataApp::new(plan, None, Reference::default());
    app.autosave.dir = Some(dir.path().join("recovery"));
    let mut h = harness(app);
    h.run();

    // Found in English, then the language switches from the menu.
    h.get_by_label("Problems").click();
    h.run();
    let english = format!(
        "{bad_parcel}: stratum s1: land-use code \"9999\" is not in the classification cn-2023"
    );
    h.get_by_label_contains(&english);
    h.get_by_label("Language · 语言").click();
    h.run();
    h.get_by_label("简体中文").click();
    h.run();
    assert_eq!(i18n::lang(), Lang::Zh);
    let chinese = format!("{bad_parcel}: 分层 s1：用地代码 \"9999\" 不在分类 cn-2023 中");
    h.get_by_label_contains(&chinese);
    assert!(h.query_by_label_contains(&english).is_none());
    // The one added here, the green ratio it takes from that park (p-1's controls) and
    // the sample's two deliberate zoning errors (p-36).
    h.get_by_label_contains("4 个错误");

    // The Assets panel: statuses and categories by name.
    h.get_by_label("资产面板").click();
    h.run();
    // The inventory's status group, the filter and the candidate checkbox.
    assert!(h.query_all_by_label("低效利用").count() >= 2);
    assert!(h.query_by_label("underused").is_none());
    h.get_by_label("设施类别").click();
    h.run();
    h.get_by_label("幼儿园").click();
    h.run();
    h.get_by_label("建议选址").click();
    h.run();
    let covered = text_of(&h.get_by_label_contains("当前覆盖："));
    assert!(
        covered.contains("42524 人") && covered.contains("直线距离"),
        "{covered}"
    );
    let first = text_of(
        &h.get_all_by_label_contains("个住宅地块）")
            .next()
            .expect("a suggestion"),
    );
    assert!(first.starts_with("p-19  +1620 人"), "{first}");
    h.get_all_by_label("采用").next().expect("Apply").click();
    h.run();
    assert_eq!(
        h.state().doc.history.undo_label().as_deref(),
        Some("在 p-19 设置幼儿园")
    );
    // The change is stated in Chinese too.
    assert!(
        h.query_all_by_label_contains("在 p-19 设置幼儿园：幼儿园 300 米服务范围内居民 +1,620 人")
            .count()
            >= 1
    );
    i18n::set_lang(Lang::En);
}
