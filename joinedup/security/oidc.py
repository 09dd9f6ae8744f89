"""Who a council account signing in by OpenID Connect is in joinedup.

`user_for_claims` decides, with no network: an existing user with the same email address
(case-insensitive) is that user; otherwise the email's domain names the organisation (from
JOINEDUP_OIDC_DOMAINS, or the domain of an organisation's website, without "www."), and a
new user is made for it as a member of the public acting for nobody's business yet — an
administrator gives them the officer or elected-member role. An email that matches neither
is refused (None): single sign-on is for council accounts.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from joinedup.organisations.models import Organisation, Role


def _domain(email: str) -> str:
    return email.rsplit("@", 1)[1].strip().lower() if "@" in email else ""


def organisation_for_email(email: str) -> Organisation | None:
    domain = _domain(email)
    if not domain:
        return None
    mapping = getattr(settings, "JOINEDUP_OIDC_DOMAINS", {}) or {}
    if domain in mapping:
        return Organisation.objects.filter(code=mapping[domain].upper()).first()
    for organisation in Organisation.objects.exclude(website=""):
        host = (urlsplit(organisation.website).hostname or "").lower().removeprefix("www.")
        if host and host == domain:
            return organisation
    return None


def user_for_claims(claims: dict, create: bool = True):
    """The user a verified set of OIDC claims belongs to, or None if they have no place here."""
    User = get_user_model()
    email = (claims.get("email") or claims.get("preferred_username") or "").strip()
    if "@" not in email:
        return None
    existing = User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
    if existing.exists():
        return existing.first()
    organisation = organisation_for_email(email)
    if organisation is None or not create:
        return None
    with transaction.atomic():
        username = email.lower()[:150]
        user = User.objects.create(
            username=username,
            email=email.lower(),
            first_name=(claims.get("given_name") or "")[:150],
            last_name=(claims.get("family_name") or "")[:150],
            organisation=organisation,
            role=Role.PUBLIC,
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


class CouncilOIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend with joinedup's mapping of claims to users."""

    def filter_users_by_claims(self, claims):
        user = user_for_claims(claims, create=False)
        return self.UserModel.objects.filter(pk=user.pk) if user else self.UserModel.objects.none()

    def verify_claims(self, claims):
        return super().verify_claims(claims) and bool(claims.get("email"))

    def create_user(self, claims):
        return user_for_claims(claims, create=True)
