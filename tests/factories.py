"""factory_boy factories for every model of the portal.

Defaults make a valid row for every database constraint, and SubFactory chains keep one region per object graph:
an activity's responsible organisation sits in the region of the activity's plan, a comment's theme section belongs
to the plan of the comment's consultation window, a project's measure belongs to the project's funder. Money and
measured values are ``Decimal``, never float.

    plan = CooperationPlanFactory(region=region)
    activity = ActivityFactory(section__plan=plan, municipalities=[municipality])
    OrganisationFactory(kind=Organisation.Kind.MUNICIPALITY)  # gets a municipality of its region
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from consultations.models import (
    Comment,
    CommenterContact,
    ConsultationWindow,
    OutgoingMail,
    Response,
    Subscription,
    WindowAnnouncement,
    Workshop,
)
from core.models import AuditEvent, Municipality, Organisation, Region, RegionRole
from documents.models import Document
from pages.models import AccessibilityFeedback
from plans.models import (
    Activity,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
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

TEST_PASSWORD = "correct horse battery staple"


def _m2m(field_name):
    """A post-generation hook that sets a many-to-many field from a list passed to the factory."""

    def hook(obj, create, extracted, **kwargs):
        if create and extracted:
            getattr(obj, field_name).set(extracted)

    hook.__name__ = field_name
    return factory.post_generation(hook)


class BaseFactory(DjangoModelFactory):
    class Meta:
        abstract = True
        # Post-generation hooks only set many-to-many fields; saving again would add a second history record.
        skip_postgeneration_save = True


# --- Users ----------------------------------------------------------------------------------------------------


class UserFactory(BaseFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(TEST_PASSWORD)

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_staff=True, is_superuser=True)


# --- themes ---------------------------------------------------------------------------------------------------


class ThemeFactory(BaseFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_et = factory.Sequence(lambda n: f"Teema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_fi = factory.Sequence(lambda n: f"Teema {n} (suomeksi)")
    description = "Teema kirjeldus."
    # Dark enough for white text (contrast 7.1:1).
    colour = "#1f5f8b"
    icon = ""
    position = factory.Sequence(lambda n: n)


# --- plans ----------------------------------------------------------------------------------------------------


class RegionFactory(BaseFactory):
    class Meta:
        model = Region

    slug = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Maakond {n}")
    kind = Region.Kind.COUNTY
    country = Region.Country.ESTONIA
    language = "et"
    timezone = "Europe/Tallinn"

    class Params:
        finnish = factory.Trait(
            kind=Region.Kind.REGION, country=Region.Country.FINLAND, language="fi", timezone="Europe/Helsinki"
        )


class MunicipalityFactory(BaseFactory):
    class Meta:
        model = Municipality

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"municipality-{n}")
    name = factory.Sequence(lambda n: f"Vald {n}")
    kind = Municipality.Kind.RURAL


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    slug = factory.Sequence(lambda n: f"organisation-{n}")
    name = factory.Sequence(lambda n: f"Organisatsioon {n}")
    kind = Organisation.Kind.NGO
    region = factory.SubFactory(RegionFactory)
    # A municipal government must name its municipality (constraint): give it one in its own region.
    municipality = factory.Maybe(
        factory.LazyAttribute(lambda o: o.kind == Organisation.Kind.MUNICIPALITY),
        yes_declaration=factory.SubFactory(
            MunicipalityFactory,
            region=factory.LazyAttribute(lambda m: m.factory_parent.region or RegionFactory()),
        ),
        no_declaration=None,
    )
    website = ""

    class Params:
        municipal_government = factory.Trait(kind=Organisation.Kind.MUNICIPALITY)
        development_centre = factory.Trait(kind=Organisation.Kind.DEVELOPMENT_CENTRE)


class StrategyDocumentFactory(BaseFactory):
    class Meta:
        model = StrategyDocument

    title = factory.Sequence(lambda n: f"Arengustrateegia {n}")
    level = StrategyDocument.Level.NATIONAL
    issuer = None
    start_year = 2021
    end_year = 2035
    url = ""


class CooperationPlanFactory(BaseFactory):
    class Meta:
        model = CooperationPlan

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"plan-{n}")
    title = factory.Sequence(lambda n: f"Heaolu koostöökava {n}")
    language = factory.SelfAttribute("region.language")
    summary = "Omavalitsuste ühine heaolu koostöökava."
    start_year = 2022
    end_year = 2025
    lead_organisation = factory.SubFactory(
        OrganisationFactory, region=factory.SelfAttribute("..region"), kind=Organisation.Kind.DEVELOPMENT_CENTRE
    )
    contact_role = "heaolu juht"
    status = CooperationPlan.Status.DRAFT

    basis_documents = _m2m("basis_documents")

    class Params:
        consultation = factory.Trait(status=CooperationPlan.Status.CONSULTATION)
        adopted = factory.Trait(status=CooperationPlan.Status.ADOPTED)


class MilestoneFactory(BaseFactory):
    class Meta:
        model = Milestone

    plan = factory.SubFactory(CooperationPlanFactory)
    kind = Milestone.Kind.ROUND_TABLE
    title = factory.Sequence(lambda n: f"Ümarlaud {n}")
    starts_on = date(2021, 6, 17)
    ends_on = None
    date_label = ""


class ThemeSectionFactory(BaseFactory):
    class Meta:
        model = ThemeSection

    plan = factory.SubFactory(CooperationPlanFactory)
    theme = factory.SubFactory(ThemeFactory)
    title = factory.SelfAttribute("theme.name_et")
    intro = "Sissejuhatus."
    challenges = "Väljakutsed."
    goals = "Eesmärgid."
    lead_role = "teemajuht"
    lead_organisation = None
    position = factory.Sequence(lambda n: n)


class ActivityFactory(BaseFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(ThemeSectionFactory)
    title = factory.Sequence(lambda n: f"Koostöötegevus {n}")
    description = "Mida tehakse."
    rationale = "Miks tehakse."
    responsible_organisation = factory.SubFactory(
        OrganisationFactory, region=factory.SelfAttribute("..section.plan.region")
    )
    start_year = 2022
    end_year = 2024
    person_years = Decimal("0.50")
    budget = Decimal("12000.00")
    funding_source = "omavalitsuste eelarved"
    cooperation_form = Activity.CooperationForm.NETWORK
    status = Activity.Status.PLANNED
    position = factory.Sequence(lambda n: n)

    partner_organisations = _m2m("partner_organisations")
    municipalities = _m2m("municipalities")


class IndicatorFactory(BaseFactory):
    class Meta:
        model = Indicator

    activity = factory.SubFactory(ActivityFactory)
    name = factory.Sequence(lambda n: f"Näitaja {n}")
    unit = "%"
    source = "Statistikaamet"
    source_url = ""
    baseline_year = 2020
    baseline_value = Decimal("12.50")
    target_year = 2025
    target_value = Decimal("10.00")
    position = factory.Sequence(lambda n: n)


class IndicatorValueFactory(BaseFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    # Unique per indicator and year: successive values of one indicator get successive years.
    year = factory.Sequence(lambda n: 1990 + n % 111)
    value = Decimal("11.75")


class DocumentFactory(BaseFactory):
    class Meta:
        model = Document

    plan = factory.SubFactory(CooperationPlanFactory)
    kind = Document.Kind.PLAN_SUMMARY
    section = None
    scope = ""
    language = factory.SelfAttribute("plan.language")
    source_hash = factory.Sequence(lambda n: f"{n:064x}")
    state = Document.State.QUEUED
    file = ""

    class Params:
        theme_sheet = factory.Trait(
            kind=Document.Kind.THEME_SHEET,
            section=factory.SubFactory(ThemeSectionFactory, plan=factory.SelfAttribute("..plan")),
        )
        # A file name only: nothing is written to storage.
        ready = factory.Trait(
            state=Document.State.READY,
            file=factory.Sequence(lambda n: f"documents/document-{n}.pdf"),
            size=48_213,
            pages=2,
            render_seconds=Decimal("0.210"),
            rendered_at=factory.LazyFunction(timezone.now),
        )


# --- consultations --------------------------------------------------------------------------------------------


class ConsultationWindowFactory(BaseFactory):
    """A window open now: opened a day ago, closes in thirty days."""

    class Meta:
        model = ConsultationWindow

    plan = factory.SubFactory(CooperationPlanFactory, status=CooperationPlan.Status.CONSULTATION)
    title = factory.Sequence(lambda n: f"Avalik arutelu {n}")
    intro = "Kommenteeri kava teemasid."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda w: w.opens_at + timedelta(days=31))
    moderation_mode = ConsultationWindow.ModerationMode.PRE

    sections = _m2m("sections")

    class Params:
        closed = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=60)),
            closes_at=factory.LazyAttribute(lambda w: w.opens_at + timedelta(days=30)),
        )
        upcoming = factory.Trait(
            opens_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=7)),
            closes_at=factory.LazyAttribute(lambda w: w.opens_at + timedelta(days=30)),
        )


class WorkshopFactory(BaseFactory):
    class Meta:
        model = Workshop

    window = factory.SubFactory(ConsultationWindowFactory)
    title = factory.Sequence(lambda n: f"Veebitöötuba {n}")
    starts_at = factory.LazyAttribute(lambda w: w.window.opens_at + timedelta(days=2))
    ends_at = factory.LazyAttribute(lambda w: w.starts_at + timedelta(hours=2))
    place = "Võru Kultuurimaja"
    web_link = ""
    registration_link = ""
    description = ""

    class Params:
        online = factory.Trait(place="", web_link="https://meet.example.org/heaolu")


class CommentFactory(BaseFactory):
    class Meta:
        model = Comment

    window = factory.SubFactory(ConsultationWindowFactory)
    section = factory.SubFactory(ThemeSectionFactory, plan=factory.SelfAttribute("..window.plan"))
    category = Comment.Category.OBSERVATION
    body = factory.Sequence(lambda n: f"Tähelepanek number {n}: eakate transport vajab kokkulepet.")
    author_name = ""
    municipality = None
    source = Comment.Source.WEB
    workshop = None
    state = Comment.State.PENDING
    rejection_reason = ""

    class Params:
        published = factory.Trait(state=Comment.State.PUBLISHED, moderated_at=factory.LazyFunction(timezone.now))
        rejected = factory.Trait(
            state=Comment.State.REJECTED,
            rejection_reason="Ei puuduta kava.",
            moderated_at=factory.LazyFunction(timezone.now),
        )


class CommenterContactFactory(BaseFactory):
    class Meta:
        model = CommenterContact

    comment = factory.SubFactory(CommentFactory)
    email = factory.Sequence(lambda n: f"commenter{n}@example.org")
    erase_after = None


class ResponseFactory(BaseFactory):
    class Meta:
        model = Response

    comment = factory.SubFactory(CommentFactory, state=Comment.State.PUBLISHED)
    decision = Response.Decision.TAKEN
    reason = "Arvestatud, täiendatud tegevuste loetelu."
    changed_section = None
    changed_activity = None
    answered_by = None
    published_at = None


# --- projects -------------------------------------------------------------------------------------------------


class FunderFactory(BaseFactory):
    class Meta:
        model = Funder

    slug = factory.Sequence(lambda n: f"funder-{n}")
    name = factory.Sequence(lambda n: f"Rahastaja {n}")
    short_name = ""
    website = ""


class ProgrammeFactory(BaseFactory):
    class Meta:
        model = Programme

    funder = factory.SubFactory(FunderFactory)
    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programm {n}")
    start_year = 2014
    end_year = 2021


class MeasureFactory(BaseFactory):
    class Meta:
        model = Measure

    funder = factory.SubFactory(FunderFactory)
    programme = factory.SubFactory(ProgrammeFactory, funder=factory.SelfAttribute("..funder"))
    slug = factory.Sequence(lambda n: f"measure-{n}")
    name = factory.Sequence(lambda n: f"Meede {n}")
    code = ""


class ProjectFactory(BaseFactory):
    class Meta:
        model = Project

    region = factory.SubFactory(RegionFactory)
    slug = factory.Sequence(lambda n: f"project-{n}")
    code = factory.Sequence(lambda n: f"2014-2021.{n}")
    name = factory.Sequence(lambda n: f"Koostööprojekt {n}")
    language = factory.SelfAttribute("region.language")
    goal = "Eesmärk."
    activities_text = ""
    results = ""
    funder = factory.SubFactory(FunderFactory)
    programme = factory.SubFactory(ProgrammeFactory, funder=factory.SelfAttribute("..funder"))
    measure = factory.SubFactory(
        MeasureFactory, funder=factory.SelfAttribute("..funder"), programme=factory.SelfAttribute("..programme")
    )
    start_date = date(2021, 3, 1)
    end_date = date(2022, 8, 31)
    # The Lääne-Viru analysis: 29 952,00 € in all, 25 000 € of it grant.
    total_cost = Decimal("29952.00")
    grant_amount = Decimal("25000.00")
    status = Project.Status.RUNNING
    manager_role = "projektijuht"
    manager_organisation = None
    archived = False

    activities = _m2m("activities")
    themes = _m2m("themes")


class ProjectPartnerFactory(BaseFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory, region=factory.SelfAttribute("..project.region"))
    role = ProjectPartner.Role.PARTNER
    contribution = None
    position = factory.Sequence(lambda n: n)

    class Params:
        beneficiary = factory.Trait(role=ProjectPartner.Role.BENEFICIARY)


class ProjectComponentFactory(BaseFactory):
    class Meta:
        model = ProjectComponent

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Tööosa {n}")
    description = ""
    position = factory.Sequence(lambda n: n)


class ProjectEventFactory(BaseFactory):
    class Meta:
        model = ProjectEvent

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Koolitus {n}")
    date = factory.LazyAttribute(lambda e: e.project.start_date + timedelta(days=30))
    end_date = None
    place = "Elva"
    description = ""


class ProjectOutputFactory(BaseFactory):
    class Meta:
        model = ProjectOutput

    project = factory.SubFactory(ProjectFactory)
    kind = ProjectOutput.Kind.OUTPUT
    title = factory.Sequence(lambda n: f"Tulemus {n}")
    description = ""
    url = ""
    valid_until = None
    position = factory.Sequence(lambda n: n)


# Every portal model with its factory, for tests that walk all models (admin pages, __str__, URLs).
# --- the portal itself ----------------------------------------------------------------------------------------


class AccessibilityFeedbackFactory(BaseFactory):
    class Meta:
        model = AccessibilityFeedback

    page_url = "/et/"
    message = "Tabelit ei saa klaviatuuriga kerida."
    email = ""
    language = "et"


class RegionRoleFactory(BaseFactory):
    class Meta:
        model = RegionRole

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = RegionRole.Role.EDITOR


class AuditEventFactory(BaseFactory):
    class Meta:
        model = AuditEvent

    actor = factory.SubFactory(UserFactory)
    actor_label = factory.LazyAttribute(lambda e: e.actor.username if e.actor else "")
    action = AuditEvent.Action.STATUS
    region = factory.SubFactory(RegionFactory)
    object_type = "plans.cooperationplan"
    object_id = "1"
    object_label = "Koostöökava 2025–2028"
    data = factory.LazyFunction(lambda: {"code": "status", "from": "draft", "to": "consultation"})


class OutgoingMailFactory(BaseFactory):
    class Meta:
        model = OutgoingMail

    to = "elanik@example.org"
    kind = OutgoingMail.Kind.RECEIPT
    subject = "Kommentaar on kätte saadud"
    body = "Aitäh!"
    language = "et"
    comment = factory.SubFactory(CommentFactory)


class SubscriptionFactory(BaseFactory):
    class Meta:
        model = Subscription

    region = factory.SubFactory(RegionFactory)
    email = factory.Sequence(lambda n: f"tellija{n}@example.org")
    language = "et"


class WindowAnnouncementFactory(BaseFactory):
    class Meta:
        model = WindowAnnouncement

    window = factory.SubFactory(ConsultationWindowFactory)
    recipients = 3


FACTORY_FOR_MODEL = {
    factory_class._meta.model: factory_class
    for factory_class in [
        ThemeFactory,
        RegionFactory,
        MunicipalityFactory,
        OrganisationFactory,
        StrategyDocumentFactory,
        CooperationPlanFactory,
        MilestoneFactory,
        ThemeSectionFactory,
        ActivityFactory,
        IndicatorFactory,
        IndicatorValueFactory,
        DocumentFactory,
        ConsultationWindowFactory,
        WorkshopFactory,
        CommentFactory,
        CommenterContactFactory,
        ResponseFactory,
        FunderFactory,
        ProgrammeFactory,
        MeasureFactory,
        ProjectFactory,
        ProjectPartnerFactory,
        ProjectComponentFactory,
        ProjectEventFactory,
        ProjectOutputFactory,
        AccessibilityFeedbackFactory,
        RegionRoleFactory,
        AuditEventFactory,
        OutgoingMailFactory,
        SubscriptionFactory,
        WindowAnnouncementFactory,
    ]
}


# --- monitoring: statistics ------------------------------------------------------------------------------------


class StatisticsSourceFactory(BaseFactory):
    class Meta:
        model = "monitoring.StatisticsSource"

    indicator = factory.SubFactory(IndicatorFactory)
    provider = "sotkanet"
    dataset = "4559"
    query = factory.LazyFunction(lambda: {"gender": "total"})
    area_code = "MK08"
    municipality_codes = factory.LazyFunction(dict)
    country_code = "FI"
    direction = "higher"
    rule = "trend"


class StatisticValueFactory(BaseFactory):
    class Meta:
        model = "monitoring.StatisticValue"

    source = factory.SubFactory(StatisticsSourceFactory)
    area_kind = "region"
    area_code = factory.SelfAttribute("source.area_code")
    area_name = "Maakond"
    year = factory.Sequence(lambda n: 1990 + n % 111)
    value = Decimal("11.7500")
    fetched_at = factory.LazyFunction(timezone.now)


FACTORY_FOR_MODEL[StatisticsSourceFactory._meta.model] = StatisticsSourceFactory
FACTORY_FOR_MODEL[StatisticValueFactory._meta.model] = StatisticValueFactory


class ClockTaskFactory(BaseFactory):
    class Meta:
        model = "monitoring.ClockTask"

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Iga-aastane ülesanne {n}")
    description = ""
    month = 4
    day = 15
    responsible_role = RegionRole.Role.EDITOR
    remind_days_before = 14


class ClockReminderFactory(BaseFactory):
    class Meta:
        model = "monitoring.ClockReminder"

    task = factory.SubFactory(ClockTaskFactory)
    occurs_on = date(2027, 4, 15)
    user = factory.SubFactory(UserFactory)


FACTORY_FOR_MODEL[ClockTaskFactory._meta.get_model_class()] = ClockTaskFactory
FACTORY_FOR_MODEL[ClockReminderFactory._meta.get_model_class()] = ClockReminderFactory


# --- monitoring: progress --------------------------------------------------------------------------------------


class ActivityProgressFactory(BaseFactory):
    class Meta:
        model = "monitoring.ActivityProgress"

    activity = factory.SubFactory(ActivityFactory)
    # Unique per activity and year: successive reports of one activity get successive years.
    year = factory.Sequence(lambda n: 2022 + n % 50)
    status = "on_track"
    account = "Kohtumised peeti."
    money_spent = Decimal("1234.50")
    person_years_used = Decimal("0.25")

    evidence_projects = _m2m("evidence_projects")


class EvidenceLinkFactory(BaseFactory):
    class Meta:
        model = "monitoring.EvidenceLink"

    progress = factory.SubFactory(ActivityProgressFactory)
    title = factory.Sequence(lambda n: f"Aruanne {n}")
    url = factory.Sequence(lambda n: f"https://example.org/aruanne-{n}")


FACTORY_FOR_MODEL[ActivityProgressFactory._meta.get_model_class()] = ActivityProgressFactory
FACTORY_FOR_MODEL[EvidenceLinkFactory._meta.get_model_class()] = EvidenceLinkFactory


# --- monitoring: report ----------------------------------------------------------------------------------------


class ThemeYearSummaryFactory(BaseFactory):
    class Meta:
        model = "monitoring.ThemeYearSummary"

    section = factory.SubFactory(ThemeSectionFactory)
    year = 2026
    summary = "Aasta möödus plaanipäraselt."
    next_year = "Jätkame päevakeskustega."


FACTORY_FOR_MODEL[ThemeYearSummaryFactory._meta.get_model_class()] = ThemeYearSummaryFactory


# --- plans: change sets ------------------------------------------------------------------------------------------


class ChangeSetFactory(BaseFactory):
    class Meta:
        model = "plans.ChangeSet"

    plan = factory.SubFactory(CooperationPlanFactory, status=CooperationPlan.Status.CONSULTATION)
    title = factory.Sequence(lambda n: f"Muudatused pärast arutelu {n}")
    description = "Arutelul tehtud ettepanekud."
    based_at = factory.LazyFunction(timezone.now)


class ChangeSetNoteFactory(BaseFactory):
    class Meta:
        model = "plans.ChangeSetNote"

    change_set = factory.SubFactory(ChangeSetFactory)
    text = "Palun lisa põhjendus."


class ChangeSetRowFactory(BaseFactory):
    class Meta:
        model = "plans.ChangeSetRow"

    change_set = factory.SubFactory(ChangeSetFactory)
    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Activity))
    copy_id = factory.Sequence(lambda n: 1000 + n)
    origin_id = factory.Sequence(lambda n: 1 + n)
    base = factory.LazyFunction(dict)


for _factory in (ChangeSetFactory, ChangeSetNoteFactory, ChangeSetRowFactory):
    FACTORY_FOR_MODEL[_factory._meta.get_model_class()] = _factory
