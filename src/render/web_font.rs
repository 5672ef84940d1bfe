//! A subset of the shipped CJK font (Noto Sans SC) for exactly the characters a web
//! page uses, so the HTML report renders on a machine without Chinese fonts while
//! staying one self-contained file. The subset is a valid OpenType font with a Unicode
//! cmap (what browsers require), made by allsorts (krilla's `subsetter` drops the cmap:
//! its subsets are only for PDF).

use skrifa::MetadataProvider;

use super::fonts::SHIPPED_CJK_FONT;

/// The font subset and the characters it covers.
#[derive(Clone, Debug)]
pub struct WebFont {
    /// An OpenType (CFF) font file.
    pub otf: Vec<u8>,
    /// The characters of the text that have a glyph (others fall back to the reader's
    /// fonts).
    pub covered: Vec<char>,
}

/// The subset for the characters of `text`. `Err` carries allsorts' reason.
pub fn web_font_for(text: &str) -> Result<WebFont, String> {
    let face = skrifa::FontRef::new(SHIPPED_CJK_FONT).map_err(|e| e.to_string())?;
    let charmap = face.charmap();
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    chars.sort_unstable();
    chars.dedup();
    // .notdef first, as OpenType requires; then each glyph once.
    let mut glyphs: Vec<u16> = vec![0];
    let mut covered = Vec::new();
    for c in chars {
        if let Some(gid) = charmap.map(c) {
            let gid = gid.to_u32() as u16;
            covered.push(c);
            if !glyphs.contains(&gid) {
                glyphs.push(gid);
            }
        }
    }
    let scope = allsorts::binary::read::ReadScope::new(SHIPPED_CJK_FONT);
    let data = scope
        .read::<allsorts::font_data::FontData<'_>>()
        .map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let otf = allsorts::subset::subset(
        &provider,
        &glyphs,
        &allsorts::subset::SubsetProfile::Minimal,
        allsorts::subset::CmapTarget::Unicode,
    )
    .map_err(|e| e.to_string())?;
    Ok(WebFont { otf, covered })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The subset maps every character asked for that the shipped font has, and is small.
    #[test]
    fn the_subset_maps_the_text_and_nothing_much_else() {
        let text = "容积率 FAR 2.5 · 居住用地 (residential) 亩";
        let font = web_font_for(text).expect("subset");
        assert!(font.otf.len() < 40_000, "{} bytes", font.otf.len());
        let face = skrifa::FontRef::new(&font.otf).expect("readable font");
        let charmap = face.charmap();
        for c in text.chars().filter(|c| *c != ' ') {
            assert!(charmap.map(c).is_some(), "{c} not in the subset");
        }
        assert!(
            charmap.map('齄').is_none(),
            "a character not asked for is in it"
        );
    }
}
