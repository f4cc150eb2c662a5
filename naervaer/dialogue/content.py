"""The sustainable work-environment dialogue tool (seed 004, "Bæredygtigt arbejdsmiljø – kom hele
vejen rundt", BrancheFællesskabet for Arbejdsmiljø for Velfærd og Offentlig administration, 2017).

Three areas with three goals ("missions") each, and the 30 dialogue cards of the tool's rating
scheme, each on the goal the guide describes it under. The Danish names are the tool's own; the
short descriptions are ours, written from the guide's text. Workplaces add their own cards
(the tool's nine blank ones) per meeting.
"""

from __future__ import annotations

from dataclasses import dataclass

from naervaer.texts import Text


@dataclass(frozen=True)
class Card:
    code: str
    goal: str
    name: Text
    description: Text


@dataclass(frozen=True)
class Goal:
    code: str
    area: str
    name: Text


@dataclass(frozen=True)
class Area:
    code: str
    name: Text
    colour: str  # the tool's board colours the three areas; the screen follows suit


AREAS: tuple[Area, ...] = (
    Area("udvikling", Text("Udvikling", "Development"), "udvikling"),
    Area("rummelighed", Text("Rummelighed", "Inclusiveness"), "rummelighed"),
    Area("fastholdelse", Text("Fastholdelse", "Retention"), "fastholdelse"),
)

GOALS: tuple[Goal, ...] = (
    Goal("ledere", "udvikling", Text("Ledere", "Leaders")),
    Goal("medarbejdere", "udvikling", Text("Medarbejdere", "Employees")),
    Goal("organisation", "udvikling", Text("Organisation", "Organisation")),
    Goal("mangfoldighed", "rummelighed", Text("Mangfoldighed", "Diversity")),
    Goal(
        "indslusning",
        "rummelighed",
        Text("Indslusning på arbejdsmarkedet", "Entry into the labour market"),
    ),
    Goal(
        "plads-til-flere",
        "rummelighed",
        Text("Plads til flere på arbejdsmarkedet", "Room for more in the labour market"),
    ),
    Goal("trivsel", "fastholdelse", Text("Trivsel på arbejdspladsen", "Well-being at work")),
    Goal("fysisk-sundhed", "fastholdelse", Text("Fysisk sundhed", "Physical health")),
    Goal("mental-sundhed", "fastholdelse", Text("Mental sundhed", "Mental health")),
)


def _card(code: str, goal: str, da: str, en: str, desc_da: str, desc_en: str) -> Card:
    return Card(code, goal, Text(da, en), Text(desc_da, desc_en))


