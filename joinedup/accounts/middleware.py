from . import acting_for


class ActingForMiddleware:
    """Sets `request.user` to act for the organisation chosen in the session (checked against
    the user's authorisations on every request), with the role held there. After
    AuthenticationMiddleware; anonymous requests cost nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            acting_for.apply(user, request.session)
        return self.get_response(request)
