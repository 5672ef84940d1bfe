//! Edit refusals, edit history labels and file errors in the chosen language.
//!
//! `i18n::set_lang` is global to the process: the tests here hold `common::Language` so
//! that none of them sees another's language.

use geo::{Coord, MultiPolygon, Rect};
use strata::edit::EditCmd;
use strata::edit::create::host_facility;
use strata::edit::geometry::{
    VertexRef, delete_vertex, merge_many, merge_parcels, split_parcel, translate_parcels,
};
use strata::i18n::Lang;

use crate::common::Language;
use strata::model::{Parcel, ParcelId, Plan, Scenario, Standard, Stratum};

/// p-1 and p-2: 50 m squares side by side; p-3 apart. Each has a ground stratum.
fn plan() -> Plan {
    let square = |x: f64| {
        MultiPolygon::new(vec![
            Rect::new(
                Coord { x, y: 0.0 },
                Coord {
                    x: x + 50.0,
                    y: 50.0,
                },
            )
            .to_polygon(),
        ])
    };
    let mut plan = Plan::new(strata::model::LocalFrame::new(120.0, 30.0));
    for (id, x) in [("p-1", 0.0), ("p-2", 50.0), ("p-3", 200.0)] {
        let mut p = Parcel::new(id, Scenario::Proposed, square(x));
        p.strata.push(Stratum::ground("s1", "0701"));
        plan.parcels.push(p);
    }
    plan
}

fn label(cmd: &EditCmd) -> String {
    match cmd {
        EditCmd::Named { label, .. } => label.text(),
        other => panic!("not a named command: {other:?}"),
    }
}

/// The reasons of refused edits, in English and in Chinese.
fn refusals() -> Vec<String> {
    let plan = plan();
    let p1 = ParcelId::new("p-1");
    // A vertical line well east of p-1 leaves nothing on one side.
    let missed = split_parcel(&plan, &p1, [5000.0, 0.0], [5000.0, 10.0])
        .expect_err("refused")
        .text();
    let same = merge_parcels(&plan, &p1, &p1).expect_err("refused").text();
    let gone = merge_parcels(&plan, &p1, &ParcelId::new("p-9"))
        .expect_err("refused")
        .text();
    // p-1 with one corner deleted is a triangle, whose corners cannot be deleted.
    let corner = VertexRef {
        part: 0,
        ring: 0,
        index: 0,
    };
    let mut triangle = plan.clone();
    delete_vertex(&plan, &p1, corner)
        .expect("a square loses a corner")
        .apply(&mut triangle)
        .expect("applies");
    let three = delete_vertex(&triangle, &p1, corner)
        .expect_err("refused")
        .text();
    // An edit that no longer fits the plan (undo of a removal that is not there).
    let stale = EditCmd::RemoveParcel {
        index: 7,
        parcel: Box::new(plan.parcels[0].clone()),
    }
    .apply(&mut plan.clone())
    .expect_err("refused")
    .text();
    vec![missed, same, gone, three, stale]
}

#[test]
fn refused_edits_give_their_reason_in_the_chosen_language() {
    let language = Language::take();
    assert_eq!(
        refusals(),
        [
            "the split leaves no area",
            "pick two different parcels to merge",
            "parcel p-9 is not in the plan",
            "a ring needs at least three corners",
            "cannot apply the edit: parcel p-1 is not at position 7",
        ]
    );
    language.set(Lang::Zh);
    assert_eq!(
        refusals(),
        [
            "分割后没有剩余面积",
            "请选择两个不同的地块进行合并",
            "方案中没有地块 p-9",
            "一个环至少需要三个角点",
            "无法执行编辑：地块 p-1 不在位置 7",
        ]
    );
    language.set(Lang::En);
    assert_eq!(refusals()[1], "pick two different parcels to merge");
}

/// The labels of the history entries that are built with a name.
fn named_labels() -> Vec<String> {
    let plan = plan();
    let ids: Vec<ParcelId> = plan.parcels.iter().map(|p| p.id.clone()).collect();
    let host = host_facility(&plan, &ids[1], "kindergarten", Some("080404")).expect("hosts");
    let merge = merge_many(&plan, &ids[0], &ids[1..]).expect("merges");
    let moved = translate_parcels(&plan, &ids[..2], 10.0, -5.04).expect("moves");
    vec![label(&host), label(&merge), label(&moved)]
}

