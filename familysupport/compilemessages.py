"""Compile the gettext catalogues in locale/ with Babel, so no GNU gettext is needed.

`make run` on a fresh machine must serve translated pages even where msgfmt is
missing. The .mo files are committed; this rebuilds one only when its .po is
newer. Like msgfmt, Babel leaves fuzzy and untranslated entries out.
"""

import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def compile_catalogue(po: Path, mo: Path) -> None:
    with po.open("rb") as source:
        catalog = read_po(source)
    with mo.open("wb") as target:
        write_mo(target, catalog)


def main() -> int:
    compiled = 0
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            compile_catalogue(po, mo)
            compiled += 1
    print(f"compilemessages: {compiled} catalogue(s) compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
