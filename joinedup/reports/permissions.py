"""Who may read and ask for quarterly reports.

- Reading a report, its runs and its files: whoever may read the partnership (the public for
  a published one; an unpublished one only its parties' people and its managers; others 404).
- Asking for the DOCX and PDF to be generated: officers of a current party, the partnership's
  managers and administrators (as for recording its money); elected members, the public and
  other councils' officers may not (403).
"""

from joinedup.agreements.models import Partnership
from joinedup.finance.permissions import can_change_money

ONLY_THE_PARTNERSHIP = (
    "Only officers of the partnership's councils and its managers can generate its reports"
)


def can_view(user, partnership: Partnership) -> bool:
    return Partnership.objects.visible_to(user).filter(pk=partnership.pk).exists()


def can_request(user, partnership: Partnership) -> bool:
    return can_change_money(user, partnership)
