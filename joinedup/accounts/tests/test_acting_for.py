"""Acting for a council: a user authorised for several chooses which; every permission check
and the audit history follow the choice; nobody acts for a council they are not authorised for."""

import pytest
from django.urls import reverse

from joinedup.accounts import acting_for
from joinedup.organisations.models import Authorisation, Organisation, Role
from joinedup.organisations.tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(world):
    """A head of audit of East Lothian who also acts for Midlothian."""
    user = UserFactory(username="audit.head", organisation=world.east, first_name="Fiona")
    Authorisation.objects.create(user=user, organisation=world.mid, role=Role.OFFICER)
    return user


def edit_url(organisation):
    return reverse("organisations:edit", args=[organisation.code])


def test_a_user_authorised_for_one_council_is_never_offered_a_choice(world, client_for):
    client = client_for(world.east_officer)
    home = client.get(reverse("home")).content.decode()
    assert "acting for East Lothian Council" in home
    assert reverse("accounts:acting_for") not in home
    page = client.get(reverse("accounts:acting_for")).content.decode()
    assert "not authorised to act for any other organisation" in page
    assert 'type="radio"' not in page
    client.post(reverse("accounts:acting_for"), {"organisation": world.mid.pk})
    assert client.get(edit_url(world.mid)).status_code == 403
    assert "joinedup_acting_for" not in client.session


def test_switching_changes_every_permission_and_the_header(world, shared, client_for):
    client = client_for(shared)
    home = client.get(reverse("home")).content.decode()
    assert "acting for East Lothian Council" in home
    assert reverse("accounts:acting_for") in home  # the header offers the change
    assert client.get(edit_url(world.east)).status_code == 200
    assert client.get(edit_url(world.mid)).status_code == 403

    response = client.post(reverse("accounts:acting_for"), {"organisation": world.mid.pk})
    assert response.status_code == 302
    assert "acting for Midlothian Council" in client.get(reverse("home")).content.decode()
    assert client.get(edit_url(world.mid)).status_code == 200
    assert client.get(edit_url(world.east)).status_code == 403
    # the unpublished partnership is Midlothian's only
    assert client.get(reverse("agreements:partnership", args=["hidden"])).status_code == 200

    client.post(reverse("accounts:acting_for"), {"organisation": world.east.pk})
    assert client.get(edit_url(world.east)).status_code == 200
    assert client.get(reverse("agreements:partnership", args=["hidden"])).status_code == 404


def test_acting_for_a_council_not_authorised_is_refused(world, shared, client_for):
    client = client_for(shared)
    response = client.post(reverse("accounts:acting_for"), {"organisation": world.essex.pk})
    assert response.status_code == 200
    assert "Select an organisation you are authorised to act for" in response.content.decode()
    assert client.get(edit_url(world.essex)).status_code == 403
    assert "acting for East Lothian Council" in client.get(reverse("home")).content.decode()


def test_a_session_naming_an_unauthorised_council_is_not_believed(world, shared, client_for):
    client = client_for(shared)
    session = client.session
    session[acting_for.SESSION_KEY] = world.essex.pk  # e.g. a session from before a withdrawal
    session.save()
    assert client.get(edit_url(world.essex)).status_code == 403
    assert client.get(edit_url(world.east)).status_code == 200
    assert acting_for.SESSION_KEY not in client.session


def test_a_withdrawn_authorisation_stops_at_the_next_request(world, shared, client_for):
    client = client_for(shared)
    client.post(reverse("accounts:acting_for"), {"organisation": world.mid.pk})
    assert client.get(edit_url(world.mid)).status_code == 200
    Authorisation.objects.filter(user=shared, organisation=world.mid).delete()
    assert client.get(edit_url(world.mid)).status_code == 403
    assert client.get(edit_url(world.east)).status_code == 200


def test_the_history_records_the_council_acted_for(world, shared, client_for):
    person = PersonFactory(organisation=world.mid, name="Alison Weir")
    client = client_for(shared)
    client.post(reverse("accounts:acting_for"), {"organisation": world.mid.pk})
    edit = reverse("organisations:person_edit", args=[world.mid.code, person.pk])
    response = client.post(edit, {"name": "Alison Weir", "email": "a.weir@mid.example"})
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = person.history.latest()
    assert latest.history_user_id == shared.pk
    assert latest.history_acting_for_id == world.mid.pk


def test_saving_the_user_while_acting_elsewhere_keeps_their_own_organisation(world, shared):
    shared.act_for(world.mid.pk, Role.ELECTED_MEMBER)
    shared.first_name = "Fi"
    shared.save()
    shared.refresh_from_db()
    assert (shared.organisation_id, shared.role, shared.first_name) == (
        world.east.pk,
        Role.OFFICER,
        "Fi",
    )


def test_the_command_gives_roles_and_further_authorisations(world, capsys):
    from django.core.management import CommandError, call_command

    user = UserFactory(username="sso.user", organisation=world.mid, role=Role.PUBLIC)
    call_command("authorise_user", "sso.user", organisation=world.mid.code, role="officer")
    call_command(
        "authorise_user", "sso.user", organisation=world.east.code, role="elected_member", also=True
    )
    user.refresh_from_db()
    assert user.role == Role.OFFICER
    held = {a.organisation_id: a.role for a in user.authorisations_held()}
    assert held == {world.mid.pk: Role.OFFICER, world.east.pk: Role.ELECTED_MEMBER}
    call_command("authorise_user", "sso.user", organisation=world.east.code, withdraw=True)
    assert not user.authorisations.exists()
    with pytest.raises(CommandError, match="No organisation has the GSS code"):
        call_command("authorise_user", "sso.user", organisation="E99999999")
    assert Organisation.objects.filter(code="E99999999").count() == 0


def test_the_demo_head_of_audit_acts_for_both_somerset_councils(db):
    from joinedup.organisations import demo

    users = demo.load()
    held = [a.organisation.code for a in users["audit.head"].authorisations_held()]
    assert held == ["E06000022", "E06000024"]
    assert all(user.email for user in users.values())


def test_administrators_give_roles_and_authorisations_in_the_admin(world, shared):
    from django.test import Client

    admin = Client()  # Django's admin pages are not GOV.UK pages
    admin.force_login(world.admin)
    page = admin.get(reverse("admin:organisations_user_change", args=[shared.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="role"' in body and 'name="organisation"' in body
    assert "further organisations the user may act for" in body.lower()
    assert "authorisations-TOTAL_FORMS" in body
    assert admin.get(reverse("admin:organisations_user_changelist")).status_code == 200
    officer = Client()
    officer.force_login(world.east_officer)
    assert officer.get(reverse("admin:organisations_user_changelist")).status_code == 302
