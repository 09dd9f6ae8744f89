import re

from django.core.management import call_command

LINK = re.compile(r"https?://[^\s<>\"']+")


def run_queue():
    """The real worker over the real queue: everything outstanding (retries included), then stop."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def parts(message) -> tuple[str, str]:
    """(plain text, HTML) of a delivered email.message.EmailMessage."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def links(message) -> list[str]:
    text, html = parts(message)
    hrefs = re.findall(r'href="([^"]*)"', html)
    return LINK.findall(text) + hrefs
