"""Who may see and change notices, consultations and responses.

- A published (or withdrawn) notice is public: the notice board is for the public and press.
- A draft is for the publishing council's own people (its officers and elected members).
- Only the publishing council's officers (and administrators) create, edit, publish and
  withdraw its notices, open a consultation and see the responses.
- A consultee responds for itself: an officer of a consulted council, or a consulted person
  (through their own sign-in) or an officer of that person's council. A partnership manager
  of a partnership the consulted council is in (or an administrator) may record a response
  on its behalf, naming who gave it and when. A response's text is for the publishing
  council and the responding council.
- Dates joinedup recorded (publication, when each council was told and of which decision
  date) are corrected only by a partnership manager of a partnership the publishing council
  is in, or an administrator, with a reason (issue 13.4).
"""

from django.db.models import Q

from joinedup.agreements.models import Party

from .models import NoticeStatus

ONLY_THE_PUBLISHER = "Only officers of the publishing council can change this notice."
ONLY_A_MANAGER = (
    "Only a partnership manager of a partnership the publishing council is in can correct "
    "a recorded date."
)
ONLY_THE_CONSULTEE = (
    "Only the consulted council or person can respond, or a partnership manager on the "
    "council's behalf"
)


def _is_superuser(user) -> bool:
    return user.is_authenticated and user.is_superuser


def visible_notices_q(user, prefix: str = "") -> Q:
    if _is_superuser(user):
        return Q()
    visible = Q(**{f"{prefix}status__in": [NoticeStatus.PUBLISHED, NoticeStatus.WITHDRAWN]})
    if user.is_authenticated and user.acts_for_an_organisation:
        visible |= Q(**{f"{prefix}publisher_id": user.organisation_id})
    return visible


def can_view(user, notice) -> bool:
    if not notice.is_draft or _is_superuser(user):
        return True
    return bool(
        user.is_authenticated
        and user.acts_for_an_organisation
        and user.organisation_id == notice.publisher_id
    )


def can_publish_for(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or (user.is_officer and user.organisation_id == organisation.pk)


def can_create(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_officer)


def can_change(user, notice) -> bool:
    return can_publish_for(user, notice.publisher)


def can_see_responses(user, notice) -> bool:
    """The publisher's people read every response."""
    if _is_superuser(user):
        return True
    return bool(
        user.is_authenticated
        and user.acts_for_an_organisation
        and user.organisation_id == notice.publisher_id
    )


def manages_a_partnership_of(user, organisation_id) -> bool:
    """A joint partnership manager of a partnership the organisation is a current party to."""
    if not user.is_authenticated:
        return False
    return (
        Party.objects.current()
        .filter(organisation_id=organisation_id, partnership__managers=user)
        .exists()
    )


def can_correct(user, notice) -> bool:
    """Correct a date joinedup recorded on a published notice (only a manager, issue 13.4)."""
    if notice.is_draft or not user.is_authenticated:
        return False
    return user.is_superuser or manages_a_partnership_of(user, notice.publisher_id)


def can_respond_for(user, consultee) -> bool:
    """Respond as the consultee itself: the named person, or an officer of its council."""
    if not user.is_authenticated:
        return False
    if consultee.person_id and user.person_id == consultee.person_id:
        return True
    return bool(user.is_officer and user.organisation_id == consultee.organisation_id)


def can_respond_on_behalf_of(user, consultee) -> bool:
    """Record a response the consultee gave elsewhere (by letter, at a meeting): a manager
    of a partnership the consulted council is in, or an administrator."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or manages_a_partnership_of(user, consultee.organisation_id)


def can_record_response(user, consultee) -> bool:
    return can_respond_for(user, consultee) or can_respond_on_behalf_of(user, consultee)


def can_read_response(user, response) -> bool:
    notice = response.consultee.consultation.notice
    if can_see_responses(user, notice):
        return True
    return bool(
        user.is_authenticated
        and user.acts_for_an_organisation
        and user.organisation_id == response.consultee.organisation_id
    ) or bool(user.is_authenticated and user.person_id == response.consultee.person_id)


def readable_responses_q(user, prefix: str = "") -> Q:
    """Responses the user may read (prefix is the path to the response)."""
    if _is_superuser(user):
        return Q()
    if not user.is_authenticated:
        return Q(pk__in=[])
    readable = Q(pk__in=[])
    if user.acts_for_an_organisation:
        org = user.organisation_id
        readable |= Q(**{f"{prefix}consultee__consultation__notice__publisher_id": org})
        readable |= Q(**{f"{prefix}consultee__organisation_id": org})
    if user.person_id:
        readable |= Q(**{f"{prefix}consultee__person_id": user.person_id})
    return readable & visible_notices_q(user, f"{prefix}consultee__consultation__notice__")
