"""Every email joinedup sends is built and sent here.

`compose` builds a message with a plain-text and an HTML part, every link absolute to the
site's own address (`JOINEDUP_SITE_URL`), and, for a subscription, an unsubscribe link in
both parts and `List-Unsubscribe` / `List-Unsubscribe-Post` headers (RFC 2369, RFC 8058).
`send` records each message (`accounts.OutgoingEmail`) and queues its delivery on the task
queue in the caller's transaction; `deliver` hands it to the mail server, retrying after
`JOINEDUP_MAIL_RETRY_DELAYS` seconds, and records it as failed, with the server's answer,
when the last attempt fails. Administrators see every message and its state in the admin.
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks, urlize
from django_tasks import task

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "joinedup.mail.unsubscribe"
_LINK = re.compile(r"""(?:href|src)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"']+")


class RelativeLinkError(ValueError):
    """An email would carry a link that does not start with the site's own address."""


def site_url() -> str:
    """The site's own address, e.g. https://joinedup.example (no trailing slash)."""
    return settings.JOINEDUP_SITE_URL.rstrip("/")


def absolute(path_or_url: str) -> str:
    """`/notices/3/` as https://joinedup.example/notices/3/; an absolute URL as it is."""
    if path_or_url.startswith(("http://", "https://", "mailto:")):
        return path_or_url
    return site_url() + "/" + path_or_url.lstrip("/")


def unsubscribe_url(user, scope: str = "notices") -> str:
    """A link that stops one kind of subscription email for `user` without signing in."""
    token = signing.dumps({"u": user.pk, "s": scope}, salt=UNSUBSCRIBE_SALT, compress=True)
    return absolute(reverse("accounts:unsubscribe", args=[token]))


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, scope) from an unsubscribe link; signing.BadSignature if it was altered."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["s"])


def _html_from_text(text: str) -> str:
    return linebreaks(urlize(escape(text), autoescape=False), autoescape=False)


def compose(
    *,
    to: list[str],
    subject: str,
    text: str | None = None,
    template: str | None = None,
    context: dict | None = None,
    unsubscribe: str | None = None,
) -> EmailMultiAlternatives:
    """One email. Either `template` (renders `mail/<template>.txt` and `.html` with `context`)
    or `text` (the HTML part is the text with its links made clickable). `unsubscribe` is
    the unsubscribe link of a subscription email (see `unsubscribe_url`)."""
    context = {**(context or {}), "site_url": site_url(), "unsubscribe_url": unsubscribe}
    if template is not None:
        text = render_to_string(f"mail/{template}.txt", context)
        body_html = render_to_string(f"mail/{template}.html", context)
    elif text is not None:
        body_html = _html_from_text(text)
        if unsubscribe:
            text += f"\nTo stop these emails: {unsubscribe}\n"
    else:
        raise TypeError("compose() needs text or a template")
    html = render_to_string("mail/layout.html", {**context, "subject": subject, "body": body_html})
    _check_links(text, html)
    headers = {}
    if unsubscribe:
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=subject, body=text, to=list(to), headers=headers)
    message.attach_alternative(html, "text/html")
    return message


def _check_links(text: str, html: str) -> None:
    site = site_url() + "/"
    links = _LINK.findall(html) + _URL_IN_TEXT.findall(text)
    stray = [link for link in links if not link.startswith((site, "mailto:"))]
    if stray:
        raise RelativeLinkError(f"Links must start with {site}: {stray}")


def send(messages) -> int:
    """Record each message and queue its delivery (in the caller's transaction: a message is
    queued exactly when the change that sends it is saved). Returns how many were queued."""
    from joinedup.accounts.models import OutgoingEmail

    count = 0
    for message in messages:
        html = next((c for c, mimetype in message.alternatives if mimetype == "text/html"), "")
        outgoing = OutgoingEmail.objects.create(
            to=list(message.to),
            subject=message.subject,
            from_email=message.from_email or settings.DEFAULT_FROM_EMAIL,
            text=message.body,
            html=html,
            headers=dict(message.extra_headers),
        )
        deliver.enqueue(outgoing.pk)
        count += 1
    return count


def retry_delays() -> list[int]:
    return list(settings.JOINEDUP_MAIL_RETRY_DELAYS)


@task()
def deliver(outgoing_email_id: int) -> str:
    """Hand one recorded message to the mail server: sent, queued again for a later attempt,
    or, after the last attempt, failed with the server's answer."""
    from joinedup.accounts.models import EmailStatus, OutgoingEmail

    outgoing = OutgoingEmail.objects.get(pk=outgoing_email_id)
    if outgoing.status != EmailStatus.QUEUED:
        return outgoing.status
    message = EmailMultiAlternatives(
        subject=outgoing.subject,
        body=outgoing.text,
        from_email=outgoing.from_email,
        to=outgoing.to,
        headers=outgoing.headers,
    )
    if outgoing.html:
        message.attach_alternative(outgoing.html, "text/html")
    outgoing.attempts += 1
    try:
        message.send()
    except Exception as error:  # any failure of the server or the connection
        outgoing.last_error = f"{type(error).__name__}: {error}"[:2000]
        delays = retry_delays()
        if outgoing.attempts > len(delays):
            outgoing.status = EmailStatus.FAILED
            outgoing.failed_at = timezone.now()
            outgoing.save()
            logger.error(
                "Email %s failed after %s attempts: %s",
                outgoing.pk,
                outgoing.attempts,
                outgoing.last_error,
            )
            return outgoing.status
        outgoing.save()
        run_after = timezone.now() + timedelta(seconds=delays[outgoing.attempts - 1])
        deliver.using(run_after=run_after).enqueue(outgoing.pk)
        return outgoing.status
    outgoing.status = EmailStatus.SENT
    outgoing.sent_at = timezone.now()
    outgoing.last_error = ""
    outgoing.save()
    return outgoing.status
