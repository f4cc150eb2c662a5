"""The pure domain core: Danish rules, calendars and definitions, with no Django imports.

Everything here is plain Python (dataclasses and functions), type-checked with ``mypy --strict``
and tested on its own. Pass ``today`` in; never read the clock inside a rule.
"""
