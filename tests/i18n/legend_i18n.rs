//! The legend rows of the presentation core, which the canvas legend and the headless map
//! legend both draw: every colour mode has its title and texts in Chinese (the headless
//! diversity and jobs–housing legends were English literals once), and the two languages
//! differ for every mode.

use strata::i18n::Lang;
use strata::model::Reference;
use strata::render::FillBy;
use strata::render::present::legend::{
    FillLegend, LegendRow, UseAreas, both_languages, fill_rows, tier_rows,
};

fn texts(rows: &[LegendRow]) -> Vec<String> {
    rows.iter()
        .flat_map(|row| match row {
            LegendRow::Header(t) | LegendRow::Note(t) => vec![t.clone()],
            LegendRow::Swatch { text, .. }
            | LegendRow::Symbol { text, .. }
            | LegendRow::Line { text, .. } => vec![text.clone()],
            LegendRow::Ramp { low, high, .. } => vec![low.clone(), high.clone()],
        })
        .collect()
}

fn has_cjk(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

fn mode_texts(mode: FillBy, reference: &Reference) -> Vec<String> {
    let uses = UseAreas {
        uses: vec![("0701".into(), 100.0), ("1401".into(), 50.0)],
        mixed: true,
    };
    texts(&fill_rows(&FillLegend {
        mode,
        reference,
        uses: &uses,
        status_listed: &|_| true,
        bilingual: &both_languages,
    }))
}

#[test]
fn every_mode_of_the_legend_is_worded_in_chinese() {
    let language = crate::common::Language::take();
    let reference = Reference::default();
    for mode in FillBy::ALL {
        let english = mode_texts(mode, &reference);
        language.set(Lang::Zh);
        let chinese = mode_texts(mode, &reference);
        language.set(Lang::En);
        assert!(has_cjk(&chinese[0]), "{mode:?} title: {}", chinese[0]);
        assert!(!has_cjk(&english[0]), "{mode:?} title: {}", english[0]);
        assert_ne!(english, chinese, "{mode:?}");
        for text in chinese.iter().chain(&english) {
            assert!(!text.contains("{$") && !text.contains("-legend"), "{text}");
        }
    }
    language.set(Lang::Zh);
    let tiers = texts(&tier_rows(&reference.standard, &both_languages));
    assert_eq!(tiers.len(), reference.standard.tiers.len());
    assert!(
        tiers.iter().all(|t| has_cjk(t) && t.ends_with(" m")),
        "{tiers:?}"
    );
}
