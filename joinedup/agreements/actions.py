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
    partnership: Partnership,
    *,
    by,
    title: str,
    kind: str,
    is_governing: bool = False,
    **terms,
) -> Agreement:
    """An agreement starts with version 1, a draft until every party has signed it."""
    _require(permissions.can_change_partnership(by, partnership))
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    if is_governing:
        _check_no_other_governing(partnership)
    _check_effective_date(terms.get("effective_on"))
    agreement = Agreement(
        partnership=partnership, title=title, kind=kind, is_governing=is_governing
    )
    agreement.full_clean()
    agreement.save()
    version = AgreementVersion(agreement=agreement, number=1, status=VersionStatus.DRAFT, **terms)
    version.full_clean()
    version.save()
    return agreement


def _check_effective_date(effective_on):
    if effective_on is None:
        raise ValidationError(
            {"effective_on": "Enter the date this version takes effect once every party has signed"}
        )


def _check_no_other_governing(partnership: Partnership, agreement: Agreement | None = None):
    other = partnership.agreements.filter(is_governing=True)
    if agreement is not None:
        other = other.exclude(pk=agreement.pk)
    other = other.first()
    if other is not None:
        raise ValidationError(
            {
                "is_governing": f"{other} already governs {partnership}. A partnership has one "
                "governing agreement: change that agreement first if this one replaces it"
            }
        )


@transaction.atomic
def update_agreement(
    agreement: Agreement,
    *,
    by,
    title: str | None = None,
    kind: str | None = None,
    is_governing: bool | None = None,
) -> Agreement:
    """Change an agreement's title, kind, or whether it governs the partnership."""
    _require(permissions.can_change_agreement(by, agreement))
    Partnership.objects.select_for_update().get(pk=agreement.partnership_id)
    agreement = Agreement.objects.select_related("partnership").get(pk=agreement.pk)
    if is_governing is not None and is_governing != agreement.is_governing:
        if agreement.terminated_on:
            raise ValidationError(
                {
                    "is_governing": f"{agreement} was terminated on "
                    f"{agreement.terminated_on:%-d %B %Y}, so whether it governs the "
                    "partnership cannot be changed"
                }
            )
        if is_governing:
            _check_no_other_governing(agreement.partnership, agreement)
        agreement.is_governing = is_governing
    if title is not None:
        agreement.title = title
    if kind is not None:
        agreement.kind = kind
    agreement.full_clean()
    agreement.save()
    return agreement


@transaction.atomic
def revise_agreement(agreement: Agreement, *, by, **terms) -> AgreementVersion:
    """A revision is a new version, a draft until every party on its effective date has signed
    it; then it supersedes the version in force (see `sign`).

    003 §8: "the Memorandum shall continue in effect until superseded by the replacement".
    Earlier versions are kept, with the date they were superseded.
    """
    _require(permissions.can_change_agreement(by, agreement))
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.terminated_on:
        raise ValidationError("This agreement has been terminated and cannot be revised")
    _check_effective_date(terms.get("effective_on"))
    in_force = agreement.versions.filter(status=VersionStatus.IN_FORCE).first()
    if in_force is not None:
        _check_takes_effect_after(terms["effective_on"], in_force)
    latest = agreement.versions.order_by("-number").first()
    version = AgreementVersion(
        agreement=agreement,
        number=(latest.number + 1) if latest else 1,
        status=VersionStatus.DRAFT,
        **terms,
    )
    version.full_clean()
    version.save()
    return version


def _check_takes_effect_after(effective_on: datetime.date, previous: AgreementVersion):
    if previous.effective_on and effective_on < previous.effective_on:
        raise ValidationError(
            {
                "effective_on": f"The version in force took effect on "
                f"{previous.effective_on:%-d %B %Y}; a revision must take "
                "effect on or after that date"
            }
        )


def _come_into_force(version: AgreementVersion) -> AgreementVersion:
    """Every party on its effective date has signed: the version comes into force, and the
    version in force before it is superseded on the new version's effective date."""
    for previous in version.agreement.versions.filter(status=VersionStatus.IN_FORCE):
        if previous.number > version.number:
            raise ValidationError(
                f"Version {previous.number} is in force, so version {version.number}, an "
                "earlier draft, can no longer come into force"
            )
        _check_takes_effect_after(version.effective_on, previous)
        previous.status = VersionStatus.SUPERSEDED
        previous.superseded_on = version.effective_on
        previous.save()
    version.status = VersionStatus.IN_FORCE
    version.save()
    return version


