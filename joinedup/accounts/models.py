from django.conf import settings
from django.db import models


class EmailStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class OutgoingEmail(models.Model):
    """Every email joinedup sends, as it was built (`joinedup.mail`), and what became of it:
    queued, sent, or failed after its last attempt with the server's answer. Administrators
    see them in the admin; nothing undeliverable is lost silently."""

    to = models.JSONField("recipients")
    subject = models.CharField(max_length=300)
    from_email = models.CharField(max_length=300)
    text = models.TextField("plain-text part")
    html = models.TextField("HTML part")
    headers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "outgoing email"
        indexes = [models.Index(fields=["status", "-created_at"], name="outgoing_email_status")]

    def __str__(self):
        return f"{self.subject} to {', '.join(self.to)}"


class Invitation(models.Model):
    """A person invited by email to set a password for the account made for them. The link
    carries a signed token (`joinedup.accounts.invitations`): it expires, and it works once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    partnership = models.ForeignKey(
        "agreements.Partnership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation of {self.user.email}"
