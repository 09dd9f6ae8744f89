from django.contrib.auth.models import AnonymousUser
from ninja.security import HttpBearer

from .models import ApiToken


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; the request then acts as the token's user."""

    def authenticate(self, request, token):
        user = ApiToken.objects.user_for(token)
        if user is not None:
            user.act_for()  # the user's own organisation, counted only with its role
            request.user = user
        return user


class OptionalTokenAuth(TokenAuth):
    """Reads work without a token and show what is published; a token shows what its user may see."""

    def __call__(self, request):
        if not request.headers.get("Authorization"):
            request.user = AnonymousUser()
            return request.user
        return super().__call__(request)


token_auth = TokenAuth()
optional_token_auth = OptionalTokenAuth()
