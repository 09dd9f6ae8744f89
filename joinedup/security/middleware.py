"""Requests refused before any view sees them.

A NUL byte cannot be stored in PostgreSQL, and a query that compares a column with a string
containing one fails there with a database error, so a NUL anywhere in the path or the query
string (`%00`) is refused here with a 400 saying where it is, naming the query parameter, as
JSON for the API and as the GOV.UK error page otherwise (issue 21 item 6).
"""

import logging
from urllib.parse import unquote_to_bytes

from django.db import DataError
from django.http import JsonResponse
from django.shortcuts import render

from joinedup.govuk.text import NUL

logger = logging.getLogger(__name__)
CANNOT_STORE = "A value is too large or has a character that cannot be stored"


def nul_problem(request) -> str | None:
    """What in the request carries a NUL, in words; None if nothing does."""
    if NUL in request.path_info or NUL in request.path:
        return "The address must not contain a null character"
    query = request.META.get("QUERY_STRING", "")
    if b"\x00" not in unquote_to_bytes(query):
        return None
    for name, values in request.GET.lists():
        if NUL in name:
            return "The name of a query parameter must not contain a null character"
        if any(NUL in value for value in values):
            return f"The query parameter ‘{name}’ must not contain a null character"
    return "The query string must not contain a null character"


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = nul_problem(request)
        if problem is None:
            return self.get_response(request)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": problem}, status=400)
        return render(request, "errors/400.html", {"problem": problem}, status=400)

    def process_exception(self, request, exception):
        """The safety net under the forms' own checks: a value the database cannot hold is
        the sender's error (400), not a server error."""
        if not isinstance(exception, DataError):
            return None
        logger.warning("Input the database cannot hold at %s: %s", request.path, exception)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": CANNOT_STORE}, status=400)
        return render(request, "errors/400.html", {"problem": CANNOT_STORE}, status=400)
