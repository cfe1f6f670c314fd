"""Every page is sent with a strict Content-Security-Policy, and no page needs more (issue 13, point 3).

The policy allows the portal's own files only; a page holds no inline style attribute, event handler attribute or
inline script or style element, except the admin's few, which carry the request's nonce (Django's
``{% csp_nonce_attr %}``). tests/browser/conftest.py fails every browser test on a violation the browser reports.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from documents import rendering
from plans.models import CooperationPlan
from tests.factories import ThemeFactory, UserFactory
from tests.page_types import editor_pages, moderator_pages, public_pages, superuser_pages

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'; form-action 'self'"
)
NONCE = re.compile(r" 'nonce-([^']+)'")
# Script elements that hold data, not code: the browser never runs them, so the policy does not apply.
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """What a page would need 'unsafe-inline' for, and the nonces it uses."""

    def __init__(self):
        super().__init__()
        self.found = []
        self.nonces = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "style" in attrs:
            self.found.append(f"<{tag} style={attrs['style']!r}>")
        self.found += [f"<{tag} {name}=…>" for name in attrs if name.startswith("on")]
        if (attrs.get("href") or "").strip().lower().startswith("javascript:"):
            self.found.append(f"<{tag} href=javascript:…>")
        if attrs.get("nonce"):
            self.nonces.add(attrs["nonce"])
        inline = (tag == "style") or (tag == "script" and "src" not in attrs)
        if inline and attrs.get("type") not in DATA_SCRIPT_TYPES and not attrs.get("nonce"):
            self.found.append(f"<{tag}> without a nonce")


def _policy_and_nonces(response) -> tuple[str, set[str]]:
    header = response["Content-Security-Policy"]
    return NONCE.sub("", header), set(NONCE.findall(header))


def _inline_code_of(response) -> list[str]:
    """The inline code of a page, and any nonce it uses that its policy does not name."""
    parser = InlineCode()
    parser.feed(response.content.decode())
    _policy, nonces = _policy_and_nonces(response)
    return parser.found + [f"nonce {nonce} is not the policy's" for nonce in parser.nonces - nonces]


def _verified_superuser(client):
    """A superuser logged in with the second step done, as the staff log-in leaves one."""
    user = UserFactory(superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return user


@pytest.fixture
def demo(db, settings):
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    call_command("load_demo", verbosity=0)


def test_a_public_page_is_sent_with_the_strict_policy(client, demo):
    plan = CooperationPlan.objects.originals().get(region__slug="vorumaa")

    response = client.get(plan.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_a_public_page_served_from_the_page_cache_is_sent_with_the_policy_too(client, demo, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    url = CooperationPlan.objects.originals().get(region__slug="vorumaa").get_absolute_url()
    client.get(url)

    response = client.get(url)

    assert response["X-Page-Cache"] == "hit"  # the view is not run: the middleware around it adds the header
    assert response["Content-Security-Policy"] == POLICY


def test_a_staff_page_is_sent_with_the_strict_policy(client, demo):
    _verified_superuser(client)

    response = client.get(reverse("staff:dashboard"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_the_admin_login_and_the_staff_login_it_leads_to_are_sent_with_the_policy(client, db):
    response = client.get("/et/admin/login/")
    login = client.get(response["Location"])

    assert response["Content-Security-Policy"] == POLICY
    assert login.status_code == 200
    assert login["Content-Security-Policy"] == POLICY


@pytest.mark.parametrize("page", ["admin:index", "admin:themes_theme_changelist", "admin:themes_theme_change"])
def test_an_admin_page_is_sent_with_the_policy_and_a_nonce_on_its_own_inline_code(client, db, page):
    _verified_superuser(client)
    theme = ThemeFactory(colour="#1f5f8b")
    url = reverse(page, args=[theme.pk] if page.endswith("_change") else [])

    response = client.get(url)

    assert response.status_code == 200
    policy, nonces = _policy_and_nonces(response)
    assert policy == POLICY
    assert len(nonces) <= 1
    assert _inline_code_of(response) == []


def test_the_theme_colours_are_a_stylesheet_of_the_portal_not_style_attributes(client, db):
    theme = ThemeFactory(colour="#1f5f8b")

    response = client.get(reverse("themes:colours"))

    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert f".theme-colour-{theme.pk} {{ --theme-colour: #1f5f8b; }}" in response.content.decode()


def test_no_public_page_of_the_demo_holds_inline_code(client, demo, monkeypatch, settings):
    with translation.override("et"):
        pages = public_pages("et")
        plan = CooperationPlan.objects.originals().select_related("region").get(region__slug="vorumaa")
        section = plan.sections.select_related("theme").first()
        kwargs = {"region": plan.region.slug, "plan": plan.slug, "theme": section.theme.slug}
        # A PDF asked for before a worker has made it: the page that says it is being prepared.
        settings.CELERY_TASK_ALWAYS_EAGER = False
        monkeypatch.setattr(rendering, "_enqueue", lambda document_id: None)
        pages["document being prepared"] = (reverse("plans:theme-sheet-pdf", kwargs=kwargs), None)
    found = {}

    for name, (path, status) in pages.items():
        response = client.get(path)
        if status is not None:
            assert response.status_code == status, name
        assert _policy_and_nonces(response)[0] == POLICY, name
        if inline := _inline_code_of(response):
            found[name] = inline

    assert found == {}


@pytest.mark.parametrize("role", ["editor", "moderator", "superuser"])
def test_no_staff_page_of_the_demo_holds_inline_code(client, demo, role):
    users = {"editor": "vorumaa-editor", "moderator": "vorumaa-moderator"}
    if role == "superuser":
        _verified_superuser(client)
    else:
        client.force_login(get_user_model().objects.get(username=users[role]))
    with translation.override("et"):
        pages = {"editor": editor_pages, "moderator": moderator_pages, "superuser": superuser_pages}[role]
        pages = pages("et") if role == "editor" else pages()
    found = {}

    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, name
        assert _policy_and_nonces(response)[0] == POLICY, name
        if inline := _inline_code_of(response):
            found[name] = inline

    assert found == {}
