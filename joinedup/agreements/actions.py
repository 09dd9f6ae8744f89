"""Changes to partnerships and agreements. Views and the API both call these.

Each action checks permission, validates, and writes everything or nothing.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from joinedup.organisations.models import Organisation

from . import permissions
from .models import (
    Agreement,
    AgreementVersion,
    LeavingRoute,
    Partnership,
    Party,
    Signature,
    VersionStatus,
)


def _follow_in_rotations(party: Party, *, on: datetime.date, what: str) -> None:
    """Issue 13 §1: a joint body's rotation takes a council that joins or leaves from its
    next rotation period, never the current or a past one (governance.rotation)."""
    from joinedup.governance.rotation import follow_parties

    follow_parties(party.partnership, on=on, reason=f"{party.organisation} {what} {on:%-d %B %Y}")


def _require(allowed: bool, message: str = "You cannot make this change"):
    if not allowed:
        raise PermissionDenied(message)


def unique_slug(name: str) -> str:
    base = slugify(name)[:90] or "partnership"
    slug, n = base, 2
    while Partnership.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_partnership(
    *, by, name: str, summary: str = "", is_published: bool = True, joined_on: datetime.date
) -> Partnership:
    """A council officer creates a partnership; their council is its first party."""
    _require(permissions.can_create_partnership(by), "Only an officer of a council can do this")
    partnership = Partnership.objects.create(
        name=name, slug=unique_slug(name), summary=summary, is_published=is_published
    )
    if by.organisation_id:
        Party.objects.create(
            partnership=partnership, organisation_id=by.organisation_id, joined_on=joined_on
        )
    return partnership


def update_partnership(partnership: Partnership, *, by, **fields) -> Partnership:
    _require(permissions.can_change_partnership(by, partnership))
    for name, value in fields.items():
        setattr(partnership, name, value)
    partnership.full_clean()
    partnership.save()
    return partnership


def add_party(
    partnership: Partnership, *, by, organisation: Organisation, joined_on: datetime.date
) -> Party:
    _require(permissions.can_change_partnership(by, partnership))
    if partnership.parties.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation} is already a party"})
    party = Party.objects.create(
        partnership=partnership, organisation=organisation, joined_on=joined_on
    )
    _follow_in_rotations(party, on=joined_on, what="joined on")
    return party


@transaction.atomic
def create_agreement(
    partnership: Partnership, *, by, title: str, kind: str, in_force: bool = True, **terms
) -> Agreement:
    """An agreement starts with version 1, in force or as a draft."""
    _require(permissions.can_change_partnership(by, partnership))
    agreement = Agreement.objects.create(partnership=partnership, title=title, kind=kind)
    version = AgreementVersion(
        agreement=agreement,
        number=1,
        status=VersionStatus.IN_FORCE if in_force else VersionStatus.DRAFT,
        **terms,
    )
    version.full_clean()
    version.save()
    return agreement


@transaction.atomic
def revise_agreement(
    agreement: Agreement, *, by, in_force: bool = True, **terms
) -> AgreementVersion:
    """A revision supersedes the version in force on the day the revision takes effect.

    003 §8: "the Memorandum shall continue in effect until superseded by the replacement".
    Earlier versions are kept, with the date they were superseded.
    """
    _require(permissions.can_change_agreement(by, agreement))
    if agreement.terminated_on:
        raise ValidationError("This agreement has been terminated and cannot be revised")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    latest = agreement.versions.order_by("-number").first()
    version = AgreementVersion(
        agreement=agreement,
        number=(latest.number + 1) if latest else 1,
        status=VersionStatus.DRAFT,
        **terms,
    )
    version.full_clean()
    version.save()
    if in_force:
        bring_into_force(version, by=by)
    return version


@transaction.atomic
def bring_into_force(version: AgreementVersion, *, by) -> AgreementVersion:
    _require(permissions.can_change_agreement(by, version.agreement))
    if version.status != VersionStatus.DRAFT:
        raise ValidationError("Only a draft version can be brought into force")
    if version.effective_on is None:
        raise ValidationError({"effective_on": "Enter the date this version takes effect"})
    for previous in version.agreement.versions.filter(status=VersionStatus.IN_FORCE):
        if version.effective_on < (previous.effective_on or version.effective_on):
            raise ValidationError(
                {
                    "effective_on": f"The version in force took effect on "
                    f"{previous.effective_on:%-d %B %Y}; a revision must take "
                    "effect on or after that date"
                }
            )
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_on = version.effective_on
        previous.save()
    version.status = VersionStatus.IN_FORCE
    version.save()
    return version


def sign(
    version: AgreementVersion,
    *,
    by,
    organisation: Organisation,
    signatory_name: str,
    position: str,
    signed_on: datetime.date,
    is_accession: bool = False,
) -> Signature:
    """Record a party's signature of a version."""
    partnership = version.agreement.partnership
    _require(permissions.can_change_partnership(by, partnership))
    if not partnership.parties.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": f"{organisation} is not a party to this partnership"}
        )
    if version.signatures.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation} has already signed this version"})
    signature = Signature(
        version=version,
        organisation=organisation,
        signatory_name=signatory_name,
        position=position,
        signed_on=signed_on,
        is_accession=is_accession,
    )
    signature.full_clean()
    signature.save()
    return signature


