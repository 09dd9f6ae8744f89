"""Accounts: the profile, invitations (expiring, single use), password reset by email, and
signing out everywhere."""

import re

import pytest
from django.urls import reverse

from joinedup.accounts.models import Invitation
from joinedup.organisations.models import Role, User

from .helpers import links, parts, run_queue

pytestmark = pytest.mark.django_db


def path_of(link: str, site: str) -> str:
    assert link.startswith(site), link
    return "/" + link.removeprefix(site)


def only_link_to(message, prefix: str, site: str) -> str:
    [link] = {link for link in links(message) if link.startswith(site + prefix)}
    return path_of(link, site)


def test_the_profile_sets_name_email_telephone_and_notification_choice(world, client_for):
    client = client_for(world.east_officer)
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(
        reverse("accounts:profile"),
        {
            "first_name": "Morag",
            "last_name": "Fraser",
            "email": "morag.fraser@eastlothian.example.gov.uk",
            "phone": "01620 827827",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(pk=world.east_officer.pk)
    assert (user.get_full_name(), user.email, user.phone) == (
        "Morag Fraser",
        "morag.fraser@eastlothian.example.gov.uk",
        "01620 827827",
    )
    assert user.wants_notice_email is False  # the unticked box
    assert user.organisation_id == world.east.pk and user.role == Role.OFFICER


def test_the_profile_refuses_another_accounts_email_naming_the_field(world, client_for):
    world.mid_officer.email = "taken@mid.example.gov.uk"
    world.mid_officer.save()
    response = client_for(world.east_officer).post(
        reverse("accounts:profile"), {"email": "TAKEN@mid.example.gov.uk"}
    )
    page = response.content.decode()
    assert "Another account uses this email address" in page
    assert 'href="#id_email"' in page
    assert User.objects.get(pk=world.east_officer.pk).email == ""


def test_a_signed_out_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def invite(client, world, email="new.officer@eastlothian.example.gov.uk", **extra):
    return client.post(
        reverse("accounts:invite", args=[world.partnership.slug]),
        {
            "first_name": "Ailsa",
            "last_name": "Grant",
            "email": email,
            "organisation": world.east.pk,
            "role": Role.OFFICER,
            **extra,
        },
    )


def test_a_manager_invites_and_the_link_sets_a_password_once(
    world, site, smtp_server, client_for, client
):
    response = invite(client_for(world.jpm), world)
    assert response.status_code == 302
    run_queue()
    [message] = smtp_server.messages
    assert message["To"] == "new.officer@eastlothian.example.gov.uk"
    assert message["Subject"] == "You are invited to joinedup"
    text, html = parts(message)
    assert "East Lothian Council" in text and "East Lothian Council" in html
    assert all(link.startswith(site) for link in links(message))
    link = only_link_to(message, "invitation/", site)
    invited = User.objects.get(email="new.officer@eastlothian.example.gov.uk")
    assert not invited.has_usable_password()
    assert (invited.organisation_id, invited.role) == (world.east.pk, Role.OFFICER)

    assert client.get(link).status_code == 200
    response = client.post(
        link, {"new_password1": "a-long-new-password", "new_password2": "a-long-new-password"}
    )
    assert response.status_code == 302
    assert client.login(username=invited.username, password="a-long-new-password")
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "This invitation has been used" in again.content.decode()
    response = client.post(
        link, {"new_password1": "another-password-9", "new_password2": "another-password-9"}
    )
    assert response.status_code == 410
    assert client.login(username=invited.username, password="a-long-new-password")


def test_an_expired_invitation_is_refused(world, site, smtp_server, client_for, client, settings):
    invite(client_for(world.jpm), world)
    run_queue()
    link = only_link_to(smtp_server.messages[0], "invitation/", site)
    settings.JOINEDUP_INVITATION_DAYS = 0
    response = client.get(link)
    assert response.status_code == 410
    assert "This invitation has expired" in response.content.decode()
    response = client.post(
        link, {"new_password1": "a-long-new-password", "new_password2": "a-long-new-password"}
    )
    assert response.status_code == 410
    assert Invitation.objects.get().accepted_at is None


def test_an_altered_invitation_link_is_refused(client):
    response = client.get(reverse("accounts:accept_invitation", args=["abc:def:ghi"]))
    assert response.status_code == 404


def test_only_the_partnerships_managers_invite(world, client_for):
    for user in (world.east_officer, world.mid_member, world.public):
        assert invite(client_for(user), world).status_code in (403, 404), user
    assert not User.objects.filter(email="new.officer@eastlothian.example.gov.uk").exists()


def test_an_invitation_to_a_council_outside_the_partnership_is_refused(world, client_for):
    response = invite(client_for(world.jpm), world, organisation=world.essex.pk)
    assert "Select a council that is party to this partnership" in response.content.decode()
    response = invite(client_for(world.jpm), world, email="kenneth@mid.example")
    assert response.status_code == 302  # people's contact addresses are not accounts
    response = invite(client_for(world.jpm), world, email="KENNETH@mid.example")
    assert "An account with this email address already exists" in response.content.decode()


def test_password_reset_by_email(world, site, smtp_server, client):
    world.east_officer.email = "east.officer@eastlothian.example.gov.uk"
    world.east_officer.save()
    response = client.post(
        reverse("accounts:password_reset"), {"email": "east.officer@eastlothian.example.gov.uk"}
    )
    assert response.status_code == 302
    run_queue()
    [message] = smtp_server.messages
    assert message["To"] == "east.officer@eastlothian.example.gov.uk"
    assert message["Subject"] == "Reset your joinedup password"
    assert all(link.startswith(site) for link in links(message))
    link = only_link_to(message, "password-reset/", site)
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password", "new_password2": "a-long-new-password"},
    )
    assert response.status_code == 302
    assert client.login(username="east.officer", password="a-long-new-password")
    client.logout()
    reused = client.get(link, follow=True).content.decode()
    assert "This link is not valid" in reused


def test_password_reset_says_the_same_for_an_unknown_address(world, smtp_server, client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.gov.uk"})
    assert response.status_code == 302
    run_queue()
    assert smtp_server.messages == []


def test_sign_out_everywhere_ends_the_other_sessions_only(world, client_for):
    here, elsewhere = client_for(world.east_officer), client_for(world.east_officer)
    assert elsewhere.get(reverse("accounts:profile")).status_code == 200
    assert here.post(reverse("accounts:sign_out_everywhere")).status_code == 302
    assert here.get(reverse("accounts:profile")).status_code == 200
    response = elsewhere.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_invitation_page_and_profile_need_no_token_in_their_html(world, client_for):
    page = client_for(world.jpm).get(reverse("accounts:invite", args=[world.partnership.slug]))
    assert page.status_code == 200
    assert re.search(
        r"<h1[^>]*>Invite someone to East Lothian and Midlothian</h1>", page.content.decode()
    )
