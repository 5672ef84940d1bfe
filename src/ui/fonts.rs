//! Chinese text in the editor. Until a font subset ships with Strata (the bilingual
//! issue), a system CJK font is added as a fallback when one is installed; characters no
//! font has are drawn as boxes, never a crash.

use egui::epaint::text::{
    FontData, FontInsert, FontPriority, InsertFontFamily, MissingGlyphPolicy,
};
use egui::{Context, FontFamily};

/// Common places of CJK fonts on Linux, Windows and macOS.
const SYSTEM_CJK_FONTS: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\simsun.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/System/Library/Fonts/STHeiti Light.ttc",
];

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
