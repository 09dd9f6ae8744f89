"""Security settings: Argon2, production cookies and HSTS from the environment, CSRF, sign-in
throttling with django-axes, and optional single sign-on configured from the environment."""

import datetime
import runpy

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from joinedup.organisations.models import Role
from joinedup.security import oidc
from joinedup.security.oidc_settings import oidc_settings
from joinedup.settings import base

PASSWORD = "a-good-long-password"
BASE_SETTINGS = base.__file__
ENTRA = {
    "OIDC_RP_CLIENT_ID": "client-id",
    "OIDC_RP_CLIENT_SECRET": "client-secret",
    "JOINEDUP_OIDC_TENANT": "3f6a1b2c-tenant",
}


def _base_settings(monkeypatch, **env) -> dict:
    """The base settings module's values when run with this environment."""
    for name in ("JOINEDUP_HTTPS", "DJANGO_DEBUG", *ENTRA):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(BASE_SETTINGS)


def test_passwords_are_hashed_with_argon2_in_the_base_settings():
    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    # the suite alone uses a fast hasher
    assert settings.PASSWORD_HASHERS == ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_https_turns_on_secure_cookies_hsts_and_redirects(monkeypatch):
    production = _base_settings(monkeypatch, JOINEDUP_HTTPS="1")
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_SSL_REDIRECT"]
    assert production["SECURE_HSTS_SECONDS"] >= 31536000
    assert production["SESSION_COOKIE_HTTPONLY"] and production["X_FRAME_OPTIONS"] == "DENY"
    assert production["SECURE_REFERRER_POLICY"] == "same-origin"
    assert "csp.middleware.CSPMiddleware" in production["MIDDLEWARE"]
    assert production["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    demo = _base_settings(monkeypatch)
    assert "SESSION_COOKIE_SECURE" not in demo  # plain http for `make run`


def test_a_form_posted_without_its_csrf_token_is_refused(world):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "east.officer", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


# Sign-in throttling (django-axes), on here only.


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


@override_settings(AXES_ENABLED=True)
def test_five_wrong_passwords_lock_that_username_out_from_that_address_for_15_minutes(
    world, client
):
    for _ in range(4):
        response = _sign_in(client, "east.officer", "wrong password")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.content.decode()

    locked = _sign_in(client, "east.officer", "wrong password")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "You cannot sign in for 15 minutes" in page
    assert "govuk-heading-xl" in page

    # even the right password is refused while locked out
    assert _sign_in(client, "east.officer", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session
    # another user at the same address is not locked out
    assert _sign_in(Client(), "mid.officer", PASSWORD).status_code == 302

    # after 15 minutes the lock is lifted
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _sign_in(client, "east.officer", PASSWORD).status_code == 302


@override_settings(AXES_ENABLED=True)
def test_a_right_password_resets_the_count_of_failures(world, client):
    for _ in range(4):
        _sign_in(client, "east.officer", "wrong password")
    assert _sign_in(client, "east.officer", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _sign_in(client, "east.officer", "wrong password").status_code == 200


# Single sign-on by OpenID Connect (Microsoft Entra ID).


def test_single_sign_on_is_off_unless_client_id_secret_and_tenant_are_all_set(monkeypatch):
    assert oidc_settings({}) == {"OIDC_ENABLED": False}
    partial = {k: v for k, v in ENTRA.items() if k != "JOINEDUP_OIDC_TENANT"}
    assert oidc_settings(partial) == {"OIDC_ENABLED": False}
    assert _base_settings(monkeypatch)["OIDC_ENABLED"] is False


def test_single_sign_on_settings_point_at_the_councils_entra_tenant(monkeypatch):
    built = oidc_settings({**ENTRA, "JOINEDUP_OIDC_DOMAINS": "elc.gov.uk=s12000010"})
    tenant = "https://login.microsoftonline.com/3f6a1b2c-tenant"
    assert built["OIDC_ENABLED"] is True
    assert built["OIDC_OP_AUTHORIZATION_ENDPOINT"] == f"{tenant}/oauth2/v2.0/authorize"
    assert built["OIDC_OP_TOKEN_ENDPOINT"] == f"{tenant}/oauth2/v2.0/token"
    assert built["OIDC_OP_JWKS_ENDPOINT"] == f"{tenant}/discovery/v2.0/keys"
    assert built["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert built["JOINEDUP_OIDC_DOMAINS"] == {"elc.gov.uk": "s12000010"}

    configured = _base_settings(monkeypatch, **ENTRA)
    assert configured["OIDC_ENABLED"] is True
    assert "mozilla_django_oidc" in configured["INSTALLED_APPS"]
    assert configured["AUTHENTICATION_BACKENDS"][-1] == "joinedup.security.oidc.CouncilOIDCBackend"
    assert configured["OIDC_RP_CLIENT_ID"] == "client-id"


def test_the_sign_in_page_offers_council_accounts_only_when_configured(db, client):
    assert "Sign in with your council account" not in client.get(reverse("login")).content.decode()
    with override_settings(
        OIDC_ENABLED=True, ROOT_URLCONF="joinedup.security.tests.single_sign_on_urls"
    ):
        page = client.get(reverse("login")).content.decode()
    assert "Sign in with your council account" in page
    assert 'href="/oidc/authenticate/' in page


def test_a_council_account_with_a_known_email_is_that_user(world):
    world.east_officer.email = "Morag.Fraser@EastLothian.gov.uk"
    world.east_officer.save()
    user = oidc.user_for_claims({"email": "morag.fraser@eastlothian.gov.uk"})
    assert user == world.east_officer


def test_a_new_council_account_joins_the_organisation_its_email_domain_names(world):
    world.east.website = "https://www.eastlothian.gov.uk/"
    world.east.save()
    user = oidc.user_for_claims(
        {"email": "Jo.Bloggs@eastlothian.gov.uk", "given_name": "Jo", "family_name": "Bloggs"}
    )
    assert user.organisation == world.east
    assert user.email == "jo.bloggs@eastlothian.gov.uk"
    assert user.get_full_name() == "Jo Bloggs"
    # least privilege: an administrator makes them an officer or elected member
    assert user.role == Role.PUBLIC and not user.is_officer
    assert not user.has_usable_password()


def test_the_email_domain_can_be_mapped_to_an_organisation_in_the_settings(world, settings):
    settings.JOINEDUP_OIDC_DOMAINS = {"midlothian.gov.uk": "s12000019"}
    assert oidc.user_for_claims({"email": "a.person@midlothian.gov.uk"}).organisation == world.mid


@pytest.mark.parametrize(
    "claims", [{"email": "someone@unknown.example"}, {"email": ""}, {"sub": "no-email"}]
)
def test_an_account_from_no_known_organisation_is_refused(world, claims):
    assert oidc.user_for_claims(claims) is None


def test_the_backend_finds_existing_users_without_creating_any(world):
    world.mid_officer.email = "k@midlothian.gov.uk"
    world.mid_officer.save()
    backend = oidc.CouncilOIDCBackend.__new__(oidc.CouncilOIDCBackend)
    backend.UserModel = type(world.mid_officer)
    assert list(backend.filter_users_by_claims({"email": "K@midlothian.gov.uk"})) == [
        world.mid_officer
    ]
    assert not backend.filter_users_by_claims({"email": "new@midlothian.gov.uk"}).exists()
