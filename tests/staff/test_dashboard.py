"""The workspace's front page: my regions' plans, open consultations, failed documents, others' changes."""

import pytest
from django.urls import reverse

from documents.models import Document
from tests.factories import (
    CommentFactory,
    ConsultationWindowFactory,
    CooperationPlanFactory,
    DocumentFactory,
    UserFactory,
)

DASHBOARD = "/et/manage/"


def test_anonymous_visitor_is_sent_to_log_in(client, staff_world):
    response = client.get(DASHBOARD)

    assert response.status_code == 302
    assert reverse("staff:login") in response["Location"]


def test_dashboard_lists_my_regions_plans_with_status_and_not_other_regions(client, editor, staff_world):
    client.force_login(editor)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    assert response.context["plans"] == [staff_world.plan]
    html = response.content.decode()
    assert staff_world.plan.title in html
    assert staff_world.plan.get_status_display() in html
    assert staff_world.other_plan.title not in html


def test_dashboard_counts_the_comments_waiting_in_each_open_window(client, editor, staff_world):
    CommentFactory(window=staff_world.window, section=staff_world.section)
    CommentFactory(window=staff_world.window, section=staff_world.section, published=True)
    client.force_login(editor)

    response = client.get(DASHBOARD)

    [window] = response.context["windows"]
    assert window == staff_world.window
    assert window.pending == 2  # the world's own comment and the new one; the published one is not waiting


def test_dashboard_lists_documents_whose_rendering_failed(client, editor, staff_world):
    failed = DocumentFactory(plan=staff_world.plan, state=Document.State.FAILED, error="WeasyPrint: boom")
    DocumentFactory(plan=staff_world.plan, ready=True)
    DocumentFactory(plan=staff_world.other_plan, state=Document.State.FAILED)
    client.force_login(editor)

    response = client.get(DASHBOARD)

    assert response.context["failed_documents"] == [failed]
    assert reverse("plans-staff:documents", kwargs={"region": "vorumaa", "plan": "koostookava"}) in (
        response.content.decode()
    )


def test_recent_changes_show_other_peoples_versions_but_not_mine(client, editor, staff_world):
    colleague = UserFactory(username="kolleeg@vorumaa.example")
    staff_world.activity.title = "Kolleegi muudatus"
    staff_world.activity._history_user = colleague
    staff_world.activity.save()
    staff_world.section.title = "Minu muudatus"
    staff_world.section._history_user = editor
    staff_world.section.save()
    client.force_login(editor)

    response = client.get(DASHBOARD)

    changes = response.context["changes"]
    assert changes[0]["name"] == "Kolleegi muudatus"
    assert changes[0]["who"] == "kolleeg@vorumaa.example"
    assert "Minu muudatus" not in [change["name"] for change in changes]
    history_url = reverse("staff:history", kwargs={"label": "plans.activity", "pk": staff_world.activity.pk})
    assert history_url in response.content.decode()


def _add_content(world, n):
    for i in range(n):
        plan = CooperationPlanFactory(region=world.region, slug=f"kava-{i}")
        window = ConsultationWindowFactory(plan=plan)
        CommentFactory(window=window)
        DocumentFactory(plan=plan, state=Document.State.FAILED)


@pytest.mark.parametrize("extra", [1, 6])
def test_dashboard_query_count_does_not_grow_with_plans_windows_or_documents(
    client, editor, staff_world, django_assert_num_queries, extra
):
    _add_content(staff_world, extra)
    client.force_login(editor)
    # session, user, staff check, regions, plans, open windows with pending counts, failed documents,
    # and the newest versions of plans, sections, activities and projects by others (one query each), and the
    # editor's roles in the region, read once for the links the page offers (plans/templatetags/staff_access.py),
    # and the change sets in progress
    with django_assert_num_queries(13):
        response = client.get(DASHBOARD)
    assert len(response.context["plans"]) == 1 + extra
