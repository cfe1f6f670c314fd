import re
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import models
from django.utils import timezone

from consultations.models import Comment, ConsultationWindow, Response
from core.models import Municipality, Organisation, Region
from demo.loader import demo_data_load, demo_records
from plans.models import Activity, CooperationPlan, Indicator, ThemeSection
from projects.models import Project, ProjectOutput, ProjectPartner
from themes.models import Theme

CLOSED_WINDOW, OPEN_WINDOW = demo_records("consultations.ConsultationWindow")

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(
    r"\+\d{3}[\s\d]{6,}"  # +372 5196 7531
    r"|\b\d{3}\s\d{4}\b"  # 524 3927
    r"|\b\d\s\d{3}\s\d{3}\b"  # 7 428 402
    r"|\b[2-9]\d{6,7}\b"  # the same without spaces
    r"|\btel\b|\be-post\b",
    re.IGNORECASE,
)
# People the seed pages name as contacts, trainers or leaders: the demo data names roles, never them.
SEED_PERSONS = re.compile(
    r"\b(Ülle|Tillmann|Anu|Oja|Kairi|Vasemägi|Annely|Võsaste|Asso|Uibo|Mihkel|Laan|Jaan|Urb|Herko|Sunts)\b"
)


def all_models() -> list[type[models.Model]]:
    # Auto-created through tables too: the m2m tables and django-simple-history's m2m history tables.
    return list(apps.get_models(include_auto_created=True))


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, so that any insert, update or delete shows."""
    return {model._meta.label: list(model._base_manager.order_by("pk").values_list()) for model in all_models()}


def text_values() -> list[tuple[str, str, str]]:
    found = []
    for model in all_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and f.name != "password"
        ]
        if not names:
            continue
        for row in model._base_manager.values_list(*names):
            found.extend((model._meta.label, name, value) for name, value in zip(names, row, strict=True) if value)
    return found


def contrast_with_white(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


@pytest.fixture
def loaded(db):
    return demo_data_load()


@pytest.fixture
def voru_plan(loaded):
    return CooperationPlan.objects.get(region__slug="vorumaa", slug="heaolu-koostookava-2022-2025")


# --- Idempotency ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_second_load_changes_no_row_in_any_table_including_history():
    demo_data_load()
    before = snapshot()
    history_tables = [label for label in before if ".Historical" in label]
    assert len(history_tables) >= 15
    assert all(before[label] for label in ("plans.HistoricalActivity", "projects.HistoricalProject"))

    result = demo_data_load()

    assert result.totals["created"] == 0
    assert result.totals["updated"] == 0
    assert result.totals["unchanged"] > 250
    after = snapshot()
    assert {label: len(rows) for label, rows in after.items()} == {label: len(rows) for label, rows in before.items()}
    assert after == before


@pytest.mark.django_db
def test_second_load_keeps_updated_at_values():
    demo_data_load()
    stamps = {
        "plan": list(CooperationPlan.objects.order_by("pk").values_list("updated_at", flat=True)),
        "section": list(ThemeSection.objects.order_by("pk").values_list("updated_at", flat=True)),
        "activity": list(Activity.objects.order_by("pk").values_list("updated_at", flat=True)),
        "project": list(Project.objects.order_by("pk").values_list("updated_at", flat=True)),
    }

    demo_data_load(now=timezone.now() + timedelta(days=3))

    assert list(CooperationPlan.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps["plan"]
    assert list(ThemeSection.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps["section"]
    assert list(Activity.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps["activity"]
    assert list(Project.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps["project"]


@pytest.mark.django_db
def test_values_changed_by_hand_are_put_back_and_recorded_in_history(loaded):
    project = Project.objects.get(slug="sotsiaalteenuse-arendamise-vajaduse-analuus")
    project.grant_amount = Decimal("1.00")
    project.save()
    project.themes.clear()
    history_rows = project.history.count()

    result = demo_data_load()

    project.refresh_from_db()
    assert project.grant_amount == Decimal("25000.00")
    assert set(project.themes.values_list("slug", flat=True)) == {"sotsiaalteenused", "tark-juhtimine"}
    assert result.updated == {"projects.Project": 1}
    # One row for the field change, one for the theme set (django-simple-history records m2m changes).
    assert project.history.count() == history_rows + 2
    assert project.history.first().history_change_reason == "load_demo"


@pytest.mark.django_db
def test_later_run_leaves_the_demonstration_windows_where_the_first_run_put_them(voru_plan):
    windows = list(
        ConsultationWindow.objects.filter(plan=voru_plan).order_by("pk").values_list("opens_at", "closes_at")
    )
    workshops = list(voru_plan.consultation_windows.values_list("workshops__starts_at", flat=True).order_by("pk"))
    history_rows = ThemeSection.history.filter(plan_id=voru_plan.pk).count()

    result = demo_data_load(now=timezone.now() + timedelta(days=40))

    assert len(windows) == 2
    assert (
        list(ConsultationWindow.objects.filter(plan=voru_plan).order_by("pk").values_list("opens_at", "closes_at"))
        == windows
    )
    assert (
        list(voru_plan.consultation_windows.values_list("workshops__starts_at", flat=True).order_by("pk")) == workshops
    )
    assert ThemeSection.history.filter(plan_id=voru_plan.pk).count() == history_rows
    assert result.totals["created"] == result.totals["updated"] == 0


# --- Key figures ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_laane_viru_project_has_the_seed_figures_partners_and_five_analysis_parts(loaded):
    project = Project.objects.get(region__slug="laane-virumaa", slug="sotsiaalteenuse-arendamise-vajaduse-analuus")

    assert project.name == "Lääne-Viru maakonna ülene sotsiaalteenuse arendamise vajaduse analüüs"
    assert project.total_cost == Decimal("29952.00")
    assert isinstance(project.total_cost, Decimal)
    assert project.grant_amount == Decimal("25000.00")
    assert isinstance(project.grant_amount, Decimal)
    assert (project.start_date, project.end_date) == (date(2021, 8, 2), date(2022, 8, 1))
    assert project.funder.short_name == "ESF"
    assert project.measure.name == (
        "Riigi võimekuse tõstmine inimressursside arendamise ja institutsionaalse suutlikkuse parendamise kaudu"
    )
    assert (project.manager_role, project.manager_organisation.name) == (
        "projektijuht",
        "Lääne-Viru Omavalitsuste Liit",
    )
    partners = project.partners.select_related("organisation__municipality")
    beneficiary = partners.get(role=ProjectPartner.Role.BENEFICIARY).organisation
    assert beneficiary.name == "Lääne-Viru Omavalitsuste Liit"
    assert partners.get(role=ProjectPartner.Role.SERVICE_PROVIDER).organisation.name == "Cumulus Consulting OÜ"
    municipal_partners = [p.organisation for p in partners.filter(role=ProjectPartner.Role.PARTNER)]
    assert len(municipal_partners) == 8
    assert {o.municipality.name for o in municipal_partners} == {
        "Väike-Maarja vald",
        "Haljala vald",
        "Kadrina vald",
        "Viru-Nigula vald",
        "Rakvere vald",
        "Rakvere linn",
        "Vinni vald",
        "Tapa vald",
    }
    assert all(o.kind == Organisation.Kind.MUNICIPALITY for o in municipal_partners)
    assert [c.title.split(" ", 3)[:3] for c in project.components.all()] == [
        ["Sotsiaalteenuste", "pakkumise", "suutlikkuse"],
        ["Pikaajaline", "vaade", "teenusvajaduse"],
        ["Maakonnaülese", "ja/või", "väiksema"],
        ["Kogukonnateenuste", "vajaduse", "analüüs"],
        ["KOVide", "ja", "koostöös"],
    ]
    assert project.status == Project.Status.FINISHED


@pytest.mark.django_db
def test_tartumaa_hop_project_has_its_grant_partners_outputs_and_follow_up(loaded):
    project = Project.objects.get(region__slug="tartumaa", slug="heaoluprogrammi-rakendusmudel")

    assert project.grant_amount == Decimal("201669.95")
    # The seed names the grant only: the total cost and the start are unknown, not made up.
    assert project.total_cost is None
    assert project.start_date is None
    assert project.end_date == date(2022, 4, 29)
    assert project.funder.name == "Euroopa Majanduspiirkonna ja Norra finantsmehhanism"
    assert project.programme.name == "Euroopa Majanduspiirkonna ja Norra finantsmehhanism 2014–2021"
    roles = {(p.organisation.slug, p.role) for p in project.partners.select_related("organisation")}
    assert ("riigi-tugiteenuste-keskus", ProjectPartner.Role.INTERMEDIARY) in roles
    assert ("tartumaa-omavalitsuste-liit", ProjectPartner.Role.COORDINATOR) in roles
    assert ("tartu-hariduse-tugiteenuste-keskus", ProjectPartner.Role.LEAD_PARTNER) in roles
    assert {"sotsiaalse-innovatsiooni-labor", "tartu-ulikool"} <= {
        slug for slug, role in roles if role == ProjectPartner.Role.PARTNER
    }
    municipal = project.partners.filter(organisation__kind=Organisation.Kind.MUNICIPALITY)
    assert municipal.count() == 8
    assert project.outputs.filter(title__contains="Lapse heaolu toetav vestlus - koostöö kuldvõti").exists()
    follow_up = project.outputs.get(kind=ProjectOutput.Kind.FOLLOW_UP, valid_until__isnull=False)
    assert follow_up.valid_until == date(2027, 12, 31)
    assert project.activities.get().section.plan.region.slug == "vorumaa"


@pytest.mark.django_db
def test_training_project_has_three_training_days_on_the_seed_dates(loaded):
    project = Project.objects.get(slug="rannu-rongu-elva-puhja-koolitused")

    assert list(project.events.values_list("date", "place")) == [
        (date(2012, 11, 22), "Elva"),
        (date(2012, 12, 6), "Rannu"),
        (date(2013, 2, 7), "Waide motell"),
    ]
    assert project.measure.name == (
        "Avalike teenistujate, kohalike omavalitsuste ja mittetulundusühingute töötajate koolitus ja arendamine"
    )
    assert project.partners.get(role=ProjectPartner.Role.SERVICE_PROVIDER).organisation.name == (
        "Cumulus Consulting OÜ"
    )
    assert project.manager_organisation.name == "SA Tartu Ärinõuandla"
    assert project.funder.short_name == "ESF"


@pytest.mark.django_db
def test_training_project_has_no_invented_money_or_period(loaded):
    project = Project.objects.get(slug="rannu-rongu-elva-puhja-koolitused")

    # The seed gives neither a sum nor the project's period (the 9 600,00 € and 2012–2013 dates were made up).
    assert (project.total_cost, project.grant_amount) == (None, None)
    assert (project.start_date, project.end_date) == (None, None)


@pytest.mark.django_db
def test_training_project_belongs_to_elva_vald_through_the_four_former_municipalities(loaded):
    project = Project.objects.get(slug="rannu-rongu-elva-puhja-koolitused")
    elva = Municipality.objects.get(region__slug="tartumaa", slug="elva-vald")

    partners = project.partners.filter(role=ProjectPartner.Role.PARTNER).select_related("organisation__municipality")
    assert [p.organisation.name for p in partners] == [
        "Rannu Vallavalitsus",
        "Rõngu Vallavalitsus",
        "Elva Linnavalitsus",
        "Puhja Vallavalitsus",
    ]
    assert {p.organisation.municipality for p in partners} == {elva}
    assert (elva.former_names, elva.merged_year) == ("Rannu vald, Rõngu vald, Elva linn, Puhja vald", 2017)
    assert not Municipality.objects.exclude(pk=elva.pk).exclude(former_names="").exists()


@pytest.mark.django_db
def test_voru_plan_has_five_sections_each_with_three_activities_with_indicators(voru_plan):
    sections = voru_plan.sections.prefetch_related("activities__indicators__values")

    assert [s.theme.slug for s in sections] == [
        "vaarikas-vananemine",
        "oppiv-inimene",
        "tervist-toetavad-valikud",
        "hea-avalik-ruum",
        "tark-juhtimine",
    ]
    for section in sections:
        assert section.challenges and section.goals and section.lead_role
        activities = list(section.activities.all())
        assert len(activities) >= 3, section.title
        for activity in activities:
            indicators = list(activity.indicators.all())
            assert 1 <= len(indicators) <= 2, activity.title
            assert activity.person_years > 0 and activity.budget > 0
            assert activity.is_example, activity.title
            for indicator in indicators:
                assert indicator.source
                assert indicator.values.exists()
                assert indicator.is_example, indicator.name


@pytest.mark.django_db
def test_every_figure_the_seeds_do_not_give_is_marked_as_example_data(loaded):
    # The seeds give no activity's person-years or budget and no indicator series: any that exists is marked.
    unmarked = Activity.objects.filter(is_example=False)
    assert not unmarked.filter(budget__isnull=False).exists()
    assert not unmarked.filter(person_years__gt=0).exists()
    assert not Indicator.objects.filter(is_example=False).exists()
    # The Finnish seed names no money at all: no budget is made up for its actions.
    hyte = Activity.objects.filter(section__plan__region__slug="pohjois-karjala")
    assert hyte.count() == 11
    assert not hyte.filter(budget__isnull=False).exists()
    assert not hyte.exclude(funding_source="").exists()
    # Each project's money is the seed's or unknown.
    assert {(p.slug, p.total_cost, p.grant_amount) for p in Project.objects.all()} == {
        ("sotsiaalteenuse-arendamise-vajaduse-analuus", Decimal("29952.00"), Decimal("25000.00")),
        ("heaoluprogrammi-rakendusmudel", None, Decimal("201669.95")),
        ("rannu-rongu-elva-puhja-koolitused", None, None),
    }


@pytest.mark.django_db
def test_voru_section_texts_make_no_statistical_claim_the_seed_does_not_make(voru_plan):
    texts = " ".join(" ".join(s) for s in voru_plan.sections.values_list("intro", "challenges", "goals"))

    for claim in ["neljandik", "Eesti keskmisest", "Eestis keskmiselt", "Eesti lühimate"]:
        assert claim not in texts


@pytest.mark.django_db
def test_voru_plan_follows_the_seed_and_names_a_role_not_a_person(voru_plan):
    assert voru_plan.title == "Võru maakonna heaolu teemade koostöökava"
    assert (voru_plan.start_year, voru_plan.end_year) == (2022, 2025)
    assert voru_plan.status == CooperationPlan.Status.CONSULTATION
    assert voru_plan.lead_organisation.kind == Organisation.Kind.DEVELOPMENT_CENTRE
    assert voru_plan.contact_role == "heaolu suunajuht"
    assert set(voru_plan.basis_documents.values_list("title", flat=True)) == {
        "Võru maakonna arengustrateegia 2035",
        "Võru maakonna heaoluprofiil",
        "Eesti 2035",
        "Heaolu arengukava 2016–2023",
        "Rahvastiku tervise arengukava 2020–2030",
    }


@pytest.mark.django_db
def test_voru_plan_process_is_told_as_the_seed_tells_it_without_invented_dates(voru_plan):
    milestones = list(voru_plan.milestones.values_list("kind", "date_label", "starts_on", "ends_on"))

    # Seed 000: round tables since autumn 2020; the experts' proposals; web workshops on 17 and 21 June;
    # comments until August; a one-day seminar in September. No year is given after 2020.
    assert milestones == [
        ("round_table", "alates 2020. aasta sügisest", None, None),
        ("drafting", "", None, None),
        ("workshop", "17. ja 21. juunil", None, None),
        ("consultation", "kuni augustini", None, None),
        ("seminar", "septembris", None, None),
    ]
    assert voru_plan.milestones.get(kind="seminar").title == "Ühepäevane seminar"


@pytest.mark.django_db
def test_demonstration_windows_are_labelled_one_closed_with_workshops_one_open_for_trying(voru_plan):
    closed = ConsultationWindow.objects.get(plan=voru_plan, title=CLOSED_WINDOW["title"])
    open_now = ConsultationWindow.objects.open_now().get(plan=voru_plan)

    assert open_now.title == OPEN_WINDOW["title"]
    for window in (closed, open_now):
        assert window.title.startswith("Näidisarutelu")
        assert "näidis" in window.intro
    assert closed.closes_at < timezone.now() - timedelta(days=14)
    assert open_now.opens_at < timezone.now() - timedelta(days=6)
    assert open_now.closes_at > timezone.now() + timedelta(days=59)
    assert closed.workshops.count() == 2
    assert all(w.web_link and w.title.startswith("Näidistöötuba") for w in closed.workshops.all())


@pytest.mark.django_db
def test_voru_plan_history_holds_its_state_at_the_close_and_the_edits_after_it(voru_plan):
    closed = ConsultationWindow.objects.get(plan=voru_plan, title=CLOSED_WINDOW["title"])

    assert not voru_plan.history.filter(history_date__gt=closed.opens_at).exists()
    edited = Activity.history.filter(section__plan=voru_plan, history_date__gt=closed.closes_at)
    assert set(edited.values_list("title", flat=True)) == {
        "Eakate kogukonnapõhise toe võrgustik",
        "Nõudetranspordi ühine korraldus",
    }
    at_close = ThemeSection.history.filter(plan_id=voru_plan.pk, history_date__lte=closed.closes_at)
    assert "kõigis maakonna koolides." in at_close.get(title="Õppiv inimene elukaarel").goals
    assert "koolides ja lasteaedades" in voru_plan.sections.get(title="Õppiv inimene elukaarel").goals


@pytest.mark.django_db
def test_comments_cover_all_four_categories_and_one_waits_for_moderation(voru_plan):
    comments = Comment.objects.filter(window__plan=voru_plan)

    assert set(comments.values_list("category", flat=True)) == set(Comment.Category.values)
    assert comments.values("section").distinct().count() == 5
    assert comments.filter(state=Comment.State.PENDING).count() == 1
    assert not Response.objects.filter(comment__state=Comment.State.PENDING).exists()
    assert Response.objects.filter(published_at__isnull=False).count() >= 3
    assert set(Response.objects.values_list("decision", flat=True)) == set(Response.Decision.values)
    assert not apps.get_model("consultations", "CommenterContact").objects.exists()


@pytest.mark.django_db
def test_one_response_points_to_the_activity_it_changed(voru_plan):
    response = Response.objects.get(changed_activity__isnull=False)

    assert response.decision == Response.Decision.TAKEN
    assert response.changed_activity.section.plan == voru_plan
    assert response.comment.section == response.changed_activity.section
    assert response.changed_activity.municipalities.filter(slug="setomaa-vald").exists()


@pytest.mark.django_db
def test_pohjois_karjala_plan_is_adopted_and_written_in_finnish(loaded):
    region = Region.objects.get(slug="pohjois-karjala")
    plan = CooperationPlan.objects.get(region=region)

    assert (region.country, region.kind, region.language, region.timezone) == (
        "FI",
        "region",
        "fi",
        "Europe/Helsinki",
    )
    assert plan.language == "fi"
    assert plan.status == CooperationPlan.Status.ADOPTED
    assert plan.title.startswith("Hyvinvoinnin ja terveyden edistäminen")
    assert plan.milestones.get().starts_on == date(2017, 9, 7)
    titles = set(Activity.objects.filter(section__plan=plan).values_list("title", flat=True))
    assert {"Hyte-työn vuosikello", "Toimenpiteiden vastuuttaminen", "Maakunnallinen hankekartta"} <= titles
    assert "Järjestöjen kokemusasiantuntijuus käyttöön" in titles
    assert plan.sections.count() == 3
    assert region.municipalities.filter(name="Joensuu").exists()


@pytest.mark.django_db
def test_estonian_regions_have_the_seed_municipalities(loaded):
    def names(region: str) -> set[str]:
        return set(Region.objects.get(slug=region).municipalities.values_list("name", flat=True))

    assert names("tartumaa") == {
        "Tartu linn",
        "Elva vald",
        "Nõo vald",
        "Kambja vald",
        "Kastre vald",
        "Luunja vald",
        "Peipsiääre vald",
        "Tartu vald",
    }
    assert names("vorumaa") == {"Võru linn", "Võru vald", "Antsla vald", "Rõuge vald", "Setomaa vald"}
    assert len(names("laane-virumaa")) == 8


@pytest.mark.django_db
def test_organisations_have_the_kinds_the_seeds_give_them(loaded):
    kinds = dict(Organisation.objects.values_list("name", "kind"))

    assert kinds["Võrumaa Arenduskeskus"] == "development_centre"
    assert kinds["Tartumaa Omavalitsuste Liit"] == "municipal_union"
    assert kinds["Tartu Hariduse Tugiteenuste Keskus"] == "municipal_agency"
    assert kinds["Riigi Tugiteenuste Keskus"] == "state_agency"
    assert kinds["Cumulus Consulting OÜ"] == "company"
    assert kinds["Tallinna Ülikool"] == "university"
    assert kinds["SA Tartu Ärinõuandla"] == "foundation"


@pytest.mark.django_db
def test_theme_colours_are_distinct_and_keep_white_text_readable(loaded):
    colours = list(Theme.objects.values_list("colour", flat=True))

    assert len(colours) == len(set(colours)) >= 5
    for colour in colours:
        assert contrast_with_white(colour) >= 4.5, colour
    assert all(Theme.objects.values_list("icon", flat=True))
    voru = Theme.objects.get(slug="tark-juhtimine")
    assert (voru.name_et, voru.name_fi) == (
        "Tark juhtimine ja sotsiaalne innovatsioon",
        "Älykäs johtaminen ja sosiaalinen innovaatio",
    )


# --- Privacy ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_email_address_or_phone_number_in_any_text_field(loaded):
    values = text_values()
    assert len(values) > 500

    assert [v for v in values if EMAIL.search(v[2])] == []
    assert [v for v in values if PHONE.search(v[2])] == []


@pytest.mark.django_db
def test_no_person_the_seeds_name_appears_in_the_data(loaded):
    assert [v for v in text_values() if SEED_PERSONS.search(v[2])] == []


# --- Staff users ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_each_new_password_once_and_never_again():
    first, second = StringIO(), StringIO()

    call_command("load_demo", stdout=first)
    call_command("load_demo", stdout=second)

    users = get_user_model().objects.filter(username__startswith="vorumaa-")
    assert users.count() == 4  # editor, reviewer, moderator, reporter
    for user in users:
        match = re.search(rf"{user.username}; its password, shown only this once: (\S+)", first.getvalue())
        assert match, first.getvalue()
        assert user.check_password(match.group(1))
        assert match.group(1) not in second.getvalue()
        assert f"Staff user {user.username} already exists" in second.getvalue()
    assert "shown only this once" not in second.getvalue()
    assert "0 created, 0 updated" in second.getvalue()


@pytest.mark.django_db
def test_demo_staff_work_in_their_region_and_stay_out_of_the_admin(loaded):
    from core.access import EDIT_PLANS, EDIT_PROJECTS, MODERATE, REVIEW_CHANGES, has_role
    from core.models import Region

    editor = get_user_model().objects.get(username="vorumaa-editor")
    moderator = get_user_model().objects.get(username="vorumaa-moderator")
    voru = Region.objects.get(slug="vorumaa")
    elsewhere = Region.objects.exclude(slug="vorumaa").first()

    assert not editor.is_staff and not moderator.is_staff  # the Django admin is for superusers
    assert not editor.is_superuser and not moderator.is_superuser
    assert has_role(editor, voru, EDIT_PLANS) and has_role(editor, voru, EDIT_PROJECTS)
    assert not has_role(editor, voru, MODERATE)
    assert has_role(moderator, voru, MODERATE) and not has_role(moderator, voru, EDIT_PLANS)
    assert not has_role(editor, elsewhere) and not has_role(moderator, elsewhere)
    # The reviewer publishes the change sets the editor prepares, and edits nothing itself.
    reviewer = get_user_model().objects.get(username="vorumaa-reviewer")
    assert has_role(reviewer, voru, REVIEW_CHANGES) and not has_role(reviewer, voru, EDIT_PLANS)
    assert not has_role(editor, voru, REVIEW_CHANGES)


# --- Staff see and edit the example-data flag -------------------------------------------------------------


@pytest.mark.django_db
def test_demo_editor_sees_the_example_flag_and_can_clear_it(client, voru_plan):
    from django.contrib.contenttypes.models import ContentType

    from tests.staff.plan_forms import activity_data, plan_url

    public = Activity.objects.filter(section__plan=voru_plan, is_example=True).first()
    client.force_login(get_user_model().objects.get(username="vorumaa-editor"))
    # The plan is public: the editor edits it in a change set.
    client.post(plan_url("change-sets", voru_plan), {"title": "Näidisandmete märge", "description": ""})
    change_set = voru_plan.change_sets.get()
    row = change_set.rows.get(content_type=ContentType.objects.get_for_model(Activity), origin_id=public.pk)
    activity = Activity.objects.get(pk=row.copy_id)
    url = plan_url("activity-edit", change_set.working_copy, activity=activity.pk)

    form_html = client.get(url).content.decode()
    assert re.search(r'<input type="checkbox" name="is_example"[^>]*checked', form_html)

    response = client.post(url, activity_data(activity))  # the box left unticked

    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.is_example is False
    public.refresh_from_db()
    assert public.is_example is True  # until the change set is published


@pytest.mark.django_db
def test_a_milestone_may_say_when_in_words_only_but_an_end_needs_a_start():
    from plans.forms import MilestoneForm

    words_only = MilestoneForm(data={"kind": "seminar", "title": "Ühepäevane seminar", "date_label": "septembris"})
    end_only = MilestoneForm(data={"kind": "seminar", "title": "Seminar", "ends_on": "2021-09-30"})

    assert words_only.is_valid(), words_only.errors
    assert words_only.cleaned_data["starts_on"] is None
    assert not end_only.is_valid()
    assert "starts_on" in end_only.errors
