//! The editor in Chinese: the Language menu switches every menu and panel at once (found
//! here by their Chinese labels) and back, the choice is saved, and Chinese typed into
//! the inspector is saved unchanged. The language is global to the process: the test
//! holds `common::Language`.

use egui_kittest::kittest::Queryable;
use strata::i18n::{self, Lang};
use strata::model::Reference;
use strata::session::{self, Settings};
use strata::ui::{Selection, StrataApp};

use crate::editor_support;
use editor_support::harness;

#[test]
fn switching_to_chinese_and_back_from_the_menu() {
    let _language = crate::common::Language::take();
    let dir = tempfile::tempdir().expect("tempdir");
    session::settings::override_path(dir.path().join("settings.toml"));
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_maps/wenzhou_sports_park.geojson");
    let plan = strata::io::load_plan(&source, &Default::default())
        .expect("sample")
        .plan;
    let path = dir.path().join("plan.geojson");
    let mut app = StrataApp::new(plan, Some(path.clone()), Reference::default());
    app.autosave.dir = Some(dir.path().join("recovery"));
    let first = app
        .doc
        .plan
        .parcels
        .iter()
        .position(|p| p.scenario == app.view.scenario)
        .expect("a parcel");
    app.selected.primary = Some(Selection::Parcel(app.doc.plan.parcels[first].id.clone()));
    let mut h = harness(app);
    h.run();
    assert_eq!(i18n::lang(), Lang::En);

    h.get_by_label("Language · 语言").click();
    h.run();
    h.get_by_label("简体中文").click();
    h.run();
    assert_eq!(i18n::lang(), Lang::Zh);
    assert_eq!(
        Settings::load().lang,
        Some(Lang::Zh),
        "the choice is remembered"
    );

    // Menus, the layers panel and the inspector, by their Chinese labels.
    h.get_by_label("文件");
    h.get_by_label("编辑");
    h.get_by_label("图层");
    h.get_by_label("属性表");
    h.get_by_label_contains("地块 ");
    assert!(h.query_by_label("Layers").is_none());
    assert!(h.state().view.show_streets);
    h.get_by_label("街道").click();
    h.run();
    assert!(!h.state().view.show_streets, "the Chinese checkbox works");

    // The toolbar's tools.
    for tool in [
        "选择",
        "移动",
        "绘制地块",
        "绘制矩形",
        "布置设施",
        "编辑节点",
        "分割",
        "合并",
        "绘制街道",
        "测量",
    ] {
        h.get_by_label(tool);
    }
    assert!(h.query_by_label("Draw parcel").is_none());
    h.get_by_label("绘制地块").click();
    h.run();
    assert_eq!(h.state().view.tool, strata::ui::Tool::DrawParcel);
    h.get_by_label("选择").click();
    h.run();

    // The review panel: its tabs and the heatmap, by their Chinese labels.
    h.get_by_label("评估面板");
    for tab in ["覆盖", "用地", "混合与职住", "方案对比", "问题"] {
        h.get_by_label(tab);
    }
    assert!(h.query_by_label("Land").is_none());
    assert!(!h.state().analyses.review.heat.shown);
    h.get_by_label("热力图").click();
    h.run();
    assert!(
        h.state().analyses.review.heat.shown,
        "the Chinese heatmap checkbox works"
    );
    h.get_by_label("热力图图例");
    assert!(h.query_by_label("Heatmap legend").is_none());
    // Categories by the standard's Chinese names, not their ids.
    h.get_by_label_contains("幼儿园：覆盖");
    assert!(h.query_by_label_contains("kindergarten").is_none());
    h.get_by_label("用地").click();
    h.run();
    h.get_by_label_contains("立体叠加节约用地（");
    h.get_by_label("覆盖").click();
    h.run();
    h.get_by_label("热力图").click();
    h.run();

    // Chinese typed into the name field through an input method is saved unchanged: the
    // pinyin being composed (preedit) is replaced by the committed characters, twice.
    h.get_by_label("名称").click();
    h.run();
    // Select the old name so the typed one replaces it.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    for (pinyin, hanzi) in [("wu ding", "屋顶"), ("ti yu gong yuan", "体育公园")] {
        for end in 1..=pinyin.len() {
            h.event(egui::Event::Ime(egui::ImeEvent::Preedit {
                text: pinyin[..end].to_owned(),
                active_range_chars: None,
            }));
            h.run();
        }
        h.event(egui::Event::Ime(egui::ImeEvent::Commit(hanzi.to_owned())));
        h.run();
    }
    let field = h.get_by_label("名称");
    assert_eq!(
        field.value().as_deref(),
        Some("屋顶体育公园"),
        "the field after composing"
    );
    h.key_press(egui::Key::Enter);
    h.run();
    let id = h.state().doc.plan.parcels[first].id.clone();
    h.state_mut().run_command(strata::ui::UiCommand::Save);
    h.run();
    let saved = strata::io::load_plan(&path, &Default::default()).expect("saved plan");
    let name = saved
        .plan
        .parcels
        .iter()
        .find(|p| p.id == id)
        .and_then(|p| p.name.clone())
        .expect("named");
    assert_eq!(name, "屋顶体育公园");

    // And back to English.
    h.get_by_label("Language · 语言").click();
    h.run();
    h.get_by_label("English").click();
    h.run();
    assert_eq!(i18n::lang(), Lang::En);
    h.get_by_label("File");
    h.get_by_label("Layers");
    h.get_by_label("Draw parcel");
    h.get_by_label("Land");
    h.get_by_label("Heatmap");
}
