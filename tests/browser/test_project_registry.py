"""axe-core in Chromium finds no WCAG 2.1 A/AA violations on the registry (filtered too), project, funder and
measure pages, in every interface language."""

import pytest
from django.urls import reverse
from django.utils import translation

from projects.models import Measure, Project
from tests.browser.test_accessibility import demo, violations_on  # noqa: F401 (demo is a fixture)


def registry_pages():
    project = Project.objects.select_related("region", "funder").filter(events__isnull=False).first()
    project = project or Project.objects.select_related("region", "funder").first()
    measure = Measure.objects.select_related("funder").filter(projects__isnull=False).first()
    theme = project.themes.first()
    pages = {
        "registry": reverse("projects:list"),
        "registry filtered": reverse("projects:list")
        + f"?region={project.region.slug}&funder={project.funder.slug}&year_from=2010&sort=grant"
        + (f"&theme={theme.slug}" if theme else ""),
        "registry with mangled filters": reverse("projects:list") + "?funder=nobody&year_from=abc&page=999",
        "project": project.get_absolute_url(),
        "funder": project.funder.get_absolute_url(),
    }
    if measure:
        pages["measure"] = measure.get_absolute_url()
    return pages


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_registry_project_funder_and_measure_pages_pass_axe(demo, live_server, page, language):  # noqa: F811
    with translation.override(language):
        urls = registry_pages()
    found = {name: violations_on(page, live_server.url + url) for name, url in urls.items()}
    assert {name: v for name, v in found.items() if v} == {}


def test_registry_on_a_320px_phone_does_not_scroll_sideways(demo, live_server, browser):  # noqa: F811
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    assert violations_on(page, live_server.url + registry_pages()["registry"]) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
