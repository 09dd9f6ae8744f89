import datetime
import re

from django import forms
from django.utils import timezone

from joinedup.governance.models import Membership
from joinedup.govuk.forms import GovukDateField, GovukForm, GovukModelForm
from joinedup.organisations.models import Organisation, Person

from .models import (
    AgendaItem,
    AttendanceStatus,
    CastingVote,
    Decision,
    DecisionMethod,
    ExemptionGround,
    InterestKind,
    Meeting,
    Purpose,
)

TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_time(value: str, label: str) -> datetime.time:
    match = TIME.match((value or "").strip())
    if not match:
        raise forms.ValidationError(f"{label} must be a time like 10:00 or 14:30")
    return datetime.time(int(match.group(1)), int(match.group(2)))


def combine(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class MembershipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        return f"{membership.person.name}, {membership.get_role_display()}, {membership.organisation.name}"


class ItemChoiceField(forms.ModelChoiceField):
    """Items by number; an exempt item's title only for those who may read it."""

    def __init__(self, *args, readable_ids=frozenset(), **kwargs):
        self.readable_ids = readable_ids
        super().__init__(*args, **kwargs)

    def label_from_instance(self, item):
        if item.is_exempt and item.pk not in self.readable_ids:
            return f"Item {item.number} (exempt)"
        return f"Item {item.number}: {item.title}"


class DecisionChoiceField(ItemChoiceField):
    def label_from_instance(self, decision):
        return super().label_from_instance(decision.item)


def memberships_on(meeting: Meeting):
    return (
        Membership.objects.current(meeting.date)
        .filter(body_id=meeting.body_id)
        .select_related("person", "organisation")
    )


def party_people(meeting: Meeting):
    """The people of the councils that are parties on the meeting's day."""
    organisations = [
        p.organisation_id for p in meeting.body.partnership.current_parties(meeting.date)
    ]
    return Person.objects.filter(organisation_id__in=organisations).select_related("organisation")


class ScheduleMeetingForm(GovukForm):
    date = GovukDateField(label="Date of the meeting", help_text="For example, 9 9 2013")
    start_time = forms.CharField(label="Start time", help_text="For example, 10:00 or 14:30")
    end_time = forms.CharField(
        label="End time (optional)", required=False, help_text="For example, 12:00"
    )
    venue = forms.CharField(max_length=200, required=False)
    host = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label="Host council",
        empty_label="As the body's rotation says",
    )
    chair = MembershipChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        empty_label="As the body's rules say",
    )

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = Organisation.objects.filter(
            partnership_parties__partnership=body.partnership
        )
        self.fields["chair"].queryset = body.memberships.select_related("person", "organisation")

    def clean(self):
        data = super().clean()
        day = data.get("date")
        try:
            start = parse_time(data.get("start_time", ""), "Start time")
        except forms.ValidationError as error:
            self.add_error("start_time", error)
            return data
        end = None
        if data.get("end_time"):
            try:
                end = parse_time(data["end_time"], "End time")
            except forms.ValidationError as error:
                self.add_error("end_time", error)
                return data
            if end <= start:
                self.add_error("end_time", "End time must be after the start time")
                return data
        if day:
            data["starts_at"] = combine(day, start)
            data["ends_at"] = combine(day, end) if end else None
        return data


class NoticeForm(GovukForm):
    """Publishing notice takes no date: joinedup records the moment itself."""


class NoticeCorrectionForm(GovukForm):
    """The partnership manager's correction of a wrongly recorded publication time."""

    published_on = GovukDateField(label="Date notice and agenda were published")
    published_time = forms.CharField(
        label="Time notice and agenda were published",
        help_text="For example, 09:30",
        max_length=5,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
    )
    reason = forms.CharField(
        label="Reason for the correction",
        help_text="This shows on the meeting's record",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        try:
            time = parse_time(data.get("published_time", ""), "Time notice was published")
        except forms.ValidationError as error:
            self.add_error("published_time", error)
            return data
        if data.get("published_on"):
            data["published_at"] = combine(data["published_on"], time)
        return data


class AttendanceForm(GovukForm):
    membership = MembershipChoiceField(
        queryset=Membership.objects.none(), label="Member", empty_label="Choose a member"
    )
    status = forms.ChoiceField(choices=AttendanceStatus.choices, widget=forms.RadioSelect)
    substitute_for = MembershipChoiceField(
        queryset=Membership.objects.none(),
        required=False,
        label="If a substitute, the member they replaced",
        empty_label="Not a substitute",
    )
    notice_date = GovukDateField(
        label="Date the chair was told of the substitute",
        required=False,
        help_text="A substitute counts towards the quorum and votes only with 24 hours' notice",
    )
    notice_time = forms.CharField(
        label="Time the chair was told", required=False, help_text="For example, 09:30"
    )
    arrived_at_item = ItemChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        label="Arrived late, at item",
        empty_label="From the start",
    )
    left_before_item = ItemChoiceField(
        queryset=AgendaItem.objects.none(),
        required=False,
        label="Left before item",
        empty_label="Stayed to the end",
    )
    # the attendance record's version when the form was shown (attendance.version)
    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, meeting: Meeting, readable_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        members = memberships_on(meeting)
        self.fields["membership"].queryset = members
        self.fields["substitute_for"].queryset = members
        for name in ("arrived_at_item", "left_before_item"):
            self.fields[name].queryset = meeting.items.all()
            self.fields[name].readable_ids = readable_ids

    def clean(self):
        data = super().clean()
        notice_date, notice_time = data.get("notice_date"), data.get("notice_time")
        data["substitute_notice_given_at"] = None
        if data.get("status") == AttendanceStatus.SUBSTITUTE:
            if not data.get("substitute_for"):
                self.add_error("substitute_for", "Select the member they replaced")
            if notice_date and not notice_time:
                self.add_error("notice_time", "Enter the time the chair was told")
            elif notice_time and not notice_date:
                self.add_error("notice_date", "Enter the date the chair was told")
            elif notice_date and notice_time:
                try:
                    time = parse_time(notice_time, "Time the chair was told")
                except forms.ValidationError as error:
                    self.add_error("notice_time", error)
                else:
                    data["substitute_notice_given_at"] = combine(notice_date, time)
        return data

    def attendance(self) -> dict:
        data = self.cleaned_data
        return {
            "membership": data["membership"],
            "status": data["status"],
            "substitute_for": data.get("substitute_for"),
            "substitute_notice_given_at": data.get("substitute_notice_given_at"),
            "arrived_at_item": data.get("arrived_at_item"),
            "left_before_item": data.get("left_before_item"),
            "seen_version": data.get("seen_version"),
        }


