"""A page cached for one allowed host is never served to another (issue 13, point 10)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_hosts(settings):
    settings.ALLOWED_HOSTS = ["portal.example.ee", "heaolu.example.fi"]


def test_a_page_with_absolute_links_is_cached_apart_for_each_host(client, two_hosts):
    url = reverse("api-docs")
    first = client.get(url, HTTP_HOST="portal.example.ee")
    assert "http://portal.example.ee/api/v1/" in first.content.decode()

    other = client.get(url, HTTP_HOST="heaolu.example.fi")

    assert "X-Page-Cache" not in other
    assert "http://heaolu.example.fi/api/v1/" in other.content.decode()
    assert "portal.example.ee" not in other.content.decode()
    assert client.get(url, HTTP_HOST="portal.example.ee")["X-Page-Cache"] == "hit"
