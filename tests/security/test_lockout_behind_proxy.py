"""Behind the reverse proxy, axes locks out the client that guessed, not everyone (issue 13, point 2)."""

import pytest

from tests.factories import TEST_PASSWORD, UserFactory

LOGIN = "/et/manage/login/"
PROXY = "10.0.0.1"


@pytest.fixture
def behind_proxy(settings):
    settings.USE_X_FORWARDED_FOR = True


def _post(client, user, password, client_address):
    return client.post(
        LOGIN,
        {"username": user.username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"1.2.3.4, {client_address}",  # the first entry is the client's own (forged) writing
    )


def test_five_wrong_passwords_from_one_client_lock_out_that_client_but_not_another(client, db, behind_proxy):
    user = UserFactory(superuser=True)
    for _attempt in range(5):
        _post(client, user, "wrong", "198.51.100.7")

    assert _post(client, user, TEST_PASSWORD, "198.51.100.7").status_code == 429
    response = _post(client, user, TEST_PASSWORD, "203.0.113.9")
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(user.pk)