# In the order of the rating scheme (Ratingskema) in seed 004.
CARDS: tuple[Card, ...] = (
    # Udvikling
    _card(
        "mentorordninger",
        "ledere",
        "Mentorordninger",
        "Mentoring schemes",
        "Erfarne og nye kolleger sættes sammen, så viden og kultur går videre og ikke forsvinder, "
        "når nogen stopper.",
        "Experienced and new colleagues are paired, so knowledge and culture are passed on and "
        "not lost when someone leaves.",
    ),
    _card(
        "kompetenceudvikling-ledere",
        "ledere",
        "Kompetenceudvikling for ledere",
        "Competence development for leaders",
        "Systematisk lederudvikling i både lederopgaven og arbejdsmiljø, som også løfter "
        "medarbejderne.",
        "Systematic development of leaders, in leadership and in the work environment, which "
        "lifts their staff too.",
    ),
    _card(
        "interne-lederfora",
        "ledere",
        "Interne lederfora",
        "Internal leader forums",
        "Ledere mødes på tværs af huset og deler erfaringer med de samme udfordringer.",
        "Leaders meet across the organisation and share experience of the same challenges.",
    ),
    _card(
        "eksterne-ledernetvaerk",
        "ledere",
        "Eksterne ledernetværk",
        "External leader networks",
        "Konferencer og netværk uden for huset giver lederen viden og inspiration fra andre.",
        "Conferences and networks outside the organisation give leaders knowledge and ideas "
        "from others.",
    ),
    _card(
        "supervision-og-sparring",
        "medarbejdere",
        "Supervision og sparring",
        "Supervision and sparring",
        "Faste fora, hvor medarbejdere åbent kan tale om svære situationer i arbejdet, fx vold "
        "og konflikter.",
        "Regular forums where employees can talk openly about hard situations at work, such as "
        "violence and conflict.",
    ),
    _card(
        "kompetenceudvikling-medarbejdere",
        "medarbejdere",
        "Kompetenceudvikling for medarbejdere",
        "Competence development for employees",
        "Planlagt faglig udvikling af den enkelte, som styrker både trivsel og værdi for "
        "arbejdspladsen.",
        "Planned professional development of each employee, good for well-being and for the "
        "workplace.",
    ),
    _card(
        "fysisk-arbejdsevne",
        "medarbejdere",
        "Fokus på fysisk arbejdsevne",
        "Focus on physical work ability",
        "Gør vi nok for, at den enkelte kan klare arbejdets fysiske krav – også om mange år?",
        "Do we do enough for each person to manage the physical demands of the work, also in "
        "many years?",
    ),
    _card(
        "mental-arbejdsevne",
        "medarbejdere",
        "Fokus på mental arbejdsevne",
        "Focus on mental work ability",
        "Har alle ressourcer og kompetencer til opgaverne, og er de trygge ved forandringer og "
        "ny teknologi?",
        "Does everyone have the resources and skills for their tasks, and feel safe with "
        "change and new technology?",
    ),
    _card(
        "kerneopgaven",
        "organisation",
        "Fokus på kerneopgaven",
        "Focus on the core task",
        "En fælles forståelse af kerneopgaven, drøftet igen ved nyansættelser og "
        "organisationsændringer.",
        "A shared understanding of the core task, discussed again when people join and when "
        "the organisation changes.",
    ),
    _card(
        "social-kapital",
        "organisation",
        "Høj social kapital og arbejdsfællesskab",
        "High social capital and community at work",
        "Tillid, respekt og samarbejde på tværs af fagligheder – og en systematisk indsats for "
        "at styrke det.",
        "Trust, respect and cooperation across professions, and a systematic effort to "
        "strengthen them.",
    ),
    _card(
        "videndeling",
        "organisation",
        "Rammer for videndeling",
        "Frameworks for sharing knowledge",
        "Systemer og vaner, der sikrer, at viden og erfaring deles på tværs af teams og "
        "afdelinger.",
        "Systems and habits that make knowledge and experience flow across teams and departments.",
    ),
    # Rummelighed
    _card(
        "ansaettelsespolitik-etnicitet",
        "mangfoldighed",
        "Ansættelsespolitik i forhold til etnicitet",
        "Recruitment policy on ethnicity",
        "Afspejler personalesammensætningen befolkningen, og følger vi op på målet i "
        "rekrutteringen?",
        "Does the staff reflect the population, and do we follow the goal up when recruiting?",
    ),
    _card(
        "ansaettelsespolitik-alder",
        "mangfoldighed",
        "Ansættelsespolitik i forhold til alder",
        "Recruitment policy on age",
        "En aldersfordeling med plads til både unge, midaldrende og seniorer – målt og fulgt op.",
        "An age mix with room for the young, the middle-aged and seniors, measured and followed "
        "up.",
    ),
    _card(
        "ansaettelsespolitik-koen",
        "mangfoldighed",
        "Ansættelsespolitik i forhold til køn",
        "Recruitment policy on gender",
        "En kønsfordeling, der afspejler befolkningen, og en rekruttering, der understøtter det.",
        "A gender balance that reflects the population, and recruitment that supports it.",
    ),
    _card(
        "personer-under-uddannelse",
        "indslusning",
        "Personer under uddannelse",
        "People in education",
        "Praktikpladser til studerende, som giver dem praksis og arbejdspladsen ny viden.",
        "Placements for students, giving them practice and the workplace fresh knowledge.",
    ),
    _card(
        "elever-og-voksenelever",
        "indslusning",
        "Elever og voksenelever",
        "Apprentices and adult apprentices",
        "Har vi undersøgt, hvor vi kan tage elever eller voksenelever ind?",
        "Have we looked at where we can take on apprentices or adult apprentices?",
    ),
    _card(
        "jobordninger",
        "plads-til-flere",
        "Jobordninger",
        "Job schemes",
        "Løntilskud og andre ordninger, der hjælper ledige tilbage på arbejdsmarkedet.",
        "Wage subsidies and other schemes that help the unemployed back into work.",
    ),
    _card(
        "jobs-nedsat-funktionsevne",
        "plads-til-flere",
        "Jobs for personer med nedsat funktionsevne",
        "Jobs for people with reduced working capacity",
        "Opgaver tilrettelagt til fx fleksjob eller skånejob for personer med fysisk eller mental "
        "funktionsnedsættelse.",
        "Tasks arranged for, e.g., flexi-jobs or sheltered jobs for people with a physical or "
        "mental impairment.",
    ),
    _card(
        "virksomhedspraktik",
        "plads-til-flere",
        "Jobs og opgaver for personer i virksomhedspraktik",
        "Jobs and tasks for people in work placements",
        "Midlertidige opgaver, hvor ledige og sygemeldte kan afprøve job og afklare kompetencer.",
        "Temporary tasks where unemployed or sick-listed people can try out a job and clarify "
        "their skills.",
    ),
    # Fastholdelse
    _card(
        "omsorgssamtaler",
        "trivsel",
        "Omsorgssamtaler",
        "Care conversations",
        "Planlagte samtaler med klare regler for, hvem der indkalder, og hvordan der følges op.",
        "Planned conversations with clear rules on who calls them and how they are followed up.",
    ),
    _card(
        "naervaersfaktorer",
        "trivsel",
        "Nærværsfaktorer",
        "Presence factors",
        "Fokus på det, der får os til at trives og møde op – frem for på fraværet.",
        "Attention to what makes us thrive and turn up, rather than to absence.",
    ),
    _card(
        "retfaerdig-organisering",
        "trivsel",
        "Åben og retfærdig organisering af arbejdet",
        "Open and fair organisation of the work",
        "Åbenhed om opgavefordelingen, så den opleves retfærdig og tager udgangspunkt i "
        "kerneopgaven.",
        "Openness about how tasks are shared, so it feels fair and starts from the core task.",
    ),
    _card(
        "fysisk-belastning",
        "fysisk-sundhed",
        "Håndtering af fysisk belastning",
        "Handling physical strain",
        "Aflastning, hjælpemidler og ressourcer i perioder med hårdt fysisk arbejde.",
        "Relief, aids and resources in periods of hard physical work.",
    ),
    _card(
        "sundhedsfremme",
        "fysisk-sundhed",
        "Sundhedsfremmende tiltag",
        "Health promotion",
        "Fx rygestop, træning og en kultur, hvor det er naturligt at strække ud i arbejdstiden.",
        "E.g. stopping smoking, exercise, and a culture where stretching during work is normal.",
    ),
    _card(
        "teknologi",
        "fysisk-sundhed",
        "Tilgang til teknologien",
        "Approach to technology",
        "En systematisk tilgang til teknologi, der tager det hårde fysiske arbejde.",
        "A systematic approach to technology that takes over hard physical work.",
    ),
    _card(
        "stop-konflikter",
        "mental-sundhed",
        "Stop konflikter på arbejdspladsen",
        "Stopping conflicts at work",
        "En konflikt- og mobbepolitik og ledere, der er klædt på til at handle.",
        "A policy on conflict and bullying, and leaders equipped to act.",
    ),
    _card(
        "forebyggelse-af-vold",
        "mental-sundhed",
        "Forebyggelse af vold",
        "Preventing violence",
        "Opgaver tilrettelagt, så risikoen for vold og trusler bliver mindre, og en fælles "
        "snak om risikoen.",
        "Work organised to reduce the risk of violence and threats, and a shared conversation "
        "about the risk.",
    ),
    _card(
        "undgaa-stress",
        "mental-sundhed",
        "Undgå stress",
        "Avoiding stress",
        "Forebyggelse med fokus på kerneopgaven, prioritering og de professionelle relationer.",
        "Prevention through the core task, priorities and professional relationships.",
    ),
    _card(
        "godt-tilbage-paa-job",
        "mental-sundhed",
        "Godt tilbage på job",
        "A good return to work",
        "En åben dialog om en kollegas tilbagevenden efter sygdom, med hensyn og diskretion.",
        "An open dialogue about a colleague's return after illness, with consideration and "
        "discretion.",
    ),
    _card(
        "livsfasepolitik",
        "mental-sundhed",
        "Livsfasepolitik og seniorpolitik",
        "Life-phase and senior policy",
        "Plads til forskellige behov gennem arbejdslivet – småbørnsforældre, seniorer og nye.",
        "Room for different needs through working life: young parents, seniors and newcomers.",
    ),
)

