"""Logging in and out, the TOTP step, passwords, the account page and `manage.py create_staff`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent, RegionRole
from tests.factories import TEST_PASSWORD, RegionFactory, UserFactory

LOGIN = "/et/manage/login/"


def _code(device: TOTPDevice, shift: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + shift * device.step
    return str(totp.token()).zfill(device.digits)


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def test_login_page_shows_the_form(client, db):
    response = client.get(LOGIN)

    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert reverse("staff:password-reset").encode() in response.content


def test_editor_logs_in_with_the_right_password_and_lands_on_the_dashboard(client, editor):
    response = client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")
    assert _logged_in_user_id(client) == str(editor.pk)


def test_login_with_the_e_mail_address_works_too(client, staff_world):
    user = UserFactory(username="juhan", email="Juhan@Vorumaa.example")
    RegionRole.objects.create(user=user, region=staff_world.region, role=RegionRole.Role.VIEWER)

    response = client.post(LOGIN, {"username": "juhan@vorumaa.example", "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(user.pk)


def test_login_follows_a_safe_next_address_but_not_a_foreign_one(client, editor):
    response = client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD, "next": "/et/manage/audit/"})
    assert response["Location"] == "/et/manage/audit/"

    client.logout()
    response = client.post(
        LOGIN, {"username": editor.username, "password": TEST_PASSWORD, "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("staff:dashboard")


def test_wrong_password_shows_an_error_and_keeps_the_user_name(client, editor):
    response = client.post(LOGIN, {"username": editor.username, "password": "wrong"})

    assert response.status_code == 200
    assert _logged_in_user_id(client) is None
    assert b"alert-danger" in response.content
    assert f'value="{editor.username}"'.encode() in response.content


def test_five_failures_lock_the_account_out_even_for_the_right_password(client, editor):
    for _attempt in range(5):
        client.post(LOGIN, {"username": editor.username, "password": "wrong"})

    response = client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD})

    assert response.status_code == 429
    assert "staff/account/locked_out.html" in [t.name for t in response.templates]
    assert _logged_in_user_id(client) is None


def test_lockout_page_is_in_the_language_of_the_address(client, editor):
    for _attempt in range(6):
        response = client.post("/en/manage/login/", {"username": editor.username, "password": "wrong"})

    assert response.status_code == 429
    assert b'lang="en"' in response.content


def test_the_session_ends_when_the_browser_closes_or_after_eight_hours(client, editor, settings):
    client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD})

    assert client.session.get_expire_at_browser_close()
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_logout_is_a_post_and_ends_the_session(client, editor):
    client.force_login(editor)

    assert client.get("/et/manage/logout/").status_code == 405
    response = client.post("/et/manage/logout/")

    assert response.status_code == 302
    assert _logged_in_user_id(client) is None


# --- Two-step verification ---------------------------------------------------------------------------------------


@pytest.fixture
def device(editor):
    return TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)


def test_user_with_a_device_is_not_logged_in_after_the_password_alone(client, editor, device):
    response = client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD})

    assert response["Location"] == reverse("staff:login-verify")
    assert _logged_in_user_id(client) is None
    assert client.get(reverse("staff:dashboard")).status_code == 302  # still asked to log in


def test_right_code_logs_in_and_marks_the_session_verified(client, editor, device):
    client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD})

    response = client.post(reverse("staff:login-verify"), {"token": _code(device)})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:dashboard")
    assert _logged_in_user_id(client) == str(editor.pk)
    assert client.session.get("otp_device_id") == device.persistent_id
    assert client.get(reverse("staff:dashboard")).status_code == 200


def test_wrong_code_does_not_log_in(client, editor, device):
    client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD})

    response = client.post(reverse("staff:login-verify"), {"token": _code(device, shift=20)})

    assert response.status_code == 200
    assert b"invalid-feedback" in response.content
    assert _logged_in_user_id(client) is None


def test_code_page_without_the_password_step_sends_back_to_login(client, db):
    response = client.post(reverse("staff:login-verify"), {"token": "123456"})

    assert response.status_code == 302
    assert response["Location"] == reverse("staff:login")


def test_setting_up_two_step_verification_shows_a_qr_code_and_confirms_with_a_code(client, editor):
    client.force_login(editor)

    response = client.get(reverse("staff:two-factor-setup"))
    assert response.status_code == 200
    assert b"<svg" in response.content
    pending = TOTPDevice.objects.get(user=editor)
    assert not pending.confirmed
    assert response.context["secret"].replace(" ", "")  # the key, typed in by hand

    wrong = client.post(reverse("staff:two-factor-setup"), {"token": _code(pending, shift=20)})
    assert wrong.status_code == 200
    pending.refresh_from_db()
    assert not pending.confirmed
    pending.throttle_reset()  # django-otp makes a device wait a second or more after each wrong code

    response = client.post(reverse("staff:two-factor-setup"), {"token": _code(pending)})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.confirmed


def test_turning_two_step_verification_off_needs_the_password(client, editor, device):
    client.force_login(editor)

    assert client.post(reverse("staff:two-factor-disable"), {"password": "wrong"}).status_code == 200
    assert TOTPDevice.objects.filter(user=editor).exists()

    response = client.post(reverse("staff:two-factor-disable"), {"password": TEST_PASSWORD})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=editor).exists()


def test_account_page_lists_the_users_roles(client, editor, staff_world):
    client.force_login(editor)

    response = client.get(reverse("staff:account"))

    assert response.status_code == 200
    assert "Võrumaa" in response.content.decode()


# --- Passwords ---------------------------------------------------------------------------------------------------


def test_password_change_needs_the_old_password(client, editor):
    client.force_login(editor)
    new = "a much longer new passphrase 42"
    url = reverse("staff:password-change")

    bad = client.post(url, {"old_password": "wrong", "new_password1": new, "new_password2": new})
    assert bad.status_code == 200
    response = client.post(url, {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new})

    assert response["Location"] == reverse("staff:password-change-done")
    editor.refresh_from_db()
    assert editor.check_password(new)


@pytest.mark.parametrize("language", ["en", "et", "fi"])
def test_password_reset_mail_is_sent_in_the_language_of_the_page(
    client, editor, mailoutbox, language, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/{language}/manage/password-reset/", {"email": editor.email})

    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [editor.email]
    with translation.override(language):
        from django.utils.translation import gettext

        assert message.subject == gettext("Set a new password for the welfare cooperation portal")
    assert f"/{language}/manage/password-reset/" in message.body


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, db, mailoutbox, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/et/manage/password-reset/", {"email": "nobody@example.org"})

    assert response.status_code == 302
    assert mailoutbox == []


def test_the_link_in_the_reset_mail_sets_a_new_password(
    client, editor, mailoutbox, django_capture_on_commit_callbacks, eager_celery
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/manage/password-reset/", {"email": editor.email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("://", 1)[1].split("/", 1)[1]

    form_page = client.get("/" + path, follow=True)
    new = "a much longer new passphrase 42"
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})

    assert response.status_code == 302
    editor.refresh_from_db()
    assert editor.check_password(new)


# --- manage.py create_staff --------------------------------------------------------------------------------------


def _create_staff(*args):
    out = StringIO()
    call_command("create_staff", *args, stdout=out)
    return out.getvalue()


def test_create_staff_creates_a_user_without_password_grants_the_role_and_prints_a_link(staff_world):
    output = _create_staff("uus@vorumaa.example", "--region", "vorumaa", "--role", "moderator")

    role = RegionRole.objects.get(user__username="uus@vorumaa.example")
    assert role.region == staff_world.region
    assert role.role == "moderator"
    assert not role.user.has_usable_password()
    assert "/manage/password-reset/" in output
    event = AuditEvent.objects.get(action=AuditEvent.Action.ROLE)
    assert event.region == staff_world.region
    assert event.data == {"code": "role_granted_by_command", "role": "moderator", "user": "uus@vorumaa.example"}


def test_create_staff_for_an_existing_user_adds_the_role_and_twice_changes_nothing(staff_world, editor):
    _create_staff(editor.email, "--region", "tartumaa", "--role", "viewer")
    output = _create_staff(editor.email, "--region", "tartumaa", "--role", "viewer")

    assert RegionRole.objects.filter(user=editor, region=staff_world.other_region, role="viewer").count() == 1
    assert "nothing changed" in output
    assert AuditEvent.objects.filter(action=AuditEvent.Action.ROLE).count() == 1
    editor.refresh_from_db()
    assert editor.has_usable_password()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x@vorumaa.example", "--region", "atlantis", "--role", "editor"], "Unknown region"),
        (["x@vorumaa.example", "--region", "vorumaa", "--role", "boss"], "Unknown role"),
        (["not-an-address", "--region", "vorumaa", "--role", "editor"], "Not an e-mail address"),
    ],
)
def test_create_staff_refuses_bad_input_with_a_clear_message(staff_world, args, message):
    with pytest.raises(CommandError, match=message):
        _create_staff(*args)

    assert not RegionRole.objects.filter(user__username="x@vorumaa.example").exists()


def test_after_a_wrong_code_even_the_right_one_waits_for_the_throttle(client, editor, device):
    client.post(LOGIN, {"username": editor.username, "password": TEST_PASSWORD})
    client.post(reverse("staff:login-verify"), {"token": _code(device, shift=20)})

    too_soon = client.post(reverse("staff:login-verify"), {"token": _code(device)})
    assert too_soon.status_code == 200
    assert _logged_in_user_id(client) is None

    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(reverse("staff:login-verify"), {"token": _code(device)}).status_code == 302
    assert _logged_in_user_id(client) == str(editor.pk)


@pytest.mark.parametrize("extra_roles", [0, 3])
def test_account_page_query_count_does_not_grow_with_roles(client, editor, django_assert_num_queries, extra_roles):
    for _i in range(extra_roles):
        RegionRole.objects.create(user=editor, region=RegionFactory(), role=RegionRole.Role.VIEWER)
    client.force_login(editor)
    # session, user, staff check, the roles with their regions, the TOTP device
    with django_assert_num_queries(5):
        assert client.get(reverse("staff:account")).status_code == 200
