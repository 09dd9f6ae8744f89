from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.agreements.models import Partnership, Party
from joinedup.organisations.models import Organisation, Person, Post

from . import actions, permissions
from .coverage import coverage, is_overdue
from .forms import AppointmentForm, CancelForm, HeldForm, ProgrammeForm, StaffMeetingForm, VisitForm
from .models import Appointment

PEOPLE = Person.objects.select_related("organisation").prefetch_related(
    Prefetch("posts", queryset=Post.objects.order_by("kind"))
)


def _partnership(request, slug) -> Partnership:
    return get_object_or_404(
        Partnership.objects.visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def _programme(request, slug, pk):
    partnership = _partnership(request, slug)
    programme = get_object_or_404(
        partnership.contact_programmes.prefetch_related(
            Prefetch("covered", queryset=Organisation.objects.order_by("name"))
        ),
        pk=pk,
    )
    programme.partnership = partnership
    return programme


def _parties(programme):
    """The councils that are parties on some day of the programme's year."""
    return programme.parties()


def _set_up(request, slug, pk):
    programme = _programme(request, slug, pk)
    if not permissions.can_set_up(request.user, programme.partnership, programme):
        raise PermissionDenied(permissions.ONLY_COUNCILS)
    return programme


def _visit(request, slug, pk, visit_pk):
    programme = _programme(request, slug, pk)
    visit = get_object_or_404(
        programme.visits.select_related("visiting", "visited").prefetch_related(
            Prefetch("visitors", queryset=PEOPLE)
        ),
        pk=visit_pk,
    )
    visit.programme = programme
    if not permissions.can_change_visit(request.user, visit):
        raise PermissionDenied(permissions.ONLY_VISIT_COUNCILS)
    return visit


def programmes(request, slug):
    partnership = _partnership(request, slug)
    return render(
        request,
        "engagement/programmes.html",
        {
            "partnership": partnership,
            "programmes": partnership.contact_programmes.prefetch_related(
                Prefetch("covered", queryset=Organisation.objects.order_by("name"))
            ),
            "can_set_up": permissions.can_set_up(request.user, partnership),
        },
    )


@login_required
def programme_create(request, slug):
    partnership = _partnership(request, slug)
    if not permissions.can_set_up(request.user, partnership):
        raise PermissionDenied(permissions.ONLY_COUNCILS)
    councils = [p.organisation for p in partnership.current_parties()]
    form = ProgrammeForm(
        request.POST or None, councils=councils, initial={"covered": [o.pk for o in councils]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = actions.create_programme(partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{programme} set up")
            return redirect(programme)
    return render(
        request, "engagement/programme_form.html", {"form": form, "partnership": partnership}
    )


def programme_detail(request, slug, pk):
    programme = _programme(request, slug, pk)
    today = timezone.localdate()
    visits = list(
        programme.visits.select_related("visiting", "visited").prefetch_related(
            Prefetch("visitors", queryset=PEOPLE), Prefetch("attendees", queryset=PEOPLE)
        )
    )
    user = request.user
    staff_meetings = list(
        programme.staff_meetings.prefetch_related(
            Prefetch("councils", queryset=Organisation.objects.order_by("name"))
        )
    )
    for meeting in staff_meetings:
        meeting.programme = programme
        meeting.can_change = not meeting.is_held and permissions.can_change_staff_meeting(
            user, meeting
        )
    for visit in visits:
        visit.programme = programme
        visit.is_overdue = is_overdue(visit, today)
        visit.can_change = visit.status == "planned" and permissions.can_change_visit(user, visit)
    appointments = (
        Appointment.objects.filter(programme=programme)
        .select_related("council")
        .prefetch_related(Prefetch("person", queryset=PEOPLE))
    )
    return render(
        request,
        "engagement/programme.html",
        {
            "partnership": programme.partnership,
            "programme": programme,
            "visits": visits,
            "appointments": appointments,
            "staff_meetings": staff_meetings,
            "coverage": coverage(programme, today),
            "can_set_up": permissions.can_set_up(user, programme.partnership, programme),
        },
    )


def coverage_page(request, slug, pk):
    programme = _programme(request, slug, pk)
    today = timezone.localdate()
    return render(
        request,
        "engagement/coverage.html",
        {
            "partnership": programme.partnership,
            "programme": programme,
            "coverage": coverage(programme, today),
            "today": today,
            "year_over": today > programme.ends_on,
        },
    )


def _form_page(request, template, context, form, on_valid):
    """Validate, call the action, show its ValidationError on the form or redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            message = on_valid(form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, message)
            return redirect(context["programme"])
    return render(request, template, {**context, "form": form})


@login_required
def visit_add(request, slug, pk):
    programme = _set_up(request, slug, pk)
    parties = _parties(programme)
    initial = {}
    if request.user.organisation_id in {o.pk for o in parties}:
        initial["visiting"] = request.user.organisation_id
    form = VisitForm(request.POST or None, programme=programme, parties=parties, initial=initial)

    def plan(data):
        visit = actions.plan_visit(programme, by=request.user, **data)
        return f"Visit to {visit.visited} planned for {visit.planned_on:%-d %B %Y}"

    context = {"partnership": programme.partnership, "programme": programme}
    return _form_page(request, "engagement/visit_form.html", context, form, plan)


@login_required
def visit_held(request, slug, pk, visit_pk):
    visit = _visit(request, slug, pk, visit_pk)
    form = HeldForm(request.POST or None, visit=visit)

    def record(data):
        actions.record_held(visit, by=request.user, **data)
        return f"Visit to {visit.visited} recorded as held"

    context = {"partnership": visit.programme.partnership, "programme": visit.programme}
    context["visit"] = visit
    return _form_page(request, "engagement/visit_held.html", context, form, record)


@login_required
def visit_cancel(request, slug, pk, visit_pk):
    visit = _visit(request, slug, pk, visit_pk)
    form = CancelForm(request.POST or None)

    def cancel(data):
        actions.cancel_visit(visit, by=request.user, **data)
        return f"Visit to {visit.visited} cancelled"

    context = {"partnership": visit.programme.partnership, "programme": visit.programme}
    context["visit"] = visit
    return _form_page(request, "engagement/visit_cancel.html", context, form, cancel)


@login_required
def appointment_add(request, slug, pk):
    programme = _set_up(request, slug, pk)
    form = AppointmentForm(
        request.POST or None,
        programme=programme,
        parties=_parties(programme),
        initial={"starts_on": programme.starts_on},
    )

    def appoint(data):
        appointment = actions.appoint(programme, by=request.user, **data)
        return f"{appointment.person} appointed {appointment.get_kind_display().lower()} for {appointment.council}"

    context = {"partnership": programme.partnership, "programme": programme}
    return _form_page(request, "engagement/appointment_form.html", context, form, appoint)


@login_required
def staff_meeting_add(request, slug, pk):
    programme = _set_up(request, slug, pk)
    form = StaffMeetingForm(request.POST or None, parties=_parties(programme))

    def add(data):
        meeting = actions.add_staff_meeting(programme, by=request.user, **data)
        return f"{meeting} added"

    context = {"partnership": programme.partnership, "programme": programme}
    return _form_page(request, "engagement/staff_meeting_form.html", context, form, add)


@login_required
def staff_meeting_held(request, slug, pk, meeting_pk):
    """Only a POST records it; a GET goes back to the programme."""
    programme = _programme(request, slug, pk)
    meeting = get_object_or_404(programme.staff_meetings.all(), pk=meeting_pk)
    meeting.programme = programme
    if not permissions.can_change_staff_meeting(request.user, meeting):
        raise PermissionDenied(permissions.ONLY_MEETING_COUNCILS)
    if request.method == "POST":
        try:
            actions.record_staff_meeting_held(meeting, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{meeting} recorded as held")
    return redirect(programme)
