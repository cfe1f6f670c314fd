"""The portal operator's contact page: who runs the portal, where each kind of question goes, and how fast."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db


def url(language="et"):
    with translation.override(language):
        return reverse("contact")


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_contact_page_is_served_in_each_language_with_one_heading(client, language):
    response = client.get(url(language))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert html.count("<h1") == 1


def test_contact_page_names_the_operator_and_the_address_from_settings(client, settings):
    settings.PORTAL_OPERATOR_NAME = "Heaolu Arenduskeskus"
    settings.PORTAL_OPERATOR_EMAIL = "portaal@example.org"
    html = client.get(url("en")).content.decode()
    assert "The portal is run by Heaolu Arenduskeskus." in html
    assert '<a href="mailto:portaal@example.org">portaal@example.org</a>' in html


def test_without_an_operator_name_the_page_speaks_of_the_portal_team(client, settings):
    settings.PORTAL_OPERATOR_NAME = ""
    html = client.get(url("en")).content.decode()
    assert "The portal is run by the portal team." in html


def test_contact_page_separates_portal_matters_from_plan_content_and_links_to_accessibility_feedback(client):
    html = client.get(url("en")).content.decode()
    assert "Questions about the portal" in html
    assert "We answer within five working days." in html
    assert "Questions about a plan or a project" in html
    assert f'href="{reverse("accessibility")}#feedback"'.replace("/et/", "/en/") in html


def test_every_page_links_to_the_contact_page_in_the_footer(client):
    html = client.get(reverse("home")).content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'<a href="{url()}">' in footer


def test_contact_page_needs_no_query_and_is_cached_for_visitors(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(url())
    assert client.get(url())["X-Page-Cache"] == "hit"


def test_contact_page_is_in_the_sitemap_in_every_language(client):
    xml = client.get(reverse("sitemap-section", kwargs={"section": "pages"})).content.decode()
    for language in ("et", "en", "fi"):
        assert f"/{language}/contact/</loc>" in xml
