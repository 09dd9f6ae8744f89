"""Every URL and every API write, tried by every role: nothing changes or leaks without permission.

The routes and what kind each is live in tests/access.py. These tests fail when a URL is
added without being classified there, and when a view does not do what its class says.
"""

import datetime
import json

import pytest
from django.apps import apps
from django.db import connection
from django.urls import NoReverseMatch, reverse

from joinedup.api.models import ApiToken
from joinedup.engagement.tests.factories import HIDDEN_ENGAGEMENT_RECORDS
from joinedup.finance.tests.factories import HIDDEN_MONEY_RECORDS
from joinedup.meetings.tests.factories import HIDDEN_MEETING_RECORDS
from joinedup.notices.tests.factories import HIDDEN_NOTICE_RECORDS

from .access import (
    ADMIN,
    CHANGE,
    CREATE,
    KINDS,
    MANAGE,
    PUBLIC,
    ROUTES,
    SESSION,
    SIGNED_IN,
    extend_world,
    url_patterns,
)

SIGN_IN = reverse("login")
REFUSED = {403, 404}
# Words that exist only in the unpublished partnership: a refusal must not show them.
HIDDEN_WORDS = ("Unpublished partnership", "Hidden agreement", "Hidden initiative", "Hidden KPI")
HIDDEN_WORDS += ("Hidden notice",)
HIDDEN_WORDS += ("Hidden visit",)
HIDDEN_WORDS += ("Hidden procurement",)
# A body for a POST that an unguarded view would act on.
POST_DATA = {
    "name": "Changed by an outsider",
    "summary": "Changed by an outsider",
    "title": "Changed by an outsider",
    "is_published": "on",
    "confirm": "on",
}

# Who may do what to the published partnership (elm) and the unpublished one (hidden).
# Roles in neither set are not checked for that kind (a manager's reach, for instance,
# differs between a partnership's pages and its councils' own records).
REFUSED_ROLES = {
    (PUBLIC, "elm"): set(),
    (PUBLIC, "hidden"): {"anonymous", "public", "essex_officer", "east_officer"},
    (CHANGE, "elm"): {"anonymous", "public", "mid_member", "essex_officer"},
    (CHANGE, "hidden"): {"anonymous", "public", "mid_member", "essex_officer", "east_officer"},
    (CREATE, "elm"): {"anonymous", "public", "mid_member"},
    (MANAGE, "elm"): {"anonymous", "public", "mid_member", "essex_officer", "east_officer"}
    | {"mid_officer"},
    (MANAGE, "hidden"): {"anonymous", "public", "mid_member", "essex_officer", "east_officer"}
    | {"mid_officer", "jpm"},
    (ADMIN, "elm"): {"anonymous", "public", "mid_member", "essex_officer", "east_officer"}
    | {"mid_officer", "jpm"},
    (SIGNED_IN, "elm"): {"anonymous"},
}
ALLOWED_ROLES = {
    (PUBLIC, "elm"): {"anonymous", "public", "mid_member", "essex_officer", "east_officer"},
    (PUBLIC, "hidden"): {"mid_officer", "mid_member", "admin"},
    (CHANGE, "elm"): {"east_officer", "admin"},
    (CHANGE, "hidden"): {"mid_officer", "admin"},
    (CREATE, "elm"): {"essex_officer", "east_officer", "admin"},
    (MANAGE, "elm"): {"jpm", "admin"},
    (MANAGE, "hidden"): {"admin"},
    (ADMIN, "elm"): {"admin"},
    (SIGNED_IN, "elm"): {"public", "mid_member", "essex_officer", "east_officer", "mid_officer"}
    | {"jpm", "admin"},
}
ROLES = ("anonymous", "public", "mid_member", "essex_officer", "east_officer", "mid_officer")
ROLES += ("jpm", "admin")


@pytest.fixture
def matrix(world):
    return extend_world(world)


@pytest.fixture
def act_as(matrix, client):
    """The page-checking client, signed in as a role (`anonymous` signs it out).

    One client for every role: each new client's handler has WhiteNoise scan the static files.
    """

    def switch(role):
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(matrix, role))
        return client

    return switch


def _changes():
    """How many rows each of joinedup's tables holds, history included (so edits count too).

    Users are left out: signing in sets last_login, and that save writes a history row.
    """
    tables = set(connection.introspection.table_names())
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_config.name.startswith("joinedup.")
        and model._meta.db_table in tables
        and model._meta.label not in ("organisations.User", "organisations.HistoricalUser")
    }


def _targets(name, world):
    """(target, URL) for the published partnership and, where it can, the unpublished one."""
    route = ROUTES[name]
    for target, kwargs in (("elm", route.elm), ("hidden", route.hidden)):
        if kwargs is None:
            continue
        try:
            yield target, reverse(name, kwargs=kwargs(world))
        except NoReverseMatch as error:
            pytest.fail(f"tests/access.py gives {name} the wrong path parameters: {error}")


