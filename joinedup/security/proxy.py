"""Running behind a TLS-terminating proxy (a load balancer, nginx): `JOINEDUP_BEHIND_PROXY=1`.

Then Django believes the proxy's `X-Forwarded-Proto: https` (SECURE_PROXY_SSL_HEADER), so the
HTTPS redirect does not loop, and sign-in throttling (django-axes) counts failures by the
address the proxy saw, the last entry of `X-Forwarded-For` that the trusted proxies added
(`JOINEDUP_PROXY_COUNT`, 1 unless set). Without it the header is ignored, as anyone can send
it, and the address is the connection's own (REMOTE_ADDR)."""

from django.conf import settings


def proxy_settings(environ) -> dict:
    behind = environ.get("JOINEDUP_BEHIND_PROXY", "").lower() in {"1", "true", "yes", "on"}
    if not behind:
        return {"JOINEDUP_BEHIND_PROXY": False, "JOINEDUP_PROXY_COUNT": 0}
    return {
        "JOINEDUP_BEHIND_PROXY": True,
        "JOINEDUP_PROXY_COUNT": max(1, int(environ.get("JOINEDUP_PROXY_COUNT", "1") or 1)),
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    }


def client_ip(request) -> str | None:
    """The client's address for throttling sign-in (AXES_CLIENT_IP_CALLABLE)."""
    remote = request.META.get("REMOTE_ADDR")
    if not getattr(settings, "JOINEDUP_BEHIND_PROXY", False):
        return remote
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    count = getattr(settings, "JOINEDUP_PROXY_COUNT", 1)
    if len(forwarded) < count:
        return remote
    return forwarded[-count]