@transaction.atomic
def accede(
    agreement: Agreement,
    *,
    by,
    organisation: Organisation,
    signatory_name: str,
    position: str,
    signed_on: datetime.date,
) -> Party:
    """000: the MoU is "open for other Councils and other public bodies to join in".

    The acceding organisation becomes a party from the day it signs the version in force.
    """
    _require(permissions.can_change_agreement(by, agreement))
    version = agreement.current_version
    if version is None:
        raise ValidationError("The agreement has no version in force to accede to")
    if agreement.terminated_on:
        raise ValidationError("This agreement has been terminated")
    partnership = agreement.partnership
    existing = partnership.parties.filter(organisation=organisation).first()
    if existing and existing.is_current(signed_on):
        raise ValidationError({"organisation": f"{organisation} is already a party"})
    if existing:
        existing.joined_on, existing.left_on, existing.leaving_route = signed_on, None, ""
        existing.notice_served_on, existing.notice_under = None, None
        existing.save()
        party = existing
    else:
        party = Party.objects.create(
            partnership=partnership, organisation=organisation, joined_on=signed_on
        )
    sign(
        version,
        by=by,
        organisation=organisation,
        signatory_name=signatory_name,
        position=position,
        signed_on=signed_on,
        is_accession=True,
    )
    _follow_in_rotations(party, on=signed_on, what="acceded on")
    return party


@transaction.atomic
def serve_withdrawal_notice(
    party: Party, *, by, agreement: Agreement, served_on: datetime.date
) -> Party:
    """The party's participation ends when the agreement's notice period has run."""
    _require(permissions.can_serve_notice(by, party))
    if agreement.partnership_id != party.partnership_id:
        raise ValidationError({"agreement": "That agreement belongs to another partnership"})
    if not party.is_current(served_on):
        raise ValidationError({"served_on": "The organisation was not a party on that date"})
    if party.left_on:
        raise ValidationError(f"{party.organisation} already leaves on {party.left_on:%-d %B %Y}")
    party.notice_served_on = served_on
    party.notice_under = agreement
    party.left_on = agreement.withdrawal_effective_on(served_on)
    party.leaving_route = LeavingRoute.WITHDRAWAL
    party.save()
    _follow_in_rotations(party, on=party.left_on, what="leaves on")
    return party


@transaction.atomic
def terminate_by_agreement(agreement: Agreement, *, by, on: datetime.date) -> Agreement:
    """003 §8: the memorandum "may be terminated by agreement of the parties".

    Every party's participation ends on that date, unless it had already ended earlier.
    """
    _require(permissions.can_change_agreement(by, agreement))
    if agreement.terminated_on:
        raise ValidationError("This agreement has already been terminated")
    agreement.terminated_on = on
    agreement.save()
    for party in agreement.partnership.parties.all():
        if party.left_on is None or party.left_on > on:
            party.left_on = on
            party.leaving_route = LeavingRoute.BY_AGREEMENT
            party.save()
    return agreement
