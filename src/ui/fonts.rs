//! Chinese text in the editor: a system CJK font when one is installed (fuller
//! coverage), else the subset shipped with Strata, as a fallback of both families after
//! egui's Latin fonts. Characters no font has are drawn as boxes, never a crash.

use egui::epaint::text::{
    FontData, FontInsert, FontPriority, InsertFontFamily, MissingGlyphPolicy,
};
use egui::{Context, FontFamily};

use crate::render::fonts::{
    SHIPPED_CJK_FONT, SHIPPED_CJK_NAME, first_system_cjk_font, simplified_chinese_face,
};

/// Adds the CJK fallback font; returns the name of the one used (a path or the shipped
/// subset's name).
pub fn install_cjk_fallback(ctx: &Context) -> &'static str {
    ctx.set_missing_glyph_policy(MissingGlyphPolicy::Tofu);
    let (name, data) = match first_system_cjk_font() {
        Some((path, bytes)) => {
            let index = simplified_chinese_face(&bytes);
            let mut data = FontData::from_owned(bytes);
            data.index = index;
            (path, data)
        }
        None => (SHIPPED_CJK_NAME, FontData::from_static(SHIPPED_CJK_FONT)),
    };
    ctx.add_font(FontInsert::new(
        "cjk-fallback",
        data,
        vec![
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    ));
    name
}
