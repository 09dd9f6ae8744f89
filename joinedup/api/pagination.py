"""Limit/offset pagination with bounds, so that no query asks the database for a page past
what a 64-bit integer holds (schemathesis found `?limit=2575344330877657677824` answered 500).
Out-of-range values are answered 422 like any other invalid parameter, and the OpenAPI
document states the bounds."""

from ninja import Field, Schema
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination

MAX_OFFSET = 1_000_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(settings.PAGINATION_PER_PAGE, ge=1, le=settings.PAGINATION_MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)