#[test]
fn named_history_labels_follow_the_language_and_name_categories_by_the_standard() {
    let language = Language::take();
    assert_eq!(
        named_labels(),
        [
            "Host kindergarten on p-2",
            "Merge 3 parcels into p-1",
            "Move 2 parcel(s) by 10.0 m, -5.0 m",
        ]
    );
    language.set(Lang::Zh);
    assert_eq!(
        named_labels(),
        [
            "在 p-2 设置幼儿园",
            "将 3 个地块合并为 p-1",
            "移动 2 个地块（10.0 m，-5.0 m）",
        ]
    );
    // A refusal that names a category uses the standard's Chinese name too.
    let mut plan = plan();
    host_facility(&plan, &ParcelId::new("p-2"), "kindergarten", None)
        .expect("hosts")
        .apply(&mut plan)
        .expect("applies");
    let again = host_facility(&plan, &ParcelId::new("p-2"), "kindergarten", None)
        .expect_err("already there")
        .text();
    assert_eq!(again, "地块 p-2 已设有幼儿园");
}

#[test]
fn a_failed_save_says_why_in_the_chosen_language() {
    let language = Language::take();
    let dir = tempfile::tempdir().expect("temp dir");
    let plan = plan();
    // Saving onto a folder, and into a folder that does not exist.
    let onto_folder = || {
        strata::io::save_plan(&plan, dir.path())
            .expect_err("a folder is not a file")
            .text()
    };
    let missing = dir.path().join("no-such-folder");
    let into_missing = || {
        strata::io::save_plan(&plan, &missing.join("plan.geojson"))
            .expect_err("no folder")
            .text()
    };
    let shown = dir.path().display().to_string();
    assert_eq!(
        onto_folder(),
        format!(
            "cannot write {shown}: it is a folder, not a file (it is a folder); \
             the existing file, if any, is untouched"
        )
    );
    let english_missing = into_missing();
    let prefix = format!(
        "cannot write {}: the folder {} does not exist (",
        missing.join("plan.geojson").display(),
        missing.display()
    );
    assert!(english_missing.starts_with(&prefix), "{english_missing}");
    assert!(
        english_missing.ends_with("); the existing file, if any, is untouched"),
        "{english_missing}"
    );

    language.set(Lang::Zh);
    assert_eq!(
        onto_folder(),
        format!("无法写入 {shown}：这是文件夹，不是文件（这是一个文件夹）；原有文件（如有）未改动")
    );
    let chinese_missing = into_missing();
    assert!(
        chinese_missing.starts_with(&format!(
            "无法写入 {}：文件夹 {} 不存在（",
            missing.join("plan.geojson").display(),
            missing.display()
        )),
        "{chinese_missing}"
    );
    assert!(
        chinese_missing.ends_with("）；原有文件（如有）未改动"),
        "{chinese_missing}"
    );
    // Nothing was written either way.
    assert!(!missing.exists());
}

#[test]
fn reference_file_errors_follow_the_language() {
    let language = Language::take();
    let text = "walking_speed_m_per_min = -1";
    let bad = |file: &str| {
        let standard = include_str!("../../assets/standards/gb50180-2018.toml");
        let speed = standard
            .lines()
            .find(|l| l.starts_with("walking_speed_m_per_min"))
            .expect("the standard gives a walking speed");
        Standard::from_toml(&standard.replacen(speed, text, 1), file)
            .expect_err("a negative speed")
            .text()
    };
    assert_eq!(
        bad("s.toml"),
        "s.toml: walking_speed_m_per_min must be a positive number, not -1"
    );
    language.set(Lang::Zh);
    assert_eq!(
        bad("s.toml"),
        "s.toml: walking_speed_m_per_min 必须是正数，而不是 -1"
    );
}

#[test]
fn geometry_problems_are_geos_words_in_english_and_chinese_in_chinese() {
    use geo::algorithm::Validation;
    let language = Language::take();
    let bow_tie = [[0.0, 0.0], [40.0, 40.0], [40.0, 0.0], [0.0, 40.0]];
    let drawn = || {
        strata::edit::create::add_drawn_parcel(&plan(), &bow_tie, Scenario::Proposed)
            .expect_err("a bow tie is refused")
            .text()
    };
    // The English text is geo's own.
    let mut ring: Vec<Coord<f64>> = bow_tie.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
    ring.push(ring[0]);
    let polygon = geo::Polygon::new(geo::LineString::new(ring), vec![]);
    let geo_words = polygon.check_validation().expect_err("invalid").to_string();
    assert_eq!(geo_words, "exterior ring has a self-intersection");
    assert_eq!(
        drawn(),
        format!("the drawn outline is not a valid polygon: {geo_words}")
    );
    // A parcel already invalid cannot be merged; the problem names the polygon.
    let mut with_bow_tie = plan();
    with_bow_tie.parcels[1].shape = MultiPolygon::new(vec![polygon.clone()]);
    let merge = || {
        merge_parcels(&with_bow_tie, &ParcelId::new("p-1"), &ParcelId::new("p-2"))
            .expect_err("refused")
            .text()
    };
    let multi_words = MultiPolygon::new(vec![polygon])
        .check_validation()
        .expect_err("invalid")
        .to_string();
    assert_eq!(
        merge(),
        format!("parcel p-2 is not a valid polygon ({multi_words}); fix it first")
    );
    language.set(Lang::Zh);
    assert_eq!(drawn(), "所绘轮廓不是有效的多边形：外环自相交");
    assert_eq!(
        merge(),
        "地块 p-2 不是有效的多边形（第 1 个多边形无效：外环自相交）；请先修正"
    );
}

