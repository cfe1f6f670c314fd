"""Staff pages show each role only what it can do, and a refused request gets a page in the portal's design and the
visitor's language (403.html, also for a form refused by CSRF protection)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.staff.conftest import staff_world  # noqa: F401 - the fixture, for this folder too

ROLES = ["viewer", "editor", "moderator", "project_editor"]


def html_for(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def window_url(world, name, **kwargs):
    return reverse(
        f"consultations-staff:{name}", kwargs={"region": world.region.slug, "window": world.window.pk, **kwargs}
    )


def pages_of(world):
    plan = {"region": world.region.slug, "plan": world.plan.slug}
    return {
        "dashboard": reverse("staff:dashboard"),
        "region": reverse("plans-staff:region", kwargs={"region": world.region.slug}),
        "windows": reverse("consultations-staff:windows", kwargs={"region": world.region.slug}),
        "documents": reverse("plans-staff:documents", kwargs=plan),
    }


def links_under_manage(html):
    main = html.split("<main", 1)[1]
    return sorted(set(re.findall(r'href="(/[a-z]{2}/manage/[^"#?]*)', main)))


@pytest.mark.parametrize("role", ROLES)
def test_no_link_on_the_workspace_pages_leads_a_role_to_403(client, staff_world, role):  # noqa: F811
    user = staff_world.users[role]
    with translation.override("en"):
        pages = pages_of(staff_world)
        # The window's own page is opened only by the roles that may edit windows.
        if role in ("editor", "moderator"):
            pages["window"] = window_url(staff_world, "window-edit")
        refused = {}
        for name, url in pages.items():
            for link in links_under_manage(html_for(client, user, url)):
                if client.get(link).status_code == 403:
                    refused.setdefault(name, []).append(link)
    assert refused == {}


def test_an_editor_is_not_offered_the_moderators_work_on_a_window_and_a_moderator_is(client, staff_world):  # noqa: F811
    with translation.override("en"):
        url = window_url(staff_world, "window-edit")
        publish = window_url(staff_world, "responses-publish")
        workshop_input = window_url(staff_world, "workshop-comment")
        editor_html = html_for(client, staff_world.users["editor"], url)
        moderator_html = html_for(client, staff_world.users["moderator"], url)
    for moderators_only in (publish, workshop_input, "Publish the feedback"):
        assert moderators_only not in editor_html
        assert moderators_only in moderator_html
    client.force_login(staff_world.users["editor"])
    assert client.post(publish).status_code == 403  # what the page no longer offers is still refused


@pytest.mark.parametrize(("role", "offered"), [("viewer", False), ("project_editor", False), ("editor", True)])
def test_the_render_button_of_the_documents_page_is_offered_to_editors_only(client, staff_world, role, offered):  # noqa: F811
    with translation.override("en"):
        html = html_for(client, staff_world.users[role], pages_of(staff_world)["documents"])
    assert ("Render changed and failed documents" in html) is offered


@pytest.mark.parametrize(
    ("role", "new_plan", "projects", "window_create"),
    [
        ("viewer", False, False, False),
        ("project_editor", False, True, False),
        ("editor", True, False, True),
        ("moderator", False, False, True),
    ],
)
def test_the_dashboard_and_window_list_offer_each_role_its_own_work(
    client,
    staff_world,  # noqa: F811
    role,
    new_plan,
    projects,
    window_create,
):
    user = staff_world.users[role]
    with translation.override("en"):
        dashboard = html_for(client, user, reverse("staff:dashboard"))
        windows = html_for(client, user, pages_of(staff_world)["windows"])
        create_url = reverse("plans-staff:plan-create", kwargs={"region": staff_world.region.slug})
        projects_url = reverse("projects-staff:list", kwargs={"region": staff_world.region.slug})
        window_create_url = reverse(
            "consultations-staff:window-create",
            kwargs={"region": staff_world.region.slug, "plan": staff_world.plan.slug},
        )
    assert (create_url in dashboard, projects_url in dashboard, window_create_url in windows) == (
        new_plan,
        projects,
        window_create,
    )


@pytest.mark.parametrize(
    ("language", "heading"), [("et", "Juurdepääs puudub"), ("en", "Access denied"), ("fi", "Ei käyttöoikeutta")]
)
def test_a_refused_page_is_in_the_portals_design_and_the_visitors_language(client, staff_world, language, heading):  # noqa: F811
    client.force_login(staff_world.users["editor"])
    with translation.override(language):
        url = window_url(staff_world, "workshop-comment")
    response = client.get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and 'class="site-header"' in html
    assert f"<h1>{heading}</h1>" in html
    assert reverse("staff:dashboard").replace("/et/", f"/{language}/") in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("et", "Vormi ei saanud saata"), ("en", "The form could not be sent"), ("fi", "Lomaketta ei voitu lähettää")],
)
def test_a_form_refused_by_csrf_protection_gets_a_page_in_the_visitors_language(staff_world, language, heading):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    with translation.override(language):
        url = reverse("consultations:subscribe", kwargs={"region": staff_world.region.slug})
    response = client.post(url, {"email": "someone@example.org"})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{language}">' in html and 'class="site-header"' in html
    assert f"<h1>{heading}</h1>" in html
