from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from joinedup.organisations import permissions
from joinedup.organisations.models import Organisation, Person

from .auth import optional_token_auth, token_auth
from .schemas import ContactDetailsIn, Error, OrganisationDetailOut, OrganisationOut, PersonOut

router = Router(tags=["organisations"])


def person_out(person: Person, user) -> dict:
    data = {
        "id": person.id,
        "name": person.name,
        "is_demo": person.is_demo,
        "posts": list(person.posts.all()),
    }
    if permissions.can_see_contact_details(user, person):
        data.update(email=person.email, phone=person.phone)
    return data


@router.get("", response=list[OrganisationOut], auth=optional_token_auth)
@paginate
def list_organisations(
    request, kind: str | None = None, nation: str | None = None, q: str | None = None
):
    organisations = Organisation.objects.visible_to(request.user).select_related("parent")
    if kind:
        organisations = organisations.filter(kind=kind)
    if nation:
        organisations = organisations.filter(nation=nation)
    if q:
        organisations = organisations.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return organisations


@router.get("/{code}", response=OrganisationDetailOut, auth=optional_token_auth)
def get_organisation(request, code: str):
    organisation = get_object_or_404(
        Organisation.objects.visible_to(request.user).select_related("parent"), code=code.upper()
    )
    organisation.people_out = [
        person_out(p, request.user) for p in organisation.people.prefetch_related("posts")
    ]
    return organisation


@router.patch(
    "/{code}/people/{person_id}",
    response={200: PersonOut, 403: Error, 404: Error},
    auth=token_auth,
)
def change_contact_details(request, code: str, person_id: int, payload: ContactDetailsIn):
    person = get_object_or_404(Person, pk=person_id, organisation__code=code.upper())
    if not permissions.can_change_person(request.user, person):
        raise PermissionDenied(
            f"Only officers of {person.organisation} can change their people's details"
        )
    for field, value in payload.dict(exclude_unset=True).items():
        if value is not None:
            setattr(person, field, value)
    person.full_clean()
    person.save()
    return person_out(person, request.user)
