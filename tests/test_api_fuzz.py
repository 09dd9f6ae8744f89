"""schemathesis fuzzes every operation of the JSON API from its served OpenAPI document.

The document is fetched from /api/openapi.json and each operation is called through the
WSGI application with a bounded number of generated requests (MAX_EXAMPLES each, derandomised
so a run is repeatable), anonymously and with a partnership manager's bearer token, on the
access matrix's world (a published and an unpublished partnership with bodies, meetings,
papers, a programme and money). Checks: no server error (5xx), and every response's status,
content type and body conform to the document. New operations are fuzzed without listing them.

Then the same operations again with a NUL or another control character put into a path
parameter or the query string (issue 21 item 6): never a 5xx, and a NUL is always a 400.
"""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from joinedup.api.models import ApiToken

from .access import extend_world

pytestmark = pytest.mark.fuzz

MAX_EXAMPLES = 10
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]


@pytest.fixture
def api_schema(world, client):
    extend_world(world)
    document = client.get("/api/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    schema.app = get_wsgi_application()
    # The real WSGI handler closes the database connection at the start and end of each
    # request, which would end the test's transaction; Django's test client stops that the
    # same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _fuzz(schema, headers) -> tuple[int, list[str], Counter]:
    problems, operations, statuses = [], 0, Counter()
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def call(case):
            # schemathesis makes up a bearer token from the security scheme; use ours or none
            for name in list(case.headers or {}):
                if name.lower() == "authorization":
                    del case.headers[name]
            response = case.call_and_validate(headers=headers, checks=CHECKS)
            statuses[response.status_code] += 1

        try:
            call()
        except Exception as error:  # noqa: BLE001 — collect every operation's failure
            problems.append(f"{operation.label}: {error}")
    return operations, problems, statuses


def test_the_api_answers_generated_requests_without_server_errors_anonymously(api_schema):
    operations, problems, statuses = _fuzz(api_schema, headers={})
    assert operations >= 10
    assert statuses[200] >= operations // 2, f"too few requests got through: {statuses}"
    assert not problems, "\n\n".join(problems)


def test_the_api_answers_generated_requests_without_server_errors_with_a_token(api_schema, world):
    token = ApiToken.objects.issue(user=world.jpm, name="fuzz")[1]
    operations, problems, statuses = _fuzz(api_schema, headers={"Authorization": f"Bearer {token}"})
    assert operations >= 10
    # writes were tried past authentication: some were refused or rejected, some made changes
    assert sum(n for s, n in statuses.items() if 200 <= s < 300) >= operations // 2, statuses
    assert statuses.keys() - {200, 201, 204} - {401}, f"only 2xx/401 answers: {statuses}"
    assert not problems, "\n\n".join(problems)


# What an attacker or a paste from Word puts into an address: NUL, vertical tab, form feed, SOH.
HOSTILE = ["\x00", "\x0b", "\x0c", "\x01", "\x1f"]


def _hostile(operation):
    """Generated cases with a control character in one path parameter or query value (or a
    query parameter of its own when the operation has none), and whether it is a NUL."""

    def spoil(drawn):
        case, character, where = drawn
        places = [("path", name) for name in case.path_parameters or {}]
        places += [("query", name) for name in case.query or {}]
        if not places:
            case.query = {**(case.query or {}), "q": f"x{character}"}
            return case, character
        kind, name = places[where % len(places)]
        values = case.path_parameters if kind == "path" else case.query
        values[name] = f"{values[name]}{character}"
        return case, character

    return st.tuples(operation.as_strategy(), st.sampled_from(HOSTILE), st.integers(0, 5)).map(
        spoil
    )


def test_control_characters_in_paths_and_query_strings_are_never_a_server_error(api_schema, world):
    token = ApiToken.objects.issue(user=world.jpm, name="fuzz")[1]
    headers = {"Authorization": f"Bearer {token}"}
    problems, operations, statuses = [], 0, Counter()
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(
            max_examples=5,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(drawn=_hostile(operation))
        def call(drawn):
            case, character = drawn
            for name in list(case.headers or {}):
                if name.lower() == "authorization":
                    del case.headers[name]
            response = case.call_and_validate(headers=headers, checks=[not_a_server_error])
            statuses[response.status_code] += 1
            if character == "\x00":
                assert response.status_code == 400, (case.formatted_path, case.query)

        try:
            call()
        except Exception as error:  # noqa: BLE001 — collect every operation's failure
            problems.append(f"{operation.label}: {error}")
    assert operations >= 10
    assert statuses[400] > 0, statuses
    assert not problems, "\n\n".join(problems)
