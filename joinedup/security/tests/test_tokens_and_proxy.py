"""API tokens are revoked by their owner or an administrator; behind a TLS proxy the HTTPS
redirect does not loop and sign-in is throttled by the client's address (issue 21 item 8)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings
from django.urls import reverse

from joinedup.api.models import ApiToken
from joinedup.security.proxy import client_ip, proxy_settings


def _write(client, token):
    return client.patch(
        "/api/partnerships/elm",
        data='{"summary": "Changed"}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_owner_and_an_administrator_revoke_a_token_and_nobody_else(world, client):
    api_token, token = ApiToken.objects.issue(user=world.jpm, name="script")
    assert _write(client, token).status_code == 200
    for outsider in (world.east_officer, world.public):
        with pytest.raises(PermissionDenied):
            api_token.revoke(by=outsider)
    assert _write(client, token).status_code == 200
    api_token.revoke(by=world.jpm)
    assert _write(client, token).status_code == 401

    by_admin, token = ApiToken.objects.issue(user=world.jpm, name="another")
    by_admin.revoke(by=world.admin)
    assert _write(client, token).status_code == 401


def test_the_command_revokes_one_token_by_prefix_or_all_of_a_users(world, client):
    first, first_token = ApiToken.objects.issue(user=world.jpm, name="one")
    _, second_token = ApiToken.objects.issue(user=world.jpm, name="two")
    call_command("revoke_api_token", world.jpm.username, "--prefix", first.prefix)
    assert _write(client, first_token).status_code == 401
    assert _write(client, second_token).status_code == 200
    call_command("revoke_api_token", world.jpm.username, "--all")
    assert _write(client, second_token).status_code == 401
    with pytest.raises(CommandError, match="no token in use"):
        call_command("revoke_api_token", world.jpm.username, "--all")
    with pytest.raises(CommandError, match="No user"):
        call_command("revoke_api_token", "nobody", "--all")


def test_an_administrator_revokes_tokens_in_the_admin(world, client_for, client):
    api_token, token = ApiToken.objects.issue(user=world.jpm, name="script")
    admin = client_for(world.admin)
    response = admin.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [api_token.pk]},
    )
    assert response.status_code == 302
    assert _write(client, token).status_code == 401
    assert client_for(world.jpm).get(reverse("admin:api_apitoken_changelist")).status_code == 302


def test_proxy_settings_come_from_the_environment():
    assert "SECURE_PROXY_SSL_HEADER" not in proxy_settings({})
    assert proxy_settings({"JOINEDUP_BEHIND_PROXY": "1"})["SECURE_PROXY_SSL_HEADER"] == (
        "HTTP_X_FORWARDED_PROTO",
        "https",
    )


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_the_https_redirect_does_not_loop_behind_a_proxy(db, client, behind_proxy):
    environ = {"JOINEDUP_BEHIND_PROXY": "1"} if behind_proxy else {}
    with override_settings(SECURE_SSL_REDIRECT=True, **proxy_settings(environ)):
        response = client.get("/health/", headers={"X-Forwarded-Proto": "https"})
    if behind_proxy:
        assert response.status_code == 200
    else:  # the header is not believed: anyone can send it
        assert response.status_code == 301
        assert response["Location"].startswith("https://")


def _request(forwarded_for):
    return RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR=forwarded_for)


def test_sign_in_is_throttled_by_the_connections_address_unless_behind_a_proxy():
    with override_settings(**proxy_settings({})):
        assert client_ip(_request("203.0.113.9")) == "10.0.0.5"
    with override_settings(**proxy_settings({"JOINEDUP_BEHIND_PROXY": "1"})):
        # what the client wrote itself comes first; the proxy appends the address it saw
        assert client_ip(_request("198.51.100.1, 203.0.113.9")) == "203.0.113.9"
        assert client_ip(_request("")) == "10.0.0.5"
    environ = {"JOINEDUP_BEHIND_PROXY": "1", "JOINEDUP_PROXY_COUNT": "2"}
    with override_settings(**proxy_settings(environ)):
        assert client_ip(_request("198.51.100.1, 203.0.113.9, 10.0.0.1")) == "203.0.113.9"


def _fail_sign_in(client, forwarded_for):
    return client.post(
        reverse("login"),
        {"username": "east.officer", "password": "wrong"},
        headers={"X-Forwarded-For": forwarded_for},
    )


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_a_lockout_is_of_the_forwarded_address_only_behind_a_proxy(
    world, client, settings, behind_proxy
):
    settings.AXES_ENABLED = True
    environ = {"JOINEDUP_BEHIND_PROXY": "1"} if behind_proxy else {}
    for name, value in proxy_settings(environ).items():
        setattr(settings, name, value)
    for _ in range(5):
        _fail_sign_in(client, "203.0.113.9")
    other_client = _fail_sign_in(client, "198.51.100.7")
    # Behind a proxy another client (another forwarded address) is not locked out by the first
    # one's failures; without one the header means nothing, so both are the same address.
    assert (other_client.status_code == 429) is not behind_proxy
