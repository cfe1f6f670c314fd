"""The contact page in Chromium: no axe violations in any language, and the footer leads to it."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.browser.test_accessibility import violations_on


@pytest.mark.parametrize("language", ["et", "en", "fi"])
def test_contact_page_has_no_axe_violations(transactional_db, live_server, page, language):
    with translation.override(language):
        url = reverse("contact")
    assert violations_on(page, live_server.url + url) == []


def test_the_footer_link_leads_to_the_contact_page(transactional_db, live_server, page):
    page.goto(live_server.url + reverse("home"))
    page.locator("footer").get_by_role("link", name="Kontakt").click()
    page.wait_for_url("**/et/contact/")
    assert page.locator("h1").inner_text() == "Kontakt"
