"""Meeting pages. Each view parses, calls a rule module, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.governance.models import Body
from joinedup.organisations.models import Consent, Organisation

from . import actions_arising, agenda, attendance, decisions, permissions, scheduling
from .forms import (
    ActionForm,
    AgendaItemForm,
    AttendanceForm,
    CompleteActionForm,
    ConfirmForm,
    DecisionForm,
    DeclarationForm,
    NoticeCorrectionForm,
    NoticeForm,
    PaperForm,
    RatificationForm,
    ScheduleMeetingForm,
    memberships_on,
)
from .models import (
    MOVE_RATIFY,
    MOVE_REFER,
    MOVE_SEND_FOR_RATIFICATION,
    Action,
    AgendaItem,
    Decision,
    Meeting,
    Paper,
)
from .quorum import evaluate

SECRETARIAT_ONLY = (
    "Only the host council's officers and the partnership's joint partnership managers can do this"
)
EXEMPT = "This item is exempt information under Schedule 12A: only members of the body can read it"


def _posted(request):
    """The submitted data on a POST (even an empty one), so that the form is bound."""
    return request.POST if request.method == "POST" else None


def _body(request, pk) -> Body:
    return get_object_or_404(
        Body.objects.visible_to(request.user).select_related("partnership"), pk=pk
    )


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(request.user).select_related(
            "body__partnership",
            "body__reports_to",
            "host",
            "chair__person",
            "chair__organisation",
            "minutes_approved_at_meeting",
        ),
        pk=pk,
    )


def _managed_meeting(request, pk) -> Meeting:
    meeting = _meeting(request, pk)
    if not permissions.can_manage(request.user, meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    return meeting


def _item(request, meeting, number) -> AgendaItem:
    item = get_object_or_404(
        meeting.items.select_related("presenter__organisation", "minutes_approval_of"),
        number=number,
    )
    item.meeting = meeting
    if not permissions.can_read_item(request.user, item):
        raise PermissionDenied(EXEMPT)
    return item


def _readable_ids(request, meeting) -> set[int]:
    return set(
        AgendaItem.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .values_list("pk", flat=True)
    )


def _decision(request, pk) -> Decision:
    return get_object_or_404(
        Decision.objects.visible_to(request.user).select_related(
            "item__meeting__body__partnership",
            "item__meeting__body__reports_to",
            "item__meeting__host",
            "referral__to_body",
            "referral__item__meeting",
            "recorded_by",
        ),
        pk=pk,
    )


def body_meetings(request, body_pk):
    body = _body(request, body_pk)
    meetings = body.meetings.select_related("host").order_by("-starts_at", "-pk")
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "body": body,
            "page": page,
            "can_schedule": permissions.can_schedule(request.user, body),
        },
    )


@login_required
def meeting_schedule(request, body_pk):
    body = _body(request, body_pk)
    if not permissions.can_schedule(request.user, body):
        raise PermissionDenied(
            "Only the partnership's managers and officers of its councils can schedule meetings"
        )
    form = ScheduleMeetingForm(_posted(request), body=body)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = scheduling.schedule(
                body,
                by=request.user,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                host=data["host"],
                chair=data["chair"],
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Meeting scheduled for {meeting.date:%-d %B %Y}")
            return redirect(meeting)
    return render(request, "meetings/meeting_schedule.html", {"form": form, "body": body})


def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    user = request.user
    items = list(
        meeting.items.select_related(
            "presenter",
            "decision",
            "minutes_approval_of",
            "referral__decision__item__meeting__body",
        ).prefetch_related("papers", "declarations__membership__person")
    )
    for item in items:
        item.meeting = meeting
    readable = _readable_ids(request, meeting)
    quorum, item_quorum = decisions.quorum_as_recorded(meeting, items)
    rows = [
        {"item": item, "readable": item.pk in readable, "quorum": item_quorum[item.pk]}
        for item in items
    ]
    attendances = list(
        meeting.attendances.select_related(
            "membership__person",
            "membership__organisation",
            "substitute_for__person",
            "arrived_at_item",
            "left_before_item",
        )
    )
    for row in attendances:
        row.meeting = meeting
    actions = list(
        Action.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("owner__organisation", "decision__item")
    )
    decided = [row for row in rows if row["readable"] and hasattr(row["item"], "decision")]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "rows": rows,
            "quorum": quorum,
            "attendances": attendances,
            "decided": decided,
            "actions": actions,
            "today": timezone.localdate(),
            "can_manage": permissions.can_manage(user, meeting),
            "can_correct_notice": permissions.can_correct_notice(user, meeting),
            "notice_corrections": meeting.notice_corrections.select_related("corrected_by"),
        },
    )


@login_required
def meeting_notice(request, pk):
    meeting = _managed_meeting(request, pk)
    form = NoticeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.publish_notice(meeting, by=request.user)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Notice recorded as published now")
            return redirect(meeting)
    return render(request, "meetings/meeting_notice.html", {"form": form, "meeting": meeting})


@login_required
def meeting_notice_correct(request, pk):
    meeting = _meeting(request, pk)
    if not permissions.can_correct_notice(request.user, meeting):
        raise PermissionDenied(
            "Only the partnership's managers can correct when notice was published"
        )
    form = NoticeCorrectionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.correct_notice_publication(
                meeting,
                by=request.user,
                published_at=form.cleaned_data.get("published_at"),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Publication time corrected")
            return redirect(meeting)
    return render(
        request, "meetings/meeting_notice_correct.html", {"form": form, "meeting": meeting}
    )


@login_required
def meeting_cancel(request, pk):
    meeting = _managed_meeting(request, pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            scheduling.cancel(meeting, by=request.user)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Meeting cancelled")
            return redirect(meeting)
    return render(request, "meetings/meeting_cancel.html", {"form": form, "meeting": meeting})


@login_required
def attendance_record(request, pk):
    meeting = _managed_meeting(request, pk)
    form = AttendanceForm(
        _posted(request),
        meeting=meeting,
        readable_ids=_readable_ids(request, meeting),
        initial={"seen_version": attendance.version(meeting)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            row = attendance.record(meeting, by=request.user, **form.attendance())
        except ValidationError as error:
            form.add_domain_error(error)
            # shown again with what is recorded now, so that saving again is a choice
            form.data = form.data.copy()
            form.data["seen_version"] = attendance.version(meeting)
        else:
            messages.success(
                request, f"{row.membership.person}: {row.get_status_display().lower()}"
            )
            return redirect("meetings:attendance", meeting.pk)
    rows = meeting.attendances.select_related(
        "membership__person", "membership__organisation", "substitute_for__person"
    )
    return render(
        request,
        "meetings/attendance_form.html",
        {"form": form, "meeting": meeting, "attendances": rows},
    )


@login_required
def item_add(request, pk):
    meeting = _managed_meeting(request, pk)
    form = AgendaItemForm(
        _posted(request), request.FILES if request.method == "POST" else None, meeting=meeting
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = agenda.add_item(
                meeting,
                by=request.user,
                title=data["title"],
                purpose=data["purpose"],
                presenter=data["presenter"],
                description=data["description"],
                is_exempt=data["is_exempt"],
                exemption_ground=data["exemption_ground"],
                extended_members=data["extended_members"],
                paper_title=data["paper_title"],
                paper_file=data["paper_file"],
            )
        except ValidationError as error:
            form.add_domain_error(_paper_errors(error))
        else:
            messages.success(request, f"Item {item.number} added")
            return redirect(meeting)
    return render(request, "meetings/item_form.html", {"form": form, "meeting": meeting})


def _paper_errors(error: ValidationError) -> ValidationError:
    """The paper's checks name `file`; on the item form the field is `paper_file`."""
    if hasattr(error, "error_dict") and "file" in error.error_dict:
        errors = dict(error.error_dict)
        errors["paper_file"] = errors.pop("file")
        return ValidationError(errors)
    return error


