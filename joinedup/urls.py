from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from joinedup import views
from joinedup.api.api import api
from joinedup.organisations.forms import SignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path(
        "sign-in/",
        auth_views.LoginView.as_view(authentication_form=SignInForm),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("joinedup.accounts.urls")),
    path("organisations/", include("joinedup.organisations.urls")),
    path("history/", include("joinedup.audit.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("joinedup.governance.urls")),
    path("", include("joinedup.meetings.urls")),
    path("", include("joinedup.finance.urls")),
    path("", include("joinedup.programme.urls")),
    path("", include("joinedup.reports.urls")),
    path("", include("joinedup.engagement.urls")),
    path("notices/", include("joinedup.notices.urls")),
    path("", include("joinedup.committees.urls")),
    path("", include("joinedup.agreements.urls")),
    path("", include("joinedup.procurement.urls")),
]

if settings.OIDC_ENABLED:  # single sign-on with a council account (joinedup/security/oidc.py)
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