BLANK_CARDS = 9  # the tool's blank cards, for the workplace's own measures

# The questions for each card (step 4 of the meeting, seed 004).
STATUS_QUESTIONS: tuple[Text, ...] = (
    Text("Kender alle indsatsen?", "Does everyone know the measure?"),
    Text("Fungerer indsatsen som ønsket?", "Does the measure work as intended?"),
    Text("Hvilke resultater har I opnået?", "What results have you achieved?"),
    Text("Hvad kan bidrage til at optimere indsatsen?", "What could improve the measure?"),
)

# The seven steps of the meeting (seed 004, "Sådan går I frem").
MEETING_STEPS: tuple[Text, ...] = (
    Text(
        "Introduktion: mødets forløb og formål, og hvordan I følger op.",
        "Introduction: the meeting's course and purpose, and how you will follow up.",
    ),
    Text(
        "Mødets omfang: alle tre områder, eller i dybden med ét.",
        "Scope: all three areas, or one in depth.",
    ),
    Text(
        "Statusopsummering: hvad har I gjort inden for hvert område, og virkede det?",
        "Status: what have you done in each area, and did it work?",
    ),
    Text(
        "Placér dialogkortene, tal om hvert og giv det en rating fra 1 til 5.",
        "Place the dialogue cards, discuss each and rate it from 1 to 5.",
    ),
    Text(
        "Hvad har vi mere gjort? Skriv egne indsatser på de blanke kort og giv dem en rating.",
        "What else have we done? Write your own measures on blank cards and rate them.",
    ),
    Text(
        "Bæredygtighed: hvilke indsatser betyder mest for et bæredygtigt arbejdsmiljø?",
        "Sustainability: which measures matter most for a sustainable work environment?",
    ),
    Text(
        "Opsamling og afrunding: erfaringer, udfordringer og idéer – og hvad der sker nu.",
        "Summing up: experiences, challenges and ideas, and what happens next.",
    ),
)

