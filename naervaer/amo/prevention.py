"""Starting themes for the AMO's 4-step process, chosen from the organisation's industry code
(seed 000's "forebyggelsespakker": a fixed course for the wear-out typical of an industry,
physical, psychosocial or both).

Written by us from the seeds (000: wear-out, psychosocial strain and accidents by industry;
002: the 4-step model) and DOMAIN.md; not copied from any package. Each theme says what to look
at and suggests a first action, so it can be placed in the matrix and become an action plan.
DB07 codes are matched by their longest prefix.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class StartingTheme:
    title: Promise
    look_at: Promise
    first_action: Promise


PSYCHOSOCIAL = StartingTheme(
    _("Emotional demands and workload"),
    _(
        "Where do colleagues feel the pace is too high or the emotional demands too heavy? Who do they talk to after a hard day?"
    ),
    _(
        "Agree on a short debrief after hard situations and a rule for what can wait when the pace is too high."
    ),
)
VIOLENCE = StartingTheme(
    _("Violence, threats and offensive behaviour"),
    _(
        "Which situations, places and times lead to threats or violence? Are they reported, and is there help afterwards?"
    ),
    _(
        "Map the risky situations with the staff and agree on how to call for help and how to follow up."
    ),
)
PATIENT_HANDLING = StartingTheme(
    _("Moving and lifting people"),
    _(
        "Are lifts and aids at hand where they are needed, and are they used? Who lifts alone, and why?"
    ),
    _("Check the aids in every place of work and train new colleagues before they work alone."),
)
HEAVY_LIFTING = StartingTheme(
    _("Heavy lifting and strain on muscles and joints"),
    _(
        "Which tasks mean heavy or awkward lifts, pushing and pulling, or the same movement all day?"
    ),
    _(
        "Pick the three heaviest tasks and find an aid, a different order of work or a rotation for each."
    ),
)
ACCIDENTS = StartingTheme(
    _("Accidents and near misses"),
    _("Where did accidents and near misses happen in the last year, and what had they in common?"),
    _(
        "Go through the register of accidents and near misses at the next AMO meeting and fix the most frequent cause."
    ),
)
FALLS = StartingTheme(
    _("Falls from height and on the same level"),
    _(
        "Scaffolding, ladders, roofs, openings, slippery and cluttered floors: where can someone fall?"
    ),
    _("Agree on a daily check of guard rails, openings and tidiness before work starts."),
)
DUST_CHEMICALS = StartingTheme(
    _("Dust, chemicals and skin"),
    _(
        "Which substances and dusts are used or made, and are extraction, gloves and instructions in place?"
    ),
    _("Update the workplace instructions for the substances used and check the extraction."),
)
NOISE = StartingTheme(
    _("Noise"),
    _("Where and when is it so noisy that one must raise one's voice? What makes the noise?"),
    _("Measure or map the noisiest times and try one change (sound absorbers, quieter routines)."),
)
REPETITIVE = StartingTheme(
    _("Repetitive work"),
    _("Who does the same movements for long periods without variation or breaks?"),
    _("Plan rotation between tasks and short breaks in the most repetitive jobs."),
)
NIGHT_WORK = StartingTheme(
    _("Night work and long shifts"),
    _("Who works nights, long or irregular shifts, and how are rest and planning handled?"),
    _(
        "Review the rota with the employees' representatives: rest between shifts and predictable plans."
    ),
)
SEDENTARY = StartingTheme(
    _("Screen work and sitting still"),
    _("Are desks and screens set up for each person, and does the day have movement in it?"),
    _("Offer a workstation check to everyone and agree on standing or walking meetings."),
)
CHANGE = StartingTheme(
    _("Change, clarity of role and influence"),
    _("Do colleagues know what is expected of them, and do they have a say when the work changes?"),
    _("Involve the staff early in the next change and make the priorities of each role clear."),
)
ROBBERY = StartingTheme(
    _("Robbery and threats from customers"),
    _(
        "When is the shop most exposed (opening, closing, handling cash), and does everyone know what to do?"
    ),
    _(
        "Train everyone in the procedure for robbery and threats and follow up after every incident."
    ),
)

DEFAULT = (PSYCHOSOCIAL, HEAVY_LIFTING, ACCIDENTS)

# DB07 prefix -> (the industry's name, its starting themes)
BY_INDUSTRY: dict[str, tuple[Promise, tuple[StartingTheme, ...]]] = {
    "86": (_("hospitals and health care"), (PSYCHOSOCIAL, PATIENT_HANDLING, VIOLENCE, NIGHT_WORK)),
    "87": (_("residential care"), (PSYCHOSOCIAL, VIOLENCE, PATIENT_HANDLING, NIGHT_WORK)),
    "88": (_("home care and social work"), (PSYCHOSOCIAL, VIOLENCE, PATIENT_HANDLING)),
    "8891": (_("day care for children"), (NOISE, HEAVY_LIFTING, PSYCHOSOCIAL)),
    "85": (_("education"), (PSYCHOSOCIAL, NOISE, VIOLENCE)),
    "84": (_("public administration"), (PSYCHOSOCIAL, CHANGE, SEDENTARY, VIOLENCE)),
    "41": (_("construction"), (FALLS, ACCIDENTS, HEAVY_LIFTING, DUST_CHEMICALS)),
    "42": (_("civil engineering"), (ACCIDENTS, FALLS, HEAVY_LIFTING, NOISE)),
    "43": (_("specialised construction"), (FALLS, ACCIDENTS, HEAVY_LIFTING, DUST_CHEMICALS)),
    "10": (_("food manufacturing"), (REPETITIVE, ACCIDENTS, HEAVY_LIFTING, NOISE)),
    "25": (_("metal products"), (ACCIDENTS, NOISE, DUST_CHEMICALS, HEAVY_LIFTING)),
    "47": (_("retail"), (HEAVY_LIFTING, ROBBERY, PSYCHOSOCIAL)),
    "49": (_("land transport"), (NIGHT_WORK, VIOLENCE, SEDENTARY, ACCIDENTS)),
    "56": (_("restaurants and catering"), (HEAVY_LIFTING, PSYCHOSOCIAL, ACCIDENTS)),
    "81": (_("cleaning and building services"), (REPETITIVE, DUST_CHEMICALS, HEAVY_LIFTING)),
}


def starting_themes(industry_code: str) -> tuple[Promise | None, tuple[StartingTheme, ...]]:
    """The industry's name and starting themes by the longest matching DB07 prefix; the general
    themes (and no name) when nothing matches."""
    for length in range(len(industry_code), 1, -1):
        match = BY_INDUSTRY.get(industry_code[:length])
        if match is not None:
            return match
    return None, DEFAULT
