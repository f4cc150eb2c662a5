"""A text in both of the interface's languages, for content that is data rather than UI
strings (the dialogue tool's cards, the AMO model's questions): the Danish is the source's own
wording, and the English follows the active language."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language


@dataclass(frozen=True)
class Text:
    da: str
    en: str

    def __str__(self) -> str:
        return self.en if (get_language() or "da").startswith("en") else self.da
