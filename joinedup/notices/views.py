"""Pages of the notice board: parse, call the rule or action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode

from joinedup.agreements.models import Partnership
from joinedup.meetings.search import search_decisions

from . import actions, lead_time, permissions, revisions
from .forms import (
    SEARCH_DECISIONS,
    AreaForm,
    BoardFilterForm,
    ComingUpForm,
    ConsultationForm,
    CorrectionForm,
    NoticeForm,
    ResponseForm,
    SearchForm,
    SubscriptionForm,
    WithdrawForm,
)
from .models import Consultation, Notice, NoticeCorrection, NoticeStatus, Subscription
from .search import Filters, search

PER_PAGE = 20


def _notice(request, pk) -> Notice:
    return get_object_or_404(
        Notice.objects.visible_to(request.user).select_related("publisher", "partnership"), pk=pk
    )


def _changeable(request, pk) -> Notice:
    notice = _notice(request, pk)
    if not permissions.can_change(request.user, notice):
        raise PermissionDenied(permissions.ONLY_THE_PUBLISHER)
    return notice


def _with_areas(notices):
    return lead_time.with_lead_times(notices)


def _query_without_page(request) -> str:
    return urlencode([(k, v) for k, v in request.GET.items() if k != "page"])


class CappedPaginator(Paginator):
    """Pages of notices that count no further than BOARD_COUNT_CAP: counting a million
    published notices on every visit to the board costs more than showing a page of them."""

    cap = 10_000
    more_than_count = False

    @cached_property
    def count(self):
        found = self.object_list.order_by()[: self.cap + 1].count()
        self.more_than_count = found > self.cap
        return min(found, self.cap)


def board(request):
    form = BoardFilterForm(request.GET or None)
    notices = Notice.objects.public()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["area"]:
            notices = notices.filter(areas__organisation=data["area"])
        if data["publisher"]:
            notices = notices.filter(publisher=data["publisher"])
        if data["category"]:
            notices = notices.filter(category=data["category"])
    page = CappedPaginator(
        _with_areas(notices.order_by("-published_at", "-pk")), PER_PAGE
    ).get_page(request.GET.get("page"))
    for notice in page:
        notice.lead_times = lead_time.by_area(notice)
    drafts = []
    if request.user.is_authenticated and request.user.acts_for_an_organisation:
        drafts = Notice.objects.filter(
            status=NoticeStatus.DRAFT, publisher_id=request.user.organisation_id
        ).order_by("decision_date")
    return render(
        request,
        "notices/board.html",
        {
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "drafts": drafts,
            "can_create": permissions.can_create(request.user),
            "feeds": _feeds(form),
        },
    )


def _feeds(form):
    """Atom and RSS links for the area or publisher the board is filtered by."""
    if not (form.is_bound and form.is_valid()):
        return []
    links = []
    for key, label in (("area", "affecting"), ("publisher", "by")):
        organisation = form.cleaned_data[key]
        if organisation is not None:
            for kind in ("atom", "rss"):
                links.append(
                    (
                        f"{kind.upper() if kind == 'rss' else 'Atom'} feed of notices {label} "
                        f"{organisation.name}",
                        reverse(f"notices:{key}_{kind}_feed", args=[organisation.code]),
                    )
                )
    return links


def search_page(request):
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            page = int(request.GET.get("page", 1))
        except ValueError:
            page = 1
        # "Search in": notices, or decisions of joint bodies (joinedup/meetings/search.py)
        find = search_decisions if data["search_in"] == SEARCH_DECISIONS else search
        results = find(
            data["q"],
            Filters(
                area=data["area"],
                publisher=data["publisher"],
                category=data["category"],
                decided_from=data["decided_from"],
                decided_to=data["decided_to"],
            ),
            request.user,
            page=page,
        )
    return render(
        request,
        "notices/search.html",
        {
            "form": form,
            "results": results,
            "query": _query_without_page(request),
            "decisions": form.is_bound and form.data.get("search_in") == SEARCH_DECISIONS,
        },
    )


def detail(request, pk):
    notice = _notice(request, pk)
    consultation = Consultation.objects.filter(notice=notice).first()
    partnership_visible = bool(
        notice.partnership_id
        and Partnership.objects.visible_to(request.user).filter(pk=notice.partnership_id).exists()
    )
    return render(
        request,
        "notices/detail.html",
        {
            "notice": notice,
            "areas": lead_time.by_area(notice),
            "standard": lead_time.standard_days(notice),
            "partnership_visible": partnership_visible,
            "consultation": consultation,
            "revisions": revisions.history(notice),
            "corrections": NoticeCorrection.objects.filter(notice=notice).select_related(
                "area__organisation", "corrected_by"
            ),
            "can_change": permissions.can_change(request.user, notice),
            "can_correct": permissions.can_correct(request.user, notice),
        },
    )


@login_required
def coming_up(request):
    user = request.user
    if not (user.is_superuser or user.is_officer):
        raise PermissionDenied("This page is for council officers")
    form = None
    organisation = user.organisation if not user.is_superuser else None
    if user.is_superuser:
        form = ComingUpForm(request.GET or None)
        if form.is_bound and form.is_valid():
            organisation = form.cleaned_data["organisation"]
    notices = []
    if organisation is not None:
        notices = [
            (notice, _area_row(notice, organisation))
            for notice in _with_areas(Notice.objects.coming_up_for(organisation))[:200]
        ]
    return render(
        request,
        "notices/coming_up.html",
        {"form": form, "organisation": organisation, "notices": notices},
    )


def _area_row(notice, organisation):
    for row in lead_time.by_area(notice):
        if row.area.organisation_id == organisation.pk:
            return row
    return None


def _form_page(request, form, *, heading, button, notice=None, intro="", status=200):
    return render(
        request,
        "notices/form.html",
        {"form": form, "heading": heading, "button": button, "notice": notice, "intro": intro},
        status=status,
    )


@login_required
def create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied("Only council officers can publish notices")
    form = NoticeForm(request.POST or None, user=request.user, instance=Notice())
    if form.is_valid():
        notice = form.save(commit=False)
        if not notice.publisher_id:
            notice.publisher = request.user.organisation
        try:
            actions.save_notice(request.user, notice)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Draft notice saved. Add the areas it affects.")
            return redirect("notices:area_add", pk=notice.pk)
    return _form_page(
        request,
        form,
        heading="New notice of a decision",
        button="Save draft",
        intro="The notice is a draft until you publish it.",
    )


@login_required
@transaction.atomic  # the stale-edit check locks the row until the save commits
def edit(request, pk):
    notice = _changeable(request, pk)
    form = NoticeForm(request.POST or None, user=request.user, instance=notice)
    if form.is_valid():
        try:
            actions.save_notice(request.user, form.save(commit=False))
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Notice saved")
            return redirect(notice)
    intro = ""
    if not notice.is_draft:
        intro = (
            "The notice is published: a change to its decision date or wording is kept as a "
            "new revision and shown on the notice. The councils already told keep the notice "
            "they were given: moving the decision later does not give them more."
        )
    return _form_page(
        request, form, heading="Change the notice", button="Save", notice=notice, intro=intro
    )


@login_required
def area_add(request, pk):
    notice = _changeable(request, pk)
    form = AreaForm(request.POST or None, notice=notice)
    if form.is_valid():
        try:
            actions.add_area(request.user, notice, form.cleaned_data["organisation"])
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{form.cleaned_data['organisation']} added")
            return redirect(notice)
    return _form_page(
        request, form, heading="Add an affected area", button="Add area", notice=notice
    )


@login_required
def publish(request, pk):
    notice = _changeable(request, pk)
    error = None
    if request.method == "POST" and notice.is_draft:
        try:
            actions.publish(request.user, notice)
        except ValidationError as problem:
            error = problem.messages[0]
        else:
            messages.success(request, "Notice published")
            return redirect(notice)
    return render(
        request,
        "notices/publish.html",
        {
            "notice": notice,
            "areas": lead_time.by_area(notice),
            "standard": lead_time.standard_days(notice),
            "error": error,
        },
    )


@login_required
def withdraw(request, pk):
    notice = _changeable(request, pk)
    form = WithdrawForm(request.POST or None)
    if notice.is_published and form.is_valid():
        try:
            actions.withdraw(request.user, notice, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Notice withdrawn")
            return redirect(notice)
    intro = "" if notice.is_published else "Only a published notice can be withdrawn."
    return render(
        request,
        "notices/form.html",
        {
            "form": form if notice.is_published else None,
            "heading": "Withdraw the notice",
            "button": "Withdraw notice",
            "notice": notice,
            "intro": intro,
        },
    )


@login_required
def correct(request, pk):
    """A partnership manager corrects a date joinedup recorded wrongly, with a reason."""
    notice = _notice(request, pk)
    if not permissions.can_correct(request.user, notice):
        raise PermissionDenied(permissions.ONLY_A_MANAGER)
    form = CorrectionForm(request.POST or None, notice=notice)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.correct_date(
                request.user,
                notice,
                corrected=data["corrected"],
                now=data["now"],
                reason=data["reason"],
                area=data["area"],
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Correction recorded")
            return redirect(notice)
    return _form_page(
        request,
        form,
        heading="Correct a recorded date",
        button="Record the correction",
        notice=notice,
        intro="joinedup records when the notice was published and when each council was told. "
        "Correct a date only where it was recorded wrongly: the correction, its reason and "
        "the date it replaces are shown on the notice.",
    )


@login_required
def consultation_open(request, pk):
    notice = _changeable(request, pk)
    if Consultation.objects.filter(notice=notice).exists():
        return _form_page(
            request,
            None,
            heading="Open a consultation",
            button="",
            notice=notice,
            intro="A consultation is already open on this notice.",
        )
    form = ConsultationForm(request.POST or None, notice=notice)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.open_consultation(
                request.user,
                notice,
                data["deadline"],
                data["organisations"],
                data.get("people", ()),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Consultation opened")
            return redirect("notices:consultation", pk=notice.pk)
    return _form_page(
        request,
        form,
        heading="Open a consultation",
        button="Open consultation",
        notice=notice,
        intro="Consult the affected councils, and people personally, with a deadline.",
    )


def consultation(request, pk):
    notice = _notice(request, pk)
    consultation = get_object_or_404(Consultation, notice=notice)
    rows = actions.consultation_status(consultation)
    user = request.user
    for row in rows:
        response = row["response"]
        row["readable"] = bool(response and permissions.can_read_response(user, response))
        row["can_respond"] = response is None and permissions.can_record_response(
            user, row["consultee"]
        )
    return render(
        request,
        "notices/consultation.html",
        {
            "notice": notice,
            "consultation": consultation,
            "rows": rows,
            "responded": sum(1 for row in rows if row["response"]),
            "can_respond": not notice.is_draft and any(row["can_respond"] for row in rows),
        },
    )


@login_required
def respond(request, pk):
    notice = _notice(request, pk)
    consultation = get_object_or_404(Consultation, notice=notice)
    own, on_behalf = [], []
    for consultee in consultation.consultees.select_related("organisation", "person"):
        if permissions.can_respond_for(request.user, consultee):
            own.append(consultee.pk)
        elif permissions.can_respond_on_behalf_of(request.user, consultee):
            on_behalf.append(consultee.pk)
    if not own and not on_behalf:
        raise PermissionDenied(permissions.ONLY_THE_CONSULTEE)
    # Someone who is both a consultee and a manager answers for their own council here; the
    # councils they may only speak for are recorded with who gave the response and when.
    recording_for_others = not own
    consultees = consultation.consultees.filter(
        pk__in=on_behalf if recording_for_others else own, response__isnull=True
    ).select_related("organisation", "person")
    form = ResponseForm(request.POST or None, consultees=consultees, on_behalf=recording_for_others)
    if not consultees.exists():
        form = None
    elif form.is_valid():
        data = form.cleaned_data
        try:
            actions.respond(
                request.user,
                data["consultee"],
                data["position"],
                data["text"],
                given_by=data.get("given_by", ""),
                given_on=data.get("given_on"),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Response sent")
            return redirect("notices:consultation", pk=notice.pk)
    return render(
        request,
        "notices/respond.html",
        {
            "notice": notice,
            "consultation": consultation,
            "form": form,
            "on_behalf": recording_for_others,
        },
    )


@login_required
def subscriptions(request):
    mine = Subscription.objects.filter(user=request.user).select_related("area")
    form = SubscriptionForm(request.POST if "add" in request.POST else None)
    if request.method == "POST" and "cancel" in request.POST:
        subscription = get_object_or_404(mine, pk=request.POST.get("cancel") or 0)
        subscription.delete()
        messages.success(request, "Subscription cancelled")
        return redirect("notices:subscriptions")
    if form.is_bound and form.is_valid():
        subscription = form.save(commit=False)
        subscription.user = request.user
        subscription.save()
        messages.success(request, "Subscribed")
        return redirect("notices:subscriptions")
    return render(
        request,
        "notices/subscriptions.html",
        {"form": form, "subscriptions": mine, "has_email": bool(request.user.email)},
    )
