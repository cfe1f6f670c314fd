"""Demo data from the users' own documents (shared/seeds): plans, a consultation, funded projects, staff users.

The content is in each region's own language: Estonian for the Estonian counties, Finnish for Pohjois-Karjala.
What the seeds say is copied exactly (with private people's names, phones and e-mail addresses left out); what
they do not say is either left empty (a project's unknown money and dates, a milestone's exact date) or stored
with ``is_example`` set, so that every page, PDF and API answer marks it as example data: the plans' activities
with their person-years and budgets, and every indicator series. The consultation windows, their workshops,
comments and answers are demonstrations, and their titles say so.

``demo_data_load`` may run any number of times. Every row is found by a natural key and saved only when one of
its wanted values differs, and many-to-many sets are replaced only when they differ, so a repeated run writes
nothing: no new rows, no django-simple-history rows, no new ``updated_at``. ``update_or_create`` would save
(and write history) on every run, which is why ``_sync`` exists.
"""

import secrets
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from consultations.models import Comment, ConsultationWindow, Response, Workshop
from plans.models import (
    Activity,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    Municipality,
    Organisation,
    Region,
    RegionRole,
    StrategyDocument,
    ThemeSection,
)
from projects.models import (
    Funder,
    Measure,
    Programme,
    Project,
    ProjectComponent,
    ProjectEvent,
    ProjectOutput,
    ProjectPartner,
)
from themes.models import Theme

