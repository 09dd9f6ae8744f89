"""The main pages and API operations that the benchmark times and the query-count test counts.

Each is named for what a user does, with its URL for one generated partnership (see national.py).
"""

from django.urls import reverse

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
    named = [
        ("partnership page", "agreements:partnership", {"slug": slug}),
        ("programme", "programme:programme", {"slug": slug}),
        ("initiative", "programme:initiative", {"slug": slug, "pk": initiative.pk}),
        ("body", "governance:body", {"pk": body.pk}),
        ("meetings of a body", "meetings:list", {"body_pk": body.pk}),
        ("meeting", "meetings:detail", {"pk": meeting.pk}),
        ("savings", "finance:savings", {"slug": slug}),
        ("money", "finance:money", {"slug": slug}),
        ("joint-procurement opportunities", "procurement:opportunities", {"slug": slug}),
        ("quarterly report", "reports:quarter", {"slug": slug, "year": 2025, "number": 3}),
        ("partnerships list", "agreements:partnerships", {}),
        ("organisations list", "organisations:list", {}),
        ("notice board", "notices:board", {}),
    ]
    return [(label, reverse(name, kwargs=kwargs)) for label, name, kwargs in named] + [
        ("notice search", reverse("notices:search") + "?q=recycling"),
        ("decision search", reverse("notices:search") + "?q=budget&search_in=decisions"),
        ("API: partnership", f"/api/partnerships/{slug}"),
        ("API: partnerships", "/api/partnerships"),
        ("API: bodies", f"/api/partnerships/{slug}/bodies"),
        ("API: initiatives", f"/api/partnerships/{slug}/initiatives"),
        ("API: meeting", f"/api/meetings/{meeting.pk}"),
        ("API: savings", f"/api/partnerships/{slug}/savings"),
    ]
