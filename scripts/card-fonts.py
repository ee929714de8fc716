"""Regenerate the fonts the share-preview cards are drawn in (hooks/briefing/website/fonts/).

They are DejaVu Sans and DejaVu Sans Bold from Debian's fonts-dejavu-core, cut down to the
Latin, punctuation and currency characters titles use, so that every machine draws the same
cards without a system font. Run on Debian after `apt-get install fonts-dejavu-core` and
`pip install fonttools`:

    .venv/bin/python scripts/card-fonts.py
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset

SOURCE = Path("/usr/share/fonts/truetype/dejavu")
TARGET = Path(__file__).resolve().parent.parent / "hooks/briefing/website/fonts"
LICENCE = Path("/usr/share/doc/fonts-dejavu-core/copyright")
# Basic Latin, Latin-1, Latin Extended-A and -B (romanised Japanese and Khmer names), general
# punctuation (dashes, quotes, ellipsis), currency signs.
UNICODES = "U+0020-024F,U+2000-206F,U+20A0-20CF"


def main() -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in ("DejaVuSans", "DejaVuSans-Bold"):
        options = subset.Options()
        options.name_IDs = ["*"]  # keep the names and the licence text in the font
        options.hinting = False
        options.layout_features = ["kern", "liga"]
        font = subset.load_font(str(SOURCE / f"{name}.ttf"), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(TARGET / f"{name}-subset.ttf"), options)
    shutil.copyfile(LICENCE, TARGET / "LICENSE")


if __name__ == "__main__":
    main()
