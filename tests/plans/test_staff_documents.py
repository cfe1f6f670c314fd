"""Staff see every PDF of a plan with its state and can have what changed or failed rendered again."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import RegionRole
from documents import rendering as documents_service
from documents.models import Document
from tests.factories import (
    ActivityFactory,
    CooperationPlanFactory,
    DocumentFactory,
    RegionRoleFactory,
    ThemeSectionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    plan = CooperationPlanFactory(status="adopted")
    ActivityFactory(section=ThemeSectionFactory(plan=plan))
    return plan


def url(plan):
    return reverse("plans-staff:documents", kwargs={"region": plan.region.slug, "plan": plan.slug})


@pytest.fixture
def document_staff(client, plan):
    """An editor of the plan's region."""
    user = UserFactory()
    RegionRoleFactory(user=user, region=plan.region, role=RegionRole.Role.EDITOR)
    client.force_login(user)
    return client


def test_anonymous_visitor_is_sent_to_log_in(client, plan):
    response = client.get(url(plan))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_staff_of_another_region_gets_403(client, plan):
    user = UserFactory()
    RegionRoleFactory(user=user, role=RegionRole.Role.EDITOR)
    client.force_login(user)
    assert client.get(url(plan)).status_code == 403
    assert client.post(url(plan)).status_code == 403
    assert not Document.objects.exists()


def test_viewer_sees_the_list_but_cannot_render(client, plan):
    user = UserFactory()
    RegionRoleFactory(user=user, region=plan.region, role=RegionRole.Role.VIEWER)
    client.force_login(user)
    assert client.get(url(plan)).status_code == 200
    assert client.post(url(plan)).status_code == 403
    assert not Document.objects.exists()


def test_list_shows_state_size_time_and_the_last_error(document_staff, plan, django_assert_num_queries):
    DocumentFactory(plan=plan, ready=True)
    DocumentFactory(plan=plan, state=Document.State.FAILED, error="WeasyPrint: font not found")
    # session, user, "has a role somewhere", plan, "has a role in its region", documents, the roles in the region
    # for the render button (plans/templatetags/staff_access.py)
    with django_assert_num_queries(7):
        response = document_staff.get(url(plan))
    html = response.content.decode()
    assert "WeasyPrint: font not found" in html
    assert "47,1\xa0kB" in html  # 48 213 bytes, Estonian decimal comma
    assert "Refresh" not in response  # nothing is rendering


def test_list_reloads_itself_while_documents_are_rendering(document_staff, plan):
    DocumentFactory(plan=plan, state=Document.State.QUEUED)
    response = document_staff.get(url(plan))
    assert response["Refresh"] == "5"
    assert "<progress" in response.content.decode()


def test_render_button_renders_the_summary_and_every_sheet_once(
    document_staff, plan, monkeypatch, django_capture_on_commit_callbacks, eager_celery
):
    calls = []
    real = documents_service.render_pdf

    def counting(**kwargs):
        calls.append(1)
        return real(**kwargs)

    monkeypatch.setattr(documents_service, "render_pdf", counting)
    with django_capture_on_commit_callbacks(execute=True):
        response = document_staff.post(url(plan), follow=True)
    assert response.status_code == 200
    assert Document.objects.filter(plan=plan, state=Document.State.READY).count() == 2  # summary + one sheet
    assert len(calls) == 2
    with django_capture_on_commit_callbacks(execute=True):
        document_staff.post(url(plan))
    assert len(calls) == 2  # unchanged content is not rendered again


def test_render_button_takes_over_a_document_left_rendering_by_a_killed_worker(
    document_staff, plan, monkeypatch, django_capture_on_commit_callbacks, eager_celery, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(documents_service, "render_pdf", lambda **kwargs: (b"%PDF-1.7\n%%EOF\n", 1))
    with django_capture_on_commit_callbacks(execute=True):
        document_staff.post(url(plan))
    Document.objects.filter(plan=plan, kind=Document.Kind.PLAN_SUMMARY).update(
        state=Document.State.RENDERING, attempt="killed", lease_expires_at=timezone.now() + timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = document_staff.post(url(plan), follow=True)

    assert response.status_code == 200
    summary = Document.objects.get(plan=plan, kind=Document.Kind.PLAN_SUMMARY)
    assert summary.state == Document.State.READY
    assert summary.attempt != "killed"


def test_unknown_plan_gives_404_to_staff(document_staff, plan):
    assert document_staff.get(reverse("plans-staff:documents", kwargs={"region": "x", "plan": "y"})).status_code == 404
