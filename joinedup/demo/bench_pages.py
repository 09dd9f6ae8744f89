"""The main pages and API operations that the benchmark times and the query-count test counts.

Each is named for what a user does, with its URL for one generated partnership (see national.py).
"""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from joinedup.agreements.models import Partnership
from joinedup.meetings.models import Meeting, MeetingStatus


def pages(partnership: Partnership) -> list[tuple[str, str]]:
    """(label, URL) for the main pages of a partnership, as the public sees them."""
    slug = partnership.slug
    body = partnership.bodies.order_by("pk").first()
    meeting = (
        Meeting.objects.filter(body__partnership=partnership, status=MeetingStatus.HELD)
        .order_by("-starts_at")
        .first()
    )
    initiative = partnership.initiatives.order_by("pk").first()
    candidates = [
        ("partnership page", "agreements:partnership", {"slug": slug}),
        ("programme", "programme:programme", {"slug": slug}),
        ("initiative", "programme:initiative", {"slug": slug, "pk": initiative.pk}),
        ("body", "governance:body", {"pk": body.pk}),
        ("meetings of a body", "meetings:list", {"body_pk": body.pk}),
        ("meeting", "meetings:detail", {"pk": meeting.pk}),
        ("savings", "finance:savings", {"slug": slug}),
        ("money", "finance:money", {"slug": slug}),
        ("partnerships list", "agreements:partnerships", {}),
        ("organisations list", "organisations:list", {}),
    ]
    optional = [
        ("notice board", "notices:board", {}),
        ("notice search", "notices:search", {}),
        ("quarterly report", "reports:quarterly", {"slug": slug, "quarter": "2025-Q3"}),
        ("API: initiatives", "api:initiatives", {"slug": slug}),
        ("API: meetings of a body", "api:body_meetings", {"body_id": body.pk}),
    ]
    found = [(label, reverse(name, kwargs=kwargs)) for label, name, kwargs in candidates]
    found += [
        ("API: partnership", f"/api/partnerships/{slug}"),
        ("API: partnerships", "/api/partnerships"),
        ("API: bodies", f"/api/partnerships/{slug}/bodies"),
    ]
    for label, name, kwargs in optional:
        if name.split(":")[0] in ("notices", "reports") and not apps.is_installed(
            f"joinedup.{name.split(':')[0]}"
        ):
            continue
        try:
            found.append((label, reverse(name, kwargs=kwargs)))
        except NoReverseMatch:
            continue
    return found
