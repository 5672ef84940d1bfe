//! Fonts for map text: a bundled Latin font, then fallbacks tried in order for
//! characters it lacks. Until a CJK subset ships with Strata (the bilingual issue), the
//! first system CJK font found is the fallback; a shipped font is added with
//! [`FontSet::push`] ahead of it. A character no font has is drawn as a box, never a
//! panic.

use std::sync::Arc;

use skrifa::FontRef;

/// Common places of CJK fonts on Linux, Windows and macOS (the editor uses the same list).
pub const SYSTEM_CJK_FONTS: &[&str] = &[
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

/// A font file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("font {name}: {reason}")]
pub struct FontError {
    pub name: String,
    pub reason: String,
}

/// One font: the file's bytes and the face's index in a collection (`.ttc`).
#[derive(Clone)]
pub struct Font {
    pub name: String,
    bytes: Arc<[u8]>,
    index: u32,
}

impl Font {
    /// Checks that the bytes hold a readable face at `index`.
    pub fn new(name: &str, bytes: Arc<[u8]>, index: u32) -> Result<Self, FontError> {
        FontRef::from_index(&bytes, index).map_err(|e| FontError {
            name: name.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Self {
            name: name.to_owned(),
            bytes,
            index,
        })
    }

    /// The parsed face (checked in [`Font::new`], so this only fails on a bug).
    pub(crate) fn face(&self) -> Option<FontRef<'_>> {
        FontRef::from_index(&self.bytes, self.index).ok()
    }
}

/// Fonts tried in order for each character.
#[derive(Clone)]
pub struct FontSet {
    pub(crate) fonts: Vec<Font>,
}

impl std::fmt::Debug for FontSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.fonts.iter().map(|f| f.name.as_str()).collect();
        f.debug_tuple("FontSet").field(&names).finish()
    }
}

impl FontSet {
    /// The bundled Latin font only (egui's Ubuntu Light).
    pub fn bundled() -> Self {
        let fonts = Font::new(
            "Ubuntu Light (bundled)",
            Arc::from(epaint_default_fonts::UBUNTU_LIGHT),
            0,
        )
        .into_iter()
        .collect();
        Self { fonts }
    }

    /// The bundled font and the first system CJK font found: what maps use.
    pub fn for_maps() -> Self {
        let mut set = Self::bundled();
        if let Some((path, bytes)) = first_system_cjk_font() {
            // A file that is there but unreadable is skipped like a missing one.
            let _ = set.push(path, bytes, 0);
        }
        set
    }

    /// Adds a fallback font after the ones already there (e.g. a shipped CJK subset).
    pub fn push(&mut self, name: &str, bytes: Vec<u8>, index: u32) -> Result<(), FontError> {
        self.fonts.push(Font::new(name, Arc::from(bytes), index)?);
        Ok(())
    }

    /// Names of the fonts, in the order they are tried.
    pub fn names(&self) -> Vec<&str> {
        self.fonts.iter().map(|f| f.name.as_str()).collect()
    }
}

/// The first readable file of [`SYSTEM_CJK_FONTS`], with its bytes.
pub fn first_system_cjk_font() -> Option<(&'static str, Vec<u8>)> {
    SYSTEM_CJK_FONTS
        .iter()
        .find_map(|path| std::fs::read(path).ok().map(|bytes| (*path, bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_loads_and_bad_bytes_are_an_error() {
        assert_eq!(FontSet::bundled().names().len(), 1);
        let mut set = FontSet::bundled();
        let err = set
            .push("junk", b"not a font".to_vec(), 0)
            .expect_err("junk is no font");
        assert!(err.to_string().contains("junk"), "{err}");
        assert_eq!(set.names().len(), 1);
    }
}
