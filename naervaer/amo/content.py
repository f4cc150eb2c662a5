"""The AMO's model in four steps for working with sickness absence (seed 002, "Forebyg og
håndtér sygefravær — til arbejdsmiljøorganisationen", BFA Industri), as data: the guided
questions of each step, the roles-and-cooperation questions, the information platforms, and
the evaluation and annual-discussion questions. The texts are the seed's, in Danish (the
tool's own words), each with an English rendering for the English interface.
"""

from __future__ import annotations

from dataclasses import dataclass

from naervaer.texts import Text


@dataclass(frozen=True)
class Question:
    code: str
    text: Text


@dataclass(frozen=True)
class Theme:
    """A heading of guided questions."""

    code: str
    title: Text
    questions: tuple[Question, ...]


def _q(code: str, da: str, en: str) -> Question:
    return Question(code, Text(da, en))


STEPS: tuple[Text, ...] = (
    Text("Kortlægning", "Mapping"),
    Text("Prioritering og handleplan", "Priorities and action plan"),
    Text("Implementering", "Implementation"),
    Text("Evaluering", "Evaluation"),
)

# Step 1: "Redskaber til faktuel kortlægning" and "Redskaber til kulturel kortlægning".
MAPPING: tuple[Theme, ...] = (
    Theme(
        "data",
        Text(
            "Datagrundlag: Hvordan ser vores sygefravær ud?",
            "Data: what does our absence look like?",
        ),
        (
            _q(
                "data-apv", "Hvad ser vi af vores APV?", "What does our risk assessment (APV) show?"
            ),
            _q(
                "data-pattern",
                "Hvordan er sygefraværsmønstret – det langvarige, det kortvarige, "
                "graviditetsbetinget, fravær på baggrund af arbejdsmiljø eller arbejdsulykker?",
                "What is the pattern: long, short, pregnancy-related, caused by the work "
                "environment or by accidents at work?",
            ),
            _q(
                "data-positive",
                "Hvor er der en positiv udvikling? Hvad kan det skyldes?",
                "Where is there a positive development? Why?",
            ),
            _q(
                "data-problem",
                "Hvor er der en problematisk udvikling? Hvad kan det skyldes?",
                "Where is there a problematic development? Why?",
            ),
            _q("data-focus", "Hvor er der behov for at sætte fokus?", "Where do we need to focus?"),
            _q("data-actions", "Hvilke handlinger peger det på?", "What actions does it point to?"),
        ),
    ),
    Theme(
        "environment",
        Text(
            "Sygefraværets sammenhæng med fysisk/psykisk arbejdsmiljø",
            "Absence and the physical/psychological work environment",
        ),
        (
            _q(
                "env-psychological",
                "Er der noget i APV og sygefraværsmønstret, der tyder på, at der er sammenhæng "
                "til det psykiske arbejdsmiljø?",
                "Does anything in the APV and the absence pattern suggest a link to the "
                "psychological work environment?",
            ),
            _q(
                "env-physical",
                "Er der noget i APV og sygefraværsmønstret, der tyder på sammenhæng til det "
                "fysiske arbejdsmiljø?",
                "Does anything in the APV and the absence pattern suggest a link to the physical "
                "work environment?",
            ),
        ),
    ),
    Theme(
        "policies",
        Text("Retningslinjer, systematikker og politikker", "Guidelines, systems and policies"),
        (
            _q(
                "pol-have",
                "Hvad har I af retningslinjer, systematikker og politikker?",
                "What guidelines, systems and policies do you have?",
            ),
            _q("pol-followed", "Bliver de fulgt?", "Are they followed?"),
            _q(
                "pol-known",
                "Hvordan sikres, at alle i virksomheden kender dem?",
                "How do you make sure everyone knows them?",
            ),
            _q(
                "pol-missing",
                "Mangler der noget – eller er der noget, der trænger til at blive informeret "
                "bredere ud?",
                "Is anything missing, or does anything need to be communicated more widely?",
            ),
        ),
    ),
    Theme(
        "conversations",
        Text(
            "Samtaletyper og deres indhold og formål",
            "Kinds of conversation, their content and purpose",
        ),
        (
            _q(
                "conv-kinds",
                "Hvilke typer af samtaler anvender I i forhold til forebyggelse og håndtering af "
                "sygefravær?",
                "What kinds of conversation do you use to prevent and handle absence?",
            ),
            _q(
                "conv-purpose",
                "Hvad er formål og indhold af den enkelte samtaletype?",
                "What is the purpose and content of each kind?",
            ),
            _q(
                "conv-contact",
                "Hvordan går det generelt med at holde kontakt og dialog, hvis en kollega er "
                "sygemeldt eller skranter?",
                "How well do you keep in touch when a colleague is sick or ailing?",
            ),
            _q(
                "conv-more",
                "Er der behov for at gøre andet eller mere i forhold til at få det rette udbytte "
                "ud af samtalerne?",
                "Is something else or more needed to get the right out of the conversations?",
            ),
        ),
    ),
    Theme(
        "culture",
        Text(
            "Kultur: Hvordan taler vi sammen, når en medarbejder viser tegn på mistrivsel eller "
            "smerter?",
            "Culture: how do we talk when a colleague shows signs of poor well-being or pain?",
        ),
        (
            _q(
                "cul-notice",
                "Hvordan er jeres muligheder for at få øje på, hvis en kollega skranter?",
                "How well can you notice when a colleague is ailing?",
            ),
            _q(
                "cul-mood",
                "Hvordan er stemningen i virksomheden i forhold til at spørge ind til, hvis en "
                "kollega skranter eller viser tegn på mistrivsel?",
                "Is it accepted to ask when a colleague is ailing or shows signs of poor "
                "well-being?",
            ),
            _q("cul-pain", "Hvordan taler I om smerter?", "How do you talk about pain?"),
            _q(
                "cul-open",
                "Er der generelt en åben og ærlig dialog om fravær og fremmøde på arbejdspladsen?",
                "Is there an open and honest dialogue about absence and attendance?",
            ),
            _q(
                "cul-support",
                "Hvordan støttes op om kolleger, som i en periode har det svært?",
                "How are colleagues who have a hard time supported?",
            ),
        ),
    ),
    Theme(
        "presence",
        Text("Hvad fremmer nærvær frem for fravær?", "What promotes presence rather than absence?"),
        (
            _q(
                "pre-factors",
                "Hvilke faktorer i virksomheden medvirker til, at medarbejderne har lyst til at gå "
                "på arbejde?",
                "What makes people want to come to work here?",
            ),
            _q(
                "pre-investigate",
                "Har I behov for at undersøge, hvad de væsentligste faktorer er?",
                "Do you need to find out what the most important factors are?",
            ),
            _q(
                "pre-strengthen",
                "Hvad kan I gøre mere for at styrke de faktorer?",
                "What more can you do to strengthen them?",
            ),
        ),
    ),
    Theme(
        "examples",
        Text(
            "Hvilke gode/dårlige eksempler kan vi lære af?",
            "Which good and bad examples can we learn from?",
        ),
        (
            _q(
                "ex-prevented",
                "Er der gode eksempler på, at det er lykkedes at forebygge en sygemelding? Hvad "
                "førte til, at det lykkedes?",
                "Are there good examples of a sick leave prevented? What made it work?",
            ),
            _q(
                "ex-shortened",
                "Er der gode eksempler på, at det er lykkedes at reducere varigheden af et "
                "sygefraværsforløb? Hvad førte til det?",
                "Are there good examples of a sick leave shortened? What made it work?",
            ),
            _q(
                "ex-failed",
                "Er der eksempler på, at det slet ikke lykkedes at forebygge eller reducere? Hvad "
                "førte til det?",
                "Are there examples where it did not work at all? Why not?",
            ),
        ),
    ),
)

