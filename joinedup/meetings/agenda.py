"""Agenda items and their papers.

DOMAIN §2 [M5]: an exempt item must cite its paragraph of Schedule 12A.
003 §5: membership of a body may be extended for an agenda item ("relevant portfolio holders,
opposition members, relevant council officers, health representatives").
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.organisations.models import Person

from . import minutes, papers, permissions
from .models import AgendaItem, Meeting, MeetingStatus, Paper, Purpose

SECRETARIAT_ONLY = "Only the host council's officers and the partnership's managers can do this"


@transaction.atomic
def add_item(
    meeting: Meeting,
    *,
    by,
    title: str,
    purpose: str = Purpose.DECISION,
    presenter: Person | None = None,
    description: str = "",
    is_exempt: bool = False,
    exemption_ground: str = "",
    extended_members: Iterable[Person] = (),
    paper_title: str = "",
    paper_file=None,
) -> AgendaItem:
    """Add an item to the end of the agenda, with its paper if one is given."""
    if not permissions.can_manage(by, meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError("This meeting was cancelled: items cannot be added to it")
    if is_exempt and not exemption_ground:
        raise ValidationError(
            {"exemption_ground": "Select the paragraph of Schedule 12A the item is exempt under"}
        )
    item = AgendaItem(
        meeting=meeting,
        number=minutes.next_number(meeting),
        title=title,
        purpose=purpose,
        presenter=presenter,
        description=description,
        is_exempt=is_exempt,
        exemption_ground=exemption_ground if is_exempt else "",
    )
    item.full_clean()
    item.save()
    if extended_members:
        item.extended_members.set(extended_members)
    if paper_file is not None:
        add_paper(item, by=by, title=paper_title or title, file=paper_file)
    return item


def add_paper(item: AgendaItem, *, by, title: str, file) -> Paper:
    """A paper is a PDF, DOCX, XLSX or ODT file of at most 20 MB (papers.check_upload)."""
    if not permissions.can_manage(by, item.meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    if not title.strip():
        raise ValidationError({"paper_title": "Enter a title for the paper"})
    content_type = papers.check_upload(file)
    return Paper.objects.create(
        item=item, title=title.strip(), file=file, content_type=content_type, size=file.size
    )
