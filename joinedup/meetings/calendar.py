"""The meeting calendar across bodies and partnerships: every meeting a user may see, by
month or as a list of what is coming, filtered by partnership, body and council.

A council's meetings are those of the bodies of partnerships it was a party to on the
meeting's day, and those it hosts. One read serves the page and the iCalendar feed.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from joinedup.agreements.models import Partnership, Party
from joinedup.governance.models import Body
from joinedup.govuk.forms import GovukForm, LongSelect
from joinedup.organisations.models import Organisation

from .models import Meeting

MONTH_VIEW, LIST_VIEW = "month", "list"
MAX_MONTH_MEETINGS = 500


class CalendarFilterForm(GovukForm):
    partnership = forms.ModelChoiceField(
        queryset=Partnership.objects.none(),
        label="Partnership",
        required=False,
        widget=LongSelect,
        empty_label="Any partnership",
        to_field_name="slug",
    )
    body = forms.ModelChoiceField(
        queryset=Body.objects.none(),
        label="Board or group",
        required=False,
        widget=LongSelect,
        empty_label="Any board or group",
    )
    council = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Council",
        required=False,
        widget=LongSelect,
        empty_label="Any council",
        to_field_name="code",
    )
    month = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partnership"].queryset = Partnership.objects.visible_to(user).order_by("name")
        self.fields["body"].queryset = (
            Body.objects.visible_to(user)
            .select_related("partnership")
            .order_by("partnership__name", "name", "pk")
        )
        self.fields["body"].label_from_instance = lambda body: f"{body.partnership}: {body.name}"
        self.fields["council"].queryset = Organisation.objects.councils().order_by("name")

    def clean_month(self):
        value = self.cleaned_data["month"]
        if not value:
            return None
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError("Enter a month like 2027-03") from None


def filtered(user, *, partnership=None, body=None, council=None):
    meetings = Meeting.objects.visible_to(user)
    if partnership is not None:
        meetings = meetings.filter(body__partnership=partnership)
    if body is not None:
        meetings = meetings.filter(body=body)
    if council is not None:
        party_then = Party.objects.filter(
            partnership=OuterRef("body__partnership"),
            organisation=council,
            joined_on__lte=OuterRef("starts_at"),
        ).filter(Q(left_on__isnull=True) | Q(left_on__gt=OuterRef("starts_at")))
        meetings = meetings.filter(Q(host=council) | Q(Exists(party_then)))
    return meetings.select_related("body__partnership", "host")


@dataclass
class Month:
    first: datetime.date
    days: list[tuple[datetime.date, list[Meeting]]]
    count: int

    @property
    def previous(self) -> datetime.date:
        return (self.first - datetime.timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> datetime.date:
        return (self.first + datetime.timedelta(days=32)).replace(day=1)


def month(meetings, first: datetime.date) -> Month:
    """The month's meetings, grouped by day in UK time."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time(), tzinfo=tz)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    end = datetime.datetime.combine(following, datetime.time(), tzinfo=tz)
    in_month = list(
        meetings.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk")[
            :MAX_MONTH_MEETINGS
        ]
    )
    by_day = defaultdict(list)
    for meeting in in_month:
        by_day[meeting.date].append(meeting)
    return Month(first=first, days=sorted(by_day.items()), count=len(in_month))


def coming(meetings, *, now: datetime.datetime | None = None):
    return meetings.filter(starts_at__gte=now or timezone.now()).order_by("starts_at", "pk")