# The roles-and-cooperation tool ("Værktøj: Skab overblik over roller og samarbejde").
ROLES: tuple[Theme, ...] = (
    Theme(
        "amr",
        Text("Arbejdsmiljørepræsentant (AMR)", "Work-environment representative (AMR)"),
        (
            _q(
                "amr-companion",
                "Skal AMR deltage i sygefraværssamtaler som bisidder ved behov?",
                "Should the AMR attend absence conversations as a companion when needed?",
            ),
            _q(
                "amr-knowledge",
                "Hvordan bringer AMR viden fra området tilbage til AMO?",
                "How does the AMR bring knowledge from the floor back to the AMO?",
            ),
        ),
    ),
    Theme(
        "tr",
        Text("Tillidsrepræsentant (TR)", "Union representative (TR)"),
        (
            _q(
                "tr-companion",
                "Skal TR deltage ved sygefraværssamtaler som bisidder?",
                "Should the TR attend absence conversations as a companion?",
            ),
            _q(
                "tr-knowledge",
                "Hvordan sikres det, at den viden TR har omkring udfordringer i arbejdsmiljøet "
                "kommer videre til AMO? Via SU?",
                "How does the TR's knowledge of work-environment problems reach the AMO? "
                "Through the cooperation committee?",
            ),
        ),
    ),
    Theme(
        "hr",
        Text("HR/personalefunktion", "HR"),
        (
            _q(
                "hr-cooperation",
                "Hvordan skal samarbejdet mellem HR og AMO tilrettelægges?",
                "How should HR and the AMO cooperate?",
            ),
            _q(
                "hr-sharing",
                "Hvordan sikres videndeling og koordinering omkring sygefravær i virksomheden?",
                "How are knowledge and coordination about absence shared?",
            ),
        ),
    ),
    Theme(
        "su",
        Text("Samarbejdsudvalg (SU)", "Cooperation committee (SU)"),
        (
            _q(
                "su-roles",
                "Både SU og AMO kan have sygefravær som ansvarsområde, men med forskellige roller. "
                "Hvordan sikres det gode samarbejde og koordinering af, hvem der gør hvad?",
                "Both the SU and the AMO may cover absence, in different roles. How do you "
                "coordinate who does what?",
            ),
        ),
    ),
    Theme(
        "management",
        Text("Ledelsen", "Management"),
        (
            _q(
                "mgmt-manager",
                "Hvad er den nærmeste leders rolle i forhold til sygefravær?",
                "What is the line manager's role in absence?",
            ),
            _q(
                "mgmt-dialogue",
                "Hvordan sikres dialog mellem øverste ledelse og AMO?",
                "How is dialogue between top management and the AMO ensured?",
            ),
        ),
    ),
)