def _refusal_problem(response, role) -> str | None:
    status = response.status_code
    if role == "anonymous" and status == 302:
        if response["Location"].startswith(SIGN_IN):
            return None
        return f"redirected to {response['Location']}, not to sign in"
    if status not in REFUSED:
        return f"answered {status}; expected 403 or 404" + (
            " or a redirect to sign in" if role == "anonymous" else ""
        )
    body = response.content.decode(errors="replace")
    leaked = [word for word in HIDDEN_WORDS if word in body]
    if leaked:
        return f"refused, but the page shows {leaked}"
    return None


def _allowed_problem(response, route) -> str | None:
    status = response.status_code
    if route.post_only:
        if status == 302 and not response["Location"].startswith(SIGN_IN):
            return None
        return f"answered {status}; expected a redirect to the record"
    return None if status == 200 else f"answered {status}; expected 200"


def test_every_url_is_classified_in_the_access_matrix():
    """A new URL must say who may use it before the suite passes."""
    found = list(url_patterns())
    unnamed = [route for name, route in found if not name]
    names = {name for name, _ in found if name}
    unclassified = sorted(names - ROUTES.keys())
    stale = sorted(ROUTES.keys() - names)
    problems = []
    if unnamed:
        problems.append(f"these URL patterns have no name; name them: {unnamed}")
    if unclassified:
        problems.append(
            f"these URLs are not in the access matrix: {unclassified}. Add each to ROUTES in "
            "tests/access.py as PUBLIC, CHANGE, CREATE or SESSION, with the path parameters "
            "that point it at the `world` fixture's objects; the tests then check its view "
            "refuses everyone it should."
        )
    if stale:
        problems.append(f"tests/access.py lists URLs that no longer exist: {stale}")
    assert not problems, "\n".join(problems)
    assert {ROUTES[name].kind for name in names} <= set(KINDS)


@pytest.mark.parametrize("name", sorted(ROUTES), ids=str)
def test_each_url_answers_each_role_as_its_class_says(name, matrix, act_as):
    route = ROUTES[name]
    problems = []
    for target, url in _targets(name, matrix):
        for role in ROLES:
            response = act_as(role).get(url)
            assert response.status_code < 500, f"{role} GET {url}: server error"
            if route.kind == SESSION:
                continue
            if role in REFUSED_ROLES[route.kind, target]:
                problem = _refusal_problem(response, role)
            elif role in ALLOWED_ROLES[route.kind, target]:
                problem = _allowed_problem(response, route)
            else:
                continue
            if problem:
                problems.append(f"{role} GET {url}: {problem}")
    assert not problems, f"{name} ({route.kind}):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "name",
    sorted(n for n, r in ROUTES.items() if r.kind in (CHANGE, CREATE, MANAGE, SIGNED_IN)),
    ids=str,
)
def test_a_post_by_someone_refused_changes_nothing(name, matrix, act_as):
    route = ROUTES[name]
    before = _changes()
    problems = []
    for target, url in _targets(name, matrix):
        for role in sorted(REFUSED_ROLES[route.kind, target]):
            response = act_as(role).post(url, POST_DATA)
            assert response.status_code < 500, f"{role} POST {url}: server error"
            if problem := _refusal_problem(response, role):
                problems.append(f"{role} POST {url}: {problem}")
    assert not problems, f"{name}:\n" + "\n".join(problems)
    assert _changes() == before, f"a refused POST to {name} changed the database"


# The JSON API, from its own OpenAPI document.

WRITE_METHODS = ("post", "put", "patch", "delete")
PATH_PARAMETERS = {
    "elm": {
        "slug": lambda w: w.partnership.slug,
        "party_id": lambda w: w.east_party.pk,
        "agreement_id": lambda w: w.agreement.pk,
        "number": lambda w: 1,
        "code": lambda w: w.east.code,
        "person_id": lambda w: w.east_person.pk,
        "body_id": lambda w: w.body.pk,
        "membership_id": lambda w: w.membership.pk,
        "meeting_id": lambda w: w.meeting.pk,
        "decision_id": lambda w: w.decision.pk,
        "action_id": lambda w: w.action.pk,
        "initiative_id": lambda w: w.initiative.pk,
        "notice_id": lambda w: w.notice.pk,
    },
    "hidden": {
        "slug": lambda w: w.hidden.slug,
        "party_id": lambda w: w.hidden_party.pk,
        "agreement_id": lambda w: w.hidden_agreement.pk,
        "number": lambda w: 1,
        "body_id": lambda w: w.hidden_body.pk,
        "membership_id": lambda w: w.hidden_membership.pk,
        "meeting_id": lambda w: w.hidden_meeting.pk,
        "decision_id": lambda w: w.hidden_decision.pk,
        "action_id": lambda w: w.hidden_action.pk,
        "initiative_id": lambda w: w.hidden_initiative.pk,
        "notice_id": lambda w: w.hidden_notice.pk,
    },
}


