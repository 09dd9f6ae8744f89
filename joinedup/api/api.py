"""The JSON API. Handlers are thin: parse, call the owning app's action, render."""

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI

from .agreements import router as agreements_router
from .governance import router as governance_router
from .meetings import router as meetings_router
from .notices import router as notices_router
from .organisations import router as organisations_router
from .programme import router as programme_router

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


api.add_router("/organisations", organisations_router)
api.add_router("/", agreements_router)
api.add_router("/", governance_router)
api.add_router("/", meetings_router)
api.add_router("/", programme_router)
api.add_router("/", notices_router)