CHANGE_REASON = "load_demo"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class DemoLoadResult:
    """What a load did, per model label; new staff passwords exist only here, in memory, for printing once."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    new_passwords: dict[str, str] = field(default_factory=dict)
    existing_users: list[str] = field(default_factory=list)

    def count(self, model: type[models.Model], outcome: str) -> None:
        getattr(self, outcome)[model._meta.label] += 1

    @property
    def labels(self) -> list[str]:
        return sorted(set(self.created) | set(self.updated) | set(self.unchanged))

    @property
    def totals(self) -> dict[str, int]:
        return {
            CREATED: self.created.total(),
            UPDATED: self.updated.total(),
            UNCHANGED: self.unchanged.total(),
        }


# --- Catalogue --------------------------------------------------------------------------------------------

# Colours are dark enough for white text (contrast at least 6.4:1, WCAG AA asks 4.5:1).
THEMES = [
    {
        "slug": "vaarikas-vananemine",
        "name_et": "Väärikas ja tervena vananemine",
        "name_en": "Dignified and healthy ageing",
        "name_fi": "Arvokas ja terve ikääntyminen",
        "description": "Eakate iseseisev ja väärikas elu kodus ja kogukonnas, hoolduskoormuse jagamine ja "
        "omastehooldajate toetamine.",
        "colour": "#7a3b69",
        "icon": "ageing",
    },
    {
        "slug": "oppiv-inimene",
        "name_et": "Õppiv inimene elukaarel",
        "name_en": "Lifelong learner",
        "name_fi": "Oppiva ihminen elämänkaaren aikana",
        "description": "Õppimine lasteaiast täiskasvanuõppeni, laste toevajaduse varajane märkamine ja "
        "tugispetsialistide kättesaadavus.",
        "colour": "#1f5f8b",
        "icon": "learning",
    },
    {
        "slug": "tervist-toetavad-valikud",
        "name_et": "Tervist toetavad valikud",
        "name_en": "Health-supporting choices",
        "name_fi": "Terveyttä tukevat valinnat",
        "description": "Liikumine, toitumine, vaimne tervis ning alkoholi- ja tubakatarvitamise ennetus.",
        "colour": "#2e6b30",
        "icon": "healthy-choices",
    },
    {
        "slug": "hea-avalik-ruum",
        "name_et": "Hea avalik ruum ja ligipääsetavus",
        "name_en": "Good public space and accessibility",
        "name_fi": "Hyvä julkinen tila ja saavutettavuus",
        "description": "Teenuste, avalike hoonete ja kogukonnaelu ligipääsetavus kõigile, sh transport hajaasustuses.",
        "colour": "#8a4b08",
        "icon": "public-space",
    },
    {
        "slug": "tark-juhtimine",
        "name_et": "Tark juhtimine ja sotsiaalne innovatsioon",
        "name_en": "Smart governance and social innovation",
        "name_fi": "Älykäs johtaminen ja sosiaalinen innovaatio",
        "description": "Andmetel põhinev heaolu juhtimine, omavalitsuste ülesed koostöövormid ja uute "
        "lahenduste katsetamine.",
        "colour": "#4b3f8f",
        "icon": "governance",
    },
    {
        "slug": "laste-ja-perede-heaolu",
        "name_et": "Laste ja perede heaolu",
        "name_en": "Children's and families' wellbeing",
        "name_fi": "Lasten ja perheiden hyvinvointi",
        "description": "Laste hariduslike erivajaduste ja toevajaduse varajane märkamine ning peredega koostöö.",
        "colour": "#a4262c",
        "icon": "family",
    },
    {
        "slug": "sotsiaalteenused",
        "name_et": "Sotsiaalteenused",
        "name_en": "Social services",
        "name_fi": "Sosiaalipalvelut",
        "description": "Sotsiaalteenuste kättesaadavus, kvaliteet ja omavalitsuste ühine korraldamine.",
        "colour": "#00606b",
        "icon": "social-services",
    },
    {
        "slug": "osalus-ja-kaasamine",
        "name_et": "Osalus ja kaasamine",
        "name_en": "Participation and involvement",
        "name_fi": "Osallisuus ja vaikuttaminen",
        "description": "Elanike, vabaühenduste ja nõukogude osalemine heaolu kavandamises ja otsustes.",
        "colour": "#5a5a12",
        "icon": "participation",
    },
]

REGIONS = [
    {
        "slug": "vorumaa",
        "name": "Võrumaa",
        "kind": Region.Kind.COUNTY,
        "country": Region.Country.ESTONIA,
        "language": "et",
        "timezone": "Europe/Tallinn",
    },
    {
        "slug": "laane-virumaa",
        "name": "Lääne-Virumaa",
        "kind": Region.Kind.COUNTY,
        "country": Region.Country.ESTONIA,
        "language": "et",
        "timezone": "Europe/Tallinn",
    },
    {
        "slug": "tartumaa",
        "name": "Tartumaa",
        "kind": Region.Kind.COUNTY,
        "country": Region.Country.ESTONIA,
        "language": "et",
        "timezone": "Europe/Tallinn",
    },
    {
        "slug": "pohjois-karjala",
        "name": "Pohjois-Karjala",
        "kind": Region.Kind.REGION,
        "country": Region.Country.FINLAND,
        "language": "fi",
        "timezone": "Europe/Helsinki",
    },
]

VALD, LINN = Municipality.Kind.RURAL, Municipality.Kind.TOWN
KUNTA, KAUPUNKI = Municipality.Kind.KUNTA, Municipality.Kind.CITY

MUNICIPALITIES = {
    "laane-virumaa": [
        ("vaike-maarja-vald", "Väike-Maarja vald", VALD),
        ("haljala-vald", "Haljala vald", VALD),
        ("kadrina-vald", "Kadrina vald", VALD),
        ("viru-nigula-vald", "Viru-Nigula vald", VALD),
        ("rakvere-vald", "Rakvere vald", VALD),
        ("rakvere-linn", "Rakvere linn", LINN),
        ("vinni-vald", "Vinni vald", VALD),
        ("tapa-vald", "Tapa vald", VALD),
    ],
    "tartumaa": [
        ("tartu-linn", "Tartu linn", LINN),
        ("elva-vald", "Elva vald", VALD),
        ("noo-vald", "Nõo vald", VALD),
        ("kambja-vald", "Kambja vald", VALD),
        ("kastre-vald", "Kastre vald", VALD),
        ("luunja-vald", "Luunja vald", VALD),
        ("peipsiaare-vald", "Peipsiääre vald", VALD),
        ("tartu-vald", "Tartu vald", VALD),
    ],
    "vorumaa": [
        ("voru-linn", "Võru linn", LINN),
        ("voru-vald", "Võru vald", VALD),
        ("antsla-vald", "Antsla vald", VALD),
        ("rouge-vald", "Rõuge vald", VALD),
        ("setomaa-vald", "Setomaa vald", VALD),
    ],
    "pohjois-karjala": [
        ("joensuu", "Joensuu", KAUPUNKI),
        ("kontiolahti", "Kontiolahti", KUNTA),
        ("liperi", "Liperi", KUNTA),
        ("outokumpu", "Outokumpu", KAUPUNKI),
        ("lieksa", "Lieksa", KAUPUNKI),
        ("kitee", "Kitee", KAUPUNKI),
        ("ilomantsi", "Ilomantsi", KUNTA),
        ("nurmes", "Nurmes", KAUPUNKI),
    ],
}

# Municipalities merged in the 2017 reform, as the older seeds name them: (former names, year of the merger).
# Seed 004 (2012–2013) names Rannu, Rõngu, Elva and Puhja, which have been part of Elva vald since 2017.
MERGERS = {"elva-vald": ("Rannu vald, Rõngu vald, Elva linn, Puhja vald", 2017)}
# The governments of the former municipalities, which took part in seed 004's trainings; their municipality is the
# one that includes them now, so that Elva vald's page and the project registry's filter find the project.
FORMER_GOVERNMENTS = [
    ("rannu-vallavalitsus", "Rannu Vallavalitsus", "elva-vald"),
    ("rongu-vallavalitsus", "Rõngu Vallavalitsus", "elva-vald"),
    ("elva-linnavalitsus", "Elva Linnavalitsus", "elva-vald"),
    ("puhja-vallavalitsus", "Puhja Vallavalitsus", "elva-vald"),
]

# A Finnish municipality is its own organisation, named in the genitive.
FINNISH_GOVERNMENTS = {
    "joensuu": "Joensuun kaupunki",
    "kontiolahti": "Kontiolahden kunta",
    "liperi": "Liperin kunta",
    "outokumpu": "Outokummun kaupunki",
    "lieksa": "Lieksan kaupunki",
    "kitee": "Kiteen kaupunki",
    "ilomantsi": "Ilomantsin kunta",
    "nurmes": "Nurmeksen kaupunki",
}


def _government(slug: str, name: str, kind: str) -> tuple[str, str]:
    """The slug and name of the organisation that governs a municipality (vallavalitsus, linnavalitsus…)."""
    if kind in (VALD, LINN):
        government = "Vallavalitsus" if kind == VALD else "Linnavalitsus"
        name = f"{name.rsplit(' ', 1)[0]} {government}"
    else:
        name = FINNISH_GOVERNMENTS[slug]
    return slugify(name), name


def _governments(region: str) -> list[str]:
    return [_government(*row)[0] for row in MUNICIPALITIES[region]]


class OrganisationSpec(NamedTuple):
    slug: str
    name: str
    kind: str
    region: str | None = None  # None for national or foreign organisations
    municipality: str | None = None  # for an agency of one municipality
    website: str = ""


Kind = Organisation.Kind
ORGANISATIONS = [
    OrganisationSpec(
        "vorumaa-arenduskeskus",
        "Võrumaa Arenduskeskus",
        Kind.DEVELOPMENT_CENTRE,
        "vorumaa",
        website="https://vorumaa.ee",
    ),
    OrganisationSpec(
        "laane-viru-omavalitsuste-liit",
        "Lääne-Viru Omavalitsuste Liit",
        Kind.MUNICIPAL_UNION,
        "laane-virumaa",
        website="https://www.virol.ee",
    ),
    OrganisationSpec(
        "tartumaa-omavalitsuste-liit",
        "Tartumaa Omavalitsuste Liit",
        Kind.MUNICIPAL_UNION,
        "tartumaa",
        website="https://www.tartumaa.ee",
    ),
    OrganisationSpec(
        "tartu-hariduse-tugiteenuste-keskus",
        "Tartu Hariduse Tugiteenuste Keskus",
        Kind.MUNICIPAL_AGENCY,
        "tartumaa",
        "tartu-linn",
    ),
    OrganisationSpec(
        "riigi-tugiteenuste-keskus", "Riigi Tugiteenuste Keskus", Kind.STATE_AGENCY, website="https://www.rtk.ee"
    ),
    OrganisationSpec("sotsiaalministeerium", "Sotsiaalministeerium", Kind.STATE_AGENCY, website="https://www.sm.ee"),
    OrganisationSpec(
        "sotsiaalkindlustusamet",
        "Sotsiaalkindlustusamet",
        Kind.STATE_AGENCY,
        website="https://www.sotsiaalkindlustusamet.ee",
    ),
    OrganisationSpec("haridus-ja-noorteamet", "Haridus- ja Noorteamet", Kind.STATE_AGENCY, website="https://harno.ee"),
    OrganisationSpec("statistikaamet", "Statistikaamet", Kind.STATE_AGENCY, website="https://www.stat.ee"),
    OrganisationSpec(
        "tervise-arengu-instituut", "Tervise Arengu Instituut", Kind.STATE_AGENCY, website="https://www.tai.ee"
    ),
    OrganisationSpec("cumulus-consulting", "Cumulus Consulting OÜ", Kind.COMPANY),
    OrganisationSpec("sotsiaalse-innovatsiooni-labor", "Sotsiaalse Innovatsiooni Labor", Kind.NGO),
    OrganisationSpec("eesti-puuetega-inimeste-koda", "Eesti Puuetega Inimeste Koda", Kind.NGO),
    OrganisationSpec("louna-eesti-uhistranspordikeskus", "Lõuna-Eesti Ühistranspordikeskus", Kind.NGO, "vorumaa"),
    OrganisationSpec("tartu-ulikool", "Tartu Ülikool", Kind.UNIVERSITY, website="https://www.ut.ee"),
    OrganisationSpec("tallinna-ulikool", "Tallinna Ülikool", Kind.UNIVERSITY, website="https://www.tlu.ee"),
    OrganisationSpec("tartu-arinouandla", "SA Tartu Ärinõuandla", Kind.FOUNDATION, "tartumaa"),
    OrganisationSpec("louna-eesti-haigla", "SA Lõuna-Eesti Haigla", Kind.FOUNDATION, "vorumaa"),
    OrganisationSpec(
        "pohjois-karjalan-maakuntaliitto",
        "Pohjois-Karjalan maakuntaliitto",
        Kind.REGIONAL_COUNCIL,
        "pohjois-karjala",
        website="https://www.pohjois-karjala.fi",
    ),
    OrganisationSpec(
        "siun-sote",
        "Pohjois-Karjalan sosiaali- ja terveyspalvelujen kuntayhtymä Siun sote",
        Kind.WELLBEING_COUNTY,
        "pohjois-karjala",
        website="https://www.siunsote.fi",
    ),
    OrganisationSpec(
        "pohjois-karjalan-sosiaaliturvayhdistys",
        "Pohjois-Karjalan Sosiaaliturvayhdistys ry",
        Kind.NGO,
        "pohjois-karjala",
    ),
    OrganisationSpec(
        "ita-suomen-yliopisto", "Itä-Suomen yliopisto", Kind.UNIVERSITY, "pohjois-karjala", website="https://www.uef.fi"
    ),
    OrganisationSpec(
        "terveyden-ja-hyvinvoinnin-laitos",
        "Terveyden ja hyvinvoinnin laitos (THL)",
        Kind.STATE_AGENCY,
        website="https://thl.fi",
    ),
]

STRATEGY_DOCUMENTS = [
    # title, level, issuer slug, from year, until year
    ("Võru maakonna arengustrateegia 2035", StrategyDocument.Level.COUNTY, "vorumaa-arenduskeskus", None, 2035),
    ("Võru maakonna heaoluprofiil", StrategyDocument.Level.COUNTY, "vorumaa-arenduskeskus", None, None),
    ("Eesti 2035", StrategyDocument.Level.NATIONAL, None, 2021, 2035),
    ("Heaolu arengukava 2016–2023", StrategyDocument.Level.NATIONAL, "sotsiaalministeerium", 2016, 2023),
    ("Rahvastiku tervise arengukava 2020–2030", StrategyDocument.Level.NATIONAL, "sotsiaalministeerium", 2020, 2030),
]

# --- The Võru plan ----------------------------------------------------------------------------------------

ALL = "*"  # every municipality of the plan's region
VORU_GOVS = _governments("vorumaa")
STAT = ("Statistikaamet", "https://andmed.stat.ee")
TAI = ("Tervise Arengu Instituut", "https://statistika.tai.ee")
VAK = ("Võrumaa Arenduskeskus", "")

VORU_PLAN = {
    "region": "vorumaa",
    "slug": "heaolu-koostookava-2022-2025",
    "title": "Võru maakonna heaolu teemade koostöökava",
    "language": "et",
    "summary": (
        "See on heaolu puudutavate tegevuste raamistik järgmiseks neljaks aastaks, kus on vaja omavalitsuste, "
        "kogukondade ja erinevate ekspertide maakonnaülest koostööd. Need on teemad, kus üks organisatsioon või "
        "omavalitsus üksi hakkama ei saa või pole see mõttekas – vaja on koordineeritud koostööd."
    ),
    "purpose": (
        "Koostöökava aitab Võrumaa Arenduskeskusel olla parem maakonna arengu tasakaalustaja ning tekitab "
        "omavalitsuste ja teiste organisatsioonide maakonnaülest sünergiat. Koostöökava valmib spetsialistide, "
        "ekspertide ja kogukonna ühise koostööna. Kava koostamise aluseks on võetud kohalike probleemide "
        "kaardistus ning maakondlikud ja riiklikud arengudokumendid."
    ),
    "audience": (
        "Koostöökava aitab luua maakonnaülest koostööd ja sünergiat kohalike omavalitsuste ja allasutuste, "
        "riigiasutuste, vabaühenduste ning ettevõtjate vahel, kelle tegevus panustab inimeste heaolu "
        "parandamisse."
    ),
    "expected_result": (
        "Tulemuseks on maakonna heaolu valdkonna koostöökava järgmiseks neljaks aastaks. Koostöökavas on välja "
        "toodud erinevad soovitused, lahendused ja tegevused KOVide ülese koostöö tugevdamiseks, Võrumaa inimeste "
        "heaolu suurendamiseks. Võru maakonna heaolu koostöökava toetab Võru maakonna arengustrateegia 2035+ "
        "elluviimist ja kohalike omavalitsusi."
    ),
    "start_year": 2022,
    "end_year": 2025,
    "lead_organisation": "vorumaa-arenduskeskus",
    "contact_role": "heaolu suunajuht",
    "status": CooperationPlan.Status.CONSULTATION,
    "basis_documents": [row[0] for row in STRATEGY_DOCUMENTS],
    # Seed 000 gives no year for the workshops, the comments or the seminar, and no time for the experts'
    # proposals: the words stand as the seed writes them, and no date is made up (the order is the seed's).
    "milestones": [
        {
            "kind": Milestone.Kind.ROUND_TABLE,
            "title": "Maakonna heaolu ümarlauad",
            "description": "Maakonna heaolu ümarlauad ning heaolu valdkonna väljakutsete ja käsil olevate "
            "arendustegevuste kaardistamine.",
            "starts_on": None,
            "ends_on": None,
            "date_label": "alates 2020. aasta sügisest",
        },
        {
            "kind": Milestone.Kind.DRAFTING,
            "title": "Teemaekspertide ettepanekud",
            "description": "Teemade eksperdid koostavad seniste arutelude ja raamdokumentide põhjal oma "
            "ettepanekud kõige olulisemate ja suurima mõjuga koostöötegevusteks järgmise nelja aasta "
            "perspektiivis.",
            "starts_on": None,
            "ends_on": None,
            "date_label": "",
        },
        {
            "kind": Milestone.Kind.WORKSHOP,
            "title": "Veebipõhised töötoad",
            "description": "Ettepanekute üle toimuvad avalikud arutelud veebipõhistes töötubades.",
            "starts_on": None,
            "ends_on": None,
            "date_label": "17. ja 21. juunil",
        },
        {
            "kind": Milestone.Kind.CONSULTATION,
            "title": "Tähelepanekud, täpsustused, lahenduskäigud ja soovitused",
            "description": "Igaühel on võimalik lisada omapoolseid tähelepanekuid, täpsustusi, lahenduskäike ja "
            "soovitusi iga teema kohta arenduskeskuse kodulehel.",
            "starts_on": None,
            "ends_on": None,
            "date_label": "kuni augustini",
        },
        {
            "kind": Milestone.Kind.SEMINAR,
            "title": "Ühepäevane seminar",
            "description": "Seminaril tutvustatakse koostöökava tulemusi ja lepitakse kokku edasised sammud, "
            "kuidas koostööga edasi minna.",
            "starts_on": None,
            "ends_on": None,
            "date_label": "septembris",
        },
    ],
    # The theme sheets' content is not in the seed: every activity and indicator below is example data.
    "example_activities": True,
    "sections": [
        {
            "theme": "vaarikas-vananemine",
            "title": "Väärikas vananemine",
            "intro": "Teemaleht „Tervena vananemine“ käsitleb seda, kuidas Võrumaa eakad saaksid elada "
            "võimalikult kaua iseseisvalt ja väärikalt oma kodus ning kogukonnas. Teema ühendab "
            "sotsiaalhoolekande, tervishoiu ja kogukonnatöö.",
            "challenges": "Paljud eakad elavad hajaasustusega piirkondades üksi, teenused on "
            "omavalitsuseti erineva mahu ja kvaliteediga ning suur osa hoolduskoormusest lasub lähedastel. "
            "Väikestel omavalitsustel on raske leida ja hoida sotsiaaltöö spetsialiste.",
            "goals": "Eakad saavad elada kauem iseseisvalt kodus. Koduteenused ja tugiteenused on ühtlase "
            "kvaliteediga kogu maakonnas. Omastehooldajate koormus väheneb ja neil on ligipääs toele. Eakad on "
            "kaasatud kogukonna ellu.",
            "lead_role": "vanemaealiste teemaekspert",
            "lead_organisation": "vorumaa-arenduskeskus",
            "activities": [
                {
                    "title": "Eakate kogukonnapõhise toe võrgustik",
                    "description": "Külavanemate, kogukonnatöötajate ja omavalitsuste sotsiaaltöötajate ühine "
                    "võrgustik, mis kohtub kord kvartalis, vahetab infot üksi elavate eakate toevajaduse kohta "
                    "ja korraldab ühiseid teabepäevi.",
                    "at_close": {
                        "description": "Kogukonnatöötajate ja omavalitsuste sotsiaaltöötajate ühine võrgustik, mis "
                        "kohtub kord kvartalis, vahetab infot üksi elavate eakate toevajaduse kohta ja korraldab "
                        "ühiseid teabepäevi.",
                    },
                    "rationale": "Hajaasustuses jõuab abivajaduse info omavalitsuseni sageli hilja; kogukonna "
                    "silmad ja kõrvad aitavad toevajadust varem märgata.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": VORU_GOVS,
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.50",
                    "budget": "18000",
                    "funding_source": "Omavalitsuste eelarved ja Võrumaa Arenduskeskuse tegevustoetus",
                    "form": Activity.CooperationForm.NETWORK,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Võrgustiku kohtumistel osalenud kogukondade arv",
                            "unit": "kogukonda",
                            "source": VAK,
                            "baseline": (2021, "6"),
                            "target": (2025, "30"),
                            "values": {2022: "12", 2023: "19"},
                        },
                        {
                            "name": "Koduteenust saanud isikute arv",
                            "unit": "inimest",
                            "source": STAT,
                            "baseline": (2020, "232"),
                            "target": (2025, "280"),
                            "values": {2021: "241", 2022: "255"},
                        },
                    ],
                },
                {
                    "title": "Häirenuputeenuse ühishange",
                    "description": "Omavalitsused korraldavad häirenuputeenuse ühise hanke, et teenus oleks kõigis "
                    "valdades ja Võru linnas samadel tingimustel ja sama hinnaga kättesaadav.",
                    "rationale": "Väikese mahuga eraldi hanked on kallid ja teenuse tingimused erinevad; ühishange "
                    "vähendab halduskoormust ja ühtlustab kvaliteeti.",
                    "responsible": "voru-vallavalitsus",
                    "partners": [*[g for g in VORU_GOVS if g != "voru-vallavalitsus"], "vorumaa-arenduskeskus"],
                    "municipalities": ALL,
                    "years": (2023, 2025),
                    "person_years": "0.20",
                    "budget": "45000",
                    "funding_source": "Omavalitsuste eelarved",
                    "form": Activity.CooperationForm.JOINT_PROCUREMENT,
                    "status": Activity.Status.PLANNED,
                    "indicators": [
                        {
                            "name": "Häirenuputeenust kasutavate eakate arv",
                            "unit": "inimest",
                            "source": ("Omavalitsuste sotsiaalosakondade andmed (STAR)", ""),
                            "baseline": (2021, "148"),
                            "target": (2025, "220"),
                            "values": {2022: "161", 2023: "175"},
                        },
                    ],
                },
                {
                    "title": "Omastehooldajate tugigrupid ja koolitused",
                    "description": "Maakonnaülesed omastehooldajate tugigrupid kord kuus, vaheldumisi eri "
                    "omavalitsustes ja veebis, ning hooldustoimingute ja enesehoiu koolitused.",
                    "rationale": "Omastehooldajad kannavad suurt osa hoolduskoormusest ja nende läbipõlemise risk on "
                    "kõrge; ühes väikeses vallas on tugigrupi jaoks osalejaid liiga vähe.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": ["louna-eesti-haigla", "sotsiaalkindlustusamet"],
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.40",
                    "budget": "22000",
                    "funding_source": "Euroopa Sotsiaalfond+ ja omavalitsuste omaosalus",
                    "form": Activity.CooperationForm.TRAINING,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Tugigruppides ja koolitustel osalenud omastehooldajate arv",
                            "unit": "inimest aastas",
                            "source": VAK,
                            "baseline": (2021, "24"),
                            "target": (2025, "90"),
                            "values": {2022: "41", 2023: "63"},
                        },
                    ],
                },
            ],
        },
        {
            "theme": "oppiv-inimene",
            "title": "Õppiv inimene elukaarel",
            "intro": "Teema käsitleb õppimist kogu elukaare jooksul: lasteaiast ja koolist kuni täiskasvanuõppe ja "
            "vanemaealiste huvihariduseni. Koostöö keskmes on laste toevajaduse varajane märkamine ja "
            "tugispetsialistide kättesaadavus.",
            "challenges": "Väikestes koolides ja lasteaedades ei jätku tugispetsialiste (logopeed, eripedagoog, "
            "psühholoog, sotsiaalpedagoog) ning laste toevajadus märgatakse sageli hilja. Täiskasvanutel on "
            "koolitusvõimalustest raske ülevaadet saada.",
            "goals": "Iga laps saab vajaliku toe õigel ajal. Tugispetsialistide teenus on kättesaadav kõigis "
            "maakonna koolides ja lasteaedades. Täiskasvanud leiavad hõlpsasti endale sobiva õppimisvõimaluse.",
            # As it stood when the consultation closed; a comment's answer led to the text above.
            "at_close": {
                "goals": "Iga laps saab vajaliku toe õigel ajal. Tugispetsialistide teenus on kättesaadav kõigis "
                "maakonna koolides. Täiskasvanud leiavad hõlpsasti endale sobiva õppimisvõimaluse.",
            },
            "lead_role": "hariduse teemaekspert",
            "lead_organisation": "vorumaa-arenduskeskus",
            "activities": [
                {
                    "title": "Laste toevajaduse varajase märkamise ühtne juhtumikorralduse mudel",
                    "description": "Lasteaedade, koolide ja omavalitsuste ühine juhtumikorralduse mudel kolmel "
                    "tasandil ning hindamisvahendite komplekt, mis tugineb Tartumaa heaoluprogrammi (HOP) "
                    "kogemusele.",
                    "rationale": "Ühtne mudel aitab õpetajatel ja tugispetsialistidel toevajadust varem märgata "
                    "ning vähendab hilise sekkumise kulusid.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": ["haridus-ja-noorteamet", "tartu-ulikool", *VORU_GOVS],
                    "municipalities": ALL,
                    "years": (2022, 2024),
                    "person_years": "1.00",
                    "budget": "60000",
                    "funding_source": "Euroopa Sotsiaalfond+ ja omavalitsuste omaosalus",
                    "form": Activity.CooperationForm.TOOLKIT,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Ühtse mudeli kasutusele võtnud haridusasutuste arv",
                            "unit": "asutust",
                            "source": VAK,
                            "baseline": (2021, "0"),
                            "target": (2024, "35"),
                            "values": {2022: "8", 2023: "21"},
                        },
                    ],
                },
                {
                    "title": "Maakondlik tugispetsialistide ühisvõrgustik",
                    "description": "Omavalitsused palkavad logopeedid, eripedagoogid ja psühholoogid ühiselt ning "
                    "jagavad nende tööaega koolide ja lasteaedade vahel kokkulepitud ajakava alusel.",
                    "rationale": "Ühe väikese kooli jaoks ei ole täiskohaga spetsialisti võimalik leida ega "
                    "rahastada; jagatud ametikoht teeb töö spetsialistile ka atraktiivsemaks.",
                    "responsible": "voru-linnavalitsus",
                    "partners": [
                        "antsla-vallavalitsus",
                        "rouge-vallavalitsus",
                        "setomaa-vallavalitsus",
                        "haridus-ja-noorteamet",
                    ],
                    "municipalities": ["voru-linn", "antsla-vald", "rouge-vald", "setomaa-vald"],
                    "years": (2023, 2025),
                    "person_years": "4.00",
                    "budget": "210000",
                    "funding_source": "Omavalitsuste eelarved ja riigi haridustoetuse tugispetsialistide osa",
                    "form": Activity.CooperationForm.SHARED_OFFICIAL,
                    "status": Activity.Status.PLANNED,
                    "indicators": [
                        {
                            "name": "Tugispetsialisti teenusele ligipääsuga üldhariduskoolide osatähtsus",
                            "unit": "%",
                            "source": ("HaridusSilm (Haridus- ja Noorteamet)", "https://www.haridussilm.ee"),
                            "baseline": (2021, "68"),
                            "target": (2025, "100"),
                            "values": {2022: "72", 2023: "79"},
                        },
                    ],
                },
                {
                    "title": "Täiskasvanuõppe ühine info- ja koolituskalender",
                    "description": "Kõigi maakonna täiskasvanuõppe, huvihariduse ja vanemaealiste "
                    "õppimisvõimaluste ühine veebikalender ning kaks korda aastas toimuv õppimisnädal.",
                    "rationale": "Õppimisvõimalusi on, kuid info on killustunud; ühine kalender aitab jõuda ka "
                    "nendeni, kes ise koolitust ei otsi.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": VORU_GOVS,
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.30",
                    "budget": "12000",
                    "funding_source": "Võrumaa Arenduskeskuse eelarve",
                    "form": Activity.CooperationForm.CAMPAIGN,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Elukestvas õppes osalenud 25–64-aastaste osatähtsus",
                            "unit": "%",
                            "source": STAT,
                            "baseline": (2020, "14.8"),
                            "target": (2025, "20.0"),
                            "values": {2021: "15.9", 2022: "16.7"},
                        },
                    ],
                },
            ],
        },
        {
            "theme": "tervist-toetavad-valikud",
            "title": "Tervist toetavad valikud",
            "intro": "Teema keskendub sellele, et tervislik valik oleks Võrumaal lihtne valik: liikumine, "
            "toitumine, vaimne tervis ning alkoholi- ja tubakatarvitamise ennetus.",
            "challenges": "Ülekaal, vähene liikumine ja alkoholitarvitamine on levinud, vaimse tervise muredega "
            "inimesed ei leia abi õigel ajal ning ennetustöö sõltub projektirahast ja üksikute inimeste entusiasmist.",
            "goals": "Tervena elatud eluiga pikeneb. Lapsed ja noored liiguvad rohkem ja toituvad tervislikumalt. "
            "Vaimse tervise esmane tugi on kättesaadav igas omavalitsuses. Ennetustöö on järjepidev ja kokku "
            "lepitud.",
            "lead_role": "tervisedenduse teemaekspert",
            "lead_organisation": "vorumaa-arenduskeskus",
            "activities": [
                {
                    "title": "Maakondlik tervisenõukogu ja ennetustöö ümarlaud",
                    "description": "Omavalitsuste tervisedendajad, koolide ja haigla esindajad ning vabaühendused "
                    "kohtuvad neli korda aastas, lepivad kokku ühised ennetusteemad ja jagavad tegevusi.",
                    "rationale": "Ühiselt kokku lepitud teemad ja jagatud töö annavad väikestele omavalitsustele "
                    "ennetustöös suurema mõju kui killustatud üksiküritused.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": ["tervise-arengu-instituut", "louna-eesti-haigla", *VORU_GOVS],
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.30",
                    "budget": "8000",
                    "funding_source": "Riigieelarve (Tervise Arengu Instituut) ja Võrumaa Arenduskeskus",
                    "form": Activity.CooperationForm.NETWORK,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Tervena elatud eluiga sünnimomendil",
                            "unit": "aastat",
                            "source": STAT,
                            "baseline": (2020, "52.6"),
                            "target": (2025, "55.0"),
                            "values": {2021: "52.9", 2022: "53.3"},
                        },
                    ],
                },
                {
                    "title": "Koolide ühine liikumis- ja toitumisprogramm",
                    "description": "Koolides ja lasteaedades rakendatakse liikuma kutsuvaid vahetunde, tervisliku "
                    "koolitoidu põhimõtteid ja spordiklubide ühisüritusi; koolitoidu nõustamine hangitakse "
                    "ühiselt.",
                    "rationale": "Laste ülekaal ja vähene liikumine on kõigi omavalitsuste mure ning ühine programm "
                    "on odavam kui viis eraldi programmi.",
                    "responsible": "voru-vallavalitsus",
                    "partners": [
                        *[g for g in VORU_GOVS if g != "voru-vallavalitsus"],
                        "tervise-arengu-instituut",
                    ],
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.50",
                    "budget": "30000",
                    "funding_source": "Omavalitsuste eelarved ja Tervise Arengu Instituudi projektitoetus",
                    "form": Activity.CooperationForm.CAMPAIGN,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Ülekaaluliste ja rasvunud 1. klassi õpilaste osatähtsus",
                            "unit": "%",
                            "source": TAI,
                            "baseline": (2020, "27.5"),
                            "target": (2025, "23.0"),
                            "values": {2021: "28.1", 2022: "26.9"},
                        },
                    ],
                },
                {
                    "title": "Vaimse tervise esmaabi koolitused",
                    "description": "Õpetajatele, sotsiaaltöötajatele, noorsootöötajatele ja kogukonnaliidritele "
                    "korraldatakse vaimse tervise esmaabi koolitused ning luuakse koolitatute võrgustik.",
                    "rationale": "Esmase toe pakkuja on sageli inimene, kes ei ole spetsialist; koolitatud "
                    "kogukond märkab muret varem ja oskab suunata abini.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": ["louna-eesti-haigla", "tervise-arengu-instituut"],
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.25",
                    "budget": "26000",
                    "funding_source": "Euroopa Sotsiaalfond+",
                    "form": Activity.CooperationForm.TRAINING,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Vaimse tervise esmaabi koolituse läbinud inimeste arv (kokku)",
                            "unit": "inimest",
                            "source": VAK,
                            "baseline": (2021, "35"),
                            "target": (2025, "300"),
                            "values": {2022: "96", 2023: "171"},
                        },
                    ],
                },
                {
                    "title": "Kogukonnapõhise alkoholiennetuse ühised põhimõtted",
                    "description": "Omavalitsused võtavad kasutusele ühised põhimõtted avalike ürituste "
                    "alkoholipoliitikaks ja koolitavad üritustekorraldajaid; tulemusi vaadatakse üle kord aastas.",
                    "rationale": "Ühesugused reeglid kõigis omavalitsustes on üritustekorraldajatele selgemad ja "
                    "neid on lihtsam järgida.",
                    "responsible": "rouge-vallavalitsus",
                    "partners": ["tervise-arengu-instituut", *[g for g in VORU_GOVS if g != "rouge-vallavalitsus"]],
                    "municipalities": ALL,
                    "years": (2023, 2025),
                    "person_years": "0.20",
                    "budget": "9000",
                    "funding_source": "Tervise Arengu Instituudi kohaliku ennetustöö toetus",
                    "form": Activity.CooperationForm.TOOLKIT,
                    "status": Activity.Status.PLANNED,
                    "indicators": [
                        {
                            "name": "Ühised alkoholipoliitika põhimõtted kinnitanud omavalitsuste arv",
                            "unit": "omavalitsust",
                            "source": VAK,
                            "baseline": (2022, "0"),
                            "target": (2025, "5"),
                            "values": {2023: "2"},
                        },
                    ],
                },
            ],
        },
        {
            "theme": "hea-avalik-ruum",
            "title": "Hea avalik ruum ja ligipääsetavus",
            "intro": "Teema käsitleb seda, kuidas kõik inimesed – ka liikumis- ja nägemispuudega inimesed, eakad "
            "ja väikeste lastega pered – pääsevad ligi teenustele, avalikele hoonetele ja kogukonna ellu.",
            "challenges": "Hajaasustuses on ühistranspordi ühendused harvad ja teenusteni jõudmine sõltub autost. "
            "Paljud avalikud hooned ja ruumid ei ole ligipääsetavad ning ligipääsetavuse nõuetest ja heast tavast "
            "puudub omavalitsustes ühine arusaam.",
            "goals": "Teenustele ja avalikele hoonetele on ligipääs kõigil. Nõudetransport täiendab liinivedu "
            "kogu maakonnas. Avaliku ruumi kavandamisel kaasatakse selle kasutajad.",
            "lead_role": "ligipääsetavuse teemaekspert",
            "lead_organisation": "vorumaa-arenduskeskus",
            "activities": [
                {
                    "title": "Avalike hoonete ligipääsetavuse ühisaudit",
                    "description": "Omavalitsuste avalikud hooned auditeeritakse ühise metoodika järgi ja iga "
                    "hoone kohta koostatakse parenduskava koos hinnangulise maksumusega.",
                    "rationale": "Ühine metoodika annab võrreldavad tulemused ja võimaldab parendustööd "
                    "investeeringukavades järjestada.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": ["eesti-puuetega-inimeste-koda", *VORU_GOVS],
                    "municipalities": ALL,
                    "years": (2022, 2023),
                    "person_years": "0.40",
                    "budget": "35000",
                    "funding_source": "Omavalitsuste eelarved ja Euroopa Regionaalarengu Fond",
                    "form": Activity.CooperationForm.ANALYSIS,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Ligipääsetavuse auditi läbinud avalike hoonete arv",
                            "unit": "hoonet",
                            "source": VAK,
                            "baseline": (2021, "4"),
                            "target": (2023, "40"),
                            "values": {2022: "18", 2023: "41"},
                        },
                    ],
                },
                {
                    "title": "Nõudetranspordi ühine korraldus",
                    "description": "Liinivedu täiendab kogu maakonnas ühtsetel tingimustel nõudetransport, mida saab "
                    "tellida veebis ja telefoni teel. Pärast avalikku arutelu lisati katsepiirkonda Setomaa "
                    "valla külad.",
                    "at_close": {
                        "description": "Liinivedu täiendab kogu maakonnas ühtsetel tingimustel nõudetransport, mida "
                        "saab tellida veebis.",
                    },
                    "rationale": "Harva liiniveoga piirkondades ei pääse autota inimesed arsti juurde, poodi ega "
                    "teenustele; ühine korraldus on odavam kui iga valla oma lahendus.",
                    "responsible": "louna-eesti-uhistranspordikeskus",
                    "partners": ["vorumaa-arenduskeskus", *VORU_GOVS],
                    "municipalities": ALL,
                    "years": (2023, 2025),
                    "person_years": "0.60",
                    "budget": "120000",
                    "funding_source": "Riigieelarve (ühistranspordi toetus) ja omavalitsuste eelarved",
                    "form": Activity.CooperationForm.JOINT_SERVICE,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Nõudetranspordi sõitude arv aastas",
                            "unit": "sõitu",
                            "source": ("Lõuna-Eesti Ühistranspordikeskus", ""),
                            "baseline": (2022, "1200"),
                            "target": (2025, "6000"),
                            "values": {2023: "2900"},
                        },
                    ],
                },
                {
                    "title": "Kogukonnakeskuste ja avaliku ruumi kaasava kavandamise töötoad",
                    "description": "Omavalitsuste planeerijad ja kogukonnad kavandavad külakeskusi, külaplatse ja "
                    "mänguväljakuid koos kasutajatega, sh eakate ja puudega inimestega.",
                    "rationale": "Kasutajatega koos kavandatud ruum on ligipääsetavam ja seda kasutatakse rohkem.",
                    "responsible": "antsla-vallavalitsus",
                    "partners": ["vorumaa-arenduskeskus", "eesti-puuetega-inimeste-koda"],
                    "municipalities": ALL,
                    "years": (2024, 2025),
                    "person_years": "0.20",
                    "budget": "15000",
                    "funding_source": "Omavalitsuste eelarved",
                    "form": Activity.CooperationForm.TRAINING,
                    "status": Activity.Status.PLANNED,
                    "indicators": [
                        {
                            "name": "Kaasava kavandamise töötubades osalenud kogukondade arv",
                            "unit": "kogukonda",
                            "source": VAK,
                            "baseline": (2023, "0"),
                            "target": (2025, "15"),
                            "values": {2024: "6"},
                        },
                    ],
                },
            ],
        },
        {
            "theme": "tark-juhtimine",
            "title": "Tark juhtimine ja sotsiaalne innovatsioon",
            "intro": "Teema käsitleb seda, kuidas omavalitsused, arenduskeskus ja partnerid juhivad heaolu "
            "valdkonda andmete põhjal ning katsetavad koos uusi lahendusi.",
            "challenges": "Heaolu valdkonna andmed on killustunud ja otsuseid tehakse sageli ilma maakonnaülese "
            "ülevaateta. Väikestel omavalitsustel napib arendusvõimekust ning head lahendused jäävad ühe valla "
            "piiresse. Koostöö sõltub sageli üksikutest inimestest, mitte kokkulepitud struktuurist.",
            "goals": "Heaolu valdkonna otsused tuginevad ühistele andmetele. Maakonna heaolu ümarlaud on püsiv "
            "koostöövorm. Vähemalt kaks uut teenust korraldatakse omavalitsuste ülese koostööna. Uusi lahendusi "
            "katsetatakse koos kasutajatega.",
            "lead_role": "juhtimise ja innovatsiooni teemaekspert",
            "lead_organisation": "vorumaa-arenduskeskus",
            "activities": [
                {
                    "title": "Heaoluprofiili uuendamine ja heaolu andmelaud",
                    "description": "Maakonna heaoluprofiili uuendatakse igal aastal ning olulisemad näitajad "
                    "avaldatakse omavalitsuste kaupa avalikul andmelaual.",
                    "rationale": "Ühised ja võrreldavad andmed on volikogude ja ametnike otsuste alus ning "
                    "näitavad, kas koostöökava tegevused mõjuvad.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": ["statistikaamet", "tartu-ulikool"],
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.50",
                    "budget": "25000",
                    "funding_source": "Võrumaa Arenduskeskuse eelarve",
                    "form": Activity.CooperationForm.ANALYSIS,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Heaolu andmelaual avaldatud näitajate arv",
                            "unit": "näitajat",
                            "source": VAK,
                            "baseline": (2021, "0"),
                            "target": (2025, "40"),
                            "values": {2022: "12", 2023: "26"},
                        },
                    ],
                },
                {
                    "title": "Maakonna heaolu ümarlaud püsiva koostöövõrgustikuna",
                    "description": "2020. aasta sügisel alustatud heaolu ümarlaud jätkub püsiva võrgustikuna, mis "
                    "kohtub kord kvartalis ja jälgib koostöökava elluviimist.",
                    "rationale": "Püsiv ümarlaud hoiab koostöö käigus ka siis, kui inimesed vahetuvad.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": [*VORU_GOVS, "sotsiaalkindlustusamet"],
                    "municipalities": ALL,
                    "years": (2022, 2025),
                    "person_years": "0.30",
                    "budget": "6000",
                    "funding_source": "Võrumaa Arenduskeskuse eelarve",
                    "form": Activity.CooperationForm.NETWORK,
                    "status": Activity.Status.IN_PROGRESS,
                    "indicators": [
                        {
                            "name": "Omavalitsuste ülese koostööna korraldatud sotsiaal- ja heaoluteenuste arv",
                            "unit": "teenust",
                            "source": VAK,
                            "baseline": (2021, "1"),
                            "target": (2025, "4"),
                            "values": {2022: "1", 2023: "2"},
                        },
                    ],
                },
                {
                    "title": "Omavalitsuste ametnike ja volikogu liikmete ühiskoolitused",
                    "description": "Ühepäevased koolitused, kus ametnikud ja volikogu liikmed kõigist "
                    "omavalitsustest arutavad koos koostöövorme: koostööstruktuurid, lepinguline koostöö avalike "
                    "teenuste osutamisel ja ühisametnikud.",
                    "rationale": "Rannu, Rõngu, Elva ja Puhja ühiskoolituste kogemus näitas, et ühine arutelu "
                    "loob aluse ühistegevustele.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": VORU_GOVS,
                    "municipalities": ALL,
                    "years": (2023, 2024),
                    "person_years": "0.20",
                    "budget": "14000",
                    "funding_source": "Euroopa Sotsiaalfond+",
                    "form": Activity.CooperationForm.TRAINING,
                    "status": Activity.Status.PLANNED,
                    "indicators": [
                        {
                            "name": "Ühiskoolitustel osalenud ametnike ja volikogu liikmete arv",
                            "unit": "inimest",
                            "source": VAK,
                            "baseline": (2022, "0"),
                            "target": (2024, "120"),
                            "values": {2023: "48"},
                        },
                    ],
                },
                {
                    "title": "Sotsiaalse innovatsiooni piloodid teenusedisaini abil",
                    "description": "Omavalitsused katsetavad koos kasutajatega uusi teenuselahendusi (nt "
                    "kogukonnapõhine tugiteenus hajaasustuses) ja hindavad nende mõju enne laiendamist.",
                    "rationale": "Väikesed katsetused vähendavad riski ja annavad tõendid, mille põhjal teenust "
                    "laiendada.",
                    "responsible": "vorumaa-arenduskeskus",
                    "partners": ["sotsiaalse-innovatsiooni-labor", "tartu-ulikool", "voru-vallavalitsus"],
                    "municipalities": ["voru-vald", "setomaa-vald"],
                    "years": (2023, 2025),
                    "person_years": "0.60",
                    "budget": "40000",
                    "funding_source": "Euroopa Sotsiaalfond+ ja omavalitsuste omaosalus",
                    "form": Activity.CooperationForm.TOOLKIT,
                    "status": Activity.Status.PLANNED,
                    "indicators": [
                        {
                            "name": "Piloteeritud uute teenuselahenduste arv",
                            "unit": "lahendust",
                            "source": VAK,
                            "baseline": (2022, "0"),
                            "target": (2025, "3"),
                            "values": {2023: "1"},
                        },
                    ],
                },
            ],
        },
    ],
}

# --- The Pohjois-Karjala HYTE plan (Finnish) --------------------------------------------------------------

SOTKANET = ("Sotkanet", "https://sotkanet.fi")
TEAVIISARI = ("TEAviisari (THL)", "https://teaviisari.fi")
MAAKUNTALIITTO = ("Pohjois-Karjalan maakuntaliitto", "")

HYTE_PLAN = {
    "region": "pohjois-karjala",
    "slug": "hyte-2018-2021",
    "title": "Hyvinvoinnin ja terveyden edistäminen Pohjois-Karjalan kunnissa ja maakunnan tuki kunnille",
    "language": "fi",
    "summary": (
        "Hyvinvointisuunnitelma kokoaa Pohjois-Karjalan kuntien hyvinvoinnin ja terveyden edistämisen (HYTE) "
        "toimenpiteet sekä maakunnan kunnille tarjoaman tuen. Suunnitelma pohjautuu Joensuussa 7.9.2017 "
        "pidetyn hyvinvoinnin ja terveyden edistämisen aluekierroksen linjauksiin."
    ),
    "purpose": (
        "Hyvinvointisuunnitelma sisältää hallintokuntien näkemykset ja toimenpide-ehdotukset, ja se liitetään "
        "kunnan talous- ja toimintasuunnitelmaan. Hyte-työtä johtaa kunnanjohtaja, työ aikataulutetaan "
        "vuosikellon avulla, toimenpiteet vastuutetaan ja olemassa olevia mittareita hyödynnetään."
    ),
    "audience": (
        "Kuntien johto ja hallintokunnat, hyvinvointikoordinaattorit, neuvottelukunnat, järjestöt sekä "
        "asukkaat ja heidän verkostonsa eli niin sanottu neljäs sektori."
    ),
    "expected_result": (
        "Kunnat ja maakunta edistävät hyvinvointia ja terveyttä suunnitelmallisesti ja yhteisin työkaluin: "
        "maakunta kokoaa tiedon yhteen ja jakaa sen kuntiin, hyvät käytännöt monistetaan ja järjestöjen "
        "kokemusasiantuntijuus on käytössä."
    ),
    "start_year": 2018,
    "end_year": 2021,
    "lead_organisation": "pohjois-karjalan-maakuntaliitto",
    "contact_role": "hyvinvointikoordinaattori",
    "status": CooperationPlan.Status.ADOPTED,
    "basis_documents": [],
    # The actions are the seed's bullets; who, when, person-years and indicators are examples, and the seed
    # gives no money at all, so no budget is made up.
    "example_activities": True,
    "milestones": [
        {
            "kind": Milestone.Kind.SEMINAR,
            "title": "Hyvinvoinnin ja terveyden edistämisen aluekierros",
            "description": "Aluekierros Joensuussa: hyvinvoinnin ja terveyden edistäminen uudessa kunnassa ja "
            "maakuntien kunnille tarjoama tuki.",
            "starts_on": date(2017, 9, 7),
            "ends_on": None,
            "date_label": "",
        },
    ],
    "sections": [
        {
            "theme": "tark-juhtimine",
            "title": "Kunnan HYTE-edistämisen toimenpiteet",
            "intro": "Hyvinvoinnin ja terveyden edistäminen on kunnan johdon tehtävä, joka edellyttää "
            "poikkihallinnollista yhteistyötä ja resursoitua koordinaatiota.",
            "challenges": "Hyvinvointikoordinaattorin työaikaa ei ole kaikissa kunnissa resursoitu, hyte-työ jää "
            "irralleen talous- ja toimintasuunnitelmasta eikä toimenpiteille ole nimetty vastuutahoja. Olemassa "
            "olevia mittareita hyödynnetään vähän.",
            "goals": "Hyte-työtä johtaa kunnanjohtaja. Hyvinvointisuunnitelma on osa talous- ja "
            "toimintasuunnitelmaa. Jokaisella toimenpiteellä on vastuutaho ja paikka vuosikellossa. Seurannassa "
            "käytetään olemassa olevia mittareita.",
            "lead_role": "hyvinvointikoordinaattori",
            "lead_organisation": "pohjois-karjalan-maakuntaliitto",
            "activities": [
                {
                    "title": "Hyte-työn vuosikello",
                    "description": "Kunnille laaditaan yhteinen hyte-työn vuosikello, joka sovittaa "
                    "hyvinvointisuunnitelman, hyvinvointikertomuksen ja talousarvion valmistelun samaan "
                    "aikatauluun.",
                    "rationale": "Kun hyte-työ on aikataulutettu talousarvioprosessiin, toimenpiteet saavat "
                    "resurssit ja päätökset tehdään ajallaan.",
                    "responsible": "pohjois-karjalan-maakuntaliitto",
                    "partners": ["joensuun-kaupunki", "kontiolahden-kunta", "liperin-kunta", "siun-sote"],
                    "municipalities": ALL,
                    "years": (2018, 2019),
                    "person_years": "0.30",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.TOOLKIT,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Kunnat, joissa hyvinvointikertomus on käsitelty valtuustossa",
                            "unit": "% kunnista",
                            "source": TEAVIISARI,
                            "baseline": (2017, "62"),
                            "target": (2021, "100"),
                            "values": {2018: "77", 2019: "92", 2020: "100"},
                        },
                    ],
                },
                {
                    "title": "Toimenpiteiden vastuuttaminen",
                    "description": "Hyvinvointisuunnitelman jokaiselle toimenpiteelle nimetään vastuullinen "
                    "hallintokunta, vastuuhenkilön tehtävänimike ja seurannan ajankohta.",
                    "rationale": "Vastuuttamaton toimenpide jää helposti toteutumatta.",
                    "responsible": "joensuun-kaupunki",
                    "partners": ["pohjois-karjalan-maakuntaliitto"],
                    "municipalities": ALL,
                    "years": (2018, 2021),
                    "person_years": "0.20",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.NETWORK,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Hyvinvointisuunnitelman toimenpiteet, joille on nimetty vastuutaho",
                            "unit": "%",
                            "source": ("Kuntien hyvinvointisuunnitelmat", ""),
                            "baseline": (2017, "45"),
                            "target": (2021, "100"),
                            "values": {2018: "70", 2019: "88", 2020: "95"},
                        },
                    ],
                },
                {
                    "title": "Olemassa olevien mittareiden hyödyntäminen",
                    "description": "Kunnat valitsevat yhteisen mittaristön Sotkanetista, TEAviisarista ja "
                    "kouluterveyskyselystä ja raportoivat sen hyvinvointikertomuksessa.",
                    "rationale": "Uusia mittareita ei tarvitse rakentaa; olemassa olevat tiedot mahdollistavat "
                    "myös kuntien välisen vertailun.",
                    "responsible": "pohjois-karjalan-maakuntaliitto",
                    "partners": ["terveyden-ja-hyvinvoinnin-laitos", "ita-suomen-yliopisto"],
                    "municipalities": ALL,
                    "years": (2018, 2021),
                    "person_years": "0.40",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.ANALYSIS,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Kuntien terveydenedistämisaktiivisuus, kuntajohto",
                            "unit": "pistettä (0–100)",
                            "source": TEAVIISARI,
                            "baseline": (2016, "61"),
                            "target": (2021, "75"),
                            "values": {2018: "66", 2020: "71"},
                        },
                        {
                            "name": "Nuorisotyöttömät, % 18–24-vuotiaasta työvoimasta",
                            "unit": "%",
                            "source": SOTKANET,
                            "baseline": (2017, "22.4"),
                            "target": (2021, "18.0"),
                            "values": {2018: "19.6", 2019: "18.3", 2020: "22.0"},
                        },
                    ],
                },
                {
                    "title": "Hyvinvointikoordinaattorin työajan resursointi",
                    "description": "Pienet kunnat palkkaavat yhteisen hyvinvointikoordinaattorin, jonka työaika "
                    "jaetaan kuntien kesken sovitussa suhteessa.",
                    "rationale": "Poikkihallinnollinen yhteistyö tarvitsee koordinaattorin, jolla on siihen "
                    "varattua työaikaa.",
                    "responsible": "kontiolahden-kunta",
                    "partners": ["liperin-kunta", "outokummun-kaupunki"],
                    "municipalities": ["kontiolahti", "liperi", "outokumpu"],
                    "years": (2019, 2021),
                    "person_years": "1.00",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.SHARED_OFFICIAL,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Hyvinvointikoordinaation resurssi yhteistyökunnissa",
                            "unit": "htv",
                            "source": ("Kuntien henkilöstötiedot", ""),
                            "baseline": (2018, "0.3"),
                            "target": (2021, "1.0"),
                            "values": {2019: "1.0", 2020: "1.0"},
                        },
                    ],
                },
            ],
        },
        {
            "theme": "osalus-ja-kaasamine",
            "title": "Osallisuus hyvinvointisuunnittelussa",
            "intro": "Asukkaiden, järjestöjen ja neuvottelukuntien osallisuus on hyvinvointisuunnittelun perusta.",
            "challenges": "Neuvottelukuntien tehtävät ovat epäselviä, tieto hankkeista on hajallaan eivätkä "
            "asukkaat ja heidän verkostonsa – neljäs sektori – pääse osallisiksi päätöksentekoon.",
            "goals": "Neuvottelukunnilla on selkeät perustehtävät. Maakunnallisella tasolla johdetaan verkostoja ja "
            "rakennetaan hankekartta. Maakunta kokoaa tiedon yhteen ja jakaa sen kuntiin. Asukkaat pääsevät "
            "osallisiksi matalan kynnyksen kohtaamisissa, sosiaalisessa mediassa ja yhteisöllisissä tiloissa. "
            "Maakunnalla on herkät korvat, oikea asenne ja tuoreet toimintatavat.",
            "lead_role": "osallisuuskoordinaattori",
            "lead_organisation": "pohjois-karjalan-maakuntaliitto",
            "activities": [
                {
                    "title": "Neuvottelukuntien perustehtävien määrittely",
                    "description": "Vanhus- ja vammaisneuvostoille sekä nuorisovaltuustoille kirjataan selkeät "
                    "perustehtävät ja rooli hyvinvointisuunnitelman valmistelussa.",
                    "rationale": "Selkeä tehtävä tekee neuvottelukuntien työstä vaikuttavaa.",
                    "responsible": "joensuun-kaupunki",
                    "partners": ["pohjois-karjalan-maakuntaliitto", "pohjois-karjalan-sosiaaliturvayhdistys"],
                    "municipalities": ALL,
                    "years": (2018, 2019),
                    "person_years": "0.20",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.NETWORK,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Kunnat, joissa neuvottelukuntien perustehtävät on kirjattu",
                            "unit": "kuntaa",
                            "source": MAAKUNTALIITTO,
                            "baseline": (2017, "2"),
                            "target": (2019, "8"),
                            "values": {2018: "5", 2019: "8"},
                        },
                    ],
                },
                {
                    "title": "Maakunnallinen hankekartta",
                    "description": "Maakunta kokoaa hyvinvointia edistävät hankkeet yhteiseen hankekarttaan ja "
                    "jakaa tiedon kuntiin ja verkostoille.",
                    "rationale": "Kun hankkeet näkyvät yhdessä paikassa, päällekkäinen työ vähenee ja hyvät "
                    "tulokset löytyvät.",
                    "responsible": "pohjois-karjalan-maakuntaliitto",
                    "partners": ["siun-sote", "pohjois-karjalan-sosiaaliturvayhdistys"],
                    "municipalities": ALL,
                    "years": (2018, 2021),
                    "person_years": "0.50",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.TOOLKIT,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Hankekartassa julkaistut hyvinvointihankkeet",
                            "unit": "hanketta",
                            "source": MAAKUNTALIITTO,
                            "baseline": (2018, "14"),
                            "target": (2021, "60"),
                            "values": {2019: "31", 2020: "47", 2021: "58"},
                        },
                    ],
                },
                {
                    "title": "Matalan kynnyksen kohtaamiset asukkaiden kanssa",
                    "description": "Kunnat järjestävät asukkaiden kohtaamisia kirjastoissa, kylätaloilla ja "
                    "sosiaalisessa mediassa, jotta myös neljäs sektori pääsee osalliseksi päätöksentekoon.",
                    "rationale": "Kaikki asukkaat eivät tule virallisiin kuulemistilaisuuksiin; matalan kynnyksen "
                    "kohtaamiset tavoittavat heidätkin.",
                    "responsible": "lieksan-kaupunki",
                    "partners": ["pohjois-karjalan-sosiaaliturvayhdistys", "pohjois-karjalan-maakuntaliitto"],
                    "municipalities": ALL,
                    "years": (2019, 2021),
                    "person_years": "0.40",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.CAMPAIGN,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Kohtaamisiin osallistuneet asukkaat",
                            "unit": "henkilöä",
                            "source": ("Kuntien seurantatiedot", ""),
                            "baseline": (2018, "0"),
                            "target": (2021, "1500"),
                            "values": {2019: "420", 2020: "610", 2021: "1180"},
                        },
                    ],
                },
            ],
        },
        {
            "theme": "tervist-toetavad-valikud",
            "title": "Terveyden ja hyvinvoinnin edistämisen ja ehkäisevän päihdetyön maakunnallinen tuki kunnille",
            "intro": "Maakunta tukee kuntia terveyden edistämisessä ja ehkäisevässä päihdetyössä: se kokoaa "
            "työkalut, tuottaa tietoa ja monistaa hyvät käytännöt.",
            "challenges": "Kuntien työkalut terveyden edistämiseen ja ongelmien ehkäisyyn ovat hajallaan, "
            "ongelmien juurisyihin ei tartuta, hyvät käytännöt jäävät yhteen kuntaan eikä maakunnan "
            "työvoimaresursseja (htv) ole määritelty.",
            "goals": "Työkalut kootaan maakunnallisesti. Maakunta tarttuu ongelmien juurisyihin ja tuottaa tietoa "
            "kuntien työn tueksi. Hyvät käytännöt monistetaan. Maakunnalliset painopisteet valitaan yhdessä. "
            "Järjestöjen kokemusasiantuntijuus otetaan käyttöön.",
            "lead_role": "ehkäisevän päihdetyön koordinaattori",
            "lead_organisation": "siun-sote",
            "activities": [
                {
                    "title": "Maakunnallinen työkalupakki terveyden edistämiseen ja ehkäisevään päihdetyöhön",
                    "description": "Kootaan kuntien käyttöön yhteiset työkalut terveyden edistämiseen ja ongelmien "
                    "ehkäisyyn sekä maakunnalliset painopisteet.",
                    "rationale": "Yhteiset työkalut säästävät kuntien työtä ja yhdenmukaistavat ehkäisevää työtä.",
                    "responsible": "siun-sote",
                    "partners": ["terveyden-ja-hyvinvoinnin-laitos", "pohjois-karjalan-maakuntaliitto"],
                    "municipalities": ALL,
                    "years": (2018, 2020),
                    "person_years": "0.80",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.TOOLKIT,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Alkoholijuomien myynti asukasta kohden 100 %:n alkoholina",
                            "unit": "litraa",
                            "source": SOTKANET,
                            "baseline": (2017, "7.9"),
                            "target": (2021, "7.0"),
                            "values": {2018: "7.8", 2019: "7.6", 2020: "7.7"},
                        },
                    ],
                },
                {
                    "title": "Hyvien käytäntöjen monistaminen",
                    "description": "Yhdessä kunnassa toimiviksi todetut käytännöt kuvataan ja niistä koulutetaan "
                    "muiden kuntien työntekijät.",
                    "rationale": "Hyvä käytäntö ei leviä itsestään; kuvaus ja koulutus madaltavat kynnystä.",
                    "responsible": "siun-sote",
                    "partners": ["ita-suomen-yliopisto", "pohjois-karjalan-maakuntaliitto"],
                    "municipalities": ALL,
                    "years": (2019, 2021),
                    "person_years": "0.50",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.TRAINING,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Vähintään kahteen kuntaan levitetyt hyvät käytännöt",
                            "unit": "käytäntöä",
                            "source": ("Siun sote", ""),
                            "baseline": (2018, "1"),
                            "target": (2021, "8"),
                            "values": {2019: "3", 2020: "5", 2021: "7"},
                        },
                    ],
                },
                {
                    "title": "Järjestöjen kokemusasiantuntijuus käyttöön",
                    "description": "Järjestöjen kokemusasiantuntijat osallistuvat kuntien hyte-työryhmiin ja "
                    "ehkäisevän päihdetyön suunnitteluun.",
                    "rationale": "Kokemusasiantuntijat tuovat esiin ongelmien juurisyyt, jotka eivät näy tilastoissa.",
                    "responsible": "pohjois-karjalan-sosiaaliturvayhdistys",
                    "partners": ["siun-sote", "joensuun-kaupunki"],
                    "municipalities": ALL,
                    "years": (2018, 2021),
                    "person_years": "0.60",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.NETWORK,
                    "status": Activity.Status.DONE,
                    "indicators": [
                        {
                            "name": "Kunnat, joiden hyte-työryhmässä on kokemusasiantuntija",
                            "unit": "kuntaa",
                            "source": ("Pohjois-Karjalan Sosiaaliturvayhdistys", ""),
                            "baseline": (2017, "1"),
                            "target": (2021, "8"),
                            "values": {2018: "3", 2019: "5", 2020: "6"},
                        },
                    ],
                },
                {
                    "title": "Maakunnan hyte-työvoimaresurssien (htv) määrittely",
                    "description": "Määritellään, kuinka monta henkilötyövuotta maakunta osoittaa kuntien hyte-työn "
                    "ja ehkäisevän päihdetyön tukeen. Tehtävä jäi kesken, kun maakuntauudistus raukesi "
                    "keväällä 2019.",
                    "rationale": "Tuki kunnille edellyttää nimettyjä ja resursoituja tekijöitä.",
                    "responsible": "pohjois-karjalan-maakuntaliitto",
                    "partners": ["siun-sote"],
                    "municipalities": [],
                    "years": (2018, 2019),
                    "person_years": "0.10",
                    "budget": None,
                    "funding_source": "",
                    "form": Activity.CooperationForm.ANALYSIS,
                    "status": Activity.Status.DROPPED,
                    "indicators": [
                        {
                            "name": "Maakunnan hyte-tukeen määritellyt henkilötyövuodet",
                            "unit": "htv",
                            "source": MAAKUNTALIITTO,
                            "baseline": (2017, "0"),
                            "target": (2019, "3"),
                            "values": {2018: "0.5"},
                        },
                    ],
                },
            ],
        },
    ],
}

# --- Consultation on the Võru plan ------------------------------------------------------------------------

# Seed 000 tells the plan's own consultation in words only (web workshops on 17 and 21 June, comments until August):
# its milestones show that. The windows here are demonstrations placed around the first load, and say so: a closed
# one with answered comments and the changes made after it, and an open one where commenting can be tried.
CLOSED_WINDOW = {
    "title": "Näidisarutelu: koostöökava teemade kommenteerimine (lõppenud)",
    "intro": "See on näidis, mis näitab, kuidas avalik arutelu portaalis käib: kuupäevad, töötoad, kommentaarid "
    "ja vastused on välja mõeldud. Koostöökava enda arutelu toimus veebipõhistes töötubades 17. ja 21. juunil ning "
    "tähelepanekuid sai lisada kuni augustini.",
    "opens_days_before": 75,
    "closes_days_before": 15,
}
OPEN_WINDOW = {
    "title": "Näidisarutelu: proovi kommenteerimist",
    "intro": "See on näidisarutelu, kus saab proovida kommenteerimist: tähelepanekuid, täpsustusi, lahenduskäike ja "
    "soovitusi saab lisada iga teema kohta. Näidisarutelu kommentaarid ei ole koostöökava ametlik tagasiside.",
    "opens_days_before": 7,
    "open_days": 60,
}
# The plan's content as it stood before the consultation is recorded this long before the window opened, and the
# changes its answers led to this long after it closed, so that "What changed since the consultation" shows them.
CONTENT_BEFORE = timedelta(days=1)
EDITS_AFTER = timedelta(days=5)

# day offsets from the day the closed window opened, local time
WORKSHOPS = [
    {
        "title": "Näidistöötuba veebis: väärikas vananemine ja õppiv inimene elukaarel",
        "day": 3,
        "starts": time(17, 0),
        "ends": time(19, 0),
        "web_link": "https://meet.example.org/vorumaa-heaolu-tootuba-1",
        "description": "Avalik arutelu teemaekspertide ettepanekute üle.",
    },
    {
        "title": "Näidistöötuba veebis: tervis, avalik ruum ja tark juhtimine",
        "day": 14,
        "starts": time(17, 0),
        "ends": time(19, 0),
        "web_link": "https://meet.example.org/vorumaa-heaolu-tootuba-2",
        "description": "Avalik arutelu teemaekspertide ettepanekute üle.",
    },
]

Decision = Response.Decision

# Commenters give a first name or nothing; the contact e-mail (CommenterContact) is never part of demo data.
COMMENTS = [
    {
        "section": "vaarikas-vananemine",
        "category": Comment.Category.OBSERVATION,
        "body": "Rõuge vallas elab palju eakaid üksi metsatalus ja talvel ei pääse nad poodi ega arsti juurde. "
        "Koduteenuse töötajaid on liiga vähe, et kõiki regulaarselt külastada.",
        "author_name": "Maie",
        "municipality": "rouge-vald",
        "workshop": None,
        "submitted": (1, 10),
        "state": Comment.State.PUBLISHED,
        "response": {
            "decision": Decision.PARTLY,
            "reason": "Arvestatud osaliselt. Koduteenuse töötajate arvu otsustab iga omavalitsus oma eelarves, kuid "
            "eakate kogukonnapõhise toe võrgustikku kaasatakse külavanemad, kes aitavad üksi elavate eakate "
            "toevajadust varem märgata.",
            "changed_section": True,
            "changed_activity": None,
            "published": True,
        },
    },
    {
        "section": "oppiv-inimene",
        "category": Comment.Category.CLARIFICATION,
        "body": "Kas tugispetsialistide ühisvõrgustik hõlmab ka lasteaedu või ainult koole? Lasteaedades on "
        "logopeedi vajadus kõige suurem.",
        "author_name": "",
        "municipality": None,
        "workshop": 0,
        "submitted": (3, 18),
        "state": Comment.State.PUBLISHED,
        "response": {
            "decision": Decision.TAKEN,
            "reason": "Arvestatud. Teemalehe teksti täpsustati: jagatud tugispetsialistid teenindavad nii koole "
            "kui ka lasteaedu ning ajakava koostamisel arvestatakse lasteaedade logopeedilise abi vajadusega.",
            "changed_section": True,
            "changed_activity": None,
            "published": True,
        },
    },
    {
        "section": "hea-avalik-ruum",
        "category": Comment.Category.SOLUTION,
        "body": "Nõudetransport võiks kohe alguses hõlmata ka Setomaa valla külasid, kus bussiliine peaaegu ei "
        "ole. Sõitu peaks saama tellida ka telefoni teel, sest kõik eakad nutiseadet ei kasuta.",
        "author_name": "Tarmo",
        "municipality": "setomaa-vald",
        "workshop": None,
        "submitted": (2, 14),
        "state": Comment.State.PUBLISHED,
        "response": {
            "decision": Decision.TAKEN,
            "reason": "Arvestatud. Setomaa valla külad lisati nõudetranspordi katsepiirkonda ja sõitu saab "
            "tellida ka telefoni teel. Tegevust „Nõudetranspordi ühine korraldus“ muudeti vastavalt.",
            "changed_section": False,
            "changed_activity": "Nõudetranspordi ühine korraldus",
            "published": True,
        },
    },
    {
        "section": "tervist-toetavad-valikud",
        "category": Comment.Category.RECOMMENDATION,
        "body": "Soovitan rajada igasse valda välijõusaali, sest need on odavad ja inimesed kasutavad neid meelsasti.",
        "author_name": "",
        "municipality": "voru-linn",
        "workshop": None,
        "submitted": (4, 9),
        "state": Comment.State.PUBLISHED,
        "response": {
            "decision": Decision.NOT_TAKEN,
            "reason": "Ei arvestatud. Välijõusaali rajamine on iga omavalitsuse enda investeeringuotsus ega vaja "
            "maakonnaülest koostööd; koostöökava keskendub tegevustele, mida üks omavalitsus üksi teha ei saa. "
            "Ettepanek edastati omavalitsustele.",
            "changed_section": False,
            "changed_activity": None,
            "published": True,
        },
    },
    {
        "section": "tark-juhtimine",
        "category": Comment.Category.OBSERVATION,
        "body": "Heaolu andmed on praegu laiali eri registrites ja omavalitsuste tabelites. Ühine andmelaud "
        "aitaks volikogudel paremaid otsuseid teha.",
        "author_name": "Kadri",
        "municipality": None,
        "workshop": None,
        "submitted": (5, 20),
        "state": Comment.State.PUBLISHED,
        "response": {
            "decision": Decision.NOTED,
            "reason": "Teadmiseks võetud. Heaolu andmelaud on koostöökavas juba olemas (tegevus „Heaoluprofiili "
            "uuendamine ja heaolu andmelaud“); tähelepanek kinnitab tegevuse vajalikkust.",
            "changed_section": False,
            "changed_activity": None,
            "published": False,
        },
    },
    {
        "section": "tark-juhtimine",
        "category": Comment.Category.RECOMMENDATION,
        "body": "Soovitan kaasata heaolu ümarlauda ka kohalikud ettevõtjad, kes pakuvad hooldus- ja "
        "transporditeenuseid.",
        "author_name": "",
        "municipality": "antsla-vald",
        "workshop": None,
        "submitted": (6, 12),
        "state": Comment.State.PENDING,
        "response": None,
    },
]

# --- Funded projects --------------------------------------------------------------------------------------

FUNDERS = [
    {"slug": "esf", "name": "Euroopa Sotsiaalfond", "short_name": "ESF", "website": ""},
    {
        "slug": "emp-ja-norra-toetused",
        "name": "Euroopa Majanduspiirkonna ja Norra finantsmehhanism",
        "short_name": "EMP ja Norra toetused",
        "website": "https://eeagrants.org",
    },
]

PROGRAMMES = [
    # funder, slug, name, from, until
    ("esf", "rakenduskava-2014-2020", "Ühtekuuluvuspoliitika fondide rakenduskava 2014–2020", 2014, 2020),
    (
        "esf",
        "inimressursi-arendamise-rakenduskava-2007-2013",
        "Inimressursi arendamise rakenduskava 2007–2013",
        2007,
        2013,
    ),
    ("emp-ja-norra-toetused", "2014-2021", "Euroopa Majanduspiirkonna ja Norra finantsmehhanism 2014–2021", 2014, 2021),
]

MEASURES = [
    # funder, programme, slug, name
    (
        "esf",
        "rakenduskava-2014-2020",
        "riigi-voimekuse-tostmine",
        "Riigi võimekuse tõstmine inimressursside arendamise ja institutsionaalse suutlikkuse parendamise kaudu",
    ),
    (
        "esf",
        "inimressursi-arendamise-rakenduskava-2007-2013",
        "avalike-teenistujate-koolitus-ja-arendamine",
        "Avalike teenistujate, kohalike omavalitsuste ja mittetulundusühingute töötajate koolitus ja arendamine",
    ),
]

Role = ProjectPartner.Role
LV_GOVS = _governments("laane-virumaa")
TARTU_GOVS = _governments("tartumaa")

PROJECTS = [
    {
        "region": "laane-virumaa",
        "slug": "sotsiaalteenuse-arendamise-vajaduse-analuus",
        "name": "Lääne-Viru maakonna ülene sotsiaalteenuse arendamise vajaduse analüüs",
        "funder": "esf",
        "programme": "rakenduskava-2014-2020",
        "measure": "riigi-voimekuse-tostmine",
        "goal": (
            "Projekti eesmärk on, et sotsiaalteenused Lääne-Virumaal on kliendile mugavad, kättesaadavad ning "
            "maakonna kohalike omavalitsuste kulutused sotsiaalvaldkonnas vähenevad. Teenuse osutamise võrgustiku "
            "terviklik korraldamine rahvastikumuutustega arvestavalt eesmärgiga tagada sotsiaalteenuste ühtlane "
            "kõrge kvaliteet nii maakonnas kui ka võrreldes naaberpiirkondadega."
        ),
        "activities_text": (
            "Projekti raames viib teenusepakkuja Cumulus Consulting OÜ läbi analüüsi, mis koosneb viiest osast."
        ),
        "results": (
            "Omavalitsused saavad endale teadmistepõhise tööriista, mille põhjal teha sotsiaalteenuste korraldamise "
            "otsuseid ja mille läbi paraneb kohalike avalike teenuste kättesaadavus ja kvaliteet ning kulutused "
            "sotsiaalvaldkonda vähenevad. Maakondlik terviklik lähenemine loob pinnase, et otsuseid langetatakse ja "
            "teenuseid osutatakse kohalike omavalitsuste ja kolmanda- ning erasektoriga koostöös, mille läbi "
            "suureneb kohalike omavalitsuste koostöövõimekus. Samuti on tulemuseks kvaliteetsem maakonna "
            "arengustrateegia ja tegevuskava uueks perioodiks."
        ),
        "start_date": date(2021, 8, 2),
        "end_date": date(2022, 8, 1),
        "total_cost": Decimal("29952.00"),
        "grant_amount": Decimal("25000.00"),
        "status": Project.Status.FINISHED,
        "manager_role": "projektijuht",
        "manager_organisation": "laane-viru-omavalitsuste-liit",
        "themes": ["sotsiaalteenused", "tark-juhtimine"],
        "activities": [],
        "partners": [
            ("laane-viru-omavalitsuste-liit", Role.BENEFICIARY),
            ("cumulus-consulting", Role.SERVICE_PROVIDER),
            *[(gov, Role.PARTNER) for gov in LV_GOVS],
        ],
        "components": [
            "Sotsiaalteenuste pakkumise suutlikkuse analüüs (teenuste olemasolu, teenusvõimekus jt) kogukondades",
            "Pikaajaline vaade teenusvajaduse trendidest ning selle mõju teenuste arendamisele",
            "Maakonnaülese ja/või väiksema grupi KOVide koostöös korraldatavate või osutatavate teenuste "
            "vajaduste analüüs",
            "Kogukonnateenuste vajaduse analüüs ja teenuseosutajate võrgustiku kaardistus vajadusest lähtuvalt",
            "KOVide ja koostöös (maakonnaülesel või KOVide grupid) korraldatavate või osutatavate teenuste mudeli "
            "disain (sh ühised võimekused, institutsioonid ja taristu) ja rakendamise eelduste tagamise tegevused "
            "(sh teenuste osutamine erinevate sektorite poolt jne)",
        ],
        "events": [],
        "outputs": [],
    },
    {
        "region": "tartumaa",
        "slug": "heaoluprogrammi-rakendusmudel",
        "name": "Tartumaa heaoluprogrammi (HOP) rakendusmudeli loomine ja piloteerimine",
        "funder": "emp-ja-norra-toetused",
        "programme": "2014-2021",
        "measure": None,
        "goal": (
            "Laste ja perede heaolu suurendamine laste hariduslike erivajaduste ja toevajaduse varajase märkamise "
            "ning laste toetamise tõhustamise kaudu."
        ),
        "activities_text": (
            "Tartu Hariduse Tugiteenuste Keskuse eestvedamisel ning Tartumaa Omavalitsuste Liidu koordineerimisel "
            "tegid koostööd kõik Tartumaa omavalitsused: Tartu linn, Elva, Nõo, Kambja, Kastre, Luunja, Peipsiääre "
            "ja Tartu vald. Projekti tegevustes osalesid omavalitsuste töögrupid, kuhu kuulusid esindajad "
            "haridus-, sotsiaal-, noorsootöö, tervishoiu ja mõnel ka korrakaitse valdkonnast. Lisaks "
            "valdkondadevahelisele koostööle võimestas projekt omavalitsuste ülest koostööd kogemuste ja info "
            "vahetamiseks, ühiselt tutvuti valdkonna parimate praktikatega nii Eestis (Saaremaa, Viljandi) kui ka "
            "erinevates välisriikides (Soome, Norra, Sloveenia, Holland jt)."
        ),
        "results": (
            "Iga omavalitsus töötas projektiperioodi vältel välja omale sobiva juhtumikorralduse rakendusmudeli "
            "kolmel tasandil – lasteaia, kooli ja omavalitsuse jaoks –, eesmärgiga abistada õpetajaid ja "
            "tugispetsialiste toevajaduse varasel märkamisel ja esmase toe pakkumisel. Mudelit aitas omavalitsustel "
            "mõtestada Sotsiaalse Innovatsiooni Labori meeskond. Lisaks valmis hindamisinstrumentide ja -juhendite "
            "tööriistakast Tartu Hariduse Tugiteenuste Keskuse eestvedamisel koostöös Tartu ja Tallinna Ülikooliga. "
            "Peredega koostöö tõhustamiseks koolitati esmatasandi juhtumikorraldajaid peamistel sotsiaal- ja "
            "lastekaitse teemadel, valmis koolituskava „Lapse heaolu toetav vestlus - koostöö kuldvõti“. Kuigi "
            "projekt on lõppenud, ei jää algatatud tegevused soiku: omavalitsused leppisid kokku, et "
            "heaoluvaldkonna jätkutegevuste planeerimiseks ning järjepidevuste tagamiseks sõlmitakse "
            "koostöökokkulepe aastani 2027."
        ),
        # The seed says the project lasted two years and was wrapped up on 29 April (2022, the year of the
        # article): its start and its total cost are not given, so they stay unknown; the grant is the seed's.
        "start_date": None,
        "end_date": date(2022, 4, 29),
        "total_cost": None,
        "grant_amount": Decimal("201669.95"),
        "status": Project.Status.FINISHED,
        "manager_role": "haridusnõunik",
        "manager_organisation": "tartumaa-omavalitsuste-liit",
        "themes": ["laste-ja-perede-heaolu", "oppiv-inimene"],
        "activities": [("oppiv-inimene", "Laste toevajaduse varajase märkamise ühtne juhtumikorralduse mudel")],
        "partners": [
            ("tartumaa-omavalitsuste-liit", Role.COORDINATOR),
            ("riigi-tugiteenuste-keskus", Role.INTERMEDIARY),
            ("tartu-hariduse-tugiteenuste-keskus", Role.LEAD_PARTNER),
            *[(gov, Role.PARTNER) for gov in TARTU_GOVS],
            ("sotsiaalse-innovatsiooni-labor", Role.PARTNER),
            ("tartu-ulikool", Role.PARTNER),
            ("tallinna-ulikool", Role.PARTNER),
        ],
        "components": [
            "Omavalitsuste valdkondadevahelised töögrupid (haridus, sotsiaal, noorsootöö, tervishoid, korrakaitse)",
            "Parimate praktikatega tutvumine Eestis ja välisriikides",
            "Juhtumikorralduse rakendusmudelite väljatöötamine lasteaia, kooli ja omavalitsuse tasandil",
            "Hindamisinstrumentide ja -juhendite tööriistakast",
            "Esmatasandi juhtumikorraldajate koolitus sotsiaal- ja lastekaitse teemadel",
        ],
        "events": [
            {
                "title": "Projekti lõpetamine",
                "date": date(2022, 4, 29),
                "place": "",
                "description": "Tartumaa omavalitsused võtsid kokku kaks aastat väldanud projekti.",
            },
        ],
        "outputs": [
            {
                "kind": ProjectOutput.Kind.OUTPUT,
                "title": "Juhtumikorralduse rakendusmudelid",
                "description": "Iga omavalitsuse juhtumikorralduse rakendusmudel kolmel tasandil: lasteaed, kool "
                "ja omavalitsus.",
                "valid_until": None,
            },
            {
                "kind": ProjectOutput.Kind.OUTPUT,
                "title": "Hindamisinstrumentide ja -juhendite tööriistakast",
                "description": "Valmis Tartu Hariduse Tugiteenuste Keskuse eestvedamisel koostöös Tartu ja "
                "Tallinna Ülikooliga.",
                "valid_until": None,
            },
            {
                "kind": ProjectOutput.Kind.OUTPUT,
                "title": "Koolituskava „Lapse heaolu toetav vestlus - koostöö kuldvõti“",
                "description": "Koolituskava esmatasandi juhtumikorraldajatele peredega koostöö tõhustamiseks.",
                "valid_until": None,
            },
            {
                "kind": ProjectOutput.Kind.FOLLOW_UP,
                "title": "Koostöökokkulepe heaoluvaldkonna jätkutegevusteks aastani 2027",
                "description": "Omavalitsused leppisid kokku, et heaoluvaldkonna jätkutegevuste planeerimiseks "
                "ning järjepidevuse tagamiseks sõlmitakse koostöökokkulepe aastani 2027.",
                "valid_until": date(2027, 12, 31),
            },
            {
                "kind": ProjectOutput.Kind.FOLLOW_UP,
                "title": "Ettepanek luua maakonnaülene koostöövõrgustik",
                "description": "Tartumaa omavalitsuste haridusvaldkonna eestvedajad tegid Tartumaa Omavalitsuste "
                "Liidule ettepaneku luua saavutatud tulemuste elujõulisuse tagamiseks maakonnaülene "
                "koostöövõrgustik.",
                "valid_until": None,
            },
        ],
    },
    {
        "region": "tartumaa",
        "slug": "rannu-rongu-elva-puhja-koolitused",
        "name": "Rannu, Rõngu, Elva ja Puhja koolitused",
        "funder": "esf",
        "programme": "inimressursi-arendamise-rakenduskava-2007-2013",
        "measure": "avalike-teenistujate-koolitus-ja-arendamine",
        "goal": (
            "Projekti eesmärk on ühiskoolituste abil (kus osalevad ametnikud ja volikogu liikmed kõigist "
            "omavalitsustest) tekitada diskussiooni omavalitsuste võimalike kokkupuutepunktide ning potentsiaalsete "
            "ühistegevuste leidmiseks, kuna kohalike omavalitsuste teatud ülesanded ja piirkonnale tervikuna "
            "olulised tegevused ei mahu enam ammu ühe omavalitsuse piiridesse ja haldusalasse (haridus, "
            "sotsiaalhoolekanne jms). Lühidalt kokkuvõttes on projekti eesmärgiks anda teadmisi strateegilisest "
            "mõtlemisest, tõhustada omavalitsuste koostööd piirkonnale tervikuna olulistes võtmevaldkondades ning "
            "koostada reaalne rakenduskava ühistegevusteks tulevikus."
        ),
        "activities_text": (
            "Kolm 1-päevast seminari/koolitust omavalitsuste ametnikele ning volikogude liikmetele üheskoos, kus "
            "analüüsitakse potentsiaalseid koostöövõimalusi tulevikuks. Valdkonnad, milles ühisosa leidmisele "
            "keskendutakse, on haridus, sotsiaalhoolekanne/tervishoid ning energia- ja kommunaalmajandus, kuid "
            "võimalusel arutletakse ka täiendavate valdkondade üle. Koolitaja on OÜ Cumulus Consulting, kellel on "
            "mitmeid eelnevaid kogemusi strateegilise planeerimise ning omavalitsustevahelise koostöö arendamisega."
        ),
        "results": (
            "Arenguprogramm keskendus omavalitsuste vaheliste koostöövormide loomisele (koostööstruktuuride "
            "loomine, lepinguline koostöö avalike teenuste osutamisel, ühisametnike rakendamine). Projektist "
            "tulenev kasu on pikaajaline ja kestev. Projekti käigus valminud rakenduskava tagab tegevuste "
            "jätkusuutlikkuse. Esimene ühistegevus (ühise menetlusteenistuse loomine) on esimeses arengujärgus. "
            "Teostatud on finants- ja mõjuanalüüsid ning plaan on antud volikogudele otsustamiseks. Lisaks "
            "ühisteenuste arendamisele loodi projektiga baas erinevate kohalike omavalitsuste ametnike ning "
            "volikogude liikmete koostöö edendamiseks. Plaanis on käima lükata valdkondlikud ametnike ümarlauad "
            "(nt sotsiaalnõunike vahel), koostöö haldusaktide koostamisel ja ühtlustamisel ning ühishangete "
            "läbiviimine (nt korraldatud olmejäätmete vedu)."
        ),
        # The seed gives the three training days but neither money nor the project's period: both stay unknown.
        "start_date": None,
        "end_date": None,
        "total_cost": None,
        "grant_amount": None,
        "status": Project.Status.FINISHED,
        "manager_role": "kontaktisik",
        "manager_organisation": "tartu-arinouandla",
        "themes": ["tark-juhtimine"],
        "activities": [],
        # Officials and council members of all four municipalities took part; since 2017 they are Elva vald.
        "partners": [
            ("cumulus-consulting", Role.SERVICE_PROVIDER),
            *[(slug, Role.PARTNER) for slug, _name, _municipality in FORMER_GOVERNMENTS],
        ],
        "components": [
            "Kolm ühepäevast seminari omavalitsuste ametnikele ja volikogude liikmetele",
            "Ühistegevuste rakenduskava koostamine",
        ],
        "events": [
            {"title": "1. koolituspäev", "date": date(2012, 11, 22), "place": "Elva", "description": ""},
            {"title": "2. koolituspäev", "date": date(2012, 12, 6), "place": "Rannu", "description": ""},
            {"title": "3. koolituspäev", "date": date(2013, 2, 7), "place": "Waide motell", "description": ""},
        ],
        "outputs": [
            {
                "kind": ProjectOutput.Kind.OUTPUT,
                "title": "Ühistegevuste rakenduskava",
                "description": "Projekti käigus valminud rakenduskava, mis tagab tegevuste jätkusuutlikkuse.",
                "valid_until": None,
            },
            {
                "kind": ProjectOutput.Kind.FOLLOW_UP,
                "title": "Ühise menetlusteenistuse loomine",
                "description": "Esimene ühistegevus; finants- ja mõjuanalüüsid on tehtud ja plaan on antud "
                "volikogudele otsustamiseks.",
                "valid_until": None,
            },
            {
                "kind": ProjectOutput.Kind.FOLLOW_UP,
                "title": "Piirkonna ühise meediaruumi finants- ja mõjuanalüüs",
                "description": "Analüüs on valmis, tegevused on praegu ootel – tehakse üks asi korraga.",
                "valid_until": None,
            },
        ],
    },
]

# --- Staff ------------------------------------------------------------------------------------------------

# Staff work in the workspace (/manage/) with roles in their region; the Django admin is for superusers only.
STAFF_USERS = [
    ("vorumaa-editor", "vorumaa", (RegionRole.Role.EDITOR, RegionRole.Role.PROJECT_EDITOR)),
    ("vorumaa-moderator", "vorumaa", (RegionRole.Role.MODERATOR,)),
]
MODERATOR = "vorumaa-moderator"


# --- Writing ----------------------------------------------------------------------------------------------


def _differs(obj: models.Model, name: str, wanted: Any) -> bool:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_one or model_field.one_to_one:
        # Compare ids, so that an unchanged foreign key costs no query.
        return getattr(obj, model_field.attname) != (wanted.pk if wanted is not None else None)
    return getattr(obj, name) != wanted


def _save(obj: models.Model) -> None:
    obj._change_reason = CHANGE_REASON  # django-simple-history stores it on the history row
    obj.full_clean()
    obj.save()


def _sync[M: models.Model](
    model: type[M],
    *,
    result: DemoLoadResult,
    lookup: Mapping[str, Any],
    values: Mapping[str, Any] | None = None,
    create_only: Mapping[str, Any] | None = None,
    m2m: Mapping[str, Iterable[models.Model]] | None = None,
    history: "History | None" = None,
    first_values: Mapping[str, Any] | None = None,
) -> M:
    """Get the row by its natural key and make it hold the wanted values, writing only what differs.

    ``create_only`` values are set when the row is created and never compared afterwards, e.g. times that are
    relative to the first load. A new row with ``history`` is recorded (django-simple-history) as created at
    ``history.created``, holding ``first_values`` over the wanted ones, and then changed to the wanted values at
    ``history.edited``: the story of a plan before and after its consultation.
    """
    values = values or {}
    obj = model._default_manager.filter(**lookup).order_by("pk").first()
    if obj is None:
        obj = model(**lookup, **{**values, **(first_values or {})}, **(create_only or {}))
        if history is not None:
            obj._history_date = history.created
        _save(obj)
        _sync_m2m(obj, m2m)  # part of the first version
        if first_values and history is not None:
            for name in first_values:
                setattr(obj, name, values[name])
            obj._history_date = history.edited
            _save(obj)
        outcome = CREATED
    else:
        changed = [name for name, wanted in values.items() if _differs(obj, name, wanted)]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            _save(obj)
        sets_changed = _sync_m2m(obj, m2m)
        outcome = UPDATED if changed or sets_changed else UNCHANGED
    result.count(model, outcome)
    return obj


def _sync_m2m(obj: models.Model, m2m: Mapping[str, Iterable[models.Model]] | None) -> bool:
    """Replace the many-to-many sets that differ; True when one did."""
    changed = False
    for name, wanted_objects in (m2m or {}).items():
        wanted_objects = list(wanted_objects)
        manager = getattr(obj, name)
        if set(manager.values_list("pk", flat=True)) != {o.pk for o in wanted_objects}:
            obj._change_reason = CHANGE_REASON
            manager.set(wanted_objects)
            changed = True
    return changed


def _local(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz)


class History(NamedTuple):
    created: datetime
    edited: datetime


class Schedule(NamedTuple):
    opens_at: datetime
    closes_at: datetime


def _window_schedule(*, plan_spec: Mapping[str, Any], window: Mapping[str, Any], now: datetime) -> Schedule:
    """Where a demonstration window is (found by its plan and title) or goes: around the first load, never moved."""
    stored = (
        ConsultationWindow.objects.filter(
            plan__region__slug=plan_spec["region"], plan__slug=plan_spec["slug"], title=window["title"]
        )
        .values_list("opens_at", "closes_at")
        .first()
    )
    if stored is not None:
        return Schedule(*stored)
    tz = ZoneInfo(next(r["timezone"] for r in REGIONS if r["slug"] == plan_spec["region"]))
    today = now.astimezone(tz).date()
    opens_at = _local(today - timedelta(days=window["opens_days_before"]), time(9, 0), tz)
    if "closes_days_before" in window:
        return Schedule(opens_at, _local(today - timedelta(days=window["closes_days_before"]), time(16, 0), tz))
    return Schedule(opens_at, _local(today + timedelta(days=window["open_days"] + 1), time(0, 0), tz))


# --- Loading ----------------------------------------------------------------------------------------------


def _load_themes(*, result: DemoLoadResult) -> dict[str, Theme]:
    themes = {}
    for position, spec in enumerate(THEMES, start=1):
        values = {key: value for key, value in spec.items() if key != "slug"}
        themes[spec["slug"]] = _sync(
            Theme, result=result, lookup={"slug": spec["slug"]}, values={**values, "position": position}
        )
    return themes


def _load_places(*, result: DemoLoadResult) -> tuple[dict[str, Region], dict[tuple[str, str], Municipality]]:
    regions = {
        spec["slug"]: _sync(
            Region,
            result=result,
            lookup={"slug": spec["slug"]},
            values={key: value for key, value in spec.items() if key != "slug"},
        )
        for spec in REGIONS
    }
    municipalities = {
        (region, slug): _sync(
            Municipality,
            result=result,
            lookup={"region": regions[region], "slug": slug},
            values={
                "name": name,
                "kind": kind,
                "former_names": MERGERS.get(slug, ("", None))[0],
                "merged_year": MERGERS.get(slug, ("", None))[1],
            },
        )
        for region, rows in MUNICIPALITIES.items()
        for slug, name, kind in rows
    }
    return regions, municipalities


def _load_organisations(
    *, result: DemoLoadResult, regions: dict[str, Region], municipalities: dict[tuple[str, str], Municipality]
) -> dict[str, Organisation]:
    organisations = {}
    for (region, slug), municipality in municipalities.items():
        government_slug, government_name = _government(slug, municipality.name, municipality.kind)
        organisations[government_slug] = _sync(
            Organisation,
            result=result,
            lookup={"slug": government_slug},
            values={
                "name": government_name,
                "kind": Organisation.Kind.MUNICIPALITY,
                "region": regions[region],
                "municipality": municipality,
                "website": "",
            },
        )
    tartumaa = regions["tartumaa"]
    for slug, name, municipality_slug in FORMER_GOVERNMENTS:
        organisations[slug] = _sync(
            Organisation,
            result=result,
            lookup={"slug": slug},
            values={
                "name": name,
                "kind": Organisation.Kind.MUNICIPALITY,
                "region": tartumaa,
                "municipality": municipalities[("tartumaa", municipality_slug)],
                "website": "",
            },
        )
    for spec in ORGANISATIONS:
        organisations[spec.slug] = _sync(
            Organisation,
            result=result,
            lookup={"slug": spec.slug},
            values={
                "name": spec.name,
                "kind": spec.kind,
                "region": regions[spec.region] if spec.region else None,
                "municipality": municipalities[(spec.region, spec.municipality)] if spec.municipality else None,
                "website": spec.website,
            },
        )
    return organisations


def _load_strategy_documents(
    *, result: DemoLoadResult, organisations: dict[str, Organisation]
) -> dict[str, StrategyDocument]:
    return {
        title: _sync(
            StrategyDocument,
            result=result,
            lookup={"title": title},
            values={
                "level": level,
                "issuer": organisations[issuer] if issuer else None,
                "start_year": start_year,
                "end_year": end_year,
            },
        )
        for title, level, issuer, start_year, end_year in STRATEGY_DOCUMENTS
    }


def _load_plan(
    *,
    result: DemoLoadResult,
    spec: Mapping[str, Any],
    now: datetime,
    themes: dict[str, Theme],
    regions: dict[str, Region],
    municipalities: dict[tuple[str, str], Municipality],
    organisations: dict[str, Organisation],
    documents: dict[str, StrategyDocument],
    history: History | None = None,
) -> tuple[CooperationPlan, dict[str, ThemeSection], dict[tuple[str, str], Activity]]:
    """A plan with its milestones, sections, activities and indicators. With ``history``, rows created now are
    recorded as written at ``history.created`` and changed as their ``at_close`` values say at ``history.edited``."""
    region = regions[spec["region"]]
    example = spec["example_activities"]
    plan_fields = ("title", "language", "summary", "purpose", "audience", "expected_result", "contact_role")
    plan = _sync(
        CooperationPlan,
        result=result,
        lookup={"region": region, "slug": spec["slug"]},
        values={
            **{name: spec[name] for name in plan_fields},
            "start_year": spec["start_year"],
            "end_year": spec["end_year"],
            "lead_organisation": organisations[spec["lead_organisation"]],
            "status": spec["status"],
        },
        create_only={"status_changed_at": history.created if history else now},
        m2m={"basis_documents": [documents[title] for title in spec["basis_documents"]]},
        history=history,
    )
    for milestone in spec["milestones"]:
        _sync(
            Milestone,
            result=result,
            lookup={"plan": plan, "title": milestone["title"]},
            values={key: value for key, value in milestone.items() if key != "title"},
            history=history,
        )
    region_municipalities = [m for (r, _slug), m in municipalities.items() if r == spec["region"]]
    sections, activities = {}, {}
    for section_position, section_spec in enumerate(spec["sections"], start=1):
        section = _sync(
            ThemeSection,
            result=result,
            lookup={"plan": plan, "theme": themes[section_spec["theme"]]},
            values={
                "title": section_spec["title"],
                "intro": section_spec["intro"],
                "challenges": section_spec["challenges"],
                "goals": section_spec["goals"],
                "lead_role": section_spec["lead_role"],
                "lead_organisation": organisations[section_spec["lead_organisation"]],
                "position": section_position,
            },
            history=history,
            first_values=section_spec.get("at_close"),
        )
        sections[section_spec["theme"]] = section
        for activity_position, activity_spec in enumerate(section_spec["activities"], start=1):
            if activity_spec["municipalities"] == ALL:
                activity_municipalities = region_municipalities
            else:
                activity_municipalities = [
                    municipalities[(spec["region"], slug)] for slug in activity_spec["municipalities"]
                ]
            budget = activity_spec["budget"]
            activity = _sync(
                Activity,
                result=result,
                lookup={"section": section, "title": activity_spec["title"]},
                values={
                    "description": activity_spec["description"],
                    "rationale": activity_spec["rationale"],
                    "responsible_organisation": organisations[activity_spec["responsible"]],
                    "start_year": activity_spec["years"][0],
                    "end_year": activity_spec["years"][1],
                    "person_years": Decimal(activity_spec["person_years"]),
                    "budget": Decimal(budget) if budget is not None else None,
                    "funding_source": activity_spec["funding_source"],
                    "cooperation_form": activity_spec["form"],
                    "status": activity_spec["status"],
                    "position": activity_position,
                    "is_example": example,
                },
                m2m={
                    "partner_organisations": [organisations[slug] for slug in activity_spec["partners"]],
                    "municipalities": activity_municipalities,
                },
                history=history,
                first_values=activity_spec.get("at_close"),
            )
            activities[(section_spec["theme"], activity_spec["title"])] = activity
            _load_indicators(
                result=result, activity=activity, specs=activity_spec["indicators"], example=example, history=history
            )
    return plan, sections, activities


def _load_indicators(
    *, result: DemoLoadResult, activity: Activity, specs: list[dict[str, Any]], example: bool, history: History | None
) -> None:
    for position, spec in enumerate(specs, start=1):
        source, source_url = spec["source"]
        indicator = _sync(
            Indicator,
            result=result,
            lookup={"activity": activity, "name": spec["name"]},
            values={
                "unit": spec["unit"],
                "source": source,
                "source_url": source_url,
                "baseline_year": spec["baseline"][0],
                "baseline_value": Decimal(spec["baseline"][1]),
                "target_year": spec["target"][0],
                "target_value": Decimal(spec["target"][1]),
                "position": position,
                "is_example": example,
            },
            history=history,
        )
        for year, value in spec["values"].items():
            _sync(
                IndicatorValue,
                result=result,
                lookup={"indicator": indicator, "year": year},
                values={"value": Decimal(value)},
                history=history,
            )


def _load_staff(*, result: DemoLoadResult, regions: dict[str, Region]) -> dict[str, Any]:
    """The demo staff users and their roles in their region.

    A new user gets a random password that exists only in the result, for printing once; an existing user is
    left exactly as it is, password included. Roles are only ever added.
    """
    user_model = get_user_model()
    users = {}
    for username, region_slug, roles in STAFF_USERS:
        user = user_model._default_manager.filter(username=username).first()
        if user is not None:
            result.existing_users.append(username)
            result.count(user_model, UNCHANGED)
        else:
            password = secrets.token_urlsafe(18)
            user = user_model(username=username)
            user.set_password(password)
            user.save()
            result.new_passwords[username] = password
            result.count(user_model, CREATED)
        for role in roles:
            _sync(RegionRole, result=result, lookup={"user": user, "region": regions[region_slug], "role": role})
        users[username] = user
    return users


def _load_consultation(
    *,
    result: DemoLoadResult,
    plan: CooperationPlan,
    closed: Schedule,
    open_: Schedule,
    sections: dict[str, ThemeSection],
    activities: dict[tuple[str, str], Activity],
    municipalities: dict[tuple[str, str], Municipality],
    moderator: Any,
) -> ConsultationWindow:
    """The two demonstration windows: the closed one with its workshops, comments and answers, and an open one.

    Windows are placed around the moment of the first load and never moved later; every other time here is
    counted from the closed window's stored opening, so later runs compute the same values.
    """
    tz = ZoneInfo(plan.region.timezone)
    windows = [
        _sync(
            ConsultationWindow,
            result=result,
            lookup={"plan": plan, "title": spec["title"]},
            create_only={
                "intro": spec["intro"],
                "opens_at": schedule.opens_at,
                "closes_at": schedule.closes_at,
                "moderation_mode": ConsultationWindow.ModerationMode.PRE,
            },
        )
        for spec, schedule in ((CLOSED_WINDOW, closed), (OPEN_WINDOW, open_))
    ]
    window = windows[0]
    opened_on = window.opens_at.astimezone(tz).date()

    workshops = []
    for spec in WORKSHOPS:
        day = opened_on + timedelta(days=spec["day"])
        workshops.append(
            _sync(
                Workshop,
                result=result,
                lookup={"window": window, "title": spec["title"]},
                values={
                    "starts_at": _local(day, spec["starts"], tz),
                    "ends_at": _local(day, spec["ends"], tz),
                    "place": "",
                    "web_link": spec["web_link"],
                    "description": spec["description"],
                },
            )
        )

    for spec in COMMENTS:
        section = sections[spec["section"]]
        if spec["workshop"] is not None:
            workshop = workshops[spec["workshop"]]
            submitted_at = workshop.starts_at + timedelta(minutes=45)
        else:
            workshop = None
            day, hour = spec["submitted"]
            submitted_at = _local(opened_on + timedelta(days=day), time(hour, 0), tz)
        published = spec["state"] == Comment.State.PUBLISHED
        comment = _sync(
            Comment,
            result=result,
            lookup={"window": window, "body": spec["body"]},
            values={
                "section": section,
                "category": spec["category"],
                "author_name": spec["author_name"],
                "municipality": municipalities[(plan.region.slug, spec["municipality"])]
                if spec["municipality"]
                else None,
                "source": Comment.Source.WORKSHOP if workshop else Comment.Source.WEB,
                "workshop": workshop,
                "state": spec["state"],
                "submitted_at": submitted_at,
                "moderated_at": submitted_at + timedelta(hours=20) if published else None,
                "moderated_by": moderator if published else None,
            },
        )
        answer = spec["response"]
        if answer is None:
            continue
        answered_at = submitted_at + timedelta(days=1)
        changed_activity = answer["changed_activity"]
        _sync(
            Response,
            result=result,
            lookup={"comment": comment},
            values={
                "decision": answer["decision"],
                "reason": answer["reason"],
                "changed_section": section if answer["changed_section"] else None,
                "changed_activity": activities[(spec["section"], changed_activity)] if changed_activity else None,
                "answered_by": moderator,
                "answered_at": answered_at,
                "published_at": answered_at + timedelta(hours=2) if answer["published"] else None,
            },
        )
    return window


def _load_projects(
    *,
    result: DemoLoadResult,
    themes: dict[str, Theme],
    regions: dict[str, Region],
    organisations: dict[str, Organisation],
    activities: dict[tuple[str, str], Activity],
) -> dict[str, Project]:
    funders = {
        spec["slug"]: _sync(
            Funder,
            result=result,
            lookup={"slug": spec["slug"]},
            values={key: value for key, value in spec.items() if key != "slug"},
        )
        for spec in FUNDERS
    }
    programmes = {
        slug: _sync(
            Programme,
            result=result,
            lookup={"funder": funders[funder], "slug": slug},
            values={"name": name, "start_year": start_year, "end_year": end_year},
        )
        for funder, slug, name, start_year, end_year in PROGRAMMES
    }
    measures = {
        slug: _sync(
            Measure,
            result=result,
            lookup={"funder": funders[funder], "slug": slug},
            values={"programme": programmes[programme], "name": name},
        )
        for funder, programme, slug, name in MEASURES
    }

    projects = {}
    for spec in PROJECTS:
        project = _sync(
            Project,
            result=result,
            lookup={"region": regions[spec["region"]], "slug": spec["slug"]},
            values={
                "name": spec["name"],
                "language": "et",
                "goal": spec["goal"],
                "activities_text": spec["activities_text"],
                "results": spec["results"],
                "funder": funders[spec["funder"]],
                "programme": programmes[spec["programme"]] if spec["programme"] else None,
                "measure": measures[spec["measure"]] if spec["measure"] else None,
                "start_date": spec["start_date"],
                "end_date": spec["end_date"],
                "total_cost": spec["total_cost"],
                "grant_amount": spec["grant_amount"],
                "status": spec["status"],
                "manager_role": spec["manager_role"],
                "manager_organisation": organisations[spec["manager_organisation"]],
            },
            m2m={
                "themes": [themes[slug] for slug in spec["themes"]],
                "activities": [activities[key] for key in spec["activities"]],
            },
        )
        projects[spec["slug"]] = project
        for position, (slug, role) in enumerate(spec["partners"], start=1):
            _sync(
                ProjectPartner,
                result=result,
                lookup={"project": project, "organisation": organisations[slug], "role": role},
                values={"position": position},
            )
        for position, title in enumerate(spec["components"], start=1):
            _sync(
                ProjectComponent,
                result=result,
                lookup={"project": project, "title": title},
                values={"position": position},
            )
        for event in spec["events"]:
            _sync(
                ProjectEvent,
                result=result,
                lookup={"project": project, "title": event["title"]},
                values={"date": event["date"], "place": event["place"], "description": event["description"]},
            )
        for position, output in enumerate(spec["outputs"], start=1):
            _sync(
                ProjectOutput,
                result=result,
                lookup={"project": project, "title": output["title"]},
                values={
                    "kind": output["kind"],
                    "description": output["description"],
                    "valid_until": output["valid_until"],
                    "position": position,
                },
            )
    return projects


@transaction.atomic
def demo_data_load(*, now: datetime | None = None) -> DemoLoadResult:
    """Load (or bring back) the demo data; a repeated run changes nothing.

    ``now`` places newly created demonstration windows (a closed one, open from 75 to 15 days before, and an open
    one, opened a week before and open for 60 days after); an existing window is never moved. The Võru plan's
    history starts before the closed window opened and records the changes its answers led to after it closed.
    """
    now = now or timezone.now()
    result = DemoLoadResult()
    themes = _load_themes(result=result)
    regions, municipalities = _load_places(result=result)
    organisations = _load_organisations(result=result, regions=regions, municipalities=municipalities)
    documents = _load_strategy_documents(result=result, organisations=organisations)
    users = _load_staff(result=result, regions=regions)
    places = {
        "themes": themes,
        "regions": regions,
        "municipalities": municipalities,
        "organisations": organisations,
        "documents": documents,
    }
    closed = _window_schedule(plan_spec=VORU_PLAN, window=CLOSED_WINDOW, now=now)
    open_ = _window_schedule(plan_spec=VORU_PLAN, window=OPEN_WINDOW, now=now)
    history = History(created=closed.opens_at - CONTENT_BEFORE, edited=closed.closes_at + EDITS_AFTER)
    voru_plan, voru_sections, voru_activities = _load_plan(
        result=result, spec=VORU_PLAN, now=now, history=history, **places
    )
    _load_plan(result=result, spec=HYTE_PLAN, now=now, **places)
    _load_consultation(
        result=result,
        plan=voru_plan,
        closed=closed,
        open_=open_,
        sections=voru_sections,
        activities=voru_activities,
        municipalities=municipalities,
        moderator=users[MODERATOR],
    )
    _load_projects(
        result=result, themes=themes, regions=regions, organisations=organisations, activities=voru_activities
    )
    return result
