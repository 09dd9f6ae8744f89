from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag
def single_sign_on_url() -> str:
    """Where "Sign in with your council account" goes, or "" when single sign-on is off."""
    if not getattr(settings, "OIDC_ENABLED", False):
        return ""
    try:
        return reverse("oidc_authentication_init")
    except NoReverseMatch:
        return ""
