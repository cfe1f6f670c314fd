"""Words, numbers and dates in the visitor's language: drop-downs, the audit log, plurals, English dates, closing
moments and the theme catalogue."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from core.audit import audit_detail, audit_record, change_reason, change_reason_restored
from core.models import AuditEvent
from core.templatetags.portal import closing
from plans.models import CooperationPlan
from tests.factories import (
    AuditEventFactory,
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    ProjectFactory,
    RegionFactory,
    ThemeFactory,
    ThemeSectionFactory,
)
from tests.staff.conftest import staff_world  # noqa: F401  (fixture)

TALLINN = ZoneInfo("Europe/Tallinn")
HELSINKI = ZoneInfo("Europe/Helsinki")


# --- "- Select an option -" ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "label"), [("et", "- Valige -"), ("fi", "- Valitse -")])
def test_the_empty_choice_of_a_staff_drop_down_is_in_the_interface_language(
    client,
    staff_world,  # noqa: F811
    language,
    label,
):
    client.force_login(staff_world.users["superuser"])
    with translation.override(language):
        url = reverse("plans-staff:plan-create", kwargs={"region": staff_world.region.slug})

    html = client.get(url).content.decode()

    assert f'<option value="" selected>{label}</option>' in html
    assert "Select an option" not in html


# --- The audit log -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "from “draft” to “in consultation”"),
        ("et", "„eelnõu“ → „avalikul arutelul“"),
        ("fi", "”luonnos” → ”kommentoitavana”"),
    ],
)
def test_a_status_change_is_described_in_the_readers_language(db, language, expected):
    event = AuditEventFactory(data={"code": "status", "from": "draft", "to": "consultation"})

    with translation.override(language):
        assert audit_detail(event) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "closing moved from 4 Feb 2027, 16:00 to 3 Mar 2027, 00:00"),
        ("et", "sulgemisaeg viidi 04.02.2027 16:00 pealt 03.03.2027 00:00 peale"),
        ("fi", "sulkeutumisaika siirretty: 4.2.2027 16.00 → 3.3.2027 0.00"),
    ],
)
def test_moments_in_the_audit_log_are_shown_in_the_regions_time_zone(db, language, expected):
    region = RegionFactory(timezone="Europe/Tallinn")
    window = ConsultationWindowFactory(plan=CooperationPlanFactory(region=region))
    # Stored in UTC, as the database gives them back: 14:00 UTC is 16:00 in Tallinn in winter.
    event = audit_record(
        actor=None,
        action=AuditEvent.Action.WINDOW,
        obj=window,
        region=region,
        detail={
            "code": "window_extended",
            "from": datetime(2027, 2, 4, 14, 0, tzinfo=ZoneInfo("UTC")),
            "to": datetime(2027, 3, 2, 22, 0, tzinfo=ZoneInfo("UTC")),
        },
    )
    event.refresh_from_db()

    assert event.data["from"] == "2027-02-04T14:00:00+00:00"
    with translation.override(language):
        assert audit_detail(event) == expected


def test_the_audit_log_page_shows_details_in_the_readers_language(client, staff_world):  # noqa: F811
    AuditEventFactory(region=staff_world.region, data={"code": "feedback_published"})
    AuditEventFactory(region=staff_world.region, data={}, detail="an old text, kept as it was")
    client.force_login(staff_world.users["superuser"])

    english = client.get("/en/manage/audit/").content.decode()
    finnish = client.get("/fi/manage/audit/").content.decode()

    assert "feedback published" in english and "an old text, kept as it was" in english
    assert "palaute julkaistu" in finnish


def test_an_unknown_detail_code_is_refused_when_written(db):
    with pytest.raises(ValueError, match="unknown audit detail code"):
        audit_record(actor=None, action=AuditEvent.Action.PUBLISH, detail={"code": "made-up"})


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "restored the version of 4 Feb 2027, 16:00"),
        ("et", "taastati versioon seisuga 04.02.2027 16:00"),
        ("fi", "palautettu 4.2.2027 16.00 tallennettu versio"),
    ],
)
def test_a_restore_note_is_written_in_the_readers_language_and_time_zone(language, expected):
    reason = change_reason_restored(datetime(2027, 2, 4, 14, 0, tzinfo=ZoneInfo("UTC")))

    with translation.override(language):
        assert change_reason(reason) == expected
    assert change_reason("load_demo") == "load_demo"


def test_the_migration_reads_old_texts_back_only_where_it_is_sure():
    from importlib import import_module

    structured = import_module("plans.migrations.0007_audit_structured_detail").structured

    assert structured("status", "mustand → arutelu") is None
    draft_to_consultation = {"code": "status", "from": "draft", "to": "consultation"}
    assert structured("status", "eelnõu → avalikul arutelul") == draft_to_consultation
    assert structured("status", "adopted → draft") == {"code": "status", "from": "adopted", "to": "draft"}
    assert structured("role", "granted editor to mari@example.org (manage.py create_staff)") == {
        "code": "role_granted_by_command",
        "role": "editor",
        "user": "mari@example.org",
    }
    assert structured("moderate", "rejected: Ei puuduta kava.") == {
        "code": "moderated_reason",
        "state": "rejected",
        "reason": "Ei puuduta kava.",
    }
    assert structured("archive", "unarchived") == {"code": "unarchived"}
    assert structured("window", "extended: 2026-08-31 23:59 EEST → 2026-09-10 23:59 EEST") is None


# --- Plurals -----------------------------------------------------------------------------------------------------


@pytest.fixture
def feedback_window(db):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.CONSULTATION)
    one, two = ThemeSectionFactory(plan=plan), ThemeSectionFactory(plan=plan)
    window = ConsultationWindowFactory(plan=plan)
    CommentFactory(window=window, section=one, state="published")
    CommentFactory.create_batch(2, window=window, section=two, state="published")
    return window


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "1 comment<", "2 comments<"),
        ("et", "1 kommentaar<", "2 kommentaari<"),
        ("fi", "1 kommentti<", "2 kommenttia<"),
    ],
)
def test_the_feedback_charts_count_comments_in_singular_and_plural(client, feedback_window, language, one, two):
    plan = feedback_window.plan
    with translation.override(language):
        url = reverse(
            "consultations:feedback",
            kwargs={"region": plan.region.slug, "plan": plan.slug, "window": feedback_window.pk},
        )

    html = client.get(url).content.decode()

    assert one in html and two in html
    assert "1 comments" not in html and "1 kommentaarid" not in html


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "In 1 published plan", "In 2 published plans"),
        ("et", "1 avaldatud kavas", "2 avaldatud kavas"),
        ("fi", "1 julkaistussa suunnitelmassa", "2 julkaistussa suunnitelmassa"),
    ],
)
def test_the_theme_catalogue_counts_plans_in_singular_and_plural(client, db, language, one, two):
    rare, common = ThemeFactory(), ThemeFactory()
    ThemeSectionFactory(theme=rare, plan=CooperationPlanFactory(status="adopted"))
    ThemeSectionFactory(theme=common, plan=CooperationPlanFactory(status="adopted"))
    ThemeSectionFactory(theme=common, plan=CooperationPlanFactory(status="adopted"))
    ThemeSectionFactory(theme=common, plan=CooperationPlanFactory(status="draft"))
    with translation.override(language):
        html = client.get(reverse("themes:index")).content.decode()

    assert one in html and two in html


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [("en", "1 theme", "2 themes"), ("et", "1 teema", "2 teemat"), ("fi", "1 teema", "2 teemaa")],
)
def test_the_home_page_counts_themes_in_singular_and_plural(client, db, language, one, two):
    ThemeSectionFactory(plan=CooperationPlanFactory(status="adopted", title="Üks"))
    two_themes = CooperationPlanFactory(status="adopted", title="Kaks")
    ThemeSectionFactory.create_batch(2, plan=two_themes)
    with translation.override(language):
        html = client.get(reverse("home")).content.decode()

    assert f"{one} ·" in html and f"{two} ·" in html


# --- Dates in English --------------------------------------------------------------------------------------------


def test_english_dates_put_the_day_first_and_name_the_month(client, db):
    project = ProjectFactory()  # 1 March 2021 – 31 August 2022
    with translation.override("en"):
        html = client.get(project.get_absolute_url()).content.decode()

    assert "1 Mar 2021" in html
    assert "03/01/2021" not in html and "Mar. 1, 2021" not in html


# --- The last moment of a window -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "midnight", "afternoon"),
    [
        ("et", "3. veebruar 2027, 23:59", "4. veebruar 2027, 16:00"),
        ("en", "3 February 2027, 23:59", "4 February 2027, 16:00"),
        ("fi", "3. helmikuuta 2027 kello 23.59", "4. helmikuuta 2027 kello 16.00"),
    ],
)
@pytest.mark.parametrize("zone", [TALLINN, HELSINKI], ids=["Tallinn", "Helsinki"])
def test_a_window_closing_at_midnight_shows_the_last_minute_of_the_day_before(
    client, db, language, midnight, afternoon, zone
):
    region = RegionFactory(timezone=zone.key)
    plan = CooperationPlanFactory(region=region, status=CooperationPlan.Status.CONSULTATION)
    at_midnight = ConsultationWindowFactory(
        plan=plan, opens_at=datetime(2027, 1, 4, 9, 0, tzinfo=zone), closes_at=datetime(2027, 2, 4, 0, 0, tzinfo=zone)
    )
    at_four = ConsultationWindowFactory(
        plan=plan, opens_at=datetime(2027, 1, 4, 9, 0, tzinfo=zone), closes_at=datetime(2027, 2, 4, 16, 0, tzinfo=zone)
    )

    with time_machine.travel(datetime(2027, 2, 1, 12, 0, tzinfo=zone), tick=False), translation.override(language):
        from django.utils.formats import date_format

        assert date_format(closing(at_midnight), "DATETIME_FORMAT") == midnight
        assert date_format(closing(at_four), "DATETIME_FORMAT") == afternoon
        window_page = client.get(at_midnight.get_absolute_url()).content.decode()
        plan_page = client.get(plan.get_absolute_url()).content.decode()

    assert midnight in window_page
    assert midnight in plan_page and afternoon in plan_page
    assert "4. veebruar 2027, 00:00" not in window_page + plan_page


def test_the_consultation_feed_gives_the_last_open_minute(client, db):
    plan = CooperationPlanFactory(status=CooperationPlan.Status.CONSULTATION)
    ConsultationWindowFactory(
        plan=plan,
        opens_at=datetime(2027, 1, 4, 9, 0, tzinfo=TALLINN),
        closes_at=datetime(2027, 2, 4, 0, 0, tzinfo=TALLINN),
    )
    with time_machine.travel(datetime(2027, 2, 1, 12, 0, tzinfo=TALLINN), tick=False):
        feed = client.get(reverse("feeds:consultations")).content.decode()

    assert "3. veebruar 2027, 23:59" in feed
    assert "4. veebruar 2027, 00:00" not in feed


# --- The theme catalogue -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_the_theme_catalogue_has_an_index_linked_from_each_theme_page(client, db, language):
    theme = ThemeFactory(name_et="Tervena vananemine", name_en="Healthy ageing", name_fi="Terve ikääntyminen")
    with translation.override(language):
        index_url = reverse("themes:index")
        index = client.get(index_url)
        detail = client.get(theme.get_absolute_url()).content.decode()

    assert index_url == f"/{language}/themes/"
    assert index.status_code == 200
    assert theme.name_in(language) in index.content.decode()
    assert theme.get_absolute_url() in index.content.decode() or f'href="/{language}/themes/{theme.slug}/"' in (
        index.content.decode()
    )
    assert f'<a href="{index_url}">' in detail
