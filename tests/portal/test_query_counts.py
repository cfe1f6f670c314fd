"""Every page type makes as many queries on a bigger data set as on a small one (issue 18).

Each page of tests/page_types.py (public, the editor's, the moderator's and the superuser's) is requested on the
demo data grown once, then the data grows again (more activities with partners, municipalities, indicators and
yearly values in every theme section of every plan, the change set's working copy too; more funded projects linked
to them; more published comments with answers; more progress reports and evidence) and each page is requested
again. A page whose count grows with the data does a query per row somewhere: the test names it with both counts.
"""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from consultations.models import Comment, ConsultationWindow
from core.models import Municipality, Organisation
from plans.models import Activity, ThemeSection
from tests.factories import (
    ActivityFactory,
    ActivityProgressFactory,
    CommentFactory,
    EvidenceLinkFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ResponseFactory,
    UserFactory,
)
from tests.page_types import editor_pages, moderator_pages, public_pages, superuser_pages

pytestmark = pytest.mark.django_db

# The most queries any page may make on the demo data: a fixed number, whatever the data.
MOST_QUERIES = 40


@pytest.fixture
def demo(settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # every request renders its page
    call_command("load_demo", verbosity=0)


def _superuser():
    user = UserFactory(superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user, device


def _clients():
    users = get_user_model().objects
    superuser, device = _superuser()
    clients = {"public": Client()}
    for role, user in [
        ("editor", users.get(username="vorumaa-editor")),
        ("moderator", users.get(username="vorumaa-moderator")),
        ("superuser", superuser),
    ]:
        clients[role] = Client()
        clients[role].force_login(user)
        if role == "superuser":  # the second step done, as the staff log-in leaves it
            session = clients[role].session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return clients


def _pages() -> list[tuple[str, str, str, int]]:
    """(role, name, path, status) of every page type, in Estonian."""
    with translation.override("et"):
        found = [("public", name, path, status) for name, (path, status) in public_pages("et").items()]
        found += [("editor", name, path, 200) for name, path in editor_pages("et").items()]
        found += [("moderator", name, path, 200) for name, path in moderator_pages().items()]
        found += [("superuser", name, path, 200) for name, path in superuser_pages().items()]
    return found


def _counts(clients, pages) -> dict[str, int]:
    counts = {}
    for role, name, path, status in pages:
        client = clients[role]
        assert client.get(path).status_code == status, (role, name, path)  # warm: sessions, content types
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == status, (role, name, path)
        counts[f"{role}: {name}"] = len(queries)
    return counts


def _grow():
    """Three more activities in every section (working copies too), each with partners, municipalities, two
    indicators of five yearly values, progress with evidence and two linked projects; and forty more published,
    answered comments in every window."""
    for section in ThemeSection.objects.select_related("plan__region"):
        region = section.plan.region
        partners = list(Organisation.objects.filter(region=region)[:3])
        municipalities = list(Municipality.objects.filter(region=region)[:3])
        for _ in range(3):
            activity = ActivityFactory(
                section=section,
                responsible_organisation=partners[0] if partners else None,
                partner_organisations=partners[1:],
                municipalities=municipalities,
                person_years=Decimal("0.75"),
            )
            for _ in range(2):
                indicator = IndicatorFactory(activity=activity)
                for offset in range(5):
                    IndicatorValueFactory(indicator=indicator, year=2020 + offset)
            progress = ActivityProgressFactory(activity=activity, year=2024)
            EvidenceLinkFactory(progress=progress)
            for _ in range(2):
                project = ProjectFactory(region=region, activities=[activity], themes=[section.theme])
                if partners:
                    ProjectPartnerFactory(project=project, organisation=partners[0])
    for window in ConsultationWindow.objects.select_related("plan"):
        sections = list(window.plan.sections.all())
        if not sections:
            continue
        for k in range(40):
            comment = CommentFactory(window=window, section=sections[k % len(sections)], published=True)
            if k % 2:
                ResponseFactory(comment=comment, published_at=comment.submitted_at, changed_section=comment.section)


def test_every_page_makes_as_many_queries_on_more_data(demo):
    pages = _pages()
    clients = _clients()
    # Grown once first, so that every kind of row a page can show exists (a page may then read a kind once more,
    # e.g. page links past fifty projects, the names of added partners); then grown again: twice the added rows.
    _grow()
    activities, comments = Activity.objects.count(), Comment.objects.count()
    before = _counts(clients, pages)
    _grow()
    assert Activity.objects.count() >= activities + 50 and Comment.objects.count() >= comments + 60
    after = _counts(clients, pages)

    grew = {page: f"{before[page]} -> {after[page]}" for page in before if after[page] != before[page]}
    assert grew == {}
    too_many = {page: count for page, count in after.items() if count > MOST_QUERIES}
    assert too_many == {}
