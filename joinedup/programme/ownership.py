"""Each council owns its own figures (issue 13.6; seed 003 §1.8 for the principle).

A council's contribution to a joint fund, its savings targets and savings delivered, and its
KPI targets and actuals are recorded only by someone acting for that council: an officer of
that council (`user.organisation_id`) while it is a party. The partnership's joint
partnership managers (and administrators) may record one on a council's behalf, but only
with the name of the person at the council who gave the figure and the date they gave it;
both are kept on the record and shown beside the figure. Everyone else is refused.

One rule for the programme (KPI figures) and finance (money and savings) apps, their pages
and the API; it lives here because finance builds on programme, never the other way.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone

from joinedup.agreements.permissions import is_manager, is_party_officer


def only_the_council(organisation) -> str:
    return (
        f"Only officers of {organisation} record its figures; the partnership's manager may "
        "record one on its behalf, naming who gave it and when"
    )


class GivenOnBehalf(models.Model):
    """Who at the council gave a figure that the partnership's manager recorded for it."""

    given_by = models.CharField(
        "given by",
        max_length=200,
        blank=True,
        help_text="When recorded on a council's behalf: the person at the council who gave it",
    )
    given_on = models.DateField(
        "date given",
        null=True,
        blank=True,
        help_text="When recorded on a council's behalf: the date the council gave it",
    )

    class Meta:
        abstract = True

    @property
    def is_on_behalf(self) -> bool:
        return bool(self.given_by)

    @property
    def given_text(self) -> str:
        """'Given by Jane Smith on 3 June 2014', or '' when the council recorded it itself."""
        if not self.given_by:
            return ""
        when = f" on {self.given_on:%-d %B %Y}" if self.given_on else ""
        return f"Given by {self.given_by}{when}, recorded on the council's behalf"


def acts_for(user, organisation, partnership) -> bool:
    """The user is an officer of this council, and the council is a party."""
    return (
        user.is_authenticated
        and user.is_officer
        and user.organisation_id == getattr(organisation, "pk", organisation)
        and is_party_officer(user, partnership)
    )


def may_record_on_behalf(user, partnership) -> bool:
    return user.is_authenticated and (user.is_superuser or is_manager(user, partnership))


def may_record_for(user, organisation, partnership) -> bool:
    """May this user record this council's figures at all (on its behalf or as its own)?"""
    return acts_for(user, organisation, partnership) or may_record_on_behalf(user, partnership)


def councils_recordable_by(user, partnership, councils):
    """Of `councils`, those whose figures this user may record."""
    return [c for c in councils if may_record_for(user, c, partnership)]


@dataclass(frozen=True)
class Provenance:
    given_by: str = ""
    given_on: datetime.date | None = None


def check_owner(
    user,
    organisation,
    partnership,
    *,
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> Provenance:
    """Refuse unless `user` may record `organisation`'s figure; return what to keep on it.

    An officer of the council records its own figure (nothing is kept beyond the audit
    history). The partnership's manager records one on its behalf only with the name of the
    person who gave it and the date, which must not be in the future.
    """
    if acts_for(user, organisation, partnership):
        return Provenance()
    if not may_record_on_behalf(user, partnership):
        raise PermissionDenied(only_the_council(organisation))
    given_by = (given_by or "").strip()
    errors = {}
    if not given_by:
        errors["given_by"] = (
            f"Enter the name of the person at {organisation} who gave this figure: you are "
            "recording it on the council's behalf"
        )
    if given_on is None:
        errors["given_on"] = f"Enter the date {organisation} gave this figure"
    elif given_on > timezone.localdate():
        errors["given_on"] = "The date given cannot be in the future"
    if errors:
        raise ValidationError(errors)
    return Provenance(given_by=given_by, given_on=given_on)
