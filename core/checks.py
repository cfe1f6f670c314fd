"""System checks of the portal's own settings (run by `manage.py check`, `migrate` and `runserver`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def check_public_url(app_configs=None, **kwargs):
    # PDF footers and their QR codes, mail links and iCal ids are built from PUBLIC_URL away from any request:
    # in production a missing or local address would send every reader to their own machine.
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.PUBLIC_URL or "")
    host = parts.hostname or ""
    if parts.scheme in ("http", "https") and host and host not in LOCAL_HOSTS and not host.endswith(".localhost"):
        return []
    return [
        Error(
            f"PUBLIC_URL must be the portal's public address when DEBUG is off (it is {settings.PUBLIC_URL!r}).",
            hint="Set PUBLIC_URL in the environment, e.g. PUBLIC_URL=https://portal.example.org",
            id="welfare_portal.E001",
        )
    ]
