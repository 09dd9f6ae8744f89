"""Which organisation a signed-in user acts for now.

A user holds their own organisation's role and may be authorised for further organisations
(`organisations.Authorisation`). The choice is kept in the session and checked against the
authorisations on every request (`middleware.ActingForMiddleware`); permission checks then
read `user.organisation_id`, `user.role`, `user.is_officer` and `user.acts_for_an_organisation`
as usual, and the audit history records `user.organisation_id` as the organisation acted for.
"""

from joinedup.organisations.models import ACTING_ROLES, Organisation, User

# The organisation chosen, when it is not the user's own (absent: their own).
SESSION_KEY = "joinedup_acting_for"
# Whether the user holds more than one authorisation: the header then offers a change.
MAY_CHOOSE_KEY = "joinedup_may_choose_acting_for"


class NotAuthorised(Exception):
    """The user holds no officer or member role for that organisation."""


def may_choose(user: User) -> bool:
    return len(user.authorisations_held()) > 1


def remember_choices(session, user: User) -> None:
    """At sign-in: note whether to offer a choice, and start with the user's own organisation."""
    session.pop(SESSION_KEY, None)
    session[MAY_CHOOSE_KEY] = may_choose(user)


def apply(user: User, session) -> None:
    """Make `user` act for the organisation chosen in the session, if still authorised;
    otherwise for their own. One query, and only for a user who has chosen another."""
    own_id, _own_role = user.own_organisation_and_role
    chosen = session.get(SESSION_KEY) if session is not None else None
    if chosen is not None and chosen != own_id:
        role = (
            user.authorisations.filter(organisation_id=chosen, role__in=ACTING_ROLES)
            .values_list("role", flat=True)
            .first()
        )
        if role is not None:
            user.act_for(chosen, role)
            return
        session.pop(SESSION_KEY, None)  # the authorisation was withdrawn
    user.act_for()


def choose(user: User, session, organisation: Organisation) -> None:
    """Act for `organisation` from now on in this session; NotAuthorised if the user holds no
    officer or member role there."""
    held = {a.organisation_id: a.role for a in user.authorisations_held()}
    if organisation.pk not in held:
        raise NotAuthorised(organisation)
    own_id, _ = user.own_organisation_and_role
    if organisation.pk == own_id:
        session.pop(SESSION_KEY, None)
    else:
        session[SESSION_KEY] = organisation.pk
    session[MAY_CHOOSE_KEY] = len(held) > 1
    user.act_for(organisation.pk, held[organisation.pk])
