"""The client's address, also behind one trusted reverse proxy (USE_X_FORWARDED_FOR=1).

The proxy appends the address it saw to X-Forwarded-For, so the last entry is the one to trust: anything
before it was written by the client and may be forged. Without a proxy the header is the client's own
writing and is ignored: the address is REMOTE_ADDR.
"""

from django.conf import settings


def client_ip(request) -> str:
    if not settings.USE_X_FORWARDED_FOR:
        return request.META.get("REMOTE_ADDR", "")
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-1] if forwarded else request.META.get("REMOTE_ADDR", "")
