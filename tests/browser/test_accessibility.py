"""axe-core's options and helpers for the browser tests, and the keyboard's skip link.

Every page type in every language is checked by tests/browser/test_page_quality.py (axe-core, the Nu Html
Checker and reflow at 320 px)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse

AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", verbosity=0)


def violations_on(page, url, status=200):
    response = page.goto(url)
    assert response.status == status, url
    results = Axe().run(page, options=AXE_OPTIONS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
    ]


def test_keyboard_user_can_skip_to_the_content(demo, live_server, page):
    page.goto(live_server.url + reverse("home"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