#[test]
fn map_and_crs_errors_follow_the_language() {
    use strata::render::RenderError;
    let language = Language::take();
    let messages = || {
        vec![
            RenderError::Empty("existing").text(),
            RenderError::Empty("proposed").text(),
            RenderError::Width(9).text(),
            match strata::io::SourceCrs::from_name("my local grid") {
                Ok(_) => panic!("not of the form EPSG:N"),
                Err(reason) => reason.text(),
            },
        ]
    };
    let english = messages();
    assert_eq!(english[0], "the existing scenario has no features to draw");
    assert_eq!(english[1], "the proposed scenario has no features to draw");
    assert!(
        english[2].starts_with("width 9 px is outside "),
        "{}",
        english[2]
    );
    assert_eq!(
        english[3],
        "CRS \"my local grid\" is not of the form EPSG:N"
    );
    language.set(Lang::Zh);
    let chinese = messages();
    assert_eq!(chinese[0], "现状没有可绘制的要素");
    assert_eq!(chinese[1], "规划方案没有可绘制的要素");
    assert!(chinese[2].starts_with("宽度 9 px 超出 "), "{}", chinese[2]);
    assert_eq!(
        chinese[3],
        "坐标参考系 \"my local grid\" 不是 EPSG:N 的形式"
    );
}

/// docs/ERRORS.md: `Display` is English whatever the language, `text()` is the current
/// language, and an error is worded when shown, not when it was made.
#[test]
fn errors_display_english_and_read_in_the_language_they_are_shown_in() {
    use strata::render::RenderError;
    let language = Language::take();
    let plan = plan();
    let p1 = ParcelId::new("p-1");
    // Made in English, shown after switching to Chinese.
    let refused = merge_parcels(&plan, &p1, &p1).expect_err("refused");
    let dir = tempfile::tempdir().expect("temp dir");
    let unsaved = strata::io::save_plan(&plan, dir.path()).expect_err("a folder");
    let moved = translate_parcels(&plan, std::slice::from_ref(&p1), 1.0, 2.0).expect("moves");
    language.set(Lang::Zh);
    assert_eq!(refused.text(), "请选择两个不同的地块进行合并");
    assert_eq!(refused.to_string(), "pick two different parcels to merge");
    assert!(
        unsaved.text().starts_with("无法写入 "),
        "{}",
        unsaved.text()
    );
    assert!(
        unsaved.to_string().starts_with("cannot write "),
        "{unsaved}"
    );
    assert_eq!(moved.label(), "移动 1 个地块（1.0 m，2.0 m）");
    // Made in Chinese: Display stays English.
    let width = RenderError::Width(9);
    assert!(width.to_string().starts_with("width 9 px"), "{width}");
    assert!(width.text().starts_with("宽度 9 px"), "{}", width.text());
    let gone = merge_parcels(&plan, &p1, &ParcelId::new("p-9")).expect_err("refused");
    assert_eq!(gone.to_string(), "parcel p-9 is not in the plan");
    // A file error whose reason was worded when made (it used to be, in Chinese here).
    let crs = br#"{"type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "EPSG:9999"}}, "features": []}"#;
    let unsupported = strata::io::read_plan(crs, &Default::default()).expect_err("an unknown CRS");
    assert_eq!(
        unsupported.to_string(),
        "unsupported CRS: EPSG:9999 is not a CRS Strata knows"
    );
    assert_eq!(
        unsupported.text(),
        "不支持的坐标参考系：EPSG:9999 不是 Strata 已知的坐标参考系"
    );
    language.set(Lang::En);
    assert_eq!(gone.text(), "parcel p-9 is not in the plan");
}
