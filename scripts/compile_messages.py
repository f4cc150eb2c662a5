"""Compile naervaer/locale/*/LC_MESSAGES/django.po to .mo with polib (no GNU gettext needed).

The .mo files are committed, so a fresh machine serves Danish without any build step; the test
suite checks that they match the .po files.
"""

from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent.parent / "naervaer" / "locale"


def main() -> None:
    for po_path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(LOCALE.parent.parent)}")


if __name__ == "__main__":
    main()
