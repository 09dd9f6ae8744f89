"""joinedup's URLs with single sign-on's, as when OIDC_ENABLED (for the sign-in page test)."""

from django.urls import include, path

from joinedup.urls import urlpatterns as joinedup_urlpatterns

urlpatterns = [*joinedup_urlpatterns, path("oidc/", include("mozilla_django_oidc.urls"))]