@pytest.fixture
def openapi(db, client):
    return client.get("/api/openapi.json").json()


def write_operations(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in WRITE_METHODS:
                yield method, path, operation


def _fill_path(path, world, target) -> str | None:
    """The path with its parameters filled in; None if it cannot point at that target."""
    filled = path
    for part in path.split("/"):
        if part.startswith("{"):
            parameter = part.strip("{}")
            known = PATH_PARAMETERS[target]
            if parameter not in PATH_PARAMETERS["elm"]:
                pytest.fail(
                    f"the API path {path} has a parameter {parameter!r} that "
                    "tests/test_url_permissions.py cannot fill: add it to PATH_PARAMETERS"
                )
            if parameter not in known:
                return None
            filled = filled.replace(part, str(known[parameter](world)))
    return filled


def _example(schema, document, name, world):
    """A valid value for a property, so that a request gets past validation to the handler."""
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "anyOf" in schema:
        schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
    named = {
        "organisation_code": world.essex.code,
        "agreement_id": world.agreement.pk,
        "legal_form": "other",
        "kind": "mou",
        "withdrawal_timing": "after_notice",
        "email": "outsider@essex.example",
    }
    if name in named:
        return named[name]
    if schema.get("format") == "date":
        return datetime.date.today().isoformat()
    return {"string": "Changed by an outsider", "integer": 1, "number": 1, "boolean": True}.get(
        schema.get("type"), "x"
    )


def _body(operation, document, world) -> dict:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    schema = content["schema"]
    if "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return {
        name: _example(prop, document, name, world)
        for name, prop in schema.get("properties", {}).items()
    }


