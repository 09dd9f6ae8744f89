import datetime

from ninja import Field, Schema
from pydantic import field_validator

from joinedup.govuk.text import has_nul


def _carries_nul(value) -> bool:
    if isinstance(value, list | tuple):
        return any(_carries_nul(item) for item in value)
    if isinstance(value, dict):
        return any(_carries_nul(k) or _carries_nul(v) for k, v in value.items())
    return has_nul(value)


class InputSchema(Schema):
    """What every API input schema is: a field whose value carries a NUL is refused with a
    422 naming the field (PostgreSQL cannot store one). Other control characters have been
    normalised already by the API's parser (`joinedup.api.parsing`)."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value):
        if _carries_nul(value):
            raise ValueError("must not contain a null character")
        return value


class OrganisationOut(Schema):
    code: str
    name: str
    kind: str
    nation: str
    parent_code: str | None = Field(None, alias="parent.code")
    population: int | None


class PostOut(Schema):
    kind: str
    title: str
    started_on: datetime.date | None
    ended_on: datetime.date | None


class PersonOut(Schema):
    id: int
    name: str
    is_demo: bool
    posts: list[PostOut]
    email: str | None = None
    phone: str | None = None


class OrganisationDetailOut(OrganisationOut):
    people: list[PersonOut] = Field(alias="people_out")


class ContactDetailsIn(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=40)


class PartyOut(Schema):
    id: int
    organisation_code: str = Field(alias="organisation.code")
    organisation_name: str = Field(alias="organisation.name")
    joined_on: datetime.date
    participation_ends_on: datetime.date | None = Field(alias="left_on")
    leaving_route: str
    notice_served_on: datetime.date | None
    is_current: bool


class PartnershipOut(Schema):
    slug: str
    name: str
    summary: str
    is_published: bool
    parties: list[PartyOut]
    governing_agreement_id: int | None = Field(
        None, description="The agreement that constitutes the partnership"
    )
    ended_on: datetime.date | None = Field(
        None,
        description="The day the partnership ends or ended: its governing agreement's "
        "termination, or the end of its last parties' participation",
    )

    @staticmethod
    def resolve_governing_agreement_id(partnership) -> int | None:
        governing = partnership.governing_agreement
        return governing.pk if governing else None


class SignatureOut(Schema):
    organisation_code: str = Field(alias="organisation.code")
    signatory_name: str
    position: str
    signed_on: datetime.date
    is_accession: bool


class VersionOut(Schema):
    number: int
    status: str = Field(
        description="draft until every party on the effective date has signed it; then "
        "in_force, until a later version comes into force (superseded)"
    )
    legal_form: str
    is_legally_binding: bool
    effective_on: datetime.date | None
    superseded_on: datetime.date | None
    objectives: str
    principles: str
    review_on: datetime.date | None
    notice_period_months: int
    withdrawal_timing: str
    change_summary: str
    signatures: list[SignatureOut]
    awaiting_signature_from: list[str] = Field(
        [], description="GSS codes of the parties still to sign a draft"
    )

    @staticmethod
    def resolve_awaiting_signature_from(version) -> list[str]:
        if version.status != "draft":
            return []
        return [organisation.code for organisation in version.still_to_sign()]


class AgreementSummaryOut(Schema):
    id: int
    title: str
    kind: str
    partnership_slug: str = Field(alias="partnership.slug")
    is_governing: bool
    terminated_on: datetime.date | None


class AgreementOut(AgreementSummaryOut):
    versions: list[VersionOut] = Field(alias="visible_versions")


class PartnershipIn(InputSchema):
    name: str = Field(min_length=1, max_length=200)
    summary: str = Field("", max_length=10000)
    is_published: bool = True
    joined_on: datetime.date


class PartnershipPatch(InputSchema):
    name: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = Field(None, max_length=10000)
    is_published: bool | None = None


class PartyIn(InputSchema):
    organisation_code: str = Field(min_length=9, max_length=9)
    joined_on: datetime.date


class WithdrawalIn(InputSchema):
    agreement_id: int | None = Field(
        None, description="The agreement the notice is served under; the governing one if not given"
    )
    served_on: datetime.date


class TermsIn(InputSchema):
    """A new version's terms. It is a draft until every organisation that is a party on its
    effective date has signed it (POST .../signatures)."""

    legal_form: str
    is_legally_binding: bool = False
    effective_on: datetime.date
    objectives: str = Field("", max_length=20000)
    principles: str = Field("", max_length=20000)
    review_on: datetime.date | None = None
    notice_period_months: int = Field(0, ge=0, le=120)
    withdrawal_timing: str = "after_notice"
    change_summary: str = Field("", max_length=20000)


class AgreementIn(TermsIn):
    title: str = Field(min_length=1, max_length=200)
    kind: str
    is_governing: bool = False


class AgreementPatch(InputSchema):
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: str | None = None
    is_governing: bool | None = None


class SignatureIn(InputSchema):
    organisation_code: str = Field(min_length=9, max_length=9)
    signatory_name: str = Field(min_length=1, max_length=200)
    position: str = Field(min_length=1, max_length=200)
    signed_on: datetime.date


class TerminationIn(InputSchema):
    terminated_on: datetime.date


class Error(Schema):
    detail: str | list[dict]
