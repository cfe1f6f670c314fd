"""The lead organisation's public contact on the public pages: the plan page's lead line and the organisation's
page give its e-mail and phone as links, or its website when it has neither (issue #17)."""

from html import unescape

import pytest
from django.utils import translation

from tests.factories import CooperationPlanFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def plan_page(client, plan) -> str:
    with translation.override("en"):
        url = plan.get_absolute_url()
    return unescape(client.get(url).content.decode())


def lead_line(html: str) -> str:
    return html.split('<p class="lead-meta"', 1)[1].split("</p>", 1)[0]


def test_plan_page_lead_line_links_the_organisations_public_email_and_phone(client):
    lead = OrganisationFactory(
        name="Arenduskeskus",
        public_email="info@arendus.example",
        public_phone="+372 000 0000",
        website="https://a.example",
    )
    plan = CooperationPlanFactory(
        region=lead.region, lead_organisation=lead, status="adopted", contact_role="heaolu juht"
    )

    line = lead_line(plan_page(client, plan))

    assert "heaolu juht" in line
    assert 'E-mail: <a href="mailto:info@arendus.example">info@arendus.example</a>' in line
    assert 'Phone: <a href="tel:+3720000000" class="num">+372 000 0000</a>' in line
    assert "https://a.example" not in line


def test_plan_page_lead_line_gives_the_website_when_there_is_no_email_or_phone(client):
    lead = OrganisationFactory(name="Arenduskeskus", website="https://arendus.example/")
    plan = CooperationPlanFactory(region=lead.region, lead_organisation=lead, status="adopted")

    line = lead_line(plan_page(client, plan))

    assert 'Website: <a href="https://arendus.example/">https://arendus.example/</a>' in line
    assert "mailto:" not in line


def test_plan_page_lead_line_has_no_contact_when_the_organisation_has_none(client):
    lead = OrganisationFactory(name="Arenduskeskus", website="")
    plan = CooperationPlanFactory(region=lead.region, lead_organisation=lead, status="adopted")

    line = lead_line(plan_page(client, plan))

    assert "Arenduskeskus" in line
    assert "mailto:" not in line and "tel:" not in line and "Website" not in line


def test_organisation_page_gives_its_public_contact(client):
    lead = OrganisationFactory(name="Arenduskeskus", public_email="info@arendus.example", public_phone="(06) 000 000")
    with translation.override("en"):
        url = lead.get_absolute_url()

    html = unescape(client.get(url).content.decode())

    assert '<a href="mailto:info@arendus.example">info@arendus.example</a>' in html
    assert '<a href="tel:06000000" class="num">(06) 000 000</a>' in html
