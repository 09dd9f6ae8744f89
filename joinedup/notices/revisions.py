"""Revisions of a published notice (issue 13.4): number 1 is the notice as published; every
later change to its decision date, areas or wording is the next, kept as it was written.

`record(notice, by=, at=)` writes a revision when the notice differs from its latest one;
`history(notice)` reads them back with what each changed, for the page and the API alike.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from joinedup.organisations.models import Organisation

from .models import Notice, NoticeRevision

# The notice's own fields a revision keeps, with how a change to each is described.
WORDING = {
    "title": "title",
    "summary": "summary",
    "category": "category",
    "decision_maker": "decision maker",
    "papers_url": "link to the papers",
}


def _area_ids(notice: Notice) -> set[int]:
    return set(notice.areas.values_list("organisation_id", flat=True))


def _differs(notice: Notice, latest: NoticeRevision, areas: set[int]) -> bool:
    if latest.decision_date != notice.decision_date:
        return True
    if any(getattr(latest, name) != getattr(notice, name) for name in WORDING):
        return True
    return areas != {organisation.pk for organisation in latest.areas.all()}


def record(notice: Notice, *, by, at: datetime.datetime) -> NoticeRevision | None:
    """Keep the notice as it now stands as its next revision, if it differs from the last."""
    areas = _area_ids(notice)
    latest = notice.revisions.prefetch_related("areas").order_by("-number").first()
    if latest is not None and not _differs(notice, latest, areas):
        return None
    revision = NoticeRevision.objects.create(
        notice=notice,
        number=latest.number + 1 if latest else 1,
        made_at=at,
        made_by=by,
        decision_date=notice.decision_date,
        **{name: getattr(notice, name) for name in WORDING},
    )
    revision.areas.set(areas)
    return revision


@dataclass(frozen=True)
class Change:
    """What one revision changed from the one before it."""

    revision: NoticeRevision
    decision_moved_from: datetime.date | None = None
    decision_moved_to: datetime.date | None = None
    areas_added: list[Organisation] = field(default_factory=list)
    areas_removed: list[Organisation] = field(default_factory=list)
    wording: list[str] = field(default_factory=list)

    @property
    def is_publication(self) -> bool:
        return self.revision.number == 1

    @property
    def moved_later(self) -> bool:
        return bool(self.decision_moved_to and self.decision_moved_to > self.decision_moved_from)

    @property
    def phrases(self) -> list[str]:
        """What the revision changed, in words: "decision date moved from … to …"."""
        said = []
        if self.decision_moved_to:
            moved = (
                f"decision date moved from {self.decision_moved_from:%-d %B %Y} "
                f"to {self.decision_moved_to:%-d %B %Y}"
            )
            if self.moved_later:
                moved += " (the councils told before keep the notice they were given)"
            said.append(moved)
        if self.areas_added:
            names = ", ".join(o.name for o in self.areas_added)
            said.append(
                f"added {names}, told on {timezone.localdate(self.revision.made_at):%-d %B %Y}"
            )
        if self.areas_removed:
            said.append("removed " + ", ".join(o.name for o in self.areas_removed))
        if self.wording:
            said.append("changed the " + ", ".join(self.wording))
        return said


def history(notice: Notice) -> list[Change]:
    """Each revision, oldest first, with what it changed from the one before."""
    changes, previous = [], None
    for revision in notice.revisions.order_by("number").prefetch_related(
        Prefetch("areas", queryset=Organisation.objects.order_by("name"))
    ):
        areas = list(revision.areas.all())
        if previous is None:
            changes.append(Change(revision=revision))
        else:
            before, before_areas = previous
            moved = before.decision_date != revision.decision_date
            before_ids = {o.pk for o in before_areas}
            now_ids = {o.pk for o in areas}
            changes.append(
                Change(
                    revision=revision,
                    decision_moved_from=before.decision_date if moved else None,
                    decision_moved_to=revision.decision_date if moved else None,
                    areas_added=[o for o in areas if o.pk not in before_ids],
                    areas_removed=[o for o in before_areas if o.pk not in now_ids],
                    wording=[
                        label
                        for name, label in WORDING.items()
                        if getattr(before, name) != getattr(revision, name)
                    ],
                )
            )
        previous = (revision, areas)
    return changes
