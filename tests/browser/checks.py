"""Checks every browser test runs on every page it visits: axe-core and English in the Danish UI.

``tests/browser/conftest.py`` hooks them into the browser, so a test cannot forget them.

axe-core is vendored (``vendor/axe.min.js``, see ``vendor/README.md``) and injected only when a
page is checked, with DevTools' evaluate, which the app's Content Security Policy does not see.

The English check: the catalogue's English source strings give the words the UI can say in
English; taking away every word its Danish translations use leaves the words that are English only ("the", "deadline",
"current", ...). A Danish page shows none of them. Names, numbers, codes and words the two
languages share ("status", "PDF", "plan") are in neither list or in both, so they cannot trip it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import polib

if TYPE_CHECKING:
    from playwright.sync_api import Frame, Page

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "naervaer" / "locale" / "da" / "LC_MESSAGES" / "django.po"
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"

# Words the English source strings use that are also ordinary Danish (or Danish loanwords in
# everyday use) but happen not to appear in any translation yet.
SHARED_WORDS = frozenset(
    {"api", "app", "csv", "demo", "dkk", "hold", "kasse", "mail", "mails", "man", "min", "pdf"}
    | {"sms", "totp", "under", "url", "xlsx"}
    | {"handle", "have", "job", "jobs", "mark", "note", "rose"}  # "at handle", "at have", "på job"
    | {"social", "stop"}  # "social kapital", "Stop konflikter" (the dialogue cards)
)

# English that another change owns: the rules layer's rule-set titles, which the law-by-date
# engine replaces (issue 13 leaves rules-related strings to it). Remove each once it is gone.
OWNED_ELSEWHERE = ("Seed rule set (2008)", "Current rules")

_PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{[^}]*\}|<[^>]+>|&\w+;")
_ADDRESS = re.compile(r"\b(?:https?|webcal)://\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Codes people read off a screen (``naervaer.codes``: "CAN5-QXWB", "K7QP3M"): capitals and
# digits, in groups joined by a hyphen or with a digit in them. Their letters are no language,
# though a group may spell one ("CAN5" is not the word "can").
_CODE = re.compile(r"\b[A-Z0-9]{2,}(?:-[A-Z0-9]{2,})+\b|\b(?=[A-Z]*[0-9])[A-Z0-9]{4,}\b")
_WORD = re.compile(r"[^\W\d_]+")


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text))}


@functools.cache
def english_only_words() -> frozenset[str]:
    english: set[str] = set()
    danish: set[str] = set()
    for entry in polib.pofile(str(CATALOGUE)):
        if entry.obsolete:
            continue
        english |= _words(entry.msgid) | _words(entry.msgid_plural or "")
        danish |= _words(entry.msgstr)
        for form in entry.msgstr_plural.values():
            danish |= _words(form)
    # One- and two-letter words say too little to be evidence of English ("a", "I", "to").
    return frozenset(w for w in english - danish - SHARED_WORDS if len(w) > 2)


def english_in(texts: list[str]) -> list[str]:
    """The texts (visible text lines, titles, labels) that say something in English."""
    words = english_only_words()
    found = []
    for text in texts:
        # Web and e-mail addresses and codes are not language.
        cleaned = _CODE.sub(" ", _ADDRESS.sub(" ", text))
        hits = sorted(_words(cleaned) & words)
        if hits:
            found.append(f"{text.strip()[:120]!r} ({', '.join(hits)})")
    return found


# What a user sees or hears: the visible text, the tab title, and the accessible names and hints
# a screen reader reads out; text marked up as code is left out.
_VISIBLE_TEXTS = """() => {
  const texts = [document.title];
  // Literal text (a file's column names, codes) is marked up as code: not the UI's language.
  const literal = [...document.querySelectorAll('code, kbd, samp')]
    .map(e => e.innerText.trim()).filter(Boolean);
  for (let line of (document.body ? document.body.innerText : '').split('\\n')) {
    for (const l of literal) line = line.split(l).join(' ');
    if (line.trim()) texts.push(line);
  }
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder],img[alt]')) {
    if (el.closest('[hidden],[aria-hidden="true"]')) continue;
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt']) {
      const value = el.getAttribute(attr);
      if (value && value.trim()) texts.push(value);
    }
  }
  return texts;
}"""

_RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary),
      count: v.nodes.length,
    }));
}"""


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


@dataclass
class Finding:
    url: str
    problems: list[str]

    def __str__(self) -> str:
        return f"{self.url}:\n  " + "\n  ".join(self.problems)


def check_document(frame: Page | Frame) -> list[str]:
    """axe-core's serious and critical violations and English in a Danish document."""
    problems: list[str] = []
    if not frame.evaluate("typeof axe !== 'undefined'"):
        frame.evaluate(_axe_source())
    for violation in frame.evaluate(_RUN_AXE):
        nodes = "; ".join(violation["nodes"])
        problems.append(
            f"axe {violation['impact']} {violation['id']} ({violation['help']}) "
            f"on {violation['count']} element(s): {nodes}"
        )
    language = frame.evaluate("document.documentElement.lang")
    if language.startswith("da"):
        problems += [f"English: {hit}" for hit in english_in(frame.evaluate(_VISIBLE_TEXTS))]
    return problems