class AgendaItemForm(GovukModelForm):
    paper_title = forms.CharField(label="Title of the paper (optional)", required=False)
    paper_file = forms.FileField(
        label="Paper (optional)",
        required=False,
        help_text="A PDF, DOCX, XLSX or ODT file, smaller than 20 MB",
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "purpose",
            "presenter",
            "description",
            "is_exempt",
            "exemption_ground",
            "extended_members",
        ]
        widgets = {
            "purpose": forms.RadioSelect,
            "extended_members": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        people = party_people(meeting)
        self.fields["presenter"].queryset = people
        self.fields["presenter"].empty_label = "No presenter named"
        self.fields["extended_members"].queryset = people
        self.fields["extended_members"].required = False
        self.fields["purpose"].choices = Purpose.choices
        self.fields["exemption_ground"].choices = [("", "Not exempt"), *ExemptionGround.choices]

    def clean(self):
        data = super().clean()
        if data.get("is_exempt") and not data.get("exemption_ground"):
            self.add_error(
                "exemption_ground", "Select the paragraph of Schedule 12A the item is exempt under"
            )
        if data.get("exemption_ground") and not data.get("is_exempt"):
            self.add_error("is_exempt", "Tick exempt information, or choose Not exempt")
        return data

    def _post_clean(self):
        """The meeting and number are set by agenda.add_item, which validates the item."""


class PaperForm(GovukForm):
    title = forms.CharField(max_length=300)
    file = forms.FileField(
        label="Paper", help_text="A PDF, DOCX, XLSX or ODT file, smaller than 20 MB"
    )


class DeclarationForm(GovukForm):
    membership = MembershipChoiceField(
        queryset=Membership.objects.none(), label="Member", empty_label="Choose a member"
    )
    kind = forms.ChoiceField(
        label="Kind of interest", choices=InterestKind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(label="Nature of the interest", widget=forms.Textarea)

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = memberships


class DecisionForm(GovukForm):
    outcome = forms.CharField(
        label="Resolution", widget=forms.Textarea, help_text="What the body decided"
    )
    method = forms.ChoiceField(
        label="How was it decided?", choices=DecisionMethod.choices, widget=forms.RadioSelect
    )
    votes_for = forms.IntegerField(label="Votes for", min_value=0, required=False)
    votes_against = forms.IntegerField(label="Votes against", min_value=0, required=False)
    abstentions = forms.IntegerField(min_value=0, required=False)
    casting_vote = forms.ChoiceField(
        label="Chair's casting vote",
        choices=[("", "Not used"), *CastingVote.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text="Only when the votes are tied",
    )

    def decision(self) -> dict:
        data = self.cleaned_data
        return {
            "outcome": data["outcome"],
            "method": data["method"],
            "votes_for": data.get("votes_for") or 0,
            "votes_against": data.get("votes_against") or 0,
            "abstentions": data.get("abstentions") or 0,
            "casting_vote": data.get("casting_vote") or None,
        }


class ConfirmForm(GovukForm):
    """A button that confirms an action; nothing to fill in."""


class RatificationForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Council", empty_label="Choose a council"
    )
    on = GovukDateField(label="Date it ratified the decision")
    ratified_by = forms.CharField(
        label="Ratified by (optional)",
        max_length=200,
        required=False,
        help_text="The council's body, for example Cabinet or Full Council",
    )
    reference = forms.CharField(
        label="Reference (optional)",
        max_length=300,
        required=False,
        help_text="A minute reference or web address",
    )
    given_by_name = forms.CharField(
        label="Name of the person who gave it",
        max_length=200,
        required=False,
        help_text="Needed when you record it on the council's behalf, for example the leader "
        "or the clerk who confirmed the council's resolution",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class ActionForm(GovukForm):
    description = forms.CharField(label="Action", widget=forms.Textarea)
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(), label="Owner", empty_label="Choose a person"
    )
    due_on = GovukDateField(label="Due by")
    decision = DecisionChoiceField(
        queryset=Decision.objects.none(),
        required=False,
        label="Arising from the decision on (optional)",
        empty_label="The meeting generally",
    )

    def __init__(self, *args, meeting: Meeting, decisions, readable_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = party_people(meeting)
        self.fields["decision"].queryset = decisions
        self.fields["decision"].readable_ids = readable_ids


class CompleteActionForm(GovukForm):
    done_on = GovukDateField(label="Date it was done", initial=timezone.localdate)