def _api(client, method, path, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return getattr(client, method)(
        path, data=json.dumps(body), content_type="application/json", headers=headers
    )


def test_the_api_has_write_operations_to_check(openapi):
    assert len(list(write_operations(openapi))) >= 9


def test_every_api_write_without_a_valid_token_answers_401(openapi, matrix, client):
    before = _changes()
    problems = []
    for method, path, operation in write_operations(openapi):
        url = _fill_path(path, matrix, "elm")
        body = _body(operation, openapi, matrix)
        for token in (None, "ju_not-a-real-token"):
            response = _api(client, method, url, body, token)
            if response.status_code != 401:
                problems.append(f"{method.upper()} {url} token={token}: {response.status_code}")
    assert not problems, "writes that did not answer 401:\n" + "\n".join(problems)
    assert _changes() == before


def test_every_api_write_by_another_councils_officer_is_refused(openapi, matrix, client):
    """Essex's officer, with a valid token and a valid body, cannot change another partnership."""
    token = ApiToken.objects.issue(user=matrix.essex_officer, name="outsider")[1]
    before = _changes()
    problems, tried = [], 0
    for method, path, operation in write_operations(openapi):
        if "{" not in path:
            continue  # creates something new, which any council officer may do
        body = _body(operation, openapi, matrix)
        for target in ("elm", "hidden"):
            url = _fill_path(path, matrix, target)
            if url is None:
                continue
            tried += 1
            response = _api(client, method, url, body, token)
            text = response.content.decode()
            if response.status_code not in REFUSED:
                problems.append(f"{method.upper()} {url}: {response.status_code} {text[:200]}")
            elif any(word in text for word in HIDDEN_WORDS):
                problems.append(f"{method.upper()} {url}: the refusal shows {text[:200]}")
    assert tried >= 9
    assert not problems, "writes an outsider was not refused:\n" + "\n".join(problems)
    assert _changes() == before


def test_no_api_read_shows_the_public_or_an_outsider_what_is_hidden(openapi, matrix, client):
    """Every GET in the OpenAPI document, at the published and the hidden target, without a
    token and with Essex's (an outsider to both), answers without the hidden records' words."""
    token = ApiToken.objects.issue(user=matrix.essex_officer, name="outsider")[1]
    problems, tried = [], 0
    for path, operations in openapi["paths"].items():
        if "get" not in operations or path.endswith("openapi.json"):
            continue
        for target in ("elm", "hidden"):
            url = _fill_path(path, matrix, target)
            if url is None or (target == "hidden" and "{" not in path):
                continue
            for auth in (None, token):
                tried += 1
                headers = {"Authorization": f"Bearer {auth}"} if auth else {}
                response = client.get(url, headers=headers)
                text = response.content.decode()
                if response.status_code >= 500:
                    problems.append(f"GET {url}: {response.status_code}")
                elif leaked := [word for word in HIDDEN_WORDS if word in text]:
                    problems.append(f"GET {url} token={bool(auth)}: shows {leaked}")
    assert tried >= 40
    assert not problems, "API reads that showed hidden records:\n" + "\n".join(problems)


# History pages: every audited model, pointed at a record an outsider must not see.

HIDDEN_RECORDS = {
    "agreements.partnership": lambda w: w.hidden,
    "agreements.party": lambda w: w.hidden_party,
    "agreements.agreement": lambda w: w.hidden_agreement,
    "agreements.agreementversion": lambda w: w.hidden_agreement.versions.get(number=1),
    "agreements.signature": lambda w: w.hidden_signature,
    "governance.body": lambda w: w.hidden_body,
    "governance.seat": lambda w: w.hidden_seat,
    "governance.quorumrequirement": lambda w: w.hidden_requirement,
    "governance.membership": lambda w: w.hidden_membership,
    "programme.initiative": lambda w: w.hidden_initiative,
    "programme.outcome": lambda w: w.hidden_initiative.outcomes.first(),
    "programme.statuschange": lambda w: w.hidden_initiative.status_changes.first(),
    "programme.businesscase": lambda w: w.hidden_initiative.business_case,
    "organisations.consentrequest": lambda w: w.hidden_initiative.business_case.approval_request,
    "organisations.consent": lambda w: (
        w.hidden_initiative.business_case.approval_request.consents.first()
    ),
    "programme.pilot": lambda w: w.hidden_initiative.pilot,
    "programme.pilotreview": lambda w: w.hidden_review,
    "programme.kpi": lambda w: w.hidden_kpi,
    "programme.kpitarget": lambda w: w.hidden_kpi.targets.first(),
    "programme.kpiactual": lambda w: w.hidden_kpi_actual,
    "programme.statusreport": lambda w: w.hidden_initiative.status_reports.first(),
}
HIDDEN_RECORDS.update(HIDDEN_MONEY_RECORDS)
HIDDEN_RECORDS["procurement.forthcomingprocurement"] = lambda w: w.hidden_procurement
HIDDEN_RECORDS["procurement.joininterest"] = lambda w: w.hidden_interest
HIDDEN_RECORDS.update(HIDDEN_MEETING_RECORDS)
HIDDEN_RECORDS.update(HIDDEN_NOTICE_RECORDS)
HIDDEN_RECORDS.update(HIDDEN_ENGAGEMENT_RECORDS)
# Records anyone may read the history of: the register of organisations and their people.
PUBLIC_RECORDS = {
    "organisations.organisation": lambda w: w.east,
    "organisations.person": lambda w: w.east_person,
    "procurement.contract": lambda w: w.east_contract,  # contract registers are public
}


@pytest.fixture
def hidden_signature(matrix):
    from joinedup.agreements.models import Signature

    matrix.hidden_signature = Signature.objects.create(
        version=matrix.hidden_agreement.versions.get(number=1),
        organisation=matrix.mid,
        signatory_name="Hidden Signatory",
        position="Leader",
        signed_on=datetime.date(2024, 4, 1),
    )
    return matrix


def _audited_labels():
    from joinedup.audit.views import AUDITED_MODELS

    return sorted(AUDITED_MODELS)


@pytest.mark.parametrize("label", _audited_labels(), ids=str)
def test_the_history_of_each_audited_model_is_scoped_like_the_record(
    label, hidden_signature, act_as
):
    world = hidden_signature
    if label in PUBLIC_RECORDS:
        record = PUBLIC_RECORDS[label](world)
        url = reverse("audit:history", args=[label, record.pk])
        assert act_as("anonymous").get(url).status_code == 200
        return
    assert label in HIDDEN_RECORDS, (
        f"{label} is audited but tests/test_url_permissions.py does not know whose it is: add "
        "it to HIDDEN_RECORDS with a record in the unpublished partnership, or to PUBLIC_RECORDS"
    )
    record = HIDDEN_RECORDS[label](world)
    url = reverse("audit:history", args=[label, record.pk])
    for role in ("anonymous", "public", "essex_officer", "east_officer"):
        response = act_as(role).get(url)
        assert response.status_code == 404, f"{role} GET {url}: {response.status_code}"
    assert act_as("mid_officer").get(url).status_code == 200


def test_a_persons_history_does_not_show_their_contact_details_to_outsiders(world, client_for):
    person = world.east_person
    person.email, person.phone = "morag.fraser@east.example", "0131 000 0001"
    person.save()
    url = reverse("audit:history", args=["organisations.person", person.pk])
    assert client_for(world.east_officer).get(url).content.decode().count("0131 000 0001") == 1
    for user in (None, world.essex_officer, world.public):
        page = client_for(user).get(url).content.decode()
        assert "morag.fraser@east.example" not in page
        assert "0131 000 0001" not in page
