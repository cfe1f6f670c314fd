"""The client's address behind one trusted reverse proxy (USE_X_FORWARDED_FOR=1).

The proxy appends the address it saw to X-Forwarded-For, so the last entry is the one to trust: anything
before it was written by the client and may be forged. Without the header, REMOTE_ADDR.
"""


def client_ip(request) -> str:
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-1] if forwarded else request.META.get("REMOTE_ADDR", "")
