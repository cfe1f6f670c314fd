"""The database itself refuses rows that break the domain's rules, whatever code path writes them.

Each test writes with ``objects.create()`` or ``.update()``, which skip model validation, so only the database
stands in the way, and checks that the error names the constraint meant (SQLite names the columns of a unique
constraint instead of its name).
"""

from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, Sum
from django.utils import timezone, translation

from consultations.models import Comment, ConsultationWindow, Response, Subscription, Workshop
from core.models import Municipality, Organisation, RegionRole
from documents.models import Document
from plans.models import (
    Activity,
    CooperationPlan,
    Indicator,
    IndicatorValue,
    Milestone,
    StrategyDocument,
    ThemeSection,
)
from projects.models import Programme, Project, ProjectEvent, ProjectPartner
from tests import factories
from themes.models import Theme

PORTAL_APPS = {
    "core",
    "documents",
    "themes",
    "plans",
    "consultations",
    "projects",
    "monitoring",
    "pages",
    "welfare_portal",
}

CONSTRAINTS = {
    constraint.name: (model, constraint)
    for model in apps.get_models()
    if model._meta.app_label in PORTAL_APPS
    for constraint in model._meta.constraints
}

COVERED: set[str] = set()


def covers(*names):
    """Marks a test as the one proving these constraints; see test_every_named_constraint_has_a_test."""
    for name in names:
        assert name in CONSTRAINTS, f"no constraint named {name}"
    COVERED.update(names)
    return lambda test: test


def _named_in(message: str, name: str) -> bool:
    model, constraint = CONSTRAINTS[name]
    if connection.vendor == "sqlite" and isinstance(constraint, models.UniqueConstraint):
        columns = ", ".join(f"{model._meta.db_table}.{model._meta.get_field(f).column}" for f in constraint.fields)
        return f"UNIQUE constraint failed: {columns}" in message
    return name in message


