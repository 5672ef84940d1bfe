//! Fonts for map text: a bundled Latin font, then fallbacks tried in order for
//! characters it lacks: the first system CJK font found (fuller coverage), then the CJK
//! subset shipped with Strata (Noto Sans SC: GB 2312 plus every character of the
//! reference, translation and sample files; `assets/fonts/`), so Chinese renders on a
//! machine with no CJK font installed. A character no font has is drawn as a box, never
//! a panic. The editor uses the same choice (`ui::fonts`).

use std::sync::Arc;

use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

/// The shipped CJK subset (SIL Open Font Licence, see `assets/fonts/OFL.txt`).
pub const SHIPPED_CJK_FONT: &[u8] =
    include_bytes!("../../assets/fonts/NotoSansSC-Strata-Subset.otf");
/// Its name in [`FontSet::names`].
pub const SHIPPED_CJK_NAME: &str = "Noto Sans SC subset (shipped)";

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

    /// The bundled Latin font and the shipped CJK subset: the same on every machine.
    pub fn shipped() -> Self {
        let mut set = Self::bundled();
        if let Ok(font) = Font::new(SHIPPED_CJK_NAME, Arc::from(SHIPPED_CJK_FONT), 0) {
            set.fonts.push(font);
        }
        set
    }

    /// What maps use: the bundled font, the first system CJK font found, the shipped
    /// subset.
    pub fn for_maps() -> Self {
        let mut set = Self::bundled();
        if let Some((path, bytes)) = first_system_cjk_font() {
            let index = simplified_chinese_face(&bytes);
            // A file that is there but unreadable is skipped like a missing one.
            let _ = set.push(path, bytes, index);
        }
        set.fonts.extend(Self::shipped().fonts.into_iter().skip(1));
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

/// The first readable file of [`SYSTEM_CJK_FONTS`], with its bytes. `None` also when
/// `STRATA_NO_SYSTEM_FONTS` is set, to see what a machine without CJK fonts shows.
pub fn first_system_cjk_font() -> Option<(&'static str, Vec<u8>)> {
    if std::env::var_os("STRATA_NO_SYSTEM_FONTS").is_some() {
        return None;
    }
    SYSTEM_CJK_FONTS
        .iter()
        .find_map(|path| std::fs::read(path).ok().map(|bytes| (*path, bytes)))
}

/// The face of a font collection to use for Simplified Chinese: the first whose family
/// name says SC or GB (Noto Sans CJK's first face is Japanese, whose glyph shapes differ
/// for some hanzi); 0 for a single font or when no name matches.
pub fn simplified_chinese_face(bytes: &[u8]) -> u32 {
    let Ok(FileRef::Collection(collection)) = FileRef::new(bytes) else {
        return 0;
    };
    (0..collection.len())
        .find(|&i| {
            collection.get(i).is_ok_and(|face| {
                face.localized_strings(StringId::FAMILY_NAME).any(|name| {
                    let name = name.to_string();
                    name.contains(" SC") || name.contains("GB") || name.contains("YaHei")
                })
            })
        })
        .unwrap_or(0)
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

    #[test]
    fn shipped_subset_has_the_reference_names_and_gb2312_hanzi() {
        let set = FontSet::shipped();
        assert_eq!(set.names(), ["Ubuntu Light (bundled)", SHIPPED_CJK_NAME]);
        let face = set.fonts[1].face().expect("shipped face");
        let charmap = face.charmap();
        // Names from the classification (耕地, 居住用地), the standard (幼儿园), the UI
        // (简体中文), full-width punctuation and the last hanzi of GB 2312 (齄).
        for c in "耕地居住用地幼儿园简体中文（）、。齄亩".chars() {
            assert!(
                charmap.map(c).is_some(),
                "{c} missing from the shipped font"
            );
        }
        // Every character of the files the subset was made from (make_subset.py must be
        // run again after they change).
        let sources = [
            include_str!("../../assets/classifications/cn-2023.toml"),
            include_str!("../../assets/standards/gb50180-2018.toml"),
            include_str!("../../assets/i18n/en.ftl"),
            include_str!("../../assets/i18n/zh-CN.ftl"),
        ];
        let missing: String = sources
            .iter()
            .flat_map(|text| text.chars())
            .filter(|c| !c.is_whitespace() && charmap.map(*c).is_none())
            .collect();
        assert!(missing.is_empty(), "not in the shipped font: {missing}");
    }

    /// Symbols written in the drawing code (✕, ●, ▲, →, …) have a glyph in the fonts every
    /// machine has (the bundled Latin font and the shipped subset): a symbol missing from
    /// both is drawn as a box on a machine without system fonts.
    #[test]
    fn every_symbol_the_ui_and_maps_draw_has_a_glyph() {
        let set = FontSet::shipped();
        let faces: Vec<_> = set.fonts.iter().map(|f| f.face().expect("face")).collect();
        let covered = |c: char| faces.iter().any(|f| f.charmap().map(c).is_some());
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut seen = 0;
        let mut files = Vec::new();
        let mut folders = vec![root.join("ui"), root.join("render")];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(folder).expect("source folder") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    files.push(path);
                }
            }
        }
        for path in files {
            {
                let text = std::fs::read_to_string(&path).expect("source");
                for (n, line) in text.lines().enumerate() {
                    if line.trim_start().starts_with("//") {
                        continue;
                    }
                    for c in string_literal_chars(line).filter(|c| !c.is_ascii()) {
                        seen += 1;
                        if !covered(c) {
                            missing.push(format!("{c:?} at {}:{}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        assert!(seen > 5, "the scan found no symbols: is it broken?");
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }

    /// The characters inside the string literals of one line of code.
    fn string_literal_chars(line: &str) -> impl Iterator<Item = char> + '_ {
        let mut inside = false;
        let mut escaped = false;
        line.chars().filter(move |&c| {
            if escaped {
                escaped = false;
                return false;
            }
            match c {
                '\\' if inside => {
                    escaped = true;
                    false
                }
                '"' => {
                    inside = !inside;
                    false
                }
                _ => inside,
            }
        })
    }
}
