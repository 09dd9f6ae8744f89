"""The meeting calendar's page and feed (the reads are in `calendar.py`)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from . import calendar, feeds


def _filters(request):
    form = calendar.CalendarFilterForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    chosen = {k: data.get(k) for k in ("partnership", "body", "council")}
    return form, data, chosen


def _query(request, **changes):
    query = request.GET.copy()
    query.pop("page", None)
    for key, value in changes.items():
        query.pop(key, None)
        if value:
            query[key] = value
    return query.urlencode()


def meeting_calendar(request):
    form, data, chosen = _filters(request)
    meetings = calendar.filtered(request.user, **chosen)
    view = (
        calendar.MONTH_VIEW
        if request.GET.get("view") == calendar.MONTH_VIEW
        else calendar.LIST_VIEW
    )
    context = {
        "form": form,
        "view": view,
        "feed_query": _query(request, view=None, month=None),
        "list_query": _query(request, view=None, month=None),
    }
    if view == calendar.MONTH_VIEW:
        first = data.get("month") or timezone.localdate().replace(day=1)
        shown = calendar.month(meetings, first)
        context.update(
            month=shown,
            previous_query=_query(request, month=f"{shown.previous:%Y-%m}"),
            next_query=_query(request, month=f"{shown.next:%Y-%m}"),
        )
    else:
        context.update(
            page=Paginator(calendar.coming(meetings), 50).get_page(request.GET.get("page")),
            query=_query(request),
            month_query=_query(request, view=calendar.MONTH_VIEW),
        )
    return render(request, "meetings/calendar.html", context)


def calendar_feed(request):
    _form, _data, chosen = _filters(request)
    names = [str(value) for value in chosen.values() if value is not None]
    content = feeds.calendar(
        calendar.filtered(request.user, **chosen).order_by("-starts_at", "-pk"),
        user=request.user,
        name="Meetings" + (f": {', '.join(names)}" if names else " of joint bodies"),
        url_for=lambda meeting: request.build_absolute_uri(meeting.get_absolute_url()),
    )
    return feeds._response(content, "meetings.ics")
