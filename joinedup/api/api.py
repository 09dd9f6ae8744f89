"""The JSON API. Handlers are thin: parse, call the owning app's action, render."""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from ninja import NinjaAPI

from .agreements import router as agreements_router
from .governance import router as governance_router
from .meetings import router as meetings_router
from .notices import router as notices_router
from .organisations import router as organisations_router
from .parsing import NormalisingParser
from .programme import router as programme_router

logger = logging.getLogger(__name__)

api = NinjaAPI(
    title="joinedup API",
    version="1",
    description=(
        "Partnerships between public bodies: organisations, partnerships, parties and "
        "agreements, their joint bodies and their meetings, and the notice board. Reads need no token and show "
        "what is published; a bearer token shows and changes what its user may see and "
        "change on the pages."
    ),
    urls_namespace="api",
    parser=NormalisingParser(),
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(ValidationError)
def validation_error(request, exc):
    if hasattr(exc, "error_dict"):
        detail = [
            {"loc": ["body", field], "msg": message}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    else:
        detail = [{"loc": ["body"], "msg": message} for message in exc.messages]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(DataError)
def data_error(request, exc):
    """The safety net under the input schemas' own checks: a value the database cannot hold
    (a number out of its range, a NUL) is the client's error, not a 500."""
    logger.warning("API input the database cannot hold: %s", exc)
    detail = [
        {"loc": ["body"], "msg": "A value is too large or has a character that cannot be stored"}
    ]
    return api.create_response(request, {"detail": detail}, status=422)


api.add_router("/organisations", organisations_router)
api.add_router("/", agreements_router)
api.add_router("/", governance_router)
api.add_router("/", meetings_router)
api.add_router("/", programme_router)
api.add_router("/", notices_router)
