"""Who may see and change what in the organisations app.

Each organisation is the controller of the personal data it holds about its people
(003 §1.8: "each Council remains the data controller"): only that organisation's own
officers may see or change a person's contact details (its elected members may see them).
The organisation counts only with an officer or member role: a user of the organisation with
the public role (what single sign-on creates) sees what the public sees.
"""

from .models import Organisation, Person


def can_see_contact_details(user, person: Person) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or (
        user.acts_for_an_organisation and user.organisation_id == person.organisation_id
    )


def can_change_person(user, person: Person) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or (user.is_officer and user.organisation_id == person.organisation_id)


def can_add_person(user, organisation: Organisation) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or (user.is_officer and user.organisation_id == organisation.pk)


def can_change_organisation(user, organisation: Organisation) -> bool:
    return can_add_person(user, organisation)
