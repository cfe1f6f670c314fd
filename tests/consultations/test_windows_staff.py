# ruff: noqa: F811  (fixtures imported from tests/staff/conftest.py are parameters of the tests)
"""Opening, editing, extending and closing windows, and workshops: times typed in the region's zone, every change
logged, bad input refused with the input kept."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from consultations.models import ConsultationWindow, Workshop
from core.audit import audit_detail
from core.models import AuditEvent
from tests.factories import CooperationPlanFactory, RegionFactory, ThemeSectionFactory, UserFactory
from tests.staff.conftest import editor, grant, moderator, staff_world  # noqa: F401  (fixtures)


def create_url(world, plan=None):
    return reverse(
        "consultations-staff:window-create", kwargs={"region": world.region.slug, "plan": (plan or world.plan).slug}
    )


def window_url(world, name="window-edit"):
    return reverse(f"consultations-staff:{name}", kwargs={"region": world.region.slug, "window": world.window.pk})


def window_data(**overrides):
    data = {
        "title": "Suvine arutelu",
        "intro": "Kommenteeri.",
        "opens_at": "2026-06-17T18:00",
        "closes_at": "2026-08-31T23:59",
        "moderation_mode": "pre",
    }
    data.update(overrides)
    return data


def test_editor_opens_a_window_with_times_read_in_tallinn_time_and_it_is_logged(client, staff_world, editor):
    client.force_login(editor)

    response = client.post(create_url(staff_world), window_data(sections=[staff_world.section.pk]))

    assert response.status_code == 302
    window = ConsultationWindow.objects.get(title="Suvine arutelu")
    # Summer time in Tallinn is three hours ahead of UTC.
    assert window.opens_at == datetime(2026, 6, 17, 15, 0, tzinfo=UTC)
    assert window.closes_at == datetime(2026, 8, 31, 20, 59, tzinfo=UTC)
    assert list(window.sections.all()) == [staff_world.section]
    event = AuditEvent.objects.get(action=AuditEvent.Action.WINDOW)
    assert event.object_id == str(window.pk)
    assert datetime.fromisoformat(event.data["opens"]) == datetime(2026, 6, 17, 15, 0, tzinfo=UTC)
    with translation.override("en"):
        assert "17 Jun 2026, 18:00" in audit_detail(event)


def test_a_finnish_regions_window_is_read_in_helsinki_time_and_shown_back_in_it(client, db):
    region = RegionFactory(slug="pohjois-karjala", finnish=True)
    plan = CooperationPlanFactory(region=region, slug="hyvinvointi")
    user = grant(UserFactory(), region, "moderator")
    client.force_login(user)
    url = reverse("consultations-staff:window-create", kwargs={"region": region.slug, "plan": plan.slug})

    client.post(url, window_data(opens_at="2026-01-10T09:00", closes_at="2026-02-10T16:00"))

    window = ConsultationWindow.objects.get()
    assert window.opens_at == datetime(2026, 1, 10, 7, 0, tzinfo=UTC)  # winter: two hours ahead
    edit = client.get(reverse("consultations-staff:window-edit", kwargs={"region": region.slug, "window": window.pk}))
    assert 'value="2026-01-10T09:00"' in edit.content.decode()
    assert "Europe/Helsinki" in edit.content.decode()


def test_a_time_that_does_not_exist_in_the_zone_is_refused_without_an_error_page(client, staff_world, editor):
    client.force_login(editor)

    # Clocks in Tallinn jump from 03:00 to 04:00 on 29 March 2026.
    response = client.post(create_url(staff_world), window_data(opens_at="2026-03-29T03:30"))

    assert response.status_code == 200
    assert response.context["form"].errors["opens_at"]
    assert 'value="Suvine arutelu"' in response.content.decode()
    assert not ConsultationWindow.objects.filter(title="Suvine arutelu").exists()


def test_a_window_that_closes_before_it_opens_is_refused(client, staff_world, editor):
    client.force_login(editor)

    response = client.post(create_url(staff_world), window_data(closes_at="2026-06-01T00:00"))

    assert response.context["form"].errors["closes_at"]
    assert not ConsultationWindow.objects.filter(title="Suvine arutelu").exists()


def test_sections_of_another_plan_cannot_be_chosen(client, staff_world, editor):
    other = ThemeSectionFactory(plan=CooperationPlanFactory(region=staff_world.region))
    client.force_login(editor)

    response = client.post(create_url(staff_world), window_data(sections=[other.pk]))

    assert response.context["form"].errors["sections"]
    assert not ConsultationWindow.objects.filter(title="Suvine arutelu").exists()


def test_editing_a_window_logs_what_changed(client, staff_world, moderator):
    client.force_login(moderator)

    client.post(window_url(staff_world), window_data(title="Uus pealkiri", moderation_mode="post", version="1"))

    window = ConsultationWindow.objects.get(pk=staff_world.window.pk)
    assert (window.title, window.moderation_mode) == ("Uus pealkiri", "post")
    changes = AuditEvent.objects.get(action=AuditEvent.Action.WINDOW).data["changes"]
    assert {"field": "moderation_mode", "from": "pre", "to": "post"} in changes
    assert [change["to"] for change in changes if change["field"] == "title"] == ["Uus pealkiri"]


def test_extending_moves_the_closing_time_later_and_is_logged(client, staff_world, editor):
    client.force_login(editor)
    new = timezone.localtime(staff_world.window.closes_at + timedelta(days=10), timezone.get_default_timezone())

    response = client.post(window_url(staff_world, "window-extend"), {"closes_at": new.strftime("%Y-%m-%dT%H:%M")})

    assert response.status_code == 302
    window = ConsultationWindow.objects.get(pk=staff_world.window.pk)
    assert window.closes_at == new.replace(second=0, microsecond=0)
    assert AuditEvent.objects.get(action=AuditEvent.Action.WINDOW).data["code"] == "window_extended"


def test_extending_to_an_earlier_time_is_refused(client, staff_world, editor):
    client.force_login(editor)
    closes_at = staff_world.window.closes_at

    response = client.post(window_url(staff_world, "window-extend"), {"closes_at": "2020-01-01T10:00"})

    assert response.context["form"].errors["closes_at"]
    assert ConsultationWindow.objects.get(pk=staff_world.window.pk).closes_at == closes_at
    assert not AuditEvent.objects.exists()


def test_closing_early_closes_the_window_now_and_logs_the_reason(client, staff_world, editor):
    client.force_login(editor)

    client.post(window_url(staff_world, "window-close"), {"reason": "Kava tuleb ümber teha."})

    window = ConsultationWindow.objects.get(pk=staff_world.window.pk)
    assert not window.is_open()
    assert timezone.now() - window.closes_at < timedelta(minutes=1)
    assert AuditEvent.objects.get(action=AuditEvent.Action.WINDOW).data["reason"] == "Kava tuleb ümber teha."


def test_a_closed_window_cannot_be_closed_early_again(client, staff_world, editor):
    client.force_login(editor)
    client.post(window_url(staff_world, "window-close"), {})

    response = client.post(window_url(staff_world, "window-close"), {})

    assert response.status_code == 200
    assert gettext("Only an open window can be closed early.") in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.WINDOW).count() == 1


@pytest.mark.parametrize("who", ["viewer", "project_editor", "outsider"])
def test_who_may_not_work_on_windows_changes_nothing(client, staff_world, who):
    client.force_login(staff_world.users[who])

    response = client.post(window_url(staff_world, "window-close"), {})

    assert response.status_code == 403
    assert ConsultationWindow.objects.get(pk=staff_world.window.pk).is_open()


def test_a_workshop_needs_a_place_or_a_web_link_and_keeps_what_was_typed(client, staff_world, editor):
    client.force_login(editor)

    response = client.post(
        window_url(staff_world, "workshop-create"),
        {"title": "Veebitöötuba", "starts_at": "2026-06-17T18:00", "ends_at": "2026-06-17T20:00"},
    )

    assert response.context["form"].errors["place"]
    assert 'value="Veebitöötuba"' in response.content.decode()
    assert Workshop.objects.count() == 1


def test_a_workshop_is_added_in_local_time_and_logged(client, staff_world, editor):
    client.force_login(editor)

    response = client.post(
        window_url(staff_world, "workshop-create"),
        {
            "title": "Veebitöötuba",
            "starts_at": "2026-06-17T18:00",
            "ends_at": "2026-06-17T20:00",
            "web_link": "https://meet.example.org/heaolu",
        },
    )

    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Veebitöötuba")
    assert workshop.starts_at == datetime(2026, 6, 17, 15, 0, tzinfo=UTC)
    data = AuditEvent.objects.get(action=AuditEvent.Action.WINDOW).data
    assert (data["code"], data["title"]) == ("workshop_added", "Veebitöötuba")


def test_a_window_closing_before_it_opens_gets_one_message_on_the_field_only(client, staff_world, editor):
    client.force_login(editor)

    response = client.post(window_url(staff_world), window_data(closes_at="2026-06-01T00:00", version="1"))

    form = response.context["form"]
    assert list(form.errors) == ["closes_at"]
    assert ConsultationWindow.objects.get(pk=staff_world.window.pk).title != "Suvine arutelu"
