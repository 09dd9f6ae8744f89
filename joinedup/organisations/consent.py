"""One idea of consent: a question put to a fixed set of councils, each answering for itself.

Used by meetings (ratification of a joint body's decision, DOMAIN rule 17: "Resolutions
recommended to the councils take effect only when every partner has ratified them") and by
programme (approval of a business case "through the respective governance processes at each
council", 000).

- The councils asked are fixed when the question is put (`put`): one `Consent` row each. A
  council that joins the partnership later is not asked.
- Each council answers once, for itself (`record`): an officer acting for that council, or
  the partnership's manager on the council's behalf, and then only with the name of the
  person who gave the consent and the date it was given (issue 13, point 6). An officer of
  another council, the host council included, cannot record it.
- A council asked that stops being a party before answering is shown as having left; its
  answer is no longer needed. The question is complete when every council asked that is still
  a party has given its consent (and at least one has) — `OUTCOME_RULE`.

The owning app says who is still a party (`still_party`, organisation ids) and, for the
councils that have left, when (`left_on`): organisations does not know partnerships.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Consent, ConsentRequest, ConsentRequestStatus, Organisation

OUTCOME_RULE = (
    "The councils asked are those that were parties on the day the question was put; a council "
    "that joins later is not asked. A council that leaves the partnership before answering is "
    "shown as having left, and its answer is no longer needed: the question is settled when "
    "every council asked that is still a party has given its consent."
)
OWN_COUNCIL_ONLY = (
    "Only an officer acting for that council, or the partnership's manager on its behalf, can "
    "record its consent"
)


# Who may read a question: each app that puts questions registers a function of the user that
# returns the ids of its questions the user may read (meetings and programme, in their apps.py).
_READERS: list = []


def register_reader(reader):
    _READERS.append(reader)
    return reader


def visible_requests(queryset, user):
    readable = Q(pk__in=[])
    for reader in _READERS:
        readable |= Q(pk__in=reader(user))
    return queryset.filter(readable)


@dataclass(frozen=True)
class CouncilAnswer:
    """Where one council asked stands: given, awaited, or left before answering."""

    consent: Consent
    left_on: datetime.date | None = None

    @property
    def organisation(self) -> Organisation:
        return self.consent.organisation

    @property
    def state(self) -> str:
        if self.consent.is_given:
            return "given"
        return "left" if self.left_on is not None else "awaited"


@dataclass(frozen=True)
class ConsentProgress:
    request: ConsentRequest
    answers: tuple[CouncilAnswer, ...]

    @property
    def given(self) -> list[CouncilAnswer]:
        return [a for a in self.answers if a.state == "given"]

    @property
    def awaited(self) -> list[CouncilAnswer]:
        return [a for a in self.answers if a.state == "awaited"]

    @property
    def departed(self) -> list[CouncilAnswer]:
        return [a for a in self.answers if a.state == "left"]

    @property
    def asked(self) -> int:
        return len(self.answers)

    @property
    def needed(self) -> int:
        """The councils whose answer counts: those that gave it, and those still awaited."""
        return len(self.given) + len(self.awaited)

    @property
    def is_complete(self) -> bool:
        return bool(self.given) and not self.awaited

    @property
    def outcome_rule(self) -> str:
        return OUTCOME_RULE


def progress(
    request: ConsentRequest, *, left_on: dict[int, datetime.date] | None = None
) -> ConsentProgress:
    """Each council asked with where it stands. `left_on` maps the councils asked that are no
    longer parties to the day they left; one that gave its consent first stays "given"."""
    left_on = left_on or {}
    consents = sorted(request.consents.all(), key=lambda c: c.organisation.name)
    return ConsentProgress(
        request=request,
        answers=tuple(
            CouncilAnswer(consent=c, left_on=None if c.is_given else left_on.get(c.organisation_id))
            for c in consents
        ),
    )


@transaction.atomic
def put(
    *,
    kind: str,
    question: str,
    councils: Iterable[Organisation],
    on: datetime.date,
    by=None,
) -> ConsentRequest:
    """Put a question to these councils, fixed from today: one awaited consent each."""
    councils = list(councils)
    if not councils:
        raise ValidationError("There is no council to put the question to")
    request = ConsentRequest.objects.create(
        kind=kind,
        question=question[:400],
        put_on=on,
        put_by=by if by is not None and by.is_authenticated else None,
    )
    Consent.objects.bulk_create(Consent(request=request, organisation=o) for o in councils)
    return request


def acts_for(user, organisation: Organisation) -> bool:
    """An officer acting for the council itself."""
    return bool(
        user.is_authenticated and user.is_officer and user.organisation_id == organisation.pk
    )


def may_record(user, organisation: Organisation, *, manages: bool) -> bool:
    """Its own officer, or (on its behalf) the partnership's manager: `manages` says whether the
    user manages the partnership the question belongs to."""
    return acts_for(user, organisation) or bool(user.is_authenticated and manages)


def councils_user_may_answer_for(
    user, progress_: ConsentProgress, *, manages: bool
) -> list[Organisation]:
    """The councils still awaited whose consent this user may record now."""
    if not progress_.request.is_open:
        return []
    return [
        a.organisation
        for a in progress_.awaited
        if may_record(user, a.organisation, manages=manages)
    ]


@transaction.atomic
def record(
    request: ConsentRequest,
    *,
    organisation: Organisation,
    by,
    manages: bool,
    given_on: datetime.date,
    still_party: set[int],
    given_through: str = "",
    reference: str = "",
    given_by_name: str = "",
    verb: str = "given its consent",
) -> Consent:
    """Record one council's consent. Errors name `organisation`, `given_on` or `given_by_name`.

    Completes the request, on the latest date given, when every council asked that is still a
    party (`still_party`, on `given_on`) has consented.
    """
    on_behalf = not acts_for(by, organisation)
    if on_behalf and not may_record(by, organisation, manages=manages):
        raise PermissionDenied(OWN_COUNCIL_ONLY)
    request = ConsentRequest.objects.select_for_update().get(pk=request.pk)
    consent = (
        Consent.objects.select_for_update()
        .filter(request=request, organisation=organisation)
        .first()
    )
    if consent is None:
        raise ValidationError(
            {
                "organisation": f"{organisation} was not asked: it was not among the councils "
                f"when the question was put, on {request.put_on:%-d %B %Y}"
            }
        )
    if consent.is_given:
        raise ValidationError(
            {
                "organisation": f"{organisation} has already {verb}, on "
                f"{consent.given_on:%-d %B %Y}: each council answers once"
            }
        )
    if not request.is_open:
        raise ValidationError({"organisation": "Every council asked has already answered"})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "The date cannot be in the future"})
    if organisation.pk not in still_party:
        raise ValidationError(
            {
                "organisation": f"{organisation} was not a party on {given_on:%-d %B %Y}: a "
                "council that has left is no longer asked"
            }
        )
    given_by_name = (given_by_name or "").strip()
    if on_behalf and not given_by_name:
        raise ValidationError(
            {
                "given_by_name": f"Enter the name of the person at {organisation} who gave its "
                "consent: a manager records it only on the council's behalf"
            }
        )
    consent.given_on = given_on
    consent.given_through = (given_through or "").strip()
    consent.reference = (reference or "").strip()
    consent.given_by_name = given_by_name
    consent.recorded_by = by if by.is_authenticated else None
    consent.recorded_on_behalf = on_behalf
    consent.save()
    consents = list(request.consents.all())
    awaited = [c for c in consents if not c.is_given and c.organisation_id in still_party]
    if not awaited:
        complete(request, on=max(c.given_on for c in consents if c.is_given))
    return consent


def complete(request: ConsentRequest, *, on: datetime.date) -> None:
    if not request.can_move_to(ConsentRequestStatus.COMPLETE):
        raise ValidationError("Every council asked has already answered")
    request.status = ConsentRequestStatus.COMPLETE
    request.completed_on = on
    request.save(update_fields=["status", "completed_on"])


def rename_fields(error: ValidationError, names: dict[str, str]) -> ValidationError:
    """The same error with its fields named as the caller's form or API names them."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


def standing(parties, on: datetime.date) -> tuple[set[int], dict[int, datetime.date]]:
    """From a partnership's party rows (anything with `organisation_id`, `left_on` and
    `is_current(on)`): the organisations that are parties on `on`, and for the others that have
    left by then, the day they left."""
    current: set[int] = set()
    left_on: dict[int, datetime.date] = {}
    for party in parties:
        if party.is_current(on):
            current.add(party.organisation_id)
        elif party.left_on is not None and party.left_on <= on:
            previous = left_on.get(party.organisation_id)
            left_on[party.organisation_id] = max(party.left_on, previous or party.left_on)
    return current, {k: v for k, v in left_on.items() if k not in current}
