"""Atom and RSS feeds of published notices, per affected area and per publisher (feedgen)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from feedgen.feed import FeedGenerator

from joinedup.govuk.text import xml_safe
from joinedup.organisations.models import Organisation

from .models import Notice
from .tasks import site_url

MAX_ENTRIES = 50
CONTENT_TYPES = {"atom": "application/atom+xml", "rss": "application/rss+xml"}


def build(notices, *, title, feed_id, page_url, self_url, kind) -> bytes:
    feed = FeedGenerator()
    feed.id(feed_id)
    feed.title(xml_safe(title))
    feed.link(href=page_url, rel="alternate")
    feed.link(href=self_url, rel="self")
    feed.description(xml_safe(title))
    feed.language("en-GB")
    notices = list(
        notices.published()
        .select_related("publisher")
        .prefetch_related("areas__organisation")
        .order_by("-published_at", "-pk")[:MAX_ENTRIES]
    )
    for notice in reversed(notices):  # feedgen puts each new entry first
        url = site_url() + notice.get_absolute_url()
        areas = ", ".join(area.organisation.name for area in notice.areas.all())
        entry = feed.add_entry()
        entry.id(url)
        entry.title(xml_safe(notice.title))
        entry.link(href=url)
        entry.published(notice.published_at)
        entry.updated(notice.published_at)
        entry.author(name=xml_safe(notice.publisher.name))
        entry.category(
            term=xml_safe(notice.category), label=xml_safe(notice.get_category_display())
        )
        entry.description(
            xml_safe(
                f"{notice.summary}\n\nAffects: {areas}. Decision by {notice.decision_maker} "
                f"on {notice.decision_date:%-d %B %Y}."
            )
        )
    if not notices:
        feed.updated("1970-01-01T00:00:00Z")
    return feed.atom_str(pretty=True) if kind == "atom" else feed.rss_str(pretty=True)


def _response(body, kind):
    return HttpResponse(body, content_type=f"{CONTENT_TYPES[kind]}; charset=utf-8")


def _feed(request, code, kind, *, by):
    organisation = get_object_or_404(Organisation, code=code)
    base = site_url()
    if by == "area":
        notices = Notice.objects.filter(areas__organisation=organisation)
        title = f"Notices of decisions affecting {organisation.name}"
        page = reverse("notices:board") + f"?area={organisation.code}"
    else:
        notices = Notice.objects.filter(publisher=organisation)
        title = f"Notices of decisions by {organisation.name}"
        page = reverse("notices:board") + f"?publisher={organisation.code}"
    return _response(
        build(
            notices,
            title=title,
            feed_id=f"{base}{request.path}",
            page_url=base + page,
            self_url=base + request.path,
            kind=kind,
        ),
        kind,
    )


def area_atom(request, code):
    return _feed(request, code, "atom", by="area")


def area_rss(request, code):
    return _feed(request, code, "rss", by="area")


def publisher_atom(request, code):
    return _feed(request, code, "atom", by="publisher")


def publisher_rss(request, code):
    return _feed(request, code, "rss", by="publisher")
