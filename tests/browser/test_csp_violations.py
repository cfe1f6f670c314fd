"""The browser tests see a Content-Security-Policy violation (tests/browser/conftest.py's no_csp_violation)."""

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.csp import build_policy
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import ThemeFactory, UserFactory

PAGE = "http://portal.test/"


def test_an_inline_style_and_script_refused_by_the_policy_are_reported(page, no_csp_violation):
    policy = build_policy(settings.SECURE_CSP)
    page.route(
        PAGE,
        lambda route: route.fulfill(
            body='<!doctype html><title>t</title><p style="color: red">x</p><script>document.title = "ran"</script>',
            content_type="text/html",
            headers={"Content-Security-Policy": policy},
        ),
    )

    page.goto(PAGE)
    page.evaluate("0")  # a round trip: the console messages of the load have arrived

    assert page.title() == "t"  # the inline script did not run
    assert any("style-src" in text for text in no_csp_violation), no_csp_violation
    assert any("script-src" in text for text in no_csp_violation), no_csp_violation
    no_csp_violation.clear()  # seen, as this test expects: not a failure


def test_a_theme_keeps_its_colour_without_a_style_attribute(page, live_server, transactional_db):
    ThemeFactory(colour="#6f42c1")

    page.goto(live_server.url + "/et/themes/")

    colour = page.locator(".theme-block").first.evaluate("(el) => getComputedStyle(el).borderLeftColor")
    assert colour == "rgb(111, 66, 193)"


def test_the_admin_works_under_the_policy(page, live_server, transactional_db):
    """Django's admin carries the nonce on its own inline code: its pages report no violation (the fixture)."""
    theme = ThemeFactory()
    user = UserFactory(superuser=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}
    page.context.add_cookies([cookie])

    for url in [
        reverse("admin:index"),
        reverse("admin:themes_theme_changelist"),
        reverse("admin:themes_theme_change", args=[theme.pk]),
        reverse("admin:plans_cooperationplan_add"),
    ]:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert page.locator("#content").count() == 1, url