@transaction.atomic
def sign(
    version: AgreementVersion,
    *,
    by,
    organisation: Organisation,
    signatory_name: str,
    position: str,
    signed_on: datetime.date,
) -> Signature:
    """Record a party's signature of a version. The signature that completes a draft (every
    organisation that is a party on its effective date has signed) brings it into force.

    A council's officer records their own council's signature; the partnership's managers
    record any party's.
    """
    agreement = version.agreement
    _require(
        permissions.can_record_signature(by, agreement, organisation),
        "Only the council's own officers or the partnership's managers can record its signature",
    )
    # One signature at a time per agreement, so that the last two cannot both miss the moment.
    agreement = (
        Agreement.objects.select_for_update().select_related("partnership").get(pk=agreement.pk)
    )
    version = AgreementVersion.objects.select_related("agreement__partnership").get(pk=version.pk)
    if agreement.terminated_on:
        raise ValidationError("This agreement has been terminated")
    if version.status == VersionStatus.SUPERSEDED:
        raise ValidationError(f"Version {version.number} has been superseded")
    if version.status == VersionStatus.DRAFT:
        newer = agreement.versions.filter(status=VersionStatus.IN_FORCE, number__gt=version.number)
        if newer.exists():
            raise ValidationError(
                f"A later version is in force, so version {version.number} can no longer be signed"
            )
    if not any(p.organisation_id == organisation.pk for p in version.parties_to_sign()):
        when = f"{version.effective_on:%-d %B %Y}" if version.effective_on else "today"
        message = f"{organisation} was not a party on {when}, when version {version.number} "
        message += "takes effect"
        if version.status == VersionStatus.IN_FORCE:
            message += ": an organisation joining the agreement accedes to it"
        raise ValidationError({"organisation": message})
    signature = _record_signature(
        version,
        organisation=organisation,
        signatory_name=signatory_name,
        position=position,
        signed_on=signed_on,
    )
    if version.status == VersionStatus.DRAFT and not version.still_to_sign():
        _come_into_force(version)
    return signature


def _record_signature(version, *, organisation, is_accession=False, **details) -> Signature:
    if version.signatures.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation} has already signed this version"})
    signature = Signature(
        version=version, organisation=organisation, is_accession=is_accession, **details
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
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
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
    _record_signature(
        version,
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
    party: Party, *, by, served_on: datetime.date, agreement: Agreement | None = None
) -> Party:
    """The party's participation ends when the notice period has run: the governing
    agreement's, or that of the agreement the notice names."""
    _require(permissions.can_serve_notice(by, party))
    if agreement is None:
        agreement = party.partnership.governing_agreement
        if agreement is None:
            raise ValidationError(
                {
                    "agreement": "Choose the agreement the notice is served under: the "
                    "partnership has no governing agreement"
                }
            )
    if agreement.partnership_id != party.partnership_id:
        raise ValidationError({"agreement": "That agreement belongs to another partnership"})
    if agreement.terminated_on and agreement.terminated_on <= served_on:
        raise ValidationError(
            {"agreement": f"{agreement} was terminated on {agreement.terminated_on:%-d %B %Y}"}
        )
    version = agreement.current_version
    if version is None:
        raise ValidationError(
            {"agreement": f"{agreement} has no version in force, so it has no notice period"}
        )
    if not party.is_current(served_on):
        raise ValidationError({"served_on": "The organisation was not a party on that date"})
    if party.left_on:
        raise ValidationError(f"{party.organisation} already leaves on {party.left_on:%-d %B %Y}")
    party.notice_served_on = served_on
    party.notice_under = agreement
    party.left_on = version.withdrawal_effective_on(served_on)
    party.leaving_route = LeavingRoute.WITHDRAWAL
    party.save()
    _follow_in_rotations(party, on=party.left_on, what="leaves on")
    return party


@transaction.atomic
def terminate_by_agreement(agreement: Agreement, *, by, on: datetime.date) -> Agreement:
    """003 §8: the memorandum "may be terminated by agreement of the parties".

    Terminating an agreement ends that agreement. Only the termination of the partnership's
    governing agreement ends the partnership: then every party's participation ends on that
    date, unless it had already ended earlier.
    """
    _require(permissions.can_change_agreement(by, agreement))
    agreement = (
        Agreement.objects.select_for_update().select_related("partnership").get(pk=agreement.pk)
    )
    if agreement.terminated_on:
        raise ValidationError("This agreement has already been terminated")
    leaving = []
    if agreement.is_governing:
        for party in agreement.partnership.parties.select_related("organisation"):
            if party.left_on is not None and party.left_on <= on:
                continue
            if party.joined_on > on:
                raise ValidationError(
                    {
                        "terminated_on": f"{party.organisation} joined on "
                        f"{party.joined_on:%-d %B %Y}, after that date"
                    }
                )
            leaving.append(party)
    agreement.terminated_on = on
    agreement.save()
    for party in leaving:
        party.left_on = on
        party.leaving_route = LeavingRoute.BY_AGREEMENT
        party.save()
    return agreement
