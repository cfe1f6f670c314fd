"""Behind a proxy, the client's address is the proxy's entry in X-Forwarded-For, never one the client wrote."""

from django.test import RequestFactory

from core.proxy import client_ip


def test_last_forwarded_address_is_the_one_the_proxy_saw(settings):
    settings.USE_X_FORWARDED_FOR = True
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.7"


def test_without_the_header_the_connection_address_counts():
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.4")
    assert client_ip(request) == "198.51.100.4"


def test_without_a_proxy_a_forwarded_header_is_ignored(settings):
    settings.USE_X_FORWARDED_FOR = False
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="203.0.113.7", REMOTE_ADDR="198.51.100.4")
    assert client_ip(request) == "198.51.100.4"
