"""Fixtures shared by every app's tests: a page checker on every page fetched, and users by role."""

import json
import os
import re
from html.parser import HTMLParser

import pytest
from django.test import Client

# Playwright's sync API runs an event loop in the test thread; the ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# The browser fixtures (chromium driven by Playwright) for every app's browser tests.
pytest_plugins = ["tests.browser.fixtures", "tests.smtp"]


def pytest_configure(config):
    # schemathesis against the API (tests/test_api_fuzz.py); `-m "not fuzz"` leaves it out
    config.addinivalue_line("markers", "fuzz: fuzzes the JSON API from its OpenAPI document")


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.h1s, self.ids, self.title, self.classes = [], [], "", set()
        self._in_title = self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        self.classes.update((attrs.get("class") or "").split())
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
            self.h1s.append("")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._in_h1:
            self.h1s[-1] += data


def check_page(html: str) -> None:
    """Every page: one <h1>, a <title> that starts with it, GOV.UK classes, no duplicate ids."""
    parser = _PageParser()
    parser.feed(html)
    assert len(parser.h1s) == 1, f"expected one <h1>, found {parser.h1s}"
    h1 = re.sub(r"\s+", " ", parser.h1s[0]).strip()
    title = re.sub(r"\s+", " ", parser.title).strip().removeprefix("Error: ")
    assert title.startswith(h1), f"<title> {title!r} does not start with the <h1> {h1!r}"
    assert "govuk-template__body" in parser.classes
    duplicates = {i for i in parser.ids if parser.ids.count(i) > 1}
    assert not duplicates, f"duplicate ids: {duplicates}"


class CheckingClient(Client):
    def request(self, **request):
        response = super().request(**request)
        if response.get("Content-Type", "").startswith("text/html") and response.content:
            check_page(response.content.decode())
        return response


@pytest.fixture
def client():
    return CheckingClient()


@pytest.fixture
def client_for():
    """A signed-in client for a user: `client_for(user).get(url)`."""

    def make(user):
        client = CheckingClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def world(db):
    """East Lothian and Midlothian under a two-month MoU, and people in every role around it."""
    import datetime
    from types import SimpleNamespace

    from joinedup.agreements.tests.factories import (
        AgreementFactory,
        AgreementVersionFactory,
        PartnershipFactory,
        PartyFactory,
    )
    from joinedup.organisations.tests.factories import (
        OrganisationFactory,
        PersonFactory,
        UserFactory,
    )

    east = OrganisationFactory(code="S12000010", name="East Lothian Council", scottish=True)
    mid = OrganisationFactory(code="S12000019", name="Midlothian Council", scottish=True)
    essex = OrganisationFactory(code="E10000012", name="Essex County Council", kind="county")
    partnership = PartnershipFactory(name="East Lothian and Midlothian", slug="elm")
    PartyFactory(partnership=partnership, organisation=east)
    PartyFactory(partnership=partnership, organisation=mid)
    agreement = AgreementFactory(partnership=partnership)
    AgreementVersionFactory(agreement=agreement, number=1)
    hidden = PartnershipFactory(name="Unpublished partnership", slug="hidden", is_published=False)
    PartyFactory(partnership=hidden, organisation=mid)
    jpm = UserFactory(username="jpm", organisation=mid)
    partnership.managers.add(jpm)
    return SimpleNamespace(
        east=east,
        mid=mid,
        essex=essex,
        partnership=partnership,
        hidden=hidden,
        agreement=agreement,
        east_person=PersonFactory(
            organisation=east, name="Morag Fraser", email="morag@east.example"
        ),
        mid_person=PersonFactory(
            organisation=mid, name="Kenneth Lawrie", email="kenneth@mid.example"
        ),
        east_officer=UserFactory(username="east.officer", organisation=east),
        mid_officer=UserFactory(username="mid.officer", organisation=mid),
        essex_officer=UserFactory(username="essex.officer", organisation=essex),
        mid_member=UserFactory(username="mid.member", organisation=mid, member=True),
        public=UserFactory(username="public", public=True),
        admin=UserFactory(username="admin", organisation=None, administrator=True),
        jpm=jpm,
        today=datetime.date.today(),
    )


@pytest.fixture
def api(client):
    """Calls the JSON API: `api("post", "/partnerships", user=..., body={...})`, with a bearer
    token for the user if one is given."""
    from joinedup.api.models import ApiToken

    def call(method, path, user=None, body=None):
        headers = {}
        if user is not None:
            token = ApiToken.objects.issue(user=user, name="test")[1]
            headers["Authorization"] = f"Bearer {token}"
        kwargs = {"content_type": "application/json", "headers": headers}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        return getattr(client, method)(f"/api{path}", **kwargs)

    return call
