#!/usr/bin/env python3
"""Builds assets/fonts/NotoSansSC-Strata-Subset.otf, the CJK font Strata ships.

The source is the Simplified Chinese face of Noto Sans CJK (SIL Open Font Licence 1.1),
e.g. from Debian's fonts-noto-cjk package. The subset keeps:
  * ASCII, Latin-1, general punctuation, CJK symbols and full-width forms;
  * every character of GB 2312 (6 763 hanzi plus symbols);
  * every character of the classification and standard files, the translation files
    and the sample maps (so their names never fall back to a box).

Run from the repository root after changing any of those files:
    apt-get install -y fonts-noto-cjk && pip install fonttools
    python3 assets/fonts/make_subset.py [path/to/NotoSansCJK-Regular.ttc]
"""

import glob
import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
OUT = Path("assets/fonts/NotoSansSC-Strata-Subset.otf")


def gb2312_chars():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def json_strings(value, out):
    if isinstance(value, str):
        out.update(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            out.update(k)
            json_strings(v, out)
    elif isinstance(value, list):
        for v in value:
            json_strings(v, out)


def project_chars():
    chars = set()
    for pattern in ["assets/classifications/*.toml", "assets/standards/*.toml", "assets/i18n/*.ftl"]:
        for path in glob.glob(pattern):
            chars.update(Path(path).read_text(encoding="utf-8"))
    for path in glob.glob("sample_maps/*.geojson"):
        json_strings(json.loads(Path(path).read_text(encoding="utf-8")), chars)
    return chars


def ranges():
    chars = set()
    for lo, hi in [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x214F),
                   (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x25A0, 0x25FF),
                   (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
        chars.update(chr(c) for c in range(lo, hi + 1))
    return chars


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else SOURCE
    collection = TTCollection(source)
    index = next(i for i, f in enumerate(collection.fonts)
                 if "Noto Sans CJK SC" in f["name"].getDebugName(1))
    font = TTFont(source, fontNumber=index)
    wanted = gb2312_chars() | project_chars() | ranges()
    cmap = font.getBestCmap()
    unicodes = sorted(ord(c) for c in wanted if ord(c) in cmap)
    # Only the project's own text matters: the ranges above include symbols Noto lacks.
    missing = sorted(c for c in project_chars() if ord(c) not in cmap and not c.isspace())
    options = subset.Options()
    # Horizontal text only: vertical forms (vert, vrt2) would add ~3 000 glyphs.
    options.layout_features = ["kern", "liga", "locl", "palt"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    font.save(OUT)
    print(f"{OUT}: {len(unicodes)} characters, {len(font.getGlyphOrder())} glyphs, "
          f"{OUT.stat().st_size / 1e6:.2f} MB")
    if missing:
        print(f"not in the source font: {''.join(missing)!r}")


if __name__ == "__main__":
    main()
