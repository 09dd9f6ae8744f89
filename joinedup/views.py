from django.http import HttpResponse
from django.shortcuts import render

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation


def home(request):
    return render(
        request,
        "home.html",
        {
            "partnership_count": Partnership.objects.visible_to(request.user).count(),
            "organisation_count": Organisation.objects.count(),
        },
    )


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"reason": str(exception or "")}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def health(request):
    """For load balancers and uptime checks: the application is serving. Touches no database."""
    return HttpResponse("ok", content_type="text/plain")