# Step 3: where to reach colleagues (seed 002, trin 3).
PLATFORMS: tuple[tuple[str, Text], ...] = (
    ("canteen", Text("Kantinen", "The canteen")),
    ("intranet", Text("Intranet", "Intranet")),
    ("posters", Text("Plakater på opslagstavler", "Posters on notice boards")),
    ("after-work", Text("Fyraftensmøder", "After-work meetings")),
    ("staff", Text("Personalemøder", "Staff meetings")),
    ("management", Text("Ledelsesmøder", "Management meetings")),
    ("board", Text("Tavlemøder", "Board meetings (stand-ups)")),
    ("idea-box", Text("Idéboks", "Idea box")),
    ("newsletter", Text("Nyhedsbrev og referater", "Newsletter and minutes")),
    ("other", Text("Andet", "Other")),
)

# Step 4: "Gode spørgsmål til evaluering".
EVALUATION: tuple[Text, ...] = (
    Text("Går jeres indsatser som planlagt?", "Are the actions going as planned?"),
    Text("Hvilke resultater kan I høste af jeres indsatser?", "What results have they brought?"),
    Text("Er de valgte indsatser de rette?", "Are they the right actions?"),
    Text("Er de rette personer involveret?", "Are the right people involved?"),
    Text("Er der noget, der skal afsluttes?", "Should anything be closed?"),
    Text(
        "Hvad kræver yderligere handling eller fortsat fokus?",
        "What needs more action or continued focus?",
    ),
    Text("Hvad kan I lære af de erfaringer, I har gjort jer?", "What have you learned?"),
)
