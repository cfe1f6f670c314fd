"""Every way in asks for the second step when the account has a confirmed TOTP device (issue 13, point 1)."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import TEST_PASSWORD, UserFactory

ADMIN_LOGIN = "/et/admin/login/"
STAFF_LOGIN = "/et/manage/login/"


@pytest.fixture
def superuser(db):
    return UserFactory(superuser=True)


@pytest.fixture
def device(superuser):
    return TOTPDevice.objects.create(user=superuser, name="phone", confirmed=True)


def _code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def test_password_posted_to_the_admin_login_does_not_let_a_user_with_a_device_in(client, superuser, device):
    response = client.post(ADMIN_LOGIN, {"username": superuser.username, "password": TEST_PASSWORD})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get("/et/admin/").status_code == 302
    assert client.get("/et/manage/").status_code == 302


def test_admin_login_sends_to_the_staff_login_keeping_the_next_address(client, db):
    response = client.get(ADMIN_LOGIN + "?next=/et/admin/plans/")

    assert response.status_code == 302
    assert response["Location"] == STAFF_LOGIN + "?next=/et/admin/plans/"


def test_admin_asks_for_the_login_through_the_staff_login(client, db):
    response = client.get("/et/admin/", follow=True)

    assert response.redirect_chain[-1][0].startswith(STAFF_LOGIN + "?next=")
    assert response.status_code == 200


def test_password_and_code_through_the_staff_login_open_the_admin(client, superuser, device):
    client.post(STAFF_LOGIN, {"username": superuser.username, "password": TEST_PASSWORD, "next": "/et/admin/"})
    assert client.get("/et/admin/").status_code == 302  # half-way: the password alone is not a log-in

    response = client.post("/et/manage/login/code/?next=/et/admin/", {"token": _code(device)})

    assert response["Location"] == "/et/admin/"
    assert client.get("/et/admin/").status_code == 200
    assert client.get("/et/manage/").status_code == 200
