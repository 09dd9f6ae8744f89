from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation

from . import permissions
from .forms import CommitteeSystemForm, FollowedCommitteesForm
from .importing import refresh_committees
from .models import Committee, CommitteeSystem, CouncilAgendaItem, CouncilMeeting
from .moderngov import CommitteeSystemError
from .tasks import import_committee_system


@login_required
def system(request, code):
    """A council's committee system: its address, its committees and how imports went."""
    organisation = get_object_or_404(Organisation, code=code)
    if not permissions.can_set_up(request.user, organisation):
        raise PermissionDenied(permissions.ONLY_THE_COUNCIL)
    existing = CommitteeSystem.objects.filter(organisation=organisation).first()
    form = CommitteeSystemForm(
        request.POST if request.POST.get("action") == "save" else None,
        instance=existing or CommitteeSystem(organisation=organisation),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save" and form.is_valid():
            saved = form.save()
            try:
                count = refresh_committees(saved)
            except CommitteeSystemError as error:
                messages.error(
                    request, f"Saved, but the list of committees could not be read: {error}"
                )
            else:
                messages.success(request, f"Saved. The committee system lists {count} committees")
            return redirect("committees:system", code=code)
        if action == "import" and existing:
            transaction.on_commit(lambda: import_committee_system.enqueue(existing.pk))
            messages.success(request, "The import has been queued; its outcome will show below")
            return redirect("committees:system", code=code)
    return render(
        request,
        "committees/system.html",
        {
            "organisation": organisation,
            "system": existing,
            "form": form,
            "committees": existing.committees.prefetch_related("followed_by") if existing else [],
            "runs": existing.runs.all()[:10] if existing else [],
        },
    )


def _partnership(request, slug):
    return get_object_or_404(Partnership.objects.visible_to(request.user), slug=slug)


def council_meetings(request, slug):
    """The coming meetings of the councils' own committees that the partnership follows."""
    partnership = _partnership(request, slug)
    today = timezone.localdate()
    meetings = (
        CouncilMeeting.objects.filter(committee__followed_by=partnership, date__gte=today)
        .select_related("committee__system__organisation")
        .prefetch_related(
            Prefetch("items", queryset=CouncilAgendaItem.objects.select_related("draft_notice"))
        )
        .distinct()
        .order_by("date", "committee__title")[:100]
    )
    followed = (
        Committee.objects.filter(followed_by=partnership)
        .select_related("system__organisation")
        .order_by("system__organisation__name", "title")
    )
    return render(
        request,
        "committees/council_meetings.html",
        {
            "partnership": partnership,
            "meetings": meetings,
            "followed": followed,
            "can_choose": permissions.can_change_partnership(request.user, partnership),
        },
    )


@login_required
def choose(request, slug):
    partnership = _partnership(request, slug)
    if not permissions.can_change_partnership(request.user, partnership):
        raise PermissionDenied(permissions.ONLY_THE_PARTIES)
    councils = partnership.current_parties()
    committees = list(
        Committee.objects.filter(system__organisation__in=[p.organisation_id for p in councils])
        .select_related("system__organisation")
        .order_by("system__organisation__name", "title")
    )
    chosen = [str(c.pk) for c in committees if partnership in c.followed_by.all()]
    form = FollowedCommitteesForm(
        request.POST or None, committees=committees, initial={"committees": chosen}
    )
    if request.method == "POST" and form.is_valid():
        wanted = set(form.cleaned_data["committees"])
        with transaction.atomic():
            for committee in committees:
                if str(committee.pk) in wanted:
                    committee.followed_by.add(partnership)
                else:
                    committee.followed_by.remove(partnership)
        messages.success(request, f"{partnership} now follows {len(wanted)} committees")
        return redirect("committees:council_meetings", slug=slug)
    return render(
        request,
        "committees/choose.html",
        {"partnership": partnership, "form": form, "committees": committees, "councils": councils},
    )
