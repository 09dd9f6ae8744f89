"""Every audited record keeps who changed it, acting for which organisation, and when.

django-simple-history writes one historical row per change; this abstract base adds the
organisation the user was acting for. History rows are written by the application only:
no page or API operation edits or deletes them.
"""

from django.db import models
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


class ActingForHistory(models.Model):
    history_acting_for = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        db_constraint=False,
        related_name="+",
        verbose_name="acting for",
    )

    class Meta:
        abstract = True


def audited(**kwargs) -> HistoricalRecords:
    """The history field every audited model declares: `history = audited()`."""
    return HistoricalRecords(bases=[ActingForHistory], **kwargs)


def _record_acting_for(sender, history_instance, **kwargs):
    request = getattr(HistoricalRecords.context, "request", None)
    user = getattr(request, "user", None) if request is not None else None
    if user is None:
        user = history_instance.history_user
    if user is not None and getattr(user, "is_authenticated", False):
        history_instance.history_acting_for_id = user.organisation_id


pre_create_historical_record.connect(_record_acting_for, dispatch_uid="audit_acting_for")
