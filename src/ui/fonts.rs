//! Chinese text in the editor. Until a font subset ships with Strata (the bilingual
//! issue), a system CJK font is added as a fallback when one is installed; characters no
//! font has are drawn as boxes, never a crash.

use egui::epaint::text::{
    FontData, FontInsert, FontPriority, InsertFontFamily, MissingGlyphPolicy,
};
use egui::{Context, FontFamily};

// Common places of CJK fonts: the same list as the headless renderer's.
use crate::render::fonts::SYSTEM_CJK_FONTS;

/// Adds the first system CJK font found as a fallback of both families; returns its path.
pub fn install_cjk_fallback(ctx: &Context) -> Option<&'static str> {
    ctx.set_missing_glyph_policy(MissingGlyphPolicy::Tofu);
    for path in SYSTEM_CJK_FONTS {
        if let Ok(bytes) = std::fs::read(path) {
            ctx.add_font(FontInsert::new(
                "cjk-fallback",
                FontData::from_owned(bytes),
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
            return Some(path);
        }
    }
    None
}