@contextmanager
def refused_by(*names: str):
    """Expects the block to fail at the database on the constraint called ``name`` (or one of ``names``)."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    message = str(excinfo.value)
    assert any(_named_in(message, name) for name in names), message


@covers("region_role_unique")
@pytest.mark.django_db
def test_a_role_is_granted_once_per_user_and_region():
    role = factories.RegionRoleFactory()

    with refused_by("region_role_unique"):
        RegionRole.objects.create(user=role.user, region=role.region, role=role.role)


@covers("subscription_email_unique_in_region")
@pytest.mark.django_db
def test_an_address_subscribes_to_a_region_once():
    subscription = factories.SubscriptionFactory()

    with refused_by("subscription_email_unique_in_region"):
        Subscription.objects.create(region=subscription.region, email=subscription.email)


def test_every_named_constraint_has_a_test():
    assert set(CONSTRAINTS) == COVERED


# --- themes ---------------------------------------------------------------------------------------------------


@covers("theme_colour_is_hex")
@pytest.mark.django_db
@pytest.mark.parametrize("colour", ["blue", "#1f5f8", "#12345g", "1f5f8b", ""])
def test_theme_colour_must_be_a_six_digit_hex(colour):
    with refused_by("theme_colour_is_hex"):
        Theme.objects.create(slug="eakad", name_et="Eakad", name_en="Ageing", name_fi="Ikääntyminen", colour=colour)


@pytest.mark.django_db
def test_theme_colour_may_use_capital_hex_digits():
    assert factories.ThemeFactory(colour="#1F5F8B").colour == "#1F5F8B"


# --- plans ----------------------------------------------------------------------------------------------------


@covers("municipality_slug_unique_in_region")
@pytest.mark.django_db
def test_municipality_slug_is_unique_within_its_region_only(region, other_region):
    Municipality.objects.create(region=region, slug="rakvere", name="Rakvere vald")

    with refused_by("municipality_slug_unique_in_region"):
        Municipality.objects.create(region=region, slug="rakvere", name="Rakvere linn")
    Municipality.objects.create(region=other_region, slug="rakvere", name="Rakvere (teine)")


@covers("organisation_municipal_government_has_municipality")
@pytest.mark.django_db
def test_municipal_government_must_name_its_municipality(region):
    with refused_by("organisation_municipal_government_has_municipality"):
        Organisation.objects.create(slug="elva-vald", name="Elva Vallavalitsus", kind="municipality", region=region)


@pytest.mark.django_db
def test_other_organisations_need_no_municipality():
    assert Organisation.objects.create(slug="mtu", name="MTÜ", kind="ngo").municipality is None


@covers("strategy_document_years_in_order")
@pytest.mark.django_db
def test_strategy_document_cannot_end_before_it_starts():
    StrategyDocument.objects.create(title="Eesti 2035", level="national", start_year=None, end_year=2035)

    with refused_by("strategy_document_years_in_order"):
        StrategyDocument.objects.create(title="Tagurpidi", level="national", start_year=2035, end_year=2021)


@covers("plan_slug_unique_in_region")
@pytest.mark.django_db
def test_plan_slug_is_unique_within_its_region_only(region, other_region):
    factories.CooperationPlanFactory(region=region, slug="heaolu-2022")

    with refused_by("plan_slug_unique_in_region"):
        factories.CooperationPlanFactory(region=region, slug="heaolu-2022")
    factories.CooperationPlanFactory(region=other_region, slug="heaolu-2022")


@covers("plan_years_in_order")
@pytest.mark.django_db
def test_plan_cannot_end_before_it_starts():
    plan = factories.CooperationPlanFactory(start_year=2022, end_year=2022)

    with refused_by("plan_years_in_order"):
        CooperationPlan.objects.filter(pk=plan.pk).update(end_year=2021)


@covers("plan_period_at_most_ten_years")
@pytest.mark.django_db
def test_plan_period_is_at_most_ten_years():
    factories.CooperationPlanFactory(start_year=2020, end_year=2030)

    with refused_by("plan_period_at_most_ten_years"):
        factories.CooperationPlanFactory(start_year=2020, end_year=2031)


@covers("milestone_dates_in_order")
@pytest.mark.django_db
def test_milestone_cannot_end_before_it_starts():
    plan = factories.CooperationPlanFactory()
    factories.MilestoneFactory(plan=plan, starts_on=date(2021, 6, 17), ends_on=date(2021, 6, 17))

    with refused_by("milestone_dates_in_order"):
        Milestone.objects.create(
            plan=plan, kind="consultation", title="Kommentaarid", starts_on=date(2021, 8, 31), ends_on=date(2021, 6, 1)
        )


@covers("section_theme_unique_in_plan")
@pytest.mark.django_db
def test_plan_has_one_section_per_theme():
    section = factories.ThemeSectionFactory()
    other_plan = factories.CooperationPlanFactory(region=section.plan.region)

    with refused_by("section_theme_unique_in_plan"):
        ThemeSection.objects.create(plan=section.plan, theme=section.theme, title="Jälle sama teema")
    ThemeSection.objects.create(plan=other_plan, theme=section.theme, title="Sama teema teises kavas")


@covers("activity_years_in_order")
@pytest.mark.django_db
def test_activity_cannot_end_before_it_starts():
    activity = factories.ActivityFactory(start_year=2023, end_year=2023)

    with refused_by("activity_years_in_order"):
        Activity.objects.filter(pk=activity.pk).update(end_year=2022)


@covers("activity_person_years_not_negative")
@pytest.mark.django_db
def test_activity_person_years_cannot_be_negative():
    activity = factories.ActivityFactory(person_years=Decimal("0.00"))

    with refused_by("activity_person_years_not_negative"):
        Activity.objects.filter(pk=activity.pk).update(person_years=Decimal("-0.50"))


@covers("activity_budget_not_negative")
@pytest.mark.django_db
def test_activity_budget_may_be_unknown_but_not_negative():
    activity = factories.ActivityFactory(budget=None)

    with refused_by("activity_budget_not_negative"):
        Activity.objects.filter(pk=activity.pk).update(budget=Decimal("-0.01"))
    Activity.objects.filter(pk=activity.pk).update(budget=Decimal("0.00"))


@covers("indicator_target_after_baseline")
@pytest.mark.django_db
def test_indicator_target_year_cannot_precede_its_baseline():
    indicator = factories.IndicatorFactory(baseline_year=2020, target_year=2020)

    with refused_by("indicator_target_after_baseline"):
        Indicator.objects.filter(pk=indicator.pk).update(target_year=2019)


@covers("indicator_value_one_per_year")
@pytest.mark.django_db
def test_indicator_has_one_value_per_year():
    value = factories.IndicatorValueFactory(year=2022)

    with refused_by("indicator_value_one_per_year"):
        IndicatorValue.objects.create(indicator=value.indicator, year=2022, value=Decimal("1.00"))
    IndicatorValue.objects.create(indicator=value.indicator, year=2023, value=Decimal("1.00"))


@covers("document_theme_sheet_has_section")
@pytest.mark.django_db
def test_theme_sheet_must_name_its_theme_section():
    plan = factories.CooperationPlanFactory()

    with refused_by("document_theme_sheet_has_section"):
        Document.objects.create(plan=plan, kind="theme_sheet", language="et")


@covers("document_ready_has_file")
@pytest.mark.django_db
def test_ready_document_must_have_a_file_and_a_size():
    plan = factories.CooperationPlanFactory()

    with refused_by("document_ready_has_file"):
        Document.objects.create(plan=plan, kind="plan_summary", language="et", state="ready", size=1000)
    with refused_by("document_ready_has_file"):
        Document.objects.create(plan=plan, kind="plan_summary", language="et", state="ready", file="documents/a.pdf")
    Document.objects.create(
        plan=plan, kind="plan_summary", language="et", state="ready", file="documents/a.pdf", size=1000
    )


@covers("document_unique_per_source_and_section")
@pytest.mark.django_db
def test_theme_sheet_is_rendered_once_per_source_and_language():
    sheet = factories.DocumentFactory(theme_sheet=True, source_hash="a" * 64)
    same = {"plan": sheet.plan, "kind": sheet.kind, "section": sheet.section, "source_hash": sheet.source_hash}

    with refused_by("document_unique_per_source_and_section"):
        Document.objects.create(language=sheet.language, **same)
    Document.objects.create(language="en", **same)


@pytest.mark.django_db
def test_documents_without_a_source_hash_may_repeat():
    plan = factories.CooperationPlanFactory()
    for _ in range(2):
        Document.objects.create(plan=plan, kind="plan_summary", language="et", source_hash="")

    assert plan.documents.count() == 2


@covers("document_unique_per_source_of_plan")
@pytest.mark.django_db
def test_plan_summary_is_rendered_once_per_source_and_language():
    summary = factories.DocumentFactory(kind="plan_summary", source_hash="b" * 64)

    with refused_by("document_unique_per_source_of_plan"):
        Document.objects.create(
            plan=summary.plan, kind=summary.kind, language=summary.language, source_hash=summary.source_hash
        )


# --- consultations --------------------------------------------------------------------------------------------


@covers("window_closes_after_it_opens")
@pytest.mark.django_db
def test_consultation_window_must_close_after_it_opens():
    plan = factories.CooperationPlanFactory()
    opens_at = timezone.now()

    with refused_by("window_closes_after_it_opens"):
        ConsultationWindow.objects.create(plan=plan, title="Arutelu", opens_at=opens_at, closes_at=opens_at)


@covers("workshop_ends_after_it_starts")
@pytest.mark.django_db
def test_workshop_must_end_after_it_starts():
    workshop = factories.WorkshopFactory()

    with refused_by("workshop_ends_after_it_starts"):
        Workshop.objects.filter(pk=workshop.pk).update(ends_at=F("starts_at") - timedelta(minutes=1))


@covers("workshop_has_place_or_web_link")
@pytest.mark.django_db
def test_workshop_needs_a_place_or_a_web_link():
    window = factories.ConsultationWindowFactory()
    starts_at = window.opens_at + timedelta(days=1)
    times = {"window": window, "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=2)}

    with refused_by("workshop_has_place_or_web_link"):
        Workshop.objects.create(title="Kusagil", **times)
    Workshop.objects.create(title="Veebis", web_link="https://meet.example.org/heaolu", **times)
    Workshop.objects.create(title="Võrus", place="Võru Kultuurimaja", **times)


@covers("comment_rejection_has_reason")
@pytest.mark.django_db
def test_rejected_comment_must_give_a_reason():
    comment = factories.CommentFactory()

    with refused_by("comment_rejection_has_reason"):
        Comment.objects.filter(pk=comment.pk).update(state="rejected")
    Comment.objects.filter(pk=comment.pk).update(state="rejected", rejection_reason="Ei puuduta kava.")


@covers("comment_from_workshop_names_it")
@pytest.mark.django_db
def test_comment_from_a_workshop_must_name_the_workshop():
    comment = factories.CommentFactory()

    with refused_by("comment_from_workshop_names_it"):
        Comment.objects.filter(pk=comment.pk).update(source="workshop")


@pytest.mark.django_db
def test_comment_reference_is_unique():
    comment = factories.CommentFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.CommentFactory(reference=comment.reference)


@covers("response_has_reason")
@pytest.mark.django_db
def test_response_must_give_a_reason():
    comment = factories.CommentFactory(published=True)

    with refused_by("response_has_reason"):
        Response.objects.create(comment=comment, decision="not_taken", reason="")


# --- projects -------------------------------------------------------------------------------------------------


@covers("programme_slug_unique_per_funder")
@pytest.mark.django_db
def test_programme_slug_is_unique_per_funder_only():
    programme = factories.ProgrammeFactory(slug="eea-2014-2021")

    with refused_by("programme_slug_unique_per_funder"):
        Programme.objects.create(funder=programme.funder, slug="eea-2014-2021", name="Sama")
    Programme.objects.create(funder=factories.FunderFactory(), slug="eea-2014-2021", name="Teise rahastaja oma")


@covers("programme_years_in_order")
@pytest.mark.django_db
def test_programme_cannot_end_before_it_starts():
    programme = factories.ProgrammeFactory(start_year=2014, end_year=2021)

    with refused_by("programme_years_in_order"):
        Programme.objects.filter(pk=programme.pk).update(end_year=2013)


@covers("measure_slug_unique_per_funder")
@pytest.mark.django_db
def test_measure_slug_is_unique_per_funder_only():
    measure = factories.MeasureFactory(slug="kov-koostoo")

    with refused_by("measure_slug_unique_per_funder"):
        factories.MeasureFactory(funder=measure.funder, slug="kov-koostoo")
    factories.MeasureFactory(slug="kov-koostoo")


@covers("project_slug_unique_in_region")
@pytest.mark.django_db
def test_project_slug_is_unique_within_its_region_only(region, other_region):
    factories.ProjectFactory(region=region, slug="hop")

    with refused_by("project_slug_unique_in_region"):
        factories.ProjectFactory(region=region, slug="hop")
    factories.ProjectFactory(region=other_region, slug="hop")


@covers("project_code_unique_in_region")
@pytest.mark.django_db
def test_project_code_is_unique_within_a_region_unless_empty(region, other_region):
    factories.ProjectFactory(region=region, code="EMP123")
    factories.ProjectFactory(region=region, code="")
    factories.ProjectFactory(region=region, code="")

    with refused_by("project_code_unique_in_region"):
        factories.ProjectFactory(region=region, code="EMP123")
    factories.ProjectFactory(region=other_region, code="EMP123")


@covers("project_dates_in_order")
@pytest.mark.django_db
def test_project_cannot_end_before_it_starts():
    project = factories.ProjectFactory(start_date=date(2021, 3, 1), end_date=date(2021, 3, 1))

    with refused_by("project_dates_in_order"):
        Project.objects.filter(pk=project.pk).update(end_date=date(2021, 2, 28))


@covers("project_total_cost_not_negative", "project_grant_not_negative")
@pytest.mark.django_db
def test_project_money_cannot_be_negative():
    project = factories.ProjectFactory(total_cost=Decimal("0.00"), grant_amount=Decimal("0.00"))

    # A negative total cost with a grant at most as big means a negative grant too: the database reports either.
    with refused_by("project_total_cost_not_negative", "project_grant_not_negative"):
        Project.objects.filter(pk=project.pk).update(total_cost=Decimal("-1.00"), grant_amount=Decimal("-2.00"))
    with refused_by("project_grant_not_negative"):
        Project.objects.filter(pk=project.pk).update(grant_amount=Decimal("-0.01"))


@covers("project_grant_at_most_total_cost")
@pytest.mark.django_db
def test_project_grant_cannot_exceed_its_total_cost():
    project = factories.ProjectFactory(total_cost=Decimal("29952.00"), grant_amount=Decimal("29952.00"))

    with refused_by("project_grant_at_most_total_cost"):
        Project.objects.filter(pk=project.pk).update(grant_amount=F("total_cost") + Decimal("0.01"))
    with refused_by("project_grant_at_most_total_cost"):
        factories.ProjectFactory(total_cost=Decimal("25000.00"), grant_amount=Decimal("29952.00"))


@covers(
    "project_total_cost_at_most_a_billion",
    "project_grant_at_most_a_billion",
    "project_partner_contribution_at_most_a_billion",
)
@pytest.mark.django_db
def test_project_money_is_at_most_a_billion_euros():
    project = factories.ProjectFactory(total_cost=Decimal("1000000000.00"), grant_amount=Decimal("1000000000.00"))
    partner = factories.ProjectPartnerFactory(project=project, contribution=Decimal("1000000000.00"))

    with refused_by("project_total_cost_at_most_a_billion"):
        Project.objects.filter(pk=project.pk).update(total_cost=Decimal("1000000000.01"))
    with refused_by("project_grant_at_most_a_billion", "project_grant_at_most_total_cost"):
        Project.objects.filter(pk=project.pk).update(grant_amount=Decimal("1000000000.01"))
    with refused_by("project_partner_contribution_at_most_a_billion"):
        ProjectPartner.objects.filter(pk=partner.pk).update(contribution=Decimal("1000000000.01"))


@pytest.mark.django_db
def test_project_money_and_dates_may_be_unknown():
    project = factories.ProjectFactory(start_date=None, end_date=None, total_cost=None, grant_amount=None)

    project.refresh_from_db()

    assert (project.start_date, project.end_date, project.total_cost, project.grant_amount) == (None,) * 4
    factories.ProjectFactory(start_date=date(2021, 3, 1), end_date=None, total_cost=None, grant_amount=Decimal(1))


@covers("project_partner_role_once")
@pytest.mark.django_db
def test_organisation_has_each_role_in_a_project_once():
    partner = factories.ProjectPartnerFactory(role="partner")

    with refused_by("project_partner_role_once"):
        ProjectPartner.objects.create(project=partner.project, organisation=partner.organisation, role="partner")
    ProjectPartner.objects.create(project=partner.project, organisation=partner.organisation, role="financier")


@covers("project_has_one_beneficiary")
@pytest.mark.django_db
def test_project_has_at_most_one_beneficiary():
    beneficiary = factories.ProjectPartnerFactory(beneficiary=True)
    project = beneficiary.project
    factories.ProjectPartnerFactory.create_batch(2, project=project, role="partner")

    with refused_by("project_has_one_beneficiary"):
        factories.ProjectPartnerFactory(project=project, beneficiary=True)
    factories.ProjectPartnerFactory(beneficiary=True)


@covers("project_partner_contribution_not_negative")
@pytest.mark.django_db
def test_partner_contribution_cannot_be_negative():
    partner = factories.ProjectPartnerFactory(contribution=Decimal("4952.00"))

    with refused_by("project_partner_contribution_not_negative"):
        ProjectPartner.objects.filter(pk=partner.pk).update(contribution=Decimal("-4952.00"))


@covers("project_event_dates_in_order")
@pytest.mark.django_db
def test_project_event_cannot_end_before_it_starts():
    event = factories.ProjectEventFactory(date=date(2012, 11, 22), end_date=date(2012, 11, 22))

    with refused_by("project_event_dates_in_order"):
        ProjectEvent.objects.filter(pk=event.pk).update(end_date=date(2012, 11, 21))


# --- Money stays exact ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("amount", ["29952.00", "25000.00", "201669.95", "0.10", "999999999.99", "1000000000.00"])
def test_project_money_comes_back_as_the_same_two_place_decimal(amount):
    project = factories.ProjectFactory(total_cost=Decimal(amount), grant_amount=Decimal(amount))

    project.refresh_from_db()

    assert isinstance(project.total_cost, Decimal)
    assert str(project.total_cost) == amount
    assert project.grant_amount.as_tuple().exponent == -2
    assert project.own_contribution == Decimal("0.00")


@pytest.mark.django_db
def test_lääne_viru_grant_share_is_computed_from_exact_amounts():
    project = factories.ProjectFactory(total_cost=Decimal("29952.00"), grant_amount=Decimal("25000.00"))

    project.refresh_from_db()

    assert project.own_contribution == Decimal("4952.00")
    assert project.grant_share == Decimal("83.5")


@pytest.mark.django_db
def test_sums_of_money_stay_exact():
    # 0.10 + 0.20 is 0.30000000000000004 in floating point, which SQLite would use if nothing converted back.
    region = factories.RegionFactory()
    factories.ProjectFactory(region=region, total_cost=Decimal("0.10"), grant_amount=Decimal("0.10"))
    factories.ProjectFactory(region=region, total_cost=Decimal("0.20"), grant_amount=Decimal("0.20"))

    totals = Project.objects.filter(region=region).aggregate(total=Sum("total_cost"), grant=Sum("grant_amount"))

    assert totals == {"total": Decimal("0.30"), "grant": Decimal("0.30")}


@pytest.mark.django_db
def test_activity_person_years_and_budget_come_back_as_decimals():
    activity = factories.ActivityFactory(person_years=Decimal("0.5"), budget=Decimal("12000"))

    activity.refresh_from_db()

    assert (str(activity.person_years), str(activity.budget)) == ("0.50", "12000.00")


# --- Model basics ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", list(factories.FACTORY_FOR_MODEL), ids=lambda m: m.__name__)
def test_model_has_a_readable_name_and_a_url_in_the_default_language(model):
    obj = factories.FACTORY_FOR_MODEL[model]()
    obj = model.objects.get(pk=obj.pk)

    with translation.override("et"):
        assert str(obj).strip()
        if hasattr(obj, "get_absolute_url"):
            assert obj.get_absolute_url().startswith("/et/")


def test_every_model_has_a_factory():
    models_ = {
        m for m in apps.get_models() if m._meta.app_label in PORTAL_APPS and not m.__name__.startswith("Historical")
    }
    assert models_ == set(factories.FACTORY_FOR_MODEL)


@pytest.mark.django_db
def test_theme_is_named_in_the_interface_language():
    theme = factories.ThemeFactory(name_et="Tervena vananemine", name_en="Healthy ageing", name_fi="Terve ikääntyminen")

    with translation.override("fi"):
        assert str(theme) == "Terve ikääntyminen"
    with translation.override("en"):
        assert str(theme) == "Healthy ageing"
    with translation.override("et"):
        assert str(theme) == "Tervena vananemine"


# --- monitoring -----------------------------------------------------------------------------------------------


@covers("progress_one_per_activity_and_year")
@pytest.mark.django_db
def test_an_activity_has_one_progress_report_per_year():
    progress = factories.ActivityProgressFactory(year=2024)

    with refused_by("progress_one_per_activity_and_year"):
        factories.ActivityProgressFactory(activity=progress.activity, year=2024)
    assert factories.ActivityProgressFactory(activity=progress.activity, year=2025).pk


@covers("progress_money_in_range", "progress_person_years_in_range")
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("money_spent", Decimal("-0.01"), "progress_money_in_range"),
        ("money_spent", Decimal("1000000000.01"), "progress_money_in_range"),
        ("person_years_used", Decimal("-1"), "progress_person_years_in_range"),
        ("person_years_used", Decimal("1000.01"), "progress_person_years_in_range"),
    ],
)
def test_progress_money_and_person_years_stay_in_their_ranges(field, value, constraint):
    progress = factories.ActivityProgressFactory()

    with refused_by(constraint):
        type(progress).objects.filter(pk=progress.pk).update(**{field: value})


@covers("theme_summary_one_per_year")
@pytest.mark.django_db
def test_a_theme_has_one_summary_per_year():
    summary = factories.ThemeYearSummaryFactory(year=2024)

    with refused_by("theme_summary_one_per_year"):
        factories.ThemeYearSummaryFactory(section=summary.section, year=2024)


@covers("statistic_value_one_per_area_year")
@pytest.mark.django_db
def test_a_statistic_has_one_value_per_area_and_year():
    value = factories.StatisticValueFactory(year=2023)

    with refused_by("statistic_value_one_per_area_year"):
        factories.StatisticValueFactory(source=value.source, area_code=value.area_code, year=2023)
    assert factories.StatisticValueFactory(source=value.source, area_code="0919", year=2023).pk


@covers("clock_task_month_in_range")
@pytest.mark.django_db
@pytest.mark.parametrize("month", [0, 13])
def test_an_annual_clock_task_falls_in_a_month_of_the_year(month):
    with refused_by("clock_task_month_in_range"):
        factories.ClockTaskFactory(month=month)


@covers("clock_reminder_once")
@pytest.mark.django_db
def test_a_reminder_is_written_once_per_task_occurrence_and_person():
    reminder = factories.ClockReminderFactory(occurs_on=date(2027, 3, 1))

    with refused_by("clock_reminder_once"):
        factories.ClockReminderFactory(task=reminder.task, user=reminder.user, occurs_on=date(2027, 3, 1))


@covers("change_set_has_title")
@pytest.mark.django_db
def test_a_change_set_has_a_name():
    with refused_by("change_set_has_title"):
        factories.ChangeSetFactory(title="")


@covers("change_set_published_has_time")
@pytest.mark.django_db
def test_a_published_change_set_says_when():
    with refused_by("change_set_published_has_time"):
        factories.ChangeSetFactory(state="published", published_at=None)


@covers("change_set_row_copy_once")
@pytest.mark.django_db
def test_a_working_copy_row_stands_for_one_public_row():
    row = factories.ChangeSetRowFactory()

    with refused_by("change_set_row_copy_once"):
        factories.ChangeSetRowFactory(change_set=row.change_set, content_type=row.content_type, copy_id=row.copy_id)
