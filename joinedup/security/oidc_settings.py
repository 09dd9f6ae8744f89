"""Settings for optional single sign-on with Microsoft Entra ID, built from the environment.

Imported by joinedup/settings/base.py, so nothing here imports Django. Sign-on is on only when
all of OIDC_RP_CLIENT_ID, OIDC_RP_CLIENT_SECRET and JOINEDUP_OIDC_TENANT are set; otherwise
OIDC_ENABLED is False and the sign-in page offers only the username and password.
"""

from collections.abc import Mapping

ENTRA = "https://login.microsoftonline.com"
REQUIRED = ("OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "JOINEDUP_OIDC_TENANT")


def oidc_settings(env: Mapping[str, str]) -> dict:
    """The OIDC_* settings for mozilla-django-oidc, or just OIDC_ENABLED = False."""
    if not all(env.get(name, "").strip() for name in REQUIRED):
        return {"OIDC_ENABLED": False}
    tenant = env["JOINEDUP_OIDC_TENANT"].strip()
    return {
        "OIDC_ENABLED": True,
        "OIDC_RP_CLIENT_ID": env["OIDC_RP_CLIENT_ID"].strip(),
        "OIDC_RP_CLIENT_SECRET": env["OIDC_RP_CLIENT_SECRET"].strip(),
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_SCOPES": "openid email profile",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ENTRA}/{tenant}/oauth2/v2.0/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{ENTRA}/{tenant}/oauth2/v2.0/token",
        "OIDC_OP_USER_ENDPOINT": "https://graph.microsoft.com/oidc/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{ENTRA}/{tenant}/discovery/v2.0/keys",
        "LOGIN_REDIRECT_URL_FAILURE": "/sign-in/",
        # "eastlothian.gov.uk=S12000010,midlothian.gov.uk=S12000019": email domain to GSS code,
        # for councils whose website's domain is not their email domain.
        "JOINEDUP_OIDC_DOMAINS": dict(
            pair.strip().lower().split("=", 1)
            for pair in env.get("JOINEDUP_OIDC_DOMAINS", "").split(",")
            if "=" in pair
        ),
    }