def item_detail(request, pk, number):
    meeting = _meeting(request, pk)
    item = _item(request, meeting, number)
    decision = Decision.objects.filter(item=item).first()
    return render(
        request,
        "meetings/item_detail.html",
        {
            "meeting": meeting,
            "item": item,
            "papers": item.papers.all(),
            "declarations": item.declarations.select_related(
                "membership__person", "membership__organisation"
            ),
            "extended_members": item.extended_members.select_related("organisation"),
            "decision": decision,
            "quorum": decisions.item_quorum_as_recorded(meeting, item),
            "can_manage": permissions.can_manage(request.user, meeting),
        },
    )


@login_required
def paper_add(request, pk, number):
    meeting = _managed_meeting(request, pk)
    item = _item(request, meeting, number)
    form = PaperForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            agenda.add_paper(
                item,
                by=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Paper added")
            return redirect(item)
    return render(
        request, "meetings/paper_form.html", {"form": form, "meeting": meeting, "item": item}
    )


def paper_download(request, paper_pk):
    """Papers are never served from a public media URL: each download is checked here."""
    paper = get_object_or_404(
        Paper.objects.visible_to(request.user).select_related("item"), pk=paper_pk
    )
    try:
        handle = paper.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("The file is missing") from None
    response = FileResponse(
        handle, as_attachment=True, filename=paper.filename, content_type=paper.content_type
    )
    response["Cache-Control"] = "private, no-store" if paper.item.is_exempt else "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def declaration_add(request, pk, number):
    meeting = _meeting(request, pk)
    item = _item(request, meeting, number)
    memberships = memberships_on(meeting)
    if not permissions.can_manage(request.user, meeting):
        memberships = memberships.filter(person_id=request.user.person_id or 0)
        if not memberships.exists():
            raise PermissionDenied(
                "Members declare their own interests; the meeting's secretariat records any"
            )
    form = DeclarationForm(_posted(request), memberships=memberships)
    if request.method == "POST" and form.is_valid():
        try:
            attendance.declare(item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Declaration recorded")
            return redirect(item)
    return render(
        request,
        "meetings/declaration_form.html",
        {"form": form, "meeting": meeting, "item": item},
    )


@login_required
def decision_record(request, pk, number):
    meeting = _managed_meeting(request, pk)
    item = _item(request, meeting, number)
    if Decision.objects.filter(item=item).exists():
        messages.error(request, "A decision has already been recorded on this item")
        return redirect(item)
    form = DecisionForm(_posted(request))
    quorum = evaluate(meeting, item)
    not_operational = decisions.no_agreement_in_force(meeting)
    if request.method == "POST" and not not_operational and form.is_valid():
        try:
            decision = decisions.record(item, by=request.user, **form.decision())
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Decision on item {item.number} recorded")
            return redirect(decision)
    return render(
        request,
        "meetings/decision_form.html",
        {
            "form": form,
            "meeting": meeting,
            "item": item,
            "quorum": quorum,
            "not_operational": not_operational,
        },
    )


def decision_detail(request, pk):
    decision = _decision(request, pk)
    meeting = decision.item.meeting
    partnership = meeting.body.partnership
    prefetch_related_objects([partnership], "parties__organisation")
    if decision.ratification_request_id:
        prefetch_related_objects(
            [decision],
            Prefetch(
                "ratification_request__consents",
                queryset=Consent.objects.select_related("organisation", "recorded_by"),
            ),
        )
    moves = decision.available_moves(request.user)
    return render(
        request,
        "meetings/decision_detail.html",
        {
            "decision": decision,
            "item": decision.item,
            "meeting": meeting,
            "partnership": partnership,
            "ratification": decisions.ratification(decision),
            "ratification_rule": decisions.RATIFICATION_RULE,
            "actions": decision.actions.select_related("owner"),
            "can_manage": permissions.can_manage(request.user, meeting),
            "can_refer": MOVE_REFER in moves,
            "can_send_for_ratification": MOVE_SEND_FOR_RATIFICATION in moves,
            "can_ratify": MOVE_RATIFY in moves,
        },
    )


def _managed_decision(request, pk) -> Decision:
    decision = _decision(request, pk)
    if not permissions.can_manage(request.user, decision.item.meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    return decision


@login_required
def decision_refer(request, pk):
    decision = _managed_decision(request, pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            referral = decisions.refer(decision, by=request.user)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Referred to the {referral.to_body.name}: item {referral.item.number} of "
                f"its meeting on {referral.item.meeting.date:%-d %B %Y}",
            )
            return redirect(decision)
    return render(
        request,
        "meetings/decision_refer.html",
        {"form": form, "decision": decision, "parent": decision.item.meeting.body.reports_to},
    )


@login_required
def decision_send_for_ratification(request, pk):
    decision = _managed_decision(request, pk)
    form = ConfirmForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            decisions.send_for_ratification(decision, by=request.user)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Sent to each council for ratification")
            return redirect(decision)
    return render(request, "meetings/decision_send.html", {"form": form, "decision": decision})


@login_required
def decision_ratify(request, pk):
    decision = _decision(request, pk)
    organisations = decisions.councils_user_may_ratify_for(decision, request.user)
    if not organisations:
        raise PermissionDenied(decisions.RATIFY_OWN_COUNCIL)
    form = RatificationForm(
        _posted(request),
        organisations=Organisation.objects.filter(pk__in=[o.pk for o in organisations]),
    )
    if request.method == "POST" and form.is_valid():
        try:
            decisions.ratify(decision, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"{form.cleaned_data['organisation']}'s ratification recorded"
            )
            return redirect(decision)
    return render(
        request,
        "meetings/decision_ratify.html",
        {
            "form": form,
            "decision": decision,
            "on_behalf": any(
                not decisions.consent.acts_for(request.user, o) for o in organisations
            ),
        },
    )


@login_required
def action_add(request, pk):
    meeting = _managed_meeting(request, pk)
    readable = _readable_ids(request, meeting)
    form = ActionForm(
        _posted(request),
        meeting=meeting,
        decisions=Decision.objects.filter(item__meeting=meeting).select_related("item"),
        readable_ids=readable,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions_arising.add_action(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Action added")
            return redirect(meeting)
    return render(request, "meetings/action_form.html", {"form": form, "meeting": meeting})


@login_required
def action_complete(request, action_pk):
    action = get_object_or_404(
        Action.objects.visible_to(request.user).select_related("meeting__body__partnership"),
        pk=action_pk,
    )
    if not permissions.can_complete_action(request.user, action):
        raise PermissionDenied("Only the action's owner or the meeting's secretariat can do this")
    form = CompleteActionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            actions_arising.complete(action, by=request.user, on=form.cleaned_data["done_on"])
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Action marked as done")
            return redirect(action.meeting)
    return render(request, "meetings/action_complete.html", {"form": form, "action": action})


def overdue_actions(request, slug):
    partnership = get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)
    today = timezone.localdate()
    actions = (
        Action.objects.visible_to(request.user)
        .overdue(today)
        .filter(meeting__body__partnership=partnership)
        .select_related("owner__organisation", "meeting__body", "decision__item")
    )
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/overdue_actions.html",
        {"partnership": partnership, "page": page, "today": today},
    )