# Questions for the end of the meeting (seed 004, "Spørgsmål").
CLOSING_QUESTIONS: tuple[Text, ...] = (
    Text(
        "Hvad gør vi allerede godt, når det handler om bæredygtigt arbejdsmiljø?",
        "What do we already do well for a sustainable work environment?",
    ),
    Text("Hvad skal vi arbejde videre med?", "What should we work on?"),
    Text("Hvad er de næste skridt?", "What are the next steps?"),
    Text("Hvordan engagerer vi hele arbejdspladsen?", "How do we engage the whole workplace?"),
    Text(
        "Hvordan og hvornår melder vi tilbage til personalegruppen og andre?",
        "How and when do we report back to the staff and others?",
    ),
    Text(
        "Hvordan kan indsatsen koordineres med APV- og trivselsarbejdet?",
        "How can this be coordinated with the risk assessment (APV) and well-being work?",
    ),
)

AREA_BY_CODE = {a.code: a for a in AREAS}
GOAL_BY_CODE = {g.code: g for g in GOALS}
CARD_BY_CODE = {c.code: c for c in CARDS}


def goals_in(area: str | None) -> list[Goal]:
    """The goals of one area, or all nine (``None``)."""
    return [g for g in GOALS if area is None or g.area == area]


def cards_in(area: str | None) -> list[Card]:
    goals = {g.code for g in goals_in(area)}
    return [c for c in CARDS if c.goal in goals]
