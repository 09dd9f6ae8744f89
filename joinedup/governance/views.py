"""Pages for joint bodies: parse, call the rule or action, render."""

import datetime
from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.agreements.models import Partnership, Party

from . import actions, permissions, popolo
from .forms import (
    BodyForm,
    BodyRulesForm,
    EndMembershipForm,
    MembershipForm,
    QuorumRequirementForm,
    ScheduleYearForm,
    SeatForm,
)
from .models import Body, Membership, QuorumRequirement, Seat
from .notice import notice_due_by
from .rotation import chair_for, host_for, hosting_period
from .rules_text import describe_rotation_orders
from .schedule import generate_schedule


def _partnership(request, slug) -> Partnership:
    return get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)


def _body(request, pk) -> Body:
    return get_object_or_404(
        permissions.visible_to(request.user)
        .select_related("partnership", "first_host", "reports_to")
        .prefetch_related(
            Prefetch("partnership__parties", queryset=Party.objects.select_related("organisation")),
            Prefetch(
                "quorum_requirements",
                queryset=QuorumRequirement.objects.select_related("organisation"),
            ),
        ),
        pk=pk,
    )


def _changeable_body(request, pk) -> Body:
    body = _body(request, pk)
    if not permissions.can(request.user, permissions.CHANGE, body):
        raise PermissionDenied(actions.ONLY_MANAGERS)
    return body


def body_list(request, slug):
    partnership = _partnership(request, slug)
    bodies = partnership.bodies.select_related("reports_to")
    return render(
        request,
        "governance/body_list.html",
        {
            "partnership": partnership,
            "bodies": bodies,
            "can_add": permissions.can(request.user, permissions.ADD_BODY, partnership),
        },
    )


@login_required
def body_create(request, slug):
    partnership = _partnership(request, slug)
    if not permissions.can(request.user, permissions.ADD_BODY, partnership):
        raise PermissionDenied(actions.ONLY_MANAGERS)
    form = BodyForm(request.POST or None, instance=Body(partnership=partnership))
    if request.method == "POST" and form.is_valid():
        body = actions.create_body(partnership, by=request.user, **form.cleaned_data)
        messages.success(request, f"{body} set up. Now set its rules.")
        return redirect("governance:body_rules", body.pk)
    return render(request, "governance/body_form.html", {"form": form, "partnership": partnership})


def body_detail(request, pk):
    body = _body(request, pk)
    today = timezone.localdate()
    memberships = list(
        body.memberships.select_related("person", "organisation", "seat").order_by(
            "organisation__name", "role", "person__name", "pk"
        )
    )
    current = [m for m in memberships if m.is_current(today)]
    return render(
        request,
        "governance/body_detail.html",
        {
            "body": body,
            "partnership": body.partnership,
            "rules": body.describe_rules(today),
            "rotation_orders": describe_rotation_orders(body),
            "seats": body.seats.select_related("organisation"),
            "members_by_council": [
                (organisation, list(members))
                for organisation, members in groupby(current, key=lambda m: m.organisation)
            ],
            "other_members": [m for m in memberships if not m.is_current(today)],
            "reporting_bodies": body.reporting_bodies.all(),
            "host": host_for(body, today),
            "hosting_period": hosting_period(body, today),
            "chair": chair_for(body, today),
            "can_change": permissions.can(request.user, permissions.CHANGE, body),
            "today": today,
        },
    )


@login_required
@transaction.atomic  # the stale-edit check locks the row until the save commits
def body_edit(request, pk):
    body = _changeable_body(request, pk)
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        actions.update_body(body, by=request.user, **form.cleaned_data)
        messages.success(request, f"{body} updated")
        return redirect(body)
    return render(request, "governance/body_form.html", {"form": form, "body": body})


@login_required
@transaction.atomic  # the stale-edit check locks the row until the save commits
def body_rules(request, pk):
    body = _changeable_body(request, pk)
    form = BodyRulesForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_body(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"The rules of the {body} are updated")
            return redirect(body)
    return render(request, "governance/body_rules.html", {"form": form, "body": body})


@login_required
def seat_add(request, pk):
    body = _changeable_body(request, pk)
    form = SeatForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            seat = actions.add_seat(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Seat added: {seat.describe()}")
            return redirect(body)
    return render(request, "governance/seat_form.html", {"form": form, "body": body})


@login_required
def seat_remove(request, pk, seat_pk):
    body = _changeable_body(request, pk)
    seat = get_object_or_404(Seat, body=body, pk=seat_pk)
    if request.method != "POST":
        return redirect(body)
    try:
        actions.remove_seat(seat, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Seat removed: {seat.description}")
    return redirect(body)


@login_required
def quorum_add(request, pk):
    body = _changeable_body(request, pk)
    form = QuorumRequirementForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            requirement = actions.add_quorum_requirement(body, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Quorum now needs {requirement.describe()}")
            return redirect(body)
    return render(request, "governance/quorum_form.html", {"form": form, "body": body})


@login_required
def quorum_remove(request, pk, requirement_pk):
    body = _changeable_body(request, pk)
    requirement = get_object_or_404(QuorumRequirement, body=body, pk=requirement_pk)
    if request.method != "POST":
        return redirect(body)
    actions.remove_quorum_requirement(requirement, by=request.user)
    messages.success(request, f"Quorum no longer needs {requirement.describe()}")
    return redirect(body)


@login_required
def member_add(request, pk):
    body = _changeable_body(request, pk)
    form = MembershipForm(request.POST or None, body=body)
    if request.method == "POST" and form.is_valid():
        try:
            membership = actions.add_member(body, by=request.user, **form.membership())
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{membership.person} is now a member of the {body}")
            return redirect(body)
    return render(request, "governance/member_form.html", {"form": form, "body": body})


@login_required
def member_end(request, pk, membership_pk):
    body = _changeable_body(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "organisation"), body=body, pk=membership_pk
    )
    form = EndMembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_membership(membership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"{membership.person}'s membership ends on {membership.ended_on:%-d %B %Y}",
            )
            return redirect(body)
    return render(
        request,
        "governance/member_end.html",
        {"form": form, "body": body, "membership": membership},
    )


def body_schedule(request, pk):
    """The meeting dates the body's rules give for a year, with host, chair and notice."""
    body = _body(request, pk)
    today = timezone.localdate()
    form = ScheduleYearForm(request.GET or None, initial={"year": today.year})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else today.year
    starts = datetime.date(year, 1, 1)
    rows = [
        {
            "meeting": meeting,
            "chair": chair_for(body, meeting.on, meeting_index=meeting.meeting_index),
            "notice_due_by": notice_due_by(
                meeting.on,
                nation=meeting.nation,
                clear_days=body.notice_clear_days_for(meeting.nation),
            ),
        }
        for meeting in generate_schedule(body, year_starting=starts)
    ]
    return render(
        request,
        "governance/body_schedule.html",
        {"body": body, "form": form, "year": year, "rows": rows},
    )


def body_popolo(request, pk):
    body = _body(request, pk)
    return JsonResponse(
        popolo.document(body), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )


def partnership_popolo(request, slug):
    """Every body of the partnership, its members and meetings, as one Popolo document."""
    partnership = _partnership(request, slug)
    return JsonResponse(
        popolo.partnership_document(partnership),
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
